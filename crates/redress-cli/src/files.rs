//! What every subcommand shares: reading files with messages in the user's language,
//! the names files go by in messages, the built-in-or-file case, and argument parsers.

use std::io;
use std::path::Path;

use redress::case::{Method, Status};
use redress::case_data::{self, Shipped};
use redress::{Case, Lang};

/// `--lang`: zh or en.
pub fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| "expected zh or en".to_owned())
}

/// `--method`: one of the four buy-average methods.
pub fn parse_method(s: &str) -> Result<Method, String> {
    Method::parse(s).ok_or_else(|| {
        "expected one of moving-average, fifo-average, weighted-average, actual-cost".to_owned()
    })
}

/// The name a file goes by in messages: its file name, as the core's errors show it.
pub fn display_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// The message for a file that cannot be read.
pub fn cannot_read(path: &Path, e: &io::Error, lang: Lang) -> String {
    lang.pick(
        format!("无法读取 {}：{e}", path.display()),
        format!("cannot read {}: {e}", path.display()),
    )
}

/// A whole file as bytes.
pub fn read_bytes(path: &Path, lang: Lang) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| cannot_read(path, &e, lang))
}

/// A whole file as UTF-8 text (case files and canonical CSV are UTF-8 by contract).
pub fn read_text(path: &Path, lang: Lang) -> Result<String, String> {
    String::from_utf8(read_bytes(path, lang)?).map_err(|_| {
        lang.pick(
            format!("{}：不是 UTF-8 文本", path.display()),
            format!("{}: not UTF-8 text", path.display()),
        )
    })
}

/// `text` padded with spaces to `width` terminal columns (CJK characters take two).
pub fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(display_width(text))))
}

/// The columns a text takes in a terminal: two for a wide (East Asian) character, one
/// for the others (`−`, `×` included).
pub fn display_width(text: &str) -> usize {
    let wide = |c: char| {
        matches!(u32::from(c),
            0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
    };
    text.chars().map(|c| if wide(c) { 2 } else { 1 }).sum()
}

/// Where a case parameter's value comes from, for the user.
pub fn status(s: Option<Status>, lang: Lang) -> &'static str {
    match s {
        Some(Status::Published) => lang.pick("已公布", "published"),
        Some(Status::Unverified) => lang.pick("未核实", "unverified"),
        Some(Status::Assumed) => lang.pick("假定", "assumed"),
        Some(Status::Unknown) => lang.pick("未知", "unknown"),
        Some(Status::User) => lang.pick("用户提供", "user"),
        Some(Status::Computed) => {
            lang.pick("由公开行情数据计算", "computed from public market data")
        }
        None => lang.pick("默认", "default"),
    }
}

/// A case file, or else a built-in case with that id (`redress cases` lists them).
pub fn load_case(path: &Path, lang: Lang) -> Result<Case, String> {
    if !path.exists()
        && let Some(case) = path.to_str().and_then(redress::cases::by_id)
    {
        return Ok(case.clone());
    }
    if !path.exists() {
        return Err(lang.pick(
            format!("{}：既不是文件，也不是内置案件（见 redress cases）", path.display()),
            format!("{}: neither a file nor a built-in case (see redress cases)", path.display()),
        ));
    }
    Case::from_toml(&read_text(path, lang)?, &display_name(path)).map_err(|e| e.message(lang))
}

/// The public market data shipped with a case: the files in `<folder of the case
/// file>/<id>/` when they are there, else the copies embedded for the built-in case of
/// that id. A case that ships none gets none.
pub fn shipped_data(arg: &Path, case: &Case, lang: Lang) -> Result<Shipped, String> {
    if case.market_files.is_empty() {
        return Ok(Shipped::default());
    }
    let msg = |e: redress::Error| e.message(lang);
    let dir = arg.parent().unwrap_or(Path::new(".")).join(&case.id);
    if !arg.exists() || !dir.is_dir() {
        // A built-in case by id, or a case file whose data are not beside it: the copies
        // embedded for the built-in case of that id, if there is one.
        let files = case_data::embedded::files(&case.id);
        if files.is_empty() {
            return Ok(Shipped::default());
        }
        return case_data::read(case, &files).map_err(msg);
    }
    let mut texts = Vec::new();
    for f in &case.market_files {
        texts.push((f.as_str(), read_text(&dir.join(f), lang)?));
    }
    let refs: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (*n, t.as_str())).collect();
    case_data::read(case, &refs).map_err(msg)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn a_case_is_a_file_or_a_built_in_id() {
        assert_eq!(load_case(Path::new("wanfu-2013"), Lang::En).unwrap().id, "wanfu-2013");
        let e = load_case(Path::new("no-such-case"), Lang::En).unwrap_err();
        assert!(e.contains("neither a file nor a built-in case"), "{e}");
    }
}
