//! Turning the loaded graph and processes into what pages show.

use crate::bia::derive;
use crate::bia::duration;
use crate::bia::rollup::{Gap, Requirement};
use crate::bia::scale::ImpactScale;
use crate::bia::ssr::graph::Loaded;
use crate::bia::ssr::processes::Stored;
use crate::bia::{DependencyView, GapView, ProcessSummary, RequirementView};
use uuid::Uuid;

pub fn requirement(loaded: &Loaded, req: Option<&Requirement>) -> Option<RequirementView> {
    req.map(|r| RequirementView {
        minutes: r.minutes,
        chain: loaded.refs(r.chain.iter().copied()),
    })
}

pub fn gap(loaded: &Loaded, gap: &Gap) -> Option<GapView> {
    Some(GapView {
        node: loaded.node_ref(gap.node)?,
        objective: gap.objective,
        own: gap.own,
        required: gap.required,
        chain: loaded.refs(gap.chain.iter().copied()),
    })
}

/// Gaps a node takes part in: as the slow dependency or anywhere in the chain.
pub fn gaps_involving(loaded: &Loaded, id: Uuid) -> Vec<GapView> {
    loaded
        .analysis
        .gaps
        .iter()
        .filter(|g| g.node == id || g.chain.contains(&id))
        .filter_map(|g| gap(loaded, g))
        .collect()
}

pub fn dependencies(loaded: &Loaded, id: Uuid) -> Vec<DependencyView> {
    let mut out: Vec<DependencyView> = loaded
        .dependencies_of(id)
        .into_iter()
        .filter_map(|target| {
            let node = loaded.node(target)?;
            let gap = loaded
                .analysis
                .gaps_for(target)
                .find(|g| g.chain.len() >= 2 && g.chain[g.chain.len() - 2] == id)
                .map(|g| {
                    format!(
                        "{} {} is longer than the {} required",
                        g.objective.label(),
                        duration::format(g.own),
                        duration::format(g.required)
                    )
                });
            Some(DependencyView {
                node: loaded.node_ref(target)?,
                rto: node.rto,
                rpo: node.rpo,
                gap,
            })
        })
        .collect();
    out.sort_by(|a, b| (a.node.kind, &a.node.name).cmp(&(b.node.kind, &b.node.name)));
    out
}

pub fn summary(loaded: &Loaded, scale: &ImpactScale, stored: &Stored) -> ProcessSummary {
    let r = &stored.record;
    let d = derive::derive(scale, &stored.assessment, stored.objectives());
    let gaps = loaded
        .analysis
        .gaps
        .iter()
        .filter(|g| g.node == r.id || g.chain.first() == Some(&r.id))
        .count();
    ProcessSummary {
        id: r.id,
        name: r.name.clone(),
        department: r.department.clone(),
        owner: r.owner.clone(),
        mtpd: d.mtpd,
        tier: d.tier,
        rto: r.rto,
        rpo: r.rpo,
        rto_error: d.rto_error.is_some(),
        gaps,
        dependencies: loaded.dependencies_of(r.id).len(),
        assessed: !stored.assessment.is_empty(),
        loss_at_mtpd: d.loss_at_mtpd,
    }
}

/// Everything a new dependency of `id` may point at: not itself, not what it
/// already depends on.
pub fn candidates(loaded: &Loaded, id: Uuid) -> Vec<crate::bia::NodeRef> {
    let existing = loaded.dependencies_of(id);
    let mut out: Vec<_> = loaded
        .nodes
        .iter()
        .filter(|n| n.id != id && !existing.contains(&n.id))
        .filter_map(|n| loaded.node_ref(n.id))
        .collect();
    out.sort_by(|a, b| (a.kind, &a.name).cmp(&(b.kind, &b.name)));
    out
}
