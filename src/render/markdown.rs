//! Markdown to HTML, the way a briefing needs it.
//!
//! pulldown-cmark does the parsing; this module adjusts its events so that
//! what an analyst pastes cannot change the page around it: raw HTML is shown
//! as text, links may only use safe schemes, and images from other hosts
//! become plain links (the site makes no request to another host). Headings
//! get ids for linking, and fenced code is highlighted by syntect into CSS
//! classes, whose stylesheets come from `highlight_css`.

use crate::model::prose::{self, Found, Piece};
use crate::model::Target;
use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, LinkType, Tag, TagEnd};
use std::collections::HashSet;
use std::sync::LazyLock;
use syntect::highlighting::{Color, FontStyle, Highlighter, Style, Theme, ThemeSet};
use syntect::parsing::{ParseState, ScopeStack, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Loaded on first use only: a briefing without code never pays for it.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The light and the dark theme code is coloured with, and each one's
/// colours in a fixed order. A token is given one class per theme naming
/// its colour there (`l3 d5`), resolved by syntect as it would colour the
/// token inline: a few bytes a token, where classes naming each scope of
/// the token's stack (`hl-string hl-unquoted hl-plain ...`, nested once per
/// scope) took a hundred or more and made code the largest part of a
/// source page.
static THEMES: LazyLock<[Palette; 2]> = LazyLock::new(|| {
    let mut set = ThemeSet::load_defaults();
    let mut take = |name: &str| Palette::of(set.themes.remove(name).unwrap_or_default());
    [take("InspiredGitHub"), take("base16-ocean.dark")]
});

/// A theme and its distinct colours.
struct Palette {
    theme: Theme,
    colors: Vec<Color>,
}

impl Palette {
    fn of(theme: Theme) -> Palette {
        let mut colors: Vec<Color> = Vec::new();
        let styles = theme.scopes.iter().map(|item| &item.style);
        for color in styles.flat_map(|s| [s.foreground, s.background]).flatten() {
            if !colors.contains(&color) {
                colors.push(color);
            }
        }
        Palette { theme, colors }
    }

    /// The position of `color` among the theme's colours; `None` for the
    /// theme's default, which needs no class.
    fn index(&self, color: Color, default: Option<Color>) -> Option<usize> {
        if Some(color) == default {
            return None;
        }
        self.colors.iter().position(|&c| c == color)
    }
}

/// The classes of a token coloured `light` in the light theme and `dark` in
/// the dark one: `l<n>` and `d<n>` for its colour in each, `lb<n>` and
/// `db<n>` for a background, `b`, `i` and `u` for the light theme's bold,
/// italic and underline.
fn token_classes(light: Style, dark: Style) -> String {
    let [l, d] = &*THEMES;
    let mut classes = Vec::new();
    let mut add = |prefix: &str, palette: &Palette, color: Color, default: Option<Color>| {
        if let Some(i) = palette.index(color, default) {
            classes.push(format!("{prefix}{i}"));
        }
    };
    add("l", l, light.foreground, l.theme.settings.foreground);
    add("d", d, dark.foreground, d.theme.settings.foreground);
    add("lb", l, light.background, l.theme.settings.background);
    add("db", d, dark.background, d.theme.settings.background);
    for (style, class) in [
        (FontStyle::BOLD, "b"),
        (FontStyle::ITALIC, "i"),
        (FontStyle::UNDERLINE, "u"),
    ] {
        if light.font_style.contains(style) {
            classes.push(class.to_string());
        }
    }
    classes.join(" ")
}

/// How inline references are shown: the render stage's views know what
/// each record looks like.
pub trait Cites {
    /// The word that introduces a block's notes to a screen reader.
    fn evidence(&self) -> &str {
        "Evidence"
    }

    /// The HTML of a reference whose element gets the id `anchor` (none
    /// when empty), and of its note, when it has one; `None` shows the
    /// reference as written.
    fn show(&self, found: &Found, anchor: &str) -> Option<Shown>;
}

/// A reference as HTML.
pub struct Shown {
    /// Phrasing content: it stands in the sentence.
    pub link: String,
    /// Phrasing content, shown beside the block (or under it on narrow
    /// screens, and as a numbered note in print).
    pub note: Option<String>,
}

/// Shows references as written: for text that no briefing is behind.
pub struct AsWritten;

impl Cites for AsWritten {
    fn show(&self, _: &Found, _: &str) -> Option<Shown> {
        None
    }
}

/// Where links to the site's own pages start, in prose rendered once for
/// pages at any depth: [`rooted`] makes it the page's way back to the
/// root. Escaped text cannot hold it (its quote mark would be `&quot;`).
pub const ROOT: &str = "href=\"@root/";

/// The searchers of [`push_rooted`], [`unindent`] and
/// [`aligned_by_class`], made once: making one costs more than searching a
/// short piece of a page with it.
static FIND_ROOT: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(ROOT.as_bytes()));
static FIND_INDENT: LazyLock<[memchr::memmem::Finder<'static>; 2]> = LazyLock::new(|| {
    [
        memchr::memmem::Finder::new(b"\n "),
        memchr::memmem::Finder::new(b"\n\t"),
    ]
});
static FIND_ALIGN: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(ALIGN_STYLE.as_bytes()));

/// How pulldown-cmark writes a table cell's alignment.
const ALIGN_STYLE: &str = " style=\"text-align: ";

/// Points the prose's links to the site's pages from a page whose way
/// back to the root is `root` ("", "../", ...).
pub fn rooted(html: String, root: &str) -> String {
    if FIND_ROOT.find(html.as_bytes()).is_none() {
        return html;
    }
    let mut out = Vec::with_capacity(html.len());
    push_rooted(&mut out, html.as_bytes(), root);
    // ASCII replaced by ASCII and the root: still UTF-8.
    String::from_utf8(out).unwrap_or(html)
}

