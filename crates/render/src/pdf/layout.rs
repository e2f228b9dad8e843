//! Lays a `Document` out on A4 pages as positioned glyph runs and rules. No PDF here:
//! `emit` turns the result into printpdf operations.
//!
//! Blocks become a flat list of `Unit`s (one per text line or table line), each with its
//! height, the space wanted before it and whether it must stay with the next one; the
//! paginator then places units top to bottom. Coordinates are points from the page's
//! top-left corner; y grows downwards.

use super::linebreak::{break_lines, trim_trailing_spaces, visible_width, Line};
use super::text::{shape, Deco, Glyph, Piece};
use crate::fonts::{Faces, Role};
use crate::RenderError;
use secspec_core::{Block, Document, Lang, Metadata, Span, SpanStyle};

const MM: f32 = 72.0 / 25.4;
pub(crate) const PAGE_W: f32 = 210.0 * MM;
pub(crate) const PAGE_H: f32 = 297.0 * MM;
/// Body size and line pitch.
const BODY: f32 = 10.5;
const LEADING: f32 = 1.75;
/// 43 full-width characters a line, so pure Japanese lines fill the measure exactly;
/// the side margins come out at ≈25.4 mm.
const TEXT_W: f32 = 43.0 * BODY;
const LEFT: f32 = (PAGE_W - TEXT_W) / 2.0;
const TOP: f32 = 25.0 * MM;
const BOTTOM: f32 = PAGE_H - 20.0 * MM;
/// Baseline position inside the em box (IPA fonts: ascent 0.88, descent 0.12).
const ASCENT: f32 = 0.88;
/// Largest justification spacing, as a fraction of the size; wider gaps are left ragged
/// (large gaps would also make text extraction insert spaces).
const MAX_TC: f32 = 0.08;
const TITLE_SIZE: f32 = 16.0;
const H1_SIZE: f32 = 12.0;
const NOTE_SIZE: f32 = 9.0;
const FOOTER_SIZE: f32 = 8.0;
const CELL_PAD_X: f32 = 4.0;
const CELL_PAD_Y: f32 = 3.0;
const CELL_LEADING: f32 = 1.5;
const BOX_PAD: f32 = 5.0;
const RULE: f32 = 0.5;
const EPS: f32 = 0.01;

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
    fn shifted(self, dy: f32) -> Rule {
        Rule {
            y1: self.y1 + dy,
            y2: self.y2 + dy,
            ..self
        }
    }
}

#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Page {
    pub runs: Vec<Run>,
    pub rules: Vec<Rule>,
}

/// Lays out the whole document; every page gets its footer.
pub(crate) fn layout(doc: &Document, faces: &Faces<'_>) -> Result<Vec<Page>, RenderError> {
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
    let mut pages = paginate(flow.units);
    add_footers(&mut pages, &doc.meta, faces)?;
    Ok(pages)
}

/// A vertical slice of the flow: one text line or one line of a table row.
#[derive(Debug, Default)]
struct Unit {
    height: f32,
    space_before: f32,
    keep_with_next: bool,
    runs: Vec<Run>,
    rules: Vec<Rule>,
    frame: Option<Frame>,
}

/// Part of a ruled box (table row or notice box): the grid is drawn after pagination,
/// so a row split by a page break is closed and reopened cleanly.
#[derive(Debug, Clone)]
struct Frame {
    id: usize,
    /// Vertical rule positions, left to right.
    xs: Vec<f32>,
    /// First unit of a row: draw the rule above it.
    row_start: bool,
}

/// Horizontal alignment of the lines of a text block.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Align {
    Left,
    Center,
    Right,
    Justify,
}

/// What separates a hanging label from its text.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Gap {
    None,
    FullWidth,
    Space,
}

