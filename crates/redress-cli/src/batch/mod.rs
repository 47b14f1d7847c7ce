//! `redress batch`: every investor of a case in one run, for an administrator.
//!
//! The input is the canonical trade file with an extra column `investor` (interfaces.md).
//! It is read as a stream of chunks of whole investors (an investor is a run of
//! contiguous rows; [`mod@input`]) by worker threads, this one among them, each doing
//! all of a chunk's work in turn: it takes the next chunk of the file (the raw bytes cut
//! at an investor boundary, under a lock: chunks are numbered in input order), splits it
//! into cells, computes every investor in it into one buffer, and hands the buffer to the
//! writer's side, where whichever worker holds the next chunk in input order checks that
//! no investor comes back after another's rows (then the batch stops and says how to sort
//! the file) and writes it, and any that waited for it. No thread waits for another but
//! for those two short locks and to keep memory bounded: by a few chunks per thread plus
//! about 40 bytes per investor (the claims, for `--fund` and the quantiles, and a hash of
//! each investor seen).
//!
//! An investor is computed by [`redress::estimate`], or, when the case and the
//! investor's rows are plain, by the same operations without the rest of what `estimate`
//! builds ([`kernel`]); both give the same bytes. The output files are the same bytes
//! whatever the number of threads. A bad investor (a bad cell, or an error of the
//! calculation) is written to the errors file with the row, column and message, gets an
//! `error` row in the results, and the batch goes on. The format of both files is
//! described in README.md ("Batch").

mod input;
mod kernel;
mod render;

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{self, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use redress::canonical::{Cells, parse_row, push_field};
use redress::case::Method;
use redress::error::ErrorKind;
use redress::market::{IndexData, MarketData};
use redress::money::Decimal;
use redress::trade::Origin;
use redress::{Case, Error, Input, Lang, Options, format};

use crate::files::{cannot_read, display_name, load_case, parse_lang, parse_method, read_text};
use crate::fund;
use input::{Chunk, HeaderError, Pool, Records, Source, plain_fields};
use kernel::Plan;
use render::{SegmentColumns, push_decimal, push_integer, segment_fields};

/// Arguments of `redress batch`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The case file (TOML), or the id of a built-in case (see `redress cases`).
    #[arg(long, value_name = "CASE")]
    case: PathBuf,
    /// All investors' trades: the canonical trade file with a first column `investor`,
    /// each investor's rows together.
    #[arg(long, value_name = "ALL.csv")]
    trades: PathBuf,
    /// Where to write one result row per investor.
    #[arg(long, value_name = "RESULTS.csv")]
    out: PathBuf,
    /// Where to write the problems found (default: RESULTS.errors.csv beside --out).
    #[arg(long, value_name = "ERRORS.csv")]
    errors: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    threads: Option<u16>,
    /// The fund available, in yuan: when the claims exceed it, each investor's pro-rata
    /// share is added as the column `fund_share`.
    #[arg(long, value_name = "AMOUNT", value_parser = parse_fund)]
    fund: Option<u128>,
    /// Daily bars of the security: date,close,volume,float.
    #[arg(long, value_name = "FILE")]
    market: Option<PathBuf>,
    /// Index closes: date,index,close (repeatable).
    #[arg(long, value_name = "FILE")]
    index: Vec<PathBuf>,
    /// Overrides the case's buy-average method.
    #[arg(long, value_name = "METHOD", value_parser = parse_method)]
    method: Option<Method>,
    /// Language of messages: zh or en.
    #[arg(long, default_value = "zh", value_parser = parse_lang)]
    lang: Lang,
}

/// The fund in fen.
fn parse_fund(s: &str) -> Result<u128, String> {
    redress::money::parse_decimal(s).and_then(fund::to_fen).ok_or_else(|| {
        "expected an amount in yuan, at most two decimal places (e.g. 3000000.00)".to_owned()
    })
}

/// Chunks read and not yet written, besides one per worker: this bounds memory (a few
/// megabytes), and leaves a worker something to do while another, which holds the next
/// chunk to write, waits for a core.
const CHUNKS_AHEAD: usize = 8;

/// Runs the command and returns its exit status.
pub fn run(args: &Args) -> ExitCode {
    match batch(args) {
        Ok(summary) => {
            print!("{summary}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("redress: {message}");
            ExitCode::from(1)
        }
    }
}

fn cannot_write(path: &Path, e: &io::Error, lang: Lang) -> String {
    lang.pick(
        format!("无法写入 {}：{e}", path.display()),
        format!("cannot write {}: {e}", path.display()),
    )
}

/// What every investor's computation shares.
struct Context {
    case: Case,
    market: Option<MarketData>,
    indices: IndexData,
    files: Vec<String>,
    default_account: String,
    /// For each cell position, the field it holds: a canonical column
    /// (`redress::canonical::COLUMNS`) or `investor` ([`INVESTOR`]).
    slots: Vec<Option<u8>>,
    options: Options,
    lang: Lang,
    /// The short path, when the case allows it.
    plan: Option<Plan>,
    /// The result row of an investor in error, after `,error,ROWS`.
    empty_columns: Vec<u8>,
}

/// The field of `investor` in [`Records`] (after the six canonical columns).
const INVESTOR: usize = 6;

/// What a worker gives back for one chunk.
#[derive(Default)]
struct Done {
    /// The result rows, each with its line end, without `fund_share`.
    results: Vec<u8>,
    /// The lines of the errors file, in the order of the rows they are about.
    errors: Vec<u8>,
    /// Each investor: a hash of its id and its first line.
    investors: Vec<(u64, u32)>,
    /// Each investor's id, one after another (for the message when one comes back).
    ids: Vec<u8>,
    id_ends: Vec<usize>,
    /// Each investor's compensation in fen (`None`: not computed).
    claims: Vec<u128>,
    total: Decimal,
    computed: u64,
    eligible: u64,
    error_codes: Vec<&'static str>,
    rows_without_investor: u64,
    /// Tb and Pb of each segment, from the chunk's first computed investor.
    bases: Option<Vec<(String, String, String)>>,
    read_to: u64,
    /// The chunk's bytes, to be used again.
    text: Vec<u8>,
    /// The short path's scratch space.
    scratch: kernel::Scratch,
}

impl Done {
    fn id(&self, k: usize) -> String {
        let start = if k == 0 { 0 } else { self.id_ends[k - 1] };
        String::from_utf8_lossy(&self.ids[start..self.id_ends[k]]).into_owned()
    }
}

/// What the workers hand to the writer's side, numbered in input order.
enum Message {
    Chunk(Box<Done>),
    /// The file is read: no chunk has this number or a later one.
    End,
    /// The file cannot be read.
    Failed(String),
}

/// A worker's whole job: one chunk in, its rows and errors out.
fn process(ctx: &Context, chunk: Chunk, pool: &Pool, mine: &mut Kept) -> Done {
    let mut done = Done {
        read_to: chunk.read_to,
        results: pool.take(),
        errors: pool.take(),
        ..Done::default()
    };
    if !chunk.plain {
        mine.records.refill(&chunk, &ctx.slots);
    }
    let mut rows = recycle(std::mem::take(&mut mine.rows));
    work(ctx, &chunk, &mine.records, &mut rows, &mut done);
    mine.rows = recycle(rows);
    done.text = chunk.text;
    done
}

/// What a worker keeps from one chunk to the next, so that its memory is already mapped
/// and in cache: the records of a quoted chunk, the rows of any.
#[derive(Default)]
struct Kept {
    records: Records,
    rows: Vec<kernel::Row<'static>>,
}

/// An empty vector of rows of any lifetime in the memory of another (collecting into the
/// same layout reuses the allocation).
// `filter_map` to `None` is what changes the lifetime; `filter` would not.
#[allow(clippy::unnecessary_filter_map)]
fn recycle<'b>(mut rows: Vec<kernel::Row<'_>>) -> Vec<kernel::Row<'b>> {
    rows.clear();
    rows.into_iter().filter_map(|_| None).collect()
}

