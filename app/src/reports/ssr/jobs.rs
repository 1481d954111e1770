//! Generation in the background: the request that asks for a document reads
//! the data, records the document as running and returns; laying out and
//! writing the PDF run on a blocking thread, never on the async workers, and
//! report their progress to the database, where any app server can read it.

use super::{Sources, store};
use crate::auth::ssr::Caller;
use crate::db::Db;
use crate::error::AppError;
use crate::reports::Spec;
use crate::reports::doc::{Cell, Meta, Section, Table};
use crate::reports::pdf::Rendered;
use crate::roles::Role;
use chrono::Utc;
use uuid::Uuid;

pub async fn generate(caller: &Caller, spec: Spec) -> Result<Uuid, AppError> {
    let db = caller.state.db.clone();
    let org_id = caller.org_id;
    let as_of = Utc::now().date_naive();
    let sources = super::load(&db, org_id, as_of).await?;
    let (title, subtitle) = super::titles(&spec, &sources)?;
    let (id, version) = store::start(&db, org_id, &caller.actor(), &spec, &title, as_of).await?;
    let meta = Meta {
        org: sources.org.clone(),
        title,
        subtitle,
        version,
        as_of,
        generated_at: Utc::now(),
        generated_by: caller.user.name.clone(),
    };
    tokio::spawn(async move {
        if let Err(error) = run(&db, org_id, id, spec, sources, meta).await {
            tracing::error!(%error, %id, "document generation failed");
            let _ = store::fail(
                &db,
                org_id,
                id,
                "The document could not be generated. Please try again.",
            )
            .await;
        }
    });
    Ok(id)
}

async fn run(
    db: &Db,
    org_id: Uuid,
    id: Uuid,
    spec: Spec,
    sources: Sources,
    meta: Meta,
) -> Result<(), AppError> {
    store::progress(db, org_id, id, 20, "Laying out pages").await?;
    let built = tokio::task::spawn_blocking(move || build(&spec, &sources, meta))
        .await
        .map_err(|_| AppError::Internal)??;
    store::progress(db, org_id, id, 90, "Storing the file").await?;
    store::finish(
        db,
        org_id,
        id,
        store::Finished {
            bytes: &built.rendered.bytes,
            pages: built.rendered.pages as i64,
            sha256: &built.sha256,
            fingerprint: &built.fingerprint,
            doc_json: &built.doc_json,
        },
    )
    .await?;
    Ok(())
}

/// A document laid out and written, with what is stored beside the file.
pub struct Built {
    pub rendered: Rendered,
    pub sha256: String,
    pub fingerprint: String,
    pub doc_json: String,
}

/// Builds the document from the data read and writes its PDF. CPU-bound:
/// call it off the async threads.
pub fn build(spec: &Spec, sources: &Sources, meta: Meta) -> Result<Built, AppError> {
    let mut doc = super::assemble(spec, sources, meta)?;
    // The fingerprint covers what the data says, not the sign-off page,
    // which changes when the document is signed.
    let fingerprint = doc.fingerprint();
    doc.body.push(unsigned(sources));
    let rendered = crate::reports::pdf::render(&doc);
    let doc_json = serde_json::to_string(&doc).map_err(|_| AppError::Internal)?;
    Ok(Built {
        sha256: sha256_hex(&rendered.bytes),
        rendered,
        fingerprint,
        doc_json,
    })
}

/// The title of the last section, the one a signature fills in.
pub const SIGN_OFF: &str = "Sign-off";

pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The sign-off page of a document that has not been signed yet: who can
/// sign it, with room for their decision.
fn unsigned(s: &Sources) -> Section {
    let mut section = Section::new(SIGN_OFF, true);
    section.para(
        "This version has not been signed. An editor submits it for executive review in Seawall; each executive \
         sees this exact file and approves or rejects it. The signed copy then carries the signers, the time of \
         each decision and the SHA-256 of the file they reviewed.",
    );
    let mut table = Table::new(&[
        ("Executive", 3.0),
        ("Decision", 1.6),
        ("Date", 1.6),
        ("Comment", 3.5),
    ])
    .empty("The organisation has no executives yet; invite one to sign off documents.");
    let mut executives: Vec<_> = s
        .members
        .iter()
        .filter(|m| m.role == Role::Executive)
        .collect();
    executives.sort_by_key(|m| m.name.to_lowercase());
    for m in executives {
        table.row(vec![
            Cell::new(m.name.clone()),
            "Not yet reviewed".into(),
            "".into(),
            "".into(),
        ]);
    }
    section.table(table);
    section
}
