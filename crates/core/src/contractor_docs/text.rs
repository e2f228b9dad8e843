//! The wording of the contractor's documents (`templates/contractor/texts.toml`), typed so that a
//! missing or misspelt key is a load error naming the file.

use crate::document::Lang;
use crate::library::Origin;
use serde::Deserialize;

/// The file the texts come from, relative to `templates/`.
pub const FILE: &str = "contractor/texts.toml";

/// `templates/contractor/texts.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContractorTexts {
    pub version: String,
    pub origin: Origin,
    /// Key of `[sources.*]` in `library.toml`.
    pub source: String,
    pub based_on_ja: String,
    pub based_on_en: String,
    /// Clause ids the audit response plan answers, in order of preference.
    pub audit_clauses: Vec<String>,
    /// Clause ids whose list of events gives the incident report's event types.
    pub breach_clauses: Vec<String>,
    pub ja: ContractorText,
    pub en: ContractorText,
}

impl ContractorTexts {
    pub fn text(&self, lang: Lang) -> &ContractorText {
        match lang {
            Lang::Ja => &self.ja,
            Lang::En => &self.en,
        }
    }
}

/// The texts of one language.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContractorText {
    /// `{agency}`: the ordering party.
    pub addressee: String,
    /// A date left blank for the contractor to write in.
    pub blank_date: String,
    pub blank_datetime: String,
    /// What a blank value prints in a draft; `{field}` is the field's label.
    pub placeholder: String,
    pub checkbox: String,
    pub item_column: String,
    pub content_column: String,
    pub number_column: String,
    pub additions_label: String,
    /// `{package}`, `{digest}`: the review package answered.
    pub basis_note: String,
    pub fields: FieldLabels,
    pub confirmation: ConfirmationText,
    pub audit_plan: AuditPlanText,
    pub performance_report: PerformanceReportText,
    pub incident_report: IncidentReportText,
}

/// Labels of the profile fields, used as row labels and inside placeholders.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldLabels {
    pub company: String,
    pub representative_title: String,
    pub representative_name: String,
    pub executive_title: String,
    pub executive_name: String,
    pub involvement: String,
    pub security_organization: String,
    pub csirt_name: String,
    pub csirt_contact: String,
    pub practitioners: String,
    pub practitioner_name: String,
    pub qualification: String,
    pub how_knowledge_kept_current: String,
    pub lifecycle_management: String,
    pub departments: String,
    pub places: String,
    pub periods: String,
    pub conditions: String,
    pub subcontractor_name: String,
    pub subcontractor_work: String,
    pub security_measures: String,
    pub respondent_department: String,
    pub respondent_name: String,
    pub respondent_contact: String,
}

/// 確認書.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfirmationText {
    /// `{title}`.
    pub intro: String,
    /// 「記」 and 「以上」 around the particulars.
    pub record_mark: String,
    pub closing_mark: String,
    /// `{title}`, `{name}`: the representative, with the seal mark.
    pub representative_line: String,
    pub compliance_heading: String,
    pub compliance_intro: String,
    /// Number, clause.
    pub clause_columns: [String; 2],
    pub no_acknowledged: String,
    pub unanswered: String,
    /// `{count}`: every checklist requirement was acknowledged.
    pub checklist_all: String,
    /// `{count}` acknowledged of `{total}`.
    pub checklist_some: String,
    /// Number, category, requirement.
    pub requirement_columns: [String; 3],
    pub open_heading: String,
    pub open_clauses_intro: String,
    /// Clause, kind, text.
    pub open_clause_columns: [String; 3],
    /// `{count}` not confirmed of `{total}`.
    pub open_requirements_intro: String,
    /// Number, category, requirement, response.
    pub open_requirement_columns: [String; 4],
    pub no_open: String,
    pub structure_heading: String,
    pub executive_heading: String,
    pub organization_heading: String,
    pub csirt_heading: String,
    pub practitioners_heading: String,
    pub lifecycle_heading: String,
    pub audit_heading: String,
    pub audit_sentence: String,
    pub subcontract_heading: String,
    pub no_subcontractors: String,
    pub respondent_heading: String,
    pub change_sentence: String,
}

/// 情報セキュリティ監査対応計画書.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditPlanText {
    /// `{title}`.
    pub intro: String,
    pub acceptance_heading: String,
    pub contact_heading: String,
    pub external_heading: String,
    pub external_sentence: String,
    pub change_sentence: String,
    pub clause_heading: String,
}

/// 情報セキュリティ対策履行状況報告書 (form).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerformanceReportText {
    /// `{title}`.
    pub intro: String,
    pub period_label: String,
    pub period_blank: String,
    pub reporter_label: String,
    pub clauses_heading: String,
    /// Number, requirement, status, remarks.
    pub clause_columns: [String; 4],
    pub requirements_heading: String,
    /// Number, category, requirement, status, remarks.
    pub requirement_columns: [String; 5],
    pub status_note: String,
    pub events_heading: String,
    pub incidents_label: String,
    pub incidents_blank: String,
    pub audits_label: String,
    pub audits_blank: String,
    pub other_label: String,
    pub closing: String,
    pub signer_label: String,
    pub signature_label: String,
}

/// 情報セキュリティインシデント報告書 (form).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentReportText {
    /// `{title}`.
    pub intro: String,
    pub stage_label: String,
    pub stage_choices: String,
    pub reported_at_label: String,
    pub reporter_label: String,
    pub reporter_blank: String,
    pub breach_label: String,
    pub breach_choices: String,
    pub discovered_label: String,
    pub occurred_label: String,
    pub event_label: String,
    pub other_event: String,
    pub summary_label: String,
    pub affected_label: String,
    pub containment_label: String,
    pub records_label: String,
    pub contact_label: String,
    /// `{heading}`: the breach clause's heading.
    pub events_note: String,
}

/// Cross-file checks: the source is catalogued and every clause id names a library clause.
pub(crate) fn check(texts: &ContractorTexts, library: &crate::Library) -> Result<(), String> {
    if library.source(&texts.source).is_none() {
        return Err(format!(
            "出典 {} が library.toml にありません / unknown source",
            texts.source
        ));
    }
    for id in texts.audit_clauses.iter().chain(&texts.breach_clauses) {
        if library.clause(id).is_none() {
            return Err(format!("条項 {id} がありません / unknown clause {id}"));
        }
    }
    Ok(())
}
