//! The drills pages.

mod calendar;
mod chart;
mod common;
mod overview;
mod plan;
mod run;

pub use calendar::{AgendaItem, CalendarPage};
pub use chart::RestoreChart;
pub use common::VerdictBadge;
pub use overview::{DrillsPage, ReadinessTiles};
pub use plan::PlanPage;
pub use run::RunPage;
