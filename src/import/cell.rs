//! Cell cleaning and the value shapes of broker exports (broker-formats.md §0 rule 4–5, §3).
//!
//! Every function here takes a cell as the container gave it and returns a slice or a
//! value, never allocating on the common path: a 100 MB export has tens of millions of
//! cells.

use std::str::FromStr;

use rust_decimal::Decimal;

use crate::date::Date;
use crate::trade::TimeOfDay;

/// Characters trimmed around every cell: ASCII whitespace, full-width space (U+3000),
/// no-break space (U+00A0), zero-width no-break space / BOM (U+FEFF).
fn is_pad(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n' | '\u{3000}' | '\u{a0}' | '\u{feff}' | '\u{200b}')
}

/// Cleans a cell: strips `="…"` and `= "…   "` (Excel formula text), a leading `'`,
/// surrounding spaces of every kind, and turns the placeholders `-`, `--`, `---` (and
/// longer runs of dashes) into the empty cell.
pub fn clean(raw: &str) -> &str {
    let mut t = raw.trim_matches(is_pad);
    if let Some(rest) = t.strip_prefix('=') {
        let rest = rest.trim_start_matches(is_pad);
        if let Some(inner) = rest.strip_prefix('"') {
            t = inner.strip_suffix('"').unwrap_or(inner).trim_matches(is_pad);
        }
    } else if let Some(rest) = t.strip_prefix('\'') {
        t = rest.trim_matches(is_pad);
    }
    if !t.is_empty() && t.chars().all(|c| matches!(c, '-' | '—' | '－')) {
        return "";
    }
    t
}

/// Whether a raw cell is empty: nothing but padding, or an empty `=""`. A placeholder
/// dash is not blank here (a line of dashes is a separator, reported as such).
pub fn is_blank(raw: &str) -> bool {
    clean(raw).is_empty() && !raw.contains(['-', '—', '－'])
}

/// Parses a number as brokers write it: `1,000.00`, `-8125.08`, `¥12.35`, `－5`,
/// `+3`, `1000.0000`. Returns `None` for an empty cell or anything else.
pub fn number(cell: &str) -> Option<Decimal> {
    let t = cell.trim_matches(is_pad);
    if t.is_empty() {
        return None;
    }
    if t.len() <= 28 && t.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-') {
        return plain(t);
    }
    let mut s = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            '0'..='9' | '.' => s.push(c),
            '-' | '－' | '−' | '–' => s.push('-'),
            '+' | '＋' | ',' | '，' | '¥' | '￥' | ' ' | '\u{a0}' | '\u{3000}' => {}
            '０'..='９' => s.push(
                char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or('0'),
            ),
            '．' => s.push('.'),
            _ => return None,
        }
    }
    if s.len() > 40 {
        return None;
    }
    plain(&s)
}

fn plain(t: &str) -> Option<Decimal> {
    let b = t.as_bytes();
    let (negative, digits) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        _ => (false, b),
    };
    let mut mantissa: i128 = 0;
    let mut scale = 0u32;
    let mut dot = false;
    let mut n = 0;
    for &c in digits {
        match c {
            b'0'..=b'9' => {
                // A decimal has 28 significant digits; longer cells are not amounts.
                n += 1;
                if n > 28 {
                    return None;
                }
                mantissa = mantissa * 10 + i128::from(c - b'0');
                if dot {
                    scale += 1;
                }
            }
            b'.' if !dot => dot = true,
            _ => return None,
        }
    }
    if n == 0 {
        return None;
    }
    Decimal::try_from_i128_with_scale(if negative { -mantissa } else { mantissa }, scale).ok()
}

