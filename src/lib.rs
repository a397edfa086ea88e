//! s3transfer: the Amazon S3 transfer manager for Rust and C.
#![deny(unsafe_code)]
