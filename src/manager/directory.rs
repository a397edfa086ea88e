//! Directory transfers: [`TransferManager::upload_directory`] and
//! [`TransferManager::download_directory`] (what `aws s3 cp --recursive` does; Python s3transfer has
//! no such call, boto3 users write the loop by hand).
//!
//! Each file is one ordinary transfer of the manager (so the engine choice, part sizes, retries and
//! concurrency limits of its [`crate::TransferConfig`] apply), at most
//! [`UploadDirectoryRequest::max_concurrent_files`] in flight at once. A file that fails does not
//! stop the others: the [`DirectoryReport`] lists what succeeded and what failed, and why.
//!
//! Downloads never write outside the target directory: a key whose part below the prefix is absolute,
//! has an empty, `.` or `..` component, or contains a backslash or NUL is refused (reported in
//! [`DirectoryReport::failed`] with [`crate::TransferError::InvalidArgument`]) before any request
//! for it is sent. Keys that end in `/` (folder markers) are skipped.
//!
//! ```no_run
//! use s3transfer::{TransferConfig, TransferManager};
//! # async fn demo(client: aws_sdk_s3::Client) -> s3transfer::Result<()> {
//! let tm = TransferManager::new(client, TransferConfig::default())?;
//! let report = tm
//!     .upload_directory("site", "my-bucket", "www/")
//!     .filter(|path| path.extension().is_some_and(|e| e == "html"))
//!     .await?;
//! for failure in &report.failed {
//!     eprintln!("{}: {}", failure.key, failure.error);
//! }
//! let report = tm.download_directory("my-bucket", "www/", "site-copy").await?;
//! assert!(report.is_success());
//! # Ok(()) }
//! ```

use std::future::{Future, IntoFuture};
use std::path::{Component, Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;

use futures::stream::{self, StreamExt};

use crate::args::ExtraArgs;
use crate::error::{Result, TransferError};
use crate::manager::TransferManager;
use crate::subscriber::Subscriber;

/// One file that was transferred.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransferredFile {
    /// The local file.
    pub path: PathBuf,
    /// The object key.
    pub key: String,
    /// Its size in bytes.
    pub bytes: u64,
}

/// One file that was not transferred, and why.
#[derive(Clone, Debug)]
pub struct FailedFile {
    /// The local file (`None` when the key was refused before a path was made for it).
    pub path: Option<PathBuf>,
    /// The object key (for an upload, the key it would have had; may be empty when the local name
    /// could not be turned into a key).
    pub key: String,
    /// What went wrong.
    pub error: TransferError,
}

/// What a directory transfer did: every file is in exactly one list.
#[derive(Clone, Debug, Default)]
pub struct DirectoryReport {
    /// Files transferred, in the order they finished.
    pub succeeded: Vec<TransferredFile>,
    /// Files not transferred, with the error of each.
    pub failed: Vec<FailedFile>,
}

impl DirectoryReport {
    /// True when no file failed.
    pub fn is_success(&self) -> bool {
        self.failed.is_empty()
    }

    /// Bytes of the files that were transferred.
    pub fn bytes(&self) -> u64 {
        self.succeeded.iter().map(|f| f.bytes).sum()
    }
}

type PathFilter = Box<dyn Fn(&Path) -> bool + Send + Sync>;
type KeyFilter = Box<dyn Fn(&str) -> bool + Send + Sync>;
type BoxFut<'a> = Pin<Box<dyn Future<Output = Result<DirectoryReport>> + Send + 'a>>;