/// Text to set in lines: optional hanging label, then the pieces.
struct TextBlock<'p> {
    pieces: Vec<Piece<'p>>,
    label: &'p str,
    gap: Gap,
    label_role: Role,
    /// Indent of the label (or text) from the block's left edge.
    indent: f32,
    /// Extra indent of the first line when there is no label (字下げ).
    first_indent: f32,
    size: f32,
    align: Align,
    /// The field's text, for error messages.
    context: &'p str,
}

impl<'p> TextBlock<'p> {
    fn new(pieces: Vec<Piece<'p>>, size: f32, context: &'p str) -> Self {
        TextBlock {
            pieces,
            label: "",
            gap: Gap::None,
            label_role: Role::Mincho,
            indent: 0.0,
            first_indent: 0.0,
            size,
            align: Align::Left,
            context,
        }
    }
}

/// One set line: runs and rules with y relative to the line's top.
struct SetLine {
    runs: Vec<Run>,
    rules: Vec<Rule>,
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
        // A heading stays with the first line that follows it.
        self.push_lines(&b, LEFT, TEXT_W, size * LEADING, space, true)
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
        let lines = self.set_text(b, x0, width, leading)?;
        for (k, line) in lines.into_iter().enumerate() {
            self.units.push(Unit {
                height: leading,
                space_before: if k == 0 { space_before } else { 0.0 },
                keep_with_next: keep,
                runs: line.runs,
                rules: line.rules,
                frame: None,
            });
        }
        Ok(())
    }

    /// Breaks `b` into lines and positions them (x absolute, y relative to each line).
    fn set_text(
        &self,
        b: &TextBlock<'_>,
        x0: f32,
        width: f32,
        leading: f32,
    ) -> Result<Vec<SetLine>, RenderError> {
        let baseline = (leading - b.size) / 2.0 + ASCENT * b.size;
        // Deep levels stop indenting where too little width would be left.
        let indent = b.indent.min((width - 10.0 * b.size).max(0.0));
        let label = self.label_glyphs(b)?;
        let label_w: f32 = label.iter().map(|g| g.advance).sum();
        let hangs = width - indent - label_w >= (8.0 * b.size).min(width / 2.0);
        let (label, text_x, first_indent, shaped) = if label.is_empty() {
            let shaped = shape(self.faces, &b.pieces, b.size, b.context)?;
            (label, indent, b.first_indent, shaped)
        } else if hangs {
            let shaped = shape(self.faces, &b.pieces, b.size, b.context)?;
            (label, indent + label_w, 0.0, shaped)
        } else {
            // A label too wide to hang simply runs into the text.
            let mut pieces = vec![
                Piece::plain(b.label, b.label_role),
                Piece::plain(gap_text(b.gap), b.label_role),
            ];
            pieces.extend_from_slice(&b.pieces);
            let shaped = shape(self.faces, &pieces, b.size, b.context)?;
            (Vec::new(), indent, 0.0, shaped)
        };
        let lines = break_lines(
            &shaped.glyphs,
            &shaped.breaks,
            width - text_x - first_indent,
            width - text_x,
        );
        let mut out = Vec::new();
        if lines.is_empty() && !label.is_empty() {
            let (runs, rules) = runs_for(&label, x0 + indent, baseline, b.size, 0.0);
            out.push(SetLine { runs, rules });
        }
        for (k, line) in lines.iter().enumerate() {
            let lx = text_x + if k == 0 { first_indent } else { 0.0 };
            let mut set = self.set_line(b, line, &shaped.glyphs, x0 + lx, width - lx, baseline);
            if k == 0 && !label.is_empty() {
                let (runs, rules) = runs_for(&label, x0 + indent, baseline, b.size, 0.0);
                set.runs.splice(0..0, runs);
                set.rules.extend(rules);
            }
            out.push(set);
        }
        Ok(out)
    }

    fn set_line(
        &self,
        b: &TextBlock<'_>,
        line: &Line,
        all: &[Glyph],
        x: f32,
        avail: f32,
        baseline: f32,
    ) -> SetLine {
        let glyphs = &all[line.range.clone()];
        let slack = avail - visible_width(glyphs);
        let (shift, tc) = match b.align {
            Align::Left => (0.0, 0.0),
            Align::Center => (slack.max(0.0) / 2.0, 0.0),
            Align::Right => (slack.max(0.0), 0.0),
            Align::Justify if line.wrapped => (0.0, justify_spacing(glyphs, slack, b.size)),
            Align::Justify => (0.0, 0.0),
        };
        let (runs, rules) = runs_for(glyphs, x + shift, baseline, b.size, tc);
        SetLine { runs, rules }
    }

    /// The label followed by its gap character, in the label's font.
    fn label_glyphs(&self, b: &TextBlock<'_>) -> Result<Vec<Glyph>, RenderError> {
        if b.label.is_empty() {
            return Ok(Vec::new());
        }
        let pieces = [
            Piece::plain(b.label, b.label_role),
            Piece::plain(gap_text(b.gap), b.label_role),
        ];
        Ok(shape(self.faces, &pieces, b.size, b.label)?.glyphs)
    }

    fn notice_box(&mut self, notice: &str) -> Result<(), RenderError> {
        let mut b = TextBlock::new(vec![Piece::plain(notice, Role::Mincho)], BODY, notice);
        b.align = self.body_align();
        let inner = TEXT_W - 2.0 * BOX_PAD;
        let lines = self.set_text(&b, LEFT + BOX_PAD, inner, BODY * LEADING)?;
        let id = self.next_frame();
        let frame = Frame {
            id,
            xs: vec![LEFT, LEFT + TEXT_W],
            row_start: true,
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
        for (r, row) in rows.iter().enumerate() {
            let role = if header && r == 0 {
                Role::Gothic
            } else {
                Role::Mincho
            };
            let mut cells = Vec::new();
            for (c, text) in row.iter().enumerate() {
                let mut b = TextBlock::new(vec![Piece::plain(text, role)], BODY, text);
                b.align = Align::Left;
                let (x, w) = (xs[c] + CELL_PAD_X, xs[c + 1] - xs[c] - 2.0 * CELL_PAD_X);
                cells.push(self.set_text(&b, x, w.max(BODY), leading)?);
            }
            let frame = Frame {
                id,
                xs: xs.clone(),
                row_start: true,
            };
            let space = if r == 0 { BODY * 0.5 } else { 0.0 };
            self.push_framed(cells, frame, leading, CELL_PAD_Y, space);
        }
        Ok(())
    }
}

