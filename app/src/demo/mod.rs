//! Demo data for trying Seawall out.

#[cfg(feature = "ssr")]
mod bia;
#[cfg(feature = "ssr")]
mod controls;
#[cfg(feature = "ssr")]
mod drills;
#[cfg(feature = "ssr")]
pub mod large;
#[cfg(feature = "ssr")]
pub mod ssr;
#[cfg(feature = "ssr")]
mod systems;

use crate::error::AppError;
use leptos::prelude::*;

/// Whether this install has no organisation yet (the sign-in page then offers
/// the demo).
#[server(prefix = "/api", endpoint = "demo/available")]
pub async fn demo_available() -> Result<bool, AppError> {
    let state = crate::state::AppState::current()?;
    Ok(crate::orgs::ssr::count(&state.db).await? == 0)
}

/// Creates the demo organisation on an empty install and signs in as its
/// owner. Refused once any organisation exists, so visitors cannot add data
/// to an install that is in use.
#[server(prefix = "/api", endpoint = "demo/create")]
pub async fn create_demo() -> Result<String, AppError> {
    use crate::auth::ssr::{redirect_form_post, session, sign_in};

    let state = crate::state::AppState::current()?;
    if crate::orgs::ssr::count(&state.db).await? > 0 {
        return Err(AppError::Conflict(
            "Demo data can only be created on an empty installation.".into(),
        ));
    }
    let seed = ssr::seed(&state.db, state.settings.demo_password.clone()).await?;
    tracing::info!(
        password = %seed.password,
        "demo organisation created; every demo account uses this password"
    );
    sign_in(&session().await?, seed.owner_id, Some(seed.org_id)).await?;
    redirect_form_post("/");
    Ok("/".into())
}
