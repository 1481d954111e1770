//! The systems inventory: list, create, read and edit a system.

// Server functions take their form's fields one by one.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::systems::{SystemDetail, SystemList};
use leptos::prelude::*;
use uuid::Uuid;

#[cfg(feature = "ssr")]
use crate::bia::ssr::resources::ResourceFields;
#[cfg(feature = "ssr")]
use crate::systems::ssr::store::StoredProfile;

/// The inventory fields of a system form, checked.
#[cfg(feature = "ssr")]
pub(crate) struct InventoryInput<'a> {
    pub name: &'a str,
    pub owner: &'a str,
    pub component: &'a str,
    pub environment: &'a str,
    pub hosting: &'a str,
    pub provider: &'a str,
    pub region: &'a str,
    pub data_class: &'a str,
    pub rto: &'a str,
    pub rpo: &'a str,
    pub primary_site: &'a str,
    pub recovery_site: &'a str,
    pub notes: &'a str,
}

#[cfg(feature = "ssr")]
pub(crate) struct Inventory {
    pub resource: ResourceFields,
    pub component: crate::systems::profile::Component,
    pub environment: crate::systems::profile::Environment,
    pub hosting: crate::systems::profile::Hosting,
    pub provider: String,
    pub region: String,
    pub data_class: crate::systems::profile::DataClass,
    pub primary_site: Option<Uuid>,
    pub recovery_site: Option<Uuid>,
}

#[cfg(feature = "ssr")]
impl Inventory {
    pub fn apply(&self, p: &mut StoredProfile) {
        p.component = self.component;
        p.environment = self.environment;
        p.hosting = self.hosting;
        p.provider = self.provider.clone();
        p.region = self.region.clone();
        p.data_class = self.data_class;
        p.primary_site = self.primary_site;
        p.recovery_site = self.recovery_site;
    }
}

#[cfg(feature = "ssr")]
fn choose<T>(
    errors: &mut crate::error::FieldErrors,
    field: &str,
    input: &str,
    parse: fn(&str) -> Option<T>,
    what: &str,
) -> Option<T> {
    let found = parse(input);
    if found.is_none() {
        errors.add(field, format!("Choose {what}."));
    }
    found
}

#[cfg(feature = "ssr")]
fn optional_id(errors: &mut crate::error::FieldErrors, field: &str, input: &str) -> Option<Uuid> {
    let input = input.trim();
    if input.is_empty() {
        return None;
    }
    let id = input.parse().ok();
    if id.is_none() {
        errors.add(field, "Choose one of this organisation's sites.");
    }
    id
}

#[cfg(feature = "ssr")]
pub(crate) fn inventory(
    input: InventoryInput,
    category: String,
    contact: String,
) -> Result<Inventory, AppError> {
    use crate::bia::duration::parse_optional;
    use crate::bia::rollup::NodeKind;
    use crate::error::FieldErrors;
    use crate::systems::profile::{Component, DataClass, Environment, Hosting};
    use crate::validate;

    let mut errors = FieldErrors::new();
    let name = errors.check("name", validate::name(input.name, "a name"));
    let owner_id = errors.check("owner", crate::bia::ssr::parse_owner(input.owner));
    let component = choose(
        &mut errors,
        "component",
        input.component,
        Component::parse,
        "what kind of component it is",
    );
    let environment = choose(
        &mut errors,
        "environment",
        input.environment,
        Environment::parse,
        "an environment",
    );
    let hosting = choose(
        &mut errors,
        "hosting",
        input.hosting,
        Hosting::parse,
        "where it is hosted",
    );
    let data_class = choose(
        &mut errors,
        "data_class",
        input.data_class,
        DataClass::parse,
        "a data classification",
    );
    let provider = errors.check(
        "provider",
        validate::text(input.provider, 100, "the provider"),
    );
    let region = errors.check("region", validate::text(input.region, 100, "the region"));
    let rto = errors.check("rto", parse_optional(input.rto));
    let rpo = errors.check("rpo", parse_optional(input.rpo));
    let notes = errors.check("notes", validate::text(input.notes, 2000, "the notes"));
    let primary_site = optional_id(&mut errors, "primary_site", input.primary_site);
    let recovery_site = optional_id(&mut errors, "recovery_site", input.recovery_site);
    if primary_site.is_some() && primary_site == recovery_site {
        errors.add(
            "recovery_site",
            "The recovery site must differ from the primary site.",
        );
    }
    errors.into_result()?;
    Ok(Inventory {
        resource: ResourceFields {
            kind: NodeKind::System,
            name: name.unwrap_or_default(),
            owner_id: owner_id.flatten(),
            category,
            contact,
            rto: rto.flatten(),
            rpo: rpo.flatten(),
            notes: notes.unwrap_or_default(),
        },
        component: component.unwrap_or(Component::Application),
        environment: environment.unwrap_or(Environment::Production),
        hosting: hosting.unwrap_or(Hosting::OnPremises),
        provider: provider.unwrap_or_default(),
        region: region.unwrap_or_default(),
        data_class: data_class.unwrap_or(DataClass::Internal),
        primary_site,
        recovery_site,
    })
}

