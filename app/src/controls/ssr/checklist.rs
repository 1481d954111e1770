//! A framework's controls evaluated for one organisation: each answer with
//! the standing of its evidence, and the readiness figures they add up to.

use super::answers;
use super::catalogs::{self, OrgCatalog, StoredControl};
use crate::controls::status::{Effective, Tally, effective};
use crate::controls::{Answer, FrameworkCard, SectionTally};
use crate::db::Db;
use crate::evidence::ssr::store::Item;
use chrono::NaiveDate;
use uuid::Uuid;

/// How evidence links name a control.
pub fn target(framework: &str, id: &str) -> String {
    format!("{framework}:{id}")
}

pub struct Evaluated {
    pub control: StoredControl,
    pub answer: Answer,
    pub owner: Option<String>,
    pub effective: Effective,
    pub evidence: usize,
}

/// Evaluates every control of `catalog` against the answers and evidence.
pub fn evaluate(
    catalog: &OrgCatalog,
    answers: &std::collections::HashMap<String, (Answer, Option<String>)>,
    items: &[Item],
    today: NaiveDate,
) -> Vec<Evaluated> {
    catalog
        .controls
        .iter()
        .map(|c| {
            let t = target(&catalog.framework, &c.id);
            let fresh: Vec<_> = items
                .iter()
                .filter(|i| i.linked_to("control", &t))
                .map(|i| i.brief(today).freshness)
                .collect();
            let (answer, owner) = answers.get(&c.id).cloned().unwrap_or_default();
            Evaluated {
                effective: effective(answer.status, &fresh),
                evidence: fresh.len(),
                control: c.clone(),
                answer,
                owner,
            }
        })
        .collect()
}

pub fn tally(rows: &[Evaluated]) -> Tally {
    let mut t = Tally::default();
    for r in rows {
        t.add(r.effective);
    }
    t
}

/// Readiness per section, in catalog order.
pub fn sections(rows: &[Evaluated]) -> Vec<SectionTally> {
    let mut out: Vec<SectionTally> = Vec::new();
    for r in rows {
        let i = match out.iter().position(|s| s.id == r.control.section_id) {
            Some(i) => i,
            None => {
                out.push(SectionTally {
                    id: r.control.section_id.clone(),
                    title: r.control.section_title.clone(),
                    tally: Tally::default(),
                });
                out.len() - 1
            }
        };
        out[i].tally.add(r.effective);
    }
    out
}

/// Every framework available to the organisation, with its readiness.
pub async fn cards(
    db: &Db,
    org_id: Uuid,
    items: &[Item],
    today: NaiveDate,
) -> Result<Vec<(FrameworkCard, Vec<Evaluated>)>, sqlx::Error> {
    let active = crate::drills::ssr::store::frameworks(db, org_id).await?;
    let mut out = Vec::new();
    for (key, name, version, shipped, imported) in catalogs::available(db, org_id).await? {
        let Some(catalog) = catalogs::for_org(db, org_id, &key).await? else {
            continue;
        };
        let answers = answers::for_framework(db, org_id, &key).await?;
        let rows = evaluate(&catalog, &answers, items, today);
        out.push((
            FrameworkCard {
                active: !shipped || active.contains(&key),
                tally: tally(&rows),
                key,
                name,
                version,
                shipped,
                imported,
            },
            rows,
        ));
    }
    Ok(out)
}

/// Readiness of every framework, expiring evidence and controls that fell
/// back, for the controls page and the dashboard.
pub async fn overview(
    db: &Db,
    org_id: Uuid,
) -> Result<crate::controls::ControlsOverview, sqlx::Error> {
    use crate::controls::ControlLink;
    use crate::controls::status::Freshness;

    let today = chrono::Utc::now().date_naive();
    let items = crate::evidence::ssr::store::load(db, org_id).await?;
    let cards = cards(db, org_id, &items, today).await?;
    let mut expiring: Vec<_> = items
        .iter()
        .map(|i| i.brief(today))
        .filter(|b| b.freshness == Freshness::ExpiringSoon)
        .collect();
    expiring.sort_by_key(|b| b.expires_on);
    let expired = cards
        .iter()
        .filter(|(card, _)| card.active)
        .flat_map(|(card, rows)| {
            rows.iter()
                .filter(|r| r.effective == Effective::EvidenceExpired)
                .map(|r| ControlLink {
                    framework: card.key.clone(),
                    framework_name: crate::controls::short_name(&card.key, &card.name),
                    id: r.control.id.clone(),
                    title: r.control.title.clone(),
                })
        })
        .collect();
    Ok(crate::controls::ControlsOverview {
        frameworks: cards.into_iter().map(|(c, _)| c).collect(),
        expiring,
        expired,
        can_manage: false,
    })
}
