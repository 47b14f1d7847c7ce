//! Step 4: the estimate. The compensation in large type, the breakdown, the method
//! comparison, the chart, the explanation with the article of each step, the per-trade
//! table, the parameters with their status, the notes, and export. It is also the printed
//! report (the print stylesheet hides the controls and shows the report's header).

use std::rc::Rc;

use redress::Method;
use yew::prelude::*;

use super::case_step::Parameters;
use super::chart::ChartView;
use super::chrome::Waiting;
use super::{Pager, select_value, use_ctx};
use crate::i18n::{self, K};
use crate::protocol::{
    CaseView, Comparison, ExportKind, FigureKind, Job, OverlapView, Page, PageRows, Problem,
    ResultView, SegmentView, TradeRow, WarningView,
};
use crate::services::browser;
use crate::state::{Action, Notice, PAGE, PRINT_ROWS, Sample};

/// Props of [`ResultStep`].
#[derive(Properties, PartialEq)]
pub struct ResultStepProps {
    /// The estimate or why there is none.
    pub result: Option<Result<ResultView, Problem>>,
    /// What the page waits for, when there is no result yet.
    #[prop_or_default]
    pub waiting: Option<K>,
    /// The case as used.
    pub case: Option<CaseView>,
    /// Rows rejected in the review.
    pub rejected: u32,
    /// The inputs that add nothing to the estimate, with why, and how many inputs there
    /// are.
    #[prop_or_default]
    pub unused: (Vec<(String, String)>, usize),
    /// Inputs that share identical trades, with how they are counted.
    #[prop_or_default]
    pub overlaps: Vec<OverlapView>,
    /// The segment whose trades are listed.
    pub segment: u32,
    /// The first trade row shown.
    pub offset: u32,
    /// The page of trade rows.
    pub page: Option<Rc<Page>>,
    /// The full trade rows for the printed report.
    pub print_pages: Vec<Rc<Page>>,
    /// The computation the pages must belong to.
    pub rev: u64,
    /// What to say about the built-in sample trades, when the result is computed on them.
    pub sample: Sample,
    /// The share-link fragment.
    pub fragment: String,
    /// The reconcile search's last answer, when it belongs to this result.
    #[prop_or_default]
    pub reconciled: Option<Rc<crate::protocol::ReconcileView>>,
    /// Whether a reconcile search is under way.
    #[prop_or_default]
    pub reconciling: bool,
}

/// Step 4.
#[function_component(ResultStep)]
pub fn result_step(p: &ResultStepProps) -> Html {
    let ctx = use_ctx();
    let generated = use_memo((), |_| browser::now());
    let body = match &p.result {
        None => html! { <Waiting waiting={p.waiting.unwrap_or(K::Busy)} /> },
        Some(Err(problem)) => html! {
            <div class="no-result" role="alert">
                <h3>{ ctx.t(K::NoResult) }</h3>
                <p class="error" id="result-error">{ &problem.message }</p>
                <div class="actions">
                    <button type="button" class="button" onclick={ctx.on::<MouseEvent>(Action::Go(crate::state::Step::Trades))}>{ ctx.t(K::StepTrades) }</button>
                    <button type="button" class="button quiet" onclick={ctx.on::<MouseEvent>(Action::Go(crate::state::Step::Case))}>{ ctx.t(K::StepCase) }</button>
                </div>
            </div>
        },
        Some(Ok(r)) => {
            html! { <ResultBody result={r.clone()} case={p.case.clone()} rejected={p.rejected}
            no_amount={p.sample == Sample::OutsideCase}
            segment={p.segment} offset={p.offset} page={p.page.clone()} print_pages={p.print_pages.clone()}
            rev={p.rev} fragment={p.fragment.clone()} reconciled={p.reconciled.clone()}
            reconciling={p.reconciling} /> }
        }
    };
    html! {
        <section class="panel result" aria-labelledby="result-heading">
            <div class="print-only report-head">
                <p class="report-title">{ ctx.t(K::ReportTitle) }</p>
                <p>{ ctx.t(K::ReportGenerated) }{ ctx.colon() }{ (*generated).clone() }{ " · " }{ ctx.t(K::ReportTool) }</p>
            </div>
            <h2 id="result-heading" tabindex="-1">{ ctx.t(K::ResultHeading) }</h2>
            if p.sample != Sample::None {
                <div class="demo-banner no-print" id="sample-banner">
                    <p>{ ctx.t(match p.sample {
                        Sample::Demo => K::DemoBanner,
                        Sample::OutsideCase => K::SampleOutside,
                        _ => K::SampleBanner,
                    }) }</p>
                    <button type="button" class="button primary" id="start-own" onclick={ctx.on::<MouseEvent>(Action::StartOwn)}>{ ctx.t(K::DemoStart) }{ " →" }</button>
                </div>
            }
            if !p.unused.0.is_empty() && p.result.is_some() {
                <div class="banner warn" role="note" id="unused-inputs">
                    <div>
                        <p>{ i18n::unused_inputs(ctx.lang, p.unused.0.len(), p.unused.1) }</p>
                        <ul>
                            { for p.unused.0.iter().map(|(name, why)| html! {
                                <li><strong>{ name }</strong>{ ctx.colon() }{ why }</li>
                            }) }
                        </ul>
                    </div>
                    <button type="button" class="button no-print" onclick={ctx.on::<MouseEvent>(Action::Go(crate::state::Step::Trades))}>{ ctx.t(K::GoTrades) }</button>
                </div>
            }
            if p.result.is_some() {
                <Overlaps overlaps={p.overlaps.clone()} />
            }
            { body }
            <p class="disclaimer print-only">{ ctx.t(K::Disclaimer) }</p>
        </section>
    }
}

