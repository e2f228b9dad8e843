//! One function per subcommand; each loads only what it needs.

use crate::error::{CliError, CliResult};
use crate::{answers, resources, Cli, Command};
use anyhow::{anyhow, Context};
use secspec_core::applicability::{decide, Scope};
use secspec_core::builder::DocContext;
use secspec_core::compose::{compose, Mode};
use secspec_core::deviation::redline_text;
use secspec_core::issue::{blocks, Severity};
use secspec_core::{lint, validate, Lang, Library, Project};
use secspec_render::set::{self, Format};
use secspec_store::{format_timestamp, NewGeneration, ProjectId, Status, Store};
use std::path::{Path, PathBuf};

pub fn run(cli: Cli) -> CliResult {
    let ctx = Ctx {
        db: cli.db,
        templates: cli.templates,
        fonts: cli.fonts,
    };
    match cli.command {
        Command::AnswersTemplate => {
            out!("{}", answers::template(&ctx.library()?).trim_end_matches('\n'));
            Ok(())
        }
        Command::New { answers } => new(&ctx, &answers),
        Command::Update { id, answers } => update(&ctx, id, &answers),
        Command::List => list(&ctx),
        Command::Show { id } => show(&ctx, id),
        Command::Clauses { agencies } => clauses(&ctx.library()?, agencies),
        Command::Lint { id } => lint_cmd(&ctx, id),
        Command::Generate {
            id,
            out,
            format,
            draft,
        } => {
            let formats = parse_formats(&format)?;
            let mode = if draft { Mode::Draft } else { Mode::Final };
            generate(&ctx, &ctx.store()?, id, &out, &formats, mode)
        }
        Command::Demo { out } => demo(&ctx, &out),
        Command::Package { command } => crate::package::run(&ctx, command),
        Command::Review { file } => crate::package::review(&file),
        Command::Respond {
            file,
            answers,
            out,
            documents,
            draft,
        } => {
            crate::package::respond(&ctx, &file, &answers, &out)?;
            match documents {
                Some(dir) => {
                    let mode = if draft { Mode::Draft } else { Mode::Final };
                    crate::package::contractor_documents(&ctx, &file, &answers, &dir, mode)
                }
                None => Ok(()),
            }
        }
        Command::Checklist {
            id: Some(id),
            command: None,
        } => crate::checklist::show(&ctx, id),
        Command::Checklist {
            command: Some(command),
            ..
        } => crate::checklist::run(&ctx, command),
        Command::Checklist {
            id: None,
            command: None,
        } => Err(CliError::input(
            "checklist: 案件 ID かサブコマンド（export, import, report）を指定してください / give a project id or a subcommand (export, import, report)",
        )),
    }
}

pub struct Ctx {
    db: Option<PathBuf>,
    templates: Option<PathBuf>,
    pub fonts: Option<PathBuf>,
}

impl Ctx {
    pub fn library(&self) -> CliResult<Library> {
        Ok(resources::load_library(self.templates.as_deref())?)
    }

    fn db_path(&self) -> CliResult<PathBuf> {
        if let Some(p) = &self.db {
            return Ok(p.clone());
        }
        let dirs = directories::ProjectDirs::from("jp", "SecSpec", "secspec")
            .ok_or_else(|| anyhow!("データディレクトリが分かりません（--db で指定してください） / no data directory; pass --db"))?;
        Ok(dirs.data_dir().join("secspec.db"))
    }

    pub fn store(&self) -> CliResult<Store> {
        let path = self.db_path()?;
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).with_context(|| {
                format!(
                    "{}: フォルダを作成できません / cannot create folder",
                    parent.display()
                )
            })?;
        }
        Ok(Store::open(&path).map_err(|e| anyhow!("{e}"))?)
    }
}

pub fn parse_formats(list: &[String]) -> CliResult<Vec<Format>> {
    let mut out = Vec::new();
    for f in list {
        let format = Format::from_code(f).ok_or_else(|| {
            CliError::input(format!(
                "--format: 「{f}」は不明な形式です（docx, pdf） / unknown format (docx, pdf)"
            ))
        })?;
        if !out.contains(&format) {
            out.push(format);
        }
    }
    Ok(out)
}

