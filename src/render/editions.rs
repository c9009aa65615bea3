//! Editions as readers see them: a page per issued edition with what
//! changed since the one before, its bottom line and its claims as they
//! stood; the list of editions with the corrections log; the front page's
//! change lists; each claim's history; and, when the content has changed
//! since the latest edition, the draft's own change list.
//!
//! An edition keeps ids as they were when it was issued. A claim, source
//! or entity renamed later is found under its new id by following the
//! moves recorded by the editions after it ([`Issued::now`]); one removed
//! since is shown by its text, unlinked.

use super::cite::{claim_link, Refs};
use super::context::{
    claim_path, entity_path, format_number, source_path, CaseView, DateView, Ref, StatusView,
};
use super::escape_html;
use super::hashed::Hashed;
use super::markdown::{prose_html, typographic, Cites, Shown, ROOT};
use crate::link::editions::OldAddress;
use crate::link::{Cited, Graph, Status};
use crate::model::edition::{changes, Change, ClaimSnap, Edition};
use crate::model::prose::{self, Found, Piece, RefKind, Target};
use crate::model::ui::Interface;
use crate::model::{Date, SitePath};
use pulldown_cmark::{Event, TagEnd};
use serde::Serialize;

/// The page of edition `n`.
pub fn edition_path(n: u32) -> SitePath {
    SitePath::new(format!("editions/{n}/index.html"))
}

/// The list of editions and the corrections log.
pub fn editions_path() -> SitePath {
    SitePath::new("editions/index.html")
}

/// One issued edition.
#[derive(Serialize)]
pub struct EditionView {
    pub number: u32,
    /// "Edition 2", in the interface's words.
    pub title: String,
    pub path: SitePath,
    pub date: Option<DateView>,
    pub as_of: Option<DateView>,
    pub note: String,
    pub latest: bool,
    /// What changed since the edition before, grouped; empty for the
    /// first.
    pub groups: Vec<ChangeGroup>,
    pub change_count: usize,
    pub corrections: usize,
    pub bottom_line_html: String,
    pub claims: Vec<PastClaim>,
}

/// A claim as an edition showed it.
#[derive(Serialize)]
pub struct PastClaim {
    pub id: String,
    pub statement: String,
    pub status: Option<StatusView>,
    /// The figure, as "50 USD bn / year".
    pub figure: Option<String>,
    /// Its page now, unless it has been withdrawn.
    pub path: Option<SitePath>,
}

/// The changes of one part of the briefing.
#[derive(Serialize)]
pub struct ChangeGroup {
    /// `bottom-line`, `claims`, `timeline`, `cases` or `sources`.
    pub key: &'static str,
    pub title: String,
    pub changes: Vec<ChangeView>,
}

/// One change, as a reader is told it.
#[derive(Serialize)]
pub struct ChangeView {
    /// The change's kind, as in the edition files (`status-changed`...).
    pub kind: &'static str,
    /// A status changed to `likely-error`, or the analyst's verdict
    /// changed.
    pub correction: bool,
    /// What changed: a claim, an event, a source, a case point.
    pub subject: Option<Subject>,
    /// Whether the change before it in its group has the same subject
    /// (a claim whose note was rewritten and whose stance changed): shown
    /// under it, without the subject again.
    pub same_subject: bool,
    /// The change in a sentence of interface words.
    pub text: String,
    pub from_status: Option<StatusView>,
    pub to_status: Option<StatusView>,
    /// The verdict note that explains a status change or a revised
    /// verdict, as the edition had it.
    pub note_html: Option<String>,
    /// Reworded text, word by word.
    pub diff: Vec<DiffPart>,
}

/// What a change is about, and where it is now.
#[derive(Serialize, Clone)]
pub struct Subject {
    pub name: String,
    pub path: Option<SitePath>,
}

/// A run of words of a word diff.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct DiffPart {
    /// `same`, `added` or `removed`.
    pub op: &'static str,
    pub text: String,
}

/// The edition every page names: the latest, and whether the content has
/// changed since it was issued.
#[derive(Serialize)]
pub struct EditionStatus {
    pub number: u32,
    pub title: String,
    pub date: Option<DateView>,
    pub path: SitePath,
    pub draft: bool,
}

/// What has changed since the latest edition, not yet issued.
#[derive(Serialize)]
pub struct DraftView {
    pub since: u32,
    pub since_path: SitePath,
    pub groups: Vec<ChangeGroup>,
    pub change_count: usize,
}

