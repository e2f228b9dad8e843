//! DOCX back end: package structure, XML safety, fonts, determinism, and a LibreOffice
//! round trip (DOCX -> PDF) checked with poppler's pdftotext / pdffonts.
//!
//! The external tools are required, never skipped: a missing tool fails the test with the
//! Debian package that provides it. Set `SECSPEC_DOCX_ARTIFACTS=/some/dir` to keep the
//! DOCX, the converted PDF and 60 dpi page images for a visual check.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use quick_xml::events::Event;
use quick_xml::Reader;
use secspec_core::{Block, Document, DocumentKind, Lang, Metadata, Span, SpanStyle, WordFont};
use secspec_render::docx::render_docx;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

const HOSTILE: &str = "<script>&\"'</script> a<b && c>d";
const NAME_LINE: &str = "担当者：山𠮷太郎（連絡先は別途通知する。）";

fn meta(lang: Lang) -> Metadata {
    Metadata {
        word_font: Default::default(),
        kind: DocumentKind::Specification,
        lang,
        document_id: "SECSPEC-0001-SPEC-R1".into(),
        title: "調達仕様書（情報セキュリティ要件）".into(),
        subject: "庁内ネットワーク更改及び運用保守業務".into(),
        agency: "デジタル庁　戦略・組織グループ".into(),
        date_text: "令和７年４月１日".into(),
        template_version: "clauses 2025.1 / layout 1".into(),
        footer: "SECSPEC-0001-SPEC-R1　調達仕様書（情報セキュリティ要件）".into(),
        page_label: "ページ".into(),
        notice: Some(
            "本書は統一基準群に基づく記載例であり、調達案件の実情に応じて修正の上で使用すること。"
                .into(),
        ),
    }
}

fn para(level: u8, label: &str, text: &str) -> Block {
    Block::Paragraph {
        level,
        label: label.into(),
        spans: vec![Span::plain(text)],
    }
}

/// A realistic Japanese specification, long enough for three pages or more.
fn sample() -> Document {
    let mut blocks = vec![
        Block::Heading {
            level: 1,
            label: "第１".into(),
            text: "情報セキュリティ要件".into(),
        },
        Block::Heading {
            level: 2,
            label: "１".into(),
            text: "基本事項".into(),
        },
        para(
            1,
            "（１）",
            "受注者は、本業務の実施に当たり、発注者が定める情報セキュリティポリシー及び政府機関等のサイバーセキュリティ対策のための統一基準群を遵守し、本業務で取り扱う情報の機密性、完全性及び可用性を確保するための必要な措置を講ずること。",
        ),
        Block::Paragraph {
            level: 2,
            label: "ア".into(),
            spans: vec![
                Span::plain("受注者は、"),
                Span::styled("情報セキュリティ責任者", SpanStyle::Bold),
                Span::plain("を選任し、"),
                Span::styled("契約締結後速やかに", SpanStyle::Inserted),
                Span::styled("直ちに", SpanStyle::Deleted),
                Span::plain("発注者に書面で通知すること。"),
            ],
        },
        Block::Paragraph {
            level: 2,
            label: "イ".into(),
            spans: vec![
                Span::plain(NAME_LINE),
                Span::plain("\n"),
                Span::plain(format!("入力値の例：{HOSTILE}\u{1}（制御文字は除去される。）")),
            ],
        },
        para(3, "（ア）", "報告は書面によること。"),
        para(3, "（イ）", "報告の様式は発注者と協議して定めること。"),
        Block::List {
            level: 3,
            marker: "・".into(),
            items: vec![
                vec![Span::plain("情報セキュリティ対策の実施状況を定期的に報告すること。")],
                vec![Span::plain(
                    "情報セキュリティインシデントが発生した場合は、直ちに発注者に報告し、その指示に従って対処すること。",
                )],
            ],
        },
        Block::Note {
            spans: vec![Span::plain(
                "（注）本項は「政府機関等の対策基準策定のためのガイドライン」を参考に記載している。",
            )],
        },
        Block::Spacer,
        Block::Heading {
            level: 2,
            label: "２".into(),
            text: "情報の取扱い".into(),
        },
    ];
    for n in 1..=24 {
        let label = format!("（{}）", zenkaku(n));
        blocks.push(para(
            1,
            &label,
            &format!(
                "第{}項の要件として、受注者は本業務で取り扱う情報を業務目的以外に利用せず、作業場所及び保管方法を定め、その管理状況を発注者の求めに応じて報告すること。",
                zenkaku(n)
            ),
        ));
    }
    blocks.push(para(
        0,
        "第２条",
        "受注者は、前条の報告を怠ってはならない。",
    ));
    blocks.push(Block::Heading {
        level: 2,
        label: String::new(),
        text: "（参考）条項の出典".into(),
    });
    blocks.push(Block::Table {
        header: true,
        widths: vec![4, 2, 5],
        rows: vec![
            vec!["条項".into(), "区分".into(), "出典".into()],
            vec![
                "基本事項".into(),
                "標準".into(),
                "政府機関等のサイバーセキュリティ対策のための統一基準（令和５年度版）".into(),
            ],
            vec![
                "情報の取扱い".into(),
                "標準文言を変更".into(),
                "同上\n（第３部）".into(),
            ],
            vec!["入力検査".into(), "追加".into(), HOSTILE.into()],
        ],
    });
    Document {
        meta: meta(Lang::Ja),
        blocks,
    }
}

