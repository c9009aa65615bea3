//! The page kinds, each described once.
//!
//! A kind says which template renders it, how many pages of it the
//! briefing has, where each goes, and what each is given ([`Kind::fill`]).
//! [`KINDS`] lists them; the jobs of a build, the output paths, the
//! templates every theme must have, and each page's fingerprint all come
//! from it. A page is given only the variables its template reads (as
//! Tera reports them, with the templates it extends and includes), and its
//! fingerprint is the hash of exactly what it is given, so a page is
//! rendered again when, and only when, something it can show has changed.
//!
//! A new kind of page needs its `Kind` here (added to [`KINDS`]), its
//! template, and its section in docs/TEMPLATES.md:
//!
//! ```text
//! struct Glossary;
//! impl Kind for Glossary {
//!     fn template(&self) -> &'static str { "glossary.html" }
//!     fn section(&self, _: usize) -> &'static str { "glossary" }
//!     fn path(&self, _: &Cx, _: usize) -> SitePath { SitePath::new("glossary/index.html") }
//!     fn title<'v>(&self, _: &Cx<'v>, _: usize) -> &'v str { "Glossary" }
//!     fn fill(&self, cx: &Cx, _: usize, out: &mut Fill) -> Result<(), Diagnostic> {
//!         out.put("entities", &cx.views.entities)
//!     }
//! }
//! ```

use super::cite::Prose;
use super::context::*;
use super::editions;
use super::hashed::{self, Each, Hashed};
use super::timeline;
use crate::diagnostics::Diagnostic;
use crate::link::{AnnotationRef, ClaimIx, Graph, Place, QuoteCheck, SourceIx, SourcePart, Status};
use crate::model::{Side, SitePath};
use serde::Serialize;

/// What a page is made from.
#[derive(Clone, Copy)]
pub struct Cx<'v> {
    pub graph: &'v Graph,
    pub views: &'v Views,
}

impl<'v> Cx<'v> {
    /// The prose at `place`, made into HTML as the page is rendered.
    pub fn prose(&self, place: Place, inline: bool) -> Prose<'v> {
        Prose {
            refs: self.views.refs(self.graph),
            graph: self.graph,
            place,
            inline,
        }
    }
}

/// One kind of page.
pub trait Kind: Sync {
    /// The template that renders it; every theme must have it.
    fn template(&self) -> &'static str;
    /// The part of the site the `i`th page belongs to, for the navigation.
    fn section(&self, i: usize) -> &'static str;
    /// How many pages of this kind the briefing has.
    fn count(&self, _graph: &Graph) -> usize {
        1
    }
    /// Where the `i`th page goes, from the site root.
    fn path(&self, cx: &Cx, i: usize) -> SitePath;
    fn title<'v>(&self, cx: &Cx<'v>, i: usize) -> &'v str;
    /// From this page back to the site root, for relative links.
    fn root(&self, cx: &Cx, path: &SitePath) -> String {
        let _ = cx;
        "../".repeat(path.depth())
    }
    /// Gives the page its own variables.
    fn fill(&self, cx: &Cx, i: usize, out: &mut Fill) -> Result<(), Diagnostic>;
    /// The record the `i`th page is about, for kinds with a page per
    /// record; `None` for a kind of one page (or of a few that no source
    /// edit reaches). After watch mode's fast path patches the briefing, a
    /// page is fingerprinted again when a record it read changed (see
    /// [`super::hashed::Reading`]), when the record it is about changed,
    /// and always when it is about none: what such a page shows beyond the
    /// records it reads (its title, its lists of links) belongs to that
    /// record.
    fn about(&self) -> Option<About> {
        None
    }
    /// The position of the record the `i`th page is about, among the
    /// records of its [`Kind::about`]: `i` itself, but for kinds with
    /// several pages for some records.
    fn record(&self, cx: &Cx, i: usize) -> usize {
        let _ = cx;
        i
    }
    /// The previous and next pages in its section, for kinds read in turn.
    fn pager<'v>(&self, _cx: &Cx<'v>, _i: usize) -> Option<Pager<'v>> {
        None
    }
    /// The rendered page, before its links to the site's pages are made
    /// relative: a kind may point them elsewhere.
    fn finish(&self, html: String) -> String {
        html
    }
}

/// What a page can be about (see [`Kind::about`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum About {
    Claim,
    Source,
    Entity,
}

/// Every kind of page, in the order they are listed to the renderer.
pub const KINDS: [&dyn Kind; 16] = [
    &Index,
    &Timeline,
    &Claims,
    &Case,
    &Sources,
    &Entities,
    &Search,
    &NotFound,
    &Claim,
    &Source,
    &Entity,
    &Page,
    &Editions,
    &EditionPage,
    &Gone,
    &Print,
];

/// One page to render: its kind, by position in [`KINDS`], and which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Job {
    kind: u8,
    index: u32,
}

