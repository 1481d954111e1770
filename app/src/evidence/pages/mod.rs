//! The evidence pages, and the forms other pages use to add evidence.

mod common;
mod item;
mod library;

pub use common::{EvidenceRow, FreshnessBadge, RecordForm, UploadForm};
pub use item::EvidenceItemPage;
pub use library::EvidencePage;
