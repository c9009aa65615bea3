//! Stage 2, link: turn loaded content into one checked graph.
//!
//! Resolves every id (claims, sources, entities) to an index, reporting each
//! unknown or duplicate id at its line with the nearest known id; derives each
//! claim's status from its evidence; computes the back-links every page shows
//! (who quotes a claim, which events and case points cite it, what names an
//! entity); and verifies quotes against the originals or the lock. Nothing
//! here reads files or knows about HTML.

mod citations;
pub mod editions;
mod ix;
mod mentions;
pub mod quotes;
mod relink;
mod sources;
mod verify;

pub use citations::{all_places, prose_at, CasePart, Citation, Cited, Ids, Place, SourcePart};
pub use ix::{ClaimIx, EntityIx, EventIx, SourceIx};
pub use mentions::LinkCache;
use mentions::*;
pub use relink::{relink, Delta, Relinked};
use sources::*;
use verify::*;

use crate::diagnostics::{suggest, Diagnostic, Diagnostics};
use crate::model::*;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

/// A claim's standing, derived from its evidence or set by a verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Corroborated,
    SingleSource,
    Contested,
    LikelyError,
    Unverified,
    Unsupported,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Corroborated,
        Status::SingleSource,
        Status::Contested,
        Status::LikelyError,
        Status::Unverified,
        Status::Unsupported,
    ];

    /// The status whose [`Status::key`] is `key`.
    pub fn from_key(key: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The stable key used in CSS classes, URLs and data exports.
    pub fn key(self) -> &'static str {
        match self {
            Status::Corroborated => "corroborated",
            Status::SingleSource => "single-source",
            Status::Contested => "contested",
            Status::LikelyError => "likely-error",
            Status::Unverified => "unverified",
            Status::Unsupported => "unsupported",
        }
    }

    /// How much a case point can lean on a claim of this status, 0 to 3.
    pub fn strength(self) -> u8 {
        match self {
            Status::Corroborated => 3,
            Status::SingleSource => 2,
            Status::Contested | Status::Unverified => 1,
            Status::LikelyError | Status::Unsupported => 0,
        }
    }

    fn from_verdict(v: Verdict) -> Status {
        match v {
            Verdict::Corroborated => Status::Corroborated,
            Verdict::Contested => Status::Contested,
            Verdict::LikelyError => Status::LikelyError,
            Verdict::Unverified => Status::Unverified,
        }
    }
}

/// Whether a quote was checked against its source's original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteCheck {
    /// Found in the original during this build.
    Original { on: Date, line: usize },
    /// Not checked now, but an earlier build found the same text (lock).
    Lock { on: Date, line: usize },
    /// The source names no original.
    NoOriginal,
    /// The original is not available and the lock has no matching entry.
    Unchecked,
}

impl QuoteCheck {
    pub fn is_verified(self) -> bool {
        matches!(self, QuoteCheck::Original { .. } | QuoteCheck::Lock { .. })
    }
}

/// One annotation, by source index and position in that source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct AnnotationRef {
    pub source: SourceIx,
    pub index: usize,
}

#[derive(Debug, Clone)]
pub struct ClaimLinks {
    pub status: Status,
    /// What the evidence alone says, shown beside an overriding verdict.
    pub derived: Status,
    pub supports: Vec<AnnotationRef>,
    pub qualifies: Vec<AnnotationRef>,
    pub disputes: Vec<AnnotationRef>,
    /// Distinct sources that annotate the claim, in source order.
    pub sources: Vec<SourceIx>,
    pub entities: Vec<EntityIx>,
    pub events: Vec<EventIx>,
    /// Case points citing the claim: the side and the point's position.
    pub points: Vec<(Side, usize)>,
    /// Inline references to the claim, in [`Place`] order.
    pub cited_in: Vec<Citation>,
}

#[derive(Debug, Clone, Default)]
pub struct SourceLinks {
    /// Claims this source annotates, each once, in annotation order.
    pub claims: Vec<ClaimIx>,
    pub entities: Vec<EntityIx>,
    pub events: Vec<EventIx>,
    /// Per annotation, in order.
    pub checks: Vec<QuoteCheck>,
    /// Per annotation: the claim it resolves to; `None` when its claim is
    /// unknown (or claims.yaml did not load), which fails the link.
    pub annotation_claims: Vec<Option<ClaimIx>>,
    /// Inline references to the source, in [`Place`] order.
    pub cited_in: Vec<Citation>,
    /// The records the source's own prose cites, each once.
    pub cites: Vec<Cited>,
}

