//! Properties of the calculation (issue "calculation core"): shares are conserved, the
//! order of accounts does not matter, the loss never rises when Pb rises, splitting a buy
//! changes nothing, scaling quantities scales amounts, compensation is never negative,
//! no input panics, and the interest conventions (rules.md §9) order as they must.

use proptest::prelude::*;
use redress::case::{Direction, InterestPrincipal, InterestRate, Method, Netting, Regime};
use redress::money::{Decimal, Price};
use redress::report::Phase;
use redress::trade::{Kind, Origin, TimeOfDay};
use redress::{Case, Date, Estimate, Input, Options, Trade};

fn base_case(method: Method, direction: Direction, netting: Netting, pb: Decimal) -> Case {
    let mut case = Case::from_toml(redress::DEMO_CASE, "demo.toml").unwrap();
    case.rules.buy_average = method;
    case.rules.netting = netting;
    case.segments[0].direction = direction;
    case.segments[0].base_price = Some(Price(pb));
    case
}

fn method() -> impl Strategy<Value = Method> {
    prop::sample::select(Method::ALL.to_vec())
}

fn direction() -> impl Strategy<Value = Direction> {
    prop::sample::select(vec![Direction::Long, Direction::Short])
}

fn netting() -> impl Strategy<Value = Netting> {
    prop::sample::select(vec![Netting::Net, Netting::PerPart])
}

/// A row without bonus shares: exactness properties hold to the fen only when quantities
/// stay exact (an inferred ratio such as 1/3 keeps adjusted quantities to 10 places).
fn plain_row() -> impl Strategy<Value = (i32, Kind, u64, i64)> {
    row().prop_map(|(d, k, q, p)| (d, if k == Kind::Bonus { Kind::Buy } else { k }, q, p))
}

/// A row: day offset from 2021-01-01 (0..240 covers before T0, the window, the
/// settlement period and after Tb), a kind, lots of 100 and a price in fen.
fn row() -> impl Strategy<Value = (i32, Kind, u64, i64)> {
    (
        0i32..240,
        prop::sample::select(vec![
            Kind::Buy,
            Kind::Buy,
            Kind::Sell,
            Kind::Sell,
            Kind::Bonus,
            Kind::Dividend,
            Kind::Rights,
            Kind::Other,
        ]),
        1u64..50,
        100i64..5000,
    )
}

fn to_trade(
    i: usize,
    file: u32,
    account: &str,
    (day, kind, lots, fen): (i32, Kind, u64, i64),
) -> Trade {
    let start = Date::from_ymd(2021, 1, 1).unwrap().day_number();
    let needs_price = kind.needs_price();
    Trade {
        date: Date::from_day_number(start + day),
        time: Some(TimeOfDay(36_000 + u32::try_from(i).unwrap())),
        account: account.to_owned(),
        kind,
        quantity: if kind == Kind::Dividend || kind == Kind::Other { 0 } else { lots * 100 },
        price: needs_price.then(|| Price(Decimal::new(fen, 2))),
        origin: Origin { file, row: u32::try_from(i).unwrap() + 2 },
    }
}

fn run(case: &Case, trades: &[Trade], opening: u64) -> Estimate {
    let files = vec!["a.csv".to_owned(), "b.csv".to_owned(), "c.csv".to_owned()];
    let input = Input {
        case,
        trades,
        files: &files,
        opening_position: opening,
        market: None,
        indices: None,
    };
    redress::estimate(&input, &Options::default()).expect("valid input gives a result")
}

fn key(e: &Estimate) -> Vec<String> {
    e.segments
        .iter()
        .flat_map(|s| {
            // Shares as reported (4 places): adjusted quantities carry 10 places, so an
            // inferred ex-rights ratio may differ in the 10th place between equal inputs.
            [
                serde_json::to_string(&s.eligible_shares).unwrap(),
                format!("{:?}", s.buy_average),
                serde_json::to_string(&s.sold_shares).unwrap(),
                serde_json::to_string(&s.held_shares).unwrap(),
                s.investment_loss.to_string(),
                s.compensation.to_string(),
            ]
        })
        .chain([e.compensation.to_string()])
        .collect()
}

