//! The demo organisation: one member of each role, so a new install can be
//! explored without inviting anyone. Later capabilities add their sample data
//! to `seed`.

use crate::audit::ssr::{Actor, Change, record};
use crate::auth::ssr::{password, tokens, users};
use crate::db::Db;
use crate::error::AppError;
use crate::roles::Role;
use crate::with_db;
use serde_json::json;
use uuid::Uuid;

pub const DEMO_ORG_NAME: &str = "Harbourside Logistics";

pub const DEMO_PEOPLE: &[(&str, &str, Role)] = &[
    ("Olivia Grant", "olivia@harbourside.example", Role::Owner),
    ("Marcus Reed", "marcus@harbourside.example", Role::Admin),
    ("Priya Shah", "priya@harbourside.example", Role::Editor),
    ("Tom Becker", "tom@harbourside.example", Role::Contributor),
    ("Elena Ruiz", "elena@harbourside.example", Role::Auditor),
    ("David Okafor", "david@harbourside.example", Role::Executive),
];

pub struct DemoSeed {
    pub org_id: Uuid,
    pub owner_id: Uuid,
    pub password: String,
}

pub async fn demo_exists(db: &Db) -> Result<bool, sqlx::Error> {
    let found: Option<i32> = with_db!(db, pool => sqlx::query_scalar(
        "SELECT 1 FROM organisations WHERE is_demo = $1 LIMIT 1",
    )
    .bind(true)
    .fetch_optional(pool)
    .await)?;
    Ok(found.is_some())
}

/// Creates the demo organisation and its people. All demo accounts share
/// `password` (random when none is configured), which is returned so the
/// operator can be told.
pub async fn seed(db: &Db, password: Option<String>) -> Result<DemoSeed, AppError> {
    let password = password.unwrap_or_else(|| tokens::random_token()[..16].to_string());
    // One hash serves every demo account: they share the password anyway.
    let hash = password::hash(password.clone()).await?;
    let mut tx = db.begin().await?;
    let mut ids = Vec::new();
    for (name, email, _) in DEMO_PEOPLE {
        let id = users::insert(
            &mut tx,
            &users::NewUser {
                email,
                name,
                password_hash: &hash,
            },
        )
        .await
        .map_err(|_| {
            AppError::Conflict(format!(
                "The demo account {email} already exists; the demo data cannot be created twice."
            ))
        })?;
        ids.push(id);
    }
    let owner = Actor {
        id: ids[0],
        email: DEMO_PEOPLE[0].1.to_string(),
    };
    let org_id = crate::orgs::ssr::create(&mut tx, &owner, DEMO_ORG_NAME, true).await?;
    for ((_, email, role), id) in DEMO_PEOPLE.iter().zip(&ids).skip(1) {
        let member = Actor {
            id: *id,
            email: email.to_string(),
        };
        crate::orgs::ssr::add_member(&mut tx, org_id, &owner, &member, *role).await?;
    }
    let bia = super::bia::seed(&mut tx, org_id, &owner, &ids).await?;
    let systems = super::systems::seed(&mut tx, org_id, &owner, &ids, &bia).await?;
    super::drills::seed(&mut tx, org_id, &owner, &ids, &systems).await?;
    super::controls::seed(&mut tx, org_id, &owner, &ids).await?;
    record(
        &mut tx,
        org_id,
        &owner,
        Change {
            action: "demo.created",
            entity_type: "organisation",
            entity_id: Some(org_id.to_string()),
            before: None,
            after: Some(json!({ "members": DEMO_PEOPLE.len() })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(DemoSeed {
        org_id,
        owner_id: owner.id,
        password,
    })
}
