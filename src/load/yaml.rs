//! YAML parsing, with a position for every node.
//!
//! serde_yaml turns YAML into our raw structs but forgets where each value was
//! written once parsing succeeds. Later stages still need those places (an
//! unknown claim id is only found while linking), so a second, event-level
//! pass with yaml-rust2 records the line and column of every node by its path
//! ("/3/entities/1"). serde_yaml is used in this module only, so it can be
//! swapped without touching the rest of the build.

use crate::diagnostics::{suggest, Diagnostic, FileId, Span};
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::Marker;

/// Line and column of each node, by its path from the document root.
#[derive(Debug, Default)]
pub struct Positions {
    file: Option<FileId>,
    /// Added to every line: where the YAML starts inside its file.
    line_offset: u32,
    nodes: HashMap<String, (u32, u32)>,
}

impl Positions {
    /// The span of the node at `path`, or of its nearest recorded ancestor
    /// (a missing field is reported at the mapping that lacks it).
    pub fn span(&self, path: &str) -> Span {
        let file = self.file.expect("positions are always built for a file");
        let mut path = path;
        loop {
            if let Some(&(line, col)) = self.nodes.get(path) {
                return Span::new(file, line + self.line_offset, col);
            }
            match path.rfind('/') {
                Some(i) => path = &path[..i],
                None => return Span::new(file, 1 + self.line_offset, 1),
            }
        }
    }
}

/// Parses `text` (which starts on line `first_line` of `file`) into `T`, and
/// records the position of every node. A YAML or shape error comes back as a
/// diagnostic pointing into the file, with a hint where one helps.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    file: FileId,
    first_line: u32,
) -> Result<(T, Positions), Diagnostic> {
    let line_offset = first_line.saturating_sub(1);
    let at = |(line, col): (u32, u32)| Span::new(file, line + line_offset, col);
    // Before either parser: serde_yaml refuses these too, but says only
    // "at position 604", which the report could not place.
    if let Some((offset, c)) = first_unprintable(text) {
        return Err(Diagnostic::error(
            at(crate::diagnostics::line_col(text, offset)),
            format!(
                "an invisible control character (U+{:04X}) here, which YAML does not allow",
                c as u32
            ),
        )
        .with_hint(
            "delete it: most editors do not show it (it often comes with pasted text); to write \
             such a character in a value, use a double-quoted escape such as \"\\u0007\"",
        ));
    }
    // The event pass runs first: it is linear whatever the aliases, and it
    // can refuse what would make serde_yaml expand one large anchor many
    // times over (gigabytes from a file of kilobytes).
    let mut recorder = Recorder::new(expansion_limit(text));
    let recorded = record(text, &mut recorder);
    // Refused whether or not the event pass read the whole text: what it
    // did read is enough to know.
    if let Some(pos) = recorder.over_limit {
        return Err(Diagnostic::error(
            at(pos),
            format!(
                "aliases here would expand this YAML to more than {} bytes, from {} written",
                recorder.limit,
                text.len()
            ),
        )
        .with_hint(
            "write the value out where it is needed instead of repeating an alias (`*name`) of \
             a large anchor (`&name`); aliases may repeat small values only",
        ));
    }
    if let Some(pos) = recorder.too_deep {
        return Err(Diagnostic::error(
            at(pos),
            format!("the YAML is nested more than {MAX_DEPTH} levels deep here"),
        )
        .with_hint("no content file needs more than a few levels: check the indentation"));
    }
    if let Some(pos) = recorder.second_document {
        return Err(
            Diagnostic::error(at(pos), "a second YAML document starts here").with_hint(
                "a content file holds one YAML document: remove this `---` (or `...`), or \
             move what follows into the document above",
            ),
        );
    }
    if let Err(e) = &recorded {
        // Past the point where the event pass stopped, aliases went
        // uncounted: serde_yaml must not expand them. Its messages read
        // better, so it still reports files that cannot hold an anchor.
        if text.contains('&') {
            return Err(unreadable(e, text, at));
        }
    }
    let value: T = match serde_yaml::from_str(text) {
        Ok(v) => v,
        Err(e) => return Err(error_from_serde(&e, text, file, line_offset, &recorder)),
    };
    if let Err(e) = recorded {
        // serde_yaml accepted the text, so this is a disagreement between
        // two parsers; report it rather than guess positions.
        return Err(unreadable(&e, text, at));
    }
    Ok((
        value,
        Positions {
            file: Some(file),
            line_offset,
            nodes: recorder.nodes,
        },
    ))
}

