//! The impact scale and the review state of an organisation's BIA.

use crate::audit::ssr::{Actor, Change, record};
use crate::bia::scale::ImpactScale;
use crate::bia::{ApprovedBia, BiaStatus, Review};
use crate::db::{Db, Tx};
use crate::error::AppError;
use crate::{with_db, with_tx};
use chrono::{DateTime, Months, Utc};
use serde_json::json;
use uuid::Uuid;

#[derive(sqlx::FromRow)]
struct Row {
    scale_json: String,
    status: String,
    submitted_email: Option<String>,
    submitted_at: Option<DateTime<Utc>>,
    approved_email: Option<String>,
    approved_at: Option<DateTime<Utc>>,
    approval_comment: Option<String>,
    has_snapshot: bool,
    next_review_due: Option<DateTime<Utc>>,
}

const SELECT: &str = "SELECT scale_json, status, submitted_email, submitted_at, approved_email, approved_at, \
     approval_comment, approved_snapshot IS NOT NULL AS has_snapshot, next_review_due \
     FROM bia_settings WHERE org_id = $1";

fn decode(row: Option<Row>) -> Result<(ImpactScale, Review), AppError> {
    let Some(row) = row else {
        let scale = ImpactScale::default();
        let review = Review {
            status: BiaStatus::Draft,
            submitted_by: None,
            submitted_at: None,
            approved_by: None,
            approved_at: None,
            approval_comment: None,
            next_review_due: None,
            overdue: false,
            has_approved_version: false,
            review_months: scale.review_months,
        };
        return Ok((scale, review));
    };
    let scale: ImpactScale = serde_json::from_str(&row.scale_json).map_err(|e| {
        tracing::error!(error = %e, "unreadable impact scale");
        AppError::Internal
    })?;
    let review = Review {
        status: BiaStatus::parse(&row.status),
        submitted_by: row.submitted_email,
        submitted_at: row.submitted_at,
        approved_by: row.approved_email,
        approved_at: row.approved_at,
        approval_comment: row.approval_comment,
        overdue: row.next_review_due.is_some_and(|d| d < Utc::now()),
        next_review_due: row.next_review_due,
        has_approved_version: row.has_snapshot,
        review_months: scale.review_months,
    };
    Ok((scale, review))
}

pub async fn load(db: &Db, org_id: Uuid) -> Result<(ImpactScale, Review), AppError> {
    let row: Option<Row> =
        with_db!(db, pool => sqlx::query_as(SELECT).bind(org_id).fetch_optional(pool).await)?;
    decode(row)
}

pub async fn load_in(tx: &mut Tx, org_id: Uuid) -> Result<(ImpactScale, Review), AppError> {
    let row: Option<Row> =
        with_tx!(tx, conn => sqlx::query_as(SELECT).bind(org_id).fetch_optional(conn).await)?;
    decode(row)
}

