//! One investor's inputs, read together the one way every front end reads them: the
//! command line's `estimate` and `import`, the web page's worker and the JS package.
//!
//! Two steps, no I/O:
//!
//! 1. [`read`] depends on the inputs only, so a front end may keep its result while the
//!    user changes the case or fixes rows. Each input is decoded (byte-order mark, UTF-16
//!    without one, strict UTF-8, else GB18030 by the decoder the caller passes) and told
//!    apart by one rule: a first row that is a canonical header
//!    ([`canonical::is_header`]) makes the canonical trade file, read row by row; every
//!    other input is a broker export, and all of them are imported **together**
//!    ([`import::import_readable`]): overlapping exports of one account de-duplicated by
//!    trade number, opening positions inferred from balance columns, notes about files
//!    and accounts. An input that cannot be read at all keeps its error; the others are
//!    read.
//! 2. [`Inputs::select`] applies what the case and the user decide: the case's security
//!    (and former codes), the user's fixes and added rows, and whether identical trades
//!    in two inputs are one account exported twice (unanswered: counted once). It
//!    accounts for every row (used, ignored or rejected, with a typed [`Why`]) and
//!    returns the trades, the inferred opening position and the overlaps to ask about.
//!
//! Rows are numbered as a text editor numbers lines (or as a spreadsheet numbers rows).
//! Nothing is rendered into a sentence until a front end asks in its language
//! ([`Entry::message`]), so a page that switches language never reads its inputs again.

use std::collections::HashMap;

use crate::canonical::{self, RowCells, RowOutcome};
use crate::error::{Error, ErrorKind, Location};
use crate::import::{self, Content, InputFile, Note, Reason, Status, overlap};
use crate::lang::Lang;
use crate::text::Encoding;
use crate::trade::{Origin, Trade};

/// A GB18030 decoder: the text and the number of malformed sequences.
pub type Gb18030<'a> = &'a dyn Fn(&[u8]) -> (String, usize);

/// Every input of one investor as read.
#[derive(Clone, Debug, Default)]
pub struct Inputs {
    /// The inputs, in the order given.
    pub inputs: Vec<InputRead>,
    /// The import of the broker exports, together, as the importer reported it (files,
    /// rows, notes and trades by input index): `redress import --json` and the JS
    /// package's `importTrades` print it.
    pub import: Option<import::Import>,
    /// Each used broker row's security code and name, by (input, row).
    securities: HashMap<(u32, u32), (String, String)>,
}

/// What an input was read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The canonical trade file (interfaces.md).
    Canonical,
    /// A broker export, in this container.
    Broker(import::Container),
    /// Nothing could be read.
    Unreadable,
}

/// One input as read.
#[derive(Clone, Debug)]
pub struct InputRead {
    /// Its name, as the user knows it.
    pub name: String,
    /// Canonical, a broker export's container, or unreadable.
    pub format: Format,
    /// The encoding its bytes were decoded from (`None` for text handed over decoded).
    pub encoding: Option<Encoding>,
    /// The account label of its rows that name none: a canonical file's name without its
    /// extension, a broker export's holder or fund account when it shows one.
    pub account: String,
    /// Every non-blank row, in the input's order.
    pub rows: Vec<Row>,
    /// Why it (or the rest of it) could not be read.
    pub error: Option<Error>,
    /// Its bytes may not be in the encoding they were read as (undecodable sequences or
    /// zero bytes): said when nothing could be read.
    pub doubtful_encoding: bool,
}

/// One row of an input and what the reading made of it.
#[derive(Clone, Debug)]
pub struct Row {
    /// 1-based line (or sheet row).
    pub row: u32,
    /// The row as canonical cells (a used row's trade; otherwise what was read).
    pub cells: RowCells,
    /// The security code of a broker export's row, when the file has a code column.
    pub code: Option<String>,
    /// Used, ignored or rejected.
    pub outcome: Outcome,
}

/// What became of a row.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// It became this trade (its origin file is the input's index).
    Used(Trade),
    /// Not a trade row, and why.
    Ignored(Why),
    /// Unusable, and why.
    Rejected(Why),
}

