//! Daily bars from the exports an investor can actually get, normalised into
//! [`MarketData`] and [`IndexData`] (bytes or text in, no I/O).
//!
//! Recognised shapes (cases/README.md shows each):
//!
//! - **通达信** day-bar export (`.txt`/`.csv`, GBK): a title line `600830 香溢融通 日线 不复权`
//!   (or 前复权/后复权), a header `日期 开盘 最高 最低 收盘 成交量 成交额` separated by tabs,
//!   commas or spaces, rows such as `2019/01/14\t4.94\t…`, and the trailer
//!   `数据来源:通达信` (sometimes with `#`). Volume is in shares.
//! - **同花顺** K-line export (`.xls` that is really GBK tab-separated text): header
//!   `时间 开盘 最高 最低 收盘 涨幅 振幅 总手 金额 换手% 成交次数`, dates like
//!   `2019-01-14,一`, numbers with thousands separators.
//! - **东方财富** daily history (`日期,开盘,收盘,最高,最低,成交量,成交额,振幅,涨跌幅,涨跌额,换手率`),
//!   whose volume is conventionally in lots (手) of 100 shares.
//! - Any table with Chinese or English headers for date, close and volume (and float,
//!   amount, high, low when present), including the canonical `date,close,volume,float`.
//!
//! The volume unit comes from the caller, else from a unit in the header (`成交量（股）`,
//! `成交量(手)`), else from the amount (成交额 ÷ (volume × close) is about 1 for shares and
//! 100 for lots), else from the layout. Day-bar exports lack the float (流通股本): the
//! caller supplies it as one number or as dated changes ([`FloatSpec`]); a float column in
//! the file is used otherwise. Rows with no volume (suspended days) are dropped with a
//! warning. Adjusted (复权) closes are kept but flagged: the turnover that fixes the base
//! date does not depend on them, the base price does.

use serde::Serialize;

use crate::date::Date;
use crate::error::{Error, ErrorKind};
use crate::import::cell::{self, clean};
use crate::import::grid;
use crate::lang::Lang;
use crate::market::{Bar, IndexData, MarketData};
use crate::money::{Decimal, Price};
use crate::report::Warning;
use crate::text::{Decoded, Encoding};
use crate::tr;

/// The shape a file was recognised as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// `date,close,volume,float` (interfaces.md).
    Canonical,
    /// 通达信 day-bar export.
    Tdx,
    /// 同花顺 K-line export.
    Ths,
    /// 东方财富 daily history.
    Eastmoney,
    /// Another table with recognisable headers.
    Table,
}

impl Layout {
    /// The name shown to users.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Layout::Canonical => lang.pick("标准行情 CSV", "canonical market CSV"),
            Layout::Tdx => lang.pick("通达信日线导出", "TDX day-bar export"),
            Layout::Ths => lang.pick("同花顺K线导出", "THS K-line export"),
            Layout::Eastmoney => lang.pick("东方财富历史行情", "Eastmoney daily history"),
            Layout::Table => lang.pick("行情表格", "market table"),
        }
    }
}

/// Whether the prices are adjusted for ex-rights events (复权).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Adjustment {
    /// 不复权: as traded (what the base price needs).
    None,
    /// 前复权: earlier prices lowered to today's terms.
    Forward,
    /// 后复权: later prices raised to the listing's terms.
    Backward,
    /// The file does not say.
    Unknown,
}

/// The unit of the volume column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VolumeUnit {
    /// Shares (股).
    Shares,
    /// Lots (手) of 100 shares.
    Lots,
}

/// The tradable float (流通股本) supplied by the user: one number for the whole period,
/// or changes effective from a date (`2022-06-23=41842000`). A change without a date
/// applies from the first row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FloatSpec {
    /// (effective from, shares), in date order; `None` = from the start.
    pub changes: Vec<(Option<Date>, Decimal)>,
}

impl FloatSpec {
    /// One float for every day.
    pub fn constant(shares: Decimal) -> FloatSpec {
        FloatSpec { changes: vec![(None, shares)] }
    }

