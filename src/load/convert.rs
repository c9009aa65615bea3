//! From raw serde structs to model types, one file at a time.
//!
//! Each function parses one file and checks what YAML types cannot express:
//! date forms, id syntax, enum values, non-empty text, rules within a single
//! item (a verdict needs its note). It returns the value, when the file could
//! be shaped, with every problem found, each pointing at its own line.

use super::front_matter::{self, SplitError};
use super::raw;
use super::yaml::{self, Positions, Scalar};
use crate::diagnostics::{suggest, Diagnostic, Diagnostics, FileId, Files, Span};
use crate::model::prose::{self, Text};
use crate::model::ui::{self, is_language_tag, Interface};
use crate::model::*;
use std::path::PathBuf;

/// Checks values against one file's positions, collecting problems.
/// The longest quote: the quote check and its closest-passage hint work
/// in time that grows with it.
pub const MAX_QUOTE_CHARS: usize = 1_000;
/// The most annotations one source may have: each is looked for in the
/// whole original.
pub const MAX_ANNOTATIONS: usize = 1_000;
/// The longest entity name or alias, the most aliases one entity may have,
/// and the most bytes of names and aliases in all: every source is scanned
/// for all of them with one automaton, whose size they make.
pub const MAX_NAME_CHARS: usize = 200;
/// The longest title, question, authors (all together) and interface
/// word: each is printed on every page, so a megabyte of title made a
/// thousand times that of site. Far above any honest value (the longest
/// default word, the claims table's introduction, is 236 characters).
pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_QUESTION_CHARS: usize = 1_000;
pub const MAX_AUTHORS_CHARS: usize = 1_000;
pub const MAX_WORD_CHARS: usize = 1_000;
pub const MAX_ALIASES: usize = 100;
pub const MAX_NAMES_BYTES: usize = 4 * 1024 * 1024;

