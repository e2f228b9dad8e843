//! List numbers as Word prints them (numbering.xml formats used in Japanese documents).

fn zenkaku_digits(n: u32) -> String {
    n.to_string()
        .chars()
        .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
        .collect()
}

const AIUEO: &str =
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン";
const IROHA: &str = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセスン";

fn cyclic(set: &str, n: u32) -> String {
    let chars: Vec<char> = set.chars().collect();
    if n == 0 || chars.is_empty() {
        return n.to_string();
    }
    chars
        .get(((n - 1) as usize) % chars.len())
        .map(|c| c.to_string())
        .unwrap_or_default()
}

fn kanji(n: u32) -> String {
    const D: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if n == 0 {
        return D[0].into();
    }
    if n >= 10000 {
        return n.to_string();
    }
    let mut out = String::new();
    for (unit, name) in [(1000, "千"), (100, "百"), (10, "十")] {
        let d = (n / unit) % 10;
        if d > 0 {
            if d > 1 {
                out.push_str(D[d as usize]);
            }
            out.push_str(name);
        }
    }
    let d = n % 10;
    if d > 0 {
        out.push_str(D[d as usize]);
    }
    out
}

fn letters(n: u32, upper: bool) -> String {
    if n == 0 {
        return String::new();
    }
    let base = if upper { b'A' } else { b'a' };
    let c = (base + ((n - 1) % 26) as u8) as char;
    std::iter::repeat_n(c, ((n - 1) / 26 + 1) as usize).collect()
}

fn roman(mut n: u32, upper: bool) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    let table = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (v, s) in table {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    if upper {
        out.to_uppercase()
    } else {
        out
    }
}

/// Number `n` in Word's format `fmt` (`w:numFmt/@w:val`).
pub fn format(fmt: &str, n: u32) -> String {
    match fmt {
        "decimalFullWidth" | "decimalFullWidth2" => zenkaku_digits(n),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1)
                .map(String::from)
                .unwrap_or_default()
        }
        "decimalZero" if n < 10 => format!("0{n}"),
        "aiueo" | "aiueoFullWidth" => cyclic(AIUEO, n),
        "iroha" | "irohaFullWidth" => cyclic(IROHA, n),
        "japaneseCounting" | "ideographTraditional" | "japaneseLegal" | "chineseCounting" => {
            kanji(n)
        }
        "upperLetter" => letters(n, true),
        "lowerLetter" => letters(n, false),
        "upperRoman" => roman(n, true),
        "lowerRoman" => roman(n, false),
        "none" => String::new(),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_formats() {
        assert_eq!(format("decimalFullWidth", 12), "１２");
        assert_eq!(format("aiueoFullWidth", 2), "イ");
        assert_eq!(format("decimalEnclosedCircle", 3), "③");
        assert_eq!(format("japaneseCounting", 21), "二十一");
        assert_eq!(format("upperRoman", 14), "XIV");
    }
}
