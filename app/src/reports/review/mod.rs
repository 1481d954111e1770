//! Executive review and sign-off of generated documents. An editor submits
//! one version to one or more executives; each sees that exact file and
//! approves or rejects it. Every decision is bound to the SHA-256 of the file
//! reviewed; when all approve, a signed copy carrying the sign-off page is
//! stored. A sign-off turns stale when the data behind the document changes,
//! and any PDF can be checked against what was generated and signed.

mod api;
mod document_page;
#[cfg(feature = "ssr")]
pub mod ssr;
mod verify_page;

pub use api::*;
pub use document_page::DocumentPage;
pub use verify_page::VerifyPage;

use super::DocumentRow;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReviewStatus {
    Pending,
    Approved,
    Rejected,
    Withdrawn,
}

impl ReviewStatus {
    pub fn parse(key: &str) -> ReviewStatus {
        match key {
            "approved" => ReviewStatus::Approved,
            "rejected" => ReviewStatus::Rejected,
            "withdrawn" => ReviewStatus::Withdrawn,
            _ => ReviewStatus::Pending,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ReviewStatus::Pending => "pending",
            ReviewStatus::Approved => "approved",
            ReviewStatus::Rejected => "rejected",
            ReviewStatus::Withdrawn => "withdrawn",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    Pending,
    Approved,
    Rejected,
}

impl Decision {
    pub fn parse(key: &str) -> Decision {
        match key {
            "approved" => Decision::Approved,
            "rejected" => Decision::Rejected,
            _ => Decision::Pending,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Decision::Pending => "Not yet reviewed",
            Decision::Approved => "Approved",
            Decision::Rejected => "Rejected",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signer {
    pub user_id: Uuid,
    pub name: String,
    pub email: String,
    pub decision: Decision,
    pub comment: String,
    pub decided_at: Option<DateTime<Utc>>,
    /// The SHA-256 of the file in front of the signer when deciding.
    pub reviewed_sha256: Option<String>,
}

/// The signed copy of an approved review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignedCopy {
    pub sha256: String,
    pub pages: i64,
    pub size: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub id: Uuid,
    pub document_id: Uuid,
    pub status: ReviewStatus,
    pub message: String,
    pub submitted_by: Option<String>,
    pub submitted_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    /// The SHA-256 of the version submitted: what every signer reviews.
    pub reviewed_sha256: String,
    pub signers: Vec<Signer>,
    pub signed: Option<SignedCopy>,
}

impl Review {
    pub fn approvals(&self) -> usize {
        self.signers
            .iter()
            .filter(|s| s.decision == Decision::Approved)
            .count()
    }

    pub fn signed_href(&self) -> String {
        format!("/reports/signed/{}", self.id)
    }

    /// Its badge, given whether the document is stale.
    pub fn badge(&self, stale: bool) -> ReviewBadge {
        ReviewBadge {
            status: self.status,
            approvals: self.approvals() as i64,
            signers: self.signers.len() as i64,
            stale,
        }
    }
}

/// The latest review of a document, as the list of documents shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewBadge {
    pub status: ReviewStatus,
    pub approvals: i64,
    pub signers: i64,
    /// The data behind the document has changed since it was generated.
    pub stale: bool,
}

impl ReviewBadge {
    /// The badge's class and text.
    pub fn label(&self) -> (&'static str, String) {
        match self.status {
            ReviewStatus::Pending => (
                "badge badge-warn",
                format!("Awaiting sign-off · {} of {}", self.approvals, self.signers),
            ),
            ReviewStatus::Approved if self.stale => ("badge badge-danger", "Signed · stale".into()),
            ReviewStatus::Approved => ("badge badge-ok", "Signed".into()),
            ReviewStatus::Rejected => ("badge badge-danger", "Rejected".into()),
            ReviewStatus::Withdrawn => ("badge badge-quiet", "Withdrawn".into()),
        }
    }
}

/// A document with its reviews, and what the caller may do with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentView {
    pub document: DocumentRow,
    pub as_of: NaiveDate,
    /// The data behind the document has changed since it was generated
    /// (only known for finished documents).
    pub stale: bool,
    /// Newest first.
    pub reviews: Vec<Review>,
    /// (user id, name) of the organisation's executives, for submitting.
    pub executives: Vec<(Uuid, String)>,
    pub can_submit: bool,
    pub can_sign: bool,
    pub me: Uuid,
}

impl DocumentView {
    /// The review open now (pending), if any.
    pub fn open(&self) -> Option<&Review> {
        self.reviews
            .iter()
            .find(|r| r.status == ReviewStatus::Pending)
    }

    /// Whether the caller has a decision to make on the open review.
    pub fn my_turn(&self) -> Option<&Review> {
        self.open().filter(|r| {
            self.can_sign
                && r.signers
                    .iter()
                    .any(|s| s.user_id == self.me && s.decision == Decision::Pending)
        })
    }
}

/// What a checked file turned out to be.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "match", rename_all = "lowercase")]
pub enum Outcome {
    /// The signed copy of an approved review.
    Signed {
        document_id: Uuid,
        title: String,
        version: i64,
        signed_at: Option<DateTime<Utc>>,
        /// (name, decided at) of each signer.
        signers: Vec<(String, Option<DateTime<Utc>>)>,
        reviewed_sha256: String,
        stale: bool,
    },
    /// A version as generated, before any sign-off page was filled in.
    Generated {
        document_id: Uuid,
        title: String,
        version: i64,
        created_at: DateTime<Utc>,
        /// The state of its latest review, if it was submitted.
        review: Option<ReviewStatus>,
    },
    /// Nothing this organisation generated or signed has this SHA-256.
    None,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verification {
    pub sha256: String,
    pub outcome: Outcome,
}

/// Whether `input` is a SHA-256 written as 64 hexadecimal digits.
pub fn is_sha256(input: &str) -> bool {
    input.len() == 64 && input.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    #[test]
    fn sha256_is_64_hex_digits() {
        assert!(super::is_sha256(&"ab".repeat(32)));
        assert!(!super::is_sha256(&"ab".repeat(31)));
        assert!(!super::is_sha256(&"zz".repeat(32)));
    }
}
