//! End-to-end tests of the real `secspec` binary: answers file -> SQLite -> DOCX/PDF on disk,
//! checked with poppler (pdftotext, pdffonts), xmllint and LibreOffice headless. A missing tool
//! fails the test with the Debian package to install; nothing is skipped.

// Helpers and tests unwrap freely: a failure is a test failure.
#![allow(clippy::unwrap_used)]

mod support;
// The package crate's forgeries made without the signer's key (manifest recomputed, signature
// stripped), so that these tests forge exactly as its own signature tests do.
#[path = "../../crates/package/tests/common/forge.rs"]
mod forge;

mod backups;
mod check;
mod checklist;
mod documents;
mod hostile;
mod offline;
mod oscal;
mod package;
mod project_file;
mod storage;
mod workflow;
