//! Scoring exactly as seed 003 (the 2007 priority inspection) defines it:
//!
//! - item rate = implemented ÷ should-implement (一部実施 x of n targets = x/n; 実施 = 1; 未実施 = 0;
//!   対象外 leaves the denominator: the item is not scored);
//! - category rate = mean of its items' rates; overall rate = mean of the category rates
//!   (a category with no scored item is left out); the same mean per stage;
//! - grade A = 100 %, B = 80 % ≤ x < 100 %, C = 60 % ≤ x < 80 %, D = x < 60 %.
//!
//! Every rate is an exact fraction ([`Ratio`]); grades compare fractions, never rounded numbers,
//! so 99.95 % is B. An applicable item not answered yet counts as 未実施 (rate 0) and makes the
//! score card incomplete; items the profile rules out are not scored at all.

use super::applicability::ChecklistDecision;
use super::library::Checklist;
use super::model::{Answer, ItemAnswer};
use super::ratio::Ratio;
use crate::document::Lang;
use serde::Serialize;
use std::collections::BTreeMap;

/// Seed 003's grades.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Grade {
    A,
    B,
    C,
    D,
}

impl Grade {
    /// The grade of an exact rate: A = 1, B ≥ 4/5, C ≥ 3/5, otherwise D.
    pub fn of(rate: &Ratio) -> Grade {
        if rate.at_least(1, 1) {
            Grade::A
        } else if rate.at_least(4, 5) {
            Grade::B
        } else if rate.at_least(3, 5) {
            Grade::C
        } else {
            Grade::D
        }
    }

    pub fn letter(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
        }
    }

    /// The rate range of the grade, as seed 003 prints it.
    pub fn range(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Grade::A, _) => "x = 100%",
            (Grade::B, _) => "80% ≤ x < 100%",
            (Grade::C, _) => "60% ≤ x < 80%",
            (Grade::D, Lang::Ja) => "x < 60%（60%未満）",
            (Grade::D, Lang::En) => "x < 60%",
        }
    }
}

/// A rate as it is shown and stored: the exact fraction, the rounded percentage for display and
/// the grade decided from the exact fraction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Rate {
    /// Exact value `numerator / denominator`, reduced, as decimal strings (they can exceed 64 bits).
    pub numerator: String,
    pub denominator: String,
    /// Whole percent, halves rounded up; below 100 % never shows 100. Display only.
    pub percent: u32,
    /// Tenths of a percent (e.g. 999 = 99.9 %), rounded the same way. Display only.
    pub percent_tenths: u32,
    pub grade: Grade,
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    exact: Ratio,
}

impl Rate {
    pub fn new(exact: Ratio) -> Rate {
        Rate {
            numerator: exact.numerator(),
            denominator: exact.denominator(),
            percent: exact.percent_rounded(),
            percent_tenths: exact.percent_tenths(),
            grade: Grade::of(&exact),
            exact,
        }
    }

    pub fn exact(&self) -> &Ratio {
        &self.exact
    }
}

/// How an item stands in the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    Implemented,
    Partial,
    NotImplemented,
    /// Answered 対象外: not scored.
    NotApplicable,
    /// Applies but not answered yet: scored as 0.
    Unanswered,
    /// Ruled out by the profile (or the officer): not part of this system's checklist.
    Excluded,
}

impl ItemStatus {
    /// Still to be done: 一部実施, 未実施 or unanswered.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            ItemStatus::Partial | ItemStatus::NotImplemented | ItemStatus::Unanswered
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ItemScore {
    pub item_id: String,
    pub category: String,
    pub stage: String,
    pub status: ItemStatus,
    /// `None` when the item is not scored (対象外 or excluded).
    pub rate: Option<Rate>,
}

/// The score of one category or one stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GroupScore {
    /// Category or stage id.
    pub id: String,
    /// Items that count in the rate (unanswered ones included, as 0).
    pub scored: usize,
    pub not_applicable: usize,
    pub unanswered: usize,
    /// Mean of the scored items' rates; `None` when no item is scored.
    pub rate: Option<Rate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScoreCard {
    /// Mean of the category rates (categories without a scored item left out); `None` when
    /// nothing is scored.
    pub overall: Option<Rate>,
    /// In checklist order.
    pub categories: Vec<GroupScore>,
    /// In checklist order.
    pub stages: Vec<GroupScore>,
    /// In checklist order, every item (excluded ones included, with status `excluded`).
    pub items: Vec<ItemScore>,
    /// Applicable items not answered yet.
    pub unanswered: usize,
    /// Every applicable item has an answer.
    pub complete: bool,
}

impl ScoreCard {
    pub fn category(&self, id: &str) -> Option<&GroupScore> {
        self.categories.iter().find(|g| g.id == id)
    }

