//! schema.org metadata for search engines and fact-check aggregators:
//! `ClaimReview` on the page of a claim that carries the analyst's verdict,
//! `NewsArticle`-style metadata on source pages.
//!
//! The JSON goes inside a `<script type="application/ld+json">` element, so
//! `<`, `>` and `&` are written as Unicode escapes: no text from content
//! can close the element.

use super::context::SourceRow;
use super::editions::CorrectionView;
use crate::model::{Briefing, Claim, SitePath};
use serde_json::{json, Value};

fn script_safe(value: &Value) -> String {
    super::script_safe(&serde_json::to_string(value).unwrap_or_default())
}

fn absolute(briefing: &Briefing, path: &SitePath) -> Option<String> {
    briefing.base_url.as_ref().map(|b| b.page(path))
}

fn authors(briefing: &Briefing) -> Value {
    let name = if briefing.authors.is_empty() {
        briefing.title.clone()
    } else {
        briefing.authors.join(", ")
    };
    json!({ "@type": "Organization", "name": name })
}

/// A `ClaimReview` for a claim with a verdict, with the corrections the
/// editions made to it as `CorrectionComment`s; for a claim without a
/// verdict (a review is the analyst's judgement, not a derived status),
/// a `WebPage` carrying its corrections when it has any, else `None`.
pub fn claim_review(
    briefing: &Briefing,
    claim: &Claim,
    status_label: &str,
    path: &SitePath,
    corrections: &[CorrectionView],
) -> Option<String> {
    let mut review = if claim.verdict.is_some() {
        json!({
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "claimReviewed": claim.statement,
            "author": authors(briefing),
            "datePublished": briefing.as_of.iso(),
            "reviewRating": { "@type": "Rating", "alternateName": status_label },
        })
    } else if !corrections.is_empty() {
        json!({
            "@context": "https://schema.org",
            "@type": "WebPage",
            "name": claim.statement,
            "author": authors(briefing),
        })
    } else {
        return None;
    };
    if let Some(url) = absolute(briefing, path) {
        review["url"] = Value::String(url);
    }
    if !corrections.is_empty() {
        review["correction"] = corrections
            .iter()
            .map(|c| {
                let mut text = c.text.clone();
                if let Some(note) = &c.note_text {
                    text = format!("{text} {note}");
                }
                let mut comment = json!({ "@type": "CorrectionComment", "text": text });
                if let Some(date) = &c.date {
                    comment["datePublished"] = Value::String(date.iso.clone());
                }
                if let Some(url) = absolute(briefing, &c.path) {
                    comment["url"] = Value::String(url);
                }
                comment
            })
            .collect();
    }
    Some(script_safe(&review))
}

/// Article metadata for a source page: what the source is, not our digest.
pub fn source_article(briefing: &Briefing, source: &SourceRow, url: Option<&str>) -> String {
    let mut article = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": source.title,
        "publisher": { "@type": "Organization", "name": source.publisher },
    });
    if let Some(author) = &source.author {
        article["author"] = json!({ "@type": "Person", "name": author });
    }
    if let Some(date) = &source.published {
        article["datePublished"] = Value::String(date.iso.clone());
    }
    if let Some(url) = url {
        article["url"] = Value::String(url.to_string());
    }
    if let Some(ours) = absolute(briefing, &source.path) {
        article["mainEntityOfPage"] = Value::String(ours);
    }
    script_safe(&article)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_safe_json_cannot_close_its_element() {
        let text = script_safe(&json!({ "t": "</script><script>alert(1)</script> & more" }));
        assert!(
            !text.contains('<') && !text.contains('>') && !text.contains('&'),
            "{text}"
        );
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["t"], "</script><script>alert(1)</script> & more");
    }
}
