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

/// The response package at `from` with its answers replaced by `edit` (a changed answer and
/// respondent), the manifest recomputed without the contractor's key: the entries, to be zipped.
fn forged_entries(
    from: &Path,
    edit: impl Fn(&mut secspec_core::contractor::ContractorResponse),
) -> Vec<(String, Vec<u8>)> {
    let bytes = std::fs::read(from).unwrap();
    let mut response = secspec_package::read_response(&bytes)
        .unwrap()
        .package
        .response;
    let original = response.clone();
    edit(&mut response);
    assert_ne!(response, original, "the forgery changes the answers");
    let mut list = crate::forge::entries(&bytes);
    let mut json = serde_json::to_vec_pretty(&response).unwrap();
    json.push(b'\n');
    list.iter_mut()
        .find(|(n, _)| n == "response.json")
        .unwrap()
        .1 = json;
    crate::forge::rehash(&mut list);
    list
}

/// The breach question turned into an acknowledgement, sent in someone else's name.
fn forge_answers(r: &mut secspec_core::contractor::ContractorResponse) {
    use secspec_core::contractor::{ClauseResponse, Respondent, ResponseKind};
    r.clause_responses.insert(
        "breach".into(),
        ClauseResponse {
            kind: ResponseKind::Acknowledge,
            text: String::new(),
        },
    );
    r.respondent = Respondent {
        name: "偽 名義".into(),
        department: "不明".into(),
        contact: "forger@example.com".into(),
    };
}

#[test]
fn a_forged_response_with_a_recomputed_manifest_is_refused_and_not_stored() {
    let env = Env::new();
    let (id, review, _) = exported(&env, "review.secspec");
    let contractor = Env::new();
    let response = respond(
        &contractor,
        &review,
        &example("response.toml"),
        "response.secspec",
    );
    let forged = env.path("forged.secspec");
    let list = forged_entries(&response, forge_answers);
    std::fs::write(&forged, crate::forge::zip_of(&list, true)).unwrap();

    let out = env.secspec(&["package", "import", &id, s(&forged)]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(out.stdout.is_empty(), "nothing shown as imported");
    let err = stderr(&out);
    for want in [
        "forged.secspec",
        "signature.json",
        "署名を確認できません",
        "the signature does not verify",
    ] {
        assert!(err.contains(want), "{want} missing in: {err}");
    }
    assert!(
        !err.contains("偽 名義"),
        "the forged content is not shown: {err}"
    );

    // Nothing of the forgery was stored: the genuine response is still the first one, with its
    // own answers and respondent.
    let imported = env.ok(&["package", "import", &id, s(&response)]);
    assert!(
        imported.contains("初回の回答 / first response"),
        "{imported}"
    );
    assert!(imported.contains("佐藤 花子"), "{imported}");
    assert!(
        imported.contains("[breach] 情報セキュリティが侵害された場合の対処  質問 / question"),
        "{imported}"
    );
}

#[test]
fn an_unsigned_response_to_a_signed_review_is_refused() {
    let env = Env::new();
    let (id, review, _) = exported(&env, "review.secspec");
    let response = respond(&env, &review, &example("response.toml"), "response.secspec");
    let review_id = format!("SECSPEC-{id:0>5}-REVIEW-R1");

    // The signature stripped and the package rewritten as version 1 (unsigned, consistent):
    // both the untouched answers and forged ones.
    let untouched = crate::forge::entries(&std::fs::read(&response).unwrap());
    let forged = forged_entries(&response, forge_answers);
    for (name, list) in [
        ("unsigned.secspec", untouched),
        ("unsigned-forged.secspec", forged),
    ] {
        let file = env.path(name);
        let v1 = crate::forge::as_v1(&list);
        assert!(v1.iter().all(|(n, _)| n != "signature.json"));
        std::fs::write(&file, crate::forge::zip_of(&v1, true)).unwrap();
        let out = env.secspec(&["package", "import", &id, s(&file)]);
        assert_eq!(out.status.code(), Some(2), "{name}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{name}: nothing shown as imported");
        let err = stderr(&out);
        for want in [
            name,
            "署名がありません",
            "this response package is unsigned",
            review_id.as_str(),
            "it is not imported",
        ] {
            assert!(err.contains(want), "{name}: {want} missing in: {err}");
        }
    }
    // Neither was stored.
    let imported = env.ok(&["package", "import", &id, s(&response)]);
    assert!(
        imported.contains("初回の回答 / first response"),
        "{imported}"
    );
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
    let confirmation = text("_確認書_");
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
    assert!(text("_監査対応計画書_").contains("株式会社セキュア運用サービス"));
    let incident = text("_インシデント報告書_");
    assert!(
        incident.contains("発見日時") && incident.contains("発生日時"),
        "{incident}"
    );
    assert!(text("_履行状況報告書_").contains("履行状況"));

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

/// A PDF's text in reading order (no `-layout`: table cells side by side would interleave), squashed.
fn pdf_reading_text(pdf: &Path) -> String {
    let out = tool("pdftotext", "poppler-utils", &[s(pdf), "-"]);
    assert!(out.status.success(), "{}", stderr(&out));
    squash(&String::from_utf8(out.stdout).unwrap())
}

#[test]
fn the_officer_answers_the_questions_and_writes_the_answers_document() {
    let env = Env::new();
    let (id, review, _) = exported(&env, "review.secspec");
    let response = respond(&env, &review, &example("response.toml"), "response.secspec");
    env.ok(&["package", "import", &id, s(&response)]);

    let listed = env.ok(&["package", "questions", &id]);
    assert!(listed.contains("[clause:breach]"), "{listed}");
    assert!(listed.contains("未回答 / not answered"), "{listed}");

    // The final document waits for every answer; a draft shows what is open.
    let out = env.path("qa");
    let blocked = env.secspec(&["package", "qa", &id, "--out", s(&out)]);
    assert_eq!(blocked.status.code(), Some(1), "{}", stderr(&blocked));
    assert!(stderr(&blocked).contains("--draft"), "{}", stderr(&blocked));
    env.ok(&["package", "qa", &id, "--out", s(&out), "--draft"]);
    let draft = pdf_reading_text(&files_with(&out, "pdf")[0]);
    assert!(draft.contains("〔未回答〕"), "{draft}");

    let answer = "夜間・休日も、電話による第一報で差し支えありません。";
    let set = env.ok(&["package", "answer", &id, "clause:breach", "--text", answer]);
    assert!(set.contains("回答済み / answered: 1 / 1"), "{set}");
    let printed = env.ok(&["package", "qa", &id, "--out", s(&out)]);
    assert_eq!(printed.lines().count(), 2, "{printed}");
    let pdf = pdf_reading_text(&files_with(&out, "pdf")[0]);
    for expected in [
        "質問回答書",
        "「認知した時点から１時間以内」の報告は、夜間・休日も電話による第一報でよいか確認させてください。",
        &squash(answer),
        "以上",
    ] {
        assert!(pdf.contains(expected), "{expected} missing: {pdf}");
    }
    assert!(!pdf.contains("未回答"), "{pdf}");
    let xml = docx_xml(&files_with(&out, "docx")[0], "word/document.xml");
    assert!(xml.contains(answer), "the DOCX carries the answer");

    // A target that asks nothing is refused as bad input.
    let bad = env.secspec(&[
        "package",
        "answer",
        &id,
        "clause:organization",
        "--text",
        "x",
    ]);
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
}
