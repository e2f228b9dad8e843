//! Fixture documents built from the library's clause texts and a case's changes
//! (`tests/fixtures/verify/cases.toml`), written as DOCX, ODT, text, Markdown or PDF.

use super::*;
use secspec_core::document::{Block, Document, DocumentKind, Lang, Metadata, Span};
use secspec_core::template::{self, BodyPart};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub name: String,
    pub format: String,
    #[serde(default)]
    pub file: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default = "procurement")]
    pub variant: String,
    #[serde(default)]
    pub clauses: Option<Vec<String>>,
    #[serde(default = "agency")]
    pub agency: String,
    #[serde(default)]
    pub agency_for: BTreeMap<String, String>,
    #[serde(default)]
    pub unfilled: Vec<String>,
    #[serde(default)]
    pub replace: Vec<(String, String)>,
    #[serde(default)]
    pub drop: Vec<(String, usize)>,
    #[serde(default)]
    pub add: Vec<(String, String)>,
    #[serde(default)]
    pub swap: Vec<(String, usize, usize)>,
    #[serde(default)]
    pub layout: String,
    #[serde(default)]
    pub tracked: Vec<(String, String)>,
    #[serde(default)]
    pub filler: usize,
    #[serde(default)]
    pub no_headings: bool,
    pub expect: BTreeMap<String, String>,
    #[serde(default)]
    pub weakened: Vec<String>,
    #[serde(default)]
    pub agencies: Option<Vec<String>>,
    #[serde(default)]
    pub placeholders: Option<usize>,
}

fn procurement() -> String {
    "procurement".into()
}
fn agency() -> String {
    "デジタル庁".into()
}

#[derive(Debug, Deserialize)]
pub struct Cases {
    pub case: Vec<Case>,
}

pub fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(fixture_dir().join("cases.toml")).unwrap();
    let c: Cases = toml::from_str(&text).unwrap();
    c.case
}

/// One line of a fixture document.
#[derive(Debug, Clone)]
pub struct Line {
    pub heading: Option<u8>,
    pub text: String,
    pub event: bool,
    /// The clause (and its index among the document's clauses) the line belongs to.
    pub clause: Option<usize>,
}

fn clause_id(case: &Case, base: &str) -> String {
    if case.variant == "subsidy" {
        format!("{base}_subsidy")
    } else {
        base.to_string()
    }
}

/// (paragraph index, sentence, event) of a clause body with the case's agency.
fn sentences(lib: &Library, id: &str, agency: &str) -> Vec<(usize, String, bool)> {
    let c = lib.clause(id).unwrap();
    let body = c.ja.body.replace("{{ agency }}", agency);
    let mut out = Vec::new();
    for (p, part) in template::parse_body(&body).into_iter().enumerate() {
        match part {
            BodyPart::Paragraph(t) => {
                for s in secspec_core::verify::text::split_units(&t) {
                    out.push((p, s.to_string(), false));
                }
            }
            BodyPart::List(items) => {
                for i in items {
                    out.push((p, i, true));
                }
            }
        }
    }
    out
}

