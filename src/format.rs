//! Number formatting shared by the explanation, the CLI table and the web page:
//! money to the fen with thousands separators, averages to 4 places, percentages.

use rust_decimal::Decimal;

use crate::money::{round_average, round_half_up, round_yuan};

/// `d` as plain digits; a zero is never signed (a zero reached by negation or by rounding
/// a small negative amount would otherwise print as `-0`).
fn plain(d: Decimal) -> String {
    if d.is_zero() { d.abs() } else { d }.to_string()
}

/// `15500` → `15,500.00` (rounded half-up to the fen).
pub fn yuan(d: Decimal) -> String {
    group(&plain(round_yuan(d)))
}

/// `14.6` → `14.6000`.
pub fn price(d: Decimal) -> String {
    group(&plain(round_average(d)))
}

/// A share count: `2500` → `2,500`; a fraction keeps up to 4 places (`867.1`).
pub fn shares(d: Decimal) -> String {
    if d.fract().is_zero() {
        group(&plain(d.trunc()))
    } else {
        group(&plain(round_half_up(d, 4).normalize()))
    }
}

/// `0.2213` → `22.13%` (2 places, half-up).
pub fn percent(d: Decimal) -> String {
    format!("{}%", plain(round_half_up(d * Decimal::ONE_HUNDRED, 2)))
}

/// A rate as written (`0.0003`), without trailing zeros.
pub fn rate(d: Decimal) -> String {
    plain(d.normalize())
}

/// Inserts thousands separators into the integer part of a plain decimal string.
pub fn group(s: &str) -> String {
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", s),
    };
    let (int, frac) = match rest.find('.') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let mut out = String::with_capacity(s.len() + int.len() / 3);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out.push_str(frac);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(yuan(d("15520.145")), "15,520.15");
        assert_eq!(yuan(d("-1234567.5")), "-1,234,567.50");
        assert_eq!(price(d("14.6")), "14.6000");
        assert_eq!(shares(d("2500")), "2,500");
        assert_eq!(shares(d("867.10")), "867.1");
        assert_eq!(percent(d("0.22134")), "22.13%");
        assert_eq!(group("999"), "999");
        // A zero reached by subtraction or negation can carry a sign: never shown.
        let minus_zero = -Decimal::ZERO;
        assert!(minus_zero.is_sign_negative(), "the case this guards against");
        assert_eq!(shares(minus_zero), "0");
        assert_eq!(shares(d("-0.00")), "0");
        assert_eq!(yuan(minus_zero), "0.00");
        assert_eq!(price(minus_zero), "0.0000");
        assert_eq!(rate(minus_zero), "0");
        assert_eq!(percent(minus_zero), "0.00%");
    }
}
