//! Evidence files in and out: the multipart upload (a plain form post, so it
//! works with or without JavaScript) and the download.

use super::{fields, store};
use crate::auth::ssr::authorize_session;
use crate::error::{AppError, FieldErrors};
use crate::evidence::EvidenceKind;
use crate::evidence::sniff::sniff;
use crate::roles::Permission;
use crate::state::AppState;
use axum::extract::Multipart;
use axum::extract::multipart::MultipartRejection;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;
use uuid::Uuid;

/// Room for the form fields around the file in a request at the limit.
pub const FORM_OVERHEAD: usize = 64 * 1024;

/// What the form sent, before checking.
#[derive(Default)]
struct Form {
    file: Option<(String, Vec<u8>)>,
    title: String,
    effective_on: String,
    valid_months: String,
    item: String,
    framework: String,
    control: String,
    node: String,
    back: String,
}

/// What the upload created: the evidence and its new version.
#[derive(serde::Serialize)]
struct Created {
    evidence: Uuid,
    version: i64,
    sha256: String,
    content_type: String,
    size: usize,
}

pub async fn handler(
    state: AppState,
    session: Session,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let html = crate::auth::ssr::wants_html(&headers);
    let limit = state.settings.upload_limit_mb as usize * 1024 * 1024;
    let mut form = Form::default();
    let outcome = match multipart {
        Ok(m) => match read(m, limit, &mut form).await {
            Ok(()) => save(state, &session, &form).await,
            Err(e) => Err(e),
        },
        Err(_) => Err(AppError::BadRequest(
            "Send the evidence as a multipart form with a file field.".into(),
        )),
    };
    let back = fields::back(&form.back, "/evidence");
    match (outcome, html) {
        (Ok(created), true) => Redirect::to(&with_query(
            &back,
            &format!("uploaded={}", created.evidence),
        ))
        .into_response(),
        (Ok(created), false) => (StatusCode::CREATED, axum::Json(created)).into_response(),
        (Err(AppError::Unauthenticated), true) => Redirect::to("/login").into_response(),
        (Err(e), true) => {
            let (field, message) = match &e {
                AppError::Validation(list) => list
                    .first()
                    .map(|f| (f.field.clone(), f.message.clone()))
                    .unwrap_or_default(),
                other => ("file".into(), other.to_string()),
            };
            let query = format!(
                "upload_field={}&upload_error={}&upload_title={}",
                crate::ui::encode_query(&field),
                crate::ui::encode_query(&message),
                crate::ui::encode_query(form.title.trim()),
            );
            Redirect::to(&with_query(&back, &query)).into_response()
        }
        (Err(e), false) => (
            StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST),
            axum::Json(e),
        )
            .into_response(),
    }
}

fn with_query(path: &str, query: &str) -> String {
    let sep = if path.contains('?') { '&' } else { '?' };
    format!("{path}{sep}{query}")
}

fn too_large(limit: usize) -> AppError {
    AppError::field(
        "file",
        format!(
            "The file is larger than the {} MB limit. Split it, or compress it as a PDF.",
            limit / (1024 * 1024)
        ),
    )
}

async fn read(mut m: Multipart, limit: usize, form: &mut Form) -> Result<(), AppError> {
    loop {
        let field = match m.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => return Ok(()),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large(limit)),
            Err(_) => {
                return Err(AppError::BadRequest(
                    "The upload was cut off or malformed. Please try again.".into(),
                ));
            }
        };
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            let file_name = field
                .file_name()
                .map(|n| n.rsplit(['/', '\\']).next().unwrap_or(n).trim().to_string())
                .unwrap_or_default();
            let mut field = field;
            let mut bytes = Vec::new();
            loop {
                match field.chunk().await {
                    Ok(Some(chunk)) => {
                        if bytes.len() + chunk.len() > limit {
                            return Err(too_large(limit));
                        }
                        bytes.extend_from_slice(&chunk);
                    }
                    Ok(None) => break,
                    Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                        return Err(too_large(limit));
                    }
                    Err(_) => {
                        return Err(AppError::BadRequest(
                            "The upload was cut off or malformed. Please try again.".into(),
                        ));
                    }
                }
            }
            // A form submitted without choosing a file sends an empty part
            // with no name.
            if !(file_name.is_empty() && bytes.is_empty()) {
                form.file = Some((file_name, bytes));
            }
            continue;
        }
        let value = field.text().await.map_err(|_| {
            AppError::BadRequest("The upload was cut off or malformed. Please try again.".into())
        })?;
        if value.len() > 10_000 {
            return Err(AppError::BadRequest(format!(
                "The field {name} is too long."
            )));
        }
        match name.as_str() {
            "title" => form.title = value,
            "effective_on" => form.effective_on = value,
            "valid_months" => form.valid_months = value,
            "item" => form.item = value,
            "framework" => form.framework = value,
            "control" => form.control = value,
            "node" => form.node = value,
            "back" => form.back = value,
            _ => {}
        }
    }
}

