//! Server functions: the list of documents and asking for a new one.

use super::ReportsOverview;
use crate::error::AppError;
use leptos::prelude::*;
use uuid::Uuid;

/// How many of the latest documents the list shows.
#[cfg(feature = "ssr")]
const LISTED: i64 = 100;

#[server(prefix = "/api", endpoint = "reports")]
pub async fn load_reports() -> Result<ReportsOverview, AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::DownloadEvidence).await?;
    let db = &caller.state.db;
    let mut documents = super::ssr::store::list(db, caller.org_id, LISTED).await?;
    let (mut badges, awaiting) = super::review::ssr::badges(&caller, LISTED).await?;
    for d in &mut documents {
        d.review = badges.remove(&d.id);
    }
    let mut waiting = Vec::new();
    for id in awaiting {
        if let Some(d) = super::ssr::store::find(db, caller.org_id, id).await? {
            waiting.push(d);
        }
    }
    let mut frameworks: Vec<(String, String)> =
        crate::controls::ssr::catalogs::available(db, caller.org_id)
            .await?
            .into_iter()
            .map(|(key, name, ..)| {
                let short = crate::controls::short_name(&key, &name);
                (key, short)
            })
            .collect();
    frameworks.sort_by_key(|f| f.1.to_lowercase());
    Ok(ReportsOverview {
        documents,
        frameworks,
        can_generate: true,
        today: chrono::Utc::now().date_naive(),
        awaiting: waiting,
    })
}

/// Starts generating a document; it appears in the list at once and becomes
/// downloadable when ready.
#[server(prefix = "/api", endpoint = "reports/generate")]
pub async fn generate_document(
    kind: String,
    #[server(default)] framework: String,
    #[server(default)] from: String,
    #[server(default)] to: String,
) -> Result<Uuid, AppError> {
    use super::{DocKind, Spec};
    use crate::auth::ssr::authorize;
    use crate::error::FieldErrors;
    use crate::roles::Permission;

    let caller = authorize(Permission::DownloadEvidence).await?;
    let mut errors = FieldErrors::new();
    let kind = DocKind::parse(kind.trim());
    if kind.is_none() {
        errors.add(
            "kind",
            "Choose a plan, an executive summary or an evidence pack.",
        );
    }
    let mut date = |field: &str, input: &str| {
        let input = input.trim();
        if input.is_empty() {
            return None;
        }
        match chrono::NaiveDate::parse_from_str(input, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                errors.add(field, "Enter a date as YYYY-MM-DD.");
                None
            }
        }
    };
    let (from, to) = (date("from", &from), date("to", &to));
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        errors.add("to", "The end of the period is before its start.");
    }
    let framework = framework.trim().to_string();
    if kind == Some(DocKind::Pack) && framework.is_empty() {
        errors.add("framework", "Choose the framework the pack is for.");
    }
    errors.into_result()?;
    let kind = kind.ok_or(AppError::Internal)?;
    let spec = match kind {
        DocKind::Pack => Spec {
            kind,
            framework,
            from,
            to,
        },
        _ => Spec {
            kind,
            framework: String::new(),
            from: None,
            to: None,
        },
    };
    let id = super::ssr::jobs::generate(&caller, spec).await?;
    crate::auth::ssr::redirect_form_post("/reports");
    Ok(id)
}
