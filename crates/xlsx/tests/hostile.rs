#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Files and cells the import must refuse, each with the exact kind and a message naming the
//! sheet and the cell.

mod common;

use common::{checklist, export, state, t, Grid, V};
use secspec_core::checklist::{Checklist, ChecklistState};
use secspec_core::Lang;
use secspec_xlsx::{import, Imported, Rejection, XlsxError};
use std::io::{Cursor, Read, Write};
use std::time::Instant;
use zip::write::SimpleFileOptions;

fn base() -> (Checklist, ChecklistState, Grid) {
    let c = checklist();
    let s = state(&c);
    let g = Grid::read(&export(&c, &s, Lang::Ja));
    (c, s, g)
}

fn run(c: &Checklist, s: &ChecklistState, g: &Grid) -> Imported {
    import(&g.write(), c, s).unwrap()
}

/// The one rejection at `cell`, checked for kind, item and that both messages name the cell.
fn rejected_at(got: &Imported, cell: &str, kind: Rejection, item: Option<&str>) {
    let r = got
        .rejected
        .iter()
        .find(|r| r.cell == cell)
        .unwrap_or_else(|| panic!("no rejection at {cell}: {:?}", got.rejected));
    assert_eq!(r.kind, kind, "{r:?}");
    assert_eq!(r.item_id.as_deref(), item);
    assert_eq!(r.sheet, "チェックリスト");
    assert!(
        r.message_ja.contains(&format!("セル {cell}")),
        "{}",
        r.message_ja
    );
    assert!(r.message_ja.contains("チェックリスト"), "{}", r.message_ja);
    assert!(
        r.message_en.contains(&format!("cell {cell}")),
        "{}",
        r.message_en
    );
}

fn err(bytes: &[u8]) -> XlsxError {
    let c = checklist();
    import(bytes, &c, &ChecklistState::default()).unwrap_err()
}

