//! The search index: every claim, source, entity, event, case point and
//! page as a small record, written as a script that sets one global.
//!
//! A script, not a JSON file fetched at run time, because browsers refuse
//! `fetch` for pages opened from disk; like mdBook's index, a script loads
//! the same way from `file://` and from any host. The matching itself is in
//! `assets/search.js`.

use super::context::{CaseView, ClaimRow, EntityRow, EventView, PageRef, SourceRow, Views};
use super::hashed::Hashed;
use crate::link::Graph;
use serde::Serialize;

/// Longest text kept per record: enough to match on and show a snippet,
/// small enough that a big briefing's index stays light.
const MAX_TEXT: usize = 400;

/// One thing the search finds.
#[derive(Serialize, Clone)]
pub struct Record {
    /// Kind: claim, source, entity, event, point, page.
    k: &'static str,
    /// Title shown as the result's link text.
    t: String,
    /// Path from the site root.
    p: String,
    /// Words matched after the title: summary, aliases, topic, quotes.
    x: String,
}

/// Every record of the index, by what it stands for: kept in the views,
/// so that an edit remakes only its own records.
#[derive(Clone, Default)]
pub struct Records {
    pub claims: Vec<Hashed<Record>>,
    pub sources: Vec<Hashed<Record>>,
    pub entities: Vec<Hashed<Record>>,
    pub events: Vec<Hashed<Record>>,
    pub points: Vec<Hashed<Record>>,
    pub pages: Vec<Hashed<Record>>,
}

/// The records in the index's order.
impl Serialize for Records {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(
            self.claims
                .iter()
                .chain(&self.sources)
                .chain(&self.entities)
                .chain(&self.events)
                .chain(&self.points)
                .chain(&self.pages),
        )
    }
}

fn clip(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.char_indices().nth(MAX_TEXT) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text,
    }
}

pub fn claim(graph: &Graph, row: &ClaimRow, ci: usize) -> Hashed<Record> {
    let c = &graph.content;
    let links = &graph.claims[ci];
    let quotes: Vec<&str> = links
        .supports
        .iter()
        .chain(&links.qualifies)
        .chain(&links.disputes)
        .map(|r| {
            c.sources[r.source].annotations[r.index]
                .quote
                .value
                .as_str()
        })
        .collect();
    let entities: Vec<&str> = row.entities.iter().map(|e| e.name.as_str()).collect();
    Hashed::new(Record {
        k: "claim",
        t: row.statement.clone(),
        p: row.path.clone(),
        x: clip(&format!(
            "{} · {} · {} · {}",
            row.status.label,
            row.topic,
            entities.join(", "),
            quotes.join(" · ")
        )),
    })
}

pub fn source(graph: &Graph, row: &SourceRow, si: usize) -> Hashed<Record> {
    let source = &graph.content.sources[si];
    Hashed::new(Record {
        k: "source",
        t: row.title.clone(),
        p: row.path.clone(),
        x: clip(&format!(
            "{} · {} · {}",
            row.publisher,
            row.kind,
            source.trust.as_ref().map(|t| t.as_str()).unwrap_or("")
        )),
    })
}

pub fn entity(graph: &Graph, row: &EntityRow, ei: usize) -> Hashed<Record> {
    let entity = &graph.content.entities[ei];
    Hashed::new(Record {
        k: "entity",
        t: row.name.clone(),
        p: row.path.clone(),
        x: clip(&format!(
            "{} · {} · {}",
            row.kind,
            row.aliases.join(", "),
            entity.summary.as_ref().map(|s| s.as_str()).unwrap_or("")
        )),
    })
}

pub fn event(graph: &Graph, view: &EventView, i: usize) -> Hashed<Record> {
    Hashed::new(Record {
        k: "event",
        t: view.title.clone(),
        p: view.path.clone(),
        x: clip(&format!(
            "{} · {}",
            view.date.text,
            graph.content.events[i]
                .detail
                .as_ref()
                .map(|d| d.as_str())
                .unwrap_or("")
        )),
    })
}

/// The points of both cases.
pub fn points(cases: [&CaseView; 2]) -> Vec<Hashed<Record>> {
    cases
        .iter()
        .flat_map(|case| {
            case.points.iter().map(|point| {
                Hashed::new(Record {
                    k: "point",
                    t: point.title.clone(),
                    p: point.path.clone(),
                    x: clip(&format!("{} · {}", case.title, point.strength.label)),
                })
            })
        })
        .collect()
}

pub fn page(graph: &Graph, page: &PageRef, pi: usize) -> Hashed<Record> {
    Hashed::new(Record {
        k: "page",
        t: page.title.clone(),
        p: page.path.clone(),
        x: clip(&format!(
            "{} {}",
            page.summary.as_deref().unwrap_or(""),
            graph.content.pages[pi].body.as_str()
        )),
    })
}

/// What the index is made of.
pub fn given(views: &Views) -> &Records {
    &views.search
}

/// The index script's text.
pub fn index_script(records: &Records) -> String {
    let json = serde_json::to_string(records).unwrap_or_else(|_| "[]".into());
    // `<` escaped so the data can never close a script element, even if a
    // theme inlines it.
    let json = json.replace('<', "\\u003c");
    format!("/* Search index, generated by the build. */\nwindow.BRIEFING_SEARCH = {json};\n")
}
