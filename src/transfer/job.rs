//! One transfer's job: what the manager hands to an engine once the call was validated.

use crate::args::ExtraArgs;

use super::{CopySource, DownloadTarget, UploadSource};

/// One transfer's work.
pub(crate) enum Job {
    Upload(UploadJob),
    Download(DownloadJob),
    Copy(CopyJob),
    Delete(DeleteJob),
}

/// An upload of `source` to `bucket/key`.
pub(crate) struct UploadJob {
    pub(crate) source: UploadSource,
    pub(crate) bucket: String,
    pub(crate) key: String,
    /// The caller's extra args with the manager's checksum defaults applied.
    pub(crate) extra_args: ExtraArgs,
}

/// A download of `bucket/key` into `target`.
pub(crate) struct DownloadJob {
    pub(crate) target: DownloadTarget,
    pub(crate) bucket: String,
    pub(crate) key: String,
    pub(crate) extra_args: ExtraArgs,
}

impl DownloadJob {
    #[cfg(feature = "crt")]
    /// The same download, when its target is a file (a path can be handed to a second engine).
    pub(crate) fn to_path_twin(&self) -> Option<DownloadJob> {
        match &self.target {
            DownloadTarget::Path(p) => Some(DownloadJob {
                target: DownloadTarget::Path(p.clone()),
                bucket: self.bucket.clone(),
                key: self.key.clone(),
                extra_args: self.extra_args.clone(),
            }),
            _ => None,
        }
    }
}

/// A server-side copy of `source` to `bucket/key`.
pub(crate) struct CopyJob {
    pub(crate) source: CopySource,
    pub(crate) bucket: String,
    pub(crate) key: String,
    pub(crate) extra_args: ExtraArgs,
    /// The client of the source's HeadObject (default: the manager's).
    pub(crate) source_client: Option<aws_sdk_s3::Client>,
}

/// A DeleteObject of `bucket/key`.
pub(crate) struct DeleteJob {
    pub(crate) bucket: String,
    pub(crate) key: String,
    pub(crate) extra_args: ExtraArgs,
}
