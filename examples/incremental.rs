//! Times one-source rebuilds the way watch mode does them, without the
//! file watcher: a full build, then `edits` appends to one source, each
//! followed by `Session::update` on that file. Prints each rebuild's stage
//! times and the median. Used by bench/run.sh; also a handy target for
//! `perf record`.
//!
//! Usage: cargo run --release --example incremental -- PROJECT [EDITS]

use briefing::session::Session;
use briefing::BuildOptions;
use std::io::Write;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(args.next().expect("usage: incremental PROJECT [EDITS]"));
    let edits: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(10);
    let mut session = Session::new(BuildOptions::new(&root));
    let run = session.full();
    assert!(run.report.is_some(), "the first build failed");
    let dir = root.join("content").join("sources");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("content/sources")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    names.sort();
    let file = names[names.len() / 2].clone();
    let original = std::fs::read(&file).expect("read the source");
    let mut times = Vec::new();
    for i in 0..edits {
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&file)
            .unwrap();
        writeln!(f, "\nA sentence added by edit {i}a.").unwrap();
        drop(f);
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
            "edit {i}: {:.1} ms, {} pages ({})",
            took.as_secs_f64() * 1e3,
            report.pages,
            stages.join(", ")
        );
        times.push(took.as_secs_f64() * 1e3);
    }
    std::fs::write(&file, original).unwrap();
    times.sort_by(f64::total_cmp);
    println!("median {:.1} ms", times[times.len() / 2]);
}
