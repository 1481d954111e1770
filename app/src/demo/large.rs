//! A large organisation for measuring Seawall at scale: at scale 1, 1,000
//! processes, 500 systems, all three frameworks answered, 5,000 evidence
//! records and 500 recorded drills. It is written through the same store
//! functions as real edits (audit entries included), in batches, so the
//! database looks like one that grew through use.

use crate::audit::ssr::Actor;
use crate::auth::ssr::{password, users};
use crate::bia::derive::Objectives;
use crate::bia::rollup::NodeKind;
use crate::bia::ssr::processes::{self, ProcessFields};
use crate::bia::ssr::resources::{self, ResourceFields};
use crate::controls::Answer;
use crate::controls::ssr::{answers, checklist::target};
use crate::controls::status::Status;
use crate::db::Db;
use crate::drills::repeat::Repeat;
use crate::drills::ssr::store::{self as drills, MeasureEdit, NewRun, RunSystem};
use crate::drills::{DrillKind, PlanFields};
use crate::error::AppError;
use crate::evidence::EvidenceKind;
use crate::evidence::ssr::store::{self as evidence, NewVersion};
use chrono::{Duration, Utc};
use uuid::Uuid;

/// How much to generate.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub processes: usize,
    pub systems: usize,
    pub evidence: usize,
    pub drills: usize,
}

impl Scale {
    pub fn times(factor: usize) -> Scale {
        Scale {
            processes: 1_000 * factor,
            systems: 500 * factor,
            evidence: 5_000 * factor,
            drills: 500 * factor,
        }
    }
}

pub struct Large {
    pub org_id: Uuid,
    pub owner_id: Uuid,
    pub owner_email: String,
}

/// Rows written per transaction: large enough to be quick, small enough
/// that no transaction holds much memory.
const BATCH: usize = 250;

/// `0..n` in runs of `BATCH`.
fn batches(n: usize) -> impl Iterator<Item = Vec<usize>> {
    (0..n)
        .step_by(BATCH)
        .map(move |start| (start..(start + BATCH).min(n)).collect())
}

/// Runs per drill plan.
const RUNS_PER_PLAN: usize = 10;

