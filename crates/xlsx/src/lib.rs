//! The security-by-design checklist as an Excel workbook: [`export`] writes it for officers to fill
//! in offline, [`import`] reads it back, cell by cell, refusing what it cannot trust.
//!
//! The workbook has three sheets: 「チェックリスト」 (one row per item; the answer columns are
//! unlocked and coloured, the rest protected), 「判断条件」 (the profile answers, read-only) and
//! 「集計」 (the rates and grades at export time, as values). Import reads only the main sheet.

mod cells;
mod error;
mod export;
mod guard;
mod import;
pub mod labels;

pub use error::XlsxError;
pub use export::{export, WorkbookMeta};
pub use guard::{MAX_ENTRY_RATIO, MAX_FILE_BYTES, MAX_UNCOMPRESSED_BYTES};
pub use import::{import, Imported, RejectedCell, Rejection, MAX_DATA_ROWS, MAX_TEXT_CHARS};
