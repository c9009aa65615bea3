//! `briefing edition [--note "..."] [--date YYYY-MM-DD]`.

use briefing::diagnostics::printable;
use briefing::BuildOptions;
use std::process::ExitCode;

pub fn run(options: &BuildOptions, note: &str, date: Option<&str>) -> ExitCode {
    match briefing::edition::record(options, note, date) {
        Ok(recorded) => {
            println!(
                "recorded edition {} in {}",
                recorded.number,
                recorded.path.display()
            );
            match recorded.changes {
                None => println!("  the first edition: later ones will list what changed"),
                Some(changes) => {
                    println!(
                        "  {} change{} since edition {}:",
                        changes.len(),
                        if changes.len() == 1 { "" } else { "s" },
                        recorded.number - 1
                    );
                    for change in changes {
                        println!("  - {}", printable(&change.summary()));
                    }
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            super::print_failure(&e);
            ExitCode::FAILURE
        }
    }
}
