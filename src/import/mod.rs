//! Broker exports to trades: bytes (or already-decoded text) in, trades and a per-row
//! report out, no I/O (broker-formats.md is the specification).
//!
//! The pipeline, shared by every container:
//!
//! 1. **Detect by content**, never by name ([`sniff`]): a workbook (`D0 CF 11 E0`, `PK`),
//!    a PDF (refused with advice), or text, decoded by BOM, strict UTF-8, else GB18030
//!    ([`crate::text`]). Text is an HTML table, delimited text (the delimiter chosen by
//!    consistency), fixed-width text or space-separated pasted text.
//! 2. **One grid of cells** with the line (or sheet row) of every row.
//! 3. **The header row** by keyword scoring; columns mapped by alias, exact first
//!    (`columns.rs`); preambles, separators, repeated headers and totals reported.
//! 4. **Each row classified** by the business table over every business column and the
//!    remark, longest strong match first (`business.rs`).
//! 5. **Order**: newest-first files reversed; within a day credits before sells (§7.2).
//! 6. **Overlapping exports** of one account de-duplicated by trade number.
//! 7. **Reconciliation** per account and code with the balance column: the opening
//!    position inferred (reported), gaps reported; sells beyond the known position
//!    reported as shares of unknown origin, never a negative position.
//! 8. **Prices** for rights and new-share credits from their payment rows; cash per share
//!    for dividends from the holding.
//! 9. **Trades** ([`crate::Trade`], origin = file and line) and a [`Report`] that accounts
//!    for every row.

mod business;
pub mod cell;
mod columns;
pub mod grid;
pub mod overlap;
mod report;
#[cfg(feature = "workbook")]
mod workbook;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rust_decimal::Decimal;
use serde::Serialize;

use crate::date::Date;
use crate::error::{Error, ErrorKind};
use crate::lang::Lang;
use crate::lang::Said;
use crate::money::{Price, round_half_up};
use crate::said;
use crate::text::{self, Encoding};
use crate::trade::{Kind, Origin, TimeOfDay, Trade};

pub use business::Class;
pub use columns::Field;
pub use grid::{Container, Grid, Sheet};
pub use report::{
    ColumnReport, Counts, FileReport, HoldingSource, Note, Order, RawCells, Reason, Report,
    RowReport, SecuritySummary, Status,
};

use business::Classifier;
use columns::Layout;

/// One input file: its name (for messages; never used to detect the format) and its
/// content.
#[derive(Clone, Copy, Debug)]
pub struct InputFile<'a> {
    /// The name as the user knows it (`jiaoge.xls`, or "粘贴的文本" for pasted text).
    pub name: &'a str,
    /// The bytes, or text already decoded (pasted text, or decoded by the browser).
    pub content: Content<'a>,
}

/// The content of a file.
#[derive(Clone, Copy, Debug)]
pub enum Content<'a> {
    /// Raw bytes: sniffed and decoded here.
    Bytes(&'a [u8]),
    /// Text already decoded (no encoding detection).
    Text(&'a str),
    /// A workbook's sheet already read into cells ([`read_workbook`], in the web page's
    /// workbook reader).
    Sheet(&'a Sheet),
    /// An input already found unreadable (by the web page's workbook reader): its error.
    Failed(&'a Error),
}

/// Choices of the caller.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Language of every message.
    pub lang: Lang,
    /// The security to select (the case's code and former codes, or names when a file
    /// has no code column). Empty: nothing selected.
    pub select: Vec<String>,
}

/// What a file's first bytes say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sniffed {
    /// An OLE2 compound file (BIFF8 `.xls`) or a zip (`.xlsx`): a workbook.
    Workbook,
    /// A PDF: not readable without OCR.
    Pdf,
    /// Anything else: text.
    Text,
}

/// Tells a workbook, a PDF and text apart by their first bytes (the web page loads the
/// workbook reader only when needed).
pub fn sniff(bytes: &[u8]) -> Sniffed {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        || bytes.starts_with(b"PK\x03\x04")
    {
        Sniffed::Workbook
    } else if bytes.starts_with(b"%PDF") {
        Sniffed::Pdf
    } else {
        Sniffed::Text
    }
}

/// Reads a workbook's first sheet with cells into a grid (the importer then reads it like
/// any other input); the error names the file.
#[cfg(feature = "workbook")]
pub fn read_workbook(bytes: &[u8], name: &str) -> Result<Sheet, Error> {
    workbook::read(bytes).map_err(|e| {
        let kind = match e {
            workbook::BookError::Unreadable(detail) => ErrorKind::Table { detail },
            workbook::BookError::TooLarge => ErrorKind::TooLarge,
        };
        Error::at(kind, name, None, None)
    })
}

/// Whether text bytes without a byte-order mark are UTF-16, and which: a broker export is
/// mostly digits, commas and tabs, which UTF-16 writes with a zero byte beside each
/// (after it little-endian, before it big-endian); UTF-8 and GB18030 text has no zero
/// bytes. `None` for anything else, and for a text with a byte-order mark (which
/// [`text::decode_with`] reads).
pub fn utf16_without_bom(bytes: &[u8]) -> Option<Encoding> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(8192) & !1];
    let units = sample.len() / 2;
    if units < 4 {
        return None;
    }
    let zeros = |parity: usize| sample.iter().skip(parity).step_by(2).filter(|b| **b == 0).count();
    let (even, odd) = (zeros(0), zeros(1));
    // At least a quarter of the characters ASCII, and zeros on one side only.
    if odd * 4 >= units && even * 20 <= units {
        Some(Encoding::Utf16Le)
    } else if even * 4 >= units && odd * 20 <= units {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

/// Decodes text bytes as [`text::decode_with`] does, and UTF-16 without a byte-order
/// mark too ([`utf16_without_bom`]), which that would take for UTF-8 full of zero bytes.
pub fn decode_text(bytes: &[u8], gb18030: &dyn Fn(&[u8]) -> (String, usize)) -> text::Decoded {
    let bom: &[u8] = match utf16_without_bom(bytes) {
        Some(Encoding::Utf16Le) => &[0xFF, 0xFE],
        Some(Encoding::Utf16Be) => &[0xFE, 0xFF],
        _ => return text::decode_with(bytes, gb18030),
    };
    let mut with_bom = Vec::with_capacity(bytes.len() + 2);
    with_bom.extend_from_slice(bom);
    with_bom.extend_from_slice(bytes);
    text::decode_with(&with_bom, gb18030)
}

/// The trade kind a broker's business text means (`证券买入` → buy), by the importer's own
/// table; `None` for a text that is not a change of shares or that it does not know.
pub fn business_kind(text: &str) -> Option<Kind> {
    match Classifier::default().classify(std::iter::once(text))?.class {
        Class::Buy => Some(Kind::Buy),
        Class::Sell => Some(Kind::Sell),
        Class::Bonus => Some(Kind::Bonus),
        Class::TransferIn => Some(Kind::TransferIn),
        Class::TransferOut => Some(Kind::TransferOut),
        Class::Dividend => Some(Kind::Dividend),
        Class::RightsCredit | Class::IpoCredit => Some(Kind::Buy),
        _ => None,
    }
}

/// A trade with its security.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodedTrade {
    /// Security code (empty when the file has no code column).
    pub code: String,
    /// Security name, only when there is no code (names are in
    /// [`Report::securities`]).
    pub name: String,
    /// The trade.
    pub trade: Trade,
}

impl Serialize for CodedTrade {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let t = &self.trade;
        let mut st = s.serialize_struct("CodedTrade", 10)?;
        st.serialize_field("code", &self.code)?;
        if self.code.is_empty() {
            st.serialize_field("name", &self.name)?;
        }
        st.serialize_field("date", &t.date)?;
        st.serialize_field("time", &t.time)?;
        st.serialize_field("account", &t.account)?;
        st.serialize_field("kind", &t.kind)?;
        st.serialize_field("quantity", &t.quantity)?;
        st.serialize_field("price", &t.price)?;
        st.serialize_field("file", &t.origin.file)?;
        st.serialize_field("row", &t.origin.row)?;
        st.end()
    }
}

/// An opening position inferred from a balance column.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Opening {
    /// Account label.
    pub account: String,
    /// Security code.
    pub code: String,
    /// Security name.
    pub name: String,
    /// Shares held before the first row.
    pub shares: u64,
}

/// The result of an import.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Import {
    /// What happened to every row, file and security.
    pub report: Report,
    /// Every trade of every security, in the order of the calculation.
    pub trades: Vec<CodedTrade>,
    /// Opening positions inferred from balance columns, per account and security.
    pub openings: Vec<Opening>,
}

impl Import {
    /// Whether a trade or opening of `code`/`name` is selected by `wanted` (codes, or
    /// names for files without a code column).
    pub fn wanted(wanted: &[String], code: &str, name: &str) -> bool {
        wanted.iter().any(|w| {
            let w = w.trim();
            (!code.is_empty() && (cell::code(w) == code)) || (code.is_empty() && w == name)
        })
    }

