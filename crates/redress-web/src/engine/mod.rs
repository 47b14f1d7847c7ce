//! The worker's side of the app: it keeps the inputs, reads them, runs the core and
//! answers the page with summaries, pages of rows and exports.
//!
//! Pure Rust with no browser API (the GB18030 decoder is passed in), so that all of it is
//! tested natively. Requests that change what the estimate depends on only mark the
//! engine dirty; [`Engine::flush`] then reads what is unread and computes once, however
//! many requests arrived while the previous computation ran.

pub mod case;
pub mod chart;
pub mod present;
pub mod reconcile;

use std::collections::HashMap;
use std::rc::Rc;

use redress::canonical::RowCells;
use redress::import::{InputFile, Status};
use redress::inputs::{self, Entry, Inputs, Investor, Selection, Why};
use redress::market::{IndexData, MarketData};
use redress::money::Decimal;
use redress::trade::Origin;
use redress::{Case, Estimate, Input, Lang, Options, Trade, canonical, tr};

use crate::i18n::{self, K, t};
use crate::protocol::{
    Body, CaseChoice, Computed, Content, Counts, EditAction, Export, ExportKind, Job, OfferSpec,
    OverlapView, Page, PageQuery, PageRows, Params, Problem, Progress, ReconcileView, Reply,
    Request, ResultView, Review, ReviewRow, RowFilter, RowKey, RowStatus, SnapshotSource,
    SourceView, Stage, Table,
};

/// A GB18030 decoder: text and the number of malformed sequences (the browser's
/// `TextDecoder` in the worker, `encoding_rs` in native tests).
pub type Gb18030 = dyn Fn(&[u8]) -> (String, usize);

/// The id of the pseudo-input that holds rows added by hand.
pub const ADDED: u32 = u32::MAX;

/// A source's id and version: what a reading of the inputs was made from.
type SourceVersion = (u32, u64);

/// One input as the worker keeps it.
struct Source {
    id: u32,
    name: String,
    content: Content,
    /// Changes whenever the page replaces the input.
    version: u64,
}

/// The last computation, kept for pages and exports.
struct Session {
    rev: u64,
    lang: Lang,
    /// The input names, by input index (then the rows added by hand).
    files: Vec<String>,
    /// The page's id of each input, by input index.
    ids: Vec<u32>,
    /// The inputs as this computation read them: pages may be asked for after an input
    /// changed and before the next computation, and must show this one whole.
    inputs: Rc<Inputs>,
    /// The rows as selected, with the edits applied.
    investor: Investor,
    /// The rows added by hand.
    added: Vec<RowCells>,
    /// For a rejected sell that could be computed, by entry: what counting it would make
    /// the compensation, and the change.
    impacts: HashMap<usize, (String, String)>,
    trades: Vec<Trade>,
    estimate: Option<Estimate>,
    case_id: String,
    /// What the estimate was computed from besides the trades (the case as used, market
    /// data, opening position), for the reconcile search.
    basis: Option<Basis>,
}

/// The case and market data of the last estimate.
struct Basis {
    case: Case,
    market: Option<MarketData>,
    indices: Option<IndexData>,
    opening: u64,
}

/// The worker's state.
pub struct Engine {
    sources: Vec<Source>,
    /// The inputs as last read, with the (id, version) of each source they were read from.
    read: Option<(Vec<SourceVersion>, Rc<Inputs>)>,
    versions: u64,
    params: Params,
    seq: u64,
    rev: u64,
    dirty: bool,
    session: Option<Session>,
    gb18030: Box<Gb18030>,
    /// The public market data of built-in cases (`cases/<id>/`), as the worker shell
    /// fetched them: the files, or why they could not be had.
    case_data: HashMap<String, Result<Vec<(String, String)>, String>>,
    /// The day deadlines count from (`None`: no deadlines shown).
    today: Option<redress::Date>,
}

impl Engine {
    /// A new engine that decodes GB18030 with `gb18030`.
    pub fn new(gb18030: Box<Gb18030>) -> Engine {
        Engine {
            sources: Vec::new(),
            read: None,
            versions: 0,
            params: Params::default(),
            seq: 0,
            rev: 0,
            dirty: false,
            session: None,
            gb18030,
            case_data: HashMap::new(),
            today: None,
        }
    }

