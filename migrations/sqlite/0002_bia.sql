-- Business impact analysis: the impact scale and review state per
-- organisation, processes with their assessments, the resources they depend
-- on, the dependency edges, and workshops.

CREATE TABLE bia_settings (
    org_id            BLOB PRIMARY KEY NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    scale_json        TEXT NOT NULL,
    status            TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'in_review', 'approved')),
    submitted_email   TEXT,
    submitted_at      TEXT,
    approved_email    TEXT,
    approved_at       TEXT,
    approval_comment  TEXT,
    -- The BIA as it was approved, readable after later edits reopen it.
    approved_snapshot TEXT,
    next_review_due   TEXT,
    updated_at        TEXT NOT NULL
);

CREATE TABLE processes (
    id              BLOB PRIMARY KEY NOT NULL,
    org_id          BLOB NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    department      TEXT NOT NULL DEFAULT '',
    owner_id        BLOB REFERENCES users (id) ON DELETE SET NULL,
    description     TEXT NOT NULL DEFAULT '',
    products        TEXT NOT NULL DEFAULT '',
    peak_periods    TEXT NOT NULL DEFAULT '',
    mbco            TEXT NOT NULL DEFAULT '',
    rto_minutes     INTEGER,
    rpo_minutes     INTEGER,
    wrt_minutes     INTEGER,
    assessment_json TEXT NOT NULL DEFAULT '{}',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX processes_org_name ON processes (org_id, lower(name));

-- What processes depend on: systems, suppliers, sites and key roles.
CREATE TABLE resources (
    id          BLOB PRIMARY KEY NOT NULL,
    org_id      BLOB NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('system', 'supplier', 'site', 'role')),
    name        TEXT NOT NULL,
    owner_id    BLOB REFERENCES users (id) ON DELETE SET NULL,
    category    TEXT NOT NULL DEFAULT '',
    contact     TEXT NOT NULL DEFAULT '',
    rto_minutes INTEGER,
    rpo_minutes INTEGER,
    notes       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX resources_org_kind_name ON resources (org_id, kind, lower(name));

-- `source_id` depends on `target_id`; either is a process or a resource of
-- the same organisation (checked when the edge is added).
CREATE TABLE dependencies (
    org_id     BLOB NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    source_id  BLOB NOT NULL,
    target_id  BLOB NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (org_id, source_id, target_id)
);
CREATE INDEX dependencies_target ON dependencies (org_id, target_id);

CREATE TABLE workshops (
    id                 BLOB PRIMARY KEY NOT NULL,
    org_id             BLOB NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    title              TEXT NOT NULL,
    facilitator_id     BLOB REFERENCES users (id) ON DELETE SET NULL,
    status             TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paused', 'closed')),
    current_process_id BLOB,
    current_step       TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    closed_at          TEXT
);
CREATE INDEX workshops_org ON workshops (org_id, created_at);

CREATE TABLE workshop_processes (
    workshop_id BLOB NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
    process_id  BLOB NOT NULL REFERENCES processes (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    PRIMARY KEY (workshop_id, process_id)
);

CREATE TABLE workshop_participants (
    workshop_id BLOB NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
    user_id     BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    joined_at   TEXT NOT NULL,
    PRIMARY KEY (workshop_id, user_id)
);

-- One participant's proposal for one step (a category, or `loss`) of one
-- process: values per bucket of the scale, as JSON.
CREATE TABLE workshop_proposals (
    workshop_id BLOB NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
    process_id  BLOB NOT NULL REFERENCES processes (id) ON DELETE CASCADE,
    step        TEXT NOT NULL,
    user_id     BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    values_json TEXT NOT NULL,
    comment     TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (workshop_id, process_id, step, user_id)
);

CREATE TABLE workshop_decisions (
    workshop_id  BLOB NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
    process_id   BLOB NOT NULL REFERENCES processes (id) ON DELETE CASCADE,
    step         TEXT NOT NULL,
    values_json  TEXT NOT NULL,
    agreed_email TEXT NOT NULL,
    agreed_at    TEXT NOT NULL,
    PRIMARY KEY (workshop_id, process_id, step)
);

CREATE TABLE workshop_notes (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    workshop_id  BLOB NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
    process_id   BLOB REFERENCES processes (id) ON DELETE SET NULL,
    text         TEXT NOT NULL,
    author_email TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX workshop_notes_workshop ON workshop_notes (workshop_id, id);
