//! `briefing quote SOURCE "words"`: the passages of a source's original
//! most like some words, each ready to paste as an annotation's `quote:`.
//!
//! It reads the project as a build does, but carries on past problems in
//! other files: it is most wanted while a build fails on a quote.

use briefing::diagnostics::{printable, Diagnostics, Files};
use briefing::link::quotes::{Closest, Haystack};
use briefing::load::{self, LoadOptions};
use briefing::BuildOptions;
use std::process::ExitCode;

/// Candidates this much less alike than the best are not shown.
const SHOWN_WITHIN: f64 = 0.1;
/// Passages less alike than this are not offered at all.
const AT_LEAST: f64 = 0.5;

pub fn run(options: BuildOptions, source: &str, words: &str) -> ExitCode {
    if words.trim().is_empty() {
        eprintln!(
            "error: no words to look for\n  = hint: give some words of the passage, as you \
             remember them: briefing quote {} \"the words\"",
            printable(source)
        );
        return ExitCode::from(2);
    }
    let mut files = Files::default();
    let mut diags = Diagnostics::default();
    let load_options = LoadOptions {
        originals: options.originals.clone(),
    };
    let content = load::load(
        &options.root,
        &load_options,
        &mut files,
        &mut diags,
        &briefing::Silent,
    );
    let Some(content) = content else {
        eprint!("{}", diags.render(&files));
        return ExitCode::FAILURE;
    };
    let Some(found) = content.sources.iter().find(|s| s.id.as_str() == source) else {
        // A source whose file is there but did not load: say why, rather
        // than that there is none.
        let file = std::path::Path::new("content/sources").join(format!("{source}.md"));
        if options.root.join(&file).is_file() && diags.has_errors() {
            eprint!("{}", diags.render(&files));
            eprintln!(
                "error: the source `{}` cannot be read until the errors above in {} are fixed",
                printable(source),
                file.display()
            );
            return ExitCode::FAILURE;
        }
        let known: Vec<&str> = content.sources.iter().map(|s| s.id.as_str()).collect();
        let hint = briefing::diagnostics::suggest(source, known.iter().copied(), || {
            "sources are named by their file name in content/sources/, without `.md`".into()
        });
        eprintln!("error: no source `{}`\n  = hint: {hint}", printable(source));
        return ExitCode::FAILURE;
    };
    let Some(name) = found.original.as_ref().map(|o| o.value.as_str()) else {
        eprintln!(
            "error: the source `{}` names no original\n  = hint: give it `original:` with the \
             file of its text in the originals folder",
            printable(source)
        );
        return ExitCode::FAILURE;
    };
    let Some(original) = content.originals.get(name) else {
        eprintln!(
            "error: the original `{}` of `{}` is not at hand\n  = hint: build where the \
             originals folder is, or name it with --originals DIR",
            printable(name),
            printable(source)
        );
        return ExitCode::FAILURE;
    };
    // Quote marks around the words are how people write a quote, not
    // part of the passage.
    let words = words
        .trim()
        .trim_matches(['"', '\'', '\u{201C}', '\u{201D}', '\u{2018}', '\u{2019}']);
    let haystack = Haystack::new(original.text_for(found.original_text));
    let candidates = haystack.passages_like(words);
    let best = candidates.first().map_or(0.0, |c| c.similarity);
    // The same words at several places are one passage to paste.
    let mut shown: Vec<(&Closest, usize)> = Vec::new();
    for c in candidates
        .iter()
        .filter(|c| c.similarity >= AT_LEAST && c.similarity >= best - SHOWN_WITHIN)
    {
        if let Some((_, more)) = shown.iter_mut().find(|(s, _)| s.passage == c.passage) {
            *more += 1;
        } else if shown.len() < 3 {
            shown.push((c, 0));
        }
    }
    if shown.is_empty() {
        eprintln!(
            "nothing in `{}` is like these words\n  = hint: check that the passage is in this \
             source, or try fewer, more distinctive words",
            printable(name)
        );
        return ExitCode::FAILURE;
    }
    if shown.len() > 1 {
        println!(
            "{} passages of `{}` are alike; the best first:",
            shown.len(),
            printable(name)
        );
    }
    for (c, more) in shown {
        let elsewhere = match more {
            0 => String::new(),
            n => format!(
                " (and at least {n} more place{})",
                if n == 1 { "" } else { "s" }
            ),
        };
        println!(
            "{}, {}{elsewhere}, {:.0}% alike:\n    quote: {}",
            printable(name),
            // Where a build will find it: the first place it is.
            original.place(haystack.find(&c.passage).map_or(c.line, |f| f.line)),
            c.similarity * 100.0,
            printable(&briefing::add::yaml_quoted(&c.passage))
        );
    }
    ExitCode::SUCCESS
}
