//! One input rule for all text from outside: every text field of a review or response package
//! is checked with `secspec_core::validate::text` and its length limit, in signed and unsigned
//! packages alike, and the refusal names the part and the JSON path of the field without ever
//! repeating the refused characters.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use secspec_core::contractor::{ClauseResponse, ContractorResponse, ResponseKind, Subcontractor};
use secspec_core::SpanStyle;
use secspec_package::*;

fn json(value: &impl serde::Serialize) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(value).unwrap();
    out.push(b'\n');
    out
}

/// `review` as a consistent package signed by someone with a key (but not the agency's):
/// only the text rule stands between it and the reader.
fn signed_review(review: &ReviewPackage) -> Vec<(String, Vec<u8>)> {
    let mut list = entries(&review_bytes());
    for (name, bytes) in [
        ("project.json", json(&review.project)),
        ("clauses.json", json(&review.clauses)),
        ("checklist.json", json(&review.checklist)),
    ] {
        list.iter_mut().find(|(n, _)| n == name).unwrap().1 = bytes;
    }
    resign(&mut list, &forger_key());
    list
}

/// Refused in a signed and in an unsigned package, and by the writer, naming `entry` and `field`.
fn refused_everywhere(review: &ReviewPackage, entry: &str, field: &str, bad: &[char]) {
    let list = signed_review(review);
    for (what, bytes) in [
        ("signed", zip_of(&list, true)),
        ("unsigned", zip_of(&as_v1(&list), true)),
    ] {
        let err = read_review(&bytes).unwrap_err();
        assert!(
            matches!(&err, PackageError::InvalidContent { .. }),
            "{what} {field}: {err:?}"
        );
        assert_eq!(err.entry(), Some(entry), "{what}: {err}");
        assert_eq!(err.field(), Some(field), "{what}: {err}");
        let text = err.to_string();
        assert!(text.contains(entry) && text.contains(field), "{text}");
        for c in bad {
            assert!(!text.contains(*c), "{what} {field}: raw {c:?} in {text:?}");
        }
    }
    let err = write_review(review, &agency_key()).unwrap_err();
    assert_eq!(err.field(), Some(field), "writer: {err}");
}

#[test]
fn a_title_with_esc_nul_and_rlo_is_refused_naming_the_field() {
    for (bad, code) in [
        ('\u{1b}', "U+001B"),
        ('\u{0}', "U+0000"),
        ('\u{202E}', "U+202E"),
    ] {
        let mut review = review();
        review.project.title = format!("府省間{bad}[2Jネットワーク");
        refused_everywhere(&review, "project.json", "title", &[bad]);
        let err = read_review(&zip_of(&signed_review(&review), true)).unwrap_err();
        assert!(err.to_string().contains(code), "{err}");
    }
}

#[test]
fn a_7_mb_title_is_refused_by_the_length_rule() {
    let mut review = review();
    review.project.title = "長".repeat(7_000_000 / 3);
    let list = signed_review(&review);
    let file = zip_of(&list, true);
    assert!(
        file.len() < 1 << 20,
        "deflated, the file is small: {}",
        file.len()
    );
    let err = read_review(&file).unwrap_err();
    assert_eq!(err.field(), Some("title"));
    let message = secspec_core::Bilingual::message(&err);
    assert!(message.ja.contains("長すぎます"), "{}", message.ja);
    assert!(message.en.contains("too long"), "{}", message.en);
    assert!(message.en.contains("at most 200"), "{}", message.en);
    // The error does not carry the title back.
    assert!(err.to_string().len() < 1_000);
    assert!(write_review(&review, &agency_key()).is_err());
}