/// Why a row was not used (or was used as something else), typed.
#[derive(Clone, Debug)]
pub enum Why {
    /// The canonical file's header.
    Header,
    /// The broker importer's reason, with the column at fault.
    Import(Reason, Option<String>),
    /// A canonical row's error (it names the row and column).
    Error(Box<Error>),
    /// Left out by the user.
    Excluded,
    /// A trade of another security than the case's.
    OtherSecurity(String),
    /// The same trade as a row of an earlier input, which the user says (or, unanswered,
    /// is taken to be) the same account exported twice: counted once.
    CountedOnce {
        /// The earlier input.
        input: u32,
        /// Its row.
        row: u32,
    },
}

impl Why {
    /// A stable code (the import report's `reason`).
    pub fn code(&self) -> &'static str {
        match self {
            Why::Header => "header",
            Why::Import(r, _) => r.code(),
            Why::Error(e) => e.code(),
            Why::Excluded => "excluded",
            Why::OtherSecurity(_) => "other-security",
            Why::CountedOnce { .. } => "counted-once",
        }
    }

    /// The column at fault, when there is one.
    pub fn column(&self) -> Option<&str> {
        match self {
            Why::Import(_, c) => c.as_deref(),
            Why::Error(e) => e.at.as_ref().and_then(|a| a.column.as_deref()),
            _ => None,
        }
    }
}

/// Reads every input of one investor (step 1). `gb18030` decodes text that is neither
/// UTF-8 nor UTF-16.
pub fn read(files: &[InputFile<'_>], gb18030: Gb18030<'_>) -> Inputs {
    let mut out = Inputs::default();
    // Broker exports, by their position among the inputs.
    let mut broker: Vec<u32> = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let index = u32::try_from(i).unwrap_or(u32::MAX);
        let (decoded, encoding, malformed) = match f.content {
            Content::Bytes(b) if import::sniff(b) == import::Sniffed::Text => {
                let d = import::decode_text(b, gb18030);
                (Decoded::Text(d.text), Some(d.encoding), d.malformed)
            }
            Content::Text(t) => (Decoded::Text(t.to_owned()), None, 0),
            Content::Bytes(_) | Content::Sheet(_) | Content::Failed(_) => (Decoded::Other, None, 0),
        };
        let doubtful = malformed > 0 || matches!(&decoded, Decoded::Text(t) if t.contains('\0'));
        match decoded {
            Decoded::Text(text) if canonical::looks_canonical(&text) => {
                let account = account_label(f.name);
                let read = canonical::read_rows(&text, f.name, &account);
                let rows = read
                    .rows
                    .into_iter()
                    .map(|r| Row {
                        row: r.row,
                        cells: r.cells,
                        code: None,
                        outcome: match r.outcome {
                            RowOutcome::Header => Outcome::Ignored(Why::Header),
                            RowOutcome::Trade(mut t) => {
                                t.origin.file = index;
                                Outcome::Used(t)
                            }
                            RowOutcome::Rejected(e) => Outcome::Rejected(Why::Error(Box::new(e))),
                        },
                    })
                    .collect();
                out.inputs.push(InputRead {
                    name: f.name.to_owned(),
                    format: Format::Canonical,
                    encoding,
                    account,
                    rows,
                    error: read.error,
                    doubtful_encoding: doubtful,
                });
            }
            decoded => {
                out.inputs.push(InputRead {
                    name: f.name.to_owned(),
                    format: Format::Unreadable,
                    encoding,
                    account: f.name.to_owned(),
                    rows: Vec::new(),
                    error: None,
                    doubtful_encoding: doubtful,
                });
                drop(decoded);
                broker.push(index);
            }
        }
    }
    if !broker.is_empty() {
        out.import_brokers(files, &broker, gb18030);
    }
    out
}

/// An input's content once decoded: text, or a workbook or PDF.
enum Decoded {
    Text(String),
    Other,
}