struct Checker<'a> {
    pos: &'a Positions,
    /// The whole file, where inline references are found by their line
    /// and column.
    file_text: &'a str,
    /// The byte where each line of the file starts, made once a value
    /// needs it and shared by all: made per value, it made a claims file
    /// whose every note cites a claim quadratic to load.
    lines: std::cell::OnceCell<Vec<usize>>,
    diags: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    fn new(pos: &'a Positions, file_text: &'a str) -> Self {
        Checker {
            pos,
            file_text,
            lines: std::cell::OnceCell::new(),
            diags: Vec::new(),
        }
    }

    fn span(&self, path: &str) -> Span {
        self.pos.span(path)
    }

    fn error(&mut self, path: &str, message: impl Into<String>, hint: impl Into<String>) {
        let d = Diagnostic::error(self.span(path), message).with_hint(hint);
        self.diags.push(d);
    }

    /// Required text: present (serde saw to that) and not blank.
    fn text(&mut self, value: String, path: &str, field: &str) -> String {
        if value.trim().is_empty() {
            self.error(
                path,
                format!("`{field}` is empty"),
                format!("write the {field}"),
            );
        }
        value.trim().to_string()
    }

    /// Text that may be at most `max` characters long: a limit that keeps
    /// work on it (the quote check, the name matcher) bounded whatever
    /// the input, set far above any honest value.
    fn short_text(&mut self, text: &str, path: &str, field: &str, max: usize, hint: &str) {
        let chars = text.chars().count();
        if chars > max {
            self.error(
                path,
                format!("this {field} is {chars} characters long, over the limit of {max}"),
                hint,
            );
        }
    }

    fn optional_text(&mut self, value: Option<String>) -> Option<String> {
        value
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    }

    /// Optional Markdown at the node `path`.
    fn markdown(&mut self, value: Option<String>, path: &str) -> Option<Markdown> {
        let text = self.optional_text(value)?;
        Some(self.prose(text, Start::Node(self.span(path))))
    }

    /// Markdown written at `start`, with its inline references read,
    /// each at its own line and column; a malformed one is an error.
    fn prose(&mut self, text: impl Into<Text>, start: Start) -> Markdown {
        let text: Text = text.into();
        if !prose::may_cite(text.as_str()) {
            return Markdown::new(text, Vec::new());
        }
        let mut finder = Finder::new(self.file_text, &self.lines, text.as_str(), start);
        let mut refs = Vec::new();
        {
            let pieces = prose::pieces(text.as_str());
            let mut sentences = prose::sentences(&pieces).into_iter();
            for piece in &pieces {
                match piece {
                    prose::Piece::Ref(found) => refs.push(InlineRef {
                        target: found.target.clone(),
                        text: found.text.clone(),
                        span: finder.span(found.range.start, &found.needle),
                        sentence: sentences.next().unwrap_or_default(),
                    }),
                    prose::Piece::Malformed(m) => {
                        let span = finder.span(m.range.start, &m.needle);
                        self.diags.push(
                            Diagnostic::error(span, m.problem.clone()).with_hint(m.hint.clone()),
                        );
                    }
                    prose::Piece::Event(_) => {}
                }
            }
        }
        Markdown::new(text, refs)
    }

    fn date(&mut self, value: &Scalar, path: &str) -> Option<Date> {
        let d = Date::parse(&value.0);
        if d.is_none() {
            self.error(
                path,
                format!("`{}` is not a date", value.0),
                format!("write it as {DATE_FORMS}"),
            );
        }
        d
    }

    fn id<T>(
        &mut self,
        text: &str,
        path: &str,
        parse: fn(&str) -> Result<T, &'static str>,
    ) -> Option<Spanned<T>> {
        match parse(text) {
            Ok(id) => Some(Spanned::new(id, self.span(path))),
            Err(problem) => {
                self.error(
                    path,
                    format!("`{text}` is not a valid id: {problem}"),
                    "ids look like `trainium-capacity-sold-out`",
                );
                None
            }
        }
    }

    fn ids<T>(
        &mut self,
        texts: &[String],
        path: &str,
        parse: fn(&str) -> Result<T, &'static str>,
    ) -> Vec<Spanned<T>> {
        texts
            .iter()
            .enumerate()
            .filter_map(|(i, t)| self.id(t, &format!("{path}/{i}"), parse))
            .collect()
    }

    fn choice<T: Copy>(
        &mut self,
        text: &str,
        path: &str,
        field: &str,
        all: &[(&'static str, T)],
    ) -> Option<T> {
        if let Some((_, v)) = all.iter().find(|(name, _)| *name == text) {
            return Some(*v);
        }
        let names: Vec<&str> = all.iter().map(|(n, _)| *n).collect();
        let hint = suggest(text, names.iter().copied(), || {
            format!("use one of: {}", names.join(", "))
        });
        self.error(path, format!("`{text}` is not a known {field}"), hint);
        None
    }

    /// Hands the problems found to `diags`, and the value on.
    fn finish<T>(self, value: Option<T>, diags: &mut Diagnostics) -> Option<T> {
        for d in self.diags {
            diags.push(d);
        }
        value
    }
}

/// Where a Markdown value is written.
#[derive(Clone, Copy)]
enum Start {
    /// A file's body, verbatim from this byte of the file on.
    Body(FileId, usize),
    /// A YAML value, at the node's line and column: YAML may have folded
    /// its lines and taken out its indentation.
    Node(Span),
}

/// Finds where each reference of a Markdown value is written in its file.
struct Finder<'a> {
    file_text: &'a str,
    text: &'a str,
    start: Start,
    /// Where the value starts in the file.
    from: usize,
    /// The byte where each line of the file starts, made on first use.
    lines: &'a std::cell::OnceCell<Vec<usize>>,
    /// For a YAML value, per needle: how far the value and the file have
    /// been searched, so that each search goes on from the last.
    searched: std::collections::HashMap<String, (usize, usize)>,
    located: usize,
}

