//! The built-in real cases (`cases/*.toml`, embedded at compile time) and the search an
//! investor uses to find "their" case by name, pinyin initials, id or security code.
//!
//! The command line, the web page and the JS API share this one list. Each case file
//! lists its sources and marks every parameter `published`, `unverified`, `assumed` or
//! `unknown` (cases/README.md); [`card`] turns a case into the shape a case list renders
//! (names, key dates per segment, the provenance table with values, what the user must
//! supply), and [`set`] applies what the user supplied.

use std::sync::OnceLock;

use serde::Serialize;

use crate::case::{
    Case, CaseKind, Combine, Direction, FeesOn, InterestPrincipal, InterestRate, Method, Netting,
    Provenance, Regime, Source, Status, SystemicMethod,
};
use crate::date::Date;
use crate::error::{Error, ErrorKind};
use crate::money::{Decimal, Price, Ratio, parse_decimal};

/// The embedded case files: (file name, text). `demo.toml` first.
pub const FILES: &[(&str, &str)] = &[
    ("demo.toml", include_str!("../cases/demo.toml")),
    ("wanfu-2013.toml", include_str!("../cases/wanfu-2013.toml")),
    ("hailianxun-2014.toml", include_str!("../cases/hailianxun-2014.toml")),
    ("xintai-2017.toml", include_str!("../cases/xintai-2017.toml")),
    ("zijing-2023.toml", include_str!("../cases/zijing-2023.toml")),
    ("guangdao-2025.toml", include_str!("../cases/guangdao-2025.toml")),
    ("kangmei-2021.toml", include_str!("../cases/kangmei-2021.toml")),
    ("zeda-2023.toml", include_str!("../cases/zeda-2023.toml")),
    ("founder-2019.toml", include_str!("../cases/founder-2019.toml")),
    ("xiangyi-2021.toml", include_str!("../cases/xiangyi-2021.toml")),
    ("feilo-2021.toml", include_str!("../cases/feilo-2021.toml")),
    ("leshi-2021.toml", include_str!("../cases/leshi-2021.toml")),
    ("meishang-2023.toml", include_str!("../cases/meishang-2023.toml")),
    ("jinzhougang-2025.toml", include_str!("../cases/jinzhougang-2025.toml")),
];

/// Every built-in case, parsed once, in the order of [`FILES`]. A file that does not
/// parse is left out (the test suite proves that none is).
pub fn builtin() -> &'static [Case] {
    static CASES: OnceLock<Vec<Case>> = OnceLock::new();
    CASES.get_or_init(|| {
        FILES.iter().filter_map(|(name, text)| Case::from_toml(text, name).ok()).collect()
    })
}

/// The built-in case with this id.
pub fn by_id(id: &str) -> Option<&'static Case> {
    let id = id.trim();
    builtin().iter().find(|c| c.id == id)
}

/// The built-in cases that match a query, best first. Every word of the query must match
/// the id, a security code (current or former), the Chinese or English name, or an alias
/// (short names, later names, pinyin initials); case and width are ignored. An empty
/// query lists every case.
pub fn search(query: &str) -> Vec<&'static Case> {
    let words: Vec<String> = query.split_whitespace().map(normalize).collect();
    let mut hits: Vec<(u32, &'static Case)> = builtin()
        .iter()
        .filter_map(|case| {
            let mut total = 0;
            for w in &words {
                total += score(case, w)?;
            }
            Some((total, case))
        })
        .collect();
    hits.sort_by_key(|h| std::cmp::Reverse(h.0));
    hits.into_iter().map(|(_, c)| c).collect()
}

/// Lower case, half-width letters and digits, and no spaces, `*` or `·`.
fn normalize(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            let c = match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
                _ => c,
            };
            (!c.is_whitespace() && !matches!(c, '*' | '·' | '（' | '）' | '(' | ')'))
                .then(|| c.to_lowercase())
        })
        .flatten()
        .collect()
}

