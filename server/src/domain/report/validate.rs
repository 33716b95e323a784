//! The rules every field of a new report keeps, all checked at once.

use super::{Channel, FieldError, GeoPoint, ReportDraft, TextLimits, ValidReport};
use crate::domain::coordinates::to_wgs84;
use crate::domain::tracking_code::TrackingCode;

/// Checks a draft against every rule and reports all broken rules at once.
pub fn validate(draft: ReportDraft, limits: &TextLimits) -> Result<ValidReport, Vec<FieldError>> {
    let mut errors = Vec::new();

    let category = draft.category.trim().to_owned();
    if category.is_empty() {
        errors.push(FieldError::new("category", "required", "choose a category"));
    }
    let description = draft.description.trim().to_owned();
    if description.is_empty() {
        errors.push(FieldError::new("description", "required", "describe the problem or suggestion"));
    }
    check_length(&mut errors, "description", &description, limits.description_chars);
    let title = optional_text(draft.title);
    check_length(&mut errors, "title", title.as_deref().unwrap_or(""), limits.title_chars);
    let address = optional_text(draft.address);
    check_length(&mut errors, "address", address.as_deref().unwrap_or(""), limits.address_chars);
    let station = optional_text(draft.station);
    let deputy = optional_text(draft.deputy);
    let area = optional_text(draft.area);
    let building = optional_text(draft.building);
    for (field, code) in [("deputy", &deputy), ("area", &area), ("building", &building)] {
        if let Some(code) = code {
            check_length(&mut errors, field, code, 64);
        }
    }

    if let Some(point) = &draft.location {
        if !(point.lat.is_finite() && (-90.0..=90.0).contains(&point.lat)) {
            errors.push(FieldError::new("location.lat", "out_of_range", "latitude must be between -90 and 90"));
        }
        if !(point.lng.is_finite() && (-180.0..=180.0).contains(&point.lng)) {
            errors.push(FieldError::new("location.lng", "out_of_range", "longitude must be between -180 and 180"));
        }
    }
    if draft.channel == Channel::Kiosk && station.is_none() {
        errors.push(FieldError::new("station", "required", "a kiosk report names its station"));
    } else if station.is_none() && draft.location.is_none() && address.is_none() && area.is_none() && building.is_none()
    {
        errors.push(FieldError::new(
            "location",
            "place_required",
            "say where: a station, a location on the map or an address",
        ));
    }

    let (contact_name, contact_phone) = match draft.contact {
        Some(contact) => {
            let name = optional_text(contact.name);
            check_length(&mut errors, "contact.name", name.as_deref().unwrap_or(""), limits.contact_name_chars);
            let phone = match optional_text(contact.phone) {
                Some(raw) => match normalize_phone(&raw) {
                    Some(phone) => Some(phone),
                    None => {
                        errors.push(FieldError::new(
                            "contact.phone",
                            "invalid_phone",
                            "a mainland mobile number has 11 digits and starts with 1",
                        ));
                        None
                    }
                },
                None => None,
            };
            (name, phone)
        }
        None => (None, None),
    };
    let has_contact = contact_name.is_some() || contact_phone.is_some();
    if has_contact && draft.anonymous {
        errors.push(FieldError::new(
            "contact",
            "not_allowed_when_anonymous",
            "an anonymous report carries no contact details; follow it with the tracking code",
        ));
    }
    if has_contact && !draft.consent.personal_info {
        errors.push(FieldError::new(
            "consent.personal_info",
            "consent_required",
            "contact details are kept only with the citizen's consent",
        ));
    }
    if draft.consent.phone_call && contact_phone.is_none() {
        errors.push(FieldError::new("consent.phone_call", "phone_required", "a call needs a phone number"));
    }
    if draft.consent.publish_photos && !draft.consent.publish {
        errors.push(FieldError::new(
            "consent.publish_photos",
            "publish_required",
            "photos are shown only with the report",
        ));
    }
    if draft.consent.sms && contact_phone.is_none() {
        errors.push(FieldError::new("consent.sms", "phone_required", "a text message needs a phone number"));
    }

    let reserved_code = match optional_text(draft.reserved_code) {
        Some(_) if draft.channel != Channel::Kiosk => {
            errors.push(FieldError::new("reserved_code", "kiosk_only", "only a kiosk files under a reserved code"));
            None
        }
        Some(raw) => match TrackingCode::parse(&raw) {
            Ok(code) => Some(code),
            Err(err) => {
                errors.push(FieldError::new("reserved_code", "invalid_tracking_code", err.to_string()));
                None
            }
        },
        None => None,
    };

    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ValidReport {
        category,
        title,
        description,
        station,
        deputy,
        area,
        building,
        location: draft.location.map(|l| to_wgs84(GeoPoint { lat: l.lat, lng: l.lng }, l.crs)),
        address,
        contact_name,
        contact_phone,
        channel: draft.channel,
        anonymous: draft.anonymous,
        consent: draft.consent,
        reserved_code,
    })
}

fn optional_text(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

fn check_length(errors: &mut Vec<FieldError>, field: &str, value: &str, max: usize) {
    let chars = value.chars().count();
    if chars > max {
        errors.push(FieldError::new(field, "too_long", format!("at most {max} characters, got {chars}")));
    }
}

/// Reduces a typed mainland mobile number to its eleven digits, or `None` when it is not one.
pub fn normalize_phone(raw: &str) -> Option<String> {
    let compact: String = raw.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')')).collect();
    let digits = compact
        .strip_prefix("+86")
        .or_else(|| compact.strip_prefix("0086"))
        .or_else(|| (compact.len() == 13).then(|| compact.strip_prefix("86")).flatten())
        .unwrap_or(&compact);
    let bytes = digits.as_bytes();
    let valid = bytes.len() == 11
        && bytes.iter().all(u8::is_ascii_digit)
        && bytes[0] == b'1'
        && (b'3'..=b'9').contains(&bytes[1]);
    valid.then(|| digits.to_owned())
}
