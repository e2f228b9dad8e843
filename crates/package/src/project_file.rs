//! Project files: one whole project (answers, checklist, history, packages, responses,
//! generation records) carried to another SecSpec. The same container as the packages, so the
//! same rules hold: sizes and entries checked, the manifest's SHA-256 of every entry, and an
//! Ed25519 signature verified before the part is read. The part itself is the store's archive
//! as JSON; the service layer parses it and checks every value before anything is stored.

use crate::container::{self, MAX_PART};
use crate::error::PackageError;
use crate::keys::KeyPair;
use crate::manifest::Kind;
use crate::Opened;

pub const ARCHIVE: &str = "archive.json";

/// The project file's bytes, signed by `key` (deterministic for the same archive and key).
pub fn write_project_file(
    archive_json: Vec<u8>,
    package_id: &str,
    key: &KeyPair,
) -> Result<Vec<u8>, PackageError> {
    if archive_json.len() as u64 > MAX_PART {
        return Err(PackageError::EntryTooLarge {
            entry: ARCHIVE.into(),
            max: MAX_PART,
        });
    }
    container::write(Kind::Project, package_id, &[(ARCHIVE, archive_json)], key)
}

/// Opens a project file: the verified bytes of its archive part (not yet parsed).
pub fn read_project_file(bytes: &[u8]) -> Result<Opened<Vec<u8>>, PackageError> {
    let mut contents = container::open(bytes, Some(Kind::Project))?;
    let archive = contents
        .parts
        .remove(ARCHIVE)
        .ok_or_else(|| PackageError::MissingEntry {
            entry: ARCHIVE.into(),
        })?;
    Ok(Opened::new(archive, &contents))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> KeyPair {
        KeyPair::from_secret(&[7; 32]).expect("fixed key")
    }

    #[test]
    fn a_project_file_round_trips_and_is_signed() {
        let bytes = write_project_file(b"{\"a\":1}".to_vec(), "SECSPEC-00001-PROJECT-R3", &key())
            .expect("written");
        let opened = read_project_file(&bytes).expect("read");
        assert_eq!(opened.package, b"{\"a\":1}");
        assert_eq!(opened.version, 2);
        assert_eq!(opened.signature.public_key(), Some(&key().public_key()));
        // The same archive and key give the same bytes.
        let again = write_project_file(b"{\"a\":1}".to_vec(), "SECSPEC-00001-PROJECT-R3", &key())
            .expect("written");
        assert_eq!(bytes, again);
    }

    #[test]
    fn a_project_file_is_not_a_review_package() {
        let bytes = write_project_file(b"{\"a\":1}".to_vec(), "SECSPEC-00001-PROJECT-R3", &key())
            .expect("written");
        assert!(matches!(
            crate::read_review(&bytes),
            Err(PackageError::WrongKind { .. })
        ));
        assert_eq!(crate::kind(&bytes).expect("kind"), Kind::Project);
    }

    #[test]
    fn an_archive_over_the_part_limit_is_refused_when_written() {
        let big = vec![b' '; MAX_PART as usize + 1];
        assert!(matches!(
            write_project_file(big, "SECSPEC-00001-PROJECT-R3", &key()),
            Err(PackageError::EntryTooLarge { .. })
        ));
    }
}
