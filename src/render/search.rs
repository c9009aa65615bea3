//! The search index: every claim, source, entity, event, case point and
//! page as a small record, written as a script that sets one global.
//!
//! A script, not a JSON file fetched at run time, because browsers refuse
//! `fetch` for pages opened from disk; like mdBook's index, a script loads
//! the same way from `file://` and from any host. The matching itself is in
//! `assets/search.js`.

use super::context::{CaseView, ClaimRow, EntityRow, EventView, PageRef, SourceRow, Views};
use super::hashed;
use crate::link::{ClaimIx, EntityIx, EventIx, Graph, SourceIx};
use crate::model::prose::readable;
use crate::model::SitePath;
use rayon::prelude::*;
use serde::Serialize;

/// Longest text kept per record: enough to match on and show a snippet,
/// small enough that a big briefing's index stays light.
const MAX_TEXT: usize = 400;

/// One thing the search finds.
#[derive(Serialize, Clone)]
pub struct Record {
    /// Kind: claim, source, entity, event, point, page.
    k: &'static str,
    /// Title shown as the result's link text.
    t: String,
    /// Path from the site root.
    p: SitePath,
    /// Words matched after the title: summary, aliases, topic, quotes.
    x: String,
}

/// The hash of every record of the index, by what it stands for, kept in
/// the views so that an edit remakes only its own; the records themselves
/// are made again, with the same functions, when the index is written.
#[derive(Clone, Default, Serialize)]
pub struct Records {
    pub claims: Vec<u64>,
    pub sources: Vec<u64>,
    pub entities: Vec<u64>,
    pub events: Vec<u64>,
    pub points: Vec<u64>,
    pub pages: Vec<u64>,
}

impl Records {
    /// The hash of each record made.
    pub fn of(made: &Made) -> Records {
        let print = |list: &[Record]| list.par_iter().map(hashed::fingerprint).collect();
        Records {
            claims: print(&made.claims),
            sources: print(&made.sources),
            entities: print(&made.entities),
            events: print(&made.events),
            points: print(&made.points),
            pages: print(&made.pages),
        }
    }
}

/// Every record of the index, made from the graph and the views.
pub struct Made {
    claims: Vec<Record>,
    sources: Vec<Record>,
    entities: Vec<Record>,
    events: Vec<Record>,
    points: Vec<Record>,
    pages: Vec<Record>,
}

impl Made {
    pub fn of(graph: &Graph, views: &Views) -> Made {
        let c = &graph.content;
        Made {
            claims: (0..c.claims.len())
                .into_par_iter()
                .map(ClaimIx::new)
                .map(|ci| claim(graph, &views.claims[ci], ci))
                .collect(),
            sources: (0..c.sources.len())
                .into_par_iter()
                .map(SourceIx::new)
                .map(|si| source(graph, &views.sources[si], si))
                .collect(),
            entities: (0..c.entities.len())
                .into_par_iter()
                .map(EntityIx::new)
                .map(|ei| entity(graph, &views.entities[ei], ei))
                .collect(),
            events: (0..c.events.len())
                .into_par_iter()
                .map(EventIx::new)
                .map(|i| event(graph, &views.events[i], i))
                .collect(),
            points: points([&views.bull, &views.bear]),
            pages: (0..c.pages.len())
                .map(|pi| page(graph, &views.site.pages[pi], pi))
                .collect(),
        }
    }
}

fn clip(text: &str) -> String {
    cut(
        &text.split_whitespace().collect::<Vec<_>>().join(" "),
        MAX_TEXT,
    )
}

