use sea_orm::entity::prelude::*;

/// A deputy's suggestion (议案建议).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "suggestions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub deputy_id: Uuid,
    pub station_id: Uuid,
    pub title: String,
    pub facts: String,
    pub cause: String,
    pub measures: String,
    /// A [`crate::domain::duty::suggestion::SuggestionStatus`].
    pub status: String,
    pub unit_id: Option<Uuid>,
    pub submitted_at: Option<DateTimeUtc>,
    pub due_at: Option<DateTimeUtc>,
    pub answer: String,
    pub answered_at: Option<DateTimeUtc>,
    /// A [`crate::domain::workflow::Verdict`].
    pub verdict: Option<String>,
    pub rated_at: Option<DateTimeUtc>,
    pub rehandled: bool,
    pub checklist_facts: bool,
    pub checklist_cause: bool,
    pub checklist_measures: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
