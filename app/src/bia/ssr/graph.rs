//! The dependency graph: loading it for the roll-up, and adding or removing
//! edges (refusing any edge that would close a cycle).

use crate::audit::ssr::{Actor, Change, record};
use crate::bia::rollup::{self, Analysis, Node, NodeKind};
use crate::bia::{NodeRef, ResourceRecord};
use crate::db::{Db, Tx};
use crate::error::AppError;
use crate::{with_db, with_tx};
use chrono::Utc;
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

use super::processes::Stored;

/// Everything the roll-up needs, loaded once per request.
pub struct Loaded {
    pub processes: Vec<Stored>,
    pub resources: Vec<ResourceRecord>,
    pub nodes: Vec<Node>,
    pub edges: Vec<(Uuid, Uuid)>,
    pub analysis: Analysis,
    by_id: HashMap<Uuid, usize>,
}

impl Loaded {
    pub fn node(&self, id: Uuid) -> Option<&Node> {
        self.by_id.get(&id).map(|&i| &self.nodes[i])
    }

    pub fn node_ref(&self, id: Uuid) -> Option<NodeRef> {
        self.node(id).map(|n| NodeRef {
            id: n.id,
            kind: n.kind,
            name: n.name.clone(),
        })
    }

    pub fn refs(&self, ids: impl IntoIterator<Item = Uuid>) -> Vec<NodeRef> {
        ids.into_iter().filter_map(|id| self.node_ref(id)).collect()
    }

    pub fn dependencies_of(&self, id: Uuid) -> Vec<Uuid> {
        self.edges
            .iter()
            .filter(|e| e.0 == id)
            .map(|e| e.1)
            .collect()
    }

    pub fn dependants_of(&self, id: Uuid) -> Vec<Uuid> {
        self.edges
            .iter()
            .filter(|e| e.1 == id)
            .map(|e| e.0)
            .collect()
    }
}

