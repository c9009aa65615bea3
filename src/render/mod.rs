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

pub mod charts;
pub mod context;
mod deps;
mod exports;
mod jsonld;
pub mod markdown;
pub mod search;
pub mod timeline;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::link::{Delta, Graph};
use crate::model::{Side, Theme};
use crate::write::{OutputFile, Sink};
use context::*;
use rayon::prelude::*;
use serde::Serialize;
use std::path::Path;
use tera::{Context, Tera};

/// What was rendered.
pub struct Output {
    /// Files handed to the sink, pages and assets.
    pub files: usize,
    /// How many of the files are HTML pages.
    pub pages: usize,
    /// Paths of an earlier render that this one no longer has.
    pub stale: Vec<String>,
}

/// One page to render.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Job {
    Index,
    Timeline,
    Claims,
    Claim(usize),
    Case(Side),
    Sources,
    Source(usize),
    Entities,
    Entity(usize),
    Page(usize),
    Search,
    NotFound,
}

impl Job {
    fn all(graph: &Graph) -> Vec<Job> {
        let c = &graph.content;
        let mut jobs = vec![
            Job::Index,
            Job::Timeline,
            Job::Claims,
            Job::Case(Side::Bull),
            Job::Case(Side::Bear),
            Job::Sources,
            Job::Entities,
            Job::Search,
            Job::NotFound,
        ];
        jobs.extend((0..c.claims.len()).map(Job::Claim));
        jobs.extend((0..c.sources.len()).map(Job::Source));
        jobs.extend((0..c.entities.len()).map(Job::Entity));
        jobs.extend((0..c.pages.len()).map(Job::Page));
        jobs
    }
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

/// The templates every theme must provide.
pub const REQUIRED_TEMPLATES: [&str; 12] = [
    "index.html",
    "timeline.html",
    "claims.html",
    "claim.html",
    "case.html",
    "sources.html",
    "source.html",
    "entities.html",
    "entity.html",
    "page.html",
    "search.html",
    "404.html",
];

/// Compiles the theme's templates.
pub fn compile(theme: &Theme) -> Result<Tera, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    if let Err(e) = tera.add_raw_templates(
        theme
            .templates
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str())),
    ) {
        diags.push(template_error(&e, None));
        return Err(diags);
    }
    for name in REQUIRED_TEMPLATES {
        if !theme.templates.iter().any(|(n, _)| n == name) {
            diags.push(
                Diagnostic::at_path(Path::new("templates").join(name), "missing template")
                    .with_hint("every theme needs this template; copy it from the briefing repository's templates/"),
            );
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(tera)
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

/// What a render leaves for the next one in watch mode: the views, their
/// hashes, and each page's path and fingerprint.
pub struct Memo {
    views: Views,
    nodes: deps::Nodes,
    jobs: Vec<Job>,
    paths: Vec<String>,
    prints: Vec<u64>,
    search: u64,
    data: u64,
}

const SEARCH_INDEX: &str = "assets/search-index.js";

/// Renders, in parallel, the pages whose fingerprint differs from the one
/// in `previous` (all of them when there is none), hands them to `sink`,
/// and returns what the next render needs. Output paths present before but
/// not now are listed in `Output::stale` for the caller to remove.
pub fn render_with(
    tera: &Tera,
    graph: &Graph,
    theme: &Theme,
    sink: &dyn Sink,
    previous: Option<&Memo>,
    progress: &dyn crate::Progress,
) -> Result<(Output, Memo), Diagnostics> {
    let views = Views::build(graph);
    let nodes = deps::Nodes::build(graph, &views, theme.shows_site_summary_everywhere());
    let jobs = Job::all(graph);
    let (prints, search, data) = deps::fingerprints(graph, &views, &nodes, &jobs);
    let paths: Vec<String> = jobs
        .iter()
        .map(|&job| job_path(graph, &views, job))
        .collect();
    let memo = Memo {
        views,
        nodes,
        jobs,
        paths,
        prints,
        search,
        data,
    };
    let before: Option<std::collections::HashMap<&str, u64>> = previous.map(|p| {
        p.paths
            .iter()
            .map(String::as_str)
            .zip(p.prints.iter().copied())
            .collect()
    });
    let todo: Vec<Job> = memo
        .jobs
        .iter()
        .zip(&memo.paths)
        .zip(&memo.prints)
        .filter(|((_, path), print)| {
            before
                .as_ref()
                .is_none_or(|b| b.get(path.as_str()) != Some(print))
        })
        .map(|((&job, _), _)| job)
        .collect();
    progress.begin("writing", todo.len());
    let mut output = emit(
        tera,
        graph,
        &memo,
        sink,
        &todo,
        Also {
            search_index: previous.is_none_or(|p| p.search != memo.search),
            data: previous.is_none_or(|p| p.data != memo.data),
        },
        progress,
    )?;
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
        output.files += extra.len();
        put_all(sink, extra)?;
    }
    if let Some(previous) = previous {
        let now: std::collections::HashSet<&str> = memo.paths.iter().map(String::as_str).collect();
        output.stale = previous
            .paths
            .iter()
            .filter(|p| !now.contains(p.as_str()))
            .cloned()
            .collect();
    }
    Ok((output, memo))
}

/// Renders the pages a [`crate::link::relink`] touched: the views and
/// hashes are patched where `delta` says, every page's fingerprint is
/// recomputed from the hashes (cheap), and the pages whose fingerprint
/// moved are rendered. The set of pages is the same as before.
pub fn render_patch(
    tera: &Tera,
    graph: &Graph,
    sink: &dyn Sink,
    memo: &mut Memo,
    delta: &Delta,
) -> Result<Output, Diagnostics> {
    let events = memo.views.patch(graph, delta);
    memo.nodes.patch(graph, &memo.views, delta, &events);
    let (prints, search, data) = deps::fingerprints(graph, &memo.views, &memo.nodes, &memo.jobs);
    let todo: Vec<Job> = memo
        .jobs
        .iter()
        .zip(prints.iter().zip(&memo.prints))
        .filter(|(_, (new, old))| new != old)
        .map(|(&job, _)| job)
        .collect();
    let (search_changed, data_changed) = (search != memo.search, data != memo.data);
    memo.prints = prints;
    memo.search = search;
    memo.data = data;
    emit(
        tera,
        graph,
        memo,
        sink,
        &todo,
        Also {
            search_index: search_changed,
            data: data_changed,
        },
        &crate::Silent,
    )
}

/// The files besides pages that a render must write too.
struct Also {
    search_index: bool,
    data: bool,
}

/// Renders `todo` in parallel, and the search index and data exports when
/// asked, into `sink`.
fn emit(
    tera: &Tera,
    graph: &Graph,
    memo: &Memo,
    sink: &dyn Sink,
    todo: &[Job],
    also: Also,
    progress: &dyn crate::Progress,
) -> Result<Output, Diagnostics> {
    let views = &memo.views;
    let put = |file: OutputFile| {
        sink.put(file)
            .map_err(|e| e.diagnostic("cannot write the site"))
    };
    let problems: Vec<Diagnostic> = todo
        .par_iter()
        .filter_map(|&job| {
            let done = render_page(tera, graph, views, job).and_then(put).err();
            progress.step();
            done
        })
        .collect();
    let mut diags = Diagnostics::default();
    for d in problems {
        diags.push(d);
    }
    // The search index and the exports are large at scale: build them
    // side by side, and write them in parallel too.
    let (index, data) = rayon::join(
        || {
            also.search_index
                .then(|| OutputFile::new(SEARCH_INDEX, search::index_script(graph, views)))
        },
        || {
            if also.data {
                exports::files(graph, views)
            } else {
                Vec::new()
            }
        },
    );
    let mut extra = data;
    extra.extend(index);
    let files = todo.len() + extra.len();
    if let Err(d) = put_all(sink, extra) {
        diags.extend(d);
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Output {
        files,
        pages: todo.len(),
        stale: Vec::new(),
    })
}

fn put_all(sink: &dyn Sink, files: Vec<OutputFile>) -> Result<(), Diagnostics> {
    let problems: Vec<Diagnostic> = files
        .into_par_iter()
        .filter_map(|file| sink.put(file).err())
        .map(|e| e.diagnostic("cannot write the site"))
        .collect();
    let mut diags = Diagnostics::default();
    for d in problems {
        diags.push(d);
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(())
    }
}

/// Where a job's page goes, from the site root.
fn job_path(graph: &Graph, views: &Views, job: Job) -> String {
    match job {
        Job::Index => "index.html".into(),
        Job::Timeline => "timeline/index.html".into(),
        Job::Claims => "claims/index.html".into(),
        Job::Claim(ci) => views.claims[ci].path.clone(),
        Job::Case(side) => case_path(side),
        Job::Sources => "sources/index.html".into(),
        Job::Source(si) => views.sources[si].path.clone(),
        Job::Entities => "entities/index.html".into(),
        Job::Entity(ei) => views.entities[ei].path.clone(),
        Job::Page(pi) => page_path(&graph.content.pages[pi].id),
        Job::Search => "search/index.html".into(),
        Job::NotFound => "404.html".into(),
    }
}

/// Fields every template receives.
#[derive(Serialize)]
struct Common<'a> {
    site: &'a SiteView,
    /// From this page back to the site root: "", "../" or "../../".
    root: &'a str,
    /// This page's path from the site root.
    path: &'a str,
    /// The section the page belongs to, for the navigation.
    section: &'a str,
    title: &'a str,
}