/// How well one normalised word matches a case; `None` when it does not.
fn score(case: &Case, word: &str) -> Option<u32> {
    if word.is_empty() {
        return Some(0);
    }
    let codes = std::iter::once(&case.security).chain(&case.former_codes);
    if normalize(&case.id) == word || codes.clone().any(|c| c == word) {
        return Some(100);
    }
    let names = [&case.name, &case.name_en].into_iter().chain(&case.aliases).map(|n| normalize(n));
    let mut best = None;
    for name in names {
        let s = if name == word {
            90
        } else if name.starts_with(word) {
            70
        } else if name.contains(word) && !word.is_ascii() {
            50
        } else {
            continue;
        };
        best = best.max(Some(s));
    }
    // Latin letters match the start of an English word ("st" is not in "misstatement").
    if best.is_none() && word.is_ascii() {
        let starts_a_word = |text: &str| {
            text.split(|c: char| !c.is_alphanumeric()).any(|w| normalize(w).starts_with(word))
        };
        if std::iter::once(&case.name_en).chain(&case.aliases).any(|n| starts_a_word(n)) {
            best = Some(50);
        }
    }
    if best.is_none()
        && word.len() >= 3
        && word.bytes().all(|b| b.is_ascii_digit())
        && codes.clone().any(|c| c.starts_with(word))
    {
        return Some(60);
    }
    if best.is_none() && normalize(&case.id).contains(word) {
        best = Some(40);
    }
    best
}

/// The parameter paths of a case, in display order: the case-level choices, each
/// segment's dates and prices (`segments.<id>.<field>`), then the rules.
pub fn parameter_paths(case: &Case) -> Vec<String> {
    let mut paths: Vec<String> =
        ["security", "regime", "combine", "corporate_actions"].map(String::from).to_vec();
    for s in &case.segments {
        for f in [
            "direction",
            "implementation_date",
            "disclosure_date",
            "base_date",
            "base_price",
            "last_trading_date",
        ] {
            paths.push(format!("segments.{}.{f}", s.id));
        }
    }
    for f in [
        "buy_average",
        "netting",
        "commission_rate",
        "stamp_duty_rate",
        "fees_on",
        "non_systemic_ratio",
        "min_compensation_ratio",
        "adjust_dividends",
        "interest_rate",
        "interest_principal",
        "interest_days_per_year",
        "systemic.method",
        "systemic.ratio",
        "systemic.indices",
        "systemic.scale",
    ] {
        paths.push(format!("rules.{f}"));
    }
    paths
}

/// The value of a parameter as written in a case file: `None` when `path` is not a
/// parameter, `Some(None)` when the case leaves it absent (a default or market data
/// applies), `Some(Some(text))` otherwise.
pub fn parameter(case: &Case, path: &str) -> Option<Option<String>> {
    fn text<T: ToString>(v: Option<T>) -> Option<String> {
        v.map(|v| v.to_string())
    }
    if let Some(field) = path.strip_prefix("deadlines.") {
        return case.deadlines.get(field);
    }
    if let Some(rest) = path.strip_prefix("segments.") {
        let (id, field) = rest.rsplit_once('.')?;
        let s = case.segments.iter().find(|s| s.id == id)?;
        return Some(match field {
            "direction" => Some(direction_str(s.direction).to_owned()),
            "implementation_date" => Some(s.implementation_date.to_string()),
            "disclosure_date" => Some(s.disclosure_date.to_string()),
            "base_date" => text(s.base_date),
            "base_price" => text(s.base_price),
            "last_trading_date" => text(s.last_trading_date),
            _ => return None,
        });
    }
    let r = &case.rules;
    Some(match path {
        "security" => Some(case.security.clone()),
        "regime" => Some(regime_str(case.regime).to_owned()),
        "combine" => Some(combine_str(case.combine).to_owned()),
        "corporate_actions" => (!case.corporate_actions.is_empty()).then(|| {
            let list: Vec<String> = case
                .corporate_actions
                .iter()
                .map(|a| {
                    let mut t = a.ex_date.to_string();
                    if let Some(b) = a.bonus_per_share {
                        t.push_str(&format!(" +{b}"));
                    }
                    if let Some(d) = a.dividend_per_share {
                        t.push_str(&format!(" ¥{d}"));
                    }
                    t
                })
                .collect();
            list.join("; ")
        }),
        "rules.buy_average" => Some(r.buy_average.as_str().to_owned()),
        "rules.netting" => Some(netting_str(r.netting).to_owned()),
        "rules.commission_rate" => Some(r.commission_rate.to_string()),
        "rules.stamp_duty_rate" => text(r.stamp_duty_rate),
        "rules.fees_on" => Some(fees_on_str(r.fees_on).to_owned()),
        "rules.non_systemic_ratio" => Some(r.non_systemic_ratio.to_string()),
        "rules.min_compensation_ratio" => Some(r.min_compensation_ratio.to_string()),
        "rules.adjust_dividends" => Some(r.adjust_dividends.to_string()),
        "rules.interest_rate" => text(r.interest_rate),
        "rules.interest_principal" => Some(r.interest_principal.as_str().to_owned()),
        "rules.interest_days_per_year" => Some(r.interest_days_per_year.to_string()),
        "rules.systemic.method" => Some(r.systemic.method.as_str().to_owned()),
        "rules.systemic.ratio" => text(r.systemic.ratio),
        "rules.systemic.indices" => {
            (!r.systemic.indices.is_empty()).then(|| r.systemic.indices.join(", "))
        }
        "rules.systemic.scale" => Some(r.systemic.scale.to_string()),
        _ => return None,
    })
}

