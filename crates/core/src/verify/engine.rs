//! Alignment of a document's sentences with the official sentences, and the verdicts.

use super::official::{self, is_mark, Official, Role, MARK};
use super::rules::Rules;
use super::text::{self, Canon};
use super::*;
use similar::{capture_diff_slices, Algorithm, DiffOp};
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

/// Similarities are in permille: 2·matched / (official + found) characters.
/// Below this a window is not a candidate for a sentence at all.
const CANDIDATE: u32 = 450;
/// A sentence of a recognised clause is taken as present (changed) from this similarity on.
const PRESENT: u32 = 500;
/// One sentence this close (and long enough) recognises its clause on its own.
const STRONG: u32 = 800;
/// Two sentences this close recognise their clause together.
const SUPPORT: u32 = 600;
/// An official sentence must be at least this long (characters) to recognise a clause alone.
const STRONG_LEN: usize = 20;
/// A long sentence (at least `LONG_LEN` characters) recognises its clause from this similarity.
const LONG: u32 = 700;
const LONG_LEN: usize = 60;
/// Share of character pairs (permille, Dice) below which a window is not compared precisely.
const MIN_DICE: u32 = 350;
/// A heading matches from this similarity on.
const HEADING: u32 = 850;
/// Weak matches further than this (in units) from the clause's strong ones are coincidences.
const NEAR: usize = 40;
/// A parameter value (an agency name) longer than this is not a value but a rewording.
const MAX_VALUE: usize = 40;
/// Trailing additions listed at most per clause.
const MAX_TRAILING: usize = 12;

/// One sentence-sized piece of the document.
#[derive(Debug, Clone)]
pub struct Unit {
    pub block: usize,
    pub label: String,
    pub display: String,
    pub norm: Vec<char>,
    pub canon: Canon,
    pub heading_block: bool,
}

pub fn units(blocks: &[TextBlock], rules: &Rules, latin: bool) -> Vec<Unit> {
    let mut out = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        for piece in official::split(&block.text, latin) {
            let (label, rest) = text::strip_prefix(piece, latin);
            let norm = official::squeeze(&rest, latin);
            if norm.is_empty() {
                continue;
            }
            let canon = text::canonicalize(&norm, &rules.notation);
            out.push(Unit {
                block: i,
                label,
                display: text::display(&rest),
                norm,
                canon,
                heading_block: block.heading.is_some(),
            });
        }
    }
    out
}

/// A window of consecutive units aligned with one official sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cand {
    s: usize,
    a: usize,
    /// Inclusive.
    b: usize,
    f: u32,
}

/// Changed runs of a diff: official range and document range.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Hunk {
    o: Range<usize>,
    n: Range<usize>,
}

struct Compared {
    matched: usize,
    hunks: Vec<Hunk>,
    equal: Vec<(usize, usize, usize)>,
}

fn compare(old: &[char], new: &[char]) -> Compared {
    let ops = capture_diff_slices(Algorithm::Myers, old, new);
    let mut out = Compared {
        matched: 0,
        hunks: Vec::new(),
        equal: Vec::new(),
    };
    let mut open: Option<Hunk> = None;
    for op in ops {
        let (o, n) = (op.old_range(), op.new_range());
        if let DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            out.matched += len;
            out.equal.push((old_index, new_index, len));
            if let Some(h) = open.take() {
                out.hunks.push(h);
            }
            continue;
        }
        match open.as_mut() {
            Some(h) => {
                h.o.end = o.end.max(h.o.end);
                h.n.end = n.end.max(h.n.end);
            }
            None => open = Some(Hunk { o, n }),
        }
    }
    if let Some(h) = open {
        out.hunks.push(h);
    }
    out
}

/// Similarity of an official text (with marks) and a found text: a mark and what stands in its
/// place count for nothing, so an agency name of any length does not lower it.
fn similarity(old: &[char], new: &[char]) -> (u32, Compared) {
    let c = compare(old, new);
    let mut old_len = old.len();
    let mut new_len = new.len();
    for h in &c.hunks {
        let marks = old
            .get(h.o.clone())
            .map_or(0, |o| o.iter().filter(|c| is_mark(**c)).count());
        if marks > 0 {
            old_len = old_len.saturating_sub(marks);
            let others = h.o.len() - marks;
            let value = h.n.len().saturating_sub(others).min(MAX_VALUE * marks);
            new_len = new_len.saturating_sub(value);
        }
    }
    let total = old_len + new_len;
    let f = (2000 * c.matched).checked_div(total).unwrap_or(0).min(1000) as u32;
    (f, c)
}

