//! Reconcile (issue "why is my number different?"): given a history and an amount that
//! Redress computed under other choices than the case's, the search finds those choices;
//! the ratio solver finds a fixed deduction ratio; what-if changes one choice at a time.

use proptest::prelude::*;
use redress::case::{Method, Status};
use redress::money::Decimal;
use redress::reconcile::{Candidate, Offer, OfferText, reconcile, what_if};
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
        let mut want = wanted.clone();
        want.sort();
        prop_assert!(
            combinations(&found.exact).contains(&want),
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

/// The 康美 worked example (tests/golden/real-kangmei-2021) on the case's shipped data:
/// index comparison against 801150, no published ratio. The hand computation there gives
/// 8,929.35 after a deduction of 3,163.90 from a loss of 12,050.50 (26.26 %).
struct Kangmei {
    case: Case,
    trades: Vec<Trade>,
    files: Vec<String>,
    market: Option<redress::market::MarketData>,
    indices: Option<redress::market::IndexData>,
}

impl Kangmei {
    fn load() -> Kangmei {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = root.join("tests/golden/real-kangmei-2021");
        let read = |p: std::path::PathBuf| std::fs::read_to_string(p).unwrap();
        let mut case = Case::from_toml(&read(dir.join("case.toml")), "case.toml").unwrap();
        let trades =
            redress::canonical::read_csv(&read(dir.join("trades.csv")), "trades.csv", 0, "A")
                .unwrap();
        let texts: Vec<(String, String)> = case
            .market_files
            .iter()
            .map(|f| (f.clone(), read(root.join("cases").join(&case.id).join(f))))
            .collect();
        let refs: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
        let shipped = redress::case_data::read(&case, &refs).unwrap();
        let (market, indices) = redress::case_data::combine(&mut case, shipped, None, None);
        Kangmei { case, trades, files: vec!["trades.csv".into()], market, indices }
    }

    fn input(&self) -> Input<'_> {
        self.input_with(&self.case)
    }

    fn input_with<'a>(&'a self, case: &'a Case) -> Input<'a> {
        Input {
            case,
            trades: &self.trades,
            files: &self.files,
            opening_position: 0,
            market: self.market.as_ref(),
            indices: self.indices.as_ref(),
        }
    }
}

fn offer(amount: &str, ratio: &str) -> Offer {
    Offer::read(&OfferText { amount, ratio, ..OfferText::default() }).unwrap()
}

/// Every combination an answer stands for: each candidate's changes, and each of the
/// combinations folded into it (its changes and the ones that change nothing).
fn combinations(list: &[Candidate]) -> Vec<Vec<(String, String)>> {
    let pairs = |l: &[redress::reconcile::Change]| -> Vec<(String, String)> {
        let mut v: Vec<_> = l.iter().map(|x| (x.path.clone(), x.to.clone())).collect();
        v.sort();
        v
    };
    let mut out = Vec::new();
    for c in list {
        out.push(pairs(&c.changes));
        for extra in &c.same {
            let mut all = c.changes.clone();
            all.extend(extra.iter().cloned());
            out.push(pairs(&all));
        }
    }
    out
}

/// QA 1: the figures the page itself shows, typed as printed (26.26 % is the deduction
/// 3,163.90 of the loss 12,050.50, rounded to the percent's two decimals), match the
/// page's own choices; a ratio one step off does not.
#[test]
fn qa_1_the_pages_own_figures_match_at_the_precision_written() {
    let k = Kangmei::load();
    for ratio in ["0.2626", "26.26%", "２６．２６％", "26.3%"] {
        let found = reconcile(&k.input(), &offer("8929.35", ratio)).unwrap();
        assert!(
            found.exact.first().is_some_and(|c| c.changes.is_empty()),
            "{ratio}: {:?}",
            found.exact.first()
        );
    }
    for ratio in ["0.2627", "26.25%", "0.25"] {
        let found = reconcile(&k.input(), &offer("8929.35", ratio)).unwrap();
        assert!(found.exact.iter().all(|c| !c.changes.is_empty()), "{ratio}: {:?}", found.exact);
    }
}

/// QA 1: at half scale the deduction is half of 3,163.90 (1,581.95 of 12,050.50:
/// 13.13 %); that amount with that ratio is traced to the half scale.
#[test]
fn qa_1_the_effective_share_of_an_index_method_is_compared() {
    let k = Kangmei::load();
    let mut half = k.case.clone();
    redress::case::parameters::set_all(&mut half, &[("rules.systemic.scale", "0.5")]).unwrap();
    let amount = redress::estimate(&k.input_with(&half), &Options::default()).unwrap().compensation;
    let found = reconcile(&k.input(), &offer(&amount.0.to_string(), "13.13%")).unwrap();
    let want = vec![("rules.systemic.scale".to_owned(), "0.5".to_owned())];
    assert!(combinations(&found.exact).contains(&want), "{:?}", found.exact);
    // Every combination listed gives the amount and deducts 13.13 % of its loss.
    assert!(found.exact.iter().all(|c| c.compensation == amount && c.figures_match));
}

/// QA 1: with a fixed ratio, the letter's ratio is the case's ratio (times its scale).
#[test]
fn qa_1_a_fixed_ratio_on_the_letter_is_the_cases_ratio() {
    let case = case();
    let trades = redress::canonical::read_csv(redress::DEMO_TRADES, "demo.csv", 0, "A").unwrap();
    let files = vec!["demo.csv".to_owned()];
    let own = redress::estimate(&input(&case, &trades, &files), &Options::default()).unwrap();
    let amount = own.compensation.0.to_string();
    for (ratio, matches) in [("20%", true), ("0.2", true), ("0.20", true), ("25%", false)] {
        let found = reconcile(&input(&case, &trades, &files), &offer(&amount, ratio)).unwrap();
        let same = found.exact.first().is_some_and(|c| c.changes.is_empty());
        assert_eq!(same, matches, "{ratio}: {:?}", found.exact.first());
    }
}

