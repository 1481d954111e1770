//! What a control's answer and its evidence add up to, and the readiness
//! figures built from them. Pure, so the rules are tested without a database.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// What the organisation says about a control.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    NotStarted,
    InProgress,
    Implemented,
    NotApplicable,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::NotStarted,
        Status::InProgress,
        Status::Implemented,
        Status::NotApplicable,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotStarted => "not_started",
            Status::InProgress => "in_progress",
            Status::Implemented => "implemented",
            Status::NotApplicable => "not_applicable",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::NotStarted => "Not started",
            Status::InProgress => "In progress",
            Status::Implemented => "Implemented",
            Status::NotApplicable => "Not applicable",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// The status as it counts: an implemented control whose every piece of
/// evidence has expired shows that, rather than silently staying green.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Effective {
    NotStarted,
    InProgress,
    Implemented,
    NotApplicable,
    EvidenceExpired,
}

impl Effective {
    pub fn as_str(self) -> &'static str {
        match self {
            Effective::NotStarted => "not_started",
            Effective::InProgress => "in_progress",
            Effective::Implemented => "implemented",
            Effective::NotApplicable => "not_applicable",
            Effective::EvidenceExpired => "evidence_expired",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Effective::EvidenceExpired => "Evidence expired",
            Effective::NotStarted => Status::NotStarted.label(),
            Effective::InProgress => Status::InProgress.label(),
            Effective::Implemented => Status::Implemented.label(),
            Effective::NotApplicable => Status::NotApplicable.label(),
        }
    }

    /// Filter values: the four statuses plus "evidence_expired".
    pub fn parse(s: &str) -> Option<Effective> {
        [
            Effective::NotStarted,
            Effective::InProgress,
            Effective::Implemented,
            Effective::NotApplicable,
            Effective::EvidenceExpired,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }
}

/// Where a piece of evidence stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Freshness {
    /// Dated in the future: it does not count yet.
    NotYetEffective,
    Valid,
    /// Valid, but for no more than [`EXPIRING_DAYS`] more days.
    ExpiringSoon,
    Expired,
}

impl Freshness {
    pub fn counts(self) -> bool {
        matches!(self, Freshness::Valid | Freshness::ExpiringSoon)
    }

    pub fn label(self) -> &'static str {
        match self {
            Freshness::NotYetEffective => "Not yet effective",
            Freshness::Valid => "Valid",
            Freshness::ExpiringSoon => "Expiring soon",
            Freshness::Expired => "Expired",
        }
    }
}

/// How far ahead "expiring soon" looks.
pub const EXPIRING_DAYS: i64 = 30;

/// The last day evidence counts: the day before the same date `months` later
/// (a report dated 15 March valid for 12 months counts until 14 March). No
/// validity period means it does not expire.
pub fn expires_on(effective_on: NaiveDate, valid_months: Option<u32>) -> Option<NaiveDate> {
    let months = valid_months?;
    let end = effective_on
        .checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX);
    // A date late in a month lands on the last day of a shorter one
    // (31 Jan + 1 month = 28 Feb); the period then ends that day.
    if end.day() < effective_on.day() {
        Some(end)
    } else {
        end.pred_opt().or(Some(end))
    }
}

pub fn freshness(
    effective_on: NaiveDate,
    valid_months: Option<u32>,
    today: NaiveDate,
) -> Freshness {
    if effective_on > today {
        return Freshness::NotYetEffective;
    }
    match expires_on(effective_on, valid_months) {
        None => Freshness::Valid,
        Some(last) if last < today => Freshness::Expired,
        Some(last) if (last - today).num_days() < EXPIRING_DAYS => Freshness::ExpiringSoon,
        Some(_) => Freshness::Valid,
    }
}

/// The status that counts, given the stated status and the freshness of
/// each piece of linked evidence.
pub fn effective(status: Status, evidence: &[Freshness]) -> Effective {
    match status {
        Status::NotStarted => Effective::NotStarted,
        Status::InProgress => Effective::InProgress,
        Status::NotApplicable => Effective::NotApplicable,
        Status::Implemented => {
            if !evidence.is_empty() && !evidence.iter().any(|f| f.counts()) {
                Effective::EvidenceExpired
            } else {
                Effective::Implemented
            }
        }
    }
}

