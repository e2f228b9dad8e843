//! The review round trip (issue 6): `secspec package export|import` on the officer's side,
//! `secspec review` and `secspec respond` on the contractor's side (no database needed).

use crate::commands::{load, Ctx};
use crate::error::{CliError, CliResult};
use anyhow::anyhow;
use clap::Subcommand;
use secspec_core::contractor::{ContractorResponse, ResponseKind};
use secspec_core::deviation::redline_text;
use secspec_core::{Issue, Lang, Severity};
use secspec_package::{Body, KeyPair, ProjectRef, ResponsePackage, ReviewPackage, Scope};
use secspec_store::{KeyOrigin, KeyRole, NewOwnKey, NewReviewExport, ProjectId, Store};
use std::path::Path;

/// Answers files are small; anything bigger is a mistake.
const MAX_ANSWERS_BYTES: u64 = 8 << 20;

#[derive(Subcommand)]
pub enum PackageCommand {
    /// レビュー用パッケージを書き出す（ID とダイジェストを表示） / write the review package for the contractor (prints its id and digest)
    Export {
        id: i64,
        #[arg(long, value_name = "FILE")]
        out: std::path::PathBuf,
    },
    /// 受注者の回答パッケージを取り込む / import a contractor's response package
    Import { id: i64, file: std::path::PathBuf },
}

pub fn run(ctx: &Ctx, command: PackageCommand) -> CliResult {
    match command {
        PackageCommand::Export { id, out } => export(ctx, id, &out),
        PackageCommand::Import { id, file } => import(ctx, id, &file),
    }
}

/// Reads a file of at most `max` bytes; a missing, unreadable or too large file is bad input.
fn read_file(path: &Path, max: u64) -> CliResult<Vec<u8>> {
    let name = path.display();
    let meta = std::fs::metadata(path)
        .map_err(|e| CliError::input(format!("{name}: 開けません / cannot open: {e}")))?;
    if meta.len() > max {
        return Err(CliError::input(format!(
            "{name}: ファイルが大きすぎます（{} バイト、上限 {max}） / file too large ({} bytes, at most {max})",
            meta.len(),
            meta.len()
        )));
    }
    std::fs::read(path)
        .map_err(|e| CliError::input(format!("{name}: 読み込めません / cannot read: {e}")))
}

/// A verified review package and its digest; any refusal is bad input naming file and entry.
fn open_review(path: &Path) -> CliResult<(ReviewPackage, String)> {
    let bytes = read_file(path, secspec_package::MAX_PACKAGE)?;
    let refused = |e| CliError::input(format!("{}: {e}", path.display()));
    let opened = secspec_package::read_review(&bytes).map_err(refused)?;
    Ok((opened.package, opened.digest))
}

/// This SecSpec's key pair of `role`: the stored one, or a new one made and stored now (on
/// the first export). Packages are signed with it.
fn own_key(store: &Store, role: KeyRole) -> CliResult<KeyPair> {
    let fresh = KeyPair::generate().map_err(|e| anyhow!("{e}"))?;
    let (public_key, secret_key) = (fresh.public_key().to_hex(), fresh.secret_bytes());
    let stored = store
        .own_key_or_insert(&NewOwnKey {
            role,
            public_key: &public_key,
            secret_key: &secret_key,
            origin: KeyOrigin::Generated,
        })
        .map_err(|e| anyhow!("{e}"))?;
    Ok(KeyPair::from_stored(&stored.secret_key, &stored.public_key).map_err(|e| anyhow!("{e}"))?)
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map(|t| t.matches('\n').count() + 1)
        .unwrap_or(0)
}

/// The contractor's answers file: a TOML `ContractorResponse` (see templates/examples/response.toml).
fn read_answers(path: &Path) -> CliResult<ContractorResponse> {
    let name = path.display();
    let bytes = read_file(path, MAX_ANSWERS_BYTES)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        CliError::input(format!(
            "{name}: UTF-8 ではありません（{at} バイト目） / not valid UTF-8 at byte {at}"
        ))
    })?;
    toml::from_str(&text).map_err(|e| {
        let line = e
            .span()
            .map(|s| {
                let n = line_of(&text, s.start);
                format!(" ({n}行目 / line {n})")
            })
            .unwrap_or_default();
        CliError::input(format!("{name}{line}: {}", e.message().replace('\n', " ")))
    })
}

