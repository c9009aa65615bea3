//! The input files' JSON Schemas: the committed copies are what the tool
//! makes, every content file of the example and of a new project passes
//! them, and a misspelt key does not.

mod common;

use briefing::load::schema::{schemas, FILES};
use common::*;
use serde_json::Value;
use std::fs;
use std::path::Path;

/// The schema that checks a content file, by where the file is.
fn schema_for(rel: &str) -> &'static str {
    match rel {
        "content/briefing.yaml" => "briefing.schema.json",
        "content/claims.yaml" => "claims.schema.json",
        "content/timeline.yaml" => "timeline.schema.json",
        "content/entities.yaml" => "entities.schema.json",
        r if r.starts_with("content/sources/") => "source.schema.json",
        r if r.starts_with("content/cases/") => "case.schema.json",
        r if r.starts_with("content/pages/") => "page.schema.json",
        r => panic!("no schema for {r}"),
    }
}

/// A content file's YAML (a `.md` file's front-matter) as JSON, as an
/// editor's YAML support reads it.
fn yaml_of(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap();
    let yaml = if path.extension().is_some_and(|e| e == "md") {
        let rest = text.strip_prefix("---\n").expect("front-matter");
        let end = rest.find("\n---").expect("closing ---");
        rest[..end].to_string()
    } else {
        text
    };
    serde_yaml::from_str(&yaml).unwrap()
}

/// The problems the schema in `dir` finds in each content file of the
/// project at `root`, by file.
fn problems(root: &Path, dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut files: Vec<_> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_type().is_file()
                && e.path()
                    .extension()
                    .is_some_and(|x| x == "yaml" || x == "md")
        })
        .map(|e| e.into_path())
        .collect();
    files.sort();
    assert!(files.len() >= 8, "{files:?}");
    for path in files {
        let rel = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let schema: Value =
            serde_json::from_str(&fs::read_to_string(dir.join(schema_for(&rel))).unwrap()).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        for error in validator.iter_errors(&yaml_of(&path)) {
            out.push(format!("{rel}: {error} at {}", error.instance_path()));
        }
    }
    out
}

#[test]
fn the_committed_schemas_are_what_the_tool_makes() {
    let dir = repo().join("docs/schema/input");
    for (name, text) in schemas(None) {
        let committed = fs::read_to_string(dir.join(name)).unwrap_or_default();
        assert!(
            committed == text,
            "docs/schema/input/{name} is stale: run `cargo run -- schema --generic --out \
             docs/schema/input`"
        );
    }
    assert_eq!(fs::read_dir(&dir).unwrap().count(), FILES.len());
}

#[test]
fn every_content_file_of_the_example_passes_its_schema() {
    let found = problems(&repo(), &repo().join("docs/schema/input"));
    assert!(found.is_empty(), "{found:#?}");
    // Its YAML files name their schemas, for editors.
    for (name, file) in FILES.iter().take(4) {
        let text = fs::read_to_string(repo().join(file)).unwrap();
        let line = format!("# yaml-language-server: $schema=../docs/schema/input/{name}\n");
        assert!(text.starts_with(&line), "{file} does not start with {line}");
    }
}

#[test]
fn a_new_project_has_its_schemas_and_passes_them_with_its_ids_offered() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("new");
    let run = briefing(dir.path(), &["init", root.to_str().unwrap()]);
    assert!(run.ok(), "{}", run.stderr);
    let found = problems(&root, &root.join("schema"));
    assert!(found.is_empty(), "{found:#?}");
    let claims = read(&root.join("content/claims.yaml"));
    assert!(
        claims.starts_with("# yaml-language-server: $schema=../schema/claims.schema.json\n"),
        "{claims}"
    );
    let source: Value =
        serde_json::from_str(&read(&root.join("schema/source.schema.json"))).unwrap();
    assert!(
        source["definitions"]["ClaimRef"]["examples"]
            .as_array()
            .is_some_and(|ids| ids.iter().any(|id| id == "demand-is-growing")),
        "{source:#}"
    );
    // The project still builds: the modelines are comments.
    let build = briefing(&root, &["build"]);
    assert!(build.ok(), "{}", build.stderr);
}

#[test]
fn a_misspelt_key_a_bad_value_and_a_bad_id_are_refused() {
    let dir = fixture("minimal");
    let schemas = repo().join("docs/schema/input");
    let clean = problems(dir.path(), &schemas);
    assert!(clean.is_empty(), "{clean:#?}");
    for (file, from, to, expected) in [
        (
            "content/sources/alpha.md",
            "publisher:",
            "publsher:",
            "publsher",
        ),
        (
            "content/sources/alpha.md",
            "stance: supports",
            "stance: support",
            "support",
        ),
        (
            "content/claims.yaml",
            "value: 2000",
            "value: \"2,000\"",
            "2,000",
        ),
        (
            "content/claims.yaml",
            "id: buyer-named",
            "id: Buyer_Named",
            "Buyer_Named",
        ),
        (
            "content/timeline.yaml",
            "date: ",
            "date: 2026-13-01 #",
            "2026-13-01",
        ),
    ] {
        let copy = fixture("minimal");
        edit(copy.path(), file, from, to);
        let found = problems(copy.path(), &schemas);
        assert!(
            found
                .iter()
                .any(|p| p.contains(expected) && p.starts_with(file)),
            "{file}: {to}: {found:#?}"
        );
    }
}

#[test]
fn the_schema_command_offers_the_projects_ids_and_says_when_it_cannot() {
    let dir = fixture("minimal");
    let run = briefing(dir.path(), &["schema"]);
    assert!(run.ok(), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("wrote 7 schemas to ./schema, with 4 claim"),
        "{}",
        run.stdout
    );
    let entities: Value =
        serde_json::from_str(&read(&dir.path().join("schema/claims.schema.json"))).unwrap();
    assert!(
        entities["definitions"]["EntityRef"]["examples"]
            .as_array()
            .is_some_and(|ids| ids.iter().any(|id| id == "acme")),
        "{entities:#}"
    );
    // A project with errors still gets its schemas, without the ids.
    edit(dir.path(), "content/claims.yaml", "statement:", "statment:");
    let run = briefing(dir.path(), &["schema"]);
    assert!(run.ok(), "{}", run.stderr);
    assert!(
        run.stderr.contains("the project's ids are not in them"),
        "{}",
        run.stderr
    );
    // Writing schemas is all it does: the check writes nothing.
    assert!(!dir.path().join("public").exists());
}
