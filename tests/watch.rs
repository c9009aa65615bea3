//! Watch mode: after each change, the site written in place must be exactly
//! what a full build of the same content writes, while only the pages the
//! change touched are rewritten.

mod common;

use briefing::session::Session;
use briefing::BuildOptions;
use common::*;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A full build of the project as it is now, into a separate folder; it
/// must succeed.
fn full_build(root: &Path) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    full_build_beside(root).unwrap_or_else(|report| panic!("{report}"))
}

/// A watch session on `root` after its first build, which must succeed.
fn built(root: &Path) -> Session {
    let mut session = Session::new(BuildOptions::new(root));
    let first = session.full();
    assert!(
        first.report.is_some(),
        "{}",
        first.diagnostics.render(session.files())
    );
    session
}

/// Brings `session` up to date after `changed`; the rebuild must succeed.
fn rebuilt(session: &mut Session, changed: &[std::path::PathBuf]) -> briefing::Report {
    let run = session.update(changed);
    run.report
        .unwrap_or_else(|| panic!("{}", run.diagnostics.render(session.files())))
}

struct Step {
    what: &'static str,
    file: &'static str,
    apply: fn(&Path),
    /// How many pages the change rewrites: only those whose bytes
    /// change, and at least one unless the change shows on no page.
    pages: std::ops::RangeInclusive<usize>,
    /// Whether the fast path (patching the linked graph) must take it.
    patched: bool,
}

