//! End-to-end checks of the PDF back end with poppler-utils: the text extracts exactly
//! (including 𠮷 from the IPAmj fallback), kinsoku holds, fonts are embedded subsets, the
//! footer page count is right, output is reproducible and small.
//!
//! poppler-utils is required, never skipped: a missing tool fails the test. Files are
//! written to `target/tmp/pdf_render/` for a visual check (`pdftoppm -png -r 60`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use secspec_core::{Block, Document, DocumentKind, Lang, Metadata, Span, SpanStyle};
use secspec_render::{pdf::render_pdf, FontSet, RenderError};
use std::path::{Path, PathBuf};

pub fn para(level: u8, label: &str, text: &str) -> Block {
    Block::Paragraph {
        level,
        label: label.into(),
        spans: vec![Span::plain(text)],
    }
}

fn heading(level: u8, label: &str, text: &str) -> Block {
    Block::Heading {
        level,
        label: label.into(),
        text: text.into(),
    }
}

const LONG: [&str; 6] = [
    "受注者は、本業務の遂行に当たり、発注者が定める情報セキュリティポリシー及び関係規程を遵守するとともに、情報セキュリティ対策の実施状況を定期的に確認し、その結果を発注者に報告すること。",
    "受注者は、本業務において取り扱う情報（以下「取扱情報」という。）について、目的外利用及び第三者への提供を禁止し、取扱情報の機密性、完全性及び可用性を確保するための措置を講ずること。",
    "受注者は、情報セキュリティインシデントが発生し、又は発生するおそれがあることを認知した場合には、速やかに発注者に報告するとともに、被害の拡大防止及び復旧のために必要な措置を講ずること。",
    "受注者は、本業務に従事する者（再委託先の従事者を含む。）に対し、情報セキュリティに関する教育を実施し、その実施状況を記録すること。なお、教育の内容には、標的型攻撃メールへの対処を含めること。",
    "受注者は、本業務の一部を再委託する場合には、あらかじめ再委託先の名称、再委託する業務の範囲及び再委託先における情報セキュリティ対策の内容を発注者に提出し、承認を受けること。",
    "受注者は、契約の履行完了時又は契約解除時において、取扱情報を発注者に返却し、又は復元不可能な方法により消去し、その旨を書面により発注者に報告すること。ただし、発注者が別に指示した場合はこの限りでない。",
];

pub fn sample() -> Document {
    let mut blocks = vec![
        heading(1, "第１", "情報セキュリティ要件"),
        para(0, "", "本調達に係る情報セキュリティ要件は、次のとおりとする。受注者は、政府機関等のサイバーセキュリティ対策のための統一基準群を踏まえ、以下の各項目に定める対策を講ずること。"),
    ];
    let subs = ["ア", "イ", "ウ"];
    for (n, item) in [
        "基本的な対策",
        "情報の取扱い",
        "インシデント対応",
        "教育及び再委託",
    ]
    .iter()
    .enumerate()
    {
        blocks.push(heading(2, &fw(n + 1), item));
        for k in 0..3 {
            let text = LONG[(n * 3 + k) % LONG.len()];
            blocks.push(para(1, &format!("（{}）", fw(k + 1)), text));
            if k == 1 {
                for (s, sub) in subs.iter().enumerate() {
                    blocks.push(para(2, sub, LONG[(n + s + 2) % LONG.len()]));
                }
            }
        }
        if n == 1 {
            blocks.push(Block::List {
                level: 2,
                marker: "・".into(),
                items: vec![
                    vec![Span::plain("取扱情報を保存する媒体の暗号化")],
                    vec![Span::plain(
                        "アクセス権限の最小化及び定期的な見直し（少なくとも年１回）",
                    )],
                    vec![Span::plain("ログの取得、保存及び不正な操作の監視")],
                ],
            });
        }
    }
    blocks.push(Block::Paragraph {
        level: 1,
        label: "（５）".into(),
        spans: vec![
            Span::styled("【追加】", SpanStyle::Bold),
            Span::styled(
                "連絡窓口担当者は髙𠮷（たかよし）とする。",
                SpanStyle::Inserted,
            ),
            Span::styled("旧来の様式による報告は廃止する。", SpanStyle::Deleted),
        ],
    });
    blocks.push(Block::Spacer);
    blocks.push(heading(2, "", "（参考）条項の出典"));
    blocks.push(Block::Table {
        header: true,
        widths: vec![4, 2, 5],
        rows: vec![
            vec!["条項".into(), "区分".into(), "出典".into()],
            vec![
                "基本的な対策".into(),
                "標準".into(),
                "政府機関等の対策基準策定のためのガイドライン（令和５年度版）".into(),
            ],
            vec!["情報の取扱い".into(), "標準".into(), "統一基準".into()],
            vec![
                "インシデント対応".into(),
                "追加".into(),
                "調達仕様書における情報セキュリティ要件の記載例".into(),
            ],
        ],
    });
    blocks.push(Block::Note {
        spans: vec![Span::plain(
            "注：本表は、各条項の文言の出典を示すものであり、契約上の効力を有するものではない。",
        )],
    });
    Document {
        meta: Metadata {
            word_font: Default::default(),
            kind: DocumentKind::Specification,
            lang: Lang::Ja,
            document_id: "SECSPEC-00001-SPEC-R1".into(),
            title: "調達仕様書（情報セキュリティ要件）".into(),
            subject: "令和７年度〇〇システム運用保守業務".into(),
            agency: "デジタル庁 戦略・組織グループ 𠮷田課".into(),
            date_text: "令和７年４月１日".into(),
            template_version: "clauses 2012.1 / layout 1".into(),
            footer: "文書番号 SECSPEC-00001-SPEC-R1　テンプレート clauses 2012.1".into(),
            page_label: "ページ".into(),
            notice: Some("この文書は任意に活用するための参考様式です。".into()),
        },
        blocks,
    }
}

