//! The linker's rules, one at a time, on the small test briefing
//! (`tests/fixtures/minimal`) with one change each: how a status is
//! derived, the back-links, entity mentions and quote checks.

use super::*;
use crate::diagnostics::Files;
use crate::load::{load, LoadOptions};
use std::path::Path;

/// The test briefing, copied, changed by `change`, loaded and linked as of
/// its own date. Returns the graph (or the problems, rendered) and the
/// warnings.
fn linked(change: impl FnOnce(&Path)) -> Result<Graph, String> {
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
    copy(&fixture, dir.path());
    change(dir.path());
    let mut files = Files::default();
    let mut diags = Diagnostics::default();
    let content = load(
        dir.path(),
        &LoadOptions::default(),
        &mut files,
        &mut diags,
        &crate::Silent,
    )
    .ok_or_else(|| diags.render(&files))?;
    let today = Date::parse("2026-03-15").unwrap();
    link(content, today, &mut LinkCache::default(), &mut diags).map_err(|_| diags.render(&files))
}

fn copy(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Replaces the first `from` in a file of the copied briefing.
fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "`{from}` not in {rel}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn claim<'g>(graph: &'g Graph, id: &str) -> (ClaimIx, &'g ClaimLinks) {
    let ci = graph
        .content
        .claims
        .iter()
        .position(|c| c.id.value.as_str() == id)
        .map(ClaimIx::new)
        .unwrap_or_else(|| panic!("no claim {id}"));
    (ci, &graph.claims[ci])
}

fn source_ix(graph: &Graph, id: &str) -> SourceIx {
    graph
        .content
        .sources
        .iter()
        .position(|s| s.id.as_str() == id)
        .map(SourceIx::new)
        .unwrap_or_else(|| panic!("no source {id}"))
}

fn entity_ix(graph: &Graph, id: &str) -> EntityIx {
    graph
        .content
        .entities
        .iter()
        .position(|e| e.id.value.as_str() == id)
        .map(EntityIx::new)
        .unwrap_or_else(|| panic!("no entity {id}"))
}

#[test]
fn a_status_follows_from_the_evidence_unless_a_verdict_overrides_it() {
    let g = linked(|_| {}).unwrap();
    // Two publishers support it.
    assert_eq!(
        claim(&g, "acme-capacity-doubled").1.status,
        Status::Corroborated
    );
    // One supports, one disputes.
    assert_eq!(claim(&g, "buyer-named").1.status, Status::Contested);
    // One publisher only.
    assert_eq!(
        claim(&g, "export-permit-pending").1.status,
        Status::SingleSource
    );
    // Nobody annotates it; its verdict speaks, and the evidence is kept.
    let (_, price) = claim(&g, "widget-price-falls");
    assert_eq!(price.status, Status::Unverified);
    assert_eq!(price.derived, Status::Unsupported);
}

#[test]
fn two_sources_of_one_publisher_are_a_single_source() {
    let g = linked(|root| {
        edit(
            root,
            "content/sources/beta.md",
            "publisher: \"Beta Weekly\"",
            "publisher: \"Alpha Daily\"",
        );
    })
    .unwrap();
    let (_, links) = claim(&g, "acme-capacity-doubled");
    assert_eq!(links.supports.len(), 2);
    assert_eq!(links.status, Status::SingleSource);
}

#[test]
fn a_qualifying_source_neither_corroborates_nor_contests() {
    let g = linked(|root| {
        edit(
            root,
            "content/sources/alpha.md",
            "    quote: \"no buyer has been named\"\n    stance: disputes",
            "    quote: \"no buyer has been named\"\n    stance: qualifies",
        );
    })
    .unwrap();
    let (_, links) = claim(&g, "buyer-named");
    assert!(links.disputes.is_empty());
    assert_eq!(links.qualifies.len(), 1);
    // Beta supports, Alpha only qualifies: one publisher's support.
    assert_eq!(links.status, Status::SingleSource);
}

#[test]
fn an_unannotated_claim_without_a_verdict_fails_the_link() {
    let err = linked(|root| {
        edit(
            root,
            "content/claims.yaml",
            "  verdict: unverified\n  verdict_note: \"No source gives a basis for this forecast.\"\n",
            "",
        );
    })
    .unwrap_err();
    assert!(
        err.contains("claim `widget-price-falls` is unsupported"),
        "{err}"
    );
}

