//! Opening the database and bringing its schema up to date.

use super::Db;
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct ConnectOptions {
    /// `sqlite://path` / a bare file path, or `postgres://...`.
    pub url: String,
    pub max_connections: u32,
}

/// Opens the database, creating a SQLite file if there is none, and runs the
/// migrations: what the server does at start-up.
pub async fn connect(options: &ConnectOptions) -> Result<Db, sqlx::Error> {
    open(options, true).await
}

/// Opens a database that must already exist, without changing its schema:
/// for the maintenance commands, which must not create an empty database
/// from a mistyped path or upgrade one behind the operator's back.
pub async fn connect_existing(options: &ConnectOptions) -> Result<Db, sqlx::Error> {
    open(options, false).await
}

/// The file behind a SQLite URL, or `None` for PostgreSQL.
pub fn sqlite_path(url: &str) -> Option<&Path> {
    let url = url.trim();
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        None
    } else {
        Some(Path::new(url.strip_prefix("sqlite://").unwrap_or(url)))
    }
}

async fn open(options: &ConnectOptions, create: bool) -> Result<Db, sqlx::Error> {
    let url = options.url.trim();
    let db = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let pool = PgPoolOptions::new()
            .max_connections(options.max_connections)
            .acquire_timeout(Duration::from_secs(5))
            .connect(url)
            .await?;
        if create {
            sqlx::migrate!("../migrations/postgres").run(&pool).await?;
        }
        Db::Postgres(pool)
    } else {
        let path = url.strip_prefix("sqlite://").unwrap_or(url);
        if let Some(dir) = Path::new(path)
            .parent()
            .filter(|d| create && !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir)?;
        }
        let connect = SqliteConnectOptions::from_str(&format!("sqlite://{path}"))?
            .create_if_missing(create)
            .journal_mode(SqliteJournalMode::Wal)
            // NORMAL is durable across application crashes in WAL mode; only a
            // power loss can drop the last transactions.
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(options.max_connections)
            // A connection to a file cannot drop the way a network one can,
            // and each ping is a round trip to the connection's thread.
            .test_before_acquire(false)
            .acquire_timeout(Duration::from_secs(5))
            .connect_with(connect)
            .await?;
        if create {
            sqlx::migrate!("../migrations/sqlite").run(&pool).await?;
        }
        Db::Sqlite(pool)
    };
    Ok(db)
}
