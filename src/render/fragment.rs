//! Links that open a source at the quoted passage: the source's address
//! with a text fragment (`#:~:text=`, from the URL Fragment Text
//! Directives specification), which browsers that support it scroll to
//! and highlight. Browsers without support simply open the page.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// What a text directive's text must have percent-encoded: everything but
/// letters, digits and a few marks that mean nothing there. `-`, `,` and
/// `&` above all, which are the directive's own syntax (a prefix or suffix
/// marker, the start/end separator, the next directive).
const DIRECTIVE_TEXT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'.').remove(b'_').remove(b'~');

/// Quotes longer than this many words are found by their first and last
/// words (`text=start,end`), which keeps the address short and still
/// matches the whole passage.
const WHOLE_QUOTE_WORDS: usize = 10;

/// Words taken from each end of a long quote.
const END_WORDS: usize = 4;

/// `url` pointing at `quote` in the page it names.
pub fn quote_link(url: &str, quote: &str) -> String {
    let words: Vec<&str> = quote.split_whitespace().collect();
    let encode = |words: &[&str]| utf8_percent_encode(&words.join(" "), DIRECTIVE_TEXT).to_string();
    let text = if words.len() > WHOLE_QUOTE_WORDS {
        format!(
            "{},{}",
            encode(&words[..END_WORDS]),
            encode(&words[words.len() - END_WORDS..])
        )
    } else {
        encode(&words)
    };
    // A fragment the address already has stays, and the directive follows
    // it; a directive it already has is replaced, not added to.
    let url = match url.find('#') {
        Some(hash) => url[hash..]
            .find(":~:")
            .map_or(url, |directive| &url[..hash + directive]),
        None => url,
    };
    let joint = if url.contains('#') { ":~:" } else { "#:~:" };
    format!("{url}{joint}text={text}")
}

#[cfg(test)]
mod tests {
    use super::quote_link;

    #[test]
    fn a_short_quote_is_the_whole_directive_with_its_syntax_encoded() {
        assert_eq!(
            quote_link("https://example.org/a", "AI chips, in-house & cheap"),
            "https://example.org/a#:~:text=AI%20chips%2C%20in%2Dhouse%20%26%20cheap"
        );
    }

    #[test]
    fn a_long_quote_is_found_by_its_first_and_last_words() {
        let quote =
            "Amazon is in talks to sell its Trainium chips to other data centers, the report said";
        assert_eq!(
            quote_link("https://example.org/a", quote),
            "https://example.org/a#:~:text=Amazon%20is%20in%20talks,centers%2C%20the%20report%20said"
        );
    }

    #[test]
    fn an_existing_fragment_is_kept_and_text_is_utf8_encoded() {
        assert_eq!(
            quote_link("https://example.org/a#part", "“run rate” of $50B"),
            "https://example.org/a#part:~:text=%E2%80%9Crun%20rate%E2%80%9D%20of%20%2450B"
        );
    }

    #[test]
    fn a_directive_the_address_has_is_replaced() {
        for url in [
            "https://example.org/a#:~:text=old",
            "https://example.org/a#part:~:text=x",
        ] {
            let link = quote_link(url, "new words");
            assert_eq!(link.matches(":~:").count(), 1, "{link}");
            assert!(link.ends_with(":~:text=new%20words"), "{link}");
            assert!(!link.contains("old"), "{link}");
        }
        assert_eq!(
            quote_link("https://example.org/a#:~:text=old", "new"),
            "https://example.org/a#:~:text=new"
        );
    }
}
