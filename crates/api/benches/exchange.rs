//! Time of the exchange formats on the sample procurement project (release build): the checklist
//! workbook (export, import), the review package (build + write, read + verify), the response
//! package (write, read + verify) and the four contractor documents (DOCX + PDF).

#![allow(clippy::unwrap_used)]

use criterion::{criterion_group, criterion_main, Criterion};
use secspec_core::checklist::report::decision_for;
use secspec_core::compose::Mode;
use secspec_core::contractor::ContractorResponse;
use secspec_core::{Date, Format, Library, Project};
use secspec_package::ProjectRef;
use secspec_render::{assets, contractor, FontSet};
use std::path::Path;

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn read(name: &str) -> String {
    std::fs::read_to_string(repo().join("templates/examples").join(name)).unwrap()
}

fn bench(c: &mut Criterion) {
    let library: Library = assets::load_library(&repo().join("templates")).unwrap();
    let fonts = FontSet::load_dir(&repo().join("fonts")).unwrap();
    let project: Project = toml::from_str(&read("procurement.toml")).unwrap();
    let response: ContractorResponse = toml::from_str(&read("response.toml")).unwrap();
    let decision = decision_for(&library, &project);
    let meta = secspec_xlsx::WorkbookMeta {
        project_title: project.title.clone(),
        agency: project.agency.clone(),
        project_id: Some(1),
        revision: Some(1),
        document_date: Date::parse("2026-11-22").unwrap(),
    };
    let state = &project.checklist;
    let workbook =
        secspec_xlsx::export(&library.checklist, state, &decision, &meta, project.lang).unwrap();
    let project_ref = ProjectRef {
        project_id: 1,
        revision: 1,
    };
    let review = secspec_package::build_review(&library, &project, project_ref).unwrap();
    // Fixed keys: signing is part of what is measured, key generation is not.
    let agency_key = secspec_package::KeyPair::from_secret(&[1; 32]).unwrap();
    let contractor_key = secspec_package::KeyPair::from_secret(&[2; 32]).unwrap();
    let review_bytes = secspec_package::write_review(&review, &agency_key).unwrap();
    let digest = secspec_package::digest(&review_bytes).unwrap();
    let answer = secspec_package::respond(&review, &digest, response.clone());
    let response_bytes = secspec_package::write_response(&answer, &contractor_key).unwrap();
    let input = secspec_package::doc_input(&review, &digest, &response);

    let mut group = c.benchmark_group("exchange");
    group.bench_function("checklist workbook export (103 items)", |b| {
        b.iter(|| {
            secspec_xlsx::export(&library.checklist, state, &decision, &meta, project.lang).unwrap()
        })
    });
    group.bench_function("checklist workbook import + validation", |b| {
        b.iter(|| secspec_xlsx::import(&workbook, &library.checklist, state).unwrap())
    });
    group.bench_function("review package build + write", |b| {
        b.iter(|| {
            let r = secspec_package::build_review(&library, &project, project_ref).unwrap();
            secspec_package::write_review(&r, &agency_key).unwrap()
        })
    });
    group.bench_function("review package read + verify", |b| {
        b.iter(|| secspec_package::read_review(&review_bytes).unwrap())
    });
    group.bench_function("response package read + verify", |b| {
        b.iter(|| secspec_package::read_response(&response_bytes).unwrap())
    });
    group.bench_function("contractor documents, docx+pdf", |b| {
        b.iter(|| {
            contractor::render_contractor_docs(&input, &library, &fonts, &Format::ALL, Mode::Final)
                .unwrap()
        })
    });
    group.finish();
    println!(
        "sizes: workbook {} B, review package {} B, response package {} B",
        workbook.len(),
        review_bytes.len(),
        response_bytes.len()
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
