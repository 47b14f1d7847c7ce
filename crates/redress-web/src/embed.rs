//! The embedding contract (README "Embedding parameters"): a page opened as
//! `index.html?embed=1&case=<id>&lang=<zh|en>&accent=<6 hex digits>` hides its site chrome,
//! uses the accent colour, and tells its parent frame its height (and nothing else).
//!
//! The case, language and method parameters are those of a share link ([`crate::share`]),
//! so that the same query works for a normal page. This module only reads the address;
//! the browser side (the accent's CSS variable, the height messages) is in
//! [`crate::services::browser`].

/// What the address asks of the page's frame.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Frame {
    /// Embedded in another page (`embed=1`): no site header or footer, height messages.
    pub embed: bool,
    /// The accent colour as `#rrggbb`, when the address gave a valid one.
    pub accent: Option<String>,
}

/// Reads `embed` and `accent` from a query string (with or without `?`). Unknown keys and
/// invalid values are ignored.
pub fn frame(query: &str) -> Frame {
    let mut f = Frame::default();
    for pair in query.trim_start_matches('?').split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "embed" => f.embed = value == "1",
            "accent" => f.accent = accent(value),
            _ => {}
        }
    }
    f
}

/// `#rrggbb` for exactly six hexadecimal digits (no `#`), else `None`.
pub fn accent(value: &str) -> Option<String> {
    (value.len() == 6 && value.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| format!("#{}", value.to_ascii_lowercase()))
}

/// The message an embedded page posts to its parent: `{type: "redress:height", height}`.
pub const HEIGHT_MESSAGE: &str = "redress:height";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embed_and_a_valid_accent_are_read() {
        let f = frame("?embed=1&case=demo&lang=en&accent=1A6B5C");
        assert!(f.embed);
        assert_eq!(f.accent.as_deref(), Some("#1a6b5c"));
    }

    #[test]
    fn an_invalid_accent_is_ignored() {
        for bad in ["", "#1a6b5c", "1a6b5", "1a6b5c0", "1a6b5g", "red", "1a6b5c;x"] {
            assert_eq!(accent(bad), None, "{bad}");
        }
        let f = frame("embed=0&accent=zzzzzz");
        assert_eq!(f, Frame::default());
    }
}
