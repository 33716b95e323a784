use std::collections::{BTreeMap, HashMap};

use actix_web::{get, web};
use chrono::{Duration, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::access::Principal;
use crate::domain::report::record::Report;
use crate::domain::schedule::{at, local_date, plausible};
use crate::domain::stats::{Figures, ReportFacts, figures};
use crate::web::auth::Supervisor;
use crate::web::controllers::stations::supervised_station;
use crate::web::problem::Problem;

/// What the figures are grouped by.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(dead_code)] // Describes `StatsQuery::group_by` in the API document.
pub enum GroupBy {
    Station,
    Deputy,
    Category,
    Unit,
    Channel,
}

/// How to group, and which period.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct StatsQuery {
    /// First local date, 2000–2100 (default 30 days ago).
    #[param(value_type = Option<String>, format = Date, example = "2026-11-01")]
    pub from: Option<NaiveDate>,
    /// Last local date, included, 2000–2100 (default today).
    #[param(value_type = Option<String>, format = Date, example = "2026-11-30")]
    pub to: Option<NaiveDate>,
    /// Only this station (code); staff see only their own stations.
    pub station: Option<String>,
    /// `station`, `deputy`, `category`, `unit` (the handling unit, 承办单位) or `channel` (kiosk, mobile, web,
    /// and the assisted channels reception, visit, phone, letter); the total only when absent.
    #[param(value_type = Option<GroupBy>, inline)]
    pub group_by: Option<String>,
}

/// One group's figures.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatsGroup {
    /// Station, deputy, category or handling-unit code, or the channel; `unassigned` for reports with none.
    pub key: String,
    pub figures: Figures,
}

/// Figures for the period.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatsView {
    pub from: String,
    pub to: String,
    pub total: Figures,
    pub groups: Vec<StatsGroup>,
}

/// The closed loop in numbers: counts by status and outcome, median times to the first answer and to close,
/// the on-time rate, and the response, resolution and satisfaction rates (三率), for a period, by station,
/// deputy, category, handling unit or channel (how reports came in: kiosk, phone, mailbox, or filed by an
/// official after a reception day, a visit, a call or a letter). Rates over fewer than 10 reports carry
/// `small_sample`.
#[utoipa::path(
    tag = "workflow",
    security(("bearer" = [])),
    params(StatsQuery),
    responses(
        (status = 200, description = "The figures.", body = StatsView),
        (status = 403, description = "`forbidden`: staff (their stations), the committee and administrators.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`station_not_found` for the `station` filter.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/stats")]
pub async fn handler(
    state: web::Data<AppState>,
    Supervisor(principal): Supervisor,
    query: web::Query<StatsQuery>,
) -> Result<web::Json<StatsView>, AppError> {
    let now = state.clock.now();
    if [query.from, query.to].into_iter().flatten().any(|d| !plausible(d)) {
        return Err(AppError::new(ErrorCode::InvalidQuery, "Dates must be between 2000 and 2100."));
    }
    let to = query.to.unwrap_or_else(|| local_date(now));
    let from = query.from.unwrap_or(to - Duration::days(30));
    if from > to || (to - from).num_days() > 3660 {
        return Err(AppError::new(ErrorCode::InvalidQuery, "`from` must not be after `to`, and at most ten years."));
    }
    let stations: Option<Vec<Uuid>> = match (&query.station, &principal) {
        (Some(code), _) => Some(vec![supervised_station(&state, &principal, code).await?]),
        (None, Principal::Staff { stations, .. }) => Some(stations.clone()),
        (None, _) => None,
    };
    let reports = state
        .storage
        .reports_in_period(stations.as_deref(), at(from, NaiveTime::MIN), at(to + Duration::days(1), NaiveTime::MIN))
        .await?;
    let key_of: fn(&Report) -> Option<Uuid> = match query.group_by.as_deref() {
        None | Some("channel") => |_| None,
        Some("station") => |r| r.station_id.or(r.routed_station_id),
        Some("deputy") => |r| r.assigned_deputy_id,
        Some("category") => |r| Some(r.category_id),
        Some("unit") => |r| r.handling_unit_id,
        Some(other) => {
            return Err(AppError::new(
                ErrorCode::InvalidQuery,
                format!("`group_by` is `station`, `deputy`, `category`, `unit` or `channel`, not `{other}`."),
            ));
        }
    };
    let by_channel = query.group_by.as_deref() == Some("channel");
    let names = names(&state, query.group_by.as_deref()).await?;
    let mut all = Vec::with_capacity(reports.len());
    let mut grouped: BTreeMap<String, Vec<ReportFacts>> = BTreeMap::new();
    for r in &reports {
        let facts = facts(r);
        if query.group_by.is_some() {
            let key = if by_channel {
                r.channel.as_str().to_owned()
            } else {
                key_of(r).and_then(|id| names.get(&id).cloned()).unwrap_or_else(|| "unassigned".into())
            };
            grouped.entry(key).or_default().push(facts.clone());
        }
        all.push(facts);
    }
    Ok(web::Json(StatsView {
        from: from.to_string(),
        to: to.to_string(),
        total: figures(&all, now),
        groups: grouped.into_iter().map(|(key, facts)| StatsGroup { key, figures: figures(&facts, now) }).collect(),
    }))
}

pub(crate) fn facts(r: &Report) -> ReportFacts {
    ReportFacts {
        status: r.status,
        outcome: r.outcome,
        verdict: r.verdict,
        submitted_at: r.created_at,
        first_answered_at: r.first_answered_at,
        first_answer_due_at: r.first_answer_due_at,
        due_at: r.due_at,
        closed_at: r.closed_at,
    }
}

/// Codes by id for the grouping.
async fn names(state: &AppState, group_by: Option<&str>) -> Result<HashMap<Uuid, String>, AppError> {
    Ok(match group_by {
        Some("station") => state.storage.list_stations().await?.into_iter().map(|(s, _)| (s.id, s.code)).collect(),
        Some("deputy") => state.storage.all_deputies().await?.into_iter().map(|d| (d.id, d.code)).collect(),
        Some("category") => state.storage.all_categories().await?.into_iter().map(|c| (c.id, c.code)).collect(),
        Some("unit") => state.storage.list_handling_units().await?.into_iter().map(|u| (u.id, u.code)).collect(),
        _ => HashMap::new(),
    })
}
