//! Lays a `Document` out on A4 pages as positioned glyph runs and rules. No PDF here:
//! `emit` turns the result into printpdf operations.
//!
//! Blocks become a flat list of `Unit`s (one per text line or table line), each with its
//! height, the space wanted before it and whether it must stay with the next one;
//! `setting` sets the text of each block, `paginate` places the units on pages.
//! Coordinates are points from the page's top-left corner; y grows downwards.

use super::paginate::{chain_height, paginate, Frame, Unit};
use super::setting::{set_text, text_width, Align, Gap, SetLine, TextBlock};
use super::text::{Deco, Glyph, Piece};
use crate::fonts::{Faces, Role};
use crate::RenderError;
use secspec_core::document::{Bar, BAR_GRID};
use secspec_core::{Block, Document, Lang, Metadata, Span, SpanStyle};
use std::rc::Rc;

const MM: f32 = 72.0 / 25.4;
pub(crate) const PAGE_W: f32 = 210.0 * MM;
pub(crate) const PAGE_H: f32 = 297.0 * MM;
/// Body size and line pitch.
pub(super) const BODY: f32 = 10.5;
pub(super) const LEADING: f32 = 1.75;
/// 43 full-width characters a line, so pure Japanese lines fill the measure exactly;
/// the side margins come out at ≈25.4 mm.
pub(super) const TEXT_W: f32 = 43.0 * BODY;
pub(super) const LEFT: f32 = (PAGE_W - TEXT_W) / 2.0;
pub(super) const TOP: f32 = 25.0 * MM;
pub(super) const BOTTOM: f32 = PAGE_H - 20.0 * MM;
const TITLE_SIZE: f32 = 16.0;
const H1_SIZE: f32 = 12.0;
const NOTE_SIZE: f32 = 9.0;
const FOOTER_SIZE: f32 = 8.0;
const CELL_PAD_X: f32 = 4.0;
const CELL_PAD_Y: f32 = 3.0;
const CELL_LEADING: f32 = 1.5;
const BOX_PAD: f32 = 5.0;
/// Bar chart: label column, value column (both in body characters), bar height and tone.
const CHART_LABEL_W: f32 = 15.0 * BODY;
const CHART_VALUE_W: f32 = 6.0 * BODY;
const CHART_ROW_PAD: f32 = 2.0;
const CHART_BAR_H: f32 = 0.9 * BODY;
const CHART_BAR_GRAY: f32 = 0.55;
const GRID_RULE: f32 = 0.3;

/// Glyphs of one font at one position.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Run {
    pub role: Role,
    pub size: f32,
    pub x: f32,
    /// Baseline.
    pub y: f32,
    /// Extra space after each glyph (justification).
    pub tc: f32,
    pub glyphs: Vec<Glyph>,
}

/// A straight line (table grid, box, underline, strike-through).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rule {
    pub x1: f32,
    pub y1: f32,
    pub x2: f32,
    pub y2: f32,
    pub width: f32,
}

impl Rule {
    pub(super) fn shifted(self, dy: f32) -> Rule {
        Rule {
            y1: self.y1 + dy,
            y2: self.y2 + dy,
            ..self
        }
    }
}

/// A filled rectangle (chart bar), `gray` from 0 (black) to 1 (white).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Fill {
    pub x: f32,
    /// Top edge.
    pub y: f32,
    pub w: f32,
    pub h: f32,
    pub gray: f32,
}

impl Fill {
    pub(super) fn shifted(self, dy: f32) -> Fill {
        Fill {
            y: self.y + dy,
            ..self
        }
    }
}

#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Page {
    pub runs: Vec<Run>,
    pub rules: Vec<Rule>,
    pub fills: Vec<Fill>,
}

/// Lays out the whole document; every page gets its footer.
pub(crate) fn layout(doc: &Document, faces: &Faces<'_>) -> Result<Vec<Page>, RenderError> {
    let mut pages = paginate(flow_units(doc, faces)?);
    add_footers(&mut pages, &doc.meta, faces)?;
    Ok(pages)
}

