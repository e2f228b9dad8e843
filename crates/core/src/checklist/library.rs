//! The checklist content, parsed from `templates/checklist/checklist.toml` and
//! `templates/checklist/items/*.toml`. Core receives file contents; reading the folder is the shell's job.

use super::model::{Category, Item, ProfileQuestion, Stage};
use crate::library::Source;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

pub use crate::library::LibraryError as ChecklistError;

/// Where the checklist lives inside `templates/`.
pub const HEAD_FILE: &str = "checklist/checklist.toml";
pub const ITEMS_DIR: &str = "checklist/items/";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct HeadFile {
    version: String,
    title_ja: String,
    title_en: String,
    #[serde(default)]
    category_note_ja: String,
    #[serde(default)]
    category_note_en: String,
    #[serde(default)]
    translation_note_ja: String,
    #[serde(default)]
    translation_note_en: String,
    sources: BTreeMap<String, Source>,
    #[serde(rename = "stage")]
    stages: Vec<Stage>,
    #[serde(rename = "category")]
    categories: Vec<Category>,
    #[serde(rename = "question")]
    questions: Vec<ProfileQuestion>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemFile {
    #[serde(default, rename = "item")]
    items: Vec<Item>,
}

/// The whole checklist: stages and categories in their defined order, items ordered by
/// category, then file, then position in the file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Checklist {
    pub version: String,
    pub title_ja: String,
    pub title_en: String,
    /// How far the category and sub-item names were checked against the SBD manual.
    pub category_note_ja: String,
    pub category_note_en: String,
    pub translation_note_ja: String,
    pub translation_note_en: String,
    pub sources: BTreeMap<String, Source>,
    pub stages: Vec<Stage>,
    pub categories: Vec<Category>,
    pub questions: Vec<ProfileQuestion>,
    pub items: Vec<Item>,
}

fn parse<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, ChecklistError> {
    toml::from_str(text).map_err(|e| ChecklistError::Parse {
        file: file.to_string(),
        message: e.to_string().trim().replace('\n', " "),
    })
}

