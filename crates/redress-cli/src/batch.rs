//! `redress batch`: every investor of a case in one run, for an administrator.
//!
//! The input is the canonical trade file with an extra column `investor` (interfaces.md).
//! It is read as a stream: a reader thread cuts it into chunks of whole investors (an
//! investor is a run of contiguous rows), the chunks go through a bounded channel to a
//! pool of threads that compute each investor with [`redress::estimate`] (the same code
//! the browser runs, without the per-trade detail), and the results are written in input
//! order. Memory is bounded by a few chunks plus about 70 bytes per investor (the claims, for
//! `--fund` and the quantiles, and a hash of each investor seen, to notice an investor
//! whose rows come back later: then the batch stops and says how to sort the file).
//!
//! The output files are the same bytes whatever the number of threads. A bad investor
//! (a bad cell, or an error of the calculation) is written to the errors file with the
//! row, column and message, gets an `error` row in the results, and the batch goes on.
//! The format of both files is described in README.md ("Batch").

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::hash::{Hash, Hasher};
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use redress::canonical::{Cells, parse_row, push_field};
use redress::case::{Direction, Method};
use redress::error::ErrorKind;
use redress::market::{IndexData, MarketData};
use redress::money::Decimal;
use redress::report::SegmentResult;
use redress::trade::Origin;
use redress::{Case, Error, Estimate, Input, Lang, Options, format};

use crate::files::{cannot_read, display_name, load_case, parse_lang, parse_method, read_text};
use crate::fund;

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

/// Rows per chunk handed to the threads (whole investors, so a chunk may be larger).
const CHUNK_ROWS: usize = 16_384;
/// Chunks read ahead of the threads: this bounds memory.
const CHUNKS_AHEAD: usize = 4;

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
    /// For each cell position, the canonical column it holds (index into `redress::canonical::COLUMNS`).
    slots: Vec<Option<usize>>,
    options: Options,
    lang: Lang,
}

/// Whole investors' rows, stored flat: the cells of every row one after another.
#[derive(Default)]
struct Chunk {
    /// The bytes of every cell, concatenated.
    bytes: Vec<u8>,
    /// The end of each cell in `bytes` (a cell starts where the one before ends).
    ends: Vec<usize>,
    /// Each row: its line in the file and its first cell in `ends`.
    rows: Vec<(u32, usize)>,
    /// Each investor: the id and the range of its rows.
    groups: Vec<(String, std::ops::Range<usize>)>,
    /// Lines of rows without an investor (not in `rows`).
    orphans: Vec<u32>,
    /// Bytes of the file read so far, for the progress bar.
    read_to: u64,
}

impl Chunk {
    fn cells(&self, row: usize) -> impl Iterator<Item = &[u8]> {
        let first = self.rows[row].1;
        let last = self.rows.get(row + 1).map_or(self.ends.len(), |r| r.1);
        (first..last).map(move |k| {
            let start = if k == 0 { 0 } else { self.ends[k - 1] };
            &self.bytes[start..self.ends[k]]
        })
    }
}

/// Why the reader stopped the batch.
enum Stop {
    /// The file cannot be read.
    Io(String),
    /// An investor's rows come back after other investors' rows.
    NotGrouped { investor: String, first: u32, again: u32 },
}

