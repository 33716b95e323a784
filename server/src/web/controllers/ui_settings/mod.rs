//! What the screens are set up with on this deployment, beyond the API itself (the console map's tiles).

pub mod show;
