//! Carries what a checked specification changed in a standard clause into the officer's edited
//! wording of a new project, so the wizard's deviation view shows each change against the
//! official text.
//!
//! The verifier compares normalised text (NFKC, no spaces), so its sentences cannot be pasted
//! back as they are: full-width brackets and digits of the official wording would come back
//! half-width. Instead each changed sentence is diffed against its official form character by
//! character, and only the characters the document inserted are taken from it; everything
//! else keeps the official wording's own characters.

use super::text::{display, squeeze, strip_prefix};
use super::{ClauseResult, SentenceStatus, TextBlock};
use similar::{capture_diff_slices, Algorithm, DiffOp};

/// The placeholder of the notice for the agency name.
const AGENCY: &str = "〔各府省庁名を記載〕";

/// `editable` (a clause's wording as offered for editing, the agency as 〔各府省庁名を記載〕) with
/// every sentence the document changed replaced by the document's version. `agencies` are the
/// names the document used for the placeholder; they become the placeholder again, so a later
/// change of agency still reaches the clause. Sentences that cannot be placed are left as the
/// official text. Returns `None` when nothing was carried.
pub fn carry_changes(editable: &str, clause: &ClauseResult, agencies: &[String]) -> Option<String> {
    let mut body: Vec<char> = editable.chars().collect();
    let mut carried = false;
    for sentence in &clause.sentences {
        let (SentenceStatus::Changed, Some(found)) = (sentence.status, &sentence.found) else {
            continue;
        };
        let official = with_placeholder(&sentence.official, agencies);
        let found = with_placeholder(found, agencies);
        if let Some(replaced) = replace_sentence(&body, &official, &found) {
            body = replaced;
            carried = true;
        }
    }
    carried.then(|| body.into_iter().collect())
}

/// The 件名 a specification states: 「件名：〇〇業務」 in one paragraph, or a 件名 heading (「１．件名」)
/// followed by the title. `None` when the document states none (or something too long to be one).
pub fn stated_title(blocks: &[TextBlock]) -> Option<String> {
    const MAX_CHARS: usize = 200;
    let fits = |t: &String| !t.is_empty() && t.chars().count() <= MAX_CHARS;
    for (i, block) in blocks.iter().enumerate() {
        let (_, rest) = strip_prefix(&block.text, false);
        let Some(after) = rest.trim().strip_prefix("件名") else {
            continue;
        };
        let after = after.trim_start();
        if after.is_empty() {
            return blocks
                .get(i + 1)
                .map(|next| display(&next.text))
                .filter(fits);
        }
        if after.starts_with(':') {
            // The value as the document writes it (not NFKC-folded), after 件名 and its colon.
            let original = block.text.split_once("件名").map(|(_, v)| v)?;
            let value = original.trim_start().trim_start_matches([':', '：']).trim();
            return Some(display(value)).filter(fits);
        }
    }
    None
}

fn with_placeholder(text: &str, agencies: &[String]) -> Vec<char> {
    let mut text = text.to_string();
    for name in agencies.iter().filter(|n| !n.is_empty()) {
        text = text.replace(name.as_str(), AGENCY);
    }
    squeeze(&text)
}

/// `body` with the official sentence (normalised) replaced by `found`, or `None` when the
/// sentence is not in `body`.
fn replace_sentence(body: &[char], official: &[char], found: &[char]) -> Option<Vec<char>> {
    // The body normalised, each normalised character with the index of the body character it
    // came from.
    let mut norm: Vec<char> = Vec::new();
    let mut origin: Vec<usize> = Vec::new();
    for (i, c) in body.iter().enumerate() {
        for n in squeeze(&c.to_string()) {
            norm.push(n);
            origin.push(i);
        }
    }
    let start = find(&norm, official)?;
    let end = start + official.len();
    let (first, last) = (*origin.get(start)?, *origin.get(end - 1)?);
    let mut sentence: Vec<char> = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, official, found) {
        match op {
            DiffOp::Equal { old_index, len, .. } => {
                // The official characters themselves, each once (one may normalise to several).
                let mut last_taken = None;
                for k in old_index..old_index + len {
                    let at = *origin.get(start + k)?;
                    if last_taken != Some(at) {
                        sentence.push(*body.get(at)?);
                        last_taken = Some(at);
                    }
                }
            }
            DiffOp::Insert {
                new_index, new_len, ..
            }
            | DiffOp::Replace {
                new_index, new_len, ..
            } => sentence.extend(found.get(new_index..new_index + new_len)?),
            DiffOp::Delete { .. } => {}
        }
    }
    let mut out = body.get(..first)?.to_vec();
    out.extend(sentence);
    out.extend(body.get(last + 1..)?);
    Some(out)
}