/// The reader thread: cuts the file into chunks of whole investors.
fn read_chunks(
    mut reader: csv::Reader<Box<dyn Read + Send>>,
    investor_column: usize,
    tx: &mpsc::SyncSender<Result<Chunk, Stop>>,
) {
    let mut chunk = Chunk::default();
    // Hash of each investor seen → the line where its rows began.
    let mut seen: HashMap<u64, u32> = HashMap::new();
    let mut record = csv::ByteRecord::new();
    let mut current: Option<(Vec<u8>, usize)> = None;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let _ = tx.send(Err(Stop::Io(e.to_string())));
                return;
            }
        }
        if record.iter().all(|c| c.trim_ascii().is_empty()) {
            continue;
        }
        let line = record.position().map_or(0, |p| u32::try_from(p.line()).unwrap_or(u32::MAX));
        let investor = record.get(investor_column).unwrap_or_default().trim_ascii();
        if investor.is_empty() {
            // Belongs to no investor: reported on its own, and it does not end a group.
            chunk.orphans.push(line);
            continue;
        }
        let same = current.as_ref().is_some_and(|(id, _)| id.as_slice() == investor);
        if !same {
            if let Some((id, start)) = current.take() {
                chunk
                    .groups
                    .push((String::from_utf8_lossy(&id).into_owned(), start..chunk.rows.len()));
                if chunk.rows.len() >= CHUNK_ROWS {
                    chunk.read_to = record.position().map_or(0, csv::Position::byte);
                    if tx.send(Ok(std::mem::take(&mut chunk))).is_err() {
                        return;
                    }
                }
            }
            let mut h = DefaultHasher::new();
            investor.hash(&mut h);
            if let Some(&first) = seen.get(&h.finish()) {
                let investor = String::from_utf8_lossy(investor).into_owned();
                let _ = tx.send(Err(Stop::NotGrouped { investor, first, again: line }));
                return;
            }
            seen.insert(h.finish(), line);
            current = Some((investor.to_vec(), chunk.rows.len()));
        }
        chunk.rows.push((line, chunk.ends.len()));
        for cell in &record {
            chunk.bytes.extend_from_slice(cell.trim_ascii());
            chunk.ends.push(chunk.bytes.len());
        }
    }
    if let Some((id, start)) = current.take() {
        chunk.groups.push((String::from_utf8_lossy(&id).into_owned(), start..chunk.rows.len()));
    }
    chunk.read_to = reader.position().byte();
    let _ = tx.send(Ok(chunk));
}

/// One investor's outcome, ready to write.
struct Outcome {
    /// The result row, without the `fund_share` column and line end.
    row: String,
    /// Lines of the errors file.
    errors: String,
    /// The compensation when computed.
    claim: Option<Decimal>,
    /// Whether some segment has eligible shares.
    eligible: bool,
    /// The code of each error.
    error_codes: Vec<&'static str>,
}