#[derive(Debug, Clone, Default)]
pub struct EntityLinks {
    pub claims: Vec<ClaimIx>,
    pub sources: Vec<SourceIx>,
    pub events: Vec<EventIx>,
    /// Inline references to the entity, in [`Place`] order.
    pub cited_in: Vec<Citation>,
}

#[derive(Debug, Clone, Default)]
pub struct EventLinks {
    pub claims: Vec<ClaimIx>,
    pub sources: Vec<SourceIx>,
    /// After the briefing's as-of date (or marked expected).
    pub expected: bool,
    /// Inline references to the event, in [`Place`] order.
    pub cited_in: Vec<Citation>,
}

#[derive(Debug, Clone, Default)]
pub struct QuoteStats {
    pub total: usize,
    pub checked_now: usize,
    pub from_lock: usize,
    pub unverified: usize,
}

/// The linked briefing: the content plus every resolved reference.
#[derive(Debug)]
pub struct Graph {
    pub content: Content,
    pub claims: Vec<ClaimLinks>,
    pub sources: Vec<SourceLinks>,
    pub entities: Vec<EntityLinks>,
    /// Events sorted by date (stable for equal dates).
    pub events: Vec<EventLinks>,
    /// Per case point, the claims it cites.
    pub bull: Vec<Vec<ClaimIx>>,
    pub bear: Vec<Vec<ClaimIx>>,
    pub quotes: QuoteStats,
    /// The lock file to write, when this build verified quotes and the
    /// result differs from the lock it read.
    pub lock_update: Option<Vec<LockedQuote>>,
    /// Every record's index by id: for resolving the annotations and
    /// references of a source linked again on its own, and the render's
    /// references.
    pub ids: Ids,
}

impl Graph {
    /// The inline references to a record; free pages keep none.
    pub fn citations(&self, cited: Cited) -> &[Citation] {
        match cited {
            Cited::Claim(ci) => &self.claims[ci].cited_in,
            Cited::Source(si) => &self.sources[si].cited_in,
            Cited::Entity(ei) => &self.entities[ei].cited_in,
            Cited::Event(i) => &self.events[i].cited_in,
            Cited::Page(_) => &[],
        }
    }

    pub fn case(&self, side: Side) -> (&Case, &[Vec<ClaimIx>]) {
        match side {
            Side::Bull => (&self.content.bull, &self.bull),
            Side::Bear => (&self.content.bear, &self.bear),
        }
    }
}

/// Indexes ids of one kind, reporting duplicates; `ix` makes the kind's
/// index from a position.
fn index_ids<'a, T: 'a + Eq + std::hash::Hash + std::fmt::Display, I>(
    items: impl Iterator<Item = &'a Spanned<T>>,
    ix: fn(usize) -> I,
    what: &str,
    diags: &mut Diagnostics,
) -> HashMap<&'a T, I> {
    let mut index: HashMap<&T, I> = HashMap::default();
    let mut first: HashMap<&T, &Spanned<T>> = HashMap::default();
    for (i, item) in items.enumerate() {
        if let Some(prev) = first.get(&item.value) {
            diags.push(
                Diagnostic::error(item.span, format!("duplicate {what} id `{}`", item.value))
                    .with_hint(format!(
                        "it is first defined on line {}; give one of them another id",
                        prev.span.line
                    )),
            );
            continue;
        }
        first.insert(&item.value, item);
        index.insert(&item.value, ix(i));
    }
    index
}

/// Resolves a reference, or reports it with the nearest known id.
fn resolve<T, K, I: Copy>(
    reference: &Spanned<T>,
    index: &HashMap<K, I>,
    what: &str,
    defined_in: &str,
    diags: &mut Diagnostics,
) -> Option<I>
where
    T: Eq + std::hash::Hash + AsRef<str>,
    K: std::borrow::Borrow<T> + Eq + std::hash::Hash + AsRef<str>,
{
    if let Some(&i) = index.get(&reference.value) {
        return Some(i);
    }
    let unknown = reference.value.as_ref();
    let hint = suggest(unknown, index.keys().map(|k| k.as_ref()), || {
        format!("define it in {defined_in}, or fix the id")
    });
    diags.push(
        Diagnostic::error(reference.span, format!("unknown {what} id `{unknown}`")).with_hint(hint),
    );
    None
}

macro_rules! as_ref_str {
    ($($t:ty),*) => {$(
        impl AsRef<str> for $t {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }
    )*};
}
as_ref_str!(ClaimId, SourceId, EntityId, EventId, PageId);