    /// Parses `132971658`, or changes separated by `,` or `;`:
    /// `41423200; 2022-06-23=41842000` (a number without a date applies from the start).
    pub fn parse(text: &str) -> Result<FloatSpec, Error> {
        let bad = |t: &str| {
            Error::at(ErrorKind::BadNumber { text: t.to_owned() }, "float", None, Some("float"))
        };
        let mut changes = Vec::new();
        for part in text.split([',', ';', '，', '；']).map(str::trim).filter(|p| !p.is_empty()) {
            let (date, number) = match part.split_once(['=', ':']) {
                Some((d, n)) => (
                    Some(Date::parse_loose(d).ok_or_else(|| {
                        Error::at(
                            ErrorKind::BadDate { text: d.trim().to_owned() },
                            "float",
                            None,
                            Some("float"),
                        )
                    })?),
                    n,
                ),
                None => (None, part),
            };
            let n = number_cell(number).filter(|n| *n > Decimal::ZERO).ok_or_else(|| bad(part))?;
            changes.push((date, n));
        }
        if changes.is_empty() {
            return Err(bad(text));
        }
        changes.sort_by_key(|(d, _)| *d);
        Ok(FloatSpec { changes })
    }

    /// The float on `date`, if the spec covers it.
    pub fn on(&self, date: Date) -> Option<Decimal> {
        self.changes.iter().rev().find(|(d, _)| d.is_none_or(|d| d <= date)).map(|(_, n)| *n)
    }
}

/// The caller's choices for an import.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// The float, when the file has none or the user knows better.
    pub float: Option<FloatSpec>,
    /// The volume unit, when the user knows it.
    pub volume_unit: Option<VolumeUnit>,
    /// The case's security, to warn when the file is about another one.
    pub security: Option<String>,
    /// Language of warnings.
    pub lang: Lang,
}

/// Daily bars read from an export, with what was recognised.
#[derive(Clone, Debug)]
pub struct ImportedMarket {
    /// The bars.
    pub data: MarketData,
    /// The recognised shape.
    pub layout: Layout,
    /// The encoding the bytes were decoded from (UTF-8 for text input).
    pub encoding: Encoding,
    /// The security code, when the file says.
    pub security: Option<String>,
    /// The security's name, when the file says.
    pub name: Option<String>,
    /// Whether the closes are adjusted.
    pub adjustment: Adjustment,
    /// The unit the volume was read in (every bar's volume is in shares).
    pub volume_unit: VolumeUnit,
    /// Whether the float came from the file or from the user.
    pub float_from_file: bool,
    /// Surprising but usable input.
    pub warnings: Vec<Warning>,
}

/// Index closes read from an export.
#[derive(Clone, Debug)]
pub struct ImportedIndex {
    /// The closes.
    pub data: IndexData,
    /// The recognised shape.
    pub layout: Layout,
    /// The index codes read.
    pub codes: Vec<String>,
    /// Surprising but usable input.
    pub warnings: Vec<Warning>,
}

/// Decodes bytes (BOM, UTF-8, else GB18030 by `gb18030`) and imports daily bars.
pub fn import_market_bytes(
    bytes: &[u8],
    file: &str,
    options: &ImportOptions,
    gb18030: &dyn Fn(&[u8]) -> (String, usize),
) -> Result<ImportedMarket, Error> {
    let decoded = crate::text::decode_with(bytes, gb18030);
    let mut imported = import_market(&decoded.text, file, options)?;
    imported.encoding = decoded.encoding;
    malformed_warning(&decoded, file, options.lang, &mut imported.warnings);
    Ok(imported)
}

/// [`import_market_bytes`] with GB18030 decoded by `encoding_rs`.
#[cfg(feature = "encodings")]
pub fn import_market_auto(
    bytes: &[u8],
    file: &str,
    options: &ImportOptions,
) -> Result<ImportedMarket, Error> {
    import_market_bytes(bytes, file, options, &crate::text::gb18030)
}

/// Decodes bytes and imports index closes (see [`import_index`]).
pub fn import_index_bytes(
    bytes: &[u8],
    file: &str,
    code: Option<&str>,
    lang: Lang,
    gb18030: &dyn Fn(&[u8]) -> (String, usize),
) -> Result<ImportedIndex, Error> {
    let decoded = crate::text::decode_with(bytes, gb18030);
    let mut imported = import_index(&decoded.text, file, code, lang)?;
    malformed_warning(&decoded, file, lang, &mut imported.warnings);
    Ok(imported)
}

/// [`import_index_bytes`] with GB18030 decoded by `encoding_rs`.
#[cfg(feature = "encodings")]
pub fn import_index_auto(
    bytes: &[u8],
    file: &str,
    code: Option<&str>,
    lang: Lang,
) -> Result<ImportedIndex, Error> {
    import_index_bytes(bytes, file, code, lang, &crate::text::gb18030)
}

