//! "Why is my number different?": the choices a case leaves open that reproduce the
//! amount a fund or a court offered, and what each contested choice is worth.
//!
//! [`reconcile`] searches every combination of the choices the law and practice allow
//! (rules.md §4–§9: the four buy-average methods; netting; fees on the compensable loss
//! or on the loss; the systemic deduction none, a fixed ratio, index comparison or
//! relative proportion, at full or half scale; interest or none, on the loss with or
//! without fees, over 360 or 365 days; the opening position) and returns the
//! combinations that give the offered amount to the fen (and the other figures of the
//! offer letter, when given), ranked by how few published values they override; when
//! none does, the nearest, and the fixed deduction ratio that would give it (the amount
//! is monotone and piecewise linear in the ratio, so it is found by bisection, exactly).
//!
//! [`what_if`] changes one contested choice at a time and says what each alternative
//! would give: which choices matter for this investor.
//!
//! The choices and their values come from the parameter table
//! ([`crate::case::parameters`]); every combination is a case with those parameters set
//! ([`parameters::set_all`]) and one estimate without detail; nothing is approximated.

use serde::Serialize;

use crate::calc::{Input, Options, estimate};
use crate::case::{Case, CaseKind, Status, parameters};
use crate::error::Error;
use crate::money::{Decimal, Ratio, Yuan};

/// What the investor was offered, and any figure of the offer letter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Offer {
    /// The amount offered (yuan, to the fen).
    pub amount: Decimal,
    /// Eligible shares (E), when the letter gives them.
    pub eligible_shares: Option<Decimal>,
    /// The buy average (B), when given: compared to four decimals.
    pub buy_average: Option<Decimal>,
    /// The investment loss (L), when given.
    pub investment_loss: Option<Decimal>,
    /// The systemic deduction ratio, when given (0.25 for 25 %).
    pub systemic_ratio: Option<Decimal>,
}

/// One parameter set to another value than the case's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The parameter path (`rules.buy_average`, or `opening_position`).
    pub path: String,
    /// The case's value (empty when absent).
    pub from: String,
    /// The value tried.
    pub to: String,
    /// What the case's value rests on (`None`: a choice no case file records, such as
    /// the opening position).
    pub status: Option<Status>,
}

impl Change {
    /// Whether this change overrides a value the case publishes (or read in a source).
    pub fn overrides_published(&self) -> bool {
        matches!(self.status, Some(Status::Published | Status::Computed))
    }
}

/// A combination of choices and what it gives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Candidate {
    /// What differs from the case as it stands (empty: the case itself).
    pub changes: Vec<Change>,
    /// The compensation it gives.
    pub compensation: Yuan,
    /// The compensation minus the amount offered.
    pub difference: Yuan,
    /// Whether the offer letter's other figures match too (true when none were given).
    pub figures_match: bool,
}

impl Candidate {
    /// How many published values it overrides, then how many values in all: the ranking.
    fn rank(&self) -> (usize, usize) {
        (self.changes.iter().filter(|c| c.overrides_published()).count(), self.changes.len())
    }
}

/// The fixed systemic ratio that reproduces the amount.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SolvedRatio {
    /// The ratio (0.2500 for 25 %), to four decimals.
    pub ratio: Ratio,
    /// What that ratio gives.
    pub compensation: Yuan,
    /// Whether it gives the offered amount to the fen (a ratio to four decimals may not).
    pub exact: bool,
    /// The other choices it goes with (the rest as the case has them).
    pub changes: Vec<Change>,
}

/// The answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reconciliation {
    /// The amount offered.
    pub offered: Yuan,
    /// What the case as it stands gives (`None` when it cannot compute without a choice).
    pub default: Option<Yuan>,
    /// The combinations that reproduce the offer, fewest overridden published values
    /// first.
    pub exact: Vec<Candidate>,
    /// When none does: the nearest few.
    pub nearest: Vec<Candidate>,
    /// The fixed systemic ratio that would reproduce the amount, when one in 0–100 % does.
    pub ratio: Option<SolvedRatio>,
    /// How many combinations were computed.
    pub searched: usize,
}

/// One contested choice and the values it may take.
#[derive(Clone, Debug)]
struct Axis {
    path: &'static str,
    values: Vec<String>,
}