/// Links `content`; `today` stamps quotes verified in this build. On
/// errors the content comes back, so watch mode can keep it for the next
/// attempt.
pub fn link(
    mut content: Content,
    today: Date,
    cache: &mut LinkCache,
    diags: &mut Diagnostics,
) -> Result<Graph, Box<Content>> {
    content.events.sort_by_key(|e| e.date);
    let errors_before = diags.error_count();

    let claim_index = index_ids(
        content.claims.iter().map(|c| &c.id),
        ClaimIx::new,
        "claim",
        diags,
    );
    let entity_index = index_ids(
        content.entities.iter().map(|e| &e.id),
        EntityIx::new,
        "entity",
        diags,
    );
    let source_spans: Vec<Spanned<SourceId>> = content
        .sources
        .iter()
        .map(|s| Spanned::new(s.id.clone(), crate::diagnostics::Span::file_start(s.file)))
        .collect();
    let source_index = index_ids(source_spans.iter(), SourceIx::new, "source", diags);
    let event_index = index_ids(
        content.events.iter().filter_map(|e| e.id.as_ref()),
        |_| (),
        "event",
        diags,
    );
    let ids = Ids {
        claims: owned(&claim_index),
        sources: owned(&source_index),
        entities: owned(&entity_index),
        // Events are indexed by position among all events, ids or not.
        events: EventIx::all(content.events.len())
            .zip(&content.events)
            .filter_map(|(i, e)| e.id.as_ref().map(|id| (id.value.clone(), i)))
            .filter(|(id, _)| event_index.contains_key(id))
            .rev()
            .collect(),
        pages: content
            .pages
            .iter()
            .enumerate()
            .map(|(p, page)| (page.id.clone(), p))
            .collect(),
    };

    let mut claims: Vec<ClaimLinks> = content
        .claims
        .iter()
        .map(|_| ClaimLinks {
            status: Status::Unsupported,
            derived: Status::Unsupported,
            supports: Vec::new(),
            qualifies: Vec::new(),
            disputes: Vec::new(),
            sources: Vec::new(),
            entities: Vec::new(),
            events: Vec::new(),
            points: Vec::new(),
            cited_in: Vec::new(),
        })
        .collect();
    let mut entities = vec![EntityLinks::default(); content.entities.len()];
    let mut sources = vec![SourceLinks::default(); content.sources.len()];

    // A list file that failed to load stands in empty: references into it
    // are not checked, so its own errors are not echoed as unknown ids.
    let unread = content.unread;

    // Claims -> entities.
    for (ci, claim) in ClaimIx::all(content.claims.len()).zip(&content.claims) {
        if unread.entities {
            break;
        }
        for e in &claim.entities {
            if let Some(ei) = resolve(e, &entity_index, "entity", "entities.yaml", diags) {
                push_unique(&mut claims[ci].entities, ei);
                push_ascending(&mut entities[ei].claims, ci);
            }
        }
    }

    // Sources -> claims, through annotations.
    for (si, source) in SourceIx::all(content.sources.len()).zip(&content.sources) {
        let links = &mut sources[si];
        links.annotation_claims = resolve_annotations(source, &ids.claims, unread.claims, diags);
        attach_annotations(&mut claims, links, si, source);
    }

    // Events -> claims and sources.
    let as_of = content.briefing.as_of;
    let mut events = Vec::with_capacity(content.events.len());
    for (ei, event) in EventIx::all(content.events.len()).zip(&content.events) {
        let mut links = EventLinks {
            expected: event.expected || event.date.is_after(&as_of),
            ..EventLinks::default()
        };
        for c in event.claims.iter().filter(|_| !unread.claims) {
            if let Some(ci) = resolve(c, &claim_index, "claim", "claims.yaml", diags) {
                push_unique(&mut links.claims, ci);
                push_ascending(&mut claims[ci].events, ei);
            }
        }
        for s in &event.sources {
            if content.unloaded.contains(&s.value) {
                continue;
            }
            if let Some(si) = resolve(s, &source_index, "source", "sources/<id>.md", diags) {
                push_unique(&mut links.sources, si);
                push_ascending(&mut sources[si].events, ei);
            }
        }
        if event.expected
            && !event.date.is_after(&as_of)
            && event.date.last_day() < as_of.first_day()
        {
            diags.push(
                Diagnostic::warning(
                    event.span,
                    format!(
                        "`{}` is marked expected but dated before as_of ({as_of})",
                        event.title
                    ),
                )
                .with_hint(
                    "if it happened, set `expected: false`; if it slipped, give its new date",
                ),
            );
        }
        if !event.expected && event.date.is_after(&as_of) {
            diags.push(
                Diagnostic::warning(
                    event.span,
                    format!(
                        "`{}` is dated after as_of ({as_of}) but not marked expected",
                        event.title
                    ),
                )
                .with_hint("set `expected: true`, or move as_of in briefing.yaml"),
            );
        }
        events.push(links);
    }

    // Case points -> claims.
    let points_of = |case: &Case, diags: &mut Diagnostics, claims: &mut Vec<ClaimLinks>| {
        case.points
            .iter()
            .enumerate()
            .map(|(pi, p)| {
                let mut cited = Vec::new();
                for c in p.claims.iter().filter(|_| !unread.claims) {
                    if let Some(ci) = resolve(c, &claim_index, "claim", "claims.yaml", diags) {
                        push_unique(&mut cited, ci);
                        if !claims[ci].points.contains(&(case.side, pi)) {
                            claims[ci].points.push((case.side, pi));
                        }
                    }
                }
                cited
            })
            .collect::<Vec<_>>()
    };
    let bull = points_of(&content.bull, diags, &mut claims);
    let bear = points_of(&content.bear, diags, &mut claims);

    // Statuses, claim by claim in parallel (each reads only its own links).
    claims
        .par_iter_mut()
        .zip(&content.claims)
        .for_each(|(links, claim)| derive_status(links, claim, &content.sources));
    // A source that did not load may be what supports a claim.
    let complete = content.unloaded.is_empty();
    for (claim, links) in content.claims.iter().zip(&claims) {
        if complete {
            report_unsupported(claim, links, diags);
        }
    }

    // Entity mentions in sources and events, with one automaton for all.
    report_shared_names(&content.entities, diags);
    cache.fit_entities(&content.entities);
    link_mentions(&content, &claims, cache, &mut entities, &mut sources);
    let (matcher, owner) = cache.matcher.as_ref().expect("fitted above");
    for (ei, event) in EventIx::all(content.events.len()).zip(&content.events) {
        let links: &EventLinks = &events[ei];
        for &ci in &links.claims {
            for &en in &claims[ci].entities {
                push_ascending(&mut entities[en].events, ei);
            }
        }
        let text = format!(
            "{} {}",
            event.title,
            event.detail.as_ref().map(Markdown::as_str).unwrap_or("")
        );
        for en in mentions_with(matcher, owner, &text) {
            push_ascending(&mut entities[en].events, ei);
        }
    }
    for list in entities.iter_mut() {
        list.claims.sort_unstable();
        list.sources.sort_unstable();
        list.events.sort_unstable();
    }

    // Inline references in prose, place by place.
    {
        let mut back = citations::Backlinks {
            claims: &mut claims,
            sources: &mut sources,
            entities: &mut entities,
            events: &mut events,
        };
        for (place, prose) in citations::all_places(&content) {
            let resolved = citations::resolve_refs(prose, &ids, &content, diags);
            let records = back.attach(place, &resolved);
            if let Place::Source(si, _) = place {
                for r in records {
                    push_unique(&mut back.sources[si].cites, r);
                }
            }
        }
    }

    let (quote_stats, lock_update) = verify_quotes(&content, today, cache, &mut sources, diags);
    report_unverifiable(&content, &sources, diags);

    // Content with a list file missing is never a site, even when nothing
    // else is wrong with it (the load reported the file).
    if diags.error_count() > errors_before || content.unread.any() {
        return Err(Box::new(content));
    }
    Ok(Graph {
        ids,
        content,
        claims,
        sources,
        entities,
        events,
        bull,
        bear,
        quotes: quote_stats,
        lock_update,
    })
}

