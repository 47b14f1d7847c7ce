//! The built-in real cases (`cases/*.toml`): every file loads, is in the embedded list,
//! marks every parameter and never presents an unknown number; the search finds cases
//! by name, pinyin initials, id and code; and published base dates are reproduced from
//! real public daily bars (tests/fixtures/market/README.md).

use std::fs;
use std::path::PathBuf;

use redress::case::parameters;
use redress::case::{Case, CaseKind, Regime, Status, SystemicMethod};
use redress::cases::{self, Need};
use redress::market::import::{ImportOptions, import_market_auto};
use redress::money::Decimal;
use redress::{Input, Lang, Options, canonical};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn case_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(root().join("cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_case_file_loads_and_is_built_in() {
    let files = case_files();
    assert!(files.len() >= 10, "{files:?}");
    assert_eq!(cases::FILES.len(), files.len(), "cases::FILES must list every cases/*.toml");
    assert_eq!(cases::builtin().len(), files.len(), "a built-in case failed to parse");
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let case = Case::from_toml(&fs::read_to_string(&path).unwrap(), &name)
            .unwrap_or_else(|e| panic!("{}", e.message(Lang::En)));
        assert_eq!(format!("{}.toml", case.id), name, "the id is the file stem");
        assert_eq!(cases::by_id(&case.id), Some(&case), "{name} is not the built-in one");
    }
    assert_eq!(cases::builtin()[0].id, "demo");
}

/// The paths a real case must mark: everything except what its choices make irrelevant.
fn required_paths(case: &Case) -> Vec<String> {
    let method = case.rules.systemic.method;
    parameters::paths(case)
        .into_iter()
        .filter(|p| !p.ends_with(".last_trading_date") || case.provenance.contains_key(p))
        .filter(|p| match p.as_str() {
            "rules.systemic.ratio" => method == SystemicMethod::Fixed,
            "rules.systemic.indices" => {
                matches!(
                    method,
                    SystemicMethod::IndexComparison | SystemicMethod::RelativeProportion
                )
            }
            "rules.systemic.scale" => method != SystemicMethod::None,
            "rules.interest_principal" | "rules.interest_days_per_year" => {
                case.rules.interest_rate.is_some() || case.regime == Regime::Spc2003
            }
            _ => true,
        })
        .collect()
}

#[test]
fn every_real_case_marks_every_parameter_with_its_source() {
    for case in cases::builtin().iter().filter(|c| c.kind != Some(CaseKind::Example)) {
        let id = &case.id;
        assert!(!case.sources.is_empty(), "{id}: no sources");
        assert!(
            !case.name_en.is_empty() && !case.summary.is_empty() && !case.summary_en.is_empty()
        );
        for path in required_paths(case) {
            let p =
                case.provenance.get(&path).unwrap_or_else(|| panic!("{id}: {path} is not marked"));
            match p.status {
                Status::Published => {
                    assert!(!p.source.is_empty(), "{id}: published {path} names no source")
                }
                Status::Unverified | Status::Assumed | Status::Unknown => {
                    assert!(!p.note.is_empty(), "{id}: {path} says nothing about why")
                }
                Status::User | Status::Computed => {
                    panic!("{id}: {path}: a case file cannot hold user or computed values")
                }
            }
            assert_eq!(
                p.note.is_empty(),
                p.note_en.is_empty(),
                "{id}: {path}: a note in one language only"
            );
            if !p.source.is_empty() {
                assert!(
                    case.sources.iter().any(|s| s.url == p.source),
                    "{id}: {path} cites {} which is not in [[sources]]",
                    p.source
                );
            }
        }
    }
}

#[test]
fn an_unknown_base_value_is_never_written_down() {
    for case in cases::builtin() {
        for s in &case.segments {
            for (field, present) in
                [("base_date", s.base_date.is_some()), ("base_price", s.base_price.is_some())]
            {
                let path = format!("segments.{}.{field}", s.id);
                assert!(
                    !(case.is_unknown(&path) && present),
                    "{}: {path} is unknown but set",
                    case.id
                );
            }
        }
    }
}

fn ids(found: &[&Case]) -> Vec<String> {
    found.iter().map(|c| c.id.clone()).collect()
}