/// Appends `text` to `out`, its links to the site's pages pointed from a
/// page whose way back to the root is `root`.
fn push_rooted(out: &mut Vec<u8>, text: &[u8], root: &str) {
    let mut from = 0;
    for at in FIND_ROOT.find_iter(text) {
        out.extend_from_slice(&text[from..at]);
        out.extend_from_slice(b"href=\"");
        out.extend_from_slice(root.as_bytes());
        from = at + ROOT.len();
    }
    out.extend_from_slice(&text[from..]);
}

/// Drops the indentation at the start of each line, and blank lines,
/// outside `<pre>` and `<textarea>`: the templates' nesting, a twentieth
/// of a page's bytes, which no reader sees (a run of white space between
/// tags or words shows as one space, and a line break is kept). Inside
/// those two elements white space is shown as written, so it is left
/// alone. In the same pass, what [`rooted`] does for `root`: a page is
/// copied once, not twice.
pub fn unindent(html: String, root: &str) -> String {
    let bytes = html.as_bytes();
    if FIND_INDENT.iter().all(|find| find.find(bytes).is_none()) {
        return rooted(html, root);
    }
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut copied = 0;
    // The end tag of the element whose white space must stay, when inside
    // one.
    let mut keep_until: Option<&[u8]> = None;
    let starts = |at: usize, tag: &[u8]| {
        bytes.len() >= at + tag.len() && bytes[at..at + tag.len()].eq_ignore_ascii_case(tag)
    };
    // The name ends the tag's name: `<pre>`, `<pre class=...>`, not `<prefix>`.
    let opens = |at: usize, name: &[u8]| {
        starts(at, name)
            && matches!(
                bytes.get(at + name.len()),
                Some(b'>' | b' ' | b'\t' | b'\n' | b'/')
            )
    };
    for at in memchr::memchr2_iter(b'\n', b'<', bytes) {
        if at < copied {
            continue;
        }
        if bytes[at] == b'<' {
            match keep_until {
                Some(end) if starts(at, end) => keep_until = None,
                Some(_) => {}
                None if opens(at, b"<pre") => keep_until = Some(b"</pre"),
                None if opens(at, b"<textarea") => keep_until = Some(b"</textarea"),
                None => {}
            }
            continue;
        }
        if keep_until.is_some() {
            continue;
        }
        let mut next = at + 1;
        while matches!(bytes.get(next), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            next += 1;
        }
        if next > at + 1 {
            // A link's `href="@root/` holds no white space, so no cut
            // falls inside one.
            push_rooted(&mut out, &bytes[copied..=at], root);
            copied = next;
        }
    }
    push_rooted(&mut out, &bytes[copied..], root);
    // Only ASCII white space after a line break was left out.
    String::from_utf8(out).unwrap_or(html)
}

/// Renders Markdown to HTML.
pub fn to_html(markdown: &str) -> String {
    prose_html(markdown, "", &AsWritten, false)
}

/// A block being rendered that may collect notes.
struct Block {
    /// Its start in the events.
    start: usize,
    notes: Vec<String>,
    /// Targets already noted in the block: a second reference to one adds
    /// no second note.
    noted: Vec<Target>,
}

