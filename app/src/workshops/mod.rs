//! BIA workshops: a facilitator walks a group through processes, category by
//! category; participants propose ratings and losses and see each other's
//! proposals appear live; the facilitator records the agreed values, which
//! become the process's assessment.

mod api;
mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;
#[cfg(feature = "ssr")]
pub mod stream;

pub use api::*;
pub use pages::{WorkshopPage, WorkshopSummaryPage, WorkshopsPage};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WorkshopStatus {
    Open,
    Paused,
    Closed,
}

impl WorkshopStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            WorkshopStatus::Open => "open",
            WorkshopStatus::Paused => "paused",
            WorkshopStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<WorkshopStatus> {
        match s {
            "open" => Some(WorkshopStatus::Open),
            "paused" => Some(WorkshopStatus::Paused),
            "closed" => Some(WorkshopStatus::Closed),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            WorkshopStatus::Open => "In progress",
            WorkshopStatus::Paused => "Paused",
            WorkshopStatus::Closed => "Closed",
        }
    }
}

/// The topic browsers watching a workshop subscribe to.
pub fn topic(id: Uuid) -> String {
    format!("workshop:{id}")
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkshopSummary {
    pub id: Uuid,
    pub title: String,
    pub status: WorkshopStatus,
    pub facilitator: Option<String>,
    pub processes: i64,
    pub decisions: i64,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcessChoice {
    pub id: Uuid,
    pub name: String,
    pub department: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkshopList {
    pub workshops: Vec<WorkshopSummary>,
    pub processes: Vec<ProcessChoice>,
    pub can_facilitate: bool,
}

/// One step of the walk: a category of the scale, or the financial loss.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub key: String,
    pub label: String,
    /// What ratings 1–5 mean in this category; empty for the loss step.
    pub levels: Vec<String>,
}

impl Step {
    pub fn is_loss(&self) -> bool {
        self.key == crate::bia::scale::LOSS_KEY
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkshopProcess {
    pub id: Uuid,
    pub name: String,
    pub department: String,
    /// Step keys already agreed for this process.
    pub decided: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    pub user_id: Uuid,
    pub name: String,
    pub values: Vec<Option<i64>>,
    pub comment: String,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    pub process_id: Uuid,
    pub process: String,
    pub step: String,
    pub step_label: String,
    pub values: Vec<Option<i64>>,
    pub agreed_by: String,
    pub agreed_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    pub process: Option<String>,
    pub text: String,
    pub author: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Participant {
    pub user_id: Uuid,
    pub name: String,
    pub joined_at: DateTime<Utc>,
}

/// The step on screen, with everything said about it so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurrentStep {
    pub process_id: Uuid,
    pub process: String,
    pub step: Step,
    pub index: usize,
    pub total: usize,
    /// What the process's assessment holds now for this step.
    pub current: Vec<Option<i64>>,
    pub proposals: Vec<Proposal>,
    /// Lowest and highest proposal per bucket.
    pub spread: Vec<Option<(i64, i64)>>,
    /// The median proposal per bucket: a starting point for agreement.
    pub median: Vec<Option<i64>>,
    pub decision: Option<Decision>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkshopView {
    pub id: Uuid,
    pub title: String,
    pub status: WorkshopStatus,
    pub facilitator: Option<String>,
    pub buckets: Vec<i64>,
    pub threshold: u8,
    pub currency: String,
    pub steps: Vec<Step>,
    pub processes: Vec<WorkshopProcess>,
    pub current: Option<CurrentStep>,
    pub participants: Vec<Participant>,
    pub decisions: Vec<Decision>,
    pub notes: Vec<Note>,
    pub me: Uuid,
    pub joined: bool,
    pub can_propose: bool,
    pub can_facilitate: bool,
    pub created_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

/// Lowest and highest value per bucket over all proposals.
pub fn spread(proposals: &[Vec<Option<i64>>], buckets: usize) -> Vec<Option<(i64, i64)>> {
    (0..buckets)
        .map(|i| {
            let values = proposals.iter().filter_map(|p| p.get(i).copied().flatten());
            values.fold(None, |acc, v| match acc {
                None => Some((v, v)),
                Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
            })
        })
        .collect()
}

/// The median per bucket (the lower middle value when even), so the
/// suggestion is always a value someone actually proposed.
pub fn median(proposals: &[Vec<Option<i64>>], buckets: usize) -> Vec<Option<i64>> {
    (0..buckets)
        .map(|i| {
            let mut values: Vec<i64> = proposals
                .iter()
                .filter_map(|p| p.get(i).copied().flatten())
                .collect();
            values.sort_unstable();
            if values.is_empty() {
                None
            } else {
                Some(values[(values.len() - 1) / 2])
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_and_median_per_bucket() {
        let proposals = vec![
            vec![Some(1), Some(3), None],
            vec![Some(2), Some(5), None],
            vec![Some(2), Some(4), Some(4)],
        ];
        assert_eq!(
            spread(&proposals, 3),
            vec![Some((1, 2)), Some((3, 5)), Some((4, 4))]
        );
        assert_eq!(median(&proposals, 3), vec![Some(2), Some(4), Some(4)]);
        let two = vec![vec![Some(2)], vec![Some(5)]];
        assert_eq!(median(&two, 1), vec![Some(2)]);
        assert_eq!(spread(&[], 2), vec![None, None]);
    }
}
