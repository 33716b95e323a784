//! Categories (what a report is about).

use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::Localized;
use crate::storage::entities::category;

pub mod list;
pub mod put;

/// A category a citizen can choose.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryView {
    #[schema(example = "environment")]
    pub code: String,
    pub name: Localized,
    pub description: Localized,
    /// Working days within which a report of this category is normally answered.
    #[schema(example = 7)]
    pub reply_deadline_working_days: i32,
    /// The drawing to show, by name from the apps' set; absent: the apps choose by code.
    #[schema(example = "property_management")]
    pub icon: Option<String>,
    /// Phrases a resident can tap to describe a problem of this category.
    pub phrases: Vec<Localized>,
}

impl From<category::Model> for CategoryView {
    fn from(c: category::Model) -> Self {
        Self {
            code: c.code,
            name: Localized::new(c.name_zh, c.name_en),
            description: Localized::new(c.description_zh, c.description_en),
            reply_deadline_working_days: c.reply_deadline_working_days,
            phrases: serde_json::from_str(&c.phrases).unwrap_or_default(),
            icon: c.icon,
        }
    }
}

/// Every active category, in display order.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryList {
    pub items: Vec<CategoryView>,
}
