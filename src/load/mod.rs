//! Stage 1, load: read `content/` into the typed model.
//!
//! Walks the content folder, reads each file the format defines, splits
//! front-matter from Markdown, parses the YAML into raw structs and converts
//! them into model types, checking every value's shape on the way. It also
//! reads what quote verification needs (the original texts and
//! `quotes.lock`), so that no later stage touches the file system. Problems
//! are collected, not returned at the first one.

mod convert;
pub mod html;
pub use convert::{MAX_ALIASES, MAX_ANNOTATIONS, MAX_NAMES_BYTES, MAX_NAME_CHARS, MAX_QUOTE_CHARS};
mod files;
mod front_matter;
mod originals;
pub mod pdf;
mod raw;
pub mod schema;
mod theme;
mod yaml;

use files::{classify, linked_out, read_text, report_unreadable, walk, Role};
use originals::{normal_name, originals_folder, originals_part, read_originals};
pub use theme::templates;

use crate::contain;
use crate::diagnostics::{Diagnostic, Diagnostics, FileId, Files, Span};
use crate::model::edition::{Edition, Move};
use crate::model::{Case, Content, Markdown, PageId, Side, SourceId, Unread};
use crate::quote_lock;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The largest source, page, case or template we read: far above any real
/// one, low enough that a mistaken multi-gigabyte file fails fast.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// The largest list file (claims, timeline, entities) we read. These grow
/// with the briefing (10,000 claims are about 2.5 MiB), and YAML is parsed
/// with every position kept, so the limit stays well short of the lock's.
pub const MAX_LIST_BYTES: u64 = 32 * 1024 * 1024;
/// The largest quote lock we read: 10,000 sources with originals make one
/// of about 17 MiB.
pub const MAX_LOCK_BYTES: u64 = 256 * 1024 * 1024;
/// What an original says about itself (a web page's metadata, a PDF's
/// document information), for a new source's fields.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Metadata {
    pub title: Option<String>,
    pub author: Option<String>,
    pub publisher: Option<String>,
    /// As the file gives it: `2026-03-05T08:00:00Z`, or a day.
    pub published: Option<String>,
    /// The document's canonical address.
    pub url: Option<String>,
}

/// The largest original text we read for quote verification.
pub const MAX_ORIGINAL_BYTES: u64 = 32 * 1024 * 1024;

#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Folder of original texts given on the command line; overrides
    /// `originals` in briefing.yaml.
    pub originals: Option<PathBuf>,
}

/// The project's `briefing.yaml` alone, read and checked as the full load
/// reads it (for commands that need its settings, not the briefing);
/// `None`, with the problems in `diags`, when it cannot be read.
pub fn briefing(
    root: &Path,
    files: &mut Files,
    diags: &mut Diagnostics,
) -> Option<crate::model::Briefing> {
    let display = Path::new("content/briefing.yaml");
    match read_text(&root.join(display), Role::Briefing.size_limit()) {
        Ok(text) => {
            let file = files.add(display, text);
            convert::briefing(files, file, diags)
        }
        Err(e) => {
            report_unreadable(display, e, files, diags);
            None
        }
    }
}

