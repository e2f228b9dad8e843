//! Which saved project, at which revision, a document or a package was made from. Document and
//! package ids (`SECSPEC-00001-SPEC-R3`, `SECSPEC-00001-REVIEW-R3`) are made here only.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProjectRef {
    pub project_id: i64,
    pub revision: i64,
}

impl ProjectRef {
    /// `SECSPEC-00001-<CODE>-R3` for a document or package whose kind code is `code`.
    pub fn id_for(self, code: &str) -> String {
        format!(
            "SECSPEC-{:05}-{}-R{}",
            self.project_id.max(0),
            code.to_uppercase(),
            self.revision.max(0)
        )
    }

    /// The id of the review package made from this revision.
    pub fn review_id(self) -> String {
        self.id_for("review")
    }

    /// The project id in a document or package id, if it is one of SecSpec's.
    pub fn project_of(id: &str) -> Option<i64> {
        id.strip_prefix("SECSPEC-")?.split('-').next()?.parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_their_project() {
        let r = ProjectRef {
            project_id: 7,
            revision: 3,
        };
        assert_eq!(r.review_id(), "SECSPEC-00007-REVIEW-R3");
        assert_eq!(r.id_for("spec"), "SECSPEC-00007-SPEC-R3");
        assert_eq!(ProjectRef::project_of(&r.review_id()), Some(7));
        assert_eq!(ProjectRef::project_of("OTHER-00007"), None);
        assert_eq!(ProjectRef::project_of("SECSPEC-x-REVIEW-R1"), None);
    }
}
