//! Long lists split over pages.
//!
//! The claims table, the sources and the names are lists that grow with
//! the archive. Past `rows_per_page` rows (briefing.yaml) a list is cut into
//! pages of that many rows, in the list's own order: the first stays at the
//! list's address (`claims/index.html`), the others follow it
//! (`claims/page/2/index.html`), so a page's size no longer grows with the
//! briefing. Every row stays on exactly one page, which is where the record's
//! own page points back to.
//!
//! A name's own page lists the claims, sources and events that name it, and
//! a name in thousands of sources is cut the same way: its `n`th page shows
//! the `n`th `rows_per_page` of each of the three lists
//! (`entities/<id>/page/2/index.html`).

use crate::link::{EntityIx, Graph};
use crate::model::ui::Interface;
use crate::model::SitePath;
use serde::Serialize;
use std::ops::Range;

/// How a list of `total` rows is cut.
#[derive(Clone)]
pub struct Split {
    /// The list's folder from the site root: `claims`, `sources`,
    /// `entities/<id>`.
    pub folder: std::borrow::Cow<'static, str>,
    pub total: usize,
    pub per_page: usize,
}

/// With more pages than this, a page links to the first, the last and its
/// nearest neighbours only, so that the links stay few at any size.
const ALL_LINKS_UP_TO: usize = 12;
/// How many pages on each side of the current one are linked.
const NEAR: usize = 2;

impl Split {
    /// How many pages the list takes: one at least, even when empty.
    pub fn count(&self) -> usize {
        self.total.div_ceil(self.per_page.max(1)).max(1)
    }

    /// The page the `row`th row (from 0, in the list's order) is on.
    pub fn page_of(&self, row: usize) -> usize {
        row / self.per_page.max(1)
    }

    /// Where the `page`th page (from 0) goes.
    pub fn path(&self, page: usize) -> SitePath {
        match page {
            0 => SitePath::new(format!("{}/index.html", self.folder)),
            n => SitePath::new(format!("{}/page/{}/index.html", self.folder, n + 1)),
        }
    }

    /// The rows on the `page`th page.
    pub fn rows(&self, page: usize) -> Range<usize> {
        let per = self.per_page.max(1);
        (page * per).min(self.total)..((page + 1) * per).min(self.total)
    }

    /// Every page of the list, as templates are given them. `list` is the
    /// list's name in the interface's words (`Claims`).
    pub fn parts(&self, list: &str, ui: &Interface) -> Vec<Part> {
        let count = self.count();
        (0..count)
            .map(|page| {
                let rows = self.rows(page);
                let number = (page + 1).to_string();
                let title = if count == 1 {
                    list.to_string()
                } else {
                    ui.fill(
                        "list_page",
                        &[
                            ("list", list),
                            ("number", &number),
                            ("count", &count.to_string()),
                        ],
                    )
                };
                let linked: Vec<usize> = (0..count)
                    .filter(|&p| {
                        count <= ALL_LINKS_UP_TO
                            || p == 0
                            || p + 1 == count
                            || p.abs_diff(page) <= NEAR
                    })
                    .collect();
                let links = linked
                    .iter()
                    .enumerate()
                    .map(|(k, &p)| PartLink {
                        number: p + 1,
                        path: self.path(p),
                        current: p == page,
                        gap_before: k > 0 && p > linked[k - 1] + 1,
                    })
                    .collect();
                Part {
                    number: page + 1,
                    count,
                    first: rows.start + 1,
                    last: rows.end,
                    total: self.total,
                    path: self.path(page),
                    title,
                    shown: ui.fill(
                        "rows_of",
                        &[
                            ("first", &(rows.start + 1).to_string()),
                            ("last", &rows.end.to_string()),
                            ("total", &self.total.to_string()),
                        ],
                    ),
                    links,
                }
            })
            .collect()
    }
}

/// The lists that are split, as the pages show them.
pub struct Lists {
    pub claims: List,
    pub sources: List,
    pub entities: List,
    /// The timeline's events, in date order.
    pub events: List,
    /// The page of the timeline the as-of line is on.
    pub as_of_page: usize,
    /// The as-of line on it, from the site root.
    pub as_of: SitePath,
    /// Each name's own pages.
    pub entity: Vec<List>,
    /// Per page of a name, in the order they are rendered: the name, and
    /// which of its pages.
    pub entity_pages: Vec<(EntityIx, usize)>,
}

/// A list's split and its pages.
pub struct List {
    pub split: Split,
    pub parts: Vec<Part>,
}

impl List {
    fn new(split: Split, name: &str, ui: &Interface) -> List {
        List {
            parts: split.parts(name, ui),
            split,
        }
    }

    /// Where the `row`th row is, with `anchor` (the row's id).
    pub fn listed(&self, row: usize, anchor: &str) -> SitePath {
        self.split.path(self.split.page_of(row)).at(anchor)
    }
}

impl Lists {
    pub fn of(graph: &Graph, ui: &Interface) -> Lists {
        let events = events(graph);
        let c = &graph.content;
        let line = super::timeline::as_of_index(&c.events, c.briefing.as_of);
        let as_of_page = events.page_of(line).min(events.count() - 1);
        let as_of = events.path(as_of_page).at("as-of");
        let entity: Vec<List> = EntityIx::all(graph.entities.len())
            .map(|ei| entity_list(graph, ei, ui))
            .collect();
        // In the order of [`entity_pages`], from the splits just made.
        let entity_pages = EntityIx::all(entity.len())
            .flat_map(|ei| (0..entity[ei].parts.len()).map(move |page| (ei, page)))
            .collect();
        Lists {
            claims: List::new(claims(graph), ui.word("claims"), ui),
            sources: List::new(sources(graph), ui.word("sources"), ui),
            entities: List::new(entities(graph), ui.word("entities"), ui),
            events: List::new(events, ui.word("timeline"), ui),
            as_of_page,
            as_of,
            entity,
            entity_pages,
        }
    }