fn render_page(
    tera: &Tera,
    graph: &Graph,
    views: &Views,
    job: Job,
) -> Result<OutputFile, Diagnostic> {
    let c = &graph.content;
    let (template, path, section, title, extra): (&str, String, &str, String, Context) = match job {
        Job::Index => (
            "index.html",
            "index.html".into(),
            "home",
            views.site.title.clone(),
            index_context(views)?,
        ),
        Job::Timeline => {
            let years = timeline::group(&c.events, &views.events, c.briefing.as_of);
            let ctx = ctx(&TimelinePage {
                events: &views.events,
                years,
            })?;
            (
                "timeline.html",
                "timeline/index.html".into(),
                "timeline",
                "Timeline".into(),
                ctx,
            )
        }
        Job::Claims => {
            let mut topics: Vec<&str> = views.claims.iter().map(|c| c.topic.as_str()).collect();
            topics.sort_unstable();
            topics.dedup();
            // Rows grouped by topic, in the analyst's order within a topic.
            let rows: Vec<&ClaimRow> = views
                .claim_order
                .iter()
                .map(|&i| &views.claims[i])
                .collect();
            let by_status = crate::link::Status::ALL
                .iter()
                .map(|&s| StatusGroup {
                    status: StatusView::of(s),
                    claims: views
                        .claims
                        .iter()
                        .filter(|c| c.status.key == s.key())
                        .collect(),
                })
                .filter(|g| !g.claims.is_empty())
                .collect();
            // Filter choices: only entities and sources that some claim has.
            let mut entity_ids: Vec<usize> = graph
                .claims
                .iter()
                .flat_map(|l| l.entities.iter().copied())
                .collect();
            entity_ids.sort_unstable();
            entity_ids.dedup();
            let mut entities: Vec<Ref> = entity_ids.iter().map(|&e| views.entity_ref(e)).collect();
            entities.sort_by_cached_key(|e| e.name.to_lowercase());
            let sources = views
                .sources
                .iter()
                .filter(|s| s.annotations > 0)
                .map(|s| Ref {
                    id: s.id.clone(),
                    name: s.publisher.clone(),
                    path: s.path.clone(),
                })
                .collect();
            let ctx = ctx(&ClaimsPage {
                claims: rows,
                topics,
                by_status,
                entities,
                sources,
            })?;
            (
                "claims.html",
                "claims/index.html".into(),
                "claims",
                "Claims".into(),
                ctx,
            )
        }
        Job::Claim(ci) => {
            let claim = &c.claims[ci];
            let links = &graph.claims[ci];
            let quotes = |refs: &[crate::link::AnnotationRef]| {
                refs.iter().map(|&r| views.quote(graph, r)).collect()
            };
            let points = links
                .points
                .iter()
                .map(|&(side, pi)| {
                    let case = match side {
                        Side::Bull => &views.bull,
                        Side::Bear => &views.bear,
                    };
                    PointRef {
                        side: side.as_str(),
                        case_title: case.title.clone(),
                        title: case.points[pi].title.clone(),
                        path: case.points[pi].path.clone(),
                    }
                })
                .collect();
            let ctx = ctx(&ClaimPage {
                claim: &views.claims[ci],
                jsonld: jsonld::claim_review(
                    &c.briefing,
                    claim,
                    views.claims[ci].status.label,
                    &views.claims[ci].path,
                ),
                verdict_note_html: claim
                    .verdict_note
                    .as_ref()
                    .map(|n| markdown::to_html(n.as_str())),
                supports: quotes(&links.supports),
                qualifies: quotes(&links.qualifies),
                disputes: quotes(&links.disputes),
                events: links.events.iter().map(|&ei| &views.events[ei]).collect(),
                points,
                sources: links.sources.iter().map(|&si| &views.sources[si]).collect(),
            })?;
            (
                "claim.html",
                views.claims[ci].path.clone(),
                "claims",
                claim.statement.clone(),
                ctx,
            )
        }
        Job::Case(side) => {
            let (case, other) = match side {
                Side::Bull => (&views.bull, &views.bear),
                Side::Bear => (&views.bear, &views.bull),
            };
            let ctx = ctx(&CasePage { case, other })?;
            (
                "case.html",
                case.path.clone(),
                side.as_str(),
                case.title.clone(),
                ctx,
            )
        }
        Job::Sources => {
            let ctx = ctx(&SourcesPage {
                sources: &views.sources,
            })?;
            (
                "sources.html",
                "sources/index.html".into(),
                "sources",
                "Sources".into(),
                ctx,
            )
        }
        Job::Source(si) => {
            let source = &c.sources[si];
            let links = &graph.sources[si];
            let annotations = (0..source.annotations.len())
                .map(|index| views.quote(graph, crate::link::AnnotationRef { source: si, index }))
                .collect();
            let ctx = ctx(&SourcePage {
                source: &views.sources[si],
                jsonld: jsonld::source_article(
                    &c.briefing,
                    &views.sources[si],
                    source.url.as_ref().map(|u| u.value.as_str()),
                ),
                url: source.url.as_ref().map(|u| u.value.as_str()),
                relies_on: &source.relies_on,
                trust_html: source.trust.as_ref().map(|t| markdown::to_html(t.as_str())),
                digest_html: markdown::to_html(source.digest.as_str()),
                annotations,
                claims: links.claims.iter().map(|&ci| views.chip(ci)).collect(),
                entities: links
                    .entities
                    .iter()
                    .map(|&ei| views.entity_ref(ei))
                    .collect(),
                events: links.events.iter().map(|&ei| &views.events[ei]).collect(),
            })?;
            (
                "source.html",
                views.sources[si].path.clone(),
                "sources",
                source.title.clone(),
                ctx,
            )
        }
        Job::Entities => {
            let ctx = ctx(&EntitiesPage {
                entities: &views.entities,
            })?;
            (
                "entities.html",
                "entities/index.html".into(),
                "entities",
                "Entities".into(),
                ctx,
            )
        }
        Job::Entity(ei) => {
            let links = &graph.entities[ei];
            let ctx = ctx(&EntityPage {
                entity: &views.entities[ei],
                claims: links.claims.iter().map(|&ci| views.chip(ci)).collect(),
                sources: links.sources.iter().map(|&si| &views.sources[si]).collect(),
                events: links.events.iter().map(|&e| &views.events[e]).collect(),
            })?;
            (
                "entity.html",
                views.entities[ei].path.clone(),
                "entities",
                views.entities[ei].name.clone(),
                ctx,
            )
        }
        Job::Page(pi) => {
            let page = &c.pages[pi];
            let ctx = ctx(&FreePage {
                page: &views.site.pages[pi],
                body_html: markdown::to_html(page.body.as_str()),
            })?;
            (
                "page.html",
                views.site.pages[pi].path.clone(),
                "pages",
                page.title.clone(),
                ctx,
            )
        }
        Job::Search => (
            "search.html",
            "search/index.html".into(),
            "search",
            "Search".into(),
            Context::new(),
        ),
        Job::NotFound => (
            "404.html",
            "404.html".into(),
            "none",
            "Page not found".into(),
            Context::new(),
        ),
    };
    let depth = path.matches('/').count();
    let root = if matches!(job, Job::NotFound) {
        // A host serves 404.html at any address, so relative links cannot
        // work there; the published address can, when it is known.
        c.briefing
            .base_url
            .as_ref()
            .map(|b| b.as_str().to_string())
            .unwrap_or_default()
    } else {
        "../".repeat(depth)
    };
    let mut context = ctx(&Common {
        site: &views.site,
        root: &root,
        path: &path,
        section,
        title: &title,
    })?;
    context.extend(extra);
    if let Some(pager) = pager(views, job) {
        context.insert("pager", &pager);
    }
    let html = tera
        .render(template, &context)
        .map_err(|e| template_error(&e, Some(&path)))?;
    Ok(OutputFile::new(path, html))
}