impl TransferManager {
    /// Uploads every file under `dir` (recursively, following symbolic links) to `bucket`, each as
    /// `prefix` + its path relative to `dir` with `/` separators (a prefix that does not end in `/` is
    /// treated as a folder: `www` means `www/`). Finish with `.await`.
    pub fn upload_directory(&self, dir: impl Into<PathBuf>, bucket: &str, prefix: &str) -> UploadDirectoryRequest<'_> {
        UploadDirectoryRequest {
            tm: self,
            dir: dir.into(),
            bucket: bucket.to_owned(),
            prefix: prefix.to_owned(),
            filter: None,
            extra_args: ExtraArgs::new(),
            subscribers: Vec::new(),
            max_files: default_files(self),
        }
    }

    /// Downloads every object of `bucket` whose key starts with `prefix` into `dir`, each at its key
    /// below the prefix (a prefix that does not end in `/` is treated as a folder: `photos` means
    /// `photos/`). Missing directories are created. Finish with `.await`. A key that would leave `dir`
    /// (`..`, absolute, backslashes), or whose parent inside `dir` is a symbolic link, fails with
    /// [`TransferError::InvalidArgument`] in the report and is not written.
    pub fn download_directory(&self, bucket: &str, prefix: &str, dir: impl Into<PathBuf>) -> DownloadDirectoryRequest<'_> {
        DownloadDirectoryRequest {
            tm: self,
            dir: dir.into(),
            bucket: bucket.to_owned(),
            prefix: prefix.to_owned(),
            filter: None,
            extra_args: ExtraArgs::new(),
            subscribers: Vec::new(),
            max_files: default_files(self),
        }
    }
}

fn default_files(tm: &TransferManager) -> usize {
    tm.config().max_request_concurrency.max(1)
}

macro_rules! directory_builder_methods {
    () => {
        /// Extra args given to every file's transfer (validated per transfer).
        pub fn extra_args(mut self, args: ExtraArgs) -> Self {
            self.extra_args = args;
            self
        }
        /// Adds a subscriber to every file's transfer (`future.meta().call_args().key` tells which).
        pub fn subscriber(mut self, s: Arc<dyn Subscriber>) -> Self {
            self.subscribers.push(s);
            self
        }
        /// How many files are in flight at once (default: the config's `max_request_concurrency`).
        pub fn max_concurrent_files(mut self, n: usize) -> Self {
            self.max_files = n.max(1);
            self
        }
    };
}

/// A directory upload being configured; see [`TransferManager::upload_directory`].
#[must_use = "await it to run the upload"]
pub struct UploadDirectoryRequest<'a> {
    tm: &'a TransferManager,
    dir: PathBuf,
    bucket: String,
    prefix: String,
    filter: Option<PathFilter>,
    extra_args: ExtraArgs,
    subscribers: Vec<Arc<dyn Subscriber>>,
    max_files: usize,
}

impl UploadDirectoryRequest<'_> {
    directory_builder_methods!();

    /// Uploads only the files for which `f(relative path)` is true.
    pub fn filter(mut self, f: impl Fn(&Path) -> bool + Send + Sync + 'static) -> Self {
        self.filter = Some(Box::new(f));
        self
    }

    /// Walks the directory and runs the uploads. An error is returned only when `dir` is not a
    /// readable directory; everything else is in the report.
    pub async fn run(self) -> Result<DirectoryReport> {
        if !self.dir.is_dir() {
            return Err(TransferError::invalid(format!("{} is not a directory", self.dir.display())));
        }
        let prefix = folder_prefix(&self.prefix);
        let mut report = DirectoryReport::default();
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(&self.dir).follow_links(true).sort_by_file_name() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().map(Path::to_path_buf);
                    let key = path.as_deref().and_then(|p| upload_key(&self.dir, &prefix, p)).unwrap_or_default();
                    let io = e.into_io_error().unwrap_or_else(|| std::io::Error::other("file system loop"));
                    report.failed.push(FailedFile { error: TransferError::io(&io, path.as_deref()), path, key });
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let path = entry.path().to_path_buf();
            let rel = path.strip_prefix(&self.dir).unwrap_or(&path);
            if self.filter.as_ref().is_some_and(|f| !f(rel)) {
                continue;
            }
            let Some(key) = upload_key(&self.dir, &prefix, &path) else {
                report.failed.push(FailedFile {
                    error: TransferError::invalid(format!("{} has a name that is not UTF-8", path.display())),
                    path: Some(path),
                    key: String::new(),
                });
                continue;
            };
            let bytes = entry.metadata().map(|m| m.len()).unwrap_or(0);
            files.push((path, key, bytes));
        }
        let tm = self.tm;
        let (bucket, extra, subs) = (&self.bucket, &self.extra_args, &self.subscribers);
        let results = stream::iter(files)
            .map(|(path, key, bytes)| async move {
                let started =
                    tm.upload(path.as_path(), bucket, &key).extra_args(extra.clone()).subscribers(subs.iter().cloned()).start();
                let result = match started {
                    Ok(f) => f.wait().await,
                    Err(e) => Err(e),
                };
                (path, key, bytes, result)
            })
            .buffer_unordered(self.max_files)
            .collect::<Vec<_>>()
            .await;
        record(&mut report, results);
        Ok(report)
    }
}

