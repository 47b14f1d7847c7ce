//! The two languages of every message: Chinese first, English second.

use serde::{Deserialize, Serialize};

/// A language for messages, warnings and explanations.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// 简体中文 (the default).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// Picks the text for this language.
    pub fn pick<T>(self, zh: T, en: T) -> T {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// Parses `zh`, `zh-CN`, `en`, `en-US` and the like.
    pub fn parse(code: &str) -> Option<Lang> {
        let c = code.trim().to_ascii_lowercase();
        if c == "zh" || c.starts_with("zh-") || c.starts_with("zh_") {
            Some(Lang::Zh)
        } else if c == "en" || c.starts_with("en-") || c.starts_with("en_") {
            Some(Lang::En)
        } else {
            None
        }
    }
}

/// A text in both languages, for a front end that switches language without computing
/// again (the import's notes).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Said {
    /// In Chinese.
    pub zh: String,
    /// In English.
    pub en: String,
}

impl Said {
    /// The text in `lang`.
    pub fn pick(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// Builds a [`Said`]: a zh and an en text from the same parts.
#[macro_export]
#[doc(hidden)]
macro_rules! said {
    ($zh:literal, $en:literal $(, $args:expr)* $(,)?) => {
        $crate::lang::Said { zh: format!($zh $(, $args)*), en: format!($en $(, $args)*) }
    };
}

/// Writes a text in both languages at once (a zh text and an en text built from the same
/// parts), so that callers never forget one of them.
#[macro_export]
#[doc(hidden)]
macro_rules! tr {
    ($lang:expr, $zh:literal, $en:literal $(, $args:expr)* $(,)?) => {
        match $lang {
            $crate::lang::Lang::Zh => format!($zh $(, $args)*),
            $crate::lang::Lang::En => format!($en $(, $args)*),
        }
    };
}