#[test]
fn incremental_output_matches_a_full_build_after_each_change() {
    let dir = fixture("minimal");
    let root = dir.path();
    let mut session = built(root);
    let public = root.join("public");

    let steps = [
        Step {
            what: "a digest",
            file: "content/sources/alpha.md",
            apply: |r| {
                edit(
                    r,
                    "content/sources/alpha.md",
                    "Alpha has the permit detail first.",
                    "Alpha had the permit detail first, on 2 March.",
                );
            },
            pages: 2..=2,
            patched: true,
        },
        Step {
            what: "a reference added to a digest: the cited claim's page lists it",
            file: "content/sources/alpha.md",
            apply: |r| {
                edit(
                    r,
                    "content/sources/alpha.md",
                    "on 2 March.",
                    "on 2 March [[export-permit-pending|the permit]].",
                );
            },
            // The source's page, and the claim's page with its new
            // "cited by" entry.
            pages: 3..=3,
            patched: true,
        },
        Step {
            what: "a reference pointed at another claim",
            file: "content/sources/alpha.md",
            apply: |r| {
                edit(
                    r,
                    "content/sources/alpha.md",
                    "[[export-permit-pending|the permit]]",
                    "[[acme-capacity-doubled|the permit]]",
                );
            },
            // The source's page, and the pages of the claim it left and
            // of the claim it cites now.
            pages: 4..=4,
            patched: true,
        },
        Step {
            what: "an annotation's note, shown on the claim's page too",
            file: "content/sources/alpha.md",
            apply: |r| {
                edit(
                    r,
                    "content/sources/alpha.md",
                    "Says *pending*, not refused.",
                    "Says *pending*; nothing is refused yet.",
                );
            },
            pages: 2..=3,
            patched: true,
        },
        Step {
            what: "a publisher, which changes a status",
            file: "content/sources/beta.md",
            apply: |r| {
                edit(
                    r,
                    "content/sources/beta.md",
                    "publisher: \"Beta Weekly\"",
                    "publisher: \"Alpha Daily\"",
                );
            },
            pages: 1..=15,
            patched: true,
        },
        Step {
            what: "an annotation pointed at another claim",
            file: "content/sources/beta.md",
            apply: |r| {
                edit(
                    r,
                    "content/sources/beta.md",
                    "claim: buyer-named",
                    "claim: widget-price-falls",
                );
            },
            pages: 1..=15,
            patched: true,
        },
        Step {
            what: "a digest that now names an entity",
            file: "content/sources/beta.md",
            apply: |r| {
                edit(
                    r,
                    "content/sources/beta.md",
                    "names no source for the buyer.",
                    "names no source for the buyer, nor the Trade Office.",
                );
            },
            pages: 1..=5,
            patched: true,
        },
        Step {
            what: "a quote, checked against the original again",
            file: "content/sources/alpha.md",
            apply: |r| {
                edit(
                    r,
                    "content/sources/alpha.md",
                    "quote: \"Acme doubled capacity last year\"",
                    "quote: \"Acme doubled capacity last year, the filing shows\"",
                );
            },
            pages: 1..=5,
            patched: true,
        },
        Step {
            what: "a quote shortened again",
            file: "content/sources/alpha.md",
            apply: |r| {
                edit(
                    r,
                    "content/sources/alpha.md",
                    "quote: \"Acme doubled capacity last year, the filing shows\"",
                    "quote: \"Acme doubled capacity last year\"",
                );
            },
            pages: 1..=5,
            patched: true,
        },
        Step {
            what: "an original edited, its quotes found on other lines",
            file: "originals/alpha.txt",
            apply: |r| {
                edit(
                    r,
                    "originals/alpha.txt",
                    "Acme eyes exports\n",
                    "Acme eyes exports\n\nBy the desk, filed in March.\n",
                );
            },
            // The quotes' new lines go in the lock; no page shows them.
            pages: 0..=0,
            patched: false,
        },
        Step {
            what: "a claim's statement",
            file: "content/claims.yaml",
            apply: |r| {
                edit(
                    r,
                    "content/claims.yaml",
                    "Acme's export permit is still pending.",
                    "Acme's export permit has not been granted.",
                );
            },
            pages: 1..=13,
            patched: false,
        },
        Step {
            what: "a stance, which changes a status",
            file: "content/sources/beta.md",
            apply: |r| {
                edit(
                    r,
                    "content/sources/beta.md",
                    "quote: \"capacity at Acme Corp has doubled\"\n    stance: supports",
                    "quote: \"capacity at Acme Corp has doubled\"\n    stance: disputes",
                );
            },
            pages: 1..=15,
            patched: true,
        },
        Step {
            what: "a new source",
            file: "content/sources/gamma.md",
            apply: |r| {
                std::fs::write(
                    r.join("content/sources/gamma.md"),
                    "---\ntitle: \"Gamma notes\"\npublisher: \"Gamma\"\nkind: opinion\nannotations:\n  - claim: widget-price-falls\n    quote: \"prices will halve\"\n    stance: supports\n---\nGamma expects Acme Corp to cut prices.\n",
                )
                .unwrap();
            },
            pages: 1..=31,
            patched: false,
        },
        Step {
            what: "an entity's aliases",
            file: "content/entities.yaml",
            apply: |r| {
                edit(
                    r,
                    "content/entities.yaml",
                    "aliases: [\"Acme Corp\"]",
                    "aliases: [\"Acme Corp\", \"Gamma\"]",
                );
            },
            pages: 1..=31,
            patched: false,
        },
        Step {
            what: "a removed source",
            file: "content/sources/gamma.md",
            apply: |r| std::fs::remove_file(r.join("content/sources/gamma.md")).unwrap(),
            pages: 1..=31,
            patched: false,
        },
        Step {
            what: "a free page",
            file: "content/pages/about.md",
            apply: |r| {
                edit(
                    r,
                    "content/pages/about.md",
                    "We read two sources.",
                    "We read two sources, twice.",
                );
            },
            pages: 1..=1,
            patched: false,
        },
        Step {
            what: "the bottom line",
            file: "content/briefing.yaml",
            apply: |r| {
                edit(
                    r,
                    "content/briefing.yaml",
                    "not the permits.",
                    "not yet the permits.",
                );
            },
            // The front page alone shows it.
            pages: 2..=2,
            patched: false,
        },
    ];
    for step in steps {
        (step.apply)(root);
        let run = session.update(&[root.join(step.file)]);
        let report = run.report.unwrap_or_else(|| {
            panic!("{}: {}", step.what, run.diagnostics.render(session.files()))
        });
        assert!(report.incremental, "{}", step.what);
        assert_eq!(report.patched, step.patched, "{}", step.what);
        // The pages each kind of edit rewrites, for docs/PERFORMANCE.md
        // (`cargo test --test watch -- --nocapture`).
        println!("{:>3} pages rewritten: {}", report.pages, step.what);
        assert!(
            step.pages.contains(&report.pages),
            "{}: rewrote {} pages, expected {:?}",
            step.what,
            report.pages,
            step.pages
        );
        let incremental = snapshot(&public);
        let lock = std::fs::read_to_string(root.join("content/quotes.lock")).ok();
        let full = full_build(root);
        assert_eq!(
            lock,
            std::fs::read_to_string(root.join("content/quotes.lock")).ok(),
            "after {}: a full build would write another quotes.lock",
            step.what
        );
        let differ = differing(&full, &incremental);
        assert!(
            differ.is_empty(),
            "after {}: differs from a full build: {differ:?}",
            step.what
        );
    }
}

