//! The closed loop in numbers: a period's figures for a set of stations, grouped one way (`GET /stats`), or
//! every way with the list of its reports as the ledger (明白账) the committee receives
//! (`GET /stats/export`). Both read the same rows and count with the same rules, so the numbers agree.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Days, Duration, NaiveDate, NaiveTime, Utc};
use uuid::Uuid;

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::schedule::{at, local_date, plausible};
use crate::domain::stats::grouping::{GroupKey, Grouping, StatRow, week_start};
use crate::domain::stats::ledger::{Ledger, LedgerLine, NamedFigures, ReportLine, channel_name};
use crate::domain::stats::{Figures, ReportFacts, figures};

/// At most this many days in one period (ten years).
const MAX_DAYS: i64 = 3660;

/// A period of local dates, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// The period asked for: `to` defaults to `today` and `from` to 30 days before `to`; dates between 2000
    /// and 2100, `from` not after `to`, at most ten years.
    pub fn new(from: Option<NaiveDate>, to: Option<NaiveDate>, today: NaiveDate) -> Result<Self, AppError> {
        Self::reaching_back(from, to, today, 30)
    }

    /// The same, with `from` defaulting to `days` before `to`.
    pub fn reaching_back(
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        today: NaiveDate,
        days: i64,
    ) -> Result<Self, AppError> {
        if [from, to].into_iter().flatten().any(|d| !plausible(d)) {
            return Err(AppError::new(ErrorCode::InvalidQuery, "Dates must be between 2000 and 2100."));
        }
        let to = to.unwrap_or(today);
        let from = from.unwrap_or(to - Duration::days(days));
        if from > to || (to - from).num_days() > MAX_DAYS {
            return Err(AppError::new(
                ErrorCode::InvalidQuery,
                "`from` must not be after `to`, and at most ten years.",
            ));
        }
        Ok(Self { from, to })
    }

    fn bounds(self) -> (DateTime<Utc>, DateTime<Utc>) {
        (at(self.from, NaiveTime::MIN), at(self.to + Duration::days(1), NaiveTime::MIN))
    }
}

/// A period's figures, in total and by each grouping asked for.
#[derive(Debug, Clone)]
pub struct Grouped {
    pub period: Period,
    pub total: Figures,
    /// For each grouping, in the order asked: by the key's code, or by date for weeks.
    pub groups: Vec<(Grouping, Vec<NamedFigures>)>,
}

/// The figures of the reports filed in `period` at or routed to `stations` (all when `None`), grouped by
/// each of `groupings` (the reports are read once, however many groupings).
pub async fn grouped(
    state: &AppState,
    stations: Option<&[Uuid]>,
    period: Period,
    groupings: &[Grouping],
) -> Result<Grouped, AppError> {
    let now = state.clock.now();
    let (from, to) = period.bounds();
    let lines = state.storage.report_lines_in_period(stations, None, from, to).await?;
    let names = Names::load(state, groupings).await?;
    let rows: Vec<&StatRow> = lines.iter().map(|l| &l.row).collect();
    Ok(Grouped {
        period,
        total: total(&rows, now),
        groups: groupings.iter().map(|&g| (g, group(&rows, g, period, &names, now))).collect(),
    })
}

/// The ledger of `period` for `stations` (all when `None`), titled `scope`.
pub async fn ledger(
    state: &AppState,
    stations: Option<&[Uuid]>,
    scope: String,
    period: Period,
) -> Result<Ledger, AppError> {
    let now = state.clock.now();
    let (from, to) = period.bounds();
    let lines = state.storage.report_lines_in_period(stations, None, from, to).await?;
    let names = Names::load(state, &Grouping::LEDGER_ORDER).await?;
    let buildings: HashMap<Uuid, String> =
        state.storage.list_buildings().await?.into_iter().map(|b| (b.id, b.name)).collect();
    let rows: Vec<&StatRow> = lines.iter().map(|l| &l.row).collect();
    let groups = Grouping::LEDGER_ORDER.into_iter().map(|g| (g, group(&rows, g, period, &names, now))).collect();
    Ok(Ledger {
        scope,
        from: period.from,
        to: period.to,
        generated_at: now,
        total: total(&rows, now),
        groups,
        lines: lines.into_iter().map(|l| line(l, &names, &buildings, now)).collect(),
    })
}

/// The figures of the reports filed in `period` and assigned to `deputy` (the deputy's record).
pub async fn deputy_figures(state: &AppState, deputy: Uuid, period: Period) -> Result<Figures, AppError> {
    let (from, to) = period.bounds();
    let lines = state.storage.report_lines_in_period(None, Some(deputy), from, to).await?;
    let rows: Vec<&StatRow> = lines.iter().map(|l| &l.row).collect();
    Ok(total(&rows, state.clock.now()))
}

