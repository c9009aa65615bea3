//! Inline references in prose: each resolved to the record it names
//! (an unknown id is an error at the reference's line and column, with the
//! nearest known id), and each record's list of the places that cite it.
//! The full link puts every place's references in with these steps; watch
//! mode takes a changed source's out and puts them back with the same.

use super::*;

/// A part of a case that holds prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CasePart {
    Intro,
    /// A point, by position.
    Point(usize),
}

/// A part of a source that holds prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SourcePart {
    Digest,
    Trust,
    /// An annotation's note, by position.
    Note(usize),
}

/// Where prose is written. Places order as a reader meets them: the
/// bottom line, the cases, the claims' verdicts, the timeline, the
/// sources, the entities, the free pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Place {
    BottomLine,
    Case(Side, CasePart),
    Verdict(ClaimIx),
    Event(EventIx),
    Source(SourceIx, SourcePart),
    Entity(EntityIx),
    Page(usize),
}

impl Place {
    /// The start of the ids of the references written here, unique on any
    /// page that shows the prose: `cite-<key>-<n>`.
    pub fn key(self, content: &Content) -> String {
        match self {
            Place::BottomLine => "bottom-line".into(),
            Place::Case(_, CasePart::Intro) => "intro".into(),
            Place::Case(_, CasePart::Point(p)) => format!("point-{}", p + 1),
            Place::Verdict(_) => "verdict".into(),
            Place::Event(i) => format!("event-{}", i.get() + 1),
            Place::Source(_, SourcePart::Digest) => "digest".into(),
            Place::Source(_, SourcePart::Trust) => "trust".into(),
            Place::Source(si, SourcePart::Note(n)) => {
                format!("{}-note-{}", content.sources[si].id, n + 1)
            }
            Place::Entity(ei) => format!("entity-{}", content.entities[ei].id.value),
            Place::Page(_) => "page".into(),
        }
    }
}

/// One inline reference: where it is written, and which of that place's
/// references it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Citation {
    pub place: Place,
    pub nth: usize,
}

impl Citation {
    /// The id of the reference on the pages that show it.
    pub fn anchor(self, content: &Content) -> String {
        format!("cite-{}-{}", self.place.key(content), self.nth + 1)
    }
}

/// A record an inline reference resolved to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cited {
    Claim(ClaimIx),
    Source(SourceIx),
    Entity(EntityIx),
    Event(EventIx),
    Page(usize),
}

/// Every record's index by id, for resolving references.
#[derive(Debug, Default)]
pub struct Ids {
    pub claims: HashMap<ClaimId, ClaimIx>,
    pub sources: HashMap<SourceId, SourceIx>,
    pub entities: HashMap<EntityId, EntityIx>,
    pub events: HashMap<EventId, EventIx>,
    pub pages: HashMap<PageId, usize>,
}

impl Ids {
    /// The ids of one kind, for "did you mean" hints.
    fn known(&self, kind: RefKind) -> Vec<&str> {
        match kind {
            RefKind::Claim => self.claims.keys().map(|k| k.as_str()).collect(),
            RefKind::Source => self.sources.keys().map(|k| k.as_str()).collect(),
            RefKind::Entity => self.entities.keys().map(|k| k.as_str()).collect(),
            RefKind::Event => self.events.keys().map(|k| k.as_str()).collect(),
            RefKind::Page => self.pages.keys().map(|k| k.as_str()).collect(),
        }
    }

    /// The record `target` names, if there is one.
    pub fn get(&self, target: &Target) -> Option<Cited> {
        match target {
            Target::Claim(id) => self.claims.get(id).copied().map(Cited::Claim),
            Target::Source(id) => self.sources.get(id).copied().map(Cited::Source),
            Target::Entity(id) => self.entities.get(id).copied().map(Cited::Entity),
            Target::Event(id) => self.events.get(id).copied().map(Cited::Event),
            Target::Page(id) => self.pages.get(id).copied().map(Cited::Page),
        }
    }
}

/// The prose at `place`, if the place holds any.
pub fn prose_at(content: &Content, place: Place) -> Option<&Markdown> {
    match place {
        Place::BottomLine => Some(&content.briefing.bottom_line),
        Place::Case(side, part) => {
            let case = match side {
                Side::Bull => &content.bull,
                Side::Bear => &content.bear,
            };
            match part {
                CasePart::Intro => Some(&case.intro),
                CasePart::Point(p) => case.points.get(p).map(|p| &p.argument),
            }
        }
        Place::Verdict(ci) => content.claims.get(ci.get())?.verdict_note.as_ref(),
        Place::Event(i) => content.events.get(i.get())?.detail.as_ref(),
        Place::Source(si, part) => {
            let source = content.sources.get(si.get())?;
            match part {
                SourcePart::Digest => Some(&source.digest),
                SourcePart::Trust => source.trust.as_ref(),
                SourcePart::Note(n) => source.annotations.get(n)?.note.as_ref(),
            }
        }
        Place::Entity(ei) => content.entities.get(ei.get())?.summary.as_ref(),
        Place::Page(p) => content.pages.get(p).map(|p| &p.body),
    }
}

/// The places of a source's prose that cite something, in order.
pub(super) fn source_places(si: SourceIx, source: &Source) -> Vec<(Place, &Markdown)> {
    let mut out = vec![(Place::Source(si, SourcePart::Digest), &source.digest)];
    if let Some(t) = &source.trust {
        out.push((Place::Source(si, SourcePart::Trust), t));
    }
    for (n, a) in source.annotations.iter().enumerate() {
        if let Some(note) = &a.note {
            out.push((Place::Source(si, SourcePart::Note(n)), note));
        }
    }
    out.retain(|(_, m)| !m.refs().is_empty());
    out
}

