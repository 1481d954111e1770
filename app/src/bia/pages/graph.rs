//! The dependency graph drawn in layers: processes nobody depends on at the
//! left, each dependency one column further right than everything that
//! depends on it, gaps in red.
//!
//! The layout is a small Sugiyama-style pass (cycle breaking, longest-path
//! layering, lanes for edges that skip layers, barycentre ordering) kept as a
//! pure function so it can be tested without rendering. The drawing uses SVG
//! presentation attributes only, so it needs no stylesheet.

use crate::bia::duration;
use crate::bia::rollup::NodeKind;
use crate::bia::{GraphNode, GraphView};
use crate::ui::Erase;
use leptos::prelude::*;
use std::collections::{HashMap, HashSet, VecDeque};
use uuid::Uuid;

/// Where a node sits: its column (layer) and its row among the nodes of that
/// column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub layer: usize,
    pub row: usize,
}

/// How an edge runs from its dependant to its dependency. Heights are in
/// drawing units from the top of the graph, like [`Layout::top`].
#[derive(Debug, Clone, PartialEq)]
pub enum Route {
    /// Rightwards: straight into the next layer, or along a lane at each of
    /// these heights through the layers it skips, so it passes between the
    /// nodes there instead of behind them.
    Forward(Vec<f64>),
    /// Closes a cycle, so it has to run back left: along a channel at this
    /// height under all the layers.
    Back(f64),
}

/// The placement of every node of a [`GraphView`]. Heights are in drawing
/// units from the top of the graph, padding not included.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    /// Node ids per layer, from the left; within a layer, from the top.
    pub layers: Vec<Vec<Uuid>>,
    positions: HashMap<Uuid, Position>,
    tops: HashMap<Uuid, f64>,
    routes: HashMap<(Uuid, Uuid), Route>,
    height: f64,
}

impl Layout {
    pub fn position(&self, id: Uuid) -> Option<Position> {
        self.positions.get(&id).copied()
    }

    /// The top of a node's box.
    pub fn top(&self, id: Uuid) -> Option<f64> {
        self.tops.get(&id).copied()
    }

    /// The route of the edge `from → to`; none for an edge from a node to
    /// itself or to a node not in the view.
    pub fn route(&self, from: Uuid, to: Uuid) -> Option<&Route> {
        self.routes.get(&(from, to))
    }

    /// The height of the drawing: the tallest layer and the channels under it.
    pub fn height(&self) -> f64 {
        self.height
    }
}

/// The vertical room a node takes in its column; its box is centred in it.
const NODE_PITCH: f64 = NODE_HEIGHT + ROW_GAP;
/// The vertical room of a lane or channel: enough to tell parallel edges
/// apart.
const LANE_PITCH: f64 = 14.0;
/// The ordering rounds tried before settling; each is a sweep left to right
/// and one back. Small graphs settle in one or two.
const ORDERING_ROUNDS: usize = 4;

