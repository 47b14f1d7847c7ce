//! The one boundary between input files and the rest of the app: bytes or text in,
//! **normalised trades and a per-row report** out.
//!
//! Today it reads the canonical trade CSV (interfaces.md) row by row with the core's own
//! row validator (`redress::canonical::parse_row`), so that one bad row is reported and
//! the others are still used. The broker-file importer (`redress::import`) plugs in here
//! with the same output, and nothing else in the app changes.
//!
//! Decoding follows `redress::import::decode_text`: byte-order mark, UTF-16 without one,
//! strict UTF-8, else GB18030 by a decoder the caller passes (the browser's `TextDecoder`
//! in the worker, `encoding_rs` in native tests).

use std::collections::HashMap;

use redress::canonical::{self, Cells};
use redress::text::Encoding;
use redress::trade::Origin;
use redress::{Error, ErrorKind, Location, Trade};

use redress::Lang;

use crate::protocol::{PreRead, PreRow, RowCells, RowStatus};

/// A GB18030 decoder: text and the number of malformed sequences.
pub type Gb18030 = dyn Fn(&[u8]) -> (String, usize);

/// One input as read.
#[derive(Clone, Debug)]
pub struct Read {
    /// How it was read (`UTF-8 · CSV`).
    pub format: String,
    /// The account label of its rows.
    pub account: String,
    /// Every non-blank line, in order.
    pub rows: Vec<ReadRow>,
    /// A problem that made the whole input unreadable.
    pub error: Option<Rejection>,
    /// Whether its bytes may not be in the encoding they were read as (zero bytes or
    /// bytes that could not be decoded): said when nothing could be read.
    pub doubtful_encoding: bool,
}

/// Why a row, or a whole input, cannot be used: the core's error, or the broker importer's
/// message as it wrote it in each language (the page switches without reading again).
#[derive(Clone, Debug)]
pub enum Rejection {
    /// The core's error (it names the row and column).
    Error(Error),
    /// The importer's message in Chinese and English, each with its place, and the column.
    Said {
        /// In Chinese.
        zh: String,
        /// In English.
        en: String,
        /// The column header, when the problem is in one cell.
        column: Option<String>,
    },
}

impl Rejection {
    /// The message in `lang`, with where the problem is.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Rejection::Error(e) => e.message(lang),
            Rejection::Said { zh, en, .. } => lang.pick(zh, en).to_owned(),
        }
    }

    /// The column header, when the problem is in one cell.
    pub fn column(&self) -> Option<&str> {
        match self {
            Rejection::Error(e) => e.at.as_ref().and_then(|a| a.column.as_deref()),
            Rejection::Said { column, .. } => column.as_deref(),
        }
    }
}

impl From<Error> for Rejection {
    fn from(e: Error) -> Rejection {
        Rejection::Error(e)
    }
}

/// One line of an input and what became of it.
#[derive(Clone, Debug)]
pub struct ReadRow {
    /// 1-based line.
    pub row: u32,
    /// The cells as text (canonical columns).
    pub cells: RowCells,
    /// Used, ignored or rejected.
    pub outcome: Outcome,
    /// The security code of a broker export's row (`None` for the canonical CSV, whose
    /// rows are all of the case's security).
    pub code: Option<String>,
}

/// What became of a row.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// It became this trade (its origin's file index is set by the caller).
    Used(Trade),
    /// Not a trade row.
    Ignored(Ignored),
    /// Unusable, and why (the message names the row and column).
    Rejected(Rejection),
}

/// Why a row was ignored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ignored {
    /// The header row.
    Header,
    /// Excluded by the user.
    ExcludedByUser,
    /// A broker export's row that is not a trade of shares, with the importer's reason
    /// (in Chinese and English).
    Broker(String, String),
    /// A trade of another security than the case's.
    OtherSecurity(String),
    /// The same trade as a row of an earlier input (file name, row) that the user says
    /// (or, unanswered, is taken to be) the same account exported twice: counted once.
    CountedOnce(String, u32),
}

/// Decodes bytes: the text and a label of the encoding (UTF-16 without a byte-order mark
/// too, by the importer's rule).
pub fn decode(bytes: &[u8], gb18030: &Gb18030) -> (String, Encoding, usize) {
    let d = redress::import::decode_text(bytes, gb18030);
    (d.text, d.encoding, d.malformed)
}

const COLUMNS: [&str; 6] = ["date", "time", "account", "kind", "quantity", "price"];

