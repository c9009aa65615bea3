//! The search index: every claim, source, entity, event, case point and
//! page as a small record, written as a script that sets one global.
//!
//! A script, not a JSON file fetched at run time, because browsers refuse
//! `fetch` for pages opened from disk; like mdBook's index, a script loads
//! the same way from `file://` and from any host. The matching itself is in
//! `assets/search.js`.

use super::context::{CaseView, ClaimRow, EntityRow, EventView, PageRef, SourceRow, Views};
use super::hashed::{self, Each};
use crate::link::{ClaimIx, EntityIx, EventIx, Graph, SourceIx};
use crate::model::prose::readable;
use crate::model::SitePath;
use rayon::prelude::*;
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
    p: SitePath,
    /// Words matched after the title: summary, aliases, topic, quotes.
    x: String,
}

/// The hash of every record of the index, by what it stands for, kept in
/// the views so that an edit remakes only its own; the records themselves
/// are made again, with the same functions, when the index is written.
#[derive(Clone, Default, Serialize)]
pub struct Records {
    pub claims: Vec<u64>,
    pub sources: Vec<u64>,
    pub entities: Vec<u64>,
    pub events: Vec<u64>,
    pub points: Vec<u64>,
    pub pages: Vec<u64>,
}

impl Records {
    /// The hash of each record made.
    pub fn of(made: &Made) -> Records {
        let print = |list: &[Record]| list.par_iter().map(hashed::fingerprint).collect();
        Records {
            claims: print(&made.claims),
            sources: print(&made.sources),
            entities: print(&made.entities),
            events: print(&made.events),
            points: print(&made.points),
            pages: print(&made.pages),
        }
    }
}

/// Every record of the index, made from the graph and the views.
pub struct Made {
    claims: Vec<Record>,
    sources: Vec<Record>,
    entities: Vec<Record>,
    events: Vec<Record>,
    points: Vec<Record>,
    pages: Vec<Record>,
}

impl Made {
    pub fn of(graph: &Graph, views: &Views) -> Made {
        let c = &graph.content;
        Made {
            claims: (0..c.claims.len())
                .into_par_iter()
                .map(ClaimIx::new)
                .map(|ci| claim(graph, &views.claims[ci], ci))
                .collect(),
            sources: (0..c.sources.len())
                .into_par_iter()
                .map(SourceIx::new)
                .map(|si| source(graph, &views.sources[si], si))
                .collect(),
            entities: (0..c.entities.len())
                .into_par_iter()
                .map(EntityIx::new)
                .map(|ei| entity(graph, &views.entities[ei], ei))
                .collect(),
            events: (0..c.events.len())
                .into_par_iter()
                .map(EventIx::new)
                .map(|i| event(graph, &views.events[i], i))
                .collect(),
            points: points([&views.bull, &views.bear]),
            pages: (0..c.pages.len())
                .map(|pi| page(graph, &views.site.pages[pi], pi))
                .collect(),
        }
    }
}

fn clip(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.char_indices().nth(MAX_TEXT) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text,
    }
}

pub fn claim(graph: &Graph, row: &ClaimRow, ci: ClaimIx) -> Record {
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
    Record {
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
    }
}

pub fn source(graph: &Graph, row: &SourceRow, si: SourceIx) -> Record {
    let source = &graph.content.sources[si];
    Record {
        k: "source",
        t: row.title.clone(),
        p: row.path.clone(),
        x: clip(&format!(
            "{} · {} · {}",
            row.publisher,
            row.kind,
            source
                .trust
                .as_ref()
                .map(|t| readable(t.as_str()))
                .unwrap_or_default()
        )),
    }
}

pub fn entity(graph: &Graph, row: &EntityRow, ei: EntityIx) -> Record {
    let entity = &graph.content.entities[ei];
    Record {
        k: "entity",
        t: row.name.clone(),
        p: row.path.clone(),
        x: clip(&format!(
            "{} · {} · {}",
            row.kind,
            row.aliases.join(", "),
            entity
                .summary
                .as_ref()
                .map(|s| readable(s.as_str()))
                .unwrap_or_default()
        )),
    }
}

pub fn event(graph: &Graph, view: &EventView, i: EventIx) -> Record {
    Record {
        k: "event",
        t: view.title.clone(),
        p: view.path.clone(),
        x: clip(&format!(
            "{} · {}",
            view.date.text,
            graph.content.events[i]
                .detail
                .as_ref()
                .map(|d| readable(d.as_str()))
                .unwrap_or_default()
        )),
    }
}

/// The points of both cases.
pub fn points(cases: [&CaseView; 2]) -> Vec<Record> {
    cases
        .iter()
        .flat_map(|case| {
            case.points.iter().map(|point| Record {
                k: "point",
                t: point.title.clone(),
                p: point.path.clone(),
                x: clip(&format!("{} · {}", case.title, point.strength.label)),
            })
        })
        .collect()
}

pub fn page(graph: &Graph, page: &PageRef, pi: usize) -> Record {
    Record {
        k: "page",
        t: page.title.clone(),
        p: page.path.clone(),
        x: clip(&format!(
            "{} {}",
            page.summary.as_deref().unwrap_or(""),
            readable(graph.content.pages[pi].body.as_str())
        )),
    }
}

/// What the index is made of: the hash of each record.
pub fn given(views: &Views) -> &Records {
    &views.search
}

/// The index script's text.
pub fn index_script(made: &Made) -> String {
    let records = made
        .claims
        .iter()
        .chain(&made.sources)
        .chain(&made.entities)
        .chain(&made.events)
        .chain(&made.points)
        .chain(&made.pages);
    let json = serde_json::to_string(&Each(|| records.clone())).unwrap_or_else(|_| "[]".into());
    // `<` escaped so the data can never close a script element, even if a
    // theme inlines it.
    let json = json.replace('<', "\\u003c");
    format!("/* Search index, generated by the build. */\nwindow.BRIEFING_SEARCH = {json};\n")
}