/// `text` cut to at most `chars` characters, with `…` where it was cut.
fn cut(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

pub fn claim(graph: &Graph, row: &ClaimRow, ci: ClaimIx) -> Record {
    let c = &graph.content;
    let links = &graph.claims[ci];
    let quotes: Vec<&str> = links
        .supports
        .iter()
        .chain(&links.qualifies)
        .chain(&links.disputes)
        .map(|r| {
            c.sources[r.source].annotations[r.index]
                .quote
                .value
                .as_str()
        })
        .collect();
    let entities: Vec<&str> = row.entities.iter().map(|e| e.name.as_str()).collect();
    Record {
        k: "claim",
        t: row.statement.clone(),
        p: row.path.clone(),
        x: clip(&format!(
            "{} · {} · {} · {}",
            row.status.label,
            row.topic,
            entities.join(", "),
            quotes.join(" · ")
        )),
    }
}

pub fn source(graph: &Graph, row: &SourceRow, si: SourceIx) -> Record {
    let source = &graph.content.sources[si];
    Record {
        k: "source",
        t: row.title.clone(),
        p: row.path.clone(),
        x: clip(&format!(
            "{} · {} · {}",
            row.publisher,
            row.kind,
            source
                .trust
                .as_ref()
                .map(|t| readable(t.as_str()))
                .unwrap_or_default()
        )),
    }
}

pub fn entity(graph: &Graph, row: &EntityRow, ei: EntityIx) -> Record {
    let entity = &graph.content.entities[ei];
    Record {
        k: "entity",
        t: row.name.clone(),
        p: row.path.clone(),
        x: clip(&format!(
            "{} · {} · {}",
            row.kind,
            row.aliases.join(", "),
            entity
                .summary
                .as_ref()
                .map(|s| readable(s.as_str()))
                .unwrap_or_default()
        )),
    }
}

pub fn event(graph: &Graph, view: &EventView, i: EventIx) -> Record {
    Record {
        k: "event",
        t: view.title.clone(),
        p: view.path.clone(),
        x: clip(&format!(
            "{} · {}",
            view.date.text,
            graph.content.events[i]
                .detail
                .as_ref()
                .map(|d| readable(d.as_str()))
                .unwrap_or_default()
        )),
    }
}

/// The points of both cases.
pub fn points(cases: [&CaseView; 2]) -> Vec<Record> {
    cases
        .iter()
        .flat_map(|case| {
            case.points.iter().map(|point| Record {
                k: "point",
                t: point.title.clone(),
                p: point.path.clone(),
                x: clip(&format!("{} · {}", case.title, point.strength.label)),
            })
        })
        .collect()
}

pub fn page(graph: &Graph, page: &PageRef, pi: usize) -> Record {
    Record {
        k: "page",
        t: page.title.clone(),
        p: page.path.clone(),
        x: clip(&format!(
            "{} {}",
            page.summary.as_deref().unwrap_or(""),
            readable(graph.content.pages[pi].body.as_str())
        )),
    }
}

/// What the index is made of: the hash of each record.
pub fn given(views: &Views) -> &Records {
    &views.search
}

/// Records per record shard. Results are shown sixty at a time, in an
/// order close to the records' own (kind, then title), so small shards
/// keep what a query loads close to what it shows.
const DOCS_PER_SHARD: usize = 64;

/// A term shard is closed once its text passes this size. One term's
/// postings never exceed a few dozen kilobytes even when every record has
/// it (they are small, delta-encoded numbers), so no shard comes near the
/// 200 KB a page should load at a time.
const TERM_SHARD_BYTES: usize = 48 * 1024;

/// How many leading characters of a query word choose the term shards it
/// loads: enough that a prefix spans one or two shards, and the same
/// prefix the typo tolerance keeps (a mistake in the first three letters
/// is not forgiven, as in most search boxes that load by prefix).
pub const SHARD_PREFIX: usize = 3;

/// Text in the case and form the index keeps: lower case, accents
/// dropped. Its words ([`split`]) are what the search matches;
/// `assets/search.js` cuts a query the same way (`toLowerCase`, NFKD
/// without U+0300-036F, then `\p{Alphabetic}` and `\p{N}`, which are what
/// `char::is_alphanumeric` is).
fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    // Most text is ASCII, which folds to itself but for case: the index
    // is made again whenever a record changes in watch mode.
    if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        text.to_lowercase()
            .nfkd()
            .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
            .collect()
    }
}

