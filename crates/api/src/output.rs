//! Writing what the commands produce. Nothing is ever left half-written under its final name:
//! each file is written under a temporary name in the same folder, flushed to disk, renamed
//! into place, and the folder flushed; a document set is renamed only after it is recorded.

use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::types::GeneratedFile;
use secspec_core::Message;
use secspec_render::set::Output;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

fn io_error(path: &Path, what: Message, e: &std::io::Error) -> ApiError {
    let (ja, en) = if e.raw_os_error() == Some(28) || e.kind() == std::io::ErrorKind::StorageFull {
        (
            "ディスクがいっぱいです".to_string(),
            "the disk is full".to_string(),
        )
    } else if e.kind() == std::io::ErrorKind::PermissionDenied || e.raw_os_error() == Some(30) {
        (
            "書き込みが許可されていません（読み取り専用）".to_string(),
            "writing is not permitted (read-only)".to_string(),
        )
    } else {
        (e.to_string(), e.to_string())
    };
    ApiError::new(
        ErrorCode::Failure,
        format!("{}: {}: {ja}", path.display(), what.ja),
        format!("{}: {}: {en}", path.display(), what.en),
    )
}

pub(crate) fn create_dir(dir: &Path) -> ApiResult<()> {
    std::fs::create_dir_all(dir).map_err(|e| {
        io_error(
            dir,
            Message::new("フォルダを作成できません", "cannot create the folder"),
            &e,
        )
    })
}

/// The temporary name of `path` while it is being written.
fn temporary(path: &Path) -> PathBuf {
    hidden_name(path, "part")
}

/// A hidden name beside `path` that belongs to this process, e.g. `.A.pdf.1234.part`.
fn hidden_name(path: &Path, suffix: &str) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.{suffix}", std::process::id()))
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Flushes the folder entry of renamed files (a crash after this keeps the new names).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

fn cannot_write() -> Message {
    Message::new("書き込めません", "cannot write")
}

