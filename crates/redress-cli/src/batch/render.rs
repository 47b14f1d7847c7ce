//! The rows of the results file, written straight into a chunk's output buffer.
//!
//! Every number is written as its `Display` writes it (digits of the mantissa, the point
//! placed by the scale, `-` when the sign is negative), without going through
//! `fmt::Formatter` and a `String` per cell; share counts are normalised first, as
//! `redress::money::Shares` displays them.

use redress::case::Direction;
use redress::money::Decimal;
use redress::report::SegmentResult;

/// The columns of one segment, in the order of [`segment_fields`].
pub struct SegmentColumns {
    /// `eligible_shares`.
    pub eligible: Decimal,
    /// `buy_average` (long) or `sell_average` (short), rounded.
    pub entry_average: Option<Decimal>,
    /// `sold_shares` (long) or `bought_back_shares` (short).
    pub exit_shares: Option<Decimal>,
    /// `sell_average` (long) or `buy_back_average` (short), rounded.
    pub exit_average: Option<Decimal>,
    /// `held_shares`.
    pub rest: Decimal,
    /// `loss_sold` … `compensation`, rounded.
    pub amounts: [Decimal; 10],
}

impl SegmentColumns {
    /// The columns of a segment of an estimate.
    pub fn of(s: &SegmentResult) -> SegmentColumns {
        let price = |p: Option<redress::money::Price>| p.map(|p| p.0);
        let (entry_average, exit_shares, exit_average) = match s.direction {
            Direction::Long => (price(s.buy_average), Some(s.sold_shares.0), price(s.sell_average)),
            Direction::Short => (
                price(s.sell_average),
                s.bought_back_shares.map(|x| x.0),
                price(s.buy_back_average),
            ),
        };
        SegmentColumns {
            eligible: s.eligible_shares.0,
            entry_average,
            exit_shares,
            exit_average,
            rest: s.held_shares.0,
            amounts: [
                s.loss_sold.0,
                s.loss_held.0,
                s.investment_loss.0,
                s.systemic_deduction.0,
                s.non_systemic_deduction.0,
                s.compensable_loss.0,
                s.commission.0,
                s.stamp_duty.0,
                s.interest.0,
                s.compensation.0,
            ],
        }
    }

    /// Writes `,` and each column.
    pub fn write(&self, out: &mut Vec<u8>) {
        out.push(b',');
        push_shares(out, self.eligible);
        out.push(b',');
        push_option(out, self.entry_average);
        out.push(b',');
        if let Some(x) = self.exit_shares {
            push_shares(out, x);
        }
        out.push(b',');
        push_option(out, self.exit_average);
        out.push(b',');
        push_shares(out, self.rest);
        for a in &self.amounts {
            out.push(b',');
            push_decimal(out, *a);
        }
    }
}

/// The columns of one segment, by direction (names as in the result JSON).
pub fn segment_fields(direction: Direction) -> &'static [&'static str] {
    match direction {
        Direction::Long => &[
            "eligible_shares",
            "buy_average",
            "sold_shares",
            "sell_average",
            "held_shares",
            "loss_sold",
            "loss_held",
            "investment_loss",
            "systemic_deduction",
            "non_systemic_deduction",
            "compensable_loss",
            "commission",
            "stamp_duty",
            "interest",
            "compensation",
        ],
        Direction::Short => &[
            "eligible_shares",
            "sell_average",
            "bought_back_shares",
            "buy_back_average",
            "held_shares",
            "loss_sold",
            "loss_held",
            "investment_loss",
            "systemic_deduction",
            "non_systemic_deduction",
            "compensable_loss",
            "commission",
            "stamp_duty",
            "interest",
            "compensation",
        ],
    }
}

fn push_option(out: &mut Vec<u8>, d: Option<Decimal>) {
    if let Some(d) = d {
        push_decimal(out, d);
    }
}

/// A share count as `Shares` displays it (normalised: a whole count is already, unless
/// it is a negative zero).
pub fn push_shares(out: &mut Vec<u8>, d: Decimal) {
    if d.scale() == 0 && !d.is_zero() {
        push_decimal(out, d);
    } else {
        push_decimal(out, d.normalize());
    }
}

