//! The data behind the site, for other tools: claims, timeline and sources
//! as JSON (schemas in `docs/schema/`), claims as CSV, the quotes as W3C
//! Web Annotations (`data/annotations.jsonld`), the sources and the
//! briefing as bibliographies (`data/sources.bib`, `.csl.json`, `.ris`, and
//! `data/briefing.*`; see [`super::bibliography`]), `sitemap.xml` and
//! `robots.txt` for search engines (the sitemap only with `base_url`, as
//! it needs absolute addresses), and the feeds for readers (see
//! [`super::feeds`]).

use super::bibliography;
use super::context::{format_number, EventView, QuoteAnchor, Ref, SiteView, SourceRow, Views};
use super::editions::EditionView;
use super::escape_html;
use super::feeds;
use super::hashed::{self, Hashed};
use crate::link::{AnnotationRef, ClaimIx, EventIx, Graph, SourceIx};
use crate::model::{Date, Published, SitePath, Stance};
use crate::write::Make;
use rayon::prelude::*;
use serde::Serialize;
use std::io::{self, Write};

/// Version of the export schemas, in every JSON file.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Export<'a, T> {
    schema_version: u32,
    briefing: &'a str,
    as_of: Date,
    items: &'a [T],
}

#[derive(Serialize, Clone)]
pub struct ClaimRecord<'g> {
    id: &'g str,
    statement: &'g str,
    topic: &'g str,
    status: &'static str,
    derived_status: &'static str,
    verdict_note: Option<&'g str>,
    entities: Vec<&'g str>,
    figure: Option<FigureRecord<'g>>,
    evidence: Vec<EvidenceRecord<'g>>,
    /// Path of the claim's page from the site root.
    page: SitePath,
}

#[derive(Serialize, Clone)]
struct FigureRecord<'g> {
    metric: &'g str,
    value: f64,
    unit: &'g str,
}

#[derive(Serialize, Clone)]
struct EvidenceRecord<'g> {
    source: &'g str,
    stance: &'static str,
    quote: &'g str,
    note: Option<&'g str>,
    verified: bool,
}

#[derive(Serialize, Clone)]
pub struct EventRecord<'g> {
    pub(super) date: Date,
    precision: &'static str,
    pub(super) title: &'g str,
    pub(super) detail: Option<&'g str>,
    expected: bool,
    claims: Vec<&'g str>,
    sources: Vec<&'g str>,
}

/// The records borrow their text from the content: at 10,000 sources,
/// copied, it took 31 MiB at the build's peak.
#[derive(Serialize, Clone)]
pub struct SourceRecord<'g> {
    pub(super) id: &'g str,
    pub(super) title: &'g str,
    pub(super) publisher: &'g str,
    pub(super) author: Option<&'g str>,
    pub(super) published: Option<Date>,
    published_precision: Option<&'static str>,
    pub(super) published_note: Option<&'g str>,
    pub(super) url: Option<&'g str>,
    archived: Option<&'g str>,
    pub(super) kind: &'static str,
    relies_on: &'g [String],
    pub(super) annotations: Vec<AnnotationRecord<'g>>,
    pub(super) page: SitePath,
}

#[derive(Serialize, Clone)]
pub(super) struct AnnotationRecord<'g> {
    claim: &'g str,
    stance: &'static str,
    quote: &'g str,
    note: Option<&'g str>,
    verified: bool,
}

/// The hash of every export record, kept in the views so that an edit
/// remakes only its own; the records themselves are made again, with the
/// same functions, when the exports are written.
#[derive(Clone, Default, Serialize)]
pub struct Records {
    pub claims: Vec<u64>,
    pub sources: Vec<u64>,
    pub events: Vec<u64>,
}

impl Records {
    /// The hash of each record made.
    pub fn of(made: &Made) -> Records {
        Records {
            claims: made.claims.par_iter().map(hashed::fingerprint).collect(),
            sources: made.sources.par_iter().map(hashed::fingerprint).collect(),
            events: made.events.par_iter().map(hashed::fingerprint).collect(),
        }
    }
}

/// Every export record, made from the graph and the views.
pub struct Made<'g> {
    claims: Vec<ClaimRecord<'g>>,
    sources: Vec<SourceRecord<'g>>,
    events: Vec<EventRecord<'g>>,
}

