//! The ranges the calculation accepts, so that no product or sum can overflow a `Decimal`
//! (about 7.9 × 10²⁸): an input outside them is an error naming the row, never a panic.
//!
//! The bounds are far beyond any real A-share data: the largest listed company has about
//! 3 × 10¹¹ shares, prices are below 10⁴ yuan and index levels below 10⁵. With them the
//! largest amount of one row is 10²⁰ and a sum over 10⁷ rows stays below 10²⁷.

use rust_decimal::Decimal;

use crate::error::{Error, ErrorKind};

use super::Input;

/// The largest quantity of one row, and the largest opening position: 10¹¹ shares.
pub const MAX_QUANTITY: u64 = 100_000_000_000;
/// The largest price per share (and dividend per share): 10⁵ yuan.
pub const MAX_PRICE: Decimal = Decimal::from_parts(100_000, 0, 0, false, 0);
/// The largest index level: 10⁶.
pub const MAX_INDEX: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);
/// The smallest positive price or index level: 0.001.
pub const MIN_PRICE: Decimal = Decimal::from_parts(1, 0, 0, false, 3);
/// The largest daily volume or float: 10¹³ shares.
pub const MAX_VOLUME: Decimal = Decimal::from_parts(1_316_134_912, 2_328, 0, false, 0);
/// The largest ratio of bonus shares per share held: 10.
pub const MAX_BONUS_RATIO: Decimal = Decimal::TEN;

fn out_of_range(
    value: String,
    limit: &'static str,
    file: &str,
    row: Option<u32>,
    column: &str,
) -> Error {
    Error::at(ErrorKind::OutOfRange { value, limit }, file, row, Some(column))
}

/// Checks every trade, the opening position and the market data.
pub fn check(input: &Input<'_>) -> Result<(), Error> {
    if input.opening_position > MAX_QUANTITY {
        return Err(out_of_range(
            input.opening_position.to_string(),
            "100000000000",
            "",
            None,
            "opening_position",
        ));
    }
    for t in input.trades {
        let file = input.files.get(t.origin.file as usize).map_or("", String::as_str);
        if t.quantity > MAX_QUANTITY {
            return Err(out_of_range(
                t.quantity.to_string(),
                "100000000000",
                file,
                Some(t.origin.row),
                "quantity",
            ));
        }
        let needs_positive = t.kind.needs_price();
        if let Some(p) = t.price
            && (p.0 > MAX_PRICE
                || (p.0 < MIN_PRICE && (needs_positive || !p.0.is_zero()))
                || p.0.is_sign_negative())
        {
            return Err(out_of_range(p.0.to_string(), "100000", file, Some(t.origin.row), "price"));
        }
    }
    if let Some(m) = input.market {
        for b in &m.bars {
            if b.close.0 > MAX_PRICE || b.close.0 < MIN_PRICE {
                return Err(out_of_range(b.close.0.to_string(), "100000", "market", None, "close"));
            }
            if b.volume > MAX_VOLUME
                || b.volume.is_sign_negative()
                || b.float > MAX_VOLUME
                || b.float < Decimal::ONE
            {
                return Err(out_of_range(
                    format!("{} / {}", b.volume, b.float),
                    "10000000000000",
                    "market",
                    None,
                    "volume/float",
                ));
            }
        }
    }
    if let Some(ix) = input.indices {
        for (code, series) in &ix.series {
            for (_, c) in series {
                if c.0 > MAX_INDEX || c.0 < MIN_PRICE {
                    return Err(out_of_range(c.0.to_string(), "1000000", code, None, "close"));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_are_what_they_say() {
        assert_eq!(MAX_PRICE.to_string(), "100000");
        assert_eq!(MAX_INDEX.to_string(), "1000000");
        assert_eq!(MIN_PRICE.to_string(), "0.001");
        assert_eq!(MAX_VOLUME.to_string(), "10000000000000");
    }
}
