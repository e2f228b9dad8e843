//! `secspec checklist …`: show a project's checklist with its A–D score, export it as an Excel
//! workbook, import the workbook after offline editing, and write the checklist report.

use crate::commands::{generate_kinds, load, Ctx};
use crate::error::{CliError, CliResult};
use anyhow::anyhow;
use clap::Subcommand;
use secspec_core::checklist::report::decision_for;
use secspec_core::checklist::{score_answers, Rate};
use secspec_core::compose::Mode;
use secspec_core::{DocumentKind, Lang};
use secspec_render::set::Format;
use std::path::{Path, PathBuf};

// The OSCAL export lives in its own file next to this one.

/// Workbooks bigger than this are refused before they are read.
const MAX_WORKBOOK_BYTES: u64 = 20 << 20;

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
    let library = ctx.library()?;
    let store = ctx.store()?;
    let stored = load(&store, id)?;
    let checklist = &library.checklist;
    let state = &stored.project.checklist;
    let decision = decision_for(&library, &stored.project);
    let card = score_answers(checklist, &decision, &state.answers)
        .map_err(|e| CliError::input(e.to_string()))?;
    let lang = Lang::Ja;

    out!(
        "案件 / project {id}: {}  —  {} (v{})",
        stored.project.title,
        checklist.title_ja,
        checklist.version
    );
    // As decided: facts the project already answers (国の安全, 再委託) fill unanswered questions.
    let mut profile = state.profile.clone();
    profile.prefill_from(&stored.project);
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
        ChecklistCommand::Export { id, out } => export(ctx, id, &out),
        ChecklistCommand::Import { id, file } => import(ctx, id, &file),
        ChecklistCommand::Report {
            id,
            out,
            format,
            draft,
        } => {
            let formats = crate::commands::parse_formats(&format)?;
            let mode = if draft { Mode::Draft } else { Mode::Final };
            report(ctx, id, &out, &formats, mode)
        }
        ChecklistCommand::Oscal { id, out } => crate::oscal::export(ctx, id, &out),
    }
}

fn export(ctx: &Ctx, id: i64, out: &Path) -> CliResult {
    let library = ctx.library()?;
    let store = ctx.store()?;
    let stored = load(&store, id)?;
    let p = &stored.project;
    let decision = decision_for(&library, p);
    let meta = secspec_xlsx::WorkbookMeta {
        project_title: p.title.clone(),
        agency: p.agency.clone(),
        project_id: Some(id),
        revision: Some(stored.revision),
        document_date: p.document_date,
    };
    let bytes = secspec_xlsx::export(&library.checklist, &p.checklist, &decision, &meta, p.lang)
        .map_err(|e| anyhow!("{e}"))?;
    crate::files::write_printed(out, &bytes)
}

fn import(ctx: &Ctx, id: i64, file: &Path) -> CliResult {
    let name = file.display();
    let meta = std::fs::metadata(file)
        .map_err(|e| CliError::input(format!("{name}: 開けません / cannot open: {e}")))?;
    if meta.len() > MAX_WORKBOOK_BYTES {
        return Err(CliError::input(format!(
            "{name}: ファイルが大きすぎます（{} バイト、上限 {MAX_WORKBOOK_BYTES}） / file too large",
            meta.len()
        )));
    }
    let bytes = std::fs::read(file)
        .map_err(|e| CliError::input(format!("{name}: 読み込めません / cannot read: {e}")))?;
    let library = ctx.library()?;
    let store = ctx.store()?;
    let stored = load(&store, id)?;
    let imported = secspec_xlsx::import(&bytes, &library.checklist, &stored.project.checklist)
        .map_err(|e| CliError::input(format!("{name}: {e}")))?;
    for r in &imported.rejected {
        eprintln!(
            "secspec: {name}: {}!{}: {} / {}",
            r.sheet, r.cell, r.message_ja, r.message_en
        );
    }
    let mut project = stored.project.clone();
    project.checklist = imported.state;
    let outcome = store
        .update_project_checked(stored.id, stored.revision, &project)
        .map_err(|e| anyhow!("{e}"))?;
    out!(
        "取り込み / imported: {} 項目を更新、{} セルを除外 / {} item(s) changed, {} cell(s) rejected (revision {})",
        imported.changed.len(),
        imported.rejected.len(),
        imported.changed.len(),
        imported.rejected.len(),
        outcome.revision
    );
    if imported.rejected.is_empty() {
        Ok(())
    } else {
        Err(CliError::input(format!(
            "{name}: {} セルを取り込めませんでした（他のセルは取り込み済み） / {} cell(s) were not imported (the others were)",
            imported.rejected.len(),
            imported.rejected.len()
        )))
    }
}

fn report(ctx: &Ctx, id: i64, out: &Path, formats: &[Format], mode: Mode) -> CliResult {
    let store = ctx.store()?;
    let kinds = [DocumentKind::ChecklistReport];
    generate_kinds(ctx, &store, id, out, formats, mode, &kinds)
}