/// Values of the marks when `found` is the official text with each mark replaced by a value:
/// literal pieces must match exactly.
fn literal_values(off: &[char], found: &[char]) -> Option<Vec<Option<Vec<char>>>> {
    let pieces: Vec<&[char]> = off.split(|c| is_mark(*c)).collect();
    let marks: Vec<usize> = off
        .iter()
        .filter(|c| is_mark(**c))
        .map(|c| (*c as u32 - MARK) as usize)
        .collect();
    let first = pieces.first()?;
    if !found.starts_with(first) {
        return None;
    }
    let mut values: Vec<Option<Vec<char>>> = Vec::new();
    let mut pos = first.len();
    for (k, mark) in marks.iter().enumerate() {
        let next = pieces.get(k + 1)?;
        let is_last = k + 1 == marks.len();
        let end = if is_last {
            if found.len() < pos + next.len() + 1 || !found.ends_with(next) {
                return None;
            }
            found.len() - next.len()
        } else {
            let from = pos + 1;
            let window = found.get(from..)?;
            let at = (0..window.len().saturating_sub(next.len()) + 1)
                .take(MAX_VALUE)
                .find(|i| window.get(*i..*i + next.len()) == Some(*next))?;
            from + at
        };
        let value = found.get(pos..end)?.to_vec();
        if value.is_empty() || value.len() > MAX_VALUE || value.contains(&'。') {
            return None;
        }
        if values.len() <= *mark {
            values.resize(*mark + 1, None);
        }
        values[*mark] = Some(value);
        pos = end + next.len();
    }
    if marks.is_empty() {
        return (off == found).then(Vec::new);
    }
    (pos == found.len()).then_some(values)
}

/// Values of the marks read from a diff: what the document has where the official text has a mark.
fn diff_values(off: &[char], found: &[char]) -> Vec<Option<Vec<char>>> {
    let c = compare(off, found);
    let mut values: Vec<Option<Vec<char>>> = Vec::new();
    for h in &c.hunks {
        let Some(old) = off.get(h.o.clone()) else {
            continue;
        };
        let marks: Vec<usize> = old
            .iter()
            .filter(|c| is_mark(**c))
            .map(|c| (*c as u32 - MARK) as usize)
            .collect();
        if marks.len() != 1 || old.len() > 3 {
            continue;
        }
        let Some(new) = found.get(h.n.clone()) else {
            continue;
        };
        if new.is_empty() || new.len() > MAX_VALUE || new.contains(&'。') {
            continue;
        }
        let m = marks[0];
        if values.len() <= m {
            values.resize(m + 1, None);
        }
        if values[m].is_none() {
            values[m] = Some(new.to_vec());
        }
    }
    values
}

