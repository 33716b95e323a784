//! A problem found in directory files (`liaison import`, `POST /directory/import`), pointed at its file and
//! line (CSV) or feature (GeoJSON), so a person can find and fix it.

use serde::Serialize;
use utoipa::ToSchema;

/// Where in the files a record or a problem is: the file, and its CSV line or GeoJSON feature (1-based).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, ToSchema)]
pub struct Source {
    /// The file's name: its path, or the part of an upload (`deputies`).
    pub file: String,
    pub line: Option<u64>,
    pub feature: Option<u64>,
}

/// Something in the files that stops the import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ImportProblem {
    /// Where it is, when it can be pointed at.
    #[serde(flatten)]
    pub at: Option<Source>,
    #[schema(example = "station `XH-09` does not exist")]
    pub message: String,
}

impl std::fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.at {
            Some(Source { file, line: Some(line), .. }) => write!(f, "{file}:{line}: {}", self.message),
            Some(Source { file, feature: Some(n), .. }) => write!(f, "{file}: feature #{n}: {}", self.message),
            Some(Source { file, .. }) => write!(f, "{file}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

pub fn problem(at: &Source, message: impl Into<String>) -> ImportProblem {
    ImportProblem { at: Some(at.clone()), message: message.into() }
}
