//! Report validation and the stored enums.

use super::*;

fn draft() -> ReportDraft {
    ReportDraft {
        category: "environment".into(),
        description: "垃圾桶三天没有清运".into(),
        title: None,
        station: Some("HX-01".into()),
        deputy: None,
        area: None,
        building: None,
        location: None,
        address: None,
        contact: None,
        channel: Channel::Kiosk,
        anonymous: false,
        consent: Consent::default(),
        reserved_code: None,
    }
}

fn codes(result: Result<ValidReport, Vec<FieldError>>) -> Vec<(String, String)> {
    result.unwrap_err().into_iter().map(|e| (e.field, e.code)).collect()
}

fn pair(field: &str, code: &str) -> (String, String) {
    (field.to_owned(), code.to_owned())
}

#[test]
fn a_plain_kiosk_report_is_valid_and_trimmed() {
    let mut d = draft();
    d.description = "  垃圾桶三天没有清运 \n".into();
    d.title = Some("   ".into());
    let valid = validate(d, &TextLimits::default()).unwrap();
    assert_eq!(valid.description, "垃圾桶三天没有清运");
    assert_eq!(valid.title, None);
    assert_eq!(valid.station.as_deref(), Some("HX-01"));
}

#[test]
fn description_is_required_and_bounded_in_characters_not_bytes() {
    let mut d = draft();
    d.description = " \t ".into();
    assert_eq!(codes(validate(d, &TextLimits::default())), vec![pair("description", "required")]);

    let mut d = draft();
    d.description = "好".repeat(2000);
    assert!(validate(d, &TextLimits::default()).is_ok(), "2000 Chinese characters fit");
    let mut d = draft();
    d.description = "好".repeat(2001);
    assert_eq!(codes(validate(d, &TextLimits::default())), vec![pair("description", "too_long")]);
}

#[test]
fn every_broken_rule_is_reported_at_once() {
    let mut d = draft();
    d.category = "".into();
    d.title = Some("标".repeat(101));
    d.location = Some(ReportLocation { lat: 91.0, lng: f64::NAN, crs: Crs::Wgs84 });
    d.contact = Some(Contact { name: None, phone: Some("12345".into()) });
    let got = codes(validate(d, &TextLimits::default()));
    assert_eq!(
        got,
        vec![
            pair("category", "required"),
            pair("title", "too_long"),
            pair("location.lat", "out_of_range"),
            pair("location.lng", "out_of_range"),
            pair("contact.phone", "invalid_phone"),
        ]
    );
}

#[test]
fn a_kiosk_report_needs_its_station_and_others_need_a_place() {
    let mut d = draft();
    d.station = None;
    assert_eq!(codes(validate(d, &TextLimits::default())), vec![pair("station", "required")]);

    let mut d = draft();
    d.station = None;
    d.channel = Channel::Web;
    assert_eq!(codes(validate(d, &TextLimits::default())), vec![pair("location", "place_required")]);

    for place in [
        (None, Some(ReportLocation { lat: 31.2, lng: 121.4, crs: Crs::Gcj02 }), None),
        (None, None, Some("和平路12号".to_owned())),
        (Some("HX-01".to_owned()), None, None),
    ] {
        let mut d = draft();
        d.channel = Channel::Mobile;
        (d.station, d.location, d.address) = place;
        assert!(validate(d, &TextLimits::default()).is_ok());
    }
}

#[test]
fn contact_needs_consent_and_cannot_be_anonymous() {
    let mut d = draft();
    d.contact = Some(Contact { name: Some("王阿姨".into()), phone: Some("+86 138-1234-1234".into()) });
    d.consent.personal_info = true;
    let valid = validate(d.clone(), &TextLimits::default()).unwrap();
    assert_eq!(valid.contact_phone.as_deref(), Some("13812341234"));
    assert_eq!(valid.contact_name.as_deref(), Some("王阿姨"));

    d.anonymous = true;
    assert_eq!(codes(validate(d, &TextLimits::default())), vec![pair("contact", "not_allowed_when_anonymous")]);
}

#[test]
fn an_empty_contact_is_no_contact() {
    let mut d = draft();
    d.contact = Some(Contact { name: Some(" ".into()), phone: None });
    d.anonymous = true;
    let valid = validate(d, &TextLimits::default()).unwrap();
    assert_eq!((valid.contact_name, valid.contact_phone), (None, None));
}

#[test]
fn a_call_needs_a_phone_number() {
    let mut d = draft();
    d.consent.phone_call = true;
    assert_eq!(codes(validate(d, &TextLimits::default())), vec![pair("consent.phone_call", "phone_required")]);
}

#[test]
fn phone_numbers_are_normalised_or_refused() {
    for (raw, want) in [
        ("13812341234", Some("13812341234")),
        ("+8613812341234", Some("13812341234")),
        ("008613812341234", Some("13812341234")),
        ("8613812341234", Some("13812341234")),
        ("138 1234 1234", Some("13812341234")),
        ("(138)1234-1234", Some("13812341234")),
        ("12812341234", None),
        ("1381234123", None),
        ("138123412345", None),
        ("1381234123a", None),
        ("０１３８", None),
        ("", None),
    ] {
        assert_eq!(normalize_phone(raw).as_deref(), want, "{raw}");
    }
}

#[test]
fn enums_round_trip_through_their_stored_strings() {
    for c in Channel::ALL {
        assert_eq!(c.as_str().parse::<Channel>().unwrap(), *c);
        assert_eq!(serde_json::to_value(c).unwrap(), serde_json::Value::from(c.as_str()));
    }
    for s in ReportStatus::ALL {
        assert_eq!(s.as_str().parse::<ReportStatus>().unwrap(), *s);
        assert!(!s.label().zh.is_empty() && !s.label().en.is_empty());
    }
    for k in EventKind::ALL {
        assert_eq!(k.as_str().parse::<EventKind>().unwrap(), *k);
    }
    assert!("teleport".parse::<Channel>().is_err());
}

#[test]
fn a_reserved_code_is_a_kiosks_and_must_read_as_a_tracking_code() {
    let mut d = draft();
    d.reserved_code = Some(" ls-7kq 9m3 xdp ".into());
    assert_eq!(validate(d.clone(), &TextLimits::default()).unwrap().reserved_code.unwrap().as_str(), "LS-7KQ-9M3-XDP");
    d.reserved_code = Some("LS-0000".into());
    assert_eq!(
        codes(validate(d.clone(), &TextLimits::default())),
        vec![pair("reserved_code", "invalid_tracking_code")]
    );
    d.reserved_code = Some("LS-7KQ-9M3-XDP".into());
    d.channel = Channel::Web;
    assert_eq!(codes(validate(d, &TextLimits::default())), vec![pair("reserved_code", "kiosk_only")]);
}
