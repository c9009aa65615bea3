//! Fingerprints of what each page shows, for rebuilding only what changed.
//!
//! Every view a page draws on (a claim's row, a source's row, an event, an
//! annotation, the site's common header) gets a hash of its serialised
//! form, or of the Markdown it will render; a page's fingerprint combines
//! the hashes of everything it shows. Watch mode re-renders the pages whose
//! fingerprint moved. The test that keeps this honest compares incremental
//! output with a full build, byte for byte.

use super::context::Views;
use super::Job;
use crate::link::{AnnotationRef, Delta, Graph};
use crate::model::Side;
use rayon::prelude::*;
use serde::Serialize;
use std::hash::Hash;
use xxhash_rust::xxh3::Xxh3;

/// Feeds serialised bytes straight into a hasher, with no buffer. XXH3:
/// fast, and well spread enough that a changed page does not go unnoticed.
struct HashWriter(Xxh3);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn of<T: Serialize + ?Sized>(value: &T) -> u64 {
    let mut w = HashWriter(Xxh3::new());
    // Serialising our own view structs to JSON cannot fail.
    let _ = serde_json::to_writer(&mut w, value);
    w.0.digest()
}

/// Combines hashes, in order, under a tag naming the kind of page.
struct Mix(Xxh3);

impl Mix {
    fn new(tag: &str) -> Mix {
        let mut h = Xxh3::new();
        tag.hash(&mut h);
        Mix(h)
    }
    fn add(&mut self, value: u64) -> &mut Mix {
        value.hash(&mut self.0);
        self
    }
    fn all(&mut self, values: impl IntoIterator<Item = u64>) -> &mut Mix {
        let mut n = 0u64;
        for v in values {
            v.hash(&mut self.0);
            n += 1;
        }
        n.hash(&mut self.0);
        self
    }
    fn text(&mut self, text: Option<&str>) -> &mut Mix {
        text.hash(&mut self.0);
        self
    }
    fn done(&self) -> u64 {
        self.0.digest()
    }
}

/// Hashes of the views pages are made of.
pub struct Nodes {
    /// Whether every page shows the whole site summary (a theme that puts
    /// `site.counts` in base.html, say), not only the front page.
    site_wide: bool,
    site_common: u64,
    site_full: u64,
    claims: Vec<u64>,
    /// Of the part of a claim's row that a chip shows: pages listing a
    /// claim as a chip do not change with its counts.
    chips: Vec<u64>,
    sources: Vec<u64>,
    entities: Vec<u64>,
    /// Of an entity's name and link alone, likewise.
    entity_refs: Vec<u64>,
    events: Vec<u64>,
    pages: Vec<u64>,
    /// Per source, per annotation.
    annotations: Vec<Vec<u64>>,
    cases: [u64; 2],
}

impl Nodes {
    pub fn build(graph: &Graph, views: &Views, site_wide: bool) -> Nodes {
        let c = &graph.content;
        let (site_common, site_full) = site_nodes(graph, views, site_wide);
        let claims: Vec<u64> = views.claims.par_iter().map(of).collect();
        let annotations = (0..c.sources.len())
            .into_par_iter()
            .map(|si| {
                (0..c.sources[si].annotations.len())
                    .map(|ai| annotation_node(graph, &claims, si, ai))
                    .collect()
            })
            .collect();
        Nodes {
            site_wide,
            site_common,
            site_full,
            chips: (0..views.claims.len())
                .into_par_iter()
                .map(|ci| of(&views.chip(ci)))
                .collect(),
            sources: views.sources.par_iter().map(of).collect(),
            entities: views.entities.par_iter().map(of).collect(),
            entity_refs: (0..views.entities.len())
                .map(|ei| of(&views.entity_ref(ei)))
                .collect(),
            events: views.events.par_iter().map(of).collect(),
            pages: c
                .pages
                .iter()
                .zip(&views.site.pages)
                .map(|(p, r)| {
                    Mix::new("page")
                        .add(of(r))
                        .text(Some(p.body.as_str()))
                        .done()
                })
                .collect(),
            annotations,
            cases: [of(&views.bull), of(&views.bear)],
            claims,
        }
    }