/// The document as units to paginate, with the keep-together rules set.
fn flow_units(doc: &Document, faces: &Faces<'_>) -> Result<Vec<Unit>, RenderError> {
    let mut flow = Flow {
        faces,
        lang: doc.meta.lang,
        units: Vec::new(),
        frames: 0,
    };
    flow.title_block(&doc.meta)?;
    for block in &doc.blocks {
        flow.block(block)?;
    }
    keep_last_page_company(&mut flow.units);
    Ok(flow.units)
}

/// Widow and orphan control: the first line of a paragraph stays with the second (no
/// orphan at the bottom of a page) and the second-to-last with the last (no widow at the
/// top of the next).
fn widow_or_orphan(k: usize, count: usize) -> bool {
    count >= 2 && (k == 0 || k + 2 == count)
}

/// The last page never carries a lone line: the last visible unit is kept with the visible
/// unit before it (and any spacer in between).
fn keep_last_page_company(units: &mut [Unit]) {
    let visible: Vec<usize> = units
        .iter()
        .enumerate()
        .filter(|(_, u)| !u.runs.is_empty() || !u.rules.is_empty() || !u.fills.is_empty())
        .map(|(i, _)| i)
        .rev()
        .take(2)
        .collect();
    if let [last, before] = visible[..] {
        for u in &mut units[before..last] {
            u.keep_with_next = true;
        }
    }
}

struct Flow<'f, 'a> {
    faces: &'f Faces<'a>,
    lang: Lang,
    units: Vec<Unit>,
    frames: usize,
}

impl Flow<'_, '_> {
    fn body_align(&self) -> Align {
        match self.lang {
            Lang::Ja => Align::Justify,
            Lang::En => Align::Left,
        }
    }

    fn title_block(&mut self, meta: &Metadata) -> Result<(), RenderError> {
        let mut title = TextBlock::new(
            vec![Piece::plain(&meta.title, Role::Gothic)],
            TITLE_SIZE,
            &meta.title,
        );
        title.align = Align::Center;
        self.push_lines(&title, LEFT, TEXT_W, TITLE_SIZE * LEADING, 0.0, false)?;
        let line = BODY * LEADING;
        let mut space = line * 0.5;
        for field in [&meta.date_text, &meta.agency] {
            if field.trim().is_empty() {
                continue;
            }
            let mut b = TextBlock::new(vec![Piece::plain(field, Role::Mincho)], BODY, field);
            b.align = Align::Right;
            self.push_lines(&b, LEFT, TEXT_W, line, space, false)?;
            space = 0.0;
        }
        let mut subject = TextBlock::new(
            vec![Piece::plain(&meta.subject, Role::Mincho)],
            BODY,
            &meta.subject,
        );
        subject.label = match meta.lang {
            Lang::Ja => "件名",
            Lang::En => "Subject:",
        };
        subject.gap = match meta.lang {
            Lang::Ja => Gap::FullWidth,
            Lang::En => Gap::Space,
        };
        subject.align = self.body_align();
        if !meta.subject.trim().is_empty() {
            self.push_lines(&subject, LEFT, TEXT_W, line, line, false)?;
        }
        if let Some(notice) = meta.notice.as_deref().filter(|n| !n.trim().is_empty()) {
            self.notice_box(notice)?;
        }
        self.units.push(Unit {
            space_before: line,
            ..Unit::default()
        });
        Ok(())
    }

    fn block(&mut self, block: &Block) -> Result<(), RenderError> {
        match block {
            Block::Heading { level, label, text } => self.heading(*level, label, text),
            Block::Paragraph {
                level,
                label,
                spans,
            } => self.paragraph(*level, label, spans),
            Block::List {
                level,
                marker,
                items,
            } => items
                .iter()
                .try_for_each(|item| self.list_item(*level, marker, item)),
            Block::Table {
                header,
                widths,
                rows,
            } => self.table(*header, widths, rows),
            Block::Note { spans } => self.note(spans),
            Block::BarChart { title, bars } => self.bar_chart(title, bars),
            Block::Spacer => {
                self.units.push(Unit {
                    space_before: BODY * LEADING,
                    ..Unit::default()
                });
                Ok(())
            }
        }
    }

