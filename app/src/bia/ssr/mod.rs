//! The BIA in the database. Every query names the organisation, so an id from
//! another organisation finds nothing.

pub mod csv;
pub mod graph;
pub mod processes;
pub mod resources;
pub mod review;

use super::Person;
use crate::db::{Db, Tx};
use crate::error::AppError;
use crate::{with_db, with_tx};
use uuid::Uuid;

/// Members who can own processes and resources, by name.
pub async fn people(db: &Db, org_id: Uuid) -> Result<Vec<Person>, sqlx::Error> {
    let rows: Vec<(Uuid, String)> = with_db!(db, pool => sqlx::query_as(
        "SELECT u.id, u.name FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.org_id = $1 ORDER BY u.name, u.email",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await)?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| Person { id, name })
        .collect())
}

/// An owner must be a member of the organisation.
pub async fn check_owner(tx: &mut Tx, org_id: Uuid, owner: Option<Uuid>) -> Result<(), AppError> {
    let Some(owner) = owner else { return Ok(()) };
    let found: Option<i32> = with_tx!(tx, conn => sqlx::query_scalar(
        "SELECT 1 FROM memberships WHERE org_id = $1 AND user_id = $2",
    )
    .bind(org_id)
    .bind(owner)
    .fetch_optional(conn)
    .await)?;
    match found {
        Some(_) => Ok(()),
        None => Err(AppError::field(
            "owner",
            "Choose a member of this organisation.",
        )),
    }
}

/// Parses the owner field of a form: empty means nobody.
pub fn parse_owner(input: &str) -> Result<Option<Uuid>, String> {
    let input = input.trim();
    if input.is_empty() {
        return Ok(None);
    }
    input
        .parse()
        .map(Some)
        .map_err(|_| "Choose a member of this organisation.".to_string())
}
