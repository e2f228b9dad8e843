//! The bundled fonts as the desktop window shows them: every outline kept, the TrueType hinting
//! removed.
//!
//! IPAex's hinting instructions snap thin horizontal strokes away at screen sizes in WebKitGTK
//! (本 shows as 木, 国土 as 国上); the same outlines without instructions rasterise correctly.
//! The window loads these through `@font-face`, so what an officer proofreads on screen is the
//! typeface of the documents, drawn right.

use crate::fonts::{FontSet, Role};
use crate::pdf::dehint::embeddable_font;
use crate::{sfnt, RenderError};
use std::collections::BTreeMap;

/// Tables that only tell a rasteriser how to hint (device metrics, hinting ranges).
const HINT_TABLES: [&[u8; 4]; 4] = [b"hdmx", b"LTSH", b"VDMX", b"gasp"];

/// The fonts the window can ask for, by the name in its `@font-face` address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreenFace {
    /// IPAex明朝: clause text, previews, redlines.
    Mincho,
    /// IPAexゴシック: the interface.
    Gothic,
    /// IPAmj明朝: characters IPAex lacks (𠮷, variants).
    Fallback,
}

impl ScreenFace {
    /// `mincho`, `gothic` or `mj`.
    pub fn from_name(name: &str) -> Option<ScreenFace> {
        match name {
            "mincho" => Some(ScreenFace::Mincho),
            "gothic" => Some(ScreenFace::Gothic),
            "mj" => Some(ScreenFace::Fallback),
            _ => None,
        }
    }

    fn role(self) -> Role {
        match self {
            ScreenFace::Mincho => Role::Mincho,
            ScreenFace::Gothic => Role::Gothic,
            ScreenFace::Fallback => Role::Fallback,
        }
    }
}

/// `face` as a whole TrueType font with the same glyphs, metrics and cmap and no hinting.
pub fn screen_font(fonts: &FontSet, face: ScreenFace) -> Result<Vec<u8>, RenderError> {
    let bad = || RenderError::Font(format!("{face:?}: not a TrueType font SecSpec can read"));
    let font = fonts.whole(face.role())?;
    let (small, offsets, glyf) = (font.small, font.offsets, &font.glyf);
    let mut refs: BTreeMap<u16, &[u8]> = BTreeMap::new();
    for (gid, range) in offsets.windows(2).enumerate() {
        if let (Ok(gid), Some(glyph)) = (u16::try_from(gid), glyf.get(range[0]..range[1])) {
            refs.insert(gid, glyph);
        }
    }
    let bare = embeddable_font(small, &refs).ok_or_else(bad)?;
    let mut tables = sfnt::read_tables(&bare).ok_or_else(bad)?;
    tables.retain(|t| !HINT_TABLES.contains(&&t.tag));
    Ok(sfnt::write_font(bare.get(0..4).ok_or_else(bad)?, &tables))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_glyphs_and_outlines_without_instructions() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fonts");
        let original = std::fs::read(dir.join(crate::fonts::MINCHO_FILE)).unwrap();
        let screen = screen_font(crate::fonts::bundled(), ScreenFace::Mincho).unwrap();
        assert!(screen.len() < original.len());
        let a = ttf_parser::Face::parse(&original, 0).unwrap();
        let b = ttf_parser::Face::parse(&screen, 0).unwrap();
        assert_eq!(a.number_of_glyphs(), b.number_of_glyphs());
        for c in ['本', '国', '土', '調', 'A', '〔'] {
            let g = a.glyph_index(c).unwrap();
            assert_eq!(b.glyph_index(c), Some(g), "{c}");
            assert_eq!(a.glyph_bounding_box(g), b.glyph_bounding_box(g), "{c}");
            assert_eq!(a.glyph_hor_advance(g), b.glyph_hor_advance(g), "{c}");
        }
        let tags: Vec<[u8; 4]> = sfnt::read_tables(&screen)
            .unwrap()
            .iter()
            .map(|t| t.tag)
            .collect();
        for hint in [b"fpgm", b"prep", b"cvt ", b"gasp"] {
            assert!(!tags.contains(hint), "{}", String::from_utf8_lossy(hint));
        }
    }

    #[test]
    fn the_fallback_font_carries_characters_ipaex_lacks() {
        let screen = screen_font(crate::fonts::bundled(), ScreenFace::Fallback).unwrap();
        let face = ttf_parser::Face::parse(&screen, 0).unwrap();
        assert!(face.glyph_index('𠮷').is_some());
    }

    #[test]
    fn names_from_the_window() {
        assert_eq!(ScreenFace::from_name("mj"), Some(ScreenFace::Fallback));
        assert_eq!(ScreenFace::from_name("../ipaexm.ttf"), None);
    }
}
