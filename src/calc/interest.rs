//! Interest on the loss (rules.md §9; 2003 Art. 30): the principal, the rate in force
//! each day, and the integral over the fractional days from `Dbuy` to `Dend`.
//!
//! `interest = P × ∫ r(t) dt / Y` over `[Dbuy, Dend)` on the day-number line, where each
//! unit interval `[d, d + 1)` carries the rate in force on day `d`. With the deposit
//! table the rate is piecewise constant on whole days, so the integral is a sum over the
//! table's periods of `rate × overlap`; every figure stays an exact decimal.

use crate::case::InterestRate;
use crate::date::Date;
use crate::money::Decimal;

/// The People's Bank of China benchmark demand-deposit rate (活期存款基准利率), each with
/// the day it took effect (rules.md §9; DESIGN.md cites the announcements). The last
/// rate still stands.
pub const DEPOSIT_TABLE: [((i32, u32, u32), i64); 9] = [
    ((1999, 6, 10), 99),
    ((2002, 2, 21), 72),
    ((2007, 7, 21), 81),
    ((2007, 12, 21), 72),
    ((2008, 11, 27), 36),
    ((2011, 2, 9), 40),
    ((2011, 4, 6), 50),
    ((2012, 6, 8), 40),
    ((2012, 7, 6), 35),
];

/// The deposit table as dates and yearly rates (0.0035 = 0.35 %).
pub fn deposit_table() -> Vec<(Date, Decimal)> {
    DEPOSIT_TABLE
        .iter()
        .map(|&((y, m, d), r)| {
            (Date::from_ymd(y, m, d).expect("the table's dates are valid"), Decimal::new(r, 4))
        })
        .collect()
}

/// One stretch of the interest period at one rate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    /// First day (the day `Dbuy` falls in, or the day a rate took effect).
    pub from: Date,
    /// Last day (inclusive) the stretch touches.
    pub to: Date,
    /// Days in the stretch (fractional at the two ends).
    pub days: Decimal,
    /// Yearly rate.
    pub rate: Decimal,
}

/// Why the interest cannot be computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gap {
    /// The period starts before the deposit table's first date: the case must give a rate.
    BeforeTable(Date),
}

/// The rate periods over `[from, to)` (fractional day numbers) and `∫ r(t) dt`
/// (rate × days, summed). An empty or reversed interval has no periods.
pub fn integrate(
    rate: InterestRate,
    from: Decimal,
    to: Decimal,
) -> Result<(Vec<Period>, Decimal), Gap> {
    if to <= from {
        return Ok((Vec::new(), Decimal::ZERO));
    }
    let day_of = |x: Decimal| Date::from_day_number(floor_i32(x));
    // The day containing `to` only counts when `to` is past its start.
    let last_day = |end: Decimal| {
        let f = floor_i32(end);
        Date::from_day_number(if Decimal::from(f) == end { f - 1 } else { f })
    };
    let table: Vec<(Date, Decimal)> = match rate {
        InterestRate::Fixed(r) => vec![(day_of(from), r.0)],
        InterestRate::DepositTable => {
            let t = deposit_table();
            if Decimal::from(t[0].0.day_number()) > from {
                return Err(Gap::BeforeTable(day_of(from)));
            }
            t
        }
    };
    let mut periods = Vec::new();
    let mut total = Decimal::ZERO;
    for (i, &(start, r)) in table.iter().enumerate() {
        let lo = from.max(Decimal::from(start.day_number()));
        let hi = match table.get(i + 1) {
            Some(&(next, _)) => to.min(Decimal::from(next.day_number())),
            None => to,
        };
        if hi <= lo {
            continue;
        }
        let days = hi - lo;
        total += r * days;
        periods.push(Period { from: day_of(lo), to: last_day(hi), days, rate: r });
    }
    Ok((periods, total))
}

fn floor_i32(x: Decimal) -> i32 {
    i32::try_from(x.floor()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Ratio;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }
    fn day(s: &str) -> Decimal {
        Decimal::from(Date::parse_loose(s).unwrap().day_number())
    }

    #[test]
    fn whole_days_inside_one_rate() {
        let (p, total) =
            integrate(InterestRate::DepositTable, day("2013-01-01"), day("2013-01-31")).unwrap();
        assert_eq!(total, d("0.0035") * d("30"));
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].from.to_string(), "2013-01-01");
        assert_eq!(p[0].to.to_string(), "2013-01-30");
    }

    #[test]
    fn each_day_carries_the_rate_in_force_at_its_start() {
        // 2012-06-07 (0.50 %) and 2012-06-08 (0.40 %, from that day).
        let (p, total) =
            integrate(InterestRate::DepositTable, day("2012-06-07"), day("2012-06-09")).unwrap();
        assert_eq!(total, d("0.0050") + d("0.0040"));
        assert_eq!(p.len(), 2);
        assert_eq!((p[0].days, p[0].rate), (d("1"), d("0.0050")));
        assert_eq!((p[1].days, p[1].rate), (d("1"), d("0.0040")));
    }

    #[test]
    fn fractional_ends_count_their_fraction() {
        let from = day("2012-07-05") + d("0.5");
        let to = day("2012-07-06") + d("0.25");
        let (p, total) = integrate(InterestRate::DepositTable, from, to).unwrap();
        assert_eq!(total, d("0.5") * d("0.0040") + d("0.25") * d("0.0035"));
        assert_eq!(p[1].from.to_string(), "2012-07-06");
        assert_eq!(p[1].to.to_string(), "2012-07-06");
    }

    #[test]
    fn a_fixed_rate_is_one_period() {
        let (p, total) = integrate(
            InterestRate::Fixed(Ratio(d("0.0035"))),
            day("1990-01-01"),
            day("1990-01-11"),
        )
        .unwrap();
        assert_eq!((p.len(), total), (1, d("0.035")));
    }

    #[test]
    fn before_the_table_the_case_must_give_a_rate() {
        assert_eq!(
            integrate(InterestRate::DepositTable, day("1999-06-01"), day("1999-07-01")),
            Err(Gap::BeforeTable(Date::parse_loose("1999-06-01").unwrap()))
        );
    }

    #[test]
    fn the_table_is_in_date_order() {
        let t = deposit_table();
        assert!(t.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
