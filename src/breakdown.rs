//! A segment's breakdown: its figures in the order of the calculation, each with its
//! symbol, its label in the reader's language and its role, one list for every front
//! end (the command line's table, the web page's breakdown). A long (诱多) and a short
//! (诱空) segment have their own figures: a short one's are the sells that built the
//! position (`A`), the shares bought back (`R`, `Pr`) and those not bought back.
//!
//! The values are typed ([`Amount`]); each front end writes them with its own units.

use crate::case::{Case, Direction, Status};
use crate::date::Date;
use crate::lang::Lang;
use crate::money::{Price, Shares, Yuan};
use crate::report::{Provided, SegmentResult};

/// What a figure is in the sum.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A date.
    Date,
    /// Shares or a price that the loss is built from.
    Input,
    /// A part of the loss.
    Loss,
    /// A deduction (taken off).
    Deduction,
    /// An addition (fees, interest).
    Addition,
    /// A subtotal or the total.
    Total,
}

/// A figure's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Amount {
    /// A date.
    Date(Date),
    /// A number of shares.
    Shares(Shares),
    /// A price per share.
    Price(Price),
    /// An amount of money.
    Yuan(Yuan),
}

/// One labelled figure of a segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    /// The symbol of rules.md (`E`, `B`, `Pb`…), empty for none.
    pub symbol: &'static str,
    /// What it is.
    pub label: &'static str,
    /// What qualifies it, written right after the label (empty, or where a base date or
    /// price came from, `（案件给定）`, or that the minimum ratio raised `C`).
    pub note: &'static str,
    /// The value.
    pub amount: Amount,
    /// Its role in the sum.
    pub role: Role,
}

/// Which of a segment's base date and base price the user typed (a custom case's, or a
/// value supplied for a built-in case), rather than the case giving them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Typed {
    /// The base date `Tb`.
    pub base_date: bool,
    /// The base price `Pb`.
    pub base_price: bool,
}

impl Typed {
    /// What the case's provenance table marks `user` for the segment.
    pub fn of(case: &Case, segment: &str) -> Typed {
        let user = |field: &str| {
            case.provenance
                .get(&format!("segments.{segment}.{field}"))
                .is_some_and(|p| p.status == Status::User)
        };
        Typed { base_date: user("base_date"), base_price: user("base_price") }
    }
}

