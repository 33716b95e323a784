//! The web layer: HTTP handlers (one folder per resource, one file per action), request extractors and
//! authentication, middleware, problem+json answers and the OpenAPI document. Handlers parse, call one
//! application service or storage read, and shape the answer.

pub mod auth;
pub mod conditional;
pub mod controllers;
pub mod extract;
pub mod middleware;
pub mod openapi;
pub mod problem;
pub mod static_files;
