//! One-time codes that tie a sign-in account to a directory deputy (代表绑定码), kept as hashes.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveIden)]
enum BindingCodes {
    Table,
    Id,
    DeputyId,
    CodeHash,
    CreatedBy,
    CreatedAt,
    ExpiresAt,
    ConsumedAt,
    ConsumedBy,
}

#[derive(DeriveIden)]
enum Deputies {
    Table,
    Id,
}

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(BindingCodes::Table)
                    .col(pk_uuid(BindingCodes::Id))
                    .col(uuid(BindingCodes::DeputyId))
                    .col(string_len_uniq(BindingCodes::CodeHash, 64))
                    .col(uuid_null(BindingCodes::CreatedBy))
                    .col(timestamp_with_time_zone(BindingCodes::CreatedAt))
                    .col(timestamp_with_time_zone(BindingCodes::ExpiresAt))
                    .col(timestamp_with_time_zone_null(BindingCodes::ConsumedAt))
                    .col(uuid_null(BindingCodes::ConsumedBy))
                    .foreign_key(&mut super::fk(
                        "fk_binding_codes_deputy",
                        (BindingCodes::Table, BindingCodes::DeputyId),
                        (Deputies::Table, Deputies::Id),
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(BindingCodes::Table).to_owned()).await
    }
}
