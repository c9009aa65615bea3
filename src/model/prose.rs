//! Prose: Markdown with inline references to the briefing's records.
//!
//! Any Markdown field can cite a claim, a source, an entity, an event or a
//! free page inline: `[[claim-id]]`, `[[source:id]]`, `[[entity:id]]`,
//! `[[event:id]]`, `[[page:id]]`, each with an optional link text after a
//! bar (`[[claim-id|the talks are early]]`). The syntax is read here, and
//! only here: the load stage finds the references (to check them) and the
//! render stage replaces them (to show them) from the same [`pieces`], so
//! the two can never disagree on what is a reference. Inside inline or
//! fenced code, and after a backslash (`\[[`), the brackets stay literal.

use super::ids::id_problem;
use super::{ClaimId, EntityId, EventId, PageId, SourceId, Span};
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// The Markdown extensions a briefing's prose is read with.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
}

/// What a reference points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RefKind {
    Claim,
    Source,
    Entity,
    Event,
    Page,
}

impl RefKind {
    /// The prefixes, as written before the colon.
    pub const ALL: [(&'static str, RefKind); 5] = [
        ("claim", RefKind::Claim),
        ("source", RefKind::Source),
        ("entity", RefKind::Entity),
        ("event", RefKind::Event),
        ("page", RefKind::Page),
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RefKind::Claim => "claim",
            RefKind::Source => "source",
            RefKind::Entity => "entity",
            RefKind::Event => "event",
            RefKind::Page => "page",
        }
    }
}

/// A reference's target, by id: resolved to a record by the link stage.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    Claim(ClaimId),
    Source(SourceId),
    Entity(EntityId),
    Event(EventId),
    Page(PageId),
}

impl Target {
    pub fn kind(&self) -> RefKind {
        match self {
            Target::Claim(_) => RefKind::Claim,
            Target::Source(_) => RefKind::Source,
            Target::Entity(_) => RefKind::Entity,
            Target::Event(_) => RefKind::Event,
            Target::Page(_) => RefKind::Page,
        }
    }

    pub fn id(&self) -> &str {
        match self {
            Target::Claim(id) => id.as_str(),
            Target::Source(id) => id.as_str(),
            Target::Entity(id) => id.as_str(),
            Target::Event(id) => id.as_str(),
            Target::Page(id) => id.as_str(),
        }
    }

    /// The target of `kind` named `id`, when `id` follows the id rules.
    pub fn new(kind: RefKind, id: &str) -> Result<Target, &'static str> {
        Ok(match kind {
            RefKind::Claim => Target::Claim(ClaimId::parse(id)?),
            RefKind::Source => Target::Source(SourceId::parse(id)?),
            RefKind::Entity => Target::Entity(EntityId::parse(id)?),
            RefKind::Event => Target::Event(EventId::parse(id)?),
            RefKind::Page => Target::Page(PageId::parse(id)?),
        })
    }
}

/// One reference as the load stage read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineRef {
    pub target: Target,
    /// The link text written after the bar, if any.
    pub text: Option<String>,
    /// Where `[[` is in its file.
    pub span: Span,
    /// The sentence that holds the reference, for "cited in" lists.
    pub sentence: Vec<Words>,
}

/// A piece of a sentence: text, or a reference of the same Markdown (by
/// its position among them), shown by the render as its link text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Words {
    Text(String),
    Ref(usize),
}

/// A text the content holds: its own, or a part of a file's text that
/// the file table holds too. A source's digest is most of its file, and
/// shared it is not held twice (at 10,000 sources, about 50 MB).
#[derive(Clone)]
pub enum Text {
    Own(String),
    Part(std::sync::Arc<str>, std::ops::Range<usize>),
}

impl Text {
    pub fn as_str(&self) -> &str {
        match self {
            Text::Own(text) => text,
            Text::Part(file, range) => &file[range.clone()],
        }
    }
}

impl Default for Text {
    fn default() -> Text {
        Text::Own(String::new())
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text::Own(text)
    }
}

/// Two texts are equal when they read the same, wherever they are held.
impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

