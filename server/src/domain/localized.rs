//! Text shown to people in Chinese first, with an English translation.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A piece of user-facing text in simplified Chinese (`zh`) and English (`en`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"zh": "环境卫生", "en": "Environment and sanitation"}))]
pub struct Localized {
    /// Simplified Chinese (zh-CN), the primary language.
    pub zh: String,
    /// English translation.
    pub en: String,
}

impl Localized {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self { zh: zh.into(), en: en.into() }
    }
}
