//! Stage 3, render: the linked graph to the site's files.
//!
//! Builds the template views once, then renders every page through the Tera
//! templates in parallel. Each page gets `root`, the relative path back to
//! the site root ("", "../", "../../"), so every link is relative. Each
//! finished file (a page, an asset, the generated highlighting stylesheet,
//! the search index, an export) is handed as an `OutputFile` to the write
//! stage's [`Sink`] as soon as it is ready, so a large site is never held
//! in memory whole; the sink decides where it goes (a staging folder, the
//! output folder in place, or nowhere for `check`), and nothing here opens
//! a file itself.

mod bibliography;
pub mod charts;
pub mod cite;
pub mod context;
pub mod editions;
pub mod exports;
mod feeds;
mod fragment;
pub mod hashed;
mod jsonld;
pub mod markdown;
pub mod pages;
pub mod parts;
pub mod print;
pub mod search;
mod table;
pub mod timeline;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::link::{ClaimIx, Delta, EntityIx, Graph, SourceIx};
use crate::model::{SitePath, Theme};
use crate::write::{OutputFile, Sink};
use context::*;
use pages::{Cx, Job};
use rayon::prelude::*;
use std::path::Path;
use tera::Tera;

/// What was rendered.
pub struct Output {
    /// Files handed to the sink, pages and assets.
    pub files: usize,
    /// How many of the files are HTML pages.
    pub pages: usize,
    /// Paths of an earlier render that this one no longer has.
    pub stale: Vec<String>,
}

/// Escapes text for HTML and XML, in element content and in
/// double-quoted attributes: for what the build writes without Tera (SVG
/// charts, feeds, TimelineJS text, serve's own pages).
pub fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// JSON made safe to stand inside a `<script>` element: `<`, `>` and `&`
/// written as Unicode escapes, so that no text from content can close the
/// element or open a comment in it. JavaScript and JSON read the same
/// values back.
pub fn script_safe(json: &str) -> String {
    let mut out = ScriptSafe(Vec::with_capacity(json.len()));
    // Writing to memory cannot fail, and only ASCII bytes are replaced, so
    // the text stays UTF-8.
    let _ = std::io::Write::write_all(&mut out, json.as_bytes());
    String::from_utf8(out.0).unwrap_or_default()
}

/// A writer that does what [`script_safe`] does to what passes through it,
/// for JSON written into a script as it is made.
pub struct ScriptSafe<W>(pub W);

impl<W: std::io::Write> std::io::Write for ScriptSafe<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        write_replacing(&mut self.0, buf, |b| match b {
            b'<' => Some(b"\\u003c"),
            b'>' => Some(b"\\u003e"),
            b'&' => Some(b"\\u0026"),
            _ => None,
        })?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// What Tera's autoescaping writes for a value in a page: its escaping
/// (`&`, `<`, `>`, `"` and `'`), with each run of plain text written at
/// once. Tera's own writes every byte on its own, through a `dyn Write`,
/// which was a tenth of the render's CPU. Unlike [`escape_html`], `'` is
/// escaped too: a theme's template may quote an attribute with it.
fn escape_into(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    write_replacing(out, text.as_bytes(), |b| match b {
        b'&' => Some(b"&amp;"),
        b'<' => Some(b"&lt;"),
        b'>' => Some(b"&gt;"),
        b'"' => Some(b"&quot;"),
        b'\'' => Some(b"&#39;"),
        _ => None,
    })
}

/// Writes `bytes` to `out` with each byte `with` has a replacement for
/// replaced, the runs between written whole.
fn write_replacing<W: std::io::Write + ?Sized>(
    out: &mut W,
    bytes: &[u8],
    with: impl Fn(u8) -> Option<&'static [u8]>,
) -> std::io::Result<()> {
    let mut from = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        if let Some(replacement) = with(byte) {
            out.write_all(&bytes[from..at])?;
            out.write_all(replacement)?;
            from = at + 1;
        }
    }
    out.write_all(&bytes[from..])
}

/// A theme's templates, compiled, with what each page template reads.
pub struct Templates {
    tera: Tera,
    /// Per page template: the top-level variables it reads.
    pub(crate) reads: std::collections::HashMap<&'static str, pages::Reads>,
}

