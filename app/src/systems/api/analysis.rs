//! The gap analysis, the strategy comparison, DR sites and cost estimates.

// Server functions take their form's fields one by one.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::systems::{CompareChoices, CostSettings, DrGlance, GapReport, SiteList};
use leptos::prelude::*;
use uuid::Uuid;

#[server(prefix = "/api", endpoint = "systems/gaps")]
pub async fn load_system_gaps() -> Result<GapReport, AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;
    use crate::systems::SystemGaps;
    use crate::systems::ssr;

    let caller = authorize(Permission::ViewOrganisation).await?;
    let loaded = ssr::load(&caller.state.db, caller.org_id).await?;
    // Each system is evaluated once, for both the counts and its row.
    let mut summaries = Vec::new();
    let mut rows: Vec<(SystemGaps, Option<i64>)> = Vec::new();
    for r in loaded.systems() {
        let e = loaded.evaluate(r);
        summaries.push(loaded.summary(r, &e));
        if e.findings.is_empty() {
            continue;
        }
        if let Some(system) = loaded.graph.node_ref(r.id) {
            rows.push((
                SystemGaps {
                    system,
                    tier: e.profile.tier,
                    owner: r.owner.clone(),
                    findings: e.findings,
                },
                e.required.rto,
            ));
        }
    }
    // Worst first: by the worst finding, then by how far off it is, then the
    // most urgent requirement.
    rows.sort_by(|(a, ra), (b, rb)| {
        let key = |g: &SystemGaps| {
            let first = &g.findings[0];
            (first.severity, std::cmp::Reverse(first.shortfall))
        };
        key(a)
            .cmp(&key(b))
            .then(ra.unwrap_or(i64::MAX).cmp(&rb.unwrap_or(i64::MAX)))
            .then(a.system.name.cmp(&b.system.name))
    });
    Ok(GapReport {
        rows: rows.into_iter().map(|(g, _)| g).collect(),
        glance: loaded.glance(&summaries),
        restore_months: loaded.model.restore_test_months,
    })
}

/// The counts the dashboard shows.
#[server(prefix = "/api", endpoint = "systems/glance")]
pub async fn load_dr_glance() -> Result<DrGlance, AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::ViewOrganisation).await?;
    let loaded = crate::systems::ssr::load(&caller.state.db, caller.org_id).await?;
    Ok(loaded.glance(&loaded.summaries()))
}

/// Compares strategies for the systems named in `ids` (comma-separated);
/// with no ids, just lists what can be chosen.
#[server(prefix = "/api", endpoint = "systems/compare", input = server_fn::codec::GetUrl)]
pub async fn compare_systems(ids: String) -> Result<CompareChoices, AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::ViewOrganisation).await?;
    let loaded = crate::systems::ssr::load(&caller.state.db, caller.org_id).await?;
    let mut chosen: Vec<Uuid> = Vec::new();
    for part in ids.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let id: Uuid = part
            .parse()
            .map_err(|_| AppError::BadRequest(format!("“{part}” is not a system id.")))?;
        if loaded.system(id).is_none() {
            return Err(AppError::NotFound("System".into()));
        }
        if !chosen.contains(&id) {
            chosen.push(id);
        }
    }
    if chosen.len() > 200 {
        return Err(AppError::BadRequest(
            "Compare at most 200 systems at once.".into(),
        ));
    }
    let mut systems: Vec<_> = loaded
        .systems()
        .filter_map(|r| loaded.graph.node_ref(r.id))
        .collect();
    systems.sort_by_key(|s| s.name.to_lowercase());
    Ok(CompareChoices {
        systems,
        comparison: (!chosen.is_empty()).then(|| loaded.comparison(&chosen)),
    })
}

#[server(prefix = "/api", endpoint = "systems/sites")]
pub async fn load_dr_sites() -> Result<SiteList, AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::ViewOrganisation).await?;
    let loaded = crate::systems::ssr::load(&caller.state.db, caller.org_id).await?;
    Ok(SiteList {
        sites: loaded.site_views(),
        can_edit: caller.role.can(Permission::EditPlans),
    })
}