fn gap_text(gap: Gap) -> &'static str {
    match gap {
        Gap::None => "",
        Gap::FullWidth => "\u{3000}",
        Gap::Space => " ",
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

/// Character spacing that makes a wrapped line reach the right edge, or 0 when the
/// needed spacing would be too loose.
fn justify_spacing(glyphs: &[Glyph], slack: f32, size: f32) -> f32 {
    let visible = trim_trailing_spaces(glyphs).len();
    if visible < 2 || slack <= EPS {
        return 0.0;
    }
    let tc = slack / (visible - 1) as f32;
    if tc > MAX_TC * size {
        0.0
    } else {
        tc
    }
}

/// Splits glyphs into runs of one font and draws the redline decorations.
fn runs_for(glyphs: &[Glyph], x: f32, baseline: f32, size: f32, tc: f32) -> (Vec<Run>, Vec<Rule>) {
    let mut runs: Vec<Run> = Vec::new();
    let mut pen = x;
    let mut starts = Vec::with_capacity(glyphs.len());
    for g in glyphs {
        starts.push(pen);
        match runs.last_mut() {
            Some(run) if run.role == g.role => run.glyphs.push(g.clone()),
            _ => runs.push(Run {
                role: g.role,
                size,
                x: pen,
                y: baseline,
                tc,
                glyphs: vec![g.clone()],
            }),
        }
        pen += g.advance + tc;
    }
    let visible = trim_trailing_spaces(glyphs).len();
    (
        runs,
        decorations(&glyphs[..visible], &starts, baseline, size),
    )
}

/// Underline / strike-through rules over contiguous decorated glyphs.
fn decorations(glyphs: &[Glyph], starts: &[f32], baseline: f32, size: f32) -> Vec<Rule> {
    let mut rules = Vec::new();
    let mut i = 0;
    while i < glyphs.len() {
        let deco = glyphs[i].deco;
        let mut j = i;
        while j + 1 < glyphs.len() && glyphs[j + 1].deco == deco {
            j += 1;
        }
        let y = match deco {
            Deco::None => None,
            Deco::Underline => Some(baseline + 0.12 * size),
            Deco::Strike => Some(baseline - 0.33 * size),
        };
        if let Some(y) = y {
            rules.push(Rule {
                x1: starts[i],
                y1: y,
                x2: starts[j] + glyphs[j].advance,
                y2: y,
                width: size * 0.05,
            });
        }
        i = j + 1;
    }
    rules
}

/// A unit placed on a page at `y` (top of the unit).
struct Placed {
    unit: Unit,
    y: f32,
}

/// Places units top to bottom, starting a new page when the next unit would pass the
/// bottom margin. A keep-with-next chain (heading + first line, lines of a table row)
/// moves to the next page whole when it does not fit but would fit on an empty page.
fn paginate(mut units: Vec<Unit>) -> Vec<Page> {
    let mut pages: Vec<Vec<Placed>> = vec![Vec::new()];
    let mut y = TOP;
    let mut i = 0;
    while i < units.len() {
        let end = chain_end(&units, i);
        let on_empty = chain_height(&units[i..=end], true);
        let here = chain_height(&units[i..=end], page_empty(&pages));
        if !page_empty(&pages) && y + here > BOTTOM + EPS && on_empty <= BOTTOM - TOP {
            pages.push(Vec::new());
            y = TOP;
        }
        for unit in &mut units[i..=end] {
            let unit = std::mem::take(unit);
            let mut space = if page_empty(&pages) {
                0.0
            } else {
                unit.space_before
            };
            if !page_empty(&pages) && y + space + unit.height > BOTTOM + EPS {
                pages.push(Vec::new());
                y = TOP;
                space = 0.0;
            }
            y += space;
            let height = unit.height;
            if let Some(page) = pages.last_mut() {
                page.push(Placed { unit, y });
            }
            y += height;
        }
        i = end + 1;
    }
    pages.into_iter().map(finish_page).collect()
}

fn page_empty(pages: &[Vec<Placed>]) -> bool {
    pages.last().is_none_or(|p| p.is_empty())
}

fn chain_end(units: &[Unit], start: usize) -> usize {
    let mut end = start;
    while units[end].keep_with_next && end + 1 < units.len() {
        end += 1;
    }
    end
}

fn chain_height(units: &[Unit], at_top: bool) -> f32 {
    units
        .iter()
        .enumerate()
        .map(|(k, u)| {
            u.height
                + if k == 0 && at_top {
                    0.0
                } else {
                    u.space_before
                }
        })
        .sum()
}

/// Moves placed units to page coordinates and draws the frames' rules.
fn finish_page(placed: Vec<Placed>) -> Page {
    let mut page = Page::default();
    for (k, p) in placed.iter().enumerate() {
        if let Some(frame) = &p.unit.frame {
            let same = |q: Option<&Placed>| {
                q.and_then(|q| q.unit.frame.as_ref())
                    .is_some_and(|f| f.id == frame.id)
            };
            let first = !same(k.checked_sub(1).and_then(|j| placed.get(j)));
            let last = !same(placed.get(k + 1));
            frame_rules(
                &mut page.rules,
                frame,
                p.y,
                p.unit.height,
                frame.row_start || first,
                last,
            );
        }
    }
    for p in placed {
        page.runs
            .extend(p.unit.runs.into_iter().map(|r| Run { y: r.y + p.y, ..r }));
        page.rules
            .extend(p.unit.rules.into_iter().map(|r| r.shifted(p.y)));
    }
    page
}

fn frame_rules(rules: &mut Vec<Rule>, frame: &Frame, y: f32, h: f32, top: bool, bottom: bool) {
    let (left, right) = match (frame.xs.first(), frame.xs.last()) {
        (Some(l), Some(r)) => (*l, *r),
        _ => return,
    };
    for x in &frame.xs {
        rules.push(Rule {
            x1: *x,
            y1: y,
            x2: *x,
            y2: y + h,
            width: RULE,
        });
    }
    if top {
        rules.push(Rule {
            x1: left,
            y1: y,
            x2: right,
            y2: y,
            width: RULE,
        });
    }
    if bottom {
        rules.push(Rule {
            x1: left,
            y1: y + h,
            x2: right,
            y2: y + h,
            width: RULE,
        });
    }
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
    let flow = Flow {
        faces,
        lang: meta.lang,
        units: Vec::new(),
        frames: 0,
    };
    let widest = flow.set_width(&number(total), FOOTER_SIZE)?;
    let left = TextBlock::new(
        vec![Piece::plain(&meta.footer, Role::Mincho)],
        FOOTER_SIZE,
        &meta.footer,
    );
    let left_lines = flow.set_text(&left, LEFT, TEXT_W - widest - 2.0 * FOOTER_SIZE, leading)?;
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
        for line in flow.set_text(&b, LEFT, TEXT_W, leading)? {
            page.runs
                .extend(line.runs.into_iter().map(|r| Run { y: r.y + top, ..r }));
        }
    }
    Ok(())
}