    /// The built-in case whose shipped market data the next computation needs and that
    /// has not been fetched yet: its id and the files to fetch from `cases/<id>/`.
    pub fn wanted_case_data(&self) -> Option<(String, Vec<String>)> {
        let CaseChoice::Builtin(id) = &self.params.case else { return None };
        if self.case_data.contains_key(id) {
            return None;
        }
        let c = case::by_id(id)?;
        // The files, and their provenance for the "market data sources" list.
        let mut files = c.market_files.clone();
        files.push("data.toml".into());
        (!c.market_files.is_empty()).then(|| (id.clone(), files))
    }

    /// Hands over a case's fetched files, or why they could not be fetched; the next
    /// computation uses them.
    pub fn case_data_loaded(&mut self, id: String, files: Result<Vec<(String, String)>, String>) {
        self.case_data.insert(id, files);
        self.dirty = true;
    }

    /// Forgets the cases whose data could not be fetched, so that the next computation
    /// fetches them again; whether there were any.
    pub fn retry_case_data(&mut self) -> bool {
        let before = self.case_data.len();
        self.case_data.retain(|_, files| files.is_ok());
        let retry = self.case_data.len() != before;
        self.dirty |= retry;
        retry
    }

    /// Sets the day deadlines count from: the page's (the worker's) clock, never the
    /// core's.
    pub fn set_today(&mut self, today: redress::Date) {
        if self.today != Some(today) {
            self.today = Some(today);
            self.dirty |= self.session.is_some();
        }
    }

    /// A progress reply for the current request (the worker shell's own stages).
    pub fn progress(&self, stage: Stage) -> Reply {
        Reply { seq: self.seq, body: Body::Progress(Progress { stage, done: 0, total: 1 }) }
    }

    /// Whether a computation is due.
    pub fn dirty(&self) -> bool {
        self.dirty
    }

    /// Handles a request. Replies that do not wait for a computation are sent at once.
    pub fn handle(&mut self, req: Request, send: &mut dyn FnMut(Reply)) {
        self.seq = self.seq.max(req.seq);
        let seq = self.seq;
        match req.job {
            Job::Cases { query, lang } => {
                let cards = case::search(&query).into_iter().map(|c| case::card(c, lang)).collect();
                send(Reply { seq, body: Body::Cases(cards) });
            }
            Job::Source { id, name, content } => {
                self.versions += 1;
                let source = Source { id, name, content, version: self.versions };
                match self.sources.iter_mut().find(|s| s.id == id) {
                    Some(s) => *s = source,
                    None => self.sources.push(source),
                }
                self.dirty = true;
            }
            Job::RemoveSource { id } => {
                self.sources.retain(|s| s.id != id);
                self.dirty = true;
            }
            Job::Compute(params) => {
                // A case whose data could not be fetched is fetched again on the next
                // change (the network may be back).
                let failed = self.case_data.len();
                self.case_data.retain(|_, files| files.is_ok());
                if params != self.params || self.session.is_none() || failed != self.case_data.len()
                {
                    self.params = params;
                    self.dirty = true;
                }
            }
            Job::Page(query) => {
                if let Some(page) = self.page(query) {
                    send(Reply { seq, body: Body::Page(page) });
                }
            }
            Job::Export(kind) => {
                // An export answers for every change sent before it (the worker may start
                // with the first page's requests and the export in one batch).
                self.flush(send);
                send(Reply { seq, body: Body::Export(self.export(kind)) });
            }
            Job::Reconcile(spec) => {
                // Answers for every change sent before it.
                self.flush(send);
                send(Reply { seq, body: Body::Reconciled(Box::new(self.reconcile(&spec))) });
            }
            Job::Snapshot => {
                self.flush(send);
                let list = self
                    .ordered()
                    .into_iter()
                    .map(|i| {
                        let s = &self.sources[i];
                        let (text, sheet) = match &s.content {
                            Content::Bytes(b) => {
                                (redress::import::decode_text(b, &*self.gb18030).text, None)
                            }
                            Content::Text(t) => (t.clone(), None),
                            Content::Sheet(Ok(sheet)) => (String::new(), Some(sheet.clone())),
                            Content::Sheet(Err(_)) => (String::new(), None),
                        };
                        SnapshotSource { id: s.id, name: s.name.clone(), text, sheet }
                    })
                    .collect();
                send(Reply { seq, body: Body::Snapshot(list) });
            }
        }
    }

