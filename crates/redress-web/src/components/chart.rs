//! The chart as SVG: the worker laid it out (integer coordinates in a fixed view box);
//! this only draws it. Every label is text content, never markup.

use yew::prelude::*;

use super::use_ctx;
use crate::i18n::K;
use crate::protocol::Chart;

/// Props of [`ChartView`].
#[derive(Properties, PartialEq)]
pub struct ChartProps {
    /// The laid-out chart.
    pub chart: Chart,
}

/// The trades over time, the holding below, closes and the index when given, and the
/// dates `T0`, `T1`, `Tb` and the levels `Pb`, `B` marked.
#[function_component(ChartView)]
pub fn chart_view(p: &ChartProps) -> Html {
    let ctx = use_ctx();
    let c = &p.chart;
    if c.width == 0 {
        return html! {};
    }
    let (left, top, right, bottom) = c.plot;
    let (band_top, band_bottom) = c.holdings_band;
    let view_box = format!("0 0 {} {}", c.width, c.height);
    html! {
        <figure class="chart">
            <svg id="chart" viewBox={view_box} role="img" aria-labelledby="chart-title chart-desc"
                preserveAspectRatio="xMidYMid meet">
                <title id="chart-title">{ ctx.t(K::Chart) }</title>
                <desc id="chart-desc">{ c.description.clone() }</desc>
                <rect class="chart-plot" x={left.to_string()} y={top.to_string()}
                    width={(right - left).to_string()} height={(bottom - top).to_string()} />
                <rect class="chart-band" x={left.to_string()} y={band_top.to_string()}
                    width={(right - left).to_string()} height={(band_bottom - band_top).to_string()} />
                { for c.y_ticks.iter().map(|(y, label)| html! {
                    <g class="tick">
                        <line x1={left.to_string()} x2={right.to_string()} y1={y.to_string()} y2={y.to_string()} />
                        <text x={(left - 6).to_string()} y={(y + 4).to_string()} text-anchor="end">{ label.clone() }</text>
                    </g>
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
                    <text class="tick" x={(left - 6).to_string()} y={(band_top + 10).to_string()} text-anchor="end">{ c.holdings_max.clone() }</text>
                }
                { for c.levels.iter().map(|(y, label, value)| html! {
                    <g class="level">
                        <line x1={left.to_string()} x2={right.to_string()} y1={y.to_string()} y2={y.to_string()} />
                        <text x={(right - 4).to_string()} y={(y - 4).to_string()} text-anchor="end">{ format!("{label} {value}") }</text>
                    </g>
                }) }
                { for c.dates.iter().map(|(x, label, date)| html! {
                    <g class="marker">
                        <line x1={x.to_string()} x2={x.to_string()} y1={top.to_string()} y2={band_bottom.to_string()} />
                        <text x={(x + 3).to_string()} y={(top + 12).to_string()}>{ label.clone() }<title>{ date.clone() }</title></text>
                    </g>
                }) }
                { for c.marks.iter().map(|m| html! {
                    <circle class={if m.buy { "mark buy" } else { "mark sell" }} cx={m.x.to_string()} cy={m.y.to_string()} r={m.r.to_string()}>
                        <title>{ m.title.clone() }</title>
                    </circle>
                }) }
            </svg>
            <figcaption class="chart-legend">
                <span class="key buy">{ ctx.t(K::LegendBuy) }</span>
                <span class="key sell">{ ctx.t(K::LegendSell) }</span>
                <span class="key holdings">{ ctx.t(K::LegendHolding) }</span>
                if !c.close.is_empty() { <span class="key close">{ ctx.t(K::LegendClose) }</span> }
                if !c.index.is_empty() { <span class="key index">{ c.index_label.clone() }</span> }
            </figcaption>
        </figure>
    }
}
