//! Body blocks of the document model as docx-rs paragraphs and tables.
//!
//! Labels of the 公用文 hierarchy (第１, １, （１）, ア, （ア）) become Word's automatic
//! numbering whenever Word's counter prints exactly the model's label (see `styles`); any
//! other label stays text in front of the paragraph. Either way Word, LibreOffice and the
//! PDF back end print the same labels.

use super::styles::{self, Numbers};
use super::text::{self, Face, Look};
use super::TEXT_WIDTH;
use docx_rs::{
    AlignmentType, BorderType, IndentLevel, LineSpacing, LineSpacingType, NumberingId, Paragraph,
    Run, Shading, SpecialIndentType, Table, TableBorder, TableBorderPosition, TableBorders,
    TableCell, TableCellMargins, TableLayoutType, TableRow, WidthType,
};
use secspec_core::{Block, Span, SpanStyle};

/// Width of one full-width character at 10.5 pt body size, in twips.
pub(crate) const CHAR_TWIPS: i32 = 210;

/// Line pitch for `LineSpacingType::Auto`: 240 is single, so 360 is 1.5 lines.
const BODY_LINE: i32 = 360;
const TABLE_LINE: i32 = 288;
const HEADER_FILL: &str = "D9D9D9";

/// One child of the document body.
pub(crate) enum Item {
    Paragraph(Box<Paragraph>),
    /// `header`: the first row is a header row, repeated on each page.
    Table {
        table: Box<Table>,
        header: bool,
    },
}

/// Gives every paragraph an explicit `w14:paraId`. docx-rs otherwise draws them from a
/// thread-local counter that is never reset, so a second render of the same document in
/// the same thread would differ.
#[derive(Debug, Default)]
pub(crate) struct ParaIds {
    next: u32,
}

impl ParaIds {
    /// A new empty paragraph with the next id (ids must stay below 0x80000000).
    pub(crate) fn paragraph(&mut self) -> Paragraph {
        self.next = self.next.wrapping_add(1) & 0x7FFF_FFFF;
        Paragraph::new().id(format!("{:08X}", self.next))
    }
}

/// Spacing with the given line pitch and space before/after (twips).
pub(crate) fn spacing(line: i32, before: u32, after: u32) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Auto)
        .line(line)
        .before(before)
        .after(after)
}

/// A body paragraph: justified, 1.5 lines, with the paragraph mark in the body look.
pub(crate) fn body_paragraph(ids: &mut ParaIds, look: Look) -> Paragraph {
    ids.paragraph()
        .align(AlignmentType::Both)
        .line_spacing(spacing(BODY_LINE, 0, 0))
        .fonts(text::fonts(text::MINCHO))
        .size(look.size)
}

pub(crate) fn add_runs(mut p: Paragraph, runs: Vec<Run>) -> Paragraph {
    for run in runs {
        p = p.add_run(run);
    }
    p
}

/// Indents `p` by `level` characters and hangs `label` in front of the text, so wrapped
/// lines line up with the first character after the label.
///
/// A label of full-width characters is followed by a full-width space (公用文 style) and
/// the hanging width is exact. Other labels (English "(1)", "Article 2") have no exact
/// width without the font metrics, so they are followed by a tab, which snaps to the
/// hanging position.
pub(crate) fn labelled(p: Paragraph, level: u8, label: &str, look: Look) -> Paragraph {
    numbered(p, level, label, look, None)
}

