//! `redress`: the native command line of Redress (interfaces.md "Command line").
//!
//! Exit status: 0 on a result (warnings included), 1 on bad input with a message naming
//! the file, row and column, 2 on bad usage.

mod batch;
mod cases;
mod estimate;
mod files;
mod fund;
mod generate;
mod import;
mod reconcile;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exact, explained estimates of compensation for investors harmed by securities
/// misstatements in China. 证券虚假陈述投资者损失计算。
#[derive(Parser, Debug)]
#[command(name = "redress", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Estimate one investor's compensation (several files = several accounts, merged).
    Estimate(estimate::Args),
    /// Compute every investor of a case: one result row per investor (interfaces.md).
    Batch(batch::Args),
    /// Write synthetic trades of many investors for the demo case (tests, benchmarks).
    Generate(generate::Args),
    /// List or search the built-in real cases (先行赔付 schemes and major actions).
    Cases(cases::Args),
    /// Read broker exports: print what happened to every row, write canonical CSV.
    Import(import::Args),
    /// Why an offered amount differs: the case's open choices that reproduce it.
    Reconcile(reconcile::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Estimate(args) => estimate::run(&args),
        Command::Batch(args) => batch::run(&args),
        Command::Generate(args) => generate::run(&args),
        Command::Cases(args) => cases::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Reconcile(args) => reconcile::run(&args),
    }
}
