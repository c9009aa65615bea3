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
        // The output folder's lock file stays; staging folders must not.
        .filter(|n| n.starts_with(".public") && n != ".public.lock")
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
fn quote_not_found_shows_the_closest_passage_word_by_word() {
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
    // The quote and the original's passage, the differing words marked,
    // with the line of the original.
    assert!(
        err.contains("the quote:            the permit is [now] pending"),
        "{err}"
    );
    assert!(
        err.contains("the original, line 3: the permit is [still] pending"),
        "{err}"
    );
    assert!(err.contains("the words in [brackets] differ"), "{err}");
}

#[test]
fn a_quote_cut_with_an_ellipsis_is_told_so() {
    let err = fails_at(|root| {
        let line = edit(
            root,
            "content/sources/alpha.md",
            "quote: \"the permit is still pending\"",
            "quote: \"the permit is ... pending, and no buyer\"",
        );
        ("content/sources/alpha.md".into(), line)
    });
    assert!(err.contains("the permit is [...] pending"), "{err}");
    assert!(err.contains("leaves words out with `...`"), "{err}");
}

#[test]
fn a_quote_that_differs_only_in_punctuation_is_told_so() {
    let err = fails_at(|root| {
        let line = edit(
            root,
            "content/sources/alpha.md",
            "quote: \"the permit is still pending\"",
            "quote: \"the permit is still pending; and no buyer\"",
        );
        ("content/sources/alpha.md".into(), line)
    });
    assert!(err.contains("only the punctuation differs"), "{err}");
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
            .contains("error: content/cases/bear.md: missing file"),
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
    // Tera's report keeps its lines, the template's line among them.
    assert!(!run.stderr.contains("\\u{a}"), "{}", run.stderr);
    assert!(
        run.stderr.contains("{{ claim.statment }}"),
        "{}",
        run.stderr
    );
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

// ---- Bad input of every kind (issue 7): each is explained at its line,
// ---- and the old site stays.

fn write(root: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    std::fs::write(root.join(rel), bytes).unwrap();
}

#[test]
fn empty_briefing_file() {
    let err = fails_at(|root| {
        write(root, "content/briefing.yaml", "");
        ("content/briefing.yaml".into(), 1)
    });
    assert!(err.contains("is empty"), "{err}");
}

#[test]
fn empty_source_file() {
    let err = fails_at(|root| {
        write(root, "content/sources/alpha.md", "");
        ("content/sources/alpha.md".into(), 1)
    });
    assert!(err.contains("no front-matter"), "{err}");
}

#[test]
fn unclosed_front_matter() {
    let err = fails_at(|root| {
        let text = read(&root.join("content/sources/beta.md")).replacen(
            "---\nBeta is upbeat",
            "Beta is upbeat",
            1,
        );
        write(root, "content/sources/beta.md", text);
        ("content/sources/beta.md".into(), 1)
    });
    assert!(err.contains("never closed"), "{err}");
}

#[test]
fn tabs_in_yaml() {
    let err = fails_at(|root| {
        let line = edit(
            root,
            "content/claims.yaml",
            "  topic: supply\n",
            "\ttopic: supply\n",
        );
        ("content/claims.yaml".into(), line)
    });
    assert!(err.contains("tab"), "{err}");
}

/// An invisible control character is reported at its line, in a list
/// file and in a source's front-matter, not at the file's start.
#[test]
fn control_characters_in_yaml() {
    for (file, from, to) in [
        (
            "content/claims.yaml",
            "  topic: supply\n",
            "  topic: sup\u{0}ply\n",
        ),
        ("content/sources/beta.md", "Beta ", "Be\u{1b}ta "),
        ("content/timeline.yaml", "  title: ", "  title: \u{9b}"),
    ] {
        let err = fails_at(|root| {
            let line = edit(root, file, from, to);
            (file.into(), line)
        });
        assert!(err.contains("invisible control character"), "{err}");
    }
}

/// What is printed on every page is bounded: a megabyte of title made
/// hundreds of megabytes of site.
#[test]
fn text_shown_on_every_page_has_a_limit() {
    let long = |n: usize| "word ".repeat(n / 5 + 1);
    for (from, to, limit) in [
        (
            "title: \"Widgets go global\"",
            format!("title: \"{}\"", long(200)),
            200,
        ),
        (
            "question: \"Will",
            format!("question: \"{} Will", long(1_000)),
            1_000,
        ),
        (
            "authors: [\"Test desk\"]",
            format!("authors: [\"{}\", \"{}\"]", long(500), long(500)),
            1_000,
        ),
        (
            "originals: \"originals\"",
            format!(
                "originals: \"originals\"\ninterface:\n  claims: \"{}\"",
                long(1_000)
            ),
            1_000,
        ),
    ] {
        let err = fails_at(|root| {
            let line = edit(root, "content/briefing.yaml", from, &to);
            // The interface word is on the line after the one edited.
            let line = if to.contains("interface") {
                line + 2
            } else {
                line
            };
            ("content/briefing.yaml".into(), line)
        });
        assert!(err.contains(&format!("over the limit of {limit}")), "{err}");
        assert!(err.contains("every page"), "{err}");
    }
}

#[test]
fn non_utf8_bytes() {
    let err = fails_at(|root| {
        let mut bytes = read(&root.join("content/sources/beta.md")).into_bytes();
        let at = bytes.windows(5).position(|w| w == b"Beta ").unwrap();
        bytes.splice(at..at, [0xff, 0xfe]);
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        write(root, "content/sources/beta.md", bytes);
        ("content/sources/beta.md".into(), line)
    });
    assert!(err.contains("not valid UTF-8 here"), "{err}");
}

#[test]
fn yaml_alias_bomb() {
    let started = std::time::Instant::now();
    let err = fails_at(|root| {
        // Nine levels of nine-fold aliases: 387 million strings if expanded.
        let mut text =
            String::from("- id: a0\n  statement: x\n  entities: &e0 [l, l, l, l, l, l, l, l, l]\n");
        for i in 1..10 {
            let p = i - 1;
            let refs = vec![format!("*e{p}"); 9].join(", ");
            text.push_str(&format!(
                "- id: a{i}\n  statement: x\n  entities: &e{i} [{refs}]\n"
            ));
        }
        write(root, "content/claims.yaml", &text);
        // Refused at the first alias that takes the expanded size past
        // 4 MiB: level 6 alone expands to about 10 MB.
        let line = text[..text.find("&e6").unwrap()].matches('\n').count() + 1;
        ("content/claims.yaml".into(), line)
    });
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "the bomb took {:?}",
        started.elapsed()
    );
    assert!(err.contains("would expand this YAML"), "{err}");
}

