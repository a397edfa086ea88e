//! The aws-c-s3 client and its meta-requests.
//!
//! A meta-request is one logical operation that the CRT may split into many HTTP requests (multipart
//! upload, ranged parallel download, multipart copy). Its Rust-side state (callbacks, everything the
//! C options point into, the result slot) lives in one boxed state that is leaked exactly once when
//! the meta-request is created and reclaimed exactly once in the CRT's shutdown callback (the last
//! callback the CRT makes for that meta-request) or at once if creation fails.
//! [`live_callback_states`] counts the boxes alive, so tests can prove none leak.
//!
//! Every callback body runs inside `catch_unwind`; a panic in user code cancels the meta-request and
//! is reported as [`S3RequestError::CallbackPanicked`], never unwinding into C.

mod client;
mod error;
mod options;
mod request;

pub use client::{S3Client, S3ClientConfig};
pub use error::{ErrorResponse, MetaRequestOutput, S3RequestError};
pub use options::{ChecksumMode, Headers, MetaRequestKind, MetaRequestOptions, Progress, RequestBody, RequestMetrics};
pub use request::{live_callback_states, MetaRequest, MetaRequestFuture};

#[cfg(test)]
mod tests {
    use super::super::common::{CrtError, S3_CANCELED};

    #[test]
    fn unknown_crt_error_codes_still_have_a_name() {
        let e = CrtError::from_code(987_654);
        assert_eq!(e.code, 987_654);
        assert!(!e.name.is_empty() && !e.message.is_empty(), "{e:?}");
        assert!(CrtError::from_code(S3_CANCELED).is_cancelled());
    }
}
