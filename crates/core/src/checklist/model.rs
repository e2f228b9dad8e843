//! The checklist's data types: stages, measure categories, profile questions, items, answers.
//! Everything here is read from `templates/checklist/` or entered by the user; nothing is prose in code.

use crate::date::Date;
use crate::document::Lang;
use crate::library::Origin;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

fn pick<'a>(lang: Lang, ja: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Ja => ja,
        Lang::En => en,
    }
}

/// A stage of building a government system (企画 … 更改・廃棄).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub id: String,
    pub name_ja: String,
    pub name_en: String,
    #[serde(default)]
    pub description_ja: String,
    #[serde(default)]
    pub description_en: String,
}

impl Stage {
    pub fn name(&self, lang: Lang) -> &str {
        pick(lang, &self.name_ja, &self.name_en)
    }
}

/// A sub-item (対策項目) of a measure category, e.g. AT-1 通信回線対策.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct SubItem {
    pub id: String,
    pub code: String,
    pub name_ja: String,
    pub name_en: String,
}

impl SubItem {
    pub fn name(&self, lang: Lang) -> &str {
        pick(lang, &self.name_ja, &self.name_en)
    }
}

/// A measure category (対策区分) of the government SBD method, e.g. AT 侵害対策.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: String,
    pub code: String,
    pub name_ja: String,
    pub name_en: String,
    #[serde(default)]
    pub description_ja: String,
    #[serde(default)]
    pub description_en: String,
    #[serde(rename = "subitem")]
    pub subitems: Vec<SubItem>,
}

impl Category {
    pub fn name(&self, lang: Lang) -> &str {
        pick(lang, &self.name_ja, &self.name_en)
    }

    pub fn subitem(&self, id: &str) -> Option<&SubItem> {
        self.subitems.iter().find(|s| s.id == id)
    }
}

/// A system-profile question (判断条件), answered yes or no.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ProfileQuestion {
    pub id: String,
    pub question_ja: String,
    pub question_en: String,
    #[serde(default)]
    pub help_ja: String,
    #[serde(default)]
    pub help_en: String,
}

impl ProfileQuestion {
    pub fn question(&self, lang: Lang) -> &str {
        pick(lang, &self.question_ja, &self.question_en)
    }
}

/// One checklist item.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Unique across the checklist; `[a-z0-9_]+`.
    pub id: String,
    pub stage: String,
    pub category: String,
    pub subitem: String,
    pub question_ja: String,
    pub question_en: String,
    pub guidance_ja: String,
    pub guidance_en: String,
    /// What evidence of implementation looks like.
    pub evidence_ja: String,
    pub evidence_en: String,
    /// What is counted for 一部実施 (x of n), e.g. "メールサーバの台数".
    #[serde(default)]
    pub target_ja: Option<String>,
    #[serde(default)]
    pub target_en: Option<String>,
    /// Applies if any of these profile answers is yes (or unanswered). Empty: no such condition.
    #[serde(default)]
    pub applies_when: Vec<String>,
    /// ... and all of these are yes (or unanswered). Empty: no such condition.
    #[serde(default)]
    pub applies_when_all: Vec<String>,
    /// The sentence this item adds to the 調達仕様書 when it applies (「…すること。」).
    pub requirement_ja: String,
    pub requirement_en: String,
    pub origin: Origin,
    /// Keys of `[sources.*]` in `checklist.toml`.
    pub sources: Vec<String>,
    pub based_on_ja: String,
    pub based_on_en: String,
    pub version: String,
    /// The file the item came from (set by the loader, for messages).
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub file: String,
}

impl Item {
    pub fn question(&self, lang: Lang) -> &str {
        pick(lang, &self.question_ja, &self.question_en)
    }

    pub fn guidance(&self, lang: Lang) -> &str {
        pick(lang, &self.guidance_ja, &self.guidance_en)
    }

    pub fn evidence(&self, lang: Lang) -> &str {
        pick(lang, &self.evidence_ja, &self.evidence_en)
    }

