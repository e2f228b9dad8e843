//! SecSpec's one service layer: every workflow (projects, documents, the checklist, packages,
//! the database and its location) as plain functions of [`Service`]. The command line, the
//! desktop shell and the UI's test server are thin clients of it; the commands the UI may call
//! are declared once in [`commands`].

pub mod answers;
mod backups;
mod checklist;
pub mod commands;
mod config;
mod demo;
mod documents;
mod error;
mod limits;
pub mod location;
mod output;
mod package;
mod project_file;
mod projects;
mod questions;
mod screen_fonts;
mod service;
#[cfg(test)]
mod test_support;
mod types;
mod verify;

pub use config::{Config, FONTS_MARKER, TEMPLATES_MARKER};
pub use error::{ApiError, ApiResult, ErrorCode};
pub use secspec_core::{Bilingual, Message};
pub use service::{with_field, DatabaseNotes, Service};
pub use types::*;

/// The parts of a review package as the contractor reads them.
pub mod review {
    pub use secspec_package::{
        Body, ChecklistPart, ClauseSet, ProjectFacts, ReviewClause, Scope, SignatureStatus, Trust,
        TrustLevel,
    };
}

#[cfg(test)]
mod bindings;
