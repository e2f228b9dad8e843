//! DOCX as Word and LibreOffice write it: runs split anywhere, tables (nested), text boxes,
//! headers, footers and footnotes, fields (their results, not their codes), list numbering,
//! and tracked changes read as if accepted (`w:del`/`w:moveFrom` text absent, `w:ins` present).

use crate::container::Container;
use crate::error::Problem;
use crate::numfmt;
use crate::xml::{self, Ev, Tag};
use crate::Limits;
use secspec_core::verify::{Location, Part, TableCell, TextBlock};
use std::collections::HashMap;

#[derive(Debug, Clone, Default)]
struct Style {
    name: String,
    outline: Option<u8>,
    based_on: Option<String>,
    num: Option<(String, u32)>,
}

#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    fmt: String,
    text: String,
}

#[derive(Debug, Default)]
struct Numbering {
    /// numId -> (abstractNumId, start overrides by level)
    nums: HashMap<String, (String, HashMap<u32, u32>)>,
    abstracts: HashMap<String, HashMap<u32, Level>>,
    counters: HashMap<String, [u32; 9]>,
}

impl Numbering {
    fn label(&mut self, num_id: &str, ilvl: u32) -> String {
        let Some((abs, overrides)) = self.nums.get(num_id).cloned() else {
            return String::new();
        };
        let Some(levels) = self.abstracts.get(&abs) else {
            return String::new();
        };
        let lvl = (ilvl as usize).min(8);
        let start = |l: usize| {
            overrides
                .get(&(l as u32))
                .copied()
                .or_else(|| levels.get(&(l as u32)).map(|x| x.start))
                .unwrap_or(1)
        };
        let counters = self.counters.entry(num_id.to_string()).or_insert([0; 9]);
        if counters[lvl] == 0 {
            counters[lvl] = start(lvl);
        } else {
            counters[lvl] += 1;
        }
        for c in counters.iter_mut().skip(lvl + 1) {
            *c = 0;
        }
        let Some(level) = levels.get(&(lvl as u32)) else {
            return String::new();
        };
        if level.fmt == "bullet" {
            return level.text.clone();
        }
        let mut out = level.text.clone();
        for l in (0..9).rev() {
            let key = format!("%{}", l + 1);
            if out.contains(&key) {
                let n = if counters[l] == 0 {
                    start(l)
                } else {
                    counters[l]
                };
                let fmt = levels
                    .get(&(l as u32))
                    .map_or("decimal", |x| x.fmt.as_str());
                out = out.replace(&key, &numfmt::format(fmt, n));
            }
        }
        out
    }
}

fn val(tag: &Tag) -> Option<&str> {
    tag.attr("w:val")
}

fn styles(bytes: &[u8], limits: &Limits) -> Result<HashMap<String, Style>, Problem> {
    let mut out: HashMap<String, Style> = HashMap::new();
    let mut current: Option<(String, Style)> = None;
    let mut in_ppr = false;
    xml::walk("word/styles.xml", bytes, limits.max_depth, |ev| {
        match ev {
            Ev::Start(t) => match t.name.as_str() {
                "w:style" => {
                    current = t
                        .attr("w:styleId")
                        .map(|id| (id.to_string(), Style::default()))
                }
                "w:name" => {
                    if let (Some((_, s)), Some(v)) = (current.as_mut(), val(t)) {
                        s.name = v.to_string();
                    }
                }
                "w:basedOn" => {
                    if let (Some((_, s)), Some(v)) = (current.as_mut(), val(t)) {
                        s.based_on = Some(v.to_string());
                    }
                }
                "w:pPr" => in_ppr = true,
                "w:outlineLvl" if in_ppr => {
                    if let (Some((_, s)), Some(v)) = (current.as_mut(), val(t)) {
                        s.outline = v.parse::<u8>().ok().filter(|l| *l < 9);
                    }
                }
                "w:numId" if in_ppr => {
                    if let (Some((_, s)), Some(v)) = (current.as_mut(), val(t)) {
                        let ilvl = s.num.as_ref().map_or(0, |n| n.1);
                        s.num = Some((v.to_string(), ilvl));
                    }
                }
                "w:ilvl" if in_ppr => {
                    if let (Some((_, s)), Some(v)) = (current.as_mut(), val(t)) {
                        let id = s.num.as_ref().map(|n| n.0.clone()).unwrap_or_default();
                        s.num = Some((id, v.parse().unwrap_or(0)));
                    }
                }
                _ => {}
            },
            Ev::End(name) => match name {
                "w:style" => {
                    if let Some((id, s)) = current.take() {
                        out.insert(id, s);
                    }
                }
                "w:pPr" => in_ppr = false,
                _ => {}
            },
            Ev::Text(_) => {}
        }
        Ok(())
    })?;
    Ok(out)
}

