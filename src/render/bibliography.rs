//! The sources, and the briefing itself, as bibliographies for reference
//! managers and Pandoc: BibLaTeX (`.bib`), CSL-JSON (`.csl.json`) and RIS
//! (`.ris`), one file of each for all sources (a file per source would
//! make a large archive larger still) and one for the briefing.
//!
//! Dates keep their precision: a month is cited as a month, not as its
//! first day. Authors are kept whole as written (`"R. Reporter"`), since
//! splitting a name into given and family parts cannot be done right for
//! every culture's names; each format has a way to say "this name as is".

use super::exports::SourceRecord;
use crate::model::{Date, DatePrecision};
use serde_json::{json, Value};

/// The briefing as a work to cite: this site, in its latest edition.
pub struct Briefing<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub authors: &'a [String],
    /// The latest edition's number and day of issue, when there is one.
    pub edition: Option<(u32, &'a str)>,
    pub as_of: Date,
    pub url: Option<&'a str>,
}

/// The kinds of document, in each format's words.
struct Kinds {
    bib: &'static str,
    csl: &'static str,
    ris: &'static str,
}

fn kinds(kind: &str) -> Kinds {
    match kind {
        "news" => Kinds {
            bib: "article",
            csl: "article-newspaper",
            ris: "NEWS",
        },
        "newsletter" => Kinds {
            bib: "online",
            csl: "post-weblog",
            ris: "BLOG",
        },
        "primary" => Kinds {
            bib: "report",
            csl: "report",
            ris: "RPRT",
        },
        // Analysis, opinion, and what has no kind.
        _ => Kinds {
            bib: "online",
            csl: "webpage",
            ris: "ELEC",
        },
    }
}

/// The date's parts as CSL's `date-parts`: `[2026]`, `[2026, 6]`, or
/// `[2026, 6, 18]`; a quarter is its year (CSL has no quarters), with
/// the quarter kept in `season`.
fn date_parts(date: Date) -> Value {
    let (y, m, d) = date.first_day();
    match date.precision() {
        DatePrecision::Year => json!({ "date-parts": [[y]] }),
        DatePrecision::Quarter => json!({
            "date-parts": [[y]],
            "season": date.quarter_number().unwrap_or(1),
        }),
        DatePrecision::Month => json!({ "date-parts": [[y, m]] }),
        DatePrecision::Day => json!({ "date-parts": [[y, m, d]] }),
    }
}

/// The sources as CSL-JSON, for Pandoc's citeproc and Zotero.
pub fn sources_csl(sources: &[SourceRecord], out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let items = super::hashed::Each(|| sources.iter().map(source_csl));
    super::exports::write_json(out, &items)
}

fn source_csl(s: &SourceRecord) -> Value {
    let mut item = json!({
        "id": s.id,
        "type": kinds(s.kind).csl,
        "title": s.title,
        "container-title": s.publisher,
        "publisher": s.publisher,
    });
    if let Some(author) = &s.author {
        item["author"] = json!([{ "literal": author }]);
    }
    if let Some(date) = s.published {
        item["issued"] = date_parts(date);
    }
    if let Some(url) = &s.url {
        item["URL"] = json!(url);
    }
    if let Some(note) = &s.published_note {
        item["note"] = json!(note);
    }
    item
}

/// The briefing as CSL-JSON.
pub fn briefing_csl(b: &Briefing) -> Vec<u8> {
    let mut item = json!({
        "id": b.id,
        "type": "report",
        "title": b.title,
        "author": b.authors.iter().map(|a| json!({ "literal": a })).collect::<Vec<_>>(),
        "issued": date_parts(issued(b)),
    });
    if let Some((n, _)) = b.edition {
        item["edition"] = json!(n.to_string());
    }
    if let Some(url) = b.url {
        item["URL"] = json!(url);
    }
    super::exports::json(&json!([item]))
}

/// When the briefing was issued: its latest edition's day, or its as-of
/// date before the first edition.
fn issued(b: &Briefing) -> Date {
    b.edition
        .and_then(|(_, day)| Date::parse(day))
        .unwrap_or(b.as_of)
}

/// Text for a BibLaTeX field: LaTeX's special characters escaped, white
/// space made single spaces, so that a title with `&` or `%` neither
/// breaks the file nor changes its meaning.
fn bib_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            match c {
                '\\' => out.push_str("\\textbackslash{}"),
                '{' | '}' | '%' | '&' | '#' | '$' | '_' => {
                    out.push('\\');
                    out.push(c);
                }
                '~' => out.push_str("\\textasciitilde{}"),
                '^' => out.push_str("\\textasciicircum{}"),
                c if c.is_control() => {}
                c => out.push(c),
            }
        }
    }
    out
}

