//! "Why is my number different?" on the page: the core's reconcile search and what-if
//! ([`redress::reconcile`]) in the page's words — each parameter by its label, each value
//! as the form names it, each change with its article.

use redress::Lang;
use redress::case::{Case, parameters};
use redress::money::{Decimal, Ratio, parse_decimal};
use redress::reconcile::{Candidate, Change, Offer, Reconciliation, WhatIf, authority};

use crate::i18n::{self, K, t};
use crate::protocol::{CandidateView, ChangeView, OfferSpec, RatioView, ReconcileView, WhatIfView};

/// The offer typed on the page, or the field that is not a number.
pub fn offer(spec: &OfferSpec) -> Result<Offer, &'static str> {
    let number = |text: &str, field: &'static str| -> Result<Option<Decimal>, &'static str> {
        let t: String = text.trim().chars().filter(|c| !matches!(c, ',' | '，' | ' ')).collect();
        if t.is_empty() {
            return Ok(None);
        }
        parse_decimal(t.trim_end_matches(['元', '股'])).map(Some).ok_or(field)
    };
    let ratio = match redress::rate::parse(&spec.ratio) {
        Some(d) => Some(d),
        None if spec.ratio.trim().is_empty() => None,
        None => return Err("ratio"),
    };
    Ok(Offer {
        amount: number(&spec.amount, "amount")?.ok_or("amount")?,
        eligible_shares: number(&spec.eligible_shares, "eligible_shares")?,
        buy_average: number(&spec.buy_average, "buy_average")?,
        investment_loss: number(&spec.loss, "loss")?,
        systemic_ratio: ratio,
    })
}

/// A parameter's value as the page names it: a choice by the parameter table's label, a
/// ratio as a percent.
pub fn value_label(path: &str, value: &str, lang: Lang) -> String {
    if path == "opening_position" {
        return i18n::shares(
            lang,
            &redress::format::shares(parse_decimal(value).unwrap_or_default()),
        );
    }
    if value.is_empty() {
        return lang.pick("（按规定默认）", "(the default)").to_owned();
    }
    if value == "deposit-table" {
        return t(lang, K::DepositTable).to_owned();
    }
    let choice = parameters::find(path).and_then(|p| p.choices().iter().find(|c| c.id == value));
    match (choice, parse_decimal(value)) {
        (Some(c), _) => c.label(lang).to_owned(),
        (None, Some(d))
            if path.contains("ratio") || path.contains("scale") || path.ends_with("_rate") =>
        {
            redress::format::percent(Ratio(d).0)
        }
        _ => value.to_owned(),
    }
}

/// A parameter's label.
pub fn label(path: &str, lang: Lang) -> String {
    if path == "opening_position" {
        return lang.pick("期初持仓", "opening position").to_owned();
    }
    parameters::label(path, lang)
}

fn change(c: &Change, case: &Case, lang: Lang) -> ChangeView {
    ChangeView {
        label: label(&c.path, lang),
        from: value_label(&c.path, &c.from, lang),
        to: value_label(&c.path, &c.to, lang),
        authority: authority(&c.path, case.regime, lang),
        published: c.overrides_published(),
    }
}

fn candidate(c: &Candidate, case: &Case, lang: Lang) -> CandidateView {
    CandidateView {
        amount: i18n::money(lang, &redress::format::yuan(c.compensation.0)),
        difference: signed(c.difference.0, lang),
        changes: c.changes.iter().map(|x| change(x, case, lang)).collect(),
    }
}

/// `+12.30 元` / `−5.00 元`, empty for zero.
fn signed(d: Decimal, lang: Lang) -> String {
    if d.is_zero() {
        return String::new();
    }
    let sign = if d.is_sign_negative() { "−" } else { "+" };
    i18n::money(lang, &format!("{sign}{}", redress::format::yuan(d.abs())))
}

/// The search's answer for the page.
pub fn view(r: &Reconciliation, case: &Case, rev: u64, lang: Lang) -> ReconcileView {
    ReconcileView {
        rev,
        offered: i18n::money(lang, &redress::format::yuan(r.offered.0)),
        default: r
            .default
            .map(|d| i18n::money(lang, &redress::format::yuan(d.0)))
            .unwrap_or_default(),
        exact: r.exact.iter().take(10).map(|c| candidate(c, case, lang)).collect(),
        exact_count: u32::try_from(r.exact.len()).unwrap_or(u32::MAX),
        nearest: r.nearest.iter().map(|c| candidate(c, case, lang)).collect(),
        ratio: r.ratio.as_ref().map(|s| RatioView {
            ratio: redress::format::percent(s.ratio.0),
            amount: i18n::money(lang, &redress::format::yuan(s.compensation.0)),
            exact: s.exact,
            changes: s.changes.iter().map(|x| change(x, case, lang)).collect(),
        }),
        searched: u32::try_from(r.searched).unwrap_or(u32::MAX),
        problem: None,
    }
}

/// What each contested choice is worth, for the page.
pub fn what_if(list: &[WhatIf], base: Decimal, lang: Lang) -> Vec<WhatIfView> {
    list.iter()
        .map(|w| WhatIfView {
            label: label(&w.path, lang),
            current: value_label(&w.path, &w.current, lang),
            alternatives: w
                .alternatives
                .iter()
                .map(|(v, c)| {
                    (
                        value_label(&w.path, v, lang),
                        i18n::money(lang, &redress::format::yuan(c.0)),
                        signed(c.0 - base, lang),
                    )
                })
                .collect(),
        })
        .collect()
}