/// Lays out the graph: every node of `view` gets a position, whatever the
/// edges, and edges to nodes not in the view are ignored.
///
/// An edge `from → to` means `from` depends on `to`, so dependants are left
/// of their dependencies. A node's layer is the longest path to it from a
/// node nobody depends on. Cycles are broken first by setting aside the edges
/// that close them (found by a depth-first search), so the layering always
/// terminates; those edges are routed back left under the graph. An edge
/// that skips layers gets a lane in each layer it passes.
pub fn layout(view: &GraphView) -> Layout {
    // Work on indices in (kind, name, id) order: every tie below then falls
    // back to processes first and alphabetical order, and the result does not
    // depend on the order the server listed the nodes in.
    let mut nodes: Vec<&GraphNode> = Vec::with_capacity(view.nodes.len());
    let mut seen = HashSet::new();
    for node in &view.nodes {
        if seen.insert(node.node.id) {
            nodes.push(node);
        }
    }
    nodes.sort_by(|a, b| {
        (a.node.kind, &a.node.name, a.node.id).cmp(&(b.node.kind, &b.node.name, b.node.id))
    });
    let n = nodes.len();
    let index: HashMap<Uuid, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, node)| (node.node.id, i))
        .collect();

    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut has_dependants = vec![false; n];
    for edge in &view.edges {
        if let (Some(&from), Some(&to)) = (index.get(&edge.from), index.get(&edge.to))
            && from != to
        {
            out[from].push(to);
            has_dependants[to] = true;
        }
    }
    for targets in &mut out {
        targets.sort_unstable();
        targets.dedup();
    }

    let forward = acyclic_edges(&out, &has_dependants);
    let node_layer = longest_path_layers(n, &forward);

    // Items are what a layer stacks: the nodes (0..n), then the lanes. Every
    // segment between two items spans exactly one layer. The edges set aside
    // to break cycles run under the graph, so they take no part in ordering.
    let mut layer_of = node_layer.clone();
    let mut pitch = vec![NODE_PITCH; n];
    let mut segments: Vec<(usize, usize)> = Vec::new();
    let mut routed: Vec<(usize, usize, Vec<usize>)> = Vec::new();
    for &(from, to) in &forward {
        let mut previous = from;
        let mut lanes = Vec::new();
        for layer in node_layer[from] + 1..node_layer[to] {
            let lane = layer_of.len();
            layer_of.push(layer);
            pitch.push(LANE_PITCH);
            segments.push((previous, lane));
            lanes.push(lane);
            previous = lane;
        }
        segments.push((previous, to));
        if !lanes.is_empty() {
            routed.push((from, to, lanes));
        }
    }
    let forward: HashSet<(usize, usize)> = forward.into_iter().collect();

    let depth = node_layer.iter().max().map_or(0, |&l| l + 1);
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); depth];
    for (item, &layer) in layer_of.iter().enumerate() {
        layers[layer].push(item);
    }
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); layer_of.len()];
    for &(a, b) in &segments {
        neighbours[a].push(b);
        neighbours[b].push(a);
    }

    let mut best = layers.clone();
    let mut fewest = crossings(&layers, &layer_of, &pitch, &segments);
    for _ in 0..ORDERING_ROUNDS {
        if fewest == 0 {
            break;
        }
        for downward in [true, false] {
            sweep(&mut layers, &layer_of, &pitch, &neighbours, downward);
            let count = crossings(&layers, &layer_of, &pitch, &segments);
            if count < fewest {
                fewest = count;
                best = layers.clone();
            }
        }
    }

    let centre = centres(&best, &pitch);
    let mut positions = HashMap::with_capacity(n);
    let mut tops = HashMap::with_capacity(n);
    for (layer, items) in best.iter().enumerate() {
        for (row, &i) in items.iter().filter(|&&i| i < n).enumerate() {
            positions.insert(nodes[i].node.id, Position { layer, row });
            tops.insert(nodes[i].node.id, centre[i] - NODE_HEIGHT / 2.0);
        }
    }
    let id = |i: usize| nodes[i].node.id;
    let mut routes: HashMap<(Uuid, Uuid), Route> = routed
        .into_iter()
        .map(|(from, to, lanes)| {
            let ys = lanes.into_iter().map(|lane| centre[lane]).collect();
            ((id(from), id(to)), Route::Forward(ys))
        })
        .collect();
    let mut height = best
        .iter()
        .map(|items| stacked(items, &pitch))
        .fold(0.0, f64::max);
    for (from, targets) in out.iter().enumerate() {
        for &to in targets {
            if !forward.contains(&(from, to)) {
                routes.insert((id(from), id(to)), Route::Back(height + LANE_PITCH / 2.0));
                height += LANE_PITCH;
            } else {
                routes
                    .entry((id(from), id(to)))
                    .or_insert(Route::Forward(Vec::new()));
            }
        }
    }
    Layout {
        layers: best
            .iter()
            .map(|items| {
                items
                    .iter()
                    .filter(|&&i| i < n)
                    .map(|&i| nodes[i].node.id)
                    .collect()
            })
            .collect(),
        positions,
        tops,
        routes,
        height,
    }
}

