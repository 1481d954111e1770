//! Drill plans: what is exercised, by whom, and when.

// Server functions take their form's fields one by one.
#![allow(clippy::too_many_arguments)]

use crate::drills::PlanDetail;
use crate::error::AppError;
use leptos::prelude::*;
use uuid::Uuid;

#[cfg(feature = "ssr")]
use crate::drills::PlanFields;

/// The raw fields of the plan form.
#[cfg(feature = "ssr")]
pub(crate) struct PlanInput<'a> {
    pub title: &'a str,
    pub kind: &'a str,
    pub scenario: &'a str,
    pub owner: &'a str,
    pub participants: &'a str,
    pub first_on: &'a str,
    pub at_time: &'a str,
    pub zone: &'a str,
    pub duration: &'a str,
    pub repeat: &'a str,
    pub every: &'a str,
    pub unit: &'a str,
    pub until_on: &'a str,
}

/// A drill lasts at most two weeks; anything longer is a project.
#[cfg(feature = "ssr")]
const MAX_DURATION: i64 = 14 * 24 * 60;

#[cfg(feature = "ssr")]
pub(crate) fn plan_fields(i: PlanInput) -> Result<PlanFields, AppError> {
    use crate::drills::DrillKind;
    use crate::drills::recurrence::{Schedule, ScheduleError, zone};
    use crate::drills::repeat::Repeat;
    use crate::drills::ssr::parse_time;
    use crate::error::FieldErrors;
    use crate::validate;
    use chrono::NaiveDate;

    let mut e = FieldErrors::new();
    let title = e.check("title", validate::name(i.title, "a title"));
    let kind = DrillKind::parse(i.kind);
    if kind.is_none() {
        e.add("kind", "Choose the kind of exercise.");
    }
    let scenario = e.check("scenario", validate::text(i.scenario, 2000, "the scenario"));
    let participants = e.check(
        "participants",
        validate::text(i.participants, 500, "the participants"),
    );
    let owner = e.check("owner", crate::bia::ssr::parse_owner(i.owner));
    let date = |text: &str| NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok();
    let first_on = date(i.first_on);
    if first_on.is_none() {
        e.add("first_on", "Enter the date of the first drill.");
    }
    let at = parse_time(i.at_time);
    if at.is_none() {
        e.add("at_time", "Enter a time such as 09:00.");
    }
    let tz = zone(i.zone);
    if tz.is_none() {
        e.add(
            "zone",
            format!(
                "“{}” is not a time zone Seawall knows. Use a name such as Europe/London or America/New_York.",
                i.zone.trim()
            ),
        );
    }
    let duration = e.check("duration", crate::bia::duration::parse(i.duration));
    if duration.is_some_and(|d| d > MAX_DURATION) {
        e.add("duration", "A drill can last at most 14 days.");
    }
    let repeat = e.check("every", Repeat::from_choice(i.repeat, i.every, i.unit));
    let until_on = if i.until_on.trim().is_empty() {
        None
    } else {
        let d = date(i.until_on);
        if d.is_none() {
            e.add(
                "until_on",
                "Enter the last date as a date, or leave it empty.",
            );
        }
        d
    };
    if let (Some(first), Some(at), Some(tz), Some(repeat)) = (first_on, at, tz, repeat) {
        let schedule = Schedule {
            first,
            at,
            zone: tz,
            repeat,
            until: until_on,
        };
        match schedule.validate() {
            Ok(()) => {}
            Err(ScheduleError::Interval(m)) => e.add("every", m),
            Err(ScheduleError::NeverFires(m)) => e.add("until_on", m),
        }
    }
    e.into_result()?;
    Ok(PlanFields {
        title: title.unwrap_or_default(),
        kind: kind.unwrap_or(DrillKind::Tabletop),
        scenario: scenario.unwrap_or_default(),
        owner_id: owner.flatten(),
        participants: participants.unwrap_or_default(),
        first_on: first_on.unwrap_or_default(),
        at_time: at
            .map(|t| t.format("%H:%M").to_string())
            .unwrap_or_default(),
        zone: tz.map(|z| z.name().to_string()).unwrap_or_default(),
        duration_minutes: duration.unwrap_or(60),
        repeat: repeat.flatten(),
        until_on,
    })
}

