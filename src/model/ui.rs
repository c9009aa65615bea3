//! The interface's words: every string the pages show that is not content
//! (section names, headings, labels, buttons, status and stance words), by
//! key, with its English default. `briefing.yaml` may replace any of them
//! (`interface:`) and set the pages' language (`language:`), so a policy
//! briefing can say "For" and "Against" and a desk can publish in another
//! language. A word may hold `{name}` placeholders, filled by the template
//! (the `fill` filter) or the build; docs/CONTENT.md lists them.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

/// Every key, with its default. The order is the order docs/CONTENT.md
/// lists them in.
pub const WORDS: &[(&str, &str)] = &[
    // Sections, in the navigation and as page titles.
    ("overview", "Overview"),
    ("timeline", "Timeline"),
    ("claims", "Claims"),
    ("bull_case", "Bull case"),
    ("bear_case", "Bear case"),
    ("sources", "Sources"),
    ("entities", "Entities"),
    ("search", "Search"),
    ("not_found", "Page not found"),
    ("pages", "Pages"),
    // Every page.
    ("skip_to_content", "Skip to content"),
    ("as_of", "As of"),
    ("sections", "Sections"),
    ("breadcrumb", "Breadcrumb"),
    ("search_the_briefing", "Search the briefing"),
    ("search_placeholder", "Search claims, sources, names"),
    ("previous", "Previous"),
    ("next", "Next"),
    ("previous_and_next", "Previous and next in {section}"),
    // Long lists, split over pages.
    ("list_page", "{list}, page {number} of {count}"),
    ("list_pages", "Pages of {list}"),
    ("rows_of", "{first}–{last} of {total}"),
    ("by", "by"),
    ("colophon", "Every claim links to the quotes behind it:"),
    // Statuses, stances, evidence.
    ("corroborated", "Corroborated"),
    ("single_source", "Single source"),
    ("contested", "Contested"),
    ("likely_error", "Likely error"),
    ("unverified", "Unverified"),
    ("unsupported", "Unsupported"),
    ("supports", "supports"),
    ("qualifies", "qualifies"),
    ("disputes", "disputes"),
    ("evidence_strength", "Evidence: {strength}"),
    ("strong", "strong"),
    ("moderate", "moderate"),
    ("weak", "weak"),
    ("very_weak", "very weak"),
    ("no_evidence", "no evidence"),
    ("evidence", "Evidence"),
    (
        "verified_on",
        "Verified against the original on {date}",
    ),
    (
        "verified_by_lock",
        "Verified against the original on {date} (recorded in quotes.lock)",
    ),
    ("unverified_no_original", "Unverified: the source names no original text"),
    (
        "unverified_unchecked",
        "Unverified: no build has checked it against the original yet",
    ),
    ("read_in_context", "Read in context"),
    ("at_publisher", "at {publisher}"),
    ("expected", "expected"),
    ("verdict", "verdict"),
    ("set_by_verdict", "set by the analyst's verdict"),
    // Citations in prose.
    ("cited_by", "Cited by"),
    ("cited_in_the_text", "Cited in the text"),
    ("in_the_text", "In the text"),
    ("as_evidence_for_a_point", "As evidence for a case point"),
    ("cited_in_passages", "Cited in {count} passages"),
    ("cited_in_one_passage", "Cited in 1 passage"),
    ("bottom_line", "Bottom line"),
    ("verdict_on", "Verdict on “{claim}”"),
    ("timeline_event", "Timeline: {event}"),
    ("digest_of", "{source} (digest)"),
    ("trust_in", "{source} (how far to trust it)"),
    ("note_in", "{source} (note on a quote)"),
    // The front page.
    ("briefing", "Briefing"),
    ("key_figures", "Key figures"),
    ("claim_and_quotes", "The claim and its quotes"),
    (
        "chart_sub",
        "In {unit}. Each bar links to its claim and the quotes behind it.",
    ),
    ("chart_data", "The data behind this chart"),
    ("download_claims", "Download every claim and figure (CSV)"),
    ("figures_in", "Figures in {unit}"),
    ("figure", "Figure"),
    ("all_figures", "All {count} figures, in the claims table"),
    ("value", "Value"),
    ("status", "Status"),
    ("case_for_and_against", "The case for and against"),
    ("evidence_at_a_glance", "The evidence at a glance"),
    (
        "glance_counts",
        "{claims} claims drawn from {sources} sources through {quotes} quotes",
    ),
    (
        "glance_unverified",
        ", of which {unverified} are not yet verified against their originals",
    ),
    ("glance_all_verified", ", every one verified against its original"),
    ("what_to_watch", "What to watch"),
    ("all_expected", "All {count} expected events, on the timeline"),
    ("explore", "Explore"),
    ("explore_timeline", "{events} events, past and expected"),
    ("explore_claims", "every claim with its status and evidence"),
    ("explore_sources", "{sources} documents, digested and annotated"),
    ("explore_entities", "{entities} companies, people and products"),
    ("and", "and"),
    ("the_data", "The data"),
    ("claims_csv", "claims (CSV)"),
    ("claims_json", "claims (JSON)"),
    ("timeline_json", "timeline (JSON)"),
    ("sources_json", "sources (JSON)"),
    // The timeline.
    (
        "timeline_intro",
        "{events} events in date order, by year and quarter. Each date is shown as precisely as it is known; events after {as_of} are expected, not yet happened, and drawn hollow.",
    ),
    ("years", "Years"),
    ("expected_events_follow", "expected events follow"),
    ("whole_year", "{year} as a whole (no finer date)"),
    ("no_events", "No events yet."),
    // The claims table.
    (
        "claims_intro",
        "{claims} claims, each with its status and the sources behind it. A claim is corroborated when two or more publishers support it, contested when any source disputes it, and single source otherwise, unless the analyst's verdict says more.",
    ),
    ("claims_by_status", "Claims by status"),
    ("all_claims_by_topic", "All claims, by topic"),
    ("filter_claims", "Filter and sort the claims"),
    ("text", "Text"),
    ("words_in_the_claim", "Words in the claim"),
    ("any_status", "Any status"),
    ("topic", "Topic"),
    ("any_topic", "Any topic"),
    ("names", "Names"),
    ("anyone", "Anyone"),
    ("source", "Source"),
    ("any_source", "Any source"),
    ("clear_filters", "Clear filters"),
    (
        "claims_caption",
        "Every claim with its topic, status, evidence counts and tracked figure",
    ),
    ("claim", "Claim"),
    ("for_count", "{count} for"),
    ("qualify_count", "{count} qualify"),
    ("against_count", "{count} against"),
    ("all_claims_shown", "All {count} claims"),
    ("some_claims_shown", "{shown} of {count} claims"),
    // A claim's page.
    ("analysts_verdict", "analyst's verdict"),
    ("evidence_alone_reads", "the evidence alone reads"),
    (
        "evidence_counts",
        "{supports} supporting, {qualifies} qualifying and {disputes} disputing quotes from {sources}.",
    ),
    ("one_source", "1 source"),
    ("n_sources", "{count} sources"),
    ("supports_heading", "Supports"),
    ("qualifies_heading", "Qualifies"),
    ("disputes_heading", "Disputes"),
    // The cases.
    ("the_case_for", "The case for"),
    ("the_case_against", "The case against"),
    ("rests_on", "Rests on"),
    ("read_the_other_side", "Read the other side:"),
    // Sources.
    (
        "sources_intro",
        "{sources} documents, each with our digest and the passages the briefing relies on.",
    ),
    (
        "sources_caption",
        "Every source with its publisher, date, kind and annotations",
    ),
    ("title", "Title"),
    ("publisher", "Publisher"),
    ("published", "Published"),
    ("kind", "Kind"),
    ("quotes", "Quotes"),
    ("unknown", "unknown"),
    ("count_unverified", "{count} unverified"),
    ("author", "Author"),
    ("not_given", "not given"),
    ("relies_on", "Relies on"),
    ("original", "Original"),
    ("archived_copy", "Archived copy"),
    ("how_far_to_trust_it", "How far to trust it"),
    ("our_digest", "Our digest"),
    ("annotated_passages", "Annotated passages"),
    ("in_document_order", "In the order they appear in the document"),
    (
        "partly_in_document_order",
        "In the order they appear in the document; the {count} not yet found in the original come last, in the analyst's order",
    ),
    (
        "in_analysts_order",
        "In the analyst's order: where they stand in the original is not known",
    ),
    ("not_yet_verified", "{count} not yet verified against the original"),
    ("names_in_this_source", "Names in this source"),
    ("events_it_reports", "Events it reports"),
    ("source_label", "Source"),
    // Kinds of source and of entity.
    ("kind_news", "news"),
    ("kind_analysis", "analysis"),
    ("kind_opinion", "opinion"),
    ("kind_newsletter", "newsletter"),
    ("kind_primary", "primary"),
    ("kind_company", "company"),
    ("kind_person", "person"),
    ("kind_product", "product"),
    ("kind_place", "place"),
    ("kind_other", "other"),
    // Entities.
    (
        "entities_intro",
        "The companies, people and products the briefing names, with the claims, sources and events about each.",
    ),
    (
        "entities_caption",
        "Every entity with its kind and how often the evidence names it",
    ),
    ("name", "Name"),
    ("events", "Events"),
    ("also_written", "Also written:"),
    ("claims_about", "Claims about {entity}"),
    ("no_claim_names", "No claim names {entity}."),
    ("sources_that_name_it", "Sources that name it"),
    ("no_source_names", "No source names {entity}."),
    // Search.
    (
        "search_intro",
        "Find claims, sources, names, events and case points. The search runs in your browser on an index built with the site, so it works offline.",
    ),
    (
        "search_needs_javascript",
        "Search needs JavaScript. Without it, these pages list everything:",
    ),
    ("nothing_matches", "Nothing matches “{query}”."),
    ("one_result", "1 result"),
    ("results", "{count} results"),
    ("case_point", "Case point"),
    ("event", "Event"),
    ("page", "Page"),
    // Editions.
    ("editions", "Editions"),
    ("edition_n", "Edition {number}"),
    ("draft_since", "Draft: changed since edition {number}"),
    ("issued_on", "Issued {date}"),
    ("edition_as_of", "Evidence as of {date}"),
    ("editions_intro", "Each edition records what the briefing said when it was issued; its page lists what changed since the one before."),
    ("what_changed_since", "What changed since edition {number}"),
    ("changed_since_draft", "Changed since edition {number}, not yet issued"),
    ("first_edition", "The first edition: nothing before it to compare."),
    ("no_change", "Nothing readers see changed."),
    ("change_count", "{count} changes"),
    ("one_change", "1 change"),
    ("bottom_line_as_issued", "Bottom line as issued"),
    ("claims_as_issued", "Claims as they stood"),
    ("withdrawn", "withdrawn"),
    ("correction", "Correction"),
    ("corrections", "Corrections"),
    ("corrections_intro", "A correction is a claim found to be a likely error, or one whose verdict the analyst changed. Each is dated by the edition that made it."),
    ("no_corrections", "No corrections so far."),
    ("history", "History"),
    ("history_first", "First published."),
    ("not_yet_issued", "Not yet issued"),
    ("change_claim_added", "New claim."),
    ("change_claim_withdrawn", "Withdrawn."),
    ("change_claim_renamed", "Renamed: its address was {from}."),
    ("change_status", "Status changed from {from} to {to}."),
    ("change_verdict", "Verdict revised."),
    ("change_verdict_note", "Verdict note rewritten."),
    ("change_reworded", "Reworded:"),
    ("change_figure", "{metric}: {from}, now {to}."),
    ("change_stance", "{source} now {to} it (was: {from})."),
    ("change_event_added", "Added to the timeline ({date})."),
    ("change_event_added_expected", "Added to the timeline, expected {date}."),
    ("change_event_removed", "Removed from the timeline."),
    ("change_event_happened", "Happened ({date})."),
    ("change_event_slipped", "Slipped: expected {from}, now {to}."),
    ("change_event_overdue", "Expected {date}; it has not happened."),
    ("change_event_redated", "Date corrected from {from} to {to}."),
    ("change_event_retitled", "Retitled; it was: {from}."),
    ("change_point_retitled", "Retitled; it was: {from}."),
    ("change_source_added", "Source added."),
    ("change_source_removed", "Source removed."),
    ("change_as_of", "The evidence is now checked to {to} (was {from})."),
    ("change_bottom_line", "Rewritten:"),
    ("diff_removed", "removed:"),
    ("diff_added", "added:"),
    ("change_point_added", "Point added to the {case}."),
    ("change_point_dropped", "Point dropped from the {case}."),
    ("moved_title", "Moved: {name}"),
    ("withdrawn_title", "Withdrawn: {name}"),
    ("moved_intro", "This page has a new address:"),
    ("withdrawn_in_edition", "Withdrawn in {edition}."),
    ("withdrawn_not_issued", "Withdrawn since the latest edition; the next edition will record it."),
    ("see_editions", "What changed, edition by edition:"),
    // Citing the briefing.
    ("cite_this", "Cite this"),
    ("cite_this_briefing", "Cite this briefing"),
    ("cite_the_original", "Cite the original article"),
    ("cite_in", "In"),
    ("copy", "Copy"),
    ("copied", "Copied"),
    // The print edition.
    ("print_edition", "The whole briefing, for print"),
    ("contents", "Contents"),
    (
        "explore_print",
        "the front page, timeline, claims, cases and sources on one page, to print or save as PDF",
    ),
    ("claims_in_full", "The claims and their evidence"),
    // The page at no address.
    (
        "not_found_intro",
        "There is no page at this address. It may have been renamed when the briefing was updated.",
    ),
    ("not_found_start", "Start from one of these:"),
];

