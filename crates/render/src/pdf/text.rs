//! Turns styled text into glyphs: picks the font for each character (primary, then the
//! IPAmj fallback), measures advances with ttf-parser, and finds where lines may break.

use crate::fonts::{is_invisible_format, is_variation_selector, Faces, Role};
use crate::{sanitize, RenderError};
use unicode_linebreak::{linebreaks, BreakOpportunity};

/// Line decoration of a span (redlining).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Deco {
    #[default]
    None,
    Underline,
    Strike,
}

/// A piece of input text in one style.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Piece<'a> {
    pub text: &'a str,
    pub role: Role,
    pub deco: Deco,
}

impl<'a> Piece<'a> {
    pub(crate) fn plain(text: &'a str, role: Role) -> Self {
        Piece {
            text,
            role,
            deco: Deco::None,
        }
    }
}

/// One printed glyph. `ch` (plus `vs`, an ideographic variation selector) is what text
/// extraction returns for it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Glyph {
    pub gid: u16,
    pub role: Role,
    pub ch: char,
    pub vs: Option<char>,
    pub advance: f32,
    pub deco: Deco,
}

impl Glyph {
    pub(crate) fn is_space(&self) -> bool {
        self.ch.is_whitespace()
    }

    /// The text this glyph stands for (ToUnicode entry).
    pub(crate) fn text(&self) -> String {
        let mut s = String::from(self.ch);
        s.extend(self.vs);
        s
    }
}

/// May a line break before glyph i?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Brk {
    No,
    Allowed,
    Mandatory,
}

/// Shaped text: glyphs and, for each index 0..=len, whether a line may break before it.
#[derive(Debug, Default)]
pub(crate) struct Shaped {
    pub glyphs: Vec<Glyph>,
    pub breaks: Vec<Brk>,
}

/// Characters that must not start a line (行頭禁則).
pub(crate) fn no_line_start(c: char) -> bool {
    "、。，．,.）)」』】〕］]｝}〉》〙〗｠»・：；:;？！?!ー－‐゠–〜～…‥々〻ゝゞヽヾぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿｧｨｩｪｫｯｬｭｮｰ゛゜％%’”〟"
        .contains(c)
}

/// Characters that must not end a line (行末禁則).
pub(crate) fn no_line_end(c: char) -> bool {
    "（(「『【〔［[｛{〈《〘〖｟«‘“〝".contains(c)
}

