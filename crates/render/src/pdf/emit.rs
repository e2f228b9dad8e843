//! Turns laid-out pages into a PDF with printpdf: one subset CID font per bundled face
//! that is actually used, glyph ids with their Unicode text (ToUnicode), and rules.
//!
//! printpdf names fonts and the trailer /ID with a process-wide pseudo-random counter, so
//! two renders of one document would differ. Font ids are derived here from the glyphs
//! used, and the /ID is replaced by a hash of the document before saving.

use super::layout::{Fill, Page, Rule, Run, PAGE_H, PAGE_W};
use crate::fonts::Role;
use crate::{FontSet, RenderError};
use printpdf::{
    Codepoint, Color, FontId, Greyscale, Line, LineCapStyle, LinePoint, Mm, Op, PaintMode,
    PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfParseErrorSeverity, PdfSaveOptions, Point, Pt,
    Rect, TextItem, TextMatrix, WindingOrder,
};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

/// Document-level facts written into the PDF.
pub(crate) struct Info<'a> {
    pub title: &'a str,
    pub subject: &'a str,
    pub identifier: &'a str,
    /// Hash input for the trailer /ID (same document, same id).
    pub fingerprint: &'a [u8],
}

pub(crate) fn emit(
    pages: &[Page],
    info: &Info<'_>,
    fonts: &FontSet,
) -> Result<Vec<u8>, RenderError> {
    let used = used_glyphs(pages);
    let ids = font_ids(&used);
    let mut pdf = PdfDocument::new(info.title);
    for ((role, glyphs), id) in used.iter().zip(ids.values()) {
        let parsed = fonts.parsed(*role, glyphs)?;
        pdf.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(parsed));
    }
    let pdf_pages = pages
        .iter()
        .map(|p| PdfPage::new(Mm(210.0), Mm(297.0), page_ops(p, &ids)))
        .collect();
    pdf.with_pages(pdf_pages);
    set_info(&mut pdf, info);
    save(&pdf, info.fingerprint)
}

fn set_info(pdf: &mut PdfDocument, info: &Info<'_>) {
    let meta = &mut pdf.metadata.info;
    meta.document_title = info.title.to_string();
    meta.subject = info.subject.to_string();
    meta.identifier = info.identifier.to_string();
    meta.creator = "SecSpec".to_string();
    meta.producer = "SecSpec (printpdf)".to_string();
}

fn save(pdf: &PdfDocument, fingerprint: &[u8]) -> Result<Vec<u8>, RenderError> {
    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut doc = pdf.to_lopdf_document(&opts, &mut warnings);
    if let Some(w) = warnings
        .iter()
        .find(|w| w.severity == PdfParseErrorSeverity::Error)
    {
        return Err(RenderError::Pdf(w.msg.clone()));
    }
    // printpdf does not re-export lopdf, so the document is edited here where its type
    // is inferred: a hash replaces the random /ID, and the placeholder 1970 dates go
    // (a fixed date would be false; no date keeps the output reproducible).
    let hex = id_hex(fingerprint);
    if let Ok(ids) = doc.trailer.get_mut(b"ID").and_then(|o| o.as_array_mut()) {
        for id in ids {
            if let Ok(bytes) = id.as_str_mut() {
                *bytes = hex.clone().into_bytes();
            }
        }
    }
    let info = doc.trailer.get(b"Info").and_then(|o| o.as_reference());
    if let Ok(dict) = info
        .and_then(|id| doc.get_object_mut(id))
        .and_then(|o| o.as_dict_mut())
    {
        for key in [
            "CreationDate",
            "ModDate",
            "GTS_PDFXVersion",
            "Author",
            "Keywords",
        ] {
            dict.remove(key.as_bytes());
        }
    }
    doc.compress();
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| RenderError::Pdf(e.to_string()))?;
    Ok(out)
}

fn id_hex(fingerprint: &[u8]) -> String {
    Sha256::digest(fingerprint)
        .iter()
        .take(16)
        .map(|b| format!("{b:02X}"))
        .collect()
}

