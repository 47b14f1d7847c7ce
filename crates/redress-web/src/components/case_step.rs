//! Step 1: the case. The built-in list with its search, the custom-case form, and the
//! table of the case's parameters with the status of each (published, unverified,
//! assumed…).

use std::rc::Rc;

use redress::Lang;
use redress::case::parameters::{self, Kind, Parameter};
use yew::prelude::*;

use super::{checked, input_value, select_value, use_ctx};
use crate::i18n::K;
use crate::protocol::{
    CaseCard, CaseSpec, CaseView, NeedKind, NeedView, ParamStatus, Problem, Supplied,
};
use crate::state::{Action, Choice};

/// Props of [`CaseStep`].
#[derive(Properties, PartialEq)]
pub struct CaseStepProps {
    /// The search text.
    pub query: AttrValue,
    /// The matching cases.
    pub cases: Rc<Vec<CaseCard>>,
    /// The choice.
    pub choice: Choice,
    /// The custom form.
    pub spec: CaseSpec,
    /// The case as used (from the last computation).
    pub case: Option<CaseView>,
    /// A problem with the case, when there is one.
    pub problem: Option<Problem>,
    /// What the user supplied for a built-in case.
    #[prop_or_default]
    pub supplied: Supplied,
    /// The custom form's fields the user has left.
    #[prop_or_default]
    pub touched: Vec<&'static str>,
    /// Whether every problem of the custom form shows.
    #[prop_or_default]
    pub reveal: bool,
}

/// Step 1.
#[function_component(CaseStep)]
pub fn case_step(p: &CaseStepProps) -> Html {
    let ctx = use_ctx();
    let d = ctx.dispatch.clone();
    let oninput = Callback::from(move |e: InputEvent| d.emit(Action::CaseQuery(input_value(&e))));
    let custom = p.choice == Choice::Custom;
    html! {
        <section class="panel" aria-labelledby="case-heading">
            <h2 id="case-heading" tabindex="-1">{ ctx.t(K::CaseHeading) }</h2>
            <p class="intro">{ ctx.t(K::CaseIntro) }</p>
            <div class="field search">
                <label for="case-search">{ ctx.t(K::CaseSearch) }</label>
                <input id="case-search" type="search" value={p.query.clone()} {oninput} autocomplete="off" />
            </div>
            <ul class="case-list">
                { for p.cases.iter().map(|c| {
                    let selected = p.choice == Choice::Builtin(c.id.clone());
                    html! { <CaseItem card={c.clone()} {selected} /> }
                }) }
                <li>
                    <button type="button" id="case-custom" class={classes!("case-card", custom.then_some("selected"))}
                        aria-pressed={if custom { "true" } else { "false" }} onclick={ctx.on::<MouseEvent>(Action::ChooseCustom)}>
                        <span class="case-name">{ ctx.t(K::CaseCustom) }</span>
                        <span class="case-meta">{ ctx.t(K::CaseCustomHint) }</span>
                    </button>
                </li>
            </ul>
            if p.cases.is_empty() {
                <p class="hint">{ ctx.t(K::CaseNone) }</p>
            }
            if custom {
                <CustomForm spec={p.spec.clone()} problem={p.problem.clone()} touched={p.touched.clone()} reveal={p.reveal} />
            }
            if let Some(case) = p.case.as_ref().filter(|c| !custom && !c.needs.is_empty()) {
                <NeedsForm needs={case.needs.clone()} supplied={p.supplied.clone()} problem={p.problem.clone()} />
            }
            if let Some(case) = &p.case {
                <CaseDetails case={case.clone()} />
            }
        </section>
    }
}

/// Props of [`CaseItem`].
#[derive(Properties, PartialEq)]
pub struct CaseItemProps {
    /// The case.
    pub card: CaseCard,
    /// Whether it is the chosen one.
    pub selected: bool,
}

/// One case of the list: a toggle button.
#[function_component(CaseItem)]
pub fn case_item(p: &CaseItemProps) -> Html {
    let ctx = use_ctx();
    let c = &p.card;
    html! {
        <li>
            <button type="button" id={format!("case-{}", c.id)} class={classes!("case-card", p.selected.then_some("selected"))}
                aria-pressed={if p.selected { "true" } else { "false" }}
                onclick={ctx.on::<MouseEvent>(Action::ChooseCase(c.id.clone()))}>
                <span class="case-name">
                    { &c.name }
                    if c.example { <span class="badge example">{ ctx.t(K::CaseExample) }</span> }
                </span>
                <span class="case-meta">{ format!("{} · {} · {}", c.security, c.regime, c.dates) }</span>
                if !c.summary.is_empty() {
                    <span class="case-summary">{ &c.summary }</span>
                }
            </button>
        </li>
    }
}

