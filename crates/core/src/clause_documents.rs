//! The clause documents: the specification section (調達仕様書), the contract annex (特記事項)
//! and the grant conditions (交付の条件), written from the clauses that apply.

use crate::applicability::{decide, Scope};
use crate::checklist::report::{self as checklist_report, RequirementGroup};
use crate::compose::{compose, ComposedClause, Mode};
use crate::document::{Block, Document, DocumentKind, Lang, Span};
use crate::issue::blocks;
use crate::library::{BasisText, Group, LayoutText, Library, LibraryError, Origin};
use crate::metadata::{metadata, BuildError};
use crate::numbering::{self, Level};
use crate::project::Project;
use crate::project_ref::ProjectRef;
use crate::template::BodyPart;
use crate::{lint, wareki};

/// The specification section, the contract annex or the grant conditions of `project`.
pub(crate) fn build(
    project: &Project,
    library: &Library,
    kind: DocumentKind,
    ctx: ProjectRef,
    mode: Mode,
) -> Result<Document, BuildError> {
    // Lint covers the checklist inputs too (an override without its reason blocks).
    let issues = lint::lint(project, library);
    let with_security = kind == DocumentKind::Specification
        || (kind == DocumentKind::Basis && !crate::applicability::is_subsidy(project));
    let security = if with_security {
        checklist_report::requirement_groups(library, project, project.lang)
    } else {
        Vec::new()
    };
    if mode == Mode::Final && blocks(&issues) {
        return Err(BuildError::Blocked(
            issues
                .into_iter()
                .filter(|i| i.severity <= crate::issue::Severity::Blocking)
                .collect(),
        ));
    }
    let lang = project.lang;
    let layout = library.layout(kind)?;
    let decision = decide(project, library);
    let mut standard = Vec::new();
    let mut outsourcing = Vec::new();
    for d in decision.included() {
        let Some(clause) = library.clause(&d.clause_id) else {
            continue;
        };
        let composed = compose(project, clause, lang, mode)?;
        match clause.group {
            Group::Standard => standard.push(composed),
            Group::Outsourcing => outsourcing.push(composed),
        }
    }
    let voluntary = decision.scope == Scope::Voluntary;
    let meta = metadata(project, library, layout, kind, ctx, mode, voluntary, lang)?;
    let mut w = Writer {
        lang,
        blocks: Vec::new(),
    };
    let text = layout.text(lang);
    let definition = library
        .definition("national_security")
        .map(|d| d.text(lang).to_string())
        .filter(|_| project.national_security != Some(false) || decision.scope == Scope::Voluntary);
    match kind {
        DocumentKind::ContractAnnex => {
            w.para(0, "", &text.intro);
            let mut article = 0;
            for c in standard.iter().chain(outsourcing.iter()) {
                article += 1;
                w.article(article, c);
            }
            if let Some(def) = &definition {
                w.para(0, "", def);
            }
        }
        DocumentKind::Specification | DocumentKind::SubsidyConditions => {
            let mut part = 1;
            w.heading(1, w.label(Level::Part, part), &text.chapter);
            w.para(0, "", &text.intro);
            for (n, c) in standard.iter().enumerate() {
                w.item(n + 1, c);
            }
            if let Some(def) = &definition {
                w.para(0, "", def);
            }
            if !outsourcing.is_empty() {
                part += 1;
                w.heading(1, w.label(Level::Part, part), &text.outsourcing_heading);
                for (n, c) in outsourcing.iter().enumerate() {
                    w.item(n + 1, c);
                }
            }
            if !security.is_empty() {
                part += 1;
                w.security(part, library, text, &security);
            }
        }
        DocumentKind::Basis => {
            w.para(0, "", &text.intro);
            let basis = text
                .basis
                .as_ref()
                .ok_or_else(|| LibraryError::Missing("documents/basis.toml [basis]".into()))?;
            let security_heading = if security.is_empty() {
                None
            } else {
                library
                    .layout(DocumentKind::Specification)?
                    .text(lang)
                    .security_heading
                    .clone()
            };
            w.basis(
                library,
                basis,
                standard.iter().chain(outsourcing.iter()),
                security_heading.as_deref(),
            );
        }
        // Not part of a project's set: `document_kinds` never returns them.
        DocumentKind::ChecklistReport
        | DocumentKind::Confirmation
        | DocumentKind::AuditPlan
        | DocumentKind::PerformanceReport
        | DocumentKind::IncidentReport
        | DocumentKind::CheckReport
        | DocumentKind::QuestionAnswers => {}
    }
    Ok(Document {
        meta,
        blocks: w.blocks,
    })
}