/// `Invalid` issues refuse (the first one names the file and field; the others go to stderr);
/// the rest is returned.
fn refuse_invalid(source: &Path, issues: Vec<Issue>) -> CliResult<Vec<Issue>> {
    let (invalid, rest): (Vec<Issue>, Vec<Issue>) = issues
        .into_iter()
        .partition(|i| i.severity == Severity::Invalid);
    match invalid.first() {
        None => Ok(rest),
        Some(first) => {
            for extra in invalid.iter().skip(1) {
                eprintln!("secspec: {}: {extra}", source.display());
            }
            Err(CliError::input(format!("{}: {first}", source.display())))
        }
    }
}

fn export(ctx: &Ctx, id: i64, out: &Path) -> CliResult {
    let library = ctx.library()?;
    let store = ctx.store()?;
    let stored = load(&store, id)?;
    let project_ref = ProjectRef {
        project_id: id,
        revision: stored.revision,
    };
    let review = secspec_package::build_review(&library, &stored.project, project_ref)
        .map_err(|e| anyhow!("{e}"))?;
    let key = own_key(&store, KeyRole::Agency)?;
    let bytes = secspec_package::write_review(&review, &key).map_err(|e| anyhow!("{e}"))?;
    let digest = secspec_package::digest(&bytes).map_err(|e| anyhow!("{e}"))?;
    crate::files::write(out, &bytes)?;
    store
        .record_review_export(&NewReviewExport {
            project_id: stored.id,
            package_id: review.package_id(),
            digest: digest.clone(),
            project_revision: stored.revision,
            file_name: out
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            package: &bytes,
        })
        .map_err(|e| anyhow!("{e}"))?;
    out!("{}", out.display());
    out!("パッケージ ID / package id: {}", review.package_id());
    out!("ダイジェスト / digest: {digest}");
    out!("（受注者には別の経路でダイジェストを伝えてください / tell the contractor the digest by another channel）");
    Ok(())
}

fn print_body(body: &[Body], indent: &str) {
    for b in body {
        match b {
            Body::Paragraph(text) => {
                for line in text.lines() {
                    out!("{indent}{line}");
                }
            }
            Body::List(items) => {
                for item in items {
                    out!("{indent}・{item}");
                }
            }
        }
    }
}

/// Contractor side: everything the review package requires, with provenance and redlines.
pub fn review(file: &Path) -> CliResult {
    let (review, digest) = open_review(file)?;
    let p = &review.project;
    out!(
        "レビュー用パッケージ / review package: {}",
        review.package_id()
    );
    out!("ダイジェスト / digest: {digest}");
    out!("（発注者から別の経路で知らされた値と照合してください / compare it with the digest the agency gave you）");
    out!("\n件名 / title: {}", p.title);
    out!("府省庁 / agency: {} {}", p.agency, p.bureau);
    if !p.officer.is_empty() {
        out!("担当者 / officer: {}", p.officer);
    }
    out!(
        "契約の種類 / contract kind: {} / {}（{} / {}）",
        p.contract_kind.label(Lang::Ja),
        p.contract_kind.label(Lang::En),
        p.method.label(Lang::Ja),
        p.method.label(Lang::En)
    );
    let date = |d: Option<secspec_core::Date>| d.map(|d| d.to_string()).unwrap_or_default();
    out!(
        "契約期間 / contract period: {} – {}",
        date(p.contract_start),
        date(p.contract_end)
    );
    out!(
        "再委託 / subcontracting: {}",
        if p.subcontracting {
            "可 / allowed"
        } else {
            "不可 / not allowed"
        }
    );
    let scope = match p.scope {
        Scope::Required => "必須 / required",
        Scope::Voluntary => "任意適用 / applied voluntarily",
        Scope::OutOfScope => "対象外 / out of scope",
    };
    out!("適用 / scope: {scope}");
    for why in &p.scope_why {
        out!("  - {} / {}", why.ja, why.en);
    }
    if let Some(def) = &p.national_security_definition {
        out!("「国の安全」/ national security: {def}");
    }
    out!(
        "版 / versions: library {}, checklist {}",
        p.library_version,
        p.checklist_version
    );

    let set = &review.clauses;
    out!("\n条項 / clauses: {}", set.clauses.len());
    for c in &set.clauses {
        let mandatory = if c.mandatory {
            "  (必須 / mandatory)"
        } else {
            ""
        };
        out!("\n[{}] {}{mandatory}", c.id, c.heading);
        let source = set
            .sources
            .get(&c.source)
            .map(|s| s.title_ja.as_str())
            .unwrap_or(c.source.as_str());
        out!(
            "  出典 / origin: {} / {} — {source}",
            c.origin.label(Lang::Ja),
            c.origin.label(Lang::En)
        );
        if let Some(based_on) = c.based_on.as_deref().filter(|b| !b.is_empty()) {
            out!("  根拠 / based on: {based_on}");
        }
        print_body(&c.text, "    ");
        for s in &c.supplements {
            out!("    {s}");
        }
        for a in &c.additions {
            out!("  追加 / addition: {a}");
        }
        if !c.unfilled.is_empty() {
            out!("  未記入 / unfilled: {}", c.unfilled.join(", "));
        }
        if let Some(d) = &c.deviation {
            out!(
                "  標準文言からの変更 / changed from the standard text (+{} −{}): {}",
                d.inserted_chars,
                d.deleted_chars,
                d.reason.as_deref().unwrap_or("")
            );
            out!("    差分 / redline: {}", redline_text(&d.redline));
        }
    }
    if !set.translation_note.is_empty() {
        out!("\n{}", set.translation_note);
    }

    let list = &review.checklist;
    out!(
        "\nチェックリストの要件 / checklist requirements: {} (v{}) {} 項目 / items",
        list.title,
        list.version,
        list.items.len()
    );
    for item in &list.items {
        let provisional = if item.provisional {
            "（暫定 / provisional）"
        } else {
            ""
        };
        out!(
            "  [{}] {} / {} {}: {}{provisional}",
            item.id,
            item.stage,
            item.category,
            item.subitem,
            item.requirement
        );
    }
    out!("\n回答 / respond: secspec respond {} --answers response.toml --out response.secspec（見本 / example: templates/examples/response.toml）", file.display());
    Ok(())
}

