//! PDFs as originals: the text of their text layer, made fit for quoting.
//!
//! pdf-extract (over lopdf) gives each page's text as it is laid out, line
//! by line. A quote is a passage as a reader reads it, so the layout's
//! artefacts are taken out before quotes are looked for:
//! - ligatures (`ﬁ`, `ﬂ`...) become their letters, and soft hyphens go;
//! - a word hyphenated at a line end is joined, also across a page break
//!   (the second half moves up to the first, so lines keep their numbers);
//! - running headers and footers (a line at the top or foot of most pages,
//!   page numbers and dates in it allowed to change) are dropped, so a
//!   quote that crosses a page does not cross them.
//!
//! What is left is the pages' lines in order. A PDF whose pages have no
//! text at all (a scan) is refused, since no quote could be found in it.

use super::Metadata;
use pdf_extract::{Dictionary, Document, Object, PlainTextOutput, Stream};
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Read;

/// A PDF's text and where its pages start in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfText {
    pub text: String,
    /// The 1-based line of the text each page starts on, in page order.
    pub page_starts: Vec<usize>,
    /// Pages whose text could not be read (numbered from 1): a font or
    /// content stream the extractor does not understand.
    pub unreadable: Vec<u32>,
    /// The running headers and footers taken out, each once: a PDF that
    /// a browser printed names the page's address in one.
    pub running: Vec<String>,
}

/// Why a PDF gives no text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Not a PDF the parser can open: damaged, or not a PDF at all.
    Unreadable(String),
    /// Protected by a password.
    Encrypted,
    /// Its pages hold no text: images of pages (a scan).
    NoTextLayer { pages: usize },
    /// Something in it decompresses to more than the extractor may read:
    /// a page's content (`Some(page)`) or any other stream (`None`).
    Oversized { page: Option<u32> },
    /// A page whose forms draw themselves, nest too deep, or are drawn so
    /// often that reading the page would not end in reasonable time.
    Overdrawn { page: u32 },
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Unreadable(why) => write!(f, "is not a PDF that can be read ({why})"),
            Problem::Encrypted => write!(f, "is protected by a password"),
            Problem::NoTextLayer { pages } => write!(
                f,
                "has no text layer: its {pages} page{} hold{} images of text, not text",
                if *pages == 1 { "" } else { "s" },
                if *pages == 1 { "s" } else { "" }
            ),
            Problem::Oversized { page: Some(page) } => write!(
                f,
                "draws more than {} MiB of content on page {page} once decompressed",
                MAX_CONTENT >> 20
            ),
            Problem::Oversized { page: None } => write!(
                f,
                "holds a part that decompresses to more than its limit ({} MiB for a drawing, {} \
                 MiB for anything else)",
                MAX_CONTENT >> 20,
                MAX_STREAM >> 20
            ),
            Problem::Overdrawn { page } => write!(
                f,
                "draws on page {page} a figure inside itself, or so many times that reading it \
                 would not end"
            ),
        }
    }
}

impl Problem {
    /// What the analyst can do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            Problem::Unreadable(_) => {
                "download or save the PDF again; if it still fails, save its text as a .txt file \
                 and name that"
            }
            Problem::Encrypted => {
                "save an unprotected copy (print it to PDF from a viewer that has the password) \
                 and name that"
            }
            Problem::Oversized { .. } | Problem::Overdrawn { .. } => {
                "no document made to be read needs that much: save its text as a .txt file and \
                 name that"
            }
            Problem::NoTextLayer { .. } => {
                "it is a scan: give it a text layer with OCR (for instance `ocrmypdf in.pdf \
                 out.pdf`) and name the result, or save its text as a .txt file"
            }
        }
    }
}

/// Whether an original's name is a PDF's.
pub fn is_pdf(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".pdf")
}

/// The text of a PDF's text layer, cleaned for quoting (see the module
/// docs).
pub fn text(bytes: &[u8]) -> Result<PdfText, Problem> {
    quietly(|| text_of(&open(bytes)?)).unwrap_or_else(|| Err(parser_failed()))
}

/// The text, as [`text`] gives it, and what the PDF says about itself, as
/// [`metadata_of`] reads it, from one parse of the file.
pub fn text_and_metadata(bytes: &[u8]) -> Result<(PdfText, Metadata), Problem> {
    quietly(|| {
        let doc = open(bytes)?;
        Ok((text_of(&doc)?, metadata_of(&doc)))
    })
    .unwrap_or_else(|| Err(parser_failed()))
}

/// The extractor panicked: a file it cannot read.
fn parser_failed() -> Problem {
    Problem::Unreadable("the parser failed".into())
}

/// The parsed document, decrypted when it is encrypted without a password.
fn open(bytes: &[u8]) -> Result<Document, Problem> {
    let mut doc = Document::load_mem(bytes).map_err(|e| Problem::Unreadable(e.to_string()))?;
    if doc.is_encrypted() {
        // Many PDFs are encrypted with an empty password only to carry
        // permissions; those open. Others need a password we do not have.
        doc.decrypt("").map_err(|_| Problem::Encrypted)?;
    }
    // Images hold no text, but the extractor decompresses and reads any
    // image a page draws as if it were a drawing: emptied, they cost
    // nothing, and none can pose as drawing instructions.
    for object in doc.objects.values_mut() {
        if let Object::Stream(s) = object {
            if has_subtype(s, b"Image") {
                s.content.clear();
                s.dict.remove(b"Filter");
                s.dict.remove(b"DecodeParms");
            }
        }
    }
    if let Some(problem) = too_much_to_draw(&doc) {
        return Err(problem);
    }
    Ok(doc)
}

