//! "Remember on this device": one localStorage entry, written only when the user opted
//! in, deleted when they opt out.

/// The localStorage key.
pub const KEY: &str = "redress.v2";

/// The keys of earlier formats, which this version cannot read: it says so once, and
/// deletes them (unticking "remember" must leave nothing of the user's behind).
const EARLIER: [&str; 1] = ["redress.v1"];

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The saved text, if any.
pub fn load() -> Option<String> {
    storage()?.get_item(KEY).ok()?
}

/// Whether an earlier version of the page left a state this one cannot read.
pub fn earlier() -> bool {
    storage().is_some_and(|s| EARLIER.iter().any(|k| s.get_item(k).ok().flatten().is_some()))
}

/// Saves; `false` when the browser refused (quota, private mode).
pub fn save(text: &str) -> bool {
    storage().is_some_and(|s| s.set_item(KEY, text).is_ok())
}

/// Deletes what was saved, in this format and in earlier ones.
pub fn clear() {
    if let Some(s) = storage() {
        for key in std::iter::once(KEY).chain(EARLIER) {
            let _ = s.remove_item(key);
        }
    }
}