/// One edition in a claim's history.
#[derive(Serialize)]
pub struct HistoryEntry {
    /// `None` for changes not yet issued.
    pub number: Option<u32>,
    pub path: Option<SitePath>,
    pub date: Option<DateView>,
    /// The claim's status in that edition (now, for the draft).
    pub status: Option<StatusView>,
    /// What changed in the claim, in sentences.
    pub changes: Vec<String>,
    pub corrections: usize,
}

/// A correction, for the log and for the claim's metadata.
#[derive(Serialize, Clone)]
pub struct CorrectionView {
    pub edition: u32,
    pub path: SitePath,
    pub date: Option<DateView>,
    pub subject: Option<Subject>,
    pub text: String,
    pub note_html: Option<String>,
    /// The note as plain text, for metadata.
    pub note_text: Option<String>,
}

/// A page at an old address: where its record went, or that it was
/// withdrawn.
#[derive(Serialize)]
pub struct GoneView {
    /// The old address.
    pub path: SitePath,
    /// `claim`, `source` or `entity`.
    pub kind: &'static str,
    /// The id the address was made from.
    pub id: String,
    /// What it was called.
    pub name: String,
    /// The page's title.
    pub title: String,
    /// Where it is now, when it was renamed.
    pub to: Option<Subject>,
    /// The edition that withdrew it; null when renamed, or withdrawn in
    /// the draft.
    pub withdrawn_in: Option<Ref>,
}

/// Every edition view.
pub struct EditionViews {
    pub list: Vec<Hashed<EditionView>>,
    /// Each edition as a link, for paging from one to the next.
    pub refs: Vec<Hashed<Ref>>,
    pub status: Hashed<Option<EditionStatus>>,
    pub draft: Hashed<Option<DraftView>>,
    /// Per claim, its history; empty without editions.
    pub history: Vec<Hashed<Vec<HistoryEntry>>>,
    /// Per claim, its corrections.
    pub claim_corrections: Vec<Vec<CorrectionView>>,
    /// Every correction, newest edition first.
    pub corrections: Hashed<Vec<CorrectionView>>,
    /// The pages at old addresses, in the order of
    /// [`crate::link::editions::old_addresses`].
    pub gone: Vec<Hashed<GoneView>>,
}

