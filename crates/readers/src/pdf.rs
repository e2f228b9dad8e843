//! PDF with a text layer, through lopdf (pure Rust): text shown by each page's content stream,
//! decoded through the fonts' encodings (Japanese CID fonts through their ToUnicode maps),
//! grouped into lines by position and lines into paragraphs. Repeated page headers and footers
//! and page numbers are set apart so a sentence running over a page break stays one sentence.
//! Text inside form XObjects is not read (the writers this is tested with do not use them).

use crate::error::Problem;
use crate::Limits;
use lopdf::content::Content;
use lopdf::{Document, LoadOptions, Object};
use secspec_core::verify::{text as vtext, Location, Part, TextBlock};
use std::collections::{BTreeMap, HashMap};

type Matrix = [f32; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

fn num(o: &Object) -> f32 {
    match o {
        Object::Integer(i) => *i as f32,
        Object::Real(r) => *r,
        _ => 0.0,
    }
}

fn nums(ops: &[Object]) -> Vec<f32> {
    ops.iter().map(num).collect()
}

#[derive(Debug, Clone)]
struct Fragment {
    x: f32,
    y: f32,
    size: f32,
    text: String,
}

#[derive(Debug, Clone)]
struct Line {
    page: u32,
    y: f32,
    size: f32,
    /// Where the line starts and (estimated) ends on the page, left to right.
    x: f32,
    end: f32,
    text: String,
    margin: bool,
    top: bool,
}

/// Deepest nesting of arrays and dictionaries outside strings, to refuse a crafted file
/// before a parser recurses into it.
fn nesting(bytes: &[u8], limit: usize) -> bool {
    let mut depth = 0usize;
    let mut i = 0;
    let mut in_string = 0usize;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string > 0 {
            match b {
                b'\\' => i += 1,
                b'(' => in_string += 1,
                b')' => in_string -= 1,
                _ => {}
            }
        } else {
            match b {
                b'(' => in_string = 1,
                b'[' => depth += 1,
                b']' => depth = depth.saturating_sub(1),
                b'<' if bytes.get(i + 1) == Some(&b'<') => {
                    depth += 1;
                    i += 1;
                }
                b'>' if bytes.get(i + 1) == Some(&b'>') => {
                    depth = depth.saturating_sub(1);
                    i += 1;
                }
                b's' if bytes[i..].starts_with(b"stream") && !bytes[..i].ends_with(b"end") => {
                    // Skip stream data: it is not PDF syntax.
                    match find(&bytes[i..], b"endstream") {
                        Some(end) => i += end + 8,
                        None => return false,
                    }
                }
                _ => {}
            }
            if depth > limit {
                return true;
            }
        }
        i += 1;
    }
    false
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn page_height(doc: &Document, page: lopdf::ObjectId) -> f32 {
    let mut id = Some(page);
    for _ in 0..16 {
        let Some(dict) = id.and_then(|i| doc.get_dictionary(i).ok()) else {
            break;
        };
        if let Ok(Object::Array(b)) = dict
            .get(b"MediaBox")
            .and_then(|o| doc.dereference(o).map(|x| x.1))
        {
            let v: Vec<f32> = b.iter().map(num).collect();
            if v.len() == 4 {
                return (v[3] - v[1]).abs().max(1.0);
            }
        }
        id = dict.get(b"Parent").and_then(Object::as_reference).ok();
    }
    842.0
}

fn page_fragments(
    doc: &Document,
    page: lopdf::ObjectId,
    limits: &Limits,
) -> Result<Vec<Fragment>, Problem> {
    let bad = |e: lopdf::Error| match e {
        lopdf::Error::Decompress(_) => Problem::ZipBomb {
            entry: "PDF stream".into(),
            detail: format!("expands beyond {} bytes", limits.max_part),
        },
        e => Problem::BadPdf {
            detail: e.to_string(),
        },
    };
    let fonts = doc.get_page_fonts(page).map_err(bad)?;
    let mut encodings = HashMap::new();
    for (name, font) in &fonts {
        if let Ok(enc) = font.get_font_encoding_with_limit(doc, limits.max_part as usize) {
            encodings.insert(name.clone(), enc);
        }
    }
    let data = doc
        .get_page_content_with_limit(page, limits.max_part as usize)
        .map_err(bad)?;
    if nesting(&data, limits.max_depth) {
        return Err(Problem::PdfTooDeep {
            limit: limits.max_depth,
        });
    }
    let content = Content::decode(&data).map_err(bad)?;
    let mut out = Vec::new();
    let mut ctm = IDENTITY;
    let mut stack: Vec<Matrix> = Vec::new();
    let (mut tm, mut tlm) = (IDENTITY, IDENTITY);
    let mut leading = 0.0f32;
    let mut size = 12.0f32;
    let mut font: Option<Vec<u8>> = None;
    for op in &content.operations {
        let o = &op.operands;
        match op.operator.as_str() {
            "q" if stack.len() < 256 => stack.push(ctm),
            "Q" => ctm = stack.pop().unwrap_or(IDENTITY),
            "cm" => {
                let v = nums(o);
                if v.len() == 6 {
                    ctm = mul(&[v[0], v[1], v[2], v[3], v[4], v[5]], &ctm);
                }
            }
            "BT" => {
                tm = IDENTITY;
                tlm = IDENTITY;
            }
            "Tf" => {
                font = o.first().and_then(|f| f.as_name().ok()).map(<[u8]>::to_vec);
                size = o.get(1).map(num).unwrap_or(size);
            }
            "TL" => leading = o.first().map(num).unwrap_or(0.0),
            "Td" | "TD" => {
                let v = nums(o);
                if v.len() == 2 {
                    if op.operator == "TD" {
                        leading = -v[1];
                    }
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, v[0], v[1]], &tlm);
                    tm = tlm;
                }
            }
            "Tm" => {
                let v = nums(o);
                if v.len() == 6 {
                    tlm = [v[0], v[1], v[2], v[3], v[4], v[5]];
                    tm = tlm;
                }
            }
            "T*" | "'" | "\"" => {
                tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -leading], &tlm);
                tm = tlm;
            }
            _ => {}
        }
        let shown: Vec<&Object> = match op.operator.as_str() {
            "Tj" | "'" => o.first().into_iter().collect(),
            "\"" => o.get(2).into_iter().collect(),
            "TJ" => match o.first() {
                Some(Object::Array(a)) => a.iter().collect(),
                _ => Vec::new(),
            },
            _ => continue,
        };
        let Some(enc) = font.as_ref().and_then(|f| encodings.get(f)) else {
            continue;
        };
        let mut text = String::new();
        for item in shown {
            match item {
                Object::String(bytes, _) => {
                    if let Ok(s) = Document::decode_text(enc, bytes) {
                        text.push_str(&s);
                    }
                }
                // A wide negative adjustment is a word space in Latin text.
                other => {
                    if num(other) < -300.0 {
                        text.push(' ');
                    }
                }
            }
        }
        let m = mul(&tm, &ctm);
        let scale = (m[2] * m[2] + m[3] * m[3]).sqrt().max(0.01);
        out.push(Fragment {
            x: m[4],
            y: m[5],
            size: (size * scale).abs().max(1.0),
            text,
        });
        if out.len() > limits.max_chars {
            return Err(Problem::TooMuchText {
                limit: limits.max_chars,
            });
        }
    }
    Ok(out)
}

