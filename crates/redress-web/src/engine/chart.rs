//! The chart of the trades over time, laid out in the worker in a fixed view box with
//! integer coordinates, so that the page only draws (no floats, no arithmetic there).
//!
//! Trades are marks (purchases and sales), the holding is a step line in a band below,
//! closes are a line when market data is given, an index a line on its own scale (the
//! right axis), and `T0`, `T1`, `Tb`, `Pb` and `B` are marked, their labels placed so that
//! none overlaps another. Every axis has a title. Many trades are binned by pixel column,
//! so that 100,000 rows still draw a few hundred marks. It is laid out twice: for a wide
//! screen ([`WIDE`]) and for a phone's ([`NARROW`]), whose text stays readable.

use std::fmt::Write as _;

use redress::market::{IndexData, MarketData};
use redress::money::{Decimal, round_half_up};
use redress::report::SegmentResult;
use redress::{Date, Kind, Lang, Trade, format, tr};

use crate::i18n::{self, K, t};
use crate::protocol::{Anchor, Chart, DateLabel, Level, Mark};

/// The geometry of a layout, in view-box units.
#[derive(Clone, Copy, Debug)]
pub struct Geometry {
    /// View box width.
    pub width: i32,
    /// View box height.
    pub height: i32,
    left: i32,
    right: i32,
    /// The right edge when an index needs a right axis.
    right_with_index: i32,
    top: i32,
    bottom: i32,
    band_top: i32,
    band_bottom: i32,
    /// At most this many date ticks.
    x_ticks: i32,
}

/// The chart for a wide screen.
pub const WIDE: Geometry = Geometry {
    width: 720,
    height: 420,
    left: 64,
    right: 700,
    right_with_index: 644,
    top: 56,
    bottom: 288,
    band_top: 316,
    band_bottom: 370,
    x_ticks: 6,
};

/// The chart for a phone: a narrower view box, so that its text is drawn at about the
/// size of the page's.
pub const NARROW: Geometry = Geometry {
    width: 360,
    height: 400,
    left: 44,
    right: 348,
    right_with_index: 300,
    top: 56,
    bottom: 266,
    band_top: 296,
    band_bottom: 346,
    x_ticks: 3,
};

/// The height of a line of label text.
const LINE: i32 = 13;
/// Up to this many trades are drawn one by one; more are binned by column.
const MAX_MARKS: usize = 400;

/// What the chart is drawn from.
pub struct ChartInput<'a> {
    /// The trades used, in merged order.
    pub trades: &'a [&'a Trade],
    /// The segments of the estimate.
    pub segments: &'a [SegmentResult],
    /// Shares held before the first row (given plus inferred).
    pub opening: Decimal,
    /// Market data, when given.
    pub market: Option<&'a MarketData>,
    /// Index closes, when given.
    pub indices: Option<&'a IndexData>,
    /// The index to draw (the case's first reference index), when any.
    pub index_code: Option<&'a str>,
    /// Language of labels.
    pub lang: Lang,
}

fn to_i32(d: Decimal) -> i32 {
    let r = round_half_up(d, 0);
    i32::try_from(i64::try_from(r).unwrap_or(0)).unwrap_or(0)
}

/// Maps `v` in `[v0, v1]` to `[p0, p1]`.
fn scale(v: Decimal, v0: Decimal, v1: Decimal, p0: i32, p1: i32) -> i32 {
    if v1 == v0 {
        return (p0 + p1) / 2;
    }
    to_i32(Decimal::from(p0) + (v - v0) * Decimal::from(p1 - p0) / (v1 - v0))
}

struct Frame {
    d0: i32,
    d1: i32,
    p0: Decimal,
    p1: Decimal,
    g: Geometry,
    right: i32,
}

impl Frame {
    fn x(&self, d: Date) -> i32 {
        scale(
            Decimal::from(d.day_number()),
            Decimal::from(self.d0),
            Decimal::from(self.d1),
            self.g.left,
            self.right,
        )
    }

