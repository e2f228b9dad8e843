//! Writes the checklist workbook. Deterministic: the only date in the file is
//! [`WorkbookMeta::document_date`] (rust_xlsxwriter stamps zip entries with a fixed 1980 date).

use crate::error::XlsxError;
use crate::labels::{self, Label};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, ProtectionOptions, Workbook, Worksheet,
};
use secspec_core::checklist::{
    score_answers, Answer, Checklist, ChecklistDecision, ChecklistState, GroupScore, Item,
    ItemDecision,
};
use secspec_core::{Date, Lang};
use std::collections::BTreeMap;

/// What the workbook says about the project it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkbookMeta {
    pub project_title: String,
    pub agency: String,
    pub project_id: Option<i64>,
    pub revision: Option<i64>,
    /// The workbook's creation date (document properties and the 判断条件 sheet). Passed in, not
    /// read from a clock, so the same input gives the same bytes.
    pub document_date: Date,
}

/// The main sheet's columns, in order: label, width, and whether the officer fills it in.
const COLUMNS: [(Label, f64, bool); 14] = [
    (labels::COL_ID, 24.0, false),
    (labels::COL_STAGE, 10.0, false),
    (labels::COL_CATEGORY, 14.0, false),
    (labels::COL_SUBITEM, 18.0, false),
    (labels::COL_QUESTION, 48.0, false),
    (labels::COL_APPLIES, 20.0, false),
    (labels::COL_STATUS, 16.0, true),
    (labels::COL_DONE, 8.0, true),
    (labels::COL_OF, 8.0, true),
    (labels::COL_EVIDENCE, 40.0, true),
    (labels::COL_OWNER, 14.0, true),
    (labels::COL_DUE, 12.0, true),
    (labels::COL_GUIDANCE, 60.0, false),
    (labels::COL_EVIDENCE_EXAMPLE, 40.0, false),
];

// Column indexes of the main sheet (see COLUMNS).
const C_STATUS: u16 = 6;
const C_DONE: u16 = 7;
const C_OF: u16 = 8;
const C_DUE: u16 = 11;
const LAST_COL: u16 = COLUMNS.len() as u16 - 1;

const ANSWER_FILL: u32 = 0xFFF2CC; // light yellow: "fill these in"
const HEADER_FILL: u32 = 0x1F4E78;
const ANSWER_HEADER_FILL: u32 = 0xBF8F00;
const EXCLUDED_TEXT: u32 = 0x808080;

struct Formats {
    header: Format,
    answer_header: Format,
    info: Format,
    excluded: Format,
    answer: Format,
    count: Format,
    date: Format,
    percent: Format,
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xBFBFBF));
        let header = base
            .clone()
            .set_bold()
            .set_font_color(Color::White)
            .set_background_color(Color::RGB(HEADER_FILL));
        let answer = base
            .clone()
            .set_unlocked()
            .set_background_color(Color::RGB(ANSWER_FILL));
        Formats {
            answer_header: header
                .clone()
                .set_background_color(Color::RGB(ANSWER_HEADER_FILL)),
            header,
            info: base.clone(),
            excluded: base.clone().set_font_color(Color::RGB(EXCLUDED_TEXT)),
            count: answer.clone().set_num_format("0"),
            date: answer.clone().set_num_format("yyyy-mm-dd"),
            answer,
            percent: base.set_num_format("0.0%"),
        }
    }
}

/// Writes the checklist workbook: all items in checklist order with the current answers, the
/// profile answers and the score at export time.
pub fn export(
    checklist: &Checklist,
    state: &ChecklistState,
    decision: &ChecklistDecision,
    meta: &WorkbookMeta,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let mut book = Workbook::new();
    book.set_properties(&properties(checklist, meta, lang)?);

    let main = book.add_worksheet();
    main.set_name(labels::SHEET_MAIN.get(lang))?;
    write_main(main, checklist, state, decision, lang, &formats)?;

    let profile = book.add_worksheet();
    profile.set_name(labels::SHEET_PROFILE.get(lang))?;
    write_profile(profile, checklist, state, meta, lang, &formats)?;

    let summary = book.add_worksheet();
    summary.set_name(labels::SHEET_SUMMARY.get(lang))?;
    write_summary(summary, checklist, state, decision, lang, &formats)?;

    Ok(book.save_to_buffer()?)
}

