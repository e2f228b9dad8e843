//! The UI's browser tests talk to this: the real service behind JSON lines on stdin/stdout, so
//! the walks check what Rust computes. An example, not a binary: it is never part of the app.
//!
//! Request: `{"id":N,"cmd":"…","args":{…}}` per line. Answer: `{"id":N,"ok":…}` or
//! `{"id":N,"err":<ApiError>}`. Every command of the table, plus two for the tests' own setup:
//! `example_project` (an answers file of templates/examples as a project, to seed the database
//! through `create_project`) and `edit_workbook` (an exported checklist with cells changed and
//! saved again, as an officer would in Excel).
//!
//! Options: `--db PATH` (required: the tests give a fresh file per test, never the user's),
//! `--delay-ms N` (generate and contractor_documents wait first, so progress can be seen).

use secspec_api::{ApiError, ErrorCode, Service};
use serde_json::{json, Value};
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::time::Duration;

struct Options {
    db: PathBuf,
    delay: Duration,
}

fn options() -> Result<Options, String> {
    let mut db = None;
    let mut delay = Duration::ZERO;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--db" => db = args.next().map(PathBuf::from),
            "--delay-ms" => {
                let ms = args.next().and_then(|v| v.parse::<u64>().ok());
                delay = Duration::from_millis(ms.ok_or("--delay-ms needs a number")?);
            }
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(Options {
        db: db.ok_or("--db PATH is required")?,
        delay,
    })
}

fn invalid(en: String) -> ApiError {
    ApiError::new(ErrorCode::Invalid, en.clone(), en)
}

/// Test-only commands that are not part of the UI's command table.
fn extra(cmd: &str, args: &Value) -> Option<Result<Value, ApiError>> {
    match cmd {
        "example_project" => Some((|| {
            let name = args
                .get("name")
                .and_then(Value::as_str)
                .filter(|n| n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
                .ok_or_else(|| invalid("example_project needs a plain name".into()))?;
            let dir = secspec_api::Config::default().templates_dir()?;
            let project =
                secspec_api::answers::read_answers(&dir.join(format!("examples/{name}.toml")))?;
            serde_json::to_value(project).map_err(|e| invalid(e.to_string()))
        })()),
        "edit_workbook" => Some(edit_workbook(args).map_err(invalid)),
        _ => None,
    }
}

/// One changed cell: the row of `item` in the column headed `column`.
#[derive(serde::Deserialize)]
struct Edit {
    item: String,
    column: String,
    value: Value,
}

#[derive(serde::Deserialize)]
struct EditArgs {
    path: PathBuf,
    out: PathBuf,
    edits: Vec<Edit>,
}

/// Reads the main sheet of an exported workbook, changes cells and writes it back as a new
/// one-sheet workbook (what matters to the import is the main sheet).
fn edit_workbook(args: &Value) -> Result<Value, String> {
    use calamine::{Data, Reader, Xlsx};
    let a: EditArgs = serde_json::from_value(args.clone()).map_err(|e| e.to_string())?;
    let mut book: Xlsx<_> =
        calamine::open_workbook(&a.path).map_err(|e: calamine::XlsxError| e.to_string())?;
    let name = book.sheet_names().first().cloned().ok_or("no sheet")?;
    let range = book.worksheet_range(&name).map_err(|e| e.to_string())?;
    let (r0, c0) = range.start().ok_or("empty sheet")?;
    let mut cells: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
    let text = |d: &Data| match d {
        Data::String(s) => s.clone(),
        _ => String::new(),
    };
    let header = cells
        .iter()
        .position(|r| r.iter().any(|d| text(d) == "ID"))
        .ok_or("no header row")?;
    let labels: Vec<String> = cells
        .get(header)
        .map(|row| row.iter().map(text).collect())
        .unwrap_or_default();
    let col = |label: &str| {
        labels
            .iter()
            .position(|l| l == label)
            .ok_or(format!("no column {label}"))
    };
    let id_col = col("ID")?;
    for e in &a.edits {
        let c = col(&e.column)?;
        let r = cells
            .iter()
            .position(|row| row.get(id_col).map(text).as_deref() == Some(e.item.as_str()))
            .ok_or(format!("no row {}", e.item))?;
        let cell = cells
            .get_mut(r)
            .and_then(|row| row.get_mut(c))
            .ok_or(format!("no cell for {} / {}", e.item, e.column))?;
        *cell = match &e.value {
            Value::Number(n) => Data::Float(n.as_f64().unwrap_or_default()),
            Value::String(s) if s.is_empty() => Data::Empty,
            Value::String(s) => Data::String(s.clone()),
            _ => Data::Empty,
        };
    }
    let mut out = rust_xlsxwriter::Workbook::new();
    let sheet = out.add_worksheet();
    sheet.set_name(&name).map_err(|e| e.to_string())?;
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    for (r, row) in cells.iter().enumerate() {
        for (c, d) in row.iter().enumerate() {
            let (r, c) = (r0 + r as u32, (c0 as usize + c) as u16);
            let written = match d {
                Data::String(s) => sheet.write_string(r, c, s).map(|_| ()),
                Data::Float(f) => sheet.write_number(r, c, *f).map(|_| ()),
                Data::Int(i) => sheet.write_number(r, c, *i as f64).map(|_| ()),
                Data::Bool(b) => sheet.write_boolean(r, c, *b).map(|_| ()),
                Data::DateTime(t) => sheet
                    .write_number_with_format(r, c, t.as_f64(), &date)
                    .map(|_| ()),
                _ => Ok(()),
            };
            written.map_err(|e| e.to_string())?;
        }
    }
    out.save(&a.out).map_err(|e| e.to_string())?;
    Ok(Value::Null)
}

fn answer(svc: &Service, opts: &Options, line: &str) -> Value {
    let request: Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => return json!({ "id": null, "err": invalid(format!("bad request line: {e}")) }),
    };
    let id = request.get("id").cloned().unwrap_or(Value::Null);
    let Some(cmd) = request.get("cmd").and_then(Value::as_str) else {
        return json!({ "id": id, "err": invalid("request without cmd".into()) });
    };
    let args = request.get("args").cloned().unwrap_or_else(|| json!({}));
    if matches!(cmd, "generate" | "contractor_documents") && !opts.delay.is_zero() {
        std::thread::sleep(opts.delay);
    }
    let result =
        extra(cmd, &args).unwrap_or_else(|| secspec_api::commands::dispatch(svc, cmd, args));
    match result {
        Ok(v) => json!({ "id": id, "ok": v }),
        Err(e) => json!({ "id": id, "err": e }),
    }
}

