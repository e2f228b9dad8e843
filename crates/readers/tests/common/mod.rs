//! Shared helpers of the readers' tests: the real library, and writers that build DOCX, ODT,
//! text and PDF files the way Word, LibreOffice and SecSpec write them.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod build;

use secspec_core::Library;
use std::io::Write;
use std::path::{Path, PathBuf};

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn library() -> Library {
    secspec_render::assets::load_library(&repo().join("templates")).unwrap()
}

pub fn fixture_dir() -> PathBuf {
    repo().join("tests/fixtures/verify")
}

/// A ZIP container from `(name, bytes, compressed)` entries.
pub fn zip(entries: &[(&str, Vec<u8>, bool)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut out);
        for (name, bytes, deflate) in entries {
            let method = if *deflate {
                zip::CompressionMethod::Deflated
            } else {
                zip::CompressionMethod::Stored
            };
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(method)
                .last_modified_time(zip::DateTime::default());
            w.start_file(*name, opts).unwrap();
            w.write_all(bytes).unwrap();
        }
        w.finish().unwrap();
    }
    out.into_inner()
}

pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

pub const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

pub const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

pub const W_NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml""#;

/// A DOCX whose body is `body_xml` (the children of `w:body`), with extra parts.
pub fn docx(body_xml: &str, extra: &[(&str, String)]) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W_NS}><w:body>{body_xml}</w:body></w:document>"#
    );
    let mut entries: Vec<(&str, Vec<u8>, bool)> = vec![
        (
            "[Content_Types].xml",
            CONTENT_TYPES.as_bytes().to_vec(),
            true,
        ),
        ("_rels/.rels", RELS.as_bytes().to_vec(), true),
        ("word/document.xml", document.into_bytes(), true),
    ];
    for (name, text) in extra {
        entries.push((name, text.clone().into_bytes(), true));
    }
    zip(&entries)
}

pub fn para(text: &str) -> String {
    format!(
        "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
        esc(text)
    )
}

/// A paragraph whose text is cut into runs every `every` characters, as Word does after edits,
/// spell checks and revisions (`w:proofErr`, bookmarks and empty runs between them).
pub fn split_para(text: &str, every: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut runs = String::new();
    for (i, chunk) in chars.chunks(every.max(1)).enumerate() {
        let piece: String = chunk.iter().collect();
        if i % 3 == 1 {
            runs.push_str("<w:proofErr w:type=\"spellStart\"/>");
        }
        if i % 4 == 2 {
            runs.push_str(&format!(
                "<w:bookmarkStart w:id=\"{i}\" w:name=\"b{i}\"/><w:bookmarkEnd w:id=\"{i}\"/>"
            ));
        }
        runs.push_str(&format!(
            "<w:r><w:rPr><w:rFonts w:eastAsia=\"ＭＳ 明朝\"/><w:lang w:eastAsia=\"ja-JP\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
            esc(&piece)
        ));
        if i % 5 == 3 {
            runs.push_str("<w:r><w:rPr><w:b/></w:rPr></w:r>");
        }
    }
    format!("<w:p><w:pPr><w:jc w:val=\"both\"/></w:pPr>{runs}</w:p>")
}

pub fn heading_para(level: u8, text: &str) -> String {
    format!(
        "<w:p><w:pPr><w:pStyle w:val=\"Heading{level}\"/></w:pPr><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
        esc(text)
    )
}

pub const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Heading1"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style></w:styles>"#;

pub fn write_temp(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}
