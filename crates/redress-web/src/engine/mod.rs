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
pub mod read;

use std::collections::HashMap;
use std::rc::Rc;

use redress::market::{IndexData, MarketData};
use redress::money::Decimal;
use redress::text::Encoding;
use redress::trade::Origin;
use redress::{Case, Estimate, Input, Lang, Options, Trade, canonical, tr};

use crate::i18n::{self, K, t};
use crate::protocol::{
    Body, CaseChoice, Computed, Content, Counts, EditAction, Export, ExportKind, Job, OverlapView,
    Page, PageQuery, PageRows, Params, Problem, Progress, Reply, Request, ResultView, Review,
    ReviewRow, RowCells, RowFilter, RowKey, RowStatus, SnapshotSource, SourceView, Stage, Table,
};
use read::{Gb18030, Ignored, Outcome, Read, Rejection};

/// The id of the pseudo-input that holds rows added by hand.
pub const ADDED: u32 = u32::MAX;

/// One input as the worker keeps it.
struct Source {
    id: u32,
    name: String,
    content: Content,
    text: Option<(String, Option<Encoding>)>,
    /// Shared with the computations that used it, which outlive a change of the input.
    read: Option<Rc<Read>>,
}

/// Where a review row's data lives.
enum Cells {
    /// A row of an input the computation read, by its position in [`Session::reads`] and
    /// row index.
    Read(usize, usize),
    /// Cells of an edit or an added row.
    Owned(RowCells),
}

/// What became of a row after the edits.
enum Reason {
    None,
    Ignored(Ignored),
    Rejected(Box<Rejection>),
}

struct RowEntry {
    key: RowKey,
    file: u32,
    status: RowStatus,
    reason: Reason,
    cells: Cells,
    edited: bool,
    /// For a rejected sell that could be computed: what counting it would make the
    /// compensation, and the change.
    impact: Option<(String, String)>,
}

/// The last computation, kept for pages and exports.
struct Session {
    rev: u64,
    lang: Lang,
    files: Vec<String>,
    /// The inputs as this computation read them: pages may be asked for after an input
    /// changed and before the next computation, and must show this one whole.
    reads: Vec<Rc<Read>>,
    rows: Vec<RowEntry>,
    trades: Vec<Trade>,
    estimate: Option<Estimate>,
    case_id: String,
}

