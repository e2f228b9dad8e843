//! The contractor's documents (issue 6): 確認書, 情報セキュリティ監査対応計画書, and the forms of the
//! periodic 履行状況報告書 and of the インシデント報告書. They are built into the same document model
//! as the officer's documents, from what the review package says and the contractor's response.
//! All wording comes from `templates/contractor/texts.toml` and `templates/documents/<kind>.toml`.

mod confirmation;
mod forms;
pub mod text;

pub use text::ContractorTexts;

use crate::compose::Mode;
use crate::contractor::ContractorResponse;
use crate::document::{Block, Document, DocumentKind, Lang, Metadata, Span};
use crate::issue::{blocks, Issue, Severity};
use crate::library::Library;
use crate::metadata::BuildError;
use crate::numbering::{self, Level};
use crate::template::{self, BodyPart};
use crate::{wareki, Date};
use std::collections::BTreeMap;
use text::ContractorText;

/// The contractor's documents, in the order they are produced.
pub const KINDS: [DocumentKind; 4] = [
    DocumentKind::Confirmation,
    DocumentKind::AuditPlan,
    DocumentKind::PerformanceReport,
    DocumentKind::IncidentReport,
];

/// True for the documents the contractor writes (never part of a project's document set).
pub fn is_contractor(kind: DocumentKind) -> bool {
    KINDS.contains(&kind)
}

/// A required clause as the review package prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequiredClause {
    pub id: String,
    pub heading: String,
    /// What prints, values filled in.
    pub text: Vec<BodyPart>,
    /// Drafted sentences switched on by the officer's optional values.
    pub supplements: Vec<String>,
    /// The officer's stricter additions.
    pub additions: Vec<String>,
    /// Required values the officer left blank (the review is then a draft).
    pub unfilled: Vec<String>,
}

/// A security-by-design requirement sentence of the specification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    pub id: String,
    pub category: String,
    /// 「…すること。」
    pub text: String,
}

/// Everything the contractor's documents are made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractorDocInput {
    /// Id of the review package answered, e.g. `SECSPEC-00001-REVIEW-R3` (starts the document ids).
    pub package_id: String,
    /// SHA-256 of the review package's manifest.
    pub review_digest: String,
    /// 件名 of the procurement.
    pub title: String,
    pub agency: String,
    pub bureau: String,
    pub lang: Lang,
    /// Date of the confirmation and the audit plan; `None` leaves a blank to write in. The two
    /// forms always leave their date blank.
    pub date: Option<Date>,
    /// The required clauses in print order.
    pub clauses: Vec<RequiredClause>,
    /// The checklist requirements of the specification.
    pub requirements: Vec<Requirement>,
    pub response: ContractorResponse,
}

/// The events of the breach clause: the incident report's event types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventList {
    pub clause_id: String,
    pub heading: String,
    pub items: Vec<String>,
}

/// Builds one of the contractor's documents. A final document is refused while a value it
/// prints is blank, the response has invalid input, or the review itself is a draft.
pub fn build(
    kind: DocumentKind,
    input: &ContractorDocInput,
    library: &Library,
    mode: Mode,
) -> Result<Document, BuildError> {
    if !is_contractor(kind) {
        return Err(BuildError::NotApplicable(kind.code()));
    }
    if mode == Mode::Final {
        let issues = blocking_issues(kind, input);
        if blocks(&issues) {
            return Err(BuildError::Blocked(issues));
        }
    }
    let t = library.contractor.text(input.lang);
    let mut w = Writer {
        lang: input.lang,
        t,
        input,
        blocks: Vec::new(),
        part: 0,
        item: 0,
    };
    let meta = metadata(kind, input, library, mode, &w)?;
    match kind {
        DocumentKind::Confirmation => confirmation::confirmation(&mut w),
        DocumentKind::AuditPlan => confirmation::audit_plan(&mut w, library),
        DocumentKind::PerformanceReport => forms::performance_report(&mut w),
        DocumentKind::IncidentReport => forms::incident_report(&mut w, library),
        _ => return Err(BuildError::NotApplicable(kind.code())),
    }
    Ok(Document {
        meta,
        blocks: w.blocks,
    })
}

