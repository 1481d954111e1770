//! The audit log's hash chain. Each entry stores the hash of the entry
//! before it in the same organisation and its own hash over that and its
//! content, so changing, removing or reordering an entry, even directly in
//! the database, breaks every hash from there on. Checking walks the chain.

use super::{ChainBreak, ChainCheck};
use crate::db::{Db, Tx};
use crate::{with_db, with_tx};
use chrono::{DateTime, SubsecRound, Utc};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The `prev_hash` of an organisation's first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What an entry's hash covers: everything but its row id.
pub struct Content<'a> {
    pub org_id: Uuid,
    pub actor_id: Option<Uuid>,
    pub actor_email: Option<&'a str>,
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: Option<&'a str>,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
    pub at: DateTime<Utc>,
}

/// Timestamps are kept to the microsecond, which both databases store
/// exactly, so the hash computed on insert matches the one recomputed later.
pub fn timestamp(now: DateTime<Utc>) -> DateTime<Utc> {
    now.trunc_subsecs(6)
}

/// SHA-256 (hex) of the previous hash and the content, serialised as a JSON
/// array so that no two different contents produce the same input.
pub fn entry_hash(prev: &str, c: &Content<'_>) -> String {
    let body = serde_json::json!([
        c.org_id.to_string(),
        c.actor_id.map(|id| id.to_string()),
        c.actor_email,
        c.action,
        c.entity_type,
        c.entity_id,
        c.before,
        c.after,
        c.at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
    ]);
    let mut hasher = Sha256::new();
    hasher.update(prev.as_bytes());
    hasher.update(b"\n");
    hasher.update(body.to_string().as_bytes());
    format!("{:x}", hasher.finalize())
}

/// Makes this transaction the only one appending to the organisation's
/// chain until it ends, and returns the hash to chain from. SQLite write
/// transactions are already exclusive; PostgreSQL takes a transaction-scoped
/// advisory lock on the organisation.
pub async fn head_for_append(tx: &mut Tx, org_id: Uuid) -> Result<String, sqlx::Error> {
    if let Tx::Postgres(tx) = tx {
        sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1::text, 7))")
            .bind(org_id)
            .execute(&mut **tx)
            .await?;
    }
    let head: Option<Option<String>> = with_tx!(tx, conn => sqlx::query_scalar(
        "SELECT entry_hash FROM audit_log WHERE org_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(org_id)
    .fetch_optional(conn)
    .await)?;
    Ok(head.flatten().unwrap_or_else(|| GENESIS.to_string()))
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    org_id: Uuid,
    actor_id: Option<Uuid>,
    actor_email: Option<String>,
    action: String,
    entity_type: String,
    entity_id: Option<String>,
    before_json: Option<String>,
    after_json: Option<String>,
    created_at: DateTime<Utc>,
    prev_hash: Option<String>,
    entry_hash: Option<String>,
}

impl Row {
    fn content(&self) -> Content<'_> {
        Content {
            org_id: self.org_id,
            actor_id: self.actor_id,
            actor_email: self.actor_email.as_deref(),
            action: &self.action,
            entity_type: &self.entity_type,
            entity_id: self.entity_id.as_deref(),
            before: self.before_json.as_deref(),
            after: self.after_json.as_deref(),
            at: self.created_at,
        }
    }
}

const PAGE: i64 = 5_000;
const COLUMNS: &str = "id, org_id, actor_id, actor_email, action, entity_type, entity_id, \
                       before_json, after_json, created_at, prev_hash, entry_hash";

async fn page_after(db: &Db, org_id: Uuid, after_id: i64) -> Result<Vec<Row>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM audit_log WHERE org_id = $1 AND id > $2 ORDER BY id LIMIT {PAGE}"
    );
    with_db!(db, pool => sqlx::query_as::<_, Row>(&sql)
        .bind(org_id)
        .bind(after_id)
        .fetch_all(pool)
        .await)
}

