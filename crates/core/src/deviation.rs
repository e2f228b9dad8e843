//! Deviations: the officer's wording compared with the standard text, as a redline.

use crate::document::{Span, SpanStyle};
use serde::Serialize;
use similar::{ChangeTag, TextDiff};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Deviation {
    pub clause_id: String,
    /// Standard text with the project's values filled in.
    pub standard: String,
    /// The officer's text.
    pub edited: String,
    /// Redline: unchanged, deleted and inserted runs in reading order.
    pub redline: Vec<Span>,
    pub inserted_chars: usize,
    pub deleted_chars: usize,
    pub reason: Option<String>,
}

/// Mostly Latin text (English documents) diffs by words; Japanese, which has no word spaces,
/// diffs by characters.
fn is_latin(text: &str) -> bool {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    letters > 0 && text.chars().filter(|c| c.is_ascii_alphabetic()).count() * 2 > letters
}

/// Compares two texts: unchanged, deleted and inserted runs in reading order.
pub fn redline(standard: &str, edited: &str) -> Vec<Span> {
    let diff = if is_latin(standard) && is_latin(edited) {
        TextDiff::from_words(standard, edited)
    } else {
        TextDiff::from_chars(standard, edited)
    };
    let mut spans: Vec<Span> = Vec::new();
    for change in diff.iter_all_changes() {
        let style = match change.tag() {
            ChangeTag::Equal => SpanStyle::Normal,
            ChangeTag::Delete => SpanStyle::Deleted,
            ChangeTag::Insert => SpanStyle::Inserted,
        };
        match spans.last_mut() {
            Some(last) if last.style == style => last.text.push_str(change.value()),
            _ => spans.push(Span::styled(change.value(), style)),
        }
    }
    spans
}

/// Normalises line endings and outer whitespace so that re-saving the same text is no deviation.
pub fn normalize(text: &str) -> String {
    text.replace("\r\n", "\n").trim().to_string()
}

pub fn compare(
    clause_id: &str,
    standard: &str,
    edited: &str,
    reason: Option<&str>,
) -> Option<Deviation> {
    let (standard, edited) = (normalize(standard), normalize(edited));
    if standard == edited {
        return None;
    }
    let redline = redline(&standard, &edited);
    let count = |style| {
        redline
            .iter()
            .filter(|s| s.style == style)
            .map(|s| s.text.chars().count())
            .sum()
    };
    Some(Deviation {
        clause_id: clause_id.to_string(),
        inserted_chars: count(SpanStyle::Inserted),
        deleted_chars: count(SpanStyle::Deleted),
        standard,
        edited,
        redline,
        reason: reason
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(String::from),
    })
}

/// What changed, in words: 「直ちに」を「速やかに」に変更、「その秘密を保持し、」を削除 …
/// (at most `limit` changes named; the rest counted).
pub fn change_summary(spans: &[Span]) -> (String, String) {
    const LIMIT: usize = 3;
    const LONG: usize = 30;
    let cut = |t: &str| {
        let t = t.trim();
        if t.chars().count() > LONG {
            format!("{}…", t.chars().take(LONG).collect::<String>())
        } else {
            t.to_string()
        }
    };
    let mut ja = Vec::new();
    let mut en = Vec::new();
    let mut i = 0;
    while i < spans.len() {
        let (del, ins) = match (spans[i].style, spans.get(i + 1).map(|s| s.style)) {
            (SpanStyle::Deleted, Some(SpanStyle::Inserted)) => {
                let pair = (spans[i].text.as_str(), spans[i + 1].text.as_str());
                i += 2;
                pair
            }
            (SpanStyle::Deleted, _) => {
                i += 1;
                (spans[i - 1].text.as_str(), "")
            }
            (SpanStyle::Inserted, _) => {
                i += 1;
                ("", spans[i - 1].text.as_str())
            }
            _ => {
                i += 1;
                continue;
            }
        };
        match (del.is_empty(), ins.is_empty()) {
            (false, false) => {
                ja.push(format!("「{}」を「{}」に変更", cut(del), cut(ins)));
                en.push(format!("\"{}\" changed to \"{}\"", cut(del), cut(ins)));
            }
            (false, true) => {
                ja.push(format!("「{}」を削除", cut(del)));
                en.push(format!("\"{}\" removed", cut(del)));
            }
            _ => {
                ja.push(format!("「{}」を追加", cut(ins)));
                en.push(format!("\"{}\" added", cut(ins)));
            }
        }
    }
    let more = ja.len().saturating_sub(LIMIT);
    ja.truncate(LIMIT);
    en.truncate(LIMIT);
    let (mut ja, mut en) = (ja.join("、"), en.join(", "));
    if more > 0 {
        ja.push_str(&format!("ほか {more} か所"));
        en.push_str(&format!(" and {more} more"));
    }
    (ja, en)
}

