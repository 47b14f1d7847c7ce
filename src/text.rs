//! Bytes to text: the encodings of Chinese brokerage exports (broker-formats.md §2).
//!
//! The rule is BOM first (UTF-8, UTF-16LE, UTF-16BE), then strict UTF-8, else GB18030
//! (a superset of GBK and GB2312). GB18030 accepts almost any byte sequence, so UTF-8 must
//! be tried first or UTF-8 files would silently turn into mojibake.
//!
//! GB18030 needs large tables. Natively they come from `encoding_rs` (the `encodings`
//! feature, on by default); the web page leaves the feature off and passes the browser's
//! own `TextDecoder('gb18030')` to [`decode_with`], which keeps the WebAssembly small.

use serde::Serialize;

/// The encoding a text was decoded from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark.
    Utf8Bom,
    /// UTF-16, little endian, with a byte-order mark.
    Utf16Le,
    /// UTF-16, big endian, with a byte-order mark.
    Utf16Be,
    /// GB18030 (also GBK and GB2312).
    Gb18030,
}

impl Encoding {
    /// The label shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (BOM)",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Gb18030 => "GB18030/GBK",
        }
    }
}

/// Decoded text and what it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The text (without a byte-order mark).
    pub text: String,
    /// The encoding detected.
    pub encoding: Encoding,
    /// Byte sequences that were not valid in that encoding (each became U+FFFD).
    pub malformed: usize,
}

/// Decodes with the rule above, using `gb18030` for text that is not UTF-8. The function
/// returns the text and the number of malformed sequences.
pub fn decode_with(bytes: &[u8], gb18030: &dyn Fn(&[u8]) -> (String, usize)) -> Decoded {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        let text = String::from_utf8_lossy(rest);
        let malformed = text.matches('\u{FFFD}').count();
        return Decoded { text: text.into_owned(), encoding: Encoding::Utf8Bom, malformed };
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, Encoding::Utf16Le, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, Encoding::Utf16Be, u16::from_be_bytes);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Decoded { text: text.to_owned(), encoding: Encoding::Utf8, malformed: 0 },
        Err(_) => {
            let (text, malformed) = gb18030(bytes);
            Decoded { text, encoding: Encoding::Gb18030, malformed }
        }
    }
}

fn utf16(bytes: &[u8], encoding: Encoding, unit: fn([u8; 2]) -> u16) -> Decoded {
    let units = bytes.chunks(2).map(|c| unit([c[0], c.get(1).copied().unwrap_or(0)]));
    let mut malformed = usize::from(bytes.len() % 2 == 1);
    let text = char::decode_utf16(units)
        .map(|r| {
            r.unwrap_or_else(|_| {
                malformed += 1;
                '\u{FFFD}'
            })
        })
        .collect();
    Decoded { text, encoding, malformed }
}

/// Decodes with the rule above, GB18030 by `encoding_rs`.
#[cfg(feature = "encodings")]
pub fn decode(bytes: &[u8]) -> Decoded {
    decode_with(bytes, &gb18030)
}

/// GB18030 by `encoding_rs`, counting malformed sequences.
#[cfg(feature = "encodings")]
pub fn gb18030(bytes: &[u8]) -> (String, usize) {
    let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(
        decoder.max_utf8_buffer_length_without_replacement(bytes.len()).unwrap_or(bytes.len() * 3),
    );
    let mut malformed = 0;
    let mut input = bytes;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(input, &mut out, true);
        input = &input[read..];
        match result {
            encoding_rs::DecoderResult::InputEmpty => break,
            encoding_rs::DecoderResult::Malformed(_, _) => {
                malformed += 1;
                out.push('\u{FFFD}');
            }
            encoding_rs::DecoderResult::OutputFull => {
                out.reserve(input.len() * 3 + 16);
            }
        }
    }
    (out, malformed)
}

#[cfg(all(test, feature = "encodings"))]
mod tests {
    use super::*;

    #[test]
    fn detects_each_encoding() {
        let gbk: &[u8] = &[0xB3, 0xC9, 0xBD, 0xBB, 0xC8, 0xD5, 0xC6, 0xDA]; // 成交日期
        let d = decode(gbk);
        assert_eq!((d.text.as_str(), d.encoding, d.malformed), ("成交日期", Encoding::Gb18030, 0));
        let d = decode("成交日期".as_bytes());
        assert_eq!((d.text.as_str(), d.encoding), ("成交日期", Encoding::Utf8));
        let d = decode(&[0xEF, 0xBB, 0xBF, b'a']);
        assert_eq!((d.text.as_str(), d.encoding), ("a", Encoding::Utf8Bom));
        let d = decode(&[0xFF, 0xFE, 0x10, 0x62]); // 成 in UTF-16LE
        assert_eq!((d.text.as_str(), d.encoding), ("成", Encoding::Utf16Le));
        let d = decode(&[0xFE, 0xFF, 0x62, 0x10]);
        assert_eq!((d.text.as_str(), d.encoding), ("成", Encoding::Utf16Be));
    }

    #[test]
    fn counts_malformed_sequences() {
        let d = decode(&[0xB3, 0xC9, 0xFF, 0xFF]);
        assert_eq!(d.encoding, Encoding::Gb18030);
        assert!(d.malformed >= 1, "{d:?}");
        assert!(d.text.starts_with('成'));
    }

    #[test]
    fn odd_utf16_is_malformed_not_a_panic() {
        let d = decode(&[0xFF, 0xFE, 0x41]);
        assert_eq!(d.malformed, 1);
    }
}
