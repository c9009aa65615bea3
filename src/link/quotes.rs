//! Quote verification: is each quote really in its source's original text?
//!
//! Quotes are compared after folding the differences that copying text
//! introduces without changing its words: runs of white space, curly versus
//! straight quotes, and the various dashes. Everything else (letters, case,
//! punctuation) must match exactly.

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
        let line = self.line_at(self.origin[offset] as usize);
        Some(Found { offset, line })
    }

    /// The 1-based line of the original that byte `at` is on.
    fn line_at(&self, at: usize) -> usize {
        self.original[..at].bytes().filter(|&b| b == b'\n').count() + 1
    }

    /// The original's bytes `from..to` as a passage is shown: its white
    /// space made single spaces, with the line it starts on.
    fn shown(&self, from: usize, to: usize, similarity: f64) -> Closest {
        Closest {
            passage: self.original[from..to]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            line: self.line_at(from),
            similarity,
        }
    }

    /// The passage of the original most like `quote`, to show beside a
    /// failed match (see [`Haystack::candidates`]), when it is at all
    /// like it.
    pub fn closest(&self, quote: &str) -> Option<Closest> {
        self.candidates(quote)
            .into_iter()
            .next()
            .filter(|c| c.similarity > 0.4)
    }

    /// The passages of the original most like `words`, best first: each
    /// a window of the words' length starting at a word, widened to the
    /// end of its last word, with how alike it is (0 to 1, by edit
    /// distance of the folded texts). Windows that overlap a better one
    /// are left out.
    ///
    /// Edit distance is quadratic in the quote's length, so it is not
    /// computed at every word of the original (that took minutes for a
    /// long quote in a long original). A linear pass first scores every
    /// window by how many of the quote's three-byte runs it holds, and only
    /// the few best windows are compared in full.
    pub fn candidates(&self, words: &str) -> Vec<Closest> {
        const CANDIDATES: usize = 8;
        let folded = fold(words.trim());
        // The load stage refuses longer quotes; this keeps the bound here.
        let needle = match folded.char_indices().nth(MAX_NEEDLE_CHARS) {
            Some((end, _)) => &folded[..end],
            None => folded.as_str(),
        };
        let (hay, n) = (self.folded.as_bytes(), needle.as_bytes());
        if n.len() < 3 || hay.len() < n.len() {
            return Vec::new();
        }
        let width = n.len();
        let mut grams = Trigrams::default();
        for w in n.windows(3) {
            grams.insert(w);
        }
        let hit = |i: usize| usize::from(grams.contains(&hay[i..i + 3]));
        // Hits among the trigrams starting in [start, start + width - 2).
        let span = width - 2;
        let mut score: usize = (0..span).map(hit).sum();
        let mut best: Vec<(usize, usize)> = Vec::with_capacity(CANDIDATES + 1);
        for start in 0..=hay.len() - width {
            if start > 0 {
                score = score - hit(start - 1) + hit(start + span - 1);
                if hay[start - 1] != b' ' {
                    continue;
                }
            }
            if best.len() < CANDIDATES || score > best[best.len() - 1].0 {
                let at = best.partition_point(|&(s, _)| s >= score);
                best.insert(at, (score, start));
                best.truncate(CANDIDATES);
            }
        }
        let window = |start: usize| {
            let mut end = start + width;
            while !self.folded.is_char_boundary(end) {
                end -= 1;
            }
            &self.folded[start..end]
        };
        let mut scored: Vec<(f64, usize)> = best
            .iter()
            .map(|&(_, start)| (strsim::normalized_levenshtein(needle, window(start)), start))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut kept: Vec<(f64, usize)> = Vec::new();
        for (similarity, start) in scored {
            if kept.iter().all(|&(_, s)| s.abs_diff(start) >= width) {
                kept.push((similarity, start));
            }
        }
        // How alike is said of the passage as shown, whole words and all.
        let mut out: Vec<Closest> = kept
            .into_iter()
            .map(|(_, start)| {
                let mut c = self.passage(start, start + window(start).len(), 0.0);
                c.similarity = strsim::normalized_levenshtein(needle, &fold(&c.passage));
                c
            })
            .collect();
        out.sort_by(|a, b| {
            b.similarity
                .total_cmp(&a.similarity)
                .then(a.line.cmp(&b.line))
        });
        out
    }

    /// The original's text behind the folded bytes `start..end`, its
    /// white space made single spaces, widened to the end of a word cut
    /// off (not over punctuation after it, which a quote may lack).
    fn passage(&self, start: usize, end: usize, similarity: f64) -> Closest {
        let from = self.origin[start] as usize;
        let mut to = self
            .origin
            .get(end)
            .map_or(self.original.len(), |&o| o as usize);
        while to < self.original.len() {
            let c = self.original[to..].chars().next().unwrap_or(' ');
            if !c.is_alphanumeric() {
                break;
            }
            to += c.len_utf8();
        }
        self.shown(from, to, similarity)
    }

    /// The passages of the original whose words are most like `words`,
    /// best first: for finding a passage from a paraphrase, where words
    /// are changed, added or dropped. Words are compared folded and
    /// without case or the punctuation around them, each weighted by how
    /// rare it is in the original (so "buyers" counts for more than
    /// "the"); a passage's likeness is the balance (F1) of the share of
    /// the words' weight it holds and the share of its own weight that is
    /// theirs. Passages of a few words more or fewer than `words` are
    /// tried; ones that overlap a better one are left out.
    pub fn passages_like(&self, words: &str) -> Vec<Closest> {
        let key = |w: &str| -> String {
            fold(w)
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        };
        let wanted: Vec<String> = words
            .split_whitespace()
            .map(key)
            .filter(|k| !k.is_empty())
            .collect();
        if wanted.is_empty() {
            return Vec::new();
        }
        // The original's words, with where each starts and ends.
        let mut spans: Vec<(usize, usize)> = Vec::new();
        let mut keys: Vec<String> = Vec::new();
        let mut at = 0;
        for piece in self.original.split_inclusive(char::is_whitespace) {
            let word = piece.trim_end();
            let k = key(word);
            if !k.is_empty() {
                spans.push((at, at + word.len()));
                keys.push(k);
            }
            at += piece.len();
        }
        // Each distinct word as a number, the wanted words' after the
        // original's.
        let mut ids: std::collections::HashMap<&str, usize> = Default::default();
        let doc: Vec<usize> = keys
            .iter()
            .map(|k| {
                let next = ids.len();
                *ids.entry(k.as_str()).or_insert(next)
            })
            .collect();
        let want: Vec<usize> = wanted
            .iter()
            .map(|k| {
                let next = ids.len();
                *ids.entry(k.as_str()).or_insert(next)
            })
            .collect();
        let mut count = vec![0usize; ids.len()];
        for &w in &doc {
            count[w] += 1;
        }
        let total = doc.len().max(1) as f64;
        let weight: Vec<f64> = count
            .iter()
            .map(|&c| (1.0 + total / c.max(1) as f64).ln())
            .collect();
        let mut need = vec![0usize; ids.len()];
        for &w in &want {
            need[w] += 1;
        }
        let wanted_weight: f64 = want.iter().map(|&w| weight[w]).sum();
        let n = want.len();
        let mut scored: Vec<(f64, usize, usize)> = Vec::new();
        for len in n.saturating_sub(2).max(1)..=n + 3 {
            if len > doc.len() {
                break;
            }
            // A sliding window of `len` words: how many of each wanted
            // word it holds, the weight of those (up to the number
            // wanted), and the weight of all its words.
            let mut held = vec![0usize; ids.len()];
            let (mut common, mut own) = (0.0f64, 0.0f64);
            for (i, &w) in doc.iter().enumerate() {
                own += weight[w];
                held[w] += 1;
                if held[w] <= need[w] {
                    common += weight[w];
                }
                if i >= len {
                    let gone = doc[i - len];
                    own -= weight[gone];
                    if held[gone] <= need[gone] {
                        common -= weight[gone];
                    }
                    held[gone] -= 1;
                }
                if i + 1 >= len && common > 1e-9 {
                    let (recall, precision) = (common / wanted_weight, common / own.max(1e-9));
                    let f1 = 2.0 * recall * precision / (recall + precision);
                    scored.push((f1, i + 1 - len, i));
                }
            }
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut kept: Vec<(f64, usize, usize)> = Vec::new();
        for (score, first, last) in scored {
            if kept.len() == 5 {
                break;
            }
            if kept.iter().all(|&(_, f, l)| last < f || first > l) {
                kept.push((score, first, last));
            }
        }
        kept.into_iter()
            .map(|(score, first, last)| {
                let mut c = self.shown(spans[first].0, spans[last].1, score);
                // A comma or colon after the last word is the sentence
                // going on, not part of the passage.
                c.passage
                    .truncate(c.passage.trim_end_matches([',', ';', ':']).len());
                c
            })
            .collect()
    }
}

