//! The request builders of [`TransferManager`]'s calls: extra args and subscribers, then `start()`
//! (validates at once, returns the future) or `.await`.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;

use crate::args::{self, ExtraArgs};
use crate::error::Result;
use crate::future::TransferFuture;
use crate::subscriber::Subscriber;
use crate::transfer::{CallArgs, CopyJob, CopySource, DeleteJob, DownloadJob, DownloadTarget, Job, UploadJob, UploadSource};

use super::TransferManager;

type BoxFut = Pin<Box<dyn Future<Output = Result<()>> + Send + 'static>>;

macro_rules! common_builder_methods {
    () => {
        /// Sets the extra args (validated against the operation's allow-list at `start()`).
        pub fn extra_args(mut self, args: ExtraArgs) -> Self {
            self.extra_args = args;
            self
        }
        /// Adds a subscriber (called in the order added).
        pub fn subscriber(mut self, s: Arc<dyn Subscriber>) -> Self {
            self.subscribers.push(s);
            self
        }
        /// Adds several subscribers.
        pub fn subscribers(mut self, s: impl IntoIterator<Item = Arc<dyn Subscriber>>) -> Self {
            self.subscribers.extend(s);
            self
        }
    };
}

macro_rules! into_future {
    ($ty:ident) => {
        impl<'a> IntoFuture for $ty<'a> {
            type Output = Result<()>;
            type IntoFuture = BoxFut;
            /// Starts the transfer and waits for it.
            fn into_future(self) -> BoxFut {
                match self.start() {
                    Ok(f) => Box::pin(async move { f.wait().await }),
                    Err(e) => Box::pin(async move { Err(e) }),
                }
            }
        }
    };
}

/// An upload being configured; see [`TransferManager::upload`].
#[must_use = "call .start() or .await to run the upload"]
pub struct UploadRequest<'a> {
    pub(super) tm: &'a TransferManager,
    pub(super) source: UploadSource,
    pub(super) bucket: String,
    pub(super) key: String,
    pub(super) extra_args: ExtraArgs,
    pub(super) subscribers: Vec<Arc<dyn Subscriber>>,
}

impl UploadRequest<'_> {
    common_builder_methods!();

    /// Validates and starts the upload.
    pub fn start(self) -> Result<TransferFuture> {
        self.extra_args.validate(args::ALLOWED_UPLOAD_ARGS)?;
        args::validate_bucket(&self.bucket)?;
        args::validate_key(&self.key)?;
        let mut extra = self.extra_args.clone();
        crate::engine::classic::add_operation_defaults(&mut extra, self.tm.config());
        let call_args = CallArgs {
            operation: "upload",
            bucket: self.bucket.clone(),
            key: self.key.clone(),
            extra_args: extra.clone(),
            fileobj: Some(self.source.describe()),
            copy_source: None,
            subscribers: self.subscribers.len(),
        };
        let job = Job::Upload(UploadJob {
            source: self.source,
            bucket: self.bucket,
            key: self.key,
            extra_args: extra,
        });
        self.tm.submit(call_args, self.subscribers, None, job)
    }
}
into_future!(UploadRequest);

/// A download being configured; see [`TransferManager::download`].
#[must_use = "call .start() or .await to run the download"]
pub struct DownloadRequest<'a> {
    pub(super) tm: &'a TransferManager,
    pub(super) target: DownloadTarget,
    pub(super) bucket: String,
    pub(super) key: String,
    pub(super) extra_args: ExtraArgs,
    pub(super) subscribers: Vec<Arc<dyn Subscriber>>,
    pub(super) size: Option<u64>,
    pub(super) etag: Option<String>,
}

