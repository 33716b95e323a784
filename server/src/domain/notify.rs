//! Notifications as the closed loop raises them: who hears about what, the words they read, and how long to
//! wait before trying a failed delivery again. Pure: delivery itself lives in `crate::infra::notify`.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Localized;
use super::reference::NotifyChannel;
use super::report::string_enum;

string_enum! {
    /// Why someone is notified.
    pub enum NoticeKind {
        /// A report was assigned to the deputy (交办).
        Assigned => "assigned",
        /// A report waits in the station's triage queue (研判).
        Triage => "triage",
        /// A report's step is due within a working day.
        DueSoon => "due_soon",
        /// A report is overdue and escalated (督办).
        Escalated => "escalated",
        /// The citizen's report moved on a public step (反馈 and the rest).
        Progress => "progress",
        /// The citizen was not satisfied and the report is back with the deputy.
        Reopened => "reopened",
        /// A report was forwarded to the handling unit (转办), which replies through its link.
        Forwarded => "forwarded",
        /// The deputy asked for more time (延期申请): the station's staff decide.
        ExtensionRequested => "extension_requested",
        /// Staff granted or refused the time the deputy asked for.
        ExtensionDecided => "extension_decided",
        /// The citizen's receipt: the tracking code of the report just filed for them, with its link.
        Receipt => "receipt",
        /// The citizen added information or photos (补充) to an open report.
        Supplemented => "supplemented",
        /// A resident's booked reception (预约接待) is near (about a day ahead).
        BookingReminder => "booking_reminder",
        /// The station cancelled the reception slot a resident had booked.
        BookingCancelled => "booking_cancelled",
        /// A review opinion (审议意见) still has open items past its reply deadline (督办).
        OpinionOverdue => "opinion_overdue",
        /// A suggestion drawn from the citizen's report was answered and closed: the outcome, in `step`.
        SuggestionOutcome => "suggestion_outcome",
    }
}

string_enum! {
    /// Who receives a notice.
    pub enum Audience {
        /// A directory deputy.
        Deputy => "deputy",
        /// The staff of a station.
        Station => "station",
        /// The citizen who filed the report.
        Citizen => "citizen",
        /// A handling unit (承办单位) a report was forwarded to.
        Unit => "unit",
        /// The head of a station (联络站站长), for overdue reports (督办 level 1); the recipient is the station.
        StationHead => "station_head",
        /// The people's-congress working committee (人大工委), for reports still overdue (督办 level 2); the
        /// recipient is [`COMMITTEE`].
        Committee => "committee",
        /// A resident's account, for what is about no report (their bookings).
        Resident => "resident",
    }
}

/// The committee's recipient id: a deployment serves one committee.
pub const COMMITTEE: uuid::Uuid = uuid::Uuid::nil();

/// What a notice carries, besides its kind: enough to write it without reading the report again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoticeFacts {
    /// Empty for notices about no report.
    #[serde(default)]
    pub tracking_code: String,
    /// Category name, e.g. 环境卫生 (empty for notices about no report).
    #[serde(default)]
    pub category: Localized,
    /// The public step in the citizen's words, for progress notices.
    #[serde(default)]
    pub step: Option<Localized>,
    /// For booking notices: the reception booked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking: Option<BookingFacts>,
    /// For review-opinion notices: the opinion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opinion: Option<OpinionFacts>,
}

/// The review opinion a notice is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpinionFacts {
    pub opinion_id: Uuid,
    /// The station whose staff wrote it.
    pub station_id: Uuid,
    pub title: String,
    /// The department it was sent to.
    pub unit: Localized,
    pub due_at: DateTime<Utc>,
    /// Items still open.
    pub open_items: usize,
}

/// The reception a booking notice is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BookingFacts {
    /// The station's id (whose staff may see the notice) and name.
    pub station_id: Uuid,
    pub station: Localized,
    pub starts_at: DateTime<Utc>,
    /// What the resident wants to raise, as they wrote it.
    pub topic: String,
}

impl NoticeFacts {
    /// The facts of a notice about a reception booking.
    pub fn booking(booking: BookingFacts) -> Self {
        Self { booking: Some(booking), ..Self::about_no_report() }
    }

    /// The facts of a notice about a review opinion.
    pub fn opinion(opinion: OpinionFacts) -> Self {
        Self { opinion: Some(opinion), ..Self::about_no_report() }
    }

    /// The facts of a notice about a report.
    pub fn about_report(tracking_code: String, category: Localized, step: Option<Localized>) -> Self {
        Self { tracking_code, category, step, booking: None, opinion: None }
    }

