//! The browser services in a real browser (wasm-bindgen-test in headless Chromium): what
//! an embedding page asks of the frame — the accent colour through the CSSOM and the root
//! class that hides the site chrome. The whole app (page and worker) is tested end to end
//! by Playwright (e2e/).
#![cfg(target_arch = "wasm32")]

use redress_web::embed;
use redress_web::services::browser;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn root() -> web_sys::HtmlElement {
    web_sys::window().unwrap().document().unwrap().document_element().unwrap().dyn_into().unwrap()
}

#[wasm_bindgen_test]
fn the_accent_of_an_embedding_is_a_css_variable_on_the_root() {
    let frame = embed::frame("?embed=1&case=demo&accent=AA3300");
    assert!(frame.embed);
    browser::set_css_variable("--accent", frame.accent.as_deref().unwrap());
    assert_eq!(root().style().get_property_value("--accent").unwrap(), "#aa3300");
    assert_eq!(root().get_attribute("style").as_deref(), Some("--accent: #aa3300;"));
}

#[wasm_bindgen_test]
fn the_embed_class_is_set_on_the_root() {
    browser::set_root_class("embed");
    assert!(root().class_list().contains("embed"));
}

#[wasm_bindgen_test]
fn the_page_base_has_no_query_or_fragment() {
    let base = browser::page_base();
    assert!(base.starts_with("http"), "{base}");
    assert!(!base.contains('?') && !base.contains('#'), "{base}");
}