impl<'a> IntoFuture for UploadDirectoryRequest<'a> {
    type Output = Result<DirectoryReport>;
    type IntoFuture = BoxFut<'a>;
    fn into_future(self) -> BoxFut<'a> {
        Box::pin(self.run())
    }
}

/// A directory download being configured; see [`TransferManager::download_directory`].
#[must_use = "await it to run the download"]
pub struct DownloadDirectoryRequest<'a> {
    tm: &'a TransferManager,
    dir: PathBuf,
    bucket: String,
    prefix: String,
    filter: Option<KeyFilter>,
    extra_args: ExtraArgs,
    subscribers: Vec<Arc<dyn Subscriber>>,
    max_files: usize,
}

impl DownloadDirectoryRequest<'_> {
    directory_builder_methods!();

    /// Downloads only the objects for which `f(key)` is true (the full key, prefix included).
    pub fn filter(mut self, f: impl Fn(&str) -> bool + Send + Sync + 'static) -> Self {
        self.filter = Some(Box::new(f));
        self
    }

    /// Lists the objects under the prefix and runs the downloads. An error is returned only when
    /// the listing fails; everything else is in the report.
    pub async fn run(self) -> Result<DirectoryReport> {
        crate::args::validate_bucket(&self.bucket)?;
        let prefix = folder_prefix(&self.prefix);
        let mut report = DirectoryReport::default();
        let mut files = Vec::new();
        let mut pages = self.tm.client().list_objects_v2().bucket(&self.bucket).prefix(&prefix).into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| TransferError::from_sdk("ListObjectsV2", e))?;
            for object in page.contents() {
                let Some(key) = object.key() else { continue };
                if key.ends_with('/') || self.filter.as_ref().is_some_and(|f| !f(key)) {
                    continue;
                }
                let rel = key.strip_prefix(prefix.as_str()).unwrap_or(key);
                match local_path(&self.dir, rel) {
                    Ok(path) => files.push((path, key.to_owned(), object.size().unwrap_or(0).max(0) as u64)),
                    Err(error) => report.failed.push(FailedFile { path: None, key: key.to_owned(), error }),
                }
            }
        }
        let tm = self.tm;
        let (bucket, extra, subs, dir) = (&self.bucket, &self.extra_args, &self.subscribers, &self.dir);
        let results = stream::iter(files)
            .map(|(path, key, bytes)| async move {
                let result = async {
                    no_link_below(dir, &path)?;
                    if let Some(parent) = path.parent() {
                        tokio::fs::create_dir_all(parent).await.map_err(|e| TransferError::io(&e, Some(parent)))?;
                    }
                    tm.download(bucket, &key, path.as_path())
                        .extra_args(extra.clone())
                        .subscribers(subs.iter().cloned())
                        .size(bytes)
                        .start()?
                        .wait()
                        .await
                }
                .await;
                (path, key, bytes, result)
            })
            .buffer_unordered(self.max_files)
            .collect::<Vec<_>>()
            .await;
        record(&mut report, results);
        Ok(report)
    }
}

impl<'a> IntoFuture for DownloadDirectoryRequest<'a> {
    type Output = Result<DirectoryReport>;
    type IntoFuture = BoxFut<'a>;
    fn into_future(self) -> BoxFut<'a> {
        Box::pin(self.run())
    }
}

fn record(report: &mut DirectoryReport, results: Vec<(PathBuf, String, u64, Result<()>)>) {
    for (path, key, bytes, result) in results {
        match result {
            Ok(()) => report.succeeded.push(TransferredFile { path, key, bytes }),
            Err(error) => report.failed.push(FailedFile { path: Some(path), key, error }),
        }
    }
}

