//! Hostile and broken files: each refused with one clear line naming the file and the problem
//! in both languages, within bounded memory and time, never a panic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use secspec_core::Bilingual;
use secspec_readers::{read, read_path, read_with, Limits, Problem, ReadError, SourceFormat};

/// The error of reading `bytes` as `name`, checked for the shape every error must have.
fn refused(bytes: &[u8], name: &str) -> ReadError {
    refused_with(bytes, name, &Limits::default())
}

fn refused_with(bytes: &[u8], name: &str, limits: &Limits) -> ReadError {
    let err = read_with(bytes, name, limits).expect_err("must be refused");
    check_line(&err, name);
    err
}

fn check_line(err: &ReadError, name: &str) {
    let line = err.to_string();
    let m = err.message();
    assert!(!line.contains('\n'), "one line: {line}");
    assert!(
        m.ja.starts_with(name) && m.en.starts_with(name),
        "names the file: {line}"
    );
    assert!(m.ja.chars().any(|c| c > '\u{3000}'), "Japanese: {}", m.ja);
    assert!(m.en.is_ascii() || m.en.contains(name), "English: {}", m.en);
    println!("{line}");
}

/// A valid small DOCX.
fn small_docx() -> Vec<u8> {
    common::docx(
        &common::para("本調達に係る業務を行う事業者は、体制を整備すること。"),
        &[],
    )
}

#[test]
fn corrupt_zip() {
    let mut bytes = b"PK\x03\x04".to_vec();
    bytes.extend(std::iter::repeat_n(0x5A, 2000));
    let err = refused(&bytes, "broken.docx");
    assert!(matches!(err.problem, Problem::BadZip { .. }), "{err}");
    assert!(err.message().en.contains("damaged or truncated ZIP"));
}

#[test]
fn truncated_zip() {
    let full = small_docx();
    let err = refused(&full[..full.len() / 2], "truncated.docx");
    assert!(matches!(err.problem, Problem::BadZip { .. }), "{err}");
}

/// Sets the uncompressed size of entry `name` in both its local and central headers.
fn declare_size(zip: &mut [u8], name: &str, size: u32) {
    let n = name.as_bytes();
    let mut i = 0;
    while i + 46 < zip.len() {
        if zip[i..].starts_with(b"PK\x03\x04") && zip[i + 30..].starts_with(n) {
            zip[i + 22..i + 26].copy_from_slice(&size.to_le_bytes());
        }
        if zip[i..].starts_with(b"PK\x01\x02") && zip[i + 46..].starts_with(n) {
            zip[i + 24..i + 28].copy_from_slice(&size.to_le_bytes());
        }
        i += 1;
    }
}

#[test]
fn zip_bomb_by_declared_size() {
    let mut bytes = small_docx();
    declare_size(&mut bytes, "word/document.xml", 3_000_000_000);
    let err = refused(&bytes, "bomb.docx");
    assert!(matches!(err.problem, Problem::ZipBomb { .. }), "{err}");
    assert!(err.message().en.contains("zip bomb"));
}

#[test]
fn zip_bomb_by_ratio() {
    // 8 MB of one character deflates to a few kilobytes: a ratio no document has.
    let xml = format!(
        "<w:document {}><w:body><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:body></w:document>",
        common::W_NS,
        "あ".repeat(3_000_000)
    );
    let bytes = common::zip(&[("word/document.xml", xml.into_bytes(), true)]);
    assert!(bytes.len() < 200_000, "{}", bytes.len());
    let err = refused(&bytes, "ratio.docx");
    assert!(matches!(err.problem, Problem::ZipBomb { .. }), "{err}");
}

