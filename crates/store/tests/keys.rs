#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Keys of signed packages (migration 0004): own key pairs, agency keys per agency name,
//! contractor keys per project, response signers; the upgrade from schema 3 keeps data; the
//! database holding secret keys is readable by its owner only.

mod common;

use common::{clock, file_store, memory_store, simple_project};
use rusqlite::Connection;
use secspec_core::contractor::ContractorResponse;
use secspec_store::{
    Clock, KeyOrigin, KeyRole, NewOwnKey, NewReviewExport, ProjectId, Store, StoreError,
    MIGRATIONS, SCHEMA_VERSION,
};
use time::Duration;

const PK_A: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const PK_B: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
const PK_C: &str = "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc";
const DIGEST: &str = "1111111111111111111111111111111111111111111111111111111111111111";

fn new_key<'a>(role: KeyRole, public_key: &'a str, secret: &'a [u8]) -> NewOwnKey<'a> {
    NewOwnKey {
        role,
        public_key,
        secret_key: secret,
        origin: KeyOrigin::Generated,
    }
}

/// The review package (digest `DIGEST`) that responses to project `p` answer.
fn export_review(store: &secspec_store::Store, p: ProjectId) {
    store
        .record_review_export(&NewReviewExport {
            project_id: p,
            package_id: "SECSPEC-00001-REVIEW-R1".into(),
            digest: DIGEST.into(),
            project_revision: 1,
            file_name: "a.secspec".into(),
            package: b"bytes",
        })
        .unwrap();
}

#[test]
fn the_first_key_of_a_role_is_kept_and_returned_again() {
    let (store, clock) = memory_store();
    assert_eq!(store.own_key(KeyRole::Agency).unwrap(), None);
    let first = store
        .own_key_or_insert(&new_key(KeyRole::Agency, PK_A, &[1; 32]))
        .unwrap();
    assert_eq!(
        (
            first.role,
            first.public_key.as_str(),
            first.secret_key.as_slice()
        ),
        (KeyRole::Agency, PK_A, &[1u8; 32][..])
    );
    assert_eq!(first.origin, KeyOrigin::Generated);
    assert_eq!(first.retired_at, None);
    // A later candidate (the next export generates one) does not replace it.
    clock.advance(Duration::hours(1));
    let again = store
        .own_key_or_insert(&new_key(KeyRole::Agency, PK_B, &[2; 32]))
        .unwrap();
    assert_eq!(again, first);
    assert_eq!(store.own_key(KeyRole::Agency).unwrap(), Some(first.clone()));
    // Roles are separate.
    assert_eq!(store.own_key(KeyRole::Contractor).unwrap(), None);
    let contractor = store
        .own_key_or_insert(&new_key(KeyRole::Contractor, PK_B, &[2; 32]))
        .unwrap();
    assert_eq!(contractor.public_key, PK_B);
    assert_eq!(store.own_keys(KeyRole::Agency).unwrap(), vec![first]);
    // The secret key never shows in Debug output.
    let shown = format!("{contractor:?}");
    assert!(shown.contains(PK_B) && !shown.contains("[2, 2"), "{shown}");
}

#[test]
fn importing_a_key_retires_the_old_one_without_deleting_it() {
    let (store, clock) = memory_store();
    let generated = store
        .own_key_or_insert(&new_key(KeyRole::Agency, PK_A, &[1; 32]))
        .unwrap();
    clock.advance(Duration::days(1));
    let imported = NewOwnKey {
        origin: KeyOrigin::Imported,
        ..new_key(KeyRole::Agency, PK_B, &[2; 32])
    };
    let current = store.replace_own_key(&imported).unwrap();
    assert_eq!(current.public_key, PK_B);
    assert_eq!(current.origin, KeyOrigin::Imported);
    let all = store.own_keys(KeyRole::Agency).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].public_key, generated.public_key);
    assert_eq!(all[0].retired_at, Some(clock.now()));
    assert_eq!(all[1].retired_at, None);
    // Importing the same key again changes nothing; going back to the old one reactivates it.
    assert_eq!(store.replace_own_key(&imported).unwrap(), current);
    let back = store
        .replace_own_key(&new_key(KeyRole::Agency, PK_A, &[1; 32]))
        .unwrap();
    assert_eq!((back.id, back.retired_at), (generated.id, None));
    assert_eq!(store.own_keys(KeyRole::Agency).unwrap().len(), 2);
    // The same public key with another secret is refused.
    let err = store
        .replace_own_key(&new_key(KeyRole::Agency, PK_A, &[9; 32]))
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    assert_eq!(
        store.own_key(KeyRole::Agency).unwrap().unwrap().public_key,
        PK_A
    );
}