/// As `labelled`, but with `ilvl` the label is Word's automatic number at that level of the
/// hierarchy list instead of text; the number's tab suffix stops at the same hanging
/// indent, so the paragraph looks the same.
fn numbered(p: Paragraph, level: u8, label: &str, look: Look, ilvl: Option<u8>) -> Paragraph {
    let left = i32::from(level) * CHAR_TWIPS;
    let label = crate::sanitize::clean(label);
    let label = label.trim();
    if label.is_empty() {
        return p.indent(Some(left), None, None, None);
    }
    let hang = hanging_twips(label, look.size);
    let p = p.indent(
        Some(left + hang),
        Some(SpecialIndentType::Hanging(hang)),
        None,
        None,
    );
    if let Some(ilvl) = ilvl {
        return p.numbering(
            NumberingId::new(styles::NUM_ID),
            IndentLevel::new(usize::from(ilvl)),
        );
    }
    let mut runs = text::text_runs(label, look, SpanStyle::Normal);
    if text::all_wide(label) {
        runs.extend(text::text_runs("\u{3000}", look, SpanStyle::Normal));
    } else {
        runs.push(text::styled_run(look, SpanStyle::Normal).add_tab());
    }
    add_runs(p, runs)
}

/// Label width plus one full-width space, scaled to the font size (half-points), capped
/// at half the text width so an absurdly long label cannot push the text off the page.
fn hanging_twips(label: &str, size: usize) -> i32 {
    // One em is `size` half-points = size * 10 twips, so half an em is size * 5.
    let twips = (text::half_ems(label) + 2)
        .saturating_mul(size)
        .saturating_mul(5)
        .min(TEXT_WIDTH / 2);
    i32::try_from(twips).unwrap_or(0)
}

/// Converts one model block into body items.
pub(crate) fn block_items(block: &Block, ids: &mut ParaIds, numbers: &mut Numbers) -> Vec<Item> {
    match block {
        Block::Heading { level, label, text } => {
            vec![para(heading(ids, numbers, *level, label, text))]
        }
        Block::Paragraph {
            level,
            label,
            spans,
        } => {
            let ilvl = numbers.take(label);
            let p = ids.paragraph().style(styles::BODY_TEXT);
            let p = numbered(p, *level, label, Look::BODY_STYLED, ilvl);
            vec![para(add_runs(p, text::span_runs(spans, Look::BODY_STYLED)))]
        }
        // Bullets keep their marker as text: the model's markers vary (・, ○ …) and are
        // not part of the numbered hierarchy.
        Block::List {
            level,
            marker,
            items,
        } => items
            .iter()
            .map(|spans| {
                let p = ids.paragraph().style(styles::LIST_BULLET);
                let p = labelled(p, *level, marker, Look::BODY_STYLED);
                para(add_runs(p, text::span_runs(spans, Look::BODY_STYLED)))
            })
            .collect(),
        // Word rejects a table without rows; an empty table prints nothing anyway.
        Block::Table { rows, .. } if rows.is_empty() => Vec::new(),
        Block::Table {
            header,
            widths,
            rows,
        } => vec![Item::Table {
            table: Box::new(table(ids, *header, widths, rows)),
            header: *header,
        }],
        Block::Note { spans } => vec![para(paragraph(ids, 0, "", spans, Look::SMALL))],
        Block::BarChart { title, bars } => super::chart::chart_items(ids, title, bars),
        Block::Spacer => vec![para(body_paragraph(ids, Look::BODY))],
    }
}

fn para(p: Paragraph) -> Item {
    Item::Paragraph(Box::new(p))
}

/// A heading in Word's Heading 1–3 style: Gothic, level 1 at 12 pt, deeper levels at body
/// size, kept with the next paragraph, with an outline level for the navigation pane (all
/// from the style).
fn heading(
    ids: &mut ParaIds,
    numbers: &mut Numbers,
    level: u8,
    label: &str,
    text: &str,
) -> Paragraph {
    let size = if level <= 1 {
        text::SZ_HEADING
    } else {
        text::SZ_BODY
    };
    let look = Look::new(Face::Gothic, size).styled();
    let p = ids.paragraph().style(styles::heading_style(level));
    let p = numbered(p, 0, label, look, numbers.take(label));
    add_runs(p, text::text_runs(text, look, SpanStyle::Normal))
}

