//! The reference data checks.

use super::*;
use crate::domain::emergency::EmergencyLine;

fn area(code: &str, kind: AreaKind, parent: Option<&str>) -> AreaRecord {
    AreaRecord {
        code: code.into(),
        kind,
        name: Localized::new(code, code),
        parent: parent.map(Into::into),
        boundary: None,
    }
}

#[test]
fn a_consistent_set_passes() {
    let data = ReferenceData {
        areas: vec![
            area("D", AreaKind::District, None),
            area("S", AreaKind::Street, Some("D")),
            area("C", AreaKind::Community, Some("S")),
            area("P", AreaKind::Park, Some("S")),
            area("PG", AreaKind::Grid, Some("P")),
        ],
        ..Default::default()
    };
    assert_eq!(data.check(), Ok(()));
}

#[test]
fn every_inconsistency_is_named() {
    let data = ReferenceData {
        areas: vec![
            area("S", AreaKind::Street, None),
            area("C", AreaKind::Community, Some("X")),
            area("D", AreaKind::District, None),
            area("G", AreaKind::Grid, Some("D")),
            area("D", AreaKind::District, None),
            area("bad code", AreaKind::District, None),
        ],
        categories: vec![CategoryRecord {
            code: "env".into(),
            name: Localized::new("环境", "Env"),
            description: Localized::new("", ""),
            reply_deadline_working_days: 0,
            accept_deadline_working_days: 3,
            answer_deadline_working_days: 15,
            sensitive: false,
            icon: None,
            phrases: Vec::new(),
            accept_deadline_hours: Some(0),
            reply_deadline_hours: Some(721),
            answer_deadline_hours: None,
            emergency: vec![EmergencyLine::Police, EmergencyLine::Police],
        }],
        stations: vec![StationRecord {
            code: "ST".into(),
            name: Localized::new("站", "Station"),
            address: "addr".into(),
            location: None,
            opening_hours: Localized::new("", ""),
            area: Some("nowhere".into()),
            covers: vec!["nowhere-else".into()],
        }],
        deputies: vec![DeputyRecord {
            code: "DEP".into(),
            name: Localized::new("代表", "Deputy"),
            level: "galactic".into(),
            constituency: String::new(),
            status: DeputyStatus::Active,
            stations: vec!["ST".into(), "NOPE".into()],
            areas: vec!["G".into(), "ZZ".into()],
            buildings: vec!["B1".into(), "B404".into()],
            specialties: vec!["env".into(), "astrology".into()],
            profile: None,
            channels: vec![NotifyChannel::WecomApp, NotifyChannel::Sms],
        }],
        buildings: vec![BuildingRecord {
            code: "B1".into(),
            name: "1号楼".into(),
            address: "和平路1号".into(),
            grid: Some("GX".into()),
        }],
        reception_days: vec![ReceptionRecord {
            station: "NOWHERE".into(),
            date: "2026-12-01".parse().unwrap(),
            start: crate::domain::schedule::parse_time("09:00").unwrap(),
            end: crate::domain::schedule::parse_time("11:00").unwrap(),
            deputies: vec!["DEP".into(), "GHOST".into()],
            note: None,
            capacity: None,
        }],
        handling_units: vec![HandlingUnitRecord { code: "bad unit".into(), name: Localized::new("", "") }],
    };
    let problems = data.check().unwrap_err();
    let joined = problems.join("\n");
    for expected in [
        "area `S`: a street needs a parent",
        "area `C`: parent `X` must be listed before it",
        "area `G`: a grid cannot sit directly inside a district",
        "code `D` appears twice",
        "code `bad code` must be",
        "category `env`: reply deadline must be 1 to 130 working days",
        "category `env`: accept deadline must be 1 to 720 hours",
        "category `env`: reply deadline must be 1 to 720 hours",
        "category `env`: an emergency number appears twice",
        "station `ST`: unknown area `nowhere`",
        "station `ST`: covers unknown area `nowhere-else`",
        "deputy `DEP`: level must be one of",
        "deputy `DEP`: unknown station `NOPE`",
        "deputy `DEP`: unknown area `ZZ`",
        "deputy `DEP`: unknown category `astrology`",
        "deputy `DEP`: unknown building `B404`",
        "building `B1`: unknown grid `GX`",
        "handling unit #0: code `bad unit` must be",
        "handling unit `bad unit`: name is empty",
        "reception day `NOWHERE 2026-12-01 09:00`: unknown station `NOWHERE`",
        "reception day `NOWHERE 2026-12-01 09:00`: unknown deputy `GHOST`",
    ] {
        assert!(joined.contains(expected), "missing {expected:?} in\n{joined}");
    }
}

#[test]
fn merging_replaces_by_key_and_appends_the_rest() {
    let stored = ReferenceData {
        areas: vec![area("D", AreaKind::District, None), area("S", AreaKind::Street, Some("D"))],
        ..Default::default()
    };
    let mut renamed = area("S", AreaKind::Street, Some("D"));
    renamed.name = Localized::new("新名", "New name");
    let new =
        ReferenceData { areas: vec![renamed.clone(), area("C", AreaKind::Community, Some("S"))], ..Default::default() };
    let merged = stored.merge(new);
    let codes: Vec<&str> = merged.areas.iter().map(|a| a.code.as_str()).collect();
    assert_eq!(codes, ["D", "S", "C"]);
    assert_eq!(merged.areas[1], renamed);
    assert_eq!(merged.check(), Ok(()));
}

#[test]
fn a_categorys_drawing_name_and_phrases_are_short_and_plain() {
    let category = |icon: Option<&str>, phrases: Vec<Localized>| ReferenceData {
        categories: vec![CategoryRecord {
            code: "property_management".into(),
            name: Localized::new("物业管理", "Property management"),
            description: Localized::new("", ""),
            reply_deadline_working_days: 7,
            accept_deadline_working_days: 3,
            answer_deadline_working_days: 15,
            sensitive: false,
            icon: icon.map(str::to_owned),
            phrases,
            accept_deadline_hours: None,
            reply_deadline_hours: None,
            answer_deadline_hours: None,
            emergency: Vec::new(),
        }],
        ..ReferenceData::default()
    };
    let lift = Localized::new("电梯故障", "Lift broken");
    assert_eq!(category(Some("lift_2"), vec![lift.clone()]).check(), Ok(()));
    assert_eq!(category(None, Vec::new()).check(), Ok(()));
    let problems = category(
        Some("<svg onload=x>"),
        vec![
            Localized::new("", "Empty"),
            Localized::new("第一行\n第二行", "Two lines"),
            Localized::new("长".repeat(41), "Long"),
        ],
    )
    .check()
    .unwrap_err();
    assert_eq!(
        problems,
        vec![
            "category `property_management`: icon `<svg onload=x>` must be 1–64 lower-case letters, digits or `_`",
            "category `property_management`: phrase #0 (zh) must be 1–40 characters on one line",
            "category `property_management`: phrase #1 (zh) must be 1–40 characters on one line",
            "category `property_management`: phrase #2 (zh) must be 1–40 characters on one line",
        ]
    );
    let too_many = category(None, vec![lift; MAX_PHRASES + 1]).check().unwrap_err();
    assert_eq!(too_many, vec!["category `property_management`: at most 12 phrases"]);
}