/// The worker's state.
pub struct Engine {
    sources: Vec<Source>,
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
                let source = Source { id, name, content, text: None, read: None };
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
            Job::Snapshot => {
                self.flush(send);
                let list = self
                    .ordered()
                    .into_iter()
                    .filter_map(|i| {
                        let s = &self.sources[i];
                        let (text, read) = match (&s.text, &s.content) {
                            (Some((text, _)), _) => (text.clone(), None),
                            (None, Content::Rows(pre)) => (String::new(), Some(pre.clone())),
                            _ => return None,
                        };
                        Some(SnapshotSource { id: s.id, name: s.name.clone(), text, read })
                    })
                    .collect();
                send(Reply { seq, body: Body::Snapshot(list) });
            }
        }
    }

    /// Reads what is unread and computes, if anything changed; sends progress and the
    /// result.
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
        let unread = self.sources.iter().filter(|s| s.read.is_none()).count();
        let mut done = 0;
        for s in &mut self.sources {
            if s.read.is_some() {
                continue;
            }
            progress(Stage::Reading, done, unread);
            let (text, encoding, malformed) = match &s.content {
                Content::Bytes(b) => {
                    let (text, enc, malformed) = read::decode(b, &*self.gb18030);
                    (text, Some(enc), malformed)
                }
                Content::Text(text) => (text.clone(), None, 0),
                Content::Rows(pre) => {
                    // The report stays, for "remember on this device" (there is no text).
                    s.read = Some(Rc::new(read::from_pre(pre, &s.name)));
                    done += 1;
                    continue;
                }
            };
            let mut read = read::read_text(&text, &s.name, encoding);
            read.doubtful_encoding = malformed > 0 || text.contains('\0');
            s.read = Some(Rc::new(read));
            s.content = Content::Text(String::new());
            s.text = Some((text, encoding));
            done += 1;
        }
        let computed = self.compute(&mut progress);
        send(Reply { seq, body: Body::Computed(Box::new(computed)) });
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
        let order = self.ordered();
        let edits: HashMap<RowKey, &EditAction> =
            self.params.edits.iter().map(|e| (e.key, &e.action)).collect();
        let mut files = Vec::with_capacity(order.len() + 1);
        // The page's id of each input, by its index in `files`.
        let mut ids = Vec::with_capacity(order.len());
        let mut rows = Vec::new();
        let mut trades = Vec::new();
        let mut sources = Vec::with_capacity(order.len());
        let mut reads = Vec::with_capacity(order.len());
        let mut notes = Vec::new();
        // The securities of rows left out as another security's, in order of first sight.
        let mut others: Vec<String> = Vec::new();
        for (file, &i) in order.iter().enumerate() {
            let file = u32::try_from(file).unwrap_or(u32::MAX);
            let s = &self.sources[i];
            files.push(s.name.clone());
            ids.push(s.id);
            let Some(r) = &s.read else { continue };
            let k = reads.len();
            reads.push(r.clone());
            let mut counts = Counts::default();
            let mut own_others: Vec<String> = Vec::new();
            for (j, row) in r.rows.iter().enumerate() {
                let key = RowKey { source: s.id, row: row.row };
                let (outcome, cells, edited) = match edits.get(&key) {
                    Some(EditAction::Exclude) => {
                        (Outcome::Ignored(Ignored::ExcludedByUser), Cells::Read(k, j), true)
                    }
                    Some(EditAction::Replace(c)) => (
                        read::parse(c, &s.name, row.row, &r.account),
                        Cells::Owned(c.clone()),
                        true,
                    ),
                    // A row of another security is not this case's, used or not: a
                    // rejection there would ask the user to fix a row that does not count.
                    None => match (&row.code, &row.outcome) {
                        (Some(code), Outcome::Used(_) | Outcome::Rejected(_))
                            if !wanted.iter().any(|w| w == code) =>
                        {
                            (
                                Outcome::Ignored(Ignored::OtherSecurity(code.clone())),
                                Cells::Read(k, j),
                                false,
                            )
                        }
                        _ => (row.outcome.clone(), Cells::Read(k, j), false),
                    },
                };
                if let Outcome::Ignored(Ignored::OtherSecurity(code)) = &outcome
                    && !own_others.contains(code)
                {
                    own_others.push(code.clone());
                }
                let entry = entry(key, file, outcome, cells, edited, &mut trades, &mut counts);
                rows.push(entry);
            }
            let error = r.error.as_ref().map(|e| {
                let mut m = e.message(lang);
                if r.doubtful_encoding {
                    m.push_str(t(lang, K::EncodingDoubt));
                }
                m
            });
            if let Some(m) = &error {
                notes.push(m.clone());
            }
            // Why it adds nothing to the estimate, when it does not (said on the result).
            let unused = (counts.used == 0).then(|| {
                if let Some(m) = &error {
                    m.clone()
                } else if !own_others.is_empty() {
                    i18n::only_other_securities(lang, &own_others, &wanted)
                } else if counts.rejected > 0 {
                    i18n::all_rejected(lang, counts.rejected)
                } else if r.doubtful_encoding {
                    format!("{}{}", t(lang, K::NoTradeRows), t(lang, K::EncodingDoubt))
                } else {
                    t(lang, K::NoTradeRows).to_owned()
                }
            });
            for c in own_others {
                if !others.contains(&c) {
                    others.push(c);
                }
            }
            sources.push(SourceView {
                id: s.id,
                name: s.name.clone(),
                account: r.account.clone(),
                format: present::read_as(&r.format, lang),
                counts,
                error,
                unused,
            });
        }
        if !self.params.added.is_empty() {
            let file = u32::try_from(files.len()).unwrap_or(u32::MAX);
            let name = t(lang, K::AddedByHand).to_owned();
            let mut counts = Counts::default();
            for (j, c) in self.params.added.iter().enumerate() {
                let row = u32::try_from(j + 1).unwrap_or(u32::MAX);
                let key = RowKey { source: ADDED, row };
                let outcome = read::parse(c, &name, row, &name);
                rows.push(entry(
                    key,
                    file,
                    outcome,
                    Cells::Owned(c.clone()),
                    true,
                    &mut trades,
                    &mut counts,
                ));
            }
            sources.push(SourceView {
                id: ADDED,
                name: name.clone(),
                account: name.clone(),
                format: String::new(),
                counts,
                error: None,
                unused: None,
            });
            files.push(name);
        }
        // Identical trades in two inputs: asked on the page; unanswered, counted once (one
        // account exported twice); rows added by hand are never compared.
        let overlaps = self.count_once(&mut trades, &mut rows, &mut sources, &files, &ids);
        let mut total = Counts::default();
        for s in &sources {
            total.used += s.counts.used;
            total.ignored += s.counts.ignored;
            total.rejected += s.counts.rejected;
            total.edited += s.counts.edited;
        }
        redress::trade::merge_accounts(&mut trades);
        let mut review = Review {
            sources,
            counts: total,
            first_date: trades.first().map(|t| t.date.to_string()),
            last_date: trades.last().map(|t| t.date.to_string()),
            ask_opening: false,
            shortfall: "0".into(),
            notes,
            overlaps,
        };
        let (case, market, indices, custom) = match resolved {
            Ok(c) => c,
            Err(p) => {
                self.session = Some(Session {
                    rev: self.rev,
                    lang,
                    files,
                    reads,
                    rows,
                    trades,
                    estimate: None,
                    case_id: String::new(),
                });
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
            self.session = Some(Session {
                rev: self.rev,
                lang,
                files,
                reads,
                rows,
                trades,
                estimate: None,
                case_id: case.id.clone(),
            });
            return Computed { rev: self.rev, review, case: Some(case_view), result: Err(problem) };
        }
        let input = Input {
            case: &case,
            trades: &trades,
            files: &files,
            opening_position: self.params.opening.unwrap_or(0),
            market: market.as_ref(),
            indices: indices.as_ref(),
        };
        let options =
            Options { method: self.params.method, without_deductions: false, lang, detail: true };
        let estimate = redress::estimate(&input, &options);
        if let Ok(est) = &estimate {
            self.rejected_sells(&mut rows, &reads, &files, &input, &options, est);
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
                Ok(ResultView {
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
                            present::segment(s, label, lang, chosen, typed)
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
        self.session = Some(Session {
            rev: self.rev,
            lang,
            files,
            reads,
            rows,
            trades,
            estimate: estimate.ok(),
            case_id: case.id.clone(),
        });
        case::need_for_problem(&mut case_view, &case, &result, &self.params.supplied, lang);
        Computed { rev: self.rev, review, case: Some(case_view), result }
    }

    /// What each rejected sell would change if it counted: a rejected row whose cells,
    /// read as a sell, make a trade (its kind was the only problem, or its business text is
    /// a sell the canonical reader does not know) is added to the trades and the estimate
    /// made again. A few rows at most, and not for large histories (each is a whole
    /// estimate).
    fn rejected_sells(
        &self,
        rows: &mut [RowEntry],
        reads: &[Rc<Read>],
        files: &[String],
        input: &Input<'_>,
        options: &Options,
        est: &Estimate,
    ) {
        const AT_MOST: usize = 5;
        if input.trades.len() > 20_000 {
            return;
        }
        let lang = options.lang;
        let base = est.compensation.0;
        let mut tried = 0;
        for r in rows.iter_mut().filter(|r| r.status == RowStatus::Rejected && !r.edited) {
            if tried == AT_MOST {
                break;
            }
            let Cells::Read(k, j) = r.cells else { continue };
            let Some((read, row)) = reads.get(k).and_then(|x| Some((x, x.rows.get(j)?))) else {
                continue;
            };
            let mut cells = row.cells.clone();
            let sell = cells.kind == "sell"
                || redress::import::business_kind(&cells.kind) == Some(redress::Kind::Sell);
            if !sell {
                continue;
            }
            cells.kind = "sell".into();
            let name = files.get(r.file as usize).map_or("", String::as_str);
            let Outcome::Used(mut trade) = read::parse(&cells, name, r.key.row, &read.account)
            else {
                continue;
            };
            tried += 1;
            trade.origin = Origin { file: r.file, row: r.key.row };
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
                r.impact = Some((
                    i18n::money(lang, &redress::format::yuan(other.compensation.0)),
                    i18n::money(lang, &signed),
                ));
            }
        }
    }

    /// Finds the inputs that share identical trades and counts once those the user says (or,
    /// unanswered, are taken to be) one account exported twice: their later copies become
    /// ignored rows that name the row they repeat. Returns the pairs, for the page to ask.
    fn count_once(
        &self,
        trades: &mut Vec<Trade>,
        rows: &mut [RowEntry],
        sources: &mut [SourceView],
        files: &[String],
        ids: &[u32],
    ) -> Vec<OverlapView> {
        use redress::import::overlap;
        let inputs = ids.len();
        let answer = |a: u32, b: u32| {
            let (a, b) = (ids.get(a as usize)?, ids.get(b as usize)?);
            self.params.duplicates.iter().find(|d| d.earlier == *a && d.later == *b).map(|d| d.same)
        };
        let shared = overlap::overlaps(trades.iter().filter(|t| (t.origin.file as usize) < inputs));
        if shared.is_empty() {
            return Vec::new();
        }
        let removed = overlap::drop_copies(trades, |a, b| {
            (b as usize) < inputs && answer(a, b).unwrap_or(true)
        });
        for (origin, copy_of) in removed {
            let Some(row) = rows.iter_mut().find(|r| {
                r.file == origin.file && r.key.row == origin.row && r.status == RowStatus::Used
            }) else {
                continue;
            };
            row.status = RowStatus::Ignored;
            let earlier = files.get(copy_of.file as usize).cloned().unwrap_or_default();
            row.reason = Reason::Ignored(Ignored::CountedOnce(earlier, copy_of.row));
            if let Some(v) =
                sources.iter_mut().find(|v| ids.get(origin.file as usize) == Some(&v.id))
            {
                v.counts.used -= 1;
                v.counts.ignored += 1;
            }
        }
        let name = |i: u32| files.get(i as usize).cloned().unwrap_or_default();
        shared
            .into_iter()
            .filter_map(|o| {
                Some(OverlapView {
                    earlier: *ids.get(o.earlier as usize)?,
                    later: *ids.get(o.later as usize)?,
                    earlier_name: name(o.earlier),
                    later_name: name(o.later),
                    trades: o.trades,
                    same: answer(o.earlier, o.later).unwrap_or(true),
                    answered: answer(o.earlier, o.later).is_some(),
                })
            })
            .collect()
    }

    fn page(&self, query: PageQuery) -> Option<Page> {
        let s = self.session.as_ref()?;
        let lang = s.lang;
        let offset = usize::try_from(query.offset).unwrap_or(usize::MAX);
        let limit = usize::try_from(query.limit.min(1000)).unwrap_or(100);
        let (total, rows) = match query.table {
            Table::Review(filter) => {
                let keep = |r: &&RowEntry| match filter {
                    RowFilter::Attention => r.status != RowStatus::Ignored,
                    RowFilter::All => true,
                    RowFilter::Used => r.status == RowStatus::Used,
                    RowFilter::Ignored => r.status == RowStatus::Ignored,
                    RowFilter::Rejected => r.status == RowStatus::Rejected,
                    RowFilter::Edited => r.edited,
                };
                let total = s.rows.iter().filter(keep).count();
                let rows = s
                    .rows
                    .iter()
                    .filter(keep)
                    .skip(offset)
                    .take(limit)
                    .map(|r| self.review_row(s, r, lang))
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

    fn review_row(&self, s: &Session, r: &RowEntry, lang: Lang) -> ReviewRow {
        let cells = match &r.cells {
            Cells::Owned(c) => c.clone(),
            Cells::Read(k, j) => s
                .reads
                .get(*k)
                .and_then(|read| read.rows.get(*j))
                .map(|row| row.cells.clone())
                .unwrap_or_default(),
        };
        let (reason, column) = match &r.reason {
            Reason::None => (String::new(), String::new()),
            Reason::Ignored(Ignored::Header) => (t(lang, K::Header).to_owned(), String::new()),
            Reason::Ignored(Ignored::ExcludedByUser) => {
                (t(lang, K::ExcludedByYou).to_owned(), String::new())
            }
            Reason::Ignored(Ignored::Broker(zh, en)) => {
                (lang.pick(zh, en).to_owned(), String::new())
            }
            Reason::Ignored(Ignored::CountedOnce(file, row)) => (
                tr!(
                    lang,
                    "与 {} 第 {} 行是同一笔交易（同一账户导出了两次），只计算一次",
                    "the same trade as row {1} of {0} (one account exported twice): counted once",
                    file,
                    row
                ),
                String::new(),
            ),
            Reason::Ignored(Ignored::OtherSecurity(code)) => (
                tr!(
                    lang,
                    "其他证券（{}），不属于本案",
                    "another security ({}), not this case's",
                    code
                ),
                String::new(),
            ),
            Reason::Rejected(e) => (e.message(lang), e.column().unwrap_or_default().to_owned()),
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
            key: r.key,
            file: s
                .files
                .get(usize::try_from(r.file).unwrap_or(usize::MAX))
                .cloned()
                .unwrap_or_default(),
            status: r.status,
            reason,
            column,
            cells,
            kind_label,
            kind_read,
            edited: r.edited,
            impact: r
                .impact
                .as_ref()
                .map(|(amount, change)| i18n::sell_impact(lang, amount, change))
                .unwrap_or_default(),
        }
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

fn entry(
    key: RowKey,
    file: u32,
    outcome: Outcome,
    cells: Cells,
    edited: bool,
    trades: &mut Vec<Trade>,
    counts: &mut Counts,
) -> RowEntry {
    if edited {
        counts.edited += 1;
    }
    let (status, reason) = match outcome {
        Outcome::Used(mut t) => {
            t.origin = Origin { file, row: key.row };
            trades.push(t);
            counts.used += 1;
            (RowStatus::Used, Reason::None)
        }
        Outcome::Ignored(i) => {
            counts.ignored += 1;
            (RowStatus::Ignored, Reason::Ignored(i))
        }
        Outcome::Rejected(e) => {
            counts.rejected += 1;
            (RowStatus::Rejected, Reason::Rejected(Box::new(e)))
        }
    };
    RowEntry { key, file, status, reason, cells, edited, impact: None }
}

#[cfg(test)]
mod tests;