impl Job {
    /// Every page of the briefing.
    pub fn all(graph: &Graph) -> Vec<Job> {
        KINDS
            .iter()
            .enumerate()
            .flat_map(|(k, kind)| {
                (0..kind.count(graph)).map(move |i| Job {
                    kind: k as u8,
                    index: i as u32,
                })
            })
            .collect()
    }

    pub fn kind(self) -> &'static dyn Kind {
        KINDS[self.kind as usize]
    }

    pub fn index(self) -> usize {
        self.index as usize
    }

    pub fn path(self, cx: &Cx) -> SitePath {
        self.kind().path(cx, self.index())
    }
}

/// The templates every theme must provide.
pub fn required_templates() -> impl Iterator<Item = &'static str> {
    KINDS.iter().map(|k| k.template())
}

/// Which top-level variables a template reads: `None` for all of them.
pub type Reads = Option<rustc_hash::FxHashSet<String>>;

/// Previous and next pages within a section, in the section's own order.
#[derive(Serialize)]
pub struct Pager<'v> {
    section: &'static str,
    prev: Option<&'v Hashed<Ref>>,
    next: Option<&'v Hashed<Ref>>,
}

fn pager<'v>(section: &'static str, refs: &'v [Hashed<Ref>], at: usize) -> Pager<'v> {
    Pager {
        section,
        prev: at.checked_sub(1).and_then(|i| refs.get(i)),
        next: refs.get(at + 1),
    }
}

/// Where a page's variables go: into a fingerprint, or into a template's
/// context. Only the variables the template reads are taken.
pub struct Fill<'t> {
    reads: &'t Reads,
    out: Out<'t>,
}

enum Out<'h> {
    Print(&'h mut Vec<u8>),
    Render(tera::Context),
}

impl Fill<'_> {
    pub fn put<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Diagnostic> {
        if self.reads.as_ref().is_some_and(|r| !r.contains(name)) {
            return Ok(());
        }
        match &mut self.out {
            Out::Print(print) => {
                print.extend_from_slice(name.as_bytes());
                hashed::feed(print, value);
            }
            Out::Render(ctx) => {
                let value = tera::Value::try_from_serializable(value).map_err(|e| {
                    Diagnostic::at_path("templates", format!("cannot build a page context: {e}"))
                })?;
                ctx.insert_value(name, value);
            }
        }
        Ok(())
    }

    /// Puts a value every page is given, made into the template engine's
    /// form once ([`Shared`]: shared, not copied); in a fingerprint it is
    /// its hash.
    pub fn put_shared<T: Serialize>(
        &mut self,
        name: &'static str,
        shared: &Shared<T>,
    ) -> Result<(), Diagnostic> {
        match &mut self.out {
            Out::Render(ctx) if self.reads.as_ref().is_none_or(|r| r.contains(name)) => {
                ctx.insert_value(name, shared.value().clone());
                Ok(())
            }
            _ => self.put(name, shared.hashed()),
        }
    }
}

/// Gives a page everything: the variables every template receives, then
/// the kind's own.
fn fill_page(cx: &Cx, job: Job, path: &SitePath, out: &mut Fill) -> Result<(), Diagnostic> {
    let (kind, i) = (job.kind(), job.index());
    out.put_shared("site", &cx.views.site)?;
    out.put_shared("ui", &cx.views.ui)?;
    out.put("summary", &cx.views.summary)?;
    out.put("root", &kind.root(cx, path))?;
    out.put("path", path)?;
    out.put("section", kind.section(i))?;
    out.put("title", kind.title(cx, i))?;
    out.put("edition", &cx.views.editions.status)?;
    if let Some(pager) = kind.pager(cx, i) {
        out.put("pager", &pager)?;
    }
    kind.fill(cx, i, out)
}

/// The fingerprint of a page, with the `Hashed` slots it read.
pub fn fingerprint_reading(cx: &Cx, job: Job, path: &SitePath, reads: &Reads) -> (u64, Vec<usize>) {
    let reading = hashed::Reading::start();
    let print = fingerprint(cx, job, path, reads);
    (print, reading.finish())
}

/// The fingerprint of a page: the hash of what its template is given.
pub fn fingerprint(cx: &Cx, job: Job, path: &SitePath, reads: &Reads) -> u64 {
    thread_local! {
        /// One buffer per thread, reused page after page.
        static PRINT: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let _on = hashed::Printing::on();
    PRINT.with_borrow_mut(|print| {
        print.clear();
        print.extend_from_slice(job.kind().template().as_bytes());
        let mut fill = Fill {
            reads,
            out: Out::Print(print),
        };
        // Printing cannot fail; a kind's own error is the render's to
        // report.
        let _ = fill_page(cx, job, path, &mut fill);
        hashed::digest(print)
    })
}

/// The context a page's template is rendered with.
pub fn context(
    cx: &Cx,
    job: Job,
    path: &SitePath,
    reads: &Reads,
) -> Result<tera::Context, Diagnostic> {
    let mut fill = Fill {
        reads,
        out: Out::Render(tera::Context::new()),
    };
    fill_page(cx, job, path, &mut fill)?;
    match fill.out {
        Out::Render(ctx) => Ok(ctx),
        Out::Print(_) => unreachable!("made as a context above"),
    }
}

/// The quotes of a claim's evidence list, as its page shows them.
struct Quotes<'v> {
    views: &'v Views,
    refs: &'v [AnnotationRef],
}

