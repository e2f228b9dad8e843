//! Greedy line filling over shaped glyphs. Break opportunities (UAX #14 + kinsoku) come
//! from `text::shape`; this only decides where each line ends.

use super::text::{kinsoku_forbids, Brk, Glyph};
use std::ops::Range;

/// Tolerance so a line that fits exactly is not pushed over by float rounding.
const EPS: f32 = 0.01;

/// One line: its glyphs and whether it ended because the next glyph did not fit (such a
/// line may be justified; the last line of a paragraph or before a hard break may not).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    pub range: Range<usize>,
    pub wrapped: bool,
}

/// Splits `glyphs` into lines no wider than `first` (first line) and `rest` (others).
/// `breaks[i]` says whether a line may end before glyph i (`breaks.len() == glyphs.len() + 1`).
pub(crate) fn break_lines(glyphs: &[Glyph], breaks: &[Brk], first: f32, rest: f32) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = 0;
    while start < glyphs.len() {
        let width = if lines.is_empty() { first } else { rest };
        let line = next_line(glyphs, breaks, start, width);
        start = line.range.end;
        lines.push(line);
    }
    lines
}

fn next_line(glyphs: &[Glyph], breaks: &[Brk], start: usize, width: f32) -> Line {
    let mut x = 0.0;
    let mut last_ok = None;
    for (i, g) in glyphs.iter().enumerate().skip(start) {
        if i > start {
            match breaks.get(i).copied().unwrap_or(Brk::No) {
                Brk::Mandatory => return end_at(start..i, false),
                Brk::Allowed => last_ok = Some(i),
                Brk::No => {}
            }
        }
        // Spaces may hang past the edge; anything else that overflows ends the line.
        if i > start && !g.is_space() && x + g.advance > width + EPS {
            let end = last_ok.unwrap_or_else(|| emergency_break(glyphs, start, i));
            return end_at(start..end, true);
        }
        x += g.advance;
    }
    end_at(start..glyphs.len(), false)
}

fn end_at(range: Range<usize>, wrapped: bool) -> Line {
    Line { range, wrapped }
}

/// No opportunity on the whole line (a long word or URL): cut before the overflowing
/// glyph, stepping back so the cut still obeys kinsoku when possible.
fn emergency_break(glyphs: &[Glyph], start: usize, overflow: usize) -> usize {
    let mut end = overflow;
    while end > start + 1 && kinsoku_forbids(&glyphs[end - 1], &glyphs[end]) {
        end -= 1;
    }
    if end == start + 1 && kinsoku_forbids(&glyphs[end - 1], &glyphs[end]) {
        overflow
    } else {
        end
    }
}

/// Width of the glyphs in `range` without trailing spaces.
pub(crate) fn visible_width(glyphs: &[Glyph]) -> f32 {
    trim_trailing_spaces(glyphs).iter().map(|g| g.advance).sum()
}

pub(crate) fn trim_trailing_spaces(glyphs: &[Glyph]) -> &[Glyph] {
    let n = glyphs
        .iter()
        .rposition(|g| !g.is_space())
        .map_or(0, |p| p + 1);
    &glyphs[..n]
}

#[cfg(test)]
mod tests {
    use super::super::text::{no_line_end, no_line_start, Deco};
    use super::*;
    use crate::fonts::Role;
    use unicode_linebreak::{linebreaks, BreakOpportunity};