/// Props of [`Overlaps`].
#[derive(Properties, PartialEq)]
pub struct OverlapsProps {
    /// The pairs of inputs that share identical trades.
    pub overlaps: Vec<OverlapView>,
}

/// For each pair of inputs that share identical trades, the question the rows cannot
/// answer: the same account exported twice (counted once, the default) or two accounts
/// (both counted), with the answer applied marked.
#[function_component(Overlaps)]
pub fn overlaps(p: &OverlapsProps) -> Html {
    let ctx = use_ctx();
    html! {
        { for p.overlaps.iter().map(|o| {
            let id = format!("overlap-{}-{}", o.earlier, o.later);
            let pressed = |on: bool| if on { "true" } else { "false" };
            html! {
                <div class="banner warn overlap" role="group" aria-labelledby={format!("{id}-q")} id={id.clone()}>
                    <div>
                        <p id={format!("{id}-q")}><strong>{ i18n::overlap_question(ctx.lang, &o.later_name, &o.earlier_name, o.trades) }</strong></p>
                        <p class="hint">{ ctx.t(if o.same { K::OverlapCountedOnce } else { K::OverlapCountedTwice }) }
                            if !o.answered { { ctx.t(K::OverlapDefault) } }</p>
                        <div class="actions no-print">
                            <button type="button" class={classes!("button", o.same.then_some("primary"))} aria-pressed={pressed(o.same)}
                                id={format!("{id}-same")}
                                onclick={ctx.on::<MouseEvent>(Action::SameAccount(o.earlier, o.later, true))}>{ ctx.t(K::OverlapSame) }</button>
                            <button type="button" class={classes!("button", (!o.same).then_some("primary"))} aria-pressed={pressed(!o.same)}
                                id={format!("{id}-two")}
                                onclick={ctx.on::<MouseEvent>(Action::SameAccount(o.earlier, o.later, false))}>{ ctx.t(K::OverlapTwo) }</button>
                        </div>
                    </div>
                </div>
            }
        }) }
    }
}

/// Props of [`ResultBody`].
#[derive(Properties, PartialEq)]
pub struct ResultBodyProps {
    /// The estimate.
    pub result: ResultView,
    /// The case.
    pub case: Option<CaseView>,
    /// Rows rejected.
    pub rejected: u32,
    /// The segment listed.
    pub segment: u32,
    /// First trade row shown.
    pub offset: u32,
    /// The page of trade rows.
    pub page: Option<Rc<Page>>,
    /// Full trade rows for printing.
    pub print_pages: Vec<Rc<Page>>,
    /// The computation.
    pub rev: u64,
    /// Share-link fragment.
    pub fragment: String,
    /// Whether the amount means nothing (the sample trades outside the case's period):
    /// the headline says so instead of a big 0.00.
    #[prop_or_default]
    pub no_amount: bool,
    /// The reconcile search's last answer.
    #[prop_or_default]
    pub reconciled: Option<Rc<crate::protocol::ReconcileView>>,
    /// Whether a reconcile search is under way.
    #[prop_or_default]
    pub reconciling: bool,
}