/// Contractor side: writes the response package for a review package.
pub fn respond(ctx: &Ctx, review_file: &Path, answers: &Path, out: &Path) -> CliResult {
    let (review, review_digest) = open_review(review_file)?;
    let response = read_answers(answers)?;
    let package = secspec_package::respond(&review, &review_digest, response);
    let open = refuse_invalid(answers, secspec_package::check_response(&package, &review))?;
    let key = own_key(&ctx.store()?, KeyRole::Contractor)?;
    let bytes = secspec_package::write_response(&package, &key)
        .map_err(|e| CliError::input(format!("{}: {e}", answers.display())))?;
    let digest = secspec_package::digest(&bytes).map_err(|e| anyhow!("{e}"))?;
    crate::files::write(out, &bytes)?;
    out!("{}", out.display());
    out!("パッケージ ID / package id: {}", package.package_id());
    out!("ダイジェスト / digest: {digest}");
    out!(
        "回答するレビュー / answers review: {} ({review_digest})",
        package.review.package_id
    );
    if !open.is_empty() {
        out!("未完了 / incomplete: {}", open.len());
        for i in &open {
            out!("  {}: {} / {}", i.field, i.ja, i.en);
        }
    }
    Ok(())
}

/// Writes the four contractor documents (DOCX + PDF) for the response in `answers` to `review_file`.
pub fn contractor_documents(
    ctx: &Ctx,
    review_file: &Path,
    answers: &Path,
    dir: &Path,
    mode: secspec_core::compose::Mode,
) -> CliResult {
    let (review, review_digest) = open_review(review_file)?;
    let response = read_answers(answers)?;
    let library = ctx.library()?;
    let fonts = crate::resources::load_fonts(ctx.fonts.as_deref())?;
    let input = secspec_package::doc_input(&review, &review_digest, &response);
    let outputs = secspec_render::contractor::render_contractor_docs(
        &input,
        &library,
        &fonts,
        &secspec_render::set::Format::ALL,
        mode,
    )
    .map_err(|e| match e {
        secspec_render::set::SetError::Build(secspec_core::builder::BuildError::Blocked(issues)) => {
            for i in &issues {
                eprintln!("secspec: {}: {}  {i}", answers.display(), i.severity.label());
            }
            CliError::Blocked(format!(
                "受注者文書を作成できません（要対応 {} 件。--draft で案を出力できます） / cannot make the contractor documents ({} blocking issue(s); --draft writes drafts)",
                issues.len(),
                issues.len()
            ))
        }
        other => CliError::Failure(anyhow!("{other}")),
    })?;
    crate::files::create_dir(dir)?;
    for o in &outputs {
        crate::files::write_printed(&dir.join(&o.file_name), &o.bytes)?;
    }
    Ok(())
}

