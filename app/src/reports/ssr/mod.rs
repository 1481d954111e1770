//! Building documents from the organisation's data, storing them, and the
//! routes that generate and download them.

pub mod jobs;
pub mod oscal;
pub mod pack;
pub mod plan;
pub mod routes;
pub mod store;
pub mod summary;

use crate::db::Db;
use crate::error::AppError;
use crate::reports::doc::{Doc, Meta, Section};
use crate::reports::{DocKind, Spec};
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

/// Everything a document is built from, read once.
pub struct Sources {
    pub org_id: Uuid,
    pub org: String,
    pub as_of: NaiveDate,
    pub members: Vec<crate::members::Member>,
    pub systems: crate::systems::ssr::Loaded,
    pub drills: crate::drills::ssr::store::Programme,
    pub items: Vec<crate::evidence::ssr::store::Item>,
    pub frameworks: Vec<(
        crate::controls::FrameworkCard,
        Vec<crate::controls::ssr::checklist::Evaluated>,
    )>,
}

impl Sources {
    /// Every process as the BIA summarises it (MTPD, RTO, RPO, exposure).
    pub fn processes(&self) -> Vec<crate::bia::ProcessSummary> {
        crate::bia::views::summaries(&self.systems.graph, &self.systems.scale)
    }

    /// The end of the as-of day: what counts as overdue on it.
    pub fn as_of_instant(&self) -> DateTime<Utc> {
        self.as_of
            .and_hms_opt(23, 59, 59)
            .map(|t| t.and_utc())
            .unwrap_or_else(Utc::now)
    }
}

pub async fn load(db: &Db, org_id: Uuid, as_of: NaiveDate) -> Result<Sources, AppError> {
    let org = crate::orgs::ssr::find(db, org_id)
        .await?
        .ok_or_else(|| AppError::NotFound("Organisation".into()))?
        .0;
    let members = crate::members::ssr::list(db, org_id).await?;
    let mut systems = crate::systems::ssr::load(db, org_id).await?;
    // Figures are computed for the document's date, so that rebuilding it
    // later from unchanged data gives the same content.
    systems.today = as_of;
    let drills = crate::drills::ssr::store::load(db, org_id).await?;
    let items = crate::evidence::ssr::store::load(db, org_id).await?;
    let frameworks = crate::controls::ssr::checklist::cards(db, org_id, &items, as_of).await?;
    Ok(Sources {
        org_id,
        org,
        as_of,
        members,
        systems,
        drills,
        items,
        frameworks,
    })
}

/// The title and subtitle a document of `spec` carries.
pub fn titles(spec: &Spec, sources: &Sources) -> Result<(String, String), AppError> {
    Ok(match spec.kind {
        DocKind::Plan => (
            "Business continuity plan".into(),
            "Scope, roles, recovery objectives, strategies and drills".into(),
        ),
        DocKind::Summary => (
            "Executive summary".into(),
            "Readiness, gaps, exposure and drills at a glance".into(),
        ),
        DocKind::Pack => {
            let (card, _) = pack::framework(spec, sources)?;
            let period = match (spec.from, spec.to) {
                (Some(f), Some(t)) => {
                    format!(", {} to {}", f.format("%-d %b %Y"), t.format("%-d %b %Y"))
                }
                (Some(f), None) => format!(", from {}", f.format("%-d %b %Y")),
                (None, Some(t)) => format!(", up to {}", t.format("%-d %b %Y")),
                (None, None) => String::new(),
            };
            (
                format!(
                    "Auditor evidence pack: {}",
                    crate::controls::short_name(&card.key, &card.name)
                ),
                format!("{} {}{period}", card.name, card.version),
            )
        }
    })
}

/// The sections of a document; pure, so it runs off the async threads.
pub fn body(spec: &Spec, sources: &Sources) -> Result<Vec<Section>, AppError> {
    Ok(match spec.kind {
        DocKind::Plan => plan::body(sources),
        DocKind::Summary => summary::body(sources),
        DocKind::Pack => pack::body(spec, sources)?,
    })
}

pub fn assemble(spec: &Spec, sources: &Sources, meta: Meta) -> Result<Doc, AppError> {
    Ok(Doc {
        body: body(spec, sources)?,
        meta,
    })
}

/// A duration in minutes as the rest of Seawall writes it, or a dash.
pub fn minutes(value: Option<i64>) -> String {
    value
        .map(crate::bia::duration::format)
        .unwrap_or_else(|| "—".into())
}

/// A whole amount with thousands separators.
pub fn money(amount: i64, currency: &str) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    let sign = if amount < 0 { "-" } else { "" };
    format!("{sign}{currency} {out}").trim().to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn money_groups_thousands() {
        assert_eq!(super::money(1234567, "EUR"), "EUR 1,234,567");
        assert_eq!(super::money(999, ""), "999");
        assert_eq!(super::money(-1000, "USD"), "-USD 1,000");
    }
}
