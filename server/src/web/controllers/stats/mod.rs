//! Statistics of the closed loop per station, deputy, category, grid, week and period, and the ledger
//! (明白账) as a file.

pub mod export;
pub mod show;
