//! "Remember on this device": one localStorage entry, written only when the user opted
//! in, deleted when they opt out.

/// The localStorage key.
pub const KEY: &str = "redress.v1";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The saved text, if any.
pub fn load() -> Option<String> {
    storage()?.get_item(KEY).ok()?
}

/// Saves; `false` when the browser refused (quota, private mode).
pub fn save(text: &str) -> bool {
    storage().is_some_and(|s| s.set_item(KEY, text).is_ok())
}

/// Deletes what was saved.
pub fn clear() {
    if let Some(s) = storage() {
        let _ = s.remove_item(KEY);
    }
}
