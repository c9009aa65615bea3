//! A whole briefing from arbitrary bytes: the input, split at NUL bytes,
//! fills briefing.yaml, claims.yaml, timeline.yaml, entities.yaml, both
//! cases and up to four sources. Building it (without writing a site) must
//! succeed or report problems, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

const FILES: [&str; 10] = [
    "briefing.yaml",
    "claims.yaml",
    "timeline.yaml",
    "entities.yaml",
    "cases/bull.md",
    "cases/bear.md",
    "sources/a.md",
    "sources/b.md",
    "sources/c.md",
    "pages/p.md",
];

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let content = dir.path().join("content");
    for sub in ["cases", "sources", "pages"] {
        std::fs::create_dir_all(content.join(sub)).expect("folders");
    }
    for (name, part) in FILES.iter().zip(data.split(|&b| b == 0)) {
        std::fs::write(content.join(name), part).expect("a file");
    }
    let mut options = briefing::BuildOptions::new(dir.path());
    options.check_only = true;
    match briefing::build(&options) {
        Ok((_, problems)) | Err(problems) => {
            let _ = problems.render();
        }
    }
});
