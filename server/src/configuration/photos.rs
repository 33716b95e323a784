//! Photo processing and where photos (and attached documents) are kept (`[photos]`, `[photos.s3]`).

use secrecy::SecretString;
use serde::Deserialize;

/// Photo processing and storage (`[photos]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PhotoSettings {
    /// `local` (files under `<data_dir>/photos`) or `s3`.
    pub store: PhotoStoreKind,
    /// Keep the uploaded file as well as the stripped renditions (off: privacy by default).
    pub keep_originals: bool,
    /// Photos processed at once; 0 means one per core.
    pub workers: usize,
    /// Photos that may wait for a worker before uploads are refused with 503.
    pub queue: usize,
    /// Longest accepted width or height, in pixels.
    pub max_edge: u32,
    /// Most pixels (width × height) accepted.
    pub max_pixels: u64,
    /// Most bytes the decoder may allocate for one photo.
    pub max_decoder_bytes: u64,
    /// Lifetime of signed photo URLs.
    pub signed_url_secs: u64,
    /// Objects no report points at are removed once they are this old.
    pub sweep_grace_minutes: u64,
    /// How often the sweep runs.
    pub sweep_interval_minutes: u64,
    pub s3: S3Settings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PhotoStoreKind {
    Local,
    S3,
}

/// An S3-compatible bucket (`[photos.s3]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct S3Settings {
    pub bucket: Option<String>,
    /// e.g. `https://oss-cn-beijing.aliyuncs.com` or `http://127.0.0.1:9000`; unset means AWS.
    pub endpoint: Option<String>,
    pub region: String,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<SecretString>,
    /// Keys go below this folder in the bucket.
    pub prefix: String,
    /// Allow `http://` endpoints (a server on the same host or network).
    pub allow_http: bool,
    /// `bucket.host` addressing instead of `host/bucket`.
    pub virtual_hosted_style: bool,
}

impl Default for PhotoSettings {
    fn default() -> Self {
        Self {
            store: PhotoStoreKind::Local,
            keep_originals: false,
            workers: 0,
            queue: 16,
            max_edge: 12_000,
            max_pixels: 60_000_000,
            max_decoder_bytes: 512 * 1024 * 1024,
            signed_url_secs: 900,
            sweep_grace_minutes: 60,
            sweep_interval_minutes: 60,
            s3: S3Settings::default(),
        }
    }
}

impl Default for S3Settings {
    fn default() -> Self {
        Self {
            bucket: None,
            endpoint: None,
            region: "us-east-1".into(),
            access_key_id: None,
            secret_access_key: None,
            prefix: String::new(),
            allow_http: false,
            virtual_hosted_style: false,
        }
    }
}
