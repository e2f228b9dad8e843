//! The whole document set of a project, in memory: build each document once from the model,
//! print it with each requested back end, and fingerprint the bytes. Writing files and
//! recording generations is the caller's job (CLI or desktop shell).

use crate::{docx, pdf, FontSet, RenderError};
use secspec_core::compose::Mode;
use secspec_core::document_set::{self, BuildError};
pub use secspec_core::Format;
use secspec_core::ProjectRef;
use secspec_core::{DocumentKind, Library, Project};
use sha2::{Digest, Sha256};

/// One generated file.
#[derive(Debug, Clone)]
pub struct Output {
    pub kind: DocumentKind,
    pub format: Format,
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub sha256: String,
    pub template_versions: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SetError {
    #[error(transparent)]
    Build(#[from] BuildError),
    #[error(transparent)]
    Render(#[from] RenderError),
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Renders every document of the project in every requested format.
pub fn generate(
    project: &Project,
    library: &Library,
    fonts: &FontSet,
    ctx: ProjectRef,
    formats: &[Format],
    mode: Mode,
) -> Result<Vec<Output>, SetError> {
    let mut outputs = Vec::new();
    for kind in document_set::document_kinds(project) {
        let doc = document_set::build(project, library, kind, ctx, mode)?;
        let versions = document_set::template_versions(project, library, kind);
        let stem = doc.meta.document_id.clone();
        outputs.extend(render_formats(&doc, &stem, &versions, fonts, formats)?);
    }
    Ok(outputs)
}

/// One document printed by each requested back end and fingerprinted; files are `<stem>.<format>`.
pub fn render_formats(
    doc: &secspec_core::Document,
    stem: &str,
    template_versions: &str,
    fonts: &FontSet,
    formats: &[Format],
) -> Result<Vec<Output>, SetError> {
    let mut outputs = Vec::new();
    for format in formats {
        let bytes = match format {
            Format::Docx => docx::render_docx(doc)?,
            Format::Pdf => pdf::render_pdf(doc, fonts)?,
        };
        outputs.push(Output {
            kind: doc.meta.kind,
            format: *format,
            file_name: format!("{stem}.{}", format.code()),
            sha256: sha256_hex(&bytes),
            bytes,
            template_versions: template_versions.to_string(),
        });
    }
    Ok(outputs)
}

/// Writes `bytes` beside `path` under a temporary name, then renames it into place, so a crash
/// or a full disk never leaves half a document where a finished one is expected.
pub fn write_file(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.{}.part", std::process::id()));
    let result = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
