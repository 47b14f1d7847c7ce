//! Import throughput: a generated 同花顺 交割单 (layout A of broker-formats.md §8) of about
//! 100 MB, GBK text with tabs, through the whole pipeline (decoding, delimiter, header,
//! cells, classification, balances, trades and the per-row report). Target: ≥ 100 MB/s on
//! one core. `REDRESS_BENCH_MB` changes the size.

use std::fmt::Write;
use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use redress::Date;
use redress::import::{Content, InputFile, Options, import};

const HEADER: &str = "成交日期\t成交时间\t证券代码\t证券名称\t操作\t成交数量\t成交编号\t成交均价\t成交金额\t余额\t发生金额\t印花税\t其他杂费\t本次金额\t合同编号\t股东帐户\t佣金\t过户费\t交易市场\n";

const NAMES: [(&str, &str); 10] = [
    ("600000", "浦发银行"),
    ("000001", "平安银行"),
    ("300059", "东方财富"),
    ("601318", "中国平安"),
    ("000333", "美的集团"),
    ("688111", "金山办公"),
    ("002415", "海康威视"),
    ("600036", "招商银行"),
    ("600519", "贵州茅台"),
    ("000858", "五粮液"),
];

/// A GBK export of about `mb` megabytes: each security bought and sold in turn, with a
/// dividend, a bonus and a bank transfer now and then, so that every stage has work.
fn export(mb: usize) -> Vec<u8> {
    let mut text = String::with_capacity(mb * 1_200_000);
    text.push_str(HEADER);
    let start = Date::from_ymd(2000, 1, 3).unwrap().day_number();
    let mut held = [0u32; 10];
    let mut i: usize = 0;
    while text.len() < mb * 1_300_000 {
        let k = i % 10;
        let (code, name) = NAMES[k];
        let (y, m, d) = Date::from_day_number(start + i32::try_from(i / 40).unwrap()).ymd();
        let date = format!("{y:04}{m:02}{d:02}");
        let market = if code.starts_with('6') { "上海Ａ股" } else { "深圳Ａ股" };
        let holder = if code.starts_with('6') { "A000000001" } else { "0000000001" };
        let secs = 34_200 + u32::try_from(i % 7200).unwrap();
        let time = format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60);
        match i % 97 {
            13 => {
                let _ = writeln!(
                    text,
                    "{date}\t\t\t\t银行转证券\t0\t\t0.000\t0.00\t0\t100000.00\t0.00\t0.00\t100000.00\t\t\t0.00\t0.00\t"
                );
            }
            41 if held[k] > 0 => {
                let _ = writeln!(
                    text,
                    "{date}\t\t{code}\t{name}\t股息入账\t0\t\t0.000\t50.00\t{}\t50.00\t0.00\t0.00\t100000.00\t\t{holder}\t0.00\t0.00\t{market}",
                    held[k]
                );
            }
            71 if held[k] > 0 => {
                held[k] += 30;
                let _ = writeln!(
                    text,
                    "{date}\t\t{code}\t{name}\t红股入账\t30\t\t0.000\t0.00\t{}\t0.00\t0.00\t0.00\t100000.00\t\t{holder}\t0.00\t0.00\t{market}",
                    held[k]
                );
            }
            _ => {
                let (op, qty) = if held[k] == 0 {
                    ("证券买入", 100 + u32::try_from(i % 9).unwrap() * 100)
                } else {
                    ("证券卖出", held[k])
                };
                held[k] = if held[k] == 0 { qty } else { 0 };
                let price = 1000 + (i % 3000) as u64;
                let amount = u64::from(qty) * price;
                let _ = writeln!(
                    text,
                    "{date}\t{time}\t{code}\t{name}\t{op}\t{qty}\t{}\t{}.{:02}\t{}.{:02}\t{}\t{}{}.{:02}\t0.00\t0.00\t100000.00\t{}\t{holder}\t5.00\t0.10\t{market}",
                    20_000_000 + i,
                    price / 100,
                    price % 100,
                    amount / 100,
                    amount % 100,
                    held[k],
                    if op == "证券买入" { "-" } else { "" },
                    amount / 100,
                    amount % 100,
                    100_000 + i,
                );
            }
        }
        i += 1;
    }
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    bytes.into_owned()
}

fn bench(c: &mut Criterion) {
    let mb = std::env::var("REDRESS_BENCH_MB").ok().and_then(|v| v.parse().ok()).unwrap_or(100);
    let bytes = export(mb);
    let options = Options { select: vec!["600036".into()], ..Options::default() };
    let files = [InputFile { name: "jiaoge.xls", content: Content::Bytes(&bytes) }];
    // The export is what we think it is.
    let check = import(&files, &options).unwrap();
    assert_eq!(check.report.counts.rejected, 0);
    assert!(check.report.securities.iter().all(|s| s.unknown_origin == 0));
    let mut group = c.benchmark_group("import");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    group.bench_function(format!("gbk-tsv-{}MB", bytes.len() / 1_000_000), |b| {
        // Parsing is measured; freeing the result afterwards is not.
        b.iter_with_large_drop(|| import(black_box(&files), &options).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
