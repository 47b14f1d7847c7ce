//! The JS API of Redress for embedders: one thin file of adapters (serde in, core call,
//! serde out). Inputs and outputs are plain JS objects in the shapes of interfaces.md,
//! with decimals as strings.

use wasm_bindgen::prelude::*;

/// The version of the core.
#[wasm_bindgen]
pub fn version() -> String {
    redress::VERSION.to_owned()
}
