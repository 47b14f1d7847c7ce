//! Trades that appear in two inputs: one account exported twice (the same file added twice,
//! or an account's 交割单 and its 历史成交) would be counted twice, and nothing in the
//! rows themselves says so. The calculation does not guess which copy to drop (two family
//! accounts can make the same trade on the same day); it warns, once per pair of inputs,
//! with how many trades match and where the first one is.

use crate::import::overlap::{Overlap, overlaps};
use crate::lang::Lang;
use crate::report::Warning;
use crate::trade::Trade;

/// One warning (`duplicate-trades`) for each pair of inputs that share trades; `files`
/// names the inputs by `Origin::file`. Only buys and sells are compared, by the importer's
/// rule (`import::overlap`), which front ends use to ask the user and count once.
pub fn warnings(trades: &[&Trade], files: &[String], lang: Lang) -> Vec<Warning> {
    let Some(first) = trades.first() else { return Vec::new() };
    if trades.iter().all(|t| t.origin.file == first.origin.file) {
        return Vec::new();
    }
    let pairs = overlaps(trades.iter().copied());
    let name = |file: u32| {
        files.get(file as usize).cloned().unwrap_or_else(|| format!("#{}", u64::from(file) + 1))
    };
    pairs
        .into_iter()
        .map(|Overlap { earlier: a, later: b, trades: n, row }| {
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
