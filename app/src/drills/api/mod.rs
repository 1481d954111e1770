//! The drills' server functions. Each authorizes first, then works inside
//! the caller's organisation only.

mod plans;
mod programme;
mod runs;

pub use plans::*;
pub use programme::*;
pub use runs::*;
