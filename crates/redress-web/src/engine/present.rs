//! The estimate as the page shows it: every number formatted by the core's formatter with
//! the unit of the language, labelled, in the order of the calculation. Nothing here
//! computes a legal quantity; it only reads `Estimate`, `SegmentResult` and `Comparison`.

pub use redress::breakdown::Typed;
use redress::breakdown::{self, Amount, Role};
use redress::case::parameters::Value;
use redress::case::{Combine, Direction, InterestRate, SystemicMethod};
use redress::money::{Decimal, Shares, Yuan};
use redress::report::{Layer, Phase, Provided, RulesUsed, SegmentResult, TradeEffect};
use redress::{Case, Comparison as CoreComparison, Estimate, Lang, Method, format, tr};

use super::case::choice;
use crate::i18n::{self, K, t};
use crate::protocol::{
    Comparison, ComparisonRow, Figure, FigureKind, InterestRow, PartView, SegmentView, StepView,
    TradeRow, WarningView,
};

fn yuan(lang: Lang, y: Yuan) -> String {
    i18n::money(lang, &format::yuan(y.0))
}

fn price(lang: Lang, p: Decimal) -> String {
    i18n::price(lang, &format::price(p))
}

fn shares(lang: Lang, s: Shares) -> String {
    i18n::shares(lang, &format::shares(s.0))
}

/// The breakdown of one segment: the core's figures (`redress::breakdown`), written with
/// the units of the language.
///
/// `scale` is the case's scale of the systemic deduction (`rules.systemic.scale`): a part's
/// deduction is its loss × its ratio × the scale, so the ratio is shown with the scale
/// when it is not 1 ("68.41% × 50%"), and the table's figures multiply.
pub fn segment(
    s: &SegmentResult,
    label: String,
    lang: Lang,
    chosen: bool,
    typed: Typed,
    scale: Decimal,
) -> SegmentView {
    let f: Vec<Figure> = breakdown::figures(s, typed, lang)
        .into_iter()
        .map(|x| Figure {
            symbol: x.symbol.to_owned(),
            label: format!("{}{}", x.label, x.note),
            value: match x.amount {
                Amount::Date(d) => d.to_string(),
                Amount::Shares(n) => shares(lang, n),
                Amount::Price(p) => price(lang, p.0),
                Amount::Yuan(y) => yuan(lang, y),
            },
            kind: match x.role {
                Role::Date => FigureKind::Date,
                Role::Input => FigureKind::Input,
                Role::Loss => FigureKind::Loss,
                Role::Deduction => FigureKind::Deduction,
                Role::Addition => FigureKind::Addition,
                Role::Total => FigureKind::Total,
            },
        })
        .collect();
    let short = s.direction == Direction::Short;
    SegmentView {
        id: s.id.clone(),
        label,
        short,
        figures: f,
        compensation: yuan(lang, s.compensation),
        chosen,
        parts: s
            .parts
            .iter()
            .map(|p| PartView {
                name: t(
                    lang,
                    match p.name {
                        "sold" => K::PartSold,
                        "held" => K::PartHeld,
                        "bought_back" => K::PartBack,
                        _ => K::PartNotBack,
                    },
                )
                .to_owned(),
                shares: shares(lang, p.shares),
                exit_price: p.exit_price.map(|x| price(lang, x.0)).unwrap_or_default(),
                loss: yuan(lang, p.loss),
                ratio: if scale == Decimal::ONE {
                    format::percent(p.systemic_ratio.0)
                } else {
                    format!(
                        "{} × {}%",
                        format::percent(p.systemic_ratio.0),
                        format::rate(scale * Decimal::ONE_HUNDRED)
                    )
                },
                deduction: yuan(lang, p.systemic_deduction),
            })
            .collect(),
        turnover: s
            .turnover
            .iter()
            .map(|d| {
                [
                    d.day.to_string(),
                    d.date.to_string(),
                    format::price(d.close.0),
                    format::shares(d.volume.0),
                    format::shares(d.float.0),
                    format::percent(d.turnover.0),
                    format::percent(d.cumulative.0),
                ]
            })
            .collect(),
        steps: s
            .steps
            .iter()
            .map(|st| StepView {
                title: i18n::investor_words(&st.title, lang),
                text: i18n::investor_words(&typed_in_text(&st.text, s, typed, lang), lang),
                authority: i18n::investor_words(&st.authority.label, lang),
                source: st.authority.source.to_owned(),
            })
            .collect(),
        trade_rows: u32::try_from(s.trades.len()).unwrap_or(u32::MAX),
    }
}

/// The core's explanation says a given base date or price was "given by the case"; one the
/// user typed is said to be theirs, as the breakdown says it.
fn typed_in_text(text: &str, s: &SegmentResult, typed: Typed, lang: Lang) -> String {
    let (given, theirs) =
        lang.pick(("（案件给定）", "（您填写的）"), (" (given by the case)", " (entered by you)"));
    let mut out = text.to_owned();
    for (on, value) in [
        (typed.base_date && s.base_date_source == Provided::Given, format!("Tb = {}", s.base_date)),
        (
            typed.base_price && s.base_price_source == Provided::Given,
            format!("Pb = {}", format::price(s.base_price.0)),
        ),
    ] {
        if on {
            out = out.replace(&format!("{value}{given}"), &format!("{value}{theirs}"));
        }
    }
    out
}

