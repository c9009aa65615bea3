//! The edition a build would record now: what readers of the linked
//! content see, in the form edition files keep ([`crate::model::edition`]).

use super::{AnnotationRef, Cited, Graph};
use crate::model::edition::{
    ClaimSnap, Edition, EventSnap, FigureSnap, Move, PointSnap, SourceSnap, StanceSnap,
};
use crate::model::prose::{RefKind, Target};
use crate::model::{Case, Stance};

/// The content as edition `number` would keep it, issued on `date`.
pub fn snapshot(graph: &Graph, number: u32, date: &str, note: &str) -> Edition {
    let content = &graph.content;
    let claims = content
        .claims
        .iter()
        .zip(&graph.claims)
        .map(|(claim, links)| {
            let mut stances: Vec<StanceSnap> = Vec::new();
            for (refs, stance) in [
                (&links.supports, Stance::Supports),
                (&links.qualifies, Stance::Qualifies),
                (&links.disputes, Stance::Disputes),
            ] {
                for AnnotationRef { source, .. } in refs {
                    let snap = StanceSnap {
                        source: content.sources[*source].id.to_string(),
                        stance: stance.as_str().into(),
                    };
                    if !stances.contains(&snap) {
                        stances.push(snap);
                    }
                }
            }
            stances.sort_by(|a, b| (&a.source, &a.stance).cmp(&(&b.source, &b.stance)));
            ClaimSnap {
                id: claim.id.value.to_string(),
                statement: claim.statement.clone(),
                status: links.status.key().into(),
                verdict: claim.verdict.map(|v| v.as_str().into()),
                verdict_note: claim.verdict_note.as_ref().map(|n| n.as_str().to_string()),
                figure: claim.figure.as_ref().map(|f| FigureSnap {
                    metric: f.metric.clone(),
                    value: f.value,
                    unit: f.unit.clone(),
                }),
                stances,
            }
        })
        .collect();
    let points = |case: &Case| -> Vec<PointSnap> {
        case.points
            .iter()
            .map(|p| PointSnap {
                title: p.title.clone(),
                claims: p.claims.iter().map(|c| c.value.to_string()).collect(),
            })
            .collect()
    };
    Edition {
        edition: number,
        date: date.to_string(),
        as_of: content.briefing.as_of.source_form(),
        note: note.to_string(),
        bottom_line: content.briefing.bottom_line.as_str().to_string(),
        claims,
        events: content
            .events
            .iter()
            .map(|e| EventSnap {
                id: e.id.as_ref().map(|i| i.value.to_string()),
                title: e.title.clone(),
                date: e.date.source_form(),
                expected: e.expected,
            })
            .collect(),
        bull: points(&content.bull),
        bear: points(&content.bear),
        sources: content
            .sources
            .iter()
            .map(|s| SourceSnap {
                id: s.id.to_string(),
                title: s.title.clone(),
                publisher: s.publisher.clone(),
            })
            .collect(),
        moved: pending_moves(content),
    }
}

/// The renames no edition has recorded yet: the next edition's.
pub fn pending_moves(content: &crate::model::Content) -> Vec<Move> {
    content
        .moves
        .iter()
        .filter(|m| {
            !content
                .editions
                .iter()
                .any(|e| e.moved.iter().any(|r| r.same(m)))
        })
        .cloned()
        .collect()
}

/// An address readers may still hold whose record the content no longer
/// has under that id: renamed (and where it went), or withdrawn.
#[derive(Debug, Clone, PartialEq)]
pub struct OldAddress {
    pub kind: RefKind,
    /// The id the address was made from.
    pub id: String,
    /// What it was called: a claim's statement, a source's title, or the
    /// id.
    pub name: String,
    /// The record it is now, when it was renamed and is still there.
    pub now: Option<Cited>,
    /// The edition that withdrew it; `None` when it was renamed, or is
    /// withdrawn in the draft.
    pub withdrawn_in: Option<u32>,
}

