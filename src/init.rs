//! `briefing init DIR`: a new project that builds at once, written to a
//! new or empty folder (the one place outside the write stage that writes
//! files).
//!
//! The starter content is small but complete: every file the format
//! requires, claims with each stance, a verdict, an expected event, both
//! cases, a free page, and the sources' originals, so that its quotes are
//! verified from the first build. The theme is not copied: the default one is built
//! into the binary, and `templates/` holds only what the project changes.

use std::fs;
use std::path::Path;

const FILES: &[(&str, &str)] = &[
    (
        "content/briefing.yaml",
        r#"# yaml-language-server: $schema=../schema/briefing.schema.json
title: "Your briefing"
question: "The one question this briefing answers?"
as_of: 2026-01-15
bottom_line: |
  The answer in three sentences: what you conclude, how sure you are, and
  what would change your mind. Every claim behind it is on the claims page.
authors: ["Your desk"]
originals: "originals"   # the sources' saved texts, for checking quotes; never published
# base_url: "https://example.org/briefing/"   # where the site will live
"#,
    ),
    (
        "content/claims.yaml",
        r#"# yaml-language-server: $schema=../schema/claims.schema.json
- id: demand-is-growing
  statement: "Demand for the product grew in 2025."
  topic: market
  entities: [example-co]
  figure:
    metric: "Demand growth, 2025"
    value: 12
    unit: "% a year"
- id: supply-is-short
  statement: "Supply will stay short until 2027."
  topic: supply
  entities: [example-co]
- id: price-will-fall
  statement: "Prices will fall by half within a year."
  topic: market
  verdict: unverified
  verdict_note: "Said in passing by one commentator, with no basis given."
"#,
    ),
    (
        "content/timeline.yaml",
        r#"# yaml-language-server: $schema=../schema/timeline.schema.json
- date: 2025-Q4
  title: "Example Co reports a record quarter"
  claims: [demand-is-growing]
  sources: [example-report]
- date: 2027
  title: "New supply expected"
  expected: true
  claims: [supply-is-short]
"#,
    ),
    (
        "content/entities.yaml",
        r#"# yaml-language-server: $schema=../schema/entities.schema.json
- id: example-co
  name: "Example Co"
  kind: company
  aliases: ["Example Company"]
  summary: "The company the briefing is about."
"#,
    ),
    (
        "content/sources/example-report.md",
        r#"---
title: "Example Co's annual report"
publisher: "Example Co"
published: 2026-01
kind: primary
original: "example-report.txt"
annotations:
  - claim: demand-is-growing
    quote: "demand grew 12% over the year"
    stance: supports
  - claim: supply-is-short
    quote: "we expect to remain capacity-constrained through 2026"
    stance: qualifies
    note: "Says 2026, not 2027."
---
What the document adds, what it gets wrong, and how far to trust it, in
your own words. Quote only short passages, in the annotations above.
"#,
    ),
    (
        "content/sources/example-analyst.md",
        r#"---
title: "Why the shortage will last"
publisher: "An Analyst Weekly"
published: 2026-01-10
kind: analysis
original: "example-analyst.txt"
annotations:
  - claim: supply-is-short
    quote: "new factories will not produce before 2027"
    stance: supports
  - claim: demand-is-growing
    quote: "demand growth of about 12%"
    stance: supports
---
An independent view that agrees on demand and goes further on supply.
"#,
    ),
    (
        "content/cases/bull.md",
        r#"---
title: "Bull case"
points:
  - title: "Demand is real"
    argument: "Two publishers agree demand grew by about 12% in 2025."
    claims: [demand-is-growing]
---
The case for, argued from the evidence.
"#,
    ),
    (
        "content/cases/bear.md",
        r#"---
title: "Bear case"
points:
  - title: "Shortages end"
    argument: "New supply is expected in 2027, and one forecast has prices halving."
    claims: [supply-is-short, price-will-fall]
---
The case against, and the strongest evidence for the other side.
"#,
    ),
    (
        "content/pages/methodology.md",
        r#"---
title: "How this briefing was made"
summary: "Sources, claims and what a status means."
---
Describe how you chose and read the sources, and how a claim's status is
decided. See docs/CONTENT.md in the briefing repository for the format.
"#,
    ),
    (
        "originals/example-report.txt",
        "Example Co annual report 2025\n\n\
         Over 2025 demand grew 12% over the year, led by new customers abroad.\n\
         Looking ahead, we expect to remain capacity-constrained through 2026 while the\n\
         new plant is built.\n",
    ),
    (
        "originals/example-analyst.txt",
        "Why the shortage will last\n\n\
         Everyone agrees on demand growth of about 12% last year. The question is supply,\n\
         and new factories will not produce before 2027.\n",
    ),
    (
        "originals/README.md",
        "The sources' original texts, saved as you found them (.txt, .md or .html),\n\
         one per source, named by its `original:` field. The build checks every quote\n\
         against them and records what it found in content/quotes.lock, which you\n\
         commit; the originals themselves are never published. Keep this folder out of\n\
         a public repository if the texts are not yours to share.\n",
    ),
    (
        "templates/README.md",
        "The default theme is built into `briefing`. A file here replaces the default\n\
         template of the same name (for example `claim.html`), and files under\n\
         `assets/` replace or add to the site's assets. Keep only what you change.\n",
    ),
    (".gitignore", "public/\n.public.*\n"),
];

