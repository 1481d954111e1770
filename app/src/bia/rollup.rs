//! Roll-up of recovery requirements through the dependency graph.
//!
//! An edge `a → b` means "a depends on b". A node's required RTO is the
//! smallest RTO of anything that depends on it, directly or through others;
//! the same holds for the RPO. A node whose own objective is longer than its
//! requirement is a gap, reported with the chain of dependencies that sets
//! the requirement. Cycles are found and reported; the roll-up visits every
//! node once, so a cycle cannot make it loop.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    Process,
    System,
    Supplier,
    Site,
    Role,
}

impl NodeKind {
    pub const RESOURCES: [NodeKind; 4] = [
        NodeKind::System,
        NodeKind::Supplier,
        NodeKind::Site,
        NodeKind::Role,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Process => "process",
            NodeKind::System => "system",
            NodeKind::Supplier => "supplier",
            NodeKind::Site => "site",
            NodeKind::Role => "role",
        }
    }

    pub fn parse(s: &str) -> Option<NodeKind> {
        [NodeKind::Process]
            .into_iter()
            .chain(NodeKind::RESOURCES)
            .find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            NodeKind::Process => "Process",
            NodeKind::System => "System",
            NodeKind::Supplier => "Supplier",
            NodeKind::Site => "Site",
            NodeKind::Role => "Key person or role",
        }
    }

    pub fn plural(self) -> &'static str {
        match self {
            NodeKind::Process => "Processes",
            NodeKind::System => "Systems",
            NodeKind::Supplier => "Suppliers",
            NodeKind::Site => "Sites",
            NodeKind::Role => "Key people and roles",
        }
    }

    /// What a resource's own RTO is called in this kind.
    pub fn rto_name(self) -> &'static str {
        match self {
            NodeKind::Supplier => "contractual RTO (SLA)",
            NodeKind::Site => "time to relocate",
            NodeKind::Role => "time to cover",
            _ => "RTO",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    pub id: Uuid,
    pub kind: NodeKind,
    pub name: String,
    /// The node's own recovery time objective (for a supplier, its SLA), in minutes.
    pub rto: Option<i64>,
    pub rpo: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Objective {
    Rto,
    Rpo,
}

impl Objective {
    pub fn label(self) -> &'static str {
        match self {
            Objective::Rto => "RTO",
            Objective::Rpo => "RPO",
        }
    }
}