#[test]
fn malformed_keys_are_refused() {
    let (store, _) = memory_store();
    for (pk, secret) in [
        (&PK_A.to_uppercase()[..], &[1u8; 32][..]),
        (&PK_A[..63], &[1u8; 32][..]),
        ("", &[1u8; 32][..]),
        (PK_A, &[1u8; 31][..]),
        (PK_A, &[][..]),
    ] {
        let err = store
            .own_key_or_insert(&new_key(KeyRole::Agency, pk, secret))
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    }
    assert_eq!(store.own_key(KeyRole::Agency).unwrap(), None);
    assert!(store.record_agency_key("デジタル庁", "xyz").is_err());
    for agency in ["", "   ", "デジタル\u{202E}庁", "庁\u{1b}[2J"] {
        assert!(store.record_agency_key(agency, PK_A).is_err(), "{agency:?}");
    }
}

#[test]
fn agency_keys_first_use_same_and_changed() {
    let (store, clock) = memory_store();
    assert_eq!(store.agency_key("デジタル庁").unwrap(), None);
    let first = store.record_agency_key("デジタル庁", PK_A).unwrap();
    assert_eq!(first.public_key, PK_A);
    assert_eq!(first.first_seen, first.last_seen);
    assert_eq!(first.replaced_at, None);

    clock.advance(Duration::days(3));
    // Same key again, under the name with spaces around it: last_seen moves.
    let same = store.record_agency_key(" デジタル庁 ", PK_A).unwrap();
    assert_eq!(same.first_seen, first.first_seen);
    assert_eq!(same.last_seen, first.last_seen + Duration::days(3));
    assert_eq!(store.agency_key("デジタル庁").unwrap(), Some(same.clone()));

    // Another agency is independent.
    store.record_agency_key("総務省", PK_C).unwrap();

    clock.advance(Duration::days(1));
    // A changed key, confirmed by the user: the old one is kept, replaced.
    let changed = store.record_agency_key("デジタル庁", PK_B).unwrap();
    assert_eq!(changed.public_key, PK_B);
    let history = store.agency_keys("デジタル庁").unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].public_key, PK_A);
    assert_eq!(history[0].replaced_at, Some(changed.first_seen));
    assert_eq!(history[1], changed);
    assert_eq!(
        store.agency_key("デジタル庁").unwrap().unwrap().public_key,
        PK_B
    );
    assert_eq!(
        store.agency_key("総務省").unwrap().unwrap().public_key,
        PK_C
    );

    // Back to the first key: current again, its first_seen kept.
    let back = store.record_agency_key("デジタル庁", PK_A).unwrap();
    assert_eq!(
        (back.first_seen, back.replaced_at),
        (first.first_seen, None)
    );
    assert_eq!(store.agency_keys("デジタル庁").unwrap().len(), 2);
}

