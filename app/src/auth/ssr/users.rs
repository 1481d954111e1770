//! Reading and creating user accounts.

use crate::db::{Db, Tx};
use crate::error::AppError;
use crate::{with_db, with_tx};
use chrono::{DateTime, Utc};
use uuid::Uuid;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub created_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, email, name, password_hash, created_at";

pub async fn find_by_email(db: &Db, email: &str) -> Result<Option<UserRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE email = $1");
    with_db!(db, pool => sqlx::query_as::<_, UserRow>(&sql).bind(email).fetch_optional(pool).await)
}

pub struct NewUser<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub password_hash: &'a str,
}

/// Creates an account; an email already in use is reported against the field.
pub async fn insert(tx: &mut Tx, user: &NewUser<'_>) -> Result<Uuid, AppError> {
    let id = Uuid::new_v4();
    let result = with_tx!(tx, conn => sqlx::query(
        "INSERT INTO users (id, email, name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(user.email)
    .bind(user.name)
    .bind(user.password_hash)
    .bind(Utc::now())
    .execute(conn)
    .await
    .map(|r| r.rows_affected()));
    match result {
        Ok(_) => Ok(id),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(AppError::field(
            "email",
            "An account with this email already exists. Sign in instead.",
        )),
        Err(e) => Err(e.into()),
    }
}