/// A YAML value's references after this many are reported at the value:
/// finding each costs a search of the file.
const MAX_LOCATED: usize = 1_000;

impl<'a> Finder<'a> {
    fn new(
        file_text: &'a str,
        lines: &'a std::cell::OnceCell<Vec<usize>>,
        text: &'a str,
        start: Start,
    ) -> Finder<'a> {
        let from = match start {
            Start::Body(_, at) => at,
            Start::Node(span) => byte_offset(file_text, line_starts(lines, file_text), span),
        };
        Finder {
            file_text,
            text,
            start,
            from,
            lines,
            searched: Default::default(),
            located: 0,
        }
    }

    /// The span of `needle`, which the value holds at byte `at`.
    fn span(&mut self, at: usize, needle: &str) -> Span {
        let (file, at_in_file) = match self.start {
            Start::Body(file, offset) => (file, Some(offset + at)),
            Start::Node(span) => (span.file, self.search(at, needle)),
        };
        let Some(i) = at_in_file else {
            return match self.start {
                Start::Node(span) => span,
                Start::Body(file, _) => Span::file_start(file),
            };
        };
        let lines = line_starts(self.lines, self.file_text);
        let line = lines.partition_point(|&start| start <= i).max(1);
        let line_start = lines[line - 1];
        let col = self
            .file_text
            .get(line_start..i)
            .map_or(0, |t| t.chars().count());
        Span::new(file, line as u32, col as u32 + 1)
    }

    /// Where a YAML value's `needle` at byte `at` is in the file: the
    /// file holds the value's occurrences of it in the same order,
    /// whatever YAML did to the lines around them.
    fn search(&mut self, at: usize, needle: &str) -> Option<usize> {
        self.located += 1;
        if self.located > MAX_LOCATED {
            return None;
        }
        let (text_from, file_from) = self.searched.get(needle).copied().unwrap_or((0, self.from));
        let skip = self.text.get(text_from..at)?.matches(needle).count();
        let i = file_from
            + self
                .file_text
                .get(file_from..)?
                .match_indices(needle)
                .nth(skip)?
                .0;
        self.searched
            .insert(needle.to_string(), (at + needle.len(), i + needle.len()));
        Some(i)
    }
}

/// A file's body as the content holds it: a part of the file's text in
/// the table (no copy), and where it starts.
fn body_text(files: &Files, file: FileId, body: &str) -> (Text, Start) {
    let at = body_offset(files, file, body);
    let whole = files.shared(file);
    let text = if whole.get(at..) == Some(body) {
        let end = whole.len();
        Text::Part(whole, at..end)
    } else {
        Text::Own(body.to_string())
    };
    (text, Start::Body(file, at))
}

/// Where a file's body starts: the body is the file's end.
fn body_offset(files: &Files, file: FileId, body: &str) -> usize {
    files.text(file).len() - body.len()
}

/// The byte where each line of `text` starts, made once in `cell`.
fn line_starts<'c>(cell: &'c std::cell::OnceCell<Vec<usize>>, text: &str) -> &'c [usize] {
    cell.get_or_init(|| {
        std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect()
    })
}

/// The byte of `text` at a span's line and column (a column counts
/// characters from 1); `lines` are the text's [`line_starts`].
fn byte_offset(text: &str, lines: &[usize], span: Span) -> usize {
    let Some(&start) = lines.get((span.line as usize).saturating_sub(1)) else {
        return text.len();
    };
    let end = lines.get(span.line as usize).copied().unwrap_or(text.len());
    let line = &text[start..end];
    start
        + line
            .char_indices()
            .nth(span.col.saturating_sub(1) as usize)
            .map_or(line.len(), |(b, _)| b)
}

/// Hands problems found before any value could be made to `diags`.
fn reported<T>(found: Vec<Diagnostic>, diags: &mut Diagnostics) -> Option<T> {
    for d in found {
        diags.push(d);
    }
    None
}

