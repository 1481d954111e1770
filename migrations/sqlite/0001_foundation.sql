-- Accounts, organisations, memberships, invitations and the audit log.
-- UUIDs are stored as 16-byte BLOBs and timestamps as RFC 3339 text, which is
-- how sqlx encodes them for SQLite.

CREATE TABLE users (
    id            BLOB PRIMARY KEY NOT NULL,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

CREATE TABLE organisations (
    id         BLOB PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL,
    is_demo    BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL
);

CREATE TABLE memberships (
    org_id     BLOB NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    user_id    BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'editor', 'contributor', 'auditor', 'executive')),
    created_at TEXT NOT NULL,
    PRIMARY KEY (org_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE invites (
    id          BLOB PRIMARY KEY NOT NULL,
    org_id      BLOB NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    email       TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'editor', 'contributor', 'auditor', 'executive')),
    token_hash  TEXT NOT NULL UNIQUE,
    invited_by  BLOB NOT NULL REFERENCES users (id),
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    accepted_at TEXT,
    accepted_by BLOB REFERENCES users (id),
    revoked_at  TEXT
);
CREATE INDEX invites_org ON invites (org_id);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      BLOB NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    actor_id    BLOB,
    actor_email TEXT,
    action      TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id   TEXT,
    before_json TEXT,
    after_json  TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX audit_log_org_time ON audit_log (org_id, id);

-- The audit log is append-only: refuse edits and deletes of single entries
-- (deleting a whole organisation still cascades).
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