/// Reads the project at `root`; problems (and warnings) go to `diags`.
/// Returns the content once `briefing.yaml` could be read and shaped. When
/// `diags` then holds errors, the content lacks what failed
/// (`Content::unloaded` names the sources, `Content::unread` the list
/// files) and is good only for finding more errors.
pub fn load(
    root: &Path,
    options: &LoadOptions,
    files: &mut Files,
    diags: &mut Diagnostics,
    progress: &dyn crate::Progress,
) -> Option<Content> {
    let content_dir = root.join("content");
    if let Some(target) = contain::linked_out_of(root, &content_dir) {
        diags.push(linked_out("content", &target));
        return None;
    }
    if !content_dir.is_dir() {
        diags.push(
            Diagnostic::at_path(&content_dir, "no content folder here").with_hint(
                "run the command from the project root, or name it with --root DIR; \
                 `content/` holds briefing.yaml, claims.yaml, timeline.yaml, entities.yaml and \
                 cases/ (sources/ and pages/ when there are any; see docs/CONTENT.md), and \
                 `briefing init DIR` makes a project to start from",
            ),
        );
        return None;
    }

    let mut found: Vec<(Role, FileId)> = Vec::new();
    // Files that are there but could not be read (already reported).
    let mut unreadable: Vec<Role> = Vec::new();
    for (role, display, text) in walk(root, &content_dir, files, diags) {
        match text {
            Some(text) => found.push((role, files.add(display, text))),
            None => unreadable.push(role),
        }
    }
    let files_ref: &Files = files;

    let single = |want: Role, name: &str, diags: &mut Diagnostics| -> Option<FileId> {
        let hit = found.iter().find(|(r, _)| *r == want).map(|(_, f)| *f);
        if hit.is_none() && !unreadable.contains(&want) {
            let there = std::fs::symlink_metadata(content_dir.join(name)).is_ok();
            diags.push(if there {
                // A folder, or a pipe, where the file should be.
                Diagnostic::at_path(
                    Path::new("content").join(name),
                    "is not a file: a folder or something else has its name",
                )
                .with_hint(format!(
                    "replace it with the file content/{name}; see docs/CONTENT.md"
                ))
            } else {
                Diagnostic::at_path(Path::new("content").join(name), "missing file")
                    .with_hint(format!("create content/{name}; see docs/CONTENT.md"))
            });
        }
        hit
    };
    let briefing_file = single(Role::Briefing, "briefing.yaml", diags);
    let claims_file = single(Role::Claims, "claims.yaml", diags);
    let timeline_file = single(Role::Timeline, "timeline.yaml", diags);
    let entities_file = single(Role::Entities, "entities.yaml", diags);
    let bull_file = single(Role::Case(Side::Bull), "cases/bull.md", diags);
    let bear_file = single(Role::Case(Side::Bear), "cases/bear.md", diags);

    // Sources are the bulk of a large briefing: parse them in parallel,
    // and the lists (one large file each) beside them.
    let source_files: Vec<(SourceId, FileId)> = found
        .iter()
        .filter_map(|(r, f)| match r {
            Role::Source(id) => Some((id.clone(), *f)),
            _ => None,
        })
        .collect();
    progress.begin("reading", source_files.len());
    let (lists, parsed) = rayon::join(
        || {
            let mut problems = Diagnostics::default();
            let diags = &mut problems;
            let lists = (
                briefing_file.and_then(|f| convert::briefing(files_ref, f, diags)),
                claims_file.and_then(|f| convert::claims(files_ref, f, diags)),
                timeline_file.and_then(|f| convert::events(files_ref, f, diags)),
                entities_file.and_then(|f| convert::entities(files_ref, f, diags)),
                bull_file.and_then(|f| convert::case(files_ref, f, Side::Bull, diags)),
                bear_file.and_then(|f| convert::case(files_ref, f, Side::Bear, diags)),
            );
            (lists, problems)
        },
        || {
            // Each with problems of its own, added in file order.
            source_files
                .par_iter()
                .map(|(id, f)| {
                    let mut found = Diagnostics::default();
                    let source = convert::source(files_ref, *f, id.clone(), &mut found);
                    progress.step();
                    (source, found)
                })
                .collect::<Vec<(Option<crate::model::Source>, Diagnostics)>>()
        },
    );
    let ((briefing, claims, events, entities, bull, bear), found_in_lists) = lists;
    diags.extend(found_in_lists);
    let mut sources = Vec::with_capacity(parsed.len());
    let mut unloaded = Vec::new();
    for ((source, found), (id, _)) in parsed.into_iter().zip(&source_files) {
        // A source can come back with its bad annotations left out: it did
        // not load whole either.
        if found.has_errors() {
            unloaded.push(id.clone());
        }
        diags.extend(found);
        sources.extend(source);
    }
    // Nor did a source whose file could not be read at all (not UTF-8, too
    // large): its one error is already reported, and the places citing it
    // are not reported again as unknown.
    unloaded.extend(unreadable.iter().filter_map(|r| match r {
        Role::Source(id) => Some(id.clone()),
        _ => None,
    }));

    let mut pages = Vec::new();
    for (role, f) in &found {
        if let Role::Page(id) = role {
            if let Some(p) = convert::page(files_ref, *f, id.clone(), diags) {
                pages.push(p);
            }
        }
    }

    let lock = match found.iter().find(|(r, _)| *r == Role::Lock) {
        Some((_, f)) => match quote_lock::parse(files_ref.text(*f)) {
            Ok(entries) => entries,
            Err(e) => {
                diags.push(
                    Diagnostic::error(Span::new(*f, e.line, e.col), e.message).with_hint(
                        "quotes.lock is written by the build: delete it and build with the \
                         originals to write it anew",
                    ),
                );
                Vec::new()
            }
        },
        None => Vec::new(),
    };

    let mut editions: Vec<Edition> = found
        .iter()
        .filter_map(|(role, f)| match role {
            Role::Edition(n) => edition(files_ref, *f, *n, diags),
            _ => None,
        })
        .collect();
    editions.sort_by_key(|e| e.edition);
    let moves: Vec<Move> = found
        .iter()
        .find(|(role, _)| *role == Role::Moves)
        .and_then(|(_, f)| moves(files_ref, *f, diags))
        .unwrap_or_default();

    let briefing = briefing?;
    let originals_dir = originals_folder(root, options, &briefing, diags);
    let originals = match &originals_dir {
        Some(dir) => read_originals(dir, &sources, diags),
        None => BTreeMap::new(),
    };

    // With errors, the content still comes back once the briefing loaded:
    // a list file that failed stands in empty, marked unread, and the
    // caller links what there is to report its errors in the same run, and
    // then fails.
    let unread = Unread {
        claims: claims.is_none(),
        timeline: events.is_none(),
        entities: entities.is_none(),
        cases: bull.is_none() || bear.is_none(),
    };
    let mut placeholder = |side: Side, file: Option<FileId>| Case {
        side,
        title: None,
        points: Vec::new(),
        intro: Markdown::default(),
        file: file.unwrap_or_else(|| {
            files.add(format!("content/cases/{}.md", side.as_str()), String::new())
        }),
    };
    let bull = bull.unwrap_or_else(|| placeholder(Side::Bull, bull_file));
    let bear = bear.unwrap_or_else(|| placeholder(Side::Bear, bear_file));
    Some(Content {
        briefing,
        sources,
        claims: claims.unwrap_or_default(),
        events: events.unwrap_or_default(),
        entities: entities.unwrap_or_default(),
        bull,
        bear,
        pages,
        originals,
        originals_dir,
        lock,
        editions,
        moves,
        unloaded,
        unread,
    })
}