/// Previous and next pages within a section, in the section's own order.
#[derive(Serialize)]
struct Pager {
    section: &'static str,
    prev: Option<Ref>,
    next: Option<Ref>,
}

fn pager(views: &Views, job: Job) -> Option<Pager> {
    let (section, index, len): (&'static str, usize, usize) = match job {
        // Claims page through in the claims table's order.
        Job::Claim(i) => ("claims", views.claim_rank[i], views.claims.len()),
        Job::Source(i) => ("sources", i, views.sources.len()),
        Job::Entity(i) => ("entities", i, views.entities.len()),
        Job::Page(i) => ("pages", i, views.site.pages.len()),
        _ => return None,
    };
    let at = |i: usize| match job {
        Job::Claim(_) => {
            let i = views.claim_order[i];
            Ref {
                id: views.claims[i].id.clone(),
                name: views.claims[i].statement.clone(),
                path: views.claims[i].path.clone(),
            }
        }
        Job::Source(_) => Ref {
            id: views.sources[i].id.clone(),
            name: format!("{}: {}", views.sources[i].publisher, views.sources[i].title),
            path: views.sources[i].path.clone(),
        },
        Job::Entity(_) => views.entity_ref(i),
        _ => Ref {
            id: views.site.pages[i].id.clone(),
            name: views.site.pages[i].title.clone(),
            path: views.site.pages[i].path.clone(),
        },
    };
    Some(Pager {
        section,
        prev: index.checked_sub(1).map(at),
        next: (index + 1 < len).then(|| at(index + 1)),
    })
}

