//! DR drills and exercises: what kinds there are, how often the frameworks
//! and DR tiers in use call for them, when they happen (and the calendar
//! feed that carries them), and what a recorded drill proved against the
//! systems' RTO and RPO.

pub mod cadence;
#[cfg(feature = "ssr")]
pub mod ical;
pub mod readiness;
#[cfg(feature = "ssr")]
pub mod recurrence;
pub mod repeat;
pub mod result;

mod api;
mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;
mod views;

pub use api::*;
pub use pages::*;
pub use views::*;

use serde::{Deserialize, Serialize};

/// The frameworks an organisation can say it works to, as (key, name).
pub const FRAMEWORKS: [(&str, &str); 3] = [
    ("soc2", "SOC 2"),
    ("hipaa", "HIPAA Security Rule"),
    ("pci", "PCI DSS v4.0.1"),
];

/// The kinds of exercise, from a discussion to a real failover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DrillKind {
    BackupRestore,
    Tabletop,
    Walkthrough,
    Simulation,
    ParallelTest,
    FullFailover,
    Unannounced,
}

impl DrillKind {
    pub const ALL: [DrillKind; 7] = [
        DrillKind::BackupRestore,
        DrillKind::Tabletop,
        DrillKind::Walkthrough,
        DrillKind::Simulation,
        DrillKind::ParallelTest,
        DrillKind::FullFailover,
        DrillKind::Unannounced,
    ];

    pub fn label(self) -> &'static str {
        match self {
            DrillKind::BackupRestore => "Backup restore test",
            DrillKind::Tabletop => "Tabletop exercise",
            DrillKind::Walkthrough => "Walkthrough",
            DrillKind::Simulation => "Simulation",
            DrillKind::ParallelTest => "Parallel test",
            DrillKind::FullFailover => "Full failover test",
            DrillKind::Unannounced => "Unannounced drill",
        }
    }

    /// Whether the drill actually recovers systems, so that recovery time
    /// and data loss are measured (a tabletop only talks them through).
    pub fn measures_recovery(self) -> bool {
        matches!(
            self,
            DrillKind::BackupRestore
                | DrillKind::ParallelTest
                | DrillKind::FullFailover
                | DrillKind::Unannounced
        )
    }

    pub fn key(self) -> &'static str {
        match self {
            DrillKind::BackupRestore => "backup_restore",
            DrillKind::Tabletop => "tabletop",
            DrillKind::Walkthrough => "walkthrough",
            DrillKind::Simulation => "simulation",
            DrillKind::ParallelTest => "parallel_test",
            DrillKind::FullFailover => "full_failover",
            DrillKind::Unannounced => "unannounced",
        }
    }

    pub fn parse(s: &str) -> Option<DrillKind> {
        DrillKind::ALL.into_iter().find(|k| k.key() == s.trim())
    }

    pub fn options() -> Vec<(String, String)> {
        DrillKind::ALL
            .into_iter()
            .map(|k| (k.key().to_string(), k.label().to_string()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_keys() {
        for k in DrillKind::ALL {
            assert_eq!(DrillKind::parse(k.key()), Some(k));
        }
        assert_eq!(DrillKind::parse("fire drill"), None);
        assert!(DrillKind::FullFailover.measures_recovery());
        assert!(!DrillKind::Tabletop.measures_recovery());
    }
}
