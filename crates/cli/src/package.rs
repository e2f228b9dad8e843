//! The review round trip on the command line: `secspec package export|import` on the
//! officer's side, `secspec review` and `secspec respond` on the contractor's side (no database
//! needed).

use crate::context::Ctx;
use crate::error::CliResult;
use crate::projects::print_files;
use clap::Subcommand;
use secspec_api::review::{Body, Scope};
use secspec_core::contractor::ResponseKind;
use secspec_core::deviation::redline_text;
use secspec_core::Lang;
use std::path::Path;

#[derive(Subcommand)]
pub enum PackageCommand {
    /// レビュー用パッケージを書き出す（ID とダイジェストを表示） / write the review package for the contractor (prints its id and digest)
    Export {
        id: i64,
        #[arg(long, value_name = "FILE")]
        out: std::path::PathBuf,
    },
    /// 受注者の回答パッケージを取り込む / import a contractor's response package
    Import {
        id: i64,
        file: std::path::PathBuf,
        /// 受注者の鍵が以前と異なることを確認済みとして取り込む / import although the contractor's key changed (after checking its fingerprint with the contractor)
        #[arg(long)]
        accept_new_key: bool,
    },
    /// 取り込んだ回答の質問と発注者の回答を表示 / the questions of the current response with the agency's answers
    Questions {
        id: i64,
        /// 該当箇所の言語（既定: 案件の言語） / language of the references (default: the project's)
        #[arg(long, value_enum)]
        lang: Option<crate::check::LangArg>,
    },
    /// 質問に回答する（空の回答で削除） / answer a question (an empty answer removes it)
    Answer {
        id: i64,
        /// 質問の対象（`secspec package questions` の [clause:…] / [requirement:…]） / the question's target as listed by `package questions`
        target: String,
        /// 回答の本文 / the answer
        #[arg(long, conflicts_with = "file", required_unless_present = "file")]
        text: Option<String>,
        /// 回答の本文を UTF-8 のファイルから読む / read the answer from a UTF-8 file
        #[arg(long, value_name = "FILE")]
        file: Option<std::path::PathBuf>,
    },
    /// 質問回答書（DOCX・PDF）を書き出す / write the answers to questions (DOCX and PDF)
    Qa {
        id: i64,
        #[arg(long, value_name = "DIR")]
        out: std::path::PathBuf,
        #[arg(long, value_enum)]
        lang: Option<crate::check::LangArg>,
        /// 未回答の質問があっても案として出力 / write a draft even while a question has no answer
        #[arg(long)]
        draft: bool,
    },
}

pub fn run(ctx: &Ctx, command: PackageCommand) -> CliResult {
    match command {
        PackageCommand::Export { id, out } => {
            let e = ctx.svc()?.package_export(id, out.display().to_string())?;
            out!("{}", e.path);
            out!("パッケージ ID / package id: {}", e.package_id);
            out!("ダイジェスト / digest: {}", e.digest);
            out!(
                "署名鍵のフィンガープリント / signing key fingerprint: {}",
                e.fingerprint
            );
            out!("（受注者にはフィンガープリントを入札公告等で公表してください / publish the fingerprint to the contractor, e.g. in the tender documents）");
            Ok(())
        }
        PackageCommand::Import {
            id,
            file,
            accept_new_key,
        } => import(ctx, id, &file, accept_new_key),
        PackageCommand::Questions { id, lang } => {
            print_questions(&ctx.svc()?.question_answers(id, lang.map(Lang::from))?);
            Ok(())
        }
        PackageCommand::Answer {
            id,
            target,
            text,
            file,
        } => {
            let answer = match (text, file) {
                (Some(t), _) => t,
                (None, Some(f)) => std::fs::read_to_string(&f).map_err(|e| {
                    secspec_api::ApiError::new(
                        secspec_api::ErrorCode::Invalid,
                        format!("{}: 読めません: {e}", f.display()),
                        format!("{}: cannot read: {e}", f.display()),
                    )
                })?,
                (None, None) => String::new(),
            };
            let view = ctx.svc()?.set_question_answer(id, target, answer)?;
            out!(
                "回答済み / answered: {} / {}",
                view.answered,
                view.items.len()
            );
            Ok(())
        }
        PackageCommand::Qa {
            id,
            out,
            lang,
            draft,
        } => {
            let files = ctx
                .svc()?
                .write_question_answers(
                    id,
                    out.display().to_string(),
                    lang.map(Lang::from),
                    Some(draft),
                )
                .map_err(|e| {
                    let blocked = e.code == secspec_api::ErrorCode::Blocked && !draft;
                    let e = crate::error::CliError::from(e);
                    if blocked {
                        e.hint("--draft で案を出力できます", "--draft writes a draft")
                    } else {
                        e
                    }
                })?;
            print_files(&files);
            Ok(())
        }
    }
}