/// Markdown text as written, with the references in it (in text order):
/// a distinct type so that no stage can print it without rendering (and
/// so escaping) it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Markdown {
    text: Text,
    refs: Vec<InlineRef>,
}

impl Markdown {
    /// Markdown and the references the load stage found in it, with
    /// [`pieces`]: in the same order as `pieces` finds them again.
    pub fn new(text: impl Into<Text>, refs: Vec<InlineRef>) -> Markdown {
        Markdown {
            text: text.into(),
            refs,
        }
    }

    pub fn as_str(&self) -> &str {
        self.text.as_str()
    }

    pub fn refs(&self) -> &[InlineRef] {
        &self.refs
    }

    pub fn is_empty(&self) -> bool {
        self.text.as_str().trim().is_empty()
    }
}

/// A reference found in Markdown text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub target: Target,
    pub text: Option<String>,
    /// Byte range of `[[...]]` in the Markdown, as near as pulldown-cmark
    /// reports it.
    pub range: Range<usize>,
    /// `[[` and the target as written, which the file holds verbatim:
    /// how the load stage finds the reference's line and column.
    pub needle: String,
}

/// `[[` that does not open a well-formed reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    pub written: String,
    pub range: Range<usize>,
    pub needle: String,
    pub problem: String,
    pub hint: String,
}

/// The Markdown's events with its references taken out of the text.
pub enum Piece<'a> {
    Event(Event<'a>),
    Ref(Found),
    /// Shown as written (the load stage reports it).
    Malformed(Malformed),
}

/// Whether `markdown` might hold a reference: most text does not, and
/// need not be parsed for them.
pub fn may_cite(markdown: &str) -> bool {
    markdown.contains("[[")
}

/// The Markdown with each reference replaced by its link text (a claim
/// cited bare by nothing): for text shown as it is written, such as a
/// search snippet. Code is not told apart here.
pub fn readable(markdown: &str) -> std::borrow::Cow<'_, str> {
    if !may_cite(markdown) {
        return markdown.into();
    }
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(at) = rest.find("[[") {
        let Some(len) = rest[at + 2..].find("]]") else {
            break;
        };
        out.push_str(&rest[..at]);
        let inner = &rest[at + 2..at + 2 + len];
        if let Some((_, text)) = inner.split_once('|') {
            out.push_str(text.trim());
        }
        rest = &rest[at + 2 + len + 2..];
    }
    out.push_str(rest);
    out.into()
}

/// Reads `markdown` into events and references. Text outside code is
/// searched for `[[`; a run of text without one comes back as the events
/// pulldown-cmark gave.
pub fn pieces(markdown: &str) -> Vec<Piece<'_>> {
    let parser = Parser::new_ext(markdown, options());
    if !may_cite(markdown) {
        // Most prose cites nothing: its events as they come.
        return parser.map(Piece::Event).collect();
    }
    let mut out = Vec::new();
    let mut run: Vec<(Event<'_>, Range<usize>)> = Vec::new();
    // Text inside a fenced or indented code block is code.
    let mut in_code = false;
    let mut at = Within::default();
    for (event, range) in parser.into_offset_iter() {
        match event {
            Event::Text(_) | Event::SoftBreak if !in_code => run.push((event, range)),
            other => {
                flush(markdown, &mut run, &mut out, at);
                match &other {
                    Event::Start(Tag::CodeBlock(_)) => in_code = true,
                    Event::End(TagEnd::CodeBlock) => in_code = false,
                    Event::Start(Tag::Link { .. } | Tag::Image { .. }) => at.labels += 1,
                    Event::End(TagEnd::Link | TagEnd::Image) => {
                        at.labels = at.labels.saturating_sub(1)
                    }
                    Event::Start(Tag::TableCell) => at.cell = true,
                    Event::End(TagEnd::TableCell) => at.cell = false,
                    _ => {}
                }
                out.push(Piece::Event(other));
            }
        }
    }
    flush(markdown, &mut run, &mut out, at);
    out
}

