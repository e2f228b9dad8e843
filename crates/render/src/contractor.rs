//! The contractor's documents (確認書, 監査対応計画書, 履行状況報告書 and インシデント報告書 forms),
//! in memory: built once each from the same document model as the officer's set, printed with
//! each requested back end and fingerprinted. Writing the files is the caller's job.

use crate::set::{render_formats, Output, SetError};
use crate::FontSet;
use secspec_core::compose::Mode;
use secspec_core::contractor_docs::{self, ContractorDocInput};
use secspec_core::{Format, Library};

/// Renders the four contractor documents in every requested format, in the order of
/// [`contractor_docs::KINDS`]. File names are the document ids, e.g.
/// `SECSPEC-00001-REVIEW-R3-CONFIRMATION.pdf`.
pub fn render_contractor_docs(
    input: &ContractorDocInput,
    library: &Library,
    fonts: &FontSet,
    formats: &[Format],
    mode: Mode,
) -> Result<Vec<Output>, SetError> {
    let mut outputs = Vec::new();
    for kind in contractor_docs::KINDS {
        let doc = contractor_docs::build(kind, input, library, mode)?;
        let versions = contractor_docs::template_versions(library, kind);
        let stem = file_stem(&doc.meta.document_id);
        outputs.extend(render_formats(&doc, &stem, &versions, fonts, formats)?);
    }
    Ok(outputs)
}

/// The id as a safe file name: the package id comes from a file the contractor received, so
/// anything but ASCII letters, digits, `-` and `_` becomes `_`.
fn file_stem(id: &str) -> String {
    let stem: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if stem.is_empty() {
        "SECSPEC".to_string()
    } else {
        stem
    }
}

#[cfg(test)]
mod tests {
    use super::file_stem;

    #[test]
    fn file_stem_keeps_ids_and_neutralises_paths() {
        assert_eq!(
            file_stem("SECSPEC-00001-REVIEW-R3-AUDIT_PLAN"),
            "SECSPEC-00001-REVIEW-R3-AUDIT_PLAN"
        );
        assert_eq!(file_stem("../x/y"), "___x_y");
        assert_eq!(file_stem(""), "SECSPEC");
    }
}