    /// Reads the inputs again if they changed, and computes if anything changed; sends
    /// progress and the result.
    pub fn flush(&mut self, send: &mut dyn FnMut(Reply)) {
        if !self.dirty {
            return;
        }
        self.dirty = false;
        let seq = self.seq;
        let mut progress = |stage: Stage, done: usize, total: usize| {
            let p = Progress {
                stage,
                done: u32::try_from(done).unwrap_or(u32::MAX),
                total: u32::try_from(total).unwrap_or(u32::MAX),
            };
            send(Reply { seq, body: Body::Progress(p) });
        };
        let order = self.ordered();
        let key: Vec<SourceVersion> =
            order.iter().map(|&i| (self.sources[i].id, self.sources[i].version)).collect();
        if self.read.as_ref().is_none_or(|(k, _)| *k != key) {
            progress(Stage::Reading, 0, 1);
            let inputs = self.read_inputs(&order);
            self.read = Some((key, Rc::new(inputs)));
        }
        let computed = self.compute(&mut progress);
        send(Reply { seq, body: Body::Computed(Box::new(computed)) });
    }

    /// Every input, in the page's order, read together by the core
    /// ([`redress::inputs::read`]).
    fn read_inputs(&self, order: &[usize]) -> Inputs {
        // A workbook the workbook reader could not read: its error, as the importer says it.
        let failed: Vec<Option<redress::Error>> = order
            .iter()
            .map(|&i| {
                let s = &self.sources[i];
                match &s.content {
                    Content::Sheet(Err(detail)) => Some(redress::Error::at(
                        match detail {
                            Some(detail) => redress::ErrorKind::Table { detail: detail.clone() },
                            None => redress::ErrorKind::TooLarge,
                        },
                        &s.name,
                        None,
                        None,
                    )),
                    _ => None,
                }
            })
            .collect();
        let files: Vec<InputFile<'_>> = order
            .iter()
            .zip(&failed)
            .map(|(&i, failed)| {
                let s = &self.sources[i];
                let content = match (&s.content, failed) {
                    (_, Some(e)) => redress::import::Content::Failed(e),
                    (Content::Bytes(b), None) => redress::import::Content::Bytes(b),
                    (Content::Text(t), None) => redress::import::Content::Text(t),
                    (Content::Sheet(Ok(sheet)), None) => redress::import::Content::Sheet(sheet),
                    (Content::Sheet(Err(_)), None) => redress::import::Content::Text(""),
                };
                InputFile { name: &s.name, content }
            })
            .collect();
        inputs::read(&files, &*self.gb18030)
    }

