//! Building, writing and reading packages made from the real templates and examples.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use secspec_core::contractor::{
    AuditAcceptance, ClauseResponse, ContractorResponse, Csirt, Executive, Practitioner,
    Respondent, ResponseKind,
};
use secspec_core::library::Origin;
use secspec_core::{Severity, SpanStyle};
use secspec_package::*;
use std::io::Cursor;

#[test]
fn review_round_trips_and_carries_everything_a_contractor_needs() {
    let review = review();
    let bytes = write_review(&review, &agency_key()).unwrap();
    let opened = read_review(&bytes).unwrap();
    assert_eq!(opened.package, review);
    assert_eq!(opened.version, 2);
    assert_eq!(opened.digest, digest(&bytes).unwrap());
    assert_eq!(
        opened.signature,
        SignatureStatus::signed(agency_key().public_key())
    );
    assert_eq!(
        opened.signature.fingerprint(),
        Some(&agency_key().fingerprint())
    );

    assert_eq!(review.package_id(), "SECSPEC-00007-REVIEW-R3");
    assert_eq!((review.project.project_id, review.project.revision), (7, 3));
    let p = &review.project;
    assert_eq!(p.title, "府省間ネットワーク運用監視業務");
    assert_eq!(p.agency, "デジタル庁");
    assert!(p.national_security && p.outsourcing && p.subcontracting);
    assert_eq!(p.scope, Scope::Required);
    assert_eq!(p.library_version, library().version);
    assert!(p
        .national_security_definition
        .as_deref()
        .is_some_and(|d| d.contains("国の安全")));

    let ids: Vec<&str> = review
        .clauses
        .clauses
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    for id in [
        "organization",
        "confidentiality",
        "breach",
        "audit",
        "csirt",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    let breach = review
        .clauses
        .clauses
        .iter()
        .find(|c| c.id == "breach")
        .unwrap();
    assert_eq!(breach.standard_origin, Origin::Official);
    assert!(breach.deviation.is_none());
    assert_eq!(
        breach.additions,
        vec!["受注者は、情報セキュリティインシデントへの対応手順を定め、契約締結後速やかに発注者に提出すること。"]
    );
    let contact = breach
        .params
        .iter()
        .find(|x| x.name == "incident_contact")
        .unwrap();
    assert_eq!(
        contact.value.as_deref(),
        Some("デジタル庁 戦略・組織グループ セキュリティ担当")
    );
    // The agency name fills the notice's placeholder in the printed text.
    let printed = serde_json::to_string(&breach.text).unwrap();
    assert!(printed.contains("デジタル庁"));
    assert!(!printed.contains("〔各府省庁名を記載〕"));
    for c in &review.clauses.clauses {
        assert!(review.clauses.sources.contains_key(&c.source), "{}", c.id);
        assert!(!c.why.is_empty(), "{}", c.id);
    }

    let items = &review.checklist.items;
    assert!(!items.is_empty());
    let lib = library();
    for item in items {
        let source = lib.checklist.item(&item.id).unwrap();
        assert_eq!(item.requirement, source.requirement_ja);
        for key in &item.sources {
            assert!(review.checklist.sources.contains_key(key), "{key}");
        }
    }
}

#[test]
fn writing_is_deterministic() {
    let a = review_bytes();
    let b = write_review(
        &build_review(&library(), &example("procurement.toml"), REF).unwrap(),
        &agency_key(),
    )
    .unwrap();
    assert_eq!(a, b);
    let mut archive = zip::ZipArchive::new(Cursor::new(a.as_slice())).unwrap();
    let names: Vec<&str> = archive.file_names().collect();
    assert_eq!(
        names,
        [
            "mimetype",
            "manifest.json",
            "signature.json",
            "project.json",
            "clauses.json",
            "checklist.json"
        ]
    );
    for i in 0..archive.len() {
        let f = archive.by_index_raw(i).unwrap();
        let t = f.last_modified().unwrap();
        assert_eq!((t.year(), t.month(), t.day(), t.hour()), (1980, 1, 1, 0));
    }
    // `mimetype` first and stored, readable at a fixed offset like ODF and EPUB.
    assert_eq!(&a[30..38], b"mimetype");
    assert_eq!(&a[38..72], b"application/vnd.secspec.review+zip");
}

#[test]
fn digest_is_the_sha256_of_the_manifest() {
    let bytes = review_bytes();
    let manifest = entries(&bytes)
        .into_iter()
        .find(|(n, _)| n == "manifest.json")
        .unwrap()
        .1;
    use sha2::Digest;
    let expected: String = sha2::Sha256::digest(&manifest)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(digest(&bytes).unwrap(), expected);
    assert_eq!(kind(&bytes).unwrap(), Kind::Review);
    let m: Manifest = serde_json::from_slice(&manifest).unwrap();
    assert_eq!(
        (m.format.as_str(), m.version, m.kind),
        (FORMAT, 2, Kind::Review)
    );
    assert_eq!(m.parts.len(), 4);
    let signer = m.signer.unwrap();
    assert_eq!(signer.algorithm, "ed25519");
    assert_eq!(signer.public_key, agency_key().public_key().to_hex());
    assert_eq!(signer.fingerprint, agency_key().fingerprint().to_string());
}

#[test]
fn deviation_travels_with_its_redline() {
    let mut project = example("procurement.toml");
    let lib = library();
    let clause = lib.clause("confidentiality").unwrap();
    let edited = clause
        .ja
        .body
        .replace("〔各府省庁名を記載〕", "デジタル庁")
        .replace("秘密", "機密");
    let choice = project.clauses.entry("confidentiality".into()).or_default();
    choice.custom_body = Some(edited);
    choice.deviation_reason = Some("用語を統一するため".into());
    let review = build_review(&lib, &project, REF).unwrap();
    let read = read_review(&write_review(&review, &agency_key()).unwrap())
        .unwrap()
        .package;
    let c = read
        .clauses
        .clauses
        .iter()
        .find(|c| c.id == "confidentiality")
        .unwrap();
    let d = c.deviation.as_ref().expect("deviation");
    // The agency's own edit is labelled as the agency's, never as drafted by SecSpec.
    assert_eq!(c.origin, Origin::Agency);
    assert_eq!(c.standard_origin, Origin::Official);
    assert_eq!(d.reason.as_deref(), Some("用語を統一するため"));
    assert!(d
        .redline
        .iter()
        .any(|s| s.style == SpanStyle::Deleted && s.text.contains("秘")));
    assert!(d
        .redline
        .iter()
        .any(|s| s.style == SpanStyle::Inserted && s.text.contains("機")));
    assert_ne!(c.text, c.standard);
}

#[test]
fn subsidy_example_round_trips() {
    let review = build_review(&library(), &example("subsidy.toml"), REF).unwrap();
    assert!(!review.clauses.clauses.is_empty());
    assert_eq!(
        read_review(&write_review(&review, &agency_key()).unwrap())
            .unwrap()
            .package,
        review
    );
}

fn response() -> ContractorResponse {
    let mut r = ContractorResponse::default();
    r.clause_responses.insert(
        "breach".into(),
        ClauseResponse {
            kind: ResponseKind::Question,
            text: "「定期的に」の報告様式をご教示ください。".into(),
        },
    );
    r.clause_responses.insert(
        "audit".into(),
        ClauseResponse {
            kind: ResponseKind::Acknowledge,
            text: String::new(),
        },
    );
    let p = &mut r.profile;
    p.company = "株式会社サンプル".into();
    p.executive = Executive {
        name: "山田 太郎".into(),
        title: "代表取締役".into(),
        involvement: "情報セキュリティ委員会の委員長として四半期ごとに報告を受ける。".into(),
    };
    p.security_organization = "情報セキュリティ委員会の下に CSIRT を置く。".into();
    p.csirt = Csirt {
        name: "SAMPLE-CSIRT".into(),
        contact: "csirt@example.co.jp / 03-0000-0000（24時間）".into(),
    };
    p.practitioners.push(Practitioner {
        name: "鈴木 一郎".into(),
        qualification: "情報処理安全確保支援士（登録番号 000000）".into(),
        how_knowledge_kept_current: "毎年の特定講習及び社内演習".into(),
    });
    p.lifecycle_management = "受領・保管・利用・返却・消去を台帳で管理する。".into();
    p.audit_acceptance = AuditAcceptance {
        departments: "運用部".into(),
        places: "本社及びデータセンター".into(),
        periods: "契約期間中及び終了後1年".into(),
        conditions: "2週間前までの通知".into(),
    };
    r.respondent = Respondent {
        name: "佐藤 花子".into(),
        department: "公共営業部".into(),
        contact: "sato@example.co.jp".into(),
    };
    r
}

#[test]
fn response_round_trips_and_answers_the_exported_review() {
    let review_file = review_bytes();
    let opened_review = read_review(&review_file).unwrap();
    let review = opened_review.package.clone();
    let review_digest = digest(&review_file).unwrap();
    let package = respond(&review, &review_digest, response());
    assert_eq!(package.package_id(), "SECSPEC-00007-REVIEW-R3-RESPONSE");
    let bytes = write_response(&package, &contractor_key()).unwrap();
    assert_eq!(bytes, write_response(&package, &contractor_key()).unwrap());
    let opened = read_response(&bytes).unwrap();
    assert_eq!(
        opened.signature,
        SignatureStatus::signed(contractor_key().public_key())
    );
    check_response_signature(&opened, &opened_review).unwrap();
    let read = opened.package;
    assert_eq!(read, package);
    assert_eq!(kind(&bytes).unwrap(), Kind::Response);
    assert_ne!(digest(&bytes).unwrap(), review_digest);

    check_answers_export(&read, std::slice::from_ref(&review_digest)).unwrap();
    let other = "0".repeat(64);
    let err = check_answers_export(&read, &[other]).unwrap_err();
    assert!(matches!(err, PackageError::NotAnswering { .. }));
    assert!(err.to_string().contains(&review_digest));
    assert_eq!(err.entry(), Some("review-ref.json"));

    // Clauses left without a response are reported; the answered ones are not.
    let issues = check_response(&read, &review);
    let fields: Vec<&str> = issues.iter().map(|i| i.field.as_str()).collect();
    assert!(fields.contains(&"clause_responses.confidentiality"));
    assert!(!fields.contains(&"clause_responses.breach"));
    assert!(issues.iter().all(|i| i.severity == Severity::Blocking));
}

#[test]
fn response_to_an_unknown_clause_is_reported() {
    let review = review();
    let mut r = response();
    r.clause_responses.insert(
        "nonexistent".into(),
        ClauseResponse {
            kind: ResponseKind::Comment,
            text: "意見".into(),
        },
    );
    let package = respond(&review, &"a".repeat(64), r);
    let issues = check_response(&package, &review);
    assert!(issues
        .iter()
        .any(|i| i.field == "clause_responses.nonexistent" && i.severity == Severity::Invalid));
}

#[test]
fn invalid_response_is_not_written() {
    let review = review();
    let mut r = response();
    r.profile.company = "株式会社\u{1b}[31m".into();
    let err = write_response(&respond(&review, &"a".repeat(64), r), &contractor_key()).unwrap_err();
    assert!(matches!(err, PackageError::InvalidContent { .. }));
    assert!(err.to_string().contains("response.json"));
    assert!(err.to_string().contains("profile.company"));
    assert_eq!(err.field(), Some("profile.company"));
    assert!(!err.to_string().contains('\u{1b}'));

    let err = write_response(
        &respond(&review, "not-a-digest", response()),
        &contractor_key(),
    )
    .unwrap_err();
    assert!(matches!(err, PackageError::InvalidPart { .. }));
    assert_eq!(err.entry(), Some("review-ref.json"));
}

#[test]
fn english_package_marks_translations() {
    let mut project = example("procurement.toml");
    project.lang = secspec_core::Lang::En;
    let review = build_review(&library(), &project, REF).unwrap();
    let breach = review
        .clauses
        .clauses
        .iter()
        .find(|c| c.id == "breach")
        .unwrap();
    assert_eq!(breach.standard_origin, Origin::Translation);
    assert!(breach.heading.is_ascii());
    assert!(review
        .checklist
        .items
        .iter()
        .all(|i| i.origin == Origin::Translation));
    assert!(!review.clauses.translation_note.is_empty());
    assert_eq!(
        read_review(&write_review(&review, &agency_key()).unwrap())
            .unwrap()
            .package,
        review
    );
}
