//! Systems, suppliers, sites and key roles, and the dependency edges.

// Server functions take their form's fields one by one.
#![allow(clippy::too_many_arguments)]

use crate::bia::{ResourceDetail, ResourceList};
use crate::error::AppError;
use leptos::prelude::*;
use uuid::Uuid;

#[cfg(feature = "ssr")]
use crate::bia::ssr::resources::ResourceFields;

#[cfg(feature = "ssr")]
#[allow(clippy::too_many_arguments)]
fn resource_fields(
    kind: &str,
    name: &str,
    owner: &str,
    category: &str,
    contact: &str,
    rto: &str,
    rpo: &str,
    notes: &str,
) -> Result<ResourceFields, AppError> {
    use crate::bia::duration::parse_optional;
    use crate::bia::rollup::NodeKind;
    use crate::error::FieldErrors;
    use crate::validate;
    let mut errors = FieldErrors::new();
    let kind = NodeKind::parse(kind.trim()).filter(|k| *k != NodeKind::Process);
    if kind.is_none() {
        errors.add("kind", "Choose system, supplier, site or role.");
    }
    let name = errors.check("name", validate::name(name, "a name"));
    let owner_id = errors.check("owner", crate::bia::ssr::parse_owner(owner));
    let category = errors.check("category", validate::text(category, 100, "the type"));
    let contact = errors.check("contact", validate::text(contact, 200, "the contact"));
    let rto = errors.check("rto", parse_optional(rto));
    let rpo = errors.check("rpo", parse_optional(rpo));
    let notes = errors.check("notes", validate::text(notes, 2000, "the notes"));
    errors.into_result()?;
    Ok(ResourceFields {
        kind: kind.unwrap_or(NodeKind::System),
        name: name.unwrap_or_default(),
        owner_id: owner_id.flatten(),
        category: category.unwrap_or_default(),
        contact: contact.unwrap_or_default(),
        rto: rto.flatten(),
        rpo: rpo.flatten(),
        notes: notes.unwrap_or_default(),
    })
}

#[server(prefix = "/api", endpoint = "bia/resources")]
pub async fn list_resources() -> Result<ResourceList, AppError> {
    use crate::auth::ssr::authorize;
    use crate::bia::ResourceSummary;
    use crate::bia::ssr;
    use crate::roles::Permission;

    let caller = authorize(Permission::ViewOrganisation).await?;
    let db = &caller.state.db;
    let loaded = ssr::graph::shared(&caller.state, caller.org_id).await?;
    let resources = loaded
        .resources
        .iter()
        .map(|r| ResourceSummary {
            required_rto: loaded.analysis.required_rto.get(&r.id).map(|q| q.minutes),
            required_rpo: loaded.analysis.required_rpo.get(&r.id).map(|q| q.minutes),
            dependants: loaded.dependants_of(r.id).len(),
            gap: loaded.analysis.gaps_for(r.id).next().is_some(),
            resource: r.clone(),
        })
        .collect();
    Ok(ResourceList {
        resources,
        people: ssr::people(db, caller.org_id).await?,
        can_edit: caller.role.can(Permission::EditPlans),
    })
}

#[server(prefix = "/api", endpoint = "bia/resource/create")]
pub async fn create_resource(
    kind: String,
    name: String,
    owner: String,
    category: String,
    contact: String,
    rto: String,
    rpo: String,
    notes: String,
) -> Result<Uuid, AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::EditPlans).await?;
    let fields = resource_fields(
        &kind, &name, &owner, &category, &contact, &rto, &rpo, &notes,
    )?;
    let mut tx = caller.state.db.begin().await?;
    let id = crate::bia::ssr::resources::create(&mut tx, caller.org_id, &caller.actor(), &fields)
        .await?;
    tx.commit().await?;
    crate::auth::ssr::redirect_form_post("/bia/resources");
    Ok(id)
}

#[server(prefix = "/api", endpoint = "bia/resource")]
pub async fn load_resource(
    id: Uuid,
    #[server(default)] find: String,
) -> Result<ResourceDetail, AppError> {
    use super::views;
    use crate::auth::ssr::authorize;
    use crate::bia::ssr;
    use crate::roles::Permission;

    let caller = authorize(Permission::ViewOrganisation).await?;
    let db = &caller.state.db;
    let loaded = ssr::graph::shared(&caller.state, caller.org_id).await?;
    let resource = loaded
        .resources
        .iter()
        .find(|r| r.id == id)
        .cloned()
        .ok_or_else(|| AppError::NotFound("Dependency".into()))?;
    let mut dependants = loaded.refs(loaded.dependants_of(id));
    dependants.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(ResourceDetail {
        resource,
        required_rto: views::requirement(&loaded, loaded.analysis.required_rto.get(&id)),
        required_rpo: views::requirement(&loaded, loaded.analysis.required_rpo.get(&id)),
        dependants,
        dependencies: views::dependencies(&loaded, id),
        // Only editors see the form that offers them.
        candidates: if caller.role.can(Permission::EditPlans) {
            views::candidates(&loaded, id, &find)
        } else {
            Default::default()
        },
        gaps: views::gaps_involving(&loaded, id),
        people: ssr::people(db, caller.org_id).await?,
        can_edit: caller.role.can(Permission::EditPlans),
    })
}

#[server(prefix = "/api", endpoint = "bia/resource/update")]
pub async fn update_resource(
    id: Uuid,
    kind: String,
    name: String,
    owner: String,
    category: String,
    contact: String,
    rto: String,
    rpo: String,
    notes: String,
) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::EditPlans).await?;
    let fields = resource_fields(
        &kind, &name, &owner, &category, &contact, &rto, &rpo, &notes,
    )?;
    let mut tx = caller.state.db.begin().await?;
    crate::bia::ssr::resources::update(&mut tx, caller.org_id, &caller.actor(), id, &fields)
        .await?;
    tx.commit().await?;
    Ok(())
}

#[server(prefix = "/api", endpoint = "bia/resource/delete")]
pub async fn delete_resource(id: Uuid) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::EditPlans).await?;
    let mut tx = caller.state.db.begin().await?;
    crate::bia::ssr::resources::delete(&mut tx, caller.org_id, &caller.actor(), id).await?;
    tx.commit().await?;
    crate::auth::ssr::redirect_form_post("/bia/resources");
    Ok(())
}

/// `source` depends on `target` from now on.
#[server(prefix = "/api", endpoint = "bia/dependency/add")]
pub async fn add_dependency(source: Uuid, target: String) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::EditPlans).await?;
    let target: Uuid = target
        .trim()
        .parse()
        .map_err(|_| AppError::field("target", "Choose what it depends on."))?;
    let mut tx = caller.state.db.begin().await?;
    crate::bia::ssr::graph::add(&mut tx, caller.org_id, &caller.actor(), source, target).await?;
    tx.commit().await?;
    Ok(())
}

#[server(prefix = "/api", endpoint = "bia/dependency/remove")]
pub async fn remove_dependency(source: Uuid, target: Uuid) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::EditPlans).await?;
    let mut tx = caller.state.db.begin().await?;
    crate::bia::ssr::graph::remove(&mut tx, caller.org_id, &caller.actor(), source, target).await?;
    tx.commit().await?;
    Ok(())
}
