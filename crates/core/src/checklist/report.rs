//! The checklist's outputs through the one document model: the checklist report
//! (rates, grades, bar charts, open items, overrides, profile) and the requirement sentences
//! the specification's 「セキュリティ要件」 section is made of. Pure: no files, no clock.

use super::applicability::{check_inputs, decide, ChecklistDecision};
use super::library::Checklist;
use super::model::{Answer, Item};
use super::scoring::{score_answers, Grade, GroupScore, ItemStatus, Rate, ScoreCard};
use crate::compose::Mode;
use crate::document::{Bar, Block, Document, DocumentKind, Lang, Span};
use crate::issue::{blocks, Issue, Severity};
use crate::library::{Library, LibraryError, ReportText};
use crate::metadata::{metadata, BuildError};
use crate::numbering::{self, Level};
use crate::project::Project;
use crate::project_ref::ProjectRef;
use crate::wareki;

/// The officer has entered something for the checklist (profile, override or answer). An
/// untouched checklist includes every item provisionally, so it must not fill the specification.
pub fn uses_checklist(project: &Project) -> bool {
    !project.checklist.is_empty()
}

/// The project's document set includes the checklist report: at least one item is answered.
pub fn has_report(project: &Project) -> bool {
    !project.checklist.answers.is_empty()
}

/// Which items apply, from the project's profile with the questions the project facts already
/// decide (国の安全, 再委託) filled in where the officer left them unanswered.
pub fn decision_for(library: &Library, project: &Project) -> ChecklistDecision {
    let mut profile = project.checklist.profile.clone();
    profile.prefill_from(project);
    decide(&library.checklist, &profile, &project.checklist.overrides)
}

/// Whether an item is a requirement of this project: the profile (or an override) puts it in
/// and the officer has not answered it 対象外 (an item that does not concern the system is no
/// requirement to print in the specification or hand to the contractor).
pub fn is_required(decision: &ChecklistDecision, project: &Project, item_id: &str) -> bool {
    decision.is_included(item_id)
        && !matches!(
            project.checklist.answers.get(item_id).map(|a| a.answer),
            Some(crate::checklist::model::Answer::NotApplicable)
        )
}

/// Checklist input problems that block a final document (an override without its reason, an
/// unknown question or item).
pub fn blocking_issues(library: &Library, project: &Project) -> Vec<Issue> {
    check_inputs(
        &library.checklist,
        &project.checklist.profile,
        &project.checklist.overrides,
    )
    .into_iter()
    .filter(|i| i.severity <= Severity::Blocking)
    .collect()
}

/// The requirement sentences of one measure category, in checklist order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequirementGroup {
    pub category_id: String,
    pub heading: String,
    pub sentences: Vec<String>,
}

/// The requirement sentences of the included items, grouped by category in checklist order;
/// empty when the project does not use the checklist. Provisional items are included (the
/// rule: an item stays in until the officer rules it out).
pub fn requirement_groups(
    library: &Library,
    project: &Project,
    lang: Lang,
) -> Vec<RequirementGroup> {
    if !uses_checklist(project) {
        return Vec::new();
    }
    let checklist = &library.checklist;
    let decision = decision_for(library, project);
    let mut groups: Vec<RequirementGroup> = Vec::new();
    for category in &checklist.categories {
        let sentences: Vec<String> = checklist
            .items
            .iter()
            .filter(|i| i.category == category.id && is_required(&decision, project, &i.id))
            .map(|i| i.requirement(lang).to_string())
            .collect();
        if !sentences.is_empty() {
            groups.push(RequirementGroup {
                category_id: category.id.clone(),
                heading: category.name(lang).to_string(),
                sentences,
            });
        }
    }
    groups
}

