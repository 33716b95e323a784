use sea_orm::entity::prelude::*;

/// What a report is about, with the default number of working days to answer it.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "categories")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub description_zh: String,
    pub description_en: String,
    pub reply_deadline_working_days: i32,
    pub sort_order: i32,
    pub active: bool,
    /// Staff assess every report of this category themselves (研判) before anyone is assigned.
    pub sensitive: bool,
    pub accept_deadline_working_days: i32,
    pub answer_deadline_working_days: i32,
    /// The drawing kiosks and phones show, by name.
    pub icon: Option<String>,
    /// Tap-to-add phrases: a JSON array of `{"zh": …, "en": …}`.
    pub phrases: String,
    /// Hours on the clock for urgent steps (none: the step's working days apply).
    pub accept_deadline_hours: Option<i32>,
    pub reply_deadline_hours: Option<i32>,
    pub answer_deadline_hours: Option<i32>,
    /// Numbers to call now, a JSON array of strings (`["110", "120"]`).
    pub emergency: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
