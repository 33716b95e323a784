//! Buildings: places residents can name, each in a grid; deputies can be the contact for a building.

pub mod put;
