//! briefing: turns an analyst's annotated source documents into a
//! cross-linked static briefing site.
//!
//! The build is a pipeline, one module a stage, and data flows one way:
//!
//! 1. [`load`] reads `content/` and `templates/` into the typed [`model`];
//! 2. [`link`] resolves every id into one graph, derives claim statuses,
//!    back-links and quote checks;
//! 3. [`render`] turns the graph into pages through the Tera templates;
//! 4. [`write`] swaps the finished site into the output folder.
//!
//! Problems are [`diagnostics`] values, collected across files and reported
//! together; a failed build writes nothing.

pub mod add;
pub mod contain;
pub mod diagnostics;
pub mod edition;
pub mod init;
pub mod link;
pub mod linkcheck;
pub mod load;
pub mod model;
pub mod quote_lock;
pub mod rename;
pub mod render;
pub mod serve;
pub mod session;
pub mod theme;
pub mod watch;
pub mod write;

use diagnostics::{Diagnostics, Files};
use std::path::PathBuf;
use std::time::Duration;

/// What to build, and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The project folder: it holds `content/` and `templates/`.
    pub root: PathBuf,
    /// Where the site goes; `None` for `<root>/public`.
    pub out: Option<PathBuf>,
    /// Originals folder overriding `originals` in briefing.yaml.
    pub originals: Option<PathBuf>,
    /// Write nothing: check only.
    pub check_only: bool,
    /// Treat unverified quotes as errors.
    pub require_verified: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> BuildOptions {
        BuildOptions {
            root: root.into(),
            out: None,
            originals: None,
            check_only: false,
            require_verified: false,
        }
    }

    pub fn out_dir(&self) -> PathBuf {
        self.out.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// Told how far a run has got, for a progress bar. Calls come from many
/// threads at once.
pub trait Progress: Send + Sync {
    /// A stage of `total` steps begins.
    fn begin(&self, stage: &'static str, total: usize);
    /// One more step of the current stage is done.
    fn step(&self);
    /// The run is over.
    fn end(&self);
}

/// No progress shown.
pub struct Silent;

impl Progress for Silent {
    fn begin(&self, _: &'static str, _: usize) {}
    fn step(&self) {}
    fn end(&self) {}
}

/// What a successful build did, for the summary line.
#[derive(Debug, Clone)]
pub struct Report {
    /// Only what a change touched was rebuilt (watch mode).
    pub incremental: bool,
    /// The linked graph was patched where the change reached, rather than
    /// linked again (watch mode's fast path for edited sources).
    pub patched: bool,
    pub pages: usize,
    pub files: usize,
    pub sources: usize,
    pub claims: usize,
    pub events: usize,
    pub quotes: link::QuoteStats,
    pub lock_written: bool,
    pub elapsed: Duration,
    /// Time spent in each stage, in pipeline order, for `--verbose`.
    pub stages: Vec<(&'static str, Duration)>,
    pub out: Option<PathBuf>,
}

impl Report {
    /// "built 27 pages from 5 sources, 41 claims in 180 ms", with the quote
    /// verification status after it.
    pub fn summary(&self) -> String {
        let verb = match (&self.out, self.incremental) {
            (None, _) => "checked",
            (Some(_), false) => "built",
            (Some(_), true) => "rebuilt",
        };
        let mut line = format!(
            "{verb} {} pages from {} sources, {} claims in {} ms",
            self.pages,
            self.sources,
            self.claims,
            self.elapsed.as_millis()
        );
        let q = &self.quotes;
        line.push_str(&format!(
            "; quotes: {} verified against originals, {} by quotes.lock, {} unverified",
            q.checked_now, q.from_lock, q.unverified
        ));
        if self.lock_written {
            line.push_str("; content/quotes.lock updated");
        }
        line
    }
}

/// Every problem a build found (errors when it failed, warnings when it
/// succeeded), and the files they point into.
#[derive(Debug)]
pub struct Problems {
    pub diagnostics: Diagnostics,
    pub files: Files,
}

impl Problems {
    pub fn render(&self) -> String {
        self.diagnostics.render(&self.files)
    }
}

/// Runs the pipeline once. On success the site is in the output folder
/// (unless `check_only`); warnings come back with the report either way.
pub fn build(options: &BuildOptions) -> Result<(Report, Problems), Problems> {
    let mut session = session::Session::new(options.clone());
    let run = session.full();
    let problems = Problems {
        diagnostics: run.diagnostics,
        files: session.into_files(),
    };
    match run.report {
        Some(report) => Ok((report, problems)),
        None => Err(problems),
    }
}
