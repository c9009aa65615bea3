//! Stage 4, write: the only code that writes files during a build (the
//! site, the quote lock, the output folder's lock file). `init`, which
//! makes a new project before there is anything to build, writes its
//! starter files itself.
//!
//! The site is written into a fresh folder beside the output folder and
//! swapped in with renames only once every file is written, so a failed or
//! interrupted build never leaves a half-written site where the old one was.
//! Leftovers of an interrupted build are removed by the next one. Every path
//! is checked to stay inside the output folder.

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// One file of the site: its path relative to the output folder, and bytes.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// Why writing failed.
#[derive(Debug)]
pub struct WriteError {
    pub path: PathBuf,
    pub message: String,
}

impl WriteError {
    /// The problem as a diagnostic: `what` failed ("cannot write the site").
    pub fn diagnostic(&self, what: &str) -> crate::diagnostics::Diagnostic {
        crate::diagnostics::Diagnostic::at_path(&self.path, format!("{what}: {}", self.message))
    }
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

fn err(path: &Path, e: impl std::fmt::Display) -> WriteError {
    WriteError {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// True when `rel` is a plain relative path (no root, no `..`, no `.`):
/// joined to the output folder, it cannot leave it.
pub fn is_contained(rel: &str) -> bool {
    let path = Path::new(rel);
    !rel.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Names of the temporary folders beside `out`.
fn staging_names(out: &Path) -> Result<(PathBuf, PathBuf, String), WriteError> {
    let (parent, name) = parent_and_name(out)?;
    let pid = std::process::id();
    Ok((
        parent.join(format!(".{name}.tmp-{pid}")),
        parent.join(format!(".{name}.old-{pid}")),
        name,
    ))
}

/// An exclusive hold on an output folder, for as long as a build writes
/// it: two builds at once (a `build` while `serve` runs, two CI jobs on one
/// checkout) would otherwise each take the other's staging folder for a
/// killed build's leftovers and remove it, and both succeed with half a
/// site. The hold is an operating-system lock on `.<name>.lock` beside the
/// folder, so it ends with its process however that ends: a killed build
/// never leaves the folder locked, and a paused one keeps it until it
/// resumes and finishes. The file itself stays (removing it would let two
/// builds lock two different files of one name) and holds the pid of the
/// build that last took it, for the message of one that waits.
pub struct OutputLock {
    _file: fs::File,
}

impl OutputLock {
    /// Takes the hold on `out`, waiting for a build that has it to finish;
    /// `on_wait` is told why first, once, when there is a wait.
    pub fn acquire(out: &Path, on_wait: impl FnOnce(&str)) -> Result<OutputLock, WriteError> {
        let path = lock_path(out)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| err(parent, e))?;
        }
        let mut file = open_lock_file(&path)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                let holder = fs::read_to_string(&path).unwrap_or_default();
                let holder = holder.trim();
                on_wait(&format!(
                    "waiting for another build that is writing {}{} to finish",
                    crate::diagnostics::shown_path(out),
                    if holder.bytes().all(|b| b.is_ascii_digit()) && !holder.is_empty() {
                        format!(" (process {holder})")
                    } else {
                        String::new()
                    }
                ));
                file.lock().map_err(|e| err(&path, e))?;
            }
            // A file system without locks (some network ones): builds
            // there go on unguarded, as they did before there was a lock.
            Err(fs::TryLockError::Error(e)) if e.kind() == std::io::ErrorKind::Unsupported => {}
            Err(fs::TryLockError::Error(e)) => return Err(err(&path, e)),
        }
        // Only a courtesy for the message above: the lock is what counts.
        let _ = file
            .set_len(0)
            .and_then(|()| write!(file, "{}", std::process::id()));
        Ok(OutputLock { _file: file })
    }
}

/// Where the hold on `out` is kept: `.<name>.lock` beside it.
fn lock_path(out: &Path) -> Result<PathBuf, WriteError> {
    let (parent, name) = parent_and_name(out)?;
    Ok(parent.join(format!(".{name}.lock")))
}

