//! Errors and warnings as values.
//!
//! Every stage reports problems by pushing a `Diagnostic` rather than
//! returning at the first one, so an analyst sees every broken reference of a
//! build in one run. A diagnostic points at a file, line and column (a
//! `Span`); the file table keeps each file's text so the report can quote the
//! offending line with a caret under it.

use codespan_reporting::diagnostic as report;
use codespan_reporting::files::Error as FilesError;
use codespan_reporting::term;
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Index of a file in the `Files` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(u32);

/// A position in a content file: 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub file: FileId,
    pub line: u32,
    pub col: u32,
}

impl Span {
    pub fn new(file: FileId, line: u32, col: u32) -> Span {
        Span {
            file,
            line: line.max(1),
            col: col.max(1),
        }
    }

    /// The start of a file, for problems that concern the file as a whole.
    pub fn file_start(file: FileId) -> Span {
        Span::new(file, 1, 1)
    }
}

/// The files a build read, by display path (relative to the project root
/// where possible) with their text, for quoting lines in reports.
#[derive(Debug, Default, Clone)]
pub struct Files {
    /// Shared: a source's digest in the content is a part of its file's
    /// text here ([`crate::model::prose::Text`]), not a copy.
    entries: Vec<(PathBuf, std::sync::Arc<str>)>,
    /// The bytes of text held, for watch mode to bound: each edit adds the
    /// file's new text, and spans into the old one may still be held.
    bytes: usize,
}

impl Files {
    pub fn add(&mut self, display_path: impl Into<PathBuf>, text: String) -> FileId {
        self.bytes += text.len();
        self.entries.push((display_path.into(), text.into()));
        FileId(self.entries.len() as u32 - 1)
    }

    /// How many bytes of text the table holds.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    pub fn path(&self, id: FileId) -> &Path {
        &self.entries[id.0 as usize].0
    }

    pub fn text(&self, id: FileId) -> &str {
        &self.entries[id.0 as usize].1
    }

    /// The file's text, to hold a part of it without a copy.
    pub fn shared(&self, id: FileId) -> std::sync::Arc<str> {
        self.entries[id.0 as usize].1.clone()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Where the problem is; `None` for problems of the run itself (an
    /// unreadable folder named on the command line, say).
    pub span: Option<Span>,
    /// When the span is not inside a content file: the path to name instead.
    pub path: Option<PathBuf>,
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            span: Some(span),
            path: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(span, message)
        }
    }

    /// A problem with a path outside the content files (an output folder, an
    /// originals folder).
    pub fn at_path(path: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            span: None,
            path: Some(path.into()),
            message: message.into(),
            hint: None,
        }
    }

    /// A warning about a path, or about the run as a whole.
    pub fn warning_at_path(path: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::at_path(path, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The report for one problem, plain: the message, where it is, the
    /// source line with the offending token underlined, and the hint.
    pub fn render(&self, files: &Files) -> String {
        let (report, excerpt) = self.to_report(files);
        term::emit_into_string(&term_config(), &excerpt, &report)
            .unwrap_or_else(|_| format!("{}: {}", self.label(), printable(&self.message)))
    }

    fn label(&self) -> &'static str {
        match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    /// The problem in codespan-reporting's terms, which draws it, with
    /// the one line it quotes.
    fn to_report(&self, files: &Files) -> (report::Diagnostic<()>, Excerpt) {
        let severity = match self.severity {
            Severity::Error => report::Severity::Error,
            Severity::Warning => report::Severity::Warning,
        };
        let mut d = report::Diagnostic::new(severity);
        // A message of several lines (a template engine's report) shows
        // its first line as the message and each further line as a note:
        // every line printed then starts with the report's own margin, so
        // none can pass for a CI log command.
        let mut lines = self.message.lines();
        let message = printable(lines.next().unwrap_or(""));
        let mut notes: Vec<String> = lines.map(|l| printable(l).into_owned()).collect();
        let mut excerpt = Excerpt::default();
        d = match (self.span, &self.path) {
            (Some(span), _) => {
                let (e, range) = Excerpt::of(files, span);
                excerpt = e;
                d.with_message(message)
                    .with_labels(vec![report::Label::primary((), range)])
            }
            // A whole file or folder: named in the message, as there is no
            // line to show.
            (None, Some(path)) => d.with_message(format!("{}: {message}", shown_path(path))),
            (None, None) => d.with_message(message),
        };
        if let Some(hint) = &self.hint {
            notes.push(format!("hint: {}", printable(hint)));
        }
        (d.with_notes(notes), excerpt)
    }
}

/// `text` with every character a terminal or a CI log would act on made
/// visible instead: control characters (escape sequences, carriage
/// returns, and the line breaks that could forge a CI log command such as
/// `::add-mask::` on a line of its own), and the bidirectional controls
/// that make text read other than it is. Content, file names and anything
/// else from outside the tool pass through this before being printed.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    escape_unsafe(text, push_visible_escape)
}

