//! Calls to other services: WeChat's login APIs (mini-program and official account), WeCom's web OAuth and
//! SMS providers. Each sits behind a small type with the vendor's failure modes spelled out, so services can
//! answer each one clearly.

pub mod sms;
pub mod wechat;
pub mod wechat_jssdk;
pub mod wechat_oa;
pub mod wecom;
