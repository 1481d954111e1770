//! Importing systems from a CSV file. The column names and what they hold
//! live here rather than with the parser so that the import page can list
//! them.

use crate::bia::ImportReport;
use crate::error::AppError;
use leptos::prelude::*;

/// Every column of the systems file, in export order.
pub const SYSTEM_CSV_COLUMNS: [&str; 27] = [
    "name",
    "owner_email",
    "component",
    "environment",
    "hosting",
    "provider",
    "region",
    "data_class",
    "target_rto",
    "target_rpo",
    "tier",
    "tier_reason",
    "primary_site",
    "recovery_site",
    "replication",
    "replication_lag",
    "full_backup_every",
    "partial_kind",
    "partial_every",
    "retention_days",
    "archive_days",
    "restore_tested_on",
    "restore_duration",
    "restore_errors",
    "backup_copies",
    "depends_on",
    "notes",
];

/// Separates the backup copies in the `backup_copies` cell.
pub const COPY_SEPARATOR: char = ';';
/// Separates the five parts of one backup copy.
pub const COPY_PART_SEPARATOR: char = '|';
/// Makes the character after it part of the value (`\;`, `\|`, `\\`).
pub const CSV_ESCAPE: char = '\\';

/// What each column holds, for the import page. Choice columns list their
/// keys; the labels shown in the app are read too.
pub fn system_csv_help(column: &str) -> String {
    use crate::systems::design::{Media, PartialKind, Replication};
    use crate::systems::profile::{Component, DataClass, Environment, Hosting};
    fn keys(all: impl IntoIterator<Item = &'static str>) -> String {
        all.into_iter().collect::<Vec<_>>().join(", ")
    }
    match column {
        "name" => "The system's name (required). A name matching an existing system, ignoring case, updates it; any other creates a system.".to_string(),
        "owner_email" => "The email of the member of this organisation who owns the system.".to_string(),
        "component" => format!("One of {}.", keys(Component::ALL.iter().map(|c| c.as_str()))),
        "environment" => format!("One of {}.", keys(Environment::ALL.iter().map(|c| c.as_str()))),
        "hosting" => format!("One of {}.", keys(Hosting::ALL.iter().map(|c| c.as_str()))),
        "provider" | "region" => "Free text, e.g. the cloud provider and its region.".to_string(),
        "data_class" => format!("One of {}.", keys(DataClass::ALL.iter().map(|c| c.as_str()))),
        "target_rto" | "target_rpo" => "The recovery objective the owner commits to, as a duration: 15m, 4h, 2d, 1w, 1mo.".to_string(),
        "tier" => "The DR tier, a number from 0 to 7.".to_string(),
        "tier_reason" => "Why this tier rather than the recommended one.".to_string(),
        "primary_site" | "recovery_site" => "The name of a site of this organisation (a BIA dependency of kind site).".to_string(),
        "replication" => format!("One of {}.", keys(Replication::ALL.iter().map(|c| c.as_str()))),
        "replication_lag" => "The expected lag of async replication, as a duration; only with async.".to_string(),
        "full_backup_every" => "How often a full backup runs, as a duration (1d, 1w).".to_string(),
        "partial_kind" => format!(
            "One of {}; partial backups run between full ones.",
            keys(PartialKind::ALL.iter().map(|c| c.as_str()))
        ),
        "partial_every" => "How often partial backups run, as a duration shorter than the full backups'.".to_string(),
        "retention_days" | "archive_days" => "Days backups are kept online, and in the archive (a whole number, 1 to 36,500; the archive at least as long).".to_string(),
        "restore_tested_on" => "The date of the last verified restore, as YYYY-MM-DD.".to_string(),
        "restore_duration" => "How long that restore took, as a duration.".to_string(),
        "restore_errors" => "How many errors verifying the restored data found (0 for none).".to_string(),
        "backup_copies" => format!(
            "Each copy as label {p} media {p} location {p} offsite {p} offline, copies separated by {s}. Media is one of {m}; offsite and offline are yes or no. A {s}, {p} or {e} inside a label or location is written {e}{s}, {e}{p} or {e}{e}. Example: Nightly tape {p} tape {p} Vault {p} yes {p} yes{s} NAS {p} disk {p} Server room {p} no {p} no",
            p = COPY_PART_SEPARATOR,
            s = COPY_SEPARATOR,
            e = CSV_ESCAPE,
            m = keys(Media::ALL.iter().map(|c| c.as_str())),
        ),
        "depends_on" => format!(
            "Names of the systems this one depends on, separated by {s} (a {s} inside a name is written {e}{s}). Each must be in the file or already exist. It replaces the system's dependencies on other systems; its dependencies on suppliers, sites and roles stay.",
            s = COPY_SEPARATOR,
            e = CSV_ESCAPE,
        ),
        "notes" => "Free text.".to_string(),
        _ => String::new(),
    }
}

/// Creates or updates systems from a CSV file, matched by name. Either every
/// row is saved or, when any row is wrong, nothing is and the report lists
/// every bad row.
#[server(prefix = "/api", endpoint = "systems/import", input = server_fn::codec::Json)]
pub async fn import_systems_csv(csv: String) -> Result<ImportReport, AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;
    use crate::systems::ssr::csv;

    let caller = authorize(Permission::EditPlans).await?;
    let today = chrono::Utc::now().date_naive();
    let rows = match csv::parse(&csv, today) {
        Ok(rows) => rows,
        Err(errors) => {
            return Ok(ImportReport {
                created: 0,
                updated: 0,
                errors,
            });
        }
    };
    let mut tx = caller.state.db.begin().await?;
    let report = csv::import(&mut tx, caller.org_id, &caller.actor(), rows).await?;
    if report.errors.is_empty() {
        tx.commit().await?;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_is_documented() {
        for column in SYSTEM_CSV_COLUMNS {
            assert!(!system_csv_help(column).is_empty(), "{column}");
        }
        assert!(
            system_csv_help("backup_copies")
                .contains("label | media | location | offsite | offline")
        );
    }
}
