//! Organisations: creating more, switching between them, and their settings.

mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use pages::{NewOrgPage, OrgSwitcher, SettingsPage};

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Makes another of the user's organisations the current one.
#[server(prefix = "/api", endpoint = "orgs/switch")]
pub async fn switch_org(org_id: Uuid) -> Result<(), AppError> {
    use crate::auth::ssr::{require_user, set_current_org};
    use crate::state::AppState;

    let state = AppState::current()?;
    let (session, user) = require_user(&state).await?;
    // Not a member and no such organisation look the same from outside.
    ssr::role_in(&state.db, user.id, org_id)
        .await?
        .ok_or_else(|| AppError::NotFound("Organisation".into()))?;
    set_current_org(&session, org_id).await?;
    leptos_axum::redirect("/");
    Ok(())
}

/// Creates another organisation owned by the signed-in user and switches to it.
#[server(prefix = "/api", endpoint = "orgs/create")]
pub async fn create_org(name: String) -> Result<String, AppError> {
    use crate::auth::ssr::{redirect_form_post, require_user, set_current_org};
    use crate::state::AppState;

    let name = crate::validate::name(&name, "a name for the organisation")
        .map_err(|m| AppError::field("name", m))?;
    let state = AppState::current()?;
    let (session, user) = require_user(&state).await?;
    let actor = crate::audit::ssr::Actor {
        id: user.id,
        email: user.email,
    };
    let mut tx = state.db.begin().await?;
    let org_id = ssr::create(&mut tx, &actor, &name, false).await?;
    tx.commit().await?;
    set_current_org(&session, org_id).await?;
    redirect_form_post("/");
    Ok("/".into())
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganisationSettings {
    pub name: String,
}

#[server(prefix = "/api", endpoint = "orgs/settings")]
pub async fn org_settings() -> Result<OrganisationSettings, AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::ManageSettings).await?;
    let (name, _) = ssr::find(&caller.state.db, caller.org_id)
        .await?
        .ok_or_else(|| AppError::NotFound("Organisation".into()))?;
    Ok(OrganisationSettings { name })
}

#[server(prefix = "/api", endpoint = "orgs/rename")]
pub async fn rename_org(name: String) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::ManageSettings).await?;
    let name = crate::validate::name(&name, "the organisation's name")
        .map_err(|m| AppError::field("name", m))?;
    let mut tx = caller.state.db.begin().await?;
    ssr::rename(&mut tx, caller.org_id, &caller.actor(), &name).await?;
    tx.commit().await?;
    Ok(())
}
