// Declares the app's own commands so capabilities can grant exactly these and nothing else.
// The names come from the one command table (crates/api/src/commands.rs, `with_commands!`),
// read as text so the build script needs no build dependency on the API crate.
use std::path::Path;

const TABLE: &str = "../crates/api/src/commands.rs";

/// The command names of the table: the lines `name(args) -> Result;` between the table's
/// `$callback! {` and its closing brace.
fn command_names(source: &str) -> Vec<String> {
    let Some(start) = source.find("$callback! {") else {
        return Vec::new();
    };
    source[start..]
        .lines()
        .skip(1)
        .map(str::trim)
        .take_while(|l| *l != "}")
        .filter(|l| l.ends_with(';') && l.contains("->"))
        .filter_map(|l| l.split('(').next())
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .collect()
}

fn main() {
    println!("cargo:rerun-if-changed={TABLE}");
    let source = std::fs::read_to_string(Path::new(TABLE))
        .unwrap_or_else(|e| panic!("cannot read the command table {TABLE}: {e}"));
    let names = command_names(&source);
    if names.is_empty() {
        panic!("no commands found in {TABLE}");
    }
    let commands: Vec<&'static str> = names
        .into_iter()
        .map(|n| &*Box::leak(n.into_boxed_str()))
        .collect();
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(Box::leak(commands.into_boxed_slice())),
    ))
    .unwrap_or_else(|e| panic!("tauri build configuration: {e}"));
}
