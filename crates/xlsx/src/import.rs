//! Reads a filled-in checklist workbook back into a [`ChecklistState`].
//!
//! Whole-file problems (not an xlsx, too large, a zip bomb, no main sheet, a missing column, too
//! many rows) are [`XlsxError`]s and nothing is imported. Everything else is judged row by row:
//! a row with any refused cell leaves that item exactly as it was and every refused cell is
//! reported as a [`RejectedCell`]; the other rows are applied.

use crate::cells::{self, cell_name, CellValue, Refusal};
use crate::error::XlsxError;
use crate::guard;
use crate::labels::{self, Label};
use calamine::{Reader, Xlsx};
use secspec_core::checklist::{Answer, Checklist, ChecklistState, ItemAnswer};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;

/// The most data rows (below the header) the main sheet may have.
pub const MAX_DATA_ROWS: u32 = 2_000;
/// The longest text accepted in a cell (根拠・証跡), in characters: the project's own limit for an
/// evidence note; 担当 takes the short-field limit.
pub const MAX_TEXT_CHARS: usize = secspec_core::validate::MAX_EVIDENCE;
/// Cells right of this column are not read (the export uses 14).
const MAX_COLUMNS: u32 = 64;

/// Why a cell was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rejection {
    /// The ID is not an item of the checklist.
    UnknownItem,
    /// The same ID is on more than one row; none of those rows is applied.
    DuplicateItem,
    /// A row has answers but no ID.
    MissingItemId,
    /// 状況 is not one of the four choices (in Japanese or English).
    UnknownStatus,
    /// A value of the wrong type (a date in 状況, a boolean in 期限, an error value …).
    WrongType,
    /// 実施数 / 対象数 not a whole number of 0 or more.
    NotWholeNumber,
    /// 一部実施 without 実施数 or 対象数.
    MissingCount,
    /// 一部実施 with 対象数 = 0.
    ZeroTargets,
    /// 一部実施 with 実施数 > 対象数.
    DoneOverTargets,
    /// 実施数 / 対象数 given with a status other than 一部実施.
    CountWithoutPartial,
    /// 期限 is neither a date nor YYYY-MM-DD text.
    BadDate,
    /// A formula in a cell the import reads.
    Formula,
    /// Text longer than its column allows ([`MAX_TEXT_CHARS`] for 根拠・証跡, less for 担当).
    TooLong,
    /// A control character (tab included), or a line break in 担当.
    ControlCharacter,
    /// A character that hides or reorders text (bidi control, zero-width or other invisible
    /// character, stray variation selector …), as the core's text rule refuses it.
    HiddenCharacter,
    /// Notes or counts on an item that has no answer yet, with 状況 left empty.
    NoStatus,
}

/// One refused cell. The messages already name the sheet and the cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RejectedCell {
    pub sheet: String,
    /// A1 name, e.g. "G12".
    pub cell: String,
    /// The item of the row, when the row names one.
    pub item_id: Option<String>,
    pub kind: Rejection,
    pub message_ja: String,
    pub message_en: String,
}

/// The outcome of an import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Imported {
    /// The current state with the accepted rows applied; profile and overrides untouched.
    pub state: ChecklistState,
    /// Items whose stored answer (status, counts, evidence, owner or due date) changed, in
    /// checklist order.
    pub changed: Vec<String>,
    /// Refused cells, in sheet order (row, then column).
    pub rejected: Vec<RejectedCell>,
}

/// The main sheet's cells (rows up to [`MAX_DATA_ROWS`], columns up to [`MAX_COLUMNS`]).
struct Sheet {
    name: String,
    cells: BTreeMap<(u32, u32), CellValue>,
    formulas: BTreeSet<(u32, u32)>,
}

const EMPTY: CellValue = CellValue::Empty;

impl Sheet {
    fn get(&self, row: u32, col: u32) -> &CellValue {
        self.cells.get(&(row, col)).unwrap_or(&EMPTY)
    }

    fn has_formula(&self, row: u32, col: u32) -> bool {
        self.formulas.contains(&(row, col))
    }

    fn last_row(&self) -> u32 {
        let cells = self.cells.keys().map(|k| k.0);
        let formulas = self.formulas.iter().map(|k| k.0);
        cells.chain(formulas).max().unwrap_or(0)
    }
}