    /// The trades of the selected security (its code and former codes), for
    /// [`crate::estimate`].
    pub fn trades_of(&self, wanted: &[String]) -> Vec<Trade> {
        self.trades
            .iter()
            .filter(|t| Import::wanted(wanted, &t.code, &t.name))
            .map(|t| t.trade.clone())
            .collect()
    }

    /// The opening position of the selected security inferred from balance columns, over
    /// all accounts.
    pub fn opening_of(&self, wanted: &[String]) -> u64 {
        self.openings
            .iter()
            .filter(|o| Import::wanted(wanted, &o.code, &o.name))
            .map(|o| o.shares)
            .fold(0u64, u64::saturating_add)
    }

    /// Says every message again in `lang` and selects `select` (the report's `selected`
    /// and `opening_position`): an import read once serves any language and selection.
    pub fn relabel(&mut self, lang: Lang, select: &[String]) {
        self.report.lang = lang;
        for r in &mut self.report.rows {
            r.message = r.why.as_ref().map(|w| w.message(lang));
        }
        for n in &mut self.report.notes {
            n.message = n.said.pick(lang).to_owned();
        }
        self.report.selected = select.to_vec();
        self.report.opening_position = self.opening_of(select);
    }

    /// The codes found, with their names, for the user to choose from.
    pub fn codes(&self) -> Vec<(&str, &str)> {
        self.report.securities.iter().map(|s| (s.code.as_str(), s.name.as_str())).collect()
    }

    /// Rejected rows that concern the selected security, or whose security is unknown.
    pub fn rejected_for(&self, wanted: &[String]) -> Vec<&RowReport> {
        self.report
            .rows
            .iter()
            .filter(|r| r.status == Status::Rejected)
            .filter(|r| match &r.code {
                None => true,
                Some(c) => Import::wanted(wanted, c, "") || wanted.is_empty(),
            })
            .collect()
    }
}

/// Imports files, decoding non-UTF-8 text with `encoding_rs` (the `encodings` feature).
#[cfg(feature = "encodings")]
pub fn import(files: &[InputFile<'_>], options: &Options) -> Result<Import, Error> {
    import_with(files, options, &text::gb18030)
}

/// Imports files together like [`import_with`], leaving out those that cannot be read at
/// all: for each file, its index in the import (its rows' `file`, its trades' origin) or
/// why it could not be read. One unreadable file never hides the others' rows.
pub fn import_readable(
    files: &[InputFile<'_>],
    options: &Options,
    gb18030: &dyn Fn(&[u8]) -> (String, usize),
) -> (Import, Vec<Result<u32, Error>>) {
    let mut st = State::new(options.lang);
    let mut placed = Vec::with_capacity(files.len());
    let mut next = 0u32;
    for f in files {
        match st.parse_file(next, f, gb18030) {
            Ok(()) => {
                placed.push(Ok(next));
                next += 1;
            }
            Err(e) => placed.push(Err(e)),
        }
    }
    (st.finish(options), placed)
}

/// Imports files, decoding non-UTF-8 text with `gb18030` (the web page passes the
/// browser's `TextDecoder('gb18030')`; see [`text::decode_with`]).
///
/// Bad input that makes a whole file unreadable (a PDF, no header, an unreadable
/// workbook) is an [`Error`] naming the file; bad rows are reported row by row.
pub fn import_with(
    files: &[InputFile<'_>],
    options: &Options,
    gb18030: &dyn Fn(&[u8]) -> (String, usize),
) -> Result<Import, Error> {
    let mut st = State::new(options.lang);
    for (i, f) in files.iter().enumerate() {
        let index = u32::try_from(i).unwrap_or(u32::MAX);
        st.parse_file(index, f, gb18030)?;
    }
    Ok(st.finish(options))
}

/// A small fast hasher (the multiply-rotate of rustc's FxHash): keys here are short
/// strings and integers from the user's own file, so hash flooding is no concern, and a
/// fixed hasher keeps every iteration order the same from run to run.
#[derive(Default, Clone, Copy)]
pub(crate) struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        // The multiply mixes upwards only: bring the well-mixed high bits down to the
        // bucket index.
        self.0.rotate_left(26)
    }
}

impl Fx {
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// A hash map with [`Fx`].
pub(crate) type Map<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// Interned strings: codes, names, accounts and business texts repeat across rows.
#[derive(Default)]
struct Interner {
    map: Map<Box<str>, u32>,
    list: Vec<Box<str>>,
}

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.map.get(s) {
            return i;
        }
        let i = u32::try_from(self.list.len()).unwrap_or(u32::MAX);
        self.list.push(s.into());
        self.map.insert(s.into(), i);
        i
    }
    fn get(&self, i: u32) -> &str {
        self.list.get(i as usize).map_or("", |s| s)
    }
}

/// A trade or serial number: digits (the usual case) without an allocation.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Id {
    Digits(u64, u8),
    Text(Box<str>),
}

impl Id {
    fn new(t: &str) -> Id {
        match (t.len(), t.parse::<u64>()) {
            (1..=19, Ok(n)) if t.bytes().all(|b| b.is_ascii_digit()) => {
                Id::Digits(n, u8::try_from(t.len()).unwrap_or(0))
            }
            _ => Id::Text(t.into()),
        }
    }
}

/// The empty string's id (interned first).
const EMPTY: u32 = 0;

#[derive(Clone, Debug)]
enum Outcome {
    Pending,
    Used { kind: Kind, qty: u64, price: Option<Decimal>, note: Option<Reason> },
    Ignored(Reason),
    Rejected(Reason, Option<Field>),
}

/// A data row, between parsing and its outcome.
#[derive(Clone, Debug)]
struct Rec {
    file: u32,
    line: u32,
    layout: u32,
    /// Position in the file's order.
    order: u32,
    /// Position in the file's chronological order.
    seq: u32,
    date: Date,
    time: Option<TimeOfDay>,
    code: u32,
    name: u32,
    business: u32,
    class: Option<Class>,
    qty: Option<Decimal>,
    price: Option<Decimal>,
    amount: Option<Decimal>,
    net: Option<Decimal>,
    /// The first numeric cell that could not be read, and its text.
    bad: Option<Box<(Field, Box<str>)>>,
    holding_hint: Option<Decimal>,
    id: Option<Id>,
    /// The row's own fund account (interned), if it has one.
    fund: u32,
    /// The account key (interned), set once the file is read.
    account: u32,
    outcome: Outcome,
    /// Shares held just before the row (§7.2 order), and a balance gap found at it.
    day_start: i64,
    gap: i64,
    unknown: i64,
    /// The change of shares the row makes (its economic effect, whatever its outcome),
    /// and the balance column in whole shares.
    dq: i64,
    bal: Option<i64>,
    /// Whether the balance of this row was used as an observation.
    observed: bool,
}

struct FileState {
    report: FileReport,
    layouts: Vec<Layout>,
    holders: Vec<u32>,
    funds: Map<u32, u32>,
    /// Range of `State::recs` of this file.
    recs: std::ops::Range<usize>,
    no_code_column: bool,
    settlement_only: Option<String>,
    other_sheets: Vec<String>,
}

struct State {
    lang: Lang,
    scratch: String,
    strings: Interner,
    classifier: Classifier,
    files: Vec<FileState>,
    recs: Vec<Rec>,
    rows: Vec<RowReport>,
    notes: Vec<Note>,
}

/// The largest magnitude accepted in a number cell (larger values are not amounts or
/// share counts, and keeping below it makes every sum safe from overflow).
fn in_range(d: Decimal) -> bool {
    // |d| < 10^15, from the mantissa and scale without decimal arithmetic.
    let limit = 10i128.pow(15);
    let scale = d.scale();
    if scale == 0 {
        return d.mantissa().abs() < limit;
    }
    d.mantissa().abs() / 10i128.pow(scale) < limit
}

impl State {
    fn new(lang: Lang) -> State {
        let mut strings = Interner::default();
        strings.id("");
        State {
            lang,
            scratch: String::new(),
            strings,
            classifier: Classifier::default(),
            files: Vec::new(),
            recs: Vec::new(),
            rows: Vec::new(),
            notes: Vec::new(),
        }
    }

    fn row_report(
        &self,
        file: u32,
        line: u32,
        status: Status,
        reason: Option<&Reason>,
    ) -> RowReport {
        RowReport {
            file,
            row: line,
            status,
            reason: reason.map(Reason::code),
            column: None,
            message: reason.map(|r| r.message(self.lang)),
            why: reason.cloned(),
            date: None,
            code: None,
            business: None,
            kind: None,
            quantity: None,
            price: None,
            cells: None,
        }
    }

