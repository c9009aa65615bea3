//! Stage 2, link: turn loaded content into one checked graph.
//!
//! Resolves every id (claims, sources, entities) to an index, reporting each
//! unknown or duplicate id at its line with the nearest known id; derives each
//! claim's status from its evidence; computes the back-links every page shows
//! (who quotes a claim, which events and case points cite it, what names an
//! entity); and verifies quotes against the originals or the lock. Nothing
//! here reads files or knows about HTML.

pub mod quotes;

use crate::diagnostics::{suggest, Diagnostic, Diagnostics};
use crate::model::*;
use aho_corasick::{AhoCorasick, MatchKind};
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeSet;

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
    pub source: usize,
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
    pub sources: Vec<usize>,
    pub entities: Vec<usize>,
    pub events: Vec<usize>,
    pub points: Vec<(Side, usize)>,
}

#[derive(Debug, Clone, Default)]
pub struct SourceLinks {
    /// Claims this source annotates, each once, in annotation order.
    pub claims: Vec<usize>,
    pub entities: Vec<usize>,
    pub events: Vec<usize>,
    /// Per annotation, in order.
    pub checks: Vec<QuoteCheck>,
    /// Per annotation: the claim it resolves to; `None` when its claim is
    /// unknown (or claims.yaml did not load), which fails the link.
    pub annotation_claims: Vec<Option<usize>>,
}

#[derive(Debug, Clone, Default)]
pub struct EntityLinks {
    pub claims: Vec<usize>,
    pub sources: Vec<usize>,
    pub events: Vec<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct EventLinks {
    pub claims: Vec<usize>,
    pub sources: Vec<usize>,
    /// After the briefing's as-of date (or marked expected).
    pub expected: bool,
}

#[derive(Debug, Clone, Default)]
pub struct QuoteStats {
    pub total: usize,
    pub checked_now: usize,
    pub from_lock: usize,
    pub unverified: usize,
}

/// Work a previous link can hand to the next, in watch mode: the entities
/// each source names (scanning every digest is the costliest part of
/// linking) and the hashes of quotes. Entries are checked against what they
/// were computed from, so a stale entry is recomputed, never trusted.
#[derive(Debug, Default)]
pub struct LinkCache {
    /// Hash of all entity names and aliases the mentions were found with.
    names: u64,
    /// Per source id: the file the source was read from, and the entities
    /// named in it. A reloaded source comes from a new file entry, so an
    /// entry is valid exactly while its file is the source's file.
    mentions: HashMap<SourceId, (crate::diagnostics::FileId, Vec<usize>)>,
    /// Quote text to its lock hash.
    quote_hashes: HashMap<String, Sha256>,
    /// The automaton for the entity names hashed in `names`.
    matcher: Option<(AhoCorasick, Vec<usize>)>,
}

impl LinkCache {
    fn quote_hash(&mut self, quote: &str) -> Sha256 {
        if let Some(h) = self.quote_hashes.get(quote) {
            return *h;
        }
        let h = quotes::quote_hash(quote);
        self.quote_hashes.insert(quote.to_string(), h);
        h
    }

    /// Makes the entity matcher and the mentions fit `entities`: when any
    /// name or alias changed, both start again.
    fn fit_entities(&mut self, entities: &[Entity]) {
        let names: Vec<&str> = entities
            .iter()
            .flat_map(|e| {
                std::iter::once(e.name.as_str()).chain(e.aliases.iter().map(String::as_str))
            })
            .collect();
        let names = hash_of(&names);
        if self.names != names || self.matcher.is_none() {
            self.names = names;
            self.mentions.clear();
            self.matcher = Some(entity_matcher(entities));
        }
    }

    /// The entities `source` names in its title, digest or quotes, from the
    /// cache while the source's file is the one they were found in.
    fn mentions_of(&self, source: &Source) -> Option<&Vec<usize>> {
        match self.mentions.get(&source.id) {
            Some((file, found)) if *file == source.file => Some(found),
            _ => None,
        }
    }

