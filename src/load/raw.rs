//! The files' shapes as serde reads them.
//!
//! These structs mirror the content format field for field and refuse unknown
//! keys, so a misspelt field is an error with a suggestion instead of being
//! silently ignored. Values that need checking beyond their YAML type (dates,
//! ids, enums) are kept as text here and checked while converting to the
//! model, where each problem can point at its own line.

use super::yaml::Scalar;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Briefing {
    pub title: String,
    pub question: String,
    pub as_of: Scalar,
    pub bottom_line: String,
    #[serde(default)]
    pub authors: Vec<String>,
    pub base_url: Option<String>,
    pub originals: Option<String>,
    pub language: Option<String>,
    /// Interface words by key.
    #[serde(default)]
    pub interface: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    pub publisher: String,
    pub author: Option<String>,
    pub published: Option<Scalar>,
    pub published_note: Option<String>,
    pub url: Option<String>,
    pub archived: Option<String>,
    pub kind: Option<String>,
    #[serde(default)]
    pub relies_on: Vec<String>,
    pub original: Option<String>,
    pub original_text: Option<String>,
    pub trust: Option<String>,
    #[serde(default)]
    pub annotations: Vec<Annotation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Annotation {
    pub claim: String,
    pub quote: String,
    pub stance: String,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    pub id: String,
    pub statement: String,
    pub topic: Option<String>,
    #[serde(default)]
    pub entities: Vec<String>,
    pub figure: Option<Figure>,
    pub verdict: Option<String>,
    pub verdict_note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub metric: String,
    pub value: f64,
    pub unit: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    #[serde(default)]
    pub id: Option<String>,
    pub date: Scalar,
    pub title: String,
    pub detail: Option<String>,
    #[serde(default)]
    pub expected: bool,
    #[serde(default)]
    pub claims: Vec<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    pub id: String,
    pub name: String,
    pub kind: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub summary: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub title: Option<String>,
    #[serde(default)]
    pub points: Vec<CasePoint>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CasePoint {
    pub title: String,
    pub argument: String,
    #[serde(default)]
    pub claims: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    pub title: String,
    pub summary: Option<String>,
}
