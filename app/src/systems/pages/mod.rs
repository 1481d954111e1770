//! The systems pages.

mod backup;
mod chart;
mod common;
mod compare;
mod costs;
mod detail;
mod gaps;
mod import;
mod list;
mod sites;

pub use chart::TierChart;
pub use compare::ComparePage;
pub use costs::CostsPage;
pub use detail::SystemPage;
pub use gaps::SystemGapsPage;
pub use import::SystemsImportPage;
pub use list::{Glance, SystemsPage};
pub use sites::SitesPage;
