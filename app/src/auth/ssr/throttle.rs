//! Sign-in throttling. Failures are counted per account (the email typed,
//! whether or not such an account exists) and per client address, in the
//! database so that every app server sees the same counts. Too many failures
//! within the window lock that key for a while; a lock is refused before the
//! password is even checked, with one message for every case.

use crate::config::Settings;
use crate::db::{Db, Tx};
use crate::error::AppError;
use crate::{with_db, with_tx};
use axum::http::request::Parts;
use chrono::{DateTime, Duration, Utc};
use std::net::{IpAddr, SocketAddr};

/// What is known about one key.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Count {
    pub failures: i32,
    pub window_start: DateTime<Utc>,
    pub locked_until: Option<DateTime<Utc>>,
}

/// The count after one more failure: failures older than the window are
/// forgotten, and reaching the limit starts a lock of the same length.
pub fn after_failure(
    current: Option<Count>,
    now: DateTime<Utc>,
    limit: u32,
    window: Duration,
) -> Count {
    let fresh = Count {
        failures: 0,
        window_start: now,
        locked_until: None,
    };
    let mut count = match current {
        Some(c) if c.locked_until.is_some_and(|until| until > now) => return c,
        Some(c) if c.locked_until.is_none() && now - c.window_start < window => c,
        _ => fresh,
    };
    count.failures += 1;
    if count.failures >= limit as i32 {
        count = Count {
            failures: 0,
            window_start: now,
            locked_until: Some(now + window),
        };
    }
    count
}

/// The keys a sign-in attempt is counted under.
pub struct Keys {
    pub account: String,
    pub address: Option<String>,
}

impl Keys {
    pub fn new(email: &str, address: Option<IpAddr>) -> Keys {
        Keys {
            account: format!("account:{email}"),
            address: address.map(|a| format!("address:{a}")),
        }
    }

    fn all(&self) -> impl Iterator<Item = (&str, Kind)> {
        std::iter::once((self.account.as_str(), Kind::Account))
            .chain(self.address.as_deref().map(|a| (a, Kind::Address)))
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Account,
    Address,
}

/// The client's address: the connection's peer, or behind a trusted load
/// balancer the last `X-Forwarded-For` entry (the one the balancer added;
/// earlier entries are whatever the client claimed).
pub fn client_address(parts: &Parts, trust_forwarded_for: bool) -> Option<IpAddr> {
    if trust_forwarded_for
        && let Some(forwarded) = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|a| a.trim().parse::<IpAddr>().ok())
            .next_back()
    {
        return Some(forwarded);
    }
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip())
}

/// The answer to a locked key. It names no account and no address.
pub fn locked_error(until: DateTime<Utc>, now: DateTime<Utc>) -> AppError {
    let minutes = ((until - now).num_seconds() + 59) / 60;
    let wait = match minutes.max(1) {
        1 => "a minute".to_string(),
        n => format!("{n} minutes"),
    };
    AppError::TooManyAttempts(format!(
        "Too many failed sign-in attempts. Wait {wait} and try again, or reset your password with an administrator of your organisation."
    ))
}

async fn read(tx: &mut Tx, key: &str) -> Result<Option<Count>, sqlx::Error> {
    // PostgreSQL locks the row so that concurrent failures all count.
    let lock = if matches!(tx, Tx::Postgres(_)) {
        " FOR UPDATE"
    } else {
        ""
    };
    let sql = format!(
        "SELECT failures, window_start, locked_until FROM login_throttle WHERE key = $1{lock}"
    );
    let row: Option<(i32, DateTime<Utc>, Option<DateTime<Utc>>)> = with_tx!(tx, conn => sqlx::query_as(&sql)
        .bind(key)
        .fetch_optional(conn)
        .await)?;
    Ok(row.map(|(failures, window_start, locked_until)| Count {
        failures,
        window_start,
        locked_until,
    }))
}

/// When the attempt may not even be checked: the latest lock among its keys.
/// A plain read: every sign-in asks, and it must not take the write lock.
pub async fn locked_until(
    db: &Db,
    keys: &Keys,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    // Without an address the account key stands in for it.
    let address = keys.address.as_deref().unwrap_or(&keys.account);
    with_db!(db, pool => sqlx::query_scalar::<_, Option<DateTime<Utc>>>(
        "SELECT MAX(locked_until) FROM login_throttle \
         WHERE key IN ($1, $2) AND locked_until > $3",
    )
    .bind(&keys.account)
    .bind(address)
    .bind(now)
    .fetch_one(pool)
    .await)
}

