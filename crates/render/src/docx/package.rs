//! Writes the DOCX package: docx-rs renders the XML parts, this module fills in what
//! docx-rs cannot (document title, styles and numbering, repeated table header rows) and zips the
//! parts deterministically.
//!
//! docx-rs's own `pack` stamps every entry with the current time as soon as any crate in
//! the build enables zip's `time` feature, and offers no way to set dc:title or w:lang.

use crate::{sanitize, RenderError};
use docx_rs::{Docx, XMLDocx};
use secspec_core::{Lang, Metadata};
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Fixed creation / modification time, so the same document gives the same bytes.
const FIXED_TIMESTAMP: &str = "2000-01-01T00:00:00Z";
const APPLICATION: &str = "SecSpec";

/// `header_tables` says, for each body table in order, whether its first row is a header.
pub(crate) fn pack(
    docx: Docx,
    meta: &Metadata,
    header_tables: &[bool],
) -> Result<Vec<u8>, RenderError> {
    let mut xml = docx.build();
    xml.document = repeat_header_rows(&xml.document, header_tables)?;
    xml.document = numbering_in_schema_order(&xml.document)?;
    xml.doc_props.core = core_xml(meta).into_bytes();
    xml.doc_props.app = app_xml().into_bytes();
    // Written in full here, not by docx-rs (see `styles`).
    xml.styles = super::styles::styles_xml(meta.lang, meta.word_font).into_bytes();
    xml.numberings = super::styles::numbering_xml().into_bytes();
    xml.font_table = super::styles::font_table_xml(meta.word_font).into_bytes();
    xml.document = super::styles::rename_faces(&xml.document, meta.word_font);
    for footer in &mut xml.footers {
        *footer = super::styles::rename_faces(footer, meta.word_font);
    }
    zip_parts(xml)
}

/// docProps/core.xml with title, subject, author and fixed dates.
fn core_xml(meta: &Metadata) -> String {
    let lang = match meta.lang {
        Lang::Ja => "ja-JP",
        Lang::En => "en-US",
    };
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{title}</dc:title>",
            "<dc:subject>{subject}</dc:subject>",
            "<dc:creator>{creator}</dc:creator>",
            "<dc:identifier>{id}</dc:identifier>",
            "<dc:language>{lang}</dc:language>",
            "<cp:lastModifiedBy>{creator}</cp:lastModifiedBy>",
            "<cp:revision>1</cp:revision>",
            "<cp:version>{version}</cp:version>",
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{ts}</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{ts}</dcterms:modified>"#,
            "</cp:coreProperties>"
        ),
        title = escape(&meta.title),
        subject = escape(&meta.subject),
        creator = escape(&meta.agency),
        id = escape(&meta.document_id),
        lang = lang,
        version = escape(&meta.template_version),
        ts = FIXED_TIMESTAMP,
    )
}

/// docProps/app.xml naming the generator (docx-rs writes an empty element).
fn app_xml() -> String {
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#,
            "<Application>{app}</Application><DocSecurity>0</DocSecurity>",
            "</Properties>"
        ),
        app = APPLICATION
    )
}

/// Marks the first row of each header table as `<w:tblHeader/>` so Word and LibreOffice
/// repeat it on every page the table spans (docx-rs has no API for it). User text is
/// escaped, so the tags searched for can only be docx-rs's own markup.
fn repeat_header_rows(document: &[u8], header_tables: &[bool]) -> Result<Vec<u8>, RenderError> {
    const TABLE: &str = "<w:tbl>";
    const ROW_PROPERTIES: &str = "<w:trPr>";
    let document = std::str::from_utf8(document)
        .map_err(|e| RenderError::Docx(format!("document.xml is not UTF-8: {e}")))?;
    let tables: Vec<usize> = document.match_indices(TABLE).map(|(at, _)| at).collect();
    if tables.len() != header_tables.len() {
        return Err(RenderError::Docx(format!(
            "document.xml has {} tables, expected {}",
            tables.len(),
            header_tables.len()
        )));
    }
    let mut out = String::with_capacity(document.len() + 16 * tables.len());
    let mut copied = 0;
    for (table, _) in tables.iter().zip(header_tables).filter(|(_, h)| **h) {
        let row = document[*table..]
            .find(ROW_PROPERTIES)
            .ok_or_else(|| RenderError::Docx("header table without row properties".into()))?;
        let insert_at = table + row + ROW_PROPERTIES.len();
        out.push_str(&document[copied..insert_at]);
        out.push_str("<w:tblHeader />");
        copied = insert_at;
    }
    out.push_str(&document[copied..]);
    Ok(out.into_bytes())
}

