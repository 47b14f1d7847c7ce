//! Public market data shipped with a built-in case: the security's daily bars and the
//! closes of the reference indices, in `cases/<id>/`, with their provenance in
//! `cases/<id>/data.toml`.
//!
//! Texts in, data out: a front end hands over the files its case names in
//! `market_files` (the command line and the JS package from the copies embedded with the
//! `case-data` feature, the web page fetched from its own origin when the case is
//! chosen), and gets back the [`MarketData`] and [`IndexData`] the estimate takes. A
//! user's own export replaces them. Parameters the data compute (an unpublished base date
//! or price) are marked [`Status::Computed`] by [`mark_computed`].

use serde::{Deserialize, Serialize};

use crate::case::{Case, Provenance, Status};
use crate::error::{Error, ErrorKind};
use crate::market::{IndexData, MarketData};

/// What a shipped file holds, by its name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// `<code>.csv`: the security's daily bars, `date,close,volume,float`.
    Security(String),
    /// `index-<code>.csv`: one index's closes, `date,close`.
    Index(String),
}

/// The kind of a shipped file from its name, `None` for any other name.
pub fn kind_of(name: &str) -> Option<FileKind> {
    let stem = name.strip_suffix(".csv")?;
    let code = |c: &str| c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit());
    match stem.strip_prefix("index-") {
        Some(c) if code(c) => Some(FileKind::Index(c.to_owned())),
        None if code(stem) => Some(FileKind::Security(stem.to_owned())),
        _ => None,
    }
}

/// The market data of a case, read from its shipped files.
#[derive(Clone, Debug, Default)]
pub struct Shipped {
    /// The security's daily bars, when a security file is shipped.
    pub market: Option<MarketData>,
    /// The reference indices' closes, when index files are shipped.
    pub indices: Option<IndexData>,
}

/// Reads a case's shipped files, given as `(file name, text)`. Every file the case names
/// in `market_files` must be given; a file's error names it as `cases/<id>/<file>`.
pub fn read(case: &Case, files: &[(&str, &str)]) -> Result<Shipped, Error> {
    let mut out = Shipped::default();
    for name in &case.market_files {
        let shown = format!("cases/{}/{name}", case.id);
        let Some(&(_, text)) = files.iter().find(|(n, _)| n == name) else {
            return Err(Error::at(
                ErrorKind::CaseValue {
                    value: name.clone(),
                    reason: "the case's market-data file was not loaded".into(),
                    reason_zh: "未能载入本案附带的行情数据文件".into(),
                },
                &shown,
                None,
                None,
            ));
        };
        match kind_of(name) {
            Some(FileKind::Security(_)) => out.market = Some(MarketData::read_csv(text, &shown)?),
            Some(FileKind::Index(code)) => {
                out.indices
                    .get_or_insert_with(IndexData::default)
                    .add_series_csv(text, &shown, &code)?;
            }
            None => {}
        }
    }
    Ok(out)
}

/// Combines a case's shipped data with the user's own, the one rule every front end
/// follows: the user's bars replace the shipped bars (and the base dates and prices the
/// case leaves open are then marked as computed from the user's data), the user's index
/// closes replace the shipped closes of the same index; without bars of the user's, what
/// the shipped bars compute is marked [`Status::Computed`].
pub fn combine(
    case: &mut Case,
    shipped: Shipped,
    own_market: Option<MarketData>,
    own_indices: Option<IndexData>,
) -> (Option<MarketData>, Option<IndexData>) {
    let market = match (own_market, shipped.market) {
        (Some(own), Some(_)) => {
            mark_open(
                case,
                Status::User,
                "由您提供的行情数据计算。",
                "Computed from the market data you supplied.",
            );
            Some(own)
        }
        (Some(own), None) => Some(own),
        (None, Some(public)) => {
            mark_computed(case);
            Some(public)
        }
        (None, None) => None,
    };
    let indices = match (shipped.indices, own_indices) {
        (Some(mut public), Some(own)) => {
            public.series.extend(own.series);
            Some(public)
        }
        (public, own) => own.or(public),
    };
    (market, indices)
}

