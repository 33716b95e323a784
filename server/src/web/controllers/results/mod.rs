//! The results board (公示): what the phone app and the kiosk's attract screen show of answered reports.

pub mod list;
