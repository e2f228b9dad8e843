//! Text normalisation of the verifier: what makes two texts "the same words".
//!
//! NFKC folds full and half width; whitespace and line breaks vanish (Japanese has no word
//! spaces, and PDF or Word line breaks fall anywhere); numbering and bullet prefixes
//! (第1, 1, (1), （１）, ア, (ア), ・, ○, ①) are cut off and kept as the unit's label.

use unicode_normalization::UnicodeNormalization;

/// Characters that print as nothing and must not make two texts differ.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{FE00}'..='\u{FE0F}'
    )
}

/// NFKC, skipped for text the quick check finds normalised already (most Japanese text).
pub fn nfkc(s: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{is_nfkc_quick, IsNormalized};
    // Characters NFKC never changes and that make up most Japanese text: checked by range first.
    let stable = |c: char| {
        matches!(c, ' '..='~' | '\n' | '\t' | '\u{3001}'..='\u{3002}' | '\u{300C}'..='\u{300F}'
            | '\u{3014}'..='\u{3015}' | '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}'
            | '\u{30FB}'..='\u{30FE}' | '\u{4E00}'..='\u{9FFF}')
    };
    if s.chars().all(stable) || is_nfkc_quick(s.chars()) == IsNormalized::Yes {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.nfkc().collect())
    }
}

/// NFKC, without whitespace and invisible characters.
pub fn squeeze(s: &str) -> Vec<char> {
    nfkc(s)
        .chars()
        .filter(|c| !c.is_whitespace() && !invisible(*c))
        .collect()
}

