//! The TrueType file structure, byte by byte: the table directory, loca offsets and the glyphs
//! a composite glyph is built from, and writing a font back out. No I/O: `fonts` uses it to
//! split a font into its small tables and its outlines, `pdf::dehint` to write the font that
//! is embedded.

use std::borrow::Cow;

pub(crate) const GLYF: &[u8; 4] = b"glyf";

/// One table of a font.
pub(crate) struct Table<'a> {
    pub tag: [u8; 4],
    pub data: Cow<'a, [u8]>,
}

/// Where a table lies in the file.
pub(crate) struct Record {
    pub tag: [u8; 4],
    pub offset: u64,
    pub length: u64,
}

pub(crate) fn be16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

pub(crate) fn be32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

/// Length of the header plus table directory, from the first 12 bytes of a single TrueType
/// font (not a collection, not CFF); `None` for anything else.
pub(crate) fn directory_len(header: &[u8]) -> Option<usize> {
    if !matches!(header.get(0..4)?, [0, 1, 0, 0] | b"true") {
        return None;
    }
    Some(12 + 16 * usize::from(be16(header, 4)?))
}

/// The table records of a directory (`directory_len` bytes from the start of the file).
pub(crate) fn directory(dir: &[u8]) -> Option<Vec<Record>> {
    let count = (directory_len(dir)? - 12) / 16;
    (0..count)
        .map(|i| {
            let rec = 12 + 16 * i;
            Some(Record {
                tag: dir.get(rec..rec + 4)?.try_into().ok()?,
                offset: u64::from(be32(dir, rec + 8)?),
                length: u64::from(be32(dir, rec + 12)?),
            })
        })
        .collect()
}

/// Every table of a font held in memory, borrowed.
pub(crate) fn read_tables(font: &[u8]) -> Option<Vec<Table<'_>>> {
    directory(font.get(..directory_len(font)?)?)?
        .into_iter()
        .map(|r| {
            let start = usize::try_from(r.offset).ok()?;
            let end = start.checked_add(usize::try_from(r.length).ok()?)?;
            Some(Table {
                tag: r.tag,
                data: font.get(start..end)?.into(),
            })
        })
        .collect()
}

pub(crate) fn find<'t>(tables: &'t [Table<'_>], tag: &[u8; 4]) -> Option<&'t [u8]> {
    tables
        .iter()
        .find(|t| &t.tag == tag)
        .map(|t| t.data.as_ref())
}

/// Replaces the table `tag`, or adds it.
pub(crate) fn put(tables: &mut Vec<Table<'_>>, tag: &[u8; 4], data: Vec<u8>) {
    match tables.iter_mut().find(|t| &t.tag == tag) {
        Some(t) => t.data = data.into(),
        None => tables.push(Table {
            tag: *tag,
            data: data.into(),
        }),
    }
}

/// Start and end of every glyph in the glyf table (glyph count + 1 offsets), from loca.
pub(crate) fn loca_offsets(tables: &[Table<'_>]) -> Option<Vec<usize>> {
    let long = be16(find(tables, b"head")?, 50)? != 0;
    let glyphs = usize::from(be16(find(tables, b"maxp")?, 4)?);
    let loca = find(tables, b"loca")?;
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

/// Glyph ids a composite glyph refers to (empty for a simple or malformed glyph).
pub(crate) fn components(glyph: &[u8]) -> Vec<u16> {
    const ARGS_ARE_WORDS: u16 = 0x0001;
    const HAVE_SCALE: u16 = 0x0008;
    const MORE: u16 = 0x0020;
    const HAVE_XY_SCALE: u16 = 0x0040;
    const HAVE_2X2: u16 = 0x0080;
    let mut out = Vec::new();
    if be16(glyph, 0).is_none_or(|n| (n as i16) >= 0) {
        return out;
    }
    let mut at = 10;
    while let (Some(flags), Some(gid)) = (be16(glyph, at), be16(glyph, at + 2)) {
        out.push(gid);
        at += 4 + if flags & ARGS_ARE_WORDS != 0 { 4 } else { 2 };
        at += if flags & HAVE_SCALE != 0 {
            2
        } else if flags & HAVE_XY_SCALE != 0 {
            4
        } else if flags & HAVE_2X2 != 0 {
            8
        } else {
            0
        };
        if flags & MORE == 0 {
            break;
        }
    }
    out
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut word = [0u8; 4];
        word[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// Serialises tables (sorted by tag) with a fresh directory and head checksum.
pub(crate) fn write_font(version: &[u8], tables: &[Table<'_>]) -> Vec<u8> {
    write(version, tables, true)
}

/// The same without checksums, for a font only read by ttf-parser (which ignores them).
pub(crate) fn write_for_layout(version: &[u8], tables: &[Table<'_>]) -> Vec<u8> {
    write(version, tables, false)
}

fn write(version: &[u8], tables: &[Table<'_>], checksums: bool) -> Vec<u8> {
    let mut sorted: Vec<&Table<'_>> = tables.iter().collect();
    sorted.sort_by_key(|t| t.tag);
    let count = sorted.len();
    let pow = (1..=16)
        .rev()
        .map(|e| 1usize << e)
        .find(|p| *p <= count)
        .unwrap_or(1);
    let size = 12
        + 16 * count
        + sorted
            .iter()
            .map(|t| t.data.len().div_ceil(4) * 4)
            .sum::<usize>();
    let mut out = Vec::with_capacity(size);
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
        let sum = if checksums { checksum(&t.data) } else { 0 };
        out.extend_from_slice(&sum.to_be_bytes());
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
    if let Some(at) = head_at.filter(|_| checksums) {
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
    fn a_composite_glyph_names_its_parts() {
        // A composite of glyphs 7 and 9 (word arguments, a 2x2 matrix on the second).
        let mut composite = vec![0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0];
        composite.extend_from_slice(&[0x00, 0x21, 0, 7, 0, 1, 0, 2]);
        composite.extend_from_slice(&[0x00, 0x80, 0, 9, 1, 2]);
        composite.extend_from_slice(&[0; 8]);
        assert_eq!(components(&composite), vec![7, 9]);
        assert!(components(&[0, 1, 0, 0]).is_empty(), "a simple glyph");
        assert!(components(&[0xFF]).is_empty(), "malformed");
    }

    #[test]
    fn only_single_truetype_fonts_are_read() {
        assert_eq!(directory_len(b"OTTO\0\x01\0\0\0\0\0\0"), None);
        assert_eq!(directory_len(b"<html>"), None);
        assert_eq!(directory_len(&[0, 1, 0, 0, 0, 2, 0, 0]), Some(44));
        assert!(read_tables(&[0, 1, 0, 0, 0, 9]).is_none());
    }

    #[test]
    fn written_fonts_read_back() {
        let tables = vec![
            Table {
                tag: *b"zzzz",
                data: vec![1, 2, 3].into(),
            },
            Table {
                tag: *b"aaaa",
                data: vec![4; 8].into(),
            },
        ];
        let font = write_font(&[0, 1, 0, 0], &tables);
        let back = read_tables(&font).unwrap();
        assert_eq!(find(&back, b"zzzz"), Some(&[1u8, 2, 3][..]));
        assert_eq!(find(&back, b"aaaa"), Some(&[4u8; 8][..]));
        assert_eq!(back[0].tag, *b"aaaa", "sorted by tag");
    }
}
