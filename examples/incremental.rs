//! Times one-source rebuilds the way watch mode does them, without the
//! file watcher: a full build, then `edits` edits of one source, each
//! followed by `Session::update` on that file. Prints each rebuild's stage
//! times and the median. Used by bench/run.sh; also a handy target for
//! `perf record`.
//!
//! KIND `digest` (the default) appends a sentence to the digest; `quote`
//! drops the last word of the first quote, then puts it back, in turn, so
//! that a source with an original has its quotes checked again; `fix`
//! first saves the source with an unknown claim id (a failed rebuild, not
//! timed), then appends a sentence to the source as it was, and times
//! that recovery; `stance` turns the first annotation's stance from
//! supports to disputes and back, in turn, which changes claim statuses;
//! `bottom` edits the bottom line in briefing.yaml, in turn.
//!
//! Usage: cargo run --release --example incremental -- PROJECT [EDITS [KIND]]

use briefing::session::Session;
use briefing::BuildOptions;
use std::io::Write;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(args.next().expect("usage: incremental PROJECT [EDITS]"));
    let edits: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(10);
    let kind = args.next().unwrap_or_else(|| "digest".into());
    if !["digest", "quote", "fix", "stance", "bottom"].contains(&kind.as_str()) {
        panic!("unknown KIND `{kind}`: digest, quote, fix, stance or bottom");
    }
    let mut session = Session::new(BuildOptions::new(&root));
    let run = session.full();
    assert!(run.report.is_some(), "the first build failed");
    let dir = root.join("content").join("sources");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("content/sources")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    names.sort();
    let file = if kind == "bottom" {
        root.join("content").join("briefing.yaml")
    } else {
        names[names.len() / 2].clone()
    };
    let original = std::fs::read_to_string(&file).expect("read the source");
    let mut times = Vec::new();
    for i in 0..edits {
        if kind == "stance" || kind == "bottom" {
            let (from, to) = if kind == "stance" {
                ("stance: \"supports\"", "stance: \"disputes\"")
            } else {
                ("bottom_line: |\n", "bottom_line: |\n  Revised. ")
            };
            let edited = original.replacen(from, to, 1);
            assert_ne!(edited, original, "`{from}` is in {}", file.display());
            std::fs::write(&file, if i % 2 == 0 { edited } else { original.clone() }).unwrap();
        } else if kind == "quote" {
            std::fs::write(&file, with_shorter_quote(&original, i % 2 == 0)).unwrap();
        } else {
            if kind == "fix" {
                let broken = original.replacen("claim: \"", "claim: \"no-such-", 1);
                assert_ne!(broken, original, "a source with an annotation");
                std::fs::write(&file, broken).unwrap();
                let run = session.update(std::slice::from_ref(&file));
                // Put the source back before judging, so that a surprise
                // never leaves the corpus broken for later runs.
                std::fs::write(&file, &original).unwrap();
                assert!(run.report.is_none(), "an unknown claim id must fail");
            }
            let mut f = std::fs::OpenOptions::new()
                .append(true)
                .open(&file)
                .unwrap();
            writeln!(f, "\nA sentence added by edit {i}a.").unwrap();
        }
        let started = Instant::now();
        let run = session.update(std::slice::from_ref(&file));
        let took = started.elapsed();
        let report = run.report.expect("the rebuild failed");
        let stages: Vec<String> = report
            .stages
            .iter()
            .map(|(s, d)| format!("{s} {:.1}", d.as_secs_f64() * 1e3))
            .collect();
        println!(
            "edit {i}: {:.1} ms, {} pages{} ({})",
            took.as_secs_f64() * 1e3,
            report.pages,
            if report.patched { ", patched" } else { "" },
            stages.join(", ")
        );
        times.push(took.as_secs_f64() * 1e3);
    }
    std::fs::write(&file, original).unwrap();
    times.sort_by(f64::total_cmp);
    println!("median {:.1} ms", times[times.len() / 2]);
}

/// The source text with its first quote one word shorter (or as it was):
/// still a passage of the original, but another quote.
fn with_shorter_quote(text: &str, shorter: bool) -> String {
    if !shorter {
        return text.to_string();
    }
    let start = text.find("quote: \"").expect("a quote") + "quote: \"".len();
    let end = start + text[start..].find('"').expect("the quote's end");
    let cut = text[start..end].rfind(' ').expect("a quote of two words");
    format!("{}{}", &text[..start + cut], &text[end..])
}