    fn parse_file(
        &mut self,
        index: u32,
        file: &InputFile<'_>,
        gb18030: &dyn Fn(&[u8]) -> (String, usize),
    ) -> Result<(), Error> {
        let name = file.name;
        let fail = |kind: ErrorKind| Error::at(kind, name, None, None);
        let too_large = || fail(ErrorKind::TooLarge);
        let mut encoding = None;
        let mut malformed = 0;
        let mut delimiter = None;
        let mut sheet = None;
        let mut other_sheets = Vec::new();
        let decoded: String = match file.content {
            Content::Bytes(bytes) => match sniff(bytes) {
                Sniffed::Pdf => {
                    return Err(fail(ErrorKind::Pdf));
                }
                Sniffed::Workbook => {
                    return self.workbook(index, name, bytes, &mut sheet, &mut other_sheets);
                }
                Sniffed::Text => {
                    let d = decode_text(bytes, gb18030);
                    encoding = Some(d.encoding);
                    malformed = d.malformed;
                    d.text
                }
            },
            Content::Text(t) => t.strip_prefix('\u{feff}').unwrap_or(t).to_owned(),
            Content::Sheet(sheet) => return self.sheet(index, name, sheet),
            Content::Failed(e) => return Err(e.clone()),
        };
        if decoded.trim().is_empty() {
            return Err(fail(ErrorKind::NoTrades));
        }
        let (grid, container) = if grid::is_html(&decoded) {
            (grid::html(&decoded).map_err(|_| too_large())?, Container::Html)
        } else if let Some(d) = grid::choose_delimiter(&decoded) {
            delimiter = Some(char::from(d).to_string());
            (grid::delimited(decoded, d).map_err(|_| too_large())?, Container::Delimited)
        } else {
            grid::spaces(decoded).map_err(|_| too_large())?
        };
        self.read_grid(
            index,
            name,
            &grid,
            container,
            encoding,
            malformed,
            delimiter,
            sheet,
            other_sheets,
        )
    }

    #[cfg(feature = "workbook")]
    fn workbook(
        &mut self,
        index: u32,
        name: &str,
        bytes: &[u8],
        _sheet: &mut Option<String>,
        _other: &mut Vec<String>,
    ) -> Result<(), Error> {
        let sheet = read_workbook(bytes, name)?;
        self.sheet(index, name, &sheet)
    }

    fn sheet(&mut self, index: u32, name: &str, sheet: &Sheet) -> Result<(), Error> {
        if sheet.grid.rows.is_empty() {
            return Err(Error::at(ErrorKind::NoTrades, name, None, None));
        }
        self.read_grid(
            index,
            name,
            &sheet.grid,
            sheet.container,
            None,
            0,
            None,
            Some(sheet.sheet.clone()),
            sheet.other_sheets.clone(),
        )
    }

    #[cfg(not(feature = "workbook"))]
    fn workbook(
        &mut self,
        _index: u32,
        name: &str,
        _bytes: &[u8],
        _sheet: &mut Option<String>,
        _other: &mut Vec<String>,
    ) -> Result<(), Error> {
        Err(Error::at(ErrorKind::WorkbookNotSupported, name, None, None))
    }

    #[allow(clippy::too_many_arguments)]
    fn read_grid(
        &mut self,
        index: u32,
        name: &str,
        g: &Grid,
        container: Container,
        encoding: Option<Encoding>,
        malformed: usize,
        delimiter: Option<String>,
        sheet: Option<String>,
        other_sheets: Vec<String>,
    ) -> Result<(), Error> {
        // The header: the first row among the first 30 that scores as one (a later table
        // with another header switches the columns where it starts).
        let header =
            g.rows.iter().take(30).position(|r| columns::is_header(columns::score(g.cells(r))));
        let Some(header) = header else {
            return Err(Error::at(ErrorKind::NoHeader, name, None, None));
        };
        let first_layout = Layout::new(g.cells(&g.rows[header]));
        let mut fs = FileState {
            report: FileReport {
                index,
                name: name.to_owned(),
                encoding,
                malformed,
                container,
                delimiter,
                sheet,
                header_row: g.rows[header].line,
                columns: column_reports(&first_layout),
                account: String::new(),
                order: Order::OldestFirst,
                blank_lines: g.blank_lines,
                counts: Counts::default(),
            },
            no_code_column: first_layout.get(Field::Code).is_none(),
            settlement_only: first_layout
                .settlement_date_only()
                .then(|| first_layout.get(Field::Date).map(|c| first_layout.header(c).to_owned()))
                .flatten(),
            layouts: vec![first_layout],
            holders: Vec::new(),
            funds: Map::default(),
            recs: self.recs.len()..self.recs.len(),
            other_sheets,
        };
        self.recs.reserve(g.rows.len());
        let mut order = 0u32;
        let mut last_holder = "";
        for (i, r) in g.rows.iter().enumerate() {
            let line = r.line;
            let layout = fs.layouts.last().unwrap_or(&fs.layouts[0]);
            let date = if i > header {
                layout
                    .get(Field::Date)
                    .and_then(|c| cell::date(cell::clean(g.cell(r, c)), g.serials))
            } else {
                None
            };
            let date_ok = date.is_some();
            let reason = if date_ok {
                None
            } else {
                let dashes = g.cells(r).all(|c| cell::clean(c).is_empty());
                if dashes {
                    Some(Reason::Separator)
                } else if i < header {
                    Some(Reason::Preamble)
                } else if i == header {
                    Some(Reason::Header)
                } else if layout.same_header(g.cells(r)) {
                    Some(Reason::RepeatedHeader)
                } else if columns::is_header(columns::score(g.cells(r))) {
                    fs.layouts.push(Layout::new(g.cells(r)));
                    Some(Reason::Header)
                } else if g
                    .cells(r)
                    .take(4)
                    .any(|c| ["合计", "总计", "小计", "共计"].iter().any(|k| c.contains(k)))
                {
                    Some(Reason::Total)
                } else if g.cells(r).filter(|c| !cell::clean(c).is_empty()).count() < 3 {
                    Some(Reason::NotData)
                } else {
                    None
                }
            };
            if let Some(reason) = reason {
                self.rows.push(self.row_report(index, line, Status::Ignored, Some(&reason)));
                continue;
            }
            let layout_index = fs.layouts.len() - 1;
            match self.parse_row(&fs.layouts[layout_index], g, r, date) {
                Ok(mut rec) => {
                    rec.file = index;
                    rec.layout = u32::try_from(layout_index).unwrap_or(0);
                    rec.order = order;
                    order += 1;
                    let layout = &fs.layouts[layout_index];
                    if let Some(c) = layout.get(Field::Holder) {
                        let h = cell::clean(g.cell(r, c));
                        if !h.is_empty() && fs.holders.len() < 16 && last_holder != h {
                            last_holder = h;
                            let id = self.strings.id(h);
                            if !fs.holders.contains(&id) && fs.holders.len() < 16 {
                                fs.holders.push(id);
                            }
                        }
                    }
                    if rec.fund != EMPTY {
                        *fs.funds.entry(rec.fund).or_insert(0) += 1;
                    }
                    self.recs.push(rec);
                }
                Err((reason, column, date)) => {
                    let mut rr = self.row_report(index, line, Status::Rejected, Some(&reason));
                    let layout = &fs.layouts[layout_index];
                    rr.column = column.map(|c| layout.header(c).to_owned());
                    rr.date = date;
                    // The code, so that a bad row of another security does not block one.
                    rr.code = layout
                        .get(Field::Code)
                        .map(|c| cell::code(cell::clean(g.cell(r, c))))
                        .filter(|c| !c.is_empty());
                    // The cells as written, for fixing the row by hand.
                    let text = |f: Field| {
                        layout
                            .get(f)
                            .map(|c| cell::clean(g.cell(r, c)).to_owned())
                            .unwrap_or_default()
                    };
                    let business: Vec<&str> = layout
                        .business
                        .iter()
                        .map(|&c| cell::clean(g.cell(r, c)))
                        .filter(|t| !t.is_empty())
                        .collect();
                    rr.cells = Some(Box::new(RawCells {
                        date: text(Field::Date),
                        time: text(Field::Time),
                        business: business.join(" "),
                        quantity: text(Field::Quantity),
                        price: text(Field::Price),
                    }));
                    self.rows.push(rr);
                }
            }
        }
        fs.recs.end = self.recs.len();
        self.files.push(fs);
        Ok(())
    }

