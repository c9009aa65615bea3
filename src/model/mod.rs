//! The typed content of a briefing, as the load stage produces it.
//!
//! Everything here has been checked for shape (required fields present, dates
//! and ids well formed, enums known) but not for meaning: references between
//! files are still plain ids until the link stage resolves them. Each value an
//! error might later point at carries its `Span`.

mod date;
pub mod edition;
mod ids;
pub mod prose;
pub mod ui;

pub use date::{today, Date, DatePrecision, DATE_FORMS};
pub use ids::{id_problem, ClaimId, EntityId, EventId, PageId, SourceId};
pub use prose::{InlineRef, Markdown, RefKind, Target, Words};

use crate::diagnostics::{FileId, Span};
use std::path::PathBuf;

/// A value with the place it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Spanned<T> {
        Spanned { value, span }
    }
}

/// Whether text is an http(s) address, as a source's `url` must be and as
/// the addresses read from saved pages and PDFs are kept.
pub fn is_web_address(text: &str) -> bool {
    web_address_problem(text).is_none()
}

/// What keeps `text` from being an http(s) address a page can link to:
/// another scheme, no host, or a character no address holds as it is (a
/// space, a control character, `<`, `>`, `"`), which would reach the
/// pages' links and the exports as written. (Browsers send `|`, `^`, `{`
/// and the like unescaped in queries, so those are let through.)
pub fn web_address_problem(text: &str) -> Option<&'static str> {
    let Some(scheme_end) = text.find("://") else {
        return Some("is not an http(s) address");
    };
    let scheme = &text[..scheme_end];
    if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
        return Some("is not an http(s) address");
    }
    if text
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "<>\"".contains(c))
    {
        return Some("holds a space or a character an address cannot hold as it is");
    }
    let rest = &text[scheme_end + 3..];
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match host_port.strip_prefix('[') {
        Some(inside) => match inside.split_once(']') {
            Some((ip, after))
                if !ip.is_empty()
                    && ip
                        .chars()
                        .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
                    && (after.is_empty() || after.starts_with(':')) =>
            {
                ip
            }
            _ => return Some("has a bracketed host that is not an IPv6 address"),
        },
        None => host_port.split(':').next().unwrap_or(""),
    };
    if host.is_empty() {
        return Some("names no host");
    }
    None
}

/// The address a site is published at: an absolute http(s) URL, kept
/// ending in exactly one `/`, so that a page's path from the site root can
/// be put after it as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(String);

impl BaseUrl {
    pub fn parse(text: &str) -> Result<BaseUrl, &'static str> {
        if let Some(problem) = web_address_problem(text) {
            return Err(problem);
        }
        Ok(BaseUrl(format!("{}/", text.trim_end_matches('/'))))
    }

    /// The address, ending in `/`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The address of the page at `path` (from the site root), pretty:
    /// `claims/x/index.html` is `<base>claims/x/`.
    pub fn page(&self, path: &SitePath) -> String {
        format!("{}{}", self.0, path.pretty())
    }
}

/// A path from the site root to a page or a file: `claims/x/index.html`,
/// or `timeline/index.html#event-3` into a page. Every link on a page is
/// `root` followed by one of these, which is what keeps the site working
/// under any sub-path and straight from disk.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct SitePath(String);