/// The most a page's content, or a form it draws, may decompress to. The
/// extractor makes a value of every operator it reads, some fifty times
/// the operator's bytes: a 49 KB file whose one page inflated to 20 MB took
/// 2 GB and 25 s to read, and one of 200 KB did not finish in 12 GB. A
/// page of text takes kilobytes, a dense drawing a megabyte or two.
const MAX_CONTENT: usize = 8 << 20;
/// The most any other stream the extractor may read (a font, the
/// metadata) may decompress to: read whole, not turned into values, so it
/// costs its own bytes only. (Images are emptied before, and attachments
/// are never read.)
const MAX_STREAM: usize = 64 << 20;
/// The most content a page may draw, counting a form again each time it
/// is drawn (the extractor reads it again), and how deep forms may nest:
/// a form that draws itself never ends, and overflowed the stack.
const MAX_DRAWN: usize = 64 << 20;
const MAX_NESTING: usize = 32;
/// The most forms a page may draw in all, so that empty ones drawn
/// endlessly are caught as well as large ones.
const MAX_DRAWS: usize = 100_000;

/// Why the extractor may not be let read `doc`, if it may not: a page's
/// content or a form past [`MAX_CONTENT`] once decompressed, another
/// stream past [`MAX_STREAM`], or a page whose forms draw themselves,
/// nest too deep or add up to more than [`MAX_DRAWN`]. Measured before
/// the extractor sees the file, holding no more than a limit of any
/// stream.
fn too_much_to_draw(doc: &Document) -> Option<Problem> {
    let mut forms = HashMap::new();
    // The pages' content streams, measured with their page.
    let mut measured = std::collections::HashSet::new();
    for (number, id) in doc.get_pages() {
        let Some(lineage) = lineage(doc, id) else {
            // The extractor looks up the tree for what a page lacks, with
            // no end to a loop: the stack overflowed.
            return Some(Problem::Unreadable(format!(
                "the page tree loops above page {number}"
            )));
        };
        let mut content = Vec::new();
        for stream in doc.get_page_contents(id) {
            if let Ok(Object::Stream(s)) = doc.get_object(stream) {
                let Some(bytes) = decoded(s, MAX_CONTENT.saturating_sub(content.len())) else {
                    return Some(Problem::Oversized { page: Some(number) });
                };
                content.extend(bytes);
                measured.insert(stream);
            }
        }
        // From the page or the nearest node above it, as the extractor
        // finds them.
        let resources = lineage
            .iter()
            .find_map(|dict| dictionary_at(doc, dict, b"Resources"));
        if let Some(problem) = drawing_problem(doc, number, &content, resources, &mut forms) {
            return Some(problem);
        }
    }
    // The rest: what was measured above is not inflated again.
    doc.objects.iter().find_map(|(id, object)| {
        let Object::Stream(s) = object else {
            return None;
        };
        if has_type(s, b"EmbeddedFile") || measured.contains(id) || forms.contains_key(id) {
            return None;
        }
        let limit = if is_drawn(s) { MAX_CONTENT } else { MAX_STREAM };
        decoded(s, limit)
            .is_none()
            .then_some(Problem::Oversized { page: None })
    })
}

/// Whether the extractor reads `stream` as drawing instructions when a
/// page draws it with `Do`: a form, and anything else but an image (it
/// does not look at the subtype).
fn is_drawn(stream: &Stream) -> bool {
    !has_subtype(stream, b"Image")
}

fn has_subtype(stream: &Stream, subtype: &[u8]) -> bool {
    stream.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(subtype)
}

fn has_type(stream: &Stream, kind: &[u8]) -> bool {
    stream.dict.get(b"Type").and_then(Object::as_name).ok() == Some(kind)
}

/// The page `id`'s dictionary and those of the page-tree nodes above it,
/// nearest first; `None` when the chain of `Parent`s loops, as none does
/// in a page tree.
fn lineage(doc: &Document, id: pdf_extract::ObjectId) -> Option<Vec<&Dictionary>> {
    let mut seen = vec![id];
    let mut chain = Vec::new();
    let mut at = id;
    loop {
        let Ok(dict) = doc.get_dictionary(at) else {
            return Some(chain);
        };
        chain.push(dict);
        let Some(parent) = dict.get(b"Parent").ok().and_then(|p| p.as_reference().ok()) else {
            return Some(chain);
        };
        if seen.contains(&parent) || seen.len() > 1_000 {
            return None;
        }
        seen.push(parent);
        at = parent;
    }
}

/// The dictionary at `key` in `dict`, through a reference if it is one.
fn dictionary_at<'d>(
    doc: &'d Document,
    dict: &'d Dictionary,
    key: &[u8],
) -> Option<&'d Dictionary> {
    let (_, object) = doc.dereference(dict.get(key).ok()?).ok()?;
    object.as_dict().ok()
}

/// What a form draws: its decoded content's length and the names it
/// draws with `Do`; `None` when it is over [`MAX_CONTENT`].
type Drawn = Option<(usize, Vec<Vec<u8>>)>;