    fn about_no_report() -> Self {
        Self { tracking_code: String::new(), category: Localized::default(), step: None, booking: None, opinion: None }
    }

    /// The station a notice about no report belongs to (whose staff see it).
    pub fn station_id(&self) -> Option<Uuid> {
        self.booking.as_ref().map(|b| b.station_id).or_else(|| self.opinion.as_ref().map(|o| o.station_id))
    }
}

string_enum! {
    /// Where a notice stands in the outbox.
    pub enum NoticeStatus {
        /// Waiting for a relay to deliver it (again).
        Pending => "pending",
        Delivered => "delivered",
        /// Given up on: listed for staff to send again.
        Dead => "dead",
    }
}

/// A notice as the outbox keeps it. Its kind, audience and facts stay as they were written: a notice this
/// version cannot read (written by a newer one, or edited by hand) is settled as dead rather than retried, so
/// reading them is [`Notice::content`]'s business, not the outbox's.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub id: Uuid,
    /// A [`NoticeKind`], as stored.
    pub kind: String,
    /// An [`Audience`], as stored.
    pub audience: String,
    /// The deputy, station, unit, report (for the citizen who filed it) or resident's account it is for.
    pub recipient_id: Uuid,
    /// The report it is about; none for a resident's booking notices.
    pub report_id: Option<Uuid>,
    /// [`NoticeFacts`] as stored JSON.
    pub facts: String,
    pub status: NoticeStatus,
    /// Delivery rounds so far.
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    /// A relay working on it holds it until then.
    pub locked_until: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
}

/// What a notice says, and to whom.
#[derive(Debug, Clone, PartialEq)]
pub struct NoticeContent {
    pub kind: NoticeKind,
    pub audience: Audience,
    pub facts: NoticeFacts,
}

impl Notice {
    /// Its kind, audience and facts, or why they cannot be read.
    pub fn content(&self) -> Result<NoticeContent, String> {
        let kind = self.kind.parse::<NoticeKind>().map_err(|e| e.to_string())?;
        let facts = serde_json::from_str::<NoticeFacts>(&self.facts).map_err(|e| format!("facts: {e}"))?;
        let audience = self.audience.parse::<Audience>().map_err(|e| e.to_string())?;
        Ok(NoticeContent { kind, audience, facts })
    }
}

/// One try at delivering a notice on one channel (`none` when there was nothing to try).
#[derive(Debug, Clone, PartialEq)]
pub struct DeliveryAttempt {
    pub at: DateTime<Utc>,
    pub channel: String,
    pub ok: bool,
    /// The provider's error code (errcode, HTTP status, `timeout`, …).
    pub provider_code: Option<String>,
    pub detail: Option<String>,
}

/// Where a deputy, a station's staff or a handling unit is reached on one channel: a webhook URL, a WeCom
/// robot URL, an encrypted phone number, a browser's push subscription …
#[derive(Debug, Clone, PartialEq)]
pub struct NotificationTarget {
    pub channel: NotifyChannel,
    pub target: String,
    pub updated_at: DateTime<Utc>,
}

/// A notice in words: a short title (fits a WeChat `thing` field of 20 characters) and a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub title: String,
    pub body: String,
}

