//! The format of `content/quotes.lock`.
//!
//! Originals are often private or copyrighted, so a public clone of a
//! briefing does not have them. A build that could verify quotes against the
//! originals records, per quote, a hash of the quote, the original's SHA-256,
//! where the quote was found and when; a later build without the originals
//! trusts an entry while the quote's text is unchanged. The file is JSON with
//! one quote per entry in a stable order, so its diffs are readable.

use crate::model::{Date, LockedQuote};
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
    original_sha256: &'a str,
    quote_sha256: &'a str,
    offset: usize,
    line: usize,
    verified: String,
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
            let verified = Date::parse(&e.verified).ok_or_else(|| LockError {
                line: 1,
                col: 1,
                message: format!("quotes.lock: `{}` is not a date", e.verified),
            })?;
            Ok(LockedQuote {
                source: e.source,
                original: e.original,
                original_sha256: e.original_sha256,
                quote_sha256: e.quote_sha256,
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
            original_sha256: &q.original_sha256,
            quote_sha256: &q.quote_sha256,
            offset: q.offset,
            line: q.line,
            verified: q.verified.iso(),
        })
        .collect();
    entries.sort_by(|a, b| {
        (a.source, a.offset, a.quote_sha256).cmp(&(b.source, b.offset, b.quote_sha256))
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

    #[test]
    fn round_trips() {
        let q = LockedQuote {
            source: "s".into(),
            original: "o.txt".into(),
            original_sha256: "ab".into(),
            quote_sha256: "cd".into(),
            offset: 3,
            line: 1,
            verified: Date::parse("2026-11-23").unwrap(),
        };
        let text = serialize(std::slice::from_ref(&q));
        assert_eq!(parse(&text).unwrap(), vec![q]);
    }

    #[test]
    fn malformed_lock_names_its_line() {
        let err = parse("{\n  \"version\": 1,\n  \"quotes\": [ nope ]\n}").unwrap_err();
        assert_eq!(err.line, 3);
    }
}
