//! `briefing build` and `briefing check`: one run of the pipeline, reported
//! as text for people or as one JSON object for editors and CI.

use super::links::{self, Ask};
use super::progress::Bar;
use super::{print_stages, Say};
use briefing::session::Session;
use briefing::BuildOptions;
use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;

/// Builds (or, with `check_only`, checks) once; `links` is what
/// `check --links` asked for.
pub fn run(options: BuildOptions, links: Option<Ask>, say: &Say) -> ExitCode {
    if say.json {
        return run_json(options, links);
    }
    let mut session = Session::new(options);
    if !say.quiet && std::io::stderr().is_terminal() {
        session.set_progress(Arc::new(Bar::new()));
    }
    let run = session.full();
    if !run.diagnostics.is_empty() {
        run.diagnostics.emit(session.files(), say.color, say.limit);
    }
    let Some(report) = run.report else {
        let d = &run.diagnostics;
        let (e, w) = (d.error_count(), d.warning_count());
        eprintln!(
            "build failed: {e} error{}{}; the output folder was left as it was",
            if e == 1 { "" } else { "s" },
            if w > 0 {
                format!(", {w} warning{}", if w == 1 { "" } else { "s" })
            } else {
                String::new()
            }
        );
        return ExitCode::FAILURE;
    };
    if !say.quiet {
        println!("{}", report.summary());
    }
    if say.verbose {
        print_stages(&report);
    }
    match (links, session.graph()) {
        (Some(ask), Some(graph)) => links::list(graph, session.files(), ask),
        _ => ExitCode::SUCCESS,
    }
}

/// `--format json`: one object on standard output with `ok`, `summary`,
/// `diagnostics` and, for `check --links`, the links, with each server's
/// answer under `--online` (a broken link makes `ok` false, as it fails
/// the text report).
fn run_json(options: BuildOptions, links: Option<Ask>) -> ExitCode {
    let mut session = Session::new(options);
    let run = session.full();
    let mut ok = run.report.is_some();
    let mut out = serde_json::json!({
        "ok": ok,
        "summary": run.report.as_ref().map(|r| r.summary()),
        "diagnostics": run.diagnostics.to_json(session.files()),
    });
    if let (Some(ask), Some(graph)) = (links, session.graph().filter(|_| ok)) {
        let (list, broken) = links::json(graph, session.files(), ask);
        out["links"] = list;
        if broken > 0 {
            ok = false;
            out["ok"] = false.into();
        }
    }
    println!(
        "{}",
        briefing::diagnostics::json_for_terminal(&out.to_string())
    );
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
