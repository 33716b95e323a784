//! Deputies' portraits: one per deputy, kept as the photo pipeline's renditions in the photo store and named
//! here, apart from the directory entry (which imports and edits replace).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveIden, Clone, Copy)]
enum DeputyPhotos {
    Table,
    DeputyId,
    DisplayKey,
    ThumbKey,
    Sha256,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
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
                    .table(DeputyPhotos::Table)
                    .col(pk_uuid(DeputyPhotos::DeputyId))
                    .col(string_len(DeputyPhotos::DisplayKey, 200))
                    .col(string_len(DeputyPhotos::ThumbKey, 200))
                    .col(string_len(DeputyPhotos::Sha256, 64))
                    .col(timestamp_with_time_zone(DeputyPhotos::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_deputy_photos_deputy")
                            .from(DeputyPhotos::Table, DeputyPhotos::DeputyId)
                            .to(Deputies::Table, Deputies::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(DeputyPhotos::Table).to_owned()).await
    }
}