/// Every investor of `chunk` into `done`.
fn work<'a>(
    ctx: &'a Context,
    chunk: &'a Chunk,
    records: &'a Records,
    rows: &mut Vec<kernel::Row<'a>>,
    done: &mut Done,
) {
    let text = chunk.text.as_slice();
    let default = ctx.default_account.as_bytes();
    done.results.reserve(text.len() / 3);
    // The cells of a row again, for the long path.
    let cells = |row: &kernel::Row<'_>| -> [&[u8]; 6] {
        let fields = if chunk.plain {
            plain_fields(&text[row.source as usize..], &ctx.slots)
        } else {
            records.fields(row.source as usize)
        };
        let [date, time, account, kind, quantity, price, _] = fields;
        [date, time, account, kind, quantity, price]
    };
    // Each investor as soon as its rows are read, while they are in cache.
    let mut orphans: Vec<u32> = Vec::new();
    let mut each = |rows: &mut [kernel::Row<'a>], orphans: &mut Vec<u32>| {
        investor_done(ctx, rows, &cells, orphans, done);
    };
    if chunk.plain {
        let first = chunk.first_line;
        kernel::read_plain(text, first, &ctx.slots, default, rows, &mut orphans, &mut each);
    } else {
        rows.clear();
        for r in 0..records.len() {
            let fields = records.fields(r);
            if fields[INVESTOR].is_empty() {
                // Belongs to no investor: reported on its own, and it does not end a group.
                orphans.push(records.line(r));
                continue;
            }
            if rows.first().is_some_and(|f| f.investor != fields[INVESTOR]) {
                each(rows, &mut orphans);
                rows.clear();
            }
            let source = u32::try_from(r).unwrap_or(u32::MAX);
            rows.push(kernel::Row::read(fields, default, records.line(r), source));
        }
        if !rows.is_empty() {
            each(rows, &mut orphans);
        }
    }
    orphans_done(ctx, u32::MAX, &mut orphans, done);
}

/// Error lines for the rows without investor before `line`.
fn orphans_done(ctx: &Context, line: u32, orphans: &mut Vec<u32>, done: &mut Done) {
    let n = orphans.partition_point(|l| *l < line);
    for &line in &orphans[..n] {
        let kind = ErrorKind::MissingColumn { name: "investor" };
        let e = Error::at(kind, &ctx.files[0], Some(line), Some("investor"));
        let mut text = format!(",{line},investor,{},", e.code());
        push_field(&mut text, &e.message(ctx.lang));
        text.push('\n');
        done.errors.extend_from_slice(text.as_bytes());
        done.rows_without_investor += 1;
    }
    orphans.drain(..n);
}