/// The interface a briefing is published with: its language and words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interface {
    /// The pages' language, a BCP 47 tag (`en`, `de`, `pt-BR`).
    pub lang: String,
    /// One word per key of [`WORDS`], in its order.
    words: Vec<String>,
}

impl Default for Interface {
    fn default() -> Interface {
        Interface {
            lang: "en".into(),
            words: WORDS.iter().map(|(_, w)| w.to_string()).collect(),
        }
    }
}

impl Interface {
    /// The word for `key`: a key of [`WORDS`], which the build's own code
    /// names (an unknown key is a bug, shown as the key itself).
    pub fn word(&self, key: &'static str) -> &str {
        match position(key) {
            Some(i) => &self.words[i],
            None => {
                debug_assert!(false, "no interface word `{key}`");
                key
            }
        }
    }

    /// The word for `key` with each `{name}` replaced by its value.
    pub fn fill(&self, key: &'static str, values: &[(&str, &str)]) -> String {
        fill(self.word(key), values)
    }

    /// The same interface with each word passed through `f`.
    pub fn map_words(&self, f: impl Fn(&str) -> String) -> Interface {
        Interface {
            lang: self.lang.clone(),
            words: self.words.iter().map(|w| f(w)).collect(),
        }
    }

    /// Sets the word for `key`; false when there is no such key.
    pub fn set(&mut self, key: &str, word: String) -> bool {
        match position(key) {
            Some(i) => {
                self.words[i] = word;
                true
            }
            None => false,
        }
    }
}

