//! `briefing rename claim|source|entity OLD NEW`: renames an id everywhere
//! the content writes it, and records the move in
//! `content/editions/moved.json`, so that the old address keeps a page
//! leading to the new one and the next edition lists the rename.
//!
//! The places come from the loaded content, not from a search of the text:
//! every field that holds the id has its line and column, and every inline
//! reference its `[[`. Each is checked to hold the old id before anything
//! is written; then the files are written, the briefing is checked again,
//! and on any failure every file is put back as it was.

use crate::diagnostics::{FileId, Files, Span};
use crate::link::Graph;
use crate::model::edition::Move;
use crate::model::prose::{RefKind, Target};
use crate::BuildOptions;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Where the renames are kept, from the project root.
pub const MOVES_FILE: &str = "content/editions/moved.json";

/// What a rename did.
#[derive(Debug)]
pub struct Renamed {
    /// The files changed (or made, or moved), from the project root.
    pub files: Vec<PathBuf>,
    /// How many places named the id.
    pub places: usize,
}

/// How an id is written at a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Written {
    /// A YAML value: the id, perhaps in quotes.
    Value,
    /// An inline reference: `[[`, perhaps a prefix, the id.
    Reference,
}

/// Renames the `kind` id `old` to `new` in the project at
/// `options.root`, on `date` (today when `None`).
pub fn rename(
    options: &BuildOptions,
    kind: RefKind,
    old: &str,
    new: &str,
    date: Option<&str>,
) -> Result<Renamed, String> {
    if !matches!(kind, RefKind::Claim | RefKind::Source | RefKind::Entity) {
        return Err("only claims, sources and entities are renamed this way".into());
    }
    let noun = kind.as_str();
    let new_target = Target::new(kind, new).map_err(|p| format!("`{new}` cannot be an id: {p}"))?;
    let old_target = Target::new(kind, old).map_err(|_| format!("there is no {noun} `{old}`"))?;
    let date = match date {
        None => crate::model::today().iso(),
        Some(d) => crate::model::Date::parse(d)
            .filter(|d| d.precision() == crate::model::DatePrecision::Day)
            .ok_or_else(|| format!("--date `{d}` is not a day: write it as 2026-06-18"))?
            .iso(),
    };
    let mut check = options.clone();
    check.check_only = true;
    let mut session = crate::session::Session::new(check.clone());
    let run = session.full();
    let graph = match (run.report, session.graph()) {
        (Some(_), Some(graph)) => graph,
        _ => {
            return Err(format!(
                "{}the briefing does not build: fix the errors, then rename",
                run.diagnostics.render(session.files())
            ))
        }
    };
    if graph.ids.get(&old_target).is_none() {
        return Err(format!("there is no {noun} `{old}`"));
    }
    if graph.ids.get(&new_target).is_some() {
        return Err(format!(
            "there is already a {noun} `{new}`: choose another id"
        ));
    }
    let places = places(graph, &old_target);
    let files = session.files();

    // Every edit, checked, before anything is written.
    let mut by_file: BTreeMap<FileId, Vec<(usize, usize)>> = BTreeMap::new();
    for &(span, written) in &places {
        let text = files.text(span.file);
        let at = locate(text, span, written, kind, old).ok_or_else(|| {
            format!(
                "{}:{}:{}: expected the {noun} id `{old}` here; nothing was changed",
                files.path(span.file).display(),
                span.line,
                span.col
            )
        })?;
        by_file.entry(span.file).or_default().push((at, old.len()));
    }
    let root = &options.root;
    let mut plan: Vec<Write> = Vec::new();
    for (file, mut edits) in by_file {
        edits.sort_unstable();
        edits.dedup();
        let mut text = files.text(file).to_string();
        for &(at, len) in edits.iter().rev() {
            text.replace_range(at..at + len, new);
        }
        plan.push(Write::file(root, files.path(file), text));
    }
    if kind == RefKind::Source {
        source_moves(root, files, graph, old, new, &mut plan)?;
    }
    plan.push(moves_write(root, graph, kind, old, new, &date)?);

    let backup = apply(&plan).map_err(|e| format!("cannot write the renamed content: {e}"))?;
    // The content as renamed must build as before.
    let mut after = crate::session::Session::new(check);
    let run = after.full();
    if run.report.is_none() {
        let report = run.diagnostics.render(after.files());
        restore(backup);
        return Err(format!(
            "{report}the renamed briefing does not build, so nothing was changed; please report \
             this as a bug"
        ));
    }
    let mut changed: Vec<PathBuf> = plan.iter().map(|w| w.shown.clone()).collect();
    changed.dedup();
    Ok(Renamed {
        files: changed,
        places: places.len(),
    })
}

