use actix_web::{get, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::app::stats::{Period, grouped, today};
use crate::domain::access::Principal;
use crate::domain::stats::Figures;
use crate::domain::stats::grouping::Grouping;
use crate::domain::stats::ledger::NamedFigures;
use crate::web::auth::Supervisor;
use crate::web::controllers::stations::supervised_station;
use crate::web::problem::Problem;

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
    /// `station`, `deputy`, `category`, `unit` (the handling unit, 承办单位), `grid` (the grid of the report's
    /// place), `channel` (kiosk, mobile, web, and the assisted channels reception, visit, phone, letter) or
    /// `week` (keyed by the Monday of each local week in the period, empty weeks included), or several of them
    /// separated by commas (`week,category,grid`: the reports are read once, each grouping is in
    /// `groupings`); the total only when absent.
    #[param(example = "week,category")]
    pub group_by: Option<String>,
}

/// One group's figures.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatsGroup {
    /// Station, deputy, category, handling-unit or grid code, the channel, or the week's Monday
    /// (`2026-11-30`); `unassigned` for reports with none.
    pub key: String,
    pub figures: Figures,
}

/// Figures for the period.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatsView {
    pub from: String,
    pub to: String,
    pub total: Figures,
    /// By the (first) grouping asked for.
    pub groups: Vec<StatsGroup>,
    /// By each grouping asked for, by its name (`week`, `category` …).
    pub groupings: std::collections::BTreeMap<String, Vec<StatsGroup>>,
}

/// The closed loop in numbers: counts by status and outcome, median times to the first answer and to close,
/// the on-time rate, and the response, resolution and satisfaction rates (三率), for a period, by station,
/// deputy, category, handling unit, grid, week or channel (how reports came in: kiosk, phone, mailbox, or
/// filed by an official after a reception day, a visit, a call or a letter). Rates over fewer than 10 reports
/// carry `small_sample`. `GET /stats/export` gives the same numbers as a file.
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
    let period = Period::new(query.from, query.to, today(&state))?;
    let (stations, _) = station_scope(&state, &principal, query.station.as_deref()).await?;
    let groupings = match query.group_by.as_deref() {
        Some(text) => text.split(',').map(|g| g.trim().parse::<Grouping>()).collect::<Result<Vec<_>, _>>().map_err(|_| {
            AppError::new(
                ErrorCode::InvalidQuery,
                "`group_by` is one or more of `station`, `deputy`, `category`, `unit`, `grid`, `channel` and `week`, \
                 separated by commas.",
            )
        })?,
        None => Vec::new(),
    };
    let grouped = grouped(&state, stations.as_deref(), period, &groupings).await?;
    let view = |groups: Vec<NamedFigures>| -> Vec<StatsGroup> {
        groups.into_iter().map(|g| StatsGroup { key: g.key, figures: g.figures }).collect()
    };
    let mut groups = Vec::new();
    let mut by_name = std::collections::BTreeMap::new();
    for (i, (grouping, named)) in grouped.groups.into_iter().enumerate() {
        let named = view(named);
        if i == 0 {
            groups = named.clone();
        }
        by_name.insert(grouping.as_str().to_owned(), named);
    }
    Ok(web::Json(StatsView {
        from: period.from.to_string(),
        to: period.to.to_string(),
        total: grouped.total,
        groups,
        groupings: by_name,
    }))
}

/// The stations a supervisor asked for and may see (`None`: every station), and the ledger's words for them:
/// one station's name, the staff member's stations, or the whole district.
pub(crate) async fn station_scope(
    state: &AppState,
    principal: &Principal,
    station: Option<&str>,
) -> Result<(Option<Vec<Uuid>>, String), AppError> {
    Ok(match (station, principal) {
        (Some(code), _) => {
            let id = supervised_station(state, principal, code).await?;
            let name = state.storage.find_station(code).await?.map(|s| s.name.zh).unwrap_or_default();
            (Some(vec![id]), format!("{name} {code}"))
        }
        (None, Principal::Staff { stations, .. }) => (Some(stations.clone()), "本人所在联络站 my stations".to_owned()),
        (None, _) => (None, "全部联络站 all stations".to_owned()),
    })
}
