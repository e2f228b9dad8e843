//! A bar chart as a Word table: label, bar, value per row. The bar area is a grid of 100
//! one-percent columns; each row's cells span them, shaded up to the bar's length, and cell
//! edges at 60 % and 80 % (the grade boundaries) draw the grid. An axis row closes the chart.

use super::blocks::{add_runs, borders, spacing, Item, ParaIds};
use super::text::{self, Face, Look};
use docx_rs::{
    AlignmentType, BorderType, Paragraph, Shading, Table, TableBorder, TableBorderPosition,
    TableCell, TableCellMargins, TableLayoutType, TableRow, WidthType,
};
use secspec_core::document::{Bar, BAR_GRID};
use secspec_core::SpanStyle;

/// Column widths in twips: label, 100 × 1 % of the bar area, value (sums to the text width).
const LABEL_W: usize = 2600;
const STEP_W: usize = 50;
const VALUE_W: usize = super::TEXT_WIDTH - LABEL_W - 100 * STEP_W;
const BAR_FILL: &str = "8C8C8C";
const TABLE_LINE: i32 = 288;

pub(super) fn chart_items(ids: &mut ParaIds, title: &str, bars: &[Bar]) -> Vec<Item> {
    let look = Look::new(Face::Gothic, text::SZ_BODY);
    let head = ids
        .paragraph()
        .align(AlignmentType::Center)
        .line_spacing(spacing(360, 120, 60))
        .keep_next(true)
        .fonts(text::fonts(text::GOTHIC))
        .size(look.size);
    let head = add_runs(head, text::text_runs(title, look, SpanStyle::Normal));
    let mut grid = vec![LABEL_W];
    grid.extend(std::iter::repeat_n(STEP_W, 100));
    grid.push(VALUE_W);
    let mut rows: Vec<TableRow> = bars.iter().map(|b| bar_row(ids, b)).collect();
    rows.push(axis_row(ids));
    // White horizontal rules keep neighbouring bars apart; vertical rules are the grid.
    let borders = borders().set(
        TableBorder::new(TableBorderPosition::InsideH)
            .border_type(BorderType::Single)
            .size(16)
            .color("FFFFFF"),
    );
    let table = Table::new(rows)
        .set_grid(grid)
        .width(super::TEXT_WIDTH, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(20, 60, 20, 60))
        .set_borders(borders);
    vec![
        Item::Paragraph(Box::new(head)),
        Item::Table {
            table: Box::new(table),
            header: false,
        },
    ]
}

/// Whole percent of the bar, rounded down so a bar below 100 % never looks full.
fn steps(bar: &Bar) -> usize {
    usize::try_from(bar.percent_tenths.min(1000) / 10).unwrap_or(0)
}

/// Cell edges of a bar row inside the bar area: the grid lines and the end of the bar.
fn edges(p: usize) -> Vec<usize> {
    let mut e: Vec<usize> = BAR_GRID
        .iter()
        .map(|g| usize::try_from(*g).unwrap_or(0))
        .collect();
    e.push(p);
    e.sort_unstable();
    e.dedup();
    e
}

/// Bar rows keep with the next row, so the chart stays on one page with its axis.
fn cell_paragraph(ids: &mut ParaIds, value: &str, look: Look, keep: bool) -> Paragraph {
    let p = ids
        .paragraph()
        .align(AlignmentType::Left)
        .keep_next(keep)
        .line_spacing(spacing(TABLE_LINE, 0, 0))
        .fonts(text::fonts(text::MINCHO))
        .size(look.size);
    add_runs(p, text::text_runs(value, look, SpanStyle::Normal))
}

fn text_cell(ids: &mut ParaIds, value: &str, width: usize, look: Look, keep: bool) -> TableCell {
    TableCell::new()
        .add_paragraph(cell_paragraph(ids, value, look, keep))
        .width(width, WidthType::Dxa)
}

fn bar_row(ids: &mut ParaIds, bar: &Bar) -> TableRow {
    let p = steps(bar);
    let mut cells = vec![text_cell(ids, &bar.label, LABEL_W, Look::BODY, true)];
    for pair in edges(p).windows(2) {
        let (from, to) = (pair[0], pair[1]);
        let mut cell = TableCell::new()
            .add_paragraph(cell_paragraph(ids, "", Look::BODY, true))
            .grid_span(to - from)
            .width((to - from) * STEP_W, WidthType::Dxa);
        if to <= p {
            cell = cell.shading(Shading::new().fill(BAR_FILL));
        }
        cells.push(cell);
    }
    cells.push(text_cell(ids, &bar.value_label, VALUE_W, Look::BODY, true));
    TableRow::new(cells).cant_split()
}

/// The scale: each boundary's percentage at the left of the span it starts; 100 % stands
/// at the start of the value column, right at the end of the bar area.
fn axis_row(ids: &mut ParaIds) -> TableRow {
    let mut cells = vec![text_cell(ids, "", LABEL_W, Look::SMALL, false)];
    for pair in edges(0).windows(2) {
        let (from, to) = (pair[0], pair[1]);
        cells.push(
            TableCell::new()
                .add_paragraph(cell_paragraph(ids, &format!("{from}%"), Look::SMALL, false))
                .grid_span(to - from)
                .width((to - from) * STEP_W, WidthType::Dxa),
        );
    }
    cells.push(text_cell(ids, "100%", VALUE_W, Look::SMALL, false));
    TableRow::new(cells).cant_split()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(t: u32) -> Bar {
        Bar {
            label: "x".into(),
            percent_tenths: t,
            value_label: String::new(),
        }
    }

    #[test]
    fn bars_split_at_the_grade_boundaries_and_their_end() {
        assert_eq!(edges(steps(&bar(875))), vec![0, 60, 80, 87, 100]);
        assert_eq!(edges(steps(&bar(999))), vec![0, 60, 80, 99, 100]);
        assert_eq!(edges(steps(&bar(1000))), vec![0, 60, 80, 100]);
        assert_eq!(edges(steps(&bar(0))), vec![0, 60, 80, 100]);
        assert_eq!(edges(steps(&bar(5000))), vec![0, 60, 80, 100]);
        assert_eq!(LABEL_W + 100 * STEP_W + VALUE_W, 9072);
    }
}
