//! Broker exports (broker-formats.md §8) in their real encodings and containers, each
//! reconstructing the master ledger of §8; formats agreeing with each other; pasted text;
//! the canonical CSV round trip and the importer's refusal to panic, as properties.
//!
//! The fixtures under `tests/import/` are written by `tests/import/generate.py` from the
//! sample rows of §8 (copied verbatim into `tests/import/source/`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use proptest::prelude::*;
use redress::import::{self, Content, Import, InputFile, Options, Status};
use redress::money::Decimal;
use redress::{Date, Kind, Trade, canonical};

fn path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/import").join(name)
}

fn load_all(names: &[&str], select: &[&str]) -> Import {
    let bytes: Vec<Vec<u8>> = names.iter().map(|n| std::fs::read(path(n)).unwrap()).collect();
    let files: Vec<InputFile<'_>> = names
        .iter()
        .zip(&bytes)
        .map(|(n, b)| InputFile { name: n, content: Content::Bytes(b) })
        .collect();
    let options =
        Options { select: select.iter().map(|s| (*s).to_owned()).collect(), ..Options::default() };
    import::import(&files, &options).unwrap_or_else(|e| panic!("{names:?}: {e}"))
}

fn load(name: &str) -> Import {
    load_all(&[name], &[])
}

/// (code, date, kind, quantity, price) — one trade.
type Row = (&'static str, &'static str, Kind, u64, Option<&'static str>);

/// The master ledger of broker-formats.md §8, as trades: the table under "Master ledger"
/// (transfer in at unknown cost, the 10派5 dividend as 0.5 per share, 10转3 as 390 bonus
/// shares, the rights credit at the 配股缴款 price, the new-share credit at its issue price).
const LEDGER: &[Row] = &[
    ("000333", "2024-01-02", Kind::TransferIn, 500, None),
    ("600000", "2024-01-08", Kind::Buy, 1000, Some("8.12")),
    ("600000", "2024-01-15", Kind::Sell, 1000, Some("8.45")),
    ("000001", "2024-01-18", Kind::Buy, 800, Some("10.36")),
    ("000001", "2024-02-05", Kind::Sell, 800, Some("9.88")),
    ("300059", "2024-02-12", Kind::Buy, 500, Some("13.74")),
    ("300059", "2024-03-01", Kind::Sell, 500, Some("15.02")),
    ("601318", "2024-03-12", Kind::Buy, 200, Some("42.60")),
    ("000333", "2024-03-15", Kind::Sell, 500, Some("60.10")),
    ("601318", "2024-04-02", Kind::Sell, 200, Some("44.15")),
    ("688111", "2024-05-20", Kind::Buy, 100, Some("218.40")),
    ("688111", "2024-06-03", Kind::Sell, 100, Some("205.90")),
    ("002415", "2024-06-11", Kind::Buy, 1000, Some("31.85")),
    ("002415", "2024-06-11", Kind::Buy, 300, Some("31.85")),
    ("002415", "2024-07-10", Kind::Bonus, 390, None),
    ("002415", "2024-07-10", Kind::Dividend, 0, Some("0.5")),
    ("002415", "2024-07-25", Kind::Sell, 1690, Some("28.50")),
    ("600036", "2024-08-05", Kind::Buy, 1000, Some("32.10")),
    ("603999", "2024-08-26", Kind::Buy, 500, Some("10.00")),
    ("600036", "2024-08-28", Kind::Rights, 200, Some("25.00")),
    ("600036", "2024-09-02", Kind::Sell, 1200, Some("33.00")),
    ("603999", "2024-09-03", Kind::Sell, 500, Some("15.20")),
];

/// What a 历史成交 export lacks: the transfer in, the new-share and the rights credits.
fn is_credit(r: &Row) -> bool {
    matches!((r.0, r.2), ("000333", Kind::TransferIn) | ("603999", Kind::Buy) | (_, Kind::Rights))
        && !(r.0 == "603999" && r.1 != "2024-08-26")
}

type Key = (String, Date, Kind, u64, Option<Decimal>);

fn ledger(keep: impl Fn(&Row) -> bool) -> BTreeMap<String, Vec<Key>> {
    let mut out: BTreeMap<String, Vec<Key>> = BTreeMap::new();
    for r in LEDGER.iter().filter(|r| keep(r)) {
        out.entry(r.0.to_owned()).or_default().push((
            r.0.to_owned(),
            r.1.parse().unwrap(),
            r.2,
            r.3,
            r.4.map(|p| p.parse::<Decimal>().unwrap().normalize()),
        ));
    }
    for v in out.values_mut() {
        v.sort();
    }
    out
}

/// The trades of an import per equity code (listing codes only, as the ledger has them).
fn trades(i: &Import) -> BTreeMap<String, Vec<Key>> {
    let mut out: BTreeMap<String, Vec<Key>> = BTreeMap::new();
    for t in &i.trades {
        let tr = &t.trade;
        out.entry(t.code.clone()).or_default().push((
            t.code.clone(),
            tr.date,
            tr.kind,
            tr.quantity,
            tr.price.map(|p| p.0.normalize()),
        ));
    }
    for v in out.values_mut() {
        v.sort();
    }
    out
}

fn unknown_origin(i: &Import) -> BTreeMap<String, u64> {
    i.report
        .securities
        .iter()
        .filter(|s| s.unknown_origin > 0)
        .map(|s| (s.code.clone(), s.unknown_origin))
        .collect()
}

fn openings(i: &Import) -> BTreeMap<String, u64> {
    i.openings.iter().map(|o| (o.code.clone(), o.shares)).collect()
}

fn map(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
    pairs.iter().map(|(c, n)| ((*c).to_owned(), *n)).collect()
}

/// Every non-blank line is reported once, and rows never go negative.
fn accounted(i: &Import) {
    let mut seen = std::collections::HashSet::new();
    for r in &i.report.rows {
        assert!(seen.insert((r.file, r.row)), "row {}:{} reported twice", r.file, r.row);
        if r.status != Status::Used {
            assert!(r.reason.is_some() && r.message.is_some(), "{r:?}");
        }
        if r.status == Status::Rejected {
            assert!(r.column.is_some(), "a rejected row names its column: {r:?}");
        }
    }
    for s in &i.report.securities {
        assert!(s.position >= 0, "{s:?}");
    }
    let c = i.report.counts;
    assert_eq!((c.used + c.ignored + c.rejected) as usize, i.report.rows.len());
}

fn full_ledger(name: &str) {
    let i = load(name);
    accounted(&i);
    assert_eq!(trades(&i), ledger(|_| true), "{name}");
    assert!(unknown_origin(&i).is_empty(), "{name}: {:?}", unknown_origin(&i));
    assert!(openings(&i).is_empty(), "{name}");
    assert_eq!(i.report.counts.rejected, 0, "{name}");
    for s in &i.report.securities {
        assert_eq!(s.position, 0, "{name}: every position is closed: {s:?}");
    }
}

#[test]
fn a_ths_jiaoge_gbk_tsv_named_xls() {
    full_ledger("a-ths-jiaoge.xls");
    let i = load("a-ths-jiaoge.xls");
    let f = &i.report.files[0];
    assert_eq!(f.encoding, Some(redress::text::Encoding::Gb18030));
    assert_eq!(f.container, import::Container::Delimited);
    assert_eq!(f.delimiter.as_deref(), Some("\t"));
    assert_eq!(f.counts.used + f.counts.ignored, 33);
}

#[test]
fn a_as_excel_unicode_text() {
    full_ledger("a-utf16.xls");
}

#[test]
fn d_hxsec_formula_cells_crlf() {
    full_ledger("d-hxsec-jiaoge.xls");
    let i = load("d-hxsec-jiaoge.xls");
    assert!(i.report.notes.iter().any(|n| n.code == "settlement-date"));
}

#[test]
fn g_jgd_gb18030_csv_newest_first_credits_priced_from_payments() {
    full_ledger("g-jgd.csv");
    let i = load("g-jgd.csv");
    assert_eq!(i.report.files[0].order, import::Order::NewestFirst);
    let reasons: Vec<_> = i.report.rows.iter().filter_map(|r| r.reason).collect();
    assert!(reasons.contains(&"rights-price") && reasons.contains(&"ipo-price"), "{reasons:?}");
    // Chronological output although the file is newest first.
    assert!(i.trades.windows(2).all(|w| w[0].trade.date <= w[1].trade.date));
}

#[test]
fn h_html_table_named_xls() {
    full_ledger("h-ths-statement.xls");
    let i = load("h-ths-statement.xls");
    assert_eq!(i.report.files[0].container, import::Container::Html);
    let reasons: Vec<_> = i.report.rows.iter().filter_map(|r| r.reason).collect();
    assert_eq!(&reasons[..3], &["preamble", "preamble", "header"]);
    assert_eq!(reasons.last(), Some(&"total"));
}

#[test]
fn paste_tabs_and_spaces_parse_alike() {
    full_ledger("paste-tabs.txt");
    full_ledger("paste-spaces.txt");
    let tabs = load("paste-tabs.txt");
    let spaces = load("paste-spaces.txt");
    assert_eq!(spaces.report.files[0].container, import::Container::FixedWidth);
    let strip = |i: &Import| -> Vec<(Option<&'static str>, Status, u32)> {
        i.report.rows.iter().map(|r| (r.reason, r.status, r.row)).collect()
    };
    assert_eq!(strip(&tabs), strip(&spaces));
    let t: Vec<&Trade> = tabs.trades.iter().map(|t| &t.trade).collect();
    let s: Vec<&Trade> = spaces.trades.iter().map(|t| &t.trade).collect();
    assert_eq!(t, s);
}

/// 历史成交 exports lack credits: they report shares of unknown origin, never negative
/// positions (§8 C note).
fn history_without_credits(name: &str) {
    let i = load(name);
    accounted(&i);
    assert_eq!(trades(&i), ledger(|r| !is_credit(r)), "{name}");
    assert_eq!(
        unknown_origin(&i),
        map(&[("000333", 500), ("600036", 200), ("603999", 500)]),
        "{name}"
    );
    let notes = i.report.notes.iter().filter(|n| n.code == "unknown-origin").count();
    assert_eq!(notes, 3, "{name}");
}

#[test]
fn c_tdx_history_business_in_remarks() {
    history_without_credits("c-tdx-history.xls");
    let i = load("c-tdx-history.xls");
    // The 配号 row's 10 and the tax row's 1300 are not shares.
    let r = |row| i.report.rows.iter().find(|r| r.row == row).unwrap();
    assert_eq!(r(20).reason, Some("ipo-lottery"));
    assert_eq!(r(18).reason, Some("dividend-tax"));
    assert_eq!(r(15).reason, Some("dividend-per-share"));
}

#[test]
fn i_tdx_fixed_width_text() {
    history_without_credits("i-tdx-history.txt");
    let i = load("i-tdx-history.txt");
    assert_eq!(i.report.files[0].container, import::Container::FixedWidth);
    assert_eq!(i.report.files[0].header_row, 5);
}

#[test]
fn b_pingan_history_formula_cells() {
    let i = load("b-pingan-history.xls");
    accounted(&i);
    // No dividend row in this layout either.
    assert_eq!(trades(&i), ledger(|r| !is_credit(r) && r.2 != Kind::Dividend));
    assert_eq!(unknown_origin(&i), map(&[("000333", 500), ("600036", 200), ("603999", 500)]));
}

#[cfg(feature = "workbook")]
#[test]
fn e_citic_real_xlsx_infers_openings_from_the_balance() {
    let i = load("e-citic.xlsx");
    accounted(&i);
    assert_eq!(i.report.files[0].container, import::Container::Xlsx);
    // Trades only; codes were numbers (1 → 000001) and dates and times Excel cells.
    assert_eq!(
        trades(&i),
        ledger(|r| matches!(r.2, Kind::Buy | Kind::Sell) && !(r.0 == "603999" && r.2 == Kind::Buy))
    );
    assert_eq!(i.trades[0].trade.time.unwrap().to_string(), "09:41:12");
    // 余额 tells what the rows do not: 000333 and 603999 held before their first row,
    // 390 bonus and 200 rights shares arrived between rows.
    assert_eq!(openings(&i), map(&[("000333", 500), ("603999", 500)]));
    assert_eq!(unknown_origin(&i), map(&[("002415", 390), ("600036", 200)]));
    let gaps: Vec<_> = i
        .report
        .notes
        .iter()
        .filter(|n| n.code == "balance-gap")
        .map(|n| (n.security.clone().unwrap(), n.shares))
        .collect();
    assert_eq!(gaps, vec![("002415".to_owned(), Some(390)), ("600036".to_owned(), Some(200))]);
    assert_eq!(i.opening_of(&["000333".to_owned()]), 500);
}

#[cfg(feature = "workbook")]
#[test]
fn f_credit_account_real_biff8_xls() {
    let i = load("f-gtja-credit.xls");
    accounted(&i);
    assert_eq!(i.report.files[0].container, import::Container::Xls);
    let got = trades(&i);
    let want: Vec<(&str, Kind, u64, Option<&str>)> = vec![
        ("000858", Kind::TransferIn, 1000, None),
        ("000858", Kind::Dividend, 0, Some("3")),
        ("000858", Kind::TransferOut, 1000, None),
        ("600519", Kind::Buy, 10, Some("1680")),
        ("600519", Kind::Sell, 10, Some("1702")),
        ("601336", Kind::Buy, 1000, Some("30.5")),
        ("601336", Kind::Sell, 1000, Some("31.2")),
    ];
    let flat: Vec<(&str, Kind, u64, Option<String>)> = got
        .values()
        .flatten()
        .map(|k| (k.0.as_str(), k.2, k.3, k.4.map(|p| p.to_string())))
        .collect();
    let want: Vec<(&str, Kind, u64, Option<String>)> =
        want.into_iter().map(|(c, k, q, p)| (c, k, q, p.map(str::to_owned))).collect();
    assert_eq!(flat, want);
    // Loans, repayments, interest and the dividend tax (whose 1000 is the holding) move no shares.
    let ignored: Vec<_> = i
        .report
        .rows
        .iter()
        .filter(|r| r.status == Status::Ignored)
        .filter_map(|r| r.reason)
        .collect();
    assert_eq!(
        ignored,
        vec![
            "header",
            "cash-only",
            "cash-only",
            "cash-only",
            "cash-only",
            "dividend-tax",
            "cash-only"
        ]
    );
    assert!(i.report.securities.iter().all(|s| s.position == 0 && s.unknown_origin == 0));
}

#[test]
fn j_csdc_pasted_text() {
    let i = load("j-csdc-paste.txt");
    accounted(&i);
    // CSDC records carry no 托管转入 (the 深市 balance shows 000333 held before), no 红股
    // (the balance jumps by 390), no dividend cash, and the 600036 送股 registration of
    // the illustrative lines.
    let mut want = ledger(|r| {
        matches!(r.2, Kind::Buy | Kind::Sell)
            && r.0 != "603999"
            && !(r.0 == "600036" && r.2 == Kind::Sell)
    });
    want.get_mut("600036").unwrap().push((
        "600036".into(),
        "2024-08-16".parse().unwrap(),
        Kind::Bonus,
        100,
        None,
    ));
    assert_eq!(trades(&i), want);
    assert_eq!(openings(&i), map(&[("000333", 500)]));
    assert_eq!(unknown_origin(&i), map(&[("002415", 390)]));
    let reason = |row| i.report.rows.iter().find(|r| r.row == row).unwrap().reason;
    assert_eq!(reason(10), Some("dividend-without-amount"));
    assert_eq!(reason(12), Some("ipo-without-price"));
    assert_eq!(reason(24), Some("listing-offset"));
    assert_eq!(reason(26), Some("listing-offset"));
    // Two tables in one paste: the second header switches the columns.
    assert_eq!(reason(15), Some("header"));
}

#[test]
fn k_ocr_text_with_single_spaces() {
    let i = load("k-gf-ocr.txt");
    accounted(&i);
    assert_eq!(i.report.files[0].container, import::Container::Spaces);
    assert_eq!(trades(&i), ledger(|r| r.2 != Kind::TransferIn));
    assert_eq!(unknown_origin(&i), map(&[("000333", 500)]));
}

#[test]
fn all_formats_agree_on_the_trades_they_share() {
    let names = [
        "a-ths-jiaoge.xls",
        "b-pingan-history.xls",
        "c-tdx-history.xls",
        "d-hxsec-jiaoge.xls",
        #[cfg(feature = "workbook")]
        "e-citic.xlsx",
        "g-jgd.csv",
        "h-ths-statement.xls",
        "i-tdx-history.txt",
        "j-csdc-paste.txt",
        "k-gf-ocr.txt",
        "paste-tabs.txt",
        "paste-spaces.txt",
    ];
    let all: Vec<BTreeMap<String, Vec<Key>>> = names.iter().map(|n| trades(&load(n))).collect();
    for (a, ta) in names.iter().zip(&all) {
        for (b, tb) in names.iter().zip(&all) {
            for (code, rows) in ta {
                let Some(other) = tb.get(code) else { continue };
                for row in rows.iter().filter(|r| matches!(r.2, Kind::Buy | Kind::Sell)) {
                    // A buy or sell in one file is in the other, unless the other lacks
                    // that code's credits (a 603999 buy is its new-share credit).
                    let credit = code == "603999" && row.2 == Kind::Buy;
                    assert!(
                        credit || other.contains(row) || !other.iter().any(|o| o.2 == row.2),
                        "{a} has {row:?}, {b} does not"
                    );
                }
            }
        }
    }
}

#[test]
fn every_format_gives_the_same_estimate() {
    // A case on 002415 (two fills, dividend, bonus, sell): window 2024-06-01..07-20.
    let case = redress::Case::from_toml(
        r#"
id = "t"
name = "t"
security = "002415"
[[segments]]
id = "main"
implementation_date = "2024-06-01"
disclosure_date = "2024-06-20"
base_date = "2024-07-05"
base_price = "15.00"
"#,
        "t.toml",
    )
    .unwrap();
    let mut results = Vec::new();
    let names = [
        "a-ths-jiaoge.xls",
        "c-tdx-history.xls",
        "d-hxsec-jiaoge.xls",
        "g-jgd.csv",
        "k-gf-ocr.txt",
        "j-csdc-paste.txt",
        #[cfg(feature = "workbook")]
        "e-citic.xlsx",
    ];
    for name in names {
        let wanted = vec![case.security.clone()];
        let i = load_all(&[name], &["002415"]);
        let trades = i.trades_of(&wanted);
        let files = [name.to_owned()];
        let input = redress::Input {
            case: &case,
            trades: &trades,
            files: &files,
            opening_position: i.opening_of(&wanted),
            market: None,
            indices: None,
        };
        let e = redress::estimate(&input, &redress::Options::default()).unwrap();
        results.push((name, e.compensation, e.segments[0].eligible_shares.0));
    }
    // Every format agrees to the cent: 1300 shares bought in the window, held past the
    // base date (before the bonus), at a loss.
    assert!(results.windows(2).all(|w| (w[0].1, w[0].2) == (w[1].1, w[1].2)), "{results:?}");
    assert_eq!(results[0].2, Decimal::from(1300));
    assert!(results[0].1.0 > Decimal::ZERO, "{results:?}");
}

#[test]
fn l_edge_rows() {
    // THS 历史成交: tax and dividend only in 备注; 0 as a time; 配号 under 其他.
    let i = load("l1-ths-remarks.xls");
    accounted(&i);
    let reasons: Vec<_> = i.report.rows.iter().map(|r| r.reason.unwrap()).collect();
    assert_eq!(reasons, vec!["header", "dividend-tax", "dividend-without-holding", "ipo-lottery"]);
    assert!(i.trades.is_empty());
    // 浙商: the dividend's -60000 is not a sale.
    let i = load("l2-zheshang-dividend.xls");
    assert!(i.trades.is_empty());
    assert_eq!(i.report.rows[1].reason, Some("dividend-without-holding"));
    // 招商: date + sequence, --- placeholders, the name inside the business text.
    let i = load("l3-cmb-flow.xls");
    let t = &i.trades[0];
    assert_eq!((t.code.as_str(), t.trade.kind, t.trade.quantity), ("002225", Kind::Sell, 6600));
    assert_eq!(t.trade.date.to_string(), "2024-03-29");
    assert_eq!(i.report.rows[2].reason, Some("cash-only"));
    // An orders export: 2988 is 002988, 0:22:30 a time, the 申购 a subscription.
    let i = load("l4-tdx-orders.xls");
    assert_eq!(i.report.rows[1].code.as_deref(), Some("002988"));
    assert_eq!(i.report.rows[1].reason, Some("ipo-subscription"));
    // A failed bank transfer is void.
    let i = load("l5-ths-bankflow.xls");
    assert_eq!(i.report.rows[1].reason, Some("void"));
    // An HTML snippet with ="600519".
    let i = load("l6-html.xls");
    let t = &i.trades[0];
    assert_eq!(
        (t.code.as_str(), t.trade.quantity, t.trade.price.unwrap().0.to_string()),
        ("600519", 100, "1500".to_owned())
    );
}

#[test]
fn several_files_are_several_accounts_and_overlaps_count_once() {
    // A and its HTML twin are the same account: every row of the second is a duplicate.
    let i = load_all(&["a-ths-jiaoge.xls", "h-ths-statement.xls"], &[]);
    assert_eq!(trades(&i), ledger(|_| true));
    let dups = i.report.rows.iter().filter(|r| r.reason == Some("duplicate")).count();
    assert_eq!(dups, 32);
    assert!(i.report.notes.iter().any(|n| n.code == "duplicates" && n.shares == Some(32)));
    // A (securities accounts) and K (fund account) are labelled differently and merged.
    let i = load_all(&["a-ths-jiaoge.xls", "k-gf-ocr.txt"], &["002415"]);
    let accounts: std::collections::BTreeSet<_> =
        i.trades.iter().map(|t| t.trade.account.clone()).collect();
    assert_eq!(accounts.len(), 2);
    assert_eq!(i.trades_of(&["002415".to_owned()]).len(), 10);
    assert_eq!(i.report.rows.iter().filter(|r| r.reason == Some("duplicate")).count(), 0);
}

#[test]
fn selection_by_code_and_former_codes() {
    let i = load("a-ths-jiaoge.xls");
    let one = i.trades_of(&["600036".to_owned()]);
    assert_eq!(one.len(), 3);
    let two = i.trades_of(&["600036".to_owned(), "603999".to_owned()]);
    assert_eq!(two.len(), 5);
    assert!(i.codes().iter().any(|(c, n)| *c == "002415" && *n == "海康威视"));
}

#[test]
fn unreadable_files_are_errors_naming_the_file() {
    let e = import::import(
        &[InputFile { name: "x.pdf", content: Content::Bytes(b"%PDF-1.4 ...") }],
        &Options::default(),
    )
    .unwrap_err();
    assert_eq!(e.at.unwrap().file, "x.pdf");
    let e = import::import(
        &[InputFile { name: "t.txt", content: Content::Text("hello\nworld\n") }],
        &Options::default(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "no-header");
}

#[test]
fn a_bad_cell_is_rejected_with_its_row_and_column() {
    let text = "成交日期\t证券代码\t操作\t成交数量\t成交均价\n20240108\t600000\t证券买入\t1000\t8.12\n2024-13-01\t600000\t证券卖出\t1000\t8.45\n20240109\t600000\t证券卖出\tabc\t8.45\n20240110\t600000\t神秘业务\t100\t1\n";
    let i = import::import(
        &[InputFile { name: "p", content: Content::Text(text) }],
        &Options::default(),
    )
    .unwrap();
    let r: Vec<_> =
        i.report.rows.iter().map(|r| (r.row, r.status, r.reason, r.column.as_deref())).collect();
    assert_eq!(r[2], (3, Status::Rejected, Some("bad-date"), Some("成交日期")));
    assert_eq!(r[3], (4, Status::Rejected, Some("bad-number"), Some("成交数量")));
    assert_eq!(r[4], (5, Status::Rejected, Some("unknown-business"), Some("操作")));
    assert_eq!(i.rejected_for(&["600000".to_owned()]).len(), 3);
    assert!(i.rejected_for(&["000001".to_owned()]).is_empty());
    assert!(
        i.report
            .notes
            .iter()
            .any(|n| n.code == "unknown-business" && n.message.contains("神秘业务"))
    );
    let json = serde_json::to_value(&i).unwrap();
    assert_eq!(json["report"]["rows"][4]["message"], "未知的业务类型“神秘业务”：未作推测，请检查");
    assert_eq!(json["trades"][0]["price"], "8.12");
}

fn arb_trade() -> impl Strategy<Value = Trade> {
    (
        (1990i32..2040, 1u32..13, 1u32..29),
        proptest::option::of(0u32..86_400),
        "[A-Za-z0-9 ,\"/]{0,12}",
        prop_oneof![
            Just(Kind::Buy),
            Just(Kind::Sell),
            Just(Kind::Bonus),
            Just(Kind::TransferIn),
            Just(Kind::TransferOut),
            Just(Kind::Dividend),
            Just(Kind::Rights),
            Just(Kind::Other)
        ],
        1u64..10_000_000,
        (1i64..100_000_000, 0u32..7),
    )
        .prop_map(|((y, m, d), time, account, kind, q, (p, scale))| {
            let price = kind.needs_price().then(|| redress::money::Price(Decimal::new(p, scale)));
            let quantity = if kind.needs_quantity() { q } else { 0 };
            let account =
                if account.trim().is_empty() { "A".to_owned() } else { account.trim().to_owned() };
            Trade {
                date: Date::from_ymd(y, m, d).unwrap(),
                time: time.map(redress::trade::TimeOfDay),
                account,
                kind,
                quantity,
                price,
                origin: redress::trade::Origin::default(),
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Canonical CSV round-trips: what is written is read back identical.
    #[test]
    fn canonical_csv_round_trips(trades in proptest::collection::vec(arb_trade(), 0..20)) {
        let text = canonical::write_csv(&trades);
        let back = canonical::read_csv(&text, "t.csv", 0, "A").unwrap();
        prop_assert_eq!(back.len(), trades.len());
        for (k, (a, b)) in trades.iter().zip(&back).enumerate() {
            prop_assert_eq!((a.date, a.time, &a.account, a.kind, a.quantity, a.price), (b.date, b.time, &b.account, b.kind, b.quantity, b.price));
            prop_assert_eq!(b.origin.row as usize, k + 2);
        }
    }

    /// The importer never panics, whatever the bytes.
    #[test]
    fn import_never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = import::import(&[InputFile { name: "x", content: Content::Bytes(&bytes) }], &Options::default());
    }

    /// Nor on text shaped like an export: a header and rows of keyword-ish cells.
    #[test]
    fn import_never_panics_on_tables(
        rows in proptest::collection::vec(proptest::collection::vec(
            prop_oneof![
                Just("20240108".to_owned()), Just("600000".to_owned()), Just("证券买入".to_owned()),
                Just("红股入账".to_owned()), Just("配股入账".to_owned()), Just("股息入账".to_owned()),
                Just("-1,000.00".to_owned()), Just("=\"000001\"".to_owned()), Just("".to_owned()),
                Just("0:22:30".to_owned()), Just("合计".to_owned()), "[0-9.\\-]{0,8}", "\\PC{0,6}",
            ], 0..12), 0..30),
        sep in prop_oneof![Just("\t"), Just(","), Just("  "), Just(" ")],
    ) {
        let mut text = "成交日期\t证券代码\t操作\t成交数量\t成交均价\t余额\t备注\n".replace('\t', sep);
        for r in &rows {
            text.push_str(&r.join(sep));
            text.push('\n');
        }
        let r = import::import(&[InputFile { name: "t", content: Content::Text(&text) }], &Options { select: vec!["600000".into()], ..Options::default() });
        if let Ok(i) = r {
            let c = i.report.counts;
            prop_assert_eq!((c.used + c.ignored + c.rejected) as usize, i.report.rows.len());
        }
    }
}

/// Regression (fuzzing): BIFF8 files whose cells or chains would make calamine allocate
/// without bound are refused with an error naming the file, not an out-of-memory abort.
#[cfg(feature = "workbook")]
#[test]
fn damaged_workbooks_are_refused_not_fatal() {
    for name in ["regress/oom-biff-dimensions.xls", "regress/oom-cfb-cycle.xls"] {
        let bytes = std::fs::read(path(name)).unwrap();
        let e = import::import(
            &[InputFile { name, content: Content::Bytes(&bytes) }],
            &Options::default(),
        )
        .unwrap_err();
        assert_eq!((e.code(), e.at.unwrap().file.as_str()), ("table", name));
    }
}

/// Regression (fuzzing): calamine panics on a BIFF8 record shorter than it expects; the
/// importer reports an unreadable workbook instead.
#[cfg(feature = "workbook")]
#[test]
fn a_workbook_that_makes_calamine_panic_is_an_error() {
    let name = "regress/panic-calamine-short-record.xls";
    let bytes = std::fs::read(path(name)).unwrap();
    let e =
        import::import(&[InputFile { name, content: Content::Bytes(&bytes) }], &Options::default())
            .unwrap_err();
    assert_eq!(e.code(), "table");
    assert!(e.message(redress::Lang::En).contains("damaged"), "{}", e.message(redress::Lang::En));
}