impl<'g> Made<'g> {
    pub fn of(graph: &'g Graph, views: &Views) -> Made<'g> {
        let c = &graph.content;
        Made {
            claims: (0..c.claims.len())
                .into_par_iter()
                .map(ClaimIx::new)
                .map(|ci| claim(graph, &views.claims[ci].path, ci))
                .collect(),
            sources: (0..c.sources.len())
                .into_par_iter()
                .map(SourceIx::new)
                .map(|si| source(graph, &views.sources[si], si))
                .collect(),
            events: (0..c.events.len())
                .into_par_iter()
                .map(EventIx::new)
                .map(|i| event(graph, i))
                .collect(),
        }
    }
}

/// Everything the exports are made of, for their fingerprint: the hash of
/// each record (see [`Made`]) and the views they read. The exports read
/// nothing else.
#[derive(Serialize)]
pub struct Given<'v> {
    site: &'v Hashed<SiteView>,
    as_of: Date,
    records: &'v Records,
    /// For TimelineJS, which shows each event's detail as HTML and its
    /// claims with their status, and for the feed's links.
    event_views: &'v [Hashed<EventView>],
    /// For the sitemap.
    entities: &'v [Hashed<Ref>],
    /// The latest edition's number and day, for citing the briefing.
    edition: Option<(u32, String)>,
    /// Every edition, for the feeds and the sitemap.
    editions: &'v [Hashed<EditionView>],
    /// The rows of a split claims table, for its filters.
    table: Option<super::table::Given<'v>>,
}

pub fn given<'v>(graph: &Graph, views: &'v Views) -> Given<'v> {
    Given {
        site: views.site.hashed(),
        as_of: graph.content.briefing.as_of,
        records: &views.exports,
        event_views: &views.events,
        entities: &views.entity_refs,
        edition: graph
            .content
            .editions
            .last()
            .map(|e| (e.edition, e.date.clone())),
        editions: &views.editions.list,
        table: super::table::Given::of(views),
    }
}

pub fn claim<'g>(graph: &'g Graph, page: &SitePath, ci: ClaimIx) -> ClaimRecord<'g> {
    let c = &graph.content;
    let (claim, links) = (&c.claims[ci], &graph.claims[ci]);
    let evidence = |r: &AnnotationRef| {
        let a = &c.sources[r.source].annotations[r.index];
        EvidenceRecord {
            source: c.sources[r.source].id.as_str(),
            stance: a.stance.as_str(),
            quote: &a.quote.value,
            note: a.note.as_ref().map(|n| n.as_str()),
            verified: graph.sources[r.source].checks[r.index].is_verified(),
        }
    };
    ClaimRecord {
        id: claim.id.value.as_str(),
        statement: &claim.statement,
        topic: &claim.topic,
        status: links.status.key(),
        derived_status: links.derived.key(),
        verdict_note: claim.verdict_note.as_ref().map(|n| n.as_str()),
        entities: links
            .entities
            .iter()
            .map(|&e| c.entities[e].id.value.as_str())
            .collect(),
        figure: claim.figure.as_ref().map(|f| FigureRecord {
            metric: &f.metric,
            value: f.value,
            unit: &f.unit,
        }),
        evidence: links
            .supports
            .iter()
            .chain(&links.qualifies)
            .chain(&links.disputes)
            .map(evidence)
            .collect(),
        page: page.clone(),
    }
}

pub fn event(graph: &Graph, i: EventIx) -> EventRecord<'_> {
    let c = &graph.content;
    let (e, links) = (&c.events[i], &graph.events[i]);
    EventRecord {
        date: e.date,
        precision: e.date.precision().as_str(),
        title: &e.title,
        detail: e.detail.as_ref().map(|d| d.as_str()),
        expected: links.expected,
        claims: links
            .claims
            .iter()
            .map(|&ci| c.claims[ci].id.value.as_str())
            .collect(),
        sources: links
            .sources
            .iter()
            .map(|&si| c.sources[si].id.as_str())
            .collect(),
    }
}