/// Where a run of text stands, for what a reference there may be.
#[derive(Debug, Clone, Copy, Default)]
struct Within {
    /// Links and images the text is the label of: a reference there would
    /// be a link inside a link, or markup inside an image's description.
    labels: usize,
    /// A table cell, where a bar ends the cell unless it is escaped.
    cell: bool,
}

/// Emits a run of text events, with its references split out.
fn flush<'a>(
    markdown: &str,
    run: &mut Vec<(Event<'a>, Range<usize>)>,
    out: &mut Vec<Piece<'a>>,
    within: Within,
) {
    if run.is_empty() {
        return;
    }
    // The run's text, where each byte came from, and which bytes a
    // backslash escaped.
    let mut text = String::new();
    let mut segments: Vec<(usize, Range<usize>, bool)> = Vec::new();
    let mut escaped: Vec<Range<usize>> = Vec::new();
    for (event, range) in run.iter() {
        let piece: &str = match event {
            Event::Text(t) => t,
            _ => "\n",
        };
        let source = markdown.get(range.clone()).unwrap_or("");
        // pulldown-cmark leaves the backslash of `\[` out of the text and
        // of its range: a gap before the range, holding `\`.
        let after_gap = segments
            .last()
            .is_none_or(|(_, prev, _)| prev.end != range.start);
        if after_gap && range.start > 0 && markdown.as_bytes()[range.start - 1] == b'\\' {
            escaped.push(text.len()..text.len() + piece.len());
        }
        segments.push((text.len(), range.clone(), source == piece));
        text.push_str(piece);
    }
    if !text.contains("[[") {
        out.extend(run.drain(..).map(|(e, _)| Piece::Event(e)));
        return;
    }
    run.clear();
    let is_escaped = |at: usize| escaped.iter().any(|r| r.contains(&at));
    let to_source = |at: usize| -> usize {
        let i = segments.partition_point(|(start, _, _)| *start <= at) - 1;
        let (start, range, exact) = &segments[i];
        if *exact {
            range.start + (at - start)
        } else {
            range.start
        }
    };
    let mut plain_from = 0;
    let mut i = 0;
    // Where the next `]]` is: found once for all the `[[` before it, so
    // that many unclosed ones cost one pass, not one each.
    // `None` before the first search; `Some(None)` when no `]]` is left.
    let mut close: Option<Option<usize>> = None;
    while let Some(found) = text[i..].find("[[") {
        let at = i + found;
        // A reference starts with a letter or digit: `[[` before anything
        // else (`[[!`, `[[ `, `[[[`) is text.
        let opens = text[at + 2..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric());
        if !opens || is_escaped(at) || is_escaped(at + 1) {
            i = at + 1;
            continue;
        }
        let stale = match close {
            None => true,
            Some(Some(c)) => c < at + 2,
            Some(None) => false,
        };
        if stale {
            close = Some(text[at + 2..].find("]]").map(|len| at + 2 + len));
        }
        let (end, piece) = match close.flatten() {
            Some(c) => {
                let len = c - (at + 2);
                let end = at + 2 + len + 2;
                let inner = &text[at + 2..end - 2];
                let range = to_source(at)..to_source(end - 1) + 1;
                let piece = match read(inner, range.clone()) {
                    Piece::Ref(_) if within.labels > 0 => Piece::Malformed(Malformed {
                        written: format!("[[{inner}]]"),
                        range,
                        needle: format!("[[{}", needle_target(inner)),
                        problem: "this reference is inside a link's text or an image's \
                                  description, where it cannot be a link"
                            .into(),
                        hint: "move it out of the `[...]` of the link or image, before or \
                               after it"
                            .into(),
                    }),
                    piece => piece,
                };
                (end, piece)
            }
            None => {
                let written: String = text[at..].chars().take(40).collect();
                let needle = format!("[[{}", needle_target(&text[at + 2..]));
                let range = to_source(at)..to_source(at) + 2;
                (
                    at + 2,
                    Piece::Malformed(Malformed {
                        written,
                        range,
                        needle,
                        problem: "this `[[` opens a reference that is never closed with `]]`"
                            .into(),
                        hint: if within.cell {
                            "in a table, a bar ends the cell: write the reference's bar as \
                             `\\|` (`[[claim-id\\|link text]]`); to write `[[` itself, put a \
                             backslash before it (`\\[[`)"
                        } else {
                            "close it in the same run of text: `[[claim-id]]` or \
                             `[[claim-id|link text]]` (link text is plain: no Markdown \
                             formatting inside); to write `[[` itself, put a backslash \
                             before it (`\\[[`) or put it in code"
                        }
                        .into(),
                    }),
                )
            }
        };
        if at > plain_from {
            out.push(Piece::Event(Event::Text(CowStr::from(
                text[plain_from..at].to_string(),
            ))));
        }
        out.push(piece);
        plain_from = end;
        i = end;
    }
    if plain_from < text.len() {
        out.push(Piece::Event(Event::Text(CowStr::from(
            text[plain_from..].to_string(),
        ))));
    }
}