/// `d` exactly as `d.to_string()`: the digits of the mantissa, the point placed by the
/// scale (every digit after it written), `-` when the sign is negative.
pub fn push_decimal(out: &mut Vec<u8>, d: Decimal) {
    let scale = d.scale();
    let negative = d.is_sign_negative();
    let m = d.mantissa().unsigned_abs();
    if m == 0 && scale == 2 && !negative {
        // Most amounts of most investors.
        out.extend_from_slice(b"0.00");
        return;
    }
    if negative {
        out.push(b'-');
    }
    let point = u64::from(b'.');
    match u64::try_from(m) {
        Ok(m) if scale == 0 => push_integer(out, m),
        // Amounts and averages: the divisions by constants are multiplications.
        Ok(m) if scale == 2 => {
            push_integer(out, m / 100);
            push_word(out, point | pair(m % 100) << 8, 3);
        }
        Ok(m) if scale == 4 => {
            push_integer(out, m / 10_000);
            let fraction = m % 10_000;
            push_word(out, point | pair(fraction / 100) << 8 | pair(fraction % 100) << 24, 5);
        }
        Ok(m) if scale <= 8 => {
            let unit = POWERS[scale as usize];
            push_integer(out, m / unit);
            out.push(b'.');
            push_word(out, eight_digits(m % unit) >> (64 - 8 * scale), scale as usize);
        }
        _ => push_long(out, m, scale as usize),
    }
}

/// A whole number in decimal digits.
pub fn push_integer(out: &mut Vec<u8>, n: u64) {
    if n < 10 {
        out.push(b'0' + (n % 10) as u8);
    } else if n < EIGHT {
        let (word, len) = small(n);
        push_word(out, word, len);
    } else if n < EIGHT * EIGHT {
        let (word, len) = small(n / EIGHT);
        push_word(out, word, len);
        push_word(out, eight_digits(n % EIGHT), 8);
    } else {
        push_long(out, u128::from(n), 0);
    }
}

/// 10⁸: the numbers of at most eight digits.
const EIGHT: u64 = 100_000_000;

/// 10 to the power of each number up to 8.
const POWERS: [u64; 9] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, EIGHT];

/// The two ASCII digits of each number below 100, the first in the low byte.
const PAIRS: [u16; 100] = {
    let mut pairs = [0u16; 100];
    let mut i: u8 = 0;
    while i < 100 {
        pairs[i as usize] = (b'0' + i / 10) as u16 | ((b'0' + i % 10) as u16) << 8;
        i += 1;
    }
    pairs
};

/// The two digits of `n` (below 100) as ASCII, the first in the low byte.
#[inline(always)]
fn pair(n: u64) -> u64 {
    u64::from(PAIRS[(n % 100) as usize])
}

/// The digits of `n` (below 10⁸) as ASCII, the first in the low byte, and how many: two at
/// a time from the last, each pair put before the ones found before it.
#[inline(always)]
fn small(mut n: u64) -> (u64, usize) {
    let (mut word, mut len) = (0, 0);
    while n >= 100 {
        word = word << 16 | pair(n % 100);
        n /= 100;
        len += 2;
    }
    if n >= 10 {
        (word << 16 | pair(n), len + 2)
    } else {
        (word << 8 | (u64::from(b'0') + n), len + 1)
    }
}

/// The eight digits of `n` (below 10⁸, with zeros before it) as ASCII, the first digit in
/// the lowest byte: split into two halves of four digits, each into two pairs, each pair
/// into two digits, every lane at once (a multiplication and a shift divide by 100 and 10
/// exactly for numbers this small).
fn eight_digits(n: u64) -> u64 {
    let v = (n / 10_000) | ((n % 10_000) << 32);
    let hundreds = ((v * 10_486) >> 20) & 0x0000_007F_0000_007F;
    let v = hundreds | ((v - hundreds * 100) << 16);
    let tens = ((v * 103) >> 10) & 0x000F_000F_000F_000F;
    let v = tens | ((v - tens * 10) << 8);
    v | u64::from_ne_bytes([b'0'; 8])
}

/// Appends the first `n` (1 to 8) bytes of `word`, written from a register as eight bytes,
/// then the length set: no copy of bytes just written one at a time, which the processor
/// would have to wait for.
#[inline(always)]
fn push_word(out: &mut Vec<u8>, word: u64, n: usize) {
    let len = out.len();
    out.extend_from_slice(&word.to_le_bytes());
    out.truncate(len + n);
}