fn parse_file<T: serde::de::DeserializeOwned>(
    text: &str,
    file: FileId,
    first_line: u32,
) -> Result<(T, Positions), Vec<Diagnostic>> {
    yaml::parse::<T>(text, file, first_line).map_err(|d| vec![d])
}

/// A Markdown file's front-matter. When it cannot be read because it runs
/// on into the Markdown (its closing `---` forgotten, and a `---` rule in
/// the body taken for it), the error says so.
fn parse_front_matter<T: serde::de::DeserializeOwned>(
    parts: &front_matter::Split,
    file: FileId,
) -> Result<(T, Positions), Vec<Diagnostic>> {
    parse_file(parts.yaml, file, parts.yaml_line).map_err(|found| {
        // Prose after a blank line: no `key:`, no list item, no comment,
        // not indented.
        let prose = parts
            .yaml
            .lines()
            .enumerate()
            .skip_while(|(_, l)| !l.trim().is_empty())
            .find(|(_, l)| {
                let t = l.trim_end();
                !t.is_empty()
                    && !t.starts_with([' ', '-', '#', '\t'])
                    && !t.contains(": ")
                    && !t.ends_with(':')
            });
        match prose {
            Some((i, _)) => vec![Diagnostic::error(
                Span::new(file, parts.yaml_line + i as u32, 1),
                "the front-matter opened on line 1 is not closed before the Markdown",
            )
            .with_hint(format!(
                "end the YAML fields with a line `---` before the Markdown starts; the `---` on \
                 line {} was taken for the end, so the text above it was read as YAML",
                parts.body_line - 1
            ))],
            None => found,
        }
    })
}

/// A list file; blank means an empty list.
fn parse_list<T: serde::de::DeserializeOwned>(
    files: &Files,
    file: FileId,
) -> Result<(Vec<T>, Positions), Vec<Diagnostic>> {
    let text = files.text(file);
    let text = if yaml::is_blank(text) { "[]" } else { text };
    parse_file(text, file, 1)
}

/// Splits a Markdown file's front-matter, or explains what is wrong with it.
fn split(files: &Files, file: FileId) -> Result<front_matter::Split<'_>, Vec<Diagnostic>> {
    front_matter::split(files.text(file)).map_err(|e| {
        let (message, hint) = match e {
            SplitError::Missing => (
                "the file has no front-matter",
                "start the file with a line `---`, the YAML fields, and another line `---`; the Markdown follows",
            ),
            SplitError::Unclosed => (
                "the front-matter opened on line 1 is never closed",
                "end the YAML fields with a line `---`",
            ),
        };
        vec![Diagnostic::error(Span::file_start(file), message).with_hint(hint)]
    })
}