/// Renders prose to HTML, its references shown by `cites`, with ids
/// `cite-<key>-<n>` (none when `key` is empty). A block (paragraph, list
/// item, table cell) that cites a claim is followed, inside it, by its
/// notes. `inline` is for prose shown within a line: a paragraph's notes
/// then come without the paragraph around them.
pub fn prose_html(markdown: &str, key: &str, cites: &dyn Cites, inline: bool) -> String {
    let mut events: Vec<Event> = Vec::new();
    let mut blocks: Vec<Block> = Vec::new();
    let mut nth = 0;
    let mut code: Option<(String, String)> = None;
    // For each open link or image: whether it is an image that became a
    // link, so its end is written as a link's. A stack, so nested images
    // (`![![![a](b)](c)](d)`) cost no search back through the events.
    let mut open: Vec<bool> = Vec::new();
    // Made at the first footnote, if there is one ([`footnote`]).
    let mut footnote_prefix = None;
    for piece in prose::pieces(markdown) {
        let event = match piece {
            Piece::Event(e) => e,
            Piece::Malformed(m) => Event::Text(m.written.into()),
            Piece::Ref(found) => {
                nth += 1;
                let anchor = if key.is_empty() {
                    String::new()
                } else {
                    format!("cite-{key}-{nth}")
                };
                match cites.show(&found, &anchor) {
                    Some(shown) => {
                        let mut link = shown.link;
                        if let (Some(note), Some(block)) = (shown.note, blocks.last_mut()) {
                            if block.noted.contains(&found.target) {
                                // Its note is already there: no number.
                                link = link.replacen("class=\"ref ", "class=\"ref again ", 1);
                            } else {
                                block.noted.push(found.target.clone());
                                block.notes.push(note);
                            }
                        }
                        events.push(Event::InlineHtml(link.into()));
                    }
                    None => events.push(Event::Text(
                        markdown.get(found.range).unwrap_or("").to_string().into(),
                    )),
                }
                continue;
            }
        };
        if let Some((lang, text)) = &mut code {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    events.push(Event::Html(highlight(lang, text).into()));
                    code = None;
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            // Raw HTML is shown, not interpreted.
            Event::Html(raw) => {
                events.push(Event::Start(Tag::Paragraph));
                events.push(Event::Text(raw));
                events.push(Event::End(TagEnd::Paragraph));
            }
            Event::InlineHtml(raw) => events.push(Event::Text(raw)),
            // Footnotes are named by their label (`[^1]` is `id="1"`): two
            // texts on one page (a digest and an annotation's note) would
            // share ids and each other's links. Named after the text.
            Event::FootnoteReference(label) => events.push(Event::FootnoteReference(
                footnote(&mut footnote_prefix, markdown, key, &label).into(),
            )),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                events.push(Event::Start(Tag::FootnoteDefinition(
                    footnote(&mut footnote_prefix, markdown, key, &label).into(),
                )))
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                open.push(false);
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: safe_url(dest_url),
                    title,
                    id,
                }))
            }
            Event::Start(Tag::Image {
                dest_url,
                title,
                id,
                ..
            }) if is_local(&dest_url) => {
                open.push(false);
                events.push(Event::Start(Tag::Image {
                    link_type: LinkType::Inline,
                    dest_url: safe_url(dest_url),
                    title,
                    id,
                }))
            }
            // An image elsewhere would make the reader's browser call that
            // host: link to it instead.
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                open.push(true);
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: safe_url(dest_url),
                    title,
                    id,
                }))
            }
            Event::End(TagEnd::Link) => {
                open.pop();
                events.push(Event::End(TagEnd::Link))
            }
            Event::End(TagEnd::Image) => {
                let became_link = open.pop().unwrap_or(false);
                events.push(Event::End(if became_link {
                    TagEnd::Link
                } else {
                    TagEnd::Image
                }))
            }
            Event::Start(tag) if prose::is_block(&tag) => {
                blocks.push(Block {
                    start: events.len(),
                    notes: Vec::new(),
                    noted: Vec::new(),
                });
                events.push(Event::Start(tag));
            }
            Event::End(end) if prose::is_block_end(&end) => {
                let block = blocks.pop();
                match block.filter(|b| !b.notes.is_empty()) {
                    None => events.push(Event::End(end)),
                    Some(block) => {
                        let notes = format!(
                            "<span class=\"notes\"><span class=\"visually-hidden\">{}: \
                             </span>{}</span>",
                            super::escape_html(cites.evidence()),
                            block.notes.concat()
                        );
                        match end {
                            TagEnd::Paragraph if inline && blocks.is_empty() => {
                                events[block.start] =
                                    Event::InlineHtml("<span class=\"said\">".into());
                                events.push(Event::InlineHtml(format!("</span>{notes}").into()));
                            }
                            TagEnd::Paragraph => {
                                events[block.start] =
                                    Event::Html("<p class=\"cites\"><span class=\"said\">".into());
                                events.push(Event::Html(format!("</span>{notes}</p>\n").into()));
                            }
                            TagEnd::Heading(_) => {
                                events.push(Event::End(end));
                                events.push(Event::Html(
                                    format!("<p class=\"cites\">{notes}</p>\n").into(),
                                ));
                            }
                            _ => {
                                events.push(Event::InlineHtml(notes.into()));
                                events.push(Event::End(end));
                            }
                        }
                    }
                }
            }
            other => events.push(other),
        }
    }
    add_heading_ids(&mut events);
    let tables = events
        .iter()
        .any(|e| matches!(e, Event::Start(Tag::Table(_))));
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    if tables {
        out = aligned_by_class(out);
    }
    out
}

/// Table alignment comes as inline styles, which the pages'
/// Content-Security-Policy blocks: each becomes a class, in one pass. Text
/// from the analyst cannot match, since its quotes are escaped.
fn aligned_by_class(html: String) -> String {
    let mut out = String::new();
    let mut copied = 0;
    for at in FIND_ALIGN.find_iter(html.as_bytes()) {
        let rest = &html[at + ALIGN_STYLE.len()..];
        let Some(align) = ["left", "center", "right"]
            .into_iter()
            .find(|align| rest.strip_prefix(align).is_some_and(|r| r.starts_with('"')))
        else {
            continue;
        };
        if out.is_empty() {
            out.reserve(html.len());
        }
        out.push_str(&html[copied..at]);
        out.push_str(" class=\"align-");
        out.push_str(align);
        out.push('"');
        copied = at + ALIGN_STYLE.len() + align.len() + 1;
    }
    if copied == 0 {
        return html;
    }
    out.push_str(&html[copied..]);
    out
}

/// Plain text set as the Markdown prose is: straight quotes made curly,
/// `--` an en dash, `---` an em dash, `...` an ellipsis. For titles,
/// statements and names shown beside prose; never for quotes, which are
/// shown as their source wrote them.
pub fn typographic(text: &str) -> String {
    if !text.contains(['"', '\'']) && !text.contains("--") && !text.contains("...") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let before = out.chars().last();
        // A quote opens at the start, after a space, an opening bracket,
        // a dash or another opening quote; otherwise it closes.
        let opens = before.is_none_or(|b| {
            b.is_whitespace()
                || matches!(
                    b,
                    '(' | '[' | '{' | '\u{2013}' | '\u{2014}' | '\u{201C}' | '\u{2018}' | '-'
                )
        });
        match c {
            '"' => out.push(if opens { '\u{201C}' } else { '\u{201D}' }),
            '\'' => out.push(if opens { '\u{2018}' } else { '\u{2019}' }),
            '-' if chars.get(i + 1) == Some(&'-') => {
                if chars.get(i + 2) == Some(&'-') {
                    out.push('\u{2014}');
                    i += 2;
                } else {
                    out.push('\u{2013}');
                    i += 1;
                }
            }
            '.' if chars.get(i + 1) == Some(&'.') && chars.get(i + 2) == Some(&'.') => {
                out.push('\u{2026}');
                i += 2;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// Renders Markdown that should read as one inline run (a title, a note):
/// a single paragraph is unwrapped.
pub fn to_inline_html(markdown: &str) -> String {
    let html = to_html(markdown);
    let trimmed = html.trim();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html,
    }
}

fn is_local(url: &str) -> bool {
    scheme(url).is_none() && !url.trim_start().starts_with("//")
}

/// The scheme of a URL, lowercased, if it has one.
fn scheme(url: &str) -> Option<String> {
    // Browsers ignore control characters and spaces inside a scheme
    // ("java\tscript:"), so they are ignored here too before judging it.
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect();
    let end = cleaned.find([':', '/', '?', '#'])?;
    (cleaned.as_bytes()[end] == b':').then(|| cleaned[..end].to_ascii_lowercase())
}

/// Keeps links to the web, mail and relative paths; anything else
/// (`javascript:`, `data:`, ...) becomes a dead `#`.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    match scheme(&url).as_deref() {
        None | Some("http") | Some("https") | Some("mailto") => url,
        Some(_) => CowStr::Borrowed("#"),
    }
}

