//! One `Service` per process: the template library and the fonts, loaded once, and the
//! database, opened on first use (so a contractor reading a package needs none, and a
//! database that cannot be opened is reported by the commands instead of stopping the app).

use crate::config::Config;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::location::{self, Adoption, DataDirs};
use crate::types::*;
use secspec_core::{Date, Lang, Library, Message};
use secspec_render::FontSet;
use secspec_store::{BackupPolicy, Clock, Store, SystemClock};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use time::{OffsetDateTime, UtcOffset};

/// Older databases seen on this start: the one adopted, and those still in place.
#[derive(Debug, Clone, Default)]
pub struct DatabaseNotes {
    pub adopted_from: Option<String>,
    pub others: Vec<String>,
}

pub struct Service {
    library: Library,
    fonts: FontSet,
    database: PathBuf,
    /// Older databases are adopted only for the default location.
    data_dirs: Option<DataDirs>,
    state: Mutex<StoreState>,
    clock: Arc<dyn Clock + Send + Sync>,
}

#[derive(Default)]
pub(crate) struct StoreState {
    pub(crate) store: Option<Store>,
    adoption: Option<Adoption>,
}

/// Japan Standard Time, for 和暦 dates of stored timestamps (the store keeps UTC).
pub(crate) const JST: UtcOffset = match UtcOffset::from_hms(9, 0, 0) {
    Ok(o) => o,
    Err(_) => UtcOffset::UTC,
};

/// A stored moment as a 和暦 date and time in Japan.
pub(crate) fn wareki_of(t: OffsetDateTime) -> String {
    let local = t.to_offset(JST);
    Date::from_ymd(local.year(), local.month() as u8, local.day())
        .ok()
        .and_then(|d| secspec_core::wareki::format(d).ok())
        .map(|d| format!("{d} {:02}:{:02}", local.hour(), local.minute()))
        .unwrap_or_default()
}

pub(crate) fn stamp(t: OffsetDateTime) -> String {
    secspec_store::format_timestamp(t).unwrap_or_default()
}

/// A clock shared between the service and the store it opens.
struct SharedClock(Arc<dyn Clock + Send + Sync>);

impl Clock for SharedClock {
    fn now(&self) -> OffsetDateTime {
        self.0.now()
    }
}

impl Service {
    /// Loads the library and the fonts; the database is opened on first use.
    pub fn open(config: &Config) -> ApiResult<Service> {
        Service::open_with_clock(config, Arc::new(SystemClock))
    }

    /// Like [`Service::open`] with timestamps from `clock` (tests).
    pub fn open_with_clock(
        config: &Config,
        clock: Arc<dyn Clock + Send + Sync>,
    ) -> ApiResult<Service> {
        let library = load_library(config)?;
        let fonts = load_fonts(config)?;
        let (database, data_dirs) = match &config.database {
            Some(path) => (path.clone(), None),
            None => {
                let dirs = DataDirs::system()?;
                (dirs.database(), Some(dirs))
            }
        };
        Ok(Service {
            library,
            fonts,
            database,
            data_dirs,
            state: Mutex::new(StoreState::default()),
            clock,
        })
    }

    /// The default database under `dirs` instead of the user's own data directory (tests).
    pub fn with_data_dirs(mut self, dirs: DataDirs) -> Service {
        self.database = dirs.database();
        self.data_dirs = Some(dirs);
        self
    }

    /// For tests and tools that bring their own store (e.g. in memory with a fixed clock).
    pub fn from_parts(store: Store, library: Library, fonts: FontSet) -> Service {
        Service {
            library,
            fonts,
            database: store.path().to_path_buf(),
            data_dirs: None,
            state: Mutex::new(StoreState {
                store: Some(store),
                adoption: None,
            }),
            clock: Arc::new(SystemClock),
        }
    }

