//! The closed loop: each report's deadlines, outcome, verdict, answer, handling unit, extension and
//! escalation; who a photo came from (the citizen, or a handling unit's reply); the from/to status and action on timeline entries; handling units (承办单位); per-category
//! deadlines for accepting and answering; and leases, so one instance at a time runs supervision.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Categories {
    Table,
    AcceptDeadlineWorkingDays,
    AnswerDeadlineWorkingDays,
}

#[derive(DeriveIden, Clone, Copy)]
enum Reports {
    Table,
    Status,
    DueAt,
    AnswerDueAt,
    Outcome,
    Verdict,
    RatingComment,
    AnswerText,
    AnsweredAt,
    FirstAnsweredAt,
    FirstAnswerDueAt,
    ClosedAt,
    HandlingUnitId,
    ExtensionDays,
    ReopenCount,
    EscalationLevel,
    DueSoonNoticed,
    Version,
    MergedInto,
    FollowUp,
    FollowUpAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ReportPhotos {
    Table,
    Source,
}

#[derive(DeriveIden, Clone, Copy)]
enum ReportEvents {
    Table,
    FromStatus,
    ToStatus,
    Action,
}

#[derive(DeriveIden, Clone, Copy)]
enum HandlingUnits {
    Table,
    Id,
    Code,
    NameZh,
    NameEn,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Leases {
    Table,
    Name,
    Holder,
    ExpiresAt,
}

fn add(table: impl IntoIden + Copy + 'static, column: ColumnDef) -> TableAlterStatement {
    let mut column = column;
    Table::alter().table(table).add_column(&mut column).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(HandlingUnits::Table)
                    .col(pk_uuid(HandlingUnits::Id))
                    .col(string_len_uniq(HandlingUnits::Code, 64))
                    .col(string_len(HandlingUnits::NameZh, 100))
                    .col(string_len(HandlingUnits::NameEn, 200))
                    .col(boolean(HandlingUnits::Active).default(true))
                    .col(timestamp_with_time_zone(HandlingUnits::CreatedAt))
                    .col(timestamp_with_time_zone(HandlingUnits::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Leases::Table)
                    .col(string_len(Leases::Name, 64).primary_key())
                    .col(string_len(Leases::Holder, 100))
                    .col(timestamp_with_time_zone(Leases::ExpiresAt))
                    .to_owned(),
            )
            .await?;
        for statement in [
            add(
                Categories::Table,
                ColumnDef::new(Categories::AcceptDeadlineWorkingDays).integer().not_null().default(3).to_owned(),
            ),
            add(
                Categories::Table,
                ColumnDef::new(Categories::AnswerDeadlineWorkingDays).integer().not_null().default(15).to_owned(),
            ),
            add(Reports::Table, ColumnDef::new(Reports::DueAt).timestamp_with_time_zone().null().to_owned()),
            add(Reports::Table, ColumnDef::new(Reports::AnswerDueAt).timestamp_with_time_zone().null().to_owned()),
            add(Reports::Table, ColumnDef::new(Reports::Outcome).string_len(16).null().to_owned()),
            add(Reports::Table, ColumnDef::new(Reports::Verdict).string_len(16).null().to_owned()),
            add(Reports::Table, ColumnDef::new(Reports::RatingComment).text().null().to_owned()),
            add(Reports::Table, ColumnDef::new(Reports::AnswerText).text().null().to_owned()),
            add(Reports::Table, ColumnDef::new(Reports::AnsweredAt).timestamp_with_time_zone().null().to_owned()),
            add(Reports::Table, ColumnDef::new(Reports::FirstAnsweredAt).timestamp_with_time_zone().null().to_owned()),
            add(Reports::Table, ColumnDef::new(Reports::FirstAnswerDueAt).timestamp_with_time_zone().null().to_owned()),
            add(Reports::Table, ColumnDef::new(Reports::ClosedAt).timestamp_with_time_zone().null().to_owned()),
            add(Reports::Table, ColumnDef::new(Reports::HandlingUnitId).uuid().null().to_owned()),
            add(Reports::Table, ColumnDef::new(Reports::ExtensionDays).integer().null().to_owned()),
            add(Reports::Table, ColumnDef::new(Reports::ReopenCount).integer().not_null().default(0).to_owned()),
            add(Reports::Table, ColumnDef::new(Reports::EscalationLevel).integer().not_null().default(0).to_owned()),
            add(Reports::Table, ColumnDef::new(Reports::DueSoonNoticed).boolean().not_null().default(false).to_owned()),
            add(Reports::Table, ColumnDef::new(Reports::Version).integer().not_null().default(0).to_owned()),
            add(Reports::Table, ColumnDef::new(Reports::MergedInto).uuid().null().to_owned()),
            add(Reports::Table, ColumnDef::new(Reports::FollowUp).string_len(16).null().to_owned()),
            add(Reports::Table, ColumnDef::new(Reports::FollowUpAt).timestamp_with_time_zone().null().to_owned()),
            add(
                ReportPhotos::Table,
                ColumnDef::new(ReportPhotos::Source).string_len(16).not_null().default("citizen").to_owned(),
            ),
            add(ReportEvents::Table, ColumnDef::new(ReportEvents::FromStatus).string_len(16).null().to_owned()),
            add(ReportEvents::Table, ColumnDef::new(ReportEvents::ToStatus).string_len(16).null().to_owned()),
            add(ReportEvents::Table, ColumnDef::new(ReportEvents::Action).string_len(32).null().to_owned()),
        ] {
            manager.alter_table(statement).await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_reports_status_due")
                    .table(Reports::Table)
                    .col(Reports::Status)
                    .col(Reports::DueAt)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("idx_reports_status_due").table(Reports::Table).to_owned()).await?;
        let columns: [(DynIden, DynIden); 25] = [
            (Categories::Table.into_iden(), Categories::AcceptDeadlineWorkingDays.into_iden()),
            (Categories::Table.into_iden(), Categories::AnswerDeadlineWorkingDays.into_iden()),
            (Reports::Table.into_iden(), Reports::DueAt.into_iden()),
            (Reports::Table.into_iden(), Reports::AnswerDueAt.into_iden()),
            (Reports::Table.into_iden(), Reports::Outcome.into_iden()),
            (Reports::Table.into_iden(), Reports::Verdict.into_iden()),
            (Reports::Table.into_iden(), Reports::RatingComment.into_iden()),
            (Reports::Table.into_iden(), Reports::AnswerText.into_iden()),
            (Reports::Table.into_iden(), Reports::AnsweredAt.into_iden()),
            (Reports::Table.into_iden(), Reports::FirstAnsweredAt.into_iden()),
            (Reports::Table.into_iden(), Reports::FirstAnswerDueAt.into_iden()),
            (Reports::Table.into_iden(), Reports::ClosedAt.into_iden()),
            (Reports::Table.into_iden(), Reports::HandlingUnitId.into_iden()),
            (Reports::Table.into_iden(), Reports::ExtensionDays.into_iden()),
            (Reports::Table.into_iden(), Reports::ReopenCount.into_iden()),
            (Reports::Table.into_iden(), Reports::EscalationLevel.into_iden()),
            (Reports::Table.into_iden(), Reports::DueSoonNoticed.into_iden()),
            (Reports::Table.into_iden(), Reports::Version.into_iden()),
            (Reports::Table.into_iden(), Reports::MergedInto.into_iden()),
            (Reports::Table.into_iden(), Reports::FollowUp.into_iden()),
            (Reports::Table.into_iden(), Reports::FollowUpAt.into_iden()),
            (ReportPhotos::Table.into_iden(), ReportPhotos::Source.into_iden()),
            (ReportEvents::Table.into_iden(), ReportEvents::FromStatus.into_iden()),
            (ReportEvents::Table.into_iden(), ReportEvents::ToStatus.into_iden()),
            (ReportEvents::Table.into_iden(), ReportEvents::Action.into_iden()),
        ];
        for (table, column) in columns {
            manager.alter_table(Table::alter().table(table).drop_column(column).to_owned()).await?;
        }
        manager.drop_table(Table::drop().table(Leases::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(HandlingUnits::Table).to_owned()).await?;
        Ok(())
    }
}
