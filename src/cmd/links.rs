//! `briefing check --links [--online [--allow-private]]`: the external
//! links the content cites, and whether they still answer.

use briefing::diagnostics::{printable, shown_path, Files};
use briefing::link::Graph;
use briefing::linkcheck::{self, Outcome, Reach};
use std::process::ExitCode;

/// What `check --links` was asked for.
#[derive(Debug, Clone, Copy)]
pub struct Ask {
    /// Ask each link's server too.
    pub online: bool,
    /// Which addresses may be asked.
    pub reach: Reach,
}

/// `check --links`: the external links with where each is cited, and
/// with `online`, what each server answered.
pub fn list(graph: &Graph, files: &Files, ask: Ask) -> ExitCode {
    let found = linkcheck::collect(graph, files);
    let outcomes = if ask.online && !found.is_empty() {
        eprintln!(
            "asking after {} link{}, one request per host per second; this can take a while",
            found.len(),
            if found.len() == 1 { "" } else { "s" }
        );
        Some(linkcheck::check(&found, ask.reach, &|_, _| {}))
    } else {
        None
    };
    println!(
        "{} external link{} in the content:",
        found.len(),
        if found.len() == 1 { "" } else { "s" }
    );
    let mut broken = 0;
    let mut private = 0;
    for (i, link) in found.iter().enumerate() {
        // Addresses come from content: printed escaped.
        let url = printable(&link.url);
        match outcomes.as_ref().map(|o| &o[i]) {
            None => println!("{url}"),
            Some(o) => {
                let verdict = match o {
                    Outcome::Status(s) if o.is_ok() => format!("ok {s}"),
                    Outcome::Status(s) => format!("BROKEN {s}"),
                    Outcome::Failed(e) => format!("FAILED ({})", printable(e)),
                    Outcome::Private(why) => {
                        private += 1;
                        format!("NOT ASKED ({why}; --allow-private asks it)")
                    }
                };
                if !o.is_ok() && !matches!(o, Outcome::Private(_)) {
                    broken += 1;
                }
                println!("{url} {verdict}");
            }
        }
        for p in &link.places {
            println!("    {}:{} ({})", shown_path(&p.file), p.line, p.field);
        }
    }
    if private > 0 {
        eprintln!(
            "{private} link{} to the machine's own or its network's addresses not asked",
            if private == 1 { "" } else { "s" }
        );
    }
    if broken > 0 {
        eprintln!(
            "{broken} of {} links did not answer as working",
            found.len()
        );
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// The links as `--format json` lists them.
pub fn json(graph: &Graph, files: &Files) -> serde_json::Value {
    linkcheck::collect(graph, files)
        .iter()
        .map(|l| {
            serde_json::json!({
                "url": l.url,
                "places": l.places.iter().map(|p| serde_json::json!({
                    "file": p.file.display().to_string(),
                    "line": p.line,
                    "field": p.field,
                })).collect::<Vec<_>>(),
            })
        })
        .collect()
}
