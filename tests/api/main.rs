//! Black-box tests: each test starts its own server on a free port with its own fresh database (SQLite in a
//! temporary folder, or a new PostgreSQL database when `TEST_DATABASE_URL` is set) and talks to it over HTTP.

mod helpers;

mod contract;
mod health;
mod reference_data;
mod reports_errors;
mod reports_idempotency;
mod reports_intake;
mod reports_tracking;
mod shutdown;