/// The rule parameters actually used, in words.
pub fn rules(r: &RulesUsed, lang: Lang) -> Vec<(String, String)> {
    let pct = |x: Decimal| format::percent(x);
    let mut out = vec![
        (t(lang, K::FormRegime).to_owned(), super::case::regime(r.regime, lang).to_owned()),
        (t(lang, K::FormMethod).to_owned(), i18n::method(lang, r.buy_average).to_owned()),
        (t(lang, K::FormNetting).to_owned(), choice(Value::Netting(r.netting), lang).to_owned()),
        (t(lang, K::FigCommission).to_owned(), pct(r.commission_rate.0)),
    ];
    if let Some(s) = r.stamp_duty_rate {
        out.push((t(lang, K::FigStamp).to_owned(), pct(s.0)));
    }
    out.push((
        t(lang, K::FormFeesOn).to_owned(),
        choice(Value::FeesOn(r.fees_on), lang).to_owned(),
    ));
    let method = choice(Value::Systemic(r.systemic_method), lang);
    out.push((t(lang, K::FormSystemic).to_owned(), method.to_owned()));
    if let Some(k) = r.systemic_ratio {
        out.push((t(lang, K::FormSystemicRatio).to_owned(), pct(k.0)));
    }
    if !r.systemic_indices.is_empty() {
        out.push((t(lang, K::FormIndices).to_owned(), r.systemic_indices.join(", ")));
    }
    if r.systemic_method != SystemicMethod::None {
        out.push((t(lang, K::FormScale).to_owned(), pct(r.systemic_scale.0)));
    }
    out.push((t(lang, K::FormNonSystemic).to_owned(), pct(r.non_systemic_ratio.0)));
    out.push((t(lang, K::FormMin).to_owned(), pct(r.min_compensation_ratio.0)));
    out.push((
        t(lang, K::FigInterest).to_owned(),
        match r.interest_rate {
            None => t(lang, K::None).to_owned(),
            Some(InterestRate::DepositTable) => t(lang, K::DepositTable).to_owned(),
            Some(InterestRate::Fixed(i)) => pct(i.0),
        },
    ));
    if let (Some(p), Some(days)) = (r.interest_principal, r.interest_days_per_year) {
        out.push((
            t(lang, K::FormInterestPrincipal).to_owned(),
            choice(Value::Principal(p), lang).to_owned(),
        ));
        out.push((
            t(lang, K::FormDaysPerYear).to_owned(),
            choice(Value::DaysPerYear(days), lang).to_owned(),
        ));
    }

    out.push((
        t(lang, K::FormDividends).to_owned(),
        t(lang, if r.adjust_dividends { K::Yes } else { K::No }).to_owned(),
    ));
    out
}

/// The deadlines for the page: past ones kept (said kindly), the nearest to come marked.
pub fn deadlines(all: &[redress::deadlines::Deadline]) -> Vec<crate::protocol::DeadlineView> {
    let next = all.iter().position(|d| d.days_left >= 0);
    all.iter()
        .enumerate()
        .map(|(i, d)| crate::protocol::DeadlineView {
            date: d.date.to_string(),
            text: d.text.clone(),
            authority: d.authority.clone(),
            past: d.days_left < 0,
            next: Some(i) == next,
            // Only a reviewed publisher is a link (`redress::source`).
            source: if redress::source::linkable(&d.source) {
                d.source.clone()
            } else {
                String::new()
            },
            unverified: d.status == Some(redress::case::Status::Unverified),
        })
        .collect()
}

/// Warnings with their location.
pub fn warnings(e: &Estimate, lang: Lang) -> Vec<WarningView> {
    e.warnings
        .iter()
        .map(|w| WarningView {
            code: w.code.to_owned(),
            at: match (&w.file, w.row) {
                (Some(f), Some(r)) => redress::tr!(lang, "{}，第 {} 行", "{}, row {}", f, r),
                (Some(f), None) => f.clone(),
                _ => w.segment.clone().unwrap_or_default(),
            },
            message: i18n::investor_words(&w.message, lang),
        })
        .collect()
}

/// How segments combine, in words (empty for one segment), the chosen one named as the
/// investor knows it.
pub fn combine(e: &Estimate, case: &Case, lang: Lang) -> String {
    if e.segments.len() < 2 {
        return String::new();
    }
    let k = if e.combine == Combine::Max { K::CombineMax } else { K::CombineSum };
    let mut s = t(lang, k).to_owned();
    if let Some(c) = &e.chosen_segment {
        s.push_str(&tr!(lang, "（{}）", " ({})", super::case::segment_name(case, c, lang)));
    }
    s
}

