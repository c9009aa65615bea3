//! Quote verification against originals, and the committed quotes.lock that
//! carries it to clones without the originals.

mod common;

use common::*;
use std::fs;

#[test]
fn a_verifying_build_writes_the_lock_and_a_clone_without_originals_trusts_it() {
    let dir = fixture("minimal");
    let first = briefing(dir.path(), &["build"]);
    assert!(first.ok(), "{}", first.stderr);
    assert!(
        first
            .stdout
            .contains("5 verified against originals, 0 by quotes.lock, 0 unverified"),
        "{}",
        first.stdout
    );
    assert!(first.stdout.contains("quotes.lock updated"));
    let lock = read(&dir.path().join("content/quotes.lock"));
    assert_eq!(lock.matches("\"quote_sha256\"").count(), 5);
    assert!(lock.contains("\"original\": \"alpha.txt\""));

    // A second verifying build leaves the lock byte for byte as it was.
    let second = briefing(dir.path(), &["build"]);
    assert!(
        !second.stdout.contains("quotes.lock updated"),
        "{}",
        second.stdout
    );
    assert_eq!(lock, read(&dir.path().join("content/quotes.lock")));

    // Without the originals, the lock vouches for the unchanged quotes.
    fs::remove_dir_all(dir.path().join("originals")).unwrap();
    let clone = briefing(dir.path(), &["build"]);
    assert!(clone.ok(), "{}", clone.stderr);
    assert!(
        clone
            .stdout
            .contains("0 verified against originals, 5 by quotes.lock, 0 unverified"),
        "{}",
        clone.stdout
    );
    let page = html(&dir.path().join("public/sources/alpha/index.html"));
    let checks: Vec<String> = select(&page, ".check").iter().map(text).collect();
    assert!(
        checks.iter().all(|c| c.contains("recorded in quotes.lock")),
        "{checks:?}"
    );
    assert_eq!(
        lock,
        read(&dir.path().join("content/quotes.lock")),
        "a build without originals keeps the lock"
    );
}

#[test]
fn a_lock_with_duplicate_entries_is_written_clean() {
    // Two branches that each verified a quote, merged: the same entry twice.
    let dir = fixture("minimal");
    assert!(briefing(dir.path(), &["build"]).ok());
    let lock_path = dir.path().join("content/quotes.lock");
    let clean = read(&lock_path);
    let start = clean.find("    {").unwrap();
    let end = clean[start..].find("}").unwrap() + start + 1;
    let entry = &clean[start..end];
    fs::write(
        &lock_path,
        clean.replacen(entry, &format!("{entry},\n{entry}"), 1),
    )
    .unwrap();
    let run = briefing(dir.path(), &["build"]);
    assert!(run.ok(), "{}", run.stderr);
    assert!(run.stdout.contains("quotes.lock updated"), "{}", run.stdout);
    assert_eq!(read(&lock_path), clean);
}

#[test]
fn an_edited_quote_is_unverified_until_checked_again() {
    let dir = fixture("minimal");
    assert!(briefing(dir.path(), &["build"]).ok());
    fs::remove_dir_all(dir.path().join("originals")).unwrap();
    edit(
        dir.path(),
        "content/sources/beta.md",
        "a buyer abroad has signed",
        "a buyer abroad signed",
    );
    let run = briefing(dir.path(), &["build"]);
    assert!(run.ok(), "{}", run.stderr);
    assert!(
        run.stdout.contains("4 by quotes.lock, 1 unverified"),
        "{}",
        run.stdout
    );
    let page = html(&dir.path().join("public/sources/beta/index.html"));
    let unverified = select(&page, ".check.unverified");
    assert_eq!(unverified.len(), 1);
    assert!(text(&unverified[0]).contains("Unverified"));
    let front = text(&select(&html(&dir.path().join("public/index.html")), "main")[0]);
    assert!(front.contains("1 are not yet verified"), "{front}");

    let strict = briefing(dir.path(), &["build", "--require-verified"]);
    assert_eq!(strict.code, Some(1));
    assert!(
        strict.stderr.contains("content/sources/beta.md:"),
        "{}",
        strict.stderr
    );
    assert!(
        strict.stderr.contains("quote is not verified"),
        "{}",
        strict.stderr
    );
}