    /// Input positions in the page's order (inputs it does not list come last).
    fn ordered(&self) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .params
            .order
            .iter()
            .filter_map(|id| self.sources.iter().position(|s| s.id == *id))
            .collect();
        for i in 0..self.sources.len() {
            if !out.contains(&i) {
                out.push(i);
            }
        }
        out
    }

    fn compute(&mut self, progress: &mut dyn FnMut(Stage, usize, usize)) -> Computed {
        self.rev += 1;
        let lang = self.params.lang;
        progress(Stage::Computing, 0, 1);
        // The case.
        let resolved: Result<(Case, Option<MarketData>, Option<IndexData>, bool), Problem> =
            match &self.params.case {
                CaseChoice::Builtin(id) => case::by_id(id)
                    .ok_or_else(|| Problem {
                        code: "unknown-case".into(),
                        message: tr!(lang, "没有编号为“{}”的案件", "There is no case “{}”", id),
                        field: None,
                    })
                    .and_then(|c| case::builtin_with(c, &self.params.supplied, lang))
                    .and_then(|(c, m, i)| {
                        let files = self.case_data.get(&c.id);
                        case::with_shipped(c, m, i, files, lang)
                    })
                    .map(|(c, m, i)| (c, m, i, false)),
                CaseChoice::Custom(spec) => {
                    case::custom(spec, lang).map(|c| (c.case, c.market, c.indices, true))
                }
            };
        // The rows, with the edits applied; a broker export's trades of other securities
        // are ignored (with their code).
        let wanted: Vec<String> = match &resolved {
            Ok((c, ..)) => std::iter::once(&c.security).chain(&c.former_codes).cloned().collect(),
            Err(_) => Vec::new(),
        };
        let inputs = self.read.as_ref().map(|(_, i)| i.clone()).unwrap_or_default();
        let ids: Vec<u32> = self.ordered().into_iter().map(|i| self.sources[i].id).collect();
        let index_of = |id: u32| ids.iter().position(|x| *x == id).map(to_u32);
        let edits: HashMap<(u32, u32), inputs::Edit> = self
            .params
            .edits
            .iter()
            .filter_map(|e| {
                let edit = match &e.action {
                    EditAction::Exclude => inputs::Edit::Exclude,
                    EditAction::Replace(c) => inputs::Edit::Replace(c.clone()),
                };
                Some(((index_of(e.key.source)?, e.key.row), edit))
            })
            .collect();
        let answer = |a: u32, b: u32| {
            let (a, b) = (ids.get(a as usize)?, ids.get(b as usize)?);
            self.params.duplicates.iter().find(|d| d.earlier == *a && d.later == *b).map(|d| d.same)
        };
        let added_name = t(lang, K::AddedByHand).to_owned();
        let investor = inputs.select(&Selection {
            securities: &wanted,
            edits: &edits,
            added: &self.params.added,
            added_name: &added_name,
            same_account: &answer,
        });
        let mut files = inputs.names();
        let mut sources = Vec::with_capacity(files.len() + 1);
        let mut notes = Vec::new();
        for (k, input) in inputs.inputs.iter().enumerate() {
            let counts = counts(investor.counts.get(k));
            // Said twice: among the review's notes, which name the input, and beside the
            // input itself (its file row, the result's list of inputs that add nothing),
            // where the page writes the name and the reason must not repeat it.
            let doubt = match input.doubtful_encoding {
                // Named as a workbook, neither a workbook nor text: not an encoding matter.
                true if named_as_workbook(&input.name) => t(lang, K::NotAWorkbook),
                true => t(lang, K::EncodingDoubt),
                false => "",
            };
            if let Some(e) = &input.error {
                notes.push(format!("{}{doubt}", e.message(lang)));
            }
            let error = input
                .error
                .as_ref()
                .map(|e| format!("{}{doubt}", e.message_within(&input.name, lang)));
            let mut own_others: Vec<&str> = Vec::new();
            for e in investor.entries.iter().filter(|e| e.input == to_u32(k)) {
                if let Some(Why::OtherSecurity(code)) = &e.why
                    && !own_others.contains(&code.as_str())
                {
                    own_others.push(code);
                }
            }
            // Why it adds nothing to the estimate, when it does not (said on the result).
            let unused = (counts.used == 0).then(|| {
                if let Some(m) = &error {
                    m.clone()
                } else if !own_others.is_empty() {
                    let own: Vec<String> = own_others.iter().map(|c| (*c).to_owned()).collect();
                    i18n::only_other_securities(lang, &own, &wanted)
                } else if counts.rejected > 0 {
                    i18n::all_rejected(lang, counts.rejected)
                } else if input.doubtful_encoding {
                    format!("{}{doubt}", t(lang, K::NoTradeRows))
                } else {
                    t(lang, K::NoTradeRows).to_owned()
                }
            });
            sources.push(SourceView {
                id: ids.get(k).copied().unwrap_or(ADDED),
                name: input.name.clone(),
                account: input.account.clone(),
                format: present::read_as(input, lang),
                counts,
                error,
                unused,
            });
        }
        if !self.params.added.is_empty() {
            sources.push(SourceView {
                id: ADDED,
                name: added_name.clone(),
                account: added_name.clone(),
                format: String::new(),
                counts: counts(investor.counts.get(inputs.inputs.len())),
                error: None,
                unused: None,
            });
            files.push(added_name.clone());
        }
        // The importer's findings about the selected security, files and accounts.
        let mut findings = Vec::new();
        for &k in &investor.notes {
            let n = &inputs.notes()[k];
            let file = n.file.and_then(|f| files.get(f as usize)).map_or("", String::as_str);
            findings.push(match n.row {
                Some(row) => {
                    tr!(lang, "{} 第 {} 行：{}", "{}, row {}: {}", file, row, n.said.pick(lang))
                }
                None => n.said.pick(lang).to_owned(),
            });
        }
        let others = investor.others.clone();
        // Identical trades in two inputs: asked on the page; unanswered, counted once (one
        // account exported twice).
        let name = |i: u32| files.get(i as usize).cloned().unwrap_or_default();
        let overlaps: Vec<OverlapView> = investor
            .overlaps
            .iter()
            .filter_map(|a| {
                let o = &a.overlap;
                Some(OverlapView {
                    earlier: *ids.get(o.earlier as usize)?,
                    later: *ids.get(o.later as usize)?,
                    earlier_name: name(o.earlier),
                    later_name: name(o.later),
                    trades: o.trades,
                    same: a.same,
                    answered: a.answered,
                })
            })
            .collect();
        let mut total = Counts::default();
        for s in &sources {
            total.used += s.counts.used;
            total.ignored += s.counts.ignored;
            total.rejected += s.counts.rejected;
            total.edited += s.counts.edited;
        }
        let mut trades = investor.trades.clone();
        redress::trade::merge_accounts(&mut trades);
        let inferred = investor.opening;
        let mut session = Session {
            rev: self.rev,
            lang,
            files: files.clone(),
            ids,
            inputs,
            investor,
            added: self.params.added.clone(),
            impacts: HashMap::new(),
            trades: Vec::new(),
            estimate: None,
            case_id: String::new(),
            basis: None,
        };
        let mut review = Review {
            sources,
            counts: total,
            first_date: trades.first().map(|t| t.date.to_string()),
            last_date: trades.last().map(|t| t.date.to_string()),
            ask_opening: false,
            shortfall: "0".into(),
            notes,
            findings,
            overlaps,
        };
        let (case, market, indices, custom) = match resolved {
            Ok(c) => c,
            Err(p) => {
                session.trades = trades;
                self.session = Some(session);
                // A built-in case whose supplied values do not apply is still shown, with
                // its form, so that the user can correct them.
                let case = match &self.params.case {
                    CaseChoice::Builtin(id) => case::by_id(id).map(|c| case::view(c, lang, None)),
                    CaseChoice::Custom(_) => None,
                };
                return Computed { rev: self.rev, review, case, result: Err(p) };
            }
        };
        let spec = match &self.params.case {
            CaseChoice::Custom(spec) => Some(&**spec),
            CaseChoice::Builtin(_) => None,
        };
        let mut case_view = case::view(&case, lang, spec);
        if let Some(Ok(files)) = self.case_data.get(&case.id).filter(|_| !custom) {
            case_view.data = case::data_files(files, lang);
        }
        // Files that hold trades, but none of this case's security: the case may be the
        // wrong one (not "no trades").
        if trades.is_empty() && !others.is_empty() {
            let problem = Problem {
                code: "other-security".into(),
                message: i18n::wrong_case(lang, &others, &wanted),
                field: None,
            };
            session.case_id.clone_from(&case.id);
            session.trades = trades;
            self.session = Some(session);
            return Computed { rev: self.rev, review, case: Some(case_view), result: Err(problem) };
        }
        let input = Input {
            case: &case,
            trades: &trades,
            files: &files,
            opening_position: self.params.opening.unwrap_or(inferred),
            market: market.as_ref(),
            indices: indices.as_ref(),
        };
        let options =
            Options { method: self.params.method, without_deductions: false, lang, detail: true };
        let estimate = redress::estimate(&input, &options);
        if let Ok(est) = &estimate {
            Engine::rejected_sells(&mut session, &input, &options, est);
        }
        let result = match &estimate {
            Err(e) => Err(if custom {
                case::problem(e, lang)
            } else {
                case::problem_at_path(Some(&case), e, lang)
            }),
            Ok(est) => {
                progress(Stage::Comparing, 0, 1);
                let method = est.rules.buy_average;
                let compared = redress::compare(&input, lang).and_then(|cells| {
                    redress::compare_interest(&input, &Options { detail: false, ..options })
                        .map(|interest| (cells, interest))
                });
                let comparison = match compared {
                    Ok((cells, interest)) => {
                        present::comparison(&cells, &interest, method, &case, lang)
                    }
                    Err(e) => crate::protocol::Comparison {
                        rows: Vec::new(),
                        low: String::new(),
                        high: String::new(),
                        has_deductions: false,
                        interest: Vec::new(),
                        problem: Some(e.message(lang)),
                    },
                };
                progress(Stage::Presenting, 0, 1);
                let t0 = case.segments.iter().map(|s| s.implementation_date).min();
                let shortfall = est.opening_shortfall.0;
                review.shortfall = redress::format::shares(shortfall);
                review.ask_opening = !trades.is_empty()
                    && (shortfall > Decimal::ZERO
                        || t0.is_some_and(|t0| trades.first().is_some_and(|f| f.date >= t0))
                        || self.params.opening.is_some());
                let refs: Vec<&Trade> = trades.iter().collect();
                let (chart, chart_narrow) = chart::layouts(&chart::ChartInput {
                    trades: &refs,
                    segments: &est.segments,
                    opening: est.opening_position.0,
                    market: market.as_ref(),
                    indices: indices.as_ref(),
                    index_code: case.rules.systemic.indices.first().map(String::as_str),
                    lang,
                });
                let upper_bound = match &self.params.case {
                    CaseChoice::Builtin(id) => case::by_id(id)
                        .and_then(|published| case::upper_bound(published, &case, lang))
                        .unwrap_or_default(),
                    CaseChoice::Custom(_) => String::new(),
                };
                let deadlines = match (self.today, case.kind) {
                    (Some(today), kind) if kind != Some(redress::case::CaseKind::Example) => {
                        present::deadlines(&redress::deadlines::deadlines(&case, today, lang))
                    }
                    _ => Vec::new(),
                };
                // What each contested choice is worth (a few estimates; not for histories
                // too large to redo at every change).
                let what_if = if trades.len() <= 20_000 {
                    redress::reconcile::what_if(&input)
                        .map(|w| reconcile::what_if(&w, &case, est.compensation.0, lang))
                        .unwrap_or_default()
                } else {
                    Vec::new()
                };
                Ok(ResultView {
                    what_if,
                    deadlines,
                    compensation: redress::format::yuan(est.compensation.0),
                    upper_bound,
                    method,
                    combine: present::combine(est, &case, lang),
                    segments: est
                        .segments
                        .iter()
                        .map(|s| {
                            let chosen = est.chosen_segment.as_ref().is_none_or(|c| *c == s.id);
                            // A custom case's values are all the user's; a built-in case's,
                            // those the user supplied.
                            let typed = if custom {
                                present::Typed { base_date: true, base_price: true }
                            } else {
                                present::Typed::of(&case, &s.id)
                            };
                            let label = if est.segments.len() > 1 {
                                case::segment_name(&case, &s.id, lang)
                            } else {
                                String::new()
                            };
                            present::segment(
                                s,
                                label,
                                lang,
                                chosen,
                                typed,
                                est.rules.systemic_scale.0,
                            )
                        })
                        .collect(),
                    rules: present::rules(&est.rules, lang),
                    opening_position: i18n::shares(
                        lang,
                        &redress::format::shares(est.opening_position.0),
                    ),
                    opening_shortfall: i18n::shares(lang, &redress::format::shares(shortfall)),
                    adjustments: est
                        .adjustments
                        .iter()
                        .map(|a| {
                            tr!(
                                lang,
                                "{}：每股送转 {}，每股派现 {}（{}）",
                                "{}: {} new shares and {} cash per share ({})",
                                a.ex_date,
                                redress::format::rate(a.bonus_per_share.0),
                                redress::format::rate(a.dividend_per_share.0),
                                if a.source == "case" {
                                    lang.pick("案件给出", "from the case")
                                } else {
                                    lang.pick("由记录推算", "inferred from the rows")
                                }
                            )
                        })
                        .collect(),
                    // (Trades found in two inputs are the page's question, `overlaps`.)
                    warnings: present::warnings(est, lang)
                        .into_iter()
                        .filter(|w| w.code != "duplicate-trades")
                        .collect(),
                    comparison,
                    chart,
                    chart_narrow,
                })
            }
        };
        session.case_id.clone_from(&case.id);
        session.estimate = estimate.ok();
        session.trades = trades;
        session.basis = Some(Basis {
            case: case.clone(),
            market,
            indices,
            opening: self.params.opening.unwrap_or(inferred),
        });
        self.session = Some(session);
        case::need_for_problem(&mut case_view, &case, &result, &self.params.supplied, lang);
        Computed { rev: self.rev, review, case: Some(case_view), result }
    }

    /// What each rejected sell would change if it counted: a rejected row whose cells,
    /// read as a sell, make a trade (its kind was the only problem, or its business text is
    /// a sell the canonical reader does not know) is added to the trades and the estimate
    /// made again. A few rows at most, and not for large histories (each is a whole
    /// estimate).
    fn rejected_sells(s: &mut Session, input: &Input<'_>, options: &Options, est: &Estimate) {
        const AT_MOST: usize = 5;
        if input.trades.len() > 20_000 {
            return;
        }
        let lang = options.lang;
        let base = est.compensation.0;
        let mut tried = 0;
        for (k, e) in s.investor.entries.iter().enumerate() {
            if e.status != Status::Rejected || e.edited {
                continue;
            }
            if tried == AT_MOST {
                break;
            }
            let mut cells = s.inputs.cells(e, &s.added).clone();
            let sell = cells.kind == "sell"
                || redress::import::business_kind(&cells.kind) == Some(redress::Kind::Sell);
            if !sell {
                continue;
            }
            cells.kind = "sell".into();
            let Some(read) = s.inputs.inputs.get(e.input as usize) else { continue };
            let origin = Origin { file: e.input, row: e.row };
            let Ok(trade) = cells.parse(&read.name, origin, &read.account) else { continue };
            tried += 1;
            let mut with = input.trades.to_vec();
            with.push(trade);
            redress::trade::merge_accounts(&mut with);
            let again = Input { trades: &with, ..*input };
            let Ok(other) = redress::estimate(&again, &Options { detail: false, ..*options })
            else {
                continue;
            };
            let delta = other.compensation.0 - base;
            if !delta.is_zero() {
                let signed = if delta.is_sign_negative() {
                    format!("−{}", redress::format::yuan(-delta))
                } else {
                    format!("+{}", redress::format::yuan(delta))
                };
                s.impacts.insert(
                    k,
                    (
                        i18n::money(lang, &redress::format::yuan(other.compensation.0)),
                        i18n::money(lang, &signed),
                    ),
                );
            }
        }
    }

    /// The reconcile search over the last computation.
    fn reconcile(&self, spec: &OfferSpec) -> ReconcileView {
        let lang = self.params.lang;
        let no =
            |problem: String| ReconcileView { problem: Some(problem), ..ReconcileView::default() };
        let Some((s, basis)) = self.session.as_ref().and_then(|s| Some((s, s.basis.as_ref()?)))
        else {
            return no(t(lang, K::ReconcileNoResult).to_owned());
        };
        let offer = match reconcile::offer(spec) {
            Ok(o) => o,
            Err(e) => return ReconcileView { rev: s.rev, ..no(e.message(lang)) },
        };
        let input = Input {
            case: &basis.case,
            trades: &s.trades,
            files: &s.files,
            opening_position: basis.opening,
            market: basis.market.as_ref(),
            indices: basis.indices.as_ref(),
        };
        match redress::reconcile::reconcile(&input, &offer) {
            Ok(r) => reconcile::view(&r, &basis.case, s.rev, lang),
            Err(e) => ReconcileView { rev: s.rev, ..no(e.message(lang)) },
        }
    }

    fn page(&self, query: PageQuery) -> Option<Page> {
        let s = self.session.as_ref()?;
        let lang = s.lang;
        let offset = usize::try_from(query.offset).unwrap_or(usize::MAX);
        let limit = usize::try_from(query.limit.min(1000)).unwrap_or(100);
        let (total, rows) = match query.table {
            Table::Review(filter) => {
                let keep = |(_, r): &(usize, &Entry)| match filter {
                    RowFilter::Attention => r.status != Status::Ignored,
                    RowFilter::All => true,
                    RowFilter::Used => r.status == Status::Used,
                    RowFilter::Ignored => r.status == Status::Ignored,
                    RowFilter::Rejected => r.status == Status::Rejected,
                    RowFilter::Edited => r.edited,
                };
                let entries = s.investor.entries.iter().enumerate();
                let total = entries.clone().filter(keep).count();
                let rows = entries
                    .filter(keep)
                    .skip(offset)
                    .take(limit)
                    .map(|(k, r)| review_row(s, k, r, lang))
                    .collect();
                (total, PageRows::Review(rows))
            }
            Table::Trades { segment } => {
                let seg = s.estimate.as_ref()?.segments.get(usize::try_from(segment).ok()?)?;
                let rows = seg
                    .trades
                    .iter()
                    .skip(offset)
                    .take(limit)
                    .map(|e| present::trade_row(e, lang))
                    .collect();
                (seg.trades.len(), PageRows::Trades(rows))
            }
        };
        Some(Page { rev: s.rev, query, total: u32::try_from(total).unwrap_or(u32::MAX), rows })
    }

    fn export(&self, kind: ExportKind) -> Export {
        let s = self.session.as_ref();
        let case_id = s.map_or("redress", |s| s.case_id.as_str());
        match kind {
            ExportKind::ResultJson => Export {
                kind,
                file_name: format!("redress-{case_id}-result.json"),
                mime: "application/json".into(),
                text: s
                    .and_then(|s| s.estimate.as_ref())
                    .and_then(|e| serde_json::to_string_pretty(e).ok())
                    .unwrap_or_default(),
            },
            ExportKind::TradesCsv => Export {
                kind,
                file_name: format!("redress-{case_id}-trades.csv"),
                mime: "text/csv".into(),
                text: s.map(|s| canonical::write_csv(&s.trades)).unwrap_or_default(),
            },
        }
    }
}

