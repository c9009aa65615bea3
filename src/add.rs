//! `briefing add source FILE|URL...`: a source file made from an original
//! as analysts keep it, or from a web address, so that the metadata is
//! read, not typed.
//!
//! For each original it fills what the file says about itself (a web
//! page's title, author, site name, publication date and canonical
//! address; a PDF's title, author and creation date; a text's first line
//! as its title), leaves the rest as
//! commented placeholders, copies the original into the originals folder
//! and writes `content/sources/<id>.md`. It never overwrites: an id or an
//! original already there is refused. Like `init`, it writes files itself,
//! outside the write stage, and only new ones.

use crate::contain;
use crate::load::{html, pdf, Metadata};
use crate::model::SourceId;
use crate::write;
use std::fs;
use std::path::{Path, PathBuf};

/// What adding one original did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    pub id: String,
    /// The source file written, from the project root.
    pub source: PathBuf,
    /// The fields read from the original.
    pub filled: Vec<&'static str>,
    /// The fields left for the analyst.
    pub left: Vec<&'static str>,
}

/// The originals of `inputs` (files, or folders of them) as new sources of
/// the project at `root`; `id` names the source when there is one input.
/// Each input is added or refused on its own.
pub fn add_sources(
    root: &Path,
    inputs: &[PathBuf],
    id: Option<&str>,
) -> Vec<Result<Added, String>> {
    let mut files: Vec<PathBuf> = Vec::new();
    for input in inputs {
        if is_address(input) {
            files.push(input.clone());
        } else if input.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(input)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file() && contain::has_original_extension(e.path()))
                .map(|e| e.into_path())
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    if id.is_some() && files.len() != 1 {
        return vec![Err(
            "--id names one source: give one original with it".into()
        )];
    }
    files
        .iter()
        .map(|f| {
            let (name, bytes, address) = if is_address(f) {
                let address = f.to_string_lossy().into_owned();
                let (name, bytes) = fetch(&address)?;
                (name, bytes, Some(address))
            } else {
                let (name, bytes) = read(f)?;
                (name, bytes, None)
            };
            let shown = f.display().to_string();
            add_source(root, &shown, &name, &bytes, address.as_deref(), id)
        })
        .collect()
}

/// Whether an input is a web address rather than a file.
fn is_address(input: &Path) -> bool {
    crate::model::is_web_address(&input.to_string_lossy())
}

/// A file's name and bytes, when it is an original's kind of file.
fn read(file: &Path) -> Result<(String, Vec<u8>), String> {
    let shown = file.display();
    if !contain::has_original_extension(file) {
        return Err(format!(
            "{shown}: not an original's kind of file (use one ending in {})",
            contain::extension_list()
        ));
    }
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| format!("{shown}: has no file name"))?;
    let bytes = fs::read(file).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    Ok((name, bytes))
}

