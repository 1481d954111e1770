//! Integration tests: the real server on port 0 against a real database.
//! SQLite by default; set `SEAWALL_TEST_POSTGRES_URL` (an admin connection
//! URL) to run the same tests against PostgreSQL, one fresh database each.

mod accounts;
mod audit;
mod backup;
mod bia;
mod controls;
mod crash;
mod drills;
mod ics;
mod invites;
mod isolation;
mod load;
mod mail;
mod matrix;
mod members;
mod pages;
mod reports;
mod reviews;
mod support;
mod systems;
mod workshops;
