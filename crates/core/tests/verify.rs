//! The clause verifier on texts built from the library: verbatim, notation, weakened, reworded,
//! missing, reordered, split, subsidy, placeholders and agency names.
#![allow(clippy::unwrap_used)]

mod common;

use secspec_core::template::{self, BodyPart};
use secspec_core::verify::{self, ChangeKind, Status, TextBlock};
use secspec_core::Library;

fn body(library: &Library, id: &str, agency: &str) -> Vec<String> {
    let c = library.clause(id).unwrap();
    let text = c.ja.body.replace("{{ agency }}", agency);
    let mut out = Vec::new();
    for part in template::parse_body(&text) {
        match part {
            BodyPart::Paragraph(p) => out.push(p),
            BodyPart::List(items) => out.extend(items.into_iter().map(|i| format!("・{i}"))),
        }
    }
    out
}

fn spec(library: &Library, ids: &[&str], agency: &str) -> Vec<String> {
    let mut lines = vec!["第1 情報セキュリティの確保".to_string()];
    for (n, id) in ids.iter().enumerate() {
        let c = library.clause(id).unwrap();
        lines.push(format!("（{}）{}", n + 1, c.ja.heading));
        lines.extend(body(library, id, agency));
    }
    lines
}

fn blocks(lines: &[String]) -> Vec<TextBlock> {
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let mut b = TextBlock::new(l.clone());
            b.location.paragraph = Some(i as u32 + 1);
            b
        })
        .collect()
}

const FOUR: [&str; 4] = ["organization", "confidentiality", "breach", "audit"];

#[test]
fn the_official_text_is_verbatim() {
    let lib = common::library();
    let r = verify::check(&lib, &blocks(&spec(&lib, &FOUR, "デジタル庁")));
    println!("{}", serde_json::to_string_pretty(&r).unwrap());
    for c in &r.clauses {
        assert_eq!(c.status, Status::Verbatim, "{}: {:?}", c.id, c.changes);
    }
    assert_eq!(r.agencies, vec!["デジタル庁"]);
    assert!(r.passes());
}

#[test]
fn dropping_the_secrecy_phrase_is_weakened() {
    let lib = common::library();
    let lines: Vec<String> = spec(&lib, &FOUR, "デジタル庁")
        .into_iter()
        .map(|l| l.replace("その秘密を保持し、", ""))
        .collect();
    let r = verify::check(&lib, &blocks(&lines));
    let c = r.clause("confidentiality").unwrap();
    println!("{}", serde_json::to_string_pretty(c).unwrap());
    assert_eq!(c.status, Status::Changed);
    assert!(c.weakened);
    assert!(c
        .changes
        .iter()
        .any(|ch| ch.kind == ChangeKind::Weakened && ch.official.contains("その秘密を保持し")));
}

