//! The canonical trade file (interfaces.md): `date,time,account,kind,quantity,price`.
//!
//! Reading is strict: every cell is checked and the first problem is an [`Error`] naming
//! the file, the line and the column. Writing produces exactly what reading accepts, so
//! that normalised broker exports round-trip.

use crate::date::Date;
use crate::error::{Error, ErrorKind};
use crate::import::grid;
use crate::money::{Price, parse_decimal};
use crate::trade::{Kind, Origin, TimeOfDay, Trade};

/// The header written by [`write_csv`].
pub const HEADER: &str = "date,time,account,kind,quantity,price";

/// The canonical columns, in the order of [`Cells`].
pub const COLUMNS: [&str; 6] = ["date", "time", "account", "kind", "quantity", "price"];

/// Reads a canonical trade file strictly: the first problem is an error. `name` is the
/// file name used in error messages and `file_index` goes into every row's [`Origin`].
/// Rows without an account get `default_account`. Rows are numbered as [`read_rows`]
/// numbers them.
pub fn read_csv(
    text: &str,
    name: &str,
    file_index: u32,
    default_account: &str,
) -> Result<Vec<Trade>, Error> {
    let read = read_rows(text, name, default_account);
    let mut trades = Vec::with_capacity(read.rows.len());
    for row in read.rows {
        match row.outcome {
            RowOutcome::Header => {}
            RowOutcome::Trade(mut t) => {
                t.origin.file = file_index;
                trades.push(t);
            }
            RowOutcome::Rejected(e) => return Err(e),
        }
    }
    match read.error {
        Some(e) => Err(e),
        None => Ok(trades),
    }
}

/// A canonical file read row by row: one bad row is reported and the others are used.
#[derive(Clone, Debug, Default)]
pub struct Read {
    /// Every non-blank row, the header first.
    pub rows: Vec<Row>,
    /// What made the rest of the file unreadable (a missing column, a broken quote, no
    /// header at all); the rows before it stay.
    pub error: Option<Error>,
}

/// One non-blank row of a canonical file.
#[derive(Clone, Debug)]
pub struct Row {
    /// The 1-based line of the row's first character, counting every line (blank lines
    /// and `\r\n` ends included), as a text editor numbers it.
    pub row: u32,
    /// Its cells (empty for the header).
    pub cells: RowCells,
    /// What it is.
    pub outcome: RowOutcome,
}

/// What a canonical row is.
#[derive(Clone, Debug)]
pub enum RowOutcome {
    /// The header.
    Header,
    /// A trade (origin file 0; the caller sets the file).
    Trade(Trade),
    /// Unusable: the error names the file, row and column.
    Rejected(Error),
}

/// A row's cells as owned text, the way a person types them (canonical columns): what
/// a front end's row editor shows and sends back.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct RowCells {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `HH:MM:SS` or empty.
    pub time: String,
    /// Account label or empty.
    pub account: String,
    /// `buy`, `sell`, …
    pub kind: String,
    /// Whole shares.
    pub quantity: String,
    /// Price per share.
    pub price: String,
}

impl RowCells {
    /// The cells of a trade.
    pub fn of(t: &Trade) -> RowCells {
        RowCells {
            date: t.date.to_string(),
            time: t.time.map(|x| x.to_string()).unwrap_or_default(),
            account: t.account.clone(),
            kind: t.kind.as_str().to_owned(),
            quantity: t.quantity.to_string(),
            price: t.price.map(|p| p.0.to_string()).unwrap_or_default(),
        }
    }

    /// Borrowed, for [`parse_row`].
    pub fn as_cells(&self) -> Cells<'_> {
        Cells {
            date: &self.date,
            time: &self.time,
            account: &self.account,
            kind: &self.kind,
            quantity: &self.quantity,
            price: &self.price,
        }
    }

    /// Validates the cells as the row `origin` of the file `name`.
    pub fn parse(&self, name: &str, origin: Origin, default_account: &str) -> Result<Trade, Error> {
        parse_row(&self.as_cells(), name, origin, default_account)
    }
}

