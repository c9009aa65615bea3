//! `briefing add source`: sources made from originals as analysts keep
//! them, their metadata read from the files.

mod common;

use common::*;
use std::fs;

#[test]
fn a_saved_web_page_becomes_a_source_with_its_metadata() {
    let dir = fixture("minimal");
    let page = repo().join("tests/fixtures/pages/acme-news.html");
    let run = briefing(dir.path(), &["add", "source", page.to_str().unwrap()]);
    assert!(run.ok(), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("added content/sources/acme-weighs-selling-widgets-abroad.md"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("filled from the original: title, publisher, author, published, url"),
        "{}",
        run.stdout
    );
    let source = read(
        &dir.path()
            .join("content/sources/acme-weighs-selling-widgets-abroad.md"),
    );
    for line in [
        "title: \"Acme weighs selling widgets abroad\"",
        "publisher: \"Gamma Post\"",
        "published: \"2026-03-05\"",
        "url: \"https://gamma.example/business/acme-exports\"",
        "original: \"acme-news.html\"",
    ] {
        assert!(source.contains(line), "{line} not in:\n{source}");
    }
    assert!(!source.contains("author: \"By "), "{source}");
    // The original is copied into the originals folder, and the project
    // builds with its new source.
    assert!(dir.path().join("originals/acme-news.html").is_file());
    let build = briefing(dir.path(), &["build"]);
    assert!(build.ok(), "{}", build.stderr);

    // Never overwrites.
    let again = briefing(dir.path(), &["add", "source", page.to_str().unwrap()]);
    assert_eq!(again.code, Some(1));
    assert!(again.stderr.contains("exists already"), "{}", again.stderr);
}

#[test]
fn a_folder_of_texts_becomes_sources_titled_by_their_first_lines() {
    let dir = fixture("minimal");
    let inbox = tempfile::tempdir().unwrap();
    fs::write(
        inbox.path().join("one.txt"),
        "\n# Widgets: a market survey\n\nText.\n",
    )
    .unwrap();
    fs::write(
        inbox.path().join("two.md"),
        "Ports brace for a busy spring\n\nMore.\n",
    )
    .unwrap();
    fs::write(inbox.path().join("notes.docx"), "not an original").unwrap();
    let run = briefing(
        dir.path(),
        &["add", "source", inbox.path().to_str().unwrap()],
    );
    assert!(run.ok(), "{}", run.stderr);
    let one = read(
        &dir.path()
            .join("content/sources/widgets-a-market-survey.md"),
    );
    assert!(one.contains("title: \"Widgets: a market survey\""), "{one}");
    assert!(one.contains("# publisher:"), "a placeholder: {one}");
    assert!(dir
        .path()
        .join("content/sources/ports-brace-for-a-busy-spring.md")
        .is_file());
    assert!(!run.stdout.contains("notes"), "{}", run.stdout);
    // With --id, one original at a time.
    let run = briefing(
        dir.path(),
        &["add", "source", inbox.path().to_str().unwrap(), "--id", "x"],
    );
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("--id names one source"),
        "{}",
        run.stderr
    );
}