/// Everything under the heading when there is an estimate.
#[function_component(ResultBody)]
pub fn result_body(p: &ResultBodyProps) -> Html {
    let ctx = use_ctx();
    let r = &p.result;
    let d = ctx.dispatch.clone();
    let onmethod =
        Callback::from(move |e: Event| d.emit(Action::SetMethod(Method::parse(&select_value(&e)))));
    let d = ctx.dispatch.clone();
    let onsegment = Callback::from(move |e: Event| {
        d.emit(Action::Segment(select_value(&e).parse().unwrap_or(0)));
    });
    let d = ctx.dispatch.clone();
    let on_page = Callback::from(move |o: u32| d.emit(Action::TradesOffset(o)));
    let full_report = p.print_pages.iter().any(|pg| pg.rev == p.rev);
    let seg_rows =
        r.segments.get(usize::try_from(p.segment).unwrap_or(0)).map_or(0, |s| s.trade_rows);
    html! {
        <>
            <div class="headline">
                if p.no_amount {
                    <p class="headline-label" id="no-amount">{ ctx.t(K::SampleNoAmount) }</p>
                } else {
                    <p class="headline-label">
                        { ctx.t(K::Compensation) }
                        if !r.upper_bound.is_empty() { <strong class="upper">{ ctx.t(K::UpperBound) }</strong> }
                    </p>
                    <p class="amount-line">
                        <span class="amount" id="compensation">{ &r.compensation }</span>
                        <span class="unit">{ if ctx.lang == redress::Lang::Zh { " 元" } else { " yuan" } }</span>
                    </p>
                }
                if !r.upper_bound.is_empty() {
                    <p class="upper-bound" id="upper-bound">{ &r.upper_bound }</p>
                }
                // Rows left out of the amount, said right under it (not below the deadlines,
                // where the amount had already been read as the whole), with the way back.
                if p.rejected > 0 {
                    <div class="banner warn rejected-notice" id="rejected-notice" role="note">
                        <p>{ i18n::rejected_rows(ctx.lang, p.rejected) }</p>
                        <button type="button" class="button no-print" onclick={ctx.on::<MouseEvent>(Action::Go(crate::state::Step::Review))}>{ ctx.t(K::GoReview) }</button>
                    </div>
                }
                if let Some(c) = &p.case {
                    <p class="headline-case">{ ctx.t(K::ResultFor) }{ ctx.colon() }<strong>{ &c.name }</strong>{ " · " }{ &c.regime }</p>
                }
                <div class="field inline method-pick no-print">
                    <label for="method">{ ctx.t(K::MethodUsed) }</label>
                    <select id="method" onchange={onmethod}>
                        { for Method::ALL.iter().map(|m| html! {
                            <option value={m.as_str()} selected={r.method == *m}>{ i18n::method(ctx.lang, *m) }</option>
                        }) }
                    </select>
                </div>
                <p class="print-only">{ ctx.t(K::MethodUsed) }{ ctx.colon() }{ i18n::method(ctx.lang, r.method) }</p>
                if !r.comparison.low.is_empty() && r.comparison.low != r.comparison.high {
                    <p class="range">{ i18n::range(ctx.lang, &r.comparison.low, &r.comparison.high) }</p>
                }
                if !r.combine.is_empty() { <p class="muted">{ &r.combine }</p> }
            </div>
            if !r.deadlines.is_empty() {
                <section class="block deadlines" aria-labelledby="deadlines-heading" id="deadlines">
                    <h3 id="deadlines-heading">{ ctx.t(K::Deadlines) }</h3>
                    <ol class="deadline-list">
                        { for r.deadlines.iter().map(|d| html! {
                            <li class={classes!("deadline", d.past.then_some("past"), d.next.then_some("next"))}>
                                <span class="deadline-date">{ &d.date }</span>
                                <span class="deadline-text">
                                    { &d.text }
                                    if d.unverified { <span class="badge unverified">{ ctx.t(K::StUnverified) }</span> }
                                    <span class="authority">{ " — " }{ &d.authority }</span>
                                    if !d.source.is_empty() {
                                        <a class="source-link" href={d.source.clone()} rel="noopener noreferrer" target="_blank">{ ctx.t(K::SourceLink) }</a>
                                    }
                                </span>
                            </li>
                        }) }
                    </ol>
                    <p class="hint">{ ctx.t(K::DeadlinesNote) }</p>
                </section>
            }
            <ExportBar fragment={p.fragment.clone()} />
            <section class="block" aria-labelledby="breakdown-heading">
                <h3 id="breakdown-heading">{ ctx.t(K::Breakdown) }</h3>
                { for r.segments.iter().map(|s| html! { <Breakdown segment={s.clone()} several={r.segments.len() > 1} /> }) }
            </section>
            <ComparisonTable comparison={r.comparison.clone()} />
            <super::reconcile::WhatIfTable rows={r.what_if.clone()} />
            <super::reconcile::ReconcileForm answer={p.reconciled.clone()} busy={p.reconciling} />
            <section class="block" aria-labelledby="chart-heading">
                <h3 id="chart-heading">{ ctx.t(super::chart::title(&r.chart)) }</h3>
                <ChartView chart={r.chart.clone()} narrow={Some(r.chart_narrow.clone())} />
            </section>
            <section class="block explanation" aria-labelledby="explain-heading">
                <h3 id="explain-heading">{ ctx.t(K::Explanation) }</h3>
                <p class="hint">{ ctx.t(K::ExplanationIntro) }</p>
                { for r.segments.iter().map(|s| html! {
                    <>
                        if r.segments.len() > 1 { <h4>{ ctx.t(K::Segment) }{ " " }{ &s.label }</h4> }
                        <ol class="steps">
                            { for s.steps.iter().map(|st| html! {
                                <li class="step-item">
                                    <p class="step-title">{ &st.title }</p>
                                    <p class="step-text">{ &st.text }</p>
                                    <p class={classes!("authority", st.source.clone())}>{ ctx.t(K::Authority) }{ ctx.colon() }{ &st.authority }</p>
                                </li>
                            }) }
                        </ol>
                        if !s.turnover.is_empty() {
                            <details class="turnover">
                                <summary>{ ctx.t(K::TurnoverTable) }</summary>
                                <p class="hint">{ ctx.t(K::TurnoverIntro) }</p>
                                <div class="table-wrap" role="region" aria-label={ctx.t(K::TurnoverTable)} tabindex="0">
                                    <table class="rows turnover-table" id={format!("turnover-{}", s.id)}>
                                        <caption class="visually-hidden">{ ctx.t(K::TurnoverTable) }</caption>
                                        <thead><tr>
                                            <th scope="col" class="num">{ ctx.t(K::ColDay) }</th>
                                            <th scope="col">{ ctx.t(K::ColDate) }</th>
                                            <th scope="col" class="num">{ ctx.t(K::ColClose) }</th>
                                            <th scope="col" class="num">{ ctx.t(K::ColVolume) }</th>
                                            <th scope="col" class="num">{ ctx.t(K::ColFloat) }</th>
                                            <th scope="col" class="num">{ ctx.t(K::ColTurnover) }</th>
                                            <th scope="col" class="num">{ ctx.t(K::ColCumulative) }</th>
                                        </tr></thead>
                                        <tbody>
                                            { for s.turnover.iter().map(|d| html! {
                                                <tr>
                                                    <td class="num">{ &d[0] }</td>
                                                    <td>{ &d[1] }</td>
                                                    <td class="num">{ &d[2] }</td>
                                                    <td class="num">{ &d[3] }</td>
                                                    <td class="num">{ &d[4] }</td>
                                                    <td class="num">{ &d[5] }</td>
                                                    <td class="num">{ &d[6] }</td>
                                                </tr>
                                            }) }
                                        </tbody>
                                    </table>
                                </div>
                            </details>
                        }
                    </>
                }) }
            </section>
            <section class="block" aria-labelledby="trades-table-heading">
                <h3 id="trades-table-heading">{ ctx.t(K::TradesTable) }</h3>
                <p class="hint">{ ctx.t(K::TradesTableIntro) }</p>
                if r.segments.len() > 1 {
                    <div class="field inline no-print">
                        <label for="segment">{ ctx.t(K::Segment) }</label>
                        <select id="segment" onchange={onsegment}>
                            { for r.segments.iter().enumerate().map(|(i, s)| html! {
                                <option value={i.to_string()} selected={p.segment as usize == i}>{ &s.label }</option>
                            }) }
                        </select>
                    </div>
                }
                // Until the Print button has fetched every row, the browser's own Print
                // prints the page on screen, and says so.
                <div class={classes!(full_report.then_some("screen-only"))}>
                    if !full_report && seg_rows > PAGE {
                        <p class="hint print-only">{ ctx.t(K::PrintPageOnly) }</p>
                    }
                    if let Some(page) = p.page.as_ref().filter(|pg| pg.rev == p.rev) {
                        if let PageRows::Trades(rows) = &page.rows {
                            <TradeTable rows={rows.clone()} id="trade-table" />
                        }
                    }
                    <Pager total={seg_rows} offset={p.offset} limit={PAGE} {on_page} label={ctx.t(K::TradesTable)} />
                </div>
                <div class="print-only">
                    { for p.print_pages.iter().filter(|pg| pg.rev == p.rev).map(|pg| match &pg.rows {
                        PageRows::Trades(rows) => html! {
                            <>
                                <TradeTable rows={rows.clone()} id={format!("print-trades-{}", pg.query.offset)} />
                                if pg.total > PRINT_ROWS { <p class="hint">{ i18n::report_truncated(ctx.lang, PRINT_ROWS) }</p> }
                            </>
                        },
                        PageRows::Review(_) => html! {},
                    }) }
                </div>
            </section>
            if let Some(c) = &p.case {
                <section class="block" aria-labelledby="params-heading">
                    <h3 id="params-heading">{ ctx.t(K::Parameters) }</h3>
                    <Parameters case={c.clone()} />
                </section>
                if !c.data.is_empty() {
                    <section class="block" aria-labelledby="data-heading" id="market-data-sources">
                        <h3 id="data-heading">{ ctx.t(K::DataSources) }</h3>
                        <p class="hint">{ ctx.t(K::DataSourcesIntro) }</p>
                        <ul class="data-files">
                            { for c.data.iter().map(|f| html! {
                                <li>
                                    <p class="data-title">{ &f.title }</p>
                                    <ul class="sources">{ for f.sources.iter().map(|s| html! { <li class="source-line">{ s }</li> }) }</ul>
                                    <details>
                                        <summary>{ ctx.t(K::DataChecks) }</summary>
                                        <ul lang="en">
                                            { for f.checks.iter().map(|c| html! { <li>{ "✓ " }{ c }</li> }) }
                                            { for f.unchecked.iter().map(|c| html! { <li>{ "? " }{ c }</li> }) }
                                        </ul>
                                    </details>
                                </li>
                            }) }
                        </ul>
                    </section>
                }
            }
            <section class="block" aria-labelledby="rules-heading">
                <h3 id="rules-heading">{ ctx.t(K::RulesUsed) }</h3>
                <dl class="rules">
                    { for r.rules.iter().map(|(k, v)| html! { <><dt>{ k }</dt><dd>{ v }</dd></> }) }
                </dl>
                if !r.adjustments.is_empty() {
                    <ul>{ for r.adjustments.iter().map(|a| html! { <li>{ a }</li> }) }</ul>
                }
            </section>
            <Warnings warnings={r.warnings.clone()} />
        </>
    }
}

