//! HEAD wherever GET is (RFC 9110 §9.3.2): a HEAD request is routed as a GET. The connection knows the
//! request was a HEAD from when it was read, and sends the response's headers without its body.

use actix_web::Error;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;

/// The middleware function, for `actix_web::middleware::from_fn`.
pub async fn as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    next.call(req).await
}
