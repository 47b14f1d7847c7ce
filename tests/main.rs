//! The core's one integration-test binary: golden case folders, properties, regressions
//! and tidy checks (guide/style.md).

mod golden;
mod import;
mod tidy;