/// The line (from 1) and column (in characters, from 1) of byte `at` of
/// `text`: where a problem found by its offset is reported.
pub fn line_col(text: &str, at: usize) -> (u32, u32) {
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() as u32 + 1,
        before[line_start..].chars().count() as u32 + 1,
    )
}

/// The line where `needle` first appears in `text` (1 when it does not,
/// as with a value written with escapes): where a problem with a value
/// whose parser kept no position is reported.
pub fn line_of(text: &str, needle: &str) -> u32 {
    text.find(needle).map_or(1, |at| line_col(text, at).0)
}

/// JSON text (as serde_json writes it, on one line) with every character
/// [`printable`] would escape written as a JSON `\uXXXX` escape instead:
/// the same JSON to a parser, and nothing a terminal or a CI log acts on.
/// serde_json escapes only what JSON requires, which leaves DEL, the C1
/// controls (U+009B starts an escape sequence on many terminals) and the
/// bidirectional controls raw. They can occur only inside strings, where
/// an escape means the same character.
pub fn json_for_terminal(json: &str) -> std::borrow::Cow<'_, str> {
    escape_unsafe(json, |c, out| {
        let mut units = [0u16; 2];
        for unit in c.encode_utf16(&mut units) {
            out.push_str(&format!("\\u{unit:04x}"));
        }
    })
}

