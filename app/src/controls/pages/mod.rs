//! The checklist pages.

mod checklist;
mod common;
mod control;
mod import;
mod overview;

pub use checklist::ChecklistPage;
pub use common::{ReadinessBar, StatusBadge};
pub use control::ControlPage;
pub use import::CatalogImportPage;
pub use overview::ControlsPage;
