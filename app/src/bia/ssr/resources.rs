//! What processes depend on: systems, suppliers, sites and key roles.

use crate::audit::ssr::{Actor, Change, record};
use crate::bia::ResourceRecord;
use crate::bia::rollup::NodeKind;
use crate::db::{Db, Tx};
use crate::error::AppError;
use crate::{with_db, with_tx};
use chrono::Utc;
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResourceFields {
    pub kind: NodeKind,
    pub name: String,
    pub owner_id: Option<Uuid>,
    pub category: String,
    pub contact: String,
    pub rto: Option<i64>,
    pub rpo: Option<i64>,
    pub notes: String,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    kind: String,
    name: String,
    owner_id: Option<Uuid>,
    owner: Option<String>,
    category: String,
    contact: String,
    rto_minutes: Option<i64>,
    rpo_minutes: Option<i64>,
    notes: String,
}

const SELECT: &str = "SELECT r.id, r.kind, r.name, r.owner_id, u.name AS owner, r.category, r.contact, \
     r.rto_minutes, r.rpo_minutes, r.notes FROM resources r LEFT JOIN users u ON u.id = r.owner_id WHERE r.org_id = $1";

fn decode(row: Row) -> ResourceRecord {
    ResourceRecord {
        id: row.id,
        kind: NodeKind::parse(&row.kind).unwrap_or(NodeKind::System),
        name: row.name,
        owner_id: row.owner_id,
        owner: row.owner,
        category: row.category,
        contact: row.contact,
        rto: row.rto_minutes,
        rpo: row.rpo_minutes,
        notes: row.notes,
    }
}

pub async fn list(db: &Db, org_id: Uuid) -> Result<Vec<ResourceRecord>, sqlx::Error> {
    let sql = format!("{SELECT} ORDER BY r.kind, r.name");
    let rows: Vec<Row> =
        with_db!(db, pool => sqlx::query_as(&sql).bind(org_id).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(decode).collect())
}

pub async fn find_in(tx: &mut Tx, org_id: Uuid, id: Uuid) -> Result<ResourceRecord, AppError> {
    let sql = format!("{SELECT} AND r.id = $2");
    let row: Option<Row> = with_tx!(tx, conn => sqlx::query_as(&sql).bind(org_id).bind(id).fetch_optional(conn).await)?;
    row.map(decode)
        .ok_or_else(|| AppError::NotFound("Dependency".into()))
}

async fn name_taken(
    tx: &mut Tx,
    org_id: Uuid,
    fields: &ResourceFields,
    except: Option<Uuid>,
) -> Result<bool, AppError> {
    let found: Option<Uuid> = with_tx!(tx, conn => sqlx::query_scalar(
        "SELECT id FROM resources WHERE org_id = $1 AND kind = $2 AND lower(name) = lower($3)",
    )
    .bind(org_id)
    .bind(fields.kind.as_str())
    .bind(&fields.name)
    .fetch_optional(conn)
    .await)?;
    Ok(found.is_some_and(|id| Some(id) != except))
}

fn duplicate(fields: &ResourceFields) -> AppError {
    AppError::field(
        "name",
        format!(
            "A {} called “{}” already exists.",
            fields.kind.label().to_lowercase(),
            fields.name
        ),
    )
}

pub async fn create(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    fields: &ResourceFields,
) -> Result<Uuid, AppError> {
    if name_taken(tx, org_id, fields, None).await? {
        return Err(duplicate(fields));
    }
    super::check_owner(tx, org_id, fields.owner_id).await?;
    let id = Uuid::new_v4();
    let now = Utc::now();
    with_tx!(tx, conn => sqlx::query(
        "INSERT INTO resources (id, org_id, kind, name, owner_id, category, contact, rto_minutes, rpo_minutes, notes, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
    )
    .bind(id)
    .bind(org_id)
    .bind(fields.kind.as_str())
    .bind(&fields.name)
    .bind(fields.owner_id)
    .bind(&fields.category)
    .bind(&fields.contact)
    .bind(fields.rto)
    .bind(fields.rpo)
    .bind(&fields.notes)
    .bind(now)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    record(
        tx,
        org_id,
        actor,
        Change {
            action: "bia.resource.created",
            entity_type: fields.kind.as_str(),
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
    fields: &ResourceFields,
) -> Result<(), AppError> {
    let before = find_in(tx, org_id, id).await?;
    if before.kind != fields.kind {
        return Err(AppError::field(
            "kind",
            "The kind of a dependency cannot change; add a new one instead.",
        ));
    }
    if name_taken(tx, org_id, fields, Some(id)).await? {
        return Err(duplicate(fields));
    }
    super::check_owner(tx, org_id, fields.owner_id).await?;
    let before_fields = ResourceFields {
        kind: before.kind,
        name: before.name,
        owner_id: before.owner_id,
        category: before.category,
        contact: before.contact,
        rto: before.rto,
        rpo: before.rpo,
        notes: before.notes,
    };
    if &before_fields == fields {
        return Ok(());
    }
    with_tx!(tx, conn => sqlx::query(
        "UPDATE resources SET name = $1, owner_id = $2, category = $3, contact = $4, rto_minutes = $5, rpo_minutes = $6, \
         notes = $7, updated_at = $8 WHERE org_id = $9 AND id = $10",
    )
    .bind(&fields.name)
    .bind(fields.owner_id)
    .bind(&fields.category)
    .bind(&fields.contact)
    .bind(fields.rto)
    .bind(fields.rpo)
    .bind(&fields.notes)
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
            action: "bia.resource.updated",
            entity_type: fields.kind.as_str(),
            entity_id: Some(id.to_string()),
            before: Some(json!(before_fields)),
            after: Some(json!(fields)),
        },
    )
    .await?;
    super::review::changed(tx, org_id, actor).await
}

pub async fn delete(tx: &mut Tx, org_id: Uuid, actor: &Actor, id: Uuid) -> Result<(), AppError> {
    let before = find_in(tx, org_id, id).await?;
    super::graph::detach(tx, org_id, id).await?;
    with_tx!(tx, conn => sqlx::query("DELETE FROM resources WHERE org_id = $1 AND id = $2")
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
            action: "bia.resource.deleted",
            entity_type: before.kind.as_str(),
            entity_id: Some(id.to_string()),
            before: Some(json!({ "name": before.name })),
            after: None,
        },
    )
    .await?;
    super::review::changed(tx, org_id, actor).await
}
