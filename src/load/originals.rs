//! The originals: which folder to read them from, and each source's
//! original read under the rules of [`crate::contain`], so that content can
//! make the build read an original only, never another file.

use super::files::read_limited;
use super::{LoadOptions, MAX_ORIGINAL_BYTES};
use crate::contain;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Original;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The originals folder to verify quotes against, if one is available.
/// A folder named on the command line must exist; one named in briefing.yaml
/// may be absent (a public clone without the private originals), and the
/// build then relies on quotes.lock.
pub(super) fn originals_folder(
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
pub(super) fn read_originals<'a>(
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
        let checked = match contain::name_problem(rel) {
            Some(why) => Err(why),
            None => match canonical_dir.join(rel).canonicalize() {
                Ok(path) => contain::file_problem(&canonical_dir, &path).map_or(Ok(path), Err),
                Err(_) => {
                    diags.push(
                        Diagnostic::error(
                            name.span,
                            format!("original `{}` is not in {}", name.value, dir.display()),
                        )
                        .with_hint(
                            "check the file name, or the folder given with --originals or \
                             `originals:`",
                        ),
                    );
                    continue;
                }
            },
        };
        let path = match checked {
            Ok(path) => path,
            Err(why) => {
                diags.push(
                    Diagnostic::error(
                        name.span,
                        format!("original `{}` cannot be read: {why}", name.value),
                    )
                    .with_hint(format!(
                        "name the original text by its path inside the originals folder, without \
                         `..` or hidden folders, ending in one of {}",
                        contain::extension_list()
                    )),
                );
                continue;
            }
        };
        match read_limited(&path, MAX_ORIGINAL_BYTES) {
            Ok(bytes) => {
                let sha256 = crate::model::Sha256::of(&bytes);
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let original = if super::html::is_html(&name.value) {
                    // A web page: its article for quotes, and all of its
                    // text for sources that quote the rest. A page where
                    // no article stands out is read whole.
                    match super::html::texts(&text) {
                        Ok(texts) => Original {
                            text: texts.article.unwrap_or_else(|| texts.full.clone()),
                            full: Some(texts.full),
                            sha256,
                        },
                        Err(depth) => {
                            diags.push(
                                Diagnostic::error(
                                    name.span,
                                    format!(
                                        "original `{}` nests its elements {depth} deep, over \
                                         the limit of {}",
                                        name.value,
                                        super::html::MAX_DEPTH
                                    ),
                                )
                                .with_hint(
                                    "no saved news page needs that: save the page again, or \
                                     save its text as a .txt file and name that",
                                ),
                            );
                            continue;
                        }
                    }
                } else {
                    Original {
                        text,
                        full: None,
                        sha256,
                    }
                };
                out.insert(name.value.clone(), original);
            }
            Err((message, _)) => diags.push(Diagnostic::error(
                name.span,
                format!("original `{}`: {message}", name.value),
            )),
        }
    }
    out
}

/// Where `path` is inside the originals folder `dir`, as a name like those
/// sources give (`sub/a.txt`; empty for the folder itself), or `None` when
/// it is outside. The path may be gone, so it is compared as written with
/// the folder both as given and as resolved.
pub(super) fn originals_part(dir: &Path, path: &Path) -> Option<String> {
    let path = contain::lexical(&std::path::absolute(path).ok()?);
    let mut dirs = vec![contain::lexical(&std::path::absolute(dir).ok()?)];
    dirs.extend(dir.canonicalize());
    dirs.iter()
        .find_map(|d| path.strip_prefix(d).ok())
        .map(|rel| normal_name(&rel.to_string_lossy()))
}

/// An original's name with empty and `.` parts dropped, `/` between.
pub(super) fn normal_name(name: &str) -> String {
    name.split(['/', '\\'])
        .filter(|p| !p.is_empty() && *p != ".")
        .collect::<Vec<_>>()
        .join("/")
}