/// docx-rs writes `<w:numId>` before `<w:ilvl>`; CT_NumPr (ECMA-376 Part 1 §17.3.1.19) is a
/// sequence with ilvl first, which strict readers insist on. User text is escaped, so the
/// markup replaced can only be docx-rs's own.
fn numbering_in_schema_order(document: &[u8]) -> Result<Vec<u8>, RenderError> {
    let mut document = std::str::from_utf8(document)
        .map_err(|e| RenderError::Docx(format!("document.xml is not UTF-8: {e}")))?
        .to_string();
    let num = super::styles::NUM_ID;
    for ilvl in 0..super::styles::LEVEL_COUNT {
        document = document.replace(
            &format!(r#"<w:numPr><w:numId w:val="{num}" /><w:ilvl w:val="{ilvl}" /></w:numPr>"#),
            &format!(r#"<w:numPr><w:ilvl w:val="{ilvl}" /><w:numId w:val="{num}" /></w:numPr>"#),
        );
    }
    Ok(document.into_bytes())
}

/// Zips the parts in docx-rs's order, deflated, every entry dated 1980-01-01.
fn zip_parts(xml: XMLDocx) -> Result<Vec<u8>, RenderError> {
    if !xml.media.is_empty() || xml.taskpanes.is_some() || !xml.custom_items.is_empty() {
        return Err(RenderError::Docx(
            "unexpected media, task pane or custom XML part".into(),
        ));
    }
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), xml.content_type),
        ("_rels/.rels".into(), xml.rels),
        ("docProps/app.xml".into(), xml.doc_props.app),
        ("docProps/core.xml".into(), xml.doc_props.core),
        ("docProps/custom.xml".into(), xml.doc_props.custom),
        ("word/_rels/document.xml.rels".into(), xml.document_rels),
        ("word/document.xml".into(), xml.document),
        ("word/styles.xml".into(), xml.styles),
        ("word/settings.xml".into(), xml.settings),
        ("word/fontTable.xml".into(), xml.font_table),
        ("word/comments.xml".into(), xml.comments),
        ("word/numbering.xml".into(), xml.numberings),
        ("word/commentsExtended.xml".into(), xml.comments_extended),
        ("word/footnotes.xml".into(), xml.footnotes),
    ];
    numbered_parts(&mut parts, "header", xml.headers, xml.header_rels);
    numbered_parts(&mut parts, "footer", xml.footers, xml.footer_rels);

    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), options).map_err(zip_error)?;
        zip.write_all(&bytes)
            .map_err(|e| RenderError::Docx(e.to_string()))?;
    }
    Ok(zip.finish().map_err(zip_error)?.into_inner())
}

/// word/header1.xml, word/_rels/header1.xml.rels … as docx-rs numbers them.
fn numbered_parts(
    parts: &mut Vec<(String, Vec<u8>)>,
    kind: &str,
    bodies: Vec<Vec<u8>>,
    rels: Vec<Vec<u8>>,
) {
    let mut rels = rels.into_iter();
    for (i, body) in bodies.into_iter().enumerate() {
        let n = i + 1;
        parts.push((format!("word/{kind}{n}.xml"), body));
        if let Some(r) = rels.next() {
            parts.push((format!("word/_rels/{kind}{n}.xml.rels"), r));
        }
    }
}

fn zip_error(e: zip::result::ZipError) -> RenderError {
    RenderError::Docx(e.to_string())
}

/// Escapes text for XML character data and attributes, after dropping characters XML 1.0
/// forbids.
fn escape(text: &str) -> String {
    let text = sanitize::clean(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_controls() {
        assert_eq!(escape("<a&\"'>\u{1}"), "&lt;a&amp;&quot;&apos;&gt;");
    }

    #[test]
    fn header_rows_marked_only_in_header_tables() {
        let doc = b"<w:tbl><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr></w:tbl><w:tbl><w:tr><w:trPr></w:trPr></w:tr></w:tbl>";
        let out = repeat_header_rows(doc, &[false, true]).unwrap_or_default();
        let out = String::from_utf8(out).unwrap_or_default();
        assert_eq!(
            out,
            "<w:tbl><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr></w:tbl><w:tbl><w:tr><w:trPr><w:tblHeader /></w:trPr></w:tr></w:tbl>"
        );
        assert!(repeat_header_rows(doc, &[true]).is_err());
    }
}
