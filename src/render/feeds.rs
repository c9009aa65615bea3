//! The feeds: `feed.xml` (Atom) and `feed.json` (JSON Feed 1.1), one list
//! of entries written twice. An entry per edition, whose content is what
//! changed in it; an entry per source; an entry per timeline event that
//! has happened. Newest first, the latest [`MAX_ENTRIES`] of them.
//!
//! Without `base_url` the feeds are still written, with addresses relative
//! to the site root, where both files are (Atom resolves them against the
//! feed's own address, and so do the JSON Feed readers that fetch it); as
//! an entry's id must be an absolute name that never changes, it is then a
//! `urn:uuid:` made from the briefing's title and the entry's page.

use super::context::{EventView, SiteView};
use super::editions::{ChangeGroup, EditionView};
use super::escape_html;
use super::exports::{escape_xml, EventRecord, SourceRecord};
use super::hashed::Hashed;
use super::markdown::rooted;
use crate::model::{Date, SitePath};
use serde::Serialize;

/// Where the feeds' addresses start.
pub struct Addresses<'a> {
    /// The published address, ending in `/`; `None` for relative links.
    pub base: Option<&'a str>,
    /// What the ids are made from without a published address.
    pub title: &'a str,
}

impl Addresses<'_> {
    /// A page's address: absolute from `base`, or relative to the root.
    fn link(&self, path: &SitePath) -> String {
        format!("{}{}", self.base.unwrap_or(""), path.pretty())
    }

    /// A page's permanent name.
    fn id(&self, path: &SitePath) -> String {
        match self.base {
            Some(base) => format!("{base}{}", path.pretty()),
            None => urn(&format!("{}\n{}", self.title, path.pretty())),
        }
    }

    /// The root, for links in content: `@root/` becomes this.
    fn root(&self) -> &str {
        self.base.unwrap_or("")
    }
}

/// A name-based UUID (RFC 9562 version 8, from SHA-256) as a URN.
fn urn(name: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut b: [u8; 16] = Sha256::digest(name.as_bytes())[..16]
        .try_into()
        .expect("a SHA-256 digest has 32 bytes");
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// What the feeds are made from.
pub struct Inputs<'a> {
    pub site: &'a SiteView,
    pub as_of: Date,
    pub editions: &'a [Hashed<EditionView>],
    pub sources: &'a [SourceRecord<'a>],
    pub events: &'a [EventRecord<'a>],
    pub event_views: &'a [Hashed<EventView>],
}

/// The most entries a feed holds, newest first.
pub const MAX_ENTRIES: usize = 100;

/// The longest edition note an entry's title carries.
const TITLE_NOTE_CHARS: usize = 80;

/// One entry of both feeds.
struct Entry {
    id: String,
    title: String,
    link: String,
    /// The day it is dated to (a month or quarter: its first day).
    date: Date,
    summary: String,
    content_html: Option<String>,
}

/// An RFC 3339 timestamp for the first day of `date`.
fn stamp(date: &Date) -> String {
    let (y, m, d) = date.first_day();
    format!("{y:04}-{m:02}-{d:02}T00:00:00Z")
}

fn entries(at: &Addresses, inputs: &Inputs) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    for e in inputs.editions {
        let Some(date) = e.date.as_ref().and_then(|d| Date::parse(&d.iso)) else {
            continue;
        };
        // A short note names the entry; a long one is its summary only.
        let title = if e.note.is_empty() || e.note.chars().count() > TITLE_NOTE_CHARS {
            e.title.clone()
        } else {
            format!("{}: {}", e.title, e.note)
        };
        entries.push(Entry {
            id: at.id(&e.path),
            title,
            link: at.link(&e.path),
            date,
            summary: e.note.clone(),
            content_html: Some(edition_html(at, e)),
        });
    }
    for s in inputs.sources {
        let date = s.published.unwrap_or(inputs.as_of);
        entries.push(Entry {
            id: at.id(&s.page),
            title: format!("Source: {} ({})", s.title, s.publisher),
            link: at.link(&s.page),
            date,
            summary: format!("{} annotated passages", s.annotations.len()),
            content_html: None,
        });
    }
    for (e, view) in inputs
        .events
        .iter()
        .zip(inputs.event_views)
        .filter(|(_, v)| !v.expected)
    {
        entries.push(Entry {
            id: at.id(&view.path),
            title: format!("{}: {}", view.date.text, e.title),
            link: at.link(&view.path),
            date: e.date,
            summary: e.detail.unwrap_or_default().to_string(),
            content_html: None,
        });
    }
    // Newest first; an edition before what it reports on the same day.
    entries.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| b.content_html.is_some().cmp(&a.content_html.is_some()))
            .then_with(|| a.id.cmp(&b.id))
    });
    // A reader polls for what is new: the latest entries, not the archive
    // (at 10,000 sources, every source would make a feed of megabytes).
    entries.truncate(MAX_ENTRIES);
    entries
}

/// An edition's change list as HTML, with links from `at`.
fn edition_html(at: &Addresses, e: &EditionView) -> String {
    let mut html = String::new();
    if !e.note.is_empty() {
        html.push_str(&format!("<p>{}</p>\n", escape_html(&e.note)));
    }
    for group in &e.groups {
        group_html(at, group, &mut html);
    }
    rooted(html, at.root())
}