/// The edges left once every cycle is broken: a depth-first search from the
/// nodes nobody depends on (then from whatever a cycle kept unreached) drops
/// each edge that leads back to a node still on the search path.
fn acyclic_edges(out: &[Vec<usize>], has_dependants: &[bool]) -> Vec<(usize, usize)> {
    const NEW: u8 = 0;
    const OPEN: u8 = 1;
    const DONE: u8 = 2;
    let n = out.len();
    let mut state = vec![NEW; n];
    let mut forward = Vec::new();
    let roots = (0..n).filter(|&i| !has_dependants[i]).chain(0..n);
    for root in roots {
        if state[root] != NEW {
            continue;
        }
        state[root] = OPEN;
        // An explicit stack of (node, next edge to follow): a long chain of
        // dependencies cannot overflow the call stack.
        let mut stack = vec![(root, 0)];
        while let Some(top) = stack.last_mut() {
            let (from, next) = *top;
            let Some(&to) = out[from].get(next) else {
                state[from] = DONE;
                stack.pop();
                continue;
            };
            top.1 += 1;
            match state[to] {
                NEW => {
                    forward.push((from, to));
                    state[to] = OPEN;
                    stack.push((to, 0));
                }
                OPEN => {} // closes a cycle
                _ => forward.push((from, to)),
            }
        }
    }
    forward
}

/// Each node's layer: 0 for a node with no (acyclic) dependants, otherwise
/// one more than its deepest dependant. `edges` must be acyclic.
fn longest_path_layers(n: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut waiting = vec![0usize; n];
    for &(from, to) in edges {
        out[from].push(to);
        waiting[to] += 1;
    }
    let mut layer = vec![0; n];
    let mut ready: VecDeque<usize> = (0..n).filter(|&i| waiting[i] == 0).collect();
    while let Some(from) = ready.pop_front() {
        for &to in &out[from] {
            layer[to] = layer[to].max(layer[from] + 1);
            waiting[to] -= 1;
            if waiting[to] == 0 {
                ready.push_back(to);
            }
        }
    }
    layer
}

/// The height of a layer's items stacked.
fn stacked(items: &[usize], pitch: &[f64]) -> f64 {
    items.iter().map(|&i| pitch[i]).sum()
}

/// Sets the vertical centre of each item of one layer, the layer centred
/// against the tallest.
fn place(items: &[usize], pitch: &[f64], tallest: f64, centre: &mut [f64]) {
    let mut y = (tallest - stacked(items, pitch)) / 2.0;
    for &i in items {
        centre[i] = y + pitch[i] / 2.0;
        y += pitch[i];
    }
}

fn centres(layers: &[Vec<usize>], pitch: &[f64]) -> Vec<f64> {
    let tallest = layers
        .iter()
        .map(|items| stacked(items, pitch))
        .fold(0.0, f64::max);
    let mut centre = vec![0.0; pitch.len()];
    for items in layers {
        place(items, pitch, tallest, &mut centre);
    }
    centre
}

/// One barycentre pass: reorders each layer by the mean height of its
/// neighbours in the layers already passed (left when `downward`, right
/// otherwise). An item without such neighbours keeps its height; ties keep
/// the (kind, name) order.
fn sweep(
    layers: &mut [Vec<usize>],
    layer_of: &[usize],
    pitch: &[f64],
    neighbours: &[Vec<usize>],
    downward: bool,
) {
    let tallest = layers
        .iter()
        .map(|items| stacked(items, pitch))
        .fold(0.0, f64::max);
    let mut centre = centres(layers, pitch);
    let order: Vec<usize> = if downward {
        (1..layers.len()).collect()
    } else {
        (0..layers.len().saturating_sub(1)).rev().collect()
    };
    for l in order {
        let mut keyed: Vec<(f64, usize)> = layers[l]
            .iter()
            .map(|&i| {
                let near: Vec<f64> = neighbours[i]
                    .iter()
                    .filter(|&&j| {
                        if downward {
                            layer_of[j] < l
                        } else {
                            layer_of[j] > l
                        }
                    })
                    .map(|&j| centre[j])
                    .collect();
                let middle = if near.is_empty() {
                    centre[i]
                } else {
                    near.iter().sum::<f64>() / near.len() as f64
                };
                (middle, i)
            })
            .collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        layers[l] = keyed.into_iter().map(|(_, i)| i).collect();
        place(&layers[l], pitch, tallest, &mut centre);
    }
}

