//! Server functions of the evidence library. Files arrive through the
//! upload route (see `ssr::upload`); everything else goes through here.

// Server functions take their form's fields one by one.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::evidence::{EvidenceDetail, EvidenceLibrary};
use leptos::prelude::*;
use uuid::Uuid;

#[server(prefix = "/api", endpoint = "evidence")]
pub async fn load_library() -> Result<EvidenceLibrary, AppError> {
    use crate::auth::ssr::authorize;
    use crate::evidence::ssr::store;
    use crate::roles::Permission;

    let caller = authorize(Permission::ViewOrganisation).await?;
    let today = chrono::Utc::now().date_naive();
    let items = store::load(&caller.state.db, caller.org_id).await?;
    Ok(EvidenceLibrary {
        items: items.iter().map(|i| i.brief(today)).collect(),
        can_contribute: caller.role.can(Permission::Contribute),
        limit_mb: caller.state.settings.upload_limit_mb,
    })
}

#[server(prefix = "/api", endpoint = "evidence/item")]
pub async fn load_evidence(id: Uuid) -> Result<EvidenceDetail, AppError> {
    use crate::auth::ssr::authorize;
    use crate::evidence::ssr::detail;
    use crate::roles::Permission;

    let caller = authorize(Permission::ViewOrganisation).await?;
    detail::load(&caller, id).await
}

/// Records a link or an attestation as evidence, optionally linked at once
/// to the control it was recorded from. Returns the new evidence's id.
#[server(prefix = "/api", endpoint = "evidence/record")]
pub async fn record_evidence(
    title: String,
    kind: String,
    #[server(default)] url: String,
    #[server(default)] statement: String,
    effective_on: String,
    #[server(default)] valid_months: String,
    #[server(default)] framework: String,
    #[server(default)] control: String,
) -> Result<Uuid, AppError> {
    use crate::auth::ssr::authorize;
    use crate::error::FieldErrors;
    use crate::evidence::EvidenceKind;
    use crate::evidence::ssr::{fields, store};
    use crate::roles::Permission;

    let caller = authorize(Permission::Contribute).await?;
    let db = &caller.state.db;
    let today = chrono::Utc::now().date_naive();
    let mut e = FieldErrors::new();
    let title = e.check("title", fields::title(&title)).unwrap_or_default();
    let kind = match EvidenceKind::parse(kind.trim()) {
        Some(k @ (EvidenceKind::Link | EvidenceKind::Attestation)) => k,
        _ => {
            e.add(
                "kind",
                "Choose a link or an attestation; files are uploaded.",
            );
            EvidenceKind::Attestation
        }
    };
    let url = match kind {
        EvidenceKind::Link => e.check("url", fields::url(&url)).unwrap_or_default(),
        _ => String::new(),
    };
    let statement = e
        .check(
            "statement",
            fields::statement(&statement, kind == EvidenceKind::Attestation),
        )
        .unwrap_or_default();
    let (effective_on, valid_months) =
        fields::validity(&mut e, &effective_on, &valid_months, today);
    e.into_result()?;
    let target = match (framework.trim(), control.trim()) {
        ("", _) | (_, "") => None,
        (f, c) => Some((fields::control_target(db, caller.org_id, f, c).await?, f, c)),
    };
    let actor = caller.actor();
    let mut tx = db.begin().await?;
    let item = store::create_item(&mut tx, caller.org_id, &actor, &title).await?;
    store::add_version(
        &mut tx,
        caller.org_id,
        &actor,
        item,
        store::NewVersion {
            kind,
            file: None,
            url,
            statement,
            run_id: None,
            effective_on,
            valid_months,
        },
    )
    .await?;
    if let Some((t, _, _)) = &target {
        store::link(&mut tx, caller.org_id, &actor, item, "control", t).await?;
    }
    tx.commit().await?;
    let back = match &target {
        Some((_, f, c)) => crate::controls::control_href(f, c),
        None => format!("/evidence/{item}"),
    };
    crate::auth::ssr::redirect_form_post(&back);
    Ok(item)
}

/// Links evidence to a control (`target_type` "control", `target_id`
/// "framework:id") or to a process, system or site ("node", its id).
#[server(prefix = "/api", endpoint = "evidence/link")]
pub async fn link_evidence(
    item: Uuid,
    target_type: String,
    target_id: String,
    #[server(default)] back: String,
) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::evidence::ssr::{fields, store};
    use crate::roles::Permission;

    let caller = authorize(Permission::Contribute).await?;
    let db = &caller.state.db;
    let (kind, target): (&'static str, String) = match target_type.as_str() {
        "control" => {
            let (f, c) = target_id
                .split_once(':')
                .ok_or_else(|| AppError::BadRequest("Name the control as framework:id.".into()))?;
            (
                "control",
                fields::control_target(db, caller.org_id, f, c).await?,
            )
        }
        "node" => (
            "node",
            fields::node_target(db, caller.org_id, &target_id).await?,
        ),
        _ => {
            return Err(AppError::BadRequest(
                "Evidence links to a control, a process, a system or a site.".into(),
            ));
        }
    };
    let mut tx = db.begin().await?;
    if !store::item_exists(&mut tx, caller.org_id, item).await? {
        return Err(AppError::NotFound("Evidence".into()));
    }
    store::link(&mut tx, caller.org_id, &caller.actor(), item, kind, &target).await?;
    tx.commit().await?;
    crate::auth::ssr::redirect_form_post(&fields::back(&back, &format!("/evidence/{item}")));
    Ok(())
}

