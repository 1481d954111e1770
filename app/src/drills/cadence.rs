//! How often an organisation must exercise its plans: the minimum cadence
//! its frameworks and its systems' DR tiers call for, each with its source.

use super::DrillKind;
use super::repeat::Repeat;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub kind: DrillKind,
    pub repeat: Repeat,
    /// Where the cadence comes from ("PCI DSS 12.10.2").
    pub source: String,
    pub why: String,
}

/// Suggestions for the frameworks in use (`"soc2"`, `"hipaa"`, `"pci"`)
/// and the highest DR tier among the organisation's systems, most frequent
/// first. Frameworks that only say "periodic" are given the yearly cadence
/// auditors expect within an observation period.
pub fn minimum(frameworks: &[&str], highest_tier: Option<u8>) -> Vec<Suggestion> {
    let mut out = Vec::new();
    let has = |f: &str| frameworks.iter().any(|x| x.eq_ignore_ascii_case(f));
    if has("pci") {
        out.push(Suggestion {
            kind: DrillKind::Tabletop,
            repeat: Repeat::YEARLY,
            source: "PCI DSS 12.10.2".into(),
            why: "The incident response plan, business recovery included, is reviewed and tested at least once every 12 months.".into(),
        });
        out.push(Suggestion {
            kind: DrillKind::BackupRestore,
            repeat: Repeat::YEARLY,
            source: "PCI DSS 9.4.1.2".into(),
            why: "The security of backup locations is reviewed at least once every 12 months; a restore test shows the backups there are usable.".into(),
        });
    }
    if has("hipaa") {
        out.push(Suggestion {
            kind: DrillKind::Walkthrough,
            repeat: Repeat::YEARLY,
            source: "HIPAA 164.308(a)(7)(ii)(D)".into(),
            why: "Contingency plans are tested and revised periodically; yearly is the common reading (and the proposed 2025 rule's).".into(),
        });
    }
    if has("soc2") {
        out.push(Suggestion {
            kind: DrillKind::BackupRestore,
            repeat: Repeat::YEARLY,
            source: "SOC 2 A1.3".into(),
            why: "Recovery plan procedures are tested periodically; auditors look for a test inside the observation period.".into(),
        });
    }
    match highest_tier {
        Some(t) if t >= 5 => {
            out.push(Suggestion {
                kind: DrillKind::FullFailover,
                repeat: Repeat::YEARLY,
                source: format!("DR tier {t}"),
                why: "Systems recovered by standby or active/active sites need their failover proven end to end.".into(),
            });
            out.push(Suggestion {
                kind: DrillKind::BackupRestore,
                repeat: Repeat::QUARTERLY,
                source: format!("DR tier {t}"),
                why: "Short recovery objectives leave no room for a restore that fails on the day.".into(),
            });
        }
        Some(t) if t >= 3 => out.push(Suggestion {
            kind: DrillKind::ParallelTest,
            repeat: Repeat::YEARLY,
            source: format!("DR tier {t}"),
            why: "A recovery site should be brought up alongside production to prove it can take over.".into(),
        }),
        _ => {}
    }
    out.sort_by_key(|s| s.repeat.approx_days());
    out
}

/// The controls, among the frameworks in use, that a recorded run of `kind`
/// is evidence for, as (control, what it asks). Any exercise tests the plan;
/// only one that recovers systems shows that backups and recovery work.
pub fn evidence_for(kind: DrillKind, frameworks: &[&str]) -> Vec<(String, String)> {
    evidence_table(kind, frameworks)
        .into_iter()
        .map(|(f, control, what)| (format!("{} {control}", short_name(f)), what.to_string()))
        .collect()
}

/// [`evidence_for`] as (framework key, control identifier), for linking a
/// run to the checklist.
pub fn evidence_refs(kind: DrillKind, frameworks: &[&str]) -> Vec<(&'static str, &'static str)> {
    evidence_table(kind, frameworks)
        .into_iter()
        .map(|(f, control, _)| (f, control))
        .collect()
}

fn short_name(framework: &str) -> &'static str {
    match framework {
        "soc2" => "SOC 2",
        "hipaa" => "HIPAA",
        _ => "PCI DSS",
    }
}

