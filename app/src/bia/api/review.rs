//! The BIA's review cycle: submit, approve or return, and the approved version.

use crate::bia::ApprovedBia;
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "bia/review/submit")]
pub async fn submit_bia() -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::EditPlans).await?;
    let mut tx = caller.state.db.begin().await?;
    crate::bia::ssr::review::submit(&mut tx, caller.org_id, &caller.actor()).await?;
    tx.commit().await?;
    Ok(())
}

/// Approves the BIA as it stands now; the processes with their derived values
/// are kept as the approved version.
#[server(prefix = "/api", endpoint = "bia/review/approve")]
pub async fn approve_bia(comment: String) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::bia::ssr;
    use crate::roles::Permission;

    let caller = authorize(Permission::ApprovePlans).await?;
    let comment = crate::validate::text(&comment, 1000, "the comment")
        .map_err(|m| AppError::field("comment", m))?;
    let comment = (!comment.is_empty()).then_some(comment);
    let db = &caller.state.db;
    // Loaded before the transaction: SQLite allows one writer, and the
    // snapshot is checked against the status inside the transaction.
    let (scale, _) = ssr::review::load(db, caller.org_id).await?;
    let loaded = ssr::graph::load(db, caller.org_id).await?;
    let snapshot = ApprovedBia {
        approved_by: caller.user.email.clone(),
        approved_at: chrono::Utc::now(),
        comment: comment.clone(),
        processes: super::views::summaries(&loaded, &scale),
        currency: scale.currency.clone(),
    };
    let mut tx = db.begin().await?;
    ssr::review::approve(&mut tx, caller.org_id, &caller.actor(), comment, &snapshot).await?;
    tx.commit().await?;
    Ok(())
}

#[server(prefix = "/api", endpoint = "bia/review/return")]
pub async fn return_bia(comment: String) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::ApprovePlans).await?;
    let comment = crate::validate::text(&comment, 1000, "the comment")
        .map_err(|m| AppError::field("comment", m))?;
    if comment.is_empty() {
        return Err(AppError::field(
            "comment",
            "Say what needs to change before approval.",
        ));
    }
    let mut tx = caller.state.db.begin().await?;
    crate::bia::ssr::review::return_to_draft(&mut tx, caller.org_id, &caller.actor(), &comment)
        .await?;
    tx.commit().await?;
    Ok(())
}

#[server(prefix = "/api", endpoint = "bia/approved")]
pub async fn load_approved_bia() -> Result<Option<ApprovedBia>, AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::ViewOrganisation).await?;
    crate::bia::ssr::review::approved_snapshot(&caller.state.db, caller.org_id).await
}
