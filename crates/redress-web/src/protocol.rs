//! The messages between the page and its worker, and the views the worker sends back.
//!
//! The worker owns the heavy data (every input file, every parsed row, the estimate with
//! its per-trade table); the page owns what the user chose. The page sends small requests
//! and receives summaries, pages of rows and exports, never a whole 100,000-row table.
//!
//! Messages travel as bincode (gloo-worker's codec), so these types use no
//! `skip_serializing_if`, no untagged enums and no decimals: every number the page shows
//! is already formatted for the requested language by the worker, with the core's own
//! formatting (`redress::format`). The page does no arithmetic on money.

use redress::case::parameters::Value;
use redress::{Lang, Method};
use serde::{Deserialize, Serialize};

/// A request from the page, numbered so that replies can be matched.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// Increases with every request the page sends.
    pub seq: u64,
    /// What to do.
    pub job: Job,
}

/// What the page asks the worker to do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Job {
    /// The built-in cases that match a query (empty: all), in the given language.
    Cases {
        /// The search text.
        query: String,
        /// The language of names and summaries.
        lang: Lang,
    },
    /// Adds or replaces an input (one account's file or pasted text).
    Source {
        /// The page's id of the input.
        id: u32,
        /// The file name, or a label for pasted text.
        name: String,
        /// The content.
        content: Content,
    },
    /// Removes an input.
    RemoveSource {
        /// The page's id of the input.
        id: u32,
    },
    /// Everything else the estimate depends on; the worker recomputes after this and after
    /// every change of the inputs.
    Compute(Params),
    /// A page of the review table or of the per-trade table.
    Page(PageQuery),
    /// A file to save.
    Export(ExportKind),
    /// The inputs as text, for "remember on this device".
    Snapshot,
    /// Which of the case's open choices reproduce an amount offered (after the last
    /// computation).
    Reconcile(OfferSpec),
}

/// The offer as typed on the result page: the amount, and any figure of the offer letter
/// (empty when not given).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferSpec {
    /// The amount offered (yuan).
    pub amount: String,
    /// Eligible shares on the letter.
    pub eligible_shares: String,
    /// The buy average on the letter.
    pub buy_average: String,
    /// The investment loss on the letter.
    pub loss: String,
    /// The systemic deduction ratio on the letter (`25%`, `0.25`).
    pub ratio: String,
}

/// The reconcile search's answer, formatted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconcileView {
    /// The computation it belongs to.
    pub rev: u64,
    /// The amount offered.
    pub offered: String,
    /// What the case as it stands gives (empty when it cannot compute).
    pub default: String,
    /// The combinations that reproduce the offer (at most ten), fewest published values
    /// overridden first.
    pub exact: Vec<CandidateView>,
    /// How many candidates reproduce it in all (each with the combinations folded into it).
    pub exact_count: u32,
    /// Whether the amount offered is 0 (as a rule "not eligible", not a deduction).
    pub zero: bool,
    /// When none does: the nearest.
    pub nearest: Vec<CandidateView>,
    /// The fixed systemic ratio that reproduces the amount, when one does.
    pub ratio: Option<RatioView>,
    /// How many combinations were computed.
    pub searched: u32,
    /// Why there is no answer (a field that is not a number, no result to start from).
    pub problem: Option<String>,
}

/// One combination of choices and what it gives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateView {
    /// The compensation.
    pub amount: String,
    /// Its difference from the offer in words (empty when none).
    pub difference: String,
    /// What differs from the case.
    pub changes: Vec<ChangeView>,
    /// The other combinations that give the same: each these changes as well, which make
    /// no difference for these trades.
    pub same: Vec<Vec<ChangeView>>,
}

/// One parameter changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeView {
    /// The parameter.
    pub label: String,
    /// The case's value.
    pub from: String,
    /// The value that reproduces the offer.
    pub to: String,
    /// The article (or the calculation's rule) the choice falls under.
    pub authority: String,
    /// Whether it overrides a published value.
    pub published: bool,
}

/// The fixed ratio that reproduces the amount.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatioView {
    /// The ratio as a percent.
    pub ratio: String,
    /// What it gives.
    pub amount: String,
    /// Whether it gives the offer to the fen.
    pub exact: bool,
    /// The other changes it goes with.
    pub changes: Vec<ChangeView>,
}

/// One contested choice and what each other value gives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhatIfView {
    /// The parameter.
    pub label: String,
    /// The case's value.
    pub current: String,
    /// Each other value, its compensation and the change from this result.
    pub alternatives: Vec<(String, String, String)>,
}

