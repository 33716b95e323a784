use sea_orm::entity::prelude::*;

/// A client's `Idempotency-Key` and the report its first request created; retries get that report back.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "idempotency_keys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// SHA-256 of the normalised request, to tell a retry from a different request.
    pub fingerprint: String,
    pub report_id: Uuid,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
