//! Properties over generated input: whatever text an analyst writes, the
//! pages escape it and show it back unchanged; a generated briefing builds
//! the same bytes twice, and every link in it resolves.

mod common;

use briefing::render::markdown::to_html;
use briefing::BuildOptions;
use common::*;
use proptest::prelude::*;
use std::fmt::Write as _;
use std::path::Path;

/// Text with the characters that matter to HTML and YAML, and some that
/// look like markup.
fn hostile_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("<script>alert(1)</script>".to_string()),
            Just("<img src=x onerror=alert(1)>".to_string()),
            Just("javascript:alert(1)".to_string()),
            Just("\"'&<>".to_string()),
            Just("</title><h1>x".to_string()),
            "[a-zA-Z0-9 .,;:!?()-]{1,12}",
            "\\PC{1,4}",
        ],
        1..6,
    )
    .prop_map(|parts| parts.join(" "))
    .prop_filter("not blank", |s| !s.trim().is_empty())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Markdown never lets markup or a script URL through.
    #[test]
    fn markdown_output_carries_no_active_markup(text in hostile_text()) {
        for source in [text.clone(), format!("[link]({text})"), format!("<{text}>"), format!("![i]({text})")] {
            let html = to_html(&source).to_lowercase();
            prop_assert!(!html.contains("<script"), "{html}");
            prop_assert!(!html.contains("<img src=x"), "{html}");
            prop_assert!(!html.contains("href=\"javascript:"), "{html}");
            prop_assert!(!html.contains("src=\"javascript:"), "{html}");
        }
    }
}

/// A YAML double-quoted string for any text.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

/// Writes a small briefing whose titles and statements are `texts`, with
/// `n` claims and sources citing each other in a pattern set by `seed`.
fn write_project(root: &Path, texts: &[String], n: usize, seed: usize) {
    let c = root.join("content");
    for d in ["sources", "cases", "pages"] {
        std::fs::create_dir_all(c.join(d)).unwrap();
    }
    let t = |i: usize| quoted(&texts[i % texts.len()]);
    std::fs::write(
        c.join("briefing.yaml"),
        format!(
            "title: {}\nquestion: {}\nas_of: 2026-06-01\nbottom_line: {}\n",
            t(0),
            t(1),
            t(2)
        ),
    )
    .unwrap();
    let mut claims = String::new();
    let mut entities = String::new();
    for e in 0..3 {
        let _ = writeln!(entities, "- id: e{e}\n  name: {}\n  kind: other", t(e + 3));
    }
    for i in 0..n {
        let _ = writeln!(
            claims,
            "- id: c{i}\n  statement: {}\n  topic: {}\n  entities: [e{}]",
            t(i + 1),
            t(i + 2),
            (i + seed) % 3
        );
    }
    std::fs::write(c.join("claims.yaml"), claims).unwrap();
    std::fs::write(c.join("entities.yaml"), entities).unwrap();
    let mut timeline = String::new();
    for i in 0..n {
        let _ = writeln!(
            timeline,
            "- date: 2026-0{}\n  title: {}\n  claims: [c{i}]\n  sources: [s{}]",
            1 + i % 5,
            t(i + 4),
            (i + seed) % n
        );
        let stance = ["supports", "qualifies", "disputes"][(i + seed) % 3];
        let other = (i + 1 + seed) % n;
        std::fs::write(
            c.join(format!("sources/s{i}.md")),
            format!(
                "---\ntitle: {}\npublisher: {}\nannotations:\n  - claim: c{i}\n    quote: {}\n    stance: supports\n  - claim: c{other}\n    quote: {}\n    stance: {stance}\n    note: {}\n---\n{}\n",
                t(i + 5),
                t(i + 6),
                t(i + 7),
                t(i + 8),
                t(i + 9),
                texts[(i + 10) % texts.len()]
            ),
        )
        .unwrap();
    }
    std::fs::write(c.join("timeline.yaml"), timeline).unwrap();
    for side in ["bull", "bear"] {
        std::fs::write(
            c.join(format!("cases/{side}.md")),
            format!("---\ntitle: {}\npoints:\n  - title: {}\n    argument: {}\n    claims: [c0]\n---\n{}\n", t(11), t(12), t(13), texts[14 % texts.len()]),
        )
        .unwrap();
    }
    std::fs::write(
        c.join("pages/p.md"),
        format!("---\ntitle: {}\n---\n{}\n", t(15), texts[16 % texts.len()]),
    )
    .unwrap();
}

/// Typographic punctuation back to the keyboard's.
fn plain_punctuation(text: &str) -> String {
    text.replace(['\u{201C}', '\u{201D}'], "\"")
        .replace(['\u{2018}', '\u{2019}'], "'")
        .replace('\u{2014}', "---")
        .replace('\u{2013}', "--")
        .replace('\u{2026}', "...")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Any generated briefing builds; twice gives the same bytes; every
    /// link resolves; and each claim's statement reads back unchanged.
    #[test]
    fn generated_briefings_build_deterministically_with_working_links(
        texts in prop::collection::vec(hostile_text(), 17..20),
        n in 1usize..6,
        seed in 0usize..100,
    ) {
        let dir = tempfile::tempdir().unwrap();
        write_project(dir.path(), &texts, n, seed);
        let mut options = BuildOptions::new(dir.path());
        let first = briefing::build(&options);
        prop_assert!(first.is_ok(), "{}", first.err().map(|p| p.render()).unwrap_or_default());
        let public = dir.path().join("public");
        let once = snapshot(&public);
        options.out = Some(dir.path().join("again"));
        prop_assert!(briefing::build(&options).is_ok());
        prop_assert_eq!(&once, &snapshot(&dir.path().join("again")));
        prop_assert_eq!(broken_links(&public), Vec::<String>::new());
        for i in 0..n {
            let doc = html(&public.join(format!("claims/c{i}/index.html")));
            let shown = select(&doc, "h1.statement")[0].text().collect::<String>();
            // Read back as text, with only the punctuation set as prose
            // sets it (curly quotes, dashes, ellipses).
            prop_assert_eq!(
                plain_punctuation(shown.trim()),
                plain_punctuation(texts[(i + 1) % texts.len()].trim())
            );
        }
    }
}
