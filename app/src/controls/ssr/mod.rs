//! Server-only data code for the checklists.

pub mod answers;
pub mod catalogs;
pub mod checklist;
pub mod detail;
pub mod import;