pub fn briefing(files: &Files, file: FileId, diags: &mut Diagnostics) -> Option<Briefing> {
    let text = files.text(file);
    if yaml::is_blank(text) {
        let d = Diagnostic::error(Span::file_start(file), "briefing.yaml is empty")
            .with_hint("write at least `title:`, `question:`, `as_of:` and `bottom_line:`; see docs/CONTENT.md");
        return reported(vec![d], diags);
    }
    let (raw, pos) = match parse_file::<raw::Briefing>(text, file, 1) {
        Ok(v) => v,
        Err(d) => return reported(d, diags),
    };
    let mut c = Checker::new(&pos, text);
    let title = c.text(raw.title, "/title", "title");
    let every_page = "it is shown on every page: keep it short";
    c.short_text(&title, "/title", "title", MAX_TITLE_CHARS, every_page);
    let question = c.text(raw.question, "/question", "question");
    c.short_text(
        &question,
        "/question",
        "question",
        MAX_QUESTION_CHARS,
        "it is shown on every page: keep it to the question, and put the rest in the bottom line",
    );
    let bottom_line = c.text(raw.bottom_line, "/bottom_line", "bottom line");
    let bottom_line = c.prose(bottom_line, Start::Node(pos.span("/bottom_line")));
    let as_of = c.date(&raw.as_of, "/as_of");
    let base_url = c
        .optional_text(raw.base_url)
        .and_then(|url| match BaseUrl::parse(&url) {
            Ok(base) => Some(base),
            Err(problem) => {
                c.error(
                    "/base_url",
                    format!("base_url `{url}` {problem}"),
                    "write the address the site is published at, e.g. https://example.org/briefing/",
                );
                None
            }
        });
    let originals = c
        .optional_text(raw.originals)
        .map(|o| Spanned::new(PathBuf::from(o), pos.span("/originals")));
    let authors: Vec<String> = raw
        .authors
        .into_iter()
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty())
        .collect();
    c.short_text(
        &authors.concat(),
        "/authors",
        "list of authors",
        MAX_AUTHORS_CHARS,
        "the authors are named on every page: name the desk, or a few people",
    );
    let mut interface = Interface::default();
    if let Some(lang) = c.optional_text(raw.language) {
        if is_language_tag(&lang) {
            interface.lang = lang;
        } else {
            c.error(
                "/language",
                format!("`{lang}` is not a language tag"),
                "write the pages' language as a BCP 47 tag: `en`, `de`, `fr`, `pt-BR`",
            );
        }
    }
    for (key, word) in raw.interface {
        let path = format!("/interface/{key}");
        let word = word.trim().to_string();
        c.short_text(&word, &path, "interface word", MAX_WORD_CHARS, every_page);
        if word.is_empty() {
            c.error(
                &path,
                format!("the interface word `{key}` is empty"),
                "write the word, or leave the key out to keep the default",
            );
        } else if !interface.set(&key, word) {
            let keys = ui::WORDS.iter().map(|(k, _)| *k);
            let hint = suggest(&key, keys, || {
                "docs/CONTENT.md lists the interface's keys with their English defaults".into()
            });
            c.error(
                &path,
                format!("`{key}` is not a word of the interface"),
                hint,
            );
        }
    }
    let rows_per_page = match raw.rows_per_page {
        None => Briefing::ROWS_PER_PAGE,
        Some(0) => {
            c.error(
                "/rows_per_page",
                "rows_per_page is 0",
                format!(
                    "write how many rows a list page shows (at least 1), or leave it out for {}",
                    Briefing::ROWS_PER_PAGE
                ),
            );
            Briefing::ROWS_PER_PAGE
        }
        Some(n) => usize::try_from(n).unwrap_or(usize::MAX),
    };
    let value = as_of.map(|as_of| Briefing {
        title,
        question,
        as_of,
        bottom_line,
        authors,
        base_url,
        originals,
        interface,
        rows_per_page,
        file,
    });
    c.finish(value, diags)
}

