//! Share links and "remember on this device": what a link carries (the case and the rule
//! parameters, never a trade) and what the device keeps (only when the user opted in).
//!
//! A link is the page's address with a query such as
//! `?lang=zh&case=demo&method=fifo-average` or
//! `?lang=zh&custom=1&security=300000&t0=2021-03-01&…`. The page reads the query and the
//! fragment together, so a link written as a fragment (`#case=demo…`) sets the same.

use redress::{Lang, Method};
use serde::{Deserialize, Serialize};

use crate::protocol::{CaseSpec, Edit, RowCells, SameAccount, Supplied};

/// What a share link sets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Link {
    /// The language.
    pub lang: Option<Lang>,
    /// A built-in case.
    pub case: Option<String>,
    /// A custom case.
    pub custom: Option<CaseSpec>,
    /// The method.
    pub method: Option<Method>,
    /// Values supplied for a built-in case's unknown parameters (`p.<path>=<value>`).
    pub supplied: Vec<(String, String)>,
}

impl Link {
    /// Whether the link set anything.
    pub fn is_empty(&self) -> bool {
        self.case.is_none() && self.custom.is_none() && self.method.is_none()
    }
}

/// The fields of a custom case in a link: all its text fields but the pasted market and
/// index data (long, and the recipient pastes their own).
fn link_fields() -> impl Iterator<Item = &'static str> {
    CaseSpec::TEXT_FIELDS.iter().copied().filter(|f| !matches!(*f, "market" | "indices"))
}

/// The parameters of a link, `key=value` joined by `&` (the query, without `?`). Market
/// data is not carried: it can be long, and the recipient pastes their own.
pub fn encode(
    lang: Lang,
    case: Option<&str>,
    custom: Option<&CaseSpec>,
    method: Option<Method>,
    supplied: &[(String, String)],
) -> String {
    let mut parts = vec![format!("lang={}", if lang == Lang::En { "en" } else { "zh" })];
    if let Some(spec) = custom {
        parts.push("custom=1".into());
        let default = CaseSpec::default();
        for key in link_fields() {
            let v = spec.text(key);
            if v != default.text(key) {
                parts.push(format!("{key}={}", percent_encode(v.map_or("", String::as_str))));
            }
        }
        if spec.adjust_dividends {
            parts.push("adjust_dividends=1".into());
        }
    } else if let Some(id) = case {
        parts.push(format!("case={}", percent_encode(id)));
        for (path, value) in supplied {
            parts.push(format!("p.{}={}", percent_encode(path), percent_encode(value)));
        }
    }
    if let Some(m) = method {
        parts.push(format!("method={}", m.as_str()));
    }
    parts.join("&")
}

/// Reads a link's parameters: a query without its `?`, a fragment with or without `#`, or
/// both joined by `&`. Unknown keys are ignored, and so is a value for a path that is no
/// parameter a user can set (`redress::case::parameters`). The values themselves are read
/// by the worker, with the core's one rule for each parameter, when the case is computed (a
/// bad one is named there, on its field).
pub fn decode(fragment: &str) -> Link {
    let mut link = Link::default();
    let mut spec = CaseSpec::default();
    let mut custom = false;
    for pair in fragment.trim_start_matches('#').split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = percent_decode(value);
        match key {
            "lang" => link.lang = Lang::parse(&value),
            "case" if !value.is_empty() => link.case = Some(value),
            "method" => link.method = Method::parse(&value),
            "custom" => custom = value == "1",
            "adjust_dividends" => spec.adjust_dividends = value == "1",
            _ if key.starts_with("p.") && key.len() > 2 => {
                let path = percent_decode(&key[2..]);
                if redress::case::parameters::find(&path).is_some_and(|p| p.settable) {
                    link.supplied.push((path, value));
                }
            }
            _ => {
                if link_fields().any(|f| f == key)
                    && let Some(slot) = spec.text_mut(key)
                {
                    *slot = value;
                }
            }
        }
    }
    if custom {
        link.custom = Some(spec);
        link.case = None;
    }
    link
}

/// Percent-encodes everything but unreserved characters (RFC 3986), as UTF-8.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes percent-encoding (and `+` as a space); bad escapes are kept as written.
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 3 <= b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 3;
                }
                _ => {
                    out.push(b'%');
                    i += 1;
                }
            },
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    char::from(b).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

/// What "remember on this device" keeps, in localStorage: the worker messages' binary
/// encoding (bincode), each byte one character (U+0000–U+00FF). Not JSON: a JSON reader
/// would be the page's largest single part (DESIGN.md "How does the first load stay
/// small…").
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    /// Format version.
    pub v: u32,
    /// Language.
    pub lang: Lang,
    /// The step shown.
    pub step: String,
    /// The built-in case chosen, or `None` for the custom one.
    pub case: Option<String>,
    /// The custom case's fields.
    pub spec: CaseSpec,
    /// The method chosen.
    pub method: Option<Method>,
    /// The answer about earlier holdings.
    pub opening: Option<u64>,
    /// Rows fixed or excluded by hand.
    pub edits: Vec<Edit>,
    /// Rows added by hand.
    pub added: Vec<RowCells>,
    /// Values supplied for a built-in case.
    pub supplied: Supplied,
    /// The answers about inputs that share identical trades.
    pub duplicates: Vec<SameAccount>,
    /// Each account's name and text.
    pub sources: Vec<SavedSource>,
}

