//! Seawall: business continuity and disaster-recovery planning.
//!
//! Each capability is one module holding its pages, its server functions and
//! (behind the `ssr` feature) its database code.

#![recursion_limit = "512"]

pub mod app;
pub mod audit;
pub mod auth;
pub mod bia;
pub mod controls;
pub mod dashboard;
pub mod demo;
pub mod drills;
pub mod error;
pub mod evidence;
pub mod members;
pub mod orgs;
pub mod reports;
pub mod roles;
pub mod systems;
pub mod ui;
pub mod validate;
pub mod workshops;

#[cfg(feature = "ssr")]
pub mod config;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod live;
#[cfg(feature = "ssr")]
pub mod mail;
#[cfg(feature = "ssr")]
pub mod memo;
#[cfg(feature = "ssr")]
pub mod state;

pub use app::{App, shell};
