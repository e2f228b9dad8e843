//! Removes TrueType hinting from a font before it is handed to printpdf for embedding.
//!
//! Glyph instructions are ~40% of IPAex's outline data, and PDF viewers rasterise without
//! them anyway. Glyph ids, outlines, metrics and cmap stay as they are, so layout (done on
//! the original bytes with ttf-parser) and the embedded font agree. Anything unexpected
//! returns `None` and the caller embeds the original font.

/// Tables that only serve hinting.
const DROP: [&[u8; 4]; 3] = [b"fpgm", b"prep", b"cvt "];

struct Table<'a> {
    tag: [u8; 4],
    data: std::borrow::Cow<'a, [u8]>,
}

/// The font with instructions stripped from simple glyphs and hinting tables dropped.
pub(crate) fn strip_hinting(font: &[u8]) -> Option<Vec<u8>> {
    let mut tables = read_tables(font)?;
    let head = find(&tables, b"head")?;
    let long_loca = be16(head, 50)? != 0;
    let glyph_count = usize::from(be16(find(&tables, b"maxp")?, 4)?);
    let offsets = loca_offsets(find(&tables, b"loca")?, glyph_count, long_loca)?;
    let (glyf, loca) = rebuild_glyf(find(&tables, b"glyf")?, &offsets)?;
    let mut head = head.to_vec();
    head.get_mut(50..52)?.copy_from_slice(&1u16.to_be_bytes());
    head.get_mut(8..12)?.copy_from_slice(&[0; 4]);
    tables.retain(|t| !DROP.contains(&&t.tag));
    replace(&mut tables, b"glyf", glyf);
    replace(&mut tables, b"loca", loca);
    replace(&mut tables, b"head", head);
    Some(write_font(font.get(0..4)?, &tables))
}

fn replace(tables: &mut [Table<'_>], tag: &[u8; 4], data: Vec<u8>) {
    if let Some(t) = tables.iter_mut().find(|t| &t.tag == tag) {
        t.data = data.into();
    }
}

fn be16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn be32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

fn find<'t>(tables: &'t [Table<'_>], tag: &[u8; 4]) -> Option<&'t [u8]> {
    tables
        .iter()
        .find(|t| &t.tag == tag)
        .map(|t| t.data.as_ref())
}

/// Table directory of a single TrueType font (not a collection, not CFF).
fn read_tables(font: &[u8]) -> Option<Vec<Table<'_>>> {
    if !matches!(font.get(0..4)?, [0, 1, 0, 0] | b"true") {
        return None;
    }
    let count = usize::from(be16(font, 4)?);
    (0..count)
        .map(|i| {
            let rec = 12 + 16 * i;
            let tag: [u8; 4] = font.get(rec..rec + 4)?.try_into().ok()?;
            let offset = usize::try_from(be32(font, rec + 8)?).ok()?;
            let length = usize::try_from(be32(font, rec + 12)?).ok()?;
            let data = font.get(offset..offset.checked_add(length)?)?;
            Some(Table {
                tag,
                data: data.into(),
            })
        })
        .collect()
}

fn loca_offsets(loca: &[u8], glyphs: usize, long: bool) -> Option<Vec<usize>> {
    (0..=glyphs)
        .map(|i| {
            if long {
                usize::try_from(be32(loca, 4 * i)?).ok()
            } else {
                Some(usize::from(be16(loca, 2 * i)?) * 2)
            }
        })
        .collect()
}

/// New glyf table (4-byte aligned glyphs) and long-format loca.
fn rebuild_glyf(glyf: &[u8], offsets: &[usize]) -> Option<(Vec<u8>, Vec<u8>)> {
    let mut out = Vec::with_capacity(glyf.len());
    let mut loca = Vec::with_capacity(offsets.len() * 4);
    for pair in offsets.windows(2) {
        loca.extend_from_slice(&u32::try_from(out.len()).ok()?.to_be_bytes());
        if pair[1] > pair[0] {
            let glyph = glyf.get(pair[0]..pair[1])?;
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
        let ins_len = usize::from(be16(glyph, len_at)?);
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

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut word = [0u8; 4];
        word[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// Serialises tables (sorted by tag) with a fresh directory and head checksum.
fn write_font(version: &[u8], tables: &[Table<'_>]) -> Vec<u8> {
    let mut sorted: Vec<&Table<'_>> = tables.iter().collect();
    sorted.sort_by_key(|t| t.tag);
    let count = sorted.len();
    let pow = (1..=16)
        .rev()
        .map(|e| 1usize << e)
        .find(|p| *p <= count)
        .unwrap_or(1);
    let mut out = Vec::new();
    out.extend_from_slice(version);
    for v in [
        count,
        pow * 16,
        pow.trailing_zeros() as usize,
        count * 16 - pow * 16,
    ] {
        out.extend_from_slice(&(v as u16).to_be_bytes());
    }
    let mut offset = 12 + 16 * count;
    let mut head_at = None;
    for t in &sorted {
        if &t.tag == b"head" {
            head_at = Some(offset);
        }
        out.extend_from_slice(&t.tag);
        out.extend_from_slice(&checksum(&t.data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(t.data.len() as u32).to_be_bytes());
        offset += t.data.len().div_ceil(4) * 4;
    }
    for t in &sorted {
        out.extend_from_slice(&t.data);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    if let Some(at) = head_at {
        let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        if let Some(slot) = out.get_mut(at + 8..at + 12) {
            slot.copy_from_slice(&adjust.to_be_bytes());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stripped_font_keeps_glyphs_and_metrics() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fonts/ipaexg.ttf");
        let original = std::fs::read(path).unwrap();
        let stripped = strip_hinting(&original).expect("IPAex is plain TrueType");
        assert!(
            stripped.len() < original.len() * 9 / 10,
            "{} -> {}",
            original.len(),
            stripped.len()
        );
        let a = ttf_parser::Face::parse(&original, 0).unwrap();
        let b = ttf_parser::Face::parse(&stripped, 0).unwrap();
        assert_eq!(a.number_of_glyphs(), b.number_of_glyphs());
        for c in "情報セキュリティ要件ABCabc123、。".chars() {
            let g = a.glyph_index(c).unwrap();
            assert_eq!(b.glyph_index(c), Some(g));
            assert_eq!(a.glyph_hor_advance(g), b.glyph_hor_advance(g));
            assert_eq!(a.glyph_bounding_box(g), b.glyph_bounding_box(g), "{c}");
        }
    }

    #[test]
    fn garbage_is_left_alone() {
        assert!(strip_hinting(b"not a font").is_none());
        assert!(strip_hinting(&[0, 1, 0, 0, 0, 9]).is_none());
    }
}
