//! Reception days (代表接待日): when deputies receive residents at a station, and who is on duty now, later
//! today and next. Times are wall-clock times in China (UTC+8 all year, no daylight saving).

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, Offset, Utc};
use serde::{Deserialize, Serialize};

use super::Localized;

/// China Standard Time, the zone every station keeps its schedule in.
pub fn china() -> FixedOffset {
    // 8 h is always in range; the fallback is never taken.
    FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| Utc.fix())
}

/// The IANA name of [`china`], as the API reports it.
pub const TIME_ZONE: &str = "Asia/Shanghai";

/// One reception slot as it is loaded and edited: a station, a local date and time window, and the deputies
/// who receive residents then.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReceptionRecord {
    /// Station code.
    #[schema(example = "XH-01")]
    pub station: String,
    /// Local date in China.
    #[schema(value_type = String, format = Date, example = "2026-12-01")]
    pub date: NaiveDate,
    /// Local time in China, `HH:MM`.
    #[serde(with = "hh_mm")]
    #[schema(value_type = String, example = "09:00")]
    pub start: NaiveTime,
    #[serde(with = "hh_mm")]
    #[schema(value_type = String, example = "11:30")]
    pub end: NaiveTime,
    /// Deputy codes.
    pub deputies: Vec<String>,
    #[serde(default)]
    pub note: Option<Localized>,
    /// Places for residents who book ahead (预约); 10 when a new slot leaves it out, unchanged when an existing
    /// one does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 10, minimum = 0, maximum = 500)]
    pub capacity: Option<i32>,
}

/// Places a new slot offers for booking unless told otherwise.
pub const DEFAULT_CAPACITY: i32 = 10;

impl ReceptionRecord {
    /// When the slot starts and ends, in UTC.
    pub fn window(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        (at(self.date, self.start), at(self.date, self.end))
    }

    /// What names the slot: station, date and start, e.g. `XH-01 2026-12-01 09:00`.
    pub fn key(&self) -> String {
        format!("{} {} {}", self.station, self.date, self.start.format("%H:%M"))
    }

    /// Problems with the slot on its own (the caller checks the codes it names).
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let at = format!("reception day `{}`", self.key());
        if !plausible(self.date) {
            problems.push(format!("{at}: the date must be between 2000 and 2100"));
        }
        if self.end <= self.start {
            problems.push(format!("{at}: ends at {} before it starts", self.end.format("%H:%M")));
        }
        if self.deputies.is_empty() {
            problems.push(format!("{at}: names no deputy"));
        }
        if self.capacity.is_some_and(|c| !(0..=500).contains(&c)) {
            problems.push(format!("{at}: places for booking must be 0 to 500"));
        }
        problems
    }
}

/// A local date and time in China, as UTC.
pub fn at(date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    // A fixed offset has exactly one instant for every local time.
    let local = date.and_time(time);
    // Only the first hours of chrono's earliest day cannot move back; they stay as they are.
    local.checked_sub_signed(Duration::hours(8)).unwrap_or(local).and_utc()
}

/// Whether a date is one a schedule or a statistics query can sensibly name (2000 to 2100), so arithmetic
/// on it never leaves chrono's range.
pub fn plausible(date: NaiveDate) -> bool {
    (2000..=2100).contains(&chrono::Datelike::year(&date))
}

/// The local date in China at an instant.
pub fn local_date(instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&china()).date_naive()
}

/// Serde for `HH:MM` times.
mod hh_mm {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(time: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&time.format("%H:%M").to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
        let text = String::deserialize(d)?;
        super::parse_time(&text).ok_or_else(|| serde::de::Error::custom(format!("`{text}` is not a time like 09:30")))
    }
}

/// Parses `9:30`, `09:30` or `09:30:00`.
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").or_else(|_| NaiveTime::parse_from_str(text.trim(), "%H:%M:%S")).ok()
}

/// A stored slot, as the on-duty question needs it.
pub trait Slot {
    fn starts_at(&self) -> DateTime<Utc>;
    fn ends_at(&self) -> DateTime<Utc>;
}

/// The next instant after `now` at which an answer about `slots` may change with the time alone: a slot
/// starting or ending (who is on duty; whether a place can still be booked), or the local date turning.
pub fn next_change<S: Slot>(slots: &[S], now: DateTime<Utc>) -> DateTime<Utc> {
    let midnight = at(local_date(now) + Duration::days(1), NaiveTime::MIN);
    slots.iter().flat_map(|s| [s.starts_at(), s.ends_at()]).filter(|t| *t > now).fold(midnight, DateTime::min)
}