fn review_row(s: &Session, k: usize, r: &Entry, lang: Lang) -> ReviewRow {
    let cells = s.inputs.cells(r, &s.added).clone();
    let (reason, column) = match &r.why {
        None => (String::new(), String::new()),
        Some(Why::Header) => (t(lang, K::Header).to_owned(), String::new()),
        Some(Why::Excluded) => (t(lang, K::ExcludedByYou).to_owned(), String::new()),
        Some(Why::CountedOnce { input, row }) => (
            tr!(
                lang,
                "与 {} 第 {} 行是同一笔交易（同一账户导出了两次），只计算一次",
                "the same trade as row {1} of {0} (one account exported twice): counted once",
                s.files.get(*input as usize).map_or("", String::as_str),
                row
            ),
            String::new(),
        ),
        Some(Why::OtherSecurity(code)) => (
            tr!(lang, "其他证券（{}），不属于本案", "another security ({}), not this case's", code),
            String::new(),
        ),
        Some(why @ (Why::Import(..) | Why::Error(_))) => (
            r.message(&s.inputs, "", lang).unwrap_or_default(),
            if r.status == Status::Rejected {
                why.column().unwrap_or_default().to_owned()
            } else {
                String::new()
            },
        ),
    };
    let mut cells = cells;
    // A broker's business text ("证券买入"): shown as written; the editor opens with the
    // kind it means.
    let kind_read = if cells.kind.is_empty() || cells.kind.parse::<redress::Kind>().is_ok() {
        String::new()
    } else {
        let read = std::mem::take(&mut cells.kind);
        cells.kind = redress::import::business_kind(&read)
            .map(|k| k.as_str().to_owned())
            .unwrap_or_default();
        read
    };
    let kind_label = if kind_read.is_empty() {
        cells
            .kind
            .parse::<redress::Kind>()
            .map(|k| i18n::kind(lang, k).to_owned())
            .unwrap_or_default()
    } else {
        kind_read.clone()
    };
    ReviewRow {
        key: RowKey { source: s.ids.get(r.input as usize).copied().unwrap_or(ADDED), row: r.row },
        file: s.files.get(r.input as usize).cloned().unwrap_or_default(),
        status: match r.status {
            Status::Used => RowStatus::Used,
            Status::Ignored => RowStatus::Ignored,
            Status::Rejected => RowStatus::Rejected,
        },
        reason,
        column,
        cells,
        kind_label,
        kind_read,
        edited: r.edited,
        impact: s
            .impacts
            .get(&k)
            .map(|(amount, change)| i18n::sell_impact(lang, amount, change))
            .unwrap_or_default(),
    }
}

/// A count as the page shows it.
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// An input's row counts, for the page.
fn counts(c: Option<&inputs::Counts>) -> Counts {
    let c = c.copied().unwrap_or_default();
    Counts { used: c.used, ignored: c.ignored, rejected: c.rejected, edited: c.edited }
}

#[cfg(test)]
mod tests;

/// Whether a file's name says it is an Excel workbook (`.xls`, `.xlsx`, `.xlsm`).
fn named_as_workbook(name: &str) -> bool {
    let lower = name.to_lowercase();
    [".xls", ".xlsx", ".xlsm"].iter().any(|ext| lower.ends_with(ext))
}