impl SitePath {
    pub fn new(path: impl Into<String>) -> SitePath {
        SitePath(path.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The same page, at `anchor` in it.
    pub fn at(&self, anchor: &str) -> SitePath {
        SitePath(format!("{}#{anchor}", self.0))
    }

    /// How many folders down from the root the file is: the number of
    /// `../` that lead back.
    pub fn depth(&self) -> usize {
        self.0.matches('/').count()
    }

    /// The address a reader sees: `claims/x/index.html` is `claims/x/`,
    /// `timeline/index.html#event-3` is `timeline/#event-3`.
    pub fn pretty(&self) -> String {
        match self.0.split_once('#') {
            Some((page, anchor)) => format!("{}#{anchor}", page.trim_end_matches("index.html")),
            None => self.0.trim_end_matches("index.html").to_string(),
        }
    }
}

impl std::fmt::Display for SitePath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<SitePath> for String {
    fn from(path: SitePath) -> String {
        path.0
    }
}

#[derive(Debug, Clone)]
pub struct Briefing {
    pub title: String,
    pub question: String,
    pub as_of: Date,
    pub bottom_line: Markdown,
    pub authors: Vec<String>,
    pub base_url: Option<BaseUrl>,
    /// The folder of original texts, relative to the project root, as written.
    pub originals: Option<Spanned<PathBuf>>,
    /// The pages' language and interface words.
    pub interface: ui::Interface,
    /// The most rows a list page shows before the list is split.
    pub rows_per_page: usize,
    pub file: FileId,
}

impl Briefing {
    pub const ROWS_PER_PAGE: usize = 200;
}

/// When a source was published: a date, or honestly unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Published {
    Known(Date),
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceKind {
    News,
    Analysis,
    Opinion,
    Newsletter,
    Primary,
}

impl SourceKind {
    pub const ALL: [(&'static str, SourceKind); 5] = [
        ("news", SourceKind::News),
        ("analysis", SourceKind::Analysis),
        ("opinion", SourceKind::Opinion),
        ("newsletter", SourceKind::Newsletter),
        ("primary", SourceKind::Primary),
    ];

    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map(|(s, _)| *s)
            .unwrap_or("news")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stance {
    Supports,
    Qualifies,
    Disputes,
}

impl Stance {
    pub const ALL: [(&'static str, Stance); 3] = [
        ("supports", Stance::Supports),
        ("qualifies", Stance::Qualifies),
        ("disputes", Stance::Disputes),
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Supports => "supports",
            Stance::Qualifies => "qualifies",
            Stance::Disputes => "disputes",
        }
    }
}

/// One passage of a source that bears on a claim.
#[derive(Debug, Clone)]
pub struct Annotation {
    pub claim: Spanned<ClaimId>,
    pub quote: Spanned<String>,
    pub stance: Stance,
    pub note: Option<Markdown>,
    /// Where the annotation's list item starts.
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Source {
    pub id: SourceId,
    pub title: String,
    pub publisher: String,
    pub author: Option<String>,
    pub published: Published,
    /// Free text qualifying the date ("on or after 18 June 2026").
    pub published_note: Option<String>,
    pub url: Option<Spanned<String>>,
    /// An archived copy of the document (a Wayback Machine address, say),
    /// for when `url` stops working.
    pub archived: Option<Spanned<String>>,
    pub kind: SourceKind,
    pub relies_on: Vec<String>,
    /// The original's file name inside the originals folder.
    pub original: Option<Spanned<String>>,
    /// Which text of a web page original the quotes come from.
    pub original_text: OriginalText,
    /// How far to trust the source, in the analyst's words.
    pub trust: Option<Markdown>,
    pub annotations: Vec<Annotation>,
    /// The analyst's digest.
    pub digest: Markdown,
    pub file: FileId,
}

/// A number the briefing tracks, shown among the key figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub metric: String,
    pub value: f64,
    pub unit: String,
    /// `key:` as written: `Some(true)` puts it among the key figures.
    pub key: Option<bool>,
}

/// How many figures the front page shows when the briefing marks none
/// `key: true`, and at most when it marks more: the front page's size does
/// not grow with the briefing.
pub const KEY_FIGURES: usize = 8;
pub const MAX_KEY_FIGURES: usize = 12;

/// The claims whose figures are the key figures, in file order: those
/// marked `key: true` (at most [`MAX_KEY_FIGURES`]), or else the first
/// [`KEY_FIGURES`] not marked `key: false`.
pub fn key_figures(claims: &[Claim]) -> Vec<usize> {
    let marked: Vec<usize> = (0..claims.len())
        .filter(|&i| {
            claims[i]
                .figure
                .as_ref()
                .is_some_and(|f| f.key == Some(true))
        })
        .collect();
    if !marked.is_empty() {
        return marked.into_iter().take(MAX_KEY_FIGURES).collect();
    }
    (0..claims.len())
        .filter(|&i| {
            claims[i]
                .figure
                .as_ref()
                .is_some_and(|f| f.key != Some(false))
        })
        .take(KEY_FIGURES)
        .collect()
}

/// The analyst's override of a claim's derived status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    Corroborated,
    Contested,
    LikelyError,
    Unverified,
}

impl Verdict {
    pub const ALL: [(&'static str, Verdict); 4] = [
        ("corroborated", Verdict::Corroborated),
        ("contested", Verdict::Contested),
        ("likely-error", Verdict::LikelyError),
        ("unverified", Verdict::Unverified),
    ];

    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, v)| *v == self)
            .map_or("unverified", |(s, _)| *s)
    }
}

#[derive(Debug, Clone)]
pub struct Claim {
    pub id: Spanned<ClaimId>,
    pub statement: String,
    pub topic: String,
    pub entities: Vec<Spanned<EntityId>>,
    pub figure: Option<Figure>,
    pub verdict: Option<Verdict>,
    pub verdict_note: Option<Markdown>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Event {
    /// Needed only to cite the event inline (`[[event:id]]`).
    pub id: Option<Spanned<EventId>>,
    pub date: Date,
    pub title: String,
    pub detail: Option<Markdown>,
    pub expected: bool,
    pub claims: Vec<Spanned<ClaimId>>,
    pub sources: Vec<Spanned<SourceId>>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityKind {
    Company,
    Person,
    Product,
    Place,
    Other,
}

impl EntityKind {
    pub const ALL: [(&'static str, EntityKind); 5] = [
        ("company", EntityKind::Company),
        ("person", EntityKind::Person),
        ("product", EntityKind::Product),
        ("place", EntityKind::Place),
        ("other", EntityKind::Other),
    ];

    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map(|(s, _)| *s)
            .unwrap_or("other")
    }
}

#[derive(Debug, Clone)]
pub struct Entity {
    pub id: Spanned<EntityId>,
    pub name: String,
    pub kind: EntityKind,
    pub aliases: Vec<String>,
    pub summary: Option<Markdown>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Side {
    Bull,
    Bear,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Bull => "bull",
            Side::Bear => "bear",
        }
    }
}

#[derive(Debug, Clone)]
pub struct CasePoint {
    pub title: String,
    pub argument: Markdown,
    pub claims: Vec<Spanned<ClaimId>>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Case {
    pub side: Side,
    /// The title the case file gives; without one the interface's word
    /// for the side ("Bull case") is used.
    pub title: Option<String>,
    pub points: Vec<CasePoint>,
    pub intro: Markdown,
    pub file: FileId,
}

/// A free page (methodology, glossary).
#[derive(Debug, Clone)]
pub struct Page {
    pub id: PageId,
    pub title: String,
    pub summary: Option<String>,
    pub body: Markdown,
    pub file: FileId,
}

/// An original source text, read for quote verification only: it is never
/// published.
#[derive(Debug, Clone)]
pub struct Original {
    /// The text quotes are found in: the file itself, a web page's article
    /// as a reader mode shows it, or a PDF's text layer.
    pub text: String,
    /// What kind of file it was, and what that adds.
    pub form: OriginalForm,
    /// Of the file's bytes.
    pub sha256: Sha256,
}

/// The kinds of original, each with what its kind adds to the text.
#[derive(Debug, Clone)]
pub enum OriginalForm {
    /// Plain text or Markdown, read as it is.
    Text,
    /// A web page: all of its text (navigation, captions and sidebars
    /// included), for sources that quote from them (`original_text: full`).
    WebPage { full: String },
    /// A PDF: the 1-based line of the text each page starts on.
    Pdf { page_starts: Vec<usize> },
}

impl Original {
    /// The text a source quotes from, by its `original_text`.
    pub fn text_for(&self, mode: OriginalText) -> &str {
        match (mode, &self.form) {
            (OriginalText::Full, OriginalForm::WebPage { full }) => full,
            _ => &self.text,
        }
    }