fn bigrams(chars: &[char]) -> Vec<(char, char)> {
    let mut v: Vec<(char, char)> = chars
        .windows(2)
        .filter_map(|w| match w {
            [a, b] if !is_mark(*a) && !is_mark(*b) => Some((*a, *b)),
            _ => None,
        })
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Candidate windows for every official sentence.
fn candidates(off: &Official, units: &[Unit]) -> Vec<Vec<Cand>> {
    let n_s = off.sentences.len();
    let mut index: HashMap<(char, char), Vec<u32>> = HashMap::new();
    let mut s_bigrams = vec![0usize; n_s];
    for (i, s) in off.sentences.iter().enumerate() {
        let bg = bigrams(&s.canon.chars);
        s_bigrams[i] = bg.len();
        for g in bg {
            index.entry(g).or_default().push(i as u32);
        }
    }
    // (unit, shared bigrams, unit bigrams) per sentence.
    let mut hits: Vec<Hits> = vec![Hits::default(); n_s];
    let mut counts = vec![0usize; n_s];
    let mut touched: Vec<usize> = Vec::new();
    for (u, unit) in units.iter().enumerate() {
        let bg = bigrams(&unit.canon.chars);
        for g in &bg {
            if let Some(list) = index.get(g) {
                for s in list {
                    let s = *s as usize;
                    if counts[s] == 0 {
                        touched.push(s);
                    }
                    counts[s] += 1;
                }
            }
        }
        for s in touched.drain(..) {
            // Tiny units (a sentence's last two characters on their own line) count with one.
            if counts[s] >= 2 || bg.len() <= 2 {
                hits[s].push(u, counts[s], bg.len().max(1));
            }
            counts[s] = 0;
        }
    }
    let mut out = vec![Vec::new(); n_s];
    for (s, sent) in off.sentences.iter().enumerate() {
        let sb = s_bigrams[s].max(1);
        let s_len = sent.canon.chars.len();
        let mut seeds: Vec<(usize, usize)> = hits[s]
            .0
            .iter()
            .filter(|(_, c, ub)| {
                let short = sb < 6;
                (*c >= 3 || short) && *c * 2 >= *ub
            })
            .map(|(u, c, _)| (*u, *c))
            .collect();
        seeds.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        seeds.truncate(12);
        let mut windows: Vec<(u32, usize, usize)> = Vec::new();
        // Bigram occurrences (not distinct ones): a sentence repeating a phrase needs them all.
        let s_total = s_len.saturating_sub(1).max(1);
        for (seed, _) in seeds {
            let (ga, gb) = grow(&hits[s], units, seed, s_total, s_len);
            // The grown window, its halves and the seed alone: growth may take in a neighbour
            // (a heading) that belongs elsewhere.
            for (a, b) in [(ga, gb), (seed, gb), (ga, seed), (seed, seed)] {
                if windows.iter().any(|w| w.1 == a && w.2 == b) {
                    continue;
                }
                let shared: usize = (a..=b).filter_map(|u| hits[s].get(&u)).map(|h| h.0).sum();
                let ub: usize = (a..=b)
                    .map(|u| {
                        hits[s]
                            .get(&u)
                            .map_or_else(|| bigrams(&units[u].canon.chars).len(), |h| h.1)
                    })
                    .sum();
                let dice = (2000 * shared / (sb + ub).max(1)) as u32;
                windows.push((dice, a, b));
            }
        }
        windows.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
        windows.truncate(6);
        let mut seen: Vec<(usize, usize)> = Vec::new();
        for (dice, a, b) in windows {
            // Sentences that share few character pairs are not worth a precise comparison:
            // the official sentences matched in real documents share well over half.
            if dice < MIN_DICE {
                continue;
            }
            let Some((a, b, f)) = refine(&sent.canon.chars, units, a, b, s_len) else {
                continue;
            };
            if f >= CANDIDATE && !seen.contains(&(a, b)) {
                seen.push((a, b));
                out[s].push(Cand { s, a, b, f });
            }
        }
    }
    out
}

/// The precise similarity of a window, then of its neighbours one unit wider or narrower on
/// either side while that improves it (a sentence's last line may hold two characters).
fn refine(
    off: &[char],
    units: &[Unit],
    a: usize,
    b: usize,
    s_len: usize,
) -> Option<(usize, usize, u32)> {
    let score = |a: usize, b: usize| {
        let found = joined(units, a, b);
        (found.len() <= 3 * s_len + 200).then(|| similarity(off, &found).0)
    };
    let (mut a, mut b) = (a, b);
    let mut f = score(a, b)?;
    if f + 50 < CANDIDATE {
        return Some((a, b, f));
    }
    for _ in 0..6 {
        let mut best: Option<(usize, usize, u32)> = None;
        let mut options = vec![(a, b + 1)];
        if a > 0 {
            options.push((a - 1, b));
        }
        if a < b {
            options.push((a + 1, b));
            options.push((a, b - 1));
        }
        for (x, y) in options {
            if y >= units.len() {
                continue;
            }
            if let Some(g) = score(x, y) {
                if g > f && best.is_none_or(|bb| g > bb.2) {
                    best = Some((x, y, g));
                }
            }
        }
        match best {
            Some((x, y, g)) => {
                a = x;
                b = y;
                f = g;
            }
            None => break,
        }
    }
    Some((a, b, f))
}

/// Units sharing character pairs with one sentence: (unit, shared, unit's pairs), by unit.
#[derive(Debug, Clone, Default)]
struct Hits(Vec<(usize, usize, usize)>);

impl Hits {
    fn push(&mut self, u: usize, c: usize, ub: usize) {
        self.0.push((u, c, ub));
    }

    fn get(&self, u: &usize) -> Option<(usize, usize)> {
        self.0
            .binary_search_by_key(u, |x| x.0)
            .ok()
            .and_then(|i| self.0.get(i))
            .map(|x| (x.1, x.2))
    }
}

/// Widens a seed unit to its neighbours while they belong to the sentence (by bigram share) and
/// the window stays about as long as the sentence.
fn grow(hits: &Hits, units: &[Unit], seed: usize, sb: usize, s_len: usize) -> (usize, usize) {
    let (mut a, mut b) = (seed, seed);
    let mut len = units.get(seed).map_or(0, |u| u.canon.chars.len());
    let mut shared = hits.get(&seed).map_or(0, |h| h.0);
    let fits = |u: usize| {
        hits.get(&u).is_some_and(|(c, ub)| {
            if ub <= 2 {
                c == ub
            } else {
                c * 5 >= ub * 2 && c >= 2
            }
        })
    };
    for _ in 0..12 {
        if len >= s_len + s_len / 2 + 30 || shared >= sb {
            break;
        }
        let right = (b + 1 < units.len() && fits(b + 1)).then_some(b + 1);
        let left = (a > 0 && fits(a - 1)).then(|| a - 1);
        let pick = match (left, right) {
            (Some(l), Some(r)) => {
                let gl = hits.get(&l).map_or(0, |h| h.0);
                let gr = hits.get(&r).map_or(0, |h| h.0);
                if gr >= gl {
                    r
                } else {
                    l
                }
            }
            (Some(l), None) => l,
            (None, Some(r)) => r,
            (None, None) => break,
        };
        if pick > b {
            b = pick;
        } else {
            a = pick;
        }
        len += units.get(pick).map_or(0, |u| u.canon.chars.len());
        shared += hits.get(&pick).map_or(0, |h| h.0);
    }
    (a, b)
}

fn joined(units: &[Unit], a: usize, b: usize) -> Vec<char> {
    let mut out = Vec::new();
    for u in units.get(a..=b).unwrap_or(&[]) {
        out.extend_from_slice(&u.canon.chars);
    }
    out
}

fn joined_norm(units: &[Unit], a: usize, b: usize) -> Vec<char> {
    let mut out = Vec::new();
    for u in units.get(a..=b).unwrap_or(&[]) {
        out.extend_from_slice(&u.norm);
    }
    out
}

/// Greedy one-to-one assignment: best similarity first, each unit used once.
fn assign(
    off: &Official,
    cands: &[Vec<Cand>],
    allowed: &dyn Fn(usize) -> bool,
    n_units: usize,
) -> Vec<Option<Cand>> {
    let mut all: Vec<Cand> = cands
        .iter()
        .flatten()
        .filter(|c| off.sentences.get(c.s).is_some_and(|s| allowed(s.clause)))
        .copied()
        .collect();
    all.sort_by(|x, y| y.f.cmp(&x.f).then(x.s.cmp(&y.s)).then(x.a.cmp(&y.a)));
    let mut used = vec![false; n_units];
    let mut out: Vec<Option<Cand>> = vec![None; off.sentences.len()];
    for c in all {
        let heading = off.sentences.get(c.s).is_some_and(|s| s.heading);
        if heading && c.f < HEADING {
            continue;
        }
        if out[c.s].is_some() || used[c.a..=c.b].iter().any(|u| *u) {
            continue;
        }
        used[c.a..=c.b].iter_mut().for_each(|u| *u = true);
        out[c.s] = Some(c);
    }
    out
}

/// Whether the matches of clause `k` recognise it, and which matches stand.
fn recognise(off: &Official, k: usize, got: &mut [Option<Cand>]) -> bool {
    let Some(clause) = off.clauses.get(k) else {
        return false;
    };
    let mut strong: Vec<(usize, usize)> = Vec::new();
    let mut support = 0;
    for s in &clause.sentences {
        if let Some(c) = got[*s] {
            let len = off.sentences[*s].canon.chars.len();
            let long = c.f >= LONG && len >= LONG_LEN;
            if (c.f >= STRONG && (len >= STRONG_LEN || clause.role == Role::Quoted)) || long {
                strong.push((c.a, c.b));
            }
            if c.f >= SUPPORT {
                support += 1;
            }
        }
    }
    let heading = clause.heading_sentence.and_then(|h| got[h]);
    let recognised = !strong.is_empty() || support >= 2 || (heading.is_some() && support >= 1);
    if !recognised {
        for s in clause
            .sentences
            .iter()
            .chain(clause.heading_sentence.iter())
        {
            got[*s] = None;
        }
        return false;
    }
    // Anchor: the strong matches, else every supporting one.
    let anchor: Vec<(usize, usize)> = if strong.is_empty() {
        clause
            .sentences
            .iter()
            .filter_map(|s| got[*s])
            .filter(|c| c.f >= SUPPORT)
            .map(|c| (c.a, c.b))
            .collect()
    } else {
        strong
    };
    let lo = anchor.iter().map(|x| x.0).min().unwrap_or(0);
    let hi = anchor.iter().map(|x| x.1).max().unwrap_or(0);
    for s in clause
        .sentences
        .iter()
        .chain(clause.heading_sentence.iter())
    {
        if let Some(c) = got[*s] {
            let near = c.b + NEAR >= lo && c.a <= hi + NEAR;
            let heading = off.sentences[*s].heading;
            if !near || (!heading && c.f < PRESENT) {
                got[*s] = None;
            }
        }
    }
    true
}

struct Scenario {
    got: Vec<Option<Cand>>,
    recognised: Vec<bool>,
    score: u64,
}

fn scenario(
    off: &Official,
    cands: &[Vec<Cand>],
    n_units: usize,
    allowed: &dyn Fn(usize) -> bool,
) -> Scenario {
    let mut got = assign(off, cands, allowed, n_units);
    let mut recognised: Vec<bool> = (0..off.clauses.len())
        .map(|k| allowed(k) && recognise(off, k, &mut got))
        .collect();
    // Second pass without the clauses that were not recognised, so their units are free.
    let keep = |k: usize| allowed(k) && recognised.get(k).copied().unwrap_or(false);
    got = assign(off, cands, &keep, n_units);
    recognised = (0..off.clauses.len())
        .map(|k| keep(k) && recognise(off, k, &mut got))
        .collect();
    let score = off
        .clauses
        .iter()
        .enumerate()
        .filter(|(k, c)| c.role == Role::Standard && recognised[*k])
        .flat_map(|(_, c)| c.sentences.iter())
        .filter_map(|s| got[*s].map(|c| c.f as u64 * off.sentences[*s].canon.chars.len() as u64))
        .sum();
    Scenario {
        got,
        recognised,
        score,
    }
}

/// Where a unit is: its block's location, with the unit's own number if the block has none.
fn unit_location(blocks: &[TextBlock], units: &[Unit], u: usize) -> Location {
    let Some(unit) = units.get(u) else {
        return Location::default();
    };
    let Some(block) = blocks.get(unit.block) else {
        return Location::default();
    };
    let mut loc = block.location.clone();
    // A clause found at its own heading is named by that heading's number, or by its text
    // when it has none.
    if block.heading.is_some() && loc.label.trim().is_empty() {
        loc.headings.push(text::display(&block.text));
        return loc;
    }
    if loc.label.is_empty() && !unit.label.is_empty() {
        loc.label = unit.label.clone();
    }
    loc
}

fn count(hay: &[char], needle: &[char]) -> usize {
    if needle.is_empty() || needle.len() > hay.len() {
        return 0;
    }
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}

fn positions(hay: &[char], needle: &[char]) -> Vec<Range<usize>> {
    if needle.is_empty() || needle.len() > hay.len() {
        return Vec::new();
    }
    hay.windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i..i + needle.len())
        .collect()
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    // An empty range (an insertion point) overlaps a range it touches.
    if a.is_empty() {
        return b.start <= a.start && a.start <= b.end;
    }
    if b.is_empty() {
        return a.start <= b.start && b.start <= a.end;
    }
    a.start < b.end && b.start < a.end
}

