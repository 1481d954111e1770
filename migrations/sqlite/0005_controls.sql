-- Control checklists and evidence: the catalogs (shipped ones shared by all
-- organisations, imported ones owned by one), each organisation's answer per
-- control, and the evidence behind them. Files live in the database so a
-- backup of the database is a backup of everything.

CREATE TABLE catalogs (
    id         BLOB PRIMARY KEY NOT NULL,
    -- NULL for a catalog shipped with Seawall.
    org_id     BLOB REFERENCES organisations (id) ON DELETE CASCADE,
    framework  TEXT NOT NULL,
    name       TEXT NOT NULL,
    version    TEXT NOT NULL,
    source     TEXT NOT NULL DEFAULT '',
    -- SHA-256 of the shipped file, so start-up reloads only what changed.
    digest     TEXT NOT NULL DEFAULT '',
    loaded_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX catalogs_shipped ON catalogs (framework) WHERE org_id IS NULL;
CREATE UNIQUE INDEX catalogs_imported ON catalogs (org_id, framework) WHERE org_id IS NOT NULL;

CREATE TABLE catalog_controls (
    catalog_id    BLOB NOT NULL REFERENCES catalogs (id) ON DELETE CASCADE,
    ref           TEXT NOT NULL,
    position      INTEGER NOT NULL,
    section_id    TEXT NOT NULL,
    section_title TEXT NOT NULL,
    kind          TEXT,
    title         TEXT NOT NULL,
    body          TEXT NOT NULL DEFAULT '',
    guidance      TEXT NOT NULL DEFAULT '',
    auditor_hint  TEXT NOT NULL DEFAULT '',
    continuity    BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (catalog_id, ref)
);

-- Answers are keyed by framework and identifier, not by catalog row, so a
-- new catalog version (or an imported official wording) keeps them.
CREATE TABLE control_answers (
    org_id        BLOB NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    framework     TEXT NOT NULL,
    ref           TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'implemented', 'not_applicable')),
    justification TEXT NOT NULL DEFAULT '',
    owner_id      BLOB REFERENCES users (id) ON DELETE SET NULL,
    due_on        TEXT,
    notes         TEXT NOT NULL DEFAULT '',
    updated_by    BLOB REFERENCES users (id) ON DELETE SET NULL,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (org_id, framework, ref),
    CHECK (status <> 'not_applicable' OR justification <> '')
);

-- File contents, once per organisation and hash.
CREATE TABLE evidence_blobs (
    org_id     BLOB NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    sha256     TEXT NOT NULL,
    size       INTEGER NOT NULL,
    content    BLOB NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (org_id, sha256)
);

CREATE TABLE evidence_items (
    id          BLOB PRIMARY KEY NOT NULL,
    org_id      BLOB NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    created_by  BLOB REFERENCES users (id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX evidence_items_org ON evidence_items (org_id);

-- Versions are never changed in substance: a new file is a new version.
-- Only the effective date and validity of a version can be corrected.
CREATE TABLE evidence_versions (
    id           BLOB PRIMARY KEY NOT NULL,
    org_id       BLOB NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    item_id      BLOB NOT NULL REFERENCES evidence_items (id) ON DELETE CASCADE,
    version      INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('file', 'link', 'attestation', 'drill')),
    sha256       TEXT,
    file_name    TEXT NOT NULL DEFAULT '',
    content_type TEXT NOT NULL DEFAULT '',
    size         INTEGER,
    url          TEXT NOT NULL DEFAULT '',
    statement    TEXT NOT NULL DEFAULT '',
    run_id       BLOB REFERENCES drill_runs (id) ON DELETE SET NULL,
    effective_on TEXT NOT NULL,
    valid_months INTEGER CHECK (valid_months > 0),
    uploaded_by  BLOB REFERENCES users (id) ON DELETE SET NULL,
    created_at   TEXT NOT NULL,
    UNIQUE (item_id, version),
    FOREIGN KEY (org_id, sha256) REFERENCES evidence_blobs (org_id, sha256)
);

-- What a piece of evidence supports: a control ("framework:ref"), a system
-- or process (its id), or a drill run.
CREATE TABLE evidence_links (
    org_id      BLOB NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    item_id     BLOB NOT NULL REFERENCES evidence_items (id) ON DELETE CASCADE,
    target_type TEXT NOT NULL CHECK (target_type IN ('control', 'node')),
    target_id   TEXT NOT NULL,
    linked_by   BLOB REFERENCES users (id) ON DELETE SET NULL,
    linked_at   TEXT NOT NULL,
    PRIMARY KEY (item_id, target_type, target_id)
);
CREATE INDEX evidence_links_target ON evidence_links (org_id, target_type, target_id);
