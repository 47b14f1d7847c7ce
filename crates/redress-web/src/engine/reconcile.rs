//! "Why is my number different?" on the page: the core's reconcile search and what-if
//! ([`redress::reconcile`]) in the page's words — each parameter by its label, each value
//! as the form names it, each change with its article.

use redress::Lang;
use redress::case::{Case, parameters};
use redress::money::{Decimal, Ratio, parse_decimal};
use redress::reconcile::{
    Candidate, Change, Offer, OfferText, Reconciliation, WhatIf, absent, authority,
    difference_words,
};

use crate::i18n::{self, K, t};
use crate::protocol::{CandidateView, ChangeView, OfferSpec, RatioView, ReconcileView, WhatIfView};

/// The offer typed on the page, read by the core (`Offer::read`: full-width digits,
/// separators, a negative figure refused by name).
pub fn offer(spec: &OfferSpec) -> Result<Offer, redress::Error> {
    Offer::read(&OfferText {
        amount: &spec.amount,
        eligible_shares: &spec.eligible_shares,
        buy_average: &spec.buy_average,
        loss: &spec.loss,
        ratio: &spec.ratio,
    })
}

/// A parameter's value as the page names it: a choice by the parameter table's label, a
/// ratio as a percent, an absent value as what the case has instead (the core's
/// `reconcile::absent`).
pub fn value_label(case: &Case, path: &str, value: &str, lang: Lang) -> String {
    if path == "opening_position" {
        return i18n::shares(
            lang,
            &redress::format::shares(parse_decimal(value).unwrap_or_default()),
        );
    }
    if value.is_empty() {
        return absent(case, path, lang);
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
        from: value_label(case, &c.path, &c.from, lang),
        to: value_label(case, &c.path, &c.to, lang),
        authority: authority(&c.path, case.regime, lang),
        published: c.overrides_published(),
    }
}

fn candidate(c: &Candidate, case: &Case, lang: Lang) -> CandidateView {
    let size = i18n::money(lang, &redress::format::yuan(c.difference.0.abs()));
    CandidateView {
        amount: i18n::money(lang, &redress::format::yuan(c.compensation.0)),
        difference: difference_words(c.difference.0, &size, lang),
        changes: c.changes.iter().map(|x| change(x, case, lang)).collect(),
        same: c.same.iter().map(|l| l.iter().map(|x| change(x, case, lang)).collect()).collect(),
    }
}

/// `+12.30 元` / `+¥12.30`, `−5.00 元` / `−¥5.00`; empty for zero.
pub(crate) fn signed(d: Decimal, lang: Lang) -> String {
    if d.is_zero() {
        return String::new();
    }
    let sign = if d.is_sign_negative() { "−" } else { "+" };
    format!("{sign}{}", i18n::money(lang, &redress::format::yuan(d.abs())))
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
        zero: r.offered.0.is_zero(),
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
pub fn what_if(list: &[WhatIf], case: &Case, base: Decimal, lang: Lang) -> Vec<WhatIfView> {
    list.iter()
        .map(|w| WhatIfView {
            label: label(&w.path, lang),
            current: value_label(case, &w.path, &w.current, lang),
            alternatives: w
                .alternatives
                .iter()
                .map(|(v, c)| {
                    (
                        value_label(case, &w.path, v, lang),
                        i18n::money(lang, &redress::format::yuan(c.0)),
                        signed(c.0 - base, lang),
                    )
                })
                .collect(),
        })
        .collect()
}
