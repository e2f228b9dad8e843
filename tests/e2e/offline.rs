//! Every `secspec` command works offline: each one runs under strace (following every thread
//! and child) on real inputs, and the test fails if any of them opens a socket or connects or
//! sends to an address other than a Unix-domain one. The list of commands comes from
//! `secspec --help`, so a new command without a run here fails the test.

use crate::support::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The syscalls that open or use a socket.
const TRACED: &str = "trace=socket,connect,bind,sendto,sendmsg,sendmmsg";

/// Runs `secspec args` under strace with `env`'s database (or, with `db: None`, the default
/// database under `data`), returning its output and the traced calls.
fn traced(env: &Env, data: Option<&Path>, args: &[&str]) -> (Output, String) {
    let log = env.path("strace.log");
    let mut cmd = Command::new("strace");
    cmd.args(["-f", "-qq", "--seccomp-bpf", "-e", TRACED, "-o", s(&log)])
        .arg(env!("CARGO_BIN_EXE_secspec"))
        .args(args)
        .env_remove("SECSPEC_TEMPLATES")
        .env_remove("SECSPEC_FONTS");
    match data {
        Some(dir) => cmd.env_remove("SECSPEC_DB").env("XDG_DATA_HOME", dir),
        None => cmd.env("SECSPEC_DB", env.db()),
    };
    let out = cmd.output().unwrap_or_else(|e| {
        panic!(
            "strace is required by this test ({e}): apt-get install strace (make test installs it)"
        )
    });
    let calls = std::fs::read_to_string(&log)
        .unwrap_or_else(|e| panic!("strace wrote no log for {args:?} ({e}): {out:?}"));
    (out, calls)
}

/// The traced calls that reach beyond Unix-domain sockets: any address family other than
/// AF_UNIX in a socket(), connect(), bind() or send call.
fn outside_calls(calls: &str) -> Vec<&str> {
    calls
        .lines()
        .filter(|l| {
            let mut rest = *l;
            while let Some(at) = rest.find("AF_") {
                rest = &rest[at..];
                if !rest.starts_with("AF_UNIX") && !rest.starts_with("AF_LOCAL") {
                    return true;
                }
                rest = &rest[3..];
            }
            false
        })
        .collect()
}

/// The commands `secspec --help` (or `secspec <cmd> --help`) lists, `help` left out.
fn commands(env: &Env, parent: &[&str]) -> BTreeSet<String> {
    let mut args = parent.to_vec();
    args.push("--help");
    let help = env.ok(&args);
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_string)
        .collect()
}

struct Proof<'a> {
    env: &'a Env,
    runs: Vec<String>,
    calls: usize,
}