/// Every place the content writes `target`'s id: fields that hold it and
/// inline references to it.
fn places(graph: &Graph, target: &Target) -> Vec<(Span, Written)> {
    let content = &graph.content;
    let id = target.id();
    let mut out: Vec<(Span, Written)> = Vec::new();
    let mut values = |spans: &mut dyn Iterator<Item = (Span, &str)>| {
        out.extend(
            spans
                .filter(|(_, v)| *v == id)
                .map(|(s, _)| (s, Written::Value)),
        );
    };
    match target.kind() {
        RefKind::Claim => {
            values(
                &mut content
                    .claims
                    .iter()
                    .map(|c| (c.id.span, c.id.value.as_str())),
            );
            values(
                &mut content
                    .sources
                    .iter()
                    .flat_map(|s| &s.annotations)
                    .map(|a| (a.claim.span, a.claim.value.as_str())),
            );
            values(
                &mut [&content.bull, &content.bear]
                    .into_iter()
                    .flat_map(|c| &c.points)
                    .flat_map(|p| &p.claims)
                    .map(|c| (c.span, c.value.as_str())),
            );
            values(
                &mut content
                    .events
                    .iter()
                    .flat_map(|e| &e.claims)
                    .map(|c| (c.span, c.value.as_str())),
            );
        }
        RefKind::Source => values(
            &mut content
                .events
                .iter()
                .flat_map(|e| &e.sources)
                .map(|s| (s.span, s.value.as_str())),
        ),
        RefKind::Entity => {
            values(
                &mut content
                    .entities
                    .iter()
                    .map(|e| (e.id.span, e.id.value.as_str())),
            );
            values(
                &mut content
                    .claims
                    .iter()
                    .flat_map(|c| &c.entities)
                    .map(|e| (e.span, e.value.as_str())),
            );
        }
        RefKind::Event | RefKind::Page => {}
    }
    for (_, prose) in crate::link::all_places(content) {
        out.extend(
            prose
                .refs()
                .iter()
                .filter(|r| r.target == *target)
                .map(|r| (r.span, Written::Reference)),
        );
    }
    out
}

/// The byte offset of `old` as written at `span`, checked.
fn locate(text: &str, span: Span, written: Written, kind: RefKind, old: &str) -> Option<usize> {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(span.line.saturating_sub(1) as usize)
        .map(str::len)
        .sum();
    let line = text[line_start..].split('\n').next()?;
    let col = line
        .char_indices()
        .nth(span.col.saturating_sub(1) as usize)
        .map_or(line.len(), |(i, _)| i);
    let mut at = line_start + col;
    let rest = &text[at..];
    match written {
        Written::Value => {
            if rest.starts_with(['"', '\'']) {
                at += 1;
            }
        }
        Written::Reference => {
            let inner = rest.strip_prefix("[[")?;
            at += 2;
            let prefix = format!("{}:", kind.as_str());
            if inner.starts_with(&prefix) {
                at += prefix.len();
            }
        }
    }
    let after = text[at..].strip_prefix(old)?;
    // The whole id, not the start of a longer one.
    let ends = after
        .chars()
        .next()
        .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'));
    ends.then_some(at)
}

/// A file to write (or to remove, with no text).
struct Write {
    path: PathBuf,
    /// As shown to the user, from the project root.
    shown: PathBuf,
    text: Option<String>,
}

impl Write {
    fn file(root: &Path, shown: &Path, text: String) -> Write {
        Write {
            path: root.join(shown),
            shown: shown.to_path_buf(),
            text: Some(text),
        }
    }
}