#[test]
fn contractor_keys_per_project_and_response_signers() {
    let (store, _) = memory_store();
    let p1 = store
        .create_project(&simple_project("一"), secspec_store::Status::Draft)
        .unwrap();
    let p2 = store
        .create_project(&simple_project("二"), secspec_store::Status::Draft)
        .unwrap();
    assert_eq!(store.contractor_key(p1).unwrap(), None);
    store.record_contractor_key(p1, PK_A).unwrap();
    store.record_contractor_key(p2, PK_B).unwrap();
    assert_eq!(store.contractor_key(p1).unwrap().unwrap().public_key, PK_A);
    assert_eq!(store.contractor_key(p2).unwrap().unwrap().public_key, PK_B);
    store.record_contractor_key(p1, PK_C).unwrap();
    let keys: Vec<(String, bool)> = store
        .contractor_keys(p1)
        .unwrap()
        .into_iter()
        .map(|k| (k.public_key, k.replaced_at.is_none()))
        .collect();
    assert_eq!(keys, vec![(PK_A.into(), false), (PK_C.into(), true)]);
    assert!(matches!(
        store.contractor_key(ProjectId(99)),
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.record_contractor_key(ProjectId(99), PK_A),
        Err(StoreError::NotFound(_))
    ));

    // Which key signed each imported response.
    export_review(&store, p1);
    let signed = store
        .record_response(p1, DIGEST, PK_A, &ContractorResponse::default())
        .unwrap();
    let unsigned = store
        .record_response(p1, DIGEST, PK_B, &ContractorResponse::default())
        .unwrap();
    assert_eq!(store.response_signer(signed.id).unwrap(), None);
    store.record_response_signer(signed.id, Some(PK_C)).unwrap();
    store.record_response_signer(unsigned.id, None).unwrap();
    assert_eq!(
        store.response_signer(signed.id).unwrap(),
        Some(Some(PK_C.to_string()))
    );
    assert_eq!(store.response_signer(unsigned.id).unwrap(), Some(None));
    assert!(store.record_response_signer(12345, None).is_err());

    // Deleting the project takes its keys and signers with it.
    store.delete_project(p1).unwrap();
    assert_eq!(store.response_signer(signed.id).unwrap(), None);
    assert_eq!(store.contractor_key(p2).unwrap().unwrap().public_key, PK_B);
}

#[test]
fn a_signed_response_its_signer_and_the_first_key_are_one_write() {
    let (store, _) = memory_store();
    let p = store
        .create_project(&simple_project("一"), secspec_store::Status::Draft)
        .unwrap();
    export_review(&store, p);
    let record = |digest: &str, signer: &str, remember: bool| {
        store.record_signed_response(
            p,
            DIGEST,
            digest,
            &ContractorResponse::default(),
            Some((Some(signer), remember)),
        )
    };
    let signer_of = |id: i64| store.response_signer(id).unwrap().flatten();
    let first = record(PK_A, PK_C, true).unwrap();
    assert_eq!(signer_of(first.id).as_deref(), Some(PK_C));
    assert_eq!(store.contractor_key(p).unwrap().unwrap().public_key, PK_C);
    // A key not accepted is recorded as the signer but not remembered.
    let other = record(PK_B, PK_A, false).unwrap();
    assert_eq!(signer_of(other.id).as_deref(), Some(PK_A));
    assert_eq!(store.contractor_key(p).unwrap().unwrap().public_key, PK_C);
    // A malformed signer key refuses the whole write: no response without its signer.
    let before = store.responses(p).unwrap().len();
    assert!(record(PK_B, "zz", true).is_err());
    assert_eq!(store.responses(p).unwrap().len(), before);
}

#[test]
fn keys_survive_reopening_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secspec.db");
    let stored = {
        let (store, _) = file_store(&path);
        store.record_agency_key("デジタル庁", PK_A).unwrap();
        store
            .own_key_or_insert(&new_key(KeyRole::Contractor, PK_B, &[5; 32]))
            .unwrap()
    };
    let (store, _) = file_store(&path);
    assert_eq!(store.own_key(KeyRole::Contractor).unwrap(), Some(stored));
    assert_eq!(
        store.agency_key("デジタル庁").unwrap().unwrap().public_key,
        PK_A
    );
}

