//! What the checklist pages show, as it crosses from server to browser.

use crate::bia::Person;
use crate::controls::status::{Effective, Status, Tally};
use crate::evidence::EvidenceBrief;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A framework the organisation can work through.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrameworkCard {
    pub key: String,
    pub name: String,
    pub version: String,
    pub active: bool,
    /// Shipped with Seawall (SOC 2, HIPAA, PCI DSS) rather than imported.
    pub shipped: bool,
    /// The organisation imported its own wording or framework.
    pub imported: bool,
    pub tally: Tally,
}

impl FrameworkCard {
    pub fn href(&self) -> String {
        format!("/controls/{}", self.key)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ControlsOverview {
    pub frameworks: Vec<FrameworkCard>,
    /// Evidence whose validity ends within 30 days, soonest first.
    pub expiring: Vec<EvidenceBrief>,
    /// Controls in active frameworks that fell back because their evidence expired.
    pub expired: Vec<ControlLink>,
    pub can_manage: bool,
}

/// A control as other pages link to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ControlLink {
    pub framework: String,
    pub framework_name: String,
    pub id: String,
    pub title: String,
}

impl ControlLink {
    pub fn href(&self) -> String {
        control_href(&self.framework, &self.id)
    }

    pub fn label(&self) -> String {
        format!("{} {}", self.framework_name, self.id)
    }
}

/// How a control's framework is named beside its identifier
/// ("HIPAA 164.308(a)(7)(ii)(D)"): short for the shipped ones.
pub fn short_name(key: &str, name: &str) -> String {
    match key {
        "soc2" => "SOC 2".into(),
        "hipaa" => "HIPAA".into(),
        "pci" => "PCI DSS".into(),
        _ => name.to_string(),
    }
}

pub fn control_href(framework: &str, id: &str) -> String {
    format!(
        "/controls/{framework}/control?id={}",
        crate::ui::encode_query(id)
    )
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionTally {
    pub id: String,
    pub title: String,
    pub tally: Tally,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ControlRow {
    pub id: String,
    pub title: String,
    pub section: String,
    pub kind: Option<String>,
    pub continuity: bool,
    pub effective: Effective,
    pub owner: Option<String>,
    pub due_on: Option<NaiveDate>,
    pub overdue: bool,
    pub evidence: usize,
}

/// The checklist's filters, as they arrive from the query string.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ChecklistFilter {
    pub status: String,
    pub owner: String,
    pub section: String,
    pub continuity: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checklist {
    pub card: FrameworkCard,
    pub sections: Vec<SectionTally>,
    pub rows: Vec<ControlRow>,
    pub total: usize,
    pub filter: ChecklistFilter,
    pub people: Vec<Person>,
}

/// The organisation's answer for one control.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Answer {
    pub status: Status,
    pub justification: String,
    pub owner_id: Option<Uuid>,
    pub due_on: Option<NaiveDate>,
    pub notes: String,
    pub updated_by: Option<String>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// A control that asks for the same thing in another framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MappedControl {
    pub control: ControlLink,
    pub topic: String,
    pub strength: String,
    pub rationale: String,
    /// Its status, when its framework is active.
    pub effective: Option<Effective>,
}

/// Evidence linked to a mapped control that could count here too.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Offer {
    pub evidence: EvidenceBrief,
    pub from: Vec<String>,
}

/// A recorded drill run that is evidence for this control.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrillOffer {
    pub run_id: Uuid,
    pub label: String,
    pub ended_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ControlDetail {
    pub control: ControlLink,
    pub section: String,
    pub kind: Option<String>,
    pub body: String,
    pub guidance: String,
    pub auditor_hint: String,
    pub continuity: bool,
    pub active: bool,
    pub answer: Answer,
    pub effective: Effective,
    pub evidence: Vec<EvidenceBrief>,
    pub offered: Vec<Offer>,
    pub drills: Vec<DrillOffer>,
    pub mapped: Vec<MappedControl>,
    /// Evidence in the library not linked here, as (id, title).
    pub library: Vec<(Uuid, String)>,
    pub people: Vec<Person>,
    pub can_edit: bool,
    pub can_contribute: bool,
    pub limit_mb: u64,
}

/// A catalog the organisation imported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportedCatalog {
    pub framework: String,
    pub name: String,
    pub version: String,
    pub controls: i64,
    pub loaded_at: DateTime<Utc>,
    /// It replaces the wording of a shipped framework.
    pub overrides: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportView {
    pub imported: Vec<ImportedCatalog>,
    pub can_manage: bool,
}
