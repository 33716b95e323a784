use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::*;
use crate::domain::duty::suggestion::Checklist;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

fn activity(kind: ActivityKind, status: ActivityStatus) -> Activity {
    Activity {
        id: Uuid::now_v7(),
        station_id: Uuid::nil(),
        kind,
        unannounced: false,
        title: "视察".into(),
        topic: String::new(),
        place: String::new(),
        starts_at: at("2026-03-02T01:00:00Z"),
        ends_at: at("2026-03-02T03:00:00Z"),
        status,
        minutes: String::new(),
        findings: String::new(),
        check_in_token: String::new(),
        created_at: at("2026-03-01T01:00:00Z"),
        updated_at: at("2026-03-01T01:00:00Z"),
    }
}

#[test]
fn attendance_counts_only_at_activities_held() {
    let held = activity(ActivityKind::Inspection, ActivityStatus::Held);
    let survey = activity(ActivityKind::Survey, ActivityStatus::Held);
    let planned = activity(ActivityKind::Meeting, ActivityStatus::Planned);
    let cancelled = activity(ActivityKind::Meeting, ActivityStatus::Cancelled);
    let at_held =
        [Attendance::Present, Attendance::Present, Attendance::Excused, Attendance::Absent, Attendance::Invited];
    let at_survey = [Attendance::Present];
    let at_planned = [Attendance::Invited, Attendance::Excused];
    let t = activities([
        (&held, &at_held[..]),
        (&survey, &at_survey[..]),
        (&planned, &at_planned[..]),
        (&cancelled, &[][..]),
    ]);
    assert_eq!((t.held, t.planned, t.cancelled), (2, 1, 1));
    assert_eq!((t.attendances, t.present, t.excused, t.absent, t.unrecorded), (6, 3, 1, 1, 1));
    assert_eq!(t.held_by_kind.len(), ActivityKind::ALL.len(), "every kind is listed, held or not");
    let of = |kind| t.held_by_kind.iter().find(|(k, _)| *k == kind).unwrap().1;
    assert_eq!((of(ActivityKind::Inspection), of(ActivityKind::Survey), of(ActivityKind::Meeting)), (1, 1, 0));
}

fn opinion(status: OpinionStatus, due: &str) -> ReviewOpinion {
    ReviewOpinion {
        id: Uuid::now_v7(),
        station_id: Uuid::nil(),
        activity_id: None,
        unit_id: Uuid::nil(),
        title: "关于加装电梯的审议意见".into(),
        body: String::new(),
        due_at: at(due),
        status,
        sent_at: None,
        reply: String::new(),
        replied_at: None,
        closed_at: None,
        escalated_at: None,
        created_at: at("2026-03-01T01:00:00Z"),
        updated_at: at("2026-03-01T01:00:00Z"),
    }
}

fn item(position: i32, closed_at: Option<&str>) -> OpinionItem {
    OpinionItem {
        position,
        text: format!("问题 {position}"),
        status: if closed_at.is_some() { ItemStatus::Closed } else { ItemStatus::Open },
        evidence: closed_at.map(|_| "现场照片与整改报告".to_owned()).unwrap_or_default(),
        closed_at: closed_at.map(at),
    }
}

#[test]
fn opinion_items_are_closed_on_time_late_or_overdue_against_the_reply_deadline() {
    let now = at("2026-06-01T00:00:00Z");
    let closed = opinion(OpinionStatus::Closed, "2026-04-30T16:00:00Z");
    let closed_items = [item(1, Some("2026-04-01T00:00:00Z")), item(2, Some("2026-05-10T00:00:00Z"))];
    let answered = opinion(OpinionStatus::Answered, "2026-05-01T00:00:00Z");
    let answered_items = [item(1, Some("2026-04-20T00:00:00Z")), item(2, None)];
    let sent = opinion(OpinionStatus::Sent, "2026-07-01T00:00:00Z");
    let sent_items = [item(1, None)];
    let draft = opinion(OpinionStatus::Draft, "2026-07-01T00:00:00Z");
    let draft_items = [item(1, None)];
    let t = opinions(
        [
            (&closed, &closed_items[..]),
            (&answered, &answered_items[..]),
            (&sent, &sent_items[..]),
            (&draft, &draft_items[..]),
        ],
        now,
    );
    assert_eq!(
        t,
        OpinionTally { sent: 3, closed: 1, items: 5, items_closed: 3, items_closed_on_time: 2, items_overdue: 1 }
    );
}

