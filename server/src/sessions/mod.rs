//! Sessions live in the database, so they survive restarts and are shared by
//! every app server in front of one PostgreSQL database.
//!
//! On SQLite a server also keeps each session it has read or written in
//! memory, and uses those copies while it is the only server on the file
//! ([`Sole`]): a signed-in page then costs no session query. A copy held by
//! one of several servers would miss a sign-out handled by another, so with
//! company (and always on PostgreSQL, which exists for several servers)
//! every request reads its session from the database.

use app::config::Settings;
use app::db::{Db, Sole};
use async_trait::async_trait;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use time::OffsetDateTime;
use tower_sessions::cookie::SameSite;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion};
use tower_sessions::{Expiry, SessionManagerLayer, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

pub const COOKIE_NAME: &str = "seawall_session";

#[derive(Clone, Debug)]
pub enum Store {
    Sqlite(SqliteStore, Remembered),
    Postgres(PostgresStore),
}

/// How many sessions are kept in memory before the expired ones are dropped
/// (and, if that is not enough, all of them: a miss only costs one query).
const REMEMBERED: usize = 10_000;

/// Sessions this process has read or written, by id.
#[derive(Clone, Debug)]
pub struct Remembered {
    copies: Arc<Mutex<Copies>>,
    sole: Arc<Sole>,
}

#[derive(Debug, Default)]
struct Copies {
    records: HashMap<Id, Record>,
    /// Counts writes and deletions, so a read from the database that raced
    /// with one is not kept (it may be older than what was written).
    writes: u64,
}

impl Remembered {
    fn new(sole: Arc<Sole>) -> Remembered {
        Remembered {
            copies: Arc::default(),
            sole,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Copies> {
        // Every change under this lock is a single map operation.
        self.copies.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The remembered copy, or (to ask the database) the write count to
    /// hand back to [`Remembered::read`]; none when what the database says
    /// must not be kept.
    fn get(&self, id: &Id) -> Result<Option<Record>, Option<u64>> {
        let sole = self.sole.now();
        let mut copies = self.lock();
        if !sole {
            // Another server may have changed any of them.
            copies.records.clear();
            return Err(None);
        }
        match copies.records.get(id) {
            Some(record) if record.expiry_date > OffsetDateTime::now_utc() => {
                Ok(Some(record.clone()))
            }
            Some(_) => {
                copies.records.remove(id);
                Err(Some(copies.writes))
            }
            None => Err(Some(copies.writes)),
        }
    }

    /// Keeps a record read from the database, unless something was written
    /// since the read began.
    fn read(&self, record: &Record, writes_before: u64) {
        let mut copies = self.lock();
        if copies.writes == writes_before {
            copies.keep(record);
        }
    }

    fn wrote(&self, record: Option<&Record>, id: &Id) {
        let mut copies = self.lock();
        copies.writes += 1;
        copies.records.remove(id);
        if let Some(record) = record {
            copies.keep(record);
        }
    }
}

impl Copies {
    fn keep(&mut self, record: &Record) {
        if self.records.len() >= REMEMBERED {
            let now = OffsetDateTime::now_utc();
            self.records.retain(|_, r| r.expiry_date > now);
            if self.records.len() >= REMEMBERED {
                self.records.clear();
            }
        }
        self.records.insert(record.id, record.clone());
    }
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
            Store::Sqlite(s, remembered) => {
                let result = s.create(record).await;
                remembered.wrote(result.is_ok().then_some(&*record), &record.id);
                result
            }
            Store::Postgres(s) => s.create(record).await,
        })
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        noted(match self {
            Store::Sqlite(s, remembered) => {
                let result = s.save(record).await;
                // A failed write leaves the database's copy the one to trust.
                remembered.wrote(result.is_ok().then_some(record), &record.id);
                result
            }
            Store::Postgres(s) => s.save(record).await,
        })
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        noted(match self {
            Store::Sqlite(s, remembered) => match remembered.get(id) {
                Ok(found) => Ok(found),
                Err(writes_before) => {
                    let loaded = s.load(id).await;
                    if let (Ok(Some(record)), Some(writes_before)) = (&loaded, writes_before) {
                        remembered.read(record, writes_before);
                    }
                    loaded
                }
            },
            Store::Postgres(s) => s.load(id).await,
        })
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        noted(match self {
            Store::Sqlite(s, remembered) => {
                let result = s.delete(id).await;
                remembered.wrote(None, id);
                result
            }
            Store::Postgres(s) => s.delete(id).await,
        })
    }
}

#[async_trait]
impl ExpiredDeletion for Store {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            Store::Sqlite(s, _) => s.delete_expired().await,
            Store::Postgres(s) => s.delete_expired().await,
        }
    }
}

pub async fn layer(
    db: &Db,
    settings: &Settings,
    sole: Arc<Sole>,
) -> Result<SessionManagerLayer<Store>, sqlx::Error> {
    let store = match db {
        Db::Sqlite(pool) => {
            let store = SqliteStore::new(pool.clone());
            store.migrate().await?;
            Store::Sqlite(store, Remembered::new(sole))
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

#[cfg(test)]
mod tests {
    use super::*;
    use time::Duration;

    fn record(expires_in: Duration) -> Record {
        Record {
            id: Id::default(),
            data: HashMap::new(),
            expiry_date: OffsetDateTime::now_utc() + expires_in,
        }
    }

    impl Default for Remembered {
        fn default() -> Remembered {
            Remembered::new(Arc::new(Sole::Always))
        }
    }

    #[test]
    fn a_written_session_is_read_back_from_memory_until_it_expires() {
        let remembered = Remembered::default();
        let live = record(Duration::days(1));
        let expired = record(Duration::seconds(-1));
        remembered.wrote(Some(&live), &live.id);
        remembered.wrote(Some(&expired), &expired.id);
        assert_eq!(remembered.get(&live.id).unwrap().unwrap().id, live.id);
        assert!(
            remembered.get(&expired.id).is_err(),
            "expired: ask the database"
        );
    }

    #[test]
    fn a_database_read_that_raced_with_a_write_is_not_kept() {
        let remembered = Remembered::default();
        let old = record(Duration::days(1));
        let writes_before = remembered.get(&old.id).unwrap_err().unwrap();
        // A sign-out lands while the read is in flight.
        remembered.wrote(None, &old.id);
        remembered.read(&old, writes_before);
        assert!(remembered.get(&old.id).is_err());

        let writes_before = remembered.get(&old.id).unwrap_err().unwrap();
        remembered.read(&old, writes_before);
        assert!(remembered.get(&old.id).unwrap().is_some());
    }

    #[test]
    fn a_server_with_company_asks_the_database_every_time() {
        let remembered = Remembered::new(Arc::new(Sole::Never { _servers: None }));
        let live = record(Duration::days(1));
        remembered.wrote(Some(&live), &live.id);
        assert_eq!(remembered.get(&live.id).unwrap_err(), None);
        assert!(remembered.lock().records.is_empty());
    }

    #[test]
    fn a_full_memory_drops_expired_sessions_first() {
        let remembered = Remembered::default();
        let kept = record(Duration::days(1));
        remembered.wrote(Some(&kept), &kept.id);
        for _ in 1..REMEMBERED {
            let expired = record(Duration::seconds(-1));
            remembered.wrote(Some(&expired), &expired.id);
        }
        let newest = record(Duration::days(1));
        remembered.wrote(Some(&newest), &newest.id);
        assert_eq!(remembered.lock().records.len(), 2);
        assert!(remembered.get(&kept.id).unwrap().is_some());
    }
}