/// The content of an input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Content {
    /// The bytes of a dropped or chosen file, in any encoding.
    Bytes(Vec<u8>),
    /// Pasted (or remembered) text.
    Text(String),
    /// A workbook's sheet as the workbook worker read it (that worker is loaded only when
    /// a workbook is dropped), or why it could not: the reader's description, or `None`
    /// when the workbook is too large.
    Sheet(Result<redress::import::Sheet, Option<String>>),
}

/// What the estimate depends on besides the inputs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Params {
    /// Language of every message.
    pub lang: Lang,
    /// The case.
    pub case: CaseChoice,
    /// The buy-average method, when the user chose one other than the case's.
    pub method: Option<Method>,
    /// The answer to "did you hold shares before the history starts?": `None` until
    /// answered (the history's own shortfall then applies).
    pub opening: Option<u64>,
    /// Rows fixed or excluded by hand.
    pub edits: Vec<Edit>,
    /// Rows added by hand.
    pub added: Vec<RowCells>,
    /// The ids of the inputs, in the order the page lists them (the order of accounts).
    pub order: Vec<u32>,
    /// What the user supplied for a built-in case: parameter paths and values
    /// (`redress::case::parameters::set_all`), daily bars and index closes as pasted text.
    pub supplied: Supplied,
    /// The user's answers about inputs that share identical trades (unanswered pairs are
    /// counted once, as one account exported twice: never a doubled claim).
    pub duplicates: Vec<SameAccount>,
}

/// The answer about two inputs that share identical trades.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SameAccount {
    /// The page's id of the earlier input.
    pub earlier: u32,
    /// The page's id of the later input.
    pub later: u32,
    /// One account exported twice (its trades counted once), or two accounts (`false`).
    pub same: bool,
}

/// What the user supplied for a built-in case that does not know everything.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Supplied {
    /// Parameter paths and values (`segments.main.base_price` = `8.00`); empty values are
    /// left out.
    pub values: Vec<(String, String)>,
    /// Daily bars of the security (any day-bar export `redress::market::import` reads).
    pub market: String,
    /// Closes of the reference indices.
    pub indices: String,
}

impl Supplied {
    /// The value supplied for a path (empty when none).
    pub fn value(&self, path: &str) -> &str {
        self.values.iter().find(|(p, _)| p == path).map_or("", |(_, v)| v.as_str())
    }

    /// Sets (or, when empty, clears) the value of a path.
    pub fn set(&mut self, path: &str, value: String) {
        self.values.retain(|(p, _)| p != path);
        if !value.trim().is_empty() {
            self.values.push((path.to_owned(), value));
        }
    }
}

/// Which case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaseChoice {
    /// A built-in case, by id.
    Builtin(String),
    /// A case described by the user.
    Custom(Box<CaseSpec>),
}

impl Default for CaseChoice {
    fn default() -> CaseChoice {
        CaseChoice::Builtin("demo".to_owned())
    }
}

/// A custom case as the form holds it: text fields, validated by the worker, whose errors
/// name the field (`t0`, `pb`, `commission_rate`…).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseSpec {
    /// Display name.
    pub name: String,
    /// Six-digit security code.
    pub security: String,
    /// `spc2022` or `spc2003`.
    pub regime: String,
    /// `long` (诱多) or `short` (诱空).
    pub direction: String,
    /// Implementation date `T0`.
    pub t0: String,
    /// Disclosure date `T1`.
    pub t1: String,
    /// Base date `Tb` (empty: computed from market data).
    pub tb: String,
    /// Base price `Pb` (empty: computed from market data).
    pub pb: String,
    /// Last trading day of a delisted security (2003 provisions, Art. 33); empty when it
    /// still trades. Absent from what was remembered before it existed.
    #[serde(default)]
    pub last_trading: String,
    /// Buy-average method id.
    pub buy_average: String,
    /// `net` or `per-part`.
    pub netting: String,
    /// Commission rate.
    pub commission_rate: String,
    /// Stamp duty rate (empty: the statutory rate at `Tb`).
    pub stamp_duty_rate: String,
    /// `compensable` or `loss`.
    pub fees_on: String,
    /// Non-systemic deduction ratio.
    pub non_systemic_ratio: String,
    /// Minimum compensation ratio.
    pub min_compensation_ratio: String,
    /// Interest rate: `deposit-table` or a yearly rate (empty: the regime's default).
    pub interest_rate: String,
    /// `loss-and-fees` or `loss`. Absent from what was remembered before it existed.
    #[serde(default = "loss_and_fees")]
    pub interest_principal: String,
    /// `360` or `365`. Absent from what was remembered before it existed.
    #[serde(default = "days_360")]
    pub interest_days_per_year: String,
    /// Systemic method id.
    pub systemic_method: String,
    /// Fixed systemic ratio.
    pub systemic_ratio: String,
    /// Reference index codes, separated by commas or spaces.
    pub systemic_indices: String,
    /// Share of the systemic deduction applied.
    pub systemic_scale: String,
    /// Whether cash dividends adjust earlier prices.
    pub adjust_dividends: bool,
    /// Pasted market data `date,close,volume,float` (optional).
    pub market: String,
    /// Pasted index closes `date,index,close` (optional).
    pub indices: String,
}

