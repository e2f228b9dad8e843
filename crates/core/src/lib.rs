//! SecSpec domain core. Pure and synchronous: no files, no network, no clock.

pub mod applicability;
pub mod checklist;
pub mod clause_documents;
pub mod compose;
pub mod contractor;
pub mod contractor_docs;
pub mod date;
pub mod deviation;
pub mod document;
pub mod document_set;
pub mod file_name;
pub mod issue;
pub mod library;
pub mod lint;
pub mod message;
pub mod metadata;
pub mod numbering;
pub mod project;
pub mod project_ref;
pub mod question_answers;
pub mod template;
pub mod validate;
pub mod verify;
pub mod wareki;

pub use date::Date;
pub use document::{
    Block, Document, DocumentKind, Format, Lang, Metadata, Span, SpanStyle, WordFont,
};
pub use issue::{Issue, Severity};
pub use library::Library;
pub use message::{Bilingual, Message};
pub use project::{ClauseChoice, ContractKind, ContractMethod, Project};
pub use project_ref::ProjectRef;
