//! Who is calling, in which organisation, with which role. Every server
//! function that touches an organisation's data starts with [`authorize`].

use super::users;
use crate::error::AppError;
use crate::orgs::ssr as orgs;
use crate::roles::{Permission, Role};
use crate::state::AppState;
use tower_sessions::Session;
use uuid::Uuid;

const USER_ID: &str = "user_id";
const ORG_ID: &str = "org_id";

#[derive(Clone, Debug)]
pub struct SignedInUser {
    pub id: Uuid,
    pub email: String,
    pub name: String,
}

/// A signed-in member acting in their current organisation.
#[derive(Clone, Debug)]
pub struct Caller {
    pub state: AppState,
    pub user: SignedInUser,
    pub org_id: Uuid,
    pub role: Role,
}

impl Caller {
    pub fn actor(&self) -> crate::audit::ssr::Actor {
        crate::audit::ssr::Actor {
            id: self.user.id,
            email: self.user.email.clone(),
        }
    }
}

pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|e| {
        tracing::error!(error = %e, "session layer missing");
        AppError::Internal
    })
}

/// The signed-in user, whatever organisation they are in.
pub async fn require_user(state: &AppState) -> Result<(Session, SignedInUser), AppError> {
    let session = session().await?;
    let user = user_of(state, &session).await?;
    Ok((session, user))
}

async fn user_of(state: &AppState, session: &Session) -> Result<SignedInUser, AppError> {
    let user_id: Uuid = session
        .get(USER_ID)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let Some(user) = users::find_by_id(&state.db, user_id).await? else {
        // The account is gone; the session must not outlive it.
        session.flush().await?;
        return Err(AppError::Unauthenticated);
    };
    Ok(SignedInUser {
        id: user.id,
        email: user.email,
        name: user.name,
    })
}

/// Resolves the caller's current organisation and checks `permission` against
/// their role there. A session pointing at an organisation the user has left
/// falls back to another of their organisations.
pub async fn authorize(permission: Permission) -> Result<Caller, AppError> {
    let state = AppState::current()?;
    let session = session().await?;
    authorize_session(state, &session, permission).await
}

/// [`authorize`] for plain axum handlers (downloads, live event streams),
/// which get the session from their own extractor.
pub async fn authorize_session(
    state: AppState,
    session: &Session,
    permission: Permission,
) -> Result<Caller, AppError> {
    let user = user_of(&state, session).await?;
    let wanted: Option<Uuid> = session.get(ORG_ID).await?;
    let mut current = match wanted {
        Some(org_id) => orgs::role_in(&state.db, user.id, org_id)
            .await?
            .map(|role| (org_id, role)),
        None => None,
    };
    if current.is_none() {
        current = orgs::memberships_of(&state.db, user.id)
            .await?
            .first()
            .map(|m| (m.org_id, m.role));
        if let Some((org_id, _)) = current {
            session.insert(ORG_ID, org_id).await?;
        }
    }
    let Some((org_id, role)) = current else {
        return Err(AppError::forbidden(
            "You are not a member of any organisation. Create one, or ask an owner for an invitation.",
        ));
    };
    if !role.can(permission) {
        return Err(AppError::forbidden(denied_message(permission)));
    }
    Ok(Caller {
        state,
        user,
        org_id,
        role,
    })
}

fn denied_message(permission: Permission) -> &'static str {
    match permission {
        Permission::ViewOrganisation => "You are not a member of this organisation.",
        Permission::ManageMembers => "Only owners and admins can manage members and invitations.",
        Permission::ManageSettings => {
            "Only owners and admins can change the organisation's settings."
        }
        Permission::ViewAuditLog => "Only owners, admins and auditors can read the audit log.",
        Permission::EditPlans => "Your role can read plans but not change them.",
        Permission::Contribute => "Your role cannot contribute changes.",
        Permission::DownloadEvidence => "Your role cannot download evidence.",
        Permission::SignOff => "Only executives can sign off documents.",
        Permission::ApprovePlans => "Only owners, admins and executives can approve the BIA.",
    }
}

/// Starts a fresh session for `user_id`: a new session id (so a session id
/// planted before sign-in is worthless), in organisation `org_id`.
pub async fn sign_in(
    session: &Session,
    user_id: Uuid,
    org_id: Option<Uuid>,
) -> Result<(), AppError> {
    session.cycle_id().await?;
    session.insert(USER_ID, user_id).await?;
    match org_id {
        Some(org_id) => session.insert(ORG_ID, org_id).await?,
        None => {
            session.remove::<Uuid>(ORG_ID).await?;
        }
    }
    Ok(())
}

/// Makes `org_id` the session's current organisation (membership checked by the caller).
pub async fn set_current_org(session: &Session, org_id: Uuid) -> Result<(), AppError> {
    session.insert(ORG_ID, org_id).await?;
    Ok(())
}

pub async fn current_org_id(session: &Session) -> Result<Option<Uuid>, AppError> {
    Ok(session.get(ORG_ID).await?)
}
