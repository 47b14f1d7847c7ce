//! `redress generate`: synthetic case data for the batch runner, its tests and benchmarks.
//!
//! The output is the batch file (`investor,date,time,account,kind,quantity,price`),
//! grouped by investor, deterministic from the seed: the same arguments give the same
//! bytes on every machine (a SplitMix64 stream of our own, integer arithmetic only).
//!
//! The data follows the demo case (`cases/demo.toml`: T0 2021-03-01, T1 2021-06-01,
//! Tb 2021-06-30, Pb 8.00): weekday trading days from 2020-09-01 to 2021-09-30; a
//! close path around 12 yuan before T0 that climbs to about 16 in the window, falls to
//! about 8 after the disclosure and drifts near 8.5 after Tb, with daily noise; each
//! trade priced within 1% of its day's close; lots of 100 shares; one or two accounts
//! per investor; buys and sells before, in and after the window; sells never exceed the
//! shares held, so every row is valid and the history never starts late.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use redress::Date;

/// Arguments of `redress generate`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Number of investors.
    #[arg(long, value_name = "N")]
    investors: u64,
    /// Number of trade rows in all (at least one per investor).
    #[arg(long, value_name = "M")]
    trades: u64,
    /// Seed of the pseudo-random stream.
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,
    /// Output file (default: standard output).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// Runs the command and returns its exit status.
pub fn run(args: &Args) -> ExitCode {
    if args.investors == 0 || args.trades < args.investors {
        eprintln!(
            "redress: --trades 必须不少于 --investors（每位投资者至少一笔）/ --trades must be at least --investors (one row per investor at least)"
        );
        return ExitCode::from(2);
    }
    let result = match &args.out {
        Some(path) => File::create(path).and_then(|f| {
            let mut w = BufWriter::with_capacity(1 << 20, f);
            write(&mut w, args.investors, args.trades, args.seed)?;
            w.flush()
        }),
        None => {
            let stdout = io::stdout();
            let mut w = BufWriter::with_capacity(1 << 20, stdout.lock());
            write(&mut w, args.investors, args.trades, args.seed).and_then(|()| w.flush())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("redress: {e}");
            ExitCode::from(1)
        }
    }
}

/// SplitMix64: small, fast, and the same stream everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`; the modulo bias is irrelevant here).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// One trading day: its date and close in fen.
struct Day {
    date: Date,
    close: u64,
}

/// The demo case's dates.
fn ymd(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd(y, m, d).unwrap_or(Date::from_day_number(0))
}

/// Weekdays from 2020-09-01 to 2021-09-30 and a close path in fen around the demo case.
fn days(rng: &mut Rng) -> Vec<Day> {
    let (start, end) = (ymd(2020, 9, 1), ymd(2021, 9, 30));
    let (t0, t1, tb) = (ymd(2021, 3, 1), ymd(2021, 6, 1), ymd(2021, 6, 30));
    let mut out = Vec::new();
    let mut d = start;
    while d <= end {
        // 1970-01-01 was a Thursday: (n + 3) mod 7 is 0 on Mondays.
        if (d.day_number() + 3).rem_euclid(7) < 5 {
            // The level the price drifts around, in fen.
            let target: u64 = if d < t0 {
                1200
            } else if d < t1 {
                // 12.00 at T0 rising to 16.00 at T1.
                let span = u64::try_from(t1.days_since(t0)).unwrap_or(1).max(1);
                let gone = u64::try_from(d.days_since(t0)).unwrap_or(0);
                1200 + 400 * gone / span
            } else if d <= tb {
                800
            } else {
                850
            };
            // Daily noise of ±3%.
            let noise = rng.below(601);
            let close = (target * (10_000 + noise) / 10_000).saturating_sub(target * 300 / 10_000);
            out.push(Day { date: d, close: close.max(1) });
        }
        d = d.succ();
    }
    out
}

/// A trade before it is written.
struct Row {
    day: usize,
    second: u32,
    account: u8,
    buy: bool,
    quantity: u64,
    price: u64,
}

