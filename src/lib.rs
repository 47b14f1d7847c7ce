//! # Redress — the pure calculation core
//!
//! Redress estimates the compensation an investor can claim when a Chinese listed
//! company's misstatement (虚假陈述) caused them losses: under an advance-payment
//! scheme (先行赔付, Securities Law Art. 93) or the Supreme People's Court provisions of
//! 2022 (法释〔2022〕2号) and 2003 (法释〔2003〕2号).
//!
//! This crate is the core shared by the command line, the web page and the JS package.
//! It does no I/O, reads no clock, uses no floating point and has no wasm-only code:
//! bytes and values come in, structured results go out ([`Estimate`]), and each front
//! end renders them its own way.
//!
//! ```
//! use redress::{Case, Input, Options, canonical, estimate};
//!
//! let case = Case::from_toml(redress::DEMO_CASE, "demo.toml").unwrap();
//! let trades = canonical::read_csv(redress::DEMO_TRADES, "demo.csv", 0, "A").unwrap();
//! let files = ["demo.csv".to_owned()];
//! let input = Input { case: &case, trades: &trades, files: &files, opening_position: 0, market: None, indices: None };
//! let result = estimate(&input, &Options::default()).unwrap();
//! assert_eq!(result.compensation.to_string(), "15520.15");
//! ```
#![deny(clippy::float_arithmetic, clippy::float_cmp)]

pub mod breakdown;
pub mod calc;
pub mod canonical;
pub mod case;
pub mod case_data;
pub mod cases;
pub mod date;
pub mod deadlines;
pub mod error;
pub mod format;
pub mod import;
pub mod inputs;
pub mod lang;
pub mod market;
pub mod money;
pub mod rate;
pub mod reconcile;
pub mod report;
pub mod source;
pub mod text;
pub mod trade;

pub use calc::{Comparison, Input, InterestVariant, Options, compare, compare_interest, estimate};
pub use case::{Case, Method};
pub use date::Date;
pub use error::{Error, ErrorKind, Location};
pub use lang::Lang;
pub use report::Estimate;
pub use trade::{Kind, Trade};

/// The built-in demo case (rules.md §12): shown on the first page.
pub const DEMO_CASE: &str = include_str!("../cases/demo.toml");

/// The built-in sample trades of the demo case (rules.md §12).
pub const DEMO_TRADES: &str = include_str!("../cases/demo-trades.csv");

/// The version of the core.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
