//! Watch mode against the full build, on random edits: sequences of 1 to 20
//! edits of every kind of content file and field, templates and originals
//! (edits that break the build and edits that repair it among them). After
//! each edit the watch session rebuilds what the edit touched, a full build
//! of the same tree is made beside it, and the two must agree: both fail,
//! or both succeed with the same bytes in every file.
//!
//! CI runs a bounded number of cases; `PROPTEST_CASES=N` runs more.

mod common;

use briefing::session::Session;
use briefing::BuildOptions;
use common::*;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

const SOURCES: [&str; 2] = ["alpha", "beta"];
const PUBLISHERS: [&str; 3] = ["Alpha Daily", "Beta Weekly", "Gamma Post"];
const STANCES: [&str; 3] = ["supports", "qualifies", "disputes"];
const CLAIMS: [&str; 5] = [
    "acme-capacity-doubled",
    "export-permit-pending",
    "buyer-named",
    "widget-price-falls",
    "no-such-claim",
];
/// Quotes to give each source: passages of its original, and one that is
/// not in it.
const QUOTES: [[&str; 5]; 2] = [
    [
        "Acme doubled capacity last year",
        "the permit is still pending",
        "no buyer has been named",
        "the filing shows",
        "Acme tripled capacity",
    ],
    [
        "capacity at Acme Corp has doubled",
        "a buyer abroad has signed",
        "Beta understands",
        "Widget boom",
        "a buyer at home",
    ],
];
const WORDS: [&str; 6] = [
    "Acme",
    "Trade Office",
    "widgets",
    "Acme Corp",
    "exports",
    "Gamma",
];
/// Inline references, to each kind of record, and one to no record.
const REFS: [&str; 8] = [
    "[[acme-capacity-doubled]]",
    "[[buyer-named|a buyer]]",
    "[[source:alpha]]",
    "[[source:beta|Beta]]",
    "[[entity:acme]]",
    "[[event:permit-decision]]",
    "[[no-such-claim]]",
    "[[page:about]]",
];
const DATES: [&str; 5] = ["2025-Q4", "2026-03-02", "2026-Q3", "2026-06", "2026"];

/// One edit, with the choices it makes.
#[derive(Debug, Clone)]
enum Edit {
    SourceTitle(usize, usize),
    Publisher(usize, usize),
    Stance(usize, usize, usize),
    AnnotationClaim(usize, usize, usize),
    Quote(usize, usize, usize),
    Digest(usize, usize),
    /// A sentence citing `REFS[r]`, added to a source's digest.
    DigestRef(usize, usize),
    /// An annotation's note, made to cite `REFS[r]`.
    NoteRef(usize, usize, usize),
    /// A case point's argument, made to cite `REFS[r]`.
    ArgumentRef(usize, usize),
    Statement(usize, usize),
    Topic(usize, usize),
    /// Takes the verdict off the claim no source annotates (it is then
    /// unsupported: an error), or puts it back.
    Verdict(bool),
    EventTitle(usize, usize),
    EventDate(usize, usize),
    Alias(usize),
    BottomLine(usize),
    AsOf(usize),
    Argument(usize, usize),
    PageBody(usize),
    AddSource(usize),
    RemoveSource(usize),
    Template(usize),
    Original(usize, usize),
    /// Records the next edition (`briefing edition`), when the briefing
    /// builds and has changed since the last.
    Issue,
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    let s = 0..SOURCES.len();
    prop_oneof![
        (s.clone(), 0..WORDS.len()).prop_map(|(s, w)| Edit::SourceTitle(s, w)),
        (s.clone(), 0..PUBLISHERS.len()).prop_map(|(s, p)| Edit::Publisher(s, p)),
        (s.clone(), 0..3usize, 0..STANCES.len()).prop_map(|(s, a, v)| Edit::Stance(s, a, v)),
        (s.clone(), 0..3usize, 0..CLAIMS.len())
            .prop_map(|(s, a, c)| Edit::AnnotationClaim(s, a, c)),
        (s.clone(), 0..3usize, 0..5usize).prop_map(|(s, a, q)| Edit::Quote(s, a, q)),
        (s.clone(), 0..WORDS.len()).prop_map(|(s, w)| Edit::Digest(s, w)),
        (s.clone(), 0..REFS.len()).prop_map(|(s, r)| Edit::DigestRef(s, r)),
        (s.clone(), 0..3usize, 0..REFS.len()).prop_map(|(s, a, r)| Edit::NoteRef(s, a, r)),
        (0..2usize, 0..REFS.len()).prop_map(|(p, r)| Edit::ArgumentRef(p, r)),
        (0..4usize, 0..WORDS.len()).prop_map(|(c, w)| Edit::Statement(c, w)),
        (0..4usize, 0..WORDS.len()).prop_map(|(c, w)| Edit::Topic(c, w)),
        any::<bool>().prop_map(Edit::Verdict),
        (0..3usize, 0..WORDS.len()).prop_map(|(e, w)| Edit::EventTitle(e, w)),
        (0..3usize, 0..DATES.len()).prop_map(|(e, d)| Edit::EventDate(e, d)),
        (0..WORDS.len()).prop_map(Edit::Alias),
        (0..WORDS.len()).prop_map(Edit::BottomLine),
        (0..DATES.len()).prop_map(Edit::AsOf),
        (0..2usize, 0..WORDS.len()).prop_map(|(p, w)| Edit::Argument(p, w)),
        (0..WORDS.len()).prop_map(Edit::PageBody),
        (0..2usize).prop_map(Edit::AddSource),
        (0..2usize).prop_map(Edit::RemoveSource),
        (0..WORDS.len()).prop_map(Edit::Template),
        (s, 0..3usize).prop_map(|(s, v)| Edit::Original(s, v)),
        Just(Edit::Issue),
    ]
}

