//! Generated documents in the database: created running, updated with their
//! progress, finished with the file (or the reason they failed).

use crate::audit::ssr::{Actor, Change, record};
use crate::db::Db;
use crate::reports::{DocKind, DocStatus, DocumentRow, Spec};
use crate::{with_db, with_tx};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use uuid::Uuid;

/// A generation that has not reported progress for this long is taken to
/// have died with its server.
const STALLED_MINUTES: i64 = 15;

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    kind: String,
    title: String,
    version: i64,
    status: String,
    progress: i64,
    stage: String,
    failure: String,
    pages: Option<i64>,
    size: Option<i64>,
    sha256: Option<String>,
    created_by: Option<String>,
    created_at: DateTime<Utc>,
}

impl Row {
    fn view(self, now: DateTime<Utc>) -> DocumentRow {
        let mut status = match self.status.as_str() {
            "ready" => DocStatus::Ready,
            "failed" => DocStatus::Failed,
            _ => DocStatus::Running,
        };
        let mut failure = self.failure;
        if status == DocStatus::Running
            && now - self.created_at > chrono::Duration::minutes(STALLED_MINUTES)
        {
            status = DocStatus::Failed;
            failure =
                "Generation stopped before it finished (the server restarted). Generate it again."
                    .into();
        }
        DocumentRow {
            id: self.id,
            kind: DocKind::parse(&self.kind).unwrap_or(DocKind::Plan),
            title: self.title,
            version: self.version,
            status,
            progress: self.progress,
            stage: self.stage,
            failure,
            pages: self.pages,
            size: self.size,
            sha256: self.sha256,
            created_by: self.created_by,
            created_at: self.created_at,
            review: None,
        }
    }
}

const COLUMNS: &str = "d.id, d.kind, d.title, d.version, d.status, d.progress, d.stage, d.failure, d.pages, \
     d.size, d.sha256, u.name AS created_by, d.created_at";

pub async fn list(db: &Db, org_id: Uuid, limit: i64) -> Result<Vec<DocumentRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM documents d LEFT JOIN users u ON u.id = d.created_by \
         WHERE d.org_id = $1 ORDER BY d.created_at DESC LIMIT $2"
    );
    let rows: Vec<Row> = with_db!(db, pool => sqlx::query_as(&sql)
        .bind(org_id)
        .bind(limit)
        .fetch_all(pool)
        .await)?;
    let now = Utc::now();
    Ok(rows.into_iter().map(|r| r.view(now)).collect())
}

pub async fn find(db: &Db, org_id: Uuid, id: Uuid) -> Result<Option<DocumentRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM documents d LEFT JOIN users u ON u.id = d.created_by \
         WHERE d.org_id = $1 AND d.id = $2"
    );
    let row: Option<Row> = with_db!(db, pool => sqlx::query_as(&sql)
        .bind(org_id)
        .bind(id)
        .fetch_optional(pool)
        .await)?;
    Ok(row.map(|r| r.view(Utc::now())))
}

