//! HeadObject → what a download or copy needs to know about its object.

use crate::args::ExtraArgs;
use crate::error::{Result, TransferError};

/// An object's size and ETag, as HeadObject reports them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ObjectInfo {
    /// `Content-Length` (0 when missing).
    pub(crate) size: u64,
    /// The ETag, when the server sends one.
    pub(crate) etag: Option<String>,
}

/// HeadObject of `bucket/key`, with the HeadObject members of `extra` (SSE-C, `VersionId`,
/// `RequestPayer`, `ExpectedBucketOwner`, ...).
pub(crate) async fn head_object(client: &aws_sdk_s3::Client, bucket: &str, key: &str, extra: &ExtraArgs) -> Result<ObjectInfo> {
    let req = super::shape::head_object(client.head_object().bucket(bucket).key(key), extra)?;
    let out = req.send().await.map_err(|e| TransferError::from_sdk("HeadObject", e))?;
    Ok(ObjectInfo { size: out.content_length.unwrap_or(0).max(0) as u64, etag: out.e_tag })
}