/// An edition's record, read from its file: the JSON `briefing edition`
/// wrote, whose number is the file's.
fn edition(files: &Files, file: FileId, number: u32, diags: &mut Diagnostics) -> Option<Edition> {
    match serde_json::from_str::<Edition>(files.text(file)) {
        Ok(e) if e.edition == number => Some(e),
        Ok(e) => {
            diags.push(
                Diagnostic::error(
                    Span::new(file, 1, 1),
                    format!("this file is edition {number}, but it says it is edition {}", e.edition),
                )
                .with_hint("editions are written by `briefing edition`: restore the file from version control"),
            );
            None
        }
        Err(e) => {
            diags.push(
                Diagnostic::error(
                    Span::new(file, e.line().max(1) as u32, e.column().max(1) as u32),
                    format!("cannot read this edition's record: {e}"),
                )
                .with_hint(
                    "editions are written by `briefing edition` and not edited by hand: restore \
                     the file from version control",
                ),
            );
            None
        }
    }
}

/// The ids renamed, read from `editions/moved.json`, which `briefing
/// rename` writes.
fn moves(files: &Files, file: FileId, diags: &mut Diagnostics) -> Option<Vec<Move>> {
    match serde_json::from_str::<Vec<Move>>(files.text(file)) {
        Ok(moves) => {
            // Each must be a rename `briefing rename` could have made: one
            // kind of record, from an id to another.
            let text = files.text(file);
            let mut sound = true;
            for (i, m) in moves.iter().enumerate() {
                if let Some(problem) = m.problem() {
                    sound = false;
                    let line = crate::diagnostics::line_of(text, &format!("\"{}\"", m.from));
                    diags.push(
                        Diagnostic::error(
                            Span::new(file, line, 1),
                            format!("rename {} of the list: {problem}", i + 1),
                        )
                        .with_hint(
                            "this file is written by `briefing rename` and not edited by hand: \
                             restore it from version control",
                        ),
                    );
                }
            }
            sound.then_some(moves)
        }
        Err(e) => {
            diags.push(
                Diagnostic::error(
                    Span::new(file, e.line().max(1) as u32, e.column().max(1) as u32),
                    format!("cannot read the list of renamed ids: {e}"),
                )
                .with_hint(
                    "this file is written by `briefing rename` and not edited by hand: restore \
                     it from version control",
                ),
            );
            None
        }
    }
}

