//! Reconcile (issue "why is my number different?"): given a history and an amount that
//! Redress computed under other choices than the case's, the search finds those choices;
//! the ratio solver finds a fixed deduction ratio; what-if changes one choice at a time.

use proptest::prelude::*;
use redress::case::{Method, Status};
use redress::money::Decimal;
use redress::reconcile::{Offer, reconcile, what_if};
use redress::trade::{Kind, Origin, TimeOfDay};
use redress::{Case, Date, Input, Options, Trade};

/// The demo case with a published fixed deduction ratio of 20 % (so that "fixed" and
/// "none" are both open choices).
fn case() -> Case {
    let mut case = Case::from_toml(redress::DEMO_CASE, "demo.toml").unwrap();
    redress::case::parameters::set_all(&mut case, &[("rules.systemic.ratio", "0.2")]).unwrap();
    redress::case::parameters::set_all(&mut case, &[("rules.systemic.method", "fixed")]).unwrap();
    for p in ["rules.systemic.ratio", "rules.systemic.method"] {
        case.provenance.get_mut(p).unwrap().status = Status::Published;
    }
    case
}

fn trades(rows: &[(i32, bool, u64, i64)]) -> Vec<Trade> {
    let start = Date::from_ymd(2021, 1, 1).unwrap().day_number();
    rows.iter()
        .enumerate()
        .map(|(i, &(day, buy, lots, fen))| Trade {
            date: Date::from_day_number(start + day),
            time: Some(TimeOfDay(36_000 + u32::try_from(i).unwrap())),
            account: "A".into(),
            kind: if buy { Kind::Buy } else { Kind::Sell },
            quantity: lots * 100,
            price: Some(redress::money::Price(Decimal::new(fen, 2))),
            origin: Origin { file: 0, row: u32::try_from(i).unwrap() + 2 },
        })
        .collect()
}

fn input<'a>(case: &'a Case, trades: &'a [Trade], files: &'a [String]) -> Input<'a> {
    Input { case, trades, files, opening_position: 0, market: None, indices: None }
}

/// A random choice for each open parameter: (path, value).
fn choices() -> impl Strategy<Value = Vec<(&'static str, String)>> {
    (
        prop::sample::select(Method::ALL.to_vec()),
        prop::bool::ANY,
        prop::bool::ANY,
        prop::bool::ANY,
        prop::option::of((prop::bool::ANY, prop::bool::ANY)),
    )
        .prop_map(|(method, per_part, fees_on_loss, no_deduction, interest)| {
            let mut out = vec![
                ("rules.buy_average", method.as_str().to_owned()),
                ("rules.netting", if per_part { "per-part" } else { "net" }.to_owned()),
                ("rules.fees_on", if fees_on_loss { "loss" } else { "compensable" }.to_owned()),
                ("rules.systemic.method", if no_deduction { "none" } else { "fixed" }.to_owned()),
            ];
            if let Some((on_loss, days_365)) = interest {
                out.push(("rules.interest_rate", "deposit-table".to_owned()));
                out.push((
                    "rules.interest_principal",
                    if on_loss { "loss" } else { "loss-and-fees" }.to_owned(),
                ));
                out.push((
                    "rules.interest_days_per_year",
                    if days_365 { "365" } else { "360" }.to_owned(),
                ));
            }
            out
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn reconcile_finds_the_choices_that_gave_an_amount(
        rows in prop::collection::vec((0i32..200, prop::bool::ANY, 1u64..30, 500i64..3000), 1..12),
        chosen in choices(),
    ) {
        let case = case();
        let trades = trades(&rows);
        let files = vec!["a.csv".to_owned()];
        // The amount under the chosen values, computed as any user would.
        let mut other = case.clone();
        for (path, value) in &chosen {
            redress::case::parameters::set_all(&mut other, &[(path, value)]).unwrap();
        }
        let Ok(est) = redress::estimate(&input(&other, &trades, &files), &Options::default()) else {
            return Ok(());
        };
        let offer = Offer { amount: est.compensation.0, ..Offer::default() };
        let found = reconcile(&input(&case, &trades, &files), &offer).unwrap();
        // The chosen values, as changes from the case.
        let wanted: Vec<(String, String)> = chosen
            .iter()
            .filter(|(p, v)| redress::case::parameters::text(&case, p).flatten().as_deref() != Some(v.as_str()))
            .map(|(p, v)| ((*p).to_owned(), v.clone()))
            .collect();
        prop_assert!(
            found.exact.iter().any(|c| {
                let mut got: Vec<(String, String)> =
                    c.changes.iter().map(|x| (x.path.clone(), x.to.clone())).collect();
                let mut want = wanted.clone();
                got.sort();
                want.sort();
                got == want
            }),
            "{} exact combinations for {} under {:?}: {:?}",
            found.exact.len(),
            offer.amount,
            wanted,
            found.exact.iter().take(3).collect::<Vec<_>>()
        );
        // Every exact combination gives the amount to the fen.
        prop_assert!(found.exact.iter().all(|c| c.compensation.0 == offer.amount));
    }
}

/// The worked example bought 2,500 shares at an average of 14.60 and holds them; an
/// amount that no combination gives is reached by a fixed ratio, found to 0.01 %.
#[test]
fn a_fixed_ratio_that_reproduces_an_amount_is_solved_for() {
    let case = case();
    let trades = redress::canonical::read_csv(redress::DEMO_TRADES, "demo.csv", 0, "A").unwrap();
    let files = vec!["demo.csv".to_owned()];
    // The amount at a 37.5 % deduction, which no searched combination uses.
    let mut at = case.clone();
    redress::case::parameters::set_all(&mut at, &[("rules.systemic.ratio", "0.375")]).unwrap();
    let want = redress::estimate(&input(&at, &trades, &files), &Options::default()).unwrap();
    let found = reconcile(
        &input(&case, &trades, &files),
        &Offer { amount: want.compensation.0, ..Offer::default() },
    )
    .unwrap();
    assert!(found.exact.is_empty(), "{:?}", found.exact);
    assert!(!found.nearest.is_empty());
    let solved = found.ratio.expect("a ratio");
    assert_eq!(solved.ratio.0, Decimal::new(3750, 4));
    assert!(solved.exact);
    assert_eq!(solved.compensation, want.compensation);
}

#[test]
fn what_if_says_what_each_alternative_gives_largest_effect_first() {
    let case = case();
    let trades = redress::canonical::read_csv(redress::DEMO_TRADES, "demo.csv", 0, "A").unwrap();
    let files = vec!["demo.csv".to_owned()];
    let list = what_if(&input(&case, &trades, &files)).unwrap();
    let paths: Vec<&str> = list.iter().map(|w| w.path.as_str()).collect();
    assert!(
        paths.contains(&"rules.buy_average") && paths.contains(&"rules.systemic.method"),
        "{paths:?}"
    );
    assert!(list.windows(2).all(|w| w[0].spread >= w[1].spread));
    // No deduction instead of 20 %: the amount before deduction, by the case's rules.
    let none = list.iter().find(|w| w.path == "rules.systemic.method").unwrap();
    let mut no = case.clone();
    redress::case::parameters::set_all(&mut no, &[("rules.systemic.method", "none")]).unwrap();
    let want = redress::estimate(&input(&no, &trades, &files), &Options::default()).unwrap();
    assert_eq!(none.alternatives, vec![("none".to_owned(), want.compensation)]);
}
