//! Inline references as readers see them: a claim cited in prose shows its
//! status by shape and word, with a note giving its statement and its
//! strongest quote; a source, an entity, an event or a page cited is a
//! link by name. And the other way: each record's list of the passages
//! that cite it.

use super::context::{ClaimChip, DateView, QuoteAnchor, Ref, SourceRow, StatusView};
use super::escape_html;
use super::hashed::{printing, Hashed};
use super::markdown::{prose_html, typographic, Cites, Shown, ROOT};
use crate::link::{
    prose_at, AnnotationRef, CasePart, Citation, Cited, ClaimIx, Graph, Ids, Place, SourcePart,
};
use crate::model::prose::Found;
use crate::model::ui::Interface;
use crate::model::{Markdown, Published, SitePath, SourceKind, Stance, Words};
use serde::{Serialize, Serializer};

/// What a claim's note shows.
#[derive(Serialize, Clone)]
pub struct ClaimNote {
    /// The claim's chip, shared with the views' list of chips.
    pub chip: Hashed<ClaimChip>,
    pub quote: Option<NoteQuote>,
}

/// The claim's strongest quote, with who said it and when.
#[derive(Serialize, Clone)]
pub struct NoteQuote {
    pub text: String,
    pub publisher: String,
    pub published: Option<DateView>,
    /// The quote on its source's page.
    pub path: SitePath,
}

/// The annotation a note quotes: a supporting quote before one that
/// qualifies, and one that qualifies before one that disputes; within
/// those, a quote verified against its original first, then one from a
/// primary document, then the first in source order.
pub fn strongest_quote(graph: &Graph, ci: ClaimIx) -> Option<AnnotationRef> {
    let links = &graph.claims[ci];
    let stance_rank = |s: Stance| match s {
        Stance::Supports => 0,
        Stance::Qualifies => 1,
        Stance::Disputes => 2,
    };
    links
        .supports
        .iter()
        .chain(&links.qualifies)
        .chain(&links.disputes)
        .copied()
        .min_by_key(|r| {
            let source = &graph.content.sources[r.source];
            let a = &source.annotations[r.index];
            (
                stance_rank(a.stance),
                !graph.sources[r.source].checks[r.index].is_verified(),
                source.kind != SourceKind::Primary,
                *r,
            )
        })
}

pub fn claim_note(
    graph: &Graph,
    chip: &Hashed<ClaimChip>,
    sources: &[Hashed<SourceRow>],
    ci: ClaimIx,
) -> ClaimNote {
    ClaimNote {
        chip: chip.clone(),
        quote: strongest_quote(graph, ci).map(|r| {
            let source = &graph.content.sources[r.source];
            let row = &sources[r.source];
            NoteQuote {
                text: source.annotations[r.index].quote.value.clone(),
                publisher: row.publisher.clone(),
                published: match source.published {
                    Published::Known(d) => Some(DateView::of(&d)),
                    Published::Unknown => None,
                },
                path: row.path.at(&QuoteAnchor(r.index).to_string()),
            }
        }),
    }
}

/// What references are shown with: the views of every kind of record.
#[derive(Clone, Copy)]
pub struct Refs<'v> {
    pub ids: &'v Ids,
    pub ui: &'v Interface,
    pub notes: &'v [Hashed<ClaimNote>],
    pub sources: &'v [Hashed<SourceRow>],
    pub entities: &'v [Hashed<Ref>],
    pub events: &'v [Hashed<Ref>],
    pub pages: &'v [Hashed<Ref>],
}

/// One slot a reference reads: in a fingerprint, its hash.
enum Slot<'v> {
    Note(&'v Hashed<ClaimNote>),
    Source(&'v Hashed<SourceRow>),
    Ref(&'v Hashed<Ref>),
}

impl Serialize for Slot<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Slot::Note(h) => h.serialize(s),
            Slot::Source(h) => h.serialize(s),
            Slot::Ref(h) => h.serialize(s),
        }
    }
}

impl<'v> Refs<'v> {
    fn slot(&self, cited: Cited) -> Slot<'v> {
        match cited {
            Cited::Claim(ci) => Slot::Note(&self.notes[ci]),
            Cited::Source(si) => Slot::Source(&self.sources[si]),
            Cited::Entity(ei) => Slot::Ref(&self.entities[ei]),
            Cited::Event(i) => Slot::Ref(&self.events[i]),
            Cited::Page(p) => Slot::Ref(&self.pages[p]),
        }
    }

    /// The records `prose` cites, each once.
    pub fn cited(&self, prose: &Markdown) -> Vec<Cited> {
        let mut out: Vec<Cited> = prose
            .refs()
            .iter()
            .filter_map(|r| self.ids.get(&r.target))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// A record as a reference shows it by default: its name.
    fn name(&self, cited: Cited) -> &'v str {
        match cited {
            Cited::Claim(ci) => &self.notes[ci].chip.statement,
            Cited::Source(si) => &self.sources[si].publisher,
            Cited::Entity(ei) => &self.entities[ei].name,
            Cited::Event(i) => &self.events[i].name,
            Cited::Page(p) => &self.pages[p].name,
        }
    }

    fn path(&self, cited: Cited) -> &'v SitePath {
        match cited {
            Cited::Claim(ci) => &self.notes[ci].chip.path,
            Cited::Source(si) => &self.sources[si].path,
            Cited::Entity(ei) => &self.entities[ei].path,
            Cited::Event(i) => &self.events[i].path,
            Cited::Page(p) => &self.pages[p].path,
        }
    }

    /// The HTML of the prose at `place`.
    pub fn html(&self, graph: &Graph, place: Place, inline: bool) -> Option<String> {
        let prose = prose_at(&graph.content, place)?;
        Some(prose_html(
            prose.as_str(),
            &place.key(&graph.content),
            self,
            inline,
        ))
    }
}

