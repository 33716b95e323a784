//! The schema, as one ordered list of migrations that runs on SQLite and on PostgreSQL alike.

use sea_orm_migration::prelude::*;

mod m20261128_000001_foundation;
mod m20261128_000002_identity;
mod m20261129_000003_photo_renditions;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261128_000001_foundation::Migration),
            Box::new(m20261128_000002_identity::Migration),
            Box::new(m20261129_000003_photo_renditions::Migration),
        ]
    }
}
