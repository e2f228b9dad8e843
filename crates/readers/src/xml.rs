//! A small pull-parser front for the OOXML and ODF parts: iterative (no recursion, so a
//! 100,000-deep document cannot overflow the stack) with a depth cap, entities resolved.

use crate::error::Problem;
use quick_xml::events::Event;
use quick_xml::Reader;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// Qualified name as written (`w:p`).
    pub name: String,
    pub attrs: Vec<(String, String)>,
}

impl Tag {
    /// The value of attribute `name` (qualified, e.g. `w:val`).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

pub enum Ev<'a> {
    Start(&'a Tag),
    End(&'a str),
    Text(&'a str),
}

fn predefined(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

/// Walks `bytes` (the part `part` of a package), calling `f` for each event.
pub fn walk(
    part: &str,
    bytes: &[u8],
    max_depth: usize,
    mut f: impl FnMut(Ev<'_>) -> Result<(), Problem>,
) -> Result<(), Problem> {
    let mut reader = Reader::from_reader(bytes);
    let config = reader.config_mut();
    config.expand_empty_elements = true;
    config.check_end_names = true;
    let bad = |detail: String| Problem::BadXml {
        part: part.to_string(),
        detail,
    };
    let mut buf = Vec::new();
    let mut depth = 0usize;
    let mut names: Vec<String> = Vec::new();
    loop {
        buf.clear();
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| bad(format!("{} (byte {})", e, reader.buffer_position())))?;
        match event {
            Event::Start(e) => {
                depth += 1;
                if depth > max_depth {
                    return Err(Problem::XmlTooDeep {
                        part: part.to_string(),
                        limit: max_depth,
                    });
                }
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                let mut attrs = Vec::new();
                for a in e.attributes().with_checks(false).flatten() {
                    let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
                    let value = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map(|v| v.into_owned())
                        .unwrap_or_else(|_| String::from_utf8_lossy(&a.value).into_owned());
                    attrs.push((key, value));
                }
                let tag = Tag { name, attrs };
                f(Ev::Start(&tag))?;
                names.push(tag.name);
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                let name = names.pop().unwrap_or_default();
                f(Ev::End(&name))?;
            }
            Event::Text(t) => {
                let text = t.decode().map_err(|e| bad(e.to_string()))?;
                f(Ev::Text(&text))?;
            }
            Event::CData(t) => {
                let text = String::from_utf8_lossy(&t).into_owned();
                f(Ev::Text(&text))?;
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    Ok(None) => predefined(&String::from_utf8_lossy(&r)),
                    Err(e) => return Err(bad(e.to_string())),
                };
                if let Some(c) = c {
                    let mut s = [0u8; 4];
                    f(Ev::Text(c.encode_utf8(&mut s)))?;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if depth != 0 {
        return Err(bad("unexpected end of document".into()));
    }
    Ok(())
}
