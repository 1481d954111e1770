//! Workshops in the database. A workshop is found through its organisation;
//! everything below it is reached only after that check.

use super::{Note, Participant, WorkshopStatus, WorkshopSummary};
use crate::db::{Db, Tx};
use crate::error::AppError;
use crate::{with_db, with_tx};
use chrono::{DateTime, Utc};
use uuid::Uuid;

#[derive(sqlx::FromRow, Clone)]
pub struct WorkshopRow {
    pub id: Uuid,
    pub title: String,
    pub status: String,
    pub facilitator_id: Option<Uuid>,
    pub facilitator: Option<String>,
    pub current_process_id: Option<Uuid>,
    pub current_step: Option<String>,
    pub created_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

impl WorkshopRow {
    pub fn status(&self) -> WorkshopStatus {
        WorkshopStatus::parse(&self.status).unwrap_or(WorkshopStatus::Closed)
    }
}

const SELECT: &str = "SELECT w.id, w.title, w.status, w.facilitator_id, u.name AS facilitator, w.current_process_id, \
     w.current_step, w.created_at, w.closed_at FROM workshops w LEFT JOIN users u ON u.id = w.facilitator_id \
     WHERE w.org_id = $1 AND w.id = $2";

pub async fn find(db: &Db, org_id: Uuid, id: Uuid) -> Result<WorkshopRow, AppError> {
    let row: Option<WorkshopRow> = with_db!(db, pool => sqlx::query_as(SELECT).bind(org_id).bind(id).fetch_optional(pool).await)?;
    row.ok_or_else(|| AppError::NotFound("Workshop".into()))
}

pub async fn find_in(tx: &mut Tx, org_id: Uuid, id: Uuid) -> Result<WorkshopRow, AppError> {
    let row: Option<WorkshopRow> = with_tx!(tx, conn => sqlx::query_as(SELECT).bind(org_id).bind(id).fetch_optional(conn).await)?;
    row.ok_or_else(|| AppError::NotFound("Workshop".into()))
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: Uuid,
    title: String,
    status: String,
    facilitator: Option<String>,
    processes: i64,
    decisions: i64,
    created_at: DateTime<Utc>,
}

pub async fn list(db: &Db, org_id: Uuid) -> Result<Vec<WorkshopSummary>, sqlx::Error> {
    let rows: Vec<SummaryRow> = with_db!(db, pool => sqlx::query_as(
        "SELECT w.id, w.title, w.status, u.name AS facilitator, \
         (SELECT COUNT(*) FROM workshop_processes p WHERE p.workshop_id = w.id) AS processes, \
         (SELECT COUNT(*) FROM workshop_decisions d WHERE d.workshop_id = w.id) AS decisions, w.created_at \
         FROM workshops w LEFT JOIN users u ON u.id = w.facilitator_id WHERE w.org_id = $1 ORDER BY w.created_at DESC",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await)?;
    Ok(rows
        .into_iter()
        .map(|r| WorkshopSummary {
            id: r.id,
            status: WorkshopStatus::parse(&r.status).unwrap_or(WorkshopStatus::Closed),
            title: r.title,
            facilitator: r.facilitator,
            processes: r.processes,
            decisions: r.decisions,
            created_at: r.created_at,
        })
        .collect())
}

pub async fn create(
    tx: &mut Tx,
    org_id: Uuid,
    facilitator: Uuid,
    title: &str,
    processes: &[Uuid],
    first_step: &str,
) -> Result<Uuid, AppError> {
    let id = Uuid::new_v4();
    let now = Utc::now();
    with_tx!(tx, conn => sqlx::query(
        "INSERT INTO workshops (id, org_id, title, facilitator_id, status, current_process_id, current_step, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 'open', $5, $6, $7, $7)",
    )
    .bind(id)
    .bind(org_id)
    .bind(title)
    .bind(facilitator)
    .bind(processes.first().copied())
    .bind(first_step)
    .bind(now)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    for (position, process) in processes.iter().enumerate() {
        with_tx!(tx, conn => sqlx::query(
            "INSERT INTO workshop_processes (workshop_id, process_id, position) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(process)
        .bind(position as i64)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    }
    Ok(id)
}

/// The workshop's processes in order: (id, name, department).
pub async fn processes(
    db: &Db,
    workshop: Uuid,
) -> Result<Vec<(Uuid, String, String)>, sqlx::Error> {
    with_db!(db, pool => sqlx::query_as(
        "SELECT p.id, p.name, p.department FROM workshop_processes wp JOIN processes p ON p.id = wp.process_id \
         WHERE wp.workshop_id = $1 ORDER BY wp.position",
    )
    .bind(workshop)
    .fetch_all(pool)
    .await)
}

pub async fn has_process(tx: &mut Tx, workshop: Uuid, process: Uuid) -> Result<bool, sqlx::Error> {
    let found: Option<i32> = with_tx!(tx, conn => sqlx::query_scalar(
        "SELECT 1 FROM workshop_processes WHERE workshop_id = $1 AND process_id = $2",
    )
    .bind(workshop)
    .bind(process)
    .fetch_optional(conn)
    .await)?;
    Ok(found.is_some())
}

pub async fn participants(db: &Db, workshop: Uuid) -> Result<Vec<Participant>, sqlx::Error> {
    let rows: Vec<(Uuid, String, DateTime<Utc>)> = with_db!(db, pool => sqlx::query_as(
        "SELECT u.id, u.name, wp.joined_at FROM workshop_participants wp JOIN users u ON u.id = wp.user_id \
         WHERE wp.workshop_id = $1 ORDER BY wp.joined_at",
    )
    .bind(workshop)
    .fetch_all(pool)
    .await)?;
    Ok(rows
        .into_iter()
        .map(|(user_id, name, joined_at)| Participant {
            user_id,
            name,
            joined_at,
        })
        .collect())
}

/// Adds the user to the workshop; true when they were not in it yet.
pub async fn join(tx: &mut Tx, workshop: Uuid, user: Uuid) -> Result<bool, sqlx::Error> {
    let added = with_tx!(tx, conn => sqlx::query(
        "INSERT INTO workshop_participants (workshop_id, user_id, joined_at) VALUES ($1, $2, $3) \
         ON CONFLICT (workshop_id, user_id) DO NOTHING",
    )
    .bind(workshop)
    .bind(user)
    .bind(Utc::now())
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(added > 0)
}

#[derive(sqlx::FromRow)]
pub struct ProposalRow {
    pub process_id: Uuid,
    pub step: String,
    pub user_id: Uuid,
    pub name: String,
    pub values_json: String,
    pub comment: String,
    pub updated_at: DateTime<Utc>,
}

pub async fn proposals(
    db: &Db,
    workshop: Uuid,
    process: Uuid,
    step: &str,
) -> Result<Vec<ProposalRow>, sqlx::Error> {
    with_db!(db, pool => sqlx::query_as(
        "SELECT p.process_id, p.step, p.user_id, u.name, p.values_json, p.comment, p.updated_at \
         FROM workshop_proposals p JOIN users u ON u.id = p.user_id \
         WHERE p.workshop_id = $1 AND p.process_id = $2 AND p.step = $3 ORDER BY u.name",
    )
    .bind(workshop)
    .bind(process)
    .bind(step)
    .fetch_all(pool)
    .await)
}

pub async fn propose(
    tx: &mut Tx,
    workshop: Uuid,
    process: Uuid,
    step: &str,
    user: Uuid,
    values: &[Option<i64>],
    comment: &str,
) -> Result<(), AppError> {
    let json = serde_json::to_string(values).map_err(|_| AppError::Internal)?;
    with_tx!(tx, conn => sqlx::query(
        "INSERT INTO workshop_proposals (workshop_id, process_id, step, user_id, values_json, comment, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (workshop_id, process_id, step, user_id) \
         DO UPDATE SET values_json = excluded.values_json, comment = excluded.comment, updated_at = excluded.updated_at",
    )
    .bind(workshop)
    .bind(process)
    .bind(step)
    .bind(user)
    .bind(json)
    .bind(comment)
    .bind(Utc::now())
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(sqlx::FromRow)]
pub struct DecisionRow {
    pub process_id: Uuid,
    pub process: String,
    pub step: String,
    pub values_json: String,
    pub agreed_email: String,
    pub agreed_at: DateTime<Utc>,
}

pub async fn decisions(db: &Db, workshop: Uuid) -> Result<Vec<DecisionRow>, sqlx::Error> {
    with_db!(db, pool => sqlx::query_as(
        "SELECT d.process_id, p.name AS process, d.step, d.values_json, d.agreed_email, d.agreed_at \
         FROM workshop_decisions d JOIN processes p ON p.id = d.process_id \
         JOIN workshop_processes wp ON wp.workshop_id = d.workshop_id AND wp.process_id = d.process_id \
         WHERE d.workshop_id = $1 ORDER BY wp.position, d.agreed_at",
    )
    .bind(workshop)
    .fetch_all(pool)
    .await)
}

pub async fn decide(
    tx: &mut Tx,
    workshop: Uuid,
    process: Uuid,
    step: &str,
    values: &[Option<i64>],
    agreed_email: &str,
) -> Result<(), AppError> {
    let json = serde_json::to_string(values).map_err(|_| AppError::Internal)?;
    with_tx!(tx, conn => sqlx::query(
        "INSERT INTO workshop_decisions (workshop_id, process_id, step, values_json, agreed_email, agreed_at) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (workshop_id, process_id, step) \
         DO UPDATE SET values_json = excluded.values_json, agreed_email = excluded.agreed_email, agreed_at = excluded.agreed_at",
    )
    .bind(workshop)
    .bind(process)
    .bind(step)
    .bind(json)
    .bind(agreed_email)
    .bind(Utc::now())
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn set_position(
    tx: &mut Tx,
    workshop: Uuid,
    process: Uuid,
    step: &str,
) -> Result<(), sqlx::Error> {
    with_tx!(tx, conn => sqlx::query(
        "UPDATE workshops SET current_process_id = $1, current_step = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(process)
    .bind(step)
    .bind(Utc::now())
    .bind(workshop)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn set_status(
    tx: &mut Tx,
    workshop: Uuid,
    status: WorkshopStatus,
) -> Result<(), sqlx::Error> {
    let now = Utc::now();
    let closed_at = (status == WorkshopStatus::Closed).then_some(now);
    with_tx!(tx, conn => sqlx::query(
        "UPDATE workshops SET status = $1, closed_at = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(status.as_str())
    .bind(closed_at)
    .bind(now)
    .bind(workshop)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn add_note(
    tx: &mut Tx,
    workshop: Uuid,
    process: Option<Uuid>,
    text: &str,
    author: &str,
) -> Result<(), sqlx::Error> {
    with_tx!(tx, conn => sqlx::query(
        "INSERT INTO workshop_notes (workshop_id, process_id, text, author_email, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(workshop)
    .bind(process)
    .bind(text)
    .bind(author)
    .bind(Utc::now())
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn notes(db: &Db, workshop: Uuid) -> Result<Vec<Note>, sqlx::Error> {
    let rows: Vec<(Option<String>, String, String, DateTime<Utc>)> = with_db!(db, pool => sqlx::query_as(
        "SELECT p.name, n.text, n.author_email, n.created_at FROM workshop_notes n \
         LEFT JOIN processes p ON p.id = n.process_id WHERE n.workshop_id = $1 ORDER BY n.id",
    )
    .bind(workshop)
    .fetch_all(pool)
    .await)?;
    Ok(rows
        .into_iter()
        .map(|(process, text, author, created_at)| Note {
            process,
            text,
            author,
            created_at,
        })
        .collect())
}