/// Writes `investors` investors with `trades` rows in all.
pub(crate) fn write(w: &mut dyn Write, investors: u64, trades: u64, seed: u64) -> io::Result<()> {
    let mut rng = Rng(seed);
    let days = days(&mut rng);
    let n_days = days.len() as u64;
    let t0 = days.iter().position(|d| d.date >= ymd(2021, 3, 1)).unwrap_or(0) as u64;
    let t1 = days.iter().position(|d| d.date >= ymd(2021, 6, 1)).unwrap_or(0) as u64;
    let tb = days.iter().position(|d| d.date > ymd(2021, 6, 30)).unwrap_or(0) as u64;
    writeln!(w, "investor,date,time,account,kind,quantity,price")?;
    let mut remaining = trades;
    let mut rows: Vec<Row> = Vec::new();
    let mut line = String::with_capacity(64);
    for i in 0..investors {
        let left = investors - i;
        // Rows for this investor: around the average still to place, a few active traders
        // with five times as many; the last investor takes what is left.
        let target = remaining / left;
        let mut k = if left == 1 {
            remaining
        } else if rng.chance(3) {
            target * 5
        } else {
            1 + rng.below((2 * target).saturating_sub(1).max(1))
        };
        k = k.clamp(1, remaining - (left - 1));
        remaining -= k;

        // Days: before T0, in the window, in the settlement period, after Tb.
        rows.clear();
        let accounts = if rng.chance(20) { 2 } else { 1 };
        for _ in 0..k {
            let (from, to) = match rng.below(100) {
                0..35 => (0, t0),
                35..70 => (t0, t1),
                70..90 => (t1, tb),
                _ => (tb, n_days),
            };
            let day = usize::try_from(from + rng.below((to - from).max(1))).unwrap_or(0);
            // 09:30–11:30 or 13:00–15:00.
            let s = u32::try_from(rng.below(4 * 3600)).unwrap_or(0);
            let second = if s < 7200 { 9 * 3600 + 1800 + s } else { 13 * 3600 + s - 7200 };
            let account = u8::try_from(rng.below(accounts)).unwrap_or(0);
            rows.push(Row { day, second, account, buy: true, quantity: 0, price: 0 });
        }
        rows.sort_by_key(|r| (r.day, r.second, r.account));
        // Kinds and quantities in time order, never selling more than is held.
        let mut held = [0u64; 2];
        for r in &mut rows {
            let a = usize::from(r.account);
            let total = held[0] + held[1];
            r.buy = total == 0 || rng.chance(55);
            if r.buy {
                let lots = if rng.chance(10) { 10 + rng.below(91) } else { 1 + rng.below(20) };
                r.quantity = 100 * lots;
                held[a] += r.quantity;
            } else {
                // Sell from an account that holds shares: everything, or some lots.
                if held[a] == 0 {
                    r.account = 1 - r.account;
                }
                let a = usize::from(r.account);
                let lots = held[a] / 100;
                r.quantity = if rng.chance(30) { held[a] } else { 100 * (1 + rng.below(lots)) };
                held[a] -= r.quantity;
            }
            // Within 1% of the day's close.
            let close = days[r.day].close;
            r.price = (close * (9_900 + rng.below(201)) / 10_000).max(1);
        }
        for r in &rows {
            use std::fmt::Write as _;
            line.clear();
            let (h, m, s) = (r.second / 3600, r.second / 60 % 60, r.second % 60);
            let _ = write!(
                line,
                "{:08},{},{h:02}:{m:02}:{s:02},{},{},{},{}.{:02}",
                i + 1,
                days[r.day].date,
                if r.account == 0 { "A" } else { "B" },
                if r.buy { "buy" } else { "sell" },
                r.quantity,
                r.price / 100,
                r.price % 100
            );
            line.push('\n');
            w.write_all(line.as_bytes())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generate(investors: u64, trades: u64, seed: u64) -> String {
        let mut out = Vec::new();
        write(&mut out, investors, trades, seed).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn same_seed_same_bytes_other_seed_other_bytes() {
        assert_eq!(generate(50, 400, 7), generate(50, 400, 7));
        assert_ne!(generate(50, 400, 7), generate(50, 400, 8));
    }

    #[test]
    fn exact_counts_valid_rows_and_no_short_sells() {
        let text = generate(200, 1_500, 3);
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("investor,date,time,account,kind,quantity,price"));
        let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
        assert_eq!(rows.len(), 1_500);
        let mut investors: Vec<&str> = rows.iter().map(|r| r[0]).collect();
        investors.dedup();
        assert_eq!(investors.len(), 200, "grouped, one group per investor");
        let mut position = std::collections::HashMap::new();
        for r in &rows {
            let q: i64 = r[5].parse().unwrap();
            assert_eq!(q % 100, 0, "lots of 100 shares");
            assert!(r[6].parse::<rust_decimal::Decimal>().unwrap() > rust_decimal::Decimal::ZERO);
            let p = position.entry(r[0]).or_insert(0i64);
            *p += if r[4] == "buy" { q } else { -q };
            assert!(*p >= 0, "investor {} sells more than held", r[0]);
        }
        // Every phase of the demo case is present.
        for (from, to) in [
            ("2020-09-01", "2021-03-01"),
            ("2021-03-01", "2021-06-01"),
            ("2021-06-01", "2021-07-01"),
            ("2021-07-01", "2021-10-01"),
        ] {
            assert!(rows.iter().any(|r| r[1] >= from && r[1] < to), "no trade in {from}..{to}");
        }
    }
}
