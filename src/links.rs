//! External links in the content, for `briefing check --links`: every
//! http(s) address a briefing cites, with where it is cited, and, only when
//! asked, whether each still answers.
//!
//! The check is bounded and polite: a few hosts at a time, one request at a
//! time per host with a pause between them, a timeout on each, HEAD first
//! (GET only when a server refuses HEAD), and a user agent that says what
//! is asking. It never runs in tests.

use crate::diagnostics::{FileId, Files};
use crate::link::Graph;
use crate::model::Markdown;
use pulldown_cmark::{Event, Parser, Tag};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

/// One external address and every place that cites it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalLink {
    pub url: String,
    pub places: Vec<Place>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    pub file: PathBuf,
    pub line: u32,
    /// The field that cites it: `url`, `digest`, `note`, ...
    pub field: &'static str,
}

/// Every external address in the content, sorted, each with its places.
pub fn collect(graph: &Graph, files: &Files) -> Vec<ExternalLink> {
    let c = &graph.content;
    // (address, file, line when known, field)
    let mut hits: Vec<(String, FileId, Option<u32>, &'static str)> = Vec::new();
    let mut markdown = |text: &Markdown, file: FileId, field: &'static str| {
        for url in urls_in(text.as_str()) {
            hits.push((url, file, None, field));
        }
    };
    markdown(&c.briefing.bottom_line, c.briefing.file, "bottom_line");
    let mut urls = Vec::new();
    for s in &c.sources {
        if let Some(url) = &s.url {
            if is_external(&url.value) {
                urls.push((url.value.clone(), url.span.file, Some(url.span.line), "url"));
            }
        }
        markdown(&s.digest, s.file, "digest");
        if let Some(t) = &s.trust {
            markdown(t, s.file, "trust");
        }
        for a in &s.annotations {
            if let Some(n) = &a.note {
                markdown(n, s.file, "note");
            }
        }
    }
    for claim in &c.claims {
        if let Some(n) = &claim.verdict_note {
            markdown(n, claim.span.file, "verdict_note");
        }
    }
    for e in &c.events {
        if let Some(d) = &e.detail {
            markdown(d, e.span.file, "detail");
        }
    }
    for e in &c.entities {
        if let Some(s) = &e.summary {
            markdown(s, e.span.file, "summary");
        }
    }
    for case in [&c.bull, &c.bear] {
        markdown(&case.intro, case.file, "intro");
        for p in &case.points {
            markdown(&p.argument, p.span.file, "argument");
        }
    }
    for p in &c.pages {
        markdown(&p.body, p.file, "body");
    }
    let mut found: BTreeMap<String, Vec<Place>> = BTreeMap::new();
    for (url, file, line, field) in hits.into_iter().chain(urls) {
        let line = line.unwrap_or_else(|| line_of(files.text(file), &url));
        found.entry(url).or_default().push(Place {
            file: files.path(file).to_path_buf(),
            line,
            field,
        });
    }
    found
        .into_iter()
        .map(|(url, mut places)| {
            places.sort();
            places.dedup();
            ExternalLink { url, places }
        })
        .collect()
}

fn is_external(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// The http(s) addresses that Markdown links or shows as images.
fn urls_in(text: &str) -> Vec<String> {
    Parser::new(text)
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some(dest_url.into_string())
            }
            _ => None,
        })
        .filter(|u| is_external(u))
        .collect()
}

/// The line where `needle` first appears in `text` (1 when it does not,
/// as with a link written with escapes).
fn line_of(text: &str, needle: &str) -> u32 {
    text.find(needle)
        .map(|at| text[..at].matches('\n').count() as u32 + 1)
        .unwrap_or(1)
}

/// What asking for a link gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The server answered with this status (2xx and 3xx after redirects
    /// count as working).
    Status(u16),
    /// No answer: a timeout, a refused connection, a bad certificate.
    Failed(String),
}

impl Outcome {
    pub fn is_ok(&self) -> bool {
        matches!(self, Outcome::Status(s) if *s < 400)
    }
}

/// Hosts asked at once.
const HOSTS_AT_ONCE: usize = 4;
/// The pause between two requests to one host.
const PAUSE: Duration = Duration::from_secs(1);
const TIMEOUT: Duration = Duration::from_secs(15);

/// Asks each address once, politely (see the module comment), and returns
/// the outcomes in the order of `links`. `on_each` sees each outcome as it
/// comes, for progress.
pub fn check(links: &[ExternalLink], on_each: &(dyn Fn(&str, &Outcome) + Sync)) -> Vec<Outcome> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .max_redirects(5)
        .user_agent(concat!(
            "briefing-link-check/",
            env!("CARGO_PKG_VERSION"),
            " (checking the links a briefing cites)"
        ))
        .build()
        .into();
    // Addresses by host, so that each host sees one request at a time.
    let mut by_host: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, link) in links.iter().enumerate() {
        by_host.entry(host_of(&link.url)).or_default().push(i);
    }
    let hosts: Vec<Vec<usize>> = by_host.into_values().collect();
    let outcomes = std::sync::Mutex::new(vec![None; links.len()]);
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..HOSTS_AT_ONCE.min(hosts.len()) {
            scope.spawn(|| loop {
                let h = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let Some(indices) = hosts.get(h) else { break };
                for (n, &i) in indices.iter().enumerate() {
                    if n > 0 {
                        std::thread::sleep(PAUSE);
                    }
                    let outcome = ask(&agent, &links[i].url);
                    on_each(&links[i].url, &outcome);
                    outcomes.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(outcome);
                }
            });
        }
    });
    outcomes
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|o| o.unwrap_or_else(|| Outcome::Failed("not asked".into())))
        .collect()
}

fn ask(agent: &ureq::Agent, url: &str) -> Outcome {
    let status = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| {
        r.map(|r| r.status().as_u16()).map_err(|e| e.to_string())
    };
    match status(agent.head(url).call()) {
        // Some servers refuse HEAD, or answer it wrongly: ask again with GET.
        Ok(405 | 501 | 403) | Err(_) => match status(agent.get(url).call()) {
            Ok(s) => Outcome::Status(s),
            Err(e) => Outcome::Failed(e),
        },
        Ok(s) => Outcome::Status(s),
    }
}

fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_http_links_and_images_only() {
        let text = "See [a](https://a.example/x) and ![c](http://c.example/c.png), \
                    [local](../claims/x/) and [mail](mailto:x@y.z) and <https://auto.example/>.";
        assert_eq!(
            urls_in(text),
            vec![
                "https://a.example/x",
                "http://c.example/c.png",
                "https://auto.example/"
            ]
        );
    }

    #[test]
    fn hosts_group_addresses() {
        assert_eq!(host_of("https://A.example:8080/x?y"), "a.example:8080");
        assert_eq!(host_of("http://b.example"), "b.example");
    }

    #[test]
    fn lines_count_from_one() {
        assert_eq!(line_of("a\nb https://x\n", "https://x"), 2);
        assert_eq!(line_of("a", "https://x"), 1);
    }
}
