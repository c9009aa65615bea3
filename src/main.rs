//! The `briefing` command: parses arguments, runs the library, prints the
//! report, and sets the exit code (0 only on success).

use briefing::{build, BuildOptions};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Turn an analyst's annotated source documents into a cross-linked briefing site.
///
/// A briefing project holds `content/` (the briefing, sources, claims,
/// timeline, entities, bull and bear cases, free pages) and `templates/` (the
/// theme). `briefing build` checks every cross-reference and quote, then
/// writes the site to `public/`, which works on any static host, under any
/// sub-path, and opened straight from disk.
#[derive(Parser, Debug)]
#[command(name = "briefing", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print only problems: no summary line.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print how long each stage of the build took.
    #[arg(short, long, global = true)]
    verbose: bool,
    /// How to report: `text` for people, `json` (one object on standard
    /// output: ok, summary, diagnostics) for editors and CI.
    #[arg(long, global = true, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

#[derive(clap::Args, Debug)]
struct Common {
    /// The project folder, holding content/ and templates/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// The folder of the sources' original texts, for verifying quotes
    /// (overrides `originals` in briefing.yaml; never published).
    #[arg(long, value_name = "DIR")]
    originals: Option<PathBuf>,
    /// Fail when any quote could not be verified against an original or
    /// content/quotes.lock.
    #[arg(long)]
    require_verified: bool,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check the content and write the site (to public/ by default).
    ///
    /// The new site replaces the old one only when the whole build
    /// succeeded; a failed build leaves the output folder untouched. A build
    /// that verified quotes against the originals records them in
    /// content/quotes.lock.
    Build {
        #[command(flatten)]
        common: Common,
        /// Where to write the site [default: <root>/public].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Keep running: rebuild what a change touches each time a file
        /// under content/ or templates/ changes. Stop with Ctrl-C.
        #[arg(long)]
        watch: bool,
    },
    /// Check everything `build` checks, and write nothing.
    Check {
        #[command(flatten)]
        common: Common,
    },
    /// Start a new briefing in DIR (new or empty): a small, valid content
    /// tree that builds at once.
    Init {
        /// The folder for the new briefing.
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (quiet, verbose, format) = (cli.quiet, cli.verbose, cli.format);
    let (common, out, check_only, watch) = match cli.command {
        Command::Build { common, out, watch } => (common, out, false, watch),
        Command::Check { common } => (common, None, true, false),
        Command::Init { dir } => {
            return match briefing::init::init(&dir) {
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
            };
        }
    };
    let options = BuildOptions {
        root: common.root,
        out,
        originals: common.originals,
        check_only,
        require_verified: common.require_verified,
    };
    if watch {
        let result = briefing::watch::watch(options, |session, run| {
            if !run.diagnostics.is_empty() {
                eprint!("{}", run.diagnostics.render(session.files()));
            }
            match &run.report {
                Some(report) => {
                    if !quiet {
                        println!("{}", report.summary());
                    }
                    if verbose {
                        print_stages(report);
                    }
                }
                None => eprintln!(
                    "build failed; the site was left as it was; waiting for the next change"
                ),
            }
        });
        if let Err(e) = result {
            eprintln!("error: {e}");
        }
        return ExitCode::FAILURE;
    }
    if format == Format::Json {
        let (ok, summary, problems) = match build(&options) {
            Ok((report, problems)) => (true, Some(report.summary()), problems),
            Err(problems) => (false, None, problems),
        };
        let out = serde_json::json!({
            "ok": ok,
            "summary": summary,
            "diagnostics": problems.diagnostics.to_json(&problems.files),
        });
        println!("{out}");
        return if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    match build(&options) {
        Ok((report, warnings)) => {
            if !warnings.diagnostics.is_empty() {
                eprint!("{}", warnings.render());
            }
            if !quiet {
                println!("{}", report.summary());
            }
            if verbose {
                print_stages(&report);
            }
            ExitCode::SUCCESS
        }
        Err(failure) => {
            eprint!("{}", failure.render());
            let d = &failure.diagnostics;
            let (e, w) = (d.error_count(), d.warning_count());
            eprintln!(
                "build failed: {e} error{}{}; the output folder was left as it was",
                if e == 1 { "" } else { "s" },
                if w > 0 {
                    format!(", {w} warning{}", if w == 1 { "" } else { "s" })
                } else {
                    String::new()
                }
            );
            ExitCode::FAILURE
        }
    }
}

fn print_stages(report: &briefing::Report) {
    for (stage, took) in &report.stages {
        println!("  {stage:<12} {:>8.1} ms", took.as_secs_f64() * 1000.0);
    }
}
