//! Web pages as originals: their text as a reader sees it.
//!
//! A saved page holds much that is not the article (navigation, adverts,
//! scripts, related links). Quotes are looked for in the article, as
//! Firefox's reader view would show it (dom_smoothie, a port of its
//! Readability); a source that quotes a caption or a sidebar says
//! `original_text: full` and gets all of the page's text. Both come with
//! entities decoded and block elements as line breaks, so that lines can be
//! named in reports.

use dom_query::Document;

/// The article's text, or `None` when no article can be told apart (a
/// page of links, say).
pub fn article_text(html: &str) -> Option<String> {
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
pub fn full_text(html: &str) -> String {
    let document = Document::from(html);
    document
        .select("script, style, noscript, template")
        .remove();
    document.select("body").formatted_text().to_string()
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
        let text = article_text(PAGE).expect("an article");
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
    fn the_lock_names_the_extractors_versions_as_built() {
        let lock = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock"),
        )
        .unwrap();
        let version = |name: &str| -> String {
            let at = lock
                .find(&format!("name = \"{name}\"\nversion = \""))
                .unwrap();
            let rest = &lock[at..];
            let v = rest.split('"').nth(3).unwrap();
            v.rsplit_once('.').map_or(v, |(minor, _)| minor).to_string()
        };
        let (smoothie, query) = (version("dom_smoothie"), version("dom_query"));
        assert!(
            crate::model::ARTICLE_EXTRACTOR.ends_with(&format!("dom_smoothie {smoothie}")),
            "update ARTICLE_EXTRACTOR to dom_smoothie {smoothie}"
        );
        assert!(
            crate::model::FULL_EXTRACTOR.ends_with(&format!("dom_query {query}")),
            "update FULL_EXTRACTOR to dom_query {query}"
        );
    }

    #[test]
    fn the_full_text_has_everything_shown_and_nothing_else() {
        let text = full_text(PAGE);
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
}
