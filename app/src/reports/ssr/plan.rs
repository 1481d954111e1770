//! The business continuity plan: scope, roles and escalation, the BIA
//! summary, systems with their tiers and strategies, sites, gaps and
//! accepted risks, and the drill schedule.

use super::{Sources, minutes};
use crate::reports::doc::{Block, Cell, Figure, Section, Table, Tone};
use crate::roles::Role;
use crate::systems::tiers;

pub fn body(s: &Sources) -> Vec<Section> {
    let systems = &s.systems;
    let processes = s.processes();
    let summaries = systems.summaries();
    let mut out = Vec::new();

    let mut scope = Section::new("Scope and objectives", false);
    scope.para(format!(
        "This plan covers the {} business processes recorded in {}'s business impact analysis, the {} systems \
         and {} sites they depend on, and the drills that prove recovery works. Recovery objectives come from the \
         BIA: the maximum tolerable period of disruption (MTPD) of each process sets its recovery time objective \
         (RTO); the recovery point objective (RPO) is set per process.",
        processes.len(),
        s.org,
        summaries.len(),
        systems.site_refs().len()
    ));
    let assessed = processes.iter().filter(|p| p.assessed).count();
    scope.push(Block::Figures(vec![
        Figure {
            label: "Processes assessed".into(),
            value: format!("{assessed} of {}", processes.len()),
            detail: "with impact ratings over time".into(),
            tone: if assessed == processes.len() {
                Tone::Good
            } else {
                Tone::Warn
            },
        },
        Figure {
            label: "Systems meeting their RTO".into(),
            value: count_of(summaries.iter().filter_map(|s| s.meets_rto())),
            detail: "of those a process depends on".into(),
            tone: Tone::Plain,
        },
        Figure {
            label: "Drill plans".into(),
            value: s.drills.plans.len().to_string(),
            detail: "scheduled exercises and tests".into(),
            tone: Tone::Plain,
        },
    ]));
    out.push(scope);

    let mut roles = Section::new("Roles and escalation", false);
    let mut team = Table::new(&[
        ("Role in the plan", 2.0),
        ("Who", 3.0),
        ("Responsibility", 4.0),
    ])
    .empty("No members recorded.");
    for (role, duty) in [
        (
            Role::Owner,
            "Owns the continuity programme; declares a disaster and invokes this plan.",
        ),
        (
            Role::Admin,
            "Coordinates recovery; keeps contacts, members and settings current.",
        ),
        (
            Role::Editor,
            "Maintains processes, systems, strategies and drill plans.",
        ),
        (
            Role::Executive,
            "Approves the plan and accepts residual risk; decides on escalations.",
        ),
        (
            Role::Auditor,
            "Reviews evidence and drill results independently.",
        ),
    ] {
        let names: Vec<String> = s
            .members
            .iter()
            .filter(|m| m.role == role)
            .map(|m| format!("{} <{}>", m.name, m.email))
            .collect();
        if !names.is_empty() {
            team.row(vec![
                role.label().into(),
                names.join("\n").into(),
                duty.into(),
            ]);
        }
    }
    roles.table(team);
    roles.heading("Escalation path");
    roles.para(
        "1. The process or system owner detects or is told of the disruption and assesses it against the process's \
         MTPD.\n2. If recovery may exceed the RTO, the owner escalates to the programme coordinators (admins) at once.\n\
         3. Coordinators escalate to the plan owners, who decide whether to invoke this plan and the DR site.\n\
         4. Executives are informed of every invocation and decide on anything beyond the accepted risks below.",
    );
    out.push(roles);

    let mut bia = Section::new("Business impact analysis summary", true);
    bia.note(format!(
        "MTPD is the first time at which an impact reaches the organisation's intolerance threshold; RTO must be shorter. \
         Durations are shown as recorded ({} hours are counted as calendar time).",
        s.org
    ));
    let mut table = Table::new(&[
        ("Process", 3.0),
        ("Department", 2.0),
        ("Owner", 2.0),
        ("MTPD", 1.2),
        ("RTO", 1.2),
        ("RPO", 1.2),
        ("Depends on", 1.2),
    ])
    .empty("No processes recorded yet.");
    let mut sorted = processes.clone();
    sorted.sort_by(|a, b| {
        a.rto
            .unwrap_or(i64::MAX)
            .cmp(&b.rto.unwrap_or(i64::MAX))
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    for p in &sorted {
        table.row(vec![
            p.name.clone().into(),
            p.department.clone().into(),
            p.owner.clone().unwrap_or_else(|| "—".into()).into(),
            minutes(p.mtpd).into(),
            if p.rto_error {
                Cell::toned(format!("{} (not below MTPD)", minutes(p.rto)), Tone::Bad)
            } else {
                minutes(p.rto).into()
            },
            minutes(p.rpo).into(),
            p.dependencies.to_string().into(),
        ]);
    }
    bia.table(table);
    out.push(bia);

    let mut sys = Section::new("Systems, tiers and recovery strategies", true);
    let mut table = Table::new(&[
        ("System", 2.6),
        ("Owner", 1.8),
        ("Tier and strategy", 3.0),
        ("Required RTO / RPO", 1.8),
        ("Achievable RTO / RPO", 1.8),
        ("Recovery site", 1.6),
    ])
    .empty("No systems recorded yet.");
    let mut ordered = summaries.clone();
    ordered.sort_by_key(|a| a.name.to_lowercase());
    for r in &ordered {
        let strategy = match r.tier.and_then(tiers::info) {
            Some(t) => format!("Tier {}: {} ({})", t.tier, t.name, t.cloud),
            None => "No tier chosen".into(),
        };
        let ok = r.meets_rto() != Some(false) && r.meets_rpo() != Some(false);
        table.row(vec![
            r.name.clone().into(),
            r.owner.clone().unwrap_or_else(|| "—".into()).into(),
            strategy.into(),
            format!("{} / {}", minutes(r.required.rto), minutes(r.required.rpo)).into(),
            Cell::toned(
                format!(
                    "{} / {}",
                    minutes(r.capability.rto),
                    minutes(r.capability.rpo)
                ),
                if ok { Tone::Good } else { Tone::Bad },
            ),
            r.recovery_site.clone().unwrap_or_else(|| "—".into()).into(),
        ]);
    }
    sys.table(table);
    out.push(sys);

    let mut sites = Section::new("Sites", false);
    let mut table = Table::new(&[
        ("Site", 2.4),
        ("Role", 1.4),
        ("Readiness", 1.4),
        ("Failover", 1.6),
        ("Location", 1.8),
        ("Hosts / recovers", 2.4),
    ])
    .empty("No sites recorded yet.");
    for v in systems.site_views() {
        let hosts: Vec<&str> = v.hosts.iter().map(|n| n.name.as_str()).collect();
        let recovers: Vec<&str> = v.recovers.iter().map(|n| n.name.as_str()).collect();
        table.row(vec![
            v.site.name.clone().into(),
            v.profile.role.label().into(),
            v.profile.readiness.label().into(),
            v.profile.failover.label().into(),
            v.profile.location.clone().into(),
            format!(
                "Hosts: {}\nRecovers: {}",
                or_none(&hosts.join(", ")),
                or_none(&recovers.join(", "))
            )
            .into(),
        ]);
    }
    sites.table(table);
    out.push(sites);

    let mut gaps = Section::new("Gaps and accepted risks", true);
    gaps.note("Findings compare what the processes need with what each system's tier and backups can deliver.");
    let mut table = Table::new(&[
        ("System", 2.0),
        ("Severity", 1.0),
        ("Finding", 4.0),
        ("Remedy", 3.5),
    ])
    .empty("No gaps: every system meets what its processes need.");
    let mut risks = Table::new(&[
        ("System", 2.0),
        ("Chosen tier", 1.4),
        ("Reason recorded by the owner", 5.0),
    ])
    .empty("No accepted risks recorded.");
    for r in systems.systems() {
        let e = systems.evaluate(r);
        for f in &e.findings {
            let tone = match f.severity {
                crate::systems::findings::Severity::Critical => Tone::Bad,
                crate::systems::findings::Severity::High => Tone::Warn,
                _ => Tone::Plain,
            };
            table.row(vec![
                r.name.clone().into(),
                Cell::toned(f.severity.label(), tone),
                format!("{}: {}", f.topic, f.problem).into(),
                f.remedy.clone().into(),
            ]);
        }
        if !e.profile.tier_reason.trim().is_empty() {
            risks.row(vec![
                r.name.clone().into(),
                e.profile
                    .tier
                    .map(|t| format!("Tier {t}"))
                    .unwrap_or_default()
                    .into(),
                e.profile.tier_reason.clone().into(),
            ]);
        }
    }
    gaps.table(table);
    gaps.heading("Accepted risks");
    gaps.table(risks);
    out.push(gaps);

    let mut schedule = Section::new("Drill schedule", false);
    let mut table = Table::new(&[
        ("Drill", 2.6),
        ("Type", 1.6),
        ("Schedule", 3.2),
        ("Owner", 1.6),
        ("Next due", 1.6),
    ])
    .empty("No drills scheduled.");
    let now = s.as_of_instant();
    let mut plans: Vec<_> = s.drills.plans.iter().collect();
    plans.sort_by(|a, b| {
        a.fields
            .title
            .to_lowercase()
            .cmp(&b.fields.title.to_lowercase())
    });
    for plan in plans {
        let next = plan.next_due(&s.drills.runs);
        let next_cell = match next {
            Some(t) if t < now => {
                Cell::toned(format!("{} (overdue)", t.format("%-d %b %Y")), Tone::Bad)
            }
            Some(t) => Cell::new(t.format("%-d %b %Y").to_string()),
            None => Cell::new("—"),
        };
        table.row(vec![
            plan.fields.title.clone().into(),
            plan.fields.kind.label().into(),
            plan.schedule_text().into(),
            plan.owner.clone().unwrap_or_else(|| "—".into()).into(),
            next_cell,
        ]);
    }
    schedule.table(table);
    out.push(schedule);
    out
}

fn or_none(text: &str) -> &str {
    if text.is_empty() { "none" } else { text }
}

/// "n of m" over yes/no answers.
fn count_of(answers: impl Iterator<Item = bool>) -> String {
    let (mut yes, mut all) = (0, 0);
    for a in answers {
        all += 1;
        yes += usize::from(a);
    }
    format!("{yes} of {all}")
}
