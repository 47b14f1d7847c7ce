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
mod grid;
mod report;
#[cfg(feature = "workbook")]
mod workbook;

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::date::Date;
use crate::error::{Error, ErrorKind};
use crate::lang::Lang;
use crate::money::{Price, round_half_up};
use crate::text::{self, Encoding};
use crate::tr;
use crate::trade::{Kind, Origin, TimeOfDay, Trade};

pub use business::Class;
pub use columns::Field;
pub use grid::Container;
pub use report::{
    ColumnReport, Counts, FileReport, Note, Order, Reason, Report, RowReport, SecuritySummary,
    Status,
};

use business::Classifier;
use columns::Layout;
use grid::Grid;

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

/// A trade with its security.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodedTrade {
    /// Security code (empty when the file has no code column).
    pub code: String,
    /// Security name.
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
        st.serialize_field("name", &self.name)?;
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
#[derive(Clone, Debug, Serialize)]
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
    fn wanted(wanted: &[String], code: &str, name: &str) -> bool {
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

/// Interned strings: codes, names, accounts and business texts repeat across rows.
#[derive(Default)]
struct Interner {
    map: HashMap<Box<str>, u32>,
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
    balance: Option<Decimal>,
    /// The first numeric cell that could not be read.
    bad: Option<(Field, u32)>,
    holding_hint: Option<Decimal>,
    id: Option<Box<str>>,
    /// The row's own fund account (interned), if it has one.
    fund: u32,
    /// The account key (interned), set once the file is read.
    account: u32,
    outcome: Outcome,
    /// Shares held just before the row (§7.2 order), and a balance gap found at it.
    day_start: Decimal,
    gap: Decimal,
    unknown: Decimal,
}

struct FileState {
    report: FileReport,
    layouts: Vec<Layout>,
    holders: Vec<u32>,
    funds: HashMap<u32, u32>,
    /// Range of `State::recs` of this file.
    recs: std::ops::Range<usize>,
    no_code_column: bool,
    settlement_only: Option<String>,
    other_sheets: Vec<String>,
}

struct State {
    lang: Lang,
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
    d.abs() < Decimal::from(1_000_000_000_000_000i64)
}

impl State {
    fn new(lang: Lang) -> State {
        let mut strings = Interner::default();
        strings.id("");
        State {
            lang,
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
            date: None,
            code: None,
            business: None,
            kind: None,
            quantity: None,
            price: None,
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
        let too_large =
            || fail(ErrorKind::Table { detail: "the file is larger than 2 GiB".into() });
        let mut encoding = None;
        let mut malformed = 0;
        let mut delimiter = None;
        let mut sheet = None;
        let mut other_sheets = Vec::new();
        let decoded: String = match file.content {
            Content::Bytes(bytes) => match sniff(bytes) {
                Sniffed::Pdf => {
                    return Err(fail(ErrorKind::Table {
                        detail: "a PDF cannot be read: copy its text and paste it, or export the history from the trading client".into(),
                    }));
                }
                Sniffed::Workbook => {
                    return self.workbook(index, name, bytes, &mut sheet, &mut other_sheets);
                }
                Sniffed::Text => {
                    let d = text::decode_with(bytes, gb18030);
                    encoding = Some(d.encoding);
                    malformed = d.malformed;
                    d.text
                }
            },
            Content::Text(t) => t.strip_prefix('\u{feff}').unwrap_or(t).to_owned(),
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
        let book = workbook::read(bytes).map_err(|e| {
            let detail = match e {
                workbook::BookError::Unreadable(d) => format!("the workbook cannot be read ({d})"),
                workbook::BookError::TooLarge => "the workbook is too large".into(),
            };
            Error::at(ErrorKind::Table { detail }, name, None, None)
        })?;
        if book.grid.rows.is_empty() {
            return Err(Error::at(ErrorKind::NoTrades, name, None, None));
        }
        self.read_grid(
            index,
            name,
            &book.grid,
            book.container,
            None,
            0,
            None,
            Some(book.sheet),
            book.other_sheets,
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
        Err(Error::at(
            ErrorKind::Table {
                detail: "this is an Excel workbook, and this build reads only text exports (the `workbook` feature is off)".into(),
            },
            name,
            None,
            None,
        ))
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
            funds: HashMap::new(),
            recs: self.recs.len()..self.recs.len(),
            other_sheets,
        };
        let mut order = 0u32;
        for (i, r) in g.rows.iter().enumerate() {
            let line = r.line;
            let dashes = g.cells(r).all(|c| cell::clean(c).is_empty());
            let reason = if i < header {
                Some(if dashes { Reason::Separator } else { Reason::Preamble })
            } else if i == header {
                Some(Reason::Header)
            } else if dashes {
                Some(Reason::Separator)
            } else {
                let layout = fs.layouts.last().unwrap_or(&fs.layouts[0]);
                let date_ok = layout
                    .get(Field::Date)
                    .is_some_and(|c| cell::date(cell::clean(g.cell(r, c)), g.serials).is_some());
                if !date_ok && layout.same_header(g.cells(r)) {
                    Some(Reason::RepeatedHeader)
                } else if !date_ok && columns::is_header(columns::score(g.cells(r))) {
                    fs.layouts.push(Layout::new(g.cells(r)));
                    Some(Reason::Header)
                } else if !date_ok
                    && g.cells(r)
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
                let status = if matches!(reason, Reason::Header) && i != header {
                    Status::Ignored
                } else {
                    Status::Ignored
                };
                self.rows.push(self.row_report(index, line, status, Some(&reason)));
                continue;
            }
            let layout_index = fs.layouts.len() - 1;
            match self.parse_row(&fs.layouts[layout_index], g, r) {
                Ok(mut rec) => {
                    rec.file = index;
                    rec.layout = u32::try_from(layout_index).unwrap_or(0);
                    rec.order = order;
                    order += 1;
                    let layout = &fs.layouts[layout_index];
                    if let Some(c) = layout.get(Field::Holder) {
                        let h = cell::clean(g.cell(r, c));
                        if !h.is_empty() {
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
                    rr.column = column.map(|c| fs.layouts[layout_index].header(c).to_owned());
                    rr.date = date;
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
    ) -> Result<Rec, (Reason, Option<usize>, Option<Date>)> {
        let get = |f: Field| layout.get(f).map(|c| (c, cell::clean(g.cell(r, c))));
        let (date_col, date_text) = get(Field::Date).unwrap_or((0, ""));
        let Some(date) = cell::date(date_text, g.serials) else {
            return Err((Reason::BadDate { text: date_text.to_owned() }, Some(date_col), None));
        };
        let mut time = None;
        if let Some((c, t)) = get(Field::Time) {
            time = cell::time(t, g.serials)
                .map_err(|()| (Reason::BadTime { text: t.to_owned() }, Some(c), Some(date)))?;
        }
        let texts = layout
            .business
            .iter()
            .chain(&layout.remarks)
            .chain(&layout.status)
            .map(|&c| cell::clean(g.cell(r, c)));
        let class = self.classifier.classify(texts.clone()).map(|m| m.class);
        let mut business = String::new();
        for &c in &layout.business {
            let t = cell::clean(g.cell(r, c));
            if !t.is_empty() {
                if !business.is_empty() {
                    business.push_str(" / ");
                }
                business.push_str(t);
            }
        }
        {
            for &c in &layout.remarks {
                let t = cell::clean(g.cell(r, c));
                if !t.is_empty() {
                    if !business.is_empty() {
                        business.push_str(" / ");
                    }
                    business.push_str(t);
                }
            }
        }
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
                        bad = Some((f, u32::try_from(c).unwrap_or(0)));
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
        let code = get(Field::Code).map(|(_, t)| cell::code(t)).unwrap_or_default();
        let name = get(Field::Name).map_or("", |(_, t)| t);
        let holding_hint =
            layout.remarks.iter().find_map(|&c| holding_in(cell::clean(g.cell(r, c))));
        let id = get(Field::TradeId)
            .map(|(_, t)| t)
            .filter(|t| !t.is_empty() && t.bytes().any(|b| b != b'0'))
            .or_else(|| get(Field::Serial).map(|(_, t)| t).filter(|t| !t.is_empty()))
            .map(Box::from);
        let fund = get(Field::FundAccount).map_or("", |(_, t)| t);
        Ok(Rec {
            file: 0,
            line: r.line,
            layout: 0,
            order: 0,
            seq: 0,
            date,
            time,
            code: self.strings.id(&code),
            name: self.strings.id(name),
            business: self.strings.id(&business),
            class,
            qty,
            price,
            amount,
            net,
            balance,
            bad,
            holding_hint,
            id,
            fund: self.strings.id(fund),
            account: EMPTY,
            outcome: Outcome::Pending,
            day_start: Decimal::ZERO,
            gap: Decimal::ZERO,
            unknown: Decimal::ZERO,
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
        let lang = self.lang;
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
            let mut note = |code: &'static str, message: String| {
                self.notes.push(Note {
                    code,
                    file,
                    row: None,
                    security: None,
                    account: None,
                    shares: None,
                    message,
                });
            };
            match order {
                Order::NewestFirst => note(
                    "newest-first",
                    tr!(
                        lang,
                        "{} 按日期从新到旧排列，已按时间先后倒序处理",
                        "{} lists the newest rows first: its rows were reversed",
                        name
                    ),
                ),
                Order::Unordered => note(
                    "unordered",
                    tr!(
                        lang,
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
                    tr!(
                        lang,
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
                    tr!(
                        lang,
                        "{} 没有证券代码列：证券按名称区分，请按名称选择",
                        "{} has no security code column: securities are told apart by name; select by name",
                        name
                    ),
                );
            }
            if fs.report.malformed > 0 {
                note(
                    "malformed-text",
                    tr!(
                        lang,
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
                    tr!(
                        lang,
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
            Option<Box<str>>,
            Option<Class>,
            Option<Decimal>,
            Option<Decimal>,
            Option<Decimal>,
            Option<TimeOfDay>,
        );
        let key = |r: &Rec| -> Key {
            match &r.id {
                Some(id) => {
                    (r.account, r.date, r.code, Some(id.clone()), None, None, None, None, None)
                }
                None => {
                    (r.account, r.date, r.code, None, r.class, r.qty, r.price, r.balance, r.time)
                }
            }
        };
        let mut seen: HashMap<Key, Vec<(u32, u32)>> = HashMap::new();
        let mut dup_count: HashMap<(u32, u32), u32> = HashMap::new();
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
                            Outcome::Ignored(Reason::Duplicate { file: name, row: line });
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
            let message = tr!(
                self.lang,
                "{} 与 {} 有 {} 行重复（同一账户的重叠导出），只计一次",
                "{} repeats {} rows of {} (overlapping exports of one account): each counted once",
                a,
                n,
                b
            );
            let message = if self.lang == Lang::Zh { message } else { message };
            self.notes.push(Note {
                code: "duplicates",
                file: Some(later),
                row: None,
                security: None,
                account: None,
                shares: Some(i64::from(n)),
                message,
            });
        }
    }

    /// Indices of the rows in chronological order: by date, then file and the file's
    /// order (`rule = false`, what balance columns reflect), or by date, credits first,
    /// time, file and order (`rule = true`, §7.2).
    fn order_by(&self, rule: bool) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..self.recs.len()).collect();
        if rule {
            idx.sort_by_key(|&i| {
                let r = &self.recs[i];
                let credit = r.class.is_some_and(is_credit);
                let time = if is_fill(r.class) { r.time.map_or(0, |t| t.0) } else { 0 };
                (r.date, !credit, time, r.file, r.seq)
            });
        } else {
            idx.sort_by_key(|&i| {
                let r = &self.recs[i];
                (r.date, r.file, r.seq)
            });
        }
        idx
    }

    /// Balance columns and positions, per account and code. Returns the inferred openings.
    fn reconcile(&mut self, by_file: &[usize], by_rule: &[usize]) -> HashMap<(u32, u32), Decimal> {
        let lang = self.lang;
        let mut openings: HashMap<(u32, u32), Decimal> = HashMap::new();
        // Pass 1, in file order: what the balance columns say.
        let mut state: HashMap<(u32, u32), (Decimal, Option<(u32, u32)>)> = HashMap::new();
        for &i in by_file {
            let r = &self.recs[i];
            if r.code == EMPTY && r.name == EMPTY
                || matches!(r.outcome, Outcome::Ignored(Reason::Duplicate { .. }))
            {
                continue;
            }
            let d = delta(r);
            let key = (r.account, r.code);
            let (balance, class, file, line) = (r.balance, r.class, r.file, r.line);
            let st = state.entry(key).or_insert((Decimal::ZERO, None));
            if let Some(b) = balance
                && (!d.is_zero() || b > Decimal::ZERO)
                && class.is_some_and(|c| c != Class::Void)
            {
                let expected = b - d;
                let diff = expected - st.0;
                match st.1 {
                    None if diff > Decimal::ZERO => {
                        openings.insert(key, diff);
                    }
                    _ if !diff.is_zero() => {
                        self.recs[i].gap = diff;
                    }
                    _ => {}
                }
                st.0 = expected;
                st.1 = Some((file, line));
            }
            st.0 += d;
        }
        // Notes for openings and gaps.
        let mut last_obs: HashMap<(u32, u32), (u32, u32)> = HashMap::new();
        for &i in by_file {
            let r = &self.recs[i];
            let key = (r.account, r.code);
            let (code, name, account) = (
                self.strings.get(r.code).to_owned(),
                self.strings.get(r.name).to_owned(),
                label_of(self.strings.get(r.account)),
            );
            let sec = if code.is_empty() { name.clone() } else { code.clone() };
            if !last_obs.contains_key(&key)
                && let Some(&o) = openings.get(&key)
                && r.balance.is_some()
            {
                self.notes.push(Note {
                    code: "opening-inferred",
                    file: Some(r.file),
                    row: Some(r.line),
                    security: Some(sec.clone()),
                    account: Some(account.clone()),
                    shares: Some(to_i64(o)),
                    message: tr!(lang, "{} {}：余额列显示第一条记录之前已持有 {} 股（记录开始前的持仓，或未导出的转入、配股、新股入账）；按期初持仓计", "{} {}: the balance column shows {} shares held before the first row (held before the history, or a transfer, rights or new-share credit not exported); counted as the opening position", sec, name, crate::format::shares(o)),
                });
            }
            if !r.gap.is_zero() {
                let from = last_obs.get(&key).map(|&(_, l)| l);
                let g = r.gap;
                let message = match (g > Decimal::ZERO, from) {
                    (true, Some(f)) => tr!(
                        lang,
                        "{} {}：第 {} 行与第 {} 行之间余额多出 {} 股，没有记录说明来源（缺少转入、红股、配股或新股入账记录？）",
                        "{} {}: between rows {} and {} the balance grows by {} shares that no row explains (a missing transfer, bonus, rights or new-share credit?)",
                        sec,
                        name,
                        f,
                        r.line,
                        crate::format::shares(g)
                    ),
                    (true, None) => tr!(
                        lang,
                        "{} {}：第 {} 行之前余额多出 {} 股，没有记录说明来源",
                        "{} {}: before row {} the balance grows by {} shares that no row explains",
                        sec,
                        name,
                        r.line,
                        crate::format::shares(g)
                    ),
                    (false, Some(f)) => tr!(
                        lang,
                        "{} {}：第 {} 行与第 {} 行之间余额少了 {} 股，没有记录说明去向（缺少卖出或转出记录？）",
                        "{} {}: between rows {} and {} the balance drops by {} shares that no row explains (a missing sell or transfer out?)",
                        sec,
                        name,
                        f,
                        r.line,
                        crate::format::shares(-g)
                    ),
                    (false, None) => tr!(
                        lang,
                        "{} {}：第 {} 行之前余额少了 {} 股，没有记录说明去向",
                        "{} {}: before row {} the balance drops by {} shares that no row explains",
                        sec,
                        name,
                        r.line,
                        crate::format::shares(-g)
                    ),
                };
                self.notes.push(Note {
                    code: "balance-gap",
                    file: Some(r.file),
                    row: Some(r.line),
                    security: Some(sec.clone()),
                    account: Some(account.clone()),
                    shares: Some(to_i64(g)),
                    message,
                });
            }
            if r.balance.is_some() {
                last_obs.insert(key, (r.file, r.line));
            }
        }
        // Pass 2, in the order of §7.2: positions, and shares of unknown origin.
        // Per account and code: position, and the day and position at its start.
        let mut pos: HashMap<(u32, u32), (Decimal, Date, Decimal)> = HashMap::new();
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
            let mut unknown = Decimal::ZERO;
            if *p < Decimal::ZERO {
                unknown = -*p;
                *p = Decimal::ZERO;
            }
            let r = &mut self.recs[i];
            r.day_start = day_start;
            r.unknown = unknown;
        }
        for &i in by_rule {
            let r = &self.recs[i];
            if r.unknown.is_zero() {
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
                shares: Some(to_i64(r.unknown)),
                message: tr!(lang, "{} {}：这笔卖出比已知持仓多 {} 股，这些股份来源不明（记录开始前的持仓，或本文件未包含的转入、配股、新股入账）；计算时作为期初持仓", "{} {}: this sell exceeds the known position by {} shares of unknown origin (held before the history, or a transfer, rights or new-share credit this file lacks); the calculation counts them as opening position", sec, name, crate::format::shares(r.unknown)),
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
        let mut paired: HashMap<usize, usize> = HashMap::new();
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
        let text = self.strings.get(r.business).to_owned();
        let Some(class) = r.class else {
            return if r.qty.is_some_and(|q| !q.is_zero()) {
                Outcome::Rejected(Reason::UnknownBusiness { text }, Some(Field::Business))
            } else {
                Outcome::Ignored(Reason::UnknownBusiness { text })
            };
        };
        let qty_abs = r.qty.map(|q| q.abs()).unwrap_or_default();
        let whole = |q: Decimal| -> Result<u64, Outcome> {
            if !q.fract().is_zero() {
                return Err(Outcome::Rejected(
                    Reason::FractionalQuantity { text: q.normalize().to_string() },
                    Some(Field::Quantity),
                ));
            }
            u64::try_from(q).map_err(|_| {
                Outcome::Rejected(Reason::BadNumber { text: q.to_string() }, Some(Field::Quantity))
            })
        };
        let bad_qty = || {
            r.bad.filter(|b| b.0 == Field::Quantity).map(|_| {
                Outcome::Rejected(Reason::BadNumber { text: String::new() }, Some(Field::Quantity))
            })
        };
        let share_change = |kind: Kind| -> Outcome {
            if let Some(o) = bad_qty() {
                return o;
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
                if r.bad.is_some_and(|b| b.0 == Field::Price) && derived.is_none() {
                    return Outcome::Rejected(
                        Reason::BadNumber { text: String::new() },
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
                    .map(|h| (h, "remark"))
                    .or_else(|| positive(Some(r.day_start)).map(|h| (h, "history")))
                    .or_else(|| positive(r.balance).map(|h| (h, "balance")));
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
                        cash: cash.normalize().to_string(),
                        holding: holding.normalize().to_string(),
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
                Outcome::Rejected(Reason::Unsupported { text }, Some(Field::Business))
            }
        }
    }

    fn build(
        mut self,
        options: &Options,
        by_rule: &[usize],
        openings: HashMap<(u32, u32), Decimal>,
    ) -> Import {
        let lang = self.lang;
        let mut trades = Vec::new();
        #[derive(Default)]
        struct Sec {
            names: HashMap<u32, u32>,
            rows: u32,
            trades: u32,
            position: HashMap<u32, Decimal>,
            opening: Decimal,
            unknown: Decimal,
        }
        let mut secs: HashMap<(u32, u32), Sec> = HashMap::new();
        let sec_key = |r: &Rec| if r.code == EMPTY { (EMPTY, r.name) } else { (r.code, EMPTY) };
        for &i in by_rule {
            let r = &self.recs[i];
            if r.code != EMPTY || r.name != EMPTY {
                let s = secs.entry(sec_key(r)).or_default();
                s.rows += 1;
                *s.names.entry(r.name).or_insert(0) += 1;
                if !matches!(r.outcome, Outcome::Ignored(Reason::Duplicate { .. })) {
                    let p = s.position.entry(r.account).or_insert_with(|| {
                        openings.get(&(r.account, r.code)).copied().unwrap_or_default()
                    });
                    *p += r.gap + delta(r);
                    if *p < Decimal::ZERO {
                        *p = Decimal::ZERO;
                    }
                    s.unknown += r.unknown + r.gap.max(Decimal::ZERO);
                }
            }
            if let Outcome::Used { kind, qty, price, .. } = &r.outcome {
                let time = if is_fill(r.class) { r.time } else { None };
                trades.push(CodedTrade {
                    code: self.strings.get(r.code).to_owned(),
                    name: self.strings.get(r.name).to_owned(),
                    trade: Trade {
                        date: r.date,
                        time,
                        account: label_of(self.strings.get(r.account)),
                        kind: *kind,
                        quantity: *qty,
                        price: price.map(|p| Price(p.normalize())),
                        origin: Origin { file: r.file, row: r.line },
                    },
                });
                if let Some(s) = secs.get_mut(&sec_key(r)) {
                    s.trades += 1;
                }
            }
        }
        let mut opening_list: Vec<Opening> = Vec::new();
        let mut opening_keys: Vec<_> = openings.iter().collect();
        opening_keys.sort_by_key(|((a, c), _)| {
            (self.strings.get(*c).to_owned(), self.strings.get(*a).to_owned())
        });
        for (&(account, code), &shares) in opening_keys {
            let key = if code == EMPTY { None } else { Some((code, EMPTY)) };
            let name = key
                .and_then(|k| secs.get(&k))
                .and_then(|s| {
                    s.names
                        .iter()
                        .max_by_key(|(id, n)| (**n, std::cmp::Reverse(**id)))
                        .map(|(id, _)| *id)
                })
                .map_or("", |id| self.strings.get(id))
                .to_owned();
            if let Some(k) = key
                && let Some(s) = secs.get_mut(&k)
            {
                s.opening += shares;
            }
            opening_list.push(Opening {
                account: label_of(self.strings.get(account)),
                code: self.strings.get(code).to_owned(),
                name,
                shares: u64::try_from(shares.trunc()).unwrap_or(0),
            });
        }
        let mut securities: Vec<SecuritySummary> = secs
            .iter()
            .map(|(&(code, name), s)| {
                let best = s
                    .names
                    .iter()
                    .filter(|(id, _)| **id != EMPTY)
                    .max_by_key(|(id, n)| (**n, std::cmp::Reverse(**id)))
                    .map_or(name, |(id, _)| *id);
                let code = self.strings.get(code).to_owned();
                SecuritySummary {
                    equity: is_equity(&code),
                    code,
                    name: self.strings.get(best).to_owned(),
                    rows: s.rows,
                    trades: s.trades,
                    position: s.position.values().map(|d| to_i64(*d)).sum(),
                    opening: u64::try_from(s.opening.trunc()).unwrap_or(0),
                    unknown_origin: u64::try_from(s.unknown.trunc()).unwrap_or(0),
                }
            })
            .collect();
        securities.sort_by(|a, b| (&a.code, &a.name).cmp(&(&b.code, &b.name)));

        // Row reports for data rows.
        let recs = std::mem::take(&mut self.recs);
        for r in &recs {
            let (status, reason, column, kind, quantity, price) = match &r.outcome {
                Outcome::Used { kind, qty, price, note } => {
                    (Status::Used, note.clone(), None, Some(*kind), Some(*qty), price.map(Price))
                }
                Outcome::Ignored(reason) => {
                    (Status::Ignored, Some(reason.clone()), None, None, None, None)
                }
                Outcome::Rejected(reason, field) => {
                    (Status::Rejected, Some(reason.clone()), *field, None, None, None)
                }
                Outcome::Pending => (
                    Status::Rejected,
                    Some(Reason::UnknownBusiness { text: String::new() }),
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
            self.rows.push(RowReport {
                file: r.file,
                row: r.line,
                status,
                reason: reason.as_ref().map(Reason::code),
                column,
                message: reason.as_ref().map(|x| x.message(lang)),
                date: Some(r.date),
                code: (!code.is_empty()).then(|| code.to_owned()),
                business: (!business.is_empty()).then(|| business.to_owned()),
                kind,
                quantity,
                price,
            });
        }
        self.rows.sort_by_key(|r| (r.file, r.row));
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
fn delta(r: &Rec) -> Decimal {
    let q = r.qty.map(|q| q.abs()).unwrap_or_default();
    match r.class {
        Some(
            Class::Buy | Class::Bonus | Class::TransferIn | Class::RightsCredit | Class::IpoCredit,
        ) => q,
        Some(Class::Sell | Class::TransferOut) => -q,
        Some(Class::SignedTrade) => r.qty.unwrap_or_default(),
        _ => Decimal::ZERO,
    }
}

fn positive(d: Option<Decimal>) -> Option<Decimal> {
    d.filter(|d| *d > Decimal::ZERO)
}

fn to_i64(d: Decimal) -> i64 {
    i64::try_from(d.trunc()).unwrap_or(0)
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
