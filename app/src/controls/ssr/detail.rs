//! One control as its page shows it: the answer, its evidence, what mapped
//! controls and recorded drills offer, and the mapped controls themselves.

use super::checklist::{self, Evaluated, target};
use crate::auth::ssr::Caller;
use crate::controls::catalog;
use crate::controls::{ControlDetail, ControlLink, DrillOffer, MappedControl, Offer};
use crate::error::AppError;
use crate::evidence::ssr::store;
use crate::roles::Permission;

pub async fn load(caller: &Caller, framework: &str, id: &str) -> Result<ControlDetail, AppError> {
    let db = &caller.state.db;
    let today = chrono::Utc::now().date_naive();
    let items = store::load(db, caller.org_id).await?;
    let cards = checklist::cards(db, caller.org_id, &items, today).await?;
    let find = |f: &str, c: &str| -> Option<(&crate::controls::FrameworkCard, &Evaluated)> {
        cards
            .iter()
            .find(|(card, _)| card.key == f)
            .and_then(|(card, rows)| rows.iter().find(|r| r.control.id == c).map(|r| (card, r)))
    };
    let (card, row) = find(framework, id).ok_or_else(|| AppError::NotFound("Control".into()))?;
    let here = target(framework, id);

    let mut mapped = Vec::new();
    let mut offered: Vec<Offer> = Vec::new();
    for (m, (f, c)) in catalog::mapped(framework, id) {
        let Some((other_card, other)) = find(&f, &c) else {
            continue;
        };
        let link = ControlLink {
            framework: f.clone(),
            framework_name: crate::controls::short_name(&other_card.key, &other_card.name),
            id: c.clone(),
            title: other.control.title.clone(),
        };
        let label = link.label();
        for item in items
            .iter()
            .filter(|i| i.linked_to("control", &target(&f, &c)) && !i.linked_to("control", &here))
        {
            match offered.iter_mut().find(|o| o.evidence.id == item.id) {
                Some(o) if !o.from.contains(&label) => o.from.push(label.clone()),
                Some(_) => {}
                None => offered.push(Offer {
                    evidence: item.brief(today),
                    from: vec![label.clone()],
                }),
            }
        }
        mapped.push(MappedControl {
            effective: other_card.active.then_some(other.effective),
            control: link,
            topic: m.topic.clone(),
            strength: m.strength.clone(),
            rationale: m.rationale.clone(),
        });
    }

    let evidence: Vec<_> = items
        .iter()
        .filter(|i| i.linked_to("control", &here))
        .map(|i| i.brief(today))
        .collect();
    let recorded: Vec<uuid::Uuid> = items
        .iter()
        .filter(|i| i.linked_to("control", &here))
        .filter_map(|i| i.current().run_id)
        .collect();
    let programme = crate::drills::ssr::store::load(db, caller.org_id).await?;
    let drills = programme
        .runs
        .iter()
        .filter(|r| !recorded.contains(&r.id))
        .filter_map(|r| {
            let plan = programme.plan(r.plan_id)?;
            let refs = crate::drills::cadence::evidence_refs(plan.fields.kind, &[framework]);
            refs.iter().any(|(_, c)| *c == id).then(|| DrillOffer {
                run_id: r.id,
                label: format!(
                    "{} ({}) on {}",
                    plan.fields.title,
                    plan.fields.kind.label(),
                    r.ended_at.date_naive().format("%-d %b %Y")
                ),
                ended_on: r.ended_at.date_naive(),
            })
        })
        .take(5)
        .collect();
    let library = items
        .iter()
        .filter(|i| !i.linked_to("control", &here))
        .map(|i| (i.id, i.title.clone()))
        .collect();
    let c = &row.control;
    Ok(ControlDetail {
        control: ControlLink {
            framework: framework.to_string(),
            framework_name: crate::controls::short_name(&card.key, &card.name),
            id: c.id.clone(),
            title: c.title.clone(),
        },
        section: format!("{} {}", c.section_id, c.section_title),
        kind: c.kind.clone(),
        body: c.body.clone(),
        guidance: c.guidance.clone(),
        auditor_hint: c.auditor_hint.clone(),
        continuity: c.continuity,
        active: card.active,
        answer: row.answer.clone(),
        effective: row.effective,
        evidence,
        offered,
        drills,
        mapped,
        library,
        people: crate::bia::ssr::people(db, caller.org_id).await?,
        can_edit: caller.role.can(Permission::EditPlans),
        can_contribute: caller.role.can(Permission::Contribute),
        limit_mb: caller.state.settings.upload_limit_mb,
    })
}
