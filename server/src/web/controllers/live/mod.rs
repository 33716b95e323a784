//! Live updates as Server-Sent Events.

pub mod stream;
