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

pub mod diagnostics;
pub mod link;
pub mod load;
pub mod lock;
pub mod model;
pub mod render;
pub mod theme;
pub mod write;

use diagnostics::{Diagnostic, Diagnostics, Files};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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

/// What a successful build did, for the summary line.
#[derive(Debug, Clone)]
pub struct Report {
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
        let verb = if self.out.is_some() {
            "built"
        } else {
            "checked"
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

/// Runs the pipeline. On success the site is in the output folder (unless
/// `check_only`); warnings come back with the report either way.
pub fn build(options: &BuildOptions) -> Result<(Report, Problems), Problems> {
    let started = Instant::now();
    let mut stages: Vec<(&'static str, Duration)> = Vec::new();
    let mut lap = Instant::now();
    let mut mark = |name: &'static str| {
        stages.push((name, lap.elapsed()));
        lap = Instant::now();
    };
    let mut files = Files::default();
    let mut diags = Diagnostics::default();
    let fail = |mut diags: Diagnostics, files: Files| {
        diags.sort(&files);
        Problems {
            diagnostics: diags,
            files,
        }
    };

    let load_options = load::LoadOptions {
        originals: options.originals.clone(),
    };
    let Some(content) = load::load(&options.root, &load_options, &mut files, &mut diags) else {
        return Err(fail(diags, files));
    };
    mark("load");
    let theme = match load::templates(&options.root) {
        Ok(t) => t,
        Err(d) => {
            diags.extend(d);
            return Err(fail(diags, files));
        }
    };
    let Some(graph) = link::link(content, model::today(), &mut diags) else {
        return Err(fail(diags, files));
    };
    mark("link");
    if options.require_verified && graph.quotes.unverified > 0 {
        for (si, source) in graph.content.sources.iter().enumerate() {
            for (ai, a) in source.annotations.iter().enumerate() {
                if !graph.sources[si].checks[ai].is_verified() {
                    diags.push(
                        Diagnostic::error(a.quote.span, "quote is not verified")
                            .with_hint("give the source an `original:` and build with the originals folder available"),
                    );
                }
            }
        }
        return Err(fail(diags, files));
    }
    // The site renders straight into a staging folder that replaces the
    // output folder only once everything is written; `check` renders into
    // nothing.
    let out = options.out_dir();
    let staging = if options.check_only {
        None
    } else {
        if let Err(e) = check_out_dir(&options.root, &out) {
            diags.push(e);
            return Err(fail(diags, files));
        }
        match write::Staging::new(&out) {
            Ok(s) => Some(s),
            Err(e) => {
                diags.push(Diagnostic::at_path(
                    &e.path,
                    format!("cannot write the site: {}", e.message),
                ));
                return Err(fail(diags, files));
            }
        }
    };
    let sink: &dyn write::Sink = match &staging {
        Some(s) => s,
        None => &write::Discard,
    };
    let output = match render::render(&graph, &theme, sink) {
        Ok(o) => o,
        Err(d) => {
            diags.extend(d);
            return Err(fail(diags, files));
        }
    };
    mark("render+write");

    let mut lock_written = false;
    let out = match staging {
        None => None,
        Some(staging) => {
            if let Err(e) = staging.commit() {
                diags.push(Diagnostic::at_path(
                    &e.path,
                    format!("cannot write the site: {}", e.message),
                ));
                return Err(fail(diags, files));
            }
            if let Some(lock) = &graph.lock_update {
                let path = options.root.join("content").join("quotes.lock");
                if let Err(e) = write::write_project_file(&path, &lock::serialize(lock)) {
                    diags.push(Diagnostic::at_path(
                        &e.path,
                        format!("cannot write the quote lock: {}", e.message),
                    ));
                    return Err(fail(diags, files));
                }
                lock_written = true;
            }
            Some(out)
        }
    };
    mark("swap");

    let report = Report {
        pages: output.pages,
        files: output.files,
        sources: graph.content.sources.len(),
        claims: graph.content.claims.len(),
        events: graph.content.events.len(),
        quotes: graph.quotes.clone(),
        lock_written,
        elapsed: started.elapsed(),
        stages,
        out,
    };
    Ok((report, fail(diags, files)))
}

/// The output folder is replaced whole, so it must not be (or contain) the
/// project's own sources.
fn check_out_dir(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let abs = |p: &Path| {
        std::path::absolute(p)
            .map(|p| normalize(&p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let (root_abs, out_abs) = (abs(root), abs(out));
    let protected = ["content", "templates", "src", "tests", ".git"];
    let clash = out_abs == root_abs
        || root_abs.starts_with(&out_abs)
        || protected
            .iter()
            .any(|p| out_abs.starts_with(root_abs.join(p)));
    if clash {
        return Err(Diagnostic::at_path(
            out,
            "refusing to write the site here: the output folder is replaced whole",
        )
        .with_hint("choose a folder of its own, such as public/"));
    }
    Ok(())
}

/// Resolves `.` and `..` lexically.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}