    fn scan(&self, source: &Source) -> Vec<usize> {
        let Some((ac, owner)) = &self.matcher else {
            return Vec::new();
        };
        let mut text = String::with_capacity(source.digest.0.len() + 256);
        text.push_str(&source.title);
        text.push('\n');
        text.push_str(source.digest.as_str());
        for a in &source.annotations {
            text.push('\n');
            text.push_str(&a.quote.value);
        }
        mentions_with(ac, owner, &text)
    }
}

fn hash_of(parts: &[&str]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    for p in parts {
        p.hash(&mut h);
    }
    h.finish()
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
    pub bull: Vec<Vec<usize>>,
    pub bear: Vec<Vec<usize>>,
    pub quotes: QuoteStats,
    /// The lock file to write, when this build verified quotes and the
    /// result differs from the lock it read.
    pub lock_update: Option<Vec<LockedQuote>>,
    /// Each claim's index by id, for resolving the annotations of a source
    /// linked again on its own.
    claim_index: HashMap<ClaimId, usize>,
}

impl Graph {
    pub fn case(&self, side: Side) -> (&Case, &[Vec<usize>]) {
        match side {
            Side::Bull => (&self.content.bull, &self.bull),
            Side::Bear => (&self.content.bear, &self.bear),
        }
    }
}

/// Indexes ids of one kind, reporting duplicates.
fn index_ids<'a, T: 'a + Eq + std::hash::Hash + std::fmt::Display>(
    items: impl Iterator<Item = &'a Spanned<T>>,
    what: &str,
    diags: &mut Diagnostics,
) -> HashMap<&'a T, usize> {
    let mut index: HashMap<&T, usize> = HashMap::default();
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
        index.insert(&item.value, i);
    }
    index
}

