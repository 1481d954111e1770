//! Processes: list, create, edit, objectives, assessment, delete.

// Server functions take their form's fields one by one.
#![allow(clippy::too_many_arguments)]

use crate::bia::derive::Assessment;
use crate::bia::{BiaOverview, ProcessDetail};
use crate::error::AppError;
use leptos::prelude::*;
use uuid::Uuid;

#[cfg(feature = "ssr")]
use crate::bia::ssr::processes::ProcessFields;

#[cfg(feature = "ssr")]
pub(crate) fn process_fields(
    name: &str,
    department: &str,
    owner: &str,
    description: &str,
    products: &str,
    peak_periods: &str,
    mbco: &str,
) -> Result<ProcessFields, AppError> {
    use crate::error::FieldErrors;
    use crate::validate;
    let mut errors = FieldErrors::new();
    let name = errors.check("name", validate::name(name, "the process's name"));
    let department = errors.check(
        "department",
        validate::text(department, 100, "the department"),
    );
    let owner_id = errors.check("owner", crate::bia::ssr::parse_owner(owner));
    let description = errors.check(
        "description",
        validate::text(description, 4000, "the description"),
    );
    let products = errors.check(
        "products",
        validate::text(products, 1000, "the products and services"),
    );
    let peak_periods = errors.check(
        "peak_periods",
        validate::text(peak_periods, 500, "the peak periods"),
    );
    let mbco = errors.check(
        "mbco",
        validate::text(mbco, 1000, "the minimum service level"),
    );
    errors.into_result()?;
    Ok(ProcessFields {
        name: name.unwrap_or_default(),
        department: department.unwrap_or_default(),
        owner_id: owner_id.flatten(),
        description: description.unwrap_or_default(),
        products: products.unwrap_or_default(),
        peak_periods: peak_periods.unwrap_or_default(),
        mbco: mbco.unwrap_or_default(),
    })
}

/// The BIA home: review state, figures over every process, and one page of
/// the register, optionally searched.
#[server(prefix = "/api", endpoint = "bia/overview")]
pub async fn load_bia(
    #[server(default)] query: String,
    #[server(default)] page: usize,
) -> Result<BiaOverview, AppError> {
    use crate::auth::ssr::authorize;
    use crate::bia::{ProcessCounts, REGISTER_PAGE, matches_search, ssr};
    use crate::roles::Permission;

    let caller = authorize(Permission::ViewOrganisation).await?;
    let db = &caller.state.db;
    // One read of the audit head serves both remembered values.
    let head = crate::memo::Head::of(db, caller.org_id).await?;
    let register = ssr::graph::register(&caller.state, caller.org_id, &head).await?;
    let (scale, review) = ssr::review::load(db, caller.org_id).await?;
    let loaded = ssr::graph::shared_at(&caller.state, caller.org_id, &head).await?;
    let query = query.trim().to_string();
    let matching: Vec<_> = register
        .iter()
        .filter(|p| query.is_empty() || matches_search(p, &query))
        .collect();
    let pages = matching.len().div_ceil(REGISTER_PAGE).max(1);
    let page = page.clamp(1, pages);
    Ok(BiaOverview {
        review,
        currency: scale.currency.clone(),
        counts: ProcessCounts::of(&register),
        matching: matching.len(),
        processes: matching
            .iter()
            .skip((page - 1) * REGISTER_PAGE)
            .take(REGISTER_PAGE)
            .map(|p| (*p).clone())
            .collect(),
        page,
        pages,
        query,
        people: ssr::people(db, caller.org_id).await?,
        gap_count: loaded.analysis.gaps.len(),
        cycle_count: loaded.analysis.cycles.len(),
        can_edit: caller.role.can(Permission::EditPlans),
        can_approve: caller.role.can(Permission::ApprovePlans),
    })
}

/// Creates a process and returns its page.
#[server(prefix = "/api", endpoint = "bia/process/create")]
pub async fn create_process(
    name: String,
    department: String,
    owner: String,
    description: String,
) -> Result<String, AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::EditPlans).await?;
    let fields = process_fields(&name, &department, &owner, &description, "", "", "")?;
    let mut tx = caller.state.db.begin().await?;
    let id = crate::bia::ssr::processes::create(&mut tx, caller.org_id, &caller.actor(), &fields)
        .await?;
    tx.commit().await?;
    let path = format!("/bia/processes/{id}");
    crate::auth::ssr::redirect_form_post(&path);
    Ok(path)
}

#[server(prefix = "/api", endpoint = "bia/process")]
pub async fn load_process(
    id: Uuid,
    #[server(default)] find: String,
) -> Result<ProcessDetail, AppError> {
    use super::views;
    use crate::auth::ssr::authorize;
    use crate::bia::derive::derive;
    use crate::bia::ssr;
    use crate::roles::Permission;

    let caller = authorize(Permission::ViewOrganisation).await?;
    let db = &caller.state.db;
    let (scale, _) = ssr::review::load(db, caller.org_id).await?;
    let loaded = ssr::graph::shared(&caller.state, caller.org_id).await?;
    let stored = loaded
        .processes
        .iter()
        .find(|p| p.record.id == id)
        .ok_or_else(|| AppError::NotFound("Process".into()))?;
    let derived = derive(&scale, &stored.assessment, stored.objectives());
    let mut dependants = loaded.refs(loaded.dependants_of(id));
    dependants.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(ProcessDetail {
        process: stored.record.clone(),
        assessment: stored.assessment.clone(),
        derived,
        dependencies: views::dependencies(&loaded, id),
        dependants,
        required_rto: views::requirement(&loaded, loaded.analysis.required_rto.get(&id)),
        required_rpo: views::requirement(&loaded, loaded.analysis.required_rpo.get(&id)),
        gaps: views::gaps_involving(&loaded, id),
        // Only editors see the form that offers them.
        candidates: if caller.role.can(Permission::EditPlans) {
            views::candidates(&loaded, id, &find)
        } else {
            Default::default()
        },
        people: ssr::people(db, caller.org_id).await?,
        can_edit: caller.role.can(Permission::EditPlans),
        scale,
    })
}

