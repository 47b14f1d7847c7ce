//! The walk through one segment's history: FIFO layers, eligible shares and the two
//! parts of the loss (rules.md §3, §4 and §6).
//!
//! The input rows are already merged, ordered and adjusted for ex-rights events. Each
//! row carries its values on every channel (price, and when needed its day number and
//! index closes) so that the buy average, the buy date and the index cost come out of
//! the same formula.

use rust_decimal::Decimal;

use crate::case::{Direction, Method};
use crate::date::Date;
use crate::report::{Layer, Phase};
use crate::trade::Kind;

use super::average::{Averager, snap};

/// One row as the walk sees it.
#[derive(Clone, Debug)]
pub struct Row {
    /// Trade date.
    pub date: Date,
    /// What the row does.
    pub kind: Kind,
    /// Adjusted quantity.
    pub qty: Decimal,
    /// True for a bonus row that was not turned into an adjustment (no holding to
    /// attribute it to): its shares enter `pre` at no cost.
    pub unattributed_bonus: bool,
}

/// What the walk did to one row.
#[derive(Clone, Debug, Default)]
pub struct Effect {
    /// Layer a purchase entered (long).
    pub layer: Option<Layer>,
    /// Shares a sell took from each layer (long).
    pub from_pre: Decimal,
    /// See `from_pre`.
    pub from_window: Decimal,
    /// See `from_pre`.
    pub from_post: Decimal,
    /// Change of the eligible position.
    pub eligible_change: Decimal,
    /// Shares counted in the first part (sold / bought back in the settlement period).
    pub counted: Decimal,
    /// For a row that changed the eligible layer in the window: the layer's size and its
    /// average price right after the row.
    pub after: Option<(Decimal, Option<Decimal>)>,
}

/// The segment's dates.
#[derive(Clone, Copy, Debug)]
pub struct Dates {
    /// `T0`.
    pub t0: Date,
    /// `T1`.
    pub t1: Date,
    /// `Tb`.
    pub tb: Date,
}

impl Dates {
    /// The phase of a date.
    pub fn phase(&self, d: Date) -> Phase {
        if d < self.t0 {
            Phase::Before
        } else if d < self.t1 {
            Phase::Window
        } else if d <= self.tb {
            Phase::Settlement
        } else {
            Phase::After
        }
    }
}

/// What the walk found.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// `E`.
    pub eligible: Decimal,
    /// The entry averages per channel at `T1` (`B`, or `A` for short); `None` when `E = 0`.
    pub entry: Option<Vec<Decimal>>,
    /// Numerator and denominator of the price channel (weighted / actual-cost).
    pub entry_sums: (Decimal, Decimal),
    /// Shares in the first part (`S`, or `R` for short).
    pub exit_qty: Decimal,
    /// Σ quantity × value per channel over the first part.
    pub exit_sums: Vec<Decimal>,
    /// Per row, when asked for.
    pub effects: Vec<Effect>,
}

/// How to walk.
#[derive(Clone, Copy, Debug)]
pub struct Params {
    /// Shares held before the first row (adjusted).
    pub opening: Decimal,
    /// The segment's dates.
    pub dates: Dates,
    /// 诱多 or 诱空.
    pub direction: Direction,
    /// The average method.
    pub method: Method,
    /// Values per row.
    pub channels: usize,
    /// Whether to record each row's effect.
    pub detail: bool,
}

/// The eligible layer at the close before `T1`.
#[derive(Clone, Debug)]
struct Snapshot {
    qty: Decimal,
    averages: Option<Vec<Decimal>>,
    sums: (Decimal, Decimal),
}

impl Snapshot {
    fn of(a: &Averager) -> Snapshot {
        Snapshot { qty: a.quantity(), averages: a.averages(), sums: a.sums() }
    }
}

/// Walks the rows. `values(i, out)` writes row `i`'s channel values into `out`.
pub fn walk(
    rows: &[Row],
    params: &Params,
    values: &mut dyn FnMut(usize, &mut [Decimal]),
) -> Outcome {
    match params.direction {
        Direction::Long => walk_long(rows, params, values),
        Direction::Short => walk_short(rows, params, values),
    }
}

