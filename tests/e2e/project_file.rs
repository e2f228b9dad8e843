//! A whole project carried to another SecSpec (another database) with `secspec project export`
//! and `project import`: everything recorded arrives, and a changed file is refused.

use crate::support::*;
use std::path::Path;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn line_after<'a>(out: &'a str, label: &str) -> &'a str {
    out.lines()
        .find_map(|l| l.strip_prefix(label))
        .unwrap_or_else(|| panic!("no {label:?} in {out}"))
        .trim()
}

#[test]
fn a_project_file_carries_the_project_to_another_database() {
    let here = Env::new();
    let id = here.new_project(&example("procurement.toml"));
    let review = here.path("review.secspec");
    here.ok(&["package", "export", &id, "--out", s(&review)]);
    let answers = here.path("response.toml");
    std::fs::write(&answers, example("response.toml")).unwrap();
    let response = here.path("response.secspec");
    here.ok(&[
        "respond",
        s(&review),
        "--answers",
        s(&answers),
        "--out",
        s(&response),
    ]);
    here.ok(&["package", "import", &id, s(&response)]);
    here.ok(&[
        "package",
        "answer",
        &id,
        "clause:breach",
        "--text",
        "電話による第一報で差し支えありません。",
    ]);
    let file = here.path("案件.secspec-project");
    let exported = here.ok(&["project", "export", &id, "--out", s(&file)]);
    let fingerprint = line_after(&exported, "署名鍵の指紋 / key fingerprint:").to_string();

    let there = Env::new();
    there.new_project(&example("procurement.toml"));
    let imported = there.ok(&["project", "import", s(&file)]);
    let new_id = imported.lines().next().unwrap().trim().to_string();
    assert_ne!(new_id, id, "{imported}");
    assert!(imported.contains(&fingerprint), "{imported}");
    assert!(imported.contains("別の SecSpec の鍵"), "{imported}");
    assert!(
        imported.contains("1 review packages, 1 responses"),
        "{imported}"
    );

    let questions_here = here.ok(&["package", "questions", &id]);
    let questions_there = there.ok(&["package", "questions", &new_id]);
    assert_eq!(questions_here, questions_there);
    assert!(
        questions_there.contains("電話による第一報"),
        "{questions_there}"
    );
    let checklist_here = here.ok(&["checklist", &id]);
    let checklist_there = there.ok(&["checklist", &new_id]);
    // The first line names the project number; the rest is the same.
    let body = |t: &str| t.lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&checklist_here), body(&checklist_there));
    // The documents are the same, byte for byte.
    let (a, b) = (here.path("docs-here"), there.path("docs-there"));
    here.ok(&["generate", &id, "--out", s(&a), "--draft"]);
    there.ok(&["generate", &new_id, "--out", s(&b), "--draft"]);
    let pdfs = |dir: &Path| {
        files_with(dir, "pdf")
            .iter()
            .map(|p| pdftotext(p))
            .collect::<Vec<_>>()
    };
    let (ta, tb) = (pdfs(&a), pdfs(&b));
    assert!(!ta.is_empty());
    assert_eq!(ta.len(), tb.len());
    for (x, y) in ta.iter().zip(&tb) {
        // Only the document id (project number) may differ.
        let norm = |t: &str, n: &str| t.replace(&format!("SECSPEC-{n:0>5}"), "SECSPEC-#");
        assert_eq!(norm(x, &id), norm(y, &new_id));
    }
}

#[test]
fn a_changed_project_file_is_refused_and_nothing_is_stored() {
    let here = Env::new();
    let id = here.new_project(&example("procurement.toml"));
    let file = here.path("p.secspec-project");
    here.ok(&["project", "export", &id, "--out", s(&file)]);
    let mut bytes = std::fs::read(&file).unwrap();
    // Inside the deflated archive part: the zip's CRC, the manifest hash or the signature
    // fails, whichever comes first.
    let at = bytes.len() / 2;
    bytes[at] ^= 0x20;
    let changed = here.path("changed.secspec-project");
    std::fs::write(&changed, bytes).unwrap();
    let there = Env::new();
    let out = there.secspec(&["project", "import", s(&changed)]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("changed.secspec-project"), "{err}");
    let list = there.ok(&["list"]);
    assert!(list.contains("no projects"), "{list}");
    // A review package is refused as one.
    let review = here.path("review.secspec");
    here.ok(&["package", "export", &id, "--out", s(&review)]);
    let out = there.secspec(&["project", "import", s(&review)]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("案件ファイル") || err.contains("project file"),
        "{err}"
    );
}
