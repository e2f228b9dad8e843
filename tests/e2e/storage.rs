//! The database and the documents on storage that fails them: a disk that fills up while the
//! database or the documents are written, and a database folder that can only be read. These
//! tests mount file systems, so they need root with permission to mount (`make test` runs
//! them so); without it they fail saying so.

use crate::support::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A file system mounted for one test. Dropped (also when the test fails) it is unmounted
/// lazily, so that a process still using it cannot keep it mounted.
struct Mounted {
    dir: PathBuf,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
    }
}

/// Runs `mount ARGS`; a failure fails the test, naming what it needs.
fn mount_cmd(args: &[&str]) {
    let out = tool("mount", "mount", args);
    assert!(
        out.status.success(),
        "this test needs root with permission to mount file systems; `mount {}` failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A tmpfs of `size` (e.g. "1m") at `dir`.
fn tmpfs(dir: &Path, size: &str) -> Mounted {
    std::fs::create_dir_all(dir).unwrap();
    mount_cmd(&[
        "-t",
        "tmpfs",
        "-o",
        &format!("size={size}"),
        "tmpfs",
        dir.to_str().unwrap(),
    ]);
    Mounted {
        dir: dir.to_path_buf(),
    }
}

/// `src` shown read-only at `dst`.
fn read_only_view(src: &Path, dst: &Path) -> Mounted {
    std::fs::create_dir_all(dst).unwrap();
    mount_cmd(&["--bind", src.to_str().unwrap(), dst.to_str().unwrap()]);
    let mounted = Mounted {
        dir: dst.to_path_buf(),
    };
    mount_cmd(&["-o", "remount,ro,bind", dst.to_str().unwrap()]);
    // Proof that the view really is read-only, so the assertions below test the CLI.
    let probe = std::fs::write(dst.join("probe"), b"x").unwrap_err();
    assert_eq!(probe.raw_os_error(), Some(30), "EROFS expected: {probe}");
    mounted
}

/// Fills the file system holding `dir` with a file `filler`, then shortens it so that exactly
/// `free` bytes stay free (tmpfs frees the pages cut off). Called again, it fills further.
fn fill_leaving(dir: &Path, free: u64) -> PathBuf {
    let path = dir.join("filler");
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .unwrap();
    let chunk = vec![0xa5u8; 64 << 10];
    loop {
        match file.write(&chunk) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) if e.raw_os_error() == Some(28) => break,
            Err(e) => panic!("filling {}: {e}", path.display()),
        }
    }
    let full = file.metadata().unwrap().len();
    assert!(full > free, "the disk had only {full} bytes free");
    file.set_len(full - free).unwrap();
    path
}

/// `secspec --db DB ARGS`.
fn secspec_on(env: &Env, db: &Path, args: &[&str]) -> Output {
    let mut all = vec!["--db", db.to_str().unwrap()];
    all.extend_from_slice(args);
    env.secspec(&all)
}