fn excel_date(date: Date) -> Result<ExcelDateTime, XlsxError> {
    let year = u16::try_from(date.year()).map_err(|_| {
        XlsxError::Write(format!(
            "{date} は Excel で扱えない日付です / {date} is outside Excel's dates"
        ))
    })?;
    Ok(ExcelDateTime::from_ymd(year, date.month(), date.day())?)
}

fn properties(
    checklist: &Checklist,
    meta: &WorkbookMeta,
    lang: Lang,
) -> Result<DocProperties, XlsxError> {
    let title = match lang {
        Lang::Ja => &checklist.title_ja,
        Lang::En => &checklist.title_en,
    };
    Ok(DocProperties::new()
        .set_title(title)
        .set_subject(&meta.project_title)
        .set_company(&meta.agency)
        .set_author("SecSpec")
        .set_creation_datetime(&excel_date(meta.document_date)?))
}

/// Protects a sheet without a password: a guard against slips, not a security boundary. Filtering
/// and resizing stay allowed.
fn protect(sheet: &mut Worksheet) {
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        use_autofilter: true,
        ..ProtectionOptions::default()
    };
    sheet.protect_with_options(&options);
}

fn headers(
    sheet: &mut Worksheet,
    row: u32,
    cols: &[Label],
    lang: Lang,
    f: &Format,
) -> Result<(), XlsxError> {
    for (col, label) in (0u16..).zip(cols) {
        sheet.write_string_with_format(row, col, label.get(lang), f)?;
    }
    Ok(())
}

/// The 対象 cell: in or out, and the reason that matters most (the officer's override, or the
/// first rule line).
fn applies_text(decision: Option<&ItemDecision>, lang: Lang) -> String {
    let Some(d) = decision else {
        return labels::INCLUDED.get(lang).to_string();
    };
    let mut label = if d.included {
        labels::INCLUDED.get(lang).to_string()
    } else {
        labels::EXCLUDED.get(lang).to_string()
    };
    if d.provisional {
        label = match lang {
            Lang::Ja => format!("{label}（{}）", labels::PROVISIONAL.ja),
            Lang::En => format!("{label} ({})", labels::PROVISIONAL.en),
        };
    }
    let reason = if d.overridden {
        d.why.last()
    } else {
        d.why.first()
    };
    match reason {
        Some(w) => match lang {
            Lang::Ja => format!("{label}：{}", w.ja),
            Lang::En => format!("{label}: {}", w.en),
        },
        None => label,
    }
}

fn category_text(checklist: &Checklist, item: &Item, lang: Lang) -> (String, String) {
    let Some(category) = checklist.categories.iter().find(|c| c.id == item.category) else {
        return (item.category.clone(), item.subitem.clone());
    };
    let sub = category
        .subitem(&item.subitem)
        .map(|s| format!("{} {}", s.code, s.name(lang)))
        .unwrap_or_else(|| item.subitem.clone());
    (format!("{} {}", category.code, category.name(lang)), sub)
}

fn write_main(
    sheet: &mut Worksheet,
    checklist: &Checklist,
    state: &ChecklistState,
    decision: &ChecklistDecision,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    for (col, (label, width, answer)) in (0u16..).zip(COLUMNS) {
        sheet.set_column_width(col, width)?;
        let format = if answer { &f.answer_header } else { &f.header };
        sheet.write_string_with_format(0, col, label.get(lang), format)?;
    }
    let decisions: BTreeMap<&str, &ItemDecision> = decision
        .items
        .iter()
        .map(|d| (d.item_id.as_str(), d))
        .collect();
    let stages: BTreeMap<&str, &str> = checklist
        .stages
        .iter()
        .map(|s| (s.id.as_str(), s.name(lang)))
        .collect();
    for (row, item) in (1u32..).zip(&checklist.items) {
        let d = decisions.get(item.id.as_str()).copied();
        let info = if d.is_none_or(|d| d.included) {
            &f.info
        } else {
            &f.excluded
        };
        let (category, subitem) = category_text(checklist, item, lang);
        let stage = stages
            .get(item.stage.as_str())
            .copied()
            .unwrap_or(&item.stage);
        let texts: [(u16, &str); 6] = [
            (0, &item.id),
            (1, stage),
            (2, &category),
            (3, &subitem),
            (4, item.question(lang)),
            (12, item.guidance(lang)),
        ];
        for (col, text) in texts {
            sheet.write_string_with_format(row, col, text, info)?;
        }
        sheet.write_string_with_format(row, 5, applies_text(d, lang), info)?;
        sheet.write_string_with_format(row, 13, item.evidence(lang), info)?;
        write_answer(sheet, row, state.answers.get(&item.id), lang, f)?;
    }
    let last = checklist.items.len() as u32;
    if last > 0 {
        validations(sheet, last, lang)?;
    }
    sheet.set_freeze_panes(1, 1)?;
    sheet.autofilter(0, 0, last, LAST_COL)?;
    protect(sheet);
    sheet.set_active(true);
    Ok(())
}