/// A setting of some axes: (path, value) pairs, in the order they must be applied.
type Setting = Vec<(&'static str, String)>;

/// The case's value of a parameter, as text (empty when absent).
fn current(case: &Case, path: &str) -> String {
    if path == "opening_position" {
        return String::new();
    }
    parameters::text(case, path).flatten().unwrap_or_default()
}

/// The identifiers of a choice parameter's values, from the parameter table.
fn choices(path: &str) -> Vec<String> {
    parameters::find(path)
        .map(|p| p.choices().iter().map(|c| c.id.to_owned()).collect())
        .unwrap_or_default()
}

/// The choices a case leaves to search, each with the values the law and practice allow.
fn axes(input: &Input<'_>) -> Vec<Axis> {
    let case = input.case;
    let mut out: Vec<Axis> = ["rules.buy_average", "rules.netting", "rules.fees_on"]
        .into_iter()
        .map(|path| Axis { path, values: choices(path) })
        .collect();
    let has_indices = !case.rules.systemic.indices.is_empty()
        && input
            .indices
            .is_some_and(|d| case.rules.systemic.indices.iter().all(|c| d.series.contains_key(c)));
    // The systemic methods the case's data allow: a fixed ratio where the case has one
    // (else the ratio solver tries it), an index method where its closes are at hand.
    let systemic = choices("rules.systemic.method")
        .into_iter()
        .filter(|m| match m.as_str() {
            "fixed" => case.rules.systemic.ratio.is_some(),
            "index-comparison" | "relative-proportion" => has_indices,
            _ => true,
        })
        .collect();
    out.push(Axis { path: "rules.systemic.method", values: systemic });
    if has_indices {
        out.push(Axis { path: "rules.systemic.scale", values: vec!["1".into(), "0.5".into()] });
    }
    // Interest: as the case has it (absent: the regime's default, none under 2022 and the
    // deposit table under 2003), none, or the deposit table; on either principal, over
    // either year.
    let mut rates = vec![current(case, "rules.interest_rate")];
    let none = case.rules.interest_rate.is_none() && case.regime == crate::case::Regime::Spc2022;
    let table = case.rules.interest_rate.is_none() && case.regime == crate::case::Regime::Spc2003;
    if !none && rates[0] != "0" {
        rates.push("0".into());
    }
    if !table && rates[0] != "deposit-table" {
        rates.push("deposit-table".into());
    }
    out.push(Axis { path: "rules.interest_rate", values: rates });
    for path in ["rules.interest_principal", "rules.interest_days_per_year"] {
        let values = choices(path);
        out.push(Axis {
            path,
            values: if values.is_empty() { vec![current(case, path)] } else { values },
        });
    }
    if input.opening_position > 0 {
        out.push(Axis {
            path: "opening_position",
            values: vec![input.opening_position.to_string(), "0".into()],
        });
    }
    out
}

/// Whether a combination is worth computing: interest's principal and year only matter
/// when there is interest; scale only with an index method.
fn meaningful(case: &Case, setting: &Setting) -> bool {
    let get = |p: &str| setting.iter().find(|(q, _)| *q == p).map(|(_, v)| v.as_str());
    let no_interest = match get("rules.interest_rate") {
        Some("0") => true,
        Some("") => {
            case.rules.interest_rate.is_none() && case.regime == crate::case::Regime::Spc2022
        }
        _ => false,
    };
    if no_interest
        && (get("rules.interest_principal") == Some("loss")
            || get("rules.interest_days_per_year") == Some("365"))
    {
        return false;
    }
    let index =
        matches!(get("rules.systemic.method"), Some("index-comparison" | "relative-proportion"));
    get("rules.systemic.scale") != Some("0.5") || index
}

/// Every combination of the axes' values.
fn settings(case: &Case, axes: &[Axis]) -> Vec<Setting> {
    let mut out: Vec<Setting> = vec![Vec::new()];
    for a in axes {
        let mut next = Vec::with_capacity(out.len() * a.values.len());
        for s in &out {
            for v in &a.values {
                let mut s = s.clone();
                s.push((a.path, v.clone()));
                next.push(s);
            }
        }
        out = next;
    }
    out.retain(|s| meaningful(case, s));
    out
}

/// The case with a setting applied, and the opening position; `None` when the setting
/// does not make a valid case.
fn apply(input: &Input<'_>, setting: &[(&'static str, String)]) -> Option<(Case, u64)> {
    let mut case = input.case.clone();
    let mut opening = input.opening_position;
    let mut values: Vec<(&str, &str)> = Vec::with_capacity(setting.len());
    for (path, value) in setting {
        if *path == "opening_position" {
            opening = value.parse().ok()?;
        } else if current(&case, path) != *value {
            values.push((path, value));
        }
    }
    // Applied together through the parameter table, then the case is checked once.
    if !values.is_empty() {
        parameters::set_all(&mut case, &values).ok()?;
    }
    Some((case, opening))
}