impl DownloadRequest<'_> {
    common_builder_methods!();

    /// Provides the object size (HeadObject is skipped only if the ETag is provided too).
    pub fn size(mut self, size: u64) -> Self {
        self.size = Some(size);
        self
    }

    /// Provides the object ETag (with the size, skips HeadObject).
    pub fn etag(mut self, etag: impl Into<String>) -> Self {
        self.etag = Some(etag.into());
        self
    }

    /// Validates and starts the download.
    pub fn start(self) -> Result<TransferFuture> {
        self.extra_args.validate(args::ALLOWED_DOWNLOAD_ARGS)?;
        args::validate_bucket(&self.bucket)?;
        args::validate_key(&self.key)?;
        let call_args = CallArgs {
            operation: "download",
            bucket: self.bucket.clone(),
            key: self.key.clone(),
            extra_args: self.extra_args.clone(),
            fileobj: Some(self.target.describe()),
            copy_source: None,
            subscribers: self.subscribers.len(),
        };
        let job = Job::Download(DownloadJob {
            target: self.target,
            bucket: self.bucket,
            key: self.key,
            extra_args: self.extra_args,
        });
        self.tm.submit(call_args, self.subscribers, Some((self.size, self.etag)), job)
    }
}
into_future!(DownloadRequest);

/// A copy being configured; see [`TransferManager::copy`].
#[must_use = "call .start() or .await to run the copy"]
pub struct CopyRequest<'a> {
    pub(super) tm: &'a TransferManager,
    pub(super) source: CopySource,
    pub(super) bucket: String,
    pub(super) key: String,
    pub(super) extra_args: ExtraArgs,
    pub(super) subscribers: Vec<Arc<dyn Subscriber>>,
    pub(super) size: Option<u64>,
    pub(super) etag: Option<String>,
    pub(super) source_client: Option<aws_sdk_s3::Client>,
}

impl CopyRequest<'_> {
    common_builder_methods!();

    /// Provides the source size (HeadObject is skipped only if the ETag is provided too).
    pub fn size(mut self, size: u64) -> Self {
        self.size = Some(size);
        self
    }

    /// Provides the source ETag (with the size, skips HeadObject).
    pub fn etag(mut self, etag: impl Into<String>) -> Self {
        self.etag = Some(etag.into());
        self
    }

    /// The client used for the source HeadObject (default: the manager's client).
    pub fn source_client(mut self, client: aws_sdk_s3::Client) -> Self {
        self.source_client = Some(client);
        self
    }

    /// Validates and starts the copy.
    pub fn start(self) -> Result<TransferFuture> {
        self.extra_args.validate(args::ALLOWED_COPY_ARGS)?;
        args::validate_bucket(&self.bucket)?;
        args::validate_key(&self.key)?;
        args::validate_bucket(&self.source.bucket)?;
        args::validate_key(&self.source.key)?;
        let call_args = CallArgs {
            operation: "copy",
            bucket: self.bucket.clone(),
            key: self.key.clone(),
            extra_args: self.extra_args.clone(),
            fileobj: None,
            copy_source: Some(self.source.clone()),
            subscribers: self.subscribers.len(),
        };
        let job = Job::Copy(CopyJob {
            source: self.source,
            bucket: self.bucket,
            key: self.key,
            extra_args: self.extra_args,
            source_client: self.source_client,
        });
        self.tm.submit(call_args, self.subscribers, Some((self.size, self.etag)), job)
    }
}
into_future!(CopyRequest);

/// A delete being configured; see [`TransferManager::delete`].
#[must_use = "call .start() or .await to run the delete"]
pub struct DeleteRequest<'a> {
    pub(super) tm: &'a TransferManager,
    pub(super) bucket: String,
    pub(super) key: String,
    pub(super) extra_args: ExtraArgs,
    pub(super) subscribers: Vec<Arc<dyn Subscriber>>,
}

impl DeleteRequest<'_> {
    common_builder_methods!();

    /// Validates and starts the delete.
    pub fn start(self) -> Result<TransferFuture> {
        self.extra_args.validate(args::ALLOWED_DELETE_ARGS)?;
        args::validate_bucket(&self.bucket)?;
        args::validate_key(&self.key)?;
        let call_args = CallArgs {
            operation: "delete",
            bucket: self.bucket.clone(),
            key: self.key.clone(),
            extra_args: self.extra_args.clone(),
            fileobj: None,
            copy_source: None,
            subscribers: self.subscribers.len(),
        };
        let job = Job::Delete(DeleteJob {
            bucket: self.bucket,
            key: self.key,
            extra_args: self.extra_args,
        });
        self.tm.submit(call_args, self.subscribers, None, job)
    }
}
into_future!(DeleteRequest);