/// `text` with each character unsafe to print replaced by what `escape`
/// writes for it; borrowed when there is none.
fn escape_unsafe(text: &str, escape: impl Fn(char, &mut String)) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unsafe_to_print) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_unsafe_to_print(c) {
            escape(c, &mut out);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// How [`printable`] shows an unsafe character: `\u{1b}`.
fn push_visible_escape(c: char, out: &mut String) {
    out.extend(c.escape_unicode());
}

/// A path as [`printable`] shows it.
pub fn shown_path(path: &Path) -> String {
    printable(&path.display().to_string()).into_owned()
}

fn is_unsafe_to_print(c: char) -> bool {
    (c.is_control() && c != '\t') || is_bidi_control(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The one line of a file that a report quotes, clipped to a window
/// around the problem and made safe to print, as a file of its own for
/// codespan-reporting. Reports stay readable (and quick to draw: the
/// drawing is slow on very long lines) when a line is a whole minified
/// document, and keep the file's own line and column numbers.
#[derive(Default)]
struct Excerpt {
    name: String,
    /// The clipped line, with its line break.
    line: String,
    /// 1-based line and column of the problem in its file.
    number: usize,
    column: usize,
}

impl Excerpt {
    /// Characters of context kept before a problem and after it, and the
    /// most a problem's underline covers.
    const BEFORE: usize = 60;
    const AFTER: usize = 100;
    const TOKEN: usize = 80;

    /// The excerpt for a problem at `span`, and the underline's range in it.
    fn of(files: &Files, span: Span) -> (Excerpt, std::ops::Range<usize>) {
        let text = files.text(span.file);
        let token = token_at(files, span);
        let start = line_start(text, span.line as usize - 1).unwrap_or(text.len());
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = &text[start..end];
        let (at, len) = (token.start - start, token.end - token.start);
        // Byte offsets of the window, at character boundaries.
        let from = back_chars(line, at, Excerpt::BEFORE);
        let token_end = forward_chars(line, at, Excerpt::TOKEN).min(at + len);
        let to = forward_chars(line, token_end, Excerpt::AFTER);
        let mut clipped = String::new();
        if from > 0 {
            clipped.push('…');
        }
        let label_start = clipped.len() + (at - from);
        clipped.push_str(&line[from..to]);
        let label = label_start..label_start + (token_end - at);
        if to < line.len() {
            clipped.push('…');
        }
        let safe = printable_line(&clipped, label.clone());
        let excerpt = Excerpt {
            name: shown_path(files.path(span.file)),
            line: format!("{}\n", safe.0),
            number: span.line as usize,
            column: span.col as usize,
        };
        (excerpt, safe.1)
    }
}

/// Where `chars` characters before byte `at` of `line` start.
fn back_chars(line: &str, at: usize, chars: usize) -> usize {
    line[..at]
        .char_indices()
        .rev()
        .nth(chars.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

/// Where `chars` characters after byte `at` of `line` end.
fn forward_chars(line: &str, at: usize, chars: usize) -> usize {
    line[at..]
        .char_indices()
        .nth(chars)
        .map_or(line.len(), |(i, _)| at + i)
}

/// A quoted line made safe to print ([`printable`]), with the range of its
/// underline moved to where the same characters are afterwards.
fn printable_line(line: &str, label: std::ops::Range<usize>) -> (String, std::ops::Range<usize>) {
    let mut out = String::with_capacity(line.len());
    let (mut start, mut end) = (label.start, label.end);
    for (i, c) in line.char_indices() {
        if i == label.start {
            start = out.len();
        }
        if i == label.end {
            end = out.len();
        }
        if is_unsafe_to_print(c) {
            push_visible_escape(c, &mut out);
        } else {
            out.push(c);
        }
    }
    if label.end >= line.len() {
        end = out.len();
    }
    if label.start >= line.len() {
        start = out.len();
    }
    (out, start..end.max(start))
}

fn term_config() -> term::Config {
    term::Config::default()
}

/// The byte range to underline for a problem at `span`: the word (id,
/// number, key) that starts there, or the one character.
fn token_at(files: &Files, span: Span) -> std::ops::Range<usize> {
    let text = files.text(span.file);
    let Some(line_start) = line_start(text, span.line as usize - 1) else {
        return text.len()..text.len();
    };
    let line = text[line_start..].split('\n').next().unwrap_or("");
    let Some((at, _)) = line.char_indices().nth(span.col as usize - 1) else {
        return line_start + line.len()..line_start + line.len();
    };
    let word = |c: char| c.is_alphanumeric() || "-_./@".contains(c);
    let rest = &line[at..];
    let len = match rest.find(|c: char| !word(c)) {
        Some(0) => rest.chars().next().map_or(0, char::len_utf8),
        Some(n) => n,
        None => rest.len(),
    };
    line_start + at..line_start + at + len
}

/// The byte offset where 0-based line `index` starts.
fn line_start(text: &str, index: usize) -> Option<usize> {
    if index == 0 {
        return Some(0);
    }
    text.match_indices('\n').nth(index - 1).map(|(i, _)| i + 1)
}

impl<'a> codespan_reporting::files::Files<'a> for Excerpt {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.line)
    }

    fn line_index(&'a self, (): (), _: usize) -> Result<usize, FilesError> {
        Ok(0)
    }

    fn line_number(&'a self, (): (), _: usize) -> Result<usize, FilesError> {
        Ok(self.number)
    }

    /// The column in the file, not in the clipped line: the excerpt
    /// holds one problem, and the report names where it starts.
    fn column_number(&'a self, (): (), _: usize, _: usize) -> Result<usize, FilesError> {
        Ok(self.column)
    }

    fn line_range(&'a self, (): (), _: usize) -> Result<std::ops::Range<usize>, FilesError> {
        Ok(0..self.line.len())
    }
}

/// When to color the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Color {
    /// When standard error is a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    Always,
    Never,
}

impl Color {
    fn choice(self) -> ColorChoice {
        use std::io::IsTerminal;
        match self {
            Color::Always => ColorChoice::Always,
            Color::Never => ColorChoice::Never,
            Color::Auto => {
                let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
                if std::io::stderr().is_terminal() && !no_color {
                    ColorChoice::Auto
                } else {
                    ColorChoice::Never
                }
            }
        }
    }
}

/// All the problems a build found, sorted by file and position on output.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Orders the problems by file, line and column so the report reads
    /// top-down, whatever order the stages found them in.
    pub fn sort(&mut self, files: &Files) {
        self.items.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                (
                    d.span
                        .map(|s| files.path(s.file).to_path_buf())
                        .or(d.path.clone()),
                    d.span.map(|s| (s.line, s.col)),
                    d.severity,
                )
            };
            key(a).cmp(&key(b)).then_with(|| a.message.cmp(&b.message))
        });
        self.items.dedup();
    }

    /// The problems as JSON values, for editors and CI: severity, file,
    /// line and column (when known), message and hint.
    pub fn to_json(&self, files: &Files) -> serde_json::Value {
        let items = self
            .items
            .iter()
            .map(|d| {
                let file = match (d.span, &d.path) {
                    (Some(s), _) => Some(files.path(s.file).display().to_string()),
                    (None, Some(p)) => Some(p.display().to_string()),
                    (None, None) => None,
                };
                serde_json::json!({
                    "severity": match d.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                    },
                    "file": file,
                    "line": d.span.map(|s| s.line),
                    "column": d.span.map(|s| s.col),
                    "message": d.message,
                    "hint": d.hint,
                })
            })
            .collect();
        serde_json::Value::Array(items)
    }

    /// The whole report, plain.
    pub fn render(&self, files: &Files) -> String {
        let mut out = String::new();
        for d in &self.items {
            out.push_str(&d.render(files));
            out.push('\n');
        }
        out
    }

    /// Writes the report to standard error, in color when `color` says so,
    /// showing at most `limit` problems (errors first) and saying how many
    /// more there are.
    pub fn emit(&self, files: &Files, color: Color, limit: Option<usize>) {
        let stream = StandardStream::stderr(color.choice());
        let mut out = stream.lock();
        let mut shown: Vec<usize> = (0..self.items.len()).collect();
        if let Some(n) = limit.filter(|&n| n > 0 && self.items.len() > n) {
            // Errors are what stop the build: when the report is cut,
            // they are kept first, and what is kept stays in order.
            shown.sort_by_key(|&i| !self.items[i].is_error());
            shown.truncate(n);
            shown.sort_unstable();
        }
        let shown: Vec<&Diagnostic> = shown.iter().map(|&i| &self.items[i]).collect();
        let config = term_config();
        for d in &shown {
            let (report, excerpt) = d.to_report(files);
            if term::emit_to_write_style(&mut out, &config, &excerpt, &report).is_err() {
                let _ = writeln!(out, "{}", d.render(files));
            }
        }
        let hidden = self.items.len() - shown.len();
        if hidden > 0 {
            let _ = writeln!(
                out,
                "... and {hidden} more problem{} not shown (--max-errors 0 shows them all)\n",
                if hidden == 1 { "" } else { "s" }
            );
        }
    }
}

