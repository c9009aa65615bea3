//! `briefing add source FILE...`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn run(root: &Path, files: &[PathBuf], id: Option<&str>) -> ExitCode {
    let mut ok = true;
    for result in briefing::add::add_sources(root, files, id) {
        match result {
            Ok(added) => {
                println!("added {}", added.source.display());
                if !added.filled.is_empty() {
                    println!("  filled from the original: {}", added.filled.join(", "));
                }
                println!("  left for you: {}", added.left.join(", "));
            }
            Err(e) => {
                super::print_failure(&e);
                ok = false;
            }
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
