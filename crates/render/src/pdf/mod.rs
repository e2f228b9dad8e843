//! PDF back end: A4 Japanese official-document layout with embedded subset IPA fonts.
//!
//! `text` shapes (font choice per character, advances, break opportunities), `linebreak`
//! fills lines, `setting` sets a block's lines (labels, alignment), `layout` turns blocks
//! into a flow of lines, `paginate` places them on pages, `emit` writes the PDF with
//! printpdf, and `dehint` slims the fonts before they are embedded.

pub(crate) mod dehint;
mod emit;
mod layout;
mod linebreak;
mod paginate;
mod setting;
mod text;

use crate::{sanitize, FontSet, RenderError};
use secspec_core::Document;

/// Renders `doc` to PDF bytes. The same document and fonts always give the same bytes.
pub fn render_pdf(doc: &Document, fonts: &FontSet) -> Result<Vec<u8>, RenderError> {
    let faces = fonts.faces()?;
    let pages = layout::layout(doc, &faces)?;
    let fingerprint = fingerprint(doc);
    let (title, subject) = (
        sanitize::clean(&doc.meta.title),
        sanitize::clean(&doc.meta.subject),
    );
    let id = sanitize::clean(&doc.meta.document_id);
    let info = emit::Info {
        title: &title,
        subject: &subject,
        identifier: &id,
        fingerprint: fingerprint.as_bytes(),
    };
    emit::emit(&pages, &info, fonts)
}

/// What identifies the document for the trailer /ID: its id and all its text.
fn fingerprint(doc: &Document) -> String {
    format!("{}\n{}", doc.meta.document_id, doc.all_text())
}
