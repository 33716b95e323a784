//! Prometheus metrics for the operators' scraper.

pub mod show;