/// How many pairs of segments cross, taking each as a straight line between
/// its items' centres. Close enough to the drawn curves to compare two
/// orderings, and cheap for graphs a BIA holds.
fn crossings(
    layers: &[Vec<usize>],
    layer_of: &[usize],
    pitch: &[f64],
    segments: &[(usize, usize)],
) -> usize {
    let centre = centres(layers, pitch);
    // Each segment as (left layer, height there, right layer, height there).
    let lines: Vec<(f64, f64, f64, f64)> = segments
        .iter()
        .map(|&(a, b)| {
            let (a, b) = if layer_of[a] <= layer_of[b] {
                (a, b)
            } else {
                (b, a)
            };
            (layer_of[a] as f64, centre[a], layer_of[b] as f64, centre[b])
        })
        .collect();
    // Only called within a segment's span, which is at least one layer wide:
    // every segment joins two different layers.
    let at = |(x1, y1, x2, y2): (f64, f64, f64, f64), x: f64| y1 + (y2 - y1) * (x - x1) / (x2 - x1);
    let mut count = 0;
    for (k, &p) in lines.iter().enumerate() {
        for &q in &lines[k + 1..] {
            let (start, end) = (p.0.max(q.0), p.2.min(q.2));
            if start >= end {
                continue;
            }
            let before = at(p, start) - at(q, start);
            let after = at(p, end) - at(q, end);
            if before * after < 0.0 {
                count += 1;
            }
        }
    }
    count
}

const NODE_WIDTH: f64 = 184.0;
const NODE_HEIGHT: f64 = 60.0;
/// Horizontal room between columns for the edges' curves and arrowheads.
const COLUMN_GAP: f64 = 84.0;
const ROW_GAP: f64 = 22.0;
const PADDING: f64 = 16.0;
/// How far an edge closing a cycle swings out beside its ends as it turns.
const TURN: f64 = 28.0;
/// Characters of a name that fit a node at the name's font size.
const NAME_CHARS: usize = 22;
/// The drawing shrinks to fit its container down to this share of its
/// natural size; below it names become too small to read, so it scrolls.
const MIN_SCALE: f64 = 0.7;

const INK: &str = "#15232b";
const INK_SOFT: &str = "#4a5b66";
const EDGE: &str = "#7d8c96";
const GAP: &str = "#c62828";
const ARROW: &str = "bia-graph-arrow";
const ARROW_GAP: &str = "bia-graph-arrow-gap";

/// Fill and border per kind: processes in the brand's teal, each kind of
/// resource in its own soft tint.
fn kind_colours(kind: NodeKind) -> (&'static str, &'static str) {
    match kind {
        NodeKind::Process => ("#d7ecea", "#0f4c5c"),
        NodeKind::System => ("#e8f1fb", "#4a6f96"),
        NodeKind::Supplier => ("#fef4e6", "#a15c07"),
        NodeKind::Site => ("#edf4e4", "#557a2e"),
        NodeKind::Role => ("#f3ecf7", "#7b5a92"),
    }
}

/// Shortens a name to what fits a node, ending in an ellipsis.
fn truncate(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        return name.to_string();
    }
    let kept: String = name.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

/// "RTO 4 h · needs 2 h", either half when only it is known.
fn objective_line(node: &GraphNode) -> Option<String> {
    let own = node.rto.map(|m| format!("RTO {}", duration::format(m)));
    let needed = node
        .required_rto
        .map(|m| format!("needs {}", duration::format(m)));
    match (own, needed) {
        (Some(own), Some(needed)) => Some(format!("{own} · {needed}")),
        (own, needed) => own.or(needed),
    }
}

