//! Evidence: files (stored in the database, once per hash), links and
//! attestations, each with an effective date and a validity period, kept in
//! versions that are never overwritten, and linked to controls, systems,
//! processes and drills.

mod api;
mod pages;
#[cfg(feature = "ssr")]
pub mod sniff;
#[cfg(feature = "ssr")]
pub mod ssr;
mod views;

pub use api::*;
pub use pages::*;
pub use views::*;
