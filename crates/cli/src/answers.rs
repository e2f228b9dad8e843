//! Answers files: the TOML an officer (or a script) fills in to create a project.

use crate::error::CliError;
use secspec_core::library::{Library, ParamKind};
use secspec_core::{ContractKind, ContractMethod, Lang, Project};
use std::fmt::Write;
use std::path::Path;

/// Answers files are small; anything bigger is a mistake, not a project.
const MAX_ANSWERS_BYTES: u64 = 8 << 20;

pub fn read(path: &Path) -> Result<Project, CliError> {
    let name = path.display().to_string();
    let meta = std::fs::metadata(path)
        .map_err(|e| CliError::input(format!("{name}: 開けません / cannot open: {e}")))?;
    if meta.len() > MAX_ANSWERS_BYTES {
        return Err(CliError::input(format!(
            "{name}: ファイルが大きすぎます（{} バイト、上限 {MAX_ANSWERS_BYTES}） / file too large",
            meta.len()
        )));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| CliError::input(format!("{name}: 読み込めません / cannot read: {e}")))?;
    parse(&name, bytes)
}

pub fn parse(name: &str, bytes: Vec<u8>) -> Result<Project, CliError> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        CliError::input(format!(
            "{name}: UTF-8 ではありません（{at} バイト目） / not valid UTF-8 at byte {at}"
        ))
    })?;
    toml::from_str::<Project>(&text).map_err(|e| {
        let msg = e.message().replace('\n', " ");
        let line = e
            .span()
            .map(|s| {
                format!(
                    " ({}行目 / line {})",
                    line_of(&text, s.start),
                    line_of(&text, s.start)
                )
            })
            .unwrap_or_default();
        CliError::input(format!("{name}{line}: {msg}"))
    })
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map(|t| t.matches('\n').count() + 1)
        .unwrap_or(0)
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