#[test]
fn search_finds_cases_by_name_initials_id_and_code() {
    let first = |q: &str| cases::search(q).first().map(|c| c.id.clone());
    for (query, id) in [
        ("万福生科", "wanfu-2013"),
        ("万福", "wanfu-2013"),
        ("wfsk", "wanfu-2013"),
        ("300268", "wanfu-2013"),
        ("ＷＦＳＫ", "wanfu-2013"),
        ("wanfu-2013", "wanfu-2013"),
        ("海联讯", "hailianxun-2014"),
        ("*ST欣泰", "xintai-2017"),
        ("xintai", "xintai-2017"),
        ("Zijing Storage", "zijing-2023"),
        ("退市紫晶", "zijing-2023"),
        ("688086", "zijing-2023"),
        ("广道", "guangdao-2025"),
        ("839680", "guangdao-2025"),
        ("ST康美", "kangmei-2021"),
        ("kangmei", "kangmei-2021"),
        ("泽达易盛", "zeda-2023"),
        ("方正科技", "founder-2019"),
        ("香溢融通", "xiangyi-2021"),
        ("600830", "xiangyi-2021"),
    ] {
        assert_eq!(first(query).as_deref(), Some(id), "query {query:?}");
    }
    assert_eq!(cases::search("").len(), cases::builtin().len());
    assert!(cases::search("no such company").is_empty());
    // A code prefix finds every case on that board, each word must match.
    let star = ids(&cases::search("688"));
    assert_eq!(star, ["zijing-2023", "zeda-2023"]);
    assert_eq!(ids(&cases::search("先行赔付 2014")), ["hailianxun-2014"]);
    // Latin letters match the start of a word, not its inside, so that "ST" (special
    // treatment) does not find every case whose English name says "misstatement".
    let st = ids(&cases::search("ST"));
    assert!(!st.is_empty(), "the *ST names");
    for id in &st {
        let c = cases::by_id(id).unwrap();
        let words = std::iter::once(&c.name_en).chain(&c.aliases).chain(std::iter::once(&c.name));
        assert!(
            words
                .flat_map(|n| n.split(|ch: char| !ch.is_alphanumeric() || !ch.is_ascii()))
                .any(|w| w.to_lowercase().starts_with("st")),
            "{id} matched \"ST\" without a word starting with it"
        );
    }
    assert_eq!(first("storage").as_deref(), Some("zijing-2023"));
}

#[test]
fn each_case_says_what_the_user_must_supply() {
    let needs = |id: &str| cases::needs(cases::by_id(id).unwrap());
    let market =
        |segs: &[&str]| Need::MarketData { segments: segs.iter().map(|s| s.to_string()).collect() };
    // The shipped public market data compute every base date and price, and carry the
    // reference indices: a real case needs nothing but trades.
    for id in ["wanfu-2013", "zijing-2023", "kangmei-2021", "zeda-2023", "founder-2019"] {
        assert_eq!(needs(id), [], "{id}");
    }
    assert_eq!(needs("demo"), []);
    // Without the shipped files, the bars and index closes are asked for.
    let mut bare = cases::by_id("wanfu-2013").unwrap().clone();
    bare.market_files.clear();
    assert_eq!(cases::needs(&bare), [market(&["filing", "correction", "self-disclosure"])]);
    let mut kangmei = cases::by_id("kangmei-2021").unwrap().clone();
    parameters::set_all(&mut kangmei, &[("rules.systemic.indices", "801150, 399999")]).unwrap();
    assert_eq!(
        cases::needs(&kangmei),
        [Need::IndexData { indices: vec!["801150".into(), "399999".into()] }]
    );
    let paths: Vec<String> = needs("guangdao-2025")
        .into_iter()
        .filter_map(|n| match n {
            Need::Parameter { path, .. } => Some(path),
            _ => None,
        })
        .collect();
    assert_eq!(paths, ["rules.systemic.indices", "segments.main.implementation_date"]);
    let card = cases::card(cases::by_id("guangdao-2025").unwrap());
    assert_eq!(card.segments[0].implementation_date, None, "a placeholder is never shown");
    assert_eq!(card.segments[0].disclosure_date.unwrap().to_string(), "2024-12-05");
}

fn one_buy(date: &str, price: &str) -> Vec<redress::Trade> {
    let text = format!("date,kind,quantity,price\n{date},buy,1000,{price}\n");
    canonical::read_csv(&text, "trades.csv", 0, "A").unwrap()
}

fn estimate(
    case: &Case,
    trades: &[redress::Trade],
    market: Option<&redress::market::MarketData>,
    without_deductions: bool,
) -> Result<redress::Estimate, redress::Error> {
    estimate_indexed(case, trades, market, None, without_deductions)
}