/// The first character YAML does not allow in a file, with its byte
/// offset: the C0 controls but tab, line feed and carriage return, DEL,
/// the C1 controls but NEL, and U+FFFE and U+FFFF. One pass over the bytes.
fn first_unprintable(text: &str) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    let at = bytes.iter().enumerate().position(|(i, &b)| match b {
        b'\t' | b'\n' | b'\r' => false,
        0x00..=0x1F | 0x7F => true,
        // U+0080 to U+009F, but U+0085.
        0xC2 => matches!(bytes.get(i + 1), Some(0x80..=0x84 | 0x86..=0x9F)),
        0xEF => bytes.get(i + 1) == Some(&0xBF) && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)),
        _ => false,
    })?;
    Some((at, text[at..].chars().next()?))
}

/// The event pass's own error, at its place (the scanner counts columns
/// from 0).
fn unreadable(
    e: &yaml_rust2::ScanError,
    text: &str,
    at: impl Fn((u32, u32)) -> Span,
) -> Diagnostic {
    let m = e.marker();
    let (message, hint) = advise(
        text,
        m.line(),
        &format!("YAML could not be read: {}", e.info()),
        0,
    );
    Diagnostic::error(at((m.line() as u32, m.col() as u32 + 1)), message).with_hint(hint)
}

/// Feeds every event of `text` to `recorder`, in a flat loop: the parser's
/// own `load` descends one call per level of nesting, and a text nested a
/// hundred thousand levels deep would overflow the stack.
fn record(text: &str, recorder: &mut Recorder) -> Result<(), yaml_rust2::ScanError> {
    let mut parser = Parser::new_from_str(text);
    loop {
        let (event, mark) = parser.next_token()?;
        let end = event == Event::StreamEnd;
        recorder.event(event, mark);
        if end {
            return Ok(());
        }
    }
}

/// The deepest nesting of lists and mappings we read: content files need a
/// few levels, and each level's path is kept, so a deep text would cost
/// memory quadratic in its depth.
const MAX_DEPTH: usize = 64;

/// How large a YAML text may grow once its aliases are expanded: well
/// above any honest reuse of an anchor (a list of tags repeated in every
/// item), far below what would strain memory.
fn expansion_limit(text: &str) -> u64 {
    (text.len() as u64).saturating_mul(8).max(4 * 1024 * 1024)
}

fn error_from_serde(
    e: &serde_yaml::Error,
    text: &str,
    file: FileId,
    line_offset: u32,
    recorder: &Recorder,
) -> Diagnostic {
    // A few errors come without a place ("repetition limit exceeded"):
    // they are about aliases, so the first alias is the place to look.
    let (mut line, mut col) = e
        .location()
        .map(|l| (l.line() as u32, l.column() as u32))
        .or(recorder.first_alias)
        .unwrap_or((1, 1));
    let full = e.to_string();
    // serde_yaml appends " at line L column C"; the span already says it,
    // and with the front-matter offset its numbers would be wrong.
    let message = match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    };
    // A duplicate field is reported at the start of its item: point at
    // the second occurrence instead, which is the one to remove.
    if let Some(key) = message
        .split("duplicate field `")
        .nth(1)
        .and_then(|r| r.split('`').next())
    {
        if let Some((l, c)) = second_key(text, line as usize, key) {
            (line, col) = (l, c);
        }
    }
    let span = Span::new(file, line + line_offset, col);
    let (message, hint) = advise(text, line as usize, &message, line_offset);
    Diagnostic::error(span, message).with_hint(hint)
}

