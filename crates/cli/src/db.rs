//! `secspec db …`: where the database is, whether it can be used, and importing the projects
//! of databases that earlier versions kept elsewhere.

use crate::context::Ctx;
use crate::error::CliResult;
use clap::Subcommand;
use secspec_api::DatabaseState;

#[derive(Subcommand)]
pub enum DbCommand {
    /// データベースの場所と状態、以前の場所のデータベース / where the database is, its state, databases of earlier versions
    Status,
    /// 以前の場所のデータベースの案件を取り込む / import the projects of a database of an earlier version
    ImportLegacy { path: std::path::PathBuf },
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