/// An address for a `url` field, which BibLaTeX reads verbatim: only the
/// characters that would end the field or the entry are percent-encoded.
fn bib_url(url: &str) -> String {
    url.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .map(|c| match c {
            '{' => "%7B".to_string(),
            '}' => "%7D".to_string(),
            '\\' => "%5C".to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// A BibLaTeX date field: `2026`, `2026-06`, `2026-06-18`; a quarter as
/// its year (with the quarter in the note).
fn bib_date(date: Date) -> String {
    match date.precision() {
        DatePrecision::Quarter => format!("{:04}", date.year_number()),
        _ => date.iso(),
    }
}

fn bib_entry(kind: &str, key: &str, fields: &[(&str, String)]) -> String {
    let mut out = format!("@{kind}{{{key},\n");
    for (name, value) in fields {
        out.push_str(&format!("  {name} = {{{value}}},\n"));
    }
    out.push_str("}\n");
    out
}

/// The sources as BibLaTeX.
pub fn sources_bib(sources: &[SourceRecord]) -> Vec<u8> {
    let mut out = String::new();
    for s in sources {
        let kind = kinds(s.kind).bib;
        let mut fields = vec![("title", bib_text(s.title))];
        // Names are kept whole: double braces stop BibLaTeX splitting them.
        if let Some(author) = &s.author {
            fields.push(("author", format!("{{{}}}", bib_text(author))));
        }
        let container = if kind == "article" {
            "journaltitle"
        } else {
            "organization"
        };
        fields.push((container, bib_text(s.publisher)));
        if let Some(date) = s.published {
            fields.push(("date", bib_date(date)));
        }
        if let Some(url) = &s.url {
            fields.push(("url", bib_url(url)));
        }
        if let Some(note) = &s.published_note {
            fields.push(("note", bib_text(note)));
        }
        out.push_str(&bib_entry(kind, s.id, &fields));
        out.push('\n');
    }
    out.into_bytes()
}

/// The briefing as BibLaTeX.
pub fn briefing_bib(b: &Briefing) -> Vec<u8> {
    let mut fields = vec![("title", bib_text(b.title))];
    if !b.authors.is_empty() {
        let names: Vec<String> = b
            .authors
            .iter()
            .map(|a| format!("{{{}}}", bib_text(a)))
            .collect();
        fields.push(("author", names.join(" and ")));
    }
    fields.push(("type", "Research briefing".into()));
    fields.push(("date", bib_date(issued(b))));
    if let Some((n, _)) = b.edition {
        fields.push(("version", format!("Edition {n}")));
    }
    if let Some(url) = b.url {
        fields.push(("url", bib_url(url)));
    }
    bib_entry("report", b.id, &fields).into_bytes()
}

/// A RIS line: its tag and value, the value on one line.
fn ris_line(out: &mut String, tag: &str, value: &str) {
    let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if !value.is_empty() {
        out.push_str(&format!("{tag}  - {value}\r\n"));
    }
}

/// A RIS date: `2026/06/18/`, `2026/06//`, `2026///`.
fn ris_date(date: Date) -> String {
    let (y, m, d) = date.first_day();
    match date.precision() {
        DatePrecision::Year | DatePrecision::Quarter => format!("{y:04}///"),
        DatePrecision::Month => format!("{y:04}/{m:02}//"),
        DatePrecision::Day => format!("{y:04}/{m:02}/{d:02}/"),
    }
}

/// The sources as RIS, for Zotero, EndNote and the other reference
/// managers (lines end in CR LF, as the format asks).
pub fn sources_ris(sources: &[SourceRecord]) -> Vec<u8> {
    let mut out = String::new();
    for s in sources {
        ris_line(&mut out, "TY", kinds(s.kind).ris);
        ris_line(&mut out, "ID", s.id);
        ris_line(&mut out, "TI", s.title);
        if let Some(author) = &s.author {
            ris_line(&mut out, "AU", author);
        }
        ris_line(&mut out, "T2", s.publisher);
        ris_line(&mut out, "PB", s.publisher);
        if let Some(date) = s.published {
            ris_line(&mut out, "PY", &format!("{:04}", date.year_number()));
            ris_line(&mut out, "DA", &ris_date(date));
        }
        if let Some(url) = &s.url {
            ris_line(&mut out, "UR", url);
        }
        if let Some(note) = &s.published_note {
            ris_line(&mut out, "N1", note);
        }
        out.push_str("ER  - \r\n\r\n");
    }
    out.into_bytes()
}

/// The briefing as RIS.
pub fn briefing_ris(b: &Briefing) -> Vec<u8> {
    let mut out = String::new();
    ris_line(&mut out, "TY", "RPRT");
    ris_line(&mut out, "ID", b.id);
    ris_line(&mut out, "TI", b.title);
    for author in b.authors {
        ris_line(&mut out, "AU", author);
    }
    let date = issued(b);
    ris_line(&mut out, "PY", &format!("{:04}", date.year_number()));
    ris_line(&mut out, "DA", &ris_date(date));
    if let Some((n, _)) = b.edition {
        ris_line(&mut out, "ET", &format!("Edition {n}"));
    }
    if let Some(url) = b.url {
        ris_line(&mut out, "UR", url);
    }
    out.push_str("ER  - \r\n");
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latex_specials_are_escaped_and_urls_kept_whole() {
        assert_eq!(
            bib_text("AT&T's 50% {cut}\n_now_ \\ $5 ~ ^ #1"),
            "AT\\&T's 50\\% \\{cut\\} \\_now\\_ \\textbackslash{} \\$5 \\textasciitilde{} \
             \\textasciicircum{} \\#1"
        );
        assert_eq!(
            bib_url("https://x.example/a?b=1&c=%20{d}"),
            "https://x.example/a?b=1&c=%20%7Bd%7D"
        );
    }

    #[test]
    fn dates_keep_their_precision() {
        let d = |t: &str| Date::parse(t).unwrap();
        assert_eq!(
            date_parts(d("2026-06")),
            json!({ "date-parts": [[2026, 6]] })
        );
        assert_eq!(
            date_parts(d("2026-Q2")),
            json!({ "date-parts": [[2026]], "season": 2 })
        );
        assert_eq!(ris_date(d("2026-06-18")), "2026/06/18/");
        assert_eq!(ris_date(d("2026-06")), "2026/06//");
        assert_eq!(bib_date(d("2026-Q3")), "2026");
        assert_eq!(bib_date(d("2026-06-18")), "2026-06-18");
    }

    #[test]
    fn a_ris_value_stays_on_its_line() {
        let mut out = String::new();
        ris_line(&mut out, "TI", "Two\nlines\r\nhere");
        assert_eq!(out, "TI  - Two lines here\r\n");
    }
}
