//! Projects: list, create, read, save (autosave, with the revision check), duplicate, delete,
//! and the live evaluation of a project as it is on screen.

use crate::error::{ApiError, ApiResult};
use crate::service::{stamp, wareki_of, Service};
use crate::types::*;
use secspec_core::applicability::decide;
use secspec_core::compose::{compose, Mode};
use secspec_core::document_set::document_kinds;
use secspec_core::issue::blocks;
use secspec_core::{lint, validate, Issue, Project};
use secspec_store::{ProjectId, Status, StoredProject};

pub(crate) fn project_state(s: StoredProject) -> ProjectState {
    ProjectState {
        id: s.id.0,
        status: s.status.code().to_string(),
        revision: s.revision,
        updated_at: stamp(s.updated_at),
        updated_wareki: wareki_of(s.updated_at),
        project: s.project,
    }
}

/// What a copy is called: 「<件名>（コピー）」, kept within the title's length limit.
fn copy_title(title: &str) -> String {
    const SUFFIX: &str = "（コピー）";
    let room = validate::MAX_SHORT.saturating_sub(SUFFIX.chars().count());
    let base: String = title.chars().take(room).collect();
    format!("{base}{SUFFIX}")
}

impl Service {
    /// What must never be stored (control and hidden characters, absurd lengths, characters no
    /// bundled font has); anything else is stored so no typing is lost.
    pub(crate) fn storable(&self, project: &Project) -> ApiResult<()> {
        let mut issues = validate::storable(project);
        issues.extend(validate::glyphs(project, &|c| self.fonts().covers(c)));
        if issues.is_empty() {
            Ok(())
        } else {
            Err(ApiError::invalid(issues))
        }
    }

    /// Every input error of the project against the library (what an answers file must pass).
    pub fn check_project(&self, project: &Project) -> ApiResult<()> {
        let mut issues = validate::project(project, self.library());
        if issues.is_empty() {
            issues = validate::glyphs(project, &|c| self.fonts().covers(c));
        }
        if issues.is_empty() {
            Ok(())
        } else {
            Err(ApiError::invalid(issues))
        }
    }

    pub(crate) fn status_of(&self, project: &Project) -> Status {
        if blocks(&lint::lint(project, self.library())) {
            Status::Draft
        } else {
            Status::Ready
        }
    }

    /// A new, empty project dated today in Japan.
    pub fn blank_project(&self) -> ApiResult<Project> {
        Ok(Project::blank(self.today()))
    }

    pub fn list_projects(&self) -> ApiResult<Vec<ProjectListItem>> {
        self.with_store(|store| {
            Ok(store
                .list_projects()?
                .into_iter()
                .map(|p| ProjectListItem {
                    id: p.id.0,
                    title: p.title,
                    agency: p.agency,
                    status: p.status.code().into(),
                    revision: p.revision,
                    updated_at: stamp(p.updated_at),
                    updated_wareki: wareki_of(p.updated_at),
                })
                .collect())
        })
    }

    pub fn create_project(&self, project: Project) -> ApiResult<ProjectState> {
        self.storable(&project)?;
        let status = self.status_of(&project);
        self.with_store(|store| {
            let id = store.create_project(&project, status)?;
            Ok(project_state(store.get_project(id)?))
        })
    }

    pub fn get_project(&self, id: i64) -> ApiResult<ProjectState> {
        self.with_store(|store| Ok(project_state(store.get_project(ProjectId(id))?)))
    }

    /// Autosave: stores everything storable in one transaction, refusing a stale revision
    /// instead of overwriting a change made elsewhere.
    pub fn save_project(
        &self,
        id: i64,
        revision: i64,
        project: Project,
    ) -> ApiResult<ProjectState> {
        self.storable(&project)?;
        let status = self.status_of(&project);
        self.with_store(|store| {
            let id = ProjectId(id);
            store.update_project(id, revision, &project, status)?;
            Ok(project_state(store.get_project(id)?))
        })
    }

    /// Replaces a project's answers whatever its revision (the command line's `update`).
    pub fn replace_project(&self, id: i64, project: Project) -> ApiResult<ProjectState> {
        let revision = self.get_project(id)?.revision;
        self.save_project(id, revision, project)
    }

    pub fn duplicate_project(&self, id: i64) -> ApiResult<ProjectState> {
        self.with_store(|store| {
            let source = store.get_project(ProjectId(id))?;
            let status = self.status_of(&source.project);
            let copy = store.duplicate_project(
                ProjectId(id),
                &copy_title(&source.project.title),
                status,
            )?;
            Ok(project_state(store.get_project(copy)?))
        })
    }

    pub fn delete_project(&self, id: i64) -> ApiResult<()> {
        self.with_store(|store| Ok(store.delete_project(ProjectId(id))?))
    }

    /// Decision, lint and composed clauses for the project as it is on screen.
    pub fn evaluate(&self, project: Project) -> ApiResult<Evaluation> {
        let library = self.library();
        let decision = decide(&project, library);
        let issues = lint::lint(&project, library);
        let clauses = decision
            .included()
            .filter_map(|d| library.clause(&d.clause_id))
            .filter_map(|c| compose(&project, c, project.lang, Mode::Draft).ok())
            .collect();
        Ok(Evaluation {
            checklist: crate::checklist::evaluate(&project, self),
            ready: !blocks(&issues),
            documents: document_kinds(&project),
            decision,
            issues,
            clauses,
        })
    }

    /// The open issues of a saved project (lint).
    pub fn lint(&self, id: i64) -> ApiResult<Vec<Issue>> {
        let project = self.get_project(id)?.project;
        Ok(lint::lint(&project, self.library()))
    }
}

#[cfg(test)]
mod tests {
    use super::copy_title;

    #[test]
    fn a_copy_is_named_as_a_copy_within_the_limit() {
        assert_eq!(copy_title("文書管理"), "文書管理（コピー）");
        let long = "あ".repeat(200);
        assert_eq!(copy_title(&long).chars().count(), 200);
        assert!(copy_title(&long).ends_with("（コピー）"));
    }
}
