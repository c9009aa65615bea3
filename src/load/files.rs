//! Reading the content folder: which files the format defines, by their
//! place in the tree, and each read as size-limited UTF-8 text. A symbolic
//! link is followed only when it stays inside `content/`.

use super::{MAX_FILE_BYTES, MAX_LIST_BYTES, MAX_LOCK_BYTES};
use crate::diagnostics::{Diagnostic, Diagnostics, Files, Span};
use crate::model::{PageId, Side, SourceId};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// What a content file is, by its place in the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Role {
    Briefing,
    Claims,
    Timeline,
    Entities,
    Lock,
    Source(SourceId),
    Case(Side),
    Page(PageId),
    /// An issued edition's record, `editions/<n>.json`.
    Edition(u32),
    /// The ids renamed, `editions/moved.json`.
    Moves,
}

impl Role {
    /// The largest file of this kind we read.
    pub(super) fn size_limit(&self) -> u64 {
        match self {
            Role::Claims | Role::Timeline | Role::Entities => MAX_LIST_BYTES,
            // An edition records every claim as it was issued, about 1 KB
            // a claim: written by the tool, and as large as the lock can be.
            Role::Lock | Role::Edition(_) => MAX_LOCK_BYTES,
            _ => MAX_FILE_BYTES,
        }
    }
}

/// The error for a project folder (`content/`, `templates/`) that is a
/// symbolic link leading out of the project.
pub(super) fn linked_out(name: &str, target: &Path) -> Diagnostic {
    Diagnostic::at_path(
        name,
        format!(
            "{}: not followed",
            crate::contain::linked_out_message(&format!("{name}/"), target)
        ),
    )
    .with_hint(format!(
        "make {name}/ a real folder in the project, or point --root at the project that holds it"
    ))
}

/// Walks the content folder in a stable order and reads every file the
/// format knows. Unknown files are warned about and skipped.
pub(super) fn walk(
    root: &Path,
    content_dir: &Path,
    files: &mut Files,
    diags: &mut Diagnostics,
) -> Vec<(Role, PathBuf, Option<String>)> {
    // Each file the format knows, in the walk's order: its role, the path
    // it is shown by and where it is.
    let mut wanted: Vec<(Role, PathBuf, PathBuf)> = Vec::new();
    let canonical_content = content_dir
        .canonicalize()
        .unwrap_or(content_dir.to_path_buf());
    let walker = WalkDir::new(content_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or(content_dir.to_path_buf());
                diags.push(Diagnostic::at_path(path, format!("cannot read: {e}")));
                continue;
            }
        };
        let path = entry.path();
        let rel = path.strip_prefix(content_dir).unwrap_or(path);
        let display = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        if entry.file_type().is_symlink() {
            // A link is followed only when it stays inside content/: a
            // briefing must not publish (or quote) a file from elsewhere.
            match path.canonicalize() {
                Ok(target) if target.starts_with(&canonical_content) && target.is_file() => {}
                Ok(target) if target.is_dir() => {
                    // A linked folder can lead back into itself; folders
                    // are never followed.
                    diags.push(
                        Diagnostic::at_path(&display, "symbolic link to a folder: not followed")
                            .with_hint("move the files into content/ itself"),
                    );
                    continue;
                }
                _ => {
                    diags.push(
                        Diagnostic::at_path(
                            &display,
                            "symbolic link leads outside content/ (or nowhere)",
                        )
                        .with_hint("copy the file into content/ instead of linking to it"),
                    );
                    continue;
                }
            }
        } else if entry.file_type().is_dir() {
            continue;
        } else if !entry.file_type().is_file() {
            // A pipe, a socket or a device: never content, and reading a
            // pipe would wait for a writer forever.
            diags.push(
                Diagnostic::warning_at_path(
                    &display,
                    "is not a file (a pipe, a socket or a device) and is left out",
                )
                .with_hint("content/ holds files and folders only: remove it"),
            );
            continue;
        }
        let Some(role) = classify(rel, &display, diags) else {
            continue;
        };
        wanted.push((role, display, path.to_path_buf()));
    }
    // Read side by side: with thousands of sources, reading one after the
    // other was a third of the load stage's time.
    let texts: Vec<Result<String, _>> = wanted
        .par_iter()
        .map(|(role, _, path)| read_text(path, role.size_limit()))
        .collect();
    let mut out = Vec::with_capacity(wanted.len());
    for ((role, display, _), text) in wanted.into_iter().zip(texts) {
        match text {
            Ok(text) => out.push((role, display, Some(text))),
            Err(e) => {
                report_unreadable(&display, e, files, diags);
                out.push((role, display, None));
            }
        }
    }
    out
}

