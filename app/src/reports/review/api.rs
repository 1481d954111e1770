//! Server functions of the review workflow.

use super::{DocumentView, Verification};
use crate::error::AppError;
use leptos::prelude::*;
use uuid::Uuid;

#[server(prefix = "/api", endpoint = "reports/document")]
pub async fn load_document(id: Uuid) -> Result<DocumentView, AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::DownloadEvidence).await?;
    super::ssr::view(&caller, id).await
}

/// Submits a finished document to the chosen executives for sign-off.
#[server(prefix = "/api", endpoint = "reports/review/submit")]
pub async fn submit_review(
    document: Uuid,
    #[server(default)] signers: Vec<Uuid>,
    #[server(default)] message: String,
) -> Result<Uuid, AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::EditPlans).await?;
    let id = super::ssr::submit(&caller, document, signers, &message).await?;
    crate::auth::ssr::redirect_form_post(&format!("/reports/{document}"));
    Ok(id)
}

/// An executive's decision on the file they reviewed, named by its SHA-256.
/// Returns the review's state afterwards (`approved` once everyone has).
#[server(prefix = "/api", endpoint = "reports/review/decide")]
pub async fn decide_review(
    review: Uuid,
    decision: String,
    #[server(default)] comment: String,
    #[server(default)] sha256: String,
) -> Result<String, AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::SignOff).await?;
    let approve = match decision.trim() {
        "approve" => true,
        "reject" => false,
        _ => {
            return Err(AppError::field(
                "decision",
                "Choose whether to approve or reject.",
            ));
        }
    };
    let (status, document) =
        super::ssr::decide(&caller, review, approve, &comment, &sha256).await?;
    crate::auth::ssr::redirect_form_post(&format!("/reports/{document}"));
    Ok(status.as_str().to_string())
}

/// Takes back a review that is still waiting for decisions.
#[server(prefix = "/api", endpoint = "reports/review/withdraw")]
pub async fn withdraw_review(review: Uuid) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::EditPlans).await?;
    let document = super::ssr::withdraw(&caller, review).await?;
    crate::auth::ssr::redirect_form_post(&format!("/reports/{document}"));
    Ok(())
}

/// Which generated or signed document has this SHA-256.
#[server(prefix = "/api", endpoint = "reports/verify")]
pub async fn verify_hash(sha256: String) -> Result<Verification, AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::DownloadEvidence).await?;
    super::ssr::verify(&caller, &sha256).await
}