/// How long fetching a page may take, all told.
const FETCH_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// The document at a web address, and a file name for it in the originals
/// folder: the address's last part, with the extension its content type
/// calls for (`.html`, `.pdf`, `.txt`).
fn fetch(address: &str) -> Result<(String, Vec<u8>), String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(FETCH_TIMEOUT))
        .http_status_as_error(false)
        .proxy(ureq::Proxy::try_from_env())
        .user_agent(concat!(
            "briefing/",
            env!("CARGO_PKG_VERSION"),
            " (saving a source a briefing cites)"
        ))
        .build()
        .into();
    let response = agent
        .get(address)
        .call()
        .map_err(|e| format!("{address}: cannot fetch: {e}"))?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!(
            "{address}: the server answered {status}\n  = hint: check the address in a browser; \
             a page behind a login or a paywall can be saved from the browser and added as a file"
        ));
    }
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    let bytes = response
        .into_body()
        .with_config()
        .limit(crate::load::MAX_ORIGINAL_BYTES)
        .read_to_vec()
        .map_err(|e| format!("{address}: cannot read the answer: {e}"))?;
    let path = address
        .split(['?', '#'])
        .next()
        .unwrap_or(address)
        .trim_end_matches('/');
    let last = path.rsplit('/').next().unwrap_or("");
    let (stem, written_extension) = match last.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, ext.to_ascii_lowercase()),
        _ => (last, String::new()),
    };
    let extension = match kind.as_str() {
        "text/html" | "application/xhtml+xml" => "html",
        "application/pdf" => "pdf",
        "text/plain" => "txt",
        "text/markdown" => "md",
        _ if crate::contain::ORIGINAL_EXTENSIONS.contains(&written_extension.as_str()) => {
            written_extension.as_str()
        }
        "" => "html",
        other => {
            return Err(format!(
                "{address}: the server sent {other}, not a web page, PDF or text\n  = hint: save \
                 the document from the browser and add the file"
            ))
        }
    };
    // The last part of the address, or the host when it has none.
    let host = address
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split(['/', ':', '?', '#']).next())
        .unwrap_or("page");
    let base = crate::render::markdown::slug(if stem.is_empty() { host } else { stem });
    let base = if base.is_empty() { "page".into() } else { base };
    Ok((format!("{base}.{extension}"), bytes))
}

/// Adds one original (named `name`, `shown` so in messages) as a new
/// source; `address` is where it was fetched from, if it was.
fn add_source(
    root: &Path,
    shown: &str,
    name: &str,
    bytes: &[u8],
    address: Option<&str>,
    id: Option<&str>,
) -> Result<Added, String> {
    let mut meta = metadata(name, bytes).map_err(|e| format!("{shown}: {e}"))?;
    // The page's own canonical address first: the one fetched may carry
    // tracking parameters or be a redirect.
    if meta.url.is_none() {
        meta.url = address.map(str::to_string);
    }
    let id = match id {
        Some(id) => SourceId::parse(id)
            .map_err(|why| format!("--id `{id}` is not a valid id: {why}"))?
            .to_string(),
        None => id_from(meta.title.as_deref(), name),
    };
    let sources = root.join("content/sources");
    if let Some(target) = contain::linked_out_of(root, &sources) {
        return Err(format!(
            "{}; make it a folder of the project",
            contain::linked_out_message("content/sources/", &target)
        ));
    }
    let source = sources.join(format!("{id}.md"));
    // Anything at the name counts, a link to nowhere too: writing there
    // would follow it out of the project.
    if fs::symlink_metadata(&source).is_ok() {
        return Err(format!(
            "{shown}: content/sources/{id}.md exists already; give another id with --id"
        ));
    }
    let originals = originals_folder(root)?;
    let copy = originals.join(name);
    if fs::symlink_metadata(&copy).is_ok() {
        return Err(format!(
            "{shown}: {} exists already in the originals folder; rename the file",
            name
        ));
    }
    let date = meta
        .published
        .as_deref()
        .and_then(|p| p.get(..10))
        .filter(|d| crate::model::Date::parse(d).is_some());
    let mut filled = Vec::new();
    let mut left = Vec::new();
    let mut field = |key: &'static str, value: Option<&str>, placeholder: &str| -> String {
        match value {
            Some(v) => {
                filled.push(key);
                format!("{key}: {}\n", yaml_quoted(v))
            }
            None => {
                left.push(key);
                format!("# {key}: {placeholder}\n")
            }
        }
    };
    let mut yaml = String::new();
    yaml.push_str(&field(
        "title",
        meta.title.as_deref(),
        "\"The document's title\"",
    ));
    yaml.push_str(&field(
        "publisher",
        meta.publisher.as_deref(),
        "\"Who published it\"",
    ));
    yaml.push_str(&field("author", meta.author.as_deref(), "\"Who wrote it\""));
    yaml.push_str(&field(
        "published",
        date,
        "2026-06-18   # or 2026-06, 2026-Q2, 2026",
    ));
    yaml.push_str(&field("url", meta.url.as_deref(), "\"https://...\""));
    let body = format!(
        "---\n{yaml}kind: news   # or analysis, opinion, newsletter, primary\noriginal: {}\n\
         annotations: []\n# annotations:\n#   - claim: claim-id\n#     quote: \"the words as the \
         original has them\"   # briefing quote {id} \"words\" finds them\n#     stance: \
         supports   # or qualifies, disputes\n---\nYour digest: what the document adds, what it \
         gets wrong, and how far to trust it.\n",
        yaml_quoted(name)
    );
    fs::create_dir_all(&sources).map_err(|e| format!("content/sources: {e}"))?;
    // Both or neither: a copy left by a failed write would make every
    // retry fail as "exists already".
    write::write_new(&copy, bytes).map_err(|e| format!("cannot write {e}"))?;
    write::write_new(&source, body.as_bytes()).map_err(|e| {
        let _ = fs::remove_file(&copy);
        format!("cannot write {e}")
    })?;
    // Always the analyst's: what kind of document it is, and its quotes.
    left.extend(["kind", "annotations"]);
    Ok(Added {
        id: id.clone(),
        source: PathBuf::from(format!("content/sources/{id}.md")),
        filled,
        left,
    })
}

