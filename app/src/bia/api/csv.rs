//! Importing processes and their assessments from a CSV file. The column
//! names live here rather than with the parser so that the import page can
//! list them for the organisation's scale.

use crate::bia::ImportReport;
use crate::bia::duration::compact;
use crate::bia::scale::{ImpactScale, LOSS_KEY};
use crate::error::AppError;
use leptos::prelude::*;

/// Files larger than this are refused before parsing.
pub const CSV_MAX_BYTES: usize = 2 * 1024 * 1024;
/// At most this many processes per file (the header not counted).
pub const CSV_MAX_ROWS: usize = 5_000;

/// The columns that describe the process itself, in export order.
pub const CSV_PROCESS_COLUMNS: [&str; 10] = [
    "name",
    "department",
    "owner_email",
    "description",
    "products",
    "peak_periods",
    "mbco",
    "rto",
    "rpo",
    "wrt",
];

/// `customer@24h`: the rating of one category at one time bucket.
pub fn csv_rating_column(category: &str, bucket: i64) -> String {
    format!("{category}@{}", compact(bucket))
}

/// `loss@24h`: the cumulative estimated loss at one time bucket.
pub fn csv_loss_column(bucket: i64) -> String {
    format!("{LOSS_KEY}@{}", compact(bucket))
}

/// Every column of this organisation's file, in export order: the process
/// columns, each category at each bucket, then the loss at each bucket.
pub fn csv_columns(scale: &ImpactScale) -> Vec<String> {
    let process = CSV_PROCESS_COLUMNS.iter().map(|c| c.to_string());
    let ratings = scale
        .categories
        .iter()
        .flat_map(|c| scale.buckets.iter().map(|&b| csv_rating_column(&c.key, b)));
    let losses = scale.buckets.iter().map(|&b| csv_loss_column(b));
    process.chain(ratings).chain(losses).collect()
}

/// Creates or updates processes from a CSV file, matched by name. Either
/// every row is saved or, when any row is wrong, nothing is and the report
/// lists every bad row.
#[server(prefix = "/api", endpoint = "bia/import", input = server_fn::codec::Json)]
pub async fn import_bia_csv(csv: String) -> Result<ImportReport, AppError> {
    use crate::auth::ssr::authorize;
    use crate::bia::ssr;
    use crate::roles::Permission;

    let caller = authorize(Permission::EditPlans).await?;
    let (scale, _) = ssr::review::load(&caller.state.db, caller.org_id).await?;
    let rows = match ssr::csv::parse(&scale, &csv) {
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
    // The rows were parsed outside the transaction, to keep the write lock
    // short; they are only valid for the scale they were parsed against.
    let (current, _) = ssr::review::load_in(&mut tx, caller.org_id).await?;
    if current != scale {
        return Err(AppError::Conflict(
            "The impact scale changed while the file was being imported. Import it again.".into(),
        ));
    }
    let report = ssr::csv::import(&mut tx, caller.org_id, &caller.actor(), &scale, rows).await?;
    if report.errors.is_empty() {
        tx.commit().await?;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_follow_the_scale() {
        let scale = ImpactScale::default();
        let columns = csv_columns(&scale);
        assert_eq!(
            columns.len(),
            10 + (scale.categories.len() + 1) * scale.buckets.len()
        );
        assert_eq!(columns[10], "financial@1h");
        assert!(columns.contains(&"customer@24h".to_string()));
        assert_eq!(columns.last().map(String::as_str), Some("loss@1mo"));
    }
}
