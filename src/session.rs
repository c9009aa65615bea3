//! A build that can be kept: the pipeline's state between runs.
//!
//! A one-off `build` is a session that runs once. Watch mode keeps the
//! session: after a file changes it reloads that file only, links again
//! (reusing the costly entity scan for unchanged sources), and re-renders
//! only the pages whose fingerprint moved, writing them in place. A change
//! to the theme or to briefing.yaml, or anything unexpected, falls back to a
//! full build.

use crate::diagnostics::{Diagnostic, Diagnostics, Files};
use crate::link::{self, Graph, LinkCache};
use crate::model::{Content, Theme};
use crate::render::{self, Fingerprints};
use crate::{load, lock, model, write, BuildOptions, Report};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

enum State {
    /// Nothing loaded yet, or the last load failed.
    Empty,
    Linked(Box<Graph>),
    /// Loaded but not linked: the last link found errors.
    Unlinked(Box<Content>),
}

/// What one run of a session did.
pub struct Run {
    /// The report, when the run succeeded.
    pub report: Option<Report>,
    /// Errors (when it failed) and warnings, sorted.
    pub diagnostics: Diagnostics,
}

pub struct Session {
    options: BuildOptions,
    files: Files,
    cache: LinkCache,
    theme: Theme,
    tera: Option<tera::Tera>,
    state: State,
    /// Fingerprints of the pages now in the output folder; `None` when the
    /// next run must write everything.
    prints: Option<Fingerprints>,
}

/// Times each stage of a run.
struct Clock {
    started: Instant,
    lap: Instant,
    stages: Vec<(&'static str, Duration)>,
}

impl Clock {
    fn new() -> Clock {
        let now = Instant::now();
        Clock {
            started: now,
            lap: now,
            stages: Vec::new(),
        }
    }
    fn mark(&mut self, stage: &'static str) {
        self.stages.push((stage, self.lap.elapsed()));
        self.lap = Instant::now();
    }
}

impl Session {
    pub fn new(options: BuildOptions) -> Session {
        Session {
            options,
            files: Files::default(),
            cache: LinkCache::default(),
            theme: Theme::default(),
            tera: None,
            state: State::Empty,
            prints: None,
        }
    }

    /// The project folder, as given.
    pub fn root(&self) -> &Path {
        &self.options.root
    }

    /// The files the diagnostics point into.
    pub fn files(&self) -> &Files {
        &self.files
    }

    pub fn into_files(self) -> Files {
        self.files
    }

    fn load_options(&self) -> load::LoadOptions {
        load::LoadOptions {
            originals: self.options.originals.clone(),
        }
    }

    fn finish(&self, mut diags: Diagnostics, report: Option<Report>) -> Run {
        diags.sort(&self.files);
        Run {
            report,
            diagnostics: diags,
        }
    }

    /// Loads everything and builds the whole site, replacing the output
    /// folder only when all of it was written.
    pub fn full(&mut self) -> Run {
        let mut clock = Clock::new();
        let mut diags = Diagnostics::default();
        // File ids start again with a new file table, and the link cache
        // knows sources by their file: it starts again too.
        self.files = Files::default();
        self.cache = LinkCache::default();
        self.state = State::Empty;
        self.prints = None;
        let Some(content) = load::load(
            &self.options.root,
            &self.load_options(),
            &mut self.files,
            &mut diags,
        ) else {
            return self.finish(diags, None);
        };
        clock.mark("load");
        self.theme = match load::templates(&self.options.root) {
            Ok(t) => t,
            Err(d) => {
                diags.extend(d);
                return self.finish(diags, None);
            }
        };
        self.tera = match render::compile(&self.theme) {
            Ok(t) => Some(t),
            Err(d) => {
                diags.extend(d);
                return self.finish(diags, None);
            }
        };
        self.link_and_render(content, clock, diags, true)
    }

    /// Brings the site up to date after `changed` paths changed on disk.
    pub fn update(&mut self, changed: &[PathBuf]) -> Run {
        let root = &self.options.root;
        let needs_full = matches!(self.state, State::Empty)
            || self.tera.is_none()
            || self.prints.is_none()
            || changed.iter().any(|p| {
                p.starts_with(root.join("templates"))
                    || p == &root.join("content").join("briefing.yaml")
            });
        if needs_full {
            return self.full();
        }
        let mut clock = Clock::new();
        let mut diags = Diagnostics::default();
        let mut content = match std::mem::replace(&mut self.state, State::Empty) {
            State::Linked(graph) => graph.content,
            State::Unlinked(content) => *content,
            State::Empty => return self.full(),
        };
        let ok = load::reload(
            &self.options.root,
            &self.load_options(),
            changed,
            &mut content,
            &mut self.files,
            &mut diags,
        );
        if !ok {
            self.state = State::Unlinked(Box::new(content));
            return self.finish(diags, None);
        }
        clock.mark("load");
        self.link_and_render(content, clock, diags, false)
    }

