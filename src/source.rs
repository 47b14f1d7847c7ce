//! Who published a source a case cites, by its address: what the page may link to.
//!
//! The schemes' and judgments' own documents are on official sites (an exchange, a
//! regulator, a court, the investor-protection bodies, the statutory disclosure site).
//! Where only a reprint could be read, a case cites it; many reprints of financial news
//! are on sites nobody has vouched for (some carry gambling or margin-lending
//! advertising). An investor-protection page must not send its users there: only
//! official and reviewed publishers are links; any other source is shown as text, marked
//! unreviewed (DESIGN.md "Which sources are links?").

/// Who published a source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Publisher {
    /// An exchange, a regulator, a court, the investor-protection bodies, the statutory
    /// disclosure site.
    Official,
    /// An established newspaper or financial news site, or a public data repository,
    /// reviewed by hand (the list below).
    Reviewed,
    /// Anything else: cited for the record, never linked.
    Unreviewed,
}

/// Official publishers (a host is theirs when it is the name or ends with `.name`).
const OFFICIAL: &[&str] = &[
    "gov.cn",
    "cninfo.com.cn",
    "sse.com.cn",
    "szse.cn",
    "bse.cn",
    "neeq.com.cn",
    "sipf.com.cn",
    "isc.com.cn",
    "investor.org.cn",
    "chinacourt.org",
    "court.gov.cn",
    "csrc.gov.cn",
];

/// Established newspapers and financial news sites (the state press, the four statutory
/// securities papers, the large portals) and the data repository the shipped market data
/// comes from.
const REVIEWED: &[&str] = &[
    "cs.com.cn",
    "cnstock.com",
    "stcn.com",
    "zqrb.cn",
    "jjckb.cn",
    "xinhuanet.com",
    "people.com.cn",
    "cctv.com",
    "caixin.com",
    "yicai.com",
    "jiemian.com",
    "thepaper.cn",
    "sina.com.cn",
    "sohu.com",
    "163.com",
    "qq.com",
    "hexun.com",
    "stockstar.com",
    "eastmoney.com",
    "cnyes.com",
    "china.com",
    "cqcb.com",
    "taiwan.cn",
    "huashangw.com",
    "github.com",
];

fn host(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#', ':']).next()?;
    (!host.is_empty()).then_some(host)
}

fn in_list(host: &str, list: &[&str]) -> bool {
    let host = host.to_ascii_lowercase();
    list.iter().any(|name| host == *name || host.ends_with(&format!(".{name}")))
}

/// Who published the source at `url` (anything not an http(s) address is unreviewed).
pub fn publisher(url: &str) -> Publisher {
    match host(url) {
        Some(h) if in_list(h, OFFICIAL) => Publisher::Official,
        Some(h) if in_list(h, REVIEWED) => Publisher::Reviewed,
        _ => Publisher::Unreviewed,
    }
}

/// Whether a page may link to `url`: an official or reviewed publisher.
pub fn linkable(url: &str) -> bool {
    publisher(url) != Publisher::Unreviewed
}

/// The host name of `url`, to name an unreviewed source without linking to it.
pub fn host_of(url: &str) -> &str {
    host(url).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publishers_by_host() {
        assert_eq!(publisher("http://www.csrc.gov.cn/pub/x.html"), Publisher::Official);
        assert_eq!(publisher("http://hzzy.sdcourt.gov.cn/x"), Publisher::Official);
        assert_eq!(publisher("https://static.cninfo.com.cn/finalpage/x.PDF"), Publisher::Official);
        assert_eq!(publisher("https://WWW.SZSE.CN/x"), Publisher::Official);
        assert_eq!(publisher("http://epaper.cs.com.cn/x"), Publisher::Reviewed);
        assert_eq!(publisher("https://news.china.com/x"), Publisher::Reviewed);
        assert_eq!(publisher("https://github.com/a/b"), Publisher::Reviewed);
        // Lookalikes and everything else.
        for url in [
            "https://bjl-game5.com/baijialepingtai/3323.html",
            "https://notgov.cn.example.com/x",
            "https://fakesse.com.cn/x",
            "https://sina.com.cn.example.net/x",
            "https://mychina.com/x",
            "javascript:alert(1)",
            "cninfo.com.cn/x",
            "",
        ] {
            assert_eq!(publisher(url), Publisher::Unreviewed, "{url}");
            assert!(!linkable(url), "{url}");
        }
        assert_eq!(host_of("http://www.xasxgyd.com:80/p/2449.html"), "www.xasxgyd.com");
    }
}