/// Replaces one parameter with a value the user supplied (`segments.main.base_price`,
/// `rules.systemic.indices` = `801150,000001`, …), marks it `user` in the provenance
/// table and validates the case again. The error names the path and the value; on an
/// error the case is left as it was.
pub fn set(case: &mut Case, path: &str, value: &str) -> Result<(), Error> {
    let mut next = case.clone();
    apply(&mut next, path, value)?;
    next.validate().map_err(|(field, kind)| Error::at(kind, &next.id, None, Some(&field)))?;
    *case = next;
    Ok(())
}

fn apply(case: &mut Case, path: &str, value: &str) -> Result<(), Error> {
    let v = value.trim();
    let bad = |reason: &'static str, reason_zh: &'static str| {
        Error::at(
            ErrorKind::CaseValue { value: v.to_owned(), reason, reason_zh },
            &case.id,
            None,
            Some(path),
        )
    };
    let date = || {
        Date::parse_loose(v)
            .ok_or_else(|| bad("expected a date, YYYY-MM-DD", "应为日期（YYYY-MM-DD）"))
    };
    let number = || parse_decimal(v).ok_or_else(|| bad("expected a number", "应为数字"));
    let optional = |f: &dyn Fn() -> Result<Decimal, Error>| {
        if v.is_empty() { Ok(None) } else { f().map(Some) }
    };
    let choice = |ok: bool| {
        if ok {
            Ok(())
        } else {
            Err(bad("is not one of the allowed values", "不是允许的取值"))
        }
    };
    if let Some(rest) = path.strip_prefix("segments.") {
        let (id, field) =
            rest.rsplit_once('.').ok_or_else(|| bad("is not a parameter", "不是参数"))?;
        let i = case
            .segments
            .iter()
            .position(|s| s.id == id)
            .ok_or_else(|| bad("names no segment of the case", "案件中没有该分段"))?;
        let parsed_date = match field {
            "implementation_date" | "disclosure_date" => Some(date()?),
            "base_date" | "last_trading_date" if !v.is_empty() => Some(date()?),
            _ => None,
        };
        let price = match field {
            "base_price" => optional(&number)?.map(Price),
            _ => None,
        };
        let s = &mut case.segments[i];
        match field {
            "implementation_date" => {
                s.implementation_date = parsed_date.unwrap_or(s.implementation_date)
            }
            "disclosure_date" => s.disclosure_date = parsed_date.unwrap_or(s.disclosure_date),
            "base_date" => s.base_date = parsed_date,
            "last_trading_date" => s.last_trading_date = parsed_date,
            "base_price" => s.base_price = price,
            "direction" => {
                s.direction = match v {
                    "long" => Direction::Long,
                    "short" => Direction::Short,
                    _ => return Err(bad("is not long or short", "应为 long 或 short")),
                }
            }
            _ => return Err(bad("is not a parameter", "不是参数")),
        }
    } else {
        let ratio = || number().map(Ratio);
        let r = &mut case.rules;
        match path {
            "regime" => {
                choice(matches!(v, "spc2022" | "spc2003"))?;
                case.regime = if v == "spc2003" { Regime::Spc2003 } else { Regime::Spc2022 };
            }
            "combine" => {
                choice(matches!(v, "sum" | "max"))?;
                case.combine = if v == "max" { Combine::Max } else { Combine::Sum };
            }
            "rules.buy_average" => {
                r.buy_average = Method::parse(v)
                    .ok_or_else(|| bad("is not a buy-average method", "不是买入均价计算方法"))?;
            }
            "rules.netting" => {
                choice(matches!(v, "net" | "per-part"))?;
                r.netting = if v == "per-part" { Netting::PerPart } else { Netting::Net };
            }
            "rules.fees_on" => {
                choice(matches!(v, "compensable" | "loss"))?;
                r.fees_on = if v == "loss" { FeesOn::Loss } else { FeesOn::Compensable };
            }
            "rules.commission_rate" => r.commission_rate = ratio()?,
            "rules.stamp_duty_rate" => r.stamp_duty_rate = optional(&number)?.map(Ratio),
            "rules.non_systemic_ratio" => r.non_systemic_ratio = ratio()?,
            "rules.min_compensation_ratio" => r.min_compensation_ratio = ratio()?,
            "rules.interest_rate" => {
                r.interest_rate = if v.is_empty() {
                    None
                } else {
                    Some(InterestRate::parse(v).ok_or_else(|| {
                        bad(
                            "expected deposit-table or a number",
                            "应为 deposit-table（同期活期存款利率表）或数字",
                        )
                    })?)
                }
            }
            "rules.interest_principal" => {
                choice(matches!(v, "loss-and-fees" | "loss"))?;
                r.interest_principal = if v == "loss" {
                    InterestPrincipal::Loss
                } else {
                    InterestPrincipal::LossAndFees
                };
            }
            "rules.interest_days_per_year" => {
                choice(matches!(v, "360" | "365"))?;
                r.interest_days_per_year = if v == "365" { 365 } else { 360 };
            }
            "rules.adjust_dividends" => {
                choice(matches!(v, "true" | "false"))?;
                r.adjust_dividends = v == "true";
            }
            "rules.systemic.method" => {
                r.systemic.method = match v {
                    "none" => SystemicMethod::None,
                    "fixed" => SystemicMethod::Fixed,
                    "index-comparison" => SystemicMethod::IndexComparison,
                    "relative-proportion" => SystemicMethod::RelativeProportion,
                    _ => return Err(bad("is not a systemic-risk method", "不是系统风险扣除方法")),
                }
            }
            "rules.systemic.ratio" => r.systemic.ratio = optional(&number)?.map(Ratio),
            "rules.systemic.scale" => r.systemic.scale = ratio()?,
            "rules.systemic.indices" => {
                r.systemic.indices = v
                    .split([',', '，', ' '])
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned)
                    .collect();
            }
            _ => return Err(bad("is not a parameter the user can set", "不是可由用户设置的参数")),
        }
    }
    case.provenance.insert(
        path.to_owned(),
        Provenance {
            status: Status::User,
            note: String::new(),
            note_en: String::new(),
            source: String::new(),
        },
    );
    Ok(())
}