/// The target part of a reference as written: up to a bar, a bracket or
/// a line end.
fn needle_target(inner: &str) -> &str {
    let end = inner
        .find(['|', ']', '\n'])
        .unwrap_or(inner.len())
        .min(inner.len());
    &inner[..end]
}

/// Reads what is between `[[` and `]]`.
fn read(inner: &str, range: Range<usize>) -> Piece<'static> {
    let (target, text) = match inner.split_once('|') {
        Some((t, text)) => (t, Some(text.trim())),
        None => (inner, None),
    };
    let needle = format!("[[{}", needle_target(inner));
    let bad = |problem: String, hint: String| {
        Piece::Malformed(Malformed {
            written: format!("[[{inner}]]"),
            range: range.clone(),
            needle: needle.clone(),
            problem,
            hint,
        })
    };
    let (kind, id) = match target.split_once(':') {
        Some((prefix, id)) => match RefKind::ALL.iter().find(|(p, _)| *p == prefix) {
            Some((_, kind)) => (*kind, id),
            None => {
                let prefixes: Vec<&str> = RefKind::ALL.iter().map(|(p, _)| *p).collect();
                let hint = crate::diagnostics::suggest(prefix, prefixes.iter().copied(), || {
                    format!("a reference starts with one of {}", prefixes.join(", "))
                });
                return bad(
                    format!("`{prefix}:` is not a kind of reference"),
                    format!(
                        "{hint} (`[[source:id]]`); a claim needs none: `[[claim-id]]`; to \
                         write `[[` itself, put a backslash before it (`\\[[`)"
                    ),
                );
            }
        },
        None => (RefKind::Claim, target),
    };
    if text == Some("") {
        return bad(
            "the link text after `|` is empty".into(),
            format!(
                "write the text to show after the bar, or drop the bar: `[[{}]]`",
                target.trim()
            ),
        );
    }
    match Target::new(kind, id) {
        Ok(target) => Piece::Ref(Found {
            target,
            text: text.map(str::to_string),
            range,
            needle,
        }),
        Err(_) => {
            let problem = id_problem(id).unwrap_or("it is not a valid id");
            bad(
                format!("`[[{inner}]]` does not name a {}: {problem}", kind.as_str()),
                "references look like `[[claim-id]]`, `[[source:id]]` or \
                 `[[claim-id|link text]]`, with the id exactly as defined; to write `[[` \
                 itself, put a backslash before it (`\\[[`) or put it in code"
                    .into(),
            )
        }
    }
}

