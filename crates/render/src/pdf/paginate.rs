//! Pagination: places the flow's units on pages, keeps chains together, repeats table
//! header rows, and draws the ruled frames once page breaks are known.

use super::layout::{Fill, Page, Rule, Run, BOTTOM, TOP};
use std::rc::Rc;

const RULE: f32 = 0.5;
const EPS: f32 = 0.01;

/// A vertical slice of the flow: one text line or one line of a table row.
#[derive(Debug, Default, Clone)]
pub(super) struct Unit {
    pub height: f32,
    pub space_before: f32,
    pub keep_with_next: bool,
    /// A line of a heading (tests check that no page ends with one).
    pub heading: bool,
    pub runs: Vec<Run>,
    pub rules: Vec<Rule>,
    pub fills: Vec<Fill>,
    pub frame: Option<Frame>,
}

/// Part of a ruled box (table row or notice box): the grid is drawn after pagination,
/// so a row split by a page break is closed and reopened cleanly.
#[derive(Debug, Clone)]
pub(super) struct Frame {
    pub id: usize,
    /// Vertical rule positions, left to right.
    pub xs: Vec<f32>,
    /// First unit of a row: draw the rule above it.
    pub row_start: bool,
    /// The table's header row, repeated when a page starts inside the table.
    pub repeat: Option<Rc<Vec<Unit>>>,
}

/// A unit placed on a page at `y` (top of the unit).
struct Placed {
    unit: Unit,
    y: f32,
}

/// Places units top to bottom, starting a new page when the next unit would pass the
/// bottom margin. A keep-with-next chain (heading + first line, lines of a table row)
/// moves to the next page whole when it does not fit but would fit on an empty page.
pub(super) fn paginate(units: Vec<Unit>) -> Vec<Page> {
    place_units(units).into_iter().map(finish_page).collect()
}

/// The units of each page, in order, as `paginate` places them.
#[cfg(test)]
pub(super) fn page_units(units: Vec<Unit>) -> Vec<Vec<Unit>> {
    place_units(units)
        .into_iter()
        .map(|page| page.into_iter().map(|p| p.unit).collect())
        .collect()
}

fn place_units(mut units: Vec<Unit>) -> Vec<Vec<Placed>> {
    let mut p = Paginator {
        pages: vec![Vec::new()],
        y: TOP,
    };
    let mut i = 0;
    while i < units.len() {
        let end = chain_end(&units, i);
        let here = chain_height(&units[i..=end], p.empty());
        let on_empty = chain_height(&units[i..=end], true);
        if !p.empty() && p.y + here > BOTTOM + EPS && on_empty <= BOTTOM - TOP {
            p.new_page();
        }
        for unit in &mut units[i..=end] {
            p.place(std::mem::take(unit));
        }
        i = end + 1;
    }
    p.pages
}

struct Paginator {
    pages: Vec<Vec<Placed>>,
    /// Where the next unit goes on the last page.
    y: f32,
}

impl Paginator {
    fn empty(&self) -> bool {
        self.pages.last().is_none_or(|p| p.is_empty())
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    fn place(&mut self, unit: Unit) {
        if !self.empty() && self.y + unit.space_before + unit.height > BOTTOM + EPS {
            self.new_page();
        }
        if self.empty() {
            // A table continuing on a new page gets its header row again.
            let repeat = unit.frame.as_ref().and_then(|f| f.repeat.clone());
            for header in repeat.iter().flat_map(|r| r.iter()) {
                self.put(header.clone());
            }
        }
        self.put(unit);
    }

    fn put(&mut self, unit: Unit) {
        if !self.empty() {
            self.y += unit.space_before;
        }
        let height = unit.height;
        if let Some(page) = self.pages.last_mut() {
            page.push(Placed { unit, y: self.y });
        }
        self.y += height;
    }
}

fn chain_end(units: &[Unit], start: usize) -> usize {
    let mut end = start;
    while units[end].keep_with_next && end + 1 < units.len() {
        end += 1;
    }
    end
}

pub(super) fn chain_height(units: &[Unit], at_top: bool) -> f32 {
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
        page.fills
            .extend(p.unit.fills.into_iter().map(|f| f.shifted(p.y)));
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

#[cfg(test)]
mod tests {
    use super::super::layout::{BODY, LEADING, LEFT};
    use super::*;
    use crate::fonts::Role;

    fn unit(height: f32, keep: bool) -> Unit {
        Unit {
            height,
            keep_with_next: keep,
            ..Unit::default()
        }
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
    fn oversize_chain_does_not_loop() {
        let units = (0..200).map(|_| unit(BODY * LEADING, true)).collect();
        let pages = paginate(units);
        assert!(pages.len() >= 5);
    }
}
