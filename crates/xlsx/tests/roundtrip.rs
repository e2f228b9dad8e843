#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Export, edit as an officer would in Excel, import: the answers come back exactly.

mod common;

use calamine::{Data, Reader, Xlsx};
use common::{checklist, date, decision, excluded_item, export, state, t, Grid, V};
use secspec_core::checklist::{score_answers, Answer, ChecklistState, ItemAnswer};
use secspec_core::Lang;
use secspec_xlsx::import;
use std::io::{Cursor, Read};

fn zip_text(bytes: &[u8], entry: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    zip.by_name(entry)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn export_is_deterministic() {
    let c = checklist();
    let s = state(&c);
    let a = export(&c, &s, Lang::Ja);
    let b = export(&c, &s, Lang::Ja);
    assert_eq!(a, b, "two exports of the same input differ");
    assert_ne!(a, export(&c, &s, Lang::En));
    // The only date is the document date, not the clock.
    let core = zip_text(&a, "docProps/core.xml");
    assert!(core.contains("2026-01-15T00:00:00Z"), "{core}");
    assert!(core.contains("デジタル庁") || zip_text(&a, "docProps/app.xml").contains("デジタル庁"));
}

#[test]
fn exported_workbook_has_the_three_sheets_and_the_answer_columns() {
    let c = checklist();
    let s = state(&c);
    let bytes = export(&c, &s, Lang::Ja);
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(&bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["チェックリスト", "判断条件", "集計"]);

    let main = book.worksheet_range("チェックリスト").unwrap();
    let header: Vec<String> = main
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert_eq!(
        header,
        [
            "ID",
            "工程",
            "対策区分",
            "対策項目",
            "点検項目",
            "対象",
            "状況",
            "実施数",
            "対象数",
            "根拠・証跡",
            "担当",
            "期限",
            "解説",
            "証跡の例"
        ]
    );
    assert_eq!(main.height(), c.items.len() + 1);
    assert_eq!(c.items.len(), 103);
    // Rows in checklist order, answers as exported.
    let row = |i: usize| main.rows().nth(i + 1).unwrap().to_vec();
    assert_eq!(row(0)[0], Data::String(c.items[0].id.clone()));
    assert_eq!(row(0)[6], Data::String("実施".into()));
    assert_eq!(row(1)[6], Data::String("一部実施".into()));
    assert_eq!(
        (row(1)[7].clone(), row(1)[8].clone()),
        (Data::Float(1.0), Data::Float(2.0))
    );
    assert!(matches!(&row(1)[11], Data::DateTime(d) if d.is_datetime()));
    assert_eq!(row(1)[10], Data::String("情報システム課".into()));
    assert_eq!(row(4)[6], Data::Empty);
    let out = excluded_item(&c, &s);
    let i = c.items.iter().position(|x| x.id == out).unwrap();
    assert!(
        row(i)[5].to_string().starts_with("対象外（判断）："),
        "{}",
        row(i)[5]
    );
    assert!(row(0)[5].to_string().starts_with("対象"));
    assert_eq!(row(0)[12], Data::String(c.items[0].guidance_ja.clone()));
    assert_eq!(row(0)[13], Data::String(c.items[0].evidence_ja.clone()));

    // Dropdown, filter, frozen header, protection with unlocked answer cells, date format.
    let xml = zip_text(&bytes, "xl/worksheets/sheet1.xml");
    assert!(
        xml.contains(r#"<dataValidation type="list""#),
        "no dropdown"
    );
    let dv = &xml[xml.find("<dataValidations").unwrap()..xml.find("</dataValidations>").unwrap()];
    assert!(
        dv.contains("<formula1>\"実施,一部実施,未実施,対象外\"</formula1>"),
        "{dv}"
    );
    assert!(xml.contains(r#"sqref="G2:G104""#));
    assert!(xml.contains(r#"<autoFilter ref="A1:N104"/>"#));
    assert!(xml.contains(r#"state="frozen""#));
    assert!(xml.contains("<sheetProtection"));
    let styles = zip_text(&bytes, "xl/styles.xml");
    assert!(
        styles.contains(r#"locked="0""#),
        "answer cells are not unlocked"
    );
    assert!(styles.contains(r#"formatCode="yyyy-mm-dd""#));

    // 判断条件: the profile answers.
    let profile = book.worksheet_range("判断条件").unwrap();
    let rows: Vec<Vec<String>> = profile
        .rows()
        .map(|r| r.iter().map(|d| d.to_string()).collect())
        .collect();
    assert_eq!(rows[0][1], "○○システム運用保守業務");
    assert_eq!(rows[4][1], "2026-01-15");
    let email = rows.iter().find(|r| r[0] == "email_service").unwrap();
    assert_eq!(email[2], "いいえ");
    assert!(rows.iter().any(|r| r.get(2).is_some_and(|a| a == "未回答")));

    // 集計: values from score_answers.
    let card = score_answers(&c, &decision(&c, &s), &s.answers).unwrap();
    let summary = book.worksheet_range("集計").unwrap();
    let overall = summary.rows().nth(1).unwrap();
    assert_eq!(overall[0], Data::String("全体".into()));
    let r = card.overall.as_ref().unwrap();
    assert_eq!(
        overall[5],
        Data::Float(f64::from(r.percent_tenths) / 1000.0)
    );
    assert_eq!(overall[6], Data::String(r.grade.letter().into()));
    assert_eq!(overall[4], Data::Float(card.unanswered as f64));
    let categories = summary
        .rows()
        .filter(|r| r[0] == Data::String("対策区分".into()))
        .count();
    let stages = summary
        .rows()
        .filter(|r| r[0] == Data::String("工程".into()))
        .count();
    assert_eq!((categories, stages), (c.categories.len(), c.stages.len()));
    assert!(zip_text(&bytes, "xl/worksheets/sheet3.xml").contains("<sheetProtection"));
    assert!(
        !zip_text(&bytes, "xl/worksheets/sheet3.xml").contains("<f>"),
        "values, not formulas"
    );
}

#[test]
fn english_export_uses_english_labels_and_imports_back() {
    let c = checklist();
    let s = state(&c);
    let bytes = export(&c, &s, Lang::En);
    let grid = Grid::read(&bytes);
    assert_eq!(grid.name, "Checklist");
    assert!(matches!(&grid.cells[0][6], V::Text(h) if h == "Status"));
    assert!(matches!(&grid.cells[1][6], V::Text(h) if h == "implemented"));
    let got = import(&bytes, &c, &s).unwrap();
    assert_eq!(got.state, s);
    assert!(got.changed.is_empty() && got.rejected.is_empty(), "{got:?}");
}

#[test]
fn unchanged_export_imports_to_the_same_state() {
    let c = checklist();
    let s = state(&c);
    let got = import(&export(&c, &s, Lang::Ja), &c, &s).unwrap();
    assert_eq!(got.state, s);
    assert!(got.changed.is_empty(), "{:?}", got.changed);
    assert!(got.rejected.is_empty(), "{:?}", got.rejected);
    // Into an empty project: every exported answer arrives.
    let empty = ChecklistState {
        profile: s.profile.clone(),
        ..ChecklistState::default()
    };
    let got = import(&export(&c, &s, Lang::Ja), &c, &empty).unwrap();
    assert_eq!(got.state, s);
    let ids: Vec<&str> = c.items[..4].iter().map(|i| i.id.as_str()).collect();
    assert_eq!(got.changed, ids);
}

#[test]
fn edited_cells_round_trip() {
    let c = checklist();
    let s = state(&c);
    let ids: Vec<String> = c.items.iter().map(|i| i.id.clone()).collect();
    let out = excluded_item(&c, &s);
    // Markup characters and a line break survive; a tab would not (the core's text rule refuses
    // it in every project field, see hostile.rs).
    let note = "証跡：設計書 <&\"'> 第2版\n（別紙あり）　全角空白";

    let mut grid = Grid::read(&export(&c, &s, Lang::Ja));
    grid.set(&ids[0], "状況", t("一部実施"))
        .set(&ids[0], "実施数", V::Number(3.0))
        .set(&ids[0], "対象数", V::Number(4.0))
        .set(&ids[0], "期限", V::Date(2026, 3, 31))
        .set(&ids[0], "担当", t("基盤担当 山田"));
    // Partial → implemented: the counts are cleared with it.
    grid.set(&ids[1], "状況", t("実施"))
        .set(&ids[1], "実施数", V::Blank)
        .set(&ids[1], "対象数", V::Blank)
        .set(&ids[1], "根拠・証跡", t(note))
        .set(&ids[1], "期限", V::Blank);
    // English label in a Japanese workbook, a date typed as text, counts typed as text.
    grid.set(&ids[5], "状況", t("Not Implemented"))
        .set(&ids[5], "期限", t("2026-04-01"));
    grid.set(&ids[6], "状況", t("一部実施"))
        .set(&ids[6], "実施数", t("０"))
        .set(&ids[6], "対象数", t(" 2 "));
    // An item the profile rules out still keeps its answer.
    grid.set(&out, "状況", t("対象外"));
    // Clearing 状況 keeps the current answer (ids[2] was 未実施).
    grid.set(&ids[2], "状況", V::Blank);

    let got = import(&grid.write(), &c, &s).unwrap();
    assert!(got.rejected.is_empty(), "{:?}", got.rejected);

    let mut want = s.clone();
    want.answers.insert(
        ids[0].clone(),
        ItemAnswer {
            answer: Answer::Partial { done: 3, of: 4 },
            evidence: String::new(),
            owner: "基盤担当 山田".into(),
            due: Some(date("2026-03-31")),
        },
    );
    want.answers.insert(
        ids[1].clone(),
        ItemAnswer {
            answer: Answer::Implemented,
            evidence: note.into(),
            owner: "情報システム課".into(),
            due: None,
        },
    );
    want.answers.insert(
        ids[5].clone(),
        ItemAnswer {
            due: Some(date("2026-04-01")),
            ..ItemAnswer::new(Answer::NotImplemented)
        },
    );
    want.answers.insert(
        ids[6].clone(),
        ItemAnswer::new(Answer::Partial { done: 0, of: 2 }),
    );
    want.answers
        .insert(out.clone(), ItemAnswer::new(Answer::NotApplicable));
    assert_eq!(got.state, want);
    let mut changed = vec![
        ids[0].clone(),
        ids[1].clone(),
        ids[5].clone(),
        ids[6].clone(),
        out,
    ];
    changed.sort_by_key(|id| ids.iter().position(|i| i == id));
    assert_eq!(got.changed, changed);

    // And what was imported exports and imports again unchanged.
    let again = import(&export(&c, &got.state, Lang::Ja), &c, &got.state).unwrap();
    assert_eq!(again.state, got.state);
    assert!(again.changed.is_empty() && again.rejected.is_empty());
}

#[test]
fn import_result_serialises_for_the_ui() {
    let c = checklist();
    let s = state(&c);
    let mut grid = Grid::read(&export(&c, &s, Lang::Ja));
    grid.set(&c.items[0].id, "状況", t("たぶん"));
    let got = import(&grid.write(), &c, &s).unwrap();
    let json = serde_json::to_value(&got).unwrap();
    let r = &json["rejected"][0];
    assert_eq!(r["sheet"], "チェックリスト");
    assert_eq!(r["cell"], "G2");
    assert_eq!(r["item_id"], c.items[0].id.as_str());
    assert_eq!(r["kind"], "unknown_status");
    assert!(r["message_ja"].as_str().unwrap().contains("たぶん"));
    assert!(json["changed"].as_array().unwrap().is_empty());
    assert_eq!(
        json["state"]["answers"][&c.items[0].id]["answer"]["status"],
        "implemented"
    );
}
