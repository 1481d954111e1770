//! Gap analysis for one system: where its target or its capability does not
//! meet what the business requires, where its backups break the 3-2-1-1-0
//! rule, and where its restores are unproven. Each finding says what closes it.

use super::design::{BackupDesign, Capability, Replication, RuleCheck, restore_due_since};
use super::tiers::{self, Need};
use crate::bia::duration::format as dur;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The business requirement is not met by what recovery can deliver.
    Critical,
    /// A commitment is missing or weaker than required, or cannot be kept.
    High,
    /// Backup hygiene: the data may not be there when it is needed.
    Medium,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Critical => "Critical",
            Severity::High => "High",
            Severity::Medium => "Medium",
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            Severity::Critical => "badge badge-danger",
            Severity::High => "badge badge-warn",
            Severity::Medium => "badge badge-quiet",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub severity: Severity,
    /// "RTO", "RPO", "3-2-1-1-0", "Restore test".
    pub topic: String,
    pub problem: String,
    pub remedy: String,
    /// How far off, in percent of the requirement (for ordering).
    pub shortfall: i64,
}

/// What the gap analysis knows about one system.
pub struct Facts<'a> {
    pub required: Need,
    pub target: Need,
    pub tier: Option<u8>,
    pub capability: &'a Capability,
    pub design: &'a BackupDesign,
    pub rule: &'a [RuleCheck],
    pub holds_data: bool,
    pub today: NaiveDate,
    pub restore_months: u32,
}

/// The shortfall of something that cannot be promised at all: larger than
/// any measured one (a year against a minute is 52,560,000 %).
const UNBOUNDED: i64 = i64::MAX / 4;

/// Percent by which `have` exceeds `need`.
fn shortfall(have: Option<i64>, need: i64) -> i64 {
    match have {
        Some(h) => (h - need).max(0) * 100 / need.max(1),
        None => UNBOUNDED,
    }
}

fn exceeds(have: Option<i64>, need: i64) -> bool {
    have.is_none_or(|h| h > need)
}

fn rpo_remedy(need: i64, design: &BackupDesign) -> String {
    if need == 0 {
        "Replicate synchronously.".into()
    } else if need < 60 || design.replication != Replication::None {
        format!(
            "Replicate asynchronously with a lag of at most {}.",
            dur(need)
        )
    } else {
        format!(
            "Back up at least every {} (e.g. incremental backups), or replicate asynchronously.",
            dur(need)
        )
    }
}

fn tier_remedy(need: Need) -> String {
    match tiers::recommend(need) {
        Some(r) if r.beyond_scale => format!("Even tier 7 typically needs longer; {}", r.reason),
        Some(r) => format!(
            "Move to tier {} or higher ({}).",
            r.tier,
            tiers::info(r.tier).map(|t| t.cloud).unwrap_or_default()
        ),
        None => "Choose a DR tier.".into(),
    }
}

