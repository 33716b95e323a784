use sea_orm::entity::prelude::*;

/// One entry of the append-only audit log: who did what sensitive thing, when and why.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// An [`crate::domain::report::ActorKind`].
    pub actor_kind: String,
    pub actor_id: Option<Uuid>,
    /// e.g. `contact.unmask`.
    pub action: String,
    pub report_id: Option<Uuid>,
    pub reason: Option<String>,
    /// What a directory change touched, e.g. `deputy:D-003`.
    pub subject: Option<String>,
    /// The change itself, as JSON (`before` and `after`).
    pub detail: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
