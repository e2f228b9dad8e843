-- SecSpec store, schema version 1.
-- Applied inside one transaction by secspec-store; PRAGMA user_version is set by the code, not here.
-- Timestamps are ISO-8601 UTC text of fixed width ("2026-05-01T09:30:00.000Z") so they sort as text.

-- 'SecS': marks the file as a SecSpec database (checked on open).
PRAGMA application_id = 1399153491;

-- 案件. `data` is the core Project as JSON without its clause choices (those live in
-- clause_choices / clause_params); title and agency are copied into columns for listing.
CREATE TABLE projects (
    id          INTEGER PRIMARY KEY,
    title       TEXT    NOT NULL,
    agency      TEXT    NOT NULL,
    status      TEXT    NOT NULL DEFAULT 'draft'
                        CHECK (status IN ('draft', 'ready', 'generated')),
    data        TEXT    NOT NULL CHECK (json_valid(data) AND json_type(data) = 'object'),
    revision    INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
) STRICT;

CREATE INDEX projects_by_updated ON projects (updated_at DESC, id DESC);

-- One row per clause the officer made a choice for (an empty choice is kept as a row too).
CREATE TABLE clause_choices (
    project_id        INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    clause_id         TEXT    NOT NULL,
    include           INTEGER CHECK (include IN (0, 1)),
    custom_body       TEXT,
    deviation_reason  TEXT,
    additions         TEXT    NOT NULL DEFAULT '[]'
                              CHECK (json_valid(additions) AND json_type(additions) = 'array'),
    PRIMARY KEY (project_id, clause_id)
) STRICT;

-- Parameter values of a clause choice, as typed.
CREATE TABLE clause_params (
    project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    clause_id   TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    value       TEXT    NOT NULL,
    PRIMARY KEY (project_id, clause_id, name),
    FOREIGN KEY (project_id, clause_id)
        REFERENCES clause_choices (project_id, clause_id) ON DELETE CASCADE
) STRICT;

-- Documents written from a project (DOCX / PDF), with their digest.
CREATE TABLE generations (
    id                 INTEGER PRIMARY KEY,
    project_id         INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    document_kind      TEXT    NOT NULL,
    format             TEXT    NOT NULL CHECK (format IN ('docx', 'pdf')),
    file_name          TEXT    NOT NULL,
    sha256             TEXT    NOT NULL
                               CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    size_bytes         INTEGER NOT NULL CHECK (size_bytes >= 0),
    template_versions  TEXT    NOT NULL,
    project_revision   INTEGER NOT NULL CHECK (project_revision >= 1),
    generated_at       TEXT    NOT NULL
) STRICT;

CREATE INDEX generations_by_project ON generations (project_id, id);

-- Edit history: one row per changed field. `field` is a JSON Pointer (RFC 6901) into the
-- project ("/title", "/clauses/<clause id>/params/<name>", "/status"); old_value / new_value are
-- JSON text. `revision` is the project's revision after the change.
CREATE TABLE history (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    at          TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    action      TEXT    NOT NULL
                        CHECK (action IN ('create', 'duplicate', 'update', 'set_status', 'generate')),
    field       TEXT,
    old_value   TEXT,
    new_value   TEXT
) STRICT;

CREATE INDEX history_by_project ON history (project_id, id);