    /// Reads a data row. Errors carry the reason, the column and the date if known.
    #[allow(clippy::type_complexity)]
    fn parse_row(
        &mut self,
        layout: &Layout,
        g: &Grid,
        r: &grid::GridRow,
        date: Option<Date>,
    ) -> Result<Rec, (Reason, Option<usize>, Option<Date>)> {
        let get = |f: Field| layout.get(f).map(|c| (c, cell::clean(g.cell(r, c))));
        let (date_col, date_text) = get(Field::Date).unwrap_or((0, ""));
        let Some(date) = date else {
            return Err((Reason::BadDate { text: date_text.into() }, Some(date_col), None));
        };
        let mut time = None;
        if let Some((c, t)) = get(Field::Time) {
            time = cell::time(t, g.serials)
                .map_err(|_| (Reason::BadTime { text: t.into() }, Some(c), Some(date)))?;
        }
        let texts = layout
            .business
            .iter()
            .chain(&layout.remarks)
            .chain(&layout.status)
            .map(|&c| cell::clean(g.cell(r, c)));
        let class = self.classifier.classify(texts.clone()).map(|m| m.class);
        // The business text shown in the report: every non-empty business cell, then the
        // remarks (one cell is interned as it is, without a copy).
        let mut parts = [""; 8];
        let mut n = 0;
        for &c in layout.business.iter().chain(&layout.remarks) {
            let t = cell::clean(g.cell(r, c));
            if !t.is_empty() && n < parts.len() {
                parts[n] = t;
                n += 1;
            }
        }
        let business = if n == 1 {
            self.strings.id(parts[0])
        } else {
            let mut joined = std::mem::take(&mut self.scratch);
            joined.clear();
            for (k, t) in parts[..n].iter().enumerate() {
                if k > 0 {
                    joined.push_str(" / ");
                }
                joined.push_str(t);
            }
            let id = self.strings.id(&joined);
            self.scratch = joined;
            id
        };
        let mut bad = None;
        let mut num = |f: Field| -> Option<Decimal> {
            let (c, t) = get(f)?;
            if t.is_empty() {
                return None;
            }
            match cell::number(t) {
                Some(d) if in_range(d) => Some(d),
                _ => {
                    if bad.is_none() {
                        let _ = c;
                        bad = Some(Box::new((f, t.into())));
                    }
                    None
                }
            }
        };
        let qty = num(Field::Quantity);
        let price = num(Field::Price);
        let amount = num(Field::Amount);
        let net = num(Field::Net);
        let balance = num(Field::Balance);
        let code = match get(Field::Code) {
            Some((_, t)) if t.len() == 6 && t.bytes().all(|b| b.is_ascii_digit()) => {
                self.strings.id(t)
            }
            Some((_, t)) => {
                let c = cell::code(t);
                self.strings.id(&c)
            }
            None => EMPTY,
        };
        let name = get(Field::Name).map_or("", |(_, t)| t);
        let holding_hint =
            layout.remarks.iter().find_map(|&c| holding_in(cell::clean(g.cell(r, c))));
        let id = get(Field::TradeId)
            .map(|(_, t)| t)
            .filter(|t| !t.is_empty() && t.bytes().any(|b| b != b'0'))
            .or_else(|| get(Field::Serial).map(|(_, t)| t).filter(|t| !t.is_empty()))
            .map(Id::new);
        let fund = get(Field::FundAccount).map_or("", |(_, t)| t);
        Ok(Rec {
            file: 0,
            line: r.line,
            layout: 0,
            order: 0,
            seq: 0,
            date,
            time,
            code,
            name: self.strings.id(name),
            business,
            class,
            qty,
            price,
            amount,
            net,
            bad,
            holding_hint,
            id,
            fund: self.strings.id(fund),
            account: EMPTY,
            outcome: Outcome::Pending,
            day_start: 0,
            gap: 0,
            unknown: 0,
            dq: delta_of(class, qty),
            bal: balance.and_then(whole),
            observed: false,
        })
    }

    fn finish(mut self, options: &Options) -> Import {
        self.label_accounts();
        self.order_files();
        self.dedup();
        let by_file = self.order_by(false);
        let by_rule = self.order_by(true);
        let openings = self.reconcile(&by_file, &by_rule);
        self.resolve(&by_file, &by_rule);
        self.build(options, &by_rule, openings)
    }

    /// Account keys: a row's fund account; else the file's most frequent fund account; else
    /// its securities accounts; else the file name.
    fn label_accounts(&mut self) {
        for fi in 0..self.files.len() {
            let fs = &self.files[fi];
            let key = if let Some((&fund, _)) =
                fs.funds.iter().max_by_key(|(id, n)| (**n, std::cmp::Reverse(**id)))
            {
                self.strings.get(fund).to_owned()
            } else if !fs.holders.is_empty() {
                let mut h: Vec<&str> = fs.holders.iter().map(|&i| self.strings.get(i)).collect();
                h.sort_unstable();
                h.join("/")
            } else {
                format!("file:{}", fs.report.name)
            };
            let key_id = self.strings.id(&key);
            let label = label_of(&key);
            self.files[fi].report.account = label;
            let range = self.files[fi].recs.clone();
            for rec in &mut self.recs[range] {
                rec.account = if rec.fund != EMPTY { rec.fund } else { key_id };
            }
        }
    }

