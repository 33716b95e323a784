//! Liveness and readiness probes for load balancers and orchestrators.

use serde::Serialize;
use utoipa::ToSchema;

pub mod live;
pub mod ready;

/// The state of one dependency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CheckState {
    Ok,
    Failing,
    NotConfigured,
}

/// A probe's answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok` when every configured dependency answers.
    #[schema(example = "ok")]
    pub status: &'static str,
    /// The database (always checked).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<CheckState>,
    /// Redis (checked when configured).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redis: Option<CheckState>,
}
