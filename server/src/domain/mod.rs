//! The pure core: rules about reports that hold whatever stores or serves them.
//!
//! Nothing in here performs I/O. Handlers and storage call into these types; these types never call out.

pub mod access;
pub mod account;
pub mod binding;
pub mod booking;
pub mod calendar;
pub mod clock;
pub mod coordinates;
pub mod deadlines;
pub mod directory;
pub mod duplicates;
pub mod duty;
pub mod emergency;
pub mod geometry;
pub mod identity;
pub mod kiosk_aids;
pub mod links;
pub mod localized;
pub mod notify;
pub mod recipients;
pub mod reference;
pub mod report;
pub mod routing;
pub mod schedule;
pub mod stats;
pub mod tracking_code;
pub mod workflow;

pub use localized::Localized;
