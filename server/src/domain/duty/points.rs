//! The points archive (积分档案): each deputy's year of duties turned into points by a versioned rules file
//! (shipped defaults in `server/rules/points.json`; a district adds a version for a coming year), every point
//! with its source. Facts come from the record (attendance, reception duty, reports and their ratings,
//! suggestions and their quality and outcome); nothing is entered by hand.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::report::string_enum;

/// The rules shipped with the server.
pub const SHIPPED: &str = include_str!("../../../rules/points.json");

string_enum! {
    /// What earns (or costs) points.
    pub enum Rule {
        /// Present at an activity.
        ActivityPresent => "activity_present",
        /// Absent from an activity they were invited to, without being excused.
        ActivityAbsent => "activity_absent",
        ActivityExcused => "activity_excused",
        /// On duty at a reception slot that took place.
        ReceptionDay => "reception_day",
        /// A report they handled was answered by its deadline.
        ReportOnTime => "report_on_time",
        ReportLate => "report_late",
        /// The citizen's rating of a report they handled.
        ReportSatisfied => "report_satisfied",
        ReportMostly => "report_mostly",
        ReportNotSatisfied => "report_not_satisfied",
        /// A suggestion submitted to an organ.
        SuggestionSubmitted => "suggestion_submitted",
        /// Each point of the quality checklist (facts, cause, measures) a submitted suggestion met.
        SuggestionQualityCheck => "suggestion_quality_check",
        /// The deputy's rating of the organ's answer to their suggestion.
        SuggestionSatisfied => "suggestion_satisfied",
        SuggestionMostly => "suggestion_mostly",
        SuggestionNotSatisfied => "suggestion_not_satisfied",
        /// A report-back to voters (述职) held.
        ReportBackHeld => "report_back_held",
    }
}

string_enum! {
    /// What a point comes from.
    pub enum SourceKind {
        Activity => "activity",
        ReceptionDay => "reception_day",
        Report => "report",
        Suggestion => "suggestion",
        ReportBack => "report_back",
    }
}

/// One version of the rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesVersion {
    pub version: String,
    /// The first year it applies to.
    pub from_year: i32,
    /// Points per rule, by the rule's name.
    pub points: BTreeMap<String, i32>,
}

/// The rules file: versions by the year they begin.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesFile {
    #[serde(default, rename = "about")]
    _about: Option<String>,
    versions: Vec<RulesVersion>,
}

impl RulesFile {
    /// Reads a rules file: at least one version, distinct starting years, known rule names.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut file: RulesFile = serde_json::from_str(text).map_err(|e| format!("points rules: {e}"))?;
        if file.versions.is_empty() {
            return Err("points rules: no version".into());
        }
        file.versions.sort_by_key(|v| v.from_year);
        if file.versions.windows(2).any(|w| w[0].from_year == w[1].from_year) {
            return Err("points rules: two versions begin in the same year".into());
        }
        for version in &file.versions {
            if let Some(unknown) = version.points.keys().find(|k| k.parse::<Rule>().is_err()) {
                return Err(format!("points rules {}: unknown rule `{unknown}`", version.version));
            }
        }
        Ok(file)
    }

    /// The version that applies to `year`: the latest one beginning in or before it (the earliest for a
    /// year before them all).
    pub fn for_year(&self, year: i32) -> &RulesVersion {
        let first = &self.versions[0];
        self.versions.iter().rev().find(|v| v.from_year <= year).unwrap_or(first)
    }
}

impl RulesVersion {
    pub fn points(&self, rule: Rule) -> i32 {
        self.points.get(rule.as_str()).copied().unwrap_or(0)
    }
}

/// One thing from the record that a rule scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DutyFact {
    pub rule: Rule,
    pub source: SourceKind,
    pub source_id: Uuid,
    /// What it is, for people: an activity's title, a report's tracking code, a suggestion's title.
    pub label: String,
    pub at: DateTime<Utc>,
}

/// A fact with its points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PointEntry {
    #[serde(flatten)]
    pub fact: DutyFact,
    pub points: i32,
}

