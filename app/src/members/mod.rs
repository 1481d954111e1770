//! Members of an organisation and invitations to join it.

mod invite_page;
mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use invite_page::InvitePage;
pub use pages::MembersPage;

use crate::error::AppError;
use crate::roles::Role;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub user_id: Uuid,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub joined_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingInvite {
    pub id: Uuid,
    pub email: String,
    pub role: Role,
    pub invited_by: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub expired: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MembersView {
    pub members: Vec<Member>,
    /// Only filled in for those who may manage members.
    pub invites: Vec<PendingInvite>,
    pub my_id: Uuid,
    pub my_role: Role,
    /// Where invitation links point, e.g. `https://seawall.example.com`.
    pub link_base: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreatedInvite {
    pub email: String,
    pub role: Role,
    /// The single-use link to hand to the invitee; shown once.
    pub link: String,
    pub expires_at: DateTime<Utc>,
    /// Whether an email with the link is on its way (SMTP configured).
    pub emailed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InviteState {
    Open,
    Expired,
    Used,
    Revoked,
}

/// What the invitation page shows before anyone accepts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InviteInfo {
    pub org_name: String,
    pub email: String,
    pub role: Role,
    pub invited_by: String,
    pub expires_at: DateTime<Utc>,
    pub state: InviteState,
    /// Whether the invited address already has an account (sign in) or not (create one).
    pub account_exists: bool,
    /// The email of the signed-in user, if any.
    pub signed_in_as: Option<String>,
}

#[server(prefix = "/api", endpoint = "members/list")]
pub async fn list_members() -> Result<MembersView, AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::ViewOrganisation).await?;
    let db = &caller.state.db;
    let members = ssr::list(db, caller.org_id).await?;
    let invites = if caller.role.can(Permission::ManageMembers) {
        ssr::pending_invites(db, caller.org_id).await?
    } else {
        Vec::new()
    };
    Ok(MembersView {
        members,
        invites,
        my_id: caller.user.id,
        my_role: caller.role,
        link_base: base_url(&caller.state.settings),
    })
}

#[server(prefix = "/api", endpoint = "members/role")]
pub async fn change_role(user_id: Uuid, role: String) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::ManageMembers).await?;
    let role: Role = role
        .parse()
        .map_err(|m: String| AppError::field("role", m))?;
    let mut tx = caller.state.db.begin().await?;
    ssr::change_role(
        &mut tx,
        caller.org_id,
        &caller.actor(),
        caller.role,
        user_id,
        role,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[server(prefix = "/api", endpoint = "members/remove")]
pub async fn remove_member(user_id: Uuid) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::ManageMembers).await?;
    let mut tx = caller.state.db.begin().await?;
    ssr::remove(
        &mut tx,
        caller.org_id,
        &caller.actor(),
        caller.role,
        user_id,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[server(prefix = "/api", endpoint = "invites/create")]
pub async fn create_invite(email: String, role: String) -> Result<CreatedInvite, AppError> {
    use crate::auth::ssr::{authorize, tokens};
    use crate::error::FieldErrors;
    use crate::roles::Permission;

    let caller = authorize(Permission::ManageMembers).await?;
    let mut errors = FieldErrors::new();
    let email = errors.check("email", crate::validate::email(&email));
    let role = errors.check("role", role.parse::<Role>());
    if let Some(role) = role
        && !caller.role.can_assign(role)
    {
        errors.add("role", "Only owners can invite owners.");
    }
    errors.into_result()?;
    let (email, role) = (email.unwrap_or_default(), role.unwrap_or(Role::Contributor));

    let token = tokens::random_token();
    let expires_at = Utc::now() + chrono::Duration::days(caller.state.settings.invite_days);
    let mut tx = caller.state.db.begin().await?;
    if ssr::is_member_email(&mut tx, caller.org_id, &email).await? {
        return Err(AppError::field(
            "email",
            format!("{email} is already a member of this organisation."),
        ));
    }
    ssr::create_invite(
        &mut tx,
        caller.org_id,
        &caller.actor(),
        &ssr::NewInvite {
            email: &email,
            role,
            token_hash: &tokens::token_hash(&token),
            expires_at,
        },
    )
    .await?;
    tx.commit().await?;
    let link = format!("{}/invite/{token}", base_url(&caller.state.settings));
    let emailed = if let Some(mailer) = &caller.state.mailer {
        let (organisation, _) = crate::orgs::ssr::find(&caller.state.db, caller.org_id)
            .await?
            .unwrap_or_default();
        mailer.send_invitation(crate::mail::Invitation {
            to: &email,
            organisation: &organisation,
            inviter: &caller.user.name,
            role: &role.label().to_lowercase(),
            link: &link,
            expires_at,
        });
        true
    } else {
        false
    };
    // Without JavaScript the page reloads; the token travels in the address
    // so the link can be shown once more.
    crate::auth::ssr::redirect_form_post(&format!("/members?created={token}"));
    Ok(CreatedInvite {
        link,
        email,
        role,
        expires_at,
        emailed,
    })
}

/// The address people reach Seawall at: the configured public URL, or the
/// host this request came in on.
#[cfg(feature = "ssr")]
pub(crate) fn base_url(settings: &crate::config::Settings) -> String {
    let parts = use_context::<axum::http::request::Parts>();
    base_url_from(settings, parts.as_ref().map(|p| &p.headers))
}

/// [`base_url`] for plain axum handlers, which have the headers themselves.
#[cfg(feature = "ssr")]
pub(crate) fn base_url_from(
    settings: &crate::config::Settings,
    headers: Option<&axum::http::HeaderMap>,
) -> String {
    if let Some(url) = &settings.public_url {
        return url.trim_end_matches('/').to_string();
    }
    let header = |name: &str| {
        headers
            .and_then(|h| h.get(name))
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let host = header("host").unwrap_or_else(|| settings.addr.to_string());
    let scheme = header("x-forwarded-proto").unwrap_or_else(|| {
        if settings.secure_cookies {
            "https"
        } else {
            "http"
        }
        .to_string()
    });
    format!("{scheme}://{host}")
}

#[server(prefix = "/api", endpoint = "invites/revoke")]
pub async fn revoke_invite(invite_id: Uuid) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::ManageMembers).await?;
    let mut tx = caller.state.db.begin().await?;
    ssr::revoke_invite(&mut tx, caller.org_id, &caller.actor(), invite_id).await?;
    tx.commit().await?;
    Ok(())
}