fn estimate_indexed(
    case: &Case,
    trades: &[redress::Trade],
    market: Option<&redress::market::MarketData>,
    indices: Option<&redress::market::IndexData>,
    without_deductions: bool,
) -> Result<redress::Estimate, redress::Error> {
    let files = ["trades.csv".to_owned()];
    let input = Input { case, trades, files: &files, opening_position: 0, market, indices };
    let options = Options { without_deductions, ..Options::default() };
    redress::estimate(&input, &options)
}

#[test]
fn an_unknown_parameter_is_asked_for_not_guessed() {
    let mut case = cases::by_id("guangdao-2025").unwrap().clone();
    let trades = one_buy("2024-06-03", "10.00");
    let e = estimate(&case, &trades, None, false).unwrap_err();
    assert_eq!(e.code(), "case-value");
    assert_eq!(e.at.unwrap().field.as_deref(), Some("segments.main.implementation_date"));
    parameters::set_all(&mut case, &[("segments.main.implementation_date", "2023-01-01")]).unwrap();
    let e = estimate(&case, &trades, None, false).unwrap_err();
    // An empty value is not quoted as an invalid value: the message says what to do.
    assert!(!e.message(redress::Lang::Zh).contains("值“”"), "{}", e.message(redress::Lang::Zh));
    assert_eq!(e.at.unwrap().field.as_deref(), Some("rules.systemic.indices"));
    // Without deductions the index is not needed; the base date then needs market data.
    let e = estimate(&case, &trades, None, true).unwrap_err();
    assert_eq!(e.code(), "missing-market-days");
    // 海联讯: whether a deduction applied is unknown, so it must be chosen or left out.
    let hlx = cases::by_id("hailianxun-2014").unwrap();
    let e = estimate(hlx, &one_buy("2012-05-02", "10.00"), None, false).unwrap_err();
    assert_eq!(e.at.unwrap().field.as_deref(), Some("rules.systemic.method"));
}

fn fixture(name: &str) -> Vec<u8> {
    fs::read(root().join("tests/fixtures/market").join(name)).unwrap()
}

/// Clears the case's base date and price and recomputes them from real daily bars.
fn recompute(id: &str, bars: &str, buy: &str, warning: &str) -> redress::report::SegmentResult {
    let mut case = cases::by_id(id).unwrap().clone();
    parameters::set_all(&mut case, &[("segments.main.base_date", "")]).unwrap();
    parameters::set_all(&mut case, &[("segments.main.base_price", "")]).unwrap();
    let options =
        ImportOptions { security: Some(case.security.clone()), ..ImportOptions::default() };
    let market = import_market_auto(&fixture(bars), bars, &options).unwrap();
    assert!(market.float_from_file);
    let codes: Vec<&str> = market.warnings.iter().map(|w| w.code).collect();
    assert_eq!(codes, [warning], "{bars}");
    let result = estimate(&case, &one_buy(buy, "20.00"), Some(&market.data), true).unwrap();
    result.segments.into_iter().next().unwrap()
}

#[test]
fn zijing_base_date_is_reproduced_from_real_bars() {
    let published = cases::by_id("zijing-2023").unwrap().segments[0].base_date.unwrap();
    let s = recompute(
        "zijing-2023",
        "688086-stock-data.csv",
        "2021-06-01",
        "market-adjustment-unknown",
    );
    assert_eq!(s.base_date, published);
    assert_eq!(s.base_date.to_string(), "2022-03-15");
    let last = s.turnover.last().unwrap();
    assert_eq!((last.day, last.date.to_string()), (22, "2022-03-15".to_owned()));
    assert_eq!(s.turnover[0].date.to_string(), "2022-02-14", "day 1 follows the evening notice");
    assert!(s.turnover[20].cumulative.0 < 1.into() && last.cumulative.0 >= 1.into());
    // Not published: the mean close of days 1..22, computed by hand in the README.
    assert_eq!(s.base_price.0, "14.7241".parse().unwrap());
}

#[test]
fn zeda_claimed_base_date_is_reproduced_from_real_bars() {
    let claimed = cases::by_id("zeda-2023").unwrap().segments[0].base_date.unwrap();
    let s =
        recompute("zeda-2023", "688555-stock-data.csv", "2021-06-01", "market-adjustment-unknown");
    assert_eq!(s.base_date, claimed);
    assert_eq!(s.turnover.len(), 24);
    assert_eq!(s.base_price.0, "13.515".parse().unwrap());
}

