//! The checklist workbook import (a filled-in XLSX back into the checklist answers), against
//! the real checklist and an empty state.
#![no_main]

use libfuzzer_sys::fuzz_target;
use secspec_core::checklist::ChecklistState;

fuzz_target!(|data: &[u8]| {
    let checklist = &secspec_fuzz::library().checklist;
    let _ = secspec_xlsx::import(data, checklist, &ChecklistState::default());
});
