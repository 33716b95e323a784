//! Report-backs to voters (述职评议): sessions a station schedules, the deputy's one-page record (成绩单)
//! voters read, their votes (one per proven phone number), and results the committee publishes.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::app::report_backs::Session;
use crate::domain::Localized;

pub mod actions;
pub mod create;
pub mod show;

/// The votes counted.
#[derive(Debug, Serialize, ToSchema)]
pub struct VoteResults {
    pub satisfied: u64,
    pub mostly: u64,
    pub not_satisfied: u64,
    pub total: u64,
    /// Satisfied or mostly satisfied, as a share of the votes.
    pub satisfaction: Option<f64>,
    /// Fewer than 10 votes: read with care.
    pub small_sample: bool,
    /// Voters' comments, newest first.
    pub comments: Vec<String>,
}

/// A report-back session.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportBackView {
    pub id: Uuid,
    #[schema(example = "D-003")]
    pub deputy: String,
    pub deputy_name: Localized,
    #[schema(example = "XH-01")]
    pub station: String,
    pub title: String,
    pub place: String,
    /// Voting is open from `opens_at` until `closes_at`.
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub open: bool,
    pub cancelled: bool,
    pub published_at: Option<DateTime<Utc>>,
    /// For the station, the committee and the deputy; for everyone once published.
    pub results: Option<VoteResults>,
}

impl ReportBackView {
    pub fn new(s: &Session, now: DateTime<Utc>) -> Self {
        let r = &s.session;
        Self {
            id: r.id,
            deputy: s.deputy.as_ref().map(|d| d.code.clone()).unwrap_or_default(),
            deputy_name: s.deputy.as_ref().map(|d| d.name.clone()).unwrap_or_default(),
            station: s.station_code.clone(),
            title: r.title.clone(),
            place: r.place.clone(),
            opens_at: r.opens_at,
            closes_at: r.closes_at,
            open: !r.cancelled && r.opens_at <= now && now < r.closes_at,
            cancelled: r.cancelled,
            published_at: r.published_at,
            results: s.results.as_ref().map(|(tally, comments)| VoteResults {
                satisfied: tally.satisfied,
                mostly: tally.mostly,
                not_satisfied: tally.not_satisfied,
                total: tally.total(),
                satisfaction: tally.satisfaction(),
                small_sample: tally.small_sample(),
                comments: comments.clone(),
            }),
        }
    }
}

/// Sessions, latest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportBackList {
    pub items: Vec<ReportBackView>,
}
