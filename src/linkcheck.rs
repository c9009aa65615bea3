//! External links in the content, for `briefing check --links`: every
//! http(s) address a briefing cites, with where it is cited, and, only when
//! asked, whether each still answers.
//!
//! The check is bounded and polite: a few hosts at a time, one request at a
//! time per host name with a pause between them (a host is its name, not
//! the address as written: `user@host` and `host:8080` are that host too),
//! a timeout on each, HEAD first (GET only when a server refuses HEAD), and
//! a user agent that says what is asking.
//!
//! It is also a safe client for content it did not write: it asks no
//! loopback, private or link-local address (the machine itself, the local
//! network, a cloud's metadata service) unless told to. That is enforced
//! where names are resolved, so it holds for every redirect and for a name
//! that resolves to such an address. It never asks another host in tests.

use crate::diagnostics::{line_of, FileId, Files};
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

/// What asking for a link gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The server answered with this status (2xx and 3xx after redirects
    /// count as working).
    Status(u16),
    /// No answer: a timeout, a refused connection, a bad certificate.
    Failed(String),
    /// Not asked: the address is the machine's own or its network's.
    Private(String),
}

impl Outcome {
    pub fn is_ok(&self) -> bool {
        matches!(self, Outcome::Status(s) if *s < 400)
    }

    /// Asked, and not working: what fails `check --links --online`. An
    /// address left alone was not asked, so it fails nothing.
    pub fn is_broken(&self) -> bool {
        !self.is_ok() && !matches!(self, Outcome::Private(_))
    }
}

/// Hosts asked at once.
const HOSTS_AT_ONCE: usize = 4;
/// The pause between two requests to one host.
const PAUSE: Duration = Duration::from_secs(1);
const TIMEOUT: Duration = Duration::from_secs(15);

/// Whether `check` may ask loopback, private and link-local addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Reach {
    /// Public addresses only: the default, for content from others.
    #[default]
    Public,
    /// Any address, as for a briefing that cites an intranet.
    AnyIncludingPrivate,
}

/// True for an address that is not on the public internet: the machine
/// itself, a private or shared network, link-local (where clouds serve
/// their instance metadata), multicast, or unspecified.
pub fn is_private(ip: std::net::IpAddr) -> bool {
    use std::net::IpAddr;
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || a >= 240
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0 && v4.octets()[2] == 0)
                || (a == 198 && (b == 18 || b == 19))
        }
        IpAddr::V6(v6) => {
            let s = v6.segments();
            let embedded = |hi: u16, lo: u16| {
                let [a, b] = hi.to_be_bytes();
                let [c, d] = lo.to_be_bytes();
                is_private(IpAddr::V4(std::net::Ipv4Addr::new(a, b, c, d)))
            };
            match v6.to_ipv4_mapped() {
                Some(v4) => is_private(IpAddr::V4(v4)),
                // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4
                // address that is where the packets go.
                None if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] => embedded(s[6], s[7]),
                None if s[0] == 0x2002 => embedded(s[1], s[2]),
                None => {
                    v6.is_loopback()
                        || v6.is_unspecified()
                        || v6.is_multicast()
                        || (s[0] & 0xfe00) == 0xfc00
                        || (s[0] & 0xffc0) == 0xfe80
                        || (s[0] & 0xffc0) == 0xfec0
                }
            }
        }
    }
}

/// Resolves names as ureq does, and keeps only public addresses: every
/// connection the checker makes, redirects included, goes through it, so
/// neither a redirect nor a name that resolves privately gets around it.
#[derive(Debug, Default)]
struct PublicOnly(ureq::unversioned::resolver::DefaultResolver);