fn numbering(bytes: &[u8], limits: &Limits) -> Result<Numbering, Problem> {
    let mut n = Numbering::default();
    let mut abs: Option<(String, HashMap<u32, Level>)> = None;
    let mut level: Option<(u32, Level)> = None;
    let mut num: Option<(String, String, HashMap<u32, u32>)> = None;
    let mut override_lvl: Option<u32> = None;
    xml::walk("word/numbering.xml", bytes, limits.max_depth, |ev| {
        match ev {
            Ev::Start(t) => match t.name.as_str() {
                "w:abstractNum" => {
                    abs = t
                        .attr("w:abstractNumId")
                        .map(|id| (id.to_string(), HashMap::new()))
                }
                "w:lvl" if abs.is_some() => {
                    let ilvl = t.attr("w:ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                    level = Some((
                        ilvl,
                        Level {
                            start: 1,
                            fmt: "decimal".into(),
                            text: String::new(),
                        },
                    ));
                }
                "w:start" => {
                    if let (Some((_, l)), Some(v)) = (level.as_mut(), val(t)) {
                        l.start = v.parse().unwrap_or(1);
                    }
                }
                "w:numFmt" => {
                    if let (Some((_, l)), Some(v)) = (level.as_mut(), val(t)) {
                        l.fmt = v.to_string();
                    }
                }
                "w:lvlText" => {
                    if let (Some((_, l)), Some(v)) = (level.as_mut(), val(t)) {
                        l.text = v.to_string();
                    }
                }
                "w:num" => {
                    num = t
                        .attr("w:numId")
                        .map(|id| (id.to_string(), String::new(), HashMap::new()))
                }
                "w:abstractNumId" => {
                    if let (Some(x), Some(v)) = (num.as_mut(), val(t)) {
                        x.1 = v.to_string();
                    }
                }
                "w:lvlOverride" => override_lvl = t.attr("w:ilvl").and_then(|v| v.parse().ok()),
                "w:startOverride" => {
                    if let (Some(x), Some(l), Some(v)) = (num.as_mut(), override_lvl, val(t)) {
                        x.2.insert(l, v.parse().unwrap_or(1));
                    }
                }
                _ => {}
            },
            Ev::End(name) => match name {
                "w:lvl" => {
                    if let (Some((i, l)), Some((_, levels))) = (level.take(), abs.as_mut()) {
                        levels.insert(i, l);
                    }
                }
                "w:abstractNum" => {
                    if let Some((id, levels)) = abs.take() {
                        n.abstracts.insert(id, levels);
                    }
                }
                "w:num" => {
                    if let Some((id, a, o)) = num.take() {
                        n.nums.insert(id, (a, o));
                    }
                }
                _ => {}
            },
            Ev::Text(_) => {}
        }
        Ok(())
    })?;
    Ok(n)
}

/// A paragraph being read.
#[derive(Debug, Default)]
struct Para {
    text: String,
    style: Option<String>,
    num_id: Option<String>,
    ilvl: Option<u32>,
    outline: Option<u8>,
    mark_deleted: bool,
    part: Part,
}

/// Elements whose content is never text of the accepted document.
fn skipped(name: &str) -> bool {
    matches!(
        name,
        "w:del"
            | "w:moveFrom"
            | "w:delText"
            | "w:delInstrText"
            | "w:instrText"
            | "mc:Fallback"
            | "w:sdtPr"
            | "w:rPrChange"
            | "w:pPrChange"
            | "w:tblPrChange"
            | "w:trPrChange"
            | "w:tcPrChange"
            | "w:sectPrChange"
            | "w:numberingChange"
            | "w:commentReference"
            | "w:footnoteReference"
            | "w:endnoteReference"
            | "w:separator"
            | "w:continuationSeparator"
    )
}

struct Reader<'a> {
    styles: &'a HashMap<String, Style>,
    numbering: &'a mut Numbering,
    out: Vec<TextBlock>,
    chars: usize,
    max_chars: usize,
    tables: usize,
}

