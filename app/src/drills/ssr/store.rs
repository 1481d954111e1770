//! Reading and writing plans, runs, measurements, steps and actions. Every
//! query names the organisation; writes take a transaction and record the
//! change in the audit log inside it.

use super::{Action, Measure, Plan, Run, kind_of, repeat_of};
use crate::audit::ssr::{Actor, Change, record};
use crate::db::{Db, Tx};
use crate::drills::PlanFields;
use crate::drills::result::Measured;
use crate::error::AppError;
use crate::{with_db, with_tx};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Value, json};
use std::collections::HashMap;
use uuid::Uuid;

/// The whole drill programme of one organisation.
pub struct Programme {
    pub plans: Vec<Plan>,
    pub runs: Vec<Run>,
    pub actions: Vec<Action>,
}

impl Programme {
    pub fn plan(&self, id: Uuid) -> Option<&Plan> {
        self.plans.iter().find(|p| p.id == id)
    }

    pub fn run(&self, id: Uuid) -> Option<&Run> {
        self.runs.iter().find(|r| r.id == id)
    }
}

#[derive(sqlx::FromRow)]
struct PlanRow {
    id: Uuid,
    title: String,
    kind: String,
    scenario: String,
    owner_id: Option<Uuid>,
    owner: Option<String>,
    participants: String,
    first_on: NaiveDate,
    at_time: String,
    zone: String,
    duration_minutes: i64,
    repeat_unit: Option<String>,
    repeat_every: Option<i64>,
    until_on: Option<NaiveDate>,
}

#[derive(sqlx::FromRow)]
struct RunRow {
    id: Uuid,
    plan_id: Uuid,
    occurrence: Option<DateTime<Utc>>,
    started_at: DateTime<Utc>,
    ended_at: DateTime<Utc>,
    issues: String,
    lessons: String,
    recorded_by: Option<String>,
}

#[derive(sqlx::FromRow)]
struct MeasureRow {
    id: Uuid,
    run_id: Uuid,
    system_id: Option<Uuid>,
    system_name: String,
    recovered: bool,
    recovery_minutes: Option<i64>,
    data_loss_minutes: Option<i64>,
    rto_minutes: Option<i64>,
    rpo_minutes: Option<i64>,
    notes: String,
}

#[derive(sqlx::FromRow)]
struct ActionRow {
    id: Uuid,
    run_id: Uuid,
    title: String,
    owner_id: Option<Uuid>,
    owner: Option<String>,
    due_on: NaiveDate,
    closed_at: Option<DateTime<Utc>>,
}

