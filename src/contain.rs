//! What the build may read outside `content/`: the rules that keep a
//! contributor who edits only content from making the build read, or print
//! in an error, a file that is not an original.
//!
//! Briefings are built in CI from contributions, and the quote check prints
//! the closest passage of an original when a quote misses: whatever file
//! the content can make the build open, a contributor can read in the CI
//! log. So every rule here is applied to *resolved* paths (after symbolic
//! links), where a committed link `o -> /proc/self` cannot get around it:
//!
//! - an original has an original's extension, as named and as resolved;
//! - no folder or file on the way is hidden (`.ssh`, `.git`), below the
//!   project's own location;
//! - an original is a regular file (not a device, a pipe or a folder);
//! - the originals folder named in `briefing.yaml` is in the project's
//!   folder or in one beside it (`../shared/seeds`), and not a system
//!   folder.
//!
//! A folder given with `--originals` on the command line is the person's
//! own choice, so the folder rules do not apply to it; the file rules do,
//! since the names still come from content.

use std::path::{Component, Path, PathBuf};

/// The extensions an original may have: the formats the quote check reads
/// (text and Markdown as written, a web page's article text, a PDF's text
/// layer).
pub const ORIGINAL_EXTENSIONS: [&str; 7] = ["txt", "text", "md", "markdown", "html", "htm", "pdf"];

/// Folders of the operating system: their files describe the machine (its
/// environment, users, keys, devices), never a source.
const SYSTEM_FOLDERS: [&str; 11] = [
    "/proc",
    "/sys",
    "/dev",
    "/etc",
    "/boot",
    "/run",
    "/var/run",
    "/var/lib",
    "/var/log",
    "/private/etc",
    "/private/var",
];

/// Why `path` (resolved) belongs to the machine rather than to anyone's
/// project, if it does: the root of the file system, or a system folder.
fn machine_folder_problem(path: &Path) -> Option<String> {
    if path.parent().is_none() {
        return Some("it is the root of the file system".into());
    }
    SYSTEM_FOLDERS
        .iter()
        .find(|s| path.starts_with(Path::new(s)))
        .map(|system| format!("it is inside the system folder {system}"))
}

/// Why the site may not be written to `out`, if it may not. The output
/// folder is replaced whole, so it may neither be, nor hold, nor sit
/// inside anything of the project's own: the project folder (`public/` inside it
/// is fine), its content, templates, sources and history, and the
/// originals. All compared resolved, so a link or a `..` changes nothing.
pub fn output_problem(root: &Path, out: &Path, originals: &[&Path]) -> Option<String> {
    let out = resolve_as_far_as_exists(out);
    let root = resolve_as_far_as_exists(root);
    if let Some(why) = machine_folder_problem(&out) {
        return Some(why);
    }
    if root.starts_with(&out) {
        return Some(if out == root {
            "it is the project folder".into()
        } else {
            "it holds the project folder".into()
        });
    }
    // Resolved too: `content/` may be a link to a folder elsewhere in the
    // project, and that folder is the content.
    let mut kept: Vec<(PathBuf, String)> = ["content", "templates", "src", "tests", ".git"]
        .iter()
        .map(|name| {
            (
                resolve_as_far_as_exists(&root.join(name)),
                format!("the project's {name}/"),
            )
        })
        .collect();
    kept.extend(originals.iter().map(|dir| {
        (
            resolve_as_far_as_exists(dir),
            "the originals folder".to_string(),
        )
    }));
    kept.iter().find_map(|(dir, what)| {
        if &out == dir {
            Some(format!("it is {what}"))
        } else if dir.starts_with(&out) {
            Some(format!("it holds {what}"))
        } else if out.starts_with(dir) {
            Some(format!("it is inside {what}"))
        } else {
            None
        }
    })
}

/// What is said of a folder of the project, shown as `shown`, that
/// [`linked_out_of`] found leading to `target`.
pub fn linked_out_message(shown: &str, target: &Path) -> String {
    format!(
        "`{shown}` is a symbolic link that leads out of the project (to {})",
        crate::diagnostics::shown_path(target)
    )
}