    pub fn stage(&self, id: &str) -> Option<&GroupScore> {
        self.stages.iter().find(|g| g.id == id)
    }

    pub fn item(&self, id: &str) -> Option<&ItemScore> {
        self.items.iter().find(|i| i.item_id == id)
    }

    /// Items still to be done (一部実施, 未実施, unanswered), in checklist order.
    pub fn open_items(&self) -> impl Iterator<Item = &ItemScore> {
        self.items.iter().filter(|i| i.status.is_open())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScoreError {
    #[error(
        "checklist.answers.{item}: 点検リストにない項目です / there is no such checklist item"
    )]
    UnknownItem { item: String },
    #[error("checklist.answers.{item}: 一部実施は 対象数 ≥ 1 かつ 実施数 ≤ 対象数 としてください（{done} / {of}） / partly implemented needs at least one target and no more done than targets (got {done} of {of})")]
    InvalidPartial { item: String, done: u32, of: u32 },
}

/// The exact rate of one answer; `None` for 対象外.
pub fn answer_rate(item: &str, answer: Answer) -> Result<Option<Ratio>, ScoreError> {
    match answer {
        Answer::Implemented => Ok(Some(Ratio::one())),
        Answer::NotImplemented => Ok(Some(Ratio::zero())),
        Answer::NotApplicable => Ok(None),
        Answer::Partial { done, of } => {
            if of == 0 || done > of {
                return Err(ScoreError::InvalidPartial {
                    item: item.to_string(),
                    done,
                    of,
                });
            }
            Ok(Ratio::new(u64::from(done), u64::from(of)))
        }
    }
}

fn group(id: &str, members: &[(&ItemScore, Option<&Ratio>)]) -> GroupScore {
    let rates: Vec<&Ratio> = members.iter().filter_map(|(_, r)| *r).collect();
    GroupScore {
        id: id.to_string(),
        scored: rates.len(),
        not_applicable: members
            .iter()
            .filter(|(s, _)| s.status == ItemStatus::NotApplicable)
            .count(),
        unanswered: members
            .iter()
            .filter(|(s, _)| s.status == ItemStatus::Unanswered)
            .count(),
        rate: Ratio::mean(rates).map(Rate::new),
    }
}

/// Scores `answers` (keyed by item id) for the items `decision` includes.
pub fn score(
    checklist: &Checklist,
    decision: &ChecklistDecision,
    answers: &BTreeMap<String, Answer>,
) -> Result<ScoreCard, ScoreError> {
    for (id, answer) in answers {
        if checklist.item(id).is_none() {
            return Err(ScoreError::UnknownItem { item: id.clone() });
        }
        answer_rate(id, *answer)?;
    }
    let mut items = Vec::with_capacity(checklist.items.len());
    let mut exact: Vec<Option<Ratio>> = Vec::with_capacity(checklist.items.len());
    for item in &checklist.items {
        // A decision made for another version of the checklist may lack the item: keep it in.
        let included = decision.item(&item.id).is_none_or(|d| d.included);
        let (status, rate) = if !included {
            (ItemStatus::Excluded, None)
        } else {
            match answers.get(&item.id) {
                None => (ItemStatus::Unanswered, Some(Ratio::zero())),
                Some(a) => {
                    let status = match a {
                        Answer::Implemented => ItemStatus::Implemented,
                        Answer::Partial { .. } => ItemStatus::Partial,
                        Answer::NotImplemented => ItemStatus::NotImplemented,
                        Answer::NotApplicable => ItemStatus::NotApplicable,
                    };
                    (status, answer_rate(&item.id, *a)?)
                }
            }
        };
        items.push(ItemScore {
            item_id: item.id.clone(),
            category: item.category.clone(),
            stage: item.stage.clone(),
            status,
            rate: rate.clone().map(Rate::new),
        });
        exact.push(rate);
    }
    let members = |pick: &dyn Fn(&ItemScore) -> bool| -> Vec<(&ItemScore, Option<&Ratio>)> {
        items
            .iter()
            .zip(&exact)
            .filter(|(s, _)| pick(s))
            .map(|(s, r)| (s, r.as_ref()))
            .collect()
    };
    let categories: Vec<GroupScore> = checklist
        .categories
        .iter()
        .map(|c| group(&c.id, &members(&|s| s.category == c.id)))
        .collect();
    let stages: Vec<GroupScore> = checklist
        .stages
        .iter()
        .map(|st| group(&st.id, &members(&|s| s.stage == st.id)))
        .collect();
    let overall = Ratio::mean(
        categories
            .iter()
            .filter_map(|g| g.rate.as_ref().map(Rate::exact)),
    )
    .map(Rate::new);
    let unanswered = items
        .iter()
        .filter(|i| i.status == ItemStatus::Unanswered)
        .count();
    Ok(ScoreCard {
        overall,
        categories,
        stages,
        items,
        unanswered,
        complete: unanswered == 0,
    })
}

/// [`score`] for answers stored with their notes.
pub fn score_answers(
    checklist: &Checklist,
    decision: &ChecklistDecision,
    answers: &BTreeMap<String, ItemAnswer>,
) -> Result<ScoreCard, ScoreError> {
    let plain = answers
        .iter()
        .map(|(id, a)| (id.clone(), a.answer))
        .collect();
    score(checklist, decision, &plain)
}

impl crate::Bilingual for ScoreError {
    fn message(&self) -> crate::Message {
        match self {
            ScoreError::UnknownItem { item } => crate::Message::new(
                format!("checklist.answers.{item}: 点検リストにない項目です"),
                format!("checklist.answers.{item}: there is no such checklist item"),
            ),
            ScoreError::InvalidPartial { item, done, of } => crate::Message::new(
                format!("checklist.answers.{item}: 一部実施は 対象数 ≥ 1 かつ 実施数 ≤ 対象数 としてください（{done} / {of}）"),
                format!("checklist.answers.{item}: partly implemented needs at least one target and no more done than targets (got {done} of {of})"),
            ),
        }
    }
}

impl ScoreError {
    /// The message without the field path it starts with (for an issue that names the field).
    pub fn reason(&self) -> crate::Message {
        let m = crate::Bilingual::message(self);
        let strip = |s: &str| {
            s.split_once(": ")
                .map_or(s.to_string(), |(_, r)| r.to_string())
        };
        crate::Message::new(strip(&m.ja), strip(&m.en))
    }
}

#[cfg(test)]
mod tests {
    use super::super::applicability::decide;
    use super::super::library::fixture::{checklist, item};
    use super::super::model::{Override, Profile};
    use super::*;

