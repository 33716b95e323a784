//! Proving who a caller is: key material, signed access tokens and rotating refresh tokens, password
//! hashing, and the extractors that turn an `Authorization` header into a [`Principal`].
//!
//! What each principal may reach is decided in [`crate::domain::access`].
//!
//! [`Principal`]: crate::domain::access::Principal

pub mod extract;
pub mod keys;
pub mod password;
pub mod tokens;

pub use extract::{AdminOnly, Authenticated, Caller, CitizenOnly, StaffOrAdmin};
pub use tokens::{Subject, TokenService};