#[test]
fn a_second_yaml_document_is_reported_at_its_start() {
    // serde_yaml's own error for this has no position at all.
    let err = fails_at(|root| {
        let text = read(&root.join("content/timeline.yaml"));
        write(
            root,
            "content/timeline.yaml",
            format!("{text}---\n- date: 2026\n  title: x\n"),
        );
        let line = text.matches('\n').count() + 1;
        ("content/timeline.yaml".into(), line)
    });
    assert!(err.contains("a second YAML document starts here"), "{err}");
}

#[test]
fn a_large_quote_lock_loads() {
    // 10,000 sources with originals make a lock of about 17 MiB: over the
    // limit for a source, well inside the one for list files.
    let dir = fixture("minimal");
    assert!(briefing(dir.path(), &["build"]).ok());
    let lock_path = dir.path().join("content/quotes.lock");
    let lock = read(&lock_path);
    let stale: Vec<String> = (0..60_000)
        .map(|i| {
            format!(
                "    {{\n      \"source\": \"alpha\",\n      \"original\": \"alpha.txt\",\n      \
                 \"original_sha256\": \"{:064x}\",\n      \"quote_sha256\": \"{i:064x}\",\n      \
                 \"offset\": {i},\n      \"line\": 1,\n      \"verified\": \"2026-01-01\"\n    }}",
                0
            )
        })
        .collect();
    let grown = lock.replacen(
        "\"quotes\": [\n",
        &format!("\"quotes\": [\n{},\n", stale.join(",\n")),
        1,
    );
    assert!(grown.len() > 16 << 20, "{} bytes", grown.len());
    write(dir.path(), "content/quotes.lock", grown);
    let run = briefing(dir.path(), &["build"]);
    assert!(run.ok(), "{}", run.stderr);
    // The entries for quotes alpha no longer has are dropped.
    assert_eq!(read(&lock_path), lock);
}

#[test]
fn a_large_edition_loads() {
    // An edition records every claim as issued, about 1 KB a claim: at
    // 10,000 claims over the limit for a source, inside the one for the
    // lock. The example's second edition, grown past 8 MiB with white
    // space JSON allows, still builds.
    let dir = example();
    let path = dir.path().join("content/editions/2.json");
    let record = read(&path);
    let grown = format!("{record}{}", " \n".repeat(5 << 20));
    assert!(grown.len() > 9 << 20);
    write(dir.path(), "content/editions/2.json", grown);
    let run = briefing(dir.path(), &["build"]);
    assert!(run.ok(), "{}", run.stderr);
    assert!(dir.path().join("public/editions/2/index.html").is_file());
}