/// Names still to draw, the resources they are looked up in, and the
/// forms (outermost first) whose content names them.
type Frame<'d> = (
    Vec<Vec<u8>>,
    Option<&'d Dictionary>,
    Vec<pdf_extract::ObjectId>,
);

/// What is wrong with drawing page `page`'s `content` with `resources`, if
/// anything: a form past [`MAX_CONTENT`], one inside itself, nesting past
/// [`MAX_NESTING`], or more than [`MAX_DRAWN`] bytes or [`MAX_DRAWS`] forms
/// drawn in all.
/// Walks the forms as the extractor will, without reading them as it does:
/// each form's content is decoded once (kept in `forms`) and only its
/// `Do` names are looked at.
fn drawing_problem(
    doc: &Document,
    page: u32,
    content: &[u8],
    resources: Option<&Dictionary>,
    forms: &mut HashMap<pdf_extract::ObjectId, Drawn>,
) -> Option<Problem> {
    let overdrawn = Some(Problem::Overdrawn { page });
    let mut drawn = content.len();
    let mut draws = 0;
    // Depth first: each entry a form's names still to draw, with the
    // resources they are looked up in and the forms drawing them.
    let mut stack: Vec<Frame> = vec![(drawn_names(content), resources, Vec::new())];
    while let Some((mut names, resources, path)) = stack.pop() {
        let Some(name) = names.pop() else {
            continue;
        };
        let form = resources
            .and_then(|r| dictionary_at(doc, r, b"XObject"))
            .and_then(|x| x.get(&name).ok())
            .and_then(|o| o.as_reference().ok())
            .and_then(|id| match doc.get_object(id) {
                Ok(Object::Stream(s)) if is_drawn(s) => Some((id, s)),
                _ => None,
            });
        stack.push((names, resources, path.clone()));
        let Some((id, stream)) = form else {
            continue;
        };
        if path.contains(&id) || path.len() >= MAX_NESTING {
            return overdrawn;
        }
        let Some((len, inner)) = forms
            .entry(id)
            .or_insert_with(|| decoded(stream, MAX_CONTENT).map(|c| (c.len(), drawn_names(&c))))
            .clone()
        else {
            return Some(Problem::Oversized { page: Some(page) });
        };
        drawn += len;
        draws += 1;
        if drawn > MAX_DRAWN || draws > MAX_DRAWS {
            return overdrawn;
        }
        let inner_resources = dictionary_at(doc, &stream.dict, b"Resources").or(resources);
        let mut inner_path = path;
        inner_path.push(id);
        stack.push((inner, inner_resources, inner_path));
    }
    None
}

/// The names a content stream draws with `Do` (`/X1 Do`), in reverse
/// order (they are drawn from the end of the list). A light scan, not a
/// parse: a name inside a string may be counted too, which can only make
/// the count larger.
fn drawn_names(content: &[u8]) -> Vec<Vec<u8>> {
    let is_space = |b: u8| matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | 0);
    let mut names = Vec::new();
    for at in memchr::memmem::find_iter(content, b"Do") {
        let after = content.get(at + 2).copied();
        if after.is_some_and(|b| !is_space(b) && !b"/[<(%".contains(&b)) {
            continue;
        }
        let before = content[..at].trim_ascii_end();
        if before.len() == at {
            continue;
        }
        // Back over the name's own characters only, to its `/`: never
        // further, or `Do Do Do ...` would be searched back in full for
        // each one.
        let start = before
            .iter()
            .rposition(|&b| is_space(b) || b"/[]<>(){}%".contains(&b))
            .map_or(0, |i| i + 1);
        if start > 0 && before[start - 1] == b'/' && start < before.len() {
            names.push(before[start..].to_vec());
        }
    }
    names.reverse();
    names
}

/// What `stream` decompresses to, when that is at most `limit` bytes:
/// its filters applied in turn as the extractor applies them, each one's
/// output held only up to the limit.
fn decoded(stream: &Stream, limit: usize) -> Option<Vec<u8>> {
    let filters = stream.filters().unwrap_or_default();
    let cap = limit as u64 + 1;
    let mut data: Cow<[u8]> = Cow::Borrowed(&stream.content);
    for filter in filters {
        let next = match filter {
            b"FlateDecode" => {
                let mut out = Vec::new();
                // A damaged stream gives what it gave before the damage,
                // as it does to the extractor.
                let _ = flate2::read::ZlibDecoder::new(&data[..])
                    .take(cap)
                    .read_to_end(&mut out);
                out
            }
            b"LZWDecode" => lzw(&data, lzw_early_change(stream), cap),
            // At most four bytes from each character: bounded already.
            b"ASCII85Decode" => {
                let mut only = Dictionary::new();
                only.set("Filter", Object::Name(b"ASCII85Decode".to_vec()));
                Stream::new(only, data.to_vec())
                    .decompressed_content()
                    .unwrap_or_default()
            }
            // The extractor cannot decode it either: as it is.
            _ => data.to_vec(),
        };
        if next.len() > limit {
            return None;
        }
        data = Cow::Owned(next);
    }
    // No filter at all (none, or `/Filter []`), or one the extractor
    // leaves as it is: the bytes themselves.
    (data.len() <= limit).then(|| data.into_owned())
}

/// `EarlyChange` of an LZW stream's parameters (on unless 0), as the
/// extractor reads it.
fn lzw_early_change(stream: &Stream) -> bool {
    stream
        .dict
        .get(b"DecodeParms")
        .and_then(Object::as_dict)
        .and_then(|p| p.get(b"EarlyChange"))
        .and_then(Object::as_i64)
        .map_or(true, |v| v != 0)
}

