//! The command line's context: the service, opened once from the global options, and the
//! notices about the database printed after a command.

use crate::error::CliResult;
use secspec_api::{Config, DatabaseNotes, Service};
use std::cell::OnceCell;
use std::path::{Path, PathBuf};

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
        for line in notice_lines(&svc.database_notes(), svc.database_path()) {
            eprintln!("{line}");
        }
    }
}

/// The notices about the database as printed: the paths come from the file system and may hold
/// any character, so each line is escaped like every other line of the CLI.
fn notice_lines(notes: &DatabaseNotes, database: &Path) -> Vec<String> {
    let mut lines = Vec::new();
    let database = database.display();
    if let Some(from) = &notes.adopted_from {
        lines.push(format!(
            "以前の場所のデータベース {from} を {database} に移しました（元のファイルは {from}{} として残しています） / moved the database of an earlier version from {from} to {database}",
            secspec_api::location::ADOPTED_SUFFIX,
        ));
    }
    for path in &notes.others {
        lines.push(format!(
            "以前の場所にもデータベースがあります: {path}。その案件を取り込むには secspec db import-legacy {path} / another database of an earlier version is at {path}; to import its projects: secspec db import-legacy {path}"
        ));
    }
    lines.iter().map(|l| crate::error::warning(l)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_name_every_database_and_are_escaped_for_the_terminal() {
        let notes = DatabaseNotes {
            adopted_from: Some("/home/a/old\u{1b}]0;owned\u{7}.db".into()),
            others: vec!["/home/a/\u{202E}bd.cexe".into()],
        };
        let shown = notice_lines(&notes, Path::new("/home/a/new.db"));
        assert_eq!(shown.len(), 2);
        assert!(shown[0].starts_with("secspec: "), "{}", shown[0]);
        assert!(shown[0].contains("/home/a/new.db"), "{}", shown[0]);
        assert!(shown[1].contains("import-legacy"), "{}", shown[1]);
        assert!(
            shown[0].contains("old\\u{001B}]0;owned\\u{0007}.db"),
            "{}",
            shown[0]
        );
        assert!(
            shown[1].contains("/home/a/\\u{202E}bd.cexe"),
            "{}",
            shown[1]
        );
        for line in &shown {
            assert!(
                !line.chars().any(|c| c.is_control() || c == '\u{202E}'),
                "{line:?}"
            );
        }
    }
}
