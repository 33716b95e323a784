//! Categories (what a report is about).

use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::Localized;
use crate::domain::directory::Category;

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

impl From<Category> for CategoryView {
    fn from(c: Category) -> Self {
        Self {
            code: c.code,
            name: c.name,
            description: c.description,
            reply_deadline_working_days: c.reply_deadline_working_days,
            phrases: c.phrases,
            icon: c.icon,
        }
    }
}

/// Every active category, in display order.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryList {
    pub items: Vec<CategoryView>,
}