    /// How that text was taken from the file, for the lock: `None` for a
    /// plain text file.
    pub fn extractor(&self, mode: OriginalText) -> Option<&'static str> {
        match (mode, &self.form) {
            (_, OriginalForm::Text) => None,
            (OriginalText::Article, OriginalForm::WebPage { .. }) => Some(ARTICLE_EXTRACTOR),
            (OriginalText::Full, OriginalForm::WebPage { .. }) => Some(FULL_EXTRACTOR),
            (_, OriginalForm::Pdf { .. }) => Some(PDF_EXTRACTOR),
        }
    }

    /// Where line `line` of the text is, as the analyst finds it in the
    /// file: its line, or for a PDF its page.
    pub fn place(&self, line: usize) -> String {
        match &self.form {
            OriginalForm::Pdf { page_starts } => {
                format!(
                    "page {}",
                    page_starts.partition_point(|&s| s <= line).max(1)
                )
            }
            _ => format!("line {line}"),
        }
    }
}

/// The extractors' names and versions, as the lock records them: a new
/// version may find other text, and the lock's diff shows it.
pub const ARTICLE_EXTRACTOR: &str = "html article, dom_smoothie 0.19";
pub const FULL_EXTRACTOR: &str = "html full text, dom_query 0.29";
pub const PDF_EXTRACTOR: &str = "pdf text layer, pdf-extract 0.10";

/// Which text of a web page original a source quotes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OriginalText {
    /// The article, as a reader mode shows it.
    #[default]
    Article,
    /// Everything the page says.
    Full,
}

impl OriginalText {
    pub const ALL: [(&'static str, OriginalText); 2] = [
        ("article", OriginalText::Article),
        ("full", OriginalText::Full),
    ];
}

/// A SHA-256 digest: of an original's bytes, or of a quote's folded text.
/// Written as 64 lowercase hex digits (in the quote lock), kept as its 32
/// bytes; the two order alike, so the lock's order is the same either way.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sha256([u8; 32]);

impl Sha256 {
    pub fn of(bytes: &[u8]) -> Sha256 {
        use sha2::Digest;
        Sha256(sha2::Sha256::digest(bytes).into())
    }

