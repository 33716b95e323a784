//! The embedded default: photos as files under the data directory.

use std::path::{Path, PathBuf};

use async_trait::async_trait;
use bytes::Bytes;

use super::{PhotoStore, PhotoStoreError, StoredObject, check_key};

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
        // Tidy up folders left empty; a non-empty folder stays.
        let mut dir = path.parent();
        while let Some(folder) = dir
            && folder != self.root
            && tokio::fs::remove_dir(folder).await.is_ok()
        {
            dir = folder.parent();
        }
        Ok(())
    }

    async fn exists(&self, key: &str) -> Result<bool, PhotoStoreError> {
        Ok(tokio::fs::try_exists(self.path(key)?).await?)
    }

    async fn list(&self, prefix: &str) -> Result<Vec<StoredObject>, PhotoStoreError> {
        let root = self.root.clone();
        let prefix = prefix.to_owned();
        tokio::task::spawn_blocking(move || {
            let mut found = Vec::new();
            walk(&root, &root, &mut found)?;
            found.retain(|o: &StoredObject| o.key.starts_with(&prefix));
            found.sort_by(|a, b| a.key.cmp(&b.key));
            Ok(found)
        })
        .await
        .map_err(|e| PhotoStoreError::Io(std::io::Error::other(e)))?
    }
}

/// Every finished file below `dir` (temporary files of writes in progress are skipped).
fn walk(root: &Path, dir: &Path, out: &mut Vec<StoredObject>) -> Result<(), PhotoStoreError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e.into()),
    };
    for entry in entries {
        let entry = entry?;
        let path = entry.path();
        let meta = entry.metadata()?;
        if meta.is_dir() {
            walk(root, &path, out)?;
            continue;
        }
        let Ok(relative) = path.strip_prefix(root) else { continue };
        let key = relative.to_string_lossy().replace('\\', "/");
        if check_key(&key).is_err() || key.contains(".tmp-") {
            continue;
        }
        let modified = meta
            .modified()
            .map(chrono::DateTime::<chrono::Utc>::from)
            .unwrap_or(chrono::DateTime::<chrono::Utc>::MAX_UTC);
        out.push(StoredObject { key, modified });
    }
    Ok(())
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
        assert_eq!(store.list("reports/").await.unwrap().iter().map(|o| o.key.as_str()).collect::<Vec<_>>(), [key]);
        assert!(store.list("photos/").await.unwrap().is_empty());
        store.delete(key).await.unwrap();
        store.delete(key).await.unwrap();
        assert_eq!(store.get(key).await.unwrap(), None);
        assert!(!dir.path().join("reports").exists());
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