impl Reader<'_> {
    fn heading_level(&self, style: Option<&str>, outline: Option<u8>) -> Option<u8> {
        if let Some(o) = outline {
            return Some(o + 1);
        }
        let mut id = style?.to_string();
        for _ in 0..10 {
            let s = self.styles.get(&id)?;
            if let Some(o) = s.outline {
                return Some(o + 1);
            }
            let name = s.name.to_lowercase().replace(' ', "");
            for prefix in ["heading", "見出し"] {
                if let Some(n) = name.strip_prefix(prefix).and_then(|r| r.parse::<u8>().ok()) {
                    if (1..=9).contains(&n) {
                        return Some(n);
                    }
                }
            }
            id = s.based_on.clone()?;
        }
        None
    }

    fn is_toc(&self, style: Option<&str>) -> bool {
        let Some(id) = style else { return false };
        let name = self
            .styles
            .get(id)
            .map(|s| s.name.to_lowercase())
            .unwrap_or_default();
        let id = id.to_lowercase();
        id.starts_with("toc")
            || name.starts_with("toc")
            || name.starts_with("目次")
            || name.contains("contents")
    }

    /// Parses one part (`document.xml`, a header …) into blocks.
    fn part(
        &mut self,
        name: &str,
        bytes: &[u8],
        part: Part,
        limits: &Limits,
    ) -> Result<(), Problem> {
        let mut stack: Vec<Para> = Vec::new();
        let mut skip = 0usize;
        let mut in_t = false;
        let mut in_ppr = 0usize;
        let mut in_rpr = false;
        let mut hidden = false;
        let mut textbox = 0usize;
        // (table number, row, column) of open tables.
        let mut tables: Vec<(u32, u32, u32)> = Vec::new();
        let mut pending: Option<Para> = None;
        let max_chars = self.max_chars;
        let mut result: Result<(), Problem> = Ok(());
        xml::walk(name, bytes, limits.max_depth, |ev| {
            if skip > 0 {
                match ev {
                    Ev::Start(_) => skip += 1,
                    Ev::End(_) => skip -= 1,
                    Ev::Text(_) => {}
                }
                return Ok(());
            }
            match ev {
                Ev::Start(t) => {
                    let n = t.name.as_str();
                    if n == "w:del" && in_ppr > 0 {
                        // A deleted paragraph mark: accepted, this paragraph runs on into the next.
                        if let Some(p) = stack.last_mut() {
                            p.mark_deleted = true;
                        }
                    }
                    if skipped(n) {
                        skip = 1;
                        return Ok(());
                    }
                    match n {
                        "w:p" => stack.push(Para {
                            part: if textbox > 0 { Part::TextBox } else { part },
                            ..Para::default()
                        }),
                        "w:pPr" => in_ppr += 1,
                        "w:rPr" => in_rpr = true,
                        "w:r" => hidden = false,
                        "w:t" => in_t = true,
                        "w:vanish" if in_rpr && in_ppr == 0 => {
                            hidden = !matches!(val(t), Some("0" | "false" | "off"));
                        }
                        "w:pStyle" if in_ppr > 0 => {
                            if let Some(p) = stack.last_mut() {
                                p.style = val(t).map(str::to_string);
                            }
                        }
                        "w:numId" if in_ppr > 0 => {
                            if let Some(p) = stack.last_mut() {
                                p.num_id = val(t).map(str::to_string);
                            }
                        }
                        "w:ilvl" if in_ppr > 0 => {
                            if let Some(p) = stack.last_mut() {
                                p.ilvl = val(t).and_then(|v| v.parse().ok());
                            }
                        }
                        "w:outlineLvl" if in_ppr > 0 => {
                            if let Some(p) = stack.last_mut() {
                                p.outline =
                                    val(t).and_then(|v| v.parse::<u8>().ok()).filter(|l| *l < 9);
                            }
                        }
                        "w:tab" if in_ppr == 0 => push(&mut stack, "\t", hidden),
                        "w:br" | "w:cr" => push(&mut stack, "\n", hidden),
                        "w:noBreakHyphen" => push(&mut stack, "-", hidden),
                        "w:txbxContent" => textbox += 1,
                        "w:tbl" => {
                            self.tables += 1;
                            tables.push((self.tables as u32, 0, 0));
                        }
                        "w:tr" => {
                            if let Some(t) = tables.last_mut() {
                                t.1 += 1;
                                t.2 = 0;
                            }
                        }
                        "w:tc" => {
                            if let Some(t) = tables.last_mut() {
                                t.2 += 1;
                            }
                        }
                        _ => {}
                    }
                }
                Ev::End(n) => match n {
                    "w:t" => in_t = false,
                    "w:pPr" => in_ppr = in_ppr.saturating_sub(1),
                    "w:rPr" => in_rpr = false,
                    "w:txbxContent" => textbox = textbox.saturating_sub(1),
                    "w:tbl" => {
                        tables.pop();
                    }
                    "w:p" => {
                        if let Some(mut p) = stack.pop() {
                            // A deleted paragraph mark joins this paragraph to the next.
                            if let Some(prev) = pending.take() {
                                p.text = format!("{}{}", prev.text, p.text);
                                if p.style.is_none() {
                                    p.style = prev.style;
                                }
                            }
                            if p.mark_deleted {
                                pending = Some(p);
                            } else {
                                let cell = tables.last().map(|t| TableCell {
                                    table: t.0,
                                    row: t.1,
                                    column: t.2,
                                });
                                self.emit(p, cell);
                                if self.chars > max_chars {
                                    result = Err(Problem::TooMuchText { limit: max_chars });
                                    return Err(Problem::TooMuchText { limit: max_chars });
                                }
                            }
                        }
                    }
                    _ => {}
                },
                Ev::Text(text) => {
                    if in_t {
                        push(&mut stack, text, hidden);
                    }
                }
            }
            Ok(())
        })?;
        if let Some(p) = pending.take() {
            self.emit(p, None);
        }
        result
    }

    fn emit(&mut self, p: Para, cell: Option<TableCell>) {
        if self.is_toc(p.style.as_deref()) {
            return;
        }
        let text = p.text.trim().to_string();
        let label = match (&p.num_id, p.ilvl) {
            (Some(id), ilvl) if id != "0" => self.numbering.label(id, ilvl.unwrap_or(0)),
            _ => {
                let style = p.style.as_deref().and_then(|s| self.styles.get(s));
                match style.and_then(|s| s.num.clone()) {
                    Some((id, ilvl)) if id != "0" && !id.is_empty() => {
                        self.numbering.label(&id, p.ilvl.unwrap_or(ilvl))
                    }
                    _ => String::new(),
                }
            }
        };
        if text.is_empty() {
            return;
        }
        self.chars += text.chars().count();
        let heading = if p.part == Part::Body {
            self.heading_level(p.style.as_deref(), p.outline)
        } else {
            None
        };
        self.out.push(TextBlock {
            text,
            heading,
            location: Location {
                label,
                table: cell,
                part: p.part,
                ..Location::default()
            },
        });
    }
}

