//! The demo's drill programme: a quarterly database restore test whose
//! second run missed the ERP's RTO (with its follow-up actions, and its
//! latest date now overdue), a yearly failover still to come, a half-yearly
//! incident-response tabletop, and a monthly file-server restore check.
//! Measurements are set as a share of each system's objective, so the
//! verdicts stay as designed whatever the objectives are.

use crate::audit::ssr::Actor;
use crate::bia::ssr::resources;
use crate::db::Tx;
use crate::drills::repeat::Repeat;
use crate::drills::ssr::Plan;
use crate::drills::ssr::store::{self, MeasureEdit, NewRun, RunSystem};
use crate::drills::{DrillKind, PlanFields};
use crate::error::AppError;
use chrono::{Duration, Utc};
use std::collections::HashMap;
use uuid::Uuid;

struct PlanSpec {
    title: &'static str,
    kind: DrillKind,
    repeat: Repeat,
    /// Days from today to the first occurrence (negative: in the past).
    first: i64,
    at: &'static str,
    hours: i64,
    owner: usize,
    participants: &'static str,
    scenario: &'static str,
    scope: &'static [&'static str],
    /// Per run (one per past occurrence, oldest first): the recovery time
    /// of each system in scope, in name order, as a percentage of its RTO.
    runs: &'static [&'static [i64]],
}

const HALF_YEARLY: Repeat = Repeat {
    unit: crate::drills::repeat::Unit::Month,
    every: 6,
};

const PLANS: &[PlanSpec] = &[
    PlanSpec {
        title: "Quarterly database restore test",
        kind: DrillKind::BackupRestore,
        repeat: Repeat::QUARTERLY,
        first: -190,
        at: "09:00",
        hours: 6,
        owner: 2,
        participants: "Database team, Infrastructure, ERP application owner",
        scenario: "The production database cluster is lost with its storage. Restore the databases from the immutable backup copy into the recovery environment and bring the ERP back on them.",
        // In name order, as runs list their systems.
        scope: &["Database cluster", "ERP"],
        // The second run took the ERP well past its RTO.
        runs: &[&[55, 80], &[60, 140]],
    },
    PlanSpec {
        title: "Annual failover to the recovery site",
        kind: DrillKind::FullFailover,
        repeat: Repeat::YEARLY,
        first: 45,
        at: "08:00",
        hours: 24,
        owner: 1,
        participants: "IT operations, service owners, executive sponsor",
        scenario: "The primary data centre is unavailable. Fail the customer portal, ERP and database cluster over to the recovery site, run the business on it for a day, and fail back.",
        scope: &["Customer portal", "ERP", "Database cluster", "Order intake"],
        runs: &[],
    },
    PlanSpec {
        title: "Incident response tabletop",
        kind: DrillKind::Tabletop,
        repeat: HALF_YEARLY,
        first: -150,
        at: "14:00",
        hours: 3,
        owner: 0,
        participants: "Crisis management team, IT, communications, legal",
        scenario: "Ransomware has encrypted the file server and is spreading. Walk through detection, containment, the decision to invoke DR, and customer communication.",
        scope: &["Order intake", "Customer support desk"],
        runs: &[&[]],
    },
    PlanSpec {
        title: "Monthly file server restore check",
        kind: DrillKind::BackupRestore,
        repeat: Repeat::MONTHLY,
        first: -50,
        at: "10:00",
        hours: 2,
        owner: 3,
        participants: "Service desk",
        scenario: "Restore a sample of folders from last night's backup and check them against the originals.",
        scope: &["File server"],
        runs: &[&[40], &[45]],
    },
];

pub async fn seed(
    tx: &mut Tx,
    org_id: Uuid,
    owner: &Actor,
    people: &[Uuid],
    ids: &HashMap<&'static str, Uuid>,
) -> Result<(), AppError> {
    let today = Utc::now().date_naive();
    store::set_frameworks(tx, org_id, owner, &["soc2", "pci"]).await?;
    for spec in PLANS {
        let fields = PlanFields {
            title: spec.title.into(),
            kind: spec.kind,
            scenario: spec.scenario.into(),
            owner_id: people.get(spec.owner).copied(),
            participants: spec.participants.into(),
            first_on: today + Duration::days(spec.first),
            at_time: spec.at.into(),
            zone: "Europe/London".into(),
            duration_minutes: spec.hours * 60,
            repeat: Some(spec.repeat),
            until_on: None,
        };
        let plan_id = store::create_plan(tx, org_id, owner, &fields).await?;
        let mut scope = Vec::new();
        for name in spec.scope {
            let id = ids[name];
            store::add_scope(tx, org_id, owner, plan_id, id, name).await?;
            scope.push((id, *name));
        }
        let plan = Plan {
            id: plan_id,
            fields,
            owner: None,
            scope: scope.iter().map(|(id, _)| *id).collect(),
        };
        for (n, percents) in spec.runs.iter().enumerate() {
            run(tx, org_id, owner, people, &plan, &scope, n, percents).await?;
        }
    }
    Ok(())
}

