//! The one public error type, carrying s3transfer's exception set (s3transfer/exceptions.py).
//!
//! | s3transfer (Python)              | here                                   |
//! |----------------------------------|----------------------------------------|
//! | `RetriesExceededError`           | [`TransferError::RetriesExceeded`]     |
//! | `S3UploadFailedError`            | [`TransferError::S3UploadFailed`]      |
//! | `S3DownloadFailedError`          | [`TransferError::S3DownloadFailed`]    |
//! | `S3CopyFailedError`              | [`TransferError::S3CopyFailed`]        |
//! | `S3ValidationError`              | [`TransferError::S3Validation`]        |
//! | `CancelledError`                 | [`TransferError::Cancelled`]           |
//! | `FatalError`                     | [`TransferError::Fatal`]               |
//! | `TransferNotDoneError`           | [`TransferError::TransferNotDone`]     |
//! | `InvalidSubscriberMethodError`   | [`TransferError::InvalidSubscriber`]   |
//! | `QueueShutdownError`             | [`TransferError::QueueShutdown`]       |
//! | `RequestExceededException`       | [`TransferError::RequestExceeded`]     |
//! | `ValueError` / `TypeError` / `RuntimeError` (argument problems) | [`TransferError::InvalidArgument`] |
//! | botocore `ClientError`           | [`TransferError::Service`]             |
//! | socket / read-timeout / incomplete-read errors | [`TransferError::Network`] |
//! | `OSError`                        | [`TransferError::Io`]                  |
//!
//! Accessors ([`TransferError::is_cancelled`], [`TransferError::http_status`],
//! [`TransferError::s3_code`], [`TransferError::request_id`]) look through the wrapping variants
//! so callers can decide without matching every variant.

use std::path::PathBuf;


/// `Result` with [`TransferError`] as the default error type.
pub type Result<T, E = TransferError> = std::result::Result<T, E>;

/// A readable message from a panic payload (a caught panic becomes an error, never an unwind).
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    let text = payload.downcast_ref::<&str>().map(|s| (*s).to_owned());
    text.or_else(|| payload.downcast_ref::<String>().cloned()).unwrap_or_else(|| "panic with a non-string payload".to_owned())
}