/// Imports a filled-in checklist workbook.
///
/// Each row is keyed by its ID column. Rules worth knowing:
/// - An empty 状況 means "no answer in this row": the item keeps its current answer (if any)
///   unchanged and nothing is reported — an empty cell is not a request to delete an answer.
///   If the item has no answer yet but the row carries counts or notes, the 状況 cell is reported
///   ([`Rejection::NoStatus`]) so nothing is dropped silently.
/// - When 状況 is given, the row replaces the item's whole answer: empty 根拠・証跡 / 担当 / 期限
///   cells clear those notes.
/// - Any refused cell leaves the row's item unchanged.
/// - Rows of items that the profile rules out are imported too (scoring ignores them).
/// - Only the ID and the six answer columns are read, found by their header text in either
///   language; the informational columns may be missing or moved.
pub fn import(
    bytes: &[u8],
    checklist: &Checklist,
    current: &ChecklistState,
) -> Result<Imported, XlsxError> {
    guard::check(bytes)?;
    let sheet = read_main_sheet(bytes)?;
    let cols = Columns::find(&sheet)?;
    let mut out = Outcome {
        sheet: &sheet,
        rejected: Vec::new(),
    };
    let mut state = current.clone();
    let mut changed = BTreeSet::new();

    let mut rows_by_id: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for row in 1..=sheet.last_row() {
        if sheet.has_formula(row, cols.id) {
            out.formula(row, cols.id, None);
            continue;
        }
        match cells::id(sheet.get(row, cols.id)) {
            Some(id) => rows_by_id.entry(id).or_default().push(row),
            None => {
                let used = cols
                    .answers()
                    .iter()
                    .any(|&c| sheet.has_formula(row, c) || !sheet.get(row, c).is_blank());
                if used {
                    out.reject(
                        row,
                        cols.id,
                        None,
                        (
                            Rejection::MissingItemId,
                            "ID が空欄の行に回答があります".into(),
                            "this row has answers but no ID".into(),
                        ),
                    );
                }
            }
        }
    }

    for (id, rows) in &rows_by_id {
        if checklist.item(id).is_none() {
            for &row in rows {
                out.reject(
                    row,
                    cols.id,
                    Some(id),
                    (
                        Rejection::UnknownItem,
                        format!("点検項目「{id}」は点検リストにありません"),
                        format!("there is no checklist item \"{id}\""),
                    ),
                );
            }
        } else if rows.len() > 1 {
            let list = rows
                .iter()
                .map(|r| (r + 1).to_string())
                .collect::<Vec<_>>()
                .join(", ");
            for &row in rows {
                out.reject(
                    row,
                    cols.id,
                    Some(id),
                    (
                        Rejection::DuplicateItem,
                        format!("点検項目「{id}」が複数の行（{list} 行目）にあるため、取り込みません"),
                        format!("item \"{id}\" is on several rows ({list}), so none of them is imported"),
                    ),
                );
            }
        } else if let Some(&row) = rows.first() {
            let now = state.answers.get(id);
            if let Some(answer) = out.row(row, id, &cols, now) {
                if now != Some(&answer) {
                    changed.insert(id.clone());
                    state.answers.insert(id.clone(), answer);
                }
            }
        }
    }

    let mut rejected = out.rejected;
    rejected.sort_by_key(|(row, col, _)| (*row, *col));
    Ok(Imported {
        state,
        changed: checklist
            .items
            .iter()
            .filter(|i| changed.contains(&i.id))
            .map(|i| i.id.clone())
            .collect(),
        rejected: rejected.into_iter().map(|(_, _, r)| r).collect(),
    })
}

/// Where the columns the import reads are.
struct Columns {
    id: u32,
    status: u32,
    done: u32,
    of: u32,
    evidence: u32,
    owner: u32,
    due: u32,
}

impl Columns {
    fn find(sheet: &Sheet) -> Result<Columns, XlsxError> {
        let find = |label: Label| {
            (0..MAX_COLUMNS)
                .find(|&c| matches!(sheet.get(0, c), CellValue::Text(t) if label.matches(t)))
                .ok_or_else(|| XlsxError::MissingColumn {
                    sheet: sheet.name.clone(),
                    column_ja: label.ja.into(),
                    column_en: label.en.into(),
                })
        };
        Ok(Columns {
            id: find(labels::COL_ID)?,
            status: find(labels::COL_STATUS)?,
            done: find(labels::COL_DONE)?,
            of: find(labels::COL_OF)?,
            evidence: find(labels::COL_EVIDENCE)?,
            owner: find(labels::COL_OWNER)?,
            due: find(labels::COL_DUE)?,
        })
    }

    fn answers(&self) -> [u32; 6] {
        [
            self.status,
            self.done,
            self.of,
            self.evidence,
            self.owner,
            self.due,
        ]
    }
}

