//! Sharing a limited fund pro rata among the claims (`redress batch --fund`).
//!
//! When the claims add up to more than the fund, each claimant gets
//! `claim × fund ÷ total claims`, computed exactly in whole fen (integers, no rounding
//! on the way), then **rounded down** to the fen. The fen left over by rounding down
//! (fewer than the number of claimants) go one each to the claimants with the largest
//! remainders, earlier rows first among equal remainders (the largest-remainder or
//! Hamilton method). So the shares add up to the fund exactly, no share exceeds its exact
//! pro-rata amount by a whole fen, and none exceeds its claim. When the fund covers
//! every claim, each claimant gets the claim.

use redress::money::{Decimal, round_yuan};

/// Why a fund cannot be shared.
#[derive(Debug, PartialEq, Eq)]
pub enum FundError {
    /// An amount is too large for exact arithmetic (more than about 10^36 fen).
    TooLarge,
}

/// Whole fen of an amount in yuan, when it is a non-negative amount to the fen.
pub fn to_fen(yuan: Decimal) -> Option<u128> {
    if yuan.scale() == 2 && !yuan.is_sign_negative() {
        // Already to the fen (every compensation is): the mantissa is the fen.
        return u128::try_from(yuan.mantissa()).ok();
    }
    if yuan.is_sign_negative() || round_yuan(yuan) != yuan {
        return None;
    }
    u128::try_from(yuan * Decimal::ONE_HUNDRED).ok()
}

/// An amount of fen as yuan with two places.
pub fn from_fen(fen: u128) -> Decimal {
    i128::try_from(fen).map_or(Decimal::MAX, |f| Decimal::from_i128_with_scale(f, 2))
}

/// Each claim's share of `fund` (all in fen, in claim order). See the module doc.
pub fn shares(claims: &[u128], fund: u128) -> Result<Vec<u128>, FundError> {
    let total =
        claims.iter().try_fold(0u128, |s, c| s.checked_add(*c)).ok_or(FundError::TooLarge)?;
    if total <= fund {
        return Ok(claims.to_vec());
    }
    let mut out = Vec::with_capacity(claims.len());
    let mut remainders = Vec::new();
    let mut given = 0u128;
    for (i, c) in claims.iter().enumerate() {
        let exact = c.checked_mul(fund).ok_or(FundError::TooLarge)?;
        let (share, rem) = (exact / total, exact % total);
        given += share;
        out.push(share);
        if rem > 0 {
            remainders.push((rem, i));
        }
    }
    // Fewer leftover fen than claims with a remainder: Σ rem / total = fund − given.
    let leftover = usize::try_from(fund - given).map_err(|_| FundError::TooLarge)?;
    remainders.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in remainders.into_iter().take(leftover) {
        out[i] += 1;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_equal_claims_share_two_fen_earliest_first() {
        assert_eq!(shares(&[1, 1, 1], 2).unwrap(), vec![1, 1, 0]);
    }

    #[test]
    fn largest_remainder_gets_the_leftover_fen() {
        // Claims 333, 333, 334 (total 1000) sharing 100: 33.3, 33.3, 33.4 → floors 33 each
        // (99), the leftover fen to the largest remainder (the third).
        assert_eq!(shares(&[333, 333, 334], 100).unwrap(), vec![33, 33, 34]);
        // 1/6, 2/6, 3/6 of 10 fen: 1.67, 3.33, 5 → floors 1, 3, 5 (9), the leftover fen to
        // the largest remainder (the first).
        assert_eq!(shares(&[100, 200, 300], 10).unwrap(), vec![2, 3, 5]);
    }

    #[test]
    fn a_fund_that_covers_every_claim_pays_the_claims() {
        assert_eq!(shares(&[500, 0, 250], 750).unwrap(), vec![500, 0, 250]);
        assert_eq!(shares(&[500, 0, 250], 1_000_000).unwrap(), vec![500, 0, 250]);
    }

    #[test]
    fn shares_sum_to_the_fund_and_never_exceed_the_claim() {
        // A deterministic spread of claims, including zeros and one large claim.
        let claims: Vec<u128> = (0..5_000u128).map(|i| (i * 7_919 + 13) % 1_000_003).collect();
        let total: u128 = claims.iter().sum();
        for fund in [1, 997, total / 3, total - 1] {
            let s = shares(&claims, fund).unwrap();
            assert_eq!(s.iter().sum::<u128>(), fund);
            for (share, claim) in s.iter().zip(&claims) {
                assert!(share <= claim);
                // Within one fen above the exact pro-rata amount, never a fen below its floor.
                assert!(share * total <= claim * fund + total);
                assert!(share * total + total > claim * fund);
            }
        }
    }

    #[test]
    fn converts_yuan_and_fen() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(to_fen(d("1234.5")), Some(123_450));
        assert_eq!(to_fen(d("0.001")), None);
        assert_eq!(to_fen(d("-1")), None);
        assert_eq!(from_fen(123_450).to_string(), "1234.50");
    }
}
