//! Reading a request body into memory with a hard size limit.

use actix_web::HttpRequest;
use actix_web::error::PayloadError;
use actix_web::http::header;
use actix_web::web::{Bytes, BytesMut};
use futures_util::{Stream, StreamExt};

use crate::app::error::{AppError, ErrorCode};

/// Reads the whole body, refusing more than `limit` bytes (early, when `Content-Length` says so).
pub async fn read_limited<S>(req: &HttpRequest, mut payload: S, limit: usize) -> Result<Bytes, AppError>
where
    S: Stream<Item = Result<Bytes, PayloadError>> + Unpin,
{
    let too_large = || AppError::new(ErrorCode::PayloadTooLarge, format!("The body may be at most {limit} bytes."));
    if let Some(length) =
        req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok())
        && length > limit
    {
        return Err(too_large());
    }
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|e| AppError::new(ErrorCode::MalformedJson, format!("The body could not be read: {e}")))?;
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// The request's media type without parameters, lower-cased (`application/json`), if any.
pub fn media_type(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::CONTENT_TYPE)?.to_str().ok()?;
    let essence = value.split(';').next()?.trim().to_ascii_lowercase();
    (!essence.is_empty()).then_some(essence)
}

/// True for `application/json` and `application/*+json`.
pub fn is_json(media_type: &str) -> bool {
    media_type == "application/json" || (media_type.starts_with("application/") && media_type.ends_with("+json"))
}