/// Something in the existing folder `out` that no build wrote, which
/// replacing the folder would delete: `--out ~` or `--out docs/` by
/// mistake must not cost the files there. Nothing when the folder is
/// absent or empty, when a build has held it before (its lock file stays
/// beside it), or when it holds a site a build wrote and someone moved
/// here (the search index's manifest, which every build writes).
pub fn not_from_a_build(out: &Path) -> Option<String> {
    let first = fs::read_dir(out).ok()?.flatten().next()?;
    let held_before =
        lock_path(out).is_ok_and(|lock| fs::symlink_metadata(lock).is_ok_and(|m| m.is_file()));
    let a_site = out.join(crate::render::search::SEARCH_INDEX).is_file();
    (!held_before && !a_site).then(|| first.file_name().to_string_lossy().into_owned())
}

/// Opens (or makes) the lock file without following a symbolic link: a
/// link planted in its place (`.public.lock -> ../originals/a.txt`) would
/// otherwise have its target emptied by the pid written there.
fn open_lock_file(path: &Path) -> Result<fs::File, WriteError> {
    let mut options = fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    let file = options.open(path).map_err(|e| {
        let linked = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        if linked {
            err(
                path,
                "is a symbolic link; remove it, the build keeps its lock file here",
            )
        } else {
            err(path, e)
        }
    })?;
    match file.metadata() {
        Ok(meta) if meta.is_file() => Ok(file),
        _ => Err(err(
            path,
            "is not a regular file; remove it, the build keeps its lock file here",
        )),
    }
}

/// Puts `bytes` at `path` through a temporary file beside it and a rename,
/// so that no reader ever sees half a file. The temporary file has a dot
/// name (watchers, ours and editors', take it for scratch, so writing it
/// triggers no rebuild) with this process's id, and is made anew: whatever
/// was at its name (a leftover of a killed build, or a symbolic link
/// planted to make the build write elsewhere) is removed first, and the
/// file is made with `create_new`, which fails rather than follow a link.
fn replace_file(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    match fs::remove_file(&tmp) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(err(&tmp, e)),
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .map_err(|e| err(&tmp, e))?;
    file.write_all(bytes).map_err(|e| err(&tmp, e))?;
    fs::rename(&tmp, path).map_err(|e| err(path, e))
}

/// The folder that holds `out`, and `out`'s name.
fn parent_and_name(out: &Path) -> Result<(PathBuf, String), WriteError> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = out
        .file_name()
        .ok_or_else(|| err(out, "the output folder needs a name"))?
        .to_string_lossy()
        .into_owned();
    Ok((parent.to_path_buf(), name))
}

/// Removes staging folders that a killed build left in `parent`, beside
/// the output folder `name`. Called
/// with the output folder's [`OutputLock`] held: no live build can be
/// writing them then.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let tmp = format!(".{name}.tmp-");
    let old = format!(".{name}.old-");
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if file_name.starts_with(&tmp) || file_name.starts_with(&old) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Where the render stage puts each finished file, as soon as it is ready:
/// a staging folder for `build`, nothing for `check`. Pages are handed over
/// one by one, so a large site is never held in memory whole.
pub trait Sink: Sync {
    /// Takes one finished file; says whether it was written (a file that
    /// already holds the same bytes is left alone).
    fn put(&self, file: OutputFile) -> Result<bool, WriteError>;

    /// Takes the file at `path` that `make` writes out: the data exports,
    /// tens of megabytes each at scale, which a sink that can writes as
    /// they are made instead of holding them whole (held, a growing buffer
    /// of 18 MB briefly takes 48). By default the bytes are gathered and
    /// handed to [`Sink::put`].
    fn put_made(&self, path: &str, make: &Make) -> Result<bool, WriteError> {
        let mut bytes = Vec::new();
        make(&mut bytes).map_err(|e| err(Path::new(path), e))?;
        self.put(OutputFile::new(path, bytes))
    }
}

/// What makes a file by writing it out, for [`Sink::put_made`].
pub type Make<'a> = dyn Fn(&mut dyn Write) -> std::io::Result<()> + Sync + 'a;

/// Refuses a path that could leave the output folder.
fn contained(rel: &str) -> Result<(), WriteError> {
    if is_contained(rel) {
        Ok(())
    } else {
        Err(err(
            Path::new(rel),
            "refusing to write outside the output folder",
        ))
    }
}

/// Where `rel` goes under `base`, with its folder made: the one way every
/// sink finds a file's place.
fn place(base: &Path, rel: &str) -> Result<PathBuf, WriteError> {
    contained(rel)?;
    let path = base.join(rel);
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| err(dir, e))?;
    }
    Ok(path)
}