/// The text fields of [`CaseSpec`] by the ids the form, the reducer and links use (each
/// id is the field's name): one list, so that a new field is added once.
macro_rules! case_spec_text_fields {
    ($($field:ident),* $(,)?) => {
        impl CaseSpec {
            /// The ids of the text fields, in the order links write them.
            pub const TEXT_FIELDS: &'static [&'static str] = &[$(stringify!($field)),*];

            /// A text field by its id.
            pub fn text(&self, id: &str) -> Option<&String> {
                match id {
                    $(stringify!($field) => Some(&self.$field),)*
                    _ => None,
                }
            }

            /// A text field by its id, to change.
            pub fn text_mut(&mut self, id: &str) -> Option<&mut String> {
                match id {
                    $(stringify!($field) => Some(&mut self.$field),)*
                    _ => None,
                }
            }
        }
    };
}

case_spec_text_fields!(
    name,
    security,
    regime,
    direction,
    t0,
    t1,
    tb,
    pb,
    last_trading,
    buy_average,
    netting,
    commission_rate,
    stamp_duty_rate,
    fees_on,
    non_systemic_ratio,
    min_compensation_ratio,
    interest_rate,
    interest_principal,
    interest_days_per_year,
    systemic_method,
    systemic_ratio,
    systemic_indices,
    systemic_scale,
    market,
    indices,
);

impl CaseSpec {
    /// The case parameter (`redress::case::parameters`) each field of the form sets, the
    /// custom case's one segment being `main`: one list for the worker's custom case,
    /// the form's own checks and the problems that name a field.
    pub const PARAMETERS: &'static [(&'static str, &'static str)] = &[
        ("security", "security"),
        ("regime", "regime"),
        ("direction", "segments.main.direction"),
        ("t0", "segments.main.implementation_date"),
        ("t1", "segments.main.disclosure_date"),
        ("tb", "segments.main.base_date"),
        ("pb", "segments.main.base_price"),
        ("last_trading", "segments.main.last_trading_date"),
        ("buy_average", "rules.buy_average"),
        ("netting", "rules.netting"),
        ("commission_rate", "rules.commission_rate"),
        ("stamp_duty_rate", "rules.stamp_duty_rate"),
        ("fees_on", "rules.fees_on"),
        ("non_systemic_ratio", "rules.non_systemic_ratio"),
        ("min_compensation_ratio", "rules.min_compensation_ratio"),
        ("interest_rate", "rules.interest_rate"),
        ("interest_principal", "rules.interest_principal"),
        ("interest_days_per_year", "rules.interest_days_per_year"),
        ("systemic_method", "rules.systemic.method"),
        ("systemic_ratio", "rules.systemic.ratio"),
        ("systemic_indices", "rules.systemic.indices"),
        ("systemic_scale", "rules.systemic.scale"),
        ("adjust_dividends", "rules.adjust_dividends"),
    ];

    /// The parameter path a field of the form sets.
    pub fn path_of(field: &str) -> Option<&'static str> {
        CaseSpec::PARAMETERS.iter().find(|(f, _)| *f == field).map(|(_, p)| *p)
    }

    /// The field of the form that sets a parameter path.
    pub fn field_of(path: &str) -> Option<&'static str> {
        CaseSpec::PARAMETERS.iter().find(|(_, p)| *p == path).map(|(f, _)| *f)
    }

    /// Whether the chosen systemic method uses a field (the core's rule,
    /// `SystemicMethod::uses`). A field it does not use is not shown and not read, so that
    /// a value left in it from another method never blocks the calculation.
    pub fn uses(&self, field: &str) -> bool {
        let method = redress::case::parameters::find("rules.systemic.method")
            .and_then(|p| p.choices().iter().find(|c| c.id == self.systemic_method))
            .map(|c| c.value.clone());
        match (method, CaseSpec::path_of(field)) {
            (Some(Value::Systemic(m)), Some(path)) => m.uses(path),
            _ => true,
        }
    }

    /// Every parameter the form sets, as (path, text), in the form's order; a field the
    /// systemic method does not use is left out (empty).
    pub fn parameter_values(&self) -> Vec<(&'static str, String)> {
        CaseSpec::PARAMETERS
            .iter()
            .map(|(field, path)| {
                let text = match *field {
                    f if !self.uses(f) => String::new(),
                    "adjust_dividends" => self.adjust_dividends.to_string(),
                    f => self.text(f).cloned().unwrap_or_default(),
                };
                (*path, text)
            })
            .collect()
    }
}

