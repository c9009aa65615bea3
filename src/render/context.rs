//! What the templates see: plain, serialisable views of the linked graph.
//!
//! Views carry display-ready values (dates in words at their precision,
//! statuses with labels, Markdown already rendered to HTML) and paths
//! relative to the site root; a template prefixes them with `root` so every
//! link is relative and the site works from any sub-path and from disk.
//! Views shared by many pages are built once.

use super::cite::{self, CitationView, ClaimNote, Refs};
use super::editions::EditionViews;
use super::hashed::{fingerprint, Hashed};
use super::markdown::typographic;
use super::{charts, exports, search};
use crate::link::{
    AnnotationRef, CasePart, Cited, ClaimIx, Delta, EntityIx, EventIx, Graph, Place, QuoteCheck,
    SourceIx, SourcePart, Status,
};
use crate::model::ui::Interface;
use crate::model::*;
use rayon::prelude::*;
use serde::Serialize;

#[derive(Serialize, Clone)]
pub struct DateView {
    /// In words at its precision: "18 June 2026", "Q2 2026".
    pub text: String,
    /// For `<time datetime>`.
    pub iso: String,
    pub precision: &'static str,
}

impl DateView {
    pub fn of(d: &Date) -> DateView {
        DateView {
            text: d.to_string(),
            iso: d.iso(),
            precision: d.precision().as_str(),
        }
    }
}

#[derive(Serialize, Clone)]
pub struct StatusView {
    pub key: &'static str,
    /// Position in the order statuses are listed (strongest first).
    pub rank: usize,
    /// The status in words, from the interface's words: shared, as every
    /// chip and quote of a claim repeats it.
    pub label: std::sync::Arc<str>,
    /// A shape that tells the statuses apart without color.
    pub shape: &'static str,
    pub strength: u8,
}

impl StatusView {
    pub fn of(s: Status, ui: &Interface) -> StatusView {
        StatusView {
            key: s.key(),
            rank: Status::ALL.iter().position(|x| *x == s).unwrap_or(0),
            label: ui.word(status_word(s)).into(),
            shape: status_shape(s),
            strength: s.strength(),
        }
    }
}

/// The interface word of a status.
fn status_word(s: Status) -> &'static str {
    match s {
        Status::Corroborated => "corroborated",
        Status::SingleSource => "single_source",
        Status::Contested => "contested",
        Status::LikelyError => "likely_error",
        Status::Unverified => "unverified",
        Status::Unsupported => "unsupported",
    }
}

/// A character whose shape tells the statuses apart without color:
/// filled, half, triangle, cross, hollow, dash.
fn status_shape(s: Status) -> &'static str {
    match s {
        Status::Corroborated => "\u{25CF}",
        Status::SingleSource => "\u{25D0}",
        Status::Contested => "\u{25B2}",
        Status::LikelyError => "\u{2715}",
        Status::Unverified => "\u{25CB}",
        Status::Unsupported => "\u{2013}",
    }
}

/// A link to any page: its id, its name and its path from the site root.
#[derive(Serialize, Clone)]
pub struct Ref {
    pub id: String,
    pub name: String,
    pub path: SitePath,
}

#[derive(Serialize, Clone)]
pub struct FigureView {
    pub metric: String,
    /// The value as people write it ("1,234.5").
    pub value: String,
    /// The number itself, for sorting and charts.
    pub raw: f64,
    pub unit: String,
}

#[derive(Serialize, Clone)]
pub struct ClaimRow {
    pub id: String,
    pub path: SitePath,
    pub statement: String,
    /// The statement cut to a few words, for breadcrumbs and tight spaces.
    pub short: String,
    pub topic: String,
    pub status: StatusView,
    /// What the evidence alone says; differs from `status` under a verdict.
    pub derived: StatusView,
    pub has_verdict: bool,
    pub supports: usize,
    pub qualifies: usize,
    pub disputes: usize,
    pub source_count: usize,
    /// Ids of the sources that annotate the claim, for filtering.
    pub source_ids: Vec<String>,
    pub figure: Option<FigureView>,
    /// The names the claim's sources tie to it: the entities' own refs,
    /// shared (entity edits are answered with a full build).
    pub entities: Vec<Hashed<Ref>>,
}

#[derive(Serialize, Clone)]
pub struct CheckView {
    pub verified: bool,
    /// "verified 23 November 2026 against the original", or why not: the
    /// same words for many quotes, held once (see [`Words`]).
    pub label: std::sync::Arc<str>,
}

/// One annotation, as shown on claim and source pages. At 10,000 sources
/// there are 50,000 of these, kept for watch mode: what many of them
/// repeat is shared, and what can be worked out from the rest is, as it
/// is serialised.
#[derive(Serialize, Clone)]
pub struct QuoteView {
    /// Anchor of the annotation on its source page.
    pub anchor: QuoteAnchor,
    pub source: Hashed<SourceRow>,
    /// The annotation's anchor on the source page, from the site root.
    pub source_path: QuotePath,
    pub claim: Hashed<Ref>,
    pub claim_status: StatusView,
    pub quote: String,
    /// `supports`, `qualifies` or `disputes`, for classes.
    pub stance: &'static str,
    /// The stance in the interface's words.
    pub stance_label: std::sync::Arc<str>,
    pub note_html: Option<String>,
    pub check: CheckView,
    /// The source's address, opening at the quoted passage (a text
    /// fragment), when the source has one.
    pub context_url: Option<String>,
}

/// An annotation's anchor on its source page, `quote-N` (N from 1), made
/// as it is serialised.
#[derive(Clone, Copy)]
pub struct QuoteAnchor(pub usize);

impl std::fmt::Display for QuoteAnchor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "quote-{}", self.0 + 1)
    }
}

impl Serialize for QuoteAnchor {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The path of an annotation on its source's page, from the site root,
/// made as it is serialised from the source's row it shares.
#[derive(Clone)]
pub struct QuotePath {
    pub source: Hashed<SourceRow>,
    pub anchor: QuoteAnchor,
}

impl Serialize for QuotePath {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!(
            "{}#{}",
            self.source.path.as_str(),
            self.anchor
        ))
    }
}

