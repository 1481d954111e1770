//! A system's backup and replication design, what recovery it can actually
//! deliver, and the 3-2-1-1-0 backup rule.

use super::tiers;
use crate::bia::duration::format as dur;
use crate::choice;
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

choice!(
    #[derive(Default)]
    Replication {
    #[default]
    None = "none", "None";
    Async = "async", "Asynchronous";
    Sync = "sync", "Synchronous";
    }
);

choice!(
    /// What the backups between full backups are. Incremental: changes since
    /// the last backup of any kind (a restore needs the chain); differential:
    /// changes since the last full backup.
    #[derive(Default)]
    PartialKind {
        #[default]
        None = "none", "Full backups only";
        Incremental = "incremental", "Incremental";
        Differential = "differential", "Differential";
    }
);

choice!(Media {
    Disk = "disk", "Disk";
    Tape = "tape", "Tape";
    ObjectStorage = "object_storage", "Object storage";
    CloudBackup = "cloud_backup", "Cloud backup service";
    Removable = "removable", "Removable media";
});

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupCopy {
    pub id: Uuid,
    pub label: String,
    pub media: Media,
    pub location: String,
    pub offsite: bool,
    /// Offline, air-gapped or immutable: out of reach of whoever (or
    /// whatever) can delete the live data.
    pub offline: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupDesign {
    /// Minutes between full backups.
    pub full_every: Option<i64>,
    pub partial_kind: PartialKind,
    pub partial_every: Option<i64>,
    /// How long backups stay online, and in the archive, in days.
    pub retention_days: Option<i64>,
    pub archive_days: Option<i64>,
    pub replication: Replication,
    /// Expected lag of asynchronous replication, in minutes.
    pub replication_lag: Option<i64>,
    pub restore_tested_on: Option<NaiveDate>,
    /// How long the last verified restore took.
    pub restore_minutes: Option<i64>,
    /// Errors found when the restored data was verified.
    pub restore_errors: Option<i64>,
    pub copies: Vec<BackupCopy>,
}

impl BackupDesign {
    /// Minutes between any two backups, full or partial.
    pub fn backup_interval(&self) -> Option<i64> {
        let partial = match self.partial_kind {
            PartialKind::None => None,
            _ => self.partial_every,
        };
        [self.full_every, partial].into_iter().flatten().min()
    }

    /// "Weekly full + daily incremental".
    pub fn schedule_text(&self) -> String {
        let full = self.full_every.map(|m| format!("full every {}", dur(m)));
        let partial = match (self.partial_kind, self.partial_every) {
            (PartialKind::None, _) | (_, None) => None,
            (kind, Some(m)) => Some(format!("{} every {}", kind.as_str(), dur(m))),
        };
        match (full, partial) {
            (Some(f), Some(p)) => format!("{f}, {p}"),
            (Some(f), None) => f,
            (None, Some(p)) => p,
            (None, None) => "no backups recorded".into(),
        }
    }
}

/// What the design can deliver, and on what basis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capability {
    pub rto: Option<i64>,
    pub rto_basis: String,
    pub rpo: Option<i64>,
    pub rpo_basis: String,
}

/// The RTO follows from the tier (how ready the recovery site is); the RPO
/// from how often data leaves the system: replication, or else backups.
pub fn capability(tier: Option<u8>, design: &BackupDesign) -> Capability {
    let (rto, rto_basis) = match tier.and_then(tiers::info) {
        None => (None, "No DR tier chosen yet.".to_string()),
        Some(t) if t.rto.is_none() => (
            None,
            format!("Tier {}: recovery time is unpredictable.", t.tier),
        ),
        Some(t) => (
            t.rto,
            format!(
                "Tier {} ({}) typically recovers in {}.",
                t.tier,
                t.name.to_lowercase(),
                t.rto_text
            ),
        ),
    };
    let replicated = match design.replication {
        Replication::Sync => Some((
            0,
            "Synchronous replication loses no committed data.".to_string(),
        )),
        Replication::Async => design.replication_lag.map(|lag| {
            (
                lag,
                format!("Asynchronous replication lags up to {}.", dur(lag)),
            )
        }),
        Replication::None => None,
    };
    let backed_up = design.backup_interval().map(|every| {
        (
            every,
            format!(
                "Backups ({}) can lose up to {} of data.",
                design.schedule_text(),
                dur(every)
            ),
        )
    });
    let best = match (replicated, backed_up) {
        (Some(r), Some(b)) => Some(if r.0 <= b.0 { r } else { b }),
        (r, b) => r.or(b),
    };
    let (rpo, rpo_basis) = match best {
        Some((m, why)) => (Some(m), why),
        None => (
            None,
            "No backups or replication recorded: the data could be lost entirely.".to_string(),
        ),
    };
    Capability {
        rto,
        rto_basis,
        rpo,
        rpo_basis,
    }
}