impl EditionViews {
    /// The views for `graph`'s editions; `cases` are the bull and bear
    /// views, for links to case points.
    pub fn build(graph: &Graph, refs: &Refs, cases: [&CaseView; 2]) -> EditionViews {
        let editions = &graph.content.editions;
        let ui = &graph.content.briefing.interface;
        let claims = graph.content.claims.len();
        let gone: Vec<Hashed<GoneView>> = crate::link::editions::old_addresses(graph)
            .into_iter()
            .filter_map(|old| gone_view(refs, ui, old))
            .map(Hashed::new)
            .collect();
        if editions.is_empty() {
            return EditionViews {
                gone,
                list: Vec::new(),
                refs: Vec::new(),
                status: Hashed::new(None),
                draft: Hashed::new(None),
                history: (0..claims).map(|_| Hashed::new(Vec::new())).collect(),
                claim_corrections: vec![Vec::new(); claims],
                corrections: Hashed::new(Vec::new()),
            };
        }
        let last = editions.last().expect("editions is not empty");
        // The content as the next edition would record it: the draft.
        let now = crate::link::editions::snapshot(
            graph,
            last.edition + 1,
            &crate::model::today().iso(),
            "",
        );
        let draft_changes = changes(last, &now);
        // Every edition, then the draft, as one list: the draft is the
        // edition after the last.
        let mut all: Vec<&Edition> = editions.iter().collect();
        all.push(&now);
        let issued = Issued {
            graph,
            refs,
            ui,
            editions: &all,
            cases,
        };
        let per_edition: Vec<Vec<Change>> = (0..all.len())
            .map(|k| match k {
                0 => Vec::new(),
                k if k == all.len() - 1 => draft_changes.clone(),
                k => changes(all[k - 1], all[k]),
            })
            .collect();

        let mut list = Vec::new();
        let mut corrections: Vec<CorrectionView> = Vec::new();
        let mut claim_corrections: Vec<Vec<CorrectionView>> = vec![Vec::new(); claims];
        for (k, edition) in editions.iter().enumerate() {
            let groups = issued.groups(k, &per_edition[k]);
            for change in per_edition[k].iter().filter(|c| c.is_correction()) {
                let view = issued.change(k, change);
                let correction = CorrectionView {
                    edition: edition.edition,
                    path: edition_path(edition.edition),
                    date: day(&edition.date),
                    subject: view.subject.clone(),
                    text: view.text.clone(),
                    note_html: view.note_html.clone(),
                    note_text: issued
                        .claim_snap(k, change)
                        .and_then(|c| c.verdict_note.as_deref().map(|n| issued.plain(k, n))),
                };
                if let Some(Cited::Claim(ci)) = change
                    .claim()
                    .and_then(|id| issued.find(k, RefKind::Claim, id))
                {
                    claim_corrections[ci].push(correction.clone());
                }
                corrections.push(correction);
            }
            list.push(Hashed::new(EditionView {
                number: edition.edition,
                title: ui.fill("edition_n", &[("number", &edition.edition.to_string())]),
                path: edition_path(edition.edition),
                date: day(&edition.date),
                as_of: day(&edition.as_of),
                note: typographic(&edition.note),
                latest: k + 1 == editions.len(),
                change_count: per_edition[k].len(),
                corrections: per_edition[k].iter().filter(|c| c.is_correction()).count(),
                groups,
                bottom_line_html: prose_html(
                    &edition.bottom_line,
                    "",
                    &AsIssued { issued: &issued, k },
                    false,
                ),
                claims: edition
                    .claims
                    .iter()
                    .map(|c| PastClaim {
                        id: c.id.clone(),
                        statement: typographic(&c.statement),
                        status: Status::from_key(&c.status).map(|s| StatusView::of(s, ui)),
                        figure: c
                            .figure
                            .as_ref()
                            .map(|f| format!("{} {}", format_number(f.value), f.unit)),
                        path: issued.claim_path(k, &c.id),
                    })
                    .collect(),
            }));
        }
        corrections.reverse();

        // Each claim's history: the editions it is in where it was first
        // published or something about it changed, then the draft.
        let mut history: Vec<Vec<HistoryEntry>> = (0..claims).map(|_| Vec::new()).collect();
        for k in 0..all.len() {
            let draft = k == all.len() - 1;
            for snap in &all[k].claims {
                let Some(Cited::Claim(ci)) = issued.find(k, RefKind::Claim, &snap.id) else {
                    continue;
                };
                let about: Vec<&Change> = per_edition[k]
                    .iter()
                    .filter(|c| c.claim() == Some(snap.id.as_str()))
                    .collect();
                let first = history[ci].is_empty() && !draft;
                if about.is_empty() && !first {
                    continue;
                }
                let mut lines: Vec<String> =
                    about.iter().map(|c| issued.change(k, c).text).collect();
                if first && !about.iter().any(|c| matches!(c, Change::ClaimAdded { .. })) {
                    lines.insert(0, ui.word("history_first").to_string());
                }
                history[ci].push(HistoryEntry {
                    number: (!draft).then_some(all[k].edition),
                    path: (!draft).then(|| edition_path(all[k].edition)),
                    date: if draft { None } else { day(&all[k].date) },
                    status: Status::from_key(&snap.status).map(|s| StatusView::of(s, ui)),
                    changes: lines,
                    corrections: about.iter().filter(|c| c.is_correction()).count(),
                });
            }
        }

        let status = EditionStatus {
            number: last.edition,
            title: ui.fill("edition_n", &[("number", &last.edition.to_string())]),
            date: day(&last.date),
            path: edition_path(last.edition),
            draft: !draft_changes.is_empty(),
        };
        let draft = (!draft_changes.is_empty()).then(|| DraftView {
            since: last.edition,
            since_path: edition_path(last.edition),
            groups: issued.groups(all.len() - 1, &draft_changes),
            change_count: draft_changes.len(),
        });
        EditionViews {
            refs: list
                .iter()
                .map(|e| {
                    Hashed::new(Ref {
                        id: e.number.to_string(),
                        name: e.title.clone(),
                        path: e.path.clone(),
                    })
                })
                .collect(),
            list,
            status: Hashed::new(Some(status)),
            draft: Hashed::new(draft),
            history: history.into_iter().map(Hashed::new).collect(),
            claim_corrections,
            corrections: Hashed::new(corrections),
            gone,
        }
    }
}