/// A YAML error in the words of someone writing content: the usual
/// mistakes named with what to do, list positions counted from 1, and any
/// line number in the message counted in the file (the YAML may start
/// below a front-matter's `---`). `line` is the error's line in `text`.
fn advise(text: &str, line: usize, message: &str, line_offset: u32) -> (String, String) {
    let lines: Vec<&str> = text.lines().collect();
    // A `"` inside double-quoted text ends it early; the scanner then
    // trips over what follows, on that line or the next.
    let quoted = |l: &str| {
        let body = l.trim_start().trim_start_matches("- ");
        let value = body.split_once(": ").map_or(body, |(_, v)| v).trim_start();
        value.starts_with('"') && unescaped_quotes(value) > 2
    };
    let near = [line.checked_sub(1), line.checked_sub(2)];
    if near
        .iter()
        .flatten()
        .any(|&i| lines.get(i).is_some_and(|l| quoted(l)))
    {
        return (
            "this double-quoted text has a `\"` inside it, which ends the text early".into(),
            "write a quote mark inside double quotes as `\\\"`, or put the text in single \
             quotes instead ('...'), where a `'` is written twice (`''`)"
                .into(),
        );
    }
    let message = humane(message, line_offset);
    if message.contains(" as u128") || message.contains(" as i128") {
        let field = message.split(": ").next().unwrap_or("");
        return (
            format!("{field}: this number is too large to read"),
            "write it in a larger unit (billions rather than units), with the unit in `unit`"
                .into(),
        );
    }
    if let Some(rest) = message
        .split("expected f64")
        .next()
        .filter(|_| message.contains("expected f64"))
    {
        let value = rest
            .split('"')
            .nth(1)
            .map_or_else(String::new, |v| format!("`{v}` "));
        let field = message.split(": ").next().unwrap_or("").to_string();
        let message = format!("{field}: {value}is not a number");
        return (
            message,
            "write the number alone, such as `50` or `2.5`, without quotes: the unit goes in \
             `unit`, and a percentage is written `25` with `unit: \"%\"`"
                .into(),
        );
    }
    if let Some(field) = message
        .split("missing field `")
        .nth(1)
        .and_then(|r| r.split('`').next())
    {
        let choices = match field {
            "stance" => Some("`stance: supports`, `qualifies` or `disputes`"),
            "kind" => Some("`kind:` with one of the kinds docs/CONTENT.md lists for this file"),
            _ => None,
        };
        let hint = match choices {
            Some(c) => format!("add {c}"),
            None => format!("add `{field}:`; see docs/CONTENT.md for what each file needs"),
        };
        return (message, hint);
    }
    let hint = hint_for(&message).unwrap_or_default();
    (message, hint)
}

/// How many `"` in `text` are not escaped with a backslash.
fn unescaped_quotes(text: &str) -> usize {
    let mut count = 0;
    let mut escaped = false;
    for c in text.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => count += 1,
            _ => escaped = false,
        }
    }
    count
}