    pub(crate) fn lock_state(&self) -> MutexGuard<'_, StoreState> {
        self.state()
    }

    pub(crate) fn clock(&self) -> Arc<dyn Clock + Send + Sync> {
        self.clock.clone()
    }

    /// Why the open store's daily backup could not be made (nothing opened to find out).
    pub(crate) fn backup_problem(&self) -> Option<Message> {
        self.state()
            .store
            .as_ref()
            .and_then(|s| s.backup_problem().cloned())
    }

    fn state(&self) -> MutexGuard<'_, StoreState> {
        // A panic while holding the lock cannot leave SQLite inconsistent (transactions roll back).
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Opens the database if it is not open yet (adopting older databases for the default
    /// location first). A failure is returned and tried again on the next call.
    fn ensure_open<'a>(&self, state: &'a mut StoreState) -> ApiResult<&'a Store> {
        if state.store.is_none() {
            if let (Some(dirs), None) = (&self.data_dirs, &state.adoption) {
                state.adoption = Some(location::adopt_legacy(dirs)?);
            }
            if let Some(folder) = self.database.parent().filter(|p| !p.as_os_str().is_empty()) {
                if self.data_dirs.is_some() {
                    std::fs::create_dir_all(folder).map_err(|e| location::io_error(folder, e))?;
                }
            }
            // Days of the daily backup are days in Japan, like the dates of the documents.
            let policy = BackupPolicy {
                automatic: true,
                day_offset: JST,
            };
            let store = Store::open_with(&self.database, SharedClock(self.clock.clone()), policy)?;
            state.store = Some(store);
        }
        state.store.as_ref().ok_or_else(|| {
            ApiError::new(
                ErrorCode::Database,
                "データベースを開けません",
                "cannot open the database",
            )
        })
    }

    /// Runs `f` with the open store.
    pub(crate) fn with_store<T>(&self, f: impl FnOnce(&Store) -> ApiResult<T>) -> ApiResult<T> {
        let mut state = self.state();
        let store = self.ensure_open(&mut state)?;
        f(store)
    }

    pub fn library(&self) -> &Library {
        &self.library
    }

    pub(crate) fn fonts(&self) -> &FontSet {
        &self.fonts
    }

    /// Today in Japan (documents are dated in Japan whatever the machine's zone).
    pub fn today(&self) -> Date {
        Date::from_time(self.clock.now().to_offset(JST).date())
    }

    pub fn database_path(&self) -> &Path {
        &self.database
    }

    pub fn app_info(&self) -> ApiResult<AppInfo> {
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            library_version: self.library.version.clone(),
            database: self.database.display().to_string(),
        })
    }

    /// Whether the database can be used, and older databases found at earlier locations.
    pub fn database_status(&self) -> ApiResult<DatabaseStatus> {
        let mut state = self.state();
        let opened = self.ensure_open(&mut state).map(|s| s.is_read_only());
        let adoption = state.adoption.clone().unwrap_or_default();
        let near = self.database.clone();
        let legacy = adoption
            .others
            .iter()
            .map(|p| LegacyDatabase {
                path: p.display().to_string(),
                projects: location::count_projects(p, &near).ok().map(|n| n as u32),
                problem: None,
            })
            .chain(adoption.refused.iter().map(|(p, m)| LegacyDatabase {
                path: p.display().to_string(),
                projects: None,
                problem: Some(m.clone()),
            }))
            .collect();
        let (state, problem) = match opened {
            Ok(false) => (DatabaseState::Ok, None),
            Ok(true) => (DatabaseState::ReadOnly, None),
            Err(e) => (DatabaseState::Unavailable, Some(e.message)),
        };
        Ok(DatabaseStatus {
            path: self.database.display().to_string(),
            state,
            problem,
            adopted_from: adoption.adopted.map(|p| p.display().to_string()),
            legacy,
        })
    }

    /// What happened at the older locations so far (nothing is opened to find out).
    pub fn database_notes(&self) -> DatabaseNotes {
        let state = self.state();
        let adoption = state.adoption.clone().unwrap_or_default();
        DatabaseNotes {
            adopted_from: adoption.adopted.map(|p| p.display().to_string()),
            others: adoption
                .others
                .iter()
                .chain(adoption.refused.iter().map(|(p, _)| p))
                .map(|p| p.display().to_string())
                .collect(),
        }
    }

    /// Imports the projects of an older database found at an earlier location.
    pub fn import_legacy(&self, path: String) -> ApiResult<Vec<i64>> {
        let path = PathBuf::from(path);
        // Opening the database finds the older ones (a fresh process, such as the command
        // line's `db import-legacy`, has not looked yet).
        self.with_store(|_| Ok(()))?;
        let known =
            self.state().adoption.as_ref().is_some_and(|a| {
                a.others.contains(&path) || a.refused.iter().any(|(p, _)| p == &path)
            });
        if !known {
            return Err(ApiError::new(
                ErrorCode::Invalid,
                format!("{}: 以前の場所のデータベースではありません", path.display()),
                format!(
                    "{}: not a database found at an earlier location",
                    path.display()
                ),
            ));
        }
        let ids = self.with_store(|store| location::import_legacy(store, &path))?;
        if let Some(a) = self.state().adoption.as_mut() {
            a.others.retain(|p| p != &path);
            a.refused.retain(|(p, _)| p != &path);
        }
        Ok(ids)
    }

    /// A date as the officer typed it (`2027/4/1`, `令和9年4月1日`, …), read as every date field
    /// reads it; refused with a message when it is not a date 和暦 can express.
    pub fn read_date(&self, text: String) -> ApiResult<DateReading> {
        let date = Date::parse(&text).map_err(|e| ApiError::of(ErrorCode::Invalid, &e))?;
        let wareki =
            secspec_core::wareki::format(date).map_err(|e| ApiError::of(ErrorCode::Invalid, &e))?;
        Ok(DateReading {
            iso: date.to_string(),
            wareki,
            seireki: format!("{}年{}月{}日", date.year(), date.month(), date.day()),
        })
    }

    pub fn library_view(&self) -> ApiResult<LibraryView> {
        let l = &self.library;
        let labelled = |code: &str, ja: &str, en: &str| Labelled {
            code: code.into(),
            ja: ja.into(),
            en: en.into(),
        };
        Ok(LibraryView {
            version: l.version.clone(),
            clauses: l.clauses.clone(),
            agencies: l.agencies.clone(),
            sources: l.sources.clone(),
            national_security: l.definition("national_security").cloned(),
            contract_kinds: secspec_core::ContractKind::ALL
                .iter()
                .map(|k| labelled(k.code(), k.label(Lang::Ja), k.label(Lang::En)))
                .collect(),
            methods: secspec_core::ContractMethod::ALL
                .iter()
                .map(|k| labelled(k.code(), k.label(Lang::Ja), k.label(Lang::En)))
                .collect(),
            translation_note_ja: l.translation_note_ja.clone(),
            translation_note_en: l.translation_note_en.clone(),
            checklist: l.checklist.clone(),
            limits: crate::limits::limits(),
        })
    }
}