/// `87.5%` from tenths of a percent.
pub fn percent_text(tenths: u32) -> String {
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// `87.5%` or the "not scored" mark.
fn rate_text(rate: Option<&Rate>, r: &ReportText) -> String {
    rate.map_or_else(|| r.not_scored.clone(), |x| percent_text(x.percent_tenths))
}

fn grade_text(rate: Option<&Rate>, r: &ReportText) -> String {
    rate.map_or_else(|| r.not_scored.clone(), |x| x.grade.letter().to_string())
}

/// The exact fraction, `7/8` (`1` and `0` for whole values).
fn exact_text(rate: Option<&Rate>, r: &ReportText) -> String {
    match rate {
        None => r.not_scored.clone(),
        Some(x) if x.denominator == "1" => x.numerator.clone(),
        Some(x) => format!("{}/{}", x.numerator, x.denominator),
    }
}

/// Builds the checklist report of `project` in `lang`. A final report is blocked by checklist
/// input problems (an override without its reason); unanswered items only make it provisional.
pub fn build_checklist_report(
    library: &Library,
    project: &Project,
    lang: Lang,
    ctx: ProjectRef,
    mode: Mode,
) -> Result<Document, BuildError> {
    if !has_report(project) {
        return Err(BuildError::NotApplicable(
            DocumentKind::ChecklistReport.code(),
        ));
    }
    if mode == Mode::Final {
        let issues = blocking_issues(library, project);
        if blocks(&issues) {
            return Err(BuildError::Blocked(issues));
        }
    }
    let kind = DocumentKind::ChecklistReport;
    let layout = library.layout(kind)?;
    let r = layout.text(lang).report.as_ref().ok_or_else(|| {
        LibraryError::Missing(format!(
            "documents/{}.toml [{}.report]",
            kind.code(),
            lang.code()
        ))
    })?;
    let checklist = &library.checklist;
    let decision = decision_for(library, project);
    let card = score_answers(checklist, &decision, &project.checklist.answers)?;
    let meta = metadata(project, library, layout, kind, ctx, mode, false, lang)?;
    let mut w = ReportWriter {
        lang,
        r,
        checklist,
        blocks: Vec::new(),
        part: 0,
    };
    w.summary(&card, &decision);
    w.groups(
        &r.category_heading,
        &r.category_chart,
        checklist
            .categories
            .iter()
            .map(|c| (c.name(lang), card.category(&c.id))),
    );
    w.groups(
        &r.stage_heading,
        &r.stage_chart,
        checklist
            .stages
            .iter()
            .map(|s| (s.name(lang), card.stage(&s.id))),
    );
    w.grades();
    w.open_items(project, &card)?;
    w.overrides(project, &decision);
    w.profile(project);
    Ok(Document {
        meta,
        blocks: w.blocks,
    })
}

struct ReportWriter<'a> {
    lang: Lang,
    r: &'a ReportText,
    checklist: &'a Checklist,
    blocks: Vec<Block>,
    part: usize,
}