fn not_exported(id: i64, file: &Path, response: &ResponsePackage) -> CliError {
    let r = &response.review;
    let name = file.display();
    match ProjectRef::project_of(&r.package_id).filter(|&other| other != id) {
        Some(other) => CliError::input(format!(
            "{name}: この回答は案件 {other} のレビュー用パッケージ {} への回答です。案件 {id} には取り込めません / this response answers review package {} of project {other}; it cannot be imported into project {id}",
            r.package_id, r.package_id
        )),
        None => CliError::input(format!(
            "{name}: {}",
            secspec_package::PackageError::NotAnswering {
                package_id: r.package_id.clone(),
                digest: r.digest.clone(),
            }
        )),
    }
}

fn kind_label(kind: Option<ResponseKind>) -> String {
    match kind {
        Some(k) => format!("{} / {}", k.label(Lang::Ja), k.label(Lang::En)),
        None => "未回答 / unanswered".to_string(),
    }
}

fn import(ctx: &Ctx, id: i64, file: &Path) -> CliResult {
    let bytes = read_file(file, secspec_package::MAX_PACKAGE)?;
    let refused = |e| CliError::input(format!("{}: {e}", file.display()));
    let opened = secspec_package::read_response(&bytes).map_err(refused)?;
    let (package, digest) = (opened.package, opened.digest);
    let store = ctx.store()?;
    load(&store, id)?;
    let review = exported_review(&store, id, file, &package)?;
    let open = refuse_invalid(file, secspec_package::check_response(&package, &review))?;
    let recorded = store
        .record_response(
            ProjectId(id),
            &package.review.digest,
            &digest,
            &package.response,
        )
        .map_err(|e| anyhow!("{e}"))?;
    let previous = store
        .responses(ProjectId(id))
        .map_err(|e| anyhow!("{e}"))?
        .len()
        > 1;

    let r = &package.response;
    out!("回答パッケージ / response: {}", package.package_id());
    out!("ダイジェスト / digest: {digest}");
    out!(
        "回答者 / respondent: {} {}（{}）",
        r.profile.company,
        r.respondent.name,
        r.respondent.contact
    );
    out!("\n条項 / clauses:");
    let mut questions = 0;
    for c in &review.clauses.clauses {
        let answer = r.clause_responses.get(&c.id);
        let kind = answer.map(|a| a.kind);
        if kind == Some(ResponseKind::Question) {
            questions += 1;
        }
        out!("  [{}] {}  {}", c.id, c.heading, kind_label(kind));
        if let Some(text) = answer.map(|a| a.text.trim()).filter(|t| !t.is_empty()) {
            for line in text.lines() {
                out!("      {line}");
            }
        }
    }
    out!("\n未回答の質問 / open questions: {questions}");
    if !open.is_empty() {
        out!("未完了 / incomplete: {}", open.len());
        for i in &open {
            out!("  {}: {} / {}", i.field, i.ja, i.en);
        }
    }
    if previous {
        out!(
            "\n前回の回答からの変更 / changes since the previous response: {}",
            recorded.changes.len()
        );
        for c in &recorded.changes {
            out!("  {}: {} -> {}", c.field, c.old, c.new);
        }
    } else {
        out!(
            "\n初回の回答 / first response: {} 項目 / fields",
            recorded.changes.len()
        );
    }
    Ok(())
}

/// The review package of project `id` that the response answers, from the exact bytes kept at
/// export; a response to anything else is refused.
fn exported_review(
    store: &Store,
    id: i64,
    file: &Path,
    package: &ResponsePackage,
) -> CliResult<ReviewPackage> {
    let exported: Vec<String> = store
        .review_exports(ProjectId(id))
        .map_err(|e| anyhow!("{e}"))?
        .into_iter()
        .map(|e| e.digest)
        .collect();
    secspec_package::check_answers_export(package, &exported)
        .map_err(|_| not_exported(id, file, package))?;
    let bytes = store
        .review_package_bytes(ProjectId(id), &package.review.digest)
        .map_err(|e| anyhow!("{e}"))?
        .ok_or_else(|| not_exported(id, file, package))?;
    Ok(secspec_package::read_review(&bytes)
        .map_err(|e| anyhow!("{e}"))?
        .package)
}
