//! The systems' server functions. Each authorizes first, then works inside
//! the caller's organisation only.

mod analysis;
mod csv;
mod design;
mod inventory;

pub use self::csv::*;
pub use analysis::*;
pub use design::*;
pub use inventory::*;