fn suggestion(status: SuggestionStatus) -> Suggestion {
    Suggestion {
        id: Uuid::now_v7(),
        deputy_id: Uuid::nil(),
        station_id: Uuid::nil(),
        title: "关于增设社区老年食堂的建议".into(),
        facts: String::new(),
        cause: String::new(),
        measures: String::new(),
        status,
        unit_id: None,
        submitted_at: None,
        due_at: None,
        answer: String::new(),
        answered_at: None,
        verdict: None,
        rated_at: None,
        rehandled: false,
        checklist: Checklist::default(),
        created_at: at("2026-01-10T01:00:00Z"),
        updated_at: at("2026-01-10T01:00:00Z"),
    }
}

#[test]
fn suggestions_count_from_submission_with_the_deputies_ratings() {
    let now = at("2026-09-01T00:00:00Z");
    let draft = suggestion(SuggestionStatus::Draft);
    let rated = Suggestion {
        submitted_at: Some(at("2026-02-01T00:00:00Z")),
        due_at: Some(at("2026-05-01T00:00:00Z")),
        answered_at: Some(at("2026-04-01T00:00:00Z")),
        verdict: Some(Verdict::Satisfied),
        ..suggestion(SuggestionStatus::Closed)
    };
    let late_rehandled = Suggestion {
        submitted_at: Some(at("2026-02-01T00:00:00Z")),
        due_at: Some(at("2026-05-01T00:00:00Z")),
        answered_at: Some(at("2026-05-20T00:00:00Z")),
        verdict: Some(Verdict::Mostly),
        rehandled: true,
        ..suggestion(SuggestionStatus::Closed)
    };
    let waiting = Suggestion {
        submitted_at: Some(at("2026-03-01T00:00:00Z")),
        due_at: Some(at("2026-06-01T00:00:00Z")),
        ..suggestion(SuggestionStatus::Submitted)
    };
    let t = suggestions([&draft, &rated, &late_rehandled, &waiting], now);
    assert_eq!((t.submitted, t.answered, t.answered_on_time, t.overdue, t.rehandled), (3, 2, 1, 1, 1));
    assert_eq!((t.ratings.satisfied, t.ratings.mostly, t.ratings.not_satisfied), (1, 1, 0));
}

#[test]
fn report_backs_count_once_held_with_every_vote() {
    let now = at("2026-10-01T00:00:00Z");
    let session = |closes: &str, cancelled: bool, published: bool| ReportBack {
        id: Uuid::now_v7(),
        deputy_id: Uuid::nil(),
        station_id: Uuid::nil(),
        title: "述职".into(),
        place: String::new(),
        opens_at: at(closes) - chrono::Duration::hours(2),
        closes_at: at(closes),
        cancelled,
        published_at: published.then(|| at(closes)),
        created_at: at("2026-01-01T00:00:00Z"),
    };
    let published = session("2026-06-01T03:00:00Z", false, true);
    let held = session("2026-07-01T03:00:00Z", false, false);
    let cancelled = session("2026-08-01T03:00:00Z", true, false);
    let coming = session("2026-11-01T03:00:00Z", false, false);
    let votes = |s, m, n| Tally { satisfied: s, mostly: m, not_satisfied: n };
    let t = report_backs(
        [
            (&published, votes(8, 3, 1)),
            (&held, votes(2, 0, 0)),
            (&cancelled, votes(0, 0, 0)),
            (&coming, votes(1, 0, 0)),
        ],
        now,
    );
    assert_eq!((t.held, t.published), (2, 1));
    assert_eq!(t.votes, votes(10, 3, 1));
}

#[test]
fn reception_turns_kept_are_those_on_duty_less_the_absent() {
    let t = reception([(2, 0), (3, 1), (1, 1)]);
    assert_eq!(t, ReceptionTally { held: 3, duties: 6, absences: 2, kept: 4 });
    assert_eq!(reception([(1, 2)]).kept, 0, "never more absent than on duty");
}
