//! Checks shared by every way evidence is recorded (form posts, uploads).

use crate::controls::ssr::{catalogs, checklist::target};
use crate::db::Db;
use crate::error::{AppError, FieldErrors};
use chrono::NaiveDate;
use uuid::Uuid;

/// The validity periods offered, in months.
pub const PERIODS: [u32; 6] = [3, 6, 12, 24, 36, 60];

pub fn title(input: &str) -> Result<String, String> {
    crate::validate::name(input, "a title for the evidence")
}

/// The effective date (not in the future) and validity period ("" or
/// "none" for evidence that does not expire).
pub fn validity(
    e: &mut FieldErrors,
    effective_on: &str,
    valid_months: &str,
    today: NaiveDate,
) -> (NaiveDate, Option<u32>) {
    let date = match NaiveDate::parse_from_str(effective_on.trim(), "%Y-%m-%d") {
        Ok(d) if d > today => {
            e.add(
                "effective_on",
                "The effective date cannot be in the future: use the date the evidence shows.",
            );
            today
        }
        Ok(d) => d,
        Err(_) => {
            e.add(
                "effective_on",
                "Enter the date the evidence is from, e.g. 2026-11-30.",
            );
            today
        }
    };
    let months = match valid_months.trim() {
        "" | "none" => None,
        text => match text.parse::<u32>() {
            Ok(m) if (1..=120).contains(&m) => Some(m),
            _ => {
                e.add(
                    "valid_months",
                    "Choose how long the evidence stays valid (1 to 120 months), or that it does not expire.",
                );
                None
            }
        },
    };
    (date, months)
}

pub fn url(input: &str) -> Result<String, String> {
    let url = input.trim();
    if url.is_empty() {
        return Err("Enter the address the evidence is at.".into());
    }
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err("Enter an address starting with https:// or http://.".into());
    }
    if url.len() > 2000 || url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("Enter one address, without spaces, of at most 2000 characters.".into());
    }
    Ok(url.to_string())
}

pub fn statement(input: &str, required: bool) -> Result<String, String> {
    let text = crate::validate::text(input, 4000, "the statement")?;
    if required && text.is_empty() {
        return Err("Write down what is attested, by whom and how it was checked.".into());
    }
    Ok(text)
}

/// The link target for a control of the organisation's catalogs.
pub async fn control_target(
    db: &Db,
    org_id: Uuid,
    framework: &str,
    id: &str,
) -> Result<String, AppError> {
    let catalog = catalogs::for_org(db, org_id, framework)
        .await?
        .ok_or_else(|| AppError::NotFound("Framework".into()))?;
    if !catalog.controls.iter().any(|c| c.id == id) {
        return Err(AppError::NotFound("Control".into()));
    }
    Ok(target(framework, id))
}

/// Checks a process, system or site id of the organisation.
pub async fn node_target(db: &Db, org_id: Uuid, node: &str) -> Result<String, AppError> {
    let not_found = || {
        AppError::field(
            "node",
            "Choose one of this organisation's processes, systems or sites.",
        )
    };
    let id: Uuid = node.trim().parse().map_err(|_| not_found())?;
    let graph = crate::bia::ssr::graph::load(db, org_id).await?;
    graph.node_ref(id).ok_or_else(not_found)?;
    Ok(id.to_string())
}

/// Only paths inside the evidence and checklist pages are offered as the
/// way back after a plain form post.
pub fn back(path: &str, fallback: &str) -> String {
    let ok = (path.starts_with("/controls/") || path.starts_with("/evidence"))
        && !path.contains("//")
        && !path.chars().any(|c| c.is_control() || c == '\\');
    if ok {
        path.to_string()
    } else {
        fallback.to_string()
    }
}
