//! Business processes and their assessments.

use crate::audit::ssr::{Actor, Change, record};
use crate::bia::ProcessRecord;
use crate::bia::derive::{Assessment, Objectives};
use crate::db::{Db, Tx};
use crate::error::AppError;
use crate::{with_db, with_tx};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

/// The editable text fields of a process, already validated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcessFields {
    pub name: String,
    pub department: String,
    pub owner_id: Option<Uuid>,
    pub description: String,
    pub products: String,
    pub peak_periods: String,
    pub mbco: String,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    name: String,
    department: String,
    owner_id: Option<Uuid>,
    owner: Option<String>,
    description: String,
    products: String,
    peak_periods: String,
    mbco: String,
    rto_minutes: Option<i64>,
    rpo_minutes: Option<i64>,
    wrt_minutes: Option<i64>,
    assessment_json: String,
    updated_at: DateTime<Utc>,
}

/// A process with its assessment.
#[derive(Debug, Clone)]
pub struct Stored {
    pub record: ProcessRecord,
    pub assessment: Assessment,
}

impl Stored {
    pub fn objectives(&self) -> Objectives {
        Objectives {
            rto: self.record.rto,
            rpo: self.record.rpo,
            wrt: self.record.wrt,
        }
    }
}

const SELECT: &str = "SELECT p.id, p.name, p.department, p.owner_id, u.name AS owner, p.description, p.products, \
     p.peak_periods, p.mbco, p.rto_minutes, p.rpo_minutes, p.wrt_minutes, p.assessment_json, p.updated_at \
     FROM processes p LEFT JOIN users u ON u.id = p.owner_id WHERE p.org_id = $1";

fn decode(row: Row) -> Stored {
    // A damaged assessment must not take the whole BIA down; it reads as empty.
    let assessment = serde_json::from_str(&row.assessment_json).unwrap_or_else(|e| {
        tracing::error!(error = %e, process = %row.id, "unreadable assessment");
        Assessment::default()
    });
    Stored {
        record: ProcessRecord {
            id: row.id,
            name: row.name,
            department: row.department,
            owner_id: row.owner_id,
            owner: row.owner,
            description: row.description,
            products: row.products,
            peak_periods: row.peak_periods,
            mbco: row.mbco,
            rto: row.rto_minutes,
            rpo: row.rpo_minutes,
            wrt: row.wrt_minutes,
            updated_at: row.updated_at,
        },
        assessment,
    }
}

pub async fn list(db: &Db, org_id: Uuid) -> Result<Vec<Stored>, sqlx::Error> {
    let sql = format!("{SELECT} ORDER BY p.department, p.name");
    let rows: Vec<Row> =
        with_db!(db, pool => sqlx::query_as(&sql).bind(org_id).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(decode).collect())
}

pub async fn find(db: &Db, org_id: Uuid, id: Uuid) -> Result<Stored, AppError> {
    let sql = format!("{SELECT} AND p.id = $2");
    let row: Option<Row> = with_db!(db, pool => sqlx::query_as(&sql).bind(org_id).bind(id).fetch_optional(pool).await)?;
    row.map(decode)
        .ok_or_else(|| AppError::NotFound("Process".into()))
}

pub async fn find_in(tx: &mut Tx, org_id: Uuid, id: Uuid) -> Result<Stored, AppError> {
    let sql = format!("{SELECT} AND p.id = $2");
    let row: Option<Row> = with_tx!(tx, conn => sqlx::query_as(&sql).bind(org_id).bind(id).fetch_optional(conn).await)?;
    row.map(decode)
        .ok_or_else(|| AppError::NotFound("Process".into()))
}

pub async fn find_by_name(
    tx: &mut Tx,
    org_id: Uuid,
    name: &str,
) -> Result<Option<Stored>, AppError> {
    let sql = format!("{SELECT} AND lower(p.name) = lower($2)");
    let row: Option<Row> = with_tx!(tx, conn => sqlx::query_as(&sql).bind(org_id).bind(name).fetch_optional(conn).await)?;
    Ok(row.map(decode))
}

async fn name_taken(
    tx: &mut Tx,
    org_id: Uuid,
    name: &str,
    except: Option<Uuid>,
) -> Result<bool, AppError> {
    let found: Option<Uuid> = with_tx!(tx, conn => sqlx::query_scalar(
        "SELECT id FROM processes WHERE org_id = $1 AND lower(name) = lower($2)",
    )
    .bind(org_id)
    .bind(name)
    .fetch_optional(conn)
    .await)?;
    Ok(found.is_some_and(|id| Some(id) != except))
}

