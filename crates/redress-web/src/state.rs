//! The page's state and its one pure reducer (tested natively).
//!
//! The state holds what the user chose and the latest summaries from the worker; the
//! inputs' bytes and the full tables live in the worker. [`State::params`] is what the
//! estimate depends on: the app sends it to the worker whenever it changes.

use std::rc::Rc;

use redress::{Lang, Method};
use yew::Reducible;

use crate::i18n::{self, K, t};
use crate::protocol::{
    Body, CaseCard, CaseChoice, CaseSpec, Computed, Edit, EditAction, Job, Page, PageQuery, Params,
    Progress, ReconcileView, Reply, ReviewRow, RowCells, RowFilter, RowKey, SameAccount,
    SnapshotSource, Supplied, Table,
};
use crate::share::{Link, Saved, SavedSource};

/// Rows per page of the review and per-trade tables.
pub const PAGE: u32 = 50;
/// Rows the printed report lists per segment at most.
pub const PRINT_ROWS: u32 = 1000;
/// The id of the rows added by hand (as the worker numbers them).
pub const ADDED: u32 = u32::MAX;

/// The four steps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Step {
    /// Choose the case.
    Case,
    /// Add the trades.
    Trades,
    /// Review the rows.
    Review,
    /// The estimate.
    #[default]
    Result,
}

impl Step {
    /// All steps in order.
    pub const ALL: [Step; 4] = [Step::Case, Step::Trades, Step::Review, Step::Result];

    /// The step's name.
    pub fn label(self, lang: Lang) -> &'static str {
        t(
            lang,
            match self {
                Step::Case => K::StepCase,
                Step::Trades => K::StepTrades,
                Step::Review => K::StepReview,
                Step::Result => K::StepResult,
            },
        )
    }

    /// A stable name (for saving).
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Case => "case",
            Step::Trades => "trades",
            Step::Review => "review",
            Step::Result => "result",
        }
    }

    /// Parses [`Step::as_str`].
    pub fn parse(s: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// The next step.
    pub fn next(self) -> Step {
        match self {
            Step::Case => Step::Trades,
            Step::Trades => Step::Review,
            Step::Review | Step::Result => Step::Result,
        }
    }

    /// The previous step.
    pub fn prev(self) -> Step {
        match self {
            Step::Case | Step::Trades => Step::Case,
            Step::Review => Step::Trades,
            Step::Result => Step::Review,
        }
    }
}

/// Whether the case is a built-in one or the custom form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice {
    /// A built-in case by id.
    Builtin(String),
    /// The custom case of the form.
    Custom,
}

/// One input as the page lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceItem {
    /// Id (the worker's too).
    pub id: u32,
    /// Name.
    pub name: String,
    /// Pasted text (kept here) or a file (its bytes went to the worker).
    pub kind: SourceKind,
}

/// What an input is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SourceKind {
    /// Text pasted into a box.
    Pasted(Rc<str>),
    /// A file; `size` in bytes.
    File {
        /// Size in bytes.
        size: u64,
    },
}

/// The row editor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Editor {
    /// The row being fixed, or `None` for a new row.
    pub key: Option<RowKey>,
    /// The input's name (for the label).
    pub file: String,
    /// The cells as typed.
    pub cells: RowCells,
    /// The broker's business text as read, when the row has one (shown beside the kind).
    pub business: String,
}

/// A short message shown near the top.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The share link set the case.
    LinkApplied,
    /// The link was copied.
    Copied,
    /// Copying failed: show the link.
    CopyFailed(String),
    /// The trades were too large to remember.
    TooLarge,
    /// This device remembered a state in an earlier version's format, which this version
    /// cannot read; it was deleted.
    RememberedEarlier,
    /// A worker stopped on a fault of its own: nothing more will come from it.
    WorkerStopped,
    /// The calculator's code could not be fetched (the network dropped after the page
    /// loaded): the input is kept, and it can be tried again.
    WorkerUnavailable,
    /// The workbook reader's code could not be fetched.
    WorkbookUnavailable,
    /// The link named a case that is not built in (the worker's message).
    UnknownCase(String),
}