/// Words that many views repeat (a stance, a check), each held once for
/// the views made from one build.
#[derive(Default)]
pub struct Words(std::sync::Mutex<std::collections::HashSet<std::sync::Arc<str>>>);

impl Words {
    pub fn get(&self, word: &str) -> std::sync::Arc<str> {
        let mut held = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(w) = held.get(word) {
            return w.clone();
        }
        let w: std::sync::Arc<str> = word.into();
        held.insert(w.clone());
        w
    }
}

#[derive(Serialize, Clone)]
pub struct SourceRow {
    pub id: String,
    pub path: SitePath,
    pub title: String,
    pub publisher: String,
    pub author: Option<String>,
    pub published: Option<DateView>,
    pub published_note: Option<String>,
    pub kind: &'static str,
    pub annotations: usize,
    pub unverified: usize,
}

#[derive(Serialize, Clone)]
pub struct EventView {
    pub anchor: String,
    pub date: DateView,
    pub title: String,
    pub detail_html: Option<String>,
    pub expected: bool,
    pub claims: Vec<ClaimChip>,
    pub sources: Vec<Ref>,
    /// Path of the event on the timeline, from the site root.
    pub path: SitePath,
}

/// A claim cited as evidence: its statement, status and link.
#[derive(Serialize, Clone)]
pub struct ClaimChip {
    pub id: String,
    pub path: SitePath,
    pub statement: String,
    pub status: StatusView,
}

#[derive(Serialize, Clone)]
pub struct EntityRow {
    pub id: String,
    pub path: SitePath,
    pub name: String,
    pub kind: &'static str,
    pub aliases: Vec<String>,
    pub summary_html: Option<String>,
    pub claims: usize,
    pub sources: usize,
    pub events: usize,
}

#[derive(Serialize, Clone)]
pub struct StrengthView {
    /// 0-100: the mean strength of the cited claims.
    pub percent: u32,
    /// `percent` to the nearest 5, for the bar's width class (the pages'
    /// Content-Security-Policy allows no inline styles).
    pub step: u32,
    /// `strong`, `moderate`, `weak`, `very-weak` or `no-evidence`, for
    /// classes.
    pub key: String,
    /// The same in the interface's words.
    pub label: String,
}

#[derive(Serialize, Clone)]
pub struct PointView {
    pub anchor: String,
    pub path: SitePath,
    pub title: String,
    pub argument_html: String,
    pub claims: Vec<ClaimChip>,
    pub strength: StrengthView,
}

#[derive(Serialize, Clone)]
pub struct CaseView {
    pub side: &'static str,
    pub title: String,
    pub path: SitePath,
    pub intro_html: String,
    pub points: Vec<PointView>,
}

#[derive(Serialize, Clone)]
pub struct PageRef {
    pub id: String,
    pub path: SitePath,
    pub title: String,
    pub summary: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct StatusCount {
    pub status: StatusView,
    pub count: usize,
}

/// What every page can use: what changes only with briefing.yaml and the
/// list of free pages.
#[derive(Serialize, Clone)]
pub struct SiteView {
    pub title: String,
    /// The pages' language, a BCP 47 tag.
    pub lang: String,
    /// The published address, ending in `/`, when briefing.yaml gives one.
    pub base_url: Option<String>,
    pub question: String,
    pub as_of: DateView,
    /// The day to cite the briefing by: its latest edition's, else the
    /// as-of date.
    pub issued: DateView,
    pub authors: Vec<String>,
    pub pages: Vec<PageRef>,
    /// Whether the site has a print edition (`print/`): a briefing past
    /// [`super::print::MAX_CLAIMS`] claims or [`super::print::MAX_SOURCES`]
    /// sources has none.
    pub print: bool,
}

/// The briefing in brief: its bottom line and its counts, which change
/// with most edits. Kept apart from `site` so that only the pages whose
/// template reads it are rendered again when it changes.
#[derive(Serialize, Clone)]
pub struct SummaryView {
    pub bottom_line_html: String,
    pub counts: SiteCounts,
}

#[derive(Serialize, Clone)]
pub struct SiteCounts {
    pub sources: usize,
    pub claims: usize,
    pub events: usize,
    pub entities: usize,
    pub quotes: usize,
    pub unverified_quotes: usize,
    /// Claims with a figure, key or not.
    pub figures: usize,
    pub by_status: Vec<StatusCount>,
}

/// A claim page's own text beyond its row: its schema.org ClaimReview,
/// script-safe JSON, when the claim has a verdict. (The verdict note is
/// made into HTML as the page is rendered: see [`cite::Prose`].)
#[derive(Clone)]
pub struct ClaimTexts {
    pub jsonld: Hashed<Option<String>>,
}

/// A source page's own text beyond its row: its schema.org article
/// metadata, script-safe JSON. (The digest and the trust note are made
/// into HTML as the page is rendered: see [`cite::Prose`].)
#[derive(Clone)]
pub struct SourceTexts {
    pub jsonld: Hashed<String>,
}

/// Where [`Views::patch`] put records with a new hash: the addresses of
/// their slots, which pages that read them are fingerprinted by (see
/// [`super::hashed`]).
#[derive(Default)]
pub struct Changed {
    pub addresses: Vec<usize>,
}

impl Changed {
    /// Puts `value` in `slot`, noting the slot when the hash moved.
    pub(super) fn set<T: Serialize>(&mut self, slot: &mut Hashed<T>, value: T) {
        self.put(slot, Hashed::new(value));
    }

    pub(super) fn put<T>(&mut self, slot: &mut Hashed<T>, new: Hashed<T>) {
        if slot.hash() != new.hash() {
            self.addresses.push(slot.address());
        }
        *slot = new;
    }
}

/// A view every page is given, with the template engine's form of it made
/// once: a copy of that is a pointer's, where making it for each page
/// was a page's share of the work.
/// The two are made together and cannot be replaced apart.
pub struct Shared<T> {
    hashed: Hashed<T>,
    value: tera::Value,
}

impl<T: Serialize> Shared<T> {
    pub fn new(view: T) -> Shared<T> {
        Shared {
            value: tera::Value::from_serializable(&view),
            hashed: Hashed::new(view),
        }
    }