fn loss_and_fees() -> String {
    "loss-and-fees".into()
}

fn days_360() -> String {
    "360".into()
}

impl Default for CaseSpec {
    fn default() -> CaseSpec {
        CaseSpec {
            name: String::new(),
            security: String::new(),
            regime: "spc2022".into(),
            direction: "long".into(),
            t0: String::new(),
            t1: String::new(),
            tb: String::new(),
            pb: String::new(),
            last_trading: String::new(),
            buy_average: "moving-average".into(),
            netting: "net".into(),
            commission_rate: "0.0003".into(),
            stamp_duty_rate: String::new(),
            fees_on: "compensable".into(),
            non_systemic_ratio: "0".into(),
            min_compensation_ratio: "0".into(),
            interest_rate: String::new(),
            interest_principal: loss_and_fees(),
            interest_days_per_year: days_360(),
            systemic_method: "none".into(),
            systemic_ratio: String::new(),
            systemic_indices: String::new(),
            systemic_scale: "1".into(),
            adjust_dividends: false,
            market: String::new(),
            indices: String::new(),
        }
    }
}

/// A row's identity: the input it came from and its line there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RowKey {
    /// The page's id of the input (`u32::MAX` for rows added by hand).
    pub source: u32,
    /// 1-based line.
    pub row: u32,
}

/// A row's cells as text, the way a person types them (canonical columns).
pub use redress::canonical::RowCells;

/// A fix by hand.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    /// The row.
    pub key: RowKey,
    /// What to do with it.
    pub action: EditAction,
}

/// What a fix does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EditAction {
    /// Use these cells instead of the file's.
    Replace(RowCells),
    /// Leave the row out.
    Exclude,
}

/// A page of a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageQuery {
    /// Which table.
    pub table: Table,
    /// The first row (0-based).
    pub offset: u32,
    /// How many rows.
    pub limit: u32,
}

/// The tables the worker pages through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Table {
    /// Every input row with its status, filtered.
    Review(RowFilter),
    /// The per-trade table of one segment.
    Trades {
        /// Index of the segment.
        segment: u32,
    },
}

/// Which review rows to list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowFilter {
    /// The rows that count or need attention: used and rejected (the review's default;
    /// ignored rows are one click away).
    #[default]
    Attention,
    /// All rows.
    All,
    /// Rows that became trades.
    Used,
    /// Rows ignored.
    Ignored,
    /// Rows rejected.
    Rejected,
    /// Rows fixed, excluded or added by hand.
    Edited,
}

impl RowFilter {
    /// Every filter, in display order.
    pub const ALL: [RowFilter; 6] = [
        RowFilter::Attention,
        RowFilter::All,
        RowFilter::Used,
        RowFilter::Ignored,
        RowFilter::Rejected,
        RowFilter::Edited,
    ];
}

/// The files the page can save.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExportKind {
    /// The estimate as JSON (interfaces.md "Result").
    ResultJson,
    /// The trades used, as a canonical CSV.
    TradesCsv,
}

/// A reply from the worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    /// The last request the worker had applied when it sent this.
    pub seq: u64,
    /// What it says.
    pub body: Body,
}

/// What a reply says.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Body {
    /// Work in progress.
    Progress(Progress),
    /// The cases matching a query.
    Cases(Vec<CaseCard>),
    /// The review and the estimate after a change.
    Computed(Box<Computed>),
    /// A page of a table.
    Page(Page),
    /// A file to save.
    Export(Export),
    /// The inputs as text.
    Snapshot(Vec<SnapshotSource>),
    /// The reconcile search's answer.
    Reconciled(Box<ReconcileView>),
}

/// How far the worker is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// The stage.
    pub stage: Stage,
    /// Steps done in this stage.
    pub done: u32,
    /// Steps in this stage.
    pub total: u32,
}

/// The stages of a computation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    /// Decoding and reading the inputs.
    Reading,
    /// Computing the estimate.
    Computing,
    /// Computing the method comparison.
    Comparing,
    /// Preparing what the page shows.
    Presenting,
    /// Loading the public market data of the chosen case (same origin, once per case).
    CaseData,
}

/// A built-in case as the list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseCard {
    /// Id.
    pub id: String,
    /// Name in the requested language.
    pub name: String,
    /// Security code (and former codes).
    pub security: String,
    /// The provisions, as a label.
    pub regime: String,
    /// The segments' dates, as a short line.
    pub dates: String,
    /// A short summary.
    pub summary: String,
    /// Whether this is a constructed example.
    pub example: bool,
}