    /// An answer worth `percent` %: 100 → 実施, 0 → 未実施, otherwise 一部実施 percent of 100.
    fn pct(percent: u32) -> Answer {
        match percent {
            100 => Answer::Implemented,
            0 => Answer::NotImplemented,
            p => Answer::Partial { done: p, of: 100 },
        }
    }

    /// Scores three items (x1, x2, x3) placed either all in category c1 or one per category.
    fn three(rates: [Answer; 3], one_category: bool) -> ScoreCard {
        let cats = if one_category {
            ["c1", "c1", "c1"]
        } else {
            ["c1", "c2", "c3"]
        };
        let c = checklist(
            &(0..3)
                .map(|i| item(&format!("x{}", i + 1), cats[i], "planning", ""))
                .collect::<String>(),
        );
        let d = decide(&c, &Profile::default(), &BTreeMap::new());
        let answers = (0..3).map(|i| (format!("x{}", i + 1), rates[i])).collect();
        score(&c, &d, &answers).unwrap()
    }

    fn overall(card: &ScoreCard) -> &Rate {
        card.overall.as_ref().unwrap()
    }

    /// Seed 003, 評価パターン例: every worked example, as items of one category (the seed's
    /// 対策1–3) and as three categories of one item each (the overall mean of category rates).
    #[test]
    fn seed_003_worked_examples() {
        let examples: [([u32; 3], u32, Grade); 7] = [
            ([100, 100, 100], 100, Grade::A),
            ([100, 100, 70], 90, Grade::B),
            ([90, 90, 90], 90, Grade::B),
            ([100, 100, 0], 67, Grade::C),
            ([100, 60, 50], 70, Grade::C),
            ([100, 50, 20], 57, Grade::D),
            ([60, 40, 0], 33, Grade::D),
        ];
        for (rates, percent, grade) in examples {
            for one_category in [true, false] {
                let card = three(rates.map(pct), one_category);
                let r = overall(&card);
                assert_eq!(
                    (r.percent, r.grade),
                    (percent, grade),
                    "{rates:?} (one category: {one_category})"
                );
                assert!(card.complete);
            }
        }
        // The category rate itself, for the one-category layout.
        let card = three([100, 100, 70].map(pct), true);
        let c1 = card.category("c1").unwrap();
        assert_eq!((c1.scored, c1.rate.as_ref().unwrap().percent), (3, 90));
        assert_eq!(card.category("c2").unwrap().rate, None);
    }