/// The compensation and the offer's figures under a setting.
fn compute(
    input: &Input<'_>,
    setting: &[(&'static str, String)],
    offer: &Offer,
) -> Option<(Decimal, bool)> {
    let (case, opening) = apply(input, setting)?;
    let input = Input { case: &case, opening_position: opening, ..*input };
    let options = Options { detail: false, ..Options::default() };
    let est = estimate(&input, &options).ok()?;
    let seg = est
        .chosen_segment
        .as_ref()
        .and_then(|id| est.segments.iter().find(|s| &s.id == id))
        .or_else(|| est.segments.first());
    let figures = seg.is_none_or(|s| {
        offer.eligible_shares.is_none_or(|e| s.eligible_shares.0 == e)
            && offer.buy_average.is_none_or(|b| {
                s.buy_average.is_some_and(|x| crate::money::round_half_up(x.0, 4) == b)
            })
            && offer.investment_loss.is_none_or(|l| s.investment_loss.0 == l)
            && offer.systemic_ratio.is_none_or(|r| {
                case.rules.systemic.ratio.is_some_and(|x| x.0 == r)
                    && case.rules.systemic.method == crate::case::SystemicMethod::Fixed
            })
    });
    Some((est.compensation.0, figures))
}

/// The changes a setting makes to the case as it stands.
fn changes(input: &Input<'_>, setting: &[(&'static str, String)]) -> Vec<Change> {
    setting
        .iter()
        .filter_map(|(path, value)| {
            let (from, status) = if *path == "opening_position" {
                (input.opening_position.to_string(), None)
            } else {
                // A rule the case file states without a provenance entry is the scheme's or
                // the court's own (an example's or a custom case's is nobody's).
                let real = matches!(input.case.kind, Some(CaseKind::Scheme | CaseKind::Court));
                let status = input.case.provenance.get(*path).map(|p| p.status);
                (current(input.case, path), status.or(real.then_some(Status::Published)))
            };
            (from != *value).then(|| Change {
                path: (*path).to_owned(),
                from,
                to: value.clone(),
                status,
            })
        })
        .collect()
}

/// Searches the choices the case leaves open for those that reproduce `offer`.
pub fn reconcile(input: &Input<'_>, offer: &Offer) -> Result<Reconciliation, Error> {
    let options = Options { detail: false, ..Options::default() };
    let default = estimate(input, &options).ok().map(|e| e.compensation);
    let axes = axes(input);
    let mut all = Vec::new();
    let mut searched = 0;
    for setting in settings(input.case, &axes) {
        searched += 1;
        let Some((compensation, figures_match)) = compute(input, &setting, offer) else {
            continue;
        };
        all.push(Candidate {
            changes: changes(input, &setting),
            compensation: Yuan(compensation),
            difference: Yuan(compensation - offer.amount),
            figures_match,
        });
    }
    // One candidate per distinct set of changes (settings that change nothing twice).
    all.sort_by(|a, b| a.rank().cmp(&b.rank()).then_with(|| a.changes.len().cmp(&b.changes.len())));
    all.dedup_by(|a, b| a.changes == b.changes);
    let mut exact: Vec<Candidate> =
        all.iter().filter(|c| c.difference.0.is_zero() && c.figures_match).cloned().collect();
    exact.sort_by_key(Candidate::rank);
    let mut nearest = Vec::new();
    if exact.is_empty() {
        let mut by_distance = all.clone();
        by_distance.sort_by(|a, b| {
            a.difference.0.abs().cmp(&b.difference.0.abs()).then_with(|| a.rank().cmp(&b.rank()))
        });
        nearest = by_distance.into_iter().take(5).collect();
    }
    let ratio = if exact.is_empty() { solve_ratio(input, offer, &axes) } else { None };
    Ok(Reconciliation { offered: Yuan(offer.amount), default, exact, nearest, ratio, searched })
}