#[server(prefix = "/api", endpoint = "evidence/unlink")]
pub async fn unlink_evidence(
    item: Uuid,
    target_type: String,
    target_id: String,
    #[server(default)] back: String,
) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::evidence::ssr::{fields, store};
    use crate::roles::Permission;

    let caller = authorize(Permission::Contribute).await?;
    let mut tx = caller.state.db.begin().await?;
    if !store::unlink(
        &mut tx,
        caller.org_id,
        &caller.actor(),
        item,
        &target_type,
        &target_id,
    )
    .await?
    {
        return Err(AppError::NotFound("Evidence link".into()));
    }
    tx.commit().await?;
    crate::auth::ssr::redirect_form_post(&fields::back(&back, &format!("/evidence/{item}")));
    Ok(())
}

/// Corrects the effective date and validity of the current version.
#[server(prefix = "/api", endpoint = "evidence/validity")]
pub async fn set_validity(
    item: Uuid,
    effective_on: String,
    #[server(default)] valid_months: String,
) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::error::FieldErrors;
    use crate::evidence::ssr::{fields, store};
    use crate::roles::Permission;

    let caller = authorize(Permission::Contribute).await?;
    let db = &caller.state.db;
    let today = chrono::Utc::now().date_naive();
    let mut e = FieldErrors::new();
    let (effective_on, valid_months) =
        fields::validity(&mut e, &effective_on, &valid_months, today);
    e.into_result()?;
    let found = store::find(db, caller.org_id, item)
        .await?
        .ok_or_else(|| AppError::NotFound("Evidence".into()))?;
    let mut tx = db.begin().await?;
    store::set_validity(
        &mut tx,
        caller.org_id,
        &caller.actor(),
        &found,
        effective_on,
        valid_months,
    )
    .await?;
    tx.commit().await?;
    crate::auth::ssr::redirect_form_post(&format!("/evidence/{item}"));
    Ok(())
}

/// Records a drill run as evidence for a control: the run's record, dated
/// the day it ended and valid for twelve months. A run already recorded as
/// evidence is linked again rather than recorded twice.
#[server(prefix = "/api", endpoint = "evidence/drill")]
pub async fn link_drill(run: Uuid, framework: String, control: String) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::evidence::EvidenceKind;
    use crate::evidence::ssr::{fields, store};
    use crate::roles::Permission;

    let caller = authorize(Permission::Contribute).await?;
    let db = &caller.state.db;
    let target = fields::control_target(db, caller.org_id, &framework, &control).await?;
    let programme = crate::drills::ssr::store::load(db, caller.org_id).await?;
    let (r, plan) = programme
        .run(run)
        .and_then(|r| programme.plan(r.plan_id).map(|p| (r, p)))
        .ok_or_else(|| AppError::NotFound("Drill run".into()))?;
    let items = store::load(db, caller.org_id).await?;
    let existing = items
        .iter()
        .find(|i| i.versions.iter().any(|v| v.run_id == Some(run)))
        .map(|i| i.id);
    let actor = caller.actor();
    let mut tx = db.begin().await?;
    let item = match existing {
        Some(id) => id,
        None => {
            let ended = r.ended_at.date_naive();
            let title = format!("{} on {}", plan.fields.title, ended.format("%-d %b %Y"));
            let id = store::create_item(&mut tx, caller.org_id, &actor, &title).await?;
            let summary = format!(
                "{} recorded in Seawall: {} system(s) measured against RTO and RPO.",
                plan.fields.kind.label(),
                r.systems.len()
            );
            store::add_version(
                &mut tx,
                caller.org_id,
                &actor,
                id,
                store::NewVersion {
                    kind: EvidenceKind::Drill,
                    file: None,
                    url: String::new(),
                    statement: summary,
                    run_id: Some(run),
                    effective_on: ended,
                    valid_months: Some(12),
                },
            )
            .await?;
            id
        }
    };
    store::link(&mut tx, caller.org_id, &actor, item, "control", &target).await?;
    tx.commit().await?;
    crate::auth::ssr::redirect_form_post(&crate::controls::control_href(&framework, &control));
    Ok(())
}
