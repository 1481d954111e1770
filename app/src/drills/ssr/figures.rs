//! Turning the stored programme into what the pages show: plan summaries,
//! occurrences still to carry out, the calendar, and the readiness figures.

use super::store::Programme;
use super::{Plan, Run};
use crate::drills::readiness::{ActionFacts, Readiness, RunFacts, action_overdue, readiness};
use crate::drills::{ActionView, CalendarDay, CalendarItem, CalendarView, Occurrence};
use crate::systems::tiers::Need;
use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, Utc};
use uuid::Uuid;

/// At most this many overdue occurrences are offered per plan: a drill
/// missed more often than that needs a new schedule, not a list.
const MAX_OVERDUE: usize = 6;

/// The RTO and RPO a drill measures a system against: the stricter of what
/// the business requires (rolled up from the BIA) and the owner's target.
pub fn objective(systems: &crate::systems::ssr::Loaded, id: Uuid) -> Need {
    let target = systems
        .system(id)
        .map(|r| Need {
            rto: r.rto,
            rpo: r.rpo,
        })
        .unwrap_or_default();
    Need::strictest(systems.required(id), target)
}

/// Occurrences not yet carried out: the overdue ones, then `ahead` more.
pub fn upcoming(plan: &Plan, runs: &[Run], now: DateTime<Utc>, ahead: usize) -> Vec<Occurrence> {
    let Some(next) = plan.next_due(runs) else {
        return Vec::new();
    };
    let schedule = plan.schedule();
    let mut out: Vec<Occurrence> = schedule
        .from(next)
        .take_while(|t| *t < now)
        .take(MAX_OVERDUE)
        .map(|at| Occurrence {
            at,
            local: plan.local(at),
            overdue: true,
        })
        .collect();
    let start = out
        .last()
        .map(|o| o.at + Duration::seconds(1))
        .unwrap_or(next)
        .max(now);
    out.extend(schedule.from(start).take(ahead).map(|at| Occurrence {
        at,
        local: plan.local(at),
        overdue: false,
    }));
    out
}

pub fn actions(p: &Programme, today: NaiveDate) -> Vec<ActionView> {
    let title_of = |run_id: Uuid| {
        p.run(run_id)
            .and_then(|r| p.plan(r.plan_id))
            .map(|plan| plan.fields.title.clone())
            .unwrap_or_default()
    };
    let mut out: Vec<ActionView> = p
        .actions
        .iter()
        .map(|a| ActionView {
            id: a.id,
            run_id: a.run_id,
            plan_title: title_of(a.run_id),
            title: a.title.clone(),
            owner: a.owner.clone(),
            due_on: a.due_on,
            closed_at: a.closed_at,
            overdue: action_overdue(
                ActionFacts {
                    due_on: a.due_on,
                    closed: a.closed_at.is_some(),
                },
                today,
            ),
        })
        .collect();
    // Open first, soonest due first; closed ones after, latest closed first.
    out.sort_by(|a, b| {
        (
            a.closed_at.is_some(),
            a.closed_at.map(|t| -t.timestamp()),
            a.due_on,
        )
            .cmp(&(
                b.closed_at.is_some(),
                b.closed_at.map(|t| -t.timestamp()),
                b.due_on,
            ))
    });
    out
}

pub fn figures(p: &Programme, now: DateTime<Utc>) -> Readiness {
    let runs: Vec<RunFacts> = p
        .runs
        .iter()
        .map(|r| RunFacts {
            ended_at: r.ended_at,
            verdict: r.verdict(),
            systems: r
                .systems
                .iter()
                .map(|m| {
                    let res = m.result();
                    (res.rto, res.rpo)
                })
                .collect(),
        })
        .collect();
    let actions: Vec<ActionFacts> = p
        .actions
        .iter()
        .map(|a| ActionFacts {
            due_on: a.due_on,
            closed: a.closed_at.is_some(),
        })
        .collect();
    let overdue_plans = p
        .plans
        .iter()
        .filter(|plan| plan.next_due(&p.runs).is_some_and(|t| t < now))
        .count();
    readiness(&runs, &actions, p.plans.len(), overdue_plans, now)
}

