-- DR drills and exercises: plans with their schedules and scope, the runs
-- recorded against them with what each measured, the follow-up actions, the
-- secret calendar feed, and the frameworks an organisation works to (which
-- set the minimum drill cadence).

CREATE TABLE drill_plans (
    id               UUID PRIMARY KEY NOT NULL,
    org_id           UUID NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    title            TEXT NOT NULL,
    kind             TEXT NOT NULL,
    scenario         TEXT NOT NULL DEFAULT '',
    owner_id         UUID REFERENCES users (id) ON DELETE SET NULL,
    participants     TEXT NOT NULL DEFAULT '',
    -- The first occurrence's local date and time in `zone` (an IANA name).
    first_on         DATE NOT NULL,
    at_time          TEXT NOT NULL,
    zone             TEXT NOT NULL,
    duration_minutes BIGINT NOT NULL CHECK (duration_minutes > 0),
    repeat_unit      TEXT CHECK (repeat_unit IN ('day', 'week', 'month', 'year')),
    repeat_every     BIGINT CHECK (repeat_every > 0),
    until_on         DATE,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX drill_plans_org ON drill_plans (org_id);

-- The processes, systems and sites a plan exercises. A node is a process or
-- a resource; rows whose node is gone are ignored on reading.
CREATE TABLE drill_scope (
    plan_id UUID NOT NULL REFERENCES drill_plans (id) ON DELETE CASCADE,
    org_id  UUID NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    node_id UUID NOT NULL,
    PRIMARY KEY (plan_id, node_id)
);

CREATE TABLE drill_runs (
    id          UUID PRIMARY KEY NOT NULL,
    org_id      UUID NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    plan_id     UUID NOT NULL REFERENCES drill_plans (id),
    -- The scheduled occurrence this run carried out (none for an extra run).
    occurrence  TIMESTAMPTZ,
    started_at  TIMESTAMPTZ NOT NULL,
    ended_at    TIMESTAMPTZ NOT NULL,
    issues      TEXT NOT NULL DEFAULT '',
    lessons     TEXT NOT NULL DEFAULT '',
    recorded_by UUID REFERENCES users (id) ON DELETE SET NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    CHECK (ended_at >= started_at)
);
CREATE INDEX drill_runs_org ON drill_runs (org_id, started_at);

-- Each system a run recovered, with the RTO and RPO in force when it was
-- measured, so a later change to the objectives does not rewrite history.
CREATE TABLE drill_run_systems (
    id                UUID PRIMARY KEY NOT NULL,
    org_id            UUID NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    run_id            UUID NOT NULL REFERENCES drill_runs (id) ON DELETE CASCADE,
    system_id         UUID REFERENCES resources (id) ON DELETE SET NULL,
    system_name       TEXT NOT NULL,
    recovered         BOOLEAN NOT NULL DEFAULT TRUE,
    recovery_minutes  BIGINT CHECK (recovery_minutes >= 0),
    data_loss_minutes BIGINT CHECK (data_loss_minutes >= 0),
    rto_minutes       BIGINT,
    rpo_minutes       BIGINT,
    notes             TEXT NOT NULL DEFAULT '',
    UNIQUE (run_id, system_id)
);

-- Who did what when during a run.
CREATE TABLE drill_steps (
    id         UUID PRIMARY KEY NOT NULL,
    org_id     UUID NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    run_id     UUID NOT NULL REFERENCES drill_runs (id) ON DELETE CASCADE,
    at         TIMESTAMPTZ NOT NULL,
    who        TEXT NOT NULL DEFAULT '',
    what       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX drill_steps_run ON drill_steps (run_id, at);

CREATE TABLE drill_actions (
    id         UUID PRIMARY KEY NOT NULL,
    org_id     UUID NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    run_id     UUID NOT NULL REFERENCES drill_runs (id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    owner_id   UUID REFERENCES users (id) ON DELETE SET NULL,
    due_on     DATE NOT NULL,
    closed_at  TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX drill_actions_org ON drill_actions (org_id, closed_at);

-- The organisation's calendar feed; only the token's SHA-256 is kept.
CREATE TABLE drill_feeds (
    org_id     UUID PRIMARY KEY NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE org_frameworks (
    org_id       UUID NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    framework    TEXT NOT NULL CHECK (framework IN ('soc2', 'hipaa', 'pci')),
    activated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (org_id, framework)
);