impl Flow<'_, '_> {
    fn set_width(&self, text: &str, size: f32) -> Result<f32, RenderError> {
        let shaped = shape(self.faces, &[Piece::plain(text, Role::Mincho)], size, text)?;
        Ok(visible_width(&shaped.glyphs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(height: f32, keep: bool) -> Unit {
        Unit {
            height,
            keep_with_next: keep,
            ..Unit::default()
        }
    }

    #[test]
    fn geometry_is_a4_with_25mm_margins() {
        assert!((PAGE_W - 595.28).abs() < 0.01);
        assert!((LEFT / MM - 25.0).abs() < 0.5, "{}", LEFT / MM);
        assert!((PAGE_W - LEFT - TEXT_W - LEFT).abs() < 0.01);
    }

    #[test]
    fn pages_break_at_the_bottom_margin() {
        let units = (0..100).map(|_| unit(BODY * LEADING, false)).collect();
        let pages = paginate(units);
        let per_page = ((BOTTOM - TOP) / (BODY * LEADING)).floor() as usize;
        assert_eq!(pages.len(), 100_usize.div_ceil(per_page));
    }

    #[test]
    fn heading_is_never_last_on_a_page() {
        let per_page = ((BOTTOM - TOP) / (BODY * LEADING)).floor() as usize;
        let mut units: Vec<Unit> = (0..per_page - 1)
            .map(|_| unit(BODY * LEADING, false))
            .collect();
        // The heading would be the last line of page 1: it must move to page 2.
        let mut heading = unit(BODY * LEADING, true);
        heading.runs.push(Run {
            role: Role::Gothic,
            size: BODY,
            x: LEFT,
            y: 0.0,
            tc: 0.0,
            glyphs: Vec::new(),
        });
        units.push(heading);
        units.push(unit(BODY * LEADING, false));
        let pages = paginate(units);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[1].runs.len(), 1, "heading moved to page 2");
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

    #[test]
    fn oversize_chain_does_not_loop() {
        let units = (0..200).map(|_| unit(BODY * LEADING, true)).collect();
        let pages = paginate(units);
        assert!(pages.len() >= 5);
    }
}
