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
    let identity = identity(state, &session).await?;
    Ok((session, identity.user.clone()))
}

/// The signed-in user and the organisations they belong to.
#[derive(Debug)]
pub struct Identity {
    pub user: SignedInUser,
    /// Ordered by organisation name.
    pub memberships: Vec<crate::auth::OrgMembership>,
}

/// What this request has read about its caller. A page runs several server
/// functions in one request (the frame's session, the page's data), and
/// each would otherwise read the same user and memberships again. Provided
/// once per request; nothing changes memberships and then reads them back
/// within one request.
#[derive(Clone, Debug, Default)]
pub struct Seen(std::sync::Arc<tokio::sync::OnceCell<(Uuid, std::sync::Arc<Identity>)>>);

/// The caller's [`Identity`], read once per request.
pub async fn identity(
    state: &AppState,
    session: &Session,
) -> Result<std::sync::Arc<Identity>, AppError> {
    let user_id: Uuid = session
        .get(USER_ID)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let Some(seen) = leptos::prelude::use_context::<Seen>() else {
        return read_identity(state, session, user_id).await;
    };
    let (id, identity) = seen
        .0
        .get_or_try_init(|| async {
            Ok::<_, AppError>((user_id, read_identity(state, session, user_id).await?))
        })
        .await?;
    // A sign-in within this request changes who is calling.
    if *id == user_id {
        Ok(identity.clone())
    } else {
        read_identity(state, session, user_id).await
    }
}

async fn read_identity(
    state: &AppState,
    session: &Session,
    user_id: Uuid,
) -> Result<std::sync::Arc<Identity>, AppError> {
    let Some(user) = users::find_by_id(&state.db, user_id).await? else {
        // The account is gone; the session must not outlive it.
        session.flush().await?;
        return Err(AppError::Unauthenticated);
    };
    let memberships = orgs::memberships_of(&state.db, user_id).await?;
    Ok(std::sync::Arc::new(Identity {
        user: SignedInUser {
            id: user.id,
            email: user.email,
            name: user.name,
        },
        memberships,
    }))
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
    let identity = identity(&state, session).await?;
    let wanted: Option<Uuid> = session.get(ORG_ID).await?;
    let of = |m: &crate::auth::OrgMembership| (m.org_id, m.role);
    let mut current = wanted.and_then(|org_id| {
        identity
            .memberships
            .iter()
            .find(|m| m.org_id == org_id)
            .map(of)
    });
    if current.is_none() {
        // The session points nowhere, or at an organisation the user left.
        current = identity.memberships.first().map(of);
        if let Some((org_id, _)) = current {
            session.insert(ORG_ID, org_id).await?;
        }
    }
    let Some((org_id, role)) = current else {
        return Err(AppError::forbidden(crate::auth::NO_ORGANISATION));
    };
    if !role.can(permission) {
        return Err(AppError::forbidden(denied_message(permission)));
    }
    Ok(Caller {
        user: identity.user.clone(),
        state,
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