fn malformed_warning(decoded: &Decoded, file: &str, lang: Lang, warnings: &mut Vec<Warning>) {
    if decoded.malformed > 0 {
        warnings.push(warning(
            "market-malformed-text",
            file,
            None,
            tr!(
                lang,
                "有 {} 处字节无法按 {} 解码，已替换为 �",
                "{} byte sequences could not be decoded as {} and were replaced by �",
                decoded.malformed,
                decoded.encoding.label()
            ),
        ));
    }
}

fn warning(code: &'static str, file: &str, row: Option<u32>, message: String) -> Warning {
    Warning { code, row, file: Some(file.to_owned()), segment: None, message }
}

/// Imports daily bars of a security from text.
pub fn import_market(
    text: &str,
    file: &str,
    options: &ImportOptions,
) -> Result<ImportedMarket, Error> {
    let lang = options.lang;
    let sheet = Sheet::read(text, file)?;
    let mut warnings = Vec::new();
    let date = sheet.require(Role::Date)?;
    let close = sheet.require(Role::Close)?;
    let volume = sheet.require(Role::Volume)?;
    let amount = sheet.find(Role::Amount);
    let float_col = sheet.find(Role::Float);
    if float_col.is_none() && options.float.is_none() {
        return Err(Error::at(ErrorKind::MissingColumn { name: "float" }, file, None, None));
    }
    let from_file = float_col.is_some() && options.float.is_none();
    if float_col.is_some() && options.float.is_some() {
        warnings.push(warning(
            "market-float-overridden",
            file,
            None,
            tr!(
                lang,
                "文件中的流通股本列被忽略，改用您提供的流通股本",
                "the file's float column is ignored in favour of the float you gave"
            ),
        ));
    }

    // Parse every row first; the volume unit may depend on all of them.
    struct Row {
        line: u32,
        date: Date,
        close: Decimal,
        volume: Option<Decimal>,
        amount: Option<Decimal>,
        float: Option<Decimal>,
        float_text: String,
        range: Option<(Decimal, Decimal)>,
    }
    let high = sheet.find(Role::High);
    let low = sheet.find(Role::Low);
    let mut rows = Vec::with_capacity(sheet.rows.len());
    let mut no_close = Vec::new();
    for (line, cells) in &sheet.rows {
        let d = sheet.date(cells, date, *line)?;
        let c = sheet.number(cells, close, *line)?;
        let Some(c) = c else {
            // A day without a close is not a trading day (said in a warning below).
            no_close.push(*line);
            continue;
        };
        if c <= Decimal::ZERO {
            let mut e = Error::at(
                ErrorKind::BadNumber { text: sheet.cell(cells, close).to_owned() },
                file,
                Some(*line),
                Some(&sheet.header[close]),
            );
            if sheet.adjustment == Adjustment::Forward {
                e.kind = ErrorKind::Table {
                    detail: tr!(
                        lang,
                        "第 {} 行前复权收盘价不为正，请导出不复权数据",
                        "row {}: a forward-adjusted close is not positive; export unadjusted (不复权) data",
                        line
                    ),
                };
            }
            return Err(e);
        }
        rows.push(Row {
            line: *line,
            date: d,
            close: c,
            volume: sheet.number(cells, volume, *line)?,
            amount: amount.map(|a| sheet.number(cells, a, *line)).transpose()?.flatten(),
            float: float_col.map(|f| sheet.number(cells, f, *line)).transpose()?.flatten(),
            float_text: float_col.map_or("", |f| sheet.cell(cells, f)).to_owned(),
            range: match (high, low) {
                (Some(h), Some(l)) => {
                    sheet.number(cells, l, *line)?.zip(sheet.number(cells, h, *line)?)
                }
                _ => None,
            },
        });
    }

    let unit = resolve_unit(
        options.volume_unit,
        &sheet,
        volume,
        rows.iter().filter_map(|r| Some((r.amount?, r.volume?, r.close))),
        file,
        lang,
        &mut warnings,
    )?;
    let factor = match unit {
        VolumeUnit::Shares => Decimal::ONE,
        VolumeUnit::Lots => Decimal::ONE_HUNDRED,
    };

    // Adjusted closes betray themselves: the day's amount ÷ volume (the as-traded mean
    // price) falls outside the day's low–high range.
    let (outside, checked) = rows.iter().fold((0usize, 0usize), |(o, n), r| {
        let (Some((lo, hi)), Some(a), Some(v)) = (r.range, r.amount, r.volume) else {
            return (o, n);
        };
        if v <= Decimal::ZERO || a <= Decimal::ZERO {
            return (o, n);
        }
        let mean = a / (v * factor);
        let slack = Decimal::new(5, 3) * hi;
        (o + usize::from(mean < lo - slack || mean > hi + slack), n + 1)
    });
    let looks_adjusted = checked >= 3 && outside * 3 > checked;

    let mut bars = Vec::with_capacity(rows.len());
    let mut dropped = Vec::new();
    for r in rows {
        let Some(v) = r.volume.filter(|v| *v > Decimal::ZERO) else {
            dropped.push(r.date);
            continue;
        };
        let float = match &options.float {
            Some(spec) => spec.on(r.date),
            None => r.float,
        };
        let Some(float) = float.filter(|f| *f > Decimal::ZERO) else {
            return Err(match &options.float {
                Some(_) => Error::at(
                    ErrorKind::Table {
                        detail: tr!(
                            lang,
                            "您提供的流通股本不覆盖 {}（第一次变动之前没有数值）",
                            "the float you gave does not cover {} (no value before its first change)",
                            r.date
                        ),
                    },
                    file,
                    Some(r.line),
                    Some("float"),
                ),
                None => Error::at(
                    ErrorKind::BadNumber { text: r.float_text },
                    file,
                    Some(r.line),
                    float_col.map(|f| sheet.header[f].as_str()),
                ),
            });
        };
        bars.push(Bar { date: r.date, close: Price(r.close), volume: v * factor, float });
    }
    if let Some(first) = no_close.first() {
        warnings.push(warning(
            "market-no-close",
            file,
            Some(*first),
            tr!(
                lang,
                "{} 行没有收盘价，不计为交易日",
                "{} rows have no close and are not trading days",
                no_close.len()
            ),
        ));
    }
    if let Some(first) = dropped.first() {
        warnings.push(warning(
            "market-zero-volume",
            file,
            None,
            tr!(
                lang,
                "{} 行没有成交量（停牌），不计为交易日，第一个是 {}",
                "{} rows have no volume (suspended) and are not trading days; the first is {}",
                dropped.len(),
                first
            ),
        ));
    }
    match sheet.adjustment {
        Adjustment::None => {}
        Adjustment::Forward | Adjustment::Backward => warnings.push(warning(
            "market-adjusted-prices",
            file,
            None,
            tr!(
                lang,
                "收盘价是{}数据：基准日（换手率）不受影响，但由此计算的基准价不是当时的成交价，请用不复权数据计算基准价",
                "the closes are {}: the base date (turnover) is unaffected, but a base price computed from them is not in as-traded terms; use unadjusted data for the base price",
                match (sheet.adjustment, lang) {
                    (Adjustment::Forward, Lang::Zh) => "前复权",
                    (Adjustment::Forward, Lang::En) => "forward-adjusted (前复权)",
                    (_, Lang::Zh) => "后复权",
                    (_, Lang::En) => "backward-adjusted (后复权)",
                }
            ),
        )),
        Adjustment::Unknown if looks_adjusted => warnings.push(warning(
            "market-looks-adjusted",
            file,
            None,
            tr!(
                lang,
                "收盘价像是复权数据：{} 个交易日中有 {} 天的成交均价（成交额 ÷ 成交量）落在当日最高价和最低价之外。基准日（换手率）不受影响，基准价需要不复权的收盘价",
                "the closes look adjusted: on {1} of {0} days the mean traded price (amount ÷ volume) lies outside the day's high–low range. The base date (turnover) is unaffected; the base price needs unadjusted closes",
                checked,
                outside
            ),
        )),
        Adjustment::Unknown => {
            if sheet.layout != Layout::Canonical {
                warnings.push(warning(
                    "market-adjustment-unknown",
                    file,
                    None,
                    tr!(
                        lang,
                        "文件未说明是否复权：基准价需要不复权的收盘价",
                        "the file does not say whether prices are adjusted: the base price needs unadjusted closes"
                    ),
                ));
            }
        }
    }
    if let (Some(want), Some(got)) = (&options.security, &sheet.security)
        && want != got
    {
        warnings.push(warning(
            "market-security-mismatch",
            file,
            None,
            tr!(
                lang,
                "文件是 {} 的行情，案件的证券是 {}",
                "the file holds bars of {}, but the case's security is {}",
                got,
                want
            ),
        ));
    }
    let data = MarketData::from_bars(bars, file)?;
    Ok(ImportedMarket {
        data,
        layout: sheet.layout,
        encoding: Encoding::Utf8,
        security: sheet.security.clone(),
        name: sheet.name.clone(),
        adjustment: sheet.adjustment,
        volume_unit: unit,
        float_from_file: from_file,
        warnings,
    })
}