    /// Rehashes what [`Views::patch`] rebuilt: the rows `delta` names, the
    /// `events` given, the annotations of changed sources and of changed
    /// claims, the cases and the site.
    pub fn patch(&mut self, graph: &Graph, views: &Views, delta: &Delta, events: &[usize]) {
        for &ci in &delta.claims {
            self.claims[ci] = of(&views.claims[ci]);
            self.chips[ci] = of(&views.chip(ci));
        }
        for &si in &delta.sources {
            self.sources[si] = of(&views.sources[si]);
            self.annotations[si] = (0..graph.content.sources[si].annotations.len())
                .map(|ai| annotation_node(graph, &self.claims, si, ai))
                .collect();
        }
        for &ci in &delta.claims {
            let links = &graph.claims[ci];
            for r in links
                .supports
                .iter()
                .chain(&links.qualifies)
                .chain(&links.disputes)
            {
                self.annotations[r.source][r.index] =
                    annotation_node(graph, &self.claims, r.source, r.index);
            }
        }
        for &ei in &delta.entities {
            self.entities[ei] = of(&views.entities[ei]);
            self.entity_refs[ei] = of(&views.entity_ref(ei));
        }
        for &i in events {
            self.events[i] = of(&views.events[i]);
        }
        self.cases = [of(&views.bull), of(&views.bear)];
        (self.site_common, self.site_full) = site_nodes(graph, views, self.site_wide);
    }

    fn annotation(&self, r: AnnotationRef) -> u64 {
        self.annotations[r.source][r.index]
    }
}

/// The part of the site view every page shows, and all of it.
fn site_nodes(graph: &Graph, views: &Views, site_wide: bool) -> (u64, u64) {
    let site = &views.site;
    let common = Mix::new("site")
        .add(of(&(&site.title, &site.question, &site.authors)))
        .add(of(&site.as_of))
        .add(of(&site.pages))
        .text(graph.content.briefing.base_url.as_ref().map(|b| b.as_str()))
        .done();
    let full = Mix::new("site-full").add(common).add(of(site)).done();
    if site_wide {
        (full, full)
    } else {
        (common, full)
    }
}

/// One annotation as claim and source pages show it, with the row of the
/// claim it cites.
fn annotation_node(graph: &Graph, claims: &[u64], si: usize, ai: usize) -> u64 {
    let a = &graph.content.sources[si].annotations[ai];
    let ci = graph.sources[si].annotation_claims[ai];
    let mut m = Mix::new("annotation");
    m.text(Some(&a.quote.value))
        .text(Some(a.stance.as_str()))
        .text(a.note.as_ref().map(|n| n.as_str()))
        .add(of(&format!("{:?}", graph.sources[si].checks[ai])))
        .add(ci.and_then(|ci| claims.get(ci)).copied().unwrap_or(0));
    m.done()
}

/// The neighbours of the `i`th item of `list`, which previous/next links
/// name.
fn neighbours<T: Copy>(list: &[T], i: usize) -> [Option<T>; 2] {
    [
        i.checked_sub(1).and_then(|j| list.get(j)).copied(),
        list.get(i + 1).copied(),
    ]
}

/// The hashes of an item's neighbours in its list.
fn neighbour_hashes(list: &[u64], i: usize) -> [u64; 2] {
    neighbours(list, i).map(|h| h.unwrap_or(0))
}

