//! The core's one integration-test binary: golden case folders, properties, regressions
//! and tidy checks (guide/style.md).

mod cases;
mod golden;
mod import;
mod market_import;
mod properties;
mod reconcile;
mod tidy;