pub fn source<'g>(graph: &'g Graph, row: &SourceRow, si: SourceIx) -> SourceRecord<'g> {
    let (s, links) = (&graph.content.sources[si], &graph.sources[si]);
    let published = match s.published {
        Published::Known(d) => Some(d),
        Published::Unknown => None,
    };
    SourceRecord {
        id: s.id.as_str(),
        title: &s.title,
        publisher: &s.publisher,
        author: s.author.as_deref(),
        published,
        published_precision: published.map(|d| d.precision().as_str()),
        published_note: s.published_note.as_deref(),
        url: s.url.as_ref().map(|u| u.value.as_str()),
        archived: s.archived.as_ref().map(|u| u.value.as_str()),
        kind: s.kind.as_str(),
        relies_on: &s.relies_on,
        annotations: s
            .annotations
            .iter()
            .enumerate()
            .map(|(ai, a)| AnnotationRecord {
                claim: a.claim.value.as_str(),
                stance: a.stance.as_str(),
                quote: &a.quote.value,
                note: a.note.as_ref().map(|n| n.as_str()),
                verified: links.checks[ai].is_verified(),
            })
            .collect(),
        page: row.path.clone(),
    }
}

fn export<T: Serialize>(given: &Given, items: &[T], out: &mut dyn Write) -> io::Result<()> {
    write_json(
        out,
        &Export {
            schema_version: SCHEMA_VERSION,
            briefing: &given.site.title,
            as_of: given.as_of,
            items,
        },
    )
}

/// An export's JSON, without indentation: at 10,000 sources the
/// indentation alone was 21 MB, a third of the exports. (Browsers and `jq`
/// show it indented.)
pub(super) fn json<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut bytes = Vec::new();
    // Into memory, only a value that cannot be serialised fails: the file
    // is then a bare line break.
    if write_json(&mut bytes, value).is_err() {
        bytes = b"\n".to_vec();
    }
    bytes
}

/// The same, written out as it is made.
pub(super) fn write_json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")
}

/// A maker of a small file, made whole and then written.
fn whole<'a>(make: impl Fn() -> Vec<u8> + Sync + 'a) -> Box<Make<'a>> {
    Box::new(move |out: &mut dyn Write| out.write_all(&make()))
}

/// Hands every export file to `put` with what makes it, in parallel; the
/// large ones (at 10,000 sources the annotations take 18 MB and the two
/// JSON files about 13 MB each) are written out as they are made, so a
/// sink that writes to disk never holds them whole. Returns what `put`
/// returned for each.
pub fn files<R: Send>(
    given: &Given,
    made: &Made,
    put: &(dyn Fn(&str, &Make) -> R + Sync),
) -> Vec<R> {
    type Maker<'a> = Box<Make<'a>>;
    let base = given.site.base_url.clone();
    let addresses = feeds::Addresses {
        base: base.as_deref(),
        title: &given.site.title,
    };
    let inputs = feeds::Inputs {
        site: given.site,
        as_of: given.as_of,
        editions: given.editions,
        sources: &made.sources,
        events: &made.events,
        event_views: given.event_views,
    };
    let mut makers: Vec<(&str, Maker)> = vec![
        (
            "data/claims.json",
            Box::new(|out: &mut dyn Write| export(given, &made.claims, out)),
        ),
        ("data/claims.csv", whole(|| claims_csv(made))),
        (
            "data/timeline.json",
            Box::new(|out: &mut dyn Write| export(given, &made.events, out)),
        ),
        (
            "data/sources.json",
            Box::new(|out: &mut dyn Write| export(given, &made.sources, out)),
        ),
        ("data/timelinejs.json", whole(|| timelinejs(given, made))),
        (
            "data/annotations.jsonld",
            Box::new(|out: &mut dyn Write| annotations(given, made, out)),
        ),
    ];
    let briefing = || bibliography::Briefing {
        id: "briefing",
        title: &given.site.title,
        authors: &given.site.authors,
        edition: given.edition.as_ref().map(|(n, day)| (*n, day.as_str())),
        as_of: given.as_of,
        url: given.site.base_url.as_deref(),
    };
    makers.extend([
        (
            "data/sources.bib",
            whole(|| bibliography::sources_bib(&made.sources)),
        ),
        (
            "data/sources.csl.json",
            Box::new(|out: &mut dyn Write| bibliography::sources_csl(&made.sources, out)),
        ),
        (
            "data/sources.ris",
            whole(|| bibliography::sources_ris(&made.sources)),
        ),
        (
            "data/briefing.bib",
            whole(move || bibliography::briefing_bib(&briefing())),
        ),
        (
            "data/briefing.csl.json",
            whole(move || bibliography::briefing_csl(&briefing())),
        ),
        (
            "data/briefing.ris",
            whole(move || bibliography::briefing_ris(&briefing())),
        ),
    ]);
    if let Some(table) = &given.table {
        makers.push((
            super::table::PATH,
            Box::new(move |out: &mut dyn Write| super::table::script(table, out)),
        ));
    }
    let mut robots = String::from("User-agent: *\nAllow: /\n");
    if let Some(base) = &base {
        robots.push_str(&format!("Sitemap: {base}sitemap.xml\n"));
        makers.push((
            "sitemap.xml",
            whole(|| sitemap(base, given, made).into_bytes()),
        ));
    }
    makers.push((
        "feed.xml",
        whole(|| feeds::atom(&addresses, &inputs).into_bytes()),
    ));
    makers.push(("feed.json", whole(|| feeds::json(&addresses, &inputs))));
    makers.push(("robots.txt", whole(move || robots.clone().into_bytes())));
    makers
        .par_iter()
        .map(|(path, make)| put(path, make.as_ref()))
        .collect()
}