/// Writes one file atomically.
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> ApiResult<()> {
    let tmp = temporary(path);
    let result = write_synced(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    match result {
        Ok(()) => {
            sync_dir(path.parent().unwrap_or(Path::new(".")));
            Ok(())
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(io_error(path, cannot_write(), &e))
        }
    }
}

/// Rendered documents written under temporary names, waiting to be put in place. Dropped
/// without [`Staged::commit`], the temporary files are removed.
pub(crate) struct Staged {
    dir: PathBuf,
    files: Vec<(PathBuf, PathBuf)>,
    outputs: Vec<GeneratedFile>,
}

/// Writes `outputs` into `dir` under temporary names (the folder is made first).
pub(crate) fn stage(dir: &Path, outputs: Vec<Output>) -> ApiResult<Staged> {
    create_dir(dir)?;
    let mut staged = Staged {
        dir: dir.to_path_buf(),
        files: Vec::new(),
        outputs: Vec::new(),
    };
    for o in outputs {
        let path = dir.join(&o.file_name);
        remove_leftovers(&path);
        let tmp = temporary(&path);
        // Pushed first, so a failed write is removed too.
        staged.files.push((tmp.clone(), path.clone()));
        write_synced(&tmp, &o.bytes).map_err(|e| io_error(&path, cannot_write(), &e))?;
        staged.outputs.push(GeneratedFile {
            path: path.display().to_string(),
            size_bytes: o.bytes.len() as u64,
            file_name: o.file_name,
            kind: o.kind,
            format: o.format,
            sha256: o.sha256,
        });
    }
    Ok(staged)
}

/// Removes the temporary and set-aside files a killed earlier run left beside `path`
/// (`.NAME.PID.part`, `.NAME.PID.old`), once their process is gone. Only where `/proc` tells
/// which processes run; elsewhere they are left, as a live run's files must never be taken.
fn remove_leftovers(path: &Path) {
    let proc = Path::new("/proc");
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    if !proc.join("self").exists() {
        return;
    }
    let prefix = format!(".{}.", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix(&prefix) else {
            continue;
        };
        let pid = rest
            .strip_suffix(".part")
            .or_else(|| rest.strip_suffix(".old"));
        let dead = pid
            .filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
            .is_some_and(|p| p != std::process::id().to_string() && !proc.join(p).exists());
        if dead && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

impl Staged {
    /// Renames every file into place. A file already there under a final name (the last run's
    /// document) is kept aside until the whole set is in place, so a failure part-way puts the
    /// folder back as it was: no partial set, and no earlier document lost.
    pub(crate) fn commit(mut self) -> ApiResult<Vec<GeneratedFile>> {
        let files = std::mem::take(&mut self.files);
        // Final names this run has put in place, each with where the file it replaced was kept.
        let mut placed: Vec<(&Path, Option<PathBuf>)> = Vec::with_capacity(files.len());
        for (tmp, path) in &files {
            let step = set_aside(path).and_then(|kept| match std::fs::rename(tmp, path) {
                Ok(()) => Ok(kept),
                Err(e) => {
                    // The earlier file is still in place; only its spare copy goes.
                    if let Some(kept) = &kept {
                        let _ = std::fs::remove_file(kept);
                    }
                    Err(e)
                }
            });
            match step {
                Ok(kept) => placed.push((path, kept)),
                Err(e) => {
                    for (done, kept) in placed.iter().rev() {
                        // One rename puts the earlier file back over the new one.
                        match kept {
                            Some(kept) => {
                                let _ = std::fs::rename(kept, done);
                            }
                            None => {
                                let _ = std::fs::remove_file(done);
                            }
                        }
                    }
                    for (tmp, _) in &files {
                        let _ = std::fs::remove_file(tmp);
                    }
                    return Err(io_error(path, cannot_write(), &e));
                }
            }
        }
        for (_, kept) in &placed {
            if let Some(kept) = kept {
                let _ = std::fs::remove_file(kept);
            }
        }
        sync_dir(&self.dir);
        Ok(std::mem::take(&mut self.outputs))
    }
}

/// Keeps the file (or link) at `path` under its set-aside name and returns that name; `None`
/// when nothing is there (or a folder is, which the rename into place then refuses). The file
/// stays under its final name until the new one replaces it in a single rename, so a crash never
/// leaves the name empty: a hard link where the file system has them, a copy where it does not
/// (FAT memory sticks).
fn set_aside(path: &Path) -> std::io::Result<Option<PathBuf>> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if !meta.is_dir() => {
            let kept = hidden_name(path, "old");
            let _ = std::fs::remove_file(&kept);
            if std::fs::hard_link(path, &kept).is_err() {
                std::fs::copy(path, &kept)?;
            }
            Ok(Some(kept))
        }
        Ok(_) => Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        for (tmp, _) in &self.files {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// Writes `outputs` into `dir` at once (documents that need no record).
pub(crate) fn write_outputs(dir: &Path, outputs: Vec<Output>) -> ApiResult<Vec<GeneratedFile>> {
    stage(dir, outputs)?.commit()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use secspec_core::{DocumentKind, Format};
    use std::collections::BTreeMap;

    fn output(file_name: &str, bytes: &[u8]) -> Output {
        Output {
            kind: DocumentKind::Specification,
            format: Format::Docx,
            file_name: file_name.into(),
            bytes: bytes.to_vec(),
            sha256: secspec_render::set::sha256_hex(bytes),
            template_versions: String::new(),
        }
    }

    /// Every entry of `dir`: file name → contents (`None` for a folder).
    fn listing(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                let path = e.path();
                let contents = (!path.is_dir()).then(|| std::fs::read(&path).unwrap());
                (e.file_name().to_string_lossy().into_owned(), contents)
            })
            .collect()
    }

    fn file(bytes: &[u8]) -> Option<Vec<u8>> {
        Some(bytes.to_vec())
    }

    #[test]
    fn a_committed_set_is_in_place_and_no_part_file_is_left() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("out");
        // An earlier run's document is replaced.
        create_dir(&dir).unwrap();
        std::fs::write(dir.join("A.docx"), b"old").unwrap();
        let staged = stage(
            &dir,
            vec![output("A.docx", b"aaa"), output("B.docx", b"bb")],
        )
        .unwrap();
        let before = listing(&dir);
        assert_eq!(before.len(), 3, "{before:?}");
        assert_eq!(
            before["A.docx"],
            file(b"old"),
            "nothing in place before commit"
        );
        assert_eq!(
            before.keys().filter(|n| n.ends_with(".part")).count(),
            2,
            "{before:?}"
        );

        let written = staged.commit().unwrap();
        let after = listing(&dir);
        assert_eq!(
            after,
            BTreeMap::from([
                ("A.docx".into(), file(b"aaa")),
                ("B.docx".into(), file(b"bb"))
            ])
        );
        assert_eq!(written.len(), 2);
        assert_eq!(written[0].path, dir.join("A.docx").display().to_string());
        assert_eq!((written[0].size_bytes, written[1].size_bytes), (3, 2));
        assert_eq!(written[1].sha256, secspec_render::set::sha256_hex(b"bb"));
    }

    #[test]
    fn staging_that_fails_part_way_leaves_nothing_of_the_run() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path();
        std::fs::write(dir.join("A.docx"), b"old").unwrap();
        // The second file's temporary name is taken by a folder: its write fails after the
        // first file was written.
        let blocker = temporary(&dir.join("B.docx"));
        std::fs::create_dir(&blocker).unwrap();
        let blocker_name = blocker.file_name().unwrap().to_string_lossy().into_owned();
        let before = listing(dir);

        let Err(e) = stage(dir, vec![output("A.docx", b"new"), output("B.docx", b"bb")]) else {
            panic!("staging over a folder succeeded");
        };
        assert_eq!(e.code, ErrorCode::Failure);
        assert!(e.message.en.contains("B.docx"), "{}", e.message.en);
        assert!(e.message.ja.contains("書き込めません"), "{}", e.message.ja);
        assert_eq!(
            listing(dir),
            before,
            "the old file untouched, no temporary file left"
        );
        assert_eq!(listing(dir)[&blocker_name], None);

        // A folder that cannot be made (its parent is a file): nothing is written.
        let Err(e) = stage(
            &dir.join("A.docx").join("out"),
            vec![output("C.docx", b"c")],
        ) else {
            panic!("staging under a file succeeded");
        };
        assert!(
            e.message.en.contains("cannot create the folder"),
            "{}",
            e.message.en
        );
        assert_eq!(listing(dir), before);
    }

    #[test]
    fn a_commit_that_fails_part_way_puts_the_earlier_set_back() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path();
        std::fs::write(dir.join("A.docx"), b"old a").unwrap();
        std::fs::write(dir.join("C.docx"), b"old c").unwrap();
        // A folder under the second document's name: its rename into place fails after the
        // first document replaced the earlier one.
        std::fs::create_dir(dir.join("B.docx")).unwrap();
        let before = listing(dir);
        let staged = stage(
            dir,
            vec![
                output("A.docx", b"new a"),
                output("B.docx", b"new b"),
                output("C.docx", b"new c"),
            ],
        )
        .unwrap();

        let e = staged.commit().unwrap_err();
        assert_eq!(e.code, ErrorCode::Failure);
        assert!(e.message.en.contains("B.docx"), "{}", e.message.en);
        assert_eq!(
            listing(dir),
            before,
            "the earlier documents are back, nothing of this run is left"
        );
    }

    #[test]
    fn an_earlier_document_keeps_its_final_name_while_it_is_set_aside() {
        // A crash between setting aside and renaming into place must not leave the name empty.
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("A.pdf");
        std::fs::write(&path, b"earlier").unwrap();
        let kept = set_aside(&path).unwrap().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"earlier");
        assert_eq!(std::fs::read(&kept).unwrap(), b"earlier");
        assert!(set_aside(&root.path().join("none.pdf")).unwrap().is_none());
    }

    #[test]
    fn leftovers_of_a_killed_run_are_removed_and_a_live_run_s_are_not() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path();
        // No process has pid 4294967: its files are leftovers. Our own pid is alive.
        let dead_part = dir.join(".A.pdf.4294967.part");
        let dead_old = dir.join(".A.pdf.4294967.old");
        let live = dir.join(format!(".A.pdf.{}.part", std::process::id()));
        let other_name = dir.join(".B.pdf.4294967.part");
        for f in [&dead_part, &dead_old, &live, &other_name] {
            std::fs::write(f, b"x").unwrap();
        }
        remove_leftovers(&dir.join("A.pdf"));
        assert!(!dead_part.exists() && !dead_old.exists());
        assert!(live.exists(), "a running process's file stays");
        assert!(
            other_name.exists(),
            "only the names being written are looked at"
        );
    }

    #[test]
    fn dropping_a_staged_set_removes_its_temporary_files() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path();
        std::fs::write(dir.join("A.docx"), b"old").unwrap();
        let before = listing(dir);
        let staged = stage(dir, vec![output("A.docx", b"new"), output("B.docx", b"bb")]).unwrap();
        assert_eq!(listing(dir).len(), 3);
        drop(staged);
        assert_eq!(listing(dir), before);
    }

    mod racing {
        use crate::test_support::service_on;
        use crate::{ErrorCode, GenerateRequest};
        use secspec_core::{DocumentKind, Format, Project};
        use secspec_store::{Clock, ProjectId, Status, Store};
        use std::path::{Path, PathBuf};
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::Arc;
        use time::OffsetDateTime;

        /// A clock that, asked for the time once armed, first saves a change to project 1
        /// through another connection: the store asks for the time just before it records a
        /// document set, so the change lands between rendering and recording.
        struct UpdatingClock {
            database: PathBuf,
            armed: Arc<AtomicBool>,
        }

        impl Clock for UpdatingClock {
            fn now(&self) -> OffsetDateTime {
                if self.armed.swap(false, Ordering::SeqCst) {
                    let other = Store::open(&self.database).unwrap();
                    let stored = other.get_project(ProjectId(1)).unwrap();
                    let mut project = stored.project;
                    project.officer = format!("{}（変更）", project.officer);
                    other
                        .update_project(stored.id, stored.revision, &project, stored.status)
                        .unwrap();
                }
                OffsetDateTime::now_utc()
            }
        }

        fn example() -> Project {
            let path = crate::test_support::repo().join("templates/examples/procurement.toml");
            toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
        }

        fn names(dir: &Path) -> Vec<String> {
            let mut names: Vec<String> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        }

        #[test]
        fn a_set_rendered_before_an_update_is_not_recorded_and_not_left_behind() {
            let root = tempfile::tempdir().unwrap();
            let database = root.path().join("secspec.db");
            let armed = Arc::new(AtomicBool::new(false));
            let clock = UpdatingClock {
                database: database.clone(),
                armed: armed.clone(),
            };
            let svc = service_on(Store::open_with_clock(&database, clock).unwrap());
            let id = svc.create_project(example()).unwrap().id;
            assert_eq!(id, 1);
            let out = root.path().join("out");
            let request = || GenerateRequest {
                id,
                dir: out.display().to_string(),
                kinds: vec![DocumentKind::Specification],
                formats: vec![Format::Docx],
                draft: false,
            };

            armed.store(true, Ordering::SeqCst);
            let e = svc.generate(request()).unwrap_err();
            assert!(!armed.load(Ordering::SeqCst), "the update was made");
            assert_eq!(e.code, ErrorCode::Conflict, "{e:?}");
            let stored = Store::open(&database)
                .unwrap()
                .get_project(ProjectId(id))
                .unwrap();
            assert_eq!(stored.revision, 2, "the update is kept");
            assert_ne!(stored.status, Status::Generated);
            assert!(svc.generations(id).unwrap().is_empty());
            assert_eq!(
                names(&out),
                Vec::<String>::new(),
                "no document of the run is left"
            );

            // Without the race the same request writes and records the current revision.
            let written = svc.generate(request()).unwrap();
            assert_eq!(names(&out), vec![written[0].file_name.clone()]);
            let records = svc.generations(id).unwrap();
            assert_eq!(records.len(), 1);
            assert_eq!(records[0].project_revision, 2);
        }
    }
}