impl Inputs {
    /// Imports the broker exports together and fills their inputs.
    fn import_brokers(&mut self, files: &[InputFile<'_>], broker: &[u32], gb18030: Gb18030<'_>) {
        // The importer decodes again what it is handed as bytes (the canonical test above
        // only needed the text): its notes then say what it found in the bytes.
        let handed: Vec<InputFile<'_>> = broker.iter().map(|i| files[*i as usize]).collect();
        let options = import::Options { lang: Lang::Zh, select: Vec::new() };
        let (mut imported, placed) = import::import_readable(&handed, &options, gb18030);
        // The import's file index → the input's index.
        let mut input_of: Vec<u32> = Vec::new();
        for (input, placed) in broker.iter().zip(placed) {
            match placed {
                Ok(_) => input_of.push(*input),
                Err(e) => self.inputs[*input as usize].error = Some(e),
            }
        }
        let map = |f: u32| input_of.get(f as usize).copied().unwrap_or(f);
        for f in &mut imported.report.files {
            f.index = map(f.index);
            let read = &mut self.inputs[f.index as usize];
            read.format = Format::Broker(f.container);
            read.account.clone_from(&f.account);
        }
        for r in &mut imported.report.rows {
            r.file = map(r.file);
        }
        for n in &mut imported.report.notes {
            n.file = n.file.map(map);
        }
        let mut trades: HashMap<(u32, u32), &Trade> = HashMap::new();
        for t in &mut imported.trades {
            t.trade.origin.file = map(t.trade.origin.file);
        }
        for t in &imported.trades {
            let key = (t.trade.origin.file, t.trade.origin.row);
            self.securities.insert(key, (t.code.clone(), t.name.clone()));
            trades.entry(key).or_insert(&t.trade);
        }
        for r in &imported.report.rows {
            let read = &mut self.inputs[r.file as usize];
            let trade = trades.get(&(r.file, r.row)).filter(|_| r.status == Status::Used);
            let cells = match (trade, &r.cells) {
                (Some(t), _) => RowCells::of(t),
                (None, Some(raw)) => RowCells {
                    date: raw.date.clone(),
                    time: raw.time.clone(),
                    account: read.account.clone(),
                    kind: raw.business.clone(),
                    quantity: raw.quantity.clone(),
                    price: raw.price.clone(),
                },
                (None, None) => RowCells {
                    date: r.date.map(|d| d.to_string()).unwrap_or_default(),
                    time: String::new(),
                    account: read.account.clone(),
                    kind: r.business.clone().unwrap_or_default(),
                    quantity: r.quantity.map(|q| q.to_string()).unwrap_or_default(),
                    price: r.price.map(|p| p.0.to_string()).unwrap_or_default(),
                },
            };
            let why = || Why::Import(r.why.clone().unwrap_or(Reason::NotData), r.column.clone());
            let outcome = match (r.status, trade) {
                (Status::Used, Some(t)) => Outcome::Used((*t).clone()),
                (Status::Rejected, _) => Outcome::Rejected(why()),
                _ => Outcome::Ignored(why()),
            };
            read.rows.push(Row { row: r.row, cells, code: r.code.clone(), outcome });
        }
        self.import = Some(imported);
    }

    /// The importer's notes (files by input index).
    pub fn notes(&self) -> &[Note] {
        self.import.as_ref().map_or(&[], |i| &i.report.notes)
    }

    /// The inputs' names, indexed by a trade's `origin.file`.
    pub fn names(&self) -> Vec<String> {
        self.inputs.iter().map(|i| i.name.clone()).collect()
    }

    /// Applies the case's security and the user's decisions (step 2).
    pub fn select(&self, s: &Selection<'_>) -> Investor {
        let wanted = |code: &str, name: &str| {
            s.securities.is_empty() || import::Import::wanted(s.securities, code, name)
        };
        let mut out = Investor::default();
        for (i, input) in self.inputs.iter().enumerate() {
            let file = u32::try_from(i).unwrap_or(u32::MAX);
            let mut counts = Counts::default();
            for (j, row) in input.rows.iter().enumerate() {
                let key = (file, row.row);
                let (outcome, cells, edited) = match s.edits.get(&key) {
                    Some(Edit::Exclude) => (Outcome::Ignored(Why::Excluded), None, true),
                    Some(Edit::Replace(c)) => {
                        let origin = Origin { file, row: row.row };
                        let outcome = match c.parse(&input.name, origin, &input.account) {
                            Ok(t) => Outcome::Used(t),
                            Err(e) => Outcome::Rejected(Why::Error(Box::new(e))),
                        };
                        (outcome, Some(c.clone()), true)
                    }
                    None => {
                        let security = self.securities.get(&key);
                        let other = match (&row.outcome, security, &row.code) {
                            (Outcome::Used(_), Some((code, name)), _) => {
                                (!wanted(code, name)).then(|| pick_code(code, name))
                            }
                            (Outcome::Rejected(_), _, Some(code)) => {
                                (!wanted(code, "")).then(|| code.clone())
                            }
                            _ => None,
                        };
                        match other {
                            // A row of another security is not this case's, used or not: a
                            // rejection there would ask the user to fix a row that does not
                            // count.
                            Some(code) => {
                                if !out.others.contains(&code) {
                                    out.others.push(code.clone());
                                }
                                (Outcome::Ignored(Why::OtherSecurity(code)), None, false)
                            }
                            None => (row.outcome.clone(), None, false),
                        }
                    }
                };
                out.push(file, j, row.row, outcome, cells, edited, &mut counts);
            }
            out.counts.push(counts);
        }
        let inputs = self.inputs.len();
        if !s.added.is_empty() {
            let file = u32::try_from(inputs).unwrap_or(u32::MAX);
            let mut counts = Counts::default();
            for (j, c) in s.added.iter().enumerate() {
                let row = u32::try_from(j + 1).unwrap_or(u32::MAX);
                let outcome = match c.parse(s.added_name, Origin { file, row }, s.added_name) {
                    Ok(t) => Outcome::Used(t),
                    Err(e) => Outcome::Rejected(Why::Error(Box::new(e))),
                };
                out.push(file, j, row, outcome, Some(c.clone()), true, &mut counts);
            }
            out.counts.push(counts);
        }
        out.count_once(inputs, s.same_account);
        out.opening = self
            .import
            .iter()
            .flat_map(|i| &i.openings)
            .filter(|o| wanted(&o.code, &o.name))
            .map(|o| o.shares)
            .fold(0u64, u64::saturating_add);
        out.notes = self
            .notes()
            .iter()
            .enumerate()
            .filter(|(_, n)| n.security.as_ref().is_none_or(|c| wanted(c, c)))
            .map(|(i, _)| i)
            .collect();
        out
    }

    /// The cells of an entry as the row editor shows them.
    pub fn cells<'a>(&'a self, e: &'a Entry, added: &'a [RowCells]) -> &'a RowCells {
        if let Some(c) = &e.cells {
            return c;
        }
        match self.inputs.get(e.input as usize) {
            Some(input) => &input.rows[e.index].cells,
            None => &added[e.index],
        }
    }
}

