//! `secspec checklist …`: show a project's checklist with its A–D score, export it as an Excel
//! workbook, import the workbook after offline editing, write the checklist report and the
//! OSCAL export.

use crate::context::Ctx;
use crate::error::{CliError, CliResult};
use crate::projects::{parse_formats, write_documents};
use clap::Subcommand;
use secspec_api::{GenerateRequest, Message};
use secspec_core::checklist::Rate;
use secspec_core::{DocumentKind, Lang};
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum ChecklistCommand {
    /// チェックリストを Excel に出力 / write the checklist as an Excel workbook
    Export {
        id: i64,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// 編集した Excel を取り込む（不正なセルは一覧表示） / import an edited workbook (rejected cells are listed)
    Import { id: i64, file: PathBuf },
    /// 点検結果報告書を生成 / write the checklist report
    Report {
        id: i64,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// 形式 / formats, comma separated
        #[arg(long, value_delimiter = ',', default_value = "docx,pdf")]
        format: Vec<String>,
        /// 案として出力（【案】と表示） / write a draft (marked 【案】)
        #[arg(long)]
        draft: bool,
    },
    /// OSCAL 1.1 のカタログと評価結果（JSON）を出力 / write the checklist as an OSCAL 1.1 catalog and assessment results (JSON)
    Oscal {
        id: i64,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

fn percent(rate: Option<&Rate>) -> String {
    match rate {
        Some(r) => format!(
            "{:>3}.{}%  {}",
            r.percent_tenths / 10,
            r.percent_tenths % 10,
            r.grade.letter()
        ),
        None => "   —".to_string(),
    }
}

pub fn show(ctx: &Ctx, id: i64) -> CliResult {
    let svc = ctx.svc()?;
    let stored = svc.get_project(id)?;
    let checklist = &svc.library().checklist;
    let state = &stored.project.checklist;
    let evaluation = svc.evaluate(stored.project.clone())?.checklist;
    let decision = &evaluation.decision;
    let card = evaluation.score.ok_or_else(|| {
        CliError::input(Message::new(
            format!("案件 {id}: チェックリストの回答を集計できません"),
            format!("project {id}: the checklist answers cannot be scored"),
        ))
    })?;
    let lang = Lang::Ja;

    out!(
        "案件 / project {id}: {}  —  {} (v{})",
        stored.project.title,
        checklist.title_ja,
        checklist.version
    );
    let profile = &evaluation.profile;
    out!("\n判断条件 / system profile:");
    for q in &checklist.questions {
        let answer = match profile.get(&q.id) {
            Some(true) => "はい / yes",
            Some(false) => "いいえ / no",
            None => "未回答 / unanswered",
        };
        out!("  {:<22} {answer:<20} {}", q.id, q.question(lang));
    }
    out!(
        "\n総合 / overall: {}   (対象 {} 項目、未回答 {} / {} applicable, {} unanswered{})",
        percent(card.overall.as_ref()),
        decision.included().count(),
        card.unanswered,
        decision.included().count(),
        card.unanswered,
        if card.complete {
            ""
        } else {
            "; 未完了 / incomplete"
        }
    );
    out!("\n対策区分別 / by category:");
    for g in &card.categories {
        let name = checklist
            .category(&g.id)
            .map(|c| c.name(lang))
            .unwrap_or("");
        out!("  {}  {name}", percent(g.rate.as_ref()));
    }
    out!("\n工程別 / by stage:");
    for g in &card.stages {
        let name = checklist.stage(&g.id).map(|s| s.name(lang)).unwrap_or("");
        out!("  {}  {name}", percent(g.rate.as_ref()));
    }
    out!("\n点検項目 / items:");
    for (item, d) in checklist.items.iter().zip(&decision.items) {
        if !d.included {
            continue;
        }
        let status = match state.answers.get(&item.id) {
            Some(a) => match a.answer {
                secspec_core::checklist::Answer::Partial { done, of } => {
                    format!("{}（{done}/{of}）", a.answer.label(lang))
                }
                other => other.label(lang).to_string(),
            },
            None => "未回答".to_string(),
        };
        out!("  {:<34} {status:<12} {}", item.id, item.question(lang));
    }
    let open: Vec<_> = card.open_items().collect();
    if !open.is_empty() {
        out!("\n未完了の項目 / open items: {}", open.len());
        for s in open {
            let a = state.answers.get(&s.item_id);
            let owner = a.map(|a| a.owner.as_str()).unwrap_or("");
            let due = a
                .and_then(|a| a.due)
                .map(|d| d.to_string())
                .unwrap_or_default();
            out!("  {:<34} 担当/owner: {owner}  期限/due: {due}", s.item_id);
        }
    }
    let excluded: Vec<_> = decision.items.iter().filter(|d| !d.included).collect();
    if !excluded.is_empty() {
        out!(
            "\n対象外の項目 / items that do not apply: {}",
            excluded.len()
        );
        for d in excluded {
            let why = d.why.first().map(|w| w.ja.as_str()).unwrap_or("");
            out!("  {:<34} {why}", d.item_id);
        }
    }
    Ok(())
}

pub fn run(ctx: &Ctx, command: ChecklistCommand) -> CliResult {
    match command {
        ChecklistCommand::Export { id, out } => {
            let f = ctx.svc()?.checklist_export(id, out.display().to_string())?;
            out!("{}  {}", f.path, f.sha256);
            Ok(())
        }
        ChecklistCommand::Import { id, file } => import(ctx, id, &file),
        ChecklistCommand::Report {
            id,
            out,
            format,
            draft,
        } => write_documents(
            ctx,
            GenerateRequest {
                id,
                dir: out.display().to_string(),
                kinds: vec![DocumentKind::ChecklistReport],
                formats: parse_formats(&format)?,
                draft,
            },
        ),
        ChecklistCommand::Oscal { id, out } => {
            for f in ctx.svc()?.checklist_oscal(id, out.display().to_string())? {
                out!("{}  {}", f.path, f.sha256);
            }
            Ok(())
        }
    }
}

fn import(ctx: &Ctx, id: i64, file: &Path) -> CliResult {
    let name = file.display();
    let svc = ctx.svc()?;
    let revision = svc.get_project(id)?.revision;
    let imported = svc.checklist_import(id, revision, file.display().to_string())?;
    for r in &imported.rejected {
        crate::error::warn(&format!("{name}: {}!{}: {}", r.sheet, r.cell, r.message));
    }
    out!(
        "取り込み / imported: {} 項目を更新、{} セルを除外 / {} item(s) changed, {} cell(s) rejected (revision {})",
        imported.changed.len(),
        imported.rejected.len(),
        imported.changed.len(),
        imported.rejected.len(),
        imported.state.revision
    );
    if imported.rejected.is_empty() {
        Ok(())
    } else {
        let n = imported.rejected.len();
        Err(CliError::input(Message::new(
            format!("{name}: {n} セルを取り込めませんでした（他のセルは取り込み済み）"),
            format!("{name}: {n} cell(s) were not imported (the others were)"),
        )))
    }
}
