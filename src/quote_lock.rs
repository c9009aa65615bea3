//! The format of `content/quotes.lock`.
//!
//! Originals are often private or copyrighted, so a public clone of a
//! briefing does not have them. A build that could verify quotes against the
//! originals records, per quote, a hash of the quote, the original's SHA-256,
//! where the quote was found and when; a later build without the originals
//! trusts an entry while the quote's text is unchanged. The file is JSON with
//! one quote per entry in a stable order, so its diffs are readable.

use crate::model::{Date, LockedQuote, Sha256};
use serde::{Deserialize, Serialize};

const VERSION: u32 = 1;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LockFile {
    version: u32,
    #[serde(default)]
    quotes: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    source: String,
    original: String,
    /// How the quote's text was taken from the original, when it was not
    /// read as plain text (an HTML page's article, say, by a named
    /// extractor and version).
    #[serde(default)]
    extractor: Option<String>,
    original_sha256: String,
    quote_sha256: String,
    offset: usize,
    line: usize,
    verified: String,
}

/// [`LockFile`] as written, borrowing from the entries.
#[derive(Serialize)]
struct LockFileRef<'a> {
    version: u32,
    quotes: Vec<EntryRef<'a>>,
}

/// [`Entry`] as written: the same fields, in the same order.
#[derive(Serialize)]
struct EntryRef<'a> {
    source: &'a str,
    original: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    extractor: Option<&'a str>,
    original_sha256: Hex<'a>,
    quote_sha256: Hex<'a>,
    offset: usize,
    line: usize,
    verified: String,
}

/// A digest written as hex, straight into the output.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Hex<'a>(&'a Sha256);

impl Serialize for Hex<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self.0)
    }
}

/// A malformed lock file: where, and what.
#[derive(Debug)]
pub struct LockError {
    pub line: u32,
    pub col: u32,
    pub message: String,
}

pub fn parse(text: &str) -> Result<Vec<LockedQuote>, LockError> {
    let file: LockFile = serde_json::from_str(text).map_err(|e| LockError {
        line: e.line() as u32,
        col: e.column() as u32,
        message: format!("quotes.lock is not readable: {e}"),
    })?;
    if file.version != VERSION {
        return Err(LockError {
            line: 1,
            col: 1,
            message: format!(
                "quotes.lock has version {}, this build reads version {VERSION}",
                file.version
            ),
        });
    }
    file.quotes
        .into_iter()
        .map(|e| {
            // serde_json has no positions left for values: the line is
            // found by the value itself.
            let bad = |value: &str, what: &str| LockError {
                line: crate::diagnostics::line_of(text, &format!("\"{value}\"")),
                col: 1,
                message: format!("quotes.lock: `{value}` is not {what}"),
            };
            let verified = Date::parse(&e.verified).ok_or_else(|| bad(&e.verified, "a date"))?;
            let digest = |hex: &str| {
                Sha256::from_hex(hex).ok_or_else(|| bad(hex, "a SHA-256 digest in hex"))
            };
            Ok(LockedQuote {
                original_sha256: digest(&e.original_sha256)?,
                quote_sha256: digest(&e.quote_sha256)?,
                source: e.source,
                original: e.original,
                extractor: e.extractor,
                offset: e.offset,
                line: e.line,
                verified,
            })
        })
        .collect()
}

/// The lock file's text for `quotes`, in a stable order.
pub fn serialize(quotes: &[LockedQuote]) -> String {
    // Borrowed, not cloned: a large briefing's lock has 50,000 entries.
    let mut entries: Vec<EntryRef> = quotes
        .iter()
        .map(|q| EntryRef {
            source: &q.source,
            original: &q.original,
            extractor: q.extractor.as_deref(),
            original_sha256: Hex(&q.original_sha256),
            quote_sha256: Hex(&q.quote_sha256),
            offset: q.offset,
            line: q.line,
            verified: q.verified.iso(),
        })
        .collect();
    entries.sort_by(|a, b| {
        (a.source, a.offset, &a.quote_sha256).cmp(&(b.source, b.offset, &b.quote_sha256))
    });
    entries.dedup_by(|a, b| a.source == b.source && a.quote_sha256 == b.quote_sha256);
    let file = LockFileRef {
        version: VERSION,
        quotes: entries,
    };
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> LockedQuote {
        LockedQuote {
            source: "s".into(),
            original: "o.txt".into(),
            extractor: None,
            original_sha256: Sha256::of(b"the original"),
            quote_sha256: Sha256::of(b"the quote"),
            offset: 3,
            line: 1,
            verified: Date::parse("2026-11-23").unwrap(),
        }
    }

    #[test]
    fn an_extractor_is_written_only_when_there_is_one() {
        let plain = serialize(&[entry()]);
        assert!(!plain.contains("extractor"), "{plain}");
        let mut q = entry();
        q.extractor = Some("html article, x 1".into());
        let text = serialize(std::slice::from_ref(&q));
        assert!(
            text.contains("\"extractor\": \"html article, x 1\""),
            "{text}"
        );
        assert_eq!(parse(&text).unwrap(), vec![q]);
    }

    #[test]
    fn round_trips() {
        let q = entry();
        let text = serialize(std::slice::from_ref(&q));
        assert_eq!(parse(&text).unwrap(), vec![q]);
    }

    #[test]
    fn a_digest_that_is_not_one_names_its_line() {
        let q = entry();
        let text =
            serialize(std::slice::from_ref(&q)).replace(&q.quote_sha256.to_string(), "not-hex");
        let err = parse(&text).unwrap_err();
        assert!(
            err.message.contains("`not-hex` is not a SHA-256 digest"),
            "{}",
            err.message
        );
        assert_eq!(err.line, 8, "{text}");
    }

    #[test]
    fn malformed_lock_names_its_line() {
        let err = parse("{\n  \"version\": 1,\n  \"quotes\": [ nope ]\n}").unwrap_err();
        assert_eq!(err.line, 3);
    }
}