fn node_view(node: &GraphNode, x: f64, y: f64) -> AnyView {
    let (fill, border) = kind_colours(node.node.kind);
    let (stroke, stroke_width) = if node.gap { (GAP, "3") } else { (border, "1") };
    let class = if node.gap {
        "graph-node graph-node-gap"
    } else {
        "graph-node"
    };
    let line = objective_line(node);
    let mut label = format!("{} ({})", node.node.name, node.node.kind.label());
    if let Some(line) = &line {
        label = format!("{label}, {line}");
    }
    if node.gap {
        label.push_str(", recovers too slowly for what depends on it");
    }
    let line_colour = if node.gap { GAP } else { INK_SOFT };
    view! {
        <g
            class=class
            data-node=node.node.name.clone()
            data-kind=node.node.kind.as_str()
            transform=format!("translate({x:.1},{y:.1})")
        >
            <a href=node.node.href() aria-label=label>
                <title>{node.node.name.clone()}</title>
                <rect
                    width=format!("{NODE_WIDTH:.1}") height=format!("{NODE_HEIGHT:.1}") rx="8"
                    fill=fill stroke=stroke stroke-width=stroke_width
                />
                <text x="10" y="16" font-size="10" letter-spacing="0.04em" fill=INK_SOFT>
                    {node.node.kind.label().to_uppercase()}
                </text>
                <text x="10" y="34" font-size="13" font-weight="600" fill=INK>
                    {truncate(&node.node.name, NAME_CHARS)}
                </text>
                {line.map(|line| view! {
                    <text x="10" y="50" font-size="11" fill=line_colour>{line}</text>
                })}
            </a>
        </g>
    }
    .erase()
}

/// A cubic Bézier path segment to `to`, leaving and arriving horizontally.
fn curve((x1, y1): (f64, f64), (x2, y2): (f64, f64)) -> String {
    let reach = (x2 - x1) / 2.0;
    format!(
        " C{:.1},{y1:.1} {:.1},{y2:.1} {x2:.1},{y2:.1}",
        x1 + reach,
        x2 - reach
    )
}

