-- Executive review of generated documents.

-- A review submits one document version to one or more executives. It is
-- bound to the SHA-256 of that version's file: every signer reviews those
-- bytes. When all approve, the signed copy (the same document with its
-- sign-off page filled in) is stored with its own SHA-256.
CREATE TABLE reviews (
    id              UUID PRIMARY KEY NOT NULL,
    org_id          UUID NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    document_id     UUID NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    reviewed_sha256 TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
    message         TEXT NOT NULL DEFAULT '',
    submitted_by    UUID REFERENCES users (id) ON DELETE SET NULL,
    submitted_at    TIMESTAMPTZ NOT NULL,
    decided_at      TIMESTAMPTZ,
    signed_sha256   TEXT,
    signed_pages    BIGINT,
    signed_size     BIGINT,
    signed_content  BYTEA
);
CREATE INDEX reviews_document ON reviews (org_id, document_id);
CREATE INDEX reviews_signed_hash ON reviews (org_id, signed_sha256);
-- A version is under review, or signed, at most once at a time.
CREATE UNIQUE INDEX reviews_open ON reviews (document_id) WHERE status IN ('pending', 'approved');

-- Each executive asked to sign, with their decision.
CREATE TABLE review_signers (
    review_id       UUID NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    org_id          UUID NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    user_id         UUID NOT NULL REFERENCES users (id),
    position        BIGINT NOT NULL,
    decision        TEXT NOT NULL CHECK (decision IN ('pending', 'approved', 'rejected')),
    comment         TEXT NOT NULL DEFAULT '',
    decided_at      TIMESTAMPTZ,
    -- The SHA-256 of the file the signer had in front of them when deciding.
    reviewed_sha256 TEXT,
    PRIMARY KEY (review_id, user_id)
);
CREATE INDEX review_signers_user ON review_signers (org_id, user_id, decision);