/// What stops a final `kind`: blank required values it prints, any invalid response value, and
/// unfilled values in the review's clauses.
pub fn blocking_issues(kind: DocumentKind, input: &ContractorDocInput) -> Vec<Issue> {
    let prefixes: &[&str] = match kind {
        DocumentKind::Confirmation => &["profile.", "respondent.", "clause_responses."],
        DocumentKind::AuditPlan => &[
            "profile.company",
            "profile.audit_acceptance.",
            "respondent.",
        ],
        DocumentKind::PerformanceReport => &["profile.company", "profile.executive."],
        DocumentKind::IncidentReport => &["profile.company", "profile.csirt."],
        _ => &[],
    };
    let mut issues: Vec<Issue> = input
        .response
        .check()
        .into_iter()
        .filter(|i| match i.severity {
            Severity::Invalid => true,
            Severity::Blocking => prefixes.iter().any(|p| i.field.starts_with(p)),
            Severity::Warning => false,
        })
        .collect();
    if kind == DocumentKind::Confirmation {
        issues.extend(confirmation::open_issues(input));
    }
    for c in input.clauses.iter().filter(|c| !c.unfilled.is_empty()) {
        issues.push(Issue::new(
            Severity::Blocking,
            format!("review.clauses.{}", c.id),
            format!(
                "レビュー用パッケージの条項「{}」に未記入の項目があります（{}）。発注者の確定版を待ってください",
                c.heading,
                c.unfilled.join("、")
            ),
            format!(
                "clause {} of the review package has unfilled values ({}); wait for the agency's final version",
                c.id,
                c.unfilled.join(", ")
            ),
        ));
    }
    issues
}

/// The file name (without extension) of a contractor document: the 件名, the document's short
/// name and the review's revision, e.g. `令和9年度…業務_確認書_R3`. The 件名 and the id come from a
/// package the contractor received, so the name is made safe whatever they hold.
pub fn file_stem(input: &ContractorDocInput, library: &Library, kind: DocumentKind) -> String {
    let label = library
        .layout(kind)
        .map(|l| {
            let t = l.text(input.lang);
            t.file_label.clone().unwrap_or_else(|| t.title.clone())
        })
        .unwrap_or_default();
    let fallback: String = format!("{}-{}", input.package_id, kind.code().to_uppercase())
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    crate::file_name::document_stem(
        &input.title,
        &label,
        crate::file_name::revision_of(&input.package_id),
        &fallback,
    )
}

/// Template versions that produced a document of `kind` (recorded with each output).
pub fn template_versions(library: &Library, kind: DocumentKind) -> String {
    let mut parts = vec![format!("library {}", library.version)];
    if let Ok(layout) = library.layout(kind) {
        parts.push(format!("{} {}", kind.code(), layout.version));
    }
    parts.push(format!("contractor {}", library.contractor.version));
    parts.join("; ")
}

/// The breach clause's list of events: from the review's clause as it prints, or, when the
/// review does not carry it, from the library's clause with the agency filled in.
pub fn event_list(input: &ContractorDocInput, library: &Library) -> Option<EventList> {
    let ids = &library.contractor.breach_clauses;
    let from_review = ids.iter().find_map(|id| {
        let c = input.clauses.iter().find(|c| &c.id == id)?;
        Some(EventList {
            clause_id: c.id.clone(),
            heading: c.heading.clone(),
            items: first_list(&c.text)?,
        })
    });
    from_review.or_else(|| {
        ids.iter().find_map(|id| {
            let clause = library.clause(id)?;
            let values: BTreeMap<String, String> = clause
                .params
                .iter()
                .map(|p| {
                    let agency = (p.default_from.as_deref() == Some("agency"))
                        .then(|| input.agency.trim())
                        .filter(|a| !a.is_empty());
                    let value = agency.unwrap_or(p.placeholder(input.lang));
                    (p.name.clone(), value.to_string())
                })
                .collect();
            let text = clause.text(input.lang);
            let body = template::render(&text.body, &values).ok()?;
            Some(EventList {
                clause_id: clause.id.clone(),
                heading: text.heading.clone(),
                items: first_list(&template::parse_body(&body))?,
            })
        })
    })
}

fn first_list(parts: &[BodyPart]) -> Option<Vec<String>> {
    parts.iter().find_map(|p| match p {
        BodyPart::List(items) if !items.is_empty() => Some(items.clone()),
        _ => None,
    })
}

