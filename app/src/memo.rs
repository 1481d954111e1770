//! Figures derived from a whole organisation (readiness per framework, gaps,
//! tiers) cost tens of milliseconds to compute at scale, but change only when
//! the organisation's data does, or when the date does.
//!
//! Every change to an organisation writes an audit entry in the same
//! transaction, so the organisation's newest audit entry is a version stamp
//! that every app server reads from the same database: a value remembered
//! under it is never stale, whichever server made the change. The entry's
//! hash is part of the stamp, so a database restored to an earlier state
//! and written again never matches a remembered value.

use crate::db::Db;
use crate::with_db;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Instant;
use uuid::Uuid;

/// Organisations remembered at most; the least recently used goes first.
const CAPACITY: usize = 256;

/// The organisation's newest audit entry: its id and hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head(Option<(i64, Option<String>)>);

impl Head {
    pub(crate) fn new(head: Option<(i64, Option<String>)>) -> Head {
        Head(head)
    }

    /// The head for this request: the one read with the caller's identity
    /// when there is one, else from the database.
    pub async fn of(db: &Db, org_id: Uuid) -> Result<Head, sqlx::Error> {
        match crate::auth::ssr::seen_head(org_id) {
            Some(head) => Ok(head),
            None => Head::read(db, org_id).await,
        }
    }

    pub async fn read(db: &Db, org_id: Uuid) -> Result<Head, sqlx::Error> {
        let head = with_db!(db, pool => sqlx::query_as(
            "SELECT id, entry_hash FROM audit_log WHERE org_id = $1 ORDER BY id DESC LIMIT 1",
        )
        .bind(org_id)
        .fetch_optional(pool)
        .await)?;
        Ok(Head(head))
    }

    /// For what depends on the data alone.
    pub fn only(&self) -> Stamp {
        Stamp {
            head: self.clone(),
            period: 0,
        }
    }

    /// For figures that depend on the date (evidence validity, tiers' RTO
    /// checks): recomputed on the first request of each day.
    pub fn on(&self, today: NaiveDate) -> Stamp {
        Stamp {
            head: self.clone(),
            period: i64::from(today.num_days_from_ce()),
        }
    }

    /// For figures that depend on the time (drills falling due): at most a
    /// minute behind the clock.
    pub fn at(&self, now: DateTime<Utc>) -> Stamp {
        Stamp {
            head: self.clone(),
            period: now.timestamp().div_euclid(60),
        }
    }
}

/// A [`Head`] and the period of time a value was computed for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    head: Head,
    period: i64,
}

/// Everything remembered, one [`Memo`] per kind of figure.
#[derive(Debug, Default)]
pub struct Memos {
    pub standing: Memo<crate::controls::ssr::checklist::Standing>,
    pub dashboard: Memo<crate::dashboard::OrgGlance>,
    pub graph: Memo<crate::bia::ssr::graph::Loaded>,
    pub register: Memo<Vec<crate::bia::ProcessSummary>>,
    pub drills: Memo<crate::drills::DrillGlance>,
}

type Slot<T> = Arc<tokio::sync::Mutex<Option<(Stamp, Arc<T>)>>>;

/// One value per organisation, recomputed when its stamp changes. Requests
/// for the same organisation wait for one computation instead of each
/// running their own.
pub struct Memo<T> {
    slots: Mutex<HashMap<Uuid, (Slot<T>, Instant)>>,
}

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Memo {
            slots: Mutex::new(HashMap::new()),
        }
    }
}

impl<T> std::fmt::Debug for Memo<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.slots.lock().map(|s| s.len()).unwrap_or(0);
        f.debug_struct("Memo").field("organisations", &n).finish()
    }
}

impl<T> Memo<T> {
    fn slot(&self, org_id: Uuid) -> Slot<T> {
        // A poisoned lock only means another request panicked while holding
        // it; the map itself is still whole.
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        if let Some((slot, used)) = slots.get_mut(&org_id) {
            *used = now;
            return slot.clone();
        }
        if slots.len() >= CAPACITY
            && let Some(oldest) = slots
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(k, _)| *k)
        {
            slots.remove(&oldest);
        }
        let slot: Slot<T> = Arc::default();
        slots.insert(org_id, (slot.clone(), now));
        slot
    }

    /// The value for `stamp`, computed by `compute` unless it is remembered.
    /// The stamp must be read before the data `compute` reads: a change in
    /// between then only costs one more computation, never a stale answer.
    pub async fn get<E, F, Fut>(&self, org_id: Uuid, stamp: Stamp, compute: F) -> Result<Arc<T>, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        let slot = self.slot(org_id);
        let mut held = slot.lock().await;
        if let Some((remembered, value)) = held.as_ref()
            && *remembered == stamp
        {
            return Ok(value.clone());
        }
        let value = Arc::new(compute().await?);
        *held = Some((stamp, value.clone()));
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(id: i64, day: u32) -> Stamp {
        Head(Some((id, Some(format!("h{id}"))))).on(NaiveDate::from_ymd_opt(2026, 12, day).unwrap())
    }

    async fn value(memo: &Memo<u32>, org: Uuid, s: Stamp, computed: &mut u32) -> u32 {
        *memo
            .get(org, s, || async {
                *computed += 1;
                Ok::<_, ()>(*computed)
            })
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn recomputes_only_when_the_stamp_changes() {
        let memo = Memo::default();
        let org = Uuid::new_v4();
        let mut n = 0;
        assert_eq!(value(&memo, org, stamp(1, 1), &mut n).await, 1);
        assert_eq!(value(&memo, org, stamp(1, 1), &mut n).await, 1);
        // A new audit entry, then a new day.
        assert_eq!(value(&memo, org, stamp(2, 1), &mut n).await, 2);
        assert_eq!(value(&memo, org, stamp(2, 2), &mut n).await, 3);
        // Another organisation never sees this one's value.
        assert_eq!(value(&memo, Uuid::new_v4(), stamp(2, 2), &mut n).await, 4);
    }

    #[tokio::test]
    async fn a_failed_computation_is_not_remembered() {
        let memo: Memo<u32> = Memo::default();
        let org = Uuid::new_v4();
        let failed = memo.get(org, stamp(1, 1), || async { Err("down") }).await;
        assert!(failed.is_err());
        let ok = memo
            .get(org, stamp(1, 1), || async { Ok::<_, &str>(7) })
            .await;
        assert_eq!(*ok.unwrap(), 7);
    }

    #[test]
    fn time_periods_are_days_or_minutes() {
        let head = Head(None);
        let at = |h, m, s| {
            NaiveDate::from_ymd_opt(2026, 12, 3)
                .unwrap()
                .and_hms_opt(h, m, s)
                .unwrap()
                .and_utc()
        };
        assert_eq!(head.at(at(9, 15, 0)), head.at(at(9, 15, 59)));
        assert_ne!(head.at(at(9, 15, 59)), head.at(at(9, 16, 0)));
        assert_eq!(
            head.on(at(0, 0, 0).date_naive()),
            head.on(at(23, 59, 59).date_naive())
        );
    }

    #[test]
    fn keeps_at_most_its_capacity() {
        let memo: Memo<u32> = Memo::default();
        for _ in 0..CAPACITY + 10 {
            memo.slot(Uuid::new_v4());
        }
        assert_eq!(memo.slots.lock().unwrap().len(), CAPACITY);
    }
}
