//! The chart as SVG: the worker laid it out (integer coordinates in a fixed view box);
//! this only draws it. Every label is text content, never markup.

use yew::prelude::*;

use super::use_ctx;
use crate::i18n::K;
use crate::protocol::{Anchor, Chart};

/// Props of [`ChartView`].
#[derive(Properties, PartialEq)]
pub struct ChartProps {
    /// The chart laid out for a wide screen.
    pub chart: Chart,
    /// The same chart laid out for a phone.
    #[prop_or_default]
    pub narrow: Option<Chart>,
}

/// The chart's title: what it draws (prices over time only when there are closes).
pub fn title(chart: &Chart) -> K {
    if chart.close.is_empty() { K::ChartTrades } else { K::Chart }
}

/// The trades over time, the holding below, closes and the index (on its own right axis)
/// when given, and the dates `T0`, `T1`, `Tb` and the levels `Pb`, `B` marked; the wide
/// layout, and the narrow one for a phone (the stylesheet shows one).
#[function_component(ChartView)]
pub fn chart_view(p: &ChartProps) -> Html {
    let ctx = use_ctx();
    let c = &p.chart;
    if c.width == 0 {
        return html! {};
    }
    html! {
        <figure class="chart">
            <Svg chart={c.clone()} id="chart" class="chart-wide" />
            if let Some(n) = p.narrow.as_ref().filter(|n| n.width > 0) {
                <Svg chart={n.clone()} id="chart-narrow" class="chart-narrow" />
            }
            <figcaption class="chart-legend">
                <span class="key buy">{ ctx.t(K::LegendBuy) }</span>
                <span class="key sell">{ ctx.t(K::LegendSell) }</span>
                <span class="key holdings">{ ctx.t(K::LegendHolding) }</span>
                if !c.close.is_empty() { <span class="key close">{ ctx.t(K::LegendClose) }</span> }
                if !c.index.is_empty() { <span class="key index">{ c.titles.index.clone() }</span> }
            </figcaption>
        </figure>
    }
}

/// Props of [`Svg`].
#[derive(Properties, PartialEq)]
pub struct SvgProps {
    /// The laid-out chart.
    pub chart: Chart,
    /// The element's id.
    pub id: AttrValue,
    /// Its class (which layout it is).
    pub class: AttrValue,
}

/// One layout of the chart.
#[function_component(Svg)]
pub fn svg(p: &SvgProps) -> Html {
    let ctx = use_ctx();
    let c = &p.chart;
    let (left, top, right, bottom) = c.plot;
    let (band_top, band_bottom) = c.holdings_band;
    let view_box = format!("0 0 {} {}", c.width, c.height);
    let title_id = format!("{}-title", p.id);
    let desc_id = format!("{}-desc", p.id);
    html! {
        <svg id={p.id.clone()} class={p.class.clone()} viewBox={view_box} role="img"
            aria-labelledby={format!("{title_id} {desc_id}")} preserveAspectRatio="xMidYMid meet">
            <title id={title_id}>{ ctx.t(title(c)) }</title>
            <desc id={desc_id}>{ c.description.clone() }</desc>
            <rect class="chart-plot" x={left.to_string()} y={top.to_string()}
                width={(right - left).to_string()} height={(bottom - top).to_string()} />
            <rect class="chart-band" x={left.to_string()} y={band_top.to_string()}
                width={(right - left).to_string()} height={(band_bottom - band_top).to_string()} />
            // Axis titles: prices above the left axis, the holding above its band, dates
            // under the last tick, the index above the right axis.
            <text class="axis-title" x="4" y={c.titles_y.to_string()}>{ c.titles.price.clone() }</text>
            <text class="axis-title" x="4" y={(band_top - 6).to_string()}>{ c.titles.holding.clone() }</text>
            <text class="axis-title" x={right.to_string()} y={(band_bottom + 32).to_string()} text-anchor="end">{ c.titles.date.clone() }</text>
            if !c.titles.index.is_empty() {
                <text class="axis-title index" x={(c.width - 4).to_string()} y={c.titles_y.to_string()} text-anchor="end">{ c.titles.index.clone() }</text>
            }
            { for c.y_ticks.iter().map(|(y, label)| html! {
                <g class="tick">
                    <line x1={left.to_string()} x2={right.to_string()} y1={y.to_string()} y2={y.to_string()} />
                    <text x={(left - 6).to_string()} y={(y + 4).to_string()} text-anchor="end">{ label.clone() }</text>
                </g>
            }) }
            { for c.index_ticks.iter().map(|(y, label)| html! {
                <text class="tick index-tick" x={(right + 6).to_string()} y={(y + 4).to_string()}>{ label.clone() }</text>
            }) }
            { for c.x_ticks.iter().map(|(x, label)| html! {
                <text class="tick" x={x.to_string()} y={(band_bottom + 16).to_string()} text-anchor="middle">{ label.clone() }</text>
            }) }
            if !c.close.is_empty() {
                <path class="line-close" d={c.close.clone()} />
            }
            if !c.index.is_empty() {
                <path class="line-index" d={c.index.clone()} />
            }
            if !c.holdings.is_empty() {
                <path class="line-holdings" d={c.holdings.clone()} />
                <text class="tick holdings-max" x={c.holdings_label.0.to_string()} y={c.holdings_label.1.to_string()}
                    text-anchor={if c.holdings_label.2 { "end" } else { "start" }}>{ c.holdings_max.clone() }</text>
            }
            { for c.levels.iter().map(|l| html! {
                <g class="level">
                    <line x1={left.to_string()} x2={right.to_string()} y1={l.y.to_string()} y2={l.y.to_string()} />
                    <text x={l.x.to_string()} y={l.label_y.to_string()} text-anchor={if l.end { "end" } else { "start" }}>{ format!("{} {}", l.label, l.value) }</text>
                </g>
            }) }
            // Every date's line first, then the labels: a label that had to cover another
            // date's line hides it under its halo.
            <g class="marker">{ for c.dates.iter().map(|d| html! {
                <line x1={d.x.to_string()} x2={d.x.to_string()} y1={(if d.anchor == Anchor::Middle { d.label_y + 3 } else { d.label_y - 10 }).to_string()} y2={band_bottom.to_string()} />
            }) }</g>
            <g class="marker">{ for c.dates.iter().map(|d| html! {
                <text x={d.label_x.to_string()} y={d.label_y.to_string()} text-anchor={d.anchor.svg()}>{ d.label.clone() }<title>{ d.date.clone() }</title></text>
            }) }</g>
            { for c.marks.iter().map(|m| html! {
                <circle class={if m.buy { "mark buy" } else { "mark sell" }} cx={m.x.to_string()} cy={m.y.to_string()} r={m.r.to_string()}>
                    <title>{ m.title.clone() }</title>
                </circle>
            }) }
        </svg>
    }
}
