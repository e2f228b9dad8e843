//! Time to build and print the whole sample document set in memory (release build):
//! the procurement project's specification and annex plus the subsidy conditions, DOCX and PDF.

#![allow(clippy::unwrap_used)]

use criterion::{criterion_group, criterion_main, Criterion};
use secspec_core::compose::Mode;
use secspec_core::ProjectRef;
use secspec_core::{Library, Project};
use secspec_render::set::{generate, Format};
use secspec_render::{assets, FontSet};
use std::path::Path;

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn example(name: &str) -> Project {
    let text = std::fs::read_to_string(repo().join("templates/examples").join(name)).unwrap();
    toml::from_str(&text).unwrap()
}

fn bench(c: &mut Criterion) {
    let library: Library = assets::load_library(&repo().join("templates")).unwrap();
    let fonts = FontSet::load_dir(&repo().join("fonts")).unwrap();
    let projects = [example("procurement.toml"), example("subsidy.toml")];
    let ctx = ProjectRef {
        project_id: 1,
        revision: 1,
    };
    let mut group = c.benchmark_group("document_set");
    group.bench_function("whole set, docx+pdf", |b| {
        b.iter(|| {
            for p in &projects {
                generate(p, &library, &fonts, ctx, &[], &Format::ALL, Mode::Final).unwrap();
            }
        })
    });
    group.bench_function("whole set, docx only", |b| {
        b.iter(|| {
            for p in &projects {
                generate(p, &library, &fonts, ctx, &[], &[Format::Docx], Mode::Final).unwrap();
            }
        })
    });
    group.bench_function("whole set, pdf only", |b| {
        b.iter(|| {
            for p in &projects {
                generate(p, &library, &fonts, ctx, &[], &[Format::Pdf], Mode::Final).unwrap();
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