    /// Detects newest-first files and sets each row's chronological position.
    fn order_files(&mut self) {
        for fi in 0..self.files.len() {
            let range = self.files[fi].recs.clone();
            let recs = &mut self.recs[range];
            let (mut inc, mut dec) = (0u32, 0u32);
            for w in recs.windows(2) {
                match w[0].date.cmp(&w[1].date) {
                    std::cmp::Ordering::Less => inc += 1,
                    std::cmp::Ordering::Greater => dec += 1,
                    std::cmp::Ordering::Equal => {}
                }
            }
            let n = u32::try_from(recs.len()).unwrap_or(u32::MAX);
            let order = if dec > 0 && inc == 0 {
                for r in recs.iter_mut() {
                    r.seq = n - 1 - r.order;
                }
                Order::NewestFirst
            } else if dec > 0 {
                let mut idx: Vec<usize> = (0..recs.len()).collect();
                idx.sort_by_key(|&i| (recs[i].date, recs[i].order));
                for (k, &i) in idx.iter().enumerate() {
                    recs[i].seq = u32::try_from(k).unwrap_or(u32::MAX);
                }
                Order::Unordered
            } else {
                for r in recs.iter_mut() {
                    r.seq = r.order;
                }
                Order::OldestFirst
            };
            let fs = &mut self.files[fi];
            fs.report.order = order;
            let name = fs.report.name.clone();
            let file = Some(fs.report.index);
            let mut note = |code: &'static str, message: Said| {
                self.notes.push(Note {
                    code,
                    file,
                    row: None,
                    security: None,
                    account: None,
                    shares: None,
                    message: String::new(),
                    said: message,
                });
            };
            match order {
                Order::NewestFirst => note(
                    "newest-first",
                    said!(
                        "{} 按日期从新到旧排列，已按时间先后倒序处理",
                        "{} lists the newest rows first: its rows were reversed",
                        name
                    ),
                ),
                Order::Unordered => note(
                    "unordered",
                    said!(
                        "{} 的日期顺序混乱，已按日期排序（同一天内保持原顺序）",
                        "{} is not in date order: its rows were sorted by date, keeping the file's order within a day",
                        name
                    ),
                ),
                Order::OldestFirst => {}
            }
            if let Some(col) = fs.settlement_only.clone() {
                note(
                    "settlement-date",
                    said!(
                        "{} 只有交收日期列“{}”，已用作成交日期；交收日可能晚于成交日",
                        "{} has only a settlement date column “{}”, used as the trade date; settlement may be later than the trade",
                        name,
                        col
                    ),
                );
            }
            if fs.no_code_column {
                note(
                    "no-code-column",
                    said!(
                        "{} 没有证券代码列：证券按名称区分，请按名称选择",
                        "{} has no security code column: securities are told apart by name; select by name",
                        name
                    ),
                );
            }
            if fs.report.malformed > 0 {
                note(
                    "malformed-text",
                    said!(
                        "{} 有 {} 处无法解码的字节（显示为 �），请确认编码",
                        "{} has {} byte sequences that could not be decoded (shown as �): check its encoding",
                        name,
                        fs.report.malformed
                    ),
                );
            }
            if !fs.other_sheets.is_empty() {
                let sheets = fs.other_sheets.join("、");
                note(
                    "other-sheets",
                    said!(
                        "{} 只读取了第一个工作表，未读取：{}",
                        "{}: only the first sheet was read; not read: {}",
                        name,
                        sheets
                    ),
                );
            }
        }
    }

    /// Overlapping exports of one account: a row of a later file with the same trade
    /// number (and date and code), or with no number but identical in every value read,
    /// is a duplicate of the earlier file's row.
    fn dedup(&mut self) {
        if self.files.len() < 2 {
            return;
        }
        type Key = (
            u32,
            Date,
            u32,
            Option<Id>,
            Option<Class>,
            Option<Decimal>,
            Option<Decimal>,
            Option<i64>,
            Option<TimeOfDay>,
        );
        let key = |r: &Rec| -> Key {
            match &r.id {
                Some(id) => {
                    (r.account, r.date, r.code, Some(id.clone()), None, None, None, None, None)
                }
                None => (r.account, r.date, r.code, None, r.class, r.qty, r.price, r.bal, r.time),
            }
        };
        let mut seen: Map<Key, Vec<(u32, u32)>> = Map::default();
        let mut dup_count: Map<(u32, u32), u32> = Map::default();
        for fi in 0..self.files.len() {
            let range = self.files[fi].recs.clone();
            let mut this_file: Vec<(Key, (u32, u32))> = Vec::new();
            for i in range {
                let k = key(&self.recs[i]);
                let earlier = seen
                    .get_mut(&k)
                    .and_then(|v| if v.is_empty() { None } else { Some(v.remove(0)) });
                match earlier {
                    Some((f, line)) => {
                        let name = self.files[f as usize].report.name.clone();
                        self.recs[i].outcome =
                            Outcome::Ignored(Reason::Duplicate { file: name.into(), row: line });
                        *dup_count.entry((self.recs[i].file, f)).or_insert(0) += 1;
                    }
                    None => this_file.push((k, (self.recs[i].file, self.recs[i].line))),
                }
            }
            for (k, v) in this_file {
                seen.entry(k).or_default().push(v);
            }
        }
        let mut pairs: Vec<_> = dup_count.into_iter().collect();
        pairs.sort_unstable();
        for ((later, earlier), n) in pairs {
            let (a, b) = (
                &self.files[later as usize].report.name,
                &self.files[earlier as usize].report.name,
            );
            let message = said!(
                "{} 与 {} 有 {} 行重复（同一账户的重叠导出），只计一次",
                "{} repeats {} rows of {} (overlapping exports of one account): each counted once",
                a,
                n,
                b
            );
            self.notes.push(Note {
                code: "duplicates",
                file: Some(later),
                row: None,
                security: None,
                account: None,
                shares: Some(i64::from(n)),
                message: String::new(),
                said: message,
            });
        }
    }

    /// Indices of the rows in chronological order: by date, then file and the file's
    /// order (`rule = false`, what balance columns reflect), or by date, credits first,
    /// time, file and order (`rule = true`, §7.2).
    fn order_by(&self, rule: bool) -> Vec<usize> {
        // One integer per row: date (22 bits from 2200 BC), [fills after credits, time of
        // fills,] file (16 bits), position in the file, then the row's index.
        let mut keyed: Vec<u128> = self
            .recs
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let date = u128::from(
                    (r.date.day_number().saturating_add(1_500_000))
                        .clamp(0, (1 << 22) - 1)
                        .cast_unsigned(),
                );
                let (later, time) = if rule {
                    let credit = r.class.is_some_and(is_credit);
                    let time = if is_fill(r.class) { r.time.map_or(0, |t| t.0) } else { 0 };
                    (u128::from(!credit), u128::from(time.min((1 << 17) - 1)))
                } else {
                    (0, 0)
                };
                let file = u128::from(r.file.min(0xFFFF));
                date << 98
                    | later << 97
                    | time << 80
                    | file << 64
                    | u128::from(r.seq) << 32
                    | i as u128
            })
            .collect();
        if !keyed.is_sorted() {
            keyed.sort_unstable();
        }
        keyed.into_iter().map(|k| (k & 0xFFFF_FFFF) as usize).collect()
    }

    /// Balance columns and positions, per account and code. Returns the inferred openings.
    fn reconcile(&mut self, by_file: &[usize], by_rule: &[usize]) -> Map<(u32, u32), i64> {
        let mut openings: Map<(u32, u32), i64> = Map::default();
        // Pass 1, in file order: what the balance columns say.
        // Per account and code: the position so far, and whether a balance was seen.
        let mut state: Map<(u32, u32), (i64, bool)> = Map::default();
        for &i in by_file {
            let r = &self.recs[i];
            if r.code == EMPTY && r.name == EMPTY
                || matches!(r.outcome, Outcome::Ignored(Reason::Duplicate { .. }))
            {
                continue;
            }
            let d = delta(r);
            let key = (r.account, r.code);
            let (balance, class) = (r.bal, r.class);
            let st = state.entry(key).or_insert((0, false));
            // A balance is an observation when the row moves shares or shows a holding (a
            // zero on a cash row of the code says nothing).
            if let Some(b) = balance
                && (d != 0 || b > 0)
                && class.is_some_and(|c| c != Class::Void)
            {
                let expected = b - d;
                let diff = expected - st.0;
                match st.1 {
                    false if diff > 0 => {
                        openings.insert(key, diff);
                    }
                    _ if diff != 0 => {
                        self.recs[i].gap = diff;
                    }
                    _ => {}
                }
                st.0 = expected;
                st.1 = true;
                self.recs[i].observed = true;
            }
            st.0 += d;
        }
        // Notes for openings and gaps.
        let mut last_obs: Map<(u32, u32), (u32, u32)> = Map::default();
        for &i in by_file {
            let r = &self.recs[i];
            let key = (r.account, r.code);
            let opening_here =
                !last_obs.contains_key(&key) && r.observed && openings.contains_key(&key);
            if !opening_here && r.gap == 0 {
                if r.observed {
                    last_obs.insert(key, (r.file, r.line));
                }
                continue;
            }
            let (code, name, account) = (
                self.strings.get(r.code).to_owned(),
                self.strings.get(r.name).to_owned(),
                label_of(self.strings.get(r.account)),
            );
            let sec = if code.is_empty() { name.clone() } else { code.clone() };
            if !last_obs.contains_key(&key)
                && let Some(&o) = openings.get(&key)
                && r.observed
            {
                self.notes.push(Note {
                    code: "opening-inferred",
                    file: Some(r.file),
                    row: Some(r.line),
                    security: Some(sec.clone()),
                    account: Some(account.clone()),
                    shares: Some(o),
                    message: String::new(),
                    said: said!("{} {}：余额列显示第一条记录之前已持有 {} 股（记录开始前的持仓，或未导出的转入、配股、新股入账）；按期初持仓计", "{} {}: the balance column shows {} shares held before the first row (held before the history, or a transfer, rights or new-share credit not exported); counted as the opening position", sec, name, crate::format::shares(Decimal::from(o))),
                });
            }
            if r.gap != 0 {
                let from = last_obs.get(&key).map(|&(_, l)| l);
                let g = r.gap;
                let message = match (g > 0, from) {
                    (true, Some(f)) => said!(
                        "{} {}：第 {} 行与第 {} 行之间余额多出 {} 股，没有记录说明来源（缺少转入、红股、配股或新股入账记录？）",
                        "{} {}: between rows {} and {} the balance grows by {} shares that no row explains (a missing transfer, bonus, rights or new-share credit?)",
                        sec,
                        name,
                        f,
                        r.line,
                        crate::format::shares(Decimal::from(g))
                    ),
                    (true, None) => said!(
                        "{} {}：第 {} 行之前余额多出 {} 股，没有记录说明来源",
                        "{} {}: before row {} the balance grows by {} shares that no row explains",
                        sec,
                        name,
                        r.line,
                        crate::format::shares(Decimal::from(g))
                    ),
                    (false, Some(f)) => said!(
                        "{} {}：第 {} 行与第 {} 行之间余额少了 {} 股，没有记录说明去向（缺少卖出或转出记录？）",
                        "{} {}: between rows {} and {} the balance drops by {} shares that no row explains (a missing sell or transfer out?)",
                        sec,
                        name,
                        f,
                        r.line,
                        crate::format::shares(Decimal::from(-g))
                    ),
                    (false, None) => said!(
                        "{} {}：第 {} 行之前余额少了 {} 股，没有记录说明去向",
                        "{} {}: before row {} the balance drops by {} shares that no row explains",
                        sec,
                        name,
                        r.line,
                        crate::format::shares(Decimal::from(-g))
                    ),
                };
                self.notes.push(Note {
                    code: "balance-gap",
                    file: Some(r.file),
                    row: Some(r.line),
                    security: Some(sec.clone()),
                    account: Some(account.clone()),
                    shares: Some(g),
                    message: String::new(),
                    said: message,
                });
            }
            if r.observed {
                last_obs.insert(key, (r.file, r.line));
            }
        }
        // Pass 2, in the order of §7.2: positions, and shares of unknown origin.
        // Per account and code: position, and the day and position at its start.
        let mut pos: Map<(u32, u32), (i64, Date, i64)> = Map::default();
        for &i in by_rule {
            let r = &self.recs[i];
            if r.code == EMPTY && r.name == EMPTY
                || matches!(r.outcome, Outcome::Ignored(Reason::Duplicate { .. }))
            {
                continue;
            }
            let key = (r.account, r.code);
            let open = openings.get(&key).copied().unwrap_or_default();
            let (p, day, start) = pos.entry(key).or_insert((open, r.date, open));
            if *day != r.date {
                *day = r.date;
                *start = *p;
            }
            let day_start = *start;
            let d = delta(r);
            *p += r.gap;
            *p += d;
            let mut unknown = 0;
            if *p < 0 {
                unknown = -*p;
                *p = 0;
            }
            let r = &mut self.recs[i];
            r.day_start = day_start;
            r.unknown = unknown;
        }
        for &i in by_rule {
            let r = &self.recs[i];
            if r.unknown == 0 {
                continue;
            }
            let (code, name) = (self.strings.get(r.code), self.strings.get(r.name));
            let sec = if code.is_empty() { name.to_owned() } else { code.to_owned() };
            self.notes.push(Note {
                code: "unknown-origin",
                file: Some(r.file),
                row: Some(r.line),
                security: Some(sec.clone()),
                account: Some(label_of(self.strings.get(r.account))),
                shares: Some(r.unknown),
                message: String::new(),
                said: said!("{} {}：这笔卖出比已知持仓多 {} 股，这些股份来源不明（记录开始前的持仓，或本文件未包含的转入、配股、新股入账）；计算时作为期初持仓", "{} {}: this sell exceeds the known position by {} shares of unknown origin (held before the history, or a transfer, rights or new-share credit this file lacks); the calculation counts them as opening position", sec, name, crate::format::shares(Decimal::from(r.unknown))),
            });
        }
        openings
    }

    /// Decides every row's outcome.
    fn resolve(&mut self, by_file: &[usize], by_rule: &[usize]) {
        // Payments that price later credits, per account: (index, mapped code).
        let mut rights: Vec<usize> = Vec::new();
        let mut ipo: Vec<usize> = Vec::new();
        let mut matched = vec![false; self.recs.len()];
        let mut paired: Map<usize, usize> = Map::default();
        for &i in by_file {
            let r = &self.recs[i];
            if !matches!(r.outcome, Outcome::Pending) {
                continue;
            }
            match r.class {
                Some(Class::RightsPayment) => rights.push(i),
                Some(Class::IpoPayment) => ipo.push(i),
                Some(Class::RightsCredit) => {
                    if let Some(j) = self.pair(i, &rights, &matched, rights_listing) {
                        matched[j] = true;
                        paired.insert(i, j);
                    }
                }
                Some(Class::IpoCredit) if positive(r.price).is_none() => {
                    if let Some(j) = self.pair(i, &ipo, &matched, ipo_listing) {
                        matched[j] = true;
                        paired.insert(i, j);
                    }
                }
                _ => {}
            }
        }
        for &i in by_rule {
            if !matches!(self.recs[i].outcome, Outcome::Pending) {
                continue;
            }
            let outcome = self.outcome(i, paired.get(&i).copied());
            self.recs[i].outcome = outcome;
        }
    }

    /// The payment row (among `candidates`, unmatched) for a credit: same account, on or
    /// before its date, whose code maps to the credit's code; failing that, the one
    /// unmatched payment of the account in the 60 days before with the same quantity.
    fn pair(
        &self,
        credit: usize,
        candidates: &[usize],
        matched: &[bool],
        map: fn(&str) -> Option<String>,
    ) -> Option<usize> {
        let c = &self.recs[credit];
        let code = self.strings.get(c.code);
        let open = candidates.iter().copied().filter(|&j| {
            let p = &self.recs[j];
            !matched[j]
                && p.account == c.account
                && p.date <= c.date
                && c.date.days_since(p.date) <= 60
        });
        let by_code = open.clone().rev().find(|&j| {
            let pc = self.strings.get(self.recs[j].code);
            !code.is_empty() && (pc == code || map(pc).as_deref() == Some(code))
        });
        if by_code.is_some() {
            return by_code;
        }
        let same_qty: Vec<usize> = open
            .filter(|&j| {
                self.recs[j].qty.map(|q| q.abs()) == c.qty.map(|q| q.abs())
                    || self.recs[j].class == Some(Class::IpoPayment)
            })
            .collect();
        if same_qty.len() == 1 { Some(same_qty[0]) } else { None }
    }

    fn outcome(&self, i: usize, payment: Option<usize>) -> Outcome {
        let r = &self.recs[i];
        let text = || -> Box<str> { self.strings.get(r.business).into() };
        let Some(class) = r.class else {
            return if r.qty.is_some_and(|q| !q.is_zero()) {
                Outcome::Rejected(Reason::UnknownBusiness { text: text() }, Some(Field::Business))
            } else {
                Outcome::Ignored(Reason::UnknownBusiness { text: text() })
            };
        };
        let qty_abs = r.qty.map(|q| q.abs()).unwrap_or_default();
        let whole = |q: Decimal| -> Result<u64, Outcome> {
            if !q.fract().is_zero() {
                return Err(Outcome::Rejected(
                    Reason::FractionalQuantity { text: q.normalize().to_string().into() },
                    Some(Field::Quantity),
                ));
            }
            u64::try_from(q).map_err(|_| {
                Outcome::Rejected(
                    Reason::BadNumber { text: q.to_string().into() },
                    Some(Field::Quantity),
                )
            })
        };
        let bad_qty = || {
            r.bad.as_ref().filter(|b| b.0 == Field::Quantity).map(|b| {
                Outcome::Rejected(Reason::BadNumber { text: b.1.clone() }, Some(Field::Quantity))
            })
        };
        let share_change = |kind: Kind| -> Outcome {
            if let Some(o) = bad_qty() {
                return o;
            }
            // A sell's quantity may be written negative; a purchase's never is: taking it
            // as positive would count shares the row may not show (issue 15, item 3).
            if class == Class::Buy
                && let Some(q) = r.qty.filter(|q| q.is_sign_negative() && !q.is_zero())
            {
                return Outcome::Rejected(
                    Reason::NegativeBuy { text: q.normalize().to_string().into() },
                    Some(Field::Quantity),
                );
            }
            if qty_abs.is_zero() {
                return Outcome::Ignored(Reason::ZeroQuantity);
            }
            if r.code == EMPTY && r.name == EMPTY {
                return Outcome::Rejected(Reason::MissingCode, Some(Field::Code));
            }
            match whole(qty_abs) {
                Ok(q) => Outcome::Used { kind, qty: q, price: None, note: None },
                Err(o) => o,
            }
        };
        let priced =
            |kind: Kind, o: Outcome, price: Option<Decimal>, note: Option<Reason>| -> Outcome {
                match o {
                    Outcome::Used { qty, .. } => match price {
                        Some(p) => Outcome::Used { kind, qty, price: Some(p), note },
                        None => Outcome::Rejected(Reason::MissingPrice, Some(Field::Price)),
                    },
                    other => other,
                }
            };
        match class {
            Class::Buy | Class::Sell | Class::SignedTrade => {
                let kind = match class {
                    Class::Buy => Kind::Buy,
                    Class::Sell => Kind::Sell,
                    _ => {
                        if r.qty.is_some_and(|q| q < Decimal::ZERO) {
                            Kind::Sell
                        } else {
                            Kind::Buy
                        }
                    }
                };
                let o = share_change(kind);
                if !matches!(o, Outcome::Used { .. }) {
                    return o;
                }
                if let Some(p) = positive(r.price) {
                    return priced(kind, o, Some(p), None);
                }
                let derived =
                    positive(r.amount).filter(|_| !qty_abs.is_zero()).map(|a| a / qty_abs);
                if let Some(b) = r.bad.as_ref().filter(|b| b.0 == Field::Price)
                    && derived.is_none()
                {
                    return Outcome::Rejected(
                        Reason::BadNumber { text: b.1.clone() },
                        Some(Field::Price),
                    );
                }
                priced(
                    kind,
                    o,
                    derived.map(|p| round_half_up(p, 6).normalize()),
                    Some(Reason::PriceFromAmount),
                )
            }
            Class::Bonus => share_change(Kind::Bonus),
            Class::TransferIn => share_change(Kind::TransferIn),
            Class::TransferOut => share_change(Kind::TransferOut),
            Class::Dividend => {
                let cash = positive(r.amount).or_else(|| positive(r.net.map(|n| n.abs())));
                let Some(cash) = cash else { return Outcome::Ignored(Reason::DividendNoAmount) };
                // The holding the dividend was paid on: as the remark states it, else the
                // position at the start of the day (before same-day bonus shares), else the
                // balance column.
                let holding = positive(r.holding_hint)
                    .map(|h| (h, HoldingSource::Remark))
                    .or_else(|| {
                        positive(Some(Decimal::from(r.day_start)))
                            .map(|h| (h, HoldingSource::History))
                    })
                    .or_else(|| {
                        positive(r.bal.map(Decimal::from)).map(|h| (h, HoldingSource::Balance))
                    });
                let Some((holding, source)) = holding else {
                    return Outcome::Ignored(Reason::DividendNoHolding);
                };
                let per_share = round_half_up(cash / holding, 6).normalize();
                if per_share.is_zero() {
                    return Outcome::Ignored(Reason::DividendNoAmount);
                }
                Outcome::Used {
                    kind: Kind::Dividend,
                    qty: 0,
                    price: Some(per_share),
                    note: Some(Reason::DividendPerShare {
                        cash: cash.normalize(),
                        holding: holding.normalize(),
                        source,
                    }),
                }
            }
            Class::RightsCredit => {
                let o = share_change(Kind::Rights);
                if !matches!(o, Outcome::Used { .. }) {
                    return o;
                }
                let Some(j) = payment else {
                    return Outcome::Rejected(Reason::RightsWithoutPrice, Some(Field::Price));
                };
                let p = &self.recs[j];
                let price = positive(p.price).or_else(|| {
                    let q = p.qty.map(|q| q.abs()).filter(|q| !q.is_zero())?;
                    positive(p.net.map(|n| n.abs()))
                        .or(positive(p.amount))
                        .map(|a| round_half_up(a / q, 6).normalize())
                });
                match price {
                    Some(price) => priced(
                        Kind::Rights,
                        o,
                        Some(price),
                        Some(Reason::RightsPrice { row: p.line }),
                    ),
                    None => Outcome::Rejected(Reason::RightsWithoutPrice, Some(Field::Price)),
                }
            }
            Class::IpoCredit => {
                let o = share_change(Kind::Buy);
                if !matches!(o, Outcome::Used { .. }) {
                    return o;
                }
                if let Some(p) = positive(r.price) {
                    return priced(Kind::Buy, o, Some(p), Some(Reason::IpoCredit));
                }
                let Some(j) = payment else {
                    return Outcome::Rejected(Reason::IpoWithoutPrice, Some(Field::Price));
                };
                let p = &self.recs[j];
                let cash = positive(p.net.map(|n| n.abs())).or(positive(p.amount));
                match cash {
                    Some(c) => priced(
                        Kind::Buy,
                        o,
                        Some(round_half_up(c / qty_abs, 6).normalize()),
                        Some(Reason::IpoPrice { row: p.line }),
                    ),
                    None => Outcome::Rejected(Reason::IpoWithoutPrice, Some(Field::Price)),
                }
            }
            Class::DividendTax => Outcome::Ignored(Reason::DividendTax),
            Class::RightsEntitlement => Outcome::Ignored(Reason::RightsEntitlement),
            Class::RightsPayment => Outcome::Ignored(Reason::RightsPayment),
            Class::IpoSubscription => Outcome::Ignored(Reason::IpoSubscription),
            Class::IpoLottery => Outcome::Ignored(Reason::IpoLottery),
            Class::IpoAllotment => Outcome::Ignored(Reason::IpoAllotment),
            Class::IpoPayment => Outcome::Ignored(Reason::IpoPayment),
            Class::Entitlement => Outcome::Ignored(Reason::EntitlementRecord),
            Class::ListingOffset => Outcome::Ignored(Reason::ListingOffset),
            Class::Repo => Outcome::Ignored(Reason::Repo),
            Class::Cash => Outcome::Ignored(Reason::CashOnly),
            Class::Neutral => Outcome::Ignored(Reason::Neutral),
            Class::Void => Outcome::Ignored(Reason::Void),
            Class::Unsupported => {
                Outcome::Rejected(Reason::Unsupported { text: text() }, Some(Field::Business))
            }
        }
    }

    fn build(
        mut self,
        options: &Options,
        by_rule: &[usize],
        openings: Map<(u32, u32), i64>,
    ) -> Import {
        let lang = self.lang;
        let mut trades = Vec::new();
        /// Per security (by the id of its code, or of its name when it has no code).
        #[derive(Default)]
        struct Sec {
            seen: bool,
            names: Vec<(u32, u32)>,
            rows: u32,
            trades: u32,
            position: Vec<(u32, i64)>,
            opening: i64,
            unknown: i64,
        }
        impl Sec {
            fn best_name(&self) -> Option<u32> {
                self.names
                    .iter()
                    .filter(|(id, _)| *id != EMPTY)
                    .max_by_key(|(id, n)| (*n, std::cmp::Reverse(*id)))
                    .map(|(id, _)| *id)
            }
        }
        let mut secs: Vec<Sec> = Vec::new();
        secs.resize_with(self.strings.list.len(), Sec::default);
        let mut labels: Map<u32, String> = Map::default();
        let sec_key = |r: &Rec| if r.code == EMPTY { r.name as usize } else { r.code as usize };
        for &i in by_rule {
            let r = &self.recs[i];
            if r.code != EMPTY || r.name != EMPTY {
                let s = &mut secs[sec_key(r)];
                s.seen = true;
                s.rows += 1;
                match s.names.iter_mut().find(|(id, _)| *id == r.name) {
                    Some((_, n)) => *n += 1,
                    None => s.names.push((r.name, 1)),
                }
                if !matches!(r.outcome, Outcome::Ignored(Reason::Duplicate { .. })) {
                    let k = match s.position.iter().position(|(a, _)| *a == r.account) {
                        Some(k) => k,
                        None => {
                            let open =
                                openings.get(&(r.account, r.code)).copied().unwrap_or_default();
                            s.position.push((r.account, open));
                            s.position.len() - 1
                        }
                    };
                    let p = &mut s.position[k].1;
                    *p += r.gap + delta(r);
                    if *p < 0 {
                        *p = 0;
                    }
                    s.unknown += r.unknown + r.gap.max(0);
                }
            }
            if let Outcome::Used { kind, qty, price, .. } = &r.outcome {
                let time = if is_fill(r.class) { r.time } else { None };
                trades.push(CodedTrade {
                    code: self.strings.get(r.code).to_owned(),
                    name: if r.code == EMPTY {
                        self.strings.get(r.name).to_owned()
                    } else {
                        String::new()
                    },
                    trade: Trade {
                        date: r.date,
                        time,
                        account: labels
                            .entry(r.account)
                            .or_insert_with(|| label_of(self.strings.get(r.account)))
                            .clone(),
                        kind: *kind,
                        quantity: *qty,
                        price: price.map(|p| Price(p.normalize())),
                        origin: Origin { file: r.file, row: r.line },
                    },
                });
                if r.code != EMPTY || r.name != EMPTY {
                    secs[sec_key(r)].trades += 1;
                }
            }
        }
        let mut opening_list: Vec<Opening> = Vec::new();
        let mut opening_keys: Vec<_> = openings.iter().collect();
        opening_keys.sort_by_key(|((a, c), _)| {
            (self.strings.get(*c).to_owned(), self.strings.get(*a).to_owned())
        });
        for (&(account, code), &shares) in opening_keys {
            let name =
                if code == EMPTY { None } else { secs.get(code as usize).and_then(Sec::best_name) };
            let name = name.map_or("", |id| self.strings.get(id)).to_owned();
            if code != EMPTY
                && let Some(s) = secs.get_mut(code as usize)
            {
                s.opening += shares;
            }
            opening_list.push(Opening {
                account: label_of(self.strings.get(account)),
                code: self.strings.get(code).to_owned(),
                name,
                shares: u64::try_from(shares).unwrap_or(0),
            });
        }
        let mut securities: Vec<SecuritySummary> = secs
            .iter()
            .enumerate()
            .filter(|(_, s)| s.seen)
            .map(|(id, s)| {
                let id = u32::try_from(id).unwrap_or(EMPTY);
                let is_code = s.names.iter().all(|(n, _)| *n != id);
                let code = if is_code { self.strings.get(id).to_owned() } else { String::new() };
                let name = s.best_name().unwrap_or(id);
                SecuritySummary {
                    equity: is_equity(&code),
                    code,
                    name: self.strings.get(name).to_owned(),
                    rows: s.rows,
                    trades: s.trades,
                    position: s.position.iter().map(|(_, p)| p).sum(),
                    opening: u64::try_from(s.opening).unwrap_or(0),
                    unknown_origin: u64::try_from(s.unknown).unwrap_or(0),
                }
            })
            .collect();
        securities.sort_by(|a, b| (&a.code, &a.name).cmp(&(&b.code, &b.name)));

        // Row reports for data rows, merged with the others (both are in file and line
        // order already).
        let recs = std::mem::take(&mut self.recs);
        let others = std::mem::take(&mut self.rows);
        self.rows.reserve(others.len() + recs.len());
        let mut others = others.into_iter().peekable();
        for r in &recs {
            while let Some(o) = others.next_if(|o| (o.file, o.row) < (r.file, r.line)) {
                self.rows.push(o);
            }
            let (status, reason, column, kind, quantity, price) = match &r.outcome {
                Outcome::Used { kind, qty, price, note } => (
                    Status::Used,
                    note.clone(),
                    None,
                    Some(*kind),
                    Some(*qty),
                    price.map(|p| Price(p.normalize())),
                ),
                Outcome::Ignored(reason) => {
                    (Status::Ignored, Some(reason.clone()), None, None, None, None)
                }
                Outcome::Rejected(reason, field) => {
                    (Status::Rejected, Some(reason.clone()), *field, None, None, None)
                }
                Outcome::Pending => (
                    Status::Rejected,
                    Some(Reason::UnknownBusiness { text: "".into() }),
                    None,
                    None,
                    None,
                    None,
                ),
            };
            let layout = &self.files[r.file as usize].layouts[r.layout as usize];
            let column = column
                .and_then(|f| layout.get(f))
                .map(|c| layout.header(c).to_owned())
                .or_else(|| column.map(|f| format!("{f:?}")));
            let business = self.strings.get(r.business);
            let code = self.strings.get(r.code);
            // A rejected row's cells as read (a cell that could not be read, as written).
            let cells = (status == Status::Rejected).then(|| {
                let bad = |f: Field| r.bad.as_ref().filter(|b| b.0 == f).map(|b| b.1.to_string());
                let number = |d: Decimal| d.normalize().to_string();
                let price = r.price.or_else(|| {
                    let q = r.qty.map(|q| q.abs()).filter(|q| !q.is_zero())?;
                    r.amount.map(|a| round_half_up(a.abs() / q, 4))
                });
                Box::new(RawCells {
                    date: r.date.to_string(),
                    time: r.time.map(|t| t.to_string()).unwrap_or_default(),
                    business: business.to_owned(),
                    quantity: bad(Field::Quantity)
                        .or_else(|| r.qty.map(number))
                        .unwrap_or_default(),
                    price: bad(Field::Price).or_else(|| price.map(number)).unwrap_or_default(),
                })
            });
            self.rows.push(RowReport {
                file: r.file,
                row: r.line,
                status,
                reason: reason.as_ref().map(Reason::code),
                column,
                message: reason.as_ref().map(|x| x.message(lang)),
                why: reason.clone(),
                date: Some(r.date),
                code: (!code.is_empty()).then(|| code.to_owned()),
                business: (!business.is_empty()).then(|| business.to_owned()),
                kind,
                quantity,
                price,
                cells,
            });
        }
        self.rows.extend(others);
        // Every unknown business text once, for the user (and the maintainers) to see.
        let mut unknown: Vec<&str> = self
            .rows
            .iter()
            .filter(|r| r.reason == Some("unknown-business"))
            .filter_map(|r| r.business.as_deref())
            .collect();
        unknown.sort_unstable();
        unknown.dedup();
        if !unknown.is_empty() {
            let n = unknown.len();
            let message = Said {
                zh: format!("有 {n} 种未知的业务类型，未作推测：{}", unknown.join("、")),
                en: format!("{n} unknown business types, not guessed: {}", unknown.join(", ")),
            };
            self.notes.push(Note {
                code: "unknown-business",
                file: None,
                row: None,
                security: None,
                account: None,
                shares: None,
                message: String::new(),
                said: message,
            });
        }
        let mut total = Counts::default();
        for r in &self.rows {
            let c = &mut self.files[r.file as usize].report.counts;
            for c in [c, &mut total] {
                match r.status {
                    Status::Used => c.used += 1,
                    Status::Ignored => c.ignored += 1,
                    Status::Rejected => c.rejected += 1,
                }
            }
        }
        for n in &mut self.notes {
            n.message = n.said.pick(lang).to_owned();
        }
        let import = Import {
            report: Report {
                lang,
                files: self.files.into_iter().map(|f| f.report).collect(),
                rows: self.rows,
                securities,
                notes: self.notes,
                selected: options.select.clone(),
                opening_position: 0,
                counts: total,
            },
            trades,
            openings: opening_list,
        };
        let opening = import.opening_of(&options.select);
        let mut import = import;
        import.report.opening_position = opening;
        import
    }
}