    /// The digest written as 64 hex digits, if `text` is one.
    pub fn from_hex(text: &str) -> Option<Sha256> {
        if text.len() != 64 {
            return None;
        }
        let mut out = [0u8; 32];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()?;
        }
        Some(Sha256(out))
    }
}

impl std::fmt::Display for Sha256 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl std::fmt::Debug for Sha256 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Sha256({self})")
    }
}

/// What an earlier verifying build recorded about one quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockedQuote {
    pub source: String,
    pub original: String,
    /// How the text was taken from the original when it is not plain
    /// text ([`Original::extractor`]); `None` for plain text.
    pub extractor: Option<String>,
    pub original_sha256: Sha256,
    pub quote_sha256: Sha256,
    /// Byte offset of the match in the folded original text.
    pub offset: usize,
    /// Line of the match in the original file.
    pub line: usize,
    pub verified: Date,
}

/// Everything the load stage read.
#[derive(Debug, Clone)]
pub struct Content {
    pub briefing: Briefing,
    pub sources: Vec<Source>,
    pub claims: Vec<Claim>,
    pub events: Vec<Event>,
    pub entities: Vec<Entity>,
    pub bull: Case,
    pub bear: Case,
    pub pages: Vec<Page>,
    /// Originals by file name, for the sources whose original could be read.
    pub originals: std::collections::BTreeMap<String, Original>,
    /// Whether an originals folder was available at all.
    pub originals_dir: Option<PathBuf>,
    pub lock: Vec<LockedQuote>,
    /// The editions issued so far, in order (`content/editions/`).
    pub editions: Vec<edition::Edition>,
    /// Every id renamed with `briefing rename`, in order
    /// (`content/editions/moved.json`).
    pub moves: Vec<edition::Move>,
    /// Sources whose file did not load whole (or at all). Only a failed
    /// load has any: the rest of the content is then linked for its own
    /// errors, and what these sources may hold (a claim's support, the
    /// source itself) is not reported again as missing.
    pub unloaded: Vec<SourceId>,
    /// The list files that did not load, when a failed load is linked for
    /// its other errors: each stands in empty, and references into it are
    /// not reported as unknown.
    pub unread: Unread,
}

/// Which list files a failed load is missing (see [`Content::unread`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Unread {
    pub claims: bool,
    pub timeline: bool,
    pub entities: bool,
    pub cases: bool,
}

