//! s3transfer: the Amazon S3 transfer manager for Rust and C.
//!
//! [`TransferManager`] uploads, downloads, copies and deletes objects the way Python's s3transfer
//! does for boto3: multipart uploads, ranged parallel downloads, futures with metadata
//! ([`TransferFuture`], [`TransferMeta`], [`TransferCoordinator`]), progress [`Subscriber`]s,
//! cancellation, bandwidth limits and retries, configured by one [`TransferConfig`] and failing with
//! one [`TransferError`]. Each transfer runs on one of two [`Engine`]s: the AWS Common Runtime
//! (aws-c-s3, built from the vendored C sources with the `crt` feature) or a pure-Rust engine over
//! `aws-sdk-s3` ("classic"); `Engine::Auto` picks per transfer.
//!
//! ```no_run
//! use std::path::Path;
//! use s3transfer::{TransferConfig, TransferManager};
//!
//! # async fn demo(client: aws_sdk_s3::Client) -> s3transfer::Result<()> {
//! let tm = TransferManager::new(client, TransferConfig::default())?;
//! tm.upload(Path::new("big.bin"), "my-bucket", "big.bin").await?;
//! let fut = tm.download("my-bucket", "big.bin", Path::new("copy.bin")).start()?;
//! fut.await?;
//! # Ok(()) }
//! ```
//!
//! Where to look:
//! * [`TransferManager`] and its request builders ([`manager`]), directory transfers
//!   ([`TransferManager::upload_directory`]);
//! * [`TransferConfig`] and [`Engine`] ([`config`]); what each engine does with each option is in
//!   `docs/engines.md`;
//! * the futures ([`future`]), [`Subscriber`] ([`subscriber`]), [`TransferError`] ([`error`]),
//!   [`ExtraArgs`] and the allow-lists ([`args`]), bandwidth limiting ([`bandwidth`]);
//! * s3transfer's other surfaces: the legacy `S3Transfer` ([`compat::legacy`]), the
//!   `ProcessPoolDownloader` ([`compat::processpool`]) and `s3transfer.utils` ([`compat::utils`]).
//!
//! The C API is declared in `include/s3transfer.h`; the layers of the crate are described in
//! `docs/architecture.md`.
//!
//! # Where this differs from Python s3transfer
//!
//! Upstream's known bugs are fixed where they lose data or hang, reproduced where callers may rely
//! on them; the module docs say which:
//!
//! | Upstream behaviour | Here |
//! |---|---|
//! | `shutdown(cancel=True)` raises `TypeError` | fixed: cancels with `Cancelled { message }` ([`manager`]) |
//! | shutdown wait stops at the first failure | fixed: waits for all ([`manager`]) |
//! | a retried single GET to a non-seekable target writes its prefix twice | fixed: every non-seekable write goes through the `DeferQueue` |
//! | a small seekable upload closes the caller's stream | not reproduced: the stream is owned and dropped after every upload |
//! | seekable download targets ignore their current position | reproduced |
//! | a provided size alone does not skip HeadObject | reproduced |
//! | unsynchronised transfer ids | fixed: atomic counter |
//! | a submit after shutdown leaves an orphan | fixed: rejected synchronously with [`TransferError::QueueShutdown`] |
//! | `SlidingWindowSemaphore` wakes one waiter per release | fixed: every freed slot wakes waiters |
//! | `DeferQueue` stalls on misaligned retried chunks | hardened |
//! | short stream reads make short parts | fixed: parts are filled to size or EOF |
//! | unknown-size streams get no max-parts protection | reproduced |
//! | `BandwidthLimitedStream` counts requested bytes | fixed: bytes returned are counted ([`bandwidth`]) |
//!
//! `TransferConfig::max_bandwidth` is a hard cap on the sum of a manager's transfers on **both**
//! engines. A panicking subscriber fails its transfer with [`TransferError::Fatal`]; cancellation
//! drops in-flight requests at once (except those the server carries out anyway, which are awaited
//! before the abort); `upload()`/`download()` never block the caller on the submission queue.
//!
//! # Checksums of downloads
//!
//! With the `ChecksumMode=ENABLED` extra arg, a download is checked end to end on both engines. A
//! single GET is checked by whoever reads the response; a ranged download (which S3 sends without
//! checksums, and which Python s3transfer and the CRT leave unchecked) is checked as a whole file
//! before it is renamed into place: against the object's full-object checksum, or against its
//! composite checksum (`<value>-<parts>`) recomputed from the part layout S3 reports. A mismatch fails
//! with [`TransferError::ChecksumMismatch`] and the destination is not written.
#![deny(unsafe_code)]
#![warn(missing_docs)]

// The layers, top to bottom (docs/architecture.md; `layering` checks them).
#[allow(unsafe_code)]
mod capi;
pub mod compat;
pub mod manager;
mod engine;
mod runtime;
pub mod bandwidth;
pub mod future;
pub mod subscriber;
pub mod transfer;
mod fs;
mod s3;
pub mod args;
pub mod config;
pub mod error;
/// The AWS Common Runtime's FFI layer: committed raw bindings and safe wrappers (feature `crt`).
/// Internal: the engines' and tests' access to the CRT, not a supported API.
#[cfg(feature = "crt")]
#[allow(unsafe_code)]
#[doc(hidden)]
pub mod crt;

#[cfg(test)]
mod layering;

pub use args::ExtraArgs;
pub use config::{ChecksumAlgorithm, ChecksumCalculation, Engine, TransferConfig, TransferConfigBuilder};
pub use error::{Result, TransferError};
pub use future::{TransferCoordinator, TransferFuture, TransferMeta, TransferStatus};
pub use manager::{DirectoryReport, FailedFile, TransferManager, TransferredFile};
pub use subscriber::Subscriber;
pub use transfer::{CopySource, DownloadTarget, UploadSource};

/// The README's examples compile as doctests, so the front page cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