fn direction_str(d: Direction) -> &'static str {
    match d {
        Direction::Long => "long",
        Direction::Short => "short",
    }
}

fn regime_str(r: Regime) -> &'static str {
    match r {
        Regime::Spc2022 => "spc2022",
        Regime::Spc2003 => "spc2003",
    }
}

fn combine_str(c: Combine) -> &'static str {
    match c {
        Combine::Sum => "sum",
        Combine::Max => "max",
    }
}

fn netting_str(n: Netting) -> &'static str {
    match n {
        Netting::Net => "net",
        Netting::PerPart => "per-part",
    }
}

fn fees_on_str(f: FeesOn) -> &'static str {
    match f {
        FeesOn::Compensable => "compensable",
        FeesOn::Loss => "loss",
    }
}

/// Something the user must supply before (or while) estimating a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Need {
    /// Daily bars of the security (`date,close,volume,float` or a day-bar export):
    /// these segments have no published base date or base price.
    MarketData {
        /// The segments that compute `Tb`/`Pb` from the bars.
        segments: Vec<String>,
    },
    /// Daily closes of these reference indices (the systemic-risk deduction).
    IndexData {
        /// Index codes.
        indices: Vec<String>,
    },
    /// A parameter the case does not know (`unknown` in the provenance table): the
    /// estimate refuses until the user supplies it with [`set`].
    Parameter {
        /// The parameter path.
        path: String,
        /// Why it is unknown (the provenance note).
        note: String,
        /// The same in English.
        note_en: String,
    },
}

