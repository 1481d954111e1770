//! The review workflow on the server: submitting, deciding, signing,
//! withdrawing, and checking files against what was generated and signed.

pub mod routes;
pub mod sign;
pub mod stale;
pub mod store;

use crate::auth::ssr::Caller;
use crate::error::{AppError, FieldErrors};
use crate::reports::review::{
    Decision, DocumentView, Outcome, ReviewBadge, ReviewStatus, Verification,
};
use crate::roles::{Permission, Role};
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

/// The longest comment or message kept with a review.
pub const TEXT_LIMIT: usize = 2000;

/// The organisation's executives, by name: the people who can be asked to sign.
pub async fn executives(caller: &Caller) -> Result<Vec<(Uuid, String)>, AppError> {
    let mut out: Vec<(Uuid, String)> = crate::members::ssr::list(&caller.state.db, caller.org_id)
        .await?
        .into_iter()
        .filter(|m| m.role == Role::Executive)
        .map(|m| (m.user_id, m.name))
        .collect();
    out.sort_by_key(|e| e.1.to_lowercase());
    Ok(out)
}

pub async fn view(caller: &Caller, id: Uuid) -> Result<DocumentView, AppError> {
    let db = &caller.state.db;
    let document = crate::reports::ssr::store::find(db, caller.org_id, id)
        .await?
        .ok_or_else(|| AppError::NotFound("Document".into()))?;
    let generated = crate::reports::ssr::store::generated(db, caller.org_id, &[id]).await?;
    let as_of = generated
        .first()
        .map(|g| g.as_of)
        .unwrap_or_else(|| document.created_at.date_naive());
    let stale = stale::changed(db, caller.org_id, generated)
        .await?
        .contains(&id);
    let reviews = store::load(db, caller.org_id, store::Scope::Document(id)).await?;
    Ok(DocumentView {
        document,
        as_of,
        stale,
        reviews,
        executives: executives(caller).await?,
        can_submit: caller.role.can(Permission::EditPlans),
        can_sign: caller.role.can(Permission::SignOff),
        me: caller.user.id,
    })
}

/// The latest review of each of the organisation's latest documents, and
/// the documents waiting for the caller's decision.
pub async fn badges(
    caller: &Caller,
    limit: i64,
) -> Result<(HashMap<Uuid, ReviewBadge>, Vec<Uuid>), AppError> {
    let db = &caller.state.db;
    let reviews = store::load(db, caller.org_id, store::Scope::Latest(limit)).await?;
    let mut latest = HashMap::new();
    for r in reviews {
        // Newest first: the first seen of each document is its latest.
        latest.entry(r.document_id).or_insert(r);
    }
    // Staleness matters where a decision stands or is awaited.
    let watched: Vec<Uuid> = latest
        .values()
        .filter(|r| matches!(r.status, ReviewStatus::Pending | ReviewStatus::Approved))
        .map(|r| r.document_id)
        .collect();
    let stale = stale::stale(db, caller.org_id, &watched).await?;
    let badges = latest
        .into_iter()
        .map(|(id, r)| (id, r.badge(stale.contains(&id))))
        .collect();
    let awaiting = if caller.role.can(Permission::SignOff) {
        store::awaiting(db, caller.org_id, caller.user.id).await?
    } else {
        Vec::new()
    };
    Ok((badges, awaiting))
}

pub async fn submit(
    caller: &Caller,
    document: Uuid,
    signers: Vec<Uuid>,
    message: &str,
) -> Result<Uuid, AppError> {
    let db = &caller.state.db;
    // Another organisation's document does not exist here.
    crate::reports::ssr::store::find(db, caller.org_id, document)
        .await?
        .ok_or_else(|| AppError::NotFound("Document".into()))?;
    let executives = executives(caller).await?;
    let mut errors = FieldErrors::new();
    let mut chosen: Vec<Uuid> = Vec::new();
    for id in signers {
        if !executives.iter().any(|(e, _)| *e == id) {
            errors.add(
                "signers",
                "Choose executives of this organisation; only they can sign off.",
            );
        } else if !chosen.contains(&id) {
            chosen.push(id);
        }
    }
    if chosen.is_empty() {
        errors.add(
            "signers",
            if executives.is_empty() {
                "The organisation has no executives yet. Invite one from Members to sign off documents."
            } else {
                "Choose at least one executive to sign off."
            },
        );
    }
    let message = message.trim();
    if message.chars().count() > TEXT_LIMIT {
        errors.add(
            "message",
            format!("Keep the message to {TEXT_LIMIT} characters."),
        );
    }
    errors.into_result()?;
    if stale::stale(db, caller.org_id, &[document])
        .await?
        .contains(&document)
    {
        return Err(AppError::Conflict(
            "The data behind this version has changed since it was generated. Generate a new version and submit that."
                .into(),
        ));
    }
    store::submit(
        db,
        caller.org_id,
        &caller.actor(),
        document,
        &chosen,
        message,
    )
    .await
}

