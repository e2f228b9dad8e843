//! DOCX back end: the document model as a Word file built with docx-rs.
//!
//! Layout mirrors the PDF: A4 portrait, IPAex明朝 body at 10.5 pt with 1.5 line spacing,
//! IPAexゴシック headings, a title block, labels hung in front of the text, and a footer
//! with real PAGE / NUMPAGES fields. Output is byte-for-byte deterministic.

mod blocks;
mod chart;
mod package;
mod styles;
mod text;

use crate::RenderError;
use blocks::{Item, ParaIds};
use docx_rs::{
    AlignmentType, Docx, FieldCharType, Footer, InstrNUMPAGES, InstrPAGE, InstrText, PageMargin,
    Paragraph, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Run, Tab, TabValueType,
};
use secspec_core::{Document, Lang, Metadata, SpanStyle};
use text::{Face, Look};

/// A4 portrait in twips.
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
/// 25 mm = 1417 twips; 20 mm = 1134 twips; footer 10 mm above the page edge.
const MARGIN: i32 = 1417;
/// Width between the left and right margins: 9072 twips (160 mm).
pub(crate) const TEXT_WIDTH: usize = PAGE_W as usize - 2 * MARGIN as usize;
const MARGIN_BOTTOM: i32 = 1134;
const HEADER_DISTANCE: i32 = 851;
const FOOTER_DISTANCE: i32 = 567;

/// Renders `doc` as a DOCX file. The same document always gives the same bytes.
pub fn render_docx(doc: &Document) -> Result<Vec<u8>, RenderError> {
    let mut ids = ParaIds::default();
    let mut items = title_block(&doc.meta, &mut ids);
    let mut numbers = styles::Numbers::default();
    for block in &doc.blocks {
        items.extend(blocks::block_items(block, &mut ids, &mut numbers));
    }
    let footer = footer(&doc.meta, &mut ids);
    let mut docx = Docx::new()
        .page_size(PAGE_W, PAGE_H)
        .page_margin(
            PageMargin::new()
                .top(MARGIN)
                .left(MARGIN)
                .right(MARGIN)
                .bottom(MARGIN_BOTTOM)
                .header(HEADER_DISTANCE)
                .footer(FOOTER_DISTANCE)
                .gutter(0),
        )
        .footer(footer);
    let mut header_tables = Vec::new();
    for item in items {
        docx = match item {
            Item::Paragraph(p) => docx.add_paragraph(*p),
            Item::Table { table, header } => {
                header_tables.push(header);
                docx.add_table(*table)
            }
        };
    }
    package::pack(docx, &doc.meta, &header_tables)
}

/// Title (centred, 16 pt Gothic), date and agency (right), 件名, then the notice in a box.
fn title_block(meta: &Metadata, ids: &mut ParaIds) -> Vec<Item> {
    let mut out = Vec::new();
    let title_look = Look::new(Face::Gothic, text::SZ_TITLE);
    let title = ids
        .paragraph()
        .align(AlignmentType::Center)
        .line_spacing(blocks::spacing(300, 0, 240))
        .keep_next(true)
        .fonts(text::fonts(text::GOTHIC))
        .size(text::SZ_TITLE);
    out.push(paragraph_item(blocks::add_runs(
        title,
        text::text_runs(&meta.title, title_look, SpanStyle::Normal),
    )));
    for line in [&meta.date_text, &meta.agency] {
        if line.trim().is_empty() {
            continue;
        }
        let p = blocks::body_paragraph(ids, Look::BODY).align(AlignmentType::Right);
        out.push(paragraph_item(blocks::add_runs(
            p,
            text::text_runs(line, Look::BODY, SpanStyle::Normal),
        )));
    }
    let subject_label = match meta.lang {
        Lang::Ja => "件名",
        Lang::En => "Subject:",
    };
    let after = if meta.notice.is_some() { 120 } else { 240 };
    let p = blocks::body_paragraph(ids, Look::BODY).line_spacing(blocks::spacing(360, 240, after));
    let p = blocks::labelled(p, 0, subject_label, Look::BODY);
    out.push(paragraph_item(blocks::add_runs(
        p,
        text::text_runs(&meta.subject, Look::BODY, SpanStyle::Normal),
    )));
    if let Some(notice) = &meta.notice {
        out.push(paragraph_item(notice_paragraph(ids, notice)));
    }
    out
}

fn paragraph_item(p: Paragraph) -> Item {
    Item::Paragraph(Box::new(p))
}

/// The notice in a thin box, inset so the border does not touch the margin.
fn notice_paragraph(ids: &mut ParaIds, notice: &str) -> Paragraph {
    let border = |pos| ParagraphBorder::new(pos).size(4).space(4).color("000000");
    let mut p = blocks::body_paragraph(ids, Look::BODY)
        .line_spacing(blocks::spacing(360, 0, 240))
        .indent(Some(120), None, Some(120), None);
    p.property = p.property.set_borders(
        ParagraphBorders::new()
            .set(border(ParagraphBorderPosition::Top))
            .set(border(ParagraphBorderPosition::Left))
            .set(border(ParagraphBorderPosition::Bottom))
            .set(border(ParagraphBorderPosition::Right)),
    );
    blocks::add_runs(p, text::text_runs(notice, Look::BODY, SpanStyle::Normal))
}

/// Footer: the footer line, then at a right tab "{label} N / M" with live fields.
fn footer(meta: &Metadata, ids: &mut ParaIds) -> Footer {
    let look = Look::SMALL;
    let label = meta.page_label.trim();
    let page_prefix = if label.is_empty() {
        String::new()
    } else {
        format!("{label} ")
    };
    let mut runs = text::text_runs(&meta.footer, look, SpanStyle::Normal);
    runs.push(text::styled_run(look, SpanStyle::Normal).add_tab());
    runs.extend(text::text_runs(&page_prefix, look, SpanStyle::Normal));
    runs.extend(field(look, InstrText::PAGE(InstrPAGE {})));
    runs.extend(text::text_runs(" / ", look, SpanStyle::Normal));
    runs.extend(field(look, InstrText::NUMPAGES(InstrNUMPAGES {})));
    let p = ids
        .paragraph()
        .align(AlignmentType::Left)
        .line_spacing(blocks::spacing(240, 0, 0))
        .fonts(text::fonts(text::MINCHO))
        .size(look.size)
        .add_tab(Tab::new().val(TabValueType::Right).pos(TEXT_WIDTH));
    Footer::new().add_paragraph(blocks::add_runs(p, runs))
}

/// A complex field as Word writes it: begin, instruction, separate, placeholder and end
/// each in its own run with the footer look. LibreOffice gives the evaluated number the
/// look of these runs (with everything in one run it falls back to the default size).
fn field(look: Look, instr: InstrText) -> Vec<Run> {
    let run = || text::styled_run(look, SpanStyle::Normal);
    vec![
        run().add_field_char(FieldCharType::Begin, false),
        run().add_instr_text(instr),
        run().add_field_char(FieldCharType::Separate, false),
        run().add_text("1"),
        run().add_field_char(FieldCharType::End, false),
    ]
}
