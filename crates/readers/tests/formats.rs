//! What each reader takes from a file: Word's text boxes (once, not twice), fields (results,
//! not codes), hidden text, list numbers, headers and footers, deleted paragraph marks; ODT
//! headings and tables; Markdown headings and tables; and the report written back as PDF.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use secspec_core::verify::{self, Part, Status};
use secspec_readers::read;

const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimalFullWidth"/><w:lvlText w:val="（%1）"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="aiueoFullWidth"/><w:lvlText w:val="%2"/></w:lvl></w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;

fn numbered(text: &str, ilvl: u32) -> String {
    format!(
        "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"{ilvl}\"/><w:numId w:val=\"3\"/></w:numPr></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>",
        common::esc(text)
    )
}

#[test]
fn word_parts_are_read_as_printed() {
    let textbox = "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>箱の中の文。</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>箱の中の文。</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>本文の続き。</w:t></w:r></w:p>";
    let field = "<w:p><w:r><w:t>作成日：</w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> DATE \\@ \"yyyy\" </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>2026</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:fldSimple w:instr=\"PAGE\"><w:r><w:t>（3）</w:t></w:r></w:fldSimple></w:p>";
    let hidden = "<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>隠し文字</w:t></w:r><w:r><w:t>見える文字</w:t></w:r></w:p>";
    let joined = "<w:p><w:pPr><w:rPr><w:del w:id=\"9\" w:author=\"a\"/></w:rPr></w:pPr><w:r><w:t>前半と</w:t></w:r></w:p><w:p><w:r><w:t>後半。</w:t></w:r></w:p>";
    let body = format!(
        "{}{}{}{}{}{}{}{}",
        common::heading_para(1, "第1 総則"),
        numbered("目的", 0),
        numbered("範囲", 0),
        numbered("細目", 1),
        textbox,
        field,
        hidden,
        joined
    );
    let footer = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr {}>{}</w:ftr>"#,
        common::W_NS,
        common::para("デジタル庁 調達仕様書")
    );
    let bytes = common::docx(
        &body,
        &[
            ("word/styles.xml", common::STYLES.to_string()),
            ("word/numbering.xml", NUMBERING.to_string()),
            ("word/footer1.xml", footer),
        ],
    );
    let doc = read(&bytes, "parts.docx").unwrap();
    let texts: Vec<(&str, &str, Part)> = doc
        .blocks
        .iter()
        .map(|b| (b.text.as_str(), b.location.label.as_str(), b.location.part))
        .collect();
    println!("{texts:#?}");
    assert_eq!(doc.blocks[0].heading, Some(1));
    assert!(texts.contains(&("目的", "（１）", Part::Body)));
    assert!(texts.contains(&("範囲", "（２）", Part::Body)));
    assert!(texts.contains(&("細目", "ア", Part::Body)));
    assert_eq!(
        texts.iter().filter(|t| t.0 == "箱の中の文。").count(),
        1,
        "text box read once"
    );
    assert!(texts
        .iter()
        .any(|t| t.0 == "箱の中の文。" && t.2 == Part::TextBox));
    assert!(
        texts.contains(&("作成日：2026（3）", "", Part::Body)),
        "field results, not codes"
    );
    assert!(
        texts.contains(&("見える文字", "", Part::Body)),
        "hidden text is not read"
    );
    assert!(
        texts.contains(&("前半と後半。", "", Part::Body)),
        "a deleted paragraph mark joins"
    );
    assert!(texts.contains(&("デジタル庁 調達仕様書", "", Part::Footer)));
    assert!(doc.blocks[1].location.headings == vec!["第1 総則".to_string()]);
}

#[test]
fn markdown_headings_and_tables_give_locations() {
    let lib = common::library();
    let c = lib.clause("confidentiality").unwrap();
    let body = c.ja.body.replace("{{ agency }}", "デジタル庁");
    let md = format!(
        "# 調達仕様書\n\n## 7. 情報セキュリティの確保\n\n| 項目 | 内容 |\n|---|---|\n| 秘密保持 | {} |\n",
        body.trim()
    );
    let doc = read(md.as_bytes(), "spec.md").unwrap();
    let r = verify::check(&lib, &doc.blocks);
    let conf = r.clause("confidentiality").unwrap();
    assert_eq!(conf.status, Status::Verbatim);
    let loc = conf.location.as_ref().unwrap();
    assert_eq!(
        loc.table.map(|t| (t.table, t.row, t.column)),
        Some((1, 2, 2))
    );
    assert_eq!(
        loc.headings,
        vec!["調達仕様書", "7. 情報セキュリティの確保"]
    );
    assert!(conf.place.contains("表1 2行2列"), "{}", conf.place);
}

#[test]
fn the_check_report_renders_and_reads_back() {
    let lib = common::library();
    let case = common::build::cases()
        .into_iter()
        .find(|c| c.name == "weakened-immediately")
        .unwrap();
    let (bytes, name) = common::build::build(&lib, &case);
    let doc = read(&bytes, &name).unwrap();
    let report = verify::check(&lib, &doc.blocks).with_source(&name, doc.format.code());
    let opts = verify::ReportOptions {
        document_id: "SECSPEC-CHECK-0001".into(),
        date_text: "令和8年4月1日".into(),
    };
    for lang in [secspec_core::Lang::Ja, secspec_core::Lang::En] {
        let d = verify::report_document(&report, &lib, lang, &opts).unwrap();
        let pdf = secspec_render::pdf::render_pdf(&d, &common::build::fonts()).unwrap();
        let docx = secspec_render::docx::render_docx(&d).unwrap();
        for (bytes, name) in [(pdf, "report.pdf"), (docx, "report.docx")] {
            let back = read(&bytes, name).unwrap();
            let text: String = back
                .blocks
                .iter()
                .map(|b| b.text.as_str())
                .collect::<Vec<_>>()
                .join("\n");
            match lang {
                secspec_core::Lang::Ja => {
                    assert!(
                        text.contains("仕様書点検結果報告書") || text.contains("変更あり"),
                        "{name}: {text}"
                    );
                    assert!(text.contains("速やかに"), "{name}");
                }
                secspec_core::Lang::En => assert!(text.contains("weakened"), "{name}: {text}"),
            }
        }
    }
}
