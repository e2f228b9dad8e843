//! The verifier's report as a [`Document`] (the one model the DOCX, PDF and HTML back ends
//! render): per clause the verdict, the redline against the official text, where it was found
//! and the provenance of the official text. Every word comes from `documents/check_report.toml`.

use super::{ChangeKind, CheckReport, ClauseResult, Status};
use crate::document::{Block, Document, DocumentKind, Lang, Metadata, Span, SpanStyle};
use crate::library::{Library, LibraryError, Variant};
use crate::numbering::{self, Level};
use serde::{Deserialize, Serialize};

/// Wording of the check report (`[ja.check]` / `[en.check]` of `documents/check_report.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct CheckText {
    /// `{file}`, `{library}`: the checked file's name and the library version.
    pub intro: String,
    pub summary_heading: String,
    pub file_label: String,
    pub format_label: String,
    pub variant_label: String,
    pub variant_procurement: String,
    pub variant_subsidy: String,
    pub agencies_label: String,
    pub agencies_none: String,
    pub agency_mismatch: String,
    pub overall_label: String,
    pub overall_pass: String,
    pub overall_fail: String,
    /// Clause, verdict, weakened, where.
    pub summary_columns: [String; 4],
    pub status_verbatim: String,
    pub status_changed: String,
    pub status_notation: String,
    pub status_missing: String,
    pub weakened_yes: String,
    pub weakened_no: String,
    pub verdict_label: String,
    pub where_label: String,
    pub not_found: String,
    pub redline_label: String,
    pub changes_label: String,
    /// Kind, official, found, where.
    pub change_columns: [String; 4],
    pub kind_notation: String,
    pub kind_weakened: String,
    pub kind_reworded: String,
    pub dropped: String,
    pub additions_label: String,
    pub reordered: String,
    pub provenance_label: String,
    /// `{title}`, `{issuer}`, `{date}`, `{version}`, `{origin}`.
    pub provenance: String,
    pub drafted_heading: String,
    pub drafted_intro: String,
    pub placeholders_heading: String,
    pub placeholders_none: String,
    /// Placeholder, where.
    pub placeholder_columns: [String; 2],
    pub method_heading: String,
    /// `{notation}`, `{weakening}`: versions of the verifier's data files.
    pub method: String,
}

/// What the caller knows about the report: its id and its date (already formatted, 和暦 in
/// Japanese), since core has no clock.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReportOptions {
    pub document_id: String,
    pub date_text: String,
}

fn status_text(t: &CheckText, c: &ClauseResult) -> String {
    match c.status {
        Status::Verbatim => t.status_verbatim.clone(),
        Status::Changed if c.notation_only => t.status_notation.clone(),
        Status::Changed => t.status_changed.clone(),
        Status::Missing => t.status_missing.clone(),
    }
}

fn kind_text(t: &CheckText, k: ChangeKind) -> &str {
    match k {
        ChangeKind::Notation => &t.kind_notation,
        ChangeKind::Weakened => &t.kind_weakened,
        ChangeKind::Reworded => &t.kind_reworded,
    }
}

struct Writer<'a> {
    lang: Lang,
    t: &'a CheckText,
    library: &'a Library,
    blocks: Vec<Block>,
}