/// Reads one input's text. `name` is used in messages and as the default account.
pub fn read_text(text: &str, name: &str, encoding: Option<Encoding>) -> Read {
    let format = match encoding {
        Some(e) => format!("{} · CSV", e.label()),
        None => "CSV".to_owned(),
    };
    let mut read = Read {
        format,
        account: name.to_owned(),
        rows: Vec::new(),
        error: None,
        doubtful_encoding: false,
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut lines = LineCounter::default();
    let mut index = [None; 6];
    let mut header_seen = false;
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let row = e.position().map(|p| lines.line_at(text, p.byte()));
                let e = Error::at(ErrorKind::Table { detail: e.to_string() }, name, row, None);
                read.error = Some(e.into());
                break;
            }
        }
        if record.iter().all(str::is_empty) {
            continue;
        }
        let row = record.position().map_or(0, |p| lines.line_at(text, p.byte()));
        if !header_seen {
            header_seen = true;
            for (i, cell) in record.iter().enumerate() {
                if let Some(c) = COLUMNS.iter().position(|c| c.eq_ignore_ascii_case(cell)) {
                    index[c] = Some(i);
                }
            }
            if [0, 3, 4].iter().any(|&c| index[c].is_none()) && !looks_canonical(&record) {
                // Not the canonical CSV: a broker export, read by the core's importer.
                return read_broker(text, name, encoding);
            }
            if let Some(&missing) = [0, 3, 4].iter().find(|&&c| index[c].is_none()) {
                let e = Error::at(
                    ErrorKind::MissingColumn { name: COLUMNS[missing] },
                    name,
                    Some(row),
                    None,
                );
                read.error = Some(e.into());
                break;
            }
            read.rows.push(ReadRow {
                row,
                cells: RowCells::default(),
                outcome: Outcome::Ignored(Ignored::Header),
                code: None,
            });
            continue;
        }
        let cell = |c: usize| index[c].and_then(|i| record.get(i)).unwrap_or("").to_owned();
        let cells = RowCells {
            date: cell(0),
            time: cell(1),
            account: cell(2),
            kind: cell(3),
            quantity: cell(4),
            price: cell(5),
        };
        let outcome = parse(&cells, name, row, &read.account);
        read.rows.push(ReadRow { row, cells, outcome, code: None });
    }
    if !header_seen && read.error.is_none() {
        read.error = Some(Error::at(ErrorKind::NoTrades, name, None, None).into());
    }
    read
}

/// Whether a header row names some canonical column (then missing ones are reported as
/// such, rather than the file being read as a broker export).
fn looks_canonical(record: &csv::StringRecord) -> bool {
    record
        .iter()
        .any(|cell| ["date", "kind", "quantity"].iter().any(|c| c.eq_ignore_ascii_case(cell)))
}

/// Reads a broker export (any layout broker-formats.md describes) with the core's importer
/// (`redress::import`): every row used, ignored or rejected with the importer's reason.
pub fn read_broker(text: &str, name: &str, encoding: Option<Encoding>) -> Read {
    let mut pre = pre_read(name, redress::import::Content::Text(text));
    if let Some(e) = encoding {
        pre.format = format!("{} · {}", e.label(), pre.format);
    }
    from_pre(&pre, name)
}

/// Runs the core's importer on one file (bytes or text) and keeps its per-row report with
/// messages in both languages, since the page can switch. A workbook is read only where
/// the core's `workbook` feature is on (the lazily loaded workbook worker).
pub fn pre_read(name: &str, content: redress::import::Content<'_>) -> PreRead {
    use redress::import::{self, InputFile, Options, Status};
    let file = [InputFile { name, content }];
    // Text that is not UTF-8 arrives decoded (the page's worker decodes with the browser).
    let lossy = |b: &[u8]| (String::from_utf8_lossy(b).into_owned(), 0);
    let run = |lang| import::import_with(&file, &Options { lang, select: Vec::new() }, &lossy);
    let (zh, en) = match (run(Lang::Zh), run(Lang::En)) {
        (Ok(zh), Ok(en)) => (zh, en),
        (Err(e), _) | (_, Err(e)) => {
            return PreRead {
                format: String::new(),
                account: name.to_owned(),
                rows: Vec::new(),
                error: Some((e.message(Lang::Zh), e.message(Lang::En))),
            };
        }
    };
    let report = zh.report.files.first();
    let format = report.map(|f| format!("{:?}", f.container)).unwrap_or_default();
    let account = report.map_or_else(|| name.to_owned(), |f| f.account.clone());
    let trades: HashMap<u32, &Trade> =
        zh.trades.iter().map(|t| (t.trade.origin.row, &t.trade)).collect();
    let message = |r: &import::RowReport| {
        r.message.clone().or_else(|| r.reason.map(str::to_owned)).unwrap_or_default()
    };
    let rows = zh
        .report
        .rows
        .iter()
        .zip(&en.report.rows)
        .map(|(r, r_en)| {
            let trade = trades.get(&r.row).filter(|_| r.status == Status::Used);
            let cells = match (trade, &r.cells) {
                (Some(t), _) => cells_of(t),
                // A rejected row: its cells as read, for fixing it by hand.
                (None, Some(raw)) => RowCells {
                    date: raw.date.clone(),
                    time: raw.time.clone(),
                    account: account.clone(),
                    kind: raw.business.clone(),
                    quantity: raw.quantity.clone(),
                    price: raw.price.clone(),
                },
                (None, None) => RowCells {
                    date: r.date.map(|d| d.to_string()).unwrap_or_default(),
                    time: String::new(),
                    account: account.clone(),
                    kind: r.business.clone().unwrap_or_default(),
                    quantity: r.quantity.map(|q| q.to_string()).unwrap_or_default(),
                    price: r.price.map(|p| p.0.to_string()).unwrap_or_default(),
                },
            };
            let status = match (r.status, trade) {
                (Status::Used, Some(_)) => RowStatus::Used,
                (Status::Rejected, _) => RowStatus::Rejected,
                _ => RowStatus::Ignored,
            };
            PreRow {
                row: r.row,
                status,
                cells,
                code: r.code.clone(),
                zh: message(r),
                en: message(r_en),
                column: r.column.clone(),
            }
        })
        .collect();
    PreRead { format, account, rows, error: None }
}

