//! Whether a document still says what today's data says: it is built again
//! for the same date from the data as it is now, and the fingerprints of the
//! two bodies compared. Any change that alters what the document would say
//! (an RTO, a control's status, a drill result) makes it stale; changes it
//! would not show do not.

use crate::db::Db;
use crate::error::AppError;
use crate::reports::ssr::store::{self, Generated};
use std::collections::{BTreeMap, HashSet};
use uuid::Uuid;

/// The documents among `ids` whose data has changed since they were generated.
pub async fn stale(db: &Db, org_id: Uuid, ids: &[Uuid]) -> Result<HashSet<Uuid>, AppError> {
    changed(db, org_id, store::generated(db, org_id, ids).await?).await
}

/// The documents among `generated` whose data has changed since.
pub async fn changed(
    db: &Db,
    org_id: Uuid,
    generated: Vec<Generated>,
) -> Result<HashSet<Uuid>, AppError> {
    // Documents of the same date share one read of the data.
    let mut by_date: BTreeMap<chrono::NaiveDate, Vec<Generated>> = BTreeMap::new();
    for g in generated {
        by_date.entry(g.as_of).or_default().push(g);
    }
    let mut out = HashSet::new();
    for (as_of, documents) in by_date {
        let sources = crate::reports::ssr::load(db, org_id, as_of).await?;
        let changed = tokio::task::spawn_blocking(move || {
            documents
                .into_iter()
                .filter(|g| {
                    // A pack whose framework is no longer active cannot be
                    // built again: what it described has changed.
                    crate::reports::ssr::body(&g.spec, &sources)
                        .map(|body| crate::reports::doc::fingerprint(&body) != g.fingerprint)
                        .unwrap_or(true)
                })
                .map(|g| g.id)
                .collect::<Vec<_>>()
        })
        .await
        .map_err(|_| AppError::Internal)?;
        out.extend(changed);
    }
    Ok(out)
}
