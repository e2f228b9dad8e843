//! The contractor's documents (確認書, 監査対応計画書, 履行状況報告書 and インシデント報告書 forms),
//! in memory: built once each from the same document model as the officer's set, printed with
//! each requested back end and fingerprinted. Writing the files is the caller's job.

use crate::set::{render_formats, Output, SetError};
use crate::FontSet;
use secspec_core::compose::Mode;
use secspec_core::contractor_docs::{self, ContractorDocInput};
use secspec_core::{Format, Library};

/// Renders the four contractor documents in every requested format, in the order of
/// [`contractor_docs::KINDS`]. File names come from the 件名, e.g. `令和9年度…業務_確認書_R3.pdf`.
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
        let stem = contractor_docs::file_stem(input, library, kind);
        outputs.extend(render_formats(&doc, &stem, &versions, fonts, formats)?);
    }
    Ok(outputs)
}