/// Appends blocks with the numbering of the document's language.
struct Writer {
    lang: Lang,
    blocks: Vec<Block>,
}

impl Writer {
    fn label(&self, level: Level, n: usize) -> String {
        match self.lang {
            Lang::Ja => numbering::label(level, n),
            Lang::En => numbering::label_en(level, n),
        }
    }

    fn heading(&mut self, level: u8, label: String, text: &str) {
        self.blocks.push(Block::Heading {
            level,
            label,
            text: text.to_string(),
        });
    }

    fn para(&mut self, level: u8, label: &str, text: &str) {
        self.blocks.push(Block::Paragraph {
            level,
            label: label.to_string(),
            spans: vec![Span::plain(text)],
        });
    }

    fn list(&mut self, level: u8, items: &[String]) {
        let marker = if self.lang == Lang::Ja { "・" } else { "•" };
        self.blocks.push(Block::List {
            level,
            marker: marker.to_string(),
            items: items
                .iter()
                .map(|i| vec![Span::plain(i.as_str())])
                .collect(),
        });
    }

    /// Paragraphs of a clause: standard (or edited) body, supplements, then additions; the
    /// agency's text only (who wrote what is in the 作成根拠).
    fn paragraphs(c: &ComposedClause) -> Vec<Entry> {
        let mut out: Vec<Entry> = c
            .parts
            .iter()
            .map(|p| match p {
                BodyPart::Paragraph(t) => Entry::Para(vec![Span::plain(t.as_str())]),
                BodyPart::List(items) => Entry::List(items.clone()),
            })
            .collect();
        out.extend(
            c.supplements
                .iter()
                .map(|s| Entry::Para(vec![Span::plain(s.as_str())])),
        );
        out.extend(
            c.additions
                .iter()
                .map(|a| Entry::Para(vec![Span::plain(a.as_str())])),
        );
        out
    }

    /// Specification style: `１ heading`, then paragraphs （１）（２）… (unnumbered when only one).
    fn item(&mut self, n: usize, c: &ComposedClause) {
        let label = self.label(Level::Item, n);
        self.heading(2, label, &c.heading);
        let entries = Self::paragraphs(c);
        let numbered = entries
            .iter()
            .filter(|e| matches!(e, Entry::Para(_)))
            .count()
            > 1;
        let mut k = 0;
        // A list continues the paragraph before it, so it starts where that paragraph's text does.
        let mut text_column = 1;
        for e in entries {
            match e {
                Entry::Para(spans) => {
                    k += 1;
                    let label = if numbered {
                        self.label(Level::Sub, k)
                    } else {
                        String::new()
                    };
                    text_column = 1 + label_width(&label, self.lang);
                    self.blocks.push(Block::Paragraph {
                        level: 1,
                        label,
                        spans,
                    });
                }
                Entry::List(items) => self.list(text_column, &items),
            }
        }
    }

    /// Contract style: （heading） / 第１条 first paragraph / ２ next paragraph ….
    fn article(&mut self, n: usize, c: &ComposedClause) {
        let caption = match self.lang {
            Lang::Ja => format!("（{}）", c.heading),
            Lang::En => c.heading.clone(),
        };
        self.heading(2, String::new(), &caption);
        let mut k = 0;
        for e in Self::paragraphs(c) {
            match e {
                Entry::Para(spans) => {
                    k += 1;
                    let label = match (k, self.lang) {
                        (1, Lang::Ja) => numbering::article(n),
                        (1, Lang::En) => format!("Article {n}"),
                        (_, Lang::Ja) => numbering::zenkaku(k),
                        (_, Lang::En) => k.to_string(),
                    };
                    self.blocks.push(Block::Paragraph {
                        level: 0,
                        label,
                        spans,
                    });
                }
                Entry::List(items) => self.list(1, &items),
            }
        }
    }

