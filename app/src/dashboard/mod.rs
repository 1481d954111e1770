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
    pub controls: crate::controls::ControlsOverview,
}

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
    let db = &caller.state.db;
    let members = crate::members::ssr::list(db, caller.org_id).await?;
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
    let pending_invites = if caller.role.can(Permission::ManageMembers) {
        let invites = crate::members::ssr::pending_invites(db, caller.org_id).await?;
        Some(invites.iter().filter(|i| !i.expired).count() as i64)
    } else {
        None
    };
    let recent = if caller.role.can(Permission::ViewAuditLog) {
        let filter = crate::audit::AuditFilter::default();
        Some(
            crate::audit::ssr::list(db, caller.org_id, &filter, 8)
                .await?
                .entries,
        )
    } else {
        None
    };
    // One load of the graph serves both the BIA and the DR figures.
    let systems = crate::systems::ssr::load(db, caller.org_id).await?;
    let dr = systems.glance(&systems.summaries());
    let (_, review) = crate::bia::ssr::review::load(db, caller.org_id).await?;
    let drills = crate::drills::glance(db, caller.org_id, review.next_review_due).await?;
    let controls = crate::controls::ssr::checklist::overview(db, caller.org_id).await?;
    let bia = {
        let (loaded, scale) = (&systems.graph, &systems.scale);
        let summaries: Vec<_> = loaded
            .processes
            .iter()
            .map(|p| crate::bia::views::summary(loaded, scale, p))
            .collect();
        BiaGlance {
            review,
            processes: summaries.len(),
            assessed: summaries.iter().filter(|p| p.assessed).count(),
            gaps: loaded.analysis.gaps.len(),
            rto_errors: summaries.iter().filter(|p| p.rto_error).count(),
        }
    };
    let (org_name, is_demo) = crate::orgs::ssr::find(db, caller.org_id)
        .await?
        .ok_or_else(|| AppError::NotFound("Organisation".into()))?;
    Ok(DashboardSummary {
        org_name,
        is_demo,
        my_role: caller.role,
        members_by_role,
        pending_invites,
        recent,
        bia,
        dr,
        drills,
        controls,
    })
}