#[test]
fn security_vocabulary_without_the_clauses_is_missing() {
    let lib = common::library();
    let lines: Vec<String> = [
        "受注者は、本業務の遂行に当たり、情報セキュリティ対策を講じ、その履行状況を発注者に報告すること。",
        "受注者は、情報セキュリティが侵害された場合には、発注者に報告すること。",
        "受注者は、情報セキュリティ監査を受け入れること。",
        "受注者は、業務の実施において知り得た情報を第三者に漏らしてはならない。",
        "受注者は、情報セキュリティを確保するための体制を整備すること。",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let r = verify::check(&lib, &blocks(&lines));
    for c in &r.clauses {
        assert_eq!(c.status, Status::Missing, "{}: {:?}", c.id, c.sentences);
    }
    assert!(!r.passes());
}

#[test]
fn agency_names_are_reported_and_mismatches_flagged() {
    let lib = common::library();
    let mut lines = spec(&lib, &["organization", "confidentiality"], "総務省");
    lines.extend(spec(&lib, &["breach", "audit"], "デジタル庁"));
    let r = verify::check(&lib, &blocks(&lines));
    assert_eq!(r.agencies, vec!["総務省", "デジタル庁"]);
    assert!(r.agency_mismatch);
    assert!(r.agency_uses.iter().all(|u| u.known));
    let breach = r.clause("breach").unwrap();
    assert_eq!(breach.agencies, vec!["デジタル庁"]);
}

#[test]
fn unfilled_placeholders_are_listed_with_their_place() {
    let lib = common::library();
    let r = verify::check(&lib, &blocks(&spec(&lib, &FOUR, "〔各府省庁名を記載〕")));
    assert_eq!(r.unfilled_placeholders.len(), 3);
    assert!(r
        .unfilled_placeholders
        .iter()
        .all(|p| p.text == "〔各府省庁名を記載〕" && !p.place.is_empty()));
    assert!(r.agencies.is_empty());
}

#[test]
fn json_has_the_documented_shape() {
    let lib = common::library();
    let lines: Vec<String> = spec(&lib, &FOUR, "デジタル庁")
        .into_iter()
        .map(|l| l.replace("直ちに", "速やかに"))
        .collect();
    let r = verify::check(&lib, &blocks(&lines)).with_source("spec.docx", "docx");
    let v: serde_json::Value = serde_json::to_value(&r).unwrap();
    assert_eq!(v["file"], "spec.docx");
    assert_eq!(v["format"], "docx");
    assert_eq!(v["agencies"][0], "デジタル庁");
    let breach = v["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "breach")
        .unwrap();
    assert_eq!(breach["status"], "changed");
    assert_eq!(breach["weakened"], true);
    let change = &breach["changes"][0];
    assert_eq!(change["kind"], "weakened");
    assert_eq!(change["official"], "直ちに");
    assert_eq!(change["found"], "速やかに");
    assert!(!change["where"].as_str().unwrap().is_empty());
    assert!(breach["additions"].is_array());
    assert!(breach["where"].is_string());
    assert!(v["unfilled_placeholders"].is_array());
    // Same input, same bytes.
    let again = verify::check(&lib, &blocks(&lines)).with_source("spec.docx", "docx");
    assert_eq!(
        serde_json::to_string(&r).unwrap(),
        serde_json::to_string(&again).unwrap()
    );
}

#[test]
fn where_names_the_heading_path_and_number() {
    let lib = common::library();
    let mut bs = Vec::new();
    let mut top = TextBlock::new("情報セキュリティの確保");
    top.heading = Some(1);
    top.location.label = "7.".into();
    bs.push(top);
    let mut h = TextBlock::new(lib.clause("organization").unwrap().ja.heading.clone());
    h.heading = Some(2);
    h.location.label = "(1)".into();
    h.location.headings = vec!["7. 情報セキュリティの確保".into()];
    bs.push(h);
    for l in body(&lib, "organization", "デジタル庁") {
        let mut b = TextBlock::new(l);
        b.location.headings = vec![
            "7. 情報セキュリティの確保".into(),
            "(1) 情報セキュリティを確保するための体制の整備".into(),
        ];
        bs.push(b);
    }
    let r = verify::check(&lib, &bs);
    let c = r.clause("organization").unwrap();
    assert_eq!(c.status, Status::Verbatim);
    assert_eq!(c.place, "7. 情報セキュリティの確保 > (1)");
}

#[test]
fn a_package_text_that_lost_a_phrase_is_never_official() {
    let lib = common::library();
    let clause = lib.clause("confidentiality").unwrap();
    let official = clause.ja.body.replace("{{ agency }}", "デジタル庁");
    let ok = verify::check_clause_text(
        &lib,
        "confidentiality",
        Some("2012.1"),
        &official,
        secspec_core::Lang::Ja,
    )
    .unwrap();
    assert_eq!(ok.result.status, Status::Verbatim);
    assert_eq!(
        ok.label_origin,
        Some(secspec_core::library::Origin::Official)
    );
    let cut = official.replace("その秘密を保持し、", "");
    let bad = verify::check_clause_text(
        &lib,
        "confidentiality",
        Some("2012.1"),
        &cut,
        secspec_core::Lang::Ja,
    )
    .unwrap();
    assert_eq!(bad.result.status, Status::Changed);
    assert!(bad.result.weakened);
    assert_eq!(bad.label_origin, None);
    let unknown = verify::check_clause_text(
        &lib,
        "confidentiality",
        Some("1999.9"),
        &official,
        secspec_core::Lang::Ja,
    )
    .unwrap();
    assert!(matches!(
        unknown.version,
        verify::VersionMatch::Unknown { .. }
    ));
    assert_eq!(unknown.label_origin, None);
    assert!(
        verify::check_clause_text(&lib, "nope", None, &official, secspec_core::Lang::Ja).is_err()
    );
    // Supplements and additions after the standard text do not make it unofficial.
    let with_more = format!("{official}\n受注者は、毎月、発注者に報告すること。");
    let more = verify::check_clause_text(
        &lib,
        "confidentiality",
        None,
        &with_more,
        secspec_core::Lang::Ja,
    )
    .unwrap();
    assert_eq!(more.result.status, Status::Verbatim);
    assert_eq!(more.result.additions.len(), 1);
}

#[test]
fn english_package_text_is_checked_against_the_translation() {
    let lib = common::library();
    let clause = lib.clause("breach").unwrap();
    let en = clause.en.body.replace("{{ agency }}", "the Digital Agency");
    let ok = verify::check_clause_text(&lib, "breach", None, &en, secspec_core::Lang::En).unwrap();
    assert_eq!(
        ok.result.status,
        Status::Verbatim,
        "{:?}",
        ok.result.changes
    );
    assert_eq!(
        ok.label_origin,
        Some(secspec_core::library::Origin::Translation)
    );
    let soft = en.replace("immediately", "promptly");
    let bad =
        verify::check_clause_text(&lib, "breach", None, &soft, secspec_core::Lang::En).unwrap();
    assert_eq!(bad.result.status, Status::Changed);
    assert_eq!(bad.label_origin, None);
}

#[test]
fn the_report_is_a_document_in_both_languages() {
    let lib = common::library();
    let lines: Vec<String> = spec(&lib, &FOUR, "デジタル庁")
        .into_iter()
        .map(|l| l.replace("直ちに", "速やかに"))
        .collect();
    let r = verify::check(&lib, &blocks(&lines)).with_source("spec.docx", "docx");
    let opts = verify::ReportOptions {
        document_id: "SECSPEC-CHECK-0001".into(),
        date_text: "令和8年4月1日".into(),
    };
    let ja = verify::report_document(&r, &lib, secspec_core::Lang::Ja, &opts).unwrap();
    assert_eq!(ja.meta.kind, secspec_core::DocumentKind::CheckReport);
    let text = ja.plain_text();
    assert!(text.contains("仕様書点検") || ja.meta.title.contains("仕様書点検"));
    assert!(
        text.contains("変更あり") && text.contains("原文どおり"),
        "{text}"
    );
    assert!(
        text.contains("調達における情報セキュリティ要件の記載について（案）"),
        "provenance: {text}"
    );
    let has_redline = ja.blocks.iter().any(|b| match b {
        secspec_core::Block::Paragraph { spans, .. } => spans
            .iter()
            .any(|s| s.style == secspec_core::SpanStyle::Deleted && s.text.contains("直ち")),
        _ => false,
    });
    assert!(has_redline, "the redline strikes 直ちに");
    let en = verify::report_document(&r, &lib, secspec_core::Lang::En, &opts).unwrap();
    assert!(en.plain_text().contains("weakened"));
    assert_eq!(
        ja,
        verify::report_document(&r, &lib, secspec_core::Lang::Ja, &opts).unwrap()
    );
}