#[test]
fn originals_flag_overrides_the_briefing_and_must_exist() {
    let dir = fixture("minimal");
    let moved = dir.path().join("elsewhere");
    fs::rename(dir.path().join("originals"), &moved).unwrap();
    let without = briefing(dir.path(), &["build"]);
    assert!(without.ok(), "{}", without.stderr);
    assert!(
        without.stdout.contains("5 unverified"),
        "{}",
        without.stdout
    );
    let with = briefing(dir.path(), &["build", "--originals", "elsewhere"]);
    assert!(with.ok(), "{}", with.stderr);
    assert!(
        with.stdout.contains("5 verified against originals"),
        "{}",
        with.stdout
    );
    let missing = briefing(dir.path(), &["build", "--originals", "nowhere"]);
    assert_eq!(missing.code, Some(1));
    assert!(
        missing
            .stderr
            .contains("error: nowhere: --originals names no readable folder"),
        "{}",
        missing.stderr
    );
}

#[test]
fn an_original_cannot_be_read_from_outside_its_folder() {
    let dir = fixture("minimal");
    fs::write(
        dir.path().join("secret.txt"),
        "Acme doubled capacity last year",
    )
    .unwrap();
    let line = edit(
        dir.path(),
        "content/sources/alpha.md",
        "original: \"alpha.txt\"",
        "original: \"../secret.txt\"",
    );
    let run = briefing(dir.path(), &["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains(&format!("content/sources/alpha.md:{line}:")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("leads outside the originals folder"),
        "{}",
        run.stderr
    );
}

#[test]
fn folding_accepts_curly_quotes_dashes_and_line_breaks() {
    let dir = fixture("minimal");
    fs::write(
        dir.path().join("originals/beta.txt"),
        "Widget boom \u{2014} capacity at Acme\n   Corp has doubled, and \u{201C}a buyer abroad has\nsigned\u{201D}.",
    )
    .unwrap();
    let run = briefing(dir.path(), &["build"]);
    assert!(run.ok(), "{}", run.stderr);
    assert!(
        run.stdout.contains("5 verified against originals"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_quote_command_finds_a_paraphrase_and_a_passage_across_a_line_break() {
    let dir = fixture("minimal");
    // One word changed: "now" for "still".
    let run = briefing(dir.path(), &["quote", "alpha", "the permit is now pending"]);
    assert!(run.ok(), "{}", run.stderr);
    assert!(
        run.stdout.starts_with("alpha.txt, line 3, "),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("% alike:\n    quote: \"the permit is still pending\"\n"),
        "{}",
        run.stdout
    );
    // The original breaks the line inside the passage; curly quotes in the
    // words match straight ones.
    let run = briefing(
        dir.path(),
        &[
            "quote",
            "alpha",
            "\u{201C}But the permit is still pending\u{201D}",
        ],
    );
    assert!(run.ok(), "{}", run.stderr);
    assert!(run.stdout.contains("line 3, "), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("100% alike:\n    quote: \"But the permit is still pending\"\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_quote_command_escapes_for_yaml_and_lists_alike_passages() {
    let dir = fixture("minimal");
    fs::write(
        dir.path().join("originals/alpha.txt"),
        "Acme eyes exports\n\nThe CEO said \"we will sell abroad\" in March.\n\n\
         Later the CFO said \"we will sell abroad\" in June.\n",
    )
    .unwrap();
    // The same words in two places: one passage to paste, found where a
    // build will find it.
    let run = briefing(
        dir.path(),
        &["quote", "alpha", "said we will sell abroad in"],
    );
    assert!(run.ok(), "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "alpha.txt, line 3 (and at least 1 more place), 100% alike:\n    \
             quote: \"said \\\"we will sell abroad\\\" in\"\n"
        ),
        "{}",
        run.stdout
    );
    // Words like two different passages: both, the best first.
    let run = briefing(
        dir.path(),
        &["quote", "alpha", "the CxO said we will sell abroad"],
    );
    assert!(run.ok(), "{}", run.stderr);
    assert!(
        run.stdout.contains("2 passages of `alpha.txt` are alike"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("line 3,") && run.stdout.contains("line 5,"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_quote_command_says_when_nothing_is_alike_or_the_source_is_unknown() {
    let dir = fixture("minimal");
    let run = briefing(
        dir.path(),
        &["quote", "alpha", "zebras migrate across the plains"],
    );
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("nothing in `alpha.txt` is like these words"),
        "{}",
        run.stderr
    );
    let run = briefing(dir.path(), &["quote", "alpah", "the permit"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("did you mean `alpha`?"),
        "{}",
        run.stderr
    );
}

/// The fixture with a third source whose original is a saved web page.
fn with_a_web_page(annotations: &str, extra: &str) -> tempfile::TempDir {
    let dir = fixture("minimal");
    fs::copy(
        repo().join("tests/fixtures/pages/acme-news.html"),
        dir.path().join("originals/gamma.html"),
    )
    .unwrap();
    fs::write(
        dir.path().join("content/sources/gamma.md"),
        format!(
            "---\ntitle: \"Acme weighs selling widgets abroad\"\npublisher: \"Gamma Post\"\n\
             published: 2026-03-05\noriginal: \"gamma.html\"\n{extra}annotations:\n{annotations}---\n\
             The page, saved with its navigation and adverts.\n"
        ),
    )
    .unwrap();
    dir
}

#[test]
fn a_web_page_original_is_read_as_its_article() {
    let dir = with_a_web_page(
        "  - claim: acme-capacity-doubled\n    quote: \"after the company doubled its capacity last year\"\n    stance: supports\n  \
         - claim: buyer-named\n    quote: \"The talks are at an early stage and no buyer has been chosen.\"\n    stance: disputes\n  \
         - claim: export-permit-pending\n    quote: \"The Trade Office has yet to rule on the export permit\"\n    stance: supports\n",
        "",
    );
    let run = briefing(dir.path(), &["build", "--require-verified"]);
    assert!(run.ok(), "{}", run.stderr);
    assert!(
        run.stdout.contains("8 verified against originals"),
        "{}",
        run.stdout
    );
    // The lock says how the text was taken from the page.
    let lock = read(&dir.path().join("content/quotes.lock"));
    assert!(
        lock.contains("\"extractor\": \"html article, dom_smoothie 0.19\""),
        "{lock}"
    );
    assert_eq!(lock.matches("\"extractor\"").count(), 3, "{lock}");

    // A clone without the originals still verifies by the lock.
    fs::remove_dir_all(dir.path().join("originals")).unwrap();
    let clone = briefing(dir.path(), &["build", "--require-verified"]);
    assert!(clone.ok(), "{}", clone.stderr);
}

#[test]
fn a_quote_from_a_pages_navigation_is_not_in_its_article_but_is_in_its_full_text() {
    let quote = "  - claim: buyer-named\n    quote: \"Subscribe for unlimited access today\"\n    stance: qualifies\n";
    let dir = with_a_web_page(quote, "");
    let run = briefing(dir.path(), &["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("quote not found in the original `gamma.html`"),
        "{}",
        run.stderr
    );
    // Quoting the page whole: the navigation, captions and sidebars too.
    let dir = with_a_web_page(quote, "original_text: full\n");
    let run = briefing(dir.path(), &["build", "--require-verified"]);
    assert!(run.ok(), "{}", run.stderr);
    let lock = read(&dir.path().join("content/quotes.lock"));
    assert!(
        lock.contains("\"extractor\": \"html full text, dom_query 0.29\""),
        "{lock}"
    );
}

/// The fixture with a third source whose original is a two-page PDF with
/// a running header, page numbers, a ligature and a word hyphenated
/// across the page break.
fn with_a_pdf(pdf: &[u8], annotations: &str) -> tempfile::TempDir {
    let dir = fixture("minimal");
    fs::write(dir.path().join("originals/gamma.pdf"), pdf).unwrap();
    fs::write(
        dir.path().join("content/sources/gamma.md"),
        format!(
            "---\ntitle: \"Acme's export plans\"\npublisher: \"Gamma Research\"\n\
             published: 2026-03-05\noriginal: \"gamma.pdf\"\nannotations:\n{annotations}---\n\
             A research note, as a PDF.\n"
        ),
    )
    .unwrap();
    dir
}

fn report_pdf() -> Vec<u8> {
    pdf(
        "Gamma Research | Acme exports",
        &[
            &[
                "Quarterly note on exports",
                "Acme doubled its capacity last year, and its {fi}nance chief",
                "said the company would seek an export permit in the third quar-",
            ],
            &[
                "ter, once the new line is running at full speed.",
                "No buyer has been named for the widgets.",
            ],
        ],
        &[],
        None,
    )
}

#[test]
fn a_pdf_original_is_read_from_its_text_layer_as_a_reader_reads_it() {
    // Across a ligature, a line end, a hyphenated word and the page break
    // with its footer and header.
    let dir = with_a_pdf(
        &report_pdf(),
        "  - claim: export-permit-pending\n    quote: \"its finance chief said the company would \
         seek an export permit in the third quarter, once the new line is running\"\n    \
         stance: qualifies\n  - claim: buyer-named\n    quote: \"No buyer has been named\"\n    \
         stance: disputes\n",
    );
    let run = briefing(dir.path(), &["build", "--require-verified"]);
    assert!(run.ok(), "{}", run.stderr);
    assert!(
        run.stdout.contains("7 verified against originals"),
        "{}",
        run.stdout
    );
    let lock = read(&dir.path().join("content/quotes.lock"));
    assert!(
        lock.contains("\"extractor\": \"pdf text layer, pdf-extract 0.10\""),
        "{lock}"
    );
    // A clone without the originals still verifies by the lock.
    fs::remove_dir_all(dir.path().join("originals")).unwrap();
    let clone = briefing(dir.path(), &["build", "--require-verified"]);
    assert!(clone.ok(), "{}", clone.stderr);
}

#[test]
fn a_quote_that_misses_in_a_pdf_names_the_page_and_a_running_header_is_not_text() {
    let dir = with_a_pdf(
        &report_pdf(),
        "  - claim: buyer-named\n    quote: \"No buyer has been chosen for the widgets\"\n    \
         stance: disputes\n  - claim: export-permit-pending\n    quote: \"third quar- Gamma \
         Research | Acme exports Page 2 ter\"\n    stance: supports\n",
    );
    let run = briefing(dir.path(), &["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(
        run.stderr.contains("the original, page 2: "),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr
            .matches("quote not found in the original `gamma.pdf`")
            .count(),
        2,
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("gamma.md:11:"), "{}", run.stderr);
}

#[test]
fn a_pdf_without_a_text_layer_is_an_error_that_says_so() {
    let scan = pdf("", &[&[], &[]], &[], None);
    let dir = with_a_pdf(&scan, "  []\n");
    let run = briefing(dir.path(), &["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("original `gamma.pdf` has no text layer: its 2 pages hold images of text"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("gamma.md:5:"), "{}", run.stderr);
    assert!(run.stderr.contains("ocrmypdf"), "{}", run.stderr);
    // Not a PDF at all.
    let dir = with_a_pdf(b"<html>saved by mistake</html>", "  []\n");
    let run = briefing(dir.path(), &["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("original `gamma.pdf` is not a PDF that can be read"),
        "{}",
        run.stderr
    );
}
