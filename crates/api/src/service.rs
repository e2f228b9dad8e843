//! One `Service` per app: the store, the template library and the fonts, loaded once.

use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::types::*;
use secspec_core::applicability::decide;
use secspec_core::builder::{self, build, document_kinds, DocContext};
use secspec_core::compose::{compose, Mode};
use secspec_core::issue::blocks;
use secspec_core::{lint, validate, wareki, Date, DocumentKind, Lang, Library, Project};
use secspec_render::set::{self, SetError};
use secspec_render::{html, FontSet};
use secspec_store::{format_timestamp, NewGeneration, ProjectId, Status, Store, StoredProject};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use time::{OffsetDateTime, UtcOffset};

pub struct Service {
    store: Mutex<Store>,
    library: Library,
    fonts: FontSet,
    database: PathBuf,
}

/// Japan Standard Time, for 和暦 dates of stored timestamps (the store keeps UTC).
const JST: UtcOffset = match UtcOffset::from_hms(9, 0, 0) {
    Ok(o) => o,
    Err(_) => UtcOffset::UTC,
};

fn wareki_of(t: OffsetDateTime) -> String {
    let local = t.to_offset(JST);
    Date::from_ymd(local.year(), local.month() as u8, local.day())
        .ok()
        .and_then(|d| wareki::format(d).ok())
        .map(|d| format!("{d} {:02}:{:02}", local.hour(), local.minute()))
        .unwrap_or_default()
}

fn stamp(t: OffsetDateTime) -> String {
    format_timestamp(t).unwrap_or_default()
}

/// A document set that could not be made: blocked by open issues, or a rendering failure.
pub(crate) fn set_error(e: SetError) -> ApiError {
    match e {
        SetError::Build(builder::BuildError::Blocked(issues)) => ApiError {
            code: ErrorCode::Blocked,
            message_ja: format!("最終版を作成できません（要対応 {} 件）", issues.len()),
            message_en: format!(
                "cannot make final documents ({} blocking issue(s))",
                issues.len()
            ),
            field: issues.first().map(|i| i.field.clone()),
            issues,
        },
        other => ApiError::failure(other),
    }
}

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