/// Gives every heading an id from its text, unique within the document.
fn add_heading_ids(events: &mut [Event]) {
    let mut used: HashSet<String> = HashSet::new();
    // The next number to try for each base: a thousand headings of one
    // text must not try 1, 2, 3, ... again for each.
    let mut next: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { id: None, .. }) = &events[i] {
            let mut text = String::new();
            for e in &events[i + 1..] {
                match e {
                    Event::End(TagEnd::Heading(_)) => break,
                    Event::Text(t) | Event::Code(t) => text.push_str(t),
                    _ => {}
                }
            }
            let base = slug(&text);
            let base = if base.is_empty() {
                "section".to_string()
            } else if is_named_like_the_pages(&base)
                || is_named_like_the_pages(&format!("{base}-1"))
            {
                // `h-` takes it, and every number put after it (`## Quote`
                // twice would try `quote-1`, `quote-2`...), out of every
                // name and prefix the pages use; numbering below takes
                // care of a `-h` ending. So the search for a free id ends.
                format!("h-{base}")
            } else {
                base
            };
            let mut candidate = base.clone();
            let n = next.entry(base.clone()).or_insert(1);
            while is_the_pages_own(&candidate) || !used.insert(candidate.clone()) {
                candidate = format!("{base}-{n}");
                *n += 1;
            }
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(candidate.into());
            }
        }
        i += 1;
    }
}

/// The ids the default theme's pages give their own parts, as written in
/// `templates/`, and the beginnings of those made from a record or a
/// number (`quote-2`, `claim-<id>`, `cite-digest-1`, `fn-digest-1`). A
/// heading of the content must not take one: a claim page links to a
/// source's `#quote-2`, and a digest's `## Quote 2` placed before it would
/// catch the link. A test reads the templates and fails on an id missing
/// here.
const PAGE_IDS: [&str; 33] = [
    "all-claims",
    "as-of",
    "bear",
    "bottom-line",
    "bull",
    "by-status",
    "cases",
    "cite-text",
    "claim-count",
    "claim-details",
    "claim-filters",
    "claims",
    "claims-table",
    "evidence",
    "explore",
    "f-entity",
    "f-q",
    "f-reset",
    "f-source",
    "f-status",
    "f-topic",
    "front",
    "key-figures",
    "main",
    "search-form",
    "search-q",
    "search-results",
    "search-status",
    "site-q",
    "sources",
    "timeline",
    "watch",
    "what-changed",
];
const PAGE_ID_PREFIXES: [&str; 11] = [
    "bear-", "bull-", "cite-", "claim-", "event-", "fn-", "point-", "quote-", "source-", "status-",
    "summary-",
];

