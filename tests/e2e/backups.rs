//! `secspec db backup`, `db restore` and `db check` on the real binary: exit codes, messages in
//! both languages, and files a restore must refuse.

use crate::support::{example, Env};
use std::path::Path;

fn code(out: &std::process::Output) -> i32 {
    out.status.code().unwrap()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn projects(env: &Env) -> usize {
    env.ok(&["list"])
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count()
}

#[test]
fn backup_restore_and_check_round_trip() {
    let env = Env::new();
    env.new_project(&example("procurement.toml"));
    let saved = env.path("saved.sqlite3");
    let printed = env.ok(&["db", "backup", "--out", saved.to_str().unwrap()]);
    assert!(printed.contains("saved.sqlite3"), "{printed}");
    // Never over an existing file.
    let again = env.secspec(&["db", "backup", "--out", saved.to_str().unwrap()]);
    assert_eq!(code(&again), 2, "{}", stderr(&again));
    assert!(
        stderr(&again).contains("上書きしません") && stderr(&again).contains("not overwritten")
    );

    // Into the backups folder.
    let printed = env.ok(&["db", "backup"]);
    assert!(
        printed.contains("/backups/secspec-") && printed.contains("-manual.sqlite3"),
        "{printed}"
    );

    env.new_project(&example("procurement.toml"));
    assert_eq!(projects(&env), 2);
    let printed = env.ok(&["db", "restore", saved.to_str().unwrap()]);
    assert!(printed.contains("before-restore.sqlite3"), "{printed}");
    assert!(
        printed.contains("案件 1 件") && printed.contains("1 project(s)"),
        "{printed}"
    );
    assert_eq!(projects(&env), 1);

    let check = env.secspec(&["db", "check"]);
    assert_eq!(code(&check), 0, "{}", stderr(&check));
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(text.contains("integrity_check: ok"), "{text}");
    assert!(text.contains("foreign_key_check: ok"), "{text}");
    assert!(text.contains("schema version: 5"), "{text}");
    assert!(
        text.contains("-before-restore.sqlite3") && text.contains("-manual.sqlite3"),
        "{text}"
    );
}

#[test]
fn restore_refuses_files_that_are_no_secspec_database_with_exit_code_2() {
    let env = Env::new();
    env.new_project(&example("procurement.toml"));
    let before = std::fs::read(env.db()).unwrap();
    let text = env.path("notes.txt");
    std::fs::write(&text, "ただのテキスト\n".repeat(400)).unwrap();
    let missing = env.path("missing.sqlite3");
    for (file, ja, en) in [
        (
            &text,
            "SQLite のデータベースではない",
            "not an SQLite database",
        ),
        (&missing, "ファイルがありません", "no such file"),
    ] {
        let out = env.secspec(&["db", "restore", file.to_str().unwrap()]);
        assert_eq!(code(&out), 2, "{}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains(ja) && err.contains(en), "{err}");
    }
    assert!(
        !env.path("backups").exists()
            || std::fs::read_dir(env.path("backups")).unwrap().all(|e| {
                !e.unwrap()
                    .file_name()
                    .to_string_lossy()
                    .contains("before-restore")
            })
    );
    assert_eq!(projects(&env), 1);
    let _ = before;
}

#[test]
fn check_says_what_is_wrong_with_exit_code_1_and_2() {
    let env = Env::new();
    // No database: bad input.
    let out = env.secspec(&["db", "check"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(!env.db().exists(), "check made a database");

    env.new_project(&example("procurement.toml"));
    env.ok(&["db", "backup"]);
    let latest = std::fs::read_dir(env.path("backups"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    // A damaged database (header overwritten): a problem, naming the latest backup.
    let mut bytes = std::fs::read(env.db()).unwrap();
    bytes[..16].copy_from_slice(b"NOT SQLITE AT AL");
    std::fs::write(env.db(), &bytes).unwrap();
    let folder = env.path("backups").display().to_string();
    let out = env.secspec(&["db", "check"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("{folder}/secspec-")),
        "{}",
        stderr(&out)
    );
    // Any command refuses it unchanged, naming the backup and how to restore it.
    let out = env.secspec(&["list"]);
    assert_ne!(code(&out), 0);
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{folder}/secspec-")) && err.contains("secspec db restore"),
        "{err}"
    );
    assert_eq!(std::fs::read(env.db()).unwrap(), bytes);
    // Restoring the backup makes it usable again.
    env.ok(&["db", "restore", latest.to_str().unwrap()]);
    assert_eq!(projects(&env), 1);
    let out = env.secspec(&["db", "check"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(std::fs::read_dir(env.path("backups")).unwrap().any(|e| {
        e.unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with("-damaged-before-restore.sqlite3")
    }));

    // Another application's database: bad input.
    let other = Env::new();
    let conn_path: &Path = &other.db();
    std::process::Command::new("sqlite3")
        .args([
            conn_path.to_str().unwrap(),
            "CREATE TABLE t (x); INSERT INTO t VALUES (1);",
        ])
        .status()
        .expect(
            "sqlite3 is required by this test: apt-get install sqlite3 (make test installs it)",
        );
    let out = other.secspec(&["db", "check"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("SecSpec のデータベースではありません"),
        "{}",
        stderr(&out)
    );
}