/// What the user must supply for this case, derived from the case itself: market data
/// for every segment without a published base date or price, index data for the
/// deduction, and every `unknown` parameter that the estimate needs.
pub fn needs(case: &Case) -> Vec<Need> {
    let mut out = Vec::new();
    let mut params = Vec::new();
    for (path, p) in &case.provenance {
        if p.status != Status::Unknown {
            continue;
        }
        let value = parameter(case, path).flatten();
        let required = match path.as_str() {
            "rules.systemic.indices" => case.rules.systemic.indices.is_empty(),
            "rules.systemic.ratio" => case.rules.systemic.ratio.is_none(),
            _ => value.is_some(),
        };
        let relevant = match path.as_str() {
            "rules.systemic.indices" => matches!(
                case.rules.systemic.method,
                SystemicMethod::IndexComparison | SystemicMethod::RelativeProportion
            ),
            "rules.systemic.ratio" => case.rules.systemic.method == SystemicMethod::Fixed,
            _ => true,
        };
        if required && relevant {
            params.push(Need::Parameter {
                path: path.clone(),
                note: p.note.clone(),
                note_en: p.note_en.clone(),
            });
        }
    }
    // Shipped public market data (cases/<id>/) supply the bars and these indices.
    let shipped_security = case.market_files.iter().any(|f| {
        matches!(crate::case_data::kind_of(f), Some(crate::case_data::FileKind::Security(_)))
    });
    let shipped_index =
        |code: &str| case.market_files.iter().any(|f| *f == format!("index-{code}.csv"));
    let segments: Vec<String> = case
        .segments
        .iter()
        .filter(|s| s.base_date.is_none() || s.base_price.is_none())
        .map(|s| s.id.clone())
        .collect();
    let relative = case.rules.systemic.method == SystemicMethod::RelativeProportion;
    if (!segments.is_empty() || relative) && !shipped_security {
        let segments = if segments.is_empty() {
            case.segments.iter().map(|s| s.id.clone()).collect()
        } else {
            segments
        };
        out.push(Need::MarketData { segments });
    }
    if matches!(
        case.rules.systemic.method,
        SystemicMethod::IndexComparison | SystemicMethod::RelativeProportion
    ) && !case.rules.systemic.indices.is_empty()
        && !case.rules.systemic.indices.iter().all(|c| shipped_index(c))
    {
        out.push(Need::IndexData { indices: case.rules.systemic.indices.clone() });
    }
    out.extend(params);
    out
}

/// One row of a case's provenance table, with the value it qualifies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParameterRow {
    /// The parameter path (`segments.s1.base_price`).
    pub path: String,
    /// The value as written, absent when the case leaves it to a default, to market
    /// data or to the user, and for placeholders of unknown values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Published, unverified, assumed, unknown or user; absent when the case file says
    /// nothing about the parameter (the default of rules.md applies).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// What the source says, or why the value was assumed.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// The same in English.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note_en: String,
    /// Where it was read.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// A segment's key dates for the case list (unknown values are absent).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SegmentCard {
    /// Segment id.
    pub id: String,
    /// 诱多 / 诱空.
    pub direction: Direction,
    /// `T0`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub implementation_date: Option<Date>,
    /// `T1`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disclosure_date: Option<Date>,
    /// `Tb`, when published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_date: Option<Date>,
    /// `Pb`, when published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_price: Option<Price>,
    /// Last trading day before delisting.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_trading_date: Option<Date>,
}

/// A case in the shape a case list renders: names, security, key dates per segment,
/// summaries, the provenance table with values, sources and what the user must supply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Card {
    /// Case id (`wanfu-2013`).
    pub id: String,
    /// Chinese name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Scheme, court action or example.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<CaseKind>,
    /// Security code.
    pub security: String,
    /// Earlier codes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub former_codes: Vec<String>,
    /// Other names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The provisions applied.
    pub regime: Regime,
    /// How segments combine.
    pub combine: Combine,
    /// Summary (Chinese).
    pub summary: String,
    /// Summary (English).
    pub summary_en: String,
    /// Key dates per segment.
    pub segments: Vec<SegmentCard>,
    /// Every parameter with its value and status.
    pub parameters: Vec<ParameterRow>,
    /// Sources.
    pub sources: Vec<Source>,
    /// What the user must supply.
    pub needs: Vec<Need>,
    /// The public market data shipped with the case (`cases/<id>/`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub market_files: Vec<String>,
}