#[test]
fn every_kind_of_review_field_is_checked() {
    type Mutate = fn(&mut ReviewPackage, String);
    let cases: Vec<(&str, &str, Mutate)> = vec![
        ("project.json", "agency", |r, v| r.project.agency = v),
        ("project.json", "officer", |r, v| r.project.officer = v),
        ("project.json", "national_security_reason", |r, v| {
            r.project.national_security_reason = v
        }),
        ("project.json", "scope_why[0].en", |r, v| {
            r.project.scope_why[0].en = v
        }),
        ("project.json", "library_version", |r, v| {
            r.project.library_version = v
        }),
        ("clauses.json", "clauses[0].heading", |r, v| {
            r.clauses.clauses[0].heading = v
        }),
        ("clauses.json", "clauses[1].text[0].text", |r, v| {
            r.clauses.clauses[1].text[0] = Body::Paragraph(v)
        }),
        ("clauses.json", "clauses[2].standard[0].text[1]", |r, v| {
            r.clauses.clauses[2].standard[0] = Body::List(vec!["正常".into(), v])
        }),
        ("clauses.json", "clauses[0].params[0].value", |r, v| {
            r.clauses.clauses[0].params = vec![ClauseParam {
                name: "incident_contact".into(),
                label: "連絡先".into(),
                required: true,
                value: Some(v),
            }]
        }),
        ("clauses.json", "clauses[3].additions[0]", |r, v| {
            r.clauses.clauses[3].additions = vec![v]
        }),
        ("clauses.json", "clauses[0].why[0].ja", |r, v| {
            r.clauses.clauses[0].why[0].ja = v
        }),
        (
            "clauses.json",
            "clauses[0].deviation.redline[1].text",
            |r, v| {
                r.clauses.clauses[0].deviation = Some(ClauseDeviation {
                    standard: "標準".into(),
                    edited: "変更".into(),
                    redline: vec![
                        secspec_core::Span {
                            text: "標".into(),
                            style: SpanStyle::Normal,
                        },
                        secspec_core::Span {
                            text: v,
                            style: SpanStyle::Inserted,
                        },
                    ],
                    inserted_chars: 1,
                    deleted_chars: 0,
                    reason: None,
                })
            },
        ),
        ("clauses.json", "sources.notice-2012.title_ja", |r, v| {
            r.clauses.sources.get_mut("notice-2012").unwrap().title_ja = v
        }),
        ("clauses.json", "translation_note", |r, v| {
            r.clauses.translation_note = v
        }),
        ("checklist.json", "title", |r, v| r.checklist.title = v),
        ("checklist.json", "items[4].requirement", |r, v| {
            r.checklist.items[4].requirement = v
        }),
        ("checklist.json", "items[0].category", |r, v| {
            r.checklist.items[0].category = v
        }),
        ("checklist.json", "unanswered_questions[0]", |r, v| {
            r.checklist.unanswered_questions = vec![v]
        }),
    ];
    for (entry, field, mutate) in cases {
        // A zero-width space inside a word, a bidi override, an escape sequence.
        for (bad, value) in [
            ('\u{200B}', "受注者\u{200B}は"),
            ('\u{202E}', "\u{202E}とこるす出提"),
            ('\u{1b}', "\u{1b}]0;x\u{7}"),
        ] {
            let mut review = review();
            mutate(&mut review, value.to_string());
            refused_everywhere(&review, entry, field, &[bad]);
        }
    }
}

#[test]
fn hostile_map_keys_and_list_counts_are_refused() {
    let mut review = review();
    let source = review.clauses.sources.values().next().unwrap().clone();
    review.clauses.sources.insert("x\u{1b}[2J".into(), source);
    let err = read_review(&zip_of(&signed_review(&review), true)).unwrap_err();
    assert_eq!(err.field(), Some("sources.x\\u{1b}[2J"));
    assert!(!err.to_string().contains('\u{1b}'));

    let mut review = self::review();
    review.clauses.clauses[0].additions = vec!["追加".into(); 51];
    let err = read_review(&zip_of(&signed_review(&review), true)).unwrap_err();
    assert_eq!(err.field(), Some("clauses[0].additions"));
    assert!(err.to_string().contains("51"), "{err}");
}

#[test]
fn values_that_are_not_text_are_refused_without_repeating_them() {
    // An unknown field and a bad enum value: serde's messages quote them; shown cleaned.
    let review_file = review_bytes();
    for (from, to) in [
        ("\"title\":", "\"ti\\u001b[2Jtle\":"),
        ("\"lang\": \"ja\"", "\"lang\": \"\\u001b[31mja\""),
    ] {
        let mut list = entries(&review_file);
        edit_part(&mut list, "project.json", |t| t.replacen(from, to, 1));
        resign(&mut list, &forger_key());
        let err = read_review(&zip_of(&list, true)).unwrap_err();
        assert!(
            matches!(&err, PackageError::InvalidPart { entry, .. } if entry == "project.json"),
            "{err:?}"
        );
        assert!(!err.to_string().contains('\u{1b}'), "{err}");
        assert!(err.to_string().contains("\\u{1b}"), "{err}");
    }
}