/// Every finding for a system, worst first.
pub fn findings(f: &Facts) -> Vec<Finding> {
    let mut out = Vec::new();
    let cap = f.capability;

    if let Some(req) = f.required.rto
        && exceeds(cap.rto, req)
    {
        out.push(Finding {
            severity: Severity::Critical,
            topic: "RTO".into(),
            problem: match cap.rto {
                Some(c) => format!(
                    "Recovery can take up to {}, but the processes that depend on it need {}. {}",
                    dur(c),
                    dur(req),
                    cap.rto_basis
                ),
                None => format!(
                    "The processes that depend on it need it back within {}, but no recovery time can be promised. {}",
                    dur(req),
                    cap.rto_basis
                ),
            },
            remedy: tier_remedy(Need { rto: Some(req), rpo: None }),
            shortfall: shortfall(cap.rto, req),
        });
    }
    if let Some(req) = f.required.rpo
        && exceeds(cap.rpo, req)
    {
        out.push(Finding {
            severity: Severity::Critical,
            topic: "RPO".into(),
            problem: match cap.rpo {
                Some(c) => format!(
                    "Up to {} of data could be lost, but the processes that depend on it can lose at most {}. {}",
                    dur(c),
                    dur(req),
                    cap.rpo_basis
                ),
                None => format!(
                    "The processes that depend on it can lose at most {} of data. {}",
                    dur(req),
                    cap.rpo_basis
                ),
            },
            remedy: rpo_remedy(req, f.design),
            shortfall: shortfall(cap.rpo, req),
        });
    }

    for (topic, required, target, capability) in [
        ("RTO", f.required.rto, f.target.rto, cap.rto),
        ("RPO", f.required.rpo, f.target.rpo, cap.rpo),
    ] {
        match (required, target) {
            (Some(req), None) => out.push(Finding {
                severity: Severity::High,
                topic: topic.into(),
                problem: format!(
                    "No target {topic} is set, though the processes that depend on it need {}.",
                    dur(req)
                ),
                remedy: format!("Commit to a target {topic} of {} or less.", dur(req)),
                shortfall: UNBOUNDED,
            }),
            (Some(req), Some(t)) if t > req => out.push(Finding {
                severity: Severity::High,
                topic: topic.into(),
                problem: format!(
                    "The target {topic} of {} is longer than the {} the processes that depend on it need.",
                    dur(t),
                    dur(req)
                ),
                remedy: format!("Commit to a target {topic} of {} or less.", dur(req)),
                shortfall: shortfall(Some(t), req),
            }),
            _ => {}
        }
        // A target the design cannot keep; skipped when the requirement
        // finding above already says the design falls short.
        if let Some(t) = target
            && exceeds(capability, t)
            && !required.is_some_and(|req| exceeds(capability, req))
        {
            out.push(Finding {
                severity: Severity::High,
                topic: topic.into(),
                problem: format!(
                    "The design cannot keep the target {topic} of {}: it delivers {}.",
                    dur(t),
                    capability
                        .map(dur)
                        .unwrap_or_else(|| "nothing that can be promised".into())
                ),
                remedy: if topic == "RTO" {
                    tier_remedy(Need {
                        rto: Some(t),
                        rpo: None,
                    })
                } else {
                    rpo_remedy(t, f.design)
                },
                shortfall: shortfall(capability, t),
            });
        }
    }

    if f.holds_data {
        for check in f.rule.iter().filter(|c| !c.holds && c.digit != "0") {
            out.push(Finding {
                severity: Severity::Medium,
                topic: "3-2-1-1-0".into(),
                problem: format!("{} is not met: {}", check.condition, check.detail),
                remedy: rule_remedy(check).into(),
                shortfall: 0,
            });
        }
        if let Some(finding) = restore_finding(f) {
            out.push(finding);
        }
    }

    if let (Some(took), Some(t)) = (f.design.restore_minutes, f.target.rto)
        && took > t
    {
        out.push(Finding {
            severity: Severity::Medium,
            topic: "Restore test".into(),
            problem: format!(
                "The last verified restore took {}, longer than the target RTO of {}.",
                dur(took),
                dur(t)
            ),
            remedy: "Speed up the restore (faster media, smaller restore sets, a standby copy) and test again.".into(),
            shortfall: shortfall(Some(took), t),
        });
    }

    out.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then(b.shortfall.cmp(&a.shortfall))
    });
    out
}

fn rule_remedy(check: &RuleCheck) -> &'static str {
    match check.condition.as_str() {
        "Three copies of the data" => {
            "Add backup copies until there are at least two besides the live data."
        }
        "Two different kinds of media" => {
            "Keep one copy on a different medium (tape, object storage or a cloud backup service)."
        }
        "One copy off-site" => "Keep one copy at another site or in another cloud region.",
        _ => "Keep one copy offline, air-gapped or immutable (object lock, WORM tape).",
    }
}

fn restore_finding(f: &Facts) -> Option<Finding> {
    let d = f.design;
    let months = f.restore_months;
    let problem = match (d.restore_tested_on, d.restore_errors) {
        (None, _) => "No verified restore is recorded.".to_string(),
        (Some(on), _) if on < restore_due_since(f.today, months) => {
            format!("The last verified restore was on {on}, more than {months} months ago.")
        }
        (Some(on), None) => format!("The restore tested on {on} was not verified."),
        (Some(on), Some(n)) if n > 0 => {
            format!("The restore tested on {on} found {n} error(s).")
        }
        _ => return None,
    };
    Some(Finding {
        severity: Severity::Medium,
        topic: "Restore test".into(),
        problem,
        remedy: format!(
            "Restore from backup, verify the data, and record the result (at least every {months} months)."
        ),
        shortfall: 0,
    })
}

/// The worst severity among findings.
pub fn worst(findings: &[Finding]) -> Option<Severity> {
    findings.iter().map(|f| f.severity).min()
}

#[cfg(test)]
mod tests {
    use super::super::design::{self, BackupCopy, Media, rule_32110};
    use super::*;
    use uuid::Uuid;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn good_backups() -> BackupDesign {
        let copy = |media, offsite, offline| BackupCopy {
            id: Uuid::nil(),
            label: "copy".into(),
            media,
            location: String::new(),
            offsite,
            offline,
        };
        BackupDesign {
            full_every: Some(7 * 1440),
            partial_kind: design::PartialKind::Incremental,
            partial_every: Some(60),
            copies: vec![
                copy(Media::Disk, false, false),
                copy(Media::Tape, true, true),
            ],
            restore_tested_on: Some(day(2026, 10, 1)),
            restore_minutes: Some(90),
            restore_errors: Some(0),
            ..Default::default()
        }
    }