/// Whether `id` is one of [`PAGE_IDS`] or begins like the ids the pages
/// number or name after a record.
fn is_named_like_the_pages(id: &str) -> bool {
    PAGE_IDS.contains(&id)
        || PAGE_ID_PREFIXES.iter().any(|p| id.starts_with(p))
        || id
            .strip_prefix('y')
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether a heading may not have `id`: named like the pages' own parts,
/// or ending as the sections' labels (`-h`) and the charts' captions
/// (`-cap`) do.
fn is_the_pages_own(id: &str) -> bool {
    is_named_like_the_pages(id) || id.ends_with("-h") || id.ends_with("-cap")
}

/// A footnote's id: `fn-<key>-<label>` for a text with a key (unique on
/// its page, as its references' anchors are), else named by a hash of the
/// text, so that footnotes of different texts never share an id. The
/// `fn-<…>-` part is made at the text's first footnote and kept in
/// `prefix` for the others.
fn footnote(prefix: &mut Option<String>, markdown: &str, key: &str, label: &str) -> String {
    let prefix = prefix.get_or_insert_with(|| {
        if key.is_empty() {
            let hash = xxhash_rust::xxh3::xxh3_64(markdown.as_bytes()) as u32;
            format!("fn-{hash:08x}-")
        } else {
            format!("fn-{key}-")
        }
    });
    format!("{prefix}{label}")
}

/// A lowercase ASCII slug: letters and digits kept, other runs become `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// A highlighted (or, for an unknown language, escaped) code block.
fn highlight(lang: &str, code: &str) -> String {
    let lang_attr = escape_attr(lang);
    if !lang.is_empty() {
        let syntaxes = &*SYNTAXES;
        if let Some(syntax) = syntaxes.find_syntax_by_token(lang) {
            if let Some(html) = coloured(syntax, code) {
                return format!(
                    "<pre class=\"code\" data-lang=\"{lang_attr}\"><code>{html}</code></pre>\n"
                );
            }
        }
    }
    let mut escaped = String::with_capacity(code.len());
    html::push_html(&mut escaped, std::iter::once(Event::Text(code.into())));
    format!("<pre class=\"code\" data-lang=\"{lang_attr}\"><code>{escaped}</code></pre>\n")
}

/// `code` as HTML, each run of tokens of one colour in a `span` with its
/// [`token_classes`]; `None` when syntect cannot parse it.
fn coloured(syntax: &syntect::parsing::SyntaxReference, code: &str) -> Option<String> {
    let mut parse = Parsing::new(syntax);
    let mut stack = ScopeStack::new();
    let mut out = String::with_capacity(code.len() * 2);
    // The run being gathered: its classes and its text.
    type Run = (std::sync::Arc<str>, String);
    let mut run: Run = (std::sync::Arc::from(""), String::new());
    let close = |out: &mut String, run: &mut Run| {
        if run.1.is_empty() {
            return;
        }
        if !run.0.is_empty() {
            out.push_str("<span class=\"");
            out.push_str(&run.0);
            out.push_str("\">");
        }
        html::push_html(out, std::iter::once(Event::Text(run.1.as_str().into())));
        if !run.0.is_empty() {
            out.push_str("</span>");
        }
        run.1.clear();
    };
    let piece = |text: &str, stack: &ScopeStack, out: &mut String, run: &mut Run| {
        if text.is_empty() {
            return;
        }
        // Whitespace takes the run's classes: a colour cannot show on it.
        if !text.trim().is_empty() || run.1.is_empty() {
            let classes = classes_for(stack);
            if classes != run.0 {
                close(out, run);
                run.0 = classes;
            }
        }
        run.1.push_str(text);
    };
    for line in LinesWithEndings::from(code) {
        // The text between two scope changes is one token: coloured by
        // the scopes in force before the change at its end.
        let mut at = 0;
        let ops = parsed_line(&mut parse, line)?;
        for (pos, op) in ops.iter() {
            let pos = (*pos).min(line.len());
            if pos > at {
                piece(&line[at..pos], &stack, &mut out, &mut run);
                at = pos;
            }
            stack.apply(op).ok()?;
        }
        piece(&line[at..], &stack, &mut out, &mut run);
    }
    close(&mut out, &mut run);
    Some(out)
}

/// A block being parsed: the parser's state, and what it weighs
/// ([`state_weight`]; `None` when too large to remember).
struct Parsing {
    state: ParseState,
    weight: Option<usize>,
}

impl Parsing {
    fn new(syntax: &syntect::parsing::SyntaxReference) -> Parsing {
        let state = ParseState::new(syntax);
        Parsing {
            weight: state_weight(&state),
            state,
        }
    }
}

/// The scope changes syntect's parser finds in `line` from the state
/// `parse` is in, which it then leaves as the parser would. With the one
/// syntax set every block is parsed with ([`SYNTAXES`]), parsing is a
/// function of the state (which names its syntax) and the line alone, and
/// lines recur (a closing brace, a key of a configuration block, the same
/// call in many examples), so each thread remembers the lines it parsed:
/// a line seen before in the same state is not parsed again. Parsing was
/// most of a code block's cost, and a page's code blocks most of its
/// render's.
fn parsed_line(parse: &mut Parsing, line: &str) -> Option<Ops> {
    thread_local! {
        static SEEN: std::cell::RefCell<Seen> = std::cell::RefCell::default();
    }
    // A state can carry a line of the block (a heredoc's opening) or nest
    // deep: only lines parsed from a small one are remembered.
    let remember = line.len() <= Seen::LONGEST && parse.weight.is_some();
    if remember {
        let hit = SEEN.with(|seen| {
            let seen = seen.borrow();
            let parsed = seen
                .lines
                .get(line)?
                .iter()
                .find(|p| p.before == parse.state)?;
            Some((
                parsed.ops.clone(),
                parsed.after.clone(),
                parsed.after_weight,
            ))
        });
        if let Some((ops, after, weight)) = hit {
            parse.state = after;
            parse.weight = weight;
            return Some(ops);
        }
    }
    let before = remember.then(|| (parse.state.clone(), parse.weight));
    let ops: Ops = parse.state.parse_line(line, &SYNTAXES).ok()?.into();
    // Most lines leave the state as they found it: no need to weigh it.
    parse.weight = match &before {
        Some((state, weight)) if *state == parse.state => *weight,
        _ => state_weight(&parse.state),
    };
    if let (Some((before, Some(before_weight))), Some(after_weight)) = (before, parse.weight) {
        // The map's entry and the key's allocation, about.
        const ENTRY: usize = 64;
        let weight =
            before_weight + after_weight + line.len() + std::mem::size_of_val(&*ops) + ENTRY;
        SEEN.with(|seen| {
            let seen = &mut *seen.borrow_mut();
            if seen.bytes + weight > Seen::BYTES {
                seen.lines.clear();
                seen.bytes = 0;
            }
            seen.bytes += weight;
            seen.lines.entry(line.into()).or_default().push(Parsed {
                before,
                ops: ops.clone(),
                after: parse.state.clone(),
                after_weight: parse.weight,
            });
        });
    }
    Some(ops)
}

/// About what a parser state holds, in bytes, when it is at most
/// [`Seen::LARGEST_STATE`]; `None` for a larger one. syntect shows a
/// state's contents only through `Debug`, whose text is longer than what
/// it describes (each level's context, prototypes and captured text), so
/// its length is a bound; writing it stops at the limit.
fn state_weight(state: &ParseState) -> Option<usize> {
    struct Count(usize);
    impl std::fmt::Write for Count {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0 += s.len();
            if self.0 > Seen::LARGEST_STATE {
                Err(std::fmt::Error)
            } else {
                Ok(())
            }
        }
    }
    let mut count = Count(0);
    std::fmt::write(&mut count, format_args!("{state:?}")).ok()?;
    Some(count.0)
}

/// A line's scope changes, as syntect's parser gives them.
type Ops = std::rc::Rc<[(usize, syntect::parsing::ScopeStackOp)]>;

