//! The download route for generated documents.

use super::store;
use crate::auth::ssr::authorize_session;
use crate::error::AppError;
use crate::roles::Permission;
use crate::state::AppState;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;
use uuid::Uuid;

/// The file name a document downloads as: its title and version.
pub fn file_name(title: &str, version: i64) -> String {
    let base: String = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let base: Vec<&str> = base.split('-').filter(|s| !s.is_empty()).collect();
    format!("{}-v{version}.pdf", base.join("-"))
}

/// `GET /reports/file/{id}`: the file as generated. `inline` shows it in
/// the page (the review page frames it) instead of saving it.
pub async fn download(state: AppState, session: Session, id: Uuid, inline: bool) -> Response {
    let result = async {
        let caller = authorize_session(state, &session, Permission::DownloadEvidence).await?;
        store::content(&caller.state.db, caller.org_id, id)
            .await?
            .ok_or_else(|| AppError::NotFound("Document".into()))
    }
    .await;
    respond(
        result
            .map(|(title, version, bytes)| ("application/pdf", file_name(&title, version), bytes)),
        inline,
    )
}

/// Which OSCAL document to export.
pub enum Oscal {
    AssessmentResults(String),
    Poam,
}

/// `GET /reports/oscal/...`: the OSCAL JSON, computed for today.
pub async fn oscal(state: AppState, session: Session, which: Oscal) -> Response {
    let result = async {
        let caller = authorize_session(state, &session, Permission::DownloadEvidence).await?;
        let now = chrono::Utc::now();
        let sources = super::load(&caller.state.db, caller.org_id, now.date_naive()).await?;
        let (name, value) = match &which {
            Oscal::AssessmentResults(framework) => (
                format!("assessment-results-{}.json", super::oscal::token(framework)),
                super::oscal::assessment_results(&sources, framework, now)?,
            ),
            Oscal::Poam => ("poam.json".to_string(), super::oscal::poam(&sources, now)?),
        };
        let body = serde_json::to_vec_pretty(&value).map_err(|_| AppError::Internal)?;
        Ok::<_, AppError>(("application/json", name, body))
    }
    .await;
    respond(result, false)
}

/// An attachment the browser saves under `name` (never cached: it holds the
/// organisation's data), or shows inline in a frame of Seawall's own pages;
/// or the error as plain text with its status.
pub fn respond(
    result: Result<(&'static str, String, Vec<u8>), AppError>,
    inline: bool,
) -> Response {
    match result {
        Ok((content_type, name, body)) => {
            let attachment = crate::evidence::ssr::upload::disposition(&name);
            let disposition = if inline {
                attachment.replacen("attachment", "inline", 1)
            } else {
                attachment
            };
            let frames = if inline { "SAMEORIGIN" } else { "DENY" };
            (
                [
                    (header::CONTENT_TYPE, content_type.to_string()),
                    (header::CONTENT_DISPOSITION, disposition),
                    (header::CACHE_CONTROL, "no-store".to_string()),
                    (header::X_FRAME_OPTIONS, frames.to_string()),
                ],
                body,
            )
                .into_response()
        }
        Err(error) => (
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            error.to_string(),
        )
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_names_are_plain() {
        assert_eq!(
            super::file_name("Auditor evidence pack: SOC 2", 3),
            "auditor-evidence-pack-soc-2-v3.pdf"
        );
    }
}
