//! The keys of signed packages (migration 0004): this SecSpec's own key pairs, the agency keys
//! seen per agency name (contractor side) and the contractor keys seen per project (officer
//! side), for trust on first use. The store keeps bytes and hex; making, checking and using
//! keys is `secspec_package::keys`, judging them `secspec_package::trust`.

use crate::clock::{parse_timestamp, stored_now};
use crate::connection::{current_revision, Store};
use crate::error::{Result, StoreError};
use crate::model::ProjectId;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::path::Path;
use time::OffsetDateTime;

/// Whose key pair (the same codes as `secspec_package::KeyRole`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyRole {
    /// Signs review packages.
    Agency,
    /// Signs response packages.
    Contractor,
}

impl KeyRole {
    pub fn code(self) -> &'static str {
        match self {
            KeyRole::Agency => "agency",
            KeyRole::Contractor => "contractor",
        }
    }

    pub fn from_code(code: &str) -> Option<KeyRole> {
        [KeyRole::Agency, KeyRole::Contractor]
            .into_iter()
            .find(|r| r.code() == code)
    }
}

/// Where an own key pair came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyOrigin {
    /// Made by this SecSpec (on the first export).
    Generated,
    /// Read from a key file exported on another computer of the same office.
    Imported,
}

impl KeyOrigin {
    fn code(self) -> &'static str {
        match self {
            KeyOrigin::Generated => "generated",
            KeyOrigin::Imported => "imported",
        }
    }

    fn from_code(code: &str) -> Option<KeyOrigin> {
        [KeyOrigin::Generated, KeyOrigin::Imported]
            .into_iter()
            .find(|o| o.code() == code)
    }
}

/// A key pair to store.
#[derive(Clone, Copy)]
pub struct NewOwnKey<'a> {
    pub role: KeyRole,
    /// 64 lowercase hex digits.
    pub public_key: &'a str,
    /// 32 bytes.
    pub secret_key: &'a [u8],
    pub origin: KeyOrigin,
}

impl std::fmt::Debug for NewOwnKey<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewOwnKey")
            .field("role", &self.role)
            .field("public_key", &self.public_key)
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

/// A stored key pair of this SecSpec. `Debug` leaves the secret key out.
#[derive(Clone, PartialEq, Eq)]
pub struct OwnKey {
    pub id: i64,
    pub role: KeyRole,
    pub public_key: String,
    pub secret_key: Vec<u8>,
    pub origin: KeyOrigin,
    pub created_at: OffsetDateTime,
    /// When another key replaced it (`None`: the current key of its role).
    pub retired_at: Option<OffsetDateTime>,
}

impl std::fmt::Debug for OwnKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OwnKey")
            .field("id", &self.id)
            .field("role", &self.role)
            .field("public_key", &self.public_key)
            .field("origin", &self.origin)
            .field("created_at", &self.created_at)
            .field("retired_at", &self.retired_at)
            .finish_non_exhaustive()
    }
}

/// A public key seen in packages from one signer (an agency, or the contractor of a project).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnownKey {
    pub public_key: String,
    #[serde(with = "time::serde::rfc3339")]
    pub first_seen: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub last_seen: OffsetDateTime,
    /// When another key became the signer's current key (`None`: current).
    #[serde(with = "time::serde::rfc3339::option")]
    pub replaced_at: Option<OffsetDateTime>,
}

fn check_public_key(key: &str) -> Result<()> {
    if key.len() == 64 && key.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        Ok(())
    } else {
        Err(StoreError::invalid(
            format!(
                "公開鍵は 16 進小文字 64 桁で指定してください: {:?}",
                key.chars().take(80).collect::<String>()
            ),
            format!(
                "a public key is 64 lowercase hex digits: {:?}",
                key.chars().take(80).collect::<String>()
            ),
        ))
    }
}

fn check_new_key(key: &NewOwnKey<'_>) -> Result<()> {
    check_public_key(key.public_key)?;
    if key.secret_key.len() != 32 {
        return Err(StoreError::invalid(
            "秘密鍵は 32 バイトです",
            "a secret key is 32 bytes",
        ));
    }
    Ok(())
}

/// The agency name a key is remembered under: trimmed, and a valid one-line text.
fn agency_name(agency: &str) -> Result<&str> {
    let name = agency.trim();
    if name.is_empty() {
        return Err(StoreError::invalid(
            "府省庁名が空です",
            "the agency name is empty",
        ));
    }
    let max = secspec_core::validate::MAX_SHORT;
    if let Some(issue) = secspec_core::validate::text("agency", name, max, false) {
        return Err(StoreError::invalid(issue.ja.clone(), issue.en.clone()));
    }
    Ok(name)
}