/// Where the project's folder `dir` (`content/`, `templates/`) really is,
/// when it is a symbolic link that leads out of the project `root`: the
/// build reads every file in these folders and publishes most of them, so
/// they may not be borrowed from elsewhere on the machine.
pub fn linked_out_of(root: &Path, dir: &Path) -> Option<PathBuf> {
    let meta = std::fs::symlink_metadata(dir).ok()?;
    if !meta.file_type().is_symlink() {
        return None;
    }
    let root = root.canonicalize().ok()?;
    match dir.canonicalize() {
        Ok(target) if target.starts_with(&root) && target != root => None,
        Ok(target) => Some(target),
        // A link to nowhere leads nowhere in the project either.
        Err(_) => Some(std::fs::read_link(dir).unwrap_or_default()),
    }
}

/// The first hidden name (`.ssh`) among `path`'s parts, if any.
pub fn hidden_part(path: &Path) -> Option<String> {
    path.components().find_map(|c| match c {
        Component::Normal(name) => {
            let name = name.to_string_lossy();
            name.starts_with('.').then(|| name.into_owned())
        }
        _ => None,
    })
}

/// Why `resolved` (a canonical path) may not be an originals folder named
/// in content, if it may not: it must be in the project's folder or in a
/// folder beside it, and neither hidden nor a system folder. `root` is the
/// project folder, resolved: a hidden folder above it (a checkout under
/// `~/.cache`, a temporary folder) is the person's own doing, not the
/// content's.
pub fn folder_problem(root: &Path, resolved: &Path) -> Option<String> {
    if let Some(why) = machine_folder_problem(resolved) {
        return Some(why);
    }
    // The project's own folder or one beside it, as the example's
    // `../shared/seeds`: a relative path with `..` may not wander the
    // machine (`../../../home`), nor may an absolute one.
    let near = match root.parent() {
        Some(parent) if parent.parent().is_some() => parent,
        _ => root,
    };
    if !resolved.starts_with(near) {
        return Some(format!(
            "it is neither in the project's folder nor beside it (in {})",
            near.display()
        ));
    }
    let common = common_prefix(root, resolved);
    let below = resolved.strip_prefix(&common).unwrap_or(resolved);
    hidden_part(below).map(|h| format!("it passes through the hidden folder `{h}`"))
}

/// Why an original may not be named `name`, if it may not: the rules a
/// name breaks wherever it leads.
pub fn name_problem(name: &Path) -> Option<String> {
    if !name.components().all(|c| matches!(c, Component::Normal(_))) {
        return Some("it leads outside the originals folder".into());
    }
    if let Some(h) = hidden_part(name) {
        return Some(format!("`{h}` is hidden, and hidden files are never read"));
    }
    extension_problem(name)
}

/// Why an original whose name passed [`name_problem`], found at `resolved`
/// (canonical) for the originals folder `dir` (canonical), may not be
/// read, if it may not: the rules where the name really leads.
pub fn file_problem(dir: &Path, resolved: &Path) -> Option<String> {
    let Ok(below) = resolved.strip_prefix(dir) else {
        return Some("it leads outside the originals folder".into());
    };
    if let Some(h) = hidden_part(below) {
        return Some(format!("it leads to `{h}`, which is hidden"));
    }
    if let Some(why) = extension_problem(resolved) {
        return Some(format!("it leads to a file that breaks the rule: {why}"));
    }
    match std::fs::metadata(resolved) {
        Ok(meta) if meta.is_file() => None,
        Ok(_) => Some("it is not a regular file".into()),
        Err(e) => Some(format!("it cannot be read: {e}")),
    }
}

fn extension_problem(path: &Path) -> Option<String> {
    (!has_original_extension(path)).then(|| {
        format!(
            "`{}` does not end in an original's extension ({})",
            path.file_name().unwrap_or_default().to_string_lossy(),
            extension_list()
        )
    })
}