#[test]
fn a_broken_change_keeps_the_site_and_the_fix_recovers() {
    let dir = fixture("minimal");
    let root = dir.path();
    let mut session = built(root);
    let before = snapshot(&root.join("public"));
    edit(
        root,
        "content/sources/alpha.md",
        "stance: supports",
        "stance: suports",
    );
    let run = session.update(&[root.join("content/sources/alpha.md")]);
    assert!(run.report.is_none());
    assert!(run
        .diagnostics
        .render(session.files())
        .contains("content/sources/alpha.md:"));
    assert_eq!(before, snapshot(&root.join("public")));
    edit(
        root,
        "content/sources/alpha.md",
        "stance: suports",
        "stance: supports",
    );
    let report = rebuilt(&mut session, &[root.join("content/sources/alpha.md")]);
    assert!(report.patched, "the repair takes the fast path");
    assert_eq!(before, snapshot(&root.join("public")));
}

/// A source saved with an unknown claim id: watch mode reports what a
/// full build of the same files reports, keeps the site, and takes the
/// repair on its fast path, without linking everything again.
#[test]
fn a_broken_source_is_reported_as_a_full_build_would_and_repaired_by_a_patch() {
    let dir = fixture("minimal");
    let root = dir.path();
    let mut session = built(root);
    let before = snapshot(&root.join("public"));
    let alpha = root.join("content/sources/alpha.md");
    edit(
        root,
        "content/sources/alpha.md",
        "claim: export-permit-pending",
        "claim: export-permit-pendng",
    );
    let run = session.update(std::slice::from_ref(&alpha));
    assert!(run.report.is_none());
    let watched = run.diagnostics.render(session.files());
    let full = full_build_beside(root).expect_err("the full build fails too");
    let errors = |report: &str| -> Vec<String> {
        report
            .lines()
            .filter(|l| l.starts_with("error"))
            .map(str::to_string)
            .collect()
    };
    assert!(
        watched.contains("did you mean `export-permit-pending`"),
        "{watched}"
    );
    assert!(!errors(&full).is_empty(), "{full}");
    assert_eq!(errors(&watched), errors(&full), "{watched}\n---\n{full}");
    assert_eq!(before, snapshot(&root.join("public")));
    // Another source edited meanwhile: the broken one is still broken, and
    // nothing is written.
    edit(
        root,
        "content/sources/beta.md",
        "Beta is upbeat",
        "Beta is upbeat, still",
    );
    let run = session.update(&[root.join("content/sources/beta.md")]);
    assert!(run.report.is_none(), "alpha is still broken");
    assert_eq!(before, snapshot(&root.join("public")));
    edit(
        root,
        "content/sources/alpha.md",
        "claim: export-permit-pendng",
        "claim: export-permit-pending",
    );
    let report = rebuilt(&mut session, std::slice::from_ref(&alpha));
    assert!(report.patched, "the repair takes the fast path");
    assert_eq!(
        snapshot(&root.join("public")),
        full_build_beside(root).unwrap()
    );
}

#[test]
fn an_original_that_loses_a_quote_fails_the_build_until_restored() {
    let dir = fixture("minimal");
    let root = dir.path();
    let mut session = built(root);
    let before = snapshot(&root.join("public"));
    let original = root.join("originals/alpha.txt");
    let text = read(&original);
    edit(
        root,
        "originals/alpha.txt",
        "doubled capacity",
        "grew capacity",
    );
    let run = session.update(std::slice::from_ref(&original));
    assert!(
        run.report.is_none(),
        "the quote is no longer in the original"
    );
    let report = run.diagnostics.render(session.files());
    assert!(
        report.contains("content/sources/alpha.md:13:")
            && report.contains("quote not found in the original `alpha.txt`"),
        "{report}"
    );
    assert_eq!(before, snapshot(&root.join("public")));
    std::fs::write(&original, text).unwrap();
    rebuilt(&mut session, std::slice::from_ref(&original));
    assert_eq!(before, snapshot(&root.join("public")));
}

