//! Contractor conveniences of the review round trip: 「すべて了承」 on the contractor's side, and on
//! the officer's side the answers to the contractor's questions (質問) of the current response and
//! the 質問回答書 written from them.

use crate::documents::set_error;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::output;
use crate::package::open_review_file;
use crate::service::Service;
use crate::types::*;
use secspec_core::compose::Mode;
use secspec_core::contractor::ContractorResponse;
use secspec_core::question_answers::{self, AnsweredQuestion, Question, QuestionAnswersInput};
use secspec_core::{Format, Lang, Message};
use secspec_package::ReviewPackage;
use secspec_render::set::{render_formats, SetError};
use secspec_store::{NewGeneration, ProjectId, Store, StoredAnswer};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The current response of a project with the review package it answers.
struct Current {
    review: ReviewPackage,
    digest: String,
    response: ContractorResponse,
}

fn current(store: &Store, id: i64) -> ApiResult<Option<Current>> {
    let project_id = ProjectId(id);
    let Some(latest) = store.responses(project_id)?.pop() else {
        return Ok(None);
    };
    let bytes = store
        .review_package_bytes(project_id, &latest.review_digest)?
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::Failure,
                format!("案件 {id} の回答が答えるレビュー用パッケージがデータベースにありません"),
                format!("the review package the response of project {id} answers is not in the database"),
            )
        })?;
    // The stored bytes were verified when written; a failure here means a damaged database.
    let review = secspec_package::read_review(&bytes)
        .map_err(|e| ApiError::failure(&e))?
        .package;
    Ok(Some(Current {
        review,
        digest: latest.digest,
        response: latest.response,
    }))
}

/// The questions of the current response in `lang`, each with its stored answer (an answer
/// written against another wording of the question is no answer: it is shown as `previous`).
fn items(
    service: &Service,
    current: &Current,
    answers: &[StoredAnswer],
    lang: Lang,
) -> ApiResult<Vec<QuestionItem>> {
    let input = secspec_package::doc_input(&current.review, "", &current.response);
    let questions = question_answers::questions(
        &input.clauses,
        &input.requirements,
        &current.response,
        service.library(),
        current.review.project.lang,
        lang,
    )
    .map_err(|e| ApiError::failure(&e))?;
    let stored: BTreeMap<&str, &StoredAnswer> =
        answers.iter().map(|a| (a.target.as_str(), a)).collect();
    Ok(questions
        .into_iter()
        .map(|q| {
            let found = stored.get(q.target.as_str());
            let current = found.filter(|a| a.question == q.question);
            let previous = found.filter(|a| a.question != q.question);
            QuestionItem {
                answer: current.map(|a| a.answer.clone()).unwrap_or_default(),
                answered: current.is_some(),
                previous_answer: previous.map(|a| a.answer.clone()),
                previous_question: previous.map(|a| a.question.clone()),
                target: q.target,
                location: q.location,
                question: q.question,
            }
        })
        .collect())
}