#[server(prefix = "/api", endpoint = "drills/plan/create")]
pub async fn create_plan(
    title: String,
    kind: String,
    scenario: String,
    owner: String,
    participants: String,
    first_on: String,
    at_time: String,
    zone: String,
    duration: String,
    repeat: String,
    #[server(default)] every: String,
    #[server(default)] unit: String,
    #[server(default)] until_on: String,
) -> Result<Uuid, AppError> {
    use crate::auth::ssr::authorize;
    use crate::drills::ssr::store;
    use crate::roles::Permission;

    let caller = authorize(Permission::EditPlans).await?;
    let fields = plan_fields(PlanInput {
        title: &title,
        kind: &kind,
        scenario: &scenario,
        owner: &owner,
        participants: &participants,
        first_on: &first_on,
        at_time: &at_time,
        zone: &zone,
        duration: &duration,
        repeat: &repeat,
        every: &every,
        unit: &unit,
        until_on: &until_on,
    })?;
    let mut tx = caller.state.db.begin().await?;
    crate::bia::ssr::check_owner(&mut tx, caller.org_id, fields.owner_id).await?;
    let id = store::create_plan(&mut tx, caller.org_id, &caller.actor(), &fields).await?;
    tx.commit().await?;
    crate::auth::ssr::redirect_form_post(&format!("/drills/plans/{id}"));
    Ok(id)
}

#[server(prefix = "/api", endpoint = "drills/plan/update")]
pub async fn update_plan(
    id: Uuid,
    title: String,
    kind: String,
    scenario: String,
    owner: String,
    participants: String,
    first_on: String,
    at_time: String,
    zone: String,
    duration: String,
    repeat: String,
    #[server(default)] every: String,
    #[server(default)] unit: String,
    #[server(default)] until_on: String,
) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::drills::ssr::store;
    use crate::roles::Permission;

    let caller = authorize(Permission::EditPlans).await?;
    let mut tx = caller.state.db.begin().await?;
    store::check_plan(&mut tx, caller.org_id, id).await?;
    let fields = plan_fields(PlanInput {
        title: &title,
        kind: &kind,
        scenario: &scenario,
        owner: &owner,
        participants: &participants,
        first_on: &first_on,
        at_time: &at_time,
        zone: &zone,
        duration: &duration,
        repeat: &repeat,
        every: &every,
        unit: &unit,
        until_on: &until_on,
    })?;
    crate::bia::ssr::check_owner(&mut tx, caller.org_id, fields.owner_id).await?;
    store::update_plan(&mut tx, caller.org_id, &caller.actor(), id, &fields).await?;
    tx.commit().await?;
    crate::auth::ssr::redirect_form_post(&format!("/drills/plans/{id}"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "drills/plan/delete")]
pub async fn delete_plan(id: Uuid) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::drills::ssr::store;
    use crate::roles::Permission;

    let caller = authorize(Permission::EditPlans).await?;
    let mut tx = caller.state.db.begin().await?;
    store::delete_plan(&mut tx, caller.org_id, &caller.actor(), id).await?;
    tx.commit().await?;
    crate::auth::ssr::redirect_form_post("/drills");
    Ok(())
}

