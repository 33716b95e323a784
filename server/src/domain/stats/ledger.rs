//! The ledger (明白账) a station presents to the committee: a period's figures, grouped every way, and the list
//! of its reports, as plain data that the spreadsheet and CSV writers lay out. Contact details and the
//! citizen's description are never in it; the title is, and stays the citizen's text.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::grouping::{Grouping, StatRow};
use super::{Figures, Rate};
use crate::domain::report::{Channel, ReportStatus};
use crate::domain::workflow::{Outcome, Verdict};

/// One report of the period as the ledger lists it, before names are looked up.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportLine {
    pub id: Uuid,
    pub row: StatRow,
    pub tracking_code: String,
    pub title: Option<String>,
    pub building_id: Option<Uuid>,
}

/// One group's figures, with the code and the name of what it groups by.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedFigures {
    /// A code, a channel, a week's Monday, or `unassigned`.
    pub key: String,
    /// The Chinese name of the record, or the key when it has none.
    pub name: String,
    pub figures: Figures,
}

/// A report as a row of the ledger, with names in place of ids.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerLine {
    pub tracking_code: String,
    pub submitted_at: DateTime<Utc>,
    pub channel: Channel,
    pub category: String,
    pub station: String,
    pub grid: String,
    pub building: String,
    pub title: String,
    pub status: ReportStatus,
    pub outcome: Option<Outcome>,
    pub verdict: Option<Verdict>,
    pub deputy: String,
    pub unit: String,
    pub first_answered_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// Answered by the first answer deadline; none when it does not count yet.
    pub on_time: Option<bool>,
}

/// The whole ledger of a period.
#[derive(Debug, Clone, PartialEq)]
pub struct Ledger {
    /// What it covers: a station's name, or all stations.
    pub scope: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub generated_at: DateTime<Utc>,
    pub total: Figures,
    /// Every grouping, in [`Grouping::LEDGER_ORDER`].
    pub groups: Vec<(Grouping, Vec<NamedFigures>)>,
    pub lines: Vec<LedgerLine>,
}

/// A figure's columns as the ledger shows them, in order: the heading (Chinese first) and the value.
pub fn figure_columns(f: &Figures) -> Vec<(&'static str, Cell)> {
    let rate = |r: &Rate| -> [Cell; 3] {
        [Cell::Count(r.numerator), Cell::Count(r.denominator), r.value.map_or(Cell::Empty, Cell::Share)]
    };
    let [response_n, response_d, response] = rate(&f.response);
    let [resolution_n, resolution_d, resolution] = rate(&f.resolution);
    let [satisfaction_n, satisfaction_d, satisfaction] = rate(&f.satisfaction);
    let [on_time_n, on_time_d, on_time] = rate(&f.on_time);
    vec![
        ("收到 received", Cell::Count(f.received)),
        ("在办 open", Cell::Count(f.open)),
        ("已回应 responded", response_n),
        ("应回应 to respond", response_d),
        ("响应率 response rate", response),
        ("已解决 resolved", resolution_n),
        ("已办结 closed", resolution_d),
        ("解决率 resolution rate", resolution),
        ("满意 satisfied", satisfaction_n),
        ("已评价 rated", satisfaction_d),
        ("满意率 satisfaction rate", satisfaction),
        ("按时答复 answered on time", on_time_n),
        ("应按时 counted for on time", on_time_d),
        ("按时率 on-time rate", on_time),
        ("答复中位小时 median hours to answer", f.median_hours_to_first_answer.map_or(Cell::Empty, Cell::Number)),
        ("办结中位小时 median hours to close", f.median_hours_to_close.map_or(Cell::Empty, Cell::Number)),
        ("样本少 small sample (<10)", Cell::Flag(f.small_sample)),
    ]
}

/// A value in the ledger, typed so a spreadsheet can format it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    Count(u64),
    /// A share between 0 and 1, shown as a percentage.
    Share(f64),
    Number(f64),
    Flag(bool),
    Empty,
}

/// A channel's Chinese name beside its code, as the ledger shows it.
pub fn channel_name(channel: Channel) -> String {
    let zh = match channel {
        Channel::Kiosk => "自助终端",
        Channel::Mobile => "手机",
        Channel::Web => "网上信箱",
        Channel::Reception => "接待日",
        Channel::Visit => "走访",
        Channel::Phone => "电话",
        Channel::Letter => "来信",
    };
    format!("{zh} {}", channel.as_str())
}

/// The Chinese heading of a grouping's sheet or section.
pub fn grouping_title(grouping: Grouping) -> &'static str {
    match grouping {
        Grouping::Week => "按周 by week",
        Grouping::Category => "按类别 by category",
        Grouping::Grid => "按网格 by grid",
        Grouping::Deputy => "按代表 by deputy",
        Grouping::Unit => "按承办单位 by handling unit",
        Grouping::Station => "按联络站 by station",
        Grouping::Channel => "按渠道 by channel",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rate_is_shown_with_its_numerator_and_denominator() {
        let figures = super::super::figures(&[], Utc::now());
        let columns = figure_columns(&figures);
        let headings: Vec<&str> = columns.iter().map(|(h, _)| *h).collect();
        for (n, d, rate) in [
            ("已回应 responded", "应回应 to respond", "响应率 response rate"),
            ("已解决 resolved", "已办结 closed", "解决率 resolution rate"),
            ("满意 satisfied", "已评价 rated", "满意率 satisfaction rate"),
        ] {
            let at = headings.iter().position(|h| *h == rate).unwrap_or(usize::MAX);
            assert!(at >= 2 && headings[at - 2] == n && headings[at - 1] == d, "{rate}");
        }
        // Nothing counted: the rate is empty, not zero, and the sample is small.
        assert!(columns.iter().any(|(h, c)| *h == "响应率 response rate" && *c == Cell::Empty));
        assert!(columns.iter().any(|(_, c)| *c == Cell::Flag(true)));
    }
}