/// One investor: computed, its row and errors written into `done`.
fn investor_done<'a>(
    ctx: &Context,
    rows: &mut [kernel::Row<'a>],
    cells: &dyn Fn(&kernel::Row<'a>) -> [&'a [u8]; 6],
    orphans: &mut Vec<u32>,
    done: &mut Done,
) {
    let (investor, first) = (rows[0].investor, rows[0].line);
    done.investors.push((id_hash(investor), first));
    done.ids.extend_from_slice(investor);
    done.id_ends.push(done.ids.len());
    orphans_done(ctx, first, orphans, done);

    let name = || String::from_utf8_lossy(investor);
    let out = &mut done.results;
    if investor.iter().all(|b| (b'!'..=b'~').contains(b) && !matches!(b, b',' | b'"')) {
        out.extend_from_slice(investor);
    } else {
        let mut quoted = String::new();
        push_field(&mut quoted, &name());
        out.extend_from_slice(quoted.as_bytes());
    }
    let quick = ctx.plan.as_ref().and_then(|plan| plan.compute(rows, &mut done.scratch));
    let out = &mut done.results;
    let (compensation, eligible) = if let Some(f) = quick {
        quick_columns(out, rows.len(), &f, &done.scratch.columns);
        if done.bases.is_none() {
            done.bases = Some(
                ctx.case
                    .segments
                    .iter()
                    .map(|s| {
                        let tb = s.base_date.map(|d| d.to_string()).unwrap_or_default();
                        let pb = s.base_price.map(|p| format::price(p.0)).unwrap_or_default();
                        (s.id.clone(), tb, pb)
                    })
                    .collect(),
            );
        }
        (f.compensation, f.eligible)
    } else {
        let (trades, problems) = parse_rows(ctx, rows, cells);
        let result = if problems.is_empty() {
            redress::estimate(&input(ctx, &trades), &ctx.options).map_err(|e| vec![e])
        } else {
            Err(problems)
        };
        match result {
            Ok(estimate) => {
                estimate_columns(out, rows.len(), &estimate);
                if done.bases.is_none() {
                    done.bases = Some(
                        estimate
                            .segments
                            .iter()
                            .map(|s| {
                                let tb = s.base_date.to_string();
                                (s.id.clone(), tb, format::price(s.base_price.0))
                            })
                            .collect(),
                    );
                }
                let eligible =
                    estimate.segments.iter().any(|s| s.eligible_shares.0 > Decimal::ZERO);
                (estimate.compensation.0, eligible)
            }
            Err(errors) => {
                out.extend_from_slice(b",error,");
                push_integer(out, rows.len() as u64);
                out.extend_from_slice(&ctx.empty_columns);
                out.push(b'\n');
                let mut lines = String::new();
                for e in &errors {
                    push_field(&mut lines, &name());
                    lines.push(',');
                    if let Some(r) = e.at.as_ref().and_then(|a| a.row) {
                        lines.push_str(&r.to_string());
                    }
                    lines.push(',');
                    if let Some(c) = e.at.as_ref().and_then(|a| a.column.as_deref()) {
                        push_field(&mut lines, c);
                    }
                    lines.push(',');
                    lines.push_str(e.code());
                    lines.push(',');
                    push_field(&mut lines, &e.message(ctx.lang));
                    lines.push('\n');
                }
                done.errors.extend_from_slice(lines.as_bytes());
                done.error_codes.extend(errors.iter().map(Error::code));
                done.claims.push(NO_CLAIM);
                return;
            }
        }
    };
    done.results.push(b'\n');
    done.claims.push(fund::to_fen(compensation).unwrap_or(NO_CLAIM));
    done.total += compensation;
    done.computed += 1;
    done.eligible += u64::from(eligible);
}

/// `,ok,ROWS,COMPENSATION,WARNINGS` and the segments' columns of an investor computed by
/// the short path.
fn quick_columns(out: &mut Vec<u8>, rows: usize, f: &kernel::Figures, segments: &[u8]) {
    out.extend_from_slice(b",ok,");
    push_integer(out, rows as u64);
    out.push(b',');
    push_decimal(out, f.compensation);
    out.push(b',');
    if f.no_eligible {
        out.extend_from_slice(b"no-eligible-shares");
    }
    out.extend_from_slice(segments);
}

/// The same columns from an estimate.
fn estimate_columns(out: &mut Vec<u8>, rows: usize, estimate: &redress::Estimate) {
    out.extend_from_slice(b",ok,");
    push_integer(out, rows as u64);
    out.push(b',');
    push_decimal(out, estimate.compensation.0);
    out.push(b',');
    let mut codes: Vec<&str> = Vec::new();
    for w in &estimate.warnings {
        if !codes.contains(&w.code) {
            codes.push(w.code);
        }
    }
    out.extend_from_slice(codes.join(";").as_bytes());
    for s in &estimate.segments {
        SegmentColumns::of(s).write(out);
    }
}

/// Reads an investor's rows into trades, and every bad row into an error.
fn parse_rows<'a>(
    ctx: &Context,
    rows: &[kernel::Row<'a>],
    cells: &dyn Fn(&kernel::Row<'a>) -> [&'a [u8]; 6],
) -> (Vec<redress::Trade>, Vec<Error>) {
    let name = &ctx.files[0];
    let mut trades = Vec::with_capacity(rows.len());
    let mut problems: Vec<Error> = Vec::new();
    for row in rows {
        let line = row.line;
        let cells = cells(row);
        let mut strs = [""; 6];
        let utf8 = cells
            .iter()
            .zip(&mut strs)
            .all(|(c, s)| std::str::from_utf8(c).map(|c| *s = c).is_ok());
        if !utf8 {
            let kind = ErrorKind::Table { detail: "not UTF-8 text".to_owned() };
            problems.push(Error::at(kind, name, Some(line), None));
            continue;
        };
        let [date, time, account, kind, quantity, price] = strs;
        let cells = Cells { date, time, account, kind, quantity, price };
        let origin = Origin { file: 0, row: line };
        match parse_row(&cells, name, origin, &ctx.default_account) {
            Ok(t) => trades.push(t),
            Err(e) => problems.push(e),
        }
    }
    (trades, problems)
}

fn input<'a>(ctx: &'a Context, trades: &'a [redress::Trade]) -> Input<'a> {
    Input {
        case: &ctx.case,
        trades,
        files: &ctx.files,
        opening_position: 0,
        market: ctx.market.as_ref(),
        indices: Some(&ctx.indices),
    }
}

fn header(case: &Case) -> String {
    let mut h = String::from("investor,status,rows,compensation,warnings");
    for s in &case.segments {
        for f in segment_fields(s.direction) {
            h.push(',');
            push_field(&mut h, &format!("{}.{f}", s.id));
        }
    }
    h
}

/// The claim of an investor that was not computed (no amount of a `Decimal` is so many fen;
/// an `Option` would double the memory kept per investor).
const NO_CLAIM: u128 = u128::MAX;

/// A claim, unless [`NO_CLAIM`].
fn claim(c: u128) -> Option<u128> {
    (c != NO_CLAIM).then_some(c)
}

/// The totals for the summary.
#[derive(Default)]
struct Totals {
    investors: u64,
    computed: u64,
    eligible: u64,
    rows_without_investor: u64,
    error_codes: BTreeMap<&'static str, u64>,
    /// Every investor's compensation in fen, in input order ([`NO_CLAIM`]: not computed).
    claims: Vec<u128>,
    total: Decimal,
    /// Tb and Pb of each segment (the same for every investor), from the first computed.
    bases: Vec<(String, String, String)>,
}

