//! The theme a build uses: the default one compiled into the binary, with
//! the project's own `templates/` files in place of their namesakes.

use super::files::{linked_out, read_limited, read_text};
use super::MAX_FILE_BYTES;
use crate::contain;
use crate::diagnostics::{Diagnostic, Diagnostics};
use std::path::Path;
use walkdir::WalkDir;

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