fn find(haystack: &[char], needle: &[char]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::{Group, Origin, SentenceResult, Status, Variant};

    fn clause(sentences: Vec<SentenceResult>) -> ClauseResult {
        ClauseResult {
            id: "breach".into(),
            version: String::new(),
            heading: String::new(),
            group: Group::Standard,
            variant: Variant::Procurement,
            origin: Origin::Official,
            source: String::new(),
            status: Status::Changed,
            weakened: true,
            notation_only: false,
            reordered: false,
            changes: Vec::new(),
            additions: Vec::new(),
            addition_details: Vec::new(),
            place: String::new(),
            location: None,
            agencies: Vec::new(),
            sentences,
        }
    }

    fn sentence(official: &str, found: &str, status: SentenceStatus) -> SentenceResult {
        SentenceResult {
            official: squeeze(official).into_iter().collect(),
            found: Some(squeeze(found).into_iter().collect()),
            status,
            similarity: 900,
            event: false,
            place: String::new(),
            location: None,
        }
    }

    const BODY: &str =
        "（１）受注者は、直ちに〔各府省庁名を記載〕に報告すること。\n\n・第２項の事象";

    #[test]
    fn only_the_inserted_words_come_from_the_document() {
        // The verifier's sentences are normalised: （１） reads (1), the agency is named.
        let changed = sentence(
            "受注者は、直ちにデジタル庁に報告すること。",
            "受注者は、速やかにデジタル庁に報告すること。",
            SentenceStatus::Changed,
        );
        let out = carry_changes(BODY, &clause(vec![changed]), &["デジタル庁".into()]).unwrap();
        assert_eq!(
            out,
            "（１）受注者は、速やかに〔各府省庁名を記載〕に報告すること。\n\n・第２項の事象"
        );
    }

    #[test]
    fn full_width_characters_of_the_official_text_stay_full_width() {
        let changed = sentence(
            "・第２項の事象",
            "・第２項及び第３項の事象",
            SentenceStatus::Changed,
        );
        let out = carry_changes(BODY, &clause(vec![changed]), &[]).unwrap();
        // NFKC would have made 第2項; the inserted words are the document's own (normalised).
        assert!(out.ends_with("・第２項及び第3項の事象"), "{out}");
        assert!(out.starts_with("（１）受注者は、直ちに"), "{out}");
    }

    #[test]
    fn notation_and_exact_sentences_are_not_carried() {
        let same = sentence(
            "受注者は、直ちに〔各府省庁名を記載〕に報告すること。",
            "受注者は、直ちに〔各府省庁名を記載〕に報告すること。",
            SentenceStatus::Exact,
        );
        let notation = sentence("・第２項の事象", "・第２項の事柄", SentenceStatus::Notation);
        assert_eq!(
            carry_changes(BODY, &clause(vec![same, notation]), &[]),
            None
        );
    }

    #[test]
    fn the_title_is_taken_as_the_document_states_it() {
        let blocks = |texts: &[&str]| texts.iter().map(|t| TextBlock::new(*t)).collect::<Vec<_>>();
        assert_eq!(
            stated_title(&blocks(&[
                "調達仕様書",
                "１．件名：令和８年度　庁内ＬＡＮ運用保守業務",
                "２．目的"
            ]))
            .as_deref(),
            Some("令和８年度 庁内ＬＡＮ運用保守業務")
        );
        assert_eq!(
            stated_title(&blocks(&[
                "第１　件名",
                "府省間ネットワーク運用監視業務",
                "第２　目的"
            ]))
            .as_deref(),
            Some("府省間ネットワーク運用監視業務")
        );
        assert_eq!(stated_title(&blocks(&["件名に関する注意", "本文"])), None);
        assert_eq!(stated_title(&blocks(&["目的", "本文"])), None);
        let long = format!("件名：{}", "長".repeat(201));
        assert_eq!(stated_title(&blocks(&[long.as_str()])), None);
    }

    #[test]
    fn a_sentence_that_cannot_be_placed_is_left_alone() {
        let elsewhere = sentence(
            "どこにもない文。",
            "どこにもない文章。",
            SentenceStatus::Changed,
        );
        assert_eq!(carry_changes(BODY, &clause(vec![elsewhere]), &[]), None);
    }
}
