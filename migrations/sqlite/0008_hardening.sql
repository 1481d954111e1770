-- Sign-in throttling and the tamper-evident audit log.

-- Failed sign-ins counted per key ("account:<email>" or "address:<ip>"),
-- shared by every app server. Keys are counted whether or not an account
-- exists, so a lock says nothing about which emails are registered.
CREATE TABLE login_throttle (
    key          TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    window_start TEXT NOT NULL,
    locked_until TEXT
);

-- Each entry hashes the one before it (per organisation), so an edited,
-- removed or reordered entry breaks the chain from that point on.
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN entry_hash TEXT;

-- Entries written before the chain existed are sealed once at start-up:
-- that is the only update allowed, and only of the two hash columns.
DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN OLD.entry_hash IS NOT NULL
    OR NEW.id IS NOT OLD.id
    OR NEW.org_id IS NOT OLD.org_id
    OR NEW.actor_id IS NOT OLD.actor_id
    OR NEW.actor_email IS NOT OLD.actor_email
    OR NEW.action IS NOT OLD.action
    OR NEW.entity_type IS NOT OLD.entity_type
    OR NEW.entity_id IS NOT OLD.entity_id
    OR NEW.before_json IS NOT OLD.before_json
    OR NEW.after_json IS NOT OLD.after_json
    OR NEW.created_at IS NOT OLD.created_at
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