/// Everything the page shows after a change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Computed {
    /// A number that changes with every computation (pages carry it too).
    pub rev: u64,
    /// The inputs and their rows.
    pub review: Review,
    /// The case as used.
    pub case: Option<CaseView>,
    /// The estimate, or why there is none.
    pub result: Result<ResultView, Problem>,
}

/// A problem that stops the estimate, with where it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// Stable code (`no-trades`, `case-value`, …).
    pub code: String,
    /// The message, location first.
    pub message: String,
    /// The case field at fault (a custom-case form field id), when it is one.
    pub field: Option<String>,
}

impl Problem {
    /// Whether the case step should show it: anything but the lack of trades, which the
    /// case step cannot help with (the trades step and the result say it).
    pub fn concerns_the_case(&self) -> bool {
        self.code != "no-trades"
    }
}

/// The inputs and what became of their rows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// One entry per input, in the page's order.
    pub sources: Vec<SourceView>,
    /// Rows used, ignored, rejected and edited over all inputs.
    pub counts: Counts,
    /// The first and last trade dates, formatted.
    pub first_date: Option<String>,
    /// The last trade date.
    pub last_date: Option<String>,
    /// Whether to ask "did you hold shares before the history starts?": the history
    /// starts on or after `T0`, or sells exceed what it shows.
    pub ask_opening: bool,
    /// The shortfall the history itself shows (shares sold that it never bought).
    pub shortfall: String,
    /// Inputs that could not be read, and why (in the requested language).
    pub notes: Vec<String>,
    /// What the importer found about the selected security's files and accounts: an
    /// opening position inferred from a balance column, a balance gap, rows reversed or
    /// sorted (in the requested language).
    pub findings: Vec<String>,
    /// Pairs of inputs that share identical trades, with how they are counted.
    pub overlaps: Vec<OverlapView>,
}

/// Two inputs that share identical trades: the question to the user and its answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverlapView {
    /// The page's id of the earlier input.
    pub earlier: u32,
    /// The page's id of the later input.
    pub later: u32,
    /// The earlier input's name.
    pub earlier_name: String,
    /// The later input's name.
    pub later_name: String,
    /// How many trades they share.
    pub trades: u64,
    /// Whether they are counted as one account exported twice (the shared trades once).
    pub same: bool,
    /// Whether the user said so (else it is the default).
    pub answered: bool,
}

/// Row counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Became trades.
    pub used: u32,
    /// Not trades of shares, each with why.
    pub ignored: u32,
    /// Unusable, each with why.
    pub rejected: u32,
    /// Fixed, excluded or added by hand.
    pub edited: u32,
}

impl Counts {
    /// Every row listed.
    pub fn total(self) -> u32 {
        self.used.saturating_add(self.ignored).saturating_add(self.rejected)
    }

    /// The rows a filter lists (edited rows are also counted in their status).
    pub fn of(self, filter: RowFilter) -> u32 {
        match filter {
            RowFilter::Attention => self.used.saturating_add(self.rejected),
            RowFilter::All => self.total(),
            RowFilter::Used => self.used,
            RowFilter::Ignored => self.ignored,
            RowFilter::Rejected => self.rejected,
            RowFilter::Edited => self.edited,
        }
    }
}

/// One input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceView {
    /// The page's id.
    pub id: u32,
    /// The name.
    pub name: String,
    /// The account label its rows carry.
    pub account: String,
    /// What it was read as (`UTF-8 · CSV`, `GB18030/GBK · CSV`…).
    pub format: String,
    /// Its rows.
    pub counts: Counts,
    /// A problem that made the whole input unreadable.
    pub error: Option<String>,
    /// Why it adds nothing to the estimate, when it does not (unreadable, only other
    /// securities, every row rejected…): the result names it.
    pub unused: Option<String>,
}

/// What became of one input row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowStatus {
    /// It became a trade.
    Used,
    /// It is not a trade of shares.
    Ignored,
    /// It cannot be used.
    Rejected,
}

/// A row of the review table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewRow {
    /// Its identity (for fixing it).
    pub key: RowKey,
    /// The input's name.
    pub file: String,
    /// Used, ignored or rejected.
    pub status: RowStatus,
    /// Why, for an ignored or rejected row; a remark for a used one.
    pub reason: String,
    /// The column at fault.
    pub column: String,
    /// The cells as read (or as fixed), for showing and for the editor.
    pub cells: RowCells,
    /// The kind in the requested language (a broker's business text as written).
    pub kind_label: String,
    /// The broker's business text as read, when it is not a canonical kind (`cells.kind`
    /// then holds the kind it means, or nothing).
    pub kind_read: String,
    /// Fixed, excluded or added by hand.
    pub edited: bool,
    /// For a rejected sell: how counting it would change the compensation (empty when it
    /// would not, or cannot be told).
    pub impact: String,
}