fn invalid(file: &str, message: String) -> ChecklistError {
    ChecklistError::Invalid {
        file: file.to_string(),
        message,
    }
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

impl Checklist {
    /// Builds the checklist from `(path relative to templates/, contents)` pairs. Files outside
    /// `checklist/` are ignored, so the same listing as for [`crate::Library::from_files`] can be passed.
    pub fn from_files(files: &[(String, String)]) -> Result<Checklist, ChecklistError> {
        let mut head: Option<HeadFile> = None;
        let mut items: Vec<Item> = Vec::new();
        let mut sorted: Vec<&(String, String)> = files.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        for (path, text) in sorted {
            if !path.ends_with(".toml") {
                continue;
            }
            if path == HEAD_FILE {
                head = Some(parse(path, text)?);
            } else if let Some(rest) = path.strip_prefix(ITEMS_DIR) {
                if rest.contains('/') {
                    continue;
                }
                let file: ItemFile = parse(path, text)?;
                for mut item in file.items {
                    item.file = path.clone();
                    items.push(item);
                }
            }
        }
        let head = head.ok_or_else(|| ChecklistError::Missing(HEAD_FILE.into()))?;
        let order: BTreeMap<&str, usize> = head
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        // Stable: items keep their file order inside a category.
        items.sort_by_key(|i| {
            order
                .get(i.category.as_str())
                .copied()
                .unwrap_or(usize::MAX)
        });
        let checklist = Checklist {
            version: head.version,
            title_ja: head.title_ja,
            title_en: head.title_en,
            category_note_ja: head.category_note_ja,
            category_note_en: head.category_note_en,
            translation_note_ja: head.translation_note_ja,
            translation_note_en: head.translation_note_en,
            sources: head.sources,
            stages: head.stages,
            categories: head.categories,
            questions: head.questions,
            items,
        };
        checklist.check()?;
        Ok(checklist)
    }

    /// Cross-file consistency: ids, references, both languages, the requirement register.
    fn check(&self) -> Result<(), ChecklistError> {
        let f = HEAD_FILE;
        if self.version.trim().is_empty() {
            return Err(invalid(f, "version が空です / version is empty".into()));
        }
        if self.stages.is_empty() || self.categories.is_empty() {
            return Err(invalid(
                f,
                "段階と対策区分が必要です / stages and categories are required".into(),
            ));
        }
        let mut ids = BTreeSet::new();
        for (kind, id) in self
            .stages
            .iter()
            .map(|s| ("stage", s.id.as_str()))
            .chain(self.categories.iter().map(|c| ("category", c.id.as_str())))
            .chain(self.questions.iter().map(|q| ("question", q.id.as_str())))
        {
            if !is_id(id) {
                return Err(invalid(
                    f,
                    format!("{kind} の id「{id}」は [a-z0-9_]+ ではありません / {kind} id is not [a-z0-9_]+"),
                ));
            }
            if !ids.insert((kind, id)) {
                return Err(invalid(
                    f,
                    format!("{kind} の id「{id}」が重複しています / duplicate {kind} id"),
                ));
            }
        }
        let mut codes = BTreeSet::new();
        for c in &self.categories {
            if c.subitems.is_empty() {
                return Err(invalid(
                    f,
                    format!(
                        "対策区分 {} に対策項目がありません / category has no sub-items",
                        c.id
                    ),
                ));
            }
            for s in &c.subitems {
                if !is_id(&s.id) || !codes.insert(s.code.as_str()) {
                    return Err(invalid(
                        f,
                        format!(
                            "対策項目 {}（{}）の id 又は記号が不正か重複しています / bad or duplicate sub-item id or code",
                            s.id, s.code
                        ),
                    ));
                }
            }
        }
        let mut item_ids = BTreeSet::new();
        for item in &self.items {
            let f = item.file.as_str();
            let bad = |m: String| invalid(f, format!("item {}: {m}", item.id));
            if !is_id(&item.id) {
                return Err(bad(
                    "id が [a-z0-9_]+ ではありません / id is not [a-z0-9_]+".into(),
                ));
            }
            if !item_ids.insert(item.id.as_str()) {
                return Err(bad("id が重複しています / duplicate item id".into()));
            }
            if self.stage(&item.stage).is_none() {
                return Err(bad(format!(
                    "段階 {} は checklist.toml にありません / unknown stage",
                    item.stage
                )));
            }
            let Some(category) = self.category(&item.category) else {
                return Err(bad(format!(
                    "対策区分 {} は checklist.toml にありません / unknown category",
                    item.category
                )));
            };
            if category.subitem(&item.subitem).is_none() {
                return Err(bad(format!(
                    "対策項目 {} は対策区分 {} にありません / sub-item not in its category",
                    item.subitem, item.category
                )));
            }
            for q in item.applies_when.iter().chain(&item.applies_when_all) {
                if self.question(q).is_none() {
                    return Err(bad(format!(
                        "判断条件 {q} は checklist.toml にありません / unknown profile question"
                    )));
                }
            }
            if item.sources.is_empty() {
                return Err(bad("sources が空です / no source named".into()));
            }
            for s in &item.sources {
                if !self.sources.contains_key(s) {
                    return Err(bad(format!(
                        "出典 {s} は checklist.toml にありません / unknown source"
                    )));
                }
            }
            for (name, text) in [
                ("question_ja", &item.question_ja),
                ("question_en", &item.question_en),
                ("guidance_ja", &item.guidance_ja),
                ("guidance_en", &item.guidance_en),
                ("evidence_ja", &item.evidence_ja),
                ("evidence_en", &item.evidence_en),
                ("requirement_ja", &item.requirement_ja),
                ("requirement_en", &item.requirement_en),
                ("based_on_ja", &item.based_on_ja),
                ("based_on_en", &item.based_on_en),
                ("version", &item.version),
            ] {
                if text.trim().is_empty() {
                    return Err(bad(format!("{name} が空です / {name} is empty")));
                }
            }
            if item.target_ja.is_some() != item.target_en.is_some() {
                return Err(bad(
                    "target_ja と target_en は両方必要です / target needs both languages".into(),
                ));
            }
            if !item.requirement_ja.trim_end().ends_with("こと。") {
                return Err(bad(
                    "requirement_ja は「…こと。」で終えてください / requirement_ja must end with 「こと。」".into(),
                ));
            }
        }
        Ok(())
    }

    pub fn stage(&self, id: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id == id)
    }

    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    pub fn question(&self, id: &str) -> Option<&ProfileQuestion> {
        self.questions.iter().find(|q| q.id == id)
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    pub fn source(&self, key: &str) -> Option<&Source> {
        self.sources.get(key)
    }
}

/// A small in-memory checklist for unit tests: categories `c1`..`c3` (one sub-item `s1` each),
/// stages `planning` and `operation`, questions `internet_facing` and `cloud_service`.
#[cfg(test)]
pub(crate) mod fixture {
    use super::*;

    pub(crate) const HEAD: &str = r#"
version = "t"
title_ja = "点検"
title_en = "Checklist"
[sources.s]
title_ja = "出典"
title_en = "Source"
[[stage]]
id = "planning"
name_ja = "企画"
name_en = "Planning"
[[stage]]
id = "operation"
name_ja = "運用"
name_en = "Operation"
[[category]]
id = "c1"
code = "C1"
name_ja = "区分1"
name_en = "Category 1"
[[category.subitem]]
id = "s1"
code = "C1-1"
name_ja = "項目"
name_en = "Sub-item"
[[category]]
id = "c2"
code = "C2"
name_ja = "区分2"
name_en = "Category 2"
[[category.subitem]]
id = "s1"
code = "C2-1"
name_ja = "項目"
name_en = "Sub-item"
[[category]]
id = "c3"
code = "C3"
name_ja = "区分3"
name_en = "Category 3"
[[category.subitem]]
id = "s1"
code = "C3-1"
name_ja = "項目"
name_en = "Sub-item"
[[question]]
id = "internet_facing"
question_ja = "公開するか。"
question_en = "Public?"
[[question]]
id = "cloud_service"
question_ja = "クラウドを使うか。"
question_en = "Cloud?"
"#;

    /// One `[[item]]` table; `extra` is appended (e.g. `applies_when = [...]`).
    pub(crate) fn item(id: &str, category: &str, stage: &str, extra: &str) -> String {
        format!(
            r#"
[[item]]
id = "{id}"
stage = "{stage}"
category = "{category}"
subitem = "s1"
question_ja = "問"
question_en = "Q"
guidance_ja = "解説"
guidance_en = "Guidance"
evidence_ja = "証跡"
evidence_en = "Evidence"
requirement_ja = "対策を講じること。"
requirement_en = "The contractor shall act."
origin = "drafted"
sources = ["s"]
based_on_ja = "根拠"
based_on_en = "Basis"
version = "t"
{extra}
"#
        )
    }

    pub(crate) fn load(items: &str) -> Result<Checklist, ChecklistError> {
        Checklist::from_files(&[
            (HEAD_FILE.into(), HEAD.into()),
            ("checklist/items/a.toml".into(), items.into()),
            ("library.toml".into(), "not checklist data".into()),
        ])
    }

    #[allow(clippy::unwrap_used)]
    pub(crate) fn checklist(items: &str) -> Checklist {
        load(items).unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::{item, load};
    use super::*;

    fn one(id: &str, extra: &str) -> String {
        item(id, "c1", "planning", extra)
    }

    #[test]
    fn loads_a_minimal_checklist_and_ignores_other_files() {
        let c = load(&(one("x2", "") + &item("x1", "c1", "operation", ""))).unwrap();
        assert_eq!(c.items.len(), 2);
        assert_eq!(c.items[0].file, "checklist/items/a.toml");
        assert_eq!(c.items[0].id, "x2", "file order is kept inside a category");
    }

    #[test]
    fn orders_items_by_category() {
        let c =
            load(&(item("b", "c3", "planning", "") + &item("a", "c1", "planning", ""))).unwrap();
        let ids: Vec<&str> = c.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
    }

    #[test]
    fn rejects_bad_references_and_register() {
        let cases = [
            (one("x1", "") + &one("x1", ""), "duplicate item id"),
            (item("x1", "c1", "nope", ""), "unknown stage"),
            (item("x1", "c9", "planning", ""), "unknown category"),
            (
                one("x1", r#"applies_when = ["cloud"]"#),
                "unknown profile question",
            ),
            (
                one("x1", "").replace("[\"s\"]", "[\"zz\"]"),
                "unknown source",
            ),
            (
                one("x1", "").replace("対策を講じること。", "対策を講じる。"),
                "こと。",
            ),
            (one("x1", "").replace("\"根拠\"", "\" \""), "based_on_ja"),
            (one("X1", ""), "[a-z0-9_]+"),
            (one("x1", r#"target_ja = "台数""#), "both languages"),
            (one("x1", "colour = 1"), "invalid TOML"),
        ];
        for (text, want) in cases {
            let err = load(&text).unwrap_err().to_string();
            assert!(err.contains(want), "{want}: {err}");
        }
        let err = Checklist::from_files(&[]).unwrap_err().to_string();
        assert!(err.contains(HEAD_FILE), "{err}");
    }
}