/// Applies changes to files of `content/` to already loaded content, for
/// watch mode: each changed file is read and converted again, a deleted
/// source or page is dropped, a new one added in file-name order. Returns
/// false when a changed file has errors (reported in `diags`).
pub fn reload(
    root: &Path,
    options: &LoadOptions,
    changed: &[PathBuf],
    content: &mut Content,
    files: &mut Files,
    diags: &mut Diagnostics,
) -> bool {
    let errors_before = diags.error_count();
    if let Some(dir) = content.originals_dir.clone() {
        for path in changed {
            match originals_part(&dir, path) {
                None => {}
                // The folder itself moved or went: look for it again.
                Some(part) if part.is_empty() => {
                    content.originals.clear();
                    content.originals_dir =
                        originals_folder(root, options, &content.briefing, diags);
                    break;
                }
                // An original, or a folder of them, changed: its texts are
                // read again below, and the quotes naming them checked.
                Some(part) => content.originals.retain(|name, _| {
                    let name = normal_name(name);
                    name != part && !name.starts_with(&format!("{part}/"))
                }),
            }
        }
    }
    for path in changed {
        let Some((display, role, found)) = changed_role(root, path) else {
            continue;
        };
        // A file that came and went (an editor's or a tool's temporary
        // file) is no concern of the briefing's.
        if path.is_file() {
            diags.extend(found);
        }
        let Some(role) = role else {
            continue;
        };
        if !path.is_file() {
            match role {
                Role::Source(id) => content.sources.retain(|s| s.id != id),
                Role::Page(id) => content.pages.retain(|p| p.id != id),
                Role::Lock => content.lock.clear(),
                Role::Edition(n) => content.editions.retain(|e| e.edition != n),
                Role::Moves => content.moves.clear(),
                _ => diags.push(
                    Diagnostic::at_path(&display, "missing file")
                        .with_hint("the briefing needs this file; restore it"),
                ),
            }
            continue;
        }
        let text = match read_text(path, role.size_limit()) {
            Ok(t) => t,
            Err(e) => {
                report_unreadable(&display, e, files, diags);
                continue;
            }
        };
        let file = files.add(display, text);
        let f: &Files = files;
        match role {
            Role::Briefing => {
                if let Some(b) = convert::briefing(f, file, diags) {
                    let folder =
                        |b: &crate::model::Briefing| b.originals.as_ref().map(|o| o.value.clone());
                    if folder(&b) != folder(&content.briefing) {
                        // Another originals folder: found and read again
                        // below, as a full load would.
                        content.originals.clear();
                        content.originals_dir = None;
                    }
                    content.briefing = b;
                }
            }
            Role::Claims => {
                if let Some(c) = convert::claims(f, file, diags) {
                    content.claims = c;
                }
            }
            Role::Timeline => {
                if let Some(e) = convert::events(f, file, diags) {
                    content.events = e;
                }
            }
            Role::Entities => {
                if let Some(e) = convert::entities(f, file, diags) {
                    content.entities = e;
                }
            }
            Role::Case(side) => {
                if let Some(c) = convert::case(f, file, side, diags) {
                    match side {
                        Side::Bull => content.bull = c,
                        Side::Bear => content.bear = c,
                    }
                }
            }
            Role::Source(id) => {
                if let Some(s) = convert::source(f, file, id.clone(), diags) {
                    content.sources.retain(|x| x.id != id);
                    content.sources.push(s);
                }
            }
            Role::Page(id) => {
                if let Some(p) = convert::page(f, file, id.clone(), diags) {
                    content.pages.retain(|x| x.id != id);
                    content.pages.push(p);
                }
            }
            Role::Edition(n) => {
                content.editions.retain(|e| e.edition != n);
                if let Some(e) = edition(f, file, n, diags) {
                    content.editions.push(e);
                    content.editions.sort_by_key(|e| e.edition);
                }
            }
            Role::Moves => {
                if let Some(m) = moves(f, file, diags) {
                    content.moves = m;
                }
            }
            Role::Lock => match quote_lock::parse(f.text(file)) {
                Ok(entries) => content.lock = entries,
                Err(e) => diags.push(Diagnostic::error(Span::new(file, e.line, e.col), e.message)),
            },
        }
    }
    // The same order as a full load: by file name.
    content
        .sources
        .sort_by_cached_key(|s| format!("{}.md", s.id));
    content.pages.sort_by_cached_key(|p| format!("{}.md", p.id));
    // A changed source may name an original not read yet, and an edited
    // original must be read again.
    let dir = content
        .originals_dir
        .clone()
        .or_else(|| originals_folder(root, options, &content.briefing, diags));
    if let Some(dir) = dir {
        let missing = content.sources.iter().filter(|s| {
            s.original
                .as_ref()
                .is_some_and(|o| !content.originals.contains_key(&o.value))
        });
        let read = read_originals(&dir, missing, diags);
        content.originals.extend(read);
        content.originals_dir = Some(dir);
    }
    diags.error_count() == errors_before
}