pub fn source(
    files: &Files,
    file: FileId,
    id: SourceId,
    diags: &mut Diagnostics,
) -> Option<Source> {
    let parts = match split(files, file) {
        Ok(p) => p,
        Err(d) => return reported(d, diags),
    };
    let (raw, pos) = match parse_front_matter::<raw::Source>(&parts, file) {
        Ok(v) => v,
        Err(d) => return reported(d, diags),
    };
    let mut c = Checker::new(&pos, files.text(file));
    let title = c.text(raw.title, "/title", "title");
    let publisher = c.text(raw.publisher, "/publisher", "publisher");
    let published = match &raw.published {
        None => Published::Unknown,
        Some(s) if s.0.trim() == "unknown" => Published::Unknown,
        Some(s) => c
            .date(s, "/published")
            .map(Published::Known)
            .unwrap_or(Published::Unknown),
    };
    let kind = raw
        .kind
        .as_deref()
        .and_then(|k| c.choice(k, "/kind", "source kind", &SourceKind::ALL));
    // A web address: the document's, or an archived copy's.
    let mut address = |value: Option<String>, field: &str, hint: &str| {
        let pointer = format!("/{field}");
        let address = c
            .optional_text(value)
            .map(|u| Spanned::new(u, pos.span(&pointer)));
        if let Some(u) = &address {
            if let Some(problem) = crate::model::web_address_problem(&u.value) {
                c.error(&pointer, format!("{field} `{}` {problem}", u.value), hint);
            }
        }
        address
    };
    let url = address(
        raw.url,
        "url",
        "give the full address of the original, starting with https://",
    );
    let archived = address(
        raw.archived,
        "archived",
        "give the full address of the archived copy, such as https://web.archive.org/web/...",
    );
    let original = c
        .optional_text(raw.original)
        .map(|o| Spanned::new(o, pos.span("/original")));
    let original_text = match c.optional_text(raw.original_text) {
        Some(mode) => c
            .choice(&mode, "/original_text", "original_text", &OriginalText::ALL)
            .unwrap_or_default(),
        None => OriginalText::default(),
    };
    if raw.annotations.len() > MAX_ANNOTATIONS {
        c.error(
            &format!("/annotations/{MAX_ANNOTATIONS}"),
            format!(
                "this source has {} annotations, over the limit of {MAX_ANNOTATIONS}",
                raw.annotations.len()
            ),
            "a source's annotations are its strongest passages, not all of them: keep the ones \
             the claims need, or split the document into several sources",
        );
    }
    let mut annotations = Vec::with_capacity(raw.annotations.len().min(MAX_ANNOTATIONS));
    for (i, a) in raw
        .annotations
        .into_iter()
        .enumerate()
        .take(MAX_ANNOTATIONS)
    {
        let path = format!("/annotations/{i}");
        let claim = c.id(&a.claim, &format!("{path}/claim"), ClaimId::parse);
        let stance = c.choice(&a.stance, &format!("{path}/stance"), "stance", &Stance::ALL);
        let quote_path = format!("{path}/quote");
        let quote = c.text(a.quote, &quote_path, "quote");
        c.short_text(
            &quote,
            &quote_path,
            "quote",
            MAX_QUOTE_CHARS,
            "quote a short passage, the words that carry the claim: a briefing takes facts and \
             short quotes from its sources, never whole passages; two annotations can quote two \
             parts",
        );
        let note = c.markdown(a.note, &format!("{path}/note"));
        if let (Some(claim), Some(stance)) = (claim, stance) {
            annotations.push(Annotation {
                claim,
                quote: Spanned::new(quote, pos.span(&quote_path)),
                stance,
                note,
                span: pos.span(&path),
            });
        }
    }
    let value = Source {
        id,
        title,
        publisher,
        author: c.optional_text(raw.author),
        published,
        published_note: c.optional_text(raw.published_note),
        url,
        archived,
        kind: kind.unwrap_or(SourceKind::News),
        relies_on: raw
            .relies_on
            .into_iter()
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty())
            .collect(),
        original,
        original_text,
        trust: c.markdown(raw.trust, "/trust"),
        annotations,
        digest: {
            let (text, start) = body_text(files, file, parts.body);
            c.prose(text, start)
        },
        file,
    };
    c.finish(Some(value), diags)
}