fn zenkaku(n: usize) -> String {
    n.to_string()
        .chars()
        .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap())
        .collect()
}

/// Every entry of the DOCX, by name.
fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    let mut out = BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        out.insert(entry.name().to_string(), data);
    }
    out
}

fn part<'a>(parts: &'a BTreeMap<String, Vec<u8>>, name: &str) -> &'a str {
    std::str::from_utf8(
        parts
            .get(name)
            .unwrap_or_else(|| panic!("missing part {name}")),
    )
    .unwrap()
}

/// Fails with the Debian package to install when `tool` is not on PATH.
fn require(tool: &str, package: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join(tool))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!("`{tool}` not found on PATH: install the Debian package `{package}` (apt-get install {package})")
        })
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Text of all `w:t` elements, unescaped, with `w:br`/`w:tab` as `\n`/`\t`.
fn word_text(xml: &str) -> String {
    let mut reader = Reader::from_str(xml);
    let mut out = String::new();
    let mut in_t = false;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) if e.name().as_ref() == b"w:t" => in_t = true,
            Event::End(e) if e.name().as_ref() == b"w:t" => in_t = false,
            Event::Empty(e) if e.name().as_ref() == b"w:br" => out.push('\n'),
            Event::Empty(e) if e.name().as_ref() == b"w:tab" => out.push('\t'),
            Event::Text(t) if in_t => out.push_str(&t.decode().unwrap()),
            Event::GeneralRef(r) if in_t => match r.resolve_char_ref().unwrap() {
                Some(c) => out.push(c),
                None => out.push(match r.decode().unwrap().as_ref() {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    other => panic!("unexpected entity &{other};"),
                }),
            },
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn every_xml_part_is_well_formed() {
    let xmllint = require("xmllint", "libxml2-utils");
    let parts = unzip(&render_docx(&sample()).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for (name, data) in &parts {
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let file = dir.path().join(format!("part{checked}.xml"));
        std::fs::write(&file, data).unwrap();
        let out = Command::new(&xmllint)
            .arg("--noout")
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{name} is not well-formed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        checked += 1;
    }
    assert!(parts.contains_key("word/document.xml"));
    assert!(parts.contains_key("word/footer1.xml"));
    assert!(checked >= 10, "only {checked} XML parts");
    // Every part the package declares or links to is in the archive.
    for name in attribute_values(part(&parts, "[Content_Types].xml"), "PartName") {
        let name = name.trim_start_matches('/');
        assert!(
            parts.contains_key(name),
            "[Content_Types].xml names missing {name}"
        );
    }
    for (rels, base) in [
        ("_rels/.rels", ""),
        ("word/_rels/document.xml.rels", "word/"),
    ] {
        for target in attribute_values(part(&parts, rels), "Target") {
            let name = format!("{base}{target}");
            assert!(parts.contains_key(&name), "{rels} links missing {name}");
        }
    }
}

/// Values of every `attr="…"` in `xml` (no escaping in the package's own names).
fn attribute_values(xml: &str, attr: &str) -> Vec<String> {
    let key = format!(" {attr}=\"");
    xml.split(key.as_str())
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect()
}

#[test]
fn text_is_escaped_and_round_trips() {
    let parts = unzip(&render_docx(&sample()).unwrap());
    let xml = part(&parts, "word/document.xml");
    assert!(xml.contains("&lt;script&gt;&amp;"), "markup not escaped");
    assert!(!xml.contains("<script>"));
    assert!(!xml.contains('\u{1}'), "control character reached the XML");
    let text = word_text(xml);
    assert!(text.contains(HOSTILE), "hostile text did not round-trip");
    assert!(text.contains(&format!("{HOSTILE}（制御文字は除去される。）")));
    assert!(text.contains(NAME_LINE), "𠮷 lost");
    // `\n` in a span is a line break, not dropped text.
    assert!(text.contains(&format!("{NAME_LINE}\n入力値の例")));
    // Hierarchy labels are Word's numbering, not text; bullets stay text with a full-width
    // space, and a label Word's counter would not print (第２条) stays text too.
    assert!(
        !text.contains("第１\u{3000}") && !text.contains("第１\t"),
        "第１ is automatic numbering"
    );
    assert!(text.contains("情報セキュリティ要件"));
    assert!(!text.contains("（１）\u{3000}受注者は"));
    assert!(text.contains("・\u{3000}情報セキュリティ対策"));
    assert!(text.contains("第２条\u{3000}"), "article label stays text");
    assert!(xml.contains("<w:numPr>"));
    // Table cell with a newline, and the hostile text in a cell.
    assert!(text.contains("同上\n（第３部）"));
    assert!(xml.contains("<w:tbl>"));
    assert_eq!(
        xml.matches("<w:tblHeader />").count(),
        1,
        "header row repeats on each page"
    );
    assert!(
        grid(xml).contains(r#"<w:gridCol w:w="3298" w:type="dxa" /><w:gridCol w:w="1649" w:type="dxa" /><w:gridCol w:w="4125" w:type="dxa" />"#),
        "relative widths 4:2:5 over 9072 twips: {}",
        grid(xml)
    );
}

fn grid(xml: &str) -> &str {
    let start = xml.find("<w:tblGrid>").unwrap_or(0);
    let end = xml.find("</w:tblGrid>").unwrap_or(start);
    &xml[start..end]
}

#[test]
fn page_fonts_language_and_styles() {
    let parts = unzip(&render_docx(&sample()).unwrap());
    let xml = part(&parts, "word/document.xml");
    assert!(xml.contains(r#"<w:pgSz w:w="11906" w:h="16838" />"#));
    assert!(xml.contains(r#"w:left="1417""#) && xml.contains(r#"w:bottom="1134""#));
    assert!(!xml.contains("w:docGrid"));
    assert!(xml.contains(r#"w:eastAsia="IPAex明朝""#));
    assert!(xml.contains(r#"w:eastAsia="IPAexゴシック""#));
    assert!(
        xml.contains(r#"w:eastAsia="IPAmj明朝""#),
        "fallback font for 𠮷"
    );
    assert!(xml.contains(r#"<w:sz w:val="21" />"#));
    assert!(xml.contains(r#"<w:sz w:val="32" />"#), "16 pt title");
    assert!(xml.contains(r#"<w:sz w:val="18" />"#), "9 pt note");
    assert!(
        xml.contains(r#"w:line="360" w:lineRule="auto""#) || xml.contains(r#"w:lineRule="auto""#)
    );
    // Redline styles.
    assert!(xml.contains(r#"<w:u w:val="single" />"#));
    assert!(xml.contains("<w:strike />"));
    // Hanging indents: （１） at level 1 = 210 + 4 chars, ア at level 2 = 420 + 2 chars.
    assert!(xml.contains(r#"<w:ind w:left="1050" w:right="0" w:hanging="840" />"#));
    assert!(xml.contains(r#"<w:ind w:left="840" w:right="0" w:hanging="420" />"#));
    // Bordered notice.
    assert!(xml.contains("<w:pBdr>"));
    let styles = part(&parts, "word/styles.xml");
    assert!(
        styles.contains(r#"w:eastAsia="ja-JP""#),
        "w:lang in docDefaults"
    );
    assert!(styles.contains(r#"w:eastAsia="IPAex明朝""#));
}

/// One body paragraph of document.xml: style id, numbering level (numPr/ilvl) and text.
#[derive(Debug, Clone, PartialEq)]
struct Para {
    style: Option<String>,
    num: Option<(String, u32)>,
    text: String,
}

fn attr(e: &quick_xml::events::BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| String::from_utf8(a.value.to_vec()).unwrap())
}

fn paragraphs(xml: &str) -> Vec<Para> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut cur: Option<Para> = None;
    let mut num_id = None;
    let mut in_t = false;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) if e.name().as_ref() == b"w:p" => {
                cur = Some(Para {
                    style: None,
                    num: None,
                    text: String::new(),
                });
            }
            Event::End(e) if e.name().as_ref() == b"w:p" => out.extend(cur.take()),
            Event::Start(e) if e.name().as_ref() == b"w:t" => in_t = true,
            Event::End(e) if e.name().as_ref() == b"w:t" => in_t = false,
            Event::Empty(e) => {
                let Some(p) = cur.as_mut() else { continue };
                match e.name().as_ref() {
                    b"w:pStyle" => p.style = attr(&e, b"w:val"),
                    b"w:numId" => num_id = attr(&e, b"w:val"),
                    b"w:ilvl" => {
                        let ilvl = attr(&e, b"w:val").unwrap().parse().unwrap();
                        p.num = Some((String::new(), ilvl));
                    }
                    b"w:tab" => p.text.push('\t'),
                    _ => {}
                }
                if let (Some(id), Some(num)) = (num_id.take(), p.num.as_mut()) {
                    num.0 = id;
                }
            }
            Event::Text(t) if in_t => {
                if let Some(p) = cur.as_mut() {
                    p.text.push_str(&t.decode().unwrap());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[test]
fn hierarchy_is_word_numbering_in_word_styles() {
    let parts = unzip(&render_docx(&sample()).unwrap());
    let paras = paragraphs(part(&parts, "word/document.xml"));
    let find = |start: &str| {
        paras
            .iter()
            .find(|p| p.text.starts_with(start))
            .unwrap_or_else(|| panic!("no paragraph {start}"))
            .clone()
    };
    let numbered = |ilvl: u32| Some(("1".to_string(), ilvl));
    for (start, style, num) in [
        ("情報セキュリティ要件", "Heading1", numbered(0)),
        ("基本事項", "Heading2", numbered(1)),
        ("受注者は、本業務", "BodyText", numbered(2)),
        ("受注者は、情報セキュリティ責任者", "BodyText", numbered(3)),
        ("担当者：山", "BodyText", numbered(3)),
        ("報告は書面", "BodyText", numbered(4)),
        ("報告の様式", "BodyText", numbered(4)),
        ("・\u{3000}情報セキュリティ対策", "ListBullet", None),
        ("情報の取扱い", "Heading2", numbered(1)),
        ("第２４項の要件", "BodyText", numbered(2)),
        ("第２条\u{3000}受注者は", "BodyText", None),
        ("（参考）条項の出典", "Heading2", None),
    ] {
        let p = find(start);
        assert_eq!(p.style.as_deref(), Some(style), "style of {start}");
        assert_eq!(p.num, num, "numbering of {start}");
    }
    // Every numbered paragraph uses the one hierarchy list; each label printed once.
    assert_eq!(
        paras.iter().filter(|p| p.num.is_some()).count(),
        1 + 2 + 1 + 2 + 2 + 24
    );
    // Body runs carry no fonts or sizes of their own: the styles do.
    let body = find("受注者は、本業務");
    assert!(!body.text.contains('\t'));

    let numbering = part(&parts, "word/numbering.xml");
    for lvl in [
        r#"<w:lvl w:ilvl="0"><w:start w:val="1" /><w:numFmt w:val="decimalFullWidth" /><w:suff w:val="tab" /><w:lvlText w:val="第%1" />"#,
        r#"<w:lvl w:ilvl="1"><w:start w:val="1" /><w:numFmt w:val="decimalFullWidth" /><w:suff w:val="tab" /><w:lvlText w:val="%2" />"#,
        r#"<w:lvl w:ilvl="2"><w:start w:val="1" /><w:numFmt w:val="decimalFullWidth" /><w:suff w:val="tab" /><w:lvlText w:val="（%3）" />"#,
        r#"<w:lvl w:ilvl="3"><w:start w:val="1" /><w:numFmt w:val="aiueoFullWidth" /><w:suff w:val="tab" /><w:lvlText w:val="%4" />"#,
        r#"<w:lvl w:ilvl="4"><w:start w:val="1" /><w:numFmt w:val="aiueoFullWidth" /><w:suff w:val="tab" /><w:lvlText w:val="（%5）" />"#,
    ] {
        assert!(numbering.contains(lvl), "numbering.xml lacks {lvl}");
    }
    assert!(numbering.contains(r#"<w:num w:numId="1"><w:abstractNumId w:val="1" /></w:num>"#));

    let styles = part(&parts, "word/styles.xml");
    for (id, name) in [
        ("Heading1", "heading 1"),
        ("Heading2", "heading 2"),
        ("Heading3", "heading 3"),
        ("BodyText", "Body Text"),
        ("ListBullet", "List Bullet"),
    ] {
        assert!(
            styles.contains(&format!(r#"w:styleId="{id}"><w:name w:val="{name}" />"#)),
            "style {id}"
        );
    }
    // Headings stay with the next paragraph; no paragraph leaves a lone line (widow control).
    assert_eq!(styles.matches("<w:keepNext />").count(), 3);
    assert!(styles.contains("<w:pPrDefault><w:pPr><w:widowControl /></w:pPr></w:pPrDefault>"));
    assert!(styles.contains(r#"<w:outlineLvl w:val="0" />"#));

    // Substitutes for Windows PCs without IPAex.
    let fonts = part(&parts, "word/fontTable.xml");
    assert!(fonts.contains(r#"<w:font w:name="IPAex明朝"><w:altName w:val="ＭＳ 明朝" />"#));
    assert!(fonts.contains(r#"<w:font w:name="IPAexゴシック"><w:altName w:val="ＭＳ ゴシック" />"#));
    assert!(fonts.contains(r#"<w:charset w:val="80" />"#));
}

/// A second, independent reader: python-docx (Debian python3-docx) sees the styles by
/// their Word names, the numbering levels and the text.
#[test]
fn python_docx_reads_styles_numbering_and_text() {
    // Debian's interpreter, which python3-docx installs for (PATH may lead to another one).
    let python = PathBuf::from("/usr/bin/python3");
    assert!(
        python.is_file(),
        "/usr/bin/python3 missing: install the Debian package `python3`"
    );
    let import = Command::new(&python)
        .args(["-c", "import docx"])
        .status()
        .unwrap();
    assert!(
        import.success(),
        "python-docx missing: install the Debian package `python3-docx`"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spec.docx");
    std::fs::write(&path, render_docx(&sample()).unwrap()).unwrap();
    let script = r#"
import sys, docx
d = docx.Document(sys.argv[1])
for p in d.paragraphs:
    ppr = p._p.pPr
    num = ppr.numPr if ppr is not None else None
    lvl = num.ilvl.val if num is not None and num.ilvl is not None else "-"
    nid = num.numId.val if num is not None and num.numId is not None else "-"
    print(f"{p.style.name}|{nid}|{lvl}|{p.text}")
"#;
    let out = run(Command::new(python).arg("-c").arg(script).arg(&path));
    let lines: Vec<&str> = out.lines().collect();
    let line = |start: &str| {
        lines
            .iter()
            .find(|l| l.split('|').nth(3).is_some_and(|t| t.starts_with(start)))
            .unwrap_or_else(|| panic!("python-docx lacks {start}:\n{out}"))
            .to_string()
    };
    assert_eq!(
        line("情報セキュリティ要件"),
        "Heading 1|1|0|情報セキュリティ要件"
    );
    assert_eq!(line("基本事項"), "Heading 2|1|1|基本事項");
    assert!(line("受注者は、本業務").starts_with("Body Text|1|2|"));
    assert!(line("受注者は、情報セキュリティ責任者").starts_with("Body Text|1|3|"));
    assert!(line("報告は書面").starts_with("Body Text|1|4|"));
    assert!(line("・").starts_with("List Bullet|-|-|・\u{3000}"));
    assert!(line("第２条").starts_with("Body Text|-|-|第２条\u{3000}"));
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.starts_with("Body Text|1|2|"))
            .count(),
        1 + 24
    );

    // The faces Word will use, as python-docx reads them from the styles.
    let faces = r#"
import sys, docx
from docx.oxml.ns import qn
d = docx.Document(sys.argv[1])
default = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:rFonts"))
print(default.get(qn("w:eastAsia")), default.get(qn("w:ascii")))
h = d.styles["Heading 1"].element.rPr.rFonts
print(h.get(qn("w:eastAsia")), d.styles["Heading 1"].font.name)
"#;
    for font in WordFont::ALL {
        let path = dir.path().join(format!("{}.docx", font.code()));
        std::fs::write(&path, render_docx(&sample_in(font)).unwrap()).unwrap();
        let out = run(Command::new("/usr/bin/python3")
            .arg("-c")
            .arg(faces)
            .arg(&path));
        assert_eq!(
            out,
            format!("{m} {m}\n{g} {g}\n", m = font.mincho(), g = font.gothic()),
            "{font:?}"
        );
    }
}

fn sample_in(font: WordFont) -> Document {
    let mut doc = sample();
    doc.meta.word_font = font;
    doc
}

/// The text of every part, with the face names taken out.
fn without_faces(xml: &str, font: WordFont) -> String {
    xml.replace(font.mincho(), "FACE-M")
        .replace(font.gothic(), "FACE-G")
}

/// The officer's choice of faces for Word: every run, style and footer names the chosen faces,
/// fontTable.xml declares them as Word does, the 𠮷 fallback stays, and nothing else changes.
#[test]
fn the_word_faces_are_the_officer_s_choice() {
    let base = unzip(&render_docx(&sample_in(WordFont::Ipaex)).unwrap());
    for (font, alt, mincho_panose) in [
        (WordFont::Yu, "Yu Mincho", "02020400000000000000"),
        (WordFont::Ms, "MS Mincho", "02020609040205080304"),
    ] {
        let parts = unzip(&render_docx(&sample_in(font)).unwrap());
        for name in ["word/document.xml", "word/styles.xml", "word/footer1.xml"] {
            let xml = part(&parts, name);
            assert!(
                !xml.contains("IPAex"),
                "{name} still names IPAex ({font:?})"
            );
            assert_eq!(
                without_faces(xml, font),
                without_faces(part(&base, name), WordFont::Ipaex),
                "{name}: only the face names differ ({font:?})"
            );
        }
        let styles = part(&parts, "word/styles.xml");
        assert!(styles.contains(&format!(
            r#"<w:rPrDefault><w:rPr><w:rFonts w:ascii="{m}" w:hAnsi="{m}" w:eastAsia="{m}" w:cs="{m}" />"#,
            m = font.mincho()
        )));
        assert_eq!(
            styles
                .matches(&format!(r#"w:eastAsia="{}""#, font.gothic()))
                .count(),
            3,
            "the three headings"
        );
        let table = part(&parts, "word/fontTable.xml");
        assert!(table.contains(&format!(
            r#"<w:font w:name="{}"><w:altName w:val="{alt}" /><w:panose1 w:val="{mincho_panose}" />"#,
            font.mincho()
        )));
        assert!(table.contains(&format!(r#"<w:font w:name="{}">"#, font.gothic())));
        assert!(table.contains(&format!(
            r#"<w:font w:name="IPAmj明朝"><w:altName w:val="{}" />"#,
            font.mincho()
        )));
        assert!(part(&parts, "word/document.xml").contains(r#"w:eastAsia="IPAmj明朝""#));

        // A face name typed in the text (quotes included) is text, and stays as typed.
        let mut typed = sample_in(font);
        typed
            .blocks
            .push(para(3, "", "書体は\"IPAex明朝\"とする。"));
        let parts = unzip(&render_docx(&typed).unwrap());
        assert!(part(&parts, "word/document.xml").contains("書体は&quot;IPAex明朝&quot;とする。"));
    }
}

#[test]
fn footer_has_page_fields() {
    let parts = unzip(&render_docx(&sample()).unwrap());
    let footer = part(&parts, "word/footer1.xml");
    assert!(footer.contains(r#"w:fldCharType="begin""#));
    assert!(footer.contains("<w:instrText>PAGE</w:instrText>"));
    assert!(footer.contains("<w:instrText>NUMPAGES</w:instrText>"));
    assert!(footer.contains("ページ"));
    assert!(footer.contains("SECSPEC-0001-SPEC-R1"));
    assert!(footer.contains(r#"w:val="right""#), "right tab stop");
    let doc = part(&parts, "word/document.xml");
    assert!(doc.contains("<w:footerReference"));
}

#[test]
fn properties_are_fixed_and_output_is_deterministic() {
    let doc = sample();
    let first = render_docx(&doc).unwrap();
    let second = render_docx(&doc).unwrap();
    assert_eq!(first, second, "two renders differ");
    // Another thread starts docx-rs's thread-local counters afresh: still identical.
    let third = std::thread::spawn(move || render_docx(&doc).unwrap())
        .join()
        .unwrap();
    assert_eq!(first, third, "render in another thread differs");

    let parts = unzip(&first);
    let core = part(&parts, "docProps/core.xml");
    assert!(core.contains("<dc:title>調達仕様書（情報セキュリティ要件）</dc:title>"));
    assert!(core.contains(">2000-01-01T00:00:00Z</dcterms:created>"));
    assert!(core.contains(">2000-01-01T00:00:00Z</dcterms:modified>"));
    assert!(part(&parts, "docProps/app.xml").contains("<Application>SecSpec</Application>"));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&first)).unwrap();
    for i in 0..archive.len() {
        let entry = archive.by_index(i).unwrap();
        let time = entry.last_modified().unwrap();
        assert_eq!(
            (time.year(), time.month(), time.day()),
            (1980, 1, 1),
            "{}",
            entry.name()
        );
    }
}

#[test]
fn english_document_uses_english_labels_and_language() {
    let mut meta = meta(Lang::En);
    meta.title = "Procurement specification".into();
    meta.page_label = "Page".into();
    let doc = Document {
        meta,
        blocks: vec![
            Block::Heading {
                level: 1,
                label: "Part 1".into(),
                text: "Security".into(),
            },
            para(1, "(1)", "The contractor shall comply with the policy."),
        ],
    };
    let parts = unzip(&render_docx(&doc).unwrap());
    let text = word_text(part(&parts, "word/document.xml"));
    assert!(text.contains("Subject:\t"));
    assert!(text.contains("(1)\tThe contractor"));
    assert!(part(&parts, "word/styles.xml").contains(r#"w:val="en-US""#));
    assert!(part(&parts, "docProps/core.xml").contains("<dc:language>en-US</dc:language>"));
}

#[test]
fn empty_document_renders() {
    let mut meta = meta(Lang::Ja);
    meta.notice = None;
    meta.date_text = String::new();
    let doc = Document {
        meta,
        blocks: vec![
            Block::Table {
                header: false,
                widths: vec![],
                rows: vec![],
            },
            Block::List {
                level: 0,
                marker: String::new(),
                items: vec![vec![]],
            },
        ],
    };
    let parts = unzip(&render_docx(&doc).unwrap());
    let xml = part(&parts, "word/document.xml");
    assert!(!xml.contains("<w:tbl>"), "a table without rows is left out");
}

/// Converts `docx` with LibreOffice in a private profile and returns the PDF path.
fn libreoffice_pdf(docx: &Path, out_dir: &Path, profile: &Path) -> PathBuf {
    let soffice = require("soffice", "libreoffice-writer-nogui");
    run(Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(out_dir)
        .arg(docx));
    let pdf = out_dir.join(docx.with_extension("pdf").file_name().unwrap());
    assert!(pdf.is_file(), "LibreOffice wrote no PDF");
    pdf
}

#[test]
fn libreoffice_converts_with_ipaex_fonts_and_page_numbers() {
    let pdftotext = require("pdftotext", "poppler-utils");
    let pdffonts = require("pdffonts", "poppler-utils");
    let doc = sample();
    let bytes = render_docx(&doc).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("spec.docx");
    std::fs::write(&docx, &bytes).unwrap();
    let pdf = libreoffice_pdf(&docx, dir.path(), &dir.path().join("lo-profile"));
    keep_artifacts(&docx, &pdf);

    let fonts = run(Command::new(pdffonts).arg(&pdf));
    assert!(fonts.contains("IPAexMincho"), "no IPAex Mincho:\n{fonts}");
    assert!(fonts.contains("IPAexGothic"), "no IPAex Gothic:\n{fonts}");

    let text = run(Command::new(pdftotext).arg("-layout").arg(&pdf).arg("-"));
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(
        pages.len() >= 2,
        "expected several pages, got {}",
        pages.len()
    );
    let total = pages.len();
    // Footer fields were evaluated: "ページ n / total" on every page.
    for (i, page) in pages.iter().enumerate() {
        let want = format!("ページ{}/{}", i + 1, total);
        assert!(squeeze(page).contains(&want), "page {} lacks {want}", i + 1);
    }
    // Body text, with footers removed so a paragraph split over a page break still matches.
    let body: String = text
        .lines()
        .filter(|l| !l.contains("SECSPEC-0001-SPEC-R1"))
        .collect();
    let body = squeeze(&body);
    let all = squeeze(&doc.plain_text()).replace('\u{1}', "");
    for line in doc.plain_text().lines() {
        let want = squeeze(&line.replace('\u{1}', ""));
        if want.is_empty() || line.contains('\t') {
            continue; // table rows are checked cell by cell below
        }
        assert!(body.contains(&want), "PDF lacks paragraph: {line}");
    }
    // Cells that fit on one line (wrapped cells interleave with their neighbours in -layout).
    for cell in [
        "条項",
        "基本事項",
        "（第３部）",
        "入力検査",
        "<script>&\"'</script>",
    ] {
        assert!(body.contains(&squeeze(cell)), "PDF lacks cell text {cell}");
    }
    for meta_text in [&doc.meta.title, &doc.meta.subject, &doc.meta.date_text] {
        assert!(body.contains(&squeeze(meta_text)), "PDF lacks {meta_text}");
    }
    assert!(all.contains("𠮷") && body.contains("山𠮷太郎"));
    // Word numbering as LibreOffice evaluates it: each level's label before its text.
    for want in [
        "第１情報セキュリティ要件",
        "１基本事項",
        "（１）受注者は、本業務",
        "ア受注者は、情報セキュリティ責任者",
        "イ担当者：山𠮷太郎",
        "（ア）報告は書面によること。",
        "（イ）報告の様式は",
        "２情報の取扱い",
        "（２４）第２４項の要件",
        "第２条受注者は、前条の報告",
    ] {
        assert!(body.contains(want), "PDF lacks the numbered line {want}");
    }
}

/// Copies the DOCX, PDF and page images to $SECSPEC_DOCX_ARTIFACTS for a visual check.
fn keep_artifacts(docx: &Path, pdf: &Path) {
    let Some(keep) = std::env::var_os("SECSPEC_DOCX_ARTIFACTS") else {
        return;
    };
    let keep = PathBuf::from(keep);
    std::fs::create_dir_all(&keep).unwrap();
    std::fs::copy(docx, keep.join("spec.docx")).unwrap();
    std::fs::copy(pdf, keep.join("spec.pdf")).unwrap();
    let pdftoppm = require("pdftoppm", "poppler-utils");
    run(Command::new(pdftoppm)
        .args(["-png", "-r", "60"])
        .arg(pdf)
        .arg(keep.join("page")));
}