/// A map of borrowed ids made owned, for keeping in the graph.
fn owned<K: Clone + Eq + std::hash::Hash, I: Copy>(index: &HashMap<&K, I>) -> HashMap<K, I> {
    index.iter().map(|(k, i)| ((*k).clone(), *i)).collect()
}

/// Inserts `value` into the sorted `list` unless it is there: at the end,
/// in constant time, when values come in ascending order, as in the full
/// link.
fn insert_sorted<T: Ord + Copy>(list: &mut Vec<T>, value: T) {
    if list.last().is_none_or(|last| *last < value) {
        list.push(value);
    } else if let Err(at) = list.binary_search(&value) {
        list.insert(at, value);
    }
}

/// Says, once each, why quotes go unverified where it is easy to miss in
/// the summary line: sources that name no original, and an originals
/// folder that is not here while the lock lacks some of its quotes.
fn report_unverifiable(content: &Content, sources: &[SourceLinks], diags: &mut Diagnostics) {
    let without: Vec<&Source> = content
        .sources
        .iter()
        .filter(|s| s.original.is_none() && !s.annotations.is_empty())
        .collect();
    if !without.is_empty() {
        let quotes: usize = without.iter().map(|s| s.annotations.len()).sum();
        let first = without
            .iter()
            .take(3)
            .map(|s| format!("`{}`", s.id))
            .collect::<Vec<_>>()
            .join(", ");
        let more = if without.len() > 3 { ", ..." } else { "" };
        diags.push(
            Diagnostic::warning_at_path(
                "content/sources",
                match without.len() {
                    1 => format!(
                        "1 source names no original ({first}), so its {quotes} quotes cannot be \
                         verified"
                    ),
                    n => format!(
                        "{n} sources name no original ({first}{more}), so their {quotes} quotes \
                         cannot be verified"
                    ),
                },
            )
            .with_hint(
                "give each source `original:` with its saved text in the originals folder; \
                 --require-verified makes unverified quotes errors",
            ),
        );
    }
    let unchecked = sources
        .iter()
        .flat_map(|l| &l.checks)
        .filter(|c| matches!(c, QuoteCheck::Unchecked))
        .count();
    if let (Some(written), None, true) = (
        &content.briefing.originals,
        &content.originals_dir,
        unchecked > 0,
    ) {
        diags.push(
            Diagnostic::warning(
                written.span,
                format!(
                    "{unchecked} quotes are unverified: the originals folder `{}` is not here, \
                     and quotes.lock has no entry for them",
                    written.value.display()
                ),
            )
            .with_hint(
                "build once where the originals folder is and commit content/quotes.lock, or \
                 give the folder with --originals",
            ),
        );
    }
}

