//! `briefing rename claim|source|entity OLD NEW [--date YYYY-MM-DD]`.

use briefing::diagnostics::printable;
use briefing::model::prose::RefKind;
use briefing::BuildOptions;
use std::process::ExitCode;

pub fn run(
    options: &BuildOptions,
    kind: RefKind,
    old: &str,
    new: &str,
    date: Option<&str>,
) -> ExitCode {
    match briefing::rename::rename(options, kind, old, new, date) {
        Ok(renamed) => {
            println!(
                "renamed {} `{old}` to `{new}` in {} place{}; its old address leads to the new one",
                kind.as_str(),
                renamed.places,
                if renamed.places == 1 { "" } else { "s" }
            );
            for file in renamed.files {
                println!("  {}", printable(&file.display().to_string()));
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            super::print_failure(&e);
            ExitCode::FAILURE
        }
    }
}