fn not_asked() -> AppError {
    AppError::forbidden("You were not asked to sign this document.")
}

/// One executive's decision. The last approval signs the document: the
/// signed copy is rendered and stored in the same transaction, so a review
/// is approved exactly when its signed copy exists.
pub async fn decide(
    caller: &Caller,
    review: Uuid,
    approve: bool,
    comment: &str,
    sha256: &str,
) -> Result<(ReviewStatus, Uuid), AppError> {
    let db = &caller.state.db;
    let comment = comment.trim().to_string();
    let mut errors = FieldErrors::new();
    if !approve && comment.is_empty() {
        errors.add(
            "comment",
            "Say why you reject it, so the editor knows what to change.",
        );
    }
    if comment.chars().count() > TEXT_LIMIT {
        errors.add(
            "comment",
            format!("Keep the comment to {TEXT_LIMIT} characters."),
        );
    }
    errors.into_result()?;
    let sha256 = sha256.trim().to_lowercase();
    // Checked before the transaction: staleness reads the whole organisation.
    let loaded = store::load(db, caller.org_id, store::Scope::Review(review)).await?;
    let loaded = loaded
        .first()
        .ok_or_else(|| AppError::NotFound("Review".into()))?;
    let document = loaded.document_id;
    // Someone who was not asked is told so first, whatever state the
    // document is in (the locked read below checks it again).
    if !loaded.signers.iter().any(|s| s.user_id == caller.user.id) {
        return Err(not_asked());
    }
    if approve
        && stale::stale(db, caller.org_id, &[document])
            .await?
            .contains(&document)
    {
        return Err(AppError::Conflict(
            "The data behind this version has changed since it was generated, so it no longer shows what you would \
             approve. Reject it, or ask for a new version."
                .into(),
        ));
    }
    let mut tx = db.begin().await?;
    let locked = store::lock(&mut tx, caller.org_id, review, caller.user.id).await?;
    match locked.my_decision {
        None => return Err(not_asked()),
        Some(Decision::Pending) => {}
        Some(_) => return Err(AppError::Conflict("You have already decided.".into())),
    }
    if locked.status != ReviewStatus::Pending {
        return Err(AppError::Conflict(
            "This review is closed; nothing more can be decided on it.".into(),
        ));
    }
    if sha256 != locked.reviewed_sha256 {
        return Err(AppError::Conflict(
            "The file you reviewed is not the one submitted. Open the document again and review the file shown."
                .into(),
        ));
    }
    let pending = store::decide(
        &mut tx,
        caller.org_id,
        review,
        caller.user.id,
        approve,
        &comment,
        &sha256,
    )
    .await?;
    let actor = caller.actor();
    let audit = |action: &'static str, extra: serde_json::Value| crate::audit::ssr::Change {
        action,
        entity_type: "review",
        entity_id: Some(review.to_string()),
        before: None,
        after: Some(extra),
    };
    let status = if !approve {
        store::close(&mut tx, caller.org_id, review, ReviewStatus::Rejected).await?;
        crate::audit::ssr::record(
            &mut tx,
            caller.org_id,
            &actor,
            audit(
                "review.rejected",
                json!({ "document": locked.document_id, "sha256": sha256, "comment": comment }),
            ),
        )
        .await?;
        ReviewStatus::Rejected
    } else {
        crate::audit::ssr::record(
            &mut tx,
            caller.org_id,
            &actor,
            audit(
                "review.approved",
                json!({ "document": locked.document_id, "sha256": sha256, "comment": comment }),
            ),
        )
        .await?;
        if pending > 0 {
            ReviewStatus::Pending
        } else {
            let doc_json = store::doc_json(&mut tx, caller.org_id, locked.document_id).await?;
            let (submission, approvals) = store::signatures(&mut tx, caller.org_id, review).await?;
            let rendered = tokio::task::spawn_blocking(move || {
                let doc: crate::reports::doc::Doc =
                    serde_json::from_str(&doc_json).map_err(|_| AppError::Internal)?;
                let section = sign::signed_section(&doc, &submission, &approvals);
                sign::render_signed(&doc_json, section)
            })
            .await
            .map_err(|_| AppError::Internal)??;
            let signed_sha256 = crate::reports::ssr::jobs::sha256_hex(&rendered.bytes);
            store::sign(
                &mut tx,
                caller.org_id,
                review,
                &rendered.bytes,
                rendered.pages as i64,
                &signed_sha256,
            )
            .await?;
            crate::audit::ssr::record(
                &mut tx,
                caller.org_id,
                &actor,
                audit(
                    "review.signed",
                    json!({ "document": locked.document_id, "reviewed_sha256": sha256, "signed_sha256": signed_sha256 }),
                ),
            )
            .await?;
            ReviewStatus::Approved
        }
    };
    tx.commit().await?;
    Ok((status, locked.document_id))
}

