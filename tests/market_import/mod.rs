//! The market-data importer on files in their real shapes and encodings
//! (tests/fixtures/market/README.md): 通达信 .txt and .csv (GBK), 同花顺 .xls (GBK tab
//! text), 东方财富 CSV (UTF-8 with BOM, volume in lots), the canonical CSV and a data
//! vendor's wide CSV. Every shape of the same real bars gives the same base date.

use std::fs;
use std::path::PathBuf;

use redress::Lang;
use redress::market::MarketData;
use redress::market::import::{
    Adjustment, FloatSpec, ImportOptions, Layout, VolumeUnit, import_index, import_market,
    import_market_auto,
};
use redress::money::Decimal;
use redress::text::Encoding;

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/market").join(name);
    fs::read(path).unwrap()
}

fn float(spec: &str) -> ImportOptions {
    ImportOptions { float: Some(FloatSpec::parse(spec).unwrap()), ..ImportOptions::default() }
}

fn bar<'a>(m: &'a MarketData, date: &str) -> &'a redress::market::Bar {
    m.bars.iter().find(|b| b.date.to_string() == date).unwrap()
}

/// 100% cumulative turnover from the first trading day on or after `from`: the day.
fn full_turnover_day(m: &MarketData, from: &str) -> String {
    let start = m.first_on_or_after(from.parse().unwrap());
    let mut cum = Decimal::ZERO;
    for b in &m.bars[start..] {
        cum += b.volume / b.float;
        if cum >= Decimal::ONE {
            return b.date.to_string();
        }
    }
    String::new()
}

#[test]
fn tdx_txt_export_in_gbk() {
    let m = import_market_auto(&fixture("SH#688086.txt"), "SH#688086.txt", &float("132971658"))
        .unwrap();
    assert_eq!(m.layout, Layout::Tdx);
    assert_eq!(m.encoding, Encoding::Gb18030);
    assert_eq!((m.security.as_deref(), m.name.as_deref()), (Some("688086"), Some("紫晶存储")));
    assert_eq!(m.adjustment, Adjustment::None);
    assert_eq!(m.volume_unit, VolumeUnit::Shares);
    assert!(!m.float_from_file);
    assert_eq!(m.data.bars.len(), 30, "the trailer 数据来源:通达信 is not a row");
    let b = bar(&m.data, "2022-02-15");
    assert_eq!((b.close.to_string(), b.volume), ("14.24".to_owned(), Decimal::from(15_603_572)));
    assert_eq!(full_turnover_day(&m.data, "2022-02-12"), "2022-03-15");
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
}

#[test]
fn tdx_csv_export_with_a_spaced_header() {
    let options = ImportOptions { security: Some("600830".into()), ..float("454322747") };
    let m = import_market_auto(&fixture("SH#600830.csv"), "SH#600830.csv", &options).unwrap();
    assert_eq!((m.layout, m.encoding), (Layout::Tdx, Encoding::Gb18030));
    assert_eq!(m.name.as_deref(), Some("香溢融通"));
    assert_eq!(m.data.bars.len(), 38);
    assert_eq!(full_turnover_day(&m.data, "2019-01-12"), "2019-03-06");
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
}

#[test]
fn ths_export_with_weekdays_separators_and_float_changes() {
    // The real float of 688555 changed on 2022-06-23; the user gives both values.
    let options = float("41423200; 2022-06-23=41842000");
    let m = import_market_auto(&fixture("688555-ths.xls"), "688555-ths.xls", &options).unwrap();
    assert_eq!((m.layout, m.encoding), (Layout::Ths, Encoding::Gb18030));
    assert_eq!(m.volume_unit, VolumeUnit::Shares, "总手 holds shares, judging by 金额");
    assert_eq!(m.security.as_deref(), Some("688555"), "from the file name");
    let b = bar(&m.data, "2022-05-12");
    assert_eq!(b.volume, Decimal::from(5_085_010));
    assert_eq!(b.float, Decimal::from(41_423_200));
    assert_eq!(bar(&m.data, "2022-06-24").float, Decimal::from(41_842_000));
    assert_eq!(full_turnover_day(&m.data, "2022-05-12"), "2022-06-15");
    let codes: Vec<&str> = m.warnings.iter().map(|w| w.code).collect();
    assert_eq!(codes, ["market-adjustment-unknown"]);
}