#[test]
fn back_links_run_both_ways_in_order() {
    let g = linked(|_| {}).unwrap();
    let (alpha, beta) = (source_ix(&g, "alpha"), source_ix(&g, "beta"));
    let (ci, links) = claim(&g, "acme-capacity-doubled");
    assert_eq!(links.sources, vec![alpha, beta]);
    assert!(g.sources[alpha].claims.contains(&ci));
    assert!(g.sources[beta].claims.contains(&ci));
    // The claim's entities list it back.
    let acme = entity_ix(&g, "acme");
    assert_eq!(links.entities, vec![acme]);
    assert!(g.entities[acme].claims.contains(&ci));
    // An event that cites the claim is on the claim, and on its entity.
    let event = g
        .content
        .events
        .iter()
        .position(|e| e.title == "Acme's second line comes online")
        .map(EventIx::new)
        .unwrap();
    assert!(links.events.contains(&event));
    assert!(g.entities[acme].events.contains(&event));
    // A case point that cites it.
    assert!(links.points.contains(&(Side::Bull, 0)));
    assert_eq!(g.bull[0], vec![ci]);
    // Each annotation knows its claim.
    let (buyer, _) = claim(&g, "buyer-named");
    assert_eq!(
        g.sources[beta].annotation_claims,
        vec![Some(ci), Some(buyer)]
    );
}

/// Takes the entities off every claim: a source annotating a claim names
/// its entities, and these tests look at the text alone.
fn claims_name_no_entity(root: &Path) {
    for list in ["[acme]", "[acme]", "[acme, trade-office]"] {
        edit(
            root,
            "content/claims.yaml",
            &format!("  entities: {list}\n"),
            "",
        );
    }
}

#[test]
fn entities_are_found_by_name_and_alias_as_whole_words_only() {
    let g = linked(|root| {
        edit(
            root,
            "content/sources/beta.md",
            "Beta is upbeat and names no source for the buyer.",
            "Beta met the Trade Office, not Acmeville.",
        );
        claims_name_no_entity(root);
    })
    .unwrap();
    let beta = source_ix(&g, "beta");
    let (acme, office) = (entity_ix(&g, "acme"), entity_ix(&g, "trade-office"));
    // "Acme Corp" in a quote is Acme by its alias; "Trade Office" in the
    // digest by name; "Acmeville" is no mention of Acme.
    assert!(g.sources[beta].entities.contains(&office));
    assert!(g.sources[beta].entities.contains(&acme));
    assert!(g.entities[office].sources.contains(&beta));
    let g = linked(|root| {
        edit(
            root,
            "content/sources/beta.md",
            "capacity at Acme Corp has doubled",
            "capacity at Acmeville has doubled",
        );
        edit(
            root,
            "originals/beta.txt",
            "capacity at Acme Corp has doubled",
            "capacity at Acmeville has doubled",
        );
        claims_name_no_entity(root);
    })
    .unwrap();
    let beta = source_ix(&g, "beta");
    assert!(
        !g.sources[beta].entities.contains(&entity_ix(&g, "acme")),
        "Acmeville is not Acme"
    );
}

#[test]
fn quotes_are_checked_against_the_original_then_the_lock() {
    // With the originals: every quote found, with its line.
    let g = linked(|_| {}).unwrap();
    let beta = source_ix(&g, "beta");
    assert_eq!(g.quotes.checked_now, 5);
    assert!(matches!(
        g.sources[beta].checks[1],
        QuoteCheck::Original { line: 1, .. }
    ));
    let lock = g
        .lock_update
        .clone()
        .expect("a first verifying link writes the lock");
    assert_eq!(lock.len(), 5);

    // Without them, the lock vouches for the same quotes.
    let text = crate::quote_lock::serialize(&lock);
    let g = linked(|root| {
        std::fs::remove_dir_all(root.join("originals")).unwrap();
        std::fs::write(root.join("content/quotes.lock"), &text).unwrap();
    })
    .unwrap();
    assert_eq!(g.quotes.from_lock, 5);
    assert!(matches!(
        g.sources[beta].checks[1],
        QuoteCheck::Lock { line: 1, .. }
    ));
    assert!(g.lock_update.is_none(), "nothing new to record");

    // A quote edited since is not vouched for; a source with no original
    // is not checked at all.
    let g = linked(|root| {
        std::fs::remove_dir_all(root.join("originals")).unwrap();
        std::fs::write(root.join("content/quotes.lock"), &text).unwrap();
        edit(
            root,
            "content/sources/beta.md",
            "a buyer abroad has signed",
            "a buyer abroad signed",
        );
        edit(
            root,
            "content/sources/alpha.md",
            "original: \"alpha.txt\"\n",
            "",
        );
    })
    .unwrap();
    assert_eq!(g.sources[beta].checks[1], QuoteCheck::Unchecked);
    let alpha = source_ix(&g, "alpha");
    assert!(g.sources[alpha]
        .checks
        .iter()
        .all(|c| *c == QuoteCheck::NoOriginal));

    // With the original, a quote it lacks fails the link, naming the
    // closest passage.
    let err = linked(|root| {
        edit(
            root,
            "content/sources/beta.md",
            "a buyer abroad has signed",
            "a buyer abroad has resigned",
        );
    })
    .unwrap_err();
    assert!(
        err.contains("quote not found in the original `beta.txt`"),
        "{err}"
    );
    assert!(
        err.contains("the closest passage in the original reads"),
        "{err}"
    );
}