/// LZW-decodes `input` as the extractor does, keeping at most `cap` bytes.
fn lzw(input: &[u8], early_change: bool, cap: u64) -> Vec<u8> {
    use weezl::{decode::Decoder, BitOrder};
    let mut decoder = if early_change {
        Decoder::with_tiff_size_switch(BitOrder::Msb, 8)
    } else {
        Decoder::new(BitOrder::Msb, 8)
    };
    let mut out = Vec::new();
    // Past the cap the writer refuses, which ends the decoding.
    let _ = decoder
        .into_stream(std::io::Write::by_ref(&mut Capped { out: &mut out, cap }))
        .decode_all(input);
    out
}

/// A writer that takes `cap` bytes and then fails.
struct Capped<'a> {
    out: &'a mut Vec<u8>,
    cap: u64,
}

impl std::io::Write for Capped<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let room = (self.cap as usize).saturating_sub(self.out.len());
        if room == 0 {
            return Err(std::io::Error::other("over the limit"));
        }
        let n = buf.len().min(room);
        self.out.extend_from_slice(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn text_of(doc: &Document) -> Result<PdfText, Problem> {
    let pages = page_texts(doc);
    let count = pages.len();
    let unreadable: Vec<u32> = (1..)
        .zip(&pages)
        .filter(|(_, p)| p.is_none())
        .map(|(n, _)| n)
        .collect();
    let pages: Vec<Vec<String>> = pages
        .into_iter()
        .map(|p| page_lines(p.as_deref().unwrap_or("")))
        .collect();
    if pages.iter().all(|p| p.iter().all(|l| l.trim().is_empty())) {
        return Err(if unreadable.len() == count && count > 0 {
            Problem::Unreadable("no page could be read".into())
        } else {
            Problem::NoTextLayer { pages: count }
        });
    }
    let (pages, running) = without_running_lines(pages);
    let mut lines: Vec<String> = Vec::new();
    let mut page_starts = Vec::with_capacity(pages.len());
    for page in pages {
        page_starts.push(lines.len() + 1);
        lines.extend(page);
    }
    join_hyphenated(&mut lines);
    Ok(PdfText {
        text: lines.join("\n"),
        page_starts,
        unreadable,
        running,
    })
}

/// Each page's raw text, `None` for a page that could not be read.
fn page_texts(doc: &Document) -> Vec<Option<String>> {
    let numbers: Vec<u32> = doc.get_pages().keys().copied().collect();
    numbers
        .into_iter()
        .map(|n| {
            let mut text = String::new();
            pdf_extract::output_doc_page(doc, &mut PlainTextOutput::new(&mut text), n)
                .ok()
                .map(|()| text)
        })
        .collect()
}

/// A page's lines, trimmed at the end, without the blank lines around
/// them; ligatures spelt out and soft hyphens dropped.
fn page_lines(raw: &str) -> Vec<String> {
    without_blank_ends(raw.lines().map(clean_line).collect())
}

/// A line with its ligatures spelt out, its soft hyphens dropped and its
/// end trimmed.
fn clean_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            '\u{00AD}' => {}
            c => out.push(c),
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// The lines without the blank ones before the first and after the last.
fn without_blank_ends(mut lines: Vec<String>) -> Vec<String> {
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    let first = lines
        .iter()
        .position(|l| !l.trim().is_empty())
        .unwrap_or(lines.len());
    lines.drain(..first);
    lines
}

/// How many lines at the top and at the foot of a page can be running
/// heads: a title line and a date or section line, say.
const EDGE_LINES: usize = 2;

/// A running head whose numbers change from page to page ("Page 9") is
/// short; a longer line that differs only in its numbers is text
/// ("Section 3. The committee found...").
const NUMBERED_HEAD_WORDS: usize = 8;

/// The pages without their running headers and footers: a line at the
/// same place from a page's top or foot (within [`EDGE_LINES`]) on at
/// least half the pages (and two of them), as written or, for a short
/// line, with its numbers changed (see [`running_key`]). A single page has
/// none.
fn without_running_lines(pages: Vec<Vec<String>>) -> (Vec<Vec<String>>, Vec<String>) {
    if pages.len() < 2 {
        return (pages, Vec::new());
    }
    // Each edge line's index on the page, and its place: how far from
    // the top (positive) or the foot (negative).
    let edges = |page: &[String]| -> Vec<(usize, isize)> {
        let filled: Vec<usize> = (0..page.len())
            .filter(|&i| !page[i].trim().is_empty())
            .collect();
        let mut at: Vec<(usize, isize)> = Vec::new();
        for (rank, &i) in filled.iter().take(EDGE_LINES).enumerate() {
            at.push((i, rank as isize + 1));
        }
        for (rank, &i) in filled.iter().rev().take(EDGE_LINES).enumerate() {
            at.push((i, -(rank as isize) - 1));
        }
        at
    };
    let keys = |line: &str, place: isize| {
        let exact: String = line
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        (
            format!("{place} {exact}"),
            format!("{place} {}", running_key(line)),
        )
    };
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for page in &pages {
        let mut seen: Vec<String> = Vec::new();
        for (i, place) in edges(page) {
            let (exact, numbered) = keys(&page[i], place);
            seen.push(exact);
            seen.push(numbered);
        }
        seen.sort();
        seen.dedup();
        for key in seen {
            *counts.entry(key).or_default() += 1;
        }
    }
    let needed = pages.len().div_ceil(2).max(2);
    let running = |line: &str, place: isize| {
        let (exact, numbered) = keys(line, place);
        let count = |k: &String| counts.get(k).copied().unwrap_or(0);
        count(&exact) >= needed
            || (count(&numbered) >= needed
                && line.split_whitespace().count() <= NUMBERED_HEAD_WORDS)
    };
    let mut dropped: Vec<String> = Vec::new();
    let pages = pages
        .into_iter()
        .map(|page| {
            let drop: Vec<usize> = edges(&page)
                .into_iter()
                .filter(|&(i, place)| running(&page[i], place))
                .map(|(i, _)| i)
                .collect();
            let mut kept: Vec<String> = Vec::with_capacity(page.len());
            for (i, line) in page.into_iter().enumerate() {
                if !drop.contains(&i) {
                    kept.push(line);
                } else if !dropped.contains(&line) {
                    dropped.push(line);
                }
            }
            // The blank lines a dropped header leaves.
            without_blank_ends(kept)
        })
        .collect();
    (pages, dropped)
}

/// A line as running heads with numbers in them are compared: lower
/// case, without spaces (extractors space a header's letters unevenly),
/// each run of digits one `#` (so "Page 9" and "Page 10", or two dates,
/// are the same line).
fn running_key(line: &str) -> String {
    let mut key = String::with_capacity(line.len());
    for c in line.chars().filter(|c| !c.is_whitespace()) {
        if c.is_ascii_digit() {
            if !key.ends_with('#') {
                key.push('#');
            }
        } else {
            key.extend(c.to_lowercase());
        }
    }
    key
}

/// Joins words hyphenated at a line end: when a line ends in a letter and
/// a hyphen and the next line starts with a lower-case letter, the next
/// line's first word moves up and the hyphen goes. (A compound that falls
/// at a line end, "well-known", loses its hyphen too: the layout cannot
/// tell the two apart, and a dictionary would be needed to.)
fn join_hyphenated(lines: &mut [String]) {
    for i in 0..lines.len().saturating_sub(1) {
        let Some(stem) = lines[i]
            .strip_suffix('-')
            .or_else(|| lines[i].strip_suffix('\u{2010}'))
        else {
            continue;
        };
        if !stem.chars().next_back().is_some_and(char::is_alphabetic) {
            continue;
        }
        let next = lines[i + 1].trim_start();
        if !next.chars().next().is_some_and(char::is_lowercase) {
            continue;
        }
        let end = next.find(char::is_whitespace).unwrap_or(next.len());
        let (word, rest) = next.split_at(end);
        let joined = format!("{stem}{word}");
        let rest = rest.trim_start().to_string();
        lines[i] = joined;
        lines[i + 1] = rest;
    }
}

/// What a PDF says about itself: the title, author and creation date of
/// its document information, and the title, creators, publisher, address
/// and publication date of its XMP metadata (which publishers fill). The
/// publication date is a day (`YYYY-MM-DD`): the XMP's, else the day the
/// file was made.
fn metadata_of(doc: &Document) -> Metadata {
    let dictionary = |o| dictionary(doc, o);
    let text = |dict: Option<&pdf_extract::Dictionary>, key: &[u8]| -> Option<String> {
        let bytes = match dict?.get(key).ok()? {
            Object::String(bytes, _) => bytes.clone(),
            _ => return None,
        };
        tidy(&decode_text_string(&bytes))
    };
    let info = doc.trailer.get(b"Info").ok().and_then(dictionary);
    let xmp = doc
        .trailer
        .get(b"Root")
        .ok()
        .and_then(dictionary)
        .and_then(|root| root.get(b"Metadata").ok())
        .and_then(|m| match m {
            Object::Reference(id) => doc.get_object(*id).ok(),
            other => Some(other),
        })
        .and_then(|m| m.as_stream().ok())
        .map(|stream| {
            stream
                .decompressed_content()
                .unwrap_or_else(|_| stream.content.clone())
        })
        .map(|xml| xmp(&String::from_utf8_lossy(&xml)))
        .unwrap_or_default();
    let created = text(info, b"CreationDate").and_then(|d| {
        let digits = d.strip_prefix("D:").unwrap_or(&d);
        let (y, m, day) = (digits.get(..4)?, digits.get(4..6)?, digits.get(6..8)?);
        [y, m, day]
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| format!("{y}-{m}-{day}"))
    });
    Metadata {
        title: text(info, b"Title").or(xmp.title),
        author: text(info, b"Author").or(xmp.author),
        publisher: xmp.publisher,
        published: xmp.published.or(created),
        url: xmp.url,
    }
}