fn s(chars: &[char]) -> String {
    chars.iter().collect()
}

/// The outcome for one matched sentence.
struct Classified {
    status: SentenceStatus,
    official: Vec<char>,
    changes: Vec<(ChangeKind, String, String)>,
    values: Vec<Option<Vec<char>>>,
    similarity: u32,
}

fn classify(off: &Official, rules: &Rules, si: usize, norm: &[char], canon: &Canon) -> Classified {
    let sent = &off.sentences[si];
    let protected: &[Vec<char>] = off
        .clauses
        .get(sent.clause)
        .map_or(&[], |c| c.protected.as_slice());
    if let Some(values) = literal_values(&sent.norm, norm) {
        return Classified {
            status: SentenceStatus::Exact,
            official: off.fill(si, &values),
            changes: Vec::new(),
            values,
            similarity: 1000,
        };
    }
    let values = literal_values(&sent.canon.chars, &canon.chars)
        .unwrap_or_else(|| diff_values(&sent.norm, norm));
    let filled = off.fill(si, &values);
    let off_canon = text::canonicalize(&filled, &rules.notation);
    let cmp = compare(&off_canon.chars, &canon.chars);
    let total = off_canon.chars.len() + canon.chars.len();
    let similarity = (2000 * cmp.matched)
        .checked_div(total)
        .unwrap_or(0)
        .min(1000) as u32;
    let mut changes: Vec<(ChangeKind, String, String)> = Vec::new();
    // Notation: a listed spelling in the document aligned with another spelling in the official text.
    for r in &canon.repls {
        let aligned = cmp
            .equal
            .iter()
            .find_map(|(o, n, len)| (r.start >= *n && r.end <= n + len).then(|| o + (r.start - n)));
        let Some(o_start) = aligned else { continue };
        let o_repl = off_canon
            .repls
            .iter()
            .find(|x| x.start == o_start && x.end == o_start + (r.end - r.start));
        let official_src = o_repl.map(|x| x.source.clone()).unwrap_or_else(|| {
            off_canon
                .chars
                .get(o_start..o_start + (r.end - r.start))
                .unwrap_or(&[])
                .to_vec()
        });
        if official_src != r.source {
            let entry = (ChangeKind::Notation, s(&official_src), s(&r.source));
            if !changes.contains(&entry) {
                changes.push(entry);
            }
        }
    }
    if cmp.hunks.is_empty() {
        return Classified {
            status: SentenceStatus::Notation,
            official: filled,
            changes,
            values,
            similarity: 1000,
        };
    }
    let o = &off_canon.chars;
    let n = &canon.chars;
    let mut explained = vec![false; cmp.hunks.len()];
    let mark = |explained: &mut Vec<bool>, o_ranges: &[Range<usize>], n_ranges: &[Range<usize>]| {
        for (i, h) in cmp.hunks.iter().enumerate() {
            if o_ranges.iter().any(|r| overlaps(&h.o, r))
                || n_ranges.iter().any(|r| overlaps(&h.n, r))
            {
                explained[i] = true;
            }
        }
    };
    let touches = |o_ranges: &[Range<usize>], n_ranges: &[Range<usize>]| {
        cmp.hunks.iter().any(|h| {
            o_ranges.iter().any(|r| overlaps(&h.o, r)) || n_ranges.iter().any(|r| overlaps(&h.n, r))
        })
    };
    for (official_frag, softer) in &rules.softened {
        if count(o, official_frag) <= count(n, official_frag) {
            continue;
        }
        let Some(found) = softer.iter().find(|f| count(n, f) > count(o, f)) else {
            continue;
        };
        let (or, nr) = (positions(o, official_frag), positions(n, found));
        if !touches(&or, &nr) {
            continue;
        }
        mark(&mut explained, &or, &nr);
        changes.push((ChangeKind::Weakened, s(official_frag), s(found)));
    }
    for w in &rules.softeners {
        if count(n, w) <= count(o, w) {
            continue;
        }
        let nr = positions(n, w);
        let Some(h) = cmp
            .hunks
            .iter()
            .find(|h| nr.iter().any(|r| overlaps(&h.n, r)))
        else {
            continue;
        };
        let entry = (
            ChangeKind::Weakened,
            s(o.get(h.o.clone()).unwrap_or(&[])),
            s(n.get(h.n.clone()).unwrap_or(&[])),
        );
        mark(&mut explained, &[], &nr);
        if !changes.contains(&entry) {
            changes.push(entry);
        }
    }
    for p in protected {
        if count(o, p) == 0 || count(n, p) > 0 {
            continue;
        }
        let or = positions(o, p);
        // Already reported as softened?
        let covered = cmp
            .hunks
            .iter()
            .enumerate()
            .all(|(i, h)| !or.iter().any(|r| overlaps(&h.o, r)) || explained[i]);
        if covered && touches(&or, &[]) {
            continue;
        }
        let found: String = cmp
            .hunks
            .iter()
            .filter(|h| or.iter().any(|r| overlaps(&h.o, r)))
            .map(|h| s(n.get(h.n.clone()).unwrap_or(&[])))
            .collect();
        mark(&mut explained, &or, &[]);
        changes.push((ChangeKind::Weakened, s(p), found));
    }
    // What is left is rewording: neighbouring hunks (fewer than 3 equal characters apart) as one.
    let mut pending: Option<Hunk> = None;
    let mut rest: Vec<Hunk> = Vec::new();
    for (i, h) in cmp.hunks.iter().enumerate() {
        if explained[i] {
            if let Some(p) = pending.take() {
                rest.push(p);
            }
            continue;
        }
        match pending.as_mut() {
            Some(p)
                if h.o.start.saturating_sub(p.o.end) < 3
                    && h.n.start.saturating_sub(p.n.end) < 3 =>
            {
                p.o.end = h.o.end;
                p.n.end = h.n.end;
            }
            _ => {
                if let Some(p) = pending.replace(h.clone()) {
                    rest.push(p);
                }
            }
        }
    }
    if let Some(p) = pending {
        rest.push(p);
    }
    for h in rest {
        let official_part = s(o.get(h.o.clone()).unwrap_or(&[]));
        let found_part = s(n.get(h.n.clone()).unwrap_or(&[]));
        if official_part.trim().is_empty() && found_part.trim().is_empty() {
            continue;
        }
        changes.push((ChangeKind::Reworded, official_part, found_part));
    }
    Classified {
        status: SentenceStatus::Changed,
        official: filled,
        changes,
        values,
        similarity,
    }
}

