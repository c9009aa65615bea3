//! Entity mentions: which entities each source names, found with one
//! automaton over every entity's names and aliases, and the cache that
//! keeps each source's findings between watch-mode links.

use super::*;
use aho_corasick::{AhoCorasick, MatchKind};

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
    pub(super) mentions: HashMap<SourceId, (crate::diagnostics::FileId, Vec<EntityIx>)>,
    /// Quote text to its lock hash.
    quote_hashes: HashMap<String, Sha256>,
    /// The automaton for the entity names hashed in `names`.
    pub(super) matcher: Option<(AhoCorasick, Vec<EntityIx>)>,
}

impl LinkCache {
    pub(super) fn quote_hash(&mut self, quote: &str) -> Sha256 {
        if let Some(h) = self.quote_hashes.get(quote) {
            return *h;
        }
        let h = quotes::quote_hash(quote);
        self.quote_hashes.insert(quote.to_string(), h);
        h
    }

    /// Makes the entity matcher and the mentions fit `entities`: when any
    /// name or alias changed, both start again.
    pub(super) fn fit_entities(&mut self, entities: &[Entity]) {
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
    pub(super) fn mentions_of(&self, source: &Source) -> Option<&Vec<EntityIx>> {
        match self.mentions.get(&source.id) {
            Some((file, found)) if *file == source.file => Some(found),
            _ => None,
        }
    }

    pub(super) fn scan(&self, source: &Source) -> Vec<EntityIx> {
        let Some((ac, owner)) = &self.matcher else {
            return Vec::new();
        };
        let mut text = String::with_capacity(source.digest.as_str().len() + 256);
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

pub(super) fn hash_of(parts: &[&str]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    for p in parts {
        p.hash(&mut h);
    }
    h.finish()
}

/// Names and aliases of all entities, as one automaton.
pub(super) fn entity_matcher(entities: &[Entity]) -> (AhoCorasick, Vec<EntityIx>) {
    let mut patterns = Vec::new();
    let mut owner = Vec::new();
    for (i, e) in EntityIx::all(entities.len()).zip(entities) {
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

/// Warns of a name or alias that two entities share: the text matcher
/// gives each match to one entity, the first, so the other would lose its
/// mentions without a word.
pub(super) fn report_shared_names(entities: &[Entity], diags: &mut Diagnostics) {
    let mut first: HashMap<&str, &Entity> = HashMap::default();
    for e in entities {
        let mut own: Vec<&str> = Vec::new();
        for name in std::iter::once(&e.name).chain(&e.aliases) {
            if name.is_empty() || own.contains(&name.as_str()) {
                continue;
            }
            own.push(name);
            match first.get(name.as_str()) {
                Some(other) => diags.push(
                    Diagnostic::warning(
                        e.span,
                        format!(
                            "`{name}` names both `{}` and `{}`: the sources and events that \
                             use it are linked to `{}` only",
                            other.id.value, e.id.value, other.id.value
                        ),
                    )
                    .with_hint(format!(
                        "keep each name or alias on one entity (line {} has it first); a name \
                         that means either should be left to the claims' `entities:` lists",
                        other.span.line
                    )),
                ),
                None => {
                    first.insert(name, e);
                }
            }
        }
    }
}

/// Entities named in `text` as whole words.
pub(super) fn mentions_with(ac: &AhoCorasick, owner: &[EntityIx], text: &str) -> Vec<EntityIx> {
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
pub(super) fn link_mentions(
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
    let fresh: Vec<Option<Vec<EntityIx>>> = content
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
    for (si, source) in SourceIx::all(content.sources.len()).zip(&content.sources) {
        let named = named_by(cache, source, &sources[si].claims, claims);
        attach_mentions(entities, si, &named);
        sources[si].entities = named;
    }
}

/// The entities a source names, in order: those it mentions (from the
/// cache) and those of the claims it annotates.
pub(super) fn named_by(
    cache: &LinkCache,
    source: &Source,
    its_claims: &[ClaimIx],
    claims: &[ClaimLinks],
) -> Vec<EntityIx> {
    let mut named = cache.mentions_of(source).cloned().unwrap_or_default();
    for &ci in its_claims {
        for &ei in &claims[ci].entities {
            push_unique(&mut named, ei);
        }
    }
    named.sort_unstable();
    named
}