/// The questions of the current response, each with the agency's answer or 未回答.
fn print_questions(view: &secspec_api::QuestionAnswers) {
    if view.response_digest.is_none() {
        out!("回答パッケージが取り込まれていません / no response imported");
        return;
    }
    out!(
        "質問 / questions: {}（回答済み / answered: {}）",
        view.items.len(),
        view.answered
    );
    for q in &view.items {
        out!("\n[{}] {}", q.target, q.location);
        for line in q.question.lines() {
            out!("  質問 / question: {line}");
        }
        if q.answered {
            for line in q.answer.lines() {
                out!("  回答 / answer: {line}");
            }
        } else {
            out!("  回答 / answer: 未回答 / not answered");
        }
        if let Some(previous) = &q.previous_answer {
            out!("  （質問が変わる前の回答 / answer to the earlier wording: {previous}）");
        }
    }
}

/// Contractor side: writes the response package, and the contractor documents into
/// `documents` when given.
pub fn respond(
    ctx: &Ctx,
    review_file: &Path,
    answers: &Path,
    out: &Path,
    documents: Option<&Path>,
    draft: bool,
) -> CliResult {
    let svc = ctx.svc()?;
    let response = secspec_api::answers::read_response_answers(answers)?;
    let review = review_file.display().to_string();
    let written = svc
        .write_response(review.clone(), response.clone(), out.display().to_string())
        .map_err(|e| e.prefixed(&answers.display().to_string()))?;
    let opened = svc.open_review(review.clone(), None)?;
    out!("{}", written.path);
    out!("パッケージ ID / package id: {}", written.package_id);
    out!("ダイジェスト / digest: {}", written.digest);
    out!(
        "署名鍵のフィンガープリント / signing key fingerprint: {}",
        written.fingerprint
    );
    out!(
        "回答するレビュー / answers review: {} ({})",
        opened.package_id,
        opened.digest
    );
    if !written.issues.is_empty() {
        out!("未完了 / incomplete: {}", written.issues.len());
        for i in &written.issues {
            out!("  {}: {} / {}", i.field, i.ja, i.en);
        }
    }
    if let Some(dir) = documents {
        let files = svc
            .contractor_documents(review, response, dir.display().to_string(), Some(draft))
            .map_err(|e| {
                let blocked = e.code == secspec_api::ErrorCode::Blocked && !draft;
                let e = crate::error::CliError::from(e.prefixed(&answers.display().to_string()));
                if blocked {
                    e.hint("--draft で案を出力できます", "--draft writes drafts")
                } else {
                    e
                }
            })?;
        print_files(&files);
    }
    Ok(())
}

fn kind_label(kind: Option<ResponseKind>) -> String {
    match kind {
        Some(k) => format!("{} / {}", k.label(Lang::Ja), k.label(Lang::En)),
        None => "未回答 / unanswered".to_string(),
    }
}

