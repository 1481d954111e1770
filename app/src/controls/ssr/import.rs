//! The catalog import: a plain multipart form post, so it works with or
//! without JavaScript. Nothing is stored unless the whole file is valid.

use super::catalogs;
use crate::auth::ssr::authorize_session;
use crate::controls::catalog::{ImportMeta, parse_import};
use crate::error::AppError;
use crate::roles::Permission;
use crate::state::AppState;
use axum::extract::Multipart;
use axum::extract::multipart::MultipartRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

/// Catalog files larger than this are refused before parsing.
pub const LIMIT: usize = 10 * 1024 * 1024;

#[derive(serde::Serialize)]
struct Imported {
    framework: String,
    name: String,
    version: String,
    controls: usize,
}

/// Why an import failed: one or more sentences.
enum Failure {
    App(AppError),
    Problems(Vec<String>),
}

impl From<AppError> for Failure {
    fn from(e: AppError) -> Self {
        Failure::App(e)
    }
}

impl From<sqlx::Error> for Failure {
    fn from(e: sqlx::Error) -> Self {
        Failure::App(e.into())
    }
}

pub async fn handler(
    state: AppState,
    session: Session,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let html = crate::auth::ssr::wants_html(&headers);
    let outcome = match multipart {
        Ok(m) => import(state, &session, m).await,
        Err(_) => Err(Failure::App(AppError::BadRequest(
            "Send the catalog as a multipart form with a file field.".into(),
        ))),
    };
    match (outcome, html) {
        (Ok(done), true) => Redirect::to(&format!(
            "/controls/import?imported={}",
            crate::ui::encode_query(&done.framework)
        ))
        .into_response(),
        (Ok(done), false) => (StatusCode::CREATED, axum::Json(done)).into_response(),
        (Err(Failure::App(AppError::Unauthenticated)), true) => {
            Redirect::to("/login").into_response()
        }
        (Err(f), true) => {
            let message = match f {
                Failure::App(e) => e.to_string(),
                Failure::Problems(list) => list.join("\n"),
            };
            Redirect::to(&format!(
                "/controls/import?import_error={}",
                crate::ui::encode_query(&message)
            ))
            .into_response()
        }
        (Err(Failure::App(e)), false) => (
            StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST),
            axum::Json(e),
        )
            .into_response(),
        (Err(Failure::Problems(list)), false) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            axum::Json(serde_json::json!({ "problems": list })),
        )
            .into_response(),
    }
}

async fn import(state: AppState, session: &Session, mut m: Multipart) -> Result<Imported, Failure> {
    let caller = authorize_session(state, session, Permission::ManageSettings).await?;
    let mut meta = ImportMeta {
        framework: String::new(),
        name: String::new(),
        version: String::new(),
    };
    let mut file: Option<Vec<u8>> = None;
    let cut_off = || {
        Failure::App(AppError::BadRequest(
            "The upload was cut off or malformed, or the file is larger than 10 MB.".into(),
        ))
    };
    while let Some(mut field) = m.next_field().await.map_err(|_| cut_off())? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(|_| cut_off())? {
                if bytes.len() + chunk.len() > LIMIT {
                    return Err(Failure::Problems(vec![
                        "The catalog file is larger than 10 MB.".into(),
                    ]));
                }
                bytes.extend_from_slice(&chunk);
            }
            file = Some(bytes);
            continue;
        }
        let value = field.text().await.map_err(|_| cut_off())?;
        match name.as_str() {
            "framework" => meta.framework = value.trim().to_string(),
            "name" => meta.name = value.trim().to_string(),
            "version" => meta.version = value.trim().to_string(),
            _ => {}
        }
    }
    let Some(bytes) = file else {
        return Err(Failure::Problems(vec![
            "Choose a catalog file to import.".into(),
        ]));
    };
    let catalog = parse_import(&bytes, &meta).map_err(Failure::Problems)?;
    let mut tx = caller.state.db.begin().await?;
    catalogs::store_import(&mut tx, caller.org_id, &caller.actor(), &catalog).await?;
    tx.commit().await?;
    Ok(Imported {
        controls: catalog.controls.len(),
        framework: catalog.framework,
        name: catalog.name,
        version: catalog.version,
    })
}