fn lines(page: u32, height: f32, frags: Vec<Fragment>) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    let mut last_x = f32::MIN;
    let mut end_x = f32::MIN;
    for f in frags {
        if f.text.is_empty() {
            continue;
        }
        // Text further right than the line's estimated end (full-width characters one em, Latin
        // half) is another column, e.g. the next table cell on the same baseline.
        let column_gap = f.x > end_x + 1.2 * f.size;
        let same = out.last().is_some_and(|l| {
            (l.y - f.y).abs() < 0.5 * f.size.max(l.size) && f.x >= last_x - 1.0 && !column_gap
        });
        let width: f32 = f
            .text
            .chars()
            .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
            .sum::<f32>()
            * f.size;
        if same {
            if let Some(l) = out.last_mut() {
                l.text.push_str(&f.text);
                l.end = f.x + width;
            }
        } else {
            let margin = f.y > height * 0.93 || f.y < height * 0.07;
            out.push(Line {
                page,
                y: f.y,
                size: f.size,
                x: f.x,
                end: f.x + width,
                text: f.text.clone(),
                margin,
                top: f.y > height * 0.5,
            });
        }
        last_x = f.x;
        end_x = f.x + width;
    }
    out.retain(|l| !l.text.trim().is_empty());
    out
}

/// A line of a page margin that only numbers the page.
fn page_number(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let rest: String = t
        .chars()
        .filter(|c| !c.is_ascii_digit() && !('０'..='９').contains(c))
        .collect();
    t.chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        && rest
            .chars()
            .all(|c| "-–—/()（）ー－ページPpagePAGE頁".contains(c))
}

fn shape(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| {
            if c.is_ascii_digit() || ('０'..='９').contains(&c) {
                '#'
            } else {
                c
            }
        })
        .collect()
}

