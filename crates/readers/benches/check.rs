//! Speed: reading and checking a 100-page specification (DOCX written by SecSpec's own DOCX
//! back end, docx-rs) in process. The budget is 100 ms; `make bench` prints the figure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{criterion_group, Criterion};
use secspec_core::document::{Block, Document, DocumentKind, Lang, Metadata, Span};
use secspec_core::template::{self, BodyPart};
use std::path::Path;
use std::time::Instant;

fn repo() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// About 1,500 characters make an A4 page of 10.5 pt Mincho (40 × 36 characters).
const CHARS_PER_PAGE: usize = 1_500;
const PAGES: usize = 100;

fn para(text: String) -> Block {
    Block::Paragraph {
        level: 1,
        label: String::new(),
        spans: vec![Span::plain(text)],
    }
}

/// A long specification: varied requirement sentences, headings, tables, and the four
/// standard clauses somewhere past the middle.
fn specification(lib: &secspec_core::Library) -> (Document, usize) {
    let subjects = [
        "受注者は",
        "本システムは",
        "運用事業者は",
        "受注者及び再委託先は",
        "設計書は",
    ];
    let objects = [
        "利用者の認証情報",
        "業務データのバックアップ",
        "ネットワーク機器の設定",
        "アクセスログ",
        "画面の応答時間",
        "帳票の出力形式",
        "障害時の連絡体制",
        "ソフトウェアの構成管理",
        "データベースの容量",
        "操作手順書",
    ];
    let verbs = [
        "を定期的に確認し、その結果を記録すること。",
        "について、発注者と協議の上で方針を定めること。",
        "を第{n}版の設計書に記載し、発注者の承認を得ること。",
        "が{n}秒以内に処理されるよう設計すること。",
        "を月次報告書に取りまとめ、翌月{n}日までに提出すること。",
        "について、過去{n}年分を保存すること。",
    ];
    let mut blocks = Vec::new();
    let mut chars = 0;
    let mut seed: u64 = 42;
    let mut next = |m: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % m
    };
    let mut section = 0;
    let mut inserted = false;
    while chars < PAGES * CHARS_PER_PAGE {
        if blocks.len() % 12 == 0 {
            section += 1;
            blocks.push(Block::Heading {
                level: 2,
                label: format!("{section}"),
                text: format!("第{section}節 業務要件"),
            });
        }
        if !inserted && chars > PAGES * CHARS_PER_PAGE * 6 / 10 {
            inserted = true;
            blocks.push(Block::Heading {
                level: 1,
                label: String::new(),
                text: "7. 情報セキュリティの確保".into(),
            });
            for id in ["organization", "confidentiality", "breach", "audit"] {
                let c = lib.clause(id).expect("clause");
                blocks.push(Block::Heading {
                    level: 2,
                    label: String::new(),
                    text: c.ja.heading.clone(),
                });
                for part in template::parse_body(&c.ja.body.replace("{{ agency }}", "デジタル庁"))
                {
                    match part {
                        BodyPart::Paragraph(p) => {
                            chars += p.chars().count();
                            blocks.push(para(p));
                        }
                        BodyPart::List(items) => blocks.push(Block::List {
                            level: 1,
                            marker: "・".into(),
                            items: items.into_iter().map(|i| vec![Span::plain(i)]).collect(),
                        }),
                    }
                }
            }
        }
        if blocks.len() % 40 == 7 {
            let rows = (0..8)
                .map(|r| {
                    vec![
                        format!("項目{r}"),
                        objects[next(objects.len())].to_string(),
                        format!("{}件", next(900) + 10),
                    ]
                })
                .collect();
            blocks.push(Block::Table {
                header: false,
                widths: vec![2, 5, 2],
                rows,
            });
        }
        let mut p = String::new();
        for _ in 0..4 {
            let s = format!(
                "{}、{}{}",
                subjects[next(subjects.len())],
                objects[next(objects.len())],
                verbs[next(verbs.len())].replace("{n}", &(next(60) + 1).to_string())
            );
            p.push_str(&s);
        }
        chars += p.chars().count();
        blocks.push(para(p));
    }
    let meta = Metadata {
        word_font: Default::default(),
        kind: DocumentKind::Specification,
        lang: Lang::Ja,
        document_id: "BENCH".into(),
        title: "調達仕様書".into(),
        subject: "ベンチマーク".into(),
        agency: "デジタル庁".into(),
        date_text: "令和8年4月1日".into(),
        template_version: "bench".into(),
        footer: "BENCH".into(),
        page_label: "ページ".into(),
        notice: None,
    };
    (Document { meta, blocks }, chars)
}

fn bench(c: &mut Criterion) {
    let lib = secspec_render::assets::load_library(&repo().join("templates")).expect("library");
    let (doc, chars) = specification(&lib);
    let bytes = secspec_render::docx::render_docx(&doc).expect("docx");
    if let Ok(dir) = std::env::var("SECSPEC_BENCH_OUT") {
        let _ = std::fs::write(Path::new(&dir).join("spec-100-pages.docx"), &bytes);
    }
    let run = || {
        let read = secspec_readers::read(&bytes, "spec-100-pages.docx").expect("read");
        let report = secspec_core::verify::check(&lib, &read.blocks);
        assert!(
            report.passes(),
            "the four clauses are verbatim in the benchmark document"
        );
        report
    };
    run();
    if std::env::var("SECSPEC_BENCH_SPLIT").is_ok() {
        let t = Instant::now();
        let read = secspec_readers::read(&bytes, "x.docx").expect("read");
        let t_read = t.elapsed();
        let t = Instant::now();
        let _ = secspec_core::verify::check(&lib, &read.blocks);
        println!(
            "read {:?} ({} blocks), check {:?}",
            t_read,
            read.blocks.len(),
            t.elapsed()
        );
    }
    c.bench_function("read and check a 100-page DOCX", |b| b.iter(run));
    let n = 20;
    let start = Instant::now();
    for _ in 0..n {
        std::hint::black_box(run());
    }
    let ms = start.elapsed().as_secs_f64() * 1000.0 / n as f64;
    println!(
        "100-page DOCX ({chars} characters, ~{} pages, {} KB): read + check {ms:.1} ms per document (budget 100 ms){}",
        chars / CHARS_PER_PAGE,
        bytes.len() / 1024,
        if ms < 100.0 { "" } else { "  OVER BUDGET" }
    );
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