fn write_answer(
    sheet: &mut Worksheet,
    row: u32,
    answer: Option<&secspec_core::checklist::ItemAnswer>,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    // Blank cells still get the answer format: unlocked, coloured, and the right number format.
    sheet.write_blank(row, C_STATUS, &f.answer)?;
    sheet.write_blank(row, C_DONE, &f.count)?;
    sheet.write_blank(row, C_OF, &f.count)?;
    sheet.write_blank(row, 9, &f.answer)?;
    sheet.write_blank(row, 10, &f.answer)?;
    sheet.write_blank(row, C_DUE, &f.date)?;
    let Some(a) = answer else {
        return Ok(());
    };
    sheet.write_string_with_format(row, C_STATUS, a.answer.label(lang), &f.answer)?;
    if let Answer::Partial { done, of } = a.answer {
        sheet.write_number_with_format(row, C_DONE, f64::from(done), &f.count)?;
        sheet.write_number_with_format(row, C_OF, f64::from(of), &f.count)?;
    }
    if !a.evidence.is_empty() {
        sheet.write_string_with_format(row, 9, &a.evidence, &f.answer)?;
    }
    if !a.owner.is_empty() {
        sheet.write_string_with_format(row, 10, &a.owner, &f.answer)?;
    }
    if let Some(due) = a.due {
        sheet.write_datetime_with_format(row, C_DUE, excel_date(due)?, &f.date)?;
    }
    Ok(())
}

/// The 状況 dropdown and whole-number counts, for the item rows.
fn validations(sheet: &mut Worksheet, last: u32, lang: Lang) -> Result<(), XlsxError> {
    let choices = [
        Answer::Implemented,
        Answer::Partial { done: 0, of: 0 },
        Answer::NotImplemented,
        Answer::NotApplicable,
    ]
    .map(|a| a.label(lang));
    let status = DataValidation::new().allow_list_strings(&choices)?;
    sheet.add_data_validation(1, C_STATUS, last, C_STATUS, &status)?;
    let count = DataValidation::new()
        .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
        .ignore_blank(true);
    sheet.add_data_validation(1, C_DONE, last, C_OF, &count)?;
    Ok(())
}

fn write_profile(
    sheet: &mut Worksheet,
    checklist: &Checklist,
    state: &ChecklistState,
    meta: &WorkbookMeta,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let title = match lang {
        Lang::Ja => format!("{}（{}）", checklist.title_ja, checklist.version),
        Lang::En => format!("{} ({})", checklist.title_en, checklist.version),
    };
    let opt = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    let rows = [
        (labels::META_PROJECT, meta.project_title.clone()),
        (labels::META_AGENCY, meta.agency.clone()),
        (labels::META_PROJECT_ID, opt(meta.project_id)),
        (labels::META_REVISION, opt(meta.revision)),
        (labels::META_DATE, meta.document_date.to_string()),
        (labels::META_CHECKLIST, title),
    ];
    for (row, (label, value)) in (0u32..).zip(rows) {
        sheet.write_string_with_format(row, 0, label.get(lang), &f.header)?;
        sheet.write_string_with_format(row, 1, value, &f.info)?;
    }
    let top = 7;
    headers(
        sheet,
        top,
        &[
            labels::COL_QUESTION_ID,
            labels::COL_PROFILE_QUESTION,
            labels::COL_ANSWER,
            labels::COL_HELP,
        ],
        lang,
        &f.header,
    )?;
    for (row, q) in (top + 1..).zip(&checklist.questions) {
        let answer = match state.profile.get(&q.id) {
            Some(true) => labels::YES,
            Some(false) => labels::NO,
            None => labels::UNANSWERED,
        };
        let help = match lang {
            Lang::Ja => &q.help_ja,
            Lang::En => &q.help_en,
        };
        sheet.write_string_with_format(row, 0, &q.id, &f.info)?;
        sheet.write_string_with_format(row, 1, q.question(lang), &f.info)?;
        sheet.write_string_with_format(row, 2, answer.get(lang), &f.info)?;
        sheet.write_string_with_format(row, 3, help, &f.info)?;
    }
    for (col, width) in [(0u16, 24.0), (1, 60.0), (2, 12.0), (3, 60.0)] {
        sheet.set_column_width(col, width)?;
    }
    protect(sheet);
    Ok(())
}

