//! The fixture set (`tests/fixtures/verify/cases.toml`): every document read and checked, each
//! clause's verdict compared with the expected one. Prints status accuracy and weakening
//! precision and recall, and asserts the bar stated below.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::build;
use secspec_core::verify::{self, Status};

/// The bar: every verdict right on this set (it is built to cover each kind of change once or
/// more; a miss is a bug to fix, not a rate to tolerate).
const MIN_ACCURACY: f64 = 1.0;
const MIN_PRECISION: f64 = 1.0;
const MIN_RECALL: f64 = 1.0;

fn status(s: &str) -> Status {
    match s {
        "verbatim" => Status::Verbatim,
        "changed" => Status::Changed,
        "missing" => Status::Missing,
        other => panic!("unknown status {other}"),
    }
}

#[test]
fn fixture_set_verdicts() {
    let lib = common::library();
    let cases = build::cases();
    assert!(
        cases.len() >= 30,
        "at least 30 fixture documents, got {}",
        cases.len()
    );
    let (mut right, mut total) = (0usize, 0usize);
    let (mut tp, mut fp, mut fneg) = (0usize, 0usize, 0usize);
    let mut failures = Vec::new();
    println!("{:<40} {:<8} verdicts found", "case", "format");
    for case in &cases {
        let (bytes, name) = build::build(&lib, case);
        let doc =
            secspec_readers::read(&bytes, &name).unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let report = verify::check(&lib, &doc.blocks).with_source(&name, doc.format.code());
        let mut line = Vec::new();
        for (id, want) in &case.expect {
            let got = report.clause(id).unwrap_or_else(|| {
                panic!(
                    "{}: no clause {id} in the report (variant {:?})",
                    case.name, report.variant
                )
            });
            total += 1;
            let ok = got.status == status(want);
            if ok {
                right += 1;
            } else {
                failures.push(format!(
                    "{}: {id} expected {want}, found {} {:?}",
                    case.name,
                    got.status.code(),
                    got.changes
                        .iter()
                        .map(|c| (c.kind, c.official.clone(), c.found.clone()))
                        .collect::<Vec<_>>()
                ));
            }
            let want_weak = case.weakened.contains(id);
            match (want_weak, got.weakened) {
                (true, true) => tp += 1,
                (false, true) => {
                    fp += 1;
                    failures.push(format!(
                        "{}: {id} reported weakened: {:?}",
                        case.name, got.changes
                    ));
                }
                (true, false) => {
                    fneg += 1;
                    failures.push(format!(
                        "{}: {id} not reported weakened: {:?}",
                        case.name, got.changes
                    ));
                }
                (false, false) => {}
            }
            line.push(format!(
                "{id}:{}{}",
                got.status.code(),
                if got.weakened { "(weakened)" } else { "" }
            ));
        }
        if let Some(want) = &case.agencies {
            if &report.agencies != want {
                failures.push(format!(
                    "{}: agencies {:?}, expected {want:?}",
                    case.name, report.agencies
                ));
            }
        }
        if let Some(n) = case.placeholders {
            if report.unfilled_placeholders.len() != n {
                failures.push(format!(
                    "{}: {} unfilled placeholders, expected {n}",
                    case.name,
                    report.unfilled_placeholders.len()
                ));
            }
        }
        println!(
            "{:<40} {:<8} {}",
            case.name,
            doc.format.code(),
            line.join(" ")
        );
    }
    let accuracy = right as f64 / total as f64;
    let precision = if tp + fp == 0 {
        1.0
    } else {
        tp as f64 / (tp + fp) as f64
    };
    let recall = if tp + fneg == 0 {
        1.0
    } else {
        tp as f64 / (tp + fneg) as f64
    };
    println!(
        "\n{} documents, {total} clause verdicts: status accuracy {:.1}% ({right}/{total}), weakening precision {:.1}% ({tp}/{}), recall {:.1}% ({tp}/{})",
        cases.len(),
        accuracy * 100.0,
        precision * 100.0,
        tp + fp,
        recall * 100.0,
        tp + fneg
    );
    for f in &failures {
        println!("MISS {f}");
    }
    assert!(
        accuracy >= MIN_ACCURACY,
        "status accuracy {accuracy:.3}: {failures:#?}"
    );
    assert!(
        precision >= MIN_PRECISION,
        "weakening precision {precision:.3}: {failures:#?}"
    );
    assert!(
        recall >= MIN_RECALL,
        "weakening recall {recall:.3}: {failures:#?}"
    );
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Writes the DOCX files the committed LibreOffice fixtures (`lo/`) are converted from.
#[test]
#[ignore = "tool: writes sources for the LibreOffice fixtures to $LO_SRC"]
fn write_libreoffice_sources() {
    let lib = common::library();
    let dir = std::path::PathBuf::from(std::env::var("LO_SRC").expect("set LO_SRC"));
    std::fs::create_dir_all(&dir).unwrap();
    for case in build::cases() {
        if [
            "verbatim-docx",
            "weakened-immediately",
            "split-across-table-cells",
        ]
        .contains(&case.name.as_str())
        {
            let (bytes, name) = build::build(&lib, &case);
            std::fs::write(dir.join(name), bytes).unwrap();
        }
    }
}
