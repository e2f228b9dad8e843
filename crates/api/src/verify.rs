//! Verifying text from outside against the bundled clause library: a specification file
//! (`check_file`: readers → verifier → optional report) and the clauses of a review package
//! (`verify_clauses`), so that nothing is labelled official or verbatim on its own say-so.

use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::output;
use crate::service::Service;
use crate::types::{
    CheckOutcome, ClauseVerification, ExportedFile, PackageClaim, ProjectState, Verdict,
};
use secspec_core::compose::{compose, Mode};
use secspec_core::library::Origin;
use secspec_core::verify::{self, ReportOptions, Status, VersionMatch};
use secspec_core::{wareki, Bilingual, Lang, Library, Message};
use secspec_package::{Body, ClauseSet, ReviewClause};
use std::path::Path;

/// The report formats `check_file` writes, told by the report file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReportFormat {
    Pdf,
    Docx,
}

fn report_format(path: &Path) -> ApiResult<ReportFormat> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "pdf" => Ok(ReportFormat::Pdf),
        "docx" => Ok(ReportFormat::Docx),
        _ => Err(ApiError::new(
            ErrorCode::Invalid,
            format!(
                "{}: 報告書の形式は .pdf か .docx で指定してください",
                path.display()
            ),
            format!(
                "{}: the report must be a .pdf or .docx file",
                path.display()
            ),
        )
        .with_field("report")),
    }
}

impl Service {
    /// Reads the specification at `path` (DOCX, ODT, PDF with a text layer, text, Markdown),
    /// checks it against every standard clause of the bundled library, and writes the check
    /// report to `report_path` (PDF or DOCX, by its extension) in `lang` when asked.
    /// A file that cannot be read is `Invalid`, with the file and the problem named.
    pub fn check_file(
        &self,
        path: String,
        report_path: Option<String>,
        lang: Option<Lang>,
    ) -> ApiResult<CheckOutcome> {
        let lang = lang.unwrap_or_default();
        // A wrong report name is refused before the (possibly long) reading.
        let report_target = match report_path.as_deref() {
            Some(p) => Some((Path::new(p), report_format(Path::new(p))?)),
            None => None,
        };
        let doc = secspec_readers::read_path(Path::new(&path))
            .map_err(|e| ApiError::of(ErrorCode::Invalid, &e))?;
        let report =
            verify::check(self.library(), &doc.blocks).with_source(&path, doc.format.code());
        let written = match report_target {
            Some((target, format)) => Some(self.write_check_report(&report, target, format, lang)?),
            None => None,
        };
        Ok(CheckOutcome {
            passes: report.passes(),
            notes: doc.notes,
            report_file: written,
            report,
        })
    }

    /// 「この仕様書から案件を作成」: a new project from a specification checked against the
    /// library: its 件名 where the document states one, its agency (the name the document used
    /// for 〔各府省庁名を記載〕), procurement or
    /// subsidy as the document reads, and every standard sentence the document changed carried
    /// in as the officer's edited wording, so the wizard shows each change (and asks for its
    /// reason) before anything is final. Notation-only differences are not carried.
    pub fn project_from_check(&self, path: String) -> ApiResult<ProjectState> {
        let doc = secspec_readers::read_path(Path::new(&path))
            .map_err(|e| ApiError::of(ErrorCode::Invalid, &e))?;
        let report = verify::check(self.library(), &doc.blocks);
        let mut project = self.blank_project()?;
        if let Some(title) = verify::stated_title(&doc.blocks) {
            project.title = title;
        }
        if let Some(agency) = report.agencies.first() {
            project.agency = agency.clone();
        }
        if report.variant == secspec_core::library::Variant::Subsidy {
            project.contract_kind = secspec_core::ContractKind::Subsidy;
        }
        for found in report
            .clauses
            .iter()
            .filter(|c| c.status == Status::Changed)
        {
            let Some(clause) = self.library().clause(&found.id) else {
                continue;
            };
            let Ok(composed) = compose(&project, clause, project.lang, Mode::Draft) else {
                continue;
            };
            if let Some(body) = verify::carry_changes(&composed.editable, found, &report.agencies) {
                project
                    .clauses
                    .entry(found.id.clone())
                    .or_default()
                    .custom_body = Some(body);
            }
        }
        self.create_project(project)
    }