pub fn filler() -> Vec<String> {
    std::fs::read_to_string(fixture_dir().join("security_filler.txt"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

pub fn lines(lib: &Library, case: &Case) -> Vec<Line> {
    let bases: Vec<String> = case.clauses.clone().unwrap_or_else(|| {
        ["organization", "confidentiality", "breach", "audit"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    });
    let mut out = vec![Line {
        heading: Some(1),
        text: "7. 情報セキュリティの確保".into(),
        event: false,
        clause: None,
    }];
    let fill = filler();
    for f in fill.iter().take(case.filler) {
        out.push(Line {
            heading: None,
            text: f.clone(),
            event: false,
            clause: None,
        });
    }
    for (n, base) in bases.iter().enumerate() {
        let id = clause_id(case, base);
        let c = lib.clause(&id).unwrap();
        let agency = if case.unfilled.contains(base) {
            "〔各府省庁名を記載〕".to_string()
        } else {
            case.agency_for
                .get(base)
                .cloned()
                .unwrap_or_else(|| case.agency.clone())
        };
        out.push(Line {
            heading: Some(2),
            text: format!("（{}）{}", n + 1, c.ja.heading),
            event: false,
            clause: Some(n),
        });
        let mut sents = sentences(lib, &id, &agency);
        for (clause, a, b) in &case.swap {
            if clause == base {
                let (ta, tb) = (sents[*a].1.clone(), sents[*b].1.clone());
                sents[*a].1 = tb;
                sents[*b].1 = ta;
            }
        }
        let mut dropped: Vec<usize> = case
            .drop
            .iter()
            .filter(|d| &d.0 == base)
            .map(|d| d.1)
            .collect();
        dropped.sort_unstable();
        for d in dropped.iter().rev() {
            sents.remove(*d);
        }
        let mut para: Option<(usize, String)> = None;
        let flush = |para: &mut Option<(usize, String)>, out: &mut Vec<Line>| {
            if let Some((_, t)) = para.take() {
                out.push(Line {
                    heading: None,
                    text: t,
                    event: false,
                    clause: Some(n),
                });
            }
        };
        for (p, s, event) in sents {
            let s = case.replace.iter().fold(s, |acc, (a, b)| acc.replace(a, b));
            if s.trim().is_empty() {
                continue;
            }
            if event {
                flush(&mut para, &mut out);
                out.push(Line {
                    heading: None,
                    text: format!("・{s}"),
                    event: true,
                    clause: Some(n),
                });
                continue;
            }
            match para.as_mut() {
                Some((q, t)) if *q == p => t.push_str(&s),
                _ => {
                    flush(&mut para, &mut out);
                    para = Some((p, s));
                }
            }
        }
        flush(&mut para, &mut out);
        for (clause, text) in &case.add {
            if clause == base {
                out.push(Line {
                    heading: None,
                    text: text.clone(),
                    event: false,
                    clause: Some(n),
                });
            }
        }
    }
    for f in fill
        .iter()
        .skip(case.filler.min(fill.len()) / 2)
        .take(case.filler / 2)
    {
        out.push(Line {
            heading: None,
            text: f.clone(),
            event: false,
            clause: None,
        });
    }
    out
}

fn wrap(text: &str, every: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars.chunks(every).map(|c| c.iter().collect()).collect()
}

fn docx_paragraph(case: &Case, line: &Line, split: bool) -> String {
    if let Some(level) = line.heading.filter(|_| !case.no_headings) {
        return heading_para(level, &line.text);
    }
    let mut text = line.text.clone();
    for (from, to) in &case.tracked {
        // The accepted text has `to`; the file has `from` deleted and `to` inserted.
        if let Some(at) = text.find(to.as_str()) {
            let before = esc(&text[..at]);
            let after = esc(&text[at + to.len()..]);
            return format!(
                "<w:p><w:r><w:t xml:space=\"preserve\">{before}</w:t></w:r><w:del w:id=\"1\" w:author=\"a\"><w:r><w:delText>{}</w:delText></w:r></w:del><w:ins w:id=\"2\" w:author=\"a\"><w:r><w:t>{}</w:t></w:r></w:ins><w:r><w:t xml:space=\"preserve\">{after}</w:t></w:r></w:p>",
                esc(from),
                esc(to)
            );
        }
    }
    if case.layout == "wrapped" {
        let parts = wrap(&text, 23);
        let runs: Vec<String> = parts
            .iter()
            .map(|p| format!("<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>", esc(p)))
            .collect();
        return format!("<w:p>{}</w:p>", runs.join("<w:r><w:br/></w:r>"));
    }
    if split {
        return split_para(&text, 3);
    }
    text = text.replace('\n', " ");
    para(&text)
}

fn cell(content: &str) -> String {
    format!("<w:tc><w:tcPr><w:tcW w:w=\"4000\" w:type=\"dxa\"/></w:tcPr>{content}</w:tc>")
}

pub fn build_docx(lib: &Library, case: &Case, split: bool) -> Vec<u8> {
    let lines = lines(lib, case);
    let mut body = String::new();
    match case.layout.as_str() {
        "table" | "cells" => {
            let mut i = 0;
            while i < lines.len() {
                let l = &lines[i];
                if l.clause.is_none() || l.heading == Some(1) {
                    body.push_str(&docx_paragraph(case, l, split));
                    i += 1;
                    continue;
                }
                // One table per clause: heading in the first column, sentences in the second.
                let n = l.clause;
                let mut rows = String::new();
                let heading = if l.heading.is_some() {
                    i += 1;
                    l.text.clone()
                } else {
                    String::new()
                };
                let mut cells: Vec<String> = Vec::new();
                while i < lines.len() && lines[i].clause == n && lines[i].heading.is_none() {
                    if case.layout == "cells" {
                        for s in secspec_core::verify::text::split_units(&lines[i].text) {
                            cells.push(para(s));
                        }
                    } else {
                        cells.push(docx_paragraph(case, &lines[i], split));
                    }
                    i += 1;
                }
                if case.layout == "cells" {
                    for (k, c) in cells.iter().enumerate() {
                        let first = if k == 0 { para(&heading) } else { para("") };
                        rows.push_str(&format!("<w:tr>{}{}</w:tr>", cell(&first), cell(c)));
                    }
                } else {
                    rows.push_str(&format!(
                        "<w:tr>{}{}</w:tr>",
                        cell(&para(&heading)),
                        cell(&cells.concat())
                    ));
                }
                body.push_str(&format!(
                    "<w:tbl><w:tblPr><w:tblW w:w=\"8000\" w:type=\"dxa\"/></w:tblPr>{rows}</w:tbl>"
                ));
            }
        }
        _ => {
            for l in &lines {
                body.push_str(&docx_paragraph(case, l, split));
            }
        }
    }
    body.push_str("<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr>");
    let header = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr {W_NS}>{}</w:hdr>"#,
        para("調達仕様書（案）")
    );
    docx(
        &body,
        &[
            ("word/styles.xml", STYLES.to_string()),
            ("word/header1.xml", header),
        ],
    )
}

pub fn build_odt(lib: &Library, case: &Case) -> Vec<u8> {
    let lines = lines(lib, case);
    let mut body = String::new();
    for l in &lines {
        match l.heading {
            Some(level) => body.push_str(&format!(
                "<text:h text:outline-level=\"{level}\">{}</text:h>",
                esc(&l.text)
            )),
            None => {
                // LibreOffice writes spans where formatting changes, and runs of spaces as text:s.
                let chars: Vec<char> = l.text.chars().collect();
                let mid = chars.len() / 2;
                let a: String = chars[..mid].iter().collect();
                let b: String = chars[mid..].iter().collect();
                body.push_str(&format!(
                    "<text:p text:style-name=\"P1\">{}<text:span text:style-name=\"T1\">{}</text:span></text:p>",
                    esc(&a),
                    esc(&b)
                ));
            }
        }
    }
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.3"><office:body><office:text><text:tracked-changes><text:changed-region text:id="c1"><text:deletion><text:p>削除された古い文言。</text:p></text:deletion></text:changed-region></text:tracked-changes>{body}</office:text></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.text".to_vec(),
            false,
        ),
        ("content.xml", content.into_bytes(), true),
        ("META-INF/manifest.xml", manifest.as_bytes().to_vec(), true),
    ])
}

