//! The `Idempotency-Key` request header, as in Stripe's API: a retry with the same key gets the first
//! response again instead of creating a second report.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};

use crate::app::error::{AppError, ErrorCode};

pub const HEADER: &str = "Idempotency-Key";
const MAX_LEN: usize = 255;

/// The client's idempotency key, when it sent one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(pub Option<String>);

impl FromRequest for IdempotencyKey {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let Some(value) = req.headers().get(HEADER) else {
            return ready(Ok(IdempotencyKey(None)));
        };
        let usable = value
            .to_str()
            .ok()
            .map(str::trim)
            .filter(|v| !v.is_empty() && v.len() <= MAX_LEN && v.bytes().all(|b| (0x21..=0x7e).contains(&b)));
        ready(match usable {
            Some(key) => Ok(IdempotencyKey(Some(key.to_owned()))),
            None => Err(AppError::new(
                ErrorCode::InvalidIdempotencyKey,
                format!("{HEADER} must be 1–{MAX_LEN} visible ASCII characters, such as a UUID."),
            )),
        })
    }
}
