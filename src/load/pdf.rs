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
use pdf_extract::{Document, Object, PlainTextOutput};

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
    Ok(doc)
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
}
