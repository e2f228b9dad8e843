//! 質問回答書: the agency's answers to the questions (質問) of a contractor's response, one row per
//! clause or checklist requirement the contractor answered with a question: No., 該当箇所, the
//! question as the contractor wrote it, the officer's answer. Built into the same document model
//! as every other document; all fixed wording comes from `templates/documents/question_answers.toml`.
//!
//! Like the 確認書, a final document states only what is settled: a question without an answer
//! (or whose answer was written against another wording of the question) blocks it; a draft
//! prints 〔未回答〕 in its place.

use crate::compose::Mode;
use crate::contractor::{ContractorResponse, ResponseKind};
use crate::contractor_docs::{RequiredClause, Requirement};
use crate::document::{Block, Document, DocumentKind, Lang, Metadata, Span};
use crate::issue::{blocks, Issue, Severity};
use crate::library::Library;
use crate::metadata::BuildError;
use crate::{numbering, wareki, Date};
use serde::{Deserialize, Serialize};

/// The file the texts come from, relative to `templates/`.
pub const FILE: &str = "documents/question_answers.toml";

/// Most characters of one answer.
pub const MAX_ANSWER: usize = crate::validate::MAX_ADDITION;

/// `[<lang>.answers]` of `documents/question_answers.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct AnswersText {
    /// `{company}`: the contractor.
    pub addressee: String,
    /// `{title}`.
    pub intro: String,
    /// No., reference, question, answer.
    pub columns: [String; 4],
    /// `{number}`, `{category}`: where a checklist requirement's question stands.
    pub requirement_location: String,
    pub unanswered: String,
    pub closing_mark: String,
    /// `{package}`, `{digest}`.
    pub basis_note: String,
}

/// One question of a response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Question {
    /// `clause:<clause id>` or `requirement:<checklist item id>`.
    pub target: String,
    /// 該当箇所: the clause's heading, or the requirement's number and category.
    pub location: String,
    /// The contractor's text, verbatim.
    pub question: String,
}

/// A question with the officer's answer (`None`: not answered).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnsweredQuestion {
    pub question: Question,
    pub answer: Option<String>,
}

/// Everything the 質問回答書 is made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionAnswersInput {
    /// Id of the review package the response answers (starts the document id).
    pub package_id: String,
    /// SHA-256 of the response package.
    pub response_digest: String,
    /// 件名.
    pub title: String,
    pub agency: String,
    pub bureau: String,
    /// The contractor (addressee).
    pub company: String,
    pub lang: Lang,
    pub date: Date,
    pub items: Vec<AnsweredQuestion>,
}

fn texts(
    library: &Library,
    lang: Lang,
) -> Result<(&crate::library::LayoutText, &AnswersText), BuildError> {
    let layout = library.layout(DocumentKind::QuestionAnswers)?.text(lang);
    let answers = layout.answers.as_ref().ok_or_else(|| {
        crate::library::LibraryError::Missing(format!("{FILE} [{}.answers]", lang.code()))
    })?;
    Ok((layout, answers))
}

/// The questions of `response`, in print order: the clauses of the review (`clauses`), then its
/// checklist requirements. Locations are in `lang`: a clause's heading comes from the review
/// (written in `review_lang`) or, for another language, from the library's clause.
pub fn questions(
    clauses: &[RequiredClause],
    requirements: &[Requirement],
    response: &ContractorResponse,
    library: &Library,
    review_lang: Lang,
    lang: Lang,
) -> Result<Vec<Question>, BuildError> {
    let (_, t) = texts(library, lang)?;
    let asked = |r: Option<&crate::contractor::ClauseResponse>| {
        r.filter(|a| a.kind == ResponseKind::Question && !a.text.trim().is_empty())
            .map(|a| a.text.clone())
    };
    let mut out = Vec::new();
    for c in clauses {
        if let Some(question) = asked(response.clause_responses.get(&c.id)) {
            let location = if lang == review_lang {
                c.heading.clone()
            } else {
                library
                    .clause(&c.id)
                    .map_or_else(|| c.heading.clone(), |l| l.text(lang).heading.clone())
            };
            out.push(Question {
                target: format!("clause:{}", c.id),
                location,
                question,
            });
        }
    }
    for (n, r) in requirements.iter().enumerate() {
        if let Some(question) = asked(response.requirement_responses.get(&r.id)) {
            out.push(Question {
                target: format!("requirement:{}", r.id),
                location: t
                    .requirement_location
                    .replace("{number}", &number(lang, n + 1))
                    .replace("{category}", &r.category),
                question,
            });
        }
    }
    Ok(out)
}

