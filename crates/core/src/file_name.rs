//! File names of generated documents: the procurement's 件名, the document's short name and the
//! revision (`令和9年度文書管理システム運用保守業務_調達仕様書_R3.pdf`), made safe for Windows, whose
//! rules are the strictest of the systems officers use (the Win32 file naming conventions).

/// Longest 件名 part kept, in characters: with the short name, revision and extension the name
/// stays under 255 bytes of UTF-8 (Linux) and far under 255 UTF-16 units (Windows).
const MAX_SUBJECT_CHARS: usize = 50;

/// `{subject}_{label}_R{revision}`, each part made safe; `fallback` (an ASCII document id) when
/// the subject is empty or nothing of it survives.
pub fn document_stem(subject: &str, label: &str, revision: Option<i64>, fallback: &str) -> String {
    let subject = safe_part(subject, MAX_SUBJECT_CHARS);
    if subject.is_empty() {
        return safe_part(fallback, 120);
    }
    let mut stem = subject;
    let label = safe_part(label, 40);
    if !label.is_empty() {
        stem.push('_');
        stem.push_str(&label);
    }
    if let Some(r) = revision {
        stem.push_str(&format!("_R{}", r.max(0)));
    }
    reserved_guard(stem)
}

/// The revision at the end of a SecSpec id (`SECSPEC-00001-REVIEW-R3` → 3).
pub fn revision_of(id: &str) -> Option<i64> {
    let tail = id.rsplit('-').next()?;
    tail.strip_prefix('R')?.parse().ok()
}

/// One part of a name: characters Windows refuses become their full-width forms (which read the
/// same in Japanese), invisible and control characters go, whitespace runs become one `_`, and
/// dots and spaces at either end go (Windows drops a trailing dot silently).
fn safe_part(text: &str, max_chars: usize) -> String {
    let mut out = String::new();
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        let mut one = [0u8; 4];
        if crate::validate::hidden_character(c.encode_utf8(&mut one), false).is_some() {
            continue;
        }
        if space {
            out.push('_');
            space = false;
        }
        out.push(match c {
            '\\' => '＼',
            '/' => '／',
            ':' => '：',
            '*' => '＊',
            '?' => '？',
            '"' => '＂',
            '<' => '＜',
            '>' => '＞',
            '|' => '｜',
            c => c,
        });
    }
    let cut: String = out.chars().take(max_chars).collect();
    cut.trim_matches(|c: char| c == '.' || c == '_' || c.is_whitespace())
        .to_string()
}

/// Windows reserves device names (CON, PRN, AUX, NUL, COM1–9, LPT1–9) whatever the extension.
fn reserved_guard(stem: String) -> String {
    let base = stem.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = matches!(base.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((base.starts_with("COM") || base.starts_with("LPT"))
            && base.len() == 4
            && base[3..].chars().all(|c| c.is_ascii_digit()));
    if reserved {
        format!("{stem}_")
    } else {
        stem
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subject_label_and_revision() {
        assert_eq!(
            document_stem(
                "令和9年度文書管理システム運用保守業務",
                "調達仕様書",
                Some(3),
                "X"
            ),
            "令和9年度文書管理システム運用保守業務_調達仕様書_R3"
        );
        assert_eq!(
            document_stem("  ", "調達仕様書", Some(3), "SECSPEC-00001-SPEC-R3"),
            "SECSPEC-00001-SPEC-R3"
        );
    }

    #[test]
    fn characters_windows_refuses_are_replaced() {
        let stem = document_stem("A/B:C*D?\"E\"<F>|G\\H. ", "確認書", None, "X");
        assert_eq!(stem, "A／B：C＊D？＂E＂＜F＞｜G＼H_確認書");
        assert_eq!(document_stem("..件名..", "", None, "X"), "件名");
        // A 件名 from a received package never leaves the output folder.
        assert_eq!(document_stem("../x/y", "", None, "X"), "／x／y");
        assert_eq!(
            document_stem("件名\u{202E}txt.exe\u{200B}", "", None, "X"),
            "件名txt.exe"
        );
        assert_eq!(
            document_stem("年度 保守\t業務", "", None, "X"),
            "年度_保守_業務"
        );
        assert_eq!(document_stem("con", "", None, "X"), "con_");
        assert_eq!(document_stem("LPT1", "", None, "X"), "LPT1_");
        assert_eq!(document_stem("COMPANY", "", None, "X"), "COMPANY");
    }

    #[test]
    fn long_subjects_are_cut_to_a_name_every_system_accepts() {
        let stem = document_stem(
            &"情".repeat(300),
            "情報セキュリティ対策履行状況報告書",
            Some(12),
            "X",
        );
        assert!(stem.len() + ".docx".len() <= 255, "{} bytes", stem.len());
        assert!(stem.ends_with("_情報セキュリティ対策履行状況報告書_R12"));
    }

    #[test]
    fn revision_from_an_id() {
        assert_eq!(revision_of("SECSPEC-00001-REVIEW-R3"), Some(3));
        assert_eq!(revision_of("OTHER"), None);
    }
}
