//! Middleware that wraps every request.

pub mod head;
pub mod request_id;