/// Props of [`CaseDetails`].
#[derive(Properties, PartialEq)]
pub struct CaseDetailsProps {
    /// The case.
    pub case: CaseView,
}

/// The chosen case: its summary, parameters and sources.
#[function_component(CaseDetails)]
pub fn case_details(p: &CaseDetailsProps) -> Html {
    let ctx = use_ctx();
    let c = &p.case;
    html! {
        <div class="case-details">
            <h3>{ ctx.t(K::CaseParams) }{ ctx.colon() }{ &c.name }</h3>
            if !c.summary.is_empty() { <p>{ &c.summary }</p> }
            <Parameters case={c.clone()} />
        </div>
    }
}

/// The label of a parameter status.
pub fn status_label(s: ParamStatus) -> K {
    match s {
        ParamStatus::Published => K::StPublished,
        ParamStatus::Unverified => K::StUnverified,
        ParamStatus::Assumed => K::StAssumed,
        ParamStatus::Unknown => K::StUnknown,
        ParamStatus::User => K::StUser,
        ParamStatus::Computed => K::StComputed,
        ParamStatus::Example => K::StExample,
        ParamStatus::Default => K::StDefault,
    }
}

fn status_class(s: ParamStatus) -> &'static str {
    match s {
        ParamStatus::Published => "published",
        ParamStatus::Unverified => "unverified",
        ParamStatus::Assumed => "assumed",
        ParamStatus::Unknown => "unknown",
        ParamStatus::User => "user",
        ParamStatus::Computed => "computed",
        ParamStatus::Example => "example",
        ParamStatus::Default => "default",
    }
}

/// Props of [`Parameters`].
#[derive(Properties, PartialEq)]
pub struct ParametersProps {
    /// The case.
    pub case: CaseView,
}

