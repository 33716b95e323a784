//! The schema, as one ordered list of migrations that runs on SQLite and on PostgreSQL alike.

use sea_orm_migration::prelude::*;

mod m20261128_000001_foundation;
mod m20261128_000002_identity;
mod m20261129_000003_photo_renditions;
mod m20261129_000004_directory;
mod m20261130_000005_reception_and_places;
mod m20261130_000006_closed_loop;
mod m20261130_000007_outbox;
mod m20261201_000008_delivery;
mod m20261202_000009_category_presentation;
mod m20261203_000010_deputy_binding;
mod m20261203_000011_identities;
mod m20261204_000012_assisted_intake;
mod m20261204_000013_urgency;
mod m20261204_000014_report_documents;
mod m20261204_000015_unit_accounts;
mod m20261204_000016_notice_kinds;
mod m20261205_000017_kiosk_aids;
mod m20261206_000018_kiosk_last_seen;
mod m20261207_000019_results_board;
mod m20261208_000020_reception_bookings;
mod m20261209_000021_deputy_photos;
mod m20261210_000022_resident_notices;
mod m20261211_000023_activities;
mod m20261212_000024_citizen_wechat;
mod m20261213_000025_review_opinions;
mod m20261214_000026_suggestions;
mod m20261215_000027_points_years;
mod m20261216_000028_report_backs;
mod m20261217_000029_annual_plan;
mod m20261218_000030_reference_version;
mod m20261219_000031_queue_indexes;

pub struct Migrator;

/// A foreign key that refuses to delete or re-key a row something still points at.
fn fk(
    name: &str,
    from: (impl IntoIden + 'static, impl IntoIden + 'static),
    to: (impl IntoIden + 'static, impl IntoIden + 'static),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Restrict)
        .on_update(ForeignKeyAction::Restrict)
        .to_owned()
}

/// A join table of two foreign keys, both the primary key.
fn link(
    table: impl IntoIden + Copy + 'static,
    left: (impl IntoIden + Copy + 'static, impl IntoIden + 'static, impl IntoIden + 'static),
    right: (impl IntoIden + Copy + 'static, impl IntoIden + 'static, impl IntoIden + 'static),
) -> TableCreateStatement {
    fn name(table: impl IntoIden, column: impl IntoIden) -> String {
        format!("fk_{}_{}", table.into_iden().to_string(), column.into_iden().to_string())
    }
    Table::create()
        .table(table)
        .col(ColumnDef::new(left.0).uuid().not_null())
        .col(ColumnDef::new(right.0).uuid().not_null())
        .primary_key(Index::create().col(left.0).col(right.0))
        .foreign_key(&mut fk(&name(table, left.0), (table, left.0), (left.1, left.2)))
        .foreign_key(&mut fk(&name(table, right.0), (table, right.0), (right.1, right.2)))
        .to_owned()
}

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261128_000001_foundation::Migration),
            Box::new(m20261128_000002_identity::Migration),
            Box::new(m20261129_000003_photo_renditions::Migration),
            Box::new(m20261129_000004_directory::Migration),
            Box::new(m20261130_000005_reception_and_places::Migration),
            Box::new(m20261130_000006_closed_loop::Migration),
            Box::new(m20261130_000007_outbox::Migration),
            Box::new(m20261201_000008_delivery::Migration),
            Box::new(m20261202_000009_category_presentation::Migration),
            Box::new(m20261203_000010_deputy_binding::Migration),
            Box::new(m20261203_000011_identities::Migration),
            Box::new(m20261204_000012_assisted_intake::Migration),
            Box::new(m20261204_000013_urgency::Migration),
            Box::new(m20261204_000014_report_documents::Migration),
            Box::new(m20261204_000015_unit_accounts::Migration),
            Box::new(m20261204_000016_notice_kinds::Migration),
            Box::new(m20261205_000017_kiosk_aids::Migration),
            Box::new(m20261206_000018_kiosk_last_seen::Migration),
            Box::new(m20261207_000019_results_board::Migration),
            Box::new(m20261208_000020_reception_bookings::Migration),
            Box::new(m20261209_000021_deputy_photos::Migration),
            Box::new(m20261210_000022_resident_notices::Migration),
            Box::new(m20261211_000023_activities::Migration),
            Box::new(m20261212_000024_citizen_wechat::Migration),
            Box::new(m20261213_000025_review_opinions::Migration),
            Box::new(m20261214_000026_suggestions::Migration),
            Box::new(m20261215_000027_points_years::Migration),
            Box::new(m20261216_000028_report_backs::Migration),
            Box::new(m20261217_000029_annual_plan::Migration),
            Box::new(m20261218_000030_reference_version::Migration),
            Box::new(m20261219_000031_queue_indexes::Migration),
        ]
    }
}