    fn write_check_report(
        &self,
        report: &verify::CheckReport,
        target: &Path,
        format: ReportFormat,
        lang: Lang,
    ) -> ApiResult<ExportedFile> {
        // The id is made from the findings, so the same file checked twice on one day gives
        // the same report bytes.
        let json = serde_json::to_vec(report).map_err(|e| {
            ApiError::new(
                ErrorCode::Failure,
                format!("点検結果を書き出せません: {e}"),
                format!("cannot serialise the findings: {e}"),
            )
        })?;
        let hash = secspec_render::set::sha256_hex(&json);
        let today = self.today();
        let date_text = match lang {
            Lang::Ja => wareki::format(today),
            Lang::En => wareki::format_en(today),
        }
        .unwrap_or_else(|_| today.to_string());
        let options = ReportOptions {
            document_id: format!("SECSPEC-CHECK-{}", hash.get(..12).unwrap_or(&hash)),
            date_text,
        };
        let document = verify::report_document(report, self.library(), lang, &options)
            .map_err(|e| ApiError::failure(&e))?;
        let bytes = match format {
            ReportFormat::Pdf => secspec_render::pdf::render_pdf(&document, self.fonts()),
            ReportFormat::Docx => secspec_render::docx::render_docx(&document),
        }
        .map_err(|e| ApiError::failure(&e).prefixed(&target.display().to_string()))?;
        output::write_file(target, &bytes)?;
        Ok(ExportedFile {
            path: target.display().to_string(),
            sha256: secspec_render::set::sha256_hex(&bytes),
            size_bytes: bytes.len() as u64,
        })
    }
}

/// A clause's text as SecSpec writes it, one paragraph or `・` item a line, followed by its
/// supplements and additions (what `check_clause_text` expects).
fn clause_lines(body: &[Body], extra: &[&[String]]) -> String {
    let mut lines: Vec<String> = Vec::new();
    for b in body {
        match b {
            Body::Paragraph(text) => lines.extend(text.lines().map(str::to_string)),
            Body::List(items) => lines.extend(items.iter().map(|i| format!("・{i}"))),
        }
    }
    for more in extra {
        lines.extend(more.iter().cloned());
    }
    lines.join("\n")
}

fn verdict_of(status: Status) -> Verdict {
    match status {
        Status::Verbatim => Verdict::Verbatim,
        Status::Changed => Verdict::Changed,
        Status::Missing => Verdict::Missing,
    }
}

/// The verdict in words: the label a front end shows instead of the package's own.
fn verdict_message(check: &verify::ClauseTextCheck) -> Message {
    let r = &check.result;
    let mut m = match (r.status, check.label_origin) {
        (_, Some(origin)) if r.status == Status::Verbatim || r.notation_only => {
            let ja = origin.label(Lang::Ja);
            let en = origin.label(Lang::En);
            if r.status == Status::Verbatim {
                Message::new(
                    format!("{ja}（同梱の条項ライブラリと照合済み）"),
                    format!("{en} (checked against the bundled clause library)"),
                )
            } else {
                Message::new(
                    format!("{ja}（表記の違いのみ）"),
                    format!("{en} (differences of notation only)"),
                )
            }
        }
        (Status::Missing, _) => Message::new(
            "標準文言が見当たりません（同梱の条項ライブラリと照合）",
            "the standard text is not there (checked against the bundled clause library)",
        ),
        _ if r.weakened => Message::new(
            "標準文言から変更あり（弱められています）",
            "changed from the standard text (weakened)",
        ),
        _ if r.status == Status::Verbatim || r.notation_only => Message::new(
            "標準文言と一致（版を確認できないため原文どおりとは表示しません）",
            "matches the standard text (not labelled official: the version cannot be confirmed)",
        ),
        _ => Message::new("標準文言から変更あり", "changed from the standard text"),
    };
    if let VersionMatch::Unknown { claimed, bundled } = &check.version {
        m = Message::new(
            format!(
                "{}。パッケージのテンプレート版 {claimed} は同梱ライブラリにないため、同梱の版 {bundled} と照合しました",
                m.ja
            ),
            format!(
                "{}; the package's template version {claimed} is not in the bundled library, so it was checked against version {bundled}",
                m.en
            ),
        );
    }
    m
}

