//! The originals: which folder to read them from, and each source's
//! original read under the rules of [`crate::contain`], so that content can
//! make the build read an original only, never another file.

use super::files::read_limited;
use super::{LoadOptions, MAX_ORIGINAL_BYTES};
use crate::contain;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Original, OriginalForm};
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
        let bytes = match read_limited(&path, MAX_ORIGINAL_BYTES) {
            Ok(bytes) => bytes,
            Err((message, _)) => {
                diags.push(Diagnostic::error(
                    name.span,
                    format!("original `{}`: {message}", name.value),
                ));
                continue;
            }
        };
        match original(&name.value, bytes) {
            Ok((original, warning)) => {
                if let Some(warning) = warning {
                    diags.push(Diagnostic::warning(
                        name.span,
                        format!("original `{}`: {warning}", name.value),
                    ));
                }
                out.insert(name.value.clone(), original);
            }
            Err((why, hint)) => diags.push(
                Diagnostic::error(name.span, format!("original `{}` {why}", name.value))
                    .with_hint(hint),
            ),
        }
    }
    out
}

/// An original's text from its file's bytes, by its kind (told by its
/// name's extension), with a warning about part of it that could not be
/// read; or why it gives no text and what to do.
fn original(name: &str, bytes: Vec<u8>) -> Result<(Original, Option<String>), (String, String)> {
    let sha256 = crate::model::Sha256::of(&bytes);
    if super::pdf::is_pdf(name) {
        let pdf = super::pdf::text(&bytes).map_err(|p| (p.to_string(), p.hint().to_string()))?;
        let warning = (!pdf.unreadable.is_empty()).then(|| {
            let pages: Vec<String> = pdf.unreadable.iter().map(u32::to_string).collect();
            format!(
                "the text of page {} could not be read, so quotes from it will not be found",
                pages.join(", ")
            )
        });
        let form = OriginalForm::Pdf {
            page_starts: pdf.page_starts,
        };
        return Ok((
            Original {
                text: pdf.text,
                form,
                sha256,
            },
            warning,
        ));
    }
    let text = String::from_utf8_lossy(&bytes).into_owned();
    if !super::html::is_html(name) {
        let form = OriginalForm::Text;
        return Ok((Original { text, form, sha256 }, None));
    }
    // A web page: its article for quotes, and all of its text for sources
    // that quote the rest. A page where no article stands out is read
    // whole.
    let texts = super::html::texts(&text).map_err(|depth| {
        (
            format!(
                "nests its elements {depth} deep, over the limit of {}",
                super::html::MAX_DEPTH
            ),
            "no saved news page needs that: save the page again, or save its text as a .txt \
             file and name that"
                .to_string(),
        )
    })?;
    Ok((
        Original {
            text: texts.article.unwrap_or_else(|| texts.full.clone()),
            form: OriginalForm::WebPage { full: texts.full },
            sha256,
        },
        None,
    ))
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

#[cfg(test)]
mod tests {
    #[test]
    fn the_lock_names_the_extractors_versions_as_built() {
        let lock = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock"),
        )
        .unwrap();
        let version = |name: &str| -> String {
            let at = lock
                .find(&format!("name = \"{name}\"\nversion = \""))
                .unwrap();
            let rest = &lock[at..];
            let v = rest.split('"').nth(3).unwrap();
            v.rsplit_once('.').map_or(v, |(minor, _)| minor).to_string()
        };
        for (extractor, krate) in [
            (crate::model::ARTICLE_EXTRACTOR, "dom_smoothie"),
            (crate::model::FULL_EXTRACTOR, "dom_query"),
            (crate::model::PDF_EXTRACTOR, "pdf-extract"),
        ] {
            let v = version(krate);
            assert!(
                extractor.ends_with(&format!("{krate} {v}")),
                "update `{extractor}` to {krate} {v}"
            );
        }
    }
}