pub fn read(bytes: &[u8], limits: &Limits) -> Result<(Vec<TextBlock>, u32), Problem> {
    let raw_encrypted = find(bytes, b"/Encrypt").is_some();
    if nesting(bytes, limits.max_depth) {
        return Err(Problem::PdfTooDeep {
            limit: limits.max_depth,
        });
    }
    let options = LoadOptions {
        max_decompressed_size: Some(limits.max_part as usize),
        ..LoadOptions::default()
    };
    let doc = match Document::load_mem_with_options(bytes, options) {
        Ok(d) => d,
        Err(_) if raw_encrypted => return Err(Problem::EncryptedPdf),
        Err(lopdf::Error::Decompress(_)) => {
            return Err(Problem::ZipBomb {
                entry: "PDF stream".into(),
                detail: format!("expands beyond {} bytes", limits.max_part),
            })
        }
        Err(e) => {
            return Err(Problem::BadPdf {
                detail: e.to_string(),
            })
        }
    };
    if doc.trailer.get(b"Encrypt").is_ok() || doc.was_encrypted() || doc.is_encrypted() {
        return Err(Problem::EncryptedPdf);
    }
    let pages = doc.get_pages();
    let n_pages = pages.len() as u32;
    if n_pages > limits.max_pages {
        return Err(Problem::BadPdf {
            detail: format!("{n_pages} pages, the limit is {}", limits.max_pages),
        });
    }
    let mut all: Vec<Line> = Vec::new();
    for (no, id) in &pages {
        let height = page_height(&doc, *id);
        let frags = page_fragments(&doc, *id, limits)?;
        all.extend(lines(*no, height, frags));
    }
    if all.iter().all(|l| l.text.trim().is_empty()) {
        return Err(Problem::NoTextLayer);
    }
    // Margin lines repeated on at least half the pages (allowing for page numbers) are headers
    // or footers; page numbers alone are dropped.
    let mut shapes: BTreeMap<String, std::collections::BTreeSet<u32>> = BTreeMap::new();
    for l in all.iter().filter(|l| l.margin) {
        shapes.entry(shape(&l.text)).or_default().insert(l.page);
    }
    let repeated = |l: &Line| {
        n_pages >= 2
            && shapes
                .get(&shape(&l.text))
                .is_some_and(|p| p.len() as u32 * 2 >= n_pages)
    };
    let mut body: Vec<Line> = Vec::new();
    let mut margins: Vec<Line> = Vec::new();
    for l in all {
        if l.margin && page_number(&l.text) {
            continue;
        }
        if l.margin && repeated(&l) {
            margins.push(l);
        } else {
            body.push(l);
        }
    }
    // The longest line of each page is a full line: a shorter one ends its paragraph.
    let mut full: HashMap<u32, usize> = HashMap::new();
    for l in &body {
        let n = l.text.chars().count();
        let e = full.entry(l.page).or_insert(0);
        *e = (*e).max(n);
    }
    let mut blocks: Vec<TextBlock> = Vec::new();
    // The block being built and its last line.
    let mut open: Option<(TextBlock, Line)> = None;
    for l in body {
        let text = l.text.trim().to_string();
        let starts_item = !vtext::strip_prefix(&text, false).0.is_empty();
        let joins = open.as_ref().is_some_and(|(b, prev)| {
            let ended = b.text.ends_with(['。', '：', ':']);
            let prev_len = prev.text.trim().chars().count();
            let short = prev_len * 10 < full.get(&prev.page).copied().unwrap_or(0) * 8;
            let same_page = prev.page == l.page;
            let gap = if same_page { (prev.y - l.y).abs() } else { 0.0 };
            // A line that starts right of where the last one ended is in another column
            // (the next cell of a table whose left cell holds a heading), not its continuation.
            let other_column = same_page && l.x > prev.end;
            !ended && !short && !starts_item && !other_column && gap < 2.2 * prev.size.max(l.size)
        });
        if joins {
            if let Some((b, prev)) = open.as_mut() {
                b.text.push('\n');
                b.text.push_str(&text);
                *prev = l;
            }
        } else {
            if let Some((b, _)) = open.take() {
                blocks.push(b);
            }
            let block = TextBlock {
                text,
                heading: None,
                location: Location {
                    page: Some(l.page),
                    ..Location::default()
                },
            };
            open = Some((block, l));
        }
    }
    if let Some((b, _)) = open.take() {
        blocks.push(b);
    }
    for l in margins {
        blocks.push(TextBlock {
            text: l.text.trim().to_string(),
            heading: None,
            location: Location {
                page: Some(l.page),
                part: if l.top { Part::Header } else { Part::Footer },
                ..Location::default()
            },
        });
    }
    Ok((blocks, n_pages))
}
