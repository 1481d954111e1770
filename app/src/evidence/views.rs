//! What the evidence pages show, as it crosses from server to browser.

use crate::controls::status::Freshness;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How a version was recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    File,
    Link,
    Attestation,
    Drill,
}

impl EvidenceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::File => "file",
            EvidenceKind::Link => "link",
            EvidenceKind::Attestation => "attestation",
            EvidenceKind::Drill => "drill",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            EvidenceKind::File => "File",
            EvidenceKind::Link => "Link",
            EvidenceKind::Attestation => "Attestation",
            EvidenceKind::Drill => "Drill record",
        }
    }

    pub fn parse(s: &str) -> Option<EvidenceKind> {
        [
            EvidenceKind::File,
            EvidenceKind::Link,
            EvidenceKind::Attestation,
            EvidenceKind::Drill,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// One piece of evidence in a list: its current version's standing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceBrief {
    pub id: Uuid,
    pub title: String,
    pub kind: EvidenceKind,
    pub version: i64,
    pub file_name: String,
    pub effective_on: NaiveDate,
    pub expires_on: Option<NaiveDate>,
    pub freshness: Freshness,
    pub links: usize,
}

impl EvidenceBrief {
    pub fn href(&self) -> String {
        format!("/evidence/{}", self.id)
    }

    /// "valid until 14 Mar 2027", "expired on …", "does not expire".
    pub fn validity(&self) -> String {
        match (self.freshness, self.expires_on) {
            (Freshness::NotYetEffective, _) => {
                format!("effective from {}", self.effective_on.format("%-d %b %Y"))
            }
            (Freshness::Expired, Some(d)) => format!("expired after {}", d.format("%-d %b %Y")),
            (_, Some(d)) => format!("valid until {}", d.format("%-d %b %Y")),
            (_, None) => "does not expire".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceLibrary {
    pub items: Vec<EvidenceBrief>,
    pub can_contribute: bool,
    pub limit_mb: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersionView {
    pub id: Uuid,
    pub version: i64,
    pub kind: EvidenceKind,
    pub file_name: String,
    pub content_type: String,
    pub size: Option<i64>,
    pub sha256: Option<String>,
    pub url: String,
    pub statement: String,
    /// The drill run it records, with a label.
    pub run: Option<(Uuid, String)>,
    pub effective_on: NaiveDate,
    pub valid_months: Option<u32>,
    pub expires_on: Option<NaiveDate>,
    pub freshness: Freshness,
    pub uploaded_by: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// Something a piece of evidence is linked to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkView {
    pub target_type: String,
    pub target_id: String,
    pub label: String,
    pub href: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceDetail {
    pub brief: EvidenceBrief,
    /// Newest first.
    pub versions: Vec<VersionView>,
    pub links: Vec<LinkView>,
    /// Controls mapped to the linked ones and not linked yet, as
    /// (target id "framework:ref", label, why).
    pub offers: Vec<(String, String, String)>,
    /// Systems and processes it could be linked to, as (id, label).
    pub nodes: Vec<(Uuid, String)>,
    pub can_contribute: bool,
    pub can_download: bool,
    pub limit_mb: u64,
}