/// A 64-bit hash of an investor's id: eight bytes at a time through a multiplication by an
/// odd constant and shifts (each step a bijection, so ids of up to eight bytes never
/// collide), then MurmurHash3's finaliser. A tenth of SipHash's work, and the ids are the
/// administrator's own, not an adversary's.
fn id_hash(id: &[u8]) -> u64 {
    let mut h = 0x9E37_79B9_7F4A_7C15 ^ id.len() as u64;
    for chunk in id.chunks(8) {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        h = (h ^ u64::from_le_bytes(word)).wrapping_mul(0x9FB2_1C65_1E98_DF25);
        h ^= h >> 29;
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^ (h >> 33)
}

/// A 64-bit hash used as it is (the ids are hashed by the workers already).
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

fn open_input(path: &Path, lang: Lang) -> Result<(Box<dyn Read + Send>, u64), String> {
    let file = File::open(path).map_err(|e| cannot_read(path, &e, lang))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    Ok((Box::new(file), len))
}

/// The sibling `NAME.tmp` that is renamed to `path` once complete.
fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".tmp");
    path.with_file_name(name)
}

fn default_errors_path(out: &Path) -> PathBuf {
    let stem = out.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    out.with_file_name(format!("{stem}.errors.csv"))
}

/// The reader's side, taken in turn by the workers: the file and the number of the next
/// chunk.
struct Reading {
    source: Source,
    next: usize,
    /// Whether the file is read to its end (or could not be read): no chunk is left.
    over: bool,
}

/// The writer's side, taken in turn by the workers: chunks are written in input order by
/// whichever worker hands over the next one, and counted into the totals.
struct Writer<'p> {
    out: File,
    errors: File,
    out_path: &'p Path,
    errors_path: &'p Path,
    name: &'p str,
    /// The size of the file, to reserve room for its investors.
    len: u64,
    lang: Lang,
    progress: &'p ProgressBar,
    /// The number of the next chunk to write.
    next: usize,
    /// Chunks handed over before the ones before them.
    early: BTreeMap<usize, Message>,
    /// Each investor written: a hash of its id, and its first line.
    seen: HashMap<u64, u32, BuildHasherDefault<Prehashed>>,
    totals: Totals,
    /// How the writing ended: at the end of the file, or why it stopped.
    ended: Option<Result<(), String>>,
}

impl Writer<'_> {
    /// Takes the message of chunk `seq`, then writes every chunk that is next in order.
    fn take(&mut self, seq: usize, message: Message, texts: &Pool, outputs: &Pool) {
        self.early.insert(seq, message);
        while self.ended.is_none() {
            let Some(message) = self.early.remove(&self.next) else { break };
            match message {
                Message::Chunk(done) => {
                    if let Err(e) = self.write(done, texts, outputs) {
                        self.ended = Some(Err(e));
                    }
                    self.next += 1;
                }
                Message::End => self.ended = Some(Ok(())),
                Message::Failed(e) => {
                    let kind = ErrorKind::Table { detail: e };
                    let message = Error::at(kind, self.name, None, None).message(self.lang);
                    self.ended = Some(Err(message));
                }
            }
        }
    }

    /// Writes one chunk's rows and errors, after checking that none of its investors came
    /// before, and counts it.
    fn write(&mut self, mut done: Box<Done>, texts: &Pool, outputs: &Pool) -> Result<(), String> {
        let lang = self.lang;
        let totals = &mut self.totals;
        if self.next == 0 && !done.text.is_empty() {
            // Room for as many investors as the first chunk suggests the file holds:
            // growing the claims and the map as they fill would copy them again and again.
            let expected = done.investors.len() as u128 * u128::from(self.len) * 11
                / (done.text.len() as u128 * 10);
            let expected = usize::try_from(expected.min(1 << 26)).unwrap_or(0);
            self.seen.reserve(expected);
            totals.claims.reserve(expected);
        }
        for (k, &(h, line)) in done.investors.iter().enumerate() {
            if let Some(&first) = self.seen.get(&h) {
                return Err(not_grouped(self.name, &done.id(k), first, line, lang));
            }
            self.seen.insert(h, line);
        }
        let w = |r: io::Result<()>, p: &Path| r.map_err(|e| cannot_write(p, &e, lang));
        w(self.out.write_all(&done.results), self.out_path)?;
        if !done.errors.is_empty() {
            w(self.errors.write_all(&done.errors), self.errors_path)?;
        }
        outputs.give(std::mem::take(&mut done.results));
        outputs.give(std::mem::take(&mut done.errors));
        texts.give(std::mem::take(&mut done.text));
        totals.investors += done.investors.len() as u64;
        totals.computed += done.computed;
        totals.eligible += done.eligible;
        totals.total += done.total;
        totals.rows_without_investor += done.rows_without_investor;
        totals.claims.extend_from_slice(&done.claims);
        for c in done.error_codes {
            *totals.error_codes.entry(c).or_default() += 1;
        }
        if totals.bases.is_empty()
            && let Some(b) = done.bases
        {
            totals.bases = b;
        }
        self.progress.set_position(done.read_to);
        if !self.progress.is_hidden() {
            let investors = format::group(&totals.investors.to_string());
            self.progress.set_message(
                lang.pick(format!("{investors} 位投资者"), format!("{investors} investors")),
            );
        }
        Ok(())
    }
}

/// What the workers share.
struct Shared<'p> {
    ctx: &'p Context,
    reading: Mutex<Reading>,
    writer: Mutex<Writer<'p>>,
    /// The number of chunks written, signalled when it grows or the batch stops.
    written: (Mutex<usize>, Condvar),
    /// Set when no more chunks are to be read: the file is read, or the batch failed.
    stop: AtomicBool,
    /// At most this many chunks read and not yet written: memory stays bounded however
    /// far one worker falls behind.
    ahead: usize,
    /// Buffers of chunks' bytes and of their output, used again.
    texts: Pool,
    outputs: Pool,
}

/// Stops the other workers when this one panics: the chunk it held will never be
/// written, and they would wait for it for ever to keep memory bounded (the scope then
/// passes the panic on).
struct StopOnPanic<'s, 'p>(&'s Shared<'p>);

impl Drop for StopOnPanic<'_, '_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            // Under the lock that the waiting workers check `stop` under: none misses it.
            let _written = self.0.written.0.lock();
            self.0.stop.store(true, Ordering::Relaxed);
            self.0.written.1.notify_all();
        }
    }
}