/// A deputy's year as scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Archive {
    pub year: i32,
    pub rules_version: String,
    pub total: i32,
    /// Points by rule name, for every rule that scored or counted.
    pub by_rule: BTreeMap<String, RuleTally>,
    pub entries: Vec<PointEntry>,
}

/// How often a rule applied and what it gave.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleTally {
    pub count: u32,
    pub points: i32,
}

/// The fact an activity's attendance record gives: present, absent or excused (nothing while only invited).
pub fn attendance_fact(
    activity: &crate::domain::duty::activity::Activity,
    record: &crate::domain::duty::activity::Attendance,
) -> Option<DutyFact> {
    use crate::domain::duty::activity::Attendance;
    let rule = match record {
        Attendance::Present => Rule::ActivityPresent,
        Attendance::Absent => Rule::ActivityAbsent,
        Attendance::Excused => Rule::ActivityExcused,
        Attendance::Invited => return None,
    };
    Some(DutyFact {
        rule,
        source: SourceKind::Activity,
        source_id: activity.id,
        label: activity.title.clone(),
        at: activity.starts_at,
    })
}

/// The facts a report the deputy handled gives as of `now`: answered on time or late, and the citizen's
/// rating.
pub fn report_facts(line: &crate::domain::stats::ledger::ReportLine, now: DateTime<Utc>) -> Vec<DutyFact> {
    use crate::domain::workflow::Verdict;
    let fact = |rule| DutyFact {
        rule,
        source: SourceKind::Report,
        source_id: line.id,
        label: line.tracking_code.clone(),
        at: line.row.facts.submitted_at,
    };
    let timing =
        line.row.facts.on_time(now).map(|on_time| fact(if on_time { Rule::ReportOnTime } else { Rule::ReportLate }));
    let rating = match line.row.facts.verdict {
        Some(Verdict::Satisfied) => Some(fact(Rule::ReportSatisfied)),
        Some(Verdict::Mostly) => Some(fact(Rule::ReportMostly)),
        Some(Verdict::NotSatisfied) => Some(fact(Rule::ReportNotSatisfied)),
        Some(Verdict::NoRating) | None => None,
    };
    timing.into_iter().chain(rating).collect()
}

