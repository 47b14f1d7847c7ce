//! The batch's short path: an investor of plain buys and sells under a plain case,
//! computed with the very operations of [`redress::estimate`] and nothing else.
//!
//! `estimate` builds everything a person needs to check a result: every trade's effect,
//! the rules used, warnings with their messages, the explanation, in owned strings and
//! vectors. The batch keeps fifteen numbers per segment of it, and for most investors of
//! most cases the work behind those numbers is a few additions of whole shares and, per
//! purchase in the window, one exact-decimal average. This module does that work alone:
//! cells parsed in place into whole shares, day numbers and prices, the walk of rules.md
//! §3 in integer shares, and every non-integer value computed by the same [`Decimal`]
//! operations, in the same order, as `redress::calc` (the averages by the core's own
//! [`Averager`], amounts carried by the core's own [`carry`]), so the figures are the
//! same numbers with the same scale, and print as the same bytes. After the two parts of
//! the loss, the same operations are done on exact integers ([`Exact`]) wherever
//! `Decimal`'s would be exact too (results within its 96 bits and 28 places, which
//! amounts of any real investor are), and by `Decimal` where they might not be: the same
//! values either way.
//!
//! Anything else takes the long path, `estimate` itself: a case with a short segment,
//! market data, interest, an index-based deduction or corporate actions ([`Plan::new`]
//! says no), and an investor with any row that is not a buy or sell written in the
//! canonical form, with any value outside the core's limits, or with a sell beyond the
//! known position ([`Plan::compute`] says no). The tests run both paths on the same
//! investors and compare every byte (`tests/batch.rs` and the tests below).

use std::sync::LazyLock;

use redress::calc::average::Averager;
use redress::calc::limits::{MAX_PRICE, MAX_QUANTITY, MIN_PRICE};
use redress::calc::statutory_stamp_duty;
use redress::case::{Combine, Direction, FeesOn, Method, Netting, Regime, SystemicMethod};
use redress::market::{IndexData, MarketData};
use redress::money::{Decimal, round_average};
use redress::{Case, Date, Options};

#[cfg(test)]
use super::input::plain_fields;
use super::input::{FIELDS, place};
use super::render::SegmentColumns;

/// What the case asks, resolved once for every investor.
pub struct Plan {
    method: Method,
    combine: Combine,
    netting: Netting,
    fees_on: FeesOn,
    /// The systemic ratio of both parts (zero without a deduction) times its scale: the
    /// product the core makes first for each part.
    k_scale: Decimal,
    non_systemic: Decimal,
    min_compensation: Decimal,
    commission_rate: Decimal,
    segments: Vec<SegmentPlan>,
    /// The columns of a segment without eligible shares ([`Plan::nothing`]), written.
    nothing: Vec<u8>,
}

struct SegmentPlan {
    t0: i32,
    t1: i32,
    tb: i32,
    pb: Decimal,
    stamp_rate: Decimal,
}

/// One row as read: its investor, its line, where its cells are, and the values of its
/// cells when they are all in the form the short path reads ([`Row::plain`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row<'a> {
    /// The investor's id (trimmed; never empty).
    pub investor: &'a [u8],
    /// Its line in the file.
    pub line: u32,
    /// Where its cells are read again for the long path: the offset of its line in a
    /// plain chunk, its record's number in a quoted one.
    pub source: u32,
    /// Whether every cell is in the form the short path reads (see [`fill`]).
    pub plain: bool,
    account: &'a [u8],
    day: i32,
    /// Seconds after midnight (a row without a time counts as the start of its day).
    time: u32,
    buy: bool,
    quantity: u64,
    /// The price as written: its digits and the number of them after the point.
    mantissa: u64,
    scale: u8,
}