/// Accepts every file and keeps none: `check` renders to prove the
/// templates work, and writes nothing.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, file: OutputFile) -> Result<bool, WriteError> {
        contained(&file.path).map(|()| true)
    }

    /// Makes the file all the same, to prove it can be made.
    fn put_made(&self, path: &str, make: &Make) -> Result<bool, WriteError> {
        contained(path)?;
        make(&mut std::io::sink()).map_err(|e| err(Path::new(path), e))?;
        Ok(true)
    }
}

/// A fresh folder beside the output folder that fills up while the site
/// renders, and replaces the output folder on `commit`. Dropped without a
/// commit (a failed build), it removes itself and the old site stays.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    old: PathBuf,
    committed: bool,
}

impl Staging {
    /// A staging folder for `out`; the caller holds `out`'s lock.
    pub fn new(out: &Path, _held: &OutputLock) -> Result<Staging, WriteError> {
        let (dir, old, name) = staging_names(out)?;
        // The lock made the parent folder, and its file is in it.
        if let Some(parent) = dir.parent() {
            remove_leftovers(parent, &name);
        }
        // A folder of its own, made now: never one that was there.
        fs::create_dir(&dir).map_err(|e| err(&dir, e))?;
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            old,
            committed: false,
        })
    }

    /// Swaps the staged site in.
    pub fn commit(mut self) -> Result<(), WriteError> {
        self.committed = true;
        let result = swap(&self.out, &self.dir, &self.old);
        if result.is_err() {
            let _ = fs::remove_dir_all(&self.dir);
        }
        result
    }
}

impl Sink for Staging {
    fn put(&self, file: OutputFile) -> Result<bool, WriteError> {
        let path = place(&self.dir, &file.path)?;
        // One buffer, one write: the bytes are complete already.
        let mut f = fs::File::create(&path).map_err(|e| err(&path, e))?;
        f.write_all(&file.bytes).map_err(|e| err(&path, e))?;
        Ok(true)
    }

