//! Ex-rights and ex-dividend adjustment (复权, rules.md §7; 2022 Art. 29, 2003 Art. 35).
//!
//! An event on ex-date `x` with `r` new shares per share and cash `D` per share turns an
//! earlier price `p` into `(p − D) / (1 + r)` and an earlier quantity `q` into `q (1 + r)`,
//! events applying in date order. Closes before `x` change the same way. Only events up
//! to the segment's base date apply: every price and quantity is then expressed in the
//! terms of `Tb`, the day `Pb` is measured on (DESIGN.md, "Which ex-rights events apply,
//! and in whose terms are prices?").

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::case::CorporateAction;
use crate::date::Date;
use crate::money::{Price, Ratio};
use crate::report::AdjustmentEvent;

/// One event with its ratio and dividend.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Event {
    /// Ex-date.
    pub x: Date,
    /// New shares per share.
    pub r: Decimal,
    /// Cash per share (zero unless dividends adjust).
    pub d: Decimal,
    /// From the case (`true`) or inferred from rows.
    pub from_case: bool,
}

impl Event {
    /// The report form.
    pub fn report(&self) -> AdjustmentEvent {
        AdjustmentEvent {
            ex_date: self.x,
            bonus_per_share: Ratio(self.r),
            dividend_per_share: Price(self.d),
            source: if self.from_case { "case" } else { "inferred" },
        }
    }
}

/// What the rows say about bonus shares and dividends, per date.
#[derive(Clone, Debug, Default)]
pub struct RowEvents {
    /// Bonus shares credited on each date, and the position held at the start of it.
    pub bonus: BTreeMap<Date, (Decimal, Decimal)>,
    /// Cash per share of dividend rows on each date (the largest, if several).
    pub dividend: BTreeMap<Date, Decimal>,
}

/// Builds the event list: the case's corporate actions, then the bonus (and, when asked,
/// dividend) rows on dates the case does not cover. Returns the events in date order and
/// the dates of bonus rows that could not be attributed (no shares held before).
pub fn events(
    actions: &[CorporateAction],
    rows: &RowEvents,
    adjust_dividends: bool,
) -> (Vec<Event>, Vec<Date>) {
    let mut by_date: BTreeMap<Date, Event> = BTreeMap::new();
    for a in actions {
        let e = by_date.entry(a.ex_date).or_insert(Event {
            x: a.ex_date,
            r: Decimal::ZERO,
            d: Decimal::ZERO,
            from_case: true,
        });
        if let Some(b) = a.bonus_per_share {
            e.r += b.0;
        }
        if adjust_dividends && let Some(d) = a.dividend_per_share {
            e.d += d.0;
        }
    }
    let case_bonus: Vec<Date> =
        actions.iter().filter(|a| a.bonus_per_share.is_some()).map(|a| a.ex_date).collect();
    let case_dividend: Vec<Date> =
        actions.iter().filter(|a| a.dividend_per_share.is_some()).map(|a| a.ex_date).collect();
    let mut unattributed = Vec::new();
    for (&x, &(qty, held)) in &rows.bonus {
        if case_bonus.contains(&x) {
            continue;
        }
        // No holding to attribute the bonus to, or an impossible ratio (a history that
        // starts late): the shares are treated as held before T0.
        if held <= Decimal::ZERO || qty > held * super::limits::MAX_BONUS_RATIO {
            unattributed.push(x);
            continue;
        }
        let e = by_date.entry(x).or_insert(Event {
            x,
            r: Decimal::ZERO,
            d: Decimal::ZERO,
            from_case: false,
        });
        e.r += announced_ratio(qty, held);
    }
    if adjust_dividends {
        for (&x, &d) in &rows.dividend {
            if case_dividend.contains(&x) {
                continue;
            }
            let e = by_date.entry(x).or_insert(Event {
                x,
                r: Decimal::ZERO,
                d: Decimal::ZERO,
                from_case: false,
            });
            e.d += d;
        }
    }
    let events =
        by_date.into_values().filter(|e| e.r > Decimal::ZERO || e.d > Decimal::ZERO).collect();
    (events, unattributed)
}

/// The ratio behind `qty` bonus shares credited on `held` shares. Companies announce
/// ratios such as 10送3 (0.3), and the registrar rounds each account's shares, so 333
/// shares receive 99 or 100, not 99.9. The inferred ratio is the one with the fewest
/// decimals (up to 4) that explains the credit to within one share; only when none does
/// is it the exact quotient.
pub fn announced_ratio(qty: Decimal, held: Decimal) -> Decimal {
    let exact = qty / held;
    (1..=4)
        .map(|places| crate::money::round_half_up(exact, places).normalize())
        .find(|r| *r > Decimal::ZERO && (held * *r - qty).abs() < Decimal::ONE)
        .unwrap_or(exact)
}

/// The events that apply to a segment whose base date is `tb`.
pub fn up_to(events: &[Event], tb: Date) -> &[Event] {
    &events[..events.partition_point(|e| e.x <= tb)]
}

/// The quantity factor `Π (1 + r)` for something held at the end of `date`.
pub fn quantity_factor(events: &[Event], date: Date) -> Decimal {
    events.iter().filter(|e| e.x > date).fold(Decimal::ONE, |f, e| f * (Decimal::ONE + e.r))
}

/// A quantity held at the end of `date` in the terms of the last event, kept to 10 decimal
/// places (an inferred ratio such as 1,900 / 5,700 does not terminate).
pub fn quantity(events: &[Event], date: Date, q: Decimal) -> Decimal {
    let f = quantity_factor(events, date);
    if f == Decimal::ONE { q } else { crate::money::round_half_up(q * f, 10).normalize() }
}

/// A price on `date` in the terms of the last event.
pub fn price(events: &[Event], date: Date, p: Decimal) -> Decimal {
    events.iter().filter(|e| e.x > date).fold(p, |p, e| (p - e.d) / (Decimal::ONE + e.r))
}

#[cfg(test)]
mod tests {
    use super::announced_ratio;
    use rust_decimal::Decimal;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn recovers_the_announced_ratio_from_rounded_credits() {
        assert_eq!(announced_ratio(d("1500"), d("3000")), d("0.5"));
        assert_eq!(announced_ratio(d("99"), d("333")), d("0.3"));
        assert_eq!(announced_ratio(d("100"), d("333")), d("0.3"));
        assert_eq!(announced_ratio(d("299"), d("1000")), d("0.299"));
        // Nothing with 4 places explains 1 share on 70,000: the exact quotient.
        assert_eq!(announced_ratio(d("1"), d("70000")), d("1") / d("70000"));
    }
}