/// Walks the organisation's whole chain and reports the first entry that
/// does not fit: its content changed, its link to the entry before it is
/// wrong (an entry was removed or moved), or it was never sealed.
pub async fn check(db: &Db, org_id: Uuid) -> Result<ChainCheck, sqlx::Error> {
    let mut prev = GENESIS.to_string();
    let mut entries = 0i64;
    let mut last_id = 0i64;
    loop {
        let rows = page_after(db, org_id, last_id).await?;
        let Some(last) = rows.last() else { break };
        last_id = last.id;
        for row in &rows {
            entries += 1;
            let problem = match (&row.prev_hash, &row.entry_hash) {
                (None, _) | (_, None) => Some("was never sealed into the chain"),
                (Some(p), _) if *p != prev => Some(
                    "does not follow the entry before it: an entry was removed, added or moved",
                ),
                (Some(p), Some(h)) if entry_hash(p, &row.content()) != *h => {
                    Some("was changed after it was written")
                }
                _ => None,
            };
            if let Some(problem) = problem {
                return Ok(ChainCheck {
                    entries,
                    head: None,
                    broken: Some(ChainBreak {
                        id: row.id,
                        action: row.action.clone(),
                        at: row.created_at,
                        problem: problem.to_string(),
                    }),
                });
            }
            prev = row.entry_hash.clone().unwrap_or_default();
        }
    }
    Ok(ChainCheck {
        entries,
        head: (entries > 0).then_some(prev),
        broken: None,
    })
}

/// Every organisation with an audit log, for the command-line check.
pub async fn organisations(db: &Db) -> Result<Vec<(Uuid, String)>, sqlx::Error> {
    with_db!(db, pool => sqlx::query_as::<_, (Uuid, String)>(
        "SELECT o.id, o.name FROM organisations o \
         WHERE EXISTS (SELECT 1 FROM audit_log a WHERE a.org_id = o.id) ORDER BY o.name, o.id",
    )
    .fetch_all(pool)
    .await)
}

/// Seals entries written before the chain existed, in order, once. Runs at
/// start-up; an organisation is sealed inside one transaction holding its
/// chain lock, so two servers starting together cannot seal it twice.
pub async fn seal_unsealed(db: &Db) -> Result<u64, sqlx::Error> {
    let orgs: Vec<Uuid> = with_db!(db, pool => sqlx::query_scalar(
        "SELECT DISTINCT org_id FROM audit_log WHERE entry_hash IS NULL",
    )
    .fetch_all(pool)
    .await)?;
    let mut sealed = 0;
    for org_id in orgs {
        let mut tx = db.begin().await?;
        head_for_append(&mut tx, org_id).await?;
        let sql = format!("SELECT {COLUMNS} FROM audit_log WHERE org_id = $1 ORDER BY id");
        let rows: Vec<Row> = with_tx!(&mut tx, conn => sqlx::query_as::<_, Row>(&sql)
            .bind(org_id)
            .fetch_all(conn)
            .await)?;
        let mut prev = GENESIS.to_string();
        for row in &rows {
            match &row.entry_hash {
                Some(hash) => prev = hash.clone(),
                None => {
                    let hash = entry_hash(&prev, &row.content());
                    with_tx!(&mut tx, conn => sqlx::query(
                        "UPDATE audit_log SET prev_hash = $1, entry_hash = $2 WHERE id = $3",
                    )
                    .bind(&prev)
                    .bind(&hash)
                    .bind(row.id)
                    .execute(conn)
                    .await
                    .map(|r| r.rows_affected()))?;
                    sealed += 1;
                    prev = hash;
                }
            }
        }
        tx.commit().await?;
    }
    Ok(sealed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(action: &str) -> Content<'_> {
        Content {
            org_id: Uuid::nil(),
            actor_id: None,
            actor_email: Some("a@example.com"),
            action,
            entity_type: "organisation",
            entity_id: None,
            before: None,
            after: Some("{\"name\":\"x\"}"),
            at: timestamp(Utc::now()),
        }
    }

    #[test]
    fn the_hash_covers_the_link_and_every_field() {
        let a = content("organisation.created");
        let base = entry_hash(GENESIS, &a);
        assert_eq!(base.len(), 64);
        assert_eq!(base, entry_hash(GENESIS, &a));
        assert_ne!(base, entry_hash(&base, &a), "the previous hash counts");
        assert_ne!(base, entry_hash(GENESIS, &content("organisation.renamed")));
        let moved = Content {
            entity_id: Some("x"),
            ..content("organisation.created")
        };
        assert_ne!(base, entry_hash(GENESIS, &moved));
    }

    #[test]
    fn field_boundaries_cannot_be_shifted() {
        let one = Content {
            actor_email: Some("ab"),
            action: "c",
            ..content("")
        };
        let two = Content {
            actor_email: Some("a"),
            action: "bc",
            ..content("")
        };
        assert_ne!(entry_hash(GENESIS, &one), entry_hash(GENESIS, &two));
    }

    #[test]
    fn timestamps_keep_microseconds_only() {
        let at = timestamp(Utc::now());
        assert_eq!(at.timestamp_subsec_nanos() % 1_000, 0);
    }
}