/// Rewrites a zip entry by entry, letting `edit` change an entry's bytes.
fn rezip(bytes: &[u8], edit: impl Fn(&str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let mut src = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..src.len() {
        let mut f = src.by_index(i).unwrap();
        let name = f.name().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        out.start_file(name.as_str(), SimpleFileOptions::default())
            .unwrap();
        out.write_all(&edit(&name, data)).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn wrong_sheet_name_is_refused_naming_the_sheets_found() {
    let (_, _, mut g) = base();
    g.name = "Sheet1".into();
    let e = err(&g.write());
    assert!(
        matches!(&e, XlsxError::MissingSheet { found, .. } if found == &["Sheet1"]),
        "{e:?}"
    );
    let msg = e.to_string();
    assert!(
        msg.contains("チェックリスト") && msg.contains("Checklist") && msg.contains("Sheet1"),
        "{msg}"
    );
}

#[test]
fn missing_column_is_refused_naming_the_column() {
    let (_, _, mut g) = base();
    let col = g.col("状況");
    for row in &mut g.cells {
        row.remove(col);
    }
    let e = err(&g.write());
    assert!(
        matches!(&e, XlsxError::MissingColumn { sheet, column_ja, .. } if sheet == "チェックリスト" && column_ja == "状況"),
        "{e:?}"
    );
    assert!(e.to_string().contains("\"Status\""), "{e}");
}

#[test]
fn informational_columns_may_be_missing() {
    let (c, s, mut g) = base();
    for label in ["解説", "証跡の例", "点検項目"] {
        let col = g.col(label);
        for row in &mut g.cells {
            row.remove(col);
        }
    }
    let got = run(&c, &s, &g);
    assert_eq!(got.state, s);
    assert!(got.rejected.is_empty());
}

#[test]
fn wrong_types_are_rejected_and_the_item_keeps_its_answer() {
    let (c, s, mut g) = base();
    let a = c.items[0].id.clone(); // 実施
    let b = c.items[1].id.clone(); // 一部実施 1/2
    let d = c.items[7].id.clone(); // unanswered
    g.set(&a, "状況", V::Date(2026, 4, 1));
    g.set(&b, "期限", t("来週"));
    g.set(&b, "実施数", V::Bool(true));
    g.set(&d, "状況", t("一部実施"))
        .set(&d, "実施数", V::Number(1.5))
        .set(&d, "対象数", V::Number(3.0));
    let got = run(&c, &s, &g);
    rejected_at(&got, &g.cell(&a, "状況"), Rejection::WrongType, Some(&a));
    rejected_at(&got, &g.cell(&b, "期限"), Rejection::BadDate, Some(&b));
    rejected_at(&got, &g.cell(&b, "実施数"), Rejection::WrongType, Some(&b));
    rejected_at(
        &got,
        &g.cell(&d, "実施数"),
        Rejection::NotWholeNumber,
        Some(&d),
    );
    assert_eq!(got.rejected.len(), 4, "{:?}", got.rejected);
    let r = got
        .rejected
        .iter()
        .find(|r| r.cell == g.cell(&b, "期限"))
        .unwrap();
    assert!(
        r.message_ja.contains("来週") && r.message_en.contains("YYYY-MM-DD"),
        "{r:?}"
    );
    assert_eq!(got.state, s, "rejected rows keep their answers");
    assert!(got.changed.is_empty());
}

#[test]
fn formulas_are_refused_in_answer_cells() {
    let (c, s, mut g) = base();
    let a = c.items[4].id.clone();
    let b = c.items[5].id.clone();
    g.set(
        &a,
        "状況",
        V::Formula("=IF(1=1,\"実施\",\"未実施\")".into()),
    );
    g.set(&b, "状況", t("実施"))
        .set(&b, "根拠・証跡", V::Formula("=A1&\"x\"".into()));
    let ok = c.items[6].id.clone();
    g.set(&ok, "状況", t("実施"));
    let got = run(&c, &s, &g);
    rejected_at(&got, &g.cell(&a, "状況"), Rejection::Formula, Some(&a));
    rejected_at(
        &got,
        &g.cell(&b, "根拠・証跡"),
        Rejection::Formula,
        Some(&b),
    );
    let r = &got.rejected[0];
    assert!(
        r.message_ja.contains("数式は使えません")
            && r.message_en.contains("formulas are not accepted")
    );
    assert_eq!(got.rejected.len(), 2);
    assert!(!got.state.answers.contains_key(&a) && !got.state.answers.contains_key(&b));
    // Other rows are still imported.
    assert_eq!(got.changed, [ok]);
}

#[test]
fn a_formula_as_the_id_is_refused() {
    let (c, s, mut g) = base();
    let a = c.items[4].id.clone();
    let r = g.row(&a);
    g.cells[r][0] = V::Formula(format!("=\"{a}\""));
    g.cells[r][6] = t("実施");
    let got = run(&c, &s, &g);
    let cell = format!("A{}", r + 1);
    rejected_at(&got, &cell, Rejection::Formula, None);
    assert!(!got.state.answers.contains_key(&a));
}

#[test]
fn counts_are_checked() {
    let (c, s, mut g) = base();
    let ids: Vec<String> = c.items[4..9].iter().map(|i| i.id.clone()).collect();
    g.set(&ids[0], "状況", t("一部実施"))
        .set(&ids[0], "実施数", V::Number(5.0))
        .set(&ids[0], "対象数", V::Number(4.0));
    g.set(&ids[1], "状況", t("一部実施"))
        .set(&ids[1], "実施数", V::Number(0.0))
        .set(&ids[1], "対象数", V::Number(0.0));
    g.set(&ids[2], "状況", t("実施"))
        .set(&ids[2], "対象数", V::Number(4.0));
    g.set(&ids[3], "状況", t("一部実施"))
        .set(&ids[3], "実施数", V::Number(2.0));
    g.set(&ids[4], "状況", t("未実施"))
        .set(&ids[4], "実施数", V::Blank);
    let got = run(&c, &s, &g);
    rejected_at(
        &got,
        &g.cell(&ids[0], "実施数"),
        Rejection::DoneOverTargets,
        Some(&ids[0]),
    );
    rejected_at(
        &got,
        &g.cell(&ids[1], "対象数"),
        Rejection::ZeroTargets,
        Some(&ids[1]),
    );
    rejected_at(
        &got,
        &g.cell(&ids[2], "対象数"),
        Rejection::CountWithoutPartial,
        Some(&ids[2]),
    );
    rejected_at(
        &got,
        &g.cell(&ids[3], "対象数"),
        Rejection::MissingCount,
        Some(&ids[3]),
    );
    assert_eq!(got.rejected.len(), 4, "{:?}", got.rejected);
    let over = &got.rejected[0];
    assert!(
        over.message_ja
            .contains("実施数 5 が対象数 4 を超えています"),
        "{over:?}"
    );
    // Empty counts with another status are fine.
    assert_eq!(got.changed, [ids[4].clone()]);
    for id in &ids[..4] {
        assert!(!got.state.answers.contains_key(id));
    }
}

#[test]
fn duplicate_and_unknown_ids_are_rejected() {
    let (c, s, mut g) = base();
    let a = c.items[0].id.clone();
    let mut copy = g.cells[g.row(&a)].clone();
    copy[6] = t("未実施");
    g.cells.push(copy);
    let mut ghost = g.cells[g.row(&c.items[5].id)].clone();
    ghost[0] = t("no_such_item");
    ghost[6] = t("実施");
    g.cells.push(ghost);
    let n = g.cells.len();
    let got = run(&c, &s, &g);
    rejected_at(
        &got,
        &format!("A{}", g.row(&a) + 1),
        Rejection::DuplicateItem,
        Some(&a),
    );
    rejected_at(
        &got,
        &format!("A{}", n - 1),
        Rejection::DuplicateItem,
        Some(&a),
    );
    rejected_at(
        &got,
        &format!("A{n}"),
        Rejection::UnknownItem,
        Some("no_such_item"),
    );
    let dup = got
        .rejected
        .iter()
        .find(|r| r.kind == Rejection::DuplicateItem)
        .unwrap();
    assert!(dup.message_en.contains(&format!("2, {}", n - 1)), "{dup:?}");
    assert!(got.rejected[2].message_ja.contains("no_such_item"));
    assert_eq!(got.state, s, "the duplicated item keeps its current answer");
}

#[test]
fn text_limits_and_control_characters() {
    let (c, s, mut g) = base();
    let a = c.items[4].id.clone();
    let b = c.items[5].id.clone();
    g.set(&a, "状況", t("実施"))
        .set(&a, "根拠・証跡", t(&"あ".repeat(4_001)));
    g.set(&b, "状況", t("実施")).set(&b, "担当", t("山田\u{7}"));
    let got = run(&c, &s, &g);
    rejected_at(
        &got,
        &g.cell(&a, "根拠・証跡"),
        Rejection::TooLong,
        Some(&a),
    );
    rejected_at(
        &got,
        &g.cell(&b, "担当"),
        Rejection::ControlCharacter,
        Some(&b),
    );
    assert!(got.rejected[1].message_en.contains("U+0007"));
    assert!(got.changed.is_empty());
    // Exactly 4,000 characters is fine.
    g.set(&a, "根拠・証跡", t(&"あ".repeat(4_000)));
    g.set(&b, "担当", t("山田"));
    let got = run(&c, &s, &g);
    assert!(got.rejected.is_empty());
    assert_eq!(got.state.answers[&a].evidence.chars().count(), 4_000);
}

/// The cells go through the core's one text rule (crates/core/src/validate.rs), with the limits
/// the project applies on save: no bidi or invisible characters, and 担当 is a short one-line field.
#[test]
fn hidden_characters_and_an_over_long_owner_are_refused() {
    let (c, s, mut g) = base();
    let a = c.items[4].id.clone();
    let b = c.items[5].id.clone();
    let d = c.items[6].id.clone();
    let e = c.items[7].id.clone();
    g.set(&a, "状況", t("実施"))
        .set(&a, "根拠・証跡", t("設計書\u{202E}fdp.exe"));
    g.set(&b, "状況", t("実施"))
        .set(&b, "担当", t("山田\u{200B}太郎"));
    g.set(&d, "状況", t("実施"))
        .set(&d, "担当", t(&"あ".repeat(201)));
    g.set(&e, "状況", t("実施"))
        .set(&e, "根拠・証跡", t("手順書\t第2版"));
    let got = run(&c, &s, &g);
    assert_eq!(got.rejected.len(), 4, "{:?}", got.rejected);
    let evidence = g.cell(&a, "根拠・証跡");
    rejected_at(&got, &evidence, Rejection::HiddenCharacter, Some(&a));
    let owner = g.cell(&b, "担当");
    rejected_at(&got, &owner, Rejection::HiddenCharacter, Some(&b));
    let long = g.cell(&d, "担当");
    rejected_at(&got, &long, Rejection::TooLong, Some(&d));
    let tab = g.cell(&e, "根拠・証跡");
    rejected_at(&got, &tab, Rejection::ControlCharacter, Some(&e));
    let at = |cell: &str| got.rejected.iter().find(|r| r.cell == cell).unwrap();
    let r = at(&evidence);
    assert!(
        r.message_ja.contains("根拠・証跡") && r.message_ja.contains("U+202E"),
        "{r:?}"
    );
    assert!(
        r.message_en.contains("Evidence") && r.message_en.contains("display order"),
        "{r:?}"
    );
    let r = at(&owner);
    assert!(
        r.message_ja.contains("担当") && r.message_ja.contains("U+200B"),
        "{r:?}"
    );
    assert!(
        r.message_en.contains("Owner") && r.message_en.contains("invisible"),
        "{r:?}"
    );
    let r = at(&long);
    assert!(r.message_ja.contains("201 文字、上限 200 文字"), "{r:?}");
    assert!(r.message_en.contains("at most 200"), "{r:?}");
    assert!(at(&tab).message_en.contains("U+0009"));
    assert!(got.changed.is_empty());
    assert_eq!(got.state, s, "refused rows keep their items unchanged");
    // 200 characters is the owner's limit, not too long.
    g.set(&a, "根拠・証跡", t("設計書"));
    g.set(&b, "担当", t("山田太郎"));
    g.set(&d, "担当", t(&"あ".repeat(200)));
    g.set(&e, "根拠・証跡", t("手順書 第2版"));
    let got = run(&c, &s, &g);
    assert!(got.rejected.is_empty(), "{:?}", got.rejected);
    assert_eq!(got.state.answers[&d].owner.chars().count(), 200);
}

#[test]
fn empty_status_keeps_the_answer_and_notes_without_status_are_reported() {
    let (c, s, mut g) = base();
    let answered = c.items[0].id.clone();
    let fresh = c.items[4].id.clone();
    g.set(&answered, "状況", V::Blank)
        .set(&answered, "担当", t("誰か"));
    g.set(&fresh, "根拠・証跡", t("メモ"));
    // A row with answers but no ID.
    let mut orphan = vec![V::Blank; g.cells[0].len()];
    orphan[6] = t("実施");
    g.cells.push(orphan);
    let n = g.cells.len();
    let got = run(&c, &s, &g);
    assert_eq!(got.state, s);
    rejected_at(
        &got,
        &g.cell(&fresh, "状況"),
        Rejection::NoStatus,
        Some(&fresh),
    );
    rejected_at(&got, &format!("A{n}"), Rejection::MissingItemId, None);
    assert_eq!(got.rejected.len(), 2, "{:?}", got.rejected);
}

#[test]
fn a_hundred_thousand_rows_are_refused_quickly() {
    let (c, _, g) = base();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("チェックリスト").unwrap();
    for (col, v) in g.cells[0].iter().enumerate() {
        if let V::Text(h) = v {
            sheet.write_string(0, col as u16, h).unwrap();
        }
    }
    for row in 1..=100_000u32 {
        sheet.write_string(row, 0, &c.items[0].id).unwrap();
        sheet.write_string(row, 6, "実施").unwrap();
    }
    let bytes = book.save_to_buffer().unwrap();
    let start = Instant::now();
    let e = err(&bytes);
    let took = start.elapsed();
    assert!(
        matches!(&e, XlsxError::TooManyRows { sheet, rows: 100_000, limit: 2_000 } if sheet == "チェックリスト"),
        "{e:?}"
    );
    assert!(e.to_string().contains("チェックリスト"), "{e}");
    assert!(took.as_secs_f64() < 3.0, "took {took:?}");
}

#[test]
fn rows_beyond_the_limit_are_refused_even_without_a_declared_dimension() {
    let (c, s, mut g) = base();
    let blank = vec![V::Blank; g.cells[0].len()];
    g.cells.resize(2_001 + 1, blank);
    let mut last = vec![V::Blank; 1];
    last[0] = t(&c.items[0].id);
    g.cells.push(last);
    let bytes = rezip(&g.write(), |name, data| {
        if name == "xl/worksheets/sheet1.xml" {
            let xml = String::from_utf8(data).unwrap();
            let start = xml.find("<dimension").unwrap();
            let end = start + xml[start..].find("/>").unwrap() + 2;
            format!("{}{}", &xml[..start], &xml[end..]).into_bytes()
        } else {
            data
        }
    });
    let e = import(&bytes, &c, &s).unwrap_err();
    assert!(
        matches!(e, XlsxError::TooManyRows { rows: 2_002, .. }),
        "{e:?}"
    );
}

#[test]
fn not_a_zip_truncated_and_not_a_workbook() {
    let e = err(b"ID,status\nat_ipv6_policy,implemented\n");
    assert!(matches!(e, XlsxError::NotXlsx { .. }), "{e:?}");
    assert!(e.to_string().contains("not an Excel workbook"));

    let c = checklist();
    let full = export(&c, &state(&c), Lang::Ja);
    let e = err(&full[..full.len() / 2]);
    assert!(matches!(e, XlsxError::Damaged { .. }), "{e:?}");
    assert!(e.to_string().contains("truncated"));

    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    w.start_file("hello.txt", SimpleFileOptions::default())
        .unwrap();
    w.write_all(b"hello").unwrap();
    let e = err(&w.finish().unwrap().into_inner());
    assert!(matches!(e, XlsxError::NotXlsx { .. }), "{e:?}");
}

#[test]
fn too_large_a_file_is_refused_before_reading() {
    let mut big = b"PK\x03\x04".to_vec();
    big.resize(21 * 1024 * 1024, 0);
    let e = err(&big);
    assert!(
        matches!(e, XlsxError::TooLarge { limit, .. } if limit == 20 * 1024 * 1024),
        "{e:?}"
    );
}

#[test]
fn a_zip_bomb_is_refused_naming_the_entry() {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    w.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let chunk = vec![b'0'; 1024 * 1024];
    for _ in 0..200 {
        w.write_all(&chunk).unwrap();
    }
    let bytes = w.finish().unwrap().into_inner();
    assert!(bytes.len() < 1024 * 1024, "{} bytes", bytes.len());
    let start = Instant::now();
    let e = err(&bytes);
    assert!(
        matches!(&e, XlsxError::ZipBomb { entry, .. } if entry == "xl/worksheets/sheet1.xml"),
        "{e:?}"
    );
    assert!(
        e.to_string().contains("zip bomb") && e.to_string().contains("200 MiB"),
        "{e}"
    );
    assert!(
        start.elapsed().as_secs_f64() < 1.0,
        "declared sizes are checked first"
    );
}

#[test]
fn an_entry_that_expands_beyond_its_declared_size_is_refused() {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    w.start_file("xl/workbook.xml", SimpleFileOptions::default())
        .unwrap();
    w.write_all(&vec![b' '; 2 * 1024 * 1024]).unwrap();
    let mut bytes = w.finish().unwrap().into_inner();
    // Declare 1 KiB instead of 2 MiB, in the local header and in the central directory.
    let lie = 1024u32.to_le_bytes();
    let local = bytes.windows(4).position(|w| w == b"PK\x03\x04").unwrap();
    bytes[local + 22..local + 26].copy_from_slice(&lie);
    let central = bytes.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
    bytes[central + 24..central + 28].copy_from_slice(&lie);
    let e = err(&bytes);
    assert!(
        matches!(&e, XlsxError::ZipBomb { entry, detail_en, .. }
            if entry == "xl/workbook.xml" && detail_en == "declares 1024 bytes but expands to 2097152"),
        "{e:?}"
    );
}
