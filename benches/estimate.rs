//! Criterion benchmarks of the calculation: 1k, 100k and 1M trades per buy-average method
//! (target: 1M trades in under 0.3 s on one core), with and without the per-trade detail;
//! and the reconcile search over a 10,000-trade history.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use redress::case::Method;
use redress::money::{Decimal, Price};
use redress::trade::{Kind, Origin, TimeOfDay};
use redress::{Case, Date, Input, Options, Trade};

/// A deterministic history of `n` rows spread over two years around the demo case's
/// window: buys and sells in lots of 100 at prices on a random walk, never short.
pub fn history(n: usize) -> Vec<Trade> {
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let start = Date::from_ymd(2020, 9, 1).unwrap().day_number();
    let span = 600i64;
    let mut held: u64 = 0;
    let mut price: i64 = 1500;
    (0..n)
        .map(|i| {
            let day = start
                + i32::try_from(i64::try_from(i).unwrap() * span / i64::try_from(n).unwrap())
                    .unwrap();
            price = (price + i64::try_from(next() % 41).unwrap() - 20).clamp(300, 5000);
            let lots = next() % 20 + 1;
            let sell = held >= lots * 100 && next() % 2 == 0;
            let kind = if sell { Kind::Sell } else { Kind::Buy };
            if sell {
                held -= lots * 100
            } else {
                held += lots * 100
            }
            Trade {
                date: Date::from_day_number(day),
                time: Some(TimeOfDay(34_200 + u32::try_from(i % 14_000).unwrap())),
                account: "A".into(),
                kind,
                quantity: lots * 100,
                price: Some(Price(Decimal::new(price, 2))),
                origin: Origin { file: 0, row: u32::try_from(i + 2).unwrap() },
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let case = Case::from_toml(redress::DEMO_CASE, "demo.toml").unwrap();
    let files = vec!["bench.csv".to_owned()];
    let mut group = c.benchmark_group("estimate");
    group.sample_size(10);
    for n in [1_000usize, 100_000, 1_000_000] {
        let trades = history(n);
        group.throughput(Throughput::Elements(n as u64));
        let input = Input {
            case: &case,
            trades: &trades,
            files: &files,
            opening_position: 0,
            market: None,
            indices: None,
        };
        for method in Method::ALL {
            let options = Options { method: Some(method), detail: false, ..Options::default() };
            group.bench_with_input(BenchmarkId::new(method.as_str(), n), &input, |b, input| {
                b.iter(|| redress::estimate(input, &options).unwrap())
            });
        }
        if n <= 100_000 {
            let options = Options::default();
            group.bench_with_input(
                BenchmarkId::new("moving-average+detail", n),
                &input,
                |b, input| b.iter(|| redress::estimate(input, &options).unwrap()),
            );
        }
    }
    group.finish();
}

/// Reconcile (issue "why is my number different?"): the full search over the open
/// choices of a case with a fixed deduction and interest, for a 10,000-trade history
/// (target: under one second in the browser's worker; `scripts/bench-web.mjs` times the
/// page).
fn bench_reconcile(c: &mut Criterion) {
    let mut case = Case::from_toml(redress::DEMO_CASE, "demo.toml").unwrap();
    redress::case::parameters::set_all(&mut case, &[("rules.systemic.ratio", "0.2")]).unwrap();
    redress::case::parameters::set_all(&mut case, &[("rules.systemic.method", "fixed")]).unwrap();
    redress::case::parameters::set_all(&mut case, &[("rules.interest_rate", "deposit-table")])
        .unwrap();
    let files = vec!["bench.csv".to_owned()];
    let trades = history(10_000);
    let input = Input {
        case: &case,
        trades: &trades,
        files: &files,
        opening_position: 0,
        market: None,
        indices: None,
    };
    // An amount no combination gives: the whole search, the nearest and the ratio solver.
    let offer = redress::reconcile::Offer {
        amount: Decimal::new(12_345_678, 2),
        ..redress::reconcile::Offer::default()
    };
    let mut group = c.benchmark_group("reconcile");
    group.sample_size(10);
    group.bench_function("10000-trades", |b| {
        b.iter(|| redress::reconcile::reconcile(&input, &offer).unwrap())
    });
    group.bench_function("what-if-10000-trades", |b| {
        b.iter(|| redress::reconcile::what_if(&input).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench, bench_reconcile);
criterion_main!(benches);