fn is_placeholder(off: &Official, clause: usize, mark: usize, value: &[char]) -> bool {
    off.clauses
        .get(clause)
        .and_then(|c| c.placeholders.get(mark))
        .is_some_and(|p| p.as_slice() == value)
        || (value.first() == Some(&'〔') && value.last() == Some(&'〕'))
}

pub(crate) struct Evaluated {
    pub results: Vec<(usize, ClauseResult)>,
    pub uses: Vec<AgencyUse>,
}

/// Verdicts of the clauses `which` from a scenario's matches.
#[allow(clippy::too_many_arguments)]
fn evaluate(
    library: &Library,
    off: &Official,
    rules: &Rules,
    blocks: &[TextBlock],
    units: &[Unit],
    sc: &Scenario,
    which: &[usize],
    lang: Lang,
) -> Evaluated {
    let mut owner: Vec<Option<usize>> = vec![None; units.len()];
    for (si, c) in sc.got.iter().enumerate() {
        if let Some(c) = c {
            let clause = off.sentences.get(si).map(|x| x.clause);
            for o in owner.iter_mut().take(c.b + 1).skip(c.a) {
                *o = clause;
            }
        }
    }
    let mut results = Vec::new();
    let mut uses = Vec::new();
    for &k in which {
        let clause = &off.clauses[k];
        let recognised = sc.recognised.get(k).copied().unwrap_or(false);
        let mut sentences: Vec<SentenceResult> = Vec::new();
        let mut changes: Vec<Change> = Vec::new();
        let mut agencies: Vec<String> = Vec::new();
        let mut firsts: Vec<usize> = Vec::new();
        let mut all_exact = true;
        let mut clause_values: Vec<Option<Vec<char>>> = Vec::new();
        let mut classified: Vec<Option<(Cand, Classified)>> = Vec::new();
        for &si in &clause.sentences {
            let got = if recognised { sc.got[si] } else { None };
            classified.push(got.map(|c| {
                let norm = joined_norm(units, c.a, c.b);
                let canon = text::canonicalize(&norm, &rules.notation);
                (c, classify(off, rules, si, &norm, &canon))
            }));
        }
        for (_, cl) in classified.iter().flatten() {
            for (i, v) in cl.values.iter().enumerate() {
                if let Some(v) = v {
                    if clause_values.len() <= i {
                        clause_values.resize(i + 1, None);
                    }
                    if clause_values[i].is_none() && !is_placeholder(off, k, i, v) {
                        clause_values[i] = Some(v.clone());
                    }
                }
            }
        }
        for (idx, &si) in clause.sentences.iter().enumerate() {
            let sent = &off.sentences[si];
            match classified.get(idx).and_then(|x| x.as_ref()) {
                Some((c, cl)) => {
                    let loc = unit_location(blocks, units, c.a);
                    let place = loc.describe(lang);
                    firsts.push(c.a);
                    if cl.status != SentenceStatus::Exact {
                        all_exact = false;
                    }
                    for (kind, o, f) in &cl.changes {
                        changes.push(Change {
                            kind: *kind,
                            official: o.clone(),
                            found: f.clone(),
                            place: place.clone(),
                            location: Some(loc.clone()),
                        });
                    }
                    for (i, v) in cl.values.iter().enumerate() {
                        let Some(v) = v else { continue };
                        if is_placeholder(off, k, i, v) {
                            continue;
                        }
                        let name = s(v);
                        let known = library
                            .agencies
                            .iter()
                            .any(|a| text::squeeze(&a.name_ja) == *v);
                        if !agencies.contains(&name) {
                            agencies.push(name.clone());
                        }
                        uses.push(AgencyUse {
                            name,
                            clause: clause.id.clone(),
                            known,
                            place: place.clone(),
                            location: Some(loc.clone()),
                        });
                    }
                    sentences.push(SentenceResult {
                        official: s(&cl.official),
                        found: Some(s(&joined_norm(units, c.a, c.b))),
                        status: cl.status,
                        similarity: cl.similarity,
                        event: sent.event,
                        place,
                        location: Some(loc),
                    });
                }
                None => {
                    all_exact = false;
                    let official = s(&off.fill(si, &clause_values));
                    sentences.push(SentenceResult {
                        official: official.clone(),
                        found: None,
                        status: SentenceStatus::Missing,
                        similarity: 0,
                        event: sent.event,
                        place: String::new(),
                        location: None,
                    });
                    if recognised {
                        changes.push(Change {
                            kind: ChangeKind::Weakened,
                            official,
                            found: String::new(),
                            place: String::new(),
                            location: None,
                        });
                    }
                }
            }
        }
        let heading_unit = clause
            .heading_sentence
            .and_then(|h| sc.got[h])
            .filter(|_| recognised);
        let mut matched_units: Vec<usize> = classified
            .iter()
            .flatten()
            .flat_map(|(c, _)| c.a..=c.b)
            .collect();
        if let Some(h) = heading_unit {
            matched_units.extend(h.a..=h.b);
        }
        matched_units.sort_unstable();
        let first_unit = heading_unit
            .map(|h| h.a)
            .or_else(|| firsts.iter().min().copied());
        let location = first_unit.map(|u| unit_location(blocks, units, u));
        let place = location
            .as_ref()
            .map(|l| l.describe(lang))
            .unwrap_or_default();
        // A dropped sentence is reported where the clause is.
        for c in changes.iter_mut().filter(|c| c.location.is_none()) {
            c.place = place.clone();
            c.location = location.clone();
        }
        let additions = if recognised {
            additions(off, blocks, units, &owner, k, &matched_units, lang)
        } else {
            Vec::new()
        };
        let status = if !recognised {
            Status::Missing
        } else if all_exact {
            Status::Verbatim
        } else {
            Status::Changed
        };
        let reordered = firsts.windows(2).any(|w| w[1] < w[0]);
        let weakened = changes.iter().any(|c| c.kind == ChangeKind::Weakened);
        let notation_only = status == Status::Changed
            && !changes.is_empty()
            && changes.iter().all(|c| c.kind == ChangeKind::Notation);
        results.push((
            k,
            ClauseResult {
                id: clause.id.clone(),
                version: clause.version.clone(),
                heading: clause.heading.clone(),
                group: clause.group,
                variant: clause.variant,
                origin: clause.origin,
                source: clause.source.clone(),
                status,
                weakened,
                notation_only,
                reordered,
                changes,
                additions: additions.iter().map(|a| a.text.clone()).collect(),
                addition_details: additions,
                place,
                location,
                agencies,
                sentences,
            },
        ));
    }
    Evaluated { results, uses }
}

