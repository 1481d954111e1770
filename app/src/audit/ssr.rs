//! Writing and reading the append-only audit log. Entries are written in the
//! same transaction as the change they describe, so neither exists without
//! the other.

use super::chain;
use super::{AuditEntry, AuditFilter, AuditPage};
use crate::db::{Db, Tx};
use crate::{with_db, with_tx};
use chrono::{DateTime, Utc};
use serde_json::Value;
use uuid::Uuid;

/// Who made a change. The email is copied into the entry so the log still
/// says who it was after the account is gone.
#[derive(Clone, Debug)]
pub struct Actor {
    pub id: Uuid,
    pub email: String,
}

pub struct Change {
    pub action: &'static str,
    pub entity_type: &'static str,
    pub entity_id: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

pub async fn record(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    change: Change,
) -> Result<(), sqlx::Error> {
    crate::auth::ssr::forget_head();
    let before = change.before.map(|v| v.to_string());
    let after = change.after.map(|v| v.to_string());
    let at = chain::timestamp(Utc::now());
    let prev = chain::head_for_append(tx, org_id).await?;
    let hash = chain::entry_hash(
        &prev,
        &chain::Content {
            org_id,
            actor_id: Some(actor.id),
            actor_email: Some(&actor.email),
            action: change.action,
            entity_type: change.entity_type,
            entity_id: change.entity_id.as_deref(),
            before: before.as_deref(),
            after: after.as_deref(),
            at,
        },
    );
    with_tx!(tx, conn => sqlx::query(
        "INSERT INTO audit_log (org_id, actor_id, actor_email, action, entity_type, entity_id, before_json, after_json, created_at, prev_hash, entry_hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(org_id)
    .bind(actor.id)
    .bind(&actor.email)
    .bind(change.action)
    .bind(change.entity_type)
    .bind(change.entity_id)
    .bind(before)
    .bind(after)
    .bind(at)
    .bind(prev)
    .bind(hash)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    actor_email: Option<String>,
    action: String,
    entity_type: String,
    entity_id: Option<String>,
    before_json: Option<String>,
    after_json: Option<String>,
    created_at: DateTime<Utc>,
}

/// One page of the organisation's log, newest first. `filter.before_id`
/// pages backwards; every condition is bound, never spliced into the SQL.
pub async fn list(
    db: &Db,
    org_id: Uuid,
    filter: &AuditFilter,
    page_size: i64,
) -> Result<AuditPage, sqlx::Error> {
    let mut sql = String::from(
        "SELECT id, actor_email, action, entity_type, entity_id, before_json, after_json, created_at \
         FROM audit_log WHERE org_id = $1",
    );
    let mut n = 1;
    let mut next = |sql: &mut String, clause: &str| {
        n += 1;
        sql.push_str(&clause.replace('?', &format!("${n}")));
    };
    if filter.action.is_some() {
        next(&mut sql, " AND action = ?");
    }
    if filter.entity_type.is_some() {
        next(&mut sql, " AND entity_type = ?");
    }
    if filter.actor.is_some() {
        next(&mut sql, " AND actor_email = ?");
    }
    if filter.from.is_some() {
        next(&mut sql, " AND created_at >= ?");
    }
    if filter.until.is_some() {
        next(&mut sql, " AND created_at < ?");
    }
    if filter.before_id.is_some() {
        next(&mut sql, " AND id < ?");
    }
    sql.push_str(" ORDER BY id DESC LIMIT ");
    sql.push_str(&(page_size + 1).to_string());

    let from = filter
        .from
        .map(|d| d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc());
    let until = filter
        .until
        .and_then(|d| d.succ_opt())
        .map(|d| d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc());
    let mut rows: Vec<Row> = with_db!(db, pool => {
        let mut query = sqlx::query_as::<_, Row>(&sql).bind(org_id);
        if let Some(action) = &filter.action {
            query = query.bind(action);
        }
        if let Some(entity_type) = &filter.entity_type {
            query = query.bind(entity_type);
        }
        if let Some(actor) = &filter.actor {
            query = query.bind(actor);
        }
        if let Some(from) = from {
            query = query.bind(from);
        }
        if let Some(until) = until {
            query = query.bind(until);
        }
        if let Some(before_id) = filter.before_id {
            query = query.bind(before_id);
        }
        query.fetch_all(pool).await
    })?;
    let has_more = rows.len() as i64 > page_size;
    rows.truncate(page_size as usize);
    let entries: Vec<AuditEntry> = rows
        .into_iter()
        .map(|r| AuditEntry {
            id: r.id,
            actor_email: r.actor_email,
            action: r.action,
            entity_type: r.entity_type,
            entity_id: r.entity_id,
            before: r.before_json,
            after: r.after_json,
            at: r.created_at,
        })
        .collect();
    let older = if has_more {
        entries.last().map(|e| e.id)
    } else {
        None
    };
    Ok(AuditPage { entries, older })
}

/// The distinct actors in the log, for the filter menu.
pub async fn actors(db: &Db, org_id: Uuid) -> Result<Vec<String>, sqlx::Error> {
    with_db!(db, pool => sqlx::query_scalar::<_, String>(
        "SELECT DISTINCT actor_email FROM audit_log WHERE org_id = $1 AND actor_email IS NOT NULL ORDER BY actor_email",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await)
}