/// Takes a pending review back, for instance to ask other executives;
/// returns its document.
pub async fn withdraw(caller: &Caller, review: Uuid) -> Result<Uuid, AppError> {
    let mut tx = caller.state.db.begin().await?;
    let locked = store::lock(&mut tx, caller.org_id, review, caller.user.id).await?;
    if locked.status != ReviewStatus::Pending {
        return Err(AppError::Conflict(
            "Only a review that is still waiting can be withdrawn.".into(),
        ));
    }
    store::close(&mut tx, caller.org_id, review, ReviewStatus::Withdrawn).await?;
    crate::audit::ssr::record(
        &mut tx,
        caller.org_id,
        &caller.actor(),
        crate::audit::ssr::Change {
            action: "review.withdrawn",
            entity_type: "review",
            entity_id: Some(review.to_string()),
            before: None,
            after: Some(json!({ "document": locked.document_id })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(locked.document_id)
}

/// What a file with this SHA-256 is, among the caller's organisation's
/// generated and signed documents.
pub async fn verify(caller: &Caller, sha256: &str) -> Result<Verification, AppError> {
    let sha256 = sha256.trim().to_lowercase();
    if !crate::reports::review::is_sha256(&sha256) {
        return Err(AppError::field(
            "sha256",
            "Enter a SHA-256 as 64 hexadecimal digits, or upload the file.",
        ));
    }
    let db = &caller.state.db;
    let (signed, generated) = store::by_hash(db, caller.org_id, &sha256).await?;
    let outcome = if let Some(review_id) = signed {
        let review = store::load(db, caller.org_id, store::Scope::Review(review_id))
            .await?
            .into_iter()
            .next()
            .ok_or(AppError::Internal)?;
        let document = crate::reports::ssr::store::find(db, caller.org_id, review.document_id)
            .await?
            .ok_or(AppError::Internal)?;
        let stale = stale::stale(db, caller.org_id, &[document.id])
            .await?
            .contains(&document.id);
        Outcome::Signed {
            document_id: document.id,
            title: document.title,
            version: document.version,
            signed_at: review.decided_at,
            signers: review
                .signers
                .iter()
                .map(|s| (s.name.clone(), s.decided_at))
                .collect(),
            reviewed_sha256: review.reviewed_sha256,
            stale,
        }
    } else if let Some(id) = generated {
        let document = crate::reports::ssr::store::find(db, caller.org_id, id)
            .await?
            .ok_or(AppError::Internal)?;
        let review = store::load(db, caller.org_id, store::Scope::Document(id))
            .await?
            .first()
            .map(|r| r.status);
        Outcome::Generated {
            document_id: document.id,
            title: document.title,
            version: document.version,
            created_at: document.created_at,
            review,
        }
    } else {
        Outcome::None
    };
    Ok(Verification { sha256, outcome })
}
