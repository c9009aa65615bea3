//! The `briefing` command: parses arguments and hands each command to its
//! module in `cmd/`, which runs the library, prints the report, and sets the
//! exit code (0 only on success).

mod cmd;

use briefing::diagnostics::Color;
use briefing::linkcheck::Reach;
use briefing::serve::ServeOptions;
use briefing::BuildOptions;
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
    /// output: ok, summary, diagnostics) for editors and CI. `json` is for
    /// `build` and `check`; the other commands refuse it.
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

/// What `rename` renames.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum RenameKind {
    Claim,
    Source,
    Entity,
}

impl From<RenameKind> for briefing::model::prose::RefKind {
    fn from(kind: RenameKind) -> Self {
        match kind {
            RenameKind::Claim => Self::Claim,
            RenameKind::Source => Self::Source,
            RenameKind::Entity => Self::Entity,
        }
    }
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
        /// under content/, templates/ or the originals folder changes.
        /// Stop with Ctrl-C.
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
    /// Find the passage of a source's original most like some words, and
    /// print it ready to paste as an annotation's `quote:`.
    ///
    /// The match tolerates changed words, curly or straight quotes and
    /// line breaks; when several passages are alike, the best three are
    /// shown, best first, each with its line in the original.
    Quote {
        #[command(flatten)]
        common: Common,
        /// The source, by its id (its file name in content/sources/).
        source: String,
        /// Words of the passage, as you remember or paraphrase them.
        words: String,
    },
    /// Add to the briefing what analysts keep: `add source FILE|URL...`.
    Add {
        #[command(subcommand)]
        what: Add,
    },
    /// Record what readers see now as the briefing's next edition, in
    /// content/editions/, and list what changed since the last one.
    Edition {
        #[command(flatten)]
        common: Common,
        /// The desk's note on the edition: why it is issued.
        #[arg(long, default_value = "")]
        note: String,
        /// The day it is issued, YYYY-MM-DD [default: today].
        #[arg(long)]
        date: Option<String>,
    },
    /// Rename a claim's, a source's or an entity's id everywhere the
    /// content uses it, and keep a page at its old address that leads to
    /// the new one (recorded in content/editions/moved.json; the next
    /// edition lists the rename).
    Rename {
        #[command(flatten)]
        common: Common,
        /// What the id names.
        #[arg(value_enum)]
        kind: RenameKind,
        /// The id now.
        old: String,
        /// The new id.
        new: String,
        /// The day of the rename, YYYY-MM-DD [default: today].
        #[arg(long)]
        date: Option<String>,
    },
    /// Write the JSON Schemas of the input files, for editors that check
    /// and complete YAML as you type, with the project's claim, entity and
    /// source ids as completions.
    Schema {
        /// The project folder, holding content/ and templates/.
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
        /// Where to write them [default: schema/ in the project folder].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Without the project's ids (as in docs/schema/input/).
        #[arg(long)]
        generic: bool,
    },
    /// Start a new briefing in DIR (new or empty): a small, valid content
    /// tree that builds at once.
    Init {
        /// The folder for the new briefing.
        dir: PathBuf,
    },
}

impl Command {
    /// The command's name when it has no JSON report: everything but a
    /// one-off `build` and `check`.
    fn without_json(&self) -> Option<&'static str> {
        match self {
            Command::Build { watch: false, .. } | Command::Check { .. } => None,
            Command::Build { watch: true, .. } => Some("build --watch"),
            Command::Serve { .. } => Some("serve"),
            Command::Quote { .. } => Some("quote"),
            Command::Add { .. } => Some("add"),
            Command::Edition { .. } => Some("edition"),
            Command::Rename { .. } => Some("rename"),
            Command::Schema { .. } => Some("schema"),
            Command::Init { .. } => Some("init"),
        }
    }
}

#[derive(Subcommand, Debug)]
enum Add {
    /// Make a source from each original (a saved web page, a PDF, a text,
    /// or a web address to fetch one from), its title, author, publisher,
    /// date and address read from the file, and save the original into the
    /// originals folder. Never overwrites.
    Source {
        /// Originals, folders of them, or http(s):// addresses.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The new source's id, when adding one original [default: from
        /// its title].
        #[arg(long)]
        id: Option<String>,
        /// The project folder, holding content/ and templates/.
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
    },
}

