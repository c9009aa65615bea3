//! A build that can be kept: the pipeline's state between runs.
//!
//! A one-off `build` is a session that runs once. Watch mode keeps the
//! session. An edited source is read again alone and linked into the kept
//! graph with the full link's own per-source steps ([`link::relink`]);
//! its errors are reported as a full build reports them, and the graph
//! keeps the last version that linked, so the repair is patched in the
//! same way. Other changes reload the changed files and link again
//! (reusing the costly entity scan for unchanged sources). Either way only
//! the pages whose fingerprint moved are rendered, and written in place. A
//! change to the theme, or anything unexpected, falls back to a full
//! build.

use crate::diagnostics::{Diagnostic, Diagnostics, Files};
use crate::link::{self, Graph, LinkCache};
use crate::model::{Content, Theme};
use crate::render::{self, Memo};
use crate::{load, model, quote_lock, write, BuildOptions, Report};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

enum State {
    /// Nothing loaded yet, or the last load failed.
    Empty,
    Linked(Box<Graph>),
    /// Loaded but not linked: the last link found errors.
    Unlinked(Box<Content>),
}

/// How far watch mode's fast path got.
enum Patch {
    /// The change is not one it covers; nothing was touched.
    NotApplicable,
    /// The changed sources are in the content, which needs a full link.
    Relink(Box<Content>),
    Done(Run),
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
    templates: Option<render::Templates>,
    state: State,
    /// What the pages now in the output folder were rendered from; `None`
    /// when the next run must write everything.
    memo: Option<Memo>,
    /// The quote lock as this session last wrote it: the watcher reports
    /// that write like any other, and it needs no rebuild.
    written_lock: Option<String>,
    /// The originals folder the last full load found.
    originals_dir: Option<PathBuf>,
    /// Source files changed since the last successful run whose new
    /// versions are not in the graph (they had errors): read again with
    /// the next change.
    pending: Vec<PathBuf>,
    /// The size of the file table after the last full build: the table
    /// only grows between full builds (old texts stay while spans into
    /// them may), so past twice this and [`FILES_GROWTH`] the next change
    /// is answered with a full build, which starts a new table.
    files_after_full: usize,
    progress: std::sync::Arc<dyn crate::Progress>,
}

/// How much the file table may grow past twice its size after a full
/// build before watch mode builds in full again: a few thousand edits of a
/// typical source.
pub const FILES_GROWTH: usize = 16 * 1024 * 1024;