pub fn build_text(lib: &Library, case: &Case, markdown: bool) -> String {
    let mut out = String::new();
    for l in lines(lib, case) {
        match (l.heading, markdown) {
            (Some(level), true) => {
                out.push_str(&format!("{} {}\n\n", "#".repeat(level as usize), l.text))
            }
            (Some(_), false) => out.push_str(&format!("{}\n", l.text)),
            (None, _) if case.layout == "wrapped" => {
                for w in wrap(&l.text, 31) {
                    out.push_str(&w);
                    out.push('\n');
                }
            }
            (None, true) if l.event => {
                out.push_str(&format!("- {}\n", l.text.trim_start_matches('・')))
            }
            (None, true) => out.push_str(&format!("{}\n\n", l.text)),
            (None, false) => out.push_str(&format!("{}\n", l.text)),
        }
    }
    out
}

pub fn document(lib: &Library, case: &Case) -> Document {
    let mut blocks = Vec::new();
    for l in lines(lib, case) {
        match l.heading {
            Some(level) => blocks.push(Block::Heading {
                level,
                label: String::new(),
                text: l.text,
            }),
            None if l.event => blocks.push(Block::List {
                level: 1,
                marker: "・".into(),
                items: vec![vec![Span::plain(l.text.trim_start_matches('・'))]],
            }),
            None => blocks.push(Block::Paragraph {
                level: 1,
                label: String::new(),
                spans: vec![Span::plain(l.text)],
            }),
        }
    }
    Document {
        meta: Metadata {
            word_font: Default::default(),
            kind: DocumentKind::Specification,
            lang: Lang::Ja,
            document_id: "FIXTURE".into(),
            title: "調達仕様書".into(),
            subject: case.name.clone(),
            agency: case.agency.clone(),
            date_text: "令和8年4月1日".into(),
            template_version: "fixture".into(),
            footer: "FIXTURE".into(),
            page_label: "ページ".into(),
            notice: None,
        },
        blocks,
    }
}

pub fn fonts() -> secspec_render::FontSet {
    secspec_render::FontSet::load_dir(&repo().join("fonts")).unwrap()
}

/// The case's file: (bytes, file name).
pub fn build(lib: &Library, case: &Case) -> (Vec<u8>, String) {
    let n = &case.name;
    match case.format.as_str() {
        "docx" => (build_docx(lib, case, false), format!("{n}.docx")),
        "docx-split" => (build_docx(lib, case, true), format!("{n}.docx")),
        "docx-secspec" => (
            secspec_render::docx::render_docx(&document(lib, case)).unwrap(),
            format!("{n}.docx"),
        ),
        "pdf-secspec" => (
            secspec_render::pdf::render_pdf(&document(lib, case), &fonts()).unwrap(),
            format!("{n}.pdf"),
        ),
        "odt" => (build_odt(lib, case), format!("{n}.odt")),
        "txt" => (
            build_text(lib, case, false).into_bytes(),
            format!("{n}.txt"),
        ),
        "md" => (build_text(lib, case, true).into_bytes(), format!("{n}.md")),
        "sjis" => {
            let text = build_text(lib, case, false);
            let (bytes, _, bad) = encoding_rs::SHIFT_JIS.encode(&text);
            assert!(!bad, "{n}: not encodable in Shift_JIS");
            (bytes.into_owned(), format!("{n}.txt"))
        }
        "file" => {
            let f = case.file.clone().unwrap();
            (std::fs::read(fixture_dir().join(&f)).unwrap(), f)
        }
        other => panic!("{n}: unknown format {other}"),
    }
}