/// Decides the volume unit (see the module doc for the order).
fn resolve_unit(
    given: Option<VolumeUnit>,
    sheet: &Sheet<'_>,
    volume: usize,
    samples: impl Iterator<Item = (Decimal, Decimal, Decimal)>,
    file: &str,
    lang: Lang,
    warnings: &mut Vec<Warning>,
) -> Result<VolumeUnit, Error> {
    if let Some(u) = given {
        return Ok(u);
    }
    let header = &sheet.header[volume];
    if header.contains('股') {
        return Ok(VolumeUnit::Shares);
    }
    if header.contains("(手)") || header.contains("（手）") {
        return Ok(VolumeUnit::Lots);
    }
    // amount / (volume × close): about 1 in shares, about 100 in lots.
    let mut ratios: Vec<Decimal> = samples
        .filter(|(a, v, c)| *a > Decimal::ZERO && *v > Decimal::ZERO && *c > Decimal::ZERO)
        .filter_map(|(a, v, c)| a.checked_div(v * c))
        .collect();
    ratios.sort();
    let detected = ratios.get(ratios.len() / 2).and_then(|m| {
        if *m >= Decimal::new(5, 1) && *m <= Decimal::TWO {
            Some(VolumeUnit::Shares)
        } else if *m >= Decimal::from(50) && *m <= Decimal::from(200) {
            Some(VolumeUnit::Lots)
        } else {
            None
        }
    });
    let default = match sheet.layout {
        Layout::Canonical | Layout::Tdx | Layout::Ths => Some(VolumeUnit::Shares),
        Layout::Eastmoney => Some(VolumeUnit::Lots),
        Layout::Table => None,
    };
    match (detected, default) {
        (Some(d), Some(l)) if d != l => {
            warnings.push(warning(
                "market-volume-unit",
                file,
                None,
                tr!(
                    lang,
                    "按成交额判断成交量的单位是{}（而不是此类文件通常的单位）",
                    "judging by the amounts, the volume is in {} (not this layout's usual unit)",
                    unit_name(d, lang)
                ),
            ));
            Ok(d)
        }
        (Some(d), _) => Ok(d),
        (None, Some(l)) => Ok(l),
        (None, None) => Err(Error::at(
            ErrorKind::Table {
                detail: tr!(
                    lang,
                    "无法判断成交量的单位（股还是手），请说明",
                    "cannot tell whether the volume is in shares or in lots of 100; please say which"
                ),
            },
            file,
            Some(sheet.header_line),
            Some(header),
        )),
    }
}