/// An importer's report as the rows the engine keeps: a used row's cells are checked again
/// by the canonical row validator (the same check as a row fixed by hand).
pub fn from_pre(pre: &PreRead, name: &str) -> Read {
    let rows = pre
        .rows
        .iter()
        .map(|r| {
            let outcome = match r.status {
                RowStatus::Used => parse(&r.cells, name, r.row, &pre.account),
                RowStatus::Ignored => Outcome::Ignored(Ignored::Broker(r.zh.clone(), r.en.clone())),
                RowStatus::Rejected => {
                    let at = Location {
                        file: name.to_owned(),
                        row: Some(r.row),
                        column: r.column.clone(),
                        field: None,
                    };
                    Outcome::Rejected(Rejection::Said {
                        zh: at.describe(Lang::Zh, &r.zh),
                        en: at.describe(Lang::En, &r.en),
                        column: r.column.clone(),
                    })
                }
            };
            ReadRow { row: r.row, cells: r.cells.clone(), outcome, code: r.code.clone() }
        })
        .collect();
    // The importer's own message names the file already.
    let error = pre.error.as_ref().map(|(zh, en)| Rejection::Said {
        zh: zh.clone(),
        en: en.clone(),
        column: None,
    });
    Read {
        format: pre.format.clone(),
        account: pre.account.clone(),
        rows,
        error,
        doubtful_encoding: false,
    }
}

/// Line numbers from byte offsets. The csv crate's own line numbers skip blank lines and
/// miscount CRLF line ends, so rows are numbered here: the line of the first byte of the
/// record that is not a line end.
#[derive(Default)]
struct LineCounter {
    pos: usize,
    line: u32,
}

impl LineCounter {
    fn line_at(&mut self, text: &str, byte: u64) -> u32 {
        let bytes = text.as_bytes();
        let mut start = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start < self.pos {
            self.pos = 0;
            self.line = 0;
        }
        let newlines = bytes[self.pos..start].iter().filter(|b| **b == b'\n').count();
        self.line = self.line.saturating_add(u32::try_from(newlines).unwrap_or(u32::MAX));
        self.pos = start;
        self.line.saturating_add(1)
    }
}

/// Validates one row's cells with the core's canonical row validator.
pub fn parse(cells: &RowCells, name: &str, row: u32, default_account: &str) -> Outcome {
    let c = Cells {
        date: &cells.date,
        time: &cells.time,
        account: &cells.account,
        kind: &cells.kind,
        quantity: &cells.quantity,
        price: &cells.price,
    };
    match canonical::parse_row(&c, name, Origin { file: 0, row }, default_account) {
        Ok(t) => Outcome::Used(t),
        Err(e) => Outcome::Rejected(e.into()),
    }
}

