//! Accounts: sign up, sign in, sign out, and who the current user is.

mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use pages::{LoginPage, SignupPage};

use crate::error::AppError;
use crate::roles::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserSummary {
    pub id: Uuid,
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgMembership {
    pub org_id: Uuid,
    pub name: String,
    pub role: Role,
    pub is_demo: bool,
}

/// Why a signed-in user without an organisation is refused; pages show it
/// with a way to create one.
pub const NO_ORGANISATION: &str =
    "You are not a member of any organisation. Create one, or ask an owner for an invitation.";

/// Everything the page frame needs: the user, their current organisation and
/// role, and the organisations they can switch to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub user: UserSummary,
    pub current: Option<OrgMembership>,
    pub orgs: Vec<OrgMembership>,
}

impl SessionInfo {
    pub fn can(&self, permission: crate::roles::Permission) -> bool {
        self.current
            .as_ref()
            .is_some_and(|m| m.role.can(permission))
    }
}

/// The signed-in user, or `None` for a visitor.
#[server(prefix = "/api", endpoint = "session")]
pub async fn current_session() -> Result<Option<SessionInfo>, AppError> {
    use crate::state::AppState;
    let state = AppState::current()?;
    let session = ssr::session().await?;
    let identity = match ssr::identity(&state, &session).await {
        Ok(found) => found,
        Err(AppError::Unauthenticated) => return Ok(None),
        Err(e) => return Err(e),
    };
    let (user, orgs) = (identity.user.clone(), identity.memberships.clone());
    let wanted = ssr::current_org_id(&session).await?;
    let current = wanted
        .and_then(|id| orgs.iter().find(|m| m.org_id == id))
        .or_else(|| orgs.first())
        .cloned();
    if let Some(current) = &current
        && Some(current.org_id) != wanted
    {
        ssr::set_current_org(&session, current.org_id).await?;
    }
    Ok(Some(SessionInfo {
        user: UserSummary {
            id: user.id,
            name: user.name,
            email: user.email,
        },
        current,
        orgs,
    }))
}

/// Creates an account and a new organisation owned by it, then signs in.
/// Returns the page to go to next.
#[server(prefix = "/api", endpoint = "auth/signup")]
pub async fn sign_up(
    email: String,
    name: String,
    organisation: String,
    password: String,
    password_confirm: String,
) -> Result<String, AppError> {
    use crate::error::FieldErrors;
    use crate::state::AppState;
    use crate::validate;

    let state = AppState::current()?;
    let mut errors = FieldErrors::new();
    let email = errors.check("email", validate::email(&email));
    let name = errors.check("name", validate::name(&name, "your name"));
    let organisation = errors.check(
        "organisation",
        validate::name(&organisation, "your organisation's name"),
    );
    let password = errors.check(
        "password",
        validate::new_password(&password, &password_confirm, email.as_deref().unwrap_or("")),
    );
    errors.into_result()?;
    let (email, name, organisation, password) = (
        email.unwrap_or_default(),
        name.unwrap_or_default(),
        organisation.unwrap_or_default(),
        password.unwrap_or_default(),
    );

    let password_hash = ssr::password::hash(password).await?;
    let mut tx = state.db.begin().await?;
    let user_id = ssr::users::insert(
        &mut tx,
        &ssr::users::NewUser {
            email: &email,
            name: &name,
            password_hash: &password_hash,
        },
    )
    .await?;
    let actor = crate::audit::ssr::Actor { id: user_id, email };
    let org_id = crate::orgs::ssr::create(&mut tx, &actor, &organisation, false).await?;
    tx.commit().await?;

    let session = ssr::session().await?;
    ssr::sign_in(&session, user_id, Some(org_id)).await?;
    tracing::info!(%user_id, %org_id, "account created");
    ssr::redirect_form_post("/");
    Ok("/".into())
}

/// Signs in with email and password. Unknown emails and wrong passwords get
/// the same answer after the same amount of work.
#[server(prefix = "/api", endpoint = "auth/login")]
pub async fn log_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<String, AppError> {
    use crate::state::AppState;

    let state = AppState::current()?;
    let email = email.trim().to_lowercase();
    if email.is_empty() || password.is_empty() {
        let mut errors = crate::error::FieldErrors::new();
        if email.is_empty() {
            errors.add("email", "Enter your email address.");
        }
        if password.is_empty() {
            errors.add("password", "Enter your password.");
        }
        return errors.into_result().map(|_| String::new());
    }
    let address = leptos::prelude::use_context::<axum::http::request::Parts>().and_then(|parts| {
        ssr::throttle::client_address(&parts, state.settings.trust_forwarded_for)
    });
    let keys = ssr::throttle::Keys::new(&email, address);
    let now = chrono::Utc::now();
    if let Some(until) = ssr::throttle::locked_until(&state.db, &keys, now).await? {
        return Err(ssr::throttle::locked_error(until, now));
    }
    let user = if email.len() <= 254 {
        ssr::users::find_by_email(&state.db, &email).await?
    } else {
        None
    };
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    // Verified even for unknown emails (against a dummy hash): same time.
    let verified = ssr::password::verify(password, stored).await?;
    let user = match user {
        Some(user) if verified => user,
        _ => {
            let now = chrono::Utc::now();
            return Err(
                match ssr::throttle::record_failure(&state.db, &keys, &state.settings, now).await? {
                    Some(until) => ssr::throttle::locked_error(until, now),
                    None => AppError::InvalidCredentials,
                },
            );
        }
    };
    ssr::throttle::record_success(&state.db, &keys).await?;
    let first_org = crate::orgs::ssr::memberships_of(&state.db, user.id)
        .await?
        .first()
        .map(|m| m.org_id);
    let session = ssr::session().await?;
    ssr::sign_in(&session, user.id, first_org).await?;
    let next = ssr::safe_next(next.as_deref());
    ssr::redirect_form_post(&next);
    Ok(next)
}

#[server(prefix = "/api", endpoint = "auth/logout")]
pub async fn log_out() -> Result<(), AppError> {
    let session = ssr::session().await?;
    session.flush().await?;
    leptos_axum::redirect("/login");
    Ok(())
}
