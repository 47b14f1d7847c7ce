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
///
/// A letter prints its figures rounded: a figure with decimals is compared at the
/// decimals it was written with (its scale: `0.2626` to four, `20.6` to one), a
/// candidate's value rounded half-up to them; amounts and shares are compared exactly
/// (an amount is to the fen). [`Offer::read`] reads them as typed, keeping that scale.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Offer {
    /// The amount offered (yuan, to the fen).
    pub amount: Decimal,
    /// Eligible shares (E), when the letter gives them.
    pub eligible_shares: Option<Decimal>,
    /// The buy average (B), when given: compared at the decimals written.
    pub buy_average: Option<Decimal>,
    /// The investment loss (L), when given.
    pub investment_loss: Option<Decimal>,
    /// The share of the loss deducted for systemic risk, when given (0.25 for 25 %),
    /// compared at the decimals written (`26.26%` is `0.2626`, four): for a fixed ratio
    /// the case's ratio times its scale, for an index method the deduction the estimate
    /// made over the loss (DESIGN.md "Why is my number different?").
    pub systemic_ratio: Option<Decimal>,
}

/// The figures of an offer as the investor typed them; every one but the amount may be
/// empty.
#[derive(Clone, Copy, Debug, Default)]
pub struct OfferText<'a> {
    /// The amount offered (`12,108.46`, `１２１０８．４６元`).
    pub amount: &'a str,
    /// Eligible shares.
    pub eligible_shares: &'a str,
    /// The buy average.
    pub buy_average: &'a str,
    /// The investment loss.
    pub loss: &'a str,
    /// The systemic deduction ratio (`0.2626`, `26.26%`, `百分之二十`).
    pub ratio: &'a str,
}

/// A figure of an offer, for naming it in a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Figure {
    /// The amount offered.
    Amount,
    /// Eligible shares.
    EligibleShares,
    /// The buy average.
    BuyAverage,
    /// The investment loss.
    Loss,
    /// The systemic deduction ratio.
    Ratio,
}

impl Figure {
    /// Its name, as the offer form says it.
    pub fn label(self, lang: crate::lang::Lang) -> &'static str {
        match self {
            Figure::Amount => lang.pick("收到的金额", "the amount offered"),
            Figure::EligibleShares => lang.pick("可索赔股数", "eligible shares"),
            Figure::BuyAverage => lang.pick("买入均价", "the buy average"),
            Figure::Loss => lang.pick("投资差额损失", "the investment loss"),
            Figure::Ratio => lang.pick("系统风险扣除比例", "the systemic deduction ratio"),
        }
    }
}

/// Why a figure of an offer cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FigureProblem {
    /// The amount is empty.
    Missing,
    /// It is not a number.
    NotANumber,
    /// It is below zero.
    Negative,
    /// A ratio above 100 %.
    AboveOne,
}

/// `text` with full-width digits, point, comma, percent and signs made half-width
/// (Chinese input methods type them), without spaces, thousands separators, a leading
/// `¥` and a trailing `元` or `股`.
fn half_width(text: &str) -> String {
    let t: String = text
        .chars()
        .map(crate::rate::half_width)
        .map(|c| match c {
            '－' | '−' | '﹣' => '-',
            '＋' => '+',
            c => c,
        })
        .filter(|c| !c.is_whitespace() && !matches!(c, ',' | '，' | '、' | '\''))
        .collect();
    let t = t.trim_start_matches(['¥', '￥']);
    let t = t.strip_suffix("元").or_else(|| t.strip_suffix("股")).unwrap_or(t);
    let t = t.strip_suffix("yuan").unwrap_or(t);
    t.to_owned()
}