/// A security as the user knows it: its code, or its name when the file has no codes.
fn pick_code(code: &str, name: &str) -> String {
    if code.is_empty() { name.to_owned() } else { code.to_owned() }
}

/// The account label of a canonical file's rows that name none: its name without the
/// extension (`a.csv` → `a`).
pub fn account_label(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !ext.contains([' ', '/', '\\']) => stem.to_owned(),
        _ => name.to_owned(),
    }
}

/// What the case and the user decide.
pub struct Selection<'a> {
    /// The case's security and former codes (or names, for files without codes); empty:
    /// every security's rows count.
    pub securities: &'a [String],
    /// Fixes by hand, by (input index, row).
    pub edits: &'a HashMap<(u32, u32), Edit>,
    /// Rows added by hand (the pseudo-input after the last input).
    pub added: &'a [RowCells],
    /// The name of the rows added by hand, for messages.
    pub added_name: &'a str,
    /// Whether two inputs (earlier, later) are one account exported twice, when the user
    /// said; unanswered pairs are taken to be.
    pub same_account: &'a dyn Fn(u32, u32) -> Option<bool>,
}

/// A fix by hand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Leave the row out.
    Exclude,
    /// Use these cells instead of the input's.
    Replace(RowCells),
}

/// Rows of one input by outcome.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Became trades.
    pub used: u32,
    /// Ignored, each with its reason.
    pub ignored: u32,
    /// Rejected, each with its reason.
    pub rejected: u32,
    /// Fixed, left out or added by hand.
    pub edited: u32,
}

/// The inputs as the case and the user select them.
#[derive(Clone, Debug, Default)]
pub struct Investor {
    /// Every row of every input, then the rows added by hand.
    pub entries: Vec<Entry>,
    /// The trades of the used rows (origin file: the input's index; rows added by hand:
    /// the number of inputs), in the inputs' order.
    pub trades: Vec<Trade>,
    /// Row counts per input (then the rows added by hand, when there are any).
    pub counts: Vec<Counts>,
    /// The opening position of the selected security inferred from balance columns.
    pub opening: u64,
    /// Pairs of inputs that share identical trades, with the answer applied.
    pub overlaps: Vec<Asked>,
    /// The securities of rows left out as another security's, in order of first sight.
    pub others: Vec<String>,
    /// The import's notes that concern the selection, by index into [`Inputs::notes`].
    pub notes: Vec<usize>,
}

