//! `redress`: the native command line of Redress (interfaces.md "Command line").
//!
//! Exit status: 0 on a result (warnings included), 1 on bad input with a message naming
//! the file, row and column, 2 on bad usage.

mod estimate;
mod import;

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
    /// Read broker exports: print what happened to every row, write canonical CSV.
    Import(import::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Estimate(args) => estimate::run(&args),
        Command::Import(args) => import::run(&args),
    }
}
