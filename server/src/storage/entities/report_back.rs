use sea_orm::entity::prelude::*;

/// A deputy's report-back session to voters (述职评议).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "report_backs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub deputy_id: Uuid,
    pub station_id: Uuid,
    pub title: String,
    pub place: String,
    pub opens_at: DateTimeUtc,
    pub closes_at: DateTimeUtc,
    pub cancelled: bool,
    pub published_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
