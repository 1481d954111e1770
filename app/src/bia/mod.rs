//! Business impact analysis: processes, their impact over time, the derived
//! MTPD/RTO, the resources they depend on and the roll-up of requirements
//! through that graph, and the review cycle of the whole BIA.

pub mod derive;
pub mod duration;
pub mod rollup;
pub mod scale;

mod api;
mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use api::*;
#[cfg(feature = "ssr")]
pub(crate) use api::{check_assessment, views};
pub use pages::*;

use chrono::{DateTime, Utc};
use derive::{Assessment, Derived, Tier};
use rollup::{NodeKind, Objective};
use scale::ImpactScale;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A member who can own a process or a resource.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub id: Uuid,
    pub name: String,
}

/// A process or resource, as other pages link to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeRef {
    pub id: Uuid,
    pub kind: NodeKind,
    pub name: String,
}

impl NodeRef {
    pub fn href(&self) -> String {
        match self.kind {
            NodeKind::Process => format!("/bia/processes/{}", self.id),
            NodeKind::System => format!("/systems/{}", self.id),
            _ => format!("/bia/resources/{}", self.id),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BiaStatus {
    Draft,
    InReview,
    Approved,
}

impl BiaStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            BiaStatus::Draft => "draft",
            BiaStatus::InReview => "in_review",
            BiaStatus::Approved => "approved",
        }
    }

    pub fn parse(s: &str) -> BiaStatus {
        match s {
            "in_review" => BiaStatus::InReview,
            "approved" => BiaStatus::Approved,
            _ => BiaStatus::Draft,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            BiaStatus::Draft => "Draft",
            BiaStatus::InReview => "In review",
            BiaStatus::Approved => "Approved",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub status: BiaStatus,
    pub submitted_by: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub approved_by: Option<String>,
    pub approved_at: Option<DateTime<Utc>>,
    pub approval_comment: Option<String>,
    pub next_review_due: Option<DateTime<Utc>>,
    pub overdue: bool,
    pub has_approved_version: bool,
    pub review_months: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcessSummary {
    pub id: Uuid,
    pub name: String,
    pub department: String,
    pub owner: Option<String>,
    pub mtpd: Option<i64>,
    pub tier: Tier,
    pub rto: Option<i64>,
    pub rpo: Option<i64>,
    pub rto_error: bool,
    pub gaps: usize,
    pub dependencies: usize,
    pub assessed: bool,
    pub loss_at_mtpd: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BiaOverview {
    pub review: Review,
    pub currency: String,
    pub processes: Vec<ProcessSummary>,
    pub people: Vec<Person>,
    pub gap_count: usize,
    pub cycle_count: usize,
    pub can_edit: bool,
    pub can_approve: bool,
}

/// Everything a process record holds apart from its assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcessRecord {
    pub id: Uuid,
    pub name: String,
    pub department: String,
    pub owner_id: Option<Uuid>,
    pub owner: Option<String>,
    pub description: String,
    pub products: String,
    pub peak_periods: String,
    pub mbco: String,
    pub rto: Option<i64>,
    pub rpo: Option<i64>,
    pub wrt: Option<i64>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequirementView {
    pub minutes: i64,
    pub chain: Vec<NodeRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GapView {
    pub node: NodeRef,
    pub objective: Objective,
    pub own: i64,
    pub required: i64,
    pub chain: Vec<NodeRef>,
}

impl GapView {
    /// One sentence on what closes the gap.
    pub fn remedy(&self) -> String {
        let what = self.objective.label();
        let required = duration::format(self.required);
        match self.node.kind {
            NodeKind::Supplier => format!(
                "Negotiate a contractual {what} of {required} or less, or add a second supplier."
            ),
            NodeKind::Process => {
                format!("Bring this process's {what} down to {required}, or remove the dependency.")
            }
            NodeKind::Site => {
                format!("Prepare an alternate site that can be working within {required}.")
            }
            NodeKind::Role => {
                format!("Train a deputy so that the role is covered within {required}.")
            }
            NodeKind::System => format!(
                "Design recovery to meet an {what} of {required} (a higher DR tier or more frequent backups)."
            ),
        }
    }

    pub fn chain_text(&self) -> String {
        self.chain
            .iter()
            .map(|n| n.name.as_str())
            .collect::<Vec<_>>()
            .join(" → ")
    }
}

/// A dependency as the process page lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DependencyView {
    pub node: NodeRef,
    pub rto: Option<i64>,
    pub rpo: Option<i64>,
    /// Set when this dependency is slower than the process needs.
    pub gap: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcessDetail {
    pub process: ProcessRecord,
    pub scale: ImpactScale,
    pub assessment: Assessment,
    pub derived: Derived,
    pub dependencies: Vec<DependencyView>,
    pub dependants: Vec<NodeRef>,
    pub required_rto: Option<RequirementView>,
    pub required_rpo: Option<RequirementView>,
    /// Gaps this process is part of (as the slow node or in the chain).
    pub gaps: Vec<GapView>,
    /// What a new dependency may point at.
    pub candidates: Vec<NodeRef>,
    pub people: Vec<Person>,
    pub can_edit: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceRecord {
    pub id: Uuid,
    pub kind: NodeKind,
    pub name: String,
    pub owner_id: Option<Uuid>,
    pub owner: Option<String>,
    /// System type, supplier service, site type, or the role's team.
    pub category: String,
    pub contact: String,
    pub rto: Option<i64>,
    pub rpo: Option<i64>,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceSummary {
    pub resource: ResourceRecord,
    pub required_rto: Option<i64>,
    pub required_rpo: Option<i64>,
    pub dependants: usize,
    pub gap: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceList {
    pub resources: Vec<ResourceSummary>,
    pub people: Vec<Person>,
    pub can_edit: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceDetail {
    pub resource: ResourceRecord,
    pub required_rto: Option<RequirementView>,
    pub required_rpo: Option<RequirementView>,
    pub dependants: Vec<NodeRef>,
    pub dependencies: Vec<DependencyView>,
    pub candidates: Vec<NodeRef>,
    pub gaps: Vec<GapView>,
    pub people: Vec<Person>,
    pub can_edit: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphNode {
    pub node: NodeRef,
    pub rto: Option<i64>,
    pub required_rto: Option<i64>,
    pub gap: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphEdge {
    pub from: Uuid,
    pub to: Uuid,
    pub gap: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphView {
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
    pub gaps: Vec<GapView>,
    pub cycles: Vec<Vec<NodeRef>>,
}

/// The outcome of a CSV import: either everything was saved, or nothing was
/// and every bad row is listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    pub errors: Vec<RowError>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowError {
    /// 1-based line in the file (the header is line 1).
    pub line: usize,
    pub message: String,
}

/// What the approved version of the BIA looked like.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApprovedBia {
    pub approved_by: String,
    pub approved_at: DateTime<Utc>,
    pub comment: Option<String>,
    pub processes: Vec<ProcessSummary>,
    pub currency: String,
}
