//! Statistics of the closed loop per station, deputy, category and period.

pub mod show;