/// One font id per used face. The first six letters become the subset tag
/// (`ABCDEF+IPAexMincho`), so they are derived from the glyph set: stable for the same
/// document, different for different subsets.
/// The glyph ids each font prints in the document.
fn used_glyphs(pages: &[Page]) -> BTreeMap<Role, BTreeSet<u16>> {
    let mut used: BTreeMap<Role, BTreeSet<u16>> = BTreeMap::new();
    for run in pages.iter().flat_map(|p| &p.runs) {
        used.entry(run.role)
            .or_default()
            .extend(run.glyphs.iter().map(|g| g.gid));
    }
    used
}

fn font_ids(used: &BTreeMap<Role, BTreeSet<u16>>) -> BTreeMap<Role, FontId> {
    used.iter()
        .enumerate()
        .map(|(n, (role, gids))| (*role, FontId(format!("{}{n}", subset_tag(*role, gids)))))
        .collect()
}

fn subset_tag(role: Role, gids: &BTreeSet<u16>) -> String {
    let mut h = Sha256::new();
    h.update([role as u8]);
    for g in gids {
        h.update(g.to_be_bytes());
    }
    h.finalize()
        .iter()
        .take(6)
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}

fn page_ops(page: &Page, ids: &BTreeMap<Role, FontId>) -> Vec<Op> {
    let mut ops = Vec::new();
    // Fills first, so text and rules print over them.
    fill_ops(&page.fills, &mut ops);
    ops.push(Op::StartTextSection);
    let mut font: Option<(Role, f32)> = None;
    let mut tc = 0.0;
    for run in page.runs.iter().filter(|r| !r.glyphs.is_empty()) {
        let Some(id) = ids.get(&run.role) else {
            continue;
        };
        if font != Some((run.role, run.size)) {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(id.clone()),
                size: Pt(run.size),
            });
            font = Some((run.role, run.size));
        }
        if run.tc != tc {
            ops.push(Op::SetCharacterSpacing {
                multiplier: round(run.tc),
            });
            tc = run.tc;
        }
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(round(run.x)), Pt(round(PAGE_H - run.y))),
        });
        ops.push(Op::ShowText {
            items: vec![glyph_items(run)],
        });
    }
    ops.push(Op::EndTextSection);
    rule_ops(&page.rules, &mut ops);
    ops
}

fn glyph_items(run: &Run) -> TextItem {
    TextItem::GlyphIds(
        run.glyphs
            .iter()
            .map(|g| Codepoint::with_cid(g.gid, 0.0, g.text()))
            .collect(),
    )
}

/// Filled rectangles inside a saved graphics state, so the fill colour does not leak into
/// the text that follows (text is filled too).
fn fill_ops(fills: &[Fill], ops: &mut Vec<Op>) {
    if fills.is_empty() {
        return;
    }
    ops.push(Op::SaveGraphicsState);
    let mut gray = None;
    for f in fills {
        if gray != Some(f.gray) {
            ops.push(Op::SetFillColor {
                col: Color::Greyscale(Greyscale::new(round(f.gray.clamp(0.0, 1.0)), None)),
            });
            gray = Some(f.gray);
        }
        ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(round(f.x)),
                y: Pt(round(PAGE_H - f.y - f.h)),
                width: Pt(round(f.w)),
                height: Pt(round(f.h)),
                mode: Some(PaintMode::Fill),
                winding_order: Some(WindingOrder::NonZero),
            },
        });
    }
    ops.push(Op::RestoreGraphicsState);
}

fn rule_ops(rules: &[Rule], ops: &mut Vec<Op>) {
    if rules.is_empty() {
        return;
    }
    ops.push(Op::SetLineCapStyle {
        cap: LineCapStyle::ProjectingSquare,
    });
    let mut width = None;
    for r in rules {
        if width != Some(r.width) {
            ops.push(Op::SetOutlineThickness {
                pt: Pt(round(r.width)),
            });
            width = Some(r.width);
        }
        ops.push(Op::DrawLine {
            line: Line {
                points: vec![point(r.x1, r.y1), point(r.x2, r.y2)],
                is_closed: false,
            },
        });
    }
}

fn point(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point {
            x: Pt(round(x.clamp(0.0, PAGE_W))),
            y: Pt(round(PAGE_H - y)),
        },
        bezier: false,
    }
}

/// Two decimals are plenty (1/100 pt) and keep the content streams short.
fn round(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}