/// Input errors (and characters no bundled font has) make the answers unusable.
fn check_input(ctx: &Ctx, source: &Path, project: &Project, library: &Library) -> CliResult {
    let mut issues = validate::project(project, library);
    if issues.is_empty() {
        let fonts = resources::load_fonts(ctx.fonts.as_deref())?;
        issues = validate::glyphs(project, &|c| fonts.covers(c));
    }
    match issues.first() {
        None => Ok(()),
        Some(first) => {
            for extra in issues.iter().skip(1) {
                eprintln!("secspec: {}: {extra}", source.display());
            }
            Err(CliError::input(format!("{}: {first}", source.display())))
        }
    }
}

fn status_of(project: &Project, library: &Library) -> Status {
    if blocks(&lint::lint(project, library)) {
        Status::Draft
    } else {
        Status::Ready
    }
}

fn new(ctx: &Ctx, path: &Path) -> CliResult {
    let library = ctx.library()?;
    let project = answers::read(path)?;
    check_input(ctx, path, &project, &library)?;
    let store = ctx.store()?;
    let id = store.create_project(&project).map_err(|e| anyhow!("{e}"))?;
    store
        .set_status(id, status_of(&project, &library))
        .map_err(|e| anyhow!("{e}"))?;
    out!("{}", id.0);
    Ok(())
}

fn update(ctx: &Ctx, id: i64, path: &Path) -> CliResult {
    let library = ctx.library()?;
    let project = answers::read(path)?;
    check_input(ctx, path, &project, &library)?;
    let store = ctx.store()?;
    let stored = load(&store, id)?;
    store
        .update_project(stored.id, &project)
        .map_err(|e| anyhow!("{e}"))?;
    store
        .set_status(stored.id, status_of(&project, &library))
        .map_err(|e| anyhow!("{e}"))?;
    out!("{id}");
    Ok(())
}

fn list(ctx: &Ctx) -> CliResult {
    let store = ctx.store()?;
    let rows = store.list_projects().map_err(|e| anyhow!("{e}"))?;
    if rows.is_empty() {
        out!("案件はありません / no projects");
    }
    for p in rows {
        let when = format_timestamp(p.updated_at).unwrap_or_default();
        out!(
            "{:>5}  {:<9}  r{:<3}  {when}  {}  [{}]",
            p.id.0,
            p.status.code(),
            p.revision,
            p.title,
            p.agency
        );
    }
    Ok(())
}

pub fn load(store: &Store, id: i64) -> CliResult<secspec_store::StoredProject> {
    store.get_project(ProjectId(id)).map_err(|e| match e {
        secspec_store::StoreError::NotFound(_) => {
            CliError::input(format!("案件 {id} はありません / no project {id}"))
        }
        other => CliError::Failure(anyhow!("{other}")),
    })
}

fn show(ctx: &Ctx, id: i64) -> CliResult {
    let library = ctx.library()?;
    let store = ctx.store()?;
    let stored = load(&store, id)?;
    let p = &stored.project;
    let lang = Lang::Ja;
    out!(
        "案件 / project {id}  ({}, revision {})",
        stored.status.code(),
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
        secspec_core::wareki::format(p.document_date).unwrap_or_else(|e| e.to_string())
    );
    let decision = decide(p, &library);
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
        let Some(clause) = library.clause(&d.clause_id) else {
            continue;
        };
        let mark = if d.included { "[x]" } else { "[ ]" };
        let req = if d.mandatory { " 必須/mandatory" } else { "" };
        out!("  {mark} {} {}{req}", clause.id, clause.ja.heading);
        for w in &d.why {
            out!("        {}", w.ja);
        }
        if d.included {
            if let Ok(c) = compose(p, clause, p.lang, Mode::Draft) {
                if let Some(dev) = &c.deviation {
                    out!("        差分 / redline: {}", redline_text(&dev.redline));
                }
            }
        }
    }
    let gens = store.generations(stored.id).map_err(|e| anyhow!("{e}"))?;
    if !gens.is_empty() {
        out!("\n生成履歴 / generations:");
        for g in gens {
            let when = format_timestamp(g.generated_at).unwrap_or_default();
            out!(
                "  {when}  r{}  {}  {} bytes  sha256 {}",
                g.project_revision,
                g.file_name,
                g.size_bytes,
                g.sha256
            );
        }
    }
    Ok(())
}

