//! SecSpec local store: one SQLite file (rusqlite, bundled SQLite) shared by the desktop app and
//! the CLI.
//!
//! - [`Store::open`] creates the file if needed (not its folder), turns on WAL, foreign keys and a
//!   busy timeout, and applies the SQL migrations in `migrations/` (tracked by
//!   `PRAGMA user_version`). Files that are not SQLite, belong to another application or come from
//!   a newer SecSpec are refused and left unchanged.
//! - Projects are stored as the core [`secspec_core::Project`] (JSON) with clause choices and
//!   parameters in their own tables; every change writes history rows, one per changed field.
//! - Review packages written for contractors are kept byte for byte, with every response
//!   imported from them (migration 0003).
//! - The keys of signed packages: this SecSpec's own key pairs (the database must be readable
//!   by its owner only), and the agency and contractor keys seen, for trust on first use
//!   (migration 0004).
//! - Backups ([`backup`]): before every migration, once a day on the first open, before a restore
//!   and on request, into a `backups` folder next to the database (the last 7 kept); restoring
//!   a checked backup is one transaction.
//! - All SQL is parameterised.

mod answers;
mod archive;
pub mod backup;
mod checklist;
mod clock;
mod connection;
mod diff;
mod error;
mod generations;
mod history;
mod keys;
mod migrate;
mod model;
mod packages;
mod projects;

pub use answers::StoredAnswer;
pub use archive::{ArchivedResponse, ArchivedReview, ProjectArchive};
pub use backup::{BackupFile, BackupPolicy, BackupReason, DatabaseCheck, Restored};
pub use clock::{format_timestamp, parse_timestamp, Clock, ManualClock, SystemClock};
pub use connection::{copy_database, Store, BUSY_TIMEOUT};
pub use error::{Result, StoreError};
pub use keys::{KeyOrigin, KeyRole, KnownKey, NewOwnKey, OwnKey};
pub use migrate::{Migration, APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION};
pub use model::{
    Format, Generation, GenerationId, HistoryAction, HistoryEntry, NewGeneration, ProjectId,
    ProjectSummary, Status, StoredProject, UpdateOutcome,
};
pub use packages::{FieldChange, NewReviewExport, RecordedResponse, ReviewExport, StoredResponse};