#[test]
fn zip_bomb_lying_about_its_size() {
    // Declares 100 bytes, expands to 3 MB: the read stops at the limit, whatever was declared.
    let xml = format!(
        "<w:document {}><w:body>{}</w:body></w:document>",
        common::W_NS,
        common::para(&"い".repeat(1_000_000))
    );
    let mut bytes = common::zip(&[("word/document.xml", xml.into_bytes(), true)]);
    declare_size(&mut bytes, "word/document.xml", 100);
    let limits = Limits {
        max_part: 1_000_000,
        ..Limits::default()
    };
    let err = refused_with(&bytes, "liar.docx", &limits);
    assert!(
        matches!(
            err.problem,
            Problem::ZipBomb { .. } | Problem::BadZip { .. }
        ),
        "{err}"
    );
}

#[test]
fn too_many_entries() {
    let entries: Vec<(String, Vec<u8>, bool)> = (0..6000)
        .map(|i| (format!("x/{i}.xml"), Vec::new(), false))
        .collect();
    let refs: Vec<(&str, Vec<u8>, bool)> = entries
        .iter()
        .map(|(n, b, c)| (n.as_str(), b.clone(), *c))
        .collect();
    let err = refused(&common::zip(&refs), "many.docx");
    assert!(
        matches!(err.problem, Problem::TooManyEntries { .. }),
        "{err}"
    );
}

#[test]
fn xml_nested_100000_deep() {
    let depth = 100_000;
    let xml = format!(
        "<w:document {}><w:body>{}{}</w:body></w:document>",
        common::W_NS,
        "<w:p>".repeat(depth),
        "</w:p>".repeat(depth)
    );
    for compressed in [false, true] {
        let bytes = common::zip(&[
            (
                "[Content_Types].xml",
                common::CONTENT_TYPES.as_bytes().to_vec(),
                true,
            ),
            ("word/document.xml", xml.clone().into_bytes(), compressed),
        ]);
        let err = refused(&bytes, "deep.docx");
        assert!(matches!(err.problem, Problem::XmlTooDeep { .. }), "{err}");
        assert!(err.message().en.contains("nested too deeply"));
    }
}

#[test]
fn malformed_xml() {
    let bytes = common::zip(&[(
        "word/document.xml",
        b"<w:document><w:body><w:p></w:body>".to_vec(),
        true,
    )]);
    let err = refused(&bytes, "bad.docx");
    assert!(matches!(err.problem, Problem::BadXml { .. }), "{err}");
}

#[test]
fn fifty_megabyte_file() {
    let bytes = vec![b'a'; 50_000_000];
    let err = refused(&bytes, "huge.txt");
    assert!(matches!(err.problem, Problem::TooLarge { .. }), "{err}");
    assert!(err.message().en.contains("too large"));
    // From disk the size is checked before reading: a sparse file costs no memory.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.pdf");
    std::fs::File::create(&path)
        .unwrap()
        .set_len(50_000_000)
        .unwrap();
    let err = read_path(&path).expect_err("refused");
    check_line(&err, &path.display().to_string());
    assert!(matches!(err.problem, Problem::TooLarge { .. }), "{err}");
}

#[test]
fn docx_renamed_pdf_is_read_as_docx() {
    let doc = read(&small_docx(), "spec.pdf").unwrap();
    assert_eq!(doc.format, SourceFormat::Docx);
    assert!(
        doc.notes.iter().any(|n| n.en.contains("read as DOCX")),
        "{:?}",
        doc.notes
    );
}

#[test]
fn pdf_renamed_docx_is_read_as_pdf() {
    let pdf = std::fs::read(common::fixture_dir().join("lo/verbatim-docx.pdf")).unwrap();
    let doc = read(&pdf, "spec.docx").unwrap();
    assert_eq!(doc.format, SourceFormat::Pdf);
    assert!(doc.notes.iter().any(|n| n.en.contains("read as PDF")));
}

#[test]
fn text_named_docx_is_refused_clearly() {
    let err = refused("本調達に係る業務".as_bytes(), "fake.docx");
    assert!(matches!(err.problem, Problem::Unsupported { .. }), "{err}");
}

#[test]
fn encrypted_pdfs() {
    for f in ["encrypted-user.pdf", "encrypted-owner.pdf"] {
        let bytes = std::fs::read(common::fixture_dir().join(f)).unwrap();
        let err = refused(&bytes, f);
        assert_eq!(err.problem, Problem::EncryptedPdf, "{err}");
    }
}

