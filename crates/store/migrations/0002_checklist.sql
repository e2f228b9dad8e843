-- SecSpec store, schema version 2: the security-by-design checklist of a project (issue 5).
-- One row per answered profile question, per override and per answered item; history rows use the
-- JSON Pointers /checklist/profile/<question>, /checklist/overrides/<item>, /checklist/answers/<item>.

-- 判断条件: the officer's yes/no answers to the profile questions. An absent row is unanswered.
CREATE TABLE checklist_profile (
    project_id   INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    question_id  TEXT    NOT NULL,
    answer       INTEGER NOT NULL CHECK (answer IN (0, 1)),
    PRIMARY KEY (project_id, question_id)
) STRICT;

-- The officer's decision to put an item in or out against the rules, with the reason.
CREATE TABLE checklist_overrides (
    project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    item_id     TEXT    NOT NULL,
    include     INTEGER NOT NULL CHECK (include IN (0, 1)),
    reason      TEXT    NOT NULL,
    PRIMARY KEY (project_id, item_id)
) STRICT;

-- 実施 / 一部実施 (done of targets) / 未実施 / 対象外, with the evidence note, owner and due date.
CREATE TABLE checklist_answers (
    project_id    INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    item_id       TEXT    NOT NULL,
    status        TEXT    NOT NULL
                          CHECK (status IN ('implemented', 'partial', 'not_implemented', 'not_applicable')),
    done_count    INTEGER,
    target_count  INTEGER,
    evidence      TEXT    NOT NULL DEFAULT '',
    owner         TEXT    NOT NULL DEFAULT '',
    due           TEXT    CHECK (due IS NULL OR due GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    PRIMARY KEY (project_id, item_id),
    -- Counts exactly for 一部実施, and then 0 <= done <= targets, targets >= 1.
    CHECK ((status = 'partial') = (done_count IS NOT NULL AND target_count IS NOT NULL)),
    CHECK (done_count IS NULL OR (done_count >= 0 AND target_count >= 1 AND done_count <= target_count))
) STRICT;
