//! The BIA's server functions. Each authorizes first, then works inside the
//! caller's organisation only.

mod graph;
mod processes;
mod resources;
mod review;
mod scale;

pub use graph::*;
pub use processes::*;
pub use resources::*;
pub use review::*;
pub use scale::*;

#[cfg(feature = "ssr")]
pub(crate) mod views;
