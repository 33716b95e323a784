//! Turning raw requests into typed input, with every failure mapped to a precise problem+json.

pub mod body;
pub mod idempotency;
pub mod json;
pub mod multipart;
