-- Generated documents (PDFs), each a numbered version of its kind.

-- A document is generated in the background: it is created 'running' with
-- its progress, then becomes 'ready' with its file, or 'failed'.
CREATE TABLE documents (
    id          BLOB PRIMARY KEY NOT NULL,
    org_id      BLOB NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('plan', 'summary', 'pack')),
    framework   TEXT NOT NULL DEFAULT '',
    period_from TEXT,
    period_to   TEXT,
    as_of       TEXT NOT NULL,
    version     INTEGER NOT NULL,
    title       TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('running', 'ready', 'failed')),
    progress    INTEGER NOT NULL DEFAULT 0,
    stage       TEXT NOT NULL DEFAULT '',
    failure     TEXT NOT NULL DEFAULT '',
    pages       INTEGER,
    size        INTEGER,
    sha256      TEXT,
    -- SHA-256 of the content, without when or by whom: equal means unchanged data.
    fingerprint TEXT,
    -- The laid-out content, so a signed copy reproduces exactly what was reviewed.
    doc_json    TEXT,
    content     BLOB,
    created_by  BLOB REFERENCES users (id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL,
    finished_at TEXT
);
CREATE INDEX documents_org ON documents (org_id, created_at);
CREATE INDEX documents_hash ON documents (org_id, sha256);