#[test]
fn xiangyi_base_date_is_the_2003_full_turnover_day_not_day_30() {
    let case = cases::by_id("xiangyi-2021").unwrap();
    let published = case.segments[0].base_date.unwrap();
    // The vendor's 2019 closes are forward-adjusted, and the importer notices.
    let s =
        recompute("xiangyi-2021", "600830-stock-data.csv", "2018-06-01", "market-looks-adjusted");
    assert_eq!(s.base_date, published, "2003 Art. 33(1): the 100% day, here day 33");
    assert_eq!(s.turnover.len(), 33);
    assert!(s.turnover[29].cumulative.0 < 1.into(), "day 30 had not reached 100%");
    // From adjusted closes the mean is 5.3021, not the published 5.40 ...
    assert_eq!(s.base_price.0, "5.3021".parse().unwrap());
    let published_pb = case.segments[0].base_price.unwrap().0;
    assert_eq!(published_pb, "5.40".parse().unwrap());
    // ... but each day's mean traded price (amount ÷ volume, as traded) bounds the
    // adjustment: as-traded prices were D higher, with D within every day's
    // [amount/volume − high, amount/volume − low]. The published 5.40 lies in the range.
    let text = String::from_utf8(fixture("600830-stock-data.csv")).unwrap();
    let (mut lo, mut hi) = (Decimal::MIN, Decimal::MAX);
    for line in text.lines().skip(1) {
        let c: Vec<&str> = line.split(',').collect();
        let num = |i: usize| c[i].parse::<Decimal>().unwrap();
        let mean = num(10) / num(9);
        lo = lo.max(mean - num(5));
        hi = hi.min(mean - num(6));
    }
    assert!(lo > Decimal::ZERO, "the closes are adjusted down");
    assert!(s.base_price.0 + lo <= published_pb && published_pb <= s.base_price.0 + hi);
}

/// Each golden folder of a real case runs the built-in case file itself, changed only by
/// the values marked `user` (what an investor supplies), so the two cannot drift apart.
#[test]
fn golden_real_cases_are_the_built_in_files() {
    let mut seen = 0;
    for dir in fs::read_dir(root().join("tests/golden")).unwrap() {
        let dir = dir.unwrap().path();
        let Ok(text) = fs::read_to_string(dir.join("case.toml")) else { continue };
        let golden = Case::from_toml(&text, "case.toml").unwrap();
        let Some(builtin) = cases::by_id(&golden.id) else { continue };
        if builtin.kind == Some(CaseKind::Example) {
            continue;
        }
        let mut expected = builtin.clone();
        for (path, p) in &golden.provenance {
            if p.status == Status::User {
                let value = parameters::text(&golden, path).flatten().unwrap_or_default();
                parameters::set_all(&mut expected, &[(path, &value)]).unwrap();
            }
        }
        assert_eq!(
            golden,
            expected,
            "{}: case.toml differs from cases/{}.toml",
            dir.display(),
            golden.id
        );
        seen += 1;
    }
    assert!(seen >= 3, "the seed paper's three cases each have a golden folder");
}

/// Constructed bars: `days` trading days from 2019-01-14 (weekdays), each with `per_day`
/// percent turnover.
fn constructed_bars(days: usize, per_day: u32) -> redress::market::MarketData {
    let mut text = String::from("date,close,volume,float\n");
    let mut d: redress::Date = "2019-01-14".parse().unwrap();
    for _ in 0..days {
        while d.day_number().rem_euclid(7) >= 2 && d.day_number().rem_euclid(7) <= 3 {
            d = d.succ();
        }
        text.push_str(&format!("{d},5.00,{per_day},100\n"));
        d = d.succ();
    }
    redress::market::MarketData::read_csv(&text, "bars.csv").unwrap()
}

/// Regression (香溢融通): under 2003 Art. 33 the day 100% is reached wins even after day
/// 30; day 30 is only the fallback when the data never reaches 100%. 2022 Art. 26 caps.
#[test]
fn base_date_2003_uncapped_2022_capped() {
    let mut case = cases::by_id("xiangyi-2021").unwrap().clone();
    parameters::set_all(&mut case, &[("segments.main.base_date", "")]).unwrap();
    parameters::set_all(&mut case, &[("segments.main.base_price", "")]).unwrap();
    let trades = one_buy("2018-06-01", "6.00");
    let day = |case: &Case, bars| {
        estimate(case, &trades, Some(&bars), true).map(|e| e.segments[0].turnover.len())
    };
    // 3% a day: 100% on day 34.
    assert_eq!(day(&case, constructed_bars(40, 3)).unwrap(), 34);
    // 1% a day for 40 days never reaches 100%: day 30.
    assert_eq!(day(&case, constructed_bars(40, 1)).unwrap(), 30);
    // Fewer than 30 days and no 100%: missing market days, not a guess.
    let e = day(&case, constructed_bars(20, 1)).unwrap_err();
    assert_eq!(e.code(), "missing-market-days");
    parameters::set_all(&mut case, &[("regime", "spc2022")]).unwrap();
    assert_eq!(day(&case, constructed_bars(40, 3)).unwrap(), 30, "2022 caps at day 30");
    assert_eq!(day(&case, constructed_bars(40, 20)).unwrap(), 10, "and floors at day 10");
}