impl Serialize for Quotes<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(
            self.refs
                .iter()
                .map(|r| &self.views.quotes[r.source][r.index]),
        )
    }
}

struct Index;

impl Kind for Index {
    fn template(&self) -> &'static str {
        "index.html"
    }
    fn section(&self, _: usize) -> &'static str {
        "home"
    }
    fn path(&self, _: &Cx, _: usize) -> SitePath {
        SitePath::new("index.html")
    }
    fn title<'v>(&self, cx: &Cx<'v>, _: usize) -> &'v str {
        &cx.views.site.title
    }
    fn fill(&self, cx: &Cx, _: usize, out: &mut Fill) -> Result<(), Diagnostic> {
        let v = cx.views;
        out.put("charts", &v.charts)?;
        out.put(
            "figures",
            &Each(|| v.figures.iter().map(|&ci| &v.claims[ci])),
        )?;
        out.put("bull", &v.bull)?;
        out.put("bear", &v.bear)?;
        out.put("latest", &v.editions.list.last())?;
        out.put("draft", &v.editions.draft)?;
        // The next few expected events; the timeline has them all.
        let expected = || v.events.iter().filter(|e| e.expected);
        out.put("upcoming", &Each(|| expected().take(UPCOMING)))?;
        out.put("expected_count", &expected().count())?;
        out.put("as_of_path", &v.lists.as_of)
    }
}

struct Timeline;

impl Kind for Timeline {
    fn template(&self) -> &'static str {
        "timeline.html"
    }
    fn section(&self, _: usize) -> &'static str {
        "timeline"
    }
    fn count(&self, graph: &Graph) -> usize {
        super::parts::events(graph).count()
    }
    fn path(&self, cx: &Cx, i: usize) -> SitePath {
        cx.views.lists.events.parts[i].path.clone()
    }
    fn title<'v>(&self, cx: &Cx<'v>, i: usize) -> &'v str {
        &cx.views.lists.events.parts[i].title
    }
    fn fill(&self, cx: &Cx, i: usize, out: &mut Fill) -> Result<(), Diagnostic> {
        let (c, v) = (&cx.graph.content, cx.views);
        let rows = v.lists.events.split.rows(i);
        out.put("part", &v.lists.events.parts[i])?;
        out.put("as_of_path", &v.lists.as_of)?;
        out.put("events", &v.events[rows.clone()])?;
        out.put("cited_in", &EventCitations(v, rows.clone()))?;
        out.put(
            "years",
            &timeline::group(
                &c.events[rows.clone()],
                &v.events[rows],
                c.briefing.as_of,
                i == v.lists.as_of_page,
                &v.ui,
            ),
        )
    }
}

/// The passages citing each event of a page of the timeline, by the
/// event's anchor.
struct EventCitations<'v>(&'v Views, std::ops::Range<usize>);

impl Serialize for EventCitations<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let lists = &self.0.cited_in.events[self.1.clone()];
        let mut map = s.serialize_map(None)?;
        for (event, list) in self.0.events[self.1.clone()].iter().zip(lists) {
            map.serialize_entry(&event.anchor, list)?;
        }
        map.end()
    }
}

struct Claims;

/// The claims of one status on one page of the claims table, in the
/// analyst's order.
struct StatusGroup<'v> {
    status: Status,
    views: &'v Views,
    /// The page's rows, by position in the table.
    rows: std::ops::Range<usize>,
}

impl Serialize for StatusGroup<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let v = self.views;
        let mut group = s.serialize_struct("StatusGroup", 2)?;
        group.serialize_field("status", &StatusView::of(self.status, &self.views.ui))?;
        group.serialize_field(
            "claims",
            &Each(|| {
                (0..v.claims.len())
                    .filter(|&ci| {
                        v.statuses[ci] == self.status && self.rows.contains(&v.claim_rank[ci])
                    })
                    .map(|ci| &v.claims[ci])
            }),
        )?;
        group.end()
    }
}

/// How many claims have each status, for a list of every status some
/// claim has.
#[derive(Serialize)]
struct StatusCount {
    status: StatusView,
    count: usize,
}

