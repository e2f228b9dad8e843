//! The documents themselves: official text verbatim in both PDFs, fonts, determinism.

use crate::support::*;

const CLAUSES: [&str; 5] = [
    "organization.txt",
    "confidentiality.txt",
    "breach.txt",
    "audit.txt",
    "national_security.txt",
];

#[test]
fn both_pdfs_carry_the_official_text_with_the_agency_filled_in() {
    let env = Env::new();
    let id = env.new_project(&example("procurement.toml"));
    let out = env.path("out");
    env.ok(&["generate", &id, "--out", out.to_str().unwrap()]);
    let spec_pdf = output(&out, "調達仕様書", "pdf");
    let spec_docx = output(&out, "調達仕様書", "docx");
    let ours = squash(&pdftotext(&spec_pdf));
    let lo_dir = env.path("lo");
    std::fs::create_dir_all(&lo_dir).unwrap();
    let theirs = squash(&pdftotext(&libreoffice_pdf(&spec_docx, &lo_dir)));
    for name in CLAUSES {
        assert_official(&ours, name, "デジタル庁", "our PDF");
        assert_official(&theirs, name, "デジタル庁", "the DOCX (via LibreOffice)");
    }
    for text in [&ours, &theirs] {
        assert!(text.contains("令和8年11月22日"));
        assert!(text.contains("SECSPEC-00001-SPEC-R1"));
    }
    // 𠮷 (outside the BMP, not in IPAex) prints through the fallback font.
    let annex = squash(&pdftotext(&output(&out, "特記事項", "pdf")));
    assert!(annex.contains("第１条本調達に係る業務を行う事業者は"));
}

#[test]
fn pdf_embeds_subset_fonts_and_numbers_pages() {
    let env = Env::new();
    let id = env.new_project(&example("procurement.toml").replace(
        "title = \"府省間ネットワーク運用監視業務\"",
        "title = \"𠮷野家庁舎ネットワーク運用監視業務\"",
    ));
    let out = env.path("out");
    env.ok(&[
        "generate",
        &id,
        "--out",
        out.to_str().unwrap(),
        "--format",
        "pdf",
    ]);
    let pdf = output(&out, "調達仕様書", "pdf");
    let fonts =
        String::from_utf8(tool("pdffonts", "poppler-utils", &[pdf.to_str().unwrap()]).stdout)
            .unwrap();
    let embedded: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(embedded.len() >= 2, "{fonts}");
    for line in &embedded {
        assert!(
            line.split_whitespace().next().unwrap().contains('+'),
            "subset prefix expected: {line}"
        );
        assert!(line.contains(" yes "), "embedded: {line}");
    }
    let text = pdftotext(&pdf);
    assert!(
        text.contains("𠮷野家庁舎"),
        "fallback glyph extracts exactly"
    );
    let info = String::from_utf8(tool("pdfinfo", "poppler-utils", &[pdf.to_str().unwrap()]).stdout)
        .unwrap();
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(
        squash(&text).contains(&format!("1/{pages}")),
        "page numbers 'N / {pages}'"
    );
    let size = std::fs::metadata(&pdf).unwrap().len();
    assert!(
        size < 400_000,
        "subset fonts keep the PDF small: {size} bytes"
    );
}

#[test]
fn same_project_gives_byte_identical_documents() {
    let env = Env::new();
    let id = env.new_project(&example("procurement.toml"));
    let (a, b) = (env.path("a"), env.path("b"));
    env.ok(&["generate", &id, "--out", a.to_str().unwrap()]);
    env.ok(&["generate", &id, "--out", b.to_str().unwrap()]);
    for file in files_with(&a, "pdf")
        .into_iter()
        .chain(files_with(&a, "docx"))
    {
        let other = b.join(file.file_name().unwrap());
        assert_eq!(
            std::fs::read(&file).unwrap(),
            std::fs::read(&other).unwrap(),
            "{} differs",
            file.display()
        );
    }
}

/// The officer chooses the faces Word uses (`word_font`): the DOCX names them in its styles
/// and font table, LibreOffice still reads the official text from it, and the PDFs (always the
/// bundled fonts) stay byte for byte the same.
#[test]
fn the_word_faces_change_the_docx_only() {
    let env = Env::new();
    let answers = example("procurement.toml");
    let id = env.new_project(&answers);
    let ipaex = env.path("ipaex");
    env.ok(&["generate", &id, "--out", ipaex.to_str().unwrap()]);
    for (code, mincho) in [("yu", "游明朝"), ("ms", "ＭＳ 明朝")] {
        let file = env.path(&format!("{code}.toml"));
        std::fs::write(&file, format!("word_font = \"{code}\"\n{answers}")).unwrap();
        env.ok(&["update", &id, "--answers", file.to_str().unwrap()]);
        let dir = env.path(code);
        env.ok(&["generate", &id, "--out", dir.to_str().unwrap()]);
        let docx = output(&dir, "調達仕様書", "docx");
        let styles = docx_xml(&docx, "word/styles.xml");
        assert!(
            styles.contains(&format!(r#"w:eastAsia="{mincho}""#)),
            "{code}: styles name {mincho}"
        );
        assert!(!docx_xml(&docx, "word/document.xml").contains("IPAex明朝"));
        assert!(docx_xml(&docx, "word/fontTable.xml").contains(&format!(r#"w:name="{mincho}""#)));
        let lo = env.path(&format!("{code}-lo"));
        std::fs::create_dir_all(&lo).unwrap();
        let text = squash(&pdftotext(&libreoffice_pdf(&docx, &lo)));
        for name in CLAUSES {
            assert_official(&text, name, "デジタル庁", code);
        }
        // The PDFs do not depend on the choice (the revision in the name and footer aside).
        for pdf in files_with(&dir, "pdf") {
            let name = pdf.file_name().unwrap().to_str().unwrap().to_string();
            let before = output(&ipaex, name.split('_').nth(1).unwrap(), "pdf");
            let strip = |p: &std::path::Path| {
                pdftotext(p)
                    .lines()
                    .filter(|l| !l.contains("SECSPEC-"))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            assert_eq!(strip(&pdf), strip(&before), "{name}");
        }
    }
}

#[test]
fn subsidy_conditions_document() {
    let env = Env::new();
    let id = env.new_project(&example("subsidy.toml"));
    let out = env.path("out");
    env.ok(&["generate", &id, "--out", out.to_str().unwrap()]);
    let pdf = files_with(&out, "pdf");
    assert_eq!(
        pdf.len(),
        2,
        "the grant conditions and the separate 作成根拠"
    );
    let conditions = &output(&out, "補助金等交付条件", "pdf");
    let text = squash(&pdftotext(conditions));
    assert!(text.contains("令和元年5月1日"));
    assert!(!text.contains("SecSpec"), "no tool label in the conditions");
    assert!(text.contains("補助事業者"));
    assert_official(&text, "national_security.txt", "", "the subsidy conditions");
}

#[test]
fn english_documents() {
    let env = Env::new();
    let id =
        env.new_project(&example("procurement.toml").replace("lang = \"ja\"", "lang = \"en\""));
    let out = env.path("out");
    env.ok(&[
        "generate",
        &id,
        "--out",
        out.to_str().unwrap(),
        "--format",
        "pdf",
    ]);
    let text = pdftotext(&output(&out, "Specification", "pdf"));
    assert!(text.contains("November 22, 2026"), "{text}");
    assert!(text.contains("Digital") || text.contains("デジタル庁"));
}