/// A row of the per-trade table (`SegmentResult::trades`), formatted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TradeRow {
    /// Input name and line.
    pub origin: String,
    /// Account.
    pub account: String,
    /// Date (and time).
    pub date: String,
    /// Kind, in words.
    pub kind: String,
    /// Whether it is a purchase (for the page's marks).
    pub buy: bool,
    /// Quantity (adjusted quantity after it, when different).
    pub quantity: String,
    /// Price (adjusted price after it, when different).
    pub price: String,
    /// Before the window, in it, settlement period, after.
    pub phase: String,
    /// The layer a purchase went to.
    pub layer: String,
    /// Change of the eligible position.
    pub eligible: String,
    /// What a sell took from each layer.
    pub took: String,
    /// Eligible shares that form the first part of the loss.
    pub counted: String,
    /// A remark.
    pub note: String,
}

/// A page of one table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page {
    /// The computation it belongs to.
    pub rev: u64,
    /// What was asked.
    pub query: PageQuery,
    /// Rows matching (for "page x of y").
    pub total: u32,
    /// The rows.
    pub rows: PageRows,
}

/// The rows of a page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum PageRows {
    /// Review rows.
    Review(Vec<ReviewRow>),
    /// Per-trade rows.
    Trades(Vec<TradeRow>),
}

/// A file to save.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Export {
    /// Which.
    pub kind: ExportKind,
    /// The suggested file name.
    pub file_name: String,
    /// The MIME type.
    pub mime: String,
    /// The content (empty when there is nothing to export).
    pub text: String,
}

/// An input as text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotSource {
    /// The page's id.
    pub id: u32,
    /// The name.
    pub name: String,
    /// The decoded text (empty for a workbook).
    pub text: String,
    /// A workbook's sheet as the workbook reader read it (it has no text).
    pub sheet: Option<redress::import::Sheet>,
}

/// The case as used, with the status of each parameter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseView {
    /// Id.
    pub id: String,
    /// Name in the requested language.
    pub name: String,
    /// Security code.
    pub security: String,
    /// The provisions.
    pub regime: String,
    /// What happened (summary).
    pub summary: String,
    /// Whether it is a constructed example.
    pub example: bool,
    /// Whether the user described it.
    pub custom: bool,
    /// The sources of the parameters.
    pub sources: Vec<SourceLink>,
    /// Every parameter with its value and status.
    pub parameters: Vec<ParameterView>,
    /// `T0` of the first segment (`YYYY-MM-DD`).
    pub t0: String,
    /// What the user must supply before the case can be estimated (from the built-in
    /// case as published, so that the form stays while the user types).
    pub needs: Vec<NeedView>,
    /// The public market data shipped with the case and used, with their sources.
    #[serde(default)]
    pub data: Vec<DataFileView>,
}

/// One shipped market-data file, for the "market data sources" list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataFileView {
    /// What it holds: code, name, dates and rows, in words.
    pub title: String,
    /// Each source: repository, path, commit and the rows taken.
    pub sources: Vec<String>,
    /// What was checked (English, as the provenance file says).
    pub checks: Vec<String>,
    /// What could not be checked (English).
    pub unchecked: Vec<String>,
}

/// One thing a built-in case needs from the user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedView {
    /// What kind.
    pub kind: NeedKind,
    /// The parameter path (for a parameter), else `market` or `indices`.
    pub path: String,
    /// A label in the requested language.
    pub label: String,
    /// Why, or what to paste.
    pub note: String,
    /// What the case has for it when left empty (the systemic method of a case that
    /// publishes it but not its ratio: "固定比例"), else empty.
    pub current: String,
}

/// Kinds of [`NeedView`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NeedKind {
    /// A parameter value.
    Parameter,
    /// Daily bars of the security.
    Market,
    /// Closes of the reference indices.
    Index,
}

/// A source document (the page never follows links by itself).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceLink {
    /// Title.
    pub title: String,
    /// Address.
    pub url: String,
    /// Whether it is an official announcement (an exchange, a regulator, a court, the
    /// investor-protection fund, the statutory disclosure site); else a reprint, marked.
    pub official: bool,
    /// Whether the page may link to it (an official or reviewed publisher); else `url`
    /// is only the site's host name, shown as text (`redress::source`).
    pub linked: bool,
}

/// How sure a parameter is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ParamStatus {
    /// Read in a published source.
    Published,
    /// From a secondary or weak source only.
    Unverified,
    /// Chosen by Redress (no source gives it).
    Assumed,
    /// Not published: to be supplied.
    Unknown,
    /// Typed by the user.
    User,
    /// Computed from the public market data shipped with the case.
    Computed,
    /// A made-up example.
    Example,
    /// The case file does not say (the default of rules.md applies).
    Default,
}

