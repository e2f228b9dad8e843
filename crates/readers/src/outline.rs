//! Heading paths and paragraph numbers for every block, whatever the format: headings the
//! format marks (Word styles, ODF outline levels, Markdown `#`) and short numbered lines
//! without a full stop (第1 …, 1 …, (1) …), the way specifications are written in plain text.

use secspec_core::verify::{text, Part, TextBlock};

/// Level of a short numbered line that reads as a heading.
fn numbered_heading(label: &str, rest: &str) -> Option<u8> {
    let len = rest.chars().count();
    if label.is_empty() || len == 0 || len > 40 || rest.contains('。') || rest.contains('、') {
        return None;
    }
    let first = label.split(' ').next().unwrap_or("");
    let c = first.chars().next()?;
    if first.starts_with('第') {
        Some(1)
    } else if c.is_ascii_digit() {
        Some(
            2 + first
                .matches('.')
                .filter(|_| !first.ends_with('.'))
                .count()
                .min(2) as u8,
        )
    } else if c == '(' && first.chars().nth(1).is_some_and(|d| d.is_ascii_digit()) {
        Some(4)
    } else {
        None
    }
}

pub fn apply(blocks: &mut [TextBlock]) {
    let mut stack: Vec<(u8, String)> = Vec::new();
    let mut n = 0u32;
    for b in blocks.iter_mut() {
        n += 1;
        b.location.paragraph = Some(n);
        if b.location.part != Part::Body {
            continue;
        }
        let full = if b.location.label.is_empty() {
            b.text.clone()
        } else {
            format!("{} {}", b.location.label, b.text)
        };
        let (label, rest) = text::strip_prefix(&full, false);
        if b.heading.is_none() && b.location.table.is_none() {
            b.heading = numbered_heading(&label, &rest);
        }
        // A heading closes the sections of its own level and deeper before it is placed, so
        // its path holds only the headings it stands under.
        if let Some(level) = b.heading {
            while stack.last().is_some_and(|(l, _)| *l >= level) {
                stack.pop();
            }
        }
        b.location.headings = stack.iter().map(|(_, t)| t.clone()).collect();
        if b.location.label.is_empty() {
            b.location.label = label.clone();
        }
        if let Some(level) = b.heading {
            stack.push((level, text::display(&full)));
        }
    }
}