/// The dictionary an object is or refers to.
fn dictionary<'d>(doc: &'d Document, object: &'d Object) -> Option<&'d pdf_extract::Dictionary> {
    match object {
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    }
}

/// Text with its white space made single spaces, or `None` when empty.
fn tidy(text: &str) -> Option<String> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// What XMP metadata (RDF in XML) says: Dublin Core's title, creators and
/// publisher, and PRISM's address and publication date.
fn xmp(xml: &str) -> Metadata {
    // The packet may be wrapped in processing instructions and padding.
    let start = xml.find("<x:xmpmeta").or_else(|| xml.find("<rdf:RDF"));
    let end = xml
        .rfind("</x:xmpmeta>")
        .map(|e| e + "</x:xmpmeta>".len())
        .or_else(|| xml.rfind("</rdf:RDF>").map(|e| e + "</rdf:RDF>".len()));
    let Some(packet) = start.zip(end).and_then(|(s, e)| xml.get(s..e)) else {
        return Metadata::default();
    };
    let Ok(tree) = roxmltree::Document::parse(packet) else {
        return Metadata::default();
    };
    const DC: &str = "http://purl.org/dc/elements/1.1/";
    // A property is named by its namespace and local name.
    type Named<'n> = (Option<&'n str>, &'n str);
    let dc = |name: &'static str| move |(ns, n): Named| ns == Some(DC) && n == name;
    // Any PRISM version's namespace.
    let prism = |name: &'static str| {
        move |(ns, n): Named| {
            ns.is_some_and(|ns| ns.starts_with("http://prismstandard.org/")) && n == name
        }
    };
    // A property's values: its list items (in an rdf:Alt, Seq or Bag) or
    // its own text; or, as XMP writes simple properties too, an attribute
    // of a description.
    let values = |is: &dyn Fn(Named) -> bool| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for node in tree.descendants().filter(|n| n.is_element()) {
            let tag = node.tag_name();
            if is((tag.namespace(), tag.name())) {
                let items: Vec<String> = node
                    .descendants()
                    .filter(|n| n.is_element() && n.tag_name().name() == "li")
                    .filter_map(|n| n.text().and_then(tidy))
                    .collect();
                if items.is_empty() {
                    out.extend(node.text().and_then(tidy));
                }
                out.extend(items);
            }
            for a in node.attributes() {
                if is((a.namespace(), a.name())) {
                    out.extend(tidy(a.value()));
                }
            }
        }
        out
    };
    let first = |v: Vec<String>| v.into_iter().next();
    let date = |v: Option<String>| {
        v.and_then(|d| {
            let day = d.get(..10)?;
            crate::model::Date::parse(day)
                .is_some()
                .then(|| day.to_string())
        })
    };
    let authors = values(&dc("creator"));
    Metadata {
        title: first(values(&dc("title"))),
        author: (!authors.is_empty()).then(|| authors.join(", ")),
        publisher: first(values(&dc("publisher")))
            .or_else(|| first(values(&prism("publicationName")))),
        published: date(first(values(&prism("publicationDate"))))
            .or_else(|| date(first(values(&prism("coverDate"))))),
        url: first(values(&prism("url"))).filter(|u| crate::model::is_web_address(u)),
    }
}