#[test]
fn eastmoney_csv_with_volume_in_lots() {
    let m = import_market_auto(
        &fixture("688086-eastmoney.csv"),
        "688086-eastmoney.csv",
        &float("132971658"),
    )
    .unwrap();
    assert_eq!((m.layout, m.encoding), (Layout::Eastmoney, Encoding::Utf8Bom));
    assert_eq!(m.volume_unit, VolumeUnit::Lots);
    assert_eq!(bar(&m.data, "2022-02-15").volume, Decimal::from(15_603_600), "156,036 lots");
    assert_eq!(full_turnover_day(&m.data, "2022-02-12"), "2022-03-15");
}

#[test]
fn canonical_and_vendor_csv_carry_their_own_float() {
    for name in ["688086.csv", "688086-stock-data.csv"] {
        let m = import_market_auto(&fixture(name), name, &ImportOptions::default()).unwrap();
        assert!(m.float_from_file, "{name}");
        assert_eq!(bar(&m.data, "2022-03-15").float, Decimal::from(132_971_658));
        assert_eq!(full_turnover_day(&m.data, "2022-02-12"), "2022-03-15", "{name}");
    }
    let m = import_market_auto(&fixture("688086.csv"), "688086.csv", &ImportOptions::default())
        .unwrap();
    assert_eq!((m.layout, m.adjustment), (Layout::Canonical, Adjustment::None));
    assert!(m.warnings.is_empty());
    let vendor = import_market_auto(
        &fixture("688086-stock-data.csv"),
        "688086-stock-data.csv",
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(vendor.volume_unit, VolumeUnit::Shares, "成交量（股）says so");
    // The same bars as the canonical file.
    assert_eq!(vendor.data, m.data);
}

#[test]
fn a_user_float_overrides_the_files_with_a_warning() {
    let m = import_market_auto(&fixture("688086.csv"), "688086.csv", &float("100000000")).unwrap();
    assert_eq!(m.data.bars[0].float, Decimal::from(100_000_000));
    assert_eq!(m.warnings[0].code, "market-float-overridden");
}

#[test]
fn a_day_bar_export_without_float_asks_for_it() {
    let e =
        import_market_auto(&fixture("SH#688086.txt"), "SH#688086.txt", &ImportOptions::default())
            .unwrap_err();
    assert_eq!(e.code(), "missing-column");
    assert!(e.message(Lang::En).contains("“float”"), "{}", e.message(Lang::En));
    // A float that starts after the first row does not cover it.
    let e = import_market_auto(&fixture("SH#688086.txt"), "SH#688086.txt", &float("2022-03-01=1"))
        .unwrap_err();
    assert_eq!(e.code(), "table");
    assert_eq!(e.at.unwrap().row, Some(3), "the first data row, after title and header");
}

#[test]
fn adjusted_titles_and_suspended_days_are_reported() {
    let text = "600830 香溢融通 日线 前复权\n日期\t开盘\t最高\t最低\t收盘\t成交量\t成交额\n\
                2019/01/14\t4.94\t5.02\t4.70\t4.72\t15292465\t74948035.00\n\
                2019/01/15\t4.70\t4.70\t4.70\t4.70\t0\t0.00\n\
                #数据来源:通达信\n";
    let m = import_market(text, "x.txt", &float("454322747")).unwrap();
    assert_eq!(m.adjustment, Adjustment::Forward);
    assert_eq!(m.data.bars.len(), 1, "a day without volume is not a trading day");
    let codes: Vec<&str> = m.warnings.iter().map(|w| w.code).collect();
    assert_eq!(codes, ["market-zero-volume", "market-adjusted-prices"]);
    // A row without a close is skipped, and said so.
    let gap = text.replace("\t4.70\t0\t0.00", "\t\t0\t0.00");
    let m = import_market(&gap, "x.txt", &float("454322747")).unwrap();
    assert_eq!((m.warnings[0].code, m.warnings[0].row), ("market-no-close", Some(4)));
    // Old forward-adjusted closes can be negative: refused, with what to export instead.
    let bad = text.replace("\t4.72\t", "\t-1.47\t");
    let e = import_market(&bad, "x.txt", &float("454322747")).unwrap_err();
    assert!(e.message(Lang::Zh).contains("不复权"), "{}", e.message(Lang::Zh));
    // Weekly bars are not daily bars.
    let weekly = text.replace("日线", "周线");
    assert!(import_market(&weekly, "x.txt", &float("1")).is_err());
}

#[test]
fn a_file_about_another_security_is_flagged() {
    let options = ImportOptions { security: Some("300268".into()), ..float("132971658") };
    let m = import_market_auto(&fixture("SH#688086.txt"), "SH#688086.txt", &options).unwrap();
    assert_eq!(m.warnings[0].code, "market-security-mismatch");
}

#[test]
fn an_unknown_volume_unit_is_asked_for() {
    let text = "date,close,vol\n2022-02-14,15.44,64635\n";
    let e = import_market(text, "x.csv", &float("1000000")).unwrap_err();
    assert_eq!(e.code(), "table");
    let options = ImportOptions { volume_unit: Some(VolumeUnit::Lots), ..float("1000000") };
    let m = import_market(text, "x.csv", &options).unwrap();
    assert_eq!(m.data.bars[0].volume, Decimal::from(6_463_500));
}

#[test]
fn bad_cells_name_their_row_and_column() {
    let e = import_market(
        "date,close,volume,float\n2022-02-14,abc,1,1\n",
        "m.csv",
        &ImportOptions::default(),
    )
    .unwrap_err();
    let at = e.at.unwrap();
    assert_eq!((at.row, at.column.as_deref()), (Some(2), Some("close")));
    let e = import_market(
        "date,close,volume,float\n2022-13-14,1,1,1\n",
        "m.csv",
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "bad-date");
    let e = import_market(
        "date,close,volume,float\n2022-02-14,1,1,1\n2022-02-14,2,1,1\n",
        "m.csv",
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "duplicate-date");
    assert!(e.message(Lang::Zh).contains("日期 2022-02-14 出现了两次"), "{}", e.message(Lang::Zh));
}

#[test]
fn index_exports_and_multi_index_tables() {
    // Constructed index closes (not real data) in a 通达信 export and a canonical table.
    let tdx = "801150 医药生物 日线 不复权\n日期\t开盘\t最高\t最低\t收盘\t成交量\t成交额\n\
               2018/10/16\t1.00\t1.00\t1.00\t7000.50\t1\t1\n数据来源:通达信\n";
    let i = import_index(tdx, "801150.txt", None, Lang::Zh).unwrap();
    assert_eq!((i.layout, i.codes.clone()), (Layout::Tdx, vec!["801150".to_owned()]));
    let d = "2018-10-16".parse().unwrap();
    assert_eq!(i.data.close_on("801150", d).unwrap().0.0, "7000.5".parse().unwrap());
    let table = "date,index,close\n2018-10-16,399006,1300\n2018-10-16,000001,2500\n";
    let i = import_index(table, "i.csv", None, Lang::Zh).unwrap();
    assert_eq!(i.codes, ["000001", "399006"]);
    // A plain table needs the code from the caller.
    let plain = "日期,收盘\n2018-10-16,1300\n";
    assert_eq!(import_index(plain, "i.csv", None, Lang::Zh).unwrap_err().code(), "missing-column");
    assert_eq!(import_index(plain, "i.csv", Some("399006"), Lang::Zh).unwrap().codes, ["399006"]);
}