/// Props of [`Breakdown`].
#[derive(Properties, PartialEq)]
pub struct BreakdownProps {
    /// The segment.
    pub segment: SegmentView,
    /// Whether there are several (then each is titled).
    pub several: bool,
}

/// One segment's numbers, in the order of the calculation.
#[function_component(Breakdown)]
pub fn breakdown(p: &BreakdownProps) -> Html {
    let ctx = use_ctx();
    let s = &p.segment;
    let group = |kinds: &[FigureKind]| -> Html {
        html! {
            <dl class="figures">
                { for s.figures.iter().filter(|f| kinds.contains(&f.kind)).map(|f| {
                    let class = match f.kind {
                        FigureKind::Deduction => "deduction",
                        FigureKind::Addition => "addition",
                        FigureKind::Total => "total",
                        _ => "",
                    };
                    let sign = match f.kind {
                        FigureKind::Deduction => "− ",
                        FigureKind::Addition => "+ ",
                        _ => "",
                    };
                    html! {
                        <div class={classes!("figure", class)}>
                            <dt>
                                if !f.symbol.is_empty() { <span class="symbol">{ &f.symbol }</span> }
                                { &f.label }
                            </dt>
                            <dd class="num">{ sign }{ &f.value }</dd>
                        </div>
                    }
                }) }
            </dl>
        }
    };
    html! {
        <div class={classes!("segment", (!s.chosen).then_some("not-chosen"))}>
            if p.several {
                <h4>{ ctx.t(K::Segment) }{ " " }{ &s.label }{ ctx.colon() }{ &s.compensation }</h4>
            }
            <div class="breakdown">
                <div class="breakdown-col">
                    { group(&[FigureKind::Date]) }
                    { group(&[FigureKind::Input]) }
                </div>
                <div class="breakdown-col sum">
                    { group(&[FigureKind::Loss, FigureKind::Total, FigureKind::Deduction, FigureKind::Addition]) }
                </div>
            </div>
            if s.parts.iter().any(|x| !x.ratio.starts_with("0.00%")) {
                <div class="table-wrap" role="region" aria-label={ctx.t(K::Parts)} tabindex="0">
                    <table class="parts">
                        <caption>{ ctx.t(K::Parts) }</caption>
                        <thead><tr>
                            <th scope="col">{ ctx.t(K::PartName) }</th>
                            <th scope="col" class="num">{ ctx.t(K::PartShares) }</th>
                            <th scope="col" class="num">{ ctx.t(K::PartExit) }</th>
                            <th scope="col" class="num">{ ctx.t(K::PartLoss) }</th>
                            <th scope="col" class="num">{ ctx.t(if s.parts.iter().any(|x| x.ratio.contains(" × ")) { K::PartRatioScaled } else { K::PartRatio }) }</th>
                            <th scope="col" class="num">{ ctx.t(K::PartDeduction) }</th>
                        </tr></thead>
                        <tbody>
                            { for s.parts.iter().map(|x| html! {
                                <tr>
                                    <th scope="row">{ &x.name }</th>
                                    <td class="num">{ &x.shares }</td>
                                    <td class="num">{ &x.exit_price }</td>
                                    <td class="num">{ &x.loss }</td>
                                    <td class="num">{ &x.ratio }</td>
                                    <td class="num">{ &x.deduction }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        </div>
    }
}

/// Props of [`ComparisonTable`].
#[derive(Properties, PartialEq)]
pub struct ComparisonProps {
    /// The comparison.
    pub comparison: Comparison,
}

/// The four methods, with and without the case's deductions, and the range.
#[function_component(ComparisonTable)]
pub fn comparison_table(p: &ComparisonProps) -> Html {
    let ctx = use_ctx();
    let c = &p.comparison;
    html! {
        <section class="block" aria-labelledby="compare-heading" id="comparison">
            <h3 id="compare-heading">{ ctx.t(K::Comparison) }</h3>
            <p class="hint">{ ctx.t(K::ComparisonIntro) }</p>
            if let Some(problem) = &c.problem {
                <p class="error">{ problem }</p>
            }
            if !c.rows.is_empty() {
                <div class="table-wrap" role="region" aria-label={ctx.t(K::Comparison)} tabindex="0">
                    <table class="compare cards" id="compare-table">
                        <caption class="visually-hidden">{ ctx.t(K::Comparison) }</caption>
                        <thead><tr>
                            <th scope="col">{ ctx.t(K::ColMethod) }</th>
                            <th scope="col" class="num">{ ctx.t(K::ColLoss) }</th>
                            <th scope="col" class="num">{ ctx.t(K::ColWith) }</th>
                            if c.has_deductions { <th scope="col" class="num">{ ctx.t(K::ColWithout) }</th> }
                            <th scope="col" class="no-print"><span class="visually-hidden">{ ctx.t(K::ColAction) }</span></th>
                        </tr></thead>
                        <tbody>
                            { for c.rows.iter().map(|row| html! {
                                <tr class={classes!(row.current.then_some("current"))}>
                                    <th scope="row">
                                        { &row.name }
                                        if row.case_default { <span class="badge quiet">{ ctx.t(K::CaseDefault) }</span> }
                                        if row.current { <span class="badge current">{ ctx.t(K::Current) }</span> }
                                    </th>
                                    <td class="num" data-label={ctx.t(K::ColLoss)}>{ &row.loss }</td>
                                    <td class="num" data-label={ctx.t(K::ColWith)}>{ &row.with_deductions }</td>
                                    if c.has_deductions { <td class="num" data-label={ctx.t(K::ColWithout)}>{ &row.without_deductions }</td> }
                                    <td class={classes!("no-print", "action", row.current.then_some("empty"))}>
                                        if !row.current {
                                            <button type="button" class="button small quiet" onclick={ctx.on::<MouseEvent>(Action::SetMethod(Some(row.method)))}
                                                aria-label={format!("{} {}", ctx.t(K::UseMethod), row.name)}>{ ctx.t(K::UseMethod) }</button>
                                        }
                                    </td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
                <p class="range" id="compare-range">
                    <strong>{ ctx.t(K::Range) }{ ctx.colon() }</strong>
                    { i18n::money(ctx.lang, &c.low) }{ " – " }{ i18n::money(ctx.lang, &c.high) }
                </p>
            }
            if !c.interest.is_empty() {
                <h4 id="interest-compare-heading">{ ctx.t(K::InterestComparison) }</h4>
                <p class="hint">{ ctx.t(K::InterestComparisonIntro) }</p>
                <div class="table-wrap" role="region" aria-labelledby="interest-compare-heading" tabindex="0">
                    <table class="compare" id="interest-compare-table">
                        <caption class="visually-hidden">{ ctx.t(K::InterestComparison) }</caption>
                        <thead><tr>
                            <th scope="col">{ ctx.t(K::FormInterestPrincipal) }</th>
                            <th scope="col">{ ctx.t(K::FormDaysPerYear) }</th>
                            <th scope="col" class="num">{ ctx.t(K::FigInterest) }</th>
                            <th scope="col" class="num">{ ctx.t(K::ColWith) }</th>
                        </tr></thead>
                        <tbody>
                            { for c.interest.iter().map(|row| html! {
                                <tr class={classes!(row.case_default.then_some("current"))}>
                                    <th scope="row">
                                        { &row.principal }
                                        if row.case_default { <span class="badge quiet">{ ctx.t(K::CaseDefault) }</span> }
                                    </th>
                                    <td>{ &row.days }</td>
                                    <td class="num">{ &row.interest }</td>
                                    <td class="num">{ &row.compensation }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        </section>
    }
}

/// Props of [`TradeTable`].
#[derive(Properties, PartialEq)]
pub struct TradeTableProps {
    /// The rows.
    pub rows: Vec<TradeRow>,
    /// The table's id.
    pub id: AttrValue,
}

/// The per-trade table.
#[function_component(TradeTable)]
pub fn trade_table(p: &TradeTableProps) -> Html {
    let ctx = use_ctx();
    html! {
        <div class="table-wrap" role="region" aria-label={ctx.t(K::TradesTable)} tabindex="0">
            <table class="rows trades" id={p.id.clone()}>
                <caption class="visually-hidden">{ ctx.t(K::TradesTable) }</caption>
                <thead><tr>
                    <th scope="col">{ ctx.t(K::ColDate) }</th>
                    <th scope="col">{ ctx.t(K::ColKind) }</th>
                    <th scope="col" class="num">{ ctx.t(K::ColQuantity) }</th>
                    <th scope="col" class="num">{ ctx.t(K::ColPrice) }</th>
                    <th scope="col">{ ctx.t(K::ColPhase) }</th>
                    <th scope="col">{ ctx.t(K::ColLayer) }</th>
                    <th scope="col" class="num">{ ctx.t(K::ColEligible) }</th>
                    <th scope="col">{ ctx.t(K::ColTook) }</th>
                    <th scope="col" class="num">{ ctx.t(K::ColCounted) }</th>
                    <th scope="col">{ ctx.t(K::ColNote) }</th>
                    <th scope="col">{ ctx.t(K::ColFile) }</th>
                </tr></thead>
                <tbody>
                    { for p.rows.iter().map(|r| html! {
                        <tr>
                            <td class="nowrap">{ &r.date }</td>
                            <td><span class={classes!("kind", if r.buy { "buy" } else { "other" })}>{ &r.kind }</span></td>
                            <td class="num">{ &r.quantity }</td>
                            <td class="num">{ &r.price }</td>
                            <td class="nowrap">{ &r.phase }</td>
                            <td class="nowrap">{ &r.layer }</td>
                            <td class="num">{ &r.eligible }</td>
                            <td class="took">{ &r.took }</td>
                            <td class="num">{ &r.counted }</td>
                            <td class="note">{ &r.note }</td>
                            <td class="origin">{ &r.origin }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// Props of [`Warnings`].
#[derive(Properties, PartialEq)]
pub struct WarningsProps {
    /// The warnings.
    pub warnings: Vec<WarningView>,
}

/// The core's warnings, each with where it is.
#[function_component(Warnings)]
pub fn warnings(p: &WarningsProps) -> Html {
    let ctx = use_ctx();
    html! {
        <section class="block" aria-labelledby="warnings-heading">
            <h3 id="warnings-heading">{ ctx.t(K::Warnings) }</h3>
            if p.warnings.is_empty() {
                <p class="muted">{ ctx.t(K::NoWarnings) }</p>
            } else {
                <ul class="warnings" id="warnings">
                    { for p.warnings.iter().map(|w| html! {
                        <li>
                            if !w.at.is_empty() { <span class="where">{ &w.at }{ ctx.colon() }</span> }
                            { &w.message }
                        </li>
                    }) }
                </ul>
            }
        </section>
    }
}

/// Props of [`ExportBar`].
#[derive(Properties, PartialEq)]
pub struct ExportBarProps {
    /// The share-link fragment.
    pub fragment: String,
}

/// Download the result or the trades, print the report, copy a share link.
#[function_component(ExportBar)]
pub fn export_bar(p: &ExportBarProps) -> Html {
    let ctx = use_ctx();
    let send = ctx.send.clone();
    let json = Callback::from(move |_: MouseEvent| send.emit(Job::Export(ExportKind::ResultJson)));
    let send = ctx.send.clone();
    let csv = Callback::from(move |_: MouseEvent| send.emit(Job::Export(ExportKind::TradesCsv)));
    // The report's rows are asked for by the app (again if a result comes meanwhile).
    let print = {
        let d = ctx.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(Action::Print(true)))
    };
    let share = {
        let d = ctx.dispatch.clone();
        let fragment = p.fragment.clone();
        Callback::from(move |_: MouseEvent| {
            let link = format!("{}?{}", browser::page_base(), fragment);
            let d = d.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let notice = if browser::copy(&link).await {
                    Notice::Copied
                } else {
                    Notice::CopyFailed(link)
                };
                d.emit(Action::Notify(Some(notice)));
            });
        })
    };
    html! {
        <section class="block export no-print" aria-labelledby="export-heading">
            <h3 id="export-heading" class="visually-hidden">{ ctx.t(K::Export) }</h3>
            <div class="actions">
                <button type="button" class="button" id="export-json" onclick={json}>{ ctx.t(K::ExportJson) }</button>
                <button type="button" class="button" id="export-csv" onclick={csv}>{ ctx.t(K::ExportCsv) }</button>
                <button type="button" class="button" id="print" onclick={print}>{ ctx.t(K::Print) }</button>
                <button type="button" class="button" id="share" onclick={share} aria-describedby="share-note">{ ctx.t(K::ShareLink) }</button>
            </div>
            <p class="hint" id="share-note">{ ctx.t(K::ShareNote) }</p>
        </section>
    }
}