impl Writer<'_> {
    fn heading(&mut self, level: u8, label: String, text: &str) {
        self.blocks.push(Block::Heading {
            level,
            label,
            text: text.to_string(),
        });
    }

    fn para(&mut self, level: u8, label: &str, spans: Vec<Span>) {
        self.blocks.push(Block::Paragraph {
            level,
            label: label.to_string(),
            spans,
        });
    }

    fn label(&self, level: Level, n: usize) -> String {
        match self.lang {
            Lang::Ja => numbering::label(level, n),
            Lang::En => numbering::label_en(level, n),
        }
    }

    fn labelled(&mut self, label: &str, value: &str) {
        let sep = if self.lang == Lang::Ja { "：" } else { ": " };
        self.para(
            1,
            "",
            vec![
                Span::styled(format!("{label}{sep}"), SpanStyle::Bold),
                Span::plain(value),
            ],
        );
    }

    fn clause(&mut self, part: usize, n: usize, c: &ClauseResult) {
        let t = self.t;
        let label = match self.lang {
            Lang::Ja => numbering::zenkaku(n),
            Lang::En => format!("{part}.{n}"),
        };
        let heading = self
            .library
            .clause(&c.id)
            .map(|x| x.text(self.lang).heading.clone())
            .unwrap_or_else(|| c.heading.clone());
        self.heading(2, label, &heading);
        self.labelled(&t.verdict_label, &status_text(t, c));
        let place = if c.status == Status::Missing {
            t.not_found.clone()
        } else if c.place.is_empty() {
            "―".to_string()
        } else {
            c.place.clone()
        };
        self.labelled(&t.where_label, &place);
        if c.reordered {
            self.para(1, "", vec![Span::plain(t.reordered.clone())]);
        }
        if c.status != Status::Verbatim {
            self.para(
                1,
                "",
                vec![Span::styled(t.redline_label.clone(), SpanStyle::Bold)],
            );
            let mut spans = Vec::new();
            for s in c.redline() {
                for (i, line) in s.text.split('\n').enumerate() {
                    if i > 0 {
                        self.para(2, "", std::mem::take(&mut spans));
                    }
                    if !line.is_empty() {
                        spans.push(Span::styled(line, s.style));
                    }
                }
            }
            if !spans.is_empty() {
                self.para(2, "", spans);
            }
        }
        if !c.changes.is_empty() && c.status != Status::Missing {
            self.para(
                1,
                "",
                vec![Span::styled(t.changes_label.clone(), SpanStyle::Bold)],
            );
            let mut rows = vec![t.change_columns.to_vec()];
            for ch in &c.changes {
                let official = if ch.official.is_empty() {
                    "―".to_string()
                } else {
                    ch.official.clone()
                };
                let found = if ch.found.is_empty() {
                    t.dropped.clone()
                } else {
                    ch.found.clone()
                };
                rows.push(vec![
                    kind_text(t, ch.kind).to_string(),
                    official,
                    found,
                    ch.place.clone(),
                ]);
            }
            self.blocks.push(Block::Table {
                header: true,
                widths: vec![2, 5, 5, 3],
                rows,
            });
        }
        if !c.additions.is_empty() {
            let items = c
                .addition_details
                .iter()
                .map(|a| {
                    let mut v = vec![Span::plain(a.text.clone())];
                    if !a.place.is_empty() {
                        v.push(Span::plain(format!(
                            "{}{}{}",
                            if self.lang == Lang::Ja { "（" } else { " (" },
                            a.place,
                            if self.lang == Lang::Ja { "）" } else { ")" }
                        )));
                    }
                    v
                })
                .collect();
            self.para(
                1,
                "",
                vec![Span::styled(t.additions_label.clone(), SpanStyle::Bold)],
            );
            self.blocks.push(Block::List {
                level: 2,
                marker: "・".into(),
                items,
            });
        }
        self.provenance(c);
    }

    fn provenance(&mut self, c: &ClauseResult) {
        let t = self.t;
        let Some(source) = self.library.source(&c.source) else {
            return;
        };
        let (title, issuer) = match self.lang {
            Lang::Ja => (&source.title_ja, &source.issuer_ja),
            Lang::En => (&source.title_en, &source.issuer_en),
        };
        let text = t
            .provenance
            .replace("{title}", title)
            .replace("{issuer}", issuer)
            .replace("{date}", &source.date)
            .replace("{version}", &c.version)
            .replace("{origin}", c.origin.label(self.lang));
        self.blocks.push(Block::Note {
            spans: vec![
                Span::styled(
                    format!(
                        "{}{}",
                        t.provenance_label,
                        if self.lang == Lang::Ja { "：" } else { ": " }
                    ),
                    SpanStyle::Bold,
                ),
                Span::plain(text),
            ],
        });
    }
}

