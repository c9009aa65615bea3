//! Web pages as originals: their text as a reader sees it.
//!
//! A saved page holds much that is not the article (navigation, adverts,
//! scripts, related links). Quotes are looked for in the article, as
//! Firefox's reader view would show it (dom_smoothie, a port of its
//! Readability); a source that quotes a caption or a sidebar says
//! `original_text: full` and gets all of the page's text. Both come with
//! entities decoded and block elements as line breaks, so that lines can be
//! named in reports.

use super::Metadata;
use dom_query::Document;

/// The deepest nesting of elements a page may have. Saved news pages stay
/// within a few dozen levels. An HTML parser checks the open elements at
/// each tag, so its work grows with the depth times the size: a page
/// nested tens of thousands deep (hostile, or broken) would take minutes.
pub const MAX_DEPTH: usize = 1_000;

/// A web page's two texts: its article's (when one can be told apart)
/// and all of it.
pub struct Texts {
    pub article: Option<String>,
    pub full: String,
}

/// Reads a page; `Err` with its nesting depth when that is over
/// [`MAX_DEPTH`], found before the page is parsed.
pub fn texts(html: &str) -> Result<Texts, usize> {
    let deepest = nesting(html);
    if deepest > MAX_DEPTH {
        return Err(deepest);
    }
    Ok(Texts {
        article: article_text(html),
        full: full_text(Document::from(html)),
    })
}

