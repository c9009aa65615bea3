//! The files' shapes as serde reads them.
//!
//! These structs mirror the content format field for field and refuse unknown
//! keys, so a misspelt field is an error with a suggestion instead of being
//! silently ignored. Values that need checking beyond their YAML type (dates,
//! ids, enums) are kept as text here and checked while converting to the
//! model, where each problem can point at its own line.
//!
//! They also make the input files' JSON Schemas ([`super::schema`]): the
//! `schemars(with = ...)` attributes give the schema of what is kept as
//! text here and checked later, and the doc comments become the
//! descriptions editors show.

use super::schema::{
    ClaimRef, DateText, EntityKindName, EntityRef, Id, InterfaceWords, OriginalTextName,
    SourceKindName, SourceRef, StanceName, VerdictName,
};
use super::yaml::Scalar;
use schemars::JsonSchema;
use serde::Deserialize;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Briefing {
    /// The briefing's title, on every page.
    pub title: String,
    /// The one question the briefing answers.
    pub question: String,
    /// The date the briefing is current to.
    #[schemars(with = "DateText")]
    pub as_of: Scalar,
    /// The answer in a few sentences (Markdown; cite claims with [[claim-id]]).
    pub bottom_line: String,
    /// Who wrote it.
    #[serde(default)]
    pub authors: Vec<String>,
    /// Where the site will be published, e.g. https://example.org/briefing/
    #[schemars(url)]
    pub base_url: Option<String>,
    /// The folder of the sources' original texts, from the project folder; never published.
    pub originals: Option<String>,
    /// The briefing's language, as a language tag (en, fr, pt-BR).
    pub language: Option<String>,
    /// Interface words by key.
    #[serde(default)]
    #[schemars(with = "InterfaceWords")]
    pub interface: std::collections::BTreeMap<String, String>,
    /// The most rows a list page (claims, sources, names) shows; a longer list is split over pages of this many. Defaults to 200.
    #[schemars(range(min = 1))]
    pub rows_per_page: Option<u64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The document's title.
    pub title: String,
    /// The outlet or organisation that published it; sources count as independent only when their publishers differ.
    pub publisher: String,
    /// Who wrote it.
    pub author: Option<String>,
    /// When it was published.
    #[schemars(with = "Option<DateText>")]
    pub published: Option<Scalar>,
    /// A note on the date, when it is uncertain.
    pub published_note: Option<String>,
    /// The document's address.
    pub url: Option<String>,
    /// An archived copy's address.
    pub archived: Option<String>,
    #[schemars(with = "Option<SourceKindName>")]
    pub kind: Option<String>,
    /// Earlier reports or documents this one draws on ("TechCrunch").
    #[serde(default)]
    pub relies_on: Vec<String>,
    /// Its original text's file, in the originals folder (.txt, .md, .html or .pdf).
    pub original: Option<String>,
    #[schemars(with = "Option<OriginalTextName>")]
    pub original_text: Option<String>,
    /// How far to trust it, and why (Markdown).
    pub trust: Option<String>,
    /// The passages that bear on claims.
    #[serde(default)]
    pub annotations: Vec<Annotation>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Annotation {
    /// The claim the passage bears on.
    #[schemars(with = "ClaimRef")]
    pub claim: String,
    /// The passage, word for word as the original has it.
    pub quote: String,
    #[schemars(with = "StanceName")]
    pub stance: String,
    /// Your note on the passage (Markdown).
    pub note: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    #[schemars(with = "Id")]
    pub id: String,
    /// The claim, as one checkable sentence.
    pub statement: String,
    /// The topic it is filed under in the claims table.
    pub topic: Option<String>,
    /// The entities it is about.
    #[serde(default)]
    #[schemars(with = "Vec<EntityRef>")]
    pub entities: Vec<String>,
    /// A figure the claim states, shown among the key figures.
    pub figure: Option<Figure>,
    #[schemars(with = "Option<VerdictName>")]
    pub verdict: Option<String>,
    /// Why the verdict (Markdown).
    pub verdict_note: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    /// What is measured.
    pub metric: String,
    /// A number, without the unit.
    pub value: f64,
    /// The unit, e.g. "$bn" or "% a year".
    pub unit: String,
    /// Whether it is one of the front page's key figures. When no figure
    /// says `key: true`, the first eight figures are.
    pub key: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// An id, needed only to cite the event with [[event:id]].
    #[serde(default)]
    #[schemars(with = "Option<Id>")]
    pub id: Option<String>,
    #[schemars(with = "DateText")]
    pub date: Scalar,
    /// What happened, or is expected.
    pub title: String,
    /// More on it (Markdown).
    pub detail: Option<String>,
    /// Whether it is still to come.
    #[serde(default)]
    pub expected: bool,
    /// The claims it bears on.
    #[serde(default)]
    #[schemars(with = "Vec<ClaimRef>")]
    pub claims: Vec<String>,
    /// The sources that report it.
    #[serde(default)]
    #[schemars(with = "Vec<SourceRef>")]
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    #[schemars(with = "Id")]
    pub id: String,
    /// Its name, as the site shows it and the sources are searched for.
    pub name: String,
    #[schemars(with = "Option<EntityKindName>")]
    pub kind: Option<String>,
    /// Other names it goes by in the sources.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// A line on who or what it is.
    pub summary: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// The case's title [default: the interface's "Bull case" or "Bear case"].
    pub title: Option<String>,
    /// The case's points, each citing the claims it rests on.
    #[serde(default)]
    pub points: Vec<CasePoint>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CasePoint {
    pub title: String,
    /// The argument (Markdown; cite claims with [[claim-id]]).
    pub argument: String,
    /// The claims it rests on.
    #[serde(default)]
    #[schemars(with = "Vec<ClaimRef>")]
    pub claims: Vec<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Page {
    pub title: String,
    /// A line on what the page holds.
    pub summary: Option<String>,
}
