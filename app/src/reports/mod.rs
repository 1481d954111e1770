//! Documents Seawall writes for auditors and executives: the business
//! continuity plan, the executive summary and the auditor evidence pack per
//! framework. Each generation is a numbered version kept with its file and
//! SHA-256, generated in the background with its progress shown.

mod api;
pub mod doc;
mod page;
#[cfg(feature = "ssr")]
pub mod pdf;
pub mod review;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use api::*;
pub use page::ReportsPage;
pub use review::{DocumentPage, VerifyPage};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    Plan,
    Summary,
    Pack,
}

impl DocKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Plan => "plan",
            DocKind::Summary => "summary",
            DocKind::Pack => "pack",
        }
    }

    pub fn parse(key: &str) -> Option<DocKind> {
        match key {
            "plan" => Some(DocKind::Plan),
            "summary" => Some(DocKind::Summary),
            "pack" => Some(DocKind::Pack),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DocKind::Plan => "Business continuity plan",
            DocKind::Summary => "Executive summary",
            DocKind::Pack => "Auditor evidence pack",
        }
    }
}

/// What to generate: the kind, and for a pack its framework and period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spec {
    pub kind: DocKind,
    pub framework: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocStatus {
    Running,
    Ready,
    Failed,
}

/// A generated document as the list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentRow {
    pub id: Uuid,
    pub kind: DocKind,
    pub title: String,
    pub version: i64,
    pub status: DocStatus,
    pub progress: i64,
    pub stage: String,
    pub failure: String,
    pub pages: Option<i64>,
    pub size: Option<i64>,
    pub sha256: Option<String>,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
    /// The state of its latest review, if it was submitted.
    #[serde(default)]
    pub review: Option<review::ReviewBadge>,
}

impl DocumentRow {
    pub fn href(&self) -> String {
        format!("/reports/file/{}", self.id)
    }

    /// Its page: the file's details and its reviews.
    pub fn page(&self) -> String {
        format!("/reports/{}", self.id)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportsOverview {
    pub documents: Vec<DocumentRow>,
    /// (key, name) of the frameworks a pack can be made for.
    pub frameworks: Vec<(String, String)>,
    pub can_generate: bool,
    pub today: NaiveDate,
    /// Documents waiting for the caller's sign-off.
    #[serde(default)]
    pub awaiting: Vec<DocumentRow>,
}

/// A file size as people read it.
pub fn size_text(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}
