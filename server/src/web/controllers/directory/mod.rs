//! The whole directory as staff and administrators edit it.

pub mod export;