/// One figure as typed: `None` when empty; its scale is the decimals written.
fn read_figure(text: &str, figure: Figure) -> Result<Option<Decimal>, Error> {
    let bad = |problem: FigureProblem| {
        Error::new(crate::error::ErrorKind::OfferFigure {
            figure,
            text: text.trim().to_owned(),
            problem,
        })
    };
    let t = half_width(text);
    if t.is_empty() {
        return if figure == Figure::Amount { Err(bad(FigureProblem::Missing)) } else { Ok(None) };
    }
    let (number, shift) = match figure {
        Figure::Ratio => match (t.strip_suffix('%'), t.strip_suffix('‰')) {
            (Some(n), _) => (n, 2),
            (_, Some(n)) => (n, 3),
            _ => (t.as_str(), 0),
        },
        _ => (t.as_str(), 0),
    };
    let value = match crate::money::parse_decimal(number) {
        // Divided by 100 or 1000 by moving the point: the decimals written stay.
        Some(d) => Decimal::try_from_i128_with_scale(d.mantissa(), d.scale() + shift)
            .map_err(|_| bad(FigureProblem::NotANumber))?,
        // A ratio in words (`百分之二十`, `万分之三`), as every rate is read.
        None if figure == Figure::Ratio => {
            crate::rate::parse(&t).ok_or_else(|| bad(FigureProblem::NotANumber))?
        }
        None => return Err(bad(FigureProblem::NotANumber)),
    };
    if value.is_sign_negative() && !value.is_zero() {
        return Err(bad(FigureProblem::Negative));
    }
    if figure == Figure::Ratio && value > Decimal::ONE {
        return Err(bad(FigureProblem::AboveOne));
    }
    Ok(Some(value.abs()))
}

impl Offer {
    /// The offer as typed, every front end's one reading: an [`Error`] naming the figure
    /// that is empty (the amount), not a number, or negative.
    pub fn read(text: &OfferText<'_>) -> Result<Offer, Error> {
        Ok(Offer {
            amount: read_figure(text.amount, Figure::Amount)?.unwrap_or_default(),
            eligible_shares: read_figure(text.eligible_shares, Figure::EligibleShares)?,
            buy_average: read_figure(text.buy_average, Figure::BuyAverage)?,
            investment_loss: read_figure(text.loss, Figure::Loss)?,
            systemic_ratio: read_figure(text.ratio, Figure::Ratio)?,
        })
    }
}

/// Whether `value`, rounded half-up to the decimals `printed` was written with, is
/// `printed`.
fn as_printed(value: Decimal, printed: Decimal) -> bool {
    crate::money::round_half_up(value, printed.scale()) == printed
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
    /// The other combinations that give the same (figures alike): each is this one's
    /// changes and these, which make no difference for these trades. Folded here so that
    /// an answer is not the same amount many times over.
    pub same: Vec<Vec<Change>>,
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
            && offer.buy_average.is_none_or(|b| s.buy_average.is_some_and(|x| as_printed(x.0, b)))
            && offer.investment_loss.is_none_or(|l| s.investment_loss.0 == l)
            && offer
                .systemic_ratio
                .is_none_or(|r| deducted_share(&case, s).is_some_and(|x| as_printed(x, r)))
    });
    Some((est.compensation.0, figures))
}

/// The share of the loss a segment's estimate deducted for systemic risk, as an offer
/// letter prints it: none, 0; a fixed ratio, the case's ratio times its scale; an index
/// method (a ratio per part, per investor), the deduction over the loss, both as the
/// result shows them (康美: 3,163.90 of 12,050.50, 0.262552…).
fn deducted_share(case: &Case, s: &crate::report::SegmentResult) -> Option<Decimal> {
    use crate::case::SystemicMethod;
    let rules = &case.rules.systemic;
    match rules.method {
        SystemicMethod::None => Some(Decimal::ZERO),
        SystemicMethod::Fixed => rules.ratio.map(|r| r.0 * rules.scale.0),
        SystemicMethod::IndexComparison | SystemicMethod::RelativeProportion => {
            if s.investment_loss.0.is_zero() {
                Some(Decimal::ZERO)
            } else {
                s.systemic_deduction.0.checked_div(s.investment_loss.0)
            }
        }
    }
}

