//! `multipart/form-data` report submissions: the JSON fields as flat form fields (`contact.phone`,
//! `location.lat`, …) plus any number of `photos` parts and, where a reply is attached, `documents` parts (PDF),
//! each read with a hard size limit; and forms of named files (a directory import).

use actix_web::HttpRequest;
use actix_web::web::{self, Bytes, BytesMut};
use futures_util::StreamExt;
use serde_json::{Map, Value};

use crate::app::attachments::DocumentUpload;
use crate::app::error::{AppError, ErrorCode};
use crate::configuration::Limits;
use crate::domain::report::FieldError;

/// A form as read: the fields as a JSON object shaped like the JSON body, and the raw photos in order.
#[derive(Debug)]
pub struct ReportForm {
    pub fields: Value,
    pub photos: Vec<Bytes>,
    /// `documents` parts, in order: for attachments only (a new report refuses them).
    pub documents: Vec<DocumentUpload>,
}

#[derive(Clone, Copy)]
enum Kind {
    Text,
    Number,
    Flag,
}

/// Form field names, the JSON path they fill and how their text is read.
const FIELDS: &[(&str, &[&str], Kind)] = &[
    ("category", &["category"], Kind::Text),
    ("description", &["description"], Kind::Text),
    ("title", &["title"], Kind::Text),
    ("station", &["station"], Kind::Text),
    ("deputy", &["deputy"], Kind::Text),
    ("area", &["area"], Kind::Text),
    ("building", &["building"], Kind::Text),
    ("address", &["address"], Kind::Text),
    ("channel", &["channel"], Kind::Text),
    ("anonymous", &["anonymous"], Kind::Flag),
    ("location.lat", &["location", "lat"], Kind::Number),
    ("location.lng", &["location", "lng"], Kind::Number),
    ("location.crs", &["location", "crs"], Kind::Text),
    ("contact.name", &["contact", "name"], Kind::Text),
    ("contact.phone", &["contact", "phone"], Kind::Text),
    ("consent.personal_info", &["consent", "personal_info"], Kind::Flag),
    ("consent.phone_call", &["consent", "phone_call"], Kind::Flag),
    ("consent.sms", &["consent", "sms"], Kind::Flag),
    ("consent.publish", &["consent", "publish"], Kind::Flag),
    ("consent.publish_photos", &["consent", "publish_photos"], Kind::Flag),
    ("reserved_code", &["reserved_code"], Kind::Text),
];

/// Part names that carry photos.
const PHOTO_PARTS: &[&str] = &["photos", "photos[]", "photo"];

/// Part names that carry documents.
const DOCUMENT_PARTS: &[&str] = &["documents", "documents[]", "document"];

/// The last segment of a sent file name, without control or path characters, at most 100 characters.
fn clean_file_name(sent: &str) -> String {
    let last = sent.rsplit(['/', '\\']).next().unwrap_or_default();
    last.chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' ' | '(' | ')'))
        .take(100)
        .collect::<String>()
        .trim()
        .to_owned()
}

fn malformed(detail: impl std::fmt::Display) -> AppError {
    AppError::new(ErrorCode::MalformedMultipart, format!("The form cannot be read: {detail}"))
}

/// Files attached to a report after it was filed: a `multipart/form-data` body of `photos` and `documents`
/// parts and nothing else, at least one of them.
pub async fn read_attachments(
    req: &HttpRequest,
    payload: web::Payload,
    limits: &Limits,
) -> Result<(Vec<Bytes>, Vec<DocumentUpload>), AppError> {
    if super::body::media_type(req).as_deref() != Some("multipart/form-data") {
        return Err(AppError::new(
            ErrorCode::UnsupportedContentType,
            "Send multipart/form-data with `photos` or `documents` parts.",
        ));
    }
    let form = read_report_form(req, payload, limits).await?;
    if form.fields.as_object().is_some_and(|f| !f.is_empty()) || (form.photos.is_empty() && form.documents.is_empty()) {
        return Err(AppError::validation(vec![FieldError::new(
            "photos",
            "files_only",
            "send one or more `photos` or `documents` parts and nothing else",
        )]));
    }
    Ok((form.photos, form.documents))
}

