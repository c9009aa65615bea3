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

/// An XMP packet as publishers' PDFs carry it.
const XMP: &str = r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:prism="http://prismstandard.org/namespaces/basic/3.0/"
  prism:publicationDate="2026-03-05T09:00:00Z">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Acme's export plans</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>R. Analyst</rdf:li><rdf:li>S. Second</rdf:li></rdf:Seq></dc:creator>
<dc:publisher><rdf:Bag><rdf:li>Gamma Research</rdf:li></rdf:Bag></dc:publisher>
<prism:url>https://gamma.example/research/acme-exports.pdf</prism:url>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"#;

#[test]
fn a_pdf_becomes_a_source_with_its_metadata() {
    let dir = fixture("minimal");
    let inbox = tempfile::tempdir().unwrap();
    let file = inbox.path().join("acme-exports.pdf");
    fs::write(
        &file,
        pdf(
            "",
            &[&["Acme's export plans", "No buyer has been named."]],
            &[
                ("Title", "Acme's export plans"),
                ("CreationDate", "D:20260401"),
            ],
            Some(XMP),
        ),
    )
    .unwrap();
    let run = briefing(dir.path(), &["add", "source", file.to_str().unwrap()]);
    assert!(run.ok(), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("filled from the original: title, publisher, author, published, url"),
        "{}",
        run.stdout
    );
    let source = read(&dir.path().join("content/sources/acme-s-export-plans.md"));
    for line in [
        "title: \"Acme's export plans\"",
        "publisher: \"Gamma Research\"",
        "author: \"R. Analyst, S. Second\"",
        // The publication date, not the day the file was made.
        "published: \"2026-03-05\"",
        "url: \"https://gamma.example/research/acme-exports.pdf\"",
        "original: \"acme-exports.pdf\"",
    ] {
        assert!(source.contains(line), "{line} not in:\n{source}");
    }
    let build = briefing(dir.path(), &["build"]);
    assert!(build.ok(), "{}", build.stderr);
}

#[test]
fn a_page_a_browser_printed_to_pdf_gives_its_address_and_date() {
    let dir = fixture("minimal");
    let inbox = tempfile::tempdir().unwrap();
    let file = inbox.path().join("printed.pdf");
    fs::write(
        &file,
        pdf(
            "3/5/26, 9:14 AM  https://gamma.example/business/acme-exports",
            &[
                &["Acme weighs selling widgets abroad", "Text."],
                &["More text."],
            ],
            &[
                ("Title", "Acme weighs selling widgets abroad - Gamma Post"),
                ("CreationDate", "D:20260305091400Z"),
            ],
            None,
        ),
    )
    .unwrap();
    let run = briefing(dir.path(), &["add", "source", file.to_str().unwrap()]);
    assert!(run.ok(), "{}", run.stderr);
    let source = read(
        &dir.path()
            .join("content/sources/acme-weighs-selling-widgets-abroad-gamma-post.md"),
    );
    for line in [
        "published: \"2026-03-05\"",
        "url: \"https://gamma.example/business/acme-exports\"",
        "# publisher: ",
    ] {
        assert!(source.contains(line), "{line} not in:\n{source}");
    }
}

#[test]
fn a_scanned_pdf_is_refused_with_what_to_do() {
    let dir = fixture("minimal");
    let inbox = tempfile::tempdir().unwrap();
    let file = inbox.path().join("scan.pdf");
    fs::write(&file, pdf("", &[&[]], &[], None)).unwrap();
    let run = briefing(dir.path(), &["add", "source", file.to_str().unwrap()]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(run.stderr.contains("has no text layer"), "{}", run.stderr);
    assert!(run.stderr.contains("ocrmypdf"), "{}", run.stderr);
    assert!(!dir.path().join("originals/scan.pdf").exists());
}