/// Sentences around clause `k` that no official text accounts for.
fn additions(
    off: &Official,
    blocks: &[TextBlock],
    units: &[Unit],
    owner: &[Option<usize>],
    k: usize,
    matched: &[usize],
    lang: Lang,
) -> Vec<Addition> {
    let (Some(&first), Some(&last)) = (matched.first(), matched.last()) else {
        return Vec::new();
    };
    let headings = |u: usize| {
        units
            .get(u)
            .and_then(|x| blocks.get(x.block))
            .map(|b| b.location.headings.clone())
            .unwrap_or_default()
    };
    let block_of = |u: usize| units.get(u).map(|x| x.block);
    let heading_like = |u: usize| {
        let Some(unit) = units.get(u) else {
            return true;
        };
        if unit.heading_block {
            return true;
        }
        if !unit.canon.chars.contains(&'。') && unit.canon.chars.len() < 12 {
            return true;
        }
        off.clauses.iter().any(|c| {
            c.heading_sentence.is_some_and(|h| {
                similarity(&off.sentences[h].canon.chars, &unit.canon.chars).0 >= SUPPORT
            })
        })
    };
    let mut picked: BTreeSet<usize> = BTreeSet::new();
    for (u, o) in owner.iter().enumerate().take(last + 1).skip(first) {
        if o.is_none() && !heading_like(u) {
            picked.insert(u);
        }
    }
    let last_path = headings(last);
    let last_block = block_of(last);
    let mut u = last + 1;
    let mut trailing = 0;
    while u < units.len() && trailing < MAX_TRAILING {
        if owner[u].is_some() {
            break;
        }
        let same_block = block_of(u) == last_block;
        let same_section = !last_path.is_empty() && headings(u) == last_path;
        if !(same_block || same_section) || units[u].heading_block {
            break;
        }
        if !heading_like(u) {
            picked.insert(u);
            trailing += 1;
        }
        u += 1;
    }
    let first_path = headings(first);
    if !first_path.is_empty() {
        let mut u = first;
        while u > 0 {
            u -= 1;
            if owner[u].is_some() || units[u].heading_block || headings(u) != first_path {
                break;
            }
            if !heading_like(u) {
                picked.insert(u);
            }
        }
    }
    let _ = k;
    picked
        .into_iter()
        .map(|u| {
            let location = unit_location(blocks, units, u);
            Addition {
                text: units[u].display.clone(),
                place: location.describe(lang),
                location,
            }
        })
        .collect()
}

