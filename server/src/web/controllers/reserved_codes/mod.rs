//! Tracking codes a kiosk holds ahead, so that a report saved while the network is down gets its real code
//! on the receipt.

pub mod reserve;
