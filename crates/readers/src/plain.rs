//! Plain text and Markdown: UTF-8 (with or without BOM), UTF-16 with BOM, and Shift_JIS or
//! EUC-JP detected when the bytes are not UTF-8.

use crate::error::Problem;
use encoding_rs::{EUC_JP, SHIFT_JIS, UTF_16BE, UTF_16LE};
use secspec_core::verify::{Location, TableCell, TextBlock};

/// The text and the name of the encoding it was decoded from.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), Problem> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return std::str::from_utf8(rest)
            .map(|s| (s.to_string(), "UTF-8"))
            .map_err(|e| Problem::BadEncoding {
                offset: e.valid_up_to() + 3,
            });
    }
    for (bom, enc, name) in [
        (&[0xFF, 0xFE], UTF_16LE, "UTF-16LE"),
        (&[0xFE, 0xFF], UTF_16BE, "UTF-16BE"),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            return enc
                .decode_without_bom_handling_and_without_replacement(rest)
                .map(|s| (s.into_owned(), name))
                .ok_or(Problem::BadEncoding { offset: 2 });
        }
    }
    if bytes.contains(&0) {
        return Err(Problem::Binary);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), "UTF-8")),
        Err(e) => {
            for (enc, name) in [(SHIFT_JIS, "Shift_JIS"), (EUC_JP, "EUC-JP")] {
                if let Some(s) = enc.decode_without_bom_handling_and_without_replacement(bytes) {
                    return Ok((s.into_owned(), name));
                }
            }
            Err(Problem::BadEncoding {
                offset: e.valid_up_to(),
            })
        }
    }
}

/// Every non-empty line is a block (the verifier rejoins sentences broken over lines).
pub fn text_blocks(text: &str) -> Vec<TextBlock> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .map(|l| TextBlock::new(l.trim()))
        .collect()
}

fn strip_inline(s: &str) -> String {
    // Emphasis, code and links: the words, not the marks.
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '*' | '_' | '`' if chars.get(i + 1).is_some_and(|n| *n == c) || c == '`' => {
                while chars.get(i) == Some(&c) {
                    i += 1;
                }
                continue;
            }
            '[' => {
                if let Some(close) = chars[i..].iter().position(|x| *x == ']') {
                    let end = i + close;
                    if chars.get(end + 1) == Some(&'(') {
                        if let Some(p) = chars[end..].iter().position(|x| *x == ')') {
                            out.extend(&chars[i + 1..end]);
                            i = end + p + 1;
                            continue;
                        }
                    }
                }
                out.push(c);
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

pub fn markdown_blocks(text: &str) -> Vec<TextBlock> {
    let mut out = Vec::new();
    let mut tables = 0u32;
    let mut row = 0u32;
    let mut in_table = false;
    let mut fence = false;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
            continue;
        }
        if t.is_empty() {
            in_table = false;
            continue;
        }
        if !fence && t.starts_with('#') {
            let level = t.chars().take_while(|c| *c == '#').count();
            let rest = t[level..].trim().trim_end_matches('#').trim();
            if level <= 6 && !rest.is_empty() {
                out.push(TextBlock {
                    text: strip_inline(rest),
                    heading: Some(level as u8),
                    location: Location::default(),
                });
                in_table = false;
                continue;
            }
        }
        if !fence && t.starts_with('|') {
            let cells: Vec<&str> = t.trim_matches('|').split('|').map(str::trim).collect();
            if cells
                .iter()
                .all(|c| c.chars().all(|x| matches!(x, '-' | ':' | ' ')) && !c.is_empty())
            {
                continue;
            }
            if !in_table {
                tables += 1;
                row = 0;
                in_table = true;
            }
            row += 1;
            for (col, cell) in cells.iter().enumerate() {
                if cell.is_empty() {
                    continue;
                }
                out.push(TextBlock {
                    text: strip_inline(&cell.replace("<br>", "\n")),
                    heading: None,
                    location: Location {
                        table: Some(TableCell {
                            table: tables,
                            row,
                            column: col as u32 + 1,
                        }),
                        ..Location::default()
                    },
                });
            }
            continue;
        }
        in_table = false;
        let t = t.strip_prefix("> ").unwrap_or(t);
        out.push(TextBlock::new(strip_inline(t)));
    }
    out
}