    /// The 「セキュリティ要件」 part: the checklist's requirement sentences by category, numbered
    /// like the standard clauses (１ category, （１） sentence; unnumbered when only one).
    fn security(
        &mut self,
        part: usize,
        library: &Library,
        text: &LayoutText,
        groups: &[RequirementGroup],
    ) {
        let checklist = &library.checklist;
        let heading = text.security_heading.as_deref().unwrap_or_default();
        self.heading(1, self.label(Level::Part, part), heading);
        let intro = text
            .security_intro
            .as_deref()
            .unwrap_or_default()
            .replace("{checklist}", checklist.title(self.lang))
            .replace("{version}", &checklist.version);
        self.para(0, "", &intro);
        for (n, g) in groups.iter().enumerate() {
            self.heading(2, self.label(Level::Item, n + 1), &g.heading);
            let numbered = g.sentences.len() > 1;
            for (k, sentence) in g.sentences.iter().enumerate() {
                let label = if numbered {
                    self.label(Level::Sub, k + 1)
                } else {
                    String::new()
                };
                self.para(1, &label, sentence);
            }
        }
    }

    /// The 作成根拠 table: per clause who wrote its wording (official standard wording, the
    /// agency's change, a template drafted by SecSpec) and its source; rows for the sentences
    /// the officer's values switch on and for the agency's additions; the checklist part.
    fn basis<'a>(
        &mut self,
        library: &Library,
        b: &BasisText,
        clauses: impl Iterator<Item = &'a ComposedClause>,
        security_heading: Option<&str>,
    ) {
        let lang = self.lang;
        let source_of = |key: &str| {
            library
                .source(key)
                .map(|s| match lang {
                    Lang::Ja => {
                        format!("{}（{}、{}）", s.title_ja, s.issuer_ja, era_date(&s.date))
                    }
                    Lang::En => format!("{} ({}, {})", s.title_en, s.issuer_en, s.date),
                })
                .unwrap_or_else(|| b.no_source.clone())
        };
        let mut rows = vec![b.columns.to_vec()];
        for c in clauses {
            let Some(clause) = library.clause(&c.clause_id) else {
                continue;
            };
            let source = source_of(&clause.source);
            let standard = clause.origin_in(lang);
            let who = if c.deviation.is_some() || c.origin == Origin::Agency {
                b.changed.replace("{original}", b.label(standard))
            } else {
                b.label(c.origin).to_string()
            };
            rows.push(vec![c.heading.clone(), who, source]);
            if !c.supplements.is_empty() {
                rows.push(vec![
                    b.supplements.replace("{heading}", &c.heading),
                    b.drafted.clone(),
                    source_of("secspec"),
                ]);
            }
            if !c.additions.is_empty() {
                rows.push(vec![
                    b.additions.replace("{heading}", &c.heading),
                    b.added.clone(),
                    b.no_source.clone(),
                ]);
            }
        }
        if let Some(heading) = security_heading {
            let checklist = &library.checklist;
            rows.push(vec![
                heading.to_string(),
                b.drafted.clone(),
                format!("{} {}", checklist.title(lang), checklist.version),
            ]);
        }
        self.blocks.push(Block::Table {
            header: true,
            widths: vec![4, 3, 5],
            rows,
        });
    }
}

/// Width in character cells of a hanging label and the space after it (Japanese labels are
/// full-width: one cell per character plus the full-width space).
fn label_width(label: &str, lang: Lang) -> u8 {
    if label.is_empty() {
        return 0;
    }
    let chars = label.chars().count();
    let cells = match lang {
        Lang::Ja => chars + 1,
        // Half-width labels take about half a cell each.
        Lang::En => chars.div_ceil(2) + 1,
    };
    u8::try_from(cells).unwrap_or(u8::MAX)
}

/// Source dates are ISO in the library; Japanese documents print them in the era calendar.
fn era_date(iso: &str) -> String {
    crate::Date::parse(iso)
        .ok()
        .and_then(|d| wareki::format(d).ok())
        .unwrap_or_else(|| iso.to_string())
}

enum Entry {
    Para(Vec<Span>),
    List(Vec<String>),
}
