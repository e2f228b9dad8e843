//! Typesetting of one text block: hanging label, line breaking, alignment and
//! justification, font runs and redline rules. Output lines are positioned horizontally;
//! their y is relative to the line's top (the caller stacks them).

use super::layout::{Rule, Run};
use super::linebreak::{break_lines, trim_trailing_spaces, visible_width, Line};
use super::text::{shape, Deco, Glyph, Piece};
use crate::fonts::{Faces, Role};
use crate::RenderError;

/// Baseline position inside the em box (IPA fonts: ascent 0.88, descent 0.12).
const ASCENT: f32 = 0.88;
/// Largest justification spacing, as a fraction of the size; wider gaps are left ragged
/// (large gaps would also make text extraction insert spaces).
const MAX_TC: f32 = 0.08;
const EPS: f32 = 0.01;

/// Horizontal alignment of the lines of a text block.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Align {
    Left,
    Center,
    Right,
    Justify,
}

/// What separates a hanging label from its text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Gap {
    None,
    FullWidth,
    Space,
}

/// Text to set in lines: optional hanging label, then the pieces.
pub(super) struct TextBlock<'p> {
    pub pieces: Vec<Piece<'p>>,
    pub label: &'p str,
    pub gap: Gap,
    pub label_role: Role,
    /// Indent of the label (or text) from the block's left edge.
    pub indent: f32,
    /// Extra indent of the first line when there is no label (字下げ).
    pub first_indent: f32,
    pub size: f32,
    pub align: Align,
    /// The field's text, for error messages.
    pub context: &'p str,
}

impl<'p> TextBlock<'p> {
    pub(super) fn new(pieces: Vec<Piece<'p>>, size: f32, context: &'p str) -> Self {
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
pub(super) struct SetLine {
    pub runs: Vec<Run>,
    pub rules: Vec<Rule>,
}

/// Breaks `b` into lines and positions them (x absolute, y relative to each line).
pub(super) fn set_text(
    faces: &Faces<'_>,
    b: &TextBlock<'_>,
    x0: f32,
    width: f32,
    leading: f32,
) -> Result<Vec<SetLine>, RenderError> {
    let baseline = (leading - b.size) / 2.0 + ASCENT * b.size;
    // Deep levels stop indenting where too little width would be left.
    let indent = b.indent.min((width - 10.0 * b.size).max(0.0));
    let label = label_glyphs(faces, b)?;
    let label_w: f32 = label.iter().map(|g| g.advance).sum();
    let hangs = width - indent - label_w >= (8.0 * b.size).min(width / 2.0);
    let (label, text_x, first_indent, shaped) = if label.is_empty() {
        let shaped = shape(faces, &b.pieces, b.size, b.context)?;
        (label, indent, b.first_indent, shaped)
    } else if hangs {
        let shaped = shape(faces, &b.pieces, b.size, b.context)?;
        (label, indent + label_w, 0.0, shaped)
    } else {
        // A label too wide to hang simply runs into the text.
        let mut pieces = vec![
            Piece::plain(b.label, b.label_role),
            Piece::plain(gap_text(b.gap), b.label_role),
        ];
        pieces.extend_from_slice(&b.pieces);
        let shaped = shape(faces, &pieces, b.size, b.context)?;
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
        let mut set = set_line(b, line, &shaped.glyphs, x0 + lx, width - lx, baseline);
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
fn label_glyphs(faces: &Faces<'_>, b: &TextBlock<'_>) -> Result<Vec<Glyph>, RenderError> {
    if b.label.is_empty() {
        return Ok(Vec::new());
    }
    let pieces = [
        Piece::plain(b.label, b.label_role),
        Piece::plain(gap_text(b.gap), b.label_role),
    ];
    Ok(shape(faces, &pieces, b.size, b.label)?.glyphs)
}

/// Width of `text` set in Mincho at `size`.
pub(super) fn text_width(faces: &Faces<'_>, text: &str, size: f32) -> Result<f32, RenderError> {
    let shaped = shape(faces, &[Piece::plain(text, Role::Mincho)], size, text)?;
    Ok(visible_width(&shaped.glyphs))
}

fn gap_text(gap: Gap) -> &'static str {
    match gap {
        Gap::None => "",
        Gap::FullWidth => "\u{3000}",
        Gap::Space => " ",
    }
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
pub(super) fn runs_for(
    glyphs: &[Glyph],
    x: f32,
    baseline: f32,
    size: f32,
    tc: f32,
) -> (Vec<Run>, Vec<Rule>) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn block<'a>(label: &'a str, text: &'a str) -> TextBlock<'a> {
        let mut b = TextBlock::new(vec![Piece::plain(text, Role::Mincho)], 10.0, text);
        b.label = label;
        b.gap = Gap::FullWidth;
        b.indent = 10.0;
        b
    }

    #[test]
    fn label_hangs_and_continuation_lines_align_with_the_text() {
        let faces = crate::fonts::bundled().faces().unwrap();
        let text = "受注者は、本業務の遂行に当たり、情報セキュリティ対策を講ずること。".repeat(3);
        let lines = set_text(&faces, &block("（１）", &text), 0.0, 200.0, 17.5).unwrap();
        assert!(lines.len() > 3);
        // Label at the indent; text after label (3 em) + full-width space (1 em).
        assert_eq!(lines[0].runs[0].x, 10.0);
        let text_x = 10.0 + 4.0 * 10.0;
        for line in &lines {
            let text_run = line.runs.last().unwrap();
            assert!((text_run.x - text_x).abs() < 0.01, "{}", text_run.x);
            let width: f32 = text_run
                .glyphs
                .iter()
                .map(|g| g.advance + text_run.tc)
                .sum();
            assert!(text_run.x + width <= 200.0 + 0.5, "line overflows: {width}");
        }
    }

    #[test]
    fn first_line_indent_without_label() {
        let faces = crate::fonts::bundled().faces().unwrap();
        let text = "あ".repeat(40);
        let mut b = block("", &text);
        b.first_indent = 10.0;
        let lines = set_text(&faces, &b, 0.0, 200.0, 17.5).unwrap();
        assert_eq!(lines[0].runs[0].x, 20.0);
        assert_eq!(lines[1].runs[0].x, 10.0);
        // 19 em on the first line, 19 em after that (width 200 − indent 10).
        assert_eq!(lines[0].runs[0].glyphs.len(), 18);
        assert_eq!(lines[1].runs[0].glyphs.len(), 19);
    }

    #[test]
    fn justified_lines_reach_the_right_edge() {
        let faces = crate::fonts::bundled().faces().unwrap();
        // Half-width digits leave slack that justification spreads over the line.
        let text = "情報1セキュリティ2対策".repeat(6);
        let mut b = block("", &text);
        b.align = Align::Justify;
        let lines = set_text(&faces, &b, 0.0, 200.0, 17.5).unwrap();
        let first = &lines[0].runs;
        let last = first.last().unwrap();
        let visible = trim_trailing_spaces(&last.glyphs);
        let end = last.x
            + visible.iter().map(|g| g.advance).sum::<f32>()
            + last.tc * (visible.len() - 1) as f32;
        assert!((end - 200.0).abs() < 0.05, "{end}");
    }
}
