//! The BIA's server functions. Each authorizes first, then works inside the
//! caller's organisation only.

mod csv;
mod graph;
mod processes;
mod resources;
mod review;
mod scale;

// `self::` because `csv` is also the name of the CSV crate on the server.
pub use self::csv::*;
pub use graph::*;
pub use processes::*;
pub use resources::*;
pub use review::*;
pub use scale::*;

#[cfg(feature = "ssr")]
pub(crate) use processes::check_assessment;
#[cfg(feature = "ssr")]
pub(crate) mod views;