fn walk_long(
    rows: &[Row],
    params: &Params,
    values: &mut dyn FnMut(usize, &mut [Decimal]),
) -> Outcome {
    let Params { opening, dates, method, channels, detail, .. } = *params;
    let mut pre = opening;
    let mut window = Averager::new(method, channels);
    let mut post = Decimal::ZERO;
    let mut snapshot: Option<Snapshot> = None;
    let mut exit_qty = Decimal::ZERO;
    let mut exit_sums = vec![Decimal::ZERO; channels];
    let mut effects = Vec::with_capacity(if detail { rows.len() } else { 0 });
    let mut vals = vec![Decimal::ZERO; channels];

    for (i, row) in rows.iter().enumerate() {
        let phase = dates.phase(row.date);
        if snapshot.is_none() && row.date >= dates.t1 {
            snapshot = Some(Snapshot::of(&window));
        }
        if phase == Phase::After {
            // Nothing after Tb changes E, S or H: sells then are measured at Pb.
            if detail {
                effects.push(Effect::default());
            }
            continue;
        }
        let mut fx = Effect::default();
        let n = row.qty;
        match row.kind {
            Kind::Buy | Kind::Rights => match phase {
                Phase::Before => {
                    pre += n;
                    fx.layer = Some(Layer::Pre);
                }
                Phase::Window => {
                    values(i, &mut vals);
                    window.add(n, &vals);
                    fx.layer = Some(Layer::Window);
                    fx.eligible_change = n;
                    if detail {
                        fx.after = Some((window.quantity(), window.price_average()));
                    }
                }
                _ => {
                    post += n;
                    fx.layer = Some(Layer::Post);
                }
            },
            Kind::Sell => {
                let from_pre = n.min(pre);
                pre = snap(pre - from_pre);
                let from_window = (n - from_pre).min(window.quantity());
                if from_window > Decimal::ZERO {
                    if phase == Phase::Window {
                        values(i, &mut vals);
                        window.remove(from_window, &vals);
                        fx.eligible_change = -from_window;
                        if detail {
                            fx.after = Some((window.quantity(), window.price_average()));
                        }
                    } else {
                        // Settlement period: eligible shares sold (the layer's average no
                        // longer matters after the snapshot at T1).
                        values(i, &mut vals);
                        window.remove(from_window, &vals);
                        exit_qty += from_window;
                        for (s, v) in exit_sums.iter_mut().zip(&vals) {
                            *s += from_window * *v;
                        }
                        fx.counted = from_window;
                    }
                }
                let from_post = (n - from_pre - from_window).min(post);
                post = snap(post - from_post);
                fx.from_pre = from_pre;
                fx.from_window = from_window;
                fx.from_post = from_post;
            }
            Kind::Bonus if row.unattributed_bonus => {
                pre += n;
                fx.layer = Some(Layer::Pre);
            }
            _ => {}
        }
        if detail {
            effects.push(fx);
        }
    }
    let snap = snapshot.unwrap_or_else(|| Snapshot::of(&window));
    Outcome {
        eligible: snap.qty,
        entry: snap.averages,
        entry_sums: snap.sums,
        exit_qty,
        exit_sums,
        effects,
    }
}

fn walk_short(
    rows: &[Row],
    params: &Params,
    values: &mut dyn FnMut(usize, &mut [Decimal]),
) -> Outcome {
    let Params { dates, method, channels, detail, .. } = *params;
    let mut short = Averager::new(method, channels);
    let mut snapshot: Option<Snapshot> = None;
    let mut exit_qty = Decimal::ZERO;
    let mut exit_sums = vec![Decimal::ZERO; channels];
    let mut effects = Vec::with_capacity(if detail { rows.len() } else { 0 });
    let mut vals = vec![Decimal::ZERO; channels];

    for (i, row) in rows.iter().enumerate() {
        let phase = dates.phase(row.date);
        if snapshot.is_none() && row.date >= dates.t1 {
            snapshot = Some(Snapshot::of(&short));
        }
        let mut fx = Effect::default();
        let n = row.qty;
        match (phase, row.kind) {
            (Phase::Window, Kind::Sell) => {
                values(i, &mut vals);
                short.add(n, &vals);
                fx.eligible_change = n;
                if detail {
                    fx.after = Some((short.quantity(), short.price_average()));
                }
            }
            (Phase::Window, Kind::Buy | Kind::Rights) => {
                // Window buys first re-purchase the eligible short position.
                let x = n.min(short.quantity());
                if x > Decimal::ZERO {
                    values(i, &mut vals);
                    short.remove(x, &vals);
                    fx.eligible_change = -x;
                    if detail {
                        fx.after = Some((short.quantity(), short.price_average()));
                    }
                }
            }
            (Phase::Settlement, Kind::Buy | Kind::Rights) => {
                let eligible = snapshot.as_ref().map_or(Decimal::ZERO, |s| s.qty);
                let x = n.min(eligible - exit_qty);
                if x > Decimal::ZERO {
                    values(i, &mut vals);
                    exit_qty += x;
                    for (s, v) in exit_sums.iter_mut().zip(&vals) {
                        *s += x * *v;
                    }
                    fx.counted = x;
                }
            }
            _ => {}
        }
        if detail {
            effects.push(fx);
        }
    }
    let snap = snapshot.unwrap_or_else(|| Snapshot::of(&short));
    Outcome {
        eligible: snap.qty,
        entry: snap.averages,
        entry_sums: snap.sums,
        exit_qty,
        exit_sums,
        effects,
    }
}
