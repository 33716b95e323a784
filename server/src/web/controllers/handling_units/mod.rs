//! Handling units (承办单位): the offices and companies deputies forward reports to.

pub mod list;
pub mod put;