/// QA 2: 康美 publishes no fixed ratio (its method is index comparison): the solved
/// ratio overrides no published value, and what the case has is said as the method.
#[test]
fn qa_2_a_ratio_the_case_does_not_have_is_not_a_published_value() {
    let k = Kangmei::load();
    let found = reconcile(&k.input(), &offer("9000", "")).unwrap();
    let solved = found.ratio.expect("a ratio");
    let ratio = solved.changes.iter().find(|c| c.path == "rules.systemic.ratio").unwrap();
    assert!(!ratio.overrides_published(), "{ratio:?}");
    assert_eq!(ratio.from, "");
    let zh = redress::reconcile::absent(&k.case, "rules.systemic.ratio", redress::Lang::Zh);
    let en = redress::reconcile::absent(&k.case, "rules.systemic.ratio", redress::Lang::En);
    assert!(zh.contains("同步指数对比法") && !zh.contains("默认"), "{zh}");
    assert!(en.contains("index comparison") && !en.contains("default"), "{en}");
    // The method it replaces is the case's, and an unverified one.
    let method = solved.changes.iter().find(|c| c.path == "rules.systemic.method").unwrap();
    assert_eq!(
        (method.from.as_str(), method.status),
        ("index-comparison", Some(Status::Unverified))
    );
    // A case that publishes its ratio: changing it does change a published value.
    let demo = case();
    let trades = redress::canonical::read_csv(redress::DEMO_TRADES, "demo.csv", 0, "A").unwrap();
    let files = vec!["demo.csv".to_owned()];
    let found = reconcile(&input(&demo, &trades, &files), &offer("9000", "")).unwrap();
    let solved = found.ratio.expect("a ratio");
    let ratio = solved.changes.iter().find(|c| c.path == "rules.systemic.ratio").unwrap();
    assert!(ratio.overrides_published(), "{ratio:?}");
}

/// QA 3: the figures as investors type them: full-width digits and punctuation (Chinese
/// input methods), separators, a unit; a negative amount or ratio is refused by name; a
/// text that is no number is answered with a neutral example.
#[test]
fn qa_3_offer_figures_are_read_as_typed() {
    let read = |amount: &str, ratio: &str| {
        Offer::read(&OfferText { amount, ratio, ..OfferText::default() })
    };
    let o = read("１２１０８．４６", "").unwrap();
    assert_eq!(o.amount, Decimal::new(1_210_846, 2));
    assert_eq!(read("１２，１０８．４６元", "").unwrap().amount, Decimal::new(1_210_846, 2));
    assert_eq!(read("¥12,108.46", "").unwrap().amount, Decimal::new(1_210_846, 2));
    let r = read("1", "２６．２６％").unwrap().systemic_ratio.unwrap();
    assert_eq!((r, r.scale()), (Decimal::new(2626, 4), 4));
    let r = read("1", "百分之二十").unwrap().systemic_ratio.unwrap();
    assert_eq!(r, Decimal::new(2, 1));
    for (amount, ratio, zh, en) in [
        ("-5", "", "负", "negative"),
        ("－５", "", "负", "negative"),
        ("1", "-3%", "负", "negative"),
        ("1", "130%", "100%", "100%"),
        ("一万", "", "12345.67", "12345.67"),
        ("", "", "12345.67", "12345.67"),
    ] {
        let e = read(amount, ratio).unwrap_err();
        let (m_zh, m_en) = (e.message(redress::Lang::Zh), e.message(redress::Lang::En));
        assert!(m_zh.contains(zh) && !m_zh.contains("15520.15"), "{amount} {ratio}: {m_zh}");
        assert!(m_en.contains(en), "{amount} {ratio}: {m_en}");
    }
}

/// QA 3: an offer of 0 is not explained as a 100 % deduction.
#[test]
fn qa_3_an_offer_of_nothing_is_not_a_full_deduction() {
    let k = Kangmei::load();
    let found = reconcile(&k.input(), &offer("0", "")).unwrap();
    assert!(found.ratio.is_none(), "{:?}", found.ratio);
    assert!(found.exact.is_empty() && !found.nearest.is_empty());
}

/// QA 4: the combinations that give the same amount and add to a simpler one only choices
/// that change nothing for these trades are one candidate, the simplest, with the others
/// folded into it; none is lost.
#[test]
fn qa_4_combinations_that_change_nothing_are_folded_into_the_simplest() {
    let k = Kangmei::load();
    let found = reconcile(&k.input(), &offer("8929.35", "")).unwrap();
    let first = &found.exact[0];
    assert!(first.changes.is_empty() && !first.same.is_empty(), "{first:?}");
    let all = combinations(&found.exact);
    let mut distinct = all.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(all.len(), distinct.len());
    // Each folded combination gives the same amount: computed again here.
    for c in &found.exact {
        for extra in &c.same {
            let mut case = k.case.clone();
            for x in c.changes.iter().chain(extra) {
                redress::case::parameters::set_all(&mut case, &[(&x.path, &x.to)]).unwrap();
            }
            let e = redress::estimate(&k.input_with(&case), &Options::default()).unwrap();
            assert_eq!(e.compensation, c.compensation, "{extra:?}");
        }
    }
    // No candidate left is another's changes plus some: those are folded.
    for a in &found.exact {
        for b in &found.exact {
            let sub = a.changes.iter().all(|x| b.changes.contains(x));
            assert!(std::ptr::eq(a, b) || !sub || a.compensation != b.compensation);
        }
    }
}
