//! The web app in a real browser (wasm-bindgen-test in headless Chromium): the first page
//! computes the demo case and a paste recomputes.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn settle() {
    yew::platform::time::sleep(std::time::Duration::from_millis(20)).await;
}

#[wasm_bindgen_test]
async fn the_first_page_shows_the_demo_result() {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<redress_web::App>::with_root(root.clone()).render();
    settle().await;
    let amount = document.get_element_by_id("compensation").expect("a result is shown");
    assert_eq!(amount.text_content().unwrap(), "15,520.15");

    let area: web_sys::HtmlTextAreaElement =
        document.get_element_by_id("trades").unwrap().dyn_into().unwrap();
    area.set_value("date,kind,quantity,price\n2021-03-02,buy,1000,10\n");
    let event = web_sys::InputEvent::new("input").unwrap();
    area.dispatch_event(&event).unwrap();
    settle().await;
    // 1000 × (10 − 8) = 2,000.00, plus 0.60 commission and 2.00 stamp duty.
    let amount = document.get_element_by_id("compensation").unwrap();
    assert_eq!(amount.text_content().unwrap(), "2,002.60");
}