impl Unread {
    pub fn any(&self) -> bool {
        self.claims || self.timeline || self.entities || self.cases
    }
}

/// The theme read from `templates/`: Tera templates by name, and the static
/// assets (stylesheets, scripts, icons) under `templates/assets/`, copied to
/// `assets/` in the site.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub templates: Vec<(String, String)>,
    pub assets: Vec<(String, Vec<u8>)>,
}

#[cfg(test)]
mod sha256_tests {
    use super::Sha256;

    #[test]
    fn a_digest_reads_back_what_it_writes() {
        let d = Sha256::of(b"abc");
        let hex = d.to_string();
        assert_eq!(
            hex,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(Sha256::from_hex(&hex), Some(d));
        for bad in [
            "",
            "ab",
            &hex[..63],
            &format!("{}zz", &hex[..62]),
            "é".repeat(32).as_str(),
        ] {
            assert_eq!(Sha256::from_hex(bad), None, "{bad:?}");
        }
        // Bytes and hex order alike.
        let (a, b) = (Sha256::of(b"a"), Sha256::of(b"b"));
        assert_eq!(a.cmp(&b), a.to_string().cmp(&b.to_string()));
    }
}

#[cfg(test)]
mod base_url_tests {
    use super::{BaseUrl, SitePath};

    #[test]
    fn a_base_url_ends_in_one_slash_and_joins_pages() {
        let b = BaseUrl::parse("https://example.org/brief//").unwrap();
        assert_eq!(b.as_str(), "https://example.org/brief/");
        assert_eq!(
            b.page(&SitePath::new("claims/x/index.html")),
            "https://example.org/brief/claims/x/"
        );
        assert_eq!(b.page(&SitePath::new("")), "https://example.org/brief/");
        assert_eq!(BaseUrl::parse("HTTP://x").unwrap().as_str(), "HTTP://x/");
        assert!(BaseUrl::parse("/brief/").is_err());
        assert!(BaseUrl::parse("javascript:alert(1)").is_err());
    }

    #[test]
    fn a_site_path_knows_its_depth_and_its_pretty_form() {
        let claim = SitePath::new("claims/x/index.html");
        assert_eq!(claim.depth(), 2);
        assert_eq!(claim.pretty(), "claims/x/");
        let event = SitePath::new("timeline/index.html").at("event-3");
        assert_eq!(event.as_str(), "timeline/index.html#event-3");
        assert_eq!(event.pretty(), "timeline/#event-3");
        assert_eq!(SitePath::new("index.html").depth(), 0);
    }
}

#[cfg(test)]
mod web_address_tests {
    use super::web_address_problem;

    #[test]
    fn only_whole_http_addresses_are_web_addresses() {
        for good in [
            "https://a.example/",
            "http://a.example",
            "HTTPS://A.EXAMPLE/Path?q=1#top",
            "https://user@a.example:8443/x",
            "https://[::1]:8080/x",
            "https://bücher.example/ä",
            "https://a.example/%20x",
            "https://fonts.example/css?family=Open+Sans|Roboto",
            "https://quotes.example/^GSPC",
        ] {
            assert_eq!(web_address_problem(good), None, "{good}");
        }
        for (bad, why) in [
            ("ftp://a.example/", "is not an http(s) address"),
            ("a.example/x", "is not an http(s) address"),
            ("https://", "names no host"),
            ("https:///x", "names no host"),
            ("https://:80/", "names no host"),
            (
                "https://[::1",
                "has a bracketed host that is not an IPv6 address",
            ),
            (
                "https:// evil",
                "holds a space or a character an address cannot hold as it is",
            ),
            (
                "https://a.example/ x y",
                "holds a space or a character an address cannot hold as it is",
            ),
            (
                "https://a.example/\u{0}\u{1}x",
                "holds a space or a character an address cannot hold as it is",
            ),
            (
                "https://a.example/\"onmouseover=",
                "holds a space or a character an address cannot hold as it is",
            ),
        ] {
            assert_eq!(web_address_problem(bad), Some(why), "{bad:?}");
        }
    }
}
