//! `briefing edition`: records what readers of the briefing see now as its
//! next edition, a file under `content/editions/` that is never rewritten
//! (see [`crate::model::edition`]). Like `init` and `add`, it writes its
//! own file, outside the write stage, and only a new one.

use crate::model::edition::{changes, Change};
use crate::model::Date;
use crate::BuildOptions;
use std::fs;
use std::io::Write;
use std::path::PathBuf;

/// Where a project's editions are kept, from its root.
pub const FOLDER: &str = "content/editions";

/// What recording an edition did.
#[derive(Debug)]
pub struct Recorded {
    pub number: u32,
    /// The file written, from the project root.
    pub path: PathBuf,
    /// What changed since the edition before, if there was one.
    pub changes: Option<Vec<Change>>,
}

/// Records the briefing at `options.root` as its next edition, issued on
/// `date` (today when `None`), with the desk's `note`. Refused when the
/// briefing does not build, or reads as the last edition did.
pub fn record(options: &BuildOptions, note: &str, date: Option<&str>) -> Result<Recorded, String> {
    let date = match date {
        None => crate::model::today(),
        Some(d) => Date::parse(d)
            .filter(|d| d.precision() == crate::model::DatePrecision::Day)
            .ok_or_else(|| format!("--date `{d}` is not a day: write it as 2026-06-18"))?,
    };
    let mut check = options.clone();
    check.check_only = true;
    let mut session = crate::session::Session::new(check);
    let run = session.full();
    let graph = match (run.report, session.graph()) {
        (Some(_), Some(graph)) => graph,
        _ => {
            return Err(format!(
                "{}the briefing does not build: an edition records what readers see, so fix \
                 the errors first",
                run.diagnostics.render(session.files())
            ))
        }
    };
    let last = graph.content.editions.last();
    let number = last.map_or(1, |e| e.edition + 1);
    let now = crate::link::editions::snapshot(graph, number, &date.iso(), note.trim());
    if let Some(last) = last {
        // Days written as ISO dates order as text.
        if date.iso() < last.date {
            return Err(format!(
                "{} is before edition {}, issued {}: editions are issued in order\n  = hint: \
                 give a day on or after {} with --date",
                date.iso(),
                last.edition,
                last.date,
                last.date
            ));
        }
        if changes(last, &now).is_empty() {
            return Err(format!(
                "nothing readers see has changed since edition {}: no new edition recorded",
                last.edition
            ));
        }
    }
    let rel = PathBuf::from(FOLDER).join(format!("{number}.json"));
    let path = options.root.join(&rel);
    fs::create_dir_all(options.root.join(FOLDER)).map_err(|e| format!("{FOLDER}: {e}"))?;
    let mut text = serde_json::to_string_pretty(&now).map_err(|e| e.to_string())?;
    text.push('\n');
    // Never over an edition already there.
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| format!("{}: {e}", rel.display()))?;
    file.write_all(text.as_bytes())
        .map_err(|e| format!("{}: {e}", rel.display()))?;
    Ok(Recorded {
        number,
        path: rel,
        changes: last.map(|last| changes(last, &now)),
    })
}