fn total(rows: &[&StatRow], now: DateTime<Utc>) -> Figures {
    let facts: Vec<ReportFacts> = rows.iter().map(|r| r.facts.clone()).collect();
    figures(&facts, now)
}

/// The figures of each group, by key; for weeks, every week of the period, empty ones too (a trend line
/// needs its zeros).
fn group(
    rows: &[&StatRow],
    grouping: Grouping,
    period: Period,
    names: &Names,
    now: DateTime<Utc>,
) -> Vec<NamedFigures> {
    let mut groups: BTreeMap<String, (String, Vec<ReportFacts>)> = BTreeMap::new();
    if grouping == Grouping::Week {
        let mut monday = week_start(period.from);
        while monday <= period.to {
            groups.insert(monday.to_string(), (monday.to_string(), Vec::new()));
            monday = monday.checked_add_days(Days::new(7)).unwrap_or(NaiveDate::MAX);
        }
    }
    for row in rows {
        let (key, name) = names.label(&row.key(grouping));
        groups.entry(key).or_insert_with(|| (name, Vec::new())).1.push(row.facts.clone());
    }
    groups.into_iter().map(|(key, (name, facts))| NamedFigures { key, name, figures: figures(&facts, now) }).collect()
}

fn line(l: ReportLine, names: &Names, buildings: &HashMap<Uuid, String>, now: DateTime<Utc>) -> LedgerLine {
    let name = |grouping| names.label(&l.row.key(grouping)).1;
    let named = |grouping| if l.row.key(grouping) == GroupKey::Unassigned { String::new() } else { name(grouping) };
    LedgerLine {
        category: name(Grouping::Category),
        station: named(Grouping::Station),
        grid: named(Grouping::Grid),
        deputy: named(Grouping::Deputy),
        unit: named(Grouping::Unit),
        building: l.building_id.and_then(|id| buildings.get(&id).cloned()).unwrap_or_default(),
        on_time: l.row.facts.on_time(now),
        tracking_code: l.tracking_code,
        submitted_at: l.row.facts.submitted_at,
        channel: l.row.channel,
        title: l.title.unwrap_or_default(),
        status: l.row.facts.status,
        outcome: l.row.facts.outcome,
        verdict: l.row.facts.verdict,
        first_answered_at: l.row.facts.first_answered_at,
        closed_at: l.row.facts.closed_at,
    }
}

/// Codes and Chinese names of the records reports point at, for the groupings in use.
#[derive(Debug, Default)]
struct Names {
    records: HashMap<Uuid, (String, String)>,
}

impl Names {
    async fn load(state: &AppState, groupings: &[Grouping]) -> Result<Self, AppError> {
        let storage = &state.storage;
        let mut records = HashMap::new();
        for grouping in groupings {
            let named: Vec<(Uuid, String, String)> = match grouping {
                Grouping::Station => {
                    storage.list_stations().await?.into_iter().map(|(s, _)| (s.id, s.code, s.name.zh)).collect()
                }
                Grouping::Deputy => {
                    storage.all_deputies().await?.into_iter().map(|d| (d.id, d.code, d.name.zh)).collect()
                }
                Grouping::Category => {
                    storage.all_categories().await?.into_iter().map(|c| (c.id, c.code, c.name.zh)).collect()
                }
                Grouping::Unit => {
                    storage.list_handling_units().await?.into_iter().map(|u| (u.id, u.code, u.name.zh)).collect()
                }
                Grouping::Grid => storage.list_areas().await?.into_iter().map(|a| (a.id, a.code, a.name.zh)).collect(),
                Grouping::Channel | Grouping::Week => Vec::new(),
            };
            records.extend(named.into_iter().map(|(id, code, name)| (id, (code, name))));
        }
        Ok(Self { records })
    }

    /// The key (a code, a channel, a date, or `unassigned`) and the name of a group.
    fn label(&self, key: &GroupKey) -> (String, String) {
        let unassigned = || ("unassigned".to_owned(), "未分配 unassigned".to_owned());
        match key {
            GroupKey::Record(id) => self.records.get(id).cloned().unwrap_or_else(unassigned),
            GroupKey::Channel(channel) => (channel.as_str().to_owned(), channel_name(*channel)),
            GroupKey::Week(monday) => (monday.to_string(), monday.to_string()),
            GroupKey::Unassigned => unassigned(),
        }
    }
}

/// Today in China, for the default period.
pub fn today(state: &AppState) -> NaiveDate {
    local_date(state.clock.now())
}
