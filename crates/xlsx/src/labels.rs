//! The workbook's UI labels (sheet names, column headers, short cell values) in Japanese and
//! English. They are labels, not document prose, so they live here; the import accepts either
//! language whatever the export language was.

use secspec_core::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label {
    pub ja: &'static str,
    pub en: &'static str,
}

impl Label {
    const fn new(ja: &'static str, en: &'static str) -> Label {
        Label { ja, en }
    }

    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => self.ja,
            Lang::En => self.en,
        }
    }

    /// The text is this label in either language (surrounding spaces and English case ignored).
    pub fn matches(self, text: &str) -> bool {
        let t = text.trim();
        t == self.ja || t.eq_ignore_ascii_case(self.en)
    }
}

// Sheets.
pub const SHEET_MAIN: Label = Label::new("チェックリスト", "Checklist");
pub const SHEET_PROFILE: Label = Label::new("判断条件", "Profile");
pub const SHEET_SUMMARY: Label = Label::new("集計", "Summary");

// Main sheet columns.
pub const COL_ID: Label = Label::new("ID", "ID");
pub const COL_STAGE: Label = Label::new("工程", "Stage");
pub const COL_CATEGORY: Label = Label::new("対策区分", "Category");
pub const COL_SUBITEM: Label = Label::new("対策項目", "Measure");
pub const COL_QUESTION: Label = Label::new("点検項目", "Check");
pub const COL_APPLIES: Label = Label::new("対象", "Scope");
pub const COL_STATUS: Label = Label::new("状況", "Status");
pub const COL_DONE: Label = Label::new("実施数", "Done");
pub const COL_OF: Label = Label::new("対象数", "Targets");
pub const COL_EVIDENCE: Label = Label::new("根拠・証跡", "Evidence");
pub const COL_OWNER: Label = Label::new("担当", "Owner");
pub const COL_DUE: Label = Label::new("期限", "Due");
pub const COL_GUIDANCE: Label = Label::new("解説", "Guidance");
pub const COL_EVIDENCE_EXAMPLE: Label = Label::new("証跡の例", "Evidence example");

// Values of the 対象 column.
pub const INCLUDED: Label = Label::new("対象", "in scope");
pub const EXCLUDED: Label = Label::new("対象外（判断）", "out of scope (profile)");
pub const PROVISIONAL: Label = Label::new("暫定", "provisional");

// 判断条件 sheet.
pub const META_PROJECT: Label = Label::new("案件名", "Project");
pub const META_AGENCY: Label = Label::new("府省庁", "Agency");
pub const META_PROJECT_ID: Label = Label::new("案件番号", "Project no.");
pub const META_REVISION: Label = Label::new("版", "Revision");
pub const META_DATE: Label = Label::new("作成日", "Date");
pub const META_CHECKLIST: Label = Label::new("点検リスト", "Checklist");
pub const COL_QUESTION_ID: Label = Label::new("判断条件ID", "Question ID");
pub const COL_PROFILE_QUESTION: Label = Label::new("判断条件", "Question");
pub const COL_ANSWER: Label = Label::new("回答", "Answer");
pub const COL_HELP: Label = Label::new("説明", "Help");
pub const YES: Label = Label::new("はい", "yes");
pub const NO: Label = Label::new("いいえ", "no");
pub const UNANSWERED: Label = Label::new("未回答", "not answered");

// 集計 sheet.
pub const COL_KIND: Label = Label::new("種別", "Kind");
pub const COL_NAME: Label = Label::new("名称", "Name");
pub const COL_SCORED: Label = Label::new("評価対象数", "Scored");
pub const COL_NOT_APPLICABLE: Label = Label::new("対象外", "Not applicable");
pub const COL_UNANSWERED: Label = Label::new("未回答", "Unanswered");
pub const COL_RATE: Label = Label::new("実施率", "Rate");
pub const COL_GRADE: Label = Label::new("評価", "Grade");
pub const KIND_OVERALL: Label = Label::new("全体", "Overall");
pub const KIND_CATEGORY: Label = Label::new("対策区分", "Category");
pub const KIND_STAGE: Label = Label::new("工程", "Stage");
pub const ALL_ANSWERED: Label = Label::new("回答完了", "All answered");
