//! The signed copy: the reviewed document, laid out again from its stored
//! content with the sign-off page filled in. Every page before the sign-off
//! page is the one the executives reviewed.

use crate::error::AppError;
use crate::reports::doc::{Cell, Doc, Section, Table, Tone};
use crate::reports::pdf::Rendered;
use crate::reports::ssr::jobs::SIGN_OFF;
use chrono::{DateTime, Utc};

/// One executive's approval as the sign-off page prints it.
pub struct Approval {
    pub name: String,
    pub decided_at: Option<DateTime<Utc>>,
    pub comment: String,
}

/// Who submitted the review and what was reviewed.
pub struct Submission {
    pub submitted_by: Option<String>,
    pub submitted_at: DateTime<Utc>,
    pub reviewed_sha256: String,
    pub signed_at: DateTime<Utc>,
}

fn when(at: &DateTime<Utc>) -> String {
    at.format("%-d %b %Y %H:%M UTC").to_string()
}

pub fn signed_section(doc: &Doc, submission: &Submission, approvals: &[Approval]) -> Section {
    let mut section = Section::new(SIGN_OFF, true);
    section.para(format!(
        "Approved in Seawall by every executive asked to sign version {} of this document. Each approval is bound \
         to the SHA-256 of the file the executive reviewed, printed below. Seawall records the SHA-256 of this \
         signed copy too: any copy can be checked on its Verify page.",
        doc.meta.version
    ));
    let mut table = Table::new(&[
        ("Executive", 3.0),
        ("Decision", 1.6),
        ("Date", 2.2),
        ("Comment", 3.5),
    ]);
    for a in approvals {
        table.row(vec![
            Cell::new(a.name.clone()),
            Cell::toned("Approved", Tone::Good),
            Cell::new(a.decided_at.as_ref().map(when).unwrap_or_default()),
            Cell::new(a.comment.clone()),
        ]);
    }
    section.table(table);
    section.heading("What was reviewed");
    let mut facts = Table::new(&[("Record", 2.4), ("Detail", 6.0)]);
    facts.row(vec![
        "Document".into(),
        format!("{}, version {}", doc.meta.title, doc.meta.version).into(),
    ]);
    facts.row(vec![
        "Generated".into(),
        format!(
            "{} by {}",
            when(&doc.meta.generated_at),
            doc.meta.generated_by
        )
        .into(),
    ]);
    facts.row(vec![
        "Submitted for review".into(),
        format!(
            "{} by {}",
            when(&submission.submitted_at),
            submission
                .submitted_by
                .clone()
                .unwrap_or_else(|| "a former member".into())
        )
        .into(),
    ]);
    facts.row(vec![
        "SHA-256 of the reviewed file".into(),
        Cell::code(submission.reviewed_sha256.clone()),
    ]);
    facts.row(vec!["Signed".into(), when(&submission.signed_at).into()]);
    section.table(facts);
    section
}

/// Renders the stored document with `section` in place of its unsigned
/// sign-off page. CPU-bound: call it off the async threads.
pub fn render_signed(doc_json: &str, section: Section) -> Result<Rendered, AppError> {
    let mut doc: Doc = serde_json::from_str(doc_json).map_err(|_| AppError::Internal)?;
    if doc.body.last().is_some_and(|s| s.title == SIGN_OFF) {
        doc.body.pop();
    }
    doc.body.push(section);
    Ok(crate::reports::pdf::render(&doc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::doc::Meta;

    fn doc() -> Doc {
        let mut body = Section::new("Scope", false);
        body.para("What the plan covers.");
        let mut unsigned = Section::new(SIGN_OFF, true);
        unsigned.para("This version has not been signed.");
        Doc {
            meta: Meta {
                org: "Harbourside".into(),
                title: "Business continuity plan".into(),
                subtitle: String::new(),
                version: 3,
                as_of: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
                generated_at: Utc::now(),
                generated_by: "Olivia".into(),
            },
            body: vec![body, unsigned],
        }
    }

    #[test]
    fn the_signed_page_replaces_the_unsigned_one_and_names_the_reviewed_hash() {
        let doc = doc();
        let submission = Submission {
            submitted_by: Some("Olivia".into()),
            submitted_at: Utc::now(),
            reviewed_sha256: "ab".repeat(32),
            signed_at: Utc::now(),
        };
        let section = signed_section(
            &doc,
            &submission,
            &[Approval {
                name: "Eve Executive".into(),
                decided_at: Some(Utc::now()),
                comment: "Agreed.".into(),
            }],
        );
        let text = serde_json::to_string(&section).unwrap();
        assert!(text.contains("Eve Executive"));
        assert!(text.contains(&"ab".repeat(32)));
        let rendered = render_signed(&serde_json::to_string(&doc).unwrap(), section).unwrap();
        // Cover, contents, the scope and one sign-off page: the unsigned
        // page is gone, not kept beside the signed one.
        assert_eq!(rendered.pages, 4);
    }
}
