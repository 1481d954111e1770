//! Sessions live in the database, so they survive restarts and are shared by
//! every app server in front of one PostgreSQL database.

use app::config::Settings;
use app::db::Db;
use async_trait::async_trait;
use tower_sessions::cookie::SameSite;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion};
use tower_sessions::{Expiry, SessionManagerLayer, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

pub const COOKIE_NAME: &str = "seawall_session";

#[derive(Clone, Debug)]
pub enum Store {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

/// The stores report database errors as text, so any failure is counted as
/// a possible outage; the outage guard then pings to find out.
fn noted<T>(result: session_store::Result<T>) -> session_store::Result<T> {
    if result.is_err() {
        app::db::note_connectivity_failure();
    }
    result
}

#[async_trait]
impl SessionStore for Store {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        noted(match self {
            Store::Sqlite(s) => s.create(record).await,
            Store::Postgres(s) => s.create(record).await,
        })
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        noted(match self {
            Store::Sqlite(s) => s.save(record).await,
            Store::Postgres(s) => s.save(record).await,
        })
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        noted(match self {
            Store::Sqlite(s) => s.load(id).await,
            Store::Postgres(s) => s.load(id).await,
        })
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        noted(match self {
            Store::Sqlite(s) => s.delete(id).await,
            Store::Postgres(s) => s.delete(id).await,
        })
    }
}

#[async_trait]
impl ExpiredDeletion for Store {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            Store::Sqlite(s) => s.delete_expired().await,
            Store::Postgres(s) => s.delete_expired().await,
        }
    }
}

pub async fn layer(
    db: &Db,
    settings: &Settings,
) -> Result<SessionManagerLayer<Store>, sqlx::Error> {
    let store = match db {
        Db::Sqlite(pool) => {
            let store = SqliteStore::new(pool.clone());
            store.migrate().await?;
            Store::Sqlite(store)
        }
        Db::Postgres(pool) => {
            let store = PostgresStore::new(pool.clone());
            store.migrate().await?;
            Store::Postgres(store)
        }
    };
    tokio::spawn(
        store
            .clone()
            .continuously_delete_expired(tokio::time::Duration::from_secs(3600)),
    );
    Ok(SessionManagerLayer::new(store)
        .with_name(COOKIE_NAME)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(settings.secure_cookies)
        .with_expiry(Expiry::OnInactivity(time::Duration::days(
            settings.session_days,
        ))))
}