    /// Glyphs of unit width (full-width) or half width (ASCII), with UAX #14 + kinsoku
    /// breaks, without needing font files.
    fn fake(text: &str) -> (Vec<Glyph>, Vec<Brk>) {
        let glyphs: Vec<Glyph> = text
            .chars()
            .map(|ch| Glyph {
                gid: 1,
                role: Role::Mincho,
                ch,
                vs: None,
                advance: if ch.is_ascii() { 0.5 } else { 1.0 },
                deco: Deco::None,
            })
            .collect();
        let starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        let mut breaks = vec![Brk::No; glyphs.len() + 1];
        for (byte, op) in linebreaks(text) {
            let i = starts.partition_point(|s| *s < byte);
            breaks[i] = match op {
                BreakOpportunity::Mandatory => Brk::Mandatory,
                BreakOpportunity::Allowed => Brk::Allowed,
            };
        }
        breaks[0] = Brk::No;
        for i in 1..glyphs.len() {
            if breaks[i] == Brk::Allowed && kinsoku_forbids(&glyphs[i - 1], &glyphs[i]) {
                breaks[i] = Brk::No;
            }
        }
        (glyphs, breaks)
    }

    fn lines(text: &str, first: f32, rest: f32) -> Vec<String> {
        let (g, b) = fake(text);
        break_lines(&g, &b, first, rest)
            .into_iter()
            .map(|l| g[l.range].iter().map(|g| g.ch).collect())
            .collect()
    }

    fn assert_kinsoku(lines: &[String]) {
        for pair in lines.windows(2) {
            let first = pair[1].chars().next().unwrap();
            let last = pair[0].chars().last().unwrap();
            assert!(!no_line_start(first), "line starts with {first}: {lines:?}");
            assert!(!no_line_end(last), "line ends with {last}: {lines:?}");
        }
    }

    #[test]
    fn fills_full_width_lines() {
        let out = lines("あいうえおかきくけこさしすせそ", 5.0, 5.0);
        assert_eq!(out, ["あいうえお", "かきくけこ", "さしすせそ"]);
    }

    #[test]
    fn period_never_starts_a_line() {
        // 「。」 would be the 6th character on a 5-em line: push 「お」 down with it.
        let out = lines("あいうえお。かきくけこ", 5.0, 5.0);
        assert_eq!(out[0], "あいうえ");
        assert_eq!(out[1], "お。かきく");
        assert_kinsoku(&out);
    }

    #[test]
    fn small_kana_and_long_vowel_never_start_a_line() {
        for text in [
            "あいうえきゃくかきくけこ",
            "あいうえサーバかきくけこ",
            "あいうえおっとかきくけこ",
            "あいう「えお」かきくけこ",
            "あいうえ（お）かきくけこ",
        ] {
            for width in 3..8 {
                let out = lines(text, width as f32, width as f32);
                assert_kinsoku(&out);
                assert_eq!(out.concat(), text);
            }
        }
    }

    #[test]
    fn opening_bracket_never_ends_a_line() {
        let out = lines("あいうえ「おかき」くけこ", 5.0, 5.0);
        assert_eq!(out[0], "あいうえ");
        assert_kinsoku(&out);
    }

    #[test]
    fn english_breaks_at_spaces() {
        let out = lines("the quick brown fox jumps", 6.0, 6.0);
        assert_eq!(out, ["the quick ", "brown fox ", "jumps"]);
    }

    #[test]
    fn long_word_is_cut() {
        let out = lines("abcdefghijklmnop", 3.0, 3.0);
        assert_eq!(out[0], "abcdef");
        assert_eq!(out.concat(), "abcdefghijklmnop");
    }

    #[test]
    fn hanging_indent_widths() {
        // First line narrower (label or first-line indent), then the full width.
        let out = lines("あいうえおかきくけこさしすせそたち", 3.0, 5.0);
        assert_eq!(out, ["あいう", "えおかきく", "けこさしす", "せそたち"]);
    }

    #[test]
    fn hard_breaks_and_wrapped_flag() {
        let (g, b) = fake("あいうえおか\nきく");
        // '\n' has no glyph in real shaping; here it is a zero-width glyph, which is fine.
        let ls = break_lines(&g, &b, 5.0, 5.0);
        assert!(ls[0].wrapped);
        assert!(!ls.last().unwrap().wrapped);
    }

    #[test]
    fn trailing_spaces_do_not_count() {
        let (g, _) = fake("ab  ");
        assert_eq!(visible_width(&g), 1.0);
    }
}