fn paragraph(ids: &mut ParaIds, level: u8, label: &str, spans: &[Span], look: Look) -> Paragraph {
    let p = labelled(body_paragraph(ids, look), level, label, look);
    add_runs(p, text::span_runs(spans, look))
}

/// A fixed-layout table across the text width, columns in proportion to `widths`.
fn table(ids: &mut ParaIds, header: bool, widths: &[u16], rows: &[Vec<String>]) -> Table {
    let columns = column_twips(widths, rows);
    let table_rows = rows
        .iter()
        .enumerate()
        .map(|(i, row)| table_row(ids, &columns, row, header && i == 0))
        .collect();
    Table::new(table_rows)
        .set_grid(columns.clone())
        .width(columns.iter().sum(), WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(40, 100, 40, 100))
        .set_borders(borders())
}

fn table_row(ids: &mut ParaIds, columns: &[usize], row: &[String], is_header: bool) -> TableRow {
    let look = if is_header {
        Look::new(Face::Gothic, text::SZ_BODY).bold()
    } else {
        Look::BODY
    };
    let cells = columns
        .iter()
        .enumerate()
        .map(|(i, width)| {
            let value = row.get(i).map(String::as_str).unwrap_or("");
            let p = ids
                .paragraph()
                .align(AlignmentType::Left)
                .line_spacing(spacing(TABLE_LINE, 0, 0))
                .fonts(text::fonts(text::MINCHO))
                .size(look.size);
            let p = add_runs(p, text::text_runs(value, look, SpanStyle::Normal));
            let cell = TableCell::new()
                .add_paragraph(p)
                .width(*width, WidthType::Dxa);
            if is_header {
                cell.shading(Shading::new().fill(HEADER_FILL))
            } else {
                cell
            }
        })
        .collect();
    TableRow::new(cells).cant_split()
}

/// Column widths in twips summing to the text width. Zero or missing widths count as 1,
/// and rows longer than `widths` add columns, so no cell is ever dropped.
pub(crate) fn column_twips(widths: &[u16], rows: &[Vec<String>]) -> Vec<usize> {
    let count = rows
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(0)
        .max(widths.len())
        .max(1);
    let weights: Vec<usize> = (0..count)
        .map(|i| usize::from(widths.get(i).copied().unwrap_or(1).max(1)))
        .collect();
    let total: usize = weights.iter().sum();
    let mut out: Vec<usize> = weights.iter().map(|w| TEXT_WIDTH * w / total).collect();
    // Give the rounding remainder to the last column so the table spans the text width.
    let used: usize = out.iter().sum();
    if let Some(last) = out.last_mut() {
        *last += TEXT_WIDTH - used;
    }
    out
}

pub(crate) fn borders() -> TableBorders {
    let border = |pos| {
        TableBorder::new(pos)
            .border_type(BorderType::Single)
            .size(4)
            .color("000000")
    };
    TableBorders::new()
        .set(border(TableBorderPosition::Top))
        .set(border(TableBorderPosition::Left))
        .set(border(TableBorderPosition::Bottom))
        .set(border(TableBorderPosition::Right))
        .set(border(TableBorderPosition::InsideH))
        .set(border(TableBorderPosition::InsideV))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fill_text_width() {
        let cols = column_twips(&[4, 2, 5], &[]);
        assert_eq!(cols.iter().sum::<usize>(), 9072);
        assert_eq!(cols.len(), 3);
        let cols = column_twips(&[0], &[vec!["a".into(), "b".into()]]);
        assert_eq!(cols, vec![4536, 4536]);
        assert_eq!(column_twips(&[], &[]), vec![9072]);
    }

    #[test]
    fn hanging_width_of_labels() {
        assert_eq!(hanging_twips("（１）", 21), 4 * 210);
        assert_eq!(hanging_twips("ア", 21), 2 * 210);
        assert_eq!(hanging_twips(&"長".repeat(500), 21), 4536);
    }
}
