//! The document set of a project: which documents it produces, building one of them, and the
//! template versions it was made from.

use crate::applicability::{decide, is_subsidy};
use crate::checklist::report as checklist_report;
use crate::clause_documents;
use crate::compose::Mode;
use crate::document::{Document, DocumentKind};
use crate::library::Library;
pub use crate::metadata::BuildError;
use crate::project::Project;
use crate::project_ref::ProjectRef;

/// The documents a project produces: a procurement gets the specification section and the
/// contract annex; a subsidy gets the grant conditions; either gets the 作成根拠 (the source of
/// each clause's wording), and the checklist report once a checklist item is answered.
pub fn document_kinds(project: &Project) -> Vec<DocumentKind> {
    let mut kinds = if is_subsidy(project) {
        vec![DocumentKind::SubsidyConditions]
    } else {
        vec![DocumentKind::Specification, DocumentKind::ContractAnnex]
    };
    // Who wrote each clause's wording: a separate document, attached only if the officer chooses.
    kinds.push(DocumentKind::Basis);
    if checklist_report::has_report(project) {
        kinds.push(DocumentKind::ChecklistReport);
    }
    kinds
}

/// Template versions that produced a document (recorded with each generation).
pub fn template_versions(project: &Project, library: &Library, kind: DocumentKind) -> String {
    let mut parts = vec![format!("library {}", library.version)];
    if let Ok(layout) = library.layout(kind) {
        parts.push(format!("{} {}", kind.code(), layout.version));
    }
    let uses_checklist = match kind {
        DocumentKind::ChecklistReport => true,
        DocumentKind::Specification | DocumentKind::Basis => {
            !is_subsidy(project) && checklist_report::uses_checklist(project)
        }
        _ => false,
    };
    if uses_checklist {
        parts.push(format!("checklist {}", library.checklist.version));
    }
    if kind == DocumentKind::ChecklistReport {
        return parts.join("; ");
    }
    let decision = decide(project, library);
    for d in decision.included() {
        if let Some(c) = library.clause(&d.clause_id) {
            parts.push(format!("{} {}", c.id, c.version));
        }
    }
    parts.join("; ")
}

/// The file name (without extension) of a document of the set: the 件名, the document's short
/// name in the project's language and the revision, e.g. `令和9年度…業務_調達仕様書_R3`.
pub fn file_stem(
    project: &Project,
    library: &Library,
    kind: DocumentKind,
    ctx: ProjectRef,
) -> String {
    let label = library
        .layout(kind)
        .map(|l| {
            let t = l.text(project.lang);
            t.file_label.clone().unwrap_or_else(|| t.title.clone())
        })
        .unwrap_or_default();
    crate::file_name::document_stem(
        &project.title,
        &label,
        Some(ctx.revision),
        &ctx.id_for(kind.code()),
    )
}

/// Builds one document of the project's set.
pub fn build(
    project: &Project,
    library: &Library,
    kind: DocumentKind,
    ctx: ProjectRef,
    mode: Mode,
) -> Result<Document, BuildError> {
    if !document_kinds(project).contains(&kind) {
        return Err(BuildError::NotApplicable(kind.code()));
    }
    if kind == DocumentKind::ChecklistReport {
        return checklist_report::build_checklist_report(library, project, project.lang, ctx, mode);
    }
    clause_documents::build(project, library, kind, ctx, mode)
}
