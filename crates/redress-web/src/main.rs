//! Entry point of the web app.

use wasm_bindgen::JsCast;

fn main() {
    redress_web::services::report_panics(false);
    // The app mounts in a task of its own, after the one that instantiated the wasm, so that a
    // slow phone's main thread is never held for both at once (the first screen is already
    // painted from the HTML meanwhile: scripts/prerender.mjs).
    let mount = wasm_bindgen::closure::Closure::once_into_js(|| {
        if let Some(root) = web_sys_root() {
            yew::Renderer::<redress_web::App>::with_root(root).render();
        }
    });
    let scheduled = web_sys::window().is_some_and(|w| {
        w.set_timeout_with_callback_and_timeout_and_arguments_0(mount.unchecked_ref(), 0).is_ok()
    });
    if !scheduled && let Some(root) = web_sys_root() {
        yew::Renderer::<redress_web::App>::with_root(root).render();
    }
}

fn web_sys_root() -> Option<web_sys::Element> {
    let document = web_sys::window()?.document()?;
    document.get_element_by_id("app").or_else(|| document.body().map(Into::into))
}
