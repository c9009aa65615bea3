//! Helpers for the end-to-end tests: projects in temporary folders, running
//! the `briefing` binary as a user would, and reading what it wrote.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The seeds of the example briefing, when the shared folder is beside the
/// repository.
pub fn seeds() -> Option<PathBuf> {
    let dir = repo().join("../shared/seeds");
    dir.is_dir().then_some(dir)
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A project in a temporary folder: the named fixture's files plus the
/// repository's templates.
pub fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
    copy_dir(&repo().join("templates"), &dir.path().join("templates"));
    dir
}

/// The shipped example briefing in a temporary folder.
pub fn example() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    copy_dir(&repo().join("templates"), &dir.path().join("templates"));
    dir
}

pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn ok(&self) -> bool {
        self.code == Some(0)
    }
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

/// Runs the binary with `args` in `dir`.
pub fn briefing(dir: &Path, args: &[&str]) -> Run {
    Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
        .into()
}

/// Every file under `dir` with its bytes, for before/after comparisons.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return out;
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap().to_path_buf();
            out.insert(rel, fs::read(entry.path()).unwrap());
        }
    }
    out
}

pub fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn html(path: &Path) -> scraper::Html {
    scraper::Html::parse_document(&read(path))
}

pub fn select<'a>(doc: &'a scraper::Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = scraper::Selector::parse(css).unwrap();
    doc.select(&selector).collect()
}

pub fn text(el: &scraper::ElementRef) -> String {
    el.text()
        .collect::<Vec<_>>()
        .join("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Replaces the first `from` in a project file with `to`; returns the
/// 1-based line where the replacement starts.
pub fn edit(root: &Path, rel: &str, from: &str, to: &str) -> usize {
    let path = root.join(rel);
    let text = read(&path);
    let at = text
        .find(from)
        .unwrap_or_else(|| panic!("`{from}` not in {rel}"));
    let line = text[..at].matches('\n').count() + 1;
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
    line
}

/// Checks that every link and asset reference in the site's HTML resolves
/// to a file inside `public`, and every `#fragment` to an element id in its
/// target. Returns the problems, one line each.
pub fn broken_links(public: &Path) -> Vec<String> {
    let public = public.canonicalize().unwrap();
    let mut ids: BTreeMap<PathBuf, std::collections::BTreeSet<String>> = BTreeMap::new();
    let mut refs: Vec<(PathBuf, String)> = Vec::new();
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.unwrap();
        if entry.path().extension().and_then(|e| e.to_str()) != Some("html") {
            continue;
        }
        let doc = html(entry.path());
        let page = entry.path().to_path_buf();
        ids.insert(
            page.clone(),
            select(&doc, "[id]")
                .iter()
                .map(|e| e.value().attr("id").unwrap().to_string())
                .collect(),
        );
        for (css, attr) in [
            ("a[href]", "href"),
            ("link[href]", "href"),
            ("img[src]", "src"),
            ("script[src]", "src"),
        ] {
            for el in select(&doc, css) {
                refs.push((page.clone(), el.value().attr(attr).unwrap().to_string()));
            }
        }
    }
    let mut problems = Vec::new();
    for (page, target) in refs {
        let shown = format!(
            "{} -> {target}",
            page.strip_prefix(&public).unwrap().display()
        );
        if target.starts_with("https://")
            || target.starts_with("http://")
            || target.starts_with("mailto:")
        {
            continue;
        }
        let (path_part, fragment) = match target.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (target.as_str(), None),
        };
        let file = if path_part.is_empty() {
            page.clone()
        } else {
            let joined = page.parent().unwrap().join(path_part);
            match joined.canonicalize() {
                Ok(p) => p,
                Err(_) => {
                    problems.push(format!("{shown}: no such file"));
                    continue;
                }
            }
        };
        if !file.starts_with(&public) {
            problems.push(format!("{shown}: leaves the site"));
            continue;
        }
        if !file.is_file() {
            problems.push(format!(
                "{shown}: not a file (links must name index.html to work from disk)"
            ));
            continue;
        }
        if let Some(fragment) = fragment {
            if !ids.get(&file).is_some_and(|set| set.contains(fragment)) {
                problems.push(format!("{shown}: no element with id `{fragment}`"));
            }
        }
    }
    problems
}

/// Adds `n` more sources so a build takes long enough to be caught writing.
pub fn grow(root: &Path, n: usize) {
    let beta = read(&root.join("content/sources/beta.md"));
    let digest =
        "A paragraph that makes the page long enough to take a moment to write. ".repeat(60);
    for i in 0..n {
        std::fs::write(
            root.join(format!("content/sources/copy-{i:04}.md")),
            format!("{beta}\n{digest}\n"),
        )
        .unwrap();
    }
}

pub fn staging_dirs(root: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".public.tmp-")
        })
        .collect()
}