pub async fn create(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    fields: &ProcessFields,
) -> Result<Uuid, AppError> {
    if name_taken(tx, org_id, &fields.name, None).await? {
        return Err(AppError::field(
            "name",
            format!("A process called “{}” already exists.", fields.name),
        ));
    }
    super::check_owner(tx, org_id, fields.owner_id).await?;
    let id = Uuid::new_v4();
    let now = Utc::now();
    with_tx!(tx, conn => sqlx::query(
        "INSERT INTO processes (id, org_id, name, department, owner_id, description, products, peak_periods, mbco, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
    )
    .bind(id)
    .bind(org_id)
    .bind(&fields.name)
    .bind(&fields.department)
    .bind(fields.owner_id)
    .bind(&fields.description)
    .bind(&fields.products)
    .bind(&fields.peak_periods)
    .bind(&fields.mbco)
    .bind(now)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    record(
        tx,
        org_id,
        actor,
        Change {
            action: "bia.process.created",
            entity_type: "process",
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(json!(fields)),
        },
    )
    .await?;
    super::review::changed(tx, org_id, actor).await?;
    Ok(id)
}

pub async fn update(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    id: Uuid,
    fields: &ProcessFields,
) -> Result<(), AppError> {
    let before = find_in(tx, org_id, id).await?.record;
    if name_taken(tx, org_id, &fields.name, Some(id)).await? {
        return Err(AppError::field(
            "name",
            format!("A process called “{}” already exists.", fields.name),
        ));
    }
    super::check_owner(tx, org_id, fields.owner_id).await?;
    with_tx!(tx, conn => sqlx::query(
        "UPDATE processes SET name = $1, department = $2, owner_id = $3, description = $4, products = $5, \
         peak_periods = $6, mbco = $7, updated_at = $8 WHERE org_id = $9 AND id = $10",
    )
    .bind(&fields.name)
    .bind(&fields.department)
    .bind(fields.owner_id)
    .bind(&fields.description)
    .bind(&fields.products)
    .bind(&fields.peak_periods)
    .bind(&fields.mbco)
    .bind(Utc::now())
    .bind(org_id)
    .bind(id)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    let before_fields = ProcessFields {
        name: before.name,
        department: before.department,
        owner_id: before.owner_id,
        description: before.description,
        products: before.products,
        peak_periods: before.peak_periods,
        mbco: before.mbco,
    };
    if &before_fields != fields {
        record(
            tx,
            org_id,
            actor,
            Change {
                action: "bia.process.updated",
                entity_type: "process",
                entity_id: Some(id.to_string()),
                before: Some(json!(before_fields)),
                after: Some(json!(fields)),
            },
        )
        .await?;
        super::review::changed(tx, org_id, actor).await?;
    }
    Ok(())
}

pub async fn set_objectives(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    id: Uuid,
    objectives: Objectives,
) -> Result<(), AppError> {
    let before = find_in(tx, org_id, id).await?.objectives();
    if before == objectives {
        return Ok(());
    }
    with_tx!(tx, conn => sqlx::query(
        "UPDATE processes SET rto_minutes = $1, rpo_minutes = $2, wrt_minutes = $3, updated_at = $4 WHERE org_id = $5 AND id = $6",
    )
    .bind(objectives.rto)
    .bind(objectives.rpo)
    .bind(objectives.wrt)
    .bind(Utc::now())
    .bind(org_id)
    .bind(id)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    record(
        tx,
        org_id,
        actor,
        Change {
            action: "bia.objectives.changed",
            entity_type: "process",
            entity_id: Some(id.to_string()),
            before: Some(json!(before)),
            after: Some(json!(objectives)),
        },
    )
    .await?;
    super::review::changed(tx, org_id, actor).await
}

/// Replaces the assessment (already checked). `action` says how it was
/// decided: edited directly, agreed in a workshop, or imported.
pub async fn set_assessment(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    id: Uuid,
    assessment: &Assessment,
    action: &'static str,
    context: serde_json::Value,
) -> Result<(), AppError> {
    let before = find_in(tx, org_id, id).await?.assessment;
    if &before == assessment {
        return Ok(());
    }
    let json = serde_json::to_string(assessment).map_err(|_| AppError::Internal)?;
    with_tx!(tx, conn => sqlx::query("UPDATE processes SET assessment_json = $1, updated_at = $2 WHERE org_id = $3 AND id = $4")
        .bind(json)
        .bind(Utc::now())
        .bind(org_id)
        .bind(id)
        .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    let mut after = json!({ "assessment": assessment });
    if let (Some(obj), serde_json::Value::Object(extra)) = (after.as_object_mut(), context) {
        obj.extend(extra);
    }
    record(
        tx,
        org_id,
        actor,
        Change {
            action,
            entity_type: "process",
            entity_id: Some(id.to_string()),
            before: Some(json!({ "assessment": before })),
            after: Some(after),
        },
    )
    .await?;
    super::review::changed(tx, org_id, actor).await
}

pub async fn delete(tx: &mut Tx, org_id: Uuid, actor: &Actor, id: Uuid) -> Result<(), AppError> {
    let before = find_in(tx, org_id, id).await?.record;
    super::graph::detach(tx, org_id, id).await?;
    with_tx!(tx, conn => sqlx::query("DELETE FROM processes WHERE org_id = $1 AND id = $2")
        .bind(org_id)
        .bind(id)
        .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    record(
        tx,
        org_id,
        actor,
        Change {
            action: "bia.process.deleted",
            entity_type: "process",
            entity_id: Some(id.to_string()),
            before: Some(json!({ "name": before.name, "department": before.department })),
            after: None,
        },
    )
    .await?;
    super::review::changed(tx, org_id, actor).await
}
