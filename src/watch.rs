//! `build --watch`: build once, then keep the site up to date as files
//! under `content/` and `templates/` change.
//!
//! Change events arrive in bursts (an editor's save is several), so after
//! the first one the loop waits for a short quiet spell and hands the whole
//! burst to the session at once.

use crate::session::{Run, Session};
use crate::BuildOptions;
use notify::{EventKind, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

/// How long the file system must be quiet before a rebuild starts.
const QUIET: Duration = Duration::from_millis(30);

/// Editors' backup, swap and lock files: not content, never a reason to
/// rebuild.
fn is_scratch(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.starts_with('.') || name.starts_with('#') || name.ends_with('~') || name.ends_with(".swp")
}

/// Watches the tree at `path` afresh, when it exists (a watch on a folder
/// that was replaced is dropped first); returns it, resolved.
fn watch_tree(
    watcher: &mut notify::RecommendedWatcher,
    path: &Path,
) -> Result<Option<PathBuf>, String> {
    let _ = watcher.unwatch(path);
    if !path.is_dir() {
        return Ok(None);
    }
    watcher
        .watch(path, RecursiveMode::Recursive)
        .map_err(|e| format!("cannot watch {}: {e}", path.display()))?;
    Ok(path.canonicalize().ok())
}

/// The folders of a project that are watched as a whole.
const TREES: [&str; 2] = ["content", "templates"];

/// How often the loop looks at the stop flag while nothing changes.
const STOP_CHECK: Duration = Duration::from_millis(100);

/// Builds, then rebuilds on every change until `stop` is set (by Ctrl-C),
/// finishing the rebuild under way first. `on_run` sees each run's outcome.
/// Returns an error only if watching fails.
pub fn watch(
    options: BuildOptions,
    stop: &AtomicBool,
    mut on_run: impl FnMut(&Session, &Run),
) -> Result<(), String> {
    let root = options.root.clone();
    let out = std::path::absolute(options.out_dir()).unwrap_or_else(|_| options.out_dir());
    let mut session = Session::new(options);

    // Watch before the first build: an edit saved while it runs, or just
    // after it is announced, must not be missed.
    // Without a watcher (say, out of inotify watches) there is nothing to
    // announce: `serve` would offer a site it is about to stop serving.
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = tx.send(event);
    })
    .map_err(|e| format!("cannot watch for changes: {e}"))?;
    let mut watched = Vec::new();
    for dir in TREES {
        watched.extend(watch_tree(&mut watcher, &root.join(dir))?);
    }
    // The project folder itself, for a `templates/` (or `content/`) made,
    // removed or replaced while watching. Not essential.
    let _ = watcher.watch(&root, RecursiveMode::NonRecursive);
    let root_abs = std::path::absolute(&root).unwrap_or(root);
    let take = |event: notify::Result<notify::Event>, paths: &mut BTreeSet<PathBuf>| {
        let Ok(event) = event else { return };
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        for path in event.paths {
            let abs = std::path::absolute(&path).unwrap_or(path);
            // Of the project folder's own entries, only the two trees.
            let top_level = abs.parent() == Some(root_abs.as_path());
            let a_tree = TREES.iter().any(|t| abs.file_name() == Some(t.as_ref()));
            if !abs.starts_with(&out) && !is_scratch(&abs) && (!top_level || a_tree) {
                paths.insert(abs);
            }
        }
    };
    let run = session.full();
    on_run(&session, &run);
    // The originals folder is known once the briefing is read, and may
    // move when briefing.yaml does: follow it after every run, so that an
    // edited original is checked again.
    let mut originals: Option<PathBuf> = None;
    let mut follow_originals =
        |session: &Session, watcher: &mut notify::RecommendedWatcher, watched: &[PathBuf]| {
            // Not a folder already watched, nor one holding the project (say
            // `originals: .`): the build's own writes would wake the watcher.
            let now = session
                .originals_dir()
                .and_then(|d| d.canonicalize().ok())
                .filter(|d| !watched.iter().any(|w| d.starts_with(w) || w.starts_with(d)));
            if now == originals {
                return;
            }
            if let Some(old) = originals.take() {
                let _ = watcher.unwatch(&old);
            }
            if let Some(dir) = now {
                if watcher.watch(&dir, RecursiveMode::Recursive).is_ok() {
                    originals = Some(dir);
                }
            }
        };
    follow_originals(&session, &mut watcher, &watched);
    loop {
        let first = match rx.recv_timeout(STOP_CHECK) {
            Ok(event) => event,
            Err(mpsc::RecvTimeoutError::Timeout) if stop.load(Ordering::SeqCst) => return Ok(()),
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err("the file watcher stopped".into())
            }
        };
        let mut paths = BTreeSet::new();
        take(first, &mut paths);
        while let Ok(event) = rx.recv_timeout(QUIET) {
            take(event, &mut paths);
        }
        if paths.is_empty() {
            continue;
        }
        // The session works with paths as the project names them.
        let changed: Vec<PathBuf> = paths
            .into_iter()
            .map(|p| match p.strip_prefix(&root_abs) {
                Ok(rel) => session.root().join(rel),
                Err(_) => p,
            })
            .filter(|p| !session.is_own_write(p))
            .collect();
        if changed.is_empty() {
            continue;
        }
        // A tree made, removed or replaced: watch it afresh (the old watch
        // went with the old folder), then build everything, which also
        // reads whatever it got before the watch began.
        let trees_moved = changed
            .iter()
            .any(|p| TREES.iter().any(|t| p == &session.root().join(t)));
        let run = if trees_moved {
            watched = TREES
                .iter()
                .filter_map(|dir| {
                    watch_tree(&mut watcher, &session.root().join(dir))
                        .ok()
                        .flatten()
                })
                .collect();
            session.full()
        } else {
            session.update(&changed)
        };
        on_run(&session, &run);
        follow_originals(&session, &mut watcher, &watched);
    }
}