/// What stops a final 質問回答書: no question at all, or a question without an answer.
pub fn blocking_issues(input: &QuestionAnswersInput) -> Vec<Issue> {
    let mut issues = Vec::new();
    if input.items.is_empty() {
        issues.push(Issue::new(
            Severity::Blocking,
            "question_answers",
            "受注者の回答に質問がありません。質問回答書は作成できません",
            "the contractor's response asks no question: there is nothing to answer",
        ));
    }
    for item in input.items.iter().filter(|i| i.answer.is_none()) {
        let q = &item.question;
        issues.push(Issue::new(
            Severity::Blocking,
            format!("question_answers.{}", q.target),
            format!("「{}」への質問に回答していません", q.location),
            format!("the question on \"{}\" has no answer yet", q.location),
        ));
    }
    issues
}

fn number(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Ja => numbering::zenkaku(n),
        Lang::En => n.to_string(),
    }
}

/// Template versions that produced the document (recorded with each output).
pub fn template_versions(library: &Library) -> String {
    let version = library
        .layout(DocumentKind::QuestionAnswers)
        .map(|l| l.version.clone())
        .unwrap_or_default();
    format!(
        "library {}; {} {version}",
        library.version,
        DocumentKind::QuestionAnswers.code()
    )
}

/// Builds the 質問回答書. A final document is refused while [`blocking_issues`] has any.
pub fn build(
    input: &QuestionAnswersInput,
    library: &Library,
    mode: Mode,
) -> Result<Document, BuildError> {
    if mode == Mode::Final {
        let issues = blocking_issues(input);
        if blocks(&issues) {
            return Err(BuildError::Blocked(issues));
        }
    }
    let lang = input.lang;
    let (layout, t) = texts(library, lang)?;
    let version = &library.layout(DocumentKind::QuestionAnswers)?.version;
    let kind = DocumentKind::QuestionAnswers;
    let document_id = format!("{}-{}", input.package_id.trim(), kind.code().to_uppercase());
    let template_version = format!("{}/{version}", library.version);
    let agency = [input.agency.trim(), input.bureau.trim()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let sep = if lang == Lang::Ja { "\u{3000}" } else { "  " };
    let date_text = match lang {
        Lang::Ja => wareki::format(input.date)?,
        Lang::En => wareki::format_en(input.date)?,
    };
    let meta = Metadata {
        word_font: Default::default(),
        kind,
        lang,
        footer: format!(
            "{} {document_id}{sep}{} {template_version}",
            layout.footer_label, layout.template_label
        ),
        document_id,
        title: layout.title.clone(),
        subject: input.title.trim().to_string(),
        agency,
        date_text,
        template_version,
        page_label: layout.page_label.clone(),
        notice: (mode == Mode::Draft)
            .then(|| layout.draft_notice.clone())
            .flatten()
            .filter(|n| !n.is_empty()),
    };

    let para = |text: String| Block::Paragraph {
        level: 0,
        label: String::new(),
        spans: vec![Span::plain(text)],
    };
    let mut blocks = vec![
        para(t.addressee.replace("{company}", input.company.trim())),
        Block::Spacer,
        para(t.intro.replace("{title}", input.title.trim())),
        Block::Spacer,
    ];
    let mut rows = vec![t.columns.to_vec()];
    for (n, item) in input.items.iter().enumerate() {
        rows.push(vec![
            number(lang, n + 1),
            item.question.location.clone(),
            item.question.question.clone(),
            item.answer.clone().unwrap_or_else(|| t.unanswered.clone()),
        ]);
    }
    blocks.push(Block::Table {
        header: true,
        widths: vec![1, 3, 6, 6],
        rows,
    });
    blocks.push(Block::Spacer);
    blocks.push(para(t.closing_mark.clone()));
    blocks.push(Block::Spacer);
    blocks.push(Block::Note {
        spans: vec![Span::plain(
            t.basis_note
                .replace("{package}", input.package_id.trim())
                .replace("{digest}", input.response_digest.trim()),
        )],
    });
    Ok(Document { meta, blocks })
}
