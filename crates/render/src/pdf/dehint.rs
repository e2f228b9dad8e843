//! The font handed to printpdf for embedding: the small tables of a bundled font with only
//! the outlines a document uses, their TrueType hinting removed.
//!
//! Glyph instructions are ~40% of IPAex's outline data, and PDF viewers rasterise without
//! them anyway. printpdf parses and subsets whatever it is given, so giving it only the used
//! outlines makes that work follow the document, not the 12,000-glyph font. Glyph ids,
//! metrics and cmap stay as they are, so layout (done with ttf-parser on the same tables) and
//! the embedded font agree. Anything unexpected returns `None`.

use crate::sfnt::{self, Table, GLYF};
use std::collections::BTreeMap;

/// Tables that only serve hinting.
const DROP: [&[u8; 4]; 3] = [b"fpgm", b"prep", b"cvt "];

/// `small` (a font without its glyf table, as `fonts` keeps it) with a glyf table holding
/// `glyphs` by id, every other glyph empty, and a long-format loca to match.
pub(crate) fn embeddable_font(small: &[u8], glyphs: &BTreeMap<u16, &[u8]>) -> Option<Vec<u8>> {
    let mut tables: Vec<Table<'_>> = sfnt::read_tables(small)?;
    let glyph_count = usize::from(sfnt::be16(sfnt::find(&tables, b"maxp")?, 4)?);
    let (glyf, loca) = rebuild_glyf(glyph_count, glyphs)?;
    let mut head = sfnt::find(&tables, b"head")?.to_vec();
    head.get_mut(50..52)?.copy_from_slice(&1u16.to_be_bytes());
    head.get_mut(8..12)?.copy_from_slice(&[0; 4]);
    tables.retain(|t| !DROP.contains(&&t.tag));
    sfnt::put(&mut tables, GLYF, glyf);
    sfnt::put(&mut tables, b"loca", loca);
    sfnt::put(&mut tables, b"head", head);
    Some(sfnt::write_font(small.get(0..4)?, &tables))
}

/// New glyf table (4-byte aligned glyphs) and long-format loca for `count` glyphs.
fn rebuild_glyf(count: usize, glyphs: &BTreeMap<u16, &[u8]>) -> Option<(Vec<u8>, Vec<u8>)> {
    let mut out = Vec::new();
    let mut loca = Vec::with_capacity((count + 1) * 4);
    for gid in 0..count {
        loca.extend_from_slice(&u32::try_from(out.len()).ok()?.to_be_bytes());
        let glyph = u16::try_from(gid).ok().and_then(|g| glyphs.get(&g));
        if let Some(glyph) = glyph.filter(|g| !g.is_empty()) {
            push_glyph(&mut out, glyph);
            while out.len() % 4 != 0 {
                out.push(0);
            }
        }
    }
    loca.extend_from_slice(&u32::try_from(out.len()).ok()?.to_be_bytes());
    Some((out, loca))
}

/// Copies a glyph, leaving out the instructions of a simple glyph. Composite or
/// malformed glyphs are copied unchanged.
fn push_glyph(out: &mut Vec<u8>, glyph: &[u8]) {
    let stripped = (|| {
        let contours =
            usize::try_from(i16::from_be_bytes(glyph.get(0..2)?.try_into().ok()?)).ok()?;
        let len_at = 10 + 2 * contours;
        let ins_len = usize::from(sfnt::be16(glyph, len_at)?);
        let rest = glyph.get(len_at + 2 + ins_len..)?;
        Some((glyph.get(..len_at)?, rest))
    })();
    match stripped {
        Some((head, rest)) => {
            out.extend_from_slice(head);
            out.extend_from_slice(&[0, 0]);
            out.extend_from_slice(rest);
        }
        None => out.extend_from_slice(glyph),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_left_alone() {
        let glyphs = BTreeMap::new();
        assert!(embeddable_font(b"not a font", &glyphs).is_none());
        assert!(embeddable_font(&[0, 1, 0, 0, 0, 9], &glyphs).is_none());
    }

    #[test]
    fn instructions_are_dropped_from_simple_glyphs() {
        // One contour, bbox, end point 2, 3 bytes of instructions, then flags/coordinates.
        let glyph = [
            0, 1, 0, 0, 0, 0, 0, 9, 0, 9, 0, 2, 0, 3, 0xAA, 0xBB, 0xCC, 1, 2, 3,
        ];
        let mut out = Vec::new();
        push_glyph(&mut out, &glyph);
        assert_eq!(out, [0, 1, 0, 0, 0, 0, 0, 9, 0, 9, 0, 2, 0, 0, 1, 2, 3]);
    }
}