fn import(ctx: &Ctx, id: i64, file: &Path, accept_new_key: bool) -> CliResult {
    let svc = ctx.svc()?;
    let imported = svc.import_response(id, file.display().to_string(), Some(accept_new_key))?;
    print_signer(&imported.signer);
    let previous = svc.responses(id)?.len() > 1;
    let r = &imported.response;
    out!("回答パッケージ / response: {}", imported.package_id);
    out!("ダイジェスト / digest: {}", imported.digest);
    out!(
        "回答者 / respondent: {} {}（{}）",
        r.profile.company,
        r.respondent.name,
        r.respondent.contact
    );
    out!("\n条項 / clauses:");
    for c in &imported.clauses {
        out!("  [{}] {}  {}", c.clause_id, c.heading, kind_label(c.kind));
        let text = c.text.trim();
        if !text.is_empty() {
            for line in text.lines() {
                out!("      {line}");
            }
        }
    }
    out!(
        "\n未回答の質問 / open questions: {}",
        imported.open_questions
    );
    if !imported.issues.is_empty() {
        out!("未完了 / incomplete: {}", imported.issues.len());
        for i in &imported.issues {
            out!("  {}: {} / {}", i.field, i.ja, i.en);
        }
    }
    if !previous {
        out!(
            "\n初回の回答 / first response: {} 項目 / fields",
            imported.changes.len()
        );
    } else {
        out!(
            "\n前回の回答からの変更 / changes since the previous response: {}",
            imported.changes.len()
        );
        for c in &imported.changes {
            out!("  {}: {} -> {}", c.field, c.old, c.new);
        }
    }
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
/// Who signed the package; a warning (changed key, unsigned) goes to stderr as well.
fn print_signer(signer: &secspec_api::SignerView) {
    use secspec_api::review::TrustLevel;
    out!("署名 / signature: {}", signer.message);
    if signer.level >= TrustLevel::Warning {
        crate::error::warn(&signer.message.to_string());
    }
}

/// `secspec review --json`: the package's facts and, per clause, the verdict of the bundled
/// library (in the shape of `secspec check --json`) with the package's claim beside it.
#[derive(serde::Serialize)]
struct ReviewJson<'a> {
    file: String,
    package_id: &'a str,
    digest: &'a str,
    signer: &'a secspec_api::SignerView,
    project: &'a secspec_api::review::ProjectFacts,
    library_version: &'a str,
    package_library_version: &'a str,
    all_standard: bool,
    clauses: &'a [secspec_api::ClauseVerification],
}

fn verdict_label(c: &secspec_api::ClauseVerification) -> String {
    use secspec_api::Verdict;
    let status = match c.status {
        Verdict::Verbatim => "verbatim",
        Verdict::Changed if c.notation_only => "notation only",
        Verdict::Changed if c.weakened => "changed, weakened",
        Verdict::Changed => "changed",
        Verdict::Missing => "missing",
        Verdict::UnknownClause => "unknown clause",
    };
    if c.label_origin.is_some() && c.status == Verdict::Verbatim {
        // The origin line below says the rest.
        return format!("原文どおり、同梱の条項ライブラリと照合済み / verbatim, checked against the bundled clause library [{status}]");
    }
    format!("{} / {} [{status}]", c.verdict.ja, c.verdict.en)
}

fn claim_label(c: &secspec_api::ClauseVerification) -> String {
    let said = if c.claim.deviation {
        "標準文言を変更したと申告 / declares a change to the standard text"
    } else {
        "標準文言からの変更なしと申告 / declares no change to the standard text"
    };
    let disputed = if c.claim_disputed {
        "（照合結果と一致しません / contradicted by the check）"
    } else {
        ""
    };
    format!("{said}, v{}{disputed}", c.claim.version)
}

pub fn review(ctx: &Ctx, file: &Path, json: bool, accept_new_key: bool) -> CliResult {
    let review = ctx
        .svc()?
        .open_review(file.display().to_string(), Some(accept_new_key))?;
    if json {
        let v = &review.verification;
        return crate::check::print_json(&ReviewJson {
            file: file.display().to_string(),
            package_id: &review.package_id,
            digest: &review.digest,
            signer: &review.signer,
            project: &review.project,
            library_version: &v.library_version,
            package_library_version: &v.package_library_version,
            all_standard: v.all_standard,
            clauses: &v.clauses,
        });
    }
    print_signer(&review.signer);
    let digest = &review.digest;
    let p = &review.project;
    out!(
        "レビュー用パッケージ / review package: {}",
        review.package_id
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
        // The label comes from the check against the bundled library, never from the
        // package: a changed text is not called official, whatever the package says.
        match review.verification.clauses.iter().find(|v| v.id == c.id) {
            Some(v) => {
                out!("  照合結果 / verified: {}", verdict_label(v));
                if let Some(origin) = v.label_origin {
                    out!(
                        "  出典 / origin: {} / {} — {source}",
                        origin.label(Lang::Ja),
                        origin.label(Lang::En)
                    );
                } else {
                    out!("  出典 / source: {source}");
                }
                out!("  パッケージの申告 / the package says: {}", claim_label(v));
                for ch in v.changes.iter().filter(|_| v.label_origin.is_none()) {
                    out!(
                        "    {}: 「{}」 → 「{}」",
                        ch.kind.code(),
                        ch.official,
                        ch.found
                    );
                }
            }
            None => out!("  出典 / source: {source}"),
        }
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
