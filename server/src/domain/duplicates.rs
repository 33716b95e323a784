//! Likely duplicates (并案 candidates): reports in the same category, recent, near each other and saying
//! much the same thing. Chinese has no spaces, so text is compared by overlapping character pairs.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};

use super::report::GeoPoint;

/// Reports further apart than this are not the same problem.
pub const MAX_DISTANCE_M: f64 = 300.0;
/// Reports further apart in time than this are not suggested.
pub const MAX_AGE_DAYS: i64 = 30;
/// Suggestions score at least this.
pub const THRESHOLD: f64 = 0.3;
/// And share at least this much wording: two different problems at the same spot are not duplicates.
pub const MIN_TEXT_SIMILARITY: f64 = 0.2;

/// What matching needs of a report.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts<'a> {
    pub category: uuid::Uuid,
    pub location: Option<GeoPoint>,
    pub submitted_at: DateTime<Utc>,
    pub text: &'a str,
}

/// How alike two reports are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Likeness {
    /// 0 to 1.
    pub score: f64,
    pub text_similarity: f64,
    /// When both have a location.
    pub distance_m: Option<f64>,
}

/// How alike `other` is to `report`, or `None` when it cannot be the same problem.
pub fn likeness(report: &Facts<'_>, other: &Facts<'_>) -> Option<Likeness> {
    if report.category != other.category {
        return None;
    }
    if (report.submitted_at - other.submitted_at).abs() > Duration::days(MAX_AGE_DAYS) {
        return None;
    }
    let text_similarity = similarity(report.text, other.text);
    if text_similarity < MIN_TEXT_SIMILARITY {
        return None;
    }
    let distance_m = match (report.location, other.location) {
        (Some(a), Some(b)) => Some(distance(a, b)),
        _ => None,
    };
    let score = match distance_m {
        Some(d) if d > MAX_DISTANCE_M => return None,
        Some(d) => 0.7 * text_similarity + 0.3 * (1.0 - d / MAX_DISTANCE_M),
        None => text_similarity,
    };
    (score >= THRESHOLD).then_some(Likeness { score, text_similarity, distance_m })
}

/// Jaccard similarity of the two texts' character pairs (letters and digits only).
pub fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (pairs(a), pairs(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.intersection(&b).count() as f64;
    shared / ((a.len() + b.len()) as f64 - shared)
}

fn pairs(text: &str) -> HashSet<(char, char)> {
    let chars: Vec<char> = text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
    chars.windows(2).map(|w| (w[0], w[1])).collect()
}

/// Great-circle distance in metres.
pub fn distance(a: GeoPoint, b: GeoPoint) -> f64 {
    let r = 6_371_000.0_f64;
    let (la1, la2) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = la2 - la1;
    let dlng = (b.lng - a.lng).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlng / 2.0).sin().powi(2);
    2.0 * r * h.sqrt().asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(text: &str, location: Option<(f64, f64)>, days_ago: i64) -> Facts<'_> {
        Facts {
            category: uuid::Uuid::nil(),
            location: location.map(|(lat, lng)| GeoPoint { lat, lng }),
            submitted_at: DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap() - Duration::days(days_ago),
            text,
        }
    }

    #[test]
    fn the_same_problem_in_other_words_nearby_is_suggested() {
        let a = facts("3号楼旁边的垃圾桶三天没有清运了", Some((39.1175, 117.1953)), 0);
        let b = facts("3号楼垃圾桶好几天没人清运", Some((39.1176, 117.1954)), 2);
        let l = likeness(&a, &b).unwrap();
        assert!(l.score > THRESHOLD, "{l:?}");
        assert!(l.distance_m.unwrap() < 20.0);
    }

    #[test]
    fn different_category_far_away_old_or_unrelated_text_is_not() {
        let a = facts("3号楼旁边的垃圾桶三天没有清运了", Some((39.1175, 117.1953)), 0);
        let mut other_category = facts("3号楼旁边的垃圾桶三天没有清运了", Some((39.1175, 117.1953)), 0);
        other_category.category = uuid::Uuid::max();
        assert_eq!(likeness(&a, &other_category), None);
        let far = facts("3号楼旁边的垃圾桶三天没有清运了", Some((39.1275, 117.1953)), 0);
        assert_eq!(likeness(&a, &far), None, "a kilometre away");
        let old = facts("3号楼旁边的垃圾桶三天没有清运了", None, 45);
        assert_eq!(likeness(&a, &old), None);
        let unrelated = facts("建议小区增设老年食堂", None, 1);
        assert_eq!(likeness(&a, &unrelated), None);
        let same_spot = facts("建议在公园增加绿化", Some((39.1175, 117.1953)), 1);
        assert_eq!(likeness(&a, &same_spot), None, "another problem at the same spot");
    }

    #[test]
    fn similarity_is_symmetric_bounded_and_ignores_punctuation() {
        assert_eq!(similarity("路灯不亮", "路灯不亮！"), 1.0);
        assert_eq!(similarity("", "路灯"), 0.0);
        let (x, y) = ("小区路灯坏了", "路灯坏了很久");
        assert_eq!(similarity(x, y), similarity(y, x));
        assert!((0.0..=1.0).contains(&similarity(x, y)));
        assert!(
            (distance(GeoPoint { lat: 39.0, lng: 117.0 }, GeoPoint { lat: 39.001, lng: 117.0 }) - 111.2).abs() < 1.0
        );
    }
}