/// Keeps large blocks out of the heap. glibc's threshold for giving a
/// block its own mapping rises to the size of any such block freed, so
/// after the first large buffer (an export's records, the search index's
/// words) was let go, the next ones came from the heap, between the
/// long-lived views, and their memory could not be handed back. A fixed
/// threshold keeps blocks of 1 MiB and more in mappings returned when
/// freed; a rendered page's buffer, smaller, stays in the heap, where
/// reusing it is cheaper (128 KiB cost 3% more CPU for the same saving).
/// About 6 MiB off the peak at 10,000 sources (docs/PERFORMANCE.md).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_allocator() {
    // SAFETY: `mallopt` only sets an allocator parameter; it is called
    // once, first thing, before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1024 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_allocator() {}

/// Ends the process quietly when what reads its output goes away (`briefing
/// check --links | head`), as command-line tools do, instead of panicking
/// on the failed write: Rust ignores SIGPIPE unless told otherwise. Not
/// for `serve`, whose writes to a browser that went away are its own
/// errors to handle (sockets never raise the signal).
#[cfg(unix)]
fn end_quietly_on_a_closed_pipe() {
    // SAFETY: resets one signal to its default action, before any other
    // thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn end_quietly_on_a_closed_pipe() {}

fn main() -> ExitCode {
    tune_allocator();
    let cli = Cli::parse();
    if !matches!(
        cli.command,
        Command::Serve { .. } | Command::Build { watch: true, .. }
    ) {
        end_quietly_on_a_closed_pipe();
    }
    let say = cmd::Say {
        quiet: cli.quiet,
        verbose: cli.verbose,
        color: match cli.color {
            ColorArg::Auto => Color::Auto,
            ColorArg::Always => Color::Always,
            ColorArg::Never => Color::Never,
        },
        limit: Some(cli.max_errors).filter(|&n| n > 0),
        json: cli.format == Format::Json,
    };
    if say.json {
        if let Some(name) = cli.command.without_json() {
            // Refused rather than ignored: a tool that asked for JSON would
            // otherwise be handed text it cannot read.
            eprintln!(
                "error: `--format json` is for `build` and `check`; `{name}` reports as text only\n  \
                 = hint: drop `--format json`, or run `briefing check --format json` for the \
                 content's problems"
            );
            return ExitCode::from(2);
        }
    }
    let options = |common: Common, out: Option<PathBuf>, check_only: bool| BuildOptions {
        root: common.root,
        out,
        originals: common.originals,
        check_only,
        require_verified: common.require_verified,
    };
    match cli.command {
        Command::Init { dir } => cmd::init::run(&dir),
        Command::Edition { common, note, date } => {
            cmd::edition::run(&options(common, None, true), &note, date.as_deref())
        }
        Command::Rename {
            common,
            kind,
            old,
            new,
            date,
        } => cmd::rename::run(
            &options(common, None, true),
            kind.into(),
            &old,
            &new,
            date.as_deref(),
        ),
        Command::Schema { root, out, generic } => cmd::init::schema(&root, out, generic),
        Command::Add {
            what: Add::Source { files, id, root },
        } => cmd::add::run(&root, &files, id.as_deref()),
        Command::Quote {
            common,
            source,
            words,
        } => cmd::quote::run(options(common, None, true), &source, &words),
        Command::Build {
            common,
            out,
            watch: true,
        } => cmd::watch::run(options(common, out, false), None, &say),
        Command::Build { common, out, .. } => {
            cmd::build::run(options(common, out, false), None, &say)
        }
        Command::Serve {
            common,
            out,
            port,
            open,
        } => cmd::watch::run(
            options(common, out, false),
            Some(ServeOptions { port, open }),
            &say,
        ),
        Command::Check {
            common,
            links,
            online,
            allow_private,
        } => {
            let links = links.then_some(cmd::links::Ask {
                online,
                reach: if allow_private {
                    Reach::AnyIncludingPrivate
                } else {
                    Reach::Public
                },
            });
            cmd::build::run(options(common, None, true), links, &say)
        }
    }
}