    pub fn hashed(&self) -> &Hashed<T> {
        &self.hashed
    }

    /// The template engine's form, shared: a copy is a pointer's.
    pub fn value(&self) -> &tera::Value {
        &self.value
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.hashed
    }
}

/// Every view, each record with the hash of its serialised form (see
/// [`Hashed`]). A full build makes them all; watch mode's fast path
/// remakes the records an edit reached, with the same functions.
pub struct Views {
    pub site: Shared<SiteView>,
    /// The interface's words, the templates' `ui`.
    pub ui: Shared<Interface>,
    pub summary: Hashed<SummaryView>,
    pub claims: Vec<Hashed<ClaimRow>>,
    /// The part of each claim's row a chip shows: pages listing a claim as
    /// a chip do not change with its counts.
    pub chips: Vec<Hashed<ClaimChip>>,
    /// Each claim as a link (its statement as the name).
    pub claim_refs: Vec<Hashed<Ref>>,
    pub claim_texts: Vec<ClaimTexts>,
    pub sources: Vec<Hashed<SourceRow>>,
    /// Each source as a link, named "publisher: title".
    pub source_refs: Vec<Hashed<Ref>>,
    pub source_texts: Vec<SourceTexts>,
    /// Per source, per annotation.
    pub quotes: Vec<Vec<Hashed<QuoteView>>>,
    pub entities: Vec<Hashed<EntityRow>>,
    /// Each entity's name and link alone, likewise.
    pub entity_refs: Vec<Hashed<Ref>>,
    pub events: Vec<Hashed<EventView>>,
    /// Each event as a link, named by its title.
    pub event_refs: Vec<Hashed<Ref>>,
    /// What a claim cited in prose shows beside it.
    pub notes: Vec<Hashed<ClaimNote>>,
    /// The passages citing each record.
    pub cited_in: CitedIn,
    pub bull: Hashed<CaseView>,
    pub bear: Hashed<CaseView>,
    /// Each free page as a link.
    pub page_refs: Vec<Hashed<Ref>>,
    /// Claims in the claims table's order: grouped by topic (topics in
    /// alphabetical order), the analyst's order within a topic.
    pub claim_order: Vec<ClaimIx>,
    /// Each claim's position in `claim_order`.
    pub claim_rank: Vec<usize>,
    /// The claims' topics, each once, in alphabetical order.
    pub topics: Vec<String>,
    /// Each claim's status, for grouping by status without reading every
    /// row.
    pub statuses: Vec<Status>,
    /// The claims with a key figure, in order, and their charts.
    pub figures: Vec<ClaimIx>,
    pub charts: Hashed<Vec<charts::Chart>>,
    /// The entities some claim names, by name: a filter of the claims
    /// table.
    pub claim_entities: Vec<EntityIx>,
    /// Per source, its entry in the claims table's source filter: its
    /// publisher, when it has annotations.
    pub source_filter: Vec<Option<Hashed<Ref>>>,
    /// The hashes of the search index's records, and of the data
    /// exports': set by the render, which makes the records once for both
    /// their hashes and their files.
    pub search: search::Records,
    pub exports: exports::Records,
    /// The editions, the draft and each claim's history.
    pub editions: EditionViews,
    /// The words the quotes share, kept for the quotes a patch makes again.
    pub words: Words,
    /// The long lists' pages.
    pub lists: super::parts::Lists,
}

pub fn claim_path(id: &ClaimId) -> SitePath {
    SitePath::new(format!("claims/{id}/index.html"))
}

pub fn source_path(id: &SourceId) -> SitePath {
    SitePath::new(format!("sources/{id}/index.html"))
}

pub fn entity_path(id: &EntityId) -> SitePath {
    SitePath::new(format!("entities/{id}/index.html"))
}

pub fn page_path(id: &PageId) -> SitePath {
    SitePath::new(format!("pages/{id}/index.html"))
}

pub fn case_path(side: Side) -> SitePath {
    SitePath::new(format!("{}/index.html", side.as_str()))
}

/// The passages citing each record, per kind (see [`cite::citations`]).
#[derive(Default)]
pub struct CitedIn {
    pub claims: Vec<Hashed<Vec<CitationView>>>,
    pub sources: Vec<Hashed<Vec<CitationView>>>,
    pub entities: Vec<Hashed<Vec<CitationView>>>,
    pub events: Vec<Hashed<Vec<CitationView>>>,
}

impl CitedIn {
    /// The list of the passages citing `cited`; free pages have none.
    fn slot(&mut self, cited: Cited) -> Option<&mut Hashed<Vec<CitationView>>> {
        match cited {
            Cited::Claim(ci) => Some(&mut self.claims[ci]),
            Cited::Source(si) => Some(&mut self.sources[si]),
            Cited::Entity(ei) => Some(&mut self.entities[ei]),
            Cited::Event(i) => Some(&mut self.events[i]),
            Cited::Page(_) => None,
        }
    }
}

/// A statement cut at a word to at most about 48 characters, with an
/// ellipsis when cut.
fn short(statement: &str) -> String {
    const MAX: usize = 48;
    if statement.chars().count() <= MAX {
        return statement.to_string();
    }
    let mut out = String::new();
    for word in statement.split_whitespace() {
        if !out.is_empty() && out.chars().count() + 1 + word.chars().count() > MAX {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    let out = out.trim_end_matches([',', ';', ':', '.']);
    format!("{out}\u{2026}")
}

/// A number as people write it: thousands separated, at most two decimals.
pub fn format_number(value: f64) -> String {
    let negative = value < 0.0;
    // Past about 1e306 the hundredths overflow: such a number has none.
    let rounded = match (value.abs() * 100.0).round() / 100.0 {
        r if r.is_finite() => r,
        _ => value.abs(),
    };
    // Written from the float, not through an integer type: `as u64` would
    // clamp 1e20 to 18,446,744,073,709,551,615.
    let digits = format!("{:.0}", rounded.trunc());
    let fraction = ((rounded - rounded.trunc()) * 100.0).round() as u64;
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let mut out = if negative {
        format!("-{grouped}")
    } else {
        grouped
    };
    if fraction > 0 {
        let f = format!("{fraction:02}");
        out.push('.');
        out.push_str(f.trim_end_matches('0'));
    }
    out
}

/// A claim as evidence: the part of its row a chip shows.
fn chip_of(row: &ClaimRow) -> ClaimChip {
    ClaimChip {
        id: row.id.clone(),
        path: row.path.clone(),
        statement: row.statement.clone(),
        status: row.status.clone(),
    }
}

fn check_view(check: QuoteCheck, ui: &Interface, words: &Words) -> CheckView {
    let (verified, label) = match check {
        QuoteCheck::Original { on, .. } => {
            (true, ui.fill("verified_on", &[("date", &on.to_string())]))
        }
        QuoteCheck::Lock { on, .. } => (
            true,
            ui.fill("verified_by_lock", &[("date", &on.to_string())]),
        ),
        QuoteCheck::NoOriginal => (false, ui.word("unverified_no_original").to_string()),
        QuoteCheck::Unchecked => (false, ui.word("unverified_unchecked").to_string()),
    };
    CheckView {
        verified,
        label: words.get(&label),
    }
}

fn strength(chips: &[ClaimChip], ui: &Interface) -> StrengthView {
    let (percent, key) = if chips.is_empty() {
        (0, "no_evidence")
    } else {
        let total: u32 = chips.iter().map(|c| u32::from(c.status.strength)).sum();
        let percent = total * 100 / (3 * chips.len() as u32);
        let key = match percent {
            80.. => "strong",
            55..=79 => "moderate",
            30..=54 => "weak",
            _ => "very_weak",
        };
        (percent, key)
    };
    StrengthView {
        percent,
        step: (percent + 2) / 5 * 5,
        key: key.replace('_', "-"),
        label: ui.word(key).to_string(),
    }
}

impl Views {
    pub fn build(graph: &Graph) -> Views {
        let c = &graph.content;
        // Each list is built in parallel: at tens of thousands of rows that
        // is felt.
        let entity_refs: Vec<Hashed<Ref>> = EntityIx::all(c.entities.len())
            .map(|ei| Hashed::new(entity_ref(graph, ei)))
            .collect();
        let claims: Vec<Hashed<ClaimRow>> = (0..c.claims.len())
            .into_par_iter()
            .map(ClaimIx::new)
            .map(|ci| Hashed::new(claim_row(graph, &entity_refs, ci)))
            .collect();
        let sources: Vec<Hashed<SourceRow>> = (0..c.sources.len())
            .into_par_iter()
            .map(SourceIx::new)
            .map(|si| Hashed::new(source_row(graph, si)))
            .collect();
        let chips: Vec<Hashed<ClaimChip>> =
            claims.par_iter().map(|r| Hashed::new(chip_of(r))).collect();
        // What prose shows of the records it cites comes first: the rest
        // of the views hold prose.
        let notes: Vec<Hashed<ClaimNote>> = (0..c.claims.len())
            .into_par_iter()
            .map(ClaimIx::new)
            .map(|ci| Hashed::new(cite::claim_note(graph, &chips[ci], &sources, ci)))
            .collect();
        let event_refs: Vec<Hashed<Ref>> = EventIx::all(c.events.len())
            .map(|i| Hashed::new(event_ref(graph, i)))
            .collect();
        let site = site_view(graph);
        let page_refs: Vec<Hashed<Ref>> = site
            .pages
            .iter()
            .map(|p| {
                Hashed::new(Ref {
                    id: p.id.clone(),
                    name: p.title.clone(),
                    path: p.path.clone(),
                })
            })
            .collect();
        let refs = Refs {
            ids: &graph.ids,
            ui: &c.briefing.interface,
            notes: &notes,
            sources: &sources,
            entities: &entity_refs,
            events: &event_refs,
            pages: &page_refs,
        };
        let entities: Vec<Hashed<EntityRow>> = (0..c.entities.len())
            .into_par_iter()
            .map(EntityIx::new)
            .map(|ei| Hashed::new(entity_row(graph, &refs, ei)))
            .collect();
        let events: Vec<Hashed<EventView>> = (0..c.events.len())
            .into_par_iter()
            .map(EventIx::new)
            .map(|i| Hashed::new(event_view(graph, &chips, &refs, i)))
            .collect();
        let claim_refs: Vec<Hashed<Ref>> = claims
            .par_iter()
            .map(|r| Hashed::new(claim_ref(r)))
            .collect();
        let words = Words::default();
        let quotes: Vec<Vec<Hashed<QuoteView>>> = (0..c.sources.len())
            .into_par_iter()
            .map(SourceIx::new)
            .map(|si| {
                (0..c.sources[si].annotations.len())
                    .map(|index| {
                        Hashed::new(quote_view(
                            graph,
                            &claims,
                            &claim_refs,
                            &refs,
                            &words,
                            AnnotationRef { source: si, index },
                        ))
                    })
                    .collect()
            })
            .collect();
        let bull = Hashed::new(case_view(graph, &claims, &refs, Side::Bull));
        let bear = Hashed::new(case_view(graph, &claims, &refs, Side::Bear));
        let summary = Hashed::new(summary_view(graph, &refs));
        let editions = EditionViews::build(graph, &refs, [&bull, &bear]);
        let list = |cited_in: &[crate::link::Citation]| {
            Hashed::new(cite::citations(graph, &refs, cited_in))
        };
        let cited_in = CitedIn {
            claims: graph.claims.par_iter().map(|l| list(&l.cited_in)).collect(),
            sources: graph
                .sources
                .par_iter()
                .map(|l| list(&l.cited_in))
                .collect(),
            entities: graph
                .entities
                .par_iter()
                .map(|l| list(&l.cited_in))
                .collect(),
            events: graph.events.par_iter().map(|l| list(&l.cited_in)).collect(),
        };
        let claim_order = table_order(&claims);
        let mut claim_rank = vec![0; claims.len()];
        for (rank, &ci) in claim_order.iter().enumerate() {
            claim_rank[ci] = rank;
        }
        let ui = c.briefing.interface.map_words(typographic);
        let mut views = Views {
            site: Shared::new(site),
            lists: super::parts::Lists::of(graph, &ui),
            ui: Shared::new(ui),
            summary,
            chips,
            claim_refs,
            claim_texts: (0..c.claims.len())
                .into_par_iter()
                .map(ClaimIx::new)
                .map(|ci| claim_texts(graph, &claims[ci], ci, &editions))
                .collect(),
            source_refs: sources
                .par_iter()
                .map(|r| Hashed::new(source_ref(r)))
                .collect(),
            source_texts: (0..c.sources.len())
                .into_par_iter()
                .map(SourceIx::new)
                .map(|si| source_texts(graph, &sources[si], si))
                .collect(),
            entity_refs,
            event_refs,
            notes,
            cited_in,
            page_refs,
            quotes,
            events,
            bull,
            bear,
            claims,
            sources,
            entities,
            claim_order,
            claim_rank,
            topics: Vec::new(),
            statuses: graph.claims.iter().map(|l| l.status).collect(),
            figures: crate::model::key_figures(&c.claims)
                .into_iter()
                .map(ClaimIx::new)
                .collect(),
            charts: Hashed::new(Vec::new()),
            claim_entities: Vec::new(),
            source_filter: Vec::new(),
            search: search::Records::default(),
            exports: exports::Records::default(),
            editions,
            words,
        };
        views.charts = figure_charts(&views.claims, &views.figures);
        views.topics = {
            let mut topics: Vec<String> = c.claims.iter().map(|c| c.topic.clone()).collect();
            topics.sort_unstable();
            topics.dedup();
            topics
        };
        views.claim_entities = {
            let mut named: Vec<EntityIx> = graph
                .claims
                .iter()
                .flat_map(|l| l.entities.iter().copied())
                .collect();
            named.sort_unstable();
            named.dedup();
            named.sort_by_cached_key(|&e| views.entities[e].name.to_lowercase());
            named
        };
        views.source_filter = views.sources.iter().map(|s| source_filter(s)).collect();
        views
    }

    /// The names the claims table's filter offers, in its order: those
    /// some claim has.
    pub fn filter_entities(&self) -> impl Iterator<Item = &Hashed<Ref>> {
        self.claim_entities.iter().map(|&e| &self.entity_refs[e])
    }

    /// The sources the claims table's filter offers, in its order: those
    /// that annotate some claim.
    pub fn filter_sources(&self) -> impl Iterator<Item = &Hashed<Ref>> {
        self.source_filter.iter().flatten()
    }

    /// What references in prose are shown with.
    pub fn refs<'v>(&'v self, graph: &'v Graph) -> Refs<'v> {
        Refs {
            ids: &graph.ids,
            ui: &self.ui,
            notes: &self.notes,
            sources: &self.sources,
            entities: &self.entity_refs,
            events: &self.event_refs,
            pages: &self.page_refs,
        }
    }

    /// Brings the views up to date after [`crate::link::relink`] changed
    /// what `delta` names, with the functions [`Views::build`] uses: the
    /// records of the changed sources, claims and entities, the quotes
    /// that show them, the events that cite them, the prose that cites
    /// them, the lists of passages citing what the changed sources' prose
    /// cites, and the cases and the summary, which are cheap and always
    /// remade. Which records an edited source reaches is said here, and
    /// only here: a new view that shows a source's or a claim's data must
    /// be remade here too (the property test in tests/incremental.rs
    /// catches one that is not).
    pub fn patch(&mut self, graph: &Graph, delta: &Delta) -> Changed {
        let mut changed = Changed::default();
        for &ci in &delta.claims {
            changed.set(
                &mut self.claims[ci],
                claim_row(graph, &self.entity_refs, ci),
            );
            changed.set(&mut self.chips[ci], chip_of(&self.claims[ci]));
            changed.set(&mut self.claim_refs[ci], claim_ref(&self.claims[ci]));
            let texts = claim_texts(graph, &self.claims[ci], ci, &self.editions);
            changed.put(&mut self.claim_texts[ci].jsonld, texts.jsonld);
            self.search.claims[ci] = fingerprint(&search::claim(graph, &self.claims[ci], ci));
            self.statuses[ci] = graph.claims[ci].status;
            self.exports.claims[ci] =
                fingerprint(&exports::claim(graph, &self.claims[ci].path, ci));
        }
        for &si in &delta.sources {
            changed.set(&mut self.sources[si], source_row(graph, si));
            changed.set(&mut self.source_refs[si], source_ref(&self.sources[si]));
            let texts = source_texts(graph, &self.sources[si], si);
            changed.put(&mut self.source_texts[si].jsonld, texts.jsonld);
            self.search.sources[si] = fingerprint(&search::source(graph, &self.sources[si], si));
            let filter = source_filter(&self.sources[si]);
            match (&mut self.source_filter[si], filter) {
                (Some(slot), Some(new)) => changed.put(slot, new),
                (slot, new) => {
                    if let Some(old) = slot {
                        changed.addresses.push(old.address());
                    }
                    *slot = new;
                }
            }
            self.exports.sources[si] = fingerprint(&exports::source(graph, &self.sources[si], si));
        }
        // A claim's note shows its row and its strongest quote, whose
        // source annotates it: a changed source's claims are in the delta.
        for &ci in &delta.claims {
            let note = cite::claim_note(graph, &self.chips[ci], &self.sources, ci);
            changed.set(&mut self.notes[ci], note);
        }
        for &ei in &delta.entities {
            let row = entity_row(graph, &self.refs(graph), ei);
            changed.set(&mut self.entities[ei], row);
            self.search.entities[ei] = fingerprint(&search::entity(graph, &self.entities[ei], ei));
        }
        self.lists.patch(graph, &self.ui, &delta.entities);
        // The prose that cites a changed claim or source shows it: the
        // views that hold such prose are made again.
        let mut citing: Vec<Place> = delta
            .claims
            .iter()
            .flat_map(|&ci| &graph.claims[ci].cited_in)
            .chain(
                delta
                    .sources
                    .iter()
                    .flat_map(|&si| &graph.sources[si].cited_in),
            )
            .map(|c| c.place)
            .collect();
        citing.sort_unstable();
        citing.dedup();
        // In order, as `citing` is.
        let mut events_to_make: Vec<EventIx> = Vec::new();
        let mut quotes_to_make: Vec<AnnotationRef> = Vec::new();
        for &place in &citing {
            match place {
                Place::Event(i) => events_to_make.push(i),
                Place::Entity(ei) if delta.entities.binary_search(&ei).is_err() => {
                    let refs = self.refs(graph);
                    let row = entity_row(graph, &refs, ei);
                    changed.set(&mut self.entities[ei], row);
                }
                Place::Source(si, SourcePart::Note(index)) => {
                    quotes_to_make.push(AnnotationRef { source: si, index })
                }
                // The rest is made into HTML as its page is rendered, or
                // always made again below.
                _ => {}
            }
        }
        // A changed source's quotes are made again; when their number
        // changed, the list is replaced whole, and every old slot counts
        // as changed.
        for &si in &delta.sources {
            let now = graph.content.sources[si].annotations.len();
            let fresh: Vec<QuoteView> = {
                let refs = self.refs(graph);
                (0..now)
                    .map(|index| {
                        quote_view(
                            graph,
                            &self.claims,
                            &self.claim_refs,
                            &refs,
                            &self.words,
                            AnnotationRef { source: si, index },
                        )
                    })
                    .collect()
            };
            if self.quotes[si].len() == now {
                for (ai, view) in fresh.into_iter().enumerate() {
                    changed.set(&mut self.quotes[si][ai], view);
                }
            } else {
                let fresh: Vec<Hashed<QuoteView>> = fresh.into_iter().map(Hashed::new).collect();
                changed
                    .addresses
                    .extend(self.quotes[si].iter().map(Hashed::address));
                self.quotes[si] = fresh;
            }
        }
        // The quotes of changed claims show the claim's statement and
        // status; the quotes whose notes cite a change show it too.
        for &ci in &delta.claims {
            let links = &graph.claims[ci];
            quotes_to_make.extend(
                links
                    .supports
                    .iter()
                    .chain(&links.qualifies)
                    .chain(&links.disputes),
            );
        }
        quotes_to_make.sort_unstable();
        quotes_to_make.dedup();
        for r in quotes_to_make {
            if delta.sources.binary_search(&r.source).is_err() {
                let view = quote_view(
                    graph,
                    &self.claims,
                    &self.claim_refs,
                    &self.refs(graph),
                    &self.words,
                    r,
                );
                changed.set(&mut self.quotes[r.source][r.index], view);
            }
        }
        for (i, links) in EventIx::all(graph.events.len()).zip(&graph.events) {
            let cites_a_change = links
                .claims
                .iter()
                .any(|c| delta.claims.binary_search(c).is_ok())
                || links
                    .sources
                    .iter()
                    .any(|s| delta.sources.binary_search(s).is_ok())
                || events_to_make.binary_search(&i).is_ok();
            if cites_a_change {
                let view = event_view(graph, &self.chips, &self.refs(graph), i);
                changed.set(&mut self.events[i], view);
                self.search.events[i] = fingerprint(&search::event(graph, &self.events[i], i));
                self.exports.events[i] = fingerprint(&exports::event(graph, i));
            }
        }
        {
            let refs = self.refs(graph);
            let (bull, bear) = (
                case_view(graph, &self.claims, &refs, Side::Bull),
                case_view(graph, &self.claims, &refs, Side::Bear),
            );
            let summary = summary_view(graph, &refs);
            changed.set(&mut self.bull, bull);
            changed.set(&mut self.bear, bear);
            changed.set(&mut self.summary, summary);
        }
        {
            // What changed since the last edition follows every edit.
            let refs = self.refs(graph);
            let fresh = EditionViews::build(graph, &refs, [&self.bull, &self.bear]);
            self.editions.patch(fresh, &mut changed);
        }
        self.search.points = search::points([&self.bull, &self.bear])
            .iter()
            .map(fingerprint)
            .collect();
        if delta
            .claims
            .iter()
            .any(|ci| self.figures.binary_search(ci).is_ok())
        {
            let charts = figure_charts(&self.claims, &self.figures);
            changed.put(&mut self.charts, charts);
        }
        // The passages citing a record: those the changed sources' prose
        // cites (or cited), and those whose sentence names a changed
        // source.
        let mut lists: Vec<Cited> = delta.cited.clone();
        for &si in &delta.sources {
            for c in &graph.sources[si].cited_in {
                if let Some(prose) = crate::link::prose_at(&graph.content, c.place) {
                    lists.extend(self.refs(graph).cited(prose));
                }
            }
        }
        lists.sort_unstable();
        lists.dedup();
        for cited in lists {
            let fresh = cite::citations(graph, &self.refs(graph), graph.citations(cited));
            if let Some(slot) = self.cited_in.slot(cited) {
                changed.set(slot, fresh);
            }
        }
        changed
    }
}

/// One annotation as a quote view.
fn quote_view(
    graph: &Graph,
    claims: &[Hashed<ClaimRow>],
    claim_refs: &[Hashed<Ref>],
    refs: &Refs,
    words: &Words,
    r: AnnotationRef,
) -> QuoteView {
    let source = &graph.content.sources[r.source];
    let a = &source.annotations[r.index];
    // An annotation reached from a claim resolved to it: a graph with
    // an unresolved one fails the link and is never rendered.
    let ci = graph.sources[r.source].annotation_claims[r.index]
        .expect("a rendered graph has every annotation resolved");
    let row = &claims[ci];
    let anchor = QuoteAnchor(r.index);
    QuoteView {
        source_path: QuotePath {
            source: refs.sources[r.source].clone(),
            anchor,
        },
        anchor,
        source: refs.sources[r.source].clone(),
        claim: claim_refs[ci].clone(),
        claim_status: row.status.clone(),
        quote: a.quote.value.clone(),
        stance: a.stance.as_str(),
        stance_label: words.get(refs.ui.word(a.stance.as_str())),
        note_html: refs.html(
            graph,
            Place::Source(r.source, SourcePart::Note(r.index)),
            true,
        ),
        check: check_view(
            graph.sources[r.source].checks[r.index],
            &graph.content.briefing.interface,
            words,
        ),
        context_url: source
            .url
            .as_ref()
            .map(|u| super::fragment::quote_link(&u.value, &a.quote.value)),
    }
}

fn figure_charts(claims: &[Hashed<ClaimRow>], figures: &[ClaimIx]) -> Hashed<Vec<charts::Chart>> {
    let rows: Vec<&Hashed<ClaimRow>> = figures.iter().map(|&ci| &claims[ci]).collect();
    Hashed::new(charts::charts(&rows, ""))
}

/// A source as the claims table's filter names it, when it has
/// annotations.
fn source_filter(row: &SourceRow) -> Option<Hashed<Ref>> {
    (row.annotations > 0).then(|| {
        Hashed::new(Ref {
            id: row.id.clone(),
            name: row.publisher.clone(),
            path: row.path.clone(),
        })
    })
}

fn claim_ref(row: &ClaimRow) -> Ref {
    Ref {
        id: row.id.clone(),
        name: row.statement.clone(),
        path: row.path.clone(),
    }
}

fn source_ref(row: &SourceRow) -> Ref {
    Ref {
        id: row.id.clone(),
        name: format!("{}: {}", row.publisher, row.title),
        path: row.path.clone(),
    }
}

fn entity_ref(graph: &Graph, ei: EntityIx) -> Ref {
    let e = &graph.content.entities[ei];
    Ref {
        id: e.id.value.to_string(),
        name: typographic(&e.name),
        path: entity_path(&e.id.value),
    }
}

fn event_ref(graph: &Graph, i: EventIx) -> Ref {
    let e = &graph.content.events[i];
    Ref {
        id: e
            .id
            .as_ref()
            .map_or_else(|| event_anchor(i), |id| id.value.to_string()),
        name: typographic(&e.title),
        path: event_path(graph, i),
    }
}

/// An event's anchor on the timeline.
pub fn event_anchor(i: EventIx) -> String {
    format!("event-{}", i.get() + 1)
}

/// An event on the page of the timeline that shows it.
pub fn event_path(graph: &Graph, i: EventIx) -> SitePath {
    let split = super::parts::events(graph);
    split.path(split.page_of(i.get())).at(&event_anchor(i))
}

fn claim_texts(graph: &Graph, row: &ClaimRow, ci: ClaimIx, editions: &EditionViews) -> ClaimTexts {
    let claim = &graph.content.claims[ci];
    ClaimTexts {
        jsonld: Hashed::new(super::jsonld::claim_review(
            &graph.content.briefing,
            claim,
            &row.status.label,
            &row.path,
            &editions.claim_corrections[ci],
        )),
    }
}

fn source_texts(graph: &Graph, row: &SourceRow, si: SourceIx) -> SourceTexts {
    let source = &graph.content.sources[si];
    SourceTexts {
        jsonld: Hashed::new(super::jsonld::source_article(
            &graph.content.briefing,
            row,
            source.url.as_ref().map(|u| u.value.as_str()),
        )),
    }
}

/// The claims table's order (see [`Views::claim_order`]).
fn table_order(claims: &[Hashed<ClaimRow>]) -> Vec<ClaimIx> {
    let mut topics: Vec<&str> = claims.iter().map(|c| c.topic.as_str()).collect();
    topics.sort_unstable();
    topics.dedup();
    let mut order: Vec<ClaimIx> = ClaimIx::all(claims.len()).collect();
    // Stable: the analyst's order stays within a topic.
    order.sort_by_key(|&i| topics.binary_search(&claims[i].topic.as_str()).unwrap_or(0));
    order
}

fn claim_row(graph: &Graph, entity_refs: &[Hashed<Ref>], ci: ClaimIx) -> ClaimRow {
    let c = &graph.content;
    let ui = &c.briefing.interface;
    let (claim, links) = (&c.claims[ci], &graph.claims[ci]);
    ClaimRow {
        id: claim.id.value.to_string(),
        path: claim_path(&claim.id.value),
        statement: typographic(&claim.statement),
        short: short(&typographic(&claim.statement)),
        topic: claim.topic.clone(),
        status: StatusView::of(links.status, ui),
        derived: StatusView::of(links.derived, ui),
        has_verdict: claim.verdict.is_some(),
        supports: links.supports.len(),
        qualifies: links.qualifies.len(),
        disputes: links.disputes.len(),
        source_count: links.sources.len(),
        source_ids: links
            .sources
            .iter()
            .map(|&si| c.sources[si].id.to_string())
            .collect(),
        figure: claim.figure.as_ref().map(|f| FigureView {
            metric: typographic(&f.metric),
            value: format_number(f.value),
            raw: f.value,
            unit: f.unit.clone(),
        }),
        entities: links
            .entities
            .iter()
            .map(|&e| entity_refs[e].clone())
            .collect(),
    }
}

fn source_row(graph: &Graph, si: SourceIx) -> SourceRow {
    let (s, links) = (&graph.content.sources[si], &graph.sources[si]);
    SourceRow {
        id: s.id.to_string(),
        path: source_path(&s.id),
        title: typographic(&s.title),
        publisher: typographic(&s.publisher),
        author: s.author.as_deref().map(typographic),
        published: match s.published {
            Published::Known(d) => Some(DateView::of(&d)),
            Published::Unknown => None,
        },
        published_note: s.published_note.as_deref().map(typographic),
        kind: s.kind.as_str(),
        annotations: s.annotations.len(),
        unverified: links.checks.iter().filter(|c| !c.is_verified()).count(),
    }
}

fn event_view(graph: &Graph, chips: &[Hashed<ClaimChip>], refs: &Refs, i: EventIx) -> EventView {
    let (e, links) = (&graph.content.events[i], &graph.events[i]);
    let sources = refs.sources;
    EventView {
        anchor: event_anchor(i),
        date: DateView::of(&e.date),
        title: typographic(&e.title),
        detail_html: refs.html(graph, Place::Event(i), false),
        expected: links.expected,
        claims: links
            .claims
            .iter()
            .map(|&ci| ClaimChip::clone(&chips[ci]))
            .collect(),
        sources: links
            .sources
            .iter()
            .map(|&si| Ref {
                id: sources[si].id.clone(),
                name: sources[si].publisher.clone(),
                path: sources[si].path.clone(),
            })
            .collect(),
        path: event_path(graph, i),
    }
}

fn entity_row(graph: &Graph, refs: &Refs, ei: EntityIx) -> EntityRow {
    let (e, links) = (&graph.content.entities[ei], &graph.entities[ei]);
    EntityRow {
        id: e.id.value.to_string(),
        path: entity_path(&e.id.value),
        name: typographic(&e.name),
        kind: e.kind.as_str(),
        aliases: e.aliases.clone(),
        summary_html: refs.html(graph, Place::Entity(ei), true),
        claims: links.claims.len(),
        sources: links.sources.len(),
        events: links.events.len(),
    }
}

fn case_view(graph: &Graph, claims: &[Hashed<ClaimRow>], refs: &Refs, side: Side) -> CaseView {
    let (case, cited) = graph.case(side);
    CaseView {
        side: side.as_str(),
        title: case_title(graph, side),
        path: case_path(side),
        intro_html: refs
            .html(graph, Place::Case(side, CasePart::Intro), false)
            .unwrap_or_default(),
        points: case
            .points
            .iter()
            .zip(cited)
            .enumerate()
            .map(|(i, (p, cited))| {
                let chips: Vec<ClaimChip> = cited.iter().map(|&ci| chip_of(&claims[ci])).collect();
                PointView {
                    anchor: format!("point-{}", i + 1),
                    path: case_path(side).at(&format!("point-{}", i + 1)),
                    title: typographic(&p.title),
                    argument_html: refs
                        .html(graph, Place::Case(side, CasePart::Point(i)), false)
                        .unwrap_or_default(),
                    strength: strength(&chips, &graph.content.briefing.interface),
                    claims: chips,
                }
            })
            .collect(),
    }
}

/// A case's title: the one its file gives, or the interface's word for
/// its side.
pub fn case_title(graph: &Graph, side: Side) -> String {
    let (case, _) = graph.case(side);
    let ui = &graph.content.briefing.interface;
    match &case.title {
        Some(title) => typographic(title),
        None => ui
            .word(match side {
                Side::Bull => "bull_case",
                Side::Bear => "bear_case",
            })
            .to_string(),
    }
}

fn site_view(graph: &Graph) -> SiteView {
    let c = &graph.content;
    SiteView {
        title: typographic(&c.briefing.title),
        lang: c.briefing.interface.lang.clone(),
        base_url: c.briefing.base_url.as_ref().map(|b| b.as_str().to_string()),
        question: typographic(&c.briefing.question),
        as_of: DateView::of(&c.briefing.as_of),
        issued: c
            .editions
            .last()
            .and_then(|e| Date::parse(&e.date))
            .map_or_else(|| DateView::of(&c.briefing.as_of), |d| DateView::of(&d)),
        authors: c.briefing.authors.clone(),
        print: super::print::wanted(graph),
        pages: c
            .pages
            .iter()
            .map(|p| PageRef {
                id: p.id.to_string(),
                path: page_path(&p.id),
                title: typographic(&p.title),
                summary: p.summary.as_deref().map(typographic),
            })
            .collect(),
    }
}

fn summary_view(graph: &Graph, refs: &Refs) -> SummaryView {
    let c = &graph.content;
    let ui = &c.briefing.interface;
    let by_status = Status::ALL
        .iter()
        .map(|&s| StatusCount {
            status: StatusView::of(s, ui),
            count: graph.claims.iter().filter(|l| l.status == s).count(),
        })
        .filter(|sc| sc.count > 0)
        .collect();
    SummaryView {
        bottom_line_html: refs
            .html(graph, Place::BottomLine, false)
            .unwrap_or_default(),
        counts: SiteCounts {
            sources: c.sources.len(),
            claims: c.claims.len(),
            events: c.events.len(),
            entities: c.entities.len(),
            quotes: graph.quotes.total,
            unverified_quotes: graph.quotes.unverified,
            figures: c.claims.iter().filter(|c| c.figure.is_some()).count(),
            by_status,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_statement_is_cut_at_a_word() {
        assert_eq!(short("The talks are early."), "The talks are early.");
        assert_eq!(
            short(
                "The talks are at an early stage: no buyer has been named and no deal announced."
            ),
            "The talks are at an early stage: no buyer has\u{2026}"
        );
        assert!(short(&"x".repeat(80)).starts_with("xxxx"));
    }

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(format_number(50.0), "50");
        assert_eq!(format_number(193.7), "193.7");
        assert_eq!(format_number(1234567.0), "1,234,567");
        assert_eq!(format_number(1e20), "100,000,000,000,000,000,000");
        assert_eq!(format_number(-2.5e19), "-25,000,000,000,000,000,000");
        // Past the hundredths' range: the whole number, not `inf`.
        let largest = format_number(1.7e308);
        assert_eq!(
            largest.chars().filter(char::is_ascii_digit).count(),
            309,
            "{largest}"
        );
        assert_eq!(format_number(0.25), "0.25");
        assert_eq!(format_number(-2.5), "-2.5");
    }

    /// A quote's anchor and path are made as they are serialised, from
    /// its number and its source's row, and read as the strings they were.
    #[test]
    fn a_quote_anchor_and_path_serialise_as_text() {
        let row = Hashed::new(SourceRow {
            id: "wire".into(),
            path: SitePath::new("sources/wire/index.html"),
            title: "T".into(),
            publisher: "P".into(),
            author: None,
            published: None,
            published_note: None,
            kind: "news",
            annotations: 3,
            unverified: 0,
        });
        let path = QuotePath {
            source: row,
            anchor: QuoteAnchor(2),
        };
        assert_eq!(serde_json::to_value(QuoteAnchor(0)).unwrap(), "quote-1");
        assert_eq!(
            serde_json::to_value(&path).unwrap(),
            "sources/wire/index.html#quote-3"
        );
    }

    /// Words asked for twice are held once.
    #[test]
    fn shared_words_are_held_once() {
        let words = Words::default();
        let a = words.get("Unverified: the source names no original text");
        let b = words.get("Unverified: the source names no original text");
        let c = words.get("Supports");
        assert!(std::sync::Arc::ptr_eq(&a, &b));
        assert!(!std::sync::Arc::ptr_eq(&a, &c));
        assert_eq!(&*c, "Supports");
    }
}
