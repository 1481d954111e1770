//! The BIA's pages.

mod approved;
mod assessment;
mod chart;
mod deps;
mod graph;
mod graph_page;
mod import;
mod overview;
mod process;
mod resources;
mod scale_page;

pub use approved::ApprovedPage;
pub use assessment::{AssessmentEditor, AssessmentTable};
pub use chart::ImpactChart;
pub use deps::{Chain, DependencyCard, RequirementLine};
pub use graph::DependencyGraph;
pub use graph_page::GraphPage;
pub use import::{CsvImportForm, ImportPage};
pub use overview::{BiaPage, format_money, people_options};
pub use process::ProcessPage;
pub use resources::{ResourcePage, ResourcesPage};
pub use scale_page::ScalePage;
