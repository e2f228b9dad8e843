// Test support: a failure here is a test failure.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(repo().join("tests/fixtures/official").join(name)).unwrap()
}

/// A fresh database and output folder per test.
pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("secspec.db")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn secspec(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_secspec"))
            .args(args)
            .env("SECSPEC_DB", self.db())
            .env_remove("SECSPEC_TEMPLATES")
            .env_remove("SECSPEC_FONTS")
            .output()
            .unwrap()
    }

    /// Runs secspec and insists on success.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.secspec(args);
        assert!(
            out.status.success(),
            "secspec {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn new_project(&self, answers: &str) -> String {
        let file = self.path("answers.toml");
        std::fs::write(&file, answers).unwrap();
        self.ok(&["new", "--answers", file.to_str().unwrap()])
            .trim()
            .to_string()
    }
}

pub fn example(name: &str) -> String {
    std::fs::read_to_string(repo().join("templates/examples").join(name)).unwrap()
}

/// Runs an external checking tool; a missing tool is a failure naming its Debian package.
pub fn tool(program: &str, package: &str, args: &[&str]) -> Output {
    match Command::new(program).args(args).output() {
        Ok(out) => out,
        Err(e) => panic!("{program} is required by this test ({e}): apt-get install {package} (make test installs it)"),
    }
}

pub fn pdftotext(pdf: &Path) -> String {
    let out = tool(
        "pdftotext",
        "poppler-utils",
        &["-layout", pdf.to_str().unwrap(), "-"],
    );
    assert!(
        out.status.success(),
        "pdftotext {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Text without any whitespace: PDF line breaks fall anywhere in Japanese text.
pub fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The official clause text as it should print with `agency` filled in: one squashed string per
/// paragraph or list item (labels such as （１） stand between them in the documents).
pub fn official(name: &str, agency: &str) -> Vec<String> {
    fixture(name)
        .replace("〔各府省庁名を記載〕", agency)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| squash(l.strip_prefix('・').unwrap_or(l)))
        .collect()
}

/// Asserts that every paragraph of an official text appears, unchanged, in `text`.
pub fn assert_official(text: &str, name: &str, agency: &str, what: &str) {
    for para in official(name, agency) {
        assert!(
            text.contains(&para),
            "{name}: paragraph not verbatim in {what}: {para}"
        );
    }
}

/// DOCX -> PDF with LibreOffice headless, in a private profile so runs never collide.
pub fn libreoffice_pdf(docx: &Path, out_dir: &Path) -> PathBuf {
    let profile = tempfile::tempdir().unwrap();
    let profile_url = format!("-env:UserInstallation=file://{}", profile.path().display());
    let out = tool(
        "libreoffice",
        "libreoffice-writer-nogui",
        &[
            &profile_url,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            out_dir.to_str().unwrap(),
            docx.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "libreoffice failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = out_dir
        .join(docx.file_stem().unwrap())
        .with_extension("pdf");
    assert!(
        pdf.is_file(),
        "libreoffice wrote no PDF: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    pdf
}

pub fn files_with(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    v
}

/// word/document.xml of a DOCX, via unzip-free reading with the zip crate.
/// The one generated file in `dir` of the document named `label` (e.g. 調達仕様書) with extension
/// `ext`: file names are `<件名>_<label>_R<n>.<ext>`.
pub fn output(dir: &Path, label: &str, ext: &str) -> PathBuf {
    let found: Vec<PathBuf> = files_with(dir, ext)
        .into_iter()
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.contains(&format!("_{label}_R")))
        })
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one {label}.{ext} in {}: {found:?}",
        dir.display()
    );
    found.into_iter().next().unwrap()
}

pub fn docx_xml(docx: &Path, part: &str) -> String {
    let file = std::fs::File::open(docx).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut entry = zip.by_name(part).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut entry, &mut s).unwrap();
    s
}