fn item(plan: &Plan, at: DateTime<Utc>, overdue: bool) -> CalendarItem {
    let zone = plan.zone();
    let local = at.with_timezone(&zone);
    CalendarItem {
        at,
        date: local.date_naive(),
        time: format!("{} {}", local.format("%H:%M"), zone.name()),
        title: plan.fields.title.clone(),
        what: plan.fields.kind.label().to_string(),
        href: format!("/drills/plans/{}", plan.id),
        overdue,
    }
}

/// Every drill occurrence in `[from, to)` that is still to be carried out,
/// plus the BIA review if it falls due in the window.
pub fn items_between(
    p: &Programme,
    review_due: Option<DateTime<Utc>>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Vec<CalendarItem> {
    let mut out = Vec::new();
    for plan in &p.plans {
        let Some(next) = plan.next_due(&p.runs) else {
            continue;
        };
        let schedule = plan.schedule();
        for at in schedule.between(from.max(next), to) {
            out.push(item(plan, at, at < now));
        }
    }
    if let Some(due) = review_due.filter(|d| *d >= from && *d < to) {
        out.push(review_item(due, now));
    }
    out.sort_by_key(|i| i.at);
    out
}

fn review_item(due: DateTime<Utc>, now: DateTime<Utc>) -> CalendarItem {
    CalendarItem {
        at: due,
        date: due.date_naive(),
        time: String::new(),
        title: "BIA review due".into(),
        what: "Review".into(),
        href: "/bia".into(),
        overdue: due < now,
    }
}

/// The oldest outstanding occurrence of every overdue plan, and the BIA
/// review if it is overdue.
pub fn overdue(
    p: &Programme,
    review_due: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Vec<CalendarItem> {
    let mut out: Vec<CalendarItem> = p
        .plans
        .iter()
        .filter_map(|plan| {
            let next = plan.next_due(&p.runs).filter(|t| *t < now)?;
            Some(item(plan, next, true))
        })
        .collect();
    if let Some(due) = review_due.filter(|d| *d < now) {
        out.push(review_item(due, now));
    }
    out.sort_by_key(|i| i.at);
    out
}

/// The month grid (weeks from Monday) with its items, the overdue list and
/// the agenda for the next 90 days.
pub fn calendar(
    p: &Programme,
    review_due: Option<DateTime<Utc>>,
    month: NaiveDate,
    now: DateTime<Utc>,
) -> CalendarView {
    let first = month.with_day(1).unwrap_or(month);
    let last = crate::drills::recurrence::month_end(first);
    let grid_start = first - Days::new(u64::from(first.weekday().num_days_from_monday()));
    let grid_end = last + Days::new(u64::from(6 - last.weekday().num_days_from_monday()));
    // A day's items may come from plans in any zone, so the window is one
    // day wider each side and items are placed by their local date.
    let from = (grid_start - Days::new(1))
        .and_time(chrono::NaiveTime::MIN)
        .and_utc();
    let to = (grid_end + Days::new(2))
        .and_time(chrono::NaiveTime::MIN)
        .and_utc();
    let items = items_between(p, review_due, from, to, now);
    let today = now.date_naive();
    let mut weeks = Vec::new();
    let mut day = grid_start;
    while day <= grid_end {
        let mut week = Vec::with_capacity(7);
        for _ in 0..7 {
            week.push(CalendarDay {
                date: day,
                in_month: day.month() == first.month(),
                today: day == today,
                items: items.iter().filter(|i| i.date == day).cloned().collect(),
            });
            day = day + Days::new(1);
        }
        weeks.push(week);
    }
    CalendarView {
        month: first,
        weeks,
        overdue: overdue(p, review_due, now),
        agenda: items_between(p, review_due, now, now + Duration::days(90), now),
    }
}

/// The month a `?month=2027-03` query asks for, or the current one.
pub fn month_of(query: &str, today: NaiveDate) -> Option<NaiveDate> {
    let text = query.trim();
    if text.is_empty() {
        return today.with_day(1);
    }
    NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d").ok()
}