impl Service {
    pub fn open(database: &Path, templates: &Path, fonts: &Path) -> ApiResult<Service> {
        let library = secspec_render::assets::load_library(templates).map_err(ApiError::failure)?;
        let fonts = FontSet::load_dir(fonts).map_err(ApiError::failure)?;
        if let Some(parent) = database.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| {
                ApiError::failure(format!(
                    "{}: フォルダを作成できません: {e} / cannot create folder: {e}",
                    parent.display()
                ))
            })?;
        }
        let store = Store::open(database)?;
        Ok(Service::from_parts(store, library, fonts, database))
    }

    /// For tests and tools that bring their own store (e.g. in memory with a fixed clock).
    pub fn from_parts(store: Store, library: Library, fonts: FontSet, database: &Path) -> Service {
        Service {
            store: Mutex::new(store),
            library,
            fonts,
            database: database.to_path_buf(),
        }
    }

    pub(crate) fn store(&self) -> ApiResult<std::sync::MutexGuard<'_, Store>> {
        // A panic while holding the lock cannot leave SQLite inconsistent (transactions roll back).
        Ok(self
            .store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()))
    }

    pub fn library(&self) -> &Library {
        &self.library
    }

    pub(crate) fn fonts(&self) -> &FontSet {
        &self.fonts
    }

    pub fn info(&self) -> AppInfo {
        AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            library_version: self.library.version.clone(),
            database: self.database.display().to_string(),
        }
    }

    pub fn library_view(&self) -> LibraryView {
        let l = &self.library;
        LibraryView {
            version: l.version.clone(),
            clauses: l.clauses.clone(),
            agencies: l.agencies.clone(),
            sources: l.sources.clone(),
            national_security: l.definition("national_security").cloned(),
            contract_kinds: secspec_core::ContractKind::ALL
                .iter()
                .map(|k| Labelled {
                    code: k.code().into(),
                    ja: k.label(Lang::Ja).into(),
                    en: k.label(Lang::En).into(),
                })
                .collect(),
            methods: secspec_core::ContractMethod::ALL
                .iter()
                .map(|k| Labelled {
                    code: k.code().into(),
                    ja: k.label(Lang::Ja).into(),
                    en: k.label(Lang::En).into(),
                })
                .collect(),
            translation_note_ja: l.translation_note_ja.clone(),
            translation_note_en: l.translation_note_en.clone(),
            checklist: l.checklist.clone(),
        }
    }

    /// A new, empty project dated today in Japan.
    pub fn blank_project_today(&self) -> Project {
        self.blank_project(Date::from_time(
            OffsetDateTime::now_utc().to_offset(JST).date(),
        ))
    }

    /// A new, empty project dated `today` (the shell reads the clock, not core).
    pub fn blank_project(&self, today: Date) -> Project {
        Project {
            title: String::new(),
            agency: String::new(),
            bureau: String::new(),
            officer: String::new(),
            contract_kind: secspec_core::ContractKind::Contracting,
            method: secspec_core::ContractMethod::OpenTender,
            national_security: true,
            national_security_reason: String::new(),
            outsourcing: false,
            subcontracting: false,
            voluntary: false,
            document_date: today,
            contract_start: None,
            contract_end: None,
            lang: Lang::Ja,
            clauses: Default::default(),
            checklist: Default::default(),
        }
    }

    fn storable(&self, project: &Project) -> ApiResult<()> {
        let mut issues = validate::storable(project);
        issues.extend(validate::glyphs(project, &|c| self.fonts.covers(c)));
        if issues.is_empty() {
            Ok(())
        } else {
            Err(ApiError::invalid(issues))
        }
    }

    fn status_of(&self, project: &Project) -> Status {
        if blocks(&lint::lint(project, &self.library)) {
            Status::Draft
        } else {
            Status::Ready
        }
    }

    pub fn list_projects(&self) -> ApiResult<Vec<ProjectListItem>> {
        Ok(self
            .store()?
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
    }

    pub fn create_project(&self, project: &Project) -> ApiResult<ProjectState> {
        self.storable(project)?;
        let store = self.store()?;
        let id = store.create_project(project)?;
        store.set_status(id, self.status_of(project))?;
        Ok(project_state(store.get_project(id)?))
    }

    pub fn get_project(&self, id: i64) -> ApiResult<ProjectState> {
        Ok(project_state(self.store()?.get_project(ProjectId(id))?))
    }

    /// Autosave: stores everything storable, refuses a stale revision instead of overwriting.
    pub fn save_project(
        &self,
        id: i64,
        expected_revision: i64,
        project: &Project,
    ) -> ApiResult<ProjectState> {
        self.storable(project)?;
        let store = self.store()?;
        let id = ProjectId(id);
        let outcome = store.update_project_checked(id, expected_revision, project)?;
        let current = store.get_project(id)?;
        let status = self.status_of(project);
        // A generated project stays "generated" until its content changes.
        if outcome.changed_fields > 0 || current.status != Status::Generated {
            store.set_status(id, status)?;
        }
        Ok(project_state(store.get_project(id)?))
    }

    pub fn duplicate_project(&self, id: i64) -> ApiResult<ProjectState> {
        let store = self.store()?;
        let new_id = store.duplicate_project(ProjectId(id))?;
        let copy = store.get_project(new_id)?;
        store.set_status(new_id, self.status_of(&copy.project))?;
        Ok(project_state(store.get_project(new_id)?))
    }

    pub fn delete_project(&self, id: i64) -> ApiResult<()> {
        Ok(self.store()?.delete_project(ProjectId(id))?)
    }

    /// Decision, lint and composed clauses for the project as it is on screen.
    pub fn evaluate(&self, project: &Project) -> Evaluation {
        let decision = decide(project, &self.library);
        let issues = lint::lint(project, &self.library);
        let clauses = decision
            .included()
            .filter_map(|d| self.library.clause(&d.clause_id))
            .filter_map(|c| compose(project, c, project.lang, Mode::Draft).ok())
            .collect();
        Evaluation {
            checklist: crate::checklist::evaluate(project, self),
            ready: !blocks(&issues),
            documents: document_kinds(project),
            decision,
            issues,
            clauses,
        }
    }

    /// The document as it will print, drafted where values are missing.
    pub fn preview(
        &self,
        id: i64,
        revision: i64,
        project: &Project,
        kind: DocumentKind,
    ) -> ApiResult<Preview> {
        // What prints matches what "generate" would write: final when nothing blocks it.
        let mode = if blocks(&lint::lint(project, &self.library)) {
            Mode::Draft
        } else {
            Mode::Final
        };
        let ctx = DocContext {
            project_id: id,
            revision,
        };
        let document = build(project, &self.library, kind, ctx, mode).map_err(ApiError::failure)?;
        Ok(Preview {
            kind,
            html: html::render_html(&document),
            document,
        })
    }

    pub fn generate(&self, req: &GenerateRequest) -> ApiResult<Vec<GeneratedFile>> {
        let store = self.store()?;
        let stored = store.get_project(ProjectId(req.id))?;
        let mode = if req.draft { Mode::Draft } else { Mode::Final };
        let ctx = DocContext {
            project_id: req.id,
            revision: stored.revision,
        };
        let formats = if req.formats.is_empty() {
            secspec_core::Format::ALL.to_vec()
        } else {
            req.formats.clone()
        };
        let outputs = set::generate(
            &stored.project,
            &self.library,
            &self.fonts,
            ctx,
            &formats,
            mode,
        )
        .map_err(set_error)?;
        let dir = PathBuf::from(&req.dir);
        crate::files::create_dir(&dir)?;
        let mut written = Vec::new();
        for o in outputs
            .into_iter()
            .filter(|o| req.kinds.is_empty() || req.kinds.contains(&o.kind))
        {
            let record = NewGeneration {
                project_id: stored.id,
                document_kind: o.kind,
                format: o.format,
                file_name: o.file_name.clone(),
                sha256: o.sha256.clone(),
                size_bytes: o.bytes.len() as u64,
                template_versions: o.template_versions.clone(),
                project_revision: stored.revision,
            };
            // Recorded only once the file is on disk.
            written.push(crate::files::write_output(&dir, o)?);
            store.record_generation(&record)?;
        }
        if mode == Mode::Final && !written.is_empty() {
            store.set_status(stored.id, Status::Generated)?;
        }
        Ok(written)
    }

    pub fn generations(&self, id: i64) -> ApiResult<Vec<GenerationRecord>> {
        Ok(self
            .store()?
            .generations(ProjectId(id))?
            .into_iter()
            .rev()
            .map(|g| GenerationRecord {
                file_name: g.file_name,
                kind: g.document_kind,
                format: g.format,
                sha256: g.sha256,
                size_bytes: g.size_bytes,
                project_revision: g.project_revision,
                template_versions: g.template_versions,
                generated_at: wareki_of(g.generated_at),
            })
            .collect())
    }

    pub fn history(&self, id: i64) -> ApiResult<Vec<HistoryItem>> {
        Ok(self
            .store()?
            .history(ProjectId(id))?
            .into_iter()
            .rev()
            .map(|h| HistoryItem {
                at: wareki_of(h.at),
                revision: h.revision,
                action: h.action.code().into(),
                field: h.field,
                old_value: h.old_value,
                new_value: h.new_value,
            })
            .collect())
    }

    /// Template versions of a document kind, for the output screen.
    pub fn template_versions(&self, project: &Project, kind: DocumentKind) -> String {
        builder::template_versions(project, &self.library, kind)
    }
}
