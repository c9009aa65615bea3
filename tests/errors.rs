//! Bad input: each class of error exits non-zero, names the file and line
//! with a hint, and leaves the previous site untouched.

mod common;

use common::*;
use std::path::Path;

/// Builds once to have a site, applies `break_it`, builds again, and checks
/// the failure: exit code, the `file:line:` in the report, and the old site
/// unchanged. Returns stderr for further checks.
fn fails_at(break_it: impl FnOnce(&Path) -> (String, usize)) -> String {
    let dir = fixture("minimal");
    let first = briefing(dir.path(), &["build"]);
    assert!(first.ok(), "{}", first.stderr);
    let public = dir.path().join("public");
    let before = snapshot(&public);
    let lock_before = snapshot(&dir.path().join("content"));
    let (file, line) = break_it(dir.path());
    let run = briefing(dir.path(), &["build"]);
    assert_eq!(
        run.code,
        Some(1),
        "stdout: {}\nstderr: {}",
        run.stdout,
        run.stderr
    );
    let at = format!("{file}:{line}:");
    assert!(
        run.stderr.contains(&at),
        "expected `{at}` in:\n{}",
        run.stderr
    );
    assert!(run.stderr.contains("hint:"), "no hint in:\n{}", run.stderr);
    assert!(run.stderr.contains("build failed"), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(before, snapshot(&public), "the old site changed");
    // The lock is left alone too (only the broken file differs).
    let after = snapshot(&dir.path().join("content"));
    assert_eq!(
        lock_before.get(Path::new("quotes.lock")),
        after.get(Path::new("quotes.lock"))
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    run.stderr
}

#[test]
fn malformed_yaml() {
    let err = fails_at(|root| {
        let line = edit(
            root,
            "content/claims.yaml",
            "  topic: regulation\n",
            "   topic: regulation\n",
        );
        ("content/claims.yaml".into(), line)
    });
    assert!(err.contains("error:"), "{err}");
}

#[test]
fn malformed_front_matter_yaml_points_into_the_source_file() {
    let err = fails_at(|root| {
        let line = edit(
            root,
            "content/sources/beta.md",
            "kind: analysis",
            "kind: analysis: nested",
        );
        ("content/sources/beta.md".into(), line)
    });
    assert!(err.contains("mapping values are not allowed"), "{err}");
}

#[test]
fn missing_required_field() {
    let err = fails_at(|root| {
        let line = edit(
            root,
            "content/claims.yaml",
            "  statement: \"Acme's export permit is still pending.\"\n",
            "",
        );
        // serde_yaml reports a missing field at the item that lacks it.
        ("content/claims.yaml".into(), line - 1)
    });
    assert!(err.contains("missing field `statement`"), "{err}");
}

#[test]
fn unknown_field_suggests_the_known_one() {
    let err = fails_at(|root| {
        let line = edit(root, "content/sources/alpha.md", "publisher:", "publsher:");
        ("content/sources/alpha.md".into(), line)
    });
    assert!(err.contains("unknown field `publsher`"), "{err}");
    assert!(err.contains("did you mean `publisher`?"), "{err}");
}

#[test]
fn bad_date() {
    let err = fails_at(|root| {
        let line = edit(
            root,
            "content/timeline.yaml",
            "date: 2025-Q4",
            "date: 2025-Q5",
        );
        ("content/timeline.yaml".into(), line)
    });
    assert!(err.contains("`2025-Q5` is not a date"), "{err}");
    assert!(err.contains("2026-Q2 (quarter)"), "{err}");
}

#[test]
fn bad_day_of_month() {
    let err = fails_at(|root| {
        let line = edit(
            root,
            "content/sources/alpha.md",
            "published: 2026-03-02",
            "published: 2026-02-30",
        );
        ("content/sources/alpha.md".into(), line)
    });
    assert!(err.contains("`2026-02-30` is not a date"), "{err}");
}

#[test]
fn unknown_claim_id_suggests_the_nearest() {
    let err = fails_at(|root| {
        let line = edit(
            root,
            "content/sources/alpha.md",
            "claim: export-permit-pending",
            "claim: export-permit-pendin",
        );
        ("content/sources/alpha.md".into(), line)
    });
    assert!(
        err.contains("unknown claim id `export-permit-pendin`"),
        "{err}"
    );
    assert!(
        err.contains("did you mean `export-permit-pending`?"),
        "{err}"
    );
}

#[test]
fn unknown_entity_and_source_ids() {
    let err = fails_at(|root| {
        edit(
            root,
            "content/timeline.yaml",
            "sources: [alpha]",
            "sources: [alpah]",
        );
        let line = edit(
            root,
            "content/claims.yaml",
            "entities: [acme, trade-office]",
            "entities: [acme, trade-ofice]",
        );
        ("content/claims.yaml".into(), line)
    });
    assert!(err.contains("unknown entity id `trade-ofice`"), "{err}");
    // Both problems are reported in the one run.
    assert!(err.contains("content/timeline.yaml:4:"), "{err}");
    assert!(err.contains("unknown source id `alpah`"), "{err}");
    assert!(err.contains("2 errors"), "{err}");
}

#[test]
fn duplicate_id() {
    let err = fails_at(|root| {
        let path = root.join("content/claims.yaml");
        let mut text = read(&path);
        let line = text.lines().count() + 1;
        text.push_str("- id: buyer-named\n  statement: \"Again.\"\n  verdict: unverified\n  verdict_note: \"x\"\n");
        std::fs::write(&path, text).unwrap();
        ("content/claims.yaml".into(), line)
    });
    assert!(err.contains("duplicate claim id `buyer-named`"), "{err}");
    assert!(err.contains("first defined on line 13"), "{err}");
}

#[test]
fn quote_not_found_shows_the_closest_passage() {
    let err = fails_at(|root| {
        let line = edit(
            root,
            "content/sources/alpha.md",
            "quote: \"the permit is still pending\"",
            "quote: \"the permit is now pending\"",
        );
        ("content/sources/alpha.md".into(), line)
    });
    assert!(
        err.contains("quote not found in the original `alpha.txt`"),
        "{err}"
    );
    assert!(
        err.contains("closest passage in the original reads: \"the permit is still pendi"),
        "{err}"
    );
}

#[test]
fn unsupported_claim_needs_a_verdict() {
    let err = fails_at(|root| {
        let line = edit(
            root,
            "content/claims.yaml",
            "  verdict: unverified\n  verdict_note: \"No source gives a basis for this forecast.\"\n",
            "",
        );
        ("content/claims.yaml".into(), line - 3)
    });
    assert!(
        err.contains("claim `widget-price-falls` is unsupported"),
        "{err}"
    );
}

#[test]
fn verdict_without_reasoning() {
    let err = fails_at(|root| {
        let line = edit(
            root,
            "content/claims.yaml",
            "  verdict_note: \"No source gives a basis for this forecast.\"\n",
            "",
        );
        ("content/claims.yaml".into(), line - 1)
    });
    assert!(err.contains("a verdict needs its reasoning"), "{err}");
}

#[test]
fn unknown_enum_value() {
    let err = fails_at(|root| {
        let line = edit(
            root,
            "content/sources/beta.md",
            "stance: supports",
            "stance: suports",
        );
        ("content/sources/beta.md".into(), line)
    });
    assert!(err.contains("`suports` is not a known stance"), "{err}");
    assert!(err.contains("did you mean `supports`?"), "{err}");
}

#[test]
fn bad_id_syntax() {
    let err = fails_at(|root| {
        let line = edit(
            root,
            "content/entities.yaml",
            "id: trade-office",
            "id: Trade Office",
        );
        edit(
            root,
            "content/claims.yaml",
            "[acme, trade-office]",
            "[acme]",
        );
        ("content/entities.yaml".into(), line)
    });
    assert!(err.contains("`Trade Office` is not a valid id"), "{err}");
}

#[test]
fn source_without_front_matter() {
    let err = fails_at(|root| {
        std::fs::write(
            root.join("content/sources/gamma.md"),
            "Just a digest, no metadata.\n",
        )
        .unwrap();
        ("content/sources/gamma.md".into(), 1)
    });
    assert!(err.contains("the file has no front-matter"), "{err}");
}

#[test]
fn missing_required_file() {
    let dir = fixture("minimal");
    std::fs::remove_file(dir.path().join("content/cases/bear.md")).unwrap();
    let run = briefing(dir.path(), &["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("content/cases/bear.md: error: missing file"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("public").exists());
}

#[test]
fn template_error_names_the_template_line() {
    let dir = fixture("minimal");
    assert!(briefing(dir.path(), &["build"]).ok());
    let before = snapshot(&dir.path().join("public"));
    let path = dir.path().join("templates/claim.html");
    let text = read(&path).replacen("{{ claim.statement }}", "{{ claim.statment }}", 1);
    std::fs::write(&path, text).unwrap();
    let run = briefing(dir.path(), &["build"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("claim.html:"), "{}", run.stderr);
    assert!(run.stderr.contains("statment"), "{}", run.stderr);
    assert_eq!(before, snapshot(&dir.path().join("public")));
}

#[test]
fn no_content_folder() {
    let dir = tempfile::tempdir().unwrap();
    let run = briefing(dir.path(), &["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("no content folder here"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--root"), "{}", run.stderr);
}