/// The document id as a file name: anything but ASCII letters, digits, `-` and `_` becomes `_`.
fn file_stem(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn answer_issue(field: &str, answer: &str) -> Option<secspec_core::Issue> {
    secspec_core::validate::text(field, answer, question_answers::MAX_ANSWER, true)
}

impl Service {
    /// Contractor side, 「すべて了承」: answers 了承 for every clause and checklist requirement of
    /// the review package at `review_path` that `response` leaves unanswered; questions and
    /// comments stay as they are. Returns the new response and what was done, in one call: the
    /// front end keeps it exactly as it keeps a single answer.
    pub fn acknowledge_all(
        &self,
        review_path: String,
        response: ContractorResponse,
    ) -> ApiResult<AcknowledgeAll> {
        let opened = open_review_file(Path::new(&review_path))?;
        let review = &opened.package;
        let mut response = response;
        let done = response.acknowledge_all(
            review.clauses.clauses.iter().map(|c| c.id.as_str()),
            review.checklist.items.iter().map(|i| i.id.as_str()),
        );
        Ok(AcknowledgeAll { response, done })
    }

    /// Officer side: the questions of the project's current response with the answers stored,
    /// locations in `lang` (the project's language by default).
    pub fn question_answers(&self, id: i64, lang: Option<Lang>) -> ApiResult<QuestionAnswers> {
        self.with_store(|store| {
            let answers = store.question_answers(ProjectId(id))?;
            let Some(current) = current(store, id)? else {
                return Ok(QuestionAnswers {
                    response_digest: None,
                    company: String::new(),
                    lang: lang.unwrap_or(Lang::Ja),
                    items: Vec::new(),
                    answered: 0,
                });
            };
            let lang = lang.unwrap_or(current.review.project.lang);
            let items = items(self, &current, &answers, lang)?;
            Ok(QuestionAnswers {
                response_digest: Some(current.digest.clone()),
                company: current.response.profile.company.clone(),
                lang,
                answered: items.iter().filter(|i| i.answered).count() as u32,
                items,
            })
        })
    }

    /// Officer side: stores the answer to the question at `target` (`clause:<id>` or
    /// `requirement:<id>`) of the current response; a blank answer removes it. Returns the
    /// questions as they are now.
    pub fn set_question_answer(
        &self,
        id: i64,
        target: String,
        answer: String,
    ) -> ApiResult<QuestionAnswers> {
        let field = format!("question_answers.{target}");
        if let Some(issue) = answer_issue(&field, &answer) {
            return Err(ApiError::invalid(vec![issue]));
        }
        self.with_store(|store| {
            let current = current(store, id)?;
            let question = current.as_ref().and_then(|c| {
                let input = secspec_package::doc_input(&c.review, "", &c.response);
                question_answers::questions(
                    &input.clauses,
                    &input.requirements,
                    &c.response,
                    self.library(),
                    c.review.project.lang,
                    c.review.project.lang,
                )
                .ok()?
                .into_iter()
                .find(|q| q.target == target)
            });
            let Some(Question { question, .. }) = question else {
                return Err(ApiError::new(
                    ErrorCode::Invalid,
                    format!("案件 {id} の現在の回答に {target} への質問はありません"),
                    format!("the current response of project {id} asks no question at {target}"),
                )
                .with_field(field.clone()));
            };
            store.set_question_answer(ProjectId(id), &target, &question, &answer)?;
            Ok(())
        })?;
        self.question_answers(id, None)
    }

    /// Officer side: writes the 質問回答書 of the current response as DOCX and PDF into `dir`
    /// (in `lang`, the project's language by default) and records them. Final unless `draft`:
    /// a question without an answer then refuses with the questions to answer.
    pub fn write_question_answers(
        &self,
        id: i64,
        dir: String,
        lang: Option<Lang>,
        draft: Option<bool>,
    ) -> ApiResult<Vec<GeneratedFile>> {
        let mode = if draft.unwrap_or(false) {
            Mode::Draft
        } else {
            Mode::Final
        };
        let (current, answers, revision) = self.with_store(|store| {
            let stored = store.get_project(ProjectId(id))?;
            let answers = store.question_answers(ProjectId(id))?;
            Ok((current(store, id)?, answers, stored.revision))
        })?;
        let Some(current) = current else {
            return Err(ApiError::new(
                ErrorCode::Blocked,
                "受注者の回答パッケージがまだ取り込まれていません。回答を取り込んでから作成してください",
                "no response package of the contractor has been imported yet: import one first",
            ));
        };
        let lang = lang.unwrap_or(current.review.project.lang);
        let items = items(self, &current, &answers, lang)?;
        let facts = &current.review.project;
        let input = QuestionAnswersInput {
            package_id: current.review.package_id(),
            response_digest: current.digest.clone(),
            title: facts.title.clone(),
            agency: facts.agency.clone(),
            bureau: facts.bureau.clone(),
            company: current.response.profile.company.clone(),
            lang,
            date: self.today(),
            items: items
                .into_iter()
                .map(|i| AnsweredQuestion {
                    answer: i.answered.then_some(i.answer),
                    question: Question {
                        target: i.target,
                        location: i.location,
                        question: i.question,
                    },
                })
                .collect(),
        };
        let what = Message::new("質問回答書", "the answers to questions");
        let document = question_answers::build(&input, self.library(), mode)
            .map_err(|e| set_error(SetError::Build(e), what.clone()))?;
        let versions = question_answers::template_versions(self.library());
        let stem = file_stem(&document.meta.document_id);
        let outputs = render_formats(&document, &stem, &versions, self.fonts(), &Format::ALL)
            .map_err(|e| set_error(e, what))?;
        let records: Vec<NewGeneration> = outputs
            .iter()
            .map(|o| NewGeneration {
                project_id: ProjectId(id),
                document_kind: o.kind,
                format: o.format,
                file_name: o.file_name.clone(),
                sha256: o.sha256.clone(),
                size_bytes: o.bytes.len() as u64,
                template_versions: o.template_versions.clone(),
                project_revision: revision,
            })
            .collect();
        let staged = output::stage(&PathBuf::from(&dir), outputs)?;
        self.with_store(|s| Ok(s.record_generation_set(&records, false)?))?;
        staged.commit()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use secspec_core::contractor::{ClauseResponse, ResponseKind};
    use secspec_core::{DocumentKind, Project};

    const BREACH_Q: &str = "「認知した時点から１時間以内」の報告は、夜間・休日も電話による第一報でよいか確認させてください。";
    const AUDIT_Q: &str = "監査の対象に、再委託先の事業所は含まれますか。";

    fn service() -> Service {
        crate::test_support::service_at(time::macros::datetime!(2026-12-07 01:30 UTC))
    }

    fn example() -> Project {
        crate::test_support::example_project()
    }

    /// The example response with a second question (on the audit clause).
    fn answers() -> ContractorResponse {
        let mut r = crate::test_support::example_response();
        r.clause_responses.insert(
            "audit".into(),
            ClauseResponse {
                kind: ResponseKind::Question,
                text: AUDIT_Q.into(),
            },
        );
        r
    }

    fn s(p: &Path) -> String {
        p.to_str().unwrap().to_string()
    }

    /// A project, its review package and the contractor's response imported into it.
    fn imported(svc: &Service, dir: &Path, response: ContractorResponse) -> (i64, PathBuf) {
        let id = svc.create_project(example()).unwrap().id;
        let review = dir.join("review.secspec");
        svc.package_export(id, s(&review)).unwrap();
        let out = dir.join("response.secspec");
        svc.write_response(s(&review), response, s(&out)).unwrap();
        svc.import_response(id, s(&out), None).unwrap();
        (id, review)
    }

    /// Text of a PDF through poppler's pdftotext, without whitespace (line breaks fall anywhere
    /// in Japanese text).
    fn pdf_text(path: &Path) -> String {
        let out = std::process::Command::new("pdftotext")
            .args([path.to_str().unwrap(), "-"])
            .output()
            .unwrap_or_else(|e| {
                panic!("pdftotext is required ({e}): apt-get install poppler-utils (make test installs it)")
            });
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        squash(&String::from_utf8(out.stdout).unwrap())
    }

    /// Text of a DOCX's word/document.xml (paragraphs and table cells), as the DOCX reader of
    /// `secspec check` reads it.
    fn docx_text(path: &Path) -> String {
        let read = secspec_readers::read_path(path).unwrap();
        squash(
            &read
                .blocks
                .iter()
                .map(|b| b.text.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
        )
    }

    fn squash(text: &str) -> String {
        text.chars().filter(|c| !c.is_whitespace()).collect()
    }

    #[test]
    fn acknowledge_all_answers_the_open_clauses_and_keeps_questions_and_comments() {
        let svc = service();
        let dir = tempfile::tempdir().unwrap();
        let id = svc.create_project(example()).unwrap().id;
        let review = dir.path().join("review.secspec");
        svc.package_export(id, s(&review)).unwrap();
        let opened = svc.open_review(s(&review), None).unwrap();
        let ids: Vec<String> = opened
            .clauses
            .clauses
            .iter()
            .map(|c| c.id.clone())
            .collect();
        assert!(ids.len() >= 4, "{ids:?}");

        let mut partial = ContractorResponse::default();
        let question = ClauseResponse {
            kind: ResponseKind::Question,
            text: "期限は営業日ですか。".into(),
        };
        let comment = ClauseResponse {
            kind: ResponseKind::Comment,
            text: "協議させてください。".into(),
        };
        partial
            .clause_responses
            .insert(ids[0].clone(), question.clone());
        partial
            .clause_responses
            .insert(ids[1].clone(), comment.clone());
        let result = svc.acknowledge_all(s(&review), partial).unwrap();
        let requirements = opened.checklist.items.len() as u32;
        assert!(
            requirements > 0,
            "the example's review carries security requirements"
        );
        assert_eq!(result.done.clauses as usize, ids.len() - 2);
        assert_eq!(result.done.requirements, requirements);
        assert_eq!(
            (result.done.questions_kept, result.done.comments_kept),
            (1, 1)
        );
        let r = &result.response;
        assert_eq!(r.clause_responses[&ids[0]], question);
        assert_eq!(r.clause_responses[&ids[1]], comment);
        assert!(ids[2..]
            .iter()
            .all(|i| r.clause_responses[i].kind == ResponseKind::Acknowledge));
        assert_eq!(r.clause_responses.len(), ids.len());
        // The result is a response like any other: it is written and imported as one.
        let out = dir.path().join("response.secspec");
        let written = svc
            .write_response(s(&review), result.response.clone(), s(&out))
            .unwrap();
        assert!(written
            .issues
            .iter()
            .all(|i| !i.field.starts_with("clause_responses.")));
        // Nothing left to answer: a second call adds nothing.
        let again = svc.acknowledge_all(s(&review), result.response).unwrap();
        assert_eq!(again.done.added(), 0);

        // A tampered package is refused, as everywhere.
        let mut bytes = std::fs::read(&review).unwrap();
        let mid = bytes.len() / 2;
        bytes[mid] ^= 1;
        std::fs::write(&review, &bytes).unwrap();
        assert_eq!(
            svc.acknowledge_all(s(&review), ContractorResponse::default())
                .unwrap_err()
                .code,
            ErrorCode::Invalid
        );
    }

    #[test]
    fn answers_are_stored_per_question_and_listed_with_the_questions() {
        let svc = service();
        let dir = tempfile::tempdir().unwrap();
        let empty = svc.create_project(example()).unwrap().id;
        let none = svc.question_answers(empty, None).unwrap();
        assert_eq!(none.response_digest, None);
        assert!(none.items.is_empty());

        let (id, _) = imported(&svc, dir.path(), answers());
        let view = svc.question_answers(id, None).unwrap();
        let targets: Vec<&str> = view.items.iter().map(|i| i.target.as_str()).collect();
        assert_eq!(targets, vec!["clause:breach", "clause:audit"]);
        assert_eq!(view.items[0].question, BREACH_Q);
        assert_eq!(view.answered, 0);
        assert!(view.company.contains("株式会社"));

        let view = svc
            .set_question_answer(
                id,
                "clause:breach".into(),
                "夜間・休日も電話による第一報で差し支えありません。".into(),
            )
            .unwrap();
        assert_eq!(view.answered, 1);
        assert!(view.items[0].answered);
        assert_eq!(
            view.items[0].answer,
            "夜間・休日も電話による第一報で差し支えありません。"
        );
        let history = svc.history(id).unwrap();
        assert_eq!(
            history[0].field.as_deref(),
            Some("/question_answers/clause:breach")
        );

        // Only a question of the current response can be answered, with usable text.
        let err = svc
            .set_question_answer(id, "clause:organization".into(), "x".into())
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Invalid);
        let err = svc
            .set_question_answer(id, "clause:audit".into(), "a\u{7}b".into())
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Invalid);
        // A blank answer removes it.
        let view = svc
            .set_question_answer(id, "clause:breach".into(), " ".into())
            .unwrap();
        assert_eq!(view.answered, 0);

        // A new response that words the question differently: the earlier answer is shown for
        // review and no longer counts.
        svc.set_question_answer(id, "clause:breach".into(), "差し支えありません。".into())
            .unwrap();
        let mut changed = answers();
        changed.clause_responses.insert(
            "breach".into(),
            ClauseResponse {
                kind: ResponseKind::Question,
                text: "休日の第一報は電子メールでもよいですか。".into(),
            },
        );
        let review = dir.path().join("review.secspec");
        let out = dir.path().join("response2.secspec");
        svc.write_response(s(&review), changed, s(&out)).unwrap();
        svc.import_response(id, s(&out), None).unwrap();
        let view = svc.question_answers(id, None).unwrap();
        let breach = &view.items[0];
        assert!(!breach.answered);
        assert_eq!(breach.previous_question.as_deref(), Some(BREACH_Q));
        assert_eq!(
            breach.previous_answer.as_deref(),
            Some("差し支えありません。")
        );
    }

    #[test]
    fn the_answers_document_is_blocked_until_every_question_is_answered_then_written_in_both_formats(
    ) {
        let svc = service();
        let dir = tempfile::tempdir().unwrap();
        let (id, _) = imported(&svc, dir.path(), answers());
        let out = dir.path().join("out");

        let err = svc
            .write_question_answers(id, s(&out), None, None)
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Blocked);
        assert_eq!(err.issues.len(), 2, "{err:?}");
        assert!(err.message.ja.contains("質問回答書"), "{err:?}");
        assert!(!out.exists() || std::fs::read_dir(&out).unwrap().next().is_none());

        // A draft lists the open questions as 未回答.
        let draft = svc
            .write_question_answers(id, s(&out), None, Some(true))
            .unwrap();
        let pdf = draft.iter().find(|f| f.format == Format::Pdf).unwrap();
        assert!(pdf_text(Path::new(&pdf.path)).contains("〔未回答〕"));

        let breach_answer = "夜間・休日も電話による第一報で差し支えありません。";
        let audit_answer = "含まれます。再委託先の事業所も監査の対象です。";
        svc.set_question_answer(id, "clause:breach".into(), breach_answer.into())
            .unwrap();
        svc.set_question_answer(id, "clause:audit".into(), audit_answer.into())
            .unwrap();
        let files = svc.write_question_answers(id, s(&out), None, None).unwrap();
        assert_eq!(files.len(), 2);
        assert!(files
            .iter()
            .all(|f| f.kind == DocumentKind::QuestionAnswers));
        let docx = files.iter().find(|f| f.format == Format::Docx).unwrap();
        let pdf = files.iter().find(|f| f.format == Format::Pdf).unwrap();
        assert_eq!(
            docx.file_name,
            format!("SECSPEC-{id:05}-REVIEW-R1-QUESTION_ANSWERS.docx")
        );
        let project = example();
        for (what, text) in [
            ("PDF", pdf_text(Path::new(&pdf.path))),
            ("DOCX", docx_text(Path::new(&docx.path))),
        ] {
            for expected in [
                "質問回答書",
                &squash(&project.title),
                &squash(&project.agency),
                "令和8年12月7日",
                "No.",
                "該当箇所",
                "情報セキュリティが侵害された場合の対処",
                &squash(BREACH_Q),
                &squash(breach_answer),
                &squash(AUDIT_Q),
                &squash(audit_answer),
                "以上",
            ] {
                assert!(
                    text.contains(expected),
                    "{what}: {expected} missing in {text}"
                );
            }
            assert!(!text.contains("未回答"), "{what}: {text}");
            // A comment is no question.
            assert!(!text.contains("意見"), "{what}: {text}");
        }
        // Recorded with the project's generations; the same input gives the same bytes.
        let records = svc.generations(id).unwrap();
        assert!(records
            .iter()
            .any(|r| r.kind == DocumentKind::QuestionAnswers && r.sha256 == pdf.sha256));
        let again = svc.write_question_answers(id, s(&out), None, None).unwrap();
        assert_eq!(
            again.iter().map(|f| &f.sha256).collect::<Vec<_>>(),
            files.iter().map(|f| &f.sha256).collect::<Vec<_>>()
        );

        // English.
        let en_dir = dir.path().join("en");
        let en = svc
            .write_question_answers(id, s(&en_dir), Some(Lang::En), None)
            .unwrap();
        for f in &en {
            let text = match f.format {
                Format::Pdf => pdf_text(Path::new(&f.path)),
                Format::Docx => docx_text(Path::new(&f.path)),
            };
            for expected in [
                "AnswerstoQuestions",
                "Reference",
                "Question",
                "Answer",
                &squash(BREACH_Q),
                &squash(audit_answer),
            ] {
                assert!(
                    text.contains(expected),
                    "{:?}: {expected} missing in {text}",
                    f.format
                );
            }
            assert!(!text.contains("質問回答書"), "{text}");
        }
    }

    #[test]
    fn no_response_or_no_question_refuses_the_answers_document() {
        let svc = service();
        let dir = tempfile::tempdir().unwrap();
        let empty = svc.create_project(example()).unwrap().id;
        let err = svc
            .write_question_answers(empty, s(&dir.path().join("a")), None, None)
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Blocked);
        assert!(err.message.en.contains("import"), "{err:?}");

        let mut all_ack = answers();
        for a in all_ack.clause_responses.values_mut() {
            a.kind = ResponseKind::Acknowledge;
        }
        std::fs::create_dir(dir.path().join("x")).unwrap();
        let (id, _) = imported(&svc, &dir.path().join("x"), all_ack);
        let err = svc
            .write_question_answers(id, s(&dir.path().join("b")), None, None)
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Blocked);
        assert!(err.issues[0].ja.contains("質問がありません"), "{err:?}");
    }
}
