//! Whether this server is the only one using its SQLite file, the condition
//! for trusting what it keeps in memory (sessions, callers' identities).
//! The first server on a file holds `<file>.primary.lock`; every other one
//! holds a shared lock on `<file>.servers.lock` for as long as it runs. The
//! first server tries to lock that file exclusively before each use of its
//! copies: while another server runs, the attempt fails and it reads from
//! the database. A PostgreSQL database is never trusted to have one server.

use std::fs::{File, OpenOptions};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

#[derive(Debug)]
pub enum Sole {
    /// An in-memory database no other process can open.
    Always,
    /// The first server on the file; `servers` shows whether others run.
    First {
        primary: File,
        servers: File,
        released: AtomicBool,
    },
    /// Another server was first (its shared lock on `servers.lock` is held
    /// while this value lives), or the locks could not be made: this server
    /// never trusts its copies.
    Never { _servers: Option<File> },
}

impl Sole {
    /// Locks are advisory files beside the database; if they cannot be made
    /// the server simply reads everything from the database.
    pub fn for_database(url: &str) -> Sole {
        if url.contains(":memory:") || url.contains("mode=memory") {
            return Sole::Always;
        }
        let Some(path) = super::sqlite_path(url) else {
            return Sole::Never { _servers: None };
        };
        let path = path.to_string_lossy();
        let path = path.split('?').next().unwrap_or_default();
        match Self::take(path) {
            Ok(sole) => sole,
            Err(e) => {
                tracing::warn!(error = %e, "cannot lock beside the database; sessions and callers are read from it on every request");
                Sole::Never { _servers: None }
            }
        }
    }

    fn take(database: &str) -> std::io::Result<Sole> {
        let open = |suffix: &str| {
            OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(Path::new(&format!("{database}.{suffix}")))
        };
        let primary = open("primary.lock")?;
        let servers = open("servers.lock")?;
        if primary.try_lock().is_ok() {
            return Ok(Sole::First {
                primary,
                servers,
                released: AtomicBool::new(false),
            });
        }
        servers.lock_shared()?;
        Ok(Sole::Never {
            _servers: Some(servers),
        })
    }

    /// True while no other server uses the database.
    pub fn now(&self) -> bool {
        match self {
            Sole::Always => true,
            Sole::Never { .. } => false,
            Sole::First {
                servers, released, ..
            } => {
                if released.load(Ordering::Acquire) {
                    return false;
                }
                let alone = servers.try_lock().is_ok();
                if alone {
                    let _ = servers.unlock();
                }
                alone
            }
        }
    }

    /// Called once the server has stopped serving: the locks go at once,
    /// rather than when the last holder of this value lets go of it, so a
    /// restore can follow in the same process.
    pub fn release(&self) {
        match self {
            Sole::First {
                primary, released, ..
            } => {
                released.store(true, Ordering::Release);
                let _ = primary.unlock();
            }
            Sole::Never {
                _servers: Some(servers),
            } => {
                let _ = servers.unlock();
            }
            Sole::Always | Sole::Never { _servers: None } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_server_is_sole_until_a_second_opens_the_same_file() {
        let dir = std::env::temp_dir().join(format!("seawall-sole-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let url = format!("sqlite://{}/seawall.db", dir.display());
        let first = Sole::for_database(&url);
        assert!(first.now());
        assert!(first.now(), "checking does not change the answer");
        let second = Sole::for_database(&url);
        assert!(!second.now());
        assert!(!first.now(), "the first sees the second");
        drop(second);
        assert!(first.now(), "and is sole again once it has stopped");
        first.release();
        assert!(!first.now(), "a stopped server trusts nothing");
        let next = Sole::for_database(&url);
        assert!(next.now(), "the next server is first");
        drop(next);
        assert!(Sole::for_database("sqlite::memory:").now());
        assert!(!Sole::for_database("postgres://seawall@localhost/seawall").now());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