/// Every sell up to Tb of a long segment takes what it sells from the layers (pre, window,
/// post), up to the rounding residue of ex-rights ratios.
///
/// Exact without bonus shares. An inferred ex-rights ratio is the announced one (10送3),
/// while the registrar rounds each account's credit, so on each ex-date the adjusted
/// position may fall short of the shares held by up to one share. Quantities are in the
/// terms of Tb (rules.md §7): a shortfall on one ex-date is multiplied by `1 + r` of every
/// later event up to Tb, like any quantity before that event. A sell may therefore find
/// up to `Σ Π (1 + r_later)` shares less than it sells, summed over the bonus events on or
/// before its date.
fn sells_are_taken(e: &Estimate) -> Result<(), TestCaseError> {
    let s = &e.segments[0];
    let bonuses: Vec<_> = e
        .adjustments
        .iter()
        .filter(|a| a.ex_date <= s.base_date && a.bonus_per_share.0 > Decimal::ZERO)
        .collect();
    // Shares in the terms of Tb per share on the ex-date of `x`.
    let growth = |x: Date| {
        bonuses
            .iter()
            .filter(|b| b.ex_date > x)
            .fold(Decimal::ONE, |f, b| f * (Decimal::ONE + b.bonus_per_share.0))
    };
    for t in &s.trades {
        if t.kind == Kind::Sell && t.phase != Phase::After {
            let qty = t.adjusted_quantity.map_or(Decimal::from(t.quantity), |q| q.0);
            let taken = t.from_pre.0 + t.from_window.0 + t.from_post.0;
            let residue: Decimal =
                bonuses.iter().filter(|b| b.ex_date <= t.date).map(|b| growth(b.ex_date)).sum();
            let slack = residue + Decimal::new(1, 6);
            prop_assert!(
                taken <= qty + Decimal::new(1, 6) && qty - taken < slack,
                "row {}: {} of {}",
                t.row,
                taken,
                qty
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Every sell up to Tb is fully taken from the layers, E = S + H, and S ≤ E.
    #[test]
    fn shares_are_conserved(rows in prop::collection::vec(row(), 1..40), m in method(), d in direction(), n in netting(), opening in 0u64..3000) {
        let case = base_case(m, d, n, Decimal::new(800, 2));
        let trades: Vec<Trade> = rows.into_iter().enumerate().map(|(i, r)| to_trade(i, 0, "A", r)).collect();
        let e = run(&case, &trades, opening);
        let s = &e.segments[0];
        let first_part = match d {
            Direction::Long => s.sold_shares.0,
            Direction::Short => s.bought_back_shares.unwrap().0,
        };
        // Exact for whole shares; within rounding residue after an inferred ex-rights ratio.
        prop_assert!((first_part + s.held_shares.0 - s.eligible_shares.0).abs() < Decimal::new(1, 6));
        prop_assert!(s.held_shares.0 >= Decimal::ZERO);
        if d == Direction::Long {
            sells_are_taken(&e)?;
        }
    }

    /// Splitting an investor's rows over accounts and giving the files in another order
    /// changes nothing.
    #[test]
    fn the_order_of_accounts_does_not_matter(rows in prop::collection::vec(row(), 1..40), m in method(), d in direction(), split in prop::collection::vec(0u32..3, 40)) {
        let case = base_case(m, d, Netting::Net, Decimal::new(800, 2));
        let labels = ["A", "B", "C"];
        let trades: Vec<Trade> = rows.iter().enumerate().map(|(i, r)| to_trade(i, split[i], labels[split[i] as usize], *r)).collect();
        let mut reversed = trades.clone();
        reversed.reverse();
        for t in &mut reversed {
            t.origin.file = 2 - t.origin.file;
        }
        prop_assert_eq!(key(&run(&case, &trades, 0)), key(&run(&case, &reversed, 0)));
    }

    /// A higher base price never raises the loss of a long segment.
    #[test]
    fn the_loss_never_rises_when_pb_rises(rows in prop::collection::vec(row(), 1..40), m in method(), n in netting(), pb in 100i64..3000, up in 1i64..1000) {
        let trades: Vec<Trade> = rows.into_iter().enumerate().map(|(i, r)| to_trade(i, 0, "A", r)).collect();
        let low = run(&base_case(m, Direction::Long, n, Decimal::new(pb, 2)), &trades, 0);
        let high = run(&base_case(m, Direction::Long, n, Decimal::new(pb + up, 2)), &trades, 0);
        prop_assert!(high.segments[0].investment_loss <= low.segments[0].investment_loss);
    }

    /// Splitting a buy into two rows at the same price and date changes nothing.
    #[test]
    fn splitting_a_buy_changes_nothing(rows in prop::collection::vec(plain_row(), 1..40), m in method(), d in direction(), at in 0usize..40, part in 1u64..100) {
        let case = base_case(m, d, Netting::Net, Decimal::new(800, 2));
        let trades: Vec<Trade> = rows.into_iter().enumerate().map(|(i, r)| to_trade(i, 0, "A", r)).collect();
        let at = at % trades.len();
        let Some(i) = (at..trades.len()).chain(0..at).find(|&i| trades[i].kind == Kind::Buy && trades[i].quantity > 100) else {
            return Ok(());
        };
        let mut split = trades.clone();
        let first = (part * 100) % trades[i].quantity;
        let first = if first == 0 { 100 } else { first };
        let mut second = split[i].clone();
        split[i].quantity = first;
        second.quantity = trades[i].quantity - first;
        second.origin.row = split[i].origin.row; // same place in the order
        split.insert(i + 1, second);
        prop_assert_eq!(key(&run(&case, &trades, 0)), key(&run(&case, &split, 0)));
    }

    /// Multiplying every quantity by n multiplies the shares by n exactly and each
    /// amount by n up to the rounding of the reported amounts.
    #[test]
    fn scaling_quantities_scales_amounts(rows in prop::collection::vec(plain_row(), 1..30), m in method(), d in direction(), k in 2u64..20) {
        let case = base_case(m, d, Netting::Net, Decimal::new(800, 2));
        let trades: Vec<Trade> = rows.into_iter().enumerate().map(|(i, r)| to_trade(i, 0, "A", r)).collect();
        let scaled: Vec<Trade> = trades.iter().cloned().map(|mut t| { t.quantity *= k; t }).collect();
        let (a, b) = (run(&case, &trades, 0), run(&case, &scaled, 0));
        let (sa, sb) = (&a.segments[0], &b.segments[0]);
        let k = Decimal::from(k);
        // Exact with whole shares; an inferred ex-rights ratio keeps adjusted quantities to
        // 10 places, hence the small tolerance.
        let close = |x: Decimal, y: Decimal| (x - y).abs() < Decimal::new(1, 6);
        prop_assert!(close(sa.eligible_shares.0 * k, sb.eligible_shares.0));
        prop_assert!(close(sa.held_shares.0 * k, sb.held_shares.0));
        let avg = |p: Option<Price>| p.map_or(Decimal::ZERO, |p| p.0);
        prop_assert!((avg(sa.buy_average) - avg(sb.buy_average)).abs() <= Decimal::new(1, 4));
        let tolerance = k * Decimal::new(5, 3) + Decimal::new(5, 3);
        prop_assert!((sa.investment_loss.0 * k - sb.investment_loss.0).abs() <= tolerance,
            "{} × {} vs {}", sa.investment_loss, k, sb.investment_loss);
    }

    /// Compensation is never negative, whatever the method, direction and netting.
    #[test]
    fn compensation_is_never_negative(rows in prop::collection::vec(row(), 1..40), m in method(), d in direction(), n in netting(), pb in 1i64..5000) {
        let trades: Vec<Trade> = rows.into_iter().enumerate().map(|(i, r)| to_trade(i, 0, "A", r)).collect();
        let e = run(&base_case(m, d, n, Decimal::new(pb, 2)), &trades, 0);
        prop_assert!(e.compensation.0 >= Decimal::ZERO);
        for s in &e.segments {
            prop_assert!(s.investment_loss.0 >= Decimal::ZERO && s.compensable_loss.0 >= Decimal::ZERO);
        }
    }

    /// Interest under the 2003 provisions, in 2012 (the deposit rate fell from 0.50 % to
    /// 0.40 % on 2012-06-08 and to 0.35 % on 2012-07-06): charging it on the loss and its
    /// fees never gives less than on the loss alone, 360 days never less than 365, and
    /// each convention never changes anything but the interest.
    #[test]
    fn interest_conventions_order_as_they_must(rows in prop::collection::vec(plain_row(), 1..40), m in method()) {
        let shift = Date::from_ymd(2012, 1, 1).unwrap().day_number() - Date::from_ymd(2021, 1, 1).unwrap().day_number();
        let trades: Vec<Trade> = rows.into_iter().enumerate().map(|(i, r)| {
            let mut t = to_trade(i, 0, "A", r);
            t.date = Date::from_day_number(t.date.day_number() + shift);
            t
        }).collect();
        let mut case = base_case(m, Direction::Long, Netting::Net, Decimal::new(800, 2));
        case.regime = Regime::Spc2003;
        let seg = &mut case.segments[0];
        seg.implementation_date = Date::from_ymd(2012, 3, 1).unwrap();
        seg.disclosure_date = Date::from_ymd(2012, 6, 1).unwrap();
        case.segments[0].base_date = Some(Date::from_ymd(2012, 6, 30).unwrap());
        let with = |p: InterestPrincipal, days: u16| {
            let mut c = case.clone();
            c.rules.interest_principal = p;
            c.rules.interest_days_per_year = days;
            run(&c, &trades, 0)
        };
        let lf360 = with(InterestPrincipal::LossAndFees, 360);
        let lf365 = with(InterestPrincipal::LossAndFees, 365);
        let l360 = with(InterestPrincipal::Loss, 360);
        let l365 = with(InterestPrincipal::Loss, 365);
        let i = |e: &Estimate| e.segments[0].interest.0;
        prop_assert!(i(&lf360) >= i(&l360) && i(&lf365) >= i(&l365));
        prop_assert!(i(&lf360) >= i(&lf365) && i(&l360) >= i(&l365));
        for e in [&lf365, &l360, &l365] {
            prop_assert_eq!(e.segments[0].compensable_loss, lf360.segments[0].compensable_loss);
            prop_assert_eq!(e.compensation.0 - i(e), lf360.compensation.0 - i(&lf360));
        }
        // The rate periods add up to the days, and each is the table's rate of its start.
        let s = &lf360.segments[0];
        if let Some(days) = s.interest_days {
            let sum: Decimal = s.interest_periods.iter().map(|p| p.days.0).sum();
            prop_assert!((sum - days.0).abs() <= Decimal::new(5, 4) * Decimal::from(s.interest_periods.len().max(1)));
            // (The actual-cost method's date average can fall outside the window, even
            // years before it: each period still carries the rate in force on its first day.)
            let table = redress::calc::interest::deposit_table();
            for p in &s.interest_periods {
                let want = table.iter().rev().find(|(d, _)| *d <= p.from).map(|(_, r)| *r);
                prop_assert_eq!(Some(p.rate.0), want);
            }
        }
    }

    /// Where one rate runs through the whole period (2021: 0.35 %), the deposit table and
    /// that fixed rate give the same interest to the fen.
    #[test]
    fn the_deposit_table_is_the_fixed_rate_inside_one_period(rows in prop::collection::vec(plain_row(), 1..40), m in method()) {
        let trades: Vec<Trade> = rows.into_iter().enumerate().map(|(i, r)| to_trade(i, 0, "A", r)).collect();
        let mut case = base_case(m, Direction::Long, Netting::Net, Decimal::new(800, 2));
        case.regime = Regime::Spc2003;
        let table = run(&case, &trades, 0);
        case.rules.interest_rate = Some(InterestRate::Fixed(redress::money::Ratio(Decimal::new(35, 4))));
        let fixed = run(&case, &trades, 0);
        prop_assert_eq!(table.compensation, fixed.compensation);
    }

    /// No input panics: arbitrary quantities, prices and case parameters give a result or
    /// an error.
    #[test]
    fn no_input_panics(
        rows in prop::collection::vec((0i32..20_000, prop::sample::select(Kind::ALL.to_vec()), any::<u64>(), any::<i64>(), 0u32..=28), 0..40),
        m in method(), d in direction(), n in netting(),
        pb in any::<i64>(), scale in 0i64..=100, opening in any::<u64>(), k in 0i64..=100, floor in 0i64..=100,
    ) {
        let mut case = base_case(m, d, n, Decimal::new(pb, 4).abs().max(Decimal::new(1, 4)));
        case.rules.systemic.method = redress::case::SystemicMethod::Fixed;
        case.rules.systemic.ratio = Some(redress::money::Ratio(Decimal::new(k, 2)));
        case.rules.systemic.scale = redress::money::Ratio(Decimal::new(scale, 2));
        case.rules.min_compensation_ratio = redress::money::Ratio(Decimal::new(floor, 2));
        case.rules.interest_rate = Some(redress::case::InterestRate::Fixed(redress::money::Ratio(Decimal::new(35, 4))));
        let trades: Vec<Trade> = rows.into_iter().enumerate().map(|(i, (day, kind, q, p, scale))| Trade {
            date: Date::from_day_number(day),
            time: None,
            account: "A".into(),
            kind,
            quantity: q,
            price: Some(Price(Decimal::new(p, scale))),
            origin: Origin { file: 0, row: u32::try_from(i).unwrap() + 2 },
        }).collect();
        let files = vec!["x.csv".to_owned()];
        let input = Input { case: &case, trades: &trades, files: &files, opening_position: opening, market: None, indices: None };
        let _ = redress::estimate(&input, &Options::default());
    }
}

/// An inferred ratio leaves a residue of less than one share on its ex-date (200 shares
/// credited on 1,900 are explained by 10送1.05, which gives 199.5), and a later bonus
/// multiplies that residue like every quantity before its ex-date (rules.md §7).
///
/// Before T0: buy 1,900 on 01-04; bonus 200 on 01-05 (r = 0.105); bonus 8,400 on 2,100
/// held on 01-06 (r = 4). In the terms of Tb the buy is 1,900 × 1.105 × 5 = 10,497.5
/// shares, while the investor holds 10,500. Window: buy 1,000 on 03-02 (E = 1,000).
/// Settlement: sell 11,500 on 06-10 takes 10,497.5 from pre and 1,000 from the window,
/// 2.5 = 0.5 × (1 + 4) shares short: more than one share per event, within the residue.
#[test]
fn a_later_bonus_multiplies_the_residue_of_an_inferred_ratio() {
    let case =
        base_case(Method::MovingAverage, Direction::Long, Netting::Net, Decimal::new(800, 2));
    let rows = [
        (3, Kind::Buy, 19, 1000),
        (4, Kind::Bonus, 2, 100),
        (5, Kind::Bonus, 84, 100),
        (60, Kind::Buy, 10, 500),
        (160, Kind::Sell, 115, 900),
    ];
    let trades: Vec<Trade> =
        rows.into_iter().enumerate().map(|(i, r)| to_trade(i, 0, "A", r)).collect();
    let e = run(&case, &trades, 0);
    let ratios: Vec<Decimal> = e.adjustments.iter().map(|a| a.bonus_per_share.0).collect();
    assert_eq!(ratios, [Decimal::new(105, 3), Decimal::from(4)]);
    let s = &e.segments[0];
    assert_eq!(s.eligible_shares.0, Decimal::from(1000));
    assert_eq!(s.sold_shares.0, Decimal::from(1000));
    assert_eq!(s.held_shares.0, Decimal::ZERO);
    let sell = s.trades.iter().find(|t| t.kind == Kind::Sell).unwrap();
    assert_eq!(sell.from_pre.0, Decimal::new(104_975, 1));
    assert_eq!(sell.from_window.0, Decimal::from(1000));
    assert_eq!(sell.from_post.0, Decimal::ZERO);
    sells_are_taken(&e).unwrap();
}
