//! The four average methods of rules.md §4, over several "channels" at once.
//!
//! The same formula that gives the buy average `B` from trade prices also gives the
//! index cost `IB` (each trade's price replaced by an index close, §8.1) and the buy
//! date `Dbuy` (each price replaced by the trade's day number, §9). So an [`Averager`]
//! carries one value per channel for every trade: `values[0]` is the price, the other
//! channels are whatever the caller needs. Quantities are shared by all channels.
//!
//! For a long segment shares are *added* by window buys and *removed* by window sells
//! that take shares out of the window layer; for a short segment the roles mirror
//! (window sells add to the eligible short position, window buys re-purchase it).

use std::collections::VecDeque;

use rust_decimal::Decimal;

use crate::case::Method;

/// Share quantities below this are rounding residue of adjusted quantities (which are kept
/// to 10 decimal places), not shares: a layer holding less is empty.
pub const EPSILON: Decimal = Decimal::from_parts(1, 0, 0, false, 9);

/// `q`, or zero when it is residue.
pub fn snap(q: Decimal) -> Decimal {
    if q.abs() < EPSILON { Decimal::ZERO } else { q }
}

/// Running state of one average method.
#[derive(Clone, Debug)]
pub struct Averager {
    method: Method,
    channels: usize,
    /// Shares currently in the eligible layer (the same for every method).
    qty: Decimal,
    /// moving-average: the current averages; weighted/actual: running sums of qty × value.
    acc: Vec<Decimal>,
    /// weighted/actual: the quantity in the denominator.
    denom: Decimal,
    /// fifo-average: lots in arrival order, quantities and (flat) values; `acc` then
    /// holds Σ quantity × value over the lots, kept up to date as lots are consumed.
    lot_qty: VecDeque<Decimal>,
    lot_values: VecDeque<Decimal>,
}

impl Averager {
    /// A fresh, empty layer for `method` with `channels` values per trade.
    pub fn new(method: Method, channels: usize) -> Averager {
        Averager {
            method,
            channels,
            qty: Decimal::ZERO,
            acc: vec![Decimal::ZERO; channels],
            denom: Decimal::ZERO,
            lot_qty: VecDeque::new(),
            lot_values: VecDeque::new(),
        }
    }

    /// Shares in the layer.
    pub fn quantity(&self) -> Decimal {
        self.qty
    }

    /// `n` shares enter the layer at `values` (a window buy for a long segment).
    pub fn add(&mut self, n: Decimal, values: &[Decimal]) {
        debug_assert_eq!(values.len(), self.channels);
        if n <= Decimal::ZERO {
            return;
        }
        match self.method {
            Method::MovingAverage => {
                let total = self.qty + n;
                for (a, v) in self.acc.iter_mut().zip(values) {
                    // a = (q·a + n·v) / (q + n); exact when q is zero (restart).
                    *a = if self.qty.is_zero() { *v } else { (self.qty * *a + n * *v) / total };
                }
            }
            Method::FifoAverage => {
                self.lot_qty.push_back(n);
                self.lot_values.extend(values.iter().copied());
                for (s, v) in self.acc.iter_mut().zip(values) {
                    *s += n * *v;
                }
            }
            Method::WeightedAverage | Method::ActualCost => {
                for (s, v) in self.acc.iter_mut().zip(values) {
                    *s += n * *v;
                }
                self.denom += n;
            }
        }
        self.qty += n;
    }

    /// `n` shares leave the layer by a trade at `values` (a window sell that took window
    /// shares, for a long segment). `n` never exceeds [`Averager::quantity`].
    pub fn remove(&mut self, n: Decimal, values: &[Decimal]) {
        let n = n.min(self.qty);
        if n <= Decimal::ZERO {
            return;
        }
        self.qty = snap(self.qty - n);
        match self.method {
            Method::MovingAverage => {
                // The average is unchanged; an empty layer restarts with the next buy.
                if self.qty.is_zero() {
                    self.acc.iter_mut().for_each(|a| *a = Decimal::ZERO);
                }
            }
            Method::FifoAverage => {
                let mut left = n;
                while left >= EPSILON {
                    let Some(front) = self.lot_qty.front_mut() else { break };
                    let take = (*front).min(left);
                    for (c, s) in self.acc.iter_mut().enumerate() {
                        *s -= take * self.lot_values[c];
                    }
                    left -= take;
                    if snap(*front - take).is_zero() {
                        self.lot_qty.pop_front();
                        self.lot_values.drain(..self.channels);
                    } else {
                        *front -= take;
                    }
                }
                if self.lot_qty.is_empty() {
                    // No rounding residue survives an empty layer.
                    self.acc.iter_mut().for_each(|s| *s = Decimal::ZERO);
                }
            }
            // Sells are ignored by the overall weighted average.
            Method::WeightedAverage => {}
            Method::ActualCost => {
                for (s, v) in self.acc.iter_mut().zip(values) {
                    *s -= n * *v;
                }
                self.denom = snap(self.denom - n);
            }
        }
    }