/// Counts a failed attempt under every key; returns the lock it caused, if any.
pub async fn record_failure(
    db: &Db,
    keys: &Keys,
    settings: &Settings,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    let window = Duration::minutes(settings.login_lock_minutes);
    let mut tx = db.begin().await?;
    let mut until = None;
    for (key, kind) in keys.all() {
        let limit = match kind {
            Kind::Account => settings.login_account_limit,
            Kind::Address => settings.login_address_limit,
        };
        let count = after_failure(read(&mut tx, key).await?, now, limit, window);
        with_tx!(&mut tx, conn => sqlx::query(
            "INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, \
             window_start = excluded.window_start, locked_until = excluded.locked_until",
        )
        .bind(key)
        .bind(count.failures)
        .bind(count.window_start)
        .bind(count.locked_until)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
        if let Some(lock) = count.locked_until.filter(|l| *l > now) {
            until = until.max(Some(lock));
        }
    }
    // Counts from long ago say nothing any more; keep the table small.
    with_tx!(&mut tx, conn => sqlx::query(
        "DELETE FROM login_throttle WHERE window_start < $1 AND (locked_until IS NULL OR locked_until < $2)",
    )
    .bind(now - Duration::days(1))
    .bind(now)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    tx.commit().await?;
    Ok(until)
}

/// A successful sign-in clears the account's count (not the address's: one
/// good password does not excuse many wrong ones for other accounts).
pub async fn record_success(db: &Db, keys: &Keys) -> Result<(), sqlx::Error> {
    with_db!(db, pool => sqlx::query("DELETE FROM login_throttle WHERE key = $1")
        .bind(&keys.account)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000, 0).unwrap() + Duration::minutes(minutes)
    }

    #[test]
    fn the_limit_starts_a_lock_for_the_window() {
        let window = Duration::minutes(15);
        let mut count = None;
        for minute in 0..4 {
            let next = after_failure(count, at(minute), 5, window);
            assert_eq!(next.locked_until, None);
            assert_eq!(next.failures, minute as i32 + 1);
            count = Some(next);
        }
        let locked = after_failure(count, at(4), 5, window);
        assert_eq!(locked.locked_until, Some(at(19)));
        // More failures during the lock do not extend it.
        assert_eq!(after_failure(Some(locked), at(10), 5, window), locked);
        // After the lock, counting starts again.
        let after = after_failure(Some(locked), at(20), 5, window);
        assert_eq!((after.failures, after.locked_until), (1, None));
    }

    #[test]
    fn failures_outside_the_window_are_forgotten() {
        let window = Duration::minutes(15);
        let first = after_failure(None, at(0), 5, window);
        let mut count = Some(first);
        for _ in 0..3 {
            count = Some(after_failure(count, at(1), 5, window));
        }
        assert_eq!(count.unwrap().failures, 4);
        let later = after_failure(count, at(16), 5, window);
        assert_eq!((later.failures, later.locked_until), (1, None));
    }

    #[test]
    fn the_lock_message_rounds_up_and_names_nobody() {
        let message = locked_error(at(15), at(0)).to_string();
        assert!(message.contains("15 minutes"), "{message}");
        assert!(
            locked_error(at(0) + Duration::seconds(20), at(0))
                .to_string()
                .contains("a minute")
        );
    }

    #[test]
    fn forwarded_addresses_count_only_when_trusted() {
        let request = axum::http::Request::builder()
            .header("x-forwarded-for", "203.0.113.9, 198.51.100.7")
            .body(())
            .unwrap();
        let (mut parts, _) = request.into_parts();
        parts
            .extensions
            .insert(axum::extract::ConnectInfo(SocketAddr::from((
                [10, 0, 0, 2],
                4000,
            ))));
        assert_eq!(client_address(&parts, false), "10.0.0.2".parse().ok());
        assert_eq!(client_address(&parts, true), "198.51.100.7".parse().ok());
    }
}