impl Shared<'_> {
    /// A worker: takes the next chunk of the file, computes it, hands it to the writer
    /// (writing it, and any that waited for it, when it is next), until no chunk is left.
    /// The chunk is read by the thread that computes it, so its bytes are in that core's
    /// cache, and no thread hands work to another.
    fn work(&self) {
        let _stop = StopOnPanic(self);
        let mut mine = Kept::default();
        loop {
            let (seq, chunk) = {
                let Ok(mut reading) = self.reading.lock() else { return };
                if reading.over || !self.room(reading.next) {
                    return;
                }
                let seq = reading.next;
                match reading.source.next_chunk(&self.texts) {
                    Ok(Some(chunk)) => {
                        reading.next += 1;
                        (seq, chunk)
                    }
                    Ok(None) => {
                        reading.over = true;
                        drop(reading);
                        self.hand(seq, Message::End);
                        return;
                    }
                    Err(e) => {
                        reading.over = true;
                        drop(reading);
                        self.hand(seq, Message::Failed(e.to_string()));
                        return;
                    }
                }
            };
            let done = process(self.ctx, chunk, &self.outputs, &mut mine);
            self.hand(seq, Message::Chunk(Box::new(done)));
        }
    }

    /// Waits until chunk `seq` may be read without more than [`Shared::ahead`] chunks in
    /// memory; `false` when the batch stops instead.
    fn room(&self, seq: usize) -> bool {
        let Ok(mut written) = self.written.0.lock() else { return false };
        while seq >= *written + self.ahead && !self.stop.load(Ordering::Relaxed) {
            let Ok(w) = self.written.1.wait(written) else { return false };
            written = w;
        }
        !self.stop.load(Ordering::Relaxed)
    }

    /// Hands the message of chunk `seq` to the writer.
    fn hand(&self, seq: usize, message: Message) {
        let Ok(mut writer) = self.writer.lock() else { return };
        writer.take(seq, message, &self.texts, &self.outputs);
        let (next, ended) = (writer.next, writer.ended.is_some());
        drop(writer);
        if ended {
            self.stop.store(true, Ordering::Relaxed);
        }
        if let Ok(mut written) = self.written.0.lock() {
            *written = next;
        }
        self.written.1.notify_all();
    }
}

fn batch(args: &Args) -> Result<String, String> {
    let started = Instant::now();
    let lang = args.lang;
    let msg = |e: Error| e.message(lang);
    let case = load_case(&args.case, lang)?;
    let market = match &args.market {
        Some(p) => Some(MarketData::read_csv(&read_text(p, lang)?, &display_name(p)).map_err(msg)?),
        None => None,
    };
    let mut indices = IndexData::default();
    for p in &args.index {
        indices.add_csv(&read_text(p, lang)?, &display_name(p)).map_err(msg)?;
    }
    let name = display_name(&args.trades);
    let (file, len) = open_input(&args.trades, lang)?;
    let (mut source, head) = Source::open(file).map_err(|e| match e {
        HeaderError::Io(e) => cannot_read(&args.trades, &e, lang),
        HeaderError::Table(detail) => {
            Error::at(ErrorKind::Table { detail }, &name, None, None).message(lang)
        }
        HeaderError::Empty => Error::at(ErrorKind::NoTrades, &name, None, None).message(lang),
    })?;
    let investor =
        head.cells.iter().position(|c| c.eq_ignore_ascii_case("investor")).ok_or_else(|| {
            Error::at(ErrorKind::MissingColumn { name: "investor" }, &name, Some(head.line), None)
                .message(lang)
        })?;
    let columns =
        redress::canonical::columns(head.cells.iter().map(String::as_str), &name, head.line)
            .map_err(msg)?;
    source.investor_column(investor);
    let mut slots = vec![None; head.cells.len()];
    for (c, position) in columns.iter().enumerate() {
        if let Some(i) = position {
            slots[*i] = u8::try_from(c).ok();
        }
    }
    slots[investor] = u8::try_from(INVESTOR).ok();
    let default_account = args
        .trades
        .file_stem()
        .map_or_else(|| "#1".to_owned(), |s| s.to_string_lossy().into_owned());
    let options = Options { method: args.method, without_deductions: false, lang, detail: false };
    let plan = Plan::new(&case, &options, market.as_ref(), &indices);
    let empty = 2 + case.segments.iter().map(|s| segment_fields(s.direction).len()).sum::<usize>();
    let ctx = Context {
        empty_columns: vec![b','; empty],
        case,
        market,
        indices,
        files: vec![name.clone()],
        default_account,
        slots,
        options,
        lang,
        plan,
    };

    let threads = args.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
        usize::from,
    );

    let errors_path = args.errors.clone().unwrap_or_else(|| default_errors_path(&args.out));
    let (out_tmp, errors_tmp) = (temp_path(&args.out), temp_path(&errors_path));
    // Unbuffered: each chunk's rows are written at once from the worker's buffer.
    let create = |p: &Path| File::create(p).map_err(|e| cannot_write(p, &e, lang));
    let (mut out, mut errors) = (create(&out_tmp)?, create(&errors_tmp)?);
    let cleanup = || {
        let _ = std::fs::remove_file(&out_tmp);
        let _ = std::fs::remove_file(&errors_tmp);
    };

    let w = |r: io::Result<()>, p: &Path| r.map_err(|e| cannot_write(p, &e, lang));
    let progress = if io::stderr().is_terminal() {
        ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr())
    } else {
        ProgressBar::hidden()
    };
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} {elapsed_precise} [{wide_bar}] {bytes}/{total_bytes} {msg} ETA {eta}",
    ) {
        progress.set_style(style.progress_chars("=> "));
    }

    w(out.write_all(format!("{}\n", header(&ctx.case)).as_bytes()), &out_tmp)?;
    w(errors.write_all(b"investor,row,column,code,message\n"), &errors_tmp)?;
    let shared = Shared {
        ctx: &ctx,
        reading: Mutex::new(Reading { source, next: 0, over: false }),
        writer: Mutex::new(Writer {
            out,
            errors,
            out_path: &out_tmp,
            errors_path: &errors_tmp,
            name: &name,
            len,
            lang,
            progress: &progress,
            next: 0,
            early: BTreeMap::new(),
            seen: HashMap::default(),
            totals: Totals::default(),
            ended: None,
        }),
        written: (Mutex::new(0), Condvar::new()),
        stop: AtomicBool::new(false),
        ahead: threads + CHUNKS_AHEAD,
        texts: Pool::default(),
        outputs: Pool::default(),
    };
    // Every thread a worker, this one too.
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(|| shared.work());
        }
        shared.work();
    });
    progress.finish_and_clear();
    let writer = shared.writer.into_inner().map_err(|_| "internal error: a worker stopped")?;
    let Writer { out, errors, totals, ended, .. } = writer;
    drop(out);
    drop(errors);
    let written = ended.unwrap_or_else(|| Err("internal error: a worker stopped".to_owned()));
    if let Err(e) = written {
        cleanup();
        return Err(e);
    }

    let shares = match args.fund {
        Some(f) => {
            let claims: Vec<u128> = totals.claims.iter().map(|c| claim(*c).unwrap_or(0)).collect();
            let shares = fund::shares(&claims, f).map_err(|fund::FundError::TooLarge| {
                cleanup();
                lang.pick(
                    "金额过大，无法精确按比例分配",
                    "the amounts are too large to share exactly",
                )
                .to_owned()
            })?;
            if let Err(e) = append_shares(&out_tmp, &args.out, &totals.claims, &shares, lang) {
                cleanup();
                return Err(e);
            }
            Some((f, shares))
        }
        None => {
            std::fs::rename(&out_tmp, &args.out).map_err(|e| cannot_write(&args.out, &e, lang))?;
            None
        }
    };
    std::fs::rename(&errors_tmp, &errors_path).map_err(|e| cannot_write(&errors_path, &e, lang))?;
    Ok(summary(&totals, shares.as_ref(), &args.out, &errors_path, threads, started, lang))
}

