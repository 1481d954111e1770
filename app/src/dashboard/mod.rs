//! The home page: the state of the organisation at a glance.

mod page;

pub use page::DashboardPage;

use crate::audit::AuditEntry;
use crate::error::AppError;
use crate::roles::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DashboardSummary {
    pub org_name: String,
    pub is_demo: bool,
    pub my_role: Role,
    pub members_by_role: Vec<(Role, i64)>,
    pub pending_invites: Option<i64>,
    /// The latest audit entries, for roles that may read the log.
    pub recent: Option<Vec<AuditEntry>>,
    pub bia: BiaGlance,
    pub dr: crate::systems::DrGlance,
    pub drills: crate::drills::DrillGlance,
    /// Readiness per framework, with the first expiring evidence and fallen
    /// back controls (the controls page lists them all).
    pub controls: crate::controls::ControlsOverview,
    pub more_expiring: usize,
    pub more_expired: usize,
}

/// What the dashboard shows of the organisation as a whole, the same for
/// every member: remembered per organisation until its data or the date
/// changes (see [`crate::memo`]), because computing it reads every process,
/// system, dependency, piece of evidence and control answer.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone)]
pub struct OrgGlance {
    pub org_name: String,
    pub is_demo: bool,
    pub members_by_role: Vec<(Role, i64)>,
    /// When each open invitation expires: they lapse with time, not with a
    /// change, so the count is taken per request.
    pub invites_expire: Vec<chrono::DateTime<chrono::Utc>>,
    pub recent: Vec<AuditEntry>,
    pub bia: BiaGlance,
    pub dr: crate::systems::DrGlance,
    pub controls: crate::controls::ControlsOverview,
    pub more_expiring: usize,
    pub more_expired: usize,
}

/// Lists on the dashboard show this many entries and say how many more.
#[cfg(feature = "ssr")]
const SHOWN: usize = 8;

/// The BIA at a glance: its review state and what needs attention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BiaGlance {
    pub review: crate::bia::Review,
    pub processes: usize,
    pub assessed: usize,
    pub gaps: usize,
    pub rto_errors: usize,
}

impl DashboardSummary {
    pub fn member_count(&self) -> i64 {
        self.members_by_role.iter().map(|(_, n)| n).sum()
    }
}

#[server(prefix = "/api", endpoint = "dashboard")]
pub async fn dashboard() -> Result<DashboardSummary, AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::ViewOrganisation).await?;
    let state = &caller.state;
    let head = crate::memo::Head::of(&state.db, caller.org_id).await?;
    let org = state
        .memos
        .dashboard
        .get(
            caller.org_id,
            head.on(chrono::Utc::now().date_naive()),
            || org_glance(state, caller.org_id, &head),
        )
        .await?;
    let now = chrono::Utc::now();
    let pending_invites = caller
        .role
        .can(Permission::ManageMembers)
        .then(|| org.invites_expire.iter().filter(|at| **at > now).count() as i64);
    let mut bia = org.bia.clone();
    bia.review.overdue = bia.review.next_review_due.is_some_and(|d| d < now);
    let drills =
        crate::drills::glance(state, caller.org_id, &head, bia.review.next_review_due).await?;
    Ok(DashboardSummary {
        org_name: org.org_name.clone(),
        is_demo: org.is_demo,
        my_role: caller.role,
        members_by_role: org.members_by_role.clone(),
        pending_invites,
        recent: caller
            .role
            .can(Permission::ViewAuditLog)
            .then(|| org.recent.clone()),
        bia,
        dr: org.dr.clone(),
        drills,
        controls: org.controls.clone(),
        more_expiring: org.more_expiring,
        more_expired: org.more_expired,
    })
}

#[cfg(feature = "ssr")]
async fn org_glance(
    state: &crate::state::AppState,
    org_id: uuid::Uuid,
    head: &crate::memo::Head,
) -> Result<OrgGlance, AppError> {
    let db = &state.db;
    let members = crate::members::ssr::list(db, org_id).await?;
    let members_by_role = Role::ALL
        .into_iter()
        .map(|role| {
            (
                role,
                members.iter().filter(|m| m.role == role).count() as i64,
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    let invites_expire = crate::members::ssr::pending_invites(db, org_id)
        .await?
        .into_iter()
        .map(|i| i.expires_at)
        .collect();
    let filter = crate::audit::AuditFilter::default();
    // The dashboard names what happened, who did it and when; what changed
    // is on the audit page, and would only swell every dashboard load.
    let recent = crate::audit::ssr::list(db, org_id, &filter, SHOWN as i64)
        .await?
        .entries
        .into_iter()
        .map(|entry| AuditEntry {
            entity_id: None,
            before: None,
            after: None,
            ..entry
        })
        .collect();
    // One load of the graph serves both the BIA and the DR figures.
    let systems = crate::systems::ssr::load(db, org_id).await?;
    let (loaded, scale) = (&systems.graph, &systems.scale);
    let summaries = crate::bia::views::summaries(loaded, scale);
    let (_, review) = crate::bia::ssr::review::load(db, org_id).await?;
    let bia = BiaGlance {
        review,
        processes: summaries.len(),
        assessed: summaries.iter().filter(|p| p.assessed).count(),
        gaps: loaded.analysis.gaps.len(),
        rto_errors: summaries.iter().filter(|p| p.rto_error).count(),
    };
    let standing = crate::controls::ssr::checklist::standing_at(state, org_id, head).await?;
    let mut controls = crate::controls::ssr::checklist::overview(&standing);
    let more_expiring = controls.expiring.len().saturating_sub(SHOWN);
    let more_expired = controls.expired.len().saturating_sub(SHOWN);
    controls.expiring.truncate(SHOWN);
    controls.expired.truncate(SHOWN);
    let (org_name, is_demo) = crate::orgs::ssr::find(db, org_id)
        .await?
        .ok_or_else(|| AppError::NotFound("Organisation".into()))?;
    Ok(OrgGlance {
        org_name,
        is_demo,
        members_by_role,
        invites_expire,
        recent,
        bia,
        dr: systems.glance(&systems.summaries()),
        controls,
        more_expiring,
        more_expired,
    })
}
