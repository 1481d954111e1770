//! Each organisation's answer per control.

use crate::audit::ssr::{Actor, Change, record};
use crate::controls::Answer;
use crate::controls::status::Status;
use crate::db::{Db, Tx};
use crate::{with_db, with_tx};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

#[derive(sqlx::FromRow)]
struct Row {
    #[sqlx(rename = "ref")]
    id: String,
    status: String,
    justification: String,
    owner_id: Option<Uuid>,
    owner: Option<String>,
    due_on: Option<NaiveDate>,
    notes: String,
    updated_by: Option<String>,
    updated_at: DateTime<Utc>,
}

/// Answers for one framework by control id, each with its owner's name.
pub async fn for_framework(
    db: &Db,
    org_id: Uuid,
    framework: &str,
) -> Result<HashMap<String, (Answer, Option<String>)>, sqlx::Error> {
    let rows: Vec<Row> = with_db!(db, pool => sqlx::query_as(
        "SELECT a.ref, a.status, a.justification, a.owner_id, o.name AS owner, a.due_on, a.notes, \
         u.name AS updated_by, a.updated_at \
         FROM control_answers a \
         LEFT JOIN users o ON o.id = a.owner_id \
         LEFT JOIN users u ON u.id = a.updated_by \
         WHERE a.org_id = $1 AND a.framework = $2",
    )
    .bind(org_id)
    .bind(framework)
    .fetch_all(pool)
    .await)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.id,
                (
                    Answer {
                        status: Status::parse(&r.status).unwrap_or_default(),
                        justification: r.justification,
                        owner_id: r.owner_id,
                        due_on: r.due_on,
                        notes: r.notes,
                        updated_by: r.updated_by,
                        updated_at: Some(r.updated_at),
                    },
                    r.owner,
                ),
            )
        })
        .collect())
}

pub async fn save(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    framework: &str,
    id: &str,
    before: Option<&Answer>,
    answer: &Answer,
) -> Result<(), sqlx::Error> {
    with_tx!(tx, conn => sqlx::query(
        "INSERT INTO control_answers (org_id, framework, ref, status, justification, owner_id, due_on, notes, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         ON CONFLICT (org_id, framework, ref) DO UPDATE SET status = excluded.status, \
         justification = excluded.justification, owner_id = excluded.owner_id, due_on = excluded.due_on, \
         notes = excluded.notes, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    )
    .bind(org_id)
    .bind(framework)
    .bind(id)
    .bind(answer.status.as_str())
    .bind(&answer.justification)
    .bind(answer.owner_id)
    .bind(answer.due_on)
    .bind(&answer.notes)
    .bind(actor.id)
    .bind(Utc::now())
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    let describe = |a: &Answer| {
        json!({
            "status": a.status.as_str(),
            "justification": a.justification,
            "owner_id": a.owner_id,
            "due_on": a.due_on,
            "notes": a.notes,
        })
    };
    record(
        tx,
        org_id,
        actor,
        Change {
            action: "control.answered",
            entity_type: "control",
            entity_id: Some(format!("{framework}:{id}")),
            before: before.map(describe),
            after: Some(describe(answer)),
        },
    )
    .await
}
