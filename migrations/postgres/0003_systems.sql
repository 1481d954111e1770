-- Systems and their disaster-recovery design. A system is a `resources` row
-- of kind 'system' (so it takes part in the BIA's dependency graph); this
-- table holds what only systems have. DR sites are `resources` rows of kind
-- 'site' with a `site_profiles` row.

CREATE TABLE system_profiles (
    resource_id         UUID PRIMARY KEY NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    org_id              UUID NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    component           TEXT NOT NULL DEFAULT 'application',
    environment         TEXT NOT NULL DEFAULT 'production',
    hosting             TEXT NOT NULL DEFAULT 'on_premises',
    provider            TEXT NOT NULL DEFAULT '',
    region              TEXT NOT NULL DEFAULT '',
    data_class          TEXT NOT NULL DEFAULT 'internal',
    primary_site_id     UUID REFERENCES resources (id) ON DELETE SET NULL,
    recovery_site_id    UUID REFERENCES resources (id) ON DELETE SET NULL,
    tier                BIGINT CHECK (tier BETWEEN 0 AND 7),
    tier_reason         TEXT NOT NULL DEFAULT '',
    replication         TEXT NOT NULL DEFAULT 'none' CHECK (replication IN ('none', 'async', 'sync')),
    replication_lag     BIGINT,
    full_every          BIGINT,
    partial_kind        TEXT NOT NULL DEFAULT 'none' CHECK (partial_kind IN ('none', 'incremental', 'differential')),
    partial_every       BIGINT,
    retention_days      BIGINT,
    archive_days        BIGINT,
    restore_tested_on   DATE,
    restore_minutes     BIGINT,
    restore_errors      BIGINT,
    updated_at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX system_profiles_org ON system_profiles (org_id);

-- Where each backup copy of a system lives.
CREATE TABLE backup_copies (
    id         UUID PRIMARY KEY NOT NULL,
    org_id     UUID NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    system_id  UUID NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    label      TEXT NOT NULL,
    media      TEXT NOT NULL,
    location   TEXT NOT NULL DEFAULT '',
    offsite    BOOLEAN NOT NULL DEFAULT FALSE,
    offline    BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX backup_copies_system ON backup_copies (org_id, system_id);

CREATE TABLE site_profiles (
    resource_id UUID PRIMARY KEY NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    org_id      UUID NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    role        TEXT NOT NULL DEFAULT 'primary',
    readiness   TEXT NOT NULL DEFAULT 'cold',
    failover    TEXT NOT NULL DEFAULT 'active_passive',
    location    TEXT NOT NULL DEFAULT '',
    activation  TEXT NOT NULL DEFAULT '',
    updated_at  TIMESTAMPTZ NOT NULL
);

-- Cost estimates per DR tier and the assumptions of the cost model.
CREATE TABLE dr_settings (
    org_id     UUID PRIMARY KEY NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    model_json TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