fn column_reports(l: &Layout) -> Vec<ColumnReport> {
    l.columns
        .iter()
        .enumerate()
        .map(|(i, (h, f))| ColumnReport {
            index: u32::try_from(i + 1).unwrap_or(u32::MAX),
            header: h.clone(),
            field: f.map(|x| x.0),
            used: f.is_some_and(|(field, _)| {
                l.get(field) == Some(i)
                    || matches!(field, Field::Business | Field::Remark | Field::Status)
            }),
        })
        .collect()
}

/// Whether a class credits shares without a trade (applied first within a day, §7.2).
fn is_credit(c: Class) -> bool {
    matches!(c, Class::Bonus | Class::TransferIn | Class::RightsCredit | Class::IpoCredit)
}

/// Whether a row is an exchange fill (its time is real; other rows carry synthetic times).
fn is_fill(c: Option<Class>) -> bool {
    matches!(c, Some(Class::Buy | Class::Sell | Class::SignedTrade))
}

/// The change of shares a row makes (its economic effect, whatever its outcome).
fn delta(r: &Rec) -> i64 {
    r.dq
}

/// A whole number of shares (below 10^15 by [`in_range`]), or `None`.
fn whole(d: Decimal) -> Option<i64> {
    let m = d.mantissa();
    let scale = d.scale();
    if scale == 0 {
        return i64::try_from(m).ok();
    }
    let p = 10i128.pow(scale);
    if m % p == 0 { i64::try_from(m / p).ok() } else { None }
}

