//! A guard against work that grows faster than its input: each run times
//! one of the stages that read hostile text (a content file of any kind,
//! Markdown, a quote looked for in an original) and fails when it takes
//! longer than a linear pass could, so that libFuzzer keeps and reports the
//! input. The bound is generous (a fixed allowance plus 100 µs a byte, far
//! above the microsecond a byte these stages take, sanitizers included):
//! only a blow-up crosses it. Run with `-max_len=65536` so that quadratic
//! work has room to show.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::time::{Duration, Instant};

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let started = Instant::now();
    match first % 3 {
        0 => {
            let kinds = briefing::load::FILE_KINDS;
            let kind = kinds[(first as usize / 3) % kinds.len()];
            let (files, diags) = briefing::load::check_text(kind, &text);
            let _ = diags.render(&files);
        }
        1 => {
            let _ = briefing::render::markdown::to_html(&text);
        }
        _ => {
            // An original and a quote, split at the first NUL.
            let (original, quote) = text.split_once('\0').unwrap_or((&text, "a quote"));
            let hay = briefing::link::quotes::Haystack::new(original);
            if hay.find(quote).is_none() {
                let _ = hay.closest(quote);
            }
        }
    }
    let took = started.elapsed();
    let bound = Duration::from_millis(200) + Duration::from_micros(100) * data.len() as u32;
    assert!(
        took <= bound,
        "{} bytes took {took:?}, over the linear bound of {bound:?}",
        data.len()
    );
});
