//! Reviews and their signers in the database. Every query names the
//! organisation; decisions lock the review row first, so that two executives
//! approving at the same moment cannot both miss being the last.

use crate::audit::ssr::{Actor, Change, record};
use crate::db::{Db, Tx};
use crate::error::AppError;
use crate::reports::review::ssr::sign::{Approval, Submission};
use crate::reports::review::{Decision, Review, ReviewStatus, SignedCopy, Signer};
use crate::{with_db, with_tx};
use chrono::{DateTime, Utc};
use serde_json::json;
use uuid::Uuid;

#[derive(sqlx::FromRow)]
struct ReviewRow {
    id: Uuid,
    document_id: Uuid,
    status: String,
    message: String,
    submitted_by: Option<String>,
    submitted_at: DateTime<Utc>,
    decided_at: Option<DateTime<Utc>>,
    reviewed_sha256: String,
    signed_sha256: Option<String>,
    signed_pages: Option<i64>,
    signed_size: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct SignerRow {
    review_id: Uuid,
    user_id: Uuid,
    name: String,
    email: String,
    decision: String,
    comment: String,
    decided_at: Option<DateTime<Utc>>,
    reviewed_sha256: Option<String>,
}

/// Which reviews to load.
pub enum Scope {
    /// Those of one document.
    Document(Uuid),
    /// One review.
    Review(Uuid),
    /// Those of the organisation's latest `n` documents.
    Latest(i64),
}

/// Reviews, newest first, with their signers in the order they were asked.
pub async fn load(db: &Db, org_id: Uuid, scope: Scope) -> Result<Vec<Review>, sqlx::Error> {
    let (filter, arg) = match scope {
        Scope::Document(id) => ("r.document_id = $2", Arg::Id(id)),
        Scope::Review(id) => ("r.id = $2", Arg::Id(id)),
        Scope::Latest(n) => (
            "r.document_id IN (SELECT id FROM documents WHERE org_id = $1 ORDER BY created_at DESC LIMIT $2)",
            Arg::Limit(n),
        ),
    };
    let reviews_sql = format!(
        "SELECT r.id, r.document_id, r.status, r.message, u.name AS submitted_by, r.submitted_at, r.decided_at, \
         r.reviewed_sha256, r.signed_sha256, r.signed_pages, r.signed_size FROM reviews r \
         LEFT JOIN users u ON u.id = r.submitted_by WHERE r.org_id = $1 AND {filter} ORDER BY r.submitted_at DESC"
    );
    let signers_sql = format!(
        "SELECT s.review_id, s.user_id, u.name, u.email, s.decision, s.comment, s.decided_at, s.reviewed_sha256 \
         FROM review_signers s JOIN reviews r ON r.id = s.review_id JOIN users u ON u.id = s.user_id \
         WHERE s.org_id = $1 AND r.org_id = $1 AND {filter} ORDER BY s.position"
    );
    let (reviews, signers): (Vec<ReviewRow>, Vec<SignerRow>) = match arg {
        Arg::Id(id) => (
            with_db!(db, pool => sqlx::query_as(&reviews_sql).bind(org_id).bind(id).fetch_all(pool).await)?,
            with_db!(db, pool => sqlx::query_as(&signers_sql).bind(org_id).bind(id).fetch_all(pool).await)?,
        ),
        Arg::Limit(n) => (
            with_db!(db, pool => sqlx::query_as(&reviews_sql).bind(org_id).bind(n).fetch_all(pool).await)?,
            with_db!(db, pool => sqlx::query_as(&signers_sql).bind(org_id).bind(n).fetch_all(pool).await)?,
        ),
    };
    Ok(reviews
        .into_iter()
        .map(|r| Review {
            signers: signers
                .iter()
                .filter(|s| s.review_id == r.id)
                .map(|s| Signer {
                    user_id: s.user_id,
                    name: s.name.clone(),
                    email: s.email.clone(),
                    decision: Decision::parse(&s.decision),
                    comment: s.comment.clone(),
                    decided_at: s.decided_at,
                    reviewed_sha256: s.reviewed_sha256.clone(),
                })
                .collect(),
            signed: match (r.signed_sha256, r.signed_pages, r.signed_size) {
                (Some(sha256), Some(pages), Some(size)) => Some(SignedCopy {
                    sha256,
                    pages,
                    size,
                }),
                _ => None,
            },
            id: r.id,
            document_id: r.document_id,
            status: ReviewStatus::parse(&r.status),
            message: r.message,
            submitted_by: r.submitted_by,
            submitted_at: r.submitted_at,
            decided_at: r.decided_at,
            reviewed_sha256: r.reviewed_sha256,
        })
        .collect())
}

enum Arg {
    Id(Uuid),
    Limit(i64),
}

/// The documents waiting for the caller's decision.
pub async fn awaiting(db: &Db, org_id: Uuid, user_id: Uuid) -> Result<Vec<Uuid>, sqlx::Error> {
    with_db!(db, pool => sqlx::query_scalar(
        "SELECT r.document_id FROM review_signers s JOIN reviews r ON r.id = s.review_id \
         WHERE s.org_id = $1 AND r.org_id = $1 AND s.user_id = $2 AND s.decision = 'pending' \
         AND r.status = 'pending' ORDER BY r.submitted_at",
    )
    .bind(org_id)
    .bind(user_id)
    .fetch_all(pool)
    .await)
}

/// Submits a finished document to `signers` (executives, already checked).
pub async fn submit(
    db: &Db,
    org_id: Uuid,
    actor: &Actor,
    document_id: Uuid,
    signers: &[Uuid],
    message: &str,
) -> Result<Uuid, AppError> {
    let mut tx = db.begin().await?;
    let row: Option<(String, Option<String>, String, i64)> = with_tx!(&mut tx, conn => sqlx::query_as(
        "SELECT status, sha256, title, version FROM documents WHERE org_id = $1 AND id = $2",
    )
    .bind(org_id)
    .bind(document_id)
    .fetch_optional(conn)
    .await)?;
    let Some((status, Some(sha256), title, version)) = row else {
        return Err(match row {
            None => AppError::NotFound("Document".into()),
            Some(_) => {
                AppError::Conflict("Only a finished document can be submitted for review.".into())
            }
        });
    };
    if status != "ready" {
        return Err(AppError::Conflict(
            "Only a finished document can be submitted for review.".into(),
        ));
    }
    let open: Option<String> = with_tx!(&mut tx, conn => sqlx::query_scalar(
        "SELECT status FROM reviews WHERE org_id = $1 AND document_id = $2 AND status IN ('pending', 'approved')",
    )
    .bind(org_id)
    .bind(document_id)
    .fetch_optional(conn)
    .await)?;
    if let Some(open) = open {
        return Err(AppError::Conflict(if open == "approved" {
            "This version is already signed. Generate a new version to submit it again.".into()
        } else {
            "This version is already waiting for review.".into()
        }));
    }
    let id = Uuid::new_v4();
    let now = Utc::now();
    let inserted = with_tx!(&mut tx, conn => sqlx::query(
        "INSERT INTO reviews (id, org_id, document_id, reviewed_sha256, status, message, submitted_by, submitted_at) \
         VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7)",
    )
    .bind(id)
    .bind(org_id)
    .bind(document_id)
    .bind(&sha256)
    .bind(message)
    .bind(actor.id)
    .bind(now)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()));
    match inserted {
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            return Err(AppError::Conflict(
                "This version is already waiting for review.".into(),
            ));
        }
        other => other?,
    };
    for (position, user_id) in signers.iter().enumerate() {
        with_tx!(&mut tx, conn => sqlx::query(
            "INSERT INTO review_signers (review_id, org_id, user_id, position, decision) VALUES ($1, $2, $3, $4, 'pending')",
        )
        .bind(id)
        .bind(org_id)
        .bind(user_id)
        .bind(position as i64)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    }
    record(
        &mut tx,
        org_id,
        actor,
        Change {
            action: "review.submitted",
            entity_type: "review",
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(json!({
                "document": document_id, "title": title, "version": version,
                "sha256": sha256, "signers": signers, "message": message,
            })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The review and document a decision is about, read under the review's lock.
pub struct Locked {
    pub document_id: Uuid,
    pub status: ReviewStatus,
    pub reviewed_sha256: String,
    pub my_decision: Option<Decision>,
}

/// Locks the review (the first statement writes to it, which takes the row
/// lock in PostgreSQL; SQLite transactions already hold the write lock).
pub async fn lock(
    tx: &mut Tx,
    org_id: Uuid,
    review_id: Uuid,
    user_id: Uuid,
) -> Result<Locked, AppError> {
    let touched = with_tx!(tx, conn => sqlx::query("UPDATE reviews SET status = status WHERE org_id = $1 AND id = $2")
        .bind(org_id)
        .bind(review_id)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    if touched == 0 {
        return Err(AppError::NotFound("Review".into()));
    }
    let (document_id, status, reviewed_sha256): (Uuid, String, String) = with_tx!(tx, conn => sqlx::query_as(
        "SELECT document_id, status, reviewed_sha256 FROM reviews WHERE org_id = $1 AND id = $2",
    )
    .bind(org_id)
    .bind(review_id)
    .fetch_one(conn)
    .await)?;
    let mine: Option<String> = with_tx!(tx, conn => sqlx::query_scalar(
        "SELECT decision FROM review_signers WHERE org_id = $1 AND review_id = $2 AND user_id = $3",
    )
    .bind(org_id)
    .bind(review_id)
    .bind(user_id)
    .fetch_optional(conn)
    .await)?;
    Ok(Locked {
        document_id,
        status: ReviewStatus::parse(&status),
        reviewed_sha256,
        my_decision: mine.as_deref().map(Decision::parse),
    })
}

/// Records one signer's decision; returns how many signers are still pending.
pub async fn decide(
    tx: &mut Tx,
    org_id: Uuid,
    review_id: Uuid,
    user_id: Uuid,
    approved: bool,
    comment: &str,
    sha256: &str,
) -> Result<i64, sqlx::Error> {
    with_tx!(tx, conn => sqlx::query(
        "UPDATE review_signers SET decision = $1, comment = $2, decided_at = $3, reviewed_sha256 = $4 \
         WHERE org_id = $5 AND review_id = $6 AND user_id = $7 AND decision = 'pending'",
    )
    .bind(if approved { "approved" } else { "rejected" })
    .bind(comment)
    .bind(Utc::now())
    .bind(sha256)
    .bind(org_id)
    .bind(review_id)
    .bind(user_id)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    with_tx!(tx, conn => sqlx::query_scalar(
        "SELECT COUNT(*) FROM review_signers WHERE org_id = $1 AND review_id = $2 AND decision = 'pending'",
    )
    .bind(org_id)
    .bind(review_id)
    .fetch_one(conn)
    .await)
}

/// Who submitted the review, and the approvals, for the sign-off page.
pub async fn signatures(
    tx: &mut Tx,
    org_id: Uuid,
    review_id: Uuid,
) -> Result<(Submission, Vec<Approval>), sqlx::Error> {
    let (submitted_by, submitted_at, reviewed_sha256): (Option<String>, DateTime<Utc>, String) = with_tx!(tx, conn => sqlx::query_as(
            "SELECT u.name, r.submitted_at, r.reviewed_sha256 FROM reviews r LEFT JOIN users u ON u.id = r.submitted_by \
             WHERE r.org_id = $1 AND r.id = $2",
        )
        .bind(org_id)
        .bind(review_id)
        .fetch_one(conn)
        .await)?;
    let rows: Vec<(String, Option<DateTime<Utc>>, String)> = with_tx!(tx, conn => sqlx::query_as(
        "SELECT u.name, s.decided_at, s.comment FROM review_signers s JOIN users u ON u.id = s.user_id \
         WHERE s.org_id = $1 AND s.review_id = $2 AND s.decision = 'approved' ORDER BY s.position",
    )
    .bind(org_id)
    .bind(review_id)
    .fetch_all(conn)
    .await)?;
    Ok((
        Submission {
            submitted_by,
            submitted_at,
            reviewed_sha256,
            signed_at: Utc::now(),
        },
        rows.into_iter()
            .map(|(name, decided_at, comment)| Approval {
                name,
                decided_at,
                comment,
            })
            .collect(),
    ))
}

/// Closes the review as rejected or withdrawn.
pub async fn close(
    tx: &mut Tx,
    org_id: Uuid,
    review_id: Uuid,
    status: ReviewStatus,
) -> Result<(), sqlx::Error> {
    with_tx!(tx, conn => sqlx::query(
        "UPDATE reviews SET status = $1, decided_at = $2 WHERE org_id = $3 AND id = $4",
    )
    .bind(status.as_str())
    .bind(Utc::now())
    .bind(org_id)
    .bind(review_id)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Closes the review as approved, with its signed copy.
pub async fn sign(
    tx: &mut Tx,
    org_id: Uuid,
    review_id: Uuid,
    bytes: &[u8],
    pages: i64,
    sha256: &str,
) -> Result<(), sqlx::Error> {
    with_tx!(tx, conn => sqlx::query(
        "UPDATE reviews SET status = 'approved', decided_at = $1, signed_sha256 = $2, signed_pages = $3, \
         signed_size = $4, signed_content = $5 WHERE org_id = $6 AND id = $7",
    )
    .bind(Utc::now())
    .bind(sha256)
    .bind(pages)
    .bind(bytes.len() as i64)
    .bind(bytes)
    .bind(org_id)
    .bind(review_id)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The signed copy of an approved review: title, version and file.
pub async fn signed_content(
    db: &Db,
    org_id: Uuid,
    review_id: Uuid,
) -> Result<Option<(String, i64, Vec<u8>)>, sqlx::Error> {
    let row: Option<(String, i64, Option<Vec<u8>>)> = with_db!(db, pool => sqlx::query_as(
        "SELECT d.title, d.version, r.signed_content FROM reviews r JOIN documents d ON d.id = r.document_id \
         WHERE r.org_id = $1 AND d.org_id = $1 AND r.id = $2 AND r.status = 'approved'",
    )
    .bind(org_id)
    .bind(review_id)
    .fetch_optional(pool)
    .await)?;
    Ok(row.and_then(|(title, version, content)| content.map(|c| (title, version, c))))
}

/// The stored content (as laid out) of a document, read in the transaction.
pub async fn doc_json(tx: &mut Tx, org_id: Uuid, document_id: Uuid) -> Result<String, AppError> {
    let json: Option<Option<String>> = with_tx!(tx, conn => sqlx::query_scalar(
        "SELECT doc_json FROM documents WHERE org_id = $1 AND id = $2",
    )
    .bind(org_id)
    .bind(document_id)
    .fetch_optional(conn)
    .await)?;
    json.flatten().ok_or(AppError::Internal)
}

/// Which reviewed or signed file has this SHA-256: the review signed into
/// it, or the document generated as it.
pub async fn by_hash(
    db: &Db,
    org_id: Uuid,
    sha256: &str,
) -> Result<(Option<Uuid>, Option<Uuid>), sqlx::Error> {
    let signed: Option<Uuid> = with_db!(db, pool => sqlx::query_scalar(
        "SELECT id FROM reviews WHERE org_id = $1 AND signed_sha256 = $2 AND status = 'approved' LIMIT 1",
    )
    .bind(org_id)
    .bind(sha256)
    .fetch_optional(pool)
    .await)?;
    let generated: Option<Uuid> = with_db!(db, pool => sqlx::query_scalar(
        "SELECT id FROM documents WHERE org_id = $1 AND sha256 = $2 AND status = 'ready' LIMIT 1",
    )
    .bind(org_id)
    .bind(sha256)
    .fetch_optional(pool)
    .await)?;
    Ok((signed, generated))
}
