//! The whole dependency graph with its gaps and cycles.

use crate::bia::GraphView;
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "bia/graph")]
pub async fn dependency_graph() -> Result<GraphView, AppError> {
    use crate::auth::ssr::authorize;
    use crate::bia::{GraphEdge, GraphNode, ssr};
    use crate::roles::Permission;

    let caller = authorize(Permission::ViewOrganisation).await?;
    let loaded = ssr::graph::shared(&caller.state, caller.org_id).await?;
    let gap_edges = loaded.analysis.gap_edges();
    let nodes = loaded
        .nodes
        .iter()
        .filter_map(|n| {
            Some(GraphNode {
                node: loaded.node_ref(n.id)?,
                rto: n.rto,
                required_rto: loaded.analysis.required_rto.get(&n.id).map(|r| r.minutes),
                gap: loaded.analysis.gaps_for(n.id).next().is_some(),
            })
        })
        .collect();
    let edges = loaded
        .edges
        .iter()
        .map(|&(from, to)| GraphEdge {
            from,
            to,
            gap: gap_edges.contains(&(from, to)),
        })
        .collect();
    let gaps = loaded
        .analysis
        .gaps
        .iter()
        .filter_map(|g| super::views::gap(&loaded, g))
        .collect();
    let cycles = loaded
        .analysis
        .cycles
        .iter()
        .map(|c| loaded.refs(c.iter().copied()))
        .collect();
    Ok(GraphView {
        nodes,
        edges,
        gaps,
        cycles,
    })
}
