//! Projects on the command line: answers files in, the list, a project's decision and
//! redlines, lint, and documents out. Each function asks the service and prints.

use crate::context::Ctx;
use crate::error::{CliError, CliResult};
use secspec_api::{GenerateRequest, GeneratedFile};
use secspec_core::applicability::Scope;
use secspec_core::deviation::redline_text;
use secspec_core::issue::Severity;
use secspec_core::{Format, Lang};
use std::path::{Path, PathBuf};

#[derive(clap::Subcommand)]
pub enum ProjectCommand {
    /// 案件ファイルを書き出す（この SecSpec の鍵で署名） / write a project file (signed with this SecSpec's key)
    Export {
        id: i64,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// 案件ファイルを新しい案件として取り込む（検証してから） / add a project file as a new project (after checking it)
    Import { file: PathBuf },
}

pub fn run(ctx: &Ctx, command: ProjectCommand) -> CliResult {
    let svc = ctx.svc()?;
    match command {
        ProjectCommand::Export { id, out } => {
            let e = svc.project_export(id, out.display().to_string())?;
            out!("{}", e.path);
            out!("案件 / project: {} ({})", e.title, e.package_id);
            out!("ダイジェスト / digest: {}", e.digest);
            out!("署名鍵の指紋 / key fingerprint: {}", e.fingerprint);
            out!("{} bytes", e.size_bytes);
        }
        ProjectCommand::Import { file } => {
            let i = svc.project_import(file.display().to_string())?;
            out!("{}", i.id);
            out!("案件 / project: {} (元 / was {})", i.title, i.package_id);
            out!("{}", i.signature.ja);
            out!("{}", i.signature.en);
            out!(
                "履歴 {} 件、レビュー用パッケージ {} 件、回答 {} 件 / {} history rows, {} review packages, {} responses",
                i.history,
                i.reviews,
                i.responses,
                i.history,
                i.reviews,
                i.responses
            );
        }
    }
    Ok(())
}

/// `--format docx,pdf` as formats (each once, in the order given).
pub fn parse_formats(list: &[String]) -> CliResult<Vec<Format>> {
    let mut out = Vec::new();
    for f in list {
        let format = Format::from_code(f).ok_or_else(|| {
            CliError::usage(
                &format!("--format: 「{f}」は不明な形式です（docx, pdf）"),
                &format!("--format: unknown format \"{f}\" (docx, pdf)"),
            )
        })?;
        if !out.contains(&format) {
            out.push(format);
        }
    }
    Ok(out)
}

/// Prints each written file with its SHA-256.
pub fn print_files(files: &[GeneratedFile]) {
    for f in files {
        out!("{}  {}", f.path, f.sha256);
    }
}

/// The project of an answers file, checked against the library (every problem listed).
fn read_checked(ctx: &Ctx, path: &Path) -> CliResult<secspec_core::Project> {
    let svc = ctx.svc()?;
    let project = secspec_api::answers::read_answers(path)?;
    svc.check_project(&project)
        .map_err(|e| e.prefixed(&path.display().to_string()))?;
    Ok(project)
}

pub fn answers_template(ctx: &Ctx) -> CliResult {
    out!("{}", ctx.svc()?.answers_template().trim_end_matches('\n'));
    Ok(())
}

pub fn new(ctx: &Ctx, answers: &Path) -> CliResult {
    let project = read_checked(ctx, answers)?;
    let state = ctx.svc()?.create_project(project)?;
    out!("{}", state.id);
    Ok(())
}

pub fn update(ctx: &Ctx, id: i64, answers: &Path) -> CliResult {
    let project = read_checked(ctx, answers)?;
    ctx.svc()?.replace_project(id, project)?;
    out!("{id}");
    Ok(())
}

pub fn list(ctx: &Ctx) -> CliResult {
    let rows = ctx.svc()?.list_projects()?;
    if rows.is_empty() {
        out!("案件はありません / no projects");
    }
    for p in rows {
        out!(
            "{:>5}  {:<9}  r{:<3}  {}  {}  [{}]",
            p.id,
            p.status,
            p.revision,
            p.updated_at,
            p.title,
            p.agency
        );
    }
    Ok(())
}

pub fn show(ctx: &Ctx, id: i64) -> CliResult {
    let svc = ctx.svc()?;
    let stored = svc.get_project(id)?;
    let p = &stored.project;
    let lang = Lang::Ja;
    out!(
        "案件 / project {id}  ({}, revision {})",
        stored.status,
        stored.revision
    );
    out!("  件名 / title: {}", p.title);
    out!("  府省庁 / agency: {} {}", p.agency, p.bureau);
    out!("  担当者 / officer: {}", p.officer);
    out!(
        "  契約 / contract: {}・{}",
        p.contract_kind.label(lang),
        p.method.label(lang)
    );
    out!(
        "  作成日 / date: {}",
        secspec_core::wareki::format(p.document_date).unwrap_or_default()
    );
    let evaluation = svc.evaluate(p.clone())?;
    let decision = &evaluation.decision;
    let scope = match decision.scope {
        Scope::Required => "適用 / required",
        Scope::Voluntary => "任意適用 / voluntary",
        Scope::OutOfScope => "対象外 / out of scope",
    };
    out!("\n適用判断 / applicability: {scope}");
    for w in &decision.why {
        out!("  - {}", w.ja);
    }
    out!("\n条項 / clauses:");
    for d in &decision.clauses {
        let Some(clause) = svc.library().clause(&d.clause_id) else {
            continue;
        };
        let mark = if d.included { "[x]" } else { "[ ]" };
        let req = if d.mandatory { " 必須/mandatory" } else { "" };
        out!("  {mark} {} {}{req}", clause.id, clause.ja.heading);
        for w in &d.why {
            out!("        {}", w.ja);
        }
        let composed = evaluation
            .clauses
            .iter()
            .find(|c| c.clause_id == d.clause_id);
        if let Some(dev) = composed.and_then(|c| c.deviation.as_ref()) {
            out!("        差分 / redline: {}", redline_text(&dev.redline));
        }
    }
    let gens = svc.generations(id)?;
    if !gens.is_empty() {
        out!("\n生成履歴 / generations:");
        for g in gens.iter().rev() {
            out!(
                "  {}  r{}  {}  {} bytes  sha256 {}",
                g.generated_at,
                g.project_revision,
                g.file_name,
                g.size_bytes,
                g.sha256
            );
        }
    }
    Ok(())
}

pub fn clauses(ctx: &Ctx, agencies: bool) -> CliResult {
    let library = ctx.svc()?.library();
    out!(
        "テンプレートライブラリ / template library {}",
        library.version
    );
    for c in &library.clauses {
        let source = library
            .source(&c.source)
            .map(|s| format!("{}（{}、{}）", s.title_ja, s.issuer_ja, s.date))
            .unwrap_or_default();
        out!(
            "\n{} (v{}, {:?}/{:?}{})",
            c.id,
            c.version,
            c.group,
            c.variant,
            if c.mandatory {
                ", 必須/mandatory"
            } else {
                ""
            }
        );
        out!("  {} / {}", c.ja.heading, c.en.heading);
        out!(
            "  区分 / origin: {} / {}",
            c.origin.label(Lang::Ja),
            c.origin.label(Lang::En)
        );
        out!("  出典 / source: {source}");
        if let Some(b) = &c.based_on_ja {
            out!("  根拠 / based on: {b}");
        }
        for p in &c.params {
            out!(
                "  param {}: {} / {}{}",
                p.name,
                p.label_ja,
                p.label_en,
                if p.required { " (必須/required)" } else { "" }
            );
        }
    }
    if !library.translation_note_ja.is_empty() {
        out!(
            "\n{}\n{}",
            library.translation_note_ja,
            library.translation_note_en
        );
    }
    if agencies {
        out!("\n府省庁一覧 / agencies:");
        for a in &library.agencies {
            out!("  {} / {} ({})", a.name_ja, a.name_en, a.source);
        }
    }
    Ok(())
}

pub fn lint(ctx: &Ctx, id: i64) -> CliResult {
    let issues = ctx.svc()?.lint(id)?;
    if issues.is_empty() {
        out!("問題はありません / no issues");
    }
    for i in &issues {
        out!("{}  {i}", i.severity.label());
    }
    let blocking = issues
        .iter()
        .filter(|i| i.severity <= Severity::Blocking)
        .count();
    if blocking > 0 {
        return Err(CliError::blocked(secspec_api::Message::new(
            format!("{blocking} 件の要対応事項があります"),
            format!("{blocking} blocking issue(s)"),
        )));
    }
    Ok(())
}

/// Writes documents of the saved project (`kinds` empty: the whole set).
pub fn write_documents(ctx: &Ctx, request: GenerateRequest) -> CliResult {
    let draft = request.draft;
    match ctx.svc()?.generate(request) {
        Ok(files) => {
            print_files(&files);
            Ok(())
        }
        Err(e) if e.code == secspec_api::ErrorCode::Blocked && !draft => {
            Err(CliError::from(e).hint("--draft で案を出力できます", "--draft writes drafts"))
        }
        Err(e) => Err(e.into()),
    }
}

pub fn generate(ctx: &Ctx, id: i64, out: &Path, format: &[String], draft: bool) -> CliResult {
    write_documents(
        ctx,
        GenerateRequest {
            id,
            dir: out.display().to_string(),
            kinds: Vec::new(),
            formats: parse_formats(format)?,
            draft,
        },
    )
}

pub fn demo(ctx: &Ctx, out: &Path) -> CliResult {
    let files = secspec_api::Service::demo(ctx.config(), &out.display().to_string())?;
    print_files(&files);
    Ok(())
}
