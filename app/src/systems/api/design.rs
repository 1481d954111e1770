//! A system's DR tier, backup and replication design, and backup copies.

// Server functions take their form's fields one by one.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;
use uuid::Uuid;

/// Chooses the system's DR tier. A tier other than the recommended one needs
/// a reason, which is kept with the choice.
#[server(prefix = "/api", endpoint = "system/tier")]
pub async fn set_system_tier(id: Uuid, tier: String, reason: String) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::error::FieldErrors;
    use crate::roles::Permission;
    use crate::systems::ssr::{self, store};
    use crate::systems::tiers::{self, Need};
    use crate::validate;

    let caller = authorize(Permission::EditPlans).await?;
    let mut errors = FieldErrors::new();
    let tier = errors.check("tier", tiers::parse(&tier)).flatten();
    let reason = errors
        .check("reason", validate::text(&reason, 1000, "the reason"))
        .unwrap_or_default();
    errors.into_result()?;
    let loaded = ssr::load(&caller.state.db, caller.org_id).await?;
    let system = loaded
        .system(id)
        .ok_or_else(|| AppError::NotFound("System".into()))?;
    let need = Need::strictest(
        loaded.required(id),
        Need {
            rto: system.rto,
            rpo: system.rpo,
        },
    );
    let recommended = tiers::recommend(need).map(|r| r.tier);
    if let (Some(t), Some(r)) = (tier, recommended)
        && t != r
        && reason.is_empty()
    {
        return Err(AppError::field(
            "reason",
            format!("Say why tier {t} rather than the recommended tier {r}."),
        ));
    }
    let reason = if tier == recommended {
        String::new()
    } else {
        reason
    };
    let mut tx = caller.state.db.begin().await?;
    store::update(
        &mut tx,
        caller.org_id,
        &caller.actor(),
        id,
        "system.tier.set",
        |p| {
            p.tier = tier;
            p.tier_reason = reason;
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(feature = "ssr")]
fn whole(input: &str, min: i64, max: i64, what: &str) -> Result<Option<i64>, String> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    match s.parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
        _ => Err(format!(
            "Enter {what} as a whole number from {min} to {max}."
        )),
    }
}