/// The digits of `m`, with a point before the last `scale` of them (at least one before
/// it), for numbers beyond the usual: digit by digit.
fn push_long(out: &mut Vec<u8>, mut m: u128, scale: usize) {
    let mut digits = [b'0'; 64];
    let mut i = digits.len();
    for _ in 0..scale {
        i -= 1;
        digits[i] = b'0' + (m % 10) as u8;
        m /= 10;
    }
    if scale > 0 {
        i -= 1;
        digits[i] = b'.';
    }
    loop {
        i -= 1;
        digits[i] = b'0' + (m % 10) as u8;
        m /= 10;
        if m == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(d: Decimal) -> String {
        let mut out = Vec::new();
        push_decimal(&mut out, d);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn decimals_print_as_display_prints_them() {
        let mut values: Vec<Decimal> = [
            "0",
            "0.00",
            "-0.00",
            "1",
            "-1",
            "0.05",
            "-0.05",
            "15520.15",
            "14.6000",
            "1e-28",
            "123456789.123456789",
            "-0.000000000001",
        ]
        .iter()
        .map(|s| s.parse::<Decimal>().or_else(|_| Decimal::from_scientific(s)).unwrap())
        .collect();
        values.push(-Decimal::ZERO);
        values.push(Decimal::MAX);
        values.push(Decimal::MIN);
        values.push(Decimal::from_i128_with_scale(i128::from(u64::MAX) + 1, 19));
        values.push(Decimal::from_i128_with_scale(i128::from(u64::MAX), 19));
        values.push(Decimal::from_i128_with_scale(7, 28));
        // A walk through mantissas and scales.
        let mut m: i128 = 1;
        for i in 0..95 {
            for scale in [0, 1, 2, 4, 12, 19, 20, 27, 28] {
                let x = if i % 2 == 0 { m } else { -m };
                values.push(Decimal::from_i128_with_scale(x, scale));
                values.push(Decimal::from_i128_with_scale(x / 3, scale));
            }
            m = m * 2 + i % 3;
        }
        // Every number of digits and every scale, at the edges of each size.
        for digits in 1..=29u32 {
            let high = 10i128.pow(digits) - 1;
            let ms = [10i128.pow(digits - 1), high, high / 7, high - 10i128.pow(digits - 1) / 3];
            for m in ms.into_iter().filter(|m| *m < 1 << 96) {
                for scale in 0..=28 {
                    values.push(Decimal::from_i128_with_scale(m, scale));
                    values.push(Decimal::from_i128_with_scale(-m, scale));
                }
            }
        }
        for d in values {
            assert_eq!(text(d), d.to_string(), "{d:?}");
        }
    }

    #[test]
    fn integers_print_as_display_prints_them() {
        let mut values = vec![0, 1, 9, 10, 99, 100, u64::MAX, u64::MAX - 1];
        for k in 1..20 {
            let p = 10u64.pow(k);
            values.extend([p - 1, p, p + 1, p / 3, p / 7 * 6]);
        }
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..10_000 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            values.push(x >> (x % 64));
        }
        for n in values {
            let mut out = b"x".to_vec();
            push_integer(&mut out, n);
            assert_eq!(out, format!("x{n}").into_bytes());
            let mut word = Vec::new();
            if n < EIGHT {
                push_word(&mut word, eight_digits(n), 8);
                assert_eq!(word, format!("{n:08}").into_bytes());
                let (digits, len) = small(n);
                word.clear();
                push_word(&mut word, digits, len);
                assert_eq!(word, n.to_string().into_bytes());
            }
        }
    }

    #[test]
    fn shares_print_normalised() {
        let mut out = Vec::new();
        push_shares(&mut out, "867.10".parse().unwrap());
        out.push(b' ');
        push_shares(&mut out, Decimal::from(2500));
        out.push(b' ');
        push_shares(&mut out, -Decimal::ZERO);
        out.push(b' ');
        push_shares(&mut out, Decimal::from(-7));
        assert_eq!(out, b"867.1 2500 0 -7");
    }
}