/// The change of shares of a row of this class and quantity (0 when not whole: such rows
/// are rejected).
fn delta_of(class: Option<Class>, qty: Option<Decimal>) -> i64 {
    let q = qty.and_then(whole).unwrap_or(0);
    match class {
        // Rejected (see `Reason::NegativeBuy`): no change of the position.
        Some(Class::Buy) if q < 0 => 0,
        Some(
            Class::Buy | Class::Bonus | Class::TransferIn | Class::RightsCredit | Class::IpoCredit,
        ) => q.abs(),
        Some(Class::Sell | Class::TransferOut) => -q.abs(),
        Some(Class::SignedTrade) => q,
        _ => 0,
    }
}

fn positive(d: Option<Decimal>) -> Option<Decimal> {
    d.filter(|d| *d > Decimal::ZERO)
}

/// `权益股数:1300` in a remark: the holding a dividend was paid on.
fn holding_in(remark: &str) -> Option<Decimal> {
    let i = remark.find("权益股数")?;
    let rest = remark[i + "权益股数".len()..].trim_start_matches([':', '：', ' ', '\'', '"']);
    let end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
    cell::number(&rest[..end])
}

/// The listing code of a rights subscription code (700036 → 600036).
fn rights_listing(code: &str) -> Option<String> {
    let map = [("700", "600"), ("760", "601"), ("080", "000"), ("082", "002"), ("380", "300")];
    map_prefix(code, &map)
}