fn verify_clause(library: &Library, c: &ReviewClause, lang: Lang) -> ClauseVerification {
    let claim = PackageClaim {
        origin: c.origin,
        standard_origin: c.standard_origin,
        deviation: c.deviation.is_some(),
        version: c.version.clone(),
    };
    let text = clause_lines(&c.text, &[&c.supplements, &c.additions]);
    let standard = clause_lines(&c.standard, &[]);
    let checked = verify::check_clause_text(library, &c.id, Some(&c.version), &text, lang);
    let standard_copy =
        verify::check_clause_text(library, &c.id, Some(&c.version), &standard, lang).ok();
    match checked {
        Ok(check) => {
            let r = &check.result;
            let acceptable = r.acceptable() && r.status != Status::Missing;
            let standard_ok = standard_copy
                .as_ref()
                .is_some_and(|s| s.result.acceptable() && s.result.status != Status::Missing);
            // The package says "no change" (or "official") while the text is not the
            // standard one, or its own copy of the standard text is not the standard text.
            let claims_standard = !claim.deviation || claim.origin == Origin::Official;
            let claim_disputed = (claims_standard && !acceptable) || !standard_ok;
            ClauseVerification {
                id: c.id.clone(),
                heading: c.heading.clone(),
                status: verdict_of(r.status),
                weakened: r.weakened,
                notation_only: r.notation_only,
                changes: r.changes.clone(),
                additions: r.additions.clone(),
                place: r.place.clone(),
                redline: r.redline(),
                verdict: verdict_message(&check),
                version: Some(check.version.clone()),
                label_origin: check.label_origin,
                standard_copy: standard_copy.map(|s| verdict_of(s.result.status)),
                claim,
                claim_disputed,
            }
        }
        Err(e) => ClauseVerification {
            id: c.id.clone(),
            heading: c.heading.clone(),
            status: Verdict::UnknownClause,
            weakened: false,
            notation_only: false,
            changes: Vec::new(),
            additions: Vec::new(),
            place: String::new(),
            redline: Vec::new(),
            verdict: e.message(),
            version: None,
            label_origin: None,
            standard_copy: None,
            claim_disputed: claim.origin == Origin::Official || !claim.deviation,
            claim,
        },
    }
}