/// Every parameter with its value and how sure it is, then the sources.
#[function_component(Parameters)]
pub fn parameters(p: &ParametersProps) -> Html {
    let ctx = use_ctx();
    let c = &p.case;
    html! {
        <>
            <div class="table-wrap" role="region" aria-label={ctx.t(K::Parameters)} tabindex="0">
                <table class="params cards">
                    <caption class="visually-hidden">{ ctx.t(K::Parameters) }</caption>
                    <thead><tr>
                        <th scope="col">{ ctx.t(K::ParamName) }</th>
                        <th scope="col">{ ctx.t(K::ParamValue) }</th>
                        <th scope="col">{ ctx.t(K::ParamStatus) }</th>
                        <th scope="col">{ ctx.t(K::ParamNote) }</th>
                    </tr></thead>
                    <tbody>
                        { for c.parameters.iter().map(|x| html! {
                            <tr>
                                <th scope="row">{ &x.label }</th>
                                <td class="num" data-label={ctx.t(K::ParamValue)}>{ &x.value }</td>
                                <td data-label={ctx.t(K::ParamStatus)}><span class={classes!("badge", status_class(x.status))}>{ ctx.t(status_label(x.status)) }</span></td>
                                <td class={classes!("note", x.note.is_empty().then_some("empty"))} data-label={ctx.t(K::ParamNote)}>{ &x.note }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            if !c.sources.is_empty() {
                <h4>{ ctx.t(K::CaseSources) }</h4>
                <ul class="sources">
                    { for c.sources.iter().map(|s| html! {
                        <li class={classes!((!s.official).then_some("weak"))}>
                            if s.official {
                                <span class="badge published">{ ctx.t(K::SourceOfficial) }</span>{ " " }
                            } else {
                                <span class="badge unverified">{ ctx.t(K::SourceWeak) }</span>{ " " }
                            }
                            { &s.title }{ " " }
                            if s.linked {
                                <a href={s.url.clone()} rel="noopener noreferrer external" target="_blank">{ &s.url }</a>
                            } else {
                                <span class="unlinked">{ ctx.t(K::SourceUnlinked) }{ &s.url }</span>
                            }
                        </li>
                    }) }
                </ul>
            }
        </>
    }
}

/// How a field of the custom form is edited: as its case parameter's kind says
/// ([`input_of`]).
#[derive(Clone, Copy, Debug)]
pub enum Input {
    /// A line of text.
    Text,
    /// A date.
    Date,
    /// A decimal.
    Number,
    /// A rate: `0.0003`, `0.03%`, `万分之三` (see `redress::rate`).
    Rate,
    /// Several lines (pasted data).
    Area,
    /// One of the allowed values of a choice.
    Select(&'static [parameters::Choice]),
}

impl PartialEq for Input {
    /// The same kind; choices by their list, not their values (comparing values would
    /// link the core's decimal arithmetic into the page).
    fn eq(&self, other: &Input) -> bool {
        match (self, other) {
            (Input::Select(a), Input::Select(b)) => std::ptr::eq(*a, *b),
            _ => std::mem::discriminant(self) == std::mem::discriminant(other),
        }
    }
}

/// The case parameter a field of the custom form sets, from the core's table.
fn parameter_of(id: &str) -> Option<&'static Parameter> {
    CaseSpec::path_of(id).and_then(parameters::find)
}

/// How a field of the custom form is edited.
pub fn input_of(id: &str) -> Input {
    match parameter_of(id).map(|p| p.kind) {
        Some(Kind::Date) => Input::Date,
        Some(Kind::Price) => Input::Number,
        Some(Kind::Rate { .. } | Kind::InterestRate) => Input::Rate,
        Some(Kind::Choice(choices)) => Input::Select(choices),
        _ if matches!(id, "market" | "indices") => Input::Area,
        _ => Input::Text,
    }
}

/// An example of a typical value for a rate field: a commission is a few ten-thousandths,
/// a deduction ratio tens of percent (one example for all misled: "0.03%" under the fixed
/// deduction ratio).
fn rate_placeholder(id: &str) -> K {
    match id {
        "stamp_duty_rate" => K::StampPlaceholder,
        "interest_rate" => K::InterestPlaceholder,
        "systemic_scale" => K::ScalePlaceholder,
        "commission_rate" => K::RatePlaceholder,
        _ => K::SharePlaceholder,
    }
}

fn field_value<'a>(s: &'a CaseSpec, id: &str) -> &'a str {
    s.text(id).map_or("", String::as_str)
}

/// Props of [`CustomForm`].
#[derive(Properties, PartialEq)]
pub struct CustomFormProps {
    /// The values.
    pub spec: CaseSpec,
    /// The problem, which names its field.
    pub problem: Option<Problem>,
    /// The fields the user has left.
    #[prop_or_default]
    pub touched: Vec<&'static str>,
    /// Whether every problem shows, touched or not.
    #[prop_or_default]
    pub reveal: bool,
}

/// What is wrong with the format of one field of the custom form, if anything, in the
/// core's words: the text half of the core's reading of the field's case parameter
/// (`redress::case::parameters::Parameter::read`, no decimal code linked). An empty
/// field is the worker's to judge (some may stay empty); the worker reads every field
/// again, with the same rule, and checks the values together.
pub fn format_error(id: &str, value: &str, lang: Lang) -> Option<String> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    parameter_of(id)?.read(value).err().map(|r| r.message(value, lang))
}

/// What a well-formed field was read as, when that is not what was typed: a date as
/// `2024-05-01`, a rate as a percent (`万分之三` → `0.03%`), so that the user sees it.
pub fn read_as(id: &str, value: &str) -> Option<String> {
    let value = value.trim();
    let p = parameter_of(id)?;
    let read = p.read(value).ok()??;
    match p.kind {
        Kind::Date => (read != value).then_some(read),
        Kind::Rate { .. } | Kind::InterestRate if read != "deposit-table" => {
            Some(redress::rate::percent(&read))
        }
        _ => None,
    }
}

