use sea_orm::entity::prelude::*;

/// One voter's rating of a deputy at a report-back.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "report_back_votes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub report_back_id: Uuid,
    /// The keyed hash of the voter's proven phone number.
    #[sea_orm(primary_key, auto_increment = false)]
    pub voter_key: String,
    /// A [`crate::domain::workflow::Verdict`].
    pub verdict: String,
    pub comment: String,
    /// `kiosk` or `phone`.
    pub channel: String,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
