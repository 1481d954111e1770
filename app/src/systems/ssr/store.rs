//! Reading and writing system profiles, backup copies, site profiles and the
//! cost model. Every query names the organisation.

use crate::audit::ssr::{Actor, Change, record};
use crate::bia::rollup::NodeKind;
use crate::db::{Db, Tx};
use crate::error::AppError;
use crate::systems::SiteProfile;
use crate::systems::cost::CostModel;
use crate::systems::design::{BackupCopy, BackupDesign, Media, PartialKind, Replication};
use crate::systems::profile::{
    Component, DataClass, Environment, Failover, Hosting, Readiness, SiteRole,
};
use crate::{with_db, with_tx};
use chrono::{NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

/// A system profile as stored: sites by id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredProfile {
    pub component: Component,
    pub environment: Environment,
    pub hosting: Hosting,
    pub provider: String,
    pub region: String,
    pub data_class: DataClass,
    pub primary_site: Option<Uuid>,
    pub recovery_site: Option<Uuid>,
    pub tier: Option<u8>,
    pub tier_reason: String,
    pub design: BackupDesign,
}

impl Default for StoredProfile {
    fn default() -> Self {
        let p = crate::systems::SystemProfile::default();
        StoredProfile {
            component: p.component,
            environment: p.environment,
            hosting: p.hosting,
            provider: p.provider,
            region: p.region,
            data_class: p.data_class,
            primary_site: None,
            recovery_site: None,
            tier: None,
            tier_reason: String::new(),
            design: p.design,
        }
    }
}

#[derive(sqlx::FromRow)]
struct ProfileRow {
    resource_id: Uuid,
    component: String,
    environment: String,
    hosting: String,
    provider: String,
    region: String,
    data_class: String,
    primary_site_id: Option<Uuid>,
    recovery_site_id: Option<Uuid>,
    tier: Option<i64>,
    tier_reason: String,
    replication: String,
    replication_lag: Option<i64>,
    full_every: Option<i64>,
    partial_kind: String,
    partial_every: Option<i64>,
    retention_days: Option<i64>,
    archive_days: Option<i64>,
    restore_tested_on: Option<NaiveDate>,
    restore_minutes: Option<i64>,
    restore_errors: Option<i64>,
}

const PROFILE_COLUMNS: &str = "resource_id, component, environment, hosting, provider, region, data_class, \
     primary_site_id, recovery_site_id, tier, tier_reason, replication, replication_lag, full_every, \
     partial_kind, partial_every, retention_days, archive_days, restore_tested_on, restore_minutes, restore_errors";

fn decode(row: ProfileRow) -> (Uuid, StoredProfile) {
    let d = StoredProfile::default();
    (
        row.resource_id,
        StoredProfile {
            component: Component::parse(&row.component).unwrap_or(d.component),
            environment: Environment::parse(&row.environment).unwrap_or(d.environment),
            hosting: Hosting::parse(&row.hosting).unwrap_or(d.hosting),
            provider: row.provider,
            region: row.region,
            data_class: DataClass::parse(&row.data_class).unwrap_or(d.data_class),
            primary_site: row.primary_site_id,
            recovery_site: row.recovery_site_id,
            tier: row.tier.and_then(|t| u8::try_from(t).ok()),
            tier_reason: row.tier_reason,
            design: BackupDesign {
                full_every: row.full_every,
                partial_kind: PartialKind::parse(&row.partial_kind).unwrap_or_default(),
                partial_every: row.partial_every,
                retention_days: row.retention_days,
                archive_days: row.archive_days,
                replication: Replication::parse(&row.replication).unwrap_or_default(),
                replication_lag: row.replication_lag,
                restore_tested_on: row.restore_tested_on,
                restore_minutes: row.restore_minutes,
                restore_errors: row.restore_errors,
                copies: Vec::new(),
            },
        },
    )
}

#[derive(sqlx::FromRow)]
struct CopyRow {
    id: Uuid,
    system_id: Uuid,
    label: String,
    media: String,
    location: String,
    offsite: bool,
    offline: bool,
}

