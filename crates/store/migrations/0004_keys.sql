-- SecSpec store, schema version 4: the keys of signed packages (docs/package-format.md,
-- version 2). Public keys are 64 lowercase hex digits (Ed25519); fingerprints are computed
-- from them, never stored. Nothing here is ever deleted by SecSpec: a replaced key keeps its
-- row with the time it was replaced, so that the history of who signed what stays readable.

-- This SecSpec's own key pairs: the agency key signs review packages, the contractor key signs
-- responses. At most one current key per role; a key made here is 'generated', one brought
-- from another computer of the same office is 'imported' (the key it replaced is retired).
-- The secret key is why the database file must be readable by its owner only.
CREATE TABLE own_keys (
    id          INTEGER PRIMARY KEY,
    role        TEXT    NOT NULL CHECK (role IN ('agency', 'contractor')),
    algorithm   TEXT    NOT NULL CHECK (algorithm = 'ed25519'),
    public_key  TEXT    NOT NULL
                        CHECK (length(public_key) = 64 AND public_key NOT GLOB '*[^0-9a-f]*'),
    secret_key  BLOB    NOT NULL CHECK (length(secret_key) = 32),
    origin      TEXT    NOT NULL CHECK (origin IN ('generated', 'imported')),
    created_at  TEXT    NOT NULL,
    retired_at  TEXT,
    UNIQUE (role, public_key)
) STRICT;

CREATE UNIQUE INDEX own_keys_current ON own_keys (role) WHERE retired_at IS NULL;

-- Contractor side: the agency keys seen in review packages, per agency name (trust on first
-- use). The current key of an agency has replaced_at NULL.
CREATE TABLE agency_keys (
    id           INTEGER PRIMARY KEY,
    agency       TEXT    NOT NULL CHECK (length(agency) BETWEEN 1 AND 200),
    public_key   TEXT    NOT NULL
                         CHECK (length(public_key) = 64 AND public_key NOT GLOB '*[^0-9a-f]*'),
    first_seen   TEXT    NOT NULL,
    last_seen    TEXT    NOT NULL,
    replaced_at  TEXT,
    UNIQUE (agency, public_key)
) STRICT;

CREATE UNIQUE INDEX agency_keys_current ON agency_keys (agency) WHERE replaced_at IS NULL;

-- Officer side: the contractor keys responses to a project were signed with.
CREATE TABLE contractor_keys (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    public_key   TEXT    NOT NULL
                         CHECK (length(public_key) = 64 AND public_key NOT GLOB '*[^0-9a-f]*'),
    first_seen   TEXT    NOT NULL,
    last_seen    TEXT    NOT NULL,
    replaced_at  TEXT,
    UNIQUE (project_id, public_key)
) STRICT;

CREATE UNIQUE INDEX contractor_keys_current ON contractor_keys (project_id)
    WHERE replaced_at IS NULL;

-- Officer side: which key signed each imported response (NULL: an unsigned version 1 package).
CREATE TABLE response_signers (
    response_id  INTEGER PRIMARY KEY REFERENCES responses (id) ON DELETE CASCADE,
    public_key   TEXT
                 CHECK (public_key IS NULL
                        OR (length(public_key) = 64 AND public_key NOT GLOB '*[^0-9a-f]*'))
) STRICT;