/// What an original says about itself: a web page's metadata, a PDF's
/// document information, or a text's first line as its title. A PDF with
/// no text is refused here already, as the build would refuse it.
fn metadata(name: &str, bytes: &[u8]) -> Result<Metadata, String> {
    let first_line = |text: &str| {
        text.lines()
            .map(|l| l.trim().trim_start_matches('#').trim())
            .find(|l| !l.is_empty())
            .map(str::to_string)
    };
    if pdf::is_pdf(name) {
        let (text, info) =
            pdf::text_and_metadata(bytes).map_err(|p| format!("{p}\n  = hint: {}", p.hint()))?;
        // A page a browser printed has its address in a running header
        // or footer.
        let printed_from = || {
            text.running
                .iter()
                .flat_map(|l| l.split_whitespace())
                .find(|w| crate::model::is_web_address(w))
                .map(str::to_string)
        };
        return Ok(Metadata {
            title: info.title.or_else(|| first_line(&text.text)),
            author: info.author,
            publisher: info.publisher,
            published: info.published,
            url: info.url.or_else(printed_from),
        });
    }
    let text = String::from_utf8_lossy(bytes);
    Ok(if html::is_html(name) {
        html::metadata(&text)
    } else {
        Metadata {
            title: first_line(&text),
            ..Metadata::default()
        }
    })
}

/// The project's originals folder, as `briefing.yaml` names it, made if
/// it is not there yet.
fn originals_folder(root: &Path) -> Result<PathBuf, String> {
    let mut files = crate::diagnostics::Files::default();
    let mut diags = crate::diagnostics::Diagnostics::default();
    let briefing =
        crate::load::briefing(root, &mut files, &mut diags).ok_or_else(|| diags.render(&files))?;
    let named = briefing
        .originals
        .ok_or("briefing.yaml names no originals folder: add `originals: \"originals\"` first")?;
    let dir = root.join(named.value);
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(dir)
}

/// An id from a title (its first words, as a slug), or from the file's
/// name when there is no title.
fn id_from(title: Option<&str>, name: &str) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let base = title.unwrap_or(stem).to_string();
    let mut id = String::new();
    for word in crate::render::markdown::slug(&base).split('-') {
        if !id.is_empty() && id.len() + word.len() > 48 {
            break;
        }
        if !id.is_empty() {
            id.push('-');
        }
        id.push_str(word);
    }
    match SourceId::parse(&id) {
        Ok(_) => id,
        Err(_) => "new-source".into(),
    }
}

/// Text as a YAML double-quoted scalar: backslashes and quote marks
/// escaped, and any control character written as an escape.
pub fn yaml_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::yaml_quoted;

    #[test]
    fn text_is_written_as_yaml_reads_it() {
        assert_eq!(yaml_quoted(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(yaml_quoted("tab\there"), "\"tab\\u0009here\"");
    }
}
