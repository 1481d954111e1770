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

/// What a new dependency may point at. A large graph offers thousands of
/// nodes; beyond [`Candidates::LIMIT`] the page asks for a search first
/// instead of sending them all.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Candidates {
    /// Those offered, by kind and name.
    pub shown: Vec<NodeRef>,
    /// Every possible one, whatever the search.
    pub total: usize,
    /// What they were searched for ("" for none).
    pub find: String,
}

impl Candidates {
    pub const LIMIT: usize = 200;

    /// Whether there are too many to offer without a search.
    pub fn needs_search(&self) -> bool {
        self.total > Self::LIMIT
    }
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
    /// One page of the processes matching `query`, in register order.
    pub processes: Vec<ProcessSummary>,
    /// Figures over every process, whatever the page and search.
    pub counts: ProcessCounts,
    /// Processes matching `query` (all of them without one).
    pub matching: usize,
    /// The page shown (from 1) and how many pages there are.
    pub page: usize,
    pub pages: usize,
    pub query: String,
    pub people: Vec<Person>,
    pub gap_count: usize,
    pub cycle_count: usize,
    pub can_edit: bool,
    pub can_approve: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct ProcessCounts {
    pub total: usize,
    pub assessed: usize,
    /// Assessed processes of tier 1 or 2 (an MTPD of 24 hours or less).
    pub critical: usize,
    pub rto_errors: usize,
}

impl ProcessCounts {
    pub fn of(processes: &[ProcessSummary]) -> ProcessCounts {
        ProcessCounts {
            total: processes.len(),
            assessed: processes.iter().filter(|p| p.assessed).count(),
            critical: processes
                .iter()
                .filter(|p| p.assessed && p.tier.0 <= 2)
                .count(),
            rto_errors: processes.iter().filter(|p| p.rto_error).count(),
        }
    }
}

/// Processes per page of the register.
pub const REGISTER_PAGE: usize = 50;

/// Whether a process matches a register search: its name, department or
/// owner contains every word, ignoring case.
pub fn matches_search(p: &ProcessSummary, query: &str) -> bool {
    let haystack = format!(
        "{} {} {}",
        p.name,
        p.department,
        p.owner.as_deref().unwrap_or("")
    )
    .to_lowercase();
    query
        .to_lowercase()
        .split_whitespace()
        .all(|word| haystack.contains(word))
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
    pub candidates: Candidates,
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
    pub candidates: Candidates,
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

#[cfg(test)]
mod register_tests {
    use super::*;

    fn process(name: &str, department: &str, owner: Option<&str>, tier: u8) -> ProcessSummary {
        ProcessSummary {
            id: Uuid::new_v4(),
            name: name.into(),
            department: department.into(),
            owner: owner.map(Into::into),
            mtpd: None,
            tier: Tier(tier),
            rto: None,
            rpo: None,
            rto_error: tier == 1,
            gaps: 0,
            dependencies: 0,
            assessed: tier > 0,
            loss_at_mtpd: None,
        }
    }

    #[test]
    fn search_matches_every_word_in_name_department_or_owner() {
        let p = process("Payroll run", "Finance", Some("Olivia Chen"), 2);
        assert!(matches_search(&p, "payroll"));
        assert!(matches_search(&p, "FINANCE olivia"));
        assert!(matches_search(&p, "  run   chen "));
        assert!(!matches_search(&p, "payroll marketing"));
        assert!(matches_search(&p, ""));
    }

    #[test]
    fn counts_cover_every_process() {
        let all = [
            process("A", "", None, 0),
            process("B", "", None, 1),
            process("C", "", None, 2),
            process("D", "", None, 4),
        ];
        assert_eq!(
            ProcessCounts::of(&all),
            ProcessCounts {
                total: 4,
                assessed: 3,
                critical: 2,
                rto_errors: 1,
            }
        );
    }
}