impl ureq::unversioned::resolver::Resolver for PublicOnly {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: ureq::unversioned::transport::NextTimeout,
    ) -> Result<ureq::unversioned::resolver::ResolvedSocketAddrs, ureq::Error> {
        let all = self.0.resolve(uri, config, timeout)?;
        let mut public = self.empty();
        for addr in all.iter().filter(|a| !is_private(a.ip())) {
            public.push(*addr);
        }
        if public.is_empty() {
            return Err(ureq::Error::Io(std::io::Error::other(PrivateAddress)));
        }
        Ok(public)
    }
}

const PRIVATE: &str = "a loopback, private or link-local address";

/// The resolver's refusal, told apart from any other failure by its type.
#[derive(Debug)]
struct PrivateAddress;

impl std::fmt::Display for PrivateAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the name leads only to {PRIVATE}")
    }
}

impl std::error::Error for PrivateAddress {}

/// Asks each address once, politely (see the module comment), and returns
/// the outcomes in the order of `links`. `on_each` sees each outcome as it
/// comes, for progress.
pub fn check(
    links: &[ExternalLink],
    reach: Reach,
    on_each: &(dyn Fn(&str, &Outcome) + Sync),
) -> Vec<Outcome> {
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        // Redirects are followed by `ask`, a pause before each.
        .max_redirects(0)
        // A proxy would resolve the names itself, out of the resolver's
        // sight: in public mode, none is used.
        .proxy(match reach {
            Reach::Public => None,
            Reach::AnyIncludingPrivate => ureq::Proxy::try_from_env(),
        })
        .user_agent(concat!(
            "briefing-link-check/",
            env!("CARGO_PKG_VERSION"),
            " (checking the links a briefing cites)"
        ))
        .build();
    let agent: ureq::Agent = match reach {
        Reach::Public => ureq::Agent::with_parts(
            config,
            ureq::unversioned::transport::DefaultConnector::new(),
            PublicOnly::default(),
        ),
        Reach::AnyIncludingPrivate => config.into(),
    };
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
                    let outcome = ask(&agent, &links[i].url, reach);
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

/// How many redirects `ask` follows.
const REDIRECTS: usize = 5;

fn ask(agent: &ureq::Agent, url: &str, reach: Reach) -> Outcome {
    let mut url = url.to_string();
    for hop in 0..=REDIRECTS {
        if hop > 0 {
            // A redirect is another request, often to the same host.
            std::thread::sleep(PAUSE);
        }
        match ask_once(agent, &url, reach) {
            Asked::Moved(to) => match join_url(&url, &to) {
                Some(next) => url = next,
                None => {
                    return Outcome::Failed(format!(
                        "redirected to an address it cannot follow: {to}"
                    ))
                }
            },
            Asked::Done(outcome) => return outcome,
        }
    }
    Outcome::Failed(format!("more than {REDIRECTS} redirects"))
}

enum Asked {
    Done(Outcome),
    /// Redirected to this `Location`.
    Moved(String),
}

/// One address, HEAD first and GET when HEAD is refused; a redirect is
/// handed back to be followed after a pause.
fn ask_once(agent: &ureq::Agent, url: &str, reach: Reach) -> Asked {
    // An address written as one is refused before anything is sent; a name
    // is refused by the resolver once it is known where it leads.
    if reach == Reach::Public {
        let host = host_of(url);
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        if let Ok(ip) = bare.parse::<std::net::IpAddr>() {
            if is_private(ip) {
                return Asked::Done(Outcome::Private(format!("{ip} is {PRIVATE}")));
            }
        }
    }
    let answer = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| match r {
        Ok(response) => {
            let status = response.status().as_u16();
            let location = response
                .headers()
                .get("location")
                .and_then(|l| l.to_str().ok())
                .map(str::to_string);
            match location {
                Some(to) if (300..400).contains(&status) => Ok(Asked::Moved(to)),
                _ => Ok(Asked::Done(Outcome::Status(status))),
            }
        }
        Err(ureq::Error::Io(io))
            if io
                .get_ref()
                .is_some_and(|inner| inner.is::<PrivateAddress>()) =>
        {
            Err(Outcome::Private(format!("it leads to {PRIVATE}")))
        }
        Err(e) => Err(Outcome::Failed(e.to_string())),
    };
    match answer(agent.head(url).call()) {
        Err(private @ Outcome::Private(_)) => Asked::Done(private),
        // Some servers refuse HEAD, or answer it wrongly: ask again with
        // GET, after the pause any second request to a host waits.
        Ok(Asked::Done(Outcome::Status(405 | 501 | 403))) | Err(_) => {
            std::thread::sleep(PAUSE);
            match answer(agent.get(url).call()) {
                Ok(asked) => asked,
                Err(outcome) => Asked::Done(outcome),
            }
        }
        Ok(asked) => asked,
    }
}

/// Where a `Location` header sends a request for `base`: an absolute
/// http(s) address, or one relative to `base`.
fn join_url(base: &str, location: &str) -> Option<String> {
    let location = location.trim();
    if is_external(location) {
        return Some(location.to_string());
    }
    let (scheme, rest) = base.split_once("://")?;
    if let Some(no_scheme) = location.strip_prefix("//") {
        return Some(format!("{scheme}://{no_scheme}"));
    }
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let origin = format!("{scheme}://{}", &rest[..authority_end]);
    if location.starts_with('/') {
        return Some(format!("{origin}{location}"));
    }
    if location.contains("://") {
        // Another scheme: not a web address to ask.
        return None;
    }
    let path = rest[authority_end..].split(['?', '#']).next().unwrap_or("");
    let folder = &path[..path.rfind('/').map_or(0, |i| i + 1)];
    let folder = if folder.is_empty() { "/" } else { folder };
    Some(format!("{origin}{folder}{location}"))
}

/// The host a URL names, as the one-request-per-second rule counts hosts:
/// its name in lowercase, without user information, port or final dot,
/// so that `https://user@Example.org:443/` is `example.org`.
fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    // Browsers and most clients end the authority at a backslash too.
    let authority = rest.split(['/', '?', '#', '\\']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host_port.starts_with('[') {
        host_port.split_inclusive(']').next().unwrap_or(host_port)
    } else {
        host_port.split(':').next().unwrap_or(host_port)
    };
    host.trim_end_matches('.').to_ascii_lowercase()
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
    fn hosts_group_addresses_by_name() {
        assert_eq!(host_of("https://A.example:8080/x?y"), "a.example");
        assert_eq!(host_of("http://b.example"), "b.example");
        assert_eq!(host_of("http://user:pw@b.example./x"), "b.example");
        assert_eq!(host_of("http://a@b@C.example:81"), "c.example");
        assert_eq!(host_of("http://[::1]:8080/"), "[::1]");
        assert_eq!(host_of("http://b.example\\@evil.example/"), "b.example");
    }

    #[test]
    fn redirects_resolve_against_the_address_asked() {
        let base = "https://a.example/x/y?q=1";
        assert_eq!(
            join_url(base, "https://b.example/").as_deref(),
            Some("https://b.example/")
        );
        assert_eq!(
            join_url(base, "//c.example/p").as_deref(),
            Some("https://c.example/p")
        );
        assert_eq!(
            join_url(base, "/root").as_deref(),
            Some("https://a.example/root")
        );
        assert_eq!(
            join_url(base, "z").as_deref(),
            Some("https://a.example/x/z")
        );
        assert_eq!(
            join_url("http://a.example", "z").as_deref(),
            Some("http://a.example/z")
        );
        assert_eq!(join_url(base, "ftp://x/"), None);
    }

    #[test]
    fn private_addresses_are_known() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "2002:7f00:1::",
            "fec0::1",
            "192.0.0.8",
            "240.0.0.1",
        ] {
            assert!(is_private(private.parse().unwrap()), "{private}");
        }
        for public in ["93.184.216.34", "1.1.1.1", "2606:4700::1111"] {
            assert!(!is_private(public.parse().unwrap()), "{public}");
        }
    }
}