/// Compiles the theme's templates and finds what each page template
/// reads.
pub fn compile(theme: &Theme) -> Result<Templates, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape_into);
    // `{{ ui.glance_counts | fill(claims=3, sources=2) }}`: an interface
    // word with its `{name}` placeholders filled. The result is text,
    // escaped like any other.
    tera.register_filter(
        "fill",
        |word: &str, values: tera::Kwargs, _: &tera::State| -> String {
            let values: Vec<(String, String)> = values
                .iter()
                .map(|(k, v)| {
                    let v = v.as_str().map_or_else(|| v.to_string(), str::to_string);
                    (k.to_string(), v)
                })
                .collect();
            let values: Vec<(&str, &str)> = values
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            crate::model::ui::fill(word, &values)
        },
    );
    if let Err(e) = tera.add_raw_templates(
        theme
            .templates
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str())),
    ) {
        diags.push(template_error(&e, None));
        return Err(diags);
    }
    for name in pages::required_templates() {
        if !theme.templates.iter().any(|(n, _)| n == name) {
            diags.push(
                Diagnostic::at_path(Path::new("templates").join(name), "missing template")
                    .with_hint("every theme needs this template; copy it from the briefing repository's templates/"),
            );
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    // Tera names the variables a template and the templates it extends
    // and includes read. Two ways past that list are added by hand: a
    // component's implicit arguments, read from its caller's variables,
    // and Tera's `__tera_context`, which prints them all.
    let implicit: Vec<String> = tera
        .get_component_names()
        .filter_map(|name| tera.get_component_definition(name))
        .flat_map(|c| {
            c.args()
                .iter()
                .filter(|a| a.is_implicit())
                .map(|a| a.name().to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    let dumps_all = theme
        .templates
        .iter()
        .any(|(_, text)| text.contains("__tera_context"));
    let mut reads = std::collections::HashMap::new();
    for name in pages::required_templates() {
        let read = match tera.get_template_variables(name) {
            Ok(vars) if !dumps_all => Some(
                vars.into_iter()
                    .map(str::to_string)
                    .chain(implicit.iter().cloned())
                    .collect(),
            ),
            _ => None,
        };
        reads.insert(name, read);
    }
    Ok(Templates { tera, reads })
}

impl Templates {
    fn reads(&self, job: pages::Job) -> &pages::Reads {
        &self.reads[job.kind().template()]
    }
}

fn template_error(e: &tera::Error, page: Option<&str>) -> Diagnostic {
    let report = e.to_string();
    let mut d = Diagnostic::at_path(
        "templates",
        format!("template error\n{}", report.trim_end()),
    );
    if let Some(page) = page {
        d = d.with_hint(format!("while rendering {page}"));
    }
    d
}

/// What a render leaves for the next one in watch mode: the views, and
/// each page's path and fingerprint.
pub struct Memo {
    views: Views,
    jobs: Vec<Job>,
    paths: Vec<SitePath>,
    prints: Vec<u64>,
    search: u64,
    data: u64,
    /// The search index's and the exports' files as last written: a later
    /// index with fewer shards, or exports without a file (the sitemap,
    /// a split table's rows), leave the rest to be removed.
    written: Written,
    /// Made at the first patch: which pages read which records.
    readers: Option<Readers>,
}

/// Which `Hashed` slots each page's fingerprint read, and the other way
/// round, so that a patch fingerprints again only the pages that read a
/// slot it changed (see [`pages::Kind::about`] for the rest).
struct Readers {
    /// Per job, the slots its last fingerprint read, sorted.
    read: Vec<Vec<usize>>,
    /// Per slot, the jobs that read it. A job that stopped reading a slot
    /// stays listed: it is only fingerprinted once more than it needs.
    by: rustc_hash::FxHashMap<usize, Vec<u32>>,
}

/// Each job's path and fingerprint, and those of the search index and the
/// data exports.
fn prints(
    templates: &Templates,
    cx: &Cx,
    jobs: &[Job],
    paths: &[SitePath],
) -> (Vec<u64>, u64, u64) {
    let pages = jobs
        .par_iter()
        .zip(paths)
        .map(|(&job, path)| pages::fingerprint(cx, job, path, templates.reads(job)))
        .collect();
    let (search, data) = file_prints(cx);
    (pages, search, data)
}

/// The fingerprints of the search index and of the data exports: of
/// what each is made of.
fn file_prints(cx: &Cx) -> (u64, u64) {
    rayon::join(
        || hashed::fingerprint(search::given(cx.views)),
        || hashed::fingerprint(&exports::given(cx.graph, cx.views)),
    )
}

/// Renders, in parallel, the pages whose fingerprint differs from the one
/// in `previous` (all of them when there is none), hands them to `sink`,
/// and returns what the next render needs. Output paths present before but
/// not now are listed in `Output::stale` for the caller to remove.
pub fn render_with(
    templates: &Templates,
    graph: &Graph,
    theme: &Theme,
    sink: &dyn Sink,
    previous: Option<&Memo>,
    progress: &dyn crate::Progress,
) -> Result<(Output, Memo), Diagnostics> {
    let mut views = Views::build(graph);
    // The records of the search index and of the exports are made here
    // for their hashes and let go, and made again as their files are
    // written: held in between, they were a tenth of the peak memory at
    // 10,000 sources, and making them costs about 50 ms there.
    (views.search, views.exports) = rayon::join(
        || search::Records::of(&search::Made::of(graph, &views)),
        || exports::Records::of(&exports::Made::of(graph, &views)),
    );
    let cx = Cx {
        graph,
        views: &views,
    };
    let jobs = Job::all(graph);
    let paths: Vec<SitePath> = jobs.par_iter().map(|&job| job.path(&cx)).collect();
    let (prints, search, data) = prints(templates, &cx, &jobs, &paths);
    let before: Option<std::collections::HashMap<&SitePath, u64>> =
        previous.map(|p| p.paths.iter().zip(p.prints.iter().copied()).collect());
    let todo: Vec<(Job, &SitePath)> = jobs
        .iter()
        .zip(&paths)
        .zip(&prints)
        .filter(|((_, path), print)| before.as_ref().is_none_or(|b| b.get(path) != Some(print)))
        .map(|((&job, path), _)| (job, path))
        .collect();
    progress.begin("writing", todo.len());
    let (mut output, written) = emit(
        templates,
        &cx,
        sink,
        &todo,
        Also {
            search_index: previous.is_none_or(|p| p.search != search),
            data: previous.is_none_or(|p| p.data != data),
        },
        progress,
    )?;
    drop(todo);
    if previous.is_none() {
        // The theme's files change only with the theme, which watch mode
        // answers with a full build.
        let mut extra = vec![OutputFile::new(
            "assets/syntax.css",
            markdown::highlight_css(),
        )];
        extra.extend(
            theme
                .assets
                .iter()
                .map(|(name, bytes)| OutputFile::new(format!("assets/{name}"), bytes.clone())),
        );
        output.files += put_all(sink, extra)?;
    }
    let written = written.or(previous.map(|p| &p.written));
    if let Some(previous) = previous {
        let now: std::collections::HashSet<&SitePath> = paths.iter().collect();
        output.stale = previous
            .paths
            .iter()
            .filter(|p| !now.contains(p))
            .map(SitePath::to_string)
            .collect();
        output.stale.extend(previous.written.gone(&written));
    }
    let memo = Memo {
        views,
        jobs,
        paths,
        prints,
        search,
        data,
        written,
        readers: None,
    };
    Ok((output, memo))
}

impl Memo {
    /// Whether `graph` has the same pages as the render this is the memo
    /// of: [`render_patch`] renders only pages that were there.
    pub fn has_pages_of(&self, graph: &Graph) -> bool {
        Job::all(graph) == self.jobs
    }
}

/// Renders the pages a [`crate::link::relink`] touched: the views are
/// patched where `delta` says, every page's fingerprint is taken again
/// (cheap: shared records stand as their hashes), and the pages whose
/// fingerprint moved are rendered. The set of pages is the same as before.
pub fn render_patch(
    templates: &Templates,
    graph: &Graph,
    sink: &dyn Sink,
    memo: &mut Memo,
    delta: &Delta,
) -> Result<Output, Diagnostics> {
    let changed = memo.views.patch(graph, delta);
    let cx = Cx {
        graph,
        views: &memo.views,
    };
    // The pages an edit can reach: all of them at the first patch, which
    // also learns what each page reads; after that, those that read a
    // changed record, those about a changed record, and those about none.
    let dirty: Vec<usize> = match &memo.readers {
        None => (0..memo.jobs.len()).collect(),
        Some(readers) => {
            let mut dirty = vec![false; memo.jobs.len()];
            for address in &changed.addresses {
                for &j in readers.by.get(address).into_iter().flatten() {
                    dirty[j as usize] = true;
                }
            }
            for (j, job) in memo.jobs.iter().enumerate() {
                // Whether the record the page is about changed.
                let list = |i: usize| match job.kind().about() {
                    None => true,
                    Some(pages::About::Claim) => {
                        delta.claims.binary_search(&ClaimIx::new(i)).is_ok()
                    }
                    Some(pages::About::Source) => {
                        delta.sources.binary_search(&SourceIx::new(i)).is_ok()
                    }
                    Some(pages::About::Entity) => {
                        delta.entities.binary_search(&EntityIx::new(i)).is_ok()
                    }
                };
                if list(job.kind().record(&cx, job.index())) {
                    dirty[j] = true;
                }
            }
            (0..dirty.len()).filter(|&j| dirty[j]).collect()
        }
    };
    let fresh: Vec<(usize, u64, Vec<usize>)> = dirty
        .par_iter()
        .map(|&j| {
            let job = memo.jobs[j];
            let (print, read) =
                pages::fingerprint_reading(&cx, job, &memo.paths[j], templates.reads(job));
            (j, print, read)
        })
        .collect();
    let mut prints = memo.prints.clone();
    let readers = memo.readers.get_or_insert_with(|| Readers {
        read: vec![Vec::new(); memo.jobs.len()],
        by: Default::default(),
    });
    for (j, print, read) in fresh {
        prints[j] = print;
        for &address in &read {
            if readers.read[j].binary_search(&address).is_err() {
                readers.by.entry(address).or_default().push(j as u32);
            }
        }
        readers.read[j] = read;
    }
    let (search, data) = file_prints(&cx);
    let todo: Vec<(Job, &SitePath)> = memo
        .jobs
        .iter()
        .zip(&memo.paths)
        .zip(prints.iter().zip(&memo.prints))
        .filter(|(_, (new, old))| new != old)
        .map(|((&job, path), _)| (job, path))
        .collect();
    let (mut output, written) = emit(
        templates,
        &cx,
        sink,
        &todo,
        Also {
            search_index: search != memo.search,
            data: data != memo.data,
        },
        &crate::Silent,
    )?;
    drop(todo);
    let written = written.or(Some(&memo.written));
    output.stale = memo.written.gone(&written);
    memo.written = written;
    memo.prints = prints;
    memo.search = search;
    memo.data = data;
    Ok(output)
}

/// The paths of the files besides pages, by what makes them.
#[derive(Clone, Default)]
struct Written {
    search: Vec<String>,
    data: Vec<String>,
}

/// What a render wrote of the files besides pages: `None` for those it
/// left as they were.
struct Wrote {
    search: Option<Vec<String>>,
    data: Option<Vec<String>>,
}

impl Wrote {
    /// What is there after this render, `before` being what was.
    fn or(self, before: Option<&Written>) -> Written {
        let before = before.cloned().unwrap_or_default();
        Written {
            search: self.search.unwrap_or(before.search),
            data: self.data.unwrap_or(before.data),
        }
    }
}

impl Written {
    /// The files of these that `now` does not have.
    fn gone(&self, now: &Written) -> Vec<String> {
        let now: std::collections::HashSet<&String> = now.search.iter().chain(&now.data).collect();
        self.search
            .iter()
            .chain(&self.data)
            .filter(|f| !now.contains(f))
            .cloned()
            .collect()
    }
}

/// The files besides pages that a render must write too.
struct Also {
    search_index: bool,
    data: bool,
}

/// Renders `todo` in parallel, and the search index and data exports when
/// asked, into `sink`; returns with the output the paths of the index's
/// and the exports' files, for those it wrote.
fn emit(
    templates: &Templates,
    cx: &Cx,
    sink: &dyn Sink,
    todo: &[(Job, &SitePath)],
    also: Also,
    progress: &dyn crate::Progress,
) -> Result<(Output, Wrote), Diagnostics> {
    // The search index and the exports are large at scale: each is made
    // from its records, written and let go before the next. Each export is
    // handed to the sink as it is made, so that their bytes (tens of
    // megabytes at 10,000 sources) are never all held at once. The two
    // are made one after the other (side by side they cost 7 MiB more at
    // 10,000 sources), beside the pages, the threads sharing the work:
    // made before the pages, their sequential parts left a core idle.
    let extras = || {
        let index = also.search_index.then(|| {
            let mut done = Vec::new();
            let made = search::Made::of(cx.graph, cx.views);
            search::each_index_file(&made, &mut |file: OutputFile| {
                done.push((file.path.clone(), sink.put(file)))
            });
            done
        });
        let data = also.data.then(|| {
            let given = exports::given(cx.graph, cx.views);
            let made = exports::Made::of(cx.graph, cx.views);
            exports::files(&given, &made, &|path: &str, make: &crate::write::Make| {
                (path.to_string(), sink.put_made(path, make))
            })
        });
        (index, data)
    };
    let put = |file: OutputFile| {
        sink.put(file)
            .map_err(|e| e.diagnostic("cannot write the site"))
    };
    let pages = || -> Vec<Result<bool, Diagnostic>> {
        todo.par_iter()
            .map(|&(job, path)| {
                let done = render_page(templates, cx, job, path).and_then(put);
                progress.step();
                done
            })
            .collect()
    };
    let ((index, data), done) = rayon::join(extras, pages);
    let mut diags = Diagnostics::default();
    let mut extra_written = 0;
    let mut paths = |done: Option<Vec<(String, Result<bool, crate::write::WriteError>)>>| {
        done.map(|done| {
            done.into_iter()
                .map(|(path, result)| {
                    tally(result, &mut extra_written, &mut diags);
                    path
                })
                .collect()
        })
    };
    let wrote = Wrote {
        search: paths(index),
        data: paths(data),
    };
    let mut pages = 0;
    for d in done {
        match d {
            Ok(written) => pages += usize::from(written),
            Err(d) => diags.push(d),
        }
    }
    let files = pages + extra_written;
    if diags.has_errors() {
        return Err(diags);
    }
    Ok((
        Output {
            files,
            pages,
            stale: Vec::new(),
        },
        wrote,
    ))
}

/// Hands `files` to the sink in parallel; returns how many were written.
fn put_all(sink: &dyn Sink, files: Vec<OutputFile>) -> Result<usize, Diagnostics> {
    let done: Vec<Result<bool, _>> = files.into_par_iter().map(|file| sink.put(file)).collect();
    let mut diags = Diagnostics::default();
    let mut written = 0;
    for d in done {
        tally(d, &mut written, &mut diags);
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(written)
    }
}

/// Counts a file the sink wrote (not one it found already the same), or
/// reports why it could not.
fn tally(
    result: Result<bool, crate::write::WriteError>,
    written: &mut usize,
    diags: &mut Diagnostics,
) {
    match result {
        Ok(w) => *written += usize::from(w),
        Err(e) => diags.push(e.diagnostic("cannot write the site")),
    }
}

/// Renders one page through its template.
fn render_page(
    templates: &Templates,
    cx: &Cx,
    job: Job,
    path: &SitePath,
) -> Result<OutputFile, Diagnostic> {
    let context = pages::context(cx, job, path, templates.reads(job))?;
    let html = templates
        .tera
        .render(job.kind().template(), &context)
        .map_err(|e| template_error(&e, Some(path.as_str())))?;
    // Prose is made once for pages at any depth: its links to the site's
    // pages start from the root, and are made relative to this page here.
    let html = job.kind().finish(html);
    let html = markdown::unindent(html, &job.kind().root(cx, path));
    Ok(OutputFile::new(path.as_str(), html))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// Values in pages are escaped as Tera escapes them, byte for byte.
    #[test]
    fn values_are_escaped_as_tera_escapes_them() {
        for text in [
            "",
            "plain",
            "<script>alert('x' & \"y\")</script>",
            "&&<<>>\"\"''",
            "ünï<cödé>'s",
            "ends with &",
        ] {
            let mut ours = Vec::new();
            escape_into(text, &mut ours).unwrap();
            let mut teras = Vec::new();
            tera::escape_html(text, &mut teras).unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                String::from_utf8(teras).unwrap()
            );
        }
    }

    /// The writer escapes what the function does, however the JSON is cut
    /// into writes, and what it writes reads back as the same value.
    #[test]
    fn json_written_into_a_script_cannot_close_it() {
        let value = serde_json::json!({ "t": "a</script><!-- & ü", "n": [1, 2] });
        let whole = script_safe(&value.to_string());
        assert!(!whole.contains('<') && !whole.contains('>') && !whole.contains('&'));
        let mut out = ScriptSafe(Vec::new());
        serde_json::to_writer(&mut out, &value).unwrap();
        let mut pieces = ScriptSafe(Vec::new());
        for piece in value.to_string().as_bytes().chunks(3) {
            pieces.write_all(piece).unwrap();
        }
        assert_eq!(String::from_utf8(out.0).unwrap(), whole);
        assert_eq!(String::from_utf8(pieces.0).unwrap(), whole);
        let back: serde_json::Value = serde_json::from_str(&whole).unwrap();
        assert_eq!(back, value);
    }
}
