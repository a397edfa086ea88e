//! The outcome of a meta-request: its output, or why it failed.

use std::fmt;

use super::super::common::CrtError;
use super::Headers;

// ---------------------------------------------------------------------------------------------

/// A successful meta-request.
#[derive(Clone, Debug, Default)]
pub struct MetaRequestOutput {
    /// HTTP status of the (final) response.
    pub status: u16,
    /// Response headers (for GetObject: of the first part, with the object's metadata).
    pub headers: Headers,
    /// The body, when [`MetaRequestOptions::collect_body`](super::MetaRequestOptions::collect_body) was asked for.
    pub body: Vec<u8>,
    /// Whether every downloaded byte was checked against a server-provided checksum.
    pub checksum_validated: bool,
}

/// An error answer: its status, headers and body as received (this layer does not read the body).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorResponse {
    /// HTTP status.
    pub status: u16,
    /// Response headers.
    pub headers: Headers,
    /// The body, when the answer had one.
    pub body: Option<Vec<u8>>,
    /// The operation that failed (`UploadPart`, `HeadObject`, ...), as the CRT reports it.
    pub operation: Option<String>,
}

impl ErrorResponse {
    /// The `x-amz-request-id` header.
    pub fn request_id(&self) -> Option<&str> {
        self.headers.get("x-amz-request-id")
    }
}

impl fmt::Display for ErrorResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(op) = &self.operation {
            write!(f, " (operation {op})")?;
        }
        if let Some(id) = self.request_id() {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

/// Why a meta-request failed.
#[derive(Clone, Debug, thiserror::Error)]
pub enum S3RequestError {
    /// S3 answered with an error status.
    #[error("error answer: {0}")]
    Service(ErrorResponse),
    /// The CRT failed (network, checksum mismatch, file I/O, ...).
    #[error("CRT error: {0}")]
    Crt(CrtError),
    /// The request was cancelled.
    #[error("request cancelled")]
    Cancelled,
    /// A user callback panicked; the request was cancelled.
    #[error("a callback panicked: {0}")]
    CallbackPanicked(String),
    /// A body callback returned an error; the request was cancelled.
    #[error("body callback failed: {0}")]
    Callback(String),
    /// The request could not be built.
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
}

impl From<CrtError> for S3RequestError {
    fn from(e: CrtError) -> Self {
        Self::Crt(e)
    }
}

impl S3RequestError {
    /// True if the request ended because it was cancelled.
    pub fn is_cancelled(&self) -> bool {
        matches!(self, Self::Cancelled)
    }

    /// HTTP status of a service error.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Self::Service(s) => Some(s.status),
            _ => None,
        }
    }

    /// Request id of an error answer.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Service(s) => s.request_id(),
            _ => None,
        }
    }

    /// The CRT error, if that is what this is.
    pub fn crt_error(&self) -> Option<&CrtError> {
        match self {
            Self::Crt(e) => Some(e),
            _ => None,
        }
    }
}