#[server(prefix = "/api", endpoint = "systems/site")]
pub async fn save_dr_site(
    id: Uuid,
    role: String,
    readiness: String,
    failover: String,
    location: String,
    activation: String,
) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::error::FieldErrors;
    use crate::roles::Permission;
    use crate::systems::SiteProfile;
    use crate::systems::profile::{Failover, Readiness, SiteRole};
    use crate::validate;

    let caller = authorize(Permission::EditPlans).await?;
    let mut errors = FieldErrors::new();
    let role = SiteRole::parse(&role);
    if role.is_none() {
        errors.add("role", "Choose primary, secondary or cloud region.");
    }
    let readiness = Readiness::parse(&readiness);
    if readiness.is_none() {
        errors.add("readiness", "Choose cold, warm, hot or mirrored.");
    }
    let failover = Failover::parse(&failover);
    if failover.is_none() {
        errors.add("failover", "Choose active-passive or active-active.");
    }
    let location = errors.check("location", validate::text(&location, 200, "the location"));
    let activation = errors.check(
        "activation",
        validate::text(&activation, 4000, "the activation steps"),
    );
    errors.into_result()?;
    let profile = SiteProfile {
        role: role.unwrap_or(SiteRole::Primary),
        readiness: readiness.unwrap_or(Readiness::Cold),
        failover: failover.unwrap_or(Failover::ActivePassive),
        location: location.unwrap_or_default(),
        activation: activation.unwrap_or_default(),
    };
    let mut tx = caller.state.db.begin().await?;
    crate::systems::ssr::store::save_site(&mut tx, caller.org_id, &caller.actor(), id, &profile)
        .await?;
    tx.commit().await?;
    Ok(())
}

#[server(prefix = "/api", endpoint = "systems/costs")]
pub async fn load_dr_costs() -> Result<CostSettings, AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::ViewOrganisation).await?;
    let db = &caller.state.db;
    let (scale, _) = crate::bia::ssr::review::load(db, caller.org_id).await?;
    Ok(CostSettings {
        model: crate::systems::ssr::store::model(db, caller.org_id).await?,
        currency: scale.currency,
        can_edit: caller.role.can(Permission::EditPlans),
    })
}

#[cfg(feature = "ssr")]
fn money(input: &str) -> Result<i64, String> {
    let cleaned: String = input
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '_' | '\u{a0}'))
        .collect();
    if cleaned.is_empty() {
        return Err("Enter an amount (0 if none).".into());
    }
    match cleaned.parse::<i64>() {
        Ok(n) if (0..=crate::systems::cost::MAX_MONEY).contains(&n) => Ok(n),
        Ok(_) => Err("Enter an amount from 0 to 1,000,000,000,000.".into()),
        Err(_) => Err(format!("“{}” is not a whole amount.", input.trim())),
    }
}

/// Saves the cost estimates: `one_off` and `yearly` hold tiers 1–7 in order.
#[server(prefix = "/api", endpoint = "systems/costs/save")]
pub async fn save_dr_costs(
    one_off: Vec<String>,
    yearly: Vec<String>,
    disaster_every_years: String,
    horizon_years: String,
    restore_test_months: String,
) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::error::FieldErrors;
    use crate::roles::Permission;
    use crate::systems::cost::{CostModel, TierCost};

    let caller = authorize(Permission::EditPlans).await?;
    if one_off.len() != 7 || yearly.len() != 7 {
        return Err(AppError::BadRequest(
            "Give one-off and yearly costs for tiers 1 to 7.".into(),
        ));
    }
    let mut errors = FieldErrors::new();
    let mut tiers = Vec::new();
    for (i, (o, y)) in one_off.iter().zip(&yearly).enumerate() {
        let o = errors.check(&format!("one_off_{}", i + 1), money(o));
        let y = errors.check(&format!("yearly_{}", i + 1), money(y));
        tiers.push(TierCost {
            one_off: o.unwrap_or_default(),
            yearly: y.unwrap_or_default(),
        });
    }
    let int = |s: &str| s.trim().parse::<i64>().unwrap_or(-1);
    let model = CostModel {
        tiers,
        disaster_every_years: int(&disaster_every_years),
        horizon_years: int(&horizon_years),
        restore_test_months: u32::try_from(int(&restore_test_months)).unwrap_or(0),
    };
    for (field, message) in model.validate() {
        if !field.starts_with("one_off") && !field.starts_with("yearly") {
            errors.add(&field, message);
        }
    }
    errors.into_result()?;
    let mut tx = caller.state.db.begin().await?;
    crate::systems::ssr::store::save_model(&mut tx, caller.org_id, &caller.actor(), &model).await?;
    tx.commit().await?;
    Ok(())
}