/// Text for XML: escaped, and with the characters XML 1.0 forbids (control
/// characters other than tab and line breaks, U+FFFE, U+FFFF) replaced by
/// U+FFFD, since one of them makes the whole document unreadable to a
/// feed reader. YAML escapes (`"\x01"`) can put them in any field.
pub(super) fn escape_xml(text: &str) -> String {
    let allowed = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FFFD}' | '\u{10000}'..);
    if text.chars().all(allowed) {
        return escape_html(text);
    }
    let clean: String = text
        .chars()
        .map(|c| if allowed(c) { c } else { '\u{FFFD}' })
        .collect();
    escape_html(&clean)
}

/// A text cell of the CSV export, made safe to open in a spreadsheet: a
/// cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
/// would be run as a formula (`=HYPERLINK(...)` sends data elsewhere), so
/// it gets a leading `'`, as OWASP recommends. A plain number (`-2.5`)
/// is no formula and stays a number.
fn csv_text(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_plain_number(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// `-2.5`, `+3`, `1e6`: what a spreadsheet reads as a number and nothing
/// else.
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    digits.starts_with(|c: char| c.is_ascii_digit()) && digits.parse::<f64>().is_ok()
}

fn claims_csv(made: &Made) -> Vec<u8> {
    let mut csv = csv::Writer::from_writer(Vec::new());
    let _ = csv.write_record([
        "id",
        "statement",
        "topic",
        "status",
        "supports",
        "qualifies",
        "disputes",
        "sources",
        "figure_metric",
        "figure_value",
        "figure_unit",
        "page",
    ]);
    for claim in &made.claims {
        let count = |stance: Stance| {
            claim
                .evidence
                .iter()
                .filter(|e| e.stance == stance.as_str())
                .count()
        };
        let mut sources: Vec<&str> = claim.evidence.iter().map(|e| e.source).collect();
        sources.sort_unstable();
        sources.dedup();
        let figure = claim.figure.as_ref();
        let record = [
            claim.id,
            claim.statement,
            claim.topic,
            claim.status,
            &count(Stance::Supports).to_string(),
            &count(Stance::Qualifies).to_string(),
            &count(Stance::Disputes).to_string(),
            &sources.len().to_string(),
            figure.map(|f| f.metric).unwrap_or(""),
            &figure
                .map(|f| format_number(f.value).replace(',', ""))
                .unwrap_or_default(),
            figure.map(|f| f.unit).unwrap_or(""),
            claim.page.as_str(),
        ];
        let _ = csv.write_record(record.iter().map(|cell| csv_text(cell).into_owned()));
    }
    csv.into_inner().unwrap_or_default()
}

/// A W3C Web Annotation collection (JSON-LD).
#[derive(Serialize)]
struct AnnotationCollection<T> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    label: String,
    total: usize,
    first: AnnotationPage<T>,
}