/// Shapes `pieces` at `size` pt. `context` names the field for error messages.
pub(crate) fn shape(
    faces: &Faces<'_>,
    pieces: &[Piece<'_>],
    size: f32,
    context: &str,
) -> Result<Shaped, RenderError> {
    let mut b = Builder {
        faces,
        size,
        context,
        text: String::new(),
        starts: Vec::new(),
        glyphs: Vec::new(),
    };
    for piece in pieces {
        for (k, part) in piece.text.split('\n').enumerate() {
            if k > 0 {
                b.text.push('\n');
            }
            for c in sanitize::clean(part).chars() {
                b.push(c, piece)?;
            }
        }
    }
    let breaks = break_opportunities(&b.text, &b.starts, &b.glyphs);
    Ok(Shaped {
        glyphs: b.glyphs,
        breaks,
    })
}

struct Builder<'f, 'a> {
    faces: &'f Faces<'a>,
    size: f32,
    context: &'f str,
    /// The text as seen by the line breaker (includes characters without glyphs).
    text: String,
    /// Byte offset in `text` of each glyph.
    starts: Vec<usize>,
    glyphs: Vec<Glyph>,
}

impl Builder<'_, '_> {
    fn push(&mut self, c: char, piece: &Piece<'_>) -> Result<(), RenderError> {
        let c = if c == '\t' { ' ' } else { c };
        let at = self.text.len();
        self.text.push(c);
        if is_variation_selector(c) {
            self.apply_selector(c);
            return Ok(());
        }
        if is_invisible_format(c) {
            return Ok(());
        }
        let (role, gid, ch) = self.lookup(c, piece.role)?;
        self.starts.push(at);
        self.glyphs.push(Glyph {
            gid,
            role,
            ch,
            vs: None,
            advance: self.faces.advance(role, gid, self.size),
            deco: piece.deco,
        });
        Ok(())
    }

    /// Font order for a character: its style's font, the fallback, then the other face.
    fn lookup(&self, c: char, preferred: Role) -> Result<(Role, u16, char), RenderError> {
        let order = [preferred, Role::Fallback, other(preferred)];
        if let Some((role, gid)) = order
            .iter()
            .find_map(|r| self.faces.glyph(*r, c).map(|g| (*r, g)))
        {
            return Ok((role, gid, c));
        }
        // Unusual spaces print as an ordinary space rather than failing.
        if c.is_whitespace() {
            if let Some(gid) = self.faces.glyph(preferred, ' ') {
                return Ok((preferred, gid, ' '));
            }
        }
        Err(RenderError::MissingGlyph {
            ch: c,
            context: context_excerpt(self.context),
        })
    }

    /// Uses the variant glyph of an ideographic variation sequence when a font has it;
    /// otherwise the selector is dropped and the base glyph stays.
    fn apply_selector(&mut self, selector: char) {
        let Some(prev) = self.glyphs.last_mut() else {
            return;
        };
        if prev.vs.is_some() {
            return;
        }
        let order = [prev.role, Role::Fallback, Role::Mincho, Role::Gothic];
        let found = order.iter().find_map(|r| {
            self.faces
                .variant_glyph(*r, prev.ch, selector)
                .map(|g| (*r, g))
        });
        if let Some((role, gid)) = found {
            prev.role = role;
            prev.gid = gid;
            prev.vs = Some(selector);
            prev.advance = self.faces.advance(role, gid, self.size);
        }
    }
}

fn other(role: Role) -> Role {
    match role {
        Role::Gothic => Role::Mincho,
        _ => Role::Gothic,
    }
}

/// The first 20 characters of a field, for error messages.
pub(crate) fn context_excerpt(text: &str) -> String {
    let mut out: String = text.chars().filter(|c| !c.is_control()).take(20).collect();
    if text.chars().filter(|c| !c.is_control()).nth(20).is_some() {
        out.push('…');
    }
    out
}

/// UAX #14 opportunities mapped to glyph indices, then tightened by the kinsoku rules
/// (UAX #14 alone lets small kana, ー and the like start a line).
fn break_opportunities(text: &str, starts: &[usize], glyphs: &[Glyph]) -> Vec<Brk> {
    let n = glyphs.len();
    let mut breaks = vec![Brk::No; n + 1];
    for (byte, opportunity) in linebreaks(text) {
        let i = starts.partition_point(|s| *s < byte);
        let kind = match opportunity {
            BreakOpportunity::Mandatory => Brk::Mandatory,
            BreakOpportunity::Allowed => Brk::Allowed,
        };
        if let Some(slot) = breaks.get_mut(i) {
            if *slot != Brk::Mandatory {
                *slot = kind;
            }
        }
    }
    breaks[0] = Brk::No;
    for i in 1..n {
        if breaks[i] == Brk::Allowed && kinsoku_forbids(&glyphs[i - 1], &glyphs[i]) {
            breaks[i] = Brk::No;
        }
    }
    breaks
}

/// True when a line must not break between `before` and `after`.
pub(crate) fn kinsoku_forbids(before: &Glyph, after: &Glyph) -> bool {
    no_line_start(after.ch) || no_line_end(before.ch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_is_short() {
        assert_eq!(context_excerpt("abc"), "abc");
        let long = "あ".repeat(30);
        assert_eq!(context_excerpt(&long).chars().count(), 21);
    }

    use crate::fonts::bundled as fonts;

    #[test]
    fn falls_back_per_character_and_never_uses_glyph_zero() {
        let faces = fonts().faces().unwrap();
        let pieces = [
            Piece::plain("吉𠮷", Role::Mincho),
            Piece::plain("見出し", Role::Gothic),
        ];
        let shaped = shape(&faces, &pieces, 10.5, "ctx").unwrap();
        let roles: Vec<Role> = shaped.glyphs.iter().map(|g| g.role).collect();
        assert_eq!(roles[..2], [Role::Mincho, Role::Fallback]);
        assert!(roles[2..].iter().all(|r| *r == Role::Gothic));
        assert!(shaped.glyphs.iter().all(|g| g.gid != 0 && g.advance > 0.0));
        // Full-width characters are one em wide.
        assert!((shaped.glyphs[0].advance - 10.5).abs() < 0.01);
    }

    #[test]
    fn missing_glyph_reports_character_and_context() {
        let faces = fonts().faces().unwrap();
        let text = "この段落には\u{10FFFD}があります";
        let err = shape(&faces, &[Piece::plain(text, Role::Mincho)], 10.5, text).unwrap_err();
        match err {
            RenderError::MissingGlyph { ch, context } => {
                assert_eq!(ch, '\u{10FFFD}');
                assert!(context.starts_with("この段落には"));
            }
            other => panic!("{other}"),
        }
    }

    #[test]
    fn controls_are_stripped_and_newline_forces_a_break() {
        let faces = fonts().faces().unwrap();
        let shaped = shape(
            &faces,
            &[Piece::plain("あ\u{0}い\nう", Role::Mincho)],
            10.5,
            "",
        )
        .unwrap();
        let chars: String = shaped.glyphs.iter().map(|g| g.ch).collect();
        assert_eq!(chars, "あいう");
        assert_eq!(shaped.breaks[2], Brk::Mandatory);
        assert_eq!(shaped.breaks[1], Brk::Allowed);
    }

    #[test]
    fn kinsoku_removes_uax14_breaks() {
        let faces = fonts().faces().unwrap();
        // UAX #14 (non-strict) allows a break before small kana and ー; kinsoku does not.
        let shaped = shape(
            &faces,
            &[Piece::plain("サーバっと", Role::Mincho)],
            10.5,
            "",
        )
        .unwrap();
        assert_eq!(shaped.breaks[1], Brk::No, "before ー");
        assert_eq!(shaped.breaks[3], Brk::No, "before っ");
        assert_eq!(shaped.breaks[4], Brk::Allowed, "before と");
    }

    #[test]
    fn kinsoku_sets() {
        for c in "、。）」ーっャ？！々・".chars() {
            assert!(no_line_start(c), "{c}");
        }
        for c in "（「『【〔［｛〈《".chars() {
            assert!(no_line_end(c), "{c}");
        }
        assert!(!no_line_start('あ'));
        assert!(!no_line_end('あ'));
    }
}
