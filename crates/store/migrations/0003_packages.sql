-- SecSpec store, schema version 3: review packages exported to contractors and the responses
-- imported from them (issue 6). History rows use the actions 'export_package' and
-- 'import_response' (JSON Pointers /review_packages/<digest> and /responses/...).

-- Every review package written from a project. `package` keeps the exact bytes, so that an
-- imported response can be checked against the review it answers. Exporting the same content
-- twice gives the same bytes (and digest): one row, refreshed.
CREATE TABLE review_packages (
    id                INTEGER PRIMARY KEY,
    project_id        INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    package_id        TEXT    NOT NULL,
    digest            TEXT    NOT NULL
                              CHECK (length(digest) = 64 AND digest NOT GLOB '*[^0-9a-f]*'),
    project_revision  INTEGER NOT NULL CHECK (project_revision >= 1),
    file_name         TEXT    NOT NULL,
    size_bytes        INTEGER NOT NULL CHECK (size_bytes >= 0),
    exported_at       TEXT    NOT NULL,
    package           BLOB    NOT NULL,
    UNIQUE (project_id, digest)
) STRICT;

-- Every imported contractor response (the ContractorResponse as JSON); the newest is current.
-- It must answer a review package this project exported.
CREATE TABLE responses (
    id             INTEGER PRIMARY KEY,
    project_id     INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    review_digest  TEXT    NOT NULL,
    digest         TEXT    NOT NULL
                           CHECK (length(digest) = 64 AND digest NOT GLOB '*[^0-9a-f]*'),
    response       TEXT    NOT NULL CHECK (json_valid(response) AND json_type(response) = 'object'),
    imported_at    TEXT    NOT NULL,
    FOREIGN KEY (project_id, review_digest)
        REFERENCES review_packages (project_id, digest) ON DELETE CASCADE
) STRICT;

CREATE INDEX responses_by_project ON responses (project_id, id);

-- The history table of version 1 only allows the project actions. SQLite cannot change a CHECK
-- constraint in place, so the table is rebuilt (inside the migration transaction) with the two
-- package actions added; ids and rows are kept as they are.
CREATE TABLE history_v3 (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    at          TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    action      TEXT    NOT NULL
                        CHECK (action IN ('create', 'duplicate', 'update', 'set_status', 'generate',
                                          'export_package', 'import_response')),
    field       TEXT,
    old_value   TEXT,
    new_value   TEXT
) STRICT;

INSERT INTO history_v3 (id, project_id, at, revision, action, field, old_value, new_value)
    SELECT id, project_id, at, revision, action, field, old_value, new_value FROM history;

DROP TABLE history;

ALTER TABLE history_v3 RENAME TO history;

CREATE INDEX history_by_project ON history (project_id, id);