/// The Chinese message for a notice (the English is in the stored facts for clients that want it).
pub fn compose(kind: NoticeKind, facts: &NoticeFacts) -> Message {
    let code = &facts.tracking_code;
    let category = &facts.category.zh;
    let (title, body) = match kind {
        NoticeKind::Assigned => {
            ("新交办事项".to_owned(), format!("您有一件{category}反映待办理（{code}），请及时接收。"))
        }
        NoticeKind::Triage => {
            ("待研判事项".to_owned(), format!("联络站收到一件{category}反映（{code}），待工作人员研判。"))
        }
        NoticeKind::DueSoon => ("即将到期".to_owned(), format!("反映 {code}（{category}）将在一个工作日内到期。")),
        NoticeKind::Escalated => ("逾期督办".to_owned(), format!("反映 {code}（{category}）已逾期，请尽快办理。")),
        NoticeKind::Forwarded => {
            ("转办事项".to_owned(), format!("人大代表联络站转来一件{category}反映（{code}），请在期限内办理并回复。"))
        }
        NoticeKind::Reopened => {
            ("群众不满意，已重办".to_owned(), format!("反映 {code}（{category}）群众不满意，已退回重新办理。"))
        }
        NoticeKind::ExtensionRequested => {
            ("延期申请待审批".to_owned(), format!("反映 {code}（{category}）的办理代表申请延期，请审批。"))
        }
        NoticeKind::ExtensionDecided => {
            let decision = facts.step.as_ref().map(|s| s.zh.as_str()).unwrap_or("已有审批结果。");
            ("延期申请结果".to_owned(), format!("反映 {code}（{category}）的延期申请：{decision}"))
        }
        NoticeKind::Receipt => {
            ("反映已受理".to_owned(), format!("您反映的{category}问题已受理，查询码 {code}，可凭码查看办理进度。"))
        }
        NoticeKind::Supplemented => {
            ("群众补充了信息".to_owned(), format!("反映 {code}（{category}）的群众补充了信息或照片，请查看。"))
        }
        NoticeKind::Progress => {
            let step = facts.step.as_ref().map(|s| s.zh.as_str()).unwrap_or("办理进度已更新。");
            ("办理进度".to_owned(), format!("您的反映 {code}：{step}"))
        }
        NoticeKind::BookingReminder => {
            let (station, when, topic) = booked(facts);
            (
                "接待提醒".to_owned(),
                format!("您预约的{station}代表接待将于{when}开始，您要反映的是：{topic}。请按时到站。"),
            )
        }
        NoticeKind::BookingCancelled => {
            let (station, when, _) = booked(facts);
            ("接待已取消".to_owned(), format!("很抱歉，您预约的{station}{when}的代表接待已取消，请另选时间预约。"))
        }
        NoticeKind::SuggestionOutcome => {
            let outcome = facts.step.as_ref().map(|s| s.zh.as_str()).unwrap_or("已有办理结果。");
            ("代表建议办理结果".to_owned(), format!("您反映的问题（{code}）已由人大代表写入建议：{outcome}"))
        }
        NoticeKind::OpinionOverdue => match &facts.opinion {
            Some(o) => {
                let due = o.due_at.with_timezone(&super::schedule::china()).format("%Y年%-m月%-d日");
                let body = format!(
                    "审议意见《{}》交{}办理，答复期限{due}已过，尚有{}项问题未销号，请督办。",
                    truncate(&o.title, 40),
                    o.unit.zh,
                    o.open_items
                );
                ("审议意见逾期".to_owned(), body)
            }
            None => ("审议意见逾期".to_owned(), "有审议意见已过答复期限，请督办。".to_owned()),
        },
    };
    Message { title: truncate(&title, 20), body }
}

/// A booking notice's station, local start (e.g. 12月3日 09:00) and topic (shortened for a text message).
fn booked(facts: &NoticeFacts) -> (String, String, String) {
    match &facts.booking {
        Some(b) => {
            let when = b.starts_at.with_timezone(&super::schedule::china()).format("%-m月%-d日 %H:%M").to_string();
            let topic =
                if b.topic.chars().count() > 30 { format!("{}…", truncate(&b.topic, 30)) } else { b.topic.clone() };
            (b.station.zh.clone(), when, topic)
        }
        None => ("联络站".to_owned(), "预约的时间".to_owned(), String::new()),
    }
}

fn truncate(text: &str, chars: usize) -> String {
    text.chars().take(chars).collect()
}

/// How long to wait before attempt `attempt` (1 for the first retry): doubling from 2 s, capped at an hour,
/// with `jitter` in `[0, 1)` spreading retries across the upper half of each wait.
pub fn backoff(attempt: u32, jitter: f64) -> Duration {
    let base = 2u64.saturating_pow(attempt.min(20)).min(3600);
    let jitter = jitter.clamp(0.0, 1.0);
    Duration::from_millis((base as f64 * 1000.0 * (0.5 + 0.5 * jitter)) as u64)
}