/// The page at an old address, or `None` for an address that cannot be
/// one (the build only writes where an id could).
fn gone_view(refs: &Refs, ui: &Interface, old: OldAddress) -> Option<GoneView> {
    use crate::model::{ClaimId, EntityId, SourceId};
    let path = match old.kind {
        RefKind::Claim => claim_path(&ClaimId::parse(&old.id).ok()?),
        RefKind::Source => source_path(&SourceId::parse(&old.id).ok()?),
        RefKind::Entity => entity_path(&EntityId::parse(&old.id).ok()?),
        RefKind::Event | RefKind::Page => return None,
    };
    let to = old.now.map(|cited| match cited {
        Cited::Claim(ci) => Subject {
            name: refs.notes[ci].chip.statement.clone(),
            path: Some(refs.notes[ci].chip.path.clone()),
        },
        Cited::Source(si) => Subject {
            name: refs.sources[si].title.clone(),
            path: Some(refs.sources[si].path.clone()),
        },
        Cited::Entity(ei) => Subject {
            name: refs.entities[ei].name.clone(),
            path: Some(refs.entities[ei].path.clone()),
        },
        Cited::Event(i) => Subject {
            name: refs.events[i].name.clone(),
            path: Some(refs.events[i].path.clone()),
        },
        Cited::Page(p) => Subject {
            name: refs.pages[p].name.clone(),
            path: Some(refs.pages[p].path.clone()),
        },
    });
    let name = typographic(&old.name);
    Some(GoneView {
        path,
        kind: old.kind.as_str(),
        id: old.id,
        title: ui.fill(
            if to.is_some() {
                "moved_title"
            } else {
                "withdrawn_title"
            },
            &[("name", &name)],
        ),
        name,
        to,
        withdrawn_in: old.withdrawn_in.map(|n| Ref {
            id: n.to_string(),
            name: ui.fill("edition_n", &[("number", &n.to_string())]),
            path: edition_path(n),
        }),
    })
}

impl EditionViews {
    /// Takes the views of `fresh`, noting in `changed` the slots whose
    /// hash moved (a list whose length changed counts whole).
    pub fn patch(&mut self, fresh: EditionViews, changed: &mut super::context::Changed) {
        fn each<T>(
            old: &mut Vec<Hashed<T>>,
            new: Vec<Hashed<T>>,
            changed: &mut super::context::Changed,
        ) {
            if old.len() == new.len() {
                for (slot, new) in old.iter_mut().zip(new) {
                    changed.put(slot, new);
                }
            } else {
                changed.addresses.extend(old.iter().map(Hashed::address));
                *old = new;
            }
        }
        each(&mut self.list, fresh.list, changed);
        each(&mut self.refs, fresh.refs, changed);
        each(&mut self.history, fresh.history, changed);
        each(&mut self.gone, fresh.gone, changed);
        changed.put(&mut self.status, fresh.status);
        changed.put(&mut self.draft, fresh.draft);
        changed.put(&mut self.corrections, fresh.corrections);
        self.claim_corrections = fresh.claim_corrections;
    }
}

/// A day as written in an edition file, for showing.
fn day(text: &str) -> Option<DateView> {
    Date::parse(text).map(|d| DateView::of(&d))
}

/// The issued editions, then the draft, with what they are shown with.
struct Issued<'a> {
    graph: &'a Graph,
    refs: &'a Refs<'a>,
    ui: &'a Interface,
    /// The issued editions, then the draft (whose moves are the renames
    /// not yet issued).
    editions: &'a [&'a Edition],
    cases: [&'a CaseView; 2],
}