/// Every error a transfer (or the manager) can report.
#[derive(thiserror::Error, Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum TransferError {
    /// An upload failed (wraps the cause; s3transfer's `S3UploadFailedError`).
    #[error("Failed to upload {source_name} to {bucket}/{key}: {cause}")]
    S3UploadFailed {
        /// What was uploaded (a path or a description of the stream).
        source_name: String,
        /// Destination bucket.
        bucket: String,
        /// Destination key.
        key: String,
        /// The underlying error.
        cause: Box<TransferError>,
    },
    /// The stored object changed during a ranged download: a GET with `If-Match` answered
    /// `PreconditionFailed` (s3transfer's `S3DownloadFailedError`). Never retried.
    #[error("Contents of stored object \"{key}\" in bucket \"{bucket}\" did not match expected ETag.")]
    S3DownloadFailed {
        /// Bucket of the object.
        bucket: String,
        /// Key of the object.
        key: String,
        /// The `PreconditionFailed` service error.
        cause: Box<TransferError>,
    },
    /// The copy source changed during a multipart copy (`UploadPartCopy` answered
    /// `PreconditionFailed`; s3transfer's `S3CopyFailedError`). Names the **source**.
    #[error("Contents of stored object \"{key}\" in bucket \"{bucket}\" did not match expected ETag.")]
    S3CopyFailed {
        /// Source bucket.
        bucket: String,
        /// Source key.
        key: String,
        /// The `PreconditionFailed` service error.
        cause: Box<TransferError>,
    },
    /// A ranged GET's `Content-Range` did not match the requested range (s3transfer's
    /// `S3ValidationError`). Never retried.
    #[error("Requested range: `{requested}` does not match content range in response: `{received}`")]
    S3Validation {
        /// The range asked for (without the `bytes=` prefix).
        requested: String,
        /// The range the server answered with (without the `bytes ` prefix).
        received: String,
    },
    /// A download stream failed `num_download_attempts` times with retryable errors.
    #[error("Max Retries Exceeded: {last}")]
    RetriesExceeded {
        /// The last retryable error.
        last: Box<TransferError>,
    },
    /// `set_exception` was called on a future that is not done.
    #[error("set_exception can only be called once the transfer is complete.")]
    TransferNotDone,
    /// The transfer was cancelled (by [`crate::TransferFuture::cancel`] or
    /// [`crate::TransferManager::shutdown`] with `cancel = true`).
    #[error("transfer cancelled{}", if message.is_empty() { String::new() } else { format!(": {message}") })]
    Cancelled {
        /// The cancel message (empty for `TransferFuture::cancel`).
        message: String,
    },
    /// A cancellation caused by an error elsewhere: a panicking subscriber, or a manager torn down
    /// because of an error. Counts as cancelled ([`TransferError::is_cancelled`]).
    #[error("fatal error: {message}")]
    Fatal {
        /// What caused it.
        message: String,
    },
    /// A subscriber is not usable.
    #[error("invalid subscriber: {message}")]
    InvalidSubscriber {
        /// Why.
        message: String,
    },
    /// Work was submitted to a manager that has been shut down.
    #[error("Cannot submit a transfer to a TransferManager that has been shut down.")]
    QueueShutdown,
    /// A downloaded file does not match the object's stored checksum (`ChecksumMode=ENABLED`); the
    /// destination was not written (crate docs, "Checksums of downloads").
    #[error("{algorithm} checksum mismatch downloading {bucket}/{key}: the object's stored checksum is {expected}, the downloaded bytes give {}", calculated.as_deref().unwrap_or("another value"))]
    ChecksumMismatch {
        /// Bucket of the object.
        bucket: String,
        /// Key of the object.
        key: String,
        /// The checksum algorithm, e.g. `CRC32`.
        algorithm: String,
        /// The stored value (base64; `-N` for a composite checksum over N parts).
        expected: String,
        /// The value computed over the downloaded bytes (`None` when the CRT found the mismatch: it
        /// does not report the value it computed).
        calculated: Option<String>,
    },
    /// A bandwidth-limiter request exceeded what is available (internal to bandwidth limiting).
    #[error("Request amount {requested_amt} exceeded the amount available. Retry in {retry_time}")]
    RequestExceeded {
        /// Bytes asked for.
        requested_amt: u64,
        /// Seconds until the request can be retried.
        retry_time: f64,
    },
    /// S3 answered with an error.
    #[error("{operation} failed: {}", service_text(*status, code.as_deref(), message.as_deref(), request_id.as_deref()))]
    Service {
        /// The S3 operation, e.g. `"GetObject"`.
        operation: String,
        /// HTTP status, when a response arrived.
        status: Option<u16>,
        /// The S3 error code, e.g. `"NoSuchKey"`.
        code: Option<String>,
        /// The S3 error message.
        message: Option<String>,
        /// The `x-amz-request-id` of the response.
        request_id: Option<String>,
    },
    /// A transport failure: connection reset/refused, timeout, a body that ended early.
    /// These are the errors a download retries (s3transfer's `S3_RETRYABLE_DOWNLOAD_ERRORS`).
    #[error("{operation}: network error: {message}")]
    Network {
        /// The S3 operation (or `"GetObject body"` for a failure while streaming a body).
        operation: String,
        /// Description of the failure.
        message: String,
    },
    /// An error from the AWS Common Runtime.
    #[error("CRT error {code} ({name}): {message}")]
    Crt {
        /// `aws_last_error` code.
        code: i32,
        /// Symbolic name, e.g. `AWS_ERROR_S3_INVALID_RESPONSE_STATUS`.
        name: String,
        /// Human-readable message.
        message: String,
    },
    /// A local I/O error (missing source file, unwritable destination, ...).
    #[error("I/O error{}: {message}", path.as_ref().map(|p| format!(" on {}", p.display())).unwrap_or_default())]
    Io {
        /// The file involved, when known.
        path: Option<PathBuf>,
        /// The kind of the `std::io::Error`.
        kind: std::io::ErrorKind,
        /// The error text.
        message: String,
    },
    /// Bad input: an extra arg that is not allowed, a bad config value, an unsupported bucket, ...
    #[error("{message}")]
    InvalidArgument {
        /// What is wrong, naming the offending field or key.
        message: String,
    },
    /// [`crate::TransferFuture::result_timeout`] elapsed; the transfer keeps running.
    #[error("timed out waiting for the transfer to finish")]
    Timeout,
}

