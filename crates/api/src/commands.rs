//! The commands the desktop UI can call, declared once. Each line names a [`crate::Service`]
//! method, its arguments and its result. From this one table come the Tauri command wrappers
//! (src-tauri), the JSON dispatcher of the UI's test server and the typed TypeScript command
//! map of the UI (`ui/src/lib/backend/commands.ts`, checked for drift by a test).
//!
//! A front end expands the table with its own macro: `secspec_api::with_commands!(my_macro);`
//! calls `my_macro! { $( name ( arg: Type, … ) -> Result; )* }`.

#[macro_export]
macro_rules! with_commands {
    ($callback:ident) => {
        $callback! {
            app_info() -> $crate::AppInfo;
            database_status() -> $crate::DatabaseStatus;
            import_legacy(path: String) -> Vec<i64>;
            backups() -> $crate::BackupList;
            backup_now() -> $crate::BackupItem;
            restore_backup(path: String) -> $crate::RestoreOutcome;
            check_database() -> $crate::DatabaseCheck;
            library_view() -> $crate::LibraryView;
            read_date(text: String) -> $crate::DateReading;
            blank_project() -> secspec_core::Project;
            list_projects() -> Vec<$crate::ProjectListItem>;
            create_project(project: secspec_core::Project) -> $crate::ProjectState;
            get_project(id: i64) -> $crate::ProjectState;
            save_project(id: i64, revision: i64, project: secspec_core::Project) -> $crate::ProjectState;
            duplicate_project(id: i64) -> $crate::ProjectState;
            delete_project(id: i64) -> ();
            project_export(id: i64, path: String) -> $crate::ProjectFileExport;
            project_import(path: String) -> $crate::ProjectFileImport;
            evaluate(project: secspec_core::Project) -> $crate::Evaluation;
            preview(id: i64, revision: i64, project: secspec_core::Project, kind: secspec_core::DocumentKind) -> $crate::Preview;
            generate(request: $crate::GenerateRequest) -> Vec<$crate::GeneratedFile>;
            generations(id: i64) -> Vec<$crate::GenerationRecord>;
            history(id: i64) -> Vec<$crate::HistoryItem>;
            checklist_export(id: i64, path: String) -> $crate::ExportedFile;
            checklist_import(id: i64, revision: i64, path: String) -> $crate::ChecklistImport;
            package_export(id: i64, path: String) -> $crate::PackageExport;
            open_review(path: String, accept_new_key: Option<bool>) -> $crate::ReviewOpened;
            check_response(response: secspec_core::contractor::ContractorResponse) -> $crate::ResponseCheck;
            write_response(review_path: String, response: secspec_core::contractor::ContractorResponse, out_path: String) -> $crate::ResponseWritten;
            contractor_documents(review_path: String, response: secspec_core::contractor::ContractorResponse, dir: String, draft: Option<bool>) -> Vec<$crate::GeneratedFile>;
            import_response(id: i64, path: String, accept_new_key: Option<bool>) -> $crate::ResponseImported;
            responses(id: i64) -> Vec<$crate::ResponseRecord>;
            acknowledge_all(review_path: String, response: secspec_core::contractor::ContractorResponse) -> $crate::AcknowledgeAll;
            question_answers(id: i64, lang: Option<secspec_core::Lang>) -> $crate::QuestionAnswers;
            set_question_answer(id: i64, target: String, answer: String) -> $crate::QuestionAnswers;
            write_question_answers(id: i64, dir: String, lang: Option<secspec_core::Lang>, draft: Option<bool>) -> Vec<$crate::GeneratedFile>;
            check_file(path: String, report_path: Option<String>, lang: Option<secspec_core::Lang>) -> $crate::CheckOutcome;
            project_from_check(path: String) -> $crate::ProjectState;
        }
    };
}

/// One command as the TypeScript side sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandSpec {
    pub name: &'static str,
    /// (argument name, TypeScript type)
    pub args: Vec<(&'static str, String)>,
    pub result: String,
}

/// The JSON dispatcher (for the UI's test server) and the command list (for the TypeScript
/// command map), both made from the table.
macro_rules! json_dispatch {
    ($( $name:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty ; )*) => {
        /// Runs the command `cmd` with arguments given as a JSON object (names as in the table).
        pub fn dispatch(
            svc: &$crate::Service,
            cmd: &str,
            args: serde_json::Value,
        ) -> Result<serde_json::Value, $crate::ApiError> {
            match cmd {
                $(
                    stringify!($name) => {
                        #[derive(serde::Deserialize)]
                        #[serde(deny_unknown_fields)]
                        #[allow(dead_code)]
                        struct Args { $( $arg: $ty, )* }
                        #[allow(unused_variables)]
                        let a: Args = serde_json::from_value(args).map_err(|e| bad_arguments(cmd, &e))?;
                        let result: $ret = svc.$name($( a.$arg ),*)?;
                        serde_json::to_value(result).map_err(|e| bad_arguments(cmd, &e))
                    }
                )*
                other => Err($crate::ApiError::new(
                    $crate::ErrorCode::Invalid,
                    format!("不明なコマンドです: {other}"),
                    format!("unknown command: {other}"),
                )),
            }
        }

        /// Every command with its TypeScript argument and result types.
        pub fn specs() -> Vec<CommandSpec> {
            let cfg = ts_rs::Config::new().with_large_int("number");
            vec![$(
                CommandSpec {
                    name: stringify!($name),
                    args: vec![$( (stringify!($arg), <$ty as ts_rs::TS>::name(&cfg)) ),*],
                    result: <$ret as ts_rs::TS>::name(&cfg),
                },
            )*]
        }
    };
}