impl<'a> Row<'a> {
    /// A row before its cells: plain as far as it goes (an absent time or account is an
    /// empty one; the other cells must be filled).
    fn new(line: u32, source: u32, default_account: &'a [u8]) -> Row<'a> {
        Row {
            investor: &[],
            line,
            source,
            plain: true,
            account: default_account,
            day: 0,
            time: 0,
            buy: false,
            quantity: 0,
            mantissa: 0,
            scale: 0,
        }
    }

    /// A row from its cells (`redress::canonical::COLUMNS`, then `investor`).
    pub fn read(
        fields: [&'a [u8]; FIELDS],
        default_account: &'a [u8],
        line: u32,
        source: u32,
    ) -> Row<'a> {
        let mut row = Row::new(line, source, default_account);
        for (f, cell) in fields.into_iter().enumerate() {
            row.plain &= fill(&mut row, f, cell, default_account);
        }
        row
    }

    /// The price, as `redress::money::parse_decimal` reads it.
    fn price(&self) -> Decimal {
        Decimal::from_i128_with_scale(i128::from(self.mantissa), u32::from(self.scale))
    }
}

/// What the short path reuses from one investor to the next.
#[derive(Default)]
pub struct Scratch {
    /// The segments' columns of the last investor computed.
    pub columns: Vec<u8>,
    /// A segment's purchases (`true`) and sales in the window: shares and price.
    events: Vec<(bool, u64, Decimal)>,
}

/// One investor's figures.
pub struct Figures {
    /// The compensation (sum or most favourable segment).
    pub compensation: Decimal,
    /// Whether some segment has no eligible shares (the warning `no-eligible-shares`).
    pub no_eligible: bool,
    /// Whether some segment has eligible shares.
    pub eligible: bool,
}

impl Plan {
    /// The plan, when every investor of the case can take the short path: long segments
    /// with a given base date and price, no corporate actions, no interest, no market
    /// data or index closes to check, a systemic deduction that is none or fixed, a stamp
    /// duty known at each base date, and a case ready to compute.
    pub fn new(
        case: &Case,
        options: &Options,
        market: Option<&MarketData>,
        indices: &IndexData,
    ) -> Option<Plan> {
        let r = &case.rules;
        let plain = market.is_none()
            && indices.series.is_empty()
            && !options.without_deductions
            && case.corporate_actions.is_empty()
            && r.interest_rate.is_none()
            && case.regime == Regime::Spc2022
            && matches!(r.systemic.method, SystemicMethod::None | SystemicMethod::Fixed)
            && case.check_ready(true).is_ok();
        if !plain {
            return None;
        }
        let segments = case
            .segments
            .iter()
            .map(|s| {
                let tb = s.base_date?;
                let stamp_rate = match r.stamp_duty_rate {
                    Some(rate) => rate.0,
                    None => statutory_stamp_duty(tb)?,
                };
                (s.direction == Direction::Long).then_some(SegmentPlan {
                    t0: s.implementation_date.day_number(),
                    t1: s.disclosure_date.day_number(),
                    tb: tb.day_number(),
                    pb: s.base_price?.0,
                    stamp_rate,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let k = match r.systemic.method {
            SystemicMethod::Fixed => r.systemic.ratio.map_or(Decimal::ZERO, |k| k.0),
            _ => Decimal::ZERO,
        };
        Some(Plan {
            method: options.method.unwrap_or(r.buy_average),
            combine: case.combine,
            netting: r.netting,
            fees_on: r.fees_on,
            k_scale: k * r.systemic.scale.0,
            non_systemic: r.non_systemic_ratio.0,
            min_compensation: r.min_compensation_ratio.0,
            commission_rate: r.commission_rate.0,
            segments,
            nothing: {
                let mut columns = Vec::new();
                Self::nothing().write(&mut columns);
                columns
            },
        })
    }

    /// One investor's figures from its rows (in input order; sorted here), each segment's
    /// columns written into `columns`, or `None` when the investor must take the long path.
    pub fn compute(&self, rows: &mut [Row<'_>], scratch: &mut Scratch) -> Option<Figures> {
        if !rows.iter().all(|r| r.plain) {
            return None;
        }
        // Accounts merged (rules.md §2): by date, time, account, then input order, as
        // `redress::trade::merge_accounts`. Rows usually come in that order already.
        let order = |a: &Row<'_>, b: &Row<'_>| {
            (a.day, a.time)
                .cmp(&(b.day, b.time))
                .then_with(|| a.account.cmp(b.account))
                .then(a.line.cmp(&b.line))
        };
        if !rows.windows(2).all(|w| order(&w[0], &w[1]).is_le()) {
            rows.sort_unstable_by(order);
        }
        // A sell beyond the known position means the history starts late: `estimate`
        // warns and adds the shortfall to the opening position.
        let mut position: u64 = 0;
        for r in rows.iter() {
            if r.buy {
                position += r.quantity;
            } else {
                position = position.checked_sub(r.quantity)?;
            }
        }
        scratch.columns.clear();
        let (mut no_eligible, mut eligible) = (false, false);
        // As `Iterator::sum` and `Iterator::max` (the last of equal maxima) combine them.
        let mut total = Decimal::ZERO;
        let mut best: Option<Decimal> = None;
        for s in &self.segments {
            let (segment, compensation, e) = self.segment(s, rows, &mut scratch.events);
            no_eligible |= e.is_zero();
            eligible |= e > Decimal::ZERO;
            match segment {
                Some(columns) => columns.write(&mut scratch.columns),
                None => scratch.columns.extend_from_slice(&self.nothing),
            }
            total += compensation;
            best = Some(best.map_or(compensation, |b| b.max(compensation)));
        }
        let compensation = match self.combine {
            Combine::Sum => total,
            Combine::Max => best.unwrap_or(Decimal::ZERO),
        };
        Some(Figures { compensation: round_yuan(compensation), no_eligible, eligible })
    }

    /// The columns of a segment without eligible shares.
    fn nothing() -> SegmentColumns {
        SegmentColumns {
            eligible: Decimal::ZERO,
            entry_average: None,
            exit_shares: Some(Decimal::ZERO),
            exit_average: None,
            rest: Decimal::ZERO,
            amounts: [Decimal::new(0, 2); 10],
        }
    }

    /// One long segment (rules.md §3, §4, §6, §8, §9): `redress::calc`'s walk and
    /// segment, step for step. Returns the columns (`None`: [`Plan::nothing`]), the
    /// compensation and `E`.
    fn segment(
        &self,
        s: &SegmentPlan,
        rows: &[Row<'_>],
        events: &mut Vec<(bool, u64, Decimal)>,
    ) -> (Option<SegmentColumns>, Decimal, Decimal) {
        // The walk (rules.md §3–4): three FIFO layers. The window's purchases and sales are
        // kept, and the average computed from them only when it is needed (below).
        let (mut pre, mut post, mut in_window) = (0u64, 0u64, 0u64);
        let mut snapshot: Option<u64> = None;
        let mut exit_qty = 0u64;
        let mut exit_sum = Decimal::ZERO;
        // The first event after the window layer last emptied.
        let mut restart = 0;
        events.clear();
        for r in rows {
            if snapshot.is_none() && r.day >= s.t1 {
                snapshot = Some(in_window);
            }
            if r.day > s.tb {
                continue;
            }
            let n = r.quantity;
            if r.buy {
                if r.day < s.t0 {
                    pre += n;
                } else if r.day < s.t1 {
                    events.push((true, n, r.price()));
                    in_window += n;
                } else {
                    post += n;
                }
            } else {
                let from_pre = n.min(pre);
                pre -= from_pre;
                let from_window = (n - from_pre).min(in_window);
                if from_window > 0 {
                    in_window -= from_window;
                    if r.day >= s.t1 {
                        // After T1 the layer's average no longer matters, only its shares.
                        let taken = Decimal::from(from_window);
                        exit_qty += from_window;
                        exit_sum += taken * r.price();
                    } else {
                        events.push((false, from_window, r.price()));
                        if in_window == 0 {
                            restart = events.len();
                        }
                    }
                }
                post -= (n - from_pre - from_window).min(post);
            }
        }
        let eligible = snapshot.unwrap_or(in_window);
        if eligible == 0 && exit_qty == 0 {
            // No eligible share: every step of `figures` gives zero, and every amount is
            // 0.00 (the same zeros to the same scale, `tests::no_eligible_share_is_nothing`).
            return (None, Decimal::new(0, 2), Decimal::ZERO);
        }
        // The average at T1 by the core's `Averager`, fed the window's events as
        // `calc::walk` feeds it. A moving average that emptied starts again as a new one
        // (`Averager::remove` resets it), so only the events after that matter.
        let from = if self.method == Method::MovingAverage { restart } else { 0 };
        let mut window = Averager::new(self.method, 1);
        for &(add, n, price) in &events[from..] {
            if add {
                window.add(Decimal::from(n), &[price]);
            } else {
                window.remove(Decimal::from(n), &[price]);
            }
        }
        // The price channel's average, as `averages()[0]` (without a vector for it).
        let (columns, compensation, e) =
            self.figures(s, eligible, window.price_average(), exit_qty, exit_sum);
        (Some(columns), compensation, e)
    }

    /// The loss, deductions and fees of a segment from what the walk found.
    fn figures(
        &self,
        s: &SegmentPlan,
        eligible: u64,
        entry: Option<Decimal>,
        exit_qty: u64,
        exit_sum: Decimal,
    ) -> (SegmentColumns, Decimal, Decimal) {
        // The two parts of the loss (rules.md §6), as `Calculation::segment` computes them
        // (without its factor of one for a long segment: `1 × x` is `x`, to the scale, and
        // a zero is zero either way).
        let e = Decimal::from(eligible);
        let entry_price = entry.filter(|_| e > Decimal::ZERO);
        let exit_qty = Decimal::from(exit_qty);
        let rest_qty = e - exit_qty;
        let exit_price = (exit_qty > Decimal::ZERO).then(|| exit_sum / exit_qty);
        let (loss_exit, loss_rest) = match entry_price {
            Some(b) => (
                carry(exit_price.map_or(Decimal::ZERO, |p| (b - p) * exit_qty)),
                carry((b - s.pb) * rest_qty),
            ),
            None => (Decimal::ZERO, Decimal::ZERO),
        };
        let amounts = self
            .amounts_exact(s, loss_exit, loss_rest)
            .unwrap_or_else(|| self.amounts(s, loss_exit, loss_rest));
        let compensation = amounts[9];
        let columns = SegmentColumns {
            eligible: e,
            entry_average: entry_price.map(round_average),
            exit_shares: Some(exit_qty),
            exit_average: exit_price.map(round_average),
            rest: rest_qty,
            amounts,
        };
        (columns, compensation, e)
    }

    /// The rest of a segment's figures from the two parts of its loss (rules.md §6, §8,
    /// §9), as `Calculation::segment` computes them: the ten amounts of its columns,
    /// rounded, the last its compensation.
    fn amounts(&self, s: &SegmentPlan, loss_exit: Decimal, loss_rest: Decimal) -> [Decimal; 10] {
        let loss = match self.netting {
            Netting::Net => (loss_exit + loss_rest).max(Decimal::ZERO),
            Netting::PerPart => loss_exit.max(Decimal::ZERO) + loss_rest.max(Decimal::ZERO),
        };
        // Deductions (rules.md §8.2).
        // Without one, each part's deduction is zero, and so is their sum.
        let d_sys = if self.k_scale.is_zero() {
            carry(Decimal::ZERO)
        } else {
            let parts_loss = [loss_exit, loss_rest];
            carry(
                parts_loss.iter().filter(|l| **l > Decimal::ZERO).map(|l| self.k_scale * *l).sum(),
            )
        };
        let c1 = (loss - d_sys).max(Decimal::ZERO);
        let systemic = loss - c1;
        let d_non = carry(self.non_systemic * c1);
        let floor = self.min_compensation * loss;
        let c = (c1 - d_non).max(floor);
        // Fees (rules.md §9); no interest.
        let fee_base = match self.fees_on {
            FeesOn::Compensable => c,
            FeesOn::Loss => loss,
        };
        let commission = carry(fee_base * self.commission_rate);
        let stamp = carry(fee_base * s.stamp_rate);
        let interest = Decimal::ZERO;
        // Each amount is rounded once and used twice: in the sum and in its column.
        let (c_fen, commission_fen, stamp_fen, interest_fen) =
            (round_yuan(c), round_yuan(commission), round_yuan(stamp), round_yuan(interest));
        let compensation = c_fen + commission_fen + stamp_fen + interest_fen;
        [
            round_yuan(loss_exit),
            round_yuan(loss_rest),
            round_yuan(loss),
            round_yuan(systemic),
            round_yuan(d_non),
            c_fen,
            commission_fen,
            stamp_fen,
            interest_fen,
            compensation,
        ]
    }

    /// [`Plan::amounts`] in integers: the same operations on the same values, each exact
    /// (sums, differences and products of a few numbers of few digits, and roundings),
    /// which is what `Decimal` gives while every result and every operand brought to a
    /// larger scale fits its 96 bits at a scale of at most 28. `None` when one would not:
    /// `Decimal` would round there, and [`Plan::amounts`] is asked instead.
    #[inline(always)]
    fn amounts_exact(
        &self,
        s: &SegmentPlan,
        loss_exit: Decimal,
        loss_rest: Decimal,
    ) -> Option<[Decimal; 10]> {
        let zero = Exact::ZERO;
        let (exit, rest) = (Exact::of(loss_exit), Exact::of(loss_rest));
        let loss = match self.netting {
            Netting::Net => exit.add(rest)?.max(zero)?,
            Netting::PerPart => exit.max(zero)?.add(rest.max(zero)?)?,
        };
        let d_sys = if self.k_scale.is_zero() {
            zero
        } else {
            let k_scale = Exact::of(self.k_scale);
            let mut sum = zero;
            for part in [exit, rest] {
                if part.m > 0 {
                    sum = sum.add(k_scale.mul(part)?)?;
                }
            }
            sum.round(12)?
        };
        let c1 = loss.sub(d_sys)?.max(zero)?;
        let systemic = loss.sub(c1)?;
        let d_non = Exact::of(self.non_systemic).mul(c1)?.round(12)?;
        let floor = Exact::of(self.min_compensation).mul(loss)?;
        let c = c1.sub(d_non)?.max(floor)?;
        let fee_base = match self.fees_on {
            FeesOn::Compensable => c,
            FeesOn::Loss => loss,
        };
        let commission = fee_base.mul(Exact::of(self.commission_rate))?.round(12)?;
        let stamp = fee_base.mul(Exact::of(s.stamp_rate))?.round(12)?;
        let fen = |x: Exact| x.round(2).and_then(|x| i64::try_from(x.m).ok());
        let (c_fen, commission_fen, stamp_fen) = (fen(c)?, fen(commission)?, fen(stamp)?);
        let yuan = |fen: i64| Decimal::new(fen, 2);
        Some([
            yuan(fen(exit)?),
            yuan(fen(rest)?),
            yuan(fen(loss)?),
            yuan(fen(systemic)?),
            yuan(fen(d_non)?),
            yuan(c_fen),
            yuan(commission_fen),
            yuan(stamp_fen),
            yuan(0),
            yuan(c_fen.checked_add(commission_fen)?.checked_add(stamp_fen)?),
        ])
    }
}

/// An exact decimal, `m × 10^-scale`, with `Decimal`'s bounds: each operation gives `None`
/// where `Decimal` would not be exact.
#[derive(Clone, Copy, Debug)]
struct Exact {
    m: i128,
    scale: u32,
}

impl Exact {
    const ZERO: Exact = Exact { m: 0, scale: 0 };

    #[inline(always)]
    fn of(d: Decimal) -> Exact {
        Exact { m: d.mantissa(), scale: d.scale() }
    }

    /// `magnitude` with the sign of `negative` at `scale`, when `Decimal` holds it (96
    /// bits, 28 places).
    #[inline(always)]
    fn new(magnitude: u128, negative: bool, scale: u32) -> Option<Exact> {
        let m = i128::try_from(magnitude).ok().filter(|_| magnitude < 1 << 96 && scale <= 28)?;
        Some(Exact { m: if negative { -m } else { m }, scale })
    }

    /// At a scale `scale` at least its own.
    #[inline(always)]
    fn up(self, scale: u32) -> Option<Exact> {
        if scale == self.scale {
            return Some(self);
        }
        let power = *TENS.get((scale - self.scale) as usize)?;
        Exact::new(self.m.unsigned_abs().checked_mul(u128::from(power))?, self.m < 0, scale)
    }

    /// Both at the larger of their scales.
    #[inline(always)]
    fn aligned(self, other: Exact) -> Option<(i128, i128, u32)> {
        let scale = self.scale.max(other.scale);
        Some((self.up(scale)?.m, other.up(scale)?.m, scale))
    }

    #[inline(always)]
    fn add(self, other: Exact) -> Option<Exact> {
        let (a, b, scale) = self.aligned(other)?;
        let sum = a + b;
        Exact::new(sum.unsigned_abs(), sum < 0, scale)
    }

    #[inline(always)]
    fn sub(self, other: Exact) -> Option<Exact> {
        let (a, b, scale) = self.aligned(other)?;
        let difference = a - b;
        Exact::new(difference.unsigned_abs(), difference < 0, scale)
    }

    #[inline(always)]
    fn mul(self, other: Exact) -> Option<Exact> {
        let product = self.m.unsigned_abs().checked_mul(other.m.unsigned_abs())?;
        Exact::new(product, (self.m < 0) != (other.m < 0), self.scale + other.scale)
    }

    /// The larger value (either, when they are equal: the value is the same).
    #[inline(always)]
    fn max(self, other: Exact) -> Option<Exact> {
        let (a, b, _) = self.aligned(other)?;
        Some(if b > a { other } else { self })
    }

    /// Rounded half away from zero to `places`, at that scale (`money::round_half_up`).
    #[inline(always)]
    fn round(self, places: u32) -> Option<Exact> {
        if self.scale <= places {
            return self.up(places);
        }
        let unit = *TENS.get((self.scale - places) as usize)?;
        // Most amounts fit 64 bits, whose division is an instruction, not a call.
        let (q, r) = match u64::try_from(self.m.unsigned_abs()) {
            Ok(m) => (u128::from(m / unit), u128::from(m % unit)),
            Err(_) => {
                let (m, unit) = (self.m.unsigned_abs(), u128::from(unit));
                (m / unit, m % unit)
            }
        };
        let unit = u128::from(unit);
        let q = if r >= unit - r { q + 1 } else { q };
        Exact::new(q, self.m < 0, places)
    }
}

/// 10 to the power of each number below 20 (all that fit 64 bits).
const TENS: [u64; 20] = {
    let mut tens = [1u64; 20];
    let mut i = 1;
    while i < tens.len() {
        tens[i] = tens[i - 1] * 10;
        i += 1;
    }
    tens
};

/// Reads cell `cell` of field `field` into `row`; returns whether it is in the form the
/// short path reads, which `redress::canonical::parse_row` reads as the same value:
/// `YYYY-MM-DD`, empty or `HH:MM:SS`, an account without edge spaces (empty: the default),
/// `buy` or `sell`, digits, digits with an optional fraction; within the core's limits
/// (`calc::limits`). Anything else is for `parse_row` to judge.
#[inline(always)]
fn fill<'a>(row: &mut Row<'a>, field: usize, cell: &'a [u8], default_account: &'a [u8]) -> bool {
    match field {
        0 => parse_date(cell).map(|d| row.day = d).is_some(),
        1 => parse_time(cell).map(|t| row.time = t).is_some(),
        2 => {
            row.account = if cell.is_empty() { default_account } else { cell };
            // The core trims Unicode spaces too; an account it would trim is not plain.
            cell.iter().all(|b| (b' '..=b'~').contains(b))
                || std::str::from_utf8(cell).is_ok_and(|t| t.trim().len() == t.len())
        }
        3 => match *cell {
            [b'b', b'u', b'y'] => {
                row.buy = true;
                true
            }
            [b's', b'e', b'l', b'l'] => {
                row.buy = false;
                true
            }
            _ => false,
        },
        4 => digits(cell)
            .filter(|q| (1..=MAX_QUANTITY).contains(q))
            .map(|q| row.quantity = q)
            .is_some(),
        5 => parse_price(cell).map(|(m, s)| (row.mantissa, row.scale) = (m, s)).is_some(),
        6 => {
            row.investor = cell;
            true
        }
        _ => true,
    }
}

/// The fields a row must have (date, kind, quantity, price); time and account may be absent.
const REQUIRED: u32 = 1 << 0 | 1 << 3 | 1 << 4 | 1 << 5;

/// Splits a plain chunk (`input::Chunk::plain`) into rows and reads their cells in the same
/// pass: the lines of rows without an investor that are not blank go into `orphans`, the
/// rows of each investor into `rows`, handed to `each` when the investor's last row is read.
/// Records are lines; cells are split at commas and trimmed, as `input::Records` does for
/// any chunk. A line whose every cell is plain and needs no trimming, as most lines are,
/// is read in one pass over its bytes ([`quick_line`]); any other line cell by cell
/// ([`read_cells`]), which gives the same row for a line the first one reads.
pub fn read_plain<'a>(
    text: &'a [u8],
    first_line: u32,
    slots: &[Option<u8>],
    default_account: &'a [u8],
    rows: &mut Vec<Row<'a>>,
    orphans: &mut Vec<u32>,
    each: &mut dyn FnMut(&mut [Row<'a>], &mut Vec<u32>),
) {
    rows.clear();
    let n = text.len();
    // The field of each column (`FIELDS` for none), and the columns a row must reach to
    // have its date, kind, quantity and price (time and account may be absent).
    let places: Vec<usize> = (0..slots.len()).map(|c| place(slots, c)).collect();
    let needed: Vec<usize> =
        (0..places.len()).filter(|c| REQUIRED & (1 << places[*c]) != 0).collect();
    let required =
        if needed.len() == 4 { needed.iter().max().map_or(0, |c| c + 1) } else { usize::MAX };
    // A line read at once has every column, so it has its required fields.
    let quick = required <= places.len() && !places.is_empty();
    let canonical = places == CANONICAL;
    let months: &[(i32, u32)] = &MONTHS;
    // A row read cell by cell, into `rows` once its investor's rows before it are handed on.
    let end_row = |rows: &mut Vec<Row<'a>>,
                   orphans: &mut Vec<u32>,
                   each: &mut dyn FnMut(&mut [Row<'a>], &mut Vec<u32>),
                   mut row: Row<'a>,
                   filled: bool,
                   columns: usize| {
        if !filled {
            return;
        }
        row.plain &= columns >= required;
        if row.investor.is_empty() {
            orphans.push(row.line);
            return;
        }
        if rows.first().is_some_and(|f| !same(f.investor, row.investor)) {
            each(rows, orphans);
            rows.clear();
        }
        rows.push(row);
    };
    let (mut at, mut line) = (0, first_line);
    while at < n {
        let source = u32::try_from(at).unwrap_or(u32::MAX);
        // A line read at once is read in its place in `rows` (a row built elsewhere and
        // copied in would be read back as wide words just after it was written field by
        // field, which the processor must wait for).
        if quick {
            rows.push(Row::new(line, source, default_account));
            let k = rows.len() - 1;
            if let Some(next) =
                quick_line(text, at, &places, canonical, default_account, months, &mut rows[k])
            {
                if k > 0 && !same(rows[0].investor, rows[k].investor) {
                    // The first row of another investor: the ones before it are handed on.
                    each(&mut rows[..k], orphans);
                    rows.drain(..k);
                }
                at = next;
                line = line.saturating_add(1);
                continue;
            }
            rows.pop();
        }
        let end = text[at..].iter().position(|&b| b == b'\n').map_or(n, |i| at + i);
        let mut row = Row::new(line, source, default_account);
        let (filled, columns) = read_cells(&text[at..end], &places, default_account, &mut row);
        end_row(rows, orphans, each, row, filled, columns);
        at = end + 1;
        line = line.saturating_add(1);
    }
    if !rows.is_empty() {
        each(rows, orphans);
    }
}

/// The cells of a line (without its line end) into `row`, split at commas and trimmed;
/// returns whether some cell is not empty, and the number of cells.
fn read_cells<'a>(
    line: &'a [u8],
    places: &[usize],
    default_account: &'a [u8],
    row: &mut Row<'a>,
) -> (bool, usize) {
    let (mut filled, mut columns) = (false, 0);
    for cell in line.split(|&b| b == b',') {
        let cell = cell.trim_ascii();
        filled |= !cell.is_empty();
        let field = places.get(columns).copied().unwrap_or(FIELDS);
        row.plain &= fill(row, field, cell, default_account);
        columns += 1;
    }
    (filled, columns)
}

/// The layout of the files `redress generate` writes and most files have: the investor,
/// then the canonical columns in their order.
const CANONICAL: [usize; FIELDS] = [6, 0, 1, 2, 3, 4, 5];

/// The line at `at` read in one pass when it is the usual line: as many cells as
/// `places`, the last ended by a line feed or a CRLF, each plain ([`fill`]) and with
/// nothing to trim, and an investor. Returns where the next line starts, with `row` read as
/// [`read_cells`] reads it; `None` for any other line (`row` is then to be read again).
/// `canonical`: `places` is [`CANONICAL`]. Not inlined: its registers are its own, and a
/// profile shows it apart.
#[inline(never)]
fn quick_line<'a>(
    text: &'a [u8],
    at: usize,
    places: &[usize],
    canonical: bool,
    default_account: &'a [u8],
    months: &[(i32, u32)],
    row: &mut Row<'a>,
) -> Option<usize> {
    let mut p = at;
    if canonical {
        // The same cells with the fields known, so that each is parsed without a dispatch.
        p = quick_cell(6, b',', text, p, default_account, months, row)?;
        p = quick_cell(0, b',', text, p, default_account, months, row)?;
        p = quick_cell(1, b',', text, p, default_account, months, row)?;
        p = quick_cell(2, b',', text, p, default_account, months, row)?;
        p = quick_cell(3, b',', text, p, default_account, months, row)?;
        p = quick_cell(4, b',', text, p, default_account, months, row)?;
        return quick_cell(5, b'\n', text, p, default_account, months, row);
    }
    let last = places.len().checked_sub(1)?;
    for (c, &field) in places.iter().enumerate() {
        let delimiter = if c == last { b'\n' } else { b',' };
        p = quick_cell(field, delimiter, text, p, default_account, months, row)?;
    }
    Some(p)
}

/// The cell of `field` that starts at `p` and ends with `delimiter`, when it is plain and
/// has nothing to trim: read into `row` as [`fill`] reads it, parsed where it lies (a date
/// or a time by its fixed width, numbers as their digits are found). Returns where the
/// next cell starts.
#[inline(always)]
fn quick_cell<'a>(
    field: usize,
    delimiter: u8,
    text: &'a [u8],
    p: usize,
    default_account: &'a [u8],
    months: &[(i32, u32)],
    row: &mut Row<'a>,
) -> Option<usize> {
    let end = match field {
        0 => {
            row.day = date_at(text, p, months)?;
            p + 10
        }
        1 => {
            if text.get(p) == Some(&delimiter) {
                row.time = 0;
                p
            } else {
                row.time = time_at(text, p)?;
                p + 8
            }
        }
        2 => {
            let end = cell_end(text, p);
            let cell = &text[p..end];
            if !cell.iter().all(|b| (b' '..=b'~').contains(b)) || !untrimmed(cell) {
                return None;
            }
            row.account = if cell.is_empty() { default_account } else { cell };
            end
        }
        3 => {
            // Four bytes compared at once, without a branch on which kind it is.
            let w = u32::from_le_bytes(text.get(p..p + 4)?.try_into().unwrap_or_default());
            let buy = w & 0x00FF_FFFF == u32::from_le_bytes(*b"buy\0");
            if !buy && w != u32::from_le_bytes(*b"sell") {
                return None;
            }
            row.buy = buy;
            p + 4 - usize::from(buy)
        }
        4 => {
            let (q, end) = match word(text, p).map(digit_run) {
                Some((w, n)) if n < 8 => (eight_digits(w, n), p + n),
                _ => number_prefix(text, p),
            };
            row.quantity = (1..=MAX_QUANTITY)
                .contains(&q)
                .then_some(q)
                .filter(|_| (1..=18).contains(&(end - p)))?;
            end
        }
        5 => {
            let (mantissa, point, len) = quick_price(text, p);
            (row.mantissa, row.scale) = price(mantissa, point, len)?;
            p + len
        }
        6 => {
            let end = cell_end(text, p);
            let cell = &text[p..end];
            if cell.is_empty() || !untrimmed(cell) {
                return None;
            }
            row.investor = cell;
            end
        }
        _ => cell_end(text, p),
    };
    match text.get(end) {
        Some(&b) if b == delimiter => Some(end + 1),
        // A CRLF line end: the carriage return is what trimming the last cell takes off.
        Some(b'\r') if delimiter == b'\n' && text.get(end + 1) == Some(&b'\n') => Some(end + 2),
        _ => None,
    }
}

/// The eight bytes of `text` from `p`, as a number (the first byte lowest).
#[inline(always)]
fn word(text: &[u8], p: usize) -> Option<u64> {
    Some(u64::from_le_bytes(text.get(p..p + 8)?.try_into().unwrap_or_default()))
}

/// `w` and how many of its bytes, from the first, are ASCII digits (8: all of them). A byte
/// is a digit when its high half is 3 and stays 3 with 6 added; a carry out of a byte above
/// 0xF9 only reaches the bytes after it, which are not counted.
#[inline(always)]
fn digit_run(w: u64) -> (u64, usize) {
    const HIGH: u64 = u64::from_ne_bytes([0xF0; 8]);
    const ZEROS: u64 = u64::from_ne_bytes([b'0'; 8]);
    const SIXES: u64 = u64::from_ne_bytes([6; 8]);
    let other = ((w & HIGH) ^ ZEROS) | ((w.wrapping_add(SIXES) & HIGH) ^ ZEROS);
    (w, (other.trailing_zeros() / 8) as usize)
}

/// The number written by the first `n` (at most 8) bytes of `w`, all digits: the digits
/// moved to the top (zeros before them), then added in pairs, fours and eights.
#[inline(always)]
fn eight_digits(w: u64, n: usize) -> u64 {
    const ZEROS: u64 = u64::from_ne_bytes([b'0'; 8]);
    let shift = u32::try_from(64 - 8 * n).unwrap_or(64);
    let mask = u64::MAX.checked_shr(shift).unwrap_or(0);
    let v = ((w & mask) - (ZEROS & mask)).checked_shl(shift).unwrap_or(0);
    let v = (v * 10 + (v >> 8)) & 0x00FF_00FF_00FF_00FF;
    let v = (v * 100 + (v >> 16)) & 0x0000_FFFF_0000_FFFF;
    (v * 10_000 + (v >> 32)) & 0xFFFF_FFFF
}

/// 10 to the power of each number below 8.
const POWERS: [u64; 8] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000];

/// [`price_prefix`] at `p`, with the point and the length counted from `p`: a price of up to
/// eight digits before its point and eight after it read eight bytes at a time.
#[inline(always)]
fn quick_price(text: &[u8], p: usize) -> (u64, Option<usize>, usize) {
    if let Some((w, a)) = word(text, p).map(digit_run)
        && a < 8
    {
        if a == 0 || (w >> (8 * a)) & 0xFF != u64::from(b'.') {
            return (eight_digits(w, a), None, a);
        }
        if let Some((f, b)) = word(text, p + a + 1).map(digit_run)
            && b < 8
        {
            let mantissa = eight_digits(w, a) * POWERS[b] + eight_digits(f, b);
            return (mantissa, Some(a), a + 1 + b);
        }
    }
    let (mantissa, point, end) = price_prefix(text, p);
    (mantissa, point.map(|at| at - p), end - p)
}

/// The end of the cell that starts at `p`: its comma or line feed, or the end of `text`.
/// Eight bytes at a time: a byte equal to the one looked for is a zero byte of their
/// exclusive or, found by the borrow of a subtraction (exact for the lowest one).
#[inline(always)]
fn cell_end(text: &[u8], mut p: usize) -> usize {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    const COMMAS: u64 = u64::from_ne_bytes([b','; 8]);
    const FEEDS: u64 = u64::from_ne_bytes([b'\n'; 8]);
    while let Some(bytes) = text.get(p..p + 8) {
        let w = u64::from_le_bytes(bytes.try_into().unwrap_or_default());
        let (c, f) = (w ^ COMMAS, w ^ FEEDS);
        let found = (c.wrapping_sub(ONES) & !c | f.wrapping_sub(ONES) & !f) & HIGH;
        if found != 0 {
            return p + (found.trailing_zeros() / 8) as usize;
        }
        p += 8;
    }
    p + text[p..].iter().take_while(|b| !matches!(b, b',' | b'\n')).count()
}

/// Whether trimming leaves `cell` as it is.
fn untrimmed(cell: &[u8]) -> bool {
    cell.first().is_none_or(|b| *b > b' ') && cell.last().is_none_or(|b| *b > b' ')
}

/// Whether two investors' ids are the same (most are a few bytes: compared eight at a
/// time without a call).
#[inline(always)]
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (mut x, mut y) = (a.chunks_exact(8), b.chunks_exact(8));
    let word = |w: &[u8]| u64::from_le_bytes(w.try_into().unwrap_or_default());
    (&mut x).zip(&mut y).all(|(p, q)| word(p) == word(q))
        && x.remainder().iter().zip(y.remainder()).all(|(p, q)| p == q)
}

/// The value of an ASCII digit.
fn digit(b: u8) -> Option<u32> {
    let d = b.wrapping_sub(b'0');
    (d < 10).then_some(u32::from(d))
}

/// A number of at most 18 ASCII digits.
fn digits(s: &[u8]) -> Option<u64> {
    let (n, end) = number_prefix(s, 0);
    (end == s.len() && (1..=18).contains(&end)).then_some(n)
}

/// The digits at the start of `text[p..]` as a number, and where they end (the number is
/// only meaningful for at most 19 digits).
#[inline(always)]
fn number_prefix(text: &[u8], p: usize) -> (u64, usize) {
    let mut n = 0u64;
    let mut end = p;
    while let Some(d) = text.get(end).and_then(|b| digit(*b)) {
        n = n.wrapping_mul(10).wrapping_add(u64::from(d));
        end += 1;
    }
    (n, end)
}

/// [`pairs_of`] eight bytes.
#[cfg(test)]
fn pairs(bytes: [u8; 8]) -> Option<[u32; 4]> {
    pairs_of(u64::from_le_bytes(bytes))
}

/// Eight ASCII digits at once, in `w` (the first lowest): the four two-digit numbers they
/// make, or `None` when one is not a digit. (Each byte must be 0x30..=0x3F and stay below
/// 0x40 with 6 added.)
#[inline(always)]
fn pairs_of(w: u64) -> Option<[u32; 4]> {
    const HIGH: u64 = u64::from_ne_bytes([0xF0; 8]);
    const ZEROS: u64 = u64::from_ne_bytes([b'0'; 8]);
    const SIXES: u64 = u64::from_ne_bytes([6; 8]);
    if w & HIGH != ZEROS || (w + SIXES) & HIGH != ZEROS {
        return None;
    }
    // Digit values, then ten times each even one plus the odd one after it.
    let v = w - ZEROS;
    let t = (v * 10 + (v >> 8)) & 0x00FF_00FF_00FF_00FF;
    let lane = |k: u32| ((t >> (16 * k)) & 0xFF) as u32;
    Some([lane(0), lane(1), lane(2), lane(3)])
}

fn parse_date(s: &[u8]) -> Option<i32> {
    if s.len() != 10 {
        return None;
    }
    date_at(s, 0, &MONTHS)
}

/// The date `YYYY-MM-DD` at `p` as a day number: its first eight bytes read as one word and
/// the day as another, the dashes checked, and the eight digits put side by side.
#[inline(always)]
fn date_at(text: &[u8], p: usize, months: &[(i32, u32)]) -> Option<i32> {
    let w = word(text, p)?;
    let day = u16::from_le_bytes(text.get(p + 8..p + 10)?.try_into().unwrap_or_default());
    let dash = u64::from(b'-');
    if (w >> 32) & 0xFF != dash || w >> 56 != dash {
        return None;
    }
    let digits = (w & 0xFFFF_FFFF) | ((w >> 8) & 0xFFFF_0000_0000) | (u64::from(day) << 48);
    let [century, year, m, d] = pairs_of(digits)?;
    day_in(months, century * 100 + year, m, d)
}

/// Years whose months are looked up rather than computed.
const YEARS: std::ops::Range<u32> = 1900..2200;

/// The day number of the first of each month of [`YEARS`], and its length, from
/// [`Date::from_ymd`].
static MONTHS: LazyLock<Vec<(i32, u32)>> = LazyLock::new(|| {
    let mut months = Vec::with_capacity(YEARS.len() * 12);
    for y in YEARS {
        for m in 1..=12 {
            let date = |d| i32::try_from(y).ok().and_then(|y| Date::from_ymd(y, m, d));
            let first = date(1).map_or(0, Date::day_number);
            let length = (28..=31).rev().find(|d| date(*d).is_some()).unwrap_or(0);
            months.push((first, length));
        }
    }
    months
});

/// `Date::from_ymd(y, m, d)` as a day number: days of a month are consecutive numbers.
#[cfg(test)]
fn day_number(y: u32, m: u32, d: u32) -> Option<i32> {
    day_in(&MONTHS, y, m, d)
}

/// `Date::from_ymd(y, m, d)` as a day number with [`MONTHS`] at hand (taken once per
/// chunk: a `LazyLock` checks that it is ready at every access, with a call).
#[inline(always)]
fn day_in(months: &[(i32, u32)], y: u32, m: u32, d: u32) -> Option<i32> {
    if YEARS.contains(&y) && (1..=12).contains(&m) {
        let (first, length) = *months.get(((y - YEARS.start) * 12 + m - 1) as usize)?;
        return (1..=length).contains(&d).then(|| first + i32::try_from(d).unwrap_or(0) - 1);
    }
    Date::from_ymd(i32::try_from(y).ok()?, m, d).map(Date::day_number)
}

fn parse_time(s: &[u8]) -> Option<u32> {
    match s.len() {
        0 => Some(0),
        8 => time_at(s, 0),
        _ => None,
    }
}

/// The time `HH:MM:SS` at `p` in seconds: its eight bytes read as one word, the colons
/// checked, and the six digits put side by side (with two zeros after them).
#[inline(always)]
fn time_at(text: &[u8], p: usize) -> Option<u32> {
    let w = word(text, p)?;
    let colon = u64::from(b':');
    if (w >> 16) & 0xFF != colon || (w >> 40) & 0xFF != colon {
        return None;
    }
    let zeros = u64::from(u16::from_le_bytes(*b"00")) << 48;
    let digits = (w & 0xFFFF) | ((w >> 8) & 0xFFFF_0000) | ((w >> 16) & 0xFFFF_0000_0000) | zeros;
    let [h, m, sec, _] = pairs_of(digits)?;
    (h <= 23 && m <= 59 && sec <= 60).then_some(h * 3600 + m * 60 + sec)
}

/// `digits` or `digits.digits` within the core's limits: its digits as a number and the
/// number of them after the point (the scale `Decimal` gives it).
fn parse_price(s: &[u8]) -> Option<(u64, u8)> {
    let (mantissa, point, end) = price_prefix(s, 0);
    if end != s.len() {
        return None;
    }
    price(mantissa, point, end)
}

/// The price at the start of `text[p..]`, up to the first byte that is neither a digit nor
/// a point after the first byte and after no other point: its digits as a number (only
/// meaningful for at most 19 bytes), where its point is, and where it ends.
#[inline(always)]
fn price_prefix(text: &[u8], p: usize) -> (u64, Option<usize>, usize) {
    let (mut mantissa, mut point, mut end) = (0u64, None, p);
    while let Some(&b) = text.get(end) {
        if let Some(d) = digit(b) {
            mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(d));
        } else if b == b'.' && end > p && point.is_none() {
            point = Some(end);
        } else {
            break;
        }
        end += 1;
    }
    (mantissa, point, end)
}

/// The price of `len` bytes read by [`price_prefix`] with its point at `point`, when it is
/// written as the short path reads it and within the core's limits.
#[inline(always)]
fn price(mantissa: u64, point: Option<usize>, len: usize) -> Option<(u64, u8)> {
    if len == 0 || len > 19 {
        return None;
    }
    let scale = match point {
        Some(p) if p + 1 == len => return None,
        Some(p) => len - p - 1,
        None if len > 18 => return None,
        None => 0,
    };
    let (low, high) = PRICE_BOUNDS[scale];
    (low..=high).contains(&mantissa).then(|| (mantissa, u8::try_from(scale).unwrap_or(0)))
}

/// For each scale `s` up to 18, the mantissas `m` with `m / 10^s` within the core's
/// limits on prices (comparing decimals of different scales is slow).
// The bounds are made at compile time (no conversion that can fail is `const`); one that
// does not fit is `u64::MAX`, above any mantissa read.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
const PRICE_BOUNDS: [(u64, u64); 19] = {
    let (low, low_unit) = (MIN_PRICE.mantissa() as u128, 10u128.pow(MIN_PRICE.scale()));
    let (high, high_unit) = (MAX_PRICE.mantissa() as u128, 10u128.pow(MAX_PRICE.scale()));
    let mut bounds = [(0, 0); 19];
    let mut s = 0;
    while s < bounds.len() {
        let power = 10u128.pow(s as u32);
        let (min, max) = ((low * power).div_ceil(low_unit), high * power / high_unit);
        let max = if max > u64::MAX as u128 { u64::MAX } else { max as u64 };
        bounds[s] = (min as u64, max);
        s += 1;
    }
    bounds
};

/// `redress::calc::carry`: most amounts of most investors are zero, and a zero carried is
/// zero to 12 places, as the core gives it.
fn carry(amount: Decimal) -> Decimal {
    if amount.is_zero() { Decimal::new(0, 12) } else { redress::calc::carry(amount) }
}

/// `redress::money::round_yuan`, short for a zero likewise.
fn round_yuan(amount: Decimal) -> Decimal {
    if amount.is_zero() { Decimal::new(0, 2) } else { redress::money::round_yuan(amount) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use redress::canonical::{Cells, parse_row};
    use redress::trade::Origin;

    #[test]
    fn what_the_short_path_reads_parse_row_reads_the_same() {
        let rows: [[&str; 6]; 8] = [
            ["2021-03-02", "09:45:00", "A", "buy", "2000", "15.00"],
            ["2021-03-02", "", "", "sell", "100", "15"],
            ["2020-02-29", "23:59:60", "账户", "buy", "0100", "012.340"],
            ["2021-06-10", "00:00:00", "B", "sell", "100000000000", "100000"],
            ["2021-06-10", "10:00:00", "a b", "buy", "1", "0.001"],
            ["9999-12-31", "12:34:56", "x", "buy", "7", "99999.99999999"],
            ["2021-01-01", "", "A", "sell", "5", "1.5"],
            ["0001-01-01", "", "A", "buy", "5", "1.50"],
        ];
        for cells in rows {
            let bytes = cells.map(str::as_bytes);
            let [d, t, a, k, q, p] = bytes;
            let fast = Row::read([d, t, a, k, q, p, b"i"], b"default", 3, 0);
            assert!(fast.plain, "{cells:?}");
            let [date, time, account, kind, quantity, price] = cells;
            let slow = parse_row(
                &Cells { date, time, account, kind, quantity, price },
                "f.csv",
                Origin { file: 0, row: 3 },
                "default",
            )
            .unwrap();
            assert_eq!(fast.day, slow.date.day_number());
            assert_eq!(fast.time, slow.time.map_or(0, |t| t.0));
            assert_eq!(fast.account, slow.account.as_bytes());
            assert_eq!(fast.buy, slow.kind == redress::Kind::Buy);
            assert_eq!(fast.quantity, slow.quantity);
            let p = slow.price.unwrap().0;
            assert_eq!((fast.price(), fast.price().scale()), (p, p.scale()), "{price}");
        }
    }

    /// The short path takes the average of the price channel as `price_average`, which
    /// must be `averages()[0]`, to the scale, under every method.
    #[test]
    fn the_price_average_is_the_first_average() {
        let mut x: u64 = 0x5DEE_CE66_D1CE_4E5B;
        let mut next = |n: u64| {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (x >> 33) % n
        };
        for method in [
            Method::MovingAverage,
            Method::FifoAverage,
            Method::WeightedAverage,
            Method::ActualCost,
        ] {
            for _ in 0..2_000 {
                let mut a = Averager::new(method, 1);
                for _ in 0..1 + next(8) {
                    let price = Decimal::new(i64::try_from(1 + next(100_000)).unwrap(), 3);
                    let held = u64::try_from(a.quantity()).unwrap();
                    if held > 0 && next(3) == 0 {
                        a.remove(Decimal::from(1 + next(held)), &[price]);
                    } else {
                        a.add(Decimal::from(1 + next(5_000)), &[price]);
                    }
                    let first = a.averages().map(|v| v[0].serialize());
                    assert_eq!(a.price_average().map(|p| p.serialize()), first, "{method:?}");
                }
            }
        }
    }

    #[test]
    fn a_zero_is_carried_and_rounded_as_the_core_does_it() {
        let zeros = [Decimal::ZERO, -Decimal::ZERO, Decimal::new(0, 7), Decimal::new(0, 28)];
        for z in zeros.into_iter().chain(zeros.map(|z| -z)) {
            assert_eq!(carry(z).serialize(), redress::calc::carry(z).serialize(), "{z:?}");
            assert_eq!(round_yuan(z).serialize(), redress::money::round_yuan(z).serialize());
        }
        let x: Decimal = "-18499.9999999999999999995".parse().unwrap();
        assert_eq!(carry(x).serialize(), redress::calc::carry(x).serialize());
        assert_eq!(round_yuan(x).serialize(), redress::money::round_yuan(x).serialize());
    }

    #[test]
    fn prices_at_the_limits() {
        let p = |s: &str| {
            parse_price(s.as_bytes())
                .map(|(m, s)| Decimal::from_i128_with_scale(i128::from(m), u32::from(s)))
        };
        assert_eq!(p("0.001"), Some(MIN_PRICE));
        assert_eq!(p("100000.000"), Some(MAX_PRICE));
        assert_eq!(p("0.000999999999999999"), None);
        assert_eq!(p("100000.000000000001"), None);
        assert_eq!(p("0.00"), None);
    }

    /// Each scale's bounds are the least and the greatest mantissa within the core's limits.
    #[test]
    fn price_bounds_are_the_limits_at_each_scale() {
        for (scale, &(low, high)) in (0u32..).zip(PRICE_BOUNDS.iter()) {
            let at = |m: u64| Decimal::from_i128_with_scale(i128::from(m), scale);
            assert!(at(low) >= MIN_PRICE && at(low - 1) < MIN_PRICE, "{scale}");
            if high < u64::MAX {
                assert!(at(high) <= MAX_PRICE && at(high + 1) > MAX_PRICE, "{scale}");
            } else {
                assert!(u128::from(high) < 100_000 * 10u128.pow(scale), "{scale}");
            }
        }
    }

    /// The amounts in integers are the amounts in `Decimal`, to the scale, under rules that
    /// use every step, for losses of every size and sign; and they are nearly always
    /// computed that way.
    #[test]
    fn amounts_in_integers_are_the_decimal_amounts() {
        let case = |rules: &str| {
            let text = format!(
                "id = \"t\"\nname = \"t\"\nsecurity = \"300000\"\nsource = \"t\"\n{rules}\n\
                 [[segments]]\nid = \"main\"\nimplementation_date = \"2021-03-01\"\n\
                 disclosure_date = \"2021-06-01\"\nbase_date = \"2021-06-30\"\nbase_price = \"8.00\"\n"
            );
            Case::from_toml(&text, "t.toml").unwrap()
        };
        let rules = [
            "[rules]\nstamp_duty_rate = \"0.001\"\ncommission_rate = \"0.0003\"",
            "[rules]\nnetting = \"per-part\"\nfees_on = \"loss\"\ncommission_rate = \"0.00025\"\n\
             non_systemic_ratio = \"0.15\"\nmin_compensation_ratio = \"0.3\"\n\
             [rules.systemic]\nmethod = \"fixed\"\nratio = \"0.35\"\nscale = \"0.5\"",
            "[rules]\nstamp_duty_rate = \"0.002\"\nnon_systemic_ratio = \"0.123456789\"\n\
             min_compensation_ratio = \"0.7\"\n[rules.systemic]\nmethod = \"fixed\"\nratio = \"0.2\"",
        ];
        let options = Options { detail: false, ..Options::default() };
        let mut x: u64 = 0x0123_4567_89AB_CDEF;
        let mut next = || {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            x
        };
        let (mut exact, mut all) = (0, 0);
        for rules in rules {
            let case = case(rules);
            let plan = Plan::new(&case, &options, None, &IndexData::default()).unwrap();
            let s = &plan.segments[0];
            for i in 0..20_000 {
                // Losses as `carry` gives them (12 places) and a few others; up to 10^4 yuan
                // and far beyond; gains as well; zeros; halves of a fen.
                let mut part = || {
                    let wild = next() % 5 == 0;
                    let m = if wild {
                        i128::from(next() >> (next() % 64)) << (next() % 40)
                    } else {
                        i128::from(next() % 10u64.pow(6 + u32::try_from(next() % 13).unwrap()))
                    };
                    let m = if next() % 4 == 0 { -m } else { m };
                    let m = match next() % 8 {
                        0 => 0,
                        1 => m / 10_000_000_000 * 10_000_000_000 + 5_000_000_000,
                        _ => m,
                    };
                    let scale = if wild { u32::try_from(next() % 29).unwrap() } else { 12 };
                    (Decimal::try_from_i128_with_scale(m % (1 << 96), scale).unwrap(), !wild)
                };
                let ((exit, usual_exit), (rest, usual_rest)) = (part(), part());
                let reference = std::panic::catch_unwind(|| plan.amounts(s, exit, rest));
                let Ok(reference) = reference else { continue };
                all += 1;
                match plan.amounts_exact(s, exit, rest) {
                    Some(fast) => {
                        let bytes = |a: [Decimal; 10]| a.map(|d| d.serialize());
                        assert_eq!(bytes(fast), bytes(reference), "{i}: {exit} {rest} {rules}");
                        exact += 1;
                    }
                    // Losses as they are (12 places, below a million yuan) are computed so.
                    None => assert!(!(usual_exit && usual_rest), "{i}: {exit} {rest} {rules}"),
                }
            }
        }
        assert!(exact * 10 > all * 6, "{exact} of {all}");
    }

    #[test]
    fn no_eligible_share_is_nothing() {
        let case = |rules: &str| {
            let text = format!(
                "id = \"t\"\nname = \"t\"\nsecurity = \"300000\"\nsource = \"t\"\n{rules}\n\
                 [[segments]]\nid = \"main\"\nimplementation_date = \"2021-03-01\"\n\
                 disclosure_date = \"2021-06-01\"\nbase_date = \"2021-06-30\"\nbase_price = \"8.00\"\n"
            );
            Case::from_toml(&text, "t.toml").unwrap()
        };
        let options = Options { detail: false, ..Options::default() };
        let bytes = |c: &SegmentColumns| {
            let mut out = Vec::new();
            c.write(&mut out);
            let decimals = [c.eligible, c.rest, c.exit_shares.unwrap()]
                .into_iter()
                .chain(c.amounts)
                .map(|d| d.serialize())
                .collect::<Vec<_>>();
            (out, decimals, c.entry_average, c.exit_average)
        };
        for rules in [
            "[rules]\nstamp_duty_rate = \"0.001\"",
            "[rules]\nstamp_duty_rate = \"0.001\"\nnetting = \"per-part\"\nfees_on = \"loss\"\n\
             non_systemic_ratio = \"0.1\"\nmin_compensation_ratio = \"0.2\"\n\
             [rules.systemic]\nmethod = \"fixed\"\nratio = \"0.3\"\nscale = \"0.5\"",
        ] {
            let case = case(rules);
            let plan = Plan::new(&case, &options, None, &IndexData::default()).unwrap();
            let s = &plan.segments[0];
            for entry in [None, Some(Decimal::new(1234, 2))] {
                let (columns, compensation, e) = plan.figures(s, 0, entry, 0, Decimal::ZERO);
                assert_eq!(bytes(&columns), bytes(&Plan::nothing()), "{rules}");
                assert_eq!(compensation.serialize(), Decimal::new(0, 2).serialize());
                assert_eq!(e.serialize(), Decimal::ZERO.serialize());
            }
        }
    }

    fn rows_of<'a>(text: &'a [u8], slots: &[Option<u8>]) -> Vec<Row<'a>> {
        let (mut rows, mut orphans) = (Vec::new(), Vec::new());
        let mut all: Vec<Row<'a>> = Vec::new();
        let mut each = |r: &mut [Row<'a>], _: &mut Vec<u32>| all.extend_from_slice(r);
        read_plain(text, 2, slots, b"dflt", &mut rows, &mut orphans, &mut each);
        all
    }

    /// Rows read in one pass from a chunk are the rows read from their cells.
    #[test]
    fn read_in_one_pass_or_from_cells_alike() {
        let texts: [&[u8]; 4] = [
            b"a,2021-03-02,09:45:00,A,buy,2000,15.00\na,2021-03-03,,,sell,100,15\n",
            b" a ,2021-03-02, 09:45:00 , A ,buy , 2000,15.00 \r\nb,2021-03-03,,,sell,100,15",
            b"a,2021-03-02,09:45:00,A,buy,2000\nb,2021-03-02,,A,buy,2000,15,extra\n,x\n\n",
            b"a,2021-02-30,,A,buy,1,1\na,2021-03-02,,A,bonus,1,\na,2021-03-02,,\xE8\xB4\xA6,buy,1,1.5",
        ];
        let mut generated = Vec::new();
        crate::generate::write(&mut generated, 100, 1_000, 2).unwrap();
        let generated = generated.splitn(2, |&b| b == b'\n').nth(1).unwrap().to_vec();
        // investor,date,time,account,kind,quantity,price; and another order.
        let layouts: [&[Option<u8>]; 2] = [
            &[Some(6), Some(0), Some(1), Some(2), Some(3), Some(4), Some(5)],
            &[Some(5), Some(6), Some(4), Some(3), Some(2), Some(1), Some(0)],
        ];
        for text in texts.iter().copied().chain([generated.as_slice()]) {
            for slots in layouts {
                for row in &rows_of(text, slots) {
                    let fields = plain_fields(&text[row.source as usize..], slots);
                    let again = Row::read(fields, b"dflt", row.line, row.source);
                    assert_eq!(*row, again, "{}", String::from_utf8_lossy(text));
                }
            }
        }
    }

    /// Whether the line at the start of `text` read at once is the line read cell by cell.
    fn quick_is_cells(text: &[u8], places: &[usize]) -> bool {
        let mut quick = Row::new(2, 0, b"dflt");
        let canonical = places == CANONICAL;
        let Some(next) = quick_line(text, 0, places, canonical, b"dflt", &MONTHS, &mut quick)
        else {
            return false;
        };
        let end = text.iter().position(|&b| b == b'\n').unwrap();
        assert_eq!(next, end + 1, "{}", String::from_utf8_lossy(text));
        let mut cells = Row::new(2, 0, b"dflt");
        let (filled, columns) = read_cells(&text[..end], places, b"dflt", &mut cells);
        assert!(filled && columns == places.len(), "{}", String::from_utf8_lossy(text));
        assert!(cells.plain && !cells.investor.is_empty());
        assert_eq!(quick, cells, "{}", String::from_utf8_lossy(text));
        true
    }

    /// A line read at once is read as cell by cell, whatever byte is changed, taken out or
    /// put in anywhere in it, in the usual layout and another; the line is left to be read
    /// cell by cell otherwise.
    #[test]
    fn a_line_read_at_once_is_the_line_read_cell_by_cell() {
        let lines: [&[u8]; 12] = [
            b"00000001,2020-09-23,14:53:54,A,buy,1900,12.14\n",
            b"7,2021-03-02,,,sell,100,15\n",
            b"investor-with-a-long-id-0001,2021-06-30,09:30:00,account 1,buy,12345678,0.001\n",
            b"x,2021-06-30,09:30:00,B,buy,123456789,12345.12345678\n",
            b"x,2021-06-30,09:30:00,B,sell,100000000000,100000\n",
            b"x,2021-06-30,09:30:00,B,buy,1,000000012.5\n",
            b"x,2021-06-30,09:30:00,B,buy,1,1.123456789\n",
            b"x,2021-06-30,09:30:00,B,buy,0012,00012.500\n",
            b"\xE6\x8A\x95,2021-06-30,09:30:00,\xE8\xB4\xA6,buy,1,2\n",
            b"x,2021-06-30,09:30:00,B,buy,1,99999.99999999\n",
            b"x,2021-06-30,23:59:60,~,sell,99999999,8\n",
            b"1,2021-02-28,00:00:00,A,buy,1,100000.000000000000\n",
        ];
        let bytes: &[u8] = b"\0\t\r\n ,.-:/09aAbsz~\x7F\x80\xFF\"";
        let canonical = CANONICAL.to_vec();
        // date, time, account, kind, quantity, price, investor; and the other way round.
        let other = vec![0, 1, 2, 3, 4, 5, 6];
        let reversed = vec![5, 4, 3, 2, 1, 0, 7, 6];
        let (mut quick, mut tried) = (0, 0);
        for line in lines {
            let cells: Vec<&[u8]> = line[..line.len() - 1].split(|&b| b == b',').collect();
            let mut texts: Vec<Vec<u8>> = Vec::new();
            for (places, order) in [
                (&canonical, vec![0, 1, 2, 3, 4, 5, 6]),
                (&other, vec![1, 2, 3, 4, 5, 6, 0]),
                (&reversed, vec![6, 5, 4, 3, 2, 1, 7, 0]),
            ] {
                let mut text: Vec<u8> = Vec::new();
                for (i, &c) in order.iter().enumerate() {
                    if i > 0 {
                        text.push(b',');
                    }
                    text.extend_from_slice(cells.get(c).copied().unwrap_or(b"extra"));
                }
                text.push(b'\n');
                texts.clear();
                texts.push(text.clone());
                for at in 0..text.len() {
                    let mut t = text.clone();
                    t.remove(at);
                    texts.push(t);
                    for &b in bytes {
                        let mut t = text.clone();
                        t[at] = b;
                        texts.push(t.clone());
                        let mut t = text.clone();
                        t.insert(at, b);
                        texts.push(t);
                    }
                }
                for t in &texts {
                    // Only whole lines are read at once: the text goes on after the line, or
                    // it ends without a line end.
                    let Some(end) = t.iter().position(|&b| b == b'\n') else { continue };
                    let mut longer = t[..=end].to_vec();
                    longer.extend_from_slice(b"y,2021-06-30,,,buy,1,1\n");
                    quick += usize::from(quick_is_cells(&longer, places));
                    assert!(!quick_is_cells(&t[..end], places));
                    tried += 1;
                }
                // Every line as written is read at once, but for accounts beyond ASCII.
                let ascii = text.is_ascii();
                assert_eq!(
                    quick_is_cells(&text, places),
                    ascii,
                    "{}",
                    String::from_utf8_lossy(&text)
                );
            }
        }
        assert!(quick > 3_000 && quick < tried / 2, "{quick} of {tried}");
    }

    #[test]
    fn digits_eight_bytes_at_once() {
        for text in [&b"12345678"[..], b"0", b"9999999999", b"00001234", b"1.5", b"x", b""] {
            for pad in [&b""[..], b",", b"\n", b"/", b":", b"\xFA", b"\xFF", b"99"] {
                let mut t = text.to_vec();
                t.extend_from_slice(pad);
                t.extend_from_slice(&[0xFF; 8]);
                let (w, n) = digit_run(word(&t, 0).unwrap());
                let run = t.iter().take(8).take_while(|b| b.is_ascii_digit()).count();
                assert_eq!(n, run, "{t:?}");
                let naive = t[..n].iter().fold(0, |m, b| m * 10 + u64::from(b - b'0'));
                assert_eq!(eight_digits(w, n), naive, "{t:?}");
            }
        }
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut t = *b"12345678";
                t[at] = b;
                let n = digit_run(u64::from_le_bytes(t)).1;
                assert_eq!(n, if b.is_ascii_digit() { 8 } else { at }, "{b} at {at}");
            }
        }
    }