/// Marks each segment's unknown base date and price with `status` and a note.
fn mark_open(case: &mut Case, status: Status, note: &str, note_en: &str) {
    for s in &case.segments {
        for (field, given) in
            [("base_date", s.base_date.is_some()), ("base_price", s.base_price.is_some())]
        {
            let path = format!("segments.{}.{field}", s.id);
            if given || !case.provenance.get(&path).is_none_or(|p| p.status == Status::Unknown) {
                continue;
            }
            case.provenance.insert(
                path,
                Provenance {
                    status,
                    note: note.to_owned(),
                    note_en: note_en.to_owned(),
                    source: String::new(),
                },
            );
        }
    }
}

/// Marks what the shipped data compute: each segment's unpublished base date or base
/// price (`unknown` in the case file) becomes [`Status::Computed`], with a note saying
/// where the data come from. Without a shipped security file nothing changes.
pub fn mark_computed(case: &mut Case) {
    if !case.market_files.iter().any(|f| matches!(kind_of(f), Some(FileKind::Security(_)))) {
        return;
    }
    let article = match case.regime {
        crate::case::Regime::Spc2022 => ("2022 年规定第二十六条", "2022 Art. 26"),
        crate::case::Regime::Spc2003 => ("2003 年规定第三十三条", "2003 Art. 33"),
    };
    let note = format!(
        "未公布：按{}，由本案附带的公开日线数据计算（数据的来源和核对见“行情数据来源”）。",
        article.0
    );
    let note_en = format!(
        "Not published: computed under {} from the public daily prices shipped with the case (where they come from and how they were checked: \"Market data sources\").",
        article.1
    );
    mark_open(case, Status::Computed, &note, &note_en);
}

/// The provenance of a case's shipped files (`cases/<id>/data.toml`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataFiles {
    /// One entry per shipped file.
    pub files: Vec<DataFile>,
}

/// One shipped file: what it holds, where its rows come from, how it was checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataFile {
    /// The file name in `cases/<id>/`.
    pub file: String,
    /// `security` or `index`.
    pub kind: String,
    /// The security or index code.
    pub code: String,
    /// The name the source gives.
    pub name: String,
    /// First date.
    pub first: String,
    /// Last date.
    pub last: String,
    /// Number of rows.
    pub rows: u32,
    /// What was checked, with the results.
    #[serde(default)]
    pub checks: Vec<String>,
    /// What could not be checked.
    #[serde(default)]
    pub unchecked: Vec<String>,
    /// Where the rows come from.
    pub sources: Vec<DataSource>,
}

/// One source of a shipped file's rows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataSource {
    /// `owner/name` of the public repository.
    pub repository: String,
    /// The file in it.
    pub path: String,
    /// The commit read.
    pub commit: String,
    /// The rows taken from it.
    pub rows: String,
    /// How its columns map to ours.
    pub columns: String,
}

/// Reads a `data.toml`.
pub fn provenance(text: &str, name: &str) -> Result<DataFiles, Error> {
    toml::from_str(text).map_err(|e| {
        Error::at(ErrorKind::Table { detail: e.message().to_owned() }, name, None, None)
    })
}

/// The shipped files of the built-in cases, embedded (feature `case-data`: the command
/// line and the JS package; the web page fetches them instead, so that its worker does
/// not grow with the cases).
#[cfg(feature = "case-data")]
pub mod embedded {
    include!(concat!(env!("OUT_DIR"), "/case_data.rs"));

    /// The shipped files of a built-in case, `(file name, text)`; `data.toml` among them.
    pub fn files(id: &str) -> Vec<(&'static str, &'static str)> {
        FILES.iter().filter(|(c, ..)| *c == id).map(|&(_, f, t)| (f, t)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_say_what_a_file_holds() {
        assert_eq!(kind_of("688086.csv"), Some(FileKind::Security("688086".into())));
        assert_eq!(kind_of("index-000688.csv"), Some(FileKind::Index("000688".into())));
        assert_eq!(kind_of("index-0006.csv"), None);
        assert_eq!(kind_of("data.toml"), None);
        assert_eq!(kind_of("68808a.csv"), None);
    }
}
