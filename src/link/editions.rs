//! The edition a build would record now: what readers of the linked
//! content see, in the form edition files keep ([`crate::model::edition`]).

use super::{AnnotationRef, Graph};
use crate::model::edition::{
    ClaimSnap, Edition, EventSnap, FigureSnap, PointSnap, SourceSnap, StanceSnap,
};
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
        moved: Vec::new(),
    }
}
