//! The committee's annual plan (tasks with owners and due dates) and deputies marked absent from a reception
//! slot they were on duty at.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveIden, Clone, Copy)]
enum PlanTasks {
    Table,
    Id,
    Year,
    Title,
    Detail,
    OwnerKind,
    OwnerId,
    DueOn,
    Status,
    Note,
    DoneAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ReceptionAbsences {
    Table,
    ReceptionDayId,
    DeputyId,
    Reason,
    MarkedBy,
    MarkedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ReceptionDays {
    Table,
    Id,
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
                    .table(PlanTasks::Table)
                    .col(pk_uuid(PlanTasks::Id))
                    .col(integer(PlanTasks::Year))
                    .col(string_len(PlanTasks::Title, 800))
                    .col(text(PlanTasks::Detail))
                    .col(string_len(PlanTasks::OwnerKind, 16))
                    .col(uuid_null(PlanTasks::OwnerId))
                    .col(date(PlanTasks::DueOn))
                    .col(string_len(PlanTasks::Status, 16))
                    .col(text(PlanTasks::Note))
                    .col(timestamp_with_time_zone_null(PlanTasks::DoneAt))
                    .col(timestamp_with_time_zone(PlanTasks::CreatedAt))
                    .col(timestamp_with_time_zone(PlanTasks::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_plan_tasks_year_due")
                    .table(PlanTasks::Table)
                    .col(PlanTasks::Year)
                    .col(PlanTasks::DueOn)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ReceptionAbsences::Table)
                    .col(uuid(ReceptionAbsences::ReceptionDayId))
                    .col(uuid(ReceptionAbsences::DeputyId))
                    .col(string_len(ReceptionAbsences::Reason, 2000))
                    .col(uuid(ReceptionAbsences::MarkedBy))
                    .col(timestamp_with_time_zone(ReceptionAbsences::MarkedAt))
                    .primary_key(
                        Index::create().col(ReceptionAbsences::ReceptionDayId).col(ReceptionAbsences::DeputyId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reception_absences_day")
                            .from(ReceptionAbsences::Table, ReceptionAbsences::ReceptionDayId)
                            .to(ReceptionDays::Table, ReceptionDays::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(&mut super::fk(
                        "fk_reception_absences_deputy",
                        (ReceptionAbsences::Table, ReceptionAbsences::DeputyId),
                        (Deputies::Table, Deputies::Id),
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ReceptionAbsences::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(PlanTasks::Table).to_owned()).await
    }
}