fn answers() -> ContractorResponse {
    let text = std::fs::read_to_string(repo().join("templates/examples/response.toml")).unwrap();
    toml::from_str(&text).unwrap()
}

/// A response whose `response.json` / `review-ref.json` were rewritten and signed with a key.
fn signed_response(
    review_ref: &ReviewRef,
    response: &ContractorResponse,
) -> Vec<(String, Vec<u8>)> {
    let review = read_review(&review_bytes()).unwrap();
    let honest = respond(&review.package, &review.digest, answers());
    let mut list = entries(&write_response(&honest, &contractor_key()).unwrap());
    list.iter_mut()
        .find(|(n, _)| n == "review-ref.json")
        .unwrap()
        .1 = json(review_ref);
    list.iter_mut()
        .find(|(n, _)| n == "response.json")
        .unwrap()
        .1 = json(response);
    resign(&mut list, &forger_key());
    list
}

#[test]
fn every_kind_of_response_field_is_checked() {
    let review = read_review(&review_bytes()).unwrap();
    let honest = respond(&review.package, &review.digest, answers());
    type Mutate = fn(&mut ResponsePackage, String);
    let cases: Vec<(&str, &str, Mutate)> = vec![
        ("review-ref.json", "title", |p, v| p.review.title = v),
        ("review-ref.json", "agency", |p, v| p.review.agency = v),
        ("response.json", "clause_responses.audit.text", |p, v| {
            p.response.clause_responses.insert(
                "audit".into(),
                ClauseResponse {
                    kind: ResponseKind::Comment,
                    text: v,
                },
            );
        }),
        ("response.json", "profile.company", |p, v| {
            p.response.profile.company = v
        }),
        (
            "response.json",
            "profile.practitioners[0].qualification",
            |p, v| p.response.profile.practitioners[0].qualification = v,
        ),
        (
            "response.json",
            "profile.audit_acceptance.places",
            |p, v| p.response.profile.audit_acceptance.places = v,
        ),
        ("response.json", "respondent.name", |p, v| {
            p.response.respondent.name = v
        }),
        ("response.json", "respondent.contact", |p, v| {
            p.response.respondent.contact = v
        }),
    ];
    for (entry, field, mutate) in cases {
        for (bad, value) in [
            ('\u{202E}', "\u{202E}gpj.exe"),
            ('\u{0}', "山田\u{0}太郎"),
            ('\u{2060}', "山田\u{2060}太郎"),
        ] {
            let mut forged = honest.clone();
            mutate(&mut forged, value.to_string());
            let list = signed_response(&forged.review, &forged.response);
            for bytes in [zip_of(&list, true), zip_of(&as_v1(&list), true)] {
                let err = read_response(&bytes).unwrap_err();
                assert_eq!(err.entry(), Some(entry), "{err}");
                assert_eq!(err.field(), Some(field), "{err}");
                assert!(!err.to_string().contains(bad), "{err:?}");
            }
            let err = write_response(&forged, &contractor_key()).unwrap_err();
            assert_eq!(err.field(), Some(field), "writer: {err}");
        }
    }
    // Lengths and counts too.
    let mut forged = honest.clone();
    forged.response.respondent.name = "名".repeat(201);
    let list = signed_response(&forged.review, &forged.response);
    let err = read_response(&zip_of(&list, true)).unwrap_err();
    assert_eq!(err.field(), Some("respondent.name"));
    assert!(err.to_string().contains("too long"));
    let mut forged = honest;
    forged.response.profile.subcontractors = vec![
        Subcontractor {
            name: "再委託先".into(),
            work: "運用".into(),
            security_measures: "同等の対策".into(),
        };
        101
    ];
    let list = signed_response(&forged.review, &forged.response);
    let err = read_response(&zip_of(&list, true)).unwrap_err();
    assert_eq!(err.field(), Some("profile.subcontractors"));
}

#[test]
fn real_packages_pass_the_rule() {
    // Every example, in both languages, is written and read back under the same rule.
    for name in ["procurement.toml", "subsidy.toml"] {
        for lang in [secspec_core::Lang::Ja, secspec_core::Lang::En] {
            let mut project = example(name);
            project.lang = lang;
            let review = build_review(&library(), &project, REF).unwrap();
            let bytes = write_review(&review, &agency_key()).unwrap();
            assert_eq!(
                read_review(&bytes).unwrap().package,
                review,
                "{name} {lang:?}"
            );
        }
    }
}
