//! The print edition's links: every link to a page of the site becomes a
//! link to the part of the print page that shows it, so that the printed
//! document (and a PDF of it) refers only to itself. A page it does not
//! hold (an entity, a free page, the data) is named but not linked.

use super::markdown::ROOT;
use crate::link::Graph;

/// The largest briefing that gets a print edition. One page holding every
/// claim and source grows with the briefing, and is rendered again after
/// every edit in watch mode; past a few hundred pages of paper no board
/// reads it whole.
pub const MAX_CLAIMS: usize = 1_000;
pub const MAX_SOURCES: usize = 500;

/// Whether the briefing gets a print edition.
pub fn wanted(graph: &Graph) -> bool {
    graph.content.claims.len() <= MAX_CLAIMS && graph.content.sources.len() <= MAX_SOURCES
}

/// `html` with each `href="@root/<path>"` pointed inside the page, to
/// the site's assets from `print/`, or made into a plain `data-site`
/// attribute; and without the ids of inline references and their notes,
/// which are unique on the page of the prose that holds them but not on
/// one page holding all of it (two cases' first points, every claim's
/// verdict).
pub fn inside(html: &str) -> String {
    let html = without_attribute(
        &without_attribute(html, " id=\"cite-"),
        " aria-describedby=\"cite-",
    );
    let html = html.as_str();
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(ROOT) {
        out.push_str(&rest[..at]);
        let after = &rest[at + ROOT.len()..];
        let Some(end) = after.find('"') else {
            out.push_str(&rest[at..]);
            return out;
        };
        let path = &after[..end];
        match anchor(path) {
            Some(target) => out.push_str(&format!("href=\"{target}\"")),
            None if path.starts_with("assets/") => {
                out.push_str(&format!("href=\"../{path}\""));
            }
            None => out.push_str(&format!("data-site=\"{path}\"")),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// `html` without the attributes that start with `start` (up to their
/// closing quote).
fn without_attribute(html: &str, start: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(start) {
        out.push_str(&rest[..at]);
        let after = &rest[at + start.len()..];
        match after.find('"') {
            Some(end) => rest = &after[end + 1..],
            None => {
                rest = after;
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Where a page of the site (`path`, from the root, perhaps with a
/// fragment) is in the print edition.
fn anchor(path: &str) -> Option<String> {
    let (page, fragment) = match path.split_once('#') {
        Some((page, fragment)) => (page, Some(fragment)),
        None => (path, None),
    };
    let parts: Vec<&str> = page
        .trim_end_matches("index.html")
        .trim_end_matches('/')
        .split('/')
        .collect();
    Some(match (parts.as_slice(), fragment) {
        ([""] | ["print"], _) => "#front".into(),
        (["timeline"], Some(f)) => format!("#{f}"),
        (["timeline"], None) => "#timeline".into(),
        (["claims"], _) => "#claims".into(),
        (["claims", id], _) => format!("#claim-{id}"),
        ([side @ ("bull" | "bear")], Some(f)) => format!("#{side}-{f}"),
        ([side @ ("bull" | "bear")], None) => format!("#{side}"),
        (["sources"], _) => "#sources".into(),
        (["sources", id], Some(f)) => format!("#source-{id}-{f}"),
        (["sources", id], None) => format!("#source-{id}"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_point_inside_the_page() {
        let html = concat!(
            "<link href=\"@root/assets/style.css\">",
            "<a href=\"@root/claims/a-claim/index.html\">a</a>",
            "<a class=\"ref\" href=\"@root/sources/alpha/index.html#quote-2\">q</a>",
            "<a href=\"@root/timeline/index.html#event-3\">e</a>",
            "<a href=\"@root/bull/index.html#point-1\">p</a>",
            "<a href=\"@root/entities/acme/index.html\">Acme</a>",
            "<a href=\"https://example.org/\">out</a>",
            "<a class=\"ref\" href=\"@root/claims/b/index.html\" id=\"cite-verdict-1\" aria-describedby=\"cite-verdict-1-note\">b</a>",
        );
        assert_eq!(
            inside(html),
            concat!(
                "<link href=\"../assets/style.css\">",
                "<a href=\"#claim-a-claim\">a</a>",
                "<a class=\"ref\" href=\"#source-alpha-quote-2\">q</a>",
                "<a href=\"#event-3\">e</a>",
                "<a href=\"#bull-point-1\">p</a>",
                "<a data-site=\"entities/acme/index.html\">Acme</a>",
                "<a href=\"https://example.org/\">out</a>",
                "<a class=\"ref\" href=\"#claim-b\">b</a>",
            )
        );
    }
}