/// Every old address: each renamed id (a page leading to the record's
/// new one), then each claim and source an edition had that the content
/// no longer has (a page saying it was withdrawn, and in which edition).
/// An id the content has again is no old address.
pub fn old_addresses(graph: &Graph) -> Vec<OldAddress> {
    let content = &graph.content;
    if content.editions.is_empty() && content.moves.is_empty() {
        return Vec::new();
    }
    let mut moves: Vec<&Move> = Vec::new();
    for m in content
        .editions
        .iter()
        .flat_map(|e| &e.moved)
        .chain(&content.moves)
    {
        if !moves.iter().any(|x| x.same(m)) {
            moves.push(m);
        }
    }
    // An id as the content knows it now: every later rename followed (a
    // chain a -> b -> c leads to c), at most once each.
    let now = |kind: RefKind, id: &str| -> String {
        let mut id = id.to_string();
        for m in moves.iter().filter(|m| m.kind == kind.as_str()) {
            if m.from == id {
                id = m.to.clone();
            }
        }
        id
    };
    let find = |kind: RefKind, id: &str| -> Option<Cited> {
        Target::new(kind, id).ok().and_then(|t| graph.ids.get(&t))
    };
    let mut out: Vec<OldAddress> = Vec::new();
    let push = |out: &mut Vec<OldAddress>, address: OldAddress| {
        // Only an id that can be an address, and each once.
        if Target::new(address.kind, &address.id).is_ok()
            && find(address.kind, &address.id).is_none()
            && !out
                .iter()
                .any(|o| o.kind == address.kind && o.id == address.id)
        {
            out.push(address);
        }
    };
    // The name a record had when last seen under `id` in an edition.
    let named = |kind: RefKind, id: &str| -> String {
        content
            .editions
            .iter()
            .rev()
            .find_map(|e| match kind {
                RefKind::Claim => e
                    .claims
                    .iter()
                    .find(|c| c.id == id)
                    .map(|c| c.statement.clone()),
                RefKind::Source => e
                    .sources
                    .iter()
                    .find(|s| s.id == id)
                    .map(|s| s.title.clone()),
                _ => None,
            })
            .unwrap_or_else(|| id.to_string())
    };
    for m in &moves {
        let Some(kind) = m.kind() else {
            continue;
        };
        let to = now(kind, &m.from);
        // Renamed, then withdrawn: told below, by its last id.
        if let Some(cited) = find(kind, &to) {
            push(
                &mut out,
                OldAddress {
                    kind,
                    id: m.from.clone(),
                    name: named(kind, &m.from),
                    now: Some(cited),
                    withdrawn_in: None,
                },
            );
        }
    }
    // Withdrawn: in some edition, and not in the content now.
    let editions = &content.editions;
    for (k, edition) in editions.iter().enumerate() {
        let ids = edition
            .claims
            .iter()
            .map(|c| (RefKind::Claim, c.id.as_str(), c.statement.as_str()))
            .chain(
                edition
                    .sources
                    .iter()
                    .map(|s| (RefKind::Source, s.id.as_str(), s.title.as_str())),
            );
        for (kind, id, name) in ids {
            let last = now(kind, id);
            if find(kind, &last).is_some() {
                continue;
            }
            // The first later edition that no longer has it.
            let has = |e: &crate::model::edition::Edition| match kind {
                RefKind::Claim => e.claims.iter().any(|c| now(kind, &c.id) == last),
                _ => e.sources.iter().any(|s| now(kind, &s.id) == last),
            };
            let withdrawn_in = editions[k + 1..]
                .iter()
                .find(|e| !has(e))
                .map(|e| e.edition);
            for old in [id, last.as_str()] {
                push(
                    &mut out,
                    OldAddress {
                        kind,
                        id: old.to_string(),
                        name: name.to_string(),
                        now: None,
                        withdrawn_in,
                    },
                );
            }
        }
    }
    out
}
