//! One piece of evidence as its page shows it: every version, what it is
//! linked to, and the mapped controls it could also count for.

use super::store;
use crate::auth::ssr::Caller;
use crate::bia::rollup::NodeKind;
use crate::controls::catalog;
use crate::controls::ssr::{catalogs, checklist::target};
use crate::controls::status::{expires_on, freshness};
use crate::error::AppError;
use crate::evidence::{EvidenceDetail, EvidenceKind, LinkView, VersionView};
use crate::roles::Permission;
use std::collections::HashMap;
use uuid::Uuid;

pub async fn load(caller: &Caller, id: Uuid) -> Result<EvidenceDetail, AppError> {
    let db = &caller.state.db;
    let today = chrono::Utc::now().date_naive();
    let item = store::find(db, caller.org_id, id)
        .await?
        .ok_or_else(|| AppError::NotFound("Evidence".into()))?;
    let graph = crate::bia::ssr::graph::load(db, caller.org_id).await?;
    let programme = crate::drills::ssr::store::load(db, caller.org_id).await?;

    // Control titles by target, for every catalog the organisation has.
    let mut titles: HashMap<String, (String, String)> = HashMap::new();
    for (key, name, ..) in catalogs::available(db, caller.org_id).await? {
        if let Some(c) = catalogs::for_org(db, caller.org_id, &key).await? {
            for control in c.controls {
                titles.insert(
                    target(&key, &control.id),
                    (
                        format!(
                            "{} {}",
                            crate::controls::short_name(&key, &name),
                            control.id
                        ),
                        control.title,
                    ),
                );
            }
        }
    }

    let versions = item
        .versions
        .iter()
        .map(|v| VersionView {
            id: v.id,
            version: v.version,
            kind: EvidenceKind::parse(&v.kind).unwrap_or(EvidenceKind::Attestation),
            file_name: v.file_name.clone(),
            content_type: v.content_type.clone(),
            size: v.size,
            sha256: v.sha256.clone(),
            url: v.url.clone(),
            statement: v.statement.clone(),
            run: v.run_id.and_then(|run| {
                let r = programme.run(run)?;
                let plan = programme.plan(r.plan_id)?;
                Some((run, plan.fields.title.clone()))
            }),
            effective_on: v.effective_on,
            valid_months: v.months(),
            expires_on: expires_on(v.effective_on, v.months()),
            freshness: freshness(v.effective_on, v.months(), today),
            uploaded_by: v.uploaded_by.clone(),
            created_at: v.created_at,
        })
        .collect();

    let mut links = Vec::new();
    let mut offers: Vec<(String, String, String)> = Vec::new();
    for (t, target_id) in &item.links {
        if t == "control" {
            let Some((framework, control)) = target_id.split_once(':') else {
                continue;
            };
            let (label, title) = titles
                .get(target_id)
                .cloned()
                .unwrap_or_else(|| (target_id.clone(), "No longer in the catalog".into()));
            links.push(LinkView {
                target_type: t.clone(),
                target_id: target_id.clone(),
                label: format!("{label} · {title}"),
                href: crate::controls::control_href(framework, control),
            });
            for (m, (f, c)) in catalog::mapped(framework, control) {
                let other = target(&f, &c);
                if item.linked_to("control", &other) || offers.iter().any(|o| o.0 == other) {
                    continue;
                }
                if let Some((other_label, other_title)) = titles.get(&other) {
                    offers.push((
                        other,
                        format!("{other_label} · {other_title}"),
                        format!("Mapped to {label}: {}", m.topic),
                    ));
                }
            }
        } else if let Some(node) = target_id.parse().ok().and_then(|n| graph.node_ref(n)) {
            links.push(LinkView {
                target_type: t.clone(),
                target_id: target_id.clone(),
                label: format!("{} · {}", node.kind.label(), node.name),
                href: node.href(),
            });
        }
    }
    let mut nodes: Vec<(Uuid, String)> = graph
        .nodes
        .iter()
        .filter(|n| {
            matches!(
                n.kind,
                NodeKind::Process | NodeKind::System | NodeKind::Site
            )
        })
        .filter(|n| !item.linked_to("node", &n.id.to_string()))
        .map(|n| (n.id, format!("{} · {}", n.kind.label(), n.name)))
        .collect();
    nodes.sort_by_key(|n| n.1.to_lowercase());
    Ok(EvidenceDetail {
        brief: item.brief(today),
        versions,
        links,
        offers,
        nodes,
        can_contribute: caller.role.can(Permission::Contribute),
        can_download: caller.role.can(Permission::DownloadEvidence),
        limit_mb: caller.state.settings.upload_limit_mb,
    })
}
