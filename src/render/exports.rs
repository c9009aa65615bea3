//! The data behind the site, for other tools: claims, timeline and sources
//! as JSON (schemas in `docs/schema/`), claims as CSV, `sitemap.xml` and
//! `robots.txt` for search engines, and an Atom `feed.xml` for readers
//! (the last two only with `base_url`, as they need absolute addresses).

use super::context::{format_number, Views};
use super::escape_html;
use crate::link::{AnnotationRef, Graph};
use crate::model::{Published, Stance};
use crate::write::OutputFile;
use rayon::prelude::*;
use serde::Serialize;

/// Version of the export schemas, in every JSON file.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Export<T> {
    schema_version: u32,
    briefing: String,
    as_of: String,
    items: Vec<T>,
}

#[derive(Serialize)]
struct ClaimRecord<'a> {
    id: &'a str,
    statement: &'a str,
    topic: &'a str,
    status: &'static str,
    derived_status: &'static str,
    verdict_note: Option<&'a str>,
    entities: Vec<&'a str>,
    figure: Option<FigureRecord<'a>>,
    evidence: Vec<EvidenceRecord<'a>>,
    /// Path of the claim's page from the site root.
    page: &'a str,
}

#[derive(Serialize)]
struct FigureRecord<'a> {
    metric: &'a str,
    value: f64,
    unit: &'a str,
}

#[derive(Serialize)]
struct EvidenceRecord<'a> {
    source: &'a str,
    stance: &'static str,
    quote: &'a str,
    note: Option<&'a str>,
    verified: bool,
}

#[derive(Serialize)]
struct EventRecord<'a> {
    date: String,
    precision: &'static str,
    title: &'a str,
    detail: Option<&'a str>,
    expected: bool,
    claims: Vec<&'a str>,
    sources: Vec<&'a str>,
}

#[derive(Serialize)]
struct SourceRecord<'a> {
    id: &'a str,
    title: &'a str,
    publisher: &'a str,
    author: Option<&'a str>,
    published: Option<String>,
    published_precision: Option<&'static str>,
    published_note: Option<&'a str>,
    url: Option<&'a str>,
    kind: &'static str,
    relies_on: &'a [String],
    annotations: Vec<AnnotationRecord<'a>>,
    page: &'a str,
}

#[derive(Serialize)]
struct AnnotationRecord<'a> {
    claim: &'a str,
    stance: &'static str,
    quote: &'a str,
    note: Option<&'a str>,
    verified: bool,
}