/// A field of the custom form: its id and label.
type FieldSpec = (&'static str, K);

/// The custom case: dates, base price, rules and optional market data.
#[function_component(CustomForm)]
pub fn custom_form(p: &CustomFormProps) -> Html {
    let ctx = use_ctx();
    let groups: [(K, Vec<FieldSpec>); 3] = [
        (
            K::FormHeading,
            vec![
                ("name", K::FormName),
                ("security", K::FormSecurity),
                ("regime", K::FormRegime),
                ("direction", K::FormDirection),
                ("t0", K::FormT0),
                ("t1", K::FormT1),
                ("tb", K::FormTb),
                ("pb", K::FormPb),
                ("last_trading", K::FormLastTrading),
            ],
        ),
        (
            K::RulesUsed,
            vec![
                ("buy_average", K::FormMethod),
                ("netting", K::FormNetting),
                ("commission_rate", K::FormCommission),
                ("stamp_duty_rate", K::FormStamp),
                ("fees_on", K::FormFeesOn),
                ("non_systemic_ratio", K::FormNonSystemic),
                ("min_compensation_ratio", K::FormMin),
                ("interest_rate", K::FormInterest),
                ("interest_principal", K::FormInterestPrincipal),
                ("interest_days_per_year", K::FormDaysPerYear),
                ("systemic_method", K::FormSystemic),
                ("systemic_ratio", K::FormSystemicRatio),
                ("systemic_indices", K::FormIndices),
                ("systemic_scale", K::FormScale),
            ],
        ),
        (K::FormMarket, vec![("market", K::FormMarket), ("indices", K::FormIndexData)]),
    ];
    let problem_field = p.problem.as_ref().and_then(|x| x.field.clone());
    let dividends = {
        let d = ctx.dispatch.clone();
        Callback::from(move |e: Event| d.emit(Action::SpecDividends(checked(&e))))
    };
    html! {
        <form class="custom-form" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <p class="hint">{ ctx.t(K::FormIntro) }</p>
            if let Some(pr) = p.problem.as_ref().filter(|x| x.field.as_deref() == Some("case")) {
                <p class="error" role="alert">{ &pr.message }</p>
            }
            { for groups.into_iter().enumerate().map(|(gi, (legend, fields))| html! {
                <fieldset class="form-group">
                    <legend>{ if gi == 2 { ctx.t(K::MarketOptional) } else { ctx.t(legend) } }</legend>
                    <div class={classes!("form-grid", (gi == 2).then_some("wide"))}>
                        { for fields.into_iter().filter(|(id, _)| p.spec.uses(id)).map(|(id, label)| {
                            let kind = input_of(id);
                            // Every field's own format at once (a security code once it
                            // has six characters or was left); the worker's problem (the
                            // first it found) where there is none, but not on an empty field
                            // the user has not reached yet ("Next" reveals it).
                            let value = field_value(&p.spec, id);
                            let seen = p.reveal || p.touched.contains(&id);
                            let own = format_error(id, value, ctx.lang)
                                .filter(|_| id != "security" || seen || value.trim().chars().count() >= 6);
                            let theirs = (problem_field.as_deref() == Some(id))
                                .then(|| p.problem.as_ref().map(|x| x.message.clone()).unwrap_or_default());
                            let pending = own.is_none() && theirs.is_some() && value.trim().is_empty() && !seen;
                            let echo = own.is_none().then(|| read_as(id, value)).flatten();
                            let error = own.or(theirs.filter(|_| !pending));
                            let hint = field_hint(id);
                            html! { <FormField id={id} label={label} {kind} value={value.to_owned()} {error} {echo} {pending} {hint} /> }
                        }) }
                    </div>
                    if gi == 1 {
                        <div class="check">
                            <input id="adjust_dividends" type="checkbox" checked={p.spec.adjust_dividends} onchange={dividends.clone()} />
                            <label for="adjust_dividends">{ ctx.t(K::FormDividends) }</label>
                        </div>
                    }
                </fieldset>
            }) }
        </form>
    }
}

/// Props of [`FormField`].
#[derive(Properties, PartialEq)]
pub struct FormFieldProps {
    /// The field id (also the spec's field).
    pub id: &'static str,
    /// Its label.
    pub label: K,
    /// How it is edited.
    pub kind: Input,
    /// Its value.
    pub value: String,
    /// The problem with it.
    pub error: Option<String>,
    /// What it was read as, when that is not what was typed (`= 0.03%`).
    #[prop_or_default]
    pub echo: Option<String>,
    /// Whether it has a problem not shown yet (empty, not reached): "Next" goes to it.
    #[prop_or_default]
    pub pending: bool,
    /// What the value means and where to find it.
    #[prop_or_default]
    pub hint: Option<K>,
}

/// What a field of the custom form means and where to find it.
fn field_hint(id: &str) -> Option<K> {
    Some(match id {
        "security" => K::HintSecurity,
        "t0" => K::HintT0,
        "t1" => K::HintT1,
        "tb" => K::HintTb,
        "pb" => K::HintPb,
        "last_trading" => K::HintLastTrading,
        "commission_rate" => K::HintCommission,
        "stamp_duty_rate" => K::HintStamp,
        _ => return None,
    })
}

/// One labelled field; a problem is shown under it and tied to it for screen readers.
#[function_component(FormField)]
pub fn form_field(p: &FormFieldProps) -> Html {
    let ctx = use_ctx();
    let id = p.id;
    let dom_id = format!("f-{id}");
    let err_id = format!("f-{id}-error");
    let d = ctx.dispatch.clone();
    let oninput =
        Callback::from(move |e: InputEvent| d.emit(Action::SpecField(id, input_value(&e))));
    let d = ctx.dispatch.clone();
    let onchange = Callback::from(move |e: Event| d.emit(Action::SpecField(id, select_value(&e))));
    let d = ctx.dispatch.clone();
    let onblur = Callback::from(move |_: FocusEvent| d.emit(Action::SpecTouched(id)));
    let pending = p.pending.then_some("true");
    let invalid = p.error.is_some().then_some("true");
    let echo_id = format!("f-{id}-read");
    let hint_id = format!("f-{id}-hint");
    let described = [
        p.hint.is_some().then(|| hint_id.clone()),
        p.echo.is_some().then(|| echo_id.clone()),
        p.error.is_some().then(|| err_id.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let described = (!described.is_empty()).then_some(described);
    let control = match p.kind {
        Input::Area => html! {
            <textarea id={dom_id.clone()} rows="4" spellcheck="false" value={p.value.clone()} {oninput}
                aria-invalid={invalid} aria-describedby={described.clone()} />
        },
        Input::Select(options) => html! {
            <select id={dom_id.clone()} {onchange} aria-invalid={invalid} aria-describedby={described.clone()}>
                { for options.iter().map(|c| html! {
                    <option value={c.id} selected={p.value == c.id}>{ c.label(ctx.lang) }</option>
                }) }
            </select>
        },
        kind => {
            let (ty, mode) = match kind {
                Input::Number => ("text", Some("decimal")),
                _ => ("text", None),
            };
            let placeholder = match kind {
                Input::Date => Some("2024-05-01"),
                Input::Rate => Some(ctx.t(rate_placeholder(p.id))),
                _ => None,
            };
            html! {
                <input id={dom_id.clone()} type={ty} inputmode={mode} value={p.value.clone()} {oninput} {onblur}
                    placeholder={placeholder} autocomplete="off" spellcheck="false" data-pending={pending}
                    aria-invalid={invalid} aria-describedby={described.clone()} />
            }
        }
    };
    html! {
        <div class={classes!("field", p.error.is_some().then_some("invalid"), (p.kind == Input::Area).then_some("wide"))}>
            <label for={dom_id}>{ ctx.t(p.label) }</label>
            { control }
            if let Some(echo) = &p.echo {
                <p id={echo_id} class="hint read-as">{ "= " }{ echo }</p>
            }
            if let Some(hint) = p.hint {
                <p id={hint_id} class="hint field-hint">{ ctx.t(hint) }</p>
            }
            if let Some(e) = &p.error {
                <p id={err_id} class="error" role="alert">{ e }</p>
            }
        </div>
    }
}

/// Props of [`NeedsForm`].
#[derive(Properties, PartialEq)]
pub struct NeedsFormProps {
    /// What the case needs.
    pub needs: Vec<NeedView>,
    /// What the user supplied.
    pub supplied: Supplied,
    /// Why the case cannot be estimated yet.
    pub problem: Option<Problem>,
}

/// What a built-in case does not know: each unknown parameter, and the daily bars or
/// index closes it needs, for the user to supply. Nothing leaves the page.
#[function_component(NeedsForm)]
pub fn needs_form(p: &NeedsFormProps) -> Html {
    let ctx = use_ctx();
    html! {
        <section class="form-group needs" aria-labelledby="needs-heading">
            <h3 id="needs-heading">{ ctx.t(K::NeedsHeading) }</h3>
            <p class="hint">{ ctx.t(K::NeedsIntro) }</p>
            if let Some(problem) = &p.problem {
                <p class="error" role="alert" id="needs-problem">{ &problem.message }</p>
            }
            <div class="form-grid">
                { for p.needs.iter().map(|n| {
                    let dom_id = format!("need-{}", n.path.replace('.', "-"));
                    let invalid = p.problem.as_ref().is_some_and(|x| x.field.as_deref() == Some(n.path.as_str()));
                    let d = ctx.dispatch.clone();
                    match n.kind {
                        NeedKind::Parameter if n.path == "rules.systemic.method" => {
                            let onchange = Callback::from(move |e: Event| {
                                d.emit(Action::Supply("rules.systemic.method".into(), select_value(&e)))
                            });
                            let chosen = p.supplied.value(&n.path).to_owned();
                            let methods = parameters::find("rules.systemic.method").map_or(&[][..], |m| m.choices());
                            let keep = if n.current.is_empty() {
                                ctx.t(K::SysUnchosen).to_owned()
                            } else {
                                crate::i18n::as_the_case(ctx.lang, &n.current)
                            };
                            let options = std::iter::once(("", keep.as_str()))
                                .chain(methods.iter().map(|c| (c.id, c.label(ctx.lang))));
                            html! {
                                <div class={classes!("field", invalid.then_some("invalid"))}>
                                    <label for={dom_id.clone()}>{ &n.label }</label>
                                    <select id={dom_id.clone()} {onchange} aria-invalid={invalid.then_some("true")}
                                        aria-describedby={format!("{dom_id}-note")}>
                                        { for options.map(|(v, label)| html! {
                                            <option value={v} selected={chosen == v}>{ label }</option>
                                        }) }
                                    </select>
                                    <p class="hint" id={format!("{dom_id}-note")}>{ &n.note }</p>
                                </div>
                            }
                        }
                        NeedKind::Parameter => {
                            let path = n.path.clone();
                            let oninput = Callback::from(move |e: InputEvent| d.emit(Action::Supply(path.clone(), input_value(&e))));
                            html! {
                                <div class={classes!("field", invalid.then_some("invalid"))}>
                                    <label for={dom_id.clone()}>{ &n.label }</label>
                                    <input id={dom_id.clone()} type="text" value={p.supplied.value(&n.path).to_owned()} {oninput}
                                        autocomplete="off" spellcheck="false" aria-invalid={invalid.then_some("true")}
                                        aria-describedby={(!n.note.is_empty()).then(|| format!("{dom_id}-note"))} />
                                    if !n.note.is_empty() { <p class="hint" id={format!("{dom_id}-note")}>{ &n.note }</p> }
                                </div>
                            }
                        }
                        NeedKind::Market | NeedKind::Index => {
                            let market = n.kind == NeedKind::Market;
                            let oninput = Callback::from(move |e: InputEvent| {
                                let v = input_value(&e);
                                d.emit(if market { Action::SupplyMarket(v) } else { Action::SupplyIndices(v) });
                            });
                            let value = if market { p.supplied.market.clone() } else { p.supplied.indices.clone() };
                            html! {
                                <div class={classes!("field", "wide", invalid.then_some("invalid"))}>
                                    <label for={dom_id.clone()}>{ &n.label }</label>
                                    <textarea id={dom_id.clone()} rows="5" spellcheck="false" {value} {oninput}
                                        aria-describedby={format!("{dom_id}-note")} />
                                    <p class="hint" id={format!("{dom_id}-note")}>{ &n.note }</p>
                                </div>
                            }
                        }
                    }
                }) }
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each field says what is wrong with it at once (the worker reports one problem at a
    /// time, the first it meets), in the core's words for the field's parameter.
    #[test]
    fn every_badly_formed_field_says_so() {
        let zh = |id, value| format_error(id, value, Lang::Zh);
        assert_eq!(
            zh("t0", "2024-13-01").as_deref(),
            Some(
                "值“2024-13-01”无效：不是日期（可写 2024-05-01、2024/5/1、20240501 或 2024年5月1日）"
            )
        );
        // The same words as the worker's (the core's `case-value` error).
        let mut spec =
            CaseSpec { security: "600000".into(), t0: "2024-01-02".into(), ..CaseSpec::default() };
        spec.t1 = "2024-06-01".into();
        spec.pb = "abc".into();
        let worker = crate::engine::case::custom(&spec, Lang::Zh).err().unwrap();
        assert_eq!(worker.field.as_deref(), Some("pb"));
        assert_eq!(worker.message, format!("基准价 Pb：{}", zh("pb", "abc").unwrap()));
        // Dates as people write them (the worker reads them all).
        for date in ["2024-05-01", "2024/5/1", "20240501", "2024年5月1日", "2024.05.01"] {
            assert_eq!(zh("t1", date), None, "{date}");
            assert_eq!(
                redress::Date::parse_loose(date).map(|d| d.to_string()).as_deref(),
                Some("2024-05-01")
            );
        }
        assert_eq!(read_as("t1", "2024年5月1日").as_deref(), Some("2024-05-01"));
        assert_eq!(read_as("t1", "2024-05-01"), None, "nothing to echo");
        // Rates as people write them, shown back as a percent.
        for rate in ["0.03%", "万分之三", "0.0003"] {
            assert_eq!(zh("commission_rate", rate), None, "{rate}");
            assert_eq!(read_as("commission_rate", rate).as_deref(), Some("0.03%"), "{rate}");
        }
        assert_eq!(read_as("commission_rate", "0.03").as_deref(), Some("3%"), "never silently");
        assert_eq!(read_as("interest_rate", "deposit-table"), None);
        assert_eq!(read_as("interest_rate", "0.35%").as_deref(), Some("0.35%"));
        assert!(zh("commission_rate", "三成").is_some());
        for bad in ["1e3", "1.2.3", ".", "-", "1,000", "8%"] {
            assert!(zh("pb", bad).is_some(), "{bad}");
        }
        for good in ["8", "8.", ".5", "-0.5", "+3", "８"] {
            assert_eq!(zh("pb", good), None, "{good}");
        }
        assert!(zh("security", "abc").is_some());
        assert!(zh("security", "6000001").is_some());
        assert_eq!(
            format_error("security", "60000", Lang::En).as_deref(),
            Some("the value “60000” is not allowed: is not a 6-digit security code")
        );
        for (id, value) in [
            ("t0", "2024-01-31"),
            ("pb", "8.00"),
            ("security", " 600000 "),
            ("name", "abc"),
            ("tb", ""),
        ] {
            assert_eq!(zh(id, value), None, "{id} {value:?}");
        }
    }

    /// Every field of the form is a case parameter the core knows, edited as its kind says.
    #[test]
    fn every_field_of_the_form_is_a_parameter() {
        for (field, path) in CaseSpec::PARAMETERS {
            let p = parameters::find(path).unwrap_or_else(|| panic!("{path}"));
            assert!(p.settable, "{path}");
            if *field != "adjust_dividends" {
                assert!(CaseSpec::TEXT_FIELDS.contains(field), "{field}");
            }
        }
        assert!(matches!(input_of("netting"), Input::Select(c) if c.len() == 2));
        assert!(matches!(input_of("buy_average"), Input::Select(c) if c.len() == 4));
        assert_eq!(input_of("stamp_duty_rate"), Input::Rate);
        assert_eq!(input_of("tb"), Input::Date);
        assert_eq!(input_of("market"), Input::Area);
        assert_eq!(input_of("name"), Input::Text);
    }

    /// Each rate field's example is a value that field takes, in both languages (QA: the
    /// commission's "0.03%" was the example under the deduction ratio and the interest).
    #[test]
    fn a_rate_field_s_example_is_a_value_it_takes() {
        let mut rates = 0;
        for (field, _) in CaseSpec::PARAMETERS.iter().filter(|(f, _)| input_of(f) == Input::Rate) {
            rates += 1;
            for lang in [Lang::Zh, Lang::En] {
                let example = crate::i18n::t(lang, rate_placeholder(field));
                let value = example
                    .trim_start_matches("如 ")
                    .trim_start_matches("such as ")
                    .split(['（', ' ', '('])
                    .next()
                    .unwrap();
                assert_eq!(format_error(field, value, lang), None, "{field}: {example}");
            }
        }
        assert!(rates >= 5, "{rates}");
        assert_ne!(rate_placeholder("systemic_ratio"), rate_placeholder("commission_rate"));
    }
}
