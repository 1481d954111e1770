//! Callers' identities remembered between requests. Reading the account,
//! its memberships and the audit head is the one query a signed-in page
//! would otherwise make on every load, and on SQLite each query is a round
//! trip to a connection's own thread.
//!
//! An identity is kept under the count of write transactions this process
//! had finished when the read began ([`crate::db::writes`]): any change
//! (a new role, a renamed organisation, an audit entry moving the head) is
//! a finished write, so the next request reads again. A change made by
//! another server would not move the count, so identities are only used
//! while this server is alone on its SQLite file ([`Sole`]), and never on
//! PostgreSQL.

use super::caller::Identity;
use crate::db::Sole;
use crate::memo::Head;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use uuid::Uuid;

/// Identities kept at most; past that, all are dropped (a miss costs one query).
const REMEMBERED: usize = 10_000;

/// What one read found: the identity and the current organisation's head.
pub type Found = (Arc<Identity>, Option<(Uuid, Head)>);

/// The user and the organisation their session asks for.
type Key = (Uuid, Option<Uuid>);

#[derive(Debug)]
pub struct Callers {
    sole: Arc<Sole>,
    kept: Mutex<HashMap<Key, (u64, Found)>>,
}

impl Callers {
    pub fn new(sole: Arc<Sole>) -> Callers {
        Callers {
            sole,
            kept: Mutex::default(),
        }
    }

    /// Whether this server is alone on its database, and its locks.
    pub fn sole(&self) -> &Sole {
        &self.sole
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, (u64, Found)>> {
        // Every change under this lock is a single map operation.
        self.kept.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The identity kept for `user` in `org`, if nothing was written since
    /// it was read.
    pub fn get(&self, user: Uuid, org: Option<Uuid>, writes: u64) -> Option<Found> {
        if !self.sole.now() {
            let mut kept = self.lock();
            if !kept.is_empty() {
                // Another server may have changed any of them.
                kept.clear();
            }
            return None;
        }
        match self.lock().get(&(user, org)) {
            Some((at, found)) if *at == writes => Some(found.clone()),
            _ => None,
        }
    }

    /// Keeps what a read that began at `writes` found.
    pub fn keep(&self, user: Uuid, org: Option<Uuid>, writes: u64, found: &Found) {
        if !self.sole.now() {
            return;
        }
        let mut kept = self.lock();
        if kept.len() >= REMEMBERED {
            kept.clear();
        }
        kept.insert((user, org), (writes, found.clone()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::ssr::SignedInUser;

    fn found(name: &str) -> Found {
        let identity = Identity {
            user: SignedInUser {
                id: Uuid::new_v4(),
                email: "ada@example.com".into(),
                name: name.into(),
            },
            memberships: Vec::new(),
        };
        (Arc::new(identity), None)
    }

    #[test]
    fn an_identity_is_used_until_a_write_finishes() {
        let callers = Callers::new(Arc::new(Sole::Always));
        let (user, org) = (Uuid::new_v4(), Some(Uuid::new_v4()));
        assert!(callers.get(user, org, 7).is_none());
        callers.keep(user, org, 7, &found("Ada"));
        assert_eq!(callers.get(user, org, 7).unwrap().0.user.name, "Ada");
        assert!(
            callers.get(user, org, 8).is_none(),
            "a write since the read"
        );
        assert!(callers.get(user, None, 7).is_none(), "another organisation");
        assert!(
            callers.get(Uuid::new_v4(), org, 7).is_none(),
            "another user"
        );
    }

    #[test]
    fn a_server_with_company_keeps_nothing() {
        let callers = Callers::new(Arc::new(Sole::Never { _servers: None }));
        let user = Uuid::new_v4();
        callers.keep(user, None, 1, &found("Ada"));
        assert!(callers.get(user, None, 1).is_none());
        assert!(callers.lock().is_empty());
    }

    #[test]
    fn a_full_memory_starts_again() {
        let callers = Callers::new(Arc::new(Sole::Always));
        for _ in 0..REMEMBERED {
            callers.keep(Uuid::new_v4(), None, 1, &found("Someone"));
        }
        let user = Uuid::new_v4();
        callers.keep(user, None, 1, &found("Ada"));
        assert_eq!(callers.lock().len(), 1);
        assert!(callers.get(user, None, 1).is_some());
    }
}
