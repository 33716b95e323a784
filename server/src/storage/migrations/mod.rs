//! The schema, as one ordered list of migrations that runs on SQLite and on PostgreSQL alike.

use sea_orm_migration::prelude::*;

mod m20261128_000001_foundation;
mod m20261128_000002_identity;
mod m20261129_000003_photo_renditions;
mod m20261129_000004_directory;

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

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261128_000001_foundation::Migration),
            Box::new(m20261128_000002_identity::Migration),
            Box::new(m20261129_000003_photo_renditions::Migration),
            Box::new(m20261129_000004_directory::Migration),
        ]
    }
}
