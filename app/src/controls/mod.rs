//! Control checklists for SOC 2, HIPAA and PCI DSS (and any catalog an
//! organisation imports): each control's answer and evidence, readiness per
//! framework and section, and the links between controls that ask for the
//! same thing.

#[cfg(feature = "ssr")]
pub mod catalog;
pub mod status;

mod api;
mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;
mod views;

pub use api::*;
pub use pages::*;
pub use views::*;
