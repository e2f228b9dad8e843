//! The command line's context: the service, opened once from the global options, and the
//! notices about the database printed after a command.

use crate::error::CliResult;
use secspec_api::{Config, Service};
use std::cell::OnceCell;
use std::path::PathBuf;

pub struct Ctx {
    config: Config,
    service: OnceCell<Service>,
}

impl Ctx {
    pub fn new(db: Option<PathBuf>, templates: Option<PathBuf>, fonts: Option<PathBuf>) -> Ctx {
        Ctx {
            config: Config {
                database: db,
                templates,
                fonts,
                resources: None,
            },
            service: OnceCell::new(),
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The service (templates and fonts loaded on first use; the database on first query).
    pub fn svc(&self) -> CliResult<&Service> {
        if let Some(s) = self.service.get() {
            return Ok(s);
        }
        let svc = Service::open(&self.config)?;
        Ok(self.service.get_or_init(|| svc))
    }

    /// After a command: says when an older database was adopted, and names older databases
    /// whose projects can still be imported (never silently ignored).
    pub fn notices(&self) {
        let Some(svc) = self.service.get() else {
            return;
        };
        let notes = svc.database_notes();
        if let Some(from) = notes.adopted_from {
            eprintln!(
                "secspec: 以前の場所のデータベース {from} を {} に移しました（元のファイルは {from}{} として残しています） / moved the database of an earlier version from {from} to {}",
                svc.database_path().display(),
                secspec_api::location::ADOPTED_SUFFIX,
                svc.database_path().display()
            );
        }
        for path in notes.others {
            eprintln!(
                "secspec: 以前の場所にもデータベースがあります: {path}。その案件を取り込むには secspec db import-legacy {path} / another database of an earlier version is at {path}; to import its projects: secspec db import-legacy {path}"
            );
        }
    }
}