/// Reads an investor's rows into trades, and every bad row into an error.
fn parse_rows(
    ctx: &Context,
    chunk: &Chunk,
    rows: std::ops::Range<usize>,
) -> (Vec<redress::Trade>, Vec<Error>) {
    let name = &ctx.files[0];
    let mut trades = Vec::with_capacity(rows.len());
    let mut problems: Vec<Error> = Vec::new();
    for r in rows {
        let line = chunk.rows[r].0;
        let mut text = [""; 6];
        let mut utf8 = true;
        for (i, cell) in chunk.cells(r).enumerate() {
            let Some(&Some(c)) = ctx.slots.get(i) else { continue };
            match std::str::from_utf8(cell) {
                Ok(s) => text[c] = s,
                Err(_) => utf8 = false,
            }
        }
        if !utf8 {
            let kind = ErrorKind::Table { detail: "not UTF-8 text".to_owned() };
            problems.push(Error::at(kind, name, Some(line), None));
            continue;
        }
        let [date, time, account, kind, quantity, price] = text;
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

fn compute(ctx: &Context, chunk: &Chunk, investor: &str, rows: std::ops::Range<usize>) -> Outcome {
    let lang = ctx.lang;
    let n_rows = rows.len();
    let (trades, problems) = parse_rows(ctx, chunk, rows);
    let result = if problems.is_empty() {
        redress::estimate(&input(ctx, &trades), &ctx.options).map_err(|e| vec![e])
    } else {
        Err(problems)
    };
    let mut row = String::with_capacity(256);
    push_field(&mut row, investor);
    match result {
        Ok(estimate) => {
            row.push_str(",ok,");
            row.push_str(&n_rows.to_string());
            result_columns(&mut row, &estimate);
            Outcome {
                row,
                errors: String::new(),
                claim: Some(estimate.compensation.0),
                eligible: estimate.segments.iter().any(|s| s.eligible_shares.0 > Decimal::ZERO),
                error_codes: Vec::new(),
            }
        }
        Err(errors) => {
            row.push_str(",error,");
            row.push_str(&n_rows.to_string());
            let empty = 2 + ctx
                .case
                .segments
                .iter()
                .map(|s| segment_fields(s.direction).len())
                .sum::<usize>();
            row.push_str(&",".repeat(empty));
            let mut lines = String::new();
            for e in &errors {
                push_field(&mut lines, investor);
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
                push_field(&mut lines, &e.message(lang));
                lines.push('\n');
            }
            Outcome {
                row,
                errors: lines,
                claim: None,
                eligible: false,
                error_codes: errors.iter().map(Error::code).collect(),
            }
        }
    }
}

/// The columns of one segment, by direction (names as in the result JSON).
fn segment_fields(direction: Direction) -> &'static [&'static str] {
    match direction {
        Direction::Long => &[
            "eligible_shares",
            "buy_average",
            "sold_shares",
            "sell_average",
            "held_shares",
            "loss_sold",
            "loss_held",
            "investment_loss",
            "systemic_deduction",
            "non_systemic_deduction",
            "compensable_loss",
            "commission",
            "stamp_duty",
            "interest",
            "compensation",
        ],
        Direction::Short => &[
            "eligible_shares",
            "sell_average",
            "bought_back_shares",
            "buy_back_average",
            "held_shares",
            "loss_sold",
            "loss_held",
            "investment_loss",
            "systemic_deduction",
            "non_systemic_deduction",
            "compensable_loss",
            "commission",
            "stamp_duty",
            "interest",
            "compensation",
        ],
    }
}

fn segment_value(s: &SegmentResult, field: &str) -> String {
    let opt = |p: Option<redress::money::Price>| p.map(|p| p.0.to_string()).unwrap_or_default();
    match field {
        "eligible_shares" => s.eligible_shares.to_string(),
        "buy_average" => opt(s.buy_average),
        "sold_shares" => s.sold_shares.to_string(),
        "sell_average" => opt(s.sell_average),
        "held_shares" => s.held_shares.to_string(),
        "bought_back_shares" => s.bought_back_shares.map(|x| x.to_string()).unwrap_or_default(),
        "buy_back_average" => opt(s.buy_back_average),
        "loss_sold" => s.loss_sold.0.to_string(),
        "loss_held" => s.loss_held.0.to_string(),
        "investment_loss" => s.investment_loss.0.to_string(),
        "systemic_deduction" => s.systemic_deduction.0.to_string(),
        "non_systemic_deduction" => s.non_systemic_deduction.0.to_string(),
        "compensable_loss" => s.compensable_loss.0.to_string(),
        "commission" => s.commission.0.to_string(),
        "stamp_duty" => s.stamp_duty.0.to_string(),
        "interest" => s.interest.0.to_string(),
        _ => s.compensation.0.to_string(),
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

/// `,compensation,warnings,<segment columns>` of a computed investor.
fn result_columns(row: &mut String, e: &Estimate) {
    row.push(',');
    row.push_str(&e.compensation.0.to_string());
    row.push(',');
    let mut codes: Vec<&str> = Vec::new();
    for w in &e.warnings {
        if !codes.contains(&w.code) {
            codes.push(w.code);
        }
    }
    row.push_str(&codes.join(";"));
    for s in &e.segments {
        for f in segment_fields(s.direction) {
            row.push(',');
            row.push_str(&segment_value(s, f));
        }
    }
}

/// The totals for the summary.
#[derive(Default)]
struct Totals {
    investors: u64,
    computed: u64,
    eligible: u64,
    rows_without_investor: u64,
    error_codes: BTreeMap<&'static str, u64>,
    /// Every investor's compensation in fen, in input order (`None`: not computed).
    claims: Vec<Option<u128>>,
    total: Decimal,
    /// Tb and Pb of each segment (the same for every investor), from the first computed.
    bases: Vec<(String, String, String)>,
}

fn open_input(path: &Path, lang: Lang) -> Result<(Box<dyn Read + Send>, u64), String> {
    let file = File::open(path).map_err(|e| cannot_read(path, &e, lang))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut buffered = BufReader::with_capacity(1 << 20, file);
    // A UTF-8 byte-order mark is not part of the first column's name.
    let bom =
        buffered.fill_buf().map_err(|e| cannot_read(path, &e, lang))?.starts_with(b"\xEF\xBB\xBF");
    if bom {
        buffered.consume(3);
    }
    Ok((Box::new(buffered), len))
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
    let (input, len) = open_input(&args.trades, lang)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        // Cells are trimmed as they are stored: the reader's own trimming copies every
        // record.
        .buffer_capacity(1 << 20)
        .from_reader(input);
    // The header: the first row that is not blank.
    let mut head = csv::StringRecord::new();
    loop {
        let more = reader.read_record(&mut head).map_err(|e| {
            Error::at(ErrorKind::Table { detail: e.to_string() }, &name, None, None).message(lang)
        })?;
        if !more {
            return Err(Error::at(ErrorKind::NoTrades, &name, None, None).message(lang));
        }
        head.trim();
        if !head.iter().all(str::is_empty) {
            break;
        }
    }
    let head_line = head.position().map_or(1, |p| u32::try_from(p.line()).unwrap_or(u32::MAX));
    let investor_column =
        head.iter().position(|c| c.eq_ignore_ascii_case("investor")).ok_or_else(|| {
            Error::at(ErrorKind::MissingColumn { name: "investor" }, &name, Some(head_line), None)
                .message(lang)
        })?;
    let columns = redress::canonical::columns(head.iter(), &name, head_line).map_err(msg)?;
    let mut slots = vec![None; head.len()];
    for (c, position) in columns.iter().enumerate() {
        if let Some(i) = position {
            slots[*i] = Some(c);
        }
    }
    let default_account = args
        .trades
        .file_stem()
        .map_or_else(|| "#1".to_owned(), |s| s.to_string_lossy().into_owned());
    let ctx = Context {
        case,
        market,
        indices,
        files: vec![name.clone()],
        default_account,
        slots,
        options: Options { method: args.method, without_deductions: false, lang, detail: false },
        lang,
    };

    let threads = args.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
        usize::from,
    );
    let pool =
        rayon::ThreadPoolBuilder::new().num_threads(threads).build().map_err(|e| e.to_string())?;

    let errors_path = args.errors.clone().unwrap_or_else(|| default_errors_path(&args.out));
    let (out_tmp, errors_tmp) = (temp_path(&args.out), temp_path(&errors_path));
    let create = |p: &Path| {
        File::create(p)
            .map(|f| BufWriter::with_capacity(1 << 20, f))
            .map_err(|e| cannot_write(p, &e, lang))
    };
    let mut out = create(&out_tmp)?;
    let mut errors = create(&errors_tmp)?;
    let cleanup = || {
        let _ = std::fs::remove_file(&out_tmp);
        let _ = std::fs::remove_file(&errors_tmp);
    };

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

    let (tx, rx) = mpsc::sync_channel(CHUNKS_AHEAD);
    let mut totals = Totals::default();
    let written = std::thread::scope(|scope| -> Result<(), String> {
        scope.spawn(move || read_chunks(reader, investor_column, &tx));
        let w = |r: io::Result<()>, p: &Path| r.map_err(|e| cannot_write(p, &e, lang));
        w(writeln!(out, "{}", header(&ctx.case)), &out_tmp)?;
        w(writeln!(errors, "investor,row,column,code,message"), &errors_tmp)?;
        for chunk in rx {
            let chunk = match chunk {
                Ok(c) => c,
                Err(Stop::Io(e)) => {
                    let kind = ErrorKind::Table { detail: e };
                    return Err(Error::at(kind, &name, None, None).message(lang));
                }
                Err(Stop::NotGrouped { investor, first, again }) => {
                    return Err(not_grouped(&name, &investor, first, again, lang));
                }
            };
            let outcomes: Vec<Outcome> = pool.install(|| {
                chunk
                    .groups
                    .par_iter()
                    .map(|(id, rows)| compute(&ctx, &chunk, id, rows.clone()))
                    .collect()
            });
            if totals.bases.is_empty()
                && let Some(i) = outcomes.iter().position(|o| o.claim.is_some())
            {
                totals.bases = bases(&ctx, &chunk, chunk.groups[i].1.clone());
            }
            for o in outcomes {
                w(writeln!(out, "{}", o.row), &out_tmp)?;
                totals.investors += 1;
                totals.claims.push(o.claim.and_then(fund::to_fen));
                w(errors.write_all(o.errors.as_bytes()), &errors_tmp)?;
                for c in o.error_codes {
                    *totals.error_codes.entry(c).or_default() += 1;
                }
                if let Some(c) = o.claim {
                    totals.computed += 1;
                    totals.total += c;
                    totals.eligible += u64::from(o.eligible);
                }
            }
            for line in &chunk.orphans {
                let kind = ErrorKind::MissingColumn { name: "investor" };
                let e = Error::at(kind, &name, Some(*line), Some("investor"));
                let mut text = format!(",{line},investor,{},", e.code());
                push_field(&mut text, &e.message(lang));
                w(writeln!(errors, "{text}"), &errors_tmp)?;
                totals.rows_without_investor += 1;
            }
            progress.set_position(chunk.read_to);
            progress.set_message(lang.pick(
                format!("{} 位投资者", format::group(&totals.investors.to_string())),
                format!("{} investors", format::group(&totals.investors.to_string())),
            ));
        }
        w(out.flush(), &out_tmp)?;
        w(errors.flush(), &errors_tmp)?;
        Ok(())
    });
    progress.finish_and_clear();
    drop(out);
    drop(errors);
    if let Err(e) = written {
        cleanup();
        return Err(e);
    }

    let shares = match args.fund {
        Some(f) => {
            let claims: Vec<u128> = totals.claims.iter().map(|c| c.unwrap_or(0)).collect();
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

/// Tb and Pb of each segment (the same for every investor), for the summary: from the
/// first investor that computes.
fn bases(
    ctx: &Context,
    chunk: &Chunk,
    rows: std::ops::Range<usize>,
) -> Vec<(String, String, String)> {
    let (trades, _) = parse_rows(ctx, chunk, rows);
    redress::estimate(&input(ctx, &trades), &ctx.options).map_or_else(
        |_| Vec::new(),
        |e| {
            e.segments
                .iter()
                .map(|s| (s.id.clone(), s.base_date.to_string(), format::price(s.base_price.0)))
                .collect()
        },
    )
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
    claims: &[Option<u128>],
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
            if claims.get(i).copied().flatten().is_some() {
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
fn quantile(sorted: &[u128], p: usize) -> u128 {
    let n = sorted.len();
    let rank = (p * n).div_ceil(100).max(1);
    sorted[rank.min(n) - 1]
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
    let mut paid: Vec<u128> = t.claims.iter().filter_map(|c| *c).filter(|c| *c > 0).collect();
    paid.sort_unstable();
    line("有可索赔股份", "eligible", n(t.eligible));
    line("获赔投资者", "compensated", n(paid.len() as u64));
    line(
        "赔偿总额",
        "total",
        lang.pick(
            format!("{} 元", format::yuan(t.total)),
            format!("{} yuan", format::yuan(t.total)),
        ),
    );
    if !paid.is_empty() {
        let qs = [(25, "P25"), (50, "P50"), (75, "P75"), (90, "P90"), (99, "P99"), (100, "max")];
        let mut parts = vec![format!("min {}", y(paid[0]))];
        parts.extend(qs.iter().map(|(p, label)| format!("{label} {}", y(quantile(&paid, *p)))));
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
        let total: u128 = t.claims.iter().filter_map(|c| *c).sum();
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
