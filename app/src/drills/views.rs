//! What the drills pages receive from the server.

use super::DrillKind;
use super::cadence::Suggestion;
use super::readiness::Readiness;
use super::repeat::Repeat;
use super::result::{SystemResult, Verdict};
use crate::bia::{NodeRef, Person};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A plan as lists show it, with where its schedule stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanSummary {
    pub id: Uuid,
    pub title: String,
    pub kind: DrillKind,
    pub repeat: Option<Repeat>,
    /// "Quarterly from 1 Mar 2027 at 09:00 Europe/London".
    pub schedule: String,
    pub owner: Option<String>,
    /// The occurrence to do next: the oldest one not yet carried out.
    pub next: Option<DateTime<Utc>>,
    /// `next`, in the plan's own time zone ("Mon 1 Mar 2027, 09:00 Europe/London").
    pub next_local: Option<String>,
    pub overdue: bool,
    pub last_run: Option<RunBrief>,
    pub scope: usize,
}

impl PlanSummary {
    pub fn href(&self) -> String {
        format!("/drills/plans/{}", self.id)
    }

    pub fn cadence(&self) -> String {
        self.repeat
            .map(Repeat::describe)
            .unwrap_or_else(|| "once".into())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunBrief {
    pub id: Uuid,
    pub plan_title: String,
    pub kind: DrillKind,
    pub started_at: DateTime<Utc>,
    pub verdict: Verdict,
    pub failed_systems: usize,
}

impl RunBrief {
    pub fn href(&self) -> String {
        format!("/drills/runs/{}", self.id)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionView {
    pub id: Uuid,
    pub run_id: Uuid,
    pub plan_title: String,
    pub title: String,
    pub owner: Option<String>,
    pub due_on: NaiveDate,
    pub closed_at: Option<DateTime<Utc>>,
    pub overdue: bool,
}

/// A cadence the frameworks or tiers call for, and the plan that meets it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CadenceCheck {
    pub suggestion: Suggestion,
    pub met_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedState {
    /// Where the feed addresses start ("https://seawall.example.com").
    pub base: String,
    pub active: bool,
    pub created_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrillsOverview {
    pub plans: Vec<PlanSummary>,
    pub actions: Vec<ActionView>,
    pub runs: Vec<RunBrief>,
    pub readiness: Readiness,
    pub cadence: Vec<CadenceCheck>,
    pub frameworks: Vec<String>,
    pub feed: FeedState,
    pub people: Vec<Person>,
    pub can_edit: bool,
    /// May record runs and close actions.
    pub can_record: bool,
    pub can_manage: bool,
}

/// A plan's stored fields, as the edit form shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanFields {
    pub title: String,
    pub kind: DrillKind,
    pub scenario: String,
    pub owner_id: Option<Uuid>,
    pub participants: String,
    pub first_on: NaiveDate,
    /// "09:00".
    pub at_time: String,
    pub zone: String,
    pub duration_minutes: i64,
    pub repeat: Option<Repeat>,
    pub until_on: Option<NaiveDate>,
}

/// One system, process or site in a plan's scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScopeItem {
    pub node: NodeRef,
    /// For systems: the RTO and RPO a drill measures against.
    pub rto: Option<i64>,
    pub rpo: Option<i64>,
}

/// A scheduled occurrence the record form can pick.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Occurrence {
    pub at: DateTime<Utc>,
    pub local: String,
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanDetail {
    pub summary: PlanSummary,
    pub fields: PlanFields,
    pub scope: Vec<ScopeItem>,
    pub candidates: Vec<NodeRef>,
    /// Occurrences still to carry out: overdue ones, then the next few.
    pub upcoming: Vec<Occurrence>,
    pub runs: Vec<RunBrief>,
    pub people: Vec<Person>,
    /// "2027-03-01T09:00" in the plan's zone, to prefill the record form.
    pub default_start: String,
    pub can_edit: bool,
    pub can_record: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SystemMeasure {
    pub id: Uuid,
    pub system: Option<NodeRef>,
    pub name: String,
    pub recovered: bool,
    pub recovery_minutes: Option<i64>,
    pub data_loss_minutes: Option<i64>,
    pub rto: Option<i64>,
    pub rpo: Option<i64>,
    pub notes: String,
    pub result: SystemResult,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepView {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub local: String,
    pub who: String,
    pub what: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunDetail {
    pub id: Uuid,
    pub plan_id: Uuid,
    pub plan_title: String,
    pub kind: DrillKind,
    /// The times as the form shows them, in the plan's zone.
    pub started_local: String,
    pub ended_local: String,
    /// "Tue 25 Aug 2026, 09:00–15:30 Europe/London".
    pub when: String,
    pub elapsed_minutes: i64,
    pub issues: String,
    pub lessons: String,
    pub recorded_by: Option<String>,
    pub systems: Vec<SystemMeasure>,
    pub verdict: Verdict,
    pub steps: Vec<StepView>,
    pub actions: Vec<ActionView>,
    /// The controls of the frameworks in use this run is evidence for.
    pub evidence_for: Vec<(String, String)>,
    pub people: Vec<Person>,
    pub can_record: bool,
}

/// One thing on the calendar: a drill occurrence or a review that falls due.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalendarItem {
    pub at: DateTime<Utc>,
    /// The local date it falls on, which places it in the month grid.
    pub date: NaiveDate,
    /// "09:00 Europe/London"; empty for all-day items.
    pub time: String,
    pub title: String,
    pub what: String,
    pub href: String,
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalendarDay {
    pub date: NaiveDate,
    pub in_month: bool,
    pub today: bool,
    pub items: Vec<CalendarItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalendarView {
    /// The first day of the month shown.
    pub month: NaiveDate,
    pub weeks: Vec<Vec<CalendarDay>>,
    /// Everything overdue, whatever the month.
    pub overdue: Vec<CalendarItem>,
    /// The next 90 days, in order.
    pub agenda: Vec<CalendarItem>,
}

/// What the dashboard shows of the drill programme.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DrillGlance {
    pub readiness: Readiness,
    pub next: Vec<CalendarItem>,
    /// Overdue drills beyond those in `next`.
    pub more_overdue: usize,
}