fn placeholders(blocks: &[TextBlock], lang: Lang) -> Vec<Placeholder> {
    use unicode_normalization::UnicodeNormalization;
    let mut out = Vec::new();
    for b in blocks {
        let t: Vec<char> = b.text.nfkc().collect();
        let mut i = 0;
        while i < t.len() {
            let close = match t[i] {
                '〔' => '〕',
                '[' => ']',
                '【' => '】',
                _ => {
                    i += 1;
                    continue;
                }
            };
            let end = (i + 1..t.len().min(i + 42)).find(|j| t[*j] == close);
            match end {
                Some(j) => {
                    let inner: String = t[i + 1..j].iter().collect();
                    if inner.contains("記載") || inner.contains("記入") {
                        out.push(Placeholder {
                            text: t[i..=j].iter().collect(),
                            place: b.location.describe(lang),
                            location: b.location.clone(),
                        });
                    }
                    i = j + 1;
                }
                None => i += 1,
            }
        }
    }
    out
}

pub fn check(library: &Library, blocks: &[TextBlock]) -> CheckReport {
    let lang = Lang::Ja;
    let rules = &library.verify;
    let off = Official::build(library, rules, lang, None);
    let units = units(blocks, rules, false);
    let cands = candidates(&off, &units);
    let quoted = |k: usize| off.clauses.get(k).is_some_and(|c| c.role == Role::Quoted);
    let in_variant = |k: usize, v: Variant| {
        quoted(k)
            || off
                .clauses
                .get(k)
                .is_some_and(|c| c.variant == v || c.variant == Variant::Any)
    };
    let proc_sc = scenario(&off, &cands, units.len(), &|k| {
        in_variant(k, Variant::Procurement)
    });
    let sub_sc = scenario(&off, &cands, units.len(), &|k| {
        in_variant(k, Variant::Subsidy)
    });
    let (variant, sc) = if sub_sc.score > proc_sc.score {
        (Variant::Subsidy, sub_sc)
    } else {
        (Variant::Procurement, proc_sc)
    };
    let which: Vec<usize> = (0..off.clauses.len())
        .filter(|k| !quoted(*k) && in_variant(*k, variant))
        .collect();
    let ev = evaluate(library, &off, rules, blocks, &units, &sc, &which, lang);
    let mut clauses = Vec::new();
    let mut drafted = Vec::new();
    for (k, r) in ev.results {
        if off.clauses[k].role == Role::Standard {
            clauses.push(r);
        } else {
            drafted.push(r);
        }
    }
    let mut agencies: Vec<String> = Vec::new();
    let mut uses = ev.uses;
    uses.sort_by_key(|u| {
        u.location
            .as_ref()
            .and_then(|l| l.paragraph)
            .unwrap_or(u32::MAX)
    });
    for u in &uses {
        if !agencies.contains(&u.name) {
            agencies.push(u.name.clone());
        }
    }
    CheckReport {
        file: String::new(),
        format: String::new(),
        library_version: library.version.clone(),
        variant,
        agency_mismatch: agencies.len() > 1,
        agencies,
        agency_uses: uses,
        clauses,
        drafted,
        unfilled_placeholders: placeholders(blocks, lang),
        blocks: blocks.len(),
    }
}

