//! Entry point of the web app.

fn main() {
    redress_web::services::report_panics(false);
    if let Some(root) = web_sys_root() {
        yew::Renderer::<redress_web::App>::with_root(root).render();
    }
}

fn web_sys_root() -> Option<web_sys::Element> {
    let document = web_sys::window()?.document()?;
    document.get_element_by_id("app").or_else(|| document.body().map(Into::into))
}
