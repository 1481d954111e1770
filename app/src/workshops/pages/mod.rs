//! Workshop pages: the list, the live room, and the summary.

mod list;
mod room;
mod summary;

pub use list::WorkshopsPage;
pub use room::WorkshopPage;
pub use summary::WorkshopSummaryPage;
