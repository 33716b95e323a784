//! JSON decoding that says which field is wrong: malformed JSON is a 400, a well-formed body with wrong
//! types, unknown or missing fields is a 422 that lists each field by its path.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use serde::de::DeserializeOwned;

use super::body;
use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::report::FieldError;

/// A JSON request body decoded into `T`, with the same errors as [`decode`], the configured size limit and
/// a 415 for other content types.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for JsonBody<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let payload = payload.take();
        Box::pin(async move {
            match body::media_type(&req).as_deref() {
                Some(media) if body::is_json(media) => {}
                other => {
                    return Err(AppError::new(
                        ErrorCode::UnsupportedContentType,
                        format!("Send application/json, not {}.", other.unwrap_or("a body without Content-Type")),
                    ));
                }
            }
            let limit = req.app_data::<web::Data<AppState>>().map_or(64 * 1024, |s| s.limits.json_body_bytes);
            let bytes = body::read_limited(&req, payload, limit).await?;
            Ok(JsonBody(decode(&bytes)?))
        })
    }
}

/// Decodes a JSON body: first as JSON at all (so broken syntax is always a 400), then into `T`.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        AppError::new(ErrorCode::MalformedJson, format!("The body is not valid JSON: {}", clean_message(&e)))
    })?;
    decode_value(value)
}

/// Decodes an already-built JSON value (from form fields), with the same field errors as [`decode`].
pub fn decode_value<T: DeserializeOwned>(mut value: serde_json::Value) -> Result<T, AppError> {
    integral_floats_as_integers(&mut value);
    serde_path_to_error::deserialize(value).map_err(from_path_error)
}

/// `2.0` is the integer 2 in JSON (and in JSON Schema's `integer`), but serde refuses it for an integer
/// field: write such numbers as integers first. Numbers with a fraction, or out of the 64-bit range, stay.
fn integral_floats_as_integers(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Number(number) if number.is_f64() => {
            if let Some(float) = number.as_f64().filter(|f| f.fract() == 0.0) {
                // Exactly representable bounds: -2^63 and 2^64.
                if (-9_223_372_036_854_775_808.0..0.0).contains(&float) {
                    #[allow(clippy::cast_possible_truncation)]
                    let int = float as i64;
                    *number = int.into();
                } else if (0.0..18_446_744_073_709_551_616.0).contains(&float) {
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    let int = float as u64;
                    *number = int.into();
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(integral_floats_as_integers),
        serde_json::Value::Object(fields) => fields.values_mut().for_each(integral_floats_as_integers),
        _ => {}
    }
}

fn from_path_error(err: serde_path_to_error::Error<serde_json::Error>) -> AppError {
    let path = match err.path().to_string() {
        p if p == "." => String::new(),
        p => p,
    };
    let inner = err.into_inner();
    match inner.classify() {
        serde_json::error::Category::Data => AppError::validation(vec![field_error(&path, &inner)]),
        _ => AppError::new(ErrorCode::MalformedJson, format!("The body is not valid JSON: {}", clean_message(&inner))),
    }
}

/// serde_json's message without its " at line 1 column 5" suffix.
fn clean_message(err: &serde_json::Error) -> String {
    let text = err.to_string();
    match text.find(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() || path == name || path.ends_with(&format!(".{name}")) {
        if path.is_empty() { name.to_owned() } else { path.to_owned() }
    } else {
        format!("{path}.{name}")
    }
}

fn backticked(message: &str) -> Option<&str> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(&message[start..start + len])
}

fn field_error(path: &str, err: &serde_json::Error) -> FieldError {
    let message = clean_message(err);
    if message.starts_with("unknown field") {
        let name = backticked(&message).unwrap_or_default();
        FieldError::new(join(path, name), "unknown_field", message)
    } else if message.starts_with("missing field") {
        let name = backticked(&message).unwrap_or_default();
        FieldError::new(join(path, name), "required", message)
    } else if message.starts_with("invalid type") {
        FieldError::new(path, "invalid_type", message)
    } else {
        FieldError::new(path, "invalid_value", message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        name: String,
        #[serde(default)]
        inner: Option<Inner>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        lat: f64,
    }

    fn fail(body: &str) -> (ErrorCode, String) {
        let err = decode::<Outer>(body.as_bytes()).unwrap_err();
        (err.code(), format!("{err:?}"))
    }

    #[test]
    fn an_integral_number_written_with_a_fraction_is_an_integer() {
        #[derive(Debug, Deserialize, PartialEq)]
        struct Numbers {
            days: u32,
            delta: i64,
            lat: f64,
        }
        let numbers: Numbers = decode(br#"{"days": 198.0, "delta": -3.0, "lat": 30.0}"#).unwrap();
        assert_eq!(numbers, Numbers { days: 198, delta: -3, lat: 30.0 });
        let fraction = decode::<Numbers>(br#"{"days": 1.5, "delta": 0, "lat": 0}"#).unwrap_err();
        assert_eq!(fraction.code(), ErrorCode::ValidationFailed);
        let huge = decode::<Numbers>(br#"{"days": 1e300, "delta": 0, "lat": 0}"#).unwrap_err();
        assert_eq!(huge.code(), ErrorCode::ValidationFailed);
    }

    #[test]
    fn syntax_errors_are_malformed_json() {
        for body in ["", "{", "{\"name\": }", "[1,2", "{} {}", "{\"name\":\"a\"} trailing", "\u{feff}{}"] {
            assert_eq!(fail(body).0, ErrorCode::MalformedJson, "{body:?}");
        }
    }

    #[test]
    fn data_errors_name_the_field() {
        let cases = [
            (r#"{"name": 5}"#, "field: \"name\"", "invalid_type"),
            (r#"{}"#, "field: \"name\"", "required"),
            (r#"{"name":"a","extra":1}"#, "field: \"extra\"", "unknown_field"),
            (r#"{"name":"a","inner":{"lat":"x"}}"#, "field: \"inner.lat\"", "invalid_type"),
            (r#"{"name":"a","inner":{"lat":1,"lng":2}}"#, "field: \"inner.lng\"", "unknown_field"),
            (r#"{"name":"a","inner":{}}"#, "field: \"inner.lat\"", "required"),
        ];
        for (body, field, code) in cases {
            let (got, debug) = fail(body);
            assert_eq!(got, ErrorCode::ValidationFailed, "{body}");
            assert!(debug.contains(field), "{body}: {debug}");
            assert!(debug.contains(&format!("code: \"{code}\"")), "{body}: {debug}");
        }
    }
}