/// The last instant at or before `now` at which an answer about `slots` may have changed with the time alone
/// (a slot starting or ending, or local midnight): the answer made at `now` holds from then.
pub fn last_change<S: Slot>(slots: &[S], now: DateTime<Utc>) -> DateTime<Utc> {
    let midnight = at(local_date(now), NaiveTime::MIN);
    slots.iter().flat_map(|s| [s.starts_at(), s.ends_at()]).filter(|t| *t <= now).fold(midnight, DateTime::max)
}

/// Who receives residents: during `now`, later on the same local day, and the first slot after `now`.
#[derive(Debug, PartialEq)]
pub struct OnDuty<'a, S> {
    /// Slots running at this instant.
    pub now: Vec<&'a S>,
    /// Every slot of today's local date, in order (including those past and running).
    pub today: Vec<&'a S>,
    /// The first slot that starts after this instant.
    pub next: Option<&'a S>,
}

/// Sorts out `slots` (any order) around `now`.
pub fn on_duty<S: Slot>(slots: &[S], now: DateTime<Utc>) -> OnDuty<'_, S> {
    let mut sorted: Vec<&S> = slots.iter().collect();
    sorted.sort_by_key(|s| (s.starts_at(), s.ends_at()));
    let today = local_date(now);
    OnDuty {
        now: sorted.iter().copied().filter(|s| s.starts_at() <= now && now < s.ends_at()).collect(),
        today: sorted.iter().copied().filter(|s| local_date(s.starts_at()) == today).collect(),
        next: sorted.iter().copied().find(|s| s.starts_at() > now),
    }
}

