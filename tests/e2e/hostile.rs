//! Bad and hostile input: a clear one-line error with exit code 2, or correct escaping.

use crate::support::*;

fn answers_with_title(title: &str) -> String {
    let quoted = toml_string(title);
    example("procurement.toml").replace(
        "title = \"府省間ネットワーク運用監視業務\"",
        &format!("title = {quoted}"),
    )
}

fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn rejected(env: &Env, answers: &[u8]) -> String {
    let file = env.path("bad.toml");
    std::fs::write(&file, answers).unwrap();
    let out = env.secspec(&["new", "--answers", file.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "bad input must exit 2; stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("bad.toml"), "names the file: {err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn xml_specials_are_escaped_in_docx_and_printed_in_pdf() {
    let env = Env::new();
    let title = "<script>&\"x\"'</script> 運用";
    let id = env.new_project(&answers_with_title(title));
    let out = env.path("out");
    env.ok(&["generate", &id, "--out", out.to_str().unwrap()]);
    let docx = output(&out, "調達仕様書", "docx");
    // The file is named from the 件名 with the characters Windows refuses made full-width.
    assert_eq!(
        docx.file_name().unwrap().to_str().unwrap(),
        "＜script＞&＂x＂'＜／script＞_運用_調達仕様書_R1.docx"
    );
    let xml = docx_xml(&docx, "word/document.xml");
    assert!(!xml.contains("<script>"));
    let xml_file = env.path("document.xml");
    std::fs::write(&xml_file, &xml).unwrap();
    let lint = tool(
        "xmllint",
        "libxml2-utils",
        &["--noout", xml_file.to_str().unwrap()],
    );
    assert!(
        lint.status.success(),
        "document.xml must be well-formed: {}",
        String::from_utf8_lossy(&lint.stderr)
    );
    let text = pdftotext(&output(&out, "調達仕様書", "pdf"));
    assert!(text.contains("<script>&\"x\"'</script>"), "{text}");
}

#[test]
fn control_characters_are_rejected_naming_the_field() {
    let env = Env::new();
    let err = rejected(&env, answers_with_title("運用\u{1}監視").as_bytes());
    assert!(err.contains("title") && err.contains("U+0001"), "{err}");
}

#[test]
fn one_megabyte_string_is_rejected_not_stored() {
    let env = Env::new();
    let err = rejected(&env, answers_with_title(&"長".repeat(1 << 20)).as_bytes());
    assert!(err.contains("title") && err.contains("1048576"), "{err}");
    assert!(env.ok(&["list"]).contains("no projects"));
}

#[test]
fn unknown_key_with_a_five_megabyte_value_is_named_without_echoing_the_value() {
    let env = Env::new();
    let value = "長".repeat((5 << 20) / 3);
    let line = format!("extra_notes = \"{value}\"\n");
    let answers = example("procurement.toml");
    for (place, header) in [
        ("top level", "title = "),
        ("a clause", "additions = "),
        ("a clause's parameters", "report_cadence = "),
        ("the checklist profile", "internet_facing = "),
    ] {
        let bad = answers.replacen(header, &format!("{line}{header}"), 1);
        assert!(bad.len() > 5 << 20, "{place}");
        let file = env.path("bad.toml");
        std::fs::write(&file, &bad).unwrap();
        let out = env.secspec(&["new", "--answers", file.to_str().unwrap()]);
        let shown = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.status.code(), Some(2), "{place}: {shown}");
        assert!(
            shown.contains("extra_notes") && shown.contains("bad.toml"),
            "{place}: names the key and the file: {shown}"
        );
        assert!(
            shown.len() < 2_000,
            "{place}: {} bytes: {shown}",
            shown.len()
        );
        assert!(
            !shown.contains(&"長".repeat(64)),
            "{place}: the value is not echoed: {shown}"
        );
    }
    assert!(env.ok(&["list"]).contains("no projects"));
}

#[test]
fn invalid_utf8_is_rejected() {
    let env = Env::new();
    let mut bytes = example("procurement.toml").into_bytes();
    bytes.splice(10..10, [0xff, 0xfe, 0x80]);
    let err = rejected(&env, &bytes);
    assert!(err.contains("UTF-8") && err.contains("10"), "{err}");
}

#[test]
fn unknown_keys_and_wrong_types_name_the_field() {
    let env = Env::new();
    let err = rejected(
        &env,
        example("procurement.toml")
            .replace("outsourcing = true", "outsorcing = true")
            .as_bytes(),
    );
    assert!(err.contains("outsorcing"), "{err}");
    let err = rejected(
        &env,
        example("procurement.toml")
            .replace(
                "document_date = \"2026-11-22\"",
                "document_date = \"2026-02-30\"",
            )
            .as_bytes(),
    );
    assert!(err.contains("2026-02-30"), "{err}");
    let err = rejected(
        &env,
        example("procurement.toml")
            .replace(
                "audit_notice_days = \"14\"",
                "audit_notice_days = \"two weeks\"",
            )
            .as_bytes(),
    );
    assert!(
        err.contains("clauses.audit.params.audit_notice_days"),
        "{err}"
    );
    let err = rejected(
        &env,
        example("procurement.toml")
            .replace(
                "report_cadence = \"monthly\"",
                "report_cadence = \"hourly\"",
            )
            .as_bytes(),
    );
    assert!(
        err.contains("report_cadence") && err.contains("hourly"),
        "{err}"
    );
}

#[test]
fn character_no_bundled_font_has_is_rejected_naming_char_and_field() {
    let env = Env::new();
    let answers = example("procurement.toml")
        .replace("officer = \"𠮷田 花子\"", "officer = \"田中\u{F0000}\"");
    let err = rejected(&env, answers.as_bytes());
    assert!(err.contains("officer") && err.contains("U+F0000"), "{err}");
}

#[test]
fn sql_looking_text_is_stored_literally() {
    let env = Env::new();
    let id = env.new_project(&answers_with_title("'); DROP TABLE projects;--"));
    let list = env.ok(&["list"]);
    assert!(list.contains("'); DROP TABLE projects;--"), "{list}");
    assert_eq!(id, "1");
}

#[test]
fn template_text_in_values_is_not_evaluated() {
    let env = Env::new();
    let answers = example("procurement.toml").replace(
        "incident_contact = \"デジタル庁 戦略・組織グループ セキュリティ担当\"",
        "incident_contact = \"{{ agency }}{% raw %}\"",
    );
    let id = env.new_project(&answers);
    let out = env.path("out");
    env.ok(&[
        "generate",
        &id,
        "--out",
        out.to_str().unwrap(),
        "--format",
        "pdf",
    ]);
    assert!(pdftotext(&output(&out, "調達仕様書", "pdf")).contains("{{ agency }}{% raw %}"));
}