/// One clause of the library against a text claimed for it (a package's clause text).
pub(crate) fn check_one(
    library: &Library,
    clause_id: &str,
    blocks: &[TextBlock],
    lang: Lang,
) -> Option<ClauseResult> {
    let rules = &library.verify;
    let off = Official::build(library, rules, lang, Some(clause_id));
    let k = off.clauses.iter().position(|c| c.id == clause_id)?;
    let latin = lang == Lang::En;
    let units = units(blocks, rules, latin);
    let cands = candidates(&off, &units);
    let mut got = assign(&off, &cands, &|_| true, units.len());
    // The text is claimed to be this clause: whatever is recognisably near is compared; the
    // recognition threshold does not apply, only the sentence one.
    for s in off.clauses[k].sentences.iter() {
        if got[*s].is_some_and(|c| c.f < PRESENT) {
            got[*s] = None;
        }
    }
    let any = off.clauses[k].sentences.iter().any(|s| got[*s].is_some());
    let mut recognised = vec![false; off.clauses.len()];
    recognised[k] = any;
    let sc = Scenario {
        got,
        recognised,
        score: 0,
    };
    let owned: BTreeSet<usize> = sc.got.iter().flatten().flat_map(|c| c.a..=c.b).collect();
    let ev = evaluate(library, &off, rules, blocks, &units, &sc, &[k], lang);
    let mut result = ev.results.into_iter().next().map(|(_, r)| r)?;
    // Everything in the claimed text that the official text does not account for is an
    // addition (supplements, stricter sentences), wherever it stands.
    if result.status != Status::Missing {
        let details: Vec<Addition> = (0..units.len())
            .filter(|u| !owned.contains(u))
            .map(|u| {
                let location = unit_location(blocks, &units, u);
                Addition {
                    text: units[u].display.clone(),
                    place: location.describe(lang),
                    location,
                }
            })
            .collect();
        result.additions = details.iter().map(|a| a.text.clone()).collect();
        result.addition_details = details;
    }
    Some(result)
}