fn load_library(config: &Config) -> ApiResult<Library> {
    let dir = config.templates_dir()?;
    secspec_render::assets::load_library(&dir).map_err(|e| ApiError::failure(&e))
}

fn load_fonts(config: &Config) -> ApiResult<FontSet> {
    let dir = config.fonts_dir()?;
    FontSet::load_dir(&dir).map_err(|e| ApiError::failure(&e))
}

/// A message naming the field of an ApiError for the CLI (`title: 入力してください`).
pub fn with_field(e: &ApiError) -> Message {
    match &e.field {
        Some(f) if !f.is_empty() => e.message.clone().prefixed(f),
        _ => e.message.clone(),
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::service_on;
    use crate::ErrorCode;
    use secspec_store::Store;

    #[test]
    fn dates_read_the_same_in_every_field_whatever_the_locale() {
        let svc = service_on(Store::open_in_memory().unwrap());
        for typed in [
            "2027-04-01",
            "2027/4/1",
            "令和9年4月1日",
            "２０２７年４月１日",
        ] {
            let d = svc.read_date(typed.into()).unwrap();
            assert_eq!(d.iso, "2027-04-01", "{typed}");
            assert_eq!(d.wareki, "令和9年4月1日");
            assert_eq!(d.seireki, "2027年4月1日");
        }
        let err = svc.read_date("4月1日".into()).unwrap_err();
        assert_eq!(err.code, ErrorCode::Invalid);
        assert!(
            err.message.ja.contains("令和9年4月1日"),
            "{}",
            err.message.ja
        );
        assert_eq!(
            svc.read_date("1800-01-01".into()).unwrap_err().code,
            ErrorCode::Invalid
        );
    }
}