#[server(prefix = "/api", endpoint = "system/backup")]
pub async fn save_system_backup(
    id: Uuid,
    full_every: String,
    partial_kind: String,
    partial_every: String,
    retention_days: String,
    archive_days: String,
    replication: String,
    replication_lag: String,
    restore_tested_on: String,
    restore_minutes: String,
    restore_errors: String,
) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::bia::duration::parse_optional;
    use crate::error::FieldErrors;
    use crate::roles::Permission;
    use crate::systems::design::{PartialKind, Replication};
    use crate::systems::ssr::store;
    use chrono::NaiveDate;

    let caller = authorize(Permission::EditPlans).await?;
    let mut errors = FieldErrors::new();
    let full_every = errors
        .check("full_every", parse_optional(&full_every))
        .flatten();
    let partial_kind = PartialKind::parse(&partial_kind);
    if partial_kind.is_none() {
        errors.add(
            "partial_kind",
            "Choose incremental, differential or full backups only.",
        );
    }
    let partial_kind = partial_kind.unwrap_or_default();
    let mut partial_every = errors
        .check("partial_every", parse_optional(&partial_every))
        .flatten();
    match (partial_kind, partial_every, full_every) {
        (PartialKind::None, _, _) => partial_every = None,
        (_, None, _) => errors.add(
            "partial_every",
            format!("Enter how often {} backups run.", partial_kind.as_str()),
        ),
        (_, Some(_), None) => errors.add(
            "full_every",
            "Partial backups need a full backup to start from: enter how often it runs.",
        ),
        (_, Some(p), Some(f)) if p >= f => errors.add(
            "partial_every",
            "Partial backups must run more often than full ones.",
        ),
        _ => {}
    }
    let retention_days = errors
        .check(
            "retention_days",
            whole(&retention_days, 1, 36_500, "the online retention in days"),
        )
        .flatten();
    let archive_days = errors
        .check(
            "archive_days",
            whole(&archive_days, 1, 36_500, "the archive retention in days"),
        )
        .flatten();
    if let (Some(r), Some(a)) = (retention_days, archive_days)
        && a < r
    {
        errors.add(
            "archive_days",
            "Archive retention is usually longer than online retention; it cannot be shorter.",
        );
    }
    let replication = Replication::parse(&replication);
    if replication.is_none() {
        errors.add("replication", "Choose none, asynchronous or synchronous.");
    }
    let replication = replication.unwrap_or_default();
    let mut replication_lag = errors
        .check("replication_lag", parse_optional(&replication_lag))
        .flatten();
    match replication {
        Replication::Async if replication_lag.is_none() => errors.add(
            "replication_lag",
            "Enter the expected lag of asynchronous replication, e.g. 5 min.",
        ),
        Replication::Async => {}
        _ => replication_lag = None,
    }
    let tested = restore_tested_on.trim();
    let tested_on = if tested.is_empty() {
        None
    } else {
        match NaiveDate::parse_from_str(tested, "%Y-%m-%d") {
            Ok(d) if d > chrono::Utc::now().date_naive() => {
                errors.add(
                    "restore_tested_on",
                    "The restore test date cannot be in the future.",
                );
                None
            }
            Ok(d) if d.year() < 1990 => {
                errors.add("restore_tested_on", "Enter a date after 1990.");
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                errors.add("restore_tested_on", "Enter the date as YYYY-MM-DD.");
                None
            }
        }
    };
    let restore_minutes = errors
        .check("restore_minutes", parse_optional(&restore_minutes))
        .flatten();
    let restore_errors = errors
        .check(
            "restore_errors",
            whole(&restore_errors, 0, 1_000_000_000, "the number of errors"),
        )
        .flatten();
    if tested_on.is_none()
        && tested.is_empty()
        && (restore_minutes.is_some() || restore_errors.is_some())
    {
        errors.add(
            "restore_tested_on",
            "Enter the date of the restore test these results come from.",
        );
    }
    errors.into_result()?;

    let mut tx = caller.state.db.begin().await?;
    store::update(
        &mut tx,
        caller.org_id,
        &caller.actor(),
        id,
        "system.backup.updated",
        |p| {
            let d = &mut p.design;
            d.full_every = full_every;
            d.partial_kind = partial_kind;
            d.partial_every = partial_every;
            d.retention_days = retention_days;
            d.archive_days = archive_days;
            d.replication = replication;
            d.replication_lag = replication_lag;
            d.restore_tested_on = tested_on;
            d.restore_minutes = restore_minutes;
            d.restore_errors = restore_errors;
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(feature = "ssr")]
use chrono::Datelike;

/// Checkboxes send their value only when ticked.
#[server(prefix = "/api", endpoint = "system/copy/add")]
pub async fn add_backup_copy(
    system: Uuid,
    label: String,
    media: String,
    location: String,
    #[server(default)] offsite: Option<String>,
    #[server(default)] offline: Option<String>,
) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::error::FieldErrors;
    use crate::roles::Permission;
    use crate::systems::design::Media;
    use crate::systems::ssr::store::{self, CopyFields};
    use crate::validate;

    let caller = authorize(Permission::EditPlans).await?;
    let mut errors = FieldErrors::new();
    let label = errors.check(
        "label",
        validate::name(&label, "what the copy is, e.g. “Nightly tape set”"),
    );
    let media_parsed = Media::parse(&media);
    if media_parsed.is_none() {
        errors.add("media", "Choose the kind of media.");
    }
    let location = errors.check("location", validate::text(&location, 200, "the location"));
    errors.into_result()?;
    let fields = CopyFields {
        label: label.unwrap_or_default(),
        media: media_parsed.unwrap_or(Media::Disk),
        location: location.unwrap_or_default(),
        offsite: offsite.is_some_and(|v| !v.is_empty()),
        offline: offline.is_some_and(|v| !v.is_empty()),
    };
    let mut tx = caller.state.db.begin().await?;
    store::add_copy(&mut tx, caller.org_id, &caller.actor(), system, &fields).await?;
    tx.commit().await?;
    Ok(())
}

#[server(prefix = "/api", endpoint = "system/copy/remove")]
pub async fn remove_backup_copy(id: Uuid) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::EditPlans).await?;
    let mut tx = caller.state.db.begin().await?;
    crate::systems::ssr::store::remove_copy(&mut tx, caller.org_id, &caller.actor(), id).await?;
    tx.commit().await?;
    Ok(())
}

#[server(prefix = "/api", endpoint = "system/delete")]
pub async fn delete_system(id: Uuid) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::EditPlans).await?;
    let mut tx = caller.state.db.begin().await?;
    crate::systems::ssr::store::check_system(&mut tx, caller.org_id, id).await?;
    crate::bia::ssr::resources::delete(&mut tx, caller.org_id, &caller.actor(), id).await?;
    tx.commit().await?;
    crate::auth::ssr::redirect_form_post("/systems");
    Ok(())
}