impl Kind for Claims {
    fn template(&self) -> &'static str {
        "claims.html"
    }
    fn section(&self, _: usize) -> &'static str {
        "claims"
    }
    fn count(&self, graph: &Graph) -> usize {
        super::parts::claims(graph).count()
    }
    fn path(&self, cx: &Cx, i: usize) -> SitePath {
        cx.views.lists.claims.parts[i].path.clone()
    }
    fn title<'v>(&self, cx: &Cx<'v>, i: usize) -> &'v str {
        &cx.views.lists.claims.parts[i].title
    }
    fn fill(&self, cx: &Cx, i: usize, out: &mut Fill) -> Result<(), Diagnostic> {
        let v = cx.views;
        let list = &v.lists.claims;
        let rows = list.split.rows(i);
        out.put("part", &list.parts[i])?;
        // Rows grouped by topic, in the analyst's order within a topic.
        out.put(
            "claims",
            &Each(|| v.claim_order[rows.clone()].iter().map(|&i| &v.claims[i])),
        )?;
        out.put("topics", &v.topics)?;
        let present = || Status::ALL.iter().filter(|&&s| v.statuses.contains(&s));
        let counts: Vec<StatusCount> = present()
            .map(|&status| StatusCount {
                status: StatusView::of(status, &v.ui),
                count: v.statuses.iter().filter(|&&s| s == status).count(),
            })
            .collect();
        out.put("status_counts", &counts)?;
        let by_status: Vec<StatusGroup> = present()
            .map(|&status| StatusGroup {
                status,
                views: v,
                rows: rows.clone(),
            })
            .collect();
        out.put("by_status", &by_status)?;
        // Filter choices: only entities and sources that some claim has.
        // A split table's pages leave them to the script, which has them
        // with every row (they grow with the archive).
        let one = list.parts.len() == 1;
        out.put(
            "entities",
            &Each(|| v.filter_entities().filter(move |_| one)),
        )?;
        out.put("sources", &Each(|| v.filter_sources().filter(move |_| one)))
    }
}

/// How many expected events the front page shows under "What to watch".
const UPCOMING: usize = 8;

#[derive(Serialize)]
struct PointRef<'v> {
    side: &'static str,
    case_title: &'v str,
    title: &'v str,
    path: &'v SitePath,
}

struct Claim;

impl Kind for Claim {
    fn template(&self) -> &'static str {
        "claim.html"
    }
    fn section(&self, _: usize) -> &'static str {
        "claims"
    }
    fn count(&self, graph: &Graph) -> usize {
        graph.content.claims.len()
    }
    fn about(&self) -> Option<About> {
        Some(About::Claim)
    }
    fn path(&self, cx: &Cx, i: usize) -> SitePath {
        cx.views.claims[ClaimIx::new(i)].path.clone()
    }
    fn title<'v>(&self, cx: &Cx<'v>, i: usize) -> &'v str {
        &cx.views.claims[ClaimIx::new(i)].statement
    }
    fn fill(&self, cx: &Cx, i: usize, out: &mut Fill) -> Result<(), Diagnostic> {
        let ci = ClaimIx::new(i);
        let (v, links) = (cx.views, &cx.graph.claims[ci]);
        out.put("claim", &v.claims[ci])?;
        // Where the claim's row is in the claims table.
        out.put(
            "listed",
            &v.lists.claims.listed(v.claim_rank[ci], &v.claims[ci].id),
        )?;
        out.put("jsonld", &v.claim_texts[ci].jsonld)?;
        out.put("verdict_note_html", &cx.prose(Place::Verdict(ci), false))?;
        out.put("cited_in", &v.cited_in.claims[ci])?;
        out.put("history", &v.editions.history[ci])?;
        out.put(
            "supports",
            &Quotes {
                views: v,
                refs: &links.supports,
            },
        )?;
        out.put(
            "qualifies",
            &Quotes {
                views: v,
                refs: &links.qualifies,
            },
        )?;
        out.put(
            "disputes",
            &Quotes {
                views: v,
                refs: &links.disputes,
            },
        )?;
        out.put(
            "events",
            &Each(|| links.events.iter().map(|&e| &v.events[e])),
        )?;
        out.put(
            "points",
            &Each(|| {
                links.points.iter().map(|&(side, pi)| {
                    let case = match side {
                        Side::Bull => &v.bull,
                        Side::Bear => &v.bear,
                    };
                    PointRef {
                        side: side.as_str(),
                        case_title: &case.title,
                        title: &case.points[pi].title,
                        path: &case.points[pi].path,
                    }
                })
            }),
        )?;
        out.put(
            "sources",
            &Each(|| links.sources.iter().map(|&s| &v.sources[s])),
        )
    }
    fn pager<'v>(&self, cx: &Cx<'v>, i: usize) -> Option<Pager<'v>> {
        // Claims page through in the claims table's order.
        let v = cx.views;
        let at = v.claim_rank[ClaimIx::new(i)];
        let near = |rank: usize| v.claim_order.get(rank).map(|&ci| &v.claim_refs[ci]);
        Some(Pager {
            section: "claims",
            prev: at.checked_sub(1).and_then(near),
            next: near(at + 1),
        })
    }
}