/// The fixed systemic ratio that gives the offered amount: for the combinations of the
/// other choices, fewest changes first, the first whose amounts at ratio 0 and 1 bracket
/// the offer, by bisection on the ratio (the amount never rises with the ratio).
fn solve_ratio(input: &Input<'_>, offer: &Offer, axes: &[Axis]) -> Option<SolvedRatio> {
    let others: Vec<Axis> =
        axes.iter().filter(|a| !a.path.starts_with("rules.systemic")).cloned().collect();
    let mut candidates: Vec<Setting> = settings(input.case, &others);
    candidates.sort_by_key(|s| changes(input, s).len());
    let at = |base: &Setting, r: Decimal| -> Option<Decimal> {
        let mut s = base.clone();
        s.push(("rules.systemic.ratio", r.normalize().to_string()));
        s.push(("rules.systemic.method", "fixed".into()));
        s.push(("rules.systemic.scale", "1".into()));
        compute(input, &s, offer).map(|(c, _)| c)
    };
    for base in candidates {
        let (hi, lo) = (at(&base, Decimal::ZERO)?, at(&base, Decimal::ONE)?);
        if offer.amount > hi || offer.amount < lo {
            continue;
        }
        // Bisection to a ratio of four decimals (0.01 %): 14 steps.
        let (mut a, mut b) = (0i64, 10_000i64);
        while b - a > 1 {
            let m = (a + b) / 2;
            let c = at(&base, Decimal::new(m, 4))?;
            if c >= offer.amount { a = m } else { b = m }
        }
        let (ca, cb) = (at(&base, Decimal::new(a, 4))?, at(&base, Decimal::new(b, 4))?);
        let (r, c) =
            if (ca - offer.amount).abs() <= (cb - offer.amount).abs() { (a, ca) } else { (b, cb) };
        let mut setting = base.clone();
        setting.push(("rules.systemic.ratio", Decimal::new(r, 4).normalize().to_string()));
        setting.push(("rules.systemic.method", "fixed".into()));
        return Some(SolvedRatio {
            ratio: Ratio(Decimal::new(r, 4)),
            compensation: Yuan(c),
            exact: c == offer.amount,
            changes: changes(input, &setting),
        });
    }
    None
}

/// The provision (or the calculation's rule) a choice falls under, for the user to read
/// beside a change: the buy average and netting under 2022 Art. 27 (2003 Art. 31), fees
/// under Art. 25 (2003 Art. 30), the systemic deduction under Art. 31 (2003 Art. 19),
/// interest under 2003 Art. 30.
pub fn authority(path: &str, regime: crate::case::Regime, lang: crate::lang::Lang) -> String {
    use crate::calc::explain::article;
    use crate::case::Regime;
    let law = |a2022: u32, a2003: u32| match regime {
        Regime::Spc2022 => article("spc2022", a2022, lang).label,
        Regime::Spc2003 => article("spc2003", a2003, lang).label,
    };
    match path {
        "rules.buy_average" | "rules.netting" => law(27, 31),
        "rules.fees_on" => law(25, 30),
        p if p.starts_with("rules.systemic") => law(31, 19),
        p if p.starts_with("rules.interest") => article("spc2003", 30, lang).label,
        _ => lang
            .pick("计算规则（法律未作规定）", "a rule of the calculation (the law is silent)")
            .to_owned(),
    }
}

/// One contested choice and what each of its values gives, the others as the case has
/// them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WhatIf {
    /// The parameter path.
    pub path: String,
    /// The case's value.
    pub current: String,
    /// Each other value and what it gives (values that make no valid case are left out).
    pub alternatives: Vec<(String, Yuan)>,
    /// The largest difference from the case's amount, for sorting by effect.
    pub spread: Yuan,
}

/// What each contested choice is worth for this investor, the largest effect first.
pub fn what_if(input: &Input<'_>) -> Result<Vec<WhatIf>, Error> {
    let options = Options { detail: false, ..Options::default() };
    let base = estimate(input, &options)?.compensation.0;
    let offer = Offer::default();
    let mut out = Vec::new();
    for axis in axes(input) {
        let now = if axis.path == "opening_position" {
            input.opening_position.to_string()
        } else {
            current(input.case, axis.path)
        };
        let mut alternatives = Vec::new();
        for v in axis.values.iter().filter(|v| **v != now) {
            let setting: Setting = vec![(axis.path, v.clone())];
            if let Some((c, _)) = compute(input, &setting, &offer) {
                alternatives.push((v.clone(), Yuan(c)));
            }
        }
        if alternatives.is_empty() {
            continue;
        }
        let spread =
            Yuan(alternatives.iter().map(|(_, c)| (c.0 - base).abs()).max().unwrap_or_default());
        out.push(WhatIf { path: axis.path.to_owned(), current: now, alternatives, spread });
    }
    out.sort_by_key(|w| std::cmp::Reverse(w.spread));
    Ok(out)
}