    /// The average of each channel, or `None` when it is undefined (no shares or a zero
    /// denominator).
    pub fn averages(&self) -> Option<Vec<Decimal>> {
        match self.method {
            Method::MovingAverage => (!self.qty.is_zero()).then(|| self.acc.clone()),
            Method::FifoAverage => {
                if self.qty.is_zero() {
                    return None;
                }
                Some(self.acc.iter().map(|s| *s / self.qty).collect())
            }
            Method::WeightedAverage | Method::ActualCost => {
                if self.denom.is_zero() || self.qty.is_zero() {
                    return None;
                }
                Some(self.acc.iter().map(|s| *s / self.denom).collect())
            }
        }
    }

    /// The numerator and denominator behind the price channel, for the explanation.
    pub fn sums(&self) -> (Decimal, Decimal) {
        match self.method {
            Method::MovingAverage => {
                (self.qty * self.acc.first().copied().unwrap_or_default(), self.qty)
            }
            Method::FifoAverage => (self.acc.first().copied().unwrap_or_default(), self.qty),
            Method::WeightedAverage | Method::ActualCost => {
                (self.acc.first().copied().unwrap_or_default(), self.denom)
            }
        }
    }

    /// The price-channel average right now, for the running column of the trade table.
    pub fn price_average(&self) -> Option<Decimal> {
        match self.method {
            Method::MovingAverage => (!self.qty.is_zero()).then(|| self.acc[0]),
            Method::FifoAverage => (!self.qty.is_zero()).then(|| self.acc[0] / self.qty),
            Method::WeightedAverage | Method::ActualCost => {
                (!self.denom.is_zero() && !self.qty.is_zero()).then(|| self.acc[0] / self.denom)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    /// The window of rules.md §12: buy 2000 @ 15, sell 500 out of the window, buy 1000 @ 14.
    fn twelve(method: Method) -> Decimal {
        let mut a = Averager::new(method, 1);
        a.add(d("2000"), &[d("15")]);
        a.remove(d("500"), &[d("16")]);
        a.add(d("1000"), &[d("14")]);
        assert_eq!(a.quantity(), d("2500"));
        a.averages().unwrap()[0]
    }

    #[test]
    fn rules_twelve_by_every_method() {
        assert_eq!(twelve(Method::MovingAverage), d("14.6"));
        // FIFO: the sell takes 500 of the 15.00 lot: 1500 @ 15 + 1000 @ 14.
        assert_eq!(twelve(Method::FifoAverage), d("14.6"));
        // Overall: (30000 + 14000) / 3000.
        assert_eq!(crate::money::round_average(twelve(Method::WeightedAverage)), d("14.6667"));
        // Actual cost: (30000 + 14000 − 500 × 16) / 2500 = 14.4.
        assert_eq!(twelve(Method::ActualCost), d("14.4"));
    }

    #[test]
    fn moving_average_restarts_when_the_layer_empties() {
        let mut a = Averager::new(Method::MovingAverage, 1);
        a.add(d("100"), &[d("10")]);
        a.remove(d("100"), &[d("9")]);
        assert_eq!(a.averages(), None);
        a.add(d("100"), &[d("20")]);
        assert_eq!(a.averages().unwrap()[0], d("20"));
    }

    #[test]
    fn chongli_actual_cost_is_3_05() {
        // domain-notes §7 item 2: buy 100 @ 3.00, 300 @ 3.20, 100 @ 3.10; sell 200 @ 3.10, 100 @ 3.40.
        let mut a = Averager::new(Method::ActualCost, 1);
        a.add(d("100"), &[d("3.00")]);
        a.add(d("300"), &[d("3.20")]);
        a.add(d("100"), &[d("3.10")]);
        a.remove(d("200"), &[d("3.10")]);
        a.remove(d("100"), &[d("3.40")]);
        assert_eq!(a.averages().unwrap()[0], d("3.05"));
    }

    #[test]
    fn channels_move_together() {
        let mut a = Averager::new(Method::MovingAverage, 2);
        a.add(d("1000"), &[d("10"), d("100")]);
        a.add(d("1000"), &[d("20"), d("300")]);
        assert_eq!(a.averages().unwrap(), vec![d("15"), d("200")]);
    }
}
