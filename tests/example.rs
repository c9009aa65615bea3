//! The shipped example briefing: it builds, every quote is verified, it
//! meets the brief's minimums, and its prose is ours.

mod common;

use briefing::diagnostics::{Diagnostics, Files};
use briefing::link::{self, Status};
use briefing::load::{self, LoadOptions};
use briefing::model::{Date, Side};
use common::*;
use std::collections::{BTreeSet, HashSet};
use std::fs;

fn linked() -> link::Graph {
    let mut files = Files::default();
    let mut diags = Diagnostics::default();
    let options = LoadOptions { originals: seeds() };
    let content = load::load(&repo(), &options, &mut files, &mut diags, &briefing::Silent);
    let graph = content.and_then(|c| {
        link::link(
            c,
            Date::parse("2026-11-23").unwrap(),
            &mut link::LinkCache::default(),
            &mut diags,
        )
        .ok()
    });
    assert!(!diags.has_errors(), "{}", diags.render(&files));
    graph.unwrap()
}

#[test]
fn builds_with_every_quote_verified_and_every_link_working() {
    let dir = example();
    let mut args = vec!["build", "--require-verified"];
    let seeds = seeds().map(|s| s.to_string_lossy().into_owned());
    if let Some(s) = &seeds {
        // With the originals: every quote is checked now.
        args.extend(["--originals", s.as_str()]);
    }
    // Without them, quotes.lock must vouch for every quote.
    let run = briefing(dir.path(), &args);
    assert!(run.ok(), "{}", run.stderr);
    assert!(run.stdout.contains(" 0 unverified"), "{}", run.stdout);
    assert!(
        run.stderr.is_empty(),
        "warnings in the example:\n{}",
        run.stderr
    );
    assert!(
        !run.stdout.contains("quotes.lock updated"),
        "the committed quotes.lock is stale: build with --originals ../shared/seeds and commit it"
    );
    assert_eq!(
        broken_links(&dir.path().join("public")),
        Vec::<String>::new()
    );
}

/// Every claim and source page carries well-formed Highwire `citation_*`
/// tags describing it as part of the briefing, and a "Cite this" block.
#[test]
fn claim_and_source_pages_carry_citation_tags() {
    let dir = example();
    let run = briefing(dir.path(), &["build"]);
    assert!(run.ok(), "{}", run.stderr);
    let public = dir.path().join("public");
    let edition = fs::read_dir(dir.path().join("content/editions"))
        .unwrap()
        .count();
    assert!(edition >= 1);
    let mut pages = 0;
    for kind in ["claims", "sources"] {
        for entry in fs::read_dir(public.join(kind)).unwrap() {
            let page = entry.unwrap().path().join("index.html");
            if !page.exists() {
                continue;
            }
            pages += 1;
            let doc = html(&page);
            let meta = |name: &str| -> Vec<String> {
                select(&doc, &format!("meta[name='{name}']"))
                    .iter()
                    .map(|m| m.value().attr("content").unwrap().to_string())
                    .collect()
            };
            let h1 = text(&select(&doc, "h1")[0]);
            assert_eq!(meta("citation_title"), [h1.as_str()], "{}", page.display());
            assert_eq!(
                meta("citation_inbook_title"),
                ["Trainium goes merchant?"],
                "{}",
                page.display()
            );
            assert!(!meta("citation_author").is_empty(), "{}", page.display());
            let date = meta("citation_publication_date");
            assert_eq!(date.len(), 1);
            let parts: Vec<&str> = date[0].split('/').collect();
            assert!(
                parts.len() == 3
                    && parts[0].len() == 4
                    && parts[1..].iter().all(|p| p.len() == 2)
                    && parts.iter().all(|p| p.parse::<u32>().is_ok()),
                "{}: {date:?}",
                page.display()
            );
            assert_eq!(meta("citation_language"), ["en"]);
            let cite = text(&select(&doc, ".cite-this .cite-text")[0]);
            if kind == "claims" {
                assert!(cite.contains(&format!("“{h1}”")), "{cite}");
                assert!(cite.contains(&format!("Edition {edition}")), "{cite}");
            } else {
                assert!(cite.contains(&format!("“{h1}.”")), "{cite}");
            }
        }
    }
    assert!(pages > 50, "{pages} pages");
}