/// A full build of the project at `root` as it is now, into a folder of
/// its own beside `public/`: its files, or the report when it fails.
pub fn full_build_beside(root: &Path) -> Result<BTreeMap<PathBuf, Vec<u8>>, String> {
    let out = root.join("full-build");
    let mut options = briefing::BuildOptions::new(root);
    options.out = Some(out.clone());
    let built = briefing::build(&options).map_err(|p| p.render());
    let snap = snapshot(&out);
    let _ = fs::remove_dir_all(&out);
    built.map(|_| snap)
}

/// The files two snapshots do not agree on: in one only, or different.
pub fn differing<'a>(
    a: &'a BTreeMap<PathBuf, Vec<u8>>,
    b: &'a BTreeMap<PathBuf, Vec<u8>>,
) -> Vec<&'a PathBuf> {
    a.keys()
        .chain(b.keys())
        .filter(|p| a.get(*p) != b.get(*p))
        .collect()
}

/// A PDF made here, as a word processor would make one: each page's lines
/// set in Helvetica from the top, under a running header (`header`, with
/// the page number) and over a footer with the page number alone. In the
/// lines, `{fi}` is the "fi" ligature glyph. `info` is the document
/// information's entries (`Title`, `CreationDate` as `D:20260305...`),
/// `xmp` an XMP packet for the catalog's metadata.
pub fn pdf(header: &str, pages: &[&[&str]], info: &[(&str, &str)], xmp: Option<&str>) -> Vec<u8> {
    use pdf_extract::{Dictionary, Document, Object, Stream};
    let name = |n: &str| Object::Name(n.as_bytes().to_vec());
    let dict = |pairs: Vec<(&str, Object)>| {
        let mut d = Dictionary::new();
        for (k, v) in pairs {
            d.set(k, v);
        }
        d
    };
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    // Code 1 draws the "fi" ligature, as typesetters' fonts do.
    let encoding = dict(vec![
        ("Type", name("Encoding")),
        ("BaseEncoding", name("WinAnsiEncoding")),
        (
            "Differences",
            Object::Array(vec![Object::Integer(1), name("fi")]),
        ),
    ]);
    let font = doc.add_object(dict(vec![
        ("Type", name("Font")),
        ("Subtype", name("Type1")),
        ("BaseFont", name("Helvetica")),
        ("Encoding", Object::Dictionary(encoding)),
    ]));
    let resources = doc.add_object(dict(vec![(
        "Font",
        Object::Dictionary(dict(vec![("F1", Object::Reference(font))])),
    )]));
    let shown = |s: &str| -> String {
        let mut out = String::from("(");
        for c in s.replace("{fi}", "\u{1}").chars() {
            match c {
                '(' | ')' | '\\' => {
                    out.push('\\');
                    out.push(c);
                }
                '\u{1}' => out.push_str("\\001"),
                c => out.push(c),
            }
        }
        out.push(')');
        out
    };
    let mut kids = Vec::new();
    for (n, lines) in pages.iter().enumerate() {
        let mut ops = String::new();
        let mut line_at = |y: i32, s: &str| {
            ops.push_str(&format!("BT /F1 11 Tf 72 {y} Td {} Tj ET\n", shown(s)));
        };
        if !header.is_empty() {
            line_at(800, &format!("{header}    Page {}", n + 1));
        }
        for (i, l) in lines.iter().enumerate() {
            line_at(760 - 14 * i as i32, l);
        }
        if !header.is_empty() {
            line_at(40, &format!("{}", n + 1));
        }
        let content = doc.add_object(Stream::new(Dictionary::new(), ops.into_bytes()));
        kids.push(Object::Reference(doc.add_object(dict(vec![
            ("Type", name("Page")),
            ("Parent", Object::Reference(pages_id)),
            ("Contents", Object::Reference(content)),
        ]))));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dict(vec![
            ("Type", name("Pages")),
            ("Kids", Object::Array(kids)),
            ("Count", Object::Integer(count)),
            ("Resources", Object::Reference(resources)),
            (
                "MediaBox",
                Object::Array(vec![0.into(), 0.into(), 595.into(), 842.into()]),
            ),
        ])),
    );
    let catalog = doc.add_object(dict(vec![
        ("Type", name("Catalog")),
        ("Pages", Object::Reference(pages_id)),
    ]));
    doc.trailer.set("Root", Object::Reference(catalog));
    if !info.is_empty() {
        let entries = info
            .iter()
            .map(|(k, v)| (*k, Object::string_literal(*v)))
            .collect();
        let info = doc.add_object(dict(entries));
        doc.trailer.set("Info", Object::Reference(info));
    }
    if let Some(xmp) = xmp {
        let mut head = Dictionary::new();
        head.set("Type", name("Metadata"));
        head.set("Subtype", name("XML"));
        let stream = doc.add_object(Stream::new(head, xmp.as_bytes().to_vec()));
        if let Ok(Object::Dictionary(c)) = doc.get_object_mut(catalog) {
            c.set("Metadata", Object::Reference(stream));
        }
    }
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}
