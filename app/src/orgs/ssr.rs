//! Organisations and memberships in the database.

use crate::audit::ssr::{Actor, Change, record};
use crate::auth::OrgMembership;
use crate::db::{Db, Tx};
use crate::error::AppError;
use crate::roles::Role;
use crate::{with_db, with_tx};
use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

pub(crate) fn parse_role(text: &str) -> Result<Role, sqlx::Error> {
    text.parse()
        .map_err(|_| sqlx::Error::Decode(format!("unknown role {text:?} in the database").into()))
}

pub async fn role_in(db: &Db, user_id: Uuid, org_id: Uuid) -> Result<Option<Role>, sqlx::Error> {
    let role: Option<String> = with_db!(db, pool => sqlx::query_scalar(
        "SELECT role FROM memberships WHERE user_id = $1 AND org_id = $2",
    )
    .bind(user_id)
    .bind(org_id)
    .fetch_optional(pool)
    .await)?;
    role.as_deref().map(parse_role).transpose()
}

#[derive(sqlx::FromRow)]
struct MembershipRow {
    org_id: Uuid,
    name: String,
    role: String,
    is_demo: bool,
}

/// The user's organisations, in name order.
pub async fn memberships_of(db: &Db, user_id: Uuid) -> Result<Vec<OrgMembership>, sqlx::Error> {
    let rows: Vec<MembershipRow> = with_db!(db, pool => sqlx::query_as(
        "SELECT o.id AS org_id, o.name, m.role, o.is_demo FROM memberships m \
         JOIN organisations o ON o.id = m.org_id WHERE m.user_id = $1 ORDER BY o.name, o.id",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await)?;
    rows.into_iter()
        .map(|r| {
            Ok(OrgMembership {
                org_id: r.org_id,
                name: r.name,
                role: parse_role(&r.role)?,
                is_demo: r.is_demo,
            })
        })
        .collect()
}

/// Creates an organisation with `owner` as its first owner.
pub async fn create(
    tx: &mut Tx,
    owner: &Actor,
    name: &str,
    is_demo: bool,
) -> Result<Uuid, AppError> {
    let org_id = Uuid::new_v4();
    let now = Utc::now();
    with_tx!(tx, conn => sqlx::query(
        "INSERT INTO organisations (id, name, is_demo, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(org_id)
    .bind(name)
    .bind(is_demo)
    .bind(now)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    record(
        tx,
        org_id,
        owner,
        Change {
            action: "organisation.created",
            entity_type: "organisation",
            entity_id: Some(org_id.to_string()),
            before: None,
            after: Some(json!({ "name": name })),
        },
    )
    .await?;
    add_member(tx, org_id, owner, owner, Role::Owner).await?;
    Ok(org_id)
}

/// Makes `member` a member with `role`, and logs it as done by `by`.
pub async fn add_member(
    tx: &mut Tx,
    org_id: Uuid,
    by: &Actor,
    member: &Actor,
    role: Role,
) -> Result<(), AppError> {
    let result = with_tx!(tx, conn => sqlx::query(
        "INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(org_id)
    .bind(member.id)
    .bind(role.as_str())
    .bind(Utc::now())
    .execute(conn)
    .await
    .map(|r| r.rows_affected()));
    match result {
        Ok(_) => {}
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            return Err(AppError::Conflict(
                "You are already a member of this organisation.".into(),
            ));
        }
        Err(e) => return Err(e.into()),
    }
    record(
        tx,
        org_id,
        by,
        Change {
            action: "member.joined",
            entity_type: "membership",
            entity_id: Some(member.id.to_string()),
            before: None,
            after: Some(json!({ "email": member.email, "role": role.as_str() })),
        },
    )
    .await?;
    Ok(())
}

/// The organisation's name and whether it is the demo organisation.
pub async fn find(db: &Db, org_id: Uuid) -> Result<Option<(String, bool)>, sqlx::Error> {
    with_db!(db, pool => sqlx::query_as("SELECT name, is_demo FROM organisations WHERE id = $1")
        .bind(org_id)
        .fetch_optional(pool)
        .await)
}

pub async fn rename(tx: &mut Tx, org_id: Uuid, actor: &Actor, name: &str) -> Result<(), AppError> {
    let before: Option<String> = with_tx!(tx, conn => sqlx::query_scalar(
        "SELECT name FROM organisations WHERE id = $1",
    )
    .bind(org_id)
    .fetch_optional(conn)
    .await)?;
    let before = before.ok_or_else(|| AppError::NotFound("Organisation".into()))?;
    if before == name {
        return Ok(());
    }
    with_tx!(tx, conn => sqlx::query("UPDATE organisations SET name = $1 WHERE id = $2")
        .bind(name)
        .bind(org_id)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    record(
        tx,
        org_id,
        actor,
        Change {
            action: "organisation.renamed",
            entity_type: "organisation",
            entity_id: Some(org_id.to_string()),
            before: Some(json!({ "name": before })),
            after: Some(json!({ "name": name })),
        },
    )
    .await?;
    Ok(())
}

pub async fn count(db: &Db) -> Result<i64, sqlx::Error> {
    with_db!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM organisations").fetch_one(pool).await)
}
