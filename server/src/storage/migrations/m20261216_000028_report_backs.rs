//! Report-backs to voters (述职评议) and their votes: one per session and voter, the voter named by the keyed
//! hash of the phone number they proved (never the number itself).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveIden, Clone, Copy)]
enum ReportBacks {
    Table,
    Id,
    DeputyId,
    StationId,
    Title,
    Place,
    OpensAt,
    ClosesAt,
    Cancelled,
    PublishedAt,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ReportBackVotes {
    Table,
    ReportBackId,
    VoterKey,
    Verdict,
    Comment,
    Channel,
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

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ReportBacks::Table)
                    .col(pk_uuid(ReportBacks::Id))
                    .col(uuid(ReportBacks::DeputyId))
                    .col(uuid(ReportBacks::StationId))
                    .col(string_len(ReportBacks::Title, 800))
                    .col(string_len(ReportBacks::Place, 800))
                    .col(timestamp_with_time_zone(ReportBacks::OpensAt))
                    .col(timestamp_with_time_zone(ReportBacks::ClosesAt))
                    .col(boolean(ReportBacks::Cancelled).default(false))
                    .col(timestamp_with_time_zone_null(ReportBacks::PublishedAt))
                    .col(timestamp_with_time_zone(ReportBacks::CreatedAt))
                    .foreign_key(&mut super::fk(
                        "fk_report_backs_deputy",
                        (ReportBacks::Table, ReportBacks::DeputyId),
                        (Deputies::Table, Deputies::Id),
                    ))
                    .foreign_key(&mut super::fk(
                        "fk_report_backs_station",
                        (ReportBacks::Table, ReportBacks::StationId),
                        (Stations::Table, Stations::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ReportBackVotes::Table)
                    .col(uuid(ReportBackVotes::ReportBackId))
                    .col(string_len(ReportBackVotes::VoterKey, 128))
                    .col(string_len(ReportBackVotes::Verdict, 16))
                    .col(string_len(ReportBackVotes::Comment, 2000))
                    .col(string_len(ReportBackVotes::Channel, 16))
                    .col(timestamp_with_time_zone(ReportBackVotes::At))
                    .primary_key(Index::create().col(ReportBackVotes::ReportBackId).col(ReportBackVotes::VoterKey))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_report_back_votes_session")
                            .from(ReportBackVotes::Table, ReportBackVotes::ReportBackId)
                            .to(ReportBacks::Table, ReportBacks::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ReportBackVotes::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(ReportBacks::Table).to_owned()).await
    }
}
