//! What pages opened inside WeChat need from the server besides signing in: the JS-SDK configuration.

pub mod js_config;
