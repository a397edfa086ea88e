//! What a transfer *is*: the public inputs of a transfer ([`UploadSource`], [`DownloadTarget`],
//! [`CopySource`]), the arguments a call recorded ([`CallArgs`]) and one transfer's job, as the manager
//! hands it to an engine.

use std::path::{Path, PathBuf};

use bytes::Bytes;
use tokio::io::{AsyncRead, AsyncSeek, AsyncWrite};

use crate::args::ExtraArgs;
use crate::s3::uri::encode_path;

mod job;

pub(crate) use job::{CopyJob, DeleteJob, DownloadJob, Job, UploadJob};

/// An async reader that can also seek.
pub trait SeekableReader: AsyncRead + AsyncSeek + Send + Unpin + 'static {}
impl<T: AsyncRead + AsyncSeek + Send + Unpin + 'static> SeekableReader for T {}

/// An async writer that can also seek.
pub trait SeekableWriter: AsyncWrite + AsyncSeek + Send + Unpin + 'static {}
impl<T: AsyncWrite + AsyncSeek + Send + Unpin + 'static> SeekableWriter for T {}

/// What an upload reads from.
#[non_exhaustive]
pub enum UploadSource {
    /// A local file: parts are read from the file in parallel, never buffered whole.
    Path(PathBuf),
    /// Bytes in memory (parts are zero-copy slices).
    Bytes(Bytes),
    /// A non-seekable stream of unknown size: the first `multipart_threshold` bytes decide single
    /// PUT vs multipart; parts are read sequentially and filled completely (upstream could make short parts).
    Reader(Box<dyn AsyncRead + Send + Unpin + 'static>),
    /// A seekable stream: the upload covers current position .. end; parts are read sequentially.
    Seekable(Box<dyn SeekableReader>),
    /// A blocking `std::io::Read` (read on a blocking thread), treated as non-seekable.
    BlockingReader(Box<dyn std::io::Read + Send + 'static>),
}

impl std::fmt::Debug for UploadSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

impl UploadSource {
    /// A non-seekable async reader.
    pub fn reader(r: impl AsyncRead + Send + Unpin + 'static) -> Self {
        UploadSource::Reader(Box::new(r))
    }
    /// A seekable async reader (uploads from its current position to its end).
    pub fn seekable(r: impl AsyncRead + AsyncSeek + Send + Unpin + 'static) -> Self {
        UploadSource::Seekable(Box::new(r))
    }
    /// Bytes in memory.
    pub fn bytes(b: impl Into<Bytes>) -> Self {
        UploadSource::Bytes(b.into())
    }
    /// A blocking reader (a pipe, a socket, standard input), read on a thread of its own, at most
    /// 3 MiB ahead of the upload. Once the upload has ended, successfully or not, no new read
    /// starts (a read already under way completes) and the reader is dropped.
    pub fn blocking_reader(r: impl std::io::Read + Send + 'static) -> Self {
        UploadSource::BlockingReader(Box::new(r))
    }
    /// A local file.
    pub fn path(p: impl Into<PathBuf>) -> Self {
        UploadSource::Path(p.into())
    }
    pub(crate) fn describe(&self) -> String {
        match self {
            UploadSource::Path(p) => p.display().to_string(),
            UploadSource::Bytes(b) => format!("<{} bytes in memory>", b.len()),
            UploadSource::Reader(_) => "<reader>".into(),
            UploadSource::Seekable(_) => "<seekable reader>".into(),
            UploadSource::BlockingReader(_) => "<blocking reader>".into(),
        }
    }
}

/// `From` a file name (`PathBuf`, `&Path`, `&PathBuf`, `&str`, `String`), as s3transfer takes file names.
macro_rules! from_file_name {
    ($ty:ident) => {
        impl From<PathBuf> for $ty {
            fn from(p: PathBuf) -> Self {
                $ty::Path(p)
            }
        }
        impl From<&Path> for $ty {
            fn from(p: &Path) -> Self {
                $ty::Path(p.to_path_buf())
            }
        }
        impl From<&PathBuf> for $ty {
            fn from(p: &PathBuf) -> Self {
                $ty::Path(p.clone())
            }
        }
        impl From<&str> for $ty {
            fn from(p: &str) -> Self {
                $ty::Path(PathBuf::from(p))
            }
        }
        impl From<String> for $ty {
            fn from(p: String) -> Self {
                $ty::Path(PathBuf::from(p))
            }
        }
    };
}

from_file_name!(UploadSource);
impl From<Bytes> for UploadSource {
    fn from(b: Bytes) -> Self {
        UploadSource::Bytes(b)
    }
}
impl From<Vec<u8>> for UploadSource {
    fn from(b: Vec<u8>) -> Self {
        UploadSource::Bytes(Bytes::from(b))
    }
}

/// Where a download writes to.
#[non_exhaustive]
pub enum DownloadTarget {
    /// A local file: data goes to a temp file in the same directory, renamed over the destination
    /// only on success (removed on failure; an existing destination is untouched). An existing
    /// FIFO, socket or device is written in place instead.
    Path(PathBuf),
    /// A non-seekable async writer: data is written strictly in order, exactly once.
    Writer(Box<dyn AsyncWrite + Send + Unpin + 'static>),
    /// A seekable async writer: parts are written at absolute offsets from 0 (as upstream:
    /// the writer's current position is ignored). The writer is flushed, not closed.
    Seekable(Box<dyn SeekableWriter>),
    /// A blocking `std::io::Write` (written on a blocking thread), treated as non-seekable.
    BlockingWriter(Box<dyn std::io::Write + Send + 'static>),
}

impl std::fmt::Debug for DownloadTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

impl DownloadTarget {
    /// A non-seekable async writer.
    pub fn writer(w: impl AsyncWrite + Send + Unpin + 'static) -> Self {
        DownloadTarget::Writer(Box::new(w))
    }
    /// A seekable async writer.
    pub fn seekable(w: impl AsyncWrite + AsyncSeek + Send + Unpin + 'static) -> Self {
        DownloadTarget::Seekable(Box::new(w))
    }
    /// A blocking writer.
    pub fn blocking_writer(w: impl std::io::Write + Send + 'static) -> Self {
        DownloadTarget::BlockingWriter(Box::new(w))
    }
    /// A local file.
    pub fn path(p: impl Into<PathBuf>) -> Self {
        DownloadTarget::Path(p.into())
    }
    pub(crate) fn describe(&self) -> String {
        match self {
            DownloadTarget::Path(p) => p.display().to_string(),
            DownloadTarget::Writer(_) => "<writer>".into(),
            DownloadTarget::Seekable(_) => "<seekable writer>".into(),
            DownloadTarget::BlockingWriter(_) => "<blocking writer>".into(),
        }
    }
}

from_file_name!(DownloadTarget);

/// The source of a copy (s3transfer's `copy_source` map).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopySource {
    /// Source bucket.
    pub bucket: String,
    /// Source key.
    pub key: String,
    /// Source version.
    pub version_id: Option<String>,
}

impl CopySource {
    /// A source without a version.
    pub fn new(bucket: impl Into<String>, key: impl Into<String>) -> Self {
        Self { bucket: bucket.into(), key: key.into(), version_id: None }
    }

    /// With a version id.
    pub fn with_version(mut self, version_id: impl Into<String>) -> Self {
        self.version_id = Some(version_id.into());
        self
    }

    /// The `x-amz-copy-source` value: `bucket/key[?versionId=v]`, URL-encoded.
    pub fn header_value(&self) -> String {
        let mut s = format!("{}/{}", self.bucket, encode_path(&self.key));
        if let Some(v) = &self.version_id {
            s.push_str("?versionId=");
            s.push_str(&encode_path(v));
        }
        s
    }
}

/// What a transfer was asked to do (s3transfer's `call_args`).
#[derive(Clone, Debug)]
pub struct CallArgs {
    /// `"upload"`, `"download"`, `"copy"` or `"delete"`.
    pub operation: &'static str,
    /// Destination bucket (source bucket for downloads).
    pub bucket: String,
    /// Destination key (source key for downloads).
    pub key: String,
    /// The transfer's own copy of the extra args (checksum defaults applied for uploads).
    pub extra_args: ExtraArgs,
    /// Description of the local side (a path or `"<reader>"`, `"<writer>"`, `"<bytes>"`).
    pub fileobj: Option<String>,
    /// The copy source, for copies.
    pub copy_source: Option<CopySource>,
    /// Number of subscribers.
    pub subscribers: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_source_header() {
        assert_eq!(CopySource::new("b", "a b/c").header_value(), "b/a%20b/c");
        assert_eq!(CopySource::new("b", "k").with_version("v1").header_value(), "b/k?versionId=v1");
    }
}