/// Draws the dependency graph, or says there is nothing to draw.
#[component]
pub fn DependencyGraph(view: GraphView) -> impl IntoView {
    if view.nodes.is_empty() {
        return view! {
            <p class="muted">"No processes or resources yet, so there is no graph to draw."</p>
        }
        .erase();
    }
    let layout = layout(&view);
    let columns = layout.layers.len() as f64;
    // An edge closing a cycle turns round beside its ends; that may be
    // beside the first or last column, so room is kept on both sides.
    let cycles = view
        .edges
        .iter()
        .any(|e| matches!(layout.route(e.from, e.to), Some(Route::Back(_))));
    let side = if cycles { PADDING + TURN } else { PADDING };
    let width = 2.0 * side + columns * NODE_WIDTH + (columns - 1.0) * COLUMN_GAP;
    let height = 2.0 * PADDING + layout.height();
    let column_x = |layer: usize| side + layer as f64 * (NODE_WIDTH + COLUMN_GAP);
    let corner = |id: Uuid| {
        Some((
            column_x(layout.position(id)?.layer),
            PADDING + layout.top(id)?,
        ))
    };
    let by_id: HashMap<Uuid, &GraphNode> = view.nodes.iter().map(|n| (n.node.id, n)).collect();

    // Gap edges last, so no grey edge is painted over a red one.
    let mut edges: Vec<_> = view
        .edges
        .iter()
        .filter(|e| e.from != e.to)
        .filter_map(|e| {
            let (from, to) = (by_id.get(&e.from)?, by_id.get(&e.to)?);
            let layer = layout.position(e.from)?.layer;
            let route = layout.route(e.from, e.to)?;
            Some((e, route, layer, corner(e.from)?, corner(e.to)?, *from, *to))
        })
        .collect();
    edges.sort_by_key(|(e, ..)| e.gap);
    let edge_views = edges
        .into_iter()
        .map(|(edge, route, layer, (fx, fy), (tx, ty), from, to)| {
            // Always from the dependant's right side to the dependency's left
            // side, so the arrowhead reads the same way on every edge.
            let (mut x, mut y) = (fx + NODE_WIDTH, fy + NODE_HEIGHT / 2.0);
            let end = (tx, ty + NODE_HEIGHT / 2.0);
            let mut path = format!("M{x:.1},{y:.1}");
            match route {
                Route::Forward(lanes) => {
                    for (k, &lane) in lanes.iter().enumerate() {
                        let left = column_x(layer + 1 + k);
                        let lane = PADDING + lane;
                        path.push_str(&curve((x, y), (left, lane)));
                        path.push_str(&format!(" H{:.1}", left + NODE_WIDTH));
                        (x, y) = (left + NODE_WIDTH, lane);
                    }
                    path.push_str(&curve((x, y), end));
                }
                Route::Back(channel) => {
                    // Turn down in the gap right of the dependant, run left
                    // under the graph and turn up into the dependency.
                    let channel = PADDING + channel;
                    let ((ex, ey), right, left) = (end, x + TURN, end.0 - TURN);
                    path.push_str(&format!(
                        " C{right:.1},{y:.1} {right:.1},{channel:.1} {x:.1},{channel:.1} H{ex:.1}"
                    ));
                    path.push_str(&format!(
                        " C{left:.1},{channel:.1} {left:.1},{ey:.1} {ex:.1},{ey:.1}"
                    ));
                }
            }
            let (stroke, width, arrow, class) = if edge.gap {
                (GAP, "3", ARROW_GAP, "graph-edge graph-edge-gap")
            } else {
                (EDGE, "1.5", ARROW, "graph-edge")
            };
            let tip = format!("{} depends on {}", from.node.name, to.node.name);
            view! {
                <g class=class data-from=from.node.name.clone() data-to=to.node.name.clone()>
                    <title>{tip}</title>
                    <path
                        d=path fill="none" stroke=stroke stroke-width=width
                        marker-end=format!("url(#{arrow})")
                    />
                </g>
            }
        })
        .collect_view();

    let node_views = view
        .nodes
        .iter()
        .filter_map(|node| {
            let (x, y) = corner(node.node.id)?;
            Some(node_view(node, x, y))
        })
        .collect_view();

    let gaps = view.nodes.iter().filter(|n| n.gap).count();
    let summary = format!(
        "Dependency graph of {} processes and resources with {} dependencies{}",
        view.nodes.len(),
        view.edges.len(),
        match gaps {
            0 => String::new(),
            1 => ", one of them recovering too slowly".to_string(),
            n => format!(", {n} of them recovering too slowly"),
        }
    );
    view! {
        <div class="dependency-graph" style="overflow-x: auto">
            <svg
                viewBox=format!("0 0 {width:.0} {height:.0}")
                width="100%"
                style=format!(
                    "display: block; max-width: {width:.0}px; min-width: {:.0}px",
                    width * MIN_SCALE,
                )
                role="group"
                aria-label=summary
            >
                <defs>
                    // Sized in drawing units rather than stroke widths, so the
                    // thicker gap edges do not get oversized arrowheads.
                    <marker
                        id=ARROW viewBox="0 0 10 10" refX="10" refY="5"
                        markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto"
                    >
                        <path d="M0,0 L10,5 L0,10 z" fill=EDGE />
                    </marker>
                    <marker
                        id=ARROW_GAP viewBox="0 0 10 10" refX="10" refY="5"
                        markerUnits="userSpaceOnUse" markerWidth="12" markerHeight="12" orient="auto"
                    >
                        <path d="M0,0 L10,5 L0,10 z" fill=GAP />
                    </marker>
                </defs>
                {edge_views}
                {node_views}
            </svg>
        </div>
    }
    .erase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bia::{GraphEdge, NodeRef};

    fn node(n: u128, kind: NodeKind, name: &str) -> GraphNode {
        GraphNode {
            node: NodeRef {
                id: Uuid::from_u128(n),
                kind,
                name: name.into(),
            },
            rto: None,
            required_rto: None,
            gap: false,
        }
    }

    fn edge(from: u128, to: u128) -> GraphEdge {
        GraphEdge {
            from: Uuid::from_u128(from),
            to: Uuid::from_u128(to),
            gap: false,
        }
    }

    fn graph(nodes: Vec<GraphNode>, edges: Vec<GraphEdge>) -> GraphView {
        GraphView {
            nodes,
            edges,
            gaps: Vec::new(),
            cycles: Vec::new(),
        }
    }

    fn layer(layout: &Layout, n: u128) -> usize {
        layout.position(Uuid::from_u128(n)).unwrap().layer
    }

    fn row(layout: &Layout, n: u128) -> usize {
        layout.position(Uuid::from_u128(n)).unwrap().row
    }

    #[test]
    fn a_chain_runs_left_to_right() {
        let view = graph(
            vec![
                node(3, NodeKind::Supplier, "Hosting"),
                node(1, NodeKind::Process, "Payroll"),
                node(2, NodeKind::System, "HR system"),
            ],
            vec![edge(1, 2), edge(2, 3)],
        );
        let layout = layout(&view);
        assert_eq!(
            [layer(&layout, 1), layer(&layout, 2), layer(&layout, 3)],
            [0, 1, 2]
        );
        assert!(layout.layers.iter().all(|ids| ids.len() == 1));
        assert_eq!(layout.height(), NODE_PITCH);
    }

    #[test]
    fn a_diamond_puts_the_shared_dependency_after_both_branches() {
        // Process 1 needs systems 2 and 3, which both run at site 4; site 4
        // is also needed directly by the process, but the longest path wins.
        let view = graph(
            vec![
                node(1, NodeKind::Process, "Billing"),
                node(2, NodeKind::System, "ERP"),
                node(3, NodeKind::System, "CRM"),
                node(4, NodeKind::Site, "Data centre"),
            ],
            vec![edge(1, 2), edge(1, 3), edge(2, 4), edge(3, 4), edge(1, 4)],
        );
        let layout = layout(&view);
        assert_eq!(layer(&layout, 1), 0);
        assert_eq!(layer(&layout, 2), 1);
        assert_eq!(layer(&layout, 3), 1);
        assert_eq!(layer(&layout, 4), 2);
        // Ties within a layer go alphabetically.
        assert_eq!((row(&layout, 3), row(&layout, 2)), (0, 1));
    }

    #[test]
    fn a_cycle_terminates_and_places_every_node() {
        let view = graph(
            vec![
                node(1, NodeKind::Process, "Orders"),
                node(2, NodeKind::Process, "Shipping"),
                node(3, NodeKind::System, "Warehouse"),
                node(4, NodeKind::Process, "Sales"),
            ],
            // 1 → 2 → 3 → 1 is a cycle, entered from 4; 3 also depends on
            // itself, which must not count as a layer either.
            vec![edge(1, 2), edge(2, 3), edge(3, 1), edge(4, 1), edge(3, 3)],
        );
        let layout = layout(&view);
        for n in 1..=4 {
            assert!(layout.position(Uuid::from_u128(n)).is_some(), "node {n}");
        }
        assert_eq!(
            [1, 2, 3, 4].map(|n| layer(&layout, n)),
            [1, 2, 3, 0],
            "the cycle is cut where it is entered"
        );
        // The edge that closes it runs back under the single row.
        assert_eq!(
            layout.route(Uuid::from_u128(3), Uuid::from_u128(1)),
            Some(&Route::Back(NODE_PITCH + LANE_PITCH / 2.0))
        );
        assert_eq!(layout.route(Uuid::from_u128(3), Uuid::from_u128(3)), None);
        assert_eq!(layout.height(), NODE_PITCH + LANE_PITCH);

        // A cycle nobody enters still gets a starting point.
        let closed = graph(
            vec![
                node(1, NodeKind::System, "A"),
                node(2, NodeKind::System, "B"),
            ],
            vec![edge(1, 2), edge(2, 1)],
        );
        let closed = super::layout(&closed);
        assert_eq!([layer(&closed, 1), layer(&closed, 2)], [0, 1]);
    }

    #[test]
    fn an_isolated_node_is_placed() {
        let view = graph(
            vec![
                node(1, NodeKind::Process, "Payroll"),
                node(2, NodeKind::System, "HR system"),
                node(3, NodeKind::Role, "Treasurer"),
            ],
            vec![edge(1, 2), edge(9, 1)],
        );
        let layout = layout(&view);
        assert_eq!(layer(&layout, 3), 0);
        assert_eq!(layout.layers[0].len(), 2);
        // Processes come before other kinds in a tie.
        assert_eq!((row(&layout, 1), row(&layout, 3)), (0, 1));
        assert_eq!(layout.position(Uuid::from_u128(9)), None);
    }

    #[test]
    fn rows_are_reordered_to_untangle_edges() {
        // Alphabetically the systems would be listed the other way round
        // from the processes that need them, crossing both edges.
        let view = graph(
            vec![
                node(1, NodeKind::Process, "A process"),
                node(2, NodeKind::Process, "B process"),
                node(3, NodeKind::System, "A system"),
                node(4, NodeKind::System, "B system"),
            ],
            vec![edge(1, 4), edge(2, 3)],
        );
        let layout = layout(&view);
        assert_eq!((row(&layout, 1), row(&layout, 2)), (0, 1));
        assert_eq!((row(&layout, 4), row(&layout, 3)), (0, 1));
    }

    #[test]
    fn shorter_layers_are_centred() {
        let view = graph(
            vec![
                node(1, NodeKind::Process, "A"),
                node(2, NodeKind::Process, "B"),
                node(3, NodeKind::System, "Shared"),
            ],
            vec![edge(1, 3), edge(2, 3)],
        );
        let layout = layout(&view);
        let top = |n| layout.top(Uuid::from_u128(n)).unwrap();
        assert_eq!(top(3), (top(1) + top(2)) / 2.0);
        assert_eq!(layout.height(), 2.0 * NODE_PITCH);
    }

    #[test]
    fn an_edge_skipping_a_layer_runs_in_a_lane_clear_of_the_nodes() {
        // Orders needs the ERP, which runs at the data centre; Orders also
        // needs the data centre directly, past the ERP's column.
        let view = graph(
            vec![
                node(1, NodeKind::Process, "Orders"),
                node(2, NodeKind::System, "ERP"),
                node(3, NodeKind::Site, "Data centre"),
            ],
            vec![edge(1, 2), edge(2, 3), edge(1, 3)],
        );
        let layout = layout(&view);
        let route = |a, b| layout.route(Uuid::from_u128(a), Uuid::from_u128(b));
        assert_eq!(route(1, 2), Some(&Route::Forward(Vec::new())));
        let Some(Route::Forward(lanes)) = route(1, 3) else {
            panic!("1 → 3 should run forward");
        };
        assert_eq!(lanes.len(), 1);
        let erp = layout.top(Uuid::from_u128(2)).unwrap();
        assert!(
            lanes[0] < erp || lanes[0] > erp + NODE_HEIGHT,
            "lane {} crosses the box at {erp}",
            lanes[0]
        );
        assert_eq!(layout.height(), NODE_PITCH + LANE_PITCH);
    }

    #[test]
    fn names_and_objectives_are_summarised() {
        assert_eq!(truncate("Short", NAME_CHARS), "Short");
        let long = truncate("Customer relationship management platform", NAME_CHARS);
        assert_eq!(long.chars().count(), NAME_CHARS);
        assert!(long.ends_with('…'));

        let mut n = node(1, NodeKind::System, "ERP");
        assert_eq!(objective_line(&n), None);
        n.rto = Some(240);
        assert_eq!(objective_line(&n).as_deref(), Some("RTO 4 h"));
        n.required_rto = Some(120);
        assert_eq!(objective_line(&n).as_deref(), Some("RTO 4 h · needs 2 h"));
        n.rto = None;
        assert_eq!(objective_line(&n).as_deref(), Some("needs 2 h"));
    }
}