/// What a changed path is to the briefing: its display path, its role
/// (with the problems its name has), or `None` when it is outside
/// `content/` or hidden.
fn changed_role(root: &Path, path: &Path) -> Option<(PathBuf, Option<Role>, Diagnostics)> {
    let rel = path.strip_prefix(root.join("content")).ok()?;
    if rel
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
    {
        return None;
    }
    let display = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let mut found = Diagnostics::default();
    let role = classify(rel, &display, &mut found);
    Some((display, role, found))
}

/// Reads one changed source file for watch mode's fast path, with the
/// conversion a full load uses (see [`Reloaded`]).
pub fn reload_source(root: &Path, path: &Path, files: &mut Files) -> Reloaded {
    let Some((display, Some(Role::Source(id)), found)) = changed_role(root, path) else {
        return Reloaded::Other;
    };
    if !found.is_empty() || !path.is_file() {
        return Reloaded::Other;
    }
    let Ok(text) = read_text(path, MAX_FILE_BYTES) else {
        return Reloaded::Other;
    };
    let file = files.add(display, text);
    let mut found = Diagnostics::default();
    match convert::source(files, file, id, &mut found) {
        Some(source) if found.is_empty() => Reloaded::Source(Box::new(source)),
        _ if found.has_errors() => Reloaded::Broken(found),
        // Warnings alone: the full load reports them with the rest.
        _ => Reloaded::Other,
    }
}

/// What reading a changed source file again gave.
pub enum Reloaded {
    /// The source, without a problem.
    Source(Box<crate::model::Source>),
    /// The file's errors, as a full load reports them.
    Broken(Diagnostics),
    /// Not a source file that can be read alone: the full load's to read.
    Other,
}

/// The kinds of content file, by name, for [`check_text`].
pub const FILE_KINDS: [&str; 8] = [
    "briefing", "claims", "timeline", "entities", "bull", "bear", "source", "page",
];

/// Parses `text` as one content file of `kind` (one of [`FILE_KINDS`]) and
/// returns what is wrong with it: the loader's checks on a single file,
/// without a project around it. A seam for fuzzing and editor tooling.
pub fn check_text(kind: &str, text: &str) -> (Files, Diagnostics) {
    let mut files = Files::default();
    let mut diags = Diagnostics::default();
    let file = files.add(
        format!("{kind}.input"),
        text.strip_prefix('\u{feff}')
            .unwrap_or(text)
            .replace("\r\n", "\n"),
    );
    let f = &files;
    let d = &mut diags;
    // Only the problems matter here: the values are dropped.
    match kind {
        "briefing" => drop(convert::briefing(f, file, d)),
        "claims" => drop(convert::claims(f, file, d)),
        "timeline" => drop(convert::events(f, file, d)),
        "entities" => drop(convert::entities(f, file, d)),
        "bull" => drop(convert::case(f, file, Side::Bull, d)),
        "bear" => drop(convert::case(f, file, Side::Bear, d)),
        "page" => drop(convert::page(
            f,
            file,
            PageId::parse("page").expect("a valid id"),
            d,
        )),
        _ => drop(convert::source(
            f,
            file,
            SourceId::parse("source").expect("a valid id"),
            d,
        )),
    }
    (files, diags)
}