/// Adds a process, system or site of the organisation to a plan's scope.
#[server(prefix = "/api", endpoint = "drills/plan/scope/add")]
pub async fn add_scope(plan: Uuid, node: String) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::bia::rollup::NodeKind;
    use crate::drills::ssr::store;
    use crate::roles::Permission;

    let caller = authorize(Permission::EditPlans).await?;
    let node: Uuid = node
        .trim()
        .parse()
        .map_err(|_| AppError::field("node", "Choose a process, system or site."))?;
    let graph = crate::bia::ssr::graph::load(&caller.state.db, caller.org_id).await?;
    let found = graph
        .node_ref(node)
        .filter(|n| {
            matches!(
                n.kind,
                NodeKind::Process | NodeKind::System | NodeKind::Site
            )
        })
        .ok_or_else(|| {
            AppError::field(
                "node",
                "Choose one of this organisation's processes, systems or sites.",
            )
        })?;
    let mut tx = caller.state.db.begin().await?;
    store::check_plan(&mut tx, caller.org_id, plan).await?;
    store::add_scope(
        &mut tx,
        caller.org_id,
        &caller.actor(),
        plan,
        node,
        &found.name,
    )
    .await?;
    tx.commit().await?;
    crate::auth::ssr::redirect_form_post(&format!("/drills/plans/{plan}"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "drills/plan/scope/remove")]
pub async fn remove_scope(plan: Uuid, node: Uuid) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::drills::ssr::store;
    use crate::roles::Permission;

    let caller = authorize(Permission::EditPlans).await?;
    let mut tx = caller.state.db.begin().await?;
    store::check_plan(&mut tx, caller.org_id, plan).await?;
    store::remove_scope(&mut tx, caller.org_id, &caller.actor(), plan, node).await?;
    tx.commit().await?;
    crate::auth::ssr::redirect_form_post(&format!("/drills/plans/{plan}"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "drills/plan")]
pub async fn load_plan(id: Uuid) -> Result<PlanDetail, AppError> {
    use crate::auth::ssr::authorize;
    use crate::bia::rollup::NodeKind;
    use crate::drills::ScopeItem;
    use crate::drills::ssr::figures::{objective, upcoming};
    use crate::drills::ssr::{input_value, store};
    use crate::roles::Permission;

    let caller = authorize(Permission::ViewOrganisation).await?;
    let db = &caller.state.db;
    let programme = store::load(db, caller.org_id).await?;
    let plan = programme
        .plan(id)
        .ok_or_else(|| AppError::NotFound("Drill plan".into()))?;
    let systems = crate::systems::ssr::load(db, caller.org_id).await?;
    let graph = &systems.graph;
    let now = chrono::Utc::now();
    let mut scope: Vec<ScopeItem> = graph
        .refs(plan.scope.iter().copied())
        .into_iter()
        .map(|node| {
            let need = (node.kind == NodeKind::System).then(|| objective(&systems, node.id));
            ScopeItem {
                rto: need.and_then(|n| n.rto),
                rpo: need.and_then(|n| n.rpo),
                node,
            }
        })
        .collect();
    scope.sort_by(|a, b| (a.node.kind as u8, &a.node.name).cmp(&(b.node.kind as u8, &b.node.name)));
    let mut candidates: Vec<_> = graph
        .processes
        .iter()
        .map(|p| p.record.id)
        .chain(
            graph
                .resources
                .iter()
                .filter(|r| matches!(r.kind, NodeKind::System | NodeKind::Site))
                .map(|r| r.id),
        )
        .filter(|id| !plan.scope.contains(id))
        .filter_map(|id| graph.node_ref(id))
        .collect();
    candidates.sort_by(|a, b| (a.kind as u8, &a.name).cmp(&(b.kind as u8, &b.name)));
    let upcoming = upcoming(plan, &programme.runs, now, 3);
    let default_start = upcoming
        .iter()
        .find(|o| o.at <= now)
        .or(upcoming.first())
        .map(|o| o.at)
        .unwrap_or(now);
    let runs = programme
        .runs
        .iter()
        .filter(|r| r.plan_id == id)
        .map(|r| r.brief(plan))
        .collect();
    Ok(PlanDetail {
        summary: plan.summary(&programme.runs, now),
        fields: plan.fields.clone(),
        scope,
        candidates,
        upcoming,
        runs,
        people: crate::bia::ssr::people(db, caller.org_id).await?,
        default_start: input_value(default_start.min(now), plan.zone()),
        can_edit: caller.role.can(Permission::EditPlans),
        can_record: caller.role.can(Permission::Contribute),
    })
}