/// Every system profile of the organisation with its backup copies.
pub async fn profiles(db: &Db, org_id: Uuid) -> Result<HashMap<Uuid, StoredProfile>, sqlx::Error> {
    let sql = format!("SELECT {PROFILE_COLUMNS} FROM system_profiles WHERE org_id = $1");
    let rows: Vec<ProfileRow> =
        with_db!(db, pool => sqlx::query_as(&sql).bind(org_id).fetch_all(pool).await)?;
    let mut map: HashMap<Uuid, StoredProfile> = rows.into_iter().map(decode).collect();
    let copies: Vec<CopyRow> = with_db!(db, pool => sqlx::query_as(
        "SELECT id, system_id, label, media, location, offsite, offline FROM backup_copies \
         WHERE org_id = $1 ORDER BY created_at, label",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await)?;
    for c in copies {
        map.entry(c.system_id)
            .or_default()
            .design
            .copies
            .push(BackupCopy {
                id: c.id,
                label: c.label,
                media: Media::parse(&c.media).unwrap_or(Media::Disk),
                location: c.location,
                offsite: c.offsite,
                offline: c.offline,
            });
    }
    Ok(map)
}

async fn profile_in(tx: &mut Tx, org_id: Uuid, id: Uuid) -> Result<StoredProfile, sqlx::Error> {
    let sql = format!(
        "SELECT {PROFILE_COLUMNS} FROM system_profiles WHERE org_id = $1 AND resource_id = $2"
    );
    let row: Option<ProfileRow> = with_tx!(tx, conn => sqlx::query_as(&sql).bind(org_id).bind(id).fetch_optional(conn).await)?;
    Ok(row.map(|r| decode(r).1).unwrap_or_default())
}

/// One system's profile with its backup copies, read inside a transaction
/// (the default profile when none is saved yet).
pub async fn profile_with_copies_in(
    tx: &mut Tx,
    org_id: Uuid,
    id: Uuid,
) -> Result<StoredProfile, sqlx::Error> {
    let mut profile = profile_in(tx, org_id, id).await?;
    let copies: Vec<CopyRow> = with_tx!(tx, conn => sqlx::query_as(
        "SELECT id, system_id, label, media, location, offsite, offline FROM backup_copies \
         WHERE org_id = $1 AND system_id = $2 ORDER BY created_at, label",
    )
    .bind(org_id)
    .bind(id)
    .fetch_all(conn)
    .await)?;
    profile.design.copies = copies
        .into_iter()
        .map(|c| BackupCopy {
            id: c.id,
            label: c.label,
            media: Media::parse(&c.media).unwrap_or(Media::Disk),
            location: c.location,
            offsite: c.offsite,
            offline: c.offline,
        })
        .collect();
    Ok(profile)
}

/// The system must be a system of this organisation.
pub async fn check_system(tx: &mut Tx, org_id: Uuid, id: Uuid) -> Result<String, AppError> {
    let r = crate::bia::ssr::resources::find_in(tx, org_id, id)
        .await
        .map_err(|_| AppError::NotFound("System".into()))?;
    if r.kind != NodeKind::System {
        return Err(AppError::NotFound("System".into()));
    }
    Ok(r.name)
}

/// A site field must name a site of this organisation.
pub async fn check_site(
    tx: &mut Tx,
    org_id: Uuid,
    field: &str,
    site: Option<Uuid>,
) -> Result<(), AppError> {
    let Some(site) = site else { return Ok(()) };
    match crate::bia::ssr::resources::find_in(tx, org_id, site).await {
        Ok(r) if r.kind == NodeKind::Site => Ok(()),
        _ => Err(AppError::field(
            field,
            "Choose one of this organisation's sites.",
        )),
    }
}

/// Writes the whole profile (inserting it the first time).
async fn write(tx: &mut Tx, org_id: Uuid, id: Uuid, p: &StoredProfile) -> Result<(), sqlx::Error> {
    let d = &p.design;
    with_tx!(tx, conn => sqlx::query(
        "INSERT INTO system_profiles (resource_id, org_id, component, environment, hosting, provider, region, \
         data_class, primary_site_id, recovery_site_id, tier, tier_reason, replication, replication_lag, \
         full_every, partial_kind, partial_every, retention_days, archive_days, restore_tested_on, \
         restore_minutes, restore_errors, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23) \
         ON CONFLICT (resource_id) DO UPDATE SET component = excluded.component, environment = excluded.environment, \
         hosting = excluded.hosting, provider = excluded.provider, region = excluded.region, \
         data_class = excluded.data_class, primary_site_id = excluded.primary_site_id, \
         recovery_site_id = excluded.recovery_site_id, tier = excluded.tier, tier_reason = excluded.tier_reason, \
         replication = excluded.replication, replication_lag = excluded.replication_lag, \
         full_every = excluded.full_every, partial_kind = excluded.partial_kind, \
         partial_every = excluded.partial_every, retention_days = excluded.retention_days, \
         archive_days = excluded.archive_days, restore_tested_on = excluded.restore_tested_on, \
         restore_minutes = excluded.restore_minutes, restore_errors = excluded.restore_errors, \
         updated_at = excluded.updated_at",
    )
    .bind(id)
    .bind(org_id)
    .bind(p.component.as_str())
    .bind(p.environment.as_str())
    .bind(p.hosting.as_str())
    .bind(&p.provider)
    .bind(&p.region)
    .bind(p.data_class.as_str())
    .bind(p.primary_site)
    .bind(p.recovery_site)
    .bind(p.tier.map(i64::from))
    .bind(&p.tier_reason)
    .bind(d.replication.as_str())
    .bind(d.replication_lag)
    .bind(d.full_every)
    .bind(d.partial_kind.as_str())
    .bind(d.partial_every)
    .bind(d.retention_days)
    .bind(d.archive_days)
    .bind(d.restore_tested_on)
    .bind(d.restore_minutes)
    .bind(d.restore_errors)
    .bind(Utc::now())
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Creates a system: its BIA resource record and its profile.
pub async fn create(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    fields: &crate::bia::ssr::resources::ResourceFields,
    profile: StoredProfile,
) -> Result<Uuid, AppError> {
    let id = crate::bia::ssr::resources::create(tx, org_id, actor, fields).await?;
    update(tx, org_id, actor, id, "system.profile.updated", |p| {
        *p = profile
    })
    .await?;
    Ok(id)
}

/// Loads the profile, lets `change` edit it, saves it and records the
/// change in the audit log, all in the caller's transaction.
pub async fn update(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    id: Uuid,
    action: &'static str,
    change: impl FnOnce(&mut StoredProfile),
) -> Result<(), AppError> {
    check_system(tx, org_id, id).await?;
    let before = profile_in(tx, org_id, id).await?;
    let mut after = before.clone();
    change(&mut after);
    check_site(tx, org_id, "primary_site", after.primary_site).await?;
    check_site(tx, org_id, "recovery_site", after.recovery_site).await?;
    write(tx, org_id, id, &after).await?;
    // Copies have their own entries; keep them out of this one.
    let strip = |p: &StoredProfile| {
        let mut v = json!(p);
        v["design"]["copies"] = json!(null);
        v
    };
    record(
        tx,
        org_id,
        actor,
        Change {
            action,
            entity_type: "system",
            entity_id: Some(id.to_string()),
            before: Some(strip(&before)),
            after: Some(strip(&after)),
        },
    )
    .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CopyFields {
    pub label: String,
    pub media: Media,
    pub location: String,
    pub offsite: bool,
    pub offline: bool,
}

async fn insert_copy(
    tx: &mut Tx,
    org_id: Uuid,
    system: Uuid,
    fields: &CopyFields,
) -> Result<Uuid, sqlx::Error> {
    let id = Uuid::new_v4();
    with_tx!(tx, conn => sqlx::query(
        "INSERT INTO backup_copies (id, org_id, system_id, label, media, location, offsite, offline, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id)
    .bind(org_id)
    .bind(system)
    .bind(&fields.label)
    .bind(fields.media.as_str())
    .bind(&fields.location)
    .bind(fields.offsite)
    .bind(fields.offline)
    .bind(Utc::now())
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(id)
}

pub async fn add_copy(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    system: Uuid,
    fields: &CopyFields,
) -> Result<Uuid, AppError> {
    check_system(tx, org_id, system).await?;
    let count: i64 = with_tx!(tx, conn => sqlx::query_scalar(
        "SELECT COUNT(*) FROM backup_copies WHERE org_id = $1 AND system_id = $2",
    )
    .bind(org_id)
    .bind(system)
    .fetch_one(conn)
    .await)?;
    if count >= 20 {
        return Err(AppError::field(
            "label",
            "A system can have at most 20 backup copies.",
        ));
    }
    let id = insert_copy(tx, org_id, system, fields).await?;
    record(
        tx,
        org_id,
        actor,
        Change {
            action: "system.copy.added",
            entity_type: "system",
            entity_id: Some(system.to_string()),
            before: None,
            after: Some(json!(fields)),
        },
    )
    .await?;
    Ok(id)
}

/// Replaces every backup copy of a system (used by the CSV import).
pub async fn replace_copies(
    tx: &mut Tx,
    org_id: Uuid,
    system: Uuid,
    copies: &[CopyFields],
) -> Result<(), AppError> {
    with_tx!(tx, conn => sqlx::query("DELETE FROM backup_copies WHERE org_id = $1 AND system_id = $2")
        .bind(org_id)
        .bind(system)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    for c in copies {
        insert_copy(tx, org_id, system, c).await?;
    }
    Ok(())
}

pub async fn remove_copy(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    id: Uuid,
) -> Result<(), AppError> {
    let found: Option<(Uuid, String)> = with_tx!(tx, conn => sqlx::query_as(
        "SELECT system_id, label FROM backup_copies WHERE org_id = $1 AND id = $2",
    )
    .bind(org_id)
    .bind(id)
    .fetch_optional(conn)
    .await)?;
    let (system, label) = found.ok_or_else(|| AppError::NotFound("Backup copy".into()))?;
    with_tx!(tx, conn => sqlx::query("DELETE FROM backup_copies WHERE org_id = $1 AND id = $2")
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
            action: "system.copy.removed",
            entity_type: "system",
            entity_id: Some(system.to_string()),
            before: Some(json!({ "label": label })),
            after: None,
        },
    )
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct SiteRow {
    resource_id: Uuid,
    role: String,
    readiness: String,
    failover: String,
    location: String,
    activation: String,
}

pub async fn sites(db: &Db, org_id: Uuid) -> Result<HashMap<Uuid, SiteProfile>, sqlx::Error> {
    let rows: Vec<SiteRow> = with_db!(db, pool => sqlx::query_as(
        "SELECT resource_id, role, readiness, failover, location, activation FROM site_profiles WHERE org_id = $1",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await)?;
    let d = SiteProfile::default();
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.resource_id,
                SiteProfile {
                    role: SiteRole::parse(&r.role).unwrap_or(d.role),
                    readiness: Readiness::parse(&r.readiness).unwrap_or(d.readiness),
                    failover: Failover::parse(&r.failover).unwrap_or(d.failover),
                    location: r.location,
                    activation: r.activation,
                },
            )
        })
        .collect())
}

pub async fn save_site(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    id: Uuid,
    profile: &SiteProfile,
) -> Result<(), AppError> {
    match crate::bia::ssr::resources::find_in(tx, org_id, id).await {
        Ok(r) if r.kind == NodeKind::Site => {}
        _ => return Err(AppError::NotFound("Site".into())),
    }
    with_tx!(tx, conn => sqlx::query(
        "INSERT INTO site_profiles (resource_id, org_id, role, readiness, failover, location, activation, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (resource_id) DO UPDATE SET role = excluded.role, readiness = excluded.readiness, \
         failover = excluded.failover, location = excluded.location, activation = excluded.activation, \
         updated_at = excluded.updated_at",
    )
    .bind(id)
    .bind(org_id)
    .bind(profile.role.as_str())
    .bind(profile.readiness.as_str())
    .bind(profile.failover.as_str())
    .bind(&profile.location)
    .bind(&profile.activation)
    .bind(Utc::now())
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    record(
        tx,
        org_id,
        actor,
        Change {
            action: "system.site.updated",
            entity_type: "site",
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(json!(profile)),
        },
    )
    .await?;
    Ok(())
}

pub async fn model(db: &Db, org_id: Uuid) -> Result<CostModel, sqlx::Error> {
    let json: Option<String> = with_db!(db, pool => sqlx::query_scalar(
        "SELECT model_json FROM dr_settings WHERE org_id = $1",
    )
    .bind(org_id)
    .fetch_optional(pool)
    .await)?;
    Ok(json
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default())
}

pub async fn save_model(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    model: &CostModel,
) -> Result<(), AppError> {
    let json = serde_json::to_string(model).map_err(|e| {
        tracing::error!("cost model did not serialise: {e}");
        AppError::Internal
    })?;
    with_tx!(tx, conn => sqlx::query(
        "INSERT INTO dr_settings (org_id, model_json, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (org_id) DO UPDATE SET model_json = excluded.model_json, updated_at = excluded.updated_at",
    )
    .bind(org_id)
    .bind(&json)
    .bind(Utc::now())
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    record(
        tx,
        org_id,
        actor,
        Change {
            action: "system.costs.updated",
            entity_type: "organisation",
            entity_id: Some(org_id.to_string()),
            before: None,
            after: Some(json!(model)),
        },
    )
    .await?;
    Ok(())
}
