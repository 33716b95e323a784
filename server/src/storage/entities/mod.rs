//! sea-orm entities: one per table, plain rows with no behaviour.

pub mod area;
pub mod category;
pub mod idempotency_key;
pub mod report;
pub mod report_event;
pub mod report_photo;
pub mod station;