    fn heading(&mut self, level: u8, label: &str, text: &str) -> Result<(), RenderError> {
        let size = if level <= 1 { H1_SIZE } else { BODY };
        let space = if level <= 1 { BODY * 0.9 } else { BODY * 0.5 };
        let mut b = TextBlock::new(vec![Piece::plain(text, Role::Gothic)], size, text);
        b.label = label;
        b.gap = Gap::FullWidth;
        b.label_role = Role::Gothic;
        // A heading stays with the first lines that follow it.
        let start = self.units.len();
        self.push_lines(&b, LEFT, TEXT_W, size * LEADING, space, true)?;
        for unit in &mut self.units[start..] {
            unit.heading = true;
        }
        Ok(())
    }

    fn paragraph(&mut self, level: u8, label: &str, spans: &[Span]) -> Result<(), RenderError> {
        let context = spans.first().map_or("", |s| s.text.as_str());
        let mut b = TextBlock::new(pieces(spans), BODY, context);
        b.label = label;
        b.gap = Gap::FullWidth;
        b.indent = f32::from(level) * BODY;
        if label.is_empty() && self.lang == Lang::Ja {
            b.first_indent = BODY;
        }
        b.align = self.body_align();
        self.push_lines(&b, LEFT, TEXT_W, BODY * LEADING, 0.0, false)
    }

    fn list_item(&mut self, level: u8, marker: &str, item: &[Span]) -> Result<(), RenderError> {
        let context = item.first().map_or("", |s| s.text.as_str());
        let mut b = TextBlock::new(pieces(item), BODY, context);
        b.label = marker;
        b.gap = if is_wide_marker(marker) {
            Gap::None
        } else {
            Gap::Space
        };
        b.indent = f32::from(level) * BODY;
        b.align = self.body_align();
        self.push_lines(&b, LEFT, TEXT_W, BODY * LEADING, 0.0, false)
    }

    fn note(&mut self, spans: &[Span]) -> Result<(), RenderError> {
        let context = spans.first().map_or("", |s| s.text.as_str());
        let mut b = TextBlock::new(pieces(spans), NOTE_SIZE, context);
        b.align = self.body_align();
        self.push_lines(&b, LEFT, TEXT_W, NOTE_SIZE * LEADING, BODY * 0.3, false)
    }

    /// Sets `b` in lines of `width` from `x0` and appends one unit per line.
    fn push_lines(
        &mut self,
        b: &TextBlock<'_>,
        x0: f32,
        width: f32,
        leading: f32,
        space_before: f32,
        keep: bool,
    ) -> Result<(), RenderError> {
        let lines = set_text(self.faces, b, x0, width, leading)?;
        let count = lines.len();
        for (k, line) in lines.into_iter().enumerate() {
            self.units.push(Unit {
                height: leading,
                space_before: if k == 0 { space_before } else { 0.0 },
                keep_with_next: keep || widow_or_orphan(k, count),
                heading: false,
                runs: line.runs,
                rules: line.rules,
                fills: Vec::new(),
                frame: None,
            });
        }
        Ok(())
    }

