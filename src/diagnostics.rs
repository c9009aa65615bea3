//! Errors and warnings as values.
//!
//! Every stage reports problems by pushing a `Diagnostic` rather than
//! returning at the first one, so an analyst sees every broken reference of a
//! build in one run. A diagnostic points at a file, line and column (a
//! `Span`); the file table keeps each file's text so the report can quote the
//! offending line with a caret under it.

use std::fmt::Write as _;
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
    entries: Vec<(PathBuf, String)>,
}

impl Files {
    pub fn add(&mut self, display_path: impl Into<PathBuf>, text: String) -> FileId {
        self.entries.push((display_path.into(), text));
        FileId(self.entries.len() as u32 - 1)
    }

    pub fn path(&self, id: FileId) -> &Path {
        &self.entries[id.0 as usize].0
    }

    pub fn text(&self, id: FileId) -> &str {
        &self.entries[id.0 as usize].1
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

    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The report for one problem: `path:line:col: error: message`, the
    /// source line with a caret, and the hint.
    pub fn render(&self, files: &Files) -> String {
        let mut out = String::new();
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match (self.span, &self.path) {
            (Some(span), _) => {
                let _ = write!(
                    out,
                    "{}:{}:{}: {label}: {}",
                    files.path(span.file).display(),
                    span.line,
                    span.col,
                    self.message
                );
                if let Some(line) = files.text(span.file).lines().nth(span.line as usize - 1) {
                    let gutter = span.line.to_string();
                    let line = line.replace('\t', " ");
                    let caret_at = line
                        .char_indices()
                        .nth(span.col as usize - 1)
                        .map(|(i, _)| line[..i].chars().count())
                        .unwrap_or(0);
                    let _ = write!(
                        out,
                        "\n {gutter} | {line}\n {pad} | {spaces}^",
                        pad = " ".repeat(gutter.len()),
                        spaces = " ".repeat(caret_at)
                    );
                }
            }
            (None, Some(path)) => {
                let _ = write!(out, "{}: {label}: {}", path.display(), self.message);
            }
            (None, None) => {
                let _ = write!(out, "{label}: {}", self.message);
            }
        }
        if let Some(hint) = &self.hint {
            let _ = write!(out, "\n  = hint: {hint}");
        }
        out
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

    pub fn render(&self, files: &Files) -> String {
        let mut out = String::new();
        for d in &self.items {
            out.push_str(&d.render(files));
            out.push_str("\n\n");
        }
        out
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
    fn report_quotes_the_line_with_a_caret() {
        let mut files = Files::default();
        let id = files.add(
            "content/claims.yaml",
            "- id: a\n  entities: [amazn]\n".into(),
        );
        let d = Diagnostic::error(Span::new(id, 2, 14), "unknown entity id `amazn`")
            .with_hint("did you mean `amazon`?");
        let text = d.render(&files);
        assert!(text.starts_with("content/claims.yaml:2:14: error: unknown entity id `amazn`"));
        assert!(
            text.contains("\n 2 |   entities: [amazn]\n   |              ^"),
            "{text}"
        );
        assert!(text.ends_with("= hint: did you mean `amazon`?"));
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