pub async fn edges(db: &Db, org_id: Uuid) -> Result<Vec<(Uuid, Uuid)>, sqlx::Error> {
    with_db!(db, pool => sqlx::query_as(
        "SELECT source_id, target_id FROM dependencies WHERE org_id = $1",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await)
}

async fn edges_in(tx: &mut Tx, org_id: Uuid) -> Result<Vec<(Uuid, Uuid)>, sqlx::Error> {
    with_tx!(tx, conn => sqlx::query_as(
        "SELECT source_id, target_id FROM dependencies WHERE org_id = $1",
    )
    .bind(org_id)
    .fetch_all(conn)
    .await)
}

/// The graph as [`load`] reads it, remembered until the organisation's data
/// changes (see [`crate::memo`]): pages that show one process still need the
/// whole graph for what that process requires and where its gaps are.
pub async fn shared(
    state: &crate::state::AppState,
    org_id: Uuid,
) -> Result<std::sync::Arc<Loaded>, AppError> {
    let head = crate::memo::Head::of(&state.db, org_id).await?;
    shared_at(state, org_id, &head).await
}

/// [`shared`] for a caller that has read the head already.
pub async fn shared_at(
    state: &crate::state::AppState,
    org_id: Uuid,
    head: &crate::memo::Head,
) -> Result<std::sync::Arc<Loaded>, AppError> {
    state
        .memos
        .graph
        .get(org_id, head.only(), || load(&state.db, org_id))
        .await
}

/// Every process's summary (see [`crate::bia::views::summaries`]),
/// remembered the same way as [`shared`], for the head the caller read.
pub async fn register(
    state: &crate::state::AppState,
    org_id: Uuid,
    head: &crate::memo::Head,
) -> Result<std::sync::Arc<Vec<crate::bia::ProcessSummary>>, AppError> {
    state
        .memos
        .register
        .get(org_id, head.only(), || async {
            // Read after the head, like everything a memo remembers.
            let loaded = shared_at(state, org_id, head).await?;
            let (scale, _) = super::review::load(&state.db, org_id).await?;
            Ok::<_, AppError>(crate::bia::views::summaries(&loaded, &scale))
        })
        .await
}

pub async fn load(db: &Db, org_id: Uuid) -> Result<Loaded, AppError> {
    let processes = super::processes::list(db, org_id).await?;
    let resources = super::resources::list(db, org_id).await?;
    let edges = edges(db, org_id).await?;
    let mut nodes: Vec<Node> = processes
        .iter()
        .map(|p| Node {
            id: p.record.id,
            kind: NodeKind::Process,
            name: p.record.name.clone(),
            rto: p.record.rto,
            rpo: p.record.rpo,
        })
        .collect();
    nodes.extend(resources.iter().map(|r| Node {
        id: r.id,
        kind: r.kind,
        name: r.name.clone(),
        rto: r.rto,
        rpo: r.rpo,
    }));
    let analysis = rollup::analyse(&nodes, &edges);
    let by_id = nodes.iter().enumerate().map(|(i, n)| (n.id, i)).collect();
    Ok(Loaded {
        processes,
        resources,
        nodes,
        edges,
        analysis,
        by_id,
    })
}

/// The name and kind of a process or resource of this organisation.
async fn node_in(
    tx: &mut Tx,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<(String, NodeKind)>, sqlx::Error> {
    let row: Option<(String, String)> = with_tx!(tx, conn => sqlx::query_as(
        "SELECT name, 'process' FROM processes WHERE org_id = $1 AND id = $2 \
         UNION ALL SELECT name, kind FROM resources WHERE org_id = $1 AND id = $2",
    )
    .bind(org_id)
    .bind(id)
    .fetch_optional(conn)
    .await)?;
    Ok(row.and_then(|(name, kind)| NodeKind::parse(&kind).map(|k| (name, k))))
}

pub async fn add(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    source: Uuid,
    target: Uuid,
) -> Result<(), AppError> {
    let (source_name, source_kind) = node_in(tx, org_id, source)
        .await?
        .ok_or_else(|| AppError::NotFound("Process or dependency".into()))?;
    let Some((target_name, target_kind)) = node_in(tx, org_id, target).await? else {
        return Err(AppError::field(
            "target",
            "Choose a process, system, supplier, site or role of this organisation.",
        ));
    };
    if source == target {
        return Err(AppError::field(
            "target",
            format!("“{source_name}” cannot depend on itself."),
        ));
    }
    let edges = edges_in(tx, org_id).await?;
    if edges.contains(&(source, target)) {
        return Err(AppError::field(
            "target",
            format!("“{source_name}” already depends on “{target_name}”."),
        ));
    }
    if let Some(path) = rollup::path_between(&edges, target, source) {
        let mut names = Vec::new();
        for id in std::iter::once(source).chain(path) {
            names.push(
                node_in(tx, org_id, id)
                    .await?
                    .map(|(n, _)| n)
                    .unwrap_or_default(),
            );
        }
        return Err(AppError::field(
            "target",
            format!(
                "That would make a cycle: {}. A dependency cannot lead back to what depends on it.",
                names.join(" → ")
            ),
        ));
    }
    with_tx!(tx, conn => sqlx::query(
        "INSERT INTO dependencies (org_id, source_id, target_id, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(org_id)
    .bind(source)
    .bind(target)
    .bind(Utc::now())
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    record(tx, org_id, actor, Change {
        action: "bia.dependency.added",
        entity_type: source_kind.as_str(),
        entity_id: Some(source.to_string()),
        before: None,
        after: Some(json!({ "depends_on": target_name, "kind": target_kind.as_str(), "target_id": target })),
    })
    .await?;
    super::review::changed(tx, org_id, actor).await
}

/// Removes every edge to or from a process or resource that is being deleted.
pub async fn detach(tx: &mut Tx, org_id: Uuid, id: Uuid) -> Result<(), sqlx::Error> {
    with_tx!(tx, conn => sqlx::query(
        "DELETE FROM dependencies WHERE org_id = $1 AND (source_id = $2 OR target_id = $2)",
    )
    .bind(org_id)
    .bind(id)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn remove(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    source: Uuid,
    target: Uuid,
) -> Result<(), AppError> {
    let removed = with_tx!(tx, conn => sqlx::query(
        "DELETE FROM dependencies WHERE org_id = $1 AND source_id = $2 AND target_id = $3",
    )
    .bind(org_id)
    .bind(source)
    .bind(target)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    if removed == 0 {
        return Err(AppError::NotFound("Dependency".into()));
    }
    let target_name = node_in(tx, org_id, target).await?.map(|(n, _)| n);
    record(
        tx,
        org_id,
        actor,
        Change {
            action: "bia.dependency.removed",
            entity_type: "dependency",
            entity_id: Some(source.to_string()),
            before: Some(json!({ "depends_on": target_name, "target_id": target })),
            after: None,
        },
    )
    .await?;
    super::review::changed(tx, org_id, actor).await
}