/// Reports a claim that nothing supports and no verdict explains.
fn report_unsupported(claim: &Claim, links: &ClaimLinks, diags: &mut Diagnostics) {
    if links.status == Status::Unsupported {
        diags.push(
            Diagnostic::error(claim.id.span, format!("claim `{}` is unsupported: no source annotates it", claim.id.value))
                .with_hint("annotate a source passage with this claim, or set a `verdict` with a `verdict_note` saying why there is none"),
        );
    }
}

/// Sets a claim's derived status from its evidence, and its status from
/// the verdict when there is one.
fn derive_status(links: &mut ClaimLinks, claim: &Claim, sources: &[Source]) {
    let first = links
        .supports
        .first()
        .map(|r| sources[r.source].publisher.as_str());
    // Two distinct publishers among the supporters: no set needed.
    let two_publishers = links
        .supports
        .iter()
        .any(|r| Some(sources[r.source].publisher.as_str()) != first);
    links.derived = if !links.disputes.is_empty() {
        Status::Contested
    } else if two_publishers {
        Status::Corroborated
    } else if !links.sources.is_empty() {
        Status::SingleSource
    } else {
        Status::Unsupported
    };
    links.status = claim
        .verdict
        .map(Status::from_verdict)
        .unwrap_or(links.derived);
}

/// Appends `value` unless it is already the last element: for lists filled
/// in ascending order (by an outer loop over indices), where this keeps
/// them free of duplicates in constant time. Back-link lists of popular
/// entities grow with the corpus, so a linear `contains` there would make
/// linking quadratic.
fn push_ascending<T: PartialEq + PartialOrd + Copy>(list: &mut Vec<T>, value: T) {
    if list.last() != Some(&value) {
        debug_assert!(list.last().is_none_or(|&last| last < value));
        list.push(value);
    }
}

/// Appends `value` if the (short) list does not hold it yet.
fn push_unique<T: PartialEq>(list: &mut Vec<T>, value: T) {
    if !list.contains(&value) {
        list.push(value);
    }
}

impl QuoteStats {
    /// Adds (`sign` 1) or takes away (`sign` -1) one check from the counts.
    fn count(&mut self, check: QuoteCheck, sign: isize) {
        let field = match check {
            QuoteCheck::Original { .. } => &mut self.checked_now,
            QuoteCheck::Lock { .. } => &mut self.from_lock,
            _ => &mut self.unverified,
        };
        *field = field.saturating_add_signed(sign);
        self.total = self.total.saturating_add_signed(sign);
    }
}

#[cfg(test)]
mod tests;
