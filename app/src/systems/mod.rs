//! Systems and their disaster recovery: inventory, the recovery objectives
//! they must meet (rolled up from the BIA), the DR tier and backup design
//! that sets what they can meet, DR sites, the strategy comparison with
//! costs, and the gap analysis.
//!
//! A system is a BIA resource of kind `system`, so it takes part in the
//! BIA's dependency graph (including system-to-system dependencies, whose
//! cycles that graph already refuses).

pub mod choice;
pub mod cost;
pub mod design;
pub mod findings;
pub mod profile;
pub mod tiers;

mod api;
mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use api::*;
pub use pages::*;

use crate::bia::{DependencyView, NodeRef, Person, RequirementView, ResourceRecord};
use cost::{CostModel, OptionCost};
use design::{BackupDesign, Capability, RuleCheck};
use findings::{Finding, Severity};
use profile::{Component, DataClass, Environment, Failover, Hosting, Readiness, SiteRole};
use serde::{Deserialize, Serialize};
use tiers::{Need, Recommendation};
use uuid::Uuid;

/// What only a system has, beyond its BIA resource record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SystemProfile {
    pub component: Component,
    pub environment: Environment,
    pub hosting: Hosting,
    pub provider: String,
    pub region: String,
    pub data_class: DataClass,
    pub primary_site: Option<NodeRef>,
    pub recovery_site: Option<NodeRef>,
    pub tier: Option<u8>,
    /// Why the owner chose a tier other than the recommended one.
    pub tier_reason: String,
    pub design: BackupDesign,
}

impl Default for SystemProfile {
    fn default() -> Self {
        SystemProfile {
            component: Component::Application,
            environment: Environment::Production,
            hosting: Hosting::OnPremises,
            provider: String::new(),
            region: String::new(),
            data_class: DataClass::Internal,
            primary_site: None,
            recovery_site: None,
            tier: None,
            tier_reason: String::new(),
            design: BackupDesign::default(),
        }
    }
}

/// A system as the inventory lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SystemSummary {
    pub id: Uuid,
    pub name: String,
    pub owner: Option<String>,
    pub component: Component,
    pub environment: Environment,
    pub hosting: Hosting,
    pub tier: Option<u8>,
    pub required: Need,
    pub target: Need,
    pub capability: Capability,
    pub recovery_site: Option<String>,
    pub findings: usize,
    pub worst: Option<Severity>,
}

impl SystemSummary {
    pub fn href(&self) -> String {
        format!("/systems/{}", self.id)
    }

    /// Whether recovery meets the required RTO; `None` when nothing requires one.
    pub fn meets_rto(&self) -> Option<bool> {
        self.required
            .rto
            .map(|r| self.capability.rto.is_some_and(|c| c <= r))
    }

    pub fn meets_rpo(&self) -> Option<bool> {
        self.required
            .rpo
            .map(|r| self.capability.rpo.is_some_and(|c| c <= r))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SystemList {
    pub systems: Vec<SystemSummary>,
    pub glance: DrGlance,
    pub people: Vec<Person>,
    pub sites: Vec<NodeRef>,
    pub can_edit: bool,
}

/// Counts for the dashboard and the inventory's head.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DrGlance {
    pub systems: usize,
    /// Systems that something requires an RTO (or RPO) of.
    pub with_rto: usize,
    pub meeting_rto: usize,
    pub with_rpo: usize,
    pub meeting_rpo: usize,
    /// Systems per tier (index 0–7; index 8 counts systems without a tier),
    /// and how many of those meet every requirement.
    pub by_tier: Vec<TierCount>,
    pub with_findings: usize,
    pub critical: usize,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierCount {
    pub tier: Option<u8>,
    pub total: usize,
    pub meeting: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SystemDetail {
    pub resource: ResourceRecord,
    pub profile: SystemProfile,
    pub required_rto: Option<RequirementView>,
    pub required_rpo: Option<RequirementView>,
    pub capability: Capability,
    pub recommendation: Option<Recommendation>,
    pub rule: Vec<RuleCheck>,
    pub findings: Vec<Finding>,
    pub dependencies: Vec<DependencyView>,
    pub dependants: Vec<NodeRef>,
    pub candidates: crate::bia::Candidates,
    pub people: Vec<Person>,
    pub sites: Vec<NodeRef>,
    pub comparison: Comparison,
    pub restore_months: u32,
    pub can_edit: bool,
}

/// Strategy options side by side for a system or a group that fails together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub systems: Vec<NodeRef>,
    /// The processes whose losses count, with their loss over the first hour.
    pub processes: Vec<ProcessLoss>,
    /// Processes that depend on the systems but have no loss estimates.
    pub unpriced: Vec<NodeRef>,
    pub need: Need,
    pub options: Vec<OptionCost>,
    pub recommended: Option<u8>,
    pub cheapest: Option<u8>,
    /// The tiers the systems are on now (one entry when they agree).
    pub current: Vec<u8>,
    pub currency: String,
    pub model: CostModel,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcessLoss {
    pub process: NodeRef,
    /// Average loss per hour over the first day of an outage.
    pub per_hour: i64,
}

/// Everything in the organisation the comparison page can choose from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompareChoices {
    pub systems: Vec<NodeRef>,
    pub comparison: Option<Comparison>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SystemGaps {
    pub system: NodeRef,
    pub tier: Option<u8>,
    pub owner: Option<String>,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GapReport {
    pub rows: Vec<SystemGaps>,
    pub glance: DrGlance,
    pub restore_months: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteProfile {
    pub role: SiteRole,
    pub readiness: Readiness,
    pub failover: Failover,
    pub location: String,
    /// The activation steps, one per line.
    pub activation: String,
}

impl Default for SiteProfile {
    fn default() -> Self {
        SiteProfile {
            role: SiteRole::Primary,
            readiness: Readiness::Cold,
            failover: Failover::ActivePassive,
            location: String::new(),
            activation: String::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteView {
    pub site: NodeRef,
    pub category: String,
    pub profile: SiteProfile,
    /// Whether a DR profile has been saved for it.
    pub profiled: bool,
    pub hosts: Vec<NodeRef>,
    pub recovers: Vec<NodeRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteList {
    pub sites: Vec<SiteView>,
    pub can_edit: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostSettings {
    pub model: CostModel,
    pub currency: String,
    pub can_edit: bool,
}