/// One parameter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParameterView {
    /// Its path in the case file (`segments.main.base_price`).
    pub path: String,
    /// What it is, in words.
    pub label: String,
    /// Its value as used.
    pub value: String,
    /// Its status.
    pub status: ParamStatus,
    /// The note of the case file.
    pub note: String,
}

/// The estimate, formatted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResultView {
    /// The compensation (`15,520.15`).
    pub compensation: String,
    /// Each contested choice and what its other values would give, the largest effect
    /// first (empty for histories too large to try them all at each change).
    pub what_if: Vec<WhatIfView>,
    /// Why the compensation is only an upper bound (the user chose no deduction where the
    /// case's scheme deducted market risk, or may have); empty when it is not.
    pub upper_bound: String,
    /// The method used.
    pub method: Method,
    /// How segments combine, in words (when there are several).
    pub combine: String,
    /// One entry per segment.
    pub segments: Vec<SegmentView>,
    /// The rule parameters actually used, in words.
    pub rules: Vec<(String, String)>,
    /// Shares held before the history (given plus inferred).
    pub opening_position: String,
    /// The part inferred from sells beyond the history.
    pub opening_shortfall: String,
    /// Ex-rights events applied.
    pub adjustments: Vec<String>,
    /// Warnings with their location.
    pub warnings: Vec<WarningView>,
    /// The method comparison.
    pub comparison: Comparison,
    /// The chart.
    pub chart: Chart,
    /// The same chart laid out for a phone's width.
    pub chart_narrow: Chart,
    /// The investor's deadlines for the case, as of the page's today.
    #[serde(default)]
    pub deadlines: Vec<DeadlineView>,
}

/// One deadline, for the result page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineView {
    /// The day.
    pub date: String,
    /// What it means, with the days left.
    pub text: String,
    /// What it rests on.
    pub authority: String,
    /// Whether it has passed.
    pub past: bool,
    /// Whether it is the nearest still to come.
    pub next: bool,
    /// The source address of a date the case records.
    pub source: String,
    /// Whether the source is weak (unverified).
    pub unverified: bool,
}

/// A warning.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarningView {
    /// Stable code.
    pub code: String,
    /// Where (file and row), when about a row.
    pub at: String,
    /// The message.
    pub message: String,
}

/// One segment's numbers, formatted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentView {
    /// Id.
    pub id: String,
    /// Its name for the investor (by its disclosure date, when the case has several).
    pub label: String,
    /// Whether it is a short (诱空) segment.
    pub short: bool,
    /// The labelled numbers, in the order of the calculation.
    pub figures: Vec<Figure>,
    /// The compensation of the segment.
    pub compensation: String,
    /// Whether this segment was paid (`combine = max`) or counted.
    pub chosen: bool,
    /// The parts of the loss.
    pub parts: Vec<PartView>,
    /// The explanation.
    pub steps: Vec<StepView>,
    /// Rows in its per-trade table.
    pub trade_rows: u32,
    /// How the base date was found, day by day from `T1` (when it was computed): day,
    /// date, close, volume, float, turnover and cumulative turnover, formatted.
    #[serde(default)]
    pub turnover: Vec<[String; 7]>,
}

/// A labelled number of the breakdown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    /// The symbol (`E`, `B`, `Pb`…), empty for none.
    pub symbol: String,
    /// What it is.
    pub label: String,
    /// The value with its unit.
    pub value: String,
    /// Whether it is an amount of the final sum (shown in the "sum" block).
    pub kind: FigureKind,
}

/// Where a figure goes in the breakdown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FigureKind {
    /// A date.
    Date,
    /// Shares or a price that the loss is built from.
    Input,
    /// A loss.
    Loss,
    /// A deduction (shown with a minus).
    Deduction,
    /// An addition (fees, interest).
    Addition,
    /// A subtotal.
    Total,
}

/// One part of the loss.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartView {
    /// Name in words.
    pub name: String,
    /// Shares.
    pub shares: String,
    /// Exit price.
    pub exit_price: String,
    /// Loss.
    pub loss: String,
    /// Systemic ratio.
    pub ratio: String,
    /// Systemic deduction.
    pub deduction: String,
}

/// One step of the explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepView {
    /// Short title.
    pub title: String,
    /// The arithmetic.
    pub text: String,
    /// The article it applies.
    pub authority: String,
    /// `spc2022`, `spc2003`, `case` or `redress`.
    pub source: String,
}

/// The method comparison.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    /// One row per method.
    pub rows: Vec<ComparisonRow>,
    /// The smallest compensation.
    pub low: String,
    /// The largest.
    pub high: String,
    /// Whether the case has deductions at all (else both columns are equal).
    pub has_deductions: bool,
    /// The interest conventions under the method shown (empty: no interest).
    #[serde(default)]
    pub interest: Vec<InterestRow>,
    /// Why the comparison is missing, when it is.
    pub problem: Option<String>,
}