#[server(prefix = "/api", endpoint = "invites/details")]
pub async fn invite_details(token: String) -> Result<InviteInfo, AppError> {
    use crate::auth::ssr::{require_user, tokens, users};
    use crate::state::AppState;

    let state = AppState::current()?;
    let invite = ssr::find_invite(&state.db, &tokens::token_hash(token.trim()))
        .await?
        .ok_or_else(|| AppError::NotFound("Invitation".into()))?;
    let account_exists = users::find_by_email(&state.db, &invite.email)
        .await?
        .is_some();
    let signed_in_as = match require_user(&state).await {
        Ok((_, user)) => Some(user.email),
        Err(AppError::Unauthenticated) => None,
        Err(e) => return Err(e),
    };
    Ok(InviteInfo {
        state: invite.state(),
        role: crate::orgs::ssr::parse_role(&invite.role)?,
        org_name: invite.org_name,
        email: invite.email,
        invited_by: invite.inviter,
        expires_at: invite.expires_at,
        account_exists,
        signed_in_as,
    })
}

/// Accepts an invitation: as the signed-in user (whose email must match), by
/// signing in to the invited address's account, or by creating that account.
#[server(prefix = "/api", endpoint = "invites/accept")]
pub async fn accept_invite(
    token: String,
    name: Option<String>,
    password: Option<String>,
    password_confirm: Option<String>,
) -> Result<String, AppError> {
    use crate::audit::ssr::Actor;
    use crate::auth::ssr::{
        password as pw, redirect_form_post, require_user, session, sign_in, tokens, users,
    };
    use crate::error::FieldErrors;
    use crate::state::AppState;

    let state = AppState::current()?;
    let invite = ssr::find_invite(&state.db, &tokens::token_hash(token.trim()))
        .await?
        .ok_or_else(|| AppError::NotFound("Invitation".into()))?;
    match invite.state() {
        InviteState::Open => {}
        InviteState::Expired => {
            return Err(AppError::Conflict(
                "This invitation has expired. Ask for a new one.".into(),
            ));
        }
        InviteState::Used => {
            return Err(AppError::Conflict(
                "This invitation has already been used.".into(),
            ));
        }
        InviteState::Revoked => {
            return Err(AppError::Conflict("This invitation was withdrawn.".into()));
        }
    }
    let signed_in = match require_user(&state).await {
        Ok((_, user)) => Some(user),
        Err(AppError::Unauthenticated) => None,
        Err(e) => return Err(e),
    };

    // Passwords are hashed or checked before the write transaction starts, so
    // the slow part never holds the database's write lock.
    enum Joiner {
        Existing(Actor),
        New { name: String, hash: String },
    }
    let joiner = if let Some(user) = signed_in {
        if user.email != invite.email {
            return Err(AppError::forbidden(format!(
                "This invitation is for {}, but you are signed in as {}. Sign out first.",
                invite.email, user.email
            )));
        }
        Joiner::Existing(Actor {
            id: user.id,
            email: user.email,
        })
    } else if let Some(account) = users::find_by_email(&state.db, &invite.email).await? {
        let password = password.unwrap_or_default();
        if password.is_empty() {
            return Err(AppError::field("password", "Enter your password."));
        }
        if !pw::verify(password, Some(account.password_hash)).await? {
            return Err(AppError::field("password", "That password is not correct."));
        }
        Joiner::Existing(Actor {
            id: account.id,
            email: account.email,
        })
    } else {
        let mut errors = FieldErrors::new();
        let name = errors.check(
            "name",
            crate::validate::name(&name.unwrap_or_default(), "your name"),
        );
        let password = errors.check(
            "password",
            crate::validate::new_password(
                &password.unwrap_or_default(),
                &password_confirm.unwrap_or_default(),
                &invite.email,
            ),
        );
        errors.into_result()?;
        Joiner::New {
            name: name.unwrap_or_default(),
            hash: pw::hash(password.unwrap_or_default()).await?,
        }
    };

    let mut tx = state.db.begin().await?;
    let actor = match joiner {
        Joiner::Existing(actor) => actor,
        Joiner::New { name, hash } => {
            let id = users::insert(
                &mut tx,
                &users::NewUser {
                    email: &invite.email,
                    name: &name,
                    password_hash: &hash,
                },
            )
            .await?;
            Actor {
                id,
                email: invite.email.clone(),
            }
        }
    };
    ssr::accept_invite(&mut tx, &invite, &actor).await?;
    tx.commit().await?;

    sign_in(&session().await?, actor.id, Some(invite.org_id)).await?;
    redirect_form_post("/");
    Ok("/".into())
}