/// A security code: re-padded to six digits when numeric (`2570` and `2570.0` →
/// `002570`), with market suffixes and prefixes stripped (`000001.SZ`, `SH600000`).
/// Returns the empty string for an empty cell; codes that are not numeric are kept as
/// they are (upper-cased).
pub fn code(cell: &str) -> String {
    let mut t = cell;
    if let Some((head, tail)) = t.rsplit_once('.') {
        if tail.bytes().all(|b| b.is_ascii_alphabetic()) && !tail.is_empty() {
            t = head;
        } else if !tail.is_empty() && tail.bytes().all(|b| b == b'0') {
            t = head; // `2570.0` from a workbook's number cell
        }
    }
    for prefix in ["SH", "SZ", "BJ", "sh", "sz", "bj"] {
        if let Some(rest) = t.strip_prefix(prefix)
            && rest.len() == 6
            && rest.bytes().all(|b| b.is_ascii_digit())
        {
            t = rest;
        }
    }
    let t = t.trim();
    if !t.is_empty() && t.len() < 6 && t.bytes().all(|b| b.is_ascii_digit()) {
        let mut s = String::with_capacity(6);
        for _ in t.len()..6 {
            s.push('0');
        }
        s.push_str(t);
        return s;
    }
    t.to_ascii_uppercase()
}

/// A date in any shape of §3: `20240108`, `2024-01-08`, `2024/1/8`, `2024.01.08`,
/// `20160216000016`, `2024-01-08 09:41:12`, and Excel serial numbers from workbooks
/// (`45299`, `45299.4036…`; days since 1899-12-30) when `serials` is set.
pub fn date(cell: &str, serials: bool) -> Option<Date> {
    if let Some(d) = Date::parse_loose(cell) {
        return Some(d);
    }
    if serials { serial_date(cell) } else { None }
}

/// An Excel serial day number (the integer part of a date cell) as a date. Serials from
/// 1982 to 2099 only: smaller numbers are more likely quantities than dates.
pub fn serial_date(cell: &str) -> Option<Date> {
    let int = cell.split('.').next()?;
    if int.is_empty() || int.len() > 5 || !int.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i32 = int.parse().ok()?;
    if !(30000..=73000).contains(&n) {
        return None;
    }
    // Serial 25569 is 1970-01-01 (Excel's 1900 system, after its 1900-02-29).
    Some(Date::from_day_number(n - 25569))
}

/// A cell that is not a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotATime;

/// A time in any shape of §3 (`09:41:12`, `0:22:30`, `094112`, `93055`, `14410380`, `0`)
/// and the fraction of a day of an Excel time cell (`0.40361…`) when `serials` is set.
/// `Ok(None)` is an empty cell.
pub fn time(cell: &str, serials: bool) -> Result<Option<TimeOfDay>, NotATime> {
    // The common `HH:MM:SS` without the general parser.
    let b = cell.as_bytes();
    if b.len() == 8 && b[2] == b':' && b[5] == b':' {
        let d = |i: usize| b[i].is_ascii_digit().then(|| u32::from(b[i] - b'0'));
        if let (Some(h1), Some(h2), Some(m1), Some(m2), Some(s1), Some(s2)) =
            (d(0), d(1), d(3), d(4), d(6), d(7))
        {
            let (h, m, s) = (h1 * 10 + h2, m1 * 10 + m2, s1 * 10 + s2);
            if h < 24 && m < 60 && s <= 60 {
                return Ok(Some(TimeOfDay(h * 3600 + m * 60 + s)));
            }
        }
    }
    if let Ok(t) = TimeOfDay::parse(cell) {
        return Ok(t);
    }
    // `2024-01-08 09:41:12`: the time after a date.
    if let Some((d, t)) = cell.trim().split_once(' ')
        && Date::parse_loose(d).is_some()
    {
        return TimeOfDay::parse(t).map_err(|_| NotATime);
    }
    if serials { serial_time(cell).map(Some).ok_or(NotATime) } else { Err(NotATime) }
}

