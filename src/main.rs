//! The `briefing` command: parses arguments, runs the library, prints the
//! report, and sets the exit code (0 only on success).

use briefing::diagnostics::Color;
use briefing::serve::ServeOptions;
use briefing::session::Session;
use briefing::BuildOptions;
use clap::{Parser, Subcommand};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

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
    /// When to color problems: `auto` (on a terminal, unless NO_COLOR is
    /// set), `always` or `never`.
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
    /// Show at most N problems, errors first (0: all). `--format json`
    /// always lists them all.
    #[arg(long, global = true, value_name = "N", default_value_t = 50)]
    max_errors: usize,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ColorArg {
    Auto,
    Always,
    Never,
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
    /// Build, serve the site at http://127.0.0.1:PORT/, and rebuild as
    /// files change, reloading open pages.
    ///
    /// Serves the output folder on the loopback interface only. A failed
    /// rebuild keeps the last good site and shows the report in the page
    /// and here. Stop with Ctrl-C.
    Serve {
        #[command(flatten)]
        common: Common,
        /// Where to write the site [default: <root>/public].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// The port to listen on (0: any free port).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Check everything `build` checks, and write nothing.
    Check {
        #[command(flatten)]
        common: Common,
        /// Also list the external (http and https) links the content
        /// cites, with where each is cited.
        #[arg(long)]
        links: bool,
        /// With --links: ask each link's server whether it still answers
        /// (a few hosts at a time, one request per host per second), and
        /// fail if any does not.
        #[arg(long, requires = "links")]
        online: bool,
        /// With --online: also ask loopback, private and link-local
        /// addresses (the machine itself, its network), which are left
        /// alone by default, as content may come from others.
        #[arg(long, requires = "online")]
        allow_private: bool,
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
    let color = match cli.color {
        ColorArg::Auto => Color::Auto,
        ColorArg::Always => Color::Always,
        ColorArg::Never => Color::Never,
    };
    let limit = Some(cli.max_errors).filter(|&n| n > 0);
    // For `check --links`: whether to ask the servers too, and which.
    let mut links_mode: Option<bool> = None;
    let mut reach = briefing::links::Reach::Public;
    let (common, out, check_only, watch, serve) = match cli.command {
        Command::Build { common, out, watch } => (common, out, false, watch, None),
        Command::Serve {
            common,
            out,
            port,
            open,
        } => (common, out, false, true, Some(ServeOptions { port, open })),
        Command::Check {
            common,
            links,
            online,
            allow_private,
        } => {
            links_mode = links.then_some(online);
            if allow_private {
                reach = briefing::links::Reach::AnyIncludingPrivate;
            }
            (common, None, true, false, None)
        }
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
        // Ctrl-C lets the rebuild under way finish, then stops.
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        if let Err(e) = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst)) {
            eprintln!("warning: Ctrl-C will not stop cleanly: {e}");
        }
        let on_run = |session: &briefing::session::Session, run: &briefing::session::Run| {
            if !run.diagnostics.is_empty() {
                run.diagnostics.emit(session.files(), color, limit);
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
        return match result {
            Ok(()) => {
                if !quiet {
                    println!("stopped");
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        };
    }
    if format == Format::Json {
        let mut session = Session::new(options);
        let run = session.full();
        let ok = run.report.is_some();
        let mut out = serde_json::json!({
            "ok": ok,
            "summary": run.report.as_ref().map(|r| r.summary()),
            "diagnostics": run.diagnostics.to_json(session.files()),
        });
        // `check --links`: the links too (never asked online here; the
        // text report does that).
        if let (Some(_), Some(graph)) = (links_mode, session.graph().filter(|_| ok)) {
            out["links"] = briefing::links::collect(graph, session.files())
                .iter()
                .map(|l| {
                    serde_json::json!({
                        "url": l.url,
                        "places": l.places.iter().map(|p| serde_json::json!({
                            "file": p.file.display().to_string(),
                            "line": p.line,
                            "field": p.field,
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
        }
        println!("{out}");
        return if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    let mut session = Session::new(options);
    if !quiet && std::io::stderr().is_terminal() {
        session.set_progress(Arc::new(Bar::new()));
    }
    let run = session.full();
    if !run.diagnostics.is_empty() {
        run.diagnostics.emit(session.files(), color, limit);
    }
    let Some(report) = run.report else {
        let d = &run.diagnostics;
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
        return ExitCode::FAILURE;
    };
    if !quiet {
        println!("{}", report.summary());
    }
    if verbose {
        print_stages(&report);
    }
    match (links_mode, session.graph()) {
        (Some(online), Some(graph)) => list_links(graph, session.files(), online.then_some(reach)),
        _ => ExitCode::SUCCESS,
    }
}

/// `check --links`: the external links with where each is cited, and
/// with `online`, what each server answered.
fn list_links(
    graph: &briefing::link::Graph,
    files: &briefing::diagnostics::Files,
    online: Option<briefing::links::Reach>,
) -> ExitCode {
    use briefing::diagnostics::{printable, shown_path};
    use briefing::links::{self, Outcome};
    let found = links::collect(graph, files);
    let outcomes = if let Some(reach) = online.filter(|_| !found.is_empty()) {
        eprintln!(
            "asking after {} link{}, one request per host per second; this can take a while",
            found.len(),
            if found.len() == 1 { "" } else { "s" }
        );
        Some(links::check(&found, reach, &|_, _| {}))
    } else {
        None
    };
    println!(
        "{} external link{} in the content:",
        found.len(),
        if found.len() == 1 { "" } else { "s" }
    );
    let mut broken = 0;
    let mut private = 0;
    for (i, link) in found.iter().enumerate() {
        // Addresses come from content: printed escaped.
        let url = printable(&link.url);
        match outcomes.as_ref().map(|o| &o[i]) {
            None => println!("{url}"),
            Some(o) => {
                let verdict = match o {
                    Outcome::Status(s) if o.is_ok() => format!("ok {s}"),
                    Outcome::Status(s) => format!("BROKEN {s}"),
                    Outcome::Failed(e) => format!("FAILED ({})", printable(e)),
                    Outcome::Private(why) => {
                        private += 1;
                        format!("NOT ASKED ({why}; --allow-private asks it)")
                    }
                };
                if !o.is_ok() && !matches!(o, Outcome::Private(_)) {
                    broken += 1;
                }
                println!("{url} {verdict}");
            }
        }
        for p in &link.places {
            println!("    {}:{} ({})", shown_path(&p.file), p.line, p.field);
        }
    }
    if private > 0 {
        eprintln!(
            "{private} link{} to the machine's own or its network's addresses not asked",
            if private == 1 { "" } else { "s" }
        );
    }
    if broken > 0 {
        eprintln!(
            "{broken} of {} links did not answer as working",
            found.len()
        );
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// A progress bar on standard error, for builds long enough to want one:
/// it stays hidden for the first second.
struct Bar {
    bar: indicatif::ProgressBar,
    started: std::time::Instant,
    shown: AtomicBool,
}

impl Bar {
    const AFTER: std::time::Duration = std::time::Duration::from_secs(1);

    fn new() -> Bar {
        let bar = indicatif::ProgressBar::hidden();
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{msg:>8} [{bar:32}] {pos}/{len} {elapsed}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        Bar {
            bar,
            started: std::time::Instant::now(),
            shown: AtomicBool::new(false),
        }
    }

    fn reveal(&self) {
        if self.started.elapsed() >= Self::AFTER && !self.shown.swap(true, Ordering::SeqCst) {
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }
}

impl briefing::Progress for Bar {
    fn begin(&self, stage: &'static str, total: usize) {
        self.bar.set_message(stage);
        self.bar.set_length(total as u64);
        self.bar.set_position(0);
        self.reveal();
    }

    fn step(&self) {
        self.bar.inc(1);
        if !self.shown.load(Ordering::Relaxed) {
            self.reveal();
        }
    }

    fn end(&self) {
        self.bar.finish_and_clear();
    }
}

fn print_stages(report: &briefing::Report) {
    for (stage, took) in &report.stages {
        println!("  {stage:<12} {:>8.1} ms", took.as_secs_f64() * 1000.0);
    }
}