fn group_html(at: &Addresses, group: &ChangeGroup, html: &mut String) {
    html.push_str(&format!("<h3>{}</h3>\n<ul>\n", escape_html(&group.title)));
    for c in &group.changes {
        html.push_str("<li>");
        if c.correction {
            html.push_str("<strong>Correction.</strong> ");
        }
        if let Some(subject) = &c.subject {
            match &subject.path {
                Some(path) => html.push_str(&format!(
                    "<a href=\"{}\">{}</a> ",
                    escape_html(&at.link(path)),
                    escape_html(&subject.name)
                )),
                None => html.push_str(&format!("<em>{}</em> ", escape_html(&subject.name))),
            }
        }
        html.push_str(&escape_html(&c.text));
        if !c.diff.is_empty() {
            html.push_str("<br>");
            for part in &c.diff {
                let text = escape_html(&part.text);
                match part.op {
                    "added" => html.push_str(&format!("<ins>{text}</ins>")),
                    "removed" => html.push_str(&format!("<del>{text}</del>")),
                    _ => html.push_str(&text),
                }
            }
        }
        if let Some(note) = &c.note_html {
            html.push_str(&format!("<blockquote>{note}</blockquote>"));
        }
        html.push_str("</li>\n");
    }
    html.push_str("</ul>\n");
}

fn author(site: &SiteView) -> String {
    if site.authors.is_empty() {
        site.title.clone()
    } else {
        site.authors.join(", ")
    }
}

/// `feed.xml`.
pub fn atom(at: &Addresses, inputs: &Inputs) -> String {
    let site = inputs.site;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
    );
    xml.push_str(&format!("  <title>{}</title>\n", escape_xml(&site.title)));
    xml.push_str(&format!(
        "  <subtitle>{}</subtitle>\n",
        escape_xml(&site.question)
    ));
    let home = SitePath::new("index.html");
    xml.push_str(&format!("  <id>{}</id>\n", escape_xml(&at.id(&home))));
    let link = at.link(&home);
    xml.push_str(&format!(
        "  <link href=\"{}\"/>\n",
        escape_xml(if link.is_empty() { "./" } else { &link })
    ));
    if let Some(base) = at.base {
        xml.push_str(&format!(
            "  <link rel=\"self\" href=\"{}feed.xml\"/>\n",
            escape_xml(base)
        ));
    }
    let entries = entries(at, inputs);
    // Updated when its newest entry was, or when the evidence was checked.
    let updated = entries
        .iter()
        .map(|e| e.date)
        .chain([inputs.as_of])
        .max()
        .unwrap_or(inputs.as_of);
    xml.push_str(&format!("  <updated>{}</updated>\n", stamp(&updated)));
    xml.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape_xml(&author(site))
    ));
    for e in &entries {
        xml.push_str(&format!(
            "  <entry>\n    <id>{}</id>\n    <title>{}</title>\n    <link href=\"{}\"/>\n    <updated>{}</updated>\n    <summary>{}</summary>\n",
            escape_xml(&e.id),
            escape_xml(&e.title),
            escape_xml(&e.link),
            stamp(&e.date),
            escape_xml(&e.summary)
        ));
        if let Some(content) = &e.content_html {
            xml.push_str(&format!(
                "    <content type=\"html\">{}</content>\n",
                escape_xml(content)
            ));
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    home_page_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    feed_url: Option<String>,
    language: &'a str,
    authors: [JsonAuthor; 1],
    items: Vec<JsonItem>,
}

#[derive(Serialize)]
struct JsonAuthor {
    name: String,
}

#[derive(Serialize)]
struct JsonItem {
    id: String,
    url: String,
    title: String,
    /// JSON Feed needs `content_html` or `content_text` in every item.
    #[serde(skip_serializing_if = "Option::is_none")]
    content_html: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_text: Option<String>,
    summary: String,
    date_published: String,
}

/// `feed.json`.
pub fn json(at: &Addresses, inputs: &Inputs) -> Vec<u8> {
    let site = inputs.site;
    let feed = JsonFeed {
        version: "https://jsonfeed.org/version/1.1",
        title: &site.title,
        description: &site.question,
        home_page_url: at.base.map(str::to_string),
        feed_url: at.base.map(|b| format!("{b}feed.json")),
        language: &site.lang,
        authors: [JsonAuthor { name: author(site) }],
        items: entries(at, inputs)
            .into_iter()
            .map(|e| JsonItem {
                content_text: e.content_html.is_none().then(|| e.summary.clone()),
                id: e.id,
                url: e.link,
                title: e.title,
                content_html: e.content_html,
                summary: e.summary,
                date_published: stamp(&e.date),
            })
            .collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&feed).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_without_an_address_are_stable_uuids() {
        let a = urn("Widgets\neditions/2/");
        assert_eq!(a, urn("Widgets\neditions/2/"));
        assert_ne!(a, urn("Widgets\neditions/3/"));
        let hex = a.strip_prefix("urn:uuid:").unwrap();
        let parts: Vec<usize> = hex.split('-').map(str::len).collect();
        assert_eq!(parts, [8, 4, 4, 4, 12]);
        // Version 8, RFC 9562 variant.
        assert_eq!(&hex[14..15], "8");
        assert!("89ab".contains(&hex[19..20]));
    }
}