    fn run(required: Need, target: Need, tier: Option<u8>, design: &BackupDesign) -> Vec<Finding> {
        let today = day(2026, 11, 23);
        let cap = design::capability(tier, design);
        let rule = rule_32110(design, today, 12);
        findings(&Facts {
            required,
            target,
            tier,
            capability: &cap,
            design,
            rule: &rule,
            holds_data: true,
            today,
            restore_months: 12,
        })
    }

    fn need(rto: i64, rpo: i64) -> Need {
        Need {
            rto: Some(rto),
            rpo: Some(rpo),
        }
    }

    #[test]
    fn a_sound_design_has_no_findings() {
        let f = run(need(240, 60), need(240, 60), Some(6), &good_backups());
        assert!(f.is_empty(), "{f:#?}");
    }

    #[test]
    fn a_low_tier_misses_the_required_rto_and_says_which_tier_closes_it() {
        // Tier 3 recovers in up to 24 h; the processes need 4 h.
        let f = run(need(240, 60), need(240, 60), Some(3), &good_backups());
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(
            (f[0].severity, f[0].topic.as_str()),
            (Severity::Critical, "RTO")
        );
        assert_eq!(f[0].shortfall, 500);
        assert_eq!(f[0].remedy, "Move to tier 6 or higher (Hot standby).");
    }

    #[test]
    fn replication_closes_an_rpo_gap() {
        let mut design = good_backups();
        design.partial_kind = design::PartialKind::None;
        // Weekly fulls only: a week of data at risk against 15 min.
        let f = run(need(240, 15), need(240, 15), Some(6), &design);
        assert_eq!(f[0].topic, "RPO");
        assert!(
            f[0].remedy
                .contains("asynchronously with a lag of at most 15 min")
        );
        design.replication = Replication::Async;
        design.replication_lag = Some(5);
        assert!(run(need(240, 15), need(240, 15), Some(6), &design).is_empty());
    }

    #[test]
    fn targets_weaker_than_required_or_missing_are_high() {
        let target = Need {
            rto: Some(480),
            rpo: None,
        };
        let f = run(need(240, 60), target, Some(6), &good_backups());
        let topics: Vec<(Severity, &str)> =
            f.iter().map(|x| (x.severity, x.topic.as_str())).collect();
        assert_eq!(topics, [(Severity::High, "RPO"), (Severity::High, "RTO")]);
        assert!(
            f[1].problem
                .contains("target RTO of 8 h is longer than the 4 h")
        );
    }

    #[test]
    fn a_target_the_design_cannot_keep_is_reported_once() {
        // Nothing depends on it yet, but the owner committed to 4 h on tier 3.
        let f = run(Need::default(), need(240, 60), Some(3), &good_backups());
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(f[0].problem.contains("cannot keep the target RTO of 4 h"));
        // With a requirement the critical finding covers it.
        let f = run(need(240, 60), need(240, 60), Some(3), &good_backups());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Critical);
    }

    #[test]
    fn backup_rule_failures_and_stale_restores_are_listed() {
        let mut design = good_backups();
        design.copies.truncate(1);
        design.restore_tested_on = Some(day(2025, 6, 1));
        let f = run(need(240, 60), need(240, 60), Some(6), &design);
        let problems: Vec<&str> = f.iter().map(|x| x.topic.as_str()).collect();
        assert_eq!(
            problems,
            [
                "3-2-1-1-0",
                "3-2-1-1-0",
                "3-2-1-1-0",
                "3-2-1-1-0",
                "Restore test"
            ]
        );
        assert!(f[4].problem.contains("more than 12 months ago"));
    }

    #[test]
    fn a_slow_restore_against_the_target_is_reported() {
        let mut design = good_backups();
        design.restore_minutes = Some(600);
        let f = run(need(720, 60), need(240, 60), Some(6), &design);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(
            f[0].problem
                .contains("took 10 h, longer than the target RTO of 4 h")
        );
    }

    #[test]
    fn criticals_sort_first_and_larger_shortfalls_before_smaller() {
        let f = run(
            need(60, 60),
            need(60, 60),
            Some(4),
            &BackupDesign::default(),
        );
        assert_eq!(f[0].severity, Severity::Critical);
        // No backups at all: the RPO finding (no capability) outranks the
        // RTO one (24 h against 1 h).
        assert_eq!(f[0].topic, "RPO");
        assert_eq!(f[1].topic, "RTO");
        assert_eq!(worst(&f), Some(Severity::Critical));
    }
}
