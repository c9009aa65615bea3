//! JSON Schemas of the input files, for editors that check and complete
//! YAML as it is typed (yaml-language-server, in VS Code, Neovim, Zed...).
//!
//! They are made from the same types the loader reads ([`super::raw`]),
//! so a field added there is in the schema at once, and an unknown key is
//! refused by both. What the loader checks later (ids, dates, each
//! enumeration's values) is written into the schema from the same rules:
//! the id rule's pattern, the date forms, and the model's lists of allowed
//! values. A project's own claim, entity and source ids can be added as
//! completions for the fields that refer to them ([`Known`]).

use super::raw;
use crate::model::{EntityKind, OriginalText, SourceKind, Stance, Verdict};
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::{json, Value};
use std::borrow::Cow;

/// An id as [`crate::model::id_problem`] allows it: lowercase letters,
/// digits and inner hyphens, at most 120 characters. (The names Windows
/// reserves, `con` and the like, are left to the build's message.)
const ID_PATTERN: &str = "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$";
const ID_MAX: u32 = 120;

/// A date in one of the forms [`crate::model::Date::parse`] reads: a day,
/// a month, a quarter or a year. (A 31st of a 30-day month passes here
/// and is refused by the build.)
const DATE_PATTERN: &str = "^[0-9]{4}(-Q[1-4]|-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$";

/// The schema files, by name, and the type each describes.
pub const FILES: [(&str, &str); 7] = [
    ("briefing.schema.json", "content/briefing.yaml"),
    ("claims.schema.json", "content/claims.yaml"),
    ("timeline.schema.json", "content/timeline.yaml"),
    ("entities.schema.json", "content/entities.yaml"),
    (
        "source.schema.json",
        "the front-matter of content/sources/*.md",
    ),
    ("case.schema.json", "the front-matter of content/cases/*.md"),
    ("page.schema.json", "the front-matter of content/pages/*.md"),
];

/// A project's ids, offered as completions where a field refers to one.
#[derive(Debug, Default, Clone)]
pub struct Known {
    pub claims: Vec<String>,
    pub entities: Vec<String>,
    pub sources: Vec<String>,
}

/// Every schema file's name and text (pretty JSON, with a final newline),
/// in the order of [`FILES`].
pub fn schemas(known: Option<&Known>) -> Vec<(&'static str, String)> {
    let made = [
        make::<raw::Briefing>("The briefing: content/briefing.yaml"),
        make::<Vec<raw::Claim>>("The claims: content/claims.yaml"),
        make::<Vec<raw::Event>>("The timeline: content/timeline.yaml"),
        make::<Vec<raw::Entity>>("The entities: content/entities.yaml"),
        make::<raw::Source>("A source's front-matter: content/sources/<id>.md"),
        make::<raw::Case>("A case's front-matter: content/cases/bull.md or bear.md"),
        make::<raw::Page>("A free page's front-matter: content/pages/<id>.md"),
    ];
    FILES
        .iter()
        .zip(made)
        .map(|((name, _), mut schema)| {
            if let Some(known) = known {
                offer(&mut schema, known);
            }
            let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
            text.push('\n');
            (*name, text)
        })
        .collect()
}

/// One file's schema: draft-07, which every editor's YAML support reads.
fn make<T: JsonSchema>(title: &str) -> Value {
    let generator = SchemaGenerator::new(SchemaSettings::draft07());
    let mut schema = generator.into_root_schema_for::<T>().to_value();
    if let Some(object) = schema.as_object_mut() {
        object.insert("title".into(), json!(title));
    }
    schema
}

/// Adds a project's ids as `examples` (which editors offer as completions,
/// and which, unlike `enum`, do not refuse an id added since) to the
/// definitions of the references.
fn offer(schema: &mut Value, known: &Known) {
    let Some(definitions) = schema.get_mut("definitions").and_then(Value::as_object_mut) else {
        return;
    };
    for (name, ids) in [
        ("ClaimRef", &known.claims),
        ("EntityRef", &known.entities),
        ("SourceRef", &known.sources),
    ] {
        if let Some(Value::Object(def)) = definitions.get_mut(name) {
            def.insert("examples".into(), json!(ids));
        }
    }
}

/// Declares a schema type for a kind of value: its name in the schema's
/// definitions and its schema.
macro_rules! value_schema {
    ($(#[$doc:meta])* $name:ident, $schema:expr) => {
        $(#[$doc])*
        pub struct $name;

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                let value: Value = $schema;
                Schema::try_from(value).unwrap_or_default()
            }
        }
    };
}

fn id(description: &str) -> Value {
    json!({
        "type": "string",
        "pattern": ID_PATTERN,
        "maxLength": ID_MAX,
        "description": description,
    })
}