fn unit_name(u: VolumeUnit, lang: Lang) -> &'static str {
    match u {
        VolumeUnit::Shares => lang.pick("股", "shares"),
        VolumeUnit::Lots => lang.pick("手（100 股）", "lots of 100 shares"),
    }
}

/// Imports closes of one or more reference indices from text. The code comes from
/// `code`, else a code column (one file may hold several indices), else the 通达信
/// title line, else the six digits of the file name.
pub fn import_index(
    text: &str,
    file: &str,
    code: Option<&str>,
    lang: Lang,
) -> Result<ImportedIndex, Error> {
    let sheet = Sheet::read(text, file)?;
    let date = sheet.require(Role::Date)?;
    let close = sheet.require(Role::Close)?;
    let code_col = sheet.find(Role::Code);
    let fixed = code.map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned);
    let fixed = fixed.or_else(|| if code_col.is_none() { sheet.security.clone() } else { None });
    if fixed.is_none() && code_col.is_none() {
        return Err(Error::at(ErrorKind::MissingColumn { name: "index" }, file, None, None));
    }
    let mut series: std::collections::BTreeMap<String, Vec<(Date, Price)>> = Default::default();
    for (line, cells) in &sheet.rows {
        let d = sheet.date(cells, date, *line)?;
        let Some(c) = sheet.number(cells, close, *line)? else { continue };
        if c <= Decimal::ZERO {
            return Err(Error::at(
                ErrorKind::BadNumber { text: sheet.cell(cells, close).to_owned() },
                file,
                Some(*line),
                Some(&sheet.header[close]),
            ));
        }
        let code = match (&fixed, code_col) {
            (Some(f), _) => f.clone(),
            (None, Some(i)) => clean(sheet.cell(cells, i)).to_owned(),
            (None, None) => String::new(),
        };
        if code.is_empty() {
            return Err(Error::at(
                ErrorKind::EmptyIndexCode,
                file,
                Some(*line),
                code_col.map(|i| sheet.header[i].as_str()),
            ));
        }
        series.entry(code).or_default().push((d, Price(c)));
    }
    let mut data = IndexData::default();
    for (code, mut s) in series {
        s.sort_by_key(|(d, _)| *d);
        if let Some(w) = s.windows(2).find(|w| w[0].0 == w[1].0) {
            return Err(Error::at(
                ErrorKind::DuplicateDate { date: w[0].0, index: Some(code.clone()) },
                file,
                None,
                Some("date"),
            ));
        }
        data.series.insert(code, s);
    }
    let codes = data.series.keys().cloned().collect();
    let mut warnings = Vec::new();
    if sheet.adjustment == Adjustment::Forward || sheet.adjustment == Adjustment::Backward {
        warnings.push(warning(
            "market-adjusted-prices",
            file,
            None,
            lang.pick("指数数据标为复权数据", "the index data is marked as adjusted").to_owned(),
        ));
    }
    Ok(ImportedIndex { data, layout: sheet.layout, codes, warnings })
}