/// Makes sure the organisation has a settings row (with the default scale).
async fn ensure(tx: &mut Tx, org_id: Uuid) -> Result<(), AppError> {
    let scale = serde_json::to_string(&ImpactScale::default()).map_err(|_| AppError::Internal)?;
    with_tx!(tx, conn => sqlx::query(
        "INSERT INTO bia_settings (org_id, scale_json, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (org_id) DO NOTHING",
    )
    .bind(org_id)
    .bind(scale)
    .bind(Utc::now())
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn save_scale(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    scale: &ImpactScale,
) -> Result<(), AppError> {
    ensure(tx, org_id).await?;
    let (before, _) = load_in(tx, org_id).await?;
    if &before == scale {
        return Ok(());
    }
    let json = serde_json::to_string(scale).map_err(|_| AppError::Internal)?;
    with_tx!(tx, conn => sqlx::query("UPDATE bia_settings SET scale_json = $1, updated_at = $2 WHERE org_id = $3")
        .bind(json)
        .bind(Utc::now())
        .bind(org_id)
        .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    record(
        tx,
        org_id,
        actor,
        Change {
            action: "bia.scale.changed",
            entity_type: "bia",
            entity_id: None,
            before: Some(json!(before)),
            after: Some(json!(scale)),
        },
    )
    .await?;
    changed(tx, org_id, actor).await
}

/// Any edit to the BIA returns a submitted or approved BIA to draft; the
/// approved snapshot stays readable.
pub async fn changed(tx: &mut Tx, org_id: Uuid, actor: &Actor) -> Result<(), AppError> {
    let status: Option<String> = with_tx!(tx, conn => sqlx::query_scalar(
        "SELECT status FROM bia_settings WHERE org_id = $1",
    )
    .bind(org_id)
    .fetch_optional(conn)
    .await)?;
    let Some(status) = status.map(|s| BiaStatus::parse(&s)) else {
        return Ok(());
    };
    if status == BiaStatus::Draft {
        return Ok(());
    }
    with_tx!(tx, conn => sqlx::query("UPDATE bia_settings SET status = 'draft', updated_at = $1 WHERE org_id = $2")
        .bind(Utc::now())
        .bind(org_id)
        .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    record(
        tx,
        org_id,
        actor,
        Change {
            action: "bia.reopened",
            entity_type: "bia",
            entity_id: None,
            before: Some(json!({ "status": status.as_str() })),
            after: Some(json!({ "status": "draft" })),
        },
    )
    .await?;
    Ok(())
}

pub async fn submit(tx: &mut Tx, org_id: Uuid, actor: &Actor) -> Result<(), AppError> {
    ensure(tx, org_id).await?;
    let (_, review) = load_in(tx, org_id).await?;
    if review.status != BiaStatus::Draft {
        return Err(AppError::Conflict(format!(
            "The BIA is already {}.",
            review.status.label().to_lowercase()
        )));
    }
    with_tx!(tx, conn => sqlx::query(
        "UPDATE bia_settings SET status = 'in_review', submitted_email = $1, submitted_at = $2, updated_at = $2 WHERE org_id = $3",
    )
    .bind(&actor.email)
    .bind(Utc::now())
    .bind(org_id)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    record(
        tx,
        org_id,
        actor,
        Change {
            action: "bia.submitted",
            entity_type: "bia",
            entity_id: None,
            before: None,
            after: Some(json!({ "status": "in_review" })),
        },
    )
    .await?;
    Ok(())
}

/// Approves the BIA as it stands: records who and when, keeps a snapshot,
/// and sets the next review one cycle ahead.
pub async fn approve(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    comment: Option<String>,
    snapshot: &ApprovedBia,
) -> Result<DateTime<Utc>, AppError> {
    let (scale, review) = load_in(tx, org_id).await?;
    if review.status != BiaStatus::InReview {
        return Err(AppError::Conflict(
            "Only a BIA that is in review can be approved; submit it first.".into(),
        ));
    }
    let now = Utc::now();
    let due = now
        .checked_add_months(Months::new(scale.review_months))
        .ok_or(AppError::Internal)?;
    let json = serde_json::to_string(snapshot).map_err(|_| AppError::Internal)?;
    with_tx!(tx, conn => sqlx::query(
        "UPDATE bia_settings SET status = 'approved', approved_email = $1, approved_at = $2, approval_comment = $3, \
         approved_snapshot = $4, next_review_due = $5, updated_at = $2 WHERE org_id = $6",
    )
    .bind(&actor.email)
    .bind(now)
    .bind(&comment)
    .bind(json)
    .bind(due)
    .bind(org_id)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    record(
        tx,
        org_id,
        actor,
        Change {
            action: "bia.approved",
            entity_type: "bia",
            entity_id: None,
            before: Some(json!({ "status": "in_review" })),
            after: Some(
                json!({ "status": "approved", "next_review_due": due, "comment": comment }),
            ),
        },
    )
    .await?;
    Ok(due)
}

/// Sends a BIA in review back to draft with the reviewer's reason.
pub async fn return_to_draft(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    comment: &str,
) -> Result<(), AppError> {
    let (_, review) = load_in(tx, org_id).await?;
    if review.status != BiaStatus::InReview {
        return Err(AppError::Conflict("The BIA is not in review.".into()));
    }
    with_tx!(tx, conn => sqlx::query("UPDATE bia_settings SET status = 'draft', updated_at = $1 WHERE org_id = $2")
        .bind(Utc::now())
        .bind(org_id)
        .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    record(
        tx,
        org_id,
        actor,
        Change {
            action: "bia.returned",
            entity_type: "bia",
            entity_id: None,
            before: Some(json!({ "status": "in_review" })),
            after: Some(json!({ "status": "draft", "comment": comment })),
        },
    )
    .await?;
    Ok(())
}

pub async fn approved_snapshot(db: &Db, org_id: Uuid) -> Result<Option<ApprovedBia>, AppError> {
    let json: Option<Option<String>> = with_db!(db, pool => sqlx::query_scalar(
        "SELECT approved_snapshot FROM bia_settings WHERE org_id = $1",
    )
    .bind(org_id)
    .fetch_optional(pool)
    .await)?;
    match json.flatten() {
        None => Ok(None),
        Some(json) => serde_json::from_str(&json).map(Some).map_err(|e| {
            tracing::error!(error = %e, "unreadable approved BIA");
            AppError::Internal
        }),
    }
}