    /// Title, one row per bar (label, bar on a 0–100 % scale, value), then the axis with
    /// the grade boundaries. The whole chart is kept on one page.
    fn bar_chart(&mut self, title: &str, bars: &[Bar]) -> Result<(), RenderError> {
        let leading = BODY * CELL_LEADING;
        let mut head = TextBlock::new(vec![Piece::plain(title, Role::Gothic)], BODY, title);
        head.align = Align::Center;
        self.push_lines(&head, LEFT, TEXT_W, BODY * LEADING, BODY * 0.5, true)?;
        let x0 = LEFT + CHART_LABEL_W + BODY * 0.5;
        let x1 = LEFT + TEXT_W - CHART_VALUE_W - BODY * 0.5;
        let grid: Vec<f32> = BAR_GRID
            .iter()
            .map(|g| x0 + (x1 - x0) * *g as f32 / 100.0)
            .collect();
        for bar in bars {
            let label = TextBlock::new(
                vec![Piece::plain(&bar.label, Role::Mincho)],
                BODY,
                &bar.label,
            );
            let lines = set_text(self.faces, &label, LEFT, CHART_LABEL_W, leading)?;
            let height = lines.len().max(1) as f32 * leading + 2.0 * CHART_ROW_PAD;
            let mut unit = Unit {
                height,
                keep_with_next: true,
                ..Unit::default()
            };
            for (k, line) in lines.into_iter().enumerate() {
                let dy = CHART_ROW_PAD + k as f32 * leading;
                unit.runs
                    .extend(line.runs.into_iter().map(|r| Run { y: r.y + dy, ..r }));
            }
            let value = TextBlock::new(
                vec![Piece::plain(&bar.value_label, Role::Mincho)],
                BODY,
                &bar.value_label,
            );
            let x_value = x1 + BODY * 0.5;
            for line in set_text(self.faces, &value, x_value, CHART_VALUE_W, leading)?
                .into_iter()
                .take(1)
            {
                unit.runs.extend(line.runs.into_iter().map(|r| Run {
                    y: r.y + CHART_ROW_PAD,
                    ..r
                }));
            }
            let width = (x1 - x0) * bar.fraction();
            if width > 0.0 {
                unit.fills.push(Fill {
                    x: x0,
                    y: CHART_ROW_PAD + (leading - CHART_BAR_H) / 2.0,
                    w: width,
                    h: CHART_BAR_H,
                    gray: CHART_BAR_GRAY,
                });
            }
            unit.rules.extend(grid.iter().map(|x| Rule {
                x1: *x,
                y1: 0.0,
                x2: *x,
                y2: height,
                width: GRID_RULE,
            }));
            self.units.push(unit);
        }
        self.chart_axis(x0, x1, &grid)
    }

    /// The scale under the bars: a base line and the boundary percentages.
    fn chart_axis(&mut self, x0: f32, x1: f32, grid: &[f32]) -> Result<(), RenderError> {
        let leading = NOTE_SIZE * 1.5;
        let mut unit = Unit {
            height: leading,
            ..Unit::default()
        };
        unit.rules.push(Rule {
            x1: x0,
            y1: 0.0,
            x2: x1,
            y2: 0.0,
            width: GRID_RULE,
        });
        for (g, x) in BAR_GRID.iter().zip(grid) {
            let text = format!("{g}%");
            let w = text_width(self.faces, &text, NOTE_SIZE)?;
            let b = TextBlock::new(vec![Piece::plain(&text, Role::Mincho)], NOTE_SIZE, "");
            for line in set_text(self.faces, &b, x - w / 2.0, w + 1.0, leading)? {
                unit.runs.extend(line.runs);
            }
        }
        self.units.push(unit);
        Ok(())
    }

    fn notice_box(&mut self, notice: &str) -> Result<(), RenderError> {
        let mut b = TextBlock::new(vec![Piece::plain(notice, Role::Mincho)], BODY, notice);
        b.align = self.body_align();
        let inner = TEXT_W - 2.0 * BOX_PAD;
        let lines = set_text(self.faces, &b, LEFT + BOX_PAD, inner, BODY * LEADING)?;
        let id = self.next_frame();
        let frame = Frame {
            id,
            xs: vec![LEFT, LEFT + TEXT_W],
            row_start: true,
            repeat: None,
        };
        self.push_framed(
            vec![lines],
            frame,
            BODY * LEADING,
            BOX_PAD,
            BODY * LEADING * 0.5,
        );
        Ok(())
    }

    fn next_frame(&mut self) -> usize {
        self.frames += 1;
        self.frames
    }