/// The listing code of a new-share subscription code (732999 → 603999).
fn ipo_listing(code: &str) -> Option<String> {
    let map = [("730", "600"), ("780", "601"), ("732", "603"), ("787", "688"), ("707", "605")];
    map_prefix(code, &map)
}

fn map_prefix(code: &str, map: &[(&str, &str)]) -> Option<String> {
    if code.len() != 6 {
        return None;
    }
    map.iter().find(|(from, _)| code.starts_with(from)).map(|(_, to)| format!("{to}{}", &code[3..]))
}

/// Whether a code is an A-share stock (Shanghai, Shenzhen, Beijing).
pub fn is_equity(code: &str) -> bool {
    code.len() == 6
        && code.bytes().all(|b| b.is_ascii_digit())
        && [
            "600", "601", "603", "605", "688", "689", "000", "001", "002", "003", "300", "301",
            "430", "830", "831", "832", "833", "834", "835", "836", "837", "838", "839", "870",
            "871", "872", "873", "920",
        ]
        .iter()
        .any(|p| code.starts_with(p))
}

/// The label shown for an account key: identifiers masked (`A0****0001`), file names as
/// they are.
fn label_of(key: &str) -> String {
    if let Some(name) = key.strip_prefix("file:") {
        return name.rsplit_once('.').map_or(name, |(stem, _)| stem).to_owned();
    }
    key.split('/')
        .map(|part| {
            let chars: Vec<char> = part.chars().collect();
            if chars.len() >= 8 {
                let head: String = chars[..2].iter().collect();
                let tail: String = chars[chars.len() - 4..].iter().collect();
                format!("{head}****{tail}")
            } else {
                part.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| if big_endian { u.to_be_bytes() } else { u.to_le_bytes() })
            .collect()
    }

    /// Issue 15, item 3: a UTF-16 export without a byte-order mark was read as UTF-8 full
    /// of zero bytes, and nothing in it was found.
    #[test]
    fn utf16_without_a_byte_order_mark_is_detected_and_read() {
        let text = "成交日期,证券代码,证券名称,操作,成交数量,成交均价\n20210302,300000,演示公司,证券买入,1000,10.00\n";
        let lossy = |b: &[u8]| (String::from_utf8_lossy(b).into_owned(), 0);
        for (big, enc) in [(false, Encoding::Utf16Le), (true, Encoding::Utf16Be)] {
            let bytes = utf16(text, big);
            assert_eq!(utf16_without_bom(&bytes), Some(enc));
            let d = decode_text(&bytes, &lossy);
            assert_eq!((d.text.as_str(), d.encoding), (text, enc));
            let file = [InputFile { name: "x.csv", content: Content::Bytes(&bytes) }];
            let read = import_with(&file, &Options::default(), &lossy).expect("read");
            assert_eq!(read.trades.len(), 1);
        }
        // UTF-8, GBK-like bytes and a text with its byte-order mark are not.
        assert_eq!(utf16_without_bom(text.as_bytes()), None);
        assert_eq!(utf16_without_bom(&[0xB3, 0xC9, 0xBD, 0xBB, 0xC8, 0xD5, 0xC6, 0xDA]), None);
        let mut bom = vec![0xFF, 0xFE];
        bom.extend(utf16(text, false));
        assert_eq!(utf16_without_bom(&bom), None);
    }

    /// Issue 15, item 3: a purchase with a negative quantity was taken as positive.
    #[test]
    fn a_purchase_with_a_negative_quantity_is_rejected() {
        let text = "成交日期,证券代码,证券名称,操作,成交数量,成交均价\n20210302,300000,演示公司,证券买入,-1000,10.00\n20210303,300000,演示公司,证券卖出,-500,11.00\n";
        let file = [InputFile { name: "x.csv", content: Content::Text(text) }];
        let lossy = |b: &[u8]| (String::from_utf8_lossy(b).into_owned(), 0);
        let read = import_with(&file, &Options::default(), &lossy).expect("read");
        let buy = &read.report.rows[1];
        assert_eq!(buy.status, Status::Rejected);
        assert_eq!(buy.reason, Some("negative-buy"));
        // A sale written negative is a sale of 500.
        assert_eq!(read.trades.len(), 1);
        assert_eq!((read.trades[0].trade.kind, read.trades[0].trade.quantity), (Kind::Sell, 500));
    }
}
