//! Catalogs in the database: the shipped ones, loaded at start-up and
//! reloaded only when their file changed, and those an organisation imported.

use crate::audit::ssr::{Actor, Change, record};
use crate::controls::catalog::{self, Catalog};
use crate::db::{Db, Tx};
use crate::{with_db, with_tx};
use chrono::{DateTime, Utc};
use serde_json::json;
use uuid::Uuid;

/// A control as stored, with the section it sits in.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredControl {
    #[sqlx(rename = "ref")]
    pub id: String,
    pub section_id: String,
    pub section_title: String,
    pub kind: Option<String>,
    pub title: String,
    pub body: String,
    pub guidance: String,
    pub auditor_hint: String,
    pub continuity: bool,
}

/// The catalog an organisation works from for one framework.
#[derive(Debug, Clone)]
pub struct OrgCatalog {
    pub framework: String,
    pub name: String,
    pub version: String,
    pub shipped: bool,
    pub imported: bool,
    pub controls: Vec<StoredControl>,
}

#[derive(sqlx::FromRow)]
struct CatalogRow {
    id: Uuid,
    org_id: Option<Uuid>,
    framework: String,
    name: String,
    version: String,
}

/// Loads every shipped catalog whose stored copy is missing or differs.
/// Safe to run from several app servers at once: the digest update takes
/// the row lock, so only one of them replaces the controls.
pub async fn load_shipped(db: &Db) -> Result<(), sqlx::Error> {
    for c in catalog::builtin() {
        let digest = catalog::builtin_digest(&c.framework).unwrap_or_default();
        let mut tx = db.begin().await?;
        with_tx!(&mut tx, conn => sqlx::query(
            "INSERT INTO catalogs (id, org_id, framework, name, version, source, digest, loaded_at) \
             VALUES ($1, NULL, $2, $3, $4, $5, '', $6) ON CONFLICT DO NOTHING",
        )
        .bind(Uuid::new_v4())
        .bind(&c.framework)
        .bind(&c.name)
        .bind(&c.version)
        .bind(&c.source)
        .bind(Utc::now())
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
        let id: Uuid = with_tx!(&mut tx, conn => sqlx::query_scalar(
            "SELECT id FROM catalogs WHERE org_id IS NULL AND framework = $1",
        )
        .bind(&c.framework)
        .fetch_one(conn)
        .await)?;
        let changed = with_tx!(&mut tx, conn => sqlx::query(
            "UPDATE catalogs SET digest = $1, name = $2, version = $3, source = $4, loaded_at = $5 \
             WHERE id = $6 AND digest <> $1",
        )
        .bind(&digest)
        .bind(&c.name)
        .bind(&c.version)
        .bind(&c.source)
        .bind(Utc::now())
        .bind(id)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
        if changed == 1 {
            replace_controls(&mut tx, id, c).await?;
            tracing::info!(framework = %c.framework, version = %c.version, "catalog loaded");
        }
        tx.commit().await?;
    }
    Ok(())
}

async fn replace_controls(tx: &mut Tx, catalog_id: Uuid, c: &Catalog) -> Result<(), sqlx::Error> {
    with_tx!(tx, conn => sqlx::query("DELETE FROM catalog_controls WHERE catalog_id = $1")
        .bind(catalog_id)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    for (position, control) in c.controls.iter().enumerate() {
        let section = c.sections.iter().find(|s| s.id == control.section);
        let section_title = match section {
            Some(s) => s.title.clone(),
            None => control.section.clone(),
        };
        with_tx!(tx, conn => sqlx::query(
            "INSERT INTO catalog_controls (catalog_id, ref, position, section_id, section_title, kind, \
             title, body, guidance, auditor_hint, continuity) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(catalog_id)
        .bind(&control.id)
        .bind(position as i64)
        .bind(&control.section)
        .bind(section_title)
        .bind(&control.kind)
        .bind(&control.title)
        .bind(&control.text)
        .bind(&control.guidance)
        .bind(&control.auditor_hint)
        .bind(control.continuity)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

async fn rows(db: &Db, org_id: Uuid) -> Result<Vec<CatalogRow>, sqlx::Error> {
    with_db!(db, pool => sqlx::query_as(
        "SELECT id, org_id, framework, name, version FROM catalogs \
         WHERE org_id IS NULL OR org_id = $1",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await)
}

/// The frameworks an organisation can use, as (key, name, version, shipped,
/// imported): shipped first in their fixed order, then imported ones by name.
pub async fn available(
    db: &Db,
    org_id: Uuid,
) -> Result<Vec<(String, String, String, bool, bool)>, sqlx::Error> {
    let rows = rows(db, org_id).await?;
    let shipped_keys: Vec<&str> = crate::drills::FRAMEWORKS.map(|(k, _)| k).to_vec();
    let mut out = Vec::new();
    for key in &shipped_keys {
        let imported = rows
            .iter()
            .find(|r| r.org_id.is_some() && r.framework == *key);
        let shipped = rows
            .iter()
            .find(|r| r.org_id.is_none() && r.framework == *key);
        if let Some(r) = imported.or(shipped) {
            out.push((
                r.framework.clone(),
                r.name.clone(),
                r.version.clone(),
                true,
                imported.is_some(),
            ));
        }
    }
    let mut own: Vec<&CatalogRow> = rows
        .iter()
        .filter(|r| r.org_id.is_some() && !shipped_keys.contains(&r.framework.as_str()))
        .collect();
    own.sort_by_key(|r| r.name.to_lowercase());
    for r in own {
        out.push((
            r.framework.clone(),
            r.name.clone(),
            r.version.clone(),
            false,
            true,
        ));
    }
    Ok(out)
}

/// The catalog the organisation works from for `framework`: its own import
/// when there is one, else the shipped one.
pub async fn for_org(
    db: &Db,
    org_id: Uuid,
    framework: &str,
) -> Result<Option<OrgCatalog>, sqlx::Error> {
    let rows = rows(db, org_id).await?;
    let imported = rows
        .iter()
        .find(|r| r.org_id.is_some() && r.framework == framework);
    let shipped = rows
        .iter()
        .find(|r| r.org_id.is_none() && r.framework == framework);
    let Some(row) = imported.or(shipped) else {
        return Ok(None);
    };
    let mut controls: Vec<StoredControl> = with_db!(db, pool => sqlx::query_as(
        "SELECT ref, section_id, section_title, kind, title, body, guidance, auditor_hint, continuity \
         FROM catalog_controls WHERE catalog_id = $1 ORDER BY position",
    )
    .bind(row.id)
    .fetch_all(pool)
    .await)?;
    // An imported official wording keeps Seawall's guidance and auditor
    // hints where it brings none of its own.
    if let (Some(_), Some(base)) = (imported, shipped) {
        let base: Vec<StoredControl> = with_db!(db, pool => sqlx::query_as(
            "SELECT ref, section_id, section_title, kind, title, body, guidance, auditor_hint, continuity \
             FROM catalog_controls WHERE catalog_id = $1",
        )
        .bind(base.id)
        .fetch_all(pool)
        .await)?;
        for c in &mut controls {
            if let Some(b) = base.iter().find(|b| b.id == c.id) {
                if c.guidance.is_empty() {
                    c.guidance = b.guidance.clone();
                }
                if c.auditor_hint.is_empty() {
                    c.auditor_hint = b.auditor_hint.clone();
                }
                c.continuity |= b.continuity;
                if c.kind.is_none() {
                    c.kind = b.kind.clone();
                }
            }
        }
    }
    Ok(Some(OrgCatalog {
        framework: row.framework.clone(),
        name: row.name.clone(),
        version: row.version.clone(),
        shipped: shipped.is_some(),
        imported: imported.is_some(),
        controls,
    }))
}

/// The organisation's imported catalogs, as (framework, name, version,
/// controls, loaded at).
pub async fn imported(
    db: &Db,
    org_id: Uuid,
) -> Result<Vec<(String, String, String, i64, DateTime<Utc>)>, sqlx::Error> {
    with_db!(db, pool => sqlx::query_as(
        "SELECT c.framework, c.name, c.version, \
         (SELECT COUNT(*) FROM catalog_controls cc WHERE cc.catalog_id = c.id), c.loaded_at \
         FROM catalogs c WHERE c.org_id = $1 ORDER BY c.loaded_at DESC",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await)
}

/// Stores an import, replacing the organisation's earlier import of the
/// same framework. Answers stay: they belong to the identifiers.
pub async fn store_import(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    c: &Catalog,
) -> Result<(), sqlx::Error> {
    with_tx!(tx, conn => sqlx::query("DELETE FROM catalogs WHERE org_id = $1 AND framework = $2")
        .bind(org_id)
        .bind(&c.framework)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    let id = Uuid::new_v4();
    with_tx!(tx, conn => sqlx::query(
        "INSERT INTO catalogs (id, org_id, framework, name, version, source, digest, loaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, '', $7)",
    )
    .bind(id)
    .bind(org_id)
    .bind(&c.framework)
    .bind(&c.name)
    .bind(&c.version)
    .bind(&c.source)
    .bind(Utc::now())
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    replace_controls(tx, id, c).await?;
    record(
        tx,
        org_id,
        actor,
        Change {
            action: "catalog.imported",
            entity_type: "catalog",
            entity_id: Some(c.framework.clone()),
            before: None,
            after: Some(json!({
                "framework": c.framework,
                "name": c.name,
                "version": c.version,
                "controls": c.controls.len(),
            })),
        },
    )
    .await
}

/// Removes an import; a shipped framework falls back to Seawall's wording.
pub async fn remove_import(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    framework: &str,
) -> Result<bool, sqlx::Error> {
    let gone = with_tx!(tx, conn => sqlx::query("DELETE FROM catalogs WHERE org_id = $1 AND framework = $2")
        .bind(org_id)
        .bind(framework)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    if gone == 0 {
        return Ok(false);
    }
    record(
        tx,
        org_id,
        actor,
        Change {
            action: "catalog.removed",
            entity_type: "catalog",
            entity_id: Some(framework.to_string()),
            before: None,
            after: None,
        },
    )
    .await?;
    Ok(true)
}