/// A renamed source's file moves to its new name, and its quotes in the
/// lock go with it.
fn source_moves(
    root: &Path,
    files: &Files,
    graph: &Graph,
    old: &str,
    new: &str,
    plan: &mut Vec<Write>,
) -> Result<(), String> {
    let source = graph
        .content
        .sources
        .iter()
        .find(|s| s.id.as_str() == old)
        .ok_or_else(|| format!("there is no source `{old}`"))?;
    let from = files.path(source.file).to_path_buf();
    let to = from.with_file_name(format!("{new}.md"));
    if root.join(&to).exists() {
        return Err(format!(
            "{} already exists: choose another id",
            to.display()
        ));
    }
    // Its text as already edited above, or as it is.
    let text = match plan.iter().position(|w| w.shown == from) {
        Some(i) => plan.remove(i).text.unwrap_or_default(),
        None => files.text(source.file).to_string(),
    };
    plan.push(Write::file(root, &to, text));
    plan.push(Write {
        path: root.join(&from),
        shown: from,
        text: None,
    });
    let lock = Path::new("content/quotes.lock");
    if root.join(lock).is_file() && graph.content.lock.iter().any(|q| q.source == old) {
        let mut entries = graph.content.lock.clone();
        for q in entries.iter_mut().filter(|q| q.source == old) {
            q.source = new.to_string();
        }
        plan.push(Write::file(
            root,
            lock,
            crate::quote_lock::serialize(&entries),
        ));
    }
    Ok(())
}

/// The list of renames with this one added.
fn moves_write(
    root: &Path,
    graph: &Graph,
    kind: RefKind,
    old: &str,
    new: &str,
    date: &str,
) -> Result<Write, String> {
    let mut moves = graph.content.moves.clone();
    moves.push(Move {
        kind: kind.as_str().into(),
        from: old.into(),
        to: new.into(),
        date: Some(date.into()),
    });
    let mut text = serde_json::to_string_pretty(&moves).map_err(|e| e.to_string())?;
    text.push('\n');
    Ok(Write::file(root, Path::new(MOVES_FILE), text))
}

/// What a file held before [`apply`] wrote it: its text, or nothing.
type Backup = Vec<(PathBuf, Option<Vec<u8>>)>;

/// Writes the plan, each file whole through a temporary file beside it;
/// on a failure, puts back what was written. Returns what each file held.
fn apply(plan: &[Write]) -> std::io::Result<Backup> {
    let mut backup: Backup = Vec::new();
    for w in plan {
        let before = fs::read(&w.path).ok();
        let result = match &w.text {
            Some(text) => write_whole(&w.path, text.as_bytes()),
            None => fs::remove_file(&w.path),
        };
        backup.push((w.path.clone(), before));
        if let Err(e) = result {
            restore(backup);
            return Err(e);
        }
    }
    Ok(backup)
}

fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("renaming");
    fs::write(&tmp, bytes)?;
    fs::rename(&tmp, path)
}

/// Puts every file back as it was, in reverse order.
fn restore(backup: Backup) {
    for (path, before) in backup.into_iter().rev() {
        let _ = match before {
            Some(bytes) => write_whole(&path, &bytes),
            None => fs::remove_file(&path),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_found_where_it_is_written_and_only_whole() {
        let mut files = Files::default();
        let text = "- id: a-claim\n  claims: [\"a-claim\", a-claim-2]\nSee [[claim:a-claim|it]] and [[a-claim]].\n";
        let file = files.add("content/claims.yaml", text.to_string());
        let span = |line, col| Span::new(file, line, col);
        let v = Written::Value;
        let r = Written::Reference;
        assert_eq!(
            locate(text, span(1, 7), v, RefKind::Claim, "a-claim"),
            Some(6)
        );
        assert_eq!(
            locate(text, span(2, 12), v, RefKind::Claim, "a-claim"),
            Some(26)
        );
        // The start of a longer id is not the id.
        assert_eq!(
            locate(text, span(2, 23), v, RefKind::Claim, "a-claim"),
            None
        );
        let line3 = text.find("See").unwrap();
        assert_eq!(
            locate(text, span(3, 5), r, RefKind::Claim, "a-claim"),
            Some(line3 + 4 + 8)
        );
        assert_eq!(
            locate(text, span(3, 30), r, RefKind::Claim, "a-claim"),
            Some(line3 + 29 + 2)
        );
        // Not a reference at all.
        assert_eq!(locate(text, span(3, 1), r, RefKind::Claim, "a-claim"), None);
    }
}