    fn y(&self, p: Decimal) -> i32 {
        scale(p, self.p0, self.p1, self.g.bottom, self.g.top)
    }
}

/// A round range and step for values from `lo` to `hi`, padded a little.
fn axis(lo: Decimal, hi: Decimal, floor_zero: bool) -> (Decimal, Decimal, Decimal) {
    let span = (hi - lo).max(Decimal::new(1, 2));
    let step = nice_step(span);
    let p0 = ((lo - span / Decimal::from(20)) / step).floor() * step;
    let p1 = ((hi + span / Decimal::from(20)) / step).ceil() * step;
    (if floor_zero { p0.max(Decimal::ZERO) } else { p0 }, p1, step)
}

/// The ticks of an axis from `p0` to `p1` by `step`, at `y(v)`.
fn ticks(
    p0: Decimal,
    p1: Decimal,
    step: Decimal,
    y: impl Fn(Decimal) -> i32,
) -> Vec<(i32, String)> {
    let mut out = Vec::new();
    let mut v = (p0 / step).ceil() * step;
    while v <= p1 {
        out.push((y(v), format::group(&v.normalize().to_string())));
        v += step;
    }
    out
}

/// Lays the chart out for a wide screen and for a phone.
pub fn layouts(input: &ChartInput<'_>) -> (Chart, Chart) {
    (layout(input, WIDE), layout(input, NARROW))
}

