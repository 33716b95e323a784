use actix_web::{get, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::app::error::AppError;
use crate::app::results::{Published, StationRates, results};
use crate::app::state::AppState;
use crate::domain::Localized;
use crate::domain::schedule::local_date;
use crate::domain::stats::Rate;
use crate::domain::workflow::{Outcome, Verdict};
use crate::web::controllers::reports::{CategoryRef, PhotoLinks, photo_links};
use crate::web::problem::Problem;

/// Which board page.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ResultsQuery {
    /// Only this station (code); every station when absent.
    pub station: Option<String>,
    /// Reports a page, 1–50 (default 20).
    #[param(minimum = 1, maximum = 50)]
    pub limit: Option<u64>,
    /// The `next` of the page before (empty: the first page).
    pub before: Option<String>,
}

/// A station's three rates over the last year.
#[derive(Debug, Serialize, ToSchema)]
pub struct StationRatesView {
    #[schema(example = "XH-01")]
    pub code: String,
    pub name: Localized,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub received: u64,
    pub response: Rate,
    pub resolution: Rate,
    pub satisfaction: Rate,
}

/// An answered report as the board shows it: never a name, a phone number, an address or a map point.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublishedView {
    pub category: CategoryRef,
    /// The station's code.
    pub station: Option<String>,
    /// The grid or community it is in, by name.
    pub area: Option<Localized>,
    pub title: Option<String>,
    pub description: String,
    /// The answer the citizen was given.
    pub answer: String,
    pub outcome: Option<Outcome>,
    /// What the citizen said of the answer, once rated.
    pub verdict: Option<Verdict>,
    pub submitted_on: NaiveDate,
    pub answered_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    /// Only when the citizen let them be shown.
    pub photos: Vec<PhotoLinks>,
}

/// A page of the board.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResultsView {
    pub stations: Vec<StationRatesView>,
    pub items: Vec<PublishedView>,
    /// Pass as `before` for the next page; none on the last.
    pub next: Option<String>,
}

impl From<StationRates> for StationRatesView {
    fn from(s: StationRates) -> Self {
        Self {
            code: s.code,
            name: s.name,
            from: s.period.from,
            to: s.period.to,
            received: s.figures.received,
            response: s.figures.response,
            resolution: s.figures.resolution,
            satisfaction: s.figures.satisfaction,
        }
    }
}

fn view(p: Published, signer: &crate::infra::photos::urls::PhotoUrlSigner) -> PublishedView {
    let r = p.report;
    PublishedView {
        photos: photo_links(signer, r.id, &p.photos),
        category: CategoryRef { code: p.category.code, name: p.category.name },
        station: p.station.map(|s| s.code),
        area: p.area,
        title: r.title,
        description: r.description,
        answer: r.answer_text.unwrap_or_default(),
        outcome: r.outcome,
        verdict: r.verdict,
        submitted_on: local_date(r.created_at),
        answered_on: r.answered_at.map(local_date),
        closed_on: r.closed_at.map(local_date),
    }
}

/// The results board (公示): answered reports whose citizens let them be shown (`consent.publish` at filing),
/// newest answer first, without names, phone numbers, addresses or map points (the grid's name at most), photos
/// only when the citizen allowed them (`consent.publish_photos`, short-lived signed links), and each station's
/// response, resolution and satisfaction rates over the last year with their numerators and denominators.
/// Public: the phone app's 公示 page and the kiosk's attract screen show it.
#[utoipa::path(
    tag = "workflow",
    params(ResultsQuery),
    responses(
        (status = 200, description = "The page.", body = ResultsView),
        (status = 404, description = "`station_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/results")]
pub async fn handler(
    state: web::Data<AppState>,
    query: web::Query<ResultsQuery>,
) -> Result<web::Json<ResultsView>, AppError> {
    let before = query.before.as_deref().filter(|b| !b.is_empty());
    let page = results(&state, query.station.as_deref(), before, query.limit.unwrap_or(20)).await?;
    Ok(web::Json(ResultsView {
        stations: page.stations.into_iter().map(StationRatesView::from).collect(),
        items: page.items.into_iter().map(|p| view(p, &state.photos.urls)).collect(),
        next: page.next,
    }))
}