/// The facts a suggestion gives in `[from, to)`: submitted (with a point per quality check it met) and,
/// once closed, the deputy's rating of the answer.
pub fn suggestion_facts(
    s: &crate::domain::duty::suggestion::Suggestion,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<DutyFact> {
    use crate::domain::duty::suggestion::SuggestionStatus;
    use crate::domain::workflow::Verdict;
    let within = |at: DateTime<Utc>| at >= from && at < to;
    let fact =
        |rule, at| DutyFact { rule, source: SourceKind::Suggestion, source_id: s.id, label: s.title.clone(), at };
    let mut out = Vec::new();
    if let Some(at) = s.submitted_at.filter(|at| within(*at)) {
        out.push(fact(Rule::SuggestionSubmitted, at));
        out.extend((0..s.checklist.score()).map(|_| fact(Rule::SuggestionQualityCheck, at)));
    }
    if let (SuggestionStatus::Closed, Some(at), Some(verdict)) = (s.status, s.rated_at, s.verdict)
        && within(at)
    {
        let rule = match verdict {
            Verdict::Satisfied => Some(Rule::SuggestionSatisfied),
            Verdict::Mostly => Some(Rule::SuggestionMostly),
            Verdict::NotSatisfied => Some(Rule::SuggestionNotSatisfied),
            Verdict::NoRating => None,
        };
        out.extend(rule.map(|rule| fact(rule, at)));
    }
    out
}

/// Who may read a deputy's archive: the deputy, staff of one of their stations, the committee and
/// administrators.
pub fn may_read(principal: &crate::domain::access::Principal, deputy: Uuid, deputy_stations: &[Uuid]) -> bool {
    use crate::domain::access::Principal;
    match principal {
        Principal::Deputy { deputy_id, .. } => *deputy_id == Some(deputy),
        Principal::Committee { .. } | Principal::Admin { .. } => true,
        Principal::Staff { .. } => deputy_stations.iter().any(|s| principal.manages_station(*s)),
        Principal::Citizen { .. } | Principal::Kiosk { .. } | Principal::Unit { .. } => false,
    }
}

/// Scores a year's facts with the rules for that year, in the order of the facts' dates.
pub fn score(rules: &RulesFile, year: i32, mut facts: Vec<DutyFact>) -> Archive {
    let version = rules.for_year(year);
    facts.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.rule.as_str().cmp(b.rule.as_str())));
    let mut by_rule: BTreeMap<String, RuleTally> = BTreeMap::new();
    let mut total = 0;
    let entries: Vec<PointEntry> = facts
        .into_iter()
        .map(|fact| {
            let points = version.points(fact.rule);
            total += points;
            let tally = by_rule.entry(fact.rule.as_str().to_owned()).or_default();
            tally.count += 1;
            tally.points += points;
            PointEntry { fact, points }
        })
        .collect();
    Archive { year, rules_version: version.version.clone(), total, by_rule, entries }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(rule: Rule, at: &str) -> DutyFact {
        DutyFact {
            rule,
            source: SourceKind::Activity,
            source_id: Uuid::nil(),
            label: "视察".into(),
            at: DateTime::parse_from_rfc3339(at).unwrap().to_utc(),
        }
    }

    #[test]
    fn the_shipped_rules_read_and_name_every_rule() {
        let rules = RulesFile::parse(SHIPPED).unwrap();
        let version = rules.for_year(2026);
        for rule in Rule::ALL {
            assert!(version.points.contains_key(rule.as_str()), "{rule} has no points in the shipped rules");
        }
    }

    #[test]
    fn a_year_is_scored_by_the_version_in_force_then() {
        let rules = RulesFile::parse(
            r#"{"versions": [
                {"version": "b", "from_year": 2027, "points": {"activity_present": 5}},
                {"version": "a", "from_year": 2025, "points": {"activity_present": 2, "activity_absent": -2}}
            ]}"#,
        )
        .unwrap();
        assert_eq!(rules.for_year(2024).version, "a", "before them all: the earliest");
        assert_eq!(rules.for_year(2026).version, "a");
        assert_eq!(rules.for_year(2030).version, "b");
        let facts = vec![
            fact(Rule::ActivityAbsent, "2026-05-01T00:00:00Z"),
            fact(Rule::ActivityPresent, "2026-03-01T00:00:00Z"),
            fact(Rule::ActivityPresent, "2026-04-01T00:00:00Z"),
            fact(Rule::ReceptionDay, "2026-04-02T00:00:00Z"),
        ];
        let archive = score(&rules, 2026, facts.clone());
        assert_eq!((archive.total, archive.rules_version.as_str()), (2, "a"));
        assert_eq!(archive.by_rule["activity_present"], RuleTally { count: 2, points: 4 });
        assert_eq!(archive.by_rule["reception_day"], RuleTally { count: 1, points: 0 }, "a rule left out scores 0");
        assert_eq!(archive.entries[0].fact.at, facts[1].at, "in date order");
        assert_eq!(score(&rules, 2027, facts).total, 10, "the later version for the later year");
    }

    #[test]
    fn a_broken_rules_file_is_refused_with_a_reason() {
        assert!(RulesFile::parse(r#"{"versions": []}"#).unwrap_err().contains("no version"));
        let twice = r#"{"versions": [{"version": "a", "from_year": 2026, "points": {}},
                                      {"version": "b", "from_year": 2026, "points": {}}]}"#;
        assert!(RulesFile::parse(twice).unwrap_err().contains("same year"));
        let unknown = r#"{"versions": [{"version": "a", "from_year": 2026, "points": {"attendance": 1}}]}"#;
        assert!(RulesFile::parse(unknown).unwrap_err().contains("attendance"));
    }
}