pub fn claims(files: &Files, file: FileId, diags: &mut Diagnostics) -> Option<Vec<Claim>> {
    let (raws, pos) = match parse_list::<raw::Claim>(files, file) {
        Ok(v) => v,
        Err(d) => return reported(d, diags),
    };
    let mut c = Checker::new(&pos, files.text(file));
    let mut out = Vec::with_capacity(raws.len());
    for (i, r) in raws.into_iter().enumerate() {
        let path = format!("/{i}");
        let id = c.id(&r.id, &format!("{path}/id"), ClaimId::parse);
        let statement = c.text(r.statement, &format!("{path}/statement"), "statement");
        let topic = c.optional_text(r.topic).unwrap_or_default();
        let entities = c.ids(&r.entities, &format!("{path}/entities"), EntityId::parse);
        let verdict = r
            .verdict
            .as_deref()
            .and_then(|v| c.choice(v, &format!("{path}/verdict"), "verdict", &Verdict::ALL));
        let verdict_note = c.markdown(r.verdict_note, &format!("{path}/verdict_note"));
        if r.verdict.is_some() && verdict_note.is_none() {
            c.error(
                &format!("{path}/verdict"),
                "a verdict needs its reasoning",
                "add `verdict_note:` saying why the evidence leads to this verdict",
            );
        }
        let figure = r.figure.map(|f| Figure {
            metric: f.metric.trim().to_string(),
            value: f.value,
            unit: f.unit.trim().to_string(),
            key: f.key,
        });
        if let Some(f) = &figure {
            if !f.value.is_finite() {
                c.error(
                    &format!("{path}/figure/value"),
                    "a figure's value must be a finite number",
                    "write the number, e.g. 50 or 0.25",
                );
            }
        }
        if let Some(id) = id {
            out.push(Claim {
                id,
                statement,
                topic,
                entities,
                figure,
                verdict,
                verdict_note,
                span: pos.span(&path),
            });
        }
    }
    c.finish(Some(out), diags)
}

pub fn events(files: &Files, file: FileId, diags: &mut Diagnostics) -> Option<Vec<Event>> {
    let (raws, pos) = match parse_list::<raw::Event>(files, file) {
        Ok(v) => v,
        Err(d) => return reported(d, diags),
    };
    let mut c = Checker::new(&pos, files.text(file));
    let mut out = Vec::with_capacity(raws.len());
    for (i, r) in raws.into_iter().enumerate() {
        let path = format!("/{i}");
        let id =
            r.id.as_deref()
                .map(str::trim)
                .filter(|id| !id.is_empty())
                .and_then(|id| c.id(id, &format!("{path}/id"), EventId::parse));
        let date = c.date(&r.date, &format!("{path}/date"));
        let title = c.text(r.title, &format!("{path}/title"), "title");
        let claims = c.ids(&r.claims, &format!("{path}/claims"), ClaimId::parse);
        let sources = c.ids(&r.sources, &format!("{path}/sources"), SourceId::parse);
        if let Some(date) = date {
            out.push(Event {
                id,
                date,
                title,
                detail: c.markdown(r.detail, &format!("{path}/detail")),
                expected: r.expected,
                claims,
                sources,
                span: pos.span(&path),
            });
        }
    }
    c.finish(Some(out), diags)
}

