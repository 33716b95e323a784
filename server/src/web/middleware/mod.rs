//! Middleware that wraps every request.

pub mod head;
pub mod methods;
pub mod page_policy;
pub mod people_pages;
pub mod request_id;