pub async fn load(db: &Db, org_id: Uuid) -> Result<Programme, sqlx::Error> {
    let plans: Vec<PlanRow> = with_db!(db, pool => sqlx::query_as(
        "SELECT p.id, p.title, p.kind, p.scenario, p.owner_id, u.name AS owner, p.participants, \
         p.first_on, p.at_time, p.zone, p.duration_minutes, p.repeat_unit, p.repeat_every, p.until_on \
         FROM drill_plans p LEFT JOIN users u ON u.id = p.owner_id \
         WHERE p.org_id = $1 ORDER BY p.title, p.created_at",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await)?;
    let scope: Vec<(Uuid, Uuid)> = with_db!(db, pool => sqlx::query_as(
        "SELECT plan_id, node_id FROM drill_scope WHERE org_id = $1",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await)?;
    let runs: Vec<RunRow> = with_db!(db, pool => sqlx::query_as(
        "SELECT r.id, r.plan_id, r.occurrence, r.started_at, r.ended_at, r.issues, r.lessons, \
         u.name AS recorded_by \
         FROM drill_runs r LEFT JOIN users u ON u.id = r.recorded_by \
         WHERE r.org_id = $1 ORDER BY r.started_at DESC",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await)?;
    let measures: Vec<MeasureRow> = with_db!(db, pool => sqlx::query_as(
        "SELECT id, run_id, system_id, system_name, recovered, recovery_minutes, data_loss_minutes, \
         rto_minutes, rpo_minutes, notes FROM drill_run_systems WHERE org_id = $1",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await)?;
    let actions: Vec<ActionRow> = with_db!(db, pool => sqlx::query_as(
        "SELECT a.id, a.run_id, a.title, a.owner_id, u.name AS owner, a.due_on, a.closed_at \
         FROM drill_actions a LEFT JOIN users u ON u.id = a.owner_id \
         WHERE a.org_id = $1 ORDER BY a.due_on, a.created_at",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await)?;

    let mut scope_of: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for (plan, node) in scope {
        scope_of.entry(plan).or_default().push(node);
    }
    let mut measures_of: HashMap<Uuid, Vec<Measure>> = HashMap::new();
    for m in measures {
        measures_of.entry(m.run_id).or_default().push(Measure {
            id: m.id,
            system_id: m.system_id,
            system_name: m.system_name,
            recovered: m.recovered,
            measured: Measured {
                recovery_minutes: m.recovery_minutes,
                data_loss_minutes: m.data_loss_minutes,
                rto: m.rto_minutes,
                rpo: m.rpo_minutes,
            },
            notes: m.notes,
        });
    }
    // Names are ordered here rather than in SQL, whose collation differs
    // between the two databases.
    for list in measures_of.values_mut() {
        list.sort_by(|a, b| a.system_name.cmp(&b.system_name));
    }
    Ok(Programme {
        plans: plans
            .into_iter()
            .map(|p| Plan {
                id: p.id,
                scope: scope_of.remove(&p.id).unwrap_or_default(),
                owner: p.owner,
                fields: PlanFields {
                    title: p.title,
                    kind: kind_of(&p.kind),
                    scenario: p.scenario,
                    owner_id: p.owner_id,
                    participants: p.participants,
                    first_on: p.first_on,
                    at_time: p.at_time,
                    zone: p.zone,
                    duration_minutes: p.duration_minutes,
                    repeat: repeat_of(p.repeat_unit.as_deref(), p.repeat_every),
                    until_on: p.until_on,
                },
            })
            .collect(),
        runs: runs
            .into_iter()
            .map(|r| Run {
                systems: measures_of.remove(&r.id).unwrap_or_default(),
                id: r.id,
                plan_id: r.plan_id,
                occurrence: r.occurrence,
                started_at: r.started_at,
                ended_at: r.ended_at,
                issues: r.issues,
                lessons: r.lessons,
                recorded_by: r.recorded_by,
            })
            .collect(),
        actions: actions
            .into_iter()
            .map(|a| Action {
                id: a.id,
                run_id: a.run_id,
                title: a.title,
                owner_id: a.owner_id,
                owner: a.owner,
                due_on: a.due_on,
                closed_at: a.closed_at,
            })
            .collect(),
    })
}

async fn audit(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    action: &'static str,
    entity_type: &'static str,
    id: Uuid,
    after: Value,
) -> Result<(), sqlx::Error> {
    record(
        tx,
        org_id,
        actor,
        Change {
            action,
            entity_type,
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(after),
        },
    )
    .await
}

/// The plan must belong to this organisation; returns its title and zone.
pub async fn check_plan(tx: &mut Tx, org_id: Uuid, id: Uuid) -> Result<(String, String), AppError> {
    let found: Option<(String, String)> = with_tx!(tx, conn => sqlx::query_as(
        "SELECT title, zone FROM drill_plans WHERE org_id = $1 AND id = $2",
    )
    .bind(org_id)
    .bind(id)
    .fetch_optional(conn)
    .await)?;
    found.ok_or_else(|| AppError::NotFound("Drill plan".into()))
}

/// The run must belong to this organisation; returns its plan's id.
pub async fn check_run(tx: &mut Tx, org_id: Uuid, id: Uuid) -> Result<Uuid, AppError> {
    let found: Option<Uuid> = with_tx!(tx, conn => sqlx::query_scalar(
        "SELECT plan_id FROM drill_runs WHERE org_id = $1 AND id = $2",
    )
    .bind(org_id)
    .bind(id)
    .fetch_optional(conn)
    .await)?;
    found.ok_or_else(|| AppError::NotFound("Drill run".into()))
}

fn plan_json(f: &PlanFields) -> Value {
    json!({
        "title": f.title,
        "kind": f.kind.key(),
        "first_on": f.first_on,
        "at": f.at_time,
        "zone": f.zone,
        "repeat": f.repeat.map(|r| r.describe()),
        "until": f.until_on,
        "owner_id": f.owner_id,
    })
}

pub async fn create_plan(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    f: &PlanFields,
) -> Result<Uuid, sqlx::Error> {
    let id = Uuid::new_v4();
    let now = Utc::now();
    with_tx!(tx, conn => sqlx::query(
        "INSERT INTO drill_plans (id, org_id, title, kind, scenario, owner_id, participants, first_on, \
         at_time, zone, duration_minutes, repeat_unit, repeat_every, until_on, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)",
    )
    .bind(id)
    .bind(org_id)
    .bind(&f.title)
    .bind(f.kind.key())
    .bind(&f.scenario)
    .bind(f.owner_id)
    .bind(&f.participants)
    .bind(f.first_on)
    .bind(&f.at_time)
    .bind(&f.zone)
    .bind(f.duration_minutes)
    .bind(f.repeat.map(|r| r.unit.key()))
    .bind(f.repeat.map(|r| i64::from(r.every)))
    .bind(f.until_on)
    .bind(now)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    audit(
        tx,
        org_id,
        actor,
        "drill.plan.created",
        "drill_plan",
        id,
        plan_json(f),
    )
    .await?;
    Ok(id)
}

pub async fn update_plan(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    id: Uuid,
    f: &PlanFields,
) -> Result<(), sqlx::Error> {
    with_tx!(tx, conn => sqlx::query(
        "UPDATE drill_plans SET title = $3, kind = $4, scenario = $5, owner_id = $6, participants = $7, \
         first_on = $8, at_time = $9, zone = $10, duration_minutes = $11, repeat_unit = $12, \
         repeat_every = $13, until_on = $14, updated_at = $15 WHERE org_id = $1 AND id = $2",
    )
    .bind(org_id)
    .bind(id)
    .bind(&f.title)
    .bind(f.kind.key())
    .bind(&f.scenario)
    .bind(f.owner_id)
    .bind(&f.participants)
    .bind(f.first_on)
    .bind(&f.at_time)
    .bind(&f.zone)
    .bind(f.duration_minutes)
    .bind(f.repeat.map(|r| r.unit.key()))
    .bind(f.repeat.map(|r| i64::from(r.every)))
    .bind(f.until_on)
    .bind(Utc::now())
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    audit(
        tx,
        org_id,
        actor,
        "drill.plan.updated",
        "drill_plan",
        id,
        plan_json(f),
    )
    .await
}

/// Deletes a plan that has no recorded runs; runs are the programme's
/// history and keep their plan.
pub async fn delete_plan(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    id: Uuid,
) -> Result<(), AppError> {
    let (title, _) = check_plan(tx, org_id, id).await?;
    let runs: i64 = with_tx!(tx, conn => sqlx::query_scalar(
        "SELECT COUNT(*) FROM drill_runs WHERE org_id = $1 AND plan_id = $2",
    )
    .bind(org_id)
    .bind(id)
    .fetch_one(conn)
    .await)?;
    if runs > 0 {
        return Err(AppError::Conflict(format!(
            "“{title}” has {runs} recorded run{}; they are the drill's history, so the plan stays. End its schedule instead by setting the last date.",
            if runs == 1 { "" } else { "s" }
        )));
    }
    with_tx!(tx, conn => sqlx::query("DELETE FROM drill_plans WHERE org_id = $1 AND id = $2")
        .bind(org_id)
        .bind(id)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    audit(
        tx,
        org_id,
        actor,
        "drill.plan.deleted",
        "drill_plan",
        id,
        json!({ "title": title }),
    )
    .await?;
    Ok(())
}

pub async fn add_scope(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    plan: Uuid,
    node: Uuid,
    name: &str,
) -> Result<(), sqlx::Error> {
    let done = with_tx!(tx, conn => sqlx::query(
        "INSERT INTO drill_scope (plan_id, org_id, node_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(plan)
    .bind(org_id)
    .bind(node)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    if done > 0 {
        audit(
            tx,
            org_id,
            actor,
            "drill.scope.added",
            "drill_plan",
            plan,
            json!({ "node": name }),
        )
        .await?;
    }
    Ok(())
}

pub async fn remove_scope(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    plan: Uuid,
    node: Uuid,
) -> Result<(), sqlx::Error> {
    let done = with_tx!(tx, conn => sqlx::query(
        "DELETE FROM drill_scope WHERE org_id = $1 AND plan_id = $2 AND node_id = $3",
    )
    .bind(org_id)
    .bind(plan)
    .bind(node)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    if done > 0 {
        audit(
            tx,
            org_id,
            actor,
            "drill.scope.removed",
            "drill_plan",
            plan,
            json!({ "node": node }),
        )
        .await?;
    }
    Ok(())
}

/// A system a new run will measure, with the objectives in force now.
pub struct RunSystem {
    pub id: Uuid,
    pub name: String,
    pub rto: Option<i64>,
    pub rpo: Option<i64>,
}

pub struct NewRun {
    pub plan: Uuid,
    pub occurrence: Option<DateTime<Utc>>,
    pub started_at: DateTime<Utc>,
    pub ended_at: DateTime<Utc>,
    pub systems: Vec<RunSystem>,
}

pub async fn create_run(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    run: &NewRun,
) -> Result<Uuid, sqlx::Error> {
    let id = Uuid::new_v4();
    let now = Utc::now();
    with_tx!(tx, conn => sqlx::query(
        "INSERT INTO drill_runs (id, org_id, plan_id, occurrence, started_at, ended_at, recorded_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
    )
    .bind(id)
    .bind(org_id)
    .bind(run.plan)
    .bind(run.occurrence)
    .bind(run.started_at)
    .bind(run.ended_at)
    .bind(actor.id)
    .bind(now)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    for s in &run.systems {
        with_tx!(tx, conn => sqlx::query(
            "INSERT INTO drill_run_systems (id, org_id, run_id, system_id, system_name, recovered, rto_minutes, rpo_minutes) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(Uuid::new_v4())
        .bind(org_id)
        .bind(id)
        .bind(s.id)
        .bind(&s.name)
        .bind(true)
        .bind(s.rto)
        .bind(s.rpo)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    }
    let after = json!({
        "plan": run.plan,
        "occurrence": run.occurrence,
        "started_at": run.started_at,
        "ended_at": run.ended_at,
        "systems": run.systems.iter().map(|s| &s.name).collect::<Vec<_>>(),
    });
    audit(
        tx,
        org_id,
        actor,
        "drill.run.recorded",
        "drill_run",
        id,
        after,
    )
    .await?;
    Ok(id)
}

/// When a run of this organisation started and ended.
pub async fn run_span(
    tx: &mut Tx,
    org_id: Uuid,
    id: Uuid,
) -> Result<(DateTime<Utc>, DateTime<Utc>), AppError> {
    let found: Option<(DateTime<Utc>, DateTime<Utc>)> = with_tx!(tx, conn => sqlx::query_as(
        "SELECT started_at, ended_at FROM drill_runs WHERE org_id = $1 AND id = $2",
    )
    .bind(org_id)
    .bind(id)
    .fetch_optional(conn)
    .await)?;
    found.ok_or_else(|| AppError::NotFound("Drill run".into()))
}

pub struct RunEdit {
    pub started_at: DateTime<Utc>,
    pub ended_at: DateTime<Utc>,
    pub issues: String,
    pub lessons: String,
}

pub async fn update_run(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    id: Uuid,
    e: &RunEdit,
) -> Result<(), sqlx::Error> {
    with_tx!(tx, conn => sqlx::query(
        "UPDATE drill_runs SET started_at = $3, ended_at = $4, issues = $5, lessons = $6, updated_at = $7 \
         WHERE org_id = $1 AND id = $2",
    )
    .bind(org_id)
    .bind(id)
    .bind(e.started_at)
    .bind(e.ended_at)
    .bind(&e.issues)
    .bind(&e.lessons)
    .bind(Utc::now())
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    let after = json!({ "started_at": e.started_at, "ended_at": e.ended_at, "issues": e.issues, "lessons": e.lessons });
    audit(
        tx,
        org_id,
        actor,
        "drill.run.updated",
        "drill_run",
        id,
        after,
    )
    .await
}

pub struct MeasureEdit {
    pub recovered: bool,
    pub recovery_minutes: Option<i64>,
    pub data_loss_minutes: Option<i64>,
    pub notes: String,
}

/// Records what was measured for one system of a run.
pub async fn update_measure(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    run: Uuid,
    measure: Uuid,
    e: &MeasureEdit,
) -> Result<(), AppError> {
    let name: Option<String> = with_tx!(tx, conn => sqlx::query_scalar(
        "UPDATE drill_run_systems SET recovered = $4, recovery_minutes = $5, data_loss_minutes = $6, notes = $7 \
         WHERE org_id = $1 AND run_id = $2 AND id = $3 RETURNING system_name",
    )
    .bind(org_id)
    .bind(run)
    .bind(measure)
    .bind(e.recovered)
    .bind(e.recovery_minutes)
    .bind(e.data_loss_minutes)
    .bind(&e.notes)
    .fetch_optional(conn)
    .await)?;
    let name = name.ok_or_else(|| AppError::NotFound("System in this run".into()))?;
    let after = json!({
        "system": name,
        "recovered": e.recovered,
        "recovery_minutes": e.recovery_minutes,
        "data_loss_minutes": e.data_loss_minutes,
    });
    audit(
        tx,
        org_id,
        actor,
        "drill.measure.updated",
        "drill_run",
        run,
        after,
    )
    .await?;
    Ok(())
}

/// A run's measurements with their objectives, in name order.
#[derive(sqlx::FromRow)]
pub struct MeasureRef {
    pub id: Uuid,
    pub name: String,
    pub rto: Option<i64>,
    pub rpo: Option<i64>,
}

pub async fn measures_in(
    tx: &mut Tx,
    org_id: Uuid,
    run: Uuid,
) -> Result<Vec<MeasureRef>, sqlx::Error> {
    with_tx!(tx, conn => sqlx::query_as(
        "SELECT id, system_name AS name, rto_minutes AS rto, rpo_minutes AS rpo FROM drill_run_systems \
         WHERE org_id = $1 AND run_id = $2",
    )
    .bind(org_id)
    .bind(run)
    .fetch_all(conn)
    .await)
    .map(|mut rows: Vec<MeasureRef>| {
        // In Rust, not SQL: the databases' collations order names differently.
        rows.sort_by(|a, b| a.name.cmp(&b.name));
        rows
    })
}

pub async fn add_step(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    run: Uuid,
    at: DateTime<Utc>,
    who: &str,
    what: &str,
) -> Result<Uuid, sqlx::Error> {
    let id = Uuid::new_v4();
    with_tx!(tx, conn => sqlx::query(
        "INSERT INTO drill_steps (id, org_id, run_id, at, who, what, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(org_id)
    .bind(run)
    .bind(at)
    .bind(who)
    .bind(what)
    .bind(Utc::now())
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    audit(
        tx,
        org_id,
        actor,
        "drill.step.added",
        "drill_run",
        run,
        json!({ "at": at, "who": who, "what": what }),
    )
    .await?;
    Ok(id)
}

pub async fn remove_step(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    run: Uuid,
    step: Uuid,
) -> Result<(), AppError> {
    let done = with_tx!(tx, conn => sqlx::query(
        "DELETE FROM drill_steps WHERE org_id = $1 AND run_id = $2 AND id = $3",
    )
    .bind(org_id)
    .bind(run)
    .bind(step)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    if done == 0 {
        return Err(AppError::NotFound("Step".into()));
    }
    audit(
        tx,
        org_id,
        actor,
        "drill.step.removed",
        "drill_run",
        run,
        json!({ "step": step }),
    )
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
pub struct StepRow {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub who: String,
    pub what: String,
}

pub async fn steps(db: &Db, org_id: Uuid, run: Uuid) -> Result<Vec<StepRow>, sqlx::Error> {
    with_db!(db, pool => sqlx::query_as(
        "SELECT id, at, who, what FROM drill_steps WHERE org_id = $1 AND run_id = $2 ORDER BY at, created_at",
    )
    .bind(org_id)
    .bind(run)
    .fetch_all(pool)
    .await)
}

pub async fn add_action(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    run: Uuid,
    title: &str,
    owner: Option<Uuid>,
    due_on: NaiveDate,
) -> Result<Uuid, sqlx::Error> {
    let id = Uuid::new_v4();
    with_tx!(tx, conn => sqlx::query(
        "INSERT INTO drill_actions (id, org_id, run_id, title, owner_id, due_on, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(org_id)
    .bind(run)
    .bind(title)
    .bind(owner)
    .bind(due_on)
    .bind(Utc::now())
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    let after = json!({ "run": run, "title": title, "owner_id": owner, "due_on": due_on });
    audit(
        tx,
        org_id,
        actor,
        "drill.action.added",
        "drill_action",
        id,
        after,
    )
    .await?;
    Ok(id)
}

/// Closes (or reopens) an action; returns the run it belongs to.
pub async fn set_action_closed(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    id: Uuid,
    closed: bool,
) -> Result<Uuid, AppError> {
    let closed_at = closed.then(Utc::now);
    let run: Option<Uuid> = with_tx!(tx, conn => sqlx::query_scalar(
        "UPDATE drill_actions SET closed_at = $3 WHERE org_id = $1 AND id = $2 RETURNING run_id",
    )
    .bind(org_id)
    .bind(id)
    .bind(closed_at)
    .fetch_optional(conn)
    .await)?;
    let run = run.ok_or_else(|| AppError::NotFound("Follow-up action".into()))?;
    let action = if closed {
        "drill.action.closed"
    } else {
        "drill.action.reopened"
    };
    audit(
        tx,
        org_id,
        actor,
        action,
        "drill_action",
        id,
        json!({ "closed_at": closed_at }),
    )
    .await?;
    Ok(run)
}

pub async fn frameworks(db: &Db, org_id: Uuid) -> Result<Vec<String>, sqlx::Error> {
    with_db!(db, pool => sqlx::query_scalar(
        "SELECT framework FROM org_frameworks WHERE org_id = $1 ORDER BY framework",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await)
}

/// Replaces the set of frameworks in use, keeping the activation date of
/// those that stay.
pub async fn set_frameworks(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    chosen: &[&'static str],
) -> Result<(), sqlx::Error> {
    let now = Utc::now();
    for f in crate::drills::FRAMEWORKS.map(|(key, _)| key) {
        if chosen.contains(&f) {
            with_tx!(tx, conn => sqlx::query(
                "INSERT INTO org_frameworks (org_id, framework, activated_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            )
            .bind(org_id)
            .bind(f)
            .bind(now)
            .execute(conn)
            .await
            .map(|r| r.rows_affected()))?;
        } else {
            with_tx!(tx, conn => sqlx::query("DELETE FROM org_frameworks WHERE org_id = $1 AND framework = $2")
                .bind(org_id)
                .bind(f)
                .execute(conn)
                .await
                .map(|r| r.rows_affected()))?;
        }
    }
    record(
        tx,
        org_id,
        actor,
        Change {
            action: "frameworks.updated",
            entity_type: "organisation",
            entity_id: Some(org_id.to_string()),
            before: None,
            after: Some(json!({ "frameworks": chosen })),
        },
    )
    .await
}
