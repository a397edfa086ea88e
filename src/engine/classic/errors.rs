//! The classic engine's error wrapping: local I/O errors naming their file, and a refused
//! precondition on a copy's source.

use std::path::Path;

use crate::error::TransferError;

/// A local I/O error, naming `path` when there is one.
pub(crate) fn io_err(e: std::io::Error, path: Option<&Path>) -> TransferError {
    TransferError::io(&e, path)
}

/// A part copy refused with `PreconditionFailed` means the source changed: s3transfer's
/// `S3CopyFailedError` naming the source. Other errors pass through.
pub(crate) fn copy_source_changed(err: TransferError, src_bucket: &str, src_key: &str) -> TransferError {
    if err.s3_code() == Some("PreconditionFailed") {
        TransferError::S3CopyFailed { bucket: src_bucket.to_owned(), key: src_key.to_owned(), cause: Box::new(err) }
    } else {
        err
    }
}