/// Every place that cites something, in [`Place`] order.
pub fn all_places(content: &Content) -> Vec<(Place, &Markdown)> {
    let mut out: Vec<(Place, &Markdown)> = vec![(Place::BottomLine, &content.briefing.bottom_line)];
    for case in [&content.bull, &content.bear] {
        out.push((Place::Case(case.side, CasePart::Intro), &case.intro));
        for (p, point) in case.points.iter().enumerate() {
            out.push((Place::Case(case.side, CasePart::Point(p)), &point.argument));
        }
    }
    for (ci, claim) in ClaimIx::all(content.claims.len()).zip(&content.claims) {
        if let Some(note) = &claim.verdict_note {
            out.push((Place::Verdict(ci), note));
        }
    }
    for (i, event) in EventIx::all(content.events.len()).zip(&content.events) {
        if let Some(detail) = &event.detail {
            out.push((Place::Event(i), detail));
        }
    }
    out.retain(|(_, m)| !m.refs().is_empty());
    for (si, source) in SourceIx::all(content.sources.len()).zip(&content.sources) {
        out.extend(source_places(si, source));
    }
    for (ei, entity) in EntityIx::all(content.entities.len()).zip(&content.entities) {
        if let Some(summary) = entity.summary.as_ref().filter(|s| !s.refs().is_empty()) {
            out.push((Place::Entity(ei), summary));
        }
    }
    for (p, page) in content.pages.iter().enumerate() {
        if !page.body.refs().is_empty() {
            out.push((Place::Page(p), &page.body));
        }
    }
    out
}

/// Resolves the references of one place, reporting unknown ids; a
/// reference into a list file that did not load, or to a source that did
/// not, resolves to nothing and is not reported.
pub(super) fn resolve_refs(
    prose: &Markdown,
    ids: &Ids,
    content: &Content,
    diags: &mut Diagnostics,
) -> Vec<Option<Cited>> {
    let unread = content.unread;
    prose
        .refs()
        .iter()
        .map(|r| {
            if let Some(found) = ids.get(&r.target) {
                return Some(found);
            }
            let skip = match &r.target {
                Target::Claim(_) => unread.claims,
                Target::Entity(_) => unread.entities,
                Target::Event(_) => unread.timeline,
                Target::Source(id) => content.unloaded.contains(id),
                Target::Page(_) => false,
            };
            if !skip {
                diags.push(unknown(r, ids));
            }
            None
        })
        .collect()
}

/// The error for a reference to no record, with the nearest known id.
fn unknown(r: &InlineRef, ids: &Ids) -> Diagnostic {
    let (id, kind) = (r.target.id(), r.target.kind());
    let defined_in = match kind {
        RefKind::Claim => "claims.yaml",
        RefKind::Source => "sources/<id>.md",
        RefKind::Entity => "entities.yaml",
        RefKind::Event => "timeline.yaml (give the event an `id:`)",
        RefKind::Page => "pages/<id>.md",
    };
    let mut hint = suggest(id, ids.known(kind), || {
        format!("define it in {defined_in}, or fix the id")
    });
    // A claim reference is written without a prefix: an id of another
    // kind may have lost its own.
    if kind == RefKind::Claim {
        let named = RefKind::ALL.iter().map(|&(_, k)| k).find(|&k| {
            k != RefKind::Claim && Target::new(k, id).is_ok_and(|t| ids.get(&t).is_some())
        });
        if let Some(other) = named {
            let other = other.as_str();
            let article = if other.starts_with('e') { "an" } else { "a" };
            hint = format!("`{id}` names {article} {other}: write `[[{other}:{id}]]`");
        }
    }
    Diagnostic::error(
        r.span,
        format!("unknown {} id `{id}` in a reference", kind.as_str()),
    )
    .with_hint(hint)
}

/// The back-link lists of every kind of record.
pub(super) struct Backlinks<'a> {
    pub claims: &'a mut [ClaimLinks],
    pub sources: &'a mut [SourceLinks],
    pub entities: &'a mut [EntityLinks],
    pub events: &'a mut [EventLinks],
}

impl Backlinks<'_> {
    fn list(&mut self, cited: Cited) -> Option<&mut Vec<Citation>> {
        match cited {
            Cited::Claim(ci) => Some(&mut self.claims[ci].cited_in),
            Cited::Source(si) => Some(&mut self.sources[si].cited_in),
            Cited::Entity(ei) => Some(&mut self.entities[ei].cited_in),
            Cited::Event(i) => Some(&mut self.events[i].cited_in),
            // Free pages list no citations.
            Cited::Page(_) => None,
        }
    }

    /// Lists each reference of `place` on the record it cites; returns the
    /// records, each once.
    pub fn attach(&mut self, place: Place, resolved: &[Option<Cited>]) -> Vec<Cited> {
        let mut records = Vec::new();
        for (nth, cited) in resolved.iter().enumerate() {
            let Some(cited) = *cited else { continue };
            if let Some(list) = self.list(cited) {
                insert_sorted(list, Citation { place, nth });
            }
            push_unique(&mut records, cited);
        }
        records
    }

    /// Takes every citation whose place `is_gone` off the lists of
    /// `records`.
    pub fn detach(&mut self, records: &[Cited], is_gone: impl Fn(Place) -> bool) {
        for &cited in records {
            if let Some(list) = self.list(cited) {
                list.retain(|c| !is_gone(c.place));
            }
        }
    }
}