#[server(prefix = "/api", endpoint = "systems")]
pub async fn load_systems() -> Result<SystemList, AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;
    use crate::systems::ssr;

    let caller = authorize(Permission::ViewOrganisation).await?;
    let db = &caller.state.db;
    let loaded = ssr::load(db, caller.org_id).await?;
    let systems = loaded.summaries();
    Ok(SystemList {
        glance: loaded.glance(&systems),
        systems,
        people: crate::bia::ssr::people(db, caller.org_id).await?,
        sites: loaded.site_refs(),
        can_edit: caller.role.can(Permission::EditPlans),
    })
}

#[server(prefix = "/api", endpoint = "systems/create")]
pub async fn create_system(
    name: String,
    owner: String,
    component: String,
    environment: String,
    hosting: String,
    provider: String,
    region: String,
    data_class: String,
    rto: String,
    rpo: String,
    primary_site: String,
    recovery_site: String,
    notes: String,
) -> Result<Uuid, AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;
    use crate::systems::ssr::store;

    let caller = authorize(Permission::EditPlans).await?;
    let input = InventoryInput {
        name: &name,
        owner: &owner,
        component: &component,
        environment: &environment,
        hosting: &hosting,
        provider: &provider,
        region: &region,
        data_class: &data_class,
        rto: &rto,
        rpo: &rpo,
        primary_site: &primary_site,
        recovery_site: &recovery_site,
        notes: &notes,
    };
    let parsed = inventory(input, String::new(), String::new())?;
    let mut profile = StoredProfile::default();
    parsed.apply(&mut profile);
    let mut resource = parsed.resource;
    resource.category = profile.component.label().to_string();
    let mut tx = caller.state.db.begin().await?;
    let id = store::create(&mut tx, caller.org_id, &caller.actor(), &resource, profile).await?;
    tx.commit().await?;
    crate::auth::ssr::redirect_form_post(&format!("/systems/{id}"));
    Ok(id)
}

#[server(prefix = "/api", endpoint = "systems/update")]
pub async fn update_system(
    id: Uuid,
    name: String,
    owner: String,
    component: String,
    environment: String,
    hosting: String,
    provider: String,
    region: String,
    data_class: String,
    rto: String,
    rpo: String,
    primary_site: String,
    recovery_site: String,
    notes: String,
) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;
    use crate::systems::ssr::store;

    let caller = authorize(Permission::EditPlans).await?;
    let input = InventoryInput {
        name: &name,
        owner: &owner,
        component: &component,
        environment: &environment,
        hosting: &hosting,
        provider: &provider,
        region: &region,
        data_class: &data_class,
        rto: &rto,
        rpo: &rpo,
        primary_site: &primary_site,
        recovery_site: &recovery_site,
        notes: &notes,
    };
    let mut tx = caller.state.db.begin().await?;
    store::check_system(&mut tx, caller.org_id, id).await?;
    let existing = crate::bia::ssr::resources::find_in(&mut tx, caller.org_id, id).await?;
    let parsed = inventory(input, existing.category, existing.contact)?;
    let actor = caller.actor();
    crate::bia::ssr::resources::update(&mut tx, caller.org_id, &actor, id, &parsed.resource)
        .await?;
    store::update(
        &mut tx,
        caller.org_id,
        &actor,
        id,
        "system.profile.updated",
        |p| parsed.apply(p),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[server(prefix = "/api", endpoint = "system")]
pub async fn load_system(
    id: Uuid,
    #[server(default)] find: String,
) -> Result<SystemDetail, AppError> {
    use crate::auth::ssr::authorize;
    use crate::bia::views;
    use crate::roles::Permission;
    use crate::systems::ssr;
    use crate::systems::tiers;

    let caller = authorize(Permission::ViewOrganisation).await?;
    let db = &caller.state.db;
    let loaded = ssr::load(db, caller.org_id).await?;
    let resource = loaded
        .system(id)
        .cloned()
        .ok_or_else(|| AppError::NotFound("System".into()))?;
    let e = loaded.evaluate(&resource);
    let g = &loaded.graph;
    let mut dependants = g.refs(g.dependants_of(id));
    dependants.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(SystemDetail {
        required_rto: views::requirement(g, g.analysis.required_rto.get(&id)),
        required_rpo: views::requirement(g, g.analysis.required_rpo.get(&id)),
        recommendation: tiers::recommend(Need::strictest(e.required, e.target)),
        capability: e.capability,
        rule: e.rule,
        findings: e.findings,
        dependencies: views::dependencies(g, id),
        dependants,
        // Only editors see the form that offers them.
        candidates: if caller.role.can(Permission::EditPlans) {
            views::candidates(g, id, &find)
        } else {
            Default::default()
        },
        people: crate::bia::ssr::people(db, caller.org_id).await?,
        sites: loaded.site_refs(),
        comparison: loaded.comparison(&[id]),
        restore_months: loaded.model.restore_test_months,
        profile: loaded.view_profile(e.profile),
        resource,
        can_edit: caller.role.can(Permission::EditPlans),
    })
}

#[cfg(feature = "ssr")]
use crate::systems::tiers::Need;
