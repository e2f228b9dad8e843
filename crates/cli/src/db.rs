//! `secspec db …`: where the database is, whether it can be used, its backups (made, restored,
//! listed by `check`), and importing the projects of databases that earlier versions kept
//! elsewhere.

use crate::context::Ctx;
use crate::error::{CliError, CliResult};
use clap::Subcommand;
use secspec_api::{BackupItem, DatabaseState, Message};

#[derive(Subcommand)]
pub enum DbCommand {
    /// データベースの場所と状態、以前の場所のデータベース / where the database is, its state, databases of earlier versions
    Status,
    /// 以前の場所のデータベースの案件を取り込む / import the projects of a database of an earlier version
    ImportLegacy { path: std::path::PathBuf },
    /// バックアップを作成（--out なし: データベースの隣の backups フォルダ、最新 7 件を保持） / make a backup (without --out: into the backups folder next to the database, the last 7 kept)
    Backup {
        /// 書き出すファイル（既存のファイルは上書きしません） / the file to write (an existing file is never replaced)
        #[arg(long, value_name = "FILE")]
        out: Option<std::path::PathBuf>,
    },
    /// バックアップから復元（検査に通ったファイルのみ。復元前の状態もバックアップします） / restore from a backup (only a file that passes the checks; the database as it was is backed up first)
    Restore { file: std::path::PathBuf },
    /// 整合性・外部キー・形式の版・バックアップ一覧（問題があれば終了コード 1、使えないファイルは 2） / integrity, foreign keys, schema version and the backups (exit 1 on problems, 2 for a file that cannot be used)
    Check,
}

/// A backup as one line: local time is the machine's, so the time is shown in UTC as named.
fn backup_line(b: &BackupItem) -> String {
    let at = b.at.get(..16).unwrap_or(&b.at).replace('T', " ");
    format!(
        "{at} UTC  {:>10}  {} / {}  {}",
        size(b.size_bytes),
        b.reason_label.ja,
        b.reason_label.en,
        b.path
    )
}

fn size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{:.0} KiB", (bytes as f64 / 1024.0).ceil())
    }
}

pub fn run(ctx: &Ctx, command: DbCommand) -> CliResult {
    let svc = ctx.svc()?;
    match command {
        DbCommand::Status => {
            let s = svc.database_status()?;
            out!("データベース / database: {}", s.path);
            let state = match s.state {
                DatabaseState::Ok => "使用可 / ok",
                DatabaseState::ReadOnly => "読み取り専用 / read-only",
                DatabaseState::Unavailable => "使用不可 / unavailable",
            };
            out!("状態 / state: {state}");
            if let Some(p) = &s.problem {
                out!("  {p}");
            }
            if let Some(from) = &s.adopted_from {
                out!("移行元 / adopted from: {from}");
            }
            for l in &s.legacy {
                let n = l
                    .projects
                    .map(|n| format!("案件 {n} 件 / {n} project(s)"))
                    .unwrap_or_default();
                out!("以前の場所 / earlier location: {}  {n}", l.path);
                if let Some(p) = &l.problem {
                    out!("  {p}");
                }
            }
            Ok(())
        }
        DbCommand::Backup { out } => {
            let b = match out {
                Some(out) => svc.export_backup(out.display().to_string())?,
                None => svc.backup_now()?,
            };
            out!(
                "バックアップを作成しました / backup written: {} ({})",
                b.path,
                size(b.size_bytes)
            );
            Ok(())
        }
        DbCommand::Restore { file } => {
            let r = svc.restore_backup(file.display().to_string())?;
            if let Some(p) = &r.previous {
                out!(
                    "復元前のデータベースのバックアップ / the database before the restore: {}",
                    p.path
                );
            }
            out!(
                "{} から復元しました（案件 {} 件） / restored from {} ({} project(s))",
                r.restored_from,
                r.projects,
                r.restored_from,
                r.projects
            );
            Ok(())
        }
        DbCommand::Check => {
            let c = svc.check_database()?;
            out!("データベース / database: {}", c.path);
            out!(
                "形式の版 / schema version: {} (この SecSpec / this SecSpec: {})",
                c.schema_version,
                c.supported
            );
            if c.schema_version < c.supported {
                out!("  次に開くときに更新します（その前にバックアップを作成） / upgraded on the next open (after a backup)");
            }
            if c.schema_version > c.supported {
                out!("  新しい版の SecSpec のデータベースです / made by a newer SecSpec");
            }
            match c.integrity.as_slice() {
                [] => out!("整合性 / integrity_check: ok"),
                lines => {
                    out!(
                        "整合性 / integrity_check: {} 件の問題 / {} problem(s)",
                        lines.len(),
                        lines.len()
                    );
                    for l in lines.iter().take(20) {
                        out!("  {l}");
                    }
                }
            }
            match c.foreign_keys.as_slice() {
                [] => out!("外部キー / foreign_key_check: ok"),
                lines => {
                    out!(
                        "外部キー / foreign_key_check: {} 件の問題 / {} problem(s)",
                        lines.len(),
                        lines.len()
                    );
                    for l in lines.iter().take(20) {
                        out!("  {l}");
                    }
                }
            }
            out!(
                "バックアップ / backups: {} 件 / {}",
                c.backups.len(),
                c.backups.len()
            );
            for b in &c.backups {
                out!("  {}", backup_line(b));
            }
            if c.ok {
                Ok(())
            } else {
                Err(CliError::blocked(Message::new(
                    format!("データベースに問題があります: {}", c.path),
                    format!("the database has problems: {}", c.path),
                )))
            }
        }
        DbCommand::ImportLegacy { path } => {
            let ids = svc.import_legacy(path.display().to_string())?;
            out!(
                "{} 件の案件を取り込みました / imported {} project(s): {}",
                ids.len(),
                ids.len(),
                ids.iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            Ok(())
        }
    }
}
