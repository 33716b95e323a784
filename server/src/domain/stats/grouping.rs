//! What figures are grouped by, and which group a report falls in: its station, deputy, category, handling
//! unit, grid, channel, or the local week (Monday to Sunday) it was filed in.

use chrono::{Datelike, Days, NaiveDate};
use uuid::Uuid;

use super::ReportFacts;
use crate::domain::report::Channel;
use crate::domain::schedule::local_date;

crate::domain::report::string_enum! {
    /// A way of grouping the figures.
    pub enum Grouping {
        /// The station it was filed at, or routed to.
        Station => "station",
        /// The deputy it is assigned to.
        Deputy => "deputy",
        Category => "category",
        /// The handling unit (承办单位) it was forwarded to.
        Unit => "unit",
        /// The grid (网格) of its place.
        Grid => "grid",
        /// How it came in: kiosk, phone, mailbox, or filed by an official.
        Channel => "channel",
        /// The local week it was filed in, by its Monday.
        Week => "week",
    }
}

impl Grouping {
    /// Every grouping, in the order a report on the figures lists them.
    pub const LEDGER_ORDER: [Grouping; 7] = [
        Grouping::Week,
        Grouping::Category,
        Grouping::Grid,
        Grouping::Deputy,
        Grouping::Unit,
        Grouping::Station,
        Grouping::Channel,
    ];
}

/// What statistics need of one report: its facts and what it can be grouped by.
#[derive(Debug, Clone, PartialEq)]
pub struct StatRow {
    pub facts: ReportFacts,
    /// The station it was filed at or, for a report filed elsewhere, routed to.
    pub station_id: Option<Uuid>,
    pub deputy_id: Option<Uuid>,
    pub category_id: Uuid,
    pub unit_id: Option<Uuid>,
    pub area_id: Option<Uuid>,
    pub channel: Channel,
}

/// The group a report falls in: a directory record (named by the caller), a channel, a week, or none
/// (`unassigned`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum GroupKey {
    Record(Uuid),
    Channel(Channel),
    Week(NaiveDate),
    Unassigned,
}

/// The Monday of the local week `date` falls in.
pub fn week_start(date: NaiveDate) -> NaiveDate {
    date.checked_sub_days(Days::new(u64::from(date.weekday().num_days_from_monday()))).unwrap_or(date)
}

impl StatRow {
    /// The group this report falls in.
    pub fn key(&self, grouping: Grouping) -> GroupKey {
        let record = |id: Option<Uuid>| id.map_or(GroupKey::Unassigned, GroupKey::Record);
        match grouping {
            Grouping::Station => record(self.station_id),
            Grouping::Deputy => record(self.deputy_id),
            Grouping::Category => GroupKey::Record(self.category_id),
            Grouping::Unit => record(self.unit_id),
            Grouping::Grid => record(self.area_id),
            Grouping::Channel => GroupKey::Channel(self.channel),
            Grouping::Week => GroupKey::Week(week_start(local_date(self.facts.submitted_at))),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::domain::report::ReportStatus;

    fn row(submitted: chrono::DateTime<Utc>) -> StatRow {
        StatRow {
            facts: ReportFacts {
                status: ReportStatus::Submitted,
                outcome: None,
                verdict: None,
                submitted_at: submitted,
                first_answered_at: None,
                first_answer_due_at: None,
                due_at: None,
                closed_at: None,
            },
            station_id: None,
            deputy_id: Some(Uuid::from_u128(7)),
            category_id: Uuid::from_u128(1),
            unit_id: None,
            area_id: None,
            channel: Channel::Kiosk,
        }
    }

    #[test]
    fn a_week_starts_on_monday_in_local_time() {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        assert_eq!(week_start(date(2026, 12, 1)), date(2026, 11, 30));
        assert_eq!(week_start(date(2026, 11, 30)), date(2026, 11, 30));
        assert_eq!(week_start(date(2026, 12, 6)), date(2026, 11, 30));
        assert_eq!(week_start(date(2027, 1, 1)), date(2026, 12, 28));
        // Sunday 23:30 in China is Sunday 15:30 UTC; Sunday 16:30 UTC is already Monday there.
        let sunday_night = row(Utc.with_ymd_and_hms(2026, 12, 6, 15, 30, 0).single().unwrap_or_default());
        let monday_morning = row(Utc.with_ymd_and_hms(2026, 12, 6, 16, 30, 0).single().unwrap_or_default());
        assert_eq!(sunday_night.key(Grouping::Week), GroupKey::Week(date(2026, 11, 30)));
        assert_eq!(monday_morning.key(Grouping::Week), GroupKey::Week(date(2026, 12, 7)));
    }

    #[test]
    fn each_grouping_takes_its_own_field_and_missing_ones_are_unassigned() {
        let r = row(Utc::now());
        assert_eq!(r.key(Grouping::Deputy), GroupKey::Record(Uuid::from_u128(7)));
        assert_eq!(r.key(Grouping::Category), GroupKey::Record(Uuid::from_u128(1)));
        assert_eq!(r.key(Grouping::Unit), GroupKey::Unassigned);
        assert_eq!(r.key(Grouping::Grid), GroupKey::Unassigned);
        assert_eq!(r.key(Grouping::Station), GroupKey::Unassigned);
        assert_eq!(r.key(Grouping::Channel), GroupKey::Channel(Channel::Kiosk));
        assert_eq!("grid".parse::<Grouping>().ok(), Some(Grouping::Grid));
        assert!("street".parse::<Grouping>().is_err());
    }
}