/// A line parsed from the state `before`: its changes and the state
/// after, with its weight.
struct Parsed {
    before: ParseState,
    ops: Ops,
    after: ParseState,
    after_weight: Option<usize>,
}

/// The lines a thread has parsed, by their text (see [`parsed_line`]).
#[derive(Default)]
struct Seen {
    /// About how many bytes the remembered lines hold.
    bytes: usize,
    lines: rustc_hash::FxHashMap<Box<str>, Vec<Parsed>>,
}

impl Seen {
    /// What a thread remembers before it starts again, the longest line
    /// it keeps, and the largest state: whatever the code, a thread holds
    /// at most about 8 MiB (states counted by their `Debug` text, which
    /// overstates them). At 10,000 sources of the benchmark, whose code
    /// blocks share most lines but not all, 2 MiB cost 3% more CPU.
    const BYTES: usize = 8 << 20;
    const LONGEST: usize = 256;
    const LARGEST_STATE: usize = 4096;
}

/// The [`token_classes`] of a token under `stack`. Both themes are
/// resolved for a stack once per thread: code has few distinct stacks, and
/// resolving one walks every rule of both themes, which was most of the
/// cost of colouring a block.
fn classes_for(stack: &ScopeStack) -> std::sync::Arc<str> {
    thread_local! {
        static KNOWN: std::cell::RefCell<rustc_hash::FxHashMap<Vec<syntect::parsing::Scope>, std::sync::Arc<str>>> =
            std::cell::RefCell::default();
    }
    KNOWN.with(|known| {
        let mut known = known.borrow_mut();
        if let Some(classes) = known.get(stack.as_slice()) {
            return classes.clone();
        }
        let [l, d] = &*THEMES;
        let classes: std::sync::Arc<str> = token_classes(
            Highlighter::new(&l.theme).style_for_stack(stack.as_slice()),
            Highlighter::new(&d.theme).style_for_stack(stack.as_slice()),
        )
        .into();
        // Bounded: pathological input cannot grow it without end.
        if known.len() >= 4096 {
            known.clear();
        }
        known.insert(stack.as_slice().to_vec(), classes.clone());
        classes
    })
}

fn escape_attr(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '.'))
        .collect()
}

