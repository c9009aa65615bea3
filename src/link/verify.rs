//! Quote checks: each quote found in its source's original (or taken from
//! the lock when the original is not at hand), the misses reported, and
//! the lock a build leaves behind.

use super::*;
use std::collections::BTreeSet;

/// Checks one source's quotes against its original when it is loaded (or
/// the lock when it is not), reports quotes the original lacks, and adds
/// the lock entries of the quotes found to `new_lock`. `lookup` finds the
/// source's lock entry for an original's name and a quote hash.
pub(super) fn check_source<'l>(
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
    let haystack = original.map(|o| quotes::Haystack::new(o.text_for(source.original_text)));
    let extractor = original.and_then(|o| o.extractor(source.original_text));
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
                    let previous = lookup(name, &hash).filter(|q| {
                        q.original_sha256 == orig.sha256
                            && q.offset == found.offset
                            && q.extractor.as_deref() == extractor
                    });
                    let on = previous.map(|q| q.verified).unwrap_or(today);
                    new_lock.push(LockedQuote {
                        source: source.id.as_str().to_string(),
                        original: name.to_string(),
                        extractor: extractor.map(str::to_string),
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
                    let mut message = format!("quote not found in the original `{name}`");
                    let hint = match closest {
                        Some(Some(c)) => {
                            // The two side by side, word by word, with
                            // the words that differ in brackets.
                            let miss = quotes::miss(&a.quote.value, &c.passage);
                            // Aligned whatever the place's length.
                            let place = format!("the original, {}: ", orig.place(c.line));
                            message.push_str(&format!(
                                "\n{:<w$}{}\n{place}{}",
                                "the quote: ",
                                miss.quote,
                                miss.passage,
                                w = place.chars().count()
                            ));
                            match miss.cause {
                                Some(cause) => cause.to_string(),
                                None => format!(
                                    "the words in [brackets] differ; the closest passage in the \
                                     original reads: \"{}\"",
                                    c.passage
                                ),
                            }
                        }
                        Some(None) => "nothing like it is in the original: check that the annotation is in the right source".into(),
                        None => "check the quote against the original; the closest passage is shown for a source's first 20 misses only".into(),
                    };
                    diags.push(Diagnostic::error(a.quote.span, message).with_hint(hint));
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
pub(super) fn sort_lock(lock: &mut [LockedQuote]) {
    lock.sort_by(|a, b| {
        (&a.source, a.offset, &a.quote_sha256).cmp(&(&b.source, b.offset, &b.quote_sha256))
    });
}

/// The lock as a build leaves it: sorted, one entry per source and quote.
pub(super) fn normalize_lock(lock: &mut Vec<LockedQuote>) {
    sort_lock(lock);
    lock.dedup_by(|a, b| a.source == b.source && a.quote_sha256 == b.quote_sha256);
}

/// Checks every quote against its original (or the lock), reports misses,
/// and computes the lock this build should leave behind.
pub(super) fn verify_quotes(
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

    for (si, source) in SourceIx::all(content.sources.len()).zip(&content.sources) {
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