/// The files shipped with a built-in case, read from `cases/<id>/` as a front end would
/// hand them over.
fn shipped(case: &Case) -> redress::case_data::Shipped {
    let dir = root().join("cases").join(&case.id);
    let texts: Vec<(String, String)> = case
        .market_files
        .iter()
        .map(|f| (f.clone(), fs::read_to_string(dir.join(f)).unwrap()))
        .collect();
    let refs: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    redress::case_data::read(case, &refs).unwrap_or_else(|e| panic!("{}", e.message(Lang::En)))
}

/// An estimate of one buy with the shipped data, the case's base date and price cleared
/// where `clear` says so.
fn with_shipped(id: &str, clear: &[&str], buy: &str) -> redress::Estimate {
    let mut case = cases::by_id(id).unwrap().clone();
    for path in clear {
        parameters::set_all(&mut case, &[(path, "")]).unwrap();
    }
    let data = shipped(&case);
    let trades = one_buy(buy, "20.00");
    let files = ["trades.csv".to_owned()];
    let input = Input {
        case: &case,
        trades: &trades,
        files: &files,
        opening_position: 0,
        market: data.market.as_ref(),
        indices: data.indices.as_ref(),
    };
    // The base date and price do not depend on the deductions (香溢融通's ratio is unknown).
    let options = Options { without_deductions: true, ..Options::default() };
    redress::estimate(&input, &options).unwrap_or_else(|e| panic!("{id}: {}", e.message(Lang::En)))
}

#[test]
fn shipped_data_reproduce_the_published_base_dates_and_prices() {
    // 紫晶存储: the scheme's base date 2022-03-15 (day 22 of the 2022 rule).
    let e = with_shipped("zijing-2023", &["segments.main.base_date"], "2021-06-01");
    assert_eq!(e.segments[0].base_date.to_string(), "2022-03-15");
    assert_eq!(e.segments[0].turnover.len(), 22);
    assert_eq!(e.segments[0].base_price.0, "14.7241".parse().unwrap());
    // 香溢融通: the court's base date 2019-03-06 (day 33: 2003 Art. 33(1)) and base price
    // 5.40, the as-traded mean 5.4027 rounded to the fen.
    let e = with_shipped(
        "xiangyi-2021",
        &["segments.main.base_date", "segments.main.base_price"],
        "2018-06-01",
    );
    assert_eq!(e.segments[0].base_date.to_string(), "2019-03-06");
    assert_eq!(e.segments[0].turnover.len(), 33);
    assert_eq!(e.segments[0].base_price.0, "5.4027".parse().unwrap());
    assert_eq!(redress::money::round_yuan(e.segments[0].base_price.0), "5.40".parse().unwrap());
    // 泽达易盛: the plaintiffs' claimed base date 2022-06-15 (day 24).
    let e = with_shipped("zeda-2023", &["segments.main.base_date"], "2021-06-01");
    assert_eq!(e.segments[0].base_date.to_string(), "2022-06-15");
    assert_eq!(e.segments[0].turnover.len(), 24);
}

