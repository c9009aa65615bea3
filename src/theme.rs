//! The default theme, compiled into the binary.
//!
//! A project needs no `templates/` folder of its own: these files are the
//! theme, and any file in the project's `templates/` replaces its namesake,
//! so a project carries only what it changes. The files are the
//! repository's `templates/` folder itself, embedded by `build.rs`.

use crate::model::Theme;

// `TEMPLATES` (by name) and `ASSETS` (by path under `assets/`), made by
// build.rs from the files of `templates/`.
include!(concat!(env!("OUT_DIR"), "/theme_files.rs"));

/// The default theme.
pub fn default_theme() -> Theme {
    Theme {
        templates: TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect(),
        assets: ASSETS
            .iter()
            .map(|(n, b)| (n.to_string(), b.to_vec()))
            .collect(),
    }
}

impl Theme {
    /// Puts `name` in place of the template of that name, or adds it.
    pub fn set_template(&mut self, name: String, text: String) {
        match self.templates.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = text,
            None => self.templates.push((name, text)),
        }
    }

    /// Puts `path` in place of the asset at that path, or adds it.
    pub fn set_asset(&mut self, path: String, bytes: Vec<u8>) {
        match self.assets.iter_mut().find(|(p, _)| *p == path) {
            Some(slot) => slot.1 = bytes,
            None => self.assets.push((path, bytes)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// Every file in templates/ is embedded, and nothing else.
    #[test]
    fn embedded_theme_mirrors_the_templates_folder() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = TEMPLATES
            .iter()
            .map(|(n, _)| n.to_string())
            .chain(ASSETS.iter().map(|(n, _)| format!("assets/{n}")))
            .collect();
        embedded.sort();
        assert_eq!(
            embedded, on_disk,
            "build.rs should embed every file of templates/"
        );
    }
}