/// After this many failed rounds a notice is a dead letter, listed for staff to send again.
pub const MAX_ATTEMPTS: u32 = 8;

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> NoticeFacts {
        NoticeFacts {
            tracking_code: "LS-7KQ-9M3-XDP".into(),
            category: Localized::new("环境卫生", "Environment"),
            step: Some(Localized::new("已答复，请查看答复并评价。", "Answered.")),
            booking: None,
            opinion: None,
        }
    }

    fn booking_facts(topic: &str) -> NoticeFacts {
        NoticeFacts::booking(BookingFacts {
            station_id: Uuid::from_u128(1),
            station: Localized::new("新华路街道联络站", "Xinhua Road station"),
            starts_at: DateTime::parse_from_rfc3339("2026-12-03T01:00:00Z").unwrap().to_utc(),
            topic: topic.into(),
        })
    }

    #[test]
    fn booking_notices_name_the_station_and_the_local_time() {
        let reminder = compose(NoticeKind::BookingReminder, &booking_facts("小区加装电梯"));
        assert_eq!(reminder.title, "接待提醒");
        assert!(reminder.body.contains("新华路街道联络站"), "{}", reminder.body);
        assert!(reminder.body.contains("12月3日 09:00"), "Beijing time: {}", reminder.body);
        assert!(reminder.body.contains("小区加装电梯"));
        let cancelled = compose(NoticeKind::BookingCancelled, &booking_facts("小区加装电梯"));
        assert!(cancelled.body.contains("12月3日 09:00") && cancelled.body.contains("已取消"), "{}", cancelled.body);
        let long = compose(NoticeKind::BookingReminder, &booking_facts(&"很长的议题".repeat(20)));
        assert!(long.body.contains('…') && long.body.chars().count() < 120, "{}", long.body);
        // Stored booking facts read back; report facts written before bookings existed still read.
        let stored = serde_json::to_string(&booking_facts("x")).unwrap();
        assert_eq!(serde_json::from_str::<NoticeFacts>(&stored).unwrap(), booking_facts("x"));
        let old = r#"{"tracking_code":"LS-1","category":{"zh":"环境","en":"Env"},"step":null}"#;
        assert_eq!(serde_json::from_str::<NoticeFacts>(old).unwrap().booking, None);
    }

    #[test]
    fn kinds_and_audiences_fit_their_stored_columns() {
        // The outbox keeps a kind in 32 characters and an audience in 16 (PostgreSQL enforces it).
        assert!(NoticeKind::ALL.iter().all(|k| k.as_str().len() <= 32));
        assert!(Audience::ALL.iter().all(|a| a.as_str().len() <= 16));
    }

    #[test]
    fn every_kind_has_words_that_name_the_report_and_a_short_title() {
        for kind in [
            NoticeKind::Assigned,
            NoticeKind::Triage,
            NoticeKind::DueSoon,
            NoticeKind::Escalated,
            NoticeKind::Progress,
            NoticeKind::Reopened,
            NoticeKind::Forwarded,
            NoticeKind::ExtensionRequested,
            NoticeKind::ExtensionDecided,
            NoticeKind::Receipt,
            NoticeKind::Supplemented,
            NoticeKind::SuggestionOutcome,
        ] {
            let m = compose(kind, &facts());
            assert!(m.body.contains("LS-7KQ-9M3-XDP"), "{kind}: {}", m.body);
            assert!(!m.title.is_empty() && m.title.chars().count() <= 20, "{kind}");
        }
        assert!(compose(NoticeKind::Progress, &facts()).body.contains("已答复"));
    }

    fn notice(kind: &str, audience: &str, facts: &str) -> Notice {
        let now = Utc::now();
        Notice {
            id: Uuid::now_v7(),
            kind: kind.into(),
            audience: audience.into(),
            recipient_id: Uuid::now_v7(),
            report_id: Some(Uuid::now_v7()),
            facts: facts.into(),
            status: NoticeStatus::Pending,
            attempts: 0,
            next_attempt_at: now,
            locked_until: None,
            last_error: None,
            created_at: now,
            delivered_at: None,
        }
    }

    #[test]
    fn a_notice_reads_as_its_kind_audience_and_facts_or_says_what_it_cannot_read() {
        let stored = serde_json::to_string(&facts()).unwrap();
        let content = notice("progress", "citizen", &stored).content().unwrap();
        assert_eq!(content, NoticeContent { kind: NoticeKind::Progress, audience: Audience::Citizen, facts: facts() });
        assert_eq!(notice("praise", "citizen", &stored).content().unwrap_err(), "`praise` is not a known NoticeKind");
        assert_eq!(notice("progress", "mayor", &stored).content().unwrap_err(), "`mayor` is not a known Audience");
        assert!(notice("progress", "citizen", "{").content().unwrap_err().starts_with("facts: "));
    }

    #[test]
    fn backoff_doubles_is_capped_and_jitter_stays_within_the_upper_half() {
        assert_eq!(backoff(1, 1.0), Duration::from_secs(2));
        assert_eq!(backoff(1, 0.0), Duration::from_secs(1));
        assert_eq!(backoff(3, 1.0), Duration::from_secs(8));
        assert_eq!(backoff(30, 1.0), Duration::from_secs(3600));
        for attempt in 1..12 {
            assert!(backoff(attempt, 0.0) <= backoff(attempt, 0.7) && backoff(attempt, 0.7) <= backoff(attempt, 1.0));
            assert!(backoff(attempt, 1.0) <= backoff(attempt + 1, 1.0));
        }
    }
}