impl Proof<'_> {
    /// Runs one command under strace; it must exit with one of `codes` and stay offline.
    fn run(&mut self, data: Option<&Path>, args: &[&str], codes: &[i32]) -> String {
        let (out, calls) = traced(self.env, data, args);
        let code = out.status.code();
        assert!(
            code.is_some_and(|c| codes.contains(&c)),
            "secspec {args:?} exited with {:?} (expected {codes:?}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        let outside = outside_calls(&calls);
        assert!(
            outside.is_empty(),
            "secspec {args:?} used the network:\n{}",
            outside.join("\n")
        );
        self.calls += calls.lines().count();
        self.runs.push(
            args.iter()
                .take_while(|a| {
                    !a.starts_with('-') && a.parse::<i64>().is_err() && !a.contains('/')
                })
                .copied()
                .collect::<Vec<_>>()
                .join(" "),
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn ok(&mut self, args: &[&str]) -> String {
        self.run(None, args, &[0])
    }
}

#[test]
fn outside_calls_are_found_in_strace_lines() {
    let unix = r#"12 connect(3, {sa_family=AF_UNIX, sun_path="/run/dbus"}, 110) = 0"#;
    let inet = r#"12 connect(3, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("1.2.3.4")}, 16) = 0"#;
    let inet6 = r#"12 socket(AF_INET6, SOCK_DGRAM|SOCK_CLOEXEC, IPPROTO_IP) = 3"#;
    let netlink = r#"12 socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE) = 3"#;
    let calls = [unix, inet, inet6, netlink].join("\n");
    assert_eq!(outside_calls(&calls), vec![inet, inet6, netlink]);
    assert!(outside_calls(unix).is_empty());
}

/// The trace does see a connection: bash's /dev/tcp connecting to the loopback address (refused
/// or not) shows up as an AF_INET call.
#[test]
fn the_trace_sees_an_inet_connection() {
    let env = Env::new();
    let log = env.path("strace.log");
    let out = Command::new("strace")
        .args(["-f", "-qq", "--seccomp-bpf", "-e", TRACED, "-o", s(&log)])
        .args(["bash", "-c", "echo > /dev/tcp/127.0.0.1/9 || true"])
        .output()
        .unwrap_or_else(|e| {
            panic!("strace is required by this test ({e}): apt-get install strace (make test installs it)")
        });
    assert!(out.status.success(), "{out:?}");
    let calls = std::fs::read_to_string(&log).unwrap();
    assert!(
        outside_calls(&calls).iter().any(|l| l.contains("connect(")),
        "no AF_INET connect traced:\n{calls}"
    );
}

#[test]
fn every_command_runs_without_the_network() {
    let env = Env::new();
    let mut p = Proof {
        env: &env,
        runs: Vec::new(),
        calls: 0,
    };
    let out = |name: &str| -> PathBuf { env.path(name) };

    // The officer: a project from the answers template, updated from the example, its
    // documents, lint and checklist.
    let template = p.ok(&["answers-template"]);
    std::fs::write(out("template.toml"), template).unwrap();
    let id = p
        .ok(&["new", "--answers", s(&out("template.toml"))])
        .trim()
        .to_string();
    std::fs::write(out("answers.toml"), example("procurement.toml")).unwrap();
    p.ok(&["update", &id, "--answers", s(&out("answers.toml"))]);
    p.ok(&["list"]);
    p.ok(&["show", &id]);
    p.ok(&["clauses", "--agencies"]);
    p.run(None, &["lint", &id], &[0, 1]);
    p.ok(&[
        "generate",
        &id,
        "--out",
        s(&out("docs")),
        "--format",
        "docx,pdf",
        "--draft",
    ]);
    p.ok(&["checklist", &id]);
    p.ok(&[
        "checklist",
        "export",
        &id,
        "--out",
        s(&out("checklist.xlsx")),
    ]);
    p.ok(&["checklist", "import", &id, s(&out("checklist.xlsx"))]);
    p.ok(&[
        "checklist",
        "report",
        &id,
        "--out",
        s(&out("report")),
        "--draft",
    ]);
    p.ok(&["checklist", "oscal", &id, "--out", s(&out("oscal"))]);

    // Review and response: export, the contractor's review and response, import.
    p.ok(&["package", "export", &id, "--out", s(&out("review.secspec"))]);
    p.ok(&["review", s(&out("review.secspec"))]);
    std::fs::write(out("response.toml"), example("response.toml")).unwrap();
    p.ok(&[
        "respond",
        s(&out("review.secspec")),
        "--answers",
        s(&out("response.toml")),
        "--out",
        s(&out("response.secspec")),
        "--documents",
        s(&out("contractor")),
        "--draft",
    ]);
    p.ok(&["package", "import", &id, s(&out("response.secspec"))]);
    // The officer answers the contractor's question and writes the 質問回答書.
    let questions = p.ok(&["package", "questions", &id]);
    assert!(questions.contains("[clause:breach]"), "{questions}");
    p.ok(&[
        "package",
        "answer",
        &id,
        "clause:breach",
        "--text",
        "電話による第一報で差し支えありません。",
    ]);
    p.ok(&["package", "qa", &id, "--out", s(&out("qa"))]);
    // The whole project to a project file and back in as a new project.
    p.ok(&[
        "project",
        "export",
        &id,
        "--out",
        s(&out("project.secspec-project")),
    ]);
    p.ok(&["project", "import", s(&out("project.secspec-project"))]);

    // A specification checked, with its report; a generated DOCX is one.
    let docx = files_with(&out("docs"), "docx");
    assert!(!docx.is_empty(), "generate wrote DOCX files");
    p.run(
        None,
        &["check", s(&docx[0]), "--report", s(&out("check.pdf"))],
        &[0, 1],
    );
    p.ok(&["demo", "--out", s(&out("demo"))]);

    // The database commands against the default location (XDG_DATA_HOME), with databases of
    // earlier versions (copies of this one) where those versions kept them.
    let data = out("data");
    p.run(Some(&data), &["list"], &[0]);
    for legacy in ["secspec", "jp.secspec.desktop"] {
        std::fs::create_dir_all(data.join(legacy)).unwrap();
        std::fs::copy(env.db(), data.join(legacy).join("secspec.db")).unwrap();
    }
    let status = p.run(Some(&data), &["db", "status"], &[0]);
    assert!(status.contains("以前の場所"), "{status}");
    let legacy = data.join("secspec/secspec.db");
    let imported = p.run(Some(&data), &["db", "import-legacy", s(&legacy)], &[0]);
    // The copy holds the project and the one `project import` made from it above.
    assert!(imported.contains("imported 2 project"), "{imported}");
    // Backups: one written, the database checked, the backup restored.
    p.ok(&["db", "backup", "--out", s(&out("backup.sqlite3"))]);
    p.ok(&["db", "check"]);
    p.ok(&["db", "restore", s(&out("backup.sqlite3"))]);

    // Every command and subcommand `--help` lists was run.
    let mut listed = BTreeSet::new();
    for c in commands(&env, &[]) {
        let subs = commands(&env, &[&c]);
        if subs.is_empty() {
            listed.insert(c);
        } else {
            listed.extend(subs.into_iter().map(|sub| format!("{c} {sub}")));
            if c == "checklist" {
                listed.insert(c);
            }
        }
    }
    let ran: BTreeSet<String> = p.runs.iter().cloned().collect();
    let missing: Vec<&String> = listed.difference(&ran).collect();
    assert!(
        missing.is_empty(),
        "commands not proved offline: {missing:?}"
    );
    assert!(listed.len() >= 20, "{listed:?}");
    eprintln!(
        "offline: {} runs of {} commands, {} socket calls traced, all Unix-domain",
        p.runs.len(),
        listed.len(),
        p.calls
    );
}