#[derive(Serialize)]
struct AnnotationPage<T> {
    #[serde(rename = "type")]
    kind: &'static str,
    items: T,
}

#[derive(Serialize)]
struct WebAnnotation<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    motivation: &'static str,
    body: [AnnotationBody<'a>; 2],
    target: AnnotationTarget<'a>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum AnnotationBody<'a> {
    /// The claim the passage is evidence for.
    Claim { id: String, purpose: &'static str },
    /// How it bears on the claim: supports, qualifies or disputes.
    Stance {
        #[serde(rename = "type")]
        kind: &'static str,
        value: &'a str,
        purpose: &'static str,
    },
}

#[derive(Serialize)]
struct AnnotationTarget<'a> {
    source: &'a str,
    selector: TextQuote<'a>,
}

#[derive(Serialize)]
struct TextQuote<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    exact: &'a str,
}

/// Every annotated passage of a source with a `url`, as a W3C Web
/// Annotation: the target is the source's address with the exact quote
/// (no prefix or suffix, which would publish more of the original than the
/// quote), the body the claim it bears on and the stance. Addresses of our
/// own pages are absolute with `base_url`, relative to the site root
/// without it.
fn annotations(given: &Given, made: &Made, out: &mut dyn Write) -> io::Result<()> {
    let address = |path: &SitePath| match &given.site.base_url {
        Some(base) => format!("{base}{}", path.pretty()),
        None => path.pretty(),
    };
    let pages: std::collections::HashMap<&str, &SitePath> =
        made.claims.iter().map(|c| (c.id, &c.page)).collect();
    let pages = &pages;
    // Every quote of a source with an address, whose claim has a page: 50,000
    // at 10,000 sources, made one by one as they are written.
    let quotes = || {
        made.sources.iter().flat_map(|s| {
            s.url.iter().flat_map(move |url| {
                s.annotations.iter().enumerate().filter_map(move |(i, a)| {
                    pages.get(a.claim).map(|claim| (s, url, i, a, *claim))
                })
            })
        })
    };
    let items = hashed::Each(|| {
        quotes().map(|(s, url, i, a, claim)| WebAnnotation {
            id: address(&s.page.at(&QuoteAnchor(i).to_string())),
            kind: "Annotation",
            motivation: "assessing",
            body: [
                AnnotationBody::Claim {
                    id: address(claim),
                    purpose: "linking",
                },
                AnnotationBody::Stance {
                    kind: "TextualBody",
                    value: a.stance,
                    purpose: "assessing",
                },
            ],
            target: AnnotationTarget {
                source: url,
                selector: TextQuote {
                    kind: "TextQuoteSelector",
                    exact: a.quote,
                },
            },
        })
    });
    write_json(
        out,
        &AnnotationCollection {
            context: "http://www.w3.org/ns/anno.jsonld",
            kind: "AnnotationCollection",
            label: format!("{}: annotated passages", given.site.title),
            total: quotes().count(),
            first: AnnotationPage {
                kind: "AnnotationPage",
                items,
            },
        },
    )
}

/// A date as TimelineJS takes it: only the parts the date is known to.
#[derive(Serialize)]
struct TjsDate {
    year: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<u8>,
    display_date: String,
}

#[derive(Serialize)]
struct TjsText {
    headline: String,
    text: String,
}

#[derive(Serialize)]
struct TjsEvent {
    start_date: TjsDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<TjsDate>,
    text: TjsText,
    group: &'static str,
    unique_id: String,
}

#[derive(Serialize)]
struct TjsTimeline {
    title: TjsTitle,
    events: Vec<TjsEvent>,
}

#[derive(Serialize)]
struct TjsTitle {
    text: TjsText,
}