/// Where `key` is in [`WORDS`]: a word is looked up for every quote and
/// status a large briefing shows.
fn position(key: &str) -> Option<usize> {
    static INDEX: std::sync::LazyLock<std::collections::HashMap<&'static str, usize>> =
        std::sync::LazyLock::new(|| {
            WORDS
                .iter()
                .enumerate()
                .map(|(i, (k, _))| (*k, i))
                .collect()
        });
    INDEX.get(key).copied()
}

/// `text` with each `{name}` replaced by its value.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Whether `text` is a plausible language tag: letters, digits and
/// hyphens, starting with two or three letters.
pub fn is_language_tag(text: &str) -> bool {
    let primary = text.split('-').next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && text.len() <= 35
        && text
            .split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The words as a map from key to word, for the templates' `ui`.
impl Serialize for Interface {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(WORDS.len()))?;
        for ((key, _), word) in WORDS.iter().zip(&self.words) {
            map.serialize_entry(key, word)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_words_default_to_english() {
        let mut keys: Vec<&str> = WORDS.iter().map(|(k, _)| *k).collect();
        keys.sort_unstable();
        let before = keys.len();
        keys.dedup();
        assert_eq!(before, keys.len(), "a key is listed twice");
        let ui = Interface::default();
        assert_eq!(ui.word("bull_case"), "Bull case");
        assert_eq!(ui.lang, "en");
    }

    #[test]
    fn words_are_set_and_filled() {
        let mut ui = Interface::default();
        assert!(ui.set("bull_case", "For".into()));
        assert!(!ui.set("no_such_key", "x".into()));
        assert_eq!(ui.word("bull_case"), "For");
        assert_eq!(
            ui.fill("claims_about", &[("entity", "Amazon")]),
            "Claims about Amazon"
        );
    }

    #[test]
    fn docs_list_every_key() {
        let docs = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/CONTENT.md"),
        )
        .unwrap();
        for (key, _) in WORDS {
            assert!(
                docs.contains(&format!("| `{key}` |")),
                "docs/CONTENT.md does not list the interface word `{key}`"
            );
        }
    }

    #[test]
    fn language_tags() {
        for good in ["en", "de", "pt-BR", "zh-Hant-TW", "fil"] {
            assert!(is_language_tag(good), "{good}");
        }
        for bad in ["", "e", "english", "en_GB", "en-", "<x>", "1a"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }
}