/// serde_yaml's message with list positions counted from 1 (`points[0]`
/// is `points, item 1`) and its line numbers counted in the file.
fn humane(message: &str, line_offset: u32) -> String {
    let mut out = String::with_capacity(message.len());
    // serde_yaml names the document's root `.`: `.[0].figure` is the first
    // item's figure.
    let mut rest = message.strip_prefix('.').unwrap_or(message);
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']').map(|c| open + c) else {
            break;
        };
        match rest[open + 1..close].parse::<usize>() {
            Ok(n) => {
                let before = &rest[..open];
                out.push_str(before);
                if !before.is_empty() && !before.ends_with(' ') {
                    out.push_str(", ");
                }
                out.push_str(&format!("item {}", n + 1));
                rest = &rest[close + 1..];
                if let Some(r) = rest.strip_prefix('.') {
                    out.push_str(", ");
                    rest = r;
                }
            }
            Err(_) => {
                out.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    let out = in_content_words(&out);
    if line_offset == 0 || !out.contains("line ") {
        return out;
    }
    // "at line 3 column 5" inside the message, counted in the YAML.
    let mut fixed = String::with_capacity(out.len());
    let mut parts = out.split("line ").peekable();
    if let Some(first) = parts.next() {
        fixed.push_str(first);
    }
    for part in parts {
        fixed.push_str("line ");
        let digits = part.bytes().take_while(u8::is_ascii_digit).count();
        match part[..digits].parse::<u32>() {
            Ok(n) => {
                fixed.push_str(&(n + line_offset).to_string());
                fixed.push_str(&part[digits..]);
            }
            Err(_) => fixed.push_str(part),
        }
    }
    fixed
}

/// serde's names for the shapes it wanted (`u64`, `a sequence`) in the
/// words of the content format.
fn in_content_words(message: &str) -> String {
    let mut out = message.to_string();
    for (rust, words) in [
        ("expected usize", "expected a whole number, 0 or more"),
        ("expected u64", "expected a whole number, 0 or more"),
        ("expected u32", "expected a whole number, 0 or more"),
        ("expected u16", "expected a whole number, 0 or more"),
        ("expected u8", "expected a whole number, 0 or more"),
        ("expected i64", "expected a whole number"),
        ("expected i32", "expected a whole number"),
        ("expected a sequence", "expected a list"),
        ("expected a string", "expected text"),
        ("expected a boolean", "expected true or false"),
        ("expected a map", "expected `key: value` lines"),
        ("invalid type: sequence", "invalid type: a list"),
        ("invalid type: map", "invalid type: `key: value` lines"),
    ] {
        if out.contains(rust) {
            out = out.replace(rust, words);
        }
    }
    out
}

/// The line and column of the second `key:` in the item starting at
/// 1-based line `from`.
fn second_key(text: &str, from: usize, key: &str) -> Option<(u32, u32)> {
    let mut seen = 0;
    for (i, line) in text.lines().enumerate().skip(from.saturating_sub(1)) {
        let trimmed = line.trim_start();
        if i + 1 > from && trimmed.starts_with("- ") {
            return None;
        }
        let body = trimmed.strip_prefix("- ").unwrap_or(trimmed);
        if body
            .strip_prefix(key)
            .is_some_and(|rest| rest.starts_with(':'))
        {
            seen += 1;
            if seen == 2 {
                let col = line.len() - body.len() + 1;
                return Some((i as u32 + 1, col as u32));
            }
        }
    }
    None
}

/// Turns serde's messages into advice.
fn hint_for(message: &str) -> Option<String> {
    if let Some(rest) = message.split("unknown field `").nth(1) {
        let unknown = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest.split('`').skip(1).filter(|s| is_word(s)).collect();
        return Some(suggest(unknown, expected.iter().copied(), || {
            format!(
                "remove it, or use one of the known fields: {}",
                expected.join(", ")
            )
        }));
    }
    if message.contains("missing field") {
        return Some("add the field; see docs/CONTENT.md for what each file needs".into());
    }
    if message.contains("duplicate field") {
        return Some("a field may appear once per item: remove one of them".into());
    }
    if message.contains("expected a whole number") {
        return Some("write a whole number alone, such as `200`, without quotes".into());
    }
    if message.contains("expected true or false") {
        return Some("write `true` or `false`, without quotes".into());
    }
    if message.contains("invalid type") {
        return Some("check the value's shape: a list is written [a, b] or as `- ` lines, text in quotes when it contains a colon".into());
    }
    if message.contains("found character that cannot start any token") {
        return Some(
            "YAML indentation must use spaces, not tabs; text with `@`, `` ` `` or `%` at its start needs quotes"
                .into(),
        );
    }
    // Anything else is a syntax error from the YAML scanner.
    Some(
        "fix the YAML on this line or the one before: indent with spaces, keep items of a list aligned, \
         and put text that contains `: ` or ` #` in double quotes"
            .into(),
    )
}

/// True when a YAML text holds nothing but blank lines and comments: an
/// empty list file is valid, though serde_yaml reads it as a null.
pub fn is_blank(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .all(|l| l.is_empty() || l.starts_with('#') || l == "---")
}

fn is_word(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Where the event walk is inside a collection.
enum Frame {
    Seq { path: String, index: usize },
    Map { path: String, key: Option<String> },
}

/// Walks the YAML events once: records where each node is, and measures
/// what the document would be with every alias expanded.
struct Recorder {
    stack: Vec<Frame>,
    nodes: HashMap<String, (u32, u32)>,
    /// Bytes the document holds with aliases expanded: every scalar's
    /// length plus one, one for every collection, and for an alias what
    /// its anchor held.
    expanded: u64,
    limit: u64,
    /// Where `expanded` first went past `limit`.
    over_limit: Option<(u32, u32)>,
    /// The expanded size of each anchor, by the parser's anchor id.
    anchors: HashMap<usize, u64>,
    /// For each open collection: its anchor id (0 for none) and
    /// `expanded` when it opened.
    open: Vec<(usize, u64)>,
    documents: u32,
    second_document: Option<(u32, u32)>,
    first_alias: Option<(u32, u32)>,
    /// Where the nesting first went past [`MAX_DEPTH`]; positions are not
    /// recorded below it.
    too_deep: Option<(u32, u32)>,
}

impl Recorder {
    fn new(limit: u64) -> Recorder {
        Recorder {
            stack: Vec::new(),
            nodes: HashMap::new(),
            expanded: 0,
            limit,
            over_limit: None,
            anchors: HashMap::new(),
            open: Vec::new(),
            documents: 0,
            second_document: None,
            first_alias: None,
            too_deep: None,
        }
    }

    fn grow(&mut self, by: u64, pos: (u32, u32)) {
        self.expanded = self.expanded.saturating_add(by);
        if self.expanded > self.limit && self.over_limit.is_none() {
            self.over_limit = Some(pos);
        }
    }

    /// Measures one event for the expanded size.
    fn measure(&mut self, ev: &Event, pos: (u32, u32)) {
        match ev {
            Event::Scalar(value, _, anchor, _) => {
                let size = value.len() as u64 + 1;
                if *anchor != 0 {
                    self.anchors.insert(*anchor, size);
                }
                self.grow(size, pos);
            }
            Event::Alias(anchor) => {
                self.first_alias.get_or_insert(pos);
                let size = self.anchors.get(anchor).copied().unwrap_or(1);
                self.grow(size, pos);
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                self.open.push((*anchor, self.expanded));
                self.grow(1, pos);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((anchor, before)) = self.open.pop() {
                    if anchor != 0 {
                        self.anchors.insert(anchor, self.expanded - before);
                    }
                }
            }
            Event::DocumentStart => {
                self.documents += 1;
                if self.documents == 2 {
                    self.second_document = Some(pos);
                }
            }
            _ => {}
        }
    }

    /// The path of the node starting now, or `None` when it is a mapping key
    /// (which is remembered as the current key instead).
    fn node_path(&mut self, ev: &Event) -> Option<String> {
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Seq { path, index }) => {
                let p = format!("{path}/{index}");
                *index += 1;
                Some(p)
            }
            Some(Frame::Map { path, key }) => match key.take() {
                Some(k) => Some(format!("{path}/{k}")),
                None => {
                    *key = Some(match ev {
                        Event::Scalar(s, ..) => s.clone(),
                        _ => "?".into(),
                    });
                    None
                }
            },
        }
    }
}