/// The words of folded text: split at anything but a letter or digit.
fn split(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// The order JavaScript compares strings in (UTF-16 code units), so that
/// the script's binary search over the shards' first terms agrees with
/// the order they were cut in.
fn js_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// The index's files, gathered (see [`each_index_file`]).
#[cfg(test)]
pub fn index_files(made: &Made) -> Vec<crate::write::OutputFile> {
    let mut files = Vec::new();
    each_index_file(made, &mut |file| files.push(file));
    files
}

/// The index's files: `assets/search-index.js`, a small manifest that
/// pages load, and the shards under `assets/search/` that a query loads by
/// adding a script element (which works from `file://`, where `fetch` is
/// refused): term shards (`t<n>.js`, each word's postings, cut in sorted
/// order so that words sharing a prefix sit together) and record shards
/// (`d<n>.js`, what a result shows).
///
/// Records are numbered by kind, then title, which is the order results of
/// equal score are shown in. A posting is `2 × record + 1` when the word is
/// in the title (which counts double) and `2 × record` otherwise, and each
/// word's postings are written as differences from the one before.
///
/// Each file is handed to `put` as soon as it is made (at 10,000 sources
/// they come to 8 MB, never held together).
pub fn each_index_file(made: &Made, put: &mut dyn FnMut(crate::write::OutputFile)) {
    use crate::write::OutputFile;
    let mut records: Vec<&Record> = made
        .claims
        .iter()
        .chain(&made.points)
        .chain(&made.sources)
        .chain(&made.entities)
        .chain(&made.events)
        .chain(&made.pages)
        .collect();
    // Stable: records of one kind with the same title keep their order.
    records.sort_by_cached_key(|r| (kind_rank(r.k), r.t.to_lowercase()));

    // Each record's title and text, folded (in parallel, a few thousand
    // records at a time, so the folded texts are never all held), then
    // each word once per record, in the title if it is there at all:
    // titles come first, so a word met again in the text keeps its title
    // posting. Words are looked up as slices; only a new word is copied.
    const FOLD_AT_ONCE: usize = 4096;
    let mut postings: rustc_hash::FxHashMap<String, Vec<u32>> = Default::default();
    for (chunk, some) in records.chunks(FOLD_AT_ONCE).enumerate() {
        let folded: Vec<[String; 2]> = some.par_iter().map(|r| [fold(&r.t), fold(&r.x)]).collect();
        for (k, texts) in folded.iter().enumerate() {
            let id = (chunk * FOLD_AT_ONCE + k) as u32;
            for (text, title) in texts.iter().zip([true, false]) {
                for word in split(text) {
                    let posting = 2 * id + u32::from(title);
                    match postings.get_mut(word) {
                        Some(list) => {
                            if list.last().is_none_or(|&last| last / 2 != id) {
                                list.push(posting);
                            }
                        }
                        None => {
                            postings.insert(word.to_string(), vec![posting]);
                        }
                    }
                }
            }
        }
    }
    let mut terms: Vec<(String, Vec<u32>)> = postings.into_iter().collect();
    terms.par_sort_unstable_by(|a, b| js_order(&a.0, &b.0));

    let mut firsts: Vec<&str> = Vec::new();
    let mut shard = String::new();
    let mut close = |shard: &mut String, n: usize| {
        shard.push('}');
        put(OutputFile::new(
            format!("{SHARD_DIR}/t{n}.js"),
            shard_script(&format!("t{n}"), shard),
        ));
        shard.clear();
    };
    for (term, list) in &terms {
        if shard.len() >= TERM_SHARD_BYTES {
            close(&mut shard, firsts.len() - 1);
        }
        if shard.is_empty() {
            firsts.push(term);
            shard.push('{');
        } else {
            shard.push(',');
        }
        shard.push_str(&serde_json::to_string(term).unwrap_or_else(|_| "\"\"".into()));
        shard.push_str(":[");
        let mut last = 0;
        for (i, &p) in list.iter().enumerate() {
            if i > 0 {
                shard.push(',');
            }
            shard.push_str(&(p - last).to_string());
            last = p;
        }
        shard.push(']');
    }
    if !shard.is_empty() {
        close(&mut shard, firsts.len() - 1);
    }

    for (n, chunk) in records.chunks(DOCS_PER_SHARD).enumerate() {
        let docs: Vec<Doc> = chunk
            .iter()
            .map(|r| Doc {
                k: r.k,
                t: &r.t,
                p: &r.p,
                x: snippet(&r.x),
            })
            .collect();
        let json = serde_json::to_string(&docs).unwrap_or_else(|_| "[]".into());
        put(OutputFile::new(
            format!("{SHARD_DIR}/d{n}.js"),
            shard_script(&format!("d{n}"), &json),
        ));
    }
    let manifest = Manifest {
        version: 1,
        records: records.len(),
        per_shard: DOCS_PER_SHARD,
        prefix: SHARD_PREFIX,
        terms: &firsts,
    };
    let json = serde_json::to_string(&manifest).unwrap_or_else(|_| "{}".into());
    put(OutputFile::new(
        SEARCH_INDEX,
        format!(
            "/* Search index, generated by the build: what to load for a query. */\nwindow.BRIEFING_SEARCH = {};\n",
            super::script_safe(&json)
        ),
    ));
}

/// The manifest's path from the site root; templates load it.
pub const SEARCH_INDEX: &str = "assets/search-index.js";

/// Where the shards go, from the site root.
pub const SHARD_DIR: &str = "assets/search";

/// What `assets/search-index.js` says.
#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    /// How many records there are, numbered from 0.
    records: usize,
    /// Records per record shard: record `i` is in `d{i / per_shard}`.
    per_shard: usize,
    /// How many leading characters of a word choose its term shards.
    prefix: usize,
    /// The first term of each term shard, in order.
    terms: &'a [&'a str],
}

