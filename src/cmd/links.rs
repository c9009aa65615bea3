//! `briefing check --links [--online [--allow-private]]`: the external
//! links the content cites, and whether they still answer.

use briefing::diagnostics::{printable, shown_path, Files};
use briefing::link::Graph;
use briefing::linkcheck::{self, ExternalLink, Outcome, Reach};
use std::process::ExitCode;

/// What `check --links` was asked for.
#[derive(Debug, Clone, Copy)]
pub struct Ask {
    /// Ask each link's server too.
    pub online: bool,
    /// Which addresses may be asked.
    pub reach: Reach,
}

/// The links, and with `online` what each server answered (in the links'
/// order): the same for the text report and the JSON one.
struct Found {
    links: Vec<ExternalLink>,
    outcomes: Option<Vec<Outcome>>,
}

impl Found {
    fn gather(graph: &Graph, files: &Files, ask: Ask) -> Found {
        let links = linkcheck::collect(graph, files);
        let outcomes = (ask.online && !links.is_empty()).then(|| {
            eprintln!(
                "asking after {} link{}, one request per host per second; this can take a while",
                links.len(),
                if links.len() == 1 { "" } else { "s" }
            );
            linkcheck::check(&links, ask.reach, &|_, _| {})
        });
        Found { links, outcomes }
    }

    fn outcome(&self, i: usize) -> Option<&Outcome> {
        self.outcomes.as_ref().map(|o| &o[i])
    }

    /// How many were asked and did not answer as working.
    fn broken(&self) -> usize {
        self.outcomes
            .iter()
            .flatten()
            .filter(|o| o.is_broken())
            .count()
    }
}

/// `check --links`: the external links with where each is cited, and
/// with `online`, what each server answered.
pub fn list(graph: &Graph, files: &Files, ask: Ask) -> ExitCode {
    let found = Found::gather(graph, files, ask);
    println!(
        "{} external link{} in the content:",
        found.links.len(),
        if found.links.len() == 1 { "" } else { "s" }
    );
    let mut private = 0;
    for (i, link) in found.links.iter().enumerate() {
        // Addresses come from content: printed escaped.
        let url = printable(&link.url);
        match found.outcome(i) {
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
    let broken = found.broken();
    if broken > 0 {
        eprintln!(
            "{broken} of {} links did not answer as working",
            found.links.len()
        );
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// The links as `--format json` lists them, each with its `answer` when
/// `online` asked; and how many were broken, which fails the check as in
/// the text report.
pub fn json(graph: &Graph, files: &Files, ask: Ask) -> (serde_json::Value, usize) {
    let found = Found::gather(graph, files, ask);
    let links = found
        .links
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let mut link = serde_json::json!({
                "url": l.url,
                "places": l.places.iter().map(|p| serde_json::json!({
                    "file": p.file.display().to_string(),
                    "line": p.line,
                    "field": p.field,
                })).collect::<Vec<_>>(),
            });
            if let Some(o) = found.outcome(i) {
                link["answer"] = match o {
                    Outcome::Status(s) => serde_json::json!({"status": s, "works": o.is_ok()}),
                    Outcome::Failed(e) => serde_json::json!({"error": e, "works": false}),
                    Outcome::Private(why) => serde_json::json!({"not_asked": why}),
                };
            }
            link
        })
        .collect();
    (links, found.broken())
}
