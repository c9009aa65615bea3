//! Watch mode's link: changed sources linked into a kept graph again, with
//! the full link's own per-source steps.

use super::*;

/// What [`relink`] changed, for the render stage to refresh.
#[derive(Debug, Default, Clone)]
pub struct Delta {
    /// Sources whose content changed.
    pub sources: Vec<SourceIx>,
    /// Claims whose evidence lists or status may have changed.
    pub claims: Vec<ClaimIx>,
    /// Entities whose list of sources changed.
    pub entities: Vec<EntityIx>,
    /// Records the changed sources' prose cites, or cited before: their
    /// lists of citations may have changed.
    pub cited: Vec<Cited>,
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
    changed: Vec<(SourceIx, Source)>,
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
        let broken: Vec<(SourceIx, Source)> = changed
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
    changed: &[(SourceIx, Source)],
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
        links.annotation_claims = resolve_annotations(new, &graph.ids.claims, false, diags);
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

        // Inline references: the old version's taken off the lists of the
        // records they cite, the new version's put on.
        let before = std::mem::take(&mut graph.sources[si].cites);
        let mut back = citations::Backlinks {
            claims: &mut graph.claims,
            sources: &mut graph.sources,
            entities: &mut graph.entities,
            events: &mut graph.events,
        };
        back.detach(&before, |p| matches!(p, Place::Source(s, _) if s == si));
        let mut cites = Vec::new();
        for (place, prose) in citations::source_places(si, &graph.content.sources[si]) {
            let resolved = citations::resolve_refs(prose, &graph.ids, &graph.content, diags);
            for r in back.attach(place, &resolved) {
                push_unique(&mut cites, r);
            }
        }
        delta.cited.extend(before.iter().chain(&cites).copied());
        graph.sources[si].cites = cites;

        delta.sources.push(si);
        delta.claims.extend(touched);
    }
    delta.sources.sort_unstable();
    delta.sources.dedup();
    delta.claims.sort_unstable();
    delta.claims.dedup();
    delta.entities.sort_unstable();
    delta.entities.dedup();
    delta.cited.sort_unstable();
    delta.cited.dedup();
    (delta, relocked)
}
