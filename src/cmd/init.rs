//! `briefing init DIR`, and `briefing schema`, which writes again the
//! schemas `init` writes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn run(dir: &Path) -> ExitCode {
    match briefing::init::init(dir) {
        Ok(_) => {
            println!(
                "created a new briefing in {}; build it with: briefing build --root {}",
                dir.display(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            super::print_failure(&e);
            ExitCode::FAILURE
        }
    }
}

pub fn schema(root: &Path, out: Option<PathBuf>, generic: bool) -> ExitCode {
    let out = out.unwrap_or_else(|| root.join(briefing::init::SCHEMA_FOLDER));
    match briefing::init::write_schemas(root, &out, generic) {
        Ok(written) => {
            print!("wrote {} schemas to {}", written.files, out.display());
            match written.ids {
                Some((claims, entities, sources)) => println!(
                    ", with {claims} claim, {entities} entity and {sources} source ids as \
                     completions"
                ),
                None => println!(),
            }
            if let Some(why) = written.unread {
                eprintln!(
                    "warning: the project's ids are not in them: {why}\n  = hint: fix the \
                     errors and run `briefing schema` again"
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            super::print_failure(&e);
            ExitCode::FAILURE
        }
    }
}