/// What a column means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Date,
    Close,
    High,
    Low,
    Volume,
    Amount,
    Float,
    Code,
}

impl Role {
    fn canonical(self) -> &'static str {
        match self {
            Role::Date => "date",
            Role::Close => "close",
            Role::High => "high",
            Role::Low => "low",
            Role::Volume => "volume",
            Role::Amount => "amount",
            Role::Float => "float",
            Role::Code => "index",
        }
    }

    /// Header names (normalised: no spaces, lower case, half-width brackets and the unit
    /// in brackets removed).
    fn names(self) -> &'static [&'static str] {
        match self {
            Role::Date => {
                &["date", "日期", "时间", "交易日期", "交易日", "trade_date", "trading_day"]
            }
            Role::Close => &["close", "收盘", "收盘价", "今收盘", "close_price"],
            Role::High => &["high", "最高", "最高价"],
            Role::Low => &["low", "最低", "最低价"],
            Role::Volume => &["volume", "vol", "成交量", "总手", "成交数量", "成交股数"],
            Role::Amount => &["amount", "成交额", "成交金额", "金额", "turnover_value"],
            Role::Float => &[
                "float",
                "float_shares",
                "outstanding_share",
                "流通股本",
                "流通股",
                "流通a股",
                "流通股数",
                "自由流通股本",
            ],
            Role::Code => &["index", "code", "代码", "指数代码", "证券代码", "股票代码", "symbol"],
        }
    }
}

/// The header without spaces, in lower case, with half-width brackets and without a
/// bracketed unit: `成交量（股）` → `成交量`.
fn header_key(h: &str) -> String {
    let t: String = h
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect::<String>()
        .to_lowercase();
    let t = t.trim_start_matches('#');
    t.split('(').next().unwrap_or("").to_owned()
}

/// A number cell by the broker importer's rules ([`cell::number`]: thousands separators,
/// signs, full-width digits), with a trailing `%` (换手%) dropped.
fn number_cell(cell: &str) -> Option<Decimal> {
    let t = clean(cell);
    cell::number(t.strip_suffix(['%', '％']).unwrap_or(t))
}

/// Dates of day-bar exports: `2019/01/14`, `2019-01-14`, `20190114`, `01/14/2019`
/// (older 通达信), `2019-01-14,一` (同花顺), `2019-01-14 00:00:00`.
fn date_cell(cell: &str) -> Option<Date> {
    let t = clean(cell);
    let t = t.split([',', '，']).next().unwrap_or(t).trim();
    if let Some(d) = cell::date(t, false) {
        return Some(d);
    }
    let head = t.split([' ', 'T']).next().unwrap_or(t);
    let parts: Vec<&str> = head.split(['/', '-', '.']).collect();
    if let [m, d, y] = parts[..]
        && y.len() == 4
        && m.len() <= 2
        && d.len() <= 2
    {
        return Date::from_ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    }
    None
}

/// A day-bar file read into a header and rows, with what its title and trailer say.
struct Sheet<'a> {
    file: &'a str,
    header: Vec<String>,
    keys: Vec<String>,
    header_line: u32,
    rows: Vec<(u32, Vec<String>)>,
    layout: Layout,
    adjustment: Adjustment,
    security: Option<String>,
    name: Option<String>,
}