    /// Appends the lines of one framed row (cells side by side) as units: line k of every
    /// cell shares a unit. Padding goes above the first and below the last line.
    fn push_framed(
        &mut self,
        cells: Vec<Vec<SetLine>>,
        frame: Frame,
        leading: f32,
        pad: f32,
        space_before: f32,
    ) {
        let count = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let mut cells: Vec<std::vec::IntoIter<SetLine>> =
            cells.into_iter().map(Vec::into_iter).collect();
        for k in 0..count {
            let top = if k == 0 { pad } else { 0.0 };
            let bottom = if k + 1 == count { pad } else { 0.0 };
            let mut unit = Unit {
                height: top + leading + bottom,
                space_before: if k == 0 { space_before } else { 0.0 },
                keep_with_next: k + 1 < count,
                frame: Some(Frame {
                    row_start: frame.row_start && k == 0,
                    ..frame.clone()
                }),
                ..Unit::default()
            };
            for cell in &mut cells {
                if let Some(line) = cell.next() {
                    unit.runs
                        .extend(line.runs.into_iter().map(|r| Run { y: r.y + top, ..r }));
                    unit.rules
                        .extend(line.rules.into_iter().map(|r| r.shifted(top)));
                }
            }
            self.units.push(unit);
        }
    }

    fn table(
        &mut self,
        header: bool,
        widths: &[u16],
        rows: &[Vec<String>],
    ) -> Result<(), RenderError> {
        let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
        if cols == 0 {
            return Ok(());
        }
        let xs = column_edges(widths, cols);
        let id = self.next_frame();
        let leading = BODY * CELL_LEADING;
        let mut repeat = None;
        for (r, row) in rows.iter().enumerate() {
            let is_header = header && r == 0;
            let role = if is_header {
                Role::Gothic
            } else {
                Role::Mincho
            };
            let mut cells = Vec::new();
            for (c, text) in row.iter().enumerate() {
                let b = TextBlock::new(vec![Piece::plain(text, role)], BODY, text);
                let (x, w) = (xs[c] + CELL_PAD_X, xs[c + 1] - xs[c] - 2.0 * CELL_PAD_X);
                cells.push(set_text(self.faces, &b, x, w.max(BODY), leading)?);
            }
            let frame = Frame {
                id,
                xs: xs.clone(),
                row_start: true,
                repeat: repeat.clone(),
            };
            let space = if r == 0 { BODY * 0.5 } else { 0.0 };
            let start = self.units.len();
            self.push_framed(cells, frame, leading, CELL_PAD_Y, space);
            if is_header {
                repeat = self.header_row(start);
            }
        }
        Ok(())
    }

    /// Keeps the header row (units from `start`) with the first body row and returns a
    /// copy to repeat on later pages, unless it is too tall to repeat.
    fn header_row(&mut self, start: usize) -> Option<Rc<Vec<Unit>>> {
        let rows = self.units.get_mut(start..)?;
        if let Some(last) = rows.last_mut() {
            last.keep_with_next = true;
        }
        if chain_height(rows, true) > (BOTTOM - TOP) / 3.0 {
            return None;
        }
        let copy = rows
            .iter()
            .map(|u| Unit {
                space_before: 0.0,
                ..u.clone()
            })
            .collect();
        Some(Rc::new(copy))
    }
}

/// Spans to pieces: bold is set in Gothic, redlines get their line.
fn pieces(spans: &[Span]) -> Vec<Piece<'_>> {
    spans
        .iter()
        .map(|s| Piece {
            text: &s.text,
            role: if s.style == SpanStyle::Bold {
                Role::Gothic
            } else {
                Role::Mincho
            },
            deco: match s.style {
                SpanStyle::Inserted => Deco::Underline,
                SpanStyle::Deleted => Deco::Strike,
                _ => Deco::None,
            },
        })
        .collect()
}

/// A full-width marker (・, ○) needs no gap after it; a narrow one (•, -) gets a space.
fn is_wide_marker(marker: &str) -> bool {
    marker
        .chars()
        .last()
        .is_some_and(|c| !c.is_ascii() && !matches!(c, '•' | '‐' | '–' | '·'))
}