/// Collects refused cells while the rows are judged.
struct Outcome<'a> {
    sheet: &'a Sheet,
    rejected: Vec<(u32, u32, RejectedCell)>,
}

impl Outcome<'_> {
    fn reject(&mut self, row: u32, col: u32, item: Option<&str>, refusal: Refusal) {
        let (kind, ja, en) = refusal;
        let sheet = &self.sheet.name;
        let cell = cell_name(row, col);
        self.rejected.push((
            row,
            col,
            RejectedCell {
                sheet: sheet.clone(),
                item_id: item.map(str::to_string),
                kind,
                message_ja: format!("シート「{sheet}」のセル {cell}：{ja}。"),
                message_en: format!("Sheet \"{sheet}\", cell {cell}: {en}."),
                cell,
            },
        ));
    }

    fn formula(&mut self, row: u32, col: u32, item: Option<&str>) {
        self.reject(
            row,
            col,
            item,
            (
                Rejection::Formula,
                "数式は使えません（値を入力してください）".into(),
                "formulas are not accepted (enter a value)".into(),
            ),
        );
    }

    /// Judges one item's row: the new answer, or `None` to keep the current one.
    fn row(
        &mut self,
        row: u32,
        id: &str,
        cols: &Columns,
        current: Option<&ItemAnswer>,
    ) -> Option<ItemAnswer> {
        let sheet = self.sheet;
        let mut refused: Vec<(u32, Refusal)> = Vec::new();
        let field = |col: u32, refused: &mut Vec<(u32, Refusal)>| {
            if sheet.has_formula(row, col) {
                refused.push((
                    col,
                    (
                        Rejection::Formula,
                        "数式は使えません（値を入力してください）".into(),
                        "formulas are not accepted (enter a value)".into(),
                    ),
                ));
                None
            } else {
                Some(sheet.get(row, col))
            }
        };
        fn check<T>(
            col: u32,
            value: Option<&CellValue>,
            parse: fn(&CellValue) -> Result<T, Refusal>,
            refused: &mut Vec<(u32, Refusal)>,
        ) -> Option<T> {
            match parse(value?) {
                Ok(v) => Some(v),
                Err(r) => {
                    refused.push((col, r));
                    None
                }
            }
        }
        let v = field(cols.status, &mut refused);
        let status = check(cols.status, v, cells::status, &mut refused);
        let v = field(cols.done, &mut refused);
        let done = check(cols.done, v, cells::count, &mut refused);
        let v = field(cols.of, &mut refused);
        let of = check(cols.of, v, cells::count, &mut refused);
        let v = field(cols.evidence, &mut refused);
        let evidence = check(cols.evidence, v, cells::evidence, &mut refused);
        let v = field(cols.owner, &mut refused);
        let owner = check(cols.owner, v, cells::owner, &mut refused);
        let v = field(cols.due, &mut refused);
        let due = check(cols.due, v, cells::due, &mut refused);

        let answer = match (status, done, of, evidence, owner, due) {
            (Some(status), Some(done), Some(of), Some(evidence), Some(owner), Some(due))
                if refused.is_empty() =>
            {
                match status {
                    None => {
                        let notes = [cols.done, cols.of, cols.evidence, cols.owner, cols.due]
                            .iter()
                            .any(|&c| !sheet.get(row, c).is_blank());
                        if current.is_none() && notes {
                            refused.push((
                                cols.status,
                                (
                                    Rejection::NoStatus,
                                    "状況が空欄のため、この行の内容は取り込みません（状況を選んでください）".into(),
                                    "the status is empty, so this row is not imported (choose a status)".into(),
                                ),
                            ));
                        }
                        None
                    }
                    Some(answer) => {
                        full_answer(answer, done, of, cols, &mut refused).map(|answer| ItemAnswer {
                            answer,
                            evidence,
                            owner,
                            due,
                        })
                    }
                }
            }
            _ => None,
        };
        for (col, r) in refused.drain(..) {
            self.reject(row, col, Some(id), r);
        }
        answer
    }
}

