//! Stage 1, load: read `content/` into the typed model.
//!
//! Walks the content folder, reads each file the format defines, splits
//! front-matter from Markdown, parses the YAML into raw structs and converts
//! them into model types, checking every value's shape on the way. It also
//! reads what quote verification needs (the original texts and
//! `quotes.lock`), so that no later stage touches the file system. Problems
//! are collected, not returned at the first one.

mod convert;
pub use convert::{MAX_ALIASES, MAX_ANNOTATIONS, MAX_NAMES_BYTES, MAX_NAME_CHARS, MAX_QUOTE_CHARS};
mod front_matter;
mod raw;
mod yaml;

use crate::contain;
use crate::diagnostics::{Diagnostic, Diagnostics, FileId, Files, Span};
use crate::model::{Case, Content, Markdown, Original, PageId, Side, SourceId, Unread};
use crate::quote_lock;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use walkdir::WalkDir;

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
/// The largest original text we read for quote verification.
pub const MAX_ORIGINAL_BYTES: u64 = 32 * 1024 * 1024;

#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Folder of original texts given on the command line; overrides
    /// `originals` in briefing.yaml.
    pub originals: Option<PathBuf>,
}

/// What a content file is, by its place in the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Role {
    Briefing,
    Claims,
    Timeline,
    Entities,
    Lock,
    Source(SourceId),
    Case(Side),
    Page(PageId),
}

impl Role {
    /// The largest file of this kind we read.
    fn size_limit(&self) -> u64 {
        match self {
            Role::Claims | Role::Timeline | Role::Entities => MAX_LIST_BYTES,
            Role::Lock => MAX_LOCK_BYTES,
            _ => MAX_FILE_BYTES,
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
                 `content/` must hold briefing.yaml, claims.yaml, timeline.yaml, entities.yaml, \
                 sources/, cases/ and pages/",
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
            diags.push(
                Diagnostic::at_path(Path::new("content").join(name), "missing file")
                    .with_hint(format!("create content/{name}; see docs/CONTENT.md")),
            );
        }
        hit
    };
    let briefing_file = single(Role::Briefing, "briefing.yaml", diags);
    let claims_file = single(Role::Claims, "claims.yaml", diags);
    let timeline_file = single(Role::Timeline, "timeline.yaml", diags);
    let entities_file = single(Role::Entities, "entities.yaml", diags);
    let bull_file = single(Role::Case(Side::Bull), "cases/bull.md", diags);
    let bear_file = single(Role::Case(Side::Bear), "cases/bear.md", diags);

    let briefing = briefing_file.and_then(|f| convert::briefing(files_ref, f, diags));
    let claims = claims_file.and_then(|f| convert::claims(files_ref, f, diags));
    let events = timeline_file.and_then(|f| convert::events(files_ref, f, diags));
    let entities = entities_file.and_then(|f| convert::entities(files_ref, f, diags));
    let bull = bull_file.and_then(|f| convert::case(files_ref, f, Side::Bull, diags));
    let bear = bear_file.and_then(|f| convert::case(files_ref, f, Side::Bear, diags));

    // Sources are the bulk of a large briefing: parse them in parallel.
    let source_files: Vec<(SourceId, FileId)> = found
        .iter()
        .filter_map(|(r, f)| match r {
            Role::Source(id) => Some((id.clone(), *f)),
            _ => None,
        })
        .collect();
    progress.begin("reading", source_files.len());
    // Each in parallel with problems of its own, added in file order.
    let parsed: Vec<(Option<crate::model::Source>, Diagnostics)> = source_files
        .par_iter()
        .map(|(id, f)| {
            let mut found = Diagnostics::default();
            let source = convert::source(files_ref, *f, id.clone(), &mut found);
            progress.step();
            (source, found)
        })
        .collect();
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
        title: String::new(),
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
        unloaded,
        unread,
    })
}

/// The error for a project folder (`content/`, `templates/`) that is a
/// symbolic link leading out of the project.
fn linked_out(name: &str, target: &Path) -> Diagnostic {
    Diagnostic::at_path(
        name,
        format!(
            "`{name}/` is a symbolic link that leads out of the project (to {}): not followed",
            crate::diagnostics::shown_path(target)
        ),
    )
    .with_hint(format!(
        "make {name}/ a real folder in the project, or point --root at the project that holds it"
    ))
}

