//! Indexes for the work queues at scale: a deputy's inbox and a unit's (their open reports, oldest first) and
//! a station's queues by the station routing chose. Without them, `status IN (open …)` picked the
//! `(status, due_at)` index and every open report was read and sorted to show one page (1 s at 100,000 reports).

use sea_orm_migration::prelude::*;

#[derive(DeriveIden, Clone, Copy)]
enum Reports {
    Table,
    Id,
    Status,
    AssignedDeputyId,
    HandlingUnitId,
    RoutedStationId,
    StationId,
}

/// Name and columns of each index.
const INDEXES: [(&str, &[Reports]); 4] = [
    ("idx_reports_deputy_id", &[Reports::AssignedDeputyId, Reports::Id]),
    ("idx_reports_unit_id", &[Reports::HandlingUnitId, Reports::Id]),
    ("idx_reports_routed_station_status_id", &[Reports::RoutedStationId, Reports::Status, Reports::Id]),
    ("idx_reports_station_status_id", &[Reports::StationId, Reports::Status, Reports::Id]),
];

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, columns) in INDEXES {
            let mut index = Index::create();
            index.name(name).table(Reports::Table);
            for column in columns {
                index.col(*column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in INDEXES {
            manager.drop_index(Index::drop().name(name).table(Reports::Table).to_owned()).await?;
        }
        Ok(())
    }
}