/// A one-page PDF with an empty content stream (what a scan without OCR looks like to a reader).
fn pdf_without_text() -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>"
            .to_string(),
        "<< /Length 10 >>\nstream\n0 0 m 1 1 l\nendstream".to_string(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}

#[test]
fn scanned_pdf_needs_ocr() {
    let err = refused(&pdf_without_text(), "scan.pdf");
    assert_eq!(err.problem, Problem::NoTextLayer, "{err}");
    assert!(err
        .message()
        .en
        .contains("no text layer: a scanned PDF needs OCR first"));
}

#[test]
fn pdf_nested_100000_deep() {
    let mut bytes = b"%PDF-1.4\n1 0 obj\n".to_vec();
    bytes.extend(std::iter::repeat_n(b'[', 100_000));
    bytes.extend(std::iter::repeat_n(b']', 100_000));
    bytes.extend(b"\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
    let err = refused(&bytes, "deep.pdf");
    assert!(matches!(err.problem, Problem::PdfTooDeep { .. }), "{err}");
}

#[test]
fn truncated_pdf() {
    let pdf = std::fs::read(common::fixture_dir().join("lo/verbatim-docx.pdf")).unwrap();
    for cut in [100, pdf.len() / 3] {
        match read(&pdf[..cut], "cut.pdf") {
            Err(err) => check_line(&err, "cut.pdf"),
            // A reader may recover the pages that are whole; what it returns is still text.
            Ok(doc) => assert!(!doc.blocks.is_empty()),
        }
    }
}

#[test]
fn invalid_utf8_that_is_not_shift_jis() {
    let mut bytes = "調達仕様書".as_bytes().to_vec();
    bytes.extend([0xFF, 0xFF, 0xFD]);
    bytes.extend("情報セキュリティ".as_bytes());
    let err = refused(&bytes, "bad.txt");
    assert!(
        matches!(err.problem, Problem::BadEncoding { offset: 15 }),
        "{err}"
    );
}

#[test]
fn shift_jis_is_detected() {
    let (bytes, _, _) =
        encoding_rs::SHIFT_JIS.encode("本調達に係る業務を行う事業者は、体制を整備すること。");
    let doc = read(&bytes, "sjis.txt").unwrap();
    assert_eq!(doc.encoding, Some("Shift_JIS"));
    assert!(doc.blocks[0].text.starts_with("本調達"));
}

#[test]
fn binary_legacy_empty_and_images() {
    let err = refused(
        &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
        "old.doc",
    );
    assert_eq!(err.problem, Problem::OleFile);
    let err = refused(&[1, 2, 0, 4, 5, 0, 7], "blob.txt");
    assert_eq!(err.problem, Problem::Binary);
    let err = refused(b"  \n ", "empty.txt");
    assert_eq!(err.problem, Problem::Empty);
    let err = refused(b"\x89PNG\r\n\x1a\n0000", "scan.png");
    assert!(matches!(err.problem, Problem::Unsupported { .. }));
    let xlsx = common::zip(&[("xl/workbook.xml", b"<workbook/>".to_vec(), true)]);
    let err = refused(&xlsx, "book.xlsx");
    assert!(matches!(err.problem, Problem::Unsupported { .. }));
}

#[test]
fn garbage_of_every_kind_never_panics() {
    // Random-looking bytes behind each magic number: any error, never a panic.
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let docx = small_docx();
    let pdf = std::fs::read(common::fixture_dir().join("lo/verbatim-docx.pdf")).unwrap();
    for base in [docx, pdf] {
        for _ in 0..40 {
            let mut b = base.clone();
            for _ in 0..20 {
                let i = (next() as usize) % b.len();
                b[i] = next() as u8;
            }
            if let Err(e) = read(&b, "fuzz.bin") {
                check_line(&e, "fuzz.bin");
            }
        }
    }
}
