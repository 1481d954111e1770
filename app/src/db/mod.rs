//! One data-access layer over SQLite (the embedded default) and PostgreSQL.
//!
//! Queries are written once with `$1` placeholders; [`with_db!`] and
//! [`with_tx!`] expand a query body once per backend, so the same SQL string is
//! compiled against each native driver. That keeps chrono, UUID and boolean
//! types working on both, which `sqlx::Any` does not.

mod connect;
mod sole;

pub use connect::{ConnectOptions, connect, connect_existing, sqlite_path};
pub use sole::Sole;

use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};
use std::sync::atomic::{AtomicU64, Ordering};

/// Failures to reach the database, counted process-wide. The server's
/// outage guard compares the count before and after a request: a page that
/// met one, even one that rendered its error inline, is answered 503 when
/// the database then fails a ping too.
static CONNECTIVITY_FAILURES: AtomicU64 = AtomicU64::new(0);

pub fn note_connectivity_failure() {
    CONNECTIVITY_FAILURES.fetch_add(1, Ordering::Relaxed);
}

pub fn connectivity_failures() -> u64 {
    CONNECTIVITY_FAILURES.load(Ordering::Relaxed)
}

/// Commits this process has made, whether they succeeded or not (a rolled
/// back transaction changes nothing). What is remembered from the database
/// under one count is stale once it moves.
static WRITES: AtomicU64 = AtomicU64::new(0);

pub fn writes() -> u64 {
    WRITES.load(Ordering::Acquire)
}

/// Whether an error means the database could not be reached (or is too
/// busy to answer), rather than that a query was wrong.
pub fn is_connectivity(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|code| {
            // PostgreSQL: connection exceptions (08xxx) and shutdowns or
            // start-ups in progress (57P01-57P03). SQLite: busy, I/O error,
            // cannot open.
            code.starts_with("08")
                || matches!(
                    code.as_ref(),
                    "57P01" | "57P02" | "57P03" | "5" | "10" | "14"
                )
        }),
        _ => false,
    }
}

#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to the backend's native pool.
#[macro_export]
macro_rules! with_db {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite($pool) => $body,
            $crate::db::Db::Postgres($pool) => $body,
        }
    };
}

/// Runs `$body` with `$conn` bound to the transaction's native connection.
#[macro_export]
macro_rules! with_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx {
            $crate::db::Tx::Sqlite(tx) => {
                let $conn = &mut **tx;
                $body
            }
            $crate::db::Tx::Postgres(tx) => {
                let $conn = &mut **tx;
                $body
            }
        }
    };
}

/// A write transaction. Dropping it without `commit` rolls back, so an error
/// half-way through a change leaves nothing behind.
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

impl Db {
    /// Starts a write transaction. SQLite takes the write lock up front
    /// (`BEGIN IMMEDIATE`): a deferred transaction that reads first can fail
    /// to upgrade when another writer got in between, and the busy timeout
    /// does not cover that case.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    pub fn backend(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    /// A cheap round trip, for the readiness probe.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        with_db!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn close(&self) {
        with_db!(self, pool => pool.close().await)
    }
}

impl Tx {
    /// Commits, then counts the write. The commit runs as a task of its own:
    /// a request dropped half-way (its client went away) must not leave a
    /// commit that lands in the database without being counted.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        let commit = tokio::spawn(async move {
            let result = match self {
                Tx::Sqlite(tx) => tx.commit().await,
                Tx::Postgres(tx) => tx.commit().await,
            };
            WRITES.fetch_add(1, Ordering::AcqRel);
            result
        });
        commit.await.unwrap_or_else(|e| {
            tracing::error!(error = %e, "the commit task failed");
            Err(sqlx::Error::WorkerCrashed)
        })
    }
}