/// The fingerprint of each job's page, of the search index, and of the
/// data exports.
pub fn fingerprints(graph: &Graph, views: &Views, n: &Nodes, jobs: &[Job]) -> (Vec<u64>, u64, u64) {
    let c = &graph.content;
    let pages = jobs
        .par_iter()
        .map(|&job| match job {
            Job::Claim(ci) => {
                let links = &graph.claims[ci];
                let quotes = links
                    .supports
                    .iter()
                    .chain(&links.qualifies)
                    .chain(&links.disputes);
                let mut m = Mix::new("claim");
                m.add(n.site_common)
                    .add(n.claims[ci])
                    .text(c.claims[ci].verdict_note.as_ref().map(|v| v.as_str()))
                    .all(quotes.flat_map(|&r| [n.sources[r.source], n.annotation(r)]))
                    .all(links.events.iter().map(|&e| n.events[e]))
                    .all(
                        links
                            .points
                            .iter()
                            .map(|&(side, _)| n.cases[(side == Side::Bear) as usize]),
                    )
                    .all(links.sources.iter().map(|&s| n.sources[s]))
                    .all(
                        neighbours(&views.claim_order, views.claim_rank[ci])
                            .map(|other| other.map_or(0, |o| n.chips[o])),
                    );
                m.done()
            }
            Job::Source(si) => {
                let s = &c.sources[si];
                let links = &graph.sources[si];
                let mut m = Mix::new("source");
                m.add(n.site_common)
                    .add(n.sources[si])
                    .text(s.url.as_ref().map(|u| u.value.as_str()))
                    .add(of(&s.relies_on))
                    .text(s.trust.as_ref().map(|t| t.as_str()))
                    .text(Some(s.digest.as_str()))
                    .all(n.annotations[si].iter().copied())
                    .all(links.claims.iter().map(|&ci| n.chips[ci]))
                    .all(links.entities.iter().map(|&e| n.entity_refs[e]))
                    .all(links.events.iter().map(|&e| n.events[e]))
                    .all(neighbour_hashes(&n.sources, si));
                m.done()
            }
            Job::Entity(ei) => {
                let links = &graph.entities[ei];
                let mut m = Mix::new("entity");
                m.add(n.site_common)
                    .add(n.entities[ei])
                    .all(links.claims.iter().map(|&ci| n.chips[ci]))
                    .all(links.sources.iter().map(|&s| n.sources[s]))
                    .all(links.events.iter().map(|&e| n.events[e]))
                    .all(neighbour_hashes(&n.entity_refs, ei));
                m.done()
            }
            Job::Page(pi) => Mix::new("page")
                .add(n.site_common)
                .add(n.pages[pi])
                .all(neighbour_hashes(&n.pages, pi))
                .done(),
            Job::Index => {
                let mut m = Mix::new("index");
                m.add(n.site_full)
                    .all(
                        views
                            .claims
                            .iter()
                            .zip(&n.claims)
                            .filter(|(r, _)| r.figure.is_some())
                            .map(|(_, &h)| h),
                    )
                    .all(n.cases)
                    .all(
                        views
                            .events
                            .iter()
                            .zip(&n.events)
                            .filter(|(e, _)| e.expected)
                            .map(|(_, &h)| h),
                    );
                m.done()
            }
            Job::Timeline => Mix::new("timeline")
                .add(n.site_common)
                .all(n.events.iter().copied())
                .done(),
            Job::Claims => Mix::new("claims")
                .add(n.site_common)
                .all(n.claims.iter().copied())
                .all(n.entities.iter().copied())
                .all(n.sources.iter().copied())
                .done(),
            Job::Case(side) => Mix::new(side.as_str())
                .add(n.site_common)
                .all(n.cases)
                .done(),
            Job::Sources => Mix::new("sources")
                .add(n.site_common)
                .all(n.sources.iter().copied())
                .done(),
            Job::Entities => Mix::new("entities")
                .add(n.site_common)
                .all(n.entities.iter().copied())
                .done(),
            Job::Search => Mix::new("search").add(n.site_common).done(),
            Job::NotFound => Mix::new("404").add(n.site_common).done(),
        })
        .collect();
    let search = Mix::new("search-index")
        .all(n.claims.iter().copied())
        .all(n.annotations.iter().flatten().copied())
        .all(n.sources.iter().copied())
        .all(
            c.sources
                .iter()
                .map(|s| of(&s.trust.as_ref().map(|t| t.as_str()))),
        )
        .all(n.entities.iter().copied())
        .all(
            c.entities
                .iter()
                .map(|e| of(&e.summary.as_ref().map(|s| s.as_str()))),
        )
        .all(n.events.iter().copied())
        .all(
            c.events
                .iter()
                .map(|e| of(&e.detail.as_ref().map(|d| d.as_str()))),
        )
        .all(n.cases)
        .all(n.pages.iter().copied())
        .done();
    let data = Mix::new("data")
        .add(search)
        .add(n.site_full)
        .all(c.claims.iter().map(|cl| {
            of(&(
                cl.verdict_note.as_ref().map(|v| v.as_str()),
                &cl.figure.as_ref().map(|f| f.value),
            ))
        }))
        .all(c.sources.iter().map(|s| {
            of(&(
                &s.relies_on,
                s.url.as_ref().map(|u| u.value.as_str()),
                &s.author,
            ))
        }))
        .done();
    (pages, search, data)
}
