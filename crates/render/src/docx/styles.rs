//! Word-native structure: paragraph styles (styles.xml) and automatic numbering
//! (numbering.xml) for the 公用文 hierarchy 第１ → １ → （１） → ア → （ア）.
//!
//! Headings use Word's built-in Heading 1–3 (Japanese Word shows 見出し 1–3), body text
//! "Body Text" (本文) and bullets "List Bullet" (箇条書き), so a section pasted into an
//! agency's template takes that template's look. Both parts are written here in full:
//! docx-rs writes the style's rPr before its pPr (CT_Style wants pPr first) and always adds
//! its own abstract numbering.

use super::text::{GOTHIC, MINCHO, NAME_FALLBACK, SZ_BODY, SZ_HEADING};
use secspec_core::{Lang, WordFont};

pub(crate) const BODY_TEXT: &str = "BodyText";
pub(crate) const LIST_BULLET: &str = "ListBullet";
/// The one list instance (w:numId) carrying the hierarchy.
pub(crate) const NUM_ID: usize = 1;

/// Style id of a heading level; the model's deeper levels share Heading 3.
pub(crate) fn heading_style(level: u8) -> &'static str {
    match level {
        0 | 1 => "Heading1",
        2 => "Heading2",
        _ => "Heading3",
    }
}

/// Levels of the hierarchy list (ilvl 0–4).
pub(crate) const LEVEL_COUNT: usize = LEVELS.len();

/// One level of the hierarchy: Word number format and level text.
struct Lvl {
    fmt: &'static str,
    text: &'static str,
}

/// The levels in ilvl order. The formats give exactly the model's labels
/// (crates/core numbering.rs): full-width digits, ア–ワ in 五十音 order, full-width brackets.
const LEVELS: [Lvl; 5] = [
    Lvl {
        fmt: "decimalFullWidth",
        text: "第%1",
    },
    Lvl {
        fmt: "decimalFullWidth",
        text: "%2",
    },
    Lvl {
        fmt: "decimalFullWidth",
        text: "（%3）",
    },
    Lvl {
        fmt: "aiueoFullWidth",
        text: "%4",
    },
    Lvl {
        fmt: "aiueoFullWidth",
        text: "（%5）",
    },
];

/// ア … ワ as the model numbers them (44 letters; Word's aiueo goes on with ヲ ン, the
/// model with digits, so only these are numbered automatically).
const KANA: &str =
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ";

fn zenkaku_number(s: &str) -> Option<usize> {
    if s.is_empty() || s.starts_with('０') {
        return None;
    }
    let mut n: usize = 0;
    for c in s.chars() {
        let d = (c as u32).checked_sub('０' as u32).filter(|d| *d <= 9)?;
        n = n.checked_mul(10)?.checked_add(d as usize)?;
    }
    Some(n)
}

fn kana_number(s: &str) -> Option<usize> {
    let mut chars = s.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    KANA.chars().position(|k| k == c).map(|i| i + 1)
}

fn bracketed(s: &str) -> Option<&str> {
    s.strip_prefix('（')?.strip_suffix('）')
}

/// `(ilvl, n)` when `label` is exactly what the hierarchy prints for the n-th item of a
/// level. Anything else — 第１条 articles, English labels, bullets — stays a text label.
pub(crate) fn parse_label(label: &str) -> Option<(u8, usize)> {
    if let Some(n) = label.strip_prefix('第').and_then(zenkaku_number) {
        return Some((0, n));
    }
    if let Some(n) = zenkaku_number(label) {
        return Some((1, n));
    }
    if let Some(inner) = bracketed(label) {
        if let Some(n) = zenkaku_number(inner) {
            return Some((2, n));
        }
        return kana_number(inner).map(|n| (4, n));
    }
    kana_number(label).map(|n| (3, n))
}

/// Follows Word's counters for the one list: a level counts up by one per numbered
/// paragraph and restarts when a higher level appears (w:lvlRestart's default).
#[derive(Debug, Default)]
pub(crate) struct Numbers {
    counts: [usize; 5],
}

impl Numbers {
    /// The ilvl to number `label` automatically with, when Word would print exactly that
    /// label there. Otherwise `None`: the label stays text, as it must when the model
    /// skips or restarts a number (an article's paragraphs ２, ３ after an unnumbered first
    /// one, a list that restarts under an unnumbered heading) — Word's counter would print
    /// a different number than the one the document is checked against.
    pub(crate) fn take(&mut self, label: &str) -> Option<u8> {
        let (ilvl, n) = parse_label(label.trim())?;
        let i = usize::from(ilvl);
        if self.counts[i] + 1 != n {
            return None;
        }
        self.counts[i] = n;
        for c in self.counts.iter_mut().skip(i + 1) {
            *c = 0;
        }
        Some(ilvl)
    }
}