/// A record as a result shows it.
#[derive(Serialize)]
struct Doc<'a> {
    k: &'static str,
    t: &'a str,
    p: &'a SitePath,
    x: String,
}

/// What a result shows of a record's text.
fn snippet(text: &str) -> String {
    cut(text, 180)
}

/// The order results of equal score come in.
fn kind_rank(kind: &str) -> u8 {
    match kind {
        "claim" => 0,
        "point" => 1,
        "source" => 2,
        "entity" => 3,
        "event" => 4,
        _ => 5,
    }
}

/// A shard as a script: it hands its data to the search script, which
/// added it to the page; made [`super::script_safe`], as if a theme
/// inlined it.
fn shard_script(name: &str, json: &str) -> String {
    format!(
        "BRIEFING_SEARCH_SHARD(\"{name}\",{});\n",
        super::script_safe(json)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(k: &'static str, t: &str, x: &str) -> Record {
        Record {
            k,
            t: t.into(),
            p: SitePath::new(format!("{k}s/{}/index.html", t.len())),
            x: x.into(),
        }
    }

    fn made(claims: Vec<Record>, sources: Vec<Record>) -> Made {
        Made {
            claims,
            sources,
            entities: Vec::new(),
            events: Vec::new(),
            points: Vec::new(),
            pages: Vec::new(),
        }
    }

    /// The data a shard's script hands over.
    fn data(file: &crate::write::OutputFile) -> serde_json::Value {
        let text = String::from_utf8(file.bytes.clone()).unwrap();
        let json = text
            .split_once(',')
            .unwrap()
            .1
            .trim_end()
            .strip_suffix(");")
            .unwrap();
        serde_json::from_str(json).unwrap()
    }

    fn manifest(files: &[crate::write::OutputFile]) -> serde_json::Value {
        let text = String::from_utf8(files.last().unwrap().bytes.clone()).unwrap();
        let json = text
            .split_once(" = ")
            .unwrap()
            .1
            .trim_end()
            .strip_suffix(';')
            .unwrap();
        serde_json::from_str(json).unwrap()
    }

    fn words(text: &str) -> Vec<String> {
        split(&fold(text)).map(str::to_string).collect()
    }

    #[test]
    fn words_are_folded_as_the_script_folds_them() {
        assert_eq!(
            words("Café DÉJÀ-vu: Trainium3 (2026), ﬁrst"),
            ["cafe", "deja", "vu", "trainium3", "2026", "first"]
        );
        assert!(words(" -- … ").is_empty());
    }

    /// What the script does for one word: find its shard by the shards'
    /// first terms, and read the postings back into records.
    fn lookup(files: &[crate::write::OutputFile], word: &str) -> Vec<(u64, bool)> {
        let firsts = manifest(files)["terms"].as_array().unwrap().clone();
        let at = firsts
            .iter()
            .rposition(|f| js_order(f.as_str().unwrap(), word).is_le())
            .unwrap_or(0);
        let shard = files
            .iter()
            .find(|f| f.path == format!("{SHARD_DIR}/t{at}.js"))
            .unwrap();
        let Some(list) = data(shard).get(word).cloned() else {
            return Vec::new();
        };
        let mut p = 0;
        list.as_array()
            .unwrap()
            .iter()
            .map(|d| {
                p += d.as_u64().unwrap();
                (p / 2, p % 2 == 1)
            })
            .collect()
    }

    #[test]
    fn every_word_is_found_in_the_shard_its_prefix_names() {
        let claims: Vec<Record> = (0..3000)
            .map(|i| {
                record(
                    "claim",
                    &format!("Claim w{i} about chips"),
                    &format!("corroborated · w{} · n{}", i * 7 % 1000, i % 13),
                )
            })
            .collect();
        let sources = vec![record("source", "Über report", "chips")];
        let files = index_files(&made(claims, sources));
        let m = manifest(&files);
        assert!(m["terms"].as_array().unwrap().len() > 1, "one shard only");
        // Records are numbered by kind, then title.
        let docs = |n: u64| -> serde_json::Value {
            let shard = files
                .iter()
                .find(|f| f.path == format!("{SHARD_DIR}/d{}.js", n / 64))
                .unwrap();
            data(shard)[(n % 64) as usize].clone()
        };
        // "chips" is in every claim's title and in the source's text.
        let chips = lookup(&files, "chips");
        assert_eq!(chips.len(), 3001);
        assert_eq!(chips.iter().filter(|(_, title)| *title).count(), 3000);
        let (source, in_title) = *chips.last().unwrap();
        assert!(!in_title);
        assert_eq!(docs(source)["k"], "source");
        // A word in one title, and one in some texts.
        assert_eq!(lookup(&files, "w2999").len(), 1);
        let seven = lookup(&files, "w7");
        assert_eq!(
            seven.len(),
            4,
            "the title of claim 7 and the texts of claims 1, 1001 and 2001"
        );
        assert_eq!(seven.iter().filter(|(_, title)| *title).count(), 1);
        for (id, _) in seven {
            let doc = docs(id);
            let text = format!(
                "{} {} ",
                doc["t"].as_str().unwrap(),
                doc["x"].as_str().unwrap()
            );
            assert!(text.contains("w7 "), "{text}");
        }
        assert_eq!(lookup(&files, "uber").len(), 1);
        assert!(lookup(&files, "absent").is_empty());
    }

    #[test]
    fn shards_stay_small_at_ten_thousand_sources() {
        // About what the benchmark corpus gives at 10,000 sources: every
        // record's text 400 characters of a large vocabulary, and words
        // that every record has.
        let text = |i: usize| {
            (0..60)
                .map(|j| format!("v{}", (i * 31 + j * 977) % 40_000))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let claims = (0..20_000)
            .map(|i| record("claim", &format!("Claim {i} on the record"), &text(i)))
            .collect();
        let files = index_files(&made(claims, Vec::new()));
        for file in &files {
            assert!(
                file.bytes.len() < 200 * 1024,
                "{} is {} bytes",
                file.path,
                file.bytes.len()
            );
        }
        let manifest = files.last().unwrap();
        assert_eq!(manifest.path, SEARCH_INDEX);
        assert!(manifest.bytes.len() < 20 * 1024, "{}", manifest.bytes.len());
    }

    #[test]
    fn nothing_in_a_shard_can_close_a_script_element() {
        let files = index_files(&made(
            vec![record("claim", "</script><b>", "<!-- x")],
            Vec::new(),
        ));
        for file in files {
            let text = String::from_utf8(file.bytes).unwrap();
            assert!(!text.contains('<'), "{}: {text}", file.path);
        }
    }
}