pub fn entities(files: &Files, file: FileId, diags: &mut Diagnostics) -> Option<Vec<Entity>> {
    let (raws, pos) = match parse_list::<raw::Entity>(files, file) {
        Ok(v) => v,
        Err(d) => return reported(d, diags),
    };
    let mut c = Checker::new(&pos, files.text(file));
    let mut out = Vec::with_capacity(raws.len());
    let mut names_bytes = 0;
    for (i, r) in raws.into_iter().enumerate() {
        let path = format!("/{i}");
        let id = c.id(&r.id, &format!("{path}/id"), EntityId::parse);
        let name = c.text(r.name, &format!("{path}/name"), "name");
        let kind = match r.kind.as_deref() {
            Some(k) => c.choice(k, &format!("{path}/kind"), "entity kind", &EntityKind::ALL),
            None => Some(EntityKind::Other),
        };
        let name_hint = "an entity is found in the sources by its name and aliases: use the \
                         short names the sources use, and put a description in `summary`";
        let errors_before = c.diags.len();
        c.short_text(
            &name,
            &format!("{path}/name"),
            "name",
            MAX_NAME_CHARS,
            name_hint,
        );
        if r.aliases.len() > MAX_ALIASES {
            c.error(
                &format!("{path}/aliases/{MAX_ALIASES}"),
                format!(
                    "this entity has {} aliases, over the limit of {MAX_ALIASES}",
                    r.aliases.len()
                ),
                name_hint,
            );
        }
        let aliases: Vec<String> = r
            .aliases
            .into_iter()
            .take(MAX_ALIASES)
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
            .collect();
        for (j, alias) in aliases.iter().enumerate() {
            let at = format!("{path}/aliases/{j}");
            c.short_text(alias, &at, "alias", MAX_NAME_CHARS, name_hint);
        }
        let before = names_bytes;
        names_bytes += name.len() + aliases.iter().map(String::len).sum::<usize>();
        if names_bytes > MAX_NAMES_BYTES && before <= MAX_NAMES_BYTES {
            c.error(
                &path,
                format!(
                    "the entities' names and aliases come to more than {MAX_NAMES_BYTES} bytes here"
                ),
                "every source is searched for every name: keep names and aliases to the short \
                 forms the sources use",
            );
        }
        // An entity with names over the limits is left out, so that no
        // later stage builds a matcher from them.
        let names_fit = c.diags.len() == errors_before;
        if let (Some(id), Some(kind), true) = (id, kind, names_fit) {
            out.push(Entity {
                id,
                name,
                kind,
                aliases,
                summary: c.markdown(r.summary, &format!("{path}/summary")),
                span: pos.span(&path),
            });
        }
    }
    c.finish(Some(out), diags)
}

pub fn case(files: &Files, file: FileId, side: Side, diags: &mut Diagnostics) -> Option<Case> {
    let parts = match split(files, file) {
        Ok(p) => p,
        Err(d) => return reported(d, diags),
    };
    let (raw, pos) = match parse_front_matter::<raw::Case>(&parts, file) {
        Ok(v) => v,
        Err(d) => return reported(d, diags),
    };
    let mut c = Checker::new(&pos, files.text(file));
    let mut points = Vec::with_capacity(raw.points.len());
    for (i, p) in raw.points.into_iter().enumerate() {
        let path = format!("/points/{i}");
        let title = c.text(p.title, &format!("{path}/title"), "title");
        let argument_path = format!("{path}/argument");
        let argument = c.text(p.argument, &argument_path, "argument");
        let argument = c.prose(argument, Start::Node(pos.span(&argument_path)));
        if p.claims.is_empty() {
            c.error(
                &path,
                format!("point `{title}` cites no claim"),
                "every point rests on evidence: add `claims: [claim-id, ...]`",
            );
        }
        let claims = c.ids(&p.claims, &format!("{path}/claims"), ClaimId::parse);
        points.push(CasePoint {
            title,
            argument,
            claims,
            span: pos.span(&path),
        });
    }
    if points.is_empty() {
        c.error(
            "",
            format!("the {} case has no points", side.as_str()),
            "add `points:`, each with a title, an argument and the claims it rests on",
        );
    }
    let title = c.optional_text(raw.title);
    let value = Case {
        side,
        title,
        points,
        intro: {
            let (text, start) = body_text(files, file, parts.body);
            c.prose(text, start)
        },
        file,
    };
    c.finish(Some(value), diags)
}

pub fn page(files: &Files, file: FileId, id: PageId, diags: &mut Diagnostics) -> Option<Page> {
    let parts = match split(files, file) {
        Ok(p) => p,
        Err(d) => return reported(d, diags),
    };
    let (raw, pos) = match parse_front_matter::<raw::Page>(&parts, file) {
        Ok(v) => v,
        Err(d) => return reported(d, diags),
    };
    let mut c = Checker::new(&pos, files.text(file));
    let title = c.text(raw.title, "/title", "title");
    let summary = c.optional_text(raw.summary);
    let value = Page {
        id,
        title,
        summary,
        body: {
            let (text, start) = body_text(files, file, parts.body);
            c.prose(text, start)
        },
        file,
    };
    c.finish(Some(value), diags)
}
