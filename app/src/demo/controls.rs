//! The demo's checklists: SOC 2 and PCI DSS (the frameworks the drills
//! seed activates) part-way through, with evidence in every state: current,
//! expiring within the month, and expired so that a control falls back.

use crate::audit::ssr::Actor;
use crate::controls::Answer;
use crate::controls::ssr::{answers, checklist::target};
use crate::controls::status::Status;
use crate::db::Tx;
use crate::error::AppError;
use crate::evidence::EvidenceKind;
use crate::evidence::ssr::store::{self, NewVersion};
use chrono::{Duration, Months, Utc};
use uuid::Uuid;

/// (framework, control, status, justification).
const ANSWERS: &[(&str, &str, Status, &str)] = &[
    ("soc2", "A1.1", Status::Implemented, ""),
    ("soc2", "A1.2", Status::Implemented, ""),
    ("soc2", "A1.3", Status::InProgress, ""),
    ("soc2", "CC9.1", Status::Implemented, ""),
    ("soc2", "CC7.4", Status::Implemented, ""),
    ("soc2", "CC7.5", Status::InProgress, ""),
    ("soc2", "CC6.1", Status::Implemented, ""),
    (
        "soc2",
        "P1.1",
        Status::NotApplicable,
        "No personal information of end customers is processed in the systems in scope; the privacy criteria are excluded from the report.",
    ),
    ("pci", "12.10.1", Status::Implemented, ""),
    ("pci", "12.10.2", Status::InProgress, ""),
    ("pci", "9.4.1.1", Status::Implemented, ""),
];

/// (title, kind, months ago it is dated, validity in months, links, detail).
type Piece = (
    &'static str,
    EvidenceKind,
    u32,
    u32,
    &'static [(&'static str, &'static str)],
    &'static str,
);

const EVIDENCE: &[Piece] = &[
    (
        "Business continuity policy v4 (board approved)",
        EvidenceKind::Attestation,
        2,
        12,
        &[("soc2", "CC9.1"), ("soc2", "A1.1")],
        "Approved by the board on the date shown; minutes ref. BM-2026-07.",
    ),
    (
        "Backup and restore standard",
        EvidenceKind::Link,
        11,
        12,
        &[("soc2", "A1.2"), ("pci", "9.4.1.1")],
        "https://intranet.example/policies/backup-standard",
    ),
    (
        "Incident response plan, 2025 edition",
        EvidenceKind::Link,
        14,
        12,
        &[("soc2", "CC7.4"), ("pci", "12.10.1")],
        "https://intranet.example/ir/plan-2025",
    ),
    (
        "Access review sign-off, production systems",
        EvidenceKind::Attestation,
        1,
        6,
        &[("soc2", "CC6.1")],
        "Quarterly review of administrator access completed by the IT operations lead; 3 accounts removed.",
    ),
];

pub async fn seed(
    tx: &mut Tx,
    org_id: Uuid,
    owner: &Actor,
    people: &[Uuid],
) -> Result<(), AppError> {
    for (i, (framework, id, status, justification)) in ANSWERS.iter().enumerate() {
        let answer = Answer {
            status: *status,
            justification: justification.to_string(),
            owner_id: people.get(i % people.len().max(1)).copied(),
            due_on: (*status == Status::InProgress)
                .then(|| Utc::now().date_naive() + Duration::days(30 + i as i64 * 7)),
            notes: String::new(),
            updated_by: None,
            updated_at: None,
        };
        answers::save(tx, org_id, owner, framework, id, None, &answer).await?;
    }
    let today = Utc::now().date_naive();
    for (title, kind, months_ago, valid, links, detail) in EVIDENCE {
        let item = store::create_item(tx, org_id, owner, title).await?;
        let (url, statement) = match kind {
            EvidenceKind::Link => (detail.to_string(), String::new()),
            _ => (String::new(), detail.to_string()),
        };
        store::add_version(
            tx,
            org_id,
            owner,
            item,
            NewVersion {
                kind: *kind,
                file: None,
                url,
                statement,
                run_id: None,
                effective_on: today - Months::new(*months_ago) - Duration::days(10),
                valid_months: Some(*valid),
            },
        )
        .await?;
        for (framework, id) in *links {
            store::link(tx, org_id, owner, item, "control", &target(framework, id)).await?;
        }
    }
    Ok(())
}