/// The allowed values of an enumeration, from the model's list.
fn one_of<T>(all: &[(&'static str, T)], description: &str) -> Value {
    let names: Vec<&str> = all.iter().map(|(name, _)| *name).collect();
    json!({ "type": "string", "enum": names, "description": description })
}

value_schema!(
    /// An id a record declares.
    Id,
    id("The id: lowercase letters a-z, digits and hyphens, not at either end; it is the \
        record's address in the site.")
);
value_schema!(
    /// A reference to a claim.
    ClaimRef,
    id("A claim's id, from claims.yaml.")
);
value_schema!(
    /// A reference to an entity.
    EntityRef,
    id("An entity's id, from entities.yaml.")
);
value_schema!(
    /// A reference to a source.
    SourceRef,
    id("A source's id: its file name in content/sources/, without .md.")
);
value_schema!(
    /// A date of any precision.
    DateText,
    json!({
        "description": "A date: 2026-06-18, 2026-06 (a month), 2026-Q2 (a quarter) or 2026 \
                        (a year).",
        "anyOf": [
            { "type": "string", "pattern": DATE_PATTERN },
            { "type": "integer", "minimum": 1, "maximum": 9999 },
        ],
    })
);
value_schema!(
    /// A source's kind.
    SourceKindName,
    one_of(&SourceKind::ALL, "What kind of document it is.")
);
value_schema!(
    /// An annotation's stance.
    StanceName,
    one_of(
        &Stance::ALL,
        "How the quote bears on the claim: supports it, qualifies it (narrows or conditions \
         it), or disputes it."
    )
);
value_schema!(
    /// A claim's verdict.
    VerdictName,
    one_of(
        &Verdict::ALL,
        "The analyst's verdict, when the quotes alone do not settle the claim; explain it in \
         verdict_note."
    )
);
value_schema!(
    /// An entity's kind.
    EntityKindName,
    one_of(&EntityKind::ALL, "What kind of entity it is.")
);
value_schema!(
    /// Which text of a web page a source quotes.
    OriginalTextName,
    one_of(
        &OriginalText::ALL,
        "For a web page original: quote from its article (as a reader mode shows it) or from \
         all of its text."
    )
);
value_schema!(
    /// The interface's words by key.
    InterfaceWords,
    {
        let keys: Vec<&str> = crate::model::ui::WORDS.iter().map(|(k, _)| *k).collect();
        json!({
            "type": "object",
            "description": "The interface's words in the briefing's language, by key; see \
                            docs/CONTENT.md for the keys and their English words.",
            "propertyNames": { "enum": keys },
            "additionalProperties": { "type": "string" },
        })
    }
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{id_problem, Date};

    /// Whether a JSON Schema validator finds `text` matches `pattern`.
    fn matches(pattern: &str, text: &str) -> bool {
        let schema = json!({ "type": "string", "pattern": pattern });
        jsonschema::is_valid(&schema, &json!(text))
    }

    #[test]
    fn the_id_pattern_is_the_id_rule() {
        for text in [
            "a", "claim-1", "a--b", "-a", "a-", "A", "a_b", "é", "a b", "", "2026",
        ] {
            assert_eq!(
                matches(ID_PATTERN, text),
                id_problem(text).is_none(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn the_date_pattern_is_the_date_rule() {
        for text in [
            "2026",
            "2026-06",
            "2026-06-18",
            "2026-Q2",
            "2026-Q5",
            "2026-13",
            "2026-06-32",
            "26-06-18",
            "2026-6",
            "June 2026",
            "2026-H1",
        ] {
            assert_eq!(
                matches(DATE_PATTERN, text),
                Date::parse(text).is_some(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn every_file_has_a_schema_that_refuses_unknown_keys() {
        let all = schemas(None);
        assert_eq!(all.len(), FILES.len());
        for (name, text) in all {
            let schema: Value = serde_json::from_str(&text).unwrap();
            let found = text.contains("\"additionalProperties\": false");
            assert!(found, "{name} lets unknown keys through");
            assert!(schema.get("title").is_some(), "{name}");
        }
    }

    #[test]
    fn a_projects_ids_are_offered_where_they_are_referred_to() {
        let known = Known {
            claims: vec!["demand-is-growing".into()],
            entities: vec!["example-co".into()],
            sources: vec!["example-report".into()],
        };
        let all = schemas(Some(&known));
        let source = &all
            .iter()
            .find(|(n, _)| *n == "source.schema.json")
            .unwrap()
            .1;
        let schema: Value = serde_json::from_str(source).unwrap();
        assert_eq!(
            schema["definitions"]["ClaimRef"]["examples"],
            json!(["demand-is-growing"])
        );
    }
}
