//! Shared test helpers: the real checklist from `templates/`, a sample state, and a way to
//! "edit cells" of an exported workbook as Excel would (read it, write it back with changes).
// Each test binary uses a different subset of these helpers; failures here are test failures.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{Format, Formula, Workbook};
use secspec_core::checklist::{
    decide, Answer, Checklist, ChecklistDecision, ChecklistState, ItemAnswer,
};
use secspec_core::{Date, Lang};
use secspec_xlsx::WorkbookMeta;
use std::io::Cursor;
use std::path::{Path, PathBuf};

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The real checklist (103 items) from `templates/`.
pub fn checklist() -> Checklist {
    secspec_render::assets::load_library(&repo().join("templates"))
        .unwrap_or_else(|e| panic!("template library does not load: {e}"))
        .checklist
}

pub fn date(text: &str) -> Date {
    Date::parse(text).unwrap()
}

pub fn meta() -> WorkbookMeta {
    WorkbookMeta {
        project_title: "○○システム運用保守業務".into(),
        agency: "デジタル庁".into(),
        project_id: Some(7),
        revision: Some(3),
        document_date: date("2026-01-15"),
    }
}

/// A state with a few answers of every kind; the profile says there is no e-mail service, so
/// the mail items are out of scope.
pub fn state(c: &Checklist) -> ChecklistState {
    let mut s = ChecklistState::default();
    s.profile.set("email_service", false);
    s.profile.set("internet_facing", true);
    let ids: Vec<&str> = c.items.iter().map(|i| i.id.as_str()).collect();
    s.answers
        .insert(ids[0].into(), ItemAnswer::new(Answer::Implemented));
    s.answers.insert(
        ids[1].into(),
        ItemAnswer {
            answer: Answer::Partial { done: 1, of: 2 },
            evidence: "設計書 第3章".into(),
            owner: "情報システム課".into(),
            due: Some(date("2026-06-30")),
        },
    );
    s.answers
        .insert(ids[2].into(), ItemAnswer::new(Answer::NotImplemented));
    s.answers
        .insert(ids[3].into(), ItemAnswer::new(Answer::NotApplicable));
    s
}

pub fn decision(c: &Checklist, s: &ChecklistState) -> ChecklistDecision {
    decide(c, &s.profile, &s.overrides)
}

pub fn export(c: &Checklist, s: &ChecklistState, lang: Lang) -> Vec<u8> {
    secspec_xlsx::export(c, s, &decision(c, s), &meta(), lang).unwrap()
}

/// The id of an item the profile in [`state`] rules out (the last such: a mail item).
pub fn excluded_item(c: &Checklist, s: &ChecklistState) -> String {
    let d = decision(c, s);
    d.items
        .iter()
        .rev()
        .find(|i| !i.included)
        .unwrap()
        .item_id
        .clone()
}

/// A value written into an edited cell.
#[derive(Debug, Clone)]
pub enum V {
    Blank,
    Text(String),
    Number(f64),
    /// An Excel date cell (a serial number with a date format), as Excel stores a typed date.
    Date(u16, u8, u8),
    Serial(f64),
    Bool(bool),
    Formula(String),
}

pub fn t(s: &str) -> V {
    V::Text(s.to_string())
}

/// A sheet as a grid of values, to be edited and written back.
pub struct Grid {
    pub name: String,
    pub cells: Vec<Vec<V>>,
}

impl Grid {
    /// The first sheet of a workbook.
    pub fn read(bytes: &[u8]) -> Grid {
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
        let name = book.sheet_names()[0].clone();
        let range = book.worksheet_range(&name).unwrap();
        assert_eq!(range.start(), Some((0, 0)));
        let cells = range
            .rows()
            .map(|row| {
                row.iter()
                    .map(|d| match d {
                        Data::Empty => V::Blank,
                        Data::String(s) => V::Text(s.clone()),
                        Data::Float(f) => V::Number(*f),
                        Data::Int(i) => V::Number(*i as f64),
                        Data::Bool(b) => V::Bool(*b),
                        Data::DateTime(d) => V::Serial(d.as_f64()),
                        other => panic!("unexpected cell {other:?}"),
                    })
                    .collect()
            })
            .collect();
        Grid { name, cells }
    }

    pub fn col(&self, label: &str) -> usize {
        self.cells[0]
            .iter()
            .position(|v| matches!(v, V::Text(s) if s == label))
            .unwrap_or_else(|| panic!("no column {label}"))
    }

    pub fn row(&self, id: &str) -> usize {
        self.cells
            .iter()
            .position(|r| matches!(&r[0], V::Text(s) if s == id))
            .unwrap_or_else(|| panic!("no row {id}"))
    }

    /// Sets the cell of item `id` in the column headed `label`.
    pub fn set(&mut self, id: &str, label: &str, v: V) -> &mut Grid {
        let (r, c) = (self.row(id), self.col(label));
        self.cells[r][c] = v;
        self
    }

    /// The A1 name of the cell of item `id` in column `label`.
    pub fn cell(&self, id: &str, label: &str) -> String {
        let c = self.col(label);
        format!("{}{}", char::from(b'A' + c as u8), self.row(id) + 1)
    }

    pub fn write(&self) -> Vec<u8> {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name(&self.name).unwrap();
        let date = Format::new().set_num_format("yyyy-mm-dd");
        for (r, row) in self.cells.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match v {
                    V::Blank => {}
                    V::Text(s) => {
                        sheet.write_string(r, c, s).unwrap();
                    }
                    V::Number(n) => {
                        sheet.write_number(r, c, *n).unwrap();
                    }
                    V::Serial(n) => {
                        sheet.write_number_with_format(r, c, *n, &date).unwrap();
                    }
                    V::Date(y, m, d) => {
                        let dt = rust_xlsxwriter::ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                        sheet.write_datetime_with_format(r, c, &dt, &date).unwrap();
                    }
                    V::Bool(b) => {
                        sheet.write_boolean(r, c, *b).unwrap();
                    }
                    V::Formula(f) => {
                        sheet.write_formula(r, c, Formula::new(f)).unwrap();
                    }
                }
            }
        }
        book.save_to_buffer().unwrap()
    }
}
