//! Trades that appear in two inputs: one account exported twice (the same file added twice,
//! or an account's 交割单 and its 历史成交) would be counted twice, and nothing in the
//! rows themselves says so. The calculation does not guess which copy to drop (two family
//! accounts can make the same trade on the same day); it warns, once per pair of inputs,
//! with how many trades match and where the first one is.

use std::collections::HashMap;

use crate::date::Date;
use crate::lang::Lang;
use crate::money::Price;
use crate::report::Warning;
use crate::trade::{Kind, TimeOfDay, Trade};

/// What makes two rows the same trade: everything but the account and the origin.
type Key = (Date, Option<TimeOfDay>, Kind, u64, Option<Price>);

/// One warning (`duplicate-trades`) for each pair of inputs that share trades; `files`
/// names the inputs by `Origin::file`. Only buys and sells are compared.
pub fn warnings(trades: &[&Trade], files: &[String], lang: Lang) -> Vec<Warning> {
    let Some(first) = trades.first() else { return Vec::new() };
    if trades.iter().all(|t| t.origin.file == first.origin.file) {
        return Vec::new();
    }
    // For each trade: how many times each input has it, and the first row in each.
    let mut seen: HashMap<Key, Vec<(u32, u64, u32)>> = HashMap::new();
    for t in trades.iter().filter(|t| matches!(t.kind, Kind::Buy | Kind::Sell)) {
        let per_file = seen.entry((t.date, t.time, t.kind, t.quantity, t.price)).or_default();
        match per_file.iter_mut().find(|(file, _, _)| *file == t.origin.file) {
            Some((_, n, _)) => *n += 1,
            None => per_file.push((t.origin.file, 1, t.origin.row)),
        }
    }
    // Per pair of inputs (earlier, later): matching trades and the later's first such row.
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
    let name = |file: u32| {
        files.get(file as usize).cloned().unwrap_or_else(|| format!("#{}", u64::from(file) + 1))
    };
    let mut keys: Vec<(u32, u32)> = pairs.keys().copied().collect();
    keys.sort_unstable();
    keys.into_iter()
        .map(|(a, b)| {
            let (n, row) = pairs[&(a, b)];
            Warning {
                code: "duplicate-trades",
                row: Some(row),
                file: Some(name(b)),
                segment: None,
                message: match (lang, n) {
                    (Lang::Zh, n) => format!(
                        "有 {n} 笔买卖与 {} 中的完全相同（日期、时间、方向、数量、价格都一样）。如果这是同一账户导出了两次（同一文件添加了两次，或同一账户的交割单和历史成交），这些交易被重复计算了，请只保留一份；如果确实是两个账户各自的交易，可以忽略本提示",
                        name(a)
                    ),
                    (Lang::En, n) => {
                        let (these, they) = match n {
                            1 => ("1 buy or sell here is identical to a trade".to_owned(), "it is"),
                            n => (format!("{n} buys and sells here are identical to trades"), "they are"),
                        };
                        format!(
                            "{these} in {} (same date, time, side, quantity and price). If this is one account exported twice (the same file added twice, or one account's statement and its trade history), {they} counted twice: keep only one. If they really are two accounts' own trades, ignore this",
                            name(a)
                        )
                    }
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::canonical;

    fn trades(text: &str, file: u32) -> Vec<Trade> {
        canonical::read_csv(text, "x.csv", file, "A").unwrap()
    }

    #[test]
    fn the_same_file_twice_is_one_warning_with_every_trade() {
        let mut all = trades(crate::DEMO_TRADES, 0);
        all.extend(trades(crate::DEMO_TRADES, 1));
        let refs: Vec<&Trade> = all.iter().collect();
        let files = ["a.csv".to_owned(), "b.csv".to_owned()];
        let w = warnings(&refs, &files, Lang::Zh);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].code, "duplicate-trades");
        assert_eq!((w[0].file.as_deref(), w[0].row), (Some("b.csv"), Some(2)));
        assert!(w[0].message.starts_with("有 5 笔买卖与 a.csv 中的完全相同"), "{}", w[0].message);
    }

    #[test]
    fn different_trades_or_one_input_are_no_warning() {
        let one = trades(crate::DEMO_TRADES, 0);
        let refs: Vec<&Trade> = one.iter().collect();
        assert!(warnings(&refs, &["a.csv".to_owned()], Lang::Zh).is_empty());
        let mut two = trades("date,kind,quantity,price\n2021-03-02,buy,1000,15\n", 0);
        two.extend(trades("date,kind,quantity,price\n2021-03-02,buy,1000,15.01\n", 1));
        let refs: Vec<&Trade> = two.iter().collect();
        assert!(warnings(&refs, &["a".to_owned(), "b".to_owned()], Lang::Zh).is_empty());
    }

    #[test]
    fn a_trade_twice_in_one_input_and_once_in_another_counts_once() {
        let mut all =
            trades("date,kind,quantity,price\n2021-03-02,buy,100,15\n2021-03-02,buy,100,15\n", 0);
        all.extend(trades("date,kind,quantity,price\n2021-03-02,buy,100,15.00\n", 1));
        let refs: Vec<&Trade> = all.iter().collect();
        let w = warnings(&refs, &["a".to_owned(), "b".to_owned()], Lang::En);
        assert_eq!(w.len(), 1);
        assert!(
            w[0].message
                .starts_with("1 buy or sell here is identical to a trade in a (same date, time"),
            "{}",
            w[0].message
        );
    }
}