/// The cells of a trade, as the editor shows them.
pub fn cells_of(t: &Trade) -> RowCells {
    RowCells {
        date: t.date.to_string(),
        time: t.time.map(|x| x.to_string()).unwrap_or_default(),
        account: t.account.clone(),
        kind: t.kind.as_str().to_owned(),
        quantity: t.quantity.to_string(),
        price: t.price.map(|p| p.0.to_string()).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_bad_row_is_rejected_and_the_others_are_used() {
        let text = "date,kind,quantity,price\n2021-03-02,buy,1000,10\n2021-13-01,buy,1,1\n\n2021-06-02,sell,500,9\n";
        let r = read_text(text, "mine.csv", None);
        assert!(r.error.is_none());
        let kinds: Vec<(u32, &str)> = r
            .rows
            .iter()
            .map(|x| {
                (
                    x.row,
                    match &x.outcome {
                        Outcome::Used(_) => "used",
                        Outcome::Ignored(_) => "ignored",
                        Outcome::Rejected(_) => "rejected",
                    },
                )
            })
            .collect();
        assert_eq!(
            kinds,
            [(1, "ignored"), (2, "used"), (3, "rejected"), (5, "used")],
            "the blank line 4 is not listed"
        );
        let Outcome::Rejected(e) = &r.rows[2].outcome else { unreachable!() };
        assert_eq!(
            e.message(redress::Lang::Zh),
            "mine.csv，第 3 行，“date”列：“2021-13-01”不是日期（应为 YYYY-MM-DD）"
        );
    }

    #[test]
    fn rows_are_numbered_by_line_with_crlf_and_blank_lines() {
        let text = "\r\ndate,kind,quantity,price\r\n2021-03-02,buy,1000,10\r\n\r\n\r\n2021-06-02,sell,500,9\r\n";
        let r = read_text(text, "w.csv", None);
        assert_eq!(r.rows.iter().map(|x| x.row).collect::<Vec<_>>(), [2, 3, 6]);
    }

    #[test]
    fn a_missing_column_makes_the_input_unreadable() {
        let code = |text| match read_text(text, "x.csv", None).error {
            Some(Rejection::Error(e)) => e.code(),
            other => panic!("{other:?}"),
        };
        assert_eq!(code("date,quantity\n2021-01-01,1\n"), "missing-column");
        assert_eq!(code("\n\n"), "no-trades");
    }

    #[test]
    fn gbk_bytes_are_decoded_by_the_decoder_given() {
        let gbk =
            b"date,kind,quantity,price,\xb1\xb8\xd7\xa2\n2021-03-02,buy,100,10,\xc2\xf2\xc8\xeb\n";
        let (text, enc, bad) = decode(gbk, &redress::text::gb18030);
        assert_eq!((enc, bad), (Encoding::Gb18030, 0));
        assert!(text.contains("备注") && text.contains("买入"), "{text}");
        let r = read_text(&text, "gbk.csv", Some(enc));
        assert_eq!(r.format, "GB18030/GBK · CSV");
        assert!(matches!(r.rows[1].outcome, Outcome::Used(_)));
    }

    #[test]
    fn the_sample_trades_read_like_the_core_reads_them() {
        let ours = read_text(redress::DEMO_TRADES, "demo.csv", None);
        let core = canonical::read_csv(redress::DEMO_TRADES, "demo.csv", 0, "demo.csv").unwrap();
        let used: Vec<Trade> = ours
            .rows
            .into_iter()
            .filter_map(|r| match r.outcome {
                Outcome::Used(t) => Some(t),
                _ => None,
            })
            .collect();
        assert_eq!(used, core);
    }

    #[test]
    fn a_broker_export_is_read_by_the_core_importer_row_by_row() {
        let text = include_str!("../../../../tests/import/paste-tabs.txt");
        let r = read_text(text, "paste.txt", None);
        assert!(r.error.is_none(), "{:?}", r.error);
        let used: Vec<&ReadRow> =
            r.rows.iter().filter(|x| matches!(x.outcome, Outcome::Used(_))).collect();
        assert!(!used.is_empty());
        assert!(used.iter().all(|x| x.code.is_some()));
        assert!(used.iter().any(|x| x.code.as_deref() == Some("600000") && x.cells.kind == "buy"));
        // The bank transfer is not a trade of shares, and says so in both languages.
        let transfer = r.rows.iter().find(|x| x.row == 2).expect("line 2 is reported");
        match &transfer.outcome {
            Outcome::Ignored(Ignored::Broker(zh, en)) => assert!(!zh.is_empty() && !en.is_empty()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_workbook_is_read_by_the_core_and_travels_as_rows() {
        let xlsx: &[u8] = include_bytes!("../../../../tests/import/e-citic.xlsx");
        let xls: &[u8] = include_bytes!("../../../../tests/import/f-gtja-credit.xls");
        for (name, bytes) in [("citic.xlsx", xlsx), ("gtja.xls", xls)] {
            assert_eq!(redress::import::sniff(bytes), redress::import::Sniffed::Workbook);
            let pre = pre_read(name, redress::import::Content::Bytes(bytes));
            assert!(pre.error.is_none(), "{name}: {:?}", pre.error);
            assert!(pre.rows.iter().any(|r| r.status == RowStatus::Used), "{name}");
            // The rows survive the trip between workers (gloo-worker's bincode codec).
            let json = serde_json::to_string(&pre).unwrap();
            let pre: PreRead = serde_json::from_str(&json).unwrap();
            let read = from_pre(&pre, name);
            let used = read.rows.iter().filter(|r| matches!(r.outcome, Outcome::Used(_))).count();
            assert_eq!(
                used,
                pre.rows.iter().filter(|r| r.status == RowStatus::Used).count(),
                "{name}"
            );
        }
    }
}