impl<'a> Sheet<'a> {
    fn read(text: &str, file: &'a str) -> Result<Sheet<'a>, Error> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut adjustment = Adjustment::Unknown;
        let mut security = None;
        let mut name = None;
        let mut tdx = false;
        let mut header: Option<(u32, Vec<String>, Delimiter)> = None;
        let mut rows = Vec::new();
        let mut ths_dates = false;
        for (i, raw) in text.lines().enumerate() {
            let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let l = raw.trim();
            if l.is_empty() || l.chars().all(|c| matches!(c, '-' | '=' | ' ' | '\t')) {
                continue;
            }
            if l.contains("数据来源") {
                tdx |= l.contains("通达信");
                continue;
            }
            let Some((_, _, delimiter)) = &header else {
                if let Some(found) = Self::header_of(l) {
                    header = Some((line, found.0, found.1));
                } else if let Some(title) = Title::parse(l) {
                    if !title.daily {
                        return Err(Error::at(
                            ErrorKind::NotDailyBars { title: l.to_owned() },
                            file,
                            Some(line),
                            None,
                        ));
                    }
                    tdx = true;
                    adjustment = title.adjustment;
                    security = title.code;
                    name = title.name;
                }
                continue;
            };
            let cells = delimiter.split(raw);
            if cells.first().is_some_and(|c| c.contains(',') && c.chars().any(is_weekday)) {
                ths_dates = true;
            }
            rows.push((line, cells));
        }
        let Some((header_line, header, _)) = header else {
            return Err(Error::at(ErrorKind::MissingColumn { name: "date" }, file, None, None));
        };
        let keys: Vec<String> = header.iter().map(|h| header_key(h)).collect();
        let has = |k: &str| keys.iter().any(|h| h == k);
        let layout = if tdx {
            Layout::Tdx
        } else if has("总手") || ths_dates {
            Layout::Ths
        } else if keys == ["date", "close", "volume", "float"]
            || (has("date") && has("close") && has("volume") && has("float") && keys.len() == 4)
        {
            Layout::Canonical
        } else if has("涨跌额") && has("成交量") && has("成交额") && has("换手率") {
            Layout::Eastmoney
        } else {
            Layout::Table
        };
        if adjustment == Adjustment::Unknown {
            adjustment = if layout == Layout::Canonical {
                Adjustment::None
            } else if file.contains("前复权") || file.contains("qfq") {
                Adjustment::Forward
            } else if file.contains("后复权") || file.contains("hfq") {
                Adjustment::Backward
            } else if file.contains("不复权") {
                Adjustment::None
            } else {
                Adjustment::Unknown
            };
        }
        if security.is_none() {
            security = six_digits(file);
        }
        Ok(Sheet { file, header, keys, header_line, rows, layout, adjustment, security, name })
    }

    /// A header line: it names a date column and a close column.
    fn header_of(line: &str) -> Option<(Vec<String>, Delimiter)> {
        let delimiter = if line.contains('\t') {
            Delimiter::Tab
        } else if line.contains(',') {
            Delimiter::Comma
        } else {
            Delimiter::Space
        };
        let cells: Vec<String> = match delimiter {
            Delimiter::Space => line.split_whitespace().map(str::to_owned).collect(),
            _ => delimiter.split(line),
        };
        let keys: Vec<String> = cells.iter().map(|c| header_key(c)).collect();
        let has = |r: Role| keys.iter().any(|k| r.names().contains(&k.as_str()));
        // 通达信 writes a space-separated header over comma-separated rows.
        let delimiter = if delimiter == Delimiter::Space { Delimiter::Auto } else { delimiter };
        (has(Role::Date) && has(Role::Close)).then_some((cells, delimiter))
    }

    fn find(&self, role: Role) -> Option<usize> {
        self.keys.iter().position(|k| role.names().contains(&k.as_str()))
    }

    fn require(&self, role: Role) -> Result<usize, Error> {
        self.find(role).ok_or_else(|| {
            Error::at(
                ErrorKind::MissingColumn { name: role.canonical() },
                self.file,
                Some(self.header_line),
                None,
            )
        })
    }

    fn cell<'c>(&self, cells: &'c [String], i: usize) -> &'c str {
        cells.get(i).map_or("", |s| s.as_str())
    }

    fn date(&self, cells: &[String], i: usize, line: u32) -> Result<Date, Error> {
        let t = self.cell(cells, i);
        date_cell(t).ok_or_else(|| {
            Error::at(
                ErrorKind::BadDate { text: t.trim().to_owned() },
                self.file,
                Some(line),
                Some(&self.header[i]),
            )
        })
    }

    /// `Ok(None)` for an empty cell or `--`.
    fn number(&self, cells: &[String], i: usize, line: u32) -> Result<Option<Decimal>, Error> {
        let t = clean(self.cell(cells, i));
        if t.is_empty() || t.chars().all(|c| c == '-') {
            return Ok(None);
        }
        number_cell(t).map(Some).ok_or_else(|| {
            Error::at(
                ErrorKind::BadNumber { text: t.to_owned() },
                self.file,
                Some(line),
                Some(&self.header[i]),
            )
        })
    }
}