    pub fn requirement(&self, lang: Lang) -> &str {
        pick(lang, &self.requirement_ja, &self.requirement_en)
    }

    pub fn based_on(&self, lang: Lang) -> &str {
        pick(lang, &self.based_on_ja, &self.based_on_en)
    }

    pub fn target(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::Ja => self.target_ja.as_deref(),
            Lang::En => self.target_en.as_deref(),
        }
    }

    /// Origin of the text in `lang`: English text is a translation.
    pub fn origin_in(&self, lang: Lang) -> Origin {
        match lang {
            Lang::Ja => self.origin,
            Lang::En => Origin::Translation,
        }
    }
}

/// The officer's answers to the profile questions. A question that is absent is unanswered.
/// Serialised as a plain map `{ "<question id>": true | false }`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(as = "BTreeMap<String, bool>"))]
pub struct Profile {
    pub answers: BTreeMap<String, bool>,
}

// By hand rather than `#[serde(transparent)]`, which ts-rs cannot read (it warns on every build).
impl Serialize for Profile {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.answers.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Profile {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        BTreeMap::deserialize(d).map(|answers| Profile { answers })
    }
}

impl Profile {
    pub fn get(&self, question: &str) -> Option<bool> {
        self.answers.get(question).copied()
    }

    pub fn set(&mut self, question: &str, yes: bool) {
        self.answers.insert(question.to_string(), yes);
    }

    /// Fills, where still unanswered, the questions the project facts already decide
    /// (`national_security`, `subcontracting`).
    pub fn prefill_from(&mut self, project: &crate::project::Project) {
        // 国の安全 only once the officer has answered it: an unanswered fact decides nothing.
        if let Some(v) = project.national_security {
            self.answers
                .entry("national_security".to_string())
                .or_insert(v);
        }
        self.answers
            .entry("subcontracting".to_string())
            .or_insert(project.subcontracting);
    }
}

/// The officer's decision to put an item in or out against the rules, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Override {
    pub include: bool,
    #[serde(default)]
    pub reason: String,
}

/// The answer for one item (実施 / 一部実施 / 未実施 / 対象外).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Answer {
    /// 実施: implemented on every target.
    Implemented,
    /// 一部実施: implemented on `done` of `of` targets (e.g. 3 of 4 servers).
    Partial { done: u32, of: u32 },
    /// 未実施: not implemented.
    NotImplemented,
    /// 対象外: does not concern this system; leaves the denominator.
    NotApplicable,
}

impl Answer {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Answer::Implemented, Lang::Ja) => "実施",
            (Answer::Partial { .. }, Lang::Ja) => "一部実施",
            (Answer::NotImplemented, Lang::Ja) => "未実施",
            (Answer::NotApplicable, Lang::Ja) => "対象外",
            (Answer::Implemented, Lang::En) => "implemented",
            (Answer::Partial { .. }, Lang::En) => "partly implemented",
            (Answer::NotImplemented, Lang::En) => "not implemented",
            (Answer::NotApplicable, Lang::En) => "not applicable",
        }
    }
}

/// An answer with the notes kept alongside it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ItemAnswer {
    pub answer: Answer,
    /// Evidence note (what shows the measure is in place).
    #[serde(default)]
    pub evidence: String,
    /// Who is responsible for an open item.
    #[serde(default)]
    pub owner: String,
    /// When an open item is due.
    #[serde(default)]
    pub due: Option<Date>,
}

impl ItemAnswer {
    pub fn new(answer: Answer) -> Self {
        ItemAnswer {
            answer,
            evidence: String::new(),
            owner: String::new(),
            due: None,
        }
    }
}

/// Everything the officer entered for a project's checklist: the profile answers, the overrides
/// (by item id) and the answers (by item id). Part of the project; stored in its own tables.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct ChecklistState {
    pub profile: Profile,
    pub overrides: BTreeMap<String, Override>,
    pub answers: BTreeMap<String, ItemAnswer>,
}

impl ChecklistState {
    pub fn is_empty(&self) -> bool {
        self == &ChecklistState::default()
    }
}
