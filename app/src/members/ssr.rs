//! Members and invitations in the database. Every query names the
//! organisation, so an id from another organisation simply finds nothing.

use super::{InviteState, Member, PendingInvite};
use crate::audit::ssr::{Actor, Change, record};
use crate::db::{Db, Tx};
use crate::error::AppError;
use crate::orgs::ssr::parse_role;
use crate::roles::Role;
use crate::{with_db, with_tx};
use chrono::{DateTime, Utc};
use serde_json::json;
use uuid::Uuid;

#[derive(sqlx::FromRow)]
struct MemberRow {
    user_id: Uuid,
    name: String,
    email: String,
    role: String,
    created_at: DateTime<Utc>,
}

pub async fn list(db: &Db, org_id: Uuid) -> Result<Vec<Member>, sqlx::Error> {
    let rows: Vec<MemberRow> = with_db!(db, pool => sqlx::query_as(
        "SELECT u.id AS user_id, u.name, u.email, m.role, m.created_at FROM memberships m \
         JOIN users u ON u.id = m.user_id WHERE m.org_id = $1 ORDER BY u.name, u.email",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await)?;
    rows.into_iter()
        .map(|r| {
            Ok(Member {
                user_id: r.user_id,
                name: r.name,
                email: r.email,
                role: parse_role(&r.role)?,
                joined_at: r.created_at,
            })
        })
        .collect()
}

async fn member_in_tx(
    tx: &mut Tx,
    org_id: Uuid,
    user_id: Uuid,
) -> Result<(Role, String), AppError> {
    let row: Option<(String, String)> = with_tx!(tx, conn => sqlx::query_as(
        "SELECT m.role, u.email FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.org_id = $1 AND m.user_id = $2",
    )
    .bind(org_id)
    .bind(user_id)
    .fetch_optional(conn)
    .await)?;
    let (role, email) = row.ok_or_else(|| AppError::NotFound("Member".into()))?;
    Ok((parse_role(&role)?, email))
}

async fn owner_count(tx: &mut Tx, org_id: Uuid) -> Result<i64, sqlx::Error> {
    with_tx!(tx, conn => sqlx::query_scalar(
        "SELECT COUNT(*) FROM memberships WHERE org_id = $1 AND role = 'owner'",
    )
    .bind(org_id)
    .fetch_one(conn)
    .await)
}

/// The checks shared by changing a role and removing a member.
async fn check_can_manage(
    tx: &mut Tx,
    org_id: Uuid,
    actor_role: Role,
    actor_id: Uuid,
    target: Uuid,
) -> Result<(Role, String), AppError> {
    if target == actor_id {
        return Err(AppError::forbidden(
            "You cannot change your own membership. Ask another owner or admin.",
        ));
    }
    let (current, email) = member_in_tx(tx, org_id, target).await?;
    if !actor_role.can_assign(current) {
        return Err(AppError::forbidden(
            "Only owners can change or remove an owner.",
        ));
    }
    if current == Role::Owner && owner_count(tx, org_id).await? <= 1 {
        return Err(AppError::Conflict(
            "An organisation needs at least one owner.".into(),
        ));
    }
    Ok((current, email))
}

pub async fn change_role(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    actor_role: Role,
    target: Uuid,
    role: Role,
) -> Result<(), AppError> {
    if !actor_role.can_assign(role) {
        return Err(AppError::field(
            "role",
            "Only owners can make someone an owner.",
        ));
    }
    let (current, email) = check_can_manage(tx, org_id, actor_role, actor.id, target).await?;
    if current == role {
        return Ok(());
    }
    with_tx!(tx, conn => sqlx::query("UPDATE memberships SET role = $1 WHERE org_id = $2 AND user_id = $3")
        .bind(role.as_str())
        .bind(org_id)
        .bind(target)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    record(
        tx,
        org_id,
        actor,
        Change {
            action: "member.role_changed",
            entity_type: "membership",
            entity_id: Some(target.to_string()),
            before: Some(json!({ "email": email, "role": current.as_str() })),
            after: Some(json!({ "email": email, "role": role.as_str() })),
        },
    )
    .await?;
    Ok(())
}

pub async fn remove(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    actor_role: Role,
    target: Uuid,
) -> Result<(), AppError> {
    let (current, email) = check_can_manage(tx, org_id, actor_role, actor.id, target).await?;
    with_tx!(tx, conn => sqlx::query("DELETE FROM memberships WHERE org_id = $1 AND user_id = $2")
        .bind(org_id)
        .bind(target)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    record(
        tx,
        org_id,
        actor,
        Change {
            action: "member.removed",
            entity_type: "membership",
            entity_id: Some(target.to_string()),
            before: Some(json!({ "email": email, "role": current.as_str() })),
            after: None,
        },
    )
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct InviteRow {
    id: Uuid,
    email: String,
    role: String,
    inviter: String,
    created_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
}

/// Invitations neither accepted nor revoked, expired ones included (flagged).
pub async fn pending_invites(db: &Db, org_id: Uuid) -> Result<Vec<PendingInvite>, sqlx::Error> {
    let rows: Vec<InviteRow> = with_db!(db, pool => sqlx::query_as(
        "SELECT i.id, i.email, i.role, u.name AS inviter, i.created_at, i.expires_at FROM invites i \
         JOIN users u ON u.id = i.invited_by \
         WHERE i.org_id = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL ORDER BY i.created_at DESC",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await)?;
    let now = Utc::now();
    rows.into_iter()
        .map(|r| {
            Ok(PendingInvite {
                id: r.id,
                email: r.email,
                role: parse_role(&r.role)?,
                invited_by: r.inviter,
                created_at: r.created_at,
                expires_at: r.expires_at,
                expired: r.expires_at <= now,
            })
        })
        .collect()
}

pub async fn is_member_email(tx: &mut Tx, org_id: Uuid, email: &str) -> Result<bool, sqlx::Error> {
    let found: Option<i32> = with_tx!(tx, conn => sqlx::query_scalar(
        "SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.org_id = $1 AND u.email = $2",
    )
    .bind(org_id)
    .bind(email)
    .fetch_optional(conn)
    .await)?;
    Ok(found.is_some())
}

pub struct NewInvite<'a> {
    pub email: &'a str,
    pub role: Role,
    pub token_hash: &'a str,
    pub expires_at: DateTime<Utc>,
}

/// Creates an invitation. A still-open invitation to the same address is
/// revoked first, so the newest link is the only one that works.
pub async fn create_invite(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    invite: &NewInvite<'_>,
) -> Result<Uuid, AppError> {
    let now = Utc::now();
    let replaced: Vec<Uuid> = with_tx!(tx, conn => sqlx::query_scalar(
        "SELECT id FROM invites WHERE org_id = $1 AND email = $2 AND accepted_at IS NULL AND revoked_at IS NULL",
    )
    .bind(org_id)
    .bind(invite.email)
    .fetch_all(conn)
    .await)?;
    for old in replaced {
        revoke_invite(tx, org_id, actor, old).await?;
    }
    let id = Uuid::new_v4();
    with_tx!(tx, conn => sqlx::query(
        "INSERT INTO invites (id, org_id, email, role, token_hash, invited_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(org_id)
    .bind(invite.email)
    .bind(invite.role.as_str())
    .bind(invite.token_hash)
    .bind(actor.id)
    .bind(now)
    .bind(invite.expires_at)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    record(
        tx,
        org_id,
        actor,
        Change {
            action: "invite.created",
            entity_type: "invite",
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(json!({
                "email": invite.email,
                "role": invite.role.as_str(),
                "expires_at": invite.expires_at,
            })),
        },
    )
    .await?;
    Ok(id)
}

pub async fn revoke_invite(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    invite_id: Uuid,
) -> Result<(), AppError> {
    let row: Option<(String, String)> = with_tx!(tx, conn => sqlx::query_as(
        "SELECT email, role FROM invites WHERE id = $1 AND org_id = $2 AND accepted_at IS NULL AND revoked_at IS NULL",
    )
    .bind(invite_id)
    .bind(org_id)
    .fetch_optional(conn)
    .await)?;
    let (email, role) = row.ok_or_else(|| AppError::NotFound("Invitation".into()))?;
    with_tx!(tx, conn => sqlx::query("UPDATE invites SET revoked_at = $1 WHERE id = $2 AND org_id = $3")
        .bind(Utc::now())
        .bind(invite_id)
        .bind(org_id)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    record(
        tx,
        org_id,
        actor,
        Change {
            action: "invite.revoked",
            entity_type: "invite",
            entity_id: Some(invite_id.to_string()),
            before: Some(json!({ "email": email, "role": role, "state": "open" })),
            after: Some(json!({ "email": email, "role": role, "state": "revoked" })),
        },
    )
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InviteByToken {
    pub id: Uuid,
    pub org_id: Uuid,
    pub org_name: String,
    pub email: String,
    pub role: String,
    pub inviter: String,
    pub expires_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl InviteByToken {
    pub fn state(&self) -> InviteState {
        if self.accepted_at.is_some() {
            InviteState::Used
        } else if self.revoked_at.is_some() {
            InviteState::Revoked
        } else if self.expires_at <= Utc::now() {
            InviteState::Expired
        } else {
            InviteState::Open
        }
    }
}

pub async fn find_invite(db: &Db, token_hash: &str) -> Result<Option<InviteByToken>, sqlx::Error> {
    with_db!(db, pool => sqlx::query_as::<_, InviteByToken>(
        "SELECT i.id, i.org_id, o.name AS org_name, i.email, i.role, u.name AS inviter, i.expires_at, \
         i.accepted_at, i.revoked_at FROM invites i \
         JOIN organisations o ON o.id = i.org_id JOIN users u ON u.id = i.invited_by \
         WHERE i.token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(pool)
    .await)
}

/// Marks the invitation used and adds the member. The conditional update
/// makes the link single-use even when two people click it at once.
pub async fn accept_invite(
    tx: &mut Tx,
    invite: &InviteByToken,
    user: &Actor,
) -> Result<Role, AppError> {
    let now = Utc::now();
    let claimed = with_tx!(tx, conn => sqlx::query(
        "UPDATE invites SET accepted_at = $1, accepted_by = $2 \
         WHERE id = $3 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $4",
    )
    .bind(now)
    .bind(user.id)
    .bind(invite.id)
    .bind(now)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    if claimed != 1 {
        return Err(AppError::Conflict(
            "This invitation has already been used or is no longer valid.".into(),
        ));
    }
    let role = parse_role(&invite.role)?;
    record(
        tx,
        invite.org_id,
        user,
        Change {
            action: "invite.accepted",
            entity_type: "invite",
            entity_id: Some(invite.id.to_string()),
            before: Some(json!({ "email": invite.email, "role": role.as_str(), "state": "open" })),
            after: Some(
                json!({ "email": invite.email, "role": role.as_str(), "state": "accepted" }),
            ),
        },
    )
    .await?;
    crate::orgs::ssr::add_member(tx, invite.org_id, user, user, role).await?;
    Ok(role)
}
