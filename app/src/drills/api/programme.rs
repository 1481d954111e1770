//! The programme as a whole: the overview, the calendar and its feed, and
//! the frameworks that set the minimum cadence.

use crate::drills::{CalendarView, DrillsOverview};
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "drills")]
pub async fn load_drills() -> Result<DrillsOverview, AppError> {
    use crate::auth::ssr::authorize;
    use crate::drills::cadence::{minimum, satisfies};
    use crate::drills::ssr::figures::{actions, figures};
    use crate::drills::ssr::{feed, store};
    use crate::drills::{CadenceCheck, FeedState};
    use crate::roles::Permission;

    let caller = authorize(Permission::ViewOrganisation).await?;
    let db = &caller.state.db;
    let programme = store::load(db, caller.org_id).await?;
    let now = chrono::Utc::now();
    let frameworks = store::frameworks(db, caller.org_id).await?;
    let systems = crate::systems::ssr::load(db, caller.org_id).await?;
    let highest_tier = systems.profiles.values().filter_map(|p| p.tier).max();
    let in_use: Vec<&str> = frameworks.iter().map(String::as_str).collect();
    let cadence = minimum(&in_use, highest_tier)
        .into_iter()
        .map(|s| CadenceCheck {
            met_by: programme
                .plans
                .iter()
                .find(|p| satisfies(p.fields.kind, p.fields.repeat, &s))
                .map(|p| p.fields.title.clone()),
            suggestion: s,
        })
        .collect();
    let mut plans: Vec<_> = programme
        .plans
        .iter()
        .map(|p| p.summary(&programme.runs, now))
        .collect();
    // Overdue first, then by what comes next.
    plans.sort_by_key(|p| (!p.overdue, p.next.is_none(), p.next));
    let runs = programme
        .runs
        .iter()
        .take(12)
        .filter_map(|r| programme.plan(r.plan_id).map(|p| r.brief(p)))
        .collect();
    let created = feed::state(db, caller.org_id).await?;
    Ok(DrillsOverview {
        readiness: figures(&programme, now),
        actions: actions(&programme, now.date_naive()),
        plans,
        runs,
        cadence,
        frameworks,
        feed: FeedState {
            base: crate::members::base_url(&caller.state.settings),
            active: created.is_some(),
            created_at: created,
        },
        people: crate::bia::ssr::people(db, caller.org_id).await?,
        can_edit: caller.role.can(Permission::EditPlans),
        can_record: caller.role.can(Permission::Contribute),
        can_manage: caller.role.can(Permission::ManageSettings),
    })
}

/// The calendar for `month` ("2027-03"; empty for the current month).
#[server(prefix = "/api", endpoint = "drills/calendar")]
pub async fn load_calendar(#[server(default)] month: String) -> Result<CalendarView, AppError> {
    use crate::auth::ssr::authorize;
    use crate::drills::ssr::{figures, store};
    use crate::roles::Permission;

    let caller = authorize(Permission::ViewOrganisation).await?;
    let db = &caller.state.db;
    let now = chrono::Utc::now();
    let month = figures::month_of(&month, now.date_naive())
        .ok_or_else(|| AppError::BadRequest("Give the month as YYYY-MM, e.g. 2027-03.".into()))?;
    let programme = store::load(db, caller.org_id).await?;
    let (_, review) = crate::bia::ssr::review::load(db, caller.org_id).await?;
    Ok(figures::calendar(
        &programme,
        review.next_review_due,
        month,
        now,
    ))
}

/// Creates the calendar feed or replaces its address; returns the new
/// address, which is shown only now.
#[server(prefix = "/api", endpoint = "drills/feed/reset")]
pub async fn reset_feed() -> Result<String, AppError> {
    use crate::auth::ssr::authorize;
    use crate::drills::ssr::feed;
    use crate::roles::Permission;

    let caller = authorize(Permission::ManageSettings).await?;
    let mut tx = caller.state.db.begin().await?;
    let token = feed::reset(&mut tx, caller.org_id, &caller.actor()).await?;
    tx.commit().await?;
    let url = format!(
        "{}/drills/feed/{token}.ics",
        crate::members::base_url(&caller.state.settings)
    );
    // Without JavaScript the page shows the address from the query string.
    crate::auth::ssr::redirect_form_post(&format!("/drills?feed={token}"));
    Ok(url)
}

#[server(prefix = "/api", endpoint = "drills/feed/revoke")]
pub async fn revoke_feed() -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::drills::ssr::feed;
    use crate::roles::Permission;

    let caller = authorize(Permission::ManageSettings).await?;
    let mut tx = caller.state.db.begin().await?;
    feed::revoke(&mut tx, caller.org_id, &caller.actor()).await?;
    tx.commit().await?;
    crate::auth::ssr::redirect_form_post("/drills");
    Ok(())
}

/// The frameworks the organisation works to (checkboxes: present means on).
#[server(prefix = "/api", endpoint = "drills/frameworks")]
pub async fn set_frameworks(
    #[server(default)] soc2: Option<String>,
    #[server(default)] hipaa: Option<String>,
    #[server(default)] pci: Option<String>,
    #[server(default)] back: Option<String>,
) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::drills::ssr::store;
    use crate::roles::Permission;

    let caller = authorize(Permission::ManageSettings).await?;
    let on = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.is_empty());
    let chosen: Vec<&'static str> = [("soc2", &soc2), ("hipaa", &hipaa), ("pci", &pci)]
        .into_iter()
        .filter(|(_, v)| on(v))
        .map(|(k, _)| k)
        .collect();
    let mut tx = caller.state.db.begin().await?;
    store::set_frameworks(&mut tx, caller.org_id, &caller.actor(), &chosen).await?;
    tx.commit().await?;
    // The checklists page offers the same choice and wants its page back.
    let back = match back.as_deref() {
        Some("/controls") => "/controls",
        _ => "/drills",
    };
    crate::auth::ssr::redirect_form_post(back);
    Ok(())
}

/// What the dashboard shows of the programme: the readiness figures, and
/// the first overdue and upcoming drills (the drills page lists them all).
/// Remembered for at most a minute, or until the organisation's data changes.
#[cfg(feature = "ssr")]
pub async fn glance(
    state: &crate::state::AppState,
    org_id: uuid::Uuid,
    head: &crate::memo::Head,
    review_due: Option<chrono::DateTime<chrono::Utc>>,
) -> Result<crate::drills::DrillGlance, AppError> {
    use crate::drills::ssr::{figures, store};

    const SHOWN: usize = 8;
    // The dashboard's chart shows the latest drills; the drills page has all.
    const CHARTED: usize = 24;
    let now = chrono::Utc::now();
    let glance = state
        .memos
        .drills
        .get(org_id, head.at(now), || async {
            let programme = store::load(&state.db, org_id).await?;
            let overdue = figures::overdue(&programme, None, now);
            let overdue_total = overdue.len();
            let mut next: Vec<_> = overdue.into_iter().take(SHOWN).collect();
            next.extend(
                figures::items_between(
                    &programme,
                    review_due,
                    now,
                    now + chrono::Duration::days(120),
                    now,
                )
                .into_iter()
                .take(5),
            );
            let mut readiness = figures::figures(&programme, now);
            let older = readiness.trend.len().saturating_sub(CHARTED);
            readiness.trend.drain(..older);
            Ok::<_, AppError>(crate::drills::DrillGlance {
                readiness,
                next,
                more_overdue: overdue_total.saturating_sub(SHOWN),
            })
        })
        .await?;
    Ok((*glance).clone())
}
