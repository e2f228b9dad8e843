//! Back ends for the SecSpec document model: DOCX (docx-rs) and PDF (printpdf).
//! Both take a finished `secspec_core::Document`; neither decides wording or numbering.

pub mod assets;
pub mod contractor;
pub mod docx;
pub mod fonts;
pub mod html;
pub mod pdf;
pub mod sanitize;
pub mod set;

pub use fonts::FontSet;

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A character that no bundled font can print. `context` says where it appeared.
    #[error("文字「{ch}」(U+{code:04X}) を印字できるフォントがありません（{context}） / no bundled font has the character U+{code:04X} ({context})", code = *ch as u32)]
    MissingGlyph { ch: char, context: String },
    #[error("フォントを読み込めません: {0} / cannot load font: {0}")]
    Font(String),
    #[error("DOCX の生成に失敗しました: {0} / DOCX generation failed: {0}")]
    Docx(String),
    #[error("PDF の生成に失敗しました: {0} / PDF generation failed: {0}")]
    Pdf(String),
}
