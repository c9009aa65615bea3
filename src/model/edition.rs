//! Editions: what readers saw of a briefing when it was issued, and what
//! changed from one edition to the next.
//!
//! An edition is recorded by `briefing edition` as a small file under
//! `content/editions/` and never rewritten: it keeps what a reader of that
//! edition saw (each claim's statement, status, verdict and figure, each
//! event's date and whether it was still expected, the case points and the
//! claims they cite, the sources, the bottom line), so that the next
//! edition can say what changed without the old content at hand.

use serde::{Deserialize, Serialize};

/// One issued edition, as its file keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    /// Its number: 1 for the first.
    pub edition: u32,
    /// The day it was issued (`YYYY-MM-DD`).
    pub date: String,
    /// The briefing's `as_of` then.
    pub as_of: String,
    /// The desk's note on the edition: why it was issued.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// The bottom line's Markdown.
    pub bottom_line: String,
    pub claims: Vec<ClaimSnap>,
    pub events: Vec<EventSnap>,
    pub bull: Vec<PointSnap>,
    pub bear: Vec<PointSnap>,
    pub sources: Vec<SourceSnap>,
    /// Ids renamed since the previous edition (`briefing rename`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub moved: Vec<Move>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimSnap {
    pub id: String,
    pub statement: String,
    /// The status's key (`corroborated`, `single-source`...).
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict_note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figure: Option<FigureSnap>,
    /// Each source's stance on the claim, by source id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stances: Vec<StanceSnap>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureSnap {
    pub metric: String,
    pub value: f64,
    pub unit: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StanceSnap {
    pub source: String,
    pub stance: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventSnap {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub title: String,
    /// As written, with its precision (`2026-Q2`).
    pub date: String,
    pub expected: bool,
}

impl EventSnap {
    /// What an event is known by from one edition to the next: its id,
    /// or else its title.
    fn key(&self) -> &str {
        self.id.as_deref().unwrap_or(&self.title)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PointSnap {
    pub title: String,
    pub claims: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSnap {
    pub id: String,
    pub title: String,
    pub publisher: String,
}

/// An id renamed: a claim's, a source's or an entity's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Move {
    /// `claim`, `source` or `entity`.
    pub kind: String,
    pub from: String,
    pub to: String,
    /// The day it was renamed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

impl Move {
    /// The kind of record renamed: claims, sources and entities are.
    pub fn kind(&self) -> Option<super::prose::RefKind> {
        use super::prose::RefKind;
        match self.kind.as_str() {
            "claim" => Some(RefKind::Claim),
            "source" => Some(RefKind::Source),
            "entity" => Some(RefKind::Entity),
            _ => None,
        }
    }

    /// What keeps this from being a rename `briefing rename` could have
    /// made: another kind of record, an id that is not one, or an id
    /// renamed to itself.
    pub fn problem(&self) -> Option<String> {
        let Some(kind) = self.kind() else {
            return Some(format!(
                "`{}` is not a kind of record renamed (claim, source or entity)",
                self.kind
            ));
        };
        for id in [&self.from, &self.to] {
            if let Err(why) = super::prose::Target::new(kind, id) {
                return Some(format!("`{id}` is not a {} id: {why}", self.kind));
            }
        }
        (self.from == self.to).then(|| format!("`{}` is renamed to itself", self.from))
    }

    /// Whether the two record the same rename, whatever their dates.
    pub fn same(&self, other: &Move) -> bool {
        (&self.kind, &self.from, &self.to) == (&other.kind, &other.from, &other.to)
    }
}

/// One change between two editions, as a reader is told it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum Change {
    ClaimAdded {
        id: String,
        statement: String,
    },
    ClaimRemoved {
        id: String,
        statement: String,
    },
    ClaimRenamed {
        from: String,
        to: String,
    },
    /// The status moved; the verdict note says why, when there is one.
    StatusChanged {
        id: String,
        from: String,
        to: String,
        verdict_note: Option<String>,
        /// Whether the analyst's verdict changed with it (or only the
        /// evidence did).
        revised: bool,
    },
    /// The verdict or its note changed, the status did not.
    VerdictRevised {
        id: String,
        verdict: Option<String>,
        verdict_note: Option<String>,
        /// Whether the verdict itself changed, not only its note.
        verdict_changed: bool,
    },
    Reworded {
        id: String,
        from: String,
        to: String,
    },
    FigureMoved {
        id: String,
        metric: String,
        from: f64,
        from_unit: String,
        to: f64,
        to_unit: String,
    },
    StanceChanged {
        claim: String,
        source: String,
        from: String,
        to: String,
    },
    EventAdded {
        title: String,
        date: String,
        expected: bool,
    },
    EventRemoved {
        title: String,
    },
    /// An event whose title changed: the same date, and no other event
    /// took the old title's place.
    EventRetitled {
        from: String,
        to: String,
    },
    /// An expected event that has now happened.
    EventHappened {
        title: String,
        date: String,
    },
    /// An expected event still to come whose date moved later, or passed
    /// with nothing recorded.
    EventSlipped {
        title: String,
        from: String,
        to: String,
    },
    /// An event's date corrected, not slipping.
    EventRedated {
        title: String,
        from: String,
        to: String,
    },
    SourceAdded {
        id: String,
        title: String,
    },
    SourceRemoved {
        id: String,
        title: String,
    },
    BottomLine {
        from: String,
        to: String,
    },
    /// The date the evidence is checked to moved.
    AsOf {
        from: String,
        to: String,
    },
    PointAdded {
        side: String,
        title: String,
    },
    PointDropped {
        side: String,
        title: String,
    },
    /// A case point whose title changed: at the same place in its case,
    /// or resting on the same claims.
    PointRetitled {
        side: String,
        from: String,
        to: String,
    },
}

impl Change {
    /// The change in a line of plain English, for the terminal.
    pub fn summary(&self) -> String {
        match self {
            Change::ClaimAdded { id, .. } => format!("claim added: {id}"),
            Change::ClaimRemoved { id, .. } => format!("claim withdrawn: {id}"),
            Change::ClaimRenamed { from, to } => format!("claim renamed: {from} is now {to}"),
            Change::StatusChanged { id, from, to, .. } => format!("{id}: {from} -> {to}"),
            Change::VerdictRevised {
                id,
                verdict_changed: true,
                ..
            } => format!("{id}: verdict revised"),
            Change::VerdictRevised { id, .. } => format!("{id}: verdict note rewritten"),
            Change::Reworded { id, .. } => format!("{id}: reworded"),
            Change::FigureMoved {
                id,
                metric,
                from,
                from_unit,
                to,
                to_unit,
            } => format!("{id}: {metric} {from} {from_unit} -> {to} {to_unit}"),
            Change::StanceChanged {
                claim,
                source,
                from,
                to,
            } => format!("{claim}: {source} now {to} it (was {from})"),
            Change::EventAdded { title, date, .. } => format!("event added: {title} ({date})"),
            Change::EventRemoved { title } => format!("event removed: {title}"),
            Change::EventRetitled { from, to } => format!("event retitled: {from} -> {to}"),
            Change::EventHappened { title, date } => format!("happened: {title} ({date})"),
            Change::EventSlipped { title, from, to } if from == to => {
                format!("slipped: {title}, expected {from}, has not happened")
            }
            Change::EventSlipped { title, from, to } => {
                format!("slipped: {title}, from {from} to {to}")
            }
            Change::EventRedated { title, from, to } => {
                format!("redated: {title}, from {from} to {to}")
            }
            Change::SourceAdded { id, .. } => format!("source added: {id}"),
            Change::SourceRemoved { id, .. } => format!("source removed: {id}"),
            Change::BottomLine { .. } => "bottom line rewritten".into(),
            Change::AsOf { from, to } => format!("as of {to} (was {from})"),
            Change::PointAdded { side, title } => format!("{side} case: point added: {title}"),
            Change::PointDropped { side, title } => {
                format!("{side} case: point dropped: {title}")
            }
            Change::PointRetitled { side, from, to } => {
                format!("{side} case: point retitled: {from} -> {to}")
            }
        }
    }

    /// The claim it is about, by its id in the newer edition (the old id
    /// for a claim withdrawn).
    pub fn claim(&self) -> Option<&str> {
        match self {
            Change::ClaimAdded { id, .. }
            | Change::ClaimRemoved { id, .. }
            | Change::StatusChanged { id, .. }
            | Change::VerdictRevised { id, .. }
            | Change::Reworded { id, .. }
            | Change::FigureMoved { id, .. } => Some(id),
            Change::ClaimRenamed { to, .. } => Some(to),
            Change::StanceChanged { claim, .. } => Some(claim),
            _ => None,
        }
    }

    /// Whether it corrects what an earlier edition said: a claim found to
    /// be a likely error, or the analyst's verdict changed. A verdict note
    /// rewritten with the verdict standing is no correction.
    pub fn is_correction(&self) -> bool {
        match self {
            Change::StatusChanged { to, revised, .. } => *revised || to == "likely-error",
            Change::VerdictRevised {
                verdict_changed, ..
            } => *verdict_changed,
            _ => false,
        }
    }
}

/// What changed from `old` to `new`, in reading order: the as-of date,
/// the bottom line, claims (in `new`'s order, then those removed), events,
/// case points, sources. Empty when readers of the two see the same
/// briefing, whatever the editions' numbers, dates and notes.
pub fn changes(old: &Edition, new: &Edition) -> Vec<Change> {
    let mut out = Vec::new();
    if old.as_of != new.as_of {
        out.push(Change::AsOf {
            from: old.as_of.clone(),
            to: new.as_of.clone(),
        });
    }
    if old.bottom_line.trim() != new.bottom_line.trim() {
        out.push(Change::BottomLine {
            from: old.bottom_line.clone(),
            to: new.bottom_line.clone(),
        });
    }
    // An old claim id as the new edition knows it.
    let renamed = |kind: &str, id: &str| -> String {
        new.moved
            .iter()
            .filter(|m| m.kind == kind)
            .fold(
                id.to_string(),
                |id, m| if m.from == id { m.to.clone() } else { id },
            )
    };
    let old_claims: Vec<(String, &ClaimSnap)> = old
        .claims
        .iter()
        .map(|c| (renamed("claim", &c.id), c))
        .collect();
    for claim in &new.claims {
        let Some((_, was)) = old_claims.iter().find(|(id, _)| *id == claim.id) else {
            out.push(Change::ClaimAdded {
                id: claim.id.clone(),
                statement: claim.statement.clone(),
            });
            continue;
        };
        if was.id != claim.id {
            out.push(Change::ClaimRenamed {
                from: was.id.clone(),
                to: claim.id.clone(),
            });
        }
        claim_changes(was, claim, &renamed, &mut out);
    }
    for (id, was) in &old_claims {
        if !new.claims.iter().any(|c| c.id == *id) {
            out.push(Change::ClaimRemoved {
                id: was.id.clone(),
                statement: was.statement.clone(),
            });
        }
    }
    event_changes(old, new, &mut out);
    for (side, was, now) in [
        ("bull", &old.bull, &new.bull),
        ("bear", &old.bear, &new.bear),
    ] {
        // A point is known by its title; one retitled, by the claims it
        // rests on or, failing that, by its place in the case.
        let titled = |p: &PointSnap, list: &[PointSnap]| list.iter().any(|q| q.title == p.title);
        let gone: Vec<usize> = (0..was.len()).filter(|&i| !titled(&was[i], now)).collect();
        let mut paired: Vec<usize> = Vec::new();
        for (at, point) in now.iter().enumerate() {
            if titled(point, was) {
                continue;
            }
            let unpaired = |i: &&usize| !paired.contains(i);
            let pair = gone
                .iter()
                .filter(unpaired)
                .find(|&&i| was[i].claims == point.claims)
                .or_else(|| gone.iter().filter(unpaired).find(|&&i| i == at))
                .copied();
            match pair {
                Some(i) => {
                    paired.push(i);
                    out.push(Change::PointRetitled {
                        side: side.into(),
                        from: was[i].title.clone(),
                        to: point.title.clone(),
                    });
                }
                None => out.push(Change::PointAdded {
                    side: side.into(),
                    title: point.title.clone(),
                }),
            }
        }
        for &i in gone.iter().filter(|i| !paired.contains(i)) {
            out.push(Change::PointDropped {
                side: side.into(),
                title: was[i].title.clone(),
            });
        }
    }
    let old_sources: Vec<String> = old
        .sources
        .iter()
        .map(|s| renamed("source", &s.id))
        .collect();
    for source in &new.sources {
        if !old_sources.contains(&source.id) {
            out.push(Change::SourceAdded {
                id: source.id.clone(),
                title: source.title.clone(),
            });
        }
    }
    for (source, id) in old.sources.iter().zip(&old_sources) {
        if !new.sources.iter().any(|s| s.id == *id) {
            out.push(Change::SourceRemoved {
                id: source.id.clone(),
                title: source.title.clone(),
            });
        }
    }
    out
}

/// What changed in one claim kept from one edition to the next.
fn claim_changes(
    was: &ClaimSnap,
    now: &ClaimSnap,
    renamed: &dyn Fn(&str, &str) -> String,
    out: &mut Vec<Change>,
) {
    let id = now.id.clone();
    let verdict_changed = was.verdict != now.verdict;
    if was.status != now.status {
        out.push(Change::StatusChanged {
            id: id.clone(),
            from: was.status.clone(),
            to: now.status.clone(),
            verdict_note: now.verdict_note.clone(),
            revised: verdict_changed,
        });
    } else if verdict_changed || was.verdict_note != now.verdict_note {
        out.push(Change::VerdictRevised {
            id: id.clone(),
            verdict: now.verdict.clone(),
            verdict_note: now.verdict_note.clone(),
            verdict_changed,
        });
    }
    if was.statement.trim() != now.statement.trim() {
        out.push(Change::Reworded {
            id: id.clone(),
            from: was.statement.clone(),
            to: now.statement.clone(),
        });
    }
    if let (Some(a), Some(b)) = (&was.figure, &now.figure) {
        if a.value != b.value || a.unit != b.unit {
            out.push(Change::FigureMoved {
                id: id.clone(),
                metric: b.metric.clone(),
                from: a.value,
                from_unit: a.unit.clone(),
                to: b.value,
                to_unit: b.unit.clone(),
            });
        }
    }
    // A source may take more than one stance on a claim (one quote
    // supports it, another qualifies it): its stances are compared as a
    // whole, for each source that took one in both editions.
    let mut sources: Vec<&str> = now.stances.iter().map(|s| s.source.as_str()).collect();
    sources.dedup();
    for source in sources {
        let stances_now: Vec<&str> = now
            .stances
            .iter()
            .filter(|s| s.source == source)
            .map(|s| s.stance.as_str())
            .collect();
        let stances_then: Vec<&str> = was
            .stances
            .iter()
            .filter(|s| renamed("source", &s.source) == source)
            .map(|s| s.stance.as_str())
            .collect();
        if !stances_then.is_empty() && stances_then != stances_now {
            out.push(Change::StanceChanged {
                claim: id.clone(),
                source: source.to_string(),
                from: stances_then.join(", "),
                to: stances_now.join(", "),
            });
        }
    }
}

/// Events added, removed, happened, slipped or redated.
fn event_changes(old: &Edition, new: &Edition, out: &mut Vec<Change>) {
    let keyed = |e: &EventSnap, list: &[EventSnap]| list.iter().any(|x| x.key() == e.key());
    // Old events no new one has the key of: each may be one retitled.
    let gone: Vec<&EventSnap> = old
        .events
        .iter()
        .filter(|e| !keyed(e, &new.events))
        .collect();
    let mut paired: Vec<&str> = Vec::new();
    for event in &new.events {
        let was = match old.events.iter().find(|e| e.key() == event.key()) {
            Some(was) => was,
            None => {
                let retitled = gone.iter().find(|e| {
                    e.date == event.date
                        && e.expected == event.expected
                        && !paired.contains(&e.key())
                });
                let Some(was) = retitled else {
                    out.push(Change::EventAdded {
                        title: event.title.clone(),
                        date: event.date.clone(),
                        expected: event.expected,
                    });
                    continue;
                };
                paired.push(was.key());
                out.push(Change::EventRetitled {
                    from: was.title.clone(),
                    to: event.title.clone(),
                });
                was
            }
        };
        if was.expected && !event.expected {
            out.push(Change::EventHappened {
                title: event.title.clone(),
                date: event.date.clone(),
            });
        } else if was.expected
            && event.expected
            // Moved later, or its date has passed and it is still only
            // expected.
            && (later(&event.date, &was.date) || later(&new.as_of, &event.date))
        {
            out.push(Change::EventSlipped {
                title: event.title.clone(),
                from: was.date.clone(),
                to: event.date.clone(),
            });
        } else if was.date != event.date {
            out.push(Change::EventRedated {
                title: event.title.clone(),
                from: was.date.clone(),
                to: event.date.clone(),
            });
        }
    }
    for was in gone {
        if !paired.contains(&was.key()) {
            out.push(Change::EventRemoved {
                title: was.title.clone(),
            });
        }
    }
}

/// Whether date `a` is past the whole of date `b` (both as written, of
/// any precision): `2026-07-01` is past `2026-Q2`, `2026-06-30` is not.
fn later(a: &str, b: &str) -> bool {
    match (super::Date::parse(a), super::Date::parse(b)) {
        (Some(a), Some(b)) => a.is_after(&b),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(id: &str, statement: &str, status: &str) -> ClaimSnap {
        ClaimSnap {
            id: id.into(),
            statement: statement.into(),
            status: status.into(),
            verdict: None,
            verdict_note: None,
            figure: None,
            stances: Vec::new(),
        }
    }

    fn edition(n: u32, as_of: &str) -> Edition {
        Edition {
            edition: n,
            date: as_of.into(),
            as_of: as_of.into(),
            note: String::new(),
            bottom_line: "Line.".into(),
            claims: Vec::new(),
            events: Vec::new(),
            bull: Vec::new(),
            bear: Vec::new(),
            sources: Vec::new(),
            moved: Vec::new(),
        }
    }

    fn event(title: &str, date: &str, expected: bool) -> EventSnap {
        EventSnap {
            id: None,
            title: title.into(),
            date: date.into(),
            expected,
        }
    }

    #[test]
    fn nothing_changed_is_no_change() {
        let mut a = edition(1, "2026-03-01");
        a.claims.push(claim("a", "A.", "single-source"));
        let mut b = a.clone();
        b.edition = 2;
        assert_eq!(changes(&a, &b), []);
    }

    #[test]
    fn each_kind_of_change_is_found_once() {
        let mut a = edition(1, "2026-03-01");
        let mut fig = claim("capacity", "Capacity doubled.", "single-source");
        fig.figure = Some(FigureSnap {
            metric: "Capacity".into(),
            value: 2000.0,
            unit: "widgets / day".into(),
        });
        fig.stances.push(StanceSnap {
            source: "alpha".into(),
            stance: "supports".into(),
        });
        a.claims = vec![
            claim("permit", "The permit is pending.", "single-source"),
            fig,
            claim("old-name", "A buyer signed.", "unsupported"),
            claim("gone", "Gone soon.", "unverified"),
        ];
        a.events = vec![
            event("Decision", "2026-Q2", true),
            event("Launch", "2026-04", true),
            event("Plant opens", "2026-05", true),
        ];
        a.bull = vec![PointSnap {
            title: "Demand".into(),
            claims: vec!["capacity".into()],
        }];
        a.bear = vec![PointSnap {
            title: "Permits".into(),
            claims: vec!["permit".into()],
        }];
        let mut b = edition(2, "2026-07-10");
        b.bottom_line = "A new line.".into();
        let mut permit = claim("permit", "The permit is pending.", "likely-error");
        permit.verdict = Some("likely-error".into());
        permit.verdict_note = Some("The permit was granted in May.".into());
        let mut fig = a.claims[1].clone();
        fig.figure.as_mut().unwrap().value = 2500.0;
        fig.stances[0].stance = "qualifies".into();
        b.claims = vec![
            permit,
            fig,
            claim("buyer-signed", "A foreign buyer signed.", "unsupported"),
            claim("new", "New one.", "single-source"),
        ];
        b.moved.push(Move {
            kind: "claim".into(),
            from: "old-name".into(),
            to: "buyer-signed".into(),
            date: None,
        });
        b.events = vec![
            event("Decision", "2026-Q3", true),
            event("Launch", "2026-04", false),
            event("Plant opens", "2026-05", true),
        ];
        b.bull = vec![
            PointSnap {
                title: "Demand".into(),
                claims: vec!["capacity".into()],
            },
            PointSnap {
                title: "Buyers".into(),
                claims: vec!["new".into()],
            },
        ];
        let found = changes(&a, &b);
        let expected = vec![
            Change::AsOf {
                from: "2026-03-01".into(),
                to: "2026-07-10".into(),
            },
            Change::BottomLine {
                from: "Line.".into(),
                to: "A new line.".into(),
            },
            Change::StatusChanged {
                id: "permit".into(),
                from: "single-source".into(),
                to: "likely-error".into(),
                verdict_note: Some("The permit was granted in May.".into()),
                revised: true,
            },
            Change::FigureMoved {
                id: "capacity".into(),
                metric: "Capacity".into(),
                from: 2000.0,
                from_unit: "widgets / day".into(),
                to: 2500.0,
                to_unit: "widgets / day".into(),
            },
            Change::StanceChanged {
                claim: "capacity".into(),
                source: "alpha".into(),
                from: "supports".into(),
                to: "qualifies".into(),
            },
            Change::ClaimRenamed {
                from: "old-name".into(),
                to: "buyer-signed".into(),
            },
            Change::Reworded {
                id: "buyer-signed".into(),
                from: "A buyer signed.".into(),
                to: "A foreign buyer signed.".into(),
            },
            Change::ClaimAdded {
                id: "new".into(),
                statement: "New one.".into(),
            },
            Change::ClaimRemoved {
                id: "gone".into(),
                statement: "Gone soon.".into(),
            },
            Change::EventSlipped {
                title: "Decision".into(),
                from: "2026-Q2".into(),
                to: "2026-Q3".into(),
            },
            Change::EventHappened {
                title: "Launch".into(),
                date: "2026-04".into(),
            },
            // Its month has passed by the new as_of, with nothing recorded.
            Change::EventSlipped {
                title: "Plant opens".into(),
                from: "2026-05".into(),
                to: "2026-05".into(),
            },
            Change::PointAdded {
                side: "bull".into(),
                title: "Buyers".into(),
            },
            Change::PointDropped {
                side: "bear".into(),
                title: "Permits".into(),
            },
        ];
        assert_eq!(found, expected);
        assert_eq!(found.iter().filter(|c| c.is_correction()).count(), 1);
    }

    #[test]
    fn retitled_events_and_points_are_retitled_not_replaced() {
        let mut a = edition(1, "2026-03-01");
        a.events = vec![
            event("Results show $20B", "2026-04-30", false),
            event("A launch", "2026-05", false),
        ];
        let point = |title: &str, claims: &[&str]| PointSnap {
            title: title.into(),
            claims: claims.iter().map(|c| c.to_string()).collect(),
        };
        a.bear = vec![
            point("CUDA, not silicon", &["cuda"]),
            point("Costs", &["cost"]),
        ];
        let mut b = a.clone();
        b.edition = 2;
        b.events[0].title = "Q1 results: above $20B".into();
        b.events.push(event("A second launch", "2026-05", false));
        b.bear = vec![
            point("The moat is CUDA", &["cuda"]),
            point("A new point", &["x"]),
        ];
        assert_eq!(
            changes(&a, &b),
            [
                Change::EventRetitled {
                    from: "Results show $20B".into(),
                    to: "Q1 results: above $20B".into(),
                },
                Change::EventAdded {
                    title: "A second launch".into(),
                    date: "2026-05".into(),
                    expected: false,
                },
                Change::PointRetitled {
                    side: "bear".into(),
                    from: "CUDA, not silicon".into(),
                    to: "The moat is CUDA".into(),
                },
                Change::PointRetitled {
                    side: "bear".into(),
                    from: "Costs".into(),
                    to: "A new point".into(),
                },
            ]
        );
    }

    #[test]
    fn dates_compare_by_the_whole_of_their_period() {
        assert!(later("2026-07-01", "2026-Q2"));
        assert!(!later("2026-06-30", "2026-Q2"));
        assert!(later("2027", "2026-12-31"));
        assert!(!later("2026-12", "2026"));
    }

    #[test]
    fn an_edition_file_reads_back_as_written() {
        let mut a = edition(3, "2026-03-01");
        a.claims
            .push(claim("a", "A \"quoted\" claim.", "contested"));
        a.note = "Corrections.".into();
        let text = serde_json::to_string_pretty(&a).unwrap();
        let back: Edition = serde_json::from_str(&text).unwrap();
        assert_eq!(back, a);
        assert!(!text.contains("moved"), "{text}");
    }
}