/// A month of demo reception days from a week before `today`: every station receives residents on Tuesday
/// and Thursday mornings and Saturday afternoons, its deputies taking turns two at a time.
pub fn demo_schedule(today: NaiveDate, stations: &[(String, Vec<String>)]) -> Vec<ReceptionRecord> {
    use chrono::{Datelike, Weekday};
    let (Some(morning), Some(noon), Some(afternoon), Some(evening)) = (
        NaiveTime::from_hms_opt(9, 0, 0),
        NaiveTime::from_hms_opt(11, 30, 0),
        NaiveTime::from_hms_opt(14, 30, 0),
        NaiveTime::from_hms_opt(17, 0, 0),
    ) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (station, deputies) in stations {
        if deputies.is_empty() {
            continue;
        }
        let mut turn = 0usize;
        for offset in -7..=30 {
            let date = today + Duration::days(offset);
            let window = match date.weekday() {
                Weekday::Tue | Weekday::Thu => (morning, noon),
                Weekday::Sat => (afternoon, evening),
                _ => continue,
            };
            let pair = (0..2.min(deputies.len())).map(|k| deputies[(turn + k) % deputies.len()].clone()).collect();
            turn += 2;
            out.push(ReceptionRecord {
                station: station.clone(),
                date,
                start: window.0,
                end: window.1,
                deputies: pair,
                note: Some(Localized::new(
                    "代表接待日，欢迎来站反映问题",
                    "Deputies' reception day: come and talk to us",
                )),
                capacity: None,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct S(DateTime<Utc>, DateTime<Utc>);

    impl Slot for S {
        fn starts_at(&self) -> DateTime<Utc> {
            self.0
        }
        fn ends_at(&self) -> DateTime<Utc> {
            self.1
        }
    }

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn t(text: &str) -> NaiveTime {
        parse_time(text).unwrap()
    }

    fn slot(date: &str, start: &str, end: &str) -> S {
        S(at(d(date), t(start)), at(d(date), t(end)))
    }

    #[test]
    fn local_times_are_eight_hours_ahead_of_utc() {
        assert_eq!(at(d("2026-12-01"), t("09:00")).to_rfc3339(), "2026-12-01T01:00:00+00:00");
        assert_eq!(at(d("2026-12-01"), t("07:59")).to_rfc3339(), "2026-11-30T23:59:00+00:00");
        assert_eq!(local_date("2026-11-30T16:00:00Z".parse().unwrap()), d("2026-12-01"));
        assert_eq!(local_date("2026-11-30T15:59:59Z".parse().unwrap()), d("2026-11-30"));
    }

    #[test]
    fn times_parse_with_or_without_seconds_and_leading_zero() {
        assert_eq!(parse_time("9:30"), Some(t("09:30")));
        assert_eq!(parse_time("09:30:00"), Some(t("09:30")));
        assert_eq!(parse_time("25:00"), None);
        assert_eq!(parse_time("nine"), None);
    }

    #[test]
    fn on_duty_sorts_slots_around_the_instant() {
        let slots = vec![
            slot("2026-12-03", "09:00", "11:30"),
            slot("2026-12-01", "14:30", "17:00"),
            slot("2026-12-01", "09:00", "11:30"),
            slot("2026-11-28", "09:00", "11:30"),
        ];
        // 10:00 local on 1 December.
        let now = at(d("2026-12-01"), t("10:00"));
        let duty = on_duty(&slots, now);
        assert_eq!(duty.now, vec![&slots[2]]);
        assert_eq!(duty.today, vec![&slots[2], &slots[1]]);
        assert_eq!(duty.next, Some(&slots[1]));
        // Exactly at the end of a slot it is over; at its start it has begun.
        let duty = on_duty(&slots, at(d("2026-12-01"), t("11:30")));
        assert!(duty.now.is_empty());
        let duty = on_duty(&slots, at(d("2026-12-01"), t("14:30")));
        assert_eq!(duty.now, vec![&slots[1]]);
        assert_eq!(duty.next, Some(&slots[0]));
        // Late at night nothing is on today, and the next one is days away.
        let duty = on_duty(&slots, at(d("2026-12-02"), t("23:00")));
        assert!(duty.now.is_empty() && duty.today.is_empty());
        assert_eq!(duty.next, Some(&slots[0]));
        let duty = on_duty(&slots, at(d("2026-12-04"), t("08:00")));
        assert_eq!(duty.next, None);
    }

    #[test]
    fn a_slot_must_end_after_it_starts_and_name_a_deputy() {
        let record = ReceptionRecord {
            station: "XH-01".into(),
            date: d("2026-12-01"),
            start: t("11:00"),
            end: t("09:00"),
            deputies: vec![],
            note: None,
            capacity: Some(-1),
        };
        let problems = record.problems().join("\n");
        assert!(problems.contains("ends at 09:00 before it starts"), "{problems}");
        assert!(problems.contains("names no deputy"), "{problems}");
        assert!(problems.contains("places for booking must be 0 to 500"), "{problems}");
    }

    #[test]
    fn the_demo_month_covers_from_a_week_ago_to_a_month_ahead_with_deputies_taking_turns() {
        let stations = vec![("XH-01".to_owned(), vec!["A".to_owned(), "B".to_owned(), "C".to_owned()])];
        let today = d("2026-11-29"); // a Sunday
        let days = demo_schedule(today, &stations);
        assert!(days.iter().all(|r| r.problems().is_empty()));
        assert_eq!(days.first().map(|r| r.date), Some(d("2026-11-24")));
        assert!(days.iter().all(|r| r.date <= d("2026-12-29")));
        // Three slots a week for five and a bit weeks.
        assert!((15..=17).contains(&days.len()), "{}", days.len());
        assert_eq!(days[0].deputies, vec!["A", "B"]);
        assert_eq!(days[1].deputies, vec!["C", "A"]);
        let json = serde_json::to_value(&days[0]).unwrap();
        assert_eq!(json["start"], "09:00");
        let back: ReceptionRecord = serde_json::from_value(json).unwrap();
        assert_eq!(back, days[0]);
    }

    #[test]
    fn an_answer_about_slots_changes_at_the_next_start_or_end_or_at_local_midnight() {
        let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().to_utc();
        let slots = [
            S(t("2026-12-01T01:00:00Z"), t("2026-12-01T03:30:00Z")),
            S(t("2026-12-02T01:00:00Z"), t("2026-12-02T03:30:00Z")),
        ];
        // 09:30 local: the running slot ends at 11:30 local.
        assert_eq!(next_change(&slots, t("2026-12-01T01:30:00Z")), t("2026-12-01T03:30:00Z"));
        // After it, nothing until the local date turns (midnight in China is 16:00 UTC).
        assert_eq!(next_change(&slots, t("2026-12-01T05:00:00Z")), t("2026-12-01T16:00:00Z"));
        assert_eq!(next_change::<S>(&[], t("2026-12-01T16:00:00Z")), t("2026-12-02T16:00:00Z"));
        // And it held since the running slot began, or since the last one ended, or since local midnight.
        assert_eq!(last_change(&slots, t("2026-12-01T01:30:00Z")), t("2026-12-01T01:00:00Z"));
        assert_eq!(last_change(&slots, t("2026-12-01T05:00:00Z")), t("2026-12-01T03:30:00Z"));
        assert_eq!(last_change(&slots, t("2026-12-01T17:00:00Z")), t("2026-12-01T16:00:00Z"));
    }
}
