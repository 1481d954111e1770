//! A framework's controls evaluated for one organisation: each answer with
//! the standing of its evidence, and the readiness figures they add up to.

use super::answers;
use super::catalogs::{self, OrgCatalog, StoredControl};
use crate::controls::status::{Effective, Tally, effective};
use crate::controls::{Answer, FrameworkCard, SectionTally};
use crate::db::Db;
use crate::evidence::ssr::store::Item;
use chrono::NaiveDate;
use std::collections::HashMap;
use uuid::Uuid;

/// How evidence links name a control.
pub fn target(framework: &str, id: &str) -> String {
    format!("{framework}:{id}")
}

#[derive(Clone)]
pub struct Evaluated {
    pub control: StoredControl,
    pub answer: Answer,
    pub owner: Option<String>,
    pub effective: Effective,
    pub evidence: usize,
}

/// The freshness of the evidence linked to each control, keyed by the
/// control's link target. Built once per request: matching every control
/// against every item would cost controls × items.
pub fn freshness_by_control(
    items: &[Item],
    today: NaiveDate,
) -> HashMap<&str, Vec<crate::controls::status::Freshness>> {
    let mut out: HashMap<&str, Vec<_>> = HashMap::new();
    for item in items {
        let freshness = item.brief(today).freshness;
        for (kind, target) in &item.links {
            if kind == "control" {
                out.entry(target.as_str()).or_default().push(freshness);
            }
        }
    }
    out
}

/// Evaluates every control of `catalog` against the answers and evidence.
pub fn evaluate(
    catalog: &OrgCatalog,
    answers: &HashMap<String, (Answer, Option<String>)>,
    evidence: &HashMap<&str, Vec<crate::controls::status::Freshness>>,
) -> Vec<Evaluated> {
    catalog
        .controls
        .iter()
        .map(|c| {
            let t = target(&catalog.framework, &c.id);
            let fresh = evidence.get(t.as_str()).map(Vec::as_slice).unwrap_or(&[]);
            let (answer, owner) = answers.get(&c.id).cloned().unwrap_or_default();
            Evaluated {
                effective: effective(answer.status, fresh),
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
    let evidence = freshness_by_control(items, today);
    let mut out = Vec::new();
    for (key, name, version, shipped, imported) in catalogs::available(db, org_id).await? {
        let Some(catalog) = catalogs::for_org(db, org_id, &key).await? else {
            continue;
        };
        let answers = answers::for_framework(db, org_id, &key).await?;
        let rows = evaluate(&catalog, &answers, &evidence);
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

/// Every framework evaluated as of today, and the evidence expiring soon:
/// what the dashboard, the controls overview and the checklists show.
pub struct Standing {
    pub cards: Vec<(FrameworkCard, Vec<Evaluated>)>,
    /// Evidence whose validity ends within 30 days, soonest first.
    pub expiring: Vec<crate::evidence::EvidenceBrief>,
}

/// The organisation's [`Standing`], remembered until its data or the date
/// changes (see [`crate::memo`]).
pub async fn standing(
    state: &crate::state::AppState,
    org_id: Uuid,
) -> Result<std::sync::Arc<Standing>, sqlx::Error> {
    let head = crate::memo::Head::of(&state.db, org_id).await?;
    standing_at(state, org_id, &head).await
}

/// [`standing`] for a caller that has read the head already.
pub async fn standing_at(
    state: &crate::state::AppState,
    org_id: Uuid,
    head: &crate::memo::Head,
) -> Result<std::sync::Arc<Standing>, sqlx::Error> {
    use crate::controls::status::Freshness;

    let db = &state.db;
    let today = chrono::Utc::now().date_naive();
    let stamp = head.on(today);
    state
        .memos
        .standing
        .get(org_id, stamp, || async {
            let items = crate::evidence::ssr::store::load(db, org_id).await?;
            let cards = cards(db, org_id, &items, today).await?;
            let mut expiring: Vec<_> = items
                .iter()
                .map(|i| i.brief(today))
                .filter(|b| b.freshness == Freshness::ExpiringSoon)
                .collect();
            expiring.sort_by_key(|b| b.expires_on);
            Ok(Standing { cards, expiring })
        })
        .await
}

/// Readiness of every framework, expiring evidence and controls that fell
/// back, for the controls page and the dashboard.
pub fn overview(standing: &Standing) -> crate::controls::ControlsOverview {
    use crate::controls::ControlLink;

    let expired = standing
        .cards
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
    crate::controls::ControlsOverview {
        frameworks: standing.cards.iter().map(|(c, _)| c.clone()).collect(),
        expiring: standing.expiring.clone(),
        expired,
        can_manage: false,
    }
}