fn ctx<T: Serialize>(value: &T) -> Result<Context, Diagnostic> {
    Context::from_serialize(value)
        .map_err(|e| Diagnostic::at_path("templates", format!("cannot build a page context: {e}")))
}

fn index_context(views: &Views) -> Result<Context, Diagnostic> {
    let figures: Vec<&ClaimRow> = views.claims.iter().filter(|c| c.figure.is_some()).collect();
    let charts = charts::charts(&figures, "");
    let upcoming: Vec<&EventView> = views.events.iter().filter(|e| e.expected).collect();
    ctx(&IndexPage {
        charts,
        figures,
        bull: &views.bull,
        bear: &views.bear,
        upcoming,
    })
}

#[derive(Serialize)]
struct IndexPage<'a> {
    charts: Vec<charts::Chart<'a>>,
    figures: Vec<&'a ClaimRow>,
    bull: &'a CaseView,
    bear: &'a CaseView,
    upcoming: Vec<&'a EventView>,
}

#[derive(Serialize)]
struct TimelinePage<'a> {
    events: &'a [EventView],
    /// The events by year and quarter, with the as-of line among them.
    years: Vec<timeline::YearGroup<'a>>,
}

#[derive(Serialize)]
struct ClaimsPage<'a> {
    claims: Vec<&'a ClaimRow>,
    topics: Vec<&'a str>,
    by_status: Vec<StatusGroup<'a>>,
    /// Entities named by at least one claim, by name.
    entities: Vec<Ref>,
    /// Sources with at least one annotation.
    sources: Vec<Ref>,
}