struct Case;

const SIDES: [Side; 2] = [Side::Bull, Side::Bear];

impl Kind for Case {
    fn template(&self) -> &'static str {
        "case.html"
    }
    fn section(&self, i: usize) -> &'static str {
        SIDES[i].as_str()
    }
    fn count(&self, _: &Graph) -> usize {
        SIDES.len()
    }
    fn path(&self, _: &Cx, i: usize) -> SitePath {
        case_path(SIDES[i])
    }
    fn title<'v>(&self, cx: &Cx<'v>, i: usize) -> &'v str {
        &case_of(cx.views, SIDES[i]).title
    }
    fn fill(&self, cx: &Cx, i: usize, out: &mut Fill) -> Result<(), Diagnostic> {
        out.put("case", case_of(cx.views, SIDES[i]))?;
        out.put("other", case_of(cx.views, SIDES[1 - i]))
    }
}

fn case_of(views: &Views, side: Side) -> &Hashed<CaseView> {
    match side {
        Side::Bull => &views.bull,
        Side::Bear => &views.bear,
    }
}

struct Sources;

impl Kind for Sources {
    fn template(&self) -> &'static str {
        "sources.html"
    }
    fn section(&self, _: usize) -> &'static str {
        "sources"
    }
    fn count(&self, graph: &Graph) -> usize {
        super::parts::sources(graph).count()
    }
    fn path(&self, cx: &Cx, i: usize) -> SitePath {
        cx.views.lists.sources.parts[i].path.clone()
    }
    fn title<'v>(&self, cx: &Cx<'v>, i: usize) -> &'v str {
        &cx.views.lists.sources.parts[i].title
    }
    fn fill(&self, cx: &Cx, i: usize, out: &mut Fill) -> Result<(), Diagnostic> {
        let list = &cx.views.lists.sources;
        out.put("part", &list.parts[i])?;
        out.put("sources", &cx.views.sources[list.split.rows(i)])
    }
}

struct Source;

impl Kind for Source {
    fn template(&self) -> &'static str {
        "source.html"
    }
    fn section(&self, _: usize) -> &'static str {
        "sources"
    }
    fn count(&self, graph: &Graph) -> usize {
        graph.content.sources.len()
    }
    fn about(&self) -> Option<About> {
        Some(About::Source)
    }
    fn path(&self, cx: &Cx, i: usize) -> SitePath {
        cx.views.sources[SourceIx::new(i)].path.clone()
    }
    fn title<'v>(&self, cx: &Cx<'v>, i: usize) -> &'v str {
        &cx.views.sources[SourceIx::new(i)].title
    }
    fn fill(&self, cx: &Cx, i: usize, out: &mut Fill) -> Result<(), Diagnostic> {
        let si = SourceIx::new(i);
        let (v, links) = (cx.views, &cx.graph.sources[si]);
        let source = &cx.graph.content.sources[si];
        let texts = &v.source_texts[si];
        out.put("source", &v.sources[si])?;
        out.put("listed", &v.lists.sources.listed(i, &v.sources[si].id))?;
        out.put("jsonld", &texts.jsonld)?;
        out.put("url", &source.url.as_ref().map(|u| u.value.as_str()))?;
        out.put(
            "archived",
            &source.archived.as_ref().map(|u| u.value.as_str()),
        )?;
        out.put("relies_on", &source.relies_on)?;
        out.put(
            "trust_html",
            &cx.prose(Place::Source(si, SourcePart::Trust), false),
        )?;
        out.put(
            "digest_html",
            &cx.prose(Place::Source(si, SourcePart::Digest), false),
        )?;
        out.put("cited_in", &v.cited_in.sources[si])?;
        // In the order of the document where the checks placed them (by
        // line; the file's order within a line and for the rest).
        let line = |i: usize| match links.checks[i] {
            QuoteCheck::Original { line, .. } | QuoteCheck::Lock { line, .. } => Some(line),
            _ => None,
        };
        let mut order: Vec<usize> = (0..v.quotes[si].len()).collect();
        order.sort_by_key(|&i| (line(i).is_none(), line(i), i));
        out.put(
            "placed",
            &order.iter().filter(|&&i| line(i).is_some()).count(),
        )?;
        out.put(
            "annotations",
            &Each(|| order.iter().map(|&i| &v.quotes[si][i])),
        )?;
        out.put(
            "claims",
            &Each(|| links.claims.iter().map(|&c| &v.chips[c])),
        )?;
        out.put(
            "entities",
            &Each(|| links.entities.iter().map(|&e| &v.entity_refs[e])),
        )?;
        out.put(
            "events",
            &Each(|| links.events.iter().map(|&e| &v.events[e])),
        )
    }
    fn pager<'v>(&self, cx: &Cx<'v>, i: usize) -> Option<Pager<'v>> {
        Some(pager("sources", &cx.views.source_refs, i))
    }
}