#[server(prefix = "/api", endpoint = "bia/process/update")]
pub async fn update_process(
    id: Uuid,
    name: String,
    department: String,
    owner: String,
    description: String,
    products: String,
    peak_periods: String,
    mbco: String,
) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::EditPlans).await?;
    let fields = process_fields(
        &name,
        &department,
        &owner,
        &description,
        &products,
        &peak_periods,
        &mbco,
    )?;
    let mut tx = caller.state.db.begin().await?;
    crate::bia::ssr::processes::update(&mut tx, caller.org_id, &caller.actor(), id, &fields)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Sets the adopted RTO and RPO and the work-recovery time. An RTO that is
/// not shorter than the MTPD is refused with the reason.
#[server(prefix = "/api", endpoint = "bia/process/objectives")]
pub async fn set_objectives(
    id: Uuid,
    rto: String,
    rpo: String,
    wrt: String,
) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::bia::derive::{Objectives, derive};
    use crate::bia::duration::parse_optional;
    use crate::bia::ssr;
    use crate::error::FieldErrors;
    use crate::roles::Permission;

    let caller = authorize(Permission::EditPlans).await?;
    let mut errors = FieldErrors::new();
    let rto = errors.check("rto", parse_optional(&rto));
    let rpo = errors.check("rpo", parse_optional(&rpo));
    let wrt = errors.check("wrt", parse_optional(&wrt));
    errors.into_result()?;
    let objectives = Objectives {
        rto: rto.flatten(),
        rpo: rpo.flatten(),
        wrt: wrt.flatten(),
    };
    let mut tx = caller.state.db.begin().await?;
    let (scale, _) = ssr::review::load_in(&mut tx, caller.org_id).await?;
    let stored = ssr::processes::find_in(&mut tx, caller.org_id, id).await?;
    let derived = derive(&scale, &stored.assessment, objectives);
    if let Some(message) = derived.rto_error {
        return Err(AppError::field("rto", message));
    }
    ssr::processes::set_objectives(&mut tx, caller.org_id, &caller.actor(), id, objectives).await?;
    tx.commit().await?;
    Ok(())
}

/// Replaces a process's assessment. Ratings must not decrease over time and
/// must belong to the organisation's scale.
#[server(prefix = "/api", endpoint = "bia/process/assessment", input = server_fn::codec::Json)]
pub async fn save_assessment(id: Uuid, assessment: Assessment) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::bia::ssr;
    use crate::roles::Permission;

    let caller = authorize(Permission::EditPlans).await?;
    let mut tx = caller.state.db.begin().await?;
    let (scale, _) = ssr::review::load_in(&mut tx, caller.org_id).await?;
    check_assessment(&scale, &assessment)?;
    ssr::processes::set_assessment(
        &mut tx,
        caller.org_id,
        &caller.actor(),
        id,
        &assessment,
        "bia.assessment.changed",
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Refuses ratings for unknown categories or buckets, and any row whose
/// impact falls over time; each message is keyed by its row.
#[cfg(feature = "ssr")]
pub(crate) fn check_assessment(
    scale: &crate::bia::scale::ImpactScale,
    assessment: &Assessment,
) -> Result<(), AppError> {
    use crate::bia::duration;
    use crate::error::FieldErrors;
    let mut errors = FieldErrors::new();
    for (key, row) in &assessment.ratings {
        if scale.category(key).is_none() {
            errors.add(
                key,
                format!("“{key}” is not a category of the impact scale."),
            );
        } else if let Some(bucket) = row.keys().find(|b| !scale.buckets.contains(b)) {
            errors.add(
                key,
                format!(
                    "{} is not a time bucket of the impact scale.",
                    duration::format(*bucket)
                ),
            );
        }
    }
    if let Some(bucket) = assessment
        .losses
        .keys()
        .find(|b| !scale.buckets.contains(b))
    {
        errors.add(
            "loss",
            format!(
                "{} is not a time bucket of the impact scale.",
                duration::format(*bucket)
            ),
        );
    }
    for problem in crate::bia::derive::check(scale, assessment) {
        errors.add(&problem.key, problem.message);
    }
    errors.into_result()
}

#[server(prefix = "/api", endpoint = "bia/process/delete")]
pub async fn delete_process(id: Uuid) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::EditPlans).await?;
    let mut tx = caller.state.db.begin().await?;
    crate::bia::ssr::processes::delete(&mut tx, caller.org_id, &caller.actor(), id).await?;
    tx.commit().await?;
    crate::auth::ssr::redirect_form_post("/bia");
    Ok(())
}