/// A PDF text string: UTF-16 with a byte-order mark, or else (near
/// enough for titles and names) Latin-1, which PDFDocEncoding matches for
/// letters.
fn decode_text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|p| u16::from_be_bytes([p[0], p[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// Runs the extractor, which panics on some damaged files, as a failure
/// (`None`) rather than a crash, and without the panic's message on the
/// terminal: the caller reports the file in its own words.
fn quietly<T>(work: impl FnOnce() -> T) -> Option<T> {
    use std::cell::Cell;
    use std::sync::Once;
    thread_local! {
        static QUIET: Cell<bool> = const { Cell::new(false) };
    }
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).ok();
    QUIET.with(|q| q.set(false));
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    #[test]
    fn a_word_broken_at_a_line_end_is_joined_and_lines_keep_their_numbers() {
        let mut l = lines("the evi-\ndence shows it\nwell\nA Trade-\nOffice");
        join_hyphenated(&mut l);
        assert_eq!(
            l,
            ["the evidence", "shows it", "well", "A Trade-", "Office"]
        );
        // A dash after a number or before a capital is not a break.
        let mut l = lines("pages 10-\n12 and\nsee-\n");
        join_hyphenated(&mut l);
        assert_eq!(l, ["pages 10-", "12 and", "see-"]);
    }

    #[test]
    fn ligatures_become_letters_and_soft_hyphens_go() {
        assert_eq!(
            page_lines("\n\n\u{FB01}nal e\u{FB00}ort, in\u{00AD}side  \n\n"),
            ["final effort, inside"]
        );
    }

    #[test]
    fn running_heads_and_page_numbers_go_and_the_text_stays() {
        let page = |n: usize, body: &str| {
            lines(&format!(
                "Acme Quarterly  Review   Page {n}\n{body}\n\n{n}\n11/30/26, 10:4{n} PM"
            ))
        };
        let pages = vec![
            page(1, "The first page says this."),
            page(2, "The second says that."),
            page(10, "The last one is short."),
        ];
        let (kept, running) = without_running_lines(pages);
        assert_eq!(running[0], "Acme Quarterly  Review   Page 1");
        assert_eq!(
            kept,
            [
                ["The first page says this."],
                ["The second says that."],
                ["The last one is short."]
            ]
        );
        // On one page, nothing is taken for a running head.
        let one = vec![page(1, "Alone.")];
        assert_eq!(without_running_lines(one.clone()).0, one);
    }

    #[test]
    fn only_lines_in_the_same_place_on_half_the_pages_are_running() {
        let pages = vec![
            lines("Results\nThe same line\nmore\nand more"),
            lines("Other\ntext here\nand here\nstill here"),
            lines("Third\nThe same line\ncontinues\nto the end"),
        ];
        // "The same line" is second from the top on two of three pages,
        // more than half, so it goes; a line on one page's edge stays.
        let (kept, _) = without_running_lines(pages);
        assert_eq!(kept[0], ["Results", "more", "and more"]);
        assert_eq!(kept[2], ["Third", "continues", "to the end"]);
        assert_eq!(kept[1].len(), 4);
    }

    #[test]
    fn numbered_paragraphs_that_open_pages_are_text() {
        let pages = vec![
            lines("Review\nParagraph 1. The committee found that the costs rose again\nx"),
            lines("Paragraph 8. The committee found that the costs rose again\ny\nz"),
            lines("Paragraph 9. The committee found that the costs rose again\ny\nw"),
        ];
        let (kept, _) = without_running_lines(pages.clone());
        assert_eq!(kept[1][0], pages[1][0]);
        assert_eq!(kept[2][0], pages[2][0]);
    }

    #[test]
    fn text_strings_in_utf16_and_latin1_are_read() {
        assert_eq!(
            decode_text_string(&[0xFE, 0xFF, 0, b'A', 0x20, 0x19, 0, b's']),
            "A\u{2019}s"
        );
        assert_eq!(decode_text_string(b"Caf\xe9"), "Café");
    }

    #[test]
    fn what_is_not_a_pdf_is_refused_without_a_panic() {
        assert!(matches!(
            text(b"%PDF-1.4\nnot really"),
            Err(Problem::Unreadable(_))
        ));
        assert!(matches!(text(b""), Err(Problem::Unreadable(_))));
        assert!(matches!(
            text_and_metadata(b"garbage"),
            Err(Problem::Unreadable(_))
        ));
    }

    /// A one-page PDF whose page content is `content`, under `filter`
    /// (`FlateDecode`, `LZWDecode` or none), drawn straight or, with
    /// `form`, through a form the page draws.
    fn pdf(content: &[u8], filter: Option<&str>, form: bool) -> Vec<u8> {
        use std::io::Write;
        let encoded = match filter {
            Some("FlateDecode") => {
                let mut e =
                    flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
                e.write_all(content).unwrap();
                e.finish().unwrap()
            }
            Some("LZWDecode") => {
                weezl::encode::Encoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8)
                    .encode(content)
                    .unwrap()
            }
            _ => content.to_vec(),
        };
        let mut dict = format!("/Length {}", encoded.len());
        if let Some(f) = filter {
            dict.push_str(&format!(" /Filter /{f}"));
        }
        let font = "/Font << /F1 5 0 R >>";
        // The page's content stream, and object 6: the form, or an empty
        // stream the page does not draw.
        let stream = |dict: &str, bytes: &[u8]| {
            [
                format!("<< {dict} >>\nstream\n").as_bytes(),
                bytes,
                b"\nendstream",
            ]
            .concat()
        };
        let draw = b"/X1 Do";
        let (page, six) = if form {
            (
                stream(&format!("/Length {}", draw.len()), draw),
                stream(
                    &format!(
                        "/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << {font} >> {dict}"
                    ),
                    &encoded,
                ),
            )
        } else {
            (stream(&dict, &encoded), stream("/Length 0", b""))
        };
        let objects: Vec<Vec<u8>> = vec![
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
                 /Resources << {font} /XObject << /X1 6 0 R >> >> >>"
            )
            .into_bytes(),
            page,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
            six,
        ];
        assemble(&objects)
    }

    /// A PDF file of `objects`, numbered from 1, the first the catalog.
    fn assemble<O: AsRef<[u8]>>(objects: &[O]) -> Vec<u8> {
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend(o.as_ref());
            out.extend(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
        for o in offsets {
            out.extend(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .as_bytes(),
        );
        out
    }

    #[test]
    fn a_compressed_page_within_the_limit_is_read() {
        let page = b"BT /F1 12 Tf 72 720 Td (Trainium talks) Tj ET\n";
        for filter in [None, Some("FlateDecode"), Some("LZWDecode")] {
            for form in [false, true] {
                let read = text(&pdf(page, filter, form));
                assert_eq!(
                    read.map(|t| t.text),
                    Ok("Trainium talks".to_string()),
                    "{filter:?}, form: {form}"
                );
            }
        }
    }

    /// A few kilobytes that inflate to megabytes of operators: refused
    /// before the extractor reads them (it took 1.2 GB for 20 MB).
    #[test]
    fn a_page_that_decompresses_past_the_limit_is_refused_unread() {
        let bomb = b"BT /F1 12 Tf (a) Tj ET\n".repeat(MAX_CONTENT / 23 + 1);
        for filter in ["FlateDecode", "LZWDecode"] {
            let file = pdf(&bomb, Some(filter), false);
            assert!(file.len() < bomb.len() / 20, "{filter}: {}", file.len());
            assert_eq!(
                text(&file).map(|t| t.text),
                Err(Problem::Oversized { page: Some(1) }),
                "{filter}"
            );
            // Through a form the page draws, the page that draws it.
            assert_eq!(
                text(&pdf(&bomb, Some(filter), true)).map(|t| t.text),
                Err(Problem::Oversized { page: Some(1) }),
                "{filter}, in a form"
            );
        }
        // Just under the limit, the same content is read.
        let within = b"BT /F1 12 Tf (a) Tj ET\n".repeat(1000);
        assert!(text(&pdf(&within, Some("FlateDecode"), false)).is_ok());
    }

    /// A one-page PDF drawing `page`, with the forms `forms`: each its
    /// content. The page and every form name every form (`/F<index>`), so
    /// what a form draws is up to its content.
    fn pdf_with_forms(page: &str, forms: &[&str]) -> Vec<u8> {
        let names: String = (0..forms.len())
            .map(|i| format!("/F{i} {} 0 R ", 5 + i))
            .collect();
        let resources = format!("<< /Font << /F 4 0 R >> /XObject << {names}>> >>");
        let stream = |dict: &str, body: &str| {
            format!(
                "<< {dict} /Length {} >>\nstream\n{body}\nendstream",
                body.len()
            )
        };
        let mut objects = vec![
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {} 0 R \
                 /Resources {resources} >>",
                5 + forms.len()
            ),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
        ];
        for body in forms {
            objects.push(stream(
                &format!(
                    "/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources {resources}"
                ),
                body,
            ));
        }
        objects.push(stream("", page));
        assemble(&objects)
    }

    /// Forms that draw themselves, nest without end or fan out: the
    /// extractor would recurse until the stack overflowed (a crash, not a
    /// panic that could be caught) or read for hours. Refused unread.
    #[test]
    fn forms_drawn_inside_themselves_or_without_end_are_refused() {
        let text_of =
            |page: &str, forms: &[&str]| text(&pdf_with_forms(page, forms)).map(|t| t.text);
        let words = "BT /F 12 Tf 72 720 Td (Trainium) Tj ET";
        // Drawn twice, one after the other: read, twice.
        let twice = text_of("/F0 Do /F0 Do", &[words]);
        assert_eq!(twice.map(|t| t.matches("Trainium").count()), Ok(2));
        let overdrawn = Err(Problem::Overdrawn { page: 1 });
        // A form that draws itself, and two that draw each other.
        let itself = format!("{words} /F0 Do");
        assert_eq!(text_of("/F0 Do", &[&itself]), overdrawn);
        assert_eq!(text_of("/F0 Do", &["/F1 Do", "/F0 Do"]), overdrawn);
        // Forty forms, each drawing the next.
        let chain: Vec<String> = (1..=40).map(|i| format!("/F{i} Do")).collect();
        let mut chain: Vec<&str> = chain.iter().map(String::as_str).collect();
        chain.push(words);
        assert_eq!(text_of("/F0 Do", &chain), overdrawn);
        // Twelve levels, each drawing the next four times: 16 million.
        let fan: Vec<String> = (1..=12)
            .map(|i| format!("/F{i} Do /F{i} Do /F{i} Do /F{i} Do"))
            .collect();
        let mut fan: Vec<&str> = fan.iter().map(String::as_str).collect();
        fan.push(words);
        assert_eq!(text_of("/F0 Do", &fan), overdrawn);
    }

    /// A page drawing `/X1 Do`, its resources naming object 6 `X1` and
    /// object 5 the font, with object 6 made of `six` (a dictionary's
    /// inside) and `body` (its stream).
    fn pdf_with_six(page_dict_extra: &str, six: &str, body: &[u8]) -> Vec<u8> {
        let page = b"BT /F 12 Tf 72 720 Td (Trainium) Tj ET /X1 Do";
        assemble(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
                 /Resources << /Font << /F 5 0 R >> /XObject << /X1 6 0 R >> >> {page_dict_extra} >>"
            )
            .into_bytes(),
            [
                format!("<< /Length {} >>\nstream\n", page.len()).as_bytes(),
                page,
                b"\nendstream",
            ]
            .concat(),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
            [
                format!("<< {six} /Length {} >>\nstream\n", body.len()).as_bytes(),
                body,
                b"\nendstream",
            ]
            .concat(),
        ])
    }

    /// What the review of the guard found: anything a page draws is read as
    /// a drawing whatever its subtype, a filter list may be empty, `Do`s
    /// may come by the million, and a page tree may loop.
    #[test]
    fn the_guard_holds_for_what_the_extractor_reads_regardless() {
        // An image that draws itself: emptied before the extractor reads it.
        let image = pdf_with_six(
            "",
            "/Type /XObject /Subtype /Image /Width 1 /Height 1",
            b"/X1 Do",
        );
        assert_eq!(text(&image).map(|t| t.text), Ok("Trainium".to_string()));
        // A stream with no subtype that draws itself is read as a drawing.
        let plain = pdf_with_six("", "/Type /XObject", b"/X1 Do");
        assert_eq!(
            text(&plain).map(|t| t.text),
            Err(Problem::Overdrawn { page: 1 })
        );
        // No filter, in a list: the bytes themselves, held to the limit.
        let big = vec![b' '; MAX_CONTENT + 1];
        let unfiltered = pdf_with_six("", "/Type /XObject /Subtype /Form /Filter []", &big);
        assert!(matches!(text(&unfiltered), Err(Problem::Oversized { .. })));
        // Half a million `Do`s, each read back to its name only (searched
        // back in full, they took hours).
        let started = std::time::Instant::now();
        let many = b"Do ".repeat(500_000);
        let _ = text(&pdf_with_six("", "/Type /XObject /Subtype /Form", &many));
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
        // A page that is its own parent.
        let looped = pdf_with_six("/Parent 3 0 R", "/Type /XObject /Subtype /Form", b"");
        assert!(
            matches!(text(&looped), Err(Problem::Unreadable(_))),
            "{:?}",
            text(&looped)
        );
    }
}
