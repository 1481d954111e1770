//! Evidence in the database. Files are stored once per organisation and
//! hash; versions are only ever added; links say what each piece supports.
//! Every query names the organisation, and every write is audited in the
//! same transaction.

use crate::audit::ssr::{Actor, Change, record};
use crate::controls::status::{expires_on, freshness};
use crate::db::{Db, Tx};
use crate::evidence::{EvidenceBrief, EvidenceKind};
use crate::{with_db, with_tx};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Version {
    pub id: Uuid,
    pub item_id: Uuid,
    pub version: i64,
    pub kind: String,
    pub sha256: Option<String>,
    pub file_name: String,
    pub content_type: String,
    pub size: Option<i64>,
    pub url: String,
    pub statement: String,
    pub run_id: Option<Uuid>,
    pub effective_on: NaiveDate,
    pub valid_months: Option<i64>,
    pub uploaded_by: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl Version {
    pub fn months(&self) -> Option<u32> {
        self.valid_months.and_then(|m| u32::try_from(m).ok())
    }
}

#[derive(Debug, Clone)]
pub struct Item {
    pub id: Uuid,
    pub title: String,
    /// Newest first; never empty.
    pub versions: Vec<Version>,
    /// (target type, target id).
    pub links: Vec<(String, String)>,
}

impl Item {
    pub fn current(&self) -> &Version {
        &self.versions[0]
    }

    pub fn brief(&self, today: NaiveDate) -> EvidenceBrief {
        let v = self.current();
        EvidenceBrief {
            id: self.id,
            title: self.title.clone(),
            kind: EvidenceKind::parse(&v.kind).unwrap_or(EvidenceKind::Attestation),
            version: v.version,
            file_name: v.file_name.clone(),
            effective_on: v.effective_on,
            expires_on: expires_on(v.effective_on, v.months()),
            freshness: freshness(v.effective_on, v.months(), today),
            links: self.links.len(),
        }
    }

    pub fn linked_to(&self, target_type: &str, target_id: &str) -> bool {
        self.links
            .iter()
            .any(|(t, id)| t == target_type && id == target_id)
    }
}

const VERSION_COLUMNS: &str = "v.id, v.item_id, v.version, v.kind, v.sha256, v.file_name, v.content_type, v.size, \
     v.url, v.statement, v.run_id, v.effective_on, v.valid_months, u.name AS uploaded_by, v.created_at";

/// Every piece of evidence of the organisation (without file contents),
/// ordered by title.
pub async fn load(db: &Db, org_id: Uuid) -> Result<Vec<Item>, sqlx::Error> {
    let items: Vec<(Uuid, String)> = with_db!(db, pool => sqlx::query_as(
        "SELECT id, title FROM evidence_items WHERE org_id = $1",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await)?;
    let sql = format!(
        "SELECT {VERSION_COLUMNS} FROM evidence_versions v LEFT JOIN users u ON u.id = v.uploaded_by \
         WHERE v.org_id = $1 ORDER BY v.version DESC"
    );
    let versions: Vec<Version> = with_db!(db, pool => sqlx::query_as(&sql)
        .bind(org_id)
        .fetch_all(pool)
        .await)?;
    let links: Vec<(Uuid, String, String)> = with_db!(db, pool => sqlx::query_as(
        "SELECT item_id, target_type, target_id FROM evidence_links WHERE org_id = $1 ORDER BY linked_at",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await)?;
    let mut versions_of: HashMap<Uuid, Vec<Version>> = HashMap::new();
    for v in versions {
        versions_of.entry(v.item_id).or_default().push(v);
    }
    let mut links_of: HashMap<Uuid, Vec<(String, String)>> = HashMap::new();
    for (item, t, id) in links {
        links_of.entry(item).or_default().push((t, id));
    }
    let mut out: Vec<Item> = items
        .into_iter()
        .filter_map(|(id, title)| {
            let versions = versions_of.remove(&id)?;
            Some(Item {
                id,
                title,
                versions,
                links: links_of.remove(&id).unwrap_or_default(),
            })
        })
        .collect();
    // Ordered here, not in SQL, whose collation differs between databases.
    out.sort_by_key(|i| i.title.to_lowercase());
    Ok(out)
}

pub async fn find(db: &Db, org_id: Uuid, id: Uuid) -> Result<Option<Item>, sqlx::Error> {
    Ok(load(db, org_id).await?.into_iter().find(|i| i.id == id))
}

/// A file to store with a new version.
pub struct NewFile {
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// A new version's content, already validated.
pub struct NewVersion {
    pub kind: EvidenceKind,
    pub file: Option<NewFile>,
    pub url: String,
    pub statement: String,
    pub run_id: Option<Uuid>,
    pub effective_on: NaiveDate,
    pub valid_months: Option<u32>,
}

pub async fn create_item(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    title: &str,
) -> Result<Uuid, sqlx::Error> {
    let id = Uuid::new_v4();
    with_tx!(tx, conn => sqlx::query(
        "INSERT INTO evidence_items (id, org_id, title, created_by, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(org_id)
    .bind(title)
    .bind(actor.id)
    .bind(Utc::now())
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    record(
        tx,
        org_id,
        actor,
        Change {
            action: "evidence.created",
            entity_type: "evidence",
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(json!({ "title": title })),
        },
    )
    .await?;
    Ok(id)
}

/// Whether `item` is evidence of this organisation (inside a transaction).
pub async fn item_exists(tx: &mut Tx, org_id: Uuid, item: Uuid) -> Result<bool, sqlx::Error> {
    let n: i64 = with_tx!(tx, conn => sqlx::query_scalar(
        "SELECT COUNT(*) FROM evidence_items WHERE id = $1 AND org_id = $2",
    )
    .bind(item)
    .bind(org_id)
    .fetch_one(conn)
    .await)?;
    Ok(n > 0)
}

/// Adds the next version of `item`, storing its file unless the
/// organisation already holds one with the same hash. Returns the
/// version's id and number, and the file's SHA-256.
pub async fn add_version(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    item: Uuid,
    new: NewVersion,
) -> Result<(Uuid, i64, Option<String>), sqlx::Error> {
    use sha2::{Digest, Sha256};
    let mut sha = None;
    let mut size = None;
    let (mut file_name, mut content_type) = (String::new(), String::new());
    if let Some(file) = &new.file {
        let hash = Sha256::digest(&file.bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>();
        with_tx!(tx, conn => sqlx::query(
            "INSERT INTO evidence_blobs (org_id, sha256, size, content, created_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT DO NOTHING",
        )
        .bind(org_id)
        .bind(&hash)
        .bind(file.bytes.len() as i64)
        .bind(&file.bytes)
        .bind(Utc::now())
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
        size = Some(file.bytes.len() as i64);
        sha = Some(hash);
        file_name = file.name.clone();
        content_type = file.content_type.clone();
    }
    let number: i64 = with_tx!(tx, conn => sqlx::query_scalar(
        "SELECT COALESCE(MAX(version), 0) + 1 FROM evidence_versions WHERE item_id = $1 AND org_id = $2",
    )
    .bind(item)
    .bind(org_id)
    .fetch_one(conn)
    .await)?;
    let id = Uuid::new_v4();
    with_tx!(tx, conn => sqlx::query(
        "INSERT INTO evidence_versions (id, org_id, item_id, version, kind, sha256, file_name, content_type, size, \
         url, statement, run_id, effective_on, valid_months, uploaded_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
    )
    .bind(id)
    .bind(org_id)
    .bind(item)
    .bind(number)
    .bind(new.kind.as_str())
    .bind(&sha)
    .bind(&file_name)
    .bind(&content_type)
    .bind(size)
    .bind(&new.url)
    .bind(&new.statement)
    .bind(new.run_id)
    .bind(new.effective_on)
    .bind(new.valid_months.map(i64::from))
    .bind(actor.id)
    .bind(Utc::now())
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    record(
        tx,
        org_id,
        actor,
        Change {
            action: "evidence.version_added",
            entity_type: "evidence",
            entity_id: Some(item.to_string()),
            before: None,
            after: Some(json!({
                "version": number,
                "kind": new.kind.as_str(),
                "file_name": file_name,
                "content_type": content_type,
                "size": size,
                "sha256": sha,
                "url": new.url,
                "effective_on": new.effective_on,
                "valid_months": new.valid_months,
            })),
        },
    )
    .await?;
    Ok((id, number, sha))
}

/// Corrects the effective date and validity of the current version.
pub async fn set_validity(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    item: &Item,
    effective_on: NaiveDate,
    valid_months: Option<u32>,
) -> Result<(), sqlx::Error> {
    let v = item.current();
    with_tx!(tx, conn => sqlx::query(
        "UPDATE evidence_versions SET effective_on = $1, valid_months = $2 WHERE id = $3 AND org_id = $4",
    )
    .bind(effective_on)
    .bind(valid_months.map(i64::from))
    .bind(v.id)
    .bind(org_id)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    record(
        tx,
        org_id,
        actor,
        Change {
            action: "evidence.validity_changed",
            entity_type: "evidence",
            entity_id: Some(item.id.to_string()),
            before: Some(json!({ "version": v.version, "effective_on": v.effective_on, "valid_months": v.valid_months })),
            after: Some(json!({ "version": v.version, "effective_on": effective_on, "valid_months": valid_months })),
        },
    )
    .await
}

/// Links `item` to a target; false when it already was.
pub async fn link(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    item: Uuid,
    target_type: &'static str,
    target_id: &str,
) -> Result<bool, sqlx::Error> {
    let added = with_tx!(tx, conn => sqlx::query(
        "INSERT INTO evidence_links (org_id, item_id, target_type, target_id, linked_by, linked_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
    )
    .bind(org_id)
    .bind(item)
    .bind(target_type)
    .bind(target_id)
    .bind(actor.id)
    .bind(Utc::now())
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    if added == 1 {
        record(
            tx,
            org_id,
            actor,
            Change {
                action: "evidence.linked",
                entity_type: "evidence",
                entity_id: Some(item.to_string()),
                before: None,
                after: Some(json!({ "target_type": target_type, "target_id": target_id })),
            },
        )
        .await?;
    }
    Ok(added == 1)
}

pub async fn unlink(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    item: Uuid,
    target_type: &str,
    target_id: &str,
) -> Result<bool, sqlx::Error> {
    let gone = with_tx!(tx, conn => sqlx::query(
        "DELETE FROM evidence_links WHERE org_id = $1 AND item_id = $2 AND target_type = $3 AND target_id = $4",
    )
    .bind(org_id)
    .bind(item)
    .bind(target_type)
    .bind(target_id)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    if gone == 1 {
        record(
            tx,
            org_id,
            actor,
            Change {
                action: "evidence.unlinked",
                entity_type: "evidence",
                entity_id: Some(item.to_string()),
                before: Some(json!({ "target_type": target_type, "target_id": target_id })),
                after: None,
            },
        )
        .await?;
    }
    Ok(gone == 1)
}

/// A stored file: (file name, content type, bytes), if the version is this
/// organisation's and holds one.
pub async fn file(
    db: &Db,
    org_id: Uuid,
    version: Uuid,
) -> Result<Option<(String, String, Vec<u8>)>, sqlx::Error> {
    with_db!(db, pool => sqlx::query_as(
        "SELECT v.file_name, v.content_type, b.content FROM evidence_versions v \
         JOIN evidence_blobs b ON b.org_id = v.org_id AND b.sha256 = v.sha256 \
         WHERE v.id = $1 AND v.org_id = $2",
    )
    .bind(version)
    .bind(org_id)
    .fetch_optional(pool)
    .await)
}