#[test]
fn an_unreadable_list_file_is_reported_once() {
    let dir = fixture("minimal");
    let mut bytes = std::fs::read(dir.path().join("content/claims.yaml")).unwrap();
    bytes.extend_from_slice(b"- id: bad\xff\n");
    std::fs::write(dir.path().join("content/claims.yaml"), bytes).unwrap();
    let run = briefing(dir.path(), &["build"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("not valid UTF-8"), "{}", run.stderr);
    // It is there: it is not missing as well.
    assert!(!run.stderr.contains("missing file"), "{}", run.stderr);
    assert!(
        run.stderr.contains("build failed: 1 error"),
        "{}",
        run.stderr
    );
}

#[test]
fn huge_file() {
    let dir = fixture("minimal");
    assert!(briefing(dir.path(), &["build"]).ok());
    let before = snapshot(&dir.path().join("public"));
    let mut text = read(&dir.path().join("content/sources/beta.md"));
    text.push_str(&"padding line of a pasted report\n".repeat(300_000));
    write(dir.path(), "content/sources/beta.md", text);
    let run = briefing(dir.path(), &["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("error: content/sources/beta.md: the file is"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("over the limit"), "{}", run.stderr);
    assert_eq!(before, snapshot(&dir.path().join("public")));
}

#[test]
fn duplicate_keys() {
    let err = fails_at(|root| {
        let line = edit(
            root,
            "content/claims.yaml",
            "  topic: customers\n",
            "  topic: customers\n  topic: market\n",
        );
        ("content/claims.yaml".into(), line + 1)
    });
    assert!(err.contains("duplicate"), "{err}");
}

#[test]
fn wrong_type() {
    let err = fails_at(|root| {
        let line = edit(
            root,
            "content/claims.yaml",
            "entities: [acme, trade-office]",
            "entities: 42",
        );
        ("content/claims.yaml".into(), line)
    });
    assert!(err.contains("invalid type"), "{err}");
}

#[test]
fn month_thirteen() {
    let err = fails_at(|root| {
        let line = edit(
            root,
            "content/timeline.yaml",
            "date: 2026-03-02",
            "date: 2026-13-01",
        );
        ("content/timeline.yaml".into(), line)
    });
    assert!(err.contains("`2026-13-01` is not a date"), "{err}");
}

#[test]
fn ids_with_slashes() {
    let err = fails_at(|root| {
        let line = edit(
            root,
            "content/claims.yaml",
            "id: buyer-named",
            "id: \"../buyer\"",
        );
        edit(
            root,
            "content/sources/alpha.md",
            "claim: buyer-named",
            "claim: export-permit-pending",
        );
        edit(
            root,
            "content/sources/beta.md",
            "claim: buyer-named",
            "claim: acme-capacity-doubled",
        );
        edit(
            root,
            "content/cases/bull.md",
            "claims: [buyer-named]",
            "claims: [acme-capacity-doubled]",
        );
        ("content/claims.yaml".into(), line)
    });
    assert!(err.contains("is not a valid id"), "{err}");
}

#[test]
fn file_name_with_a_space() {
    let dir = fixture("minimal");
    assert!(briefing(dir.path(), &["build"]).ok());
    let before = snapshot(&dir.path().join("public"));
    std::fs::copy(
        dir.path().join("content/sources/beta.md"),
        dir.path().join("content/sources/my beta.md"),
    )
    .unwrap();
    let run = briefing(dir.path(), &["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("error: content/sources/my beta.md: `my beta` cannot be an id"),
        "{}",
        run.stderr
    );
    assert_eq!(before, snapshot(&dir.path().join("public")));
}

#[test]
fn empty_content_folder() {
    let dir = fixture("minimal");
    std::fs::remove_dir_all(dir.path().join("content")).unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    let run = briefing(dir.path(), &["build"]);
    assert_eq!(run.code, Some(1));
    for file in [
        "briefing.yaml",
        "claims.yaml",
        "timeline.yaml",
        "entities.yaml",
        "cases/bull.md",
        "cases/bear.md",
    ] {
        assert!(
            run.stderr
                .contains(&format!("error: content/{file}: missing file")),
            "{}",
            run.stderr
        );
    }
    assert!(!dir.path().join("public").exists());
}

#[cfg(unix)]
#[test]
fn symlinks_leading_out_or_round_are_refused() {
    let dir = fixture("minimal");
    assert!(briefing(dir.path(), &["build"]).ok());
    let before = snapshot(&dir.path().join("public"));
    std::os::unix::fs::symlink(
        "/etc/hostname",
        dir.path().join("content/sources/outside.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink("..", dir.path().join("content/sources/loop")).unwrap();
    let run = briefing(dir.path(), &["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("error: content/sources/outside.md: symbolic link"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("error: content/sources/loop: symbolic link"),
        "{}",
        run.stderr
    );
    assert_eq!(before, snapshot(&dir.path().join("public")));
}

#[test]
fn byte_order_mark_and_crlf_are_read_as_plain_text() {
    let dir = fixture("minimal");
    let path = dir.path().join("content/sources/beta.md");
    let text = format!("\u{feff}{}", read(&path).replace('\n', "\r\n"));
    write(dir.path(), "content/sources/beta.md", text);
    let run = briefing(dir.path(), &["build"]);
    assert!(run.ok(), "{}", run.stderr);
    // Errors in such a file still point at the right line.
    let line = edit(
        dir.path(),
        "content/sources/beta.md",
        "stance: supports",
        "stance: suports",
    );
    let run = briefing(dir.path(), &["build"]);
    assert!(
        run.stderr
            .contains(&format!("content/sources/beta.md:{line}:")),
        "{}",
        run.stderr
    );
}

#[test]
fn ids_that_look_like_section_pages_do_not_collide() {
    let dir = fixture("minimal");
    std::fs::copy(
        dir.path().join("content/sources/beta.md"),
        dir.path().join("content/sources/index.md"),
    )
    .unwrap();
    let run = briefing(dir.path(), &["build"]);
    assert!(run.ok(), "{}", run.stderr);
    let list = read(&dir.path().join("public/sources/index.html"));
    assert!(
        list.contains("href=\"../sources/index/index.html\""),
        "the list is still the list"
    );
    assert!(dir.path().join("public/sources/index/index.html").is_file());
    // Upper case cannot make a second file for the same page: it is no id.
    std::fs::copy(
        dir.path().join("content/sources/beta.md"),
        dir.path().join("content/sources/Beta.md"),
    )
    .unwrap();
    let run = briefing(dir.path(), &["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("`Beta` cannot be an id"),
        "{}",
        run.stderr
    );
}

#[test]
fn json_report_for_editors_and_ci() {
    let dir = fixture("minimal");
    let line = edit(
        dir.path(),
        "content/sources/alpha.md",
        "claim: buyer-named",
        "claim: buyer-nmed",
    );
    edit(
        dir.path(),
        "content/timeline.yaml",
        "sources: [alpha]",
        "sources: [alpah]",
    );
    let run = briefing(dir.path(), &["check", "--format", "json"]);
    assert_eq!(run.code, Some(1));
    let report: serde_json::Value =
        serde_json::from_str(run.stdout.trim()).expect("one JSON object");
    assert_eq!(report["ok"], false);
    let items = report["diagnostics"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{report}");
    let unknown = items
        .iter()
        .find(|d| d["file"] == "content/sources/alpha.md")
        .unwrap();
    assert_eq!(unknown["severity"], "error");
    assert_eq!(unknown["line"], line);
    assert_eq!(unknown["message"], "unknown claim id `buyer-nmed`");
    assert_eq!(unknown["hint"], "did you mean `buyer-named`?");
    // Sorted by file: content/sources/... before content/timeline.yaml.
    assert_eq!(items[1]["file"], "content/timeline.yaml");

    let fixed = fixture("minimal");
    let run = briefing(fixed.path(), &["check", "--format", "json"]);
    assert!(run.ok());
    let report: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(report["ok"], true);
    assert!(report["summary"]
        .as_str()
        .unwrap()
        .starts_with("checked 19 pages"));
}

/// A command with no JSON report refuses `--format json` instead of
/// handing a tool text it cannot read, and changes nothing.
#[test]
fn commands_without_a_json_report_refuse_it() {
    let dir = fixture("minimal");
    let before = read(&dir.path().join("content/sources/alpha.md"));
    for args in [
        &["quote", "alpha", "some words"][..],
        &["edition", "--note", "n"],
        &["rename", "source", "alpha", "alpha-two"],
        &["serve", "--port", "0"],
        &["build", "--watch"],
        &["schema"],
    ] {
        let run = briefing(dir.path(), &[args, &["--format", "json"]].concat());
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
        assert!(
            run.stderr
                .contains("`--format json` is for `build` and `check`"),
            "{args:?}: {}",
            run.stderr
        );
    }
    // Nothing was done: no edition, no rename, no schemas, no site.
    assert!(!dir.path().join("content/editions").exists());
    assert!(!dir.path().join("schema").exists());
    assert!(!dir.path().join("public").exists());
    assert_eq!(read(&dir.path().join("content/sources/alpha.md")), before);
    // Given before the command, the option is refused the same way.
    let run = briefing(dir.path(), &["--format", "json", "edition"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    // The commands that have one still give it.
    let run = briefing(dir.path(), &["build", "--format", "json"]);
    assert!(run.ok(), "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(report["ok"], true);
}

/// Misspells a claim id in beta.md; returns the line.
fn misspell_buyer_named(root: &Path) -> usize {
    edit(
        root,
        "content/sources/beta.md",
        "claim: buyer-named",
        "claim: buyer-namd",
    )
}

/// Checks that `err` reports the misspelling at `line`, with the fix.
fn assert_misspelling_reported(err: &str, line: usize) {
    assert!(
        err.contains(&format!("content/sources/beta.md:{line}:")),
        "{err}"
    );
    assert!(err.contains("did you mean `buyer-named`?"), "{err}");
}

#[test]
fn load_and_link_errors_come_in_one_report() {
    let dir = fixture("minimal");
    let root = dir.path();
    // A source that does not load whole (its only annotation of
    // export-permit-pending is broken), and a bad reference in one that
    // does.
    let bad_stance = edit(
        root,
        "content/sources/alpha.md",
        "still pending\"\n    stance: supports",
        "still pending\"\n    stance: suports",
    );
    let bad_claim = misspell_buyer_named(root);
    let run = briefing(root, &["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let err = &run.stderr;
    assert!(
        err.contains(&format!("content/sources/alpha.md:{}:", bad_stance + 1)),
        "{err}"
    );
    assert_misspelling_reported(err, bad_claim);
    // No echoes of the source that failed to load: the timeline cites it,
    // and it alone supports a claim.
    assert!(!err.contains("unknown source id `alpha`"), "{err}");
    assert!(!err.contains("unsupported"), "{err}");
    assert!(err.contains("build failed: 2 errors"), "{err}");
}

/// A source file that cannot be read at all is one error too: where it is
/// cited, and the claim it alone supports, are not echoed as problems.
#[test]
fn an_unreadable_source_is_not_echoed_where_it_is_cited() {
    let dir = fixture("minimal");
    let root = dir.path();
    let path = root.join("content/sources/alpha.md");
    let mut bytes = std::fs::read(&path).unwrap();
    let at = bytes.len() - 2;
    bytes.insert(at, 0xff);
    std::fs::write(&path, bytes).unwrap();
    let bad_claim = misspell_buyer_named(root);
    let run = briefing(root, &["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let err = &run.stderr;
    assert!(err.contains("not valid UTF-8"), "{err}");
    assert_misspelling_reported(err, bad_claim);
    assert!(!err.contains("unknown source id `alpha`"), "{err}");
    assert!(!err.contains("unsupported"), "{err}");
    assert!(err.contains("build failed: 2 errors"), "{err}");
}

#[test]
fn a_broken_list_file_does_not_hide_the_other_errors() {
    let dir = fixture("minimal");
    let root = dir.path();
    // The timeline fails to load; a source's bad claim id must still be
    // reported in the same run.
    let bad_date = edit(
        root,
        "content/timeline.yaml",
        "date: 2026-03-02",
        "date: 2026-13-02",
    );
    let bad_claim = misspell_buyer_named(root);
    let run = briefing(root, &["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let err = &run.stderr;
    assert!(
        err.contains(&format!("content/timeline.yaml:{bad_date}:")),
        "{err}"
    );
    assert_misspelling_reported(err, bad_claim);
    assert!(err.contains("build failed: 2 errors"), "{err}");
}

#[test]
fn a_broken_claims_file_is_not_echoed_as_unknown_claims() {
    let dir = fixture("minimal");
    let root = dir.path();
    let bad_yaml = edit(
        root,
        "content/claims.yaml",
        "  topic: supply",
        "  topic: [supply",
    );
    // An error that has nothing to do with claims is still found.
    let bad_source = edit(
        root,
        "content/timeline.yaml",
        "sources: [alpha]",
        "sources: [alpah]",
    );
    let run = briefing(root, &["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let err = &run.stderr;
    assert!(err.contains("content/claims.yaml:"), "{err}");
    assert!(
        err.contains(&format!("content/timeline.yaml:{bad_source}:")),
        "{err}"
    );
    assert!(err.contains("unknown source id `alpah`"), "{err}");
    // Every source, event and case point cites claims: none of those
    // citations is reported while claims.yaml cannot be read.
    assert!(!err.contains("unknown claim id"), "{err}");
    assert!(!err.contains("unsupported"), "{err}");
    assert!(
        err.contains("build failed: 2 errors"),
        "line {bad_yaml}: {err}"
    );
}

#[test]
fn color_on_request_and_plain_otherwise() {
    let dir = fixture("minimal");
    let root = dir.path();
    misspell_buyer_named(root);
    let escape = "\u{1b}[";
    // Piped, as here: plain by default and when asked.
    for args in [&["build"][..], &["build", "--color", "never"]] {
        let run = briefing(root, args);
        assert_eq!(run.code, Some(1));
        assert!(run.stderr.contains("buyer-namd"), "{}", run.stderr);
        assert!(!run.stderr.contains(escape), "{args:?}: {}", run.stderr);
    }
    let run = briefing(root, &["build", "--color", "always"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains(escape), "{}", run.stderr);
    assert!(run.stderr.contains("buyer-namd"), "{}", run.stderr);
}

#[test]
fn a_long_report_is_cut_at_the_limit_with_errors_first() {
    let dir = fixture("minimal");
    let root = dir.path();
    for (file, from, to) in [
        (
            "content/sources/beta.md",
            "claim: buyer-named",
            "claim: nope-one",
        ),
        (
            "content/sources/beta.md",
            "claim: acme-capacity-doubled",
            "claim: nope-two",
        ),
        (
            "content/timeline.yaml",
            "claims: [export-permit-pending]",
            "claims: [nope-three]",
        ),
    ] {
        edit(root, file, from, to);
    }
    let run = briefing(root, &["build", "--max-errors", "2"]);
    assert_eq!(run.code, Some(1));
    let shown = run.stderr.matches("error: unknown claim id").count();
    assert_eq!(shown, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("and 1 more problem not shown"),
        "{}",
        run.stderr
    );
    // The summary counts them all, and 0 lifts the limit.
    assert!(
        run.stderr.contains("build failed: 3 errors"),
        "{}",
        run.stderr
    );
    let all = briefing(root, &["build", "--max-errors", "0"]);
    assert_eq!(all.stderr.matches("error: unknown claim id").count(), 3);
}

#[test]
fn an_archived_copy_that_is_not_a_web_address_is_an_error() {
    let err = fails_at(|root| {
        let line = edit(
            root,
            "content/sources/alpha.md",
            "url: \"https://alpha.example/acme\"\n",
            "url: \"https://alpha.example/acme\"\narchived: \"ftp://archive.example/acme\"\n",
        );
        ("content/sources/alpha.md".into(), line + 1)
    });
    assert!(
        err.contains("archived `ftp://archive.example/acme` is not an http(s) address"),
        "{err}"
    );
}

/// Where `needle` is in `rel` of the project: `rel:line:col`, the column
/// counted in characters from 1.
fn position(root: &Path, rel: &str, needle: &str) -> String {
    let text = read(&root.join(rel));
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in {rel}"));
    let line = text[..at].matches('\n').count() + 1;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..at].chars().count() + 1;
    format!("{rel}:{line}:{col}")
}

#[test]
fn unknown_inline_references_point_at_their_brackets_with_a_hint() {
    let mut places = Vec::new();
    let err = fails_at(|root| {
        // In a quoted YAML value.
        let line = edit(
            root,
            "content/cases/bull.md",
            "argument: \"Two publishers agree capacity doubled.\"",
            "argument: \"Two publishers agree ✓ capacity [[acme-capacity-double]] doubled.\"",
        );
        places.push(position(
            root,
            "content/cases/bull.md",
            "[[acme-capacity-double]]",
        ));
        // In a YAML block, lines below its key.
        edit(
            root,
            "content/timeline.yaml",
            "  detail: \"The Trade Office has not ruled on the permit [[export-permit-pending]].\"",
            "  detail: |\n    The Trade Office has not ruled.\n    Per `[[code]]` and [[source:alfa]], it waits.",
        );
        places.push(position(root, "content/timeline.yaml", "[[source:alfa]]"));
        // In a Markdown body, on its second line.
        edit(
            root,
            "content/sources/beta.md",
            "[[event:permit-decision|due in Q3]]",
            "[[event:permit-decison|due in Q3]]",
        );
        places.push(position(
            root,
            "content/sources/beta.md",
            "[[event:permit-decison",
        ));
        // A claim reference naming an entity.
        let about = root.join("content/pages/about.md");
        let text = read(&about);
        std::fs::write(&about, text + "\nMakers such as [[acme]] matter.\n").unwrap();
        ("content/cases/bull.md".into(), line)
    });
    for place in &places {
        assert!(err.contains(place), "expected {place} in:\n{err}");
    }
    assert!(
        err.contains("unknown claim id `acme-capacity-double` in a reference"),
        "{err}"
    );
    assert!(
        err.contains("did you mean `acme-capacity-doubled`?"),
        "{err}"
    );
    assert!(err.contains("unknown source id `alfa`"), "{err}");
    assert!(err.contains("did you mean `alpha`?"), "{err}");
    assert!(err.contains("did you mean `permit-decision`?"), "{err}");
    assert!(
        err.contains("`acme` names an entity: write `[[entity:acme]]`"),
        "{err}"
    );
    // Code stays literal: `[[code]]` is no reference.
    assert!(!err.contains("`code`"), "{err}");
}

#[test]
fn malformed_inline_references_say_how_to_write_them() {
    let err = fails_at(|root| {
        let line = edit(
            root,
            "content/sources/alpha.md",
            "Alpha has the permit detail first.",
            "Alpha has the permit detail first [[Export-Permit]] and [[sorce:beta]].",
        );
        ("content/sources/alpha.md".into(), line)
    });
    assert!(
        err.contains("`[[Export-Permit]]` does not name a claim"),
        "{err}"
    );
    assert!(err.contains("did you mean `source`?"), "{err}");
}

#[test]
fn an_unknown_interface_word_names_the_nearest_key() {
    let err = fails_at(|root| {
        let path = root.join("content/briefing.yaml");
        let text = read(&path);
        let line = text.lines().count() + 2;
        std::fs::write(
            &path,
            format!("{text}interface:\n  bull_cse: \"For\"\n  bear_case: \"\"\n"),
        )
        .unwrap();
        ("content/briefing.yaml".into(), line)
    });
    assert!(
        err.contains("`bull_cse` is not a word of the interface"),
        "{err}"
    );
    assert!(err.contains("did you mean `bull_case`?"), "{err}");
    assert!(
        err.contains("the interface word `bear_case` is empty"),
        "{err}"
    );
}

#[test]
fn a_language_that_is_no_language_tag() {
    let err = fails_at(|root| {
        let path = root.join("content/briefing.yaml");
        let text = read(&path);
        let line = text.lines().count() + 1;
        std::fs::write(&path, format!("{text}language: English\n")).unwrap();
        ("content/briefing.yaml".into(), line)
    });
    assert!(err.contains("`English` is not a language tag"), "{err}");
}

#[test]
fn a_quote_mark_inside_double_quotes_says_how_to_write_it() {
    let err = fails_at(|root| {
        let line = edit(
            root,
            "content/sources/alpha.md",
            "title: \"Acme eyes exports\"",
            "title: \"Acme eyes \"big\" exports\"",
        );
        ("content/sources/alpha.md".into(), line)
    });
    assert!(
        err.contains("this double-quoted text has a `\"` inside it"),
        "{err}"
    );
    assert!(
        err.contains("as `\\\"`, or put the text in single quotes"),
        "{err}"
    );
}

#[test]
fn front_matter_that_runs_into_the_markdown_says_it_is_not_closed() {
    let err = fails_at(|root| {
        let path = root.join("content/pages/about.md");
        std::fs::write(
            &path,
            "---\ntitle: \"About\"\n\nWe read two sources.\n\n---\n\nMore below a rule.\n",
        )
        .unwrap();
        ("content/pages/about.md".into(), 4)
    });
    assert!(
        err.contains("the front-matter opened on line 1 is not closed before the Markdown"),
        "{err}"
    );
    assert!(
        err.contains("the `---` on line 6 was taken for the end"),
        "{err}"
    );
}

#[test]
fn a_number_given_text_says_to_write_the_number_alone() {
    let err = fails_at(|root| {
        let path = root.join("content/claims.yaml");
        let text = read(&path);
        let at = text.find("value:").expect("a figure in the fixture");
        let line = text[..at].matches('\n').count() + 1;
        let end = at + text[at..].find('\n').unwrap();
        std::fs::write(
            &path,
            format!("{}value: \"3%\"{}", &text[..at], &text[end..]),
        )
        .unwrap();
        ("content/claims.yaml".into(), line)
    });
    assert!(err.contains("`3%` is not a number"), "{err}");
    assert!(err.contains("the unit goes in `unit`"), "{err}");
    assert!(!err.contains("f64"), "{err}");
}

#[test]
fn a_missing_stance_names_the_allowed_values_and_items_count_from_one() {
    let err = fails_at(|root| {
        let line = edit(
            root,
            "content/sources/alpha.md",
            "    quote: \"the permit is still pending\"\n    stance: supports\n",
            "    quote: \"the permit is still pending\"\n",
        );
        // Reported at the item that lacks it, the line above.
        ("content/sources/alpha.md".into(), line - 1)
    });
    assert!(err.contains("missing field `stance`"), "{err}");
    assert!(
        err.contains("add `stance: supports`, `qualifies` or `disputes`"),
        "{err}"
    );
    assert!(err.contains("item 2"), "positions count from 1: {err}");
    assert!(!err.contains("[1]"), "{err}");
}

/// Builds the fixture after `change` and returns the warnings.
fn warnings_after(change: impl FnOnce(&Path)) -> String {
    let dir = fixture("minimal");
    change(dir.path());
    let run = briefing(dir.path(), &["build"]);
    assert!(run.ok(), "{}", run.stderr);
    run.stderr
}

#[test]
fn a_name_two_entities_share_is_a_warning() {
    let err = warnings_after(|root| {
        edit(
            root,
            "content/entities.yaml",
            "  name: \"Trade Office\"\n",
            "  name: \"Trade Office\"\n  aliases: [\"Acme\"]\n",
        );
    });
    assert!(
        err.contains("`Acme` names both `acme` and `trade-office`"),
        "{err}"
    );
    assert!(err.contains("content/entities.yaml:6:"), "{err}");
}

#[test]
fn sources_without_originals_are_counted_in_one_warning() {
    let err = warnings_after(|root| {
        edit(
            root,
            "content/sources/beta.md",
            "original: \"beta.txt\"\n",
            "",
        );
    });
    assert!(
        err.contains("1 source names no original (`beta`), so its 2 quotes cannot be verified"),
        "{err}"
    );
    assert_eq!(err.matches("warning:").count(), 1, "{err}");
}

#[test]
fn a_missing_originals_folder_with_quotes_the_lock_lacks_is_a_warning() {
    let err = warnings_after(|root| {
        std::fs::remove_dir_all(root.join("originals")).unwrap();
    });
    assert!(
        err.contains("5 quotes are unverified: the originals folder `originals` is not here"),
        "{err}"
    );
    assert!(err.contains("content/briefing.yaml:7:"), "{err}");
}

/// `edition` and `rename` on content with errors print the build's report
/// as `build` does: one `error:` per problem, lines as lines.
#[test]
fn edition_and_rename_print_the_report_as_build_does() {
    let dir = fixture("minimal");
    let line = edit(
        dir.path(),
        "content/briefing.yaml",
        "as_of: 2026-",
        "as_of: 2026-02-30 #",
    );
    for args in [
        &["edition", "--note", "n"][..],
        &["rename", "source", "alpha", "alpha-two"],
    ] {
        let run = briefing(dir.path(), args);
        assert_eq!(run.code, Some(1), "{args:?}: {}", run.stderr);
        assert!(
            run.stderr
                .starts_with("error: `2026-02-30` is not a date\n"),
            "{args:?}: {}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains(&format!("content/briefing.yaml:{line}:")),
            "{args:?}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("error: error"), "{}", run.stderr);
        assert!(!run.stderr.contains("\\u{a}"), "{}", run.stderr);
    }
}

/// Output read by something that stops reading (`| head`) ends the
/// command quietly, as other tools do, instead of a panic on the write.
#[cfg(unix)]
#[test]
fn a_closed_output_pipe_ends_the_command_without_a_panic() {
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Command, Stdio};
    let dir = fixture("minimal");
    let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["check", "--links"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Nothing will read what it writes.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_ne!(out.status.code(), Some(101), "{stderr}");
    assert_eq!(out.status.signal(), Some(13), "{:?}: {stderr}", out.status);
}

/// Something other than a file where content is: a folder with a required
/// file's name is not "missing", and a pipe is left out with a word (read,
/// it would wait forever).
#[cfg(unix)]
#[test]
fn what_is_not_a_file_in_content_is_named_as_such() {
    let dir = fixture("minimal");
    let root = dir.path();
    std::fs::remove_file(root.join("content/claims.yaml")).unwrap();
    std::fs::create_dir(root.join("content/claims.yaml")).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(root.join("content/sources/gamma.md"))
        .status()
        .unwrap();
    assert!(status.success());
    let run = briefing(root, &["check"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "content/claims.yaml: is not a file: a folder or something else has its name"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("missing file"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/sources/gamma.md: is not a file (a pipe, a socket or a device)"),
        "{}",
        run.stderr
    );
}

#[test]
fn quote_without_words_asks_for_them() {
    let dir = fixture("minimal");
    let run = briefing(dir.path(), &["quote", "alpha", "  "]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains("no words to look for"),
        "{}",
        run.stderr
    );
}