/// One condition of the 3-2-1-1-0 rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleCheck {
    /// "3", "2", "1", "1", "0": the digit of the rule.
    pub digit: String,
    pub condition: String,
    pub holds: bool,
    pub detail: String,
}

/// The date a restore must have been verified since to count as recent.
pub fn restore_due_since(today: NaiveDate, months: u32) -> NaiveDate {
    today
        .checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}

/// Evaluates 3-2-1-1-0: three copies of the data (the live data counts as
/// one), on two kinds of media (the live data is on disk), one off-site, one
/// offline or immutable, and zero errors in a verified restore within the
/// last `months`.
pub fn rule_32110(design: &BackupDesign, today: NaiveDate, months: u32) -> Vec<RuleCheck> {
    let copies = design.copies.len() + 1;
    let mut media: Vec<Media> = vec![Media::Disk];
    for c in &design.copies {
        if !media.contains(&c.media) {
            media.push(c.media);
        }
    }
    let offsite: Vec<&str> = design
        .copies
        .iter()
        .filter(|c| c.offsite)
        .map(|c| c.label.as_str())
        .collect();
    let offline: Vec<&str> = design
        .copies
        .iter()
        .filter(|c| c.offline)
        .map(|c| c.label.as_str())
        .collect();
    let zero = match (design.restore_tested_on, design.restore_errors) {
        (None, _) => (false, "No verified restore is recorded.".to_string()),
        (Some(on), _) if on < restore_due_since(today, months) => (
            false,
            format!("The last verified restore ({on}) is more than {months} months old."),
        ),
        (Some(on), Some(0)) => (true, format!("Restore verified on {on} with no errors.")),
        (Some(on), Some(n)) => (
            false,
            format!("The restore verified on {on} found {n} error(s)."),
        ),
        (Some(on), None) => (
            false,
            format!("A restore was tested on {on}, but its result was not verified."),
        ),
    };
    let names = |v: &[&str]| v.join(", ");
    vec![
        RuleCheck {
            digit: "3".into(),
            condition: "Three copies of the data".into(),
            holds: copies >= 3,
            detail: format!(
                "{copies} cop{} (the live data and {} backup cop{}).",
                if copies == 1 { "y" } else { "ies" },
                design.copies.len(),
                if design.copies.len() == 1 { "y" } else { "ies" }
            ),
        },
        RuleCheck {
            digit: "2".into(),
            condition: "Two different kinds of media".into(),
            holds: media.len() >= 2,
            detail: format!(
                "{}.",
                media
                    .iter()
                    .map(|m| m.label())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
        RuleCheck {
            digit: "1".into(),
            condition: "One copy off-site".into(),
            holds: !offsite.is_empty(),
            detail: if offsite.is_empty() {
                "No copy is kept off-site.".into()
            } else {
                format!("Off-site: {}.", names(&offsite))
            },
        },
        RuleCheck {
            digit: "1".into(),
            condition: "One copy offline or immutable".into(),
            holds: !offline.is_empty(),
            detail: if offline.is_empty() {
                "Every copy can be reached (and deleted or encrypted) from the network.".into()
            } else {
                format!("Offline or immutable: {}.", names(&offline))
            },
        },
        RuleCheck {
            digit: "0".into(),
            condition: "Zero errors in a verified restore".into(),
            holds: zero.0,
            detail: zero.1,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy(label: &str, media: Media, offsite: bool, offline: bool) -> BackupCopy {
        BackupCopy {
            id: Uuid::nil(),
            label: label.into(),
            media,
            location: String::new(),
            offsite,
            offline,
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn weekly_full_and_daily_incremental_means_a_day_of_data_at_risk() {
        let design = BackupDesign {
            full_every: Some(7 * 1440),
            partial_kind: PartialKind::Incremental,
            partial_every: Some(1440),
            ..Default::default()
        };
        let cap = capability(Some(3), &design);
        assert_eq!(cap.rpo, Some(1440));
        assert_eq!(cap.rto, Some(1440));
        assert!(
            cap.rpo_basis
                .contains("full every 1 week, incremental every 24 h"),
            "{}",
            cap.rpo_basis
        );
    }

    #[test]
    fn replication_beats_backups_for_the_rpo_and_sync_loses_nothing() {
        let mut design = BackupDesign {
            full_every: Some(1440),
            replication: Replication::Async,
            replication_lag: Some(5),
            ..Default::default()
        };
        assert_eq!(capability(Some(4), &design).rpo, Some(5));
        design.replication = Replication::Sync;
        assert_eq!(capability(Some(4), &design).rpo, Some(0));
    }

    #[test]
    fn a_partial_schedule_without_a_kind_does_not_count() {
        let design = BackupDesign {
            full_every: Some(1440),
            partial_kind: PartialKind::None,
            partial_every: Some(60),
            ..Default::default()
        };
        assert_eq!(design.backup_interval(), Some(1440));
    }

    #[test]
    fn nothing_recorded_means_nothing_can_be_promised() {
        let cap = capability(None, &BackupDesign::default());
        assert_eq!((cap.rto, cap.rpo), (None, None));
        assert!(cap.rpo_basis.contains("lost entirely"));
        assert_eq!(capability(Some(0), &BackupDesign::default()).rto, None);
    }

    #[test]
    fn the_full_rule_holds_for_a_textbook_design() {
        let design = BackupDesign {
            copies: vec![
                copy("Backup appliance", Media::Disk, false, false),
                copy("Vault tapes", Media::Tape, true, true),
            ],
            restore_tested_on: Some(day(2026, 9, 1)),
            restore_errors: Some(0),
            ..Default::default()
        };
        let checks = rule_32110(&design, day(2026, 11, 23), 12);
        assert!(checks.iter().all(|c| c.holds), "{checks:#?}");
        assert_eq!(
            checks[0].detail,
            "3 copies (the live data and 2 backup copies)."
        );
    }

    #[test]
    fn each_condition_fails_on_its_own() {
        // One on-site disk copy, restore tested 13 months ago.
        let design = BackupDesign {
            copies: vec![copy("NAS", Media::Disk, false, false)],
            restore_tested_on: Some(day(2025, 10, 1)),
            restore_errors: Some(0),
            ..Default::default()
        };
        let checks = rule_32110(&design, day(2026, 11, 23), 12);
        let holds: Vec<bool> = checks.iter().map(|c| c.holds).collect();
        assert_eq!(holds, [false, false, false, false, false]);
        assert!(checks[4].detail.contains("more than 12 months old"));

        // A second medium off-site but online, and a restore with errors.
        let design = BackupDesign {
            copies: vec![
                copy("NAS", Media::Disk, false, false),
                copy("Cloud", Media::ObjectStorage, true, false),
            ],
            restore_tested_on: Some(day(2026, 6, 1)),
            restore_errors: Some(2),
            ..Default::default()
        };
        let holds: Vec<bool> = rule_32110(&design, day(2026, 11, 23), 12)
            .iter()
            .map(|c| c.holds)
            .collect();
        assert_eq!(holds, [true, true, true, false, false]);
    }

    #[test]
    fn an_unverified_restore_is_not_zero_errors() {
        let design = BackupDesign {
            restore_tested_on: Some(day(2026, 11, 1)),
            restore_errors: None,
            ..Default::default()
        };
        let zero = &rule_32110(&design, day(2026, 11, 23), 12)[4];
        assert!(!zero.holds);
        assert!(zero.detail.contains("not verified"));
    }

    #[test]
    fn parses_media_and_modes_by_key_or_label() {
        assert_eq!(Media::parse("Object storage"), Some(Media::ObjectStorage));
        assert_eq!(Media::parse("cloud_backup"), Some(Media::CloudBackup));
        assert_eq!(Media::parse("floppy"), None);
        assert_eq!(Replication::parse("Asynchronous"), Some(Replication::Async));
        assert_eq!(
            PartialKind::parse("differential"),
            Some(PartialKind::Differential)
        );
    }
}
