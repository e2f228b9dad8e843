//! Answers files: the TOML an officer (or a script) fills in to describe a project, and the TOML
//! a contractor fills in to answer a review package. Read with size and encoding checks; every
//! problem names the file, the line and the field.

use crate::error::{ApiError, ApiResult, ErrorCode};
use secspec_core::contractor::ContractorResponse;
use secspec_core::library::{Library, ParamKind};
use secspec_core::{ContractKind, ContractMethod, Lang, Message, Project};
use std::fmt::Write;
use std::path::Path;

/// Answers files are small; anything bigger is a mistake, not a project.
pub const MAX_ANSWERS_BYTES: u64 = 8 << 20;

/// Reads a file from outside of at most `max` bytes; a missing, unreadable or too large file is
/// bad input naming the file.
pub(crate) fn read_limited(path: &Path, max: u64) -> ApiResult<Vec<u8>> {
    let name = path.display();
    let bad = |ja: String, en: String| ApiError::new(ErrorCode::Invalid, ja, en);
    let meta = std::fs::metadata(path).map_err(|e| {
        bad(
            format!("{name}: 開けません: {e}"),
            format!("{name}: cannot open: {e}"),
        )
    })?;
    if meta.is_dir() {
        return Err(bad(
            format!("{name}: フォルダです。ファイルを指定してください"),
            format!("{name}: is a folder; give a file"),
        ));
    }
    if meta.len() > max {
        return Err(bad(
            format!(
                "{name}: ファイルが大きすぎます（{} バイト、上限 {max}）",
                meta.len()
            ),
            format!(
                "{name}: file too large ({} bytes, at most {max})",
                meta.len()
            ),
        ));
    }
    std::fs::read(path).map_err(|e| {
        bad(
            format!("{name}: 読み込めません: {e}"),
            format!("{name}: cannot read: {e}"),
        )
    })
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map(|t| t.matches('\n').count() + 1)
        .unwrap_or(0)
}

/// Parses a UTF-8 TOML file into `T`, naming the file and line of the first problem.
fn parse_toml<T: serde::de::DeserializeOwned>(name: &str, bytes: Vec<u8>) -> ApiResult<T> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        ApiError::new(
            ErrorCode::Invalid,
            format!("{name}: UTF-8 ではありません（{at} バイト目）"),
            format!("{name}: not valid UTF-8 at byte {at}"),
        )
    })?;
    toml::from_str::<T>(&text).map_err(|e| {
        // The parser's own message (English).
        let mut msg = cut_quoted(e.message());
        if msg.chars().count() > 300 {
            msg = msg.chars().take(300).collect::<String>() + "…";
        }
        let line = e.span().map(|s| line_of(&text, s.start)).unwrap_or(0);
        let (ja, en) = if line > 0 {
            (
                format!("{name}（{line}行目）: {msg}"),
                format!("{name} (line {line}): {msg}"),
            )
        } else {
            (format!("{name}: {msg}"), format!("{name}: {msg}"))
        };
        let error = ApiError::from_message(ErrorCode::Invalid, Message::new(ja, en));
        match key_path(&e) {
            Some(key) => error.with_field(key),
            None => error,
        }
    })
}

/// The most characters of one quoted value (or key) a parser message keeps.
const MAX_QUOTED: usize = 40;

/// A parser message on one line, with each value or key it quotes ("…" or `…`) cut to
/// [`MAX_QUOTED`] characters: a file may hold megabytes in one value (a wrongly typed one is
/// quoted whole by the parser), and the message only has to let the user find it.
fn cut_quoted(message: &str) -> String {
    let mut out = String::new();
    // The open quote, the characters inside so far, and whether the last one was a backslash
    // (the parser escapes quotes inside "…" values).
    let mut open: Option<(char, usize, bool)> = None;
    for c in message.chars() {
        let c = if c == '\n' { ' ' } else { c };
        match open {
            None => {
                if c == '"' || c == '`' {
                    open = Some((c, 0, false));
                }
                out.push(c);
            }
            Some((quote, n, escaped)) => {
                if c == quote && !escaped {
                    open = None;
                    out.push(c);
                    continue;
                }
                let n = n + 1;
                if n <= MAX_QUOTED {
                    out.push(c);
                } else if n == MAX_QUOTED + 1 {
                    out.push('…');
                }
                open = Some((quote, n, quote == '"' && c == '\\' && !escaped));
            }
        }
    }
    out
}

