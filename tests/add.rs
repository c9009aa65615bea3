//! `briefing add source`: sources made from originals as analysts keep
//! them, their metadata read from the files.

mod common;

use common::*;
use std::fs;

/// The source made from the saved page of tests/fixtures/pages, and what
/// it reads from the page.
const ACME_SOURCE: &str = "content/sources/acme-weighs-selling-widgets-abroad.md";
const ACME_FIELDS: [&str; 4] = [
    "title: \"Acme weighs selling widgets abroad\"",
    "publisher: \"Gamma Post\"",
    "published: \"2026-03-05\"",
    "url: \"https://gamma.example/business/acme-exports\"",
];

/// Runs `add source` in the project at `root` on a file `name` holding
/// `bytes`, saved outside the project as an analyst's download would be.
fn add_file(root: &std::path::Path, name: &str, bytes: &[u8]) -> Run {
    let inbox = tempfile::tempdir().unwrap();
    let file = inbox.path().join(name);
    fs::write(&file, bytes).unwrap();
    briefing(root, &["add", "source", file.to_str().unwrap()])
}

/// The text of the file at `rel`, after checking it has each of `lines`.
fn has_lines(root: &std::path::Path, rel: &str, lines: &[&str]) -> String {
    let text = read(&root.join(rel));
    for line in lines {
        assert!(text.contains(line), "{line} not in {rel}:\n{text}");
    }
    text
}

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
    has_lines(dir.path(), ACME_SOURCE, &ACME_FIELDS);
    let source = has_lines(dir.path(), ACME_SOURCE, &["original: \"acme-news.html\""]);
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
    let run = add_file(
        dir.path(),
        "acme-exports.pdf",
        &pdf(
            "",
            &[&["Acme's export plans", "No buyer has been named."]],
            &[
                ("Title", "Acme's export plans"),
                ("CreationDate", "D:20260401"),
            ],
            Some(XMP),
        ),
    );
    assert!(run.ok(), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("filled from the original: title, publisher, author, published, url"),
        "{}",
        run.stdout
    );
    has_lines(
        dir.path(),
        "content/sources/acme-s-export-plans.md",
        &[
            "title: \"Acme's export plans\"",
            "publisher: \"Gamma Research\"",
            "author: \"R. Analyst, S. Second\"",
            // The publication date, not the day the file was made.
            "published: \"2026-03-05\"",
            "url: \"https://gamma.example/research/acme-exports.pdf\"",
            "original: \"acme-exports.pdf\"",
        ],
    );
    let build = briefing(dir.path(), &["build"]);
    assert!(build.ok(), "{}", build.stderr);
}