/// Creates a new briefing project in `dir`, which must be empty or absent.
pub fn init(dir: &Path) -> Result<usize, String> {
    if dir.exists() {
        let has_entries = fs::read_dir(dir)
            .map_err(|e| format!("{}: cannot read: {e}", dir.display()))?
            .next()
            .is_some();
        if has_entries {
            return Err(format!(
                "{} is not empty: refusing to write a new briefing over what is there; choose a new or empty folder",
                dir.display()
            ));
        }
    }
    for (rel, text) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    // The input files' schemas, for editors: the starter's files name
    // them on their first lines.
    let written = write_schemas(dir, &dir.join(SCHEMA_FOLDER), false)?;
    Ok(FILES.len() + written.files)
}

/// Where a project keeps its input files' JSON Schemas.
pub const SCHEMA_FOLDER: &str = "schema";

/// What writing the schemas did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemasWritten {
    pub files: usize,
    /// The project's ids offered as completions: claims, entities, sources;
    /// `None` when the schemas were written without them.
    pub ids: Option<(usize, usize, usize)>,
    /// Why the project's ids are not in them, when it could not be read.
    pub unread: Option<String>,
}

/// Writes the JSON Schemas of the input files into `out`; unless
/// `generic`, with the ids of the project at `root` as completions (when
/// it can be read: a project with errors gets the schemas without them).
/// Like `init`, it writes its own files, outside the write stage.
pub fn write_schemas(root: &Path, out: &Path, generic: bool) -> Result<SchemasWritten, String> {
    let (known, unread) = if generic {
        (None, None)
    } else {
        match project_ids(root) {
            Ok(known) => (Some(known), None),
            Err(why) => (None, Some(why)),
        }
    };
    // The project's own schema folder only: a folder named with --out is
    // the person's choice, link or not.
    let default = root.join(SCHEMA_FOLDER);
    if let Some(target) = (out == default)
        .then(|| crate::contain::linked_out_of(root, out))
        .flatten()
    {
        return Err(format!(
            "{}; remove it, or name the folder to write to with --out",
            crate::contain::linked_out_message(&format!("{SCHEMA_FOLDER}/"), &target)
        ));
    }
    fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let schemas = crate::load::schema::schemas(known.as_ref());
    for (name, text) in &schemas {
        // In place of a link planted at the name, never through it: a
        // `schema/claims.schema.json -> ../content/claims.yaml` would
        // otherwise overwrite the content.
        crate::write::write_project_file(&out.join(name), text).map_err(|e| e.to_string())?;
    }
    Ok(SchemasWritten {
        files: schemas.len(),
        ids: known.map(|k| (k.claims.len(), k.entities.len(), k.sources.len())),
        unread,
    })
}

/// The claim, entity and source ids of the project at `root`, as a build
/// reads them; the reason when it cannot be read.
fn project_ids(root: &Path) -> Result<crate::load::schema::Known, String> {
    let mut files = crate::diagnostics::Files::default();
    let mut diags = crate::diagnostics::Diagnostics::default();
    let content = crate::load::load(
        root,
        &crate::load::LoadOptions::default(),
        &mut files,
        &mut diags,
        &crate::Silent,
    );
    match content {
        Some(c) if !diags.has_errors() => Ok(crate::load::schema::Known {
            claims: c.claims.iter().map(|x| x.id.value.to_string()).collect(),
            entities: c.entities.iter().map(|x| x.id.value.to_string()).collect(),
            sources: c.sources.iter().map(|x| x.id.to_string()).collect(),
        }),
        _ => Err(format!(
            "the project has {} error(s); `briefing check` shows them",
            diags.error_count()
        )),
    }
}
