//! Builds a review package from a project with the core's own composition, so the contractor
//! reads exactly what the officer's documents print.

use crate::error::PackageError;
use crate::model::*;
use secspec_core::applicability::{self, Why};
use secspec_core::compose::{compose, ComposedClause, Mode};
use secspec_core::library::{Clause, ParamKind};
use secspec_core::template::BodyPart;
use secspec_core::{checklist, Lang, Library, Project};
use std::collections::BTreeMap;

/// Which saved state of which project a package was made from; printed in the package id.
pub use secspec_core::ProjectRef;

fn text(w: &Why) -> Text {
    Text {
        ja: w.ja.clone(),
        en: w.en.clone(),
    }
}

fn body(parts: &[BodyPart]) -> Vec<Body> {
    parts
        .iter()
        .map(|p| match p {
            BodyPart::Paragraph(t) => Body::Paragraph(t.clone()),
            BodyPart::List(items) => Body::List(items.clone()),
        })
        .collect()
}

/// Parameter values as printed (choices by their label), as the composition shows them.
fn params(project: &Project, clause: &Clause, lang: Lang) -> Vec<ClauseParam> {
    let choice = project.clauses.get(&clause.id);
    clause
        .params
        .iter()
        .map(|p| {
            let typed = choice
                .and_then(|c| c.params.get(&p.name))
                .map(|v| v.trim())
                .filter(|v| !v.is_empty());
            let defaulted = match p.default_from.as_deref() {
                Some("agency") => Some(project.agency.trim()).filter(|v| !v.is_empty()),
                _ => None,
            };
            let value = typed.or(defaulted).map(|v| match p.kind {
                ParamKind::Choice => p
                    .options
                    .iter()
                    .find(|o| o.value == v || o.ja == v || o.en == v)
                    .map(|o| match lang {
                        Lang::Ja => o.ja.clone(),
                        Lang::En => o.en.clone(),
                    })
                    .unwrap_or_else(|| v.to_string()),
                ParamKind::Text | ParamKind::Integer => v.to_string(),
            });
            ClauseParam {
                name: p.name.clone(),
                label: p.label(lang).to_string(),
                required: p.required,
                value,
            }
        })
        .collect()
}

fn review_clause(
    project: &Project,
    clause: &Clause,
    composed: ComposedClause,
    mandatory: bool,
    why: &[Why],
) -> ReviewClause {
    let lang = project.lang;
    ReviewClause {
        id: clause.id.clone(),
        version: clause.version.clone(),
        group: clause.group,
        mandatory,
        heading: composed.heading,
        text: body(&composed.parts),
        origin: composed.origin,
        standard: body(&composed.standard),
        standard_origin: clause.origin_in(lang),
        source: clause.source.clone(),
        based_on: match lang {
            Lang::Ja => clause.based_on_ja.clone(),
            Lang::En => clause.based_on_en.clone(),
        },
        params: params(project, clause, lang),
        unfilled: composed.unfilled,
        supplements: composed.supplements,
        additions: composed.additions,
        deviation: composed.deviation.map(|d| ClauseDeviation {
            standard: d.standard,
            edited: d.edited,
            redline: d.redline,
            inserted_chars: d.inserted_chars as u64,
            deleted_chars: d.deleted_chars as u64,
            reason: d.reason,
        }),
        why: why.iter().map(text).collect(),
    }
}

fn clause_set(library: &Library, project: &Project) -> Result<ClauseSet, PackageError> {
    let lang = project.lang;
    let decision = applicability::decide(project, library);
    let mut clauses = Vec::new();
    let mut sources = BTreeMap::new();
    for d in decision.included() {
        let Some(clause) = library.clause(&d.clause_id) else {
            continue;
        };
        // Drafts print unfilled values as placeholders; the package lists them in `unfilled`.
        let composed =
            compose(project, clause, lang, Mode::Draft).map_err(|e| PackageError::Build {
                detail: e.to_string(),
            })?;
        if let Some(source) = library.source(&clause.source) {
            sources.insert(clause.source.clone(), source.clone());
        }
        clauses.push(review_clause(
            project,
            clause,
            composed,
            d.mandatory,
            &d.why,
        ));
    }
    Ok(ClauseSet {
        clauses,
        sources,
        translation_note: match lang {
            Lang::Ja => library.translation_note_ja.clone(),
            Lang::En => library.translation_note_en.clone(),
        },
    })
}

