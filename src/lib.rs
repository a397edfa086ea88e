//! s3transfer: the Amazon S3 transfer manager for Rust and C.
#![deny(unsafe_code)]

/// The AWS Common Runtime engine's FFI layer: raw bindings and safe wrappers (feature `crt`).
#[cfg(feature = "crt")]
#[allow(unsafe_code)]
pub mod crt;
