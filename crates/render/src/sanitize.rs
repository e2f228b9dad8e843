//! Last line of defence before text reaches a writer: drop characters that are invalid in
//! XML 1.0 / PDF text (C0 controls except tab, U+FFFE, U+FFFF). Input validation in core
//! rejects them with a message naming the field; this only guarantees valid output.

/// Returns `text` without characters that would corrupt DOCX XML or PDF text.
pub fn clean(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().all(is_allowed) {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.chars().filter(|c| is_allowed(*c)).collect())
    }
}

pub fn is_allowed(c: char) -> bool {
    !(c < '\u{20}' && c != '\t' || c == '\u{7F}' || c == '\u{FFFE}' || c == '\u{FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_controls_keeps_text() {
        assert_eq!(clean("a\u{0}b\u{1F}c\u{FFFE}"), "abc");
        assert_eq!(clean("府省庁\t名"), "府省庁\t名");
    }
}