/// One remembered input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSource {
    /// Name.
    pub name: String,
    /// Whether it was a file (else pasted text).
    pub file: bool,
    /// The text (empty for a workbook).
    pub text: String,
    /// A workbook's sheet as read (a workbook has no text; read again, it would need the
    /// workbook reader and the file).
    pub sheet: Option<redress::import::Sheet>,
}

impl Saved {
    /// The current format (1 was JSON).
    pub const VERSION: u32 = 2;

    /// Reads what was saved; `None` for anything else (another version, damage).
    pub fn read(text: &str) -> Option<Saved> {
        let bytes: Vec<u8> =
            text.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect::<Option<_>>()?;
        bincode::deserialize::<Saved>(&bytes).ok().filter(|s| s.v == Saved::VERSION)
    }

    /// The text to store.
    pub fn write(&self) -> String {
        bincode::serialize(self).unwrap_or_default().into_iter().map(char::from).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_builtin_link_round_trips() {
        let supplied = vec![("segments.main.base_price".to_owned(), "8.5".to_owned())];
        let f = encode(Lang::En, Some("wanfu-2013"), None, Some(Method::FifoAverage), &supplied);
        assert_eq!(f, "lang=en&case=wanfu-2013&p.segments.main.base_price=8.5&method=fifo-average");
        // The same parameters read from a query (the embedding) or a fragment.
        for l in [decode(&format!("#{f}")), decode(&format!("?embed=1&{f}&accent=aa3300"))] {
            assert_eq!(l.lang, Some(Lang::En));
            assert_eq!(l.case.as_deref(), Some("wanfu-2013"));
            assert_eq!(l.method, Some(Method::FifoAverage));
            assert_eq!(l.supplied, supplied);
            assert!(l.custom.is_none());
        }
    }

    #[test]
    fn a_custom_link_round_trips_and_never_carries_market_data() {
        let spec = CaseSpec {
            name: "某公司 & 子公司".into(),
            security: "600000".into(),
            t0: "2020-01-02".into(),
            t1: "2021-01-04".into(),
            pb: "8.5".into(),
            systemic_method: "index-comparison".into(),
            systemic_indices: "000001, 399106".into(),
            adjust_dividends: true,
            market: "date,close,volume,float\n2021-01-04,8,1,1\n".into(),
            ..CaseSpec::default()
        };
        let f = encode(Lang::Zh, None, Some(&spec), None, &[]);
        assert!(!f.contains("2021-01-04%2C8"), "{f}");
        assert!(!f.contains("market"), "{f}");
        let back = decode(&f).custom.unwrap();
        assert_eq!(back, CaseSpec { market: String::new(), ..spec });
    }

    /// A supplied value travels as typed ("0.03%" stays a percent for the worker to read)
    /// and only for a path the user may set.
    #[test]
    fn a_link_carries_parameters_the_user_may_set() {
        let l = decode(
            "case=demo&p.rules.commission_rate=0.03%25&p.rules.colour=red&p.corporate_actions=x",
        );
        assert_eq!(l.supplied, [("rules.commission_rate".to_owned(), "0.03%".to_owned())]);
        let f = encode(Lang::Zh, Some("demo"), None, None, &l.supplied);
        assert_eq!(decode(&f).supplied, l.supplied);
    }

    #[test]
    fn percent_decoding_is_forgiving() {
        assert_eq!(percent_decode("a%2Cb+c"), "a,b c");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%E4%B8%AD"), "中");
        assert_eq!(percent_decode("%zz"), "%zz");
        assert_eq!(percent_decode("%中"), "%中");
        assert!(decode("").is_empty());
        assert!(decode("#nonsense").is_empty());
    }

    #[test]
    fn saved_state_round_trips_and_refuses_other_versions() {
        let s = Saved {
            v: Saved::VERSION,
            lang: Lang::En,
            step: "review".into(),
            case: Some("demo".into()),
            opening: Some(300),
            sources: vec![
                SavedSource {
                    name: "a.csv".into(),
                    file: true,
                    text: "date,kind\n".into(),
                    sheet: None,
                },
                SavedSource {
                    name: "b.xls".into(),
                    file: true,
                    text: String::new(),
                    sheet: Some(redress::import::Sheet {
                        grid: redress::import::Grid::default(),
                        container: redress::import::Container::Xls,
                        sheet: "Sheet1".into(),
                        other_sheets: Vec::new(),
                    }),
                },
            ],
            ..Saved::default()
        };
        assert_eq!(Saved::read(&s.write()), Some(s.clone()));
        assert_eq!(Saved::read(&Saved { v: 99, ..s.clone() }.write()), None);
        // Damage: cut short, a character beyond one byte, and what version 1 wrote.
        let text = s.write();
        let half: String = text.chars().take(text.chars().count() / 2).collect();
        assert_eq!(Saved::read(&half), None);
        assert_eq!(Saved::read(&format!("中{text}")), None);
        assert_eq!(Saved::read(r#"{"v":1,"lang":"zh","step":"result"}"#), None);
    }
}