#[test]
fn a_page_a_browser_printed_to_pdf_gives_its_address_and_date() {
    let dir = fixture("minimal");
    let run = add_file(
        dir.path(),
        "printed.pdf",
        &pdf(
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
    );
    assert!(run.ok(), "{}", run.stderr);
    has_lines(
        dir.path(),
        "content/sources/acme-weighs-selling-widgets-abroad-gamma-post.md",
        &[
            "published: \"2026-03-05\"",
            "url: \"https://gamma.example/business/acme-exports\"",
            "# publisher: ",
        ],
    );
}

#[test]
fn a_scanned_pdf_is_refused_with_what_to_do() {
    let dir = fixture("minimal");
    let run = add_file(dir.path(), "scan.pdf", &pdf("", &[&[]], &[], None));
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(run.stderr.contains("has no text layer"), "{}", run.stderr);
    assert!(run.stderr.contains("ocrmypdf"), "{}", run.stderr);
    assert!(!dir.path().join("originals/scan.pdf").exists());
}

/// Serves `answers` (status line, content type, body) to the requests
/// that come, one each, on a loopback port; returns the address.
fn serve(answers: Vec<(&'static str, &'static str, Vec<u8>)>) -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for (status, kind, body) in answers {
            let Ok((stream, _)) = listener.accept() else {
                return;
            };
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            // The request's head, to its blank line.
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let mut stream = reader.into_inner();
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\
                 Connection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    address
}

#[test]
fn a_web_address_becomes_a_source_with_the_page_saved_as_its_original() {
    let dir = fixture("minimal");
    let page = fs::read(repo().join("tests/fixtures/pages/acme-news.html")).unwrap();
    let report = pdf(
        "",
        &[&["Widget exports, a survey", "Text."]],
        &[("Title", "Widget exports, a survey")],
        None,
    );
    let server = serve(vec![
        ("200 OK", "text/html; charset=utf-8", page),
        ("200 OK", "application/pdf", report),
        ("404 Not Found", "text/html", b"gone".to_vec()),
    ]);
    let page_address = format!("{server}/business/acme-exports?utm_source=feed");
    let run = briefing(dir.path(), &["add", "source", &page_address]);
    assert!(run.ok(), "{}", run.stderr);
    // The page's canonical address, not the one with the tracking.
    has_lines(dir.path(), ACME_SOURCE, &ACME_FIELDS);
    has_lines(
        dir.path(),
        ACME_SOURCE,
        &["original: \"acme-exports.html\""],
    );
    assert!(dir.path().join("originals/acme-exports.html").is_file());

    // A PDF at an address without an extension: saved as one, and the
    // address it came from is its url.
    let pdf_address = format!("{server}/research/download");
    let run = briefing(dir.path(), &["add", "source", &pdf_address]);
    assert!(run.ok(), "{}", run.stderr);
    let source = read(
        &dir.path()
            .join("content/sources/widget-exports-a-survey.md"),
    );
    assert!(source.contains("original: \"download.pdf\""), "{source}");
    assert!(
        source.contains(&format!("url: \"{pdf_address}\"")),
        "{source}"
    );
    // With the publisher, which the PDF does not name, the project builds.
    edit(
        dir.path(),
        "content/sources/widget-exports-a-survey.md",
        "# publisher: \"Who published it\"",
        "publisher: \"Widget Trade\"",
    );
    let build = briefing(dir.path(), &["build"]);
    assert!(build.ok(), "{}", build.stderr);

    // A page the server does not have.
    let run = briefing(dir.path(), &["add", "source", &format!("{server}/nothing")]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(
        run.stderr.contains("the server answered 404 Not Found"),
        "{}",
        run.stderr
    );
}

/// Links planted in the project (a clone, an archive unpacked) do not make
/// `add source` write outside it: a name taken by a link, even one leading
/// nowhere, is taken, and a sources folder that leads out is refused.
#[cfg(unix)]
#[test]
fn add_source_never_writes_through_a_planted_link() {
    use std::os::unix::fs::symlink;
    let dir = fixture("minimal");
    let root = dir.path();
    let outside = tempfile::tempdir().unwrap();
    let text = b"Acme said it would sell widgets abroad.\n";

    // The original's name in the originals folder.
    let sources_before = fs::read_dir(root.join("content/sources")).unwrap().count();
    symlink(
        outside.path().join("planted.txt"),
        root.join("originals/note.txt"),
    )
    .unwrap();
    let run = add_file(root, "note.txt", text);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(run.stderr.contains("exists already"), "{}", run.stderr);
    assert!(!outside.path().join("planted.txt").exists());
    assert_eq!(
        fs::read_dir(root.join("content/sources")).unwrap().count(),
        sources_before
    );

    // The source's name in content/sources.
    symlink(
        outside.path().join("source.md"),
        root.join("content/sources/memo.md"),
    )
    .unwrap();
    let inbox = tempfile::tempdir().unwrap();
    let memo = inbox.path().join("memo.txt");
    fs::write(&memo, text).unwrap();
    let run = briefing(
        root,
        &["add", "source", memo.to_str().unwrap(), "--id", "memo"],
    );
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(run.stderr.contains("exists already"), "{}", run.stderr);
    assert!(!outside.path().join("source.md").exists());
    assert!(!root.join("originals/memo.txt").exists());

    // The sources folder itself.
    fs::remove_file(root.join("content/sources/memo.md")).unwrap();
    let sources = outside.path().join("sources");
    fs::rename(root.join("content/sources"), &sources).unwrap();
    symlink(&sources, root.join("content/sources")).unwrap();
    let before = fs::read_dir(&sources).unwrap().count();
    let run = add_file(root, "other.txt", text);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(
        run.stderr.contains("leads out of the project"),
        "{}",
        run.stderr
    );
    assert_eq!(fs::read_dir(&sources).unwrap().count(), before);
}

/// A failure whose message happens to begin with "error" still says it is
/// one: only a build report (which says `error:` itself) is printed bare.
#[test]
fn a_failure_keeps_its_label_whatever_its_first_word() {
    let dir = fixture("minimal");
    fs::write(dir.path().join("errors.docx"), b"not an original").unwrap();
    let run = briefing(dir.path(), &["add", "source", "errors.docx"]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(
        run.stderr
            .starts_with("error: errors.docx: not an original's kind of file"),
        "{}",
        run.stderr
    );
}
