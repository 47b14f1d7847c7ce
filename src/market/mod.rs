//! Daily market data for the security and for reference indices, in the canonical CSV
//! shapes of interfaces.md: `date,close,volume,float` and `date,index,close`.
//!
//! Trading days are the days that have a row (suspended days have none). Broker and
//! data-vendor day-bar exports are normalised into these types by the importer.

pub mod import;

use std::collections::BTreeMap;

use crate::date::Date;
use crate::error::{Error, ErrorKind};
use crate::money::{Decimal, Price, parse_decimal};

/// One trading day of the security.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bar {
    /// The trading day.
    pub date: Date,
    /// Closing price (unadjusted, as traded that day).
    pub close: Price,
    /// Centralised-trading volume in shares (block trades excluded).
    pub volume: Decimal,
    /// Tradable float in shares that day.
    pub float: Decimal,
}

/// The security's daily bars, sorted by date, one per day.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MarketData {
    /// Bars in date order.
    pub bars: Vec<Bar>,
}

/// Daily closes of one or more reference indices, each sorted by date.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IndexData {
    /// Index code → (date, close) in date order.
    pub series: BTreeMap<String, Vec<(Date, Price)>>,
}

impl MarketData {
    /// Builds market data from bars in any order; a repeated date is an error.
    pub fn from_bars(mut bars: Vec<Bar>, name: &str) -> Result<MarketData, Error> {
        bars.sort_by_key(|b| b.date);
        if let Some(w) = bars.windows(2).find(|w| w[0].date == w[1].date) {
            return Err(Error::at(
                ErrorKind::DuplicateDate { date: w[0].date, index: None },
                name,
                None,
                Some("date"),
            ));
        }
        Ok(MarketData { bars })
    }

    /// Reads `date,close,volume,float` (header required, any column order; `float` may be
    /// called `float_shares` or `流通股本`).
    pub fn read_csv(text: &str, name: &str) -> Result<MarketData, Error> {
        let table = Table::read(text, name)?;
        let date = table.column(&["date", "日期"], "date")?;
        let close = table.column(&["close", "收盘", "收盘价"], "close")?;
        let volume = table.column(&["volume", "成交量"], "volume")?;
        let float = table.column(&["float", "float_shares", "流通股本"], "float")?;
        let mut bars = Vec::with_capacity(table.rows.len());
        for (row, cells) in &table.rows {
            let bar = Bar {
                date: table.date(cells, date, *row)?,
                close: Price(table.positive(cells, close, *row)?),
                volume: table.number(cells, volume, *row)?,
                float: table.positive(cells, float, *row)?,
            };
            bars.push(bar);
        }
        MarketData::from_bars(bars, name)
    }

    /// The index of the first bar on or after `date`.
    pub fn first_on_or_after(&self, date: Date) -> usize {
        self.bars.partition_point(|b| b.date < date)
    }

    /// The last bar strictly before `date`.
    pub fn last_before(&self, date: Date) -> Option<&Bar> {
        let i = self.first_on_or_after(date);
        i.checked_sub(1).map(|i| &self.bars[i])
    }
}

impl IndexData {
    /// Reads `date,index,close` (one file may hold several indices).
    pub fn read_csv(text: &str, name: &str) -> Result<IndexData, Error> {
        let mut data = IndexData::default();
        data.add_csv(text, name)?;
        Ok(data)
    }

    /// Builds index data from `(code, date, close)` rows in any order; a repeated date of
    /// one index is an error.
    pub fn from_rows(rows: Vec<(String, Date, Price)>, name: &str) -> Result<IndexData, Error> {
        let mut data = IndexData::default();
        for (code, d, c) in rows {
            data.series.entry(code).or_default().push((d, c));
        }
        data.sort_and_check(name)?;
        Ok(data)
    }

    fn sort_and_check(&mut self, name: &str) -> Result<(), Error> {
        for (code, s) in &mut self.series {
            s.sort_by_key(|(d, _)| *d);
            if let Some(w) = s.windows(2).find(|w| w[0].0 == w[1].0) {
                return Err(Error::at(
                    ErrorKind::DuplicateDate { date: w[0].0, index: Some(code.clone()) },
                    name,
                    None,
                    Some("date"),
                ));
            }
        }
        Ok(())
    }

    /// Adds the rows of another `date,index,close` file.
    pub fn add_csv(&mut self, text: &str, name: &str) -> Result<(), Error> {
        let table = Table::read(text, name)?;
        let date = table.column(&["date", "日期"], "date")?;
        let index = table.column(&["index", "code", "指数代码"], "index")?;
        let close = table.column(&["close", "收盘", "收盘价"], "close")?;
        for (row, cells) in &table.rows {
            let code = cells.get(index).map(|s| s.trim()).unwrap_or("");
            if code.is_empty() {
                return Err(Error::at(ErrorKind::EmptyIndexCode, name, Some(*row), Some("index")));
            }
            let d = table.date(cells, date, *row)?;
            let c = Price(table.positive(cells, close, *row)?);
            self.series.entry(code.to_owned()).or_default().push((d, c));
        }
        self.sort_and_check(name)
    }

