//! The results board (公示): answered reports whose citizens let them be shown, anonymised (no names, phone
//! numbers, addresses or map points; the grid's name at most; photos only when allowed), newest answer
//! first, and each station's three rates over the last year, so residents see that reports get answers.

use chrono::{DateTime, Duration, TimeZone, Utc};
use uuid::Uuid;

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::app::stats::{Period, grouped, today};
use crate::domain::Localized;
use crate::domain::directory::{Category, Station};
use crate::domain::report::record::{PhotoSource, Report, ReportPhoto};
use crate::domain::stats::Figures;
use crate::domain::stats::grouping::Grouping;

/// At most this many reports a page.
pub const MAX_PAGE: u64 = 50;

/// A station's figures over the last year.
#[derive(Debug, Clone)]
pub struct StationRates {
    pub code: String,
    pub name: Localized,
    pub period: Period,
    pub figures: Figures,
}

/// One report as the board shows it.
#[derive(Debug, Clone)]
pub struct Published {
    pub report: Report,
    pub category: Category,
    pub station: Option<Station>,
    /// The grid's or community's name, never the exact place.
    pub area: Option<Localized>,
    /// The citizen's photos when they let them be shown; none otherwise.
    pub photos: Vec<ReportPhoto>,
}

/// A page of the board.
#[derive(Debug, Clone)]
pub struct ResultsPage {
    pub stations: Vec<StationRates>,
    pub items: Vec<Published>,
    /// Where the next page starts; none on the last.
    pub next: Option<String>,
}

/// The board for one station (by code) or all, `limit` reports after the cursor `before`.
pub async fn results(
    state: &AppState,
    station: Option<&str>,
    before: Option<&str>,
    limit: u64,
) -> Result<ResultsPage, AppError> {
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(AppError::new(ErrorCode::InvalidQuery, format!("`limit` must be 1 to {MAX_PAGE}.")));
    }
    let before = before.map(parse_cursor).transpose()?;
    let stations = state.storage.list_stations().await?;
    let chosen: Option<&Station> =
        match station {
            Some(code) => {
                Some(stations.iter().map(|(s, _)| s).find(|s| s.code == code).ok_or_else(|| {
                    AppError::new(ErrorCode::StationNotFound, format!("There is no station `{code}`."))
                })?)
            }
            None => None,
        };
    let to = today(state);
    let period = Period::new(Some(to - Duration::days(364)), Some(to), to)?;
    let figures = grouped(state, chosen.map(|s| vec![s.id]).as_deref(), period, Some(Grouping::Station)).await?;
    let rates = stations
        .iter()
        .map(|(s, _)| s)
        .filter(|s| chosen.is_none_or(|c| c.id == s.id))
        .map(|s| StationRates {
            code: s.code.clone(),
            name: s.name.clone(),
            period,
            figures: figures
                .groups
                .iter()
                .find(|g| g.key == s.code)
                .map_or_else(|| crate::domain::stats::figures(&[], state.clock.now()), |g| g.figures.clone()),
        })
        .collect();

    let rows = state.storage.published_reports(chosen.map(|s| s.id), before, limit + 1).await?;
    let more = rows.len() as u64 > limit;
    let areas: std::collections::HashMap<Uuid, Localized> =
        state.storage.list_areas().await?.into_iter().map(|a| (a.id, a.name)).collect();
    let mut items = Vec::new();
    for (report, category, station) in rows.into_iter().take(limit as usize) {
        let photos = if report.consent.publish_photos {
            let mut photos = state.storage.report_photos(report.id).await?;
            photos.retain(|p| p.source == PhotoSource::Citizen);
            photos
        } else {
            Vec::new()
        };
        let area = report.area_id.and_then(|id| areas.get(&id).cloned());
        items.push(Published { report, category, station, area, photos });
    }
    let next = if more { items.last().and_then(|p| cursor(&p.report)) } else { None };
    Ok(ResultsPage { stations: rates, items, next })
}

/// `<milliseconds of the answer>.<id>`.
fn cursor(report: &Report) -> Option<String> {
    Some(format!("{}.{}", report.answered_at?.timestamp_millis(), report.id))
}

fn parse_cursor(text: &str) -> Result<(DateTime<Utc>, Uuid), AppError> {
    let bad = || AppError::new(ErrorCode::InvalidQuery, "`before` is the `next` of the page before.");
    let (millis, id) = text.split_once('.').ok_or_else(bad)?;
    let at = millis.parse::<i64>().ok().and_then(|m| Utc.timestamp_millis_opt(m).single()).ok_or_else(bad)?;
    Ok((at, id.parse().map_err(|_| bad())?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_is_read_back_or_refused() {
        let id = Uuid::from_u128(42);
        let at = Utc.timestamp_millis_opt(1_764_547_200_123).single().unwrap_or_default();
        assert_eq!(parse_cursor(&format!("1764547200123.{id}")).ok(), Some((at, id)));
        for bad in ["", "123", "x.y", "123.not-a-uuid", "99999999999999999999.00000000-0000-0000-0000-000000000000"] {
            assert!(parse_cursor(bad).is_err(), "{bad}");
        }
    }
}
