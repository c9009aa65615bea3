//! Editions: `briefing edition` records what readers see, never rewrites
//! an edition, and lists exactly what changed since the last one.

mod common;

use common::*;
use std::fs;

#[test]
fn a_second_edition_lists_exactly_what_changed() {
    let dir = fixture("minimal");
    let root = dir.path();
    let first = briefing(
        root,
        &["edition", "--note", "First issue.", "--date", "2026-03-15"],
    );
    assert!(first.ok(), "{}", first.stderr);
    assert!(
        first
            .stdout
            .contains("recorded edition 1 in content/editions/1.json"),
        "{}",
        first.stdout
    );
    let one = fs::read(root.join("content/editions/1.json")).unwrap();
    let record: serde_json::Value = serde_json::from_slice(&one).unwrap();
    assert_eq!(record["note"], "First issue.");
    assert_eq!(record["claims"][0]["id"], "acme-capacity-doubled");

    // Nothing changed: no edition.
    let again = briefing(root, &["edition", "--date", "2026-03-16"]);
    assert_eq!(again.code, Some(1), "{}", again.stdout);
    assert!(
        again
            .stderr
            .contains("nothing readers see has changed since edition 1"),
        "{}",
        again.stderr
    );
    assert!(!root.join("content/editions/2.json").exists());
    // Nor one dated before the last.
    let earlier = briefing(root, &["edition", "--date", "1999-01-01"]);
    assert_eq!(earlier.code, Some(1), "{}", earlier.stdout);
    assert!(
        earlier
            .stderr
            .starts_with("error: 1999-01-01 is before edition 1, issued 2026-03-15"),
        "{}",
        earlier.stderr
    );
    assert!(!root.join("content/editions/2.json").exists());

    // A status change (by a verdict), a figure that moved, a reworded
    // claim, an added claim, and an expected event that slipped.
    edit(
        root,
        "content/claims.yaml",
        "  statement: \"Acme's export permit is still pending.\"",
        "  statement: \"Acme's export permit is still pending.\"\n  verdict: likely-error\n  \
         verdict_note: \"The Trade Office granted it on 1 April.\"",
    );
    edit(root, "content/claims.yaml", "value: 2000", "value: 2400");
    edit(
        root,
        "content/claims.yaml",
        "Widget prices will fall by half.",
        "Widget prices will fall by a third.",
    );
    let claims = read(&root.join("content/claims.yaml"));
    fs::write(
        root.join("content/claims.yaml"),
        format!(
            "{claims}- id: second-plant\n  statement: \"Acme will build a second plant.\"\n  \
             topic: supply\n  verdict: unverified\n  verdict_note: \"Rumoured only.\"\n"
        ),
    )
    .unwrap();
    edit(
        root,
        "content/timeline.yaml",
        "date: 2026-Q3",
        "date: 2026-Q4",
    );
    // A claim renamed: every place that names it, and nothing else.
    let claims_before = read(&root.join("content/claims.yaml"));
    let renamed = briefing(
        root,
        &[
            "rename",
            "claim",
            "buyer-named",
            "foreign-buyer-signed",
            "--date",
            "2026-03-20",
        ],
    );
    assert!(renamed.ok(), "{}", renamed.stderr);
    assert!(
        renamed
            .stdout
            .contains("renamed claim `buyer-named` to `foreign-buyer-signed` in 6 places"),
        "{}",
        renamed.stdout
    );
    assert_eq!(
        read(&root.join("content/claims.yaml")),
        claims_before.replace("- id: buyer-named", "- id: foreign-buyer-signed")
    );
    let beta = read(&root.join("content/sources/beta.md"));
    assert!(beta.contains("  - claim: foreign-buyer-signed"), "{beta}");
    assert!(
        beta.contains("It reports a buyer [[foreign-buyer-signed]];"),
        "{beta}"
    );
    assert!(!beta.contains("buyer-named"), "{beta}");
    assert!(read(&root.join("content/sources/alpha.md"))
        .contains("note: \"Against [[foreign-buyer-signed|Beta's buyer]].\""));
    assert!(read(&root.join("content/cases/bull.md")).contains("claims: [foreign-buyer-signed]"));
    // Taken, unknown and malformed ids are refused, and change nothing.
    let before = snapshot(&root.join("content"));
    for (args, says) in [
        (
            ["claim", "foreign-buyer-signed", "widget-price-falls"],
            "there is already a claim `widget-price-falls`",
        ),
        (
            ["claim", "buyer-named", "anything"],
            "there is no claim `buyer-named`",
        ),
        (
            ["claim", "widget-price-falls", "Widget Price"],
            "`Widget Price` cannot be an id",
        ),
    ] {
        let mut all = vec!["rename"];
        all.extend(args);
        let run = briefing(root, &all);
        assert_eq!(run.code, Some(1), "{}", run.stdout);
        assert!(run.stderr.contains(says), "{}", run.stderr);
    }
    assert_eq!(snapshot(&root.join("content")), before);

    // Built before it is issued, every page says the briefing is a draft
    // since edition 1, and the front page lists the changes.
    let draft = briefing(root, &["build"]);
    assert!(draft.ok(), "{}", draft.stderr);
    let public = root.join("public");
    let front = html(&public.join("index.html"));
    assert_eq!(select(&front, ".masthead .draft-flag").len(), 1);
    assert_eq!(
        text(&select(&front, "#what-changed")[0]),
        "Changed since edition 1, not yet issued"
    );
    assert_eq!(select(&front, ".what-changed li.change").len(), 6);
    // The old address leads to the new one already.
    let old = read(&public.join("claims/buyer-named/index.html"));
    assert!(
        old.contains(
            "<meta http-equiv=\"refresh\" content=\"0; url=../../claims/foreign-buyer-signed/index.html\">"
        ),
        "{old}"
    );
    let claim = html(&public.join("claims/acme-capacity-doubled/index.html"));
    assert_eq!(select(&claim, ".masthead .draft-flag").len(), 1);

    let second = briefing(
        root,
        &["edition", "--note", "Corrections.", "--date", "2026-04-02"],
    );
    assert!(second.ok(), "{}", second.stderr);
    let listed: Vec<&str> = second
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("  - "))
        .collect();
    assert_eq!(
        listed,
        [
            "acme-capacity-doubled: Acme widget capacity 2000 widgets / day -> 2400 widgets / day",
            "export-permit-pending: single-source -> likely-error",
            "claim renamed: buyer-named is now foreign-buyer-signed",
            "widget-price-falls: reworded",
            "claim added: second-plant",
            "slipped: Permit decision due, from 2026-Q3 to 2026-Q4",
        ],
        "{}",
        second.stdout
    );
    assert!(
        second.stdout.contains("6 changes since edition 1"),
        "{}",
        second.stdout
    );
    // The first edition's file is as it was written.
    assert_eq!(fs::read(root.join("content/editions/1.json")).unwrap(), one);
    // And the project builds with its editions: no longer a draft.
    let build = briefing(root, &["build"]);
    assert!(build.ok(), "{}", build.stderr);
    assert!(
        broken_links(&public).is_empty(),
        "{:?}",
        broken_links(&public)
    );
    let front = html(&public.join("index.html"));
    assert!(select(&front, ".draft-flag").is_empty());
    assert_eq!(
        text(&select(&front, "#what-changed")[0]),
        "What changed since edition 1"
    );

    // The edition's page, the front page list the same changes: exactly
    // those made, each once.
    let page = html(&public.join("editions/2/index.html"));
    let kinds = |doc: &scraper::Html, scope: &str| -> Vec<String> {
        select(doc, &format!("{scope} li.change"))
            .iter()
            .map(|li| {
                let class = li.value().attr("class").unwrap();
                class
                    .split_whitespace()
                    .find(|c| c.starts_with("change-"))
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    let expected = [
        "change-figure-moved",
        "change-status-changed",
        "change-claim-renamed",
        "change-reworded",
        "change-claim-added",
        "change-event-slipped",
    ];
    assert_eq!(kinds(&page, "main"), expected);
    assert_eq!(kinds(&front, ".what-changed"), expected);
    let items: Vec<String> = select(&page, "main li.change").iter().map(text).collect();
    assert!(
        items[0].contains("2,000 widgets / day, now 2,400 widgets / day"),
        "{items:?}"
    );
    assert!(
        items[1].starts_with("Correction")
            && items[1].contains("Status changed from Single source to Likely error")
            && items[1].contains("The Trade Office granted it on 1 April."),
        "{items:?}"
    );
    let diff: Vec<String> = select(&page, ".change-reworded del, .change-reworded ins")
        .iter()
        .map(text)
        .collect();
    assert_eq!(diff, ["removed: half.", "added: a third."]);
    assert!(
        items[2].contains("A foreign buyer has signed for Acme widgets.")
            && items[2].contains("Renamed: its address was buyer-named."),
        "{items:?}"
    );
    assert!(
        items[5].contains("Slipped: expected Q3 2026, now Q4 2026"),
        "{items:?}"
    );
    // The edition as issued: its claims as they stood.
    let rows = select(&page, ".claims-as-issued tbody tr");
    assert_eq!(
        rows.len(),
        5,
        "{}",
        read(&public.join("editions/2/index.html"))
    );

    // The editions list and its corrections log.
    let list = html(&public.join("editions/index.html"));
    assert_eq!(select(&list, ".edition-list > li").len(), 2);
    let log: Vec<String> = select(&list, ".corrections > li")
        .iter()
        .map(text)
        .collect();
    assert_eq!(log.len(), 1, "{log:?}");
    assert!(
        log[0].contains("Edition 2") && log[0].contains("permit"),
        "{log:?}"
    );

    // The feeds: an entry per edition, whose content is its change list.
    let atom = read(&public.join("feed.xml"));
    let doc = roxmltree::Document::parse(&atom).unwrap();
    let edition_entries: Vec<(String, String)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .filter(|e| {
            e.children().any(|c| {
                c.has_tag_name("link") && c.attribute("href").unwrap().starts_with("editions/")
            })
        })
        .map(|e| {
            let child = |name: &str| {
                e.children()
                    .find(|c| c.has_tag_name(name))
                    .and_then(|c| c.text())
                    .unwrap_or("")
                    .to_string()
            };
            (child("title"), child("content"))
        })
        .collect();
    assert_eq!(edition_entries.len(), 2, "{atom}");
    assert_eq!(edition_entries[0].0, "Edition 2: Corrections.");
    assert_eq!(edition_entries[0].1.matches("<li>").count(), 6, "{atom}");
    assert!(edition_entries[0]
        .1
        .contains("<del>half.</del><ins>a third.</ins>"));
    assert_eq!(edition_entries[1].0, "Edition 1: First issue.");
    let json: serde_json::Value = serde_json::from_str(&read(&public.join("feed.json"))).unwrap();
    let items: Vec<&serde_json::Value> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["url"].as_str().unwrap().starts_with("editions/"))
        .collect();
    assert_eq!(items.len(), 2);
    assert_eq!(
        items[0]["content_html"].as_str().unwrap(),
        edition_entries[0].1
    );
    // A maintained feed parser (feed-rs) reads both, with an entry per
    // edition, newest first.
    for file in ["feed.xml", "feed.json"] {
        let feed = feed_rs::parser::parse(fs::read(public.join(file)).unwrap().as_slice())
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let titles: Vec<String> = feed
            .entries
            .iter()
            .filter(|e| e.links.iter().any(|l| l.href.contains("editions/")))
            .map(|e| e.title.as_ref().unwrap().content.clone())
            .collect();
        assert_eq!(
            titles,
            ["Edition 2: Corrections.", "Edition 1: First issue."],
            "{file}"
        );
        let second = feed
            .entries
            .iter()
            .find(|e| e.links.iter().any(|l| l.href.contains("editions/2/")))
            .unwrap();
        assert_eq!(
            second
                .updated
                .or(second.published)
                .unwrap()
                .format("%Y-%m-%d")
                .to_string(),
            "2026-04-02",
            "{file}"
        );
    }

    // The renamed claim's old address still leads to the new one, and the
    // first edition's page links the claim at its new address.
    let old = html(&public.join("claims/buyer-named/index.html"));
    let link = select(&old, "main a")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    assert_eq!(link, "../../claims/foreign-buyer-signed/index.html");
    let first = read(&public.join("editions/1/index.html"));
    assert!(first.contains("href=\"../../claims/foreign-buyer-signed/index.html\""));
    assert!(!first.contains("claims/buyer-named/"), "{first}");

    // The corrected claim's history and its metadata.
    let permit = public.join("claims/export-permit-pending/index.html");
    let doc = html(&permit);
    let history: Vec<String> = select(&doc, ".history > li").iter().map(text).collect();
    assert_eq!(history.len(), 2, "{history:?}");
    assert!(history[0].contains("Edition 1") && history[0].contains("First published"));
    assert!(history[1].contains("Edition 2") && history[1].contains("Correction"));
    let jsonld: Vec<serde_json::Value> = select(&doc, "script[type=\"application/ld+json\"]")
        .iter()
        .map(|s| serde_json::from_str(&s.inner_html()).unwrap())
        .collect();
    let correction = &jsonld[0]["correction"][0];
    assert_eq!(correction["@type"], "CorrectionComment");
    assert_eq!(correction["datePublished"], "2026-04-02");
    assert!(correction["text"]
        .as_str()
        .unwrap()
        .contains("The Trade Office granted it on 1 April."));
}

#[test]
fn an_edition_file_edited_by_hand_is_an_error_naming_its_line() {
    let dir = fixture("minimal");
    let root = dir.path();
    let first = briefing(root, &["edition", "--date", "2026-03-15"]);
    assert!(first.ok(), "{}", first.stderr);
    edit(
        root,
        "content/editions/1.json",
        "\"claims\": [",
        "\"claims\": [,",
    );
    let build = briefing(root, &["build"]);
    assert_eq!(build.code, Some(1), "{}", build.stdout);
    assert!(
        build.stderr.contains("content/editions/1.json:"),
        "{}",
        build.stderr
    );
    assert!(
        build.stderr.contains("cannot read this edition's record"),
        "{}",
        build.stderr
    );
    // A file that is not named by a number.
    fs::write(root.join("content/editions/latest.json"), "{}").unwrap();
    let build = briefing(root, &["check"]);
    assert!(
        build
            .stderr
            .contains("an edition's file is named by its number"),
        "{}",
        build.stderr
    );
}

#[test]
fn a_renamed_source_takes_its_file_its_quotes_and_its_address_along() {
    let dir = fixture("minimal");
    let root = dir.path();
    assert!(briefing(root, &["build"]).ok());
    let lock_before = read(&root.join("content/quotes.lock"));
    assert!(lock_before.contains("\"source\": \"alpha\""));
    let run = briefing(root, &["rename", "source", "alpha", "alpha-daily"]);
    assert!(run.ok(), "{}", run.stderr);
    assert!(!root.join("content/sources/alpha.md").exists());
    assert!(root.join("content/sources/alpha-daily.md").is_file());
    let lock = read(&root.join("content/quotes.lock"));
    assert_eq!(
        lock,
        lock_before.replace("\"source\": \"alpha\"", "\"source\": \"alpha-daily\"")
    );
    // Inline references and the timeline follow.
    let beta = read(&root.join("content/sources/beta.md"));
    assert!(beta.contains("[[source:alpha-daily|Alpha]]"), "{beta}");
    let moves: serde_json::Value =
        serde_json::from_str(&read(&root.join("content/editions/moved.json"))).unwrap();
    assert_eq!(moves[0]["kind"], "source");
    assert_eq!(
        (&moves[0]["from"], &moves[0]["to"]),
        (&"alpha".into(), &"alpha-daily".into())
    );

    let build = briefing(root, &["build", "--require-verified"]);
    assert!(build.ok(), "{}", build.stderr);
    let public = root.join("public");
    assert!(
        broken_links(&public).is_empty(),
        "{:?}",
        broken_links(&public)
    );
    let old = html(&public.join("sources/alpha/index.html"));
    let link = select(&old, "main a")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    assert_eq!(link, "../../sources/alpha-daily/index.html");
    // A second rename of the same source: the first address follows it.
    assert!(briefing(root, &["rename", "source", "alpha-daily", "alpha-news"]).ok());
    assert!(briefing(root, &["build"]).ok());
    for old in ["alpha", "alpha-daily"] {
        let page = html(&public.join(format!("sources/{old}/index.html")));
        let link = select(&page, "main a")[0]
            .value()
            .attr("href")
            .unwrap()
            .to_string();
        assert_eq!(link, "../../sources/alpha-news/index.html", "{old}");
    }
}

#[test]
fn a_withdrawn_claim_keeps_a_page_naming_the_edition_that_withdrew_it() {
    let dir = fixture("minimal");
    let root = dir.path();
    assert!(briefing(root, &["edition", "--date", "2026-03-15"]).ok());
    // The claim goes, and the case point that cited it no longer does.
    let claims = read(&root.join("content/claims.yaml"));
    let cut = claims.find("- id: widget-price-falls").unwrap();
    fs::write(root.join("content/claims.yaml"), &claims[..cut]).unwrap();
    edit(
        root,
        "content/cases/bear.md",
        "claims: [export-permit-pending, widget-price-falls]",
        "claims: [export-permit-pending]",
    );
    // Before the next edition: withdrawn, not yet recorded.
    assert!(briefing(root, &["build"]).ok());
    let page = root.join("public/claims/widget-price-falls/index.html");
    let doc = html(&page);
    assert_eq!(
        text(&select(&doc, "h1")[0]),
        "Withdrawn: Widget prices will fall by half."
    );
    assert!(read(&page).contains("the next edition will record it"));
    let second = briefing(root, &["edition", "--date", "2026-04-01"]);
    assert!(second.ok(), "{}", second.stderr);
    assert!(second
        .stdout
        .contains("claim withdrawn: widget-price-falls"));
    assert!(briefing(root, &["build"]).ok());
    let doc = html(&page);
    let said = text(&select(&doc, "main")[0]);
    assert!(said.contains("Withdrawn in Edition 2."), "{said}");
    let link = select(&doc, "main a")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    assert_eq!(link, "../../editions/2/index.html");
    // The edition that withdrew it says so, and no longer links the claim.
    let edition = html(&root.join("public/editions/2/index.html"));
    let items: Vec<String> = select(&edition, "li.change-claim-removed")
        .iter()
        .map(text)
        .collect();
    assert_eq!(items, ["Widget prices will fall by half. Withdrawn."]);
    assert!(broken_links(&root.join("public")).is_empty());
}

/// The files `edition` and `rename` write are checked when read: a rename
/// that could not have been made, or an edition under another name, is an
/// error, not left out without a word.
#[test]
fn hand_made_edition_files_are_refused() {
    let dir = fixture("minimal");
    let root = dir.path();
    fs::create_dir_all(root.join("content/editions")).unwrap();
    fs::write(
        root.join("content/editions/moved.json"),
        r#"[
  {"kind": "claim", "from": "../../../../tmp/pwn", "to": "acme-capacity-doubled"},
  {"kind": "source", "from": "alpha", "to": "alpha"},
  {"kind": "event", "from": "a", "to": "b"}
]
"#,
    )
    .unwrap();
    let run = briefing(root, &["check"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    for problem in [
        "rename 1 of the list: `../../../../tmp/pwn` is not a claim id",
        "rename 2 of the list: `alpha` is renamed to itself",
        "rename 3 of the list: `event` is not a kind of record renamed",
    ] {
        assert!(run.stderr.contains(problem), "{problem}: {}", run.stderr);
    }
    assert!(
        run.stderr.contains("content/editions/moved.json:2:"),
        "{}",
        run.stderr
    );

    fs::remove_file(root.join("content/editions/moved.json")).unwrap();
    assert!(briefing(root, &["edition", "--date", "2026-03-15"]).ok());
    fs::copy(
        root.join("content/editions/1.json"),
        root.join("content/editions/01.json"),
    )
    .unwrap();
    let run = briefing(root, &["check"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/editions/01.json: an edition's file is named by its number"),
        "{}",
        run.stderr
    );
}
