//! The embedded default: photos as files under the data directory.

use std::path::{Path, PathBuf};

use async_trait::async_trait;
use bytes::Bytes;

use super::{PhotoStore, PhotoStoreError, check_key};

/// Keeps photos as files below `root`, one file per key.
#[derive(Debug, Clone)]
pub struct LocalPhotoStore {
    root: PathBuf,
}

impl LocalPhotoStore {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    fn path(&self, key: &str) -> Result<PathBuf, PhotoStoreError> {
        check_key(key)?;
        Ok(self.root.join(Path::new(key)))
    }
}

#[async_trait]
impl PhotoStore for LocalPhotoStore {
    async fn put(&self, key: &str, bytes: Bytes, _content_type: &str) -> Result<(), PhotoStoreError> {
        let path = self.path(key)?;
        if let Some(dir) = path.parent() {
            tokio::fs::create_dir_all(dir).await?;
        }
        // Write beside the target, flush to disk, then rename: a crash leaves the old file or the new one.
        let temp = path.with_extension(format!("tmp-{}", uuid::Uuid::new_v4().simple()));
        let written = async {
            let mut file = tokio::fs::File::create(&temp).await?;
            tokio::io::AsyncWriteExt::write_all(&mut file, &bytes).await?;
            file.sync_all().await?;
            tokio::fs::rename(&temp, &path).await
        }
        .await;
        if written.is_err() {
            let _ = tokio::fs::remove_file(&temp).await;
        }
        Ok(written?)
    }

    async fn get(&self, key: &str) -> Result<Option<Bytes>, PhotoStoreError> {
        match tokio::fs::read(self.path(key)?).await {
            Ok(data) => Ok(Some(Bytes::from(data))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    async fn delete(&self, key: &str) -> Result<(), PhotoStoreError> {
        let path = self.path(key)?;
        match tokio::fs::remove_file(&path).await {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
        // Tidy up the report's folder when it is empty; a non-empty folder stays.
        if let Some(dir) = path.parent()
            && dir != self.root
        {
            let _ = tokio::fs::remove_dir(dir).await;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn put_get_delete_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalPhotoStore::new(dir.path());
        let key = "reports/abc/0.jpg";
        assert_eq!(store.get(key).await.unwrap(), None);
        store.put(key, Bytes::from_static(b"one"), "image/jpeg").await.unwrap();
        store.put(key, Bytes::from_static(b"two"), "image/jpeg").await.unwrap();
        assert_eq!(store.get(key).await.unwrap(), Some(Bytes::from_static(b"two")));
        let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("reports/abc")).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary files remain");
        store.delete(key).await.unwrap();
        store.delete(key).await.unwrap();
        assert_eq!(store.get(key).await.unwrap(), None);
        assert!(!dir.path().join("reports/abc").exists());
    }

    #[tokio::test]
    async fn bad_keys_are_refused_before_touching_the_disk() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalPhotoStore::new(dir.path().join("photos"));
        let err = store.put("../outside.jpg", Bytes::from_static(b"x"), "image/jpeg").await.unwrap_err();
        assert!(matches!(err, PhotoStoreError::BadKey(_)));
        assert!(!dir.path().join("outside.jpg").exists());
    }
}