/// Counts behind a readiness bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Tally {
    pub total: u32,
    pub implemented: u32,
    pub in_progress: u32,
    pub not_started: u32,
    pub not_applicable: u32,
    pub expired: u32,
}

impl Tally {
    pub fn add(&mut self, e: Effective) {
        self.total += 1;
        match e {
            Effective::Implemented => self.implemented += 1,
            Effective::InProgress => self.in_progress += 1,
            Effective::NotStarted => self.not_started += 1,
            Effective::NotApplicable => self.not_applicable += 1,
            Effective::EvidenceExpired => self.expired += 1,
        }
    }

    /// Controls that apply: everything not marked not applicable.
    pub fn applicable(&self) -> u32 {
        self.total - self.not_applicable
    }

    /// Implemented share of the applicable controls, in whole percent
    /// (rounded down, so 100 % means every one).
    pub fn percent(&self) -> u32 {
        match self.applicable() {
            0 => 0,
            n => self.implemented * 100 / n,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn evidence_counts_for_its_validity_period_and_not_a_day_longer() {
        assert_eq!(expires_on(d(2026, 3, 15), Some(12)), Some(d(2027, 3, 14)));
        assert_eq!(expires_on(d(2026, 1, 31), Some(1)), Some(d(2026, 2, 28)));
        assert_eq!(expires_on(d(2026, 3, 15), None), None);
        let effective_on = d(2026, 3, 15);
        assert_eq!(
            freshness(effective_on, Some(12), d(2026, 3, 14)),
            Freshness::NotYetEffective
        );
        assert_eq!(
            freshness(effective_on, Some(12), d(2026, 3, 15)),
            Freshness::Valid
        );
        assert_eq!(
            freshness(effective_on, Some(12), d(2027, 2, 12)),
            Freshness::Valid
        );
        assert_eq!(
            freshness(effective_on, Some(12), d(2027, 2, 13)),
            Freshness::ExpiringSoon
        );
        assert_eq!(
            freshness(effective_on, Some(12), d(2027, 3, 14)),
            Freshness::ExpiringSoon
        );
        assert_eq!(
            freshness(effective_on, Some(12), d(2027, 3, 15)),
            Freshness::Expired
        );
        assert_eq!(
            freshness(effective_on, None, d(2040, 1, 1)),
            Freshness::Valid
        );
    }

    #[test]
    fn implemented_falls_back_only_when_all_its_evidence_expired() {
        use Freshness::*;
        assert_eq!(effective(Status::Implemented, &[]), Effective::Implemented);
        assert_eq!(
            effective(Status::Implemented, &[Expired, Valid]),
            Effective::Implemented
        );
        assert_eq!(
            effective(Status::Implemented, &[Expired, ExpiringSoon]),
            Effective::Implemented
        );
        assert_eq!(
            effective(Status::Implemented, &[Expired]),
            Effective::EvidenceExpired
        );
        assert_eq!(
            effective(Status::Implemented, &[Expired, NotYetEffective]),
            Effective::EvidenceExpired
        );
        assert_eq!(
            effective(Status::InProgress, &[Expired]),
            Effective::InProgress
        );
        assert_eq!(
            effective(Status::NotApplicable, &[Expired]),
            Effective::NotApplicable
        );
    }

    #[test]
    fn readiness_is_implemented_over_applicable() {
        let mut t = Tally::default();
        for e in [
            Effective::Implemented,
            Effective::Implemented,
            Effective::EvidenceExpired,
            Effective::NotStarted,
            Effective::NotApplicable,
        ] {
            t.add(e);
        }
        assert_eq!((t.total, t.applicable(), t.implemented), (5, 4, 2));
        assert_eq!(t.percent(), 50);
        assert_eq!(Tally::default().percent(), 0);
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        assert_eq!(
            Effective::parse("evidence_expired"),
            Some(Effective::EvidenceExpired)
        );
    }
}