/// Walks the content folder in a stable order and reads every file the
/// format knows. Unknown files are warned about and skipped.
fn walk(
    root: &Path,
    content_dir: &Path,
    files: &mut Files,
    diags: &mut Diagnostics,
) -> Vec<(Role, PathBuf, Option<String>)> {
    let mut out = Vec::new();
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
        } else if !entry.file_type().is_file() {
            continue;
        }
        let Some(role) = classify(rel, &display, diags) else {
            continue;
        };
        match read_text(path, role.size_limit()) {
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
fn classify(rel: &Path, display: &Path, diags: &mut Diagnostics) -> Option<Role> {
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
                     quotes.lock, sources/*.md, cases/bull.md, cases/bear.md and pages/*.md",
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
pub(crate) struct NotUtf8 {
    pub line: u32,
    pub col: u32,
    pub lossy: String,
}

/// Reads a content file as text: size-limited, UTF-8, without a byte-order
/// mark, with `\r\n` line ends made `\n`. Errors are (message, hint), with
/// the position of a bad byte when that is the problem.
fn read_text(path: &Path, limit: u64) -> Result<String, (String, String, Option<NotUtf8>)> {
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
fn report_unreadable(
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

fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, (String, String)> {
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

/// The originals folder to verify quotes against, if one is available.
/// A folder named on the command line must exist; one named in briefing.yaml
/// may be absent (a public clone without the private originals), and the
/// build then relies on quotes.lock.
fn originals_folder(
    root: &Path,
    options: &LoadOptions,
    briefing: &crate::model::Briefing,
    diags: &mut Diagnostics,
) -> Option<PathBuf> {
    if let Some(dir) = &options.originals {
        if dir.is_dir() {
            return Some(dir.clone());
        }
        diags.push(
            Diagnostic::at_path(dir, "--originals names no readable folder")
                .with_hint("give the folder that holds the sources' original texts"),
        );
        return None;
    }
    let written = briefing.originals.as_ref()?;
    let dir = root.join(&written.value);
    let refuse = |why: String| {
        Diagnostic::error(
            written.span,
            format!(
                "the originals folder `{}` cannot be used: {why}",
                written.value.display()
            ),
        )
        .with_hint(
            "name a folder of original texts beside or inside the project, not a hidden or \
             system folder; a folder elsewhere can be given on the command line with --originals",
        )
    };
    // The name as written first: a hidden folder that does not exist here
    // is refused all the same, on every machine.
    if let Some(hidden) = contain::hidden_part(&written.value) {
        diags.push(refuse(format!("`{hidden}` is hidden")));
        return None;
    }
    // Absent: a public clone without the private originals.
    let resolved = dir.canonicalize().ok().filter(|d| d.is_dir())?;
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    if let Some(why) = contain::folder_problem(&root, &resolved) {
        diags.push(refuse(why));
        return None;
    }
    Some(dir)
}

/// Reads the original of every source that names one, under the rules of
/// [`contain`]: a plain relative path that stays inside the originals
/// folder, to a regular file with an original's extension, nothing hidden.
fn read_originals<'a>(
    dir: &Path,
    sources: impl IntoIterator<Item = &'a crate::model::Source>,
    diags: &mut Diagnostics,
) -> BTreeMap<String, Original> {
    let mut out = BTreeMap::new();
    let canonical_dir = match dir.canonicalize() {
        Ok(d) => d,
        Err(e) => {
            diags.push(Diagnostic::at_path(
                dir,
                format!("cannot read the originals folder: {e}"),
            ));
            return out;
        }
    };
    for source in sources {
        let Some(name) = &source.original else {
            continue;
        };
        if out.contains_key(&name.value) {
            continue;
        }
        let rel = Path::new(&name.value);
        let resolved = match contain::name_problem(rel) {
            Some(why) => Err(Some(why)),
            None => canonical_dir.join(rel).canonicalize().map_err(|_| None),
        };
        let problem = match &resolved {
            Ok(path) => contain::file_problem(rel, &canonical_dir, path),
            Err(why) => why.clone(),
        };
        if let Some(why) = problem {
            diags.push(
                Diagnostic::error(
                    name.span,
                    format!("original `{}` cannot be read: {why}", name.value),
                )
                .with_hint(format!(
                    "name the original text by its path inside the originals folder, without `..` \
                     or hidden folders, ending in one of {}",
                    contain::extension_list()
                )),
            );
            continue;
        }
        let Ok(path) = resolved else {
            diags.push(
                Diagnostic::error(
                    name.span,
                    format!("original `{}` is not in {}", name.value, dir.display()),
                )
                .with_hint(
                    "check the file name, or the folder given with --originals or `originals:`",
                ),
            );
            continue;
        };
        match read_limited(&path, MAX_ORIGINAL_BYTES) {
            Ok(bytes) => {
                let sha256 = crate::model::Sha256::of(&bytes);
                let text = String::from_utf8_lossy(&bytes).into_owned();
                out.insert(name.value.clone(), Original { text, sha256 });
            }
            Err((message, _)) => diags.push(Diagnostic::error(
                name.span,
                format!("original `{}`: {message}", name.value),
            )),
        }
    }
    out
}

/// Reads the theme: the default theme compiled into the binary, with each
/// file of the project's `templates/` (if it has one) in place of its
/// namesake. Every `*.html` there is a template, named by its path; every
/// file under `templates/assets/` an asset.
pub fn templates(root: &Path) -> Result<crate::model::Theme, Diagnostics> {
    let dir = root.join("templates");
    let mut diags = Diagnostics::default();
    if let Some(target) = contain::linked_out_of(root, &dir) {
        diags.push(linked_out("templates", &target));
        return Err(diags);
    }
    let mut theme = crate::theme::default_theme();
    if !dir.is_dir() {
        return Ok(theme);
    }
    for entry in WalkDir::new(&dir).follow_links(false).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::at_path(&dir, format!("cannot read: {e}")));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if name.split('/').any(|part| part.starts_with('.')) {
            continue;
        }
        if let Some(asset) = name.strip_prefix("assets/") {
            match read_limited(entry.path(), MAX_FILE_BYTES) {
                Ok(bytes) => theme.set_asset(asset.to_string(), bytes),
                Err((m, h)) => diags.push(Diagnostic::at_path(entry.path(), m).with_hint(h)),
            }
        } else if name.ends_with(".html") {
            match read_text(entry.path(), MAX_FILE_BYTES) {
                Ok(text) => theme.set_template(name, text),
                Err((m, h, _)) => diags.push(Diagnostic::at_path(entry.path(), m).with_hint(h)),
            }
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(theme)
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

/// Where `path` is inside the originals folder `dir`, as a name like those
/// sources give (`sub/a.txt`; empty for the folder itself), or `None` when
/// it is outside. The path may be gone, so it is compared as written with
/// the folder both as given and as resolved.
fn originals_part(dir: &Path, path: &Path) -> Option<String> {
    let path = lexical(&std::path::absolute(path).ok()?);
    let mut dirs = vec![lexical(&std::path::absolute(dir).ok()?)];
    dirs.extend(dir.canonicalize());
    dirs.iter()
        .find_map(|d| path.strip_prefix(d).ok())
        .map(|rel| normal_name(&rel.to_string_lossy()))
}

/// `path` with `.` and `..` resolved without asking the file system.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// An original's name with empty and `.` parts dropped, `/` between.
fn normal_name(name: &str) -> String {
    name.split(['/', '\\'])
        .filter(|p| !p.is_empty() && *p != ".")
        .collect::<Vec<_>>()
        .join("/")
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

/// Reads one changed source file for watch mode's fast path. Returns
/// `None` when `path` is not a source file that reads cleanly (not a
/// source, gone, unreadable, or with any problem at all): then the caller
/// takes the general path, which reports what is wrong.
pub fn reload_source(root: &Path, path: &Path, files: &mut Files) -> Option<crate::model::Source> {
    let (display, Some(Role::Source(id)), found) = changed_role(root, path)? else {
        return None;
    };
    if !found.is_empty() || !path.is_file() {
        return None;
    }
    let text = read_text(path, MAX_FILE_BYTES).ok()?;
    let file = files.add(display, text);
    let mut found = Diagnostics::default();
    let source = convert::source(files, file, id, &mut found);
    source.filter(|_| found.is_empty())
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
