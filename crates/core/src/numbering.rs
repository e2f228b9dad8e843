//! Item numbers of Japanese official documents (公用文作成の考え方): 第１ → １ → （１） → ア → （ア）,
//! and contract articles 第１条 with paragraph numbers ２, ３ ….

const IROHA: [char; 44] = [
    'ア', 'イ', 'ウ', 'エ', 'オ', 'カ', 'キ', 'ク', 'ケ', 'コ', 'サ', 'シ', 'ス', 'セ', 'ソ', 'タ',
    'チ', 'ツ', 'テ', 'ト', 'ナ', 'ニ', 'ヌ', 'ネ', 'ノ', 'ハ', 'ヒ', 'フ', 'ヘ', 'ホ', 'マ', 'ミ',
    'ム', 'メ', 'モ', 'ヤ', 'ユ', 'ヨ', 'ラ', 'リ', 'ル', 'レ', 'ロ', 'ワ',
];

/// The level of an item in the hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// 第１
    Part,
    /// １
    Item,
    /// （１）
    Sub,
    /// ア
    Kana,
    /// （ア）
    KanaParen,
}

/// Full-width digits, as official documents print item numbers.
pub fn zenkaku(n: usize) -> String {
    n.to_string()
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(0xFF10 + d).unwrap_or(c),
            None => c,
        })
        .collect()
}

fn kana(n: usize) -> String {
    match IROHA.get(n.saturating_sub(1)) {
        Some(c) => c.to_string(),
        // Past ワ the sequence has no letters left: fall back to digits rather than repeat.
        None => zenkaku(n),
    }
}

/// Label of the `n`-th (1-based) item at `level`.
pub fn label(level: Level, n: usize) -> String {
    match level {
        Level::Part => format!("第{}", zenkaku(n)),
        Level::Item => zenkaku(n),
        Level::Sub => format!("（{}）", zenkaku(n)),
        Level::Kana => kana(n),
        Level::KanaParen => format!("（{}）", kana(n)),
    }
}

/// 第１条
pub fn article(n: usize) -> String {
    format!("第{}条", zenkaku(n))
}

/// English documents use plain decimal numbering: 1, 1.1, (1), (a), (i).
pub fn label_en(level: Level, n: usize) -> String {
    match level {
        Level::Part => format!("Part {n}"),
        Level::Item => format!("{n}."),
        Level::Sub => format!("({n})"),
        Level::Kana => format!("({})", latin(n)),
        Level::KanaParen => format!("({})", roman(n)),
    }
}

fn latin(n: usize) -> String {
    match u8::try_from(n).ok().filter(|v| (1..=26).contains(v)) {
        Some(v) => char::from(b'a' + v - 1).to_string(),
        None => n.to_string(),
    }
}

fn roman(n: usize) -> String {
    const R: [&str; 10] = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"];
    R.get(n.saturating_sub(1))
        .map(|s| s.to_string())
        .unwrap_or_else(|| n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hierarchy_labels() {
        assert_eq!(label(Level::Part, 1), "第１");
        assert_eq!(label(Level::Item, 12), "１２");
        assert_eq!(label(Level::Sub, 3), "（３）");
        assert_eq!(label(Level::Kana, 2), "イ");
        assert_eq!(label(Level::KanaParen, 1), "（ア）");
        assert_eq!(article(10), "第１０条");
    }

    #[test]
    fn english_labels() {
        assert_eq!(label_en(Level::Item, 2), "2.");
        assert_eq!(label_en(Level::Kana, 3), "(c)");
        assert_eq!(label_en(Level::KanaParen, 4), "(iv)");
    }
}
