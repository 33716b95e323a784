//! Areas of the administrative tree (district → street/town → community/village → grid), with boundaries.

pub mod put;