/// Reads a report form, stopping at the first part that breaks a limit.
pub async fn read_report_form(
    req: &HttpRequest,
    payload: web::Payload,
    limits: &Limits,
) -> Result<ReportForm, AppError> {
    let mut multipart = actix_multipart::Multipart::new(req.headers(), payload);
    let mut fields = Map::new();
    let mut photos = Vec::new();
    let mut documents = Vec::new();
    let mut errors = Vec::new();
    while let Some(part) = multipart.next().await {
        let mut part = part.map_err(malformed)?;
        let name = part.name().map(str::to_owned).ok_or_else(|| malformed("a part has no name"))?;
        if PHOTO_PARTS.contains(&name.as_str()) {
            if photos.len() == limits.photos_per_report {
                return Err(AppError::with_fields(
                    ErrorCode::TooManyPhotos,
                    format!("A report may carry at most {} photos.", limits.photos_per_report),
                    vec![FieldError::new("photos", "too_many", format!("at most {}", limits.photos_per_report))],
                ));
            }
            let index = photos.len();
            let bytes = read_part(&mut part, limits.photo_bytes).await?.ok_or_else(|| {
                AppError::with_fields(
                    ErrorCode::PhotoTooLarge,
                    format!("Each photo may be at most {} bytes.", limits.photo_bytes),
                    vec![FieldError::new(format!("photos[{index}]"), "too_large", "photo too large")],
                )
            })?;
            // An empty file input sends an empty part: that is "no photo", not a broken one.
            if !bytes.is_empty() {
                photos.push(bytes);
            }
            continue;
        }
        if DOCUMENT_PARTS.contains(&name.as_str()) {
            if documents.len() == limits.documents_per_request {
                return Err(AppError::with_fields(
                    ErrorCode::TooManyDocuments,
                    format!("Attach at most {} documents at once.", limits.documents_per_request),
                    vec![FieldError::new("documents", "too_many", format!("at most {}", limits.documents_per_request))],
                ));
            }
            let index = documents.len();
            let file_name = part.content_disposition().and_then(|d| d.get_filename()).map(clean_file_name);
            let bytes = read_part(&mut part, limits.document_bytes).await?.ok_or_else(|| {
                AppError::with_fields(
                    ErrorCode::DocumentTooLarge,
                    format!("Each document may be at most {} bytes.", limits.document_bytes),
                    vec![FieldError::new(format!("documents[{index}]"), "too_large", "document too large")],
                )
            })?;
            if !bytes.is_empty() {
                documents.push(DocumentUpload { bytes, file_name: file_name.unwrap_or_default() });
            }
            continue;
        }
        let bytes = read_part(&mut part, limits.form_field_bytes).await?.ok_or_else(|| {
            AppError::new(ErrorCode::PayloadTooLarge, format!("The form field `{name}` is too large."))
        })?;
        let Some((_, path, kind)) = FIELDS.iter().find(|(field, _, _)| *field == name) else {
            errors.push(FieldError::new(&name, "unknown_field", format!("unknown form field `{name}`")));
            continue;
        };
        let Ok(text) = String::from_utf8(bytes.to_vec()) else {
            errors.push(FieldError::new(&name, "invalid_value", "text must be UTF-8"));
            continue;
        };
        let value = match convert(&text, *kind) {
            Some(value) => value,
            None => {
                let expected = if matches!(kind, Kind::Number) { "a number" } else { "true or false" };
                errors.push(FieldError::new(&name, "invalid_type", format!("expected {expected}")));
                continue;
            }
        };
        if !insert(&mut fields, path, value) {
            errors.push(FieldError::new(&name, "duplicate_field", format!("`{name}` appears more than once")));
        }
    }
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    Ok(ReportForm { fields: Value::Object(fields), photos, documents })
}

/// A `multipart/form-data` body of named files, each part's name one of `names` and sent once, each at most
/// `limit` bytes; by name, in the order sent. Empty parts (a file input left empty) are left out.
pub async fn read_named_files(
    req: &HttpRequest,
    payload: web::Payload,
    names: &[&str],
    limit: usize,
) -> Result<Vec<(String, Bytes)>, AppError> {
    if super::body::media_type(req).as_deref() != Some("multipart/form-data") {
        return Err(AppError::new(
            ErrorCode::UnsupportedContentType,
            format!("Send multipart/form-data with file parts named {}.", names.join(", ")),
        ));
    }
    let mut multipart = actix_multipart::Multipart::new(req.headers(), payload);
    let mut files: Vec<(String, Bytes)> = Vec::new();
    let mut errors = Vec::new();
    while let Some(part) = multipart.next().await {
        let mut part = part.map_err(malformed)?;
        let name = part.name().map(str::to_owned).ok_or_else(|| malformed("a part has no name"))?;
        let bytes = read_part(&mut part, limit).await?.ok_or_else(|| {
            AppError::with_fields(
                ErrorCode::PayloadTooLarge,
                format!("Each file may be at most {limit} bytes."),
                vec![FieldError::new(&name, "too_large", format!("at most {limit} bytes"))],
            )
        })?;
        if !names.contains(&name.as_str()) {
            errors.push(FieldError::new(&name, "unknown_field", format!("unknown part `{name}`")));
        } else if files.iter().any(|(sent, _)| *sent == name) {
            errors.push(FieldError::new(&name, "duplicate_field", format!("`{name}` appears more than once")));
        } else if !bytes.is_empty() {
            files.push((name, bytes));
        }
    }
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    Ok(files)
}