/// A pair of inputs that share identical trades.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asked {
    /// The pair and what they share.
    pub overlap: overlap::Overlap,
    /// Whether they are taken to be one account exported twice (their shared trades
    /// counted once).
    pub same: bool,
    /// Whether the user said so (else the default, once).
    pub answered: bool,
}

/// One row as selected.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The input (the number of inputs for a row added by hand).
    pub input: u32,
    /// Its position among the input's rows (or among the added rows).
    pub index: usize,
    /// 1-based line.
    pub row: u32,
    /// Used, ignored or rejected.
    pub status: Status,
    /// Why, for a row not plainly used.
    pub why: Option<Why>,
    /// Fixed, left out or added by hand.
    pub edited: bool,
    /// The cells, when the user's (a fix or an added row).
    pub cells: Option<RowCells>,
}

impl Entry {
    /// Why, in `lang`: a rejected row's message names the input, row and column.
    pub fn message(&self, inputs: &Inputs, added_name: &str, lang: Lang) -> Option<String> {
        let why = self.why.as_ref()?;
        let name = |i: u32| inputs.inputs.get(i as usize).map_or(added_name, |r| r.name.as_str());
        Some(match why {
            Why::Header => lang.pick("表头", "the header row").to_owned(),
            Why::Import(reason, column) => {
                let text = reason.message(lang);
                if self.status == Status::Rejected {
                    let at = Location {
                        file: name(self.input).to_owned(),
                        row: Some(self.row),
                        column: column.clone(),
                        field: None,
                    };
                    at.describe(lang, &text)
                } else {
                    text
                }
            }
            Why::Error(e) => e.message(lang),
            Why::Excluded => lang.pick("已由您排除", "left out by you").to_owned(),
            Why::OtherSecurity(code) => {
                crate::tr!(lang, "其他证券（{}）", "another security ({})", code)
            }
            Why::CountedOnce { input, row } => crate::tr!(
                lang,
                "与 {} 第 {} 行相同（同一账户导出两次），只计一次",
                "the same as {}, row {} (one account exported twice): counted once",
                name(*input),
                row
            ),
        })
    }
}

impl Investor {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        input: u32,
        index: usize,
        row: u32,
        outcome: Outcome,
        cells: Option<RowCells>,
        edited: bool,
        counts: &mut Counts,
    ) {
        let (status, why) = match outcome {
            Outcome::Used(mut t) => {
                t.origin = Origin { file: input, row };
                self.trades.push(t);
                counts.used += 1;
                (Status::Used, None)
            }
            Outcome::Ignored(w) => {
                counts.ignored += 1;
                (Status::Ignored, Some(w))
            }
            Outcome::Rejected(w) => {
                counts.rejected += 1;
                (Status::Rejected, Some(w))
            }
        };
        counts.edited += u32::from(edited);
        self.entries.push(Entry { input, index, row, status, why, edited, cells });
    }

    /// Finds the inputs that share identical trades and counts once those the user says
    /// (or, unanswered, are taken to be) one account exported twice: their later copies
    /// become ignored rows that name the row they repeat. Rows added by hand are never
    /// compared.
    fn count_once(&mut self, inputs: usize, answer: &dyn Fn(u32, u32) -> Option<bool>) {
        let shared =
            overlap::overlaps(self.trades.iter().filter(|t| (t.origin.file as usize) < inputs));
        if shared.is_empty() {
            return;
        }
        let removed = overlap::drop_copies(&mut self.trades, |a, b| {
            (b as usize) < inputs && answer(a, b).unwrap_or(true)
        });
        for (origin, copy_of) in removed {
            let Some(e) = self.entries.iter_mut().find(|e| {
                e.input == origin.file && e.row == origin.row && e.status == Status::Used
            }) else {
                continue;
            };
            e.status = Status::Ignored;
            e.why = Some(Why::CountedOnce { input: copy_of.file, row: copy_of.row });
            if let Some(c) = self.counts.get_mut(origin.file as usize) {
                c.used -= 1;
                c.ignored += 1;
            }
        }
        self.overlaps = shared
            .into_iter()
            .map(|o| {
                let said = answer(o.earlier, o.later);
                Asked { same: said.unwrap_or(true), answered: said.is_some(), overlap: o }
            })
            .collect();
    }

    /// The first rejected row, as an error naming its input, row and column (for a front
    /// end that computes only from clean inputs: the command line, the JS package).
    pub fn first_rejection(&self, inputs: &Inputs, added_name: &str) -> Option<Error> {
        let e = self.entries.iter().find(|e| e.status == Status::Rejected)?;
        match e.why.as_ref()? {
            Why::Error(error) => Some((**error).clone()),
            why => {
                let name =
                    inputs.inputs.get(e.input as usize).map_or(added_name, |i| i.name.as_str());
                let kind = match why {
                    Why::Import(reason, _) => ErrorKind::Row(Box::new(reason.clone())),
                    _ => return None,
                };
                Some(Error::at(kind, name, Some(e.row), why.column()))
            }
        }
    }
}