/// Everything the page shows.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// Language.
    pub lang: Lang,
    /// The step shown.
    pub step: Step,
    /// The case search text.
    pub case_query: String,
    /// The cases matching it.
    pub cases: Rc<Vec<CaseCard>>,
    /// The case chosen.
    pub choice: Choice,
    /// The custom form.
    pub spec: CaseSpec,
    /// The custom form's fields the user has left (their problems show from then on).
    pub touched: Vec<&'static str>,
    /// Whether every problem of the custom form shows, touched or not ("Next" was pressed).
    pub reveal: bool,
    /// The inputs.
    pub sources: Vec<SourceItem>,
    /// The next input id.
    pub next_id: u32,
    /// The method chosen (`None`: the case's).
    pub method: Option<Method>,
    /// The answer about earlier holdings.
    pub opening: Option<u64>,
    /// The opening answer as typed (kept while it is not a number).
    pub opening_text: String,
    /// Rows fixed or excluded.
    pub edits: Vec<Edit>,
    /// Rows added.
    pub added: Vec<RowCells>,
    /// What the user supplied for a built-in case that does not know everything.
    pub supplied: Supplied,
    /// The answers about inputs that share identical trades.
    pub duplicates: Vec<SameAccount>,
    /// Whether to remember on this device.
    pub remember: bool,
    /// The latest computation.
    pub computed: Option<Rc<Computed>>,
    /// The number of the last request that changes the result.
    pub awaiting: u64,
    /// The number of the last request the worker had applied at its last result.
    pub applied: u64,
    /// Progress of the running computation.
    pub progress: Option<Progress>,
    /// The review table's filter.
    pub filter: RowFilter,
    /// The review table's first row.
    pub review_offset: u32,
    /// The review page shown.
    pub review_page: Option<Rc<Page>>,
    /// The segment whose trades are listed.
    pub segment: u32,
    /// The per-trade table's first row.
    pub trades_offset: u32,
    /// The per-trade page shown.
    pub trades_page: Option<Rc<Page>>,
    /// The rows of the printed report, per segment, when printing.
    pub print_pages: Vec<Rc<Page>>,
    /// Whether the printed report was asked for (print once its rows are in).
    pub printing: bool,
    /// The row editor, when open.
    pub editor: Option<Editor>,
    /// A notice.
    pub notice: Option<Notice>,
    /// Whether the page shows the built-in example.
    pub demo: bool,
    /// The inputs as text, from the worker, for saving.
    pub snapshot: Option<Rc<Vec<SnapshotSource>>>,
    /// The last answer of the reconcile search, while it belongs to the result shown.
    pub reconciled: Option<Rc<ReconcileView>>,
    /// Whether a reconcile search is under way.
    pub reconciling: bool,
    /// Whether the worker was started and has not answered yet (it starts on first need).
    pub booting: bool,
    /// Whether it has been loading for longer than [`SLOW_WORKER_MS`].
    pub worker_slow: bool,
    /// Whether its code could not be fetched (until the user tries again).
    pub worker_failed: bool,
    /// Whether the page is embedded in another site's page (README "Embedding
    /// parameters"): its parameters are the host's, not a link the user opened.
    pub embed: bool,
    /// Whether a link's case was applied and its first result has not come yet (a case
    /// that is not built in then shows the case list, once).
    pub link_pending: bool,
    /// How many times the user asked to load it again (the app starts a new worker for
    /// each).
    pub retries: u32,
}

/// After this long without an answer from a worker it started, the page says the
/// calculator is still loading and why that may take long.
pub const SLOW_WORKER_MS: i32 = 6000;

impl Default for State {
    fn default() -> State {
        State {
            lang: Lang::Zh,
            step: Step::Case,
            case_query: String::new(),
            cases: Rc::new(Vec::new()),
            choice: Choice::Builtin("demo".into()),
            spec: CaseSpec::default(),
            touched: Vec::new(),
            reveal: false,
            sources: Vec::new(),
            next_id: 1,
            method: None,
            opening: None,
            opening_text: String::new(),
            edits: Vec::new(),
            added: Vec::new(),
            supplied: Supplied::default(),
            duplicates: Vec::new(),
            remember: false,
            computed: None,
            awaiting: 0,
            applied: 0,
            progress: None,
            filter: RowFilter::Attention,
            review_offset: 0,
            review_page: None,
            segment: 0,
            trades_offset: 0,
            trades_page: None,
            print_pages: Vec::new(),
            printing: false,
            editor: None,
            notice: None,
            demo: false,
            snapshot: None,
            reconciled: None,
            reconciling: false,
            booting: false,
            worker_slow: false,
            worker_failed: false,
            embed: false,
            link_pending: false,
            retries: 0,
        }
    }
}

