//! The signed copy's download and the verify upload (a plain multipart form
//! post, so it works with or without JavaScript; the file is hashed as it
//! arrives and never stored).

use crate::auth::ssr::{authorize_session, wants_html};
use crate::error::AppError;
use crate::reports::ssr::routes::{file_name, respond};
use crate::roles::Permission;
use crate::state::AppState;
use axum::extract::Multipart;
use axum::extract::multipart::MultipartRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use sha2::{Digest, Sha256};
use tower_sessions::Session;
use uuid::Uuid;

/// `GET /reports/signed/{review}`: the signed copy of an approved review.
pub async fn signed(state: AppState, session: Session, review: Uuid, inline: bool) -> Response {
    let result = async {
        let caller = authorize_session(state, &session, Permission::DownloadEvidence).await?;
        super::store::signed_content(&caller.state.db, caller.org_id, review)
            .await?
            .ok_or_else(|| AppError::NotFound("Signed document".into()))
    }
    .await;
    respond(
        result.map(|(title, version, bytes)| {
            let name = file_name(&title, version).replace(".pdf", "-signed.pdf");
            ("application/pdf", name, bytes)
        }),
        inline,
    )
}

/// `POST /reports/verify`: which generated or signed document the uploaded
/// file is. A browser is sent to the verify page showing the answer; an API
/// caller gets it as JSON.
pub async fn verify(
    state: AppState,
    session: Session,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let html = wants_html(&headers);
    let limit = state.settings.upload_limit_mb as usize * 1024 * 1024;
    let outcome = async {
        let caller = authorize_session(state, &session, Permission::DownloadEvidence).await?;
        let multipart = multipart.map_err(|_| {
            AppError::BadRequest("Send the PDF as a multipart form with a file field.".into())
        })?;
        let (name, sha256) = hash_upload(multipart, limit).await?;
        Ok::<_, AppError>((name, super::verify(&caller, &sha256).await?))
    }
    .await;
    match (outcome, html) {
        (Ok((name, v)), true) => Redirect::to(&format!(
            "/reports/verify?sha256={}&name={}",
            v.sha256,
            crate::ui::encode_query(&name)
        ))
        .into_response(),
        (Ok((_, v)), false) => axum::Json(v).into_response(),
        (Err(AppError::Unauthenticated), true) => Redirect::to("/login").into_response(),
        (Err(e), true) => Redirect::to(&format!(
            "/reports/verify?error={}",
            crate::ui::encode_query(&match &e {
                AppError::Validation(list) =>
                    list.first().map(|f| f.message.clone()).unwrap_or_default(),
                other => other.to_string(),
            })
        ))
        .into_response(),
        (Err(e), false) => (
            StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST),
            axum::Json(e),
        )
            .into_response(),
    }
}

fn too_large(limit: usize) -> AppError {
    AppError::field(
        "file",
        format!(
            "The file is larger than the {} MB limit, so it cannot be a document Seawall generated here.",
            limit / (1024 * 1024)
        ),
    )
}

/// The name and SHA-256 of the `file` field, hashed chunk by chunk.
async fn hash_upload(mut m: Multipart, limit: usize) -> Result<(String, String), AppError> {
    let failed = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large(limit)
        } else {
            AppError::BadRequest("The upload was cut off or malformed. Please try again.".into())
        }
    };
    while let Some(mut field) = m.next_field().await.map_err(failed)? {
        if field.name() != Some("file") {
            continue;
        }
        let name = field
            .file_name()
            .map(|n| n.rsplit(['/', '\\']).next().unwrap_or(n).trim().to_string())
            .unwrap_or_default();
        let mut hasher = Sha256::new();
        let mut size = 0usize;
        while let Some(chunk) = field.chunk().await.map_err(failed)? {
            size += chunk.len();
            if size > limit {
                return Err(too_large(limit));
            }
            hasher.update(&chunk);
        }
        if size == 0 {
            break;
        }
        let sha256 = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        return Ok((name, sha256));
    }
    Err(AppError::field("file", "Choose the PDF to check."))
}
