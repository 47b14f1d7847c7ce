//! The canonical trade file (interfaces.md): `date,time,account,kind,quantity,price`.
//!
//! Reading is strict: every cell is checked and the first problem is an [`Error`] naming
//! the file, the line and the column. Writing produces exactly what reading accepts, so
//! that normalised broker exports round-trip.

use crate::date::Date;
use crate::error::{Error, ErrorKind};
use crate::money::{Price, parse_decimal};
use crate::trade::{Kind, Origin, TimeOfDay, Trade};

/// The header written by [`write_csv`].
pub const HEADER: &str = "date,time,account,kind,quantity,price";

const COLUMNS: [&str; 6] = ["date", "time", "account", "kind", "quantity", "price"];

/// Reads a canonical trade file. `name` is the file name used in error messages and
/// `file_index` goes into every row's [`Origin`]. Rows without an account get
/// `default_account`. Blank lines are skipped.
pub fn read_csv(
    text: &str,
    name: &str,
    file_index: u32,
    default_account: &str,
) -> Result<Vec<Trade>, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = loop {
        match records.next() {
            None => return Err(Error::at(ErrorKind::NoTrades, name, None, None)),
            Some(Err(e)) => return Err(table_error(e, name)),
            Some(Ok(r)) if r.iter().all(str::is_empty) => continue,
            Some(Ok(r)) => break r,
        }
    };
    let columns = Columns::find(header.iter(), name, line_of(&header))?;
    let mut trades = Vec::new();
    for record in records {
        let record = record.map_err(|e| table_error(e, name))?;
        if record.iter().all(str::is_empty) {
            continue;
        }
        trades.push(columns.trade(
            record.iter(),
            line_of(&record),
            name,
            file_index,
            default_account,
        )?);
    }
    Ok(trades)
}

/// Where the canonical columns are in a header row. Columns are found by name (any case,
/// any order); other columns, such as the `investor` column of the batch file, are
/// ignored. The batch runner reads its file row by row with this, so that it accepts
/// exactly the rows [`read_csv`] accepts.
#[derive(Clone, Debug)]
pub struct Columns {
    /// For each cell position of a row, the canonical column it holds, if any.
    by_position: Vec<Option<usize>>,
}

impl Columns {
    /// Finds the columns in a header row; `date`, `kind` and `quantity` are required.
    /// `name` and `row` (the header's line) locate the error.
    pub fn find<'h>(
        header: impl IntoIterator<Item = &'h str>,
        name: &str,
        row: u32,
    ) -> Result<Columns, Error> {
        let mut index = [None; 6];
        let mut width = 0;
        for (i, cell) in header.into_iter().enumerate() {
            width = i + 1;
            if let Some(c) = COLUMNS.iter().position(|c| c.eq_ignore_ascii_case(cell.trim())) {
                index[c] = Some(i);
            }
        }
        for required in [0, 3, 4] {
            if index[required].is_none() {
                return Err(Error::at(
                    ErrorKind::MissingColumn { name: COLUMNS[required] },
                    name,
                    Some(row),
                    None,
                ));
            }
        }
        let mut by_position = vec![None; width];
        for (c, i) in index.iter().enumerate() {
            if let Some(i) = i {
                by_position[*i] = Some(c);
            }
        }
        Ok(Columns { by_position })
    }

    /// The position of a canonical column (`"date"`, `"time"`, …) in the header.
    pub fn position(&self, column: &str) -> Option<usize> {
        self.by_position.iter().position(|c| c.is_some_and(|c| COLUMNS[c] == column))
    }

    /// Reads one data row from its cells (in file order, trimmed). `row` is its line in
    /// the file; the first bad cell is an [`Error`] naming `name`, `row` and the column.
    pub fn trade<'c>(
        &self,
        cells: impl IntoIterator<Item = &'c str>,
        row: u32,
        name: &str,
        file_index: u32,
        default_account: &str,
    ) -> Result<Trade, Error> {
        let mut by_column = [""; 6];
        for (i, text) in cells.into_iter().enumerate() {
            if let Some(Some(c)) = self.by_position.get(i) {
                by_column[*c] = text;
            }
        }
        let cell = |c: usize| by_column[c];
        let bad = |kind: ErrorKind, c: usize| Error::at(kind, name, Some(row), Some(COLUMNS[c]));

        let date = cell(0)
            .parse::<Date>()
            .map_err(|_| bad(ErrorKind::BadDate { text: cell(0).into() }, 0))?;
        let time = TimeOfDay::parse(cell(1))
            .map_err(|_| bad(ErrorKind::BadTime { text: cell(1).into() }, 1))?;
        let kind: Kind =
            cell(3).parse().map_err(|()| bad(ErrorKind::BadKind { text: cell(3).into() }, 3))?;
        let quantity = parse_quantity(cell(4))
            .ok_or_else(|| bad(ErrorKind::BadQuantity { text: cell(4).into() }, 4))?;
        let price = match cell(5) {
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
        let account = match cell(2) {
            "" => default_account.to_owned(),
            a => a.to_owned(),
        };
        Ok(Trade {
            date,
            time,
            account,
            kind,
            quantity,
            price,
            origin: Origin { file: file_index, row },
        })
    }
}

/// Whole shares: `1000`, `1000.00` and `1,000` are accepted; `10.5` and `-3` are not.
pub fn parse_quantity(text: &str) -> Option<u64> {
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

fn push_field(out: &mut String, field: &str) {
    if field.contains([',', '"', '\n', '\r']) || field.trim() != field {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

fn line_of(record: &csv::StringRecord) -> u32 {
    record.position().map_or(0, |p| u32::try_from(p.line()).unwrap_or(u32::MAX))
}

fn table_error(e: csv::Error, name: &str) -> Error {
    let row = e.position().map(|p| u32::try_from(p.line()).unwrap_or(u32::MAX));
    let detail = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "not UTF-8 text".to_owned(),
        _ => e.to_string(),
    };
    Error::at(ErrorKind::Table { detail }, name, row, None)
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
        assert_eq!(parse_quantity("10.5"), None);
        assert_eq!(parse_quantity("-3"), None);
    }
}
