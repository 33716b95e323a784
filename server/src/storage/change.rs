//! What an idempotent write of one directory record did, and the tally of a whole load.

/// What loading reference data did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadSummary {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl LoadSummary {
    pub fn count(&mut self, change: Change) {
        match change {
            Change::Inserted => self.inserted += 1,
            Change::Updated => self.updated += 1,
            Change::Unchanged => self.unchanged += 1,
        }
    }
}

pub enum Change {
    Inserted,
    Updated,
    Unchanged,
}
