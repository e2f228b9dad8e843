//! The one input rule (`secspec_core::validate::text`) applied to every text field of a review
//! package, with a length limit per field and a count limit per list. A package is written
//! and read only if every value passes; the refusal names the part and the JSON path of the
//! first value that does not (e.g. `clauses.json`, `clauses[3].text[0].text`). Limits are
//! documented in docs/package-format.md ("Text rule and limits").

use crate::error::{clean, PackageError};
use crate::model::*;
use crate::review::{CHECKLIST, CLAUSES, PROJECT};
use secspec_core::library::Source;
use secspec_core::validate::{self, MAX_ADDITION, MAX_ADDITIONS, MAX_BODY, MAX_REASON, MAX_SHORT};
use secspec_core::{Issue, Severity};
use std::collections::BTreeMap;

/// Most clauses in `clauses.json` (the library has a few dozen).
pub const MAX_CLAUSES: usize = 200;
/// Most checklist items in `checklist.json`.
pub const MAX_ITEMS: usize = 1_000;
/// Most cited sources in one part.
pub const MAX_SOURCES: usize = 200;
/// Most blocks of one clause text, items of one list, parameters of one clause.
pub const MAX_BLOCKS: usize = 200;
/// Most lines of a short list: reasons (`why`, `scope_why`), supplements, unfilled
/// parameters, an item's sources, unanswered questions.
pub const MAX_LINES: usize = 200;
/// Most runs of one redline.
pub const MAX_SPANS: usize = 10_000;

/// Checks one part, stopping at the first refused value.
struct Part {
    entry: &'static str,
}

impl Part {
    fn text(
        &self,
        field: &str,
        value: &str,
        max: usize,
        multiline: bool,
    ) -> Result<(), PackageError> {
        match validate::text(field, value, max, multiline) {
            Some(issue) => Err(self.refuse(issue)),
            None => Ok(()),
        }
    }

    fn short(&self, field: &str, value: &str) -> Result<(), PackageError> {
        self.text(field, value, MAX_SHORT, false)
    }

    fn count(&self, field: &str, n: usize, max: usize) -> Result<(), PackageError> {
        if n <= max {
            return Ok(());
        }
        Err(self.refuse(Issue::new(
            Severity::Invalid,
            field,
            format!("件数が多すぎます（{n} 件、上限 {max} 件）"),
            format!("too many entries ({n}, at most {max})"),
        )))
    }

    fn refuse(&self, issue: Issue) -> PackageError {
        PackageError::InvalidContent {
            entry: self.entry.into(),
            issue,
        }
    }

    fn texts(&self, field: &str, list: &[Text]) -> Result<(), PackageError> {
        self.count(field, list.len(), MAX_LINES)?;
        for (i, t) in list.iter().enumerate() {
            self.text(&format!("{field}[{i}].ja"), &t.ja, MAX_REASON, true)?;
            self.text(&format!("{field}[{i}].en"), &t.en, MAX_REASON, true)?;
        }
        Ok(())
    }

    fn lines(
        &self,
        field: &str,
        list: &[String],
        max_len: usize,
        max_count: usize,
        multiline: bool,
    ) -> Result<(), PackageError> {
        self.count(field, list.len(), max_count)?;
        for (i, line) in list.iter().enumerate() {
            self.text(&format!("{field}[{i}]"), line, max_len, multiline)?;
        }
        Ok(())
    }

    fn body(&self, field: &str, blocks: &[Body]) -> Result<(), PackageError> {
        self.count(field, blocks.len(), MAX_BLOCKS)?;
        for (i, block) in blocks.iter().enumerate() {
            let at = format!("{field}[{i}].text");
            match block {
                Body::Paragraph(text) => self.text(&at, text, MAX_BODY, true)?,
                Body::List(items) => self.lines(&at, items, MAX_BODY, MAX_BLOCKS, true)?,
            }
        }
        Ok(())
    }

    /// A map key goes into the paths of its values, so it is checked (and shown cleaned) first.
    fn key(&self, field: &str, key: &str) -> Result<String, PackageError> {
        let at = format!("{field}.{}", clean(key, 64));
        self.short(&at, key)?;
        Ok(at)
    }

    fn sources(&self, field: &str, sources: &BTreeMap<String, Source>) -> Result<(), PackageError> {
        self.count(field, sources.len(), MAX_SOURCES)?;
        for (key, s) in sources {
            let at = self.key(field, key)?;
            for (name, value, multiline) in [
                ("title_ja", &s.title_ja, false),
                ("title_en", &s.title_en, false),
                ("issuer_ja", &s.issuer_ja, false),
                ("issuer_en", &s.issuer_en, false),
                ("date", &s.date, false),
                ("note_ja", &s.note_ja, true),
                ("note_en", &s.note_en, true),
                ("published_in_ja", &s.published_in_ja, true),
                ("published_in_en", &s.published_in_en, true),
            ] {
                self.text(&format!("{at}.{name}"), value, MAX_REASON, multiline)?;
            }
        }
        Ok(())
    }
}

