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
//!
//! The code follows the stages: `grid.rs` and `workbook.rs` (1–2, the table layer the
//! canonical reader and the market-data importer share), `rows.rs` (2–4, with
//! `columns.rs`, `business.rs` and `cell.rs`), `order.rs` (5–6), `reconcile.rs` (7),
//! `resolve.rs` (8–9); this file holds the types and runs the stages in order.

mod business;
pub mod cell;
mod columns;
pub mod grid;
mod order;
pub mod overlap;
mod reconcile;
mod report;
mod resolve;
mod rows;
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

    /// A UTF-16 export without a byte-order mark is detected and read. Guards against
    /// reading it as UTF-8 full of zero bytes, in which nothing is found (issue 15,
    /// item 3).
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

    /// A purchase with a negative quantity is rejected; a sale written negative is a sale.
    /// Guards against taking the purchase's quantity as positive (issue 15, item 3).
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