fn timestamp(text: Option<String>) -> Result<Option<OffsetDateTime>> {
    text.as_deref().map(parse_timestamp).transpose()
}

const OWN_KEY_COLUMNS: &str =
    "id, role, public_key, secret_key, origin, created_at, retired_at FROM own_keys";

fn own_key_row(r: &rusqlite::Row<'_>) -> Result<OwnKey> {
    let id: i64 = r.get(0)?;
    let role: String = r.get(1)?;
    let origin: String = r.get(4)?;
    Ok(OwnKey {
        id,
        role: KeyRole::from_code(&role)
            .ok_or_else(|| StoreError::BadData(format!("own key {id}: role {role:?}")))?,
        public_key: r.get(2)?,
        secret_key: r.get(3)?,
        origin: KeyOrigin::from_code(&origin)
            .ok_or_else(|| StoreError::BadData(format!("own key {id}: origin {origin:?}")))?,
        created_at: parse_timestamp(&r.get::<_, String>(5)?)?,
        retired_at: timestamp(r.get(6)?)?,
    })
}

fn current_own_key(conn: &Connection, role: KeyRole) -> Result<Option<OwnKey>> {
    let sql = format!("SELECT {OWN_KEY_COLUMNS} WHERE role = ?1 AND retired_at IS NULL");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![role.code()])?;
    match rows.next()? {
        Some(r) => Ok(Some(own_key_row(r)?)),
        None => Ok(None),
    }
}

fn known_key_row(r: &rusqlite::Row<'_>) -> Result<KnownKey> {
    Ok(KnownKey {
        public_key: r.get(0)?,
        first_seen: parse_timestamp(&r.get::<_, String>(1)?)?,
        last_seen: parse_timestamp(&r.get::<_, String>(2)?)?,
        replaced_at: timestamp(r.get(3)?)?,
    })
}

/// The signer tables differ only in the column naming the signer.
#[derive(Clone, Copy)]
enum Signers {
    Agencies,
    Contractors,
}

impl Signers {
    fn table(self) -> &'static str {
        match self {
            Signers::Agencies => "agency_keys",
            Signers::Contractors => "contractor_keys",
        }
    }

    fn column(self) -> &'static str {
        match self {
            Signers::Agencies => "agency",
            Signers::Contractors => "project_id",
        }
    }
}

fn known_keys(
    conn: &Connection,
    signers: Signers,
    who: &dyn rusqlite::ToSql,
    current_only: bool,
) -> Result<Vec<KnownKey>> {
    let sql = format!(
        "SELECT public_key, first_seen, last_seen, replaced_at FROM {} WHERE {} = ?1 {} ORDER BY id",
        signers.table(),
        signers.column(),
        if current_only {
            "AND replaced_at IS NULL"
        } else {
            ""
        }
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![who])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(known_key_row(r)?);
    }
    Ok(out)
}

/// Makes `public_key` the signer's current key: first use inserts it, the same key updates
/// `last_seen`, another key replaces the current one (kept, with `replaced_at`). A key the
/// signer used before and is back to is made current again.
fn record_known(
    conn: &Connection,
    signers: Signers,
    who: &dyn rusqlite::ToSql,
    public_key: &str,
    now: &str,
) -> Result<KnownKey> {
    let (table, column) = (signers.table(), signers.column());
    conn.execute(
        &format!(
            "UPDATE {table} SET replaced_at = ?3
              WHERE {column} = ?1 AND replaced_at IS NULL AND public_key <> ?2"
        ),
        params![who, public_key, now],
    )?;
    conn.execute(
        &format!(
            "INSERT INTO {table} ({column}, public_key, first_seen, last_seen)
             VALUES (?1, ?2, ?3, ?3)
             ON CONFLICT ({column}, public_key)
                 DO UPDATE SET last_seen = excluded.last_seen, replaced_at = NULL"
        ),
        params![who, public_key, now],
    )?;
    known_keys(conn, signers, who, true)?
        .pop()
        .ok_or_else(|| StoreError::BadData(format!("{table}: the recorded key is not current")))
}