/// `prefix` as a folder: empty stays empty, otherwise it ends in `/`.
pub(crate) fn folder_prefix(prefix: &str) -> String {
    if prefix.is_empty() || prefix.ends_with('/') {
        prefix.to_owned()
    } else {
        format!("{prefix}/")
    }
}

/// The key of `path` (a file under `dir`): `prefix` + the relative path with `/` separators, or
/// `None` when a component is not UTF-8.
fn upload_key(dir: &Path, prefix: &str, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(dir).ok()?;
    let mut key = prefix.to_owned();
    for (i, c) in rel.components().enumerate() {
        if i > 0 {
            key.push('/');
        }
        key.push_str(c.as_os_str().to_str()?);
    }
    Some(key)
}

/// Where the object whose key below the prefix is `rel` goes under `dir`, or an
/// [`TransferError::InvalidArgument`] when that would not be a plain path inside `dir`.
pub fn local_path(dir: &Path, rel: &str) -> Result<PathBuf> {
    let refuse = |why: &str| {
        Err(TransferError::invalid(format!(
            "refusing to download {rel:?}: {why}, so it would not stay inside {}",
            dir.display()
        )))
    };
    if rel.is_empty() {
        return refuse("the key below the prefix is empty");
    }
    if rel.starts_with('/') {
        return refuse("the key below the prefix is an absolute path");
    }
    if rel.contains('\\') || rel.contains('\0') {
        return refuse("the key contains a backslash or NUL");
    }
    let mut path = dir.to_path_buf();
    for part in rel.split('/') {
        match part {
            "" => return refuse("the key has an empty path component"),
            "." | ".." => return refuse("the key has a `.` or `..` component"),
            _ => {}
        }
        if cfg!(windows) && part.contains(':') {
            return refuse("the key contains a drive or stream separator");
        }
        // One more check, by the platform's own rules: the part must be exactly one plain name.
        let mut comps = Path::new(part).components();
        match (comps.next(), comps.next()) {
            (Some(Component::Normal(_)), None) => path.push(part),
            _ => return refuse("the key has a component that is not a plain file name"),
        }
    }
    Ok(path)
}

/// Refuses a download whose parent directories below `dir` include a symbolic link: writing through
/// it could put the file anywhere on the disk (keys are checked by [`local_path`], links already in
/// the target directory here). `dir` itself may be a link: the caller chose it. The final name may be
/// a link too: the file is written to a temp file and renamed over the link, never through it.
/// (Checked just before each file is written; a link created after the check is not caught.)
fn no_link_below(dir: &Path, path: &Path) -> Result<()> {
    let Ok(rel) = path.strip_prefix(dir) else { return Ok(()) };
    let mut at = dir.to_path_buf();
    let parents = rel.parent().map(|p| p.components().collect::<Vec<_>>()).unwrap_or_default();
    for part in parents {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(TransferError::invalid(format!(
                    "refusing to download into {}: {} is a symbolic link, so the file might not stay inside {}",
                    path.display(),
                    at.display(),
                    dir.display()
                )))
            }
            Ok(_) => {}
            Err(_) => break, // does not exist yet: nothing below it can be a link
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_paths_stay_inside() {
        let dir = Path::new("/target");
        assert_eq!(local_path(dir, "a/b.txt").unwrap(), Path::new("/target/a/b.txt"));
        assert_eq!(local_path(dir, "..a/b..").unwrap(), Path::new("/target/..a/b.."));
        for bad in ["../evil", "a/../../evil", "/etc/passwd", "a//b", "./a", "a/.", "..\\evil", "a\\..\\b", "", "a/..", "x\0y"] {
            let err = local_path(dir, bad).expect_err(bad);
            assert!(matches!(err, TransferError::InvalidArgument { .. }), "{bad}: {err:?}");
        }
    }

    #[test]
    fn keys_and_prefixes() {
        assert_eq!(folder_prefix(""), "");
        assert_eq!(folder_prefix("a"), "a/");
        assert_eq!(folder_prefix("a/"), "a/");
        assert_eq!(upload_key(Path::new("/d"), "p/", Path::new("/d/x/y.bin")).as_deref(), Some("p/x/y.bin"));
        assert_eq!(upload_key(Path::new("/d"), "", Path::new("/d/y.bin")).as_deref(), Some("y.bin"));
    }
}