/// The timeline in TimelineJS's JSON format, to embed the briefing's
/// timeline elsewhere. TimelineJS shows `headline` and `text` as HTML, so
/// both are built escaped: titles and claim statements as text, details as
/// the site renders them. Links to claim pages are absolute, and present
/// only with `base_url`, since the page embedding the timeline is not ours.
fn timelinejs(given: &Given, made: &Made) -> Vec<u8> {
    use crate::model::DatePrecision;
    let base = given.site.base_url.as_deref();
    let date = |d: &crate::model::Date| {
        let (year, month, day) = d.first_day();
        let start = TjsDate {
            year,
            month: (d.precision() != DatePrecision::Year).then_some(month),
            day: (d.precision() == DatePrecision::Day).then_some(day),
            display_date: d.to_string(),
        };
        // A quarter spans three months: shown as a span.
        let end = (d.precision() == DatePrecision::Quarter).then(|| {
            let (year, month, _) = d.last_day();
            TjsDate {
                year,
                month: Some(month),
                day: None,
                display_date: d.to_string(),
            }
        });
        (start, end)
    };
    let events =
        made.events
            .iter()
            .zip(given.event_views)
            .map(|(e, view)| {
                // Links into the site: absolute with a base address,
                // from the site root without one.
                let mut text = super::markdown::rooted(
                    view.detail_html.clone().unwrap_or_default(),
                    base.unwrap_or(""),
                );
                if !view.claims.is_empty() {
                    text.push_str("<p>Claims:</p><ul>");
                    for chip in &view.claims {
                        let statement = escape_html(&chip.statement);
                        match base {
                            Some(base) => text.push_str(&format!(
                                "<li><a href=\"{}\">{statement}</a> ({})</li>",
                                escape_html(&format!("{base}{}", chip.path.pretty())),
                                chip.status.label
                            )),
                            None => text
                                .push_str(&format!("<li>{statement} ({})</li>", chip.status.label)),
                        }
                    }
                    text.push_str("</ul>");
                }
                let (start_date, end_date) = date(&e.date);
                TjsEvent {
                    start_date,
                    end_date,
                    text: TjsText {
                        headline: escape_html(e.title),
                        text,
                    },
                    group: if view.expected {
                        "Expected"
                    } else {
                        "Happened"
                    },
                    unique_id: view.anchor.clone(),
                }
            })
            .collect();
    let timeline = TjsTimeline {
        title: TjsTitle {
            text: TjsText {
                headline: escape_html(&given.site.title),
                text: format!("<p>{}</p>", escape_html(&given.site.question)),
            },
        },
        events,
    };
    json(&timeline)
}

/// Every page, with absolute addresses from `base` (ending in `/`). Pretty
/// addresses: `claims/x/index.html` is listed as `claims/x/`.
fn sitemap(base: &str, given: &Given, made: &Made) -> String {
    let mut paths: Vec<String> = vec![
        String::new(),
        "timeline/".into(),
        "claims/".into(),
        "bull/".into(),
        "bear/".into(),
        "sources/".into(),
        "entities/".into(),
    ];
    let dir = |p: &SitePath| p.pretty();
    paths.extend(made.claims.iter().map(|c| dir(&c.page)));
    paths.extend(made.sources.iter().map(|s| dir(&s.page)));
    paths.extend(given.entities.iter().map(|e| dir(&e.path)));
    paths.extend(given.site.pages.iter().map(|p| dir(&p.path)));
    if !given.editions.is_empty() {
        paths.push("editions/".into());
        paths.extend(given.editions.iter().map(|e| dir(&e.path)));
    }
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let lastmod = given.site.as_of.iso.clone();
    for p in paths {
        xml.push_str(&format!(
            "  <url><loc>{}</loc>{}</url>\n",
            escape_xml(&format!("{base}{p}")),
            if lastmod.len() == 10 {
                format!("<lastmod>{lastmod}</lastmod>")
            } else {
                String::new()
            }
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}

#[cfg(test)]
mod tests {
    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        for risky in [
            "=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", "-", "=-2.5",
        ] {
            assert_eq!(super::csv_text(risky), format!("'{risky}"), "{risky:?}");
        }
        for kept in ["-2.5", "+3", "42", "1e6", "-0.5e3", "Acme", "a=b", ""] {
            assert_eq!(super::csv_text(kept), kept, "{kept:?}");
        }
    }

    #[test]
    fn xml_never_carries_a_forbidden_character() {
        assert_eq!(
            super::escape_xml("a\u{1}b\u{FFFE}c<"),
            "a\u{FFFD}b\u{FFFD}c&lt;"
        );
        assert_eq!(super::escape_xml("tab\tnew\nline"), "tab\tnew\nline");
    }
}