/// The render-ready view of a case: what its shipped market data compute is marked so.
pub fn card(case: &Case) -> Card {
    let mut case = case.clone();
    crate::case_data::mark_computed(&mut case);
    let case = &case;
    let shown = |path: String, value: Option<String>| {
        if case.is_unknown(&path) { None } else { value }
    };
    let parameters = parameter_paths(case)
        .into_iter()
        .map(|path| {
            let value = shown(path.clone(), parameter(case, &path).flatten());
            let p = case.provenance.get(&path);
            ParameterRow {
                value,
                status: p.map(|p| p.status),
                note: p.map(|p| p.note.clone()).unwrap_or_default(),
                note_en: p.map(|p| p.note_en.clone()).unwrap_or_default(),
                source: p.map(|p| p.source.clone()).unwrap_or_default(),
                path,
            }
        })
        .collect();
    let known_date = |s: &crate::case::Segment, f: &str, d: Date| {
        (!case.is_unknown(&format!("segments.{}.{f}", s.id))).then_some(d)
    };
    Card {
        id: case.id.clone(),
        name: case.name.clone(),
        name_en: case.name_en.clone(),
        kind: case.kind,
        security: case.security.clone(),
        former_codes: case.former_codes.clone(),
        aliases: case.aliases.clone(),
        regime: case.regime,
        combine: case.combine,
        summary: case.summary.clone(),
        summary_en: case.summary_en.clone(),
        segments: case
            .segments
            .iter()
            .map(|s| SegmentCard {
                id: s.id.clone(),
                direction: s.direction,
                implementation_date: known_date(s, "implementation_date", s.implementation_date),
                disclosure_date: known_date(s, "disclosure_date", s.disclosure_date),
                base_date: s.base_date,
                base_price: s.base_price,
                last_trading_date: s.last_trading_date,
            })
            .collect(),
        parameters,
        sources: case.sources.clone(),
        needs: needs(case),
        market_files: case.market_files.clone(),
    }
}

/// The cards of every built-in case, in list order.
pub fn cards() -> Vec<Card> {
    builtin().iter().map(card).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Case {
        Case::from_toml(crate::DEMO_CASE, "demo.toml").unwrap()
    }

    #[test]
    fn normalises_width_case_and_marks() {
        assert_eq!(normalize(" *ST 欣泰 "), "st欣泰");
        assert_eq!(normalize("ＷＦＳＫ３００２６８"), "wfsk300268");
    }

    #[test]
    fn every_path_resolves_and_nothing_else_does() {
        let case = demo();
        for p in parameter_paths(&case) {
            assert!(parameter(&case, &p).is_some(), "{p}");
        }
        assert_eq!(parameter(&case, "segments.main.base_price"), Some(Some("8".into())));
        assert_eq!(parameter(&case, "rules.interest_rate"), Some(None));
        assert_eq!(parameter(&case, "segments.nope.base_price"), None);
        assert_eq!(parameter(&case, "rules.colour"), None);
    }

    #[test]
    fn set_replaces_marks_and_validates() {
        let mut case = demo();
        set(&mut case, "segments.main.base_price", "7.5").unwrap();
        assert_eq!(case.segments[0].base_price.unwrap().to_string(), "7.5");
        assert_eq!(case.provenance["segments.main.base_price"].status, Status::User);
        set(&mut case, "rules.systemic.indices", "801150, 000001").unwrap();
        assert_eq!(case.rules.systemic.indices, ["801150", "000001"]);
        set(&mut case, "segments.main.base_price", "").unwrap();
        assert_eq!(case.segments[0].base_price, None);
        let before = case.clone();
        let e = set(&mut case, "segments.main.disclosure_date", "2020-01-01").unwrap_err();
        assert_eq!(e.code(), "case-value");
        assert_eq!(case, before, "a refused value changes nothing");
        let e = set(&mut case, "rules.buy_average", "guess").unwrap_err();
        assert_eq!(e.at.unwrap().column.as_deref(), Some("rules.buy_average"));
        assert!(set(&mut case, "rules.colour", "red").is_err());
    }

    #[test]
    fn a_provenance_key_must_be_a_parameter() {
        let text = format!(
            "{}\n[provenance.\"segments.main.base_prize\"]\nstatus = \"published\"\n",
            crate::DEMO_CASE
        );
        let e = Case::from_toml(&text, "demo.toml").unwrap_err();
        assert_eq!(e.code(), "case-value");
    }
}