/// One interest convention of the comparison.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterestRow {
    /// What interest is charged on, in words.
    pub principal: String,
    /// The days in the year, in words.
    pub days: String,
    /// The interest.
    pub interest: String,
    /// The compensation.
    pub compensation: String,
    /// Whether it is the case's own convention.
    pub case_default: bool,
}

/// One method.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComparisonRow {
    /// The method.
    pub method: Method,
    /// Its name in the requested language.
    pub name: String,
    /// Investment loss `L`.
    pub loss: String,
    /// Compensation with the case's deductions.
    pub with_deductions: String,
    /// Compensation without them.
    pub without_deductions: String,
    /// Whether it is the method of the result shown.
    pub current: bool,
    /// Whether it is the case's own method.
    pub case_default: bool,
}

/// An SVG chart, laid out by the worker in a fixed view box (integer coordinates).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chart {
    /// View box width.
    pub width: i32,
    /// View box height.
    pub height: i32,
    /// The plot area: left, top, right, bottom of the price panel.
    pub plot: (i32, i32, i32, i32),
    /// The holdings panel: top and bottom.
    pub holdings_band: (i32, i32),
    /// Date ticks: x and label.
    pub x_ticks: Vec<(i32, String)>,
    /// Price ticks: y and label.
    pub y_ticks: Vec<(i32, String)>,
    /// The axis titles: prices (left), the holding's band, dates.
    pub titles: AxisTitles,
    /// Trades (binned when there are many).
    pub marks: Vec<Mark>,
    /// The close price line (SVG path data), when market data is given.
    pub close: String,
    /// The index line, on its own scale (the right axis), when given.
    pub index: String,
    /// The index's ticks on the right axis: y and label.
    pub index_ticks: Vec<(i32, String)>,
    /// The index's code.
    pub index_label: String,
    /// The holdings step line (path data).
    pub holdings: String,
    /// The largest holding, formatted (the top of the holdings panel).
    pub holdings_max: String,
    /// Where its label is drawn: x, y of the baseline, and whether `x` is its end (else
    /// its start); placed so that it is whole inside the chart.
    pub holdings_label: (i32, i32, bool),
    /// Vertical markers (`T0`, `T1`, `Tb`), their labels above the plot, placed so that
    /// none overlaps another, a marker's line or an axis title.
    pub dates: Vec<DateLabel>,
    /// The baseline of the axis titles above the plot (prices at the left, the index at
    /// the right).
    pub titles_y: i32,
    /// Horizontal markers (`Pb`, `B`), their labels placed off the trades' marks and off
    /// each other.
    pub levels: Vec<Level>,
    /// A text description for screen readers.
    pub description: String,
}

/// A vertical marker of the chart (a date) and its label.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateLabel {
    /// The line's x.
    pub x: i32,
    /// `T0`, `T1` or `Tb` (with the segment when there are several).
    pub label: String,
    /// The date, shown on hover.
    pub date: String,
    /// Where the label is anchored: its x and baseline, and which of its points is there
    /// (beside the line when the line's neighbours leave no room above it).
    pub label_x: i32,
    /// The label's baseline.
    pub label_y: i32,
    /// Which point of the label is at `label_x`.
    pub anchor: Anchor,
}

/// Which point of a text is at its x: as SVG's `text-anchor`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Anchor {
    /// Its start (the text runs to the right).
    Start,
    /// Its middle.
    #[default]
    Middle,
    /// Its end (the text runs to the left).
    End,
}

impl Anchor {
    /// The value of SVG's `text-anchor`.
    pub fn svg(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// A horizontal marker of the chart and its label.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Level {
    /// The line's y.
    pub y: i32,
    /// `Pb` or `B` (with the segment when there are several).
    pub label: String,
    /// The value, with its unit.
    pub value: String,
    /// The label's x: its start, or its end when `end`.
    pub x: i32,
    /// Whether `x` is the label's end (drawn at the plot's right).
    pub end: bool,
    /// The y of the label's baseline (above or below the line).
    pub label_y: i32,
}

/// The titles of a chart's axes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AxisTitles {
    /// The price axis (left).
    pub price: String,
    /// The holding's band.
    pub holding: String,
    /// The date axis.
    pub date: String,
    /// The index axis (right), when an index is drawn.
    pub index: String,
}

/// One mark on the chart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    /// x.
    pub x: i32,
    /// y.
    pub y: i32,
    /// Purchase (true) or sale.
    pub buy: bool,
    /// Radius, by quantity.
    pub r: i32,
    /// A tooltip (date, kind, quantity, price; or a bin's summary).
    pub title: String,
}