fn bad_arguments(cmd: &str, e: &serde_json::Error) -> crate::ApiError {
    crate::ApiError::new(
        crate::ErrorCode::Invalid,
        format!("コマンド {cmd} の引数が正しくありません: {e}"),
        format!("invalid arguments of command {cmd}: {e}"),
    )
}

with_commands!(json_dispatch);

/// camelCase of a snake_case command or argument name (the UI's function names).
fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in name.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Type names a TypeScript type expression refers to (to import them).
fn type_names(ts: &str, out: &mut std::collections::BTreeSet<String>) {
    const BUILTIN: [&str; 4] = ["Array", "Record", "Partial", "Promise"];
    let mut word = String::new();
    for c in ts.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            if word.starts_with(|c: char| c.is_ascii_uppercase())
                && !BUILTIN.contains(&word.as_str())
            {
                out.insert(std::mem::take(&mut word));
            }
            word.clear();
        }
    }
}

/// The TypeScript command map: a type per command and a typed function per command that
/// calls the transport given to `makeCommands`.
pub fn typescript() -> String {
    use std::fmt::Write;
    let specs = specs();
    let mut names = std::collections::BTreeSet::new();
    for s in &specs {
        for (_, t) in &s.args {
            type_names(t, &mut names);
        }
        type_names(&s.result, &mut names);
    }
    let mut ts = String::new();
    let _ = writeln!(
        ts,
        "// Generated from crates/api/src/commands.rs (`UPDATE_BINDINGS=1 cargo test -p secspec-api`); do not edit."
    );
    let _ = writeln!(
        ts,
        "import type {{ {} }} from './types';\n",
        names.into_iter().collect::<Vec<_>>().join(", ")
    );
    let _ = writeln!(ts, "/** Every command: its arguments and its result. */");
    let _ = writeln!(ts, "export interface CommandMap {{");
    for s in &specs {
        let args = if s.args.is_empty() {
            "Record<string, never>".to_string()
        } else {
            let fields: Vec<String> = s.args.iter().map(|(n, t)| format!("{n}: {t}")).collect();
            format!("{{ {} }}", fields.join("; "))
        };
        let _ = writeln!(
            ts,
            "  {}: {{ args: {args}; result: {} }};",
            s.name, s.result
        );
    }
    let _ = writeln!(ts, "}}\n");
    let _ = writeln!(ts, "export type CommandName = keyof CommandMap;");
    let _ = writeln!(
        ts,
        "export type Transport = <K extends CommandName>(cmd: K, args: CommandMap[K]['args']) => Promise<CommandMap[K]['result']>;\n"
    );
    let _ = writeln!(ts, "/** A typed function per command, calling `call`. */");
    let _ = writeln!(ts, "export function makeCommands(call: Transport) {{");
    let _ = writeln!(ts, "  return {{");
    for s in &specs {
        let params: Vec<String> = s
            .args
            .iter()
            .map(|(n, t)| format!("{}: {t}", camel(n)))
            .collect();
        let object: Vec<String> = s
            .args
            .iter()
            .map(|(n, _)| {
                let c = camel(n);
                if c == *n {
                    n.to_string()
                } else {
                    format!("{n}: {c}")
                }
            })
            .collect();
        let _ = writeln!(
            ts,
            "    {}: ({}) => call('{}', {{ {} }}),",
            camel(s.name),
            params.join(", "),
            s.name,
            object.join(", ")
        );
    }
    let _ = writeln!(ts, "  }};");
    let _ = writeln!(ts, "}}");
    ts.replace("{  }", "{}")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn names_become_camel_case() {
        assert_eq!(camel("review_path"), "reviewPath");
        assert_eq!(camel("app_info"), "appInfo");
        assert_eq!(camel("id"), "id");
    }

    #[test]
    fn every_command_is_listed_once_with_its_types() {
        let specs = specs();
        let mut names: Vec<&str> = specs.iter().map(|s| s.name).collect();
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n);
        let save = specs.iter().find(|s| s.name == "save_project").unwrap();
        assert_eq!(
            save.args,
            vec![
                ("id", "number".to_string()),
                ("revision", "number".to_string()),
                ("project", "Project".to_string())
            ]
        );
        assert_eq!(save.result, "ProjectState");
        let docs = specs
            .iter()
            .find(|s| s.name == "contractor_documents")
            .unwrap();
        assert_eq!(docs.args[3], ("draft", "boolean | null".to_string()));
    }
}