/// What the user did, or what the worker said.
#[derive(Clone, Debug)]
pub enum Action {
    /// A reconcile search was sent to the worker.
    Reconciling,
    /// Switch the language.
    SetLang(Lang),
    /// Show a step.
    Go(Step),
    /// Leave the example and start with one's own trades.
    StartOwn,
    /// Type in the case search.
    CaseQuery(String),
    /// Choose a built-in case.
    ChooseCase(String),
    /// Choose the custom case.
    ChooseCustom,
    /// Supply a value for a parameter of a built-in case (path, value).
    Supply(String, String),
    /// Paste daily bars for a built-in case.
    SupplyMarket(String),
    /// Paste index closes for a built-in case.
    SupplyIndices(String),
    /// Type in a field of the custom form.
    SpecField(&'static str, String),
    /// Tick "dividends adjust prices".
    SpecDividends(bool),
    /// The user left a field of the custom form.
    SpecTouched(&'static str),
    /// Show every problem of the custom form ("Next" met one not shown yet).
    RevealProblems,
    /// Add an empty paste box.
    AddPaste,
    /// Type in a paste box.
    Paste(u32, String),
    /// A file was read (its bytes go to the worker separately).
    AddFile(u32, String, u64),
    /// Remove an input.
    Remove(u32),
    /// Remove every input.
    ClearSources,
    /// Load the sample trades.
    LoadSample,
    /// Answer whether two inputs that share identical trades are one account exported
    /// twice (earlier id, later id, same).
    SameAccount(u32, u32, bool),
    /// Choose the method (`None`: the case's).
    SetMethod(Option<Method>),
    /// Answer the question about earlier holdings (`None`: infer).
    SetOpening(Option<u64>, String),
    /// Open the editor on a row (or on a new row).
    OpenEditor(Option<Box<ReviewRow>>),
    /// Type in the editor.
    EditorField(&'static str, String),
    /// Save the editor's row.
    SaveEditor,
    /// Close the editor.
    CloseEditor,
    /// Leave a row out.
    Exclude(RowKey),
    /// Undo a fix, an exclusion or an added row.
    Restore(RowKey),
    /// Filter the review table.
    Filter(RowFilter),
    /// Page the review table.
    ReviewOffset(u32),
    /// Choose the segment of the per-trade table.
    Segment(u32),
    /// Page the per-trade table.
    TradesOffset(u32),
    /// Tick or untick "remember".
    SetRemember(bool),
    /// A request that changes the result was sent.
    Sent(u64),
    /// The worker replied.
    Reply(Rc<Reply>),
    /// The worker was started (it answers once it has loaded).
    Booting,
    /// A worker panicked (see `services::report_panics`).
    WorkerStopped,
    /// A worker's code could not be fetched: the calculator (`true`) or the workbook
    /// reader.
    WorkerUnavailable(bool),
    /// The worker started [`SLOW_WORKER_MS`] ago (it may have answered since).
    WorkerSlow,
    /// Load the calculator again after it could not be fetched (or while it takes long).
    RetryWorker,
    /// The browser went offline.
    Offline,
    /// Show or clear a notice.
    Notify(Option<Notice>),
    /// Ask for the printed report.
    Print(bool),
    /// Apply a share link.
    ApplyLink(Box<Link>),
}

/// What the result step says about the built-in sample trades.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sample {
    /// The result is not computed on them: nothing.
    None,
    /// The demo case on the sample trades.
    Demo,
    /// The sample trades under a case the user chose.
    OtherCase,
    /// The sample trades under a case whose period they are not in: there is no amount
    /// to show, and the user is asked for their own trades.
    OutsideCase,
}

impl State {
    /// The first page: the demo case computed on the sample trades.
    pub fn demo() -> State {
        let mut s = State { demo: true, step: Step::Result, ..State::default() };
        s.add_sample();
        s
    }

    /// The first page when this device remembers a state: that state, over the demo (whose
    /// result shows until the worker has computed the remembered inputs).
    pub fn remembered(saved: Saved) -> State {
        let mut s = State::demo();
        s.restore(saved);
        s
    }

    fn add_sample(&mut self) {
        let id = self.next_id;
        self.next_id += 1;
        self.sources.push(SourceItem {
            id,
            name: self.lang.pick("示例交易", "Sample trades").to_owned(),
            kind: SourceKind::Pasted(Rc::from(redress::DEMO_TRADES)),
        });
    }

    /// What the estimate depends on besides the inputs' content.
    pub fn params(&self) -> Params {
        Params {
            lang: self.lang,
            case: match &self.choice {
                Choice::Builtin(id) => CaseChoice::Builtin(id.clone()),
                Choice::Custom => CaseChoice::Custom(Box::new(self.spec.clone())),
            },
            method: self.method,
            opening: self.opening,
            edits: self.edits.clone(),
            added: self.added.clone(),
            order: self.sources.iter().map(|s| s.id).collect(),
            supplied: match self.choice {
                Choice::Builtin(_) => self.supplied.clone(),
                Choice::Custom => Supplied::default(),
            },
            duplicates: self.duplicates.clone(),
        }
    }

    /// Whether the worker is still working on a change (not when its code could not be
    /// fetched: nothing will come until the user tries again).
    pub fn busy(&self) -> bool {
        self.awaiting > self.applied && !self.worker_failed
    }

    /// What to say in place of a result or review that is not there yet: that the
    /// calculator is loading (slowly), could not be loaded, or is computing; `None` when
    /// nothing is awaited.
    pub fn waiting(&self) -> Option<K> {
        if self.worker_failed {
            Some(K::WorkerUnavailable)
        } else if self.booting && self.worker_slow {
            Some(K::BootingSlow)
        } else if self.booting {
            Some(K::Booting)
        } else if self.busy() {
            Some(K::Busy)
        } else {
            None
        }
    }

    /// Whether leaving the page would lose what the user entered: their own trades, rows
    /// fixed or added, a custom case or values supplied, and "remember" is off.
    pub fn unsaved(&self) -> bool {
        let own_input = self.sources.iter().any(|s| match &s.kind {
            SourceKind::Pasted(t) => !t.trim().is_empty() && **t != *redress::DEMO_TRADES,
            SourceKind::File { .. } => true,
        });
        !self.remember
            && (own_input
                || !self.added.is_empty()
                || !self.edits.is_empty()
                || self.spec != CaseSpec::default()
                || !self.supplied.values.is_empty()
                || !self.supplied.market.trim().is_empty()
                || !self.supplied.indices.trim().is_empty())
    }

    /// Whether the inputs include the built-in sample trades (the result is then not the
    /// user's own, and says so).
    pub fn has_sample(&self) -> bool {
        self.sources
            .iter()
            .any(|s| matches!(&s.kind, SourceKind::Pasted(t) if **t == *redress::DEMO_TRADES))
    }

    /// What the result step says about the sample trades above the result: something only
    /// when the result shown is computed on them.
    pub fn sample(&self) -> Sample {
        let Some(Ok(r)) = self.computed.as_ref().map(|c| &c.result) else {
            return Sample::None;
        };
        if !self.has_sample() {
            return Sample::None;
        }
        if self.choice == Choice::Builtin("demo".into()) {
            return Sample::Demo;
        }
        let none_eligible = r.warnings.iter().filter(|w| w.code == "no-eligible-shares").count();
        if none_eligible >= r.segments.len().max(1) {
            Sample::OutsideCase
        } else {
            Sample::OtherCase
        }
    }

    /// The page of the review table to ask for.
    pub fn review_query(&self) -> PageQuery {
        PageQuery { table: Table::Review(self.filter), offset: self.review_offset, limit: PAGE }
    }

    /// The page of the per-trade table to ask for.
    pub fn trades_query(&self) -> PageQuery {
        PageQuery {
            table: Table::Trades { segment: self.segment },
            offset: self.trades_offset,
            limit: PAGE,
        }
    }

    /// The revision of the latest computation.
    pub fn rev(&self) -> u64 {
        self.computed.as_ref().map_or(0, |c| c.rev)
    }

    /// The share link's parameters for the current case and method
    /// ([`crate::share::encode`]).
    pub fn share_fragment(&self) -> String {
        match &self.choice {
            Choice::Builtin(id) => {
                crate::share::encode(self.lang, Some(id), None, self.method, &self.supplied.values)
            }
            Choice::Custom => {
                crate::share::encode(self.lang, None, Some(&self.spec), self.method, &[])
            }
        }
    }

    /// What "remember" saves (the inputs' text comes from the worker's snapshot).
    pub fn saved(&self) -> Saved {
        let sources = match &self.snapshot {
            Some(list) => list
                .iter()
                .map(|s| SavedSource {
                    name: s.name.clone(),
                    file: self
                        .sources
                        .iter()
                        .any(|x| x.id == s.id && matches!(x.kind, SourceKind::File { .. })),
                    text: s.text.clone(),
                    sheet: s.sheet.clone(),
                })
                .collect(),
            None => Vec::new(),
        };
        Saved {
            v: Saved::VERSION,
            lang: self.lang,
            step: self.step.as_str().to_owned(),
            case: match &self.choice {
                Choice::Builtin(id) => Some(id.clone()),
                Choice::Custom => None,
            },
            spec: self.spec.clone(),
            method: self.method,
            opening: self.opening,
            edits: self.saved_edits(),
            added: self.added.clone(),
            supplied: self.supplied.clone(),
            duplicates: self.saved_duplicates(),
            sources,
        }
    }

    /// The edits as [`State::restore`] will number their inputs (1, 2, … in the order
    /// saved): an input's id is the page's own and changes with a reload. Edits of an
    /// input not (yet) in the snapshot are left out; rows added by hand keep their key.
    fn saved_edits(&self) -> Vec<Edit> {
        let list = self.snapshot.as_deref().map_or(&[][..], Vec::as_slice);
        self.edits
            .iter()
            .filter_map(|e| {
                let source = if e.key.source == ADDED {
                    ADDED
                } else {
                    let i = list.iter().position(|s| s.id == e.key.source)?;
                    u32::try_from(i + 1).ok()?
                };
                Some(Edit { key: RowKey { source, ..e.key }, action: e.action.clone() })
            })
            .collect()
    }

    /// The answers about shared trades, numbered as [`State::restore`] will number the
    /// inputs (as [`State::saved_edits`] does).
    fn saved_duplicates(&self) -> Vec<SameAccount> {
        let list = self.snapshot.as_deref().map_or(&[][..], Vec::as_slice);
        let number = |id: u32| {
            let i = list.iter().position(|s| s.id == id)?;
            u32::try_from(i + 1).ok()
        };
        self.duplicates
            .iter()
            .filter_map(|d| {
                Some(SameAccount {
                    earlier: number(d.earlier)?,
                    later: number(d.later)?,
                    same: d.same,
                })
            })
            .collect()
    }

    fn set_spec(&mut self, field: &str, value: String) {
        if let Some(slot) = self.spec.text_mut(field) {
            *slot = value;
        }
    }

    fn reset_pages(&mut self) {
        self.review_offset = 0;
        self.trades_offset = 0;
    }

    fn apply(&mut self, action: Action) {
        match action {
            Action::SetLang(lang) => {
                self.lang = lang;
                for s in &mut self.sources {
                    let SourceKind::Pasted(t) = &s.kind else { continue };
                    if **t == *redress::DEMO_TRADES
                        && (s.name == "示例交易" || s.name == "Sample trades")
                    {
                        s.name = lang.pick("示例交易", "Sample trades").to_owned();
                    } else if let Some(name) = i18n::relabel(lang, &s.name) {
                        s.name = name;
                    }
                }
            }
            Action::Go(step) => {
                self.step = step;
                self.editor = None;
                if step != Step::Result {
                    self.printing = false;
                }
            }
            Action::StartOwn => {
                self.demo = false;
                self.sources.clear();
                self.edits.clear();
                self.duplicates.clear();
                self.added.clear();
                self.opening = None;
                self.opening_text.clear();
                self.method = None;
                self.step = Step::Case;
                self.reset_pages();
            }
            Action::CaseQuery(q) => self.case_query = q,
            Action::ChooseCase(id) => {
                if self.choice != Choice::Builtin(id.clone()) {
                    self.supplied = Supplied::default();
                }
                self.choice = Choice::Builtin(id);
                self.method = None;
                self.reset_pages();
            }
            Action::Supply(path, value) => self.supplied.set(&path, value),
            Action::SupplyMarket(text) => self.supplied.market = text,
            Action::SupplyIndices(text) => self.supplied.indices = text,
            Action::ChooseCustom => {
                self.choice = Choice::Custom;
                self.method = None;
                self.reset_pages();
            }
            Action::SpecField(field, value) => self.set_spec(field, value),
            Action::SpecDividends(on) => self.spec.adjust_dividends = on,
            Action::SpecTouched(field) => {
                if !self.touched.contains(&field) {
                    self.touched.push(field);
                }
            }
            Action::RevealProblems => self.reveal = true,
            Action::AddPaste => {
                let id = self.next_id;
                self.next_id += 1;
                let n =
                    self.sources.iter().filter(|s| matches!(s.kind, SourceKind::Pasted(_))).count();
                let n = u32::try_from(n + 1).unwrap_or(u32::MAX);
                self.sources.push(SourceItem {
                    id,
                    name: i18n::source_label(self.lang, n),
                    kind: SourceKind::Pasted(Rc::from("")),
                });
            }
            Action::Paste(id, text) => {
                if let Some(s) = self.sources.iter_mut().find(|s| s.id == id) {
                    s.kind = SourceKind::Pasted(Rc::from(text));
                }
                self.demo = false;
            }
            Action::AddFile(id, name, size) => {
                self.next_id = self.next_id.max(id + 1);
                // An empty paste box gives way to the first file.
                self.sources
                    .retain(|s| !matches!(&s.kind, SourceKind::Pasted(t) if t.trim().is_empty()));
                self.sources.push(SourceItem { id, name, kind: SourceKind::File { size } });
                self.demo = false;
                self.reset_pages();
            }
            Action::Remove(id) => {
                self.sources.retain(|s| s.id != id);
                self.edits.retain(|e| e.key.source != id);
                self.duplicates.retain(|d| d.earlier != id && d.later != id);
                self.reset_pages();
            }
            Action::ClearSources => {
                // Rows added by hand are an input too: left behind, they would stay unseen
                // and still count. Nothing of the example is left either.
                self.demo = false;
                self.sources.clear();
                self.edits.clear();
                self.duplicates.clear();
                self.added.clear();
                self.reset_pages();
            }
            Action::LoadSample => {
                self.add_sample();
                self.reset_pages();
            }
            Action::SameAccount(earlier, later, same) => {
                self.duplicates.retain(|d| !(d.earlier == earlier && d.later == later));
                self.duplicates.push(SameAccount { earlier, later, same });
            }
            Action::SetMethod(m) => {
                self.method = m;
                self.trades_offset = 0;
            }
            Action::SetOpening(n, text) => {
                self.opening = n;
                self.opening_text = text;
            }
            Action::OpenEditor(row) => {
                self.editor = Some(match row {
                    Some(r) => Editor {
                        key: Some(r.key),
                        file: r.file,
                        cells: r.cells,
                        business: r.kind_read,
                    },
                    None => Editor {
                        key: None,
                        file: t(self.lang, K::AddedByHand).to_owned(),
                        cells: RowCells { kind: "buy".into(), ..RowCells::default() },
                        business: String::new(),
                    },
                });
            }
            Action::EditorField(field, value) => {
                if let Some(e) = &mut self.editor {
                    let c = &mut e.cells;
                    match field {
                        "date" => c.date = value,
                        "time" => c.time = value,
                        "account" => c.account = value,
                        "kind" => c.kind = value,
                        "quantity" => c.quantity = value,
                        "price" => c.price = value,
                        _ => {}
                    }
                }
            }
            Action::SaveEditor => {
                if let Some(mut e) = self.editor.take() {
                    // A date as people write it (2024/5/1, 20240501, 2024年5月1日) is that day.
                    if let Some(d) = redress::Date::parse_loose(&e.cells.date) {
                        e.cells.date = d.to_string();
                    }
                    match e.key {
                        None => self.added.push(e.cells),
                        Some(k) if k.source == ADDED => {
                            let i = usize::try_from(k.row).unwrap_or(0).saturating_sub(1);
                            if let Some(slot) = self.added.get_mut(i) {
                                *slot = e.cells;
                            }
                        }
                        Some(key) => {
                            self.edits.retain(|x| x.key != key);
                            self.edits.push(Edit { key, action: EditAction::Replace(e.cells) });
                        }
                    }
                }
            }
            Action::CloseEditor => self.editor = None,
            Action::Exclude(key) => {
                if key.source == ADDED {
                    let i = usize::try_from(key.row).unwrap_or(0).saturating_sub(1);
                    if i < self.added.len() {
                        self.added.remove(i);
                    }
                } else {
                    self.edits.retain(|x| x.key != key);
                    self.edits.push(Edit { key, action: EditAction::Exclude });
                }
            }
            Action::Restore(key) => {
                if key.source == ADDED {
                    let i = usize::try_from(key.row).unwrap_or(0).saturating_sub(1);
                    if i < self.added.len() {
                        self.added.remove(i);
                    }
                } else {
                    self.edits.retain(|x| x.key != key);
                }
            }
            Action::Filter(f) => {
                self.filter = f;
                self.review_offset = 0;
            }
            Action::ReviewOffset(o) => self.review_offset = o,
            Action::Segment(s) => {
                self.segment = s;
                self.trades_offset = 0;
            }
            Action::TradesOffset(o) => self.trades_offset = o,
            Action::SetRemember(on) => {
                self.remember = on;
                if !on {
                    self.snapshot = None;
                    if self.notice == Some(Notice::TooLarge) {
                        self.notice = None;
                    }
                }
            }
            Action::Sent(seq) => {
                self.awaiting = self.awaiting.max(seq);
                // An answer about the inputs or the case as they were no longer applies.
                self.reconciled = None;
            }
            Action::Reconciling => self.reconciling = true,
            Action::Reply(reply) => {
                // (The first page's pre-computed replies come before the worker starts.)
                if self.booting || self.worker_failed {
                    self.booting = false;
                    self.worker_slow = false;
                    // It loaded after all (offline, from the browser's cache).
                    self.worker_failed = false;
                    if self.notice == Some(Notice::WorkerUnavailable) {
                        self.notice = None;
                    }
                }
                self.reply(&reply);
            }
            Action::Offline if self.booting => self.apply(Action::WorkerUnavailable(true)),
            Action::Offline => {}
            Action::Booting => {
                self.booting = true;
                self.worker_slow = false;
            }
            Action::WorkerSlow => self.worker_slow = self.booting,
            Action::WorkerUnavailable(true) => {
                self.booting = false;
                self.worker_slow = false;
                self.worker_failed = true;
                self.progress = None;
                self.notice = Some(Notice::WorkerUnavailable);
            }
            Action::WorkerUnavailable(false) => self.notice = Some(Notice::WorkbookUnavailable),
            Action::RetryWorker => {
                if self.worker_failed || self.booting {
                    self.worker_failed = false;
                    self.booting = true;
                    self.retries += 1;
                    if self.notice == Some(Notice::WorkerUnavailable) {
                        self.notice = None;
                    }
                }
            }
            Action::WorkerStopped => {
                // Nothing pending will be answered: stop waiting and say why.
                self.applied = self.awaiting;
                self.progress = None;
                self.booting = false;
                self.notice = Some(Notice::WorkerStopped);
            }
            Action::Notify(n) => self.notice = n,
            Action::Print(on) => {
                // The report's rows stay after printing (the browser's own Print prints
                // them again; a new computation's revision hides them).
                self.printing = on;
                if on {
                    self.print_pages.clear();
                }
            }
            Action::ApplyLink(link) => {
                if let Some(lang) = link.lang {
                    self.lang = lang;
                }
                if let Some(spec) = link.custom {
                    self.choice = Choice::Custom;
                    self.spec = spec;
                } else if let Some(id) = link.case {
                    self.choice = Choice::Builtin(id);
                    self.supplied = Supplied { values: link.supplied, ..Supplied::default() };
                }
                self.method = link.method;
                if self.demo {
                    self.demo = false;
                    self.sources.clear();
                }
                if self.sources.is_empty() {
                    self.step = Step::Trades;
                }
                self.link_pending = true;
                // (An embedding page's parameters are the host's: nothing to announce.)
                if !self.embed {
                    self.notice = Some(Notice::LinkApplied);
                }
            }
        }
    }

    fn restore(&mut self, saved: Saved) {
        self.lang = saved.lang;
        self.step = Step::parse(&saved.step).unwrap_or(Step::Result);
        self.choice = match saved.case {
            Some(id) => Choice::Builtin(id),
            None => Choice::Custom,
        };
        self.spec = saved.spec;
        self.supplied = saved.supplied;
        self.method = saved.method;
        self.opening = saved.opening;
        self.opening_text = saved.opening.map(|n| n.to_string()).unwrap_or_default();
        self.edits = saved.edits;
        self.added = saved.added;
        self.duplicates = saved.duplicates;
        self.remember = true;
        self.demo = false;
        self.sources.clear();
        for (i, s) in saved.sources.into_iter().enumerate() {
            let id = u32::try_from(i + 1).unwrap_or(u32::MAX - 1);
            let kind = if s.file {
                SourceKind::File { size: u64::try_from(s.text.len()).unwrap_or(u64::MAX) }
            } else {
                SourceKind::Pasted(Rc::from(s.text))
            };
            self.sources.push(SourceItem { id, name: s.name, kind });
        }
        self.next_id = u32::try_from(self.sources.len() + 1).unwrap_or(u32::MAX - 1);
    }

    fn reply(&mut self, reply: &Reply) {
        match &reply.body {
            Body::Progress(p) => self.progress = Some(*p),
            Body::Cases(cards) => self.cases = Rc::new(cards.clone()),
            Body::Computed(c) => {
                self.applied = self.applied.max(reply.seq);
                // A link's case that is not built in: show the case list, once, and say
                // why (not "the link set the case").
                if let Err(p) = &c.result
                    && p.code == "unknown-case"
                    && self.link_pending
                {
                    self.notice = Some(Notice::UnknownCase(p.message.clone()));
                    self.step = Step::Case;
                }
                if !self.busy() {
                    self.progress = None;
                    self.link_pending = false;
                }
                let segments = c.result.as_ref().map_or(0, |r| r.segments.len());
                if usize::try_from(self.segment).unwrap_or(0) >= segments {
                    self.segment = 0;
                    self.trades_offset = 0;
                }
                let rows = c.review.counts.of(self.filter);
                if self.review_offset >= rows {
                    self.review_offset = 0;
                }
                self.computed = Some(Rc::new((**c).clone()));
            }
            Body::Page(p) => {
                if self.computed.is_none() || p.rev != self.rev() {
                    return;
                }
                let page = Rc::new(p.clone());
                if self.printing && p.query.limit == PRINT_ROWS {
                    self.print_pages.retain(|x| x.query.table != p.query.table);
                    self.print_pages.push(page);
                } else if matches!(p.query.table, Table::Review(_)) {
                    self.review_page = Some(page);
                } else {
                    self.trades_page = Some(page);
                }
            }
            Body::Snapshot(list) => self.snapshot = Some(Rc::new(list.clone())),
            Body::Export(_) => {}
            Body::Reconciled(v) => {
                self.reconciling = false;
                // Unless the inputs or the case changed after it was asked.
                if reply.seq > self.awaiting {
                    self.reconciled = Some(Rc::new((**v).clone()));
                }
            }
        }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.apply(action);
        next.forget_stale_first_page();
        Rc::new(next)
    }
}

impl State {
    /// The first page's pre-computed result (revision 0) is the demo case on the sample
    /// trades, and only that: once the user has changed anything it answers for (their own
    /// input, another case, method or language), it is forgotten, so that the page shows
    /// the calculator loading rather than the demo's figures as theirs.
    fn forget_stale_first_page(&mut self) {
        if self.computed.as_ref().is_some_and(|c| c.rev == 0)
            && !(self.demo && crate::demo::answers(&Job::Compute(self.params())))
        {
            self.computed = None;
            self.review_page = None;
            self.trades_page = None;
        }
    }
}

#[cfg(test)]
mod tests;
