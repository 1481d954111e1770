//! The audit log: who changed what, when, with the values before and after.

#[cfg(feature = "ssr")]
pub mod chain;
mod page;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use page::AuditPageView;

use crate::error::AppError;
use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The actions Seawall records, with the words shown for them.
pub const ACTIONS: &[(&str, &str)] = &[
    ("organisation.created", "Organisation created"),
    ("organisation.renamed", "Organisation renamed"),
    ("member.joined", "Member joined"),
    ("member.role_changed", "Member's role changed"),
    ("member.removed", "Member removed"),
    ("invite.created", "Invitation created"),
    ("invite.revoked", "Invitation revoked"),
    ("invite.accepted", "Invitation accepted"),
    ("demo.created", "Demo data created"),
    ("bia.process.created", "Process created"),
    ("bia.process.updated", "Process changed"),
    ("bia.process.deleted", "Process deleted"),
    ("bia.assessment.changed", "Impact assessment changed"),
    ("bia.assessment.agreed", "Impact agreed in a workshop"),
    ("bia.assessment.imported", "Impact assessment imported"),
    ("bia.objectives.changed", "RTO/RPO changed"),
    ("bia.resource.created", "Dependency added to the inventory"),
    ("bia.resource.updated", "Dependency changed"),
    ("bia.resource.deleted", "Dependency deleted"),
    ("bia.dependency.added", "Dependency linked"),
    ("bia.dependency.removed", "Dependency unlinked"),
    ("bia.scale.changed", "Impact scale changed"),
    ("bia.submitted", "BIA submitted for review"),
    ("bia.approved", "BIA approved"),
    ("bia.returned", "BIA returned to draft"),
    ("bia.reopened", "BIA reopened by an edit"),
    ("workshop.opened", "Workshop opened"),
    ("workshop.status", "Workshop paused, resumed or closed"),
    ("system.profile.updated", "System profile changed"),
    ("system.tier.set", "DR tier chosen"),
    ("system.backup.updated", "Backup design changed"),
    ("system.copy.added", "Backup copy added"),
    ("system.copy.removed", "Backup copy removed"),
    ("system.site.updated", "DR site profile changed"),
    ("system.costs.updated", "DR cost estimates changed"),
    ("system.imported", "System imported from CSV"),
    ("system.copies.imported", "Backup copies imported from CSV"),
    ("drill.plan.created", "Drill scheduled"),
    ("drill.plan.updated", "Drill plan changed"),
    ("drill.plan.deleted", "Drill plan deleted"),
    ("drill.scope.added", "Added to a drill's scope"),
    ("drill.scope.removed", "Removed from a drill's scope"),
    ("drill.run.recorded", "Drill run recorded"),
    ("drill.run.updated", "Drill run changed"),
    ("drill.measure.updated", "Drill measurement recorded"),
    ("drill.step.added", "Drill step logged"),
    ("drill.step.removed", "Drill step removed"),
    ("drill.action.added", "Follow-up action created"),
    ("drill.action.closed", "Follow-up action closed"),
    ("drill.action.reopened", "Follow-up action reopened"),
    ("drill.feed.created", "Calendar feed address created"),
    ("drill.feed.revoked", "Calendar feed address revoked"),
    ("frameworks.updated", "Frameworks in use changed"),
    ("control.answered", "Control answer changed"),
    ("catalog.imported", "Catalog imported"),
    ("catalog.removed", "Imported catalog removed"),
    ("evidence.created", "Evidence added"),
    ("evidence.version_added", "Evidence version added"),
    (
        "evidence.validity_changed",
        "Evidence date or validity changed",
    ),
    ("evidence.linked", "Evidence linked"),
    ("evidence.unlinked", "Evidence unlinked"),
    ("document.generated", "Document generated"),
    ("review.submitted", "Document submitted for review"),
    ("review.approved", "Document approved"),
    ("review.rejected", "Document rejected"),
    ("review.signed", "Document signed"),
    ("review.withdrawn", "Review withdrawn"),
];

pub fn action_label(action: &str) -> String {
    ACTIONS
        .iter()
        .find(|(key, _)| *key == action)
        .map(|(_, label)| label.to_string())
        .unwrap_or_else(|| action.to_string())
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub actor_email: Option<String>,
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<String>,
    /// JSON text of the entity before and after the change.
    pub before: Option<String>,
    pub after: Option<String>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub entity_type: Option<String>,
    pub actor: Option<String>,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// Show entries older than this id (paging).
    pub before_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Set when there are older entries: the `before_id` of the next page.
    pub older: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditListing {
    pub page: AuditPage,
    pub actors: Vec<String>,
}

/// The outcome of walking an organisation's audit chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChainCheck {
    /// Entries checked (up to and including a break).
    pub entries: i64,
    /// The newest entry's hash when the whole chain holds: note it down to
    /// prove later that no entry after it was removed.
    pub head: Option<String>,
    pub broken: Option<ChainBreak>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChainBreak {
    pub id: i64,
    pub action: String,
    pub at: DateTime<Utc>,
    pub problem: String,
}

/// Checks the organisation's audit chain from its first entry.
#[server(prefix = "/api", endpoint = "audit/verify")]
pub async fn verify_audit_chain() -> Result<ChainCheck, AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::ViewAuditLog).await?;
    Ok(chain::check(&caller.state.db, caller.org_id).await?)
}

pub const ENTITY_TYPES: &[(&str, &str)] = &[
    ("organisation", "Organisation"),
    ("membership", "Membership"),
    ("invite", "Invitation"),
    ("drill_plan", "Drill plan"),
    ("drill_run", "Drill run"),
    ("drill_action", "Follow-up action"),
    ("control", "Control"),
    ("catalog", "Catalog"),
    ("evidence", "Evidence"),
    ("document", "Document"),
    ("review", "Document review"),
];

/// Filters arrive as text from the query string; empty means "any".
#[server(prefix = "/api", endpoint = "audit/list")]
pub async fn list_audit(
    action: Option<String>,
    entity_type: Option<String>,
    actor: Option<String>,
    from: Option<String>,
    until: Option<String>,
    before_id: Option<i64>,
) -> Result<AuditListing, AppError> {
    use crate::auth::ssr::authorize;
    use crate::error::FieldErrors;
    use crate::roles::Permission;

    let caller = authorize(Permission::ViewAuditLog).await?;
    let clean = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let mut errors = FieldErrors::new();
    let mut date = |field: &str, value: Option<String>| {
        clean(value).and_then(|v| {
            errors.check(
                field,
                NaiveDate::parse_from_str(&v, "%Y-%m-%d")
                    .map_err(|_| "Enter a date as YYYY-MM-DD.".to_string()),
            )
        })
    };
    let filter = AuditFilter {
        from: date("from", from),
        until: date("until", until),
        action: clean(action),
        entity_type: clean(entity_type),
        actor: clean(actor).map(|a| a.to_lowercase()),
        before_id,
    };
    if let (Some(from), Some(until)) = (filter.from, filter.until)
        && until < from
    {
        errors.add("until", "The end date is before the start date.");
    }
    errors.into_result()?;
    let db = &caller.state.db;
    let page = ssr::list(db, caller.org_id, &filter, 50).await?;
    let actors = ssr::actors(db, caller.org_id).await?;
    Ok(AuditListing { page, actors })
}