/// For each reference in `markdown`, in order, the sentence that holds it.
/// Sentences are cut at `.`, `!` or `?` followed by a space and a capital,
/// a digit or a quote mark; a reference just after a sentence's end
/// belongs to that sentence.
pub fn sentences(pieces: &[Piece]) -> Vec<Vec<Words>> {
    let mut out: Vec<Vec<Words>> = Vec::new();
    // Blocks being read, innermost last: each its words so far.
    let mut blocks: Vec<Vec<Words>> = vec![Vec::new()];
    let mut next_ref = 0;
    for piece in pieces {
        match piece {
            Piece::Ref(_) => {
                if let Some(b) = blocks.last_mut() {
                    b.push(Words::Ref(next_ref));
                }
                next_ref += 1;
            }
            Piece::Malformed(m) => push_text(&mut blocks, &m.written),
            Piece::Event(e) => match e {
                Event::Text(t) | Event::Code(t) => push_text(&mut blocks, t),
                Event::SoftBreak | Event::HardBreak => push_text(&mut blocks, " "),
                Event::Start(tag) if is_block(tag) => blocks.push(Vec::new()),
                Event::End(end) if is_block_end(end) && blocks.len() > 1 => {
                    let block = blocks.pop().unwrap_or_default();
                    split_sentences(&block, &mut out);
                }
                _ => {}
            },
        }
    }
    for block in blocks.into_iter().rev() {
        split_sentences(&block, &mut out);
    }
    // Blocks end inner first, so sentences came out of text order.
    out.sort_by_key(|s| {
        s.iter()
            .find_map(|w| match w {
                Words::Ref(i) => Some(*i),
                _ => None,
            })
            .unwrap_or(usize::MAX)
    });
    out
}

/// The blocks sentences (and, in the render, notes) are gathered in.
pub fn is_block(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::Item
            | Tag::TableCell
            | Tag::BlockQuote(_)
            | Tag::FootnoteDefinition(_)
    )
}

pub fn is_block_end(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::TableCell
            | TagEnd::BlockQuote(_)
            | TagEnd::FootnoteDefinition
    )
}

fn push_text(blocks: &mut [Vec<Words>], text: &str) {
    if let Some(block) = blocks.last_mut() {
        match block.last_mut() {
            Some(Words::Text(t)) => t.push_str(text),
            _ => block.push(Words::Text(text.to_string())),
        }
    }
}

/// Cuts a block's words into sentences; each sentence that holds a
/// reference is pushed once per reference it holds.
fn split_sentences(block: &[Words], out: &mut Vec<Vec<Words>>) {
    if !block.iter().any(|w| matches!(w, Words::Ref(_))) {
        return;
    }
    let mut sentence: Vec<Words> = Vec::new();
    let mut finish = |sentence: &mut Vec<Words>| {
        let refs = sentence
            .iter()
            .filter(|w| matches!(w, Words::Ref(_)))
            .count();
        let trimmed = trim(std::mem::take(sentence));
        for _ in 0..refs {
            out.push(trimmed.clone());
        }
    };
    // A sentence has ended in the text so far and waits to see whether a
    // reference follows it.
    let mut ended = false;
    for word in block {
        match word {
            Words::Ref(i) => sentence.push(Words::Ref(*i)),
            Words::Text(t) => {
                let mut rest = t.as_str();
                if ended {
                    // Only space between the end and this text: a capital
                    // after it starts a new sentence.
                    let trimmed = rest.trim_start();
                    if trimmed.len() < rest.len() && starts_sentence(trimmed) {
                        finish(&mut sentence);
                    }
                    ended = false;
                }
                while let Some(cut) = sentence_end(rest) {
                    let (head, tail) = rest.split_at(cut);
                    sentence.push(Words::Text(head.to_string()));
                    if tail.trim().is_empty() {
                        // The end came last in this text: wait for what
                        // follows.
                        ended = true;
                        rest = "";
                        break;
                    }
                    finish(&mut sentence);
                    rest = tail;
                }
                if !rest.is_empty() {
                    sentence.push(Words::Text(rest.to_string()));
                }
            }
        }
    }
    finish(&mut sentence);
}

/// Where the first sentence of `text` ends (after its closing
/// punctuation), when a new one starts within `text` or `text` ends there.
fn sentence_end(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        if c == '.' && is_abbreviation(&text[..i]) {
            continue;
        }
        let mut end = i + 1;
        while let Some(next) = text[end..].chars().next() {
            if matches!(next, '"' | '\'' | ')' | '\u{201D}' | '\u{2019}' | ']') {
                end += next.len_utf8();
            } else {
                break;
            }
        }
        if end == bytes.len() {
            return Some(end);
        }
        let rest = &text[end..];
        let trimmed = rest.trim_start();
        if trimmed.len() < rest.len() && (trimmed.is_empty() || starts_sentence(trimmed)) {
            return Some(end);
        }
    }
    None
}