impl Issued<'_> {
    /// The id `id` of `kind`, as edition `k` wrote it, as the content
    /// knows it now: the moves of every later edition followed.
    fn now(&self, k: usize, kind: RefKind, id: &str) -> String {
        self.editions[k + 1..]
            .iter()
            .flat_map(|e| &e.moved)
            .filter(|m| m.kind == kind.as_str())
            .fold(
                id.to_string(),
                |id, m| if m.from == id { m.to.clone() } else { id },
            )
    }

    /// The record edition `k` named `id`, if the content still has it.
    fn find(&self, k: usize, kind: RefKind, id: &str) -> Option<Cited> {
        let target = Target::new(kind, &self.now(k, kind, id)).ok()?;
        self.graph.ids.get(&target)
    }

    fn claim_path(&self, k: usize, id: &str) -> Option<SitePath> {
        match self.find(k, RefKind::Claim, id)? {
            Cited::Claim(ci) => Some(self.refs.notes[ci].chip.path.clone()),
            _ => None,
        }
    }

    /// The claim a change names, as edition `k` had it (as the edition
    /// before had it, for a claim withdrawn).
    fn claim_snap(&self, k: usize, change: &Change) -> Option<&ClaimSnap> {
        let id = change.claim()?;
        let at = |k: usize| self.editions[k].claims.iter().find(|c| c.id == id);
        at(k).or_else(|| k.checked_sub(1).and_then(at))
    }

    fn claim_subject(&self, k: usize, change: &Change) -> Option<Subject> {
        let id = change.claim()?;
        let name = self
            .claim_snap(k, change)
            .map_or_else(|| id.to_string(), |c| typographic(&c.statement));
        let path = match change {
            Change::ClaimRemoved { .. } => None,
            _ => self.claim_path(k, id),
        };
        Some(Subject { name, path })
    }

    fn status(&self, key: &str) -> Option<StatusView> {
        Status::from_key(key).map(|s| StatusView::of(s, self.ui))
    }

    /// Markdown edition `k` holds, as HTML.
    fn html(&self, k: usize, markdown: &str) -> String {
        prose_html(markdown, "", &AsIssued { issued: self, k }, true)
    }

    /// Markdown edition `k` holds, as plain text: references by their
    /// link text (a bare claim reference by none).
    fn plain(&self, k: usize, markdown: &str) -> String {
        let _ = k;
        let mut out = String::new();
        for piece in prose::pieces(markdown) {
            match piece {
                Piece::Event(Event::Text(t) | Event::Code(t)) => out.push_str(&t),
                Piece::Event(
                    Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph),
                ) => out.push(' '),
                Piece::Event(_) => {}
                Piece::Ref(found) => {
                    out.push_str(found.text.as_deref().unwrap_or(match found.target {
                        Target::Claim(_) => "",
                        _ => found.target.id(),
                    }))
                }
                Piece::Malformed(m) => out.push_str(&m.written),
            }
        }
        // A bare reference leaves a space before the punctuation after it.
        let mut text = out.split_whitespace().collect::<Vec<_>>().join(" ");
        for mark in [",", ".", ";", ":", ")"] {
            text = text.replace(&format!(" {mark}"), mark);
        }
        typographic(&text)
    }

    /// The changes of edition `k`, grouped in reading order.
    fn groups(&self, k: usize, list: &[Change]) -> Vec<ChangeGroup> {
        let mut groups: Vec<ChangeGroup> = Vec::new();
        for change in list {
            let (key, word) = group_of(change);
            if groups.last().is_none_or(|g| g.key != key) {
                groups.push(ChangeGroup {
                    key,
                    title: self.ui.word(word).to_string(),
                    changes: Vec::new(),
                });
            }
            let mut view = self.change(k, change);
            let group = groups.last_mut().expect("pushed above");
            view.same_subject = view.subject.is_some()
                && group.changes.last().is_some_and(|before| {
                    before.subject.as_ref().map(|s| &s.name)
                        == view.subject.as_ref().map(|s| &s.name)
                });
            group.changes.push(view);
        }
        groups
    }

    /// One change of edition `k` (from edition `k - 1`), as shown.
    fn change(&self, k: usize, change: &Change) -> ChangeView {
        let ui = self.ui;
        let mut view = ChangeView {
            kind: kind_of(change),
            correction: change.is_correction(),
            subject: self.claim_subject(k, change),
            same_subject: false,
            text: String::new(),
            from_status: None,
            to_status: None,
            note_html: None,
            diff: Vec::new(),
        };
        let fill = |key: &'static str, values: &[(&str, &str)]| typographic(&ui.fill(key, values));
        match change {
            Change::ClaimAdded { .. } => view.text = ui.word("change_claim_added").into(),
            Change::ClaimRemoved { .. } => view.text = ui.word("change_claim_withdrawn").into(),
            Change::ClaimRenamed { from, .. } => {
                view.text = fill("change_claim_renamed", &[("from", from)])
            }
            Change::StatusChanged {
                from,
                to,
                verdict_note,
                ..
            } => {
                view.from_status = self.status(from);
                view.to_status = self.status(to);
                let word = |key: &str| {
                    self.status(key)
                        .map_or(key.to_string(), |s| s.label.to_string())
                };
                view.text = fill("change_status", &[("from", &word(from)), ("to", &word(to))]);
                view.note_html = verdict_note.as_deref().map(|n| self.html(k, n));
            }
            Change::VerdictRevised {
                verdict_note,
                verdict_changed,
                ..
            } => {
                view.text = ui
                    .word(if *verdict_changed {
                        "change_verdict"
                    } else {
                        "change_verdict_note"
                    })
                    .into();
                view.note_html = verdict_note.as_deref().map(|n| self.html(k, n));
            }
            Change::Reworded { from, to, .. } => {
                view.text = ui.word("change_reworded").into();
                view.diff = word_diff(&typographic(from), &typographic(to));
            }
            Change::FigureMoved {
                metric,
                from,
                from_unit,
                to,
                to_unit,
                ..
            } => {
                view.text = fill(
                    "change_figure",
                    &[
                        ("metric", metric),
                        ("from", &format!("{} {from_unit}", format_number(*from))),
                        ("to", &format!("{} {to_unit}", format_number(*to))),
                    ],
                )
            }
            Change::StanceChanged {
                source, from, to, ..
            } => {
                let name = match self.find(k, RefKind::Source, source) {
                    Some(Cited::Source(si)) => self.refs.sources[si].publisher.clone(),
                    _ => source.clone(),
                };
                view.text = fill(
                    "change_stance",
                    &[
                        ("source", &name),
                        ("from", &stance_words(ui, from)),
                        ("to", &stance_words(ui, to)),
                    ],
                );
            }
            Change::EventAdded {
                title,
                date,
                expected,
            } => {
                view.subject = Some(self.event_subject(title));
                let key = if *expected {
                    "change_event_added_expected"
                } else {
                    "change_event_added"
                };
                view.text = fill(key, &[("date", &date_text(date))]);
            }
            Change::EventRemoved { title } => {
                view.subject = Some(Subject {
                    name: typographic(title),
                    path: None,
                });
                view.text = ui.word("change_event_removed").into();
            }
            Change::EventRetitled { from, to } => {
                view.subject = Some(self.event_subject(to));
                view.text = fill("change_event_retitled", &[("from", from)]);
            }
            Change::EventHappened { title, date } => {
                view.subject = Some(self.event_subject(title));
                view.text = fill("change_event_happened", &[("date", &date_text(date))]);
            }
            Change::EventSlipped { title, from, to } => {
                view.subject = Some(self.event_subject(title));
                view.text = if from == to {
                    fill("change_event_overdue", &[("date", &date_text(from))])
                } else {
                    fill(
                        "change_event_slipped",
                        &[("from", &date_text(from)), ("to", &date_text(to))],
                    )
                };
            }
            Change::EventRedated { title, from, to } => {
                view.subject = Some(self.event_subject(title));
                view.text = fill(
                    "change_event_redated",
                    &[("from", &date_text(from)), ("to", &date_text(to))],
                );
            }
            Change::SourceAdded { id, title } | Change::SourceRemoved { id, title } => {
                let added = matches!(change, Change::SourceAdded { .. });
                let path = match self.find(k, RefKind::Source, id) {
                    Some(Cited::Source(si)) if added => Some(self.refs.sources[si].path.clone()),
                    _ => None,
                };
                view.subject = Some(Subject {
                    name: typographic(title),
                    path,
                });
                view.text = ui
                    .word(if added {
                        "change_source_added"
                    } else {
                        "change_source_removed"
                    })
                    .into();
            }
            Change::AsOf { from, to } => {
                view.text = fill(
                    "change_as_of",
                    &[("from", &date_text(from)), ("to", &date_text(to))],
                );
            }
            Change::BottomLine { from, to } => {
                view.text = ui.word("change_bottom_line").into();
                let before = self.plain(k.saturating_sub(1), from);
                view.diff = word_diff(&before, &self.plain(k, to));
            }
            Change::PointAdded { side, title } | Change::PointDropped { side, title } => {
                let added = matches!(change, Change::PointAdded { .. });
                let case = if side == "bull" {
                    self.cases[0]
                } else {
                    self.cases[1]
                };
                let path = added.then(|| {
                    case.points
                        .iter()
                        .find(|p| p.title == typographic(title))
                        .map_or_else(|| case.path.clone(), |p| p.path.clone())
                });
                view.subject = Some(Subject {
                    name: typographic(title),
                    path,
                });
                view.text = fill(
                    if added {
                        "change_point_added"
                    } else {
                        "change_point_dropped"
                    },
                    &[("case", &case.title)],
                );
            }
            Change::PointRetitled { side, from, to } => {
                let case = if side == "bull" {
                    self.cases[0]
                } else {
                    self.cases[1]
                };
                let path = case
                    .points
                    .iter()
                    .find(|p| p.title == typographic(to))
                    .map_or_else(|| case.path.clone(), |p| p.path.clone());
                view.subject = Some(Subject {
                    name: typographic(to),
                    path: Some(path),
                });
                view.text = fill("change_point_retitled", &[("from", &typographic(from))]);
            }
        }
        view
    }

    /// An event by its title, linked to the timeline where it still is.
    fn event_subject(&self, title: &str) -> Subject {
        let found = self
            .graph
            .content
            .events
            .iter()
            .position(|e| e.title == title)
            .map(|i| self.refs.events[i].path.clone());
        Subject {
            name: typographic(title),
            path: found.or_else(|| Some(SitePath::new("timeline/index.html"))),
        }
    }
}