/// How deep the page's elements nest, from its tags as written, in one
/// pass: start tags count, end tags uncount. Elements whose end tag may be
/// left out (`p`, `li`, table cells...) and void ones (`br`, `img`...) are
/// not counted, so a page that leaves them open is not taken for deep.
fn nesting(html: &str) -> usize {
    const UNCOUNTED: [&str; 33] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "param", "keygen", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td",
        "th", "thead", "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rp", "html",
    ];
    let bytes = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut i = 0;
    while let Some(at) = memchr_lt(&bytes[i..]) {
        i += at + 1;
        let rest = &html[i..];
        if rest.starts_with("!--") {
            i += rest.find("-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        let closing = rest.starts_with('/');
        let name: String = rest[usize::from(closing)..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() || UNCOUNTED.contains(&name.as_str()) || name == "head" || name == "body"
        {
            continue;
        }
        let end = rest.find('>').unwrap_or(rest.len());
        if closing {
            depth = depth.saturating_sub(1);
        } else if !rest[..end].ends_with('/') {
            depth += 1;
            deepest = deepest.max(depth);
            // Their text is not markup.
            if matches!(name.as_str(), "script" | "style" | "textarea" | "title") {
                let close = rest.match_indices("</").map(|(e, _)| e).find(|&e| {
                    rest.get(e + 2..e + 2 + name.len())
                        .is_some_and(|n| n.eq_ignore_ascii_case(&name))
                });
                if let Some(e) = close {
                    i += e;
                    continue;
                }
            }
        }
        i += end;
    }
    deepest
}

/// Where the next `<` is.
fn memchr_lt(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'<')
}

/// The article's text, or `None` when no article can be told apart (a
/// page of links, say).
fn article_text(html: &str) -> Option<String> {
    let config = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let mut reader = dom_smoothie::Readability::new(html, None, Some(config)).ok()?;
    let article = reader.parse().ok()?;
    let text = article.text_content.to_string();
    (!text.trim().is_empty()).then_some(text)
}

/// Everything the page's body says: what is shown, not scripts or styles.
fn full_text(document: Document) -> String {
    document
        .select("script, style, noscript, template")
        .remove();
    document.select("body").formatted_text().to_string()
}

/// The title, author, site name, publication time (from Open Graph,
/// `article:published_time`, JSON-LD or the `<title>`, as Readability
/// reads them) and canonical address of a saved page. The page's JSON-LD
/// article, if it has one, gives the headline, and what Readability
/// leaves out.
pub fn metadata(html: &str) -> Metadata {
    let document = Document::from(html);
    let attr = |selector: &str, name: &str| {
        document
            .select(selector)
            .attr(name)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let url =
        attr("link[rel=canonical]", "href").or_else(|| attr("meta[property='og:url']", "content"));
    let config = dom_smoothie::Config::default();
    let article = dom_smoothie::Readability::new(html, None, Some(config))
        .ok()
        .and_then(|mut r| r.parse().ok());
    let clean = |v: Option<String>| v.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    let read = match article {
        Some(a) => Metadata {
            title: clean(Some(a.title)),
            // A byline often reads "By R. Reporter".
            author: clean(a.byline.map(|b| {
                let t = b.trim();
                match t.get(..3) {
                    Some(by) if by.eq_ignore_ascii_case("by ") => t[3..].to_string(),
                    _ => t.to_string(),
                }
            })),
            publisher: clean(a.site_name),
            published: clean(a.published_time),
            url,
        },
        None => Metadata {
            title: clean(document.select("title").text().to_string().into()),
            url,
            ..Metadata::default()
        },
    };
    let ld = json_ld(&document);
    Metadata {
        // The article's own headline beats a `<title>` that may carry the
        // site's name or a section's.
        title: ld.title.or(read.title),
        author: read.author.or(ld.author),
        publisher: read.publisher.or(ld.publisher),
        published: read.published.or(ld.published),
        url: read.url.or(ld.url),
    }
}

/// What a page's JSON-LD says of its article (`NewsArticle`, `Article`,
/// `ReportageNewsArticle`..., at the top or in an `@graph`): headline,
/// authors' names, publisher's name, `datePublished` and `url` (or
/// `mainEntityOfPage`).
fn json_ld(document: &Document) -> Metadata {
    use serde_json::Value;
    let text = |v: &Value| -> Option<String> {
        match v {
            Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            Value::Object(o) => o
                .get("name")
                .or_else(|| o.get("@id"))
                .and_then(|n| match n {
                    Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
                    _ => None,
                }),
            _ => None,
        }
    };
    let is_article = |o: &serde_json::Map<String, Value>| {
        let named = |t: &Value| t.as_str().is_some_and(|t| t.ends_with("Article"));
        match o.get("@type") {
            Some(Value::Array(types)) => types.iter().any(named),
            Some(t) => named(t),
            None => false,
        }
    };
    for script in document.select("script[type='application/ld+json']").iter() {
        let Ok(value) = serde_json::from_str::<Value>(&script.text()) else {
            continue;
        };
        let mut candidates: Vec<&Value> = match &value {
            Value::Array(items) => items.iter().collect(),
            v => vec![v],
        };
        if let Some(Value::Array(graph)) = value.get("@graph") {
            candidates.extend(graph);
        }
        let Some(article) = candidates
            .into_iter()
            .filter_map(Value::as_object)
            .find(|o| is_article(o))
        else {
            continue;
        };
        let authors: Vec<String> = match article.get("author") {
            Some(Value::Array(list)) => list.iter().filter_map(text).collect(),
            Some(one) => text(one).into_iter().collect(),
            None => Vec::new(),
        };
        let url = article
            .get("url")
            .or_else(|| article.get("mainEntityOfPage"))
            .and_then(text)
            .filter(|u| crate::model::is_web_address(u));
        return Metadata {
            title: article
                .get("headline")
                .or_else(|| article.get("name"))
                .and_then(text),
            author: (!authors.is_empty()).then(|| authors.join(", ")),
            publisher: article.get("publisher").and_then(text),
            published: article.get("datePublished").and_then(text),
            url,
        };
    }
    Metadata::default()
}

/// Whether an original's name is a web page's.
pub fn is_html(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".html") || lower.ends_with(".htm")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html><head><title>Acme news</title>
<script>var tracking = "Acme doubled capacity";</script><style>p { color: red }</style></head>
<body>
<nav><a href="/">Home</a> <a href="/markets">Markets</a> Subscribe for exclusive deals today</nav>
<div class="ad">Buy widgets now &amp; save</div>
<article><h1>Acme eyes exports</h1>
<p>Acme doubled capacity last year, the filing shows. The company&rsquo;s new line opened in
March, and executives said the plant now runs three shifts a day.</p>
<p>But the permit is still pending, and no buyer has been named. Analysts expect a decision
from the Trade Office in the third quarter, though officials declined to give a date.</p>
<p>Exports would double the market for Acme&#39;s widgets, according to the filing, which
also lists new suppliers in two countries and a second warehouse near the port.</p>
<figure><img src="x.png"><figcaption>The new line, photographed in March</figcaption></figure>
</article>
<aside>Related: Widget prices fall again</aside>
<footer>Copyright Example News</footer>
</body></html>"#;

    #[test]
    fn the_article_is_its_text_without_the_page_around_it() {
        let text = texts(PAGE)
            .ok()
            .and_then(|t| t.article)
            .expect("an article");
        assert!(text.contains("Acme doubled capacity last year"), "{text}");
        // Entities decoded; paragraphs on lines of their own.
        assert!(text.contains("The company\u{2019}s new line"), "{text}");
        assert!(text.contains("Acme's widgets"), "{text}");
        assert!(
            text.contains("pending, and no buyer has been named"),
            "{text}"
        );
        for chrome in [
            "Subscribe for exclusive deals",
            "Buy widgets now",
            "Copyright",
            "tracking",
        ] {
            assert!(!text.contains(chrome), "{chrome} in: {text}");
        }
    }

    #[test]
    fn a_page_nested_thousands_deep_is_refused_quickly() {
        let n = 50_000;
        let page = format!(
            "<html><body>{}text{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        let started = std::time::Instant::now();
        assert!(matches!(texts(&page), Err(d) if d > MAX_DEPTH));
        // A guard against a blow-up, not a benchmark.
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
    }

    #[test]
    fn nesting_counts_what_authors_close_and_skips_scripts() {
        assert_eq!(nesting("<div><section><p>a<p>b<li>c</section></div>"), 2);
        assert_eq!(nesting("<div><br><img src=x><hr/></div>"), 1);
        assert_eq!(
            nesting("<script>if (a < b) { '<div><div>' }</SCRIPT><div></div>"),
            1
        );
        assert_eq!(nesting("<!-- <div><div><div> --><div>"), 1);
        assert!(nesting(PAGE) < 20);
    }

    #[test]
    fn the_full_text_has_everything_shown_and_nothing_else() {
        let Ok(page) = texts(PAGE) else {
            panic!("the page is read")
        };
        let text = page.full;
        assert!(
            text.contains("Subscribe for exclusive deals today"),
            "{text}"
        );
        assert!(text.contains("Buy widgets now & save"), "{text}");
        assert!(
            text.contains("The new line, photographed in March"),
            "{text}"
        );
        assert!(!text.contains("var tracking"), "{text}");
        assert!(!text.contains("color: red"), "{text}");
        assert!(
            text.lines().count() > 5,
            "block elements break lines: {text}"
        );
    }

    #[test]
    fn a_page_that_describes_itself_only_in_json_ld_is_read() {
        let page = r#"<!doctype html><html><head><title>x</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
  {"@type": "WebSite", "name": "Not this"},
  {"@type": ["NewsArticle"], "headline": "Acme files for an export permit",
   "author": [{"@type": "Person", "name": "R. Reporter"}, {"@type": "Person", "name": "S. Second"}],
   "publisher": {"@type": "Organization", "name": "Delta Wire"},
   "datePublished": "2026-04-02T10:00:00Z",
   "mainEntityOfPage": {"@id": "https://delta.example/acme-permit"}}]}</script>
</head><body><article><p>Acme filed for an export permit on Thursday, the company said in a
statement, adding that it expected a decision from the Trade Office within the quarter.</p>
<p>The filing lists two buyers abroad, neither of them named, and a plant in the north.</p>
</article></body></html>"#;
        let m = metadata(page);
        assert_eq!(m.title.as_deref(), Some("Acme files for an export permit"));
        assert_eq!(m.author.as_deref(), Some("R. Reporter, S. Second"));
        assert_eq!(m.publisher.as_deref(), Some("Delta Wire"));
        assert_eq!(m.published.as_deref(), Some("2026-04-02T10:00:00Z"));
        assert_eq!(m.url.as_deref(), Some("https://delta.example/acme-permit"));
    }
}