fn clauses(library: &Library, agencies: bool) -> CliResult {
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

fn lint_cmd(ctx: &Ctx, id: i64) -> CliResult {
    let library = ctx.library()?;
    let store = ctx.store()?;
    let stored = load(&store, id)?;
    let issues = lint::lint(&stored.project, &library);
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
        return Err(CliError::Blocked(format!(
            "{blocking} 件の要対応事項があります / {blocking} blocking issue(s)"
        )));
    }
    Ok(())
}

/// Renders the set, writes the files and records each generation.
fn generate(
    ctx: &Ctx,
    store: &Store,
    id: i64,
    out: &Path,
    formats: &[Format],
    mode: Mode,
) -> CliResult {
    generate_kinds(ctx, store, id, out, formats, mode, &[])
}

/// Like [`generate`], only the documents of `kinds` (all of the set when empty).
pub fn generate_kinds(
    ctx: &Ctx,
    store: &Store,
    id: i64,
    out: &Path,
    formats: &[Format],
    mode: Mode,
    kinds: &[secspec_core::DocumentKind],
) -> CliResult {
    let library = ctx.library()?;
    let fonts = resources::load_fonts(ctx.fonts.as_deref())?;
    let stored = load(store, id)?;
    let id = stored.id;
    let doc_ctx = DocContext {
        project_id: id.0,
        revision: stored.revision,
    };
    let outputs = set::generate(&stored.project, &library, &fonts, doc_ctx, formats, mode).map_err(|e| match e {
        set::SetError::Build(secspec_core::builder::BuildError::Blocked(issues)) => {
            for i in &issues {
                eprintln!("secspec: {}  {i}", i.severity.label());
            }
            CliError::Blocked(format!(
                "案件 {}: 最終版を作成できません（要対応 {} 件。--draft で案を出力できます） / cannot make final documents ({} blocking issue(s); --draft writes drafts)",
                id.0,
                issues.len(),
                issues.len()
            ))
        }
        other => CliError::Failure(anyhow!("{other}")),
    })?;
    crate::files::create_dir(out)?;
    for o in outputs
        .iter()
        .filter(|o| kinds.is_empty() || kinds.contains(&o.kind))
    {
        crate::files::write_printed(&out.join(&o.file_name), &o.bytes)?;
        store
            .record_generation(&NewGeneration {
                project_id: id,
                document_kind: o.kind,
                format: o.format,
                file_name: o.file_name.clone(),
                sha256: o.sha256.clone(),
                size_bytes: o.bytes.len() as u64,
                template_versions: o.template_versions.clone(),
                project_revision: stored.revision,
            })
            .map_err(|e| anyhow!("{e}"))?;
    }
    if mode == Mode::Final {
        store
            .set_status(id, Status::Generated)
            .map_err(|e| anyhow!("{e}"))?;
    }
    Ok(())
}

fn demo(ctx: &Ctx, out: &Path) -> CliResult {
    let library = ctx.library()?;
    let dir = resources::templates_dir(ctx.templates.as_deref())?;
    let tmp = tempfile::tempdir()
        .context("一時フォルダを作成できません / cannot create a temporary folder")?;
    let store = Store::open(&tmp.path().join("demo.db")).map_err(|e| anyhow!("{e}"))?;
    for name in ["procurement", "subsidy"] {
        let path = dir.join("examples").join(format!("{name}.toml"));
        let project = answers::read(&path)?;
        check_input(ctx, &path, &project, &library)?;
        let id = store.create_project(&project).map_err(|e| anyhow!("{e}"))?;
        generate(ctx, &store, id.0, out, &Format::ALL, Mode::Final)?;
    }
    Ok(())
}