#[cfg(unix)]
#[test]
fn the_database_is_restricted_to_its_owner_once_it_holds_a_key() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = tempfile::tempdir().unwrap();

    // An existing, world-readable database: restricted when a key is written.
    let path = dir.path().join("old.db");
    let (store, _) = file_store(&path);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    store
        .own_key_or_insert(&new_key(KeyRole::Agency, PK_A, &[1; 32]))
        .unwrap();
    assert_eq!(mode(&path), 0o600);
    let wal = dir.path().join("old.db-wal");
    if wal.exists() {
        assert_eq!(mode(&wal), 0o600);
    }

    // A new database is made private (under a temporary name, then linked into place), and
    // its WAL follows.
    let path = dir.path().join("new.db");
    let (store, _) = file_store(&path);
    assert_eq!(mode(&path), 0o600);
    store
        .create_project(&simple_project("案件"), secspec_store::Status::Draft)
        .unwrap();
    assert_eq!(mode(&path), 0o600);
    let wal = dir.path().join("new.db-wal");
    assert!(wal.exists());
    assert_eq!(mode(&wal), 0o600);
}

#[test]
fn a_schema_3_database_is_upgraded_to_4_and_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v3.db");
    {
        // What a build of schema 3 left: a project, an export, a response, history.
        let mut conn = Connection::open(&path).unwrap();
        let tx = conn.transaction().unwrap();
        for m in MIGRATIONS.iter().take(3) {
            tx.execute_batch(m.sql).unwrap();
        }
        tx.pragma_update(None, "user_version", 3).unwrap();
        let data = serde_json::to_string(&simple_project("旧案件")).unwrap();
        tx.execute(
            "INSERT INTO projects (id, title, agency, data, created_at, updated_at)
             VALUES (5, '旧案件', 'デジタル庁', ?1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
            [data],
        )
        .unwrap();
        tx.execute_batch(&format!(
            "INSERT INTO review_packages (id, project_id, package_id, digest, project_revision,
                                          file_name, size_bytes, exported_at, package)
             VALUES (1, 5, 'SECSPEC-00005-REVIEW-R1', '{DIGEST}', 1, 'a.secspec', 3,
                     '2026-01-02T00:00:00.000Z', x'010203');
             INSERT INTO responses (id, project_id, review_digest, digest, response, imported_at)
             VALUES (1, 5, '{DIGEST}', '{PK_A}', '{{}}', '2026-01-03T00:00:00.000Z');
             INSERT INTO history (project_id, at, revision, action, field)
             VALUES (5, '2026-01-02T00:00:00.000Z', 1, 'export_package', '/review_packages/x');"
        ))
        .unwrap();
        tx.commit().unwrap();
    }
    let store = Store::open_with_clock(&path, clock()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let id = ProjectId(5);
    assert_eq!(store.get_project(id).unwrap().project.title, "旧案件");
    let exports = store.review_exports(id).unwrap();
    assert_eq!(exports.len(), 1);
    assert_eq!(exports[0].digest, DIGEST);
    assert_eq!(
        store.review_package_bytes(id, DIGEST).unwrap(),
        Some(vec![1, 2, 3])
    );
    let responses = store.responses(id).unwrap();
    assert_eq!(responses.len(), 1);
    assert_eq!(responses[0].digest, PK_A);
    assert_eq!(store.history(id).unwrap().len(), 1);
    // The new tables work on the upgraded file.
    assert_eq!(store.own_key(KeyRole::Agency).unwrap(), None);
    store.record_contractor_key(id, PK_B).unwrap();
    store.record_response_signer(responses[0].id, None).unwrap();
    assert_eq!(store.response_signer(responses[0].id).unwrap(), Some(None));
    // And the version is what the file says now.
    let conn = Connection::open(&path).unwrap();
    let v: i64 = conn.pragma_query_one(None, "user_version").unwrap();
    assert_eq!(v, SCHEMA_VERSION);
}
