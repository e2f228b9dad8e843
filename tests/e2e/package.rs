//! The review round trip end to end: the officer exports a review package, the contractor reads
//! it and responds (no database), the officer imports the response; tampered packages and
//! responses to other reviews are refused.

use crate::support::*;
use std::path::{Path, PathBuf};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The value after `label` on its line of `out`.
fn field(out: &str, label: &str) -> String {
    out.lines()
        .find_map(|l| l.strip_prefix(label))
        .unwrap_or_else(|| panic!("no {label:?} in {out}"))
        .trim()
        .to_string()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A project from the procurement example with its review package exported: (id, file, digest).
fn exported(env: &Env, name: &str) -> (String, PathBuf, String) {
    let id = env.new_project(&example("procurement.toml"));
    let file = env.path(name);
    let out = env.ok(&["package", "export", &id, "--out", s(&file)]);
    assert!(out.contains(name), "prints the path: {out}");
    assert_eq!(
        field(&out, "パッケージ ID / package id:"),
        format!("SECSPEC-{:0>5}-REVIEW-R1", id)
    );
    let digest = field(&out, "ダイジェスト / digest:");
    assert_eq!(digest.len(), 64, "{out}");
    (id, file, digest)
}

fn respond(env: &Env, review: &Path, answers: &str, out_name: &str) -> PathBuf {
    let file = env.path("response.toml");
    std::fs::write(&file, answers).unwrap();
    let out = env.path(out_name);
    let printed = env.ok(&[
        "respond",
        s(review),
        "--answers",
        s(&file),
        "--out",
        s(&out),
    ]);
    assert!(printed.contains(out_name), "{printed}");
    assert!(
        !printed.contains("未完了 / incomplete"),
        "complete: {printed}"
    );
    out
}

fn flip_middle_byte(from: &Path, to: &Path) {
    let mut bytes = std::fs::read(from).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    std::fs::write(to, bytes).unwrap();
}

#[test]
fn export_review_respond_import_and_respond_again() {
    let env = Env::new();
    let (id, review, digest) = exported(&env, "review.secspec");

    // The contractor's SecSpec remembers the agency's key on first use, then recognises it.
    let contractor = Env::new();
    let shown = contractor.ok(&["review", s(&review)]);
    assert!(shown.contains("鍵を初めて受け取りました"), "{shown}");
    let again = contractor.ok(&["review", s(&review)]);
    assert!(again.contains("以前と同じ鍵"), "{again}");
    assert_eq!(field(&shown, "ダイジェスト / digest:"), digest);
    for needle in [
        "府省間ネットワーク運用監視業務",
        "[organization]",
        "[breach]",
        "[subcontracting]",
        "出典 / origin: 標準文言（原文どおり）",
        "SecSpec 作成 / drafted by SecSpec",
        "追加 / addition: 受注者は、情報セキュリティインシデントへの対応手順",
        "チェックリストの要件 / checklist requirements",
        "[at_multilayer_defence]",
    ] {
        assert!(shown.contains(needle), "{needle} missing in:\n{shown}");
    }

    // The example answers cover all three kinds: 了承, 質問 and 意見.
    let answers = example("response.toml");
    for kind in ["acknowledge", "question", "comment"] {
        assert!(answers.contains(&format!("kind = \"{kind}\"")), "{kind}");
    }
    let response = respond(&contractor, &review, &answers, "response.secspec");
    let imported = env.ok(&["package", "import", &id, s(&response)]);
    for line in [
        "[organization] 情報セキュリティを確保するための体制の整備  了承 / acknowledged",
        "[breach] 情報セキュリティが侵害された場合の対処  質問 / question",
        "[insufficient] 情報セキュリティ対策の履行が不十分である場合の対処  意見 / comment",
        "未回答の質問 / open questions: 1",
        "初回の回答 / first response",
    ] {
        assert!(imported.contains(line), "{line} missing in:\n{imported}");
    }

    // The contractor changes the question into an acknowledgement and adds a comment.
    let changed = answers
        .replacen(
            "kind = \"question\"\ntext = \"「認知した時点から１時間以内」の報告は、夜間・休日も電話による第一報でよいか確認させてください。\"",
            "kind = \"acknowledge\"",
            1,
        )
        .replacen(
            "[clause_responses.confidentiality]\nkind = \"acknowledge\"",
            "[clause_responses.confidentiality]\nkind = \"comment\"\ntext = \"返却の方法を協議させてください。\"",
            1,
        );
    assert_ne!(changed, answers);
    let again = respond(&contractor, &review, &changed, "response-2.secspec");
    let imported = env.ok(&["package", "import", &id, s(&again)]);
    assert!(
        imported.contains("未回答の質問 / open questions: 0"),
        "{imported}"
    );
    assert!(
        imported.contains("前回の回答からの変更 / changes since the previous response: 2"),
        "{imported}"
    );
    assert!(
        imported.contains(
            "/responses/clause_responses/breach: {\"kind\":\"question\",\"text\":\"「認知した時点から１時間以内」"
        ),
        "{imported}"
    );
    assert!(
        imported.contains("-> {\"kind\":\"acknowledge\",\"text\":\"\"}"),
        "{imported}"
    );
    assert!(
        imported.contains("/responses/clause_responses/confidentiality: {\"kind\":\"acknowledge\",\"text\":\"\"} -> {\"kind\":\"comment\""),
        "{imported}"
    );
}

#[test]
fn a_tampered_package_is_refused_by_review_and_import() {
    let env = Env::new();
    let (id, review, _) = exported(&env, "review.secspec");
    let tampered = env.path("tampered.secspec");
    flip_middle_byte(&review, &tampered);
    let out = env.secspec(&["review", s(&tampered)]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("tampered.secspec"), "names the file: {err}");
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    let out = env.secspec(&[
        "respond",
        s(&tampered),
        "--answers",
        s(&repo().join("templates/examples/response.toml")),
        "--out",
        s(&env.path("x.secspec")),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!env.path("x.secspec").exists());

    let response = respond(&env, &review, &example("response.toml"), "response.secspec");
    let bad = env.path("bad-response.secspec");
    flip_middle_byte(&response, &bad);
    let out = env.secspec(&["package", "import", &id, s(&bad)]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("bad-response.secspec"));
    // A review package is not a response either.
    let out = env.secspec(&["package", "import", &id, s(&review)]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    // The untouched response still imports.
    env.ok(&["package", "import", &id, s(&response)]);
}

#[test]
fn a_response_to_a_review_this_project_never_exported_is_refused() {
    // The same project (same number, same content) in another database exported the review.
    let other = Env::new();
    let (_, review, _) = exported(&other, "review.secspec");
    let response = respond(
        &other,
        &review,
        &example("response.toml"),
        "response.secspec",
    );

    let env = Env::new();
    let id = env.new_project(&example("procurement.toml"));
    let out = env.secspec(&["package", "import", &id, s(&response)]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("did not export"), "{err}");
    assert!(err.contains("response.secspec"), "{err}");
}

#[test]
fn a_response_for_project_1_is_refused_by_project_2() {
    let env = Env::new();
    let (one, review, _) = exported(&env, "one.secspec");
    let (two, _, _) = exported(&env, "two.secspec");
    assert_eq!((one.as_str(), two.as_str()), ("1", "2"));
    let response = respond(&env, &review, &example("response.toml"), "response.secspec");
    let out = env.secspec(&["package", "import", "2", s(&response)]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("of project 1; it cannot be imported into project 2"),
        "{err}"
    );
    env.ok(&["package", "import", "1", s(&response)]);
}

#[test]
fn bad_answers_files_name_the_file_and_the_field() {
    let env = Env::new();
    let (_, review, _) = exported(&env, "review.secspec");
    let answers = env.path("answers.toml");
    let run = |text: &str| {
        std::fs::write(&answers, text).unwrap();
        env.secspec(&[
            "respond",
            s(&review),
            "--answers",
            s(&answers),
            "--out",
            s(&env.path("out.secspec")),
        ])
    };

    let out = run("[clause_responses.breach]\nkind = \"maybe\"\n");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("answers.toml") && err.contains("line 2"),
        "{err}"
    );

    let question_without_text = example("response.toml").replacen(
        "[clause_responses.organization]\nkind = \"acknowledge\"",
        "[clause_responses.organization]\nkind = \"question\"",
        1,
    );
    let out = run(&question_without_text);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("answers.toml") && err.contains("clause_responses.organization.text"),
        "{err}"
    );

    let unknown_clause = format!(
        "{}\n[clause_responses.no_such_clause]\nkind = \"acknowledge\"\n",
        example("response.toml").split("[profile]").next().unwrap()
    );
    let out = run(&unknown_clause);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("clause_responses.no_such_clause"),
        "{}",
        stderr(&out)
    );
    assert!(!env.path("out.secspec").exists());
}