#[test]
fn originals_removed_in_watch_mode_end_as_a_full_build_would() {
    let dir = fixture("minimal");
    let root = dir.path();
    let mut session = built(root);
    // One original removed: its source's quotes cannot be checked, as a
    // full build would report.
    let alpha = root.join("originals/alpha.txt");
    let text = read(&alpha);
    std::fs::remove_file(&alpha).unwrap();
    let run = session.update(std::slice::from_ref(&alpha));
    assert!(run.report.is_none(), "the original is gone");
    let report = run.diagnostics.render(session.files());
    assert!(report.contains("content/sources/alpha.md:"), "{report}");
    let full = briefing(root, &["build", "--out", "full-build"]);
    assert_eq!(full.code, Some(1));
    assert!(
        full.stderr.contains("content/sources/alpha.md:"),
        "{}",
        full.stderr
    );
    std::fs::write(&alpha, text).unwrap();
    rebuilt(&mut session, std::slice::from_ref(&alpha));
    // The whole folder moved away: quotes are vouched for by the lock,
    // exactly as in a full build without originals.
    let moved = root.join("elsewhere");
    std::fs::rename(root.join("originals"), &moved).unwrap();
    let report = rebuilt(&mut session, &[root.join("originals")]);
    assert_eq!(report.quotes.checked_now, 0);
    assert_eq!(report.quotes.from_lock, 5);
    assert_eq!(snapshot(&root.join("public")), full_build(root));
}

#[test]
fn a_theme_showing_the_site_counts_on_every_page_keeps_them_current() {
    let dir = fixture("minimal");
    let root = dir.path();
    // A project's base.html that shows the claim counts by status in every
    // page's footer.
    let base = read(&repo().join("templates/base.html")).replacen(
        "</footer>",
        "<p class=\"tally\">{% for s in summary.counts.by_status %}{{ s.count }} {% endfor %}</p></footer>",
        1,
    );
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(root.join("templates/base.html"), base).unwrap();
    let mut session = built(root);
    // A page the edit does not otherwise touch.
    let page = root.join("public/pages/about/index.html");
    let tally = |page: &Path| {
        read(page)
            .split("class=\"tally\">")
            .nth(1)
            .unwrap()
            .to_string()
    };
    let before = tally(&page);
    // A stance that makes a claim contested: the counts change, and so
    // must the footer of pages the edit does not otherwise touch.
    edit(
        root,
        "content/sources/beta.md",
        "quote: \"capacity at Acme Corp has doubled\"\n    stance: supports",
        "quote: \"capacity at Acme Corp has doubled\"\n    stance: disputes",
    );
    let run = session.update(&[root.join("content/sources/beta.md")]);
    assert!(run.report.is_some_and(|r| r.patched));
    assert_ne!(tally(&page), before, "the counts did change");
    assert_eq!(snapshot(&root.join("public")), full_build(root));
}

#[test]
fn the_watching_binary_rewrites_what_changed() {
    let dir = fixture("minimal");
    let root = dir.path();
    let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["build", "--watch"])
        .current_dir(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let wait_for = |prefix: &str| -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(line) = rx.recv_timeout(Duration::from_millis(100)) {
                if line.starts_with(prefix) {
                    return line;
                }
            }
        }
        panic!("no `{prefix}` line within 20 s");
    };
    wait_for("built ");
    let untouched = root.join("public/claims/widget-price-falls/index.html");
    let stamp = std::fs::metadata(&untouched).unwrap().modified().unwrap();
    // The file watcher is live once the first build is reported; give it a
    // moment to settle before the edit.
    std::thread::sleep(Duration::from_millis(300));
    edit(
        root,
        "content/sources/beta.md",
        "Beta is upbeat",
        "Beta is cautiously upbeat",
    );
    let line = wait_for("rebuilt ");
    // The source page, and the print edition, which shows every digest.
    assert!(line.starts_with("rebuilt 2 pages"), "{line}");
    let page = read(&root.join("public/sources/beta/index.html"));
    assert!(page.contains("Beta is cautiously upbeat"));
    assert_eq!(
        std::fs::metadata(&untouched).unwrap().modified().unwrap(),
        stamp
    );
    // The originals folder is watched too: a quote's new line in its
    // original is recorded in the lock.
    edit(
        root,
        "originals/alpha.txt",
        "Acme eyes exports\n",
        "Acme eyes exports\n\nFiled in March.\n",
    );
    let line = wait_for("rebuilt ");
    assert!(line.ends_with("content/quotes.lock updated"), "{line}");
    let lock = read(&root.join("content/quotes.lock"));
    assert!(lock.contains("\"line\": 5"), "{lock}");
    // templates/ removed, then made again while watching: the new
    // override is used at once, and the new folder is watched from then on.
    let base = read(&repo().join("templates/base.html"));
    std::fs::remove_dir_all(root.join("templates")).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    std::fs::create_dir(root.join("templates")).unwrap();
    let marked = |mark: &str| base.replacen("</footer>", &format!("<p>{mark}</p></footer>"), 1);
    std::fs::write(root.join("templates/base.html"), marked("first-mark")).unwrap();
    let page = root.join("public/sources/beta/index.html");
    let deadline = Instant::now() + Duration::from_secs(20);
    while !read(&page).contains("first-mark") {
        assert!(Instant::now() < deadline, "the new templates/ was not used");
        std::thread::sleep(Duration::from_millis(50));
    }
    std::fs::write(root.join("templates/base.html"), marked("second-mark")).unwrap();
    while !read(&page).contains("second-mark") {
        assert!(Instant::now() < deadline, "templates/ is not watched");
        std::thread::sleep(Duration::from_millis(50));
    }
    // Content edits still take the fast path.
    std::thread::sleep(Duration::from_millis(300));
    while rx.try_recv().is_ok() {}
    edit(
        root,
        "content/sources/beta.md",
        "Beta is cautiously upbeat",
        "Beta is upbeat again",
    );
    let line = wait_for("rebuilt ");
    // The source page, and the print edition, which shows every digest.
    assert!(line.starts_with("rebuilt 2 pages"), "{line}");
    // Ctrl-C stops it cleanly.
    let interrupted = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    assert!(wait_for("stopped").starts_with("stopped"));
    assert!(child.wait().unwrap().success());
}

