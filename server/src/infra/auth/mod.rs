//! Proving who a caller is: key material, signed access tokens and rotating refresh tokens, and password
//! hashing. The extractors that turn an `Authorization` header into a principal live in [`crate::web::auth`];
//! what each principal may reach is decided in [`crate::domain::access`].

pub mod keys;
pub mod password;
pub mod tokens;
pub mod unit_links;

pub use tokens::TokenService;
