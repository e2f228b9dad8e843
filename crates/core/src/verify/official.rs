//! The official side: each clause of the library split into sentences, normalised once.

use super::rules::Rules;
use super::text::{self, Canon};
use crate::document::Lang;
use crate::library::{Clause, Group, Library, Variant};
use crate::template::{self, BodyPart};
use std::collections::BTreeMap;

/// The first private-use character: `{{ param }}` number `i` of a clause is `MARK + i` in the
/// normalised official text, so no document character ever matches it.
pub const MARK: u32 = 0xE000;

pub fn is_mark(c: char) -> bool {
    (MARK..MARK + 0x100).contains(&(c as u32))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// One of the notice's clauses (or its subsidy wording): the verdicts that count.
    Standard,
    /// SecSpec's drafted clauses (outsourcing items, CSIRT).
    Drafted,
    /// Quoted text that belongs to no clause (the definition of 国の安全): recognised so it is
    /// not taken for an addition, never reported.
    Quoted,
}

#[derive(Debug, Clone)]
pub struct OffSentence {
    /// Index of its clause in `Official::clauses`.
    pub clause: usize,
    pub event: bool,
    pub heading: bool,
    /// Normalised text with marks for the parameters.
    pub norm: Vec<char>,
    pub canon: Canon,
}

#[derive(Debug, Clone)]
pub struct OffClause {
    pub id: String,
    pub version: String,
    pub heading: String,
    pub group: Group,
    pub variant: Variant,
    pub origin: crate::library::Origin,
    pub source: String,
    pub role: Role,
    /// Placeholder text (〔各府省庁名を記載〕) by mark number, normalised.
    pub placeholders: Vec<Vec<char>>,
    /// Sentence indices (into `Official::sentences`), official order, heading excluded.
    pub sentences: Vec<usize>,
    pub heading_sentence: Option<usize>,
    pub protected: Vec<Vec<char>>,
}

#[derive(Debug, Clone)]
pub struct Official {
    pub clauses: Vec<OffClause>,
    pub sentences: Vec<OffSentence>,
    pub latin: bool,
}

pub fn split(text: &str, latin: bool) -> Vec<&str> {
    if latin {
        text::split_units_latin(text)
    } else {
        text::split_units(text)
    }
}

pub fn squeeze(text: &str, latin: bool) -> Vec<char> {
    if latin {
        text::squeeze_spaced(text)
    } else {
        text::squeeze(text)
    }
}

impl Official {
    /// The clauses to compare with, in library order; `only` restricts to one clause id.
    pub fn build(library: &Library, rules: &Rules, lang: Lang, only: Option<&str>) -> Official {
        let latin = lang == Lang::En;
        let mut out = Official {
            clauses: Vec::new(),
            sentences: Vec::new(),
            latin,
        };
        for clause in &library.clauses {
            if only.is_some_and(|id| id != clause.id) {
                continue;
            }
            let role = if clause.group == Group::Standard && clause.mandatory {
                Role::Standard
            } else {
                Role::Drafted
            };
            out.add_clause(clause, role, rules, lang);
        }
        if only.is_none() {
            for d in &library.definitions {
                let idx = out.clauses.len();
                out.clauses.push(OffClause {
                    id: d.id.clone(),
                    version: String::new(),
                    heading: String::new(),
                    group: Group::Standard,
                    variant: Variant::Any,
                    origin: d.origin,
                    source: d.source.clone(),
                    role: Role::Quoted,
                    placeholders: Vec::new(),
                    sentences: Vec::new(),
                    heading_sentence: None,
                    protected: Vec::new(),
                });
                for unit in split(d.text(lang), latin) {
                    let (_, rest) = text::strip_prefix(unit, latin);
                    out.push_sentence(idx, &rest, false, false, rules);
                }
            }
        }
        out
    }

    fn push_sentence(
        &mut self,
        clause: usize,
        text: &str,
        event: bool,
        heading: bool,
        rules: &Rules,
    ) {
        let norm = squeeze(text, self.latin);
        if norm.is_empty() {
            return;
        }
        let canon = text::canonicalize(&norm, &rules.notation);
        let idx = self.sentences.len();
        self.sentences.push(OffSentence {
            clause,
            event,
            heading,
            norm,
            canon,
        });
        if let Some(c) = self.clauses.get_mut(clause) {
            if heading {
                c.heading_sentence = Some(idx);
            } else {
                c.sentences.push(idx);
            }
        }
    }

    fn add_clause(&mut self, clause: &Clause, role: Role, rules: &Rules, lang: Lang) {
        let text = clause.text(lang);
        let mut values = BTreeMap::new();
        let mut placeholders = Vec::new();
        for (i, p) in clause.params.iter().enumerate() {
            let mark = char::from_u32(MARK + i as u32).unwrap_or('\u{E000}');
            values.insert(p.name.clone(), mark.to_string());
            placeholders.push(squeeze(p.placeholder(lang), self.latin));
        }
        // A body that does not render is refused at library load time; skip it defensively.
        let Ok(rendered) = template::render(&text.body, &values) else {
            return;
        };
        let idx = self.clauses.len();
        self.clauses.push(OffClause {
            id: clause.id.clone(),
            version: clause.version.clone(),
            heading: text.heading.clone(),
            group: clause.group,
            variant: clause.variant,
            origin: clause.origin_in(lang),
            source: clause.source.clone(),
            role,
            placeholders,
            sentences: Vec::new(),
            heading_sentence: None,
            protected: rules.protected.get(&clause.id).cloned().unwrap_or_default(),
        });
        self.push_sentence(idx, &text.heading, false, true, rules);
        for part in template::parse_body(&rendered) {
            match part {
                BodyPart::Paragraph(p) => {
                    for unit in split(&p, self.latin) {
                        self.push_sentence(idx, unit, false, false, rules);
                    }
                }
                BodyPart::List(items) => {
                    for item in items {
                        self.push_sentence(idx, &item, true, false, rules);
                    }
                }
            }
        }
    }

    /// The official text of sentence `s` with marks replaced by `values` (by mark number) or,
    /// where a value is missing, by the notice's placeholder.
    pub fn fill(&self, s: usize, values: &[Option<Vec<char>>]) -> Vec<char> {
        let Some(sentence) = self.sentences.get(s) else {
            return Vec::new();
        };
        let clause = self.clauses.get(sentence.clause);
        let mut out = Vec::new();
        for c in &sentence.norm {
            if is_mark(*c) {
                let i = (*c as u32 - MARK) as usize;
                match values.get(i).and_then(|v| v.as_ref()) {
                    Some(v) => out.extend_from_slice(v),
                    None => {
                        if let Some(p) = clause.and_then(|c| c.placeholders.get(i)) {
                            out.extend_from_slice(p);
                        }
                    }
                }
            } else {
                out.push(*c);
            }
        }
        out
    }
}