fn write_summary(
    sheet: &mut Worksheet,
    checklist: &Checklist,
    state: &ChecklistState,
    decision: &ChecklistDecision,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    // Answers for items no longer in the checklist cannot be scored; they are not in the sheet either.
    let answers = state
        .answers
        .iter()
        .filter(|(id, _)| checklist.item(id).is_some())
        .map(|(id, a)| (id.clone(), a.clone()))
        .collect();
    let card = score_answers(checklist, decision, &answers)?;
    headers(
        sheet,
        0,
        &[
            labels::COL_KIND,
            labels::COL_NAME,
            labels::COL_SCORED,
            labels::COL_NOT_APPLICABLE,
            labels::COL_UNANSWERED,
            labels::COL_RATE,
            labels::COL_GRADE,
        ],
        lang,
        &f.header,
    )?;
    let mut row = 1;
    let kind = labels::KIND_OVERALL.get(lang);
    sheet.write_string_with_format(row, 0, kind, &f.info)?;
    sheet.write_string_with_format(row, 1, kind, &f.info)?;
    let scored: usize = card.categories.iter().map(|g| g.scored).sum();
    let na: usize = card.categories.iter().map(|g| g.not_applicable).sum();
    sheet.write_number_with_format(row, 2, scored as f64, &f.info)?;
    sheet.write_number_with_format(row, 3, na as f64, &f.info)?;
    sheet.write_number_with_format(row, 4, card.unanswered as f64, &f.info)?;
    write_rate(sheet, row, card.overall.as_ref(), f)?;
    for (label, groups, names) in [
        (
            labels::KIND_CATEGORY,
            &card.categories,
            checklist
                .categories
                .iter()
                .map(|c| (c.id.as_str(), format!("{} {}", c.code, c.name(lang))))
                .collect::<BTreeMap<_, _>>(),
        ),
        (
            labels::KIND_STAGE,
            &card.stages,
            checklist
                .stages
                .iter()
                .map(|s| (s.id.as_str(), s.name(lang).to_string()))
                .collect(),
        ),
    ] {
        for g in groups {
            row += 1;
            let name = names.get(g.id.as_str()).cloned().unwrap_or(g.id.clone());
            write_group(sheet, row, label.get(lang), &name, g, f)?;
        }
    }
    row += 2;
    sheet.write_string_with_format(row, 0, labels::ALL_ANSWERED.get(lang), &f.header)?;
    let done = if card.complete {
        labels::YES
    } else {
        labels::NO
    };
    sheet.write_string_with_format(row, 1, done.get(lang), &f.info)?;
    for (col, width) in [
        (0u16, 14.0),
        (1, 28.0),
        (2, 12.0),
        (3, 12.0),
        (4, 12.0),
        (5, 10.0),
        (6, 8.0),
    ] {
        sheet.set_column_width(col, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    protect(sheet);
    Ok(())
}

fn write_group(
    sheet: &mut Worksheet,
    row: u32,
    kind: &str,
    name: &str,
    g: &GroupScore,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(row, 0, kind, &f.info)?;
    sheet.write_string_with_format(row, 1, name, &f.info)?;
    sheet.write_number_with_format(row, 2, g.scored as f64, &f.info)?;
    sheet.write_number_with_format(row, 3, g.not_applicable as f64, &f.info)?;
    sheet.write_number_with_format(row, 4, g.unanswered as f64, &f.info)?;
    write_rate(sheet, row, g.rate.as_ref(), f)
}

/// The rate as a percentage value (tenths of a percent, as the score card rounds it) and the grade.
fn write_rate(
    sheet: &mut Worksheet,
    row: u32,
    rate: Option<&secspec_core::checklist::Rate>,
    f: &Formats,
) -> Result<(), XlsxError> {
    match rate {
        Some(r) => {
            sheet.write_number_with_format(
                row,
                5,
                f64::from(r.percent_tenths) / 1000.0,
                &f.percent,
            )?;
            sheet.write_string_with_format(row, 6, r.grade.letter(), &f.info)?;
        }
        None => {
            sheet.write_string_with_format(row, 5, "-", &f.info)?;
            sheet.write_string_with_format(row, 6, "-", &f.info)?;
        }
    }
    Ok(())
}