    fn link_and_render(
        &mut self,
        content: Content,
        mut clock: Clock,
        mut diags: Diagnostics,
        full: bool,
    ) -> Run {
        let graph = match link::link(content, model::today(), &mut self.cache, &mut diags) {
            Ok(g) => g,
            Err(content) => {
                self.state = State::Unlinked(content);
                return self.finish(diags, None);
            }
        };
        clock.mark("link");
        if self.options.require_verified && graph.quotes.unverified > 0 {
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
            self.state = State::Linked(Box::new(graph));
            return self.finish(diags, None);
        }
        let result = if full {
            self.render_full(&graph, &mut diags)
        } else {
            self.render_changes(&graph, &mut diags)
        };
        let Some((output, out)) = result else {
            self.state = State::Linked(Box::new(graph));
            return self.finish(diags, None);
        };
        clock.mark("render+write");
        let mut lock_written = false;
        if out.is_some() {
            if let Some(lock) = &graph.lock_update {
                let path = self.options.root.join("content").join("quotes.lock");
                if let Err(e) = write::write_project_file(&path, &lock::serialize(lock)) {
                    diags.push(e.diagnostic("cannot write the quote lock"));
                    self.state = State::Linked(Box::new(graph));
                    return self.finish(diags, None);
                }
                lock_written = true;
            }
        }
        clock.mark("finish");
        let report = Report {
            incremental: !full,
            pages: output.pages,
            files: output.files,
            sources: graph.content.sources.len(),
            claims: graph.content.claims.len(),
            events: graph.content.events.len(),
            quotes: graph.quotes.clone(),
            lock_written,
            elapsed: clock.started.elapsed(),
            stages: clock.stages,
            out,
        };
        self.state = State::Linked(Box::new(graph));
        self.finish(diags, Some(report))
    }

    /// Renders every page into a staging folder and swaps it in (or, for
    /// `check`, renders into nothing).
    fn render_full(
        &mut self,
        graph: &Graph,
        diags: &mut Diagnostics,
    ) -> Option<(render::Output, Option<PathBuf>)> {
        let tera = self.tera.as_ref()?;
        let out = self.options.out_dir();
        let staging = if self.options.check_only {
            None
        } else {
            if let Err(e) = check_out_dir(&self.options.root, &out) {
                diags.push(e);
                return None;
            }
            match write::Staging::new(&out) {
                Ok(s) => Some(s),
                Err(e) => {
                    diags.push(e.diagnostic("cannot write the site"));
                    return None;
                }
            }
        };
        let sink: &dyn write::Sink = match &staging {
            Some(s) => s,
            None => &write::Discard,
        };
        let (output, prints) = match render::render_with(tera, graph, &self.theme, sink, None) {
            Ok(r) => r,
            Err(d) => {
                diags.extend(d);
                return None;
            }
        };
        match staging {
            None => Some((output, None)),
            Some(staging) => {
                if let Err(e) = staging.commit() {
                    diags.push(e.diagnostic("cannot write the site"));
                    return None;
                }
                self.prints = Some(prints);
                Some((output, Some(out)))
            }
        }
    }

    /// Re-renders the pages whose fingerprint moved, in place.
    fn render_changes(
        &mut self,
        graph: &Graph,
        diags: &mut Diagnostics,
    ) -> Option<(render::Output, Option<PathBuf>)> {
        let tera = self.tera.as_ref()?;
        let out = self.options.out_dir();
        let sink = write::InPlace::new(&out);
        let previous = self.prints.take();
        match render::render_with(tera, graph, &self.theme, &sink, previous.as_ref()) {
            Ok((output, prints)) => {
                if let Err(e) = write::remove_stale(&out, &output.stale) {
                    diags.push(e.diagnostic("cannot remove an old page"));
                    return None;
                }
                self.prints = Some(prints);
                Some((output, Some(out)))
            }
            Err(d) => {
                // Some pages may be new and some old now: the next run
                // writes everything again.
                diags.extend(d);
                None
            }
        }
    }
}

/// The output folder is replaced whole, so it must not be (or contain) the
/// project's own sources.
pub(crate) fn check_out_dir(root: &Path, out: &Path) -> Result<(), Diagnostic> {
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