impl Cites for Refs<'_> {
    fn evidence(&self) -> &str {
        self.ui.word("evidence")
    }

    fn show(&self, found: &Found, anchor: &str) -> Option<Shown> {
        let cited = self.ids.get(&found.target)?;
        let href = format!("{ROOT}{}\"", escape_html(self.path(cited).as_str()));
        let id = if anchor.is_empty() {
            String::new()
        } else {
            format!(" id=\"{anchor}\"")
        };
        let text = found.text.as_deref();
        let Cited::Claim(ci) = cited else {
            let kind = found.target.kind().as_str();
            let text = escape_html(text.unwrap_or(self.name(cited)));
            return Some(Shown {
                link: format!("<a class=\"ref ref-{kind}\" {href}{id}>{text}</a>"),
                note: None,
            });
        };
        let note = &self.notes[ci];
        let status = &note.chip.status;
        let described = if anchor.is_empty() {
            String::new()
        } else {
            format!(" aria-describedby=\"{anchor}-note\"")
        };
        let link = claim_link(
            &format!("{href}{id}{described}"),
            text,
            status,
            self.ui.word("evidence"),
        );
        let note_id = if anchor.is_empty() {
            String::new()
        } else {
            format!(" id=\"{anchor}-note\"")
        };
        let quote = note.quote.as_ref().map_or(String::new(), |q| {
            let when = q
                .published
                .as_ref()
                .map(|d| format!(", {}", escape_html(&d.text)))
                .unwrap_or_default();
            format!(
                " <q class=\"note-quote\">{}</q> <a class=\"note-by\" {ROOT}{}\">{}{when}</a>",
                escape_html(&clip_words(&q.text, NOTE_QUOTE_WORDS)),
                escape_html(q.path.as_str()),
                escape_html(&q.publisher)
            )
        });
        let note = format!(
            "<span class=\"note status-{}\"{note_id}><span class=\"note-status\"><span class=\"shape\" aria-hidden=\"true\">{}</span> {}</span> <a class=\"note-claim\" {href}>{}</a>{quote}</span>",
            status.key,
            status.shape,
            status.label,
            escape_html(&note.chip.statement),
        );
        Some(Shown {
            link,
            note: Some(note),
        })
    }
}

/// A claim cited in prose: its link text, if it has any, and its status
/// by shape and word. `attrs` holds the link's `href` and any other
/// attributes; `evidence` is what a screen reader hears before a bare
/// reference's status.
pub fn claim_link(attrs: &str, text: Option<&str>, status: &StatusView, evidence: &str) -> String {
    let marker = format!(
        "<span class=\"ref-status\"><span class=\"shape\" aria-hidden=\"true\">{}</span> {}</span>",
        status.shape,
        status.label.to_lowercase()
    );
    match text {
        Some(text) => format!(
            "<a class=\"ref ref-claim status-{}\" {attrs}>{}{marker}</a>",
            status.key,
            escape_html(text)
        ),
        None => format!(
            "<a class=\"ref ref-claim status-{}\" {attrs}><span class=\"visually-hidden\">{}: </span>{marker}</a>",
            status.key,
            escape_html(evidence)
        ),
    }
}

/// A note quotes at most this many words of its quote, the rest shown as
/// an ellipsis: the whole quote is a click away, on the claim's page.
const NOTE_QUOTE_WORDS: usize = 25;

/// `text` cut to its first `words` words, with an ellipsis when cut.
fn clip_words(text: &str, words: usize) -> String {
    let all: Vec<&str> = text.split_whitespace().collect();
    if all.len() <= words {
        return text.to_string();
    }
    format!("{} \u{2026}", all[..words].join(" "))
}

/// Prose a page shows, made into HTML only when the page is rendered: no
/// build keeps every digest's HTML in memory. In a fingerprint it stands
/// as its text and the hashes of the records its references show.
pub struct Prose<'v> {
    pub refs: Refs<'v>,
    pub graph: &'v Graph,
    pub place: Place,
    pub inline: bool,
}

