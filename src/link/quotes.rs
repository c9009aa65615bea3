//! Quote verification: is each quote really in its source's original text?
//!
//! Quotes are compared after folding the differences that copying text
//! introduces without changing its words: runs of white space, curly versus
//! straight quotes, and the various dashes. Everything else (letters, case,
//! punctuation) must match exactly.

use sha2::{Digest, Sha256};

/// Folds `text` for comparison.
pub fn fold(text: &str) -> String {
    folded_chars(text).map(|(c, _)| c).collect()
}

/// The folded characters of `text`, each with the byte offset in `text` of
/// the character it came from. White space at the start is dropped and runs
/// of it become one space.
fn folded_chars(text: &str) -> impl Iterator<Item = (char, usize)> + '_ {
    let mut last_space = true;
    text.char_indices().filter_map(move |(i, c)| {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
            | '\u{2212}' => '-',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' {
            if last_space {
                return None;
            }
            last_space = true;
        } else {
            last_space = false;
        }
        Some((c, i))
    })
}

/// An original text prepared for searching.
pub struct Haystack<'a> {
    original: &'a str,
    folded: String,
    /// For each byte of `folded`, the byte offset in the original of the
    /// character it came from (only char-boundary entries are read).
    origin: Vec<u32>,
}

/// Where a quote was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// Byte offset in the folded text.
    pub offset: usize,
    /// 1-based line in the original.
    pub line: usize,
}

impl<'a> Haystack<'a> {
    pub fn new(original: &'a str) -> Haystack<'a> {
        let mut folded = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len());
        for (c, at) in folded_chars(original) {
            let before = folded.len();
            folded.push(c);
            origin.extend(std::iter::repeat_n(at as u32, folded.len() - before));
        }
        Haystack {
            original,
            folded,
            origin,
        }
    }

    pub fn find(&self, quote: &str) -> Option<Found> {
        let needle = fold(quote.trim());
        if needle.is_empty() {
            return None;
        }
        let offset = self.folded.find(&needle)?;
        let at = self.origin[offset] as usize;
        let line = self.original[..at].bytes().filter(|&b| b == b'\n').count() + 1;
        Some(Found { offset, line })
    }

    /// The passage of the original most like `quote`, to show beside a
    /// failed match: the window of the quote's length, starting at a word,
    /// with the smallest edit distance.
    pub fn closest(&self, quote: &str) -> Option<String> {
        let needle: Vec<char> = fold(quote.trim()).chars().collect();
        if needle.is_empty() {
            return None;
        }
        // Bound the work on huge originals: suggestions are a courtesy.
        let chars: Vec<char> = self.folded.chars().take(400_000).collect();
        let width = needle.len().min(chars.len());
        let needle_text: String = needle.iter().collect();
        let mut best: Option<(f64, usize)> = None;
        for start in 0..chars.len().saturating_sub(width) + 1 {
            if start > 0 && chars[start - 1] != ' ' {
                continue;
            }
            let window: String = chars[start..start + width].iter().collect();
            let score = strsim::normalized_levenshtein(&needle_text, &window);
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, start));
            }
        }
        let (score, start) = best?;
        (score > 0.4).then(|| chars[start..start + width].iter().collect())
    }
}

/// Hex SHA-256 of a quote's folded text: the lock's key for a quote.
pub fn quote_hash(quote: &str) -> String {
    crate::load::hex(&Sha256::digest(fold(quote.trim()).as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_spacing_quotes_and_dashes_only() {
        assert_eq!(
            fold("  \u{201C}A\u{2014}b\u{2019}s\u{201D}\n\t  c "),
            "\"A-b's\" c "
        );
        let hay = Haystack::new(
            "He said:\n\u{201C}it is a\u{00A0}\u{2018}potential\u{2019}\n  opportunity\u{201D}.",
        );
        let found = hay.find("\"it is a 'potential' opportunity\"").unwrap();
        assert_eq!(found.line, 2);
        assert!(
            hay.find("It is a 'potential' opportunity").is_none(),
            "case matters"
        );
        assert!(
            hay.find("it is a potential opportunity").is_none(),
            "punctuation matters"
        );
    }

    #[test]
    fn closest_passage_is_shown_for_a_near_miss() {
        let hay = Haystack::new("Sales reached $50 billion last year, the letter said.");
        assert_eq!(
            hay.closest("reached $5 billion last").as_deref(),
            Some("reached $50 billion las")
        );
        assert_eq!(hay.closest("zzzzzzzz qqqqqq"), None);
    }

    #[test]
    fn hash_is_of_the_folded_text() {
        assert_eq!(quote_hash("a \u{2014} b"), quote_hash(" a   - b "));
        assert_ne!(quote_hash("a b"), quote_hash("a c"));
    }
}