fn main() {
    let opts = match options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("ui_test_server: {e}");
            std::process::exit(2);
        }
    };
    let config = secspec_api::Config {
        database: Some(opts.db.clone()),
        ..Default::default()
    };
    let svc = match Service::open(&config) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("ui_test_server: {e}");
            std::process::exit(1);
        }
    };
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        if line.trim().is_empty() {
            continue;
        }
        let reply = answer(&svc, &opts, &line);
        // The harness is gone when stdout is closed: stop quietly.
        if writeln!(out, "{reply}").and_then(|_| out.flush()).is_err() {
            break;
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn bad_lines_are_answered_and_the_server_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let opts = Options {
            db: dir.path().join("t.db"),
            delay: Duration::ZERO,
        };
        let svc = Service::open(&secspec_api::Config {
            database: Some(opts.db.clone()),
            ..Default::default()
        })
        .unwrap();
        let code = |v: &Value| v["err"]["code"].as_str().unwrap_or_default().to_string();
        assert_eq!(code(&answer(&svc, &opts, "not json")), "invalid");
        assert_eq!(code(&answer(&svc, &opts, r#"{"id":1}"#)), "invalid");
        let unknown = answer(&svc, &opts, r#"{"id":2,"cmd":"no_such"}"#);
        assert_eq!(
            (unknown["id"].as_i64(), code(&unknown)),
            (Some(2), "invalid".into())
        );
        let bad = answer(
            &svc,
            &opts,
            r#"{"id":3,"cmd":"get_project","args":{"id":"x"}}"#,
        );
        assert_eq!(code(&bad), "invalid");
        let missing = answer(
            &svc,
            &opts,
            r#"{"id":4,"cmd":"get_project","args":{"id":99}}"#,
        );
        assert_eq!(code(&missing), "not_found");
        assert!(missing["err"]["message"]["ja"].is_string());
        let listed = answer(&svc, &opts, r#"{"id":5,"cmd":"list_projects","args":{}}"#);
        assert_eq!(listed, json!({ "id": 5, "ok": [] }));
        let example = answer(
            &svc,
            &opts,
            r#"{"id":6,"cmd":"example_project","args":{"name":"procurement"}}"#,
        );
        assert!(example["ok"]["title"].is_string());
        let escape = answer(
            &svc,
            &opts,
            r#"{"id":7,"cmd":"example_project","args":{"name":"../library"}}"#,
        );
        assert_eq!(code(&escape), "invalid");
    }
}
