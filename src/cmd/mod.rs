//! One module per command, as the command line names them: each runs the
//! library, prints what the person asked to see, and says how the run
//! ended as an exit code.

pub mod add;
pub mod build;
pub mod edition;
pub mod init;
pub mod links;
pub mod progress;
pub mod quote;
pub mod rename;
pub mod watch;

use briefing::diagnostics::Color;

/// How to report, from the global flags.
pub struct Say {
    /// Problems only: no summary line.
    pub quiet: bool,
    /// The time of each stage too.
    pub verbose: bool,
    pub color: Color,
    /// The most problems to show; `None` for all.
    pub limit: Option<usize>,
    /// One JSON object on standard output instead of text.
    pub json: bool,
}

/// Prints why a command failed. The message may be several lines (a
/// hint, or the build's whole report when the content has errors), and
/// may quote content: each line is made printable on its own, so that
/// line breaks stay breaks. A report already says `error:` itself.
pub fn print_failure(message: &str) {
    let report = ["error:", "error[", "warning:"]
        .iter()
        .any(|label| message.starts_with(label));
    for (i, line) in message.trim_end().lines().enumerate() {
        let line = briefing::diagnostics::printable(line);
        if i == 0 && !report {
            eprintln!("error: {line}");
        } else {
            eprintln!("{line}");
        }
    }
}

/// The time each stage of a build took, for `--verbose`.
pub fn print_stages(report: &briefing::Report) {
    for (stage, took) in &report.stages {
        println!("  {stage:<12} {:>8.1} ms", took.as_secs_f64() * 1000.0);
    }
}