/// NFKC with runs of whitespace as one space (Latin text keeps its word breaks).
pub fn squeeze_spaced(s: &str) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    for c in nfkc(s).chars().filter(|c| !invisible(*c)) {
        if c.is_whitespace() {
            if out.last().is_some_and(|l| *l != ' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    while out.last() == Some(&' ') {
        out.pop();
    }
    out
}

/// Whitespace runs as one space, trimmed, and wrapped Japanese lines joined: how found text is shown.
pub fn display(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending: Option<bool> = None; // whitespace seen: Some(contains a line break)
    for c in s.chars() {
        if c.is_whitespace() {
            let brk = matches!(c, '\n' | '\r');
            pending = Some(pending.unwrap_or(false) || brk);
            continue;
        }
        if let Some(brk) = pending.take() {
            // A line break between Japanese characters is where a line wrapped (PDF, a
            // narrow table cell), not a space the writer typed.
            let wrapped = brk && out.chars().last().is_some_and(|p| !p.is_ascii()) && !c.is_ascii();
            if !out.is_empty() && !wrapped {
                out.push(' ');
            }
        }
        out.push(c);
    }
    out
}

/// One spelling replaced by its official form: `start..end` in the canonical text, and what the
/// text had there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repl {
    pub start: usize,
    pub end: usize,
    pub source: Vec<char>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Canon {
    pub chars: Vec<char>,
    /// Every place a listed spelling (official or not) stood, in order.
    pub repls: Vec<Repl>,
}

/// Orders a spelling table for [`canonicalize`]: by first character, longest spelling first.
pub fn sort_table(table: &mut [(Vec<char>, Vec<char>)]) {
    table.sort_by(|a, b| {
        a.0.first()
            .cmp(&b.0.first())
            .then(b.0.len().cmp(&a.0.len()))
            .then(a.0.cmp(&b.0))
    });
}

/// Folds listed spellings to their official form (longest spelling first at each position);
/// `table` is ordered by [`sort_table`].
pub fn canonicalize(text: &[char], table: &[(Vec<char>, Vec<char>)]) -> Canon {
    let mut out = Canon::default();
    let mut i = 0;
    while i < text.len() {
        let here = text.get(i).copied();
        // Only spellings starting with the character at hand can match there.
        let hit = here.and_then(|c| {
            let from = table.partition_point(|(k, _)| k.first() < Some(&c));
            table
                .get(from..)
                .unwrap_or(&[])
                .iter()
                .take_while(|(k, _)| k.first() == Some(&c))
                .find(|(key, _)| text.get(i..i + key.len()) == Some(key.as_slice()))
        });
        match hit {
            Some((key, official)) => {
                let start = out.chars.len();
                out.chars.extend_from_slice(official);
                out.repls.push(Repl {
                    start,
                    end: out.chars.len(),
                    source: key.clone(),
                });
                i += key.len();
            }
            None => {
                if let Some(c) = text.get(i) {
                    out.chars.push(*c);
                }
                i += 1;
            }
        }
    }
    out
}

fn circled(c: char) -> bool {
    matches!(c, '\u{2460}'..='\u{2473}' | '\u{24EA}'..='\u{24FF}' | '\u{2776}'..='\u{2793}'
        | '\u{3251}'..='\u{325F}' | '\u{32B1}'..='\u{32BF}' | '\u{3280}'..='\u{3289}')
}

const BULLETS: &[char] = &[
    '・', '○', '●', '◯', '◎', '■', '□', '◆', '◇', '▪', '▫', '•', '◦', '‣', '-', '*', '+', '‐', '–',
    '—', '➢', '►', '▶', '▸', '✓', '✔', '>', '〇',
];

fn kanji_digit(c: char) -> bool {
    "〇一二三四五六七八九十百".contains(c)
}

fn katakana(c: char) -> bool {
    ('\u{30A1}'..='\u{30FA}').contains(&c)
}

/// Cuts one numbering or bullet prefix off `s` (already NFKC, trimmed at the start).
fn cut_one(s: &str, latin: bool) -> Option<usize> {
    let chars: Vec<(usize, char)> = s.char_indices().take(16).collect();
    let first = chars.first()?.1;
    let at = |i: usize| chars.get(i).map(|x| x.1);
    let offset = |i: usize| chars.get(i).map(|x| x.0).unwrap_or(s.len());
    let boundary = |i: usize| match at(i) {
        None => true,
        Some(c) => c.is_whitespace(),
    };
    if BULLETS.contains(&first) {
        // A hyphen or plus starting a Latin sentence or a number is not a bullet.
        if matches!(first, '-' | '+' | '*' | '>') && !boundary(1) {
            return None;
        }
        return Some(offset(1));
    }
    // 第1 / 第１条 / 第三 followed by a space or the end.
    if first == '第' {
        let mut i = 1;
        while at(i).is_some_and(|c| c.is_ascii_digit() || kanji_digit(c)) {
            i += 1;
        }
        if i > 1 {
            if at(i).is_some_and(|c| "条項章節款".contains(c)) {
                i += 1;
            }
            if boundary(i) || at(i).is_some_and(|c| matches!(c, '.' | '、')) {
                return Some(offset(i + usize::from(!boundary(i))));
            }
        }
        return None;
    }
    // (1) (ア) (a) (一) 〔1〕
    if first == '(' || first == '〔' || first == '[' {
        let close = match first {
            '(' => ')',
            '〔' => '〕',
            _ => ']',
        };
        let mut i = 1;
        while i <= 4 && at(i).is_some_and(|c| c != close) {
            let c = at(i)?;
            if !(c.is_ascii_alphanumeric() || katakana(c) || kanji_digit(c)) {
                return None;
            }
            i += 1;
        }
        if i > 1 && at(i) == Some(close) {
            return Some(offset(i + 1));
        }
        return None;
    }
    // 1 / 1. / 1) / 1.2.3 / 1-1
    if first.is_ascii_digit() {
        let mut i = 0;
        while at(i).is_some_and(|c| c.is_ascii_digit() || c == '.' || c == '-') {
            i += 1;
        }
        let last = at(i.saturating_sub(1));
        if at(i) == Some(')') || at(i) == Some('、') {
            return Some(offset(i + 1));
        }
        if boundary(i) || last == Some('.') {
            return Some(offset(i));
        }
        return None;
    }
    // ア / ア. / ア) / 一、 / a) / a.
    if katakana(first) || kanji_digit(first) || (first.is_ascii_alphabetic() && !latin) {
        if at(1).is_some_and(|c| matches!(c, '.' | ')' | '、')) {
            return Some(offset(2));
        }
        if boundary(1) && !first.is_ascii_alphabetic() {
            return Some(offset(1));
        }
        return None;
    }
    if first.is_ascii_alphabetic() && at(1).is_some_and(|c| matches!(c, '.' | ')')) && boundary(2) {
        return Some(offset(2));
    }
    None
}

/// Splits a unit's leading numbering off: `(label, rest)`, both NFKC.
pub fn strip_prefix(raw: &str, latin: bool) -> (String, String) {
    let mut label = String::new();
    let mut s = raw.trim_start();
    if let Some(c) = s.chars().next().filter(|c| circled(*c)) {
        label.push(c);
        s = s[c.len_utf8()..].trim_start();
    }
    let mut rest: String = nfkc(s).into_owned();
    for _ in 0..4 {
        let trimmed = rest.trim_start();
        let Some(cut) = cut_one(trimmed, latin) else {
            break;
        };
        let (head, tail) = trimmed.split_at(cut);
        if !label.is_empty() {
            label.push(' ');
        }
        label.push_str(head.trim());
        rest = tail.to_string();
    }
    (label, rest.trim().to_string())
}

/// Splits a block's text into sentence units: after 。, at line breaks, and before a bullet that
/// follows a space, a line break or a full stop (an inline event list).
pub fn split_units(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<char> = None;
    let mut prev_space = true;
    for (i, c) in text.char_indices() {
        let bullet_start = (c == '・' || circled(c)) && (prev_space || prev == Some('。'));
        if (c == '\n' || c == '\r' || bullet_start) && i > start {
            out.push(&text[start..i]);
            start = i;
        }
        let next = i + c.len_utf8();
        // 「…含む。）。」: a full stop inside brackets does not end the sentence.
        let closer_follows = text[next..]
            .chars()
            .next()
            .is_some_and(|n| "）)」』〕】".contains(n));
        let full_stop = !closer_follows
            && (c == '。'
                || (c == '．'
                    && !prev.is_some_and(|p| p.is_ascii_digit() || ('０'..='９').contains(&p))));
        if full_stop {
            out.push(&text[start..next]);
            start = next;
        }
        prev_space = c.is_whitespace();
        prev = Some(c);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out.into_iter()
        .filter(|u| u.chars().any(|c| !c.is_whitespace()))
        .collect()
}

/// Splits Latin text into sentences after `.`, `;` or `:` followed by a space.
pub fn split_units_latin(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    for (k, (i, c)) in bytes.iter().enumerate() {
        let next_space = bytes.get(k + 1).is_none_or(|(_, n)| n.is_whitespace());
        if (matches!(c, '.' | ';') && next_space) || *c == '\n' {
            let end = i + c.len_utf8();
            out.push(&text[start..end]);
            start = end;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out.into_iter()
        .filter(|u| u.chars().any(|c| c.is_alphanumeric()))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn display_joins_wrapped_japanese_lines_and_keeps_spaces() {
        assert_eq!(
            display("（1）情報セキュリティを確保するため\nの体制の整備"),
            "（1）情報セキュリティを確保するための体制の整備"
        );
        assert_eq!(display("  7.  情報 の\n確保 "), "7. 情報 の確保");
        assert_eq!(
            display("Article 2\nConfidentiality"),
            "Article 2 Confidentiality"
        );
        assert_eq!(display("昭和 45 年"), "昭和 45 年");
    }

    use super::*;

    #[test]
    fn prefixes_are_labels() {
        for (raw, label, rest) in [
            ("（１）本調達に係る", "(1)", "本調達に係る"),
            ("第1 総則", "第1", "総則"),
            ("第３条　受注者は", "第3条", "受注者は"),
            ("ア　受注者による", "ア", "受注者による"),
            ("(ア) 受注者による", "(ア)", "受注者による"),
            ("・ 受注者に提供し", "・", "受注者に提供し"),
            ("○情報セキュリティ", "○", "情報セキュリティ"),
            ("① 受注者に提供し", "①", "受注者に提供し"),
            ("1. 概要", "1.", "概要"),
            ("7.1 範囲", "7.1", "範囲"),
            ("1 (1) ア 本文", "1 (1) ア", "本文"),
        ] {
            assert_eq!(
                strip_prefix(raw, false),
                (label.to_string(), rest.to_string()),
                "{raw}"
            );
        }
    }

    #[test]
    fn text_that_only_looks_numbered_keeps_its_words() {
        for raw in ["第三者に再委託しない", "45年", "アクセスを認める", "又は"]
        {
            assert_eq!(strip_prefix(raw, false).0, "", "{raw}");
        }
    }

    #[test]
    fn width_and_spaces_fold() {
        assert_eq!(
            squeeze("（昭和４５年　法律\n第90号）"),
            squeeze("(昭和45年法律第90号)")
        );
    }

    #[test]
    fn units_split_at_full_stops_lines_and_inline_bullets() {
        let units = split_units("以下の事象を含む。・一の事象 ・二の事象\nまた、後文。残り");
        assert_eq!(
            units,
            vec![
                "以下の事象を含む。",
                "・一の事象 ",
                "・二の事象",
                "\nまた、後文。",
                "残り"
            ]
        );
        assert_eq!(split_units("部門・場所"), vec!["部門・場所"]);
        assert_eq!(
            split_units("行う（含む。）。次"),
            vec!["行う（含む。）。", "次"]
        );
    }

    #[test]
    fn longest_spelling_wins() {
        let table = vec![
            (squeeze("または"), squeeze("又は")),
            (squeeze("又は"), squeeze("又は")),
            (squeeze("又"), squeeze("また")),
        ];
        let mut table = table;
        sort_table(&mut table);
        let c = canonicalize(&squeeze("侵害されまたはそのおそれ"), &table);
        assert_eq!(c.chars.iter().collect::<String>(), "侵害され又はそのおそれ");
        assert_eq!(c.repls.len(), 1);
    }
}
