//! The sources and the briefing as bibliographies: one BibLaTeX, CSL-JSON
//! and RIS file each, dates at their precision, the briefing's edition
//! named. (Pandoc and a RIS reader read them in the browser tests.)

mod common;

use common::*;
use serde_json::Value;

#[test]
fn every_source_is_in_each_bibliography_at_its_dates_precision() {
    let dir = fixture("minimal");
    let root = dir.path();
    edit(
        root,
        "content/sources/beta.md",
        "published: 2026-03",
        "published: 2026-03\nauthor: \"Desk & Co {50%}\"",
    );
    let run = briefing(root, &["build"]);
    assert!(run.ok(), "{}", run.stderr);
    let data = root.join("public/data");
    let csl: Value = serde_json::from_str(&read(&data.join("sources.csl.json"))).unwrap();
    let items = csl.as_array().unwrap();
    assert_eq!(items.len(), 2);
    let by_id = |id: &str| items.iter().find(|i| i["id"] == id).unwrap().clone();
    assert_eq!(
        by_id("alpha")["issued"]["date-parts"],
        serde_json::json!([[2026, 3, 2]])
    );
    assert_eq!(
        by_id("beta")["issued"]["date-parts"],
        serde_json::json!([[2026, 3]])
    );
    assert_eq!(by_id("alpha")["author"][0]["literal"], "A. Writer");
    assert_eq!(by_id("alpha")["URL"], "https://alpha.example/acme");

    let bib = read(&data.join("sources.bib"));
    assert_eq!(
        bib.matches("\n@").count() + usize::from(bib.starts_with('@')),
        2,
        "{bib}"
    );
    assert!(
        bib.contains("{alpha,\n") && bib.contains("{beta,\n"),
        "{bib}"
    );
    assert!(bib.contains("  date = {2026-03},\n"), "{bib}");
    // LaTeX's specials escaped, the name kept whole.
    assert!(
        bib.contains("  author = {{Desk \\& Co \\{50\\%\\}}},\n"),
        "{bib}"
    );

    let ris = read(&data.join("sources.ris"));
    assert_eq!(ris.matches("ER  - \r\n").count(), 2, "{ris}");
    assert!(ris.contains("DA  - 2026/03//\r\n"), "{ris}");

    // The briefing, before and after its first edition.
    let before = read(&data.join("briefing.ris"));
    assert!(!before.contains("ET  - "), "{before}");
    let edition = briefing(root, &["edition", "--date", "2026-03-20"]);
    assert!(edition.ok(), "{}", edition.stderr);
    let run = briefing(root, &["build"]);
    assert!(run.ok(), "{}", run.stderr);
    let after = read(&data.join("briefing.ris"));
    assert!(after.contains("ET  - Edition 1\r\n"), "{after}");
    assert!(after.contains("DA  - 2026/03/20/\r\n"), "{after}");
    assert!(after.contains("AU  - Test desk\r\n"), "{after}");
    let csl: Value = serde_json::from_str(&read(&data.join("briefing.csl.json"))).unwrap();
    assert_eq!(csl[0]["edition"], "1");
}
