//! Back ends for the SecSpec document model: DOCX (docx-rs) and PDF (printpdf).
//! Both take a finished `secspec_core::Document`; neither decides wording or numbering.

pub mod assets;
pub mod contractor;
pub mod docx;
pub mod fonts;
pub mod html;
pub mod pdf;
pub mod sanitize;
pub mod screen_font;
pub mod set;
mod sfnt;

pub use fonts::FontSet;

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A character that no bundled font can print. `context` says where it appeared.
    #[error("{}", secspec_core::Bilingual::message(self))]
    MissingGlyph { ch: char, context: String },
    #[error("{}", secspec_core::Bilingual::message(self))]
    Font(String),
    #[error("{}", secspec_core::Bilingual::message(self))]
    Docx(String),
    #[error("{}", secspec_core::Bilingual::message(self))]
    Pdf(String),
}

impl secspec_core::Bilingual for RenderError {
    fn message(&self) -> secspec_core::Message {
        use secspec_core::Message;
        match self {
            RenderError::MissingGlyph { ch, context } => {
                let code = *ch as u32;
                Message::new(
                    format!(
                        "文字「{ch}」(U+{code:04X}) を印字できるフォントがありません（{context}）"
                    ),
                    format!("no bundled font has the character U+{code:04X} ({context})"),
                )
            }
            RenderError::Font(detail) => Message::new(
                format!("フォントを読み込めません: {detail}"),
                format!("cannot load font: {detail}"),
            ),
            RenderError::Docx(detail) => Message::new(
                format!("DOCX の生成に失敗しました: {detail}"),
                format!("DOCX generation failed: {detail}"),
            ),
            RenderError::Pdf(detail) => Message::new(
                format!("PDF の生成に失敗しました: {detail}"),
                format!("PDF generation failed: {detail}"),
            ),
        }
    }
}

impl secspec_core::Bilingual for set::SetError {
    fn message(&self) -> secspec_core::Message {
        match self {
            set::SetError::Build(e) => e.message(),
            set::SetError::Render(e) => e.message(),
        }
    }
}