/// A date as written in an edition, as readers see it.
fn date_text(text: &str) -> String {
    Date::parse(text).map_or_else(|| text.to_string(), |d| d.to_string())
}

/// Stances as an edition lists them (`qualifies, supports`), in the
/// interface's words.
fn stance_words(ui: &Interface, stances: &str) -> String {
    stances
        .split(", ")
        .map(|stance| match stance {
            "supports" => ui.word("supports"),
            "qualifies" => ui.word("qualifies"),
            "disputes" => ui.word("disputes"),
            other => other,
        })
        .collect::<Vec<_>>()
        .join(&format!(" {} ", ui.word("and")))
}

/// The group a change is listed under, and the interface word naming it.
fn group_of(change: &Change) -> (&'static str, &'static str) {
    match change {
        Change::AsOf { .. } => ("as-of", "as_of"),
        Change::BottomLine { .. } => ("bottom-line", "bottom_line"),
        Change::EventAdded { .. }
        | Change::EventRemoved { .. }
        | Change::EventRetitled { .. }
        | Change::EventHappened { .. }
        | Change::EventSlipped { .. }
        | Change::EventRedated { .. } => ("timeline", "timeline"),
        Change::PointAdded { .. } | Change::PointDropped { .. } | Change::PointRetitled { .. } => {
            ("cases", "case_for_and_against")
        }
        Change::SourceAdded { .. } | Change::SourceRemoved { .. } => ("sources", "sources"),
        _ => ("claims", "claims"),
    }
}