/// Replaces the `nth` line of `rel` that starts with `prefix` (after its
/// indentation) with `line`, keeping the indentation; does nothing when
/// there is no such line.
fn set_line(root: &Path, rel: &str, prefix: &str, nth: usize, line: &str) {
    let path = root.join(rel);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return;
    };
    let matching: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with(prefix))
        .map(|(i, _)| i)
        .collect();
    let Some(&at) = matching.get(nth % matching.len().max(1)) else {
        return;
    };
    let out: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == at {
                let indent = &l[..l.len() - l.trim_start().len()];
                format!("{indent}{line}")
            } else {
                l.to_string()
            }
        })
        .collect();
    std::fs::write(&path, out.join("\n") + "\n").unwrap();
}

fn append(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    let before = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, before + text).unwrap();
}

/// Applies `edit` to the project at `root`; returns the paths it changed,
/// as a file watcher would report them.
fn apply(root: &Path, edit: &Edit, pristine: &Path) -> Vec<PathBuf> {
    let source = |s: usize| format!("content/sources/{}.md", SOURCES[s]);
    let rel: String = match *edit {
        Edit::SourceTitle(s, w) => {
            set_line(
                root,
                &source(s),
                "title:",
                0,
                &format!("title: \"{} news\"", WORDS[w]),
            );
            source(s)
        }
        Edit::Publisher(s, p) => {
            set_line(
                root,
                &source(s),
                "publisher:",
                0,
                &format!("publisher: \"{}\"", PUBLISHERS[p]),
            );
            source(s)
        }
        Edit::Stance(s, a, v) => {
            set_line(
                root,
                &source(s),
                "stance:",
                a,
                &format!("stance: {}", STANCES[v]),
            );
            source(s)
        }
        Edit::AnnotationClaim(s, a, c) => {
            set_line(
                root,
                &source(s),
                "- claim:",
                a,
                &format!("- claim: {}", CLAIMS[c]),
            );
            source(s)
        }
        Edit::Quote(s, a, q) => {
            set_line(
                root,
                &source(s),
                "quote:",
                a,
                &format!("quote: \"{}\"", QUOTES[s][q]),
            );
            source(s)
        }
        Edit::Digest(s, w) => {
            append(root, &source(s), &format!("\n{} matter here.\n", WORDS[w]));
            source(s)
        }
        Edit::DigestRef(s, r) => {
            append(
                root,
                &source(s),
                &format!("\nIt matters, per {}.\n", REFS[r]),
            );
            source(s)
        }
        Edit::NoteRef(s, a, r) => {
            set_line(
                root,
                &source(s),
                "note:",
                a,
                &format!("note: \"Compare {}.\"", REFS[r]),
            );
            source(s)
        }
        Edit::ArgumentRef(p, r) => {
            set_line(
                root,
                "content/cases/bull.md",
                "argument:",
                p,
                &format!("argument: \"Two agree {}.\"", REFS[r]),
            );
            "content/cases/bull.md".into()
        }
        Edit::Statement(c, w) => {
            set_line(
                root,
                "content/claims.yaml",
                "statement:",
                c,
                &format!("statement: \"{} say so.\"", WORDS[w]),
            );
            "content/claims.yaml".into()
        }
        Edit::Topic(c, w) => {
            let topic = WORDS[w].to_lowercase().replace(' ', "-");
            set_line(
                root,
                "content/claims.yaml",
                "topic:",
                c,
                &format!("topic: {topic}"),
            );
            "content/claims.yaml".into()
        }
        Edit::Verdict(on) => {
            let path = root.join("content/claims.yaml");
            let text = read(&path);
            let verdict = "  verdict: unverified\n  verdict_note: \"No source gives a basis for this forecast.\"\n";
            let text = if on && !text.contains(verdict) {
                text.replacen(
                    "  topic: market\n",
                    &format!("  topic: market\n{verdict}"),
                    1,
                )
            } else {
                text.replacen(verdict, "", 1)
            };
            std::fs::write(&path, text).unwrap();
            "content/claims.yaml".into()
        }
        Edit::EventTitle(e, w) => {
            set_line(
                root,
                "content/timeline.yaml",
                "title:",
                e,
                &format!("title: \"{} act\"", WORDS[w]),
            );
            "content/timeline.yaml".into()
        }
        Edit::EventDate(e, d) => {
            set_line(
                root,
                "content/timeline.yaml",
                "- date:",
                e,
                &format!("- date: {}", DATES[d]),
            );
            "content/timeline.yaml".into()
        }
        Edit::Alias(w) => {
            set_line(
                root,
                "content/entities.yaml",
                "aliases:",
                0,
                &format!("aliases: [\"{}\"]", WORDS[w]),
            );
            "content/entities.yaml".into()
        }
        Edit::BottomLine(w) => {
            set_line(
                root,
                "content/briefing.yaml",
                "Probably",
                0,
                &format!("Probably, says {}.", WORDS[w]),
            );
            "content/briefing.yaml".into()
        }
        Edit::AsOf(d) => {
            set_line(
                root,
                "content/briefing.yaml",
                "as_of:",
                0,
                &format!("as_of: {}", DATES[d]),
            );
            "content/briefing.yaml".into()
        }
        Edit::Argument(p, w) => {
            set_line(
                root,
                "content/cases/bull.md",
                "argument:",
                p,
                &format!("argument: \"{} agree.\"", WORDS[w]),
            );
            "content/cases/bull.md".into()
        }
        Edit::PageBody(w) => {
            append(
                root,
                "content/pages/about.md",
                &format!("\n## {}\n\nMore.\n", WORDS[w]),
            );
            "content/pages/about.md".into()
        }
        Edit::AddSource(k) => {
            let rel = format!("content/sources/extra-{k}.md");
            std::fs::copy(root.join(source(1)), root.join(&rel)).unwrap();
            rel
        }
        Edit::RemoveSource(k) => {
            let rel = format!("content/sources/extra-{k}.md");
            let _ = std::fs::remove_file(root.join(&rel));
            rel
        }
        Edit::Template(w) => {
            let rel = "templates/base.html";
            let text = read(&root.join(rel));
            std::fs::write(
                root.join(rel),
                text.replacen("</footer>", &format!("<!-- {} --></footer>", WORDS[w]), 1),
            )
            .unwrap();
            rel.into()
        }
        Edit::Original(s, v) => {
            let rel = format!("originals/{}.txt", SOURCES[s]);
            let text = read(&pristine.join(&rel));
            let text = match v {
                0 => text,
                1 => format!("Filed in March.\n\n{text}"),
                _ => text.replace("doubled", "grew"),
            };
            std::fs::write(root.join(&rel), text).unwrap();
            rel
        }
        Edit::Issue => {
            return match briefing::edition::record(
                &BuildOptions::new(root),
                "Issued by the test.",
                Some("2026-04-01"),
            ) {
                Ok(recorded) => vec![root.join(recorded.path)],
                Err(_) => Vec::new(),
            };
        }
    };
    vec![root.join(rel)]
}

