//! Embeds the default theme: every file of `templates/` becomes part of the
//! binary, so that the list of the theme's files is the folder itself and
//! never a second list kept by hand.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files = Vec::new();
    walk(&dir, &mut files);
    files.sort();
    let mut templates = String::new();
    let mut assets = String::new();
    for path in &files {
        let rel = path
            .strip_prefix(&dir)
            .expect("walked from the templates folder")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        // Rerun when any file changes, not only when one is added.
        println!("cargo:rerun-if-changed={}", path.display());
        let full = format!("{:?}", path.display().to_string());
        if let Some(asset) = rel.strip_prefix("assets/") {
            let _ = writeln!(assets, "    ({asset:?}, include_bytes!({full})),");
        } else if rel.ends_with(".html") {
            let _ = writeln!(templates, "    ({rel:?}, include_str!({full})),");
        }
    }
    let code = format!(
        "/// Templates by name.\npub const TEMPLATES: &[(&str, &str)] = &[\n{templates}];\n\n\
         /// Assets by path under `assets/`.\npub const ASSETS: &[(&str, &[u8])] = &[\n{assets}];\n"
    );
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("theme_files.rs"), code).expect("OUT_DIR is writable");
}

/// Every file below `dir`, hidden ones left out (an editor's swap file is
/// no part of the theme).
fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        match entry.file_type() {
            Ok(t) if t.is_dir() => walk(&path, files),
            Ok(t) if t.is_file() => files.push(path),
            _ => {}
        }
    }
}