fn checklist_part(library: &Library, project: &Project) -> ChecklistPart {
    let lang = project.lang;
    let list = &library.checklist;
    // As the specification decides: the profile with the project's facts, less 対象外 items.
    let decision = checklist::report::decision_for(library, project);
    let mut items = Vec::new();
    let mut sources = BTreeMap::new();
    for d in decision.included() {
        if !checklist::report::is_required(&decision, project, &d.item_id) {
            continue;
        }
        let Some(item) = list.item(&d.item_id) else {
            continue;
        };
        let category = list.category(&item.category);
        for key in &item.sources {
            if let Some(s) = list.source(key) {
                sources.insert(key.clone(), s.clone());
            }
        }
        items.push(ChecklistRequirement {
            id: item.id.clone(),
            version: item.version.clone(),
            stage: list
                .stage(&item.stage)
                .map(|s| s.name(lang).to_string())
                .unwrap_or_else(|| item.stage.clone()),
            category_code: category.map(|c| c.code.clone()).unwrap_or_default(),
            category: category
                .map(|c| c.name(lang).to_string())
                .unwrap_or_else(|| item.category.clone()),
            subitem: category
                .and_then(|c| c.subitem(&item.subitem))
                .map(|s| s.name(lang).to_string())
                .unwrap_or_else(|| item.subitem.clone()),
            requirement: item.requirement(lang).to_string(),
            origin: item.origin_in(lang),
            based_on: item.based_on(lang).to_string(),
            sources: item.sources.clone(),
            overridden: d.overridden,
            provisional: d.provisional,
        });
    }
    ChecklistPart {
        version: list.version.clone(),
        title: match lang {
            Lang::Ja => list.title_ja.clone(),
            Lang::En => list.title_en.clone(),
        },
        items,
        sources,
        unanswered_questions: decision.unanswered_questions,
    }
}

fn facts(library: &Library, project: &Project, project_ref: ProjectRef) -> ProjectFacts {
    let p = project;
    let decision = applicability::decide(p, library);
    let scope = match decision.scope {
        applicability::Scope::Required => Scope::Required,
        applicability::Scope::Voluntary => Scope::Voluntary,
        applicability::Scope::OutOfScope => Scope::OutOfScope,
    };
    ProjectFacts {
        project_id: project_ref.project_id,
        revision: project_ref.revision,
        title: p.title.trim().to_string(),
        agency: p.agency.trim().to_string(),
        bureau: p.bureau.trim().to_string(),
        officer: p.officer.trim().to_string(),
        document_date: p.document_date,
        contract_start: p.contract_start,
        contract_end: p.contract_end,
        lang: p.lang,
        contract_kind: p.contract_kind,
        method: p.method,
        national_security: p.national_security == Some(true),
        national_security_reason: p.national_security_reason.trim().to_string(),
        outsourcing: p.outsourcing,
        subcontracting: p.subcontracting,
        voluntary: p.voluntary,
        scope,
        scope_why: decision.why.iter().map(text).collect(),
        // As the documents do: quoted when the project relies on it.
        national_security_definition: library
            .definition("national_security")
            .filter(|_| p.national_security != Some(false) || scope == Scope::Voluntary)
            .map(|d| d.text(p.lang).to_string()),
        library_version: library.version.clone(),
        checklist_version: library.checklist.version.clone(),
    }
}

/// The review package of `project`: every included clause as it prints (parameters filled,
/// unfilled ones as placeholders), its standard text, provenance and redline, and the
/// applicable checklist requirements.
pub fn build_review(
    library: &Library,
    project: &Project,
    project_ref: ProjectRef,
) -> Result<ReviewPackage, PackageError> {
    Ok(ReviewPackage {
        project: facts(library, project, project_ref),
        clauses: clause_set(library, project)?,
        checklist: checklist_part(library, project),
    })
}