fn ok_on(env: &Env, db: &Path, args: &[&str]) -> String {
    let out = secspec_on(env, db, args);
    assert!(
        out.status.success(),
        "secspec {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Asserts that a command failed and returns its error output.
fn failed(out: &Output, what: &str) -> String {
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(!out.status.success(), "{what} must fail; stderr: {err}");
    assert_eq!(out.status.code(), Some(1), "{what}: {err}");
    assert!(!err.contains("panicked"), "{what}: {err}");
    err
}

fn assert_disk_full(out: &Output, what: &str) -> String {
    let err = failed(out, what);
    assert!(
        err.contains("ディスクがいっぱいです") && err.contains("the disk is full"),
        "{what} must say the disk is full: {err}"
    );
    err
}

fn sqlite(db: &Path, sql: &str) -> String {
    let out = tool("sqlite3", "sqlite3", &[db.to_str().unwrap(), sql]);
    assert!(
        out.status.success(),
        "sqlite3 {sql}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// Every entry of `dir` (recursively), as paths below it.
fn entries(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            found.push(path.strip_prefix(dir).unwrap().display().to_string());
            if path.is_dir() {
                todo.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The sample answers with about half a megabyte of additional requirements: far more than
/// the space left for the database in the tests below.
fn bulky_answers() -> String {
    let additions: Vec<String> = (0..40)
        .map(|i| format!("\"{}{i}\"", "追加要件".repeat(1000)))
        .collect();
    example("procurement.toml").replace(
        "additions = [\"受注者は、情報セキュリティインシデントへの対応手順を定め、契約締結後速やかに発注者に提出すること。\"]",
        &format!("additions = [{}]", additions.join(", ")),
    )
}

#[test]
fn a_full_disk_while_saving_fails_saying_so_and_keeps_what_was_saved() {
    let env = Env::new();
    // Big enough for the bulky revision once the filler is gone (its WAL frames and the
    // checkpointed pages both take room).
    let disk = tmpfs(&env.path("disk"), "4m");
    let db = disk.dir.join("secspec.db");
    let small = env.path("small.toml");
    std::fs::write(&small, example("procurement.toml")).unwrap();
    let bulky = env.path("bulky.toml");
    let answers = bulky_answers();
    assert!(answers.len() > 400_000, "{}", answers.len());
    std::fs::write(&bulky, answers).unwrap();
    let small = small.to_str().unwrap();
    let bulky = bulky.to_str().unwrap();

    assert_eq!(ok_on(&env, &db, &["new", "--answers", small]).trim(), "1");
    let list = ok_on(&env, &db, &["list"]);
    let show = ok_on(&env, &db, &["show", "1"]);
    let history = sqlite(&db, "SELECT count(*) FROM history");

    // Room to open the database (its -shm file) but not for the bulky revision.
    let filler = fill_leaving(&disk.dir, 96 << 10);
    for args in [
        ["update", "1", "--answers", bulky].as_slice(),
        ["new", "--answers", bulky].as_slice(),
    ] {
        assert_disk_full(&secspec_on(&env, &db, args), &format!("{args:?}"));
    }
    // No room at all: the database cannot even be opened for the write.
    fill_leaving(&disk.dir, 0);
    assert_disk_full(
        &secspec_on(&env, &db, &["new", "--answers", small]),
        "new on a full disk",
    );

    std::fs::remove_file(&filler).unwrap();
    assert_eq!(sqlite(&db, "PRAGMA integrity_check"), "ok");
    assert_eq!(sqlite(&db, "SELECT count(*) FROM projects"), "1");
    assert_eq!(sqlite(&db, "SELECT count(*) FROM history"), history);
    assert_eq!(
        ok_on(&env, &db, &["list"]),
        list,
        "the project is unchanged"
    );
    assert_eq!(ok_on(&env, &db, &["show", "1"]), show);

    // With space again the same update is saved: the failures were the disk's.
    ok_on(&env, &db, &["update", "1", "--answers", bulky]);
    let list = ok_on(&env, &db, &["list"]);
    assert!(list.contains(" r2 "), "{list}");
}

#[test]
fn documents_that_do_not_fit_fail_saying_so_and_leave_no_document_or_record() {
    let env = Env::new();
    let disk = tmpfs(&env.path("disk"), "1m");
    let db = disk.dir.join("secspec.db");
    let answers = env.path("answers.toml");
    std::fs::write(&answers, example("procurement.toml")).unwrap();
    assert_eq!(
        ok_on(&env, &db, &["new", "--answers", answers.to_str().unwrap()]).trim(),
        "1"
    );
    let list = ok_on(&env, &db, &["list"]);
    assert!(list.contains("ready"), "{list}");

    // Room to open the database (its -shm file) and for less than the document set (over
    // 400 KB: the PDFs alone are well over 64 KB each but one).
    let filler = fill_leaving(&disk.dir, 64 << 10);
    let out = disk.dir.join("out");
    let err = assert_disk_full(
        &secspec_on(
            &env,
            &db,
            &["generate", "1", "--out", out.to_str().unwrap()],
        ),
        "generate on a full disk",
    );
    assert!(
        err.contains("_R1."),
        "the failure is the writing of a document: {err}"
    );
    if out.exists() {
        assert_eq!(
            entries(&out),
            Vec::<String>::new(),
            "no document and no temporary file is left"
        );
    }

    std::fs::remove_file(&filler).unwrap();
    assert_eq!(sqlite(&db, "PRAGMA integrity_check"), "ok");
    assert_eq!(sqlite(&db, "SELECT count(*) FROM generations"), "0");
    assert_eq!(
        ok_on(&env, &db, &["list"]),
        list,
        "the project is not marked generated"
    );

    // With space again the whole set is written and recorded.
    let written = ok_on(
        &env,
        &db,
        &["generate", "1", "--out", out.to_str().unwrap()],
    );
    assert_eq!(written.lines().count(), 8, "{written}");
    assert_eq!(entries(&out).len(), 8, "{:?}", entries(&out));
    assert_eq!(sqlite(&db, "SELECT count(*) FROM generations"), "8");
}

#[test]
fn a_read_only_database_folder_is_read_and_refuses_changes() {
    let env = Env::new();
    env.new_project(&example("procurement.toml"));
    let src = env.path("src");
    std::fs::create_dir(&src).unwrap();
    std::fs::copy(env.db(), src.join("secspec.db")).unwrap();
    let view = read_only_view(&src, &env.path("view"));
    let db = view.dir.join("secspec.db");
    let bytes = std::fs::read(src.join("secspec.db")).unwrap();

    let list = ok_on(&env, &db, &["list"]);
    assert!(
        list.contains("    1  ") && list.contains("府省間ネットワーク運用監視業務"),
        "{list}"
    );
    let status = ok_on(&env, &db, &["db", "status"]);
    assert!(
        status.contains("状態 / state: 読み取り専用 / read-only"),
        "{status}"
    );

    let changed = env.path("changed.toml");
    std::fs::write(
        &changed,
        example("procurement.toml").replace("officer = \"𠮷田 花子\"", "officer = \"山田 太郎\""),
    )
    .unwrap();
    let out_dir = env.path("out");
    for args in [
        ["update", "1", "--answers", changed.to_str().unwrap()].as_slice(),
        ["new", "--answers", changed.to_str().unwrap()].as_slice(),
        ["generate", "1", "--out", out_dir.to_str().unwrap()].as_slice(),
    ] {
        let err = failed(&secspec_on(&env, &db, args), &format!("{args:?}"));
        assert!(
            err.contains("データベースに書き込めません（読み取り専用")
                && err.contains("the database cannot be written (read-only"),
            "{args:?} must say the database is read-only: {err}"
        );
    }
    if out_dir.exists() {
        assert_eq!(
            entries(&out_dir),
            Vec::<String>::new(),
            "no unrecorded document is left"
        );
    }

    assert_eq!(ok_on(&env, &db, &["list"]), list);
    assert!(ok_on(&env, &db, &["show", "1"]).contains("𠮷田 花子"));
    drop(view);
    assert_eq!(
        entries(&src),
        vec!["secspec.db".to_string()],
        "nothing was written beside the database"
    );
    assert!(
        std::fs::read(src.join("secspec.db")).unwrap() == bytes,
        "the database file is unchanged"
    );
}
