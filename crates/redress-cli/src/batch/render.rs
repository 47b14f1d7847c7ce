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

/// `d` exactly as `d.to_string()`.
pub fn push_decimal(out: &mut Vec<u8>, d: Decimal) {
    let scale = d.scale() as usize;
    let negative = d.is_sign_negative();
    let m = d.mantissa().unsigned_abs();
    if m == 0 && scale == 2 && !negative {
        // Most amounts of most investors.
        out.extend_from_slice(b"0.00");
        return;
    }
    // Written from the end: the `scale` last digits, the point, the others (at least one),
    // the sign.
    let mut buf = [0u8; BUF];
    let mut i = END;
    match u64::try_from(m) {
        Ok(mut m) if scale < 20 => {
            let mut k = scale;
            while k >= 2 {
                let r = (m % 100) as usize * 2;
                m /= 100;
                i -= 2;
                buf[i..i + 2].copy_from_slice(&PAIRS[r..r + 2]);
                k -= 2;
            }
            if k == 1 {
                i -= 1;
                buf[i] = b'0' + (m % 10) as u8;
                m /= 10;
            }
            if scale > 0 {
                i -= 1;
                buf[i] = b'.';
            }
            i = write_u64(&mut buf, i, m);
        }
        _ => {
            let mut m = m;
            for _ in 0..scale {
                i -= 1;
                buf[i] = b'0' + (m % 10) as u8;
                m /= 10;
            }
            if scale > 0 {
                i -= 1;
                buf[i] = b'.';
            }
            loop {
                i -= 1;
                buf[i] = b'0' + (m % 10) as u8;
                m /= 10;
                if m == 0 {
                    break;
                }
            }
        }
    }
    if negative {
        i -= 1;
        buf[i] = b'-';
    }
    push_end(out, &buf, i);
}

/// A whole number in decimal digits.
pub fn push_integer(out: &mut Vec<u8>, n: u64) {
    let mut buf = [0u8; BUF];
    let start = write_u64(&mut buf, END, n);
    push_end(out, &buf, start);
}

/// The room for a number: written to end at [`END`], and at most [`WIDE`] bytes long (a
/// `Decimal` has at most 29 digits, a point and a sign), with [`WIDE`] bytes after its start.
const BUF: usize = END + WIDE;
const END: usize = 40;
const WIDE: usize = 32;

/// Appends `buf[start..END]`: [`WIDE`] bytes copied at once (a copy of a known size needs
/// no call), then the bytes after the number taken off again.
#[inline(always)]
fn push_end(out: &mut Vec<u8>, buf: &[u8; BUF], start: usize) {
    let len = out.len();
    if let Some(wide) = buf.get(start..start + WIDE) {
        out.extend_from_slice(wide);
        out.truncate(len + END - start);
    }
}

/// Two digits of each number below 100.
const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
    2021222324252627282930313233343536373839\
    4041424344454647484950515253545556575859\
    6061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899";

/// Writes the digits of `n` (at least one) before `end` in `buf`; returns where they start.
fn write_u64(buf: &mut [u8; BUF], end: usize, mut n: u64) -> usize {
    let mut i = end;
    while n >= 100 {
        let r = (n % 100) as usize * 2;
        n /= 100;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&PAIRS[r..r + 2]);
    }
    if n >= 10 {
        let r = (n % 100) as usize * 2;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&PAIRS[r..r + 2]);
    } else {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
    }
    i
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
        for d in values {
            assert_eq!(text(d), d.to_string(), "{d:?}");
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
