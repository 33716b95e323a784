//! Calls to other services: WeChat's login API and SMS providers. Each sits behind a small type with the
//! vendor's failure modes spelled out, so handlers can answer each one clearly.

pub mod sms;
pub mod wechat;