pub fn has_original_extension(path: &Path) -> bool {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|e| ORIGINAL_EXTENSIONS.contains(&e.as_str()))
}

/// `.txt, .text, .md, ...` for messages.
pub fn extension_list() -> String {
    ORIGINAL_EXTENSIONS
        .iter()
        .map(|e| format!(".{e}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The longest path both `a` and `b` start with.
fn common_prefix(a: &Path, b: &Path) -> PathBuf {
    a.components()
        .zip(b.components())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x)
        .collect()
}

/// `path` made absolute and resolved as far as it exists: the existing
/// part through the file system (symbolic links followed), the rest as
/// written, with `.` and `..` applied. For a folder that a build is about
/// to make, this is where it will be.
pub fn resolve_as_far_as_exists(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(mut real) = existing.canonicalize() {
            real.extend(rest.iter().rev());
            return lexical(&real);
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// `path` with `.` and `..` applied without asking the file system.
pub fn lexical(path: &Path) -> PathBuf {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_and_hidden_folders_are_refused() {
        let root = Path::new("/home/ana/briefing");
        assert!(folder_problem(root, Path::new("/proc/self")).is_some());
        assert!(folder_problem(root, Path::new("/etc")).is_some());
        assert!(folder_problem(root, Path::new("/")).is_some());
        assert!(folder_problem(root, Path::new("/home/ana/.ssh")).is_some());
        assert!(folder_problem(root, Path::new("/home/ana/shared/seeds")).is_none());
        assert!(folder_problem(root, Path::new("/home/ana/briefing/originals")).is_none());
        // Not wandering the machine.
        assert!(folder_problem(root, Path::new("/home/bob/notes")).is_some());
        assert!(folder_problem(root, Path::new("/tmp")).is_some());
        // A project just below the root of the file system keeps to itself.
        let root = Path::new("/briefing");
        assert!(folder_problem(root, Path::new("/briefing/originals")).is_none());
        assert!(folder_problem(root, Path::new("/home")).is_some());
        // Hidden folders above the project are the person's own.
        let root = Path::new("/tmp/.tmpX1/briefing");
        assert!(folder_problem(root, Path::new("/tmp/.tmpX1/briefing/originals")).is_none());
        assert!(folder_problem(root, Path::new("/tmp/.tmpX1/.secret")).is_some());
    }

    #[test]
    fn the_output_folder_keeps_clear_of_the_project() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("project");
        let originals = dir.path().join("originals");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::create_dir_all(&originals).unwrap();
        let problem = |out: &Path| output_problem(&root, out, &[originals.as_path()]);
        assert_eq!(problem(&root.join("public")), None);
        assert_eq!(problem(&dir.path().join("site")), None);
        for bad in [
            root.clone(),
            root.join("content"),
            root.join("content/site"),
            root.join("templates/../content"),
            originals.clone(),
            originals.join("site"),
            dir.path().to_path_buf(),
            PathBuf::from("/"),
            PathBuf::from("/etc/site"),
        ] {
            assert!(problem(&bad).is_some(), "{}", bad.display());
        }
        // A link to the originals is the originals.
        #[cfg(unix)]
        {
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(&originals, &link).unwrap();
            assert!(problem(&link).is_some());
        }
    }

    #[test]
    fn an_original_needs_an_originals_extension() {
        assert!(has_original_extension(Path::new("a/b.TXT")));
        assert!(has_original_extension(Path::new("page.html")));
        assert!(!has_original_extension(Path::new("environ")));
        assert!(!has_original_extension(Path::new("id_rsa.pub")));
        assert!(!has_original_extension(Path::new(".txt")));
    }

    #[test]
    fn a_path_to_be_made_resolves_through_what_exists() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().canonicalize().unwrap();
        assert_eq!(
            resolve_as_far_as_exists(&dir.path().join("new/../other/site")),
            real.join("other/site")
        );
    }
}