impl ReportWriter<'_> {
    /// A numbered top-level heading (第１ / Part 1).
    fn part(&mut self, text: &str) {
        self.part += 1;
        let label = match self.lang {
            Lang::Ja => numbering::label(Level::Part, self.part),
            Lang::En => numbering::label_en(Level::Part, self.part),
        };
        self.blocks.push(Block::Heading {
            level: 1,
            label,
            text: text.to_string(),
        });
    }

    fn para(&mut self, text: &str) {
        self.blocks.push(Block::Paragraph {
            level: 0,
            label: String::new(),
            spans: vec![Span::plain(text)],
        });
    }

    fn note(&mut self, text: &str) {
        self.blocks.push(Block::Note {
            spans: vec![Span::plain(text)],
        });
    }

    fn table(&mut self, widths: Vec<u16>, header: &[String], rows: Vec<Vec<String>>) {
        let mut all = vec![header.to_vec()];
        all.extend(rows);
        self.blocks.push(Block::Table {
            header: true,
            widths,
            rows: all,
        });
    }

    /// `AT-1 <question>`: the sub-item code tells the reader where the item belongs.
    fn item_label(&self, item: &Item) -> String {
        let code = self
            .checklist
            .category(&item.category)
            .and_then(|c| c.subitem(&item.subitem))
            .map(|s| s.code.as_str())
            .unwrap_or("");
        let sep = if self.lang == Lang::Ja {
            "\u{3000}"
        } else {
            " "
        };
        format!("{code}{sep}{}", item.question(self.lang))
    }

    fn summary(&mut self, card: &ScoreCard, decision: &ChecklistDecision) {
        let r = self.r;
        self.part(&r.summary_heading);
        let intro = r
            .intro
            .replace("{checklist}", self.checklist.title(self.lang))
            .replace("{version}", &self.checklist.version);
        self.para(&intro);
        let overall = card.overall.as_ref();
        let included = card
            .items
            .iter()
            .filter(|i| i.status != ItemStatus::Excluded)
            .count();
        let count = |s: ItemStatus| card.items.iter().filter(|i| i.status == s).count();
        let rows = vec![
            vec![
                r.overall_label.clone(),
                rate_with_exact(overall, r, self.lang),
            ],
            vec![r.grade_label.clone(), grade_text(overall, r)],
            vec![r.included_label.clone(), included.to_string()],
            vec![
                r.answered_label.clone(),
                (included - card.unanswered).to_string(),
            ],
            vec![
                r.not_applicable_label.clone(),
                count(ItemStatus::NotApplicable).to_string(),
            ],
            vec![r.unanswered_label.clone(), card.unanswered.to_string()],
            vec![r.open_label.clone(), card.open_items().count().to_string()],
            vec![
                r.questions_unanswered_label.clone(),
                decision.unanswered_questions.len().to_string(),
            ],
        ];
        self.blocks.push(Block::Table {
            header: false,
            widths: vec![3, 2],
            rows,
        });
        if !card.complete {
            let note = r
                .incomplete_note
                .replace("{count}", &card.unanswered.to_string());
            self.note(&note);
        }
        self.note(&r.rounding_note);
    }

    /// A table of group rates followed by the same rates as a bar chart.
    fn groups<'g>(
        &mut self,
        heading: &str,
        chart: &str,
        groups: impl Iterator<Item = (&'g str, Option<&'g GroupScore>)>,
    ) {
        let r = self.r;
        self.part(heading);
        let mut rows = Vec::new();
        let mut bars = Vec::new();
        for (name, score) in groups {
            let Some(g) = score else { continue };
            let rate = g.rate.as_ref();
            let included = g.scored + g.not_applicable;
            let answered = included - g.unanswered;
            rows.push(vec![
                name.to_string(),
                included.to_string(),
                answered.to_string(),
                g.not_applicable.to_string(),
                rate_text(rate, r),
                grade_text(rate, r),
                exact_text(rate, r),
            ]);
            bars.push(Bar {
                label: name.to_string(),
                percent_tenths: rate.map_or(0, |x| x.percent_tenths),
                value_label: match rate {
                    Some(x) => format!("{} {}", percent_text(x.percent_tenths), x.grade.letter()),
                    None => r.not_scored.clone(),
                },
            });
        }
        self.table(vec![5, 2, 3, 2, 3, 2, 3], &r.group_columns, rows);
        self.blocks.push(Block::Spacer);
        self.blocks.push(Block::BarChart {
            title: chart.to_string(),
            bars,
        });
    }

    fn grades(&mut self) {
        let r = self.r;
        self.part(&r.grade_heading);
        self.para(&r.grade_intro);
        let rows = [Grade::A, Grade::B, Grade::C, Grade::D]
            .iter()
            .zip(&r.grade_ranges)
            .map(|(g, range)| vec![g.letter().to_string(), range.clone()])
            .collect();
        self.table(vec![1, 4], &r.grade_columns, rows);
        if let Some(s) = self.checklist.source(&r.grade_source) {
            let cited = match self.lang {
                Lang::Ja => format!(
                    "{}：{}（{}、{}）",
                    r.source_label,
                    s.title_ja,
                    s.issuer_ja,
                    era_date(&s.date)
                ),
                Lang::En => format!(
                    "{}: {} ({}, {})",
                    r.source_label, s.title_en, s.issuer_en, s.date
                ),
            };
            self.note(&cited);
        }
    }

    fn open_items(&mut self, project: &Project, card: &ScoreCard) -> Result<(), BuildError> {
        let r = self.r;
        self.part(&r.open_heading);
        let mut rows = Vec::new();
        for score in card.open_items() {
            let Some(item) = self.checklist.item(&score.item_id) else {
                continue;
            };
            let answer = project.checklist.answers.get(&item.id);
            let status = match answer.map(|a| a.answer) {
                Some(Answer::Partial { done, of }) => r
                    .status_partial
                    .replace("{done}", &done.to_string())
                    .replace("{of}", &of.to_string()),
                Some(Answer::NotImplemented) => r.status_not_implemented.clone(),
                _ => r.status_unanswered.clone(),
            };
            let owner = answer
                .map(|a| a.owner.trim())
                .filter(|o| !o.is_empty())
                .map_or_else(|| r.not_set.clone(), str::to_string);
            let due = match answer.and_then(|a| a.due) {
                None => r.not_set.clone(),
                Some(d) => match self.lang {
                    Lang::Ja => wareki::format(d)?,
                    Lang::En => d.to_string(),
                },
            };
            let category = self
                .checklist
                .category(&item.category)
                .map_or("", |c| c.name(self.lang))
                .to_string();
            rows.push(vec![self.item_label(item), category, status, owner, due]);
        }
        if rows.is_empty() {
            self.para(&r.open_none);
        } else {
            self.table(vec![9, 3, 3, 3, 3], &r.open_columns, rows);
        }
        Ok(())
    }

    fn overrides(&mut self, project: &Project, decision: &ChecklistDecision) {
        let r = self.r;
        self.part(&r.overrides_heading);
        let mut rows = Vec::new();
        for d in decision.items.iter().filter(|d| d.overridden) {
            let Some(item) = self.checklist.item(&d.item_id) else {
                continue;
            };
            let reason = project
                .checklist
                .overrides
                .get(&d.item_id)
                .map(|o| o.reason.trim().to_string())
                .unwrap_or_default();
            let choice = if d.included {
                &r.override_added
            } else {
                &r.override_removed
            };
            rows.push(vec![self.item_label(item), choice.clone(), reason]);
        }
        if rows.is_empty() {
            self.para(&r.overrides_none);
        } else {
            self.table(vec![7, 2, 5], &r.override_columns, rows);
        }
    }

    fn profile(&mut self, project: &Project) {
        let r = self.r;
        self.part(&r.profile_heading);
        let mut profile = project.checklist.profile.clone();
        profile.prefill_from(project);
        let rows = self
            .checklist
            .questions
            .iter()
            .map(|q| {
                let answer = match profile.get(&q.id) {
                    Some(true) => &r.answer_yes,
                    Some(false) => &r.answer_no,
                    None => &r.answer_unanswered,
                };
                vec![q.question(self.lang).to_string(), answer.clone()]
            })
            .collect();
        self.table(vec![7, 3], &r.profile_columns, rows);
    }
}

/// `87.5%（7/8）`: the rounded rate with the exact value it was graded on.
fn rate_with_exact(rate: Option<&Rate>, r: &ReportText, lang: Lang) -> String {
    let Some(x) = rate else {
        return r.not_scored.clone();
    };
    let (shown, exact) = (percent_text(x.percent_tenths), exact_text(rate, r));
    match lang {
        Lang::Ja => format!("{shown}（{exact}）"),
        Lang::En => format!("{shown} ({exact})"),
    }
}

/// Source dates are ISO (or a year) in the templates; Japanese documents print them in the
/// era calendar when they are full dates.
fn era_date(iso: &str) -> String {
    crate::Date::parse(iso)
        .ok()
        .and_then(|d| wareki::format(d).ok())
        .unwrap_or_else(|| iso.to_string())
}

impl Checklist {
    pub fn title(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.title_ja,
            Lang::En => &self.title_en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_text_shows_one_decimal() {
        assert_eq!(percent_text(875), "87.5%");
        assert_eq!(percent_text(1000), "100.0%");
        assert_eq!(percent_text(0), "0.0%");
        assert_eq!(percent_text(999), "99.9%");
    }
}