fn service_text(status: Option<u16>, code: Option<&str>, message: Option<&str>, request_id: Option<&str>) -> String {
    let mut s = String::new();
    if let Some(code) = code {
        s.push_str(code);
    } else {
        s.push_str("service error");
    }
    if let Some(status) = status {
        s.push_str(&format!(" (HTTP {status})"));
    }
    if let Some(m) = message {
        s.push_str(": ");
        s.push_str(m);
    }
    if let Some(r) = request_id {
        s.push_str(&format!(" [request id {r}]"));
    }
    s
}

impl TransferError {
    /// An [`TransferError::InvalidArgument`] with this message.
    pub fn invalid(message: impl Into<String>) -> Self {
        TransferError::InvalidArgument { message: message.into() }
    }

    /// A [`TransferError::Cancelled`] with this message.
    pub fn cancelled(message: impl Into<String>) -> Self {
        TransferError::Cancelled { message: message.into() }
    }

    /// An [`TransferError::Io`] from a `std::io::Error`, naming the file if given.
    pub fn io(err: &std::io::Error, path: Option<&std::path::Path>) -> Self {
        TransferError::Io { path: path.map(|p| p.to_path_buf()), kind: err.kind(), message: err.to_string() }
    }

    /// True for [`TransferError::Cancelled`] and [`TransferError::Fatal`] (a `FatalError` is a
    /// `CancelledError` in s3transfer).
    pub fn is_cancelled(&self) -> bool {
        matches!(self, TransferError::Cancelled { .. } | TransferError::Fatal { .. })
    }

    /// The wrapped cause, for the wrapping variants.
    pub fn cause(&self) -> Option<&TransferError> {
        match self {
            TransferError::S3UploadFailed { cause, .. }
            | TransferError::S3DownloadFailed { cause, .. }
            | TransferError::S3CopyFailed { cause, .. } => Some(cause),
            TransferError::RetriesExceeded { last } => Some(last),
            _ => None,
        }
    }

    fn innermost_service(&self) -> Option<&TransferError> {
        match self {
            TransferError::Service { .. } => Some(self),
            other => other.cause().and_then(|c| c.innermost_service()),
        }
    }

    /// The HTTP status of the S3 error response, looking through wrappers.
    pub fn http_status(&self) -> Option<u16> {
        match self.innermost_service()? {
            TransferError::Service { status, .. } => *status,
            _ => None,
        }
    }

    /// The S3 error code (e.g. `"NoSuchKey"`), looking through wrappers.
    pub fn s3_code(&self) -> Option<&str> {
        match self.innermost_service()? {
            TransferError::Service { code, .. } => code.as_deref(),
            _ => None,
        }
    }

    /// The request id of the failed S3 request, looking through wrappers.
    pub fn request_id(&self) -> Option<&str> {
        match self.innermost_service()? {
            TransferError::Service { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// True if this is a transport/streaming error that a download retries
    /// ([`TransferError::Network`]).
    pub fn is_retryable_stream_error(&self) -> bool {
        matches!(self, TransferError::Network { .. })
    }
}

/// Displays an error with its `source()` chain.
pub(crate) struct DisplayChain<'a>(pub &'a (dyn std::error::Error + 'static));

impl std::fmt::Display for DisplayChain<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)?;
        let mut src = self.0.source();
        while let Some(s) = src {
            write!(f, ": {s}")?;
            src = s.source();
        }
        Ok(())
    }
}

impl From<std::io::Error> for TransferError {
    fn from(err: std::io::Error) -> Self {
        TransferError::io(&err, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accessors_look_through_wrappers() {
        let svc = TransferError::Service {
            operation: "GetObject".into(),
            status: Some(412),
            code: Some("PreconditionFailed".into()),
            message: None,
            request_id: Some("abc".into()),
        };
        let wrapped = TransferError::RetriesExceeded {
            last: Box::new(TransferError::S3DownloadFailed { bucket: "b".into(), key: "k".into(), cause: Box::new(svc) }),
        };
        assert_eq!(wrapped.http_status(), Some(412));
        assert_eq!(wrapped.s3_code(), Some("PreconditionFailed"));
        assert_eq!(wrapped.request_id(), Some("abc"));
        assert!(!wrapped.is_cancelled());
        assert!(TransferError::Fatal { message: "x".into() }.is_cancelled());
        assert!(TransferError::cancelled("").is_cancelled());
        assert_eq!(TransferError::cancelled("").to_string(), "transfer cancelled");
    }
}
