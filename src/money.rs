//! Exact decimal quantities: money, prices, share counts and ratios, and the one rounding rule.
//!
//! Every amount is a [`Decimal`] (28 significant digits, base 10), never a binary float.
//! Nothing is rounded until a value is reported; then [`round_yuan`] rounds half-up
//! (away from zero) to the fen and [`round_average`] rounds averages to 4 places for
//! display. `Decimal::round_dp` (banker's rounding) is banned in `clippy.toml`.

use std::fmt;
use std::str::FromStr;

pub use rust_decimal::Decimal;
use rust_decimal::RoundingStrategy;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// `value.round_dp_with_strategy(places, MidpointAwayFromZero)` for a value with more than
/// `places` decimals, in one integer division of the mantissa (the library divides by
/// 10⁹ at a time, twice over): the same digits, sign and scale, several times faster. The
/// batch rounds a dozen amounts per investor (DESIGN.md "Batch").
fn divide_and_round(value: Decimal, places: u32) -> Option<Decimal> {
    let scale = value.scale();
    if scale <= places {
        return None;
    }
    let unit = 10u128.checked_pow(scale - places)?;
    let m = value.mantissa().unsigned_abs();
    let (q, r) = match (u64::try_from(m), u64::try_from(unit)) {
        (Ok(m), Ok(unit)) => (u128::from(m / unit), u128::from(m % unit)),
        // One 128-bit division, not two (a quotient and a remainder are two calls).
        _ => {
            let q = m / unit;
            (q, m - q * unit)
        }
    };
    // Half or more of the unit rounds the magnitude up.
    let q = i128::try_from(if r >= unit - r { q + 1 } else { q }).ok()?;
    Some(Decimal::from_i128_with_scale(if value.is_sign_negative() { -q } else { q }, places))
}

/// Rounds an amount of money half-up (away from zero) to 0.01 yuan, keeping two places.
pub fn round_yuan(amount: Decimal) -> Decimal {
    round_half_up(amount, 2)
}

/// Rounds an average price half-up to 4 places, for display only.
pub fn round_average(price: Decimal) -> Decimal {
    round_half_up(price, 4)
}

/// Rounds half-up (away from zero) to `places` decimal places and pads to exactly that scale.
pub fn round_half_up(value: Decimal, places: u32) -> Decimal {
    let mut v = match divide_and_round(value, places) {
        // A quotient is made at the scale asked for: nothing to pad (and the value is not
        // written to memory for `rescale`, piece by piece, to be read back whole).
        Some(v) if !v.is_zero() => return v,
        Some(v) => v,
        None => value.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero),
    };
    if v.is_zero() {
        // A tiny negative remainder (−0.000…05) must not print as "-0.00".
        v = Decimal::ZERO;
    }
    v.rescale(places);
    v
}

/// Parses a decimal written in plain notation (`12.00`, `-0.5`, `1e3` is refused).
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let t = text.trim();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'+')
    {
        return None;
    }
    Decimal::from_str(t).ok()
}

/// An amount of money in yuan (元). Serialised as a string.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Yuan(pub Decimal);

/// A price per share in yuan, or an index level. Serialised as a string.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Price(pub Decimal);

/// A number of shares. Whole in every input; after an ex-rights adjustment (rules.md §7)
/// a layer may hold a fraction. Serialised as a JSON integer when whole, otherwise as a
/// decimal string (see DESIGN.md, "Can a share count be fractional?").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Shares(pub Decimal);

/// A dimensionless ratio or rate (commission rate, deduction ratio). Serialised as a string.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ratio(pub Decimal);

macro_rules! decimal_newtype {
    ($t:ident, $visitor:expr) => {
        impl $t {
            /// Zero.
            pub const ZERO: $t = $t(Decimal::ZERO);

            /// The inner decimal.
            pub fn get(self) -> Decimal {
                self.0
            }
        }

        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0.normalize(), f)
            }
        }

        impl FromStr for $t {
            type Err = String;
            fn from_str(s: &str) -> Result<$t, String> {
                parse_decimal(s).map($t).ok_or_else(|| format!("`{s}` is not a decimal number"))
            }
        }

        impl From<Decimal> for $t {
            fn from(d: Decimal) -> $t {
                $t(d)
            }
        }

        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<$t, D::Error> {
                d.deserialize_any($visitor).map($t)
            }
        }
    };
}

decimal_newtype!(Yuan, DecimalVisitor { rate: false });
decimal_newtype!(Price, DecimalVisitor { rate: false });
decimal_newtype!(Shares, DecimalVisitor { rate: false });
// A ratio is read as people write rates too: "0.03%" is 0.0003 (crate::rate).
decimal_newtype!(Ratio, DecimalVisitor { rate: true });

impl Serialize for Yuan {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl Serialize for Price {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl Serialize for Ratio {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0.normalize())
    }
}

impl Serialize for Shares {
    /// Reported to 4 places: adjusted quantities carry 10, and no reader needs more.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let reported = Shares(round_half_up(self.0, 4));
        match reported.whole() {
            Some(n) => s.serialize_i64(n),
            None => s.collect_str(&reported.0.normalize()),
        }
    }
}

