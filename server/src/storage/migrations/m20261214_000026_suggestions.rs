//! Deputies' suggestions (议案建议): their words, where they stand, the organ they went to and its answer,
//! the deputy's rating; the citizens' reports each was drawn from; and each quality review.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveIden, Clone, Copy)]
enum Suggestions {
    Table,
    Id,
    DeputyId,
    StationId,
    Title,
    Facts,
    Cause,
    Measures,
    Status,
    UnitId,
    SubmittedAt,
    DueAt,
    Answer,
    AnsweredAt,
    Verdict,
    RatedAt,
    Rehandled,
    ChecklistFacts,
    ChecklistCause,
    ChecklistMeasures,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum SuggestionReports {
    Table,
    SuggestionId,
    ReportId,
}

#[derive(DeriveIden, Clone, Copy)]
enum SuggestionReviews {
    Table,
    Id,
    SuggestionId,
    ReviewerId,
    Facts,
    Cause,
    Measures,
    Approved,
    Comment,
    At,
}

#[derive(DeriveIden, Clone, Copy)]
enum Deputies {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Stations {
    Table,
    Id,
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
                    .table(Suggestions::Table)
                    .col(pk_uuid(Suggestions::Id))
                    .col(uuid(Suggestions::DeputyId))
                    .col(uuid(Suggestions::StationId))
                    .col(string_len(Suggestions::Title, 800))
                    .col(text(Suggestions::Facts))
                    .col(text(Suggestions::Cause))
                    .col(text(Suggestions::Measures))
                    .col(string_len(Suggestions::Status, 16))
                    .col(uuid_null(Suggestions::UnitId))
                    .col(timestamp_with_time_zone_null(Suggestions::SubmittedAt))
                    .col(timestamp_with_time_zone_null(Suggestions::DueAt))
                    .col(text(Suggestions::Answer))
                    .col(timestamp_with_time_zone_null(Suggestions::AnsweredAt))
                    .col(string_len_null(Suggestions::Verdict, 16))
                    .col(timestamp_with_time_zone_null(Suggestions::RatedAt))
                    .col(boolean(Suggestions::Rehandled).default(false))
                    .col(boolean(Suggestions::ChecklistFacts).default(false))
                    .col(boolean(Suggestions::ChecklistCause).default(false))
                    .col(boolean(Suggestions::ChecklistMeasures).default(false))
                    .col(timestamp_with_time_zone(Suggestions::CreatedAt))
                    .col(timestamp_with_time_zone(Suggestions::UpdatedAt))
                    .foreign_key(&mut super::fk(
                        "fk_suggestions_deputy",
                        (Suggestions::Table, Suggestions::DeputyId),
                        (Deputies::Table, Deputies::Id),
                    ))
                    .foreign_key(&mut super::fk(
                        "fk_suggestions_station",
                        (Suggestions::Table, Suggestions::StationId),
                        (Stations::Table, Stations::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, column) in
            [("idx_suggestions_deputy", Suggestions::DeputyId), ("idx_suggestions_station", Suggestions::StationId)]
        {
            manager.create_index(Index::create().name(name).table(Suggestions::Table).col(column).to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(SuggestionReports::Table)
                    .col(uuid(SuggestionReports::SuggestionId))
                    .col(uuid(SuggestionReports::ReportId))
                    .primary_key(Index::create().col(SuggestionReports::SuggestionId).col(SuggestionReports::ReportId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_suggestion_reports_suggestion")
                            .from(SuggestionReports::Table, SuggestionReports::SuggestionId)
                            .to(Suggestions::Table, Suggestions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(&mut super::fk(
                        "fk_suggestion_reports_report",
                        (SuggestionReports::Table, SuggestionReports::ReportId),
                        (Reports::Table, Reports::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SuggestionReviews::Table)
                    .col(pk_uuid(SuggestionReviews::Id))
                    .col(uuid(SuggestionReviews::SuggestionId))
                    .col(uuid(SuggestionReviews::ReviewerId))
                    .col(boolean(SuggestionReviews::Facts))
                    .col(boolean(SuggestionReviews::Cause))
                    .col(boolean(SuggestionReviews::Measures))
                    .col(boolean(SuggestionReviews::Approved))
                    .col(text(SuggestionReviews::Comment))
                    .col(timestamp_with_time_zone(SuggestionReviews::At))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_suggestion_reviews_suggestion")
                            .from(SuggestionReviews::Table, SuggestionReviews::SuggestionId)
                            .to(Suggestions::Table, Suggestions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in
            [SuggestionReviews::Table.into_iden(), SuggestionReports::Table.into_iden(), Suggestions::Table.into_iden()]
        {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
