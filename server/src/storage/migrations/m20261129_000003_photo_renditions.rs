//! Photos become renditions: a display image and a thumbnail (and the original only when configured),
//! content-addressed by the upload's SHA-256. Rows from before keep their original as `storage_key` with no
//! thumbnail until startup processes them.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ReportPhotos {
    Table,
    ThumbKey,
    OriginalKey,
    Width,
    Height,
    ThumbWidth,
    ThumbHeight,
    Sha256,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            ColumnDef::new(ReportPhotos::ThumbKey).string_len(300).null().to_owned(),
            ColumnDef::new(ReportPhotos::OriginalKey).string_len(300).null().to_owned(),
            ColumnDef::new(ReportPhotos::Width).integer().null().to_owned(),
            ColumnDef::new(ReportPhotos::Height).integer().null().to_owned(),
            ColumnDef::new(ReportPhotos::ThumbWidth).integer().null().to_owned(),
            ColumnDef::new(ReportPhotos::ThumbHeight).integer().null().to_owned(),
        ] {
            let mut column = column;
            manager.alter_table(Table::alter().table(ReportPhotos::Table).add_column(&mut column).to_owned()).await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_report_photos_sha256")
                    .table(ReportPhotos::Table)
                    .col(ReportPhotos::Sha256)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name("idx_report_photos_sha256").table(ReportPhotos::Table).to_owned())
            .await?;
        for column in [
            ReportPhotos::ThumbKey,
            ReportPhotos::OriginalKey,
            ReportPhotos::Width,
            ReportPhotos::Height,
            ReportPhotos::ThumbWidth,
            ReportPhotos::ThumbHeight,
        ] {
            manager.alter_table(Table::alter().table(ReportPhotos::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