fn evidence_table(
    kind: DrillKind,
    frameworks: &[&str],
) -> Vec<(&'static str, &'static str, &'static str)> {
    let recovers = kind.measures_recovery();
    let restores = matches!(kind, DrillKind::BackupRestore);
    let table: [(&str, &str, &str, bool); 6] = [
        (
            "soc2",
            "A1.3",
            "Recovery plan procedures supporting system recovery are tested.",
            true,
        ),
        (
            "soc2",
            "A1.2",
            "Backup and recovery infrastructure works as designed.",
            recovers,
        ),
        (
            "hipaa",
            "164.308(a)(7)(ii)(D)",
            "Contingency plans are tested and revised.",
            true,
        ),
        (
            "hipaa",
            "164.308(a)(7)(ii)(A)",
            "Exact copies of ePHI can be retrieved from backup.",
            restores,
        ),
        (
            "hipaa",
            "164.308(a)(7)(ii)(B)",
            "Lost data can be restored under the disaster recovery plan.",
            recovers,
        ),
        (
            "pci",
            "12.10.2",
            "The incident response plan, business recovery included, is tested.",
            true,
        ),
    ];
    table
        .into_iter()
        .filter(|(f, _, _, applies)| {
            *applies && frameworks.iter().any(|x| x.eq_ignore_ascii_case(f))
        })
        .map(|(f, control, what, _)| (f, control, what))
        .collect()
}

/// Whether a plan of `kind` repeating every `repeat` meets a suggestion:
/// it comes round at least as often, and exercises at least as much. Any
/// exercise discusses the plan, so it meets a tabletop or walkthrough; a
/// restore or failover is only met by its own kind.
pub fn satisfies(kind: DrillKind, repeat: Option<Repeat>, s: &Suggestion) -> bool {
    let Some(repeat) = repeat else { return false };
    let often_enough = repeat.approx_days() <= s.repeat.approx_days();
    let covers = kind == s.kind || matches!(s.kind, DrillKind::Tabletop | DrillKind::Walkthrough);
    often_enough && covers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pci_asks_for_a_yearly_test_of_the_response_plan() {
        let s = minimum(&["pci"], None);
        assert!(
            s.iter()
                .any(|x| x.source == "PCI DSS 12.10.2" && x.repeat == Repeat::YEARLY)
        );
    }

    #[test]
    fn high_tiers_ask_for_quarterly_restores_and_a_yearly_failover() {
        let s = minimum(&["soc2", "hipaa"], Some(6));
        assert_eq!(s[0].repeat, Repeat::QUARTERLY);
        assert_eq!(s[0].kind, DrillKind::BackupRestore);
        assert!(s.iter().any(|x| x.kind == DrillKind::FullFailover));
        assert!(s.iter().any(|x| x.source == "HIPAA 164.308(a)(7)(ii)(D)"));
        assert!(s.iter().any(|x| x.source == "SOC 2 A1.3"));
    }

    #[test]
    fn a_plan_meets_a_suggestion_of_its_kind_at_least_as_often() {
        let pci = &minimum(&["pci"], None)[0];
        assert_eq!(pci.kind, DrillKind::Tabletop);
        assert!(satisfies(DrillKind::Tabletop, Some(Repeat::YEARLY), pci));
        assert!(satisfies(
            DrillKind::FullFailover,
            Some(Repeat::QUARTERLY),
            pci
        ));
        assert!(!satisfies(DrillKind::Tabletop, None, pci));
        let every_two_years = Repeat {
            unit: super::super::repeat::Unit::Year,
            every: 2,
        };
        assert!(!satisfies(DrillKind::Tabletop, Some(every_two_years), pci));
        let restore = minimum(&[], Some(6))
            .into_iter()
            .find(|s| s.kind == DrillKind::BackupRestore)
            .unwrap();
        assert!(!satisfies(
            DrillKind::BackupRestore,
            Some(Repeat::YEARLY),
            &restore
        ));
        assert!(satisfies(
            DrillKind::BackupRestore,
            Some(Repeat::MONTHLY),
            &restore
        ));
        assert!(!satisfies(
            DrillKind::Tabletop,
            Some(Repeat::MONTHLY),
            &restore
        ));
    }

    #[test]
    fn a_run_evidences_the_controls_that_ask_for_tested_plans() {
        let all = ["soc2", "hipaa", "pci"];
        let restore: Vec<String> = evidence_for(DrillKind::BackupRestore, &all)
            .into_iter()
            .map(|(c, _)| c)
            .collect();
        assert_eq!(restore.len(), 6);
        let tabletop: Vec<String> = evidence_for(DrillKind::Tabletop, &all)
            .into_iter()
            .map(|(c, _)| c)
            .collect();
        assert_eq!(
            tabletop,
            [
                "SOC 2 A1.3",
                "HIPAA 164.308(a)(7)(ii)(D)",
                "PCI DSS 12.10.2"
            ]
        );
        assert!(evidence_for(DrillKind::FullFailover, &[]).is_empty());
    }

    #[test]
    fn nothing_in_use_suggests_nothing() {
        assert!(minimum(&[], Some(1)).is_empty());
        assert_eq!(minimum(&[], Some(3))[0].kind, DrillKind::ParallelTest);
    }
}
