//! Photos in S3-compatible object storage (AWS S3, MinIO, Ceph, Aliyun OSS in S3 mode…), through the
//! `object_store` crate. Puts are atomic: an object is either wholly there or not at all.

use async_trait::async_trait;
use bytes::Bytes;
use futures_util::TryStreamExt;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path;
use object_store::{ObjectStore, PutPayload};
use secrecy::ExposeSecret;

use super::{PhotoStore, PhotoStoreError, StoredObject, check_key};
use crate::configuration::S3Settings;

/// A bucket, and a key prefix inside it.
#[derive(Debug)]
pub struct S3PhotoStore {
    store: AmazonS3,
    prefix: String,
}

fn remote(err: object_store::Error) -> PhotoStoreError {
    PhotoStoreError::Remote(err.to_string())
}

impl S3PhotoStore {
    pub fn new(settings: &S3Settings) -> anyhow::Result<Self> {
        let bucket = settings.bucket.as_deref().ok_or_else(|| anyhow::anyhow!("photos.s3.bucket is required"))?;
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(bucket)
            .with_region(&settings.region)
            .with_allow_http(settings.allow_http)
            .with_virtual_hosted_style_request(settings.virtual_hosted_style);
        if let Some(endpoint) = &settings.endpoint {
            builder = builder.with_endpoint(endpoint);
        }
        if let Some(id) = &settings.access_key_id {
            builder = builder.with_access_key_id(id);
        }
        if let Some(secret) = &settings.secret_access_key {
            builder = builder.with_secret_access_key(secret.expose_secret());
        }
        let prefix = settings.prefix.trim_matches('/').to_owned();
        Ok(Self { store: builder.build()?, prefix })
    }

    fn path(&self, key: &str) -> Result<Path, PhotoStoreError> {
        check_key(key)?;
        Ok(if self.prefix.is_empty() { Path::from(key) } else { Path::from(format!("{}/{key}", self.prefix)) })
    }

    /// The store's key of an object path (without the prefix).
    fn key_of(&self, path: &Path) -> String {
        let full = path.as_ref();
        if self.prefix.is_empty() {
            full.to_owned()
        } else {
            full.strip_prefix(&format!("{}/", self.prefix)).unwrap_or(full).to_owned()
        }
    }
}

#[async_trait]
impl PhotoStore for S3PhotoStore {
    async fn put(&self, key: &str, bytes: Bytes, _content_type: &str) -> Result<(), PhotoStoreError> {
        self.store.put(&self.path(key)?, PutPayload::from_bytes(bytes)).await.map_err(remote)?;
        Ok(())
    }

    async fn get(&self, key: &str) -> Result<Option<Bytes>, PhotoStoreError> {
        match self.store.get(&self.path(key)?).await {
            Ok(result) => Ok(Some(result.bytes().await.map_err(remote)?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(err) => Err(remote(err)),
        }
    }

    async fn delete(&self, key: &str) -> Result<(), PhotoStoreError> {
        match self.store.delete(&self.path(key)?).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(err) => Err(remote(err)),
        }
    }

    async fn exists(&self, key: &str) -> Result<bool, PhotoStoreError> {
        match self.store.head(&self.path(key)?).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(err) => Err(remote(err)),
        }
    }

    async fn list(&self, prefix: &str) -> Result<Vec<StoredObject>, PhotoStoreError> {
        let folder = prefix.trim_end_matches('/');
        let root = if self.prefix.is_empty() { folder.to_owned() } else { format!("{}/{folder}", self.prefix) };
        let objects: Vec<_> = self.store.list(Some(&Path::from(root))).try_collect().await.map_err(remote)?;
        let mut found: Vec<StoredObject> = objects
            .into_iter()
            .map(|meta| StoredObject { key: self.key_of(&meta.location), modified: meta.last_modified })
            .filter(|o| o.key.starts_with(prefix))
            .collect();
        found.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(found)
    }
}
