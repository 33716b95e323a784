//! PDF documents attached to a report: a handling unit's reply letter or a signed scan.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveIden, Clone, Copy)]
enum ReportDocuments {
    Table,
    Id,
    ReportId,
    Position,
    ByteSize,
    Sha256,
    StorageKey,
    FileName,
    AttachedBy,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Reports {
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
                    .table(ReportDocuments::Table)
                    .col(uuid(ReportDocuments::Id).primary_key())
                    .col(uuid(ReportDocuments::ReportId))
                    .col(integer(ReportDocuments::Position))
                    .col(big_integer(ReportDocuments::ByteSize))
                    .col(string(ReportDocuments::Sha256))
                    .col(string(ReportDocuments::StorageKey))
                    .col(string(ReportDocuments::FileName))
                    .col(string(ReportDocuments::AttachedBy))
                    .col(timestamp_with_time_zone(ReportDocuments::CreatedAt))
                    .foreign_key(&mut super::fk(
                        "fk_report_documents_report",
                        (ReportDocuments::Table, ReportDocuments::ReportId),
                        (Reports::Table, Reports::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_report_documents_position")
                    .table(ReportDocuments::Table)
                    .col(ReportDocuments::ReportId)
                    .col(ReportDocuments::Position)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ReportDocuments::Table).to_owned()).await
    }
}