impl Report {
    fn of(graph: &Graph, output: &render::Output, clock: Clock, out: Option<PathBuf>) -> Report {
        Report {
            incremental: false,
            patched: false,
            pages: output.pages,
            files: output.files,
            sources: graph.content.sources.len(),
            claims: graph.content.claims.len(),
            events: graph.content.events.len(),
            quotes: graph.quotes.clone(),
            lock_written: false,
            elapsed: clock.started.elapsed(),
            stages: clock.stages,
            out,
        }
    }
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
            templates: None,
            state: State::Empty,
            memo: None,
            written_lock: None,
            originals_dir: None,
            pending: Vec::new(),
            files_after_full: 0,
            progress: std::sync::Arc::new(crate::Silent),
        }
    }

    /// The project folder, as given.
    pub fn root(&self) -> &Path {
        &self.options.root
    }

    /// Shows how far full builds have got.
    pub fn set_progress(&mut self, progress: std::sync::Arc<dyn crate::Progress>) {
        self.progress = progress;
    }

    /// The linked briefing, after a run that got that far.
    pub fn graph(&self) -> Option<&Graph> {
        match &self.state {
            State::Linked(graph) => Some(graph),
            _ => None,
        }
    }

    /// The folder the sources' originals are read from, as the last load
    /// that got as far as reading briefing.yaml found it, even when that
    /// load failed: an original added to fix the build must be seen.
    pub fn originals_dir(&self) -> Option<&Path> {
        match &self.state {
            State::Linked(graph) => graph.content.originals_dir.as_deref(),
            State::Unlinked(content) => content.originals_dir.as_deref(),
            State::Empty => self.originals_dir.as_deref(),
        }
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
        self.progress.end();
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
        self.memo = None;
        self.pending.clear();
        let loaded = load::load(
            &self.options.root,
            &self.load_options(),
            &mut self.files,
            &mut diags,
            self.progress.as_ref(),
        );
        self.files_after_full = self.files.bytes();
        let Some(content) = loaded else {
            return self.finish(diags, None);
        };
        self.originals_dir.clone_from(&content.originals_dir);
        if diags.has_errors() {
            // Link what did load, so that its errors come in the same
            // report; the build fails either way.
            let _ = link::link(content, model::today(), &mut self.cache, &mut diags);
            return self.finish(diags, None);
        }
        clock.mark("load");
        self.theme = match load::templates(&self.options.root) {
            Ok(t) => t,
            Err(d) => {
                diags.extend(d);
                return self.finish(diags, None);
            }
        };
        self.templates = match render::compile(&self.theme) {
            Ok(t) => Some(t),
            Err(d) => {
                diags.extend(d);
                return self.finish(diags, None);
            }
        };
        self.link_and_render(content, clock, diags, true)
    }

    /// Whether the change at `path` is this session's own write of the
    /// quote lock, which needs no rebuild.
    pub fn is_own_write(&self, path: &Path) -> bool {
        path == self.options.root.join("content").join("quotes.lock")
            && self.written_lock.as_ref().is_some_and(|written| {
                std::fs::read_to_string(path).is_ok_and(|now| &now == written)
            })
    }

    /// Brings the site up to date after `changed` paths changed on disk.
    pub fn update(&mut self, changed: &[PathBuf]) -> Run {
        let mut changed = changed.to_vec();
        for path in std::mem::take(&mut self.pending) {
            if !changed.contains(&path) {
                changed.push(path);
            }
        }
        let changed = &changed[..];
        let root = &self.options.root;
        let needs_full = matches!(self.state, State::Empty)
            || self.templates.is_none()
            || self.memo.is_none()
            || self.files.bytes() > 2 * self.files_after_full + FILES_GROWTH
            || changed
                .iter()
                .any(|p| p.starts_with(root.join("templates")));
        if needs_full {
            return self.full();
        }
        let mut clock = Clock::new();
        let mut diags = Diagnostics::default();
        match self.patch(changed, &mut clock) {
            Patch::Done(run) => return run,
            Patch::Relink(content) => {
                return self.link_and_render(*content, clock, diags, false);
            }
            Patch::NotApplicable => {}
        }
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

    /// Watch mode's fast path, for the commonest change: existing sources
    /// edited. The graph, views and fingerprints are patched where the
    /// change reaches, in time that does not grow with the briefing; a
    /// source with errors is reported and left out until it is fixed.
    fn patch(&mut self, changed: &[PathBuf], clock: &mut Clock) -> Patch {
        let State::Linked(graph) = &mut self.state else {
            return Patch::NotApplicable;
        };
        if self.memo.is_none() || self.options.require_verified || changed.is_empty() {
            return Patch::NotApplicable;
        }
        let mut fresh = Vec::new();
        let mut broken = Diagnostics::default();
        for path in changed {
            match load::reload_source(&self.options.root, path, &mut self.files) {
                load::Reloaded::Source(source) => {
                    let Some(si) = graph
                        .content
                        .sources
                        .iter()
                        .position(|s| s.id == source.id)
                        .map(link::SourceIx::new)
                    else {
                        return Patch::NotApplicable;
                    };
                    fresh.push((si, *source));
                }
                load::Reloaded::Broken(errors) => broken.extend(errors),
                load::Reloaded::Other => return Patch::NotApplicable,
            }
        }
        if broken.has_errors() {
            // The graph keeps the last versions that linked; the broken
            // files are read again with the next change, whichever it is.
            self.pending = changed.to_vec();
            return Patch::Done(self.finish(broken, None));
        }
        clock.mark("load");
        let old: Vec<(link::SourceIx, model::Source)> = fresh
            .into_iter()
            .map(|(si, new)| (si, std::mem::replace(&mut graph.content.sources[si], new)))
            .collect();
        let mut diags = Diagnostics::default();
        let delta = match link::relink(graph, old, model::today(), &mut self.cache, &mut diags) {
            link::Relinked::Done(delta) => delta,
            link::Relinked::Broken => {
                self.pending = changed.to_vec();
                return Patch::Done(self.finish(diags, None));
            }
            link::Relinked::NotCovered => {
                // The new sources are in place; link them the general way.
                let State::Linked(graph) = std::mem::replace(&mut self.state, State::Empty) else {
                    unreachable!("matched above")
                };
                return Patch::Relink(Box::new(graph.content));
            }
        };
        clock.mark("link");
        // An edit that changes how many pages a name has (what names it
        // crossed a page's worth of rows) changes the site's set of pages,
        // which the fast path keeps as it is: the general path renders the
        // new ones and removes the old.
        if self.memo.as_ref().is_some_and(|m| !m.has_pages_of(graph)) {
            let State::Linked(graph) = std::mem::replace(&mut self.state, State::Empty) else {
                unreachable!("matched above")
            };
            return Patch::Relink(Box::new(graph.content));
        }
        let (Some(templates), Some(memo)) = (self.templates.as_ref(), self.memo.as_mut()) else {
            return Patch::NotApplicable;
        };
        let out = self.options.out_dir();
        let _held = match hold(&out) {
            Ok(held) => held,
            Err(d) => {
                // The graph has the change and the pages do not: the next
                // run writes everything again.
                self.memo = None;
                diags.push(d);
                return Patch::Done(self.finish(diags, None));
            }
        };
        let sink = write::InPlace::new(&out);
        let output = match render::render_patch(templates, graph, &sink, memo, &delta) {
            Ok(output) => output,
            Err(d) => {
                // Some pages may be written and some not: the next run
                // writes everything again.
                self.memo = None;
                diags.extend(d);
                return Patch::Done(self.finish(diags, None));
            }
        };
        if let Err(e) = write::remove_stale(&out, &output.stale) {
            self.memo = None;
            diags.push(e.diagnostic("cannot remove an old file"));
            return Patch::Done(self.finish(diags, None));
        }
        clock.mark("render+write");
        let lock_written = match write_lock(&self.options.root, graph, &mut self.written_lock) {
            Ok(written) => written,
            Err(d) => {
                // The pages are written; the lock is retried by the next
                // run, which links afresh.
                diags.push(d);
                return Patch::Done(self.finish(diags, None));
            }
        };
        if lock_written {
            clock.mark("lock");
        }
        let mut report = Report::of(
            graph,
            &output,
            std::mem::replace(clock, Clock::new()),
            Some(out),
        );
        report.incremental = true;
        report.patched = true;
        report.lock_written = lock_written;
        Patch::Done(self.finish(diags, Some(report)))
    }

    fn link_and_render(
        &mut self,
        content: Content,
        mut clock: Clock,
        mut diags: Diagnostics,
        full: bool,
    ) -> Run {
        let mut graph = match link::link(content, model::today(), &mut self.cache, &mut diags) {
            Ok(g) => g,
            Err(content) => {
                self.state = State::Unlinked(content);
                return self.finish(diags, None);
            }
        };
        clock.mark("link");
        if self.options.require_verified && graph.quotes.unverified > 0 {
            for (si, source) in
                link::SourceIx::all(graph.content.sources.len()).zip(&graph.content.sources)
            {
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
        // Held from the first page written to the quote lock.
        let held = if self.options.check_only {
            None
        } else {
            let originals: Vec<&Path> = graph
                .content
                .originals_dir
                .iter()
                .chain(&self.options.originals)
                .map(PathBuf::as_path)
                .collect();
            let out = self.options.out_dir();
            match check_out_dir(&self.options.root, &out, &originals).and_then(|()| hold(&out)) {
                Ok(held) => Some(held),
                Err(d) => {
                    diags.push(d);
                    self.state = State::Linked(Box::new(graph));
                    return self.finish(diags, None);
                }
            }
        };
        let result = if full {
            self.render_full(&graph, held.as_ref(), &mut diags)
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
            match write_lock(&self.options.root, &mut graph, &mut self.written_lock) {
                Ok(written) => {
                    if written {
                        clock.mark("lock");
                    }
                    lock_written = written
                }
                Err(d) => {
                    diags.push(d);
                    self.state = State::Linked(Box::new(graph));
                    return self.finish(diags, None);
                }
            }
        }
        clock.mark("finish");
        let mut report = Report::of(&graph, &output, clock, out);
        report.incremental = !full;
        report.lock_written = lock_written;
        self.state = State::Linked(Box::new(graph));
        self.finish(diags, Some(report))
    }

    /// Renders every page into a staging folder and swaps it in (or, for
    /// `check`, renders into nothing).
    fn render_full(
        &mut self,
        graph: &Graph,
        held: Option<&write::OutputLock>,
        diags: &mut Diagnostics,
    ) -> Option<(render::Output, Option<PathBuf>)> {
        let templates = self.templates.as_ref()?;
        let out = self.options.out_dir();
        // Only a build that writes holds the lock; `check` stages nothing.
        let staging = match held {
            None => None,
            Some(held) => match write::Staging::new(&out, held) {
                Ok(s) => Some(s),
                Err(e) => {
                    diags.push(e.diagnostic("cannot write the site"));
                    return None;
                }
            },
        };
        let sink: &dyn write::Sink = match &staging {
            Some(s) => s,
            None => &write::Discard,
        };
        let progress = self.progress.as_ref();
        let (output, memo) =
            match render::render_with(templates, graph, &self.theme, sink, None, progress) {
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
                self.memo = Some(memo);
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
        let templates = self.templates.as_ref()?;
        let out = self.options.out_dir();
        let sink = write::InPlace::new(&out);
        let previous = self.memo.take();
        match render::render_with(
            templates,
            graph,
            &self.theme,
            &sink,
            previous.as_ref(),
            &crate::Silent,
        ) {
            Ok((output, memo)) => {
                if let Err(e) = write::remove_stale(&out, &output.stale) {
                    diags.push(e.diagnostic("cannot remove an old page"));
                    return None;
                }
                self.memo = Some(memo);
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

/// Takes the output folder's lock for a build that writes it, saying on
/// standard error when it has to wait for another build first (as cargo
/// does for its own lock): a paused build's wait would otherwise look like
/// a hang.
fn hold(out: &Path) -> Result<write::OutputLock, Diagnostic> {
    write::OutputLock::acquire(out, |why| eprintln!("{why}"))
        .map_err(|e| e.diagnostic("cannot lock the output folder"))
}

/// Refuses an output folder that would replace something of the
/// project's own (see [`crate::contain::output_problem`]).
pub(crate) fn check_out_dir(
    root: &Path,
    out: &Path,
    originals: &[&Path],
) -> Result<(), Diagnostic> {
    let (why, hint) = if let Some(why) = crate::contain::output_problem(root, out, originals) {
        (
            why,
            "choose a folder of its own, such as public/ in the project",
        )
    } else if let Some(entry) = write::not_from_a_build(out) {
        (
            format!(
                "it holds files no build wrote (such as `{}`), which would be deleted",
                crate::diagnostics::printable(&entry)
            ),
            "name a new or empty folder, or move what this one holds elsewhere first; a folder \
             a build wrote before is replaced without asking",
        )
    } else {
        return Ok(());
    };
    Err(Diagnostic::at_path(
        out,
        format!("refusing to write the site here: the output folder is replaced whole, and {why}"),
    )
    .with_hint(hint))
}

/// Writes the quote lock when the linked briefing has a new one; says
/// whether it did. On failure the update stays pending in the graph.
fn write_lock(
    root: &Path,
    graph: &mut Graph,
    written_lock: &mut Option<String>,
) -> Result<bool, crate::diagnostics::Diagnostic> {
    let Some(lock) = graph.lock_update.take() else {
        return Ok(false);
    };
    let path = root.join("content").join("quotes.lock");
    let text = quote_lock::serialize(&lock);
    if let Err(e) = write::write_project_file(&path, &text) {
        graph.lock_update = Some(lock);
        return Err(e.diagnostic("cannot write the quote lock"));
    }
    // The content now holds the lock that is on disk.
    graph.content.lock = lock;
    *written_lock = Some(text);
    Ok(true)
}