fn is_weekday(c: char) -> bool {
    matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '日')
}

/// The first run of exactly six digits in a file name (`SH#600830.txt`, `688086.csv`).
fn six_digits(name: &str) -> Option<String> {
    let bytes = name.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let j = (i..bytes.len()).find(|&j| !bytes[j].is_ascii_digit()).unwrap_or(bytes.len());
            if j - i == 6 {
                return Some(name[i..j].to_owned());
            }
            i = j;
        } else {
            i += 1;
        }
    }
    None
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Delimiter {
    Tab,
    Comma,
    Space,
    /// Comma if the row has one, else runs of spaces (通达信 .csv with a spaced header).
    Auto,
}

impl Delimiter {
    fn split(self, line: &str) -> Vec<String> {
        let line = line.trim_end_matches(['\r', '\n']);
        let cells = match self {
            Delimiter::Tab => grid::fields(line, b'\t'),
            Delimiter::Comma => grid::fields(line, b','),
            Delimiter::Auto if line.contains(',') => grid::fields(line, b','),
            Delimiter::Space | Delimiter::Auto => {
                return line.split_whitespace().map(str::to_owned).collect();
            }
        };
        cells.into_iter().map(|c| c.trim().to_owned()).collect()
    }
}

/// A 通达信 title line: `600830 香溢融通 日线 不复权`.
struct Title {
    code: Option<String>,
    name: Option<String>,
    daily: bool,
    adjustment: Adjustment,
}

impl Title {
    fn parse(line: &str) -> Option<Title> {
        let words: Vec<&str> = line.split_whitespace().collect();
        let period = words.iter().position(|w| w.ends_with('线'))?;
        let adjustment = match words.get(period + 1).copied() {
            Some("不复权") => Adjustment::None,
            Some("前复权") => Adjustment::Forward,
            Some("后复权") => Adjustment::Backward,
            _ => Adjustment::Unknown,
        };
        let code = words.first().filter(|w| w.len() == 6 && w.bytes().all(|b| b.is_ascii_digit()));
        let name_from = usize::from(code.is_some());
        let name = (period > name_from).then(|| words[name_from..period].concat());
        Some(Title {
            code: code.map(|c| (*c).to_owned()),
            name,
            daily: words[period] == "日线",
            adjustment,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_dates_of_every_export() {
        for t in [
            "2019/01/14",
            "2019-01-14",
            "20190114",
            "01/14/2019",
            "2019-01-14,一",
            "=\"2019-01-14\"",
        ] {
            assert_eq!(date_cell(t).map(|d| d.to_string()).as_deref(), Some("2019-01-14"), "{t}");
        }
        assert_eq!(date_cell("14/01/2019"), None);
    }

    #[test]
    fn reads_numbers_with_separators() {
        assert_eq!(number_cell("153,586,470").unwrap(), Decimal::from(153_586_470));
        assert_eq!(number_cell("44.99%").unwrap().to_string(), "44.99");
        assert_eq!(number_cell("--"), None);
    }

    #[test]
    fn parses_titles() {
        let t = Title::parse("002181 粤 传 媒 日线 前复权").unwrap();
        assert_eq!(t.code.as_deref(), Some("002181"));
        assert_eq!(t.name.as_deref(), Some("粤传媒"));
        assert!(t.daily);
        assert_eq!(t.adjustment, Adjustment::Forward);
        assert!(!Title::parse("AGL9 白银加权 5分钟线 不复权").unwrap().daily);
        assert!(Title::parse("日期 开盘 收盘").is_none());
    }

    #[test]
    fn float_specs() {
        let f = FloatSpec::parse("41423200; 2022-06-23=41842000").unwrap();
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(f.on(d("2022-06-22")), Some(Decimal::from(41_423_200)));
        assert_eq!(f.on(d("2022-06-23")), Some(Decimal::from(41_842_000)));
        let g = FloatSpec::parse("2022-06-23=41842000").unwrap();
        assert_eq!(g.on(d("2022-06-22")), None);
        assert!(FloatSpec::parse("abc").is_err());
        assert!(FloatSpec::parse("-5").is_err());
        assert!(FloatSpec::parse("").is_err());
    }

    #[test]
    fn six_digit_names() {
        assert_eq!(six_digits("SH#600830.txt").as_deref(), Some("600830"));
        assert_eq!(six_digits("2019-01.csv"), None);
    }
}