/// The change's kind, as the edition files name it.
fn kind_of(change: &Change) -> &'static str {
    match change {
        Change::ClaimAdded { .. } => "claim-added",
        Change::ClaimRemoved { .. } => "claim-removed",
        Change::ClaimRenamed { .. } => "claim-renamed",
        Change::StatusChanged { .. } => "status-changed",
        Change::VerdictRevised { .. } => "verdict-revised",
        Change::Reworded { .. } => "reworded",
        Change::FigureMoved { .. } => "figure-moved",
        Change::StanceChanged { .. } => "stance-changed",
        Change::EventAdded { .. } => "event-added",
        Change::EventRemoved { .. } => "event-removed",
        Change::EventRetitled { .. } => "event-retitled",
        Change::EventHappened { .. } => "event-happened",
        Change::EventSlipped { .. } => "event-slipped",
        Change::EventRedated { .. } => "event-redated",
        Change::SourceAdded { .. } => "source-added",
        Change::SourceRemoved { .. } => "source-removed",
        Change::AsOf { .. } => "as-of",
        Change::BottomLine { .. } => "bottom-line",
        Change::PointAdded { .. } => "point-added",
        Change::PointDropped { .. } => "point-dropped",
        Change::PointRetitled { .. } => "point-retitled",
    }
}