/// The answer with its counts checked: 一部実施 needs 1 ≤ 対象数 and 実施数 ≤ 対象数; the others
/// take no counts.
fn full_answer(
    status: Answer,
    done: Option<u32>,
    of: Option<u32>,
    cols: &Columns,
    refused: &mut Vec<(u32, Refusal)>,
) -> Option<Answer> {
    if let Answer::Partial { .. } = status {
        let missing = |col| {
            (
                col,
                (
                    Rejection::MissingCount,
                    "一部実施には実施数と対象数が必要です".to_string(),
                    "partly implemented needs both the done and the target count".to_string(),
                ),
            )
        };
        match (done, of) {
            (_, Some(0)) => refused.push((
                cols.of,
                (
                    Rejection::ZeroTargets,
                    "対象数は 1 以上としてください".into(),
                    "the target count must be at least 1".into(),
                ),
            )),
            (Some(d), Some(o)) if d > o => refused.push((
                cols.done,
                (
                    Rejection::DoneOverTargets,
                    format!("実施数 {d} が対象数 {o} を超えています"),
                    format!("done ({d}) is more than the targets ({o})"),
                ),
            )),
            (Some(d), Some(o)) => return Some(Answer::Partial { done: d, of: o }),
            (None, Some(_)) => refused.push(missing(cols.done)),
            (Some(_), None) => refused.push(missing(cols.of)),
            (None, None) => {
                refused.push(missing(cols.done));
                refused.push(missing(cols.of));
            }
        }
        return None;
    }
    let label = status.label(secspec_core::Lang::Ja);
    let label_en = status.label(secspec_core::Lang::En);
    let mut ok = true;
    for (col, n) in [(cols.done, done), (cols.of, of)] {
        if n.is_some() {
            ok = false;
            refused.push((
                col,
                (
                    Rejection::CountWithoutPartial,
                    format!("実施数・対象数は一部実施のときだけ入力します（状況は「{label}」）"),
                    format!(
                        "counts are only for partly implemented (the status is \"{label_en}\")"
                    ),
                ),
            ));
        }
    }
    ok.then_some(status)
}

fn open_error(e: calamine::XlsxError) -> XlsxError {
    match e {
        calamine::XlsxError::FileNotFound(f) => XlsxError::NotXlsx {
            detail_ja: format!("{f} がありません"),
            detail_en: format!("{f} is missing"),
        },
        calamine::XlsxError::Password => XlsxError::NotXlsx {
            detail_ja: "パスワードで保護されています".into(),
            detail_en: "the workbook is password protected".into(),
        },
        other => XlsxError::Damaged {
            detail: other.to_string(),
        },
    }
}

/// Reads the main sheet twice, streaming: once for formulas, once for values. The row limit is
/// checked on the sheet's declared dimensions first (a 100k-row sheet is refused before any row
/// is read) and again on every cell, since the declaration can be missing or wrong.
fn read_main_sheet(bytes: &[u8]) -> Result<Sheet, XlsxError> {
    let mut book: Xlsx<Cursor<&[u8]>> = Xlsx::new(Cursor::new(bytes)).map_err(open_error)?;
    let names = book.sheet_names();
    let name = names
        .iter()
        .find(|n| labels::SHEET_MAIN.matches(n))
        .cloned()
        .ok_or_else(|| XlsxError::MissingSheet {
            expected_ja: labels::SHEET_MAIN.ja.into(),
            expected_en: labels::SHEET_MAIN.en.into(),
            found: names.clone(),
        })?;
    let too_many = |rows: u32| XlsxError::TooManyRows {
        sheet: name.clone(),
        rows: u64::from(rows),
        limit: u64::from(MAX_DATA_ROWS),
    };

    let mut formulas = BTreeSet::new();
    let mut reader = book.worksheet_cells_reader(&name).map_err(open_error)?;
    // Row indexes are 0-based and row 0 is the header, so the last index is the data row count.
    let declared = reader.dimensions().end.0;
    if declared > MAX_DATA_ROWS {
        return Err(too_many(declared));
    }
    while let Some(cell) = reader.next_formula().map_err(open_error)? {
        let (row, col) = cell.get_position();
        if row > MAX_DATA_ROWS {
            return Err(too_many(row));
        }
        if col < MAX_COLUMNS && !cell.get_value().trim().is_empty() {
            formulas.insert((row, col));
        }
    }
    drop(reader);

    let mut cells = BTreeMap::new();
    let mut reader = book.worksheet_cells_reader(&name).map_err(open_error)?;
    while let Some(cell) = reader.next_cell().map_err(open_error)? {
        let (row, col) = cell.get_position();
        if row > MAX_DATA_ROWS {
            return Err(too_many(row));
        }
        let value = CellValue::from_data(cell.get_value());
        if col < MAX_COLUMNS && value != CellValue::Empty {
            cells.insert((row, col), value);
        }
    }
    Ok(Sheet {
        name,
        cells,
        formulas,
    })
}
