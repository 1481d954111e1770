-- DR drills and exercises: plans with their schedules and scope, the runs
-- recorded against them with what each measured, the follow-up actions, the
-- secret calendar feed, and the frameworks an organisation works to (which
-- set the minimum drill cadence).

CREATE TABLE drill_plans (
    id               BLOB PRIMARY KEY NOT NULL,
    org_id           BLOB NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    title            TEXT NOT NULL,
    kind             TEXT NOT NULL,
    scenario         TEXT NOT NULL DEFAULT '',
    owner_id         BLOB REFERENCES users (id) ON DELETE SET NULL,
    participants     TEXT NOT NULL DEFAULT '',
    -- The first occurrence's local date and time in `zone` (an IANA name).
    first_on         TEXT NOT NULL,
    at_time          TEXT NOT NULL,
    zone             TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
    repeat_unit      TEXT CHECK (repeat_unit IN ('day', 'week', 'month', 'year')),
    repeat_every     INTEGER CHECK (repeat_every > 0),
    until_on         TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX drill_plans_org ON drill_plans (org_id);

-- The processes, systems and sites a plan exercises. A node is a process or
-- a resource; rows whose node is gone are ignored on reading.
CREATE TABLE drill_scope (
    plan_id BLOB NOT NULL REFERENCES drill_plans (id) ON DELETE CASCADE,
    org_id  BLOB NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    node_id BLOB NOT NULL,
    PRIMARY KEY (plan_id, node_id)
);

CREATE TABLE drill_runs (
    id          BLOB PRIMARY KEY NOT NULL,
    org_id      BLOB NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    plan_id     BLOB NOT NULL REFERENCES drill_plans (id),
    -- The scheduled occurrence this run carried out (none for an extra run).
    occurrence  TEXT,
    started_at  TEXT NOT NULL,
    ended_at    TEXT NOT NULL,
    issues      TEXT NOT NULL DEFAULT '',
    lessons     TEXT NOT NULL DEFAULT '',
    recorded_by BLOB REFERENCES users (id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    CHECK (ended_at >= started_at)
);
CREATE INDEX drill_runs_org ON drill_runs (org_id, started_at);

-- Each system a run recovered, with the RTO and RPO in force when it was
-- measured, so a later change to the objectives does not rewrite history.
CREATE TABLE drill_run_systems (
    id                BLOB PRIMARY KEY NOT NULL,
    org_id            BLOB NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    run_id            BLOB NOT NULL REFERENCES drill_runs (id) ON DELETE CASCADE,
    system_id         BLOB REFERENCES resources (id) ON DELETE SET NULL,
    system_name       TEXT NOT NULL,
    recovered         BOOLEAN NOT NULL DEFAULT TRUE,
    recovery_minutes  INTEGER CHECK (recovery_minutes >= 0),
    data_loss_minutes INTEGER CHECK (data_loss_minutes >= 0),
    rto_minutes       INTEGER,
    rpo_minutes       INTEGER,
    notes             TEXT NOT NULL DEFAULT '',
    UNIQUE (run_id, system_id)
);

-- Who did what when during a run.
CREATE TABLE drill_steps (
    id         BLOB PRIMARY KEY NOT NULL,
    org_id     BLOB NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    run_id     BLOB NOT NULL REFERENCES drill_runs (id) ON DELETE CASCADE,
    at         TEXT NOT NULL,
    who        TEXT NOT NULL DEFAULT '',
    what       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX drill_steps_run ON drill_steps (run_id, at);

CREATE TABLE drill_actions (
    id         BLOB PRIMARY KEY NOT NULL,
    org_id     BLOB NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    run_id     BLOB NOT NULL REFERENCES drill_runs (id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    owner_id   BLOB REFERENCES users (id) ON DELETE SET NULL,
    due_on     TEXT NOT NULL,
    closed_at  TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX drill_actions_org ON drill_actions (org_id, closed_at);

-- The organisation's calendar feed; only the token's SHA-256 is kept.
CREATE TABLE drill_feeds (
    org_id     BLOB PRIMARY KEY NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE org_frameworks (
    org_id       BLOB NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    framework    TEXT NOT NULL CHECK (framework IN ('soc2', 'hipaa', 'pci')),
    activated_at TEXT NOT NULL,
    PRIMARY KEY (org_id, framework)
);