impl Serialize for Prose<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Some(prose) = prose_at(&self.graph.content, self.place) else {
            return s.serialize_none();
        };
        if printing() {
            let slots: Vec<Slot> = self
                .refs
                .cited(prose)
                .into_iter()
                .map(|c| self.refs.slot(c))
                .collect();
            (prose.as_str(), slots).serialize(s)
        } else {
            s.serialize_str(&prose_html(
                prose.as_str(),
                &self.place.key(&self.graph.content),
                &self.refs,
                self.inline,
            ))
        }
    }
}

/// One passage that cites a record, as its page lists it.
#[derive(Serialize, Clone)]
pub struct CitationView {
    /// Where the passage is, in words: "Bull case: <point title>".
    pub place: String,
    /// The reference, on the page that shows the passage.
    pub path: SitePath,
    /// The sentence, as HTML: its words, with the reference to the record
    /// marked.
    pub sentence_html: String,
}

/// The passages citing a record, in [`Place`] order.
pub fn citations(graph: &Graph, refs: &Refs, list: &[Citation]) -> Vec<CitationView> {
    list.iter()
        .filter_map(|&c| citation(graph, refs, c))
        .collect()
}

fn citation(graph: &Graph, refs: &Refs, c: Citation) -> Option<CitationView> {
    let content = &graph.content;
    let prose = prose_at(content, c.place)?;
    let r = prose.refs().get(c.nth)?;
    let (place, page): (String, SitePath) = match c.place {
        Place::BottomLine => (
            refs.ui.word("bottom_line").to_string(),
            SitePath::new("index.html"),
        ),
        Place::Case(side, part) => {
            let case = match side {
                crate::model::Side::Bull => &content.bull,
                crate::model::Side::Bear => &content.bear,
            };
            let path = super::context::case_path(side);
            match part {
                CasePart::Intro => (super::context::case_title(graph, side), path),
                CasePart::Point(p) => (
                    format!(
                        "{}: {}",
                        super::context::case_title(graph, side),
                        typographic(&case.points.get(p)?.title)
                    ),
                    path,
                ),
            }
        }
        Place::Verdict(ci) => (
            refs.ui
                .fill("verdict_on", &[("claim", &refs.notes[ci].chip.statement)]),
            refs.notes[ci].chip.path.clone(),
        ),
        Place::Event(i) => (
            refs.ui
                .fill("timeline_event", &[("event", &refs.events[i].name)]),
            refs.events[i].path.clone(),
        ),
        Place::Source(si, part) => {
            let row = &refs.sources[si];
            let key = match part {
                SourcePart::Digest => "digest_of",
                SourcePart::Trust => "trust_in",
                SourcePart::Note(_) => "note_in",
            };
            let source = format!("{}: {}", row.publisher, row.title);
            (refs.ui.fill(key, &[("source", &source)]), row.path.clone())
        }
        Place::Entity(ei) => (
            refs.entities[ei].name.clone(),
            refs.entities[ei].path.clone(),
        ),
        Place::Page(p) => (refs.pages[p].name.clone(), refs.pages[p].path.clone()),
    };
    let anchor = c.anchor(content);
    let page = SitePath::new(page.as_str().split('#').next().unwrap_or(""));
    Some(CitationView {
        place,
        path: page.at(&anchor),
        sentence_html: sentence_html(refs, prose, &r.sentence, c.nth),
    })
}

/// A sentence's words as HTML, the reference `mark` marked; at most about
/// 60 words, cut around the mark.
fn sentence_html(refs: &Refs, prose: &Markdown, words: &[Words], mark: usize) -> String {
    let mut out = String::new();
    for w in words {
        match w {
            Words::Text(t) => out.push_str(&escape_html(t)),
            Words::Ref(i) => {
                let Some(r) = prose.refs().get(*i) else {
                    continue;
                };
                let cited = refs.ids.get(&r.target);
                let shown = match (&r.text, cited) {
                    (Some(text), _) => Some(text.as_str()),
                    // A claim cited bare is a marker, not words.
                    (None, Some(Cited::Claim(_))) | (None, None) => None,
                    (None, Some(other)) => Some(refs.name(other)),
                };
                if *i == mark {
                    out.push_str(&format!(
                        "<mark>{}</mark>",
                        shown.map_or("[…]".into(), escape_html)
                    ));
                } else if let Some(shown) = shown {
                    out.push_str(&escape_html(shown));
                }
            }
        }
    }
    shorten(&out)
}

/// Long sentences are cut to about 60 words, keeping the mark whole.
fn shorten(html: &str) -> String {
    let words: Vec<&str> = html.split(' ').collect();
    if words.len() <= 60 {
        return html.to_string();
    }
    let opens = words.iter().position(|w| w.contains("<mark>")).unwrap_or(0);
    let closes = words[opens..]
        .iter()
        .position(|w| w.contains("</mark>"))
        .map_or(opens, |i| opens + i);
    let start = opens.saturating_sub(30);
    let end = (start + 60).max(closes + 1).min(words.len());
    let mut out = String::new();
    if start > 0 {
        out.push_str("… ");
    }
    out.push_str(&words[start..end].join(" "));
    if end < words.len() {
        out.push_str(" …");
    }
    out
}