#[derive(Serialize)]
struct StatusGroup<'a> {
    status: StatusView,
    claims: Vec<&'a ClaimRow>,
}

#[derive(Serialize)]
struct PointRef {
    side: &'static str,
    case_title: String,
    title: String,
    path: String,
}

#[derive(Serialize)]
struct ClaimPage<'a> {
    claim: &'a ClaimRow,
    /// schema.org ClaimReview, script-safe JSON, when the claim has a verdict.
    jsonld: Option<String>,
    verdict_note_html: Option<String>,
    supports: Vec<QuoteView>,
    qualifies: Vec<QuoteView>,
    disputes: Vec<QuoteView>,
    events: Vec<&'a EventView>,
    points: Vec<PointRef>,
    sources: Vec<&'a SourceRow>,
}

#[derive(Serialize)]
struct CasePage<'a> {
    case: &'a CaseView,
    other: &'a CaseView,
}

#[derive(Serialize)]
struct SourcesPage<'a> {
    sources: &'a [SourceRow],
}

#[derive(Serialize)]
struct SourcePage<'a> {
    source: &'a SourceRow,
    /// schema.org article metadata, script-safe JSON.
    jsonld: String,
    url: Option<&'a str>,
    relies_on: &'a [String],
    trust_html: Option<String>,
    digest_html: String,
    annotations: Vec<QuoteView>,
    claims: Vec<ClaimChip>,
    entities: Vec<Ref>,
    events: Vec<&'a EventView>,
}

#[derive(Serialize)]
struct EntitiesPage<'a> {
    entities: &'a [EntityRow],
}

#[derive(Serialize)]
struct EntityPage<'a> {
    entity: &'a EntityRow,
    claims: Vec<ClaimChip>,
    sources: Vec<&'a SourceRow>,
    events: Vec<&'a EventView>,
}

#[derive(Serialize)]
struct FreePage<'a> {
    page: &'a PageRef,
    body_html: String,
}