/// Records run `n` of a plan, on its `n`th occurrence.
#[allow(clippy::too_many_arguments)]
async fn run(
    tx: &mut Tx,
    org_id: Uuid,
    owner: &Actor,
    people: &[Uuid],
    plan: &Plan,
    scope: &[(Uuid, &'static str)],
    n: usize,
    percents: &[i64],
) -> Result<(), AppError> {
    let Some(at) = plan.schedule().nth(n as u32) else {
        return Ok(());
    };
    let mut systems = Vec::new();
    if plan.fields.kind.measures_recovery() {
        for (id, name) in scope {
            let r = resources::find_in(tx, org_id, *id).await?;
            if r.kind == crate::bia::rollup::NodeKind::System {
                systems.push(RunSystem {
                    id: *id,
                    name: name.to_string(),
                    rto: r.rto,
                    rpo: r.rpo,
                });
            }
        }
    }
    systems.sort_by(|a, b| a.name.cmp(&b.name));
    // The slowest system sets how long the run took.
    let longest = systems
        .iter()
        .zip(percents)
        .filter_map(|(s, p)| s.rto.map(|r| r * p / 100))
        .max()
        .unwrap_or(plan.fields.duration_minutes);
    let new = NewRun {
        plan: plan.id,
        occurrence: Some(at),
        started_at: at,
        ended_at: at + Duration::minutes(longest + 30),
        systems,
    };
    let run_id = store::create_run(tx, org_id, owner, &new).await?;
    let loaded = crate::drills::ssr::store::measures_in(tx, org_id, run_id).await?;
    for (m, percent) in loaded.iter().zip(percents) {
        let edit = MeasureEdit {
            recovered: true,
            recovery_minutes: m.rto.map(|r| r * percent / 100),
            // Restores came from last night's copy or the replica.
            data_loss_minutes: m.rpo.map(|r| r / 2),
            notes: String::new(),
        };
        store::update_measure(tx, org_id, owner, run_id, m.id, &edit).await?;
    }
    let step = |minutes: i64| at + Duration::minutes(minutes);
    for (minutes, who, what) in steps(plan.fields.kind) {
        store::add_step(tx, org_id, owner, run_id, step(*minutes), who, what).await?;
    }
    if plan.fields.kind == DrillKind::BackupRestore && percents.iter().any(|p| *p > 100) {
        let edit = store::RunEdit {
            started_at: new.started_at,
            ended_at: new.ended_at,
            issues: "The ERP application servers had to be rebuilt by hand before the restored database could be attached; the build scripts at the recovery site were out of date.".into(),
            lessons: "Keep the recovery site's ERP application servers pre-built and patched with production. Rehearse the ERP restore order separately.".into(),
        };
        store::update_run(tx, org_id, owner, run_id, &edit).await?;
        let today = Utc::now().date_naive();
        store::add_action(
            tx,
            org_id,
            owner,
            run_id,
            "Pre-stage patched ERP application servers at the recovery site",
            people.get(1).copied(),
            today - Duration::days(10),
        )
        .await?;
        let done = store::add_action(
            tx,
            org_id,
            owner,
            run_id,
            "Document the ERP restore order in the runbook",
            people.get(2).copied(),
            today - Duration::days(60),
        )
        .await?;
        store::set_action_closed(tx, org_id, owner, done, true).await?;
    }
    Ok(())
}

fn steps(kind: DrillKind) -> &'static [(i64, &'static str, &'static str)] {
    match kind {
        DrillKind::Tabletop => &[
            (
                0,
                "Olivia Grant",
                "Scenario briefing: file server encrypted, ransom note found",
            ),
            (
                40,
                "Marcus Reed",
                "Decision to isolate the file server network segment",
            ),
            (
                95,
                "Olivia Grant",
                "DR invoked for the file server; customer notice drafted",
            ),
        ],
        _ => &[
            (0, "Priya Shah", "Drill declared; production copies frozen"),
            (
                15,
                "Priya Shah",
                "Restore from the immutable backup copy started",
            ),
            (
                120,
                "Tom Becker",
                "First databases restored; integrity checks running",
            ),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{ConnectOptions, connect};
    use crate::drills::result::Verdict;

    #[tokio::test]
    async fn the_demo_programme_reads_back_as_designed() {
        let path = std::env::temp_dir().join(format!("seawall-demo-drills-{}.db", Uuid::new_v4()));
        let db = connect(&ConnectOptions {
            url: path.display().to_string(),
            max_connections: 1,
        })
        .await
        .unwrap();
        let seed = crate::demo::ssr::seed(&db, Some("demo-password-123".into()))
            .await
            .unwrap();
        let p = store::load(&db, seed.org_id).await.unwrap();
        assert_eq!(p.plans.len(), PLANS.len());
        let now = Utc::now();
        let verdicts = |title: &str| -> Vec<Verdict> {
            let plan = p.plans.iter().find(|x| x.fields.title == title).unwrap();
            let mut runs: Vec<_> = p.runs.iter().filter(|r| r.plan_id == plan.id).collect();
            runs.sort_by_key(|r| r.started_at);
            runs.iter().map(|r| r.verdict()).collect()
        };
        assert_eq!(
            verdicts("Quarterly database restore test"),
            [Verdict::Pass, Verdict::Fail]
        );
        assert_eq!(
            verdicts("Incident response tabletop"),
            [Verdict::NotMeasured]
        );
        assert_eq!(
            verdicts("Monthly file server restore check"),
            [Verdict::Pass, Verdict::Pass]
        );
        let failed = p
            .runs
            .iter()
            .find(|r| r.verdict() == Verdict::Fail)
            .unwrap();
        let erp = failed
            .systems
            .iter()
            .find(|m| m.system_name == "ERP")
            .unwrap();
        assert_eq!(erp.result().verdict, Verdict::Fail);
        assert!(erp.result().rto.margin.unwrap() < 0);

        let r = crate::drills::ssr::figures::figures(&p, now);
        assert_eq!((r.passed, r.decided), (3, 4), "{r:#?}");
        assert_eq!(r.overdue_plans, 1, "the quarterly restore's latest date");
        assert_eq!((r.open_actions, r.overdue_actions), (1, 1));
        assert!(r.days_since_last.unwrap() < 40);
        assert_eq!(r.trend.len(), 4);
        for suffix in ["", "-wal", "-shm"] {
            let mut file = path.clone().into_os_string();
            file.push(suffix);
            let _ = std::fs::remove_file(file);
        }
    }
}