/// The segment's figures, in the order of the calculation.
pub fn figures(s: &SegmentResult, typed: Typed, lang: Lang) -> Vec<Figure> {
    let fig = |symbol: &'static str,
               (zh, en): (&'static str, &'static str),
               amount: Amount,
               role: Role| {
        Figure { symbol, label: lang.pick(zh, en), note: "", amount, role }
    };
    let source = |p: Provided, typed: bool| match (p, typed) {
        (Provided::Given, true) => lang.pick("（您填写的）", " (entered by you)"),
        (Provided::Given, false) => lang.pick("（案件给定）", " (given by the case)"),
        (Provided::Computed, _) => lang.pick("（由行情计算）", " (computed from market data)"),
    };
    let shares = Amount::Shares;
    let price = |p: Price| Amount::Price(p);
    let mut f = vec![
        fig(
            "T0",
            ("实施日", "Implementation date"),
            Amount::Date(s.implementation_date),
            Role::Date,
        ),
        fig("T1", ("揭露日", "Disclosure date"), Amount::Date(s.disclosure_date), Role::Date),
    ];
    let mut tb = fig("Tb", ("基准日", "Base date"), Amount::Date(s.base_date), Role::Date);
    tb.note = source(s.base_date_source, typed.base_date);
    f.push(tb);
    let mut pb = fig("Pb", ("基准价", "Base price"), price(s.base_price), Role::Input);
    pb.note = source(s.base_price_source, typed.base_price);
    f.push(fig("E", ("可索赔股数", "Eligible shares"), shares(s.eligible_shares), Role::Input));
    if s.direction == Direction::Short {
        if let Some(a) = s.sell_average {
            f.push(fig(
                "A",
                ("窗口期平均卖出价", "Average window sell price"),
                price(a),
                Role::Input,
            ));
        }
        if let Some(r) = s.bought_back_shares {
            f.push(fig(
                "R",
                ("揭露日至基准日买回的股数", "Shares bought back from T1 to Tb"),
                shares(r),
                Role::Input,
            ));
        }
        if let Some(pr) = s.buy_back_average {
            f.push(fig("Pr", ("买回均价", "Buy-back average"), price(pr), Role::Input));
        }
        f.push(fig(
            "E − R",
            ("基准日仍未买回的股数", "Shares not bought back by Tb"),
            shares(s.held_shares),
            Role::Input,
        ));
        f.push(pb);
        f.push(fig(
            "",
            ("买回部分损失 (Pr − A) × R", "Loss on shares bought back (Pr − A) × R"),
            Amount::Yuan(s.loss_sold),
            Role::Loss,
        ));
        f.push(fig(
            "",
            (
                "未买回部分损失 (Pb − A) × (E − R)",
                "Loss on shares not bought back (Pb − A) × (E − R)",
            ),
            Amount::Yuan(s.loss_held),
            Role::Loss,
        ));
    } else {
        if let Some(b) = s.buy_average {
            f.push(fig("B", ("买入均价", "Buy average"), price(b), Role::Input));
        }
        f.push(fig(
            "S",
            ("揭露日至基准日卖出的可索赔股数", "Eligible shares sold from T1 to Tb"),
            shares(s.sold_shares),
            Role::Input,
        ));
        if let Some(ps) = s.sell_average {
            f.push(fig("Ps", ("卖出均价", "Sell average"), price(ps), Role::Input));
        }
        f.push(fig(
            "H",
            ("基准日仍持有的可索赔股数", "Eligible shares still held at Tb"),
            shares(s.held_shares),
            Role::Input,
        ));
        f.push(pb);
        f.push(fig(
            "",
            ("卖出部分损失 (B − Ps) × S", "Loss on shares sold (B − Ps) × S"),
            Amount::Yuan(s.loss_sold),
            Role::Loss,
        ));
        f.push(fig(
            "",
            ("持有部分损失 (B − Pb) × H", "Loss on shares held (B − Pb) × H"),
            Amount::Yuan(s.loss_held),
            Role::Loss,
        ));
    }
    let yuan = Amount::Yuan;
    f.push(fig("L", ("投资差额损失", "Investment loss"), yuan(s.investment_loss), Role::Total));
    f.push(fig(
        "",
        ("扣除系统风险", "Systemic-risk deduction"),
        yuan(s.systemic_deduction),
        Role::Deduction,
    ));
    f.push(fig(
        "",
        ("扣除非系统风险", "Non-systemic deduction"),
        yuan(s.non_systemic_deduction),
        Role::Deduction,
    ));
    let mut c = fig("C", ("可赔偿损失", "Compensable loss"), yuan(s.compensable_loss), Role::Total);
    if s.min_compensation_applied {
        c.note = lang.pick("（已适用最低赔偿比例）", " (raised to the minimum ratio)");
    }
    f.push(c);
    f.push(fig("", ("佣金", "Commission"), yuan(s.commission), Role::Addition));
    f.push(fig("", ("印花税", "Stamp duty"), yuan(s.stamp_duty), Role::Addition));
    f.push(fig("", ("利息", "Interest"), yuan(s.interest), Role::Addition));
    f.push(fig("", ("赔偿金额", "Compensation"), yuan(s.compensation), Role::Total));
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> crate::Estimate {
        let case = Case::from_toml(crate::DEMO_CASE, "demo.toml").unwrap();
        let trades = crate::canonical::read_csv(crate::DEMO_TRADES, "demo.csv", 0, "A").unwrap();
        let files = ["demo.csv".to_owned()];
        let input = crate::Input {
            case: &case,
            trades: &trades,
            files: &files,
            opening_position: 0,
            market: None,
            indices: None,
        };
        crate::estimate(&input, &crate::Options::default()).unwrap()
    }

    #[test]
    fn a_long_segment_reads_as_the_worked_example() {
        let e = demo();
        let f = figures(&e.segments[0], Typed::default(), Lang::Zh);
        let find = |symbol: &str| f.iter().find(|x| x.symbol == symbol).unwrap();
        assert_eq!(find("B").amount, Amount::Price(e.segments[0].buy_average.unwrap()));
        assert_eq!((find("Tb").label, find("Tb").note), ("基准日", "（案件给定）"));
        assert_eq!(f.last().unwrap().amount, Amount::Yuan(e.compensation));
        assert!(f.iter().all(|x| !["A", "R", "Pr"].contains(&x.symbol)));
        let typed = Typed { base_date: false, base_price: true };
        let en = figures(&e.segments[0], typed, Lang::En);
        assert!(en.iter().any(|x| x.symbol == "Pb" && x.note == " (entered by you)"));
    }
}