fn project(p: &ProjectFacts) -> Result<(), PackageError> {
    let c = Part { entry: PROJECT };
    c.short("title", &p.title)?;
    c.short("agency", &p.agency)?;
    c.short("bureau", &p.bureau)?;
    c.short("officer", &p.officer)?;
    c.text(
        "national_security_reason",
        &p.national_security_reason,
        MAX_REASON,
        true,
    )?;
    c.texts("scope_why", &p.scope_why)?;
    if let Some(d) = &p.national_security_definition {
        c.text("national_security_definition", d, MAX_BODY, true)?;
    }
    c.short("library_version", &p.library_version)?;
    c.short("checklist_version", &p.checklist_version)
}

fn clause(c: &Part, at: &str, clause: &ReviewClause) -> Result<(), PackageError> {
    c.short(&format!("{at}.id"), &clause.id)?;
    c.short(&format!("{at}.version"), &clause.version)?;
    c.short(&format!("{at}.heading"), &clause.heading)?;
    c.body(&format!("{at}.text"), &clause.text)?;
    c.body(&format!("{at}.standard"), &clause.standard)?;
    c.short(&format!("{at}.source"), &clause.source)?;
    if let Some(b) = &clause.based_on {
        c.text(&format!("{at}.based_on"), b, MAX_REASON, true)?;
    }
    c.count(&format!("{at}.params"), clause.params.len(), MAX_BLOCKS)?;
    for (k, p) in clause.params.iter().enumerate() {
        let pat = format!("{at}.params[{k}]");
        c.short(&format!("{pat}.name"), &p.name)?;
        c.short(&format!("{pat}.label"), &p.label)?;
        if let Some(v) = &p.value {
            c.text(&format!("{pat}.value"), v, MAX_REASON, false)?;
        }
    }
    c.lines(
        &format!("{at}.unfilled"),
        &clause.unfilled,
        MAX_SHORT,
        MAX_LINES,
        false,
    )?;
    c.lines(
        &format!("{at}.supplements"),
        &clause.supplements,
        MAX_ADDITION,
        MAX_LINES,
        true,
    )?;
    c.lines(
        &format!("{at}.additions"),
        &clause.additions,
        MAX_ADDITION,
        MAX_ADDITIONS,
        true,
    )?;
    if let Some(d) = &clause.deviation {
        let dat = format!("{at}.deviation");
        c.text(&format!("{dat}.standard"), &d.standard, MAX_BODY, true)?;
        c.text(&format!("{dat}.edited"), &d.edited, MAX_BODY, true)?;
        c.count(&format!("{dat}.redline"), d.redline.len(), MAX_SPANS)?;
        for (k, span) in d.redline.iter().enumerate() {
            c.text(
                &format!("{dat}.redline[{k}].text"),
                &span.text,
                MAX_BODY,
                true,
            )?;
        }
        if let Some(r) = &d.reason {
            c.text(&format!("{dat}.reason"), r, MAX_REASON, true)?;
        }
    }
    c.texts(&format!("{at}.why"), &clause.why)
}

fn clauses(set: &ClauseSet) -> Result<(), PackageError> {
    let c = Part { entry: CLAUSES };
    c.count("clauses", set.clauses.len(), MAX_CLAUSES)?;
    for (i, cl) in set.clauses.iter().enumerate() {
        clause(&c, &format!("clauses[{i}]"), cl)?;
    }
    c.sources("sources", &set.sources)?;
    c.text("translation_note", &set.translation_note, MAX_REASON, true)
}

fn checklist(part: &ChecklistPart) -> Result<(), PackageError> {
    let c = Part { entry: CHECKLIST };
    c.short("version", &part.version)?;
    c.short("title", &part.title)?;
    c.count("items", part.items.len(), MAX_ITEMS)?;
    for (i, item) in part.items.iter().enumerate() {
        let at = format!("items[{i}]");
        for (name, value) in [
            ("id", &item.id),
            ("version", &item.version),
            ("stage", &item.stage),
            ("category_code", &item.category_code),
            ("category", &item.category),
            ("subitem", &item.subitem),
        ] {
            c.short(&format!("{at}.{name}"), value)?;
        }
        c.text(
            &format!("{at}.requirement"),
            &item.requirement,
            MAX_ADDITION,
            true,
        )?;
        c.text(&format!("{at}.based_on"), &item.based_on, MAX_REASON, true)?;
        c.lines(
            &format!("{at}.sources"),
            &item.sources,
            MAX_SHORT,
            MAX_LINES,
            false,
        )?;
    }
    c.sources("sources", &part.sources)?;
    c.lines(
        "unanswered_questions",
        &part.unanswered_questions,
        MAX_SHORT,
        MAX_LINES,
        false,
    )
}

/// Every text field of a review package, in part order.
pub(crate) fn check_review(package: &ReviewPackage) -> Result<(), PackageError> {
    project(&package.project)?;
    clauses(&package.clauses)?;
    checklist(&package.checklist)
}
