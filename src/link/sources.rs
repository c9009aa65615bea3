//! One source's part of the graph: its annotations resolved and put into
//! the claims' evidence lists, and its place on the lists of the entities
//! it names. The full link puts each source in with these steps; watch
//! mode takes a changed source out and puts it back in with the same.

use super::*;

/// Resolves a source's annotations to the claims they cite, reporting
/// unknown ids; with claims.yaml unread, none resolves and none is
/// reported.
pub(super) fn resolve_annotations<K>(
    source: &Source,
    claim_index: &HashMap<K, ClaimIx>,
    claims_unread: bool,
    diags: &mut Diagnostics,
) -> Vec<Option<ClaimIx>>
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
pub(super) fn attach_annotations(
    claims: &mut [ClaimLinks],
    links: &mut SourceLinks,
    si: SourceIx,
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
pub(super) fn detach_annotations(
    claims: &mut [ClaimLinks],
    links: &mut SourceLinks,
    si: SourceIx,
) -> Vec<ClaimIx> {
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
pub(super) fn attach_mentions(entities: &mut [EntityLinks], si: SourceIx, named: &[EntityIx]) {
    for &ei in named {
        insert_sorted(&mut entities[ei].sources, si);
    }
}

/// Takes source `si` off the lists of the entities in `named`.
pub(super) fn detach_mentions(entities: &mut [EntityLinks], si: SourceIx, named: &[EntityIx]) {
    for &ei in named {
        let list = &mut entities[ei].sources;
        if let Ok(at) = list.binary_search(&si) {
            list.remove(at);
        }
    }
}
