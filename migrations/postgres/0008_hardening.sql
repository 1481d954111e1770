-- Sign-in throttling and the tamper-evident audit log.

-- Failed sign-ins counted per key ("account:<email>" or "address:<ip>"),
-- shared by every app server. Keys are counted whether or not an account
-- exists, so a lock says nothing about which emails are registered.
CREATE TABLE login_throttle (
    key          TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    window_start TIMESTAMPTZ NOT NULL,
    locked_until TIMESTAMPTZ
);

-- Each entry hashes the one before it (per organisation), so an edited,
-- removed or reordered entry breaks the chain from that point on.
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN entry_hash TEXT;

-- Entries written before the chain existed are sealed once at start-up:
-- that is the only update allowed, and only of the two hash columns.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    IF OLD.entry_hash IS NULL
       AND (NEW.id, NEW.org_id, NEW.actor_id, NEW.actor_email, NEW.action, NEW.entity_type,
            NEW.entity_id, NEW.before_json, NEW.after_json, NEW.created_at)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.org_id, OLD.actor_id, OLD.actor_email, OLD.action, OLD.entity_type,
            OLD.entity_id, OLD.before_json, OLD.after_json, OLD.created_at)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql;
