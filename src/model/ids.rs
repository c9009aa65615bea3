//! Identifiers of claims, sources, entities, events and pages.
//!
//! Ids appear in URLs and file names, so they are restricted to lowercase
//! ASCII letters, digits and inner hyphens: an id can never name a path
//! outside its folder or need escaping in a link. Each kind is its own type
//! so a claim id cannot be looked up among sources by mistake.

use std::fmt;

/// Why a string is not a valid id, in words for the analyst.
pub fn id_problem(text: &str) -> Option<&'static str> {
    if text.is_empty() {
        return Some("an id cannot be empty");
    }
    if text.len() > 120 {
        return Some("an id can be at most 120 characters long");
    }
    if !text
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Some("an id may contain only lowercase letters a-z, digits and hyphens");
    }
    if text.starts_with('-') || text.ends_with('-') {
        return Some("an id cannot start or end with a hyphen");
    }
    if is_reserved_on_windows(text) {
        return Some(
            "Windows reserves this name for a device (con, prn, aux, nul, com1-com9, lpt1-lpt9), \
             so the site could not be copied there: add a word, e.g. `con-call`",
        );
    }
    None
}

/// Names Windows gives to devices: a file or folder so named cannot be
/// made there, whatever its extension (`con/index.html`, `nul.md`), so a
/// site or a content tree holding one could not be checked out or copied.
fn is_reserved_on_windows(text: &str) -> bool {
    match text {
        "con" | "prn" | "aux" | "nul" => true,
        _ => {
            let (stem, digit) = text.split_at(text.len().saturating_sub(1));
            matches!(stem, "com" | "lpt") && matches!(digit.as_bytes(), [b'1'..=b'9'])
        }
    }
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// Checks the text against the id rules.
            pub fn parse(text: &str) -> Result<$name, &'static str> {
                match id_problem(text) {
                    None => Ok($name(text.to_string())),
                    Some(problem) => Err(problem),
                }
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(
    /// The id of a claim in claims.yaml.
    ClaimId
);
id_type!(
    /// The id of a source: its file stem in sources/.
    SourceId
);
id_type!(
    /// The id of an entity in entities.yaml.
    EntityId
);
id_type!(
    /// The id of a free page: its file stem in pages/.
    PageId
);
id_type!(
    /// The id of a timeline event, which only events cited by id need.
    EventId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_url_safe_slugs() {
        assert!(ClaimId::parse("chip-run-rate-50b").is_ok());
        for bad in [
            "",
            "Has-Caps",
            "with space",
            "a/b",
            "../up",
            "-lead",
            "trail-",
            "ü",
        ] {
            assert!(ClaimId::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn names_windows_reserves_are_refused() {
        for bad in ["con", "prn", "aux", "nul", "com1", "com9", "lpt1", "lpt9"] {
            let problem = SourceId::parse(bad).unwrap_err();
            assert!(problem.contains("Windows"), "{bad:?}: {problem}");
        }
        for good in [
            "com", "com0", "com10", "lpt", "console", "null", "con-call", "aux1",
        ] {
            assert!(SourceId::parse(good).is_ok(), "{good:?} is a fine id");
        }
    }
}
