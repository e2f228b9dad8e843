//! `secspec check FILE`: a specification from outside checked against the official clause texts
//! (the workflow is the service's `check_file`; this prints it and sets the exit code).

use crate::context::Ctx;
use crate::error::{CliError, CliResult};
use secspec_api::{CheckOutcome, Message};
use secspec_core::verify::{ChangeKind, ClauseResult, Status};
use secspec_core::Lang;
use std::path::Path;

/// The report's language on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum LangArg {
    Ja,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Ja => Lang::Ja,
            LangArg::En => Lang::En,
        }
    }
}

/// Prints `value` as JSON on stdout. Hidden and bidirectional characters from the checked
/// file are written as JSON `\u` escapes, so the terminal never receives them raw and the
/// output stays valid JSON.
pub fn print_json(value: &impl serde::Serialize) -> CliResult {
    let text = serde_json::to_string_pretty(value).map_err(|e| {
        CliError::blocked(Message::new(
            format!("JSON を出力できません: {e}"),
            format!("cannot write JSON: {e}"),
        ))
    })?;
    // JSON's own escape (UTF-16 units), so the output stays valid JSON.
    let out = crate::error::escape_hidden(&text, |c, out| {
        let mut units = [0u16; 2];
        for u in c.encode_utf16(&mut units) {
            out.push_str(&format!("\\u{u:04x}"));
        }
    });
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = writeln!(stdout, "{out}") {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(CliError::blocked(Message::new(
                format!("出力できません: {e}"),
                format!("cannot write the output: {e}"),
            )));
        }
    }
    Ok(())
}

fn status_label(c: &ClauseResult) -> &'static str {
    match c.status {
        Status::Verbatim => "原文どおり / verbatim",
        Status::Changed if c.notation_only => "表記の違いのみ / notation only",
        Status::Changed if c.weakened => "変更あり（弱化） / changed (weakened)",
        Status::Changed => "変更あり / changed",
        Status::Missing => "見当たらない / missing",
    }
}

fn kind_label(k: ChangeKind) -> &'static str {
    match k {
        ChangeKind::Notation => "表記 / notation",
        ChangeKind::Weakened => "弱化 / weakened",
        ChangeKind::Reworded => "文言変更 / reworded",
    }
}

fn print_text(o: &CheckOutcome, lang: Lang) {
    let r = &o.report;
    for n in &o.notes {
        out!("注 / note: {n}");
    }
    out!("{} ({})", r.file, r.format);
    let agencies = if r.agencies.is_empty() {
        "なし / none".to_string()
    } else {
        r.agencies.join("、")
    };
    out!("府省庁名 / agencies: {agencies}");
    if r.agency_mismatch {
        out!("  複数の府省庁名が使われています / more than one agency name is used");
    }
    for c in &r.clauses {
        let place = if c.status == Status::Missing || c.place.is_empty() {
            String::new()
        } else {
            format!("  （{}）", c.place)
        };
        out!("[{}] {}: {}{place}", c.id, c.heading, status_label(c));
        if c.status != Status::Missing {
            for ch in &c.changes {
                let official = if ch.official.is_empty() {
                    "―"
                } else {
                    &ch.official
                };
                let found = if ch.found.is_empty() {
                    "（削除 / dropped）"
                } else {
                    &ch.found
                };
                out!(
                    "    {}: 「{official}」 → 「{found}」  {}",
                    kind_label(ch.kind),
                    ch.place
                );
            }
        }
        for a in &c.additions {
            out!("    追加 / addition: {a}");
        }
    }
    for p in &r.unfilled_placeholders {
        out!("未記入 / unfilled: {}  {}", p.text, p.place);
    }
    if let Some(f) = &o.report_file {
        out!(
            "報告書 / report ({}): {}  {}",
            lang.code(),
            f.path,
            f.sha256
        );
    }
    out!(
        "結果 / result: {}",
        if o.passes {
            "標準条項はすべて原文どおり（又は表記の違いのみ） / every standard clause is verbatim (or differs in notation only)"
        } else {
            "標準条項に欠落・変更があります / a standard clause is missing, reworded or weakened"
        }
    );
}

pub fn check(
    ctx: &Ctx,
    file: &Path,
    json: bool,
    report: Option<&Path>,
    lang: LangArg,
) -> CliResult {
    let lang = Lang::from(lang);
    let outcome = ctx.svc()?.check_file(
        file.display().to_string(),
        report.map(|p| p.display().to_string()),
        Some(lang),
    )?;
    if json {
        print_json(&outcome)?;
    } else {
        print_text(&outcome, lang);
    }
    if outcome.passes {
        Ok(())
    } else {
        Err(CliError::blocked(Message::new(
            format!("{}: 標準条項に欠落・変更があります", file.display()),
            format!(
                "{}: a standard clause is missing, reworded or weakened",
                file.display()
            ),
        )))
    }
}