struct Entities;

impl Kind for Entities {
    fn template(&self) -> &'static str {
        "entities.html"
    }
    fn section(&self, _: usize) -> &'static str {
        "entities"
    }
    fn count(&self, graph: &Graph) -> usize {
        super::parts::entities(graph).count()
    }
    fn path(&self, cx: &Cx, i: usize) -> SitePath {
        cx.views.lists.entities.parts[i].path.clone()
    }
    fn title<'v>(&self, cx: &Cx<'v>, i: usize) -> &'v str {
        &cx.views.lists.entities.parts[i].title
    }
    fn fill(&self, cx: &Cx, i: usize, out: &mut Fill) -> Result<(), Diagnostic> {
        let list = &cx.views.lists.entities;
        out.put("part", &list.parts[i])?;
        out.put("entities", &cx.views.entities[list.split.rows(i)])
    }
}

struct Entity;

impl Kind for Entity {
    fn template(&self) -> &'static str {
        "entity.html"
    }
    fn section(&self, _: usize) -> &'static str {
        "entities"
    }
    fn count(&self, graph: &Graph) -> usize {
        super::parts::entity_pages(graph).count()
    }
    fn about(&self) -> Option<About> {
        Some(About::Entity)
    }
    fn record(&self, cx: &Cx, i: usize) -> usize {
        cx.views.lists.entity_pages[i].0.get()
    }
    fn path(&self, cx: &Cx, i: usize) -> SitePath {
        let (ei, page) = cx.views.lists.entity_pages[i];
        cx.views.lists.entity[ei].parts[page].path.clone()
    }
    fn title<'v>(&self, cx: &Cx<'v>, i: usize) -> &'v str {
        let (ei, page) = cx.views.lists.entity_pages[i];
        &cx.views.lists.entity[ei].parts[page].title
    }
    fn fill(&self, cx: &Cx, i: usize, out: &mut Fill) -> Result<(), Diagnostic> {
        let (ei, page) = cx.views.lists.entity_pages[i];
        let (v, links) = (cx.views, &cx.graph.entities[ei]);
        let list = &v.lists.entity[ei];
        // Each of the three lists shows its rows of this page: a page past
        // the end of a shorter list shows none of it.
        let rows = |len: usize| {
            let r = list.split.rows(page);
            r.start.min(len)..r.end.min(len)
        };
        out.put("entity", &v.entities[ei])?;
        out.put("part", &list.parts[page])?;
        out.put(
            "listed",
            &v.lists.entities.listed(ei.get(), &v.entities[ei].id),
        )?;
        // The passages citing the name are shown once, on its first page.
        out.put("cited_in", &(page == 0).then_some(&v.cited_in.entities[ei]))?;
        out.put(
            "claims",
            &Each(|| {
                links.claims[rows(links.claims.len())]
                    .iter()
                    .map(|&c| &v.chips[c])
            }),
        )?;
        out.put(
            "sources",
            &Each(|| {
                links.sources[rows(links.sources.len())]
                    .iter()
                    .map(|&s| &v.sources[s])
            }),
        )?;
        out.put(
            "events",
            &Each(|| {
                links.events[rows(links.events.len())]
                    .iter()
                    .map(|&e| &v.events[e])
            }),
        )
    }
    fn pager<'v>(&self, cx: &Cx<'v>, i: usize) -> Option<Pager<'v>> {
        // Previous and next name, from any of a name's pages.
        let (ei, _) = cx.views.lists.entity_pages[i];
        Some(pager("entities", &cx.views.entity_refs, ei.get()))
    }
}

struct Page;

impl Kind for Page {
    fn template(&self) -> &'static str {
        "page.html"
    }
    fn section(&self, _: usize) -> &'static str {
        "pages"
    }
    fn count(&self, graph: &Graph) -> usize {
        graph.content.pages.len()
    }
    fn path(&self, cx: &Cx, i: usize) -> SitePath {
        cx.views.site.pages[i].path.clone()
    }
    fn title<'v>(&self, cx: &Cx<'v>, i: usize) -> &'v str {
        &cx.views.site.pages[i].title
    }
    fn fill(&self, cx: &Cx, pi: usize, out: &mut Fill) -> Result<(), Diagnostic> {
        out.put("page", &cx.views.site.pages[pi])?;
        out.put("body_html", &cx.prose(Place::Page(pi), false))
    }
    fn pager<'v>(&self, cx: &Cx<'v>, i: usize) -> Option<Pager<'v>> {
        Some(pager("pages", &cx.views.page_refs, i))
    }
}

struct Editions;

