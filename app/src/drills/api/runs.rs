//! Recording what a drill did: its run, each system's measured recovery,
//! the step log, and the follow-up actions.

use crate::drills::RunDetail;
use crate::error::AppError;
use leptos::prelude::*;
use uuid::Uuid;

/// The run's start and end, read in the plan's zone and checked; problems
/// go into `e`.
#[cfg(feature = "ssr")]
fn times(
    e: &mut crate::error::FieldErrors,
    started: &str,
    ended: &str,
    zone: chrono_tz::Tz,
) -> (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>) {
    use crate::drills::result::elapsed;
    use crate::drills::ssr::parse_local;

    let start = e.check("started", parse_local(started, zone, "start"));
    let end = e.check("ended", parse_local(ended, zone, "end"));
    if let (Some(s), Some(t)) = (start, end) {
        if let Err(err) = elapsed(s, t) {
            e.add("ended", err.to_string());
        } else if t > chrono::Utc::now() + chrono::Duration::minutes(5) {
            e.add(
                "ended",
                "A run is recorded once it has happened; this end is in the future.",
            );
        }
    }
    (start.unwrap_or_default(), end.unwrap_or_default())
}

#[cfg(feature = "ssr")]
fn zone_of(name: &str) -> chrono_tz::Tz {
    crate::drills::recurrence::zone(name).unwrap_or(chrono_tz::Tz::UTC)
}