/// `old` to `new` word by word: runs of words kept, removed and added.
/// Words changed with only spaces between them are one change, its old
/// words then its new ones, so that a rewritten phrase reads as a phrase.
pub fn word_diff(old: &str, new: &str) -> Vec<DiffPart> {
    use similar::{ChangeTag, TextDiff};
    fn push(out: &mut Vec<DiffPart>, op: &'static str, text: &str) {
        if text.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(last) if last.op == op => last.text.push_str(text),
            _ => out.push(DiffPart {
                op,
                text: text.to_string(),
            }),
        }
    }
    let diff = TextDiff::from_words(old, new);
    let mut out: Vec<DiffPart> = Vec::new();
    // The change being gathered, and the spaces last seen inside it.
    let (mut removed, mut added, mut gap) = (String::new(), String::new(), String::new());
    // Whether the spaces in `gap` came after the change's last word.
    let mut trailing = false;
    for change in diff.iter_all_changes() {
        let text = change.value();
        match change.tag() {
            ChangeTag::Delete => {
                if !removed.is_empty() {
                    removed.push_str(&gap);
                }
                removed.push_str(text);
                trailing = false;
            }
            ChangeTag::Insert => {
                if !added.is_empty() {
                    added.push_str(&gap);
                }
                added.push_str(text);
                trailing = false;
            }
            ChangeTag::Equal
                if text.trim().is_empty() && !(removed.is_empty() && added.is_empty()) =>
            {
                gap = text.to_string();
                trailing = true;
            }
            ChangeTag::Equal => {
                push(&mut out, "removed", &removed);
                push(&mut out, "added", &added);
                if trailing {
                    push(&mut out, "same", &gap);
                }
                removed.clear();
                added.clear();
                gap.clear();
                trailing = false;
                push(&mut out, "same", text);
            }
        }
    }
    push(&mut out, "removed", &removed);
    push(&mut out, "added", &added);
    if trailing {
        push(&mut out, "same", &gap);
    }
    // Text mostly rewritten reads better as the old, then the new, whole
    // than as a patchwork of kept words.
    let words = |op: &str| -> usize {
        out.iter()
            .filter(|p| p.op == op)
            .map(|p| p.text.split_whitespace().count())
            .sum()
    };
    if words("same") * 2 < words("same") + words("added") {
        return vec![
            DiffPart {
                op: "removed",
                text: old.to_string(),
            },
            DiffPart {
                op: "added",
                text: new.to_string(),
            },
        ];
    }
    out
}

/// References in an edition's prose, as the edition showed them: a claim
/// with the status it had then, linked to its page while it has one; the
/// other records by name, where the content still has them.
struct AsIssued<'a> {
    issued: &'a Issued<'a>,
    k: usize,
}

impl Cites for AsIssued<'_> {
    fn evidence(&self) -> &str {
        self.issued.ui.word("evidence")
    }

    fn show(&self, found: &Found, _: &str) -> Option<Shown> {
        let issued = self.issued;
        let kind = found.target.kind();
        let now = issued.now(self.k, kind, found.target.id());
        let target = Target::new(kind, &now).ok()?;
        if kind != RefKind::Claim {
            let mut found = found.clone();
            found.target = target;
            return issued.refs.show(&found, "");
        }
        let snap = issued.editions[self.k]
            .claims
            .iter()
            .find(|c| c.id == found.target.id())?;
        let status = issued.status(&snap.status)?;
        let link = match issued.graph.ids.get(&target) {
            Some(Cited::Claim(ci)) => claim_link(
                &format!(
                    "{ROOT}{}\"",
                    escape_html(issued.refs.notes[ci].chip.path.as_str())
                ),
                found.text.as_deref(),
                &status,
                self.evidence(),
            ),
            // Withdrawn since: its text, and the status it had.
            _ => format!(
                "<span class=\"ref ref-claim ref-gone status-{}\">{}<span class=\"ref-status\"><span class=\"shape\" aria-hidden=\"true\">{}</span> {}</span></span>",
                status.key,
                escape_html(found.text.as_deref().unwrap_or("")),
                status.shape,
                status.label.to_lowercase()
            ),
        };
        Some(Shown { link, note: None })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_diff_keeps_runs_together() {
        let parts = word_diff(
            "Possibly, but not soon: Amazon is in early talks with no buyer named.",
            "Possibly, and sooner than thought: Amazon is in early talks with no buyer named.",
        );
        let removed: String = parts
            .iter()
            .filter(|p| p.op == "removed")
            .map(|p| p.text.as_str())
            .collect();
        let added: String = parts
            .iter()
            .filter(|p| p.op == "added")
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(removed, "but not soon:", "{parts:?}");
        assert_eq!(added, "and sooner than thought:", "{parts:?}");
        assert_eq!(
            parts[0],
            DiffPart {
                op: "same",
                text: "Possibly, ".into()
            }
        );
        // Kept and added text, read in order, is the new text.
        let new: String = parts
            .iter()
            .filter(|p| p.op != "removed")
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(
            new,
            "Possibly, and sooner than thought: Amazon is in early talks with no buyer named."
        );
    }

    #[test]
    fn a_text_mostly_rewritten_is_shown_old_then_new() {
        let parts = word_diff(
            "Possibly, but not soon: the talks are early.",
            "Not before 2028, as the capacity is sold.",
        );
        assert_eq!(
            parts,
            [
                DiffPart {
                    op: "removed",
                    text: "Possibly, but not soon: the talks are early.".into()
                },
                DiffPart {
                    op: "added",
                    text: "Not before 2028, as the capacity is sold.".into()
                },
            ]
        );
    }
}
