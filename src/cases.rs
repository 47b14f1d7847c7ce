//! The built-in real cases (`cases/*.toml`, embedded at compile time) and the search an
//! investor uses to find "their" case by name, pinyin initials, id or security code.
//!
//! The command line, the web page and the JS API share this one list. Each case file
//! lists its sources and marks every parameter `published`, `unverified`, `assumed` or
//! `unknown` (cases/README.md); [`card`] turns a case into the shape a case list renders
//! (names, key dates per segment, the provenance table with values, what the user must
//! supply). What the user supplies is applied by [`crate::case::parameters::set_all`].

use std::sync::OnceLock;

use serde::Serialize;

use crate::case::parameters;
use crate::case::{Case, CaseKind, Combine, Direction, Regime, Source, Status, SystemicMethod};
use crate::date::Date;
use crate::money::Price;

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
    /// estimate refuses until the user supplies it ([`parameters::set_all`]).
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
        let value = parameters::text(case, path).flatten();
        let required = match path.as_str() {
            "rules.systemic.indices" => case.rules.systemic.indices.is_empty(),
            "rules.systemic.ratio" => case.rules.systemic.ratio.is_none(),
            _ => value.is_some(),
        };
        if required && case.rules.systemic.method.uses(path) {
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
    let rows = parameters::paths(case)
        .into_iter()
        .map(|path| {
            let value = shown(path.clone(), parameters::text(case, &path).flatten());
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
        parameters: rows,
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

    #[test]
    fn normalises_width_case_and_marks() {
        assert_eq!(normalize(" *ST 欣泰 "), "st欣泰");
        assert_eq!(normalize("ＷＦＳＫ３００２６８"), "wfsk300268");
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
