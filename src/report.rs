//! The result of an estimate (interfaces.md "Result (JSON)"): every number, every trade's
//! classification and effect, the rules used, warnings and the explanation steps.
//!
//! These types are a public contract: fields may be added, never renamed or removed
//! without a migration note in CHANGELOG.md. Decimals serialise as strings.

use serde::Serialize;

use crate::case::{
    Combine, Direction, FeesOn, InterestPrincipal, InterestRate, Method, Netting, Regime,
    SystemicMethod,
};
use crate::date::Date;
use crate::lang::Lang;
use crate::money::{Price, Ratio, Shares, Yuan};
use crate::trade::{Kind, TimeOfDay};

/// The whole estimate for one investor and one case.
#[derive(Clone, Debug, Serialize)]
pub struct Estimate {
    /// The case's id.
    pub case_id: String,
    /// The total compensation (sum or most favourable segment, per `combine`).
    pub compensation: Yuan,
    /// How the segments were combined.
    pub combine: Combine,
    /// For `combine = max`: the segment that was paid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chosen_segment: Option<String>,
    /// One result per segment.
    pub segments: Vec<SegmentResult>,
    /// The rule parameters actually used (after defaults and overrides).
    pub rules: RulesUsed,
    /// Shares held before the first row: as given plus any shortfall (rules.md §2).
    pub opening_position: Shares,
    /// The part of `opening_position` that was inferred from sells exceeding the history.
    pub opening_shortfall: Shares,
    /// The ex-rights events that adjusted prices and quantities.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub adjustments: Vec<AdjustmentEvent>,
    /// Surprising but usable input, with codes and rows.
    pub warnings: Vec<Warning>,
    /// The language of messages and explanation.
    pub lang: Lang,
}

/// The rule parameters used for the estimate.
#[derive(Clone, Debug, Serialize)]
pub struct RulesUsed {
    /// 2022 or 2003 provisions.
    pub regime: Regime,
    /// Buy-average method.
    pub buy_average: Method,
    /// Netting of the parts.
    pub netting: Netting,
    /// Commission rate.
    pub commission_rate: Ratio,
    /// Stamp duty as given by the case (each segment reports the rate it used).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stamp_duty_rate: Option<Ratio>,
    /// Fee base.
    pub fees_on: FeesOn,
    /// Non-systemic deduction ratio.
    pub non_systemic_ratio: Ratio,
    /// Minimum compensation ratio.
    pub min_compensation_ratio: Ratio,
    /// Cash dividends adjust earlier prices.
    pub adjust_dividends: bool,
    /// Interest rate used: `deposit-table` or a fixed rate (absent: no interest).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interest_rate: Option<InterestRate>,
    /// What interest is charged on (absent: no interest).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interest_principal: Option<InterestPrincipal>,
    /// Days in the interest year, 360 or 365 (absent: no interest).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interest_days_per_year: Option<u16>,
    /// Systemic-risk method.
    pub systemic_method: SystemicMethod,
    /// Fixed ratio, for `fixed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub systemic_ratio: Option<Ratio>,
    /// Reference indices.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub systemic_indices: Vec<String>,
    /// Scale of the systemic deduction.
    pub systemic_scale: Ratio,
}

/// An ex-rights or ex-dividend event applied to earlier trades (rules.md §7).
#[derive(Clone, Debug, Serialize)]
pub struct AdjustmentEvent {
    /// Ex-date.
    pub ex_date: Date,
    /// New shares per share.
    pub bonus_per_share: Ratio,
    /// Cash per share (only when dividends adjust prices).
    pub dividend_per_share: Price,
    /// `case` (from corporate_actions) or `inferred` (from bonus/dividend rows).
    pub source: &'static str,
}

/// Where a segment's base date or base price came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Provided {
    /// Given by the case.
    Given,
    /// Computed from market data.
    Computed,
}

