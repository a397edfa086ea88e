//! Safe wrappers over the AWS Common Runtime (aws-c-s3 and the libraries below it).
//!
//! This is the only module (with `capi`) allowed to use `unsafe`. Every CRT object is a Rust value
//! holding a `NonNull` to it: reference-counted objects acquire in `Clone` and release in `Drop`, and a
//! child keeps its parents alive. Callback state handed to C is boxed, leaked once and reclaimed once
//! (see the `s3` module); every callback body runs inside `catch_unwind`.
//!
//! ```no_run
//! use s3transfer::crt::auth::{Credentials, CredentialsProvider};
//! use s3transfer::crt::s3::{MetaRequestOptions, RequestBody, S3Client, S3ClientConfig};
//! use std::time::Duration;
//!
//! let creds = CredentialsProvider::new_static(&Credentials::new("AKID", "SECRET"))?;
//! let client = S3Client::new(S3ClientConfig::new("us-east-1", "http://127.0.0.1:9000", creds))?;
//! let put = client.send(MetaRequestOptions::put_object("/bucket/key", RequestBody::File("data.bin".into())))?;
//! let output = put.wait_timeout(Duration::from_secs(60)).expect("finished in time")?;
//! println!("uploaded, HTTP {}", output.status);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(unsafe_op_in_unsafe_fn, clippy::undocumented_unsafe_blocks)]

pub mod sys;

mod alloc;
pub mod async_stream;
pub mod auth;
mod common;
mod crc;
pub mod io;
mod logging;
pub mod s3;
mod stream;

pub use alloc::Allocator;
pub use common::{init, init_with_tracking_allocator, CrtError, Library};
pub use s3::live_callback_states;