/// Lays the chart out in `g`.
pub fn layout(input: &ChartInput<'_>, g: Geometry) -> Chart {
    let lang = input.lang;
    let priced: Vec<&Trade> = input
        .trades
        .iter()
        .copied()
        .filter(|t| matches!(t.kind, Kind::Buy | Kind::Sell | Kind::Rights) && t.price.is_some())
        .collect();
    // The date range: the trades and every segment's dates, padded.
    let mut days: Vec<i32> = input.trades.iter().map(|t| t.date.day_number()).collect();
    for s in input.segments {
        days.extend([s.implementation_date, s.disclosure_date, s.base_date].map(Date::day_number));
    }
    let (Some(&first), Some(&last)) = (days.iter().min(), days.iter().max()) else {
        return Chart::default();
    };
    let pad = ((last - first) / 20).max(5);
    let (d0, d1) = (first - pad, last + pad);
    let in_range = |d: Date| (d0..=d1).contains(&d.day_number());
    // Closes and the rescaled index, within the range.
    let closes: Vec<(Date, Decimal)> = input
        .market
        .map(|m| m.bars.iter().filter(|b| in_range(b.date)).map(|b| (b.date, b.close.0)).collect())
        .unwrap_or_default();
    // The index, on its own scale.
    let index: Vec<(Date, Decimal)> = match (input.indices, input.index_code) {
        (Some(data), Some(code)) => data
            .series
            .get(code)
            .map(|s| {
                bin_last(
                    s.iter().filter(|(d, _)| in_range(*d)).map(|(d, c)| (*d, c.0)),
                    Date::day_number,
                )
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    // The price range: trades, closes, Pb and B.
    let mut prices: Vec<Decimal> = priced.iter().filter_map(|t| t.price.map(|p| p.0)).collect();
    prices.extend(closes.iter().map(|c| c.1));
    for s in input.segments {
        prices.push(s.base_price.0);
        prices.extend(s.buy_average.map(|b| b.0));
    }
    let lo = prices.iter().copied().min().unwrap_or(Decimal::ZERO);
    let hi = prices.iter().copied().max().unwrap_or(Decimal::ONE);
    let (p0, p1, step) = axis(lo, hi, true);
    let right = if index.is_empty() { g.right } else { g.right_with_index };
    // The dates' labels first: when the lines above the plot cannot hold them apart from
    // each other and the axis titles, the plot starts lower.
    let titles_y = g.top - 42;
    let price_title = t(lang, K::ChartPriceAxis);
    let index_title = if index.is_empty() {
        String::new()
    } else {
        tr!(lang, "指数 {}（右轴）", "index {} (right axis)", input.index_code.unwrap_or_default())
    };
    let mut titles = vec![Box4(4, titles_y - 10, 4 + text_width(price_title), titles_y + 3)];
    if !index_title.is_empty() {
        let w = text_width(&index_title);
        titles.push(Box4(g.width - 4 - w, titles_y - 10, g.width - 4, titles_y + 3));
    }
    let several = input.segments.len() > 1;
    let mut dates: Vec<(i32, String, String)> = Vec::new();
    for s in input.segments {
        let suffix = if several { format!("·{}", s.id) } else { String::new() };
        for (label, d) in
            [("T0", s.implementation_date), ("T1", s.disclosure_date), ("Tb", s.base_date)]
        {
            let x = Frame { d0, d1, p0, p1, g, right }.x(d);
            dates.push((x, format!("{label}{suffix}"), d.to_string()));
        }
    }
    dates.sort_by_key(|d| d.0);
    let xs: Vec<(i32, i32)> = dates.iter().map(|d| (d.0, text_width(&d.1))).collect();
    let bounds = (g.left, right, g.width);
    let (top, spots) = (0..=12)
        .find_map(|extra| {
            let top = g.top + extra * LINE;
            place_dates(&xs, top, bounds, &titles, true).map(|p| (top, p))
        })
        .unwrap_or_else(|| {
            (g.top, place_dates(&xs, g.top, bounds, &titles, false).unwrap_or_default())
        });
    let g = Geometry { top, ..g };
    let f = Frame { d0, d1, p0, p1, g, right };

    let mut chart = Chart {
        width: g.width,
        height: g.height,
        plot: (g.left, g.top, right, g.bottom),
        holdings_band: (g.band_top, g.band_bottom),
        ..Chart::default()
    };
    chart.titles.price = price_title.to_owned();
    chart.titles_y = titles_y;
    chart.titles.holding = t(lang, K::ChartHoldingAxis).to_owned();
    chart.titles.date = t(lang, K::ChartDateAxis).to_owned();
    // Ticks.
    chart.y_ticks = ticks(p0, p1, step, |v| f.y(v));
    chart.x_ticks =
        month_ticks(d0, d1, g.x_ticks).into_iter().map(|(d, label)| (f.x(d), label)).collect();
    if !index.is_empty() {
        let lo = index.iter().map(|c| c.1).min().unwrap_or_default();
        let hi = index.iter().map(|c| c.1).max().unwrap_or_default();
        let (i0, i1, istep) = axis(lo, hi, false);
        let y = |v: Decimal| scale(v, i0, i1, g.bottom, g.top);
        chart.index_ticks = ticks(i0, i1, istep, y);
        chart.index = path(index.iter().map(|(d, c)| (f.x(*d), y(*c))));
        let code = input.index_code.unwrap_or_default();
        chart.index_label = code.to_owned();
        chart.titles.index = index_title;
    }
    // Marks.
    chart.marks = marks(&priced, &f, lang);
    // Lines.
    chart.close = path(closes.iter().map(|(d, c)| (f.x(*d), f.y(*c))));
    let (holdings, max) = holdings(input, &f);
    chart.holdings = holdings;
    // The holding's largest value names the top of its band: on the line above the band,
    // at its right end (the axis title is at its left), where no axis narrows it.
    chart.holdings_max =
        tr!(lang, "最多 {}", "at most {}", i18n::shares(lang, &format::shares(max)));
    chart.holdings_label = (right, g.band_top - 6, true);
    // Dates, placed above; levels at the plot's left, above their line, or below it when
    // too close to the level above.
    for ((x, label, date), (label_x, label_y, anchor)) in dates.into_iter().zip(spots) {
        chart.dates.push(DateLabel { x, label, date, label_x, label_y, anchor });
    }
    let mut levels: Vec<(i32, String, String)> = Vec::new();
    for s in input.segments {
        let suffix = if several { format!("·{}", s.id) } else { String::new() };
        levels.push((
            f.y(s.base_price.0),
            format!("Pb{suffix}"),
            i18n::price(lang, &format::price(s.base_price.0)),
        ));
        if let Some(b) = s.buy_average {
            levels.push((f.y(b.0), format!("B{suffix}"), i18n::price(lang, &format::price(b.0))));
        }
    }
    levels.sort_by_key(|l| l.0);
    let mut taken: Vec<Box4> = Vec::new();
    let mut last_label: Option<i32> = None;
    for (y, label, value) in levels {
        let width = text_width(&label) + text_width(&value) + TEXT_WIDTH.0;
        // At the plot's left above the line, then at its right, then below the line at
        // either end: the first place off every mark and every label already placed.
        let candidates = [(false, y - 4), (true, y - 4), (false, y + LINE), (true, y + LINE)];
        let fits = |&(end, label_y): &(bool, i32)| {
            let b = label_box(&f, end, label_y, width);
            b.1 >= g.top - 2
                && b.3 <= g.bottom
                && !chart.marks.iter().any(|m| b.meets(&mark_box(m)))
                && !taken.iter().any(|t| b.meets(t))
        };
        let (end, label_y) = candidates.iter().copied().find(fits).unwrap_or_else(|| {
            // Crowded: above the line, a line below the previous label (as before).
            let above = y - 4;
            match last_label {
                Some(prev) if above - prev < LINE => (false, prev + LINE),
                _ => (false, above),
            }
        });
        last_label = Some(label_y);
        taken.push(label_box(&f, end, label_y, width));
        let x = if end { right - 4 } else { g.left + 4 };
        chart.levels.push(Level { y, label, value, x, end, label_y });
    }
    let buys = priced.iter().filter(|t| t.kind != Kind::Sell).count();
    let sells = priced.len() - buys;
    let first_seg = &input.segments[..input.segments.len().min(1)];
    chart.description = describe(lang, buys, sells, input.trades, first_seg, !closes.is_empty());
    chart
}

/// The widths a label's characters take at the chart's 11 px, at most: a Latin letter,
/// digit or space, and anything else (CJK, ¥).
const TEXT_WIDTH: (i32, i32) = (7, 11);

/// The width `text` takes, at most.
fn text_width(text: &str) -> i32 {
    text.chars().map(|c| if c.is_ascii() { TEXT_WIDTH.0 } else { TEXT_WIDTH.1 }).sum()
}

/// A box: left, top, right, bottom.
#[derive(Clone, Copy, Debug)]
struct Box4(i32, i32, i32, i32);

impl Box4 {
    fn meets(&self, o: &Box4) -> bool {
        self.0 < o.2 && o.0 < self.2 && self.1 < o.3 && o.1 < self.3
    }
}

/// Places the dates' labels (x of each line and width of its label, in order of x) on
/// the lines above a plot starting at `top`: on the lowest line where the label, centred
/// over its line or else beside it, meets no label placed, no axis title and no tick's
/// label, and stays inside the chart (`bounds`: the plot's left and right, the chart's
/// width); where it can, it covers no other date's line either (one that does is drawn
/// over it, its halo hiding the line). Each label's x, baseline and anchor; none when
/// they need more lines than there are above `top` (unless not `strict`: then as many
/// as they need).
fn place_dates(
    xs: &[(i32, i32)],
    top: i32,
    bounds: (i32, i32, i32),
    titles: &[Box4],
    strict: bool,
) -> Option<Vec<(i32, i32, Anchor)>> {
    // A label's box with a margin, so that neighbours keep a little apart.
    const GAP: i32 = 2;
    // The ticks' labels beside the plot's top (the price's at its left, the index's at its
    // right) and the axis titles.
    let mut taken =
        vec![Box4(0, top - 6, bounds.0, top + 7), Box4(bounds.1, top - 6, bounds.2, top + 7)];
    taken.extend_from_slice(titles);
    let lines = if strict { (top - 6 - 10) / LINE + 1 } else { 40 };
    let mut out = Vec::new();
    for &(x, w) in xs {
        let spot = |line: i32, clear_of_lines: bool| {
            let y = top - 6 - line * LINE;
            let candidates = [
                (Anchor::Middle, x, x - w / 2),
                (Anchor::Start, x + 3, x + 3),
                (Anchor::End, x - 3, x - 3 - w),
            ];
            candidates.into_iter().find_map(|(anchor, label_x, x0)| {
                let b = Box4(x0 - GAP, y - 10, x0 + w + GAP, y + 3);
                let fits = x0 >= 0
                    && x0 + w <= bounds.2
                    && !(clear_of_lines
                        && xs.iter().any(|&(o, _)| o != x && b.0 <= o + 1 && o - 1 <= b.2))
                    && !taken.iter().any(|o| b.meets(o));
                fits.then_some((label_x, y, anchor, b))
            })
        };
        let found = [true, false]
            .into_iter()
            .find_map(|clear| (0..lines).find_map(|line| spot(line, clear)));
        let (label_x, y, anchor, b) = match found {
            Some(f) => f,
            None if strict => return None,
            // Wider than the chart: centred, above the others.
            None => {
                let y = top - 6 - lines * LINE;
                (x, y, Anchor::Middle, Box4(x - w / 2, y - 10, x + w / 2, y + 3))
            }
        };
        taken.push(b);
        out.push((label_x, y, anchor));
    }
    Some(out)
}

/// The box of a level's label: at the plot's left (start) or right (end), its baseline at
/// `label_y`.
fn label_box(f: &Frame, end: bool, label_y: i32, width: i32) -> Box4 {
    let (x0, x1) =
        if end { (f.right - 4 - width, f.right - 4) } else { (f.g.left + 4, f.g.left + 4 + width) };
    Box4(x0, label_y - 10, x1, label_y + 3)
}

/// The box of a trade's mark.
fn mark_box(m: &Mark) -> Box4 {
    Box4(m.x - m.r, m.y - m.r, m.x + m.r, m.y + m.r)
}

fn describe(
    lang: Lang,
    buys: usize,
    sells: usize,
    trades: &[&Trade],
    seg: &[SegmentResult],
    has_closes: bool,
) -> String {
    let mut s =
        tr!(lang, "图表：{} 笔买入、{} 笔卖出", "Chart: {} purchases and {} sales", buys, sells);
    if let (Some(a), Some(b)) = (trades.first(), trades.last()) {
        s.push_str(&tr!(lang, "，{} 至 {}", ", from {} to {}", a.date, b.date));
    }
    if let Some(g) = seg.first() {
        s.push_str(&tr!(
            lang,
            "。实施日 {}，揭露日 {}，基准日 {}，基准价 {}",
            ". Implementation date {}, disclosure date {}, base date {}, base price {}",
            g.implementation_date,
            g.disclosure_date,
            g.base_date,
            i18n::price(lang, &format::price(g.base_price.0))
        ));
    }
    if has_closes {
        s.push_str(lang.pick("；并绘出收盘价", "; daily closes are drawn"));
    }
    s.push_str(lang.pick("。", "."));
    s
}

/// Keeps at most one point per day bucket when there are many (the last of each).
fn bin_last<I: Iterator<Item = (Date, Decimal)>>(
    points: I,
    key: impl Fn(Date) -> i32,
) -> Vec<(Date, Decimal)> {
    let mut out: Vec<(Date, Decimal)> = Vec::new();
    for (d, v) in points {
        match out.last_mut() {
            Some(last) if key(last.0) == key(d) => *last = (d, v),
            _ => out.push((d, v)),
        }
    }
    out
}

fn path(points: impl Iterator<Item = (i32, i32)>) -> String {
    let mut s = String::new();
    let mut last_x = None;
    for (x, y) in points {
        if last_x == Some(x) {
            continue; // one point per column is enough
        }
        let cmd = if s.is_empty() { 'M' } else { 'L' };
        let _ = write!(s, "{cmd}{x} {y}");
        last_x = Some(x);
    }
    s
}

fn nice_step(span: Decimal) -> Decimal {
    let target = span / Decimal::from(5);
    let mut unit = Decimal::new(1, 2);
    loop {
        for m in [1, 2, 5] {
            let step = unit * Decimal::from(m);
            if step >= target {
                return step;
            }
        }
        unit *= Decimal::TEN;
        if unit > Decimal::from(1_000_000_000) {
            return unit;
        }
    }
}

fn month_ticks(d0: i32, d1: i32, at_most: i32) -> Vec<(Date, String)> {
    let (y0, m0, _) = Date::from_day_number(d0).ymd();
    let (y1, m1, _) = Date::from_day_number(d1).ymd();
    let months = (y1 - y0) * 12 + i32::try_from(m1).unwrap_or(1) - i32::try_from(m0).unwrap_or(1);
    let step =
        [1, 2, 3, 6, 12, 24, 60, 120].into_iter().find(|s| months / s < at_most).unwrap_or(240);
    let mut out = Vec::new();
    let (mut y, mut m) = (y0, m0);
    for _ in 0..1200 {
        if let Some(d) = Date::from_ymd(y, m, 1) {
            let n = d.day_number();
            if n > d1 {
                break;
            }
            let index = y * 12 + i32::try_from(m).unwrap_or(1) - 1;
            if n >= d0 && index % step == 0 {
                let label = if step >= 12 { y.to_string() } else { format!("{y}-{m:02}") };
                out.push((d, label));
            }
        }
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
    out
}

fn marks(priced: &[&Trade], f: &Frame, lang: Lang) -> Vec<Mark> {
    let qmax = priced.iter().map(|t| t.quantity).max().unwrap_or(1).max(1);
    let radius = |q: u64| -> i32 {
        let scaled = q.saturating_mul(36) / qmax;
        3 + i32::try_from(scaled.isqrt()).unwrap_or(6)
    };
    if priced.len() <= MAX_MARKS {
        return priced
            .iter()
            .map(|t| {
                let p = t.price.map(|p| p.0).unwrap_or_default();
                Mark {
                    x: f.x(t.date),
                    y: f.y(p),
                    buy: t.kind != Kind::Sell,
                    r: radius(t.quantity),
                    title: format!(
                        "{} {} {} @ {}",
                        t.date,
                        i18n::kind(lang, t.kind),
                        i18n::shares(lang, &format::shares(Decimal::from(t.quantity))),
                        i18n::price(lang, &format::group(&p.to_string()))
                    ),
                }
            })
            .collect();
    }
    // Bin by column and side: total quantity, quantity-weighted price.
    struct Bin {
        x: i32,
        buy: bool,
        n: u32,
        q: u64,
        pq: Decimal,
        first: Date,
        last: Date,
    }
    let mut bins: Vec<Bin> = Vec::new();
    for t in priced {
        let x = f.x(t.date);
        let buy = t.kind != Kind::Sell;
        let p = t.price.map(|p| p.0).unwrap_or_default();
        match bins.iter_mut().rev().take(2).find(|b| b.x == x && b.buy == buy) {
            Some(b) => {
                b.n += 1;
                b.q = b.q.saturating_add(t.quantity);
                b.pq += p * Decimal::from(t.quantity);
                b.last = t.date;
            }
            None => bins.push(Bin {
                x,
                buy,
                n: 1,
                q: t.quantity,
                pq: p * Decimal::from(t.quantity),
                first: t.date,
                last: t.date,
            }),
        }
    }
    let qmax = bins.iter().map(|b| b.q).max().unwrap_or(1).max(1);
    bins.into_iter()
        .map(|b| {
            let avg = if b.q == 0 { Decimal::ZERO } else { b.pq / Decimal::from(b.q) };
            let scaled = b.q.saturating_mul(36) / qmax;
            Mark {
                x: b.x,
                y: f.y(avg),
                buy: b.buy,
                r: 3 + i32::try_from(scaled.isqrt()).unwrap_or(6),
                title: tr!(
                    lang,
                    "{} 至 {}：{} 笔{}，共 {}，均价 {}",
                    "{} to {}: {} {}s, {} in all, average {}",
                    b.first,
                    b.last,
                    b.n,
                    t(lang, if b.buy { K::KindBuy } else { K::KindSell }),
                    i18n::shares(lang, &format::shares(Decimal::from(b.q))),
                    i18n::price(lang, &format::price(avg))
                ),
            }
        })
        .collect()
}

fn holdings(input: &ChartInput<'_>, f: &Frame) -> (String, Decimal) {
    let mut pos = input.opening;
    let mut points: Vec<(i32, Decimal)> = vec![(f.g.left, pos)];
    for t in input.trades {
        let q = Decimal::from(t.quantity);
        match t.kind {
            Kind::Buy | Kind::Rights | Kind::Bonus | Kind::TransferIn => pos += q,
            Kind::Sell | Kind::TransferOut => pos -= q,
            Kind::Dividend | Kind::Other => continue,
        }
        let x = f.x(t.date);
        match points.last_mut() {
            Some(last) if last.0 == x => last.1 = pos,
            _ => points.push((x, pos)),
        }
    }
    let max = points.iter().map(|p| p.1).max().unwrap_or(Decimal::ZERO).max(Decimal::ONE);
    let y =
        |v: Decimal| scale(v.max(Decimal::ZERO), Decimal::ZERO, max, f.g.band_bottom, f.g.band_top);
    let mut s = String::new();
    for (i, (x, v)) in points.iter().enumerate() {
        if i == 0 {
            let _ = write!(s, "M{x} {}", y(*v));
        } else {
            let _ = write!(s, "H{x}V{}", y(*v));
        }
    }
    let _ = write!(s, "H{}", f.right);
    (s, max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_round_numbers() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(nice_step(d("7")), d("2"));
        assert_eq!(nice_step(d("0.3")), d("0.1"));
        assert_eq!(nice_step(d("2400")), d("500"));
    }

    #[test]
    fn month_ticks_are_at_most_six() {
        let a = "2021-01-05".parse::<Date>().unwrap().day_number();
        let b = "2021-07-20".parse::<Date>().unwrap().day_number();
        let ticks = month_ticks(a, b, 6);
        assert!(ticks.len() <= 6 && ticks.len() >= 3, "{ticks:?}");
        assert_eq!(ticks[0].1, "2021-03");
        assert!(month_ticks(a, b, 3).len() <= 3);
        let b = "2031-07-20".parse::<Date>().unwrap().day_number();
        let ticks = month_ticks(a, b, 6);
        assert!(ticks.len() <= 6, "{ticks:?}");
        assert!(ticks.iter().all(|t| t.1.len() == 4), "{ticks:?}");
    }

    #[test]
    fn scale_maps_the_ends() {
        let d = Decimal::from;
        assert_eq!(scale(d(0), d(0), d(10), 100, 200), 100);
        assert_eq!(scale(d(10), d(0), d(10), 100, 200), 200);
        assert_eq!(scale(d(5), d(0), d(10), 200, 100), 150);
        assert_eq!(scale(d(5), d(5), d(5), 200, 100), 150);
    }

    #[test]
    fn paths_keep_one_point_per_column() {
        assert_eq!(path([(1, 2), (1, 3), (2, 4)].into_iter()), "M1 2L2 4");
    }
}