/// Builds the report of `report` in `lang`.
pub fn report_document(
    report: &CheckReport,
    library: &Library,
    lang: Lang,
    options: &ReportOptions,
) -> Result<Document, LibraryError> {
    let layout = library.layout(DocumentKind::CheckReport)?;
    let lt = layout.text(lang);
    let t = lt.check.as_ref().ok_or_else(|| {
        LibraryError::Missing(format!(
            "documents/check_report.toml [{}.check]",
            lang.code()
        ))
    })?;
    let mut w = Writer {
        lang,
        t,
        library,
        blocks: Vec::new(),
    };
    w.para(
        0,
        "",
        vec![Span::plain(
            t.intro
                .replace("{file}", &report.file)
                .replace("{library}", &report.library_version),
        )],
    );
    let mut part = 1;
    w.heading(1, w.label(Level::Part, part), &t.summary_heading);
    w.labelled(&t.file_label, &report.file);
    w.labelled(&t.format_label, &report.format);
    let variant = match report.variant {
        Variant::Subsidy => &t.variant_subsidy,
        _ => &t.variant_procurement,
    };
    w.labelled(&t.variant_label, variant);
    let agencies = if report.agencies.is_empty() {
        t.agencies_none.clone()
    } else {
        report
            .agencies
            .join(if lang == Lang::Ja { "、" } else { ", " })
    };
    w.labelled(&t.agencies_label, &agencies);
    if report.agency_mismatch {
        let mut items = Vec::new();
        for u in &report.agency_uses {
            items.push(vec![Span::plain(format!("{}　{}", u.name, u.place))]);
        }
        w.para(1, "", vec![Span::plain(t.agency_mismatch.clone())]);
        w.blocks.push(Block::List {
            level: 2,
            marker: "・".into(),
            items,
        });
    }
    let overall = if report.passes() {
        &t.overall_pass
    } else {
        &t.overall_fail
    };
    w.labelled(&t.overall_label, overall);
    let mut rows = vec![t.summary_columns.to_vec()];
    for c in &report.clauses {
        let heading = library
            .clause(&c.id)
            .map(|x| x.text(lang).heading.clone())
            .unwrap_or_else(|| c.heading.clone());
        rows.push(vec![
            heading,
            status_text(t, c),
            if c.weakened {
                t.weakened_yes.clone()
            } else {
                t.weakened_no.clone()
            },
            if c.status == Status::Missing {
                "―".into()
            } else {
                c.place.clone()
            },
        ]);
    }
    w.blocks.push(Block::Table {
        header: true,
        widths: vec![6, 3, 2, 5],
        rows,
    });
    part += 1;
    let standard_heading = match report.variant {
        Variant::Subsidy => t.variant_subsidy.clone(),
        _ => t.variant_procurement.clone(),
    };
    w.heading(1, w.label(Level::Part, part), &standard_heading);
    for (n, c) in report.clauses.iter().enumerate() {
        w.clause(part, n + 1, c);
    }
    let drafted: Vec<&ClauseResult> = report
        .drafted
        .iter()
        .filter(|c| c.status != Status::Missing)
        .collect();
    if !drafted.is_empty() {
        part += 1;
        w.heading(1, w.label(Level::Part, part), &t.drafted_heading);
        w.para(0, "", vec![Span::plain(t.drafted_intro.clone())]);
        for (n, c) in drafted.iter().enumerate() {
            w.clause(part, n + 1, c);
        }
    }
    part += 1;
    w.heading(1, w.label(Level::Part, part), &t.placeholders_heading);
    if report.unfilled_placeholders.is_empty() {
        w.para(0, "", vec![Span::plain(t.placeholders_none.clone())]);
    } else {
        let mut rows = vec![t.placeholder_columns.to_vec()];
        for p in &report.unfilled_placeholders {
            rows.push(vec![p.text.clone(), p.place.clone()]);
        }
        w.blocks.push(Block::Table {
            header: true,
            widths: vec![3, 5],
            rows,
        });
    }
    part += 1;
    w.heading(1, w.label(Level::Part, part), &t.method_heading);
    w.para(
        0,
        "",
        vec![Span::plain(
            t.method
                .replace("{notation}", &library.verify.notation_version)
                .replace("{weakening}", &library.verify.weakening_version),
        )],
    );
    let sep = if lang == Lang::Ja { "\u{3000}" } else { "  " };
    let template_version = format!(
        "{}/{}-{}",
        library.version,
        DocumentKind::CheckReport.code(),
        layout.version
    );
    let meta = Metadata {
        word_font: Default::default(),
        kind: DocumentKind::CheckReport,
        lang,
        footer: format!(
            "{} {}{sep}{} {template_version}",
            lt.footer_label, options.document_id, lt.template_label
        ),
        document_id: options.document_id.clone(),
        title: lt.title.clone(),
        subject: report.file.clone(),
        agency: report
            .agencies
            .join(if lang == Lang::Ja { "、" } else { ", " }),
        date_text: options.date_text.clone(),
        template_version,
        page_label: lt.page_label.clone(),
        notice: None,
    };
    Ok(Document {
        meta,
        blocks: w.blocks,
    })
}