/// The agency and bureau as one line.
fn agency_line(input: &ContractorDocInput) -> String {
    [input.agency.trim(), input.bureau.trim()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}

fn metadata(
    kind: DocumentKind,
    input: &ContractorDocInput,
    library: &Library,
    mode: Mode,
    w: &Writer,
) -> Result<Metadata, BuildError> {
    let layout = library.layout(kind)?;
    let text = layout.text(input.lang);
    let document_id = format!("{}-{}", input.package_id, kind.code().to_uppercase());
    // Library, then the versions of the texts and of the layout: short enough to share the
    // footer line with the long document id (`template_versions` names them in full).
    let template_version = format!(
        "{}/{}.{}",
        library.version, library.contractor.version, layout.version
    );
    let date_text = match (kind, input.date) {
        // The incident report dates itself to the minute in its own table.
        (DocumentKind::IncidentReport, _) => String::new(),
        (DocumentKind::Confirmation | DocumentKind::AuditPlan, Some(date)) => match input.lang {
            Lang::Ja => wareki::format(date)?,
            Lang::En => wareki::format_en(date)?,
        },
        _ => w.t.blank_date.clone(),
    };
    let sep = if input.lang == Lang::Ja {
        "\u{3000}"
    } else {
        "  "
    };
    let notice = (mode == Mode::Draft).then(|| text.draft_notice.clone().unwrap_or_default());
    Ok(Metadata {
        word_font: Default::default(),
        kind,
        lang: input.lang,
        footer: format!(
            "{} {document_id}{sep}{} {template_version}",
            text.footer_label, text.template_label
        ),
        document_id,
        title: text.title.clone(),
        subject: input.title.trim().to_string(),
        agency: w.value(&input.response.profile.company, &w.t.fields.company),
        date_text,
        template_version,
        page_label: text.page_label.clone(),
        notice: notice.filter(|n| !n.is_empty()),
    })
}

/// Appends blocks, numbering parts (第１) and items (１) in the document's language.
struct Writer<'a> {
    lang: Lang,
    t: &'a ContractorText,
    input: &'a ContractorDocInput,
    blocks: Vec<Block>,
    part: usize,
    item: usize,
}

impl Writer<'_> {
    /// The value as typed, or the placeholder naming the field when it is blank (drafts only:
    /// a final document with a blank required value is refused before this).
    fn value(&self, value: &str, field: &str) -> String {
        let v = value.trim();
        if v.is_empty() {
            self.t.placeholder.replace("{field}", field)
        } else {
            v.to_string()
        }
    }

    /// `{title}` and `{agency}` filled in.
    fn fill(&self, text: &str) -> String {
        text.replace("{title}", self.input.title.trim())
            .replace("{agency}", &agency_line(self.input))
    }

    fn label(&self, level: Level, n: usize) -> String {
        match self.lang {
            Lang::Ja => numbering::label(level, n),
            Lang::En => numbering::label_en(level, n),
        }
    }

    fn part(&mut self, text: &str) {
        self.part += 1;
        self.item = 0;
        let label = self.label(Level::Part, self.part);
        self.blocks.push(Block::Heading {
            level: 1,
            label,
            text: text.to_string(),
        });
    }

    fn item(&mut self, text: &str) {
        self.item += 1;
        let label = self.label(Level::Item, self.item);
        self.blocks.push(Block::Heading {
            level: 2,
            label,
            text: text.to_string(),
        });
    }

    fn para(&mut self, level: u8, text: &str) {
        self.blocks.push(Block::Paragraph {
            level,
            label: String::new(),
            spans: vec![Span::plain(text)],
        });
    }

    fn note(&mut self, text: &str) {
        self.blocks.push(Block::Note {
            spans: vec![Span::plain(text)],
        });
    }

    fn table(&mut self, header: bool, widths: &[u16], rows: Vec<Vec<String>>) {
        self.blocks.push(Block::Table {
            header,
            widths: widths.to_vec(),
            rows,
        });
    }

    /// A two-column table of labelled values, without a header row.
    fn fields(&mut self, rows: Vec<(String, String)>) {
        let rows = rows.into_iter().map(|(k, v)| vec![k, v]).collect();
        self.table(false, &[7, 13], rows);
    }

    /// The addressee and the opening sentence.
    fn opening(&mut self, intro: &str) {
        let addressee = self.fill(&self.t.addressee);
        self.para(0, &addressee);
        self.blocks.push(Block::Spacer);
        let intro = self.fill(intro);
        self.para(0, &intro);
    }

    /// The closing note naming the review package answered.
    fn basis(&mut self) {
        let note = self
            .t
            .basis_note
            .replace("{package}", self.input.package_id.trim())
            .replace("{digest}", self.input.review_digest.trim());
        self.blocks.push(Block::Spacer);
        self.note(&note);
    }
}
