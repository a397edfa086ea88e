//! [`StagedFile`]: how every download to a file becomes visible only when it is whole.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Result, TransferError};

use super::names::temp_filename;

/// A download's temp file in its destination's directory (so the final rename is atomic). It is
/// renamed over the destination by [`StagedFile::commit`], and removed by [`StagedFile::discard`] or
/// when dropped uncommitted, so a failed or cancelled download leaves the destination as it was.
#[derive(Debug)]
pub(crate) struct StagedFile {
    file: Option<Arc<File>>,
    temp: PathBuf,
    dest: PathBuf,
}

impl StagedFile {
    /// Creates a new, empty temp file for `dest` (never an existing file). The error names `dest`.
    pub(crate) fn create(dest: &Path) -> Result<Self> {
        let temp = temp_filename(dest);
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&temp)
            .map_err(|e| TransferError::io(&e, Some(dest)))?;
        Ok(Self { file: Some(Arc::new(file)), temp, dest: dest.to_owned() })
    }

    /// [`StagedFile::create`] on a blocking thread.
    pub(crate) async fn create_async(dest: &Path) -> Result<Self> {
        let dest = dest.to_owned();
        tokio::task::spawn_blocking(move || Self::create(&dest))
            .await
            .map_err(|_| TransferError::Fatal { message: "creating the temp file was interrupted".into() })?
    }

    /// The open temp file, for positioned writes.
    pub(crate) fn file(&self) -> &Arc<File> {
        self.file.as_ref().expect("a StagedFile holds its file until it is committed or discarded")
    }

    /// The temp file's path (errors of writes name it).
    pub(crate) fn temp_path(&self) -> &Path {
        &self.temp
    }

    /// Renames the temp file over the destination. On failure the temp file is removed and the
    /// error names the destination.
    pub(crate) fn commit(mut self) -> Result<()> {
        self.file = None; // every handle of ours is closed before the rename
        let r = std::fs::rename(&self.temp, &self.dest).map_err(|e| TransferError::io(&e, Some(&self.dest)));
        if r.is_ok() {
            self.temp = PathBuf::new(); // nothing left for Drop to remove
        }
        r
    }

    /// [`StagedFile::commit`] on a blocking thread.
    pub(crate) async fn commit_async(self) -> Result<()> {
        tokio::task::spawn_blocking(move || self.commit())
            .await
            .map_err(|_| TransferError::Fatal { message: "renaming the temp file was interrupted".into() })?
    }

    /// Removes the temp file (as dropping does; explicit where the removal should be awaited).
    pub(crate) fn discard(self) {
        drop(self)
    }

    /// [`StagedFile::discard`] on a blocking thread.
    pub(crate) async fn discard_async(self) {
        let _ = tokio::task::spawn_blocking(move || self.discard()).await;
    }
}

impl Drop for StagedFile {
    fn drop(&mut self) {
        self.file = None;
        if !self.temp.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::FileExt;

    #[test]
    fn commit_replaces_the_destination_and_drop_removes_the_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out.bin");
        std::fs::write(&dest, b"old").unwrap();

        let staged = StagedFile::create(&dest).unwrap();
        staged.file().write_all_at(b"new", 0).unwrap();
        let temp = staged.temp_path().to_owned();
        assert!(temp.exists() && temp.parent() == dest.parent());
        drop(staged);
        assert!(!temp.exists(), "an uncommitted temp file is removed");
        assert_eq!(std::fs::read(&dest).unwrap(), b"old", "the destination is untouched");

        let staged = StagedFile::create(&dest).unwrap();
        staged.file().write_all_at(b"new", 0).unwrap();
        let temp = staged.temp_path().to_owned();
        staged.commit().unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"new");
        assert!(!temp.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "only the destination is left");
    }

    #[test]
    fn a_failed_commit_removes_the_temp_file_and_names_the_destination() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("taken");
        std::fs::create_dir(&dest).unwrap();
        std::fs::write(dest.join("inside"), b"x").unwrap(); // a non-empty directory cannot be replaced
        let staged = StagedFile::create(&dest).unwrap();
        let temp = staged.temp_path().to_owned();
        let e = staged.commit().unwrap_err();
        assert!(matches!(&e, TransferError::Io { path: Some(p), .. } if p == &dest), "{e:?}");
        assert!(!temp.exists());
    }

    #[test]
    fn a_missing_directory_is_an_error_naming_the_destination() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("no/such/dir/file");
        let e = StagedFile::create(&dest).unwrap_err();
        assert!(matches!(&e, TransferError::Io { path: Some(p), kind: std::io::ErrorKind::NotFound, .. } if p == &dest), "{e:?}");
    }
}