impl Kind for Editions {
    fn template(&self) -> &'static str {
        "editions.html"
    }
    fn section(&self, _: usize) -> &'static str {
        "editions"
    }
    fn count(&self, graph: &Graph) -> usize {
        usize::from(!graph.content.editions.is_empty())
    }
    fn path(&self, _: &Cx, _: usize) -> SitePath {
        editions::editions_path()
    }
    fn title<'v>(&self, cx: &Cx<'v>, _: usize) -> &'v str {
        cx.views.ui.word("editions")
    }
    fn fill(&self, cx: &Cx, _: usize, out: &mut Fill) -> Result<(), Diagnostic> {
        let e = &cx.views.editions;
        out.put("editions", &Each(|| e.list.iter().rev()))?;
        out.put("draft", &e.draft)?;
        out.put("corrections", &e.corrections)
    }
}

/// An issued edition: what changed since the one before, and what it said.
struct EditionPage;

impl Kind for EditionPage {
    fn template(&self) -> &'static str {
        "edition.html"
    }
    fn section(&self, _: usize) -> &'static str {
        "editions"
    }
    fn count(&self, graph: &Graph) -> usize {
        graph.content.editions.len()
    }
    fn path(&self, cx: &Cx, i: usize) -> SitePath {
        cx.views.editions.list[i].path.clone()
    }
    fn title<'v>(&self, cx: &Cx<'v>, i: usize) -> &'v str {
        &cx.views.editions.list[i].title
    }
    fn fill(&self, cx: &Cx, i: usize, out: &mut Fill) -> Result<(), Diagnostic> {
        out.put("issued", &cx.views.editions.list[i])
    }
    fn pager<'v>(&self, cx: &Cx<'v>, i: usize) -> Option<Pager<'v>> {
        Some(pager("editions", &cx.views.editions.refs, i))
    }
}

/// A page at an old address: a renamed id's, leading to its new page, or
/// a withdrawn claim's or source's.
struct Gone;

impl Kind for Gone {
    fn template(&self) -> &'static str {
        "moved.html"
    }
    fn section(&self, _: usize) -> &'static str {
        "none"
    }
    fn count(&self, graph: &Graph) -> usize {
        crate::link::editions::old_addresses(graph).len()
    }
    fn path(&self, cx: &Cx, i: usize) -> SitePath {
        cx.views.editions.gone[i].path.clone()
    }
    fn title<'v>(&self, cx: &Cx<'v>, i: usize) -> &'v str {
        &cx.views.editions.gone[i].title
    }
    fn fill(&self, cx: &Cx, i: usize, out: &mut Fill) -> Result<(), Diagnostic> {
        out.put("gone", &cx.views.editions.gone[i])
    }
}

/// The whole briefing on one page, for print: the front page, the
/// timeline, the claims table, every claim with its quotes, both cases and
/// the sources, in reading order, every link pointing inside it.
struct Print;

/// A claim as the print edition shows it in full.
struct PrintClaim<'v> {
    cx: Cx<'v>,
    ci: ClaimIx,
}

impl Serialize for PrintClaim<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let (v, links) = (self.cx.views, &self.cx.graph.claims[self.ci]);
        let quotes = |refs| Quotes { views: v, refs };
        let mut out = s.serialize_struct("PrintClaim", 5)?;
        out.serialize_field("claim", &v.claims[self.ci])?;
        out.serialize_field(
            "verdict_note_html",
            &self.cx.prose(Place::Verdict(self.ci), false),
        )?;
        out.serialize_field("supports", &quotes(&links.supports))?;
        out.serialize_field("qualifies", &quotes(&links.qualifies))?;
        out.serialize_field("disputes", &quotes(&links.disputes))?;
        out.end()
    }
}

/// A source as the print edition lists it.
struct PrintSource<'v> {
    cx: Cx<'v>,
    si: SourceIx,
}

impl Serialize for PrintSource<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let source = &self.cx.graph.content.sources[self.si];
        let mut out = s.serialize_struct("PrintSource", 3)?;
        out.serialize_field("source", &self.cx.views.sources[self.si])?;
        out.serialize_field("url", &source.url.as_ref().map(|u| u.value.as_str()))?;
        out.serialize_field(
            "digest_html",
            &self
                .cx
                .prose(Place::Source(self.si, SourcePart::Digest), false),
        )?;
        out.end()
    }
}

