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
            "widget-price-falls: reworded",
            "claim added: second-plant",
            "slipped: Permit decision due, from 2026-Q3 to 2026-Q4",
        ],
        "{}",
        second.stdout
    );
    assert!(
        second.stdout.contains("5 changes since edition 1"),
        "{}",
        second.stdout
    );
    // The first edition's file is as it was written.
    assert_eq!(fs::read(root.join("content/editions/1.json")).unwrap(), one);
    // And the project builds with its editions.
    let build = briefing(root, &["build"]);
    assert!(build.ok(), "{}", build.stderr);
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