/// The time of day of an Excel serial (`0.4036111` or `45299.4036111`), rounded half-up to
/// the second.
pub fn serial_time(cell: &str) -> Option<TimeOfDay> {
    let d = Decimal::from_str(cell.trim()).ok()?;
    if d.is_sign_negative() {
        return None;
    }
    let frac = d.fract();
    let secs = crate::money::round_half_up(frac * Decimal::from(86_400), 0);
    let secs = u32::try_from(secs.mantissa()).ok()?.min(86_399);
    Some(TimeOfDay(secs))
}

/// The display width of a character in a fixed-width text view: 2 for East Asian wide
/// and full-width characters (CJK, full-width letters), 1 otherwise.
pub fn width(c: char) -> usize {
    let u = c as u32;
    let wide = matches!(u,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD);
    if wide { 2 } else { 1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_every_wrapper() {
        for (raw, want) in [
            ("=\"600000\"", "600000"),
            ("= \"000597      \"", "000597"),
            ("'000001", "000001"),
            ("\u{3000}平安银行\u{a0}", "平安银行"),
            ("--", ""),
            ("---", ""),
            ("-", ""),
            ("=\"\"", ""),
            ("  1000 ", "1000"),
            ("-5", "-5"),
        ] {
            assert_eq!(clean(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn reads_numbers_as_written() {
        for (raw, want) in [
            ("200,000.00", "200000.00"),
            ("¥12.35", "12.35"),
            ("￥1,234.5", "1234.5"),
            ("－5", "-5"),
            ("−5.5", "-5.5"),
            ("+3", "3"),
            ("-8125.08", "-8125.08"),
            ("1000.0000", "1000.0000"),
            ("０.５", "0.5"),
        ] {
            assert_eq!(number(raw).map(|d| d.to_string()), Some(want.to_owned()), "{raw}");
        }
        for bad in ["", "abc", "1.2.3", "1-2", "--5", "."] {
            assert_eq!(number(bad), None, "{bad}");
        }
    }

    #[test]
    fn pads_and_strips_codes() {
        assert_eq!(code("2570"), "002570");
        assert_eq!(code("2570.0"), "002570");
        assert_eq!(code("000001.SZ"), "000001");
        assert_eq!(code("600000.sh"), "600000");
        assert_eq!(code("SH600000"), "600000");
        assert_eq!(code("1"), "000001");
        assert_eq!(code("600519"), "600519");
        assert_eq!(code(""), "");
        assert_eq!(code("r-001"), "R-001");
    }

    #[test]
    fn reads_dates_and_serials() {
        let d = Date::from_ymd(2024, 1, 8);
        assert_eq!(date("20240108", false), d);
        assert_eq!(date("45299", true), d);
        assert_eq!(date("45299.40361111", true), d);
        assert_eq!(date("45299", false), None);
        assert_eq!(date("1000", true), None);
    }

    #[test]
    fn reads_times_and_serials() {
        let t = |s: &str, serial| time(s, serial).unwrap().map(|t| t.to_string());
        assert_eq!(t("09:41:12", false).as_deref(), Some("09:41:12"));
        assert_eq!(t("0:22:30", false).as_deref(), Some("00:22:30"));
        assert_eq!(t("93055", false).as_deref(), Some("09:30:55"));
        assert_eq!(t("14410380", false).as_deref(), Some("14:41:03"));
        assert_eq!(t("0", false).as_deref(), Some("00:00:00"));
        assert_eq!(t("", false), None);
        assert_eq!(t("0.403611111111111", true).as_deref(), Some("09:41:12"));
        assert_eq!(t("2024-01-08 09:41:12", false).as_deref(), Some("09:41:12"));
        assert!(time("25:00:00", false).is_err());
    }

    #[test]
    fn measures_display_width() {
        assert_eq!("浦发银行".chars().map(width).sum::<usize>(), 8);
        assert_eq!("上海Ａ股".chars().map(width).sum::<usize>(), 8);
        assert_eq!("600000".chars().map(width).sum::<usize>(), 6);
    }
}