#[test]
fn the_lock_alone_verifies_every_quote() {
    let dir = example();
    // A clone without the originals: whatever folder briefing.yaml names
    // is not there.
    let path = dir.path().join("content/briefing.yaml");
    let text: String = read(&path)
        .lines()
        .filter(|l| !l.starts_with("originals:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&path, text).unwrap();
    let run = briefing(dir.path(), &["build", "--require-verified"]);
    assert!(run.ok(), "{}", run.stderr);
    assert!(
        run.stdout.contains("0 verified against originals"),
        "{}",
        run.stdout
    );
}

#[test]
fn meets_the_briefs_minimums() {
    let g = linked();
    let c = &g.content;
    assert!(c.claims.len() >= 35, "{} claims", c.claims.len());
    let disputed = c
        .claims
        .iter()
        .zip(&g.claims)
        .filter(|(claim, links)| claim.verdict.is_some() || links.status == Status::Contested)
        .count();
    assert!(disputed >= 5, "{disputed} contested or verdict claims");
    for (claim, links) in c.claims.iter().zip(&g.claims) {
        assert!(
            !links.sources.is_empty() || claim.verdict_note.is_some(),
            "{} has neither a source nor a verdict",
            claim.id.value
        );
    }
    assert_eq!(c.sources.len(), 5);
    for s in &c.sources {
        assert!(
            s.annotations.len() >= 6,
            "{} has {} annotations",
            s.id,
            s.annotations.len()
        );
        assert!(s.original.is_some(), "{} names no original", s.id);
    }
    for side in [Side::Bull, Side::Bear] {
        let (case, cited) = g.case(side);
        assert!(
            case.points.len() >= 6,
            "{} case has {} points",
            side.as_str(),
            case.points.len()
        );
        assert!(cited.iter().all(|claims| !claims.is_empty()));
    }
    assert!(c.claims.iter().filter(|c| c.figure.is_some()).count() >= 4);
    assert!(c.events.iter().any(|e| e.expected), "no expected event");
    let as_of = c.briefing.as_of;
    assert!(c
        .events
        .iter()
        .filter(|e| !e.expected)
        .all(|e| !e.date.is_after(&as_of)));
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn grams(words: &[String], n: usize) -> HashSet<Vec<String>> {
    words.windows(n).map(<[String]>::to_vec).collect()
}

/// No run of 12 words of a seed appears in content/ except inside a quote
/// (or a source's title, which is the document's own name, cited as such).
#[test]
fn no_seed_sentence_outside_quotes() {
    let Some(seeds) = seeds() else {
        eprintln!("../shared/seeds is not beside the repository: nothing to compare against");
        return;
    };
    const N: usize = 12;
    let mut seed_grams = HashSet::new();
    for entry in std::fs::read_dir(&seeds).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            seed_grams.extend(grams(&words(&read(&path)), N));
        }
    }
    assert!(seed_grams.len() > 1000, "the seeds were not read");
    let g = linked();
    let mut allowed = HashSet::new();
    for s in &g.content.sources {
        allowed.extend(grams(&words(&s.title), N));
        for a in &s.annotations {
            allowed.extend(grams(&words(&a.quote.value), N));
        }
    }
    let mut found = BTreeSet::new();
    for entry in walkdir::WalkDir::new(repo().join("content")) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() || entry.file_name() == "quotes.lock" {
            continue;
        }
        for gram in grams(&words(&read(entry.path())), N) {
            if seed_grams.contains(&gram) && !allowed.contains(&gram) {
                found.insert(format!("{}: {}", entry.path().display(), gram.join(" ")));
            }
        }
    }
    assert!(
        found.is_empty(),
        "seed text outside quotes:\n{}",
        found.into_iter().collect::<Vec<_>>().join("\n")
    );
}