    #[test]
    fn item_rate_counts_targets() {
        // 3 of 4 servers = 75 %.
        let card = three(
            [
                Answer::Partial { done: 3, of: 4 },
                Answer::Implemented,
                Answer::Implemented,
            ],
            false,
        );
        let x1 = card.item("x1").unwrap().rate.as_ref().unwrap();
        assert_eq!((x1.numerator.as_str(), x1.denominator.as_str()), ("3", "4"));
        // (3/4 + 1 + 1) / 3 = 11/12.
        let r = overall(&card);
        assert_eq!((r.numerator.as_str(), r.denominator.as_str()), ("11", "12"));
        assert_eq!((r.percent, r.grade), (92, Grade::B));
    }

    #[test]
    fn grade_boundaries_are_exact() {
        let one = |done: u32, of: u32| {
            let card = three(
                [
                    Answer::Partial { done, of },
                    Answer::NotApplicable,
                    Answer::NotApplicable,
                ],
                true,
            );
            overall(&card).clone()
        };
        assert_eq!(one(4, 5).grade, Grade::B, "exactly 80 %");
        assert_eq!(one(7999, 10_000).grade, Grade::C, "79.99 %");
        assert_eq!(one(3, 5).grade, Grade::C, "exactly 60 %");
        assert_eq!(one(5999, 10_000).grade, Grade::D, "59.99 %");
        let almost = one(1999, 2000);
        assert_eq!(almost.grade, Grade::B, "99.95 % is B, not A");
        assert_eq!((almost.percent, almost.percent_tenths), (99, 999));
        assert_eq!(one(5, 5).grade, Grade::A);

        // 70 %, 80 %, 90 % average to exactly 80 % (in f64, (0.7 + 0.8 + 0.9) / 3 < 0.8).
        let card = three([70, 80, 90].map(pct), false);
        assert_eq!(overall(&card).grade, Grade::B);
        assert_eq!(overall(&card).exact(), &Ratio::new(4, 5).unwrap());
        // Means of means: 100 % and 99.9 % average to 99.95 %: B.
        let card = three(
            [
                pct(100),
                Answer::Partial {
                    done: 999,
                    of: 1000,
                },
                Answer::NotApplicable,
            ],
            false,
        );
        assert_eq!(overall(&card).grade, Grade::B);
        assert_eq!(overall(&card).percent, 99);
    }