fn fonts(name: &str) -> String {
    format!(r#"<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:eastAsia="{name}" w:cs="{name}" />"#)
}

fn size(half_points: usize) -> String {
    format!(r#"<w:sz w:val="{half_points}" /><w:szCs w:val="{half_points}" />"#)
}

/// Line pitch of body text: 360 = 1.5 lines (`LineSpacingType::Auto`).
const BODY_LINE: u32 = 360;

fn heading(id: &str, name: &str, outline: u8, before: u32, sz: usize, gothic: &str) -> String {
    format!(
        concat!(
            r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{name}" />"#,
            r#"<w:basedOn w:val="Normal" /><w:next w:val="{next}" /><w:uiPriority w:val="9" /><w:qFormat />"#,
            r#"<w:pPr><w:keepNext /><w:keepLines />"#,
            r#"<w:spacing w:before="{before}" w:after="0" w:line="{line}" w:lineRule="auto" />"#,
            r#"<w:jc w:val="left" /><w:outlineLvl w:val="{outline}" /></w:pPr>"#,
            "<w:rPr>{fonts}{size}</w:rPr></w:style>"
        ),
        id = id,
        name = name,
        next = BODY_TEXT,
        before = before,
        line = BODY_LINE,
        outline = outline,
        fonts = fonts(gothic),
        size = size(sz),
    )
}

/// styles.xml: document defaults (IPAex明朝 10.5 pt, language, widow control), Normal, the
/// three headings (Gothic, kept with the next paragraph), Body Text and List Bullet.
pub(crate) fn styles_xml(lang: Lang, font: WordFont) -> String {
    // East Asian text is Japanese in both document languages; w:lang drives 禁則 and font
    // fallback in Word and LibreOffice.
    let latin = match lang {
        Lang::Ja => "ja-JP",
        Lang::En => "en-US",
    };
    let mut out = String::new();
    out.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
    out.push_str(
        r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    );
    out.push_str(&format!(
        concat!(
            "<w:docDefaults><w:rPrDefault><w:rPr>{fonts}{size}",
            r#"<w:lang w:val="{latin}" w:eastAsia="ja-JP" w:bidi="ar-SA" />"#,
            "</w:rPr></w:rPrDefault>",
            // Widow/orphan control everywhere: no paragraph leaves one line alone at the
            // top or bottom of a page.
            "<w:pPrDefault><w:pPr><w:widowControl /></w:pPr></w:pPrDefault></w:docDefaults>"
        ),
        fonts = fonts(font.mincho()),
        size = size(SZ_BODY),
        latin = latin,
    ));
    out.push_str(concat!(
        r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal" />"#,
        r#"<w:qFormat /><w:pPr><w:widowControl /></w:pPr></w:style>"#
    ));
    let gothic = font.gothic();
    out.push_str(&heading(
        "Heading1",
        "heading 1",
        0,
        240,
        SZ_HEADING,
        gothic,
    ));
    out.push_str(&heading("Heading2", "heading 2", 1, 120, SZ_BODY, gothic));
    out.push_str(&heading("Heading3", "heading 3", 2, 120, SZ_BODY, gothic));
    out.push_str(&format!(
        concat!(
            r#"<w:style w:type="paragraph" w:styleId="{body}"><w:name w:val="Body Text" />"#,
            r#"<w:basedOn w:val="Normal" /><w:uiPriority w:val="99" /><w:qFormat />"#,
            r#"<w:pPr><w:spacing w:before="0" w:after="0" w:line="{line}" w:lineRule="auto" />"#,
            r#"<w:jc w:val="both" /></w:pPr></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="{bullet}"><w:name w:val="List Bullet" />"#,
            r#"<w:basedOn w:val="{body}" /><w:uiPriority w:val="99" /></w:style>"#
        ),
        body = BODY_TEXT,
        bullet = LIST_BULLET,
        line = BODY_LINE,
    ));
    out.push_str("</w:styles>");
    out
}

/// numbering.xml: one multilevel list whose levels print the hierarchy's labels. The
/// number is followed by a tab, which goes to the hanging indent each paragraph sets (label
/// width plus one full-width character, as the text labels had), so the text lines up as
/// before. The default indents here apply when a paragraph is renumbered in Word.
pub(crate) fn numbering_xml() -> String {
    let mut out = String::new();
    out.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
    out.push_str(
        r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    );
    out.push_str(r#"<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="multilevel" />"#);
    for (i, lvl) in LEVELS.iter().enumerate() {
        // 第１ hangs at the margin; each deeper level one character further in.
        let left = super::blocks::CHAR_TWIPS * i32::try_from(i).unwrap_or(0);
        let hang = super::blocks::CHAR_TWIPS * if i == 0 || i == 2 || i == 4 { 4 } else { 2 };
        out.push_str(&format!(
            concat!(
                r#"<w:lvl w:ilvl="{i}"><w:start w:val="1" /><w:numFmt w:val="{fmt}" />"#,
                r#"<w:suff w:val="tab" /><w:lvlText w:val="{text}" /><w:lvlJc w:val="left" />"#,
                r#"<w:pPr><w:ind w:left="{left}" w:hanging="{hang}" /></w:pPr></w:lvl>"#
            ),
            i = i,
            fmt = lvl.fmt,
            text = lvl.text,
            left = left + hang,
            hang = hang,
        ));
    }
    out.push_str("</w:abstractNum>");
    out.push_str(&format!(
        r#"<w:num w:numId="{NUM_ID}"><w:abstractNumId w:val="1" /></w:num>"#
    ));
    out.push_str("</w:numbering>");
    out
}

/// One entry of fontTable.xml: the data Word substitutes with when the font is missing.
struct FontEntry {
    name: &'static str,
    /// The font's other name (English for the Windows fonts; for IPAex, a font every Japanese
    /// Windows has, tried under this name first).
    alt: &'static str,
    /// Panose-1 from the font's OS/2 table.
    panose: &'static str,
    family: &'static str,
    pitch: &'static str,
    /// w:sig: Unicode and code page ranges (usb0–3, csb0–1) from the OS/2 table.
    sig: [&'static str; 6],
}

const IPAEX_SIG: [&str; 6] = [
    "E00002FF", "3AC7EDFA", "00000012", "00000000", "00020001", "00000000",
];

/// IPAex fonts are not on a Windows PC. Word then looks for `w:altName`, and failing that
/// substitutes by character set (80 = Shift_JIS), family, pitch, Panose and the Unicode /
/// code page signature, all taken from the IPAex OS/2 tables. ＭＳ 明朝 / ＭＳ ゴシック are on
/// every Japanese Windows (游明朝 only since Windows 8.1) and, like IPAex, set Japanese
/// text on a full-width em grid, so lines break where they did.
const IPAEX: [FontEntry; 2] = [
    FontEntry {
        name: MINCHO,
        alt: "ＭＳ 明朝",
        panose: "02020400000000000000",
        family: "roman",
        pitch: "variable",
        sig: IPAEX_SIG,
    },
    FontEntry {
        name: GOTHIC,
        alt: "ＭＳ ゴシック",
        panose: "020B0500000000000000",
        family: "swiss",
        pitch: "variable",
        sig: IPAEX_SIG,
    },
];

/// 游明朝 / 游ゴシック as Word itself declares them.
const YU: [FontEntry; 2] = [
    FontEntry {
        name: "游明朝",
        alt: "Yu Mincho",
        panose: "02020400000000000000",
        family: "roman",
        pitch: "variable",
        sig: [
            "800002E7", "2AC7FCFF", "00000012", "00000000", "0002009F", "00000000",
        ],
    },
    FontEntry {
        name: "游ゴシック",
        alt: "Yu Gothic",
        panose: "020B0400000000000000",
        family: "swiss",
        pitch: "variable",
        sig: [
            "E00002FF", "2AC7FDFF", "00000016", "00000000", "0002009F", "00000000",
        ],
    },
];

/// ＭＳ 明朝 / ＭＳ ゴシック as Word itself declares them.
const MS: [FontEntry; 2] = [
    FontEntry {
        name: "ＭＳ 明朝",
        alt: "MS Mincho",
        panose: "02020609040205080304",
        family: "modern",
        pitch: "fixed",
        sig: [
            "E00002FF", "6AC7FDFB", "08000012", "00000000", "0002009F", "00000000",
        ],
    },
    FontEntry {
        name: "ＭＳ ゴシック",
        alt: "MS Gothic",
        panose: "020B0609070205080204",
        family: "modern",
        pitch: "fixed",
        sig: [
            "E00002FF", "6AC7FDFB", "08000012", "00000000", "0002009F", "00000000",
        ],
    },
];

/// Characters outside IPAex (e.g. 𠮷) name IPAmj明朝 whatever the choice; without it Word
/// falls back to the body face.
fn name_fallback(font: WordFont) -> FontEntry {
    FontEntry {
        name: NAME_FALLBACK,
        alt: font.mincho(),
        panose: "02020400000000000000",
        family: "roman",
        pitch: "variable",
        sig: IPAEX_SIG,
    }
}

/// fontTable.xml declaring the fonts the document uses, with their substitution data.
pub(crate) fn font_table_xml(font: WordFont) -> String {
    let faces = match font {
        WordFont::Ipaex => IPAEX,
        WordFont::Yu => YU,
        WordFont::Ms => MS,
    };
    let mut out = String::new();
    out.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
    out.push_str(
        r#"<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    );
    for f in faces.iter().chain([&name_fallback(font)]) {
        let [usb0, usb1, usb2, usb3, csb0, csb1] = f.sig;
        out.push_str(&format!(
            concat!(
                r#"<w:font w:name="{name}"><w:altName w:val="{alt}" />"#,
                r#"<w:panose1 w:val="{panose}" /><w:charset w:val="80" />"#,
                r#"<w:family w:val="{family}" /><w:pitch w:val="{pitch}" />"#,
                r#"<w:sig w:usb0="{usb0}" w:usb1="{usb1}" w:usb2="{usb2}" w:usb3="{usb3}" w:csb0="{csb0}" w:csb1="{csb1}" />"#,
                "</w:font>"
            ),
            name = f.name,
            alt = f.alt,
            panose = f.panose,
            family = f.family,
            pitch = f.pitch,
            usb0 = usb0,
            usb1 = usb1,
            usb2 = usb2,
            usb3 = usb3,
            csb0 = csb0,
            csb1 = csb1,
        ));
    }
    out.push_str("</w:fonts>");
    out
}

/// The body, table and footer runs name the IPAex faces (docx-rs writes them); with another
/// choice those names are replaced in the written part. Only attribute values can match: text
/// is escaped, so a `"` never appears raw in it.
pub(crate) fn rename_faces(xml: &[u8], font: WordFont) -> Vec<u8> {
    if font == WordFont::Ipaex {
        return xml.to_vec();
    }
    let text = String::from_utf8_lossy(xml);
    text.replace(&format!("\"{MINCHO}\""), &format!("\"{}\"", font.mincho()))
        .replace(&format!("\"{GOTHIC}\""), &format!("\"{}\"", font.gothic()))
        .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use secspec_core::numbering::{article, label, Level};

    #[test]
    fn labels_of_the_model_parse_to_their_level() {
        let levels = [
            Level::Part,
            Level::Item,
            Level::Sub,
            Level::Kana,
            Level::KanaParen,
        ];
        for (ilvl, level) in levels.into_iter().enumerate() {
            for n in [1, 2, 9, 10, 44] {
                assert_eq!(
                    parse_label(&label(level, n)),
                    Some((ilvl as u8, n)),
                    "{}",
                    label(level, n)
                );
            }
        }
        assert_eq!(parse_label(&article(3)), None);
        assert_eq!(parse_label("(1)"), None);
        assert_eq!(parse_label("Article 2"), None);
        assert_eq!(parse_label("・"), None);
        assert_eq!(parse_label("第０"), None);
        assert_eq!(parse_label(""), None);
    }

    #[test]
    fn counters_follow_word_and_refuse_skips() {
        let mut n = Numbers::default();
        assert_eq!(n.take("第１"), Some(0));
        assert_eq!(n.take("１"), Some(1));
        assert_eq!(n.take("（１）"), Some(2));
        assert_eq!(n.take("ア"), Some(3));
        assert_eq!(n.take("（ア）"), Some(4));
        assert_eq!(n.take("（イ）"), Some(4));
        assert_eq!(n.take("イ"), Some(3));
        assert_eq!(
            n.take("（ア）"),
            Some(4),
            "restarts under a new ア-level item"
        );
        assert_eq!(n.take("２"), Some(1));
        assert_eq!(n.take("（１）"), Some(2), "restarts under ２");
        assert_eq!(n.take("第２"), Some(0));
        assert_eq!(n.take("２"), None, "１ missing: Word would print １");
        assert_eq!(n.take("１"), Some(1));
        assert_eq!(n.take("第２条"), None);
    }

    #[test]
    fn numbering_levels_print_the_model_labels() {
        let xml = numbering_xml();
        for (fmt, text) in [
            ("decimalFullWidth", "第%1"),
            ("decimalFullWidth", "%2"),
            ("decimalFullWidth", "（%3）"),
            ("aiueoFullWidth", "%4"),
            ("aiueoFullWidth", "（%5）"),
        ] {
            let lvl = format!(
                r#"<w:numFmt w:val="{fmt}" /><w:suff w:val="tab" /><w:lvlText w:val="{text}" />"#
            );
            assert!(xml.contains(&lvl), "{lvl}");
        }
        let styles = styles_xml(Lang::Ja, WordFont::Ipaex);
        for name in [
            "heading 1",
            "heading 2",
            "heading 3",
            "Body Text",
            "List Bullet",
        ] {
            assert!(styles.contains(&format!(r#"<w:name w:val="{name}" />"#)));
        }
    }
}
