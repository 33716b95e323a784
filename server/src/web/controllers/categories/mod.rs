//! Categories (what a report is about).

use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::Localized;
use crate::domain::directory::Category;
use crate::domain::emergency::{EmergencyLine, advice};

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
    /// Hours on the clock within which a report of this category is taken on, when the category is urgent.
    #[schema(example = 2)]
    pub accept_deadline_hours: Option<i32>,
    /// Hours on the clock within which it is answered, when the category is urgent.
    #[schema(example = 24)]
    pub answer_deadline_hours: Option<i32>,
    /// Numbers to call now rather than wait; show [`Self::emergency_advice`] before the resident files.
    pub emergency: Vec<EmergencyLine>,
    /// The advice to show before filing, in both languages; absent when the category has no numbers.
    pub emergency_advice: Option<Localized>,
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
            accept_deadline_hours: c.deadline_hours.accept,
            answer_deadline_hours: c.deadline_hours.answer,
            emergency_advice: advice(&c.emergency),
            emergency: c.emergency,
        }
    }
}

/// Every active category, in display order.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryList {
    pub items: Vec<CategoryView>,
}