/// Every clause of a review package checked against the bundled library (by clause id and
/// template version) in the package's language.
pub(crate) fn verify_clauses(
    library: &Library,
    set: &ClauseSet,
    lang: Lang,
) -> Vec<ClauseVerification> {
    set.clauses
        .iter()
        .map(|c| verify_clause(library, c, lang))
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use secspec_store::Store;

    use crate::test_support::repo;

    fn service() -> Service {
        crate::test_support::service_on(Store::open_in_memory().unwrap())
    }

    fn fixture(name: &str) -> String {
        repo()
            .join("tests/fixtures/verify")
            .join(name)
            .display()
            .to_string()
    }

    #[test]
    fn a_project_made_from_a_weakened_specification_carries_the_change_into_the_wizard() {
        let svc = service();
        let made = svc
            .project_from_check(fixture("lo/weakened-immediately.pdf"))
            .unwrap();
        let project = &made.project;
        assert_eq!(project.agency, "デジタル庁");
        let breach = &project.clauses["breach"];
        let body = breach.custom_body.as_deref().unwrap();
        assert!(body.contains("速やかに発注者に報告すること"), "{body}");
        assert!(!body.contains("直ちに"), "{body}");
        // The agency stays a live placeholder, so a later change of agency reaches the clause.
        assert!(
            body.contains("〔各府省庁名を記載〕") && !body.contains("デジタル庁"),
            "{body}"
        );
        // Only the changed clause is carried; untouched ones keep the standard wording.
        assert!(project
            .clauses
            .get("confidentiality")
            .is_none_or(|c| c.custom_body.is_none()));
        // The wizard shows the deviation against the official text, in words.
        let evaluation = svc.evaluate(project.clone()).unwrap();
        let composed = evaluation
            .clauses
            .iter()
            .find(|c| c.clause_id == "breach")
            .unwrap();
        let deviation = composed.deviation.as_ref().unwrap();
        // Exactly the document’s change (直ち -> 速やか, the に shared): no full-width character
        // of the official text turned half-width on the way.
        assert_eq!(
            (deviation.deleted_chars, deviation.inserted_chars),
            (2, 3),
            "{:?}",
            deviation.redline
        );
        // Stored: it is in the project list.
        assert!(svc.list_projects().unwrap().iter().any(|p| p.id == made.id));
    }

    #[test]
    fn a_verbatim_specification_makes_a_project_without_edited_wording() {
        let svc = service();
        let made = svc
            .project_from_check(fixture("lo/verbatim-docx.docx"))
            .unwrap();
        assert_eq!(made.project.agency, "デジタル庁");
        assert!(made
            .project
            .clauses
            .values()
            .all(|c| c.custom_body.is_none()));
    }

    #[test]
    fn a_file_is_read_checked_and_reported() {
        let svc = service();
        let ok = svc
            .check_file(fixture("lo/verbatim-docx.odt"), None, None)
            .unwrap();
        assert!(ok.passes);
        assert_eq!(ok.report.format, "odt");
        assert!(ok.report_file.is_none());
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("r.docx");
        let weak = svc
            .check_file(
                fixture("lo/weakened-immediately.pdf"),
                Some(out.display().to_string()),
                Some(Lang::En),
            )
            .unwrap();
        assert!(!weak.passes);
        let breach = weak.report.clause("breach").unwrap();
        assert!(breach.weakened);
        let written = weak.report_file.unwrap();
        assert_eq!(written.size_bytes, std::fs::metadata(&out).unwrap().len());
        // The JSON the CLI prints: the report's fields at the top level.
        let json = serde_json::to_value(
            svc.check_file(fixture("lo/verbatim-docx.docx"), None, None)
                .unwrap(),
        )
        .unwrap();
        for key in [
            "file",
            "format",
            "agencies",
            "clauses",
            "unfilled_placeholders",
            "passes",
        ] {
            assert!(json.get(key).is_some(), "{key}");
        }
    }

    #[test]
    fn unreadable_files_and_bad_report_names_are_invalid_input() {
        let svc = service();
        let err = svc
            .check_file(fixture("encrypted-user.pdf"), None, None)
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Invalid);
        assert!(err.message.ja.contains("encrypted-user.pdf"), "{err:?}");
        let err = svc
            .check_file(
                fixture("lo/verbatim-docx.docx"),
                Some("out.html".into()),
                None,
            )
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Invalid);
        assert_eq!(err.field.as_deref(), Some("report"));
    }

    fn para(text: &str) -> Body {
        Body::Paragraph(text.to_string())
    }

    #[test]
    fn package_clauses_are_judged_by_the_library_not_by_their_claims() {
        let svc = service();
        let lib = svc.library();
        let clause = lib.clause("confidentiality").unwrap();
        let official = clause.ja.body.replace("{{ agency }}", "デジタル庁");
        let review = |text: &str, version: &str| ReviewClause {
            id: "confidentiality".into(),
            version: version.into(),
            group: clause.group,
            mandatory: true,
            heading: "秘密保持".into(),
            text: vec![para(text)],
            origin: Origin::Official,
            standard: vec![para(text)],
            standard_origin: Origin::Official,
            source: clause.source.clone(),
            based_on: None,
            params: Vec::new(),
            unfilled: Vec::new(),
            supplements: Vec::new(),
            additions: Vec::new(),
            deviation: None,
            why: Vec::new(),
        };
        let ok = verify_clause(lib, &review(&official, &clause.version), Lang::Ja);
        assert_eq!(ok.status, Verdict::Verbatim);
        assert_eq!(ok.label_origin, Some(Origin::Official));
        assert!(!ok.claim_disputed);

        let cut = official.replace("その秘密を保持し、", "");
        let bad = verify_clause(lib, &review(&cut, &clause.version), Lang::Ja);
        assert_eq!(bad.status, Verdict::Changed);
        assert!(bad.weakened);
        assert_eq!(bad.label_origin, None);
        assert_eq!(bad.standard_copy, Some(Verdict::Changed));
        assert!(bad.claim_disputed);
        assert!(!bad.verdict.ja.contains("原文どおり"), "{:?}", bad.verdict);

        let unknown = verify_clause(lib, &review(&official, "1999.9"), Lang::Ja);
        assert_eq!(unknown.status, Verdict::Verbatim);
        assert_eq!(unknown.label_origin, None);
        assert!(
            unknown.verdict.en.contains("1999.9"),
            "{:?}",
            unknown.verdict
        );
        assert!(matches!(
            unknown.version,
            Some(VersionMatch::Unknown { .. })
        ));

        let mut other = review(&official, &clause.version);
        other.id = "no_such_clause".into();
        let other = verify_clause(lib, &other, Lang::Ja);
        assert_eq!(other.status, Verdict::UnknownClause);
        assert_eq!(other.label_origin, None);
    }
}