/// Whether a header row is the canonical file's: it names at least two of the required
/// columns `date`, `kind` and `quantity` (in any case; other columns are ignored). The one
/// rule every front end uses to tell the canonical file from a broker export, whose
/// headers are Chinese; a canonical header missing one required column is then reported
/// as such rather than read as a broker export.
pub fn is_header<'a>(cells: impl IntoIterator<Item = &'a str>) -> bool {
    let mut named = [false; 3];
    for cell in cells {
        for (i, c) in ["date", "kind", "quantity"].iter().enumerate() {
            named[i] |= c.eq_ignore_ascii_case(cell.trim());
        }
    }
    named.iter().filter(|n| **n).count() >= 2
}

/// Whether a text is a canonical trade file: its first non-blank row is a canonical
/// header ([`is_header`]).
pub fn looks_canonical(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // The first non-blank line is all the test needs.
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    is_header(grid::fields(first, b',').iter().map(String::as_str))
}

/// Reads a canonical trade file row by row with [`parse_row`]: every row becomes a trade
/// or a rejection naming its row and column. Rows without an account get
/// `default_account`; every trade's origin file is 0. The text is split into cells by the
/// broker importer's table layer ([`grid::delimited`]: RFC 4180 quotes, every row with
/// the line a text editor shows, blank lines skipped).
pub fn read_rows(text: &str, name: &str, default_account: &str) -> Read {
    let mut read = Read::default();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let grid = match grid::delimited(text.to_owned(), b',') {
        Ok(g) => g,
        Err(_) => {
            read.error = Some(Error::at(ErrorKind::TooLarge, name, None, None));
            return read;
        }
    };
    let mut index = None;
    for r in &grid.rows {
        let row = r.line;
        let Some(index) = index else {
            match columns(grid.cells(r).map(str::trim), name, row) {
                Ok(i) => index = Some(i),
                Err(e) => {
                    read.error = Some(e);
                    break;
                }
            }
            read.rows.push(Row { row, cells: RowCells::default(), outcome: RowOutcome::Header });
            continue;
        };
        let cell = |c: usize| index[c].map_or("", |i| grid.cell(r, i).trim()).to_owned();
        let cells = RowCells {
            date: cell(0),
            time: cell(1),
            account: cell(2),
            kind: cell(3),
            quantity: cell(4),
            price: cell(5),
        };
        let outcome = match cells.parse(name, Origin { file: 0, row }, default_account) {
            Ok(t) => RowOutcome::Trade(t),
            Err(e) => RowOutcome::Rejected(e),
        };
        read.rows.push(Row { row, cells, outcome });
    }
    if index.is_none() && read.error.is_none() {
        read.error = Some(Error::at(ErrorKind::NoTrades, name, None, None));
    }
    read
}

/// For each canonical column (in the order of [`COLUMNS`]), its position in the header:
/// found by name in any case and order; `date`, `kind` and `quantity` are required (a
/// missing one is an error naming the file and the header's `row`).
pub fn columns<'a>(
    header: impl IntoIterator<Item = &'a str>,
    name: &str,
    row: u32,
) -> Result<[Option<usize>; 6], Error> {
    let mut index = [None; 6];
    for (i, cell) in header.into_iter().enumerate() {
        if let Some(c) = COLUMNS.iter().position(|c| c.eq_ignore_ascii_case(cell)) {
            index[c] = Some(i);
        }
    }
    for required in [0, 3, 4] {
        if index[required].is_none() {
            let kind = ErrorKind::MissingColumn { name: COLUMNS[required] };
            return Err(Error::at(kind, name, Some(row), None));
        }
    }
    Ok(index)
}

/// The six cells of a canonical row, as text (an absent column is an empty cell).
#[derive(Clone, Copy, Debug, Default)]
pub struct Cells<'a> {
    /// `YYYY-MM-DD`.
    pub date: &'a str,
    /// `HH:MM:SS` or empty.
    pub time: &'a str,
    /// Account label or empty.
    pub account: &'a str,
    /// One of the kinds of rules.md §2.
    pub kind: &'a str,
    /// Whole shares.
    pub quantity: &'a str,
    /// Price per share (cash per share for a dividend), or empty.
    pub price: &'a str,
}

