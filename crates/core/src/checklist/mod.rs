//! The security-by-design checklist (issue 5): content from `templates/checklist/`, the system
//! profile that decides which items apply (with a bilingual trace and overrides), answers, and
//! scoring exactly as seed 003 defines it. Pure: no files, no clock.

pub mod applicability;
pub mod library;
pub mod model;
pub mod ratio;
pub mod report;
pub mod scoring;

pub use applicability::{check_inputs, decide, ChecklistDecision, ItemDecision};
pub use library::{Checklist, ChecklistError};
pub use model::{
    Answer, Category, ChecklistState, Item, ItemAnswer, Override, Profile, ProfileQuestion, Stage,
    SubItem,
};
pub use ratio::Ratio;
pub use scoring::{
    score, score_answers, Grade, GroupScore, ItemScore, ItemStatus, Rate, ScoreCard, ScoreError,
};
