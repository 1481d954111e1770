//! The organisation's calendar feed: a secret address anyone with the link
//! can subscribe to (calendar apps cannot sign in), revocable by replacing
//! or deleting it. Only the token's SHA-256 is stored.

use super::store;
use crate::audit::ssr::{Actor, Change, record};
use crate::auth::ssr::tokens::{random_token, token_hash};
use crate::db::{Db, Tx};
use crate::drills::ical::{Event, calendar};
use crate::state::AppState;
use crate::{with_db, with_tx};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

/// How far back and ahead the feed reaches.
const PAST_DAYS: i64 = 90;
const AHEAD_DAYS: i64 = 400;

pub async fn state(db: &Db, org_id: Uuid) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    with_db!(db, pool => sqlx::query_scalar(
        "SELECT created_at FROM drill_feeds WHERE org_id = $1",
    )
    .bind(org_id)
    .fetch_optional(pool)
    .await)
}

/// Creates the feed, or replaces its address (the old one stops working).
/// Returns the new token, which is shown once.
pub async fn reset(tx: &mut Tx, org_id: Uuid, actor: &Actor) -> Result<String, sqlx::Error> {
    let token = random_token();
    with_tx!(tx, conn => sqlx::query(
        "INSERT INTO drill_feeds (org_id, token_hash, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (org_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at",
    )
    .bind(org_id)
    .bind(token_hash(&token))
    .bind(Utc::now())
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    log(tx, org_id, actor, "drill.feed.created").await?;
    Ok(token)
}

pub async fn revoke(tx: &mut Tx, org_id: Uuid, actor: &Actor) -> Result<bool, sqlx::Error> {
    let done = with_tx!(tx, conn => sqlx::query("DELETE FROM drill_feeds WHERE org_id = $1")
        .bind(org_id)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    if done > 0 {
        log(tx, org_id, actor, "drill.feed.revoked").await?;
    }
    Ok(done > 0)
}

async fn log(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    action: &'static str,
) -> Result<(), sqlx::Error> {
    record(
        tx,
        org_id,
        actor,
        Change {
            action,
            entity_type: "organisation",
            entity_id: Some(org_id.to_string()),
            before: None,
            after: None,
        },
    )
    .await
}

/// `GET /drills/feed/{token}`: the iCalendar text, or 404 for an unknown
/// or revoked address (the same answer, so tokens cannot be probed).
pub async fn handler(state: AppState, token: String, headers: HeaderMap) -> Response {
    match feed(&state, &token, &headers).await {
        Ok(Some(body)) => (
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                (header::CACHE_CONTROL, "private, max-age=300"),
                (
                    header::CONTENT_DISPOSITION,
                    "inline; filename=\"seawall-drills.ics\"",
                ),
            ],
            body,
        )
            .into_response(),
        Ok(None) => (
            StatusCode::NOT_FOUND,
            "This calendar address is not valid (it may have been revoked).",
        )
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "calendar feed failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

async fn feed(
    state: &AppState,
    token: &str,
    headers: &HeaderMap,
) -> Result<Option<String>, sqlx::Error> {
    let token = token.trim_end_matches(".ics");
    let db = &state.db;
    let found: Option<(Uuid, String)> = with_db!(db, pool => sqlx::query_as(
        "SELECT f.org_id, o.name FROM drill_feeds f JOIN organisations o ON o.id = f.org_id WHERE f.token_hash = $1",
    )
    .bind(token_hash(token))
    .fetch_optional(pool)
    .await)?;
    let Some((org_id, org_name)) = found else {
        return Ok(None);
    };
    let programme = store::load(db, org_id).await?;
    let now = Utc::now();
    let base = crate::members::base_url_from(&state.settings, Some(headers));
    let mut events = Vec::new();
    for plan in &programme.plans {
        let Some(next) = plan.next_due(&programme.runs) else {
            continue;
        };
        let from = next.max(now - Duration::days(PAST_DAYS));
        for at in plan
            .schedule()
            .between(from, now + Duration::days(AHEAD_DAYS))
        {
            let overdue = at < now;
            let f = &plan.fields;
            let mut description = format!("{} · {}", f.kind.label(), plan.schedule_text());
            if let Some(owner) = &plan.owner {
                description.push_str(&format!("\nOwner: {owner}"));
            }
            if !f.participants.is_empty() {
                description.push_str(&format!("\nParticipants: {}", f.participants));
            }
            if !f.scenario.is_empty() {
                description.push_str(&format!("\n\n{}", f.scenario));
            }
            events.push(Event {
                uid: format!("{}-{}@seawall", plan.id, at.format("%Y%m%dT%H%M%SZ")),
                start: at,
                minutes: f.duration_minutes,
                summary: if overdue {
                    format!("OVERDUE: {}", f.title)
                } else {
                    f.title.clone()
                },
                description,
                url: Some(format!("{base}/drills/plans/{}", plan.id)),
            });
        }
    }
    events.sort_by_key(|e| e.start);
    Ok(Some(calendar(
        &format!("{org_name} · DR drills"),
        &events,
        now,
    )))
}
