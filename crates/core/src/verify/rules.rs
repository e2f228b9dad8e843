//! The verifier's data: spellings that are notation only (`verify/notation.toml`) and the ways an
//! obligation is weakened (`verify/weakening.toml`). Data, not code: officers' spellings and
//! softened phrases are added there.

use super::text;
use serde::Deserialize;
use std::collections::BTreeMap;

pub const NOTATION_FILE: &str = "verify/notation.toml";
pub const WEAKENING_FILE: &str = "verify/weakening.toml";

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct NotationFile {
    version: String,
    origin: crate::library::Origin,
    source: String,
    variant: Vec<NotationEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct NotationEntry {
    pub official: String,
    pub found: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct WeakeningFile {
    version: String,
    origin: crate::library::Origin,
    source: String,
    #[serde(default)]
    softened: Vec<Softened>,
    #[serde(default)]
    softeners: Vec<String>,
    #[serde(default)]
    protected: Vec<Protected>,
}

/// An official phrase and the softer phrases that replace it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Softened {
    pub official: String,
    pub found: Vec<String>,
}

/// Phrases of one clause whose loss weakens it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Protected {
    pub clause: String,
    pub phrases: Vec<String>,
}

/// The verifier's rules, normalised (NFKC, no whitespace) once at load time.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rules {
    pub notation_version: String,
    pub weakening_version: String,
    /// Every spelling (official forms map to themselves) -> the official form, as char vectors.
    pub(crate) notation: Vec<(Vec<char>, Vec<char>)>,
    pub(crate) softened: Vec<(Vec<char>, Vec<Vec<char>>)>,
    pub(crate) softeners: Vec<Vec<char>>,
    /// Clause id -> phrases (canonical form).
    pub(crate) protected: BTreeMap<String, Vec<Vec<char>>>,
    /// The entries as written, for reports and tests.
    pub notation_entries: Vec<NotationEntry>,
}

fn parse<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, String> {
    toml::from_str(text).map_err(|e| {
        format!(
            "TOML として読めません / invalid TOML ({file}): {}",
            e.to_string().trim().replace('\n', " ")
        )
    })
}

impl Rules {
    /// Builds the rules from the two files' contents.
    pub fn from_texts(notation: &str, weakening: &str) -> Result<Rules, (String, String)> {
        let n: NotationFile =
            parse(NOTATION_FILE, notation).map_err(|m| (NOTATION_FILE.to_string(), m))?;
        let w: WeakeningFile =
            parse(WEAKENING_FILE, weakening).map_err(|m| (WEAKENING_FILE.to_string(), m))?;
        let _ = (&n.origin, &n.source, &w.origin, &w.source);
        let bad = |file: &str, m: String| (file.to_string(), m);
        let mut notation: Vec<(Vec<char>, Vec<char>)> = Vec::new();
        let mut seen: BTreeMap<Vec<char>, Vec<char>> = BTreeMap::new();
        for entry in &n.variant {
            let official = text::squeeze(&entry.official);
            if official.is_empty() || entry.found.is_empty() {
                return Err(bad(
                    NOTATION_FILE,
                    format!(
                        "「{}」: official と found が必要です / needs official and found",
                        entry.official
                    ),
                ));
            }
            for spelling in std::iter::once(&entry.official).chain(entry.found.iter()) {
                let key = text::squeeze(spelling);
                if key.is_empty() {
                    return Err(bad(
                        NOTATION_FILE,
                        format!(
                            "「{}」: 空の表記があります / empty spelling",
                            entry.official
                        ),
                    ));
                }
                match seen.get(&key) {
                    Some(prev) if *prev != official => {
                        return Err(bad(
                            NOTATION_FILE,
                            format!(
                                "「{spelling}」が二つの表記に割り当てられています / spelling listed for two official forms"
                            ),
                        ))
                    }
                    Some(_) => {}
                    None => {
                        seen.insert(key.clone(), official.clone());
                        notation.push((key, official.clone()));
                    }
                }
            }
        }
        // Longest spelling first at each character, so 「または」 wins over 「また」.
        text::sort_table(&mut notation);
        let mut rules = Rules {
            notation_version: n.version,
            weakening_version: w.version,
            notation,
            notation_entries: n.variant,
            ..Rules::default()
        };
        for s in &w.softened {
            let official = rules.canon_of(&s.official);
            let found: Vec<Vec<char>> = s.found.iter().map(|f| rules.canon_of(f)).collect();
            if official.is_empty() || found.iter().any(|f| f.is_empty()) {
                return Err(bad(
                    WEAKENING_FILE,
                    format!(
                        "softened「{}」に空の文言があります / empty phrase",
                        s.official
                    ),
                ));
            }
            rules.softened.push((official, found));
        }
        rules.softeners = w
            .softeners
            .iter()
            .map(|s| rules.canon_of(s))
            .filter(|s| !s.is_empty())
            .collect();
        for p in &w.protected {
            let phrases: Vec<Vec<char>> = p
                .phrases
                .iter()
                .map(|s| rules.canon_of(s))
                .filter(|s| !s.is_empty())
                .collect();
            rules
                .protected
                .entry(p.clause.clone())
                .or_default()
                .extend(phrases);
        }
        Ok(rules)
    }

    /// Canonical form of a phrase written in a data file.
    fn canon_of(&self, s: &str) -> Vec<char> {
        text::canonicalize(&text::squeeze(s), &self.notation).chars
    }

    /// Clause ids named by `[[protected]]`, for the library's consistency check.
    pub fn protected_clauses(&self) -> impl Iterator<Item = &str> {
        self.protected.keys().map(String::as_str)
    }
}
