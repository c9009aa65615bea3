//! `briefing build --watch` and `briefing serve`: build, then keep the site
//! up to date (and served) until Ctrl-C.

use super::{print_stages, Say};
use briefing::serve::ServeOptions;
use briefing::session::{Run, Session};
use briefing::BuildOptions;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub fn run(options: BuildOptions, serve: Option<ServeOptions>, say: &Say) -> ExitCode {
    // Ctrl-C lets the rebuild under way finish, then stops.
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    if let Err(e) = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst)) {
        eprintln!("warning: Ctrl-C will not stop cleanly: {e}");
    }
    let on_run = |session: &Session, run: &Run| {
        if !run.diagnostics.is_empty() {
            run.diagnostics.emit(session.files(), say.color, say.limit);
        }
        match &run.report {
            Some(report) => {
                if !say.quiet {
                    println!("{}", report.summary());
                }
                if say.verbose {
                    print_stages(report);
                }
            }
            None => {
                eprintln!("build failed; the site was left as it was; waiting for the next change")
            }
        }
    };
    let result = match serve {
        Some(serve) => briefing::serve::serve(
            options,
            serve,
            &stop,
            |address| println!("serving the site at {address} (Ctrl-C stops)"),
            on_run,
        ),
        None => briefing::watch::watch(options, &stop, on_run),
    };
    match result {
        Ok(()) => {
            if !say.quiet {
                println!("stopped");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