/// The result of one segment.
#[derive(Clone, Debug, Serialize)]
pub struct SegmentResult {
    /// Segment id.
    pub id: String,
    /// 诱多 / 诱空.
    pub direction: Direction,
    /// `T0`.
    pub implementation_date: Date,
    /// `T1`.
    pub disclosure_date: Date,
    /// `E`: eligible shares (long: the window layer at the close before `T1`; short:
    /// the eligible short position).
    pub eligible_shares: Shares,
    /// `B`, 4 places (long only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buy_average: Option<Price>,
    /// Long: `S`, eligible shares sold in the settlement period. Short: the window sells
    /// that built the eligible position (equals `E`).
    pub sold_shares: Shares,
    /// Long: `Ps`. Short: `A`, the average window sell price. 4 places.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sell_average: Option<Price>,
    /// Long: `H = E − S`. Short: `E − R`, not bought back by `Tb`.
    pub held_shares: Shares,
    /// Short: `R`, eligible shares bought back in the settlement period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bought_back_shares: Option<Shares>,
    /// Short: `Pr`, 4 places.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buy_back_average: Option<Price>,
    /// `Tb`.
    pub base_date: Date,
    /// `Pb`, 4 places.
    pub base_price: Price,
    /// Whether `Tb` was given or computed.
    pub base_date_source: Provided,
    /// Whether `Pb` was given or computed.
    pub base_price_source: Provided,
    /// The turnover table behind a computed `Tb` (days 1..n from `T1`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub turnover: Vec<TurnoverDay>,
    /// Long: `(B − Ps) × S`. Short: `(Pr − A) × R`.
    pub loss_sold: Yuan,
    /// Long: `(B − Pb) × H`. Short: `(Pb − A) × (E − R)`.
    pub loss_held: Yuan,
    /// `L` after netting.
    pub investment_loss: Yuan,
    /// The two parts in detail, with their deduction ratios.
    pub parts: Vec<Part>,
    /// `L − C1`.
    pub systemic_deduction: Yuan,
    /// `D_non`.
    pub non_systemic_deduction: Yuan,
    /// Whether the minimum-compensation floor raised `C`.
    pub min_compensation_applied: bool,
    /// `C`.
    pub compensable_loss: Yuan,
    /// The stamp duty rate used (case value or statutory at `Tb`).
    pub stamp_duty_rate: Ratio,
    /// Commission.
    pub commission: Yuan,
    /// Stamp duty.
    pub stamp_duty: Yuan,
    /// Interest.
    pub interest: Yuan,
    /// `Dbuy` for interest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interest_from: Option<Date>,
    /// Days of interest (`Dend − Dbuy`, may be fractional).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interest_days: Option<Ratio>,
    /// The principal interest is charged on (`C`, or `C` + commission + stamp duty,
    /// unrounded), rounded to the fen for display.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interest_principal: Option<Yuan>,
    /// Each stretch of the interest period at one rate.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub interest_periods: Vec<InterestPeriod>,
    /// `round(C) + commission + stamp duty + interest`.
    pub compensation: Yuan,
    /// Each input row: its classification and effect in this segment.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub trades: Vec<TradeEffect>,
    /// The explanation, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Step>,
}

/// One stretch of the interest period at one rate (rules.md §9).
#[derive(Clone, Debug, Serialize)]
pub struct InterestPeriod {
    /// First day.
    pub from: Date,
    /// Last day (inclusive).
    pub to: Date,
    /// Days, fractional at the ends, 4 places.
    pub days: Ratio,
    /// Yearly rate.
    pub rate: Ratio,
}

/// One part of the loss (sold / held, or bought back / not bought back).
#[derive(Clone, Debug, Serialize)]
pub struct Part {
    /// `sold`, `held`, `bought_back` or `not_bought_back`.
    pub name: &'static str,
    /// Shares in the part.
    pub shares: Shares,
    /// The exit price of the part (`Ps`, `Pb` or `Pr`), 4 places.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exit_price: Option<Price>,
    /// The part's loss, rounded.
    pub loss: Yuan,
    /// The stock's fall `rP` (or rise, short), when an index method ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stock_change: Option<Ratio>,
    /// The indices' mean fall `rI` (or rise), when an index method ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index_change: Option<Ratio>,
    /// Per index: its entry (`IB` or `I0`) and exit (`IS`, `IP`) level.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub indices: Vec<IndexLevels>,
    /// `k` for this part.
    pub systemic_ratio: Ratio,
    /// `k × scale × L_part` when the part lost money, rounded.
    pub systemic_deduction: Yuan,
}