/// What a file is, from its path inside content/. `None` (with a warning or
/// an error) for files the format does not define.
pub(super) fn classify(rel: &Path, display: &Path, diags: &mut Diagnostics) -> Option<Role> {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    let stem_id = |name: &str, folder: &str| -> Option<String> {
        let stem = name.strip_suffix(".md")?;
        Some(stem.to_string()).filter(|_| !folder.is_empty())
    };
    let role = match parts.as_slice() {
        ["briefing.yaml"] => Role::Briefing,
        ["claims.yaml"] => Role::Claims,
        ["timeline.yaml"] => Role::Timeline,
        ["entities.yaml"] => Role::Entities,
        ["quotes.lock"] => Role::Lock,
        ["cases", "bull.md"] => Role::Case(Side::Bull),
        ["cases", "bear.md"] => Role::Case(Side::Bear),
        ["editions", "moved.json"] => Role::Moves,
        ["editions", name] if name.ends_with(".json") => {
            let stem = name.strip_suffix(".json").unwrap_or(name);
            // `03.json` is not edition 3's name: one edition, one name.
            match stem.parse::<u32>().ok().filter(|n| n.to_string() == stem) {
                Some(n) if n >= 1 => Role::Edition(n),
                _ => {
                    diags.push(
                        Diagnostic::at_path(display, "an edition's file is named by its number")
                            .with_hint(
                                "editions are recorded by `briefing edition` as editions/1.json, \
                                 editions/2.json... (and `briefing rename` keeps \
                                 editions/moved.json); do not rename them",
                            ),
                    );
                    return None;
                }
            }
        }
        [folder @ ("sources" | "pages"), name] if name.ends_with(".md") => {
            let stem = stem_id(name, folder)?;
            let result = if *folder == "sources" {
                SourceId::parse(&stem).map(Role::Source)
            } else {
                PageId::parse(&stem).map(Role::Page)
            };
            match result {
                Ok(role) => role,
                Err(problem) => {
                    diags.push(
                        Diagnostic::at_path(
                            display,
                            format!("`{stem}` cannot be an id: {problem}"),
                        )
                        .with_hint("the file name is the id: rename the file, e.g. `my-source.md`"),
                    );
                    return None;
                }
            }
        }
        _ => {
            let mut d = Diagnostic::at_path(display, "not part of the content format; ignored")
                .with_hint(
                    "content/ holds briefing.yaml, claims.yaml, timeline.yaml, entities.yaml, \
                     quotes.lock, sources/*.md, cases/bull.md, cases/bear.md, pages/*.md and \
                     editions/*.json",
                );
            d.severity = crate::diagnostics::Severity::Warning;
            diags.push(d);
            return None;
        }
    };
    Some(role)
}

/// A file that is not UTF-8: where the first bad byte is, and the text as
/// far as it could be read (for quoting the line in the report).
pub(super) struct NotUtf8 {
    pub line: u32,
    pub col: u32,
    pub lossy: String,
}

/// Reads a content file as text: size-limited, UTF-8, without a byte-order
/// mark, with `\r\n` line ends made `\n`. Errors are (message, hint), with
/// the position of a bad byte when that is the problem.
pub(super) fn read_text(
    path: &Path,
    limit: u64,
) -> Result<String, (String, String, Option<NotUtf8>)> {
    let bytes = read_limited(path, limit).map_err(|(m, h)| (m, h, None))?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line_start = bytes[..valid]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
            let col = String::from_utf8_lossy(&bytes[line_start..valid])
                .chars()
                .count()
                + 1;
            return Err((
                "the file is not valid UTF-8 here".into(),
                "save the file as UTF-8 in your editor".into(),
                Some(NotUtf8 {
                    line: line as u32,
                    col: col as u32,
                    lossy: String::from_utf8_lossy(bytes).replace("\r\n", "\n"),
                }),
            ));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text.to_string()
    })
}

/// Reports a file that could not be read as text, quoting the line of a
/// bad byte when that is why.
pub(super) fn report_unreadable(
    display: &Path,
    (message, hint, bad): (String, String, Option<NotUtf8>),
    files: &mut Files,
    diags: &mut Diagnostics,
) {
    match bad {
        Some(bad) => {
            let id = files.add(display, bad.lossy);
            diags
                .push(Diagnostic::error(Span::new(id, bad.line, bad.col), message).with_hint(hint));
        }
        None => diags.push(Diagnostic::at_path(display, message).with_hint(hint)),
    }
}

pub(super) fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, (String, String)> {
    let meta = std::fs::metadata(path).map_err(|e| (format!("cannot read: {e}"), String::new()))?;
    if meta.len() > limit {
        return Err((
            format!(
                "the file is {} bytes, over the limit of {limit}",
                meta.len()
            ),
            "check that this is the file you meant to put here: one this large is most \
             likely a mistake"
                .into(),
        ));
    }
    std::fs::read(path).map_err(|e| (format!("cannot read: {e}"), String::new()))
}