fn check_sequence(edits: &[Edit]) -> Result<(), TestCaseError> {
    let dir = fixture("minimal");
    let root = dir.path();
    let pristine = repo().join("tests/fixtures/minimal");
    // An edition issued before the session starts: every edit then shows
    // in the draft's change list, the claims' histories and the editions'
    // pages, which watch mode must keep current.
    briefing::edition::record(&BuildOptions::new(root), "First.", Some("2026-03-01")).unwrap();
    let mut session = Session::new(BuildOptions::new(root));
    prop_assert!(session.full().report.is_some(), "the first build fails");
    for (step, edit) in edits.iter().enumerate() {
        let changed = apply(root, edit, &pristine);
        let run = session.update(&changed);
        let incremental_ok = run.report.is_some();
        let full = full_build_beside(root).ok();
        prop_assert_eq!(
            incremental_ok,
            full.is_some(),
            "step {} ({:?}) of {:?}: watch mode {} where a full build {}:\n{}",
            step + 1,
            edit,
            edits,
            if incremental_ok {
                "succeeded"
            } else {
                "failed"
            },
            if full.is_some() { "succeeds" } else { "fails" },
            run.diagnostics.render(session.files())
        );
        if let Some(full) = full {
            let public = snapshot(&root.join("public"));
            let differ = differing(&full, &public);
            prop_assert!(
                differ.is_empty(),
                "step {} ({:?}) of {:?}: these files differ from a full build: {:?}",
                step + 1,
                edit,
                edits,
                differ
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(12),
        ..ProptestConfig::default()
    })]

    #[test]
    fn watch_mode_builds_what_a_full_build_builds(edits in prop::collection::vec(edit_strategy(), 1..=20)) {
        check_sequence(&edits)?;
    }
}