impl Recorder {
    fn event(&mut self, ev: Event, mark: Marker) {
        let pos = (mark.line() as u32, mark.col() as u32 + 1);
        self.measure(&ev, pos);
        if self.documents > 1 {
            // Positions are of the first document only.
            return;
        }
        if self.open.len() > MAX_DEPTH {
            self.too_deep.get_or_insert(pos);
            return;
        }
        match ev {
            Event::Scalar(..) | Event::Alias(..) => {
                if let Some(path) = self.node_path(&ev) {
                    self.nodes.entry(path).or_insert(pos);
                }
            }
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                let path = self.node_path(&ev).unwrap_or_default();
                self.nodes.entry(path.clone()).or_insert(pos);
                self.stack.push(if matches!(ev, Event::SequenceStart(..)) {
                    Frame::Seq { path, index: 0 }
                } else {
                    Frame::Map { path, key: None }
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

/// A scalar read as text whatever YAML made of it: `2026` is an integer to
/// YAML but a year to us, and `unknown` a string.
#[derive(Debug, Clone)]
pub struct Scalar(pub String);

impl<'de> serde::Deserialize<'de> for Scalar {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Scalar, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a single value such as 2026-06-18, 2026-Q2 or 2026")
            }
            fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Files;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        id: String,
        #[serde(default)]
        tags: Vec<String>,
    }

    fn file() -> FileId {
        Files::default().add("x.yaml", String::new())
    }

    #[test]
    fn records_positions_of_nested_nodes() {
        let text = "- id: a\n  tags: [x, y]\n- id: b\n  tags:\n    - z\n";
        let (items, pos) = parse::<Vec<Item>>(text, file(), 1).unwrap();
        assert_eq!(items.len(), 2);
        let at = |p: &str| {
            let s = pos.span(p);
            (s.line, s.col)
        };
        assert_eq!(at("/0/id"), (1, 7));
        assert_eq!(at("/0/tags/1"), (2, 13));
        assert_eq!(at("/1/tags/0"), (5, 7));
        // An absent node falls back to its parent.
        assert_eq!(at("/1/missing").0, 3);
    }

    #[test]
    fn shapes_are_named_in_the_content_formats_words() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Counted {
            rows: u64,
            on: bool,
        }
        let err = parse::<Vec<Counted>>("- rows: -1\n  on: true\n", file(), 1).unwrap_err();
        assert_eq!(
            err.message,
            "item 1, rows: invalid type: integer `-1`, expected a whole number, 0 or more"
        );
        assert!(err.hint.unwrap().contains("whole number"));
        let err = parse::<Vec<Counted>>("- rows: 2\n  on: [1]\n", file(), 1).unwrap_err();
        assert_eq!(
            err.message,
            "item 1, on: invalid type: a list, expected true or false"
        );
        let err = parse::<Vec<Item>>("- id: a\n  tags: x\n", file(), 1).unwrap_err();
        assert!(err.message.contains("expected a list"), "{}", err.message);
        assert!(!err.message.starts_with('.'), "{}", err.message);
    }

    #[test]
    fn front_matter_offset_moves_every_line() {
        let (_, pos) = parse::<Vec<Item>>("- id: a\n", file(), 5).unwrap();
        assert_eq!(pos.span("/0/id").line, 5);
        let err = parse::<Vec<Item>>("- id: a\n  idd: b\n", file(), 5).unwrap_err();
        assert_eq!(err.span.unwrap().line, 6);
        assert!(
            err.message.contains("unknown field `idd`"),
            "{}",
            err.message
        );
        assert_eq!(err.hint.as_deref(), Some("did you mean `id`?"));
    }

    #[test]
    fn an_alias_that_fans_a_large_anchor_out_is_refused_where_it_crosses() {
        let big = "x".repeat(64 * 1024);
        let refs = vec!["*big"; 100].join(", ");
        let text = format!("- id: a\n  tags: [&big \"{big}\"]\n- id: b\n  tags: [{refs}]\n");
        let err = parse::<Vec<Item>>(&text, file(), 1).unwrap_err();
        assert!(err.message.contains("would expand"), "{}", err.message);
        assert_eq!(err.span.unwrap().line, 4);
        // Small values may be repeated freely.
        let text = "- id: a\n  tags: &t [x, y]\n- id: b\n  tags: *t\n";
        assert!(parse::<Vec<Item>>(text, file(), 1).is_ok());
    }

    #[test]
    fn deep_nesting_is_refused_before_its_paths_are_kept() {
        let text = format!("- id: a\n  tags: {}x{}\n", "[".repeat(200), "]".repeat(200));
        let err = parse::<Vec<Item>>(&text, file(), 1).unwrap_err();
        assert!(
            err.message.contains("nested more than 64"),
            "{}",
            err.message
        );
        let text = format!("- id: a\n- {}x\n", "- ".repeat(100_000));
        let err = parse::<Vec<Item>>(&text, file(), 1).unwrap_err();
        assert!(
            err.message.contains("nested more than 64"),
            "{}",
            err.message
        );
    }

    #[test]
    fn an_alias_bomb_is_refused_even_when_the_text_breaks_later() {
        let big = "x".repeat(64 * 1024);
        let refs = vec!["*big"; 100].join(", ");
        let text = format!(
            "- id: a\n  tags: [&big \"{big}\"]\n- id: b\n  tags: [{refs}]\n- id: c\n  tags: [\"unclosed\n"
        );
        let err = parse::<Vec<Item>>(&text, file(), 1).unwrap_err();
        assert!(err.message.contains("would expand"), "{}", err.message);
    }

    #[test]
    fn a_second_document_is_reported_at_its_start() {
        let err = parse::<Vec<Item>>("- id: a\n---\n- id: b\n", file(), 3).unwrap_err();
        assert_eq!(err.span.unwrap().line, 4, "{err:?}");
        assert!(
            err.message.contains("second YAML document"),
            "{}",
            err.message
        );
    }

    #[test]
    fn syntax_errors_point_at_their_line() {
        let err = parse::<Vec<Item>>("- id: a\n- id: [b\n", file(), 1).unwrap_err();
        assert!(err.span.unwrap().line >= 2, "{err:?}");
    }
}