/// A passage of an original like some words (a quote that is not in it,
/// or words looked for).
#[derive(Debug, Clone, PartialEq)]
pub struct Closest {
    /// As the original writes it, white space made single spaces.
    pub passage: String,
    /// 1-based line in the original where it starts.
    pub line: usize,
    /// How alike, 0 to 1.
    pub similarity: f64,
}

/// Why a quote is not its closest passage, for the error that says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Miss {
    /// The quote, the words the passage lacks in `[brackets]`.
    pub quote: String,
    /// The passage, the words the quote lacks in `[brackets]`.
    pub passage: String,
    /// What the difference is, when it is one of the usual ones.
    pub cause: Option<&'static str>,
}

/// Compares a quote with its closest passage word by word.
pub fn miss(quote: &str, passage: &str) -> Miss {
    let q: Vec<&str> = quote.split_whitespace().collect();
    let p: Vec<&str> = passage.split_whitespace().collect();
    let (in_q, in_p) = common_words(&q, &p);
    let mark = |words: &[&str], kept: &[bool]| {
        let mut out = String::new();
        let mut i = 0;
        while i < words.len() {
            if !out.is_empty() {
                out.push(' ');
            }
            if kept[i] {
                out.push_str(words[i]);
                i += 1;
            } else {
                // A run of differing words in one pair of brackets.
                let start = i;
                while i < words.len() && !kept[i] {
                    i += 1;
                }
                out.push('[');
                out.push_str(&words[start..i].join(" "));
                out.push(']');
            }
        }
        out
    };
    let cut = |t: &str| t.contains("...") || t.contains('\u{2026}');
    let bare = |t: &str| -> String {
        fold(t)
            .chars()
            .filter(|c| c.is_alphanumeric() || c.is_whitespace())
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let cause = if cut(quote) && !cut(passage) {
        Some(
            "the quote leaves words out with `...` or `…`, which the original does not have: a \
             quote is one unbroken passage; quote the parts as two annotations, or the whole \
             passage",
        )
    } else if bare(quote) == bare(passage) {
        Some("only the punctuation differs: copy it from the original as it stands")
    } else if bare(quote).to_lowercase() == bare(passage).to_lowercase() {
        Some("only capital letters differ: copy them from the original as they stand")
    } else {
        None
    };
    Miss {
        quote: mark(&q, &in_q),
        passage: mark(&p, &in_p),
        cause,
    }
}

/// Which words of `a` and of `b` are in their longest common run of words
/// (compared folded), as two lists of flags.
fn common_words(a: &[&str], b: &[&str]) -> (Vec<bool>, Vec<bool>) {
    let (fa, fb): (Vec<String>, Vec<String>) = (
        a.iter().map(|w| fold(w)).collect(),
        b.iter().map(|w| fold(w)).collect(),
    );
    // Longest common subsequence, by dynamic programming: quotes are at
    // most a few hundred words.
    let (n, m) = (a.len(), b.len());
    let mut table = vec![vec![0u16; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[i][j] = if fa[i] == fb[j] {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    let (mut in_a, mut in_b) = (vec![false; n], vec![false; m]);
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if fa[i] == fb[j] {
            in_a[i] = true;
            in_b[j] = true;
            i += 1;
            j += 1;
        } else if table[i + 1][j] >= table[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    (in_a, in_b)
}

/// The longest quote the closest-passage search reads.
const MAX_NEEDLE_CHARS: usize = crate::load::MAX_QUOTE_CHARS;

/// A set of three-byte runs, as a bitmap of all 2^24 of them: a constant
/// time test for each byte of a long original.
struct Trigrams(Vec<u64>);

impl Default for Trigrams {
    fn default() -> Trigrams {
        Trigrams(vec![0; (1 << 24) / 64])
    }
}

impl Trigrams {
    fn key(w: &[u8]) -> usize {
        (usize::from(w[0]) << 16) | (usize::from(w[1]) << 8) | usize::from(w[2])
    }

    fn insert(&mut self, w: &[u8]) {
        let k = Self::key(w);
        self.0[k / 64] |= 1 << (k % 64);
    }

    fn contains(&self, w: &[u8]) -> bool {
        let k = Self::key(w);
        self.0[k / 64] & (1 << (k % 64)) != 0
    }
}

/// SHA-256 of a quote's folded text: the lock's key for a quote.
pub fn quote_hash(quote: &str) -> crate::model::Sha256 {
    crate::model::Sha256::of(fold(quote.trim()).as_bytes())
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
    fn closest_passage_is_shown_for_a_near_miss_in_whole_words() {
        let hay = Haystack::new("Sales reached $50\nbillion last year, the letter said.");
        let near = hay.closest("reached $5 billion last").unwrap();
        assert_eq!(near.passage, "reached $50 billion last");
        assert_eq!(near.line, 1);
        assert_eq!(hay.closest("zzzzzzzz qqqqqq"), None);
        assert_eq!(
            hay.closest("the leter said").map(|c| c.passage).as_deref(),
            Some("the letter said")
        );
    }

    #[test]
    fn a_miss_marks_the_words_that_differ_and_names_the_usual_causes() {
        let m = miss(
            "Amazon has tripled its capacity",
            "Amazon has doubled its capacity",
        );
        assert_eq!(m.quote, "Amazon has [tripled] its capacity");
        assert_eq!(m.passage, "Amazon has [doubled] its capacity");
        assert_eq!(m.cause, None);
        let m = miss(
            "sold out ... for next year",
            "sold out almost at once for next year",
        );
        assert_eq!(m.quote, "sold out [...] for next year");
        assert_eq!(m.passage, "sold out [almost at once] for next year");
        assert!(m.cause.unwrap().contains("`...`"));
        let m = miss("chips, they said", "chips they said.");
        assert!(m.cause.unwrap().contains("punctuation"));
        let m = miss("Chips they said", "chips they said");
        assert!(m.cause.unwrap().contains("capital"));
        // Curly and straight quotes are the same word.
        let m = miss("the \u{201C}merchant\u{201D} push", "the \"merchant\" push");
        assert_eq!(m.quote, "the \u{201C}merchant\u{201D} push");
    }

    #[test]
    fn a_long_quote_that_misses_a_long_original_is_answered_quickly() {
        // A guard against a blow-up, not a benchmark: linear filtering
        // answers in well under a second; edit distance at every word of
        // the original took minutes.
        let original = "lorem ipsum dolor sit amet consectetur ".repeat(50_000);
        let quote = "lorem ipsum dolor sit amet quux ".repeat(30);
        let hay = Haystack::new(&original);
        let started = std::time::Instant::now();
        let near = hay.closest(&quote).expect("a near passage").passage;
        assert!(near.starts_with("lorem ipsum dolor sit amet"), "{near}");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn hash_is_of_the_folded_text() {
        assert_eq!(quote_hash("a \u{2014} b"), quote_hash(" a   - b "));
        assert_ne!(quote_hash("a b"), quote_hash("a c"));
    }
}