fn fw(n: usize) -> String {
    n.to_string()
        .chars()
        .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
        .collect()
}

/// Renders the sample into `<name>.pdf` (one file per test: tests run in parallel).
fn render_sample(name: &str) -> (Document, Vec<u8>, PathBuf) {
    let doc = sample();
    let bytes = render_pdf(&doc, fonts()).expect("render");
    let path = out_dir("pdf_render").join(format!("{name}.pdf"));
    std::fs::write(&path, &bytes).unwrap();
    (doc, bytes, path)
}

fn expected_texts(doc: &Document) -> Vec<String> {
    let m = &doc.meta;
    let mut texts = vec![
        m.title.clone(),
        m.date_text.clone(),
        m.agency.clone(),
        m.subject.clone(),
        m.footer.clone(),
    ];
    texts.extend(m.notice.clone());
    for block in &doc.blocks {
        match block {
            Block::Heading { label, text, .. } => texts.push(format!("{label}{text}")),
            Block::Paragraph { label, spans, .. } => texts.push(format!(
                "{label}{}",
                spans.iter().map(|s| s.text.as_str()).collect::<String>()
            )),
            Block::List { items, .. } => texts.extend(
                items
                    .iter()
                    .map(|i| i.iter().map(|s| s.text.as_str()).collect::<String>()),
            ),
            Block::Table { rows, .. } => texts.extend(rows.iter().flatten().cloned()),
            Block::Note { spans } => texts.push(spans.iter().map(|s| s.text.as_str()).collect()),
            Block::BarChart { title, bars } => {
                texts.push(title.clone());
                texts.extend(
                    bars.iter()
                        .flat_map(|b| [b.label.clone(), b.value_label.clone()]),
                );
            }
            Block::Spacer => {}
        }
    }
    texts
}

#[test]
fn text_extracts_exactly() {
    let (doc, _, path) = render_sample("text_extracts_exactly");
    let text = poppler("pdftotext", &[path.to_str().unwrap(), "-"]);
    let flat = squash(&text);
    for expected in expected_texts(&doc) {
        assert!(
            flat.contains(&squash(&expected)),
            "missing from extracted text: {expected}\n---\n{text}"
        );
    }
    assert!(flat.contains("𠮷"));
    // Justified lines must not gain spaces: body text without whitespace in the source
    // comes back with only line breaks added.
    let joined = text.replace('\n', "");
    for block in &doc.blocks {
        if let Block::Paragraph { spans, .. } = block {
            let body: String = spans.iter().map(|s| s.text.as_str()).collect();
            assert!(
                joined.contains(&body),
                "spaces inserted into: {body}\n---\n{text}"
            );
        }
    }
    assert!(!text.contains('\u{FFFD}'));
}

