//! sea-orm entities: one per table, plain rows with no behaviour.

pub mod account;
pub mod account_station;
pub mod area;
pub mod area_boundary;
pub mod audit_entry;
pub mod building;
pub mod category;
pub mod deputy;
pub mod deputy_area;
pub mod deputy_building;
pub mod deputy_specialty;
pub mod deputy_station;
pub mod handling_unit;
pub mod idempotency_key;
pub mod kiosk;
pub mod lease;
pub mod phone_code;
pub mod reception_day;
pub mod reception_day_deputy;
pub mod refresh_token;
pub mod report;
pub mod report_event;
pub mod report_photo;
pub mod session;
pub mod station;
pub mod station_area;
