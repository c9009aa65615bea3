//! The floor for the benchmark: the least work any generator must do on a
//! briefing corpus. It parses every Markdown file under CONTENT with
//! pulldown-cmark and writes as many bytes as the real site in REFERENCE, as
//! the same files, into OUT. Our build's time over this one is the cost of
//! everything else (YAML, linking, quote checks, templates).
//!
//!     floor CONTENT REFERENCE OUT

use pulldown_cmark::{html, Options, Parser};
use rayon::prelude::*;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

fn files(dir: &Path, ext: Option<&str>) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| ext.is_none_or(|x| p.extension().is_some_and(|e| e == x)))
        .collect()
}

fn main() {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [content, reference, out] = args.as_slice() else {
        eprintln!("usage: floor CONTENT REFERENCE OUT");
        std::process::exit(2);
    };
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let rendered: Vec<String> = files(content, Some("md"))
        .par_iter()
        .map(|p| {
            let text = fs::read_to_string(p).expect("readable Markdown");
            let mut out = String::with_capacity(text.len() * 3 / 2);
            html::push_html(&mut out, Parser::new_ext(&text, options));
            out
        })
        .collect();
    let pool: Vec<u8> = rendered.concat().into_bytes();
    let targets: Vec<(PathBuf, u64)> = files(reference, None)
        .into_iter()
        .map(|p| {
            let size = fs::metadata(&p).expect("reference file").len();
            (
                p.strip_prefix(reference).expect("inside").to_path_buf(),
                size,
            )
        })
        .collect();
    targets.par_iter().enumerate().for_each(|(i, (rel, size))| {
        let path = out.join(rel);
        fs::create_dir_all(path.parent().expect("a parent")).expect("output folder");
        let mut f = std::io::BufWriter::new(fs::File::create(&path).expect("output file"));
        let mut left = *size as usize;
        let mut at = (i * 4099) % pool.len().max(1);
        while left > 0 && !pool.is_empty() {
            let n = left.min(pool.len() - at);
            f.write_all(&pool[at..at + n]).expect("write");
            left -= n;
            at = 0;
        }
        f.flush().expect("flush");
    });
    println!(
        "floor: {} Markdown files, {} output files",
        rendered.len(),
        targets.len()
    );
}