#[test]
fn the_file_table_stays_bounded_over_many_edits() {
    // Each edit keeps the edited file's new text; without a bound, a long
    // session's memory grows with every save.
    let dir = fixture("minimal");
    let root = dir.path();
    let mut session = built(root);
    let base = session.files().bytes();
    let digest = "A long paragraph that makes each save add a good deal of text. ".repeat(3_000);
    let path = root.join("content/sources/beta.md");
    let original = read(&path);
    let mut most = 0;
    for i in 0..200 {
        std::fs::write(&path, format!("{original}\n{digest} {i}\n")).unwrap();
        rebuilt(&mut session, std::slice::from_ref(&path));
        let held = session.files().bytes();
        // The table after a full build holds the tree once (the base and
        // one digest); it may grow by the allowance and one more save.
        let tree = base + digest.len() + 16;
        assert!(
            held <= 2 * tree + briefing::session::FILES_GROWTH + tree,
            "after {i} edits the file table holds {held} bytes"
        );
        most = most.max(held);
    }
    // 200 saves of 189 kB came to more than the allowance: a full build
    // started the table afresh on the way.
    assert!(200 * digest.len() > briefing::session::FILES_GROWTH + most);
    // And the site is still what a full build makes.
    assert_eq!(snapshot(&root.join("public")), full_build(root));
}

#[test]
fn an_edit_that_gives_an_entity_another_page_adds_it_and_takes_it_away() {
    let dir = fixture("minimal");
    let root = dir.path();
    // One row a page, and a name nothing names yet: one page.
    let yaml = root.join("content/briefing.yaml");
    std::fs::write(&yaml, read(&yaml) + "rows_per_page: 1\n").unwrap();
    let entities = root.join("content/entities.yaml");
    let more = "- id: permit-board\n  name: \"Permit Board\"\n  kind: other\n";
    std::fs::write(&entities, read(&entities) + more).unwrap();
    let mut session = built(root);
    let second = root.join("public/entities/permit-board/page/2/index.html");
    assert!(root
        .join("public/entities/permit-board/index.html")
        .is_file());
    assert!(!second.exists());
    let alpha = root.join("content/sources/alpha.md");
    let beta = root.join("content/sources/beta.md");
    edit(
        root,
        "content/sources/alpha.md",
        "Alpha has the permit detail first.",
        "Alpha has the permit detail first, from the Permit Board.",
    );
    // One source names it: still one page, patched.
    let report = rebuilt(&mut session, std::slice::from_ref(&alpha));
    assert!(report.patched);
    assert!(!second.exists());
    assert_eq!(snapshot(&root.join("public")), full_build(root));
    edit(
        root,
        "content/sources/beta.md",
        "Beta is upbeat and names no source for the buyer.",
        "Beta is upbeat, quotes the Permit Board and names no source for the buyer.",
    );
    // Two sources: the site has a page more, which the fast path leaves
    // to the general one.
    let report = rebuilt(&mut session, std::slice::from_ref(&beta));
    assert!(!report.patched);
    assert!(second.is_file());
    assert_eq!(snapshot(&root.join("public")), full_build(root));
    edit(
        root,
        "content/sources/beta.md",
        "Beta is upbeat, quotes the Permit Board and names",
        "Beta is upbeat and names",
    );
    rebuilt(&mut session, std::slice::from_ref(&beta));
    assert!(
        !second.exists(),
        "the page the name no longer has is removed"
    );
    assert_eq!(snapshot(&root.join("public")), full_build(root));
}