/// Records a run of a plan. `occurrence` names the scheduled occurrence it
/// carried out (empty for an extra run). The systems in the plan's scope
/// are added with the RTO and RPO in force now, ready for measurements.
#[server(prefix = "/api", endpoint = "drills/run/record")]
pub async fn record_run(
    plan: Uuid,
    #[server(default)] occurrence: String,
    started: String,
    ended: String,
) -> Result<Uuid, AppError> {
    use crate::auth::ssr::authorize;
    use crate::bia::rollup::NodeKind;
    use crate::drills::ssr::figures::objective;
    use crate::drills::ssr::store::{self, NewRun, RunSystem};
    use crate::roles::Permission;

    let caller = authorize(Permission::Contribute).await?;
    let db = &caller.state.db;
    let programme = store::load(db, caller.org_id).await?;
    let p = programme
        .plan(plan)
        .ok_or_else(|| AppError::NotFound("Drill plan".into()))?;
    let mut e = crate::error::FieldErrors::new();
    let (started_at, ended_at) = times(&mut e, &started, &ended, p.zone());
    e.into_result()?;
    let occurrence = match occurrence.trim() {
        "" => None,
        text => {
            let t = chrono::DateTime::parse_from_rfc3339(text)
                .map(|t| t.to_utc())
                .ok()
                .filter(|t| p.schedule().next_from(*t) == Some(*t))
                .ok_or_else(|| {
                    AppError::field(
                        "occurrence",
                        "Choose one of the plan's scheduled dates, or an extra run.",
                    )
                })?;
            if programme
                .runs
                .iter()
                .any(|r| r.plan_id == plan && r.occurrence == Some(t))
            {
                return Err(AppError::field(
                    "occurrence",
                    format!("A run is already recorded for {}.", p.local(t)),
                ));
            }
            Some(t)
        }
    };
    let systems = crate::systems::ssr::load(db, caller.org_id).await?;
    let mut measured: Vec<RunSystem> = if p.fields.kind.measures_recovery() {
        systems
            .graph
            .refs(p.scope.iter().copied())
            .into_iter()
            .filter(|n| n.kind == NodeKind::System)
            .map(|n| {
                let need = objective(&systems, n.id);
                RunSystem {
                    id: n.id,
                    name: n.name,
                    rto: need.rto,
                    rpo: need.rpo,
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    measured.sort_by(|a, b| a.name.cmp(&b.name));
    let mut tx = db.begin().await?;
    store::check_plan(&mut tx, caller.org_id, plan).await?;
    let run = NewRun {
        plan,
        occurrence,
        started_at,
        ended_at,
        systems: measured,
    };
    let id = store::create_run(&mut tx, caller.org_id, &caller.actor(), &run).await?;
    tx.commit().await?;
    crate::auth::ssr::redirect_form_post(&format!("/drills/runs/{id}"));
    Ok(id)
}

#[server(prefix = "/api", endpoint = "drills/run/update")]
pub async fn update_run(
    id: Uuid,
    started: String,
    ended: String,
    issues: String,
    lessons: String,
) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::drills::ssr::store::{self, RunEdit};
    use crate::error::FieldErrors;
    use crate::roles::Permission;
    use crate::validate;

    let caller = authorize(Permission::Contribute).await?;
    let mut tx = caller.state.db.begin().await?;
    let plan = store::check_run(&mut tx, caller.org_id, id).await?;
    let (_, zone) = store::check_plan(&mut tx, caller.org_id, plan).await?;
    let mut e = FieldErrors::new();
    let issues = e.check("issues", validate::text(&issues, 5000, "the issues found"));
    let lessons = e.check(
        "lessons",
        validate::text(&lessons, 5000, "the lessons learned"),
    );
    let (started_at, ended_at) = times(&mut e, &started, &ended, zone_of(&zone));
    e.into_result()?;
    let edit = RunEdit {
        started_at,
        ended_at,
        issues: issues.unwrap_or_default(),
        lessons: lessons.unwrap_or_default(),
    };
    store::update_run(&mut tx, caller.org_id, &caller.actor(), id, &edit).await?;
    tx.commit().await?;
    crate::auth::ssr::redirect_form_post(&format!("/drills/runs/{id}"));
    Ok(())
}

/// What was measured for one system in a run.
#[server(prefix = "/api", endpoint = "drills/run/measure")]
pub async fn record_measure(
    run: Uuid,
    measure: Uuid,
    #[server(default)] recovered: Option<String>,
    recovery: String,
    data_loss: String,
    #[server(default)] notes: String,
) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::drills::result::parse_measured;
    use crate::drills::ssr::store::{self, MeasureEdit};
    use crate::error::FieldErrors;
    use crate::roles::Permission;
    use crate::validate;

    let caller = authorize(Permission::Contribute).await?;
    let mut e = FieldErrors::new();
    let recovery_minutes = e.check("recovery", parse_measured(&recovery, "recovery time"));
    let data_loss_minutes = e.check("data_loss", parse_measured(&data_loss, "data loss"));
    let notes = e.check("notes", validate::text(&notes, 1000, "the notes"));
    e.into_result()?;
    let edit = MeasureEdit {
        recovered: recovered.is_some_and(|v| !v.is_empty()),
        recovery_minutes: recovery_minutes.flatten(),
        data_loss_minutes: data_loss_minutes.flatten(),
        notes: notes.unwrap_or_default(),
    };
    let mut tx = caller.state.db.begin().await?;
    store::check_run(&mut tx, caller.org_id, run).await?;
    store::update_measure(&mut tx, caller.org_id, &caller.actor(), run, measure, &edit).await?;
    tx.commit().await?;
    crate::auth::ssr::redirect_form_post(&format!("/drills/runs/{run}"));
    Ok(())
}

/// Logs a step of the run: who did what, when.
#[server(prefix = "/api", endpoint = "drills/run/step/add")]
pub async fn add_step(run: Uuid, at: String, who: String, what: String) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::drills::ssr::{parse_local, store};
    use crate::error::FieldErrors;
    use crate::roles::Permission;
    use crate::validate;

    let caller = authorize(Permission::Contribute).await?;
    let db = &caller.state.db;
    let mut tx = db.begin().await?;
    let plan = store::check_run(&mut tx, caller.org_id, run).await?;
    let (_, zone) = store::check_plan(&mut tx, caller.org_id, plan).await?;
    let (started, ended) = store::run_span(&mut tx, caller.org_id, run).await?;
    let zone = zone_of(&zone);
    let mut e = FieldErrors::new();
    let at = e.check("at", parse_local(&at, zone, "time of the step"));
    let who = e.check("who", validate::text(&who, 100, "who"));
    let what = e.check(
        "what",
        validate::name(&what, "what was done").and_then(|w| validate::text(&w, 1000, "the step")),
    );
    if let Some(t) = at
        && (t < started || t > ended)
    {
        e.add(
            "at",
            format!(
                "A step must fall within the run: {} to {}.",
                crate::drills::ssr::local_text(started, zone),
                crate::drills::ssr::local_text(ended, zone)
            ),
        );
    }
    e.into_result()?;
    store::add_step(
        &mut tx,
        caller.org_id,
        &caller.actor(),
        run,
        at.unwrap_or(started),
        &who.unwrap_or_default(),
        &what.unwrap_or_default(),
    )
    .await?;
    tx.commit().await?;
    crate::auth::ssr::redirect_form_post(&format!("/drills/runs/{run}"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "drills/run/step/remove")]
pub async fn remove_step(run: Uuid, step: Uuid) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::drills::ssr::store;
    use crate::roles::Permission;

    let caller = authorize(Permission::Contribute).await?;
    let mut tx = caller.state.db.begin().await?;
    store::check_run(&mut tx, caller.org_id, run).await?;
    store::remove_step(&mut tx, caller.org_id, &caller.actor(), run, step).await?;
    tx.commit().await?;
    crate::auth::ssr::redirect_form_post(&format!("/drills/runs/{run}"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "drills/action/add")]
pub async fn add_action(
    run: Uuid,
    title: String,
    owner: String,
    due_on: String,
) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::drills::ssr::store;
    use crate::error::FieldErrors;
    use crate::roles::Permission;
    use crate::validate;

    let caller = authorize(Permission::Contribute).await?;
    let mut e = FieldErrors::new();
    let title = e.check("title", validate::name(&title, "what needs doing"));
    let owner = e.check("owner", crate::bia::ssr::parse_owner(&owner));
    let due = chrono::NaiveDate::parse_from_str(due_on.trim(), "%Y-%m-%d").ok();
    if due.is_none() {
        e.add("due_on", "Enter the date it is due.");
    }
    e.into_result()?;
    let mut tx = caller.state.db.begin().await?;
    store::check_run(&mut tx, caller.org_id, run).await?;
    let owner = owner.flatten();
    crate::bia::ssr::check_owner(&mut tx, caller.org_id, owner).await?;
    store::add_action(
        &mut tx,
        caller.org_id,
        &caller.actor(),
        run,
        &title.unwrap_or_default(),
        owner,
        due.unwrap_or_default(),
    )
    .await?;
    tx.commit().await?;
    crate::auth::ssr::redirect_form_post(&format!("/drills/runs/{run}"));
    Ok(())
}

/// Closes a follow-up action (`closed` true) or reopens it.
#[server(prefix = "/api", endpoint = "drills/action/close")]
pub async fn close_action(id: Uuid, closed: bool) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::drills::ssr::store;
    use crate::roles::Permission;

    let caller = authorize(Permission::Contribute).await?;
    let mut tx = caller.state.db.begin().await?;
    let run = store::set_action_closed(&mut tx, caller.org_id, &caller.actor(), id, closed).await?;
    tx.commit().await?;
    crate::auth::ssr::redirect_form_post(&format!("/drills/runs/{run}"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "drills/run")]
pub async fn load_run(id: Uuid) -> Result<RunDetail, AppError> {
    use crate::auth::ssr::authorize;
    use crate::drills::ssr::figures::actions;
    use crate::drills::ssr::{input_value, local_text, store};
    use crate::drills::{StepView, SystemMeasure};
    use crate::roles::Permission;

    let caller = authorize(Permission::ViewOrganisation).await?;
    let db = &caller.state.db;
    let programme = store::load(db, caller.org_id).await?;
    let run = programme
        .run(id)
        .ok_or_else(|| AppError::NotFound("Drill run".into()))?;
    let plan = programme
        .plan(run.plan_id)
        .ok_or_else(|| AppError::NotFound("Drill plan".into()))?;
    let graph = crate::bia::ssr::graph::load(db, caller.org_id).await?;
    let zone = plan.zone();
    let today = chrono::Utc::now().date_naive();
    let frameworks = store::frameworks(db, caller.org_id).await?;
    let in_use: Vec<&str> = frameworks.iter().map(String::as_str).collect();
    let steps = store::steps(db, caller.org_id, id)
        .await?
        .into_iter()
        .map(|s| StepView {
            id: s.id,
            local: local_text(s.at, zone),
            at: s.at,
            who: s.who,
            what: s.what,
        })
        .collect();
    Ok(RunDetail {
        id,
        plan_id: plan.id,
        plan_title: plan.fields.title.clone(),
        kind: plan.fields.kind,
        started_local: input_value(run.started_at, zone),
        ended_local: input_value(run.ended_at, zone),
        when: crate::drills::ssr::span_text(run.started_at, run.ended_at, zone),
        elapsed_minutes: (run.ended_at - run.started_at).num_minutes(),
        issues: run.issues.clone(),
        lessons: run.lessons.clone(),
        recorded_by: run.recorded_by.clone(),
        systems: run
            .systems
            .iter()
            .map(|m| SystemMeasure {
                id: m.id,
                system: m.system_id.and_then(|s| graph.node_ref(s)),
                name: m.system_name.clone(),
                recovered: m.recovered,
                recovery_minutes: m.measured.recovery_minutes,
                data_loss_minutes: m.measured.data_loss_minutes,
                rto: m.measured.rto,
                rpo: m.measured.rpo,
                notes: m.notes.clone(),
                result: m.result(),
            })
            .collect(),
        verdict: run.verdict(),
        steps,
        actions: actions(&programme, today)
            .into_iter()
            .filter(|a| a.run_id == id)
            .collect(),
        evidence_for: crate::drills::cadence::evidence_for(plan.fields.kind, &in_use),
        people: crate::bia::ssr::people(db, caller.org_id).await?,
        can_record: caller.role.can(Permission::Contribute),
    })
}
