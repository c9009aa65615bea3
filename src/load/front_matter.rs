//! Splitting a Markdown file into its YAML front-matter and its body.
//!
//! The front-matter is the block between a first line `---` and the next line
//! `---`. Both parts keep their starting line so that errors in either point
//! at the right line of the file.

/// The two parts of a Markdown content file.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// 1-based line of the file where the YAML starts.
    pub yaml_line: u32,
    pub body: &'a str,
    /// 1-based line of the file where the body starts.
    pub body_line: u32,
}

#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with `---`.
    Missing,
    /// The opening `---` is never closed.
    Unclosed,
}

/// Splits `text` (already free of a byte-order mark and of `\r\n`).
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().ok_or(SplitError::Missing)?;
    if first.trim_end() != "---" {
        return Err(SplitError::Missing);
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    let mut line_no = 1u32;
    for line in lines {
        line_no += 1;
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[offset + line.len()..],
                body_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err(SplitError::Unclosed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_yaml_from_body_with_their_lines() {
        let s = split("---\ntitle: x\nn: 1\n---\n# Body\ntext\n").unwrap();
        assert_eq!(s.yaml, "title: x\nn: 1\n");
        assert_eq!(s.yaml_line, 2);
        assert_eq!(s.body, "# Body\ntext\n");
        assert_eq!(s.body_line, 5);
    }

    #[test]
    fn accepts_an_empty_body_and_trailing_spaces_on_fences() {
        let s = split("--- \ntitle: x\n---").unwrap();
        assert_eq!(s.yaml, "title: x\n");
        assert_eq!(s.body, "");
    }

    #[test]
    fn a_rule_inside_the_body_is_not_a_fence() {
        let s = split("---\na: 1\n---\nabove\n\n---\nbelow\n").unwrap();
        assert_eq!(s.body, "above\n\n---\nbelow\n");
    }

    #[test]
    fn reports_missing_and_unclosed_front_matter() {
        assert_eq!(split("# just markdown\n"), Err(SplitError::Missing));
        assert_eq!(split(""), Err(SplitError::Missing));
        assert_eq!(split("---\ntitle: x\n"), Err(SplitError::Unclosed));
    }
}
