//! Rates as people type them: `0.0003`, `0.03%`, `万分之三`, `万分之2.5`, `千分之一`, `1‰`,
//! `百分之三十`, full-width `０.０３％`. A percent sign is a percent everywhere: `0.03%` is
//! 0.0003, never 0.03. Every rate and ratio of a case is read here, whatever brings it:
//! a case file, `--set`, the JS API, the web page's form and its worker
//! ([`crate::case::parameters`]).
//!
//! [`normalize`] is plain text arithmetic (shifting the decimal point), so that the web
//! page checks what is typed without linking a decimal library; [`parse`] gives the
//! [`Decimal`](crate::money::Decimal).

/// The rate `text` means, exactly: `None` when it is not a rate (see [`normalize`]).
pub fn parse(text: &str) -> Option<crate::money::Decimal> {
    normalize(text).and_then(|plain| crate::money::parse_decimal(&plain))
}

/// The rate `text` means, as a plain decimal (`"0.0003"` for `万分之三`); `None` when it is
/// not a rate. An empty text is `None` too (the caller decides whether it may be empty).
pub fn normalize(text: &str) -> Option<String> {
    let text: String = text.trim().chars().map(half_width).filter(|c| !c.is_whitespace()).collect();
    let (number, shift) = if let Some(n) = text.strip_suffix('%') {
        (n, 2)
    } else if let Some(n) = text.strip_suffix('‰') {
        (n, 3)
    } else if let Some(n) = text.strip_prefix("百分之") {
        (n, 2)
    } else if let Some(n) = text.strip_prefix("千分之") {
        (n, 3)
    } else if let Some(n) = text.strip_prefix("万分之") {
        (n, 4)
    } else {
        (text.as_str(), 0)
    };
    let digits = if number.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        number.to_owned()
    } else {
        chinese_number(number)?
    };
    shift_left(&digits, shift)
}

/// A plain decimal as a percent, for showing a rate back: `"0.0003"` → `"0.03%"`.
pub fn percent(decimal: &str) -> String {
    let (int, frac) = decimal.split_once('.').unwrap_or((decimal, ""));
    let moved: String = frac.chars().chain(std::iter::repeat('0')).take(2).collect();
    let rest = frac.get(2..).unwrap_or("");
    let int = format!("{int}{moved}");
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let rest = rest.trim_end_matches('0');
    if rest.is_empty() { format!("{int}%") } else { format!("{int}.{rest}%") }
}

pub(crate) fn half_width(c: char) -> char {
    match c {
        '０'..='９' => {
            char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c)
        }
        '．' | '。' => '.',
        '％' => '%',
        _ => c,
    }
}

/// `三` → `3`, `二点五` → `2.5`, `十五` → `15`, `二十` → `20`.
fn chinese_number(text: &str) -> Option<String> {
    let digit = |c: char| match c {
        '零' | '〇' => Some(0),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        c => c.to_digit(10),
    };
    let (int, frac) = match text.split_once(['点', '.']) {
        Some((i, f)) => (i, Some(f)),
        None => (text, None),
    };
    let int_value: u32 = match int.split_once('十') {
        Some((tens, ones)) => {
            let tens = if tens.is_empty() { 1 } else { single(tens, digit)? };
            let ones = if ones.is_empty() { 0 } else { single(ones, digit)? };
            tens * 10 + ones
        }
        None if int.is_empty() && frac.is_some() => 0,
        None => int.chars().try_fold(0_u32, |n, c| Some(n.checked_mul(10)? + digit(c)?))?,
    };
    let mut out = int_value.to_string();
    if let Some(frac) = frac {
        let frac: Option<String> =
            frac.chars().map(|c| digit(c).and_then(|d| char::from_digit(d, 10))).collect();
        let frac = frac.filter(|f| !f.is_empty())?;
        out.push('.');
        out.push_str(&frac);
    }
    Some(out)
}

fn single(text: &str, digit: impl Fn(char) -> Option<u32>) -> Option<u32> {
    let mut chars = text.chars();
    let d = digit(chars.next()?)?;
    chars.next().is_none().then_some(d)
}

/// Divides a plain decimal (`12.5`) by 10^`places`, as text (`0.00125`).
fn shift_left(number: &str, places: usize) -> Option<String> {
    let (int, frac) = number.split_once('.').unwrap_or((number, ""));
    if (int.is_empty() && frac.is_empty()) || frac.contains('.') {
        return None;
    }
    if !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let int = format!("{}{int}", "0".repeat(places));
    let split = int.len() - places;
    let (head, moved) = int.split_at(split);
    let head = head.trim_start_matches('0');
    let head = if head.is_empty() { "0" } else { head };
    let frac = format!("{moved}{frac}");
    let frac = frac.trim_end_matches('0');
    Some(if frac.is_empty() { head.to_owned() } else { format!("{head}.{frac}") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_is_read_as_investors_write_it() {
        for (text, want) in [
            ("0.0003", "0.0003"),
            ("0.03%", "0.0003"),
            ("0.03 %", "0.0003"),
            ("０.０３％", "0.0003"),
            ("万分之三", "0.0003"),
            ("万分之3", "0.0003"),
            ("万分之二点五", "0.00025"),
            ("万分之2.5", "0.00025"),
            ("千分之一", "0.001"),
            ("1‰", "0.001"),
            ("百分之三十", "0.3"),
            ("百分之十五", "0.15"),
            ("30%", "0.3"),
            ("0.3", "0.3"),
            ("1", "1"),
            (".5", "0.5"),
            ("8.", "8"),
        ] {
            assert_eq!(normalize(text).as_deref(), Some(want), "{text}");
        }
        for bad in ["", "abc", "万分之", "1.2.3", "-0.1", "3e-4", "万分之三三三十"] {
            assert_eq!(normalize(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_rate_is_shown_back_as_a_percent() {
        assert_eq!(percent("0.0003"), "0.03%");
        assert_eq!(percent("0.00025"), "0.025%");
        assert_eq!(percent("0.3"), "30%");
        assert_eq!(percent("1"), "100%");
        assert_eq!(percent("0.03"), "3%");
        assert_eq!(percent("0"), "0%");
    }
}