fn starts_sentence(text: &str) -> bool {
    text.chars().next().is_some_and(|c| {
        c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '\u{201C}' | '\u{2018}' | '(')
    })
}

/// Whether the word before a full stop is an abbreviation or an initial,
/// which does not end a sentence.
fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    let bare = word.trim_start_matches(['"', '\u{201C}']);
    (bare.chars().count() == 1 && bare.chars().all(char::is_uppercase))
        || bare.contains('.')
        || matches!(
            bare,
            "Mr" | "Ms"
                | "Mrs"
                | "Dr"
                | "St"
                | "Inc"
                | "Corp"
                | "Co"
                | "Ltd"
                | "vs"
                | "No"
                | "Jan"
                | "Feb"
                | "Mar"
                | "Apr"
                | "Jun"
                | "Jul"
                | "Aug"
                | "Sep"
                | "Sept"
                | "Oct"
                | "Nov"
                | "Dec"
                | "e.g"
                | "i.e"
                | "approx"
                | "est"
        )
}

/// A sentence without the space around it.
fn trim(mut words: Vec<Words>) -> Vec<Words> {
    if let Some(Words::Text(t)) = words.first_mut() {
        *t = t.trim_start().to_string();
    }
    if let Some(Words::Text(t)) = words.last_mut() {
        *t = t.trim_end().to_string();
    }
    words.retain(|w| !matches!(w, Words::Text(t) if t.is_empty()));
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_of_a_file_reads_and_compares_as_its_text() {
        let file: std::sync::Arc<str> = "---\ntitle: x\n---\nThe digest.\n".into();
        let part = Text::Part(file.clone(), 17..file.len());
        assert_eq!(part.as_str(), "The digest.\n");
        assert_eq!(part, Text::Own("The digest.\n".to_string()));
        assert_ne!(part, Text::Own("Another.\n".to_string()));
        let markdown = Markdown::new(part, Vec::new());
        assert_eq!(markdown.as_str(), "The digest.\n");
        assert_eq!(format!("{:?}", Text::Part(file, 17..21)), "\"The \"");
    }

    fn refs(markdown: &str) -> Vec<Found> {
        pieces(markdown)
            .into_iter()
            .filter_map(|p| match p {
                Piece::Ref(f) => Some(f),
                _ => None,
            })
            .collect()
    }

    fn malformed(markdown: &str) -> Vec<Malformed> {
        pieces(markdown)
            .into_iter()
            .filter_map(|p| match p {
                Piece::Malformed(m) => Some(m),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn references_of_every_kind_with_and_without_text() {
        let found = refs(
            "The talks are early [[talks-early]], per [[source:abab-news|ABAB]]; \
             [[entity:amazon]] and [[event:trn3-ga]] and [[page:methodology]] \
             and [[claim:x-1|the claim]].",
        );
        let targets: Vec<(RefKind, &str, Option<&str>)> = found
            .iter()
            .map(|f| (f.target.kind(), f.target.id(), f.text.as_deref()))
            .collect();
        assert_eq!(
            targets,
            [
                (RefKind::Claim, "talks-early", None),
                (RefKind::Source, "abab-news", Some("ABAB")),
                (RefKind::Entity, "amazon", None),
                (RefKind::Event, "trn3-ga", None),
                (RefKind::Page, "methodology", None),
                (RefKind::Claim, "x-1", Some("the claim")),
            ]
        );
        assert_eq!(found[1].needle, "[[source:abab-news");
    }

    #[test]
    fn the_range_is_where_the_reference_is_written() {
        let text = "Intro *em* and [[a-claim]] then\n[[source:s|two\nlines]].";
        let found = refs(text);
        assert_eq!(&text[found[0].range.clone()], "[[a-claim]]");
        assert_eq!(&text[found[1].range.clone()], "[[source:s|two\nlines]]");
        assert_eq!(found[1].text.as_deref(), Some("two\nlines"));
    }

    #[test]
    fn code_and_escapes_stay_literal() {
        assert!(refs("`[[not-a-ref]]` and\n\n```\n[[nor-this]]\n```\n").is_empty());
        assert!(refs("\\[[escaped]] and [\\[also]]").is_empty());
        assert!(malformed("`[[Bad Id]]`").is_empty());
    }

    #[test]
    fn text_without_references_keeps_its_events() {
        let text = "A \"quote\" -- and [a link](https://x.example/) [single].";
        let plain: Vec<String> = Parser::new_ext(text, options())
            .map(|e| format!("{e:?}"))
            .collect();
        let ours: Vec<String> = pieces(text)
            .into_iter()
            .map(|p| match p {
                Piece::Event(e) => format!("{e:?}"),
                _ => panic!("no references here"),
            })
            .collect();
        assert_eq!(plain, ours);
    }

    #[test]
    fn malformed_references_say_what_is_wrong() {
        let m = malformed("See [[Talks Early]] and [[sorce:abab]] and [[x|]] and [[open");
        assert_eq!(m.len(), 4, "{m:?}");
        assert!(m[0].problem.contains("does not name a claim"), "{m:?}");
        assert!(m[1].hint.contains("did you mean `source`"), "{m:?}");
        assert!(m[2].problem.contains("empty"), "{m:?}");
        assert!(m[3].problem.contains("never closed"), "{m:?}");
        assert_eq!(m[3].needle, "[[open");
    }

    #[test]
    fn a_reference_inside_a_link_or_an_image_is_refused() {
        for text in [
            "[the talks [[talks-early]] said](https://x.example/)",
            "![a chart of [[source:abab]] data](chart.png)",
            "[![logo [[entity:amazon]]](logo.png)](https://x.example/)",
        ] {
            let m = malformed(text);
            assert_eq!(m.len(), 1, "{text}: {m:?}");
            assert!(m[0].problem.contains("inside a link"), "{m:?}");
            assert!(refs(text).is_empty(), "{text}");
        }
        // Beside a link, it is a reference.
        let text = "[the talks](https://x.example/) [[talks-early]]";
        assert!(malformed(text).is_empty());
        assert_eq!(refs(text).len(), 1);
    }

    #[test]
    fn a_reference_in_a_table_writes_its_bar_escaped() {
        let table = |cell: &str| format!("| claim | note |\n| --- | --- |\n| {cell} | x |\n");
        let found = refs(&table("[[talks-early\\|the talks]]"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text.as_deref(), Some("the talks"));
        let m = malformed(&table("[[talks-early|the talks]]"));
        assert!(m[0].problem.contains("never closed"), "{m:?}");
        assert!(m[0].hint.contains("in a table"), "{m:?}");
        // Outside a table the hint is the usual one.
        assert!(!malformed("[[open")[0].hint.contains("in a table"));
    }

    #[test]
    fn each_reference_gets_its_sentence() {
        let text = "First sentence here. The talks are early [[talks]]. \
                    U.S. officials said so [[source:s|per S]]! Last one.\n\n\
                    - item with [[entity:e]]\n";
        let p = pieces(text);
        let s = sentences(&p);
        assert_eq!(s.len(), 3);
        assert_eq!(
            s[0],
            [
                Words::Text("The talks are early ".into()),
                Words::Ref(0),
                Words::Text(".".into())
            ]
        );
        assert_eq!(
            s[1],
            [
                Words::Text("U.S. officials said so ".into()),
                Words::Ref(1),
                Words::Text("!".into())
            ]
        );
        assert_eq!(s[2], [Words::Text("item with ".into()), Words::Ref(2)]);
    }

    #[test]
    fn a_reference_after_the_full_stop_belongs_to_its_sentence() {
        let p = pieces("Nobody has bought one. [[no-buyers]] Amazon says little.");
        let s = sentences(&p);
        assert_eq!(
            s[0],
            [Words::Text("Nobody has bought one.".into()), Words::Ref(0)]
        );
    }
}
