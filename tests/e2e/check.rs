//! `secspec check` and the verified `secspec review` end to end: fixture specifications of
//! `tests/fixtures/verify` (expected verdicts in its cases.toml) through the real binary, the
//! JSON shape, the check report as PDF and DOCX read back, hostile files refused with exit 2,
//! and a review package whose standard text was cut (and re-signed) reported as changed.

use crate::support::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn verify_fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/verify").join(name)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `secspec check … --json` and returns the exit code and the parsed JSON.
fn check_json(env: &Env, file: &Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["check", s(file), "--json"];
    args.extend_from_slice(extra);
    let out = env.secspec(&args);
    let code = out.status.code().unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            stderr(&out)
        )
    });
    (code, json)
}

fn clause<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no clause {id} in {json}"))
}

fn statuses(json: &Value) -> Vec<(String, String)> {
    json["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

const STANDARD: [&str; 4] = ["organization", "confidentiality", "breach", "audit"];

#[test]
fn a_verbatim_docx_passes_with_the_documented_json_shape() {
    let env = Env::new();
    let file = verify_fixture("lo/verbatim-docx.docx");
    let (code, json) = check_json(&env, &file, &[]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["file"], s(&file));
    assert_eq!(json["format"], "docx");
    assert_eq!(json["agencies"], serde_json::json!(["デジタル庁"]));
    assert_eq!(json["passes"], true);
    let ids: Vec<String> = statuses(&json).into_iter().map(|(id, _)| id).collect();
    assert_eq!(ids, STANDARD);
    for c in json["clauses"].as_array().unwrap() {
        assert_eq!(c["status"], "verbatim", "{c}");
        assert_eq!(c["weakened"], false);
        assert!(c["changes"].is_array());
        assert!(c["additions"].is_array());
        assert!(!c["where"].as_str().unwrap().is_empty(), "{c}");
    }
    assert!(json["unfilled_placeholders"].as_array().unwrap().is_empty());

    // Without --json: one line per clause, and the same exit code.
    let text = env.ok(&["check", s(&file)]);
    assert!(text.contains("[confidentiality]"), "{text}");
    assert!(text.contains("原文どおり / verbatim"), "{text}");
}

#[test]
fn a_weakened_pdf_fails_with_the_change_and_its_place() {
    let env = Env::new();
    let file = verify_fixture("lo/weakened-immediately.pdf");
    let (code, json) = check_json(&env, &file, &[]);
    assert_eq!(code, 1, "{json}");
    assert_eq!(json["format"], "pdf");
    assert_eq!(json["passes"], false);
    let breach = clause(&json, "breach");
    assert_eq!(breach["status"], "changed");
    assert_eq!(breach["weakened"], true);
    let changes = breach["changes"].as_array().unwrap();
    let weak = changes
        .iter()
        .find(|c| c["kind"] == "weakened")
        .unwrap_or_else(|| panic!("no weakened change: {breach}"));
    assert!(
        weak["official"].as_str().unwrap().contains("直ちに"),
        "{weak}"
    );
    assert!(
        weak["found"].as_str().unwrap().contains("速やかに"),
        "{weak}"
    );
    // Each clause is placed under its own numbered heading, never under the one before it.
    assert_eq!(
        weak["where"],
        "7. 情報セキュリティの確保 > （3）情報セキュリティが侵害された場合の対処（1ページ）"
    );
    for (id, no) in [
        ("organization", 1),
        ("confidentiality", 2),
        ("breach", 3),
        ("audit", 4),
    ] {
        assert_eq!(
            clause(&json, id)["where"],
            format!("7. 情報セキュリティの確保 > ({no})（1ページ）"),
            "{id}"
        );
    }
    for id in ["organization", "confidentiality", "audit"] {
        assert_eq!(clause(&json, id)["status"], "verbatim", "{id}");
    }
}

#[test]
fn a_heading_in_a_table_cell_places_the_clause_beside_it() {
    // LibreOffice's PDF of a two-column table: numbered headings in the left cells, the clause
    // text in the right ones. A one-line heading must not swallow the first line of its cell.
    let env = Env::new();
    let (code, json) = check_json(
        &env,
        &verify_fixture("lo/split-across-table-cells.pdf"),
        &[],
    );
    assert_eq!(code, 0, "{json}");
    for (id, no) in [
        ("organization", 1),
        ("confidentiality", 2),
        ("breach", 3),
        ("audit", 4),
    ] {
        let c = clause(&json, id);
        assert_eq!(c["status"], "verbatim", "{id}");
        assert_eq!(
            c["where"],
            format!("7. 情報セキュリティの確保 > ({no})（1ページ）"),
            "{id}"
        );
    }
}

#[test]
fn a_specification_without_the_clauses_reads_missing() {
    let env = Env::new();
    let (code, json) = check_json(&env, &verify_fixture("real/defense_terms.txt"), &[]);
    assert_eq!(code, 1);
    assert_eq!(json["format"], "text");
    for (id, status) in statuses(&json) {
        assert_eq!(status, "missing", "{id}");
    }
    let out = env.secspec(&["check", s(&verify_fixture("security_filler.txt"))]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches("見当たらない / missing").count(), 4, "{text}");
    assert!(
        stderr(&out).contains("missing, reworded or weakened"),
        "{}",
        stderr(&out)
    );
}

/// Exit 2 with one line on stderr naming the file; nothing on stdout, no panic.
fn refused(env: &Env, args: &[&str], names: &str, problem: &str) {
    let out = env.secspec(args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.contains(names), "names {names}: {err}");
    assert!(err.contains(problem), "says {problem}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn unreadable_unsupported_and_hostile_files_exit_2() {
    let env = Env::new();
    let encrypted = verify_fixture("encrypted-user.pdf");
    refused(
        &env,
        &["check", s(&encrypted), "--json"],
        "encrypted-user.pdf",
        "encrypted PDF",
    );
    let truncated = env.path("truncated.docx");
    let bytes = std::fs::read(verify_fixture("lo/verbatim-docx.docx")).unwrap();
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    refused(&env, &["check", s(&truncated)], "truncated.docx", "ZIP");
    let image = env.path("scan.png");
    std::fs::write(&image, b"\x89PNG\r\n\x1a\n0000").unwrap();
    refused(
        &env,
        &["check", s(&image)],
        "scan.png",
        "unsupported format",
    );
    // Over the size limit: refused from its size, before anything is read.
    let huge = env.path("huge.docx");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(41 * 1024 * 1024)
        .unwrap();
    refused(&env, &["check", s(&huge)], "huge.docx", "file too large");
    refused(&env, &["check", s(env.dir.path())], "", "cannot read");
    let missing = env.path("no-such-file.docx");
    refused(
        &env,
        &["check", s(&missing)],
        "no-such-file.docx",
        "cannot read",
    );
    let report = env.path("report.txt");
    refused(
        &env,
        &[
            "check",
            s(&verify_fixture("lo/verbatim-docx.docx")),
            "--report",
            s(&report),
        ],
        "report.txt",
        ".pdf or .docx",
    );
    assert!(!report.exists());
}

#[test]
fn the_report_is_written_as_pdf_and_docx_and_reads_back() {
    let env = Env::new();
    let file = verify_fixture("lo/weakened-immediately.pdf");
    let pdf = env.path("check.pdf");
    let (code, json) = check_json(&env, &file, &["--report", s(&pdf)]);
    assert_eq!(code, 1);
    assert_eq!(json["report_file"]["path"], s(&pdf));
    let text = squash(&pdftotext(&pdf));
    for needle in [
        "仕様書点検結果報告書",
        "変更あり",
        "弱められた変更",
        "速やかに",
        "直ちに",
        "原文どおり",
        "調達における情報セキュリティ要件の記載について",
    ] {
        assert!(text.contains(needle), "PDF lacks {needle}: {text}");
    }

    let docx = env.path("check.docx");
    let out = env.secspec(&["check", s(&file), "--report", s(&docx), "--lang", "en"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let xml = docx_xml(&docx, "word/document.xml");
    for needle in ["Specification Check Report", "weakened", "verbatim"] {
        assert!(xml.contains(needle), "DOCX lacks {needle}");
    }
    // The same file checked again gives the same report bytes.
    let first = std::fs::read(&docx).unwrap();
    env.secspec(&["check", s(&file), "--report", s(&docx), "--lang", "en"]);
    assert_eq!(first, std::fs::read(&docx).unwrap());
}

/// Exports the procurement example's review package; returns its path.
fn review_package(env: &Env) -> PathBuf {
    let id = env.new_project(&example("procurement.toml"));
    let file = env.path("review.secspec");
    env.ok(&["package", "export", &id, "--out", s(&file)]);
    file
}

fn cut(body: &mut [secspec_package::Body], phrase: &str) -> bool {
    let mut found = false;
    for b in body {
        let texts: Vec<&mut String> = match b {
            secspec_package::Body::Paragraph(t) => vec![t],
            secspec_package::Body::List(items) => items.iter_mut().collect(),
        };
        for t in texts {
            if t.contains(phrase) {
                *t = t.replace(phrase, "");
                found = true;
            }
        }
    }
    found
}

#[test]
fn review_verifies_every_clause_and_a_cut_standard_text_is_changed_not_official() {
    let env = Env::new();
    let review = review_package(&env);
    let out = env.secspec(&["review", s(&review), "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["all_standard"], true, "{json}");
    let clauses = json["clauses"].as_array().unwrap();
    assert!(clauses.len() >= 4);
    for c in clauses {
        assert_eq!(c["status"], "verbatim", "{}: {}", c["id"], c["changes"]);
        assert_eq!(c["claim_disputed"], false, "{c}");
        assert!(!c["label_origin"].is_null(), "{c}");
    }
    assert_eq!(clause(&json, "confidentiality")["label_origin"], "official");

    // An attacker drops 「その秘密を保持し、」 from the clause text and from the package's own
    // copy of the standard text, and signs the result with a key of its own.
    let opened = secspec_package::read_review(&std::fs::read(&review).unwrap()).unwrap();
    let mut package = opened.package;
    let conf = package
        .clauses
        .clauses
        .iter_mut()
        .find(|c| c.id == "confidentiality")
        .unwrap();
    assert!(cut(&mut conf.text, "その秘密を保持し、"));
    assert!(cut(&mut conf.standard, "その秘密を保持し、"));
    assert!(conf.deviation.is_none());
    let key = secspec_package::KeyPair::generate().unwrap();
    let forged = env.path("forged.secspec");
    std::fs::write(
        &forged,
        secspec_package::write_review(&package, &key).unwrap(),
    )
    .unwrap();

    let contractor = Env::new();
    let out = contractor.secspec(&["review", s(&forged), "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["all_standard"], false);
    let c = clause(&json, "confidentiality");
    assert_eq!(c["status"], "changed", "{c}");
    assert_eq!(c["weakened"], true, "{c}");
    assert!(c["label_origin"].is_null(), "{c}");
    assert_eq!(c["standard_copy"], "changed", "{c}");
    assert_eq!(c["claim"]["deviation"], false);
    assert_eq!(c["claim_disputed"], true);
    assert!(c["changes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|ch| ch["official"]
            .as_str()
            .unwrap()
            .contains("その秘密を保持し")));
    for id in ["organization", "breach", "audit"] {
        assert_eq!(clause(&json, id)["status"], "verbatim", "{id}");
    }

    // The text listing never calls the cut clause official.
    let text = contractor.ok(&["review", s(&forged)]);
    let section = text
        .split("\n[")
        .find(|part| part.starts_with("confidentiality]"))
        .unwrap_or_else(|| panic!("no confidentiality section: {text}"));
    assert!(!section.contains("標準文言（原文どおり）"), "{section}");
    assert!(!section.contains("official text (verbatim)"), "{section}");
    assert!(section.contains("変更あり"), "{section}");
    assert!(section.contains("照合結果と一致しません"), "{section}");
    let plain = env.ok(&["review", s(&review)]);
    let section = plain
        .split("\n[")
        .find(|part| part.starts_with("confidentiality]"))
        .unwrap();
    assert!(section.contains("標準文言（原文どおり）"), "{section}");
}
