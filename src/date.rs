//! Calendar dates (China time) as day numbers: parsing, formatting and arithmetic.
//!
//! The core never reads a clock; every date comes from the input. A [`Date`] is a
//! proleptic Gregorian calendar date stored as the number of days since 1970-01-01,
//! so that comparisons and day counts (interest) are integer operations.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date, `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

/// Why a text is not a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateError {
    /// The text that was given.
    pub text: String,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a date of the form YYYY-MM-DD", self.text)
    }
}

impl std::error::Error for DateError {}

impl Date {
    /// The date with this year, month (1..=12) and day (1..=31), if it exists.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        if day > days_in_month(year, month) {
            return None;
        }
        Some(Date(days_from_civil(year, month, day)))
    }

    /// Year, month and day.
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }

    /// Days since 1970-01-01 (negative before). Used as the "price" of a trade when the
    /// buy date is averaged like a price (rules.md §9).
    pub fn day_number(self) -> i32 {
        self.0
    }

    /// The date with this day number.
    pub fn from_day_number(n: i32) -> Date {
        Date(n)
    }

    /// The next calendar day.
    pub fn succ(self) -> Date {
        Date(self.0 + 1)
    }

    /// The previous calendar day.
    pub fn pred(self) -> Date {
        Date(self.0 - 1)
    }

    /// Calendar days from `earlier` to `self` (negative when `earlier` is later).
    pub fn days_since(self, earlier: Date) -> i64 {
        i64::from(self.0) - i64::from(earlier.0)
    }

    /// Parses the many shapes dates take in broker exports and case files:
    /// `2024-01-08`, `2024/1/8`, `2024.01.08`, `20240108`, and `20160216000016`
    /// (招商: date followed by a sequence number). Surrounding spaces are ignored.
    pub fn parse_loose(text: &str) -> Option<Date> {
        let t = text.trim();
        let bytes = t.as_bytes();
        if bytes.len() >= 8 && bytes[..8].iter().all(u8::is_ascii_digit) {
            if bytes.len() == 8 || (bytes.len() == 14 && bytes.iter().all(u8::is_ascii_digit)) {
                let y = parse_num(&t[0..4])?;
                let m = parse_num(&t[4..6])?;
                let d = parse_num(&t[6..8])?;
                return Date::from_ymd(i32::try_from(y).ok()?, m, d);
            }
            return None;
        }
        // Separated: take the leading date part (a time may follow after a space or 'T').
        let head = t.split([' ', 'T']).next().unwrap_or("");
        let mut parts = head.split(['-', '/', '.', '年', '月', '日']).filter(|p| !p.is_empty());
        let y = parts.next()?;
        let m = parts.next()?;
        let d = parts.next()?;
        if parts.next().is_some() || y.len() != 4 || m.len() > 2 || d.len() > 2 {
            return None;
        }
        Date::from_ymd(i32::try_from(parse_num(y)?).ok()?, parse_num(m)?, parse_num(d)?)
    }
}

fn parse_num(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

// Howard Hinnant's days-from-civil algorithm (public domain description).
fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let m = m as i32;
    let d = d as i32;
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl FromStr for Date {
    type Err = DateError;

    /// Strict `YYYY-MM-DD` (the canonical form of case files, CSV and JSON).
    fn from_str(s: &str) -> Result<Date, DateError> {
        let err = || DateError { text: s.to_owned() };
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(err());
        }
        let y = parse_num(&s[0..4]).ok_or_else(err)?;
        let m = parse_num(&s[5..7]).ok_or_else(err)?;
        let d = parse_num(&s[8..10]).ok_or_else(err)?;
        Date::from_ymd(i32::try_from(y).map_err(|_| err())?, m, d).ok_or_else(err)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        // TOML gives dates as its own datetime type; JSON and CSV as strings. Accept both
        // by going through the textual form.
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date YYYY-MM-DD")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Date, E> {
                v.parse().map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_day_numbers() {
        for (y, m, d) in [(1970, 1, 1), (2000, 2, 29), (2021, 6, 30), (1999, 12, 31), (2024, 2, 29)]
        {
            let date = Date::from_ymd(y, m, d).unwrap();
            assert_eq!(date.ymd(), (y, m, d));
        }
        assert_eq!(Date::from_ymd(1970, 1, 1).unwrap().day_number(), 0);
        assert_eq!(Date::from_ymd(2021, 6, 1).unwrap().day_number(), 18779);
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(Date::from_ymd(2023, 2, 29).is_none());
        assert!(Date::from_ymd(2024, 13, 1).is_none());
        assert!("2024-1-08".parse::<Date>().is_err());
        assert!("2024-02-30".parse::<Date>().is_err());
    }

    #[test]
    fn parses_broker_shapes() {
        let want = Date::from_ymd(2024, 1, 8);
        for t in [
            "20240108",
            "2024-01-08",
            "2024/1/8",
            "2024.01.08",
            " 2024-01-08 ",
            "20240108000016",
            "2024-01-08 09:41:12",
            "2024年1月8日",
        ] {
            assert_eq!(Date::parse_loose(t), want, "{t}");
        }
        assert_eq!(Date::parse_loose("2024010"), None);
        assert_eq!(Date::parse_loose("abc"), None);
    }

    #[test]
    fn counts_days() {
        let a: Date = "2021-03-01".parse().unwrap();
        let b: Date = "2021-06-01".parse().unwrap();
        assert_eq!(b.days_since(a), 92);
        assert_eq!(a.succ().to_string(), "2021-03-02");
        assert_eq!(a.pred().to_string(), "2021-02-28");
    }
}