/// Restricts a file to its owner (mode 0600 on Unix; nothing elsewhere). Missing files are
/// skipped.
fn owner_only(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if path.exists() {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(
                |e| {
                    StoreError::invalid(
                        format!("{}: 権限を所有者のみに変更できません: {e}", path.display()),
                        format!("{}: cannot restrict to the owner: {e}", path.display()),
                    )
                },
            )?;
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

impl Store {
    /// Restricts the database file and its `-wal` and `-shm` files to their owner (mode 0600
    /// on Unix): the database holds secret keys. Done before and after every write of an own
    /// key; harmless to call at any time.
    pub fn restrict_permissions(&self) -> Result<()> {
        let path = self.path();
        if path == Path::new(":memory:") {
            return Ok(());
        }
        owner_only(path)?;
        for suffix in ["-wal", "-shm", "-journal"] {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            owner_only(Path::new(&name))?;
        }
        Ok(())
    }

    /// The current key pair of `role`, if this SecSpec has one.
    pub fn own_key(&self, role: KeyRole) -> Result<Option<OwnKey>> {
        let tx = self.read_tx()?;
        let key = current_own_key(&tx, role)?;
        tx.commit()?;
        Ok(key)
    }

    /// Every key pair of `role`, the retired ones included, oldest first.
    pub fn own_keys(&self, role: KeyRole) -> Result<Vec<OwnKey>> {
        let tx = self.read_tx()?;
        let sql = format!("SELECT {OWN_KEY_COLUMNS} WHERE role = ?1 ORDER BY id");
        let mut out = Vec::new();
        {
            let mut stmt = tx.prepare_cached(&sql)?;
            let mut rows = stmt.query(params![role.code()])?;
            while let Some(r) = rows.next()? {
                out.push(own_key_row(r)?);
            }
        }
        tx.commit()?;
        Ok(out)
    }

    /// The current key pair of the candidate's role: the stored one if there is one,
    /// otherwise `candidate`, stored now. Two processes making the first key at once get the
    /// same key (the first one stored). Call with a freshly generated key on every export.
    pub fn own_key_or_insert(&self, candidate: &NewOwnKey<'_>) -> Result<OwnKey> {
        check_new_key(candidate)?;
        self.restrict_permissions()?;
        let now = stored_now(self.clock.as_ref())?;
        let tx = self.write_tx()?;
        if current_own_key(&tx, candidate.role)?.is_none() {
            tx.execute(
                "INSERT INTO own_keys (role, algorithm, public_key, secret_key, origin, created_at)
                 VALUES (?1, 'ed25519', ?2, ?3, ?4, ?5)",
                params![
                    candidate.role.code(),
                    candidate.public_key,
                    candidate.secret_key,
                    candidate.origin.code(),
                    now
                ],
            )?;
        }
        let key = current_own_key(&tx, candidate.role)?
            .ok_or_else(|| StoreError::BadData("own_keys: no current key after insert".into()))?;
        tx.commit()?;
        self.restrict_permissions()?;
        Ok(key)
    }

    /// Makes `key` the current key pair of its role (a key file imported from the office's
    /// other computer). The key it replaces is kept, retired, not deleted: packages already
    /// signed with it stay attributable. Importing the current key again changes nothing.
    pub fn replace_own_key(&self, key: &NewOwnKey<'_>) -> Result<OwnKey> {
        check_new_key(key)?;
        self.restrict_permissions()?;
        let now = stored_now(self.clock.as_ref())?;
        let tx = self.write_tx()?;
        tx.execute(
            "UPDATE own_keys SET retired_at = ?3
              WHERE role = ?1 AND retired_at IS NULL AND public_key <> ?2",
            params![key.role.code(), key.public_key, now],
        )?;
        let existing: Option<Vec<u8>> = tx
            .query_row(
                "SELECT secret_key FROM own_keys WHERE role = ?1 AND public_key = ?2",
                params![key.role.code(), key.public_key],
                |r| r.get(0),
            )
            .optional()?;
        match existing {
            Some(secret) if secret != key.secret_key => {
                return Err(StoreError::invalid(
                    "同じ公開鍵で異なる秘密鍵が保存されています",
                    "a different secret key is stored for this public key",
                ))
            }
            Some(_) => {
                tx.execute(
                    "UPDATE own_keys SET retired_at = NULL WHERE role = ?1 AND public_key = ?2",
                    params![key.role.code(), key.public_key],
                )?;
            }
            None => {
                tx.execute(
                    "INSERT INTO own_keys (role, algorithm, public_key, secret_key, origin, created_at)
                     VALUES (?1, 'ed25519', ?2, ?3, ?4, ?5)",
                    params![
                        key.role.code(),
                        key.public_key,
                        key.secret_key,
                        key.origin.code(),
                        now
                    ],
                )?;
            }
        }
        let current = current_own_key(&tx, key.role)?
            .ok_or_else(|| StoreError::BadData("own_keys: no current key after import".into()))?;
        tx.commit()?;
        self.restrict_permissions()?;
        Ok(current)
    }

    /// Contractor side: the key currently trusted for `agency` (trimmed), if any.
    pub fn agency_key(&self, agency: &str) -> Result<Option<KnownKey>> {
        let name = agency_name(agency)?;
        let tx = self.read_tx()?;
        let key = known_keys(&tx, Signers::Agencies, &name, true)?.pop();
        tx.commit()?;
        Ok(key)
    }

    /// Contractor side: every key seen for `agency`, oldest first.
    pub fn agency_keys(&self, agency: &str) -> Result<Vec<KnownKey>> {
        let name = agency_name(agency)?;
        let tx = self.read_tx()?;
        let keys = known_keys(&tx, Signers::Agencies, &name, false)?;
        tx.commit()?;
        Ok(keys)
    }

    /// Contractor side: remembers `public_key` as the key of `agency` (on first use; when it
    /// is the same, to update `last_seen`; when it changed, only after the user confirmed).
    pub fn record_agency_key(&self, agency: &str, public_key: &str) -> Result<KnownKey> {
        let name = agency_name(agency)?;
        check_public_key(public_key)?;
        let now = stored_now(self.clock.as_ref())?;
        let tx = self.write_tx()?;
        let key = record_known(&tx, Signers::Agencies, &name, public_key, &now)?;
        tx.commit()?;
        Ok(key)
    }

    /// Officer side: the contractor key responses to the project were last signed with.
    pub fn contractor_key(&self, project_id: ProjectId) -> Result<Option<KnownKey>> {
        let tx = self.read_tx()?;
        current_revision(&tx, project_id)?;
        let key = known_keys(&tx, Signers::Contractors, &project_id.0, true)?.pop();
        tx.commit()?;
        Ok(key)
    }

    /// Officer side: every contractor key seen for the project, oldest first.
    pub fn contractor_keys(&self, project_id: ProjectId) -> Result<Vec<KnownKey>> {
        let tx = self.read_tx()?;
        current_revision(&tx, project_id)?;
        let keys = known_keys(&tx, Signers::Contractors, &project_id.0, false)?;
        tx.commit()?;
        Ok(keys)
    }

    /// Officer side: remembers `public_key` as the project's contractor key (same rules as
    /// [`Store::record_agency_key`]).
    pub fn record_contractor_key(
        &self,
        project_id: ProjectId,
        public_key: &str,
    ) -> Result<KnownKey> {
        check_public_key(public_key)?;
        let now = stored_now(self.clock.as_ref())?;
        let tx = self.write_tx()?;
        current_revision(&tx, project_id)?;
        let key = record_known(&tx, Signers::Contractors, &project_id.0, public_key, &now)?;
        tx.commit()?;
        Ok(key)
    }

    /// Officer side: records which key signed an imported response (`None`: unsigned), by the
    /// id [`Store::record_response`] returned.
    pub fn record_response_signer(&self, response_id: i64, public_key: Option<&str>) -> Result<()> {
        if let Some(key) = public_key {
            check_public_key(key)?;
        }
        let tx = self.write_tx()?;
        let exists: i64 = tx.query_row(
            "SELECT count(*) FROM responses WHERE id = ?1",
            params![response_id],
            |r| r.get(0),
        )?;
        if exists == 0 {
            return Err(StoreError::invalid(
                format!("回答 {response_id} はありません"),
                format!("no response {response_id}"),
            ));
        }
        tx.execute(
            "INSERT INTO response_signers (response_id, public_key) VALUES (?1, ?2)
             ON CONFLICT (response_id) DO UPDATE SET public_key = excluded.public_key",
            params![response_id, public_key],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Officer side: the key that signed a response: `None` when not recorded, `Some(None)`
    /// when it was unsigned.
    pub fn response_signer(&self, response_id: i64) -> Result<Option<Option<String>>> {
        let tx = self.read_tx()?;
        let signer = tx
            .query_row(
                "SELECT public_key FROM response_signers WHERE response_id = ?1",
                params![response_id],
                |r| r.get::<_, Option<String>>(0),
            )
            .optional()?;
        tx.commit()?;
        Ok(signer)
    }
}

/// Inside the transaction that records response `response_id`: which key signed it (`None`:
/// unsigned) and, when `remember`, that key as the project's contractor key.
pub(crate) fn record_signer_in(
    tx: &Connection,
    project_id: ProjectId,
    response_id: i64,
    public_key: Option<&str>,
    remember: bool,
    now: &str,
) -> Result<()> {
    if let Some(key) = public_key {
        check_public_key(key)?;
        if remember {
            record_known(tx, Signers::Contractors, &project_id.0, key, now)?;
        }
    }
    tx.execute(
        "INSERT INTO response_signers (response_id, public_key) VALUES (?1, ?2)
         ON CONFLICT (response_id) DO UPDATE SET public_key = excluded.public_key",
        params![response_id, public_key],
    )?;
    Ok(())
}