/// What a case has where it has no value for `path`, as the reconcile answer says it
/// beside a change from that absence: a fixed ratio the case does not use is "none" with
/// the method it does use; the interest rate, the regime's default; anything else, not
/// set.
pub fn absent(case: &Case, path: &str, lang: crate::lang::Lang) -> String {
    use crate::case::{Regime, SystemicMethod};
    match path {
        "rules.systemic.ratio" if case.rules.systemic.method == SystemicMethod::None => lang
            .pick("无（本案不扣除系统风险）", "none (this case deducts nothing for systemic risk)")
            .to_owned(),
        "rules.systemic.ratio" if case.rules.systemic.method != SystemicMethod::Fixed => {
            let method = parameters::find("rules.systemic.method")
                .and_then(|p| {
                    let id = current(case, "rules.systemic.method");
                    p.choices().iter().find(|c| c.id == id).map(|c| c.label(lang))
                })
                .unwrap_or_default();
            // Mid-sentence in English: "Index comparison" as "index comparison".
            let mut chars = method.chars();
            let method: String = match (lang, chars.next()) {
                (crate::lang::Lang::En, Some(c)) => c.to_lowercase().chain(chars).collect(),
                _ => method.to_owned(),
            };
            crate::tr!(
                lang,
                "无（本案按{}扣除，不用固定比例）",
                "none (this case deducts by {}, not a fixed ratio)",
                method
            )
        }
        "rules.systemic.ratio" => lang.pick("未公布", "not published").to_owned(),
        "rules.interest_rate" => match case.regime {
            Regime::Spc2022 => {
                lang.pick("不计利息（2022 年规定）", "no interest (2022 provisions)")
            }
            Regime::Spc2003 => lang
                .pick("活期存款利率表（2003 年规定）", "the deposit-rate table (2003 provisions)"),
        }
        .to_owned(),
        _ => lang.pick("未设定", "not set").to_owned(),
    }
}

/// A candidate's difference from the offer in words, `amount` being its size as the
/// front end writes money: "比收到的金额多 12.30 元" / "¥12.30 more than the amount
/// offered"; empty when there is none.
pub fn difference_words(difference: Decimal, amount: &str, lang: crate::lang::Lang) -> String {
    if difference.is_zero() {
        String::new()
    } else if difference.is_sign_negative() {
        crate::tr!(lang, "比收到的金额少 {}", "{} less than the amount offered", amount)
    } else {
        crate::tr!(lang, "比收到的金额多 {}", "{} more than the amount offered", amount)
    }
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
                let from = current(input.case, path);
                // A value the case does not have (康美's fixed ratio: it deducts by index
                // comparison) is nobody's: trying one overrides nothing.
                let stated = !from.is_empty();
                (from, status.or((real && stated).then_some(Status::Published)))
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
            same: Vec::new(),
        });
    }
    // One candidate per distinct set of changes (settings that change nothing twice),
    // simplest first; then each folded into a simpler one that gives the same with a part
    // of its changes.
    all.sort_by_key(Candidate::rank);
    all.dedup_by(|a, b| a.changes == b.changes);
    let all = fold(all);
    let exact: Vec<Candidate> =
        all.iter().filter(|c| c.difference.0.is_zero() && c.figures_match).cloned().collect();
    let mut nearest = Vec::new();
    if exact.is_empty() {
        let mut by_distance = all.clone();
        by_distance.sort_by(|a, b| {
            a.difference.0.abs().cmp(&b.difference.0.abs()).then_with(|| a.rank().cmp(&b.rank()))
        });
        nearest = by_distance.into_iter().take(5).collect();
    }
    // An offer of nothing is, as a rule, "these trades are not eligible", not a deduction
    // of everything: no ratio is solved for it.
    let ratio = if exact.is_empty() && !offer.amount.is_zero() {
        solve_ratio(input, offer, &axes)
    } else {
        None
    };
    Ok(Reconciliation { offered: Yuan(offer.amount), default, exact, nearest, ratio, searched })
}

/// Folds each candidate (simplest first) into the first simpler one that gives the same
/// amount, with the same verdict on the letter's figures, by a part of its changes: the
/// rest of its changes make no difference for these trades.
fn fold(sorted: Vec<Candidate>) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    for c in sorted {
        let home = out.iter_mut().find(|g| {
            g.compensation == c.compensation
                && g.figures_match == c.figures_match
                && g.changes.iter().all(|x| c.changes.contains(x))
        });
        match home {
            Some(g) => {
                let extra = c.changes.into_iter().filter(|x| !g.changes.contains(x)).collect();
                g.same.push(extra);
            }
            None => out.push(c),
        }
    }
    out
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