    #[test]
    fn not_applicable_unanswered_and_excluded() {
        // 対象外 leaves the denominator; a category with only 対象外 is left out of the overall.
        let card = three(
            [
                Answer::Implemented,
                Answer::NotApplicable,
                Answer::NotApplicable,
            ],
            false,
        );
        assert_eq!(overall(&card).grade, Grade::A);
        assert_eq!(card.category("c2").unwrap().not_applicable, 1);
        assert_eq!(card.category("c2").unwrap().rate, None);

        // Unanswered counts as 0 and makes the card incomplete.
        let c = checklist(
            &[
                item("a", "c1", "planning", ""),
                item("b", "c1", "operation", ""),
                item(
                    "web",
                    "c2",
                    "operation",
                    r#"applies_when = ["internet_facing"]"#,
                ),
            ]
            .concat(),
        );
        let mut profile = Profile::default();
        profile.set("internet_facing", false);
        let d = decide(&c, &profile, &BTreeMap::new());
        let answers = BTreeMap::from([("a".to_string(), Answer::Implemented)]);
        let card = score(&c, &d, &answers).unwrap();
        assert!(!card.complete);
        assert_eq!(card.unanswered, 1);
        assert_eq!(card.item("web").unwrap().status, ItemStatus::Excluded);
        assert_eq!(card.item("web").unwrap().rate, None);
        assert_eq!(overall(&card).percent, 50);
        assert_eq!(
            card.stage("planning").unwrap().rate.as_ref().unwrap().grade,
            Grade::A
        );
        assert_eq!(
            card.stage("operation")
                .unwrap()
                .rate
                .as_ref()
                .unwrap()
                .grade,
            Grade::D
        );
        let open: Vec<&str> = card.open_items().map(|i| i.item_id.as_str()).collect();
        assert_eq!(open, ["b"]);

        // An answer for an excluded item is kept out of the score; an override brings it back.
        let answers = BTreeMap::from([
            ("a".to_string(), Answer::Implemented),
            ("b".to_string(), Answer::Implemented),
            ("web".to_string(), Answer::NotImplemented),
        ]);
        assert_eq!(overall(&score(&c, &d, &answers).unwrap()).grade, Grade::A);
        let o = BTreeMap::from([(
            "web".to_string(),
            Override {
                include: true,
                reason: "公開予定".into(),
            },
        )]);
        let d = decide(&c, &profile, &o);
        let card = score(&c, &d, &answers).unwrap();
        // c1 = 100 %, c2 = 0 %: overall 50 %.
        assert_eq!(
            (overall(&card).percent, overall(&card).grade),
            (50, Grade::D)
        );

        // Nothing scored at all: no overall rate.
        let all_na = three([Answer::NotApplicable; 3], false);
        assert_eq!(all_na.overall, None);
    }

    #[test]
    fn rejects_bad_answers() {
        let c = checklist(&item("a", "c1", "planning", ""));
        let d = decide(&c, &Profile::default(), &BTreeMap::new());
        for (answers, want) in [
            (
                BTreeMap::from([("a".to_string(), Answer::Partial { done: 5, of: 4 })]),
                "checklist.answers.a",
            ),
            (
                BTreeMap::from([("a".to_string(), Answer::Partial { done: 0, of: 0 })]),
                "0 of 0",
            ),
            (
                BTreeMap::from([("zz".to_string(), Answer::Implemented)]),
                "checklist.answers.zz",
            ),
        ] {
            let err = score(&c, &d, &answers).unwrap_err().to_string();
            assert!(err.contains(want), "{err}");
        }
    }

    #[test]
    fn serializes_for_the_ui() {
        let card = three([100, 100, 70].map(pct), true);
        let json = serde_json::to_value(&card).unwrap();
        assert_eq!(json["overall"]["grade"], "B");
        assert_eq!(json["overall"]["percent"], 90);
        assert_eq!(json["overall"]["numerator"], "9");
        assert_eq!(json["overall"]["denominator"], "10");
        assert_eq!(json["items"][2]["status"], "partial");
        assert!(json["overall"].get("exact").is_none());
        let a: Answer = serde_json::from_str(r#"{"status":"partial","done":3,"of":4}"#).unwrap();
        assert_eq!(a, Answer::Partial { done: 3, of: 4 });
        let a: Answer = toml::from_str(r#"status = "not_applicable""#).unwrap();
        assert_eq!(a, Answer::NotApplicable);
    }
}