fn export<T: Serialize>(graph: &Graph, items: Vec<T>) -> Vec<u8> {
    let b = &graph.content.briefing;
    let mut bytes = serde_json::to_vec_pretty(&Export {
        schema_version: SCHEMA_VERSION,
        briefing: b.title.clone(),
        as_of: b.as_of.source_form(),
        items,
    })
    .unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Every export file. They are built in parallel: at 10,000 sources the
/// two JSON files each hold about 18 MB.
pub fn files(graph: &Graph, views: &Views) -> Vec<OutputFile> {
    type Maker<'a> = Box<dyn Fn() -> Vec<u8> + Send + Sync + 'a>;
    let base = graph
        .content
        .briefing
        .base_url
        .as_ref()
        .map(|b| b.as_str().to_string());
    let mut makers: Vec<(&str, Maker)> = vec![
        ("data/claims.json", Box::new(|| claims_json(graph, views))),
        ("data/claims.csv", Box::new(|| claims_csv(graph))),
        ("data/timeline.json", Box::new(|| timeline_json(graph))),
        ("data/sources.json", Box::new(|| sources_json(graph, views))),
        (
            "data/timelinejs.json",
            Box::new(|| timelinejs(graph, views)),
        ),
    ];
    let mut robots = String::from("User-agent: *\nAllow: /\n");
    if let Some(base) = &base {
        robots.push_str(&format!("Sitemap: {base}sitemap.xml\n"));
        makers.push((
            "sitemap.xml",
            Box::new(|| sitemap(base, views).into_bytes()),
        ));
        makers.push((
            "feed.xml",
            Box::new(|| feed(base, graph, views).into_bytes()),
        ));
    }
    let mut out: Vec<OutputFile> = makers
        .into_par_iter()
        .map(|(path, make)| OutputFile::new(path, make()))
        .collect();
    out.push(OutputFile::new("robots.txt", robots));
    out
}

fn claims_json(graph: &Graph, views: &Views) -> Vec<u8> {
    let c = &graph.content;
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
    let claims: Vec<ClaimRecord> = c
        .claims
        .iter()
        .zip(&graph.claims)
        .zip(&views.claims)
        .map(|((claim, links), row)| ClaimRecord {
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
            page: &row.path,
        })
        .collect();
    export(graph, claims)
}

/// Text for XML: escaped, and with the characters XML 1.0 forbids (control
/// characters other than tab and line breaks, U+FFFE, U+FFFF) replaced by
/// U+FFFD, since one of them makes the whole document unreadable to a
/// feed reader. YAML escapes (`"\x01"`) can put them in any field.
fn escape_xml(text: &str) -> String {
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

fn claims_csv(graph: &Graph) -> Vec<u8> {
    let c = &graph.content;
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
    for (claim, links) in c.claims.iter().zip(&graph.claims) {
        let count = |stance: Stance| match stance {
            Stance::Supports => links.supports.len(),
            Stance::Qualifies => links.qualifies.len(),
            Stance::Disputes => links.disputes.len(),
        };
        let figure = claim.figure.as_ref();
        let record = [
            claim.id.value.as_str(),
            &claim.statement,
            &claim.topic,
            links.status.key(),
            &count(Stance::Supports).to_string(),
            &count(Stance::Qualifies).to_string(),
            &count(Stance::Disputes).to_string(),
            &links.sources.len().to_string(),
            figure.map(|f| f.metric.as_str()).unwrap_or(""),
            &figure
                .map(|f| format_number(f.value).replace(',', ""))
                .unwrap_or_default(),
            figure.map(|f| f.unit.as_str()).unwrap_or(""),
            &super::context::claim_path(&claim.id.value),
        ];
        let _ = csv.write_record(record.iter().map(|cell| csv_text(cell).into_owned()));
    }
    csv.into_inner().unwrap_or_default()
}

fn timeline_json(graph: &Graph) -> Vec<u8> {
    let c = &graph.content;
    let events: Vec<EventRecord> = c
        .events
        .iter()
        .zip(&graph.events)
        .map(|(e, links)| EventRecord {
            date: e.date.source_form(),
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
        })
        .collect();
    export(graph, events)
}

fn sources_json(graph: &Graph, views: &Views) -> Vec<u8> {
    let c = &graph.content;
    let sources: Vec<SourceRecord> = c
        .sources
        .iter()
        .zip(&graph.sources)
        .zip(&views.sources)
        .map(|((s, links), row)| {
            let (published, precision) = match s.published {
                Published::Known(d) => (Some(d.source_form()), Some(d.precision().as_str())),
                Published::Unknown => (None, None),
            };
            SourceRecord {
                id: s.id.as_str(),
                title: &s.title,
                publisher: &s.publisher,
                author: s.author.as_deref(),
                published,
                published_precision: precision,
                published_note: s.published_note.as_deref(),
                url: s.url.as_ref().map(|u| u.value.as_str()),
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
                page: &row.path,
            }
        })
        .collect();

    export(graph, sources)
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
fn timelinejs(graph: &Graph, views: &Views) -> Vec<u8> {
    use crate::model::DatePrecision;
    let c = &graph.content;
    let base = views.site.base_url.as_deref();
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
        c.events
            .iter()
            .zip(&views.events)
            .map(|(e, view)| {
                let mut text = view.detail_html.clone().unwrap_or_default();
                if !view.claims.is_empty() {
                    text.push_str("<p>Claims:</p><ul>");
                    for chip in &view.claims {
                        let statement = escape_html(&chip.statement);
                        match base {
                            Some(base) => text.push_str(&format!(
                                "<li><a href=\"{}\">{statement}</a> ({})</li>",
                                escape_html(&format!(
                                    "{base}{}",
                                    chip.path.trim_end_matches("index.html")
                                )),
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
                        headline: escape_html(&e.title),
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
                headline: escape_html(&views.site.title),
                text: format!("<p>{}</p>", escape_html(&views.site.question)),
            },
        },
        events,
    };
    serde_json::to_vec_pretty(&timeline).unwrap_or_default()
}

/// Every page, with absolute addresses from `base` (ending in `/`). Pretty
/// addresses: `claims/x/index.html` is listed as `claims/x/`.
fn sitemap(base: &str, views: &Views) -> String {
    let mut paths: Vec<String> = vec![
        String::new(),
        "timeline/".into(),
        "claims/".into(),
        "bull/".into(),
        "bear/".into(),
        "sources/".into(),
        "entities/".into(),
    ];
    let dir = |p: &str| p.trim_end_matches("index.html").to_string();
    paths.extend(views.claims.iter().map(|c| dir(&c.path)));
    paths.extend(views.sources.iter().map(|s| dir(&s.path)));
    paths.extend(views.entities.iter().map(|e| dir(&e.path)));
    paths.extend(views.site.pages.iter().map(|p| dir(&p.path)));
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let lastmod = views.site.as_of.iso.clone();
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

/// An Atom feed of the sources and the past timeline events, newest
/// first, with absolute addresses from `base` (ending in `/`). Entries
/// carry the date they are known to: a month or a quarter becomes its first
/// day, as Atom needs a full timestamp.
fn feed(base: &str, graph: &Graph, views: &Views) -> String {
    let c = &graph.content;
    let stamp = |d: &crate::model::Date| {
        let (y, m, day) = d.first_day();
        format!("{y:04}-{m:02}-{day:02}T00:00:00Z")
    };
    struct Entry {
        id: String,
        title: String,
        link: String,
        updated: String,
        summary: String,
    }
    let mut entries: Vec<(crate::model::Date, Entry)> = Vec::new();
    for (s, row) in c.sources.iter().zip(&views.sources) {
        let date = match s.published {
            Published::Known(d) => d,
            Published::Unknown => c.briefing.as_of,
        };
        let link = format!("{base}{}", row.path.trim_end_matches("index.html"));
        entries.push((
            date,
            Entry {
                id: link.clone(),
                title: format!("Source: {} ({})", s.title, s.publisher),
                link,
                updated: stamp(&date),
                summary: format!("{} annotated passages", s.annotations.len()),
            },
        ));
    }
    for (e, view) in c
        .events
        .iter()
        .zip(&views.events)
        .filter(|(_, v)| !v.expected)
    {
        let link = format!("{base}{}", view.path.replace("index.html", ""));
        entries.push((
            e.date,
            Entry {
                id: link.clone(),
                title: format!("{}: {}", view.date.text, e.title),
                link,
                updated: stamp(&e.date),
                summary: e
                    .detail
                    .as_ref()
                    .map(|d| d.as_str().to_string())
                    .unwrap_or_default(),
            },
        ));
    }
    entries.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    xml.push_str(&format!(
        "  <title>{}</title>\n",
        escape_xml(&c.briefing.title)
    ));
    xml.push_str(&format!(
        "  <subtitle>{}</subtitle>\n",
        escape_xml(&c.briefing.question)
    ));
    xml.push_str(&format!("  <id>{}</id>\n", escape_xml(base)));
    xml.push_str(&format!("  <link href=\"{}\"/>\n", escape_xml(base)));
    xml.push_str(&format!(
        "  <link rel=\"self\" href=\"{}feed.xml\"/>\n",
        escape_xml(base)
    ));
    xml.push_str(&format!(
        "  <updated>{}</updated>\n",
        stamp(&c.briefing.as_of)
    ));
    let author = if c.briefing.authors.is_empty() {
        c.briefing.title.clone()
    } else {
        c.briefing.authors.join(", ")
    };
    xml.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape_xml(&author)
    ));
    for (_, e) in entries {
        xml.push_str(&format!(
            "  <entry>\n    <id>{}</id>\n    <title>{}</title>\n    <link href=\"{}\"/>\n    <updated>{}</updated>\n    <summary>{}</summary>\n  </entry>\n",
            escape_xml(&e.id),
            escape_xml(&e.title),
            escape_xml(&e.link),
            e.updated,
            escape_xml(&e.summary)
        ));
    }
    xml.push_str("</feed>\n");
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
