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
