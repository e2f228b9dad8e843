-- SecSpec store, schema version 5: the officer's answers to the contractor's questions (質問)
-- of the imported responses, from which the 質問回答書 is written. One answer per question
-- target of a project: `clause:<clause id>` or `requirement:<checklist item id>`. `question` is
-- the contractor's text the answer was written against, so that a later response that asks
-- something else shows the answer as needing review. History rows use the action 'update' with
-- the JSON Pointer /question_answers/<target>.
CREATE TABLE question_answers (
    project_id   INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    target       TEXT    NOT NULL
                         CHECK (length(target) <= 200
                                AND (target GLOB 'clause:?*' OR target GLOB 'requirement:?*')),
    question     TEXT    NOT NULL,
    answer       TEXT    NOT NULL CHECK (length(trim(answer)) > 0),
    answered_at  TEXT    NOT NULL,
    PRIMARY KEY (project_id, target)
) STRICT;
