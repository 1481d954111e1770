//! Turning the loaded graph and processes into what pages show.

use crate::bia::derive;
use crate::bia::duration;
use crate::bia::rollup::{Gap, Requirement};
use crate::bia::scale::ImpactScale;
use crate::bia::ssr::graph::Loaded;
use crate::bia::{Candidates, DependencyView, GapView, ProcessSummary, RequirementView};
use std::collections::HashMap;
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

/// Every process's summary. Gaps and dependencies are counted in one pass
/// over the graph, not once per process: at thousands of processes that is
/// the difference between milliseconds and seconds.
pub fn summaries(loaded: &Loaded, scale: &ImpactScale) -> Vec<ProcessSummary> {
    let mut gaps: HashMap<Uuid, usize> = HashMap::new();
    for g in &loaded.analysis.gaps {
        *gaps.entry(g.node).or_default() += 1;
        if let Some(first) = g.chain.first().filter(|f| **f != g.node) {
            *gaps.entry(*first).or_default() += 1;
        }
    }
    let mut dependencies: HashMap<Uuid, usize> = HashMap::new();
    for (from, _) in &loaded.edges {
        *dependencies.entry(*from).or_default() += 1;
    }
    let count = |counts: &HashMap<Uuid, usize>, id| counts.get(&id).copied().unwrap_or(0);
    loaded
        .processes
        .iter()
        .map(|stored| {
            let r = &stored.record;
            let d = derive::derive(scale, &stored.assessment, stored.objectives());
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
                gaps: count(&gaps, r.id),
                dependencies: count(&dependencies, r.id),
                assessed: !stored.assessment.is_empty(),
                loss_at_mtpd: d.loss_at_mtpd,
            }
        })
        .collect()
}

/// Everything a new dependency of `id` may point at: not itself, not what it
/// already depends on; all of them when there are few, else those whose
/// name contains every word of `find` (at most [`Candidates::LIMIT`]).
pub fn candidates(loaded: &Loaded, id: Uuid, find: &str) -> Candidates {
    let existing = loaded.dependencies_of(id);
    let possible: Vec<_> = loaded
        .nodes
        .iter()
        .filter(|n| n.id != id && !existing.contains(&n.id))
        .collect();
    let total = possible.len();
    let find = find.trim().to_string();
    let words: Vec<String> = find
        .to_lowercase()
        .split_whitespace()
        .map(String::from)
        .collect();
    let mut shown: Vec<_> = if total <= Candidates::LIMIT {
        possible
            .iter()
            .filter_map(|n| loaded.node_ref(n.id))
            .collect()
    } else if words.is_empty() {
        Vec::new()
    } else {
        possible
            .iter()
            .filter(|n| {
                let name = n.name.to_lowercase();
                words.iter().all(|w| name.contains(w.as_str()))
            })
            .filter_map(|n| loaded.node_ref(n.id))
            .collect()
    };
    shown.sort_by(|a, b| (a.kind, &a.name).cmp(&(b.kind, &b.name)));
    shown.truncate(Candidates::LIMIT);
    Candidates { shown, total, find }
}