#[test]
fn every_shipped_file_is_listed_read_and_described() {
    let mut with_data = 0;
    for case in cases::builtin() {
        let dir = root().join("cases").join(&case.id);
        if !dir.is_dir() {
            assert!(case.market_files.is_empty(), "{}: files listed, no folder", case.id);
            continue;
        }
        with_data += 1;
        let mut on_disk: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "data.toml")
            .collect();
        on_disk.sort();
        let mut listed = case.market_files.clone();
        listed.sort();
        assert_eq!(listed, on_disk, "{}: market_files must list every shipped file", case.id);
        let text = fs::read_to_string(dir.join("data.toml")).unwrap();
        let prov = redress::case_data::provenance(&text, "data.toml")
            .unwrap_or_else(|e| panic!("{}: {}", case.id, e.message(Lang::En)));
        let described: Vec<&str> = prov.files.iter().map(|f| f.file.as_str()).collect();
        for f in &case.market_files {
            assert!(described.contains(&f.as_str()), "{}: {f} has no provenance", case.id);
        }
        let data = shipped(case);
        for entry in &prov.files {
            assert!(!entry.sources.is_empty(), "{}: {} names no source", case.id, entry.file);
            for s in &entry.sources {
                assert_eq!(s.commit.len(), 40, "{}: {}: a full commit", case.id, entry.file);
            }
            let body = fs::read_to_string(dir.join(&entry.file)).unwrap();
            let lines: Vec<&str> = body.lines().skip(1).filter(|l| !l.is_empty()).collect();
            assert_eq!(lines.len(), entry.rows as usize, "{}: {} rows", case.id, entry.file);
            assert!(lines[0].starts_with(&entry.first), "{}: {} first", case.id, entry.file);
            assert!(lines.last().unwrap().starts_with(&entry.last), "{}: {}", case.id, entry.file);
            match redress::case_data::kind_of(&entry.file) {
                Some(redress::case_data::FileKind::Security(code)) => {
                    assert_eq!(entry.kind, "security");
                    assert!(code == case.security || case.former_codes.contains(&code));
                    let bars = &data.market.as_ref().unwrap().bars;
                    assert_eq!(bars.len(), lines.len());
                    for w in bars.windows(2) {
                        assert!(w[0].date < w[1].date, "{}: dates ascend", case.id);
                    }
                    for b in bars {
                        let (y, m, d) = b.date.ymd();
                        let weekday = redress::Date::from_ymd(y, m, d).unwrap().day_number() % 7;
                        // Day 0 (1970-01-01) was a Thursday: 2 and 3 are Saturday and Sunday.
                        assert!(weekday != 2 && weekday != 3, "{}: {} a weekend", case.id, b.date);
                        assert!(b.volume.fract().is_zero() && b.float.fract().is_zero());
                        assert!(b.volume <= b.float, "{}: {} volume above float", case.id, b.date);
                    }
                }
                Some(redress::case_data::FileKind::Index(code)) => {
                    assert_eq!(entry.kind, "index");
                    assert_eq!(entry.code, code);
                    assert!(data.indices.as_ref().unwrap().codes().any(|c| c == code));
                }
                None => panic!("{}: {} is not a shipped-data name", case.id, entry.file),
            }
        }
        // Every index the deduction uses ships with the case.
        for code in &case.rules.systemic.indices {
            assert!(
                data.indices.as_ref().is_some_and(|i| i.codes().any(|c| c == code)),
                "{}: index {code} is not shipped",
                case.id
            );
        }
    }
    assert!(with_data >= 9, "{with_data} cases ship data");
}

/// A base price or a close before disclosure with no market data says which days it
/// needs (QA: it said "needs 1 trading day from the disclosure date, there are 0", and
/// for the close *before* disclosure, days *from* it).
#[test]
fn missing_market_data_names_the_days_it_needs() {
    let mut case = cases::by_id("demo").unwrap().clone();
    parameters::set_all(&mut case, &[("segments.main.base_price", "")]).unwrap();
    let e = estimate(&case, &one_buy("2021-03-02", "10.00"), None, true).unwrap_err();
    assert_eq!(e.code(), "missing-market-days");
    let zh = e.message(Lang::Zh);
    assert!(zh.contains("揭露日 2021-06-01 至基准日 2021-06-30 每个交易日的收盘价"), "{zh}");
    assert!(!zh.contains("1 个交易日"), "{zh}");
    let mut case = cases::by_id("demo").unwrap().clone();
    parameters::set_all(
        &mut case,
        &[("rules.systemic.method", "relative-proportion"), ("rules.systemic.indices", "000001")],
    )
    .unwrap();
    let indices = redress::market::IndexData::read_csv(
        "date,index,close\n2021-05-31,000001,3600\n2021-06-30,000001,3500\n",
        "indices.csv",
    )
    .unwrap();
    let trades = one_buy("2021-03-02", "10.00");
    let e = estimate_indexed(&case, &trades, None, Some(&indices), false).unwrap_err();
    let en = e.message(Lang::En);
    assert!(en.contains("the last trading day before the disclosure date 2021-06-01"), "{en}");
    assert!(!en.contains("from the disclosure date"), "{en}");
}