fn not_grouped(file: &str, investor: &str, first: u32, again: u32, lang: Lang) -> String {
    lang.pick(
        format!(
            "{file}：投资者“{investor}”的记录不连续（第 {first} 行起已出现，第 {again} 行再次出现）。\
             批量计算要求同一投资者的各行相邻。请先按投资者排序，例如：\n  \
             (head -n 1 {file}; tail -n +2 {file} | LC_ALL=C sort -t, -k1,1 -s) > sorted.csv\n\
             （sort -s 保持每位投资者各行的原有顺序；sort 在磁盘上分段排序，文件再大也不占满内存。）"
        ),
        format!(
            "{file}: the rows of investor “{investor}” are not together (seen from row {first}, again at row {again}). \
             The batch needs each investor's rows to be contiguous. Sort the file by investor first, e.g.:\n  \
             (head -n 1 {file}; tail -n +2 {file} | LC_ALL=C sort -t, -k1,1 -s) > sorted.csv\n\
             (sort -s keeps each investor's rows in their order; sort works on disk, so any size fits.)"
        ),
    )
}

/// Second pass with `--fund`: copies the results adding `fund_share` to each row.
fn append_shares(
    tmp: &Path,
    out: &Path,
    claims: &[u128],
    shares: &[u128],
    lang: Lang,
) -> Result<(), String> {
    let file = File::open(tmp).map_err(|e| cannot_read(tmp, &e, lang))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(BufReader::with_capacity(1 << 20, file));
    let dest = File::create(out).map_err(|e| cannot_write(out, &e, lang))?;
    let mut w = BufWriter::with_capacity(1 << 20, dest);
    let mut record = csv::StringRecord::new();
    let mut line = String::with_capacity(512);
    let mut i = 0usize;
    let mut first = true;
    let werr = |e: io::Error| cannot_write(out, &e, lang);
    while reader
        .read_record(&mut record)
        .map_err(|e| cannot_read(tmp, &io::Error::other(e), lang))?
    {
        line.clear();
        for (k, f) in record.iter().enumerate() {
            if k > 0 {
                line.push(',');
            }
            push_field(&mut line, f);
        }
        line.push(',');
        if first {
            line.push_str("fund_share");
            first = false;
        } else {
            if claims.get(i).copied().and_then(claim).is_some() {
                line.push_str(&fund::from_fen(shares[i]).to_string());
            }
            i += 1;
        }
        line.push('\n');
        w.write_all(line.as_bytes()).map_err(werr)?;
    }
    w.flush().map_err(werr)?;
    drop(w);
    std::fs::remove_file(tmp).map_err(|e| cannot_write(tmp, &e, lang))
}

/// Nearest-rank quantile (`p` in percent) of sorted values.
#[cfg(test)]
fn quantile<T: Copy + Into<u128>>(sorted: &[T], p: usize) -> u128 {
    let n = sorted.len();
    let rank = (p * n).div_ceil(100).max(1);
    sorted[rank.min(n) - 1].into()
}

/// The nearest-rank quantiles `ps` (ascending, in percent) of `values` (not empty),
/// without sorting them all: each is selected among the values above the one before.
fn quantiles<T: Copy + Ord + Into<u128>>(values: &mut [T], ps: &[usize]) -> Vec<u128> {
    let n = values.len();
    let mut from = 0;
    ps.iter()
        .map(|p| {
            let at = ((p * n).div_ceil(100).max(1)).min(n) - 1;
            if at > from || (at == from && from == 0) {
                values[from..].select_nth_unstable(at - from);
                from = at;
            }
            values[at].into()
        })
        .collect()
}

/// A summary line: the label padded to a column (a CJK character is two columns wide).
fn labelled(out: &mut String, label: &str, value: &str) {
    let width: usize = label.chars().map(|c| if c >= '\u{2E80}' { 2 } else { 1 }).sum();
    out.push_str(label);
    out.push_str(&" ".repeat(16usize.saturating_sub(width).max(1)));
    out.push_str(value);
    out.push('\n');
}

