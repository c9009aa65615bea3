//! `briefing init DIR`.

use std::path::Path;
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
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