    /// Adds one index's closes from a `date,close` file (the shape of the index files
    /// shipped with a case, `index-<code>.csv`).
    pub fn add_series_csv(&mut self, text: &str, name: &str, code: &str) -> Result<(), Error> {
        let table = Table::read(text, name)?;
        let date = table.column(&["date", "日期"], "date")?;
        let close = table.column(&["close", "收盘", "收盘价"], "close")?;
        for (row, cells) in &table.rows {
            let d = table.date(cells, date, *row)?;
            let c = Price(table.positive(cells, close, *row)?);
            self.series.entry(code.to_owned()).or_default().push((d, c));
        }
        self.sort_and_check(name)
    }

    /// The codes of the indices held.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.series.keys().map(String::as_str)
    }

    /// The close of `code` on `date`, or on the last day before it that has one, with a
    /// flag telling whether the day itself had a row.
    pub fn close_on(&self, code: &str, date: Date) -> Option<(Price, bool)> {
        let s = self.series.get(code)?;
        let i = s.partition_point(|(d, _)| *d <= date);
        let (d, c) = *s.get(i.checked_sub(1)?)?;
        Some((c, d == date))
    }

    /// The closes of `code` with dates in `from..=to`.
    pub fn closes_between(&self, code: &str, from: Date, to: Date) -> &[(Date, Price)] {
        let Some(s) = self.series.get(code) else {
            return &[];
        };
        let a = s.partition_point(|(d, _)| *d < from);
        let b = s.partition_point(|(d, _)| *d <= to);
        &s[a..b]
    }
}

/// A small header-addressed CSV table used by the market-data readers.
struct Table<'a> {
    name: &'a str,
    header: Vec<String>,
    rows: Vec<(u32, Vec<String>)>,
}

impl<'a> Table<'a> {
    fn read(text: &str, name: &'a str) -> Result<Table<'a>, Error> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let mut header = None;
        let mut rows = Vec::new();
        for rec in reader.records() {
            let rec = rec.map_err(|e| {
                Error::at(ErrorKind::Table { detail: e.to_string() }, name, None, None)
            })?;
            if rec.iter().all(str::is_empty) {
                continue;
            }
            let row = rec.position().map_or(0, |p| u32::try_from(p.line()).unwrap_or(u32::MAX));
            let cells: Vec<String> = rec.iter().map(str::to_owned).collect();
            if header.is_none() {
                header = Some(cells);
            } else {
                rows.push((row, cells));
            }
        }
        Ok(Table { name, header: header.unwrap_or_default(), rows })
    }

    fn column(&self, names: &[&str], canonical: &'static str) -> Result<usize, Error> {
        self.header
            .iter()
            .position(|h| names.iter().any(|n| n.eq_ignore_ascii_case(h.trim())))
            .ok_or_else(|| {
                Error::at(ErrorKind::MissingColumn { name: canonical }, self.name, Some(1), None)
            })
    }

    fn cell<'c>(&self, cells: &'c [String], i: usize) -> &'c str {
        cells.get(i).map_or("", |s| s.as_str())
    }

    fn date(&self, cells: &[String], i: usize, row: u32) -> Result<Date, Error> {
        let t = self.cell(cells, i);
        Date::parse_loose(t).ok_or_else(|| {
            Error::at(
                ErrorKind::BadDate { text: t.into() },
                self.name,
                Some(row),
                Some(&self.header[i]),
            )
        })
    }

    fn number(&self, cells: &[String], i: usize, row: u32) -> Result<Decimal, Error> {
        let t = self.cell(cells, i);
        let cleaned: String = t.chars().filter(|c| *c != ',').collect();
        parse_decimal(&cleaned).ok_or_else(|| {
            Error::at(
                ErrorKind::BadNumber { text: t.into() },
                self.name,
                Some(row),
                Some(&self.header[i]),
            )
        })
    }

    fn positive(&self, cells: &[String], i: usize, row: u32) -> Result<Decimal, Error> {
        let v = self.number(cells, i, row)?;
        if v <= Decimal::ZERO {
            return Err(Error::at(
                ErrorKind::BadNumber { text: self.cell(cells, i).into() },
                self.name,
                Some(row),
                Some(&self.header[i]),
            ));
        }
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bars_and_indices() {
        let m = MarketData::read_csv(
            "date,close,volume,float\n2021-06-02,8.1,100,1000\n2021-06-01,8.0,200,1000\n",
            "m.csv",
        )
        .unwrap();
        assert_eq!(m.bars[0].date.to_string(), "2021-06-01");
        let i = IndexData::read_csv(
            "date,index,close\n2021-06-01,399006,3000\n2021-06-03,399006,3100\n",
            "i.csv",
        )
        .unwrap();
        let d: Date = "2021-06-02".parse().unwrap();
        assert_eq!(i.close_on("399006", d), Some((Price(Decimal::from(3000)), false)));
    }

    #[test]
    fn a_bad_close_names_its_row() {
        let e = MarketData::read_csv("date,close,volume,float\n2021-06-01,abc,1,1\n", "m.csv")
            .unwrap_err();
        assert_eq!(e.at.unwrap().row, Some(2));
    }
}