impl Inputs {
    /// The first input that could not be read (or not all of it), as an error.
    pub fn first_error(&self) -> Option<&Error> {
        self.inputs.iter().find_map(|i| i.error.as_ref())
    }

    /// Whether any input could not be read at all.
    pub fn unreadable(&self) -> bool {
        self.inputs.iter().any(|i| i.format == Format::Unreadable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lossy(b: &[u8]) -> (String, usize) {
        (String::from_utf8_lossy(b).into_owned(), 0)
    }

    fn none(_: u32, _: u32) -> Option<bool> {
        None
    }

    fn select_all(inputs: &Inputs) -> Investor {
        let edits = HashMap::new();
        inputs.select(&Selection {
            securities: &[],
            edits: &edits,
            added: &[],
            added_name: "added",
            same_account: &none,
        })
    }

    #[test]
    fn one_rule_tells_the_canonical_file_from_a_broker_export() {
        assert!(canonical::is_header(["date", "kind", "quantity", "price", "备注"]));
        assert!(canonical::is_header(["Date", "Kind", "Price"]));
        assert!(!canonical::is_header(["成交日期", "证券代码", "买卖标志", "成交数量"]));
        assert!(!canonical::is_header(["Date", "Code", "Amount"]));
    }

    #[test]
    fn a_canonical_file_with_a_remark_column_is_read_as_canonical() {
        let text = "date,kind,quantity,price,备注\n2021-01-05,buy,100,10,首笔\n";
        let files = [InputFile { name: "a.csv", content: Content::Text(text) }];
        let read = read(&files, &lossy);
        assert_eq!(read.inputs[0].format, Format::Canonical);
        assert_eq!(read.inputs[0].account, "a");
        let inv = select_all(&read);
        assert_eq!(inv.trades.len(), 1);
        assert_eq!(inv.trades[0].origin, Origin { file: 0, row: 2 });
    }

    #[test]
    fn a_canonical_header_missing_a_column_says_which() {
        let text = "date,quantity,price\n2021-01-05,100,10\n";
        let files = [InputFile { name: "a.csv", content: Content::Text(text) }];
        let read = read(&files, &lossy);
        let e = read.inputs[0].error.as_ref().unwrap();
        assert_eq!(e.code(), "missing-column");
        assert!(e.message(Lang::En).contains("kind"), "{}", e.message(Lang::En));
    }

    #[test]
    fn rows_are_numbered_by_line_with_crlf_and_blank_lines() {
        let text =
            "date,kind,quantity,price\r\n\r\n2021-01-05,buy,100,10\r\n\r\n2021-01-06,xx,1,1\r\n";
        let files = [InputFile { name: "a.csv", content: Content::Text(text) }];
        let inv = select_all(&read(&files, &lossy));
        let rows: Vec<(u32, Status)> = inv.entries.iter().map(|e| (e.row, e.status)).collect();
        assert_eq!(rows, [(1, Status::Ignored), (3, Status::Used), (5, Status::Rejected)]);
    }

    #[test]
    fn an_unreadable_input_keeps_its_error_and_the_others_are_read() {
        let broker = "成交日期,证券代码,证券名称,买卖标志,成交数量,成交价格\n\
            20210105,600000,浦发银行,证券买入,100,10.00\n";
        let files = [
            InputFile { name: "a.pdf", content: Content::Bytes(b"%PDF-1.4 ...") },
            InputFile { name: "b.txt", content: Content::Text(broker) },
        ];
        let read = read(&files, &lossy);
        assert_eq!(read.inputs[0].error.as_ref().unwrap().code(), "pdf");
        assert_eq!(read.inputs[0].format, Format::Unreadable);
        assert_eq!(read.inputs[1].format, Format::Broker(import::Container::Delimited));
        let inv = select_all(&read);
        assert_eq!(inv.trades.len(), 1);
        assert_eq!(inv.trades[0].origin, Origin { file: 1, row: 2 });
    }

    #[test]
    fn the_same_account_exported_twice_is_counted_once_unless_the_user_says_otherwise() {
        let text = "date,kind,quantity,price\n2021-01-05,buy,100,10\n";
        let files = [
            InputFile { name: "a.csv", content: Content::Text(text) },
            InputFile { name: "b.csv", content: Content::Text(text) },
        ];
        let read = read(&files, &lossy);
        let inv = select_all(&read);
        assert_eq!(inv.trades.len(), 1);
        assert_eq!(inv.overlaps.len(), 1);
        assert!(inv.overlaps[0].same && !inv.overlaps[0].answered);
        let dropped = inv.entries.iter().find(|e| e.input == 1 && e.row == 2).unwrap();
        assert_eq!(dropped.status, Status::Ignored);
        assert_eq!(
            dropped.message(&read, "", Lang::En).unwrap(),
            "the same as a.csv, row 2 (one account exported twice): counted once"
        );
        let edits = HashMap::new();
        let two = |_: u32, _: u32| Some(false);
        let inv = read.select(&Selection {
            securities: &[],
            edits: &edits,
            added: &[],
            added_name: "",
            same_account: &two,
        });
        assert_eq!(inv.trades.len(), 2);
        assert!(inv.overlaps[0].answered && !inv.overlaps[0].same);
    }

    #[test]
    fn messages_are_rendered_in_either_language_from_one_reading() {
        let broker = "成交日期,证券代码,证券名称,买卖标志,成交数量,成交价格\n\
            20210105,600000,浦发银行,证券买入,100,10.00\n\
            20210106,600000,浦发银行,证券买入,abc,10.00\n";
        let files = [InputFile { name: "b.txt", content: Content::Text(broker) }];
        let read = read(&files, &lossy);
        let inv = select_all(&read);
        let bad = inv.entries.iter().find(|e| e.status == Status::Rejected).unwrap();
        let zh = bad.message(&read, "", Lang::Zh).unwrap();
        let en = bad.message(&read, "", Lang::En).unwrap();
        assert!(zh.starts_with("b.txt，第 3 行"), "{zh}");
        assert!(en.starts_with("b.txt, row 3"), "{en}");
    }

    #[test]
    fn rows_of_another_security_are_left_out_with_its_code() {
        let broker = "成交日期,证券代码,证券名称,买卖标志,成交数量,成交价格\n\
            20210105,600000,浦发银行,证券买入,100,10.00\n\
            20210106,000001,平安银行,证券买入,200,12.00\n";
        let files = [InputFile { name: "b.txt", content: Content::Text(broker) }];
        let read = read(&files, &lossy);
        let edits = HashMap::new();
        let inv = read.select(&Selection {
            securities: &["000001".to_owned()],
            edits: &edits,
            added: &[],
            added_name: "",
            same_account: &none,
        });
        assert_eq!(inv.trades.len(), 1);
        assert_eq!(inv.trades[0].quantity, 200);
        assert_eq!(inv.others, ["600000"]);
    }

    #[test]
    fn a_fix_by_hand_is_validated_like_a_canonical_row() {
        let text = "date,kind,quantity,price\n2021-01-05,buy,100,abc\n";
        let files = [InputFile { name: "a.csv", content: Content::Text(text) }];
        let read = read(&files, &lossy);
        assert_eq!(select_all(&read).trades.len(), 0);
        let fixed = RowCells {
            date: "2021-01-05".into(),
            kind: "buy".into(),
            quantity: "100".into(),
            price: "10".into(),
            ..RowCells::default()
        };
        let edits = HashMap::from([((0, 2), Edit::Replace(fixed))]);
        let inv = read.select(&Selection {
            securities: &[],
            edits: &edits,
            added: &[],
            added_name: "",
            same_account: &none,
        });
        assert_eq!(inv.trades.len(), 1);
        assert_eq!(inv.trades[0].account, "a");
        assert!(inv.entries[1].edited);
    }
}