    fn put_made(&self, rel: &str, make: &Make) -> Result<bool, WriteError> {
        let path = place(&self.dir, rel)?;
        let f = fs::File::create(&path).map_err(|e| err(&path, e))?;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, f);
        make(&mut out)
            .and_then(|()| out.flush())
            .map_err(|e| err(&path, e))?;
        Ok(true)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Writes files into an existing output folder, each through a temporary
/// file and a rename so a reader never sees half a page: watch mode's small
/// updates, where swapping the whole folder would cost more than the change.
pub struct InPlace {
    out: PathBuf,
}

impl InPlace {
    pub fn new(out: &Path) -> InPlace {
        InPlace {
            out: out.to_path_buf(),
        }
    }
}

impl Sink for InPlace {
    fn put(&self, file: OutputFile) -> Result<bool, WriteError> {
        let path = place(&self.out, &file.path)?;
        // A page rendered again can come out the same (it was given
        // something new that it does not show): the file and its date stay.
        if fs::read(&path).is_ok_and(|now| now == file.bytes) {
            return Ok(false);
        }
        replace_file(&path, &file.bytes).map(|()| true)
    }
}

/// Removes pages an earlier build wrote that the site no longer has, and
/// the folders they leave empty.
pub fn remove_stale(out: &Path, paths: &[String]) -> Result<(), WriteError> {
    for rel in paths {
        if !is_contained(rel) {
            continue;
        }
        let path = out.join(rel);
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(err(&path, e)),
        }
        let mut dir = path.parent();
        while let Some(d) = dir {
            if d == out || fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
    Ok(())
}

/// Puts `staging` where `out` is: two renames, the old site removed last.
fn swap(out: &Path, staging: &Path, old: &Path) -> Result<(), WriteError> {
    let had_old = out.exists();
    if had_old {
        if !out.is_dir() {
            return Err(err(
                out,
                "exists and is not a folder; remove it or choose another --out",
            ));
        }
        fs::rename(out, old).map_err(|e| err(out, e))?;
    }
    if let Err(e) = fs::rename(staging, out) {
        if had_old {
            let _ = fs::rename(old, out);
        }
        return Err(err(out, e));
    }
    if had_old {
        let _ = fs::remove_dir_all(old);
    }
    Ok(())
}

/// Writes a file of the project itself (the quote lock, the schemas) the
/// way watch mode writes pages: never half-written, and in place of a
/// symbolic link planted at its name rather than through it.
pub fn write_project_file(path: &Path, text: &str) -> Result<(), WriteError> {
    replace_file(path, text.as_bytes())
}

/// Makes a new file of the project (`add source`'s source and original):
/// fails if anything is at `path`, a symbolic link included, even one
/// that leads nowhere, so it never overwrites and never writes elsewhere.
/// A file it made but could not fill (a full disk) is removed again.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| err(path, e))?;
    file.write_all(bytes).map_err(|e| {
        let _ = fs::remove_file(path);
        err(path, e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A whole site through a staging folder, as a build writes it.
    fn write_site(out: &Path, files: &[OutputFile]) -> Result<(), WriteError> {
        let held = OutputLock::acquire(out, |_| {})?;
        let staging = Staging::new(out, &held)?;
        for file in files {
            staging.put(file.clone())?;
        }
        staging.commit()
    }

    #[test]
    fn paths_must_stay_inside() {
        assert!(is_contained("index.html"));
        assert!(is_contained("claims/x/index.html"));
        for bad in ["", "/etc/passwd", "../x", "a/../../x", "./x"] {
            assert!(!is_contained(bad), "{bad:?}");
        }
    }

    #[test]
    fn swaps_in_a_complete_site_and_cleans_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(dir.path().join(".public.tmp-1")).unwrap();
        write_site(&out, &[OutputFile::new("a/index.html", "one")]).unwrap();
        write_site(&out, &[OutputFile::new("b.html", "two")]).unwrap();
        assert!(
            !out.join("a/index.html").exists(),
            "old files go with the old site"
        );
        assert_eq!(fs::read_to_string(out.join("b.html")).unwrap(), "two");
        let mut names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        assert_eq!(
            names,
            vec![
                std::ffi::OsString::from(".public.lock"),
                std::ffi::OsString::from("public")
            ]
        );
    }

    #[test]
    fn a_bad_path_leaves_the_old_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[OutputFile::new("keep.html", "old")]).unwrap();
        let e = write_site(
            &out,
            &[
                OutputFile::new("ok.html", "x"),
                OutputFile::new("../evil", "x"),
            ],
        );
        assert!(e.is_err());
        assert_eq!(fs::read_to_string(out.join("keep.html")).unwrap(), "old");
        assert!(!dir.path().join("evil").exists());
    }

    /// Every sink takes a file made by writing it out as it takes one made
    /// whole: the same bytes, the same refusals, and a failure to make it
    /// is the file's error.
    #[test]
    fn a_file_written_out_as_it_is_made_is_the_same_as_one_made_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let make = |w: &mut dyn Write| {
            w.write_all(b"{\"a\":")?;
            w.write_all(b"1}\n")
        };
        let held = OutputLock::acquire(&out, |_| {}).unwrap();
        let staging = Staging::new(&out, &held).unwrap();
        assert!(staging.put_made("data/x.json", &make).unwrap());
        assert!(staging.put_made("../x.json", &make).is_err());
        let failing = |w: &mut dyn Write| {
            w.write_all(b"half")?;
            Err(std::io::Error::other("the record would not serialise"))
        };
        let e = staging.put_made("data/y.json", &failing).unwrap_err();
        assert!(e.message.contains("would not serialise"), "{e}");
        staging.commit().unwrap();
        assert_eq!(
            fs::read_to_string(out.join("data/x.json")).unwrap(),
            "{\"a\":1}\n"
        );

        // Watch mode's sink gathers the bytes and leaves a file that
        // already holds them alone.
        let in_place = InPlace::new(&out);
        assert!(!in_place.put_made("data/x.json", &make).unwrap());
        assert!(in_place.put_made("data/z.json", &make).unwrap());
        assert_eq!(
            fs::read_to_string(out.join("data/z.json")).unwrap(),
            "{\"a\":1}\n"
        );

        // `check` makes the file and writes nothing.
        assert!(Discard.put_made("data/w.json", &make).unwrap());
        assert!(Discard.put_made("data/w.json", &failing).is_err());
        assert!(Discard.put_made("/etc/w.json", &make).is_err());
        assert!(!out.join("data/w.json").exists());
    }
}
