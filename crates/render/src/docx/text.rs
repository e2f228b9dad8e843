//! Text runs: fonts, sizes and span styles, with the text made safe for docx-rs.
//!
//! docx-rs writes control characters raw (invalid XML) and silently drops `\n`, so every
//! string goes through `sanitize::clean` and line breaks and tabs become `<w:br/>`/`<w:tab/>`.

use crate::sanitize;
use docx_rs::{BreakType, Run, RunFonts};
use secspec_core::{Span, SpanStyle};

/// Body face. The Japanese family name is what fontconfig, LibreOffice and Japanese Word know.
pub(crate) const MINCHO: &str = "IPAex明朝";
/// Heading face.
pub(crate) const GOTHIC: &str = "IPAexゴシック";
/// IPAex lacks some name characters (e.g. 𠮷 U+20BB7); IPAmj明朝 has the 文字情報基盤 set.
pub(crate) const NAME_FALLBACK: &str = "IPAmj明朝";

/// Half-points (w:sz): 10.5 pt body, 9 pt notes and footer, 12 pt level-1 headings, 16 pt title.
pub(crate) const SZ_BODY: usize = 21;
pub(crate) const SZ_SMALL: usize = 18;
pub(crate) const SZ_HEADING: usize = 24;
pub(crate) const SZ_TITLE: usize = 32;

const INSERTED_COLOR: &str = "0000FF";
const DELETED_COLOR: &str = "FF0000";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Face {
    Mincho,
    Gothic,
}

/// How a run looks before its span style is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Look {
    pub face: Face,
    pub size: usize,
    pub bold: bool,
    /// Face and size come from the paragraph style: runs carry neither, so the text
    /// takes the look of whatever template the paragraph is pasted into.
    pub inherit: bool,
}

impl Look {
    pub(crate) const BODY: Look = Look::new(Face::Mincho, SZ_BODY);
    pub(crate) const SMALL: Look = Look::new(Face::Mincho, SZ_SMALL);
    /// Body text in the Body Text style.
    pub(crate) const BODY_STYLED: Look = Look::BODY.styled();

    pub(crate) const fn new(face: Face, size: usize) -> Look {
        Look {
            face,
            size,
            bold: false,
            inherit: false,
        }
    }

    pub(crate) const fn styled(self) -> Look {
        Look {
            inherit: true,
            ..self
        }
    }

    pub(crate) const fn bold(self) -> Look {
        Look { bold: true, ..self }
    }
}

/// The same family for every script slot, so Word and LibreOffice never substitute
/// their own Latin or East Asian default.
pub(crate) fn fonts(name: &str) -> RunFonts {
    RunFonts::new()
        .ascii(name)
        .hi_ansi(name)
        .east_asia(name)
        .cs(name)
}

fn face_name(face: Face) -> &'static str {
    match face {
        Face::Mincho => MINCHO,
        Face::Gothic => GOTHIC,
    }
}

/// An empty run carrying the look (fonts, size, bold) and the span style.
pub(crate) fn styled_run(look: Look, style: SpanStyle) -> Run {
    let base = look;
    let look = match style {
        SpanStyle::Bold => Look {
            face: Face::Gothic,
            bold: true,
            ..look
        },
        _ => look,
    };
    let mut run = Run::new();
    if !look.inherit {
        run = run.fonts(fonts(face_name(look.face))).size(look.size);
    } else if look.face != base.face {
        // Bold spans switch to Gothic even inside a styled paragraph.
        run = run.fonts(fonts(face_name(look.face)));
    }
    if look.bold {
        run = run.bold();
    }
    match style {
        SpanStyle::Inserted => run.underline("single").color(INSERTED_COLOR),
        SpanStyle::Deleted => run.strike().color(DELETED_COLOR),
        SpanStyle::Normal | SpanStyle::Bold => run,
    }
}

/// Runs for a sequence of spans.
pub(crate) fn span_runs(spans: &[Span], look: Look) -> Vec<Run> {
    spans
        .iter()
        .flat_map(|s| text_runs(&s.text, look, s.style))
        .collect()
}

/// Runs for one string: cleaned, `\n` as line breaks, `\t` as tabs, and characters
/// missing from IPAex in their own run with the fallback font.
pub(crate) fn text_runs(text: &str, look: Look, style: SpanStyle) -> Vec<Run> {
    // Split before cleaning: `clean` removes the line feeds along with other controls.
    let text = text.replace("\r\n", "\n");
    let mut runs = Vec::new();
    for (i, line) in text.split(['\n', '\r']).enumerate() {
        if i > 0 {
            runs.push(styled_run(look, style).add_break(BreakType::TextWrapping));
        }
        let line = sanitize::clean(line);
        for (j, cell) in line.split('\t').enumerate() {
            if j > 0 {
                runs.push(styled_run(look, style).add_tab());
            }
            for (fallback, piece) in font_segments(cell) {
                let mut run = styled_run(look, style);
                if fallback {
                    run = run.fonts(fonts(NAME_FALLBACK));
                }
                runs.push(run.add_text(piece));
            }
        }
    }
    runs
}

/// Splits text into maximal pieces that do / do not need the name fallback font.
fn font_segments(text: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut current = None;
    for (i, c) in text.char_indices() {
        let fallback = needs_fallback(c);
        match current {
            Some(f) if f != fallback => {
                out.push((f, &text[start..i]));
                start = i;
            }
            _ => {}
        }
        current = Some(fallback);
    }
    if let Some(f) = current {
        out.push((f, &text[start..]));
    }
    out
}

/// Supplementary ideographs (planes 2 and 3). IPAex has only a handful of them; IPAmj明朝
/// has all that 文字情報基盤 defines, so sending the whole range there is the safe choice.
fn needs_fallback(c: char) -> bool {
    ('\u{20000}'..='\u{3FFFF}').contains(&c)
}

/// Display width in half-em units: 2 for full-width (CJK) characters, 1 otherwise.
pub(crate) fn half_ems(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

/// True when every character is full width, so a full-width space after it lands exactly
/// on the next character cell.
pub(crate) fn all_wide(text: &str) -> bool {
    text.chars().all(is_wide)
}

fn is_wide(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{115F}'
        | '\u{2E80}'..='\u{A4CF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{20000}'..='\u{3FFFD}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_split_on_fallback_characters() {
        assert_eq!(
            font_segments("山𠮷田"),
            vec![(false, "山"), (true, "𠮷"), (false, "田")]
        );
        assert!(font_segments("").is_empty());
    }

    #[test]
    fn widths() {
        assert_eq!(half_ems("（１）"), 6);
        assert_eq!(half_ems("(1)"), 3);
        assert!(all_wide("第１条"));
        assert!(!all_wide("Article 1"));
    }
}