/// The strictest requirement on a node and where it comes from: `chain[0]`
/// sets the value and depends, step by step, on the node itself (last).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requirement {
    pub minutes: i64,
    pub chain: Vec<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gap {
    pub node: Uuid,
    pub objective: Objective,
    /// What the node offers: its own RTO/RPO or SLA.
    pub own: i64,
    pub required: i64,
    pub chain: Vec<Uuid>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Analysis {
    pub required_rto: BTreeMap<Uuid, Requirement>,
    pub required_rpo: BTreeMap<Uuid, Requirement>,
    /// Worst first: the largest shortfall leads.
    pub gaps: Vec<Gap>,
    /// Each cycle as a path that returns to its first node.
    pub cycles: Vec<Vec<Uuid>>,
}

impl Analysis {
    pub fn gaps_for(&self, node: Uuid) -> impl Iterator<Item = &Gap> {
        self.gaps.iter().filter(move |g| g.node == node)
    }

    /// Edges that lie on some gap's chain, to draw them in red.
    pub fn gap_edges(&self) -> Vec<(Uuid, Uuid)> {
        let mut edges: Vec<_> = self
            .gaps
            .iter()
            .flat_map(|g| g.chain.windows(2).map(|w| (w[0], w[1])))
            .collect();
        edges.sort();
        edges.dedup();
        edges
    }
}

pub fn analyse(nodes: &[Node], edges: &[(Uuid, Uuid)]) -> Analysis {
    let index: HashMap<Uuid, usize> = nodes.iter().enumerate().map(|(i, n)| (n.id, i)).collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for (from, to) in edges {
        if let (Some(&f), Some(&t)) = (index.get(from), index.get(to)) {
            children[f].push(t);
        }
    }
    for list in &mut children {
        // Deterministic chains: visit dependencies in name order.
        list.sort_by(|a, b| nodes[*a].name.cmp(&nodes[*b].name));
        list.dedup();
    }
    let required_rto = propagate(nodes, &children, |n| n.rto);
    let required_rpo = propagate(nodes, &children, |n| n.rpo);
    let mut gaps = Vec::new();
    for (objective, required, own) in [
        (
            Objective::Rto,
            &required_rto,
            (|n: &Node| n.rto) as fn(&Node) -> Option<i64>,
        ),
        (Objective::Rpo, &required_rpo, |n: &Node| n.rpo),
    ] {
        for node in nodes {
            if let (Some(own), Some(req)) = (own(node), required.get(&node.id))
                && own > req.minutes
            {
                gaps.push(Gap {
                    node: node.id,
                    objective,
                    own,
                    required: req.minutes,
                    chain: req.chain.clone(),
                });
            }
        }
    }
    gaps.sort_by(|a, b| {
        let ratio = |g: &Gap| g.own as f64 / g.required.max(1) as f64;
        ratio(b)
            .total_cmp(&ratio(a))
            .then_with(|| (b.own - b.required).cmp(&(a.own - a.required)))
    });
    Analysis {
        required_rto,
        required_rpo,
        gaps,
        cycles: cycles(nodes, &children),
    }
}

/// Sources in order of increasing objective; each walks its unassigned
/// dependencies. The first source to reach a node has the smallest value, and
/// everything below an assigned node was reached by an earlier (stricter)
/// source, so each node is assigned once and the walk stops there.
fn propagate(
    nodes: &[Node],
    children: &[Vec<usize>],
    value: impl Fn(&Node) -> Option<i64>,
) -> BTreeMap<Uuid, Requirement> {
    let mut sources: Vec<(i64, usize)> = nodes
        .iter()
        .enumerate()
        .filter_map(|(i, n)| value(n).map(|v| (v, i)))
        .collect();
    sources.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| nodes[a.1].name.cmp(&nodes[b.1].name))
    });
    // Per node: (value, the node it was reached from, the walk's source).
    let mut assigned: Vec<Option<(i64, usize, usize)>> = vec![None; nodes.len()];
    for (minutes, source) in sources {
        let mut stack = Vec::new();
        for &c in children[source].iter().rev() {
            if assigned[c].is_none() {
                assigned[c] = Some((minutes, source, source));
                stack.push(c);
            }
        }
        while let Some(node) = stack.pop() {
            for &c in children[node].iter().rev() {
                if assigned[c].is_none() {
                    assigned[c] = Some((minutes, node, source));
                    stack.push(c);
                }
            }
        }
    }
    let mut out = BTreeMap::new();
    for (i, entry) in assigned.iter().enumerate() {
        let Some((minutes, _, source)) = *entry else {
            continue;
        };
        let mut chain = vec![nodes[i].id];
        let mut at = i;
        // Every node of one walk points back towards its source; the bound
        // only guards the invariant.
        for _ in 0..=nodes.len() {
            let Some((_, parent, _)) = assigned[at] else {
                break;
            };
            chain.push(nodes[parent].id);
            if parent == source {
                break;
            }
            at = parent;
        }
        chain.reverse();
        out.insert(nodes[i].id, Requirement { minutes, chain });
    }
    out
}

/// Cycles via Tarjan's strongly connected components; one readable cycle per
/// component.
fn cycles(nodes: &[Node], children: &[Vec<usize>]) -> Vec<Vec<Uuid>> {
    let n = nodes.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut components: Vec<Vec<usize>> = Vec::new();
    let mut next = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        // Iterative Tarjan: (node, next child position).
        let mut work = vec![(root, 0usize)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut pos)) = work.last_mut() {
            if let Some(&w) = children[v].get(*pos) {
                *pos += 1;
                if index[w] == usize::MAX {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut component = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        component.push(w);
                        if w == v {
                            break;
                        }
                    }
                    let self_loop = children[v].contains(&v);
                    if component.len() > 1 || self_loop {
                        components.push(component);
                    }
                }
            }
        }
    }
    let mut out: Vec<Vec<Uuid>> = components
        .into_iter()
        .map(|component| {
            // Walk inside the component from its first node by name until a
            // node repeats; every member has an edge back into it.
            let start = *component
                .iter()
                .min_by(|a, b| nodes[**a].name.cmp(&nodes[**b].name))
                .expect("non-empty");
            let mut path = vec![start];
            let mut at = start;
            loop {
                let next = *children[at]
                    .iter()
                    .find(|c| component.contains(c))
                    .expect("a cycle member has an edge inside its component");
                if let Some(pos) = path.iter().position(|&p| p == next) {
                    let mut cycle: Vec<Uuid> = path[pos..].iter().map(|&i| nodes[i].id).collect();
                    cycle.push(nodes[next].id);
                    return cycle;
                }
                path.push(next);
                at = next;
            }
        })
        .collect();
    out.sort();
    out
}