/// Validates one canonical row; errors name `name`, the origin's row and the column.
/// Shared by the CSV reader and the JS API (which receives rows as objects).
pub fn parse_row(
    cells: &Cells<'_>,
    name: &str,
    origin: Origin,
    default_account: &str,
) -> Result<Trade, Error> {
    let bad = |kind: ErrorKind, c: usize| Error::at(kind, name, Some(origin.row), Some(COLUMNS[c]));
    let date = cells
        .date
        .trim()
        .parse::<Date>()
        .map_err(|_| bad(ErrorKind::BadDate { text: cells.date.into() }, 0))?;
    let time = TimeOfDay::parse(cells.time)
        .map_err(|_| bad(ErrorKind::BadTime { text: cells.time.into() }, 1))?;
    let kind: Kind =
        cells.kind.parse().map_err(|()| bad(ErrorKind::BadKind { text: cells.kind.into() }, 3))?;
    let quantity = parse_quantity(cells.quantity)
        .ok_or_else(|| bad(ErrorKind::BadQuantity { text: cells.quantity.into() }, 4))?;
    let price = match cells.price.trim() {
        "" => None,
        p => Some(Price(
            parse_decimal(p).ok_or_else(|| bad(ErrorKind::BadNumber { text: p.into() }, 5))?,
        )),
    };
    if kind.needs_quantity() && quantity == 0 {
        return Err(bad(ErrorKind::NeedsPositive { kind: kind.as_str() }, 4));
    }
    if kind.needs_price() && price.is_none_or(|p| p.0 <= rust_decimal::Decimal::ZERO) {
        return Err(bad(ErrorKind::NeedsPositive { kind: kind.as_str() }, 5));
    }
    let account = match cells.account.trim() {
        "" => default_account.to_owned(),
        a => a.to_owned(),
    };
    Ok(Trade { date, time, account, kind, quantity, price, origin })
}

/// Whole shares: `1000`, `1000.00`, `+1000` and `1,000` are accepted; `10.5`, `-3` and
/// `1e3` are not; an empty cell is 0.
///
/// Read as digits, without [`Decimal`](crate::money::Decimal): the page checks the share
/// count it asks for with this function, and a decimal reader would add 6 KB of gzipped
/// wasm to its first load. The same as reading a decimal and asking for a whole,
/// non-negative number (a test compares the two), except that a fraction of more digits
/// than a decimal holds is refused rather than rounded.
pub fn parse_quantity(text: &str) -> Option<u64> {
    let t: String = text.trim().chars().filter(|c| *c != ',').collect();
    if t.is_empty() {
        return Some(0);
    }
    let t = t.trim();
    let (negative, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (whole, fraction) = t.split_once('.').unwrap_or((t, ""));
    if (whole.is_empty() && fraction.is_empty())
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b == b'0')
    {
        return None;
    }
    // `-0` is zero, as a decimal reads it; any other negative count is refused.
    match whole.parse::<u64>() {
        _ if whole.bytes().all(|b| b == b'0') => Some(0),
        Ok(_) if negative => None,
        n => n.ok(),
    }
}

/// Writes trades as a canonical CSV (UTF-8, header, `\n` line ends).
pub fn write_csv(trades: &[Trade]) -> String {
    let mut out = String::with_capacity(64 * (trades.len() + 1));
    out.push_str(HEADER);
    out.push('\n');
    for t in trades {
        out.push_str(&t.date.to_string());
        out.push(',');
        if let Some(time) = t.time {
            out.push_str(&time.to_string());
        }
        out.push(',');
        push_field(&mut out, &t.account);
        out.push(',');
        out.push_str(t.kind.as_str());
        out.push(',');
        out.push_str(&t.quantity.to_string());
        out.push(',');
        if let Some(p) = t.price {
            out.push_str(&p.0.to_string());
        }
        out.push('\n');
    }
    out
}

