//! Identical trades in two inputs: one account exported twice (the same 交割单 as CSV and as
//! `.xlsx`, or an account's 交割单 and its 历史成交) would be counted twice, and nothing in
//! the rows says so; two accounts of one family can also make the same trade on the same
//! day. The rows cannot decide which it is: [`overlaps`] finds the pairs of inputs that
//! share trades, a front end asks the user, and [`drop_copies`] counts once what the user
//! says is one account exported twice. The calculation's own warning about trades found
//! in two inputs uses the same rule (`calc::duplicates`).

use std::collections::HashMap;

use crate::date::Date;
use crate::money::Price;
use crate::trade::{Kind, Origin, TimeOfDay, Trade};

/// What makes two rows the same trade: everything but the account and the origin.
type Key = (Date, Option<TimeOfDay>, Kind, u64, Option<Price>);

/// The key of a buy or sell (other kinds are never compared).
fn key(t: &Trade) -> Option<Key> {
    matches!(t.kind, Kind::Buy | Kind::Sell)
        .then_some((t.date, t.time, t.kind, t.quantity, t.price))
}

/// Two inputs (by `Origin::file`) that share identical trades.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overlap {
    /// The earlier input.
    pub earlier: u32,
    /// The later input.
    pub later: u32,
    /// How many trades they share (a trade twice in one and once in the other is one).
    pub trades: u64,
    /// The first row of the later input that repeats a trade of the earlier.
    pub row: u32,
}

/// Every pair of inputs that share identical buys or sells, earlier input first, in order.
pub fn overlaps<'a>(trades: impl IntoIterator<Item = &'a Trade>) -> Vec<Overlap> {
    // For each trade: how many times each input has it, and its first row there.
    let mut seen: HashMap<Key, Vec<(u32, u64, u32)>> = HashMap::new();
    for t in trades {
        let Some(k) = key(t) else { continue };
        let per_file = seen.entry(k).or_default();
        match per_file.iter_mut().find(|(file, _, _)| *file == t.origin.file) {
            Some((_, n, row)) => {
                *n += 1;
                *row = (*row).min(t.origin.row);
            }
            None => per_file.push((t.origin.file, 1, t.origin.row)),
        }
    }
    let mut pairs: HashMap<(u32, u32), (u64, u32)> = HashMap::new();
    for per_file in seen.values().filter(|v| v.len() > 1) {
        for (i, a) in per_file.iter().enumerate() {
            for b in &per_file[i + 1..] {
                let (a, b) = if a.0 < b.0 { (a, b) } else { (b, a) };
                let pair = pairs.entry((a.0, b.0)).or_insert((0, u32::MAX));
                pair.0 += a.1.min(b.1);
                pair.1 = pair.1.min(b.2);
            }
        }
    }
    let mut out: Vec<Overlap> = pairs
        .into_iter()
        .map(|((earlier, later), (trades, row))| Overlap { earlier, later, trades, row })
        .collect();
    out.sort_unstable_by_key(|o| (o.earlier, o.later));
    out
}

/// Counts once the trades that inputs said to be one account exported twice share:
/// removes from each later input its copies of the trades an earlier input has, for the
/// pairs `(earlier, later)` for which `same` is true (as many of its copies as the earlier
/// input has, first rows first). Returns each removed trade's origin with the origin of the copy it
/// repeats, in the order of `trades`.
pub fn drop_copies(
    trades: &mut Vec<Trade>,
    same: impl Fn(u32, u32) -> bool,
) -> Vec<(Origin, Origin)> {
    // Each key's copies per input, in row order: positions in `trades`.
    let mut copies: HashMap<Key, Vec<(u32, Vec<usize>)>> = HashMap::new();
    for (i, t) in trades.iter().enumerate() {
        let Some(k) = key(t) else { continue };
        let per_file = copies.entry(k).or_default();
        match per_file.iter_mut().find(|(file, _)| *file == t.origin.file) {
            Some((_, list)) => list.push(i),
            None => per_file.push((t.origin.file, vec![i])),
        }
    }
    let mut removed: Vec<(usize, Origin)> = Vec::new();
    for per_file in copies.values_mut().filter(|v| v.len() > 1) {
        per_file.sort_unstable_by_key(|(file, _)| *file);
        for (j, (later, list)) in per_file.iter().enumerate() {
            // The earlier input with the most copies among those it repeats.
            let repeated = per_file[..j]
                .iter()
                .filter(|(earlier, _)| same(*earlier, *later))
                .max_by_key(|(_, l)| l.len());
            if let Some((_, earlier_list)) = repeated {
                for (&i, &e) in list.iter().zip(earlier_list) {
                    removed.push((i, trades[e].origin));
                }
            }
        }
    }
    removed.sort_unstable_by_key(|(i, _)| *i);
    let mut out = Vec::with_capacity(removed.len());
    for &(i, copy_of) in removed.iter().rev() {
        out.push((trades.remove(i).origin, copy_of));
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::canonical;

    fn trades(text: &str, file: u32) -> Vec<Trade> {
        canonical::read_csv(text, "x.csv", file, "A").unwrap()
    }

    #[test]
    fn an_account_exported_twice_is_counted_once() {
        let mut all = trades(crate::DEMO_TRADES, 0);
        all.extend(trades(crate::DEMO_TRADES, 1));
        assert_eq!(overlaps(&all), [Overlap { earlier: 0, later: 1, trades: 5, row: 2 }]);
        let mut once = all.clone();
        let removed = drop_copies(&mut once, |_, _| true);
        assert_eq!(once, trades(crate::DEMO_TRADES, 0));
        assert_eq!(removed.len(), 5);
        assert_eq!(removed[0], (Origin { file: 1, row: 2 }, Origin { file: 0, row: 2 }));
        // Two accounts: every trade stays.
        let mut kept = all.clone();
        assert!(drop_copies(&mut kept, |_, _| false).is_empty());
        assert_eq!(kept, all);
    }

    #[test]
    fn only_the_shared_trades_of_the_later_input_go() {
        // The later export covers a longer period: its other trades stay.
        let mut all = trades("date,kind,quantity,price\n2021-03-02,buy,100,15\n", 0);
        all.extend(trades(
            "date,kind,quantity,price\n2021-03-02,buy,100,15\n2021-03-02,buy,100,15\n2021-04-01,sell,50,16\n",
            1,
        ));
        assert_eq!(overlaps(&all), [Overlap { earlier: 0, later: 1, trades: 1, row: 2 }]);
        let removed = drop_copies(&mut all, |_, _| true);
        assert_eq!(removed, [(Origin { file: 1, row: 2 }, Origin { file: 0, row: 2 })]);
        assert_eq!(all.len(), 3);
    }
}
