-- Generated documents (PDFs), each a numbered version of its kind.

-- A document is generated in the background: it is created 'running' with
-- its progress, then becomes 'ready' with its file, or 'failed'.
CREATE TABLE documents (
    id          UUID PRIMARY KEY NOT NULL,
    org_id      UUID NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('plan', 'summary', 'pack')),
    framework   TEXT NOT NULL DEFAULT '',
    period_from DATE,
    period_to   DATE,
    as_of       DATE NOT NULL,
    version     BIGINT NOT NULL,
    title       TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('running', 'ready', 'failed')),
    progress    BIGINT NOT NULL DEFAULT 0,
    stage       TEXT NOT NULL DEFAULT '',
    failure     TEXT NOT NULL DEFAULT '',
    pages       BIGINT,
    size        BIGINT,
    sha256      TEXT,
    -- SHA-256 of the content, without when or by whom: equal means unchanged data.
    fingerprint TEXT,
    -- The laid-out content, so a signed copy reproduces exactly what was reviewed.
    doc_json    TEXT,
    content     BYTEA,
    created_by  UUID REFERENCES users (id) ON DELETE SET NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ
);
CREATE INDEX documents_org ON documents (org_id, created_at);
CREATE INDEX documents_hash ON documents (org_id, sha256);
