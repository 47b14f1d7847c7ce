//! Entry point of the worker.
fn main() {}
