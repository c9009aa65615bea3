//! One content file of any kind, from arbitrary bytes: the loader must
//! answer with diagnostics, never panic, and render every diagnostic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let kinds = briefing::load::FILE_KINDS;
    let kind = kinds[first as usize % kinds.len()];
    let text = String::from_utf8_lossy(rest);
    let (files, diags) = briefing::load::check_text(kind, &text);
    let _ = diags.render(&files);
});