/// If adding `from → to` would close a cycle, the path `to → … → from`.
pub fn path_between(edges: &[(Uuid, Uuid)], start: Uuid, goal: Uuid) -> Option<Vec<Uuid>> {
    let mut children: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for &(a, b) in edges {
        children.entry(a).or_default().push(b);
    }
    let mut parent: HashMap<Uuid, Uuid> = HashMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    let mut seen = std::collections::HashSet::from([start]);
    while let Some(at) = queue.pop_front() {
        if at == goal {
            let mut path = vec![goal];
            let mut cur = goal;
            while let Some(&p) = parent.get(&cur) {
                path.push(p);
                cur = p;
            }
            path.reverse();
            return Some(path);
        }
        for &next in children.get(&at).into_iter().flatten() {
            if seen.insert(next) {
                parent.insert(next, at);
                queue.push_back(next);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Graph {
        nodes: Vec<Node>,
        edges: Vec<(Uuid, Uuid)>,
    }

    impl Graph {
        fn new() -> Self {
            Graph {
                nodes: Vec::new(),
                edges: Vec::new(),
            }
        }
        fn node(&mut self, name: &str, kind: NodeKind, rto: Option<i64>, rpo: Option<i64>) -> Uuid {
            let id = Uuid::from_u128(self.nodes.len() as u128 + 1);
            self.nodes.push(Node {
                id,
                kind,
                name: name.into(),
                rto,
                rpo,
            });
            id
        }
        fn dep(&mut self, from: Uuid, to: Uuid) {
            self.edges.push((from, to));
        }
        fn analyse(&self) -> Analysis {
            analyse(&self.nodes, &self.edges)
        }
    }

    #[test]
    fn requirements_roll_up_transitively_to_the_strictest() {
        // Orders (RTO 4) and Invoicing (RTO 24) both use the ERP, which runs
        // on the database, which runs on the SAN.
        let mut g = Graph::new();
        let orders = g.node("Orders", NodeKind::Process, Some(240), Some(15));
        let invoicing = g.node("Invoicing", NodeKind::Process, Some(1440), Some(240));
        let erp = g.node("ERP", NodeKind::System, Some(120), Some(15));
        let db = g.node("Database", NodeKind::System, None, None);
        let san = g.node("SAN", NodeKind::System, Some(60), Some(5));
        g.dep(orders, erp);
        g.dep(invoicing, erp);
        g.dep(erp, db);
        g.dep(db, san);
        let a = g.analyse();
        // The ERP's own RTO (120) is stricter than Orders (240), so it sets the
        // database's and the SAN's requirement.
        assert_eq!(
            a.required_rto[&erp],
            Requirement {
                minutes: 240,
                chain: vec![orders, erp]
            }
        );
        assert_eq!(
            a.required_rto[&db],
            Requirement {
                minutes: 120,
                chain: vec![erp, db]
            }
        );
        assert_eq!(a.required_rto[&san].minutes, 120);
        assert_eq!(a.required_rto[&san].chain, vec![erp, db, san]);
        assert_eq!(a.required_rpo[&erp].minutes, 15);
        assert!(!a.required_rto.contains_key(&orders));
        assert!(a.gaps.is_empty());
        assert!(a.cycles.is_empty());
    }

    #[test]
    fn a_dependency_slower_than_its_dependant_is_a_gap_with_its_chain() {
        let mut g = Graph::new();
        let dispatch = g.node("Dispatch", NodeKind::Process, Some(240), Some(60));
        let tms = g.node("TMS", NodeKind::System, Some(120), Some(60));
        let carrier = g.node("Carrier API", NodeKind::Supplier, Some(1440), None);
        let backup = g.node("Backup vault", NodeKind::System, Some(60), Some(1440));
        g.dep(dispatch, tms);
        g.dep(tms, carrier);
        g.dep(tms, backup);
        let a = g.analyse();
        assert_eq!(a.gaps.len(), 2);
        // 1440 vs 60 RPO is the worse ratio (24×) than 1440 vs 120 RTO (12×).
        let worst = &a.gaps[0];
        assert_eq!(
            (worst.node, worst.objective, worst.own, worst.required),
            (backup, Objective::Rpo, 1440, 60)
        );
        assert_eq!(worst.chain, vec![dispatch, tms, backup]);
        let rto_gap = &a.gaps[1];
        assert_eq!(
            (rto_gap.node, rto_gap.own, rto_gap.required),
            (carrier, 1440, 120)
        );
        assert_eq!(rto_gap.chain, vec![tms, carrier]);
        assert_eq!(a.gap_edges(), {
            let mut e = vec![(dispatch, tms), (tms, backup), (tms, carrier)];
            e.sort();
            e
        });
    }

    #[test]
    fn process_to_process_dependencies_carry_requirements() {
        let mut g = Graph::new();
        let ship = g.node("Shipping", NodeKind::Process, Some(60), None);
        let pick = g.node("Picking", NodeKind::Process, Some(480), None);
        g.dep(ship, pick);
        let a = g.analyse();
        assert_eq!(a.gaps.len(), 1);
        assert_eq!((a.gaps[0].node, a.gaps[0].required), (pick, 60));
    }

    #[test]
    fn cycles_are_reported_and_do_not_hang_the_roll_up() {
        let mut g = Graph::new();
        let a1 = g.node("A", NodeKind::Process, Some(60), None);
        let b = g.node("B", NodeKind::System, Some(120), None);
        let c = g.node("C", NodeKind::System, None, None);
        let d = g.node("D", NodeKind::System, Some(30), None);
        g.dep(a1, b);
        g.dep(b, c);
        g.dep(c, b);
        g.dep(d, d);
        let a = g.analyse();
        assert_eq!(a.cycles, {
            let mut v = vec![vec![b, c, b], vec![d, d]];
            v.sort();
            v
        });
        assert_eq!(a.required_rto[&b].minutes, 60);
        assert_eq!(a.required_rto[&c].minutes, 60);
        assert_eq!(a.required_rto[&d].minutes, 30);
        assert_eq!(a.gaps.len(), 1);
        assert_eq!(a.gaps[0].node, b);
    }

    #[test]
    fn diamond_takes_the_strictest_path() {
        let mut g = Graph::new();
        let fast = g.node("Fast", NodeKind::Process, Some(30), None);
        let slow = g.node("Slow", NodeKind::Process, Some(600), None);
        let mid_slow = g.node("Mid slow", NodeKind::System, None, None);
        let mid_fast = g.node("Mid fast", NodeKind::System, None, None);
        let base = g.node("Base", NodeKind::Site, Some(45), None);
        g.dep(slow, mid_slow);
        g.dep(mid_slow, base);
        g.dep(fast, mid_fast);
        g.dep(mid_fast, base);
        let a = g.analyse();
        assert_eq!(a.required_rto[&base].chain, vec![fast, mid_fast, base]);
        assert_eq!(a.gaps[0].chain, vec![fast, mid_fast, base]);
    }

    #[test]
    fn a_path_back_means_a_new_edge_would_close_a_cycle() {
        let ids: Vec<Uuid> = (1..=3).map(Uuid::from_u128).collect();
        let edges = vec![(ids[0], ids[1]), (ids[1], ids[2])];
        assert_eq!(path_between(&edges, ids[0], ids[2]), Some(ids.clone()));
        assert_eq!(path_between(&edges, ids[2], ids[0]), None);
    }
}