impl Kind for Print {
    fn template(&self) -> &'static str {
        "print.html"
    }
    fn section(&self, _: usize) -> &'static str {
        "print"
    }
    fn count(&self, graph: &Graph) -> usize {
        usize::from(super::print::wanted(graph))
    }
    fn path(&self, _: &Cx, _: usize) -> SitePath {
        SitePath::new("print/index.html")
    }
    fn title<'v>(&self, cx: &Cx<'v>, _: usize) -> &'v str {
        cx.views.ui.word("print_edition")
    }
    fn root(&self, _: &Cx, _: &SitePath) -> String {
        // Links are written from the root, then pointed inside the page by
        // `finish`.
        "@root/".into()
    }
    fn fill(&self, cx: &Cx, _: usize, out: &mut Fill) -> Result<(), Diagnostic> {
        let v = cx.views;
        out.put(
            "figures",
            &Each(|| v.figures.iter().map(|&ci| &v.claims[ci])),
        )?;
        out.put("events", &v.events)?;
        out.put(
            "claims",
            &Each(|| v.claim_order.iter().map(|&i| &v.claims[i])),
        )?;
        out.put(
            "details",
            &Each(|| v.claim_order.iter().map(|&ci| PrintClaim { cx: *cx, ci })),
        )?;
        // Each claim's number in the print edition, and each source's.
        let claim_numbers: std::collections::BTreeMap<&str, usize> = v
            .claim_order
            .iter()
            .enumerate()
            .map(|(n, &ci)| (v.claims[ci].id.as_str(), n + 1))
            .collect();
        out.put("claim_numbers", &claim_numbers)?;
        let source_numbers: std::collections::BTreeMap<&str, usize> = v
            .sources
            .iter()
            .enumerate()
            .map(|(n, s)| (s.id.as_str(), n + 1))
            .collect();
        out.put("source_numbers", &source_numbers)?;
        out.put("bull", &v.bull)?;
        out.put("bear", &v.bear)?;
        out.put(
            "sources",
            &Each(|| SourceIx::all(v.sources.len()).map(|si| PrintSource { cx: *cx, si })),
        )
    }
    fn finish(&self, html: String) -> String {
        super::print::inside(&html)
    }
}

struct Search;

impl Kind for Search {
    fn template(&self) -> &'static str {
        "search.html"
    }
    fn section(&self, _: usize) -> &'static str {
        "search"
    }
    fn path(&self, _: &Cx, _: usize) -> SitePath {
        SitePath::new("search/index.html")
    }
    fn title<'v>(&self, cx: &Cx<'v>, _: usize) -> &'v str {
        cx.views.ui.word("search")
    }
    fn fill(&self, _: &Cx, _: usize, _: &mut Fill) -> Result<(), Diagnostic> {
        Ok(())
    }
}

struct NotFound;

impl Kind for NotFound {
    fn template(&self) -> &'static str {
        "404.html"
    }
    fn section(&self, _: usize) -> &'static str {
        "none"
    }
    fn path(&self, _: &Cx, _: usize) -> SitePath {
        SitePath::new("404.html")
    }
    fn title<'v>(&self, cx: &Cx<'v>, _: usize) -> &'v str {
        cx.views.ui.word("not_found")
    }
    fn root(&self, cx: &Cx, _: &SitePath) -> String {
        // A host serves 404.html at any address, so relative links cannot
        // work there; the published address can, when it is known.
        cx.views.site.base_url.clone().unwrap_or_default()
    }
    fn fill(&self, _: &Cx, _: usize, _: &mut Fill) -> Result<(), Diagnostic> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::compile;
    use crate::theme::default_theme;

    /// Every kind's template is in the default theme and has its section
    /// in docs/TEMPLATES.md: a kind is described here, nowhere else.
    #[test]
    fn every_kind_has_its_template_and_its_docs() {
        let theme = default_theme();
        let docs = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/TEMPLATES.md"),
        )
        .unwrap();
        for name in required_templates() {
            assert!(
                theme.templates.iter().any(|(n, _)| n == name),
                "{name} is not in templates/"
            );
            assert!(
                docs.contains(&format!("### {name}")),
                "{name} has no section in docs/TEMPLATES.md"
            );
        }
        let mut names: Vec<&str> = required_templates().collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), KINDS.len(), "two kinds share a template");
    }

    /// A page is given what its template reads: the default claim page
    /// does not read the summary, and a theme that prints the whole
    /// context is given everything.
    #[test]
    fn a_page_is_given_what_its_template_reads() {
        let templates = compile(&default_theme()).unwrap();
        let claim = templates.reads["claim.html"].as_ref().unwrap();
        assert!(claim.contains("claim") && claim.contains("site") && claim.contains("pager"));
        assert!(!claim.contains("summary"));
        let front = templates.reads["index.html"].as_ref().unwrap();
        assert!(front.contains("summary"));

        let mut theme = default_theme();
        let base = theme
            .templates
            .iter()
            .find(|(n, _)| n == "base.html")
            .unwrap()
            .1
            .replacen("</footer>", "{{ summary.counts.claims }}</footer>", 1);
        theme.set_template("base.html".into(), base);
        let templates = compile(&theme).unwrap();
        assert!(templates.reads["claim.html"]
            .as_ref()
            .unwrap()
            .contains("summary"));

        let mut theme = default_theme();
        theme.set_template("search.html".into(), "{{ __tera_context }}".into());
        let templates = compile(&theme).unwrap();
        assert!(templates.reads["search.html"].is_none());
    }
}