#[test]
fn respond_writes_the_four_contractor_documents() {
    let env = Env::new();
    let (_, review, _) = exported(&env, "review.secspec");
    let answers = env.path("response.toml");
    // The example keeps a question and a comment open: the final 確認書 is refused, naming them.
    std::fs::write(&answers, example("response.toml")).unwrap();
    let open = env.secspec(&[
        "respond",
        s(&review),
        "--answers",
        s(&answers),
        "--out",
        s(&env.path("open.secspec")),
        "--documents",
        s(&env.path("docs-open")),
    ]);
    assert_eq!(open.status.code(), Some(1), "{}", stderr(&open));
    for want in [
        "質問が未了",
        "意見が未了",
        "情報セキュリティが侵害された場合の対処",
    ] {
        assert!(stderr(&open).contains(want), "{want}: {}", stderr(&open));
    }
    // Once the agency has replied and everything is acknowledged, the final documents are written.
    let acknowledged = example("response.toml")
        .replace("kind = \"question\"", "kind = \"acknowledge\"")
        .replace("kind = \"comment\"", "kind = \"acknowledge\"");
    std::fs::write(&answers, &acknowledged).unwrap();
    let docs = env.path("docs");
    let printed = env.ok(&[
        "respond",
        s(&review),
        "--answers",
        s(&answers),
        "--out",
        s(&env.path("response.secspec")),
        "--documents",
        s(&docs),
    ]);
    let pdfs = files_with(&docs, "pdf");
    assert_eq!(pdfs.len(), 4, "{printed}");
    assert_eq!(files_with(&docs, "docx").len(), 4);
    let text = |kind: &str| {
        let pdf = pdfs
            .iter()
            .find(|p| p.to_string_lossy().contains(kind))
            .unwrap_or_else(|| panic!("{kind} in {pdfs:?}"));
        squash(&pdftotext(pdf))
    };
    let confirmation = text("CONFIRMATION");
    assert!(confirmation.contains("株式会社セキュア運用サービス"));
    assert!(
        confirmation.contains("代表者代表取締役社長高橋一郎印"),
        "{confirmation}"
    );
    // No checklist requirement is answered in the example: none is promised.
    assert!(
        !confirmation.contains("すべてを遵守します"),
        "{confirmation}"
    );
    assert!(confirmation.contains("情報処理安全確保支援士"));
    assert!(text("AUDIT_PLAN").contains("株式会社セキュア運用サービス"));
    let incident = text("INCIDENT_REPORT");
    assert!(
        incident.contains("発見日時") && incident.contains("発生日時"),
        "{incident}"
    );
    assert!(text("PERFORMANCE_REPORT").contains("履行状況"));

    // A response with a blank required value: final documents refuse (exit 1), drafts are written.
    let blank = acknowledged.replace(
        "company = \"株式会社セキュア運用サービス\"",
        "company = \"\"",
    );
    std::fs::write(&answers, blank).unwrap();
    let refused = env.secspec(&[
        "respond",
        s(&review),
        "--answers",
        s(&answers),
        "--out",
        s(&env.path("r2.secspec")),
        "--documents",
        s(&env.path("docs2")),
    ]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("--draft"), "{}", stderr(&refused));
    env.ok(&[
        "respond",
        s(&review),
        "--answers",
        s(&answers),
        "--out",
        s(&env.path("r3.secspec")),
        "--documents",
        s(&env.path("docs3")),
        "--draft",
    ]);
    assert_eq!(files_with(&env.path("docs3"), "pdf").len(), 4);
}
