-- Generated documents (PDFs), each a numbered version of its kind, and the
-- executive reviews that sign them off.

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

CREATE TABLE reviews (
    id             UUID PRIMARY KEY NOT NULL,
    org_id         UUID NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    document_id    UUID NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    note           TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    submitted_by   UUID REFERENCES users (id) ON DELETE SET NULL,
    submitted_at   TIMESTAMPTZ NOT NULL,
    decided_at     TIMESTAMPTZ,
    signed_content BYTEA,
    signed_sha256  TEXT
);
CREATE INDEX reviews_org ON reviews (org_id, submitted_at);
CREATE INDEX reviews_signed ON reviews (org_id, signed_sha256);

CREATE TABLE review_signers (
    review_id       UUID NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    org_id          UUID NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    user_id         UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    decision        TEXT NOT NULL DEFAULT 'pending' CHECK (decision IN ('pending', 'approved', 'rejected')),
    comment         TEXT NOT NULL DEFAULT '',
    decided_at      TIMESTAMPTZ,
    -- The SHA-256 of the exact file the signer had in front of them.
    reviewed_sha256 TEXT,
    PRIMARY KEY (review_id, user_id)
);
CREATE INDEX review_signers_user ON review_signers (org_id, user_id);