fn summary(
    t: &Totals,
    shares: Option<&(u128, Vec<u128>)>,
    out: &Path,
    errors: &Path,
    threads: usize,
    started: Instant,
    lang: Lang,
) -> String {
    let n = |x: u64| format::group(&x.to_string());
    let y = |fen: u128| format::yuan(fund::from_fen(fen));
    let mut s = String::new();
    let mut line = |zh: &str, en: &str, value: String| labelled(&mut s, lang.pick(zh, en), &value);
    let failed = t.investors - t.computed;
    line(
        "投资者",
        "investors",
        lang.pick(
            format!("{}（已计算 {}，出错 {}）", n(t.investors), n(t.computed), n(failed)),
            format!("{} ({} computed, {} with errors)", n(t.investors), n(t.computed), n(failed)),
        ),
    );
    if t.rows_without_investor > 0 {
        line("无投资者的行", "rows without investor", n(t.rows_without_investor));
    }
    let paid = t.claims.iter().filter_map(|c| claim(*c)).filter(|c| *c > 0);
    // Sorting 64-bit numbers is twice as fast, and every real claim fits.
    let qs = [0, 25, 50, 75, 90, 99, 100];
    let (count, quantiles): (usize, Vec<u128>) =
        match paid.clone().map(u64::try_from).collect::<Result<Vec<u64>, _>>() {
            Ok(small) if small.is_empty() => (0, Vec::new()),
            Ok(mut small) => (small.len(), quantiles(&mut small, &qs)),
            Err(_) => {
                let mut all: Vec<u128> = paid.collect();
                (all.len(), quantiles(&mut all, &qs))
            }
        };
    line("有可索赔股份", "eligible", n(t.eligible));
    line("获赔投资者", "compensated", n(count as u64));
    line(
        "赔偿总额",
        "total",
        lang.pick(
            format!("{} 元", format::yuan(t.total)),
            format!("{} yuan", format::yuan(t.total)),
        ),
    );
    if count > 0 {
        let labels = ["min", "P25", "P50", "P75", "P90", "P99", "max"];
        let parts: Vec<String> =
            labels.iter().zip(&quantiles).map(|(label, q)| format!("{label} {}", y(*q))).collect();
        line("获赔金额分位数", "quantiles", parts.join("  "));
    }
    for (id, tb, pb) in &t.bases {
        line(
            &format!("分段 {id}"),
            &format!("segment {id}"),
            lang.pick(
                format!("基准日 {tb}，基准价 {pb}"),
                format!("base date {tb}, base price {pb}"),
            ),
        );
    }
    if let Some((fund, shares)) = shares {
        let total: u128 = t.claims.iter().filter_map(|c| claim(*c)).sum();
        let paid_out: u128 = shares.iter().sum();
        let text = if total > *fund {
            lang.pick(
                format!(
                    "{} 元，不足以全额赔付：按比例分配（最大余数法），合计 {} 元",
                    y(*fund),
                    y(paid_out)
                ),
                format!(
                    "{} yuan, less than the claims: shared pro rata (largest remainder), {} yuan in all",
                    y(*fund),
                    y(paid_out)
                ),
            )
        } else {
            lang.pick(
                format!("{} 元，足以全额赔付；余 {} 元", y(*fund), y(fund - paid_out)),
                format!("{} yuan covers every claim; {} yuan left", y(*fund), y(fund - paid_out)),
            )
        };
        line("基金", "fund", text);
    }
    if !t.error_codes.is_empty() {
        let codes: Vec<String> =
            t.error_codes.iter().map(|(c, k)| format!("{c} {}", n(*k))).collect();
        line(
            "错误",
            "errors",
            lang.pick(
                format!("{}（见 {}）", codes.join("，"), errors.display()),
                format!("{} (see {})", codes.join(", "), errors.display()),
            ),
        );
    }
    line("结果", "results", out.display().to_string());
    let ms = started.elapsed().as_millis().max(1);
    let rate = format::group(&(u128::from(t.investors) * 1000 / ms).to_string());
    let (secs, tenths) = (ms / 1000, ms % 1000 / 100);
    line(
        "用时",
        "time",
        lang.pick(
            format!("{secs}.{tenths} 秒，{threads} 个线程，每秒 {rate} 位投资者"),
            format!(
                "{secs}.{tenths} s, {threads} thread{}, {rate} investors/s",
                if threads == 1 { "" } else { "s" }
            ),
        ),
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cases that take the short path, and together use every rule it computes.
    const PLAIN_CASES: [&str; 3] = [
        redress::DEMO_CASE,
        r#"
id = "fixed"
name = "t"
security = "300000"
source = "t"
combine = "max"
[rules]
netting = "per-part"
fees_on = "loss"
commission_rate = "0.00025"
non_systemic_ratio = "0.15"
min_compensation_ratio = "0.3"
[rules.systemic]
method = "fixed"
ratio = "0.35"
scale = "0.5"
[[segments]]
id = "a"
implementation_date = "2021-03-01"
disclosure_date = "2021-06-01"
base_date = "2021-06-30"
base_price = "8.00"
[[segments]]
id = "b"
implementation_date = "2020-11-02"
disclosure_date = "2021-02-01"
base_date = "2021-03-15"
base_price = "11.537"
"#,
        r#"
id = "sum"
name = "t"
security = "300000"
source = "t"
[rules]
stamp_duty_rate = "0.002"
[rules.systemic]
method = "fixed"
ratio = "0.2"
[[segments]]
id = "a"
implementation_date = "2021-03-01"
disclosure_date = "2021-06-01"
base_date = "2021-06-30"
base_price = "8.00"
[[segments]]
id = "b"
implementation_date = "2020-11-02"
disclosure_date = "2021-02-01"
base_date = "2021-03-15"
base_price = "11.5"
"#,
    ];

    /// Investors' rows as cells (date, time, account, kind, quantity, price): the
    /// generator's, and random ones with prices of 0 to 3 decimals, any quantity, rows
    /// without time or account, trades on the segments' very dates, days in any order.
    fn investors() -> Vec<Vec<[String; 6]>> {
        let mut text = Vec::new();
        crate::generate::write(&mut text, 150, 2_000, 21).unwrap();
        let text = String::from_utf8(text).unwrap();
        let mut out: Vec<Vec<[String; 6]>> = Vec::new();
        let mut last = String::new();
        for line in text.lines().skip(1) {
            let c: Vec<&str> = line.split(',').collect();
            if c[0] != last {
                out.push(Vec::new());
                last = c[0].to_owned();
            }
            let row = [c[1], c[2], c[3], c[4], c[5], c[6]].map(str::to_owned);
            out.last_mut().unwrap().push(row);
        }
        let mut x: u64 = 0x1234_5678;
        let mut next = |n: u64| {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (x >> 33) % n
        };
        let days = [
            "2020-10-05",
            "2020-11-02",
            "2020-12-01",
            "2021-02-01",
            "2021-02-26",
            "2021-03-01",
            "2021-03-02",
            "2021-04-15",
            "2021-05-31",
            "2021-06-01",
            "2021-06-15",
            "2021-06-30",
            "2021-07-01",
            "2021-08-20",
        ];
        for _ in 0..300 {
            let mut rows = Vec::new();
            let mut held: u64 = 0;
            for _ in 0..1 + next(12) {
                let buy = held == 0 || next(100) < 60;
                let quantity = if buy { 1 + next(30_000) } else { 1 + next(held) };
                held = if buy { held + quantity } else { held - quantity };
                let cents = 100 + next(2_000);
                let price = match next(4) {
                    0 => format!("{}", cents / 100),
                    1 => format!("{}.{}", cents / 100, cents % 10),
                    2 => format!("{}.{:02}", cents / 100, cents % 100),
                    _ => format!("{}.{:03}", cents / 100, cents * 7 % 1000),
                };
                let time = if next(3) == 0 {
                    String::new()
                } else {
                    format!("{:02}:{:02}:{:02}", 9 + next(6), next(60), next(60))
                };
                let account = ["A", "B", ""][usize::try_from(next(3)).unwrap()];
                let day = days[usize::try_from(next(days.len() as u64)).unwrap()];
                let kind = if buy { "buy" } else { "sell" };
                let row = [day, &time, account, kind, &quantity.to_string(), &price];
                rows.push(row.map(str::to_owned));
            }
            out.push(rows);
        }
        out
    }

    /// The short path gives every investor it takes the bytes `estimate` gives, under every
    /// method and every rule it computes.
    #[test]
    fn the_short_path_is_estimate_to_the_byte() {
        let investors = investors();
        let files = ["t.csv".to_owned()];
        let indices = IndexData::default();
        let (mut compared, mut refused) = (0, 0);
        for text in PLAIN_CASES {
            let case = Case::from_toml(text, "t.toml").unwrap();
            for method in [
                None,
                Some(Method::FifoAverage),
                Some(Method::WeightedAverage),
                Some(Method::ActualCost),
            ] {
                let options =
                    Options { method, without_deductions: false, lang: Lang::En, detail: false };
                let plan = Plan::new(&case, &options, None, &indices).expect("a plain case");
                for rows in &investors {
                    let cells: Vec<[&[u8]; 7]> = rows
                        .iter()
                        .map(|r| {
                            let [d, t, a, k, q, p] = r.each_ref().map(|c| c.as_bytes());
                            [d, t, a, k, q, p, b"x"]
                        })
                        .collect();
                    let mut read: Vec<kernel::Row<'_>> = cells
                        .iter()
                        .enumerate()
                        .map(|(i, c)| {
                            kernel::Row::read(*c, b"dflt", 2 + u32::try_from(i).unwrap(), 0)
                        })
                        .collect();
                    let mut scratch = kernel::Scratch::default();
                    let quick = plan.compute(&mut read, &mut scratch);
                    let trades: Vec<redress::Trade> = rows
                        .iter()
                        .enumerate()
                        .map(|(i, [date, time, account, kind, quantity, price])| {
                            let cells = Cells { date, time, account, kind, quantity, price };
                            parse_row(
                                &cells,
                                "t.csv",
                                Origin { file: 0, row: 2 + u32::try_from(i).unwrap() },
                                "dflt",
                            )
                            .unwrap()
                        })
                        .collect();
                    let input = Input {
                        case: &case,
                        trades: &trades,
                        files: &files,
                        opening_position: 0,
                        market: None,
                        indices: Some(&indices),
                    };
                    let estimate = redress::estimate(&input, &options).unwrap();
                    let Some(f) = quick else {
                        // Every cell is plain: only a history that starts late is refused.
                        assert!(estimate.warnings.iter().any(|w| w.code == "history-starts-late"));
                        refused += 1;
                        continue;
                    };
                    let (mut quick, mut long) = (Vec::new(), Vec::new());
                    quick_columns(&mut quick, rows.len(), &f, &scratch.columns);
                    estimate_columns(&mut long, rows.len(), &estimate);
                    assert_eq!(
                        String::from_utf8(quick).unwrap(),
                        String::from_utf8(long).unwrap(),
                        "{} {method:?} {rows:?}",
                        case.id
                    );
                    compared += 1;
                }
            }
        }
        // The random investors' days come in any order, so some sell more than they hold.
        assert!(compared > 3_000 && refused > 300, "compared {compared}, refused {refused}");
    }

    #[test]
    fn recycled_rows_keep_their_memory() {
        let text = b"x".to_vec();
        let mut rows: Vec<kernel::Row<'_>> = Vec::with_capacity(1000);
        rows.push(kernel::Row::read([&text[..]; 7], b"", 2, 0));
        let again: Vec<kernel::Row<'static>> = recycle(rows);
        assert!(again.is_empty() && again.capacity() >= 1000);
    }

    #[test]
    fn short_ids_never_share_a_hash() {
        let mut seen = std::collections::HashSet::new();
        for i in 0..200_000u32 {
            assert!(seen.insert(id_hash(format!("{i:08}").as_bytes())));
            assert!(seen.insert(id_hash(i.to_string().as_bytes())));
        }
        assert_ne!(id_hash(b"a"), id_hash(b"a\0"));
    }

    #[test]
    fn claims_and_quantiles() {
        assert_eq!(claim(NO_CLAIM), None);
        assert_eq!(claim(0), Some(0));
        let sorted: [u64; 4] = [1, 2, 3, 4];
        assert_eq!([0, 25, 50, 75, 100].map(|p| quantile(&sorted, p)), [1, 1, 2, 3, 4]);
        // Selected as sorting would give them, on values in any order, repeats included.
        let mut x: u64 = 7;
        for n in [1, 2, 3, 10, 101, 1000] {
            let mut values: Vec<u64> = (0..n)
                .map(|_| {
                    x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    (x >> 33) % 50
                })
                .collect();
            let ps = [0, 25, 50, 75, 90, 99, 100];
            let mut sorted = values.clone();
            sorted.sort_unstable();
            let expected: Vec<u128> = ps.iter().map(|p| quantile(&sorted, *p)).collect();
            assert_eq!(quantiles(&mut values, &ps), expected, "{n}");
        }
    }
}