/// Appends a CSV field, quoted when it must be (a comma, quote, line break or edge space).
pub fn push_field(out: &mut String, field: &str) {
    if field.contains([',', '"', '\n', '\r']) || field.trim() != field {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "date,time,account,kind,quantity,price\n\
        2021-01-05,10:02:11,A,buy,1000,12.00\n\
        2021-03-02,,A,buy,2000,15.00\n";

    #[test]
    fn reads_the_interfaces_example() {
        let trades = read_csv(SAMPLE, "t.csv", 0, "default").unwrap();
        assert_eq!(trades.len(), 2);
        assert_eq!(trades[0].quantity, 1000);
        assert_eq!(trades[0].time.unwrap().to_string(), "10:02:11");
        assert_eq!(trades[1].origin.row, 3);
        assert_eq!(trades[1].time, None);
    }

    #[test]
    fn names_file_row_and_column_of_a_bad_cell() {
        let text = "date,kind,quantity,price\n2021-01-05,buy,1000,12\n2021-13-05,buy,1,1\n";
        let e = read_csv(text, "mine.csv", 0, "A").unwrap_err();
        assert_eq!(e.code(), "bad-date");
        let at = e.at.clone().unwrap();
        assert_eq!(
            (at.file.as_str(), at.row, at.column.as_deref()),
            ("mine.csv", Some(3), Some("date"))
        );
        assert_eq!(
            e.message(crate::Lang::Zh),
            "mine.csv，第 3 行，“date”列：“2021-13-05”不是日期（应为 YYYY-MM-DD）"
        );
    }

    #[test]
    fn a_negative_count_says_so_rather_than_not_a_whole_number() {
        let e = read_csv("date,kind,quantity,price\n2021-01-05,buy,-5,12\n", "m.csv", 0, "A")
            .unwrap_err();
        assert_eq!(e.code(), "bad-quantity");
        assert!(
            e.message(crate::Lang::Zh)
                .ends_with("“-5”：股数不能为负数（卖出请在类型列写 sell，股数写正数）")
        );
        let e = read_csv("date,kind,quantity,price\n2021-01-05,buy,1.5,12\n", "m.csv", 0, "A")
            .unwrap_err();
        assert!(e.message(crate::Lang::Zh).ends_with("“1.5”不是整数股数"));
    }

    #[test]
    fn round_trips() {
        let trades = read_csv(SAMPLE, "t.csv", 0, "A").unwrap();
        let again = read_csv(&write_csv(&trades), "t.csv", 0, "A").unwrap();
        assert_eq!(
            trades.iter().map(|t| (t.date, t.kind, t.quantity, t.price)).collect::<Vec<_>>(),
            again.iter().map(|t| (t.date, t.kind, t.quantity, t.price)).collect::<Vec<_>>()
        );
    }

    #[test]
    fn refuses_fractional_and_negative_quantities() {
        assert_eq!(parse_quantity("1,000.00"), Some(1000));
        assert_eq!(parse_quantity(" +1,000 "), Some(1000));
        assert_eq!(parse_quantity(""), Some(0));
        assert_eq!(parse_quantity("10.5"), None);
        assert_eq!(parse_quantity("-3"), None);
        assert_eq!(parse_quantity("-0"), Some(0), "zero, as a decimal reads it");
        assert_eq!(parse_quantity("1e3"), None);
        assert_eq!(parse_quantity("."), None);
        assert_eq!(parse_quantity("18446744073709551616"), None);
        assert_eq!(parse_quantity("18446744073709551615"), Some(u64::MAX));
    }

    /// The reading it replaced: a decimal, then whole and not negative.
    fn by_decimal(text: &str) -> Option<u64> {
        let t: String = text.trim().chars().filter(|c| *c != ',').collect();
        if t.is_empty() {
            return Some(0);
        }
        let d = parse_decimal(&t)?;
        if d.is_sign_negative() || !d.fract().is_zero() {
            return None;
        }
        u64::try_from(d).ok()
    }

    /// The one difference: a fraction longer than a decimal holds was rounded away.
    #[test]
    fn a_fraction_too_long_for_a_decimal_is_refused_not_rounded() {
        let text = "1.00000000000000000000000000001";
        assert_eq!(by_decimal(text), Some(1));
        assert_eq!(parse_quantity(text), None);
    }

    proptest::proptest! {
        /// Reading the digits gives what reading a decimal gave, on any short text of the
        /// characters a number is written with (and a few it is not).
        #[test]
        fn a_quantity_reads_as_a_decimal_would(text in "[0-9 .,+\\-e]{0,24}") {
            proptest::prop_assert_eq!(parse_quantity(&text), by_decimal(&text), "{:?}", text);
        }

        #[test]
        fn a_written_quantity_reads_back(n: u64, zeros in 0usize..4, commas: bool) {
            let mut text = n.to_string();
            if commas && text.len() > 3 {
                text.insert(text.len() - 3, ',');
            }
            if zeros > 0 {
                text = format!("{text}.{}", "0".repeat(zeros));
            }
            proptest::prop_assert_eq!(parse_quantity(&text), Some(n));
            proptest::prop_assert_eq!(by_decimal(&text), Some(n));
        }
    }
}