async fn save(state: AppState, session: &Session, form: &Form) -> Result<Created, AppError> {
    let caller = authorize_session(state, session, Permission::Contribute).await?;
    let db = &caller.state.db;
    let today = chrono::Utc::now().date_naive();
    let mut e = FieldErrors::new();
    let sniffed = match &form.file {
        None => {
            e.add("file", "Choose a file to upload.");
            None
        }
        Some((name, bytes)) => {
            if name.chars().count() > 255 || name.chars().any(char::is_control) {
                e.add(
                    "file",
                    "Rename the file: its name is too long or holds control characters.",
                );
                None
            } else {
                e.check("file", sniff(name, bytes))
            }
        }
    };
    let item: Option<Uuid> = match form.item.trim() {
        "" => None,
        text => Some(
            text.parse()
                .map_err(|_| AppError::NotFound("Evidence".into()))?,
        ),
    };
    // A new version keeps its evidence's title; a new piece needs one, and
    // the file's name serves when none is given.
    let title = match (item, form.title.trim(), &form.file) {
        (Some(_), ..) => String::new(),
        (None, "", Some((name, _))) if !name.is_empty() => {
            e.check("title", fields::title(name)).unwrap_or_default()
        }
        (None, title, _) => e.check("title", fields::title(title)).unwrap_or_default(),
    };
    let (effective_on, valid_months) =
        fields::validity(&mut e, &form.effective_on, &form.valid_months, today);
    e.into_result()?;
    let control = match (form.framework.trim(), form.control.trim()) {
        ("", _) | (_, "") => None,
        (f, c) => Some(fields::control_target(db, caller.org_id, f, c).await?),
    };
    let node = match form.node.trim() {
        "" => None,
        n => Some(fields::node_target(db, caller.org_id, n).await?),
    };
    let (Some(kind), Some((name, bytes))) = (sniffed, &form.file) else {
        return Err(AppError::field("file", "Choose a file to upload."));
    };

    let actor = caller.actor();
    let mut tx = db.begin().await?;
    let item = match item {
        Some(id) => {
            if !store::item_exists(&mut tx, caller.org_id, id).await? {
                return Err(AppError::NotFound("Evidence".into()));
            }
            id
        }
        None => store::create_item(&mut tx, caller.org_id, &actor, &title).await?,
    };
    let (_, version, sha256) = store::add_version(
        &mut tx,
        caller.org_id,
        &actor,
        item,
        store::NewVersion {
            kind: EvidenceKind::File,
            file: Some(store::NewFile {
                name: name.clone(),
                content_type: kind.mime().to_string(),
                bytes: bytes.clone(),
            }),
            url: String::new(),
            statement: String::new(),
            run_id: None,
            effective_on,
            valid_months,
        },
    )
    .await?;
    if let Some(t) = &control {
        store::link(&mut tx, caller.org_id, &actor, item, "control", t).await?;
    }
    if let Some(t) = &node {
        store::link(&mut tx, caller.org_id, &actor, item, "node", t).await?;
    }
    tx.commit().await?;
    Ok(Created {
        evidence: item,
        version,
        sha256: sha256.unwrap_or_default(),
        content_type: kind.mime().to_string(),
        size: bytes.len(),
    })
}

/// Sends a stored file to a member allowed to download evidence.
pub async fn download(state: AppState, session: Session, version: Uuid) -> Response {
    let result = async {
        let caller = authorize_session(state, &session, Permission::DownloadEvidence).await?;
        store::file(&caller.state.db, caller.org_id, version)
            .await?
            .ok_or_else(|| AppError::NotFound("Evidence file".into()))
    }
    .await;
    match result {
        Ok((name, content_type, bytes)) => (
            [
                (header::CONTENT_TYPE, content_type),
                (header::CONTENT_DISPOSITION, disposition(&name)),
                (header::CACHE_CONTROL, "no-store".to_string()),
                // Whatever the file holds, it never runs as a page of ours.
                (
                    header::CONTENT_SECURITY_POLICY,
                    "sandbox; default-src 'none'".to_string(),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(error) => (
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            error.to_string(),
        )
            .into_response(),
    }
}

/// `attachment` with an ASCII fallback name and the exact name in RFC 5987 form.
pub fn disposition(name: &str) -> String {
    let name = if name.is_empty() { "evidence" } else { name };
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn download_names_are_safe_in_the_header_and_exact_when_decoded() {
        assert_eq!(
            disposition("restore \"report\".pdf"),
            "attachment; filename=\"restore _report_.pdf\"; filename*=UTF-8''restore%20%22report%22.pdf"
        );
        assert!(disposition("Prüfbericht.pdf").contains("filename*=UTF-8''Pr%C3%BCfbericht.pdf"));
        assert!(disposition("").contains("filename=\"evidence\""));
    }

    #[test]
    fn query_strings_are_appended_to_paths_that_have_one() {
        assert_eq!(with_query("/evidence", "a=1"), "/evidence?a=1");
        assert_eq!(
            with_query("/controls/x/control?id=1", "a=1"),
            "/controls/x/control?id=1&a=1"
        );
    }
}
