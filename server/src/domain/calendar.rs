//! Working days in mainland China: Monday to Friday, less public holidays, plus the weekend days made into
//! working days (调休), from a data file of the State Council's notices. Deadlines count in working days.

use std::collections::HashSet;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use serde::Deserialize;

use super::schedule::{at, local_date};

/// The calendar file shipped with the server: 2025 and 2026.
pub const SHIPPED: &str = include_str!("../../calendar/cn.json");

#[derive(Debug, Deserialize)]
struct CalendarFile {
    #[serde(default, rename = "about")]
    _about: Option<String>,
    notices: Vec<Notice>,
    holidays: Vec<Holiday>,
    workdays: Vec<NaiveDate>,
}

/// The notice a year's schedule comes from.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    pub year: i32,
    pub title: String,
    #[serde(default)]
    pub number: Option<String>,
    pub published: NaiveDate,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Holiday {
    name: String,
    from: NaiveDate,
    to: NaiveDate,
}

/// Why a calendar file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum CalendarError {
    #[error("the calendar file is not valid: {0}")]
    Parse(#[from] serde_json::Error),
    #[error("the calendar file is inconsistent: {0}")]
    Inconsistent(String),
}

/// Which days are working days.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkingCalendar {
    holidays: HashSet<NaiveDate>,
    workdays: HashSet<NaiveDate>,
    notices: Vec<Notice>,
}

impl WorkingCalendar {
    /// Reads a calendar file (the shape of `calendar/cn.json`).
    pub fn from_json(text: &str) -> Result<Self, CalendarError> {
        let file: CalendarFile = serde_json::from_str(text)?;
        let mut holidays = HashSet::new();
        for h in &file.holidays {
            if h.to < h.from || (h.to - h.from).num_days() > 14 {
                return Err(CalendarError::Inconsistent(format!("{} {}–{}: not a holiday span", h.name, h.from, h.to)));
            }
            let mut day = h.from;
            while day <= h.to {
                holidays.insert(day);
                day += Duration::days(1);
            }
        }
        let workdays: HashSet<NaiveDate> = file.workdays.into_iter().collect();
        if let Some(both) = workdays.iter().find(|d| holidays.contains(d)) {
            return Err(CalendarError::Inconsistent(format!("{both} is listed as a holiday and a working day")));
        }
        if let Some(weekday) = workdays.iter().find(|d| !is_weekend(**d)) {
            return Err(CalendarError::Inconsistent(format!("{weekday} is a make-up working day but not a weekend")));
        }
        Ok(Self { holidays, workdays, notices: file.notices })
    }

    /// The shipped calendar.
    pub fn shipped() -> Result<Self, CalendarError> {
        Self::from_json(SHIPPED)
    }

    /// The notices the calendar comes from.
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    /// Whether the years' official schedule is known (outside them only weekends are days off).
    pub fn covers(&self, year: i32) -> bool {
        self.notices.iter().any(|n| n.year == year)
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        if self.workdays.contains(&day) {
            return true;
        }
        !self.holidays.contains(&day) && !is_weekend(day)
    }

    /// The end (23:59:59 China time) of the `days`-th working day after the local date of `start`; the day
    /// of `start` itself does not count. Zero days means the end of `start`'s own day.
    pub fn deadline(&self, start: DateTime<Utc>, days: u32) -> DateTime<Utc> {
        let mut day = local_date(start);
        let mut left = days;
        while left > 0 {
            day += Duration::days(1);
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        let end_of_day = NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN);
        at(day, end_of_day)
    }

    /// The start of the local day from which `days` working days up to `now` have passed: any instant before
    /// it is at least `days` working days before `now` (as [`Self::working_days_between`] counts).
    pub fn working_days_back(&self, now: DateTime<Utc>, days: u32) -> DateTime<Utc> {
        let mut day = local_date(now);
        let mut counted = 0;
        // Ten years back at most, so a calendar of nothing but holidays cannot loop for ever.
        for _ in 0..3660 {
            if self.is_working_day(day) {
                counted += 1;
                if counted >= days {
                    break;
                }
            }
            day -= Duration::days(1);
        }
        if days == 0 {
            day += Duration::days(1);
        }
        at(day, NaiveTime::MIN)
    }

    /// Working days after `from`'s local date up to and including `to`'s (0 when `to` is not later).
    pub fn working_days_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> u32 {
        let (mut day, last) = (local_date(from), local_date(to));
        let mut count = 0;
        while day < last {
            day += Duration::days(1);
            if self.is_working_day(day) {
                count += 1;
            }
        }
        count
    }
}

