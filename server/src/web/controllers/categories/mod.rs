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
}

impl From<category::Model> for CategoryView {
    fn from(c: category::Model) -> Self {
        Self {
            code: c.code,
            name: Localized::new(c.name_zh, c.name_en),
            description: Localized::new(c.description_zh, c.description_en),
            reply_deadline_working_days: c.reply_deadline_working_days,
        }
    }
}

/// Every active category, in display order.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryList {
    pub items: Vec<CategoryView>,
}