    #[test]
    fn eight_digits_at_once() {
        assert_eq!(pairs(*b"20210630"), Some([20, 21, 6, 30]));
        assert_eq!(pairs(*b"99999999"), Some([99, 99, 99, 99]));
        assert_eq!(pairs(*b"00000000"), Some([0, 0, 0, 0]));
        for bad in 0..=255u8 {
            for at in 0..8 {
                let mut b = *b"12345678";
                b[at] = bad;
                assert_eq!(pairs(b).is_some(), bad.is_ascii_digit(), "{bad} at {at}");
            }
        }
    }

    #[test]
    fn looked_up_days_are_the_core_s_days() {
        for y in (1899..=2201).chain([1, 9999]) {
            for m in 0..=13 {
                for d in 0..=32 {
                    let core =
                        Date::from_ymd(i32::try_from(y).unwrap(), m, d).map(Date::day_number);
                    assert_eq!(day_number(y, m, d), core, "{y}-{m}-{d}");
                }
            }
        }
    }

    #[test]
    fn anything_else_goes_to_the_core() {
        let refused: [[&str; 6]; 19] = [
            ["2021-03-02", "", "A", "buy", "1", ".5"],
            ["2021-03-02", "", "A", "buy", "1", "1.2.3"],
            ["2021-03-02", "", "A", "buy", "1", "1234567890123456789"],
            ["2021-03-02", "", "A", "buys", "1", "1"],
            ["2021-02-30", "", "A", "buy", "1", "1"],
            ["2021/03/02", "", "A", "buy", "1", "1"],
            ["2021-03-02", "9:45:00", "A", "buy", "1", "1"],
            ["2021-03-02", "094500", "A", "buy", "1", "1"],
            ["2021-03-02", "24:00:00", "A", "buy", "1", "1"],
            ["2021-03-02", "", "A", "BUY", "1", "1"],
            ["2021-03-02", "", "A", "bonus", "1", ""],
            ["2021-03-02", "", "A", "buy", "0", "1"],
            ["2021-03-02", "", "A", "buy", "1,000", "1"],
            ["2021-03-02", "", "A", "buy", "100000000001", "1"],
            ["2021-03-02", "", "A", "buy", "1", "0.0009"],
            ["2021-03-02", "", "A", "buy", "1", "100000.01"],
            ["2021-03-02", "", "A", "buy", "1", "1."],
            ["2021-03-02", "", "A", "buy", "1", "+1"],
            ["2021-03-02", "", "\u{3000}A", "buy", "1", "1"],
        ];
        for cells in refused {
            let [d, t, a, k, q, p] = cells.map(str::as_bytes);
            assert!(!Row::read([d, t, a, k, q, p, b"i"], b"d", 2, 0).plain, "{cells:?}");
        }
    }
}