    /// Makes the pages of the names in `changed` again, after an edit that
    /// changed what names them; their number of pages stays (an edit that
    /// changes it changes the site's pages, which the caller checks).
    pub fn patch(&mut self, graph: &Graph, ui: &Interface, changed: &[EntityIx]) {
        for &ei in changed {
            self.entity[ei] = entity_list(graph, ei, ui);
        }
    }
}

/// A name's pages: the claims, sources and events naming it, cut alike,
/// as many pages as the longest of the three needs. Its title on a page
/// is the name.
fn entity_list(graph: &Graph, ei: EntityIx, ui: &Interface) -> List {
    let name = crate::render::markdown::typographic(&graph.content.entities[ei].name);
    List::new(entity(graph, ei), &name, ui)
}

/// How a name's own page is cut.
pub fn entity(graph: &Graph, ei: EntityIx) -> Split {
    let links = &graph.entities[ei];
    let id = &graph.content.entities[ei].id.value;
    Split {
        folder: format!("entities/{id}").into(),
        total: links
            .claims
            .len()
            .max(links.sources.len())
            .max(links.events.len()),
        per_page: graph.content.briefing.rows_per_page,
    }
}

/// Every page of every name, in order: the name and which of its pages.
pub fn entity_pages(graph: &Graph) -> impl Iterator<Item = (EntityIx, usize)> + '_ {
    EntityIx::all(graph.entities.len())
        .flat_map(move |ei| (0..entity(graph, ei).count()).map(move |page| (ei, page)))
}

fn split(graph: &Graph, folder: &'static str, total: usize) -> Split {
    Split {
        folder: folder.into(),
        total,
        per_page: graph.content.briefing.rows_per_page,
    }
}

/// The claims table: rows in [`super::context::Views::claim_order`].
pub fn claims(graph: &Graph) -> Split {
    split(graph, "claims", graph.content.claims.len())
}

/// The sources, in the briefing's order of sources.
pub fn sources(graph: &Graph) -> Split {
    split(graph, "sources", graph.content.sources.len())
}

/// The names, in the briefing's order of entities.
pub fn entities(graph: &Graph) -> Split {
    split(graph, "entities", graph.content.entities.len())
}

/// The timeline: events in date order (their order in the briefing).
pub fn events(graph: &Graph) -> Split {
    split(graph, "timeline", graph.content.events.len())
}

/// One page of a list.
#[derive(Clone, Serialize)]
pub struct Part {
    /// From 1.
    pub number: usize,
    /// How many pages the list has; 1 when it is not split.
    pub count: usize,
    /// The first and last row on this page, from 1.
    pub first: usize,
    pub last: usize,
    /// Rows in the whole list.
    pub total: usize,
    pub path: SitePath,
    /// The page's title: the list's name, and which page this is when
    /// there are several.
    pub title: String,
    /// "201–400 of 10,000", in the interface's words.
    pub shown: String,
    /// The pages this one links to, in order.
    pub links: Vec<PartLink>,
}

#[derive(Clone, Serialize)]
pub struct PartLink {
    pub number: usize,
    pub path: SitePath,
    pub current: bool,
    /// Whether pages are skipped between the previous link and this one.
    pub gap_before: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(total: usize, per_page: usize) -> Split {
        Split {
            folder: "claims".into(),
            total,
            per_page,
        }
    }

    #[test]
    fn every_row_is_on_exactly_one_page() {
        for (total, per) in [(0, 5), (1, 5), (5, 5), (6, 5), (1001, 200), (10_000, 200)] {
            let s = split(total, per);
            let mut seen = 0;
            for page in 0..s.count() {
                let rows = s.rows(page);
                assert_eq!(rows.start, seen, "{total}/{per} page {page}");
                assert!(rows.len() <= per);
                for row in rows.clone() {
                    assert_eq!(s.page_of(row), page);
                }
                seen = rows.end;
            }
            assert_eq!(seen, total);
        }
        assert_eq!(split(0, 5).count(), 1);
        assert_eq!(split(6, 5).count(), 2);
    }

    #[test]
    fn pages_have_their_own_addresses_and_link_to_a_few_others() {
        let s = split(10_000, 200);
        assert_eq!(s.path(0).as_str(), "claims/index.html");
        assert_eq!(s.path(1).as_str(), "claims/page/2/index.html");
        let parts = s.parts("Claims", &Interface::default());
        assert_eq!(parts.len(), 50);
        let p = &parts[9];
        assert_eq!(p.title, "Claims, page 10 of 50");
        assert_eq!(p.shown, "1801–2000 of 10000");
        let numbers: Vec<usize> = p.links.iter().map(|l| l.number).collect();
        assert_eq!(numbers, [1, 8, 9, 10, 11, 12, 50]);
        assert!(p.links.iter().filter(|l| l.current).all(|l| l.number == 10));
        let gaps: Vec<usize> = p
            .links
            .iter()
            .filter(|l| l.gap_before)
            .map(|l| l.number)
            .collect();
        assert_eq!(gaps, [8, 50]);
        let few = split(30, 10).parts("Claims", &Interface::default());
        assert_eq!(few[0].links.len(), 3);
        let one = split(3, 10).parts("Claims", &Interface::default());
        assert_eq!((one[0].title.as_str(), one[0].count), ("Claims", 1));
    }
}
