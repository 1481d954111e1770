//! Server-only data code for evidence: storage, checks, uploads and downloads.

pub mod detail;
pub mod fields;
pub mod store;
pub mod upload;