/// The dotted key of the value the parser failed on (e.g. `checklist.profile.x` for a value of
/// the wrong type), when it knows it: such a message names the value's type but not its key.
/// The parser shows the key only in its display form without the file's text, as a last line
/// of `in` and the key in backticks.
fn key_path(e: &toml::de::Error) -> Option<String> {
    let mut bare = e.clone();
    bare.set_input(None);
    let shown = bare.to_string();
    let path = shown
        .strip_prefix(e.message())?
        .strip_prefix('\n')?
        .strip_prefix("in `")?
        .strip_suffix("`\n")?;
    if path.is_empty() {
        return None;
    }
    // Keys are as long as the file makes them; only a start is needed to find one.
    Some(if path.chars().count() > 120 {
        path.chars().take(120).collect::<String>() + "…"
    } else {
        path.to_string()
    })
}

/// An officer's answers file as a project (not yet validated against the library).
pub fn read_answers(path: &Path) -> ApiResult<Project> {
    parse_answers(
        &path.display().to_string(),
        read_limited(path, MAX_ANSWERS_BYTES)?,
    )
}

/// The bytes of an officer's answers file called `name` as a project (what [`read_answers`]
/// does once the file is read; also the fuzzers' entry point).
pub fn parse_answers(name: &str, bytes: Vec<u8>) -> ApiResult<Project> {
    parse_toml(name, bytes)
}

/// A contractor's answers file (see templates/examples/response.toml).
pub fn read_response_answers(path: &Path) -> ApiResult<ContractorResponse> {
    parse_response_answers(
        &path.display().to_string(),
        read_limited(path, MAX_ANSWERS_BYTES)?,
    )
}

/// The bytes of a contractor's answers file called `name` (see [`read_response_answers`]).
pub fn parse_response_answers(name: &str, bytes: Vec<u8>) -> ApiResult<ContractorResponse> {
    parse_toml(name, bytes)
}

fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A commented answers file that is itself a complete, valid example.
pub fn template(library: &Library) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "# SecSpec 回答ファイル / answers file (TOML, UTF-8)");
    let _ = writeln!(
        t,
        "# secspec new --answers このファイル  で案件を作成します / creates a project."
    );
    let _ = writeln!(
        t,
        "# 値はすべて例です。書き換えてください / every value is an example: change it.\n"
    );
    let _ = writeln!(t, "# 件名 / title of the procurement (必須 / required)");
    let _ = writeln!(t, "title = \"庁内ネットワーク運用保守業務\"\n");
    let _ = writeln!(t, "# 府省庁名 / ministry or agency (必須 / required). 一覧 / list: secspec clauses --agencies");
    let agencies: Vec<&str> = library
        .agencies
        .iter()
        .map(|a| a.name_ja.as_str())
        .collect();
    let _ = writeln!(t, "# {}", agencies.join("、"));
    let _ = writeln!(t, "agency = \"デジタル庁\"\n");
    let _ = writeln!(t, "# 部局等 / bureau, 担当者 / officer (任意 / optional)");
    let _ = writeln!(t, "bureau = \"戦略・組織グループ\"");
    let _ = writeln!(t, "officer = \"調達 太郎\"\n");
    let kinds: Vec<String> = ContractKind::ALL
        .iter()
        .map(|k| format!("{} = {}", k.code(), k.label(Lang::Ja)))
        .collect();
    let _ = writeln!(t, "# 契約の種類 / contract kind: {}", kinds.join(", "));
    let _ = writeln!(t, "contract_kind = \"contracting\"\n");
    let methods: Vec<String> = ContractMethod::ALL
        .iter()
        .map(|k| format!("{} = {}", k.code(), k.label(Lang::Ja)))
        .collect();
    let _ = writeln!(t, "# 契約方式 / contract method: {}", methods.join(", "));
    let _ = writeln!(t, "method = \"open_tender\"\n");
    let _ = writeln!(
        t,
        "# 国の安全に関する重要な情報を国以外の者に扱わせるか / does a non-government party handle"
    );
    let _ = writeln!(
        t,
        "# information important to national security? (true / false) と判断理由 / and why"
    );
    let _ = writeln!(t, "national_security = true");
    let _ = writeln!(t, "national_security_reason = \"府省庁ネットワークの構成情報及び脆弱性情報を受注者が取り扱うため。\"\n");
    let _ = writeln!(t, "# 情報処理に係る業務の外部委託か / outsourced information processing? 再委託を認めるか / subcontracting allowed?");
    let _ = writeln!(t, "outsourcing = true");
    let _ = writeln!(t, "subcontracting = false\n");
    let _ = writeln!(
        t,
        "# 適用対象外でも任意に適用する / apply voluntarily although out of scope"
    );
    let _ = writeln!(t, "voluntary = false\n");
    let _ = writeln!(
        t,
        "# 日付 / dates (YYYY-MM-DD). 作成日は和暦で印字 / printed in the Japanese era"
    );
    let _ = writeln!(t, "document_date = \"2026-11-22\"");
    let _ = writeln!(t, "contract_start = \"2027-04-01\"");
    let _ = writeln!(t, "contract_end = \"2028-03-31\"\n");
    let _ = writeln!(t, "# 文書の言語 / document language: ja, en");
    let _ = writeln!(t, "lang = \"ja\"\n");
    let _ = writeln!(
        t,
        "# DOCX の書体 / faces named in the DOCX: ipaex（同梱の IPAex、PDF と同じ / as the PDF）, yu（游明朝・游ゴシック）, ms（ＭＳ 明朝・ＭＳ ゴシック）"
    );
    let _ = writeln!(t, "word_font = \"ipaex\"\n");
    let _ = writeln!(
        t,
        "# 条項ごとの指定 / per-clause choices. 省略可 / all optional:"
    );
    let _ = writeln!(
        t,
        "#   include = false        必須でない条項の除外 / leave out a clause"
    );
    let _ = writeln!(t, "#   custom_body = \"...\"    標準文言の変更（差分として表示） / changed wording (shown as a redline)");
    let _ = writeln!(
        t,
        "#   deviation_reason = \"\"  変更の理由 / why the wording was changed"
    );
    let _ = writeln!(
        t,
        "#   additions = [\"...\"]    より厳しい追加要件 / stricter additional requirements"
    );
    for clause in &library.clauses {
        let _ = writeln!(
            t,
            "\n# {} / {} ({:?}, {})",
            clause.ja.heading,
            clause.en.heading,
            clause.variant,
            clause.origin.label(Lang::En)
        );
        let _ = writeln!(t, "[clauses.{}]", clause.id);
        if clause.id == "breach" {
            let _ = writeln!(t, "additions = [\"受注者は、情報セキュリティインシデントへの対応手順を定め、発注者に提出すること。\"]");
        }
        if clause.params.is_empty() {
            continue;
        }
        let _ = writeln!(t, "[clauses.{}.params]", clause.id);
        for p in &clause.params {
            let kind = match p.kind {
                ParamKind::Text => format!(
                    "text ≤ {} chars",
                    p.max_len.unwrap_or(secspec_core::validate::MAX_SHORT)
                ),
                ParamKind::Integer => format!(
                    "integer {}..={}",
                    p.min.unwrap_or(0),
                    p.max.unwrap_or(i64::MAX)
                ),
                ParamKind::Choice => format!(
                    "one of {}",
                    p.options
                        .iter()
                        .map(|o| format!("{} ({})", o.value, o.ja))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            let need = if p.required {
                "必須 / required"
            } else {
                "任意 / optional"
            };
            let _ = writeln!(t, "# {} / {} — {kind}; {need}", p.label_ja, p.label_en);
            if p.default_from.as_deref() == Some("agency") {
                let _ = writeln!(t, "# 省略時は agency の値 / defaults to agency");
            }
            let example = if p.default_from.as_deref() == Some("agency") {
                "デジタル庁"
            } else {
                p.example.as_str()
            };
            let _ = writeln!(t, "{} = {}", p.name, quote(example));
        }
    }
    t
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn quoted_values_in_parser_messages_are_cut_and_escaped_quotes_kept() {
        let long = "長".repeat(100);
        assert_eq!(
            cut_quoted(&format!(
                "invalid type: string \"{long}\", expected a boolean"
            )),
            format!(
                "invalid type: string \"{}…\", expected a boolean",
                "長".repeat(MAX_QUOTED)
            )
        );
        // An escaped quote does not end the value; the quotes after it still pair up.
        let escaped = "invalid value: string \"say \\\"hi\\\"\", expected `a` or\n`b`";
        assert_eq!(
            cut_quoted(escaped),
            "invalid value: string \"say \\\"hi\\\"\", expected `a` or `b`"
        );
    }

    #[test]
    fn a_wrongly_typed_value_is_named_by_its_key() {
        let e = parse_toml::<Project>("a.toml", b"[checklist.profile]\nx = \"y\"\n".to_vec())
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::Invalid);
        assert_eq!(e.field.as_deref(), Some("checklist.profile.x"));
        assert!(
            e.message
                .en
                .starts_with("a.toml (line 2): invalid type: string \"y\""),
            "{}",
            e.message.en
        );
        // An unknown key is named by the message itself; at the top level there is no path.
        let e = parse_toml::<Project>("a.toml", b"zz = 1\n".to_vec()).unwrap_err();
        assert_eq!(e.field, None);
        assert!(
            e.message.en.contains("unknown field `zz`"),
            "{}",
            e.message.en
        );
    }
}