/// A citizen's 补充: a `text` part (at most once) and `photos` parts, each photo at most the photo limit.
pub async fn read_supplement(
    req: &HttpRequest,
    payload: web::Payload,
    limits: &Limits,
) -> Result<(Option<String>, Vec<Bytes>), AppError> {
    let mut multipart = actix_multipart::Multipart::new(req.headers(), payload);
    let (mut text, mut photos) = (None, Vec::new());
    while let Some(part) = multipart.next().await {
        let mut part = part.map_err(malformed)?;
        let name = part.name().map(str::to_owned).ok_or_else(|| malformed("a part has no name"))?;
        if PHOTO_PARTS.contains(&name.as_str()) {
            if photos.len() == limits.photos_per_report {
                return Err(AppError::new(ErrorCode::TooManyPhotos, "Too many photos at once."));
            }
            let bytes = read_part(&mut part, limits.photo_bytes).await?.ok_or_else(|| {
                AppError::new(
                    ErrorCode::PhotoTooLarge,
                    format!("Each photo may be at most {} bytes.", limits.photo_bytes),
                )
            })?;
            if !bytes.is_empty() {
                photos.push(bytes);
            }
        } else if name == "text" && text.is_none() {
            let bytes = read_part(&mut part, limits.form_field_bytes)
                .await?
                .ok_or_else(|| AppError::new(ErrorCode::PayloadTooLarge, "The text is too large."))?;
            let value = String::from_utf8(bytes.to_vec()).map_err(|_| {
                AppError::validation(vec![FieldError::new("text", "invalid_value", "text must be UTF-8")])
            })?;
            text = Some(value);
        } else {
            return Err(AppError::validation(vec![FieldError::new(
                &name,
                "unknown_field",
                "send `text` once and any number of `photos`",
            )]));
        }
    }
    Ok((text, photos))
}

/// Reads one part; `None` when it is longer than `limit`.
async fn read_part(part: &mut actix_multipart::Field, limit: usize) -> Result<Option<Bytes>, AppError> {
    let mut data = BytesMut::new();
    while let Some(chunk) = part.next().await {
        let chunk = chunk.map_err(malformed)?;
        if data.len() + chunk.len() > limit {
            return Ok(None);
        }
        data.extend_from_slice(&chunk);
    }
    Ok(Some(data.freeze()))
}

fn convert(text: &str, kind: Kind) -> Option<Value> {
    match kind {
        Kind::Text => Some(Value::String(text.to_owned())),
        Kind::Number => {
            let number: f64 = text.trim().parse().ok()?;
            serde_json::Number::from_f64(number).map(Value::Number)
        }
        Kind::Flag => match text.trim().to_ascii_lowercase().as_str() {
            "true" | "on" | "yes" | "1" => Some(Value::Bool(true)),
            "false" | "off" | "no" | "0" | "" => Some(Value::Bool(false)),
            _ => None,
        },
    }
}

/// Puts `value` at `path`, creating objects on the way; false when something is already there.
fn insert(fields: &mut Map<String, Value>, path: &[&str], value: Value) -> bool {
    let Some((last, parents)) = path.split_last() else {
        return false;
    };
    let mut map = fields;
    for parent in parents {
        let entry = map.entry((*parent).to_owned()).or_insert_with(|| Value::Object(Map::new()));
        match entry {
            Value::Object(inner) => map = inner,
            _ => return false,
        }
    }
    if map.contains_key(*last) {
        return false;
    }
    map.insert((*last).to_owned(), value);
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn flat_names_build_the_json_shape() {
        let mut fields = Map::new();
        assert!(insert(&mut fields, &["category"], json!("env")));
        assert!(insert(&mut fields, &["location", "lat"], json!(31.2)));
        assert!(insert(&mut fields, &["location", "lng"], json!(121.4)));
        assert!(!insert(&mut fields, &["location", "lat"], json!(0.0)), "duplicates are refused");
        assert_eq!(Value::Object(fields), json!({"category": "env", "location": {"lat": 31.2, "lng": 121.4}}));
    }

    #[test]
    fn form_text_is_read_as_the_field_expects() {
        assert_eq!(convert(" 31.25 ", Kind::Number), Some(json!(31.25)));
        assert_eq!(convert("NaN", Kind::Number), None);
        assert_eq!(convert("north", Kind::Number), None);
        assert_eq!(convert("on", Kind::Flag), Some(json!(true)));
        assert_eq!(convert("FALSE", Kind::Flag), Some(json!(false)));
        assert_eq!(convert("maybe", Kind::Flag), None);
        assert_eq!(convert("王阿姨", Kind::Text), Some(json!("王阿姨")));
    }
}