#[test]
fn no_line_breaks_against_kinsoku() {
    let (doc, _, path) = render_sample("no_line_breaks_against_kinsoku");
    let text = poppler("pdftotext", &[path.to_str().unwrap(), "-"]);
    // A list item legitimately starts with its marker.
    let item_starts: Vec<String> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::List { marker, items, .. } => Some((marker, items)),
            _ => None,
        })
        .flat_map(|(marker, items)| items.iter().map(move |i| format!("{marker}{}", i[0].text)))
        .collect();
    let forbidden_start =
        "、。，．）」』】〕］｝〉》・ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ？！々";
    let forbidden_end = "（「『【〔［｛〈《";
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let first = line.chars().next().unwrap();
        let last = line.chars().last().unwrap();
        if item_starts
            .iter()
            .any(|s| s.starts_with(line) || line.starts_with(s.as_str()))
        {
            continue;
        }
        assert!(
            !forbidden_start.contains(first),
            "line starts with {first}: {line}"
        );
        assert!(
            !forbidden_end.contains(last),
            "line ends with {last}: {line}"
        );
    }
}

#[test]
fn fonts_are_embedded_subsets() {
    let (_, bytes, path) = render_sample("fonts_are_embedded_subsets");
    let list = poppler("pdffonts", &[path.to_str().unwrap()]);
    let rows: Vec<&str> = list.lines().skip(2).collect();
    assert!(
        rows.len() >= 3,
        "mincho, gothic and the fallback for 𠮷:\n{list}"
    );
    for row in rows {
        let name = row.split_whitespace().next().unwrap();
        let tag = name.split('+').next().unwrap();
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()) && name.contains('+'),
            "{row}"
        );
        let cols: Vec<&str> = row.split_whitespace().collect();
        // columns: name type... encoding emb sub uni object ID
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 2],
            ["yes", "yes", "yes"],
            "emb/sub/uni: {row}"
        );
    }
    assert!(
        list.contains("IPAexMincho")
            && list.contains("IPAexGothic")
            && list.contains("IPAmjMincho"),
        "{list}"
    );
    assert!(bytes.len() < 200 * 1024, "{} bytes", bytes.len());
}

#[test]
fn footer_counts_pages() {
    let (_, _, path) = render_sample("footer_counts_pages");
    let info = poppler("pdfinfo", &[path.to_str().unwrap()]);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse().ok())
        .expect("page count");
    assert!(pages >= 3, "sample should fill 3 pages, got {pages}");
    assert!(
        info.contains("調達仕様書（情報セキュリティ要件）"),
        "title metadata:\n{info}"
    );
    for n in 1..=pages {
        let text = poppler(
            "pdftotext",
            &[
                "-f",
                &n.to_string(),
                "-l",
                &n.to_string(),
                path.to_str().unwrap(),
                "-",
            ],
        );
        assert!(
            squash(&text).contains(&format!("ページ{n}/{pages}")),
            "page {n}:\n{text}"
        );
    }
}

#[test]
fn rendering_is_reproducible() {
    let doc = sample();
    let a = render_pdf(&doc, fonts()).unwrap();
    let b = render_pdf(&doc, fonts()).unwrap();
    assert!(a == b, "two renders differ");
}

#[test]
fn missing_glyph_names_the_character() {
    let mut doc = sample();
    doc.blocks
        .push(para(0, "", "私用領域の文字\u{10FFFD}を含む段落です。"));
    match render_pdf(&doc, fonts()) {
        Err(RenderError::MissingGlyph { ch, context }) => {
            assert_eq!(ch, '\u{10FFFD}');
            assert!(context.starts_with("私用領域の文字"), "{context}");
        }
        other => panic!("expected MissingGlyph, got {:?}", other.map(|b| b.len())),
    }
}

#[test]
fn font_set_coverage() {
    let f = fonts();
    assert!(f.covers('あ'));
    assert!(f.covers('𠮷'));
    assert!(!f.covers('\u{10FFFD}'));
    assert_eq!(f.first_missing("髙𠮷 \u{3000}\t"), None);
    assert_eq!(f.first_missing("ab\u{10FFFD}c"), Some('\u{10FFFD}'));
}