fn push(stack: &mut [Para], text: &str, hidden: bool) {
    if hidden {
        return;
    }
    if let Some(p) = stack.last_mut() {
        p.text.push_str(text);
    }
}

pub fn read(bytes: &[u8], limits: &Limits) -> Result<Vec<TextBlock>, Problem> {
    let mut zip = Container::open(bytes, limits)?;
    let document = zip.read("word/document.xml")?.ok_or(Problem::MissingPart {
        part: "word/document.xml".into(),
    })?;
    let styles = match zip.read("word/styles.xml")? {
        Some(b) => styles(&b, limits)?,
        None => HashMap::new(),
    };
    let mut numbering = match zip.read("word/numbering.xml")? {
        Some(b) => numbering(&b, limits)?,
        None => Numbering::default(),
    };
    let mut reader = Reader {
        styles: &styles,
        numbering: &mut numbering,
        out: Vec::new(),
        chars: 0,
        max_chars: limits.max_chars,
        tables: 0,
    };
    reader.part("word/document.xml", &document, Part::Body, limits)?;
    for name in zip.names() {
        let part = if name.starts_with("word/header") && name.ends_with(".xml") {
            Part::Header
        } else if name.starts_with("word/footer") && name.ends_with(".xml") {
            Part::Footer
        } else if name == "word/footnotes.xml" || name == "word/endnotes.xml" {
            Part::Footnote
        } else {
            continue;
        };
        if let Some(b) = zip.read(&name)? {
            reader.part(&name, &b, part, limits)?;
        }
    }
    Ok(reader.out)
}