/// The stylesheet for highlighted code: the light theme's colours, and
/// the dark one's under `prefers-color-scheme: dark` (where the light
/// classes give way first). See [`token_classes`].
pub fn highlight_css() -> String {
    let [l, d] = &*THEMES;
    let css = |c: Color| match c.a {
        255 => format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b),
        a => format!(
            "rgba({}, {}, {}, {:.3})",
            c.r,
            c.g,
            c.b,
            f32::from(a) / 255.0
        ),
    };
    let rules = |prefix: &str, palette: &Palette| -> String {
        palette
            .colors
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                format!(
                    "pre.code .{prefix}{i} {{ color: {} }}\npre.code .{prefix}b{i} {{ background-color: {} }}\n",
                    css(c),
                    css(c)
                )
            })
            .collect()
    };
    let reset: Vec<String> = (0..l.colors.len())
        .flat_map(|i| [format!("pre.code .l{i}"), format!("pre.code .lb{i}")])
        .collect();
    format!(
        "/* Code highlighting, generated by the build from syntect's themes {} and {}. */\n\
         {}pre.code .b {{ font-weight: bold }}\npre.code .i {{ font-style: italic }}\npre.code .u {{ text-decoration: underline }}\n\
         @media (prefers-color-scheme: dark) {{\n{} {{ color: inherit; background-color: transparent }}\n{}}}\n",
        l.theme.name.as_deref().unwrap_or("light"),
        d.theme.name.as_deref().unwrap_or("dark"),
        rules("l", l),
        reset.join(", "),
        rules("d", d),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indentation_goes_outside_pre_and_textarea() {
        let page = "<main>\n  <p>One\n    two</p>\n\n   \n  <pre class=\"code\"><code>a\n    b\n</code></pre>\n  <prefix>\n    x</prefix>\n<textarea>\n  kept</textarea>\n\t<p>é\n  ü</p>\n</main>\n";
        assert_eq!(
            unindent(page.to_string(), ""),
            "<main>\n<p>One\ntwo</p>\n<pre class=\"code\"><code>a\n    b\n</code></pre>\n<prefix>\nx</prefix>\n<textarea>\n  kept</textarea>\n<p>é\nü</p>\n</main>\n"
        );
        // Nothing to do: the same string back.
        assert_eq!(
            unindent("<p>a</p>\n<p>b</p>".into(), ""),
            "<p>a</p>\n<p>b</p>"
        );
        // An unclosed <pre> keeps everything after it.
        assert_eq!(unindent("<pre>\n  a\n  b".into(), ""), "<pre>\n  a\n  b");
        // The prose's links are pointed from the page in the same pass,
        // indented or not, and nothing else is.
        assert_eq!(
            unindent(
                "<ul>\n  <li><a href=\"@root/claims/x/index.html\">x</a></li>\n  <li><a href=\"@rootless\">y</a>".into(),
                "../../"
            ),
            "<ul>\n<li><a href=\"../../claims/x/index.html\">x</a></li>\n<li><a href=\"@rootless\">y</a>"
        );
        assert_eq!(
            unindent(
                "<a href=\"@root/a/\">a</a> <a href=\"@root/b/\">b</a>".into(),
                ""
            ),
            "<a href=\"a/\">a</a> <a href=\"b/\">b</a>"
        );
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = to_html("Hello <script>alert(1)</script>\n\n<div onclick=x>block</div>\n");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<div"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn unsafe_link_schemes_are_neutralised() {
        let html = to_html(
            "[a](javascript:alert(1)) [b](JaVa\tScRiPt:x) [c](https://ok.example/) [d](../rel/)",
        );
        assert!(!html.to_lowercase().contains("javascript"), "{html}");
        assert!(html.contains("href=\"https://ok.example/\""));
        assert!(html.contains("href=\"../rel/\""));
    }

    #[test]
    fn remote_images_become_links() {
        let html = to_html("![chart](https://elsewhere.example/x.png) ![local](img/x.png)");
        assert!(!html.contains("src=\"https://"), "{html}");
        assert!(
            html.contains("<a href=\"https://elsewhere.example/x.png\">chart</a>"),
            "{html}"
        );
        assert!(html.contains("<img src=\"img/x.png\""), "{html}");
    }

    #[test]
    fn repeated_headings_and_nested_images_take_linear_time() {
        // Guards against a blow-up, not a benchmark: each input is parsed
        // in a few milliseconds when linear, and in tens of seconds when
        // quadratic.
        let headings = "# Same\n\n".repeat(20_000);
        let started = std::time::Instant::now();
        let html = to_html(&headings);
        assert!(html.contains("id=\"same-19999\""));
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
        let images = format!(
            "{}x{}",
            "![".repeat(20_000),
            "](https://e.example/i.png)".repeat(20_000)
        );
        let started = std::time::Instant::now();
        let html = to_html(&images);
        assert!(!html.contains("<img"), "remote images stay links");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn headings_never_take_the_pages_own_anchors() {
        let html = to_html(
            "## Quote 2\n\n## Main\n\n## Point 1\n\n## Digest H\n\n## Quotes\n\n\
             ## Cite sources\n\n## Cite sources\n\n## Quote\n\n## Quote\n\n## Quote\n",
        );
        for id in [
            "h-quote-2",
            "h-main",
            "h-point-1",
            "digest-h-1",
            "quotes",
            // Ids that begin like the pages' own are numbered too, without
            // end: this loop once ran forever on `## Cite sources`.
            "h-cite-sources",
            "h-cite-sources-1",
            "h-quote",
            "h-quote-1",
            // `h-quote-2` is the first heading's.
            "h-quote-3",
        ] {
            assert!(html.contains(&format!("id=\"{id}\"")), "{id}: {html}");
        }
        for id in ["quote-2", "main", "point-1", "digest-h", "cite-sources"] {
            assert!(!html.contains(&format!("id=\"{id}\"")), "{id}: {html}");
        }
    }

    /// Every id the templates give a page's parts is one a heading may not
    /// take: a new one in a template fails here until it is listed.
    #[test]
    fn the_pages_own_ids_are_all_known() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "html") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (at, _) in text.match_indices(" id=\"") {
                let value = &text[at + 5..];
                let value = &value[..value.find('"').unwrap()];
                // What the id is made of before its first variable part:
                // a whole id, a prefix, or nothing (a record's own id).
                let fixed = value.split('{').next().unwrap();
                let example = if value.contains('{') {
                    format!("{fixed}1")
                } else {
                    fixed.to_string()
                };
                let suffix = value.rsplit('}').next().unwrap();
                if fixed.is_empty() {
                    // `{{ case.side }}-h`, `{{ ch.id }}-cap`: by their end.
                    assert!(
                        suffix.is_empty() || is_the_pages_own(&format!("x{suffix}")),
                        "{}: id=\"{value}\"",
                        path.display()
                    );
                    continue;
                }
                assert!(
                    is_the_pages_own(&example),
                    "{}: id=\"{value}\" is not in PAGE_IDS or PAGE_ID_PREFIXES",
                    path.display()
                );
            }
        }
    }

    #[test]
    fn headings_get_unique_ids() {
        let html = to_html("## What is new\n\n## What is new\n\n### `code` & more\n");
        assert!(html.contains("<h2 id=\"what-is-new\">"), "{html}");
        assert!(html.contains("<h2 id=\"what-is-new-1\">"), "{html}");
        assert!(html.contains("<h3 id=\"code-more\">"), "{html}");
    }

    #[test]
    fn fenced_code_is_highlighted_with_classes() {
        let html = to_html("```rust\nfn main() {}\n```\n\n```nosuchlang\n<b>\n```\n");
        assert!(html.contains("data-lang=\"rust\""), "{html}");
        assert!(html.contains("&lt;b&gt;"), "{html}");
        // Every class a token has is one the stylesheet colours, in one
        // theme or the other, and `fn` has a colour in both.
        let css = highlight_css();
        let classes: Vec<&str> = html
            .split("class=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .filter(|c| !c.starts_with("code"))
            .flat_map(|c| c.split(' '))
            .collect();
        assert!(!classes.is_empty(), "{html}");
        for class in &classes {
            assert!(
                css.contains(&format!("pre.code .{class} ")),
                "{class} in {css}"
            );
        }
        let keyword = html
            .split("\">fn")
            .next()
            .unwrap()
            .rsplit("class=\"")
            .next()
            .unwrap();
        let mut kinds = keyword.split(' ').map(|c| c.chars().next());
        assert!(kinds.any(|k| k == Some('l')), "{keyword}");
        assert!(keyword.split(' ').any(|c| c.starts_with('d')), "{keyword}");
        assert!(css.contains("@media (prefers-color-scheme: dark)"));
    }

    #[test]
    fn a_remembered_line_is_coloured_as_its_state_says() {
        // The same line outside a comment, inside one, and outside again:
        // the parser's state, not the text alone, decides its colours.
        let code = "let a = 1;\n/*\nlet a = 1;\n*/\nlet a = 1;\n";
        let block = format!("```rust\n{code}```\n");
        let lines = |html: &str| -> Vec<String> {
            let inner = html.split("<code>").nth(1).unwrap();
            inner.split('\n').map(str::to_string).collect()
        };
        // A fresh thread has remembered nothing: its colouring is the
        // parser's own.
        let fresh = std::thread::spawn({
            let block = block.clone();
            move || to_html(&block)
        })
        .join()
        .unwrap();
        // This one has seen these lines, in both states, before.
        let warm = std::thread::spawn({
            let block = block.clone();
            move || {
                to_html("```rust\n/*\nlet a = 1;\n*/\nlet a = 1;\nlet a = 1;\n```\n");
                to_html(&block)
            }
        })
        .join()
        .unwrap();
        assert_eq!(warm, fresh);
        let lines = lines(&fresh);
        // Outside the comment the number has a colour of its own; inside,
        // the line is the comment's (one run with the lines around it).
        assert!(lines[0].contains(">1</span>;"), "{fresh}");
        assert!(lines[4].ends_with(&lines[0]), "{fresh}");
        assert_eq!(lines[2], "let a = 1;", "{fresh}");
    }

    #[test]
    fn a_line_remembered_in_one_language_is_parsed_again_in_another() {
        // The same text in two languages, on a thread that has seen it in
        // the other first, against fresh threads.
        let blocks = [
            "```python\nx = [1, 'a']\n```\n",
            "```ruby\nx = [1, 'a']\n```\n",
        ];
        let fresh: Vec<String> = blocks
            .iter()
            .map(|b| {
                let b = b.to_string();
                std::thread::spawn(move || to_html(&b)).join().unwrap()
            })
            .collect();
        assert_ne!(fresh[0], fresh[1]);
        let warm = std::thread::spawn(move || {
            let first = to_html(blocks[1]);
            (to_html(blocks[0]), first, to_html(blocks[1]))
        })
        .join()
        .unwrap();
        assert_eq!(warm, (fresh[0].clone(), fresh[1].clone(), fresh[1].clone()));
    }

    #[test]
    fn a_large_parser_state_is_not_remembered() {
        let syntax = SYNTAXES.find_syntax_by_token("ruby").unwrap();
        let mut parse = ParseState::new(syntax);
        let small = state_weight(&parse).expect("a fresh state is small");
        assert!(small < 1024, "{small}");
        // A heredoc's opening is captured with its whole line, which every
        // state until its end carries.
        let opening = format!("x = f(<<~EOS, \"{}\")\n", "a".repeat(5000));
        parse.parse_line(&opening, &SYNTAXES).unwrap();
        assert_eq!(state_weight(&parse), None);
    }

    #[test]
    fn code_is_escaped_and_keeps_every_character() {
        let code = "let s = \"<a & b>\";\n\tx  += 1; // ünïcode\n";
        let html = to_html(&format!("```rust\n{code}```\n"));
        let inner = html
            .split("<code>")
            .nth(1)
            .unwrap()
            .split("</code>")
            .next()
            .unwrap();
        assert!(!inner.contains("<a "), "{inner}");
        let text: String = inner
            .split('<')
            .map(|part| part.split_once('>').map_or(part, |(_, t)| t))
            .collect();
        let text = text
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&");
        assert_eq!(text, code);
    }

    #[test]
    fn table_alignment_is_a_class_not_a_style() {
        let html =
            to_html("| a | b | c |\n|:--|--:|:-:|\n| 1 | 2 | 3 |\n\nstyle=\"text-align: left\"\n");
        assert!(html.contains("<th class=\"align-left\">a</th>"), "{html}");
        assert!(html.contains("<td class=\"align-right\">2</td>"), "{html}");
        assert!(html.contains("<td class=\"align-center\">3</td>"), "{html}");
        assert!(!html.contains(" style="), "{html}");
        // The analyst's own text stays text.
        assert!(html.contains("<p>style="), "{html}");
        // A table without alignment has neither.
        let plain = to_html("| a |\n|---|\n| 1 |\n");
        assert!(
            plain.contains("<th>a</th>") && plain.contains("<td>1</td>"),
            "{plain}"
        );
    }

    #[test]
    fn plain_text_gets_the_prose_punctuation() {
        assert_eq!(
            typographic("Amazon's \"merchant\" push -- a 'test'... 2026---27"),
            "Amazon\u{2019}s \u{201C}merchant\u{201D} push \u{2013} a \u{2018}test\u{2019}\u{2026} 2026\u{2014}27"
        );
        assert_eq!(
            typographic("in-house (\"x\")"),
            "in-house (\u{201C}x\u{201D})"
        );
        // The same as the Markdown renders it.
        let md = to_inline_html("Amazon's \"merchant\" push -- a 'test'...");
        assert_eq!(md, typographic("Amazon's \"merchant\" push -- a 'test'..."));
    }

    #[test]
    fn footnotes_of_two_texts_never_share_an_id() {
        let a = to_html("One[^1].\n\n[^1]: First.\n");
        let b = to_html("Two[^1].\n\n[^1]: Second.\n");
        let id = |html: &str| {
            let needle = "class=\"footnote-definition\" id=\"";
            let at = html.find(needle).unwrap() + needle.len();
            html[at..at + html[at..].find('"').unwrap()].to_string()
        };
        assert_ne!(id(&a), id(&b));
        assert!(id(&a).starts_with("fn-"), "{a}");
        // The reference leads to its own definition.
        assert!(a.contains(&format!("href=\"#{}\"", id(&a))), "{a}");
        // With a key, the key names them.
        let keyed = prose_html("Three[^n].\n\n[^n]: Third.\n", "digest", &AsWritten, false);
        assert!(keyed.contains("id=\"fn-digest-n\""), "{keyed}");
        assert!(keyed.contains("href=\"#fn-digest-n\""), "{keyed}");
    }

    #[test]
    fn tables_footnotes_strikethrough() {
        let html = to_html("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ text[^1]\n\n[^1]: note\n");
        assert!(html.contains("<table>"));
        assert!(html.contains("<del>old</del>"));
        assert!(html.contains("footnote"));
    }
}