/// The file of a finished document.
pub async fn content(
    db: &Db,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<(String, i64, Vec<u8>)>, sqlx::Error> {
    let row: Option<(String, i64, Option<Vec<u8>>)> = with_db!(db, pool => sqlx::query_as(
        "SELECT title, version, content FROM documents WHERE org_id = $1 AND id = $2 AND status = 'ready'",
    )
    .bind(org_id)
    .bind(id)
    .fetch_optional(pool)
    .await)?;
    Ok(row.and_then(|(title, version, content)| content.map(|c| (title, version, c))))
}

/// Creates the document, running, as the next version of its kind.
pub async fn start(
    db: &Db,
    org_id: Uuid,
    actor: &Actor,
    spec: &Spec,
    title: &str,
    as_of: NaiveDate,
) -> Result<(Uuid, i64), sqlx::Error> {
    let mut tx = db.begin().await?;
    let version: i64 = with_tx!(&mut tx, conn => sqlx::query_scalar(
        "SELECT COALESCE(MAX(version), 0) + 1 FROM documents WHERE org_id = $1 AND kind = $2 AND framework = $3",
    )
    .bind(org_id)
    .bind(spec.kind.as_str())
    .bind(&spec.framework)
    .fetch_one(conn)
    .await)?;
    let id = Uuid::new_v4();
    with_tx!(&mut tx, conn => sqlx::query(
        "INSERT INTO documents (id, org_id, kind, framework, period_from, period_to, as_of, version, title, status, \
         stage, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'running', 'Queued', $10, $11)",
    )
    .bind(id)
    .bind(org_id)
    .bind(spec.kind.as_str())
    .bind(&spec.framework)
    .bind(spec.from)
    .bind(spec.to)
    .bind(as_of)
    .bind(version)
    .bind(title)
    .bind(actor.id)
    .bind(Utc::now())
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    record(
        &mut tx,
        org_id,
        actor,
        Change {
            action: "document.generated",
            entity_type: "document",
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(json!({ "kind": spec.kind.as_str(), "framework": spec.framework, "version": version, "title": title })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok((id, version))
}

pub async fn progress(
    db: &Db,
    org_id: Uuid,
    id: Uuid,
    percent: i64,
    stage: &str,
) -> Result<(), sqlx::Error> {
    with_db!(db, pool => sqlx::query(
        "UPDATE documents SET progress = $1, stage = $2 WHERE org_id = $3 AND id = $4 AND status = 'running'",
    )
    .bind(percent)
    .bind(stage)
    .bind(org_id)
    .bind(id)
    .execute(pool)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub struct Finished<'a> {
    pub bytes: &'a [u8],
    pub pages: i64,
    pub sha256: &'a str,
    pub fingerprint: &'a str,
    pub doc_json: &'a str,
}

pub async fn finish(db: &Db, org_id: Uuid, id: Uuid, f: Finished<'_>) -> Result<(), sqlx::Error> {
    with_db!(db, pool => sqlx::query(
        "UPDATE documents SET status = 'ready', progress = 100, stage = 'Ready', pages = $1, size = $2, \
         sha256 = $3, fingerprint = $4, doc_json = $5, content = $6, finished_at = $7 WHERE org_id = $8 AND id = $9",
    )
    .bind(f.pages)
    .bind(f.bytes.len() as i64)
    .bind(f.sha256)
    .bind(f.fingerprint)
    .bind(f.doc_json)
    .bind(f.bytes)
    .bind(Utc::now())
    .bind(org_id)
    .bind(id)
    .execute(pool)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn fail(db: &Db, org_id: Uuid, id: Uuid, reason: &str) -> Result<(), sqlx::Error> {
    with_db!(db, pool => sqlx::query(
        "UPDATE documents SET status = 'failed', stage = 'Failed', failure = $1, finished_at = $2 \
         WHERE org_id = $3 AND id = $4",
    )
    .bind(reason)
    .bind(Utc::now())
    .bind(org_id)
    .bind(id)
    .execute(pool)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// What a finished document was generated from: enough to build it again
/// from today's data and compare fingerprints.
pub struct Generated {
    pub id: Uuid,
    pub spec: Spec,
    pub as_of: NaiveDate,
    pub fingerprint: String,
}

type GeneratedRow = (
    Uuid,
    String,
    String,
    Option<NaiveDate>,
    Option<NaiveDate>,
    NaiveDate,
    Option<String>,
);

/// The finished documents among `ids`, with what they were generated from
/// (one read of the organisation's finished documents, without their files).
pub async fn generated(db: &Db, org_id: Uuid, ids: &[Uuid]) -> Result<Vec<Generated>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<GeneratedRow> = with_db!(db, pool => sqlx::query_as(
        "SELECT id, kind, framework, period_from, period_to, as_of, fingerprint FROM documents \
         WHERE org_id = $1 AND status = 'ready'",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await)?;
    Ok(rows
        .into_iter()
        .filter(|row| ids.contains(&row.0))
        .filter_map(|(id, kind, framework, from, to, as_of, fingerprint)| {
            Some(Generated {
                id,
                spec: Spec {
                    kind: DocKind::parse(&kind)?,
                    framework,
                    from,
                    to,
                },
                as_of,
                fingerprint: fingerprint?,
            })
        })
        .collect())
}