/// Only the changed runs with a little context, for one-line messages:
/// `…を定め、[-その秘密を保持し、-]また当該…`.
pub fn redline_summary(spans: &[Span]) -> String {
    const CONTEXT: usize = 8;
    let tail = |t: &str| {
        let chars: Vec<char> = t.chars().collect();
        chars[chars.len().saturating_sub(CONTEXT)..]
            .iter()
            .collect::<String>()
    };
    let mut hunks = Vec::new();
    let mut i = 0;
    while i < spans.len() {
        if spans[i].style == SpanStyle::Normal {
            i += 1;
            continue;
        }
        // One hunk: context before, every adjacent change, context after.
        let mut hunk = match i.checked_sub(1).and_then(|p| spans.get(p)) {
            Some(p) => format!("…{}", tail(&p.text)),
            None => String::new(),
        };
        while i < spans.len() && spans[i].style != SpanStyle::Normal {
            hunk.push_str(&redline_text(std::slice::from_ref(&spans[i])));
            i += 1;
        }
        if let Some(n) = spans.get(i) {
            hunk.extend(n.text.chars().take(CONTEXT));
            hunk.push('…');
        }
        hunks.push(hunk);
    }
    hunks.join(" ")
}

/// Redline as plain text for terminals: `[-deleted-]` and `{+inserted+}`.
pub fn redline_text(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|s| match s.style {
            SpanStyle::Deleted => format!("[-{}-]", s.text),
            SpanStyle::Inserted => format!("{{+{}+}}", s.text),
            _ => s.text.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_text_is_no_deviation() {
        assert!(compare("c", "本文。\n", "本文。", None).is_none());
    }

    #[test]
    fn english_diffs_by_words() {
        let spans = redline(
            "shall report immediately to the ordering party",
            "shall report promptly to the ordering party",
        );
        assert_eq!(
            redline_text(&spans),
            "shall report [-immediately-]{+promptly+} to the ordering party"
        );
    }

    #[test]
    fn summary_keeps_only_changes_with_context() {
        let spans = redline(
            "ＡＢＣＤＥＦＧＨＩＪ直ちにＫＬＭＮＯＰＱＲＳＴ",
            "ＡＢＣＤＥＦＧＨＩＪ速やかにＫＬＭＮＯＰＱＲＳＴ",
        );
        assert_eq!(
            redline_summary(&spans),
            "…ＣＤＥＦＧＨＩＪ[-直ち-]{+速やか+}にＫＬＭＮＯＰＱ…"
        );
    }

    #[test]
    fn weakened_wording_is_shown_as_redline() {
        let d = compare(
            "c",
            "直ちに発注者に報告すること。",
            "速やかに発注者に報告すること。",
            None,
        )
        .unwrap();
        assert_eq!(
            redline_text(&d.redline),
            "[-直ち-]{+速やか+}に発注者に報告すること。"
        );
        assert_eq!((d.deleted_chars, d.inserted_chars), (2, 3));
    }
}