/// Prose that names a claim cites it as a reference, never by its id in
/// a code span, which readers see as a bare code: in every Markdown field
/// and every free page.
#[test]
fn no_claim_id_in_prose_as_a_code_span() {
    let g = linked();
    let ids: HashSet<&str> = g
        .content
        .claims
        .iter()
        .map(|c| c.id.value.as_str())
        .collect();
    let mut found = Vec::new();
    let mut prose: Vec<&str> = link::all_places(&g.content)
        .into_iter()
        .map(|(_, m)| m.as_str())
        .collect();
    // All prose, whether it cites anything or not.
    prose.push(g.content.briefing.bottom_line.as_str());
    prose.extend(g.content.pages.iter().map(|p| p.body.as_str()));
    prose.extend(g.content.sources.iter().map(|s| s.digest.as_str()));
    prose.extend(
        g.content
            .claims
            .iter()
            .filter_map(|c| c.verdict_note.as_ref().map(|n| n.as_str())),
    );
    for case in [&g.content.bull, &g.content.bear] {
        prose.push(case.intro.as_str());
        prose.extend(case.points.iter().map(|p| p.argument.as_str()));
    }
    for text in prose {
        for event in pulldown_cmark::Parser::new(text) {
            if let pulldown_cmark::Event::Code(code) = event {
                if ids.contains(code.as_ref()) {
                    found.push(code.to_string());
                }
            }
        }
    }
    assert!(found.is_empty(), "claim ids in code spans: {found:?}");
}

#[test]
fn its_prose_cites_its_claims_and_each_claim_page_lists_the_passages() {
    let g = linked();
    let c = &g.content;
    assert!(
        c.briefing.bottom_line.refs().len() >= 5,
        "the bottom line cites few claims"
    );
    // Every case argument cites, inline, each claim its point rests on.
    for side in [Side::Bull, Side::Bear] {
        let (case, _) = g.case(side);
        for p in &case.points {
            let cited: BTreeSet<&str> = p.argument.refs().iter().map(|r| r.target.id()).collect();
            for claim in &p.claims {
                assert!(
                    cited.contains(claim.value.as_str()),
                    "{} point `{}` rests on `{}` but its argument does not cite it",
                    side.as_str(),
                    p.title,
                    claim.value
                );
            }
        }
    }
    // The free pages cite with references, not bare ids in code.
    for page in &c.pages {
        assert!(!page.body.refs().is_empty(), "{} cites nothing", page.id);
        for claim in &c.claims {
            assert!(
                !page
                    .body
                    .as_str()
                    .contains(&format!("`{}`", claim.id.value)),
                "{} names `{}` in code rather than citing it",
                page.id,
                claim.id.value
            );
        }
    }

    // The site: each claim page links to every passage citing the claim
    // (the link test follows every link and anchor).
    let dir = example();
    let run = briefing(dir.path(), &["build"]);
    assert!(run.ok(), "{}", run.stderr);
    let public = dir.path().join("public");
    let mut listed = 0;
    for (claim, links) in c.claims.iter().zip(&g.claims) {
        let page = read(&public.join(format!("claims/{}/index.html", claim.id.value)));
        for citation in &links.cited_in {
            let anchor = format!("#{}\"", citation.anchor(c));
            assert!(
                page.contains(&anchor),
                "claims/{} does not list the passage {anchor}",
                claim.id.value
            );
            listed += 1;
        }
    }
    assert!(listed >= 100, "only {listed} citing passages listed");
    assert_eq!(broken_links(&public), Vec::<String>::new());
}

/// The numbers of a summary line: pages, sources, claims, and quotes in
/// all (verified now, by the lock, unverified).
fn summary_numbers(line: &str) -> Option<[usize; 4]> {
    let after = |key: &str| -> Option<usize> {
        let at = line.find(key)?;
        line[..at]
            .split_whitespace()
            .last()?
            .trim_start_matches("quotes:")
            .parse()
            .ok()
    };
    let pages = after(" pages from")?;
    let sources = after(" sources,")?;
    let claims = after(" claims in")?;
    let quotes = after(" verified against")? + after(" by quotes.lock")? + after(" unverified")?;
    Some([pages, sources, claims, quotes])
}

#[test]
fn the_docs_quote_the_examples_real_summary() {
    let dir = example();
    let run = briefing(dir.path(), &["build"]);
    assert!(run.ok(), "{}", run.stderr);
    let real = summary_numbers(&run.stdout).expect("a summary line");
    for doc in ["README.md", "docs/CONTENT.md"] {
        let text = read(&repo().join(doc)).replace("\n  ", " ");
        let line = text
            .lines()
            .find(|l| l.contains("built ") && l.contains(" pages from "))
            .unwrap_or_else(|| panic!("{doc} shows no summary line"));
        assert_eq!(
            summary_numbers(line),
            Some(real),
            "{doc}'s example summary is stale: {line}\nthe build says: {}",
            run.stdout
        );
    }
}