#[test]
fn english_document_renders() {
    let mut doc = sample();
    doc.meta.lang = Lang::En;
    doc.meta.title = "Procurement Specification (Information Security Requirements)".into();
    doc.blocks = vec![
        heading(1, "Part 1", "Information security requirements"),
        para(1, "(1)", "The contractor shall comply with the information security policy of the ordering party and shall report the status of its security measures at regular intervals agreed with the ordering party."),
    ];
    let bytes = render_pdf(&doc, fonts()).unwrap();
    let path = out_dir("pdf_render").join("english.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let text = poppler("pdftotext", &[path.to_str().unwrap(), "-"]);
    assert!(text.contains("The contractor shall comply"), "{text}");
    assert!(text.contains("Subject:"), "{text}");
}

/// Render time with fonts reused across renders. The limit only holds in release builds:
/// `cargo test --release -p secspec-render --test pdf_render -- --nocapture timing`.
#[test]
fn timing_three_pages() {
    let doc = sample();
    let start = std::time::Instant::now();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fonts");
    let fonts = FontSet::load_dir(&dir).unwrap();
    let load_ms = start.elapsed().as_secs_f64() * 1000.0;
    let start = std::time::Instant::now();
    let first = render_pdf(&doc, &fonts).unwrap();
    let first_ms = start.elapsed().as_secs_f64() * 1000.0;
    let runs = 10;
    let start = std::time::Instant::now();
    for _ in 0..runs {
        render_pdf(&doc, &fonts).unwrap();
    }
    let each_ms = start.elapsed().as_secs_f64() * 1000.0 / f64::from(runs);
    eprintln!(
        "load fonts {load_ms:.1} ms; first render {first_ms:.1} ms (parses the fonts); \
         then {each_ms:.1} ms each; {} bytes",
        first.len()
    );
    if !cfg!(debug_assertions) {
        assert!(each_ms < 30.0, "{each_ms:.1} ms per render");
    }
}

/// Awkward input still lays out: variation sequences (IPAmj variants), hard line breaks,
/// an unbreakable URL, absurd levels and labels, ragged tables, an empty document.
#[test]
fn awkward_input_renders() {
    let mut doc = sample();
    doc.blocks = vec![
        para(0, "", "葛\u{E0100}飾区の辻\u{E0100}氏。改行\nの後。https://www.example.go.jp/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/b"),
        para(200, "（１００）", &"深い階層の段落です。".repeat(5)),
        para(1, &"長いラベル".repeat(10), &"本文。".repeat(20)),
        Block::Table { header: false, widths: vec![], rows: vec![(0..30).map(|i| format!("列{i}")).collect()] },
        Block::Table { header: true, widths: vec![0, 0], rows: vec![vec![], vec!["a".into()]] },
        Block::List { level: 0, marker: "•".into(), items: vec![vec![Span::plain("bullet item")], vec![]] },
        heading(0, "", ""),
    ];
    let bytes = render_pdf(&doc, fonts()).unwrap();
    let path = out_dir("pdf_render").join("awkward.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let text = poppler("pdftotext", &[path.to_str().unwrap(), "-"]);
    // The variant glyph extracts as base character + selector.
    assert!(text.contains("葛\u{E0100}飾区の辻\u{E0100}氏"), "{text}");
    assert!(squash(&text).contains(&"深い階層の段落です。".repeat(5)));
    assert!(squash(&text).contains(&format!("{}本文。", "長いラベル".repeat(10))));

    let mut empty = sample();
    empty.blocks.clear();
    for field in [
        &mut empty.meta.title,
        &mut empty.meta.subject,
        &mut empty.meta.agency,
        &mut empty.meta.footer,
    ] {
        field.clear();
    }
    empty.meta.notice = None;
    let bytes = render_pdf(&empty, fonts()).unwrap();
    let path = out_dir("pdf_render").join("empty.pdf");
    std::fs::write(&path, &bytes).unwrap();
    assert!(poppler("pdfinfo", &[path.to_str().unwrap()]).contains("Pages:           1"));
}