/// The known name nearest to `unknown`, if any is close enough to be a
/// plausible typo, for "did you mean" hints.
pub fn nearest<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(unknown, k), k))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, k)| k)
}

/// "did you mean `x`?" or a fallback hint when nothing is close.
pub fn suggest<'a>(
    unknown: &str,
    known: impl IntoIterator<Item = &'a str>,
    fallback: impl FnOnce() -> String,
) -> String {
    match nearest(unknown, known) {
        Some(k) => format!("did you mean `{k}`?"),
        None => fallback(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_from_one() {
        assert_eq!(line_of("a\nb https://x\n", "https://x"), 2);
        assert_eq!(line_of("a", "https://x"), 1);
        let text = "ab\nçé\u{0}x";
        assert_eq!(line_col(text, text.find('\u{0}').unwrap()), (2, 3));
        assert_eq!(line_col(text, 0), (1, 1));
    }

    #[test]
    fn report_quotes_the_line_with_a_caret() {
        let mut files = Files::default();
        let id = files.add(
            "content/claims.yaml",
            "- id: a\n  entities: [amazn]\n".into(),
        );
        let d = Diagnostic::error(Span::new(id, 2, 14), "unknown entity id `amazn`")
            .with_hint("did you mean `amazon`?");
        let text = d.render(&files);
        assert!(
            text.starts_with("error: unknown entity id `amazn`\n"),
            "{text}"
        );
        assert!(text.contains("content/claims.yaml:2:14"), "{text}");
        // The line, and the id underlined under it.
        assert!(text.contains("2 │   entities: [amazn]\n"), "{text}");
        assert!(text.contains("│              ^^^^^\n"), "{text}");
        assert!(text.contains("= hint: did you mean `amazon`?"), "{text}");
    }

    /// What the carets stand under in the quoted line that holds `marker`.
    fn underlined(report: &str, marker: &str) -> String {
        let quoted: Vec<char> = report
            .lines()
            .find(|l| l.contains(marker))
            .unwrap()
            .chars()
            .collect();
        let caret: Vec<char> = report
            .lines()
            .find(|l| l.contains('^'))
            .unwrap()
            .chars()
            .collect();
        let from = caret.iter().position(|&c| c == '^').unwrap();
        let to = caret.iter().rposition(|&c| c == '^').unwrap();
        quoted[from..=to].iter().collect()
    }

    #[test]
    fn a_long_line_is_quoted_around_the_problem_only() {
        let mut files = Files::default();
        let line = format!("name: \"{}\" bad {}", "ab".repeat(5_000), "z".repeat(5_000));
        let at = line.find("bad").unwrap() + 1;
        let id = files.add("e.yaml", format!("- id: a\n{line}\n"));
        let text = Diagnostic::error(Span::new(id, 2, at as u32), "oops").render(&files);
        assert!(text.contains(&format!("e.yaml:2:{at}")), "{text}");
        assert!(text.len() < 1_000, "{} bytes:\n{text}", text.len());
        assert!(text.contains("…ababab"), "{text}");
        assert!(text.contains("\" bad zzz"), "{text}");
        assert_eq!(underlined(&text, " bad "), "bad", "{text}");
    }

    #[test]
    fn a_quoted_line_cannot_drive_the_terminal() {
        let mut files = Files::default();
        let id = files.add("e\u{1b}[2J.yaml", "topic: a\u{1b}]0;x\u{7}\rbad\n".into());
        let text = Diagnostic::error(Span::new(id, 1, 16), "bad\u{1b}[31m")
            .with_hint("\n::error::x")
            .render(&files);
        assert!(!text.contains(['\u{1b}', '\u{7}', '\r']), "{text:?}");
        assert!(!text.lines().any(|l| l.starts_with("::")), "{text}");
        assert!(text.contains("e\\u{1b}[2J.yaml:1:16"), "{text}");
        assert_eq!(underlined(&text, "topic"), "bad", "{text}");
    }

    #[test]
    fn json_for_a_terminal_is_the_same_json_without_raw_controls() {
        let value = serde_json::json!({ "m": "a\u{9b}31m\u{202e}b\u{7f}\u{2028}c\n\u{1b}" });
        let raw = value.to_string();
        let safe = json_for_terminal(&raw);
        assert!(!safe.chars().any(is_unsafe_to_print), "{safe:?}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn a_problem_with_a_whole_file_names_it() {
        let files = Files::default();
        let d =
            Diagnostic::at_path("content/cases/bear.md", "missing file").with_hint("restore it");
        let text = d.render(&files);
        assert!(
            text.starts_with("error: content/cases/bear.md: missing file"),
            "{text}"
        );
        assert!(text.contains("= hint: restore it"), "{text}");
    }

    #[test]
    fn underlines_stay_inside_the_line() {
        let mut files = Files::default();
        let id = files.add("x.yaml", "a: b\nsecond é line\n".into());
        // A column past the end of the line, and one on a multi-byte char.
        assert_eq!(token_at(&files, Span::new(id, 1, 40)), 4..4);
        assert_eq!(token_at(&files, Span::new(id, 2, 8)), 12..14);
        assert_eq!(token_at(&files, Span::new(id, 2, 1)), 5..11);
        // A line past the end of the file.
        assert_eq!(token_at(&files, Span::new(id, 9, 1)), 20..20);
    }

    #[test]
    fn nearest_finds_typos_only() {
        let known = ["chip-run-rate-50b", "trainium-sold-out", "amazon"];
        assert_eq!(
            nearest("chip-run-rate-5b", known),
            Some("chip-run-rate-50b")
        );
        assert_eq!(nearest("zzzz", known), None);
    }
}
