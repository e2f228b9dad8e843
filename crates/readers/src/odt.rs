//! ODT (OpenDocument text, as LibreOffice writes it): headings with outline levels, spans,
//! spaces and tabs, tables, text boxes, notes, headers and footers; tracked changes as if
//! accepted (the deleted text kept in `text:tracked-changes` is not read).

use crate::container::Container;
use crate::error::Problem;
use crate::xml::{self, Ev};
use crate::Limits;
use secspec_core::verify::{Location, Part, TableCell, TextBlock};

fn skipped(name: &str) -> bool {
    matches!(
        name,
        "text:tracked-changes"
            | "office:annotation"
            | "text:note-citation"
            | "text:table-of-content"
            | "text:alphabetical-index"
            | "office:forms"
            | "text:sequence-decls"
            | "office:annotation-end"
            | "style:header-left"
            | "style:footer-left"
            | "svg:title"
            | "svg:desc"
    )
}

#[derive(Default)]
struct Para {
    text: String,
    heading: Option<u8>,
    part: Part,
}

fn walk(
    name: &str,
    bytes: &[u8],
    limits: &Limits,
    styles_only: bool,
    out: &mut Vec<TextBlock>,
    tables: &mut u32,
) -> Result<(), Problem> {
    let mut stack: Vec<Para> = Vec::new();
    let mut skip = 0usize;
    let mut tstack: Vec<(u32, u32, u32)> = Vec::new();
    let mut part: Vec<Part> = Vec::new();
    let mut in_body = !styles_only;
    let mut chars = out.iter().map(|b| b.text.chars().count()).sum::<usize>();
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
                if skipped(n) {
                    skip = 1;
                    return Ok(());
                }
                match n {
                    "style:header" => {
                        part.push(Part::Header);
                        in_body = true;
                    }
                    "style:footer" => {
                        part.push(Part::Footer);
                        in_body = true;
                    }
                    "text:note-body" => part.push(Part::Footnote),
                    "draw:text-box" => part.push(Part::TextBox),
                    "text:p" | "text:h" if in_body => {
                        let heading = (n == "text:h").then(|| {
                            t.attr("text:outline-level")
                                .and_then(|v| v.parse::<u8>().ok())
                                .unwrap_or(1)
                                .clamp(1, 9)
                        });
                        stack.push(Para {
                            heading,
                            part: part.last().copied().unwrap_or(Part::Body),
                            ..Para::default()
                        });
                    }
                    "text:s" => {
                        let c = t
                            .attr("text:c")
                            .and_then(|v| v.parse::<usize>().ok())
                            .unwrap_or(1)
                            .min(100);
                        if let Some(p) = stack.last_mut() {
                            p.text.extend(std::iter::repeat_n(' ', c));
                        }
                    }
                    "text:tab" => {
                        if let Some(p) = stack.last_mut() {
                            p.text.push('\t');
                        }
                    }
                    "text:line-break" => {
                        if let Some(p) = stack.last_mut() {
                            p.text.push('\n');
                        }
                    }
                    "table:table" => {
                        *tables += 1;
                        tstack.push((*tables, 0, 0));
                    }
                    "table:table-row" => {
                        if let Some(x) = tstack.last_mut() {
                            x.1 += 1;
                            x.2 = 0;
                        }
                    }
                    "table:table-cell" | "table:covered-table-cell" => {
                        if let Some(x) = tstack.last_mut() {
                            x.2 += 1;
                        }
                    }
                    _ => {}
                }
            }
            Ev::End(n) => match n {
                "style:header" | "style:footer" => {
                    part.pop();
                    in_body = !styles_only;
                }
                "text:note-body" | "draw:text-box" => {
                    part.pop();
                }
                "table:table" => {
                    tstack.pop();
                }
                "text:p" | "text:h" => {
                    if let Some(p) = stack.pop() {
                        let text = p.text.trim().to_string();
                        if !text.is_empty() {
                            chars += text.chars().count();
                            if chars > limits.max_chars {
                                return Err(Problem::TooMuchText {
                                    limit: limits.max_chars,
                                });
                            }
                            out.push(TextBlock {
                                text,
                                heading: p.heading.filter(|_| p.part == Part::Body),
                                location: Location {
                                    table: tstack.last().map(|x| TableCell {
                                        table: x.0,
                                        row: x.1,
                                        column: x.2,
                                    }),
                                    part: p.part,
                                    ..Location::default()
                                },
                            });
                        }
                    }
                }
                _ => {}
            },
            Ev::Text(text) => {
                if let Some(p) = stack.last_mut() {
                    p.text.push_str(text);
                }
            }
        }
        Ok(())
    })
}

pub fn read(bytes: &[u8], limits: &Limits) -> Result<Vec<TextBlock>, Problem> {
    let mut zip = Container::open(bytes, limits)?;
    let content = zip.read("content.xml")?.ok_or(Problem::MissingPart {
        part: "content.xml".into(),
    })?;
    let mut out = Vec::new();
    let mut tables = 0;
    walk(
        "content.xml",
        &content,
        limits,
        false,
        &mut out,
        &mut tables,
    )?;
    if let Some(styles) = zip.read("styles.xml")? {
        walk("styles.xml", &styles, limits, true, &mut out, &mut tables)?;
    }
    Ok(out)
}