/// Left/right x of each column from relative widths (missing or zero widths count as 1).
fn column_edges(widths: &[u16], cols: usize) -> Vec<f32> {
    let w: Vec<f32> = (0..cols)
        .map(|i| f32::from(widths.get(i).copied().filter(|w| *w > 0).unwrap_or(1)))
        .collect();
    let total: f32 = w.iter().sum();
    let mut xs = vec![LEFT];
    let mut x = LEFT;
    for wi in w {
        x += TEXT_W * wi / total;
        xs.push(x);
    }
    xs
}

/// Footer on every page: the document line at the left, "page N / M" at the right.
fn add_footers(pages: &mut [Page], meta: &Metadata, faces: &Faces<'_>) -> Result<(), RenderError> {
    let total = pages.len();
    let leading = FOOTER_SIZE * 1.4;
    let top = PAGE_H - 13.0 * MM;
    let number = |n: usize| {
        if meta.page_label.trim().is_empty() {
            format!("{n} / {total}")
        } else {
            format!("{} {n} / {total}", meta.page_label.trim())
        }
    };
    let widest = text_width(faces, &number(total), FOOTER_SIZE)?;
    let left = TextBlock::new(
        vec![Piece::plain(&meta.footer, Role::Mincho)],
        FOOTER_SIZE,
        &meta.footer,
    );
    let left_lines = set_text(
        faces,
        &left,
        LEFT,
        TEXT_W - widest - 2.0 * FOOTER_SIZE,
        leading,
    )?;
    for (n, page) in pages.iter_mut().enumerate() {
        for (k, line) in left_lines.iter().enumerate() {
            let dy = top + k as f32 * leading;
            page.runs.extend(line.runs.iter().map(|r| Run {
                y: r.y + dy,
                ..r.clone()
            }));
        }
        let text = number(n + 1);
        let mut b = TextBlock::new(vec![Piece::plain(&text, Role::Mincho)], FOOTER_SIZE, &text);
        b.align = Align::Right;
        for line in set_text(faces, &b, LEFT, TEXT_W, leading)? {
            page.runs
                .extend(line.runs.into_iter().map(|r| Run { y: r.y + top, ..r }));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geometry_is_a4_with_25mm_margins() {
        assert!((PAGE_W - 595.28).abs() < 0.01);
        assert!((LEFT / MM - 25.0).abs() < 0.5, "{}", LEFT / MM);
        assert!((PAGE_W - LEFT - TEXT_W - LEFT).abs() < 0.01);
    }

    #[test]
    fn long_table_repeats_its_header_row() {
        let faces = crate::fonts::bundled().faces().unwrap();
        let mut rows = vec![vec!["見出し".to_string(), "区分".to_string()]];
        rows.extend((0..80).map(|i| vec![format!("行{i}"), "本文".to_string()]));
        let doc = Document {
            meta: Metadata {
                word_font: Default::default(),
                kind: secspec_core::DocumentKind::Specification,
                lang: Lang::Ja,
                document_id: "X".into(),
                title: "表".into(),
                subject: String::new(),
                agency: String::new(),
                date_text: String::new(),
                template_version: String::new(),
                footer: String::new(),
                page_label: String::new(),
                notice: None,
            },
            blocks: vec![Block::Table {
                header: true,
                widths: vec![1, 1],
                rows,
            }],
        };
        let pages = layout(&doc, &faces).unwrap();
        assert!(pages.len() >= 2);
        for page in &pages {
            // The topmost run of every page is the header row (Gothic) or the title.
            let top = page.runs.iter().min_by(|a, b| a.y.total_cmp(&b.y)).unwrap();
            assert_eq!(top.role, Role::Gothic);
        }
    }

    /// Every document of the demo set (`secspec demo`: the procurement and subsidy
    /// examples), in both languages, as the paginator places it.
    fn demo_pages() -> Vec<(String, Vec<Vec<Unit>>)> {
        use secspec_core::compose::Mode;
        use secspec_core::{document_set, Project, ProjectRef};
        let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let library = crate::assets::load_library(&repo.join("templates")).unwrap();
        let faces = crate::fonts::bundled().faces().unwrap();
        let ctx = ProjectRef {
            project_id: 1,
            revision: 1,
        };
        let mut out = Vec::new();
        for example in ["procurement", "subsidy"] {
            let path = repo.join(format!("templates/examples/{example}.toml"));
            let text = std::fs::read_to_string(path).unwrap();
            for lang in [Lang::Ja, Lang::En] {
                let mut project: Project = toml::from_str(&text).unwrap();
                project.lang = lang;
                for kind in document_set::document_kinds(&project) {
                    let doc =
                        document_set::build(&project, &library, kind, ctx, Mode::Draft).unwrap();
                    let units = flow_units(&doc, &faces).unwrap();
                    let name = format!("{example} {lang:?} {kind:?}");
                    out.push((name, super::super::paginate::page_units(units)));
                }
            }
        }
        out
    }

    #[test]
    fn demo_pages_end_without_headings_or_lone_lines() {
        let docs = demo_pages();
        assert!(docs.len() >= 8, "{} documents", docs.len());
        let visible = |u: &&Unit| !u.runs.is_empty();
        for (name, pages) in &docs {
            for (i, page) in pages.iter().enumerate() {
                let last = page.iter().rfind(visible);
                assert!(last.is_some(), "{name}: page {} is empty", i + 1);
                if i + 1 < pages.len() {
                    assert!(
                        !last.is_some_and(|u| u.heading),
                        "{name}: page {} ends with a heading",
                        i + 1
                    );
                }
            }
            let last_page = pages.last().unwrap();
            assert!(
                last_page.iter().filter(visible).count() >= 2,
                "{name}: the last page ({}) carries a lone line",
                pages.len()
            );
        }
    }

    fn line(keep: bool) -> Unit {
        Unit {
            height: BODY * LEADING,
            keep_with_next: keep,
            runs: vec![Run {
                role: Role::Mincho,
                size: BODY,
                x: LEFT,
                y: 0.0,
                tc: 0.0,
                glyphs: Vec::new(),
            }],
            ..Unit::default()
        }
    }

    /// `n` lines of one paragraph with widow and orphan control.
    fn paragraph(n: usize) -> Vec<Unit> {
        (0..n).map(|k| line(widow_or_orphan(k, n))).collect()
    }

    #[test]
    fn paragraphs_leave_no_widow_or_orphan() {
        let per_page = ((BOTTOM - TOP) / (BODY * LEADING)).floor() as usize;
        // Room for one line only: the four-line paragraph does not leave its first line
        // behind (orphan).
        let mut units: Vec<Unit> = (0..per_page - 1).map(|_| line(false)).collect();
        units.extend(paragraph(4));
        let pages = super::super::paginate::page_units(units);
        assert_eq!(pages[0].len(), per_page - 1);
        assert_eq!(pages[1].len(), 4);
        // Room for three lines: two go on, two follow; never one alone on the next page
        // (widow).
        let mut units: Vec<Unit> = (0..per_page - 3).map(|_| line(false)).collect();
        units.extend(paragraph(4));
        let pages = super::super::paginate::page_units(units);
        assert_eq!(pages[0].len(), per_page - 1);
        assert_eq!(pages[1].len(), 2);
        // A lone closing line is kept with the line before it on the last page.
        let mut units: Vec<Unit> = (0..per_page).map(|_| line(false)).collect();
        units.push(line(false));
        keep_last_page_company(&mut units);
        let pages = super::super::paginate::page_units(units);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[1].len(), 2);
    }

    #[test]
    fn column_edges_normalise() {
        let xs = column_edges(&[1, 3], 2);
        assert_eq!(xs.len(), 3);
        assert!((xs[1] - LEFT - TEXT_W / 4.0).abs() < 0.01);
        assert!((xs[2] - LEFT - TEXT_W).abs() < 0.01);
        // Missing widths count as 1.
        assert_eq!(column_edges(&[], 2).len(), 3);
    }
}