pub async fn generate(db: &Db, scale: Scale, password: &str) -> Result<Large, AppError> {
    // The shipped checklists, as a starting server loads them.
    crate::controls::ssr::catalogs::load_shipped(db).await?;
    let stamp = Uuid::new_v4().simple().to_string()[..8].to_string();
    let owner_email = format!("owner-{stamp}@large.example");
    let hash = password::hash(password.to_string()).await?;
    let mut tx = db.begin().await?;
    let owner_id = users::insert(
        &mut tx,
        &users::NewUser {
            email: &owner_email,
            name: "Large Owner",
            password_hash: &hash,
        },
    )
    .await?;
    let owner = Actor {
        id: owner_id,
        email: owner_email.clone(),
    };
    let org_id =
        crate::orgs::ssr::create(&mut tx, &owner, &format!("Large {stamp}"), false).await?;
    drills::set_frameworks(&mut tx, org_id, &owner, &["soc2", "hipaa", "pci"]).await?;
    tx.commit().await?;

    let mut systems = Vec::with_capacity(scale.systems);
    for chunk in batches(scale.systems) {
        let mut tx = db.begin().await?;
        for i in &chunk {
            let fields = ResourceFields {
                kind: NodeKind::System,
                name: format!("System {i:05}"),
                owner_id: Some(owner_id),
                category: ["database", "application", "storage", "network"][i % 4].into(),
                contact: String::new(),
                rto: Some(60 * (1 + (*i as i64 % 48))),
                rpo: Some(15 * (1 + (*i as i64 % 8))),
                notes: String::new(),
            };
            systems.push(resources::create(&mut tx, org_id, &owner, &fields).await?);
        }
        tx.commit().await?;
    }

    for chunk in batches(scale.processes) {
        let mut tx = db.begin().await?;
        for i in &chunk {
            let fields = ProcessFields {
                name: format!("Process {i:05}"),
                department: format!("Department {:02}", i % 40),
                owner_id: Some(owner_id),
                description: "Generated for measurement.".into(),
                products: String::new(),
                peak_periods: String::new(),
                mbco: String::new(),
            };
            let id = processes::create(&mut tx, org_id, &owner, &fields).await?;
            let objectives = Objectives {
                rto: Some(120 * (1 + (*i as i64 % 24))),
                rpo: Some(30 * (1 + (*i as i64 % 8))),
                wrt: Some(60),
            };
            processes::set_objectives(&mut tx, org_id, &owner, id, objectives).await?;
            if !systems.is_empty() {
                for k in 0..2 {
                    let system = systems[(i * 2 + k) % systems.len()];
                    crate::bia::ssr::graph::add(&mut tx, org_id, &owner, id, system).await?;
                }
            }
        }
        tx.commit().await?;
    }

    let controls: Vec<(String, String)> = crate::controls::catalog::builtin()
        .iter()
        .flat_map(|c| {
            c.controls
                .iter()
                .map(|k| (c.framework.clone(), k.id.clone()))
        })
        .collect();
    for chunk in controls.chunks(BATCH) {
        let mut tx = db.begin().await?;
        for (n, (framework, id)) in chunk.iter().enumerate() {
            let status = [
                Status::Implemented,
                Status::Implemented,
                Status::InProgress,
                Status::NotStarted,
                Status::NotApplicable,
            ][n % 5];
            let answer = Answer {
                status,
                justification: if status == Status::NotApplicable {
                    "Out of scope for the systems assessed.".into()
                } else {
                    String::new()
                },
                owner_id: Some(owner_id),
                due_on: None,
                notes: String::new(),
                updated_by: None,
                updated_at: None,
            };
            answers::save(&mut tx, org_id, &owner, framework, id, None, &answer).await?;
        }
        tx.commit().await?;
    }

    let today = Utc::now().date_naive();
    for chunk in batches(scale.evidence) {
        let mut tx = db.begin().await?;
        for i in &chunk {
            let item =
                evidence::create_item(&mut tx, org_id, &owner, &format!("Evidence record {i:05}"))
                    .await?;
            evidence::add_version(
                &mut tx,
                org_id,
                &owner,
                item,
                NewVersion {
                    kind: EvidenceKind::Link,
                    file: None,
                    url: format!("https://records.large.example/evidence/{i}"),
                    statement: String::new(),
                    run_id: None,
                    effective_on: today - Duration::days((*i % 400) as i64),
                    valid_months: Some(12),
                },
            )
            .await?;
            if !controls.is_empty() {
                let (framework, id) = &controls[i % controls.len()];
                evidence::link(
                    &mut tx,
                    org_id,
                    &owner,
                    item,
                    "control",
                    &target(framework, id),
                )
                .await?;
            }
        }
        tx.commit().await?;
    }

    let plans = scale.drills.div_ceil(RUNS_PER_PLAN);
    let mut recorded = 0;
    for p in 0..plans {
        let mut tx = db.begin().await?;
        let fields = PlanFields {
            title: format!("Restore test {p:04}"),
            kind: DrillKind::BackupRestore,
            scenario: String::new(),
            owner_id: Some(owner_id),
            participants: String::new(),
            first_on: today - Duration::days(30 * RUNS_PER_PLAN as i64 + 5),
            at_time: "09:00".into(),
            zone: "Europe/London".into(),
            duration_minutes: 240,
            repeat: Some(Repeat::MONTHLY),
            until_on: None,
        };
        let plan_id = drills::create_plan(&mut tx, org_id, &owner, &fields).await?;
        let mut scope = Vec::new();
        for k in 0..2.min(systems.len()) {
            let id = systems[(p * 2 + k) % systems.len()];
            let r = resources::find_in(&mut tx, org_id, id).await?;
            drills::add_scope(&mut tx, org_id, &owner, plan_id, id, &r.name).await?;
            scope.push(RunSystem {
                id,
                name: r.name,
                rto: r.rto,
                rpo: r.rpo,
            });
        }
        let plan = crate::drills::ssr::Plan {
            id: plan_id,
            fields,
            owner: None,
            scope: scope.iter().map(|s| s.id).collect(),
        };
        let schedule = plan.schedule();
        for n in 0..RUNS_PER_PLAN {
            let Some(at) = schedule.nth(n as u32) else {
                break;
            };
            if recorded == scale.drills || at > Utc::now() {
                break;
            }
            let new = NewRun {
                plan: plan_id,
                occurrence: Some(at),
                started_at: at,
                ended_at: at + Duration::hours(3),
                systems: scope
                    .iter()
                    .map(|s| RunSystem {
                        id: s.id,
                        name: s.name.clone(),
                        rto: s.rto,
                        rpo: s.rpo,
                    })
                    .collect(),
            };
            let run_id = drills::create_run(&mut tx, org_id, &owner, &new).await?;
            for m in drills::measures_in(&mut tx, org_id, run_id).await? {
                // One run in seven misses its RTO.
                let percent = if (p + n) % 7 == 0 { 130 } else { 70 };
                let edit = MeasureEdit {
                    recovered: true,
                    recovery_minutes: m.rto.map(|r| r * percent / 100),
                    data_loss_minutes: m.rpo.map(|r| r / 2),
                    notes: String::new(),
                };
                drills::update_measure(&mut tx, org_id, &owner, run_id, m.id, &edit).await?;
            }
            recorded += 1;
        }
        tx.commit().await?;
    }
    Ok(Large {
        org_id,
        owner_id,
        owner_email,
    })
}
