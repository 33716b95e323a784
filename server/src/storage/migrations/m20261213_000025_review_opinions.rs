//! Written review opinions (审议意见) sent to departments, and their listed problems, each closed with
//! evidence (销号).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveIden, Clone, Copy)]
enum ReviewOpinions {
    Table,
    Id,
    StationId,
    ActivityId,
    UnitId,
    Title,
    Body,
    DueAt,
    Status,
    SentAt,
    Reply,
    RepliedAt,
    ClosedAt,
    EscalatedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum OpinionItems {
    Table,
    OpinionId,
    Position,
    Text,
    Status,
    Evidence,
    ClosedAt,
    ClosedBy,
}

#[derive(DeriveIden, Clone, Copy)]
enum Stations {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum HandlingUnits {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Activities {
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
                    .table(ReviewOpinions::Table)
                    .col(pk_uuid(ReviewOpinions::Id))
                    .col(uuid(ReviewOpinions::StationId))
                    .col(uuid_null(ReviewOpinions::ActivityId))
                    .col(uuid(ReviewOpinions::UnitId))
                    .col(string_len(ReviewOpinions::Title, 2000))
                    .col(text(ReviewOpinions::Body))
                    .col(timestamp_with_time_zone(ReviewOpinions::DueAt))
                    .col(string_len(ReviewOpinions::Status, 16))
                    .col(timestamp_with_time_zone_null(ReviewOpinions::SentAt))
                    .col(text(ReviewOpinions::Reply))
                    .col(timestamp_with_time_zone_null(ReviewOpinions::RepliedAt))
                    .col(timestamp_with_time_zone_null(ReviewOpinions::ClosedAt))
                    .col(timestamp_with_time_zone_null(ReviewOpinions::EscalatedAt))
                    .col(timestamp_with_time_zone(ReviewOpinions::CreatedAt))
                    .col(timestamp_with_time_zone(ReviewOpinions::UpdatedAt))
                    .foreign_key(&mut super::fk(
                        "fk_review_opinions_station",
                        (ReviewOpinions::Table, ReviewOpinions::StationId),
                        (Stations::Table, Stations::Id),
                    ))
                    .foreign_key(&mut super::fk(
                        "fk_review_opinions_unit",
                        (ReviewOpinions::Table, ReviewOpinions::UnitId),
                        (HandlingUnits::Table, HandlingUnits::Id),
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_review_opinions_activity")
                            .from(ReviewOpinions::Table, ReviewOpinions::ActivityId)
                            .to(Activities::Table, Activities::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_review_opinions_station")
                    .table(ReviewOpinions::Table)
                    .col(ReviewOpinions::StationId)
                    .col(ReviewOpinions::Status)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OpinionItems::Table)
                    .col(uuid(OpinionItems::OpinionId))
                    .col(integer(OpinionItems::Position))
                    .col(string_len(OpinionItems::Text, 2000))
                    .col(string_len(OpinionItems::Status, 16))
                    .col(text(OpinionItems::Evidence))
                    .col(timestamp_with_time_zone_null(OpinionItems::ClosedAt))
                    .col(uuid_null(OpinionItems::ClosedBy))
                    .primary_key(Index::create().col(OpinionItems::OpinionId).col(OpinionItems::Position))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_opinion_items_opinion")
                            .from(OpinionItems::Table, OpinionItems::OpinionId)
                            .to(ReviewOpinions::Table, ReviewOpinions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(OpinionItems::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(ReviewOpinions::Table).to_owned()).await
    }
}