/// An index's levels behind a deduction ratio.
#[derive(Clone, Debug, Serialize)]
pub struct IndexLevels {
    /// Index code.
    pub index: String,
    /// `IB` (index cost) or `I0` (close before `T1`), 4 places.
    pub entry: Price,
    /// `IS` or `IP`, 4 places.
    pub exit: Price,
    /// This index's fall (long) or rise (short).
    pub change: Ratio,
}

/// One trading day in the base-date computation.
#[derive(Clone, Debug, Serialize)]
pub struct TurnoverDay {
    /// Day number from `T1` (day 1 is the first trading day on or after `T1`).
    pub day: u32,
    /// Date.
    pub date: Date,
    /// Close used for `Pb` (adjusted when an ex-rights event followed).
    pub close: Price,
    /// Volume.
    pub volume: Ratio,
    /// Float.
    pub float: Ratio,
    /// Volume ÷ float.
    pub turnover: Ratio,
    /// Cumulative turnover.
    pub cumulative: Ratio,
}

/// When a row happened relative to a segment's dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// Before `T0`.
    Before,
    /// `T0 <= d < T1`.
    Window,
    /// `T1 <= d <= Tb`.
    Settlement,
    /// After `Tb`.
    After,
}

/// A FIFO layer (rules.md §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Layer {
    /// Held at the start of `T0`.
    Pre,
    /// Bought in the window.
    Window,
    /// Bought on or after `T1`.
    Post,
}

/// One input row and what it did in a segment.
#[derive(Clone, Debug, Serialize)]
pub struct TradeEffect {
    /// 1-based line in its file.
    pub row: u32,
    /// The file's name.
    pub file: String,
    /// Account.
    pub account: String,
    /// Date.
    pub date: Date,
    /// Time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<TimeOfDay>,
    /// Kind.
    pub kind: Kind,
    /// Quantity as given.
    pub quantity: u64,
    /// Price as given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<Price>,
    /// Quantity after the ex-rights adjustment, when it differs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adjusted_quantity: Option<Shares>,
    /// Price after the adjustment, when it differs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adjusted_price: Option<Price>,
    /// Before / window / settlement / after.
    pub phase: Phase,
    /// The layer a purchase went to (long).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layer: Option<Layer>,
    /// Shares a sell took from `pre`.
    #[serde(skip_serializing_if = "is_zero")]
    pub from_pre: Shares,
    /// Shares a sell took from `window`.
    #[serde(skip_serializing_if = "is_zero")]
    pub from_window: Shares,
    /// Shares a sell took from `post`.
    #[serde(skip_serializing_if = "is_zero")]
    pub from_post: Shares,
    /// Change of the eligible position (window buys +, window sells out of it −; short:
    /// window sells +, re-purchases −).
    #[serde(skip_serializing_if = "is_zero")]
    pub eligible_change: Shares,
    /// Eligible shares this row sold (long) or bought back (short) in the settlement
    /// period: they form the first part of the loss.
    #[serde(skip_serializing_if = "is_zero")]
    pub counted: Shares,
    /// For a window row that changed the eligible layer: its size right after the row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eligible_after: Option<Shares>,
    /// …and the layer's average price by the segment's method right after the row, 4
    /// places (for a person redoing the average by hand).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub average_after: Option<Price>,
    /// Why the row does nothing, or a remark.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn is_zero(s: &Shares) -> bool {
    s.0.is_zero()
}

/// A surprising but usable input, carried beside the result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// Stable code.
    pub code: &'static str,
    /// 1-based row in its file, when about one row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<u32>,
    /// The file's name, when about one row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The segment, when about one segment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
    /// Message in the result's language.
    pub message: String,
}

/// The legal provision (or scheme rule) a step applies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Authority {
    /// `spc2022`, `spc2003`, `case` (the scheme's own rule) or `redress` (a documented
    /// choice of this calculator where the law is silent; see DESIGN.md).
    pub source: &'static str,
    /// Article number, when a provision.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article: Option<u32>,
    /// Human-readable citation in the result's language.
    pub label: String,
}

/// One step of the explanation.
#[derive(Clone, Debug, Serialize)]
pub struct Step {
    /// Stable code (`eligibility`, `buy-average`, …).
    pub code: &'static str,
    /// Short title.
    pub title: String,
    /// The arithmetic, with every number, so that a person can redo it.
    pub text: String,
    /// What it rests on.
    pub authority: Authority,
}
