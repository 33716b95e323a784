//! Rows into domain records: each entity is read into the record the rest of the server works with here and
//! nowhere else, so sea-orm's models stay inside `storage/`. A stored word the domain does not know (a
//! newer schema, a hand-edited row) is a [`StorageError::Corrupt`].

use std::str::FromStr;

use super::StorageError;
use crate::domain::report::UnknownValue;

pub mod account;
pub mod directory;
pub mod notices;
pub mod report;

/// Reads an optional stored word as a domain value.
pub(super) fn parse_optional<T: FromStr<Err = UnknownValue>>(text: Option<&str>) -> Result<Option<T>, StorageError> {
    Ok(text.map(str::parse).transpose()?)
}

/// Reads rows into records, stopping at the first one that cannot be read.
pub(super) fn all<R, T: TryInto<R, Error = StorageError>>(rows: Vec<T>) -> Result<Vec<R>, StorageError> {
    rows.into_iter().map(TryInto::try_into).collect()
}
