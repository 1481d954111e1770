mod chart;
mod graph;
pub use chart::ImpactChart;
pub use graph::DependencyGraph;