fn is_weekend(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn local(text: &str) -> DateTime<Utc> {
        let (date, time) = text.split_once(' ').unwrap();
        at(d(date), super::super::schedule::parse_time(time).unwrap())
    }

    fn calendar() -> WorkingCalendar {
        WorkingCalendar::shipped().unwrap()
    }

    #[test]
    fn the_shipped_calendar_covers_2025_and_2026_and_names_its_notices() {
        let c = calendar();
        assert!(c.covers(2025) && c.covers(2026) && !c.covers(2027));
        assert!(c.notices().iter().all(|n| n.title.starts_with("国务院办公厅关于")));
    }

    #[test]
    fn holidays_are_off_and_make_up_weekends_are_working_days() {
        let c = calendar();
        // Spring Festival 2026: 15–23 February off; Saturdays 14 and 28 February worked.
        for day in ["2026-02-15", "2026-02-16", "2026-02-20", "2026-02-23"] {
            assert!(!c.is_working_day(d(day)), "{day}");
        }
        assert!(c.is_working_day(d("2026-02-14")));
        assert!(c.is_working_day(d("2026-02-28")));
        assert!(c.is_working_day(d("2026-02-24")));
        // National Day 2025 ran to 8 October; 28 September (Sunday) and 11 October (Saturday) were worked.
        assert!(!c.is_working_day(d("2025-10-08")));
        assert!(c.is_working_day(d("2025-09-28")) && c.is_working_day(d("2025-10-11")));
        // Ordinary weekends and weekdays.
        assert!(!c.is_working_day(d("2026-11-28")) && !c.is_working_day(d("2026-11-29")));
        assert!(c.is_working_day(d("2026-11-30")));
        // Beyond the file, weekends only.
        assert!(c.is_working_day(d("2027-01-01")) && !c.is_working_day(d("2027-01-02")));
    }

    #[test]
    fn deadlines_skip_weekends_holidays_and_count_make_up_days() {
        let c = calendar();
        // Friday 27 November 2026, 3 working days: Mon 30, Tue 1, Wed 2 December.
        assert_eq!(c.deadline(local("2026-11-27 10:00"), 3), local("2026-12-02 23:59:59"));
        // Late on a Friday night in China is still Friday.
        assert_eq!(c.deadline("2026-11-27T15:30:00Z".parse().unwrap(), 1), local("2026-11-30 23:59:59"));
        // From Friday 13 February 2026: Saturday 14 is worked, then nine days off, then Tuesday 24.
        assert_eq!(c.deadline(local("2026-02-13 09:00"), 1), local("2026-02-14 23:59:59"));
        assert_eq!(c.deadline(local("2026-02-13 09:00"), 2), local("2026-02-24 23:59:59"));
        // Across National Day 2026 (1–7 October off, Saturday 10 October worked).
        assert_eq!(c.deadline(local("2026-09-30 16:00"), 1), local("2026-10-08 23:59:59"));
        assert_eq!(c.deadline(local("2026-09-30 16:00"), 3), local("2026-10-10 23:59:59"));
        assert_eq!(c.deadline(local("2026-09-30 16:00"), 0), local("2026-09-30 23:59:59"));
        assert_eq!(c.working_days_between(local("2026-09-30 16:00"), local("2026-10-10 08:00")), 3);
        assert_eq!(c.working_days_between(local("2026-10-10 08:00"), local("2026-09-30 16:00")), 0);
    }

    #[test]
    fn working_days_back_agrees_with_counting_forward() {
        let c = calendar();
        for now in ["2026-02-24 10:00", "2026-10-12 08:00", "2026-11-30 23:00", "2026-11-29 12:00"] {
            let now = local(now);
            for days in 1..6 {
                let cutoff = c.working_days_back(now, days);
                let just_before = cutoff - chrono::Duration::seconds(1);
                assert!(c.working_days_between(just_before, now) >= days, "{now} {days}");
                assert!(c.working_days_between(cutoff, now) < days, "{now} {days}");
            }
        }
    }

    #[test]
    fn an_inconsistent_file_is_refused() {
        let both = r#"{"notices": [], "holidays": [{"name": "x", "from": "2026-02-14", "to": "2026-02-14"}], "workdays": ["2026-02-14"]}"#;
        assert!(matches!(WorkingCalendar::from_json(both), Err(CalendarError::Inconsistent(_))));
        let weekday = r#"{"notices": [], "holidays": [], "workdays": ["2026-11-30"]}"#;
        assert!(matches!(WorkingCalendar::from_json(weekday), Err(CalendarError::Inconsistent(_))));
        let backwards =
            r#"{"notices": [], "holidays": [{"name": "x", "from": "2026-02-14", "to": "2026-02-01"}], "workdays": []}"#;
        assert!(matches!(WorkingCalendar::from_json(backwards), Err(CalendarError::Inconsistent(_))));
        assert!(matches!(WorkingCalendar::from_json("{}"), Err(CalendarError::Parse(_))));
    }
}