/// The method comparison from the core's `compare`.
pub fn comparison(
    cells: &[CoreComparison],
    interest: &[redress::InterestVariant],
    current: Method,
    case: &Case,
    lang: Lang,
) -> Comparison {
    let r = &case.rules;
    let has_deductions = r.systemic.method != SystemicMethod::None
        || !r.non_systemic_ratio.0.is_zero()
        || !r.min_compensation_ratio.0.is_zero();
    let rows = Method::ALL
        .into_iter()
        .map(|m| {
            let with = cells.iter().find(|c| c.method == m && c.with_deductions);
            let without = cells.iter().find(|c| c.method == m && !c.with_deductions);
            ComparisonRow {
                method: m,
                name: i18n::method(lang, m).to_owned(),
                loss: with.map(|c| yuan(lang, c.investment_loss)).unwrap_or_default(),
                with_deductions: with.map(|c| yuan(lang, c.compensation)).unwrap_or_default(),
                without_deductions: without.map(|c| yuan(lang, c.compensation)).unwrap_or_default(),
                current: m == current,
                case_default: m == r.buy_average,
            }
        })
        .collect();
    let low = cells.iter().map(|c| c.compensation).min().unwrap_or_default();
    let high = cells.iter().map(|c| c.compensation).max().unwrap_or_default();
    let interest = interest
        .iter()
        .map(|v| InterestRow {
            principal: choice(Value::Principal(v.principal), lang).to_owned(),
            days: choice(Value::DaysPerYear(v.days_per_year), lang).to_owned(),
            interest: yuan(lang, v.interest),
            compensation: yuan(lang, v.compensation),
            case_default: v.case_default,
        })
        .collect();
    Comparison {
        rows,
        low: format::yuan(low.0),
        high: format::yuan(high.0),
        has_deductions,
        interest,
        problem: None,
    }
}

fn phase(p: Phase, lang: Lang) -> &'static str {
    t(
        lang,
        match p {
            Phase::Before => K::PhaseBefore,
            Phase::Window => K::PhaseWindow,
            Phase::Settlement => K::PhaseSettlement,
            Phase::After => K::PhaseAfter,
        },
    )
}

fn layer(l: Layer, lang: Lang) -> &'static str {
    t(
        lang,
        match l {
            Layer::Pre => K::LayerPre,
            Layer::Window => K::LayerWindow,
            Layer::Post => K::LayerPost,
        },
    )
}

/// One row of the per-trade table.
pub fn trade_row(e: &TradeEffect, lang: Lang) -> TradeRow {
    let num = |s: Shares| format::shares(s.0);
    let mut quantity = format::group(&e.quantity.to_string());
    if let Some(a) = e.adjusted_quantity {
        quantity.push_str(&format!(" → {}", num(a)));
    }
    let mut price_text = e.price.map(|p| format::group(&p.0.to_string())).unwrap_or_default();
    if let Some(a) = e.adjusted_price {
        price_text.push_str(&format!(" → {}", format::price(a.0)));
    }
    let mut took = Vec::new();
    for (s, l) in
        [(e.from_pre, Layer::Pre), (e.from_window, Layer::Window), (e.from_post, Layer::Post)]
    {
        if !s.0.is_zero() {
            took.push(format!("{} {}", layer(l, lang), num(s)));
        }
    }
    let signed = |s: Shares| {
        if s.0.is_zero() {
            String::new()
        } else if s.0.is_sign_negative() {
            format!("−{}", format::shares(-s.0))
        } else {
            format!("+{}", num(s))
        }
    };
    TradeRow {
        origin: redress::tr!(lang, "{} 第 {} 行", "{}, row {}", e.file, e.row),
        account: e.account.clone(),
        date: match e.time {
            Some(time) => format!("{} {}", e.date, time),
            None => e.date.to_string(),
        },
        kind: i18n::kind(lang, e.kind).to_owned(),
        buy: e.kind.is_purchase(),
        quantity,
        price: price_text,
        phase: phase(e.phase, lang).to_owned(),
        layer: e.layer.map(|l| layer(l, lang).to_owned()).unwrap_or_default(),
        eligible: signed(e.eligible_change),
        took: took.join(lang.pick("；", "; ")),
        counted: if e.counted.0.is_zero() { String::new() } else { num(e.counted) },
        note: e.note.clone().unwrap_or_default(),
    }
}

/// How an input was read, for the user: the importer's container (kept by its name, since
/// the page switches language without reading again) in `lang`, after the encoding.
pub fn read_as(input: &redress::inputs::InputRead, lang: Lang) -> String {
    use redress::inputs::Format;
    let format = match input.format {
        Format::Canonical => "CSV",
        Format::Broker(c) => c.label(lang),
        Format::Unreadable => "",
    };
    match (input.encoding, format) {
        (Some(e), "") => e.label().to_owned(),
        (Some(e), f) => format!("{} · {f}", e.label()),
        (None, f) => f.to_owned(),
    }
}