/// Resolves a reference, or reports it with the nearest known id.
fn resolve<T, K>(
    reference: &Spanned<T>,
    index: &HashMap<K, usize>,
    what: &str,
    defined_in: &str,
    diags: &mut Diagnostics,
) -> Option<usize>
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
as_ref_str!(ClaimId, SourceId, EntityId);

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

    let claim_index = index_ids(content.claims.iter().map(|c| &c.id), "claim", diags);
    let entity_index = index_ids(content.entities.iter().map(|e| &e.id), "entity", diags);
    let source_spans: Vec<Spanned<SourceId>> = content
        .sources
        .iter()
        .map(|s| Spanned::new(s.id.clone(), crate::diagnostics::Span::file_start(s.file)))
        .collect();
    let source_index = index_ids(source_spans.iter(), "source", diags);

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
        })
        .collect();
    let mut entities = vec![EntityLinks::default(); content.entities.len()];
    let mut sources = vec![SourceLinks::default(); content.sources.len()];

    // A list file that failed to load stands in empty: references into it
    // are not checked, so its own errors are not echoed as unknown ids.
    let unread = content.unread;

    // Claims -> entities.
    for (ci, claim) in content.claims.iter().enumerate() {
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
    for (si, source) in content.sources.iter().enumerate() {
        let links = &mut sources[si];
        links.annotation_claims = resolve_annotations(source, &claim_index, unread.claims, diags);
        attach_annotations(&mut claims, links, si, source);
    }

    // Events -> claims and sources.
    let as_of = content.briefing.as_of;
    let mut events = Vec::with_capacity(content.events.len());
    for (ei, event) in content.events.iter().enumerate() {
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
    cache.fit_entities(&content.entities);
    link_mentions(&content, &claims, cache, &mut entities, &mut sources);
    let (matcher, owner) = cache.matcher.as_ref().expect("fitted above");
    for (ei, event) in content.events.iter().enumerate() {
        for &ci in &events[ei].claims {
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

    let (quote_stats, lock_update) = verify_quotes(&content, today, cache, &mut sources, diags);

    // Content with a list file missing is never a site, even when nothing
    // else is wrong with it (the load reported the file).
    if diags.error_count() > errors_before || content.unread.any() {
        return Err(Box::new(content));
    }
    let claim_index = claim_index
        .into_iter()
        .map(|(id, ci)| (id.clone(), ci))
        .collect();
    Ok(Graph {
        claim_index,
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

/// Resolves a source's annotations to the claims they cite, reporting
/// unknown ids; with claims.yaml unread, none resolves and none is
/// reported.
fn resolve_annotations<K>(
    source: &Source,
    claim_index: &HashMap<K, usize>,
    claims_unread: bool,
    diags: &mut Diagnostics,
) -> Vec<Option<usize>>
where
    K: std::borrow::Borrow<ClaimId> + Eq + std::hash::Hash + AsRef<str>,
{
    source
        .annotations
        .iter()
        .map(|a| {
            if claims_unread {
                None
            } else {
                resolve(&a.claim, claim_index, "claim", "claims.yaml", diags)
            }
        })
        .collect()
}

/// Puts source `si`'s resolved annotations into the evidence lists of the
/// claims they cite, each list kept in (source, annotation) order, and
/// sets the claims the source annotates. The full link calls it for each
/// source in turn, watch mode for a source made again.
fn attach_annotations(
    claims: &mut [ClaimLinks],
    links: &mut SourceLinks,
    si: usize,
    source: &Source,
) {
    links.claims.clear();
    for (index, (a, ci)) in source
        .annotations
        .iter()
        .zip(&links.annotation_claims)
        .enumerate()
    {
        let Some(ci) = *ci else { continue };
        let r = AnnotationRef { source: si, index };
        let claim = &mut claims[ci];
        let list = match a.stance {
            Stance::Supports => &mut claim.supports,
            Stance::Qualifies => &mut claim.qualifies,
            Stance::Disputes => &mut claim.disputes,
        };
        insert_sorted(list, r);
        insert_sorted(&mut claim.sources, si);
        push_unique(&mut links.claims, ci);
    }
}

/// Takes source `si`'s annotations out of the claims' evidence lists;
/// returns the claims it annotated.
fn detach_annotations(claims: &mut [ClaimLinks], links: &mut SourceLinks, si: usize) -> Vec<usize> {
    let cited = std::mem::take(&mut links.claims);
    for &ci in &cited {
        let claim = &mut claims[ci];
        for list in [
            &mut claim.supports,
            &mut claim.qualifies,
            &mut claim.disputes,
        ] {
            list.retain(|r| r.source != si);
        }
        if let Ok(at) = claim.sources.binary_search(&si) {
            claim.sources.remove(at);
        }
    }
    cited
}

/// Lists source `si` among the sources naming each entity in `named`.
fn attach_mentions(entities: &mut [EntityLinks], si: usize, named: &[usize]) {
    for &ei in named {
        insert_sorted(&mut entities[ei].sources, si);
    }
}

/// Takes source `si` off the lists of the entities in `named`.
fn detach_mentions(entities: &mut [EntityLinks], si: usize, named: &[usize]) {
    for &ei in named {
        let list = &mut entities[ei].sources;
        if let Ok(at) = list.binary_search(&si) {
            list.remove(at);
        }
    }
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
fn push_ascending(list: &mut Vec<usize>, value: usize) {
    if list.last() != Some(&value) {
        debug_assert!(list.last().is_none_or(|&last| last < value));
        list.push(value);
    }
}

/// Appends `value` if the (short) list does not hold it yet.
fn push_unique(list: &mut Vec<usize>, value: usize) {
    if !list.contains(&value) {
        list.push(value);
    }
}

/// Names and aliases of all entities, as one automaton.
fn entity_matcher(entities: &[Entity]) -> (AhoCorasick, Vec<usize>) {
    let mut patterns = Vec::new();
    let mut owner = Vec::new();
    for (i, e) in entities.iter().enumerate() {
        for name in std::iter::once(&e.name).chain(&e.aliases) {
            if !name.is_empty() {
                patterns.push(name.as_str());
                owner.push(i);
            }
        }
    }
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&patterns)
        .expect("plain-text patterns always build");
    (ac, owner)
}

/// Entities named in `text` as whole words.
fn mentions_with(ac: &AhoCorasick, owner: &[usize], text: &str) -> Vec<usize> {
    let mut found = Vec::new();
    for m in ac.find_iter(text) {
        let before = text[..m.start()].chars().next_back();
        let after = text[m.end()..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        if boundary(before) && boundary(after) {
            push_unique(&mut found, owner[m.pattern().as_usize()]);
        }
    }
    found
}

/// Sources name an entity when their title, digest or quotes mention it, or
/// when they annotate a claim about it.
fn link_mentions(
    content: &Content,
    claims: &[ClaimLinks],
    cache: &mut LinkCache,
    entities: &mut [EntityLinks],
    sources: &mut [SourceLinks],
) {
    if content.entities.is_empty() {
        return;
    }
    // Scan the sources the cache has not seen in this form, in parallel.
    let fresh: Vec<Option<Vec<usize>>> = content
        .sources
        .par_iter()
        .map(|source| match cache.mentions_of(source) {
            Some(_) => None,
            None => Some(cache.scan(source)),
        })
        .collect();
    for (source, found) in content.sources.iter().zip(fresh) {
        if let Some(found) = found {
            cache
                .mentions
                .insert(source.id.clone(), (source.file, found));
        }
    }
    for (si, source) in content.sources.iter().enumerate() {
        let named = named_by(cache, source, &sources[si].claims, claims);
        attach_mentions(entities, si, &named);
        sources[si].entities = named;
    }
}

/// The entities a source names, in order: those it mentions (from the
/// cache) and those of the claims it annotates.
fn named_by(
    cache: &LinkCache,
    source: &Source,
    its_claims: &[usize],
    claims: &[ClaimLinks],
) -> Vec<usize> {
    let mut named = cache.mentions_of(source).cloned().unwrap_or_default();
    for &ci in its_claims {
        for &ei in &claims[ci].entities {
            push_unique(&mut named, ei);
        }
    }
    named.sort_unstable();
    named
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

/// Checks one source's quotes against its original when it is loaded (or
/// the lock when it is not), reports quotes the original lacks, and adds
/// the lock entries of the quotes found to `new_lock`. `lookup` finds the
/// source's lock entry for an original's name and a quote hash.
fn check_source<'l>(
    content: &Content,
    source: &Source,
    lookup: impl Fn(&str, &Sha256) -> Option<&'l LockedQuote>,
    today: Date,
    cache: &mut LinkCache,
    new_lock: &mut Vec<LockedQuote>,
    diags: &mut Diagnostics,
) -> Vec<QuoteCheck> {
    let original_name = source.original.as_ref().map(|o| o.value.as_str());
    let original = original_name.and_then(|n| content.originals.get(n));
    let haystack = original.map(|o| quotes::Haystack::new(&o.text));
    let mut checks = Vec::with_capacity(source.annotations.len());
    // Each closest-passage search reads the whole original: after a few,
    // the rest of a source's misses are reported without one.
    let mut searches_left = 20;
    for a in &source.annotations {
        let hash = cache.quote_hash(&a.quote.value);
        let check = match (original_name, original, &haystack) {
            (None, ..) => QuoteCheck::NoOriginal,
            (Some(name), Some(orig), Some(hay)) => match hay.find(&a.quote.value) {
                Some(found) => {
                    let previous = lookup(name, &hash)
                        .filter(|q| q.original_sha256 == orig.sha256 && q.offset == found.offset);
                    let on = previous.map(|q| q.verified).unwrap_or(today);
                    new_lock.push(LockedQuote {
                        source: source.id.as_str().to_string(),
                        original: name.to_string(),
                        original_sha256: orig.sha256,
                        quote_sha256: hash,
                        offset: found.offset,
                        line: found.line,
                        verified: on,
                    });
                    QuoteCheck::Original {
                        on,
                        line: found.line,
                    }
                }
                None => {
                    let closest = if searches_left > 0 {
                        searches_left -= 1;
                        Some(hay.closest(&a.quote.value))
                    } else {
                        None
                    };
                    let hint = match closest {
                        Some(Some(p)) => format!("the closest passage in the original reads: \"{p}\""),
                        Some(None) => "nothing like it is in the original: check that the annotation is in the right source".into(),
                        None => "check the quote against the original; the closest passage is shown for a source's first 20 misses only".into(),
                    };
                    diags.push(
                        Diagnostic::error(
                            a.quote.span,
                            format!("quote not found in the original `{name}`"),
                        )
                        .with_hint(hint),
                    );
                    QuoteCheck::Unchecked
                }
            },
            (Some(name), ..) => match lookup(name, &hash) {
                Some(q) => QuoteCheck::Lock {
                    on: q.verified,
                    line: q.line,
                },
                None => QuoteCheck::Unchecked,
            },
        };
        checks.push(check);
    }
    checks
}

/// Sorts lock entries in the order the lock file keeps them.
fn sort_lock(lock: &mut [LockedQuote]) {
    lock.sort_by(|a, b| {
        (&a.source, a.offset, &a.quote_sha256).cmp(&(&b.source, b.offset, &b.quote_sha256))
    });
}

/// The lock as a build leaves it: sorted, one entry per source and quote.
fn normalize_lock(lock: &mut Vec<LockedQuote>) {
    sort_lock(lock);
    lock.dedup_by(|a, b| a.source == b.source && a.quote_sha256 == b.quote_sha256);
}

/// Checks every quote against its original (or the lock), reports misses,
/// and computes the lock this build should leave behind.
fn verify_quotes(
    content: &Content,
    today: Date,
    cache: &mut LinkCache,
    sources: &mut [SourceLinks],
    diags: &mut Diagnostics,
) -> (QuoteStats, Option<Vec<LockedQuote>>) {
    let mut stats = QuoteStats::default();
    let mut new_lock: Vec<LockedQuote> = Vec::new();
    let lock_by_key: HashMap<(&str, &str, Sha256), &LockedQuote> = content
        .lock
        .iter()
        .map(|q| ((q.source.as_str(), q.original.as_str(), q.quote_sha256), q))
        .collect();
    let mut sources_checked: BTreeSet<&str> = BTreeSet::new();

    for (si, source) in content.sources.iter().enumerate() {
        if source
            .original
            .as_ref()
            .is_some_and(|o| content.originals.contains_key(&o.value))
        {
            sources_checked.insert(source.id.as_str());
        }
        let lookup = |name: &str, hash: &Sha256| {
            lock_by_key.get(&(source.id.as_str(), name, *hash)).copied()
        };
        let checks = check_source(content, source, lookup, today, cache, &mut new_lock, diags);
        for check in &checks {
            stats.count(*check, 1);
        }
        sources[si].checks = checks;
    }

    if sources_checked.is_empty() {
        return (stats, None);
    }
    // Keep what this build could not re-check: entries of sources whose
    // original was not read, for quotes that still exist.
    let mut live: BTreeSet<(&str, Sha256)> = BTreeSet::new();
    for s in &content.sources {
        for a in &s.annotations {
            live.insert((s.id.as_str(), cache.quote_hash(&a.quote.value)));
        }
    }
    for q in &content.lock {
        if !sources_checked.contains(q.source.as_str())
            && live.contains(&(q.source.as_str(), q.quote_sha256))
        {
            new_lock.push(q.clone());
        }
    }
    // The old lock is only sorted: duplicates in it (a merge, say) are a
    // change, so the lock is written clean.
    let mut old = content.lock.clone();
    sort_lock(&mut old);
    normalize_lock(&mut new_lock);
    let changed = old != new_lock;
    (stats, changed.then_some(new_lock))
}

/// What [`relink`] changed, for the render stage to refresh.
#[derive(Debug, Default, Clone)]
pub struct Delta {
    /// Sources whose content changed.
    pub sources: Vec<usize>,
    /// Claims whose evidence lists or status may have changed.
    pub claims: Vec<usize>,
    /// Entities whose list of sources changed.
    pub entities: Vec<usize>,
}

/// What [`relink`] did.
#[derive(Debug)]
pub enum Relinked {
    /// The sources are linked in; the delta says what changed.
    Done(Delta),
    /// A changed source has errors, now in the diagnostics; the graph is
    /// as it was, with the previous versions of the sources back in place.
    Broken,
    /// The change is not one a patch covers; the graph is untouched but
    /// for the new sources in the content, and needs a full link.
    NotCovered,
}

/// Links changed sources into a linked graph again, in time proportional
/// to the change rather than to the briefing: watch mode's answer to an
/// edited source. Each source is taken out of the graph and put back in
/// with the steps the full link puts every source in with.
///
/// `changed` holds, for each changed source, its index and its previous
/// version; the new version is already in `graph.content.sources`. A
/// patch covers sources whose id and original stay the same, whose quotes
/// can be checked (their original at hand, or unchanged), with no lock
/// update pending; anything else is [`Relinked::NotCovered`]. The errors a
/// full link would find in the new versions (unknown claim ids, quotes the
/// original lacks, a claim left unsupported) are reported, and the graph
/// is left as it was. Changed quotes that are found update `lock_update`.
pub fn relink(
    graph: &mut Graph,
    changed: Vec<(usize, Source)>,
    today: Date,
    cache: &mut LinkCache,
    diags: &mut Diagnostics,
) -> Relinked {
    if graph.lock_update.is_some() {
        // A lock this session has yet to write: the full link settles it.
        return Relinked::NotCovered;
    }
    for (si, old) in &changed {
        if !covered(graph, &graph.content.sources[*si], old) {
            return Relinked::NotCovered;
        }
    }
    let mut errors = Diagnostics::default();
    let (delta, relocked) = link_again(graph, &changed, today, cache, &mut errors);
    if errors.has_errors() {
        // Put the previous versions back with the same steps: they linked
        // before, so they link again.
        let broken: Vec<(usize, Source)> = changed
            .into_iter()
            .map(|(si, old)| (si, std::mem::replace(&mut graph.content.sources[si], old)))
            .collect();
        let mut again = Diagnostics::default();
        link_again(graph, &broken, today, cache, &mut again);
        debug_assert!(!again.has_errors(), "the previous versions linked");
        diags.extend(errors);
        return Relinked::Broken;
    }
    diags.extend(errors);
    if !relocked.is_empty() {
        let mut lock: Vec<LockedQuote> = graph
            .content
            .lock
            .iter()
            .filter(|q| !relocked.iter().any(|(id, _)| id.as_str() == q.source))
            .cloned()
            .collect();
        lock.extend(relocked.into_iter().flat_map(|(_, found)| found));
        normalize_lock(&mut lock);
        graph.lock_update = Some(lock);
    }
    Relinked::Done(delta)
}

/// Whether a patch can link `new` in place of `old`: the same id, the same
/// original, and quotes that can be checked as the full link would.
fn covered(graph: &Graph, new: &Source, old: &Source) -> bool {
    if new.id != old.id {
        return false;
    }
    let original = new.original.as_ref().map(|o| o.value.as_str());
    if original != old.original.as_ref().map(|o| o.value.as_str()) {
        return false;
    }
    let same_quotes = new
        .annotations
        .iter()
        .map(|a| &a.quote.value)
        .eq(old.annotations.iter().map(|a| &a.quote.value));
    match original {
        _ if same_quotes => true,
        // Lock entries left from an original the source no longer names
        // are dropped by the full link once their quotes change.
        None => !graph
            .content
            .lock
            .iter()
            .any(|q| q.source == new.id.as_str()),
        // Changed quotes are checked against the original, which must be
        // at hand.
        Some(name) => graph.content.originals.contains_key(name),
    }
}

/// Takes each changed source out of the graph and links its new version
/// in; returns what changed and the new lock entries of sources whose
/// quotes were checked again.
#[allow(clippy::type_complexity)]
fn link_again(
    graph: &mut Graph,
    changed: &[(usize, Source)],
    today: Date,
    cache: &mut LinkCache,
    diags: &mut Diagnostics,
) -> (Delta, Vec<(SourceId, Vec<LockedQuote>)>) {
    let mut delta = Delta::default();
    let mut relocked: Vec<(SourceId, Vec<LockedQuote>)> = Vec::new();
    for (si, old) in changed {
        let si = *si;
        let new = &graph.content.sources[si];
        let mut links = std::mem::take(&mut graph.sources[si]);
        let mut touched = detach_annotations(&mut graph.claims, &mut links, si);
        links.annotation_claims = resolve_annotations(new, &graph.claim_index, false, diags);
        attach_annotations(&mut graph.claims, &mut links, si, new);
        for &ci in &links.claims {
            push_unique(&mut touched, ci);
        }
        for &ci in &touched {
            derive_status(
                &mut graph.claims[ci],
                &graph.content.claims[ci],
                &graph.content.sources,
            );
            report_unsupported(&graph.content.claims[ci], &graph.claims[ci], diags);
        }

        // Entities: the mentions of the new text, and those of its claims.
        let named = if graph.content.entities.is_empty() {
            Vec::new()
        } else {
            cache.fit_entities(&graph.content.entities);
            let found = cache.scan(new);
            cache.mentions.insert(new.id.clone(), (new.file, found));
            named_by(cache, new, &links.claims, &graph.claims)
        };
        let old_named = std::mem::take(&mut links.entities);
        detach_mentions(&mut graph.entities, si, &old_named);
        attach_mentions(&mut graph.entities, si, &named);
        delta.entities.extend(
            old_named
                .iter()
                .filter(|e| named.binary_search(e).is_err())
                .chain(named.iter().filter(|e| old_named.binary_search(e).is_err())),
        );
        links.entities = named;

        // Quote checks: the same quotes against the same original keep
        // theirs; otherwise they are checked as the full link checks them,
        // and their lock entries replace the source's old ones.
        let same_quotes = new
            .annotations
            .iter()
            .map(|a| &a.quote.value)
            .eq(old.annotations.iter().map(|a| &a.quote.value));
        if !same_quotes || links.checks.len() != new.annotations.len() {
            let id = new.id.as_str();
            let mut found = Vec::new();
            let checks =
                check_source(
                    &graph.content,
                    new,
                    // The last of duplicate entries, as the full link's map
                    // keeps it.
                    |name, hash| {
                        graph.content.lock.iter().rev().find(|q| {
                            q.source == id && q.original == name && q.quote_sha256 == *hash
                        })
                    },
                    today,
                    cache,
                    &mut found,
                    diags,
                );
            if new.original.is_some() {
                let mut before: Vec<LockedQuote> = graph
                    .content
                    .lock
                    .iter()
                    .filter(|q| q.source == id)
                    .cloned()
                    .collect();
                sort_lock(&mut before);
                normalize_lock(&mut found);
                if found != before {
                    relocked.push((new.id.clone(), found));
                }
            }
            for check in &links.checks {
                graph.quotes.count(*check, -1);
            }
            for check in &checks {
                graph.quotes.count(*check, 1);
            }
            links.checks = checks;
        }
        graph.sources[si] = links;
        delta.sources.push(si);
        delta.claims.extend(touched);
    }
    for list in [&mut delta.sources, &mut delta.claims, &mut delta.entities] {
        list.sort_unstable();
        list.dedup();
    }
    (delta, relocked)
}

#[cfg(test)]
mod tests;
