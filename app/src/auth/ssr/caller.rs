//! Who is calling, in which organisation, with which role. Every server
//! function that touches an organisation's data starts with [`authorize`].

use crate::error::AppError;
use crate::memo::Head;
use crate::orgs::ssr as orgs;
use crate::roles::{Permission, Role};
use crate::state::AppState;
use crate::with_db;
use tower_sessions::Session;
use uuid::Uuid;

const USER_ID: &str = "user_id";
const ORG_ID: &str = "org_id";
/// The day (counted from the common era) the session's expiry last moved.
const RENEWED_ON: &str = "renewed_on";

fn today() -> i32 {
    chrono::Datelike::num_days_from_ce(&chrono::Utc::now().date_naive())
}

/// Sessions end after `session_days` without activity, but the session layer
/// only pushes a session's expiry (and its cookie's) forward when the session
/// changes. Changing it on the first request of each day keeps an active
/// user signed in for one write a day.
async fn renew(session: &Session, today: i32) -> Result<(), AppError> {
    let renewed: Option<i32> = session.get(RENEWED_ON).await?;
    if renewed != Some(today) {
        session.insert(RENEWED_ON, today).await?;
    }
    Ok(())
}

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
pub struct Seen {
    identity: std::sync::Arc<tokio::sync::OnceCell<(Uuid, std::sync::Arc<Identity>)>>,
    /// The current organisation's audit head, read with the identity. An
    /// audit entry written in this request forgets it (see [`forget_head`]).
    head: std::sync::Arc<std::sync::Mutex<Option<(Uuid, Head)>>>,
}

/// The caller's [`Identity`], read once per request.
pub async fn identity(
    state: &AppState,
    session: &Session,
) -> Result<std::sync::Arc<Identity>, AppError> {
    let user_id: Uuid = session
        .get(USER_ID)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    renew(session, today()).await?;
    let Some(seen) = leptos::prelude::use_context::<Seen>() else {
        return Ok(read_identity(state, session, user_id).await?.0);
    };
    let (id, identity) = seen
        .identity
        .get_or_try_init(|| async {
            let (identity, head) = read_identity(state, session, user_id).await?;
            *lock(&seen.head) = head;
            Ok::<_, AppError>((user_id, identity))
        })
        .await?;
    // A sign-in within this request changes who is calling.
    if *id == user_id {
        Ok(identity.clone())
    } else {
        Ok(read_identity(state, session, user_id).await?.0)
    }
}

fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // Nothing is left half-written under these locks, poisoned or not.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The audit head of `org_id` as read with this request's identity, if it
/// was and nothing has been audited since.
pub fn seen_head(org_id: Uuid) -> Option<Head> {
    let seen = leptos::prelude::use_context::<Seen>()?;
    let head = lock(&seen.head);
    head.as_ref()
        .filter(|(org, _)| *org == org_id)
        .map(|(_, head)| head.clone())
}

/// Called for every audit entry written: the head read earlier in this
/// request is no longer the newest.
pub fn forget_head() {
    if let Some(seen) = leptos::prelude::use_context::<Seen>() {
        *lock(&seen.head) = None;
    }
}

#[derive(sqlx::FromRow)]
struct IdentityRow {
    id: Uuid,
    email: String,
    name: String,
    org_id: Option<Uuid>,
    org_name: Option<String>,
    role: Option<String>,
    is_demo: Option<bool>,
    head_id: Option<i64>,
    head_hash: Option<String>,
}

/// The account, its memberships and the audit head of the session's
/// organisation, in one query: every signed-in request needs all three.
async fn read_identity(
    state: &AppState,
    session: &Session,
    user_id: Uuid,
) -> Result<super::callers::Found, AppError> {
    let wanted: Option<Uuid> = session.get(ORG_ID).await?;
    // Counted before the read: a write finishing during it moves the count
    // past what the identity is kept under.
    let writes = crate::db::writes();
    if let Some(found) = state.callers.get(user_id, wanted, writes) {
        return Ok(found);
    }
    let rows: Vec<IdentityRow> = with_db!(&state.db, pool => sqlx::query_as(
        "SELECT u.id, u.email, u.name, o.id AS org_id, o.name AS org_name, m.role, o.is_demo, \
         CASE WHEN o.id = $2 THEN (SELECT a.id FROM audit_log a WHERE a.org_id = o.id ORDER BY a.id DESC LIMIT 1) END AS head_id, \
         CASE WHEN o.id = $2 THEN (SELECT a.entry_hash FROM audit_log a WHERE a.org_id = o.id ORDER BY a.id DESC LIMIT 1) END AS head_hash \
         FROM users u LEFT JOIN memberships m ON m.user_id = u.id LEFT JOIN organisations o ON o.id = m.org_id \
         WHERE u.id = $1 ORDER BY o.name, o.id",
    )
    .bind(user_id)
    .bind(wanted)
    .fetch_all(pool)
    .await)?;
    let Some(first) = rows.first() else {
        // The account is gone; the session must not outlive it.
        session.flush().await?;
        return Err(AppError::Unauthenticated);
    };
    let user = SignedInUser {
        id: first.id,
        email: first.email.clone(),
        name: first.name.clone(),
    };
    let mut head = None;
    let mut memberships = Vec::with_capacity(rows.len());
    for row in rows {
        let (Some(org_id), Some(name), Some(role)) = (row.org_id, row.org_name, row.role) else {
            continue;
        };
        if Some(org_id) == wanted {
            head = Some((org_id, Head::new(row.head_id.map(|id| (id, row.head_hash)))));
        }
        memberships.push(crate::auth::OrgMembership {
            org_id,
            name,
            role: orgs::parse_role(&role)?,
            is_demo: row.is_demo.unwrap_or(false),
        });
    }
    let found = (std::sync::Arc::new(Identity { user, memberships }), head);
    state.callers.keep(user_id, wanted, writes, &found);
    Ok(found)
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
    session.insert(RENEWED_ON, today()).await?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use tower_sessions::{Expiry, MemoryStore};

    fn open(store: &Arc<MemoryStore>, id: Option<tower_sessions::session::Id>) -> Session {
        Session::new(
            id,
            store.clone(),
            Some(Expiry::OnInactivity(
                tower_sessions::cookie::time::Duration::days(14),
            )),
        )
    }

    #[tokio::test]
    async fn a_session_is_renewed_on_its_first_request_of_a_day_only() {
        let store = Arc::new(MemoryStore::default());
        let first = open(&store, None);
        first.insert(USER_ID, Uuid::new_v4()).await.unwrap();
        first.insert(RENEWED_ON, 739_000).await.unwrap();
        first.save().await.unwrap();
        let id = first.id();

        let same_day = open(&store, id);
        renew(&same_day, 739_000).await.unwrap();
        assert!(!same_day.is_modified(), "no write on a day it was renewed");

        let next_day = open(&store, id);
        renew(&next_day, 739_001).await.unwrap();
        assert!(next_day.is_modified(), "the next day's request renews it");
        assert_eq!(
            next_day.get::<i32>(RENEWED_ON).await.unwrap(),
            Some(739_001)
        );
    }
}