impl Shares {
    /// A whole number of shares.
    pub fn from_int(n: i64) -> Shares {
        Shares(Decimal::from(n))
    }

    /// The count as an integer, if it is whole and fits.
    pub fn whole(self) -> Option<i64> {
        if self.0.fract().is_zero() { i64::try_from(self.0).ok() } else { None }
    }
}

/// Accepts a decimal as a string (the contract) or as an integer (TOML and JSON
/// authors write `scale = 1`); with `rate`, also a rate as [`crate::rate`] reads it
/// (`"0.03%"`, `"万分之三"`). Binary floats are refused: `0.1` in a TOML number is
/// already inexact, so the error asks for a string.
struct DecimalVisitor {
    rate: bool,
}

impl serde::de::Visitor<'_> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal number written as a string, such as \"0.0003\"")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Decimal, E> {
        match parse_decimal(v) {
            Some(d) => Ok(d),
            None if self.rate => crate::rate::parse(v).ok_or_else(|| {
                E::custom(format!(
                    "`{v}` is not a rate (write \"0.03%\", \"万分之三\" or \"0.0003\")"
                ))
            }),
            None => Err(E::custom(format!("`{v}` is not a decimal number"))),
        }
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Decimal, E> {
        // tidy: allow (refuses floats)
        Err(E::custom(
            "decimals must be written as strings (for example \"0.0003\"), never as floating-point numbers",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn rounds_half_up_away_from_zero() {
        assert_eq!(round_yuan(d("4.645")).to_string(), "4.65");
        assert_eq!(round_yuan(d("4.655")).to_string(), "4.66");
        assert_eq!(round_yuan(d("-4.645")).to_string(), "-4.65");
        assert_eq!(round_yuan(d("15500")).to_string(), "15500.00");
        assert_eq!(round_average(d("14.666666666")).to_string(), "14.6667");
        assert_eq!(round_yuan(d("-0.0000000000000000000005")).to_string(), "0.00");
    }

    #[test]
    fn the_fast_rounding_is_the_library_rounding() {
        let library = |v: Decimal, places: u32| {
            let mut r = v.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
            if r.is_zero() {
                r = Decimal::ZERO;
            }
            r.rescale(places);
            r
        };
        // A 64-bit linear congruential stream: mantissas of every size, every scale,
        // exact midpoints and their neighbours.
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = || {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            x
        };
        for i in 0..200_000u32 {
            let bits = 1 + next() % 96;
            let m = ((u128::from(next()) << 64 | u128::from(next())) >> (128 - bits)) as i128;
            let scale = u32::try_from(next() % 29).unwrap();
            let places = u32::try_from(next() % 13).unwrap();
            let mut values = vec![Decimal::from_i128_with_scale(m, scale)];
            if scale > places {
                let unit = 10i128.pow(scale - places);
                let half = (m / unit) * unit + unit / 2;
                if unit % 2 == 0 && half < (1i128 << 96) {
                    for h in [half - 1, half, half + 1] {
                        values.push(Decimal::from_i128_with_scale(h, scale));
                    }
                }
            }
            for v in values {
                let v = if i % 2 == 0 { v } else { -v };
                let (fast, slow) = (round_half_up(v, places), library(v, places));
                assert_eq!(fast.serialize(), slow.serialize(), "{v} to {places} places");
            }
        }
    }

    #[test]
    fn shares_serialise_as_integers_when_whole() {
        assert_eq!(serde_json::to_string(&Shares::from_int(2500)).unwrap(), "2500");
        assert_eq!(serde_json::to_string(&Shares(d("867.1"))).unwrap(), "\"867.1\"");
        assert_eq!(serde_json::to_string(&Shares(d("2500.00"))).unwrap(), "2500");
        assert_eq!(serde_json::to_string(&Shares(d("2499.9999999999"))).unwrap(), "2500");
        assert_eq!(
            serde_json::to_string(&Shares(d("12085.2131039961"))).unwrap(),
            "\"12085.2131\""
        );
    }

    #[test]
    fn parses_plain_decimals_only() {
        assert_eq!(parse_decimal(" 12.50 "), Some(d("12.50")));
        assert_eq!(parse_decimal("1e3"), None);
        assert_eq!(parse_decimal(""), None);
        assert!(serde_json::from_str::<Ratio>("0.1").is_err());
        assert_eq!(serde_json::from_str::<Ratio>("\"0.1\"").unwrap(), Ratio(d("0.1")));
        assert_eq!(serde_json::from_str::<Ratio>("1").unwrap(), Ratio(d("1")));
        // A ratio is a rate as people write it; a price is no percent.
        assert_eq!(serde_json::from_str::<Ratio>("\"0.03%\"").unwrap(), Ratio(d("0.0003")));
        assert_eq!(serde_json::from_str::<Ratio>("\"万分之三\"").unwrap(), Ratio(d("0.0003")));
        assert!(serde_json::from_str::<Price>("\"8%\"").is_err());
    }
}
